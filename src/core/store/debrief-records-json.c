/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-records-json.c: records as JSON, with the database's column names as field names */

#define G_LOG_DOMAIN "debrief-records"

#include "config.h"

#include "debrief-records-json.h"
#include "debrief-store-table.h"
#include "debrief-store-private.h"

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

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  g_autofree char *text = usec != 0 ? debrief_time_to_text (usec) : NULL;

  add_string (builder, name, text);
}

static void
add_enum (JsonBuilder *builder,
          const char  *name,
          GType        enum_type,
          int          value)
{
  const char *nick = debrief_enum_to_nick (enum_type, value);

  add_string (builder, name, g_strcmp0 (nick, "none") == 0 ? NULL : nick);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_chunk_members (JsonBuilder        *builder,
                   const DebriefChunk *chunk)
{
  add_string (builder, "id", chunk->id);
  add_string (builder, "call_id", chunk->call_id);
  add_int (builder, "seq", chunk->seq);
  add_time (builder, "timestamp", chunk->timestamp);
  add_int (builder, "start_ms", chunk->start_ms);
  add_int (builder, "end_ms", chunk->end_ms);
  add_enum (builder, "speaker", DEBRIEF_TYPE_SPEAKER, chunk->speaker);
  add_string (builder, "user_transcript", chunk->user_transcript);
  add_string (builder, "ai_text_response", chunk->ai_text_response);
  add_string (builder, "ai_audio_url", chunk->ai_audio_url);
  add_string (builder, "ai_audio_path", chunk->ai_audio_path);
  add_string (builder, "user_audio_path", chunk->user_audio_path);
  add_double (builder, "duration_seconds", chunk->duration_seconds);
}

static void
add_call_members (JsonBuilder       *builder,
                  const DebriefCall *call)
{
  add_string (builder, "id", call->id);
  add_string (builder, "user_id", call->user_id);
  add_enum (builder, "kind", DEBRIEF_TYPE_CALL_KIND, call->kind);
  add_string (builder, "ai_agent_id", call->ai_agent_id);
  add_string (builder, "lead_id", call->lead_id);
  add_string (builder, "title", call->title);
  add_time (builder, "started_at", call->started_at);
  add_time (builder, "ended_at", call->ended_at);
  add_double (builder, "duration_seconds", call->duration_seconds);
  add_enum (builder, "status", DEBRIEF_TYPE_CALL_STATUS, call->status);
  add_enum (builder, "end_reason", DEBRIEF_TYPE_END_REASON, call->end_reason);
  add_double (builder, "cost_estimate", call->cost_estimate);
  add_string (builder, "recording_path", call->recording_path);
  add_string (builder, "recording_format", call->recording_format);
  add_string (builder, "call_notes", call->call_notes);
  add_string (builder, "feedback_json", call->feedback_json);
  add_enum (builder, "storage_backend", DEBRIEF_TYPE_STORAGE_BACKEND, call->storage_backend);
  add_time (builder, "created_at", call->created_at);
  add_time (builder, "updated_at", call->updated_at);
  add_string (builder, "recording", call->recording_path);
}

/**
 * debrief_call_to_json:
 * @call: a call
 * @chunks: (nullable) (element-type DebriefChunk): its chunks, added as `chunks`
 *
 * Returns: (transfer full): a JSON object with the `calls` columns, plus
 *   `recording` (the recording's path) and, with @chunks, `chunks`
 */
JsonNode *
debrief_call_to_json (const DebriefCall *call,
                      GPtrArray         *chunks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (call != NULL, NULL);

  json_builder_begin_object (builder);
  add_call_members (builder, call);

  if (chunks != NULL)
    {
      json_builder_set_member_name (builder, "chunks");
      json_builder_begin_array (builder);
      for (guint i = 0; i < chunks->len; i++)
        {
          json_builder_begin_object (builder);
          add_chunk_members (builder, g_ptr_array_index (chunks, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
debrief_chunk_to_json (const DebriefChunk *chunk)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (chunk != NULL, NULL);

  json_builder_begin_object (builder);
  add_chunk_members (builder, chunk);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * debrief_search_hit_to_json:
 * @hit: a search hit
 * @call: (nullable): the call it found
 *
 * Returns: (transfer full): a JSON object with the call's columns, `snippet`
 *   (plain text) and `score` (lower is better)
 */
JsonNode *
debrief_search_hit_to_json (const DebriefSearchHit *hit,
                            const DebriefCall      *call)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *snippet = NULL;

  g_return_val_if_fail (hit != NULL, NULL);

  snippet = debrief_search_hit_dup_plain_snippet (hit);

  json_builder_begin_object (builder);
  if (call != NULL)
    add_call_members (builder, call);
  else
    add_string (builder, "id", hit->call_id);
  add_string (builder, "snippet", snippet);
  add_double (builder, "score", hit->score);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * debrief_conversation_to_json:
 * @conversation: a conversation row
 *
 * Returns: (transfer full): the row as a JSON object with the column names
 */
JsonNode *
debrief_conversation_to_json (const DebriefConversation *conversation)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(JsonNode) array = NULL;

  g_ptr_array_add (rows, (gpointer) conversation);
  array = debrief_table_rows_to_json (&debrief_table_conversations, rows, NULL);

  return json_node_copy (json_array_get_element (json_node_get_array (array), 0));
}
