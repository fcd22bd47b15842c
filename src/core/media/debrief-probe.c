/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-probe.c: what an audio file holds: container, codec, channels, rate and decoded duration */

#define G_LOG_DOMAIN "debrief-media"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/pbutils/pbutils.h>

#include "debrief-decoder.h"
#include "debrief-media-format.h"
#include "debrief-probe.h"

#define DISCOVER_TIMEOUT (10 * GST_SECOND)

void
debrief_probe_free (DebriefProbe *probe)
{
  if (probe == NULL)
    return;

  g_free (probe->container);
  g_free (probe->codec);
  g_free (probe);
}

static const struct
{
  const char *caps;
  const char *name;
} names[] = {
  { "application/ogg", "ogg" },
  { "audio/ogg", "ogg" },
  { "video/webm", "webm" },
  { "audio/webm", "webm" },
  { "video/x-matroska", "matroska" },
  { "video/quicktime", "mp4" },
  { "audio/x-m4a", "mp4" },
  { "audio/x-wav", "wav" },
  { "audio/x-opus", "opus" },
  { "audio/x-vorbis", "vorbis" },
  { "audio/x-flac", "flac" },
  { "audio/x-raw", "pcm" },
  { "audio/x-alaw", "alaw" },
  { "audio/x-mulaw", "mulaw" },
  { "audio/AMR", "amr" },
};

static char *
name_of_caps (GstCaps *caps)
{
  GstStructure *s;
  const char *media;
  int version = 0;

  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return NULL;

  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_name (s);

  if (g_str_equal (media, "audio/mpeg"))
    {
      gst_structure_get_int (s, "mpegversion", &version);
      if (version == 2 || version == 4)
        return g_strdup ("aac");
      gst_structure_get_int (s, "layer", &version);
      return g_strdup (version == 3 || version == 0 ? "mp3" : "mpeg");
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (media, names[i].caps))
      return g_strdup (names[i].name);

  return g_strdup (media);
}

typedef struct
{
  guint64 frames;
  guint   channels;
  guint   rate;
} Count;

static gboolean
count_frames (const float *samples,
              gsize        n_frames,
              guint        channels,
              guint        rate,
              gpointer     user_data)
{
  Count *count = user_data;

  count->frames += n_frames;
  count->channels = channels;
  count->rate = rate;

  return TRUE;
}

/**
 * debrief_probe_file:
 * @path: an audio file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Describes @path. The duration comes from decoding the whole file, not
 * from its headers, which a crash may have left wrong or missing. Blocks.
 *
 * Returns: (transfer full): the description, or %NULL
 */
DebriefProbe *
debrief_probe_file (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(DebriefProbe) probe = g_new0 (DebriefProbe, 1);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  GList *streams;
  Count count = { 0 };

  g_return_val_if_fail (path != NULL, NULL);

  if (!debrief_media_init (error))
    return NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND,
                   _("“%s” does not exist or is not a file"), path);
      return NULL;
    }

  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, error);
  if (discoverer == NULL)
    return NULL;

  info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  if (info != NULL)
    {
      GstDiscovererStreamInfo *top = gst_discoverer_info_get_stream_info (info);

      if (top != NULL && GST_IS_DISCOVERER_CONTAINER_INFO (top))
        {
          g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (top);
          probe->container = name_of_caps (caps);
        }
      g_clear_object (&top);

      streams = gst_discoverer_info_get_audio_streams (info);
      if (streams != NULL)
        {
          GstDiscovererAudioInfo *audio = streams->data;
          g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (audio));

          probe->codec = name_of_caps (caps);
          probe->channels = gst_discoverer_audio_info_get_channels (audio);
          probe->rate = gst_discoverer_audio_info_get_sample_rate (audio);
        }
      gst_discoverer_stream_info_list_free (streams);
    }

  /* Decoding also tells a text file named .ogg from audio. */
  if (!debrief_decode_file (path, count_frames, &count, cancellable, error))
    return NULL;

  probe->duration_ms = (gint64) (count.frames * 1000 / count.rate);
  if (probe->channels == 0)
    probe->channels = count.channels;
  if (probe->rate == 0)
    probe->rate = count.rate;
  if (probe->codec == NULL)
    probe->codec = g_strdup ("unknown");
  if (probe->container == NULL)
    probe->container = g_strdup (probe->codec);

  return g_steal_pointer (&probe);
}

void
debrief_probe_file_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  debrief_file_task_run (path, (DebriefFileFunc) debrief_probe_file, (GDestroyNotify) debrief_probe_free,
                         debrief_probe_file_async, cancellable, callback, user_data);
}

DebriefProbe *
debrief_probe_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  return debrief_file_task_finish (result, debrief_probe_file_async, error);
}

/**
 * debrief_probe_to_json:
 * @probe: a probe
 *
 * Returns: (transfer full): `{"container", "codec", "channels", "rate", "duration_ms"}`
 */
JsonNode *
debrief_probe_to_json (const DebriefProbe *probe)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "container");
  json_builder_add_string_value (builder, probe->container);
  json_builder_set_member_name (builder, "codec");
  json_builder_add_string_value (builder, probe->codec);
  json_builder_set_member_name (builder, "channels");
  json_builder_add_int_value (builder, probe->channels);
  json_builder_set_member_name (builder, "rate");
  json_builder_add_int_value (builder, probe->rate);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, probe->duration_ms);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
