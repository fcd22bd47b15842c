/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-migrate.c: moving calls kept on this computer to the cloud storage */

#define G_LOG_DOMAIN "debrief-migrate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-call-finish.h"
#include "debrief-migrate.h"
#include "debrief-upload-queue.h"

#define PAGE 500

/**
 * debrief_migrate_to_cloud:
 * @store: the store
 * @backend: the cloud backend to move to
 * @data_dir: the data folder
 * @dry_run: only say what would move
 * @error: return location for a #GError
 *
 * Queues the files of every ended call kept on this computer only for
 * upload to @backend, and marks the call as kept there. Calls already in the
 * cloud are left alone, so running it again is harmless; the upload queue
 * does the uploading, resumable as ever. Local files stay.
 *
 * Returns: (transfer full) (element-type utf8): one line per call moved
 */
GPtrArray *
debrief_migrate_to_cloud (DebriefStore           *store,
                          DebriefStorageBackend   backend,
                          const char             *data_dir,
                          gboolean                dry_run,
                          GError                **error)
{
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) local = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_call_free);

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (backend != DEBRIEF_STORAGE_BACKEND_LOCAL, NULL);

  /* Collect first: moving calls while paging through them would skip some. */
  for (guint offset = 0;; offset += PAGE)
    {
      g_autoptr(GPtrArray) page = debrief_store_list_calls (store, offset, PAGE, error);

      if (page == NULL)
        return NULL;

      for (guint i = 0; i < page->len; i++)
        {
          DebriefCall *call = g_ptr_array_index (page, i);

          if (call->status != DEBRIEF_CALL_STATUS_ACTIVE && call->storage_backend == DEBRIEF_STORAGE_BACKEND_LOCAL &&
              call->recording_path != NULL && g_file_test (call->recording_path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (local, debrief_call_copy (call));
        }

      if (page->len < PAGE)
        break;
    }

  for (guint i = 0; i < local->len; i++)
    {
      DebriefCall *call = g_ptr_array_index (local, i);

      g_ptr_array_add (report, g_strdup_printf (_("“%s” (%s)"), call->title != NULL ? call->title : _("Untitled Call"),
                                                call->id));
      if (dry_run)
        continue;

      call->storage_backend = backend;
      if (!debrief_call_finish (store, call, data_dir, error))
        return NULL;
    }

  return g_steal_pointer (&report);
}

/**
 * debrief_restore_local:
 * @store: the store
 * @settings: (nullable): the app's settings, for each cloud's details
 * @dry_run: only say what would come back
 * @n_failed: (out) (optional): how many files could not come back
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, when nothing could be looked at
 *
 * Brings back to this computer every file kept only in a cloud (removed
 * here by the cloud-only preference), from whichever cloud holds it, so
 * going back to local storage strands nothing. Safe to run again. Blocks.
 *
 * Returns: (transfer full) (element-type utf8): one line per file: brought
 *   back, or why not
 */
GPtrArray *
debrief_restore_local (DebriefStore  *store,
                       GSettings     *settings,
                       gboolean       dry_run,
                       guint         *n_failed,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) uploads = debrief_store_list_cloud_file_uploads (store, error);
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func (g_free);
  DebriefUploadQueue *queues[DEBRIEF_STORAGE_BACKEND_SUPABASE + 1] = { NULL };
  char *queue_errors[DEBRIEF_STORAGE_BACKEND_SUPABASE + 1] = { NULL };
  guint failed = 0;

  if (uploads == NULL)
    return NULL;

  for (guint i = 0; i < uploads->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      DebriefFileUpload *upload = g_ptr_array_index (uploads, i);
      g_autoptr(GError) local_error = NULL;
      DebriefStorageBackend backend = upload->backend;

      if (g_file_test (upload->local_path, G_FILE_TEST_IS_REGULAR) || backend > DEBRIEF_STORAGE_BACKEND_SUPABASE)
        continue;

      if (dry_run)
        {
          g_ptr_array_add (report, g_strdup_printf (_("Would bring back %s"), upload->local_path));
          continue;
        }

      if (queues[backend] == NULL && queue_errors[backend] == NULL)
        {
          queues[backend] = debrief_upload_queue_new_for_backend (store, settings, backend, cancellable, &local_error);
          if (queues[backend] == NULL)
            queue_errors[backend] = g_strdup (local_error->message);
          g_clear_error (&local_error);
        }

      if (queues[backend] == NULL ||
          !debrief_upload_queue_restore_local (queues[backend], upload, cancellable, &local_error))
        {
          g_ptr_array_add (report, g_strdup_printf (_("Could not bring back %s: %s"), upload->local_path,
                                                    local_error != NULL ? local_error->message
                                                                        : queue_errors[backend]));
          failed++;
        }
      else
        g_ptr_array_add (report, g_strdup_printf (_("Brought back %s"), upload->local_path));
    }

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    {
      g_clear_object (&queues[i]);
      g_free (queue_errors[i]);
    }

  if (n_failed != NULL)
    *n_failed = failed;

  return g_steal_pointer (&report);
}
