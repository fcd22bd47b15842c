/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-upload-queue.c: the upload queue against s3rver: verified uploads, retries, resume, quotas */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "debrief-migrate.h"
#include "debrief-s3-client.h"
#include "debrief-store.h"
#include "debrief-sync-service.h"
#include "debrief-test-fixture.h"
#include "debrief-test-s3rver.h"
#include "debrief-upload-queue.h"

typedef struct
{
  DebriefTestS3rver *server;
  DebriefS3Client   *client;
  DebriefStore      *store;
  char              *dir;
  DebriefCall       *call;
} Fixture;

static DebriefS3Client *
make_client (const char *endpoint)
{
  DebriefS3Config config = {
    .endpoint = (char *) endpoint, .region = (char *) "us-east-1", .bucket = (char *) "calls",
    .path_style = TRUE, .access_key = (char *) "S3RVER", .secret_key = (char *) "S3RVER",
    .timeout_s = 2, /* so a stalled storage fails the test quickly */
  };

  return debrief_s3_client_new (&config, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;

  f->server = debrief_test_s3rver_start ("calls");
  f->client = make_client (f->server->endpoint);
  f->dir = debrief_test_make_data_dir ();
  db = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (db, NULL, NULL);
  g_assert_nonnull (f->store);

  f->call = debrief_call_new ();
  f->call->title = g_strdup ("Uploaded call");
  f->call->status = DEBRIEF_CALL_STATUS_ENDED;
  f->call->storage_backend = DEBRIEF_STORAGE_BACKEND_S3;
  g_assert_true (debrief_store_save_call (f->store, f->call, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  debrief_call_free (f->call);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->client);
  debrief_test_s3rver_stop (f->server);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

static GBytes *
write_file (const char *path,
            gsize       length)
{
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) (i * 13 + i / 1021);
  g_assert_true (g_file_set_contents (path, (const char *) data, length, NULL));

  return g_bytes_new_take (data, length);
}

static DebriefFileUpload *
queue_file (Fixture    *f,
            const char *name,
            gsize       length,
            GBytes    **contents)
{
  g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();
  g_autoptr(GBytes) data = NULL;

  upload->call_id = g_strdup (f->call->id);
  upload->kind = DEBRIEF_UPLOAD_KIND_RECORDING;
  upload->local_path = g_build_filename (f->dir, name, NULL);
  upload->storage_path = g_strdup_printf ("%s/calls/%s/%s", f->call->user_id, f->call->id, name);
  upload->backend = DEBRIEF_STORAGE_BACKEND_S3;
  upload->content_type = g_strdup ("audio/ogg");
  data = write_file (upload->local_path, length);
  upload->size_bytes = length;
  g_assert_true (debrief_store_save_file_upload (f->store, upload, NULL));

  if (contents != NULL)
    *contents = g_steal_pointer (&data);
  return g_steal_pointer (&upload);
}

static DebriefFileUpload *
reload (Fixture           *f,
        DebriefFileUpload *upload)
{
  return debrief_store_get_file_upload (f->store, upload->id, NULL);
}

static void
test_uploads_are_verified_and_done_once (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new (f->store, f->client);
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "recording.ogg", 300 * 1024, &contents);
  g_autoptr(DebriefFileUpload) done = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(DebriefProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;

  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.completed, ==, 1);
  g_assert_cmpuint (summary.failed, ==, 0);

  done = reload (f, upload);
  g_assert_cmpint (done->upload_status, ==, DEBRIEF_UPLOAD_STATUS_COMPLETED);
  g_assert_cmpint (done->attempts, ==, 1);
  g_assert_nonnull (done->etag);
  stored = debrief_s3_client_get (f->client, upload->storage_path, -1, -1, NULL, &error);
  g_assert_true (g_bytes_equal (stored, contents));

  /* The bucket alone says what the object is. */
  {
    g_autoptr(DebriefS3Object) object = debrief_s3_client_head (f->client, upload->storage_path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (object->content_type, ==, "audio/ogg");
    g_assert_cmpstr (g_hash_table_lookup (object->metadata, "call-id"), ==, f->call->id);
    g_assert_cmpstr (g_hash_table_lookup (object->metadata, "user-id"), ==, f->call->user_id);
    g_assert_cmpstr (g_hash_table_lookup (object->metadata, "duration"), ==, "0");
    g_assert_cmpstr (g_hash_table_lookup (object->metadata, "whatsapp-compatible"), ==, "true");
  }

  /* Usage is counted for the quota. */
  profile = debrief_store_get_profile (f->store, f->call->user_id, NULL);
  g_assert_cmpfloat_with_epsilon (profile->storage_used_mb, 300 * 1024 / 1e6, 1e-9);

  /* Running again uploads nothing twice. */
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_cmpuint (summary.completed, ==, 0);
}

static void
test_failure_keeps_file_and_retries (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(DebriefS3Client) offline = make_client ("http://127.0.0.1:9");
  g_autoptr(DebriefUploadQueue) unreachable = debrief_upload_queue_new (f->store, offline);
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new (f->store, f->client);
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "archive.json", 2048, NULL);
  g_autoptr(DebriefFileUpload) failed = NULL;
  g_autoptr(DebriefFileUpload) done = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;
  gint64 before = g_get_real_time ();

  g_assert_true (debrief_upload_queue_run_once (unreachable, &summary, NULL, &error));
  g_assert_cmpuint (summary.failed, ==, 1);

  failed = reload (f, upload);
  g_assert_cmpint (failed->upload_status, ==, DEBRIEF_UPLOAD_STATUS_FAILED);
  g_assert_cmpint (failed->attempts, ==, 1);
  g_assert_nonnull (strstr (failed->last_error, "Cannot reach the storage"));
  g_assert_cmpint (failed->next_attempt_at, >=, before + 24 * G_USEC_PER_SEC);
  g_assert_true (g_file_test (upload->local_path, G_FILE_TEST_IS_REGULAR));

  /* Not before its time... */
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_cmpuint (summary.completed, ==, 0);

  /* ...then it goes up. */
  failed->next_attempt_at = g_get_real_time () - 1;
  g_assert_true (debrief_store_save_file_upload (f->store, failed, NULL));
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_cmpuint (summary.completed, ==, 1);
  done = reload (f, upload);
  g_assert_cmpint (done->upload_status, ==, DEBRIEF_UPLOAD_STATUS_COMPLETED);
  g_assert_cmpint (done->attempts, ==, 2);
  g_assert_null (done->last_error);
}

static void
test_multipart_resumes (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new (f->store, f->client);
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "long.ogg", 12 * 1024 * 1024 + 5, &contents);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(DebriefFileUpload) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  DebriefUploadSummary summary;

  debrief_upload_queue_set_part_size (queue, 5 * 1024 * 1024);

  /* A previous run got as far as the first part before the app quit. */
  upload->multipart_upload_id = debrief_s3_client_create_multipart (f->client, upload->storage_path, "audio/ogg",
                                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  first = g_bytes_new_from_bytes (contents, 0, 5 * 1024 * 1024);
  etag = debrief_s3_client_upload_part (f->client, upload->storage_path, upload->multipart_upload_id, 1, first,
                                        NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *escaped = g_strescape (etag, NULL);
    upload->multipart_parts_json = g_strdup_printf ("[\"%s\"]", escaped);
  }
  g_assert_true (debrief_store_save_file_upload (f->store, upload, &error));
  g_assert_no_error (error);

  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.completed, ==, 1);

  done = reload (f, upload);
  g_assert_cmpint (done->upload_status, ==, DEBRIEF_UPLOAD_STATUS_COMPLETED);
  g_assert_cmpstr (done->multipart_upload_id, ==, upload->multipart_upload_id);
  stored = debrief_s3_client_get (f->client, upload->storage_path, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, contents));

  /* A multipart upload Debrief begins carries the metadata too. */
  {
    g_autoptr(DebriefFileUpload) fresh = queue_file (f, "longer.ogg", 11 * 1024 * 1024, NULL);
    g_autoptr(DebriefS3Object) object = NULL;

    g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
    g_assert_cmpuint (summary.completed, ==, 1);
    object = debrief_s3_client_head (f->client, fresh->storage_path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (g_hash_table_lookup (object->metadata, "call-id"), ==, f->call->id);
    g_assert_cmpstr (g_hash_table_lookup (object->metadata, "whatsapp-compatible"), ==, "true");
  }
}

static void
test_quotas (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new (f->store, f->client);
  g_autoptr(DebriefFileUpload) huge = queue_file (f, "huge.ogg", 16, NULL);
  g_autoptr(DebriefFileUpload) small = NULL;
  g_autoptr(DebriefFileUpload) refused = NULL;
  g_autoptr(DebriefFileUpload) over = NULL;
  g_autoptr(DebriefProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;

  /* 51 MB (sparse: no disk used) is over the per-file limit. */
  g_assert_cmpint (truncate (huge->local_path, 51 * 1000 * 1000), ==, 0);
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  refused = reload (f, huge);
  g_assert_cmpint (refused->upload_status, ==, DEBRIEF_UPLOAD_STATUS_FAILED);
  g_assert_nonnull (strstr (refused->last_error, "is 51 MB, over the limit of 50 MB per stored file"));

  /* A user near the quota: the message says the numbers. */
  profile = debrief_store_get_profile (f->store, f->call->user_id, NULL);
  profile->storage_used_mb = 480;
  g_assert_true (debrief_store_save_profile (f->store, profile, NULL));
  small = queue_file (f, "more.ogg", 16, NULL);
  g_assert_cmpint (truncate (small->local_path, 31 * 1000 * 1000), ==, 0);
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  over = reload (f, small);
  g_assert_cmpint (over->upload_status, ==, DEBRIEF_UPLOAD_STATUS_FAILED);
  g_assert_cmpstr (over->last_error, ==, "Storage quota exceeded: 480 of 500 MB used, file is 31 MB");
  g_assert_true (g_file_test (small->local_path, G_FILE_TEST_IS_REGULAR));
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_background_service (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "recording.ogg", 4096, NULL);
  g_autoptr(DebriefFileUpload) done = NULL;
  g_autoptr(DebriefSyncService) service = NULL;
  gboolean timed_out = FALSE;
  guint timeout;

  /* The app's way: preferences say S3, the keys come from the environment here. */
  g_settings_set_string (settings, "storage-backend", "s3");
  g_settings_set_string (settings, "storage-endpoint", f->server->endpoint);
  g_settings_set_string (settings, "storage-bucket", "calls");
  g_setenv ("AWS_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "S3RVER", TRUE);

  service = debrief_sync_service_new (f->store, settings);
  timeout = g_timeout_add_seconds (20, timeout_cb, &timed_out);
  while (!timed_out)
    {
      g_clear_pointer (&done, debrief_file_upload_free);
      done = reload (f, upload);
      if (done->upload_status == DEBRIEF_UPLOAD_STATUS_COMPLETED && !debrief_sync_service_get_busy (service))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (timed_out);
  g_source_remove (timeout);
  g_assert_cmpuint (debrief_sync_service_get_pending (service), ==, 0);
  g_assert_null (debrief_sync_service_get_last_error (service));

  g_settings_reset (settings, "storage-backend");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");

  /* The worker thread lets go of its task a moment after the last round. */
  for (int i = 0; i < 5000 && g_atomic_int_get (&G_OBJECT (service)->ref_count) > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (g_steal_pointer (&service));
}

/* A storage that answers every request with one fault. */
typedef struct
{
  guint       status;
  const char *code;
  guint       requests;
} Fault;

static void
fault_cb (SoupServer        *server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fault *fault = user_data;
  g_autofree char *body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                           "<Error><Code>%s</Code><Message>Injected %s</Message></Error>",
                                           fault->code, fault->code);

  fault->requests++;
  soup_server_message_set_status (message, fault->status, NULL);
  soup_server_message_set_response (message, "application/xml", SOUP_MEMORY_COPY, body, strlen (body));
}

/* Connections are accepted and then left hanging: nothing is read or answered. */
static gboolean
stall_cb (GSocketService    *service,
          GSocketConnection *connection,
          GObject           *source,
          gpointer           user_data)
{
  g_ptr_array_add (user_data, g_object_ref (connection));
  return TRUE;
}

/* Connections are accepted and closed at once. */
static gboolean
reset_cb (GSocketService    *service,
          GSocketConnection *connection,
          GObject           *source,
          gpointer           user_data)
{
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

typedef struct
{
  DebriefUploadQueue   *queue;
  DebriefUploadSummary  summary;
  gboolean              done;
} QueueRun;

static gpointer
run_queue_thread (gpointer data)
{
  QueueRun *run = data;

  g_assert_true (debrief_upload_queue_run_once (run->queue, &run->summary, NULL, NULL));
  g_atomic_int_set (&run->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Runs the queue in a thread while this one serves the faulty storage. */
static DebriefUploadSummary
run_against (Fixture    *f,
             const char *endpoint)
{
  g_autoptr(DebriefS3Client) client = make_client (endpoint);
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new (f->store, client);
  QueueRun run = { queue, { 0 }, FALSE };
  GThread *thread = g_thread_new ("queue", run_queue_thread, &run);

  while (!g_atomic_int_get (&run.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  return run.summary;
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  const Fault faults[] = {
    { 503, "SlowDown", 0 },
    { 500, "InternalError", 0 },
    { 403, "ExpiredToken", 0 },
  };
  const char *expected[] = { "busy or failing", "busy or failing", "refused the access key" };
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "recording.ogg", 64 * 1024, NULL);
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(DebriefFileUpload) failed = NULL;
      g_autofree char *endpoint = NULL;
      GSList *uris;
      Fault fault = faults[i];

      soup_server_add_handler (server, NULL, fault_cb, &fault, NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      uris = soup_server_get_uris (server);
      endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

      summary = run_against (f, endpoint);
      g_assert_cmpuint (summary.failed, ==, 1);
      g_assert_cmpuint (fault.requests, >=, 1);

      failed = reload (f, upload);
      g_test_message ("%u %s: %s", fault.status, fault.code, failed->last_error);
      g_assert_cmpint (failed->upload_status, ==, DEBRIEF_UPLOAD_STATUS_FAILED);
      g_assert_cmpint (failed->attempts, ==, i + 1);
      g_assert_nonnull (strstr (failed->last_error, expected[i]));
      g_assert_true (g_file_test (upload->local_path, G_FILE_TEST_IS_REGULAR));

      /* Due again at once, for the next fault. */
      failed->next_attempt_at = g_get_real_time () - 1;
      g_assert_true (debrief_store_save_file_upload (f->store, failed, NULL));
    }

  /* A storage that accepts the connection and then says nothing. */
  {
    g_autoptr(GSocketService) service = g_socket_service_new ();
    g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(DebriefFileUpload) failed = NULL;
    g_autofree char *endpoint = NULL;
    guint16 port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);

    g_assert_no_error (error);
    g_signal_connect (service, "incoming", G_CALLBACK (stall_cb), held);
    endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);

    summary = run_against (f, endpoint);
    g_assert_cmpuint (summary.failed, ==, 1);
    g_assert_cmpuint (held->len, >=, 1);
    failed = reload (f, upload);
    g_test_message ("stall: %s", failed->last_error);
    g_assert_nonnull (strstr (failed->last_error, "Cannot reach the storage"));
    g_assert_true (g_file_test (upload->local_path, G_FILE_TEST_IS_REGULAR));
    failed->next_attempt_at = g_get_real_time () - 1;
    g_assert_true (debrief_store_save_file_upload (f->store, failed, NULL));
    g_socket_service_stop (service);
  }

  /* A storage that drops every connection. */
  {
    g_autoptr(GSocketService) service = g_socket_service_new ();
    g_autoptr(DebriefFileUpload) failed = NULL;
    g_autofree char *endpoint = NULL;
    guint16 port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);

    g_assert_no_error (error);
    g_signal_connect (service, "incoming", G_CALLBACK (reset_cb), NULL);
    endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);

    summary = run_against (f, endpoint);
    g_assert_cmpuint (summary.failed, ==, 1);
    failed = reload (f, upload);
    g_test_message ("reset: %s", failed->last_error);
    g_assert_nonnull (strstr (failed->last_error, "Cannot reach the storage"));
    failed->next_attempt_at = g_get_real_time () - 1;
    g_assert_true (debrief_store_save_file_upload (f->store, failed, NULL));
    g_socket_service_stop (service);
  }

  /* Then the real storage: stored once, nothing lost, nothing doubled. */
  summary = run_against (f, f->server->endpoint);
  g_assert_cmpuint (summary.completed, ==, 1);
  objects = debrief_s3_client_list (f->client, f->call->user_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (objects->len, ==, 1);
}

static void
test_cloud_only (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new (f->store, f->client);
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "recording.ogg", 200 * 1024, &contents);
  g_autoptr(DebriefFileUpload) too_big = queue_file (f, "huge.ogg", 2 * 1000 * 1000 + 1, NULL);
  g_autoptr(DebriefFileUpload) elsewhere = debrief_file_upload_new ();
  g_autofree char *outside_dir = debrief_test_make_data_dir ();
  g_autoptr(GBytes) outside_contents = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;

  /* A file the user keeps outside Debrief's folder, stored in the cloud too. */
  elsewhere->call_id = g_strdup (f->call->id);
  elsewhere->kind = DEBRIEF_UPLOAD_KIND_RECORDING;
  elsewhere->local_path = g_build_filename (outside_dir, "mine.ogg", NULL);
  elsewhere->storage_path = g_strdup_printf ("%s/calls/%s/mine.ogg", f->call->user_id, f->call->id);
  elsewhere->backend = DEBRIEF_STORAGE_BACKEND_S3;
  outside_contents = write_file (elsewhere->local_path, 1000);
  g_assert_true (debrief_store_save_file_upload (f->store, elsewhere, NULL));

  debrief_upload_queue_set_keep_local (queue, FALSE);
  debrief_upload_queue_set_max_file_mb (queue, 2);
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.completed, ==, 2);
  g_assert_cmpuint (summary.failed, ==, 1);

  /* Stored and verified: the local copy is gone, the cloud one is whole. */
  g_assert_false (g_file_test (upload->local_path, G_FILE_TEST_EXISTS));
  stored = debrief_s3_client_get (f->client, upload->storage_path, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (stored), ==, 200 * 1024);

  /* Refused by the quota: kept. Outside Debrief's folder: kept. */
  g_assert_true (g_file_test (too_big->local_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (elsewhere->local_path, G_FILE_TEST_IS_REGULAR));

  /* Back to local storage: the file kept only in the cloud comes home,
   * whole, with the storage's details from the environment. */
  g_setenv ("AWS_ENDPOINT_URL", f->server->endpoint, TRUE);
  g_setenv ("DEBRIEF_S3_BUCKET", "calls", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "S3RVER", TRUE);
  {
    g_autoptr(GPtrArray) preview = debrief_restore_local (f->store, NULL, TRUE, NULL, NULL, &error);
    g_autoptr(GPtrArray) report = NULL;
    g_autoptr(GPtrArray) again = NULL;
    g_autofree char *back = NULL;
    gsize length;
    guint failed = 99;

    g_assert_no_error (error);
    g_assert_cmpuint (preview->len, ==, 1);
    g_assert_false (g_file_test (upload->local_path, G_FILE_TEST_EXISTS));

    report = debrief_restore_local (f->store, NULL, FALSE, &failed, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->len, ==, 1);
    g_assert_cmpuint (failed, ==, 0);
    g_assert_true (g_file_get_contents (upload->local_path, &back, &length, NULL));
    g_assert_cmpmem (back, length, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents));

    again = debrief_restore_local (f->store, NULL, FALSE, &failed, NULL, &error);
    g_assert_cmpuint (again->len, ==, 0);
  }
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("DEBRIEF_S3_BUCKET");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");

  debrief_test_remove_data_dir (outside_dir);
}

/* A call deleted with its undo on offer keeps its files to itself: they go
 * up only if the deletion is undone. */
static void
test_hidden_call_waits (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DebriefUploadQueue) queue = debrief_upload_queue_new (f->store, f->client);
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "recording.ogg", 4096, NULL);
  g_autoptr(DebriefFileUpload) waiting = NULL;
  g_autoptr(DebriefFileUpload) done = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;

  g_assert_true (debrief_store_set_call_deleted (f->store, f->call->id, TRUE, &error));
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.completed, ==, 0);
  g_assert_cmpuint (summary.skipped, ==, 1);
  waiting = reload (f, upload);
  g_assert_cmpint (waiting->upload_status, ==, DEBRIEF_UPLOAD_STATUS_PENDING);
  g_assert_cmpint (waiting->attempts, ==, 0);
  objects = debrief_s3_client_list (f->client, f->call->user_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (objects->len, ==, 0);

  /* Undone: up it goes. */
  g_assert_true (debrief_store_set_call_deleted (f->store, f->call->id, FALSE, &error));
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_cmpuint (summary.completed, ==, 1);
  done = reload (f, upload);
  g_assert_cmpint (done->upload_status, ==, DEBRIEF_UPLOAD_STATUS_COMPLETED);
}

/* A storage that keeps objects in memory, where the user deletes the call
 * while its file goes up: hidden with an undo, or already for good. */
typedef struct
{
  DebriefStore *store;
  const char   *call_id;
  gboolean      for_good;
  GHashTable   *objects;
} DeletingStorage;

static void
deleting_storage_cb (SoupServer        *server,
                     SoupServerMessage *message,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  DeletingStorage *storage = user_data;
  const char *method = soup_server_message_get_method (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  GBytes *object;

  if (g_str_equal (method, "PUT"))
    {
      g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) body->data, body->length);
      g_autofree char *etag = g_strdup_printf ("\"%s\"", md5);

      g_hash_table_replace (storage->objects, g_strdup (path), g_bytes_new (body->data, body->length));
      if (storage->for_good)
        g_assert_true (debrief_store_delete_call (storage->store, storage->call_id, NULL));
      else
        g_assert_true (debrief_store_set_call_deleted (storage->store, storage->call_id, TRUE, NULL));
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag", etag);
      soup_server_message_set_status (message, 200, NULL);
    }
  else if (g_str_equal (method, "DELETE"))
    {
      g_hash_table_remove (storage->objects, path);
      soup_server_message_set_status (message, 204, NULL);
    }
  else if ((object = g_hash_table_lookup (storage->objects, path)) != NULL)
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (object, NULL), g_bytes_get_size (object));
    }
  else
    {
      soup_server_message_set_status (message, 404, NULL);
    }
}

/* Deleted while its file went up: the copy is taken back at once, since the
 * deletion may have looked at the storage before the copy was there. */
static void
test_deleted_during_upload (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "recording.ogg", 4096, NULL);
  g_autoptr(DebriefFileUpload) waiting = NULL;
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_bytes_unref);
  DeletingStorage storage = { f->store, f->call->id, FALSE, objects };
  g_autofree char *endpoint = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;
  GSList *uris;

  soup_server_add_handler (server, NULL, deleting_storage_cb, &storage, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* Hidden, its undo offered: nothing left in the cloud, and the file
   * waits to go up again should the deletion be undone. */
  summary = run_against (f, endpoint);
  g_assert_cmpuint (summary.completed, ==, 0);
  g_assert_cmpuint (summary.skipped, ==, 1);
  g_assert_cmpuint (g_hash_table_size (objects), ==, 0);
  waiting = reload (f, upload);
  g_assert_cmpint (waiting->upload_status, ==, DEBRIEF_UPLOAD_STATUS_PENDING);
  g_assert_cmpint (waiting->next_attempt_at, ==, 0);

  /* Deleted for good meanwhile: the copy goes, and nothing is left to save. */
  g_assert_true (debrief_store_set_call_deleted (f->store, f->call->id, FALSE, &error));
  storage.for_good = TRUE;
  summary = run_against (f, endpoint);
  g_assert_cmpuint (summary.completed, ==, 0);
  g_assert_cmpuint (summary.skipped, ==, 1);
  g_assert_cmpuint (g_hash_table_size (objects), ==, 0);
  g_assert_null (debrief_store_get_file_upload (f->store, upload->id, NULL));
}

/* A storage that notes each request and answers as told. */
typedef struct
{
  GPtrArray *requests;
  guint      abort_status;
} NotingStorage;

static void
noting_storage_cb (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  NotingStorage *storage = user_data;
  GUri *uri = soup_server_message_get_uri (message);
  const char *method = soup_server_message_get_method (message);
  gboolean abort = g_str_equal (method, "DELETE") && g_uri_get_query (uri) != NULL;

  g_ptr_array_add (storage->requests, g_strdup_printf ("%s %s%s%s", method, path, abort ? "?" : "",
                                                       abort ? g_uri_get_query (uri) : ""));
  soup_server_message_set_status (message, abort ? storage->abort_status : 204, NULL);
}

typedef struct
{
  DebriefUploadQueue *queue;
  DebriefFileUpload  *upload;
  GError             *error;
  gboolean            ok;
  gboolean            done;
} DeleteRun;

static gpointer
delete_remote_thread (gpointer data)
{
  DeleteRun *run = data;

  run->ok = debrief_upload_queue_delete_remote (run->queue, run->upload, NULL, &run->error);
  g_atomic_int_set (&run->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Removing an unfinished multipart upload aborts it, so the storage lets go
 * of its parts; only being offline or refused keeps it for another try. */
static void
test_delete_aborts_multipart (Fixture       *f,
                              gconstpointer  data)
{
  const guint statuses[] = { 204, 404, 405, 503 };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DebriefFileUpload) upload = queue_file (f, "long.ogg", 4096, NULL);
  g_autoptr(DebriefS3Client) client = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  NotingStorage storage = { requests, 204 };
  g_autofree char *endpoint = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, noting_storage_cb, &storage, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  client = make_client (endpoint);
  queue = debrief_upload_queue_new (f->store, client);

  upload->upload_status = DEBRIEF_UPLOAD_STATUS_UPLOADING;
  upload->multipart_upload_id = g_strdup ("upload+1");
  expected = g_strdup_printf ("DELETE /calls/%s?uploadId=upload%%2B1", upload->storage_path);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      DeleteRun run = { queue, upload, NULL, FALSE, FALSE };
      GThread *thread;

      g_ptr_array_set_size (requests, 0);
      storage.abort_status = statuses[i];
      thread = g_thread_new ("delete", delete_remote_thread, &run);
      while (!g_atomic_int_get (&run.done))
        g_main_context_iteration (NULL, TRUE);
      g_thread_join (thread);

      g_assert_cmpuint (requests->len, >=, 1);
      g_assert_cmpstr (g_ptr_array_index (requests, 0), ==, expected);
      if (statuses[i] == 503)
        {
          g_assert_false (run.ok);
          g_assert_error (run.error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_RETRY);
          g_clear_error (&run.error);
          g_assert_cmpuint (requests->len, ==, 1);
        }
      else
        {
          g_assert_no_error (run.error);
          g_assert_true (run.ok);
          g_assert_cmpuint (requests->len, ==, 2);
        }
    }

  /* A finished upload has no parts left: its object alone goes. */
  {
    DeleteRun run = { queue, upload, NULL, FALSE, FALSE };
    g_autofree char *object = g_strdup_printf ("DELETE /calls/%s", upload->storage_path);
    GThread *thread;

    g_ptr_array_set_size (requests, 0);
    upload->upload_status = DEBRIEF_UPLOAD_STATUS_COMPLETED;
    thread = g_thread_new ("delete", delete_remote_thread, &run);
    while (!g_atomic_int_get (&run.done))
      g_main_context_iteration (NULL, TRUE);
    g_thread_join (thread);
    g_assert_true (run.ok);
    g_assert_cmpuint (requests->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (requests, 0), ==, object);
  }
}

static void
test_backoff (void)
{
  g_assert_cmpint (debrief_upload_queue_backoff_us (1, 0), ==, 30 * G_USEC_PER_SEC);
  g_assert_cmpint (debrief_upload_queue_backoff_us (2, 0), ==, 60 * G_USEC_PER_SEC);
  g_assert_cmpint (debrief_upload_queue_backoff_us (5, 0), ==, 480 * G_USEC_PER_SEC);
  g_assert_cmpint (debrief_upload_queue_backoff_us (30, 0), ==, (gint64) 6 * 3600 * G_USEC_PER_SEC);
  g_assert_cmpint (debrief_upload_queue_backoff_us (1, 1), ==, 36 * G_USEC_PER_SEC);
  g_assert_cmpint (debrief_upload_queue_backoff_us (1, -1), ==, 24 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upload-queue/backoff", test_backoff);
  g_test_add ("/upload-queue/verified-once", Fixture, NULL, fixture_set_up,
              test_uploads_are_verified_and_done_once, fixture_tear_down);
  g_test_add ("/upload-queue/failure-and-retry", Fixture, NULL, fixture_set_up,
              test_failure_keeps_file_and_retries, fixture_tear_down);
  g_test_add ("/upload-queue/multipart-resumes", Fixture, NULL, fixture_set_up, test_multipart_resumes,
              fixture_tear_down);
  g_test_add ("/upload-queue/background-service", Fixture, NULL, fixture_set_up, test_background_service,
              fixture_tear_down);
  g_test_add ("/upload-queue/faults", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);
  g_test_add ("/upload-queue/cloud-only", Fixture, NULL, fixture_set_up, test_cloud_only, fixture_tear_down);
  g_test_add ("/upload-queue/quotas", Fixture, NULL, fixture_set_up, test_quotas, fixture_tear_down);
  g_test_add ("/upload-queue/hidden-call-waits", Fixture, NULL, fixture_set_up, test_hidden_call_waits,
              fixture_tear_down);
  g_test_add ("/upload-queue/deleted-during-upload", Fixture, NULL, fixture_set_up, test_deleted_during_upload,
              fixture_tear_down);
  g_test_add ("/upload-queue/delete-aborts-multipart", Fixture, NULL, fixture_set_up, test_delete_aborts_multipart,
              fixture_tear_down);

  return g_test_run ();
}
