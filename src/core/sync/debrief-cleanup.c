/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cleanup.c: retention: old free-plan assets and failed empty calls, removed locally and remotely */

#define G_LOG_DOMAIN "debrief-cleanup"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-call-finish.h"
#include "debrief-cleanup.h"
#include "debrief-paths.h"

#define FAILED_CALL_GRACE (24 * G_TIME_SPAN_HOUR)

static char *
describe (const DebriefCall *call)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (call->ended_at / G_USEC_PER_SEC);
  g_autofree char *date = g_date_time_format (utc, "%Y-%m-%d");

  return g_strdup_printf (_("“%s” (%s, ended %s)"), call->title != NULL ? call->title : _("Untitled Call"),
                          call->id, date);
}

/* Removes the cloud copies of @call; keeps the rows of those that fail. */
static gboolean
remove_remote (DebriefStore       *store,
               DebriefUploadQueue *queue,
               const DebriefCall  *call,
               gboolean            dry_run,
               GPtrArray          *report,
               GCancellable       *cancellable)
{
  g_autoptr(GPtrArray) uploads = debrief_store_list_file_uploads_for_call (store, call->id, NULL);
  gboolean all_gone = TRUE;

  for (guint i = 0; uploads != NULL && i < uploads->len; i++)
    {
      DebriefFileUpload *upload = g_ptr_array_index (uploads, i);
      g_autoptr(GError) error = NULL;

      if (upload->upload_status == DEBRIEF_UPLOAD_STATUS_COMPLETED && upload->backend != DEBRIEF_STORAGE_BACKEND_LOCAL)
        {
          if (queue == NULL || debrief_upload_queue_get_backend (queue) != upload->backend)
            {
              g_ptr_array_add (report, g_strdup_printf (_("Kept the cloud copy %s: the storage is not set up"),
                                                        upload->storage_path));
              all_gone = FALSE;
              continue;
            }

          if (!dry_run && !debrief_upload_queue_delete_remote (queue, upload, cancellable, &error))
            {
              g_ptr_array_add (report, g_strdup_printf (_("Could not remove the cloud copy %s: %s"),
                                                        upload->storage_path, error->message));
              all_gone = FALSE;
              continue;
            }

          g_ptr_array_add (report, g_strdup_printf (_("Removed the cloud copy %s"), upload->storage_path));
        }

      if (!dry_run)
        debrief_store_delete_file_upload (store, upload->id, NULL);
    }

  return all_gone;
}

/**
 * debrief_cleanup_run:
 * @store: the store
 * @queue: (nullable): the queue of the cloud storage, to remove cloud copies
 * @options: what to keep
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * On the free plan, the audio and archives of calls that ended more than
 * the retention period ago are removed from this computer and the cloud;
 * each call keeps its row, transcript and notes. Calls that failed before
 * recording anything are removed after a day. With @dry_run, only says
 * what it would remove.
 *
 * Returns: (transfer full) (element-type utf8): one line per thing removed
 */
GPtrArray *
debrief_cleanup_run (DebriefStore                *store,
                     DebriefUploadQueue          *queue,
                     const DebriefCleanupOptions *options,
                     GCancellable                *cancellable,
                     GError                     **error)
{
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) failed = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL && options->data_dir != NULL, NULL);

  if (options->free_plan && options->retention_days > 0)
    {
      gint64 cutoff = options->now - (gint64) options->retention_days * G_TIME_SPAN_DAY;
      g_autoptr(GPtrArray) old = debrief_store_list_calls_ended_before (store, cutoff, error);

      if (old == NULL)
        return NULL;

      for (guint i = 0; i < old->len && !g_cancellable_is_cancelled (cancellable); i++)
        {
          DebriefCall *call = g_ptr_array_index (old, i);
          g_autofree char *dir = debrief_call_get_dir (call, options->data_dir);
          g_autofree char *what = describe (call);
          gboolean remote_gone;

          remote_gone = remove_remote (store, queue, call, options->dry_run, report, cancellable);

          if (g_file_test (dir, G_FILE_TEST_IS_DIR))
            {
              g_autoptr(GError) local_error = NULL;

              if (options->dry_run || debrief_remove_tree (dir, &local_error))
                g_ptr_array_add (report, g_strdup_printf (_("Removed the recording and archive of %s"), what));
              else
                g_ptr_array_add (report, g_strdup_printf (_("Could not remove the files of %s: %s"), what,
                                                          local_error->message));
            }

          if (!options->dry_run && remote_gone && call->recording_path != NULL)
            {
              g_clear_pointer (&call->recording_path, g_free);
              if (!debrief_store_save_call (store, call, error))
                return NULL;
            }
        }
    }

  failed = debrief_store_list_calls_ended_before (store, options->now - FAILED_CALL_GRACE, error);
  if (failed == NULL)
    return NULL;

  for (guint i = 0; i < failed->len; i++)
    {
      DebriefCall *call = g_ptr_array_index (failed, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *what = NULL;

      if (call->status != DEBRIEF_CALL_STATUS_ERROR || call->duration_seconds > 0)
        continue;

      what = describe (call);
      if (options->dry_run || debrief_call_purge (store, call, options->data_dir, &local_error))
        g_ptr_array_add (report, g_strdup_printf (_("Removed the failed, empty call %s"), what));
      else
        g_ptr_array_add (report, g_strdup_printf (_("Could not remove the failed, empty call %s: %s"), what,
                                                  local_error->message));
    }

  return g_steal_pointer (&report);
}
