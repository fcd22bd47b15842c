/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-twilio.h: Twilio's Messages API as a WhatsApp provider */

#pragma once

#include "debrief-whatsapp-provider.h"

G_BEGIN_DECLS

#define DEBRIEF_WHATSAPP_TWILIO_DEFAULT_URL "https://api.twilio.com"

#define DEBRIEF_TYPE_WHATSAPP_TWILIO (debrief_whatsapp_twilio_get_type ())

G_DECLARE_FINAL_TYPE (DebriefWhatsAppTwilio, debrief_whatsapp_twilio, DEBRIEF, WHATSAPP_TWILIO, GObject)

DebriefWhatsAppProvider *debrief_whatsapp_twilio_new (const char *api_url,
                                                      const char *account_sid,
                                                      const char *auth_token,
                                                      const char *from_e164);

G_END_DECLS
