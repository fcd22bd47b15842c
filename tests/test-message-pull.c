/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-message-pull.c: WhatsApp replies stored in Supabase come into the contacts' timelines, once, in time order */

#include "config.h"

#include <sqlite3.h>

#include "debrief-message-pull.h"
#include "debrief-secrets.h"
#include "debrief-storage-config.h"
#include "debrief-sync-service.h"
#include "debrief-test-fake-supabase.h"
#include "debrief-test-fixture.h"

#define OTHER_USER_ID "0d8e2f61-3a7b-4c59-9e1d-6f2a8b3c4d5e"

typedef struct
{
  FakeSupabase          *fake;
  DebriefSupabaseClient *client;
  DebriefStore          *store;
  char                  *dir;
  DebriefLead           *ana;
} Fixture;

static gint64
usec_of (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->fake = fake_supabase_new ();
  f->client = debrief_supabase_client_new (f->fake->url, FAKE_SUPABASE_ANON_KEY, "recordings", &error);
  g_assert_no_error (error);
  g_assert_true (debrief_supabase_client_sign_in (f->client, FAKE_SUPABASE_EMAIL, FAKE_SUPABASE_PASSWORD, NULL,
                                                  &error));
  g_assert_no_error (error);

  f->dir = debrief_test_make_data_dir ();
  path = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);

  f->ana = debrief_lead_new ();
  f->ana->name = g_strdup ("Ana Souza");
  f->ana->phone = g_strdup ("+4930123456");
  f->ana->whatsapp_opt_in = TRUE;
  g_assert_true (debrief_store_save_lead (f->store, f->ana, &error));
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
  g_assert_finalize_object (f->store);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_clear_pointer (&f->ana, debrief_lead_free);
}

/* A row as the team's webhook stores it */
static void
add_reply (Fixture    *f,
           const char *id,
           const char *user_id,
           const char *direction,
           const char *extra,
           const char *message,
           const char *created_at,
           const char *updated_at)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"id\":\"%s\",\"user_id\":\"%s\",\"message_type\":\"whatsapp\",\"direction\":\"%s\","
                          "%s%s\"message\":%s,\"status\":\"received\",\"remote_id\":\"wamid.%s\","
                          "\"media_path\":null,\"error\":null,\"created_at\":\"%s\",\"updated_at\":\"%s\"}",
                          id, user_id, direction, extra != NULL ? extra : "", extra != NULL ? "," : "",
                          message, id, created_at, updated_at);
  fake_supabase_add_row (f->fake, "conversations", json);
}

static guint
pull (Fixture *f,
      gint64   since,
      gint64  *until)
{
  g_autoptr(GError) error = NULL;
  guint pulled = G_MAXUINT;

  g_assert_true (debrief_message_pull (f->store, f->client, since, until, &pulled, NULL, &error));
  g_assert_no_error (error);

  return pulled;
}

static GPtrArray *
timeline (Fixture    *f,
          const char *lead_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = debrief_store_list_conversations_for_lead (f->store, lead_id, &error);

  g_assert_no_error (error);
  return entries;
}

#define ENTRY(entries, i) ((DebriefConversation *) g_ptr_array_index ((entries), (i)))

static void
test_pulled_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DebriefConversation) sent = debrief_conversation_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_lead = g_uuid_string_random ();
  g_autofree char *lead_member = g_strdup_printf ("\"lead_id\":\"%s\"", f->ana->id);
  g_autofree char *unknown_lead = g_strdup_printf ("\"lead_id\":\"%s\",\"from\":\"4930123456\"", remote_lead);
  gint64 until = 0;
  gint64 again = 0;
  guint requests;

  /* What Debrief sent Ana at 09:30 */
  sent->lead_id = g_strdup (f->ana->id);
  sent->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  sent->direction = DEBRIEF_DIRECTION_OUTBOUND;
  sent->status = g_strdup ("sent");
  sent->message = g_strdup ("Here is our call, as promised.");
  sent->created_at = usec_of ("2026-05-01T09:30:00Z");
  g_assert_true (debrief_store_save_conversation (f->store, sent, &error));

  /* Her replies: one to her contact, one from her number under a contact
   * made elsewhere; and rows that are not this user's replies. */
  add_reply (f, "6c0a3d52-1111-4b6e-9a51-0f1e2d3c4b5a", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "\"Thanks, got it!\"", "2026-05-01T09:45:00+00:00", "2026-05-01T09:45:00.500000+00:00");
  add_reply (f, "6c0a3d52-2222-4b6e-9a51-0f1e2d3c4b5a", FAKE_SUPABASE_USER_ID, "inbound", unknown_lead,
             "\"Is the recording ready?\"", "2026-05-01T09:10:00+00:00", "2026-05-01T10:00:00+00:00");
  add_reply (f, "6c0a3d52-3333-4b6e-9a51-0f1e2d3c4b5a", FAKE_SUPABASE_USER_ID, "outbound", lead_member,
             "\"Sent from another device\"", "2026-05-01T09:50:00+00:00", "2026-05-01T09:50:00+00:00");
  add_reply (f, "6c0a3d52-4444-4b6e-9a51-0f1e2d3c4b5a", OTHER_USER_ID, "inbound", NULL,
             "\"Someone else's reply\"", "2026-05-01T09:55:00+00:00", "2026-05-01T09:55:00+00:00");

  g_assert_cmpuint (pull (f, 0, &until), ==, 2);
  g_assert_cmpint (until, ==, usec_of ("2026-05-01T10:00:00Z"));

  /* Both directions in Ana's history, in the order they were written */
  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (ENTRY (entries, 0)->message, ==, "Is the recording ready?");
  g_assert_cmpint (ENTRY (entries, 0)->direction, ==, DEBRIEF_DIRECTION_INBOUND);
  g_assert_cmpint (ENTRY (entries, 0)->message_type, ==, DEBRIEF_MESSAGE_TYPE_WHATSAPP);
  g_assert_cmpint (ENTRY (entries, 0)->created_at, ==, usec_of ("2026-05-01T09:10:00Z"));
  g_assert_cmpstr (ENTRY (entries, 1)->id, ==, sent->id);
  g_assert_cmpint (ENTRY (entries, 1)->direction, ==, DEBRIEF_DIRECTION_OUTBOUND);
  g_assert_cmpstr (ENTRY (entries, 2)->id, ==, "6c0a3d52-1111-4b6e-9a51-0f1e2d3c4b5a");
  g_assert_cmpstr (ENTRY (entries, 2)->message, ==, "Thanks, got it!");
  g_assert_cmpint (ENTRY (entries, 2)->direction, ==, DEBRIEF_DIRECTION_INBOUND);
  g_assert_cmpstr (ENTRY (entries, 2)->status, ==, "received");
  g_assert_cmpstr (ENTRY (entries, 2)->remote_id, ==, "wamid.6c0a3d52-1111-4b6e-9a51-0f1e2d3c4b5a");
  g_assert_cmpstr (ENTRY (entries, 2)->user_id, ==, debrief_store_get_user_id (f->store));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The next sync finds nothing new. */
  requests = f->fake->requests;
  g_assert_cmpuint (pull (f, until, &again), ==, 0);
  g_assert_cmpint (again, ==, until);
  g_assert_cmpuint (f->fake->requests, ==, requests + 1);

  /* A reply changed remotely (read) comes again, and updates its row. */
  add_reply (f, "6c0a3d52-1111-4b6e-9a51-0f1e2d3c4b5a", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "\"Thanks, got it!\"", "2026-05-01T09:45:00+00:00", "2026-05-01T11:00:00+00:00");
  g_assert_cmpuint (pull (f, until, &again), ==, 1);
  g_assert_cmpint (again, ==, usec_of ("2026-05-01T11:00:00Z"));
  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (ENTRY (entries, 2)->id, ==, "6c0a3d52-1111-4b6e-9a51-0f1e2d3c4b5a");
  g_assert_cmpint (ENTRY (entries, 2)->created_at, ==, usec_of ("2026-05-01T09:45:00Z"));
}

/* A reply with an attachment and no text, as the webhook stores a voice note */
static void
add_media_reply (Fixture    *f,
                 const char *id,
                 const char *media_path,
                 const char *updated_at)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"id\":\"%s\",\"user_id\":\"%s\",\"lead_id\":\"%s\",\"message_type\":\"whatsapp\","
                          "\"direction\":\"inbound\",\"message\":null,\"status\":\"received\","
                          "\"remote_id\":\"wamid.%s\",\"media_path\":\"%s\",\"error\":null,"
                          "\"created_at\":\"%s\",\"updated_at\":\"%s\"}",
                          id, FAKE_SUPABASE_USER_ID, f->ana->id, id, media_path, updated_at, updated_at);
  fake_supabase_add_row (f->fake, "conversations", json);
}

static DebriefConversation *
find_entry (GPtrArray  *entries,
            const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (ENTRY (entries, i)->id, id) == 0)
      return ENTRY (entries, i);

  g_error ("%s is not in the timeline", id);
}

/* Voice notes and pictures sent back come with the reply, beside the
 * database; one that cannot be had is said, and the reply still shows. */
static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  static const char voice[] = "OggS\0\2 a voice note, as far as this test cares";
  g_autofree char *local = g_build_filename (f->dir, "voice.ogg", NULL);
  g_autofree char *messages = g_build_filename (f->dir, "messages", G_DIR_SEPARATOR_S, NULL);
  g_autofree char *remote = g_strconcat (FAKE_SUPABASE_USER_ID, "/whatsapp/in/voice-1.ogg", NULL);
  g_autofree char *missing = g_strconcat (FAKE_SUPABASE_USER_ID, "/whatsapp/in/gone.jpg", NULL);
  g_autofree char *sneaky = g_strconcat (FAKE_SUPABASE_USER_ID, "/../", OTHER_USER_ID, "/a.ogg", NULL);
  g_autofree char *others = g_strconcat (OTHER_USER_ID, "/whatsapp/in/voice-2.ogg", NULL);
  g_autofree char *program = g_strconcat (FAKE_SUPABASE_USER_ID, "/whatsapp/in/invoice.pdf.desktop", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  DebriefConversation *entry;
  gsize length;
  gint64 until = 0;

  g_assert_true (g_file_set_contents (local, voice, sizeof voice, &error));
  g_assert_true (debrief_supabase_client_upload (f->client, remote, local, "audio/ogg", NULL, &error));
  g_assert_no_error (error);

  add_media_reply (f, "7d1b4e63-1111-4c7f-8b62-1a2b3c4d5e6f", remote, "2026-05-02T08:00:00+00:00");
  add_media_reply (f, "7d1b4e63-2222-4c7f-8b62-1a2b3c4d5e6f", missing, "2026-05-02T08:01:00+00:00");
  add_media_reply (f, "7d1b4e63-3333-4c7f-8b62-1a2b3c4d5e6f", sneaky, "2026-05-02T08:02:00+00:00");
  add_media_reply (f, "7d1b4e63-4444-4c7f-8b62-1a2b3c4d5e6f", others, "2026-05-02T08:03:00+00:00");
  g_assert_true (debrief_supabase_client_upload (f->client, program, local, NULL, NULL, &error));
  g_assert_no_error (error);
  add_media_reply (f, "7d1b4e63-6666-4c7f-8b62-1a2b3c4d5e6f", program, "2026-05-02T08:03:00+00:00");

  g_assert_cmpuint (pull (f, 0, &until), ==, 5);
  g_assert_cmpint (until, ==, usec_of ("2026-05-02T08:03:00Z"));
  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 5);

  /* A file someone named as a program is kept as data, never run */
  entry = find_entry (entries, "7d1b4e63-6666-4c7f-8b62-1a2b3c4d5e6f");
  g_assert_true (g_str_has_suffix (entry->media_path, ".bin"));

  /* The voice note, byte for byte, kept beside the database */
  entry = find_entry (entries, "7d1b4e63-1111-4c7f-8b62-1a2b3c4d5e6f");
  g_assert_cmpstr (entry->message, ==, "");
  g_assert_null (entry->error);
  g_assert_nonnull (entry->media_path);
  g_assert_true (g_str_has_prefix (entry->media_path, messages));
  g_assert_true (g_str_has_suffix (entry->media_path, ".ogg"));
  g_assert_true (g_file_get_contents (entry->media_path, &contents, &length, &error));
  g_assert_cmpmem (contents, length, voice, sizeof voice);

  /* Read again remotely (the row changed): the file here is kept, not fetched again */
  {
    guint requests = f->fake->requests;

    add_media_reply (f, "7d1b4e63-1111-4c7f-8b62-1a2b3c4d5e6f", remote, "2026-05-02T08:03:30+00:00");
    g_assert_cmpuint (pull (f, until, &until), ==, 1);
    g_assert_cmpuint (f->fake->requests, ==, requests + 1);
    g_clear_pointer (&entries, g_ptr_array_unref);
    entries = timeline (f, f->ana->id);
    entry = find_entry (entries, "7d1b4e63-1111-4c7f-8b62-1a2b3c4d5e6f");
    g_assert_true (g_file_test (entry->media_path, G_FILE_TEST_IS_REGULAR));
  }

  entry = find_entry (entries, "7d1b4e63-2222-4c7f-8b62-1a2b3c4d5e6f");
  g_assert_null (entry->media_path);
  g_assert_nonnull (strstr (entry->error, "could not be fetched"));
  for (const char * const *id = (const char *[]) { "7d1b4e63-3333-4c7f-8b62-1a2b3c4d5e6f",
                                                   "7d1b4e63-4444-4c7f-8b62-1a2b3c4d5e6f", NULL };
       *id != NULL; id++)
    {
      entry = find_entry (entries, *id);
      g_assert_null (entry->media_path);
      g_assert_cmpstr (entry->error, ==, "The attachment is not in your storage folder");
    }

  /* A reply about a call kept here goes with the call's rows; never back up */
  {
    g_autoptr(DebriefCall) call = debrief_call_new ();
    g_autoptr(DebriefConversation) sent = debrief_conversation_new ();
    g_autoptr(JsonNode) rows = NULL;
    g_autofree char *about = NULL;

    call->kind = DEBRIEF_CALL_KIND_RECORDED;
    call->lead_id = g_strdup (f->ana->id);
    call->status = DEBRIEF_CALL_STATUS_ENDED;
    call->started_at = usec_of ("2026-05-02T07:00:00Z");
    g_assert_true (debrief_store_save_call (f->store, call, &error));
    about = g_strdup_printf ("\"lead_id\":\"%s\",\"call_id\":\"%s\"", f->ana->id, call->id);
    add_reply (f, "7d1b4e63-5555-4c7f-8b62-1a2b3c4d5e6f", FAKE_SUPABASE_USER_ID, "inbound", about,
               "\"About the call\"", "2026-05-02T08:04:00+00:00", "2026-05-02T08:04:00+00:00");
    g_assert_cmpuint (pull (f, until, &until), ==, 1);
    g_clear_pointer (&entries, g_ptr_array_unref);
    entries = debrief_store_list_conversations_for_call (f->store, call->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 1);
    rows = debrief_store_remote_rows (f->store, "conversations", call->id, FAKE_SUPABASE_USER_ID, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 0);
    g_clear_pointer (&rows, json_node_unref);

    /* What was sent about it goes, without the path of a file here */
    sent->lead_id = g_strdup (f->ana->id);
    sent->call_id = g_strdup (call->id);
    sent->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
    sent->direction = DEBRIEF_DIRECTION_OUTBOUND;
    sent->message = g_strdup ("The recording");
    sent->status = g_strdup ("sent");
    sent->media_path = g_build_filename (f->dir, "calls", "whatsapp", "x.ogg", NULL);
    g_assert_true (debrief_store_save_conversation (f->store, sent, &error));
    rows = debrief_store_remote_rows (f->store, "conversations", call->id, FAKE_SUPABASE_USER_ID, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (rows), 0),
                                                    "id"), ==, sent->id);
    g_assert_false (json_object_has_member (json_array_get_object_element (json_node_get_array (rows), 0),
                                            "media_path"));
    g_clear_pointer (&entries, g_ptr_array_unref);
    entries = timeline (f, f->ana->id);
  }

  /* Deleting the contact takes their attachments along */
  entry = find_entry (entries, "7d1b4e63-1111-4c7f-8b62-1a2b3c4d5e6f");
  g_assert_true (debrief_store_delete_lead (f->store, f->ana->id, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (entry->media_path, G_FILE_TEST_EXISTS));
}

/* The lead_id of a stored conversation, read straight from the database */
static char *
stored_lead_id (Fixture    *f,
                const char *id,
                char      **call_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *lead_id;

  g_assert_cmpint (sqlite3_open_v2 (debrief_store_get_path (f->store), &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT lead_id, call_id FROM conversations WHERE id = ?1", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  lead_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *call_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return lead_id;
}

static void
test_unknown_contacts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefLead) made = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_lead = g_uuid_string_random ();
  g_autofree char *twilio_sender = g_strdup_printf ("\"lead_id\":\"%s\",\"from\":\"whatsapp:+14155550123\"",
                                                    remote_lead);
  g_autofree char *unknown_call = g_strdup_printf ("\"lead_id\":null,\"call_id\":\"%s\",\"phone\":\"+1 415 555 0123\"",
                                                   "7d1b4e63-aaaa-4c7f-8b62-1a2b3c4d5e6f");
  g_autofree char *known_call = NULL;
  g_autofree char *lead_id = NULL;
  g_autofree char *call_id = NULL;
  gint64 until = 0;

  call->title = g_strdup ("Follow-up");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  g_assert_true (debrief_store_save_call (f->store, call, &error));
  known_call = g_strdup_printf ("\"call_id\":\"%s\",\"from\":\"+4930123456\"", call->id);

  /* An unknown number: a contact is made for it, with the remote contact's id */
  add_reply (f, "9e2c4f70-0001-4d8a-b3c5-2e4f6a8b0c1d", FAKE_SUPABASE_USER_ID, "inbound", twilio_sender,
             "\"Hello from a new number\"", "2026-05-02T08:00:00+00:00", "2026-05-02T08:00:00+00:00");
  /* No contact and no number: kept, with no contact */
  add_reply (f, "9e2c4f70-0002-4d8a-b3c5-2e4f6a8b0c1d", FAKE_SUPABASE_USER_ID, "inbound",
             "\"lead_id\":\"5a4b3c2d-0000-4e1f-9a8b-7c6d5e4f3a2b\"", "\"Who is this?\"",
             "2026-05-02T08:01:00+00:00", "2026-05-02T08:01:00+00:00");
  /* A call not kept here: left out; the same number finds the new contact */
  add_reply (f, "9e2c4f70-0003-4d8a-b3c5-2e4f6a8b0c1d", FAKE_SUPABASE_USER_ID, "inbound", unknown_call,
             "\"About that call\"", "2026-05-02T08:02:00+00:00", "2026-05-02T08:02:00+00:00");
  /* A call kept here stays linked */
  add_reply (f, "9e2c4f70-0004-4d8a-b3c5-2e4f6a8b0c1d", FAKE_SUPABASE_USER_ID, "inbound", known_call,
             "\"Great call today\"", "2026-05-02T08:03:00+00:00", "2026-05-02T08:03:00+00:00");

  g_assert_cmpuint (pull (f, 0, &until), ==, 4);

  made = debrief_store_get_lead (f->store, remote_lead, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (made->phone, ==, "+14155550123");
  g_assert_nonnull (made->name);
  entries = timeline (f, remote_lead);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (ENTRY (entries, 0)->message, ==, "Hello from a new number");
  g_assert_cmpstr (ENTRY (entries, 1)->message, ==, "About that call");
  g_assert_null (ENTRY (entries, 1)->call_id);
  g_clear_pointer (&entries, g_ptr_array_unref);

  lead_id = stored_lead_id (f, "9e2c4f70-0002-4d8a-b3c5-2e4f6a8b0c1d", &call_id);
  g_assert_null (lead_id);
  g_assert_null (call_id);

  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (ENTRY (entries, 0)->message, ==, "Great call today");
  g_assert_cmpstr (ENTRY (entries, 0)->call_id, ==, call->id);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *lead_member = g_strdup_printf ("\"lead_id\":\"%s\"", f->ana->id);
  g_autoptr(GPtrArray) entries = NULL;
  gint64 until = 0;
  gint64 again = 0;

  add_reply (f, "b1000000-0001-4000-8000-000000000001", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "null", "2026-05-03T10:00:00+00:00", "2026-05-03T10:01:00+00:00");
  add_reply (f, "b1000000-0002-4000-8000-000000000002", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "\"When was this?\"", "yesterday", "2026-05-03T10:02:00+00:00");
  fake_supabase_add_row (f->fake, "conversations",
                         "{\"user_id\":\"" FAKE_SUPABASE_USER_ID "\",\"message_type\":\"whatsapp\","
                         "\"direction\":\"inbound\",\"message\":\"No id\",\"created_at\":\"2026-05-03T10:03:00Z\","
                         "\"updated_at\":\"2026-05-03T10:03:00Z\"}");
  add_reply (f, "b1000000-0004-4000-8000-000000000004", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "42", "2026-05-03T10:04:00+00:00", "2026-05-03T10:04:00+00:00");
  add_reply (f, "b1000000-0005-4000-8000-000000000005", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "\"This one is fine\"", "2026-05-03T10:05:00+00:00", "2026-05-03T10:05:00+00:00");

  /* Skipped, and said so in the log, in the order they changed */
  g_test_expect_message ("debrief-sync", G_LOG_LEVEL_MESSAGE,
                         "Skipping the remote message b1000000-0001-*: it has neither text nor an attachment");
  g_test_expect_message ("debrief-sync", G_LOG_LEVEL_MESSAGE,
                         "Skipping the remote message b1000000-0002-*: its created_at is not a time");
  g_test_expect_message ("debrief-sync", G_LOG_LEVEL_MESSAGE,
                         "Skipping the remote message without an id: it has no id");
  g_test_expect_message ("debrief-sync", G_LOG_LEVEL_MESSAGE,
                         "Skipping the remote message b1000000-0004-*: it has neither text nor an attachment");
  g_assert_cmpuint (pull (f, 0, &until), ==, 1);
  g_test_assert_expected_messages ();

  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (ENTRY (entries, 0)->message, ==, "This one is fine");

  /* Not asked for again */
  g_assert_cmpint (until, ==, usec_of ("2026-05-03T10:05:00Z"));
  g_assert_cmpuint (pull (f, until, &again), ==, 0);
}

/* A read the fake would refuse is noted, so the tests fail on it. */
static void
test_strict_fake (Fixture       *f,
                  gconstpointer  data)
{
  const char *everyone[] = { "select", "*", "message_type", "eq.whatsapp", NULL };
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = debrief_supabase_client_select (f->client, "conversations", everyone, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_FAILED);
  g_assert_cmpuint (f->fake->malformed->len, ==, 1);
  g_ptr_array_set_size (f->fake->malformed, 0);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
changed_cb (DebriefSyncService *service,
            guint              *changes)
{
  (*changes)++;
}

/* The app's way: the sync service pulls in its round, with Supabase chosen
 * and signed in. */
static void
test_service (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(DebriefSupabaseClient) signed_in = NULL;
  g_autoptr(DebriefSyncService) service = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lead_member = g_strdup_printf ("\"lead_id\":\"%s\"", f->ana->id);
  gboolean timed_out = FALSE;
  guint changes = 0;
  guint timeout;

  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
  g_setenv ("DEBRIEF_STORAGE_BACKEND", "supabase", TRUE);
  g_setenv ("SUPABASE_URL", f->fake->url, TRUE);
  g_setenv ("SUPABASE_ANON_KEY", FAKE_SUPABASE_ANON_KEY, TRUE);
  signed_in = debrief_storage_supabase_sign_in (NULL, FAKE_SUPABASE_EMAIL, FAKE_SUPABASE_PASSWORD, NULL, &error);
  g_assert_no_error (error);

  add_reply (f, "c2000000-0001-4000-8000-000000000001", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "\"Talk tomorrow?\"", "2026-05-04T12:00:00+00:00", "2026-05-04T12:00:00.250000+00:00");

  service = debrief_sync_service_new (f->store, settings);
  g_signal_connect (service, "messages-changed", G_CALLBACK (changed_cb), &changes);
  timeout = g_timeout_add_seconds (20, timeout_cb, &timed_out);
  while (changes == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);

  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (ENTRY (entries, 0)->message, ==, "Talk tomorrow?");
  g_assert_cmpint (ENTRY (entries, 0)->direction, ==, DEBRIEF_DIRECTION_INBOUND);
  g_assert_cmpint (g_settings_get_int64 (settings, "supabase-messages-pulled-until"), ==,
                   usec_of ("2026-05-04T12:00:00.250000Z"));

  /* The next round pulls nothing new. */
  while (debrief_sync_service_get_busy (service) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  debrief_sync_service_kick (service);
  g_assert_true (debrief_sync_service_get_busy (service));
  while (debrief_sync_service_get_busy (service) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  g_assert_null (debrief_sync_service_get_last_error (service));
  g_assert_cmpuint (changes, ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 1);

  g_settings_reset (settings, "supabase-messages-pulled-until");
  g_settings_reset (settings, "supabase-rows-sent-until");
  g_unsetenv ("DEBRIEF_STORAGE_BACKEND");
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_ANON_KEY");

  /* The worker threads let go of their tasks a moment after the last round. */
  for (int i = 0; i < 5000 && (g_atomic_int_get (&G_OBJECT (service)->ref_count) > 1 ||
                               g_atomic_int_get (&G_OBJECT (f->store)->ref_count) > 2); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (g_steal_pointer (&service));
}

/* debrief-cli sync --once pulls the replies too, for cron jobs */
static void
test_cli_sync (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *lead_member = g_strdup_printf ("\"lead_id\":\"%s\"", f->ana->id);
  g_autoptr(DebriefSupabaseClient) signed_in = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
  g_setenv ("DEBRIEF_STORAGE_BACKEND", "supabase", TRUE);
  g_setenv ("SUPABASE_URL", f->fake->url, TRUE);
  g_setenv ("SUPABASE_ANON_KEY", FAKE_SUPABASE_ANON_KEY, TRUE);
  signed_in = debrief_storage_supabase_sign_in (NULL, FAKE_SUPABASE_EMAIL, FAKE_SUPABASE_PASSWORD, NULL, &error);
  g_assert_no_error (error);

  add_reply (f, "c3000000-0001-4000-8000-000000000001", FAKE_SUPABASE_USER_ID, "inbound", lead_member,
             "\"Can we move to Friday?\"", "2026-05-05T08:00:00+00:00", "2026-05-05T08:00:00+00:00");

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("DEBRIEF_CLI"), "sync", "--once", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("sync --once failed: %s", err);
  g_assert_nonnull (strstr (err, "1 WhatsApp message(s) pulled"));

  entries = timeline (f, f->ana->id);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (ENTRY (entries, 0)->message, ==, "Can we move to Friday?");
  g_assert_cmpint (ENTRY (entries, 0)->direction, ==, DEBRIEF_DIRECTION_INBOUND);

  g_unsetenv ("DEBRIEF_STORAGE_BACKEND");
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_ANON_KEY");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = debrief_test_make_data_dir ();
  debrief_test_use_file_keyring (dir);

  g_test_add ("/message-pull/pulled-once", Fixture, NULL, fixture_set_up, test_pulled_once, fixture_tear_down);
  g_test_add ("/message-pull/unknown-contacts", Fixture, NULL, fixture_set_up, test_unknown_contacts,
              fixture_tear_down);
  g_test_add ("/message-pull/attachments", Fixture, NULL, fixture_set_up, test_attachments, fixture_tear_down);
  g_test_add ("/message-pull/malformed", Fixture, NULL, fixture_set_up, test_malformed, fixture_tear_down);
  g_test_add ("/message-pull/strict-fake", Fixture, NULL, fixture_set_up, test_strict_fake, fixture_tear_down);
  g_test_add ("/message-pull/service", Fixture, NULL, fixture_set_up, test_service, fixture_tear_down);
  g_test_add ("/message-pull/cli-sync", Fixture, NULL, fixture_set_up, test_cli_sync, fixture_tear_down);

  status = g_test_run ();
  debrief_test_remove_data_dir (dir);
  return status;
}
