/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-speech-detector.c: spoken sentences (espeak-ng) cut into utterances at pauses */

#include "config.h"

#include <gst/app/app.h>
#include <gst/gst.h>

#include "debrief-speech-detector.h"
#include "debrief-test-fixture.h"

/* A sentence spoken by espeak-ng, as 16 kHz mono samples */
static GByteArray *
speak (const char *dir,
       const char *text)
{
  g_autofree char *wav = g_build_filename (dir, "sentence.wav", NULL);
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  GByteArray *pcm = g_byte_array_new ();
  const char *argv[] = { "espeak-ng", "-w", wav, text, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample ! "
                                 "audio/x-raw,format=S16LE,rate=16000,channels=1 ! appsink name=sink sync=false",
                                 wav);
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

  return pcm;
}

/* @ms of quiet room noise */
static void
add_quiet (GByteArray *pcm,
           guint       ms)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (ms);

  for (guint i = 0; i < ms * 16; i++)
    {
      gint16 sample = (gint16) g_rand_int_range (rand, -30, 30);

      g_byte_array_append (pcm, (const guint8 *) &sample, sizeof sample);
    }
}

typedef struct
{
  guint  started;
  guint  ended;
  gint64 starts[8];
  gint64 ends[8];
  gsize  sizes[8];
} Found;

/* Feeds @pcm in 10 ms pieces, as a recorder would. */
static void
feed_all (DebriefSpeechDetector *detector,
          GByteArray            *pcm,
          Found                 *found)
{
  const gint16 *samples = (const gint16 *) pcm->data;
  gsize n = pcm->len / sizeof (gint16);

  for (gsize at = 0; at < n;)
    {
      gsize piece = MIN (160, n - at);

      while (piece > 0)
        {
          gsize consumed = 0;
          DebriefSpeechEvent event = debrief_speech_detector_feed (detector, samples + at, piece, &consumed);

          at += consumed;
          piece -= consumed;
          if (event == DEBRIEF_SPEECH_STARTED)
            found->started++;
          if (event == DEBRIEF_SPEECH_ENDED)
            {
              g_autoptr(GBytes) audio = debrief_speech_detector_take (detector, &found->starts[found->ended],
                                                                      &found->ends[found->ended]);

              found->sizes[found->ended++] = g_bytes_get_size (audio);
            }
        }
    }
}

static void
test_sentences (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autoptr(DebriefSpeechDetector) detector = debrief_speech_detector_new (600);
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  const char *sentences[] = {
    "Thanks for taking my call today.",
    "I would like to talk about the price.",
    "Can we agree on a pilot?",
  };
  gint64 spoken_ms[G_N_ELEMENTS (sentences)];
  gint64 starts_ms[G_N_ELEMENTS (sentences)];
  Found found = { 0 };

  add_quiet (pcm, 800);
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      g_autoptr(GByteArray) sentence = speak (dir, sentences[i]);

      starts_ms[i] = pcm->len / 32;
      spoken_ms[i] = sentence->len / 32;
      g_byte_array_append (pcm, sentence->data, sentence->len);
      /* A breath within a sentence does not end it: 1.2 s between them does. */
      add_quiet (pcm, 1200);
    }

  feed_all (detector, pcm, &found);

  g_assert_cmpuint (found.started, ==, G_N_ELEMENTS (sentences));
  g_assert_cmpuint (found.ended, ==, G_N_ELEMENTS (sentences));
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      /* Each begins a little before the first sound and ends soon after the last. */
      g_assert_cmpint (found.starts[i], <=, starts_ms[i] + 200);
      g_assert_cmpint (found.starts[i], >=, starts_ms[i] - 300);
      g_assert_cmpint (found.ends[i], >=, starts_ms[i] + spoken_ms[i] - 400);
      g_assert_cmpint (found.ends[i], <=, starts_ms[i] + spoken_ms[i] + 300);
      g_assert_cmpuint (found.sizes[i], ==, (found.ends[i] - found.starts[i]) * 32);
    }

  debrief_test_remove_data_dir (dir);
}

static void
test_short_pause_and_end_of_input (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autoptr(DebriefSpeechDetector) detector = debrief_speech_detector_new (600);
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autoptr(GByteArray) first = speak (dir, "One moment and");
  g_autoptr(GByteArray) second = speak (dir, "Let me think about it");
  g_autoptr(GBytes) audio = NULL;
  Found found = { 0 };
  gint64 start_ms, end_ms;

  add_quiet (pcm, 500);
  g_byte_array_append (pcm, first->data, first->len);
  add_quiet (pcm, 200);
  g_byte_array_append (pcm, second->data, second->len);

  /* A short pause keeps one utterance; the input ends while speaking. */
  feed_all (detector, pcm, &found);
  g_assert_cmpuint (found.started, ==, 1);
  g_assert_cmpuint (found.ended, ==, 0);
  g_assert_true (debrief_speech_detector_in_speech (detector));
  g_assert_cmpint (debrief_speech_detector_finish (detector), ==, DEBRIEF_SPEECH_ENDED);
  audio = debrief_speech_detector_take (detector, &start_ms, &end_ms);
  g_assert_nonnull (audio);
  g_assert_cmpint (end_ms - start_ms, >=, (first->len + second->len) / 32);
  g_assert_null (debrief_speech_detector_take (detector, NULL, NULL));
  g_assert_cmpint (debrief_speech_detector_finish (detector), ==, DEBRIEF_SPEECH_NOTHING);

  debrief_test_remove_data_dir (dir);
}

static void
test_quiet_and_clicks (void)
{
  g_autoptr(DebriefSpeechDetector) detector = debrief_speech_detector_new (600);
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  Found found = { 0 };

  /* Room noise, then a 20 ms click: not speech. */
  add_quiet (pcm, 3000);
  for (guint i = 0; i < 320; i++)
    {
      gint16 sample = i % 2 ? 12000 : -12000;

      g_byte_array_append (pcm, (const guint8 *) &sample, sizeof sample);
    }
  add_quiet (pcm, 1000);

  feed_all (detector, pcm, &found);
  g_assert_cmpuint (found.started, ==, 0);
  g_assert_cmpuint (found.ended, ==, 0);
}

static void
test_wav (void)
{
  gint16 samples[1600] = { 0 };
  g_autoptr(GBytes) pcm = g_bytes_new (samples, sizeof samples);
  g_autoptr(GBytes) wav = debrief_speech_wav_new (pcm);
  const guint8 *data = g_bytes_get_data (wav, NULL);

  g_assert_cmpuint (g_bytes_get_size (wav), ==, 44 + sizeof samples);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpmem (data + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpuint (GUINT32_FROM_LE (*(guint32 *) (data + 24)), ==, 16000);
  g_assert_cmpmem (data + 36, 4, "data", 4);
  g_assert_cmpuint (GUINT32_FROM_LE (*(guint32 *) (data + 40)), ==, sizeof samples);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add_func ("/speech-detector/sentences", test_sentences);
  g_test_add_func ("/speech-detector/short-pause-and-end-of-input", test_short_pause_and_end_of_input);
  g_test_add_func ("/speech-detector/quiet-and-clicks", test_quiet_and_clicks);
  g_test_add_func ("/speech-detector/wav", test_wav);

  return g_test_run ();
}
