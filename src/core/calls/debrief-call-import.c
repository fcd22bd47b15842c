/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-import.c: audio files added to the library as recorded calls */

#define G_LOG_DOMAIN "debrief-import"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "debrief-call-finish.h"
#include "debrief-call-import.h"
#include "debrief-paths.h"
#include "debrief-probe.h"
#include "debrief-transcoder.h"

/* The library keeps what the recorder writes: Ogg, M4A and WebM, copied
 * as they are; anything else is converted to Ogg/Opus. */
static const char *
kept_format (const DebriefProbe *probe)
{
  if (g_strcmp0 (probe->container, "ogg") == 0)
    return "ogg";
  if (g_strcmp0 (probe->container, "mp4") == 0)
    return "m4a";
  if (g_strcmp0 (probe->container, "webm") == 0)
    return "webm";
  return NULL;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Transcode;

static void
transcoded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Transcode *transcode = user_data;

  transcode->ok = debrief_transcoder_run_finish (DEBRIEF_TRANSCODER (object), result, &transcode->error);
  transcode->done = TRUE;
}

/* Formats the library does not keep (WAV, FLAC, MP3…) become Ogg/Opus,
 * in a main context of this thread's own. */
static gboolean
transcode_to_ogg (const char    *input,
                  const char    *output,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(DebriefTranscoder) transcoder = NULL;
  Transcode transcode = { FALSE, FALSE, NULL };

  g_main_context_push_thread_default (context);
  transcoder = debrief_transcoder_new (input, output, DEBRIEF_TRANSCODE_PRESET_OGG);
  debrief_transcoder_run_async (transcoder, cancellable, transcoded_cb, &transcode);
  while (!transcode.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  if (!transcode.ok)
    g_propagate_error (error, transcode.error);

  return transcode.ok;
}

/**
 * debrief_call_import:
 * @store: the store
 * @path: an audio file
 * @title: (nullable): the call's title; the file's name without its
 *   extension when %NULL
 * @lead_id: (nullable): the contact the call was with
 * @backend: where the call's files go (queued for upload when a cloud)
 * @data_dir: the data folder; the file is copied into the call's folder
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError saying why the file was refused
 *
 * Adds a recording made elsewhere as an ended recorded call: its length
 * measured by decoding it, its time from the file's, its archive written
 * and its files queued like a call's. Ogg, M4A and WebM are copied; other
 * audio (WAV, FLAC, MP3…) is converted to Ogg/Opus. The original is left
 * alone. Blocks.
 *
 * Returns: (transfer full): the new call, or %NULL
 */
DebriefCall *
debrief_call_import (DebriefStore           *store,
                     const char             *path,
                     const char             *title,
                     const char             *lead_id,
                     DebriefStorageBackend   backend,
                     const char             *data_dir,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autoptr(DebriefProbe) probe = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  const char *format;
  gboolean ok;
  gint64 modified;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” is not a file"), path);
      return NULL;
    }

  /* The probe's error names the file and why it is not audio. */
  probe = debrief_probe_file (path, cancellable, error);
  if (probe == NULL)
    return NULL;
  if (probe->duration_ms <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” holds no audio"), path);
      return NULL;
    }

  if (lead_id != NULL)
    {
      g_autoptr(DebriefLead) lead = debrief_store_get_lead (store, lead_id, error);

      if (lead == NULL)
        return NULL;
    }

  source = g_file_new_for_path (path);
  info = g_file_query_info (source, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  modified = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC;

  call = debrief_call_new ();
  call->id = g_uuid_string_random ();
  if (title != NULL && *title != '\0')
    call->title = g_strdup (title);
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      call->title = g_steal_pointer (&base);
    }
  call->kind = DEBRIEF_CALL_KIND_RECORDED;
  call->lead_id = g_strdup (lead_id);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->end_reason = DEBRIEF_END_REASON_MANUAL;
  call->duration_seconds = probe->duration_ms / 1000.0;
  /* A recording's file is written as it ends. */
  call->ended_at = modified > 0 ? modified : g_get_real_time ();
  call->started_at = call->ended_at - probe->duration_ms * 1000;
  call->storage_backend = backend;

  format = kept_format (probe);
  call->recording_format = g_strdup (format != NULL ? format : "ogg");
  dir = debrief_call_get_dir (call, data_dir);
  name = g_strconcat ("recording.", call->recording_format, NULL);
  call->recording_path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the call folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  destination = g_file_new_for_path (call->recording_path);
  if (format != NULL)
    ok = g_file_copy (source, destination, G_FILE_COPY_NONE, cancellable, NULL, NULL, error);
  else
    ok = transcode_to_ogg (path, call->recording_path, cancellable, error);

  if (!ok || !debrief_call_finish (store, call, data_dir, error))
    {
      debrief_store_delete_call (store, call->id, NULL);
      debrief_remove_tree (dir, NULL);
      return NULL;
    }

  return g_steal_pointer (&call);
}
