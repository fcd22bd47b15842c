/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-sync-service.h: runs the upload queue, the WhatsApp outbox and daily retention in the background while the app is open */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_SYNC_SERVICE (debrief_sync_service_get_type ())

G_DECLARE_FINAL_TYPE (DebriefSyncService, debrief_sync_service, DEBRIEF, SYNC_SERVICE, GObject)

DebriefSyncService *debrief_sync_service_new          (DebriefStore       *store,
                                                       GSettings          *settings);
void                debrief_sync_service_set_interval (DebriefSyncService *self,
                                                       guint               seconds);
void                debrief_sync_service_kick         (DebriefSyncService *self);
void                debrief_sync_service_kick_whatsapp
                                                      (DebriefSyncService *self);
gboolean            debrief_sync_service_get_busy     (DebriefSyncService *self);
guint               debrief_sync_service_get_pending  (DebriefSyncService *self);
const char         *debrief_sync_service_get_last_error
                                                      (DebriefSyncService *self);
guint               debrief_sync_service_get_messages_waiting
                                                      (DebriefSyncService *self);

G_END_DECLS
