/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-agents.h: the AI coaches (agents): the default coach, the checks before saving, JSON */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_AGENT_ERROR (debrief_agent_error_quark ())

/* What is wrong with an agent; each names the field to fix. */
typedef enum
{
  DEBRIEF_AGENT_ERROR_NAME_MISSING,
  DEBRIEF_AGENT_ERROR_NAME_TAKEN,
  DEBRIEF_AGENT_ERROR_STATUS,
  DEBRIEF_AGENT_ERROR_STABILITY,
  DEBRIEF_AGENT_ERROR_SIMILARITY,
  DEBRIEF_AGENT_ERROR_SPEED,
  DEBRIEF_AGENT_ERROR_PITCH,
} DebriefAgentError;

/* The ranges debrief_agent_validate() accepts; speed is OpenAI's TTS range,
 * pitch is in semitones. */
#define DEBRIEF_VOICE_SPEED_MIN  0.25
#define DEBRIEF_VOICE_SPEED_MAX  4.0
#define DEBRIEF_VOICE_PITCH_MIN  -12.0
#define DEBRIEF_VOICE_PITCH_MAX  12.0

#define DEBRIEF_AGENT_DEFAULT_NAME "Coach"

GQuark                debrief_agent_error_quark             (void);

DebriefAgent         *debrief_agent_new_with_defaults       (GSettings                  *settings);
DebriefVoiceSettings *debrief_voice_settings_new_with_defaults
                                                            (GSettings                  *settings);
gboolean              debrief_agent_status_from_string      (const char                 *text,
                                                             DebriefAgentStatus         *status,
                                                             GError                    **error);
gboolean              debrief_agent_validate                (DebriefStore               *store,
                                                             const DebriefAgent         *agent,
                                                             const DebriefVoiceSettings *voice,
                                                             GError                    **error);
gboolean              debrief_agents_save                   (DebriefStore               *store,
                                                             DebriefAgent               *agent,
                                                             DebriefVoiceSettings       *voice,
                                                             GError                    **error);
gboolean              debrief_agents_ensure_default         (DebriefStore               *store,
                                                             GSettings                  *settings,
                                                             GError                    **error);
JsonNode             *debrief_agent_to_json                 (const DebriefAgent         *agent,
                                                             const DebriefVoiceSettings *voice);

G_END_DECLS
