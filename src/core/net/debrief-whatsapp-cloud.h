/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-cloud.h: the WhatsApp Cloud API (Meta's Graph API) as a WhatsApp provider */

#pragma once

#include "debrief-whatsapp-provider.h"

G_BEGIN_DECLS

#define DEBRIEF_WHATSAPP_CLOUD_DEFAULT_URL "https://graph.facebook.com/v21.0"

#define DEBRIEF_TYPE_WHATSAPP_CLOUD (debrief_whatsapp_cloud_get_type ())

G_DECLARE_FINAL_TYPE (DebriefWhatsAppCloud, debrief_whatsapp_cloud, DEBRIEF, WHATSAPP_CLOUD, GObject)

DebriefWhatsAppProvider *debrief_whatsapp_cloud_new (const char *api_url,
                                                     const char *token,
                                                     const char *phone_number_id);

G_END_DECLS
