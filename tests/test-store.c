/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the store's repositories, rules, errors and concurrent use */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "debrief-store.h"
#include "debrief-test-fixture.h"

typedef struct
{
  char         *dir;
  char         *path;
  DebriefStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = debrief_test_make_data_dir ();
  f->path = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Every test leaves the store with no other reference: nothing leaks it. */
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static DebriefCall *
make_call (const char        *title,
           DebriefCallStatus  status,
           gint64             started_at)
{
  DebriefCall *call = debrief_call_new ();

  call->title = g_strdup (title);
  call->status = status;
  call->started_at = started_at;
  return call;
}

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefProfile) profile = NULL;
  g_autofree char *user_id = g_strdup (debrief_store_get_user_id (f->store));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (debrief_store_get_schema_version (f->store), ==, DEBRIEF_STORE_SCHEMA_VERSION);
  g_assert_true (g_uuid_string_is_valid (user_id));

  profile = debrief_store_get_profile (f->store, user_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (profile->plan, ==, DEBRIEF_PLAN_FREE);
  g_assert_cmpint (profile->storage_quota_mb, ==, 500);
  g_assert_cmpfloat (profile->minutes_balance, <, 0); /* no minutes bought: no balance to draw on */

  /* The file itself is in WAL mode, which a second process sees too. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Opening again keeps the same local profile. */
  g_assert_finalize_object (f->store);
  f->store = debrief_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (debrief_store_get_user_id (f->store), ==, user_id);
}

static void
test_calls (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) call = make_call ("Pricing objection drill", DEBRIEF_CALL_STATUS_ENDED,
                                           1763700000123456);
  g_autoptr(DebriefCall) got = NULL;
  g_autoptr(GPtrArray) page = NULL;

  call->kind = DEBRIEF_CALL_KIND_COACHING;
  call->ended_at = call->started_at + 754 * G_USEC_PER_SEC;
  call->duration_seconds = 754.5;
  call->end_reason = DEBRIEF_END_REASON_TIME_LIMIT;
  call->cost_estimate = 0.3125;
  call->recording_path = g_strdup ("/data/calls/x/recording.ogg");
  call->recording_format = g_strdup ("ogg");
  call->call_notes = g_strdup ("Asked about the discount 💸");
  call->feedback_json = g_strdup ("{\"score\": 7}");
  call->storage_backend = DEBRIEF_STORAGE_BACKEND_S3;

  g_assert_true (debrief_store_save_call (f->store, call, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (call->id));
  g_assert_cmpstr (call->user_id, ==, debrief_store_get_user_id (f->store));

  got = debrief_store_get_call (f->store, call->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->title, ==, "Pricing objection drill");
  g_assert_cmpint (got->kind, ==, DEBRIEF_CALL_KIND_COACHING);
  g_assert_cmpint (got->started_at, ==, 1763700000123456);
  g_assert_cmpint (got->ended_at, ==, call->ended_at);
  g_assert_cmpfloat (got->duration_seconds, ==, 754.5);
  g_assert_cmpint (got->status, ==, DEBRIEF_CALL_STATUS_ENDED);
  g_assert_cmpint (got->end_reason, ==, DEBRIEF_END_REASON_TIME_LIMIT);
  g_assert_cmpfloat (got->cost_estimate, ==, 0.3125);
  g_assert_cmpstr (got->recording_path, ==, call->recording_path);
  g_assert_cmpstr (got->recording_format, ==, "ogg");
  g_assert_cmpstr (got->call_notes, ==, call->call_notes);
  g_assert_cmpstr (got->feedback_json, ==, call->feedback_json);
  g_assert_cmpint (got->storage_backend, ==, DEBRIEF_STORAGE_BACKEND_S3);
  g_assert_cmpint (got->created_at, >, 0);
  g_clear_pointer (&got, debrief_call_free);

  /* Saving again updates in place. */
  g_free (call->title);
  call->title = g_strdup ("Renamed");
  g_assert_true (debrief_store_save_call (f->store, call, &error));
  got = debrief_store_get_call (f->store, call->id, &error);
  g_assert_cmpstr (got->title, ==, "Renamed");
  g_assert_cmpint (debrief_store_count_calls (f->store, &error), ==, 1);

  /* Listing is newest first and pages. */
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *title = g_strdup_printf ("Call %d", i);
      g_autoptr(DebriefCall) c = make_call (title, DEBRIEF_CALL_STATUS_ENDED,
                                            1763700000000000 + (gint64) (i + 1) * 3600 * G_USEC_PER_SEC);
      g_assert_true (debrief_store_save_call (f->store, c, &error));
    }
  page = debrief_store_list_calls (f->store, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (((DebriefCall *) page->pdata[0])->title, ==, "Call 3");
  g_assert_cmpstr (((DebriefCall *) page->pdata[1])->title, ==, "Call 2");
  g_assert_cmpint (debrief_store_count_calls (f->store, &error), ==, 6);

  g_assert_true (debrief_store_delete_call (f->store, call->id, &error));
  g_assert_no_error (error);
  g_assert_null (debrief_store_get_call (f->store, call->id, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (debrief_store_delete_call (f->store, call->id, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);
}

/* Deleted with an undo pending: hidden from listing, counting and search,
 * brought back by the undo, and listed for removal otherwise. */
static void
test_hidden_while_undo_pending (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) kept = make_call ("Renewal with Ana", DEBRIEF_CALL_STATUS_ENDED, 1763700000000000);
  g_autoptr(DebriefCall) hidden = make_call ("Renewal with Ben", DEBRIEF_CALL_STATUS_ENDED, 1763800000000000);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) deleted = NULL;

  g_assert_true (debrief_store_save_call (f->store, kept, &error));
  g_assert_true (debrief_store_save_call (f->store, hidden, &error));

  g_assert_true (debrief_store_set_call_deleted (f->store, hidden->id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (debrief_store_count_calls (f->store, NULL), ==, 1);
  page = debrief_store_list_calls (f->store, 0, 10, NULL);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpstr (((DebriefCall *) page->pdata[0])->id, ==, kept->id);
  hits = debrief_store_search (f->store, "renewal", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((DebriefSearchHit *) hits->pdata[0])->call_id, ==, kept->id);
  deleted = debrief_store_list_deleted_calls (f->store, NULL);
  g_assert_cmpuint (deleted->len, ==, 1);
  g_assert_cmpstr (((DebriefCall *) deleted->pdata[0])->id, ==, hidden->id);

  /* Undo. */
  g_assert_true (debrief_store_set_call_deleted (f->store, hidden->id, FALSE, &error));
  g_assert_cmpint (debrief_store_count_calls (f->store, NULL), ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = debrief_store_search (f->store, "renewal", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&deleted, g_ptr_array_unref);
  deleted = debrief_store_list_deleted_calls (f->store, NULL);
  g_assert_cmpuint (deleted->len, ==, 0);

  g_assert_false (debrief_store_set_call_deleted (f->store, "no-such-call", TRUE, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);
}

static void
test_one_active_call (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) first = make_call ("First", DEBRIEF_CALL_STATUS_ACTIVE, 0);
  g_autoptr(DebriefCall) second = make_call ("Second", DEBRIEF_CALL_STATUS_ACTIVE, 0);
  g_autoptr(DebriefCall) active = NULL;
  g_autoptr(DebriefCall) other_users = make_call ("Someone else's", DEBRIEF_CALL_STATUS_ACTIVE, 0);
  g_autoptr(DebriefProfile) other = debrief_profile_new ();

  g_assert_null (debrief_store_get_active_call (f->store, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (debrief_store_save_call (f->store, first, &error));
  g_assert_false (debrief_store_save_call (f->store, second, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_ACTIVE_CALL);
  g_clear_error (&error);

  active = debrief_store_get_active_call (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (active->id, ==, first->id);

  /* Another user may have a call of their own at the same time. */
  g_assert_true (debrief_store_save_profile (f->store, other, &error));
  other_users->user_id = g_strdup (other->id);
  g_assert_true (debrief_store_save_call (f->store, other_users, &error));
  g_assert_no_error (error);

  /* Once the first call has ended, the second can start. */
  first->status = DEBRIEF_CALL_STATUS_ENDED;
  first->end_reason = DEBRIEF_END_REASON_MANUAL;
  g_assert_true (debrief_store_save_call (f->store, first, &error));
  g_assert_true (debrief_store_save_call (f->store, second, &error));
  g_assert_no_error (error);
}

static void
test_chunks (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) call = make_call ("Chunky", DEBRIEF_CALL_STATUS_ACTIVE, 0);
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(DebriefChunk) orphan = debrief_chunk_new ();
  const char *lines[] = { "Hello, thanks for taking the call.", "Sure, what is it about?", "Your renewal." };

  g_assert_true (debrief_store_save_call (f->store, call, &error));

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();

      chunk->call_id = g_strdup (call->id);
      chunk->speaker = i % 2 == 0 ? DEBRIEF_SPEAKER_USER : DEBRIEF_SPEAKER_REMOTE;
      chunk->user_transcript = g_strdup (lines[i]);
      chunk->start_ms = i * 2000;
      chunk->end_ms = i * 2000 + 1500;
      chunk->duration_seconds = 1.5;
      g_assert_true (debrief_store_save_chunk (f->store, chunk, &error));
      g_assert_no_error (error);
      g_assert_cmpint (chunk->seq, ==, i + 1);
    }

  chunks = debrief_store_list_chunks (f->store, call->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chunks->len, ==, 3);
  for (guint i = 0; i < chunks->len; i++)
    {
      DebriefChunk *chunk = chunks->pdata[i];

      g_assert_cmpstr (chunk->user_transcript, ==, lines[i]);
      g_assert_cmpint (chunk->start_ms, ==, i * 2000);
      g_assert_cmpint (chunk->speaker, ==, i % 2 == 0 ? DEBRIEF_SPEAKER_USER : DEBRIEF_SPEAKER_REMOTE);
    }

  /* An AI reply added to a turn later updates it. */
  ((DebriefChunk *) chunks->pdata[0])->ai_text_response = g_strdup ("Coach: good opener.");
  g_assert_true (debrief_store_save_chunk (f->store, chunks->pdata[0], &error));
  g_clear_pointer (&chunks, g_ptr_array_unref);
  chunks = debrief_store_list_chunks (f->store, call->id, &error);
  g_assert_cmpstr (((DebriefChunk *) chunks->pdata[0])->ai_text_response, ==, "Coach: good opener.");

  g_assert_true (debrief_store_delete_chunk (f->store, ((DebriefChunk *) chunks->pdata[1])->id, &error));
  g_clear_pointer (&chunks, g_ptr_array_unref);
  chunks = debrief_store_list_chunks (f->store, call->id, &error);
  g_assert_cmpuint (chunks->len, ==, 2);

  /* A chunk needs its call. */
  orphan->call_id = g_strdup ("no-such-call");
  g_assert_false (debrief_store_save_chunk (f->store, orphan, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Deleting the call deletes its chunks. */
  g_assert_true (debrief_store_delete_call (f->store, call->id, &error));
  g_clear_pointer (&chunks, g_ptr_array_unref);
  chunks = debrief_store_list_chunks (f->store, call->id, &error);
  g_assert_cmpuint (chunks->len, ==, 0);
}

static void
test_agents (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefAgent) agent = debrief_agent_new ();
  g_autoptr(DebriefAgent) twin = debrief_agent_new ();
  g_autoptr(DebriefAgent) found = NULL;
  g_autoptr(DebriefAgent) other = debrief_agent_new ();
  g_autoptr(DebriefVoiceSettings) voice = debrief_voice_settings_new ();
  g_autoptr(DebriefVoiceSettings) again = debrief_voice_settings_new ();
  g_autoptr(DebriefVoiceSettings) got = NULL;
  g_autoptr(DebriefVoiceSettings) bad = debrief_voice_settings_new ();
  g_autoptr(DebriefCall) call = make_call ("Coached", DEBRIEF_CALL_STATUS_ENDED, 0);
  g_autoptr(DebriefCall) after = NULL;
  g_autoptr(GPtrArray) agents = NULL;

  agent->name = g_strdup ("Sales Coach");
  agent->status = DEBRIEF_AGENT_STATUS_ACTIVE;
  agent->model_type = g_strdup ("gpt-4o-mini");
  agent->system_prompt = g_strdup ("You are a tough buyer.");
  g_assert_true (debrief_store_save_agent (f->store, agent, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (agent->language, ==, "en-US");

  found = debrief_store_find_agent (f->store, NULL, "sales coach", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, agent->id);
  g_assert_cmpint (found->status, ==, DEBRIEF_AGENT_STATUS_ACTIVE);
  g_assert_cmpstr (found->system_prompt, ==, "You are a tough buyer.");
  g_clear_pointer (&found, debrief_agent_free);

  found = debrief_store_get_agent (f->store, agent->id, &error);
  g_assert_cmpstr (found->model_type, ==, "gpt-4o-mini");

  twin->name = g_strdup ("Sales Coach");
  g_assert_false (debrief_store_save_agent (f->store, twin, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  other->name = g_strdup ("Interview Coach");
  g_assert_true (debrief_store_save_agent (f->store, other, &error));
  agents = debrief_store_list_agents (f->store, NULL, &error);
  g_assert_cmpuint (agents->len, ==, 2);
  g_assert_cmpstr (((DebriefAgent *) agents->pdata[0])->name, ==, "Interview Coach");

  voice->agent_id = g_strdup (agent->id);
  voice->voice_id = g_strdup ("alloy");
  voice->stability = 0.4;
  voice->similarity_boost = 0.8;
  voice->speed = 1.25;
  g_assert_true (debrief_store_save_voice_settings (f->store, voice, &error));
  g_assert_no_error (error);

  /* One set of voice settings per agent: saving another replaces it. */
  again->agent_id = g_strdup (agent->id);
  again->voice_id = g_strdup ("nova");
  again->stability = 0.9;
  again->similarity_boost = 0.1;
  again->speed = 0.75;
  g_assert_true (debrief_store_save_voice_settings (f->store, again, &error));
  got = debrief_store_get_voice_settings (f->store, agent->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->voice_id, ==, "nova");
  g_assert_cmpfloat (got->speed, ==, 0.75);

  bad->agent_id = g_strdup (agent->id);
  bad->stability = 1.5;
  bad->speed = 1;
  g_assert_false (debrief_store_save_voice_settings (f->store, bad, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Deleting an agent keeps its calls, without the agent. */
  call->ai_agent_id = g_strdup (agent->id);
  g_assert_true (debrief_store_save_call (f->store, call, &error));
  g_assert_true (debrief_store_delete_agent (f->store, agent->id, &error));
  g_assert_null (debrief_store_get_voice_settings (f->store, agent->id, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = debrief_store_get_call (f->store, call->id, &error);
  g_assert_no_error (error);
  g_assert_null (after->ai_agent_id);
}

static void
test_leads_and_conversations (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefLead) lead = debrief_lead_new ();
  g_autoptr(DebriefLead) bad = debrief_lead_new ();
  g_autoptr(DebriefLead) got = NULL;
  g_autoptr(DebriefCall) call = make_call ("Discovery call", DEBRIEF_CALL_STATUS_ENDED, 0);
  g_autoptr(DebriefCall) after = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  const char *messages[] = { "Call recorded", "Follow up on Friday", "Sent the recording" };
  DebriefMessageType types[] = { DEBRIEF_MESSAGE_TYPE_SYSTEM, DEBRIEF_MESSAGE_TYPE_NOTE,
                                 DEBRIEF_MESSAGE_TYPE_WHATSAPP };

  lead->name = g_strdup ("Ana García");
  lead->phone = g_strdup ("+34600123456");
  lead->email = g_strdup ("ana@example.com");
  lead->whatsapp_opt_in = TRUE;
  g_assert_true (debrief_store_save_lead (f->store, lead, &error));
  g_assert_no_error (error);

  got = debrief_store_get_lead (f->store, lead->id, &error);
  g_assert_cmpstr (got->name, ==, "Ana García");
  g_assert_cmpstr (got->phone, ==, "+34600123456");
  g_assert_true (got->whatsapp_opt_in);

  bad->name = g_strdup ("Not a number");
  bad->phone = g_strdup ("call me maybe");
  g_assert_false (debrief_store_save_lead (f->store, bad, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  leads = debrief_store_list_leads (f->store, NULL, &error);
  g_assert_cmpuint (leads->len, ==, 1);

  call->lead_id = g_strdup (lead->id);
  g_assert_true (debrief_store_save_call (f->store, call, &error));

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(DebriefConversation) c = debrief_conversation_new ();

      c->lead_id = g_strdup (lead->id);
      c->call_id = g_strdup (call->id);
      c->message_type = types[i];
      c->message = g_strdup (messages[i]);
      c->direction = types[i] == DEBRIEF_MESSAGE_TYPE_WHATSAPP ? DEBRIEF_DIRECTION_OUTBOUND
                                                               : DEBRIEF_DIRECTION_INTERNAL;
      c->created_at = 1763700000000000 + i * G_USEC_PER_SEC;
      if (types[i] == DEBRIEF_MESSAGE_TYPE_WHATSAPP)
        {
          c->status = g_strdup ("sent");
          c->remote_id = g_strdup ("wamid.123");
        }
      g_assert_true (debrief_store_save_conversation (f->store, c, &error));
      g_assert_no_error (error);
    }

  timeline = debrief_store_list_conversations_for_lead (f->store, lead->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, 3);
  for (guint i = 0; i < timeline->len; i++)
    g_assert_cmpstr (((DebriefConversation *) timeline->pdata[i])->message, ==, messages[i]);
  g_assert_cmpstr (((DebriefConversation *) timeline->pdata[2])->remote_id, ==, "wamid.123");
  g_assert_cmpint (((DebriefConversation *) timeline->pdata[2])->direction, ==, DEBRIEF_DIRECTION_OUTBOUND);

  g_assert_true (debrief_store_delete_conversation (f->store,
                                                    ((DebriefConversation *) timeline->pdata[0])->id,
                                                    &error));
  g_clear_pointer (&timeline, g_ptr_array_unref);

  /* Deleting the call keeps the contact's timeline, unlinked from the call. */
  g_assert_true (debrief_store_delete_call (f->store, call->id, &error));
  timeline = debrief_store_list_conversations_for_lead (f->store, lead->id, &error);
  g_assert_cmpuint (timeline->len, ==, 2);
  g_assert_null (((DebriefConversation *) timeline->pdata[0])->call_id);
  g_clear_pointer (&timeline, g_ptr_array_unref);

  /* Deleting the contact keeps their other calls, without the contact. */
  g_clear_pointer (&call->id, g_free);
  g_assert_true (debrief_store_save_call (f->store, call, &error));
  g_assert_true (debrief_store_delete_lead (f->store, lead->id, &error));
  after = debrief_store_get_call (f->store, call->id, &error);
  g_assert_null (after->lead_id);
  timeline = debrief_store_list_conversations_for_lead (f->store, lead->id, &error);
  g_assert_cmpuint (timeline->len, ==, 0);
}

static void
test_file_uploads (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) call = make_call ("Uploaded", DEBRIEF_CALL_STATUS_ENDED, 0);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(DebriefFileUpload) got = NULL;
  g_autoptr(DebriefFileUpload) duplicate = debrief_file_upload_new ();
  gint64 now = 1763700000000000;
  struct {
    const char          *name;
    DebriefUploadStatus  status;
    gint64               next;
  } rows[] = {
    { "recording.ogg", DEBRIEF_UPLOAD_STATUS_PENDING, 0 },
    { "archive.json", DEBRIEF_UPLOAD_STATUS_FAILED, now - G_USEC_PER_SEC },
    { "ai_chunks/a.opus", DEBRIEF_UPLOAD_STATUS_FAILED, now + 60 * G_USEC_PER_SEC },
    { "ai_chunks/b.opus", DEBRIEF_UPLOAD_STATUS_COMPLETED, 0 },
  };
  char *first_id = NULL;

  g_assert_true (debrief_store_save_call (f->store, call, &error));

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(DebriefFileUpload) u = debrief_file_upload_new ();

      u->call_id = g_strdup (call->id);
      u->kind = i == 0 ? DEBRIEF_UPLOAD_KIND_RECORDING : DEBRIEF_UPLOAD_KIND_AI_CHUNK;
      u->local_path = g_strdup_printf ("/data/calls/%s/%s", call->id, rows[i].name);
      u->storage_path = g_strdup_printf ("%s/calls/%s/%s", call->user_id, call->id, rows[i].name);
      u->backend = DEBRIEF_STORAGE_BACKEND_S3;
      u->size_bytes = 1000 * (i + 1);
      u->upload_status = rows[i].status;
      u->next_attempt_at = rows[i].next;
      u->created_at = now - (10 - i) * G_USEC_PER_SEC;
      if (i == 0)
        u->multipart_parts_json = g_strdup ("[{\"part\": 1, \"etag\": \"abc\"}]");
      g_assert_true (debrief_store_save_file_upload (f->store, u, &error));
      g_assert_no_error (error);
      if (i == 0)
        first_id = g_strdup (u->id);
    }

  due = debrief_store_list_due_file_uploads (f->store, now, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (((DebriefFileUpload *) due->pdata[0])->kind, ==, DEBRIEF_UPLOAD_KIND_RECORDING);
  g_assert_true (g_str_has_suffix (((DebriefFileUpload *) due->pdata[1])->storage_path, "archive.json"));

  got = debrief_store_get_file_upload (f->store, first_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->multipart_parts_json, ==, "[{\"part\": 1, \"etag\": \"abc\"}]");
  got->upload_status = DEBRIEF_UPLOAD_STATUS_COMPLETED;
  got->etag = g_strdup ("\"d41d8cd98f00b204e9800998ecf8427e\"");
  got->attempts = 2;
  g_assert_true (debrief_store_save_file_upload (f->store, got, &error));
  g_clear_pointer (&due, g_ptr_array_unref);
  due = debrief_store_list_due_file_uploads (f->store, now, 10, &error);
  g_assert_cmpuint (due->len, ==, 1);

  /* The same object key is queued once. */
  duplicate->local_path = g_strdup ("/elsewhere");
  duplicate->storage_path = g_strdup (got->storage_path);
  duplicate->backend = DEBRIEF_STORAGE_BACKEND_S3;
  g_assert_false (debrief_store_save_file_upload (f->store, duplicate, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  all = debrief_store_list_file_uploads_for_call (f->store, call->id, &error);
  g_assert_cmpuint (all->len, ==, 4);

  g_assert_true (debrief_store_delete_file_upload (f->store, first_id, &error));
  g_clear_pointer (&all, g_ptr_array_unref);
  all = debrief_store_list_file_uploads_for_call (f->store, call->id, &error);
  g_assert_cmpuint (all->len, ==, 3);
  g_free (first_id);
}

static void
test_analytics_events (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) call = make_call ("Measured", DEBRIEF_CALL_STATUS_ENDED, 0);
  g_autoptr(DebriefAnalyticsEvent) first = debrief_analytics_event_new ();
  g_autoptr(DebriefAnalyticsEvent) second = debrief_analytics_event_new ();
  g_autoptr(DebriefAnalyticsEvent) bad = debrief_analytics_event_new ();
  g_autoptr(GPtrArray) events = NULL;

  g_assert_true (debrief_store_save_call (f->store, call, &error));

  first->call_id = g_strdup (call->id);
  first->event_type = g_strdup ("turn_latency");
  first->payload = g_strdup ("{\"stt_ms\": 420, \"first_token_ms\": 310}");
  g_assert_true (debrief_store_add_analytics_event (f->store, first, &error));
  second->call_id = g_strdup (call->id);
  second->event_type = g_strdup ("user_interrupted");
  g_assert_true (debrief_store_add_analytics_event (f->store, second, &error));
  g_assert_no_error (error);

  events = debrief_store_list_analytics_events (f->store, call->id, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (((DebriefAnalyticsEvent *) events->pdata[0])->payload, ==, first->payload);
  g_assert_cmpstr (((DebriefAnalyticsEvent *) events->pdata[1])->payload, ==, "{}");

  bad->event_type = g_strdup ("broken");
  bad->payload = g_strdup ("{not json");
  g_assert_false (debrief_store_add_analytics_event (f->store, bad, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_corrupt_file (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *garbage = "This is not an SQLite database, it is a shopping list: milk, eggs, 🍞. "
    "It is long enough to have a header SQLite would look at............";

  g_file_set_contents (path, garbage, -1, &error);
  g_assert_no_error (error);

  g_assert_null (debrief_store_open (path, NULL, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));

  /* Never silently replaced by an empty database. */
  after = read_file (path);
  g_assert_cmpstr (after, ==, garbage);

  debrief_test_remove_data_dir (dir);
}

static void
test_newer_version (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_null (debrief_store_open (path, NULL, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));

  /* Left as it was. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 99);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  debrief_test_remove_data_dir (dir);
}

static void
test_data_dir_unusable (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *path = g_build_filename (file, "data", "debrief.db", NULL);
  g_autoptr(GError) error = NULL;

  /* A regular file where the data folder should go. */
  g_file_set_contents (file, "", 0, &error);
  g_assert_no_error (error);

  g_assert_null (debrief_store_open (path, NULL, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_DATA_DIR);
  g_assert_nonnull (strstr (error->message, "DEBRIEF_DATA_DIR"));

  debrief_test_remove_data_dir (dir);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* A GTask's worker thread may drop its reference a moment after the
 * callback ran: wait for it before checking that nothing else holds one. */
static void
wait_for_only_reference (gpointer object)
{
  for (int i = 0; i < 5000 && g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_async (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(DebriefCall) call = make_call ("Quarterly review with Globex", DEBRIEF_CALL_STATUS_ENDED, 0);

  debrief_store_open_async (path, NULL, async_done_cb, &opened);
  store = debrief_store_open_finish (wait_for (&opened), &error);
  g_assert_no_error (error);

  g_assert_true (debrief_store_save_call (store, call, &error));

  debrief_store_list_calls_async (store, 0, 10, NULL, async_done_cb, &listed);
  calls = debrief_store_list_calls_finish (store, wait_for (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, ==, 1);

  debrief_store_search_async (store, "globex", 10, NULL, async_done_cb, &found);
  hits = debrief_store_search_finish (store, wait_for (&found), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  g_clear_object (&opened);
  g_clear_object (&listed);
  g_clear_object (&found);
  wait_for_only_reference (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  debrief_test_remove_data_dir (dir);
}

static void
test_async_open_error (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) opened = NULL;

  g_file_set_contents (path, "garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage",
                       -1, &error);
  debrief_store_open_async (path, NULL, async_done_cb, &opened);
  g_assert_null (debrief_store_open_finish (wait_for (&opened), &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CORRUPT);

  debrief_test_remove_data_dir (dir);
}

#define WRITES_PER_PROCESS 150

static int
write_calls (const char *path,
             const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = debrief_store_open (path, NULL, &error);

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  for (int i = 0; i < WRITES_PER_PROCESS; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s %d", prefix, i);
      g_autoptr(DebriefCall) call = make_call (title, DEBRIEF_CALL_STATUS_ENDED, 0);
      g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();

      if (!debrief_store_save_call (store, call, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }

      chunk->call_id = g_strdup (call->id);
      chunk->user_transcript = g_strdup_printf ("%s said something %d", prefix, i);
      if (!debrief_store_save_chunk (store, chunk, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
    }

  return 0;
}

static void
test_concurrent_processes (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(GPtrArray) child_hits = NULL;

  g_assert_nonnull (self_exe);

  /* Both processes start on a database neither has created. */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--writer", path, "child", NULL);
  g_assert_no_error (error);

  g_assert_cmpint (write_calls (path, "parent"), ==, 0);

  g_assert_true (g_subprocess_wait_check (child, NULL, &error));
  g_assert_no_error (error);

  store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (debrief_store_count_calls (store, &error), ==, 2 * WRITES_PER_PROCESS);

  child_hits = debrief_store_search (store, "child said", 1000, &error);
  g_assert_cmpuint (child_hits->len, ==, WRITES_PER_PROCESS);

  g_assert_finalize_object (g_steal_pointer (&store));
  debrief_test_remove_data_dir (dir);
}

static void
test_records_copy (void)
{
  g_autoptr(DebriefCall) call = make_call ("Original", DEBRIEF_CALL_STATUS_ENDED, 5);
  g_autoptr(DebriefCall) copy = NULL;
  g_autoptr(DebriefSearchHit) hit = debrief_search_hit_new ();
  g_autofree char *plain = NULL;

  call->call_notes = g_strdup ("notes");
  copy = debrief_call_copy (call);
  g_assert_true (copy->title != call->title);
  g_assert_cmpstr (copy->title, ==, "Original");
  g_assert_cmpstr (copy->call_notes, ==, "notes");
  g_assert_cmpint (copy->started_at, ==, 5);

  hit->snippet = g_strdup ("the " DEBRIEF_SEARCH_MATCH_START "price" DEBRIEF_SEARCH_MATCH_END " is high");
  plain = debrief_search_hit_dup_plain_snippet (hit);
  g_assert_cmpstr (plain, ==, "the price is high");
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return write_calls (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/open/new", Fixture, NULL, fixture_set_up, test_open_new, fixture_tear_down);
  g_test_add ("/store/calls", Fixture, NULL, fixture_set_up, test_calls, fixture_tear_down);
  g_test_add ("/store/calls/hidden-while-undo-pending", Fixture, NULL, fixture_set_up, test_hidden_while_undo_pending,
              fixture_tear_down);
  g_test_add ("/store/calls/one-active", Fixture, NULL, fixture_set_up, test_one_active_call, fixture_tear_down);
  g_test_add ("/store/chunks", Fixture, NULL, fixture_set_up, test_chunks, fixture_tear_down);
  g_test_add ("/store/agents", Fixture, NULL, fixture_set_up, test_agents, fixture_tear_down);
  g_test_add ("/store/leads-conversations", Fixture, NULL, fixture_set_up, test_leads_and_conversations,
              fixture_tear_down);
  g_test_add ("/store/file-uploads", Fixture, NULL, fixture_set_up, test_file_uploads, fixture_tear_down);
  g_test_add ("/store/analytics-events", Fixture, NULL, fixture_set_up, test_analytics_events,
              fixture_tear_down);
  g_test_add_func ("/store/errors/corrupt", test_corrupt_file);
  g_test_add_func ("/store/errors/newer-version", test_newer_version);
  g_test_add_func ("/store/errors/data-dir", test_data_dir_unusable);
  g_test_add_func ("/store/async", test_async);
  g_test_add_func ("/store/async/open-error", test_async_open_error);
  g_test_add_func ("/store/concurrent-processes", test_concurrent_processes);
  g_test_add_func ("/store/records/copy", test_records_copy);

  return g_test_run ();
}
