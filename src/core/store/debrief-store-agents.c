/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-agents.c: the repository of AI coaching agents and their voice settings */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-private.h"

#define AGENT_COLUMNS \
  "id, user_id, name, description, status, language, model_type, stt_model, " \
  "tts_model, system_prompt, created_at, updated_at"

static gpointer
agent_from_row (sqlite3_stmt *stmt)
{
  DebriefAgent *a = debrief_agent_new ();

  a->id = debrief_column_text (stmt, 0);
  a->user_id = debrief_column_text (stmt, 1);
  a->name = debrief_column_text (stmt, 2);
  a->description = debrief_column_text (stmt, 3);
  a->status = debrief_column_enum (stmt, 4, DEBRIEF_TYPE_AGENT_STATUS);
  a->language = debrief_column_text (stmt, 5);
  a->model_type = debrief_column_text (stmt, 6);
  a->stt_model = debrief_column_text (stmt, 7);
  a->tts_model = debrief_column_text (stmt, 8);
  a->system_prompt = debrief_column_text (stmt, 9);
  a->created_at = debrief_column_time (stmt, 10);
  a->updated_at = debrief_column_time (stmt, 11);

  return a;
}

/**
 * debrief_store_save_agent:
 * @self: a #DebriefStore
 * @agent: the agent; a missing id, user id or language is filled in
 * @error: return location for a #GError
 *
 * Inserts or updates @agent. Names are unique per user.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_agent (DebriefStore  *self,
                          DebriefAgent  *agent,
                          GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (agent != NULL && agent->name != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (agent->id == NULL)
    agent->id = g_uuid_string_random ();
  if (agent->user_id == NULL)
    agent->user_id = g_strdup (debrief_store_get_user_id (self));
  if (agent->language == NULL)
    agent->language = g_strdup ("en-US");
  agent->updated_at = g_get_real_time ();
  if (agent->created_at == 0)
    agent->created_at = agent->updated_at;

  stmt = debrief_store_prepare (self,
                                "INSERT INTO agents (" AGENT_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                                "ON CONFLICT (id) DO UPDATE SET "
                                "  name = excluded.name, description = excluded.description, "
                                "  status = excluded.status, language = excluded.language, "
                                "  model_type = excluded.model_type, stt_model = excluded.stt_model, "
                                "  tts_model = excluded.tts_model, system_prompt = excluded.system_prompt, "
                                "  updated_at = excluded.updated_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, agent->id);
  debrief_bind_text (stmt, 2, agent->user_id);
  debrief_bind_text (stmt, 3, agent->name);
  debrief_bind_text (stmt, 4, agent->description);
  debrief_bind_enum (stmt, 5, DEBRIEF_TYPE_AGENT_STATUS, agent->status);
  debrief_bind_text (stmt, 6, agent->language);
  debrief_bind_text (stmt, 7, agent->model_type);
  debrief_bind_text (stmt, 8, agent->stt_model);
  debrief_bind_text (stmt, 9, agent->tts_model);
  debrief_bind_text (stmt, 10, agent->system_prompt);
  debrief_bind_time (stmt, 11, agent->created_at);
  debrief_bind_time (stmt, 12, agent->updated_at);

  return debrief_store_step_done (self, stmt, error);
}

/**
 * debrief_store_get_agent:
 * @self: a #DebriefStore
 * @id: an agent id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the agent, or %NULL with %DEBRIEF_STORE_ERROR_NOT_FOUND
 */
DebriefAgent *
debrief_store_get_agent (DebriefStore  *self,
                         const char    *id,
                         GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "SELECT " AGENT_COLUMNS " FROM agents WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, id);
  return debrief_store_collect_one (self, stmt, agent_from_row, _("agent"), id, error);
}

/**
 * debrief_store_find_agent:
 * @self: a #DebriefStore
 * @user_id: (nullable): the owner, or %NULL for the local profile
 * @name: the agent's name, matched without regard to case
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the agent, or %NULL with %DEBRIEF_STORE_ERROR_NOT_FOUND
 */
DebriefAgent *
debrief_store_find_agent (DebriefStore  *self,
                          const char    *user_id,
                          const char    *name,
                          GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " AGENT_COLUMNS " FROM agents "
                                "WHERE user_id = ?1 AND name = ?2 COLLATE NOCASE",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, user_id != NULL ? user_id : debrief_store_get_user_id (self));
  debrief_bind_text (stmt, 2, name);
  return debrief_store_collect_one (self, stmt, agent_from_row, _("agent"), name, error);
}

/**
 * debrief_store_list_agents:
 * @self: a #DebriefStore
 * @user_id: (nullable): the owner, or %NULL for the local profile
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefAgent): the user's agents by name
 */
GPtrArray *
debrief_store_list_agents (DebriefStore  *self,
                           const char    *user_id,
                           GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " AGENT_COLUMNS " FROM agents WHERE user_id = ?1 "
                                "ORDER BY name COLLATE NOCASE",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, user_id != NULL ? user_id : debrief_store_get_user_id (self));
  return debrief_store_collect_rows (self, stmt, agent_from_row,
                                     (GDestroyNotify) debrief_agent_free, error);
}

/**
 * debrief_store_delete_agent:
 * @self: a #DebriefStore
 * @id: an agent id
 * @error: return location for a #GError
 *
 * Deletes the agent and its voice settings; its calls stay, without an agent.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_delete_agent (DebriefStore  *self,
                            const char    *id,
                            GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return debrief_store_delete_by_id (self, "agents", _("agent"), id, error);
}

#define VOICE_COLUMNS \
  "id, agent_id, voice_id, stability, similarity_boost, pitch, speed, created_at, updated_at"

static gpointer
voice_settings_from_row (sqlite3_stmt *stmt)
{
  DebriefVoiceSettings *v = debrief_voice_settings_new ();

  v->id = debrief_column_text (stmt, 0);
  v->agent_id = debrief_column_text (stmt, 1);
  v->voice_id = debrief_column_text (stmt, 2);
  v->stability = sqlite3_column_double (stmt, 3);
  v->similarity_boost = sqlite3_column_double (stmt, 4);
  v->pitch = sqlite3_column_double (stmt, 5);
  v->speed = sqlite3_column_double (stmt, 6);
  v->created_at = debrief_column_time (stmt, 7);
  v->updated_at = debrief_column_time (stmt, 8);

  return v;
}

/**
 * debrief_store_save_voice_settings:
 * @self: a #DebriefStore
 * @settings: the settings of one agent; stability and similarity boost are
 *   between 0 and 1, speed above 0
 * @error: return location for a #GError
 *
 * Inserts or replaces the voice settings of `settings->agent_id`: an agent
 * has one set at most.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_voice_settings (DebriefStore          *self,
                                   DebriefVoiceSettings  *settings,
                                   GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (settings != NULL && settings->agent_id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (settings->id == NULL)
    settings->id = g_uuid_string_random ();
  settings->updated_at = g_get_real_time ();
  if (settings->created_at == 0)
    settings->created_at = settings->updated_at;

  stmt = debrief_store_prepare (self,
                                "INSERT INTO voice_settings (" VOICE_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                "ON CONFLICT (agent_id) DO UPDATE SET "
                                "  voice_id = excluded.voice_id, stability = excluded.stability, "
                                "  similarity_boost = excluded.similarity_boost, pitch = excluded.pitch, "
                                "  speed = excluded.speed, updated_at = excluded.updated_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, settings->id);
  debrief_bind_text (stmt, 2, settings->agent_id);
  debrief_bind_text (stmt, 3, settings->voice_id);
  sqlite3_bind_double (stmt, 4, settings->stability);
  sqlite3_bind_double (stmt, 5, settings->similarity_boost);
  sqlite3_bind_double (stmt, 6, settings->pitch);
  sqlite3_bind_double (stmt, 7, settings->speed);
  debrief_bind_time (stmt, 8, settings->created_at);
  debrief_bind_time (stmt, 9, settings->updated_at);

  return debrief_store_step_done (self, stmt, error);
}

/**
 * debrief_store_get_voice_settings:
 * @self: a #DebriefStore
 * @agent_id: an agent id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the agent's voice settings, or %NULL with
 *   %DEBRIEF_STORE_ERROR_NOT_FOUND when it has none
 */
DebriefVoiceSettings *
debrief_store_get_voice_settings (DebriefStore  *self,
                                  const char    *agent_id,
                                  GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (agent_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "SELECT " VOICE_COLUMNS " FROM voice_settings WHERE agent_id = ?1",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, agent_id);
  return debrief_store_collect_one (self, stmt, voice_settings_from_row,
                                    _("voice settings for the agent"), agent_id, error);
}
