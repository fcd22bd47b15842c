/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-migrate.c: moving calls kept on this computer to the cloud storage */

#define G_LOG_DOMAIN "debrief-migrate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-call-finish.h"
#include "debrief-migrate.h"

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
