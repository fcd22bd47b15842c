/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cleanup.c: removing calls' files here and in the cloud: deletion for good, and retention */

#define G_LOG_DOMAIN "debrief-cleanup"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-call-finish.h"
#include "debrief-cleanup.h"
#include "debrief-paths.h"
#include "debrief-storage-config.h"

#define FAILED_CALL_GRACE (24 * G_TIME_SPAN_HOUR)

static char *
describe (const DebriefCall *call)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (call->ended_at / G_USEC_PER_SEC);
  g_autofree char *date = g_date_time_format (utc, "%Y-%m-%d");

  return g_strdup_printf (_("“%s” (%s, ended %s)"), call->title != NULL ? call->title : _("Untitled Call"),
                          call->id, date);
}

/**
 * debrief_call_remove_cloud_copies:
 * @store: the store
 * @queue: (nullable): the queue of the cloud storage set up now
 * @call: a call
 * @dry_run: only say what would be removed
 * @report: (nullable) (element-type utf8): where to add one line per copy
 * @n_left: (out) (optional): how many copies are kept because they are in
 *   a storage other than @queue's (or any, without @queue)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes whatever of the call's files a cloud may hold (see
 * debrief_call_upload_may_be_stored()): objects are deleted, what an
 * unfinished upload left goes with them, one already gone counts as
 * removed. The row of each upload goes once nothing of it is left; the
 * rows of the copies kept stay, so a later run finds them. Blocks.
 *
 * Returns: %FALSE when a copy could not be removed (offline, refused),
 *   with the first reason
 */
gboolean
debrief_call_remove_cloud_copies (DebriefStore        *store,
                                  DebriefUploadQueue  *queue,
                                  const DebriefCall   *call,
                                  gboolean             dry_run,
                                  GPtrArray           *report,
                                  guint               *n_left,
                                  GCancellable        *cancellable,
                                  GError             **error)
{
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) failure = NULL;
  guint left = 0;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (queue == NULL || DEBRIEF_IS_UPLOAD_QUEUE (queue), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);

  uploads = debrief_store_list_file_uploads_for_call (store, call->id, error);
  if (uploads == NULL)
    return FALSE;

  for (guint i = 0; i < uploads->len; i++)
    {
      DebriefFileUpload *upload = g_ptr_array_index (uploads, i);
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        {
          if (failure == NULL)
            failure = g_steal_pointer (&local_error);
          break;
        }

      if (debrief_call_upload_may_be_stored (upload))
        {
          if (queue == NULL || debrief_upload_queue_get_backend (queue) != upload->backend)
            {
              if (report != NULL)
                g_ptr_array_add (report, g_strdup_printf (_("Kept the cloud copy %s: the storage is not set up"),
                                                          upload->storage_path));
              left++;
              continue;
            }

          if (!dry_run && !debrief_upload_queue_delete_remote (queue, upload, cancellable, &local_error))
            {
              if (report != NULL)
                g_ptr_array_add (report, g_strdup_printf (_("Could not remove the cloud copy %s: %s"),
                                                          upload->storage_path, local_error->message));
              if (failure == NULL)
                failure = g_steal_pointer (&local_error);
              continue;
            }

          if (report != NULL)
            g_ptr_array_add (report, g_strdup_printf (_("Removed the cloud copy %s"), upload->storage_path));
        }

      if (!dry_run)
        debrief_store_delete_file_upload (store, upload->id, NULL);
    }

  if (n_left != NULL)
    *n_left = left;

  if (failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }

  return TRUE;
}

/**
 * debrief_call_delete_everywhere:
 * @store: the store
 * @queue: (nullable): the queue of the cloud storage set up now; %NULL
 *   when recordings are kept on this computer only
 * @call: the call to delete for good
 * @data_dir: the data folder
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the call for good: first what of it is in @queue's storage, then
 * its folder, then its rows. The call is hidden first (as a delete with an
 * undo leaves it), so when a cloud copy cannot be removed (offline, keys
 * refused) the call stays hidden with its rows and files, and
 * debrief_calls_delete_hidden() tries again. Copies in a storage other
 * than @queue's cannot be reached and are left, as a delete always did.
 * Blocks: run it in a worker thread.
 *
 * Returns: %TRUE when the call is gone (or was already)
 */
gboolean
debrief_call_delete_everywhere (DebriefStore        *store,
                                DebriefUploadQueue  *queue,
                                const DebriefCall   *call,
                                const char          *data_dir,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n_left = 0;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (queue == NULL || DEBRIEF_IS_UPLOAD_QUEUE (queue), FALSE);
  g_return_val_if_fail (call != NULL && call->id != NULL, FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);

  if (!debrief_store_set_call_deleted (store, call->id, TRUE, &local_error))
    {
      if (g_error_matches (local_error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!debrief_call_remove_cloud_copies (store, queue, call, FALSE, NULL, &n_left, cancellable, error))
    return FALSE;
  if (queue != NULL && call->storage_backend == debrief_upload_queue_get_backend (queue) &&
      !debrief_upload_queue_delete_call_rows (queue, call->id, cancellable, error))
    return FALSE;
  if (n_left > 0)
    g_message ("Left %u cloud copies of the deleted call %s: their storage is not set up", n_left, call->id);

  return debrief_call_purge (store, call, data_dir, error);
}

/* The queue of the storage the settings choose, made only when a call has
 * something there, and once for many calls. */
typedef struct
{
  DebriefStore          *store;
  GSettings             *settings;
  DebriefStorageBackend  backend;
  DebriefUploadQueue    *queue;
  GError                *error;
} ConfiguredQueue;

static void
configured_queue_init (ConfiguredQueue *configured,
                       DebriefStore    *store,
                       GSettings       *settings)
{
  configured->store = store;
  configured->settings = settings;
  configured->backend = debrief_storage_backend_from_config (settings);
  configured->queue = NULL;
  configured->error = NULL;
}

static void
configured_queue_clear (ConfiguredQueue *configured)
{
  g_clear_object (&configured->queue);
  g_clear_error (&configured->error);
}

static gboolean
needs_queue (ConfiguredQueue   *configured,
             const DebriefCall *call)
{
  g_autoptr(GPtrArray) uploads = NULL;

  if (configured->backend == DEBRIEF_STORAGE_BACKEND_LOCAL)
    return FALSE;

  uploads = debrief_store_list_file_uploads_for_call (configured->store, call->id, NULL);
  for (guint i = 0; uploads != NULL && i < uploads->len; i++)
    {
      DebriefFileUpload *upload = g_ptr_array_index (uploads, i);

      if (upload->backend == configured->backend && debrief_call_upload_may_be_stored (upload))
        return TRUE;
    }

  /* Unknown counts as some: the deletion itself then says why. */
  return uploads == NULL;
}

static gboolean
delete_with_config (ConfiguredQueue    *configured,
                    const DebriefCall  *call,
                    const char         *data_dir,
                    GCancellable       *cancellable,
                    GError            **error)
{
  if (needs_queue (configured, call) && configured->queue == NULL)
    {
      if (configured->error == NULL)
        configured->queue = debrief_upload_queue_new_for_backend (configured->store, configured->settings,
                                                                  configured->backend, cancellable,
                                                                  &configured->error);
      if (configured->queue == NULL)
        {
          /* Hidden, so the next pass tries again. */
          if (!debrief_store_set_call_deleted (configured->store, call->id, TRUE, error))
            return FALSE;
          g_propagate_error (error, g_error_copy (configured->error));
          return FALSE;
        }
    }

  return debrief_call_delete_everywhere (configured->store, configured->queue, call, data_dir, cancellable, error);
}

/**
 * debrief_call_delete_for_good:
 * @store: the store
 * @settings: (nullable): the app's settings, for the cloud storage
 * @call_id: the call to delete for good
 * @data_dir: the data folder
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * debrief_call_delete_everywhere() with the storage the settings (and
 * environment, and keyring) choose, connected only when the call has
 * something there. Blocks: run it in a worker thread.
 *
 * Returns: %TRUE when the call is gone (or was already); %FALSE leaves it
 *   hidden, for debrief_calls_delete_hidden() to try again
 */
gboolean
debrief_call_delete_for_good (DebriefStore  *store,
                              GSettings     *settings,
                              const char    *call_id,
                              const char    *data_dir,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GError) local_error = NULL;
  ConfiguredQueue configured;
  gboolean done;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (call_id != NULL && data_dir != NULL, FALSE);

  call = debrief_store_get_call (store, call_id, &local_error);
  if (call == NULL)
    {
      if (g_error_matches (local_error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  configured_queue_init (&configured, store, settings);
  done = delete_with_config (&configured, call, data_dir, cancellable, error);
  configured_queue_clear (&configured);

  return done;
}

static guint
delete_calls (DebriefStore *store,
              GSettings    *settings,
              GPtrArray    *calls,
              const char   *data_dir,
              GCancellable *cancellable)
{
  ConfiguredQueue configured;
  guint deleted = 0;

  configured_queue_init (&configured, store, settings);

  for (guint i = 0; i < calls->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      DebriefCall *call = g_ptr_array_index (calls, i);
      g_autoptr(GError) error = NULL;

      /* Offline or signed out is no fault: the call waits, hidden. */
      if (delete_with_config (&configured, call, data_dir, cancellable, &error))
        deleted++;
      else
        g_message ("The deleted call %s stays hidden until it can be removed: %s", call->id, error->message);
    }

  configured_queue_clear (&configured);

  return deleted;
}

/**
 * debrief_calls_delete_hidden:
 * @store: the store
 * @settings: (nullable): the app's settings, for the cloud storage
 * @data_dir: the data folder
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes for good (debrief_call_delete_for_good()) every call left
 * hidden: by a crash or a quit while its undo was offered, or because its
 * cloud copies could not be removed then. Those that still cannot stay
 * hidden. Blocks; only where no undo is offered (at start-up).
 *
 * Returns: how many calls were deleted
 */
guint
debrief_calls_delete_hidden (DebriefStore  *store,
                             GSettings     *settings,
                             const char    *data_dir,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GPtrArray) calls = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), 0);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), 0);
  g_return_val_if_fail (data_dir != NULL, 0);

  calls = debrief_store_list_deleted_calls (store, error);
  if (calls == NULL)
    return 0;

  return delete_calls (store, settings, calls, data_dir, cancellable);
}

typedef struct
{
  GSettings *settings;
  char      *data_dir;
  GPtrArray *calls;
} HiddenCalls;

static void
hidden_calls_free (HiddenCalls *hidden)
{
  g_clear_object (&hidden->settings);
  g_free (hidden->data_dir);
  g_ptr_array_unref (hidden->calls);
  g_free (hidden);
}

static void
delete_hidden_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  HiddenCalls *hidden = task_data;

  g_task_return_int (task, delete_calls (source, hidden->settings, hidden->calls, hidden->data_dir, cancellable));
}

/**
 * debrief_calls_delete_hidden_async:
 * @store: the store
 * @settings: (nullable): the app's settings, for the cloud storage
 * @data_dir: the data folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with how many calls were deleted
 * @user_data: data for @callback
 *
 * debrief_calls_delete_hidden() in a worker thread, for start-up. The
 * hidden calls are listed here and now (a short query on an index): a call
 * hidden later has its undo offered and is left alone.
 */
void
debrief_calls_delete_hidden_async (DebriefStore        *store,
                                   GSettings           *settings,
                                   const char          *data_dir,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  GError *error = NULL;
  HiddenCalls *hidden;

  g_return_if_fail (DEBRIEF_IS_STORE (store));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
  g_return_if_fail (data_dir != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_calls_delete_hidden_async);

  calls = debrief_store_list_deleted_calls (store, &error);
  if (calls == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  hidden = g_new0 (HiddenCalls, 1);
  hidden->settings = settings != NULL ? g_object_ref (settings) : NULL;
  hidden->data_dir = g_strdup (data_dir);
  hidden->calls = g_steal_pointer (&calls);
  g_task_set_task_data (task, hidden, (GDestroyNotify) hidden_calls_free);
  g_task_run_in_thread (task, delete_hidden_thread);
}

/**
 * debrief_calls_delete_hidden_finish:
 * @store: the store
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: how many hidden calls were deleted
 */
guint
debrief_calls_delete_hidden_finish (DebriefStore  *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  gssize deleted;

  g_return_val_if_fail (g_task_is_valid (result, store), 0);

  deleted = g_task_propagate_int (G_TASK (result), error);
  return deleted > 0 ? (guint) deleted : 0;
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
          guint n_left = 0;

          /* Each failure is in the report; the rows of what is left stay for the next run. */
          remote_gone = debrief_call_remove_cloud_copies (store, queue, call, options->dry_run, report, &n_left,
                                                          cancellable, NULL) && n_left == 0;

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
      if (options->dry_run ||
          debrief_call_delete_everywhere (store, queue, call, options->data_dir, cancellable, &local_error))
        g_ptr_array_add (report, g_strdup_printf (_("Removed the failed, empty call %s"), what));
      else
        g_ptr_array_add (report, g_strdup_printf (_("Could not remove the failed, empty call %s: %s"), what,
                                                  local_error->message));
    }

  return g_steal_pointer (&report);
}
