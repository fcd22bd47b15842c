/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: debrief-cli as a script would use it: output, JSON, exit statuses, bad input */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "debrief-store.h"
#include "debrief-test-fixture.h"
#include "debrief-test-s3rver.h"

typedef struct
{
  char *dir;
  char *out;
  char *err;
  int   status;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = debrief_test_make_data_dir ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

/* Runs debrief-cli with DEBRIEF_DATA_DIR=@data_dir and the NULL-terminated arguments. */
static void
run_in (Fixture    *f,
        const char *data_dir,
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
  va_start (ap, data_dir);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "DEBRIEF_DATA_DIR", data_dir, TRUE);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  f->status = g_subprocess_get_exit_status (proc);
}

#define run(f, ...) run_in (f, (f)->dir, __VA_ARGS__, NULL)

static JsonNode *
parse_out (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (f->out, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_new_data_dir (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *fresh = g_build_filename (f->dir, "not", "made", "yet", NULL);

  run_in (f, fresh, "calls", "list", "--json", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "[]\n");
  g_assert_cmpstr (f->err, ==, "");
  g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_DIR));

  run_in (f, fresh, "calls", "list", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "");
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  run (f, "--version");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "debrief-cli " PACKAGE_VERSION "\n");

  run (f, "--help");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "calls"));
  g_assert_nonnull (strstr (f->out, "search"));

  run (f, "calls", "--help");
  g_assert_cmpint (f->status, ==, 0);
  run (f, "calls", "list", "--help");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "--json"));
  run (f, "search", "--help");
  g_assert_cmpint (f->status, ==, 0);

  run (f, "frobnicate");
  g_assert_cmpint (f->status, ==, 2);
  g_assert_nonnull (strstr (f->err, "unknown command “frobnicate”"));

  run (f, "calls", "list", "--bogus");
  g_assert_cmpint (f->status, ==, 2);
  g_assert_nonnull (strstr (f->err, "--bogus"));

  run (f, "calls", "show");
  g_assert_cmpint (f->status, ==, 2);
  run (f, "search");
  g_assert_cmpint (f->status, ==, 2);
}

static char *
fill (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = debrief_store_open (path, NULL, &error);
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefCall) other = debrief_call_new ();
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();

  g_assert_no_error (error);

  call->title = g_strdup ("Pricing objection drill");
  call->kind = DEBRIEF_CALL_KIND_COACHING;
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->end_reason = DEBRIEF_END_REASON_MANUAL;
  call->duration_seconds = 125;
  call->recording_path = g_strdup ("/tmp/recording.ogg");
  call->recording_format = g_strdup ("ogg");
  call->started_at = 1763700000000000;
  g_assert_true (debrief_store_save_call (store, call, &error));

  chunk->call_id = g_strdup (call->id);
  chunk->user_transcript = g_strdup ("The discount is too small");
  chunk->ai_text_response = g_strdup ("Ask what budget they had in mind.");
  chunk->start_ms = 65000;
  g_assert_true (debrief_store_save_chunk (store, chunk, &error));

  other->title = g_strdup ("Team stand-up");
  other->status = DEBRIEF_CALL_STATUS_ENDED;
  other->started_at = 1763600000000000;
  g_assert_true (debrief_store_save_call (store, other, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&store));
  return g_strdup (call->id);
}

static void
test_calls (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = fill (f);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *call;
  JsonArray *chunks;

  run (f, "calls", "list", "--json");
  g_assert_cmpint (f->status, ==, 0);
  list = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  call = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (call, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (call, "title"), ==, "Pricing objection drill");
  g_assert_cmpstr (json_object_get_string_member (call, "kind"), ==, "coaching");
  g_assert_cmpstr (json_object_get_string_member (call, "status"), ==, "ended");
  g_assert_cmpstr (json_object_get_string_member (call, "end_reason"), ==, "manual");
  g_assert_cmpstr (json_object_get_string_member (call, "started_at"), ==, "2025-11-21T04:40:00.000000Z");
  g_assert_cmpstr (json_object_get_string_member (call, "recording"), ==, "/tmp/recording.ogg");
  g_assert_cmpfloat (json_object_get_double_member (call, "duration_seconds"), ==, 125);
  g_assert_true (json_object_has_member (call, "cost_estimate"));

  run (f, "calls", "list");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, id));
  g_assert_nonnull (strstr (f->out, "0:02:05"));

  run (f, "calls", "show", id, "--json");
  g_assert_cmpint (f->status, ==, 0);
  shown = parse_out (f);
  chunks = json_object_get_array_member (json_node_get_object (shown), "chunks");
  g_assert_cmpuint (json_array_get_length (chunks), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chunks, 0), "user_transcript"),
                   ==, "The discount is too small");

  run (f, "calls", "show", id);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "[01:05] You: The discount is too small"));
  g_assert_nonnull (strstr (f->out, "[01:05] Coach: Ask what budget"));

  run (f, "calls", "show", "00000000-0000-4000-8000-000000000000");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "No call with id"));
  g_assert_cmpstr (f->out, ==, "");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = fill (f);
  g_autoptr(JsonNode) hits = NULL;
  JsonObject *hit;
  const char *hostile[] = { "\"unbalanced AND (", "*", "NEAR(", "💥", "-", "'; DROP TABLE calls; --" };

  run (f, "search", "discount", "--json");
  g_assert_cmpint (f->status, ==, 0);
  hits = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (hits)), ==, 1);
  hit = json_array_get_object_element (json_node_get_array (hits), 0);
  g_assert_cmpstr (json_object_get_string_member (hit, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (hit, "title"), ==, "Pricing objection drill");
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "snippet"), "discount"));

  /* Not a terminal: matches are marked with brackets. */
  run (f, "search", "budget");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "[budget]"));

  /* A query that looks like an option is still a query. */
  run (f, "search", "-discount");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, id));

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(JsonNode) none = NULL;

      run (f, "search", hostile[i], "--json");
      g_assert_cmpint (f->status, ==, 0);
      none = parse_out (f);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (none)), ==, 0);
    }

  run (f, "search", "nothing-like-this");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->err, "No calls match"));

  run (f, "calls", "list", "--json");
  g_assert_cmpint (f->status, ==, 0);
}

static void
test_bad_data (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "debrief.db", NULL);
  g_autofree char *blocker = g_build_filename (f->dir, "blocker", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "data", NULL);
  g_autofree char *after = NULL;
  const char *garbage = "not a database, really not a database, not at all, no no no no no no no no no";

  g_assert_true (g_file_set_contents (db, garbage, -1, NULL));
  run (f, "calls", "list", "--json");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_nonnull (strstr (f->err, "damaged or is not a Debrief database"));
  g_assert_true (g_file_get_contents (db, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);

  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  run_in (f, under_file, "calls", "list", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "Could not create the data folder"));
}

static void
test_media_commands (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rec = g_build_filename (f->dir, "rec.webm", NULL);
  g_autofree char *voice = g_build_filename (f->dir, "voice.ogg", NULL);
  g_autofree char *text = g_build_filename (f->dir, "text.ogg", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "no", "such", "dir", "x.ogg", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *probe;

  g_setenv ("DEBRIEF_AUDIO_SOURCE", "audiotestsrc is-live=true freq=440", TRUE);
  g_setenv ("DEBRIEF_REMOTE_SOURCE", "audiotestsrc is-live=true freq=880", TRUE);

  /* The format follows the file name; --duration stops it. */
  run (f, "record", "-o", rec, "--duration", "1");
  g_assert_cmpint (f->status, ==, 0);
  run (f, "probe", rec, "--json");
  g_assert_cmpint (f->status, ==, 0);
  node = parse_out (f);
  probe = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (probe, "container"), ==, "webm");
  g_assert_cmpstr (json_object_get_string_member (probe, "codec"), ==, "opus");
  g_assert_cmpint (json_object_get_int_member (probe, "channels"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (probe, "rate"), ==, 48000);
  g_assert_cmpint (json_object_get_int_member (probe, "duration_ms"), >=, 900);
  g_assert_cmpint (json_object_get_int_member (probe, "duration_ms"), <=, 1100);

  run (f, "transcode", "--preset", "whatsapp-voice", rec, voice);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->err, ==, "");
  run (f, "probe", voice);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "ogg/opus, 1 channel(s), 48000 Hz"));

  /* Bad input: one line, a non-zero status, nothing left behind. */
  run (f, "record", "-o", nowhere, "--duration", "1");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "does not exist"));
  g_assert_cmpint (strchr (f->err, '\n') - f->err, ==, strlen (f->err) - 1);

  run (f, "record", "--duration", "1");
  g_assert_cmpint (f->status, ==, 2);
  run (f, "record", "-o", rec, "--format", "mp3");
  g_assert_cmpint (f->status, ==, 2);
  run (f, "record", "-o", rec, "--channels", "3");
  g_assert_cmpint (f->status, ==, 2);

  run (f, "probe", nowhere);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "does not exist"));

  g_assert_true (g_file_set_contents (text, "not audio at all", -1, NULL));
  run (f, "probe", text);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "is not an audio file"));

  run (f, "transcode", "--preset", "whatsapp-voice", text, voice);
  g_assert_cmpint (f->status, ==, 1);
  run (f, "transcode", "--preset", "mp3", rec, voice);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "transcode", "--preset", "ogg", rec);
  g_assert_cmpint (f->status, ==, 2);

  g_unsetenv ("DEBRIEF_AUDIO_SOURCE");
  g_unsetenv ("DEBRIEF_REMOTE_SOURCE");
}

static JsonObject *
call_json (Fixture *f)
{
  g_autoptr(JsonNode) node = parse_out (f);

  return json_object_ref (json_node_get_object (node));
}

static void
test_call (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *tone = g_build_filename (f->dir, "tone.wav", NULL);
  g_autofree char *silence = g_build_filename (f->dir, "silence.wav", NULL);
  g_autoptr(JsonObject) call = NULL;
  g_autoptr(JsonObject) limited = NULL;
  g_autoptr(JsonObject) quiet = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *make_tone = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc num-buffers=20 ! "
                                                "audio/x-raw,rate=16000,channels=1 ! wavenc ! "
                                                "filesink location=%s", tone);
  g_autofree char *make_silence = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc wave=silence num-buffers=80 ! "
                                                   "audio/x-raw,rate=16000,channels=1 ! wavenc ! "
                                                   "filesink location=%s", silence);

  g_assert_true (g_spawn_command_line_sync (make_tone, NULL, NULL, NULL, &error));
  g_assert_true (g_spawn_command_line_sync (make_silence, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A WAV as the microphone: the call ends when it does. */
  run (f, "call", "--input", tone, "--title", "Scripted call", "--json");
  g_assert_cmpint (f->status, ==, 0);
  call = call_json (f);
  g_assert_cmpstr (json_object_get_string_member (call, "status"), ==, "ended");
  g_assert_cmpstr (json_object_get_string_member (call, "end_reason"), ==, "manual");
  g_assert_cmpstr (json_object_get_string_member (call, "title"), ==, "Scripted call");
  g_assert_cmpfloat (json_object_get_double_member (call, "duration_seconds"), >=, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (call, "duration_seconds"), <=, 1.8);
  g_assert_true (g_file_test (json_object_get_string_member (call, "recording"), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (call, "chunks")), ==, 0);
  g_assert_true (json_object_has_member (call, "cost_estimate"));

  /* The limit ends it. */
  run (f, "call", "--input", silence, "--max-duration", "1", "--json");
  g_assert_cmpint (f->status, ==, 0);
  limited = call_json (f);
  g_assert_cmpstr (json_object_get_string_member (limited, "end_reason"), ==, "time_limit");
  g_assert_cmpfloat (json_object_get_double_member (limited, "duration_seconds"), ==, 1.0);

  /* So does silence. */
  run (f, "call", "--input", silence, "--inactivity", "2", "--json");
  g_assert_cmpint (f->status, ==, 0);
  quiet = call_json (f);
  g_assert_cmpstr (json_object_get_string_member (quiet, "end_reason"), ==, "inactivity");

  run (f, "calls", "list");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "Scripted call"));

  run (f, "call", "--input", "/nonexistent/input.wav");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "does not exist"));
  run (f, "call", "--max-duration", "-5");
  g_assert_cmpint (f->status, ==, 2);
}

static void
test_cloud_copies (Fixture       *f,
                   gconstpointer  data)
{
  DebriefTestS3rver *server = debrief_test_s3rver_start ("calls");
  g_autofree char *tone = g_build_filename (f->dir, "tone.wav", NULL);
  g_autofree char *make_tone = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc num-buffers=15 ! "
                                                "audio/x-raw,rate=16000,channels=1 ! wavenc ! "
                                                "filesink location=%s", tone);
  g_autoptr(JsonObject) call = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) shared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *url = NULL;
  gsize local_length;
  const char *id;

  g_assert_true (g_spawn_command_line_sync (make_tone, NULL, NULL, NULL, &error));
  g_setenv ("DEBRIEF_STORAGE_BACKEND", "s3", TRUE);
  g_setenv ("AWS_ENDPOINT_URL", server->endpoint, TRUE);
  g_setenv ("DEBRIEF_S3_BUCKET", "calls", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "S3RVER", TRUE);

  run (f, "call", "--input", tone, "--json");
  g_assert_cmpint (f->status, ==, 0);
  call = call_json (f);
  id = json_object_get_string_member (call, "id");
  g_assert_cmpstr (json_object_get_string_member (call, "storage_backend"), ==, "s3");

  /* Not shareable before it is uploaded. */
  run (f, "presign", id);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "not in the cloud yet"));

  run (f, "sync", "--once");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->err, "Uploaded 2 file(s), 0 failed"));

  /* The link works for anyone, and holds the recording. */
  run (f, "presign", id, "--ttl", "600");
  g_assert_cmpint (f->status, ==, 0);
  url = g_strstrip (g_strdup (f->out));
  g_assert_true (g_str_has_prefix (url, server->endpoint));
  g_assert_nonnull (strstr (url, "X-Amz-Expires=600"));
  message = soup_message_new ("GET", url);
  shared = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_true (g_file_get_contents (json_object_get_string_member (call, "recording"), &local, &local_length,
                                      NULL));
  g_assert_cmpuint (g_bytes_get_size (shared), ==, local_length);

  run (f, "presign", id, "--ttl", "999999");
  g_assert_cmpint (f->status, ==, 2);

  /* Nothing left to do; a storage that cannot be reached is a failure. */
  run (f, "sync", "--once");
  g_assert_cmpint (f->status, ==, 0);
  g_setenv ("AWS_ENDPOINT_URL", "not a url", TRUE);
  run (f, "sync", "--once");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "is not a storage URL"));

  g_setenv ("DEBRIEF_STORAGE_BACKEND", "local", TRUE);
  run (f, "sync", "--once");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "on this computer only"));

  g_unsetenv ("DEBRIEF_STORAGE_BACKEND");
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("DEBRIEF_S3_BUCKET");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  debrief_test_s3rver_stop (server);
}

static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  DebriefTestS3rver *server = debrief_test_s3rver_start ("calls");
  g_autofree char *tone = g_build_filename (f->dir, "tone.wav", NULL);
  g_autofree char *make_tone = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc num-buffers=10 ! "
                                                "audio/x-raw,rate=16000,channels=1 ! wavenc ! "
                                                "filesink location=%s", tone);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_command_line_sync (make_tone, NULL, NULL, NULL, &error));

  /* Two calls kept on this computer only. */
  g_setenv ("DEBRIEF_STORAGE_BACKEND", "local", TRUE);
  run (f, "call", "--input", tone, "--title", "Before the cloud", "--json");
  g_assert_cmpint (f->status, ==, 0);
  first = call_json (f);
  run (f, "call", "--input", tone);
  g_assert_cmpint (f->status, ==, 0);

  /* With local storage, migrate only brings cloud-only files home: none yet. */
  run (f, "migrate");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->err, "choose a cloud storage"));

  g_setenv ("DEBRIEF_STORAGE_BACKEND", "s3", TRUE);
  g_setenv ("AWS_ENDPOINT_URL", server->endpoint, TRUE);
  g_setenv ("DEBRIEF_S3_BUCKET", "calls", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "S3RVER", TRUE);

  run (f, "migrate", "--dry-run");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "Would move: “Before the cloud”"));
  g_assert_nonnull (strstr (f->err, "2 call(s) would move"));

  run (f, "migrate");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->err, "2 call(s) moved; uploaded 4 file(s), 0 failed"));

  /* Again: nothing to move, nothing uploaded twice. */
  run (f, "migrate");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->err, "0 call(s) moved; uploaded 0 file(s)"));

  run (f, "presign", json_object_get_string_member (first, "id"));
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_str_has_prefix (f->out, server->endpoint));

  g_unsetenv ("DEBRIEF_STORAGE_BACKEND");
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("DEBRIEF_S3_BUCKET");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  debrief_test_s3rver_stop (server);
}

static char *
unzip_print (const char *zip,
             const char *member)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "unzip", "-p", zip, member, NULL };
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));

  return g_steal_pointer (&out);
}

/* A call with a transcript and a note, exported and unpacked again. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *tone = g_build_filename (f->dir, "tone.wav", NULL);
  g_autofree char *zip = g_build_filename (f->dir, "call.zip", NULL);
  g_autofree char *make_tone = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc num-buffers=20 ! "
                                                "audio/x-raw,rate=16000,channels=1 ! wavenc ! "
                                                "filesink location=%s", tone);
  g_autofree char *db = g_build_filename (f->dir, "debrief.db", NULL);
  g_autoptr(JsonObject) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *srt = NULL;
  g_autofree char *txt = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *archive = NULL;
  g_autoptr(JsonNode) archive_node = NULL;
  const char *id;

  g_assert_true (g_spawn_command_line_sync (make_tone, NULL, NULL, NULL, &error));
  run (f, "call", "--input", tone, "--title", "Exported call", "--json");
  g_assert_cmpint (f->status, ==, 0);
  call = call_json (f);
  id = json_object_get_string_member (call, "id");

  {
    g_autoptr(DebriefStore) store = debrief_store_open (db, NULL, &error);
    g_autoptr(DebriefCall) stored = NULL;
    const char *lines[] = { "Thanks for taking the call.", "Happy to, what’s the price?" };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();

        chunk->call_id = g_strdup (id);
        chunk->speaker = i == 0 ? DEBRIEF_SPEAKER_USER : DEBRIEF_SPEAKER_REMOTE;
        chunk->user_transcript = g_strdup (lines[i]);
        chunk->start_ms = 1000 + i * 61500;
        chunk->end_ms = chunk->start_ms + 2250;
        g_assert_true (debrief_store_save_chunk (store, chunk, &error));
      }
    stored = debrief_store_get_call (store, id, &error);
    stored->call_notes = g_strdup ("Send the proposal on Friday.");
    g_assert_true (debrief_store_save_call (store, stored, &error));
  }

  run (f, "export", id, "-o", zip);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (g_strstrip (f->out), ==, zip);

  /* The archive is sound, and holds what it says. */
  {
    const char *argv[] = { "unzip", "-tq", zip, NULL };
    int wait_status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &wait_status, &error));
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }
  srt = unzip_print (zip, "transcript.srt");
  g_assert_cmpstr (srt, ==,
                   "1\n00:00:01,000 --> 00:00:03,250\nYou: Thanks for taking the call.\n\n"
                   "2\n00:01:02,500 --> 00:01:04,750\nOther side: Happy to, what’s the price?\n\n");
  txt = unzip_print (zip, "transcript.txt");
  g_assert_cmpstr (txt, ==, "[00:01] You: Thanks for taking the call.\n"
                   "[01:02] Other side: Happy to, what’s the price?\n");
  notes = unzip_print (zip, "notes.txt");
  g_assert_nonnull (strstr (notes, "Send the proposal on Friday."));
  recording = unzip_print (zip, "recording.ogg");
  g_assert_true (g_str_has_prefix (recording, "OggS"));
  archive = unzip_print (zip, "archive.json");
  archive_node = json_from_string (archive, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (archive_node),
                                                                                 "call"), "title"), ==,
                   "Exported call");

  /* Bad input: an unknown call, a missing folder, no output. Nothing is left behind. */
  run (f, "export", "no-such-call", "-o", zip);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "No call with id"));
  {
    g_autofree char *nowhere = g_build_filename (f->dir, "missing", "call.zip", NULL);

    run (f, "export", id, "-o", nowhere);
    g_assert_cmpint (f->status, ==, 1);
    g_assert_nonnull (strstr (f->err, "does not exist"));
  }
  run (f, "export", id);
  g_assert_cmpint (f->status, ==, 2);

  /* The recording gone from this computer: refused, with what to do. */
  g_assert_cmpint (g_unlink (json_object_get_string_member (call, "recording")), ==, 0);
  run (f, "export", id, "-o", zip);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "not on this computer"));
}

/* Each format the library keeps, one it converts, and a file that is not audio. */
static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *wav = g_build_filename (f->dir, "Discovery call.wav", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *make_wav = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc num-buffers=60 ! "
                                               "audio/x-raw,rate=48000,channels=1 ! wavenc ! "
                                               "filesink location=\"%s\"", wav);
  const char *formats[] = { "ogg", "m4a", "webm" };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *calls;

  g_assert_true (g_spawn_command_line_sync (make_wav, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (files, g_strdup (wav));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("call-%u.%s", i, formats[i]);
      char *path = g_build_filename (f->dir, name, NULL);

      run (f, "transcode", "--preset", formats[i], wav, path);
      g_assert_cmpint (f->status, ==, 0);
      g_ptr_array_add (files, path);
    }
  g_assert_true (g_file_set_contents (text, "These are notes, not audio.", -1, NULL));

  run (f, "import", "--json", files->pdata[0], files->pdata[1], files->pdata[2], files->pdata[3], text);
  /* The text file is refused with the reason; the others are in. */
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "notes.txt"));
  g_assert_nonnull (strstr (f->err, "not an audio file"));
  node = parse_out (f);
  calls = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (calls), ==, 4);
  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);
      const char *expected_format = i == 0 ? "ogg" : formats[i - 1];
      const char *recording = json_object_get_string_member (call, "recording");

      g_test_message ("%s: %s %.3f s", (char *) files->pdata[i], recording,
                      json_object_get_double_member (call, "duration_seconds"));
      g_assert_cmpstr (json_object_get_string_member (call, "kind"), ==, "recorded");
      g_assert_cmpstr (json_object_get_string_member (call, "status"), ==, "ended");
      g_assert_cmpstr (json_object_get_string_member (call, "recording_format"), ==, expected_format);
      g_assert_true (g_str_has_suffix (recording, expected_format));
      g_assert_true (g_file_test (recording, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (call, "duration_seconds"), 1.28, 0.1);
    }
  /* The title is the file's name; the original stays. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (calls, 0), "title"), ==,
                   "Discovery call");
  g_assert_true (g_file_test (wav, G_FILE_TEST_IS_REGULAR));

  run (f, "search", "Discovery");
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "Discovery call"));

  /* Bad input. */
  run (f, "import", "--title", "One title", files->pdata[1], files->pdata[2]);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "import", "--lead", "no-such-contact", files->pdata[1]);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "No contact"));
  run (f, "import", "/no/such/file.ogg");
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "is not a file"));
  run (f, "calls", "list", "--json");
  {
    g_autoptr(JsonNode) listed = parse_out (f);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 4);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("DEBRIEF_CLI"));

  g_test_add ("/cli/new-data-dir", Fixture, NULL, fixture_set_up, test_new_data_dir, fixture_tear_down);
  g_test_add ("/cli/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);
  g_test_add ("/cli/calls", Fixture, NULL, fixture_set_up, test_calls, fixture_tear_down);
  g_test_add ("/cli/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/cli/bad-data", Fixture, NULL, fixture_set_up, test_bad_data, fixture_tear_down);
  g_test_add ("/cli/media-commands", Fixture, NULL, fixture_set_up, test_media_commands, fixture_tear_down);
  g_test_add ("/cli/call", Fixture, NULL, fixture_set_up, test_call, fixture_tear_down);
  g_test_add ("/cli/cloud-copies", Fixture, NULL, fixture_set_up, test_cloud_copies, fixture_tear_down);
  g_test_add ("/cli/migrate", Fixture, NULL, fixture_set_up, test_migrate, fixture_tear_down);
  g_test_add ("/cli/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/cli/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);

  return g_test_run ();
}
