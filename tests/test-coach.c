/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-coach.c: whole coaching calls against a fake voice backend: turns, barge-in, failures, nothing lost */

#include "config.h"

#include <gst/app/app.h>
#include <gst/gst.h>

#include "debrief-call-session.h"
#include "debrief-coach.h"
#include "fakes/debrief-fake-openai.h"
#include "debrief-feedback.h"
#include "debrief-probe.h"
#include "debrief-speech-detector.h"
#include "debrief-test-fixture.h"

#define REPLY "That is a fair point. What would make the price work for you? Take your time."

typedef struct
{
  char         *dir;
  DebriefStore *store;
  FakeOpenai   *fake;
} Fixture;

/* espeak-ng's sentences with pauses between, as a 16 kHz WAV file */
static char *
make_speech (const char   *dir,
             const char   *name,
             const char  **sentences,
             const guint  *pauses_ms)
{
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autoptr(GBytes) samples = NULL;
  g_autoptr(GBytes) wav = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *spoken = g_build_filename (dir, "spoken.wav", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; sentences[i] != NULL; i++)
    {
      const char *argv[] = { "espeak-ng", "-w", spoken, sentences[i], NULL };
      g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
                                                      "audioresample ! audio/x-raw,format=S16LE,rate=16000,"
                                                      "channels=1 ! appsink name=sink sync=false", spoken);
      g_autoptr(GstElement) pipeline = NULL;
      g_autoptr(GstElement) sink = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                   &status, &error));
      g_assert_no_error (error);
      pipeline = gst_parse_launch (description, &error);
      g_assert_no_error (error);
      sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
      gst_element_set_state (pipeline, GST_STATE_PLAYING);
      for (;;)
        {
          g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
          GstMapInfo map;

          if (sample == NULL)
            break;
          gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ);
          g_byte_array_append (pcm, map.data, map.size);
          gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
        }
      gst_element_set_state (pipeline, GST_STATE_NULL);

      g_byte_array_set_size (pcm, pcm->len + pauses_ms[i] * 32);
      memset (pcm->data + pcm->len - pauses_ms[i] * 32, 0, pauses_ms[i] * 32);
    }

  samples = g_byte_array_free_to_bytes (g_steal_pointer (&pcm));
  wav = debrief_speech_wav_new (samples);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (wav, NULL), g_bytes_get_size (wav), &error));

  return g_steal_pointer (&path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = debrief_test_make_data_dir ();
  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
  g_setenv ("DEBRIEF_AUDIO_SINK", "fakesink sync=true", TRUE);
  path = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);
  f->fake = fake_openai_new (FAKE_OPENAI_API_KEY);
  fake_openai_set_transcript (f->fake, "The price is too high for us.");
  fake_openai_set_reply (f->fake, REPLY);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) malformed = fake_openai_dup_malformed (f->fake);

  /* Every request Debrief made was as documented. */
  g_assert_cmpuint (malformed->len, ==, 0);
  fake_openai_free (f->fake);
  g_assert_finalize_object (f->store);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

typedef struct
{
  DebriefCallSession *session;
  DebriefCoach       *coach;
  GMainLoop          *loop;
  gboolean            ending;
  guint               failures;
  guint               interruptions;
  gboolean            saw_reconnecting;
} Run;

static void
ended_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (debrief_call_session_end_finish (DEBRIEF_CALL_SESSION (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (run->loop);
}

static void
coach_changed_cb (Run *run)
{
  if (debrief_coach_get_reconnecting (run->coach))
    run->saw_reconnecting = TRUE;
  if (!run->ending && debrief_coach_get_input_ended (run->coach) && !debrief_coach_get_busy (run->coach))
    {
      run->ending = TRUE;
      debrief_call_session_end_async (run->session, DEBRIEF_END_REASON_MANUAL, NULL, ended_cb, run);
    }
}

static void
failed_cb (Run          *run,
           const GError *error)
{
  g_test_message ("coach: %s", error->message);
  run->failures++;
}

static void
interrupted_cb (Run *run)
{
  run->interruptions++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("The coaching call did not end");
  return G_SOURCE_REMOVE;
}

/* Runs a whole coaching call with @speech as the microphone; returns the
 * call's id. */
static char *
run_call (Fixture    *f,
          const char *speech,
          Run        *run,
          JsonArray **latencies)
{
  g_autoptr(DebriefCallOptions) options = debrief_call_options_new ();
  g_autoptr(DebriefCoachOptions) coach_options = debrief_coach_options_new (NULL, NULL, NULL);
  g_autoptr(DebriefVoiceClient) client = debrief_voice_client_new (fake_openai_get_url (f->fake),
                                                                   FAKE_OPENAI_API_KEY);
  g_autoptr(DebriefCallSession) session = NULL;
  g_autoptr(DebriefCoach) coach = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_strescape (speech, NULL);
  guint timeout;

  options->kind = DEBRIEF_CALL_KIND_COACHING;
  options->user_source = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample ! "
                                          "clocksync", escaped);
  coach_options->store_user_audio = TRUE;
  session = debrief_call_session_new (f->store, NULL, options);
  coach = debrief_coach_new (session, client, f->store, coach_options);
  g_assert_true (debrief_coach_prepare (coach, &error));
  g_assert_no_error (error);

  run->session = session;
  run->coach = coach;
  run->loop = loop;
  g_signal_connect_swapped (coach, "notify::busy", G_CALLBACK (coach_changed_cb), run);
  g_signal_connect_swapped (coach, "notify::input-ended", G_CALLBACK (coach_changed_cb), run);
  g_signal_connect_swapped (coach, "notify::reconnecting", G_CALLBACK (coach_changed_cb), run);
  g_signal_connect_swapped (coach, "failed", G_CALLBACK (failed_cb), run);
  g_signal_connect_swapped (coach, "interrupted", G_CALLBACK (interrupted_cb), run);

  g_assert_true (debrief_call_session_start (session, &error));
  g_assert_no_error (error);

  timeout = g_timeout_add_seconds (90, timeout_cb, NULL);
  g_main_loop_run (loop);
  g_source_remove (timeout);

  if (latencies != NULL)
    *latencies = json_array_ref (debrief_coach_get_latencies (coach));

  return g_strdup (debrief_call_session_get_call (session)->id);
}

static guint
count_events (Fixture    *f,
              const char *call_id,
              const char *type)
{
  g_autoptr(GPtrArray) events = debrief_store_list_analytics_events (f->store, call_id, NULL);
  guint count = 0;

  for (guint i = 0; i < events->len; i++)
    count += g_strcmp0 (((DebriefAnalyticsEvent *) g_ptr_array_index (events, i))->event_type, type) == 0;

  return count;
}

/* Three things said, three turns, each answered in voice, the recording
 * with both sides. */
static void
test_turns (Fixture       *f,
            gconstpointer  data)
{
  const char *sentences[] = {
    "Hello, I would like to practise a pricing conversation.",
    "The customer says the price is too high.",
    "What should I answer?",
    NULL
  };
  const guint pauses[] = { 6000, 6000, 5000 };
  g_autofree char *speech = make_speech (f->dir, "speech.wav", sentences, pauses);
  g_autoptr(JsonArray) latencies = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(DebriefProbe) info = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  call_id = run_call (f, speech, &run, &latencies);
  call = debrief_store_get_call (f->store, call_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (call->kind, ==, DEBRIEF_CALL_KIND_COACHING);
  g_assert_cmpint (call->status, ==, DEBRIEF_CALL_STATUS_ENDED);

  chunks = debrief_store_list_chunks (f->store, call_id, &error);
  g_assert_cmpuint (chunks->len, ==, 3);
  for (guint i = 0; i < chunks->len; i++)
    {
      DebriefChunk *chunk = g_ptr_array_index (chunks, i);
      g_autoptr(DebriefProbe) coach = NULL;

      g_assert_cmpstr (chunk->user_transcript, ==, "The price is too high for us.");
      g_assert_cmpstr (chunk->ai_text_response, ==, REPLY);
      g_assert_nonnull (chunk->ai_audio_path);
      g_assert_true (g_str_has_suffix (chunk->ai_audio_path, ".ogg"));
      g_assert_nonnull (strstr (chunk->ai_audio_path, "/ai_chunks/"));
      coach = debrief_probe_file (chunk->ai_audio_path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (coach->duration_ms, >, 200);
      g_assert_cmpfloat (chunk->duration_seconds, >, 0.2);
      /* The user's words, kept with consent */
      g_assert_nonnull (chunk->user_audio_path);
      g_assert_true (g_file_test (chunk->user_audio_path, G_FILE_TEST_IS_REGULAR));
      /* In order, where they were said */
      g_assert_cmpint (chunk->start_ms, <, chunk->end_ms);
      if (i > 0)
        g_assert_cmpint (chunk->start_ms, >, ((DebriefChunk *) g_ptr_array_index (chunks, i - 1))->end_ms);
    }

  /* Three sentences per reply, each spoken as soon as it was complete */
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 3);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_CHAT), ==, 3);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_SPEECH), ==, 9);

  /* The latency of each turn, measured and recorded */
  g_assert_cmpuint (json_array_get_length (latencies), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *latency = json_array_get_object_element (latencies, i);

      g_test_message ("turn %u: transcript %" G_GINT64_FORMAT " ms, first token %" G_GINT64_FORMAT
                      " ms, first audio %" G_GINT64_FORMAT " ms", i,
                      json_object_get_int_member (latency, "transcript_ms"),
                      json_object_get_int_member (latency, "first_token_ms"),
                      json_object_get_int_member (latency, "first_audio_ms"));

      g_assert_cmpint (json_object_get_int_member (latency, "end_of_speech_silence_ms"), ==, 600);
      g_assert_cmpint (json_object_get_int_member (latency, "transcript_ms"), >=, 0);
      g_assert_cmpint (json_object_get_int_member (latency, "first_token_ms"), >=,
                       json_object_get_int_member (latency, "transcript_ms"));
      g_assert_cmpint (json_object_get_int_member (latency, "first_audio_ms"), >=,
                       json_object_get_int_member (latency, "first_token_ms"));
      g_assert_cmpint (json_object_get_int_member (latency, "first_audio_ms"), <, 2000);
    }
  g_assert_cmpuint (count_events (f, call_id, "turn_latency"), ==, 3);
  g_assert_cmpuint (count_events (f, call_id, "voice_generated"), ==, 9);
  g_assert_cmpuint (run.failures, ==, 0);

  /* The recording: both sides, the coach on the right */
  info = debrief_probe_file (call->recording_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->channels, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add ("/coach/turns", Fixture, NULL, fixture_set_up, test_turns, fixture_tear_down);

  return g_test_run ();
}
