/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-enums.h: the enumerations of the data model, with the nicks the database stores */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DEBRIEF_CALL_KIND_RECORDED, /*< nick=recorded >*/
  DEBRIEF_CALL_KIND_COACHING, /*< nick=coaching >*/
} DebriefCallKind;

typedef enum
{
  DEBRIEF_CALL_STATUS_ACTIVE, /*< nick=active >*/
  DEBRIEF_CALL_STATUS_ENDED,  /*< nick=ended >*/
  DEBRIEF_CALL_STATUS_ERROR,  /*< nick=error >*/
} DebriefCallStatus;

typedef enum
{
  DEBRIEF_END_REASON_NONE,       /*< nick=none >*/
  DEBRIEF_END_REASON_MANUAL,     /*< nick=manual >*/
  DEBRIEF_END_REASON_TIME_LIMIT, /*< nick=time_limit >*/
  DEBRIEF_END_REASON_INACTIVITY, /*< nick=inactivity >*/
  DEBRIEF_END_REASON_ERROR,      /*< nick=error >*/
  DEBRIEF_END_REASON_RECOVERED,  /*< nick=recovered >*/
} DebriefEndReason;

typedef enum
{
  DEBRIEF_STORAGE_BACKEND_LOCAL,    /*< nick=local >*/
  DEBRIEF_STORAGE_BACKEND_S3,       /*< nick=s3 >*/
  DEBRIEF_STORAGE_BACKEND_SUPABASE, /*< nick=supabase >*/
} DebriefStorageBackend;

typedef enum
{
  DEBRIEF_SPEAKER_USER,   /*< nick=user >*/
  DEBRIEF_SPEAKER_AGENT,  /*< nick=agent >*/
  DEBRIEF_SPEAKER_REMOTE, /*< nick=remote >*/
} DebriefSpeaker;

typedef enum
{
  DEBRIEF_AGENT_STATUS_DRAFT,    /*< nick=draft >*/
  DEBRIEF_AGENT_STATUS_ACTIVE,   /*< nick=active >*/
  DEBRIEF_AGENT_STATUS_INACTIVE, /*< nick=inactive >*/
} DebriefAgentStatus;

typedef enum
{
  DEBRIEF_PLAN_FREE, /*< nick=free >*/
  DEBRIEF_PLAN_PRO,  /*< nick=pro >*/
} DebriefPlan;

typedef enum
{
  DEBRIEF_MESSAGE_TYPE_NOTE,     /*< nick=note >*/
  DEBRIEF_MESSAGE_TYPE_EMAIL,    /*< nick=email >*/
  DEBRIEF_MESSAGE_TYPE_SMS,      /*< nick=sms >*/
  DEBRIEF_MESSAGE_TYPE_WHATSAPP, /*< nick=whatsapp >*/
  DEBRIEF_MESSAGE_TYPE_SYSTEM,   /*< nick=system >*/
} DebriefMessageType;

typedef enum
{
  DEBRIEF_DIRECTION_INTERNAL, /*< nick=internal >*/
  DEBRIEF_DIRECTION_INBOUND,  /*< nick=inbound >*/
  DEBRIEF_DIRECTION_OUTBOUND, /*< nick=outbound >*/
} DebriefDirection;

typedef enum
{
  DEBRIEF_UPLOAD_KIND_RECORDING,  /*< nick=recording >*/
  DEBRIEF_UPLOAD_KIND_AI_CHUNK,   /*< nick=ai_chunk >*/
  DEBRIEF_UPLOAD_KIND_USER_CHUNK, /*< nick=user_chunk >*/
  DEBRIEF_UPLOAD_KIND_ARCHIVE,    /*< nick=archive >*/
} DebriefUploadKind;

typedef enum
{
  DEBRIEF_UPLOAD_STATUS_PENDING,   /*< nick=pending >*/
  DEBRIEF_UPLOAD_STATUS_UPLOADING, /*< nick=uploading >*/
  DEBRIEF_UPLOAD_STATUS_COMPLETED, /*< nick=completed >*/
  DEBRIEF_UPLOAD_STATUS_FAILED,    /*< nick=failed >*/
} DebriefUploadStatus;

typedef enum
{
  DEBRIEF_AUDIO_FORMAT_OGG,  /*< nick=ogg >*/
  DEBRIEF_AUDIO_FORMAT_M4A,  /*< nick=m4a >*/
  DEBRIEF_AUDIO_FORMAT_WEBM, /*< nick=webm >*/
} DebriefAudioFormat;

typedef enum
{
  DEBRIEF_RECORDER_STATE_IDLE,      /*< nick=idle >*/
  DEBRIEF_RECORDER_STATE_RECORDING, /*< nick=recording >*/
  DEBRIEF_RECORDER_STATE_PAUSED,    /*< nick=paused >*/
  DEBRIEF_RECORDER_STATE_STOPPING,  /*< nick=stopping >*/
  DEBRIEF_RECORDER_STATE_STOPPED,   /*< nick=stopped >*/
  DEBRIEF_RECORDER_STATE_FAILED,    /*< nick=failed >*/
} DebriefRecorderState;

typedef enum
{
  DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE, /*< nick=whatsapp-voice >*/
  DEBRIEF_TRANSCODE_PRESET_WHATSAPP_AUDIO, /*< nick=whatsapp-audio >*/
  DEBRIEF_TRANSCODE_PRESET_OGG,            /*< nick=ogg >*/
  DEBRIEF_TRANSCODE_PRESET_M4A,            /*< nick=m4a >*/
  DEBRIEF_TRANSCODE_PRESET_WEBM,           /*< nick=webm >*/
} DebriefTranscodePreset;

/* How a recording goes to WhatsApp */
typedef enum
{
  DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, /*< nick=voice-note >*/
  DEBRIEF_WHATSAPP_FORM_AUDIO_FILE, /*< nick=audio-file >*/
  DEBRIEF_WHATSAPP_FORM_LINK,       /*< nick=link >*/
  DEBRIEF_WHATSAPP_FORM_TEXT,       /*< nick=text >*/
} DebriefWhatsAppForm;

typedef enum
{
  DEBRIEF_CALL_STATE_IDLE,     /*< nick=idle >*/
  DEBRIEF_CALL_STATE_STARTING, /*< nick=starting >*/
  DEBRIEF_CALL_STATE_ACTIVE,   /*< nick=active >*/
  DEBRIEF_CALL_STATE_PAUSED,   /*< nick=paused >*/
  DEBRIEF_CALL_STATE_ENDING,   /*< nick=ending >*/
  DEBRIEF_CALL_STATE_ENDED,    /*< nick=ended >*/
  DEBRIEF_CALL_STATE_ERROR,    /*< nick=error >*/
} DebriefCallState;

const char *debrief_enum_to_nick   (GType       enum_type,
                                    int         value);
gboolean    debrief_enum_from_nick (GType       enum_type,
                                    const char *nick,
                                    int        *value);

G_END_DECLS
