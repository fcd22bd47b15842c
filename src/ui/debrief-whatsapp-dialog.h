/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-dialog.h: sending a call's recording to one or several contacts on WhatsApp */

#pragma once

#include <adwaita.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_WHATSAPP_DIALOG (debrief_whatsapp_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DebriefWhatsAppDialog, debrief_whatsapp_dialog, DEBRIEF, WHATSAPP_DIALOG, AdwWindow)

DebriefWhatsAppDialog *debrief_whatsapp_dialog_new         (GtkWindow             *parent,
                                                            DebriefStore          *store,
                                                            GSettings             *settings,
                                                            const DebriefCall     *call);
DebriefWhatsAppDialog *debrief_whatsapp_dialog_new_for_contact
                                                           (GtkWindow             *parent,
                                                            DebriefStore          *store,
                                                            GSettings             *settings,
                                                            const char            *lead_id);
gboolean               debrief_whatsapp_dialog_get_sending (DebriefWhatsAppDialog *self);

G_END_DECLS
