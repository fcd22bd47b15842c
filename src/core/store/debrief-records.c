/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-records.c: allocation, copying and freeing of the database records */

#define G_LOG_DOMAIN "debrief-records"

#include "config.h"

#include "debrief-records.h"

/* Every record is a flat struct whose only owned members are strings, so one
 * table of string member offsets per type is all copy and free need. */

static gpointer
record_copy (gconstpointer  src,
             gsize          size,
             const gsize   *strings,
             gsize          n_strings)
{
  guint8 *dst = g_memdup2 (src, size);

  for (gsize i = 0; i < n_strings; i++)
    {
      char **member = (char **) (dst + strings[i]);
      *member = g_strdup (*member);
    }

  return dst;
}

static void
record_free (gpointer     record,
             const gsize *strings,
             gsize        n_strings)
{
  if (record == NULL)
    return;

  for (gsize i = 0; i < n_strings; i++)
    g_free (*(char **) ((guint8 *) record + strings[i]));

  g_free (record);
}

#define DEBRIEF_DEFINE_RECORD(TypeName, type_name, ...)                          \
  static void type_name##_set_defaults (TypeName *self);                         \
  static const gsize type_name##_strings[] = { __VA_ARGS__ };                    \
  TypeName *type_name##_new (void)                                               \
  {                                                                              \
    TypeName *self = g_new0 (TypeName, 1);                                       \
    type_name##_set_defaults (self);                                             \
    return self;                                                                 \
  }                                                                              \
  TypeName *type_name##_copy (const TypeName *self)                              \
  {                                                                              \
    g_return_val_if_fail (self != NULL, NULL);                                   \
    return record_copy (self, sizeof (TypeName), type_name##_strings,            \
                        G_N_ELEMENTS (type_name##_strings));                     \
  }                                                                              \
  void type_name##_free (TypeName *self)                                         \
  {                                                                              \
    record_free (self, type_name##_strings, G_N_ELEMENTS (type_name##_strings)); \
  }                                                                              \
  G_DEFINE_BOXED_TYPE (TypeName, type_name, type_name##_copy, type_name##_free)

#define S(TypeName, member) G_STRUCT_OFFSET (TypeName, member)

/* Defaults other than zero, for each record's _new () */
#define NO_DEFAULTS(TypeName, type_name) \
  static void type_name##_set_defaults (TypeName *self) {}

static void
debrief_profile_set_defaults (DebriefProfile *self)
{
  self->minutes_balance = -1;
}

NO_DEFAULTS (DebriefCall, debrief_call)
NO_DEFAULTS (DebriefChunk, debrief_chunk)
NO_DEFAULTS (DebriefVoiceSettings, debrief_voice_settings)
NO_DEFAULTS (DebriefAgent, debrief_agent)
NO_DEFAULTS (DebriefLead, debrief_lead)
NO_DEFAULTS (DebriefConversation, debrief_conversation)
NO_DEFAULTS (DebriefFileUpload, debrief_file_upload)
NO_DEFAULTS (DebriefAnalyticsEvent, debrief_analytics_event)
NO_DEFAULTS (DebriefSearchHit, debrief_search_hit)

DEBRIEF_DEFINE_RECORD (DebriefProfile, debrief_profile,
                       S (DebriefProfile, id), S (DebriefProfile, email),
                       S (DebriefProfile, full_name), S (DebriefProfile, avatar_url),
                       S (DebriefProfile, company_name))

DEBRIEF_DEFINE_RECORD (DebriefCall, debrief_call,
                       S (DebriefCall, id), S (DebriefCall, user_id),
                       S (DebriefCall, ai_agent_id), S (DebriefCall, lead_id),
                       S (DebriefCall, title), S (DebriefCall, recording_path),
                       S (DebriefCall, recording_format), S (DebriefCall, call_notes),
                       S (DebriefCall, feedback_json))

DEBRIEF_DEFINE_RECORD (DebriefChunk, debrief_chunk,
                       S (DebriefChunk, id), S (DebriefChunk, call_id),
                       S (DebriefChunk, user_transcript), S (DebriefChunk, ai_text_response),
                       S (DebriefChunk, ai_audio_url), S (DebriefChunk, ai_audio_path),
                       S (DebriefChunk, user_audio_path))

DEBRIEF_DEFINE_RECORD (DebriefVoiceSettings, debrief_voice_settings,
                       S (DebriefVoiceSettings, id), S (DebriefVoiceSettings, agent_id),
                       S (DebriefVoiceSettings, voice_id))

DEBRIEF_DEFINE_RECORD (DebriefAgent, debrief_agent,
                       S (DebriefAgent, id), S (DebriefAgent, user_id),
                       S (DebriefAgent, name), S (DebriefAgent, description),
                       S (DebriefAgent, language), S (DebriefAgent, model_type),
                       S (DebriefAgent, stt_model), S (DebriefAgent, tts_model),
                       S (DebriefAgent, system_prompt))

DEBRIEF_DEFINE_RECORD (DebriefLead, debrief_lead,
                       S (DebriefLead, id), S (DebriefLead, user_id),
                       S (DebriefLead, name), S (DebriefLead, phone),
                       S (DebriefLead, email), S (DebriefLead, notes))

DEBRIEF_DEFINE_RECORD (DebriefConversation, debrief_conversation,
                       S (DebriefConversation, id), S (DebriefConversation, lead_id),
                       S (DebriefConversation, user_id), S (DebriefConversation, call_id),
                       S (DebriefConversation, message), S (DebriefConversation, status),
                       S (DebriefConversation, remote_id), S (DebriefConversation, media_path),
                       S (DebriefConversation, error))

DEBRIEF_DEFINE_RECORD (DebriefFileUpload, debrief_file_upload,
                       S (DebriefFileUpload, id), S (DebriefFileUpload, user_id),
                       S (DebriefFileUpload, call_id), S (DebriefFileUpload, local_path),
                       S (DebriefFileUpload, storage_path), S (DebriefFileUpload, sha256),
                       S (DebriefFileUpload, content_type), S (DebriefFileUpload, last_error),
                       S (DebriefFileUpload, multipart_upload_id),
                       S (DebriefFileUpload, multipart_parts_json),
                       S (DebriefFileUpload, etag))

DEBRIEF_DEFINE_RECORD (DebriefAnalyticsEvent, debrief_analytics_event,
                       S (DebriefAnalyticsEvent, id), S (DebriefAnalyticsEvent, call_id),
                       S (DebriefAnalyticsEvent, event_type), S (DebriefAnalyticsEvent, payload))

DEBRIEF_DEFINE_RECORD (DebriefSearchHit, debrief_search_hit,
                       S (DebriefSearchHit, call_id), S (DebriefSearchHit, snippet))

/**
 * debrief_search_hit_dup_plain_snippet:
 * @self: a #DebriefSearchHit
 *
 * Returns: (transfer full): the snippet without its match markers
 */
char *
debrief_search_hit_dup_plain_snippet (const DebriefSearchHit *self)
{
  GString *plain;

  g_return_val_if_fail (self != NULL, NULL);

  plain = g_string_new (NULL);
  for (const char *p = self->snippet; p != NULL && *p != '\0'; p++)
    if (*p != DEBRIEF_SEARCH_MATCH_START[0] && *p != DEBRIEF_SEARCH_MATCH_END[0])
      g_string_append_c (plain, *p);

  return g_string_free (plain, FALSE);
}
