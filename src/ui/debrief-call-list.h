/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-list.h: the library's calls as a list model that reads the store in pages, as they are shown */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_CALL_LIST (debrief_call_list_get_type ())

G_DECLARE_FINAL_TYPE (DebriefCallList, debrief_call_list, DEBRIEF, CALL_LIST, GObject)

DebriefCallList *debrief_call_list_new               (void);
void             debrief_call_list_set_store         (DebriefCallList *self,
                                                      DebriefStore    *store);
void             debrief_call_list_refresh           (DebriefCallList *self);
void             debrief_call_list_set_sort          (DebriefCallList *self,
                                                      DebriefCallSort  sort);
void             debrief_call_list_set_filter        (DebriefCallList         *self,
                                                      const DebriefCallFilter *filter);
const DebriefCallFilter *
                 debrief_call_list_get_filter        (DebriefCallList *self);
gboolean         debrief_call_list_get_loaded        (DebriefCallList *self);
void             debrief_call_list_set_names         (DebriefCallList *self,
                                                      GHashTable      *names);
void             debrief_call_list_set_upload_states (DebriefCallList *self,
                                                      GHashTable      *states);

G_END_DECLS
