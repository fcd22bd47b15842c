/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-item.h: a call as an item of the library's list model */

#pragma once

#include <glib-object.h>

#include "debrief-records.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_CALL_ITEM (debrief_call_item_get_type ())

G_DECLARE_FINAL_TYPE (DebriefCallItem, debrief_call_item, DEBRIEF, CALL_ITEM, GObject)

DebriefCallItem   *debrief_call_item_new          (const DebriefCall *call);
DebriefCallItem   *debrief_call_item_new_unread (void);
void               debrief_call_item_set_call     (DebriefCallItem   *self,
                                                   const DebriefCall *call);
const DebriefCall *debrief_call_item_get_call     (DebriefCallItem   *self);
const char        *debrief_call_item_get_title    (DebriefCallItem   *self);
char              *debrief_call_item_dup_subtitle (DebriefCallItem   *self);
void               debrief_call_item_set_upload_state (DebriefCallItem *self,
                                                       int              state);
void               debrief_call_item_set_snippet  (DebriefCallItem   *self,
                                                   const char        *snippet);
const char        *debrief_call_item_get_snippet  (DebriefCallItem   *self);
void               debrief_call_item_apply_upload_states (DebriefCallItem *self,
                                                          GHashTable      *states);
void               debrief_call_item_apply_names  (DebriefCallItem   *self,
                                                   GHashTable        *names);
char              *debrief_call_describe_kind     (DebriefCallKind    kind,
                                                   const char        *party);
const char        *debrief_call_item_get_storage_icon (DebriefCallItem *self);
const char        *debrief_call_item_get_storage_description
                                                      (DebriefCallItem *self);

G_END_DECLS
