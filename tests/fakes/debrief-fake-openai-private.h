/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-openai-private.h: what the fake voice backend's files share: its state and the answers it sends */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "debrief-fake-openai.h"
#include "debrief-fake-server.h"

G_BEGIN_DECLS

struct _FakeOpenai
{
  FakeServer         *server;
  GMutex              lock;
  char               *url;
  char               *api_key;

  /* Behaviour, under the lock */
  char               *transcript;
  GHashTable         *transcripts;   /* SHA-256 of the audio → text */
  char               *reply;
  char               *json_reply;   /* for requests in JSON mode, or NULL */
  guint               before_ms;
  guint               between_ms;
  guint               retry_after;
  gboolean            sse_extras;
  FakeOpenaiFault     faults[FAKE_OPENAI_N_ENDPOINTS];
  guint               fault_times[FAKE_OPENAI_N_ENDPOINTS];  /* 0: every time */

  /* What it saw, under the lock */
  guint               requests[FAKE_OPENAI_N_ENDPOINTS];
  GBytes             *last_body[FAKE_OPENAI_N_ENDPOINTS];
  SoupMessageHeaders *last_headers[FAKE_OPENAI_N_ENDPOINTS];
  JsonObject         *last_json[FAKE_OPENAI_N_ENDPOINTS];
  GHashTable         *last_form;     /* field → value; "file" → its filename */
  GBytes             *last_file;
  GBytes             *last_audio;
  GPtrArray          *malformed;     /* what a real server would have refused, and why */

  /* The server thread's own */
  GHashTable         *audio;         /* "format/sentences" → GBytes */
  GHashTable         *responders;    /* SoupServerMessage → FakeOpenaiResponder */
};

/* An answer, possibly late and in pieces */
typedef struct
{
  FakeOpenai        *fake;
  SoupServerMessage *message;
  guint              status;
  char              *content_type;
  guint              retry_after;
  GPtrArray         *pieces;     /* GBytes: written apart, with a pause between them */
  gboolean           chunked;    /* else one body with its Content-Length, or pieces of one when cut */
  gboolean           started;
  guint              next;
  guint              cut_at;     /* G_MAXUINT: never */
  guint              between_ms;
  GSource           *source;
} FakeOpenaiResponder;

/* Answering (debrief-fake-openai.c) */
FakeOpenaiResponder *fake_openai_responder_new  (FakeOpenai          *fake,
                                                 SoupServerMessage   *message,
                                                 guint                status,
                                                 const char          *content_type);
void                 fake_openai_add_piece      (FakeOpenaiResponder *r,
                                                 const char          *data,
                                                 gsize                length);
FakeOpenaiResponder *fake_openai_reject         (FakeOpenai          *fake,
                                                 SoupServerMessage   *message,
                                                 const char          *why);
FakeOpenaiResponder *fake_openai_take_fault     (FakeOpenai          *fake,
                                                 SoupServerMessage   *message,
                                                 FakeOpenaiEndpoint   endpoint,
                                                 FakeOpenaiFault     *fault);

/* The endpoints (debrief-fake-openai-endpoints.c), called in the server's thread */
FakeOpenaiResponder *fake_openai_transcriptions (FakeOpenai          *fake,
                                                 SoupServerMessage   *message,
                                                 GBytes              *body);
FakeOpenaiResponder *fake_openai_chat           (FakeOpenai          *fake,
                                                 SoupServerMessage   *message);
FakeOpenaiResponder *fake_openai_speech         (FakeOpenai          *fake,
                                                 SoupServerMessage   *message);

G_END_DECLS
