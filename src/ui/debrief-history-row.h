/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-history-row.h: one entry of a contact's history (a note, a message, an event) as a list row */

#pragma once

#include <adwaita.h>

#include "debrief-records.h"

G_BEGIN_DECLS

GtkWidget *debrief_history_row_new      (const DebriefConversation *conversation);
GtkWidget *debrief_history_row_new_full (const DebriefConversation *conversation,
                                         gboolean                   mark_outgoing);

G_END_DECLS
