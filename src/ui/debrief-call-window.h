/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-window.h: the window of a running call: timer, levels, controls, notes, transcript */

#pragma once

#include <adwaita.h>

#include "debrief-call-session.h"
#include "debrief-coach.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_CALL_WINDOW (debrief_call_window_get_type ())

G_DECLARE_FINAL_TYPE (DebriefCallWindow, debrief_call_window, DEBRIEF, CALL_WINDOW, AdwWindow)

DebriefCallWindow  *debrief_call_window_new         (GtkApplication     *application,
                                                     DebriefStore       *store,
                                                     DebriefCallSession *session);
DebriefCallSession *debrief_call_window_get_session (DebriefCallWindow  *self);
void                debrief_call_window_set_coach   (DebriefCallWindow  *self,
                                                     DebriefCoach       *coach);
DebriefCoach       *debrief_call_window_get_coach   (DebriefCallWindow  *self);

G_END_DECLS
