/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-call-session.c: a call's life with a hand-driven clock: limits, pauses, chunks, crashes, one call at a time */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "debrief-call-finish.h"
#include "debrief-call-session.h"
#include "debrief-duration.h"
#include "debrief-media-format.h"
#include "debrief-probe.h"
#include "debrief-test-fixture.h"

typedef struct
{
  char               *dir;
  char               *db;
  DebriefStore       *store;
  DebriefClock       *clock;
  DebriefCallOptions *options;
  DebriefCallSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = debrief_test_make_data_dir ();
  f->db = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (f->db, NULL, &error);
  g_assert_no_error (error);
  f->clock = debrief_clock_new_manual (1763700000000000);
  f->options = debrief_call_options_new ();
  g_free (f->options->data_dir);
  f->options->data_dir = g_strdup (f->dir);
  f->options->title = g_strdup ("Discovery call with Initech");

  g_setenv ("DEBRIEF_AUDIO_SOURCE", "audiotestsrc is-live=true freq=440 samplesperbuffer=2400", TRUE);
  g_setenv ("DEBRIEF_REMOTE_SOURCE", "audiotestsrc is-live=true freq=880 samplesperbuffer=2400", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->session != NULL)
    g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->clock);
  g_assert_finalize_object (f->store);
  debrief_call_options_free (f->options);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static void
wait_for_state (DebriefCallSession *session,
                DebriefCallState    state)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (debrief_call_session_get_state (session) != state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpint (debrief_call_session_get_state (session), ==, state);
}

/* Lets the real recorder capture for a moment. */
static void
let_audio_flow (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static void
ended_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
end_call (DebriefCallSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  debrief_call_session_end_async (session, DEBRIEF_END_REASON_MANUAL, NULL, ended_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (debrief_call_session_end_finish (session, result, &error));
  g_assert_no_error (error);
}

static DebriefCall *
stored_call (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DebriefCall *call = debrief_store_get_call (f->store, debrief_call_session_get_call (f->session)->id, &error);

  g_assert_no_error (error);
  return call;
}

static void
start (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->session = debrief_call_session_new (f->store, f->clock, f->options);
  g_assert_cmpint (debrief_call_session_get_state (f->session), ==, DEBRIEF_CALL_STATE_IDLE);
  g_assert_true (debrief_call_session_start (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (debrief_call_session_get_state (f->session), ==, DEBRIEF_CALL_STATE_ACTIVE);
}

static void
speak (Fixture  *f,
       guint     channel,
       gboolean  speaking)
{
  g_signal_emit_by_name (debrief_call_session_get_recorder (f->session), "voice-activity", channel, speaking,
                         (gint64) 0);
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DebriefCall) active = NULL;
  g_autoptr(DebriefCall) ended = NULL;
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
  g_autoptr(DebriefProbe) probe = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = NULL;
  JsonObject *root;
  guint added = 0;

  start (f);

  /* The row exists, active, as soon as the call started. */
  active = stored_call (f);
  g_assert_cmpint (active->status, ==, DEBRIEF_CALL_STATUS_ACTIVE);
  g_assert_cmpstr (active->title, ==, "Discovery call with Initech");
  g_assert_cmpint (active->started_at, ==, 1763700000000000);
  g_assert_cmpint (debrief_call_session_get_limit_ms (f->session), ==, 15 * 60 * 1000);

  let_audio_flow (600);
  debrief_clock_advance (f->clock, 30 * 1000);
  g_assert_cmpint (debrief_call_session_get_elapsed_ms (f->session), ==, 30 * 1000);
  g_assert_cmpint (debrief_call_session_get_time_left_ms (f->session), ==, 14 * 60 * 1000 + 30 * 1000);

  /* A turn producer's chunk is stored at once and priced (30 s of STT at $0.01/min). */
  g_signal_connect_swapped (f->session, "chunk-added", G_CALLBACK (g_atomic_int_inc), &added);
  chunk->speaker = DEBRIEF_SPEAKER_REMOTE;
  chunk->user_transcript = g_strdup ("We need the quote by Friday.");
  chunk->start_ms = 0;
  chunk->end_ms = 30000;
  g_assert_true (debrief_call_session_add_chunk (f->session, chunk, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpfloat_with_epsilon (debrief_call_session_get_cost (f->session), 0.005, 1e-9);
  g_clear_pointer (&active, debrief_call_free);
  active = stored_call (f);
  g_assert_cmpfloat_with_epsilon (active->cost_estimate, 0.005, 1e-9);

  g_assert_true (debrief_call_session_set_notes (f->session, "Send the quote", &error));
  g_clear_pointer (&active, debrief_call_free);
  active = stored_call (f);
  g_assert_cmpstr (active->call_notes, ==, "Send the quote");

  /* Paused time is not call time. */
  debrief_call_session_pause (f->session);
  g_assert_cmpint (debrief_call_session_get_state (f->session), ==, DEBRIEF_CALL_STATE_PAUSED);
  debrief_clock_advance (f->clock, 120 * 1000);
  g_assert_cmpint (debrief_call_session_get_elapsed_ms (f->session), ==, 30 * 1000);
  debrief_call_session_resume (f->session);
  debrief_clock_advance (f->clock, 15 * 1000);
  g_assert_cmpint (debrief_call_session_get_elapsed_ms (f->session), ==, 45 * 1000);

  let_audio_flow (400);
  end_call (f->session);
  g_assert_cmpint (debrief_call_session_get_state (f->session), ==, DEBRIEF_CALL_STATE_ENDED);

  ended = stored_call (f);
  g_assert_cmpint (ended->status, ==, DEBRIEF_CALL_STATUS_ENDED);
  g_assert_cmpint (ended->end_reason, ==, DEBRIEF_END_REASON_MANUAL);
  g_assert_cmpfloat (ended->duration_seconds, ==, 45);
  g_assert_cmpint (ended->ended_at, ==, 1763700000000000 + 165 * G_USEC_PER_SEC);

  probe = debrief_probe_file (ended->recording_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probe->channels, ==, 2);
  g_assert_cmpint (probe->duration_ms, >, 500);

  archive = g_build_filename (f->dir, "calls", ended->id, "archive.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, archive, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "call"), "end_reason"),
                   ==, "manual");
  g_assert_cmpstr (json_object_get_string_member (root, "notes"), ==, "Send the quote");
  g_assert_nonnull (strstr (json_object_get_string_member (root, "transcript_text"),
                            "[00:00] Other side: We need the quote by Friday."));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "audio"), "recording"),
                   ==, ended->recording_path);
  g_assert_true (json_object_has_member (root, "feedback"));

  /* Adding to an ended call is refused. */
  g_clear_pointer (&chunk->id, g_free);
  g_assert_false (debrief_call_session_add_chunk (f->session, chunk, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_time_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DebriefCall) ended = NULL;
  guint warned = 0;

  f->options->max_seconds = 180;
  f->options->inactivity_seconds = 3600;
  start (f);
  g_signal_connect_swapped (f->session, "notify::near-limit", G_CALLBACK (g_atomic_int_inc), &warned);
  speak (f, DEBRIEF_RECORDER_CHANNEL_USER, TRUE);

  debrief_clock_advance (f->clock, 119 * 1000);
  g_assert_false (debrief_call_session_get_near_limit (f->session));
  debrief_clock_advance (f->clock, 1 * 1000);
  g_assert_true (debrief_call_session_get_near_limit (f->session));
  g_assert_cmpuint (warned, ==, 1);

  debrief_clock_advance (f->clock, 60 * 1000);
  wait_for_state (f->session, DEBRIEF_CALL_STATE_ENDED);
  ended = stored_call (f);
  g_assert_cmpint (ended->end_reason, ==, DEBRIEF_END_REASON_TIME_LIMIT);
  g_assert_cmpfloat (ended->duration_seconds, ==, 180);
}

static void
test_inactivity (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DebriefCall) ended = NULL;

  start (f);

  /* Someone talks for a while: no timeout however long. */
  debrief_clock_advance (f->clock, 30 * 1000);
  speak (f, DEBRIEF_RECORDER_CHANNEL_REMOTE, TRUE);
  debrief_clock_advance (f->clock, 300 * 1000);
  g_assert_cmpint (debrief_call_session_get_state (f->session), ==, DEBRIEF_CALL_STATE_ACTIVE);
  speak (f, DEBRIEF_RECORDER_CHANNEL_REMOTE, FALSE);

  /* A paused call does not time out, and resuming starts the wait afresh. */
  debrief_clock_advance (f->clock, 50 * 1000);
  debrief_call_session_pause (f->session);
  debrief_clock_advance (f->clock, 600 * 1000);
  debrief_call_session_resume (f->session);
  debrief_clock_advance (f->clock, 59 * 1000);
  g_assert_cmpint (debrief_call_session_get_state (f->session), ==, DEBRIEF_CALL_STATE_ACTIVE);

  /* Then a minute of silence ends it. */
  debrief_clock_advance (f->clock, 1 * 1000);
  wait_for_state (f->session, DEBRIEF_CALL_STATE_ENDED);
  ended = stored_call (f);
  g_assert_cmpint (ended->end_reason, ==, DEBRIEF_END_REASON_INACTIVITY);
  g_assert_cmpfloat (ended->duration_seconds, ==, 30 + 300 + 50 + 60);
}

static void
test_recorder_failure (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DebriefCall) ended = NULL;
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GError) failure = g_error_new_literal (DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_DEVICE,
                                                   "The microphone was unplugged");

  start (f);
  chunk->user_transcript = g_strdup ("Hello?");
  g_assert_true (debrief_call_session_add_chunk (f->session, chunk, NULL));
  let_audio_flow (500);

  g_signal_emit_by_name (debrief_call_session_get_recorder (f->session), "failed", failure);
  wait_for_state (f->session, DEBRIEF_CALL_STATE_ENDED);

  g_assert_cmpstr (debrief_call_session_get_error (f->session)->message, ==, "The microphone was unplugged");
  ended = stored_call (f);
  g_assert_cmpint (ended->status, ==, DEBRIEF_CALL_STATUS_ERROR);
  g_assert_cmpint (ended->end_reason, ==, DEBRIEF_END_REASON_ERROR);
  chunks = debrief_store_list_chunks (f->store, ended->id, NULL);
  g_assert_cmpuint (chunks->len, ==, 1);
}

static void
test_one_call_at_a_time (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DebriefCallSession) second = NULL;
  g_autoptr(GError) error = NULL;

  start (f);
  second = debrief_call_session_new (f->store, f->clock, f->options);
  g_assert_false (debrief_call_session_start (second, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_ACTIVE_CALL);
  g_assert_nonnull (strstr (error->message, "Discovery call with Initech"));
  g_assert_cmpint (debrief_call_session_get_state (second), ==, DEBRIEF_CALL_STATE_IDLE);

  let_audio_flow (300);
  end_call (f->session);

  /* Once ended, the next call can start. */
  g_clear_error (&error);
  g_assert_true (debrief_call_session_start (second, &error));
  g_assert_no_error (error);
  let_audio_flow (300);
  end_call (second);
}

static void
test_minutes_balance (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DebriefProfile) profile = NULL;
  g_autoptr(DebriefProfile) after = NULL;
  g_autoptr(DebriefCallSession) broke = NULL;
  g_autoptr(GError) error = NULL;
  const char *user = debrief_store_get_user_id (f->store);

  profile = debrief_store_get_profile (f->store, user, NULL);
  profile->minutes_balance = 2;
  g_assert_true (debrief_store_save_profile (f->store, profile, NULL));

  /* Two minutes bought: the call may last two minutes, not fifteen. */
  start (f);
  g_assert_cmpint (debrief_call_session_get_limit_ms (f->session), ==, 2 * 60 * 1000);
  speak (f, DEBRIEF_RECORDER_CHANNEL_USER, TRUE);
  debrief_clock_advance (f->clock, 30 * 1000);
  let_audio_flow (300);
  end_call (f->session);

  after = debrief_store_get_profile (f->store, user, NULL);
  g_assert_cmpfloat_with_epsilon (after->minutes_balance, 1.5, 1e-9);

  /* None left: no call. */
  after->minutes_balance = 0;
  g_assert_true (debrief_store_save_profile (f->store, after, NULL));
  broke = debrief_call_session_new (f->store, f->clock, f->options);
  g_assert_false (debrief_call_session_start (broke, &error));
  g_assert_nonnull (strstr (error->message, "No call minutes are left"));
}

static void
test_uploads_queued (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) uploads = NULL;
  const DebriefCall *call;
  gboolean recording = FALSE, archive = FALSE;

  f->options->storage_backend = DEBRIEF_STORAGE_BACKEND_S3;
  start (f);
  let_audio_flow (500);
  end_call (f->session);

  call = debrief_call_session_get_call (f->session);
  uploads = debrief_store_list_file_uploads_for_call (f->store, call->id, NULL);
  for (guint i = 0; i < uploads->len; i++)
    {
      DebriefFileUpload *upload = g_ptr_array_index (uploads, i);
      g_autofree char *prefix = g_strdup_printf ("%s/calls/%s/", call->user_id, call->id);

      g_assert_true (g_str_has_prefix (upload->storage_path, prefix));
      g_assert_cmpint (upload->upload_status, ==, DEBRIEF_UPLOAD_STATUS_PENDING);
      g_assert_cmpint (upload->size_bytes, >, 0);
      recording |= upload->kind == DEBRIEF_UPLOAD_KIND_RECORDING &&
        g_str_has_suffix (upload->storage_path, "recording.ogg") &&
        g_strcmp0 (upload->content_type, "audio/ogg") == 0;
      archive |= upload->kind == DEBRIEF_UPLOAD_KIND_ARCHIVE;
    }
  g_assert_true (recording);
  g_assert_true (archive);
}

/* Child process: start a call on real time and wait to be killed. */
static int
run_call_until_killed (const char *data_dir)
{
  g_autofree char *db = g_build_filename (data_dir, "debrief.db", NULL);
  g_autoptr(DebriefStore) store = debrief_store_open (db, NULL, NULL);
  g_autoptr(DebriefCallOptions) options = debrief_call_options_new ();
  g_autoptr(DebriefCallSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_free (options->data_dir);
  options->data_dir = g_strdup (data_dir);
  options->title = g_strdup ("Crashing call");
  session = debrief_call_session_new (store, NULL, options);
  if (!debrief_call_session_start (session, &error))
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  printf ("started\n");
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_recovery_after_sigkill (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recovered = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(DebriefCallSession) blocked = NULL;
  g_autofree char *line = NULL;
  g_autofree char *archive = NULL;
  gint64 started, killed_after_ms;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--run-call", f->dir, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "started");
  started = g_get_monotonic_time ();

  /* While it runs in the other process: no second call here, and no "recovery". */
  blocked = debrief_call_session_new (f->store, f->clock, f->options);
  g_assert_false (debrief_call_session_start (blocked, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_ACTIVE_CALL);
  g_clear_error (&error);
  none = debrief_call_recover_abandoned (f->store, f->dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  let_audio_flow (3000);
  g_subprocess_send_signal (child, SIGKILL);
  killed_after_ms = (g_get_monotonic_time () - started) / 1000;
  g_subprocess_wait (child, NULL, NULL);

  /* At the next start the crashed call is finished from its recording. */
  recovered = debrief_call_recover_abandoned (f->store, f->dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recovered->len, ==, 1);

  call = debrief_store_get_call (f->store, recovered->pdata[0], &error);
  g_assert_no_error (error);
  g_test_message ("killed after %" G_GINT64_FORMAT " ms, recovered %.2f s", killed_after_ms,
                  call->duration_seconds);
  g_assert_cmpint (call->status, ==, DEBRIEF_CALL_STATUS_ENDED);
  g_assert_cmpint (call->end_reason, ==, DEBRIEF_END_REASON_RECOVERED);
  g_assert_cmpfloat (call->duration_seconds, >=, killed_after_ms / 1000.0 - 2);
  g_assert_cmpfloat (call->duration_seconds, <=, killed_after_ms / 1000.0 + 0.5);
  g_assert_cmpint (call->ended_at, ==, call->started_at + (gint64) (call->duration_seconds * G_USEC_PER_SEC));
  g_assert_true (g_file_test (call->recording_path, G_FILE_TEST_IS_REGULAR));
  archive = g_build_filename (f->dir, "calls", call->id, "archive.json", NULL);
  g_assert_true (g_file_test (archive, G_FILE_TEST_IS_REGULAR));

  /* A new call can start. */
  g_assert_true (debrief_call_session_start (blocked, &error));
  g_assert_no_error (error);
  let_audio_flow (300);
  end_call (blocked);
}

static void
test_start_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) failed = NULL;
  g_autoptr(DebriefCallSession) next = NULL;

  /* A microphone that cannot be opened: the call fails to start, and its row
   * is ended as an error rather than left active. */
  f->options->user_source = g_strdup ("no_such_audio_element");
  f->session = debrief_call_session_new (f->store, f->clock, f->options);
  g_assert_false (debrief_call_session_start (f->session, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (debrief_call_session_get_state (f->session), ==, DEBRIEF_CALL_STATE_ERROR);

  failed = stored_call (f);
  g_assert_cmpint (failed->status, ==, DEBRIEF_CALL_STATUS_ERROR);
  g_assert_cmpint (failed->end_reason, ==, DEBRIEF_END_REASON_ERROR);
  g_assert_null (debrief_store_get_active_call (f->store, NULL, NULL));

  /* And the next call can start. */
  g_clear_pointer (&f->options->user_source, g_free);
  next = debrief_call_session_new (f->store, f->clock, f->options);
  g_clear_error (&error);
  g_assert_true (debrief_call_session_start (next, &error));
  g_assert_no_error (error);
  let_audio_flow (300);
  end_call (next);
}

static void
test_clock_format (void)
{
  const struct
  {
    gint64      ms;
    const char *text;
  } cases[] = {
    { 0, "00:00" }, { 999, "00:00" }, { 125000, "02:05" }, { 3599999, "59:59" }, { 3725000, "1:02:05" },
    { -5, "00:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = debrief_duration_format_clock (cases[i].ms);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_cost_estimate (void)
{
  g_autoptr(DebriefCallOptions) options = debrief_call_options_new ();

  /* Ten minutes transcribed, four spoken by the coach, twenty replies. */
  g_assert_cmpfloat_with_epsilon (debrief_call_estimate_cost (options, 600, 240, 20),
                                  10 * 0.01 + 4 * 0.015 + 20 * 0.002, 1e-9);
}

/* A call deleted while its undo was offered, then a crash: the next start
 * removes its folder, everything in it, and its rows; the others stay. */
static void
test_purge_deleted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) gone = debrief_call_new ();
  g_autoptr(DebriefCall) kept = debrief_call_new ();
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
  g_autofree char *gone_dir = NULL;
  g_autofree char *kept_dir = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *file = NULL;
  g_autofree char *outside = g_build_filename (f->dir, "not-the-call.txt", NULL);
  g_autofree char *link = NULL;

  gone->id = g_uuid_string_random ();
  gone->status = DEBRIEF_CALL_STATUS_ENDED;
  kept->id = g_uuid_string_random ();
  kept->status = DEBRIEF_CALL_STATUS_ENDED;
  g_assert_true (debrief_store_save_call (f->store, gone, &error));
  g_assert_true (debrief_store_save_call (f->store, kept, &error));
  chunk->call_id = g_strdup (gone->id);
  chunk->user_transcript = g_strdup ("gone with the call");
  g_assert_true (debrief_store_save_chunk (f->store, chunk, &error));

  gone_dir = debrief_call_get_dir (gone, f->dir);
  kept_dir = debrief_call_get_dir (kept, f->dir);
  nested = g_build_filename (gone_dir, "chunks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (nested, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (kept_dir, 0700), ==, 0);
  file = g_build_filename (nested, "001-coach.ogg", NULL);
  g_assert_true (g_file_set_contents (file, "OggS", -1, NULL));
  /* A link to a file elsewhere goes; the file it points to stays. */
  g_assert_true (g_file_set_contents (outside, "keep me", -1, NULL));
  link = g_build_filename (gone_dir, "link", NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  /* And a link to another call's folder: removed, not entered. */
  {
    g_autofree char *kept_file = g_build_filename (kept_dir, "recording.ogg", NULL);
    g_autofree char *dir_link = g_build_filename (gone_dir, "kept-call", NULL);

    g_assert_true (g_file_set_contents (kept_file, "OggS", -1, NULL));
    g_assert_cmpint (symlink (kept_dir, dir_link), ==, 0);
  }

  g_assert_true (debrief_store_set_call_deleted (f->store, gone->id, TRUE, &error));
  g_assert_cmpuint (debrief_call_purge_deleted (f->store, f->dir, &error), ==, 1);
  g_assert_no_error (error);

  g_assert_false (g_file_test (gone_dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (kept_dir, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *kept_file = g_build_filename (kept_dir, "recording.ogg", NULL);

    g_assert_true (g_file_test (kept_file, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_null (debrief_store_get_call (f->store, gone->id, NULL));
  g_assert_nonnull (debrief_store_get_call (f->store, kept->id, NULL));
  {
    g_autoptr(GPtrArray) hits = debrief_store_search (f->store, "gone", 10, NULL);

    g_assert_cmpuint (hits->len, ==, 0);
  }
  g_assert_cmpuint (debrief_call_purge_deleted (f->store, f->dir, &error), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--run-call"))
    {
      g_setenv ("DEBRIEF_AUDIO_SOURCE", "audiotestsrc is-live=true freq=440 samplesperbuffer=2400", TRUE);
      g_setenv ("DEBRIEF_REMOTE_SOURCE", "audiotestsrc is-live=true freq=880 samplesperbuffer=2400", TRUE);
      return run_call_until_killed (argv[2]);
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call/cost-estimate", test_cost_estimate);
  g_test_add_func ("/call/clock-format", test_clock_format);
  g_test_add ("/call/lifecycle", Fixture, NULL, fixture_set_up, test_lifecycle, fixture_tear_down);
  g_test_add ("/call/time-limit", Fixture, NULL, fixture_set_up, test_time_limit, fixture_tear_down);
  g_test_add ("/call/inactivity", Fixture, NULL, fixture_set_up, test_inactivity, fixture_tear_down);
  g_test_add ("/call/start-failure", Fixture, NULL, fixture_set_up, test_start_failure, fixture_tear_down);
  g_test_add ("/call/recorder-failure", Fixture, NULL, fixture_set_up, test_recorder_failure, fixture_tear_down);
  g_test_add ("/call/one-at-a-time", Fixture, NULL, fixture_set_up, test_one_call_at_a_time, fixture_tear_down);
  g_test_add ("/call/minutes-balance", Fixture, NULL, fixture_set_up, test_minutes_balance, fixture_tear_down);
  g_test_add ("/call/uploads-queued", Fixture, NULL, fixture_set_up, test_uploads_queued, fixture_tear_down);
  g_test_add ("/call/purge-deleted", Fixture, NULL, fixture_set_up, test_purge_deleted, fixture_tear_down);
  g_test_add ("/call/recovery-after-sigkill", Fixture, NULL, fixture_set_up, test_recovery_after_sigkill,
              fixture_tear_down);

  return g_test_run ();
}
