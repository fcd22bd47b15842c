/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-voice-client.h: an OpenAI-compatible voice backend (speech-to-text, chat, text-to-speech) on libsoup */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DEBRIEF_VOICE_ERROR (debrief_voice_error_quark ())

typedef enum
{
  DEBRIEF_VOICE_ERROR_FAILED,
  DEBRIEF_VOICE_ERROR_UNAUTHORIZED, /* 401, 403 */
  DEBRIEF_VOICE_ERROR_RATE_LIMITED, /* 429 */
  DEBRIEF_VOICE_ERROR_SERVER,       /* 5xx */
  DEBRIEF_VOICE_ERROR_BAD_REQUEST,  /* other 4xx */
  DEBRIEF_VOICE_ERROR_NETWORK,      /* refused, dropped, DNS, an answer cut off */
  DEBRIEF_VOICE_ERROR_TIMEOUT,
  DEBRIEF_VOICE_ERROR_MALFORMED,    /* the answer is not as documented */
} DebriefVoiceError;

typedef struct
{
  gint64  start_ms;
  gint64  end_ms;
  char   *text;
} DebriefTranscriptSegment;

typedef struct
{
  char      *text;
  char      *language;    /* as the backend names it ("english", "en"), or NULL */
  gint64     duration_ms; /* of the audio; 0 when the backend does not say */
  GPtrArray *segments;    /* (element-type DebriefTranscriptSegment) */
} DebriefTranscription;

typedef void (*DebriefChatDeltaFunc)  (const char *delta,
                                       gpointer    user_data);
typedef void (*DebriefSpeechDataFunc) (GBytes     *data,
                                       gpointer    user_data);

#define DEBRIEF_TYPE_VOICE_CLIENT (debrief_voice_client_get_type ())

G_DECLARE_FINAL_TYPE (DebriefVoiceClient, debrief_voice_client, DEBRIEF, VOICE_CLIENT, GObject)

GQuark                debrief_voice_error_quark               (void);
void                  debrief_transcript_segment_free         (DebriefTranscriptSegment  *segment);
void                  debrief_transcription_free              (DebriefTranscription      *transcription);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefTranscriptSegment, debrief_transcript_segment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefTranscription, debrief_transcription_free)

DebriefVoiceClient   *debrief_voice_client_new                (const char                *base_url,
                                                               const char                *api_key);
void                  debrief_voice_client_set_timeout        (DebriefVoiceClient        *self,
                                                               guint                      seconds);
guint                 debrief_voice_client_get_timeout        (DebriefVoiceClient        *self);

void                  debrief_voice_client_transcribe_async   (DebriefVoiceClient        *self,
                                                               GBytes                    *wav,
                                                               const char                *model,
                                                               const char                *language,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
DebriefTranscription *debrief_voice_client_transcribe_finish  (DebriefVoiceClient        *self,
                                                               GAsyncResult              *result,
                                                               GError                   **error);

void                  debrief_voice_client_chat_async         (DebriefVoiceClient        *self,
                                                               const char                *model,
                                                               JsonArray                 *messages,
                                                               gboolean                   json_mode,
                                                               DebriefChatDeltaFunc       on_delta,
                                                               gpointer                   delta_data,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
char                 *debrief_voice_client_chat_finish        (DebriefVoiceClient        *self,
                                                               GAsyncResult              *result,
                                                               GError                   **error);

void                  debrief_voice_client_speak_async        (DebriefVoiceClient        *self,
                                                               const char                *model,
                                                               const char                *voice,
                                                               const char                *input,
                                                               const char                *format,
                                                               double                     speed,
                                                               const char                *path,
                                                               DebriefSpeechDataFunc      on_data,
                                                               gpointer                   data_data,
                                                               GCancellable              *cancellable,
                                                               GAsyncReadyCallback        callback,
                                                               gpointer                   user_data);
gboolean              debrief_voice_client_speak_finish       (DebriefVoiceClient        *self,
                                                               GAsyncResult              *result,
                                                               GError                   **error);

G_END_DECLS
