/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-records.h: plain records for the rows of the Debrief database */

#pragma once

#include <glib-object.h>

#include "debrief-enums.h"
#include "debrief-enum-types.h"

G_BEGIN_DECLS

/* Times are microseconds since the Unix epoch (UTC); 0 means "not set". */

typedef struct
{
  char        *id;
  char        *email;
  char        *full_name;
  char        *avatar_url;
  char        *company_name;
  DebriefPlan  plan;
  gint64       storage_quota_mb;
  double       storage_used_mb;
  double       minutes_balance; /* purchased minutes left; negative: none bought */
  gint64       created_at;
  gint64       updated_at;
} DebriefProfile;

typedef struct
{
  char                  *id;
  char                  *user_id;
  DebriefCallKind        kind;
  char                  *ai_agent_id;
  char                  *lead_id;
  char                  *title;
  gint64                 started_at;
  gint64                 ended_at;
  double                 duration_seconds;
  DebriefCallStatus      status;
  DebriefEndReason       end_reason;
  double                 cost_estimate;
  char                  *recording_path;
  char                  *recording_format;
  char                  *call_notes;
  char                  *feedback_json;
  DebriefStorageBackend  storage_backend;
  gint64                 created_at;
  gint64                 updated_at;
} DebriefCall;

typedef struct
{
  char           *id;
  char           *call_id;
  gint64          seq;
  gint64          timestamp;
  gint64          start_ms;
  gint64          end_ms;
  DebriefSpeaker  speaker;
  char           *user_transcript;
  char           *ai_text_response;
  char           *ai_audio_url;
  char           *ai_audio_path;
  char           *user_audio_path;
  double          duration_seconds;
} DebriefChunk;

typedef struct
{
  char    *id;
  char    *agent_id;
  char    *voice_id;
  double   stability;
  double   similarity_boost;
  double   pitch;
  double   speed;
  gint64   created_at;
  gint64   updated_at;
} DebriefVoiceSettings;

typedef struct
{
  char               *id;
  char               *user_id;
  char               *name;
  char               *description;
  DebriefAgentStatus  status;
  char               *language;
  char               *model_type;
  char               *stt_model;
  char               *tts_model;
  char               *system_prompt;
  gint64              created_at;
  gint64              updated_at;
} DebriefAgent;

typedef struct
{
  char     *id;
  char     *user_id;
  char     *name;
  char     *phone;
  char     *email;
  gboolean  whatsapp_opt_in;
  char     *notes;
  gint64    created_at;
  gint64    updated_at;
} DebriefLead;

typedef struct
{
  char               *id;
  char               *lead_id;
  char               *user_id;
  char               *call_id;
  DebriefMessageType  message_type;
  char               *message;
  DebriefDirection    direction;
  char               *status;
  char               *remote_id;
  char               *media_path;
  char               *error;
  gint64              created_at;
  gint64              updated_at;
} DebriefConversation;

typedef struct
{
  char                  *id;
  char                  *user_id;
  char                  *call_id;
  DebriefUploadKind      kind;
  char                  *local_path;
  char                  *storage_path;
  DebriefStorageBackend  backend;
  gint64                 size_bytes;
  char                  *sha256;
  char                  *content_type;
  DebriefUploadStatus    upload_status;
  gint64                 attempts;
  char                  *last_error;
  gint64                 next_attempt_at;
  char                  *multipart_upload_id;
  char                  *multipart_parts_json;
  char                  *etag;
  gint64                 created_at;
  gint64                 updated_at;
} DebriefFileUpload;

typedef struct
{
  char   *id;
  char   *call_id;
  char   *event_type;
  char   *payload;
  gint64  created_at;
} DebriefAnalyticsEvent;

typedef struct
{
  char   *call_id;
  char   *snippet;
  double  score;
} DebriefSearchHit;

#define DEBRIEF_SEARCH_MATCH_START "\x02"
#define DEBRIEF_SEARCH_MATCH_END   "\x03"

#define DEBRIEF_DECLARE_RECORD(TypeName, type_name)                            \
  GType     type_name##_get_type (void) G_GNUC_CONST;                          \
  TypeName *type_name##_new      (void);                                       \
  TypeName *type_name##_copy     (const TypeName *self);                       \
  void      type_name##_free     (TypeName *self);                             \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (TypeName, type_name##_free)

DEBRIEF_DECLARE_RECORD (DebriefProfile, debrief_profile)
DEBRIEF_DECLARE_RECORD (DebriefCall, debrief_call)
DEBRIEF_DECLARE_RECORD (DebriefChunk, debrief_chunk)
DEBRIEF_DECLARE_RECORD (DebriefVoiceSettings, debrief_voice_settings)
DEBRIEF_DECLARE_RECORD (DebriefAgent, debrief_agent)
DEBRIEF_DECLARE_RECORD (DebriefLead, debrief_lead)
DEBRIEF_DECLARE_RECORD (DebriefConversation, debrief_conversation)
DEBRIEF_DECLARE_RECORD (DebriefFileUpload, debrief_file_upload)
DEBRIEF_DECLARE_RECORD (DebriefAnalyticsEvent, debrief_analytics_event)
DEBRIEF_DECLARE_RECORD (DebriefSearchHit, debrief_search_hit)

#define DEBRIEF_TYPE_PROFILE         (debrief_profile_get_type ())
#define DEBRIEF_TYPE_CALL            (debrief_call_get_type ())
#define DEBRIEF_TYPE_CHUNK           (debrief_chunk_get_type ())
#define DEBRIEF_TYPE_VOICE_SETTINGS  (debrief_voice_settings_get_type ())
#define DEBRIEF_TYPE_AGENT           (debrief_agent_get_type ())
#define DEBRIEF_TYPE_LEAD            (debrief_lead_get_type ())
#define DEBRIEF_TYPE_CONVERSATION    (debrief_conversation_get_type ())
#define DEBRIEF_TYPE_FILE_UPLOAD     (debrief_file_upload_get_type ())
#define DEBRIEF_TYPE_ANALYTICS_EVENT (debrief_analytics_event_get_type ())
#define DEBRIEF_TYPE_SEARCH_HIT      (debrief_search_hit_get_type ())

char *debrief_search_hit_dup_plain_snippet (const DebriefSearchHit *self);

G_END_DECLS
