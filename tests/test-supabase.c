/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-supabase.c: the Supabase client against a fake that follows the documented wire format */

#include "config.h"

#include <libsoup/soup.h>

#include "debrief-supabase-client.h"
#include "debrief-test-fake-supabase.h"
#include "debrief-test-fixture.h"

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
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/supabase/bad-settings", test_bad_settings);
  g_test_add_func ("/supabase/unreachable", test_unreachable);
  g_test_add ("/supabase/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/supabase/not-signed-in", Fixture, NULL, fixture_set_up, test_not_signed_in, fixture_tear_down);
  g_test_add ("/supabase/objects", Fixture, NULL, fixture_set_up, test_objects, fixture_tear_down);
  g_test_add ("/supabase/row-level-security", Fixture, NULL, fixture_set_up, test_row_level_security,
              fixture_tear_down);
  g_test_add ("/supabase/upsert", Fixture, NULL, fixture_set_up, test_upsert, fixture_tear_down);

  return g_test_run ();
}
