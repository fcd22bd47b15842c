/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-calls.c: the repository of profiles and calls */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-table.h"

static const DebriefColumn profile_columns[] = {
  DEBRIEF_COL (DebriefProfile, id, TEXT),
  DEBRIEF_COL (DebriefProfile, email, TEXT),
  DEBRIEF_COL (DebriefProfile, full_name, TEXT),
  DEBRIEF_COL (DebriefProfile, avatar_url, TEXT),
  DEBRIEF_COL (DebriefProfile, company_name, TEXT),
  DEBRIEF_COL_ENUM (DebriefProfile, plan, debrief_plan_get_type),
  DEBRIEF_COL (DebriefProfile, storage_quota_mb, INT),
  DEBRIEF_COL (DebriefProfile, storage_used_mb, DOUBLE),
  DEBRIEF_COL (DebriefProfile, minutes_balance, OPTIONAL_DOUBLE),
  DEBRIEF_COL_FIXED (DebriefProfile, created_at, TIME),
  DEBRIEF_COL (DebriefProfile, updated_at, TIME),
};

static const DebriefTable profiles = {
  "profiles", "id", FALSE, profile_columns, G_N_ELEMENTS (profile_columns),
  sizeof (DebriefProfile), (GDestroyNotify) debrief_profile_free, N_("profile"),
};

static const DebriefColumn call_columns[] = {
  DEBRIEF_COL (DebriefCall, id, TEXT),
  DEBRIEF_COL_FIXED (DebriefCall, user_id, TEXT),
  DEBRIEF_COL_ENUM (DebriefCall, kind, debrief_call_kind_get_type),
  DEBRIEF_COL (DebriefCall, ai_agent_id, TEXT),
  DEBRIEF_COL (DebriefCall, lead_id, TEXT),
  DEBRIEF_COL (DebriefCall, title, TEXT),
  DEBRIEF_COL (DebriefCall, started_at, TIME),
  DEBRIEF_COL (DebriefCall, ended_at, TIME),
  DEBRIEF_COL (DebriefCall, duration_seconds, DOUBLE),
  DEBRIEF_COL_ENUM (DebriefCall, status, debrief_call_status_get_type),
  DEBRIEF_COL_ENUM (DebriefCall, end_reason, debrief_end_reason_get_type),
  DEBRIEF_COL (DebriefCall, cost_estimate, DOUBLE),
  DEBRIEF_COL (DebriefCall, recording_path, TEXT),
  DEBRIEF_COL (DebriefCall, recording_format, TEXT),
  DEBRIEF_COL (DebriefCall, call_notes, TEXT),
  DEBRIEF_COL (DebriefCall, feedback_json, TEXT),
  DEBRIEF_COL_ENUM (DebriefCall, storage_backend, debrief_storage_backend_get_type),
  DEBRIEF_COL_FIXED (DebriefCall, created_at, TIME),
  DEBRIEF_COL (DebriefCall, updated_at, TIME),
};

const DebriefTable debrief_table_calls = {
  "calls", "id", FALSE, call_columns, G_N_ELEMENTS (call_columns),
  sizeof (DebriefCall), (GDestroyNotify) debrief_call_free, N_("call"),
};

/**
 * debrief_store_save_profile:
 * @self: a #DebriefStore
 * @profile: the profile; its id is made when unset, its timestamps are set
 * @error: return location for a #GError
 *
 * Inserts or updates @profile.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_profile (DebriefStore    *self,
                            DebriefProfile  *profile,
                            GError         **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);

  if (profile->id == NULL)
    profile->id = g_uuid_string_random ();
  profile->updated_at = g_get_real_time ();
  if (profile->created_at == 0)
    profile->created_at = profile->updated_at;

  return debrief_store_upsert (self, &profiles, profile, error);
}

/**
 * debrief_store_get_profile:
 * @self: a #DebriefStore
 * @id: a profile id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the profile, or %NULL with %DEBRIEF_STORE_ERROR_NOT_FOUND
 */
DebriefProfile *
debrief_store_get_profile (DebriefStore  *self,
                           const char    *id,
                           GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return debrief_store_get_row (self, &profiles, "id", id, error);
}

/**
 * debrief_store_save_call:
 * @self: a #DebriefStore
 * @call: the call; a missing id, user id or start time is filled in
 * @error: return location for a #GError
 *
 * Inserts or updates @call in its own transaction. A second active call of
 * the same user fails with %DEBRIEF_STORE_ERROR_ACTIVE_CALL.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_call (DebriefStore  *self,
                         DebriefCall   *call,
                         GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);

  if (call->id == NULL)
    call->id = g_uuid_string_random ();
  if (call->user_id == NULL)
    call->user_id = g_strdup (debrief_store_get_user_id (self));
  call->updated_at = g_get_real_time ();
  if (call->created_at == 0)
    call->created_at = call->updated_at;
  if (call->started_at == 0)
    call->started_at = call->created_at;

  return debrief_store_upsert (self, &debrief_table_calls, call, error);
}

/**
 * debrief_store_get_call:
 * @self: a #DebriefStore
 * @id: a call id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the call, or %NULL with %DEBRIEF_STORE_ERROR_NOT_FOUND
 */
DebriefCall *
debrief_store_get_call (DebriefStore  *self,
                        const char    *id,
                        GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return debrief_store_get_row (self, &debrief_table_calls, "id", id, error);
}

/**
 * debrief_store_get_active_call:
 * @self: a #DebriefStore
 * @user_id: (nullable): a user id, or %NULL for the local profile
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the user's active call; %NULL without
 *   an error when there is none
 */
DebriefCall *
debrief_store_get_active_call (DebriefStore  *self,
                               const char    *user_id,
                               GError       **error)
{
  g_autoptr(GPtrArray) active = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  active = debrief_store_list_rows (self, &debrief_table_calls, "WHERE user_id = ?1 AND status = 'active'",
                                    user_id != NULL ? user_id : debrief_store_get_user_id (self),
                                    error);
  if (active == NULL || active->len == 0)
    return NULL;

  return g_ptr_array_steal_index (active, 0);
}

/**
 * debrief_store_list_calls:
 * @self: a #DebriefStore
 * @offset: the first row
 * @limit: how many rows at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefCall): calls, newest first
 */
GPtrArray *
debrief_store_list_calls (DebriefStore  *self,
                          guint          offset,
                          guint          limit,
                          GError       **error)
{
  return debrief_store_list_calls_sorted (self, DEBRIEF_CALL_SORT_NEWEST, offset, limit, error);
}

/**
 * debrief_store_list_calls_sorted:
 * @self: a #DebriefStore
 * @sort: the order
 * @offset: how many calls to skip
 * @limit: how many at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefCall): a page of the
 *   library, calls hidden for an undo left out
 */
GPtrArray *
debrief_store_list_calls_sorted (DebriefStore     *self,
                                 DebriefCallSort   sort,
                                 guint             offset,
                                 guint             limit,
                                 GError          **error)
{
  static const char * const orders[] = {
    [DEBRIEF_CALL_SORT_NEWEST] = "started_at DESC, id",
    [DEBRIEF_CALL_SORT_LONGEST] = "duration_seconds DESC, started_at DESC, id",
    [DEBRIEF_CALL_SORT_TITLE] = "title IS NULL OR title = '', title COLLATE NOCASE, started_at DESC, id",
  };
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) sort < G_N_ELEMENTS (orders), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  tail = g_strdup_printf ("WHERE deleted_at IS NULL ORDER BY %s LIMIT ?1 OFFSET ?2", orders[sort]);
  sql = debrief_table_select_sql (&debrief_table_calls, tail);
  stmt = debrief_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);

  return debrief_store_collect (self, &debrief_table_calls, stmt, error);
}

/**
 * debrief_store_list_calls_ended_before:
 * @self: a #DebriefStore
 * @before: a time, in µs since the epoch
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefCall): the calls that are
 *   over (ended or failed) and ended before @before, oldest first
 */
GPtrArray *
debrief_store_list_calls_ended_before (DebriefStore  *self,
                                       gint64         before,
                                       GError       **error)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  when = debrief_time_to_text (before);
  return debrief_store_list_rows (self, &debrief_table_calls,
                                  "WHERE status != 'active' AND ended_at IS NOT NULL AND ended_at < ?1 "
                                  "ORDER BY ended_at",
                                  when, error);
}

gint64
debrief_store_count_calls (DebriefStore  *self,
                           GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), -1);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "SELECT count(*) FROM calls WHERE deleted_at IS NULL", error);
  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      debrief_store_set_error (self, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * debrief_store_delete_call:
 * @self: a #DebriefStore
 * @id: a call id
 * @error: return location for a #GError
 *
 * Deletes the call's row with its chunks, uploads and events; its
 * conversations stay in the contact's timeline, unlinked from the call.
 * Files on disk are the caller's to remove.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_delete_call (DebriefStore  *self,
                           const char    *id,
                           GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return debrief_store_delete_by_id (self, "calls", _("call"), id, error);
}

typedef struct
{
  DebriefCallSort sort;
  guint           offset;
  guint           limit;
} ListCallsData;

static void
list_calls_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ListCallsData *data = task_data;
  GError *error = NULL;
  GPtrArray *list;

  if (g_task_return_error_if_cancelled (task))
    return;

  list = debrief_store_list_calls_sorted (source_object, data->sort, data->offset, data->limit, &error);
  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

void
debrief_store_list_calls_async (DebriefStore        *self,
                                guint                offset,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  debrief_store_list_calls_sorted_async (self, DEBRIEF_CALL_SORT_NEWEST, offset, limit, cancellable, callback,
                                         user_data);
}

/**
 * debrief_store_list_calls_sorted_async:
 * @self: a #DebriefStore
 * @sort: the order
 * @offset: how many calls to skip
 * @limit: how many at most
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the page, on this thread
 * @user_data: for @callback
 *
 * debrief_store_list_calls_sorted() in a worker thread; finish with
 * debrief_store_list_calls_finish().
 */
void
debrief_store_list_calls_sorted_async (DebriefStore        *self,
                                       DebriefCallSort      sort,
                                       guint                offset,
                                       guint                limit,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListCallsData *data;

  g_return_if_fail (DEBRIEF_IS_STORE (self));

  data = g_new0 (ListCallsData, 1);
  data->sort = sort;
  data->offset = offset;
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_store_list_calls_sorted_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, list_calls_thread);
}

GPtrArray *
debrief_store_list_calls_finish (DebriefStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * debrief_store_list_calls_updated_since:
 * @self: a #DebriefStore
 * @since: microseconds since the epoch
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefCall): the calls saved
 *   after @since, oldest change first
 */
GPtrArray *
debrief_store_list_calls_updated_since (DebriefStore  *self,
                                        gint64         since,
                                        GError       **error)
{
  g_autofree char *text = debrief_time_to_text (MAX (since, 0));

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  /* Times are stored as fixed-width ISO 8601 text, so text order is time order. */
  return debrief_store_list_rows (self, &debrief_table_calls,
                                  "WHERE updated_at > ?1 AND deleted_at IS NULL ORDER BY updated_at", text,
                                  error);
}

/**
 * debrief_store_set_call_deleted:
 * @self: a #DebriefStore
 * @id: a call id
 * @deleted: %TRUE to hide the call while its deletion can be undone,
 *   %FALSE to bring it back
 * @error: return location for a #GError
 *
 * A hidden call is left out of listing, counting and search; it is removed
 * for good with debrief_store_delete_call() once the undo is gone (see
 * debrief_store_list_deleted_calls() for those a crash left hidden).
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_set_call_deleted (DebriefStore  *self,
                                const char    *id,
                                gboolean       deleted,
                                GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "UPDATE calls SET deleted_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  now = deleted ? debrief_time_to_text (g_get_real_time ()) : NULL;
  debrief_bind_text (stmt, 1, id);
  debrief_bind_text (stmt, 2, now);
  if (!debrief_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (debrief_store_get_db (self)) == 0)
    {
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND, _("No call with id “%s”"), id);
      return FALSE;
    }

  return TRUE;
}

/**
 * debrief_store_list_deleted_calls:
 * @self: a #DebriefStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefCall): the calls hidden by
 *   debrief_store_set_call_deleted()
 */
GPtrArray *
debrief_store_list_deleted_calls (DebriefStore  *self,
                                  GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return debrief_store_list_rows (self, &debrief_table_calls, "WHERE deleted_at IS NOT NULL", NULL, error);
}
