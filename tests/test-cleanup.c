/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cleanup.c: retention removes old free-plan assets here and in the cloud, and keeps what it should */

#include "config.h"

#include <glib/gstdio.h>

#include "debrief-call-finish.h"
#include "debrief-cleanup.h"
#include "debrief-test-fixture.h"
#include "debrief-test-s3rver.h"

#define NOW 1763700000000000

typedef struct
{
  DebriefTestS3rver *server;
  DebriefS3Client   *client;
  DebriefStore      *store;
  DebriefUploadQueue *queue;
  char              *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  DebriefS3Config config = { .region = (char *) "us-east-1", .bucket = (char *) "calls", .path_style = TRUE,
                             .access_key = (char *) "S3RVER", .secret_key = (char *) "S3RVER" };

  f->server = debrief_test_s3rver_start ("calls");
  config.endpoint = f->server->endpoint;
  f->client = debrief_s3_client_new (&config, NULL);
  f->dir = debrief_test_make_data_dir ();
  db = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (db, NULL, NULL);
  f->queue = debrief_upload_queue_new (f->store, f->client);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->queue);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->client);
  debrief_test_s3rver_stop (f->server);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

/* A call that ended @days_ago, with a recording on disk and its copy in the cloud. */
static DebriefCall *
add_call (Fixture    *f,
          const char *title,
          int         days_ago)
{
  DebriefCall *call = debrief_call_new ();
  g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();
  g_autofree char *dir = NULL;

  call->id = g_uuid_string_random ();
  call->title = g_strdup (title);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->ended_at = NOW - (gint64) days_ago * G_TIME_SPAN_DAY;
  call->started_at = call->ended_at - 600 * G_USEC_PER_SEC;
  call->duration_seconds = 600;
  dir = debrief_call_get_dir (call, f->dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  call->recording_path = g_build_filename (dir, "recording.ogg", NULL);
  g_assert_true (g_file_set_contents (call->recording_path, "OggS fake audio", -1, NULL));
  g_assert_true (debrief_store_save_call (f->store, call, NULL));

  upload->call_id = g_strdup (call->id);
  upload->local_path = g_strdup (call->recording_path);
  upload->storage_path = g_strdup_printf ("%s/calls/%s/recording.ogg", call->user_id, call->id);
  upload->backend = DEBRIEF_STORAGE_BACKEND_S3;
  upload->upload_status = DEBRIEF_UPLOAD_STATUS_COMPLETED;
  g_assert_true (debrief_store_save_file_upload (f->store, upload, NULL));
  g_assert_true (debrief_s3_client_put_file (f->client, upload->storage_path, call->recording_path, "audio/ogg",
                                             NULL, NULL, NULL, NULL, NULL, NULL));

  return call;
}

static gboolean
in_cloud (Fixture           *f,
          const DebriefCall *call)
{
  g_autofree char *key = g_strdup_printf ("%s/calls/%s/recording.ogg", call->user_id, call->id);
  g_autoptr(DebriefS3Object) object = debrief_s3_client_head (f->client, key, NULL, NULL);

  return object != NULL;
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DebriefCall) old = add_call (f, "Old discovery call", 8);
  g_autoptr(DebriefCall) recent = add_call (f, "Recent call", 1);
  g_autoptr(DebriefCall) failed = debrief_call_new ();
  g_autoptr(DebriefCall) after = NULL;
  g_autoptr(GPtrArray) preview = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  DebriefCleanupOptions options = { .data_dir = f->dir, .free_plan = TRUE, .retention_days = 7, .now = NOW,
                                    .dry_run = TRUE };

  /* A call that failed before recording anything, two days ago. */
  failed->status = DEBRIEF_CALL_STATUS_ERROR;
  failed->end_reason = DEBRIEF_END_REASON_ERROR;
  failed->ended_at = NOW - 2 * G_TIME_SPAN_DAY;
  failed->started_at = failed->ended_at;
  g_assert_true (debrief_store_save_call (f->store, failed, NULL));

  /* A dry run says what it would do and does nothing. */
  preview = debrief_cleanup_run (f->store, f->queue, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->len, ==, 3);
  g_assert_true (g_file_test (old->recording_path, G_FILE_TEST_EXISTS));
  g_assert_true (in_cloud (f, old));

  options.dry_run = FALSE;
  report = debrief_cleanup_run (f->store, f->queue, &options, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->len; i++)
    g_test_message ("%s", (const char *) report->pdata[i]);
  g_assert_cmpuint (report->len, ==, 3);

  /* The old call's audio is gone here and in the cloud; its row and notes stay. */
  g_assert_false (g_file_test (old->recording_path, G_FILE_TEST_EXISTS));
  g_assert_false (in_cloud (f, old));
  after = debrief_store_get_call (f->store, old->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->title, ==, "Old discovery call");
  g_assert_null (after->recording_path);
  uploads = debrief_store_list_file_uploads_for_call (f->store, old->id, NULL);
  g_assert_cmpuint (uploads->len, ==, 0);

  /* The recent one is untouched; the failed empty call is gone. */
  g_assert_true (g_file_test (recent->recording_path, G_FILE_TEST_EXISTS));
  g_assert_true (in_cloud (f, recent));
  g_assert_null (debrief_store_get_call (f->store, failed->id, NULL));

  /* Nothing left to do. */
  g_clear_pointer (&report, g_ptr_array_unref);
  report = debrief_cleanup_run (f->store, f->queue, &options, NULL, &error);
  g_assert_cmpuint (report->len, ==, 0);
}

static void
test_pro_plan_keeps_everything (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DebriefCall) old = add_call (f, "Year-old call", 365);
  g_autoptr(GPtrArray) report = NULL;
  DebriefCleanupOptions options = { .data_dir = f->dir, .free_plan = FALSE, .retention_days = 7, .now = NOW };

  report = debrief_cleanup_run (f->store, f->queue, &options, NULL, NULL);
  g_assert_cmpuint (report->len, ==, 0);
  g_assert_true (g_file_test (old->recording_path, G_FILE_TEST_EXISTS));
  g_assert_true (in_cloud (f, old));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cleanup/retention", Fixture, NULL, fixture_set_up, test_retention, fixture_tear_down);
  g_test_add ("/cleanup/pro-plan", Fixture, NULL, fixture_set_up, test_pro_plan_keeps_everything,
              fixture_tear_down);

  return g_test_run ();
}
