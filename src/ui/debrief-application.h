/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-application.h: the Debrief application: store, settings, actions */

#pragma once

#include <adwaita.h>

#include "debrief-sync-service.h"

#include "debrief-call-session.h"
#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_APPLICATION (debrief_application_get_type ())

G_DECLARE_FINAL_TYPE (DebriefApplication, debrief_application, DEBRIEF, APPLICATION, AdwApplication)

DebriefApplication *debrief_application_new          (void);
GSettings          *debrief_application_get_settings (DebriefApplication *self);
DebriefStore       *debrief_application_get_store    (DebriefApplication *self);
const GError       *debrief_application_get_store_error
                                                     (DebriefApplication *self);
DebriefSyncService *debrief_application_get_sync     (DebriefApplication *self);
DebriefCallSession *debrief_application_get_call_session
                                                     (DebriefApplication *self);
void                debrief_application_start_call   (DebriefApplication *self,
                                                      GtkWindow          *parent);

void                debrief_application_start_coaching_call (DebriefApplication *self,
                                                             GtkWindow          *parent,
                                                             const char         *agent_id);
gboolean            debrief_application_get_feedback_pending (DebriefApplication *self,
                                                              const char         *call_id);

G_END_DECLS
