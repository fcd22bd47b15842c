/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-agents.c: the AI coaches: the default coach, the checks before saving, deleting, debrief-cli agents */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>

#include "debrief-agents.h"
#include "debrief-store.h"
#include "debrief-test-fixture.h"

typedef struct
{
  char         *dir;
  char         *path;
  DebriefStore *store;
  char         *out;
  char         *err;
  int           status;
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
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static DebriefAgent *
make_agent (const char *name)
{
  DebriefAgent *agent = debrief_agent_new_with_defaults (NULL);

  agent->name = g_strdup (name);
  return agent;
}

static void
test_default_agent (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;
  g_autoptr(GError) error = NULL;
  DebriefAgent *coach;
  g_autofree char *coach_id = NULL;

  /* The models and the voice come from the preferences. */
  g_settings_set_string (settings, "chat-model", "gpt-4.1-mini");
  g_settings_set_string (settings, "tts-voice", "nova");

  g_assert_true (debrief_agents_ensure_default (f->store, settings, &error));
  g_assert_no_error (error);

  agents = debrief_store_list_agents (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 1);
  coach = g_ptr_array_index (agents, 0);
  g_assert_cmpstr (coach->name, ==, "Coach");
  g_assert_cmpint (coach->status, ==, DEBRIEF_AGENT_STATUS_ACTIVE);
  g_assert_cmpstr (coach->language, ==, "en");
  g_assert_cmpstr (coach->user_id, ==, debrief_store_get_user_id (f->store));
  g_assert_cmpstr (coach->model_type, ==, "gpt-4.1-mini");
  g_assert_cmpstr (coach->stt_model, ==, "whisper-1");
  g_assert_cmpstr (coach->tts_model, ==, "tts-1");
  g_assert_nonnull (coach->description);
  g_assert_nonnull (strstr (coach->system_prompt, "one question at a time"));
  g_assert_nonnull (strstr (coach->system_prompt, "one to three spoken sentences"));
  coach_id = g_strdup (coach->id);

  voice = debrief_store_get_voice_settings (f->store, coach->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voice->voice_id, ==, "nova");
  g_assert_cmpfloat (voice->stability, ==, 0.5);
  g_assert_cmpfloat (voice->similarity_boost, ==, 0.75);
  g_assert_cmpfloat (voice->pitch, ==, 0);
  g_assert_cmpfloat (voice->speed, ==, 1.0);

  /* Once only: the next start finds it and adds nothing. */
  g_clear_pointer (&agents, g_ptr_array_unref);
  g_assert_true (debrief_agents_ensure_default (f->store, settings, &error));
  g_assert_true (debrief_agents_ensure_default (f->store, NULL, &error));
  g_assert_no_error (error);
  agents = debrief_store_list_agents (f->store, NULL, &error);
  g_assert_cmpuint (agents->len, ==, 1);
  g_assert_cmpstr (((DebriefAgent *) g_ptr_array_index (agents, 0))->id, ==, coach_id);

  /* A user with any agent of their own, even an inactive one, gets none. */
  g_assert_true (debrief_store_delete_agent (f->store, coach_id, &error));
  {
    g_autoptr(DebriefAgent) own = make_agent ("Interviewer");

    own->status = DEBRIEF_AGENT_STATUS_INACTIVE;
    g_assert_true (debrief_agents_save (f->store, own, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (debrief_agents_ensure_default (f->store, settings, &error));
  g_clear_pointer (&agents, g_ptr_array_unref);
  agents = debrief_store_list_agents (f->store, NULL, &error);
  g_assert_cmpuint (agents->len, ==, 1);
  g_assert_cmpstr (((DebriefAgent *) g_ptr_array_index (agents, 0))->name, ==, "Interviewer");
}

static void
test_default_agent_without_settings (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefAgent) coach = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;

  /* Without settings, the schema's defaults. */
  g_assert_true (debrief_agents_ensure_default (f->store, NULL, &error));
  g_assert_no_error (error);
  coach = debrief_store_find_agent (f->store, NULL, "coach", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (coach->model_type, ==, "gpt-4o-mini");
  voice = debrief_store_get_voice_settings (f->store, coach->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voice->voice_id, ==, "alloy");
}

static void
assert_invalid (DebriefStore         *store,
                DebriefAgent         *agent,
                DebriefVoiceSettings *voice,
                int                   code,
                const char           *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (debrief_agent_validate (store, agent, voice, &error));
  g_assert_error (error, DEBRIEF_AGENT_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  /* Saving checks the same, and writes nothing. */
  g_assert_false (debrief_agents_save (store, agent, voice, &error));
  g_assert_error (error, DEBRIEF_AGENT_ERROR, code);
}

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DebriefAgent) coach = make_agent ("Coach");
  g_autoptr(DebriefAgent) other = make_agent ("Negotiator");
  g_autoptr(DebriefVoiceSettings) voice = debrief_voice_settings_new_with_defaults (NULL);
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (debrief_agent_validate (f->store, coach, voice, &error));
  g_assert_no_error (error);
  g_assert_true (debrief_agents_save (f->store, coach, NULL, &error));
  g_assert_no_error (error);
  /* An agent keeps its own name when saved again. */
  g_assert_true (debrief_agent_validate (f->store, coach, voice, &error));

  g_clear_pointer (&other->name, g_free);
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_NAME_MISSING, "A coach needs a name");
  other->name = g_strdup (" \t ");
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_NAME_MISSING, "A coach needs a name");

  /* Names are unique per user, whatever the case and the spaces around them. */
  g_free (other->name);
  other->name = g_strdup ("  coach ");
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_NAME_TAKEN,
                  "There is already a coach named “Coach”: choose another name");
  g_free (other->name);
  other->name = g_strdup ("Negotiator");
  /* Without a store, the name is not looked up. */
  g_assert_true (debrief_agent_validate (NULL, other, voice, &error));

  other->status = 7;
  g_assert_false (debrief_agent_validate (f->store, other, voice, &error));
  g_assert_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_STATUS);
  g_clear_error (&error);
  other->status = DEBRIEF_AGENT_STATUS_ACTIVE;

  voice->stability = 1.5;
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_STABILITY, "Stability must be between 0 and 1, not 1.5");
  voice->stability = NAN;
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_STABILITY, "Stability must be between 0 and 1, not nan");
  voice->stability = 1;

  voice->similarity_boost = -0.1;
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_SIMILARITY,
                  "Similarity boost must be between 0 and 1, not -0.1");
  voice->similarity_boost = 0;

  voice->speed = 0.2;
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_SPEED, "Speed must be between 0.25 and 4, not 0.2");
  voice->speed = 4.5;
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_SPEED, "Speed must be between 0.25 and 4, not 4.5");
  voice->speed = 4;

  voice->pitch = 13;
  assert_invalid (f->store, other, voice, DEBRIEF_AGENT_ERROR_PITCH,
                  "Pitch must be between -12 and 12 semitones, not 13");
  voice->pitch = -12;

  /* The limits themselves are fine. */
  g_assert_true (debrief_agents_save (f->store, other, voice, &error));
  g_assert_no_error (error);

  agents = debrief_store_list_agents (f->store, NULL, &error);
  g_assert_cmpuint (agents->len, ==, 2);
}

static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(DebriefAgent) agent = make_agent ("  Skeptical Buyer  ");
  g_autoptr(DebriefVoiceSettings) voice = debrief_voice_settings_new_with_defaults (NULL);
  g_autoptr(DebriefAgent) stored = NULL;
  g_autoptr(DebriefVoiceSettings) stored_voice = NULL;
  g_autoptr(GError) error = NULL;

  agent->description = g_strdup ("   ");
  agent->tts_model = g_strdup ("");
  agent->system_prompt = g_strdup ("Play a buyer who doubts every number.");
  voice->speed = 1.25;
  voice->pitch = -2;

  g_assert_true (debrief_agents_save (f->store, agent, voice, &error));
  g_assert_no_error (error);
  g_assert_nonnull (agent->id);
  g_assert_cmpstr (voice->agent_id, ==, agent->id);

  stored = debrief_store_get_agent (f->store, agent->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "Skeptical Buyer");
  g_assert_null (stored->description);
  g_assert_null (stored->tts_model);
  g_assert_cmpint (stored->status, ==, DEBRIEF_AGENT_STATUS_DRAFT);
  g_assert_cmpstr (stored->system_prompt, ==, "Play a buyer who doubts every number.");

  stored_voice = debrief_store_get_voice_settings (f->store, agent->id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (stored_voice->speed, ==, 1.25);
  g_assert_cmpfloat (stored_voice->pitch, ==, -2);

  /* Saved again, the same rows change. */
  voice->speed = 0.75;
  g_assert_true (debrief_agents_save (f->store, agent, voice, &error));
  g_clear_pointer (&stored_voice, debrief_voice_settings_free);
  stored_voice = debrief_store_get_voice_settings (f->store, agent->id, &error);
  g_assert_cmpfloat (stored_voice->speed, ==, 0.75);
}

static void
test_delete_keeps_calls (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DebriefAgent) agent = make_agent ("Coach");
  g_autoptr(DebriefVoiceSettings) voice = debrief_voice_settings_new_with_defaults (NULL);
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefCall) kept = NULL;
  g_autoptr(DebriefVoiceSettings) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (debrief_agents_save (f->store, agent, voice, &error));
  call->kind = DEBRIEF_CALL_KIND_COACHING;
  call->ai_agent_id = g_strdup (agent->id);
  call->title = g_strdup ("Pricing objection drill");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->started_at = g_get_real_time ();
  g_assert_true (debrief_store_save_call (f->store, call, &error));
  g_assert_no_error (error);

  g_assert_true (debrief_store_delete_agent (f->store, agent->id, &error));
  g_assert_no_error (error);

  kept = debrief_store_get_call (f->store, call->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept->title, ==, "Pricing objection drill");
  g_assert_null (kept->ai_agent_id);

  gone = debrief_store_get_voice_settings (f->store, agent->id, &error);
  g_assert_null (gone);
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);
}

/* debrief-cli */

/* Runs debrief-cli on the fixture's data folder with the NULL-terminated arguments. */
static void
run (Fixture *f,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("DEBRIEF_CLI"));
  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "DEBRIEF_DATA_DIR", f->dir, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  f->status = g_subprocess_get_exit_status (proc);
}

static JsonNode *
parse_out (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (f->out, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* An error is one line on stderr, with @text in it, and nothing on stdout. */
static void
assert_failed (Fixture    *f,
               int         status,
               const char *text)
{
  g_assert_cmpint (f->status, ==, status);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_true (g_str_has_prefix (f->err, "debrief-cli: "));
  g_assert_nonnull (strstr (f->err, text));
  g_assert_true (g_str_has_suffix (f->err, "\n"));
  g_assert_true (strchr (f->err, '\n') == f->err + strlen (f->err) - 1);
}

/* Every column of @table is a member of @object, and nothing else but @extra. */
static void
assert_columns (Fixture    *f,
                const char *table,
                JsonObject *object,
                const char *extra)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s')", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint columns = 0;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 0);

      if (!json_object_has_member (object, column))
        g_error ("%s.%s is missing from the JSON", table, column);
      columns++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpuint (columns, >, 5);
  g_assert_cmpuint (json_object_get_size (object), ==, columns + (extra != NULL ? 1 : 0));
  if (extra != NULL)
    g_assert_true (json_object_has_member (object, extra));
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) edited = NULL;
  JsonObject *agent;
  JsonObject *voice;
  g_autofree char *id = NULL;

  run (f, "agents", "list", "--json", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "[]\n");

  run (f, "agents", "add", "Negotiator", "--description", "A buyer who pushes on price", "--status", "active",
       "--prompt", "Play a tough buyer.", "--language", "de", "--chat-model", "gpt-4o", "--voice", "onyx",
       "--speed", "1.25", "--pitch", "-3", "--stability", "0.3", "--similarity", "0.9", "--json", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->err, ==, "");
  added = parse_out (f);
  agent = json_node_get_object (added);
  assert_columns (f, "agents", agent, "voice_settings");
  g_assert_cmpstr (json_object_get_string_member (agent, "name"), ==, "Negotiator");
  g_assert_cmpstr (json_object_get_string_member (agent, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (agent, "language"), ==, "de");
  g_assert_cmpstr (json_object_get_string_member (agent, "model_type"), ==, "gpt-4o");
  g_assert_cmpstr (json_object_get_string_member (agent, "stt_model"), ==, "whisper-1");
  g_assert_cmpstr (json_object_get_string_member (agent, "system_prompt"), ==, "Play a tough buyer.");
  voice = json_object_get_object_member (agent, "voice_settings");
  assert_columns (f, "voice_settings", voice, NULL);
  g_assert_cmpstr (json_object_get_string_member (voice, "voice_id"), ==, "onyx");
  g_assert_cmpstr (json_object_get_string_member (voice, "agent_id"), ==,
                   json_object_get_string_member (agent, "id"));
  g_assert_cmpfloat (json_object_get_double_member (voice, "speed"), ==, 1.25);
  g_assert_cmpfloat (json_object_get_double_member (voice, "pitch"), ==, -3);
  g_assert_cmpfloat (json_object_get_double_member (voice, "stability"), ==, 0.3);
  g_assert_cmpfloat (json_object_get_double_member (voice, "similarity_boost"), ==, 0.9);
  id = g_strdup (json_object_get_string_member (agent, "id"));

  /* Without --json, add prints the id; the defaults fill in the rest. */
  run (f, "agents", "add", "Interviewer", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_uuid_string_is_valid (g_strchomp (f->out)));

  run (f, "agents", "list", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, id));
  g_assert_nonnull (strstr (f->out, "Negotiator — A buyer who pushes on price"));
  g_assert_true (strstr (f->out, "Interviewer") < strstr (f->out, "Negotiator"));
  g_assert_nonnull (strstr (f->out, "draft"));

  run (f, "agents", "list", "--json", NULL);
  listed = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 2);
  agent = json_array_get_object_element (json_node_get_array (listed), 0);
  g_assert_cmpstr (json_object_get_string_member (agent, "name"), ==, "Interviewer");
  g_assert_cmpstr (json_object_get_string_member (agent, "status"), ==, "draft");
  voice = json_object_get_object_member (agent, "voice_settings");
  g_assert_cmpfloat (json_object_get_double_member (voice, "stability"), ==, 0.5);
  g_assert_cmpfloat (json_object_get_double_member (voice, "similarity_boost"), ==, 0.75);
  g_assert_cmpfloat (json_object_get_double_member (voice, "speed"), ==, 1);

  /* Bad input: one line, exit 1; nothing changes. */
  run (f, "agents", "add", "negotiator", NULL);
  assert_failed (f, 1, "There is already a coach named “Negotiator”");
  run (f, "agents", "add", "Closer", "--stability", "1.5", NULL);
  assert_failed (f, 1, "Stability must be between 0 and 1, not 1.5");
  run (f, "agents", "add", "Closer", "--speed", "8", NULL);
  assert_failed (f, 1, "Speed must be between 0.25 and 4, not 8");
  run (f, "agents", "add", "   ", NULL);
  assert_failed (f, 1, "A coach needs a name");
  run (f, "agents", "edit", "Nobody", "--speed", "1", NULL);
  assert_failed (f, 1, "No coach with the name or id “Nobody”");
  run (f, "agents", "delete", "Nobody", NULL);
  assert_failed (f, 1, "No coach with the name or id “Nobody”");
  run (f, "agents", "edit", "Interviewer", "--name", "NEGOTIATOR", NULL);
  assert_failed (f, 1, "There is already a coach named “Negotiator”");

  /* Usage errors: exit 2. */
  run (f, "agents", "add", "Closer", "--stability", "high", NULL);
  assert_failed (f, 2, "--stability needs a number, not “high”");
  run (f, "agents", "add", "Closer", "--status", "busy", NULL);
  assert_failed (f, 2, "Unknown status “busy”: use draft, active or inactive");
  run (f, "agents", "add", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "agents", "add", "Closer", "--bogus", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "agents", "frobnicate", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "agents", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "agents", "--help", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "delete"));
  run (f, "agents", "edit", "--help", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "--similarity"));
  g_assert_nonnull (strstr (f->out, "--name"));

  run (f, "agents", "list", "--json", NULL);
  g_clear_pointer (&listed, json_node_unref);
  listed = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 2);

  /* Edit by name (any case) or id: what is given changes, the rest stays. */
  run (f, "agents", "edit", "negotiator", "--name", "Tough Buyer", "--similarity", "0.2", "--status", "inactive",
       "--json", NULL);
  g_assert_cmpint (f->status, ==, 0);
  edited = parse_out (f);
  agent = json_node_get_object (edited);
  g_assert_cmpstr (json_object_get_string_member (agent, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (agent, "name"), ==, "Tough Buyer");
  g_assert_cmpstr (json_object_get_string_member (agent, "status"), ==, "inactive");
  g_assert_cmpstr (json_object_get_string_member (agent, "description"), ==, "A buyer who pushes on price");
  voice = json_object_get_object_member (agent, "voice_settings");
  g_assert_cmpfloat (json_object_get_double_member (voice, "similarity_boost"), ==, 0.2);
  g_assert_cmpfloat (json_object_get_double_member (voice, "speed"), ==, 1.25);
  g_assert_cmpstr (json_object_get_string_member (voice, "voice_id"), ==, "onyx");

  run (f, "agents", "edit", id, "--description", "", "--pitch=-12", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "");
  {
    g_autoptr(DebriefAgent) stored = debrief_store_get_agent (f->store, id, NULL);
    g_autoptr(DebriefVoiceSettings) stored_voice = debrief_store_get_voice_settings (f->store, id, NULL);

    g_assert_null (stored->description);
    g_assert_cmpstr (stored->name, ==, "Tough Buyer");
    g_assert_cmpfloat (stored_voice->pitch, ==, -12);
  }

  run (f, "agents", "edit", id, "--pitch", "12.5", NULL);
  assert_failed (f, 1, "Pitch must be between -12 and 12 semitones, not 12.5");

  /* Delete by name, then by id. */
  run (f, "agents", "delete", "tough buyer", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "");
  run (f, "agents", "delete", id, NULL);
  assert_failed (f, 1, "No coach with the name or id");
  run (f, "agents", "delete", "Interviewer", NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "agents", "list", "--json", NULL);
  g_assert_cmpstr (f->out, ==, "[]\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("DEBRIEF_CLI"));

  g_test_add ("/agents/default", Fixture, NULL, fixture_set_up, test_default_agent, fixture_tear_down);
  g_test_add ("/agents/default-without-settings", Fixture, NULL, fixture_set_up,
              test_default_agent_without_settings, fixture_tear_down);
  g_test_add ("/agents/validate", Fixture, NULL, fixture_set_up, test_validate, fixture_tear_down);
  g_test_add ("/agents/save", Fixture, NULL, fixture_set_up, test_save, fixture_tear_down);
  g_test_add ("/agents/delete-keeps-calls", Fixture, NULL, fixture_set_up, test_delete_keeps_calls,
              fixture_tear_down);
  g_test_add ("/agents/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
