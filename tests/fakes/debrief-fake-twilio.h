/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-twilio.h: a fake Twilio Messages API for WhatsApp that checks the wire format */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FAKE_TWILIO_ACCOUNT_SID "AC0123456789abcdef0123456789abcdef"
#define FAKE_TWILIO_AUTH_TOKEN  "f4k3d3br13ft0k3n0123456789abcdef"
#define FAKE_TWILIO_FROM        "+14155238886"

typedef enum
{
  FAKE_TWILIO_FAULT_NONE,
  FAKE_TWILIO_FAULT_UNAUTHORIZED,   /* 401, code 20003 */
  FAKE_TWILIO_FAULT_INVALID_NUMBER, /* 400, code 21211 */
  FAKE_TWILIO_FAULT_RATE_LIMITED,   /* 429, code 20429, with Retry-After */
  FAKE_TWILIO_FAULT_MEDIA,          /* 400, code 63019: media failed to download */
  FAKE_TWILIO_FAULT_SERVER,         /* 500, code 20500 */
} FakeTwilioFault;

typedef struct _FakeTwilio FakeTwilio;

FakeTwilio *fake_twilio_new             (const char      *account_sid,
                                         const char      *auth_token,
                                         const char      *from_e164);
void        fake_twilio_free            (FakeTwilio      *fake);
const char *fake_twilio_get_url         (FakeTwilio      *fake);

/* Behaviour */
void        fake_twilio_fail            (FakeTwilio      *fake,
                                         FakeTwilioFault  fault,
                                         guint            times);
void        fake_twilio_set_retry_after (FakeTwilio      *fake,
                                         guint            seconds);

/* What it saw */
guint       fake_twilio_get_requests    (FakeTwilio      *fake);
char       *fake_twilio_dup_last_field  (FakeTwilio      *fake,
                                         const char      *name);
char       *fake_twilio_dup_last_header (FakeTwilio      *fake,
                                         const char      *name);
GPtrArray  *fake_twilio_dup_malformed   (FakeTwilio      *fake);
void        fake_twilio_clear_malformed (FakeTwilio      *fake);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeTwilio, fake_twilio_free)

G_END_DECLS
