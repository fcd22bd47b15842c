/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-supabase.c: the Supabase client against a fake that follows the documented wire format */

#include "config.h"

#include <libsoup/soup.h>

#include "debrief-paths.h"
#include "debrief-secrets.h"
#include "debrief-storage-config.h"
#include "debrief-supabase-client.h"
#include "debrief-test-fake-supabase.h"
#include "debrief-test-fixture.h"
#include "debrief-upload-queue.h"

typedef struct
{
  FakeSupabase          *fake;
  DebriefSupabaseClient *client;
  char                  *dir;
  char                  *file;
  char                  *own_path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) contents = g_string_new (NULL);

  f->fake = fake_supabase_new ();
  f->client = debrief_supabase_client_new (f->fake->url, FAKE_SUPABASE_ANON_KEY, "recordings", &error);
  g_assert_no_error (error);

  f->dir = debrief_test_make_data_dir ();
  f->file = g_build_filename (f->dir, "call.ogg", NULL);
  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (contents, "%u,", i);
  g_file_set_contents (f->file, contents->str, contents->len, &error);
  g_assert_no_error (error);
  f->own_path = g_strdup (FAKE_SUPABASE_USER_ID "/calls/2026/11/call one.ogg");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Whatever a test did, nothing Debrief sent may be malformed. */
  for (guint i = 0; i < f->fake->malformed->len; i++)
    g_printerr ("malformed request: %s\n", (char *) g_ptr_array_index (f->fake->malformed, i));
  g_assert_cmpuint (f->fake->malformed->len, ==, 0);

  g_clear_object (&f->client);
  fake_supabase_free (f->fake);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_free (f->own_path);
}

static void
sign_in (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (debrief_supabase_client_sign_in (f->client, FAKE_SUPABASE_EMAIL, FAKE_SUPABASE_PASSWORD,
                                                  NULL, &error));
  g_assert_no_error (error);
}

static void
test_bad_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefSupabaseClient) client = NULL;

  client = debrief_supabase_client_new ("project.supabase.co", FAKE_SUPABASE_ANON_KEY, NULL, &error);
  g_assert_null (client);
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "https://PROJECT.supabase.co"));
  g_clear_error (&error);

  client = debrief_supabase_client_new ("https://project.supabase.co", "", NULL, &error);
  g_assert_null (client);
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "anon key"));
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refresh_token = NULL;
  g_autoptr(DebriefSupabaseClient) later = NULL;

  g_assert_false (debrief_supabase_client_sign_in (f->client, FAKE_SUPABASE_EMAIL, "wrong", NULL, &error));
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Invalid login credentials"));
  g_assert_null (debrief_supabase_client_get_user_id (f->client));
  g_clear_error (&error);

  sign_in (f);
  g_assert_cmpstr (debrief_supabase_client_get_user_id (f->client), ==, FAKE_SUPABASE_USER_ID);
  refresh_token = g_strdup (debrief_supabase_client_get_refresh_token (f->client));
  g_assert_nonnull (refresh_token);

  /* The next start of the app signs in with the stored refresh token. */
  later = debrief_supabase_client_new (f->fake->url, FAKE_SUPABASE_ANON_KEY, NULL, &error);
  g_assert_true (debrief_supabase_client_refresh (later, refresh_token, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (debrief_supabase_client_get_user_id (later), ==, FAKE_SUPABASE_USER_ID);
  g_assert_cmpstr (debrief_supabase_client_get_refresh_token (later), !=, refresh_token);

  /* A used refresh token is revoked, as Supabase rotates them. */
  g_assert_false (debrief_supabase_client_refresh (f->client, refresh_token, NULL, &error));
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
}

static void
test_not_signed_in (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint requests = f->fake->requests;

  g_assert_false (debrief_supabase_client_upload (f->client, f->own_path, f->file, "audio/ogg", NULL, &error));
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_SIGNED_IN);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  /* Nothing was sent with only the anon key. */
  g_assert_cmpuint (f->fake->requests, ==, requests);
}

static void
test_objects (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) downloaded = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *link = NULL;
  gsize length;

  sign_in (f);
  g_file_get_contents (f->file, &contents, &length, &error);
  g_assert_no_error (error);

  g_assert_true (debrief_supabase_client_upload (f->client, f->own_path, f->file, "audio/ogg", NULL, &error));
  g_assert_no_error (error);
  /* Again: an upload that is retried after a lost answer must not fail. */
  g_assert_true (debrief_supabase_client_upload (f->client, f->own_path, f->file, "audio/ogg", NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (debrief_supabase_client_object_size (f->client, f->own_path, NULL, &error), ==, length);
  g_assert_no_error (error);
  downloaded = debrief_supabase_client_download (f->client, f->own_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (downloaded, NULL), g_bytes_get_size (downloaded), contents, length);

  /* A signed link works for someone with no keys at all. */
  link = debrief_supabase_client_sign_url (f->client, f->own_path, 3600, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (link, f->fake->url));
  {
    g_autoptr(SoupSession) stranger = soup_session_new ();
    g_autoptr(SoupMessage) message = soup_message_new ("GET", link);
    g_autoptr(GBytes) fetched = soup_session_send_and_read (stranger, message, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 200);
    g_assert_cmpmem (g_bytes_get_data (fetched, NULL), g_bytes_get_size (fetched), contents, length);
  }

  g_assert_true (debrief_supabase_client_delete (f->client, f->own_path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (debrief_supabase_client_object_size (f->client, f->own_path, NULL, &error), ==, -1);
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_FOUND);
}

static void
test_row_level_security (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (f);
  g_assert_false (debrief_supabase_client_upload (f->client, "someone-else/calls/x.ogg", f->file, "audio/ogg",
                                                  NULL, &error));
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "row-level security"));
  g_assert_cmpuint (g_hash_table_size (f->fake->objects), ==, 0);
}

static JsonNode *
call_rows (const char *title)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "0f8fad5b-d9cb-469f-a165-70867728950e");
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, FAKE_SUPABASE_USER_ID);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
test_upsert (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = call_rows ("Discovery call");
  g_autoptr(JsonNode) second = call_rows ("Discovery call with Ana");
  GHashTable *calls;
  JsonObject *row;

  sign_in (f);
  g_assert_true (debrief_supabase_client_upsert (f->client, "calls", first, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (debrief_supabase_client_upsert (f->client, "calls", second, NULL, &error));
  g_assert_no_error (error);

  /* The same id twice is one row, with the newer title. */
  g_assert_cmpuint (fake_supabase_rows (f->fake, "calls"), ==, 1);
  calls = g_hash_table_lookup (f->fake->tables, "calls");
  row = g_hash_table_lookup (calls, "0f8fad5b-d9cb-469f-a165-70867728950e");
  g_assert_cmpstr (json_object_get_string_member (row, "title"), ==, "Discovery call with Ana");
}

static DebriefFileUpload *
queue_recording (Fixture      *f,
                 DebriefStore *store,
                 DebriefCall  *call)
{
  DebriefFileUpload *upload = debrief_file_upload_new ();

  upload->call_id = g_strdup (call->id);
  upload->kind = DEBRIEF_UPLOAD_KIND_RECORDING;
  upload->local_path = g_strdup (f->file);
  upload->storage_path = g_strdup_printf ("%s/calls/%s/recording.ogg", call->user_id, call->id);
  upload->backend = DEBRIEF_STORAGE_BACKEND_SUPABASE;
  upload->content_type = g_strdup ("audio/ogg");
  g_assert_true (debrief_store_save_file_upload (store, upload, NULL));

  return upload;
}

static void
test_upload_queue (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "debrief.db", NULL);
  g_autoptr(DebriefStore) store = debrief_store_open (db, NULL, &error);
  g_autoptr(DebriefLead) lead = debrief_lead_new ();
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
  g_autoptr(DebriefFileUpload) upload = NULL;
  g_autoptr(DebriefFileUpload) done = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autofree char *remote_key = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *link = NULL;
  GHashTable *calls;
  JsonObject *row;
  DebriefUploadSummary summary;
  GBytes *stored;
  gsize length;

  g_assert_no_error (error);
  lead->name = g_strdup ("Ana García");
  g_assert_true (debrief_store_save_lead (store, lead, &error));
  call->title = g_strdup ("Renewal with Ana");
  call->lead_id = g_strdup (lead->id);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->storage_backend = DEBRIEF_STORAGE_BACKEND_SUPABASE;
  g_assert_true (debrief_store_save_call (store, call, &error));
  chunk->call_id = g_strdup (call->id);
  chunk->speaker = DEBRIEF_SPEAKER_USER;
  chunk->user_transcript = g_strdup ("Thanks for taking the call.");
  g_assert_true (debrief_store_save_chunk (store, chunk, &error));

  /* Queued under the local profile's id, as before signing in. */
  upload = queue_recording (f, store, call);

  /* Signed out: the upload fails with what to do, and keeps the file. */
  queue = debrief_upload_queue_new_supabase (store, f->client);
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_cmpuint (summary.failed, ==, 1);
  done = debrief_store_get_file_upload (store, upload->id, &error);
  g_assert_cmpint (done->upload_status, ==, DEBRIEF_UPLOAD_STATUS_FAILED);
  g_assert_nonnull (strstr (done->last_error, "Sign in"));
  g_assert_true (g_file_test (f->file, G_FILE_TEST_EXISTS));
  g_clear_pointer (&done, debrief_file_upload_free);

  /* Signed in, and its turn come again. */
  sign_in (f);
  done = debrief_store_get_file_upload (store, upload->id, &error);
  done->next_attempt_at = 0;
  g_assert_true (debrief_store_save_file_upload (store, done, &error));
  g_clear_pointer (&done, debrief_file_upload_free);
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.completed, ==, 1);

  /* Under the signed-in user's folder, whole. */
  remote_key = g_strdup_printf ("recordings/%s/calls/%s/recording.ogg", FAKE_SUPABASE_USER_ID, call->id);
  stored = g_hash_table_lookup (f->fake->objects, remote_key);
  g_assert_nonnull (stored);
  g_assert_true (g_file_get_contents (f->file, &contents, &length, NULL));
  g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), contents, length);
  done = debrief_store_get_file_upload (store, upload->id, &error);
  g_assert_cmpint (done->upload_status, ==, DEBRIEF_UPLOAD_STATUS_COMPLETED);
  g_assert_true (g_str_has_prefix (done->storage_path, FAKE_SUPABASE_USER_ID "/calls/"));

  /* The call's rows followed, owned by the signed-in user, parents first. */
  g_assert_cmpuint (fake_supabase_rows (f->fake, "leads"), ==, 1);
  g_assert_cmpuint (fake_supabase_rows (f->fake, "calls"), ==, 1);
  g_assert_cmpuint (fake_supabase_rows (f->fake, "call_chunks"), ==, 1);
  g_assert_cmpuint (fake_supabase_rows (f->fake, "file_uploads"), ==, 1);
  calls = g_hash_table_lookup (f->fake->tables, "calls");
  row = g_hash_table_lookup (calls, call->id);
  g_assert_cmpstr (json_object_get_string_member (row, "title"), ==, "Renewal with Ana");
  g_assert_cmpstr (json_object_get_string_member (row, "user_id"), ==, FAKE_SUPABASE_USER_ID);
  g_assert_cmpstr (json_object_get_string_member (row, "storage_backend"), ==, "supabase");
  row = g_hash_table_lookup (g_hash_table_lookup (f->fake->tables, "file_uploads"), upload->id);
  g_assert_cmpstr (json_object_get_string_member (row, "upload_status"), ==, "completed");

  /* Nothing twice. */
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_cmpuint (summary.completed, ==, 0);

  /* A title and notes edited later follow on the next round. */
  {
    g_autoptr(DebriefCall) edited = debrief_store_get_call (store, call->id, &error);
    gint64 until = 0;

    g_free (edited->title);
    edited->title = g_strdup ("Renewal with Ana, signed");
    edited->call_notes = g_strdup ("Send the contract on Monday.");
    g_usleep (2000);
    g_assert_true (debrief_store_save_call (store, edited, &error));
    g_assert_true (debrief_upload_queue_push_rows (queue, call->updated_at, &until, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (until, >, call->updated_at);
    row = g_hash_table_lookup (calls, call->id);
    g_assert_cmpstr (json_object_get_string_member (row, "title"), ==, "Renewal with Ana, signed");
    g_assert_cmpstr (json_object_get_string_member (row, "call_notes"), ==, "Send the contract on Monday.");
    g_assert_cmpuint (fake_supabase_rows (f->fake, "calls"), ==, 1);

    /* Nothing changed since: nothing sent. */
    {
      guint requests = f->fake->requests;
      gint64 again = 0;

      g_assert_true (debrief_upload_queue_push_rows (queue, until, &again, NULL, &error));
      g_assert_cmpint (again, ==, until);
      g_assert_cmpuint (f->fake->requests, ==, requests);
    }
  }

  /* Shared by a link the server signs. */
  link = debrief_upload_queue_share_link (queue, done, 600, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (link, f->fake->url));
  g_assert_nonnull (strstr (link, "/storage/v1/object/sign/"));

  /* Retention removes the cloud copy; one already gone counts as removed. */
  g_assert_true (debrief_upload_queue_delete_remote (queue, done, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_hash_table_contains (f->fake->objects, remote_key));
  g_assert_true (debrief_upload_queue_delete_remote (queue, done, NULL, &error));
  g_assert_no_error (error);
}

static int
run_cli (const char  *first,
         char       **err)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("DEBRIEF_CLI"), first, "--once", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (proc);
}

/* The session kept in the keyring carries the app and the CLI through
 * restarts: signed in once, `debrief-cli sync` uploads later. */
static void
test_kept_session (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefSupabaseClient) client = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefFileUpload) upload = NULL;
  g_autoptr(DebriefFileUpload) done = NULL;
  g_autofree char *first_token = NULL;
  g_autofree char *db = NULL;
  g_autofree char *err = NULL;

  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
  g_setenv ("DEBRIEF_STORAGE_BACKEND", "supabase", TRUE);
  g_setenv ("SUPABASE_URL", f->fake->url, TRUE);
  g_setenv ("SUPABASE_ANON_KEY", FAKE_SUPABASE_ANON_KEY, TRUE);
  debrief_secret_clear (DEBRIEF_SECRET_SUPABASE_REFRESH_TOKEN, NULL, NULL);

  /* Before signing in, sync says what to do. */
  g_assert_cmpint (run_cli ("sync", &err), !=, 0);
  g_assert_nonnull (strstr (err, "Not signed in to Supabase"));
  g_clear_pointer (&err, g_free);

  client = debrief_storage_supabase_sign_in (NULL, FAKE_SUPABASE_EMAIL, "wrong", NULL, &error);
  g_assert_null (client);
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_AUTH);
  g_clear_error (&error);

  client = debrief_storage_supabase_sign_in (NULL, FAKE_SUPABASE_EMAIL, FAKE_SUPABASE_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  first_token = debrief_secret_lookup (DEBRIEF_SECRET_SUPABASE_REFRESH_TOKEN, NULL, &error);
  g_assert_cmpstr (first_token, ==, debrief_supabase_client_get_refresh_token (client));

  db = debrief_get_database_path ();
  store = debrief_store_open (db, NULL, &error);
  g_assert_no_error (error);
  call->title = g_strdup ("Synced from the command line");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->storage_backend = DEBRIEF_STORAGE_BACKEND_SUPABASE;
  g_assert_true (debrief_store_save_call (store, call, &error));
  upload = queue_recording (f, store, call);

  g_assert_cmpint (run_cli ("sync", &err), ==, 0);
  done = debrief_store_get_file_upload (store, upload->id, &error);
  g_assert_cmpint (done->upload_status, ==, DEBRIEF_UPLOAD_STATUS_COMPLETED);
  g_assert_cmpuint (fake_supabase_rows (f->fake, "calls"), ==, 1);

  /* The CLI resumed the session, and Supabase rotated the refresh token:
   * only the kept new one lets the next run in (this process's keyring
   * is a cached copy, so ask another run). */
  g_assert_cmpstr (f->fake->refresh_token, !=, first_token);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("sync", &err), ==, 0);
  g_assert_null (strstr (err, "Sign in"));

  g_unsetenv ("DEBRIEF_STORAGE_BACKEND");
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_ANON_KEY");
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefSupabaseClient) client = NULL;

  /* Port 9 on loopback: nobody listens there. */
  client = debrief_supabase_client_new ("http://127.0.0.1:9", FAKE_SUPABASE_ANON_KEY, NULL, &error);
  g_assert_false (debrief_supabase_client_sign_in (client, FAKE_SUPABASE_EMAIL, FAKE_SUPABASE_PASSWORD,
                                                   NULL, &error));
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "Cannot reach Supabase"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  int status;

  debrief_test_use_file_keyring (dir);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/supabase/bad-settings", test_bad_settings);
  g_test_add_func ("/supabase/unreachable", test_unreachable);
  g_test_add ("/supabase/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/supabase/not-signed-in", Fixture, NULL, fixture_set_up, test_not_signed_in, fixture_tear_down);
  g_test_add ("/supabase/objects", Fixture, NULL, fixture_set_up, test_objects, fixture_tear_down);
  g_test_add ("/supabase/row-level-security", Fixture, NULL, fixture_set_up, test_row_level_security,
              fixture_tear_down);
  g_test_add ("/supabase/upload-queue", Fixture, NULL, fixture_set_up, test_upload_queue, fixture_tear_down);
  g_test_add ("/supabase/upsert", Fixture, NULL, fixture_set_up, test_upsert, fixture_tear_down);
  g_test_add ("/supabase/kept-session", Fixture, NULL, fixture_set_up, test_kept_session, fixture_tear_down);
  status = g_test_run ();

  debrief_test_remove_data_dir (dir);
  return status;
}
