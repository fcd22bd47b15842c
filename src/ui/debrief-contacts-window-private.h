/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-contacts-window-private.h: what the Contacts window's files share */

#pragma once

#include "debrief-contacts-window.h"

G_BEGIN_DECLS

struct _DebriefContactsWindow
{
  AdwPreferencesWindow  parent_instance;

  /* The list */
  GtkSearchEntry       *search_entry;
  AdwPreferencesGroup  *list_group;
  GtkLabel             *empty_label;

  /* The contact's page */
  GtkWidget            *editor;
  AdwWindowTitle       *editor_title;
  AdwPreferencesPage   *editor_page;
  AdwEntryRow          *name_row;
  GtkWidget            *name_error_row;
  GtkLabel             *name_error;
  AdwEntryRow          *phone_row;
  GtkWidget            *phone_error_row;
  GtkLabel             *phone_error;
  AdwEntryRow          *email_row;
  GtkWidget            *email_error_row;
  GtkLabel             *email_error;
  GtkSwitch            *whatsapp_switch;
  GtkTextView          *notes_view;
  AdwPreferencesGroup  *calls_group;
  GtkLabel             *calls_label;
  AdwPreferencesGroup  *timeline_group;
  GtkLabel             *timeline_label;
  GtkWidget            *message_button;
  GtkWidget            *delete_group;

  /* Read by worker threads: released in finalize. */
  DebriefStore         *store;

  GCancellable         *cancellable;         /* the list being read */
  GCancellable         *details_cancellable; /* the contact's calls and history being read */
  GPtrArray            *leads;               /* (element-type DebriefLead): as listed, by name */
  GPtrArray            *rows;                /* (element-type AdwActionRow): the list's, in the order of @leads */
  DebriefLead          *editing;             /* on the contact's page; without an id while new */
  GPtrArray            *calls;               /* (element-type DebriefCall) (nullable): the contact's, once read */
  GPtrArray            *call_rows;           /* (element-type AdwActionRow): in the order of @calls */
  GPtrArray            *timeline_rows;
  gboolean              phone_error_is_whatsapp;
  gboolean              list_loading;
  gboolean              details_loading;
};

void debrief_contacts_window_toast            (DebriefContactsWindow *self,
                                               char                  *title);
void debrief_contacts_window_set_loading      (DebriefContactsWindow *self,
                                               gboolean              *which,
                                               gboolean               loading);
void debrief_contacts_window_remove_rows      (AdwPreferencesGroup   *group,
                                               GPtrArray             *rows);
void debrief_contacts_window_add_row          (AdwPreferencesGroup   *group,
                                               GPtrArray             *rows,
                                               GtkWidget             *row);
void debrief_contacts_window_reload           (DebriefContactsWindow *self);
void debrief_contacts_window_open_editor      (DebriefContactsWindow *self,
                                               const DebriefLead     *lead);
void debrief_contacts_window_close_editor     (DebriefContactsWindow *self);
void debrief_contacts_window_page_class_init  (GtkWidgetClass        *widget_class);

G_END_DECLS
