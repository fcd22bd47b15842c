/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-outbox.h: recordings waiting to go to WhatsApp, sent when they can be */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"

G_BEGIN_DECLS

/* What one pass over the outbox did */
typedef struct
{
  guint sent;
  guint failed;
  guint waiting;      /* still queued: offline, or asked to wait */
  guint retry_after;  /* seconds the provider asked to wait, or 0 */
} DebriefOutboxResult;

DebriefLead         *debrief_whatsapp_contact_for_number (DebriefStore         *store,
                                                          const char           *e164,
                                                          GError              **error);
DebriefConversation *debrief_whatsapp_enqueue            (DebriefStore         *store,
                                                          const char           *call_id,
                                                          const char           *lead_id,
                                                          const char           *text,
                                                          DebriefWhatsAppForm   form,
                                                          guint                 kbps,
                                                          GError              **error);
gboolean             debrief_whatsapp_message_set_form   (DebriefConversation  *message,
                                                          const DebriefCall    *call,
                                                          const char           *text,
                                                          DebriefWhatsAppForm   form,
                                                          guint                 kbps,
                                                          GError              **error);
gint64               debrief_whatsapp_estimate_bytes     (double                duration_seconds,
                                                          DebriefWhatsAppForm   form,
                                                          guint                 kbps);
guint                debrief_whatsapp_fitting_bitrate    (double                duration_seconds);
gboolean             debrief_whatsapp_check_cloud_copy   (const DebriefCall    *call,
                                                          GError              **error);
gboolean             debrief_whatsapp_check_size         (const DebriefCall    *call,
                                                          DebriefWhatsAppForm   form,
                                                          guint                 kbps,
                                                          GError              **error);

#define DEBRIEF_TYPE_WHATSAPP_OUTBOX (debrief_whatsapp_outbox_get_type ())

G_DECLARE_FINAL_TYPE (DebriefWhatsAppOutbox, debrief_whatsapp_outbox, DEBRIEF, WHATSAPP_OUTBOX, GObject)

DebriefWhatsAppOutbox *debrief_whatsapp_outbox_new         (DebriefStore          *store,
                                                            GSettings             *settings,
                                                            const char            *provider_name);
void                   debrief_whatsapp_outbox_send_async  (DebriefWhatsAppOutbox *self,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean               debrief_whatsapp_outbox_send        (DebriefWhatsAppOutbox *self,
                                                            DebriefOutboxResult   *counts,
                                                            GCancellable          *cancellable,
                                                            GError               **error);
gboolean               debrief_whatsapp_outbox_send_finish (DebriefWhatsAppOutbox *self,
                                                            GAsyncResult          *result,
                                                            DebriefOutboxResult   *counts,
                                                            GError               **error);

G_END_DECLS
