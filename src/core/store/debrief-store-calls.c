/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-calls.c: the repository of profiles and calls */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-private.h"

#define PROFILE_COLUMNS \
  "id, email, full_name, avatar_url, company_name, plan, storage_quota_mb, " \
  "storage_used_mb, created_at, updated_at"

static gpointer
profile_from_row (sqlite3_stmt *stmt)
{
  DebriefProfile *p = debrief_profile_new ();

  p->id = debrief_column_text (stmt, 0);
  p->email = debrief_column_text (stmt, 1);
  p->full_name = debrief_column_text (stmt, 2);
  p->avatar_url = debrief_column_text (stmt, 3);
  p->company_name = debrief_column_text (stmt, 4);
  p->plan = debrief_column_enum (stmt, 5, DEBRIEF_TYPE_PLAN);
  p->storage_quota_mb = sqlite3_column_int64 (stmt, 6);
  p->storage_used_mb = sqlite3_column_double (stmt, 7);
  p->created_at = debrief_column_time (stmt, 8);
  p->updated_at = debrief_column_time (stmt, 9);

  return p;
}

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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (profile->id == NULL)
    profile->id = g_uuid_string_random ();
  profile->updated_at = g_get_real_time ();
  if (profile->created_at == 0)
    profile->created_at = profile->updated_at;

  stmt = debrief_store_prepare (self,
                                "INSERT INTO profiles (" PROFILE_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                "ON CONFLICT (id) DO UPDATE SET "
                                "  email = excluded.email, full_name = excluded.full_name, "
                                "  avatar_url = excluded.avatar_url, company_name = excluded.company_name, "
                                "  plan = excluded.plan, storage_quota_mb = excluded.storage_quota_mb, "
                                "  storage_used_mb = excluded.storage_used_mb, updated_at = excluded.updated_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, profile->id);
  debrief_bind_text (stmt, 2, profile->email);
  debrief_bind_text (stmt, 3, profile->full_name);
  debrief_bind_text (stmt, 4, profile->avatar_url);
  debrief_bind_text (stmt, 5, profile->company_name);
  debrief_bind_enum (stmt, 6, DEBRIEF_TYPE_PLAN, profile->plan);
  sqlite3_bind_int64 (stmt, 7, profile->storage_quota_mb);
  sqlite3_bind_double (stmt, 8, profile->storage_used_mb);
  debrief_bind_time (stmt, 9, profile->created_at);
  debrief_bind_time (stmt, 10, profile->updated_at);

  return debrief_store_step_done (self, stmt, error);
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "SELECT " PROFILE_COLUMNS " FROM profiles WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, id);
  return debrief_store_collect_one (self, stmt, profile_from_row, _("profile"), id, error);
}

#define CALL_COLUMNS \
  "id, user_id, kind, ai_agent_id, lead_id, title, started_at, ended_at, " \
  "duration_seconds, status, end_reason, cost_estimate, recording_path, " \
  "recording_format, call_notes, feedback_json, storage_backend, created_at, updated_at"

static gpointer
call_from_row (sqlite3_stmt *stmt)
{
  DebriefCall *c = debrief_call_new ();

  c->id = debrief_column_text (stmt, 0);
  c->user_id = debrief_column_text (stmt, 1);
  c->kind = debrief_column_enum (stmt, 2, DEBRIEF_TYPE_CALL_KIND);
  c->ai_agent_id = debrief_column_text (stmt, 3);
  c->lead_id = debrief_column_text (stmt, 4);
  c->title = debrief_column_text (stmt, 5);
  c->started_at = debrief_column_time (stmt, 6);
  c->ended_at = debrief_column_time (stmt, 7);
  c->duration_seconds = sqlite3_column_double (stmt, 8);
  c->status = debrief_column_enum (stmt, 9, DEBRIEF_TYPE_CALL_STATUS);
  c->end_reason = debrief_column_enum (stmt, 10, DEBRIEF_TYPE_END_REASON);
  c->cost_estimate = sqlite3_column_double (stmt, 11);
  c->recording_path = debrief_column_text (stmt, 12);
  c->recording_format = debrief_column_text (stmt, 13);
  c->call_notes = debrief_column_text (stmt, 14);
  c->feedback_json = debrief_column_text (stmt, 15);
  c->storage_backend = debrief_column_enum (stmt, 16, DEBRIEF_TYPE_STORAGE_BACKEND);
  c->created_at = debrief_column_time (stmt, 17);
  c->updated_at = debrief_column_time (stmt, 18);

  return c;
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (call != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (call->id == NULL)
    call->id = g_uuid_string_random ();
  if (call->user_id == NULL)
    call->user_id = g_strdup (debrief_store_get_user_id (self));
  call->updated_at = g_get_real_time ();
  if (call->created_at == 0)
    call->created_at = call->updated_at;
  if (call->started_at == 0)
    call->started_at = call->created_at;

  stmt = debrief_store_prepare (self,
                                "INSERT INTO calls (" CALL_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                "        ?15, ?16, ?17, ?18, ?19) "
                                "ON CONFLICT (id) DO UPDATE SET "
                                "  kind = excluded.kind, ai_agent_id = excluded.ai_agent_id, "
                                "  lead_id = excluded.lead_id, title = excluded.title, "
                                "  started_at = excluded.started_at, ended_at = excluded.ended_at, "
                                "  duration_seconds = excluded.duration_seconds, status = excluded.status, "
                                "  end_reason = excluded.end_reason, cost_estimate = excluded.cost_estimate, "
                                "  recording_path = excluded.recording_path, "
                                "  recording_format = excluded.recording_format, "
                                "  call_notes = excluded.call_notes, feedback_json = excluded.feedback_json, "
                                "  storage_backend = excluded.storage_backend, updated_at = excluded.updated_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, call->id);
  debrief_bind_text (stmt, 2, call->user_id);
  debrief_bind_enum (stmt, 3, DEBRIEF_TYPE_CALL_KIND, call->kind);
  debrief_bind_text (stmt, 4, call->ai_agent_id);
  debrief_bind_text (stmt, 5, call->lead_id);
  debrief_bind_text (stmt, 6, call->title);
  debrief_bind_time (stmt, 7, call->started_at);
  debrief_bind_time (stmt, 8, call->ended_at);
  sqlite3_bind_double (stmt, 9, call->duration_seconds);
  debrief_bind_enum (stmt, 10, DEBRIEF_TYPE_CALL_STATUS, call->status);
  debrief_bind_enum (stmt, 11, DEBRIEF_TYPE_END_REASON, call->end_reason);
  sqlite3_bind_double (stmt, 12, call->cost_estimate);
  debrief_bind_text (stmt, 13, call->recording_path);
  debrief_bind_text (stmt, 14, call->recording_format);
  debrief_bind_text (stmt, 15, call->call_notes);
  debrief_bind_text (stmt, 16, call->feedback_json);
  debrief_bind_enum (stmt, 17, DEBRIEF_TYPE_STORAGE_BACKEND, call->storage_backend);
  debrief_bind_time (stmt, 18, call->created_at);
  debrief_bind_time (stmt, 19, call->updated_at);

  return debrief_store_step_done (self, stmt, error);
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "SELECT " CALL_COLUMNS " FROM calls WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, id);
  return debrief_store_collect_one (self, stmt, call_from_row, _("call"), id, error);
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " CALL_COLUMNS " FROM calls "
                                "WHERE user_id = ?1 AND status = 'active'",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, user_id != NULL ? user_id : debrief_store_get_user_id (self));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return call_from_row (stmt);
  if (rc != SQLITE_DONE)
    debrief_store_set_error (self, rc, error);

  return NULL;
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " CALL_COLUMNS " FROM calls "
                                "ORDER BY started_at DESC, id LIMIT ?1 OFFSET ?2",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);

  return debrief_store_collect_rows (self, stmt, call_from_row,
                                     (GDestroyNotify) debrief_call_free, error);
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
  stmt = debrief_store_prepare (self, "SELECT count(*) FROM calls", error);
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
  guint offset;
  guint limit;
} ListCallsData;

static void
list_calls_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ListCallsData *data = task_data;
  GError *error = NULL;
  GPtrArray *calls;

  calls = debrief_store_list_calls (source_object, data->offset, data->limit, &error);
  if (calls == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, calls, (GDestroyNotify) g_ptr_array_unref);
}

void
debrief_store_list_calls_async (DebriefStore        *self,
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
  data->offset = offset;
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_store_list_calls_async);
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
