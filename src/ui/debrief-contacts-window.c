/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-contacts-window.c: the Contacts window: the people called, listed and searched, with their calls and history */

#define G_LOG_DOMAIN "debrief-contacts-window"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-contacts-window-private.h"
#include "debrief-phone.h"

G_DEFINE_FINAL_TYPE (DebriefContactsWindow, debrief_contacts_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Takes @title, which is markup: escape what the user wrote. */
void
debrief_contacts_window_toast (DebriefContactsWindow *self,
                               char                  *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
  g_free (title);
}

/* Sets one of the two reads, notifying :loading when either is running. */
void
debrief_contacts_window_set_loading (DebriefContactsWindow *self,
                                     gboolean              *which,
                                     gboolean               loading)
{
  gboolean before = self->list_loading || self->details_loading;

  *which = loading;
  if (before != (self->list_loading || self->details_loading))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
debrief_contacts_window_remove_rows (AdwPreferencesGroup *group,
                                     GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

void
debrief_contacts_window_add_row (AdwPreferencesGroup *group,
                                 GPtrArray           *rows,
                                 GtkWidget           *row)
{
  g_ptr_array_add (rows, g_object_ref_sink (row));
  adw_preferences_group_add (group, row);
}

/* The list and its search */

/* The digits of @text when it could be (part of) a phone number, else %NULL. */
static char *
phone_digits (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr ("+ -./()", *p) == NULL)
        return NULL;
    }

  /* 00 is the international prefix in most of the world. */
  if (g_str_has_prefix (digits->str, "00"))
    g_string_erase (digits, 0, 2);

  return digits->len > 0 ? g_string_free (g_steal_pointer (&digits), FALSE) : NULL;
}

static gboolean
contains_folded (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

static gboolean
lead_matches (const DebriefLead *lead,
              const char        *text,
              const char        *folded,
              const char        *digits)
{
  if (contains_folded (lead->name, folded) || g_str_match_string (text, lead->name, TRUE) ||
      contains_folded (lead->email, folded))
    return TRUE;

  if (digits == NULL || lead->phone == NULL)
    return FALSE;

  /* As written at home, a leading 0 is the trunk prefix that the
   * country code replaces: 030 123 finds +49 30 123. */
  return strstr (lead->phone, digits) != NULL ||
         (digits[0] == '0' && digits[1] != '\0' && strstr (lead->phone, digits + 1) != NULL);
}

static void
apply_search (DebriefContactsWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *digits = phone_digits (text);
  guint shown = 0;

  if (self->leads == NULL)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      gboolean match = *text == '\0' || lead_matches (g_ptr_array_index (self->leads, i), text, folded, digits);

      gtk_widget_set_visible (g_ptr_array_index (self->rows, i), match);
      shown += match ? 1 : 0;
    }

  if (self->leads->len == 0)
    {
      gtk_label_set_text (self->empty_label, _("No contacts yet. Add the people you call to keep their calls and "
                                               "messages together."));
    }
  else if (shown == 0)
    {
      g_autofree char *message = g_strdup_printf (_("No contact matches “%s”."), text);

      gtk_label_set_text (self->empty_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), shown == 0);
}

static void
search_changed_cb (DebriefContactsWindow *self)
{
  apply_search (self);
}

static void
row_activated_cb (AdwActionRow          *row,
                  DebriefContactsWindow *self)
{
  guint index;

  if (g_ptr_array_find (self->rows, row, &index))
    debrief_contacts_window_open_editor (self, g_ptr_array_index (self->leads, index));
}

static GtkWidget *
make_row (DebriefContactsWindow *self,
          const DebriefLead     *lead)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *phone = lead->phone != NULL ? debrief_phone_format (lead->phone) : NULL;
  g_autoptr(GString) subtitle = g_string_new (phone);
  g_autoptr(GString) description = NULL;

  if (lead->email != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", lead->email);
  description = g_string_new (subtitle->str);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lead->name);
  if (subtitle->len > 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (lead->whatsapp_opt_in)
    {
      GtkWidget *whatsapp = gtk_label_new (_("WhatsApp"));

      gtk_widget_add_css_class (whatsapp, "dim-label");
      gtk_widget_set_tooltip_text (whatsapp, _("Agreed to WhatsApp messages"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), whatsapp);
      g_string_append_printf (description, "%s%s", description->len > 0 ? ", " : "",
                              _("agreed to WhatsApp messages"));
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, lead->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);

  return row;
}

static void
show_leads (DebriefContactsWindow *self,
            GPtrArray             *leads)
{
  debrief_contacts_window_remove_rows (self->list_group, self->rows);
  g_clear_pointer (&self->leads, g_ptr_array_unref);
  self->leads = leads;

  for (guint i = 0; i < leads->len; i++)
    debrief_contacts_window_add_row (self->list_group, self->rows, make_row (self, g_ptr_array_index (leads, i)));

  apply_search (self);
}

static void
list_leads_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *leads = debrief_store_list_leads (task_data, NULL, &error);

  if (leads == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, leads, (GDestroyNotify) g_ptr_array_unref);
}

static void
leads_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *leads = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer listing is on its way, or the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (leads != NULL)
    {
      show_leads (self, leads);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The contacts could not be read: %s"), error->message);

      gtk_label_set_text (self->empty_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->empty_label), TRUE);
    }

  debrief_contacts_window_set_loading (self, &self->list_loading, FALSE);
}

/* Lists the contacts again, off the UI thread. */
void
debrief_contacts_window_reload (DebriefContactsWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  debrief_contacts_window_set_loading (self, &self->list_loading, TRUE);

  task = g_task_new (self, self->cancellable, leads_listed_cb, NULL);
  g_task_set_source_tag (task, debrief_contacts_window_reload);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, list_leads_thread);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  debrief_contacts_window_open_editor (DEBRIEF_CONTACTS_WINDOW (widget), NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (widget);

  if (self->editing != NULL)
    debrief_contacts_window_close_editor (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GObject */

static void
debrief_contacts_window_constructed (GObject *object)
{
  DebriefContactsWindow *self = (DebriefContactsWindow *) object;

  G_OBJECT_CLASS (debrief_contacts_window_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL);

  debrief_contacts_window_reload (self);
}

static void
debrief_contacts_window_dispose (GObject *object)
{
  DebriefContactsWindow *self = (DebriefContactsWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->call_rows, 0);
  g_ptr_array_set_size (self->timeline_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_CONTACTS_WINDOW);

  G_OBJECT_CLASS (debrief_contacts_window_parent_class)->dispose (object);
}

static void
debrief_contacts_window_finalize (GObject *object)
{
  DebriefContactsWindow *self = (DebriefContactsWindow *) object;

  /* Read by worker threads, which hold the window: released last. */
  g_clear_object (&self->store);
  g_clear_pointer (&self->leads, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_pointer (&self->call_rows, g_ptr_array_unref);
  g_clear_pointer (&self->timeline_rows, g_ptr_array_unref);
  g_clear_pointer (&self->editing, debrief_lead_free);

  G_OBJECT_CLASS (debrief_contacts_window_parent_class)->finalize (object);
}

static void
debrief_contacts_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, debrief_contacts_window_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_contacts_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  DebriefContactsWindow *self = DEBRIEF_CONTACTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_contacts_window_class_init (DebriefContactsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = debrief_contacts_window_constructed;
  object_class->dispose = debrief_contacts_window_dispose;
  object_class->finalize = debrief_contacts_window_finalize;
  object_class->get_property = debrief_contacts_window_get_property;
  object_class->set_property = debrief_contacts_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DEBRIEF_TYPE_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DebriefContactsWindow:loading:
   *
   * Whether the list of contacts, or the calls and history of the contact
   * shown, are being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/contacts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, list_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefContactsWindow, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "contacts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "contacts.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "contacts.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "contacts.search", NULL);

  debrief_contacts_window_page_class_init (widget_class);
}

static void
debrief_contacts_window_init (DebriefContactsWindow *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->call_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->timeline_rows = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.delete", FALSE);
}

/**
 * debrief_contacts_window_new:
 * @store: the store the contacts are kept in
 *
 * Returns: (transfer full): a new Contacts window
 */
DebriefContactsWindow *
debrief_contacts_window_new (DebriefStore *store)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);

  return g_object_new (DEBRIEF_TYPE_CONTACTS_WINDOW, "store", store, NULL);
}

/**
 * debrief_contacts_window_get_loading:
 * @self: a #DebriefContactsWindow
 *
 * Returns: whether the list of contacts, or the calls and history of the
 *   contact shown, are being read
 */
gboolean
debrief_contacts_window_get_loading (DebriefContactsWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CONTACTS_WINDOW (self), FALSE);

  return self->list_loading || self->details_loading;
}

/**
 * debrief_contacts_window_get_leads:
 * @self: a #DebriefContactsWindow
 *
 * Returns: (transfer none) (element-type DebriefLead) (nullable): the
 *   contacts listed, by name, whatever the search; %NULL before the first
 *   listing
 */
GPtrArray *
debrief_contacts_window_get_leads (DebriefContactsWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CONTACTS_WINDOW (self), NULL);

  return self->leads;
}
