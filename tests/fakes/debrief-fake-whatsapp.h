/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-whatsapp.h: a fake WhatsApp Cloud API (media upload, messages) that checks the wire format */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FAKE_WHATSAPP_TOKEN           "EAAGdebriefFakeToken0123456789ZDZD"
#define FAKE_WHATSAPP_PHONE_NUMBER_ID "106540352242922"
#define FAKE_WHATSAPP_VERSION         "v21.0"
#define FAKE_WHATSAPP_MAX_AUDIO_BYTES (16 * 1024 * 1024)

typedef enum
{
  FAKE_WHATSAPP_MEDIA,     /* POST /{version}/{phone-number-id}/media */
  FAKE_WHATSAPP_MESSAGES,  /* POST /{version}/{phone-number-id}/messages */
  FAKE_WHATSAPP_N_ENDPOINTS,
} FakeWhatsappEndpoint;

typedef enum
{
  FAKE_WHATSAPP_FAULT_NONE,
  FAKE_WHATSAPP_FAULT_EXPIRED_TOKEN,   /* 401, code 190 subcode 463 */
  FAKE_WHATSAPP_FAULT_INVALID_NUMBER,  /* 400, code 131026: message undeliverable */
  FAKE_WHATSAPP_FAULT_MEDIA_TOO_LARGE, /* 400, code 131053: file size over the limit */
  FAKE_WHATSAPP_FAULT_RATE_LIMITED,    /* 429, code 130429, with Retry-After */
  FAKE_WHATSAPP_FAULT_SERVER,          /* 500, code 131000 */
} FakeWhatsappFault;

typedef struct _FakeWhatsapp FakeWhatsapp;

FakeWhatsapp *fake_whatsapp_new               (const char           *token,
                                               const char           *phone_number_id);
void          fake_whatsapp_free              (FakeWhatsapp         *fake);
const char   *fake_whatsapp_get_url           (FakeWhatsapp         *fake);

/* Behaviour */
void          fake_whatsapp_fail              (FakeWhatsapp         *fake,
                                               FakeWhatsappEndpoint  endpoint,
                                               FakeWhatsappFault     fault,
                                               guint                 times);
void          fake_whatsapp_set_retry_after   (FakeWhatsapp         *fake,
                                               guint                 seconds);

/* What it saw */
guint         fake_whatsapp_get_requests      (FakeWhatsapp         *fake,
                                               FakeWhatsappEndpoint  endpoint);
char         *fake_whatsapp_dup_last_header   (FakeWhatsapp         *fake,
                                               FakeWhatsappEndpoint  endpoint,
                                               const char           *name);
char         *fake_whatsapp_dup_last_field    (FakeWhatsapp         *fake,
                                               const char           *name);
GBytes       *fake_whatsapp_dup_last_file     (FakeWhatsapp         *fake);
JsonObject   *fake_whatsapp_dup_last_message  (FakeWhatsapp         *fake);
char         *fake_whatsapp_dup_last_media_id (FakeWhatsapp         *fake);
GPtrArray    *fake_whatsapp_dup_malformed     (FakeWhatsapp         *fake);
void          fake_whatsapp_clear_malformed   (FakeWhatsapp         *fake);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeWhatsapp, fake_whatsapp_free)

G_END_DECLS
