/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-filter-button.h: the library's Filter menu: kind, date, storage, coach and contact */

#pragma once

#include <adwaita.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_FILTER_BUTTON (debrief_filter_button_get_type ())

G_DECLARE_FINAL_TYPE (DebriefFilterButton, debrief_filter_button, DEBRIEF, FILTER_BUTTON, AdwBin)

void                     debrief_filter_button_set_store  (DebriefFilterButton *self,
                                                           DebriefStore        *store);
void                     debrief_filter_button_reload     (DebriefFilterButton *self);
const DebriefCallFilter *debrief_filter_button_get_filter (DebriefFilterButton *self);
GHashTable              *debrief_filter_button_get_names  (DebriefFilterButton *self);
void                     debrief_filter_button_clear      (DebriefFilterButton *self);
void                     debrief_filter_button_set_range  (DebriefFilterButton *self,
                                                           GDateTime           *first,
                                                           GDateTime           *last);

G_END_DECLS
