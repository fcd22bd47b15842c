/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-page.h: Preferences → WhatsApp: the provider, its tokens and sender, the caption template */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DEBRIEF_TYPE_WHATSAPP_PAGE (debrief_whatsapp_page_get_type ())

G_DECLARE_FINAL_TYPE (DebriefWhatsAppPage, debrief_whatsapp_page, DEBRIEF, WHATSAPP_PAGE, AdwPreferencesPage)

DebriefWhatsAppPage *debrief_whatsapp_page_new (GSettings *settings);

G_END_DECLS
