/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-media.c: playback, waveform peaks and conversion as a user would notice them */

#include "config.h"

#include <glib/gstdio.h>

#include "debrief-media-format.h"
#include "debrief-peaks.h"
#include "debrief-player.h"
#include "debrief-probe.h"
#include "debrief-test-fixture.h"
#include "debrief-transcoder.h"

typedef struct
{
  char *dir;
  char *stereo; /* 4 s, 440 Hz left and 3 kHz right, Ogg/Opus */
  char *wav;    /* 3 s of silence then 1 s of tone, mono WAV */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = debrief_test_make_data_dir ();
  f->stereo = g_build_filename (f->dir, "stereo.ogg", NULL);
  f->wav = g_build_filename (f->dir, "tone.wav", NULL);

  debrief_test_make_audio ("audiotestsrc freq=440 num-buffers=188 samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=1 ! "
                           "i.sink_0 audiotestsrc freq=3000 num-buffers=188 samplesperbuffer=1024 ! "
                           "audio/x-raw,rate=48000,channels=1 ! i.sink_1 interleave name=i ! audioconvert ! "
                           "opusenc ! oggmux",
                           f->stereo);
  debrief_test_make_audio ("audiotestsrc wave=silence num-buffers=3 samplesperbuffer=48000 ! audio/x-raw,rate=48000,channels=1 ! c. "
                           "audiotestsrc wave=sine volume=1.0 num-buffers=1 samplesperbuffer=48000 ! audio/x-raw,rate=48000,channels=1 ! c. "
                           "concat name=c ! audioconvert ! wavenc",
                           f->wav);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_free (f->stereo);
  g_free (f->wav);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
eos_cb (DebriefPlayer *player,
        gboolean      *ended)
{
  *ended = TRUE;
}

static void
test_player (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DebriefPlayer) player = debrief_player_new ();
  g_autoptr(GError) error = NULL;
  gboolean ended = FALSE;
  gint64 before, after;

  g_signal_connect (player, "end-of-stream", G_CALLBACK (eos_cb), &ended);
  g_assert_true (debrief_player_open (player, f->stereo, &error));
  g_assert_no_error (error);

  /* Seeking before playing lands where asked. */
  debrief_player_seek (player, 1000);
  debrief_player_play (player);
  g_assert_true (debrief_player_get_playing (player));
  iterate_for (500);
  g_assert_cmpint (debrief_player_get_duration_ms (player), >=, 3900);
  g_assert_cmpint (debrief_player_get_duration_ms (player), <=, 4100);
  before = debrief_player_get_position_ms (player);
  g_test_message ("after seek to 1000 and 500 ms of play: %" G_GINT64_FORMAT, before);
  g_assert_cmpint (before, >=, 1300);
  g_assert_cmpint (before, <=, 1700);

  /* Double speed: half a second of listening is a second of recording. */
  debrief_player_set_rate (player, 2.0);
  before = debrief_player_get_position_ms (player);
  iterate_for (500);
  after = debrief_player_get_position_ms (player);
  g_test_message ("2x: %" G_GINT64_FORMAT " ms in 500 ms", after - before);
  g_assert_cmpint (after - before, >=, 800);
  g_assert_cmpint (after - before, <=, 1200);

  /* Pause holds the position; a rate out of range is clamped. */
  debrief_player_pause (player);
  before = debrief_player_get_position_ms (player);
  iterate_for (300);
  g_assert_cmpint (debrief_player_get_position_ms (player), ==, before);
  debrief_player_set_rate (player, 5.0);
  g_assert_cmpfloat (debrief_player_get_rate (player), ==, 2.0);

  /* Playing to the end says so. */
  debrief_player_seek (player, 3500);
  debrief_player_play (player);
  iterate_for (800);
  g_assert_true (ended);
  g_assert_false (debrief_player_get_playing (player));

  g_assert_false (debrief_player_open (player, "/nonexistent/x.ogg", &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND);

  g_assert_finalize_object (g_steal_pointer (&player));
}

static void
ran_cb_simple (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_peaks (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) peaks = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autofree char *cache = debrief_peaks_cache_path (f->wav);
  const guint8 *p;
  gsize n;
  guint loud_before = 0, loud_after = 0;

  peaks = debrief_peaks_get (f->wav, NULL, &error);
  g_assert_no_error (error);
  p = g_bytes_get_data (peaks, &n);

  /* 100 a second over 4 seconds; silent for 3, loud for the last. */
  g_assert_cmpuint (n, >=, 398);
  g_assert_cmpuint (n, <=, 402);
  for (gsize i = 0; i < 300; i++)
    loud_before += p[i] > 10;
  for (gsize i = 305; i < n; i++)
    loud_after += p[i] > 200;
  g_assert_cmpuint (loud_before, ==, 0);
  g_assert_cmpuint (loud_after, >=, (n - 305) * 9 / 10);

  /* Cached next to the recording, and read from there next time. */
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));
  cached = debrief_peaks_get (f->wav, NULL, &error);
  g_assert_true (g_bytes_equal (peaks, cached));

  /* The same off the calling thread, as the library's waveform asks for it. */
  {
    g_autoptr(GAsyncResult) peaks_result = NULL;
    g_autoptr(GAsyncResult) probe_result = NULL;
    g_autoptr(GBytes) async_peaks = NULL;
    g_autoptr(DebriefProbe) async_probe = NULL;

    debrief_peaks_get_async (f->wav, NULL, ran_cb_simple, &peaks_result);
    debrief_probe_file_async (f->wav, NULL, ran_cb_simple, &probe_result);
    while (peaks_result == NULL || probe_result == NULL)
      g_main_context_iteration (NULL, TRUE);
    async_peaks = debrief_peaks_get_finish (peaks_result, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (peaks, async_peaks));
    async_probe = debrief_probe_file_finish (probe_result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (async_probe->container, ==, "wav");
    g_assert_cmpint (async_probe->duration_ms, ==, 4000);
  }

  /* A changed recording is measured again. */
  g_clear_pointer (&cached, g_bytes_unref);
  g_assert_true (g_file_set_contents (cache, "DBPEAKS1 stale", -1, NULL));
  cached = debrief_peaks_get (f->wav, NULL, &error);
  g_assert_true (g_bytes_equal (peaks, cached));
}

typedef struct
{
  GAsyncResult *result;
  guint         progress_notifications;
} Run;

static void
ran_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  ((Run *) user_data)->result = g_object_ref (result);
}

static void
progress_cb (DebriefTranscoder *transcoder,
             GParamSpec        *pspec,
             Run               *run)
{
  run->progress_notifications++;
}

static gboolean
transcode (const char              *in,
           const char              *out,
           DebriefTranscodePreset   preset,
           guint                    kbps,
           GCancellable            *cancellable,
           guint                   *notifications,
           GError                 **error)
{
  g_autoptr(DebriefTranscoder) transcoder = debrief_transcoder_new (in, out, preset);
  Run run = { 0 };
  gboolean ok;

  debrief_transcoder_set_bitrate (transcoder, kbps);
  g_signal_connect (transcoder, "notify::progress", G_CALLBACK (progress_cb), &run);
  debrief_transcoder_run_async (transcoder, cancellable, ran_cb, &run);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  while (run.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  ok = debrief_transcoder_run_finish (transcoder, run.result, error);
  g_object_unref (run.result);
  if (notifications != NULL)
    *notifications = run.progress_notifications;
  return ok;
}

static void
test_transcoder_presets (Fixture       *f,
                         gconstpointer  data)
{
  static const struct
  {
    DebriefTranscodePreset  preset;
    const char             *container;
    const char             *codec;
    guint                   channels;
  } expected[] = {
    { DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE, "ogg", "opus", 1 },
    { DEBRIEF_TRANSCODE_PRESET_WHATSAPP_AUDIO, "mp4", "aac", 1 },
    { DEBRIEF_TRANSCODE_PRESET_OGG, "ogg", "opus", 2 },
    { DEBRIEF_TRANSCODE_PRESET_M4A, "mp4", "aac", 2 },
    { DEBRIEF_TRANSCODE_PRESET_WEBM, "webm", "opus", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *out = g_strdup_printf ("%s/out-%u", f->dir, i);
      g_autofree char *partial = g_strconcat (out, ".part", NULL);
      g_autoptr(DebriefProbe) p = NULL;
      g_autoptr(GError) error = NULL;
      guint notifications = 0;
      GStatBuf st;

      g_assert_true (transcode (f->stereo, out, expected[i].preset, 0, NULL, &notifications, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (notifications, >=, 1);
      g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

      p = debrief_probe_file (out, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (p->container, ==, expected[i].container);
      g_assert_cmpstr (p->codec, ==, expected[i].codec);
      g_assert_cmpuint (p->channels, ==, expected[i].channels);
      g_assert_cmpint (p->duration_ms, >=, 3900);
      g_assert_cmpint (p->duration_ms, <=, 4100);

      /* What WhatsApp accepts: a voice note is Ogg/Opus mono at 48 kHz, under 16 MB. */
      g_assert_cmpint (g_stat (out, &st), ==, 0);
      g_assert_cmpint (st.st_size, <, DEBRIEF_WHATSAPP_MAX_BYTES);
      if (expected[i].preset == DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE)
        g_assert_cmpuint (p->rate, ==, 48000);
    }
}

static void
test_transcoder_bad_input (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "text.ogg", NULL);
  g_autofree char *out = g_build_filename (f->dir, "out.ogg", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "missing", "out.ogg", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "just some text, not audio", -1, NULL));
  g_assert_false (transcode (text, out, DEBRIEF_TRANSCODE_PRESET_OGG, 0, NULL, NULL, &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_AUDIO);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (transcode (f->stereo, nowhere, DEBRIEF_TRANSCODE_PRESET_OGG, 0, NULL, NULL, &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_false (transcode (f->stereo, out, DEBRIEF_TRANSCODE_PRESET_OGG, 0, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_transcoder_too_large_for_whatsapp (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *long_wav = g_build_filename (f->dir, "long.wav", NULL);
  g_autofree char *out = g_build_filename (f->dir, "voice.ogg", NULL);
  g_autoptr(GError) error = NULL;

  /* Ten minutes at 256 kbit/s (Opus's most for one channel) is about 19 MB: too much for WhatsApp. */
  debrief_test_make_audio ("audiotestsrc wave=white-noise num-buffers=600 samplesperbuffer=48000 ! "
                           "audio/x-raw,rate=48000,channels=1 ! wavenc",
                           long_wav);
  g_assert_false (transcode (long_wav, out, DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE, 256, NULL, NULL, &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "16 MB"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (debrief_media_init (NULL));
  g_setenv ("DEBRIEF_AUDIO_SINK", "fakesink sync=true", TRUE);

  g_test_add ("/media/player", Fixture, NULL, fixture_set_up, test_player, fixture_tear_down);
  g_test_add ("/media/peaks", Fixture, NULL, fixture_set_up, test_peaks, fixture_tear_down);
  g_test_add ("/media/transcoder/presets", Fixture, NULL, fixture_set_up, test_transcoder_presets,
              fixture_tear_down);
  g_test_add ("/media/transcoder/too-large-for-whatsapp", Fixture, NULL, fixture_set_up,
              test_transcoder_too_large_for_whatsapp, fixture_tear_down);
  g_test_add ("/media/transcoder/bad-input", Fixture, NULL, fixture_set_up, test_transcoder_bad_input,
              fixture_tear_down);

  return g_test_run ();
}
