/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-chunks.c: the repositories of call chunks (the turns of a call) and analytics events */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-private.h"

#define CHUNK_COLUMNS \
  "id, call_id, seq, timestamp, start_ms, end_ms, speaker, user_transcript, " \
  "ai_text_response, ai_audio_url, ai_audio_path, user_audio_path, duration_seconds"

static gpointer
chunk_from_row (sqlite3_stmt *stmt)
{
  DebriefChunk *k = debrief_chunk_new ();

  k->id = debrief_column_text (stmt, 0);
  k->call_id = debrief_column_text (stmt, 1);
  k->seq = sqlite3_column_int64 (stmt, 2);
  k->timestamp = debrief_column_time (stmt, 3);
  k->start_ms = sqlite3_column_int64 (stmt, 4);
  k->end_ms = sqlite3_column_int64 (stmt, 5);
  k->speaker = debrief_column_enum (stmt, 6, DEBRIEF_TYPE_SPEAKER);
  k->user_transcript = debrief_column_text (stmt, 7);
  k->ai_text_response = debrief_column_text (stmt, 8);
  k->ai_audio_url = debrief_column_text (stmt, 9);
  k->ai_audio_path = debrief_column_text (stmt, 10);
  k->user_audio_path = debrief_column_text (stmt, 11);
  k->duration_seconds = sqlite3_column_double (stmt, 12);

  return k;
}

/**
 * debrief_store_save_chunk:
 * @self: a #DebriefStore
 * @chunk: the chunk; a missing id or timestamp is filled in, and a
 *   sequence number of 0 becomes the call's next one
 * @error: return location for a #GError
 *
 * Inserts or updates @chunk, each in its own transaction, so a turn is on
 * disk as soon as this returns.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_chunk (DebriefStore  *self,
                          DebriefChunk  *chunk,
                          GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (chunk != NULL && chunk->call_id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (chunk->id == NULL)
    chunk->id = g_uuid_string_random ();
  if (chunk->timestamp == 0)
    chunk->timestamp = g_get_real_time ();

  if (chunk->seq == 0)
    {
      g_autoptr(sqlite3_stmt) next = NULL;

      next = debrief_store_prepare (self,
                                    "SELECT ifnull (max (seq), 0) + 1 FROM call_chunks WHERE call_id = ?1",
                                    error);
      if (next == NULL)
        return FALSE;
      debrief_bind_text (next, 1, chunk->call_id);
      if (sqlite3_step (next) != SQLITE_ROW)
        return debrief_store_set_error (self, sqlite3_errcode (debrief_store_get_db (self)), error);
      chunk->seq = sqlite3_column_int64 (next, 0);
    }

  stmt = debrief_store_prepare (self,
                                "INSERT INTO call_chunks (" CHUNK_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                                "ON CONFLICT (id) DO UPDATE SET "
                                "  seq = excluded.seq, timestamp = excluded.timestamp, "
                                "  start_ms = excluded.start_ms, end_ms = excluded.end_ms, "
                                "  speaker = excluded.speaker, user_transcript = excluded.user_transcript, "
                                "  ai_text_response = excluded.ai_text_response, "
                                "  ai_audio_url = excluded.ai_audio_url, ai_audio_path = excluded.ai_audio_path, "
                                "  user_audio_path = excluded.user_audio_path, "
                                "  duration_seconds = excluded.duration_seconds",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, chunk->id);
  debrief_bind_text (stmt, 2, chunk->call_id);
  sqlite3_bind_int64 (stmt, 3, chunk->seq);
  debrief_bind_time (stmt, 4, chunk->timestamp);
  sqlite3_bind_int64 (stmt, 5, chunk->start_ms);
  sqlite3_bind_int64 (stmt, 6, chunk->end_ms);
  debrief_bind_enum (stmt, 7, DEBRIEF_TYPE_SPEAKER, chunk->speaker);
  debrief_bind_text (stmt, 8, chunk->user_transcript);
  debrief_bind_text (stmt, 9, chunk->ai_text_response);
  debrief_bind_text (stmt, 10, chunk->ai_audio_url);
  debrief_bind_text (stmt, 11, chunk->ai_audio_path);
  debrief_bind_text (stmt, 12, chunk->user_audio_path);
  sqlite3_bind_double (stmt, 13, chunk->duration_seconds);

  return debrief_store_step_done (self, stmt, error);
}

/**
 * debrief_store_list_chunks:
 * @self: a #DebriefStore
 * @call_id: a call id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefChunk): the call's chunks in order
 */
GPtrArray *
debrief_store_list_chunks (DebriefStore  *self,
                           const char    *call_id,
                           GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " CHUNK_COLUMNS " FROM call_chunks WHERE call_id = ?1 ORDER BY seq",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, call_id);
  return debrief_store_collect_rows (self, stmt, chunk_from_row,
                                     (GDestroyNotify) debrief_chunk_free, error);
}

gboolean
debrief_store_delete_chunk (DebriefStore  *self,
                            const char    *id,
                            GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return debrief_store_delete_by_id (self, "call_chunks", _("chunk"), id, error);
}

#define EVENT_COLUMNS "id, call_id, event_type, payload, created_at"

static gpointer
event_from_row (sqlite3_stmt *stmt)
{
  DebriefAnalyticsEvent *e = debrief_analytics_event_new ();

  e->id = debrief_column_text (stmt, 0);
  e->call_id = debrief_column_text (stmt, 1);
  e->event_type = debrief_column_text (stmt, 2);
  e->payload = debrief_column_text (stmt, 3);
  e->created_at = debrief_column_time (stmt, 4);

  return e;
}

/**
 * debrief_store_add_analytics_event:
 * @self: a #DebriefStore
 * @event: the event; its payload must be JSON (an empty object when %NULL)
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_add_analytics_event (DebriefStore           *self,
                                   DebriefAnalyticsEvent  *event,
                                   GError                **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL && event->event_type != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (event->id == NULL)
    event->id = g_uuid_string_random ();
  if (event->payload == NULL)
    event->payload = g_strdup ("{}");
  if (event->created_at == 0)
    event->created_at = g_get_real_time ();

  stmt = debrief_store_prepare (self,
                                "INSERT INTO analytics_events (" EVENT_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, event->id);
  debrief_bind_text (stmt, 2, event->call_id);
  debrief_bind_text (stmt, 3, event->event_type);
  debrief_bind_text (stmt, 4, event->payload);
  debrief_bind_time (stmt, 5, event->created_at);

  return debrief_store_step_done (self, stmt, error);
}

/**
 * debrief_store_list_analytics_events:
 * @self: a #DebriefStore
 * @call_id: a call id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefAnalyticsEvent): the call's events, oldest first
 */
GPtrArray *
debrief_store_list_analytics_events (DebriefStore  *self,
                                     const char    *call_id,
                                     GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " EVENT_COLUMNS " FROM analytics_events "
                                "WHERE call_id = ?1 ORDER BY created_at, rowid",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, call_id);
  return debrief_store_collect_rows (self, stmt, event_from_row,
                                     (GDestroyNotify) debrief_analytics_event_free, error);
}
