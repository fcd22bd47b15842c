/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-recorder.c: recordings as a user would check them: length, channels, pauses, crashes, bad input */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <signal.h>

#include "debrief-decoder.h"
#include "debrief-media-format.h"
#include "debrief-probe.h"
#include "debrief-recorder.h"
#include "debrief-test-fixture.h"

#define USER_TONE   "audiotestsrc is-live=true wave=sine freq=440 volume=0.5"
#define REMOTE_TONE "audiotestsrc is-live=true wave=sine freq=3000 volume=0.5"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = debrief_test_make_data_dir ();
  g_setenv ("DEBRIEF_AUDIO_SOURCE", USER_TONE, TRUE);
  g_setenv ("DEBRIEF_REMOTE_SOURCE", REMOTE_TONE, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
stop (DebriefRecorder  *recorder,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  debrief_recorder_stop_async (recorder, NULL, stopped_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return debrief_recorder_stop_finish (recorder, result, error);
}

static DebriefProbe *
probe (const char *path)
{
  g_autoptr(GError) error = NULL;
  DebriefProbe *p = debrief_probe_file (path, NULL, &error);

  g_assert_no_error (error);
  return p;
}

typedef struct
{
  DebriefAudioFormat format;
  guint              channels;
} Layout;

static void
test_duration_and_layout (Fixture       *f,
                          gconstpointer  data)
{
  const Layout *layout = data;
  g_autofree char *name = g_strdup_printf ("rec-%u.%s", layout->channels,
                                           debrief_audio_format_get_extension (layout->format));
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(DebriefRecorder) recorder = debrief_recorder_new (path, layout->format);
  g_autoptr(DebriefProbe) p = NULL;
  g_autoptr(GError) error = NULL;

  debrief_recorder_set_channels (recorder, layout->channels);
  g_assert_true (debrief_recorder_start (recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (debrief_recorder_get_state (recorder), ==, DEBRIEF_RECORDER_STATE_RECORDING);
  g_assert_true (debrief_recorder_has_remote (recorder));

  run_for (2000);
  g_assert_cmpint (debrief_recorder_get_position_ms (recorder), >=, 1800);
  g_assert_true (stop (recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (debrief_recorder_get_state (recorder), ==, DEBRIEF_RECORDER_STATE_STOPPED);

  p = probe (path);
  g_test_message ("%s: %s/%s %u ch %" G_GINT64_FORMAT " ms", name, p->container, p->codec, p->channels,
                  p->duration_ms);
  g_assert_cmpuint (p->channels, ==, layout->channels);
  g_assert_cmpuint (p->rate, ==, 48000);
  g_assert_cmpint (p->duration_ms, >=, 1900);
  g_assert_cmpint (p->duration_ms, <=, 2100);
  g_assert_cmpstr (p->codec, ==, layout->format == DEBRIEF_AUDIO_FORMAT_M4A ? "aac" : "opus");

  g_assert_finalize_object (g_steal_pointer (&recorder));
}

/* Zero crossings per second of each channel: twice the frequency of a tone. */
typedef struct
{
  double   crossings[2];
  float    last[2];
  guint64  frames;
  guint    rate;
} Crossings;

static gboolean
count_crossings (const float *samples,
                 gsize        n_frames,
                 guint        channels,
                 guint        rate,
                 gpointer     user_data)
{
  Crossings *c = user_data;

  g_assert_cmpuint (channels, ==, 2);
  c->rate = rate;
  for (gsize i = 0; i < n_frames; i++)
    for (guint ch = 0; ch < 2; ch++)
      {
        float v = samples[i * 2 + ch];

        if ((v >= 0) != (c->last[ch] >= 0))
          c->crossings[ch]++;
        c->last[ch] = v;
      }
  c->frames += n_frames;

  return TRUE;
}

static void
test_speakers_on_separate_channels (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "stereo.ogg", NULL);
  g_autoptr(DebriefRecorder) recorder = debrief_recorder_new (path, DEBRIEF_AUDIO_FORMAT_OGG);
  g_autoptr(GError) error = NULL;
  Crossings c = { 0 };
  double left_hz, right_hz;

  g_assert_true (debrief_recorder_start (recorder, &error));
  run_for (1000);
  g_assert_true (stop (recorder, &error));

  g_assert_true (debrief_decode_file (path, count_crossings, &c, NULL, &error));
  g_assert_no_error (error);
  left_hz = c.crossings[0] / 2 / ((double) c.frames / c.rate);
  right_hz = c.crossings[1] / 2 / ((double) c.frames / c.rate);
  g_test_message ("left %.0f Hz, right %.0f Hz", left_hz, right_hz);

  /* The user (440 Hz) on the left, the other side (3 kHz) on the right. */
  g_assert_cmpfloat (fabs (left_hz - 440), <, 40);
  g_assert_cmpfloat (fabs (right_hz - 3000), <, 200);
}

typedef struct
{
  guint    levels[2];
  gboolean spoke[2];
  double   loudest[2];
} Activity;

static void
level_cb (DebriefRecorder *recorder,
          guint            channel,
          double           peak_db,
          double           rms_db,
          Activity        *a)
{
  a->levels[channel]++;
  a->loudest[channel] = MAX (a->loudest[channel], peak_db);
}

static void
voice_cb (DebriefRecorder *recorder,
          guint            channel,
          gboolean         speaking,
          gint64           stream_ms,
          Activity        *a)
{
  if (speaking)
    a->spoke[channel] = TRUE;
}

static void
test_levels_and_voice_activity (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "levels.ogg", NULL);
  g_autoptr(DebriefRecorder) recorder = debrief_recorder_new (path, DEBRIEF_AUDIO_FORMAT_OGG);
  g_autoptr(GError) error = NULL;
  Activity a = { .loudest = { -200, -200 } };

  /* Someone speaking on the user's side, silence on the other. */
  g_setenv ("DEBRIEF_AUDIO_SOURCE", "audiotestsrc is-live=true wave=pink-noise volume=0.4", TRUE);
  g_setenv ("DEBRIEF_REMOTE_SOURCE", "audiotestsrc is-live=true wave=silence", TRUE);

  debrief_recorder_set_precise_voice_detection (recorder, GPOINTER_TO_INT (data));
  g_signal_connect (recorder, "level", G_CALLBACK (level_cb), &a);
  g_signal_connect (recorder, "voice-activity", G_CALLBACK (voice_cb), &a);
  g_assert_true (debrief_recorder_start (recorder, &error));
  run_for (1500);
  g_assert_true (stop (recorder, &error));

  /* About ten levels a second on each channel. */
  g_assert_cmpuint (a.levels[0], >=, 10);
  g_assert_cmpuint (a.levels[1], >=, 10);
  g_assert_cmpfloat (a.loudest[0], >, -20);
  g_assert_cmpfloat (a.loudest[1], <, -60);
  g_assert_true (a.spoke[0]);
  g_assert_false (a.spoke[1]);
}

/* The largest jump between two samples of the left channel: a 440 Hz tone at
 * half scale moves at most 0.03 a sample; a click is a jump far above. */
static gboolean
find_largest_jump (const float *samples,
                   gsize        n_frames,
                   guint        channels,
                   guint        rate,
                   gpointer     user_data)
{
  float *state = user_data; /* [largest jump, last sample, frames seen, where] */

  for (gsize i = 0; i < n_frames; i++)
    {
      float v = samples[i * channels];

      /* The encoder's first frames ramp up: skip the first 100 ms. */
      if (state[2] > rate / 10 && fabsf (v - state[1]) > state[0])
        {
          state[0] = fabsf (v - state[1]);
          state[3] = state[2];
        }
      state[1] = v;
      state[2]++;
    }

  return TRUE;
}

static void
test_pause_resume (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "paused.ogg", NULL);
  g_autoptr(DebriefRecorder) recorder = debrief_recorder_new (path, DEBRIEF_AUDIO_FORMAT_OGG);
  g_autoptr(DebriefProbe) p = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (debrief_recorder_start (recorder, &error));
  run_for (1000);
  debrief_recorder_pause (recorder);
  g_assert_cmpint (debrief_recorder_get_state (recorder), ==, DEBRIEF_RECORDER_STATE_PAUSED);
  run_for (1000);
  debrief_recorder_resume (recorder);
  g_assert_cmpint (debrief_recorder_get_state (recorder), ==, DEBRIEF_RECORDER_STATE_RECORDING);
  run_for (1000);
  g_assert_true (stop (recorder, &error));

  /* The paused second is not in the file (the pause takes hold once its
   * fade-out is captured, 150 ms after asking), and nothing else is missing;
   * the joints fade instead of clicking (an unfaded joint jumps by 0.3–0.5). */
  {
    float state[4] = { 0, 0, 0, 0 };

    g_assert_true (debrief_decode_file (path, find_largest_jump, state, NULL, &error));
    g_test_message ("largest jump between samples: %.3f at %.3f s", state[0], state[3] / 48000);
    g_assert_cmpfloat (state[0], <, 0.1);
  }
  p = probe (path);
  g_test_message ("paused recording: %" G_GINT64_FORMAT " ms", p->duration_ms);
  g_assert_cmpint (p->duration_ms, >=, 1950);
  g_assert_cmpint (p->duration_ms, <=, 2350);
}

static void
test_killed_recording_stays_playable (Fixture       *f,
                                      gconstpointer  data)
{
  DebriefAudioFormat format = GPOINTER_TO_INT (data);
  g_autofree char *name = g_strdup_printf ("killed.%s", debrief_audio_format_get_extension (format));
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefProbe) p = NULL;
  gint64 started, killed_after_ms;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            g_getenv ("DEBRIEF_CLI"), "record", "-o", path, NULL);
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  run_for (3500);
  g_subprocess_send_signal (child, SIGKILL);
  killed_after_ms = (g_get_monotonic_time () - started) / 1000;
  g_subprocess_wait (child, NULL, NULL);

  /* Playable up to at most two seconds before the kill. */
  p = probe (path);
  g_test_message ("%s killed after %" G_GINT64_FORMAT " ms kept %" G_GINT64_FORMAT " ms", name,
                  killed_after_ms, p->duration_ms);
  g_assert_cmpint (p->duration_ms, >=, killed_after_ms - 2000);
}

static void
test_terminated_recording_is_complete (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "terminated.m4a", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefProbe) p = NULL;

  /* SIGTERM (or Ctrl+C) ends the recording properly and succeeds. */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                            g_getenv ("DEBRIEF_CLI"), "record", "-o", path, NULL);
  g_assert_no_error (error);
  run_for (2000);
  g_subprocess_send_signal (child, SIGTERM);
  g_assert_true (g_subprocess_wait_check (child, NULL, &error));
  g_assert_no_error (error);

  p = probe (path);
  g_assert_cmpint (p->duration_ms, >=, 1700);
  g_assert_cmpint (p->duration_ms, <=, 2200);
}

static void
test_missing_aac_encoder (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = debrief_test_make_data_dir ();
      g_autofree char *path = g_build_filename (dir, "x.m4a", NULL);
      g_autoptr(DebriefRecorder) recorder = debrief_recorder_new (path, DEBRIEF_AUDIO_FORMAT_M4A);
      g_autoptr(GError) error = NULL;
      const char *aac[] = { "fdkaacenc", "voaacenc", "avenc_aac" };

      g_assert_true (debrief_media_init (NULL));
      for (guint i = 0; i < G_N_ELEMENTS (aac); i++)
        {
          g_autoptr(GstPluginFeature) feature = gst_registry_lookup_feature (gst_registry_get (), aac[i]);

          if (feature != NULL)
            gst_registry_remove_feature (gst_registry_get (), feature);
        }

      g_assert_false (debrief_recorder_start (recorder, &error));
      g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN);
      g_assert_cmpstr (error->message, ==,
                       "M4A needs an AAC encoder: install gstreamer1.0-plugins-bad or gstreamer1.0-libav");
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      debrief_test_remove_data_dir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_bad_output (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *nowhere = g_build_filename (f->dir, "no", "such", "folder", "x.ogg", NULL);
  g_autofree char *silent = g_build_filename (f->dir, "silent.ogg", NULL);
  g_autoptr(DebriefRecorder) lost = debrief_recorder_new (nowhere, DEBRIEF_AUDIO_FORMAT_OGG);
  g_autoptr(DebriefRecorder) full = debrief_recorder_new ("/dev/full", DEBRIEF_AUDIO_FORMAT_OGG);
  g_autoptr(DebriefRecorder) empty = debrief_recorder_new (silent, DEBRIEF_AUDIO_FORMAT_OGG);
  g_autoptr(GError) error = NULL;
  GLogLevelFlags fatal;

  g_assert_false (debrief_recorder_start (lost, &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  /* A full disk stops the recording with a message saying so. */
  g_test_expect_message ("debrief-recorder", G_LOG_LEVEL_WARNING, "*full*");
  if (debrief_recorder_start (full, &error))
    {
      run_for (1500);
      g_assert_cmpint (debrief_recorder_get_state (full), ==, DEBRIEF_RECORDER_STATE_FAILED);
    }
  g_test_assert_expected_messages ();
  g_clear_error (&error);

  /* A source that ends before any sound leaves no file behind. (The level
   * element complains about an end without a segment, which only such a
   * test source produces: not fatal here.) */
  g_setenv ("DEBRIEF_AUDIO_SOURCE", "audiotestsrc num-buffers=0", TRUE);
  g_unsetenv ("DEBRIEF_REMOTE_SOURCE");
  debrief_recorder_set_channels (empty, 1);
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_assert_true (debrief_recorder_start (empty, &error));
  g_assert_false (stop (empty, &error));
  g_log_set_always_fatal (fatal);
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_EMPTY);
  g_assert_false (g_file_test (silent, G_FILE_TEST_EXISTS));
}

static void
test_bad_input_files (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.ogg", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.ogg", NULL);
  g_autofree char *good = g_build_filename (f->dir, "good.ogg", NULL);
  g_autofree char *cut = g_build_filename (f->dir, "cut.ogg", NULL);
  g_autoptr(DebriefRecorder) recorder = debrief_recorder_new (good, DEBRIEF_AUDIO_FORMAT_OGG);
  g_autoptr(DebriefProbe) whole = NULL;
  g_autoptr(DebriefProbe) part = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_null (debrief_probe_file (missing, NULL, &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "Remember to call Ana back about the renewal.\n", -1, NULL));
  g_assert_null (debrief_probe_file (text, NULL, &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_AUDIO);
  g_clear_error (&error);

  /* A file cut in the middle is read up to the cut. */
  g_assert_true (debrief_recorder_start (recorder, &error));
  run_for (2000);
  g_assert_true (stop (recorder, &error));
  whole = probe (good);
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, length / 2, NULL));
  part = probe (cut);
  g_assert_cmpint (part->duration_ms, >=, whole->duration_ms / 2 - 600); /* up to the last whole page */
  g_assert_cmpint (part->duration_ms, <, whole->duration_ms);
}

int
main (int   argc,
      char *argv[])
{
  static const Layout layouts[] = {
    { DEBRIEF_AUDIO_FORMAT_OGG, 1 }, { DEBRIEF_AUDIO_FORMAT_OGG, 2 },
    { DEBRIEF_AUDIO_FORMAT_M4A, 1 }, { DEBRIEF_AUDIO_FORMAT_M4A, 2 },
    { DEBRIEF_AUDIO_FORMAT_WEBM, 1 }, { DEBRIEF_AUDIO_FORMAT_WEBM, 2 },
  };

  g_test_init (&argc, &argv, NULL);
  g_assert_true (debrief_media_init (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_autofree char *name = g_strdup_printf ("/recorder/duration/%s-%uch",
                                               debrief_audio_format_get_extension (layouts[i].format),
                                               layouts[i].channels);
      g_test_add (name, Fixture, &layouts[i], fixture_set_up, test_duration_and_layout, fixture_tear_down);
    }
  for (DebriefAudioFormat format = DEBRIEF_AUDIO_FORMAT_OGG; format <= DEBRIEF_AUDIO_FORMAT_WEBM; format++)
    {
      g_autofree char *name = g_strdup_printf ("/recorder/killed/%s", debrief_audio_format_get_extension (format));
      g_test_add (name, Fixture, GINT_TO_POINTER (format), fixture_set_up, test_killed_recording_stays_playable,
                  fixture_tear_down);
    }
  g_test_add ("/recorder/terminated", Fixture, NULL, fixture_set_up, test_terminated_recording_is_complete,
              fixture_tear_down);
  g_test_add ("/recorder/speakers-on-separate-channels", Fixture, NULL, fixture_set_up,
              test_speakers_on_separate_channels, fixture_tear_down);
  g_test_add ("/recorder/levels-and-voice-activity/level", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_levels_and_voice_activity, fixture_tear_down);
  g_test_add ("/recorder/levels-and-voice-activity/webrtc", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_levels_and_voice_activity, fixture_tear_down);
  g_test_add ("/recorder/pause-resume", Fixture, NULL, fixture_set_up, test_pause_resume, fixture_tear_down);
  g_test_add ("/recorder/bad-output", Fixture, NULL, fixture_set_up, test_bad_output, fixture_tear_down);
  g_test_add ("/recorder/bad-input-files", Fixture, NULL, fixture_set_up, test_bad_input_files, fixture_tear_down);
  g_test_add_func ("/recorder/missing-aac-encoder", test_missing_aac_encoder);

  return g_test_run ();
}
