/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-uploads.c: the repository of the upload queue (file_uploads) */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-private.h"

#define UPLOAD_COLUMNS \
  "id, user_id, call_id, kind, local_path, storage_path, backend, size_bytes, sha256, " \
  "content_type, upload_status, attempts, last_error, next_attempt_at, " \
  "multipart_upload_id, multipart_parts_json, etag, created_at, updated_at"

static gpointer
upload_from_row (sqlite3_stmt *stmt)
{
  DebriefFileUpload *u = debrief_file_upload_new ();

  u->id = debrief_column_text (stmt, 0);
  u->user_id = debrief_column_text (stmt, 1);
  u->call_id = debrief_column_text (stmt, 2);
  u->kind = debrief_column_enum (stmt, 3, DEBRIEF_TYPE_UPLOAD_KIND);
  u->local_path = debrief_column_text (stmt, 4);
  u->storage_path = debrief_column_text (stmt, 5);
  u->backend = debrief_column_enum (stmt, 6, DEBRIEF_TYPE_STORAGE_BACKEND);
  u->size_bytes = sqlite3_column_int64 (stmt, 7);
  u->sha256 = debrief_column_text (stmt, 8);
  u->content_type = debrief_column_text (stmt, 9);
  u->upload_status = debrief_column_enum (stmt, 10, DEBRIEF_TYPE_UPLOAD_STATUS);
  u->attempts = sqlite3_column_int64 (stmt, 11);
  u->last_error = debrief_column_text (stmt, 12);
  u->next_attempt_at = debrief_column_time (stmt, 13);
  u->multipart_upload_id = debrief_column_text (stmt, 14);
  u->multipart_parts_json = debrief_column_text (stmt, 15);
  u->etag = debrief_column_text (stmt, 16);
  u->created_at = debrief_column_time (stmt, 17);
  u->updated_at = debrief_column_time (stmt, 18);

  return u;
}

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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (upload != NULL && upload->local_path != NULL && upload->storage_path != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (upload->id == NULL)
    upload->id = g_uuid_string_random ();
  if (upload->user_id == NULL)
    upload->user_id = g_strdup (debrief_store_get_user_id (self));
  upload->updated_at = g_get_real_time ();
  if (upload->created_at == 0)
    upload->created_at = upload->updated_at;

  stmt = debrief_store_prepare (self,
                                "INSERT INTO file_uploads (" UPLOAD_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                "        ?15, ?16, ?17, ?18, ?19) "
                                "ON CONFLICT (id) DO UPDATE SET "
                                "  local_path = excluded.local_path, storage_path = excluded.storage_path, "
                                "  backend = excluded.backend, size_bytes = excluded.size_bytes, "
                                "  sha256 = excluded.sha256, content_type = excluded.content_type, "
                                "  upload_status = excluded.upload_status, attempts = excluded.attempts, "
                                "  last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, "
                                "  multipart_upload_id = excluded.multipart_upload_id, "
                                "  multipart_parts_json = excluded.multipart_parts_json, "
                                "  etag = excluded.etag, updated_at = excluded.updated_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, upload->id);
  debrief_bind_text (stmt, 2, upload->user_id);
  debrief_bind_text (stmt, 3, upload->call_id);
  debrief_bind_enum (stmt, 4, DEBRIEF_TYPE_UPLOAD_KIND, upload->kind);
  debrief_bind_text (stmt, 5, upload->local_path);
  debrief_bind_text (stmt, 6, upload->storage_path);
  debrief_bind_enum (stmt, 7, DEBRIEF_TYPE_STORAGE_BACKEND, upload->backend);
  sqlite3_bind_int64 (stmt, 8, upload->size_bytes);
  debrief_bind_text (stmt, 9, upload->sha256);
  debrief_bind_text (stmt, 10, upload->content_type);
  debrief_bind_enum (stmt, 11, DEBRIEF_TYPE_UPLOAD_STATUS, upload->upload_status);
  sqlite3_bind_int64 (stmt, 12, upload->attempts);
  debrief_bind_text (stmt, 13, upload->last_error);
  debrief_bind_time (stmt, 14, upload->next_attempt_at);
  debrief_bind_text (stmt, 15, upload->multipart_upload_id);
  debrief_bind_text (stmt, 16, upload->multipart_parts_json);
  debrief_bind_text (stmt, 17, upload->etag);
  debrief_bind_time (stmt, 18, upload->created_at);
  debrief_bind_time (stmt, 19, upload->updated_at);

  return debrief_store_step_done (self, stmt, error);
}

DebriefFileUpload *
debrief_store_get_file_upload (DebriefStore  *self,
                               const char    *id,
                               GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "SELECT " UPLOAD_COLUMNS " FROM file_uploads WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, id);
  return debrief_store_collect_one (self, stmt, upload_from_row, _("upload"), id, error);
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " UPLOAD_COLUMNS " FROM file_uploads WHERE call_id = ?1 "
                                "ORDER BY created_at, storage_path",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, call_id);
  return debrief_store_collect_rows (self, stmt, upload_from_row,
                                     (GDestroyNotify) debrief_file_upload_free, error);
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

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " UPLOAD_COLUMNS " FROM file_uploads "
                                "WHERE upload_status IN ('pending', 'failed') "
                                "  AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) "
                                "ORDER BY created_at LIMIT ?2",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_time (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);
  return debrief_store_collect_rows (self, stmt, upload_from_row,
                                     (GDestroyNotify) debrief_file_upload_free, error);
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
