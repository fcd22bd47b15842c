/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-contacts-window-page.c: the Contacts window's page for one contact: its details checked and saved, calls, history */

#define G_LOG_DOMAIN "debrief-contacts-window"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-application.h"
#include "debrief-call-item.h"
#include "debrief-contacts-window-private.h"
#include "debrief-dialogs.h"
#include "debrief-history-row.h"
#include "debrief-phone.h"
#include "debrief-whatsapp-dialog.h"
#include "debrief-window.h"

/* Lists of calls and contact names elsewhere (the library, its filters) are out of date. */
static void
tell_library (DebriefContactsWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (DEBRIEF_IS_APPLICATION (application))
    g_signal_emit_by_name (application, "calls-changed");
}

/* The editor's fields and what is wrong with them */

static void
show_field_error (GtkWidget  *row,
                  GtkWidget  *error_row,
                  GtkLabel   *label,
                  const char *message)
{
  if (message == NULL)
    {
      if (!gtk_widget_get_visible (error_row))
        return;

      gtk_widget_set_visible (error_row, FALSE);
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (error_row, TRUE);
  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static void
show_name_error (DebriefContactsWindow *self,
                 const char            *message)
{
  show_field_error (GTK_WIDGET (self->name_row), self->name_error_row, self->name_error, message);
}

static void
show_phone_error (DebriefContactsWindow *self,
                  const char            *message)
{
  self->phone_error_is_whatsapp = FALSE;
  show_field_error (GTK_WIDGET (self->phone_row), self->phone_error_row, self->phone_error, message);
}

static void
show_email_error (DebriefContactsWindow *self,
                  const char            *message)
{
  show_field_error (GTK_WIDGET (self->email_row), self->email_error_row, self->email_error, message);
}

static void
clear_errors (DebriefContactsWindow *self)
{
  show_name_error (self, NULL);
  show_phone_error (self, NULL);
  show_email_error (self, NULL);
}

/* Typing into a field takes its error away. */
static void
field_changed_cb (DebriefContactsWindow *self,
                  GtkWidget             *row)
{
  if (row == GTK_WIDGET (self->name_row))
    show_name_error (self, NULL);
  else if (row == GTK_WIDGET (self->phone_row))
    show_phone_error (self, NULL);
  else if (row == GTK_WIDGET (self->email_row))
    show_email_error (self, NULL);
}

static void
whatsapp_changed_cb (DebriefContactsWindow *self)
{
  if (self->phone_error_is_whatsapp)
    show_phone_error (self, NULL);
}

/* A basic check that catches typing slips: one @, something before it
 * and a dot after it with something on both sides, no spaces. */
static gboolean
email_looks_valid (const char *email)
{
  const char *at = strchr (email, '@');
  const char *dot;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;

  for (const char *p = email; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return FALSE;

  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static char *
row_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* Reads the editor into @lead; shows what is wrong under each field and
 * moves to the first one when something is. */
static gboolean
read_editor (DebriefContactsWindow *self,
             DebriefLead           *lead)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *phone_text = row_text (self->phone_row);
  g_autofree char *email = row_text (self->email_row);
  g_autofree char *phone = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(GError) error = NULL;
  gboolean whatsapp = gtk_switch_get_active (self->whatsapp_switch);
  GtkWidget *first = NULL;
  GtkTextIter start, end;

  clear_errors (self);

  if (name == NULL)
    {
      show_name_error (self, _("A contact needs a name"));
      first = GTK_WIDGET (self->name_row);
    }

  if (phone_text != NULL && (phone = debrief_phone_normalize (phone_text, &error)) == NULL)
    {
      show_phone_error (self, error->message);
      first = first != NULL ? first : GTK_WIDGET (self->phone_row);
    }
  else if (phone_text == NULL && whatsapp)
    {
      show_phone_error (self, _("Add a phone number to send WhatsApp messages, or turn WhatsApp off"));
      self->phone_error_is_whatsapp = TRUE;
      first = first != NULL ? first : GTK_WIDGET (self->phone_row);
    }

  if (email != NULL && !email_looks_valid (email))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an email address: write it with one @ and a "
                                                    "domain after it, such as name@example.com"), email);

      show_email_error (self, message);
      first = first != NULL ? first : GTK_WIDGET (self->email_row);
    }

  if (first != NULL)
    {
      gtk_widget_grab_focus (first);
      return FALSE;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  stripped = g_strstrip (g_strdup (notes));
  if (*stripped == '\0')
    g_clear_pointer (&notes, g_free);

  g_free (lead->name);
  lead->name = g_steal_pointer (&name);
  g_free (lead->phone);
  lead->phone = g_steal_pointer (&phone);
  g_free (lead->email);
  lead->email = g_steal_pointer (&email);
  lead->whatsapp_opt_in = whatsapp;
  g_free (lead->notes);
  lead->notes = g_steal_pointer (&notes);

  return TRUE;
}

static void
fill_editor (DebriefContactsWindow *self)
{
  const DebriefLead *lead = self->editing;
  g_autofree char *phone = lead->phone != NULL ? debrief_phone_format (lead->phone) : NULL;

  set_row_text (self->name_row, lead->name);
  set_row_text (self->phone_row, phone);
  set_row_text (self->email_row, lead->email);
  gtk_switch_set_active (self->whatsapp_switch, lead->whatsapp_opt_in);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), lead->notes != NULL ? lead->notes : "", -1);
}

static void
scroll_editor_to_top (DebriefContactsWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->editor_page));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child)), 0);
}

/* The contact's calls and history, read off the UI thread */

typedef struct
{
  GPtrArray *calls;   /* (element-type DebriefCall): newest first */
  GPtrArray *history; /* (element-type DebriefConversation): newest last */
} Details;

static void
details_free (Details *details)
{
  g_clear_pointer (&details->calls, g_ptr_array_unref);
  g_clear_pointer (&details->history, g_ptr_array_unref);
  g_free (details);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Details, details_free)

static void
read_details_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DebriefContactsWindow *self = source_object;
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;
  g_autoptr(Details) details = g_new0 (Details, 1);
  GError *error = NULL;

  /* Only the store, which is thread-safe and kept until finalize, is read here. */
  filter.lead_id = task_data;
  details->calls = debrief_store_list_calls_filtered (self->store, &filter, DEBRIEF_CALL_SORT_NEWEST, 0, G_MAXUINT,
                                                      &error);
  if (details->calls != NULL)
    details->history = debrief_store_list_conversations_for_lead (self->store, task_data, &error);

  if (details->history == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&details), (GDestroyNotify) details_free);
}

static void
clear_details (DebriefContactsWindow *self)
{
  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  debrief_contacts_window_remove_rows (self->calls_group, self->call_rows);
  debrief_contacts_window_remove_rows (self->timeline_group, self->timeline_rows);
  gtk_widget_set_visible (GTK_WIDGET (self->calls_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_label), FALSE);
  debrief_contacts_window_set_loading (self, &self->details_loading, FALSE);
}

static void
open_call (DebriefContactsWindow *self,
           const char            *call_id)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application == NULL)
    application = GTK_APPLICATION (g_application_get_default ());
  g_return_if_fail (application != NULL);

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (DEBRIEF_IS_WINDOW (l->data))
      {
        GtkWindow *window = l->data;

        debrief_window_open_call (DEBRIEF_WINDOW (window), call_id);
        /* The call's page is in the main window, under this one. */
        gtk_window_close (GTK_WINDOW (self));
        gtk_window_present (window);
        return;
      }

  g_warning ("No library window to open the call %s in", call_id);
}

static void
call_row_activated_cb (AdwActionRow          *row,
                       DebriefContactsWindow *self)
{
  guint index;

  if (self->calls != NULL && g_ptr_array_find (self->call_rows, row, &index))
    {
      g_autofree char *call_id = g_strdup (((DebriefCall *) g_ptr_array_index (self->calls, index))->id);

      open_call (self, call_id);
    }
}

static GtkWidget *
make_call_row (DebriefContactsWindow *self,
               const DebriefCall     *call)
{
  g_autoptr(DebriefCallItem) item = debrief_call_item_new (call);
  g_autofree char *subtitle = debrief_call_item_dup_subtitle (item);
  const char *title = debrief_call_item_get_title (item);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("call-start-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open the call in the library"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  g_signal_connect_object (row, "activated", G_CALLBACK (call_row_activated_cb), self, 0);

  return row;
}

static void
show_details (DebriefContactsWindow *self,
              Details               *details)
{
  g_autofree char *no_calls = NULL;

  g_clear_pointer (&self->calls, g_ptr_array_unref);
  self->calls = g_steal_pointer (&details->calls);

  for (guint i = 0; i < self->calls->len; i++)
    debrief_contacts_window_add_row (self->calls_group, self->call_rows, make_call_row (self, g_ptr_array_index (self->calls, i)));
  /* Translators: %s is the contact's name */
  no_calls = g_strdup_printf (_("No calls with %s yet. Link a recording to them when you import it."),
                              self->editing->name);
  gtk_label_set_text (self->calls_label, no_calls);
  gtk_widget_set_visible (GTK_WIDGET (self->calls_label), self->calls->len == 0);

  for (guint i = 0; i < details->history->len; i++)
    debrief_contacts_window_add_row (self->timeline_group, self->timeline_rows,
                                     debrief_history_row_new_full (g_ptr_array_index (details->history, i), TRUE));
  gtk_label_set_text (self->timeline_label, _("Nothing yet. Notes about their calls and the messages sent to them "
                                              "appear here."));
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_label), details->history->len == 0);
}

static void
details_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Details) details = g_task_propagate_pointer (G_TASK (result), &error);

  /* Another contact is shown now, or the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (details != NULL)
    {
      show_details (self, details);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The contact’s calls and history could not be read: %s"),
                                                  error->message);

      gtk_label_set_text (self->calls_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->calls_label), TRUE);
    }

  debrief_contacts_window_set_loading (self, &self->details_loading, FALSE);
}

static void
read_details (DebriefContactsWindow *self)
{
  g_autoptr(GTask) task = NULL;

  clear_details (self);
  self->details_cancellable = g_cancellable_new ();
  debrief_contacts_window_set_loading (self, &self->details_loading, TRUE);

  task = g_task_new (self, self->details_cancellable, details_read_cb, NULL);
  g_task_set_source_tag (task, read_details);
  g_task_set_task_data (task, g_strdup (self->editing->id), g_free);
  g_task_run_in_thread (task, read_details_thread);
}

/**
 * debrief_contacts_window_reload_details:
 * @self: a #DebriefContactsWindow
 *
 * Reads the open contact's calls and history again: messages sent or
 * received meanwhile.
 */
void
debrief_contacts_window_reload_details (DebriefContactsWindow *self)
{
  g_return_if_fail (DEBRIEF_IS_CONTACTS_WINDOW (self));

  if (self->editing != NULL && self->editing->id != NULL)
    read_details (self);
}

/* The contact's page */

static void
forget_editing (DebriefContactsWindow *self)
{
  g_clear_pointer (&self->editing, debrief_lead_free);
  clear_details (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.delete", FALSE);
}

/* Opens the contact's page on a copy of @lead, or on a new contact. */
void
debrief_contacts_window_open_editor (DebriefContactsWindow *self,
                                     const DebriefLead     *lead)
{
  gboolean is_new = lead == NULL;

  forget_editing (self);
  self->editing = lead != NULL ? debrief_lead_copy (lead) : debrief_lead_new ();

  fill_editor (self);
  clear_errors (self);
  adw_window_title_set_title (self->editor_title, is_new ? _("New Contact") : lead->name);
  gtk_widget_set_visible (GTK_WIDGET (self->calls_group), !is_new);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_group), !is_new);
  gtk_widget_set_visible (self->delete_group, !is_new);
  /* WhatsApp needs the number saved. */
  gtk_widget_set_visible (self->message_button, !is_new && lead->phone != NULL && *lead->phone != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.save", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.delete", !is_new);
  if (!is_new)
    read_details (self);
  scroll_editor_to_top (self);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->editor);
  if (is_new)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

void
debrief_contacts_window_close_editor (DebriefContactsWindow *self)
{
  forget_editing (self);
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

/* Escape or a swipe closed the page: what it held is dropped. */
static void
editor_unmapped_cb (DebriefContactsWindow *self)
{
  forget_editing (self);
}

/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  debrief_contacts_window_close_editor (DEBRIEF_CONTACTS_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (widget);
  g_autoptr(DebriefLead) lead = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_new;

  if (self->editing == NULL)
    return;

  is_new = self->editing->id == NULL;
  lead = debrief_lead_copy (self->editing);
  if (!read_editor (self, lead))
    return;

  /* A single row: quick enough for the UI thread. */
  if (!debrief_store_save_lead (self->store, lead, &error))
    {
      debrief_contacts_window_toast (self, g_markup_printf_escaped (_("The contact could not be saved: %s"), error->message));
      return;
    }

  if (is_new)
    {
      debrief_contacts_window_toast (self, g_markup_printf_escaped (_("Added “%s”"), lead->name));
    }
  else
    {
      debrief_contacts_window_toast (self, g_markup_printf_escaped (_("Saved “%s”"), lead->name));
      /* The library names its calls after the contact. */
      tell_library (self);
    }
  debrief_contacts_window_close_editor (self);
  debrief_contacts_window_reload (self);
}

static void
delete_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    DebriefContactsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (self->editing == NULL || self->editing->id == NULL)
    return;

  /* Its history goes with it (ON DELETE CASCADE); its calls stay, without a contact (ON DELETE SET NULL). */
  if (!debrief_store_delete_lead (self->store, self->editing->id, &error))
    {
      debrief_contacts_window_toast (self, g_markup_printf_escaped (_("The contact could not be deleted: %s"), error->message));
      return;
    }

  name = g_strdup (self->editing->name);
  debrief_contacts_window_close_editor (self);
  debrief_contacts_window_toast (self, g_markup_printf_escaped (_("Deleted “%s”"), name));
  tell_library (self);
  debrief_contacts_window_reload (self);
}

/* What was sent joins the history once the dialog is done sending. */
static void
message_sending_cb (DebriefContactsWindow *self,
                    GParamSpec            *pspec,
                    DebriefWhatsAppDialog *dialog)
{
  if (!debrief_whatsapp_dialog_get_sending (dialog))
    debrief_contacts_window_reload_details (self);
}

/* A WhatsApp message without a recording, to this contact and any other */
static void
message_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  DebriefWhatsAppDialog *dialog;

  if (self->editing == NULL || self->editing->id == NULL)
    return;

  dialog = debrief_whatsapp_dialog_new_for_contact (GTK_WINDOW (self), self->store,
                                                    DEBRIEF_IS_APPLICATION (app)
                                                    ? debrief_application_get_settings (DEBRIEF_APPLICATION (app))
                                                    : NULL,
                                                    self->editing->id);
  g_signal_connect_object (dialog, "notify::sending", G_CALLBACK (message_sending_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->editing == NULL || self->editing->id == NULL)
    return;

  heading = g_strdup_printf (_("Delete “%s”?"), self->editing->name);
  if (self->calls == NULL)
    body = g_strdup (_("Their details and their history of notes and messages are deleted. Calls with them stay in "
                       "the library, with their recordings and notes, without a contact."));
  else if (self->calls->len == 0)
    body = g_strdup (_("Their details and their history of notes and messages are deleted."));
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Their details and their history of notes and messages are deleted. "
                                         "The call with them stays in the library, with its recording and notes, "
                                         "without a contact.",
                                         "Their details and their history of notes and messages are deleted. "
                                         "The %u calls with them stay in the library, with their recordings and "
                                         "notes, without a contact.",
                                         self->calls->len),
                            self->calls->len);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  debrief_dialog_add_choice (dialog, _("_Cancel"), "delete", _("_Delete"), ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response::delete", G_CALLBACK (delete_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}


void
debrief_contacts_window_page_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, editor_title);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, editor_page);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, name_error_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, name_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, phone_error_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, phone_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, email_error_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, email_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, whatsapp_switch);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, notes_view);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, calls_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, calls_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, timeline_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, message_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, delete_group);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, whatsapp_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_unmapped_cb);

  gtk_widget_class_install_action (widget_class, "contacts.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "contacts.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "contacts.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "contacts.message", NULL, message_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "contacts.save", NULL);
}
