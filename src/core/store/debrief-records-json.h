/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-records-json.h: records as JSON, with the database's column names as field names */

#pragma once

#include <json-glib/json-glib.h>

#include "debrief-records.h"

G_BEGIN_DECLS

JsonNode *debrief_call_to_json       (const DebriefCall       *call,
                                      GPtrArray               *chunks);
JsonNode *debrief_chunk_to_json      (const DebriefChunk      *chunk);
JsonNode *debrief_conversation_to_json (const DebriefConversation *conversation);
JsonNode *debrief_search_hit_to_json (const DebriefSearchHit  *hit,
                                      const DebriefCall       *call);

G_END_DECLS
