/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-window-actions.c: what the library does to calls: share, rename, delete with undo, import */

#define G_LOG_DOMAIN "debrief-window"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-call-import.h"
#include "debrief-call-item.h"
#include "debrief-cleanup.h"
#include "debrief-dialogs.h"
#include "debrief-paths.h"
#include "debrief-share.h"
#include "debrief-storage-config.h"
#include "debrief-window-private.h"

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

void
debrief_window_copy_share_link_clicked (GtkListItem *list_item,
                                        GtkButton   *button)
{
  activate_for_row (list_item, button, "library.copy-share-link");
}

void
debrief_window_rename_clicked (GtkListItem *list_item,
                               GtkButton   *button)
{
  activate_for_row (list_item, button, "library.rename-call");
}

void
debrief_window_delete_clicked (GtkListItem *list_item,
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
  debrief_window_search_again (self);
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
  debrief_window_search_again (self);
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
      debrief_window_search_again (self);
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

gboolean
debrief_window_drop (GtkDropTarget *target,
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
  debrief_window_search_again (self);
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
  debrief_dialog_add_choice (dialog, _("_Cancel"), "rename", _("_Rename"), ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "call-id", g_strdup (call_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Start a Coaching Call: straight away with the one active coach, else
 * after choosing one. */

static void
coach_chosen_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 DebriefWindow    *self)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GPtrArray *ids = g_object_get_data (G_OBJECT (dialog), "agent-ids");
  guint selected = gtk_drop_down_get_selected (choice);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (g_strcmp0 (response, "start") == 0 && selected < ids->len && application != NULL)
    debrief_application_start_coaching_call (DEBRIEF_APPLICATION (application), GTK_WINDOW (self),
                                             g_ptr_array_index (ids, selected));
  else if (g_strcmp0 (response, "coaches") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (application), "agents", NULL);
}

static void
new_coaching_call_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DebriefWindow *self = DEBRIEF_WINDOW (widget);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  AdwMessageDialog *dialog;
  GtkWidget *choice;

  if (self->store == NULL || application == NULL)
    {
      g_ptr_array_unref (ids);
      return;
    }

  agents = debrief_store_list_agents (self->store, debrief_store_get_user_id (self->store), NULL);
  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      DebriefAgent *agent = g_ptr_array_index (agents, i);

      if (agent->status == DEBRIEF_AGENT_STATUS_ACTIVE)
        {
          gtk_string_list_append (names, agent->name);
          g_ptr_array_add (ids, g_strdup (agent->id));
        }
    }

  if (ids->len == 1)
    {
      debrief_application_start_coaching_call (DEBRIEF_APPLICATION (application), GTK_WINDOW (self),
                                               g_ptr_array_index (ids, 0));
      g_ptr_array_unref (ids);
      return;
    }

  if (ids->len == 0)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("No Coach Is Active"),
                                                           _("Make a coach active, or add one, in Coaches.")));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "coaches", _("_Open Coaches"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "coaches", ADW_RESPONSE_SUGGESTED);
      choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
      gtk_widget_set_visible (choice, FALSE);
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Start a Coaching Call"),
                                                           _("Choose the coach to talk to.")));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start Call"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "start");
      choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Coach"), -1);
    }

  adw_message_dialog_set_extra_child (dialog, choice);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "agent-ids", ids, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (coach_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
debrief_window_add_call_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "library.new-coaching-call", NULL, new_coaching_call_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "library.new-coaching-call", NULL);
  gtk_widget_class_install_action (widget_class, "library.copy-share-link", "s", copy_share_link_action);
  gtk_widget_class_install_action (widget_class, "library.delete-call", "s", delete_call_action);
  gtk_widget_class_install_action (widget_class, "library.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "library.rename-call", "s", rename_call_action);
  gtk_widget_class_install_action (widget_class, "library.import", NULL, import_action);
}
