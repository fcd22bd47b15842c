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

/* The mean square of each channel of a two-channel file */
static void
channel_energy (const char *path,
                double     *left,
                double     *right)
{
  g_autofree char *escaped = g_strescape (path, NULL);
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
                                                  "audio/x-raw,format=F32LE,channels=2 ! appsink name=sink "
                                                  "sync=false", escaped);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  gsize frames = 0;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
      GstMapInfo map;
      const float *data;

      if (sample == NULL)
        break;
      gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ);
      data = (const float *) map.data;
      for (gsize i = 0; i + 1 < map.size / sizeof (float); i += 2)
        {
          *left += data[i] * data[i];
          *right += data[i + 1] * data[i + 1];
          frames++;
        }
      gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpuint (frames, >, 0);
  *left /= frames;
  *right /= frames;
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
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", sentences, pauses);
  g_autoptr(JsonArray) latencies = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(DebriefProbe) info = NULL;
  g_autoptr(GError) error = NULL;
  DebriefTestCoachRun run = { 0 };

  call_id = debrief_test_run_coaching_call (f->store, fake_openai_get_url (f->fake), speech, NULL, &run, &latencies);
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
      g_assert_true (g_str_has_prefix (chunk->ai_audio_url, "calls/"));
      g_assert_true (g_str_has_suffix (chunk->ai_audio_path, chunk->ai_audio_url + strlen ("calls")));
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

  /* The recording: both sides, the user on the left, the coach on the right */
  info = debrief_probe_file (call->recording_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->channels, ==, 2);
  {
    double left = 0, right = 0;

    channel_energy (call->recording_path, &left, &right);
    g_test_message ("recording energy: left %g, right %g", left, right);
    g_assert_cmpfloat (left, >, 1e-5);
    g_assert_cmpfloat (right, >, 1e-5);
  }
}

/* The user speaks over the coach: it stops at once, the reply is kept as
 * far as it was heard, the new words are answered. */
static void
test_barge_in (Fixture       *f,
               gconstpointer  data)
{
  const char *sentences[] = {
    "Tell me how to open a negotiation.",
    "Wait, I have a question about the budget.",
    NULL
  };
  const guint pauses[] = { 900, 7000 };
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", sentences, pauses);
  g_autofree char *call_id = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GPtrArray) events = NULL;
  DebriefChunk *first;
  DebriefTestCoachRun run = { 0 };
  gboolean found = FALSE;

  fake_openai_set_reply (f->fake, "Start with a question. Listen to the answer. Then name your goal. Keep it short. "
                         "Be ready to walk away. Summarise what you agreed.");
  call_id = debrief_test_run_coaching_call (f->store, fake_openai_get_url (f->fake), speech, NULL, &run, NULL);

  g_assert_cmpuint (run.interruptions, ==, 1);
  chunks = debrief_store_list_chunks (f->store, call_id, NULL);
  g_assert_cmpuint (chunks->len, ==, 2);
  first = g_ptr_array_index (chunks, 0);

  /* Kept as heard: some sentences, not all six */
  g_assert_nonnull (first->ai_text_response);
  g_assert_true (g_str_has_prefix (first->ai_text_response, "Start with a question."));
  g_assert_null (strstr (first->ai_text_response, "Summarise what you agreed."));
  g_assert_nonnull (first->ai_audio_path);
  g_assert_cmpstr (((DebriefChunk *) g_ptr_array_index (chunks, 1))->ai_text_response, !=, NULL);

  /* Stopped within 200 ms of the user starting to speak */
  events = debrief_store_list_analytics_events (f->store, call_id, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      DebriefAnalyticsEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->event_type, "user_interrupted") == 0)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          g_assert_true (json_parser_load_from_data (parser, event->payload, -1, NULL));
          g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                                       "stop_ms"), <=, 200);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static const char *two_sentences[] = {
  "First I want to talk about the price.",
  "Then about the delivery date.",
  NULL
};
static const guint two_pauses[] = { 5000, 5000 };

/* A wrong key: the first words are lost with a message, the call goes on. */
static void
test_rejected_key (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", two_sentences, two_pauses);
  g_autofree char *call_id = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(DebriefCall) call = NULL;
  DebriefTestCoachRun run = { 0 };

  fake_openai_fail (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, FAKE_OPENAI_FAULT_UNAUTHORIZED, 1);
  call_id = debrief_test_run_coaching_call (f->store, fake_openai_get_url (f->fake), speech, NULL, &run, NULL);

  g_assert_cmpuint (run.failures, ==, 1);
  g_assert_cmpuint (count_events (f, call_id, "error"), ==, 1);
  chunks = debrief_store_list_chunks (f->store, call_id, NULL);
  g_assert_cmpuint (chunks->len, ==, 1);
  g_assert_cmpstr (((DebriefChunk *) g_ptr_array_index (chunks, 0))->ai_text_response, ==, REPLY);
  call = debrief_store_get_call (f->store, call_id, NULL);
  g_assert_cmpint (call->status, ==, DEBRIEF_CALL_STATUS_ENDED);
}

/* The backend fails for a while: the coach says it is reconnecting, asks
 * again, and the conversation resumes where it was. */
static void
test_reconnects (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", two_sentences, two_pauses);
  g_autofree char *call_id = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  DebriefTestCoachRun run = { 0 };

  /* More than the client's own single retry */
  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_SERVER, 3);
  call_id = debrief_test_run_coaching_call (f->store, fake_openai_get_url (f->fake), speech, NULL, &run, NULL);

  g_assert_true (run.saw_reconnecting);
  chunks = debrief_store_list_chunks (f->store, call_id, NULL);
  g_assert_cmpuint (chunks->len, ==, 2);
  for (guint i = 0; i < chunks->len; i++)
    g_assert_cmpstr (((DebriefChunk *) g_ptr_array_index (chunks, i))->ai_text_response, ==, REPLY);
}

/* The stream is cut in the middle of the reply: what arrived stays, the
 * call goes on. */
static void
test_cut_reply (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", two_sentences, two_pauses);
  g_autofree char *call_id = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  DebriefChunk *first;
  DebriefTestCoachRun run = { 0 };

  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_CUT, 1);
  call_id = debrief_test_run_coaching_call (f->store, fake_openai_get_url (f->fake), speech, NULL, &run, NULL);

  chunks = debrief_store_list_chunks (f->store, call_id, NULL);
  g_assert_cmpuint (chunks->len, ==, 2);
  first = g_ptr_array_index (chunks, 0);
  g_assert_cmpstr (first->user_transcript, ==, "The price is too high for us.");
  /* Either asked again (nothing said yet), or kept as far as it came */
  g_assert_nonnull (first->ai_text_response);
  g_assert_true (g_str_has_prefix (REPLY, first->ai_text_response));
  g_assert_cmpstr (((DebriefChunk *) g_ptr_array_index (chunks, 1))->ai_text_response, ==, REPLY);
}

/* Nonsense from the chat model: said, the user's words kept, the call goes on. */
static void
test_malformed_reply (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", two_sentences, two_pauses);
  g_autofree char *call_id = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  DebriefTestCoachRun run = { 0 };

  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_MALFORMED, 1);
  call_id = debrief_test_run_coaching_call (f->store, fake_openai_get_url (f->fake), speech, NULL, &run, NULL);

  g_assert_cmpuint (run.failures, >=, 1);
  chunks = debrief_store_list_chunks (f->store, call_id, NULL);
  g_assert_cmpuint (chunks->len, ==, 2);
  g_assert_cmpstr (((DebriefChunk *) g_ptr_array_index (chunks, 0))->user_transcript, !=, NULL);
  g_assert_cmpstr (((DebriefChunk *) g_ptr_array_index (chunks, 1))->ai_text_response, ==, REPLY);
}

/* The user pauses, then speaks on while the first words are still being
* transcribed: the coach does not answer over them, but answers both. */
static void
test_speaks_on (Fixture       *f,
                gconstpointer  data)
{
  const char *sentences[] = {
    "I have two questions.",
    "The first is about the discount for a longer contract.",
    NULL
  };
  const guint pauses[] = { 650, 5000 };
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", sentences, pauses);
  g_autofree char *call_id = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  DebriefTestCoachRun run = { 0 };

  /* A slow transcriber: the second part starts before the first is back. */
  fake_openai_set_delays (f->fake, 900, 5);
  call_id = debrief_test_run_coaching_call (f->store, fake_openai_get_url (f->fake), speech, NULL, &run, NULL);

  chunks = debrief_store_list_chunks (f->store, call_id, NULL);
  g_assert_cmpuint (chunks->len, ==, 2);
  g_assert_nonnull (((DebriefChunk *) g_ptr_array_index (chunks, 0))->user_transcript);
  g_assert_null (((DebriefChunk *) g_ptr_array_index (chunks, 0))->ai_text_response);
  g_assert_cmpstr (((DebriefChunk *) g_ptr_array_index (chunks, 1))->ai_text_response, ==, REPLY);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_CHAT), ==, 1);
  g_assert_cmpuint (run.interruptions, ==, 0);
}

/* debrief-cli call --agent NAME --input speech.wav --json: a whole
 * coaching call headless, printed as the call document */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *speech = debrief_test_make_speech (f->dir, "speech.wav", two_sentences, two_pauses);
  const char *cli = g_getenv ("DEBRIEF_CLI");
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *call;
  JsonArray *chunks;
  int status;

  env = g_environ_setenv (env, "OPENAI_BASE_URL", fake_openai_get_url (f->fake), TRUE);
  env = g_environ_setenv (env, "OPENAI_API_KEY", FAKE_OPENAI_API_KEY, TRUE);
  env = g_environ_setenv (env, "DEBRIEF_DATA_DIR", f->dir, TRUE);

  {
    const char *argv[] = { cli, "agents", "add", "Negotiation Coach", "--status", "active", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    const char *argv[] = { cli, "call", "--agent", "Nobody", "--input", speech, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "No coach is called “Nobody”"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { cli, "call", "--agent", "Negotiation Coach", "--input", speech, "--json", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("debrief-cli call failed: %s", err);
  }

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  call = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (call, "kind"), ==, "coaching");
  g_assert_cmpstr (json_object_get_string_member (call, "status"), ==, "ended");
  chunks = json_object_get_array_member (call, "chunks");
  g_assert_cmpuint (json_array_get_length (chunks), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *chunk = json_array_get_object_element (chunks, i);

      g_assert_cmpstr (json_object_get_string_member (chunk, "user_transcript"), ==, "The price is too high for us.");
      g_assert_cmpstr (json_object_get_string_member (chunk, "ai_text_response"), ==, REPLY);
      g_assert_true (json_object_has_member (chunk, "ai_audio_url"));
      g_assert_true (g_file_test (json_object_get_string_member (chunk, "ai_audio_path"), G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (call, "latency_ms")), ==, 2);
  /* The feedback: what was measured, at least */
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (call, "feedback")));
  g_assert_true (json_object_has_member (json_object_get_object_member (call, "feedback"), "metrics"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add ("/coach/turns", Fixture, NULL, fixture_set_up, test_turns, fixture_tear_down);
  g_test_add ("/coach/barge-in", Fixture, NULL, fixture_set_up, test_barge_in, fixture_tear_down);
  g_test_add ("/coach/rejected-key", Fixture, NULL, fixture_set_up, test_rejected_key, fixture_tear_down);
  g_test_add ("/coach/reconnects", Fixture, NULL, fixture_set_up, test_reconnects, fixture_tear_down);
  g_test_add ("/coach/cut-reply", Fixture, NULL, fixture_set_up, test_cut_reply, fixture_tear_down);
  g_test_add ("/coach/speaks-on", Fixture, NULL, fixture_set_up, test_speaks_on, fixture_tear_down);
  g_test_add ("/coach/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/coach/malformed-reply", Fixture, NULL, fixture_set_up, test_malformed_reply, fixture_tear_down);

  return g_test_run ();
}
