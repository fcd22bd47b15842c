/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-uploads.c: the repository of the upload queue (file_uploads) */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-table.h"

static const DebriefColumn upload_columns[] = {
  DEBRIEF_COL (DebriefFileUpload, id, TEXT),
  DEBRIEF_COL_FIXED (DebriefFileUpload, user_id, TEXT),
  DEBRIEF_COL (DebriefFileUpload, call_id, TEXT),
  DEBRIEF_COL_ENUM (DebriefFileUpload, kind, debrief_upload_kind_get_type),
  DEBRIEF_COL (DebriefFileUpload, local_path, TEXT),
  DEBRIEF_COL (DebriefFileUpload, storage_path, TEXT),
  DEBRIEF_COL_ENUM (DebriefFileUpload, backend, debrief_storage_backend_get_type),
  DEBRIEF_COL (DebriefFileUpload, size_bytes, INT),
  DEBRIEF_COL (DebriefFileUpload, sha256, TEXT),
  DEBRIEF_COL (DebriefFileUpload, content_type, TEXT),
  DEBRIEF_COL_ENUM (DebriefFileUpload, upload_status, debrief_upload_status_get_type),
  DEBRIEF_COL (DebriefFileUpload, attempts, INT),
  DEBRIEF_COL (DebriefFileUpload, last_error, TEXT),
  DEBRIEF_COL (DebriefFileUpload, next_attempt_at, TIME),
  DEBRIEF_COL (DebriefFileUpload, multipart_upload_id, TEXT),
  DEBRIEF_COL (DebriefFileUpload, multipart_parts_json, TEXT),
  DEBRIEF_COL (DebriefFileUpload, etag, TEXT),
  DEBRIEF_COL_FIXED (DebriefFileUpload, created_at, TIME),
  DEBRIEF_COL (DebriefFileUpload, updated_at, TIME),
};

const DebriefTable debrief_table_file_uploads = {
  "file_uploads", "id", FALSE, upload_columns, G_N_ELEMENTS (upload_columns),
  sizeof (DebriefFileUpload), (GDestroyNotify) debrief_file_upload_free, N_("upload"),
};

/**
 * debrief_store_save_file_upload:
 * @self: a #DebriefStore
 * @upload: the queue entry; a missing id or user id is filled in
 * @error: return location for a #GError
 *
 * Inserts or updates @upload. The same object key on the same backend is
 * queued once.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_file_upload (DebriefStore       *self,
                                DebriefFileUpload  *upload,
                                GError            **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (upload != NULL && upload->local_path != NULL && upload->storage_path != NULL, FALSE);

  if (upload->id == NULL)
    upload->id = g_uuid_string_random ();
  if (upload->user_id == NULL)
    upload->user_id = g_strdup (debrief_store_get_user_id (self));
  upload->updated_at = g_get_real_time ();
  if (upload->created_at == 0)
    upload->created_at = upload->updated_at;

  return debrief_store_upsert (self, &debrief_table_file_uploads, upload, error);
}

DebriefFileUpload *
debrief_store_get_file_upload (DebriefStore  *self,
                               const char    *id,
                               GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return debrief_store_get_row (self, &debrief_table_file_uploads, "id", id, error);
}

/**
 * debrief_store_list_file_uploads_for_call:
 * @self: a #DebriefStore
 * @call_id: a call id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefFileUpload): the call's uploads
 */
GPtrArray *
debrief_store_list_file_uploads_for_call (DebriefStore  *self,
                                          const char    *call_id,
                                          GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  return debrief_store_list_rows (self, &debrief_table_file_uploads, "WHERE call_id = ?1 ORDER BY created_at, storage_path",
                                  call_id, error);
}

/**
 * debrief_store_list_due_file_uploads:
 * @self: a #DebriefStore
 * @now: the current time, in microseconds since the epoch
 * @limit: how many at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefFileUpload): pending and
 *   failed uploads whose next attempt is due, oldest first
 */
GPtrArray *
debrief_store_list_due_file_uploads (DebriefStore  *self,
                                     gint64         now,
                                     guint          limit,
                                     GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  sql = debrief_table_select_sql (&debrief_table_file_uploads,
                                  /* "uploading" too: one the app quit or crashed during. */
                                  "WHERE upload_status IN ('pending', 'uploading', 'failed') "
                                  "  AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) "
                                  "ORDER BY created_at LIMIT ?2");
  stmt = debrief_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_time (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);
  return debrief_store_collect (self, &debrief_table_file_uploads, stmt, error);
}

gboolean
debrief_store_delete_file_upload (DebriefStore  *self,
                                  const char    *id,
                                  GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return debrief_store_delete_by_id (self, "file_uploads", _("upload"), id, error);
}

/**
 * debrief_store_get_upload_states:
 * @self: a #DebriefStore
 * @error: return location for a #GError
 *
 * One state per call that has files to upload to a cloud: failed if any
 * failed, else uploading if any is, else pending if any waits, else
 * completed. debrief_storage_state_for_call() reads a call's state from
 * them, as the library's storage filter sees it.
 *
 * Returns: (transfer full) (element-type utf8 gint): call id → a
 *   #DebriefUploadStatus; calls kept only here are absent
 */
GHashTable *
debrief_store_get_upload_states (DebriefStore  *self,
                                 GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT call_id, sum(upload_status = 'failed'), sum(upload_status = 'uploading'),"
                                " sum(upload_status = 'pending') FROM file_uploads"
                                " WHERE call_id IS NOT NULL AND backend <> 'local' GROUP BY call_id",
                                error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DebriefUploadStatus state = DEBRIEF_UPLOAD_STATUS_COMPLETED;

      if (sqlite3_column_int (stmt, 1) > 0)
        state = DEBRIEF_UPLOAD_STATUS_FAILED;
      else if (sqlite3_column_int (stmt, 2) > 0)
        state = DEBRIEF_UPLOAD_STATUS_UPLOADING;
      else if (sqlite3_column_int (stmt, 3) > 0)
        state = DEBRIEF_UPLOAD_STATUS_PENDING;

      g_hash_table_insert (states, debrief_column_text (stmt, 0), GINT_TO_POINTER (state));
    }

  if (rc != SQLITE_DONE)
    {
      debrief_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&states);
}

/**
 * debrief_store_list_cloud_file_uploads:
 * @self: a #DebriefStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefFileUpload): the uploads a
 *   cloud storage holds, oldest first
 */
GPtrArray *
debrief_store_list_cloud_file_uploads (DebriefStore  *self,
                                       GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return debrief_store_list_rows (self, &debrief_table_file_uploads,
                                  "WHERE upload_status = ?1 AND backend <> 'local' ORDER BY created_at",
                                  "completed", error);
}
