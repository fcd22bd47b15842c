/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-chunks.c: the repositories of call chunks (the turns of a call) and analytics events */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-table.h"

static const DebriefColumn chunk_columns[] = {
  DEBRIEF_COL (DebriefChunk, id, TEXT),
  DEBRIEF_COL_FIXED (DebriefChunk, call_id, TEXT),
  DEBRIEF_COL (DebriefChunk, seq, INT),
  DEBRIEF_COL (DebriefChunk, timestamp, TIME),
  DEBRIEF_COL (DebriefChunk, start_ms, INT),
  DEBRIEF_COL (DebriefChunk, end_ms, INT),
  DEBRIEF_COL_ENUM (DebriefChunk, speaker, debrief_speaker_get_type),
  DEBRIEF_COL (DebriefChunk, user_transcript, TEXT),
  DEBRIEF_COL (DebriefChunk, ai_text_response, TEXT),
  DEBRIEF_COL (DebriefChunk, ai_audio_url, TEXT),
  DEBRIEF_COL (DebriefChunk, ai_audio_path, TEXT),
  DEBRIEF_COL (DebriefChunk, user_audio_path, TEXT),
  DEBRIEF_COL (DebriefChunk, duration_seconds, DOUBLE),
};

const DebriefTable debrief_table_chunks = {
  "call_chunks", "id", FALSE, chunk_columns, G_N_ELEMENTS (chunk_columns),
  sizeof (DebriefChunk), (GDestroyNotify) debrief_chunk_free, N_("chunk"),
};

static const DebriefColumn event_columns[] = {
  DEBRIEF_COL (DebriefAnalyticsEvent, id, TEXT),
  DEBRIEF_COL (DebriefAnalyticsEvent, call_id, TEXT),
  DEBRIEF_COL (DebriefAnalyticsEvent, event_type, TEXT),
  DEBRIEF_COL (DebriefAnalyticsEvent, payload, TEXT),
  DEBRIEF_COL (DebriefAnalyticsEvent, created_at, TIME),
};

/* Events are facts: saving one twice keeps the first. */
static const DebriefTable events = {
  "analytics_events", "id", TRUE, event_columns, G_N_ELEMENTS (event_columns),
  sizeof (DebriefAnalyticsEvent), (GDestroyNotify) debrief_analytics_event_free, N_("event"),
};

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

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (chunk != NULL && chunk->call_id != NULL, FALSE);

  /* Held from numbering to saving, so two threads cannot take one number. */
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

  return debrief_store_upsert (self, &debrief_table_chunks, chunk, error);
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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  return debrief_store_list_rows (self, &debrief_table_chunks, "WHERE call_id = ?1 ORDER BY seq", call_id, error);
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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL && event->event_type != NULL, FALSE);

  if (event->id == NULL)
    event->id = g_uuid_string_random ();
  if (event->payload == NULL)
    event->payload = g_strdup ("{}");
  if (event->created_at == 0)
    event->created_at = g_get_real_time ();

  return debrief_store_upsert (self, &events, event, error);
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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  return debrief_store_list_rows (self, &events, "WHERE call_id = ?1 ORDER BY created_at, rowid",
                                  call_id, error);
}
