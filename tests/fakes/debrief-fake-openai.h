/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-openai.h: a fake OpenAI-compatible voice backend (transcriptions, chat, speech) that checks the wire format */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FAKE_OPENAI_API_KEY "sk-debrief-fake-0123456789"

typedef enum
{
  FAKE_OPENAI_TRANSCRIPTIONS,  /* POST /v1/audio/transcriptions */
  FAKE_OPENAI_CHAT,            /* POST /v1/chat/completions */
  FAKE_OPENAI_SPEECH,          /* POST /v1/audio/speech */
  FAKE_OPENAI_N_ENDPOINTS,
} FakeOpenaiEndpoint;

typedef enum
{
  FAKE_OPENAI_FAULT_NONE,
  FAKE_OPENAI_FAULT_UNAUTHORIZED,  /* 401 invalid_api_key */
  FAKE_OPENAI_FAULT_RATE_LIMITED,  /* 429 with Retry-After */
  FAKE_OPENAI_FAULT_SERVER,        /* 500 server_error */
  FAKE_OPENAI_FAULT_CUT,           /* the connection closes halfway through the answer (no [DONE]) */
  FAKE_OPENAI_FAULT_MALFORMED,     /* 200 with JSON, an event or audio that is not as documented */
} FakeOpenaiFault;

typedef struct _FakeOpenai FakeOpenai;

FakeOpenai *fake_openai_new             (const char         *api_key);
void        fake_openai_free            (FakeOpenai         *fake);
const char *fake_openai_get_url         (FakeOpenai         *fake);

/* Behaviour */
void        fake_openai_set_transcript  (FakeOpenai         *fake,
                                         const char         *text);
void        fake_openai_add_transcript  (FakeOpenai         *fake,
                                         GBytes             *audio,
                                         const char         *text);
void        fake_openai_set_reply       (FakeOpenai         *fake,
                                         const char         *text);
void        fake_openai_set_json_reply  (FakeOpenai         *fake,
                                         const char         *json);
void        fake_openai_set_delays      (FakeOpenai         *fake,
                                         guint               before_ms,
                                         guint               between_ms);
void        fake_openai_set_sse_extras  (FakeOpenai         *fake,
                                         gboolean            extras);
void        fake_openai_set_retry_after (FakeOpenai         *fake,
                                         guint               seconds);
void        fake_openai_fail            (FakeOpenai         *fake,
                                         FakeOpenaiEndpoint  endpoint,
                                         FakeOpenaiFault     fault,
                                         guint               times);

/* What it saw */
guint       fake_openai_get_requests    (FakeOpenai         *fake,
                                         FakeOpenaiEndpoint  endpoint);
GBytes     *fake_openai_dup_last_body   (FakeOpenai         *fake,
                                         FakeOpenaiEndpoint  endpoint);
char       *fake_openai_dup_last_field  (FakeOpenai         *fake,
                                         FakeOpenaiEndpoint  endpoint,
                                         const char         *name);
char       *fake_openai_dup_last_header (FakeOpenai         *fake,
                                         FakeOpenaiEndpoint  endpoint,
                                         const char         *name);
GBytes     *fake_openai_dup_last_file   (FakeOpenai         *fake);
GBytes     *fake_openai_dup_last_audio  (FakeOpenai         *fake);
GPtrArray  *fake_openai_dup_malformed   (FakeOpenai         *fake);
void        fake_openai_clear_malformed (FakeOpenai         *fake);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeOpenai, fake_openai_free)

G_END_DECLS
