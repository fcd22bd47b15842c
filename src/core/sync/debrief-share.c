/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-share.c: links to a call's recording in the cloud that expire */

#define G_LOG_DOMAIN "debrief-share"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-share.h"
#include "debrief-upload-queue.h"

/**
 * debrief_share_call_recording:
 * @store: the store
 * @settings: (nullable): the app's settings, for the storage's details
 * @call_id: the call
 * @ttl_seconds: how long the link works, at most 7 days
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError saying why there is no link
 *
 * A link anyone can play the call's recording with until it expires,
 * from the cloud that holds it. Blocks (Supabase signs links on its
 * server).
 *
 * Returns: (transfer full): the link, or %NULL
 */
char *
debrief_share_call_recording (DebriefStore  *store,
                              GSettings     *settings,
                              const char    *call_id,
                              guint          ttl_seconds,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  const DebriefFileUpload *recording = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  uploads = debrief_store_list_file_uploads_for_call (store, call_id, error);
  if (uploads == NULL)
    return NULL;

  for (guint i = 0; i < uploads->len; i++)
    {
      const DebriefFileUpload *upload = g_ptr_array_index (uploads, i);

      if (upload->kind == DEBRIEF_UPLOAD_KIND_RECORDING && upload->backend != DEBRIEF_STORAGE_BACKEND_LOCAL)
        recording = upload;
    }

  if (recording == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The call’s recording is kept on this computer only; it has no cloud copy to share"));
      return NULL;
    }

  if (recording->upload_status != DEBRIEF_UPLOAD_STATUS_COMPLETED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("The call’s recording is not in the cloud yet (%s)"),
                   recording->last_error != NULL ? recording->last_error : _("waiting to upload"));
      return NULL;
    }

  /* The cloud that holds it, even when the preferences chose another since. */
  queue = debrief_upload_queue_new_for_backend (store, settings, recording->backend, cancellable, error);
  if (queue == NULL)
    return NULL;

  return debrief_upload_queue_share_link (queue, recording, CLAMP (ttl_seconds, 1, 604800), cancellable, error);
}
