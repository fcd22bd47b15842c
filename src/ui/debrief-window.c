/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-window.c: the main window, holding the recordings library */

#define G_LOG_DOMAIN "debrief-window"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-call-item.h"
#include "debrief-call-list.h"
#include "debrief-call-finish.h"
#include "debrief-call-import.h"
#include "debrief-cleanup.h"
#include "debrief-filter-button.h"
#include "debrief-storage-config.h"
#include "debrief-paths.h"
#include "debrief-recording-page.h"
#include "debrief-share.h"

#define SEARCH_LIMIT          200
#define SEARCH_FILTERED_LIMIT 500 /* as many calls as a search ranks */
#include "debrief-window.h"


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

G_DEFINE_FINAL_TYPE (DebriefWindow, debrief_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VISIBLE_PAGE,
  PROP_SEARCHING,
  PROP_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * debrief_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window
 */
static void debrief_window_set_up (DebriefWindow      *self,
                                   DebriefApplication *application);

DebriefWindow *
debrief_window_new (DebriefApplication *application)
{
  DebriefWindow *self;

  g_return_val_if_fail (DEBRIEF_IS_APPLICATION (application), NULL);

  self = g_object_new (DEBRIEF_TYPE_WINDOW, "application", application, NULL);
  debrief_window_set_up (self, application);

  return self;
}

/**
 * debrief_window_get_visible_page:
 * @self: a #DebriefWindow
 *
 * Returns: "loading", "empty", "library", "no-results", "error", or
 *   "recording" while a call's page is shown
 */
const char *
debrief_window_get_visible_page (DebriefWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "recording") == 0)
    return "recording";

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * debrief_window_get_calls:
 * @self: a #DebriefWindow
 *
 * Returns: (transfer none): the calls shown: the library, or what a search
 *   found
 */
GListModel *
debrief_window_get_calls (DebriefWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_WINDOW (self), NULL);

  return gtk_no_selection_get_model (self->selection);
}

static void search_again_cb (DebriefWindow *self);

/**
 * debrief_window_get_recording_page:
 * @self: a #DebriefWindow
 *
 * Returns: (transfer none) (nullable): the page that shows one call, once
 *   a call has been opened
 */
DebriefRecordingPage *
debrief_window_get_recording_page (DebriefWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_WINDOW (self), NULL);

  return self->recording_page;
}

/**
 * debrief_window_open_call:
 * @self: a #DebriefWindow
 * @call_id: a call in the library
 *
 * Shows the call's page: its recording, transcript, notes and history.
 */
void
debrief_window_open_call (DebriefWindow *self,
                          const char    *call_id)
{
  g_return_if_fail (DEBRIEF_IS_WINDOW (self));
  g_return_if_fail (call_id != NULL);

  if (self->store == NULL)
    return;

  /* Made when first needed: the library opens without it. */
  if (self->recording_page == NULL)
    {
      self->recording_page = g_object_new (DEBRIEF_TYPE_RECORDING_PAGE, NULL);
      gtk_stack_add_named (self->pages, GTK_WIDGET (self->recording_page), "recording");
      g_signal_connect_object (self->recording_page, "notes-saved", G_CALLBACK (search_again_cb), self,
                               G_CONNECT_SWAPPED);
    }

  debrief_recording_page_show_call (self->recording_page, self->store, self->settings, call_id);
  /* Keys are the player's there, not the start of a library search. */
  gtk_search_bar_set_key_capture_widget (self->search_bar, NULL);
  gtk_stack_set_visible_child_name (self->pages, "recording");
  gtk_widget_grab_focus (GTK_WIDGET (self->recording_page));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_PAGE]);
}

static void
open_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  debrief_window_open_call (DEBRIEF_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_library_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "library") == 0)
    return;

  if (self->recording_page != NULL)
    debrief_recording_page_leave (self->recording_page);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->pages, "library");
  gtk_widget_grab_focus (GTK_WIDGET (self->calls_view));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_PAGE]);
}

static void
call_activated_cb (DebriefWindow *self,
                   guint          position)
{
  g_autoptr(DebriefCallItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item != NULL && debrief_call_item_get_call (item)->id != NULL)
    debrief_window_open_call (self, debrief_call_item_get_call (item)->id);
}

static void
show_page (DebriefWindow *self,
           const char    *name)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) == 0)
    return;

  gtk_stack_set_visible_child_name (self->stack, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_PAGE]);
}

static void
show_store_error (DebriefWindow *self,
                  const GError  *error)
{
  AdwMessageDialog *dialog;

  adw_status_page_set_description (self->error_page, error->message);
  show_page (self, "error");

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Debrief Can’t Open Its Library"),
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Each call's cloud state, from its uploads' rows. */
static void
show_upload_states (DebriefWindow *self)
{
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  states = debrief_store_get_upload_states (self->store, &error);
  if (states == NULL)
    {
      g_warning ("Could not read the upload states: %s", error->message);
      return;
    }

  debrief_call_list_set_upload_states (self->calls, states);

  /* And the calls a search found. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->results)); i++)
    {
      g_autoptr(DebriefCallItem) item = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      debrief_call_item_apply_upload_states (item, states);
    }
}

/* The header's upload indicator: shown while files wait, upload or fail. */
static void
sync_changed_cb (DebriefWindow *self)
{
  gboolean busy = debrief_sync_service_get_busy (self->sync);
  guint pending = debrief_sync_service_get_pending (self->sync);
  const char *last_error = debrief_sync_service_get_last_error (self->sync);
  g_autofree char *text = NULL;

  if (last_error != NULL)
    text = g_strdup_printf (_("Cloud copies are waiting: %s"), last_error);
  else if (busy)
    text = g_strdup (_("Uploading calls to the cloud…"));
  else if (pending > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u file waits to be uploaded; Debrief will try again",
                                         "%u files wait to be uploaded; Debrief will try again",
                                         pending),
                            pending);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), text != NULL);
  gtk_menu_button_set_icon_name (self->sync_button,
                                 last_error != NULL ? "dialog-warning-symbolic" : "emblem-synchronizing-symbolic");
  gtk_label_set_label (self->sync_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button), text);

  if (!busy)
    show_upload_states (self);
}

/* Nothing found: the search's words, or the filters, hide every call. */
static void
show_no_results (DebriefWindow *self)
{
  gboolean filtered = debrief_filter_button_get_filter (self->filter_button) != NULL;

  if (self->query != NULL && filtered)
    adw_status_page_set_description (self->no_results_page, _("Try other words, or clear the filters."));
  else if (self->query != NULL)
    adw_status_page_set_description (self->no_results_page, _("Try other words, or fewer of them."));
  else
    adw_status_page_set_description (self->no_results_page, _("No call matches the filters chosen."));
  gtk_widget_set_visible (self->clear_filters_button, filtered);
  show_page (self, "no-results");
}

/* The library page: the list once read, "No Calls Yet" when it is empty. */
static void
calls_changed_cb (DebriefWindow *self)
{
  if (!debrief_call_list_get_loaded (self->calls) || self->query != NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0)
    show_page (self, "library");
  else if (debrief_filter_button_get_filter (self->filter_button) != NULL)
    show_no_results (self);
  else
    show_page (self, "empty");
  show_upload_states (self);
}

/* Search: as the person types (GtkSearchEntry waits for a pause), off the
 * UI thread; a newer search cancels the one running. */

typedef struct
{
  char              *query;
  DebriefCallFilter *filter;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_clear_pointer (&data->filter, debrief_call_filter_free);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DebriefWindow *self = source;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) states = NULL;
  SearchData *data = task_data;
  GError *error = NULL;

  /* With a filter, every call the search ranks is a candidate, not only
   * the best SEARCH_LIMIT. */
  hits = debrief_store_search (self->store, data->query, data->filter != NULL ? SEARCH_FILTERED_LIMIT : SEARCH_LIMIT,
                               &error);
  if (hits != NULL && data->filter != NULL && data->filter->storage != DEBRIEF_STORAGE_STATE_ANY)
    states = debrief_store_get_upload_states (self->store, &error);
  if (hits == NULL || (data->filter != NULL && data->filter->storage != DEBRIEF_STORAGE_STATE_ANY && states == NULL))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < hits->len && items->len < SEARCH_LIMIT && !g_cancellable_is_cancelled (cancellable); i++)
    {
      DebriefSearchHit *hit = g_ptr_array_index (hits, i);
      g_autoptr(DebriefCall) call = debrief_store_get_call (self->store, hit->call_id, NULL);
      DebriefCallItem *item;

      if (call == NULL || (data->filter != NULL && !debrief_call_filter_matches (data->filter, call, states)))
        continue;
      item = debrief_call_item_new (call);
      debrief_call_item_set_snippet (item, hit->snippet);
      g_ptr_array_add (items, item);
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DebriefWindow *self = DEBRIEF_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), &error);

  if (items == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Search failed: %s", error->message);
      self->searching = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    debrief_call_item_apply_names (g_ptr_array_index (items, i),
                                   debrief_filter_button_get_names (self->filter_button));
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       items->pdata, items->len);
  show_upload_states (self);
  if (items->len > 0)
    show_page (self, "library");
  else
    show_no_results (self);
  self->searching = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

static void
search_changed_cb (DebriefWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GTask) task = NULL;
  SearchData *data;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (self->store == NULL)
    return;

  if (*stripped == '\0')
    {
      /* Back to the whole library. */
      g_clear_pointer (&self->query, g_free);
      gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->calls));
      calls_changed_cb (self);
      self->searching = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
      return;
    }

  g_free (self->query);
  self->query = g_strdup (stripped);
  if (gtk_no_selection_get_model (self->selection) != G_LIST_MODEL (self->results))
    {
      g_list_store_remove_all (self->results);
      gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->results));
    }

  self->search_cancellable = g_cancellable_new ();
  self->searching = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
  data = g_new0 (SearchData, 1);
  data->query = g_strdup (stripped);
  if (debrief_filter_button_get_filter (self->filter_button) != NULL)
    data->filter = debrief_call_filter_copy (debrief_filter_button_get_filter (self->filter_button));
  task = g_task_new (self, self->search_cancellable, searched_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

/**
 * debrief_window_search:
 * @self: a #DebriefWindow
 * @text: what to look for, as if typed
 *
 * Opens the search bar with @text; the results follow when found
 * (#DebriefWindow:searching goes back to %FALSE).
 */
void
debrief_window_search (DebriefWindow *self,
                       const char    *text)
{
  g_return_if_fail (DEBRIEF_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Now, not after the entry's typing pause. */
  search_changed_cb (self);
}

/**
 * debrief_window_get_searching:
 * @self: a #DebriefWindow
 *
 * Returns: whether a search is running
 */
gboolean
debrief_window_get_searching (DebriefWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_WINDOW (self), FALSE);

  return self->searching;
}

/* A call added or changed while a search is shown: search again. */
static void
search_again_cb (DebriefWindow *self)
{
  if (self->query != NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    search_changed_cb (self);
}

/* A filter chosen: the library, or the search shown, follows it. */
static void
filter_changed_cb (DebriefWindow *self)
{
  debrief_call_list_set_filter (self->calls, debrief_filter_button_get_filter (self->filter_button));
  search_again_cb (self);
}

static void
names_changed_cb (DebriefWindow *self)
{
  GHashTable *names = debrief_filter_button_get_names (self->filter_button);

  debrief_call_list_set_names (self->calls, names);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->results)); i++)
    {
      g_autoptr(DebriefCallItem) item = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      debrief_call_item_apply_names (item, names);
    }
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  debrief_filter_button_clear (DEBRIEF_WINDOW (widget)->filter_button);
}

static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && *text != '\0';
}

static void
store_changed_cb (DebriefWindow      *self,
                  GParamSpec         *pspec,
                  DebriefApplication *application)
{
  DebriefStore *store = debrief_application_get_store (application);
  const GError *error = debrief_application_get_store_error (application);

  if (store != NULL)
    {
      g_set_object (&self->store, store);
      if (self->sync == NULL && debrief_application_get_sync (application) != NULL)
        {
          self->sync = g_object_ref (debrief_application_get_sync (application));
          for (const char * const *name = (const char *[]) { "notify::busy", "notify::pending", "notify::last-error",
                                                             NULL }; *name != NULL; name++)
            g_signal_connect_object (self->sync, *name, G_CALLBACK (sync_changed_cb), self, G_CONNECT_SWAPPED);
          sync_changed_cb (self);
        }

      debrief_call_list_set_store (self->calls, store);
      debrief_filter_button_set_store (self->filter_button, store);
    }
  else if (error != NULL)
    {
      show_store_error (self, error);
    }
}

/* GtkWindow:application is not a construct property, so this runs once the
 * window has its application. */
static void
debrief_window_set_up (DebriefWindow      *self,
                       DebriefApplication *application)
{
  self->settings = g_object_ref (debrief_application_get_settings (application));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (application, "notify::store",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "calls-changed",
                           G_CALLBACK (debrief_call_list_refresh), self->calls, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "calls-changed",
                           G_CALLBACK (search_again_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "calls-changed",
                           G_CALLBACK (debrief_filter_button_reload), self->filter_button, G_CONNECT_SWAPPED);
  store_changed_cb (self, NULL, application);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
new_call_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (widget));

  debrief_application_start_call (DEBRIEF_APPLICATION (application), GTK_WINDOW (widget));
}

/* Copy Share Link: the link is made off the UI thread (Supabase signs it
 * on its server), then put on the clipboard. */

typedef struct
{
  char *call_id;
  guint ttl_seconds;
} ShareData;

static void
share_data_free (ShareData *data)
{
  g_free (data->call_id);
  g_free (data);
}

static void
share_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DebriefWindow *self = source;
  ShareData *data = task_data;
  GError *error = NULL;
  char *link = debrief_share_call_recording (self->store, self->settings, data->call_id, data->ttl_seconds,
                                             cancellable, &error);

  if (link == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, link, g_free);
}

static void
shared_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DebriefWindow *self = DEBRIEF_WINDOW (object);
  ShareData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *title = NULL;
  AdwMessageDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (link == NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Can’t Share This Call"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), link);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Share link copied; it works for %u minute",
                                        "Share link copied; it works for %u minutes",
                                        MAX (1, data->ttl_seconds / 60)),
                           MAX (1, data->ttl_seconds / 60));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
copy_share_link_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  ShareData *data;

  if (self->store == NULL)
    return;

  data = g_new0 (ShareData, 1);
  data->call_id = g_variant_dup_string (parameter, NULL);
  data->ttl_seconds = g_settings_get_uint (self->settings, "signed-url-lifetime");

  task = g_task_new (self, self->cancellable, shared_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) share_data_free);
  g_task_run_in_thread (task, share_thread);
}

/* A row's buttons act on its call through the library's actions. */
static void
activate_for_row (GtkListItem *list_item,
                  GtkButton   *button,
                  const char  *action)
{
  DebriefCallItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  if (item != NULL && debrief_call_item_get_call (item)->id != NULL)
    gtk_widget_activate_action (gtk_list_item_get_child (list_item), action, "s",
                                debrief_call_item_get_call (item)->id);
}

static void
copy_share_link_clicked_cb (GtkListItem *list_item,
                            GtkButton   *button)
{
  activate_for_row (list_item, button, "library.copy-share-link");
}

static void
rename_clicked_cb (GtkListItem *list_item,
                   GtkButton   *button)
{
  activate_for_row (list_item, button, "library.rename-call");
}

static void
delete_clicked_cb (GtkListItem *list_item,
                   GtkButton   *button)
{
  activate_for_row (list_item, button, "library.delete-call");
}

/* Delete: the call is hidden at once and an undo offered; its files and
 * rows go only once the toast is gone without an undo. */

static void
purge_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DebriefWindow *self = source;
  g_autofree char *data_dir = debrief_get_data_dir ();
  GError *error = NULL;

  /* Cloud copies, then files, then rows; offline, the call stays hidden
   * and the next start tries again. */
  if (debrief_call_delete_for_good (self->store, self->settings, task_data, data_dir, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
purged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Left hidden; the next start tries again. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("A deleted call stays hidden until it can be removed: %s", error->message);
}

typedef struct
{
  DebriefWindow *self;
  char          *call_id;
} Dismissed;

/* Run after the toast's own handling, which may activate the undo only
 * after it reported the toast dismissed. */
static gboolean
purge_if_not_undone_cb (gpointer user_data)
{
  Dismissed *dismissed = user_data;
  DebriefWindow *self = dismissed->self;

  if (self->pending_deletions != NULL && g_hash_table_remove (self->pending_deletions, dismissed->call_id))
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, purged_cb, NULL);

      g_task_set_task_data (task, g_steal_pointer (&dismissed->call_id), g_free);
      g_task_run_in_thread (task, purge_thread);
    }

  g_object_unref (dismissed->self);
  g_free (dismissed->call_id);
  g_free (dismissed);

  return G_SOURCE_REMOVE;
}

static void
deletion_dismissed_cb (AdwToast      *toast,
                       DebriefWindow *self)
{
  Dismissed *dismissed = g_new0 (Dismissed, 1);

  dismissed->self = g_object_ref (self);
  dismissed->call_id = g_strdup (g_object_get_data (G_OBJECT (toast), "call-id"));
  g_idle_add (purge_if_not_undone_cb, dismissed);
}

static void
delete_call_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);
  const char *call_id = g_variant_get_string (parameter, NULL);
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->store == NULL || (call = debrief_store_get_call (self->store, call_id, &error)) == NULL ||
      !debrief_store_set_call_deleted (self->store, call_id, TRUE, &error))
    {
      if (error != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  title = g_strdup_printf (_("“%s” deleted"), call->title != NULL && *call->title != '\0' ? call->title
                                                                                       : _("Untitled Call"));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "library.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (call_id));
  g_object_set_data_full (G_OBJECT (toast), "call-id", g_strdup (call_id), g_free);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (deletion_dismissed_cb), self, 0);
  g_hash_table_insert (self->pending_deletions, g_strdup (call_id), toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  debrief_call_list_refresh (self->calls);
  search_again_cb (self);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);
  const char *call_id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_hash_table_remove (self->pending_deletions, call_id))
    return;

  if (!debrief_store_set_call_deleted (self->store, call_id, FALSE, &error))
    g_warning ("Could not bring a deleted call back: %s", error->message);

  debrief_call_list_refresh (self->calls);
  search_again_cb (self);
}

/* Import: audio files from the file chooser or dropped on the window,
* added off the UI thread; what is refused is said with the reason. */

typedef struct
{
  GPtrArray            *paths;
  DebriefStorageBackend backend;
  guint                 imported;
  GString              *refused;
} Import;

static void
import_free (Import *import)
{
  g_ptr_array_unref (import->paths);
  g_string_free (import->refused, TRUE);
  g_free (import);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DebriefWindow *self = source;
  Import *import = task_data;
  g_autofree char *data_dir = debrief_get_data_dir ();

  for (guint i = 0; i < import->paths->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DebriefCall) call = debrief_call_import (self->store, g_ptr_array_index (import->paths, i), NULL,
                                                         NULL, import->backend, data_dir, cancellable, &error);

      if (call != NULL)
        import->imported++;
      else
        g_string_append_printf (import->refused, "%s\n", error->message);
    }

  g_task_return_boolean (task, TRUE);
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DebriefWindow *self = DEBRIEF_WINDOW (object);
  Import *import = g_task_get_task_data (G_TASK (result));
  g_autofree char *title = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  if (import->imported > 0)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u recording imported", "%u recordings imported",
                                            import->imported),
                               import->imported);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
      debrief_call_list_refresh (self->calls);
      search_again_cb (self);
      /* Their files go to the cloud now, when there is one. */
      if (self->sync != NULL)
        debrief_sync_service_kick (self->sync);
    }

  if (import->refused->len > 0)
    {
      AdwMessageDialog *dialog;

      g_string_truncate (import->refused, import->refused->len - 1);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Some Files Were Not Imported"),
                                                           import->refused->str));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/**
 * debrief_window_import_files:
 * @self: a #DebriefWindow
 * @files: (element-type GFile): audio files
 *
 * Adds @files to the library as recorded calls, as dropping them on the
 * window does; a toast says how many, a dialog which were refused and why.
 */
void
debrief_window_import_files (DebriefWindow *self,
                             GListModel    *files)
{
  g_autoptr(GTask) task = NULL;
  Import *import;

  g_return_if_fail (DEBRIEF_IS_WINDOW (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  if (self->store == NULL || g_list_model_get_n_items (files) == 0)
    return;

  import = g_new0 (Import, 1);
  import->paths = g_ptr_array_new_with_free_func (g_free);
  import->refused = g_string_new (NULL);
  import->backend = debrief_storage_backend_from_config (self->settings);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (import->paths, path);
      else
        {
          g_autofree char *uri = g_file_get_uri (file);

          g_string_append_printf (import->refused, _("“%s” is not a local file\n"), uri);
        }
    }

  task = g_task_new (self, self->cancellable, imported_cb, NULL);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  g_task_run_in_thread (task, import_thread);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         DebriefWindow *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);

  for (GSList *l = list; l != NULL; l = l->next)
    g_list_store_append (files, l->data);
  debrief_window_import_files (self, G_LIST_MODEL (files));

  return TRUE;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     DebriefWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      debrief_window_import_files (self, files);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* GtkFileChooserNative: GtkFileDialog needs GTK 4.10, newer than Debian 12's. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) audio = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Recordings"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (audio, _("Audio"));
  gtk_file_filter_add_mime_type (audio, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), audio);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

G_GNUC_END_IGNORE_DEPRECATIONS

/* Rename: a dialog with the title to edit. */

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DebriefWindow    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *call_id = g_object_get_data (G_OBJECT (dialog), "call-id");
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "rename") != 0 || self->store == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  call = debrief_store_get_call (self->store, call_id, &error);
  if (call != NULL)
    {
      g_free (call->title);
      call->title = *title != '\0' ? g_steal_pointer (&title) : NULL;
    }
  if (call == NULL || !debrief_store_save_call (self->store, call, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  if (self->recording_page != NULL &&
      g_strcmp0 (debrief_recording_page_get_call_id (self->recording_page), call_id) == 0)
    debrief_recording_page_set_title (self->recording_page, call->title);
  debrief_call_list_refresh (self->calls);
  search_again_cb (self);
}

static void
rename_call_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);
  const char *call_id = g_variant_get_string (parameter, NULL);
  g_autoptr(DebriefCall) call = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->store == NULL || (call = debrief_store_get_call (self->store, call_id, NULL)) == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Rename Call"), NULL));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), call->title != NULL ? call->title : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "call-id", g_strdup (call_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_close_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  DebriefWindow    *self)
{
  if (g_strcmp0 (response, "close") == 0)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
debrief_window_close_request (GtkWindow *window)
{
  DebriefWindow *self = DEBRIEF_WINDOW (window);
  GtkApplication *application = gtk_window_get_application (window);
  int width, height;

  /* A running call keeps going in its own window, but ask before hiding the library. */
  if (!self->close_confirmed && application != NULL &&
      debrief_application_get_call_session (DEBRIEF_APPLICATION (application)) != NULL)
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("A Call Is Being Recorded"),
                                                           _("The call goes on in its own window. "
                                                             "Close the library anyway?")));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "close", _("C_lose"), NULL);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_close_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (debrief_window_parent_class)->close_request (window);
}

static void
debrief_window_dispose (GObject *object)
{
  DebriefWindow *self = (DebriefWindow *) object;

  g_cancellable_cancel (self->cancellable);

  /* The notes typed last are written while the store is there. */
  if (self->recording_page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recording_page, self);
      debrief_recording_page_leave (self->recording_page);
      self->recording_page = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_WINDOW);

  g_cancellable_cancel (self->search_cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);

  G_OBJECT_CLASS (debrief_window_parent_class)->dispose (object);
}

/* What worker threads read (the store, the settings) goes only here, once
 * the last task has let go of the window. */
static void
debrief_window_finalize (GObject *object)
{
  DebriefWindow *self = (DebriefWindow *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_pointer (&self->pending_deletions, g_hash_table_unref);
  g_clear_pointer (&self->sort, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_object (&self->calls);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (debrief_window_parent_class)->finalize (object);
}

static void
debrief_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DebriefWindow *self = DEBRIEF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;

    case PROP_SORT:
      g_value_set_string (value, self->sort != NULL ? self->sort : "newest");
      break;

    case PROP_VISIBLE_PAGE:
      g_value_set_string (value, debrief_window_get_visible_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DebriefWindow *self = DEBRIEF_WINDOW (object);
  const char *sort = g_value_get_string (value);

  switch (prop_id)
    {
    case PROP_SORT:
      if (g_strcmp0 (self->sort, sort) == 0)
        break;
      g_free (self->sort);
      self->sort = g_strdup (g_strcmp0 (sort, "longest") == 0 || g_strcmp0 (sort, "title") == 0 ? sort : "newest");
      debrief_call_list_set_sort (self->calls,
                                  g_str_equal (self->sort, "longest") ? DEBRIEF_CALL_SORT_LONGEST
                                  : g_str_equal (self->sort, "title") ? DEBRIEF_CALL_SORT_TITLE
                                  : DEBRIEF_CALL_SORT_NEWEST);
      g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_window_class_init (DebriefWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = debrief_window_dispose;
  object_class->finalize = debrief_window_finalize;
  object_class->get_property = debrief_window_get_property;
  object_class->set_property = debrief_window_set_property;

  window_class->close_request = debrief_window_close_request;

  properties[PROP_VISIBLE_PAGE] =
    g_param_spec_string ("visible-page", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The library's order, for the Sort menu: "newest", "longest" or "title". */
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL,
                         "newest",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DEBRIEF_TYPE_CALL_ITEM);
  g_type_ensure (DEBRIEF_TYPE_RECORDING_PAGE);
  g_type_ensure (DEBRIEF_TYPE_FILTER_BUTTON);

  gtk_widget_class_install_action (widget_class, "library.new-call", NULL, new_call_action);
  gtk_widget_class_install_action (widget_class, "library.copy-share-link", "s", copy_share_link_action);
  gtk_widget_class_install_action (widget_class, "library.delete-call", "s", delete_call_action);
  gtk_widget_class_install_action (widget_class, "library.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "library.rename-call", "s", rename_call_action);
  gtk_widget_class_install_action (widget_class, "library.import", NULL, import_action);
  gtk_widget_class_install_property_action (widget_class, "library.sort", "sort");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "library.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "library.new-call", NULL);
  gtk_widget_class_install_action (widget_class, "library.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "library.open-call", "s", open_call_action);
  gtk_widget_class_install_action (widget_class, "library.show", NULL, show_library_action);
  gtk_widget_class_install_action (widget_class, "library.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "library.search", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/window.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, calls_view);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefWindow, sync_label);
}

static void
debrief_window_init (DebriefWindow *self)
{
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->calls = debrief_call_list_new ();
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (calls_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calls, "notify::loaded", G_CALLBACK (calls_changed_cb), self, G_CONNECT_SWAPPED);
  self->results = g_list_store_new (DEBRIEF_TYPE_CALL_ITEM);
  self->pending_deletions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sort = g_strdup ("newest");
  self->selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->calls)));
  gtk_list_view_set_model (self->calls_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->calls_view, "activate", G_CALLBACK (call_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_button, "notify::filter", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_button, "notify::names", G_CALLBACK (names_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Audio files dropped anywhere on the window are imported. */
  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }

  /* Typing anywhere in the window starts a search. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Rows come from a template whose buttons call back here. */
  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "copy_share_link_clicked_cb", G_CALLBACK (copy_share_link_clicked_cb),
                                           "rename_clicked_cb", G_CALLBACK (rename_clicked_cb),
                                           "delete_clicked_cb", G_CALLBACK (delete_clicked_cb),
                                           "has_text", G_CALLBACK (has_text),
                                           NULL);
  factory = gtk_builder_list_item_factory_new_from_resource (scope, RESOURCE_BASE_PATH "/ui/call-row.ui");
  gtk_list_view_set_factory (self->calls_view, factory);
}
