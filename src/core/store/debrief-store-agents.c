/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-agents.c: the repository of AI coaching agents and their voice settings */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-table.h"

static const DebriefColumn agent_columns[] = {
  DEBRIEF_COL (DebriefAgent, id, TEXT),
  DEBRIEF_COL_FIXED (DebriefAgent, user_id, TEXT),
  DEBRIEF_COL (DebriefAgent, name, TEXT),
  DEBRIEF_COL (DebriefAgent, description, TEXT),
  DEBRIEF_COL_ENUM (DebriefAgent, status, debrief_agent_status_get_type),
  DEBRIEF_COL (DebriefAgent, language, TEXT),
  DEBRIEF_COL (DebriefAgent, model_type, TEXT),
  DEBRIEF_COL (DebriefAgent, stt_model, TEXT),
  DEBRIEF_COL (DebriefAgent, tts_model, TEXT),
  DEBRIEF_COL (DebriefAgent, system_prompt, TEXT),
  DEBRIEF_COL_FIXED (DebriefAgent, created_at, TIME),
  DEBRIEF_COL (DebriefAgent, updated_at, TIME),
};

const DebriefTable debrief_table_agents = {
  "agents", "id", FALSE, agent_columns, G_N_ELEMENTS (agent_columns),
  sizeof (DebriefAgent), (GDestroyNotify) debrief_agent_free, N_("agent"),
};

static const DebriefColumn voice_columns[] = {
  DEBRIEF_COL_FIXED (DebriefVoiceSettings, id, TEXT),
  DEBRIEF_COL (DebriefVoiceSettings, agent_id, TEXT),
  DEBRIEF_COL (DebriefVoiceSettings, voice_id, TEXT),
  DEBRIEF_COL (DebriefVoiceSettings, stability, DOUBLE),
  DEBRIEF_COL (DebriefVoiceSettings, similarity_boost, DOUBLE),
  DEBRIEF_COL (DebriefVoiceSettings, pitch, DOUBLE),
  DEBRIEF_COL (DebriefVoiceSettings, speed, DOUBLE),
  DEBRIEF_COL_FIXED (DebriefVoiceSettings, created_at, TIME),
  DEBRIEF_COL (DebriefVoiceSettings, updated_at, TIME),
};

/* One set per agent: saving another replaces it. */
static const DebriefTable voice_settings = {
  "voice_settings", "agent_id", FALSE, voice_columns, G_N_ELEMENTS (voice_columns),
  sizeof (DebriefVoiceSettings), (GDestroyNotify) debrief_voice_settings_free, N_("voice settings for the agent"),
};

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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (agent != NULL && agent->name != NULL, FALSE);

  if (agent->id == NULL)
    agent->id = g_uuid_string_random ();
  if (agent->user_id == NULL)
    agent->user_id = g_strdup (debrief_store_get_user_id (self));
  if (agent->language == NULL)
    agent->language = g_strdup ("en-US");
  agent->updated_at = g_get_real_time ();
  if (agent->created_at == 0)
    agent->created_at = agent->updated_at;

  return debrief_store_upsert (self, &debrief_table_agents, agent, error);
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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return debrief_store_get_row (self, &debrief_table_agents, "id", id, error);
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
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  sql = debrief_table_select_sql (&debrief_table_agents, "WHERE user_id = ?1 AND name = ?2 COLLATE NOCASE");
  stmt = debrief_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, user_id != NULL ? user_id : debrief_store_get_user_id (self));
  debrief_bind_text (stmt, 2, name);

  found = debrief_store_collect (self, &debrief_table_agents, stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND,
                   _("No agent named “%s”"), name);
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return debrief_store_list_rows (self, &debrief_table_agents, "WHERE user_id = ?1 ORDER BY name COLLATE NOCASE",
                                  user_id != NULL ? user_id : debrief_store_get_user_id (self),
                                  error);
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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (settings != NULL && settings->agent_id != NULL, FALSE);

  if (settings->id == NULL)
    settings->id = g_uuid_string_random ();
  settings->updated_at = g_get_real_time ();
  if (settings->created_at == 0)
    settings->created_at = settings->updated_at;

  return debrief_store_upsert (self, &voice_settings, settings, error);
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
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (agent_id != NULL, NULL);

  return debrief_store_get_row (self, &voice_settings, "agent_id", agent_id, error);
}
