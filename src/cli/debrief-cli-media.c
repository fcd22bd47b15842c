/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-media.c: debrief-cli record, probe and transcode */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "debrief-cli.h"
#include "debrief-media-format.h"
#include "debrief-probe.h"
#include "debrief-recorder.h"
#include "debrief-transcoder.h"

typedef struct
{
  GMainLoop       *loop;
  DebriefRecorder *recorder;
  GError          *error;
  gboolean         stopping;
} RecordRun;

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RecordRun *run = user_data;

  debrief_recorder_stop_finish (DEBRIEF_RECORDER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
stop (RecordRun *run)
{
  if (run->stopping)
    return;

  run->stopping = TRUE;
  debrief_recorder_stop_async (run->recorder, NULL, stopped_cb, run);
}

static gboolean
stop_cb (gpointer user_data)
{
  stop (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  stop (user_data);
  return G_SOURCE_CONTINUE;
}

/* The source ran out (a file given as DEBRIEF_AUDIO_SOURCE): done. */
static void
state_cb (DebriefRecorder *recorder,
          GParamSpec      *pspec,
          RecordRun       *run)
{
  if (!run->stopping && debrief_recorder_get_state (recorder) == DEBRIEF_RECORDER_STATE_STOPPED)
    g_main_loop_quit (run->loop);
}

static void
failed_cb (DebriefRecorder *recorder,
           const GError    *error,
           RecordRun       *run)
{
  g_clear_error (&run->error);
  run->error = g_error_copy (error);
  g_main_loop_quit (run->loop);
}

/* The app's recording preferences, when its settings schema is installed. */
static void
load_recording_defaults (DebriefAudioFormat  *format,
                         int                 *channels,
                         int                 *bitrate,
                         char               **device,
                         gboolean            *no_remote)
{
  g_autoptr(GSettings) settings = debrief_cli_settings ();
  g_autofree char *format_name = NULL;

  if (settings == NULL)
    return;

  format_name = g_settings_get_string (settings, "recording-format");
  debrief_audio_format_from_string (format_name, format);
  *channels = g_settings_get_uint (settings, "recording-channels");
  *bitrate = g_settings_get_uint (settings, "recording-bitrate");
  *device = g_settings_get_string (settings, "capture-device");
  *no_remote = !g_settings_get_boolean (settings, "record-system-audio");
}

int
debrief_cli_record (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(DebriefRecorder) recorder = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *device = NULL;
  DebriefAudioFormat format = DEBRIEF_AUDIO_FORMAT_OGG;
  int channels = 2;
  int bitrate = 64;
  double duration = 0;
  gboolean no_remote = FALSE;
  gboolean precise_vad = FALSE;
  gboolean list_devices = FALSE;
  RecordRun run = { 0 };
  guint sigint, sigterm, timeout = 0;
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("ogg, m4a or webm (default: the file name's)"), N_("FORMAT") },
    { "channels", 0, 0, G_OPTION_ARG_INT, &channels, N_("1 (mono mix) or 2 (you left, other side right)"), "1|2" },
    { "bitrate", 0, 0, G_OPTION_ARG_INT, &bitrate, N_("Bitrate in kbit/s"), N_("KBPS") },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration, N_("Stop after this many seconds"), N_("S") },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, N_("The microphone to use (default: the system's)"), N_("NAME") },
    { "no-remote", 0, 0, G_OPTION_ARG_NONE, &no_remote, N_("Record only the microphone"), NULL },
    { "list-devices", 0, 0, G_OPTION_ARG_NONE, &list_devices, N_("List the microphones for --device"), NULL },
    { "precise-voice-detection", 0, 0, G_OPTION_ARG_NONE, &precise_vad,
      N_("Detect speech with WebRTC, as AI coaching calls do (more CPU)"), NULL },
    { NULL }
  };

  load_recording_defaults (&format, &channels, &bitrate, &device, &no_remote);

  g_option_context_set_summary (context,
                                _("Records the microphone and the other side of a call until "
                                  "--duration, Ctrl+C or SIGTERM. Defaults come from Debrief's "
                                  "recording preferences."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;

  if (list_devices)
    {
      g_autoptr(GPtrArray) names = debrief_list_capture_devices ();

      for (guint i = 0; i < names->len; i++)
        g_print ("%s\n", (const char *) g_ptr_array_index (names, i));
      return DEBRIEF_CLI_OK;
    }

  if (output == NULL)
    return debrief_cli_usage (_("record needs an output file: -o FILE"));
  if (channels != 1 && channels != 2)
    return debrief_cli_usage (_("--channels must be 1 or 2"));
  if (bitrate < 6 || bitrate > 510)
    return debrief_cli_usage (_("--bitrate must be between 6 and 510 kbit/s"));
  if (duration < 0)
    return debrief_cli_usage (_("--duration must be positive"));

  if (format_name != NULL)
    {
      if (!debrief_audio_format_from_string (format_name, &format))
        return debrief_cli_usage (_("--format must be ogg, m4a or webm"));
    }
  else
    {
      const char *dot = strrchr (output, '.');

      if (dot != NULL)
        debrief_audio_format_from_string (dot + 1, &format);
    }

  if (!debrief_media_init (&error))
    return debrief_cli_fail_error (error);

  recorder = debrief_recorder_new (output, format);
  debrief_recorder_set_channels (recorder, channels);
  debrief_recorder_set_bitrate (recorder, bitrate);
  debrief_recorder_set_device (recorder, device);
  debrief_recorder_set_record_remote (recorder, !no_remote);
  debrief_recorder_set_precise_voice_detection (recorder, precise_vad);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.recorder = recorder;
  g_signal_connect (recorder, "failed", G_CALLBACK (failed_cb), &run);
  g_signal_connect (recorder, "notify::state", G_CALLBACK (state_cb), &run);

  if (!debrief_recorder_start (recorder, &error))
    return debrief_cli_fail_error (error);

  sigint = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &run);
  if (duration > 0)
    timeout = g_timeout_add ((guint) (duration * 1000), stop_cb, &run);

  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (timeout != 0 && !run.stopping)
    g_source_remove (timeout);

  if (run.error != NULL)
    {
      int ret = debrief_cli_fail_error (run.error);

      g_error_free (run.error);
      return ret;
    }

  return DEBRIEF_CLI_OK;
}

int
debrief_cli_probe (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(DebriefProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Describes an audio file: container, codec, channels, rate, and "
                                  "its duration measured by decoding it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("probe needs one file"));

  probe = debrief_probe_file (argv[1], NULL, &error);
  if (probe == NULL)
    return debrief_cli_fail_error (error);

  if (json)
    {
      g_autoptr(JsonNode) node = debrief_probe_to_json (probe);
      debrief_cli_print_json (node);
    }
  else
    {
      g_print ("%s/%s, %u channel(s), %u Hz, %" G_GINT64_FORMAT ".%03d s\n",
               probe->container, probe->codec, probe->channels, probe->rate,
               probe->duration_ms / 1000, (int) (probe->duration_ms % 1000));
    }

  return DEBRIEF_CLI_OK;
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   tty;
} TranscodeRun;

static void
transcoded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TranscodeRun *run = user_data;

  debrief_transcoder_run_finish (DEBRIEF_TRANSCODER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
progress_cb (DebriefTranscoder *transcoder,
             GParamSpec        *pspec,
             TranscodeRun      *run)
{
  if (run->tty)
    fprintf (stderr, "\r%3.0f %%", debrief_transcoder_get_progress (transcoder) * 100);
}

int
debrief_cli_transcode (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("IN OUT"));
  g_autoptr(DebriefTranscoder) transcoder = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *preset_name = NULL;
  DebriefTranscodePreset preset;
  TranscodeRun run = { 0 };
  int bitrate = 0;
  int status;
  const GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset_name,
      N_("whatsapp-voice, whatsapp-audio, ogg, m4a or webm"), N_("PRESET") },
    { "bitrate", 0, 0, G_OPTION_ARG_INT, &bitrate, N_("Bitrate in kbit/s (default: the preset's)"), N_("KBPS") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Converts an audio file. whatsapp-voice makes an Ogg/Opus mono voice "
                                  "note, whatsapp-audio an M4A (AAC) mono file; both fail when over 16 MB."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (preset_name == NULL || !debrief_transcode_preset_from_string (preset_name, &preset))
    return debrief_cli_usage (_("--preset must be whatsapp-voice, whatsapp-audio, ogg, m4a or webm"));
  if (argc != 3)
    return debrief_cli_usage (_("transcode needs an input and an output file"));
  if (bitrate < 0 || bitrate > 510)
    return debrief_cli_usage (_("--bitrate must be between 6 and 510 kbit/s"));

  transcoder = debrief_transcoder_new (argv[1], argv[2], preset);
  debrief_transcoder_set_bitrate (transcoder, bitrate);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.tty = isatty (STDERR_FILENO);
  g_signal_connect (transcoder, "notify::progress", G_CALLBACK (progress_cb), &run);
  debrief_cli_cancel_on_signals (cancellable);

  debrief_transcoder_run_async (transcoder, cancellable, transcoded_cb, &run);
  g_main_loop_run (loop);

  if (run.tty)
    fprintf (stderr, "\r");

  if (run.error != NULL)
    {
      int ret = debrief_cli_fail_error (run.error);

      g_error_free (run.error);
      return ret;
    }

  return DEBRIEF_CLI_OK;
}
