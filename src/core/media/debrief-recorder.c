/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recorder.c: recording the microphone and the other side of a call into one file */

#define G_LOG_DOMAIN "debrief-recorder"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/audio/audio.h>
#include <gst/controller/controller.h>
#include <gst/gst.h>
#include <gst/app/app.h>

#include "debrief-media-format.h"
#include "debrief-recorder.h"

#define LEVEL_INTERVAL      (100 * GST_MSECOND)
#define STOP_TIMEOUT_MS     5000
/* Pausing and resuming fade over 25 ms so the joint does not click; the
 * pause itself waits until the fade-out has been captured. */
#define FADE_TIME           (25 * GST_MSECOND)
#define PAUSE_DELAY_MS      150
/* The energy fallback for voice activity: speech above this level, and the
 * time it must stay below before speech counts as stopped. */
#define VOICE_THRESHOLD_DB  -45.0
#define VOICE_HANGOVER_MS   400
#define BRANCH_CAPS         "audio/x-raw,format=S16LE,rate=48000,channels=1"

struct _DebriefRecorder
{
  GObject               parent_instance;

  char                 *path;
  DebriefAudioFormat    format;
  guint                 channels;
  guint                 bitrate_kbps;
  char                 *device_name;
  char                 *user_source;
  char                 *remote_source;
  gboolean              record_remote;
  char                 *echo_probe;      /* cancel this playback's echo, or NULL */

  /* The user's audio as it is captured, for a transcriber */
  DebriefRecorderAudioFunc audio_func;
  gpointer              audio_data;
  GDestroyNotify        audio_destroy;

  DebriefRecorderState  state;
  GstElement           *pipeline;
  guint                 bus_watch;
  gboolean              has_remote;
  gboolean              precise_vad;
  gboolean              webrtc_vad;

  /* Per channel (user, remote): speaking now, and the last time it was loud. */
  gboolean              speaking[2];
  gint64                last_loud_ms[2];

  GstControlSource     *fade;
  guint                 pause_timeout;

  GTask                *stop_task;
  guint                 stop_timeout;
  guint                 eos_retry;
  gint                  flowing; /* atomic: audio has reached the encoder */
};

G_DEFINE_FINAL_TYPE (DebriefRecorder, debrief_recorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_FORMAT,
  PROP_STATE,
  N_PROPS
};

enum {
  LEVEL,
  VOICE_ACTIVITY,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_state (DebriefRecorder      *self,
           DebriefRecorderState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * debrief_recorder_new:
 * @path: the file to write; its folder must exist
 * @format: the container and codec
 *
 * Returns: (transfer full): a recorder, idle until debrief_recorder_start()
 */
DebriefRecorder *
debrief_recorder_new (const char         *path,
                      DebriefAudioFormat  format)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (DEBRIEF_TYPE_RECORDER, "path", path, "format", format, NULL);
}

const char *
debrief_recorder_get_path (DebriefRecorder *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), NULL);

  return self->path;
}

DebriefAudioFormat
debrief_recorder_get_format (DebriefRecorder *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), DEBRIEF_AUDIO_FORMAT_OGG);

  return self->format;
}

/**
 * debrief_recorder_set_channels:
 * @self: an idle #DebriefRecorder
 * @channels: 1 to mix everything, 2 for the user on the left and the other side on the right
 */
void
debrief_recorder_set_channels (DebriefRecorder *self,
                               guint            channels)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (channels == 1 || channels == 2);
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  self->channels = channels;
}

guint
debrief_recorder_get_channels (DebriefRecorder *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), 0);

  return self->channels;
}

void
debrief_recorder_set_bitrate (DebriefRecorder *self,
                              guint            kbps)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (kbps >= 6 && kbps <= 510);
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  self->bitrate_kbps = kbps;
}

/**
 * debrief_recorder_set_device:
 * @self: an idle #DebriefRecorder
 * @device_name: (nullable): a capture device's display name, from
 *   debrief_list_capture_devices(), or %NULL for the default microphone
 */
void
debrief_recorder_set_device (DebriefRecorder *self,
                             const char      *device_name)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  g_free (self->device_name);
  self->device_name = device_name != NULL && *device_name != '\0' ? g_strdup (device_name) : NULL;
}

/**
 * debrief_recorder_set_user_source:
 * @self: an idle #DebriefRecorder
 * @description: (nullable): a gst-launch description that replaces the
 *   microphone, as DEBRIEF_AUDIO_SOURCE does; then nothing else is captured
 *   unless DEBRIEF_REMOTE_SOURCE is set
 */
void
debrief_recorder_set_user_source (DebriefRecorder *self,
                                  const char      *description)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  g_free (self->user_source);
  self->user_source = g_strdup (description);
}

/**
 * debrief_recorder_set_remote_source:
 * @self: an idle #DebriefRecorder
 * @description: (nullable): a gst-launch description of the other side,
 *   such as the coach's voice, or %NULL for the default
 *
 * DEBRIEF_REMOTE_SOURCE still wins, so tests can replace either.
 */
void
debrief_recorder_set_remote_source (DebriefRecorder *self,
                                    const char      *description)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  g_free (self->remote_source);
  self->remote_source = g_strdup (description);
}

/**
 * debrief_recorder_set_echo_probe:
 * @self: an idle #DebriefRecorder
 * @probe: (nullable): the name of a `webrtcechoprobe` in the pipeline
 *   that plays what the speakers say, or %NULL
 *
 * Cancels the echo of that playback in the microphone, when webrtcdsp is
 * installed, so a voice from the speakers does not count as the user
 * speaking.
 */
void
debrief_recorder_set_echo_probe (DebriefRecorder *self,
                                 const char      *probe)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  g_free (self->echo_probe);
  self->echo_probe = g_strdup (probe);
}

/**
 * debrief_recorder_set_user_audio_func:
 * @self: an idle #DebriefRecorder
 * @func: (nullable): called from a streaming thread with the user's audio
 *   as it is captured: 16 kHz mono signed 16-bit samples
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 */
void
debrief_recorder_set_user_audio_func (DebriefRecorder          *self,
                                      DebriefRecorderAudioFunc  func,
                                      gpointer                  user_data,
                                      GDestroyNotify            destroy)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  if (self->audio_destroy != NULL)
    self->audio_destroy (self->audio_data);
  self->audio_func = func;
  self->audio_data = user_data;
  self->audio_destroy = destroy;
}

/**
 * debrief_recorder_set_record_remote:
 * @self: an idle #DebriefRecorder
 * @record_remote: whether to capture the other side of the call (the
 *   monitor of the default output) besides the microphone
 */
void
debrief_recorder_set_record_remote (DebriefRecorder *self,
                                    gboolean         record_remote)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  self->record_remote = !!record_remote;
}

/**
 * debrief_recorder_set_precise_voice_detection:
 * @self: an idle #DebriefRecorder
 * @precise: %TRUE to detect speech with webrtcdsp where it is installed
 *
 * By default speech is told from silence by its level, which is enough for
 * the inactivity timeout. Turn-taking with the AI coach wants WebRTC's voice
 * detection, at about one more percent of a core.
 */
void
debrief_recorder_set_precise_voice_detection (DebriefRecorder *self,
                                              gboolean         precise)
{
  g_return_if_fail (DEBRIEF_IS_RECORDER (self));
  g_return_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE);

  self->precise_vad = !!precise;
}

DebriefRecorderState
debrief_recorder_get_state (DebriefRecorder *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), DEBRIEF_RECORDER_STATE_IDLE);

  return self->state;
}

/**
 * debrief_recorder_has_remote:
 * @self: a started #DebriefRecorder
 *
 * Returns: whether the other side of the call is being captured
 */
gboolean
debrief_recorder_has_remote (DebriefRecorder *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), FALSE);

  return self->has_remote;
}

/**
 * debrief_recorder_get_position_ms:
 * @self: a #DebriefRecorder
 *
 * Returns: how much has been recorded, pauses excluded
 */
gint64
debrief_recorder_get_position_ms (DebriefRecorder *self)
{
  g_autoptr(GstClock) clock = NULL;
  GstClockTime running;

  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), 0);

  if (self->pipeline == NULL)
    return 0;

  /* The pipeline's running time, which stands still while paused (muxers
   * report their output position, up to a page behind). */
  clock = gst_element_get_clock (self->pipeline);
  if (clock != NULL && GST_STATE (self->pipeline) == GST_STATE_PLAYING)
    running = gst_clock_get_time (clock) - gst_element_get_base_time (self->pipeline);
  else
    running = gst_element_get_start_time (self->pipeline);

  return GST_CLOCK_TIME_IS_VALID (running) ? (gint64) (running / GST_MSECOND) : 0;
}

/**
 * debrief_list_capture_devices:
 *
 * Returns: (transfer full) (element-type utf8): the display names of the
 *   microphones and other capture devices, for debrief_recorder_set_device()
 */
GPtrArray *
debrief_list_capture_devices (void)
{
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GList *devices;

  if (!debrief_media_init (NULL))
    return names;

  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  if (!gst_device_monitor_start (monitor))
    return names;

  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    g_ptr_array_add (names, gst_device_get_display_name (l->data));
  g_list_free_full (devices, gst_object_unref);
  gst_device_monitor_stop (monitor);

  return names;
}

static GstElement *
create_device_element (const char  *display_name,
                       GError     **error)
{
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();
  GstElement *element = NULL;
  GList *devices;

  gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  if (gst_device_monitor_start (monitor))
    {
      devices = gst_device_monitor_get_devices (monitor);
      for (GList *l = devices; l != NULL && element == NULL; l = l->next)
        {
          g_autofree char *name = gst_device_get_display_name (l->data);

          if (g_strcmp0 (name, display_name) == 0)
            element = gst_device_create_element (l->data, "user-device");
        }
      g_list_free_full (devices, gst_object_unref);
      gst_device_monitor_stop (monitor);
    }

  if (element == NULL)
    g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_DEVICE,
                 _("The microphone “%s” is not connected. Choose another in Preferences."), display_name);

  return element;
}

/* Capture in 50 ms blocks: per-buffer work, not samples, dominates the
 * cost of a recording, and the level meter updates every 100 ms anyway. */
#define PULSE_TIMING "buffer-time=200000 latency-time=50000"

static gboolean
have_element (const char *name)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find (name);

  return factory != NULL;
}

/* The user's side: a set source, DEBRIEF_AUDIO_SOURCE, the chosen device,
 * or the default microphone. */
static const char *
user_override (DebriefRecorder *self)
{
  const char *env = g_getenv ("DEBRIEF_AUDIO_SOURCE");

  if (self->user_source != NULL)
    return self->user_source;

  return env != NULL && *env != '\0' ? env : NULL;
}

static char *
user_source_description (DebriefRecorder *self)
{
  const char *override = user_override (self);

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  if (have_element ("pulsesrc"))
    return g_strdup ("pulsesrc name=user-device " PULSE_TIMING);

  return g_strdup ("autoaudiosrc name=user-device");
}

/* The other side: DEBRIEF_REMOTE_SOURCE, else nothing when only
 * DEBRIEF_AUDIO_SOURCE is set, else the monitor of the default output. */
static char *
remote_source_description (DebriefRecorder *self)
{
  const char *override = g_getenv ("DEBRIEF_REMOTE_SOURCE");

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  if (self->remote_source != NULL)
    return g_strdup (self->remote_source);

  if (user_override (self) != NULL || !self->record_remote)
    return NULL;

  return g_strdup ("pulsesrc device=@DEFAULT_MONITOR@ " PULSE_TIMING);
}

static void
append_branch (GString    *desc,
               const char *source,
               const char *name,
               gboolean    webrtc_vad,
               const char *echo_probe,
               gboolean    tap,
               const char *sink_pad)
{
  g_string_append_printf (desc, "%s ! audioconvert ! audioresample ! " BRANCH_CAPS " ! ", source);
  if (echo_probe != NULL)
    g_string_append_printf (desc,
                            "webrtcdsp name=echo-%s probe=%s echo-cancel=true delay-agnostic=true noise-suppression=false "
                            "gain-control=false high-pass-filter=true voice-detection=false ! ",
                            name, echo_probe);
  /* A copy for the transcriber, leaving the recording alone when it lags. */
  if (tap)
    g_string_append_printf (desc, "tee name=tap-%s ! ", name);
  if (webrtc_vad)
    g_string_append_printf (desc,
                            "webrtcdsp name=vad-%s echo-cancel=false noise-suppression=false "
                            "gain-control=false high-pass-filter=false voice-detection=true ! ",
                            name);
  /* Without a mixer pad, the branch runs on into the encoder. */
  g_string_append_printf (desc,
                          "level name=level-%s interval=%" G_GUINT64_FORMAT " post-messages=true ! "
                          "queue max-size-time=1000000000 %s%s ",
                          name, (guint64) LEVEL_INTERVAL, sink_pad != NULL ? "! " : "",
                          sink_pad != NULL ? sink_pad : "");
}

static char *
build_description (DebriefRecorder  *self,
                   GError          **error)
{
  g_autoptr(GString) desc = g_string_new (NULL);
  g_autofree char *encoder = NULL;
  g_autofree char *user = user_source_description (self);
  g_autofree char *remote = remote_source_description (self);
  const char *echo_probe;
  gboolean tap;
  static const char * const needed[] = {
    "audioconvert", "audioresample", "level", "queue", "interleave", "audiomixer", "audiopanorama",
    "volume", "filesink", NULL
  };

  if (!debrief_media_require_elements (needed, _("Recording"),
                                       "gstreamer1.0-plugins-base gstreamer1.0-plugins-good", error))
    return NULL;

  encoder = debrief_audio_format_encoder_description (self->format, self->bitrate_kbps, TRUE, error);
  if (encoder == NULL)
    return NULL;

  self->webrtc_vad = self->precise_vad && have_element ("webrtcdsp");
  self->has_remote = remote != NULL;
  echo_probe = self->echo_probe != NULL && have_element ("webrtcdsp") && have_element ("webrtcechoprobe")
               ? self->echo_probe : NULL;
  tap = self->audio_func != NULL;

  if (remote == NULL)
    {
      append_branch (desc, user, "user", self->webrtc_vad, echo_probe, tap, NULL);
      /* Nobody on the other side: with two channels, the right stays silent. */
      g_string_append (desc, self->channels == 2 ? "! audiopanorama method=simple panorama=-1 ! " : "! ");
    }
  else
    {
      const char *mixer = self->channels == 2 ? "interleave" : "audiomixer";

      append_branch (desc, user, "user", self->webrtc_vad, echo_probe, tap, "mix.sink_0");
      append_branch (desc, remote, "remote", self->webrtc_vad, NULL, FALSE, "mix.sink_1");
      g_string_append_printf (desc, "%s name=mix ! ", mixer);
    }

  g_string_append_printf (desc,
                          "volume name=fade ! audioconvert ! audio/x-raw,channels=%u ! %s ! "
                          "filesink name=sink buffer-mode=unbuffered",
                          self->channels, encoder);
  if (tap)
    g_string_append (desc, " tap-user. ! queue leaky=downstream max-size-time=2000000000 ! audioresample ! "
                     "audio/x-raw,format=S16LE,rate=16000,channels=1 ! "
                     "appsink name=user-audio sync=false max-buffers=0 drop=false");

  return g_string_free (g_steal_pointer (&desc), FALSE);
}

static void
emit_voice_activity (DebriefRecorder *self,
                     guint            channel,
                     gboolean         speaking,
                     gint64           stream_ms)
{
  if (self->speaking[channel] == speaking)
    return;

  self->speaking[channel] = speaking;
  g_signal_emit (self, signals[VOICE_ACTIVITY], 0, channel, speaking, stream_ms);
}

static void
handle_level (DebriefRecorder    *self,
              guint               channel,
              const GstStructure *s)
{
  const GValue *peaks = gst_structure_get_value (s, "peak");
  const GValue *rms = gst_structure_get_value (s, "rms");
  GstClockTime stream_time = 0;
  double peak_db, rms_db;
  gint64 stream_ms;

  if (peaks == NULL || rms == NULL)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    peak_db = g_value_get_double (g_value_array_get_nth (g_value_get_boxed (peaks), 0));
  rms_db = g_value_get_double (g_value_array_get_nth (g_value_get_boxed (rms), 0));
  G_GNUC_END_IGNORE_DEPRECATIONS

  gst_structure_get_clock_time (s, "stream-time", &stream_time);
  stream_ms = stream_time / GST_MSECOND;

  g_signal_emit (self, signals[LEVEL], 0, channel, peak_db, rms_db);

  if (self->webrtc_vad && (channel == DEBRIEF_RECORDER_CHANNEL_USER || self->has_remote))
    return;

  if (rms_db > VOICE_THRESHOLD_DB)
    {
      self->last_loud_ms[channel] = stream_ms;
      emit_voice_activity (self, channel, TRUE, stream_ms);
    }
  else if (stream_ms - self->last_loud_ms[channel] > VOICE_HANGOVER_MS)
    {
      emit_voice_activity (self, channel, FALSE, stream_ms);
    }
}

static void
finish_stop (DebriefRecorder *self,
             GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);
  GStatBuf st;

  g_clear_handle_id (&self->stop_timeout, g_source_remove);
  g_clear_handle_id (&self->pause_timeout, g_source_remove);
  g_clear_handle_id (&self->eos_retry, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);

  /* A file with nothing in it is not a recording. */
  if (error == NULL && (g_stat (self->path, &st) != 0 || st.st_size == 0))
    error = g_error_new (DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_EMPTY,
                         _("Nothing was recorded: the audio source sent no sound"));

  if (error != NULL && g_error_matches (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_EMPTY))
    g_unlink (self->path);

  set_state (self, error == NULL ? DEBRIEF_RECORDER_STATE_STOPPED : DEBRIEF_RECORDER_STATE_FAILED);

  if (task != NULL)
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
    }
  else if (error != NULL)
    {
      g_signal_emit (self, signals[FAILED], 0, error);
      g_error_free (error);
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  DebriefRecorder *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      finish_stop (self, NULL);
      break;

    case GST_MESSAGE_ERROR:
    {
      GError *error = NULL;

      debrief_media_error_from_message (message, self->path, &error);
      g_warning ("Recording %s failed: %s", self->path, error->message);
      finish_stop (self, error);
    }
    break;

    case GST_MESSAGE_ELEMENT:
    {
      const GstStructure *s = gst_message_get_structure (message);
      const char *source = GST_OBJECT_NAME (GST_MESSAGE_SRC (message));
      guint channel = g_str_has_suffix (source, "-remote") ? DEBRIEF_RECORDER_CHANNEL_REMOTE
                                                             : DEBRIEF_RECORDER_CHANNEL_USER;

      if (gst_structure_has_name (s, "level"))
        {
          handle_level (self, channel, s);
        }
      else if (gst_structure_has_name (s, "voice-activity"))
        {
          gboolean has_voice = FALSE;
          guint64 stream_time = 0;

          gst_structure_get_boolean (s, "stream-has-voice", &has_voice);
          gst_structure_get_uint64 (s, "stream-time", &stream_time);
          emit_voice_activity (self, channel, has_voice, stream_time / GST_MSECOND);
        }
    }
    break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* interleave leaves two mono inputs unpositioned, which AAC encoders refuse:
 * the user is front left, the other side front right. */
static void
position_channels (GstElement *pipeline)
{
  g_autoptr(GstElement) mix = gst_bin_get_by_name (GST_BIN (pipeline), "mix");
  GValueArray *positions;
  GValue value = G_VALUE_INIT;

  if (mix == NULL || !g_str_equal (G_OBJECT_TYPE_NAME (mix), "GstInterleave"))
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    positions = g_value_array_new (2);
  g_value_init (&value, GST_TYPE_AUDIO_CHANNEL_POSITION);
  g_value_set_enum (&value, GST_AUDIO_CHANNEL_POSITION_FRONT_LEFT);
  g_value_array_append (positions, &value);
  g_value_set_enum (&value, GST_AUDIO_CHANNEL_POSITION_FRONT_RIGHT);
  g_value_array_append (positions, &value);
  g_value_unset (&value);

  g_object_set (mix, "channel-positions-from-input", FALSE, "channel-positions", positions, NULL);
  g_value_array_free (positions);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static GstPadProbeReturn
first_buffer_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  DebriefRecorder *self = user_data;

  g_atomic_int_set (&self->flowing, TRUE);
  return GST_PAD_PROBE_REMOVE;
}

static void
attach_fade (DebriefRecorder *self)
{
  g_autoptr(GstElement) volume = gst_bin_get_by_name (GST_BIN (self->pipeline), "fade");
  g_autoptr(GstPad) src = gst_element_get_static_pad (volume, "src");

  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, first_buffer_cb, self, NULL);

  self->fade = gst_interpolation_control_source_new ();
  g_object_set (self->fade, "mode", GST_INTERPOLATION_MODE_LINEAR, NULL);
  gst_timed_value_control_source_set (GST_TIMED_VALUE_CONTROL_SOURCE (self->fade), 0, 1.0);
  gst_object_add_control_binding (GST_OBJECT (volume),
                                  gst_direct_control_binding_new_absolute (GST_OBJECT (volume), "volume",
                                                                           self->fade));
}

static GstClockTime
running_time (DebriefRecorder *self)
{
  return (GstClockTime) debrief_recorder_get_position_ms (self) * GST_MSECOND;
}

static gboolean
check_output_path (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE,
                   _("The folder “%s” does not exist"), dir);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE,
                   _("“%s” is a folder, not a file name"), path);
      return FALSE;
    }

  return TRUE;
}

/* From the tap's streaming thread: the input ended (a file played as the
 * microphone), told as no samples. */
static void
user_audio_eos_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  DebriefRecorder *self = user_data;

  self->audio_func (NULL, 0, -1, self->audio_data);
}

/* From the tap's streaming thread */
static GstFlowReturn
user_audio_cb (GstAppSink *sink,
               gpointer    user_data)
{
  DebriefRecorder *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;

  self->audio_func ((const gint16 *) map.data, map.size / sizeof (gint16),
                    GST_BUFFER_PTS_IS_VALID (buffer) ? (gint64) (GST_BUFFER_PTS (buffer) / GST_MSECOND) : -1,
                    self->audio_data);
  gst_buffer_unmap (buffer, &map);

  return GST_FLOW_OK;
}

/**
 * debrief_recorder_start:
 * @self: an idle #DebriefRecorder
 * @error: return location for a #GError
 *
 * Checks that every element is installed, builds the pipeline and starts
 * capturing. Errors after this point stop the recording and are reported by
 * #DebriefRecorder::failed.
 *
 * Returns: %TRUE when recording has started
 */
gboolean
debrief_recorder_start (DebriefRecorder  *self,
                        GError          **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (self->state == DEBRIEF_RECORDER_STATE_IDLE, FALSE);

  if (!debrief_media_init (error) || !check_output_path (self->path, error))
    return FALSE;

  description = build_description (self, error);
  if (description == NULL)
    return FALSE;

  g_debug ("Recording pipeline: %s", description);
  self->pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (self->pipeline == NULL)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_INVALID,
                   _("The audio source could not be set up: %s"), parse_error->message);
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);

  if (self->device_name != NULL && user_override (self) == NULL)
    {
      g_autoptr(GstElement) placeholder = gst_bin_get_by_name (GST_BIN (self->pipeline), "user-device");
      g_autoptr(GstPad) src_pad = NULL;
      g_autoptr(GstPad) peer = NULL;
      GstElement *device = create_device_element (self->device_name, error);

      if (device == NULL)
        {
          gst_clear_object (&self->pipeline);
          return FALSE;
        }

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "latency-time") != NULL)
        g_object_set (device, "buffer-time", (gint64) 200000, "latency-time", (gint64) 50000, NULL);

      src_pad = gst_element_get_static_pad (placeholder, "src");
      peer = gst_pad_get_peer (src_pad);
      gst_pad_unlink (src_pad, peer);
      gst_bin_remove (GST_BIN (self->pipeline), placeholder);
      gst_bin_add (GST_BIN (self->pipeline), device);
      g_clear_object (&src_pad);
      src_pad = gst_element_get_static_pad (device, "src");
      gst_pad_link (src_pad, peer);
    }

  position_channels (self->pipeline);
  attach_fade (self);
  if (self->audio_func != NULL)
    {
      g_autoptr(GstElement) tap = gst_bin_get_by_name (GST_BIN (self->pipeline), "user-audio");
      GstAppSinkCallbacks callbacks = { .new_sample = user_audio_cb, .eos = user_audio_eos_cb };

      gst_app_sink_set_callbacks (GST_APP_SINK (tap), &callbacks, self, NULL);
    }
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  g_object_set (sink, "location", self->path, NULL);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        debrief_media_error_from_message (message, self->path, error);
      else
        g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_DEVICE,
                     _("The audio source could not be started"));

      g_clear_handle_id (&self->bus_watch, g_source_remove);
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
      g_unlink (self->path);
      return FALSE;
    }

  set_state (self, DEBRIEF_RECORDER_STATE_RECORDING);
  return TRUE;
}

/**
 * debrief_recorder_pause:
 * @self: a recording #DebriefRecorder
 *
 * Stops capturing without a gap in the file: resuming continues the
 * timeline where it paused.
 */
static gboolean
pause_cb (gpointer user_data)
{
  DebriefRecorder *self = user_data;

  self->pause_timeout = 0;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  return G_SOURCE_REMOVE;
}

void
debrief_recorder_pause (DebriefRecorder *self)
{
  GstTimedValueControlSource *fade;
  GstClockTime now;

  g_return_if_fail (DEBRIEF_IS_RECORDER (self));

  if (self->state != DEBRIEF_RECORDER_STATE_RECORDING)
    return;

  /* Fade out what is captured from now, then stop capturing. */
  fade = GST_TIMED_VALUE_CONTROL_SOURCE (self->fade);
  now = running_time (self);
  gst_timed_value_control_source_unset_all (fade);
  gst_timed_value_control_source_set (fade, 0, 1.0);
  gst_timed_value_control_source_set (fade, now, 1.0);
  gst_timed_value_control_source_set (fade, now + FADE_TIME, 0.0);
  self->pause_timeout = g_timeout_add (PAUSE_DELAY_MS, pause_cb, self);

  set_state (self, DEBRIEF_RECORDER_STATE_PAUSED);
}

void
debrief_recorder_resume (DebriefRecorder *self)
{
  GstTimedValueControlSource *fade;
  GstClockTime now;

  g_return_if_fail (DEBRIEF_IS_RECORDER (self));

  if (self->state != DEBRIEF_RECORDER_STATE_PAUSED)
    return;

  /* Still fading out: cancel the pause. */
  if (self->pause_timeout != 0)
    g_clear_handle_id (&self->pause_timeout, g_source_remove);

  /* Fade in from where the recording stands. */
  fade = GST_TIMED_VALUE_CONTROL_SOURCE (self->fade);
  now = running_time (self);
  gst_timed_value_control_source_unset_all (fade);
  gst_timed_value_control_source_set (fade, 0, 0.0);
  gst_timed_value_control_source_set (fade, now, 0.0);
  gst_timed_value_control_source_set (fade, now + FADE_TIME, 1.0);

  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  set_state (self, DEBRIEF_RECORDER_STATE_RECORDING);
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  DebriefRecorder *self = user_data;

  self->stop_timeout = 0;
  finish_stop (self, g_error_new (DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_TIMEOUT,
                                  _("The recording did not finish within %d seconds; what was "
                                    "written so far is kept in “%s”"),
                                  STOP_TIMEOUT_MS / 1000, self->path));
  return G_SOURCE_REMOVE;
}

/* End-of-stream before the first audio leaves the stream without a start,
 * which some elements cannot handle: a call ended the moment it started
 * waits for its first block of audio. */
static gboolean
send_eos_cb (gpointer user_data)
{
  DebriefRecorder *self = user_data;

  if (!g_atomic_int_get (&self->flowing))
    {
      if (self->eos_retry == 0)
        self->eos_retry = g_timeout_add (20, send_eos_cb, self);
      return G_SOURCE_CONTINUE;
    }

  self->eos_retry = 0;
  gst_element_send_event (self->pipeline, gst_event_new_eos ());
  return G_SOURCE_REMOVE;
}

/**
 * debrief_recorder_stop_async:
 * @self: a started #DebriefRecorder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is complete
 * @user_data: data for @callback
 *
 * Ends the recording: sends end-of-stream so every format writes its end,
 * and waits for it, for at most five seconds.
 */
void
debrief_recorder_stop_async (DebriefRecorder     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_RECORDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_recorder_stop_async);

  if (self->state != DEBRIEF_RECORDER_STATE_RECORDING && self->state != DEBRIEF_RECORDER_STATE_PAUSED)
    {
      if (self->state == DEBRIEF_RECORDER_STATE_STOPPED)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_INVALID,
                                 _("The recorder is not recording"));
      return;
    }

  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_INVALID,
                               _("The recording is already stopping"));
      return;
    }

  self->stop_task = g_steal_pointer (&task);
  g_clear_handle_id (&self->pause_timeout, g_source_remove);
  set_state (self, DEBRIEF_RECORDER_STATE_STOPPING);

  /* Live sources only push end-of-stream while playing. */
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  self->stop_timeout = g_timeout_add (STOP_TIMEOUT_MS, stop_timeout_cb, self);
  send_eos_cb (self);
}

gboolean
debrief_recorder_stop_finish (DebriefRecorder  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
debrief_recorder_dispose (GObject *object)
{
  DebriefRecorder *self = (DebriefRecorder *) object;

  g_clear_handle_id (&self->stop_timeout, g_source_remove);
  g_clear_handle_id (&self->pause_timeout, g_source_remove);
  g_clear_handle_id (&self->eos_retry, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->fade);

  G_OBJECT_CLASS (debrief_recorder_parent_class)->dispose (object);
}

static void
debrief_recorder_finalize (GObject *object)
{
  DebriefRecorder *self = (DebriefRecorder *) object;

  g_assert (self->stop_task == NULL);

  g_free (self->path);
  g_free (self->device_name);
  g_free (self->user_source);
  g_free (self->remote_source);
  g_free (self->echo_probe);
  if (self->audio_destroy != NULL)
    self->audio_destroy (self->audio_data);

  G_OBJECT_CLASS (debrief_recorder_parent_class)->finalize (object);
}

static void
debrief_recorder_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DebriefRecorder *self = DEBRIEF_RECORDER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_recorder_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DebriefRecorder *self = DEBRIEF_RECORDER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_recorder_class_init (DebriefRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_recorder_dispose;
  object_class->finalize = debrief_recorder_finalize;
  object_class->get_property = debrief_recorder_get_property;
  object_class->set_property = debrief_recorder_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       DEBRIEF_TYPE_AUDIO_FORMAT, DEBRIEF_AUDIO_FORMAT_OGG,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DEBRIEF_TYPE_RECORDER_STATE, DEBRIEF_RECORDER_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefRecorder::level:
   * @channel: %DEBRIEF_RECORDER_CHANNEL_USER or %DEBRIEF_RECORDER_CHANNEL_REMOTE
   * @peak_db: the peak of the last 100 ms, in dBFS
   * @rms_db: its RMS, in dBFS
   */
  signals[LEVEL] =
    g_signal_new ("level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * DebriefRecorder::voice-activity:
   * @channel: the channel whose speech started or stopped
   * @speaking: whether someone speaks now
   * @stream_ms: when, in the recording's time
   */
  signals[VOICE_ACTIVITY] =
    g_signal_new ("voice-activity", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_BOOLEAN, G_TYPE_INT64);

  /**
   * DebriefRecorder::failed:
   * @error: what went wrong; what was written before stays in the file
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
debrief_recorder_init (DebriefRecorder *self)
{
  self->channels = 2;
  self->bitrate_kbps = 64;
  self->record_remote = TRUE;
}
