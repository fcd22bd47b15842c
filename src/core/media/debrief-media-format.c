/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-media-format.c: the audio formats Debrief writes, and the GStreamer elements each needs */

#define G_LOG_DOMAIN "debrief-media"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-media-format.h"

G_DEFINE_QUARK (debrief-media-error-quark, debrief_media_error)

/**
 * debrief_media_init:
 * @error: return location for a #GError
 *
 * Initializes GStreamer once; safe to call from every entry point.
 *
 * Returns: %TRUE when GStreamer is usable
 */
gboolean
debrief_media_init (GError **error)
{
  return gst_is_initialized () || gst_init_check (NULL, NULL, error);
}

const char *
debrief_audio_format_get_extension (DebriefAudioFormat format)
{
  switch (format)
    {
    case DEBRIEF_AUDIO_FORMAT_OGG:
      return "ogg";
    case DEBRIEF_AUDIO_FORMAT_M4A:
      return "m4a";
    case DEBRIEF_AUDIO_FORMAT_WEBM:
      return "webm";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
debrief_audio_format_get_content_type (DebriefAudioFormat format)
{
  switch (format)
    {
    case DEBRIEF_AUDIO_FORMAT_OGG:
      return "audio/ogg";
    case DEBRIEF_AUDIO_FORMAT_M4A:
      return "audio/mp4";
    case DEBRIEF_AUDIO_FORMAT_WEBM:
      return "audio/webm";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
debrief_audio_format_from_string (const char         *text,
                                  DebriefAudioFormat *format)
{
  int value;

  if (!debrief_enum_from_nick (DEBRIEF_TYPE_AUDIO_FORMAT, text, &value))
    return FALSE;

  *format = value;
  return TRUE;
}

/**
 * debrief_media_require_elements:
 * @elements: (array zero-terminated=1): element factory names
 * @purpose: what needs them, as in "Recording to Ogg/Opus"
 * @packages: the Debian packages that provide them
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every element is installed; otherwise the error names
 *   the first missing one and where to get it
 */
gboolean
debrief_media_require_elements (const char * const  *elements,
                                const char          *purpose,
                                const char          *packages,
                                GError             **error)
{
  for (guint i = 0; elements[i] != NULL; i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (elements[i]);

      if (factory == NULL)
        {
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN,
                       _("%s needs the GStreamer element “%s”: install %s"),
                       purpose, elements[i], packages);
          return FALSE;
        }
    }

  return TRUE;
}

/* While recording, 40 ms frames and a medium complexity keep the encoder
 * under 1 % of a core with no audible loss for speech at 64 kbit/s
 * (tests/bench/bench-media.py). */
#define LIVE_OPUS "complexity=5 frame-size=40"

static const char *
find_aac_encoder (void)
{
  /* The best first; encodebin would pick voaacenc, as avenc_aac has rank 0. */
  static const char * const encoders[] = { "fdkaacenc", "voaacenc", "avenc_aac" };

  for (guint i = 0; i < G_N_ELEMENTS (encoders); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (encoders[i]);

      if (factory != NULL)
        return encoders[i];
    }

  return NULL;
}

/**
 * debrief_audio_format_encoder_description:
 * @format: a format
 * @bitrate_kbps: the bitrate
 * @live: %TRUE for a recording, which must survive a crash; %FALSE for a
 *   file converted for others
 * @error: return location for a #GError
 *
 * The encoder and muxer, as a gst-launch fragment. Live recordings write as
 * they go (Ogg pages and WebM clusters of at most half a second, fragmented
 * MP4) so that a recording cut by a crash stays playable; converted files
 * are plain MP4 with the index first, which every player and WhatsApp read.
 *
 * Returns: (transfer full): the description, or %NULL when an element is missing
 */
char *
debrief_audio_format_encoder_description (DebriefAudioFormat   format,
                                          guint                bitrate_kbps,
                                          gboolean             live,
                                          GError             **error)
{
  guint bitrate = bitrate_kbps * 1000;

  switch (format)
    {
    case DEBRIEF_AUDIO_FORMAT_OGG:
    {
      static const char * const needed[] = { "opusenc", "oggmux", NULL };

      if (!debrief_media_require_elements (needed, _("Recording to Ogg/Opus"),
                                           "gstreamer1.0-plugins-base", error))
        return NULL;

      return g_strdup_printf ("opusenc bitrate=%u ! "
                              "oggmux max-delay=500000000 max-page-delay=500000000",
                              bitrate);
    }

    case DEBRIEF_AUDIO_FORMAT_WEBM:
    {
      static const char * const needed[] = { "opusenc", "webmmux", NULL };

      if (!debrief_media_require_elements (needed, _("Recording to WebM/Opus"),
                                           "gstreamer1.0-plugins-base gstreamer1.0-plugins-good",
                                           error))
        return NULL;

      return g_strdup_printf ("opusenc bitrate=%u ! "
                              "webmmux min-cluster-duration=250000000 max-cluster-duration=500000000",
                              bitrate);
    }

    case DEBRIEF_AUDIO_FORMAT_M4A:
    {
      static const char * const needed[] = { "mp4mux", NULL };
      const char *aac = find_aac_encoder ();

      if (aac == NULL)
        {
          g_set_error_literal (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN,
                               _("M4A needs an AAC encoder: install gstreamer1.0-plugins-bad "
                                 "or gstreamer1.0-libav"));
          return NULL;
        }

      if (!debrief_media_require_elements (needed, _("Recording to M4A"),
                                           "gstreamer1.0-plugins-good", error))
        return NULL;

      /* A plain mp4mux file is unplayable until its end is written:
       * fragments keep everything before a crash. */
      return g_strdup_printf ("%s bitrate=%u ! mp4mux fragment-duration=500", aac, bitrate);
    }

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * debrief_media_error_from_message:
 * @message: an error message from a pipeline's bus
 * @path: (nullable): the file the pipeline reads or writes
 * @error: return location for a #GError
 *
 * Turns a GStreamer error into one a person can act on.
 *
 * Returns: %FALSE, always
 */
gboolean
debrief_media_error_from_message (GstMessage  *message,
                                  const char  *path,
                                  GError     **error)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  const char *where = path != NULL ? path : "";

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("GStreamer error: %s (%s)", gst_error->message, debug);

  if (gst_error->domain == GST_RESOURCE_ERROR)
    {
      switch (gst_error->code)
        {
        case GST_RESOURCE_ERROR_NOT_FOUND:
        case GST_RESOURCE_ERROR_OPEN_READ:
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND,
                       _("Could not open “%s”: %s"), where, gst_error->message);
          return FALSE;

        case GST_RESOURCE_ERROR_NO_SPACE_LEFT:
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE,
                       _("The disk is full while writing “%s”. Free some space and try again."), where);
          return FALSE;

        case GST_RESOURCE_ERROR_OPEN_WRITE:
        case GST_RESOURCE_ERROR_OPEN_READ_WRITE:
        case GST_RESOURCE_ERROR_WRITE:
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_WRITE,
                       _("Could not write “%s”: %s"), where, gst_error->message);
          return FALSE;

        case GST_RESOURCE_ERROR_BUSY:
        case GST_RESOURCE_ERROR_SETTINGS:
        case GST_RESOURCE_ERROR_FAILED:
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_DEVICE,
                       _("The audio device failed: %s"), gst_error->message);
          return FALSE;

        default:
          break;
        }
    }
  else if (gst_error->domain == GST_STREAM_ERROR)
    {
      switch (gst_error->code)
        {
        case GST_STREAM_ERROR_TYPE_NOT_FOUND:
        case GST_STREAM_ERROR_WRONG_TYPE:
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_AUDIO,
                       _("“%s” is not an audio file Debrief can read"), where);
          return FALSE;

        case GST_STREAM_ERROR_CODEC_NOT_FOUND:
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN,
                       _("“%s” needs a codec that is not installed: install gstreamer1.0-plugins-good, "
                         "gstreamer1.0-plugins-bad or gstreamer1.0-libav"), where);
          return FALSE;

        case GST_STREAM_ERROR_DECODE:
        case GST_STREAM_ERROR_DEMUX:
        case GST_STREAM_ERROR_FORMAT:
          g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_CORRUPT,
                       _("“%s” is damaged: %s"), where, gst_error->message);
          return FALSE;

        default:
          break;
        }
    }
  else if (gst_error->domain == GST_CORE_ERROR && gst_error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN,
                   _("A GStreamer plugin is missing: %s"), gst_error->message);
      return FALSE;
    }

  g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_FAILED,
               _("Audio error with “%s”: %s"), where, gst_error->message);
  return FALSE;
}
