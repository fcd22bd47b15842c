/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-migrations.c: the schema, version by version, applied by PRAGMA user_version */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-private.h"

/* Each entry brings the schema from version (index) to version (index + 1) and
 * runs in one transaction. Released entries are never edited: append new ones. */
static const char * const migrations[] = {
  /* 0 → 1: the data model */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"

  "CREATE TABLE profiles ("
  "  id               TEXT PRIMARY KEY NOT NULL,"
  "  email            TEXT,"
  "  full_name        TEXT,"
  "  avatar_url       TEXT,"
  "  company_name     TEXT,"
  "  plan             TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro')),"
  "  storage_quota_mb INTEGER NOT NULL DEFAULT 500 CHECK (storage_quota_mb >= 0),"
  "  storage_used_mb  REAL NOT NULL DEFAULT 0 CHECK (storage_used_mb >= 0),"
  "  created_at       TEXT NOT NULL,"
  "  updated_at       TEXT NOT NULL"
  ");"

  "CREATE TABLE agents ("
  "  id            TEXT PRIMARY KEY NOT NULL,"
  "  user_id       TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  name          TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  description   TEXT,"
  "  status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('active', 'inactive', 'draft')),"
  "  language      TEXT NOT NULL DEFAULT 'en-US',"
  "  model_type    TEXT,"
  "  stt_model     TEXT,"
  "  tts_model     TEXT,"
  "  system_prompt TEXT,"
  "  created_at    TEXT NOT NULL,"
  "  updated_at    TEXT NOT NULL,"
  "  UNIQUE (user_id, name)"
  ");"

  "CREATE TABLE voice_settings ("
  "  id               TEXT PRIMARY KEY NOT NULL,"
  "  agent_id         TEXT NOT NULL UNIQUE REFERENCES agents (id) ON DELETE CASCADE,"
  "  voice_id         TEXT,"
  "  stability        REAL NOT NULL DEFAULT 0.5 CHECK (stability BETWEEN 0 AND 1),"
  "  similarity_boost REAL NOT NULL DEFAULT 0.75 CHECK (similarity_boost BETWEEN 0 AND 1),"
  "  pitch            REAL NOT NULL DEFAULT 0,"
  "  speed            REAL NOT NULL DEFAULT 1 CHECK (speed > 0),"
  "  created_at       TEXT NOT NULL,"
  "  updated_at       TEXT NOT NULL"
  ");"

  "CREATE TABLE leads ("
  "  id              TEXT PRIMARY KEY NOT NULL,"
  "  user_id         TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  name            TEXT NOT NULL,"
  "  phone           TEXT CHECK (phone IS NULL OR (phone GLOB '+[1-9]*' AND"
  "                                                 NOT substr (phone, 2) GLOB '*[^0-9]*' AND"
  "                                                 length (phone) BETWEEN 8 AND 16)),"
  "  email           TEXT,"
  "  whatsapp_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (whatsapp_opt_in IN (0, 1)),"
  "  notes           TEXT,"
  "  created_at      TEXT NOT NULL,"
  "  updated_at      TEXT NOT NULL"
  ");"

  "CREATE TABLE calls ("
  "  id               TEXT PRIMARY KEY NOT NULL,"
  "  user_id          TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  kind             TEXT NOT NULL DEFAULT 'recorded' CHECK (kind IN ('coaching', 'recorded')),"
  "  ai_agent_id      TEXT REFERENCES agents (id) ON DELETE SET NULL,"
  "  lead_id          TEXT REFERENCES leads (id) ON DELETE SET NULL,"
  "  title            TEXT,"
  "  started_at       TEXT NOT NULL,"
  "  ended_at         TEXT,"
  "  duration_seconds REAL NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),"
  "  status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'error')),"
  "  end_reason       TEXT CHECK (end_reason IS NULL OR end_reason IN"
  "                              ('manual', 'time_limit', 'inactivity', 'error', 'recovered')),"
  "  cost_estimate    REAL NOT NULL DEFAULT 0 CHECK (cost_estimate >= 0),"
  "  recording_path   TEXT,"
  "  recording_format TEXT CHECK (recording_format IS NULL OR recording_format IN ('ogg', 'm4a', 'webm')),"
  "  call_notes       TEXT,"
  "  feedback_json    TEXT CHECK (feedback_json IS NULL OR json_valid (feedback_json)),"
  "  storage_backend  TEXT NOT NULL DEFAULT 'local' CHECK (storage_backend IN ('local', 's3', 'supabase')),"
  "  created_at       TEXT NOT NULL,"
  "  updated_at       TEXT NOT NULL"
  ");"
  "CREATE UNIQUE INDEX calls_one_active_per_user ON calls (user_id) WHERE status = 'active';"
  "CREATE INDEX calls_by_started_at ON calls (started_at DESC);"
  "CREATE INDEX calls_by_lead ON calls (lead_id) WHERE lead_id IS NOT NULL;"
  "CREATE INDEX calls_by_agent ON calls (ai_agent_id) WHERE ai_agent_id IS NOT NULL;"

  "CREATE TABLE call_chunks ("
  "  id               TEXT PRIMARY KEY NOT NULL,"
  "  call_id          TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,"
  "  seq              INTEGER NOT NULL,"
  "  timestamp        TEXT NOT NULL,"
  "  start_ms         INTEGER NOT NULL DEFAULT 0,"
  "  end_ms           INTEGER NOT NULL DEFAULT 0,"
  "  speaker          TEXT NOT NULL CHECK (speaker IN ('user', 'agent', 'remote')),"
  "  user_transcript  TEXT,"
  "  ai_text_response TEXT,"
  "  ai_audio_url     TEXT,"
  "  ai_audio_path    TEXT,"
  "  user_audio_path  TEXT,"
  "  duration_seconds REAL NOT NULL DEFAULT 0,"
  "  UNIQUE (call_id, seq)"
  ");"

  "CREATE TABLE conversations ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  lead_id      TEXT REFERENCES leads (id) ON DELETE CASCADE,"
  "  user_id      TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  call_id      TEXT REFERENCES calls (id) ON DELETE SET NULL,"
  "  message_type TEXT NOT NULL CHECK (message_type IN ('note', 'email', 'sms', 'whatsapp', 'system')),"
  "  message      TEXT NOT NULL,"
  "  direction    TEXT NOT NULL DEFAULT 'internal' CHECK (direction IN ('inbound', 'outbound', 'internal')),"
  "  status       TEXT,"
  "  remote_id    TEXT,"
  "  media_path   TEXT,"
  "  error        TEXT,"
  "  created_at   TEXT NOT NULL,"
  "  updated_at   TEXT NOT NULL"
  ");"
  "CREATE INDEX conversations_by_lead ON conversations (lead_id, created_at);"
  "CREATE INDEX conversations_by_call ON conversations (call_id, created_at);"

  "CREATE TABLE file_uploads ("
  "  id                   TEXT PRIMARY KEY NOT NULL,"
  "  user_id              TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  call_id              TEXT REFERENCES calls (id) ON DELETE CASCADE,"
  "  kind                 TEXT NOT NULL CHECK (kind IN ('recording', 'ai_chunk', 'user_chunk', 'archive')),"
  "  local_path           TEXT NOT NULL,"
  "  storage_path         TEXT NOT NULL,"
  "  backend              TEXT NOT NULL CHECK (backend IN ('local', 's3', 'supabase')),"
  "  size_bytes           INTEGER NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),"
  "  sha256               TEXT,"
  "  content_type         TEXT,"
  "  upload_status        TEXT NOT NULL DEFAULT 'pending'"
  "                       CHECK (upload_status IN ('pending', 'uploading', 'completed', 'failed')),"
  "  attempts             INTEGER NOT NULL DEFAULT 0,"
  "  last_error           TEXT,"
  "  next_attempt_at      TEXT,"
  "  multipart_upload_id  TEXT,"
  "  multipart_parts_json TEXT CHECK (multipart_parts_json IS NULL OR json_valid (multipart_parts_json)),"
  "  etag                 TEXT,"
  "  created_at           TEXT NOT NULL,"
  "  updated_at           TEXT NOT NULL,"
  "  UNIQUE (backend, storage_path)"
  ");"
  "CREATE INDEX file_uploads_due ON file_uploads (upload_status, next_attempt_at);"
  "CREATE INDEX file_uploads_by_call ON file_uploads (call_id);"

  "CREATE TABLE analytics_events ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  call_id    TEXT REFERENCES calls (id) ON DELETE CASCADE,"
  "  event_type TEXT NOT NULL,"
  "  payload    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (payload)),"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX analytics_events_by_call ON analytics_events (call_id, created_at);",

  /* 1 → 2: full-text search over call titles, notes, transcripts and
   * conversations. search_docs maps each indexed row to a stable FTS rowid
   * (rowids of tables without INTEGER PRIMARY KEY may change on VACUUM). */
  "CREATE TABLE search_docs ("
  "  doc     INTEGER PRIMARY KEY,"
  "  kind    TEXT NOT NULL,"
  "  ref_id  TEXT NOT NULL,"
  "  call_id TEXT,"
  "  UNIQUE (kind, ref_id)"
  ");"
  "CREATE INDEX search_docs_by_call ON search_docs (call_id);"
  "CREATE VIRTUAL TABLE search_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');"

  "CREATE TRIGGER calls_search_insert AFTER INSERT ON calls BEGIN"
  "  INSERT INTO search_docs (kind, ref_id, call_id) VALUES ('call', new.id, new.id);"
  "  INSERT INTO search_fts (rowid, body)"
  "    VALUES ((SELECT doc FROM search_docs WHERE kind = 'call' AND ref_id = new.id),"
  "            ifnull (new.title, '') || char (10) || ifnull (new.call_notes, ''));"
  "END;"
  "CREATE TRIGGER calls_search_update AFTER UPDATE OF title, call_notes ON calls BEGIN"
  "  UPDATE search_fts SET body = ifnull (new.title, '') || char (10) || ifnull (new.call_notes, '')"
  "    WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'call' AND ref_id = new.id);"
  "END;"
  "CREATE TRIGGER calls_search_delete AFTER DELETE ON calls BEGIN"
  "  DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'call' AND ref_id = old.id);"
  "  DELETE FROM search_docs WHERE kind = 'call' AND ref_id = old.id;"
  "END;"

  "CREATE TRIGGER chunks_search_insert AFTER INSERT ON call_chunks BEGIN"
  "  INSERT INTO search_docs (kind, ref_id, call_id) VALUES ('chunk', new.id, new.call_id);"
  "  INSERT INTO search_fts (rowid, body)"
  "    VALUES ((SELECT doc FROM search_docs WHERE kind = 'chunk' AND ref_id = new.id),"
  "            ifnull (new.user_transcript, '') || char (10) || ifnull (new.ai_text_response, ''));"
  "END;"
  "CREATE TRIGGER chunks_search_update AFTER UPDATE OF user_transcript, ai_text_response ON call_chunks BEGIN"
  "  UPDATE search_fts SET body = ifnull (new.user_transcript, '') || char (10) || ifnull (new.ai_text_response, '')"
  "    WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'chunk' AND ref_id = new.id);"
  "END;"
  "CREATE TRIGGER chunks_search_delete AFTER DELETE ON call_chunks BEGIN"
  "  DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'chunk' AND ref_id = old.id);"
  "  DELETE FROM search_docs WHERE kind = 'chunk' AND ref_id = old.id;"
  "END;"

  "CREATE TRIGGER conversations_search_insert AFTER INSERT ON conversations BEGIN"
  "  INSERT INTO search_docs (kind, ref_id, call_id) VALUES ('conversation', new.id, new.call_id);"
  "  INSERT INTO search_fts (rowid, body)"
  "    VALUES ((SELECT doc FROM search_docs WHERE kind = 'conversation' AND ref_id = new.id), new.message);"
  "END;"
  "CREATE TRIGGER conversations_search_update AFTER UPDATE OF message, call_id ON conversations BEGIN"
  "  UPDATE search_docs SET call_id = new.call_id WHERE kind = 'conversation' AND ref_id = new.id;"
  "  UPDATE search_fts SET body = new.message"
  "    WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'conversation' AND ref_id = new.id);"
  "END;"
  "CREATE TRIGGER conversations_search_delete AFTER DELETE ON conversations BEGIN"
  "  DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'conversation' AND ref_id = old.id);"
  "  DELETE FROM search_docs WHERE kind = 'conversation' AND ref_id = old.id;"
  "END;"

  /* Index what was stored before search existed. */
  "INSERT INTO search_docs (kind, ref_id, call_id) SELECT 'call', id, id FROM calls;"
  "INSERT INTO search_docs (kind, ref_id, call_id) SELECT 'chunk', id, call_id FROM call_chunks;"
  "INSERT INTO search_docs (kind, ref_id, call_id) SELECT 'conversation', id, call_id FROM conversations;"
  "INSERT INTO search_fts (rowid, body)"
  "  SELECT d.doc, ifnull (c.title, '') || char (10) || ifnull (c.call_notes, '')"
  "  FROM search_docs d JOIN calls c ON d.kind = 'call' AND c.id = d.ref_id;"
  "INSERT INTO search_fts (rowid, body)"
  "  SELECT d.doc, ifnull (k.user_transcript, '') || char (10) || ifnull (k.ai_text_response, '')"
  "  FROM search_docs d JOIN call_chunks k ON d.kind = 'chunk' AND k.id = d.ref_id;"
  "INSERT INTO search_fts (rowid, body)"
  "  SELECT d.doc, v.message"
  "  FROM search_docs d JOIN conversations v ON d.kind = 'conversation' AND v.id = d.ref_id;",

  /* 2 → 3: purchased minutes; NULL when the profile has no balance to draw on. */
  "ALTER TABLE profiles ADD COLUMN minutes_balance REAL CHECK (minutes_balance IS NULL OR minutes_balance >= 0);",

  /* 3 → 4: a call deleted with an undo pending is hidden, not gone, until
   * the undo is no longer offered. */
  "ALTER TABLE calls ADD COLUMN deleted_at TEXT;"
  "CREATE INDEX calls_deleted ON calls (deleted_at) WHERE deleted_at IS NOT NULL;",

  /* 4 → 5: library filters. A call's upload states are read from an index
   * alone; visible calls are counted, and their uploads looked up, in id
   * order, the uploads' index order; the library's pages by date, and the
   * calls of a kind or a date range, are skipped and counted in an index
   * without reading the rows. */
  "DROP INDEX file_uploads_by_call;"
  "CREATE INDEX file_uploads_by_call_state ON file_uploads (call_id, upload_status, backend);"
  "CREATE INDEX calls_by_id_deleted ON calls (id, deleted_at);"
  "DROP INDEX calls_by_started_at;"
  "CREATE INDEX calls_library_by_started_at ON calls (started_at DESC, id, deleted_at, kind);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DEBRIEF_STORE_SCHEMA_VERSION);

/**
 * debrief_store_read_user_version:
 * @db: a connection
 *
 * Returns: the schema version, or -1 when the file cannot be read (damaged,
 *   not a database); sqlite3_errcode() then tells why
 */
int
debrief_store_read_user_version (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  gint64 deadline = 0;
  int rc;

  while ((rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL)) != SQLITE_OK &&
         debrief_store_keep_trying (rc, &deadline))
    ;
  if (rc != SQLITE_OK)
    return -1;

  while ((rc = sqlite3_step (stmt)) != SQLITE_ROW && debrief_store_keep_trying (rc, &deadline))
    sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

/**
 * debrief_store_migrate:
 * @self: a #DebriefStore
 * @target_version: the schema version to reach
 * @error: return location for a #GError
 *
 * Applies the migrations between the file's version and @target_version,
 * each in its own transaction. Two processes opening the same new file at
 * once are safe: the version is read again under the write lock.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_migrate (DebriefStore  *self,
                       int            target_version,
                       GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  sqlite3 *db = debrief_store_get_db (self);

  g_return_val_if_fail (target_version >= 0 && target_version <= DEBRIEF_STORE_SCHEMA_VERSION, FALSE);

  for (;;)
    {
      g_autofree char *set_version = NULL;
      int version;

      if (!debrief_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      version = debrief_store_read_user_version (db);
      if (version < 0)
        {
          debrief_store_set_error (self, sqlite3_errcode (db), error);
          goto rollback;
        }

      if (version >= target_version)
        return debrief_store_exec (self, "COMMIT", error);

      g_debug ("Migrating %s from schema %d to %d", debrief_store_get_path (self), version, version + 1);

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!debrief_store_exec (self, migrations[version], error) ||
          !debrief_store_exec (self, set_version, error) ||
          !debrief_store_exec (self, "COMMIT", error))
        goto rollback;
    }

rollback:
  debrief_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}
