/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recording-page-actions.c: what the recording page does with its call: export, share, show, rename, delete */

#define G_LOG_DOMAIN "debrief-recording"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "debrief-call-export.h"
#include "debrief-dialogs.h"
#include "debrief-recording-page-private.h"
#include "debrief-whatsapp-dialog.h"

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  debrief_recording_page_leave (DEBRIEF_RECORDING_PAGE (widget));
  gtk_widget_activate_action (widget, "library.show", NULL);
}

/* Rename, share and delete are the library's, for this call. */
static void
library_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);
  g_autofree char *call_id = g_strdup (self->call_id);

  if (call_id == NULL)
    return;

  if (g_str_equal (action_name, "recording.rename"))
    {
      gtk_widget_activate_action (widget, "library.rename-call", "s", call_id);
    }
  else if (g_str_equal (action_name, "recording.copy-share-link"))
    {
      gtk_widget_activate_action (widget, "library.copy-share-link", "s", call_id);
    }
  else if (g_str_equal (action_name, "recording.delete"))
    {
      debrief_recording_page_leave (self);
      gtk_widget_activate_action (widget, "library.show", NULL);
      gtk_widget_activate_action (widget, "library.delete-call", "s", call_id);
    }
}

/* Show in Files: the file manager selects the recording; where none
 * answers on the bus, its folder is opened. */

static void
shown_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DebriefRecordingPage) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply != NULL || self->call == NULL || self->call->recording_path == NULL)
    return;

  g_debug ("No file manager to select the recording: %s", error->message);
  file = g_file_new_for_path (self->call->recording_path);
  folder = g_file_get_parent (file);
  uri = g_file_get_uri (folder);
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);
}

static void
show_in_files_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);
  GDBusConnection *bus;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  const char *uris[2] = { NULL, NULL };

  if (self->call == NULL || self->call->recording_path == NULL)
    return;

  file = g_file_new_for_path (self->call->recording_path);
  uri = g_file_get_uri (file);
  uris[0] = uri;
  bus = g_application_get_dbus_connection (g_application_get_default ());
  if (bus == NULL)
    {
      gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), uri, GDK_CURRENT_TIME);
      return;
    }

  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          shown_cb, g_object_ref (self));
}

/* Export: a zip with everything, written off the UI thread with its
 * progress shown and a Cancel button. */

typedef struct
{
  char *call_id;
  char *zip_path;
} Export;

static void
export_free (Export *export)
{
  g_free (export->call_id);
  g_free (export->zip_path);
  g_free (export);
}

typedef struct
{
  DebriefRecordingPage *self;
  GCancellable         *cancellable;
  double                fraction;
} Progress;

static gboolean
show_progress_cb (gpointer user_data)
{
  Progress *progress = user_data;

  /* Only while this export is the one shown. */
  if (progress->self->export_cancellable == progress->cancellable)
    gtk_progress_bar_set_fraction (progress->self->export_progress, progress->fraction);

  g_object_unref (progress->self);
  g_object_unref (progress->cancellable);
  g_free (progress);

  return G_SOURCE_REMOVE;
}

/* From the worker thread */
static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  GTask *task = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (g_task_get_source_object (task));
  progress->cancellable = g_object_ref (g_task_get_cancellable (task));
  progress->fraction = fraction;
  g_main_context_invoke (NULL, show_progress_cb, progress);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DebriefRecordingPage *self = source;
  Export *export = task_data;
  GError *error = NULL;

  if (debrief_call_export (self->store, export->call_id, export->zip_path, export_progress_cb, task, cancellable,
                           &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (object);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (export->zip_path);
  g_autofree char *text = NULL;

  if (g_task_get_cancellable (G_TASK (result)) == self->export_cancellable)
    {
      g_clear_object (&self->export_cancellable);
      gtk_revealer_set_reveal_child (self->export_revealer, FALSE);
      g_object_notify (G_OBJECT (self), "exporting");
    }

  if (g_task_propagate_boolean (G_TASK (result), &error))
    text = g_strdup_printf (_("Exported to “%s”"), basename);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup (_("Export cancelled"));
  else
    text = g_strdup_printf (_("Could not export: %s"), error->message);

  debrief_recording_page_toast (self, adw_toast_new (text));
}

/**
 * debrief_recording_page_export:
 * @self: a #DebriefRecordingPage
 * @zip_path: where to write the zip
 *
 * Exports the call shown, with its progress on the page; the person can
 * cancel it. #DebriefRecordingPage:exporting is %TRUE meanwhile.
 */
void
debrief_recording_page_export (DebriefRecordingPage *self,
                               const char           *zip_path)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *text = NULL;
  Export *export;

  g_return_if_fail (DEBRIEF_IS_RECORDING_PAGE (self));
  g_return_if_fail (zip_path != NULL);

  if (self->call_id == NULL || self->store == NULL)
    return;

  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();

  basename = g_path_get_basename (zip_path);
  text = g_strdup_printf (_("Exporting to “%s”…"), basename);
  gtk_label_set_label (self->export_label, text);
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_revealer_set_reveal_child (self->export_revealer, TRUE);
  g_object_notify (G_OBJECT (self), "exporting");

  export = g_new0 (Export, 1);
  export->call_id = g_strdup (self->call_id);
  export->zip_path = g_strdup (zip_path);
  task = g_task_new (self, self->export_cancellable, exported_cb, NULL);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_cancellable_cancel (DEBRIEF_RECORDING_PAGE (widget)->export_cancellable);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
export_chooser_cb (GtkNativeDialog      *chooser,
                   int                   response,
                   DebriefRecordingPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        debrief_recording_page_export (self, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* A file name from the title: no folder separators, no leading dot. */
static char *
suggest_name (const DebriefCall *call)
{
  g_autofree char *title = g_strdup (debrief_call_title (call));

  g_strdelimit (title, "/\\:*?\"<>|", '-');
  g_strstrip (title);
  while (title[0] == '.')
    title[0] = '-';

  return g_strconcat (*title != '\0' ? title : "call", ".zip", NULL);
}

/* GtkFileChooserNative: GtkFileDialog needs GTK 4.10. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) zip = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->call == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Call"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = suggest_name (self->call);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (zip, _("Zip archives"));
  gtk_file_filter_add_mime_type (zip, "application/zip");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), zip);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chooser_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

G_GNUC_END_IGNORE_DEPRECATIONS

/* Link to Contact…: the call joins a contact's timeline. */

static void
contact_chosen_cb (AdwMessageDialog     *dialog,
                   const char           *response,
                   DebriefRecordingPage *self)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (dialog), "lead-ids");
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)));
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "link") != 0 || self->call == NULL || selected >= ids->len)
    return;

  call = debrief_store_get_call (self->store, self->call->id, &error);
  if (call != NULL)
    {
      g_free (call->lead_id);
      call->lead_id = g_strdup (g_ptr_array_index (ids, selected));
    }
  if (call == NULL || !debrief_store_save_call (self->store, call, &error))
    {
      debrief_recording_page_toast (self, adw_toast_new (error->message));
      return;
    }

  /* The page again, with the contact's name and history */
  debrief_recording_page_show_call (self, self->store, self->settings, call->id);
}

static void
link_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  AdwMessageDialog *dialog;
  GtkWidget *choice;
  guint selected = 0;

  if (self->call == NULL)
    {
      g_ptr_array_unref (ids);
      return;
    }

  gtk_string_list_append (names, _("No Contact"));
  g_ptr_array_add (ids, NULL);
  leads = debrief_store_list_leads (self->store, debrief_store_get_user_id (self->store), NULL);
  for (guint i = 0; leads != NULL && i < leads->len; i++)
    {
      DebriefLead *lead = g_ptr_array_index (leads, i);

      gtk_string_list_append (names, lead->name != NULL ? lead->name : lead->phone);
      g_ptr_array_add (ids, g_strdup (lead->id));
      if (g_strcmp0 (lead->id, self->call->lead_id) == 0)
        selected = ids->len - 1;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Link to a Contact"),
                                                       _("The call joins the contact’s history.")));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Contact"), -1);
  adw_message_dialog_set_extra_child (dialog, choice);
  debrief_dialog_add_choice (dialog, _("_Cancel"), "link", _("_Link"), ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "lead-ids", ids, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (contact_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Send to WhatsApp: the contacts to send to, their messages' fate */
static void
send_whatsapp_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);
  DebriefWhatsAppDialog *dialog;

  if (self->call == NULL || self->store == NULL)
    return;

  dialog = debrief_whatsapp_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->settings,
                                        self->call);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
debrief_recording_page_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "recording.send-whatsapp", NULL, send_whatsapp_action);
  gtk_widget_class_install_action (widget_class, "recording.link-contact", NULL, link_contact_action);
  gtk_widget_class_install_action (widget_class, "recording.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "recording.rename", NULL, library_action);
  gtk_widget_class_install_action (widget_class, "recording.copy-share-link", NULL, library_action);
  gtk_widget_class_install_action (widget_class, "recording.delete", NULL, library_action);
  gtk_widget_class_install_action (widget_class, "recording.show-in-files", NULL, show_in_files_action);
  gtk_widget_class_install_action (widget_class, "recording.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "recording.cancel-export", NULL, cancel_export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "recording.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "recording.export", NULL);
}
