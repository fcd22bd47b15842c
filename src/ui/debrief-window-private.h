/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-window-private.h: what the main window's files share */

#pragma once

#include "debrief-call-list.h"
#include "debrief-filter-button.h"
#include "debrief-window.h"

G_BEGIN_DECLS

struct _DebriefWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *pages;        /* the library, or one call's page */
  DebriefRecordingPage *recording_page;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  AdwStatusPage        *no_results_page;
  GtkWidget            *clear_filters_button;
  DebriefFilterButton  *filter_button;
  GtkListView          *calls_view;
  AdwToastOverlay      *toast_overlay;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *sync_button;
  GtkLabel             *sync_label;

  GSettings            *settings;
  DebriefStore         *store;
  DebriefSyncService   *sync;
  DebriefCallList      *calls;
  GListStore           *results;      /* the calls a search found, best first */
  GtkNoSelection       *selection;
  GCancellable         *search_cancellable;
  char                 *query;        /* the search shown, or NULL for the whole library */
  gboolean              searching;
  char                 *sort;         /* "newest", "longest" or "title" */
  GHashTable           *pending_deletions; /* call id → its undo toast */
  GCancellable         *cancellable;
  gboolean              close_confirmed;
};

void     debrief_window_search_again            (DebriefWindow  *self);
void     debrief_window_add_call_actions        (GtkWidgetClass *widget_class);
void     debrief_window_copy_share_link_clicked (GtkListItem    *list_item,
                                                 GtkButton      *button);
void     debrief_window_rename_clicked          (GtkListItem    *list_item,
                                                 GtkButton      *button);
void     debrief_window_delete_clicked          (GtkListItem    *list_item,
                                                 GtkButton      *button);
gboolean debrief_window_drop                    (GtkDropTarget  *target,
                                                 const GValue   *value,
                                                 double          x,
                                                 double          y,
                                                 DebriefWindow  *self);

G_END_DECLS
