/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cleanup.c: deletion for good and retention remove calls' files here and in the cloud, and keep what they should */

#include "config.h"

#include <glib/gstdio.h>

#include "debrief-call-finish.h"
#include "debrief-cleanup.h"
#include "debrief-test-fake-supabase.h"
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

/* A cloud call as the app makes one: a recording and a coach's audio chunk
 * in its folder, finished (archive written, files queued) and uploaded. */
static DebriefCall *
add_uploaded_call (Fixture               *f,
                   DebriefUploadQueue    *queue,
                   DebriefStorageBackend  backend,
                   const char            *title)
{
  DebriefCall *call = debrief_call_new ();
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *chunks_dir = NULL;
  DebriefUploadSummary summary;

  call->id = g_uuid_string_random ();
  call->title = g_strdup (title);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->ended_at = NOW;
  call->started_at = NOW - 60 * G_USEC_PER_SEC;
  call->duration_seconds = 60;
  call->storage_backend = backend;
  dir = debrief_call_get_dir (call, f->dir);
  chunks_dir = g_build_filename (dir, "ai_chunks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (chunks_dir, 0700), ==, 0);
  call->recording_path = g_build_filename (dir, "recording.ogg", NULL);
  g_assert_true (g_file_set_contents (call->recording_path, "OggS fake audio", -1, NULL));
  g_assert_true (debrief_store_save_call (f->store, call, &error));

  chunk->call_id = g_strdup (call->id);
  chunk->speaker = DEBRIEF_SPEAKER_AGENT;
  chunk->ai_text_response = g_strdup ("Let us go over the objections.");
  chunk->ai_audio_path = g_build_filename (chunks_dir, "001.ogg", NULL);
  g_assert_true (g_file_set_contents (chunk->ai_audio_path, "OggS coach", -1, NULL));
  g_assert_true (debrief_store_save_chunk (f->store, chunk, &error));

  g_assert_true (debrief_call_finish (f->store, call, f->dir, &error));
  g_assert_no_error (error);
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.failed, ==, 0);

  return call;
}

static guint
count_objects (Fixture           *f,
               const DebriefCall *call)
{
  g_autofree char *prefix = g_strdup_printf ("%s/calls/%s/", call->user_id, call->id);
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;

  objects = debrief_s3_client_list (f->client, prefix, NULL, &error);
  g_assert_no_error (error);
  return objects->len;
}

static guint
count_uploads (Fixture           *f,
               const DebriefCall *call)
{
  g_autoptr(GPtrArray) uploads = debrief_store_list_file_uploads_for_call (f->store, call->id, NULL);

  return uploads != NULL ? uploads->len : 0;
}

static gboolean
is_hidden (Fixture           *f,
           const DebriefCall *call)
{
  g_autoptr(GPtrArray) hidden = debrief_store_list_deleted_calls (f->store, NULL);

  for (guint i = 0; hidden != NULL && i < hidden->len; i++)
    if (g_str_equal (((DebriefCall *) g_ptr_array_index (hidden, i))->id, call->id))
      return TRUE;

  return FALSE;
}

/* Hidden with its rows and its files: nothing lost, the next pass can finish. */
static void
assert_kept_hidden (Fixture           *f,
                    const DebriefCall *call,
                    guint              n_uploads)
{
  g_autoptr(DebriefCall) stored = debrief_store_get_call (f->store, call->id, NULL);
  g_autoptr(GPtrArray) chunks = debrief_store_list_chunks (f->store, call->id, NULL);

  g_assert_nonnull (stored);
  g_assert_true (is_hidden (f, call));
  g_assert_cmpuint (chunks->len, ==, 1);
  g_assert_cmpuint (count_uploads (f, call), ==, n_uploads);
  g_assert_true (g_file_test (call->recording_path, G_FILE_TEST_IS_REGULAR));
}

static void
assert_gone (Fixture           *f,
             const DebriefCall *call)
{
  g_autofree char *dir = debrief_call_get_dir (call, f->dir);
  g_autoptr(GPtrArray) chunks = debrief_store_list_chunks (f->store, call->id, NULL);

  g_assert_null (debrief_store_get_call (f->store, call->id, NULL));
  g_assert_cmpuint (chunks->len, ==, 0);
  g_assert_cmpuint (count_uploads (f, call), ==, 0);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static DebriefS3Client *
unreachable_client (void)
{
  /* Port 9 on loopback: nobody listens there. */
  DebriefS3Config config = { .endpoint = (char *) "http://127.0.0.1:9", .region = (char *) "us-east-1",
                             .bucket = (char *) "calls", .path_style = TRUE, .access_key = (char *) "S3RVER",
                             .secret_key = (char *) "S3RVER", .timeout_s = 2 };

  return debrief_s3_client_new (&config, NULL);
}

/* Deleting a call for good removes every cloud copy first, then its folder,
 * then its rows; offline, it stays hidden and whole until a later try. */
static void
test_delete_everywhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DebriefCall) call = add_uploaded_call (f, f->queue, DEBRIEF_STORAGE_BACKEND_S3, "Deleted call");
  g_autoptr(DebriefCall) other = add_uploaded_call (f, f->queue, DEBRIEF_STORAGE_BACKEND_S3, "Kept call");
  g_autoptr(DebriefS3Client) offline_client = unreachable_client ();
  g_autoptr(DebriefUploadQueue) offline = debrief_upload_queue_new (f->store, offline_client);
  g_autoptr(DebriefFileUpload) unverified = debrief_file_upload_new ();
  g_autoptr(DebriefFileUpload) unfinished = debrief_file_upload_new ();
  g_autoptr(GBytes) part = g_bytes_new_static ("first part", 10);
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (count_objects (f, call), ==, 3);
  g_assert_cmpuint (count_uploads (f, call), ==, 3);

  /* An upload the storage took but that failed its check: the object is there. */
  unverified->call_id = g_strdup (call->id);
  unverified->local_path = g_strdup (call->recording_path);
  unverified->storage_path = g_strdup_printf ("%s/calls/%s/unverified.ogg", call->user_id, call->id);
  unverified->backend = DEBRIEF_STORAGE_BACKEND_S3;
  unverified->upload_status = DEBRIEF_UPLOAD_STATUS_FAILED;
  unverified->attempts = 1;
  g_assert_true (debrief_s3_client_put_file (f->client, unverified->storage_path, call->recording_path, NULL,
                                             NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_true (debrief_store_save_file_upload (f->store, unverified, &error));

  /* And a multipart upload cut short after its first part. */
  unfinished->call_id = g_strdup (call->id);
  unfinished->local_path = g_strdup (call->recording_path);
  unfinished->storage_path = g_strdup_printf ("%s/calls/%s/long.ogg", call->user_id, call->id);
  unfinished->backend = DEBRIEF_STORAGE_BACKEND_S3;
  unfinished->upload_status = DEBRIEF_UPLOAD_STATUS_UPLOADING;
  unfinished->attempts = 1;
  unfinished->multipart_upload_id = debrief_s3_client_create_multipart (f->client, unfinished->storage_path, NULL,
                                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  etag = debrief_s3_client_upload_part (f->client, unfinished->storage_path, unfinished->multipart_upload_id, 1,
                                        part, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (debrief_store_save_file_upload (f->store, unfinished, &error));
  g_assert_cmpuint (count_objects (f, call), ==, 4);

  /* The library's delete hides the call at once; the undo is let go. */
  g_assert_true (debrief_store_set_call_deleted (f->store, call->id, TRUE, &error));

  /* Offline: nothing is lost, the call stays hidden with its rows and files. */
  g_assert_false (debrief_call_delete_everywhere (f->store, offline, call, f->dir, NULL, &error));
  g_assert_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NETWORK);
  g_test_message ("offline: %s", error->message);
  g_clear_error (&error);
  assert_kept_hidden (f, call, 5);
  g_assert_cmpuint (count_objects (f, call), ==, 4);

  /* Back online: every copy goes, then the folder, then the rows. */
  g_assert_true (debrief_call_delete_everywhere (f->store, f->queue, call, f->dir, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_objects (f, call), ==, 0);
  assert_gone (f, call);
  {
    g_autoptr(GPtrArray) hits = debrief_store_search (f->store, "objections", 10, NULL);

    g_assert_cmpuint (hits->len, ==, 1);
  }

  /* The other call is untouched; deleting a call already gone is done. */
  g_assert_cmpuint (count_objects (f, other), ==, 3);
  g_assert_cmpuint (count_uploads (f, other), ==, 3);
  g_assert_true (g_file_test (other->recording_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (is_hidden (f, other));
  g_assert_true (debrief_call_delete_everywhere (f->store, f->queue, call, f->dir, NULL, &error));
  g_assert_true (debrief_call_delete_for_good (f->store, NULL, call->id, f->dir, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  guint    deleted;
  gboolean done;
} AsyncResult;

static void
deleted_hidden_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AsyncResult *async = user_data;
  g_autoptr(GError) error = NULL;

  async->deleted = debrief_calls_delete_hidden_finish (DEBRIEF_STORE (object), result, &error);
  g_assert_no_error (error);
  async->done = TRUE;
}

static void
use_s3_storage (const char *backend,
                const char *endpoint)
{
  g_setenv ("DEBRIEF_STORAGE_BACKEND", backend, TRUE);
  g_setenv ("AWS_ENDPOINT_URL", endpoint, TRUE);
  g_setenv ("DEBRIEF_S3_BUCKET", "calls", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "S3RVER", TRUE);
}

/* At start-up, the calls left hidden go, with the storage the settings
 * choose; those whose copies cannot be removed yet wait for the next. */
static void
test_delete_hidden (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DebriefCall) call = add_uploaded_call (f, f->queue, DEBRIEF_STORAGE_BACKEND_S3, "Hidden call");
  g_autoptr(DebriefCall) local = debrief_call_new ();
  g_autoptr(DebriefCall) undoable = add_uploaded_call (f, f->queue, DEBRIEF_STORAGE_BACKEND_S3, "Undo offered");
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autofree char *local_dir = NULL;
  g_autoptr(GError) error = NULL;
  AsyncResult async = { 0 };

  /* A call kept on this computer only, hidden by a crash during its undo. */
  local->id = g_uuid_string_random ();
  local->status = DEBRIEF_CALL_STATUS_ENDED;
  local_dir = debrief_call_get_dir (local, f->dir);
  g_assert_cmpint (g_mkdir_with_parents (local_dir, 0700), ==, 0);
  g_assert_true (debrief_store_save_call (f->store, local, &error));
  g_assert_true (debrief_store_set_call_deleted (f->store, local->id, TRUE, &error));
  g_assert_true (debrief_store_set_call_deleted (f->store, call->id, TRUE, &error));

  /* Offline: the local call goes, the cloud one waits, hidden and whole. */
  use_s3_storage ("s3", "http://127.0.0.1:9");
  g_assert_cmpuint (debrief_calls_delete_hidden (f->store, settings, f->dir, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_null (debrief_store_get_call (f->store, local->id, NULL));
  g_assert_false (g_file_test (local_dir, G_FILE_TEST_EXISTS));
  assert_kept_hidden (f, call, 3);
  g_assert_cmpuint (count_objects (f, call), ==, 3);

  /* The storage's keys refused: the same. */
  use_s3_storage ("s3", f->server->endpoint);
  g_setenv ("AWS_ACCESS_KEY_ID", "", TRUE);
  g_assert_false (debrief_call_delete_for_good (f->store, settings, call->id, f->dir, NULL, &error));
  g_test_message ("no keys: %s", error->message);
  g_clear_error (&error);
  assert_kept_hidden (f, call, 3);

  /* Back: the next start removes it everywhere. A call hidden after the
   * pass began has its undo on offer and is left alone. */
  use_s3_storage ("s3", f->server->endpoint);
  debrief_calls_delete_hidden_async (f->store, settings, f->dir, NULL, deleted_hidden_cb, &async);
  g_assert_true (debrief_store_set_call_deleted (f->store, undoable->id, TRUE, &error));
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (async.deleted, ==, 1);
  g_assert_cmpuint (count_objects (f, call), ==, 0);
  assert_gone (f, call);
  g_assert_true (is_hidden (f, undoable));
  g_assert_cmpuint (count_objects (f, undoable), ==, 3);

  /* Recordings kept on this computer only now: as before, the call goes
   * and its copies in a storage no longer set up stay. */
  use_s3_storage ("local", "http://127.0.0.1:9");
  g_assert_true (debrief_call_delete_for_good (f->store, settings, undoable->id, f->dir, NULL, &error));
  g_assert_no_error (error);
  assert_gone (f, undoable);
  g_assert_cmpuint (count_objects (f, undoable), ==, 3);

  g_unsetenv ("DEBRIEF_STORAGE_BACKEND");
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("DEBRIEF_S3_BUCKET");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
}

static int
run_cli_delete (const char  *call_id,
                char       **err)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("DEBRIEF_CLI"), "calls", "delete", call_id, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (proc);
}

/* `debrief-cli calls delete ID`: the same, from the command line. */
static void
test_cli_delete (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DebriefCall) call = add_uploaded_call (f, f->queue, DEBRIEF_STORAGE_BACKEND_S3, "Deleted from a script");
  g_autofree char *err = NULL;

  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
  use_s3_storage ("s3", "http://127.0.0.1:9");
  g_assert_cmpint (run_cli_delete (call->id, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Cannot reach the storage"));
  g_assert_nonnull (strstr (err, "hidden"));
  assert_kept_hidden (f, call, 3);
  g_assert_cmpuint (count_objects (f, call), ==, 3);
  g_clear_pointer (&err, g_free);

  use_s3_storage ("s3", f->server->endpoint);
  g_assert_cmpint (run_cli_delete (call->id, &err), ==, 0);
  g_assert_cmpuint (count_objects (f, call), ==, 0);
  assert_gone (f, call);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli_delete (call->id, &err), ==, 1);
  g_assert_nonnull (strstr (err, "No call with id"));

  g_unsetenv ("DEBRIEF_DATA_DIR");
  g_unsetenv ("DEBRIEF_STORAGE_BACKEND");
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("DEBRIEF_S3_BUCKET");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
}

static guint
count_supabase_objects (FakeSupabase      *fake,
                        const DebriefCall *call)
{
  g_autofree char *folder = g_strdup_printf ("recordings/%s/calls/%s/", FAKE_SUPABASE_USER_ID, call->id);
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, fake->objects);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, folder))
      n++;

  return n;
}

static DebriefSupabaseClient *
signed_in_client (FakeSupabase *fake)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefSupabaseClient) client = NULL;

  client = debrief_supabase_client_new (fake->url, FAKE_SUPABASE_ANON_KEY, "recordings", &error);
  g_assert_no_error (error);
  g_assert_true (debrief_supabase_client_sign_in (client, FAKE_SUPABASE_EMAIL, FAKE_SUPABASE_PASSWORD, NULL,
                                                  &error));
  g_assert_no_error (error);

  return g_steal_pointer (&client);
}

/* The same with Supabase Storage: signed out or offline it waits; signed
 * in, the objects under the user's folder go. */
static void
test_delete_supabase (Fixture       *f,
                      gconstpointer  data)
{
  FakeSupabase *fake = fake_supabase_new ();
  FakeSupabase *gone = fake_supabase_new ();
  g_autoptr(DebriefSupabaseClient) client = signed_in_client (fake);
  g_autoptr(DebriefSupabaseClient) unreachable = signed_in_client (gone);
  g_autoptr(DebriefSupabaseClient) signed_out = NULL;
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new_supabase (f->store, client);
  g_autoptr(DebriefUploadQueue) offline = debrief_upload_queue_new_supabase (f->store, unreachable);
  g_autoptr(DebriefUploadQueue) signed_out_queue = NULL;
  g_autoptr(DebriefCall) call = add_uploaded_call (f, queue, DEBRIEF_STORAGE_BACKEND_SUPABASE, "Supabase call");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (count_supabase_objects (fake, call), ==, 3);
  g_assert_cmpuint (fake_supabase_rows (fake, "calls"), ==, 1);
  g_assert_true (debrief_store_set_call_deleted (f->store, call->id, TRUE, &error));

  /* Signed out: kept. */
  signed_out = debrief_supabase_client_new (fake->url, FAKE_SUPABASE_ANON_KEY, "recordings", &error);
  signed_out_queue = debrief_upload_queue_new_supabase (f->store, signed_out);
  g_assert_false (debrief_call_delete_everywhere (f->store, signed_out_queue, call, f->dir, NULL, &error));
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  assert_kept_hidden (f, call, 3);

  /* Offline: kept. */
  fake_supabase_free (gone);
  g_assert_false (debrief_call_delete_everywhere (f->store, offline, call, f->dir, NULL, &error));
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NETWORK);
  g_clear_error (&error);
  assert_kept_hidden (f, call, 3);
  g_assert_cmpuint (count_supabase_objects (fake, call), ==, 3);

  g_assert_true (debrief_call_delete_everywhere (f->store, queue, call, f->dir, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_supabase_objects (fake, call), ==, 0);
  assert_gone (f, call);

  /* And the rows pushed for it are gone from the remote database. */
  g_assert_cmpuint (fake_supabase_rows (fake, "calls"), ==, 0);
  g_assert_cmpuint (fake_supabase_rows (fake, "call_chunks"), ==, 0);
  g_assert_cmpuint (fake_supabase_rows (fake, "file_uploads"), ==, 0);

  for (guint i = 0; i < fake->malformed->len; i++)
    g_printerr ("malformed request: %s\n", (char *) g_ptr_array_index (fake->malformed, i));
  g_assert_cmpuint (fake->malformed->len, ==, 0);
  g_clear_object (&queue);
  g_clear_object (&offline);
  g_clear_object (&signed_out_queue);
  fake_supabase_free (fake);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = debrief_test_make_data_dir ();
  int status;

  /* An empty keyring of its own: no keys but those a test sets. */
  debrief_test_use_file_keyring (keyring_dir);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cleanup/retention", Fixture, NULL, fixture_set_up, test_retention, fixture_tear_down);
  g_test_add ("/cleanup/pro-plan", Fixture, NULL, fixture_set_up, test_pro_plan_keeps_everything,
              fixture_tear_down);
  g_test_add ("/cleanup/delete-everywhere", Fixture, NULL, fixture_set_up, test_delete_everywhere,
              fixture_tear_down);
  g_test_add ("/cleanup/delete-hidden", Fixture, NULL, fixture_set_up, test_delete_hidden, fixture_tear_down);
  g_test_add ("/cleanup/delete-supabase", Fixture, NULL, fixture_set_up, test_delete_supabase, fixture_tear_down);
  g_test_add ("/cleanup/cli-delete", Fixture, NULL, fixture_set_up, test_cli_delete, fixture_tear_down);

  status = g_test_run ();

  debrief_test_remove_data_dir (keyring_dir);
  return status;
}
