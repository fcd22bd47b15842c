/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-agents-window.h: the Coaches window: the AI coaches (agents) listed, added, edited and deleted */

#pragma once

#include <adwaita.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_AGENTS_WINDOW (debrief_agents_window_get_type ())

G_DECLARE_FINAL_TYPE (DebriefAgentsWindow, debrief_agents_window, DEBRIEF, AGENTS_WINDOW, AdwPreferencesWindow)

DebriefAgentsWindow *debrief_agents_window_new         (DebriefStore        *store,
                                                        GSettings           *settings);
gboolean             debrief_agents_window_get_loading (DebriefAgentsWindow *self);
GPtrArray           *debrief_agents_window_get_agents  (DebriefAgentsWindow *self);

G_END_DECLS
