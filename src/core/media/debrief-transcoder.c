/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-transcoder.c: converting a recording for WhatsApp or another format, with progress */

#define G_LOG_DOMAIN "debrief-transcoder"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "debrief-media-format.h"
#include "debrief-transcoder.h"

#define PROGRESS_INTERVAL_MS 200

struct _DebriefTranscoder
{
  GObject                 parent_instance;

  char                   *input;
  char                   *output;
  char                   *partial;
  DebriefTranscodePreset  preset;
  guint                   bitrate_kbps;
  double                  progress;

  GstElement             *pipeline;
  guint                   bus_watch;
  guint                   progress_timer;
  GTask                  *task;
  gulong                  cancelled_id;
};

G_DEFINE_FINAL_TYPE (DebriefTranscoder, debrief_transcoder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * debrief_transcode_preset_get_bitrate:
 * @preset: a preset
 *
 * Returns: the bitrate the preset encodes at, in kbit/s, unless told
 *   otherwise
 */
guint
debrief_transcode_preset_get_bitrate (DebriefTranscodePreset preset)
{
  /* Speech: 32 kbit/s Opus is clear; AAC needs about twice that. */
  if (preset == DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE)
    return 32;

  return 64;
}

gboolean
debrief_transcode_preset_from_string (const char             *text,
                                      DebriefTranscodePreset *preset)
{
  int value;

  if (!debrief_enum_from_nick (DEBRIEF_TYPE_TRANSCODE_PRESET, text, &value))
    return FALSE;

  *preset = value;
  return TRUE;
}

/**
 * debrief_transcoder_new:
 * @input: an audio file
 * @output: the file to write; it appears only once complete
 * @preset: what to make
 *
 * Returns: (transfer full): a transcoder
 */
DebriefTranscoder *
debrief_transcoder_new (const char             *input,
                        const char             *output,
                        DebriefTranscodePreset  preset)
{
  DebriefTranscoder *self;

  g_return_val_if_fail (input != NULL && output != NULL, NULL);

  self = g_object_new (DEBRIEF_TYPE_TRANSCODER, NULL);
  self->input = g_strdup (input);
  self->output = g_strdup (output);
  self->partial = g_strconcat (output, ".part", NULL);
  self->preset = preset;

  return self;
}

/**
 * debrief_transcoder_set_bitrate:
 * @self: a #DebriefTranscoder
 * @kbps: the bitrate, or 0 for the preset's own
 */
void
debrief_transcoder_set_bitrate (DebriefTranscoder *self,
                                guint              kbps)
{
  g_return_if_fail (DEBRIEF_IS_TRANSCODER (self));

  self->bitrate_kbps = kbps;
}

double
debrief_transcoder_get_progress (DebriefTranscoder *self)
{
  g_return_val_if_fail (DEBRIEF_IS_TRANSCODER (self), 0);

  return self->progress;
}

static void
set_progress (DebriefTranscoder *self,
              double             progress)
{
  progress = CLAMP (progress, 0, 1);
  if (G_APPROX_VALUE (self->progress, progress, 0.001))
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static char *
build_description (DebriefTranscoder  *self,
                   GError            **error)
{
  g_autofree char *encoder = NULL;
  const char *caps = "";
  DebriefAudioFormat format;
  guint kbps = self->bitrate_kbps;

  switch (self->preset)
    {
    case DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE:
      /* A voice note: Ogg/Opus, mono, 48 kHz. */
      format = DEBRIEF_AUDIO_FORMAT_OGG;
      caps = "audio/x-raw,channels=1,rate=48000 ! ";
      break;

    case DEBRIEF_TRANSCODE_PRESET_WHATSAPP_AUDIO:
      format = DEBRIEF_AUDIO_FORMAT_M4A;
      caps = "audio/x-raw,channels=1 ! ";
      break;

    case DEBRIEF_TRANSCODE_PRESET_OGG:
      format = DEBRIEF_AUDIO_FORMAT_OGG;
      break;

    case DEBRIEF_TRANSCODE_PRESET_M4A:
      format = DEBRIEF_AUDIO_FORMAT_M4A;
      break;

    case DEBRIEF_TRANSCODE_PRESET_WEBM:
      format = DEBRIEF_AUDIO_FORMAT_WEBM;
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  if (kbps == 0)
    kbps = debrief_transcode_preset_get_bitrate (self->preset);
  encoder = debrief_audio_format_encoder_description (format, kbps, FALSE, error);
  if (encoder == NULL)
    return NULL;

  return g_strdup_printf ("filesrc name=src ! decodebin ! audioconvert ! audioresample ! %s%s ! "
                          "filesink name=sink",
                          caps, encoder);
}

static void
finish (DebriefTranscoder *self,
        GError            *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GStatBuf st;

  g_clear_handle_id (&self->progress_timer, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);

  if (error == NULL && (g_stat (self->partial, &st) != 0 || st.st_size == 0))
    error = g_error_new (DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_EMPTY,
                         _("“%s” holds no audio"), self->input);

  if (error == NULL &&
      (self->preset == DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE ||
       self->preset == DEBRIEF_TRANSCODE_PRESET_WHATSAPP_AUDIO) &&
      st.st_size > DEBRIEF_WHATSAPP_MAX_BYTES)
    error = g_error_new (DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_TOO_LARGE,
                         _("The converted recording is %.1f MB, over WhatsApp's limit of 16 MB: "
                           "choose a lower bitrate or send a share link"),
                         st.st_size / 1e6);

  if (error == NULL && g_rename (self->partial, self->output) != 0)
    {
      int saved_errno = errno;

      error = g_error_new (DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE,
                           _("Could not write “%s”: %s"), self->output, g_strerror (saved_errno));
    }

  /* Nothing half-written is left behind. */
  g_unlink (self->partial);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  set_progress (self, 1);
  g_task_return_boolean (task, TRUE);
}

static gboolean
progress_cb (gpointer user_data)
{
  DebriefTranscoder *self = user_data;
  gint64 position = 0, duration = 0;

  if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) &&
      gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) &&
      duration > 0)
    set_progress (self, (double) position / duration);

  return G_SOURCE_CONTINUE;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  DebriefTranscoder *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      finish (self, NULL);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
    {
      GError *error = NULL;

      debrief_media_error_from_message (message, self->input, &error);
      self->bus_watch = 0;
      finish (self, error);
    }
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  DebriefTranscoder *self = user_data;

  if (self->task != NULL)
    finish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The conversion was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable      *cancellable,
              DebriefTranscoder *self)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  /* May run in any thread, and inside g_cancellable_cancel(), where
   * disconnecting would deadlock: finish later, in the task's context. */
  g_source_set_callback (idle, cancelled_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (idle, g_task_get_context (self->task));
}

/**
 * debrief_transcoder_run_async:
 * @self: a #DebriefTranscoder
 * @cancellable: (nullable): cancels the conversion, leaving no output
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Converts the input as fast as the machine allows, notifying
 * #DebriefTranscoder:progress on the way. The output is written under a
 * temporary name and renamed once complete; WhatsApp presets over 16 MB
 * fail with %DEBRIEF_MEDIA_ERROR_TOO_LARGE.
 */
void
debrief_transcoder_run_async (DebriefTranscoder   *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *description = NULL;
  g_autofree char *dir = NULL;

  g_return_if_fail (DEBRIEF_IS_TRANSCODER (self));
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_transcoder_run_async);

  if (!debrief_media_init (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_file_test (self->input, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_new_error (task, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND,
                               _("“%s” does not exist or is not a file"), self->input);
      return;
    }

  dir = g_path_get_dirname (self->output);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE,
                               _("The folder “%s” does not exist"), dir);
      return;
    }

  description = build_description (self, &error);
  if (description == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (self->pipeline == NULL)
    {
      g_task_return_new_error (task, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN,
                               _("Converting needs GStreamer's base plugins: %s"), parse_error->message);
      return;
    }
  gst_object_ref_sink (self->pipeline);

  src = gst_bin_get_by_name (GST_BIN (self->pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  g_object_set (src, "location", self->input, NULL);
  g_object_set (sink, "location", self->partial, NULL);

  self->task = g_steal_pointer (&task);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  self->progress_timer = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  set_progress (self, 0);
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
}

gboolean
debrief_transcoder_run_finish (DebriefTranscoder  *self,
                               GAsyncResult       *result,
                               GError            **error)
{
  g_return_val_if_fail (DEBRIEF_IS_TRANSCODER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
debrief_transcoder_dispose (GObject *object)
{
  DebriefTranscoder *self = (DebriefTranscoder *) object;

  g_clear_handle_id (&self->progress_timer, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);

  G_OBJECT_CLASS (debrief_transcoder_parent_class)->dispose (object);
}

static void
debrief_transcoder_finalize (GObject *object)
{
  DebriefTranscoder *self = (DebriefTranscoder *) object;

  g_free (self->input);
  g_free (self->output);
  g_free (self->partial);

  G_OBJECT_CLASS (debrief_transcoder_parent_class)->finalize (object);
}

static void
debrief_transcoder_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DebriefTranscoder *self = DEBRIEF_TRANSCODER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_transcoder_class_init (DebriefTranscoderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_transcoder_dispose;
  object_class->finalize = debrief_transcoder_finalize;
  object_class->get_property = debrief_transcoder_get_property;

  /**
   * DebriefTranscoder:progress:
   *
   * How much is converted, from 0 to 1.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
debrief_transcoder_init (DebriefTranscoder *self)
{
}
