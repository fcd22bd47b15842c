/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-voice-client-private.h: what the voice client's files share: a request and the parsing of its answer */

#pragma once

#include <libsoup/soup.h>

#include "debrief-voice-client.h"

G_BEGIN_DECLS

struct _DebriefVoiceClient
{
  GObject      parent_instance;

  char        *base_url;  /* without a trailing slash */
  char        *api_key;   /* NULL for a local server that wants none */
  guint        timeout_s;
  SoupSession *session;
};

typedef enum
{
  DEBRIEF_VOICE_KIND_TRANSCRIBE,
  DEBRIEF_VOICE_KIND_CHAT,
  DEBRIEF_VOICE_KIND_SPEAK,
} DebriefVoiceKind;

/* One call of the API, across its attempts; the GTask's data. */
typedef struct
{
  DebriefVoiceKind       kind;
  const char            *endpoint;
  const char            *accept;
  char                  *content_type;
  GBytes                *body;

  GCancellable          *cancellable;        /* ours: cancelled by the caller's or by the timer */
  GCancellable          *caller_cancellable;
  gulong                 cancelled_id;
  GSource               *timer;
  gboolean               timed_out;
  gboolean               ended;              /* the task returned or is about to */
  guint                  attempt;
  gboolean               delivered;          /* the caller has seen part of the answer */

  SoupMessage           *message;
  GInputStream          *stream;
  gboolean               failed_status;      /* reading the body of a refusal */
  GByteArray            *buffer;             /* a JSON answer, or a refusal's body */

  /* chat */
  gboolean               json_mode;
  gboolean               sse;
  DebriefChatDeltaFunc   on_delta;
  gpointer               delta_data;
  GString               *pending;            /* bytes of a line not ended yet */
  GString               *event;              /* the data lines of the current event */
  gboolean               event_has_data;
  GString               *reply;
  gboolean               done;               /* [DONE] seen */
  gboolean               finished;           /* a finish_reason seen */

  /* speech */
  DebriefSpeechDataFunc  on_data;
  gpointer               data_data;
  GFile                 *file;
  GFile                 *part;
  GOutputStream         *out;
  GBytes                *piece;
  gint64                 received;
  gboolean               check_ogg;          /* Ogg pages are checked: the last must end the stream */
  guint8                 ogg_header[27 + 255];
  guint                  ogg_header_length;
  gsize                  ogg_body_left;
  guint                  ogg_pages;
  gboolean               ogg_end;
} DebriefVoiceRequest;

/* Errors a person can act on (debrief-voice-client-parse.c) */
GError               *debrief_voice_status_error        (DebriefVoiceClient   *self,
                                                         DebriefVoiceRequest  *r);
GError               *debrief_voice_transport_error     (DebriefVoiceClient   *self,
                                                         GError               *error,
                                                         gboolean              answering);
GError               *debrief_voice_malformed           (const char           *message);
GError               *debrief_voice_cut_off             (void);

/* The answers */
DebriefTranscription *debrief_voice_parse_transcription (GByteArray           *buffer,
                                                         GError              **error);
char                 *debrief_voice_parse_completion    (DebriefVoiceRequest  *r,
                                                         GError              **error);
void                  debrief_voice_deliver_delta       (DebriefVoiceRequest  *r,
                                                         const char           *delta);
gboolean              debrief_voice_sse_feed            (DebriefVoiceRequest  *r,
                                                         const char           *data,
                                                         gsize                 length,
                                                         GError              **error);
void                  debrief_voice_ogg_feed            (DebriefVoiceRequest  *r,
                                                         const guint8         *data,
                                                         gsize                 length);
gboolean              debrief_voice_ogg_complete        (DebriefVoiceRequest  *r);

G_END_DECLS
