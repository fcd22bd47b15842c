/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-window.c: the main window, holding the recordings library */

#define G_LOG_DOMAIN "debrief-window"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-call-item.h"
#include "debrief-call-list.h"
#include "debrief-dialogs.h"
#include "debrief-filter-button.h"
#include "debrief-recording-page.h"

#define SEARCH_LIMIT          200
#define SEARCH_FILTERED_LIMIT 500 /* as many calls as a search ranks */
#include "debrief-window-private.h"



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
      g_signal_connect_object (self->recording_page, "notes-saved", G_CALLBACK (debrief_window_search_again), self,
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

/* WhatsApp messages went or came: the call's history shows them. */
static void
messages_changed_cb (DebriefWindow *self)
{
  if (self->recording_page != NULL)
    debrief_recording_page_reload_history (self->recording_page);
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
void
debrief_window_search_again (DebriefWindow *self)
{
  if (self->query != NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    search_changed_cb (self);
}

/* A filter chosen: the library, or the search shown, follows it. */
static void
filter_changed_cb (DebriefWindow *self)
{
  debrief_call_list_set_filter (self->calls, debrief_filter_button_get_filter (self->filter_button));
  debrief_window_search_again (self);
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
          g_signal_connect_object (self->sync, "messages-changed", G_CALLBACK (messages_changed_cb), self,
                                   G_CONNECT_SWAPPED);
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

/* A coaching call's feedback is in: shown when its page is open. */
static void
feedback_ready_cb (DebriefWindow *self,
                   const char    *call_id)
{
  if (self->recording_page != NULL &&
      g_strcmp0 (debrief_recording_page_get_call_id (self->recording_page), call_id) == 0)
    debrief_recording_page_reload_feedback (self->recording_page);
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
                           G_CALLBACK (debrief_window_search_again), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "calls-changed",
                           G_CALLBACK (debrief_filter_button_reload), self->filter_button, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "feedback-ready", G_CALLBACK (feedback_ready_cb), self, G_CONNECT_SWAPPED);
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
      debrief_dialog_add_choice (dialog, _("_Cancel"), "close", _("C_lose"), ADW_RESPONSE_DEFAULT);
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
  debrief_window_add_call_actions (widget_class);
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

    g_signal_connect_object (drop, "drop", G_CALLBACK (debrief_window_drop), self, 0);
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
                                           "copy_share_link_clicked_cb", G_CALLBACK (debrief_window_copy_share_link_clicked),
                                           "rename_clicked_cb", G_CALLBACK (debrief_window_rename_clicked),
                                           "delete_clicked_cb", G_CALLBACK (debrief_window_delete_clicked),
                                           "has_text", G_CALLBACK (has_text),
                                           NULL);
  factory = gtk_builder_list_item_factory_new_from_resource (scope, RESOURCE_BASE_PATH "/ui/call-row.ui");
  gtk_list_view_set_factory (self->calls_view, factory);
}
