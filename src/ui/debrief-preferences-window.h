/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-preferences-window.h: the Preferences window, bound to the application's settings */

#pragma once

#include <adwaita.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_PREFERENCES_WINDOW (debrief_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (DebriefPreferencesWindow, debrief_preferences_window, DEBRIEF, PREFERENCES_WINDOW, AdwPreferencesWindow)

DebriefPreferencesWindow *debrief_preferences_window_new (GSettings    *settings,
                                                          DebriefStore *store);

G_END_DECLS
