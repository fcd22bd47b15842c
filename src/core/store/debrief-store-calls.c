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
  return debrief_store_list_calls_filtered (self, NULL, sort, offset, limit, error);
}

/* Filters */

/**
 * debrief_call_filter_init:
 * @filter: a filter
 *
 * Sets @filter to let every call through; it holds no memory.
 */
void
debrief_call_filter_init (DebriefCallFilter *filter)
{
  g_return_if_fail (filter != NULL);

  *filter = (DebriefCallFilter) DEBRIEF_CALL_FILTER_INIT;
}

/**
 * debrief_call_filter_copy:
 * @filter: (nullable): a filter
 *
 * Returns: (transfer full) (nullable): a copy of @filter that owns its
 *   strings, freed with debrief_call_filter_free(); %NULL for %NULL
 */
DebriefCallFilter *
debrief_call_filter_copy (const DebriefCallFilter *filter)
{
  gsize agent_size;
  gsize lead_size;
  DebriefCallFilter *copy;
  char *strings;

  if (filter == NULL)
    return NULL;

  /* One block: the record, then its strings. */
  agent_size = filter->agent_id != NULL ? strlen (filter->agent_id) + 1 : 0;
  lead_size = filter->lead_id != NULL ? strlen (filter->lead_id) + 1 : 0;
  copy = g_malloc (sizeof *copy + agent_size + lead_size);
  *copy = *filter;
  strings = (char *) (copy + 1);
  if (filter->agent_id != NULL)
    copy->agent_id = memcpy (strings, filter->agent_id, agent_size);
  if (filter->lead_id != NULL)
    copy->lead_id = memcpy (strings + agent_size, filter->lead_id, lead_size);

  return copy;
}

/**
 * debrief_call_filter_free:
 * @filter: (nullable): a filter from debrief_call_filter_copy()
 */
void
debrief_call_filter_free (DebriefCallFilter *filter)
{
  g_free (filter);
}

/**
 * debrief_call_filter_is_empty:
 * @filter: (nullable): a filter
 *
 * Returns: whether @filter lets every call through; %NULL does
 */
gboolean
debrief_call_filter_is_empty (const DebriefCallFilter *filter)
{
  return filter == NULL ||
         (filter->kind < 0 && filter->agent_id == NULL && filter->lead_id == NULL &&
          filter->since == 0 && filter->until == 0 && filter->storage == DEBRIEF_STORAGE_STATE_ANY);
}

/**
 * debrief_call_filter_equal:
 * @a: (nullable): a filter
 * @b: (nullable): another
 *
 * Returns: whether @a and @b let the same calls through; %NULL is the
 *   empty filter
 */
gboolean
debrief_call_filter_equal (const DebriefCallFilter *a,
                           const DebriefCallFilter *b)
{
  if (debrief_call_filter_is_empty (a) || debrief_call_filter_is_empty (b))
    return debrief_call_filter_is_empty (a) && debrief_call_filter_is_empty (b);

  return MAX (a->kind, -1) == MAX (b->kind, -1) &&
         g_strcmp0 (a->agent_id, b->agent_id) == 0 &&
         g_strcmp0 (a->lead_id, b->lead_id) == 0 &&
         a->since == b->since &&
         a->until == b->until &&
         a->storage == b->storage;
}

/**
 * debrief_storage_state_for_call:
 * @upload_states: (nullable) (element-type utf8 gint): from
 *   debrief_store_get_upload_states()
 * @call_id: (nullable): a call id
 *
 * Returns: where the call's files are; a call absent from @upload_states
 *   is kept on this computer only
 */
DebriefStorageState
debrief_storage_state_for_call (GHashTable *upload_states,
                                const char *call_id)
{
  gpointer state;

  if (upload_states == NULL || call_id == NULL ||
      !g_hash_table_lookup_extended (upload_states, call_id, NULL, &state))
    return DEBRIEF_STORAGE_STATE_LOCAL;

  switch (GPOINTER_TO_INT (state))
    {
    case DEBRIEF_UPLOAD_STATUS_PENDING:
    case DEBRIEF_UPLOAD_STATUS_UPLOADING:
      return DEBRIEF_STORAGE_STATE_UPLOADING;

    case DEBRIEF_UPLOAD_STATUS_COMPLETED:
      return DEBRIEF_STORAGE_STATE_CLOUD;

    case DEBRIEF_UPLOAD_STATUS_FAILED:
      return DEBRIEF_STORAGE_STATE_FAILED;

    default:
      return DEBRIEF_STORAGE_STATE_LOCAL;
    }
}

/**
 * debrief_call_filter_matches:
 * @filter: (nullable): a filter; %NULL lets every call through
 * @call: a call
 * @upload_states: (nullable) (element-type utf8 gint): from
 *   debrief_store_get_upload_states(), for the storage condition
 *
 * The test debrief_store_list_calls_filtered() makes in SQL, for calls
 * found another way (search hits). Whether the call is hidden for an undo
 * is not part of it.
 *
 * Returns: whether @filter lets @call through
 */
gboolean
debrief_call_filter_matches (const DebriefCallFilter *filter,
                             const DebriefCall       *call,
                             GHashTable              *upload_states)
{
  g_return_val_if_fail (call != NULL, FALSE);

  if (filter == NULL)
    return TRUE;

  if (filter->kind >= 0 && (int) call->kind != filter->kind)
    return FALSE;
  if (filter->agent_id != NULL && g_strcmp0 (call->ai_agent_id, filter->agent_id) != 0)
    return FALSE;
  if (filter->lead_id != NULL && g_strcmp0 (call->lead_id, filter->lead_id) != 0)
    return FALSE;
  if (filter->since != 0 && call->started_at < filter->since)
    return FALSE;
  if (filter->until != 0 && call->started_at >= filter->until)
    return FALSE;
  if (filter->storage != DEBRIEF_STORAGE_STATE_ANY &&
      debrief_storage_state_for_call (upload_states, call->id) != filter->storage)
    return FALSE;

  return TRUE;
}

/* The storage conditions, as debrief_store_get_upload_states() ranks a
 * call's uploads: failed, then waiting or uploading, then completed. The
 * common states (local, cloud) are looked up call by call; the rare ones
 * (failed, uploading) are few uploads, read once through their status. */
#define CLOUD_UPLOADS "SELECT 1 FROM file_uploads u WHERE u.call_id = calls.id AND u.backend <> 'local'"
#define CLOUD_CALLS "SELECT call_id FROM file_uploads WHERE call_id IS NOT NULL AND backend <> 'local'"

static const char * const storage_conditions[] = {
  [DEBRIEF_STORAGE_STATE_ANY] = NULL,
  [DEBRIEF_STORAGE_STATE_LOCAL] = " AND NOT EXISTS (" CLOUD_UPLOADS ")",
  [DEBRIEF_STORAGE_STATE_UPLOADING] =
    " AND id IN (" CLOUD_CALLS " AND upload_status IN ('pending', 'uploading'))"
    " AND id NOT IN (" CLOUD_CALLS " AND upload_status = 'failed')",
  [DEBRIEF_STORAGE_STATE_CLOUD] =
    " AND EXISTS (" CLOUD_UPLOADS " AND u.upload_status = 'completed')"
    " AND NOT EXISTS (" CLOUD_UPLOADS " AND u.upload_status IN ('pending', 'uploading', 'failed'))",
  [DEBRIEF_STORAGE_STATE_FAILED] = " AND id IN (" CLOUD_CALLS " AND upload_status = 'failed')",
};

#undef CLOUD_CALLS
#undef CLOUD_UPLOADS

static gboolean
filter_is_valid (const DebriefCallFilter *filter)
{
  return filter == NULL ||
         (filter->kind <= DEBRIEF_CALL_KIND_COACHING && (guint) filter->storage < G_N_ELEMENTS (storage_conditions));
}

/* Appends the WHERE clause of the calls @filter lets through, with the
 * values left as named parameters for bind_filter(). */
static void
append_filter_sql (GString                 *sql,
                   const DebriefCallFilter *filter)
{
  g_string_append (sql, "WHERE deleted_at IS NULL");
  if (filter == NULL)
    return;

  if (filter->kind >= 0)
    g_string_append (sql, " AND kind = :kind");
  if (filter->agent_id != NULL)
    g_string_append (sql, " AND ai_agent_id = :agent");
  if (filter->lead_id != NULL)
    g_string_append (sql, " AND lead_id = :lead");
  /* Times are fixed-width ISO 8601 text: text order is time order. */
  if (filter->since != 0)
    g_string_append (sql, " AND started_at >= :since");
  if (filter->until != 0)
    g_string_append (sql, " AND started_at < :until");
  if (storage_conditions[filter->storage] != NULL)
    g_string_append (sql, storage_conditions[filter->storage]);
}

static void
bind_filter (sqlite3_stmt            *stmt,
             const DebriefCallFilter *filter)
{
  if (filter == NULL)
    return;

  /* An index of 0 (not in the statement) is ignored by sqlite3_bind_*. */
  if (filter->kind >= 0)
    debrief_bind_enum (stmt, sqlite3_bind_parameter_index (stmt, ":kind"), debrief_call_kind_get_type (),
                       filter->kind);
  debrief_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":agent"), filter->agent_id);
  debrief_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":lead"), filter->lead_id);
  debrief_bind_time (stmt, sqlite3_bind_parameter_index (stmt, ":since"), filter->since);
  debrief_bind_time (stmt, sqlite3_bind_parameter_index (stmt, ":until"), filter->until);
}

/**
 * debrief_store_list_calls_filtered:
 * @self: a #DebriefStore
 * @filter: (nullable): which calls; %NULL for all
 * @sort: the order
 * @offset: how many matching calls to skip
 * @limit: how many at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefCall): a page of the calls
 *   @filter lets through, calls hidden for an undo left out
 */
GPtrArray *
debrief_store_list_calls_filtered (DebriefStore             *self,
                                   const DebriefCallFilter  *filter,
                                   DebriefCallSort           sort,
                                   guint                     offset,
                                   guint                     limit,
                                   GError                  **error)
{
  static const char * const orders[] = {
    [DEBRIEF_CALL_SORT_NEWEST] = "started_at DESC, id",
    [DEBRIEF_CALL_SORT_LONGEST] = "duration_seconds DESC, started_at DESC, id",
    [DEBRIEF_CALL_SORT_TITLE] = "title IS NULL OR title = '', title COLLATE NOCASE, started_at DESC, id",
  };
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) tail = g_string_new (NULL);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) sort < G_N_ELEMENTS (orders), NULL);
  g_return_val_if_fail (filter_is_valid (filter), NULL);

  append_filter_sql (tail, filter);
  g_string_append_printf (tail, " ORDER BY %s LIMIT :limit OFFSET :offset", orders[sort]);
  sql = debrief_table_select_sql (&debrief_table_calls, tail->str);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  bind_filter (stmt, filter);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);

  return debrief_store_collect (self, &debrief_table_calls, stmt, error);
}

/**
 * debrief_store_count_calls_filtered:
 * @self: a #DebriefStore
 * @filter: (nullable): which calls; %NULL for all
 * @error: return location for a #GError
 *
 * Returns: how many calls @filter lets through, calls hidden for an undo
 *   left out; -1 on error
 */
gint64
debrief_store_count_calls_filtered (DebriefStore             *self,
                                    const DebriefCallFilter  *filter,
                                    GError                  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM calls ");
  int rc;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), -1);
  g_return_val_if_fail (filter_is_valid (filter), -1);

  append_filter_sql (sql, filter);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return -1;

  bind_filter (stmt, filter);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      debrief_store_set_error (self, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * debrief_store_list_agents_in_calls:
 * @self: a #DebriefStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefAgent): the agents of at
 *   least one call the library shows, by name
 */
GPtrArray *
debrief_store_list_agents_in_calls (DebriefStore  *self,
                                    GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return debrief_store_list_rows (self, &debrief_table_agents,
                                  "WHERE EXISTS (SELECT 1 FROM calls c"
                                  "              WHERE c.ai_agent_id = agents.id AND c.deleted_at IS NULL) "
                                  "ORDER BY name COLLATE NOCASE, id",
                                  NULL, error);
}

/**
 * debrief_store_list_leads_in_calls:
 * @self: a #DebriefStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefLead): the contacts of at
 *   least one call the library shows, by name
 */
GPtrArray *
debrief_store_list_leads_in_calls (DebriefStore  *self,
                                   GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return debrief_store_list_rows (self, &debrief_table_leads,
                                  "WHERE EXISTS (SELECT 1 FROM calls c"
                                  "              WHERE c.lead_id = leads.id AND c.deleted_at IS NULL) "
                                  "ORDER BY name COLLATE NOCASE, id",
                                  NULL, error);
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

/**
 * debrief_store_count_calls:
 * @self: a #DebriefStore
 * @error: return location for a #GError
 *
 * Returns: how many calls the library shows; -1 on error
 */
gint64
debrief_store_count_calls (DebriefStore  *self,
                           GError       **error)
{
  return debrief_store_count_calls_filtered (self, NULL, error);
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
  DebriefCallFilter *filter;
  DebriefCallSort    sort;
  guint              offset;
  guint              limit;
} ListCallsData;

static void
list_calls_data_free (ListCallsData *data)
{
  g_clear_pointer (&data->filter, debrief_call_filter_free);
  g_free (data);
}

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

  list = debrief_store_list_calls_filtered (source_object, data->filter, data->sort, data->offset, data->limit,
                                            &error);
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
  debrief_store_list_calls_filtered_async (self, NULL, sort, offset, limit, cancellable, callback, user_data);
}

/**
 * debrief_store_list_calls_filtered_async:
 * @self: a #DebriefStore
 * @filter: (nullable): which calls, copied; %NULL for all
 * @sort: the order
 * @offset: how many matching calls to skip
 * @limit: how many at most
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the page, on this thread
 * @user_data: for @callback
 *
 * debrief_store_list_calls_filtered() in a worker thread; finish with
 * debrief_store_list_calls_filtered_finish().
 */
void
debrief_store_list_calls_filtered_async (DebriefStore            *self,
                                         const DebriefCallFilter *filter,
                                         DebriefCallSort          sort,
                                         guint                    offset,
                                         guint                    limit,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  ListCallsData *data;

  g_return_if_fail (DEBRIEF_IS_STORE (self));
  g_return_if_fail (filter_is_valid (filter));

  data = g_new0 (ListCallsData, 1);
  data->filter = debrief_call_filter_copy (filter);
  data->sort = sort;
  data->offset = offset;
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_store_list_calls_filtered_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_calls_data_free);
  g_task_run_in_thread (task, list_calls_thread);
}

/**
 * debrief_store_list_calls_filtered_finish:
 * @self: a #DebriefStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefCall): the page, or %NULL
 *   with @error set
 */
GPtrArray *
debrief_store_list_calls_filtered_finish (DebriefStore  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == debrief_store_list_calls_filtered_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
debrief_store_list_calls_finish (DebriefStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return debrief_store_list_calls_filtered_finish (self, result, error);
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
 * debrief_store_set_call_notes:
 * @self: a #DebriefStore
 * @id: a call id
 * @notes: (nullable): the call's notes
 * @error: return location for a #GError
 *
 * Writes the notes alone, so a rename or another change made at the same
 * moment is kept.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_set_call_notes (DebriefStore  *self,
                              const char    *id,
                              const char    *notes,
                              GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "UPDATE calls SET call_notes = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  now = debrief_time_to_text (g_get_real_time ());
  debrief_bind_text (stmt, 1, id);
  debrief_bind_text (stmt, 2, notes);
  debrief_bind_text (stmt, 3, now);
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
