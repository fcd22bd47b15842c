/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-agents.c: the AI coaches (agents): the default coach, the checks before saving, JSON */

#define G_LOG_DOMAIN "debrief-agents"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-agents.h"

G_DEFINE_QUARK (debrief-agent-error-quark, debrief_agent_error)

#define DEFAULT_LANGUAGE    "en"
#define DEFAULT_STABILITY   0.5
#define DEFAULT_SIMILARITY  0.75

/* Sent to the chat model at the start of every call with the default coach. */
static const char default_prompt[] =
  "You are Coach, a warm and supportive voice coach for sales and everyday "
  "communication. You are talking with the user in a live voice call, so every "
  "word you write is spoken aloud.\n"
  "\n"
  "- Keep every reply short and conversational: one to three spoken sentences. "
  "No lists, headings, markdown, emoji or URLs.\n"
  "- Ask one question at a time, then wait for the answer.\n"
  "- Help the user practise: when asked, play the other side (a prospect, a "
  "customer, a manager) and stay in that role until the user stops the exercise.\n"
  "- After an attempt, name one specific thing that worked and one concrete thing "
  "to try next time, then invite them to try again.\n"
  "- Focus on clear openings, listening, open questions, handling objections and "
  "agreeing on next steps.\n"
  "- Be encouraging and honest; never lecture. If the user is stuck, offer one "
  "example line they could say.\n"
  "- Speak English unless the user speaks another language.";

static const char default_description[] = "A supportive voice coach for sales and communication practice";

/* The value of a string key in @settings, or where there are none its
 * default in the installed schema, or else @fallback. */
static char *
model_setting (GSettings  *settings,
               const char *key,
               const char *fallback)
{
  g_autofree char *value = NULL;

  if (settings != NULL)
    {
      value = g_settings_get_string (settings, key);
    }
  else
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, BASE_ID, TRUE) : NULL;

      if (schema != NULL && g_settings_schema_has_key (schema, key))
        {
          g_autoptr(GSettingsSchemaKey) schema_key = g_settings_schema_get_key (schema, key);
          g_autoptr(GVariant) default_value = g_settings_schema_key_get_default_value (schema_key);

          if (g_variant_is_of_type (default_value, G_VARIANT_TYPE_STRING))
            value = g_variant_dup_string (default_value, NULL);
        }
    }

  if (value == NULL || *value == '\0')
    return g_strdup (fallback);

  return g_steal_pointer (&value);
}

/**
 * debrief_agent_new_with_defaults:
 * @settings: (nullable): the application's settings, for the models
 *
 * Returns: (transfer full): a draft agent without a name, speaking English,
 *   with the models of @settings (or of the schema's defaults)
 */
DebriefAgent *
debrief_agent_new_with_defaults (GSettings *settings)
{
  DebriefAgent *agent = debrief_agent_new ();

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), agent);

  agent->status = DEBRIEF_AGENT_STATUS_DRAFT;
  agent->language = g_strdup (DEFAULT_LANGUAGE);
  agent->stt_model = model_setting (settings, "stt-model", "whisper-1");
  agent->model_type = model_setting (settings, "chat-model", "gpt-4o-mini");
  agent->tts_model = model_setting (settings, "tts-model", "tts-1");

  return agent;
}

/**
 * debrief_voice_settings_new_with_defaults:
 * @settings: (nullable): the application's settings, for the voice
 *
 * Returns: (transfer full): voice settings for no agent yet: the voice of
 *   @settings, stability 0.5, similarity boost 0.75, pitch 0, speed 1
 */
DebriefVoiceSettings *
debrief_voice_settings_new_with_defaults (GSettings *settings)
{
  DebriefVoiceSettings *voice = debrief_voice_settings_new ();

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), voice);

  voice->voice_id = model_setting (settings, "tts-voice", "alloy");
  voice->stability = DEFAULT_STABILITY;
  voice->similarity_boost = DEFAULT_SIMILARITY;
  voice->pitch = 0;
  voice->speed = 1.0;

  return voice;
}

/**
 * debrief_agent_status_from_string:
 * @text: "draft", "active" or "inactive"
 * @status: (out): the status
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @text is a status, or %FALSE with
 *   %DEBRIEF_AGENT_ERROR_STATUS
 */
gboolean
debrief_agent_status_from_string (const char          *text,
                                  DebriefAgentStatus  *status,
                                  GError             **error)
{
  int value;

  g_return_val_if_fail (status != NULL, FALSE);

  if (text == NULL || !debrief_enum_from_nick (DEBRIEF_TYPE_AGENT_STATUS, text, &value))
    {
      g_set_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_STATUS,
                   _("Unknown status “%s”: use draft, active or inactive"), text != NULL ? text : "");
      return FALSE;
    }

  *status = value;
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

/* Written so that NaN is out of range too. */
static gboolean
in_range (double value,
          double min,
          double max)
{
  return value >= min && value <= max;
}

/**
 * debrief_agent_validate:
 * @store: (nullable): the store, to check that the name is free
 * @agent: the agent to check
 * @voice: (nullable): its voice settings
 * @error: return location for a #GError
 *
 * Checks what the user chose before it is saved: a name, not used by
 * another agent of the same user (without regard to case), a known status,
 * stability and similarity boost between 0 and 1, speed between
 * %DEBRIEF_VOICE_SPEED_MIN and %DEBRIEF_VOICE_SPEED_MAX and pitch between
 * %DEBRIEF_VOICE_PITCH_MIN and %DEBRIEF_VOICE_PITCH_MAX semitones.
 *
 * Returns: %TRUE when @agent can be saved; otherwise %FALSE with a
 *   #DebriefAgentError that says which field to fix and how
 */
gboolean
debrief_agent_validate (DebriefStore                *store,
                        const DebriefAgent          *agent,
                        const DebriefVoiceSettings  *voice,
                        GError                     **error)
{
  g_autoptr(GEnumClass) statuses = NULL;

  g_return_val_if_fail (store == NULL || DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (agent != NULL, FALSE);

  if (is_blank (agent->name))
    {
      g_set_error_literal (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_NAME_MISSING,
                           _("A coach needs a name"));
      return FALSE;
    }

  statuses = g_type_class_ref (DEBRIEF_TYPE_AGENT_STATUS);
  if (g_enum_get_value (statuses, agent->status) == NULL)
    {
      g_set_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_STATUS,
                   _("Unknown status %d: use draft, active or inactive"), agent->status);
      return FALSE;
    }

  if (voice != NULL && !in_range (voice->stability, 0, 1))
    {
      g_set_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_STABILITY,
                   _("Stability must be between 0 and 1, not %g"), voice->stability);
      return FALSE;
    }

  if (voice != NULL && !in_range (voice->similarity_boost, 0, 1))
    {
      g_set_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_SIMILARITY,
                   _("Similarity boost must be between 0 and 1, not %g"), voice->similarity_boost);
      return FALSE;
    }

  if (voice != NULL && !in_range (voice->speed, DEBRIEF_VOICE_SPEED_MIN, DEBRIEF_VOICE_SPEED_MAX))
    {
      g_set_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_SPEED,
                   _("Speed must be between %g and %g, not %g"),
                   DEBRIEF_VOICE_SPEED_MIN, DEBRIEF_VOICE_SPEED_MAX, voice->speed);
      return FALSE;
    }

  if (voice != NULL && !in_range (voice->pitch, DEBRIEF_VOICE_PITCH_MIN, DEBRIEF_VOICE_PITCH_MAX))
    {
      g_set_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_PITCH,
                   _("Pitch must be between %g and %g semitones, not %g"),
                   DEBRIEF_VOICE_PITCH_MIN, DEBRIEF_VOICE_PITCH_MAX, voice->pitch);
      return FALSE;
    }

  if (store != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (agent->name));
      g_autoptr(GError) local_error = NULL;
      g_autoptr(DebriefAgent) other = debrief_store_find_agent (store, agent->user_id, name, &local_error);

      if (other == NULL && !g_error_matches (local_error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (other != NULL && g_strcmp0 (other->id, agent->id) != 0)
        {
          g_set_error (error, DEBRIEF_AGENT_ERROR, DEBRIEF_AGENT_ERROR_NAME_TAKEN,
                       _("There is already a coach named “%s”: choose another name"), other->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Blank text is no text: the column is left empty (NULL). */
static void
clear_if_blank (char **text)
{
  if (is_blank (*text))
    g_clear_pointer (text, g_free);
}

/**
 * debrief_agents_save:
 * @store: a #DebriefStore
 * @agent: the agent; its name is trimmed, blank texts are cleared, a
 *   missing id is filled in
 * @voice: (nullable): its voice settings, saved for @agent
 * @error: return location for a #GError
 *
 * Checks @agent and @voice with debrief_agent_validate() and saves both.
 *
 * Returns: %TRUE when both were saved
 */
gboolean
debrief_agents_save (DebriefStore          *store,
                     DebriefAgent          *agent,
                     DebriefVoiceSettings  *voice,
                     GError               **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (agent != NULL, FALSE);

  if (agent->name != NULL)
    g_strstrip (agent->name);
  clear_if_blank (&agent->description);
  clear_if_blank (&agent->language);
  clear_if_blank (&agent->model_type);
  clear_if_blank (&agent->stt_model);
  clear_if_blank (&agent->tts_model);
  clear_if_blank (&agent->system_prompt);
  if (agent->description != NULL)
    g_strstrip (agent->description);
  if (agent->language != NULL)
    g_strstrip (agent->language);

  if (voice != NULL)
    clear_if_blank (&voice->voice_id);

  if (!debrief_agent_validate (store, agent, voice, error))
    return FALSE;

  if (!debrief_store_save_agent (store, agent, error))
    return FALSE;

  if (voice == NULL)
    return TRUE;

  if (g_strcmp0 (voice->agent_id, agent->id) != 0)
    {
      g_free (voice->agent_id);
      voice->agent_id = g_strdup (agent->id);
    }

  return debrief_store_save_voice_settings (store, voice, error);
}

/**
 * debrief_agents_ensure_default:
 * @store: a #DebriefStore
 * @settings: (nullable): the application's settings, for the models and the voice
 * @error: return location for a #GError
 *
 * Gives a user without any agent an active coach named “Coach”, so that a
 * first coaching call has someone to talk to. Does nothing when the user
 * has an agent, whatever its status.
 *
 * Returns: %TRUE when the user has an agent now
 */
gboolean
debrief_agents_ensure_default (DebriefStore  *store,
                               GSettings     *settings,
                               GError       **error)
{
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(DebriefAgent) agent = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), FALSE);

  agents = debrief_store_list_agents (store, NULL, error);
  if (agents == NULL)
    return FALSE;
  if (agents->len > 0)
    return TRUE;

  agent = debrief_agent_new_with_defaults (settings);
  agent->name = g_strdup (DEBRIEF_AGENT_DEFAULT_NAME);
  agent->description = g_strdup (default_description);
  agent->status = DEBRIEF_AGENT_STATUS_ACTIVE;
  agent->system_prompt = g_strdup (default_prompt);
  voice = debrief_voice_settings_new_with_defaults (settings);

  if (!debrief_agents_save (store, agent, voice, error))
    return FALSE;

  g_debug ("Added the default coach %s", agent->id);
  return TRUE;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* As the store writes times into its text columns. */
static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  g_autoptr(GDateTime) secs = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (usec != 0)
    {
      secs = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      time = g_date_time_add (secs, usec % G_USEC_PER_SEC);
      text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
    }

  add_string (builder, name, text);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

/**
 * debrief_agent_to_json:
 * @agent: an agent
 * @voice: (nullable): its voice settings
 *
 * Returns: (transfer full): a JSON object with the `agents` columns, and
 *   the `voice_settings` columns as `voice_settings` (null without @voice)
 */
JsonNode *
debrief_agent_to_json (const DebriefAgent         *agent,
                       const DebriefVoiceSettings *voice)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (agent != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "id", agent->id);
  add_string (builder, "user_id", agent->user_id);
  add_string (builder, "name", agent->name);
  add_string (builder, "description", agent->description);
  add_string (builder, "status", debrief_enum_to_nick (DEBRIEF_TYPE_AGENT_STATUS, agent->status));
  add_string (builder, "language", agent->language);
  add_string (builder, "model_type", agent->model_type);
  add_string (builder, "stt_model", agent->stt_model);
  add_string (builder, "tts_model", agent->tts_model);
  add_string (builder, "system_prompt", agent->system_prompt);
  add_time (builder, "created_at", agent->created_at);
  add_time (builder, "updated_at", agent->updated_at);

  json_builder_set_member_name (builder, "voice_settings");
  if (voice != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "id", voice->id);
      add_string (builder, "agent_id", voice->agent_id);
      add_string (builder, "voice_id", voice->voice_id);
      add_double (builder, "stability", voice->stability);
      add_double (builder, "similarity_boost", voice->similarity_boost);
      add_double (builder, "pitch", voice->pitch);
      add_double (builder, "speed", voice->speed);
      add_time (builder, "created_at", voice->created_at);
      add_time (builder, "updated_at", voice->updated_at);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
