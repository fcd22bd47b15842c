/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-decoder.c: decoding an audio file to float samples, for probing, peaks and tests */

#define G_LOG_DOMAIN "debrief-media"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>

#include "debrief-decoder.h"
#include "debrief-media-format.h"

/* Polls the bus so a decoding error is reported instead of a silent EOS. */
static gboolean
check_bus (GstBus      *bus,
           const char  *path,
           GError     **error)
{
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (message != NULL)
    return debrief_media_error_from_message (message, path, error);

  return TRUE;
}

/**
 * debrief_decode_file:
 * @path: an audio file
 * @func: called with each block of decoded samples
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Decodes all of @path as fast as possible, to interleaved 32-bit floats at
 * the file's own rate and channels. Blocks: call it from a worker thread.
 * Damaged files are decoded up to the damage; a file with no audio at all is
 * %DEBRIEF_MEDIA_ERROR_EMPTY.
 *
 * Returns: %TRUE when the whole file was decoded (or @func stopped it)
 */
gboolean
debrief_decode_file (const char          *path,
                     DebriefSamplesFunc   func,
                     gpointer             user_data,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) parse_error = NULL;
  gboolean ok = TRUE;
  gsize total_frames = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!debrief_media_init (error))
    return FALSE;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND,
                   _("“%s” does not exist or is not a file"), path);
      return FALSE;
    }

  pipeline = gst_parse_launch ("filesrc name=src ! decodebin ! audioconvert ! "
                               "audio/x-raw,format=F32LE,layout=interleaved ! "
                               "appsink name=sink sync=false max-buffers=16",
                               &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN,
                   _("Decoding audio needs GStreamer's base plugins: install gstreamer1.0-plugins-base (%s)"),
                   parse_error->message);
      return FALSE;
    }

  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "location", path, NULL);
  bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (check_bus (bus, path, error))
        g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_FAILED,
                     _("Could not decode “%s”"), path);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GstSample) sample = NULL;
      GstCaps *caps;
      GstBuffer *buffer;
      GstAudioInfo info;
      GstMapInfo map;
      gboolean go_on;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 100 * GST_MSECOND);
      if (sample == NULL)
        {
          g_autoptr(GError) bus_error = NULL;

          if (!check_bus (bus, path, &bus_error))
            {
              /* Damage after some audio: keep what decoded, as a player would. */
              if (total_frames == 0 ||
                  !g_error_matches (bus_error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_CORRUPT))
                {
                  g_propagate_error (error, g_steal_pointer (&bus_error));
                  ok = FALSE;
                }
              break;
            }
          if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
            break;
          continue;
        }

      caps = gst_sample_get_caps (sample);
      buffer = gst_sample_get_buffer (sample);
      if (caps == NULL || buffer == NULL || !gst_audio_info_from_caps (&info, caps))
        continue;
      if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
        continue;

      total_frames += map.size / GST_AUDIO_INFO_BPF (&info);
      go_on = func ((const float *) map.data, map.size / GST_AUDIO_INFO_BPF (&info),
                    GST_AUDIO_INFO_CHANNELS (&info), GST_AUDIO_INFO_RATE (&info), user_data);
      gst_buffer_unmap (buffer, &map);

      if (!go_on)
        break;
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (ok && total_frames == 0)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_EMPTY,
                   _("“%s” holds no audio"), path);
      return FALSE;
    }

  return ok;
}

typedef struct
{
  char            *path;
  DebriefFileFunc  func;
  GDestroyNotify   free_result;
} FileTask;

static void
file_task_free (FileTask *data)
{
  g_free (data->path);
  g_free (data);
}

static void
file_task_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileTask *data = task_data;
  GError *error = NULL;
  gpointer result = data->func (data->path, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, data->free_result);
}

/**
 * debrief_file_task_run:
 * @path: a file
 * @func: what to compute from it; blocks
 * @free_result: frees what @func returns
 * @source_tag: the public _async function, for debrief_file_task_finish()
 * @cancellable: (nullable): a #GCancellable, passed to @func
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Runs @func on @path in a worker thread: probing and waveforms decode whole
 * files, which must not happen on the UI thread.
 */
void
debrief_file_task_run (const char          *path,
                       DebriefFileFunc      func,
                       GDestroyNotify       free_result,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileTask *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (FileTask, 1);
  data->path = g_strdup (path);
  data->func = func;
  data->free_result = free_result;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) file_task_free);
  g_task_run_in_thread (task, file_task_thread);
}

gpointer
debrief_file_task_finish (GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
