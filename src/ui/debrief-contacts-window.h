/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-contacts-window.h: the Contacts window: the people called, listed and searched, with their calls and history */

#pragma once

#include <adwaita.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_CONTACTS_WINDOW (debrief_contacts_window_get_type ())

G_DECLARE_FINAL_TYPE (DebriefContactsWindow, debrief_contacts_window, DEBRIEF, CONTACTS_WINDOW, AdwPreferencesWindow)

DebriefContactsWindow *debrief_contacts_window_new         (DebriefStore          *store);
gboolean               debrief_contacts_window_get_loading (DebriefContactsWindow *self);
GPtrArray             *debrief_contacts_window_get_leads   (DebriefContactsWindow *self);

void                   debrief_contacts_window_reload_details (DebriefContactsWindow *self);

G_END_DECLS
