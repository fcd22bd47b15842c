/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-dialog.c: sending a call's recording to one or several contacts on WhatsApp */

#define G_LOG_DOMAIN "debrief-whatsapp"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-caption.h"
#include "debrief-phone.h"
#include "debrief-transcoder.h"
#include "debrief-whatsapp-dialog.h"
#include "debrief-whatsapp-outbox.h"
#include "debrief-whatsapp-provider.h"

typedef struct
{
  DebriefLead *lead;
  GtkWidget   *row;
  GtkWidget   *check;
  GtkWidget   *status;
  GtkWidget   *retry;
  char        *message_id;   /* once queued */
} Recipient;

struct _DebriefWhatsAppDialog
{
  AdwWindow              parent_instance;

  GtkListBox            *recipients_list;
  AdwEntryRow           *number_row;
  GtkLabel              *number_error;
  GtkTextView           *caption_view;
  GtkWidget             *form_group;
  AdwComboRow           *form_row;
  GtkLabel              *size_label;
  AdwPreferencesGroup   *caption_group;
  GtkWidget             *send_button;

  DebriefStore          *store;
  GSettings             *settings;
  DebriefCall           *call;
  GPtrArray             *recipients;
  GArray                *forms;        /* Form, as listed in form_row */
  DebriefWhatsAppOutbox *outbox;
  GCancellable          *cancellable;
  gboolean               sending;
  gboolean               sends_links;  /* Twilio: the cloud copy as it is */
};

/* A way to send, as offered */
typedef struct
{
  DebriefWhatsAppForm form;
  guint               kbps;
} Form;

G_DEFINE_FINAL_TYPE (DebriefWhatsAppDialog, debrief_whatsapp_dialog, ADW_TYPE_WINDOW)

static void
recipient_free (Recipient *recipient)
{
  debrief_lead_free (recipient->lead);
  g_free (recipient->message_id);
  g_free (recipient);
}

static void send_queued (DebriefWhatsAppDialog *self);

static const Form *
selected_form (DebriefWhatsAppDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->form_row);

  return &g_array_index (self->forms, Form, MIN (selected, self->forms->len - 1));
}

/* Whether the recording can go so; @error says why not */
static gboolean
form_fits (DebriefWhatsAppDialog  *self,
           const Form             *form,
           GError                **error)
{
  if (self->sends_links && self->call != NULL &&
      (form->form == DEBRIEF_WHATSAPP_FORM_VOICE_NOTE || form->form == DEBRIEF_WHATSAPP_FORM_AUDIO_FILE))
    return debrief_whatsapp_check_cloud_copy (self->call, error);

  return debrief_whatsapp_check_size (self->call, form->form, form->kbps, error);
}

/* Sending is for when nothing is going and the recording fits */
static void
update_send_button (DebriefWhatsAppDialog *self)
{
  const Form *form = selected_form (self);

  gtk_widget_set_sensitive (self->send_button,
                            !self->sending && form_fits (self, form, NULL));
}

/* A recipient's message, as the store has it now */
static DebriefConversation *
read_message (DebriefWhatsAppDialog *self,
              Recipient             *recipient)
{
  g_autoptr(GPtrArray) timeline = NULL;

  if (recipient->message_id == NULL)
    return NULL;

  timeline = debrief_store_list_conversations_for_lead (self->store, recipient->lead->id, NULL);
  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    if (g_str_equal (((DebriefConversation *) g_ptr_array_index (timeline, i))->id, recipient->message_id))
      return debrief_conversation_copy (g_ptr_array_index (timeline, i));

  return NULL;
}

/* A word beside the name, the reason (if any) under the number, where
 * it has the row's width */
static void
set_status (Recipient  *recipient,
            const char *status,
            const char *reason,
            gboolean    failed)
{
  g_autofree char *phone = debrief_phone_format (recipient->lead->phone);
  g_autofree char *subtitle = reason != NULL ? g_strdup_printf ("%s\n%s", phone, reason) : g_strdup (phone);

  gtk_label_set_label (GTK_LABEL (recipient->status), status);
  gtk_widget_set_visible (recipient->status, *status != '\0');
  adw_action_row_set_subtitle (ADW_ACTION_ROW (recipient->row), subtitle);
  if (failed)
    gtk_widget_add_css_class (recipient->status, "error");
  else
    gtk_widget_remove_css_class (recipient->status, "error");
}

static void
show_status (DebriefWhatsAppDialog *self,
             Recipient             *recipient)
{
  g_autoptr(DebriefConversation) message = read_message (self, recipient);
  gboolean failed = FALSE;

  if (message == NULL)
    set_status (recipient, "", NULL, FALSE);
  else if (g_strcmp0 (message->status, "sent") == 0)
    set_status (recipient, _("Sent"), message->error, FALSE);
  else if (g_strcmp0 (message->status, "failed") == 0)
    {
      set_status (recipient, _("Not sent"), message->error != NULL ? message->error : _("Unknown reason"), TRUE);
      failed = TRUE;
    }
  else if (self->sending)
    set_status (recipient, _("Sending…"), NULL, FALSE);
  else
    set_status (recipient, _("Waiting"),
                message->error != NULL ? message->error : _("It goes out when WhatsApp can be reached"), FALSE);

  gtk_widget_set_visible (recipient->retry, failed && !self->sending);
  /* Sent once is enough. */
  gtk_widget_set_sensitive (recipient->check, message == NULL);
}

static void
show_statuses (DebriefWhatsAppDialog *self)
{
  for (guint i = 0; i < self->recipients->len; i++)
    show_status (self, g_ptr_array_index (self->recipients, i));
  update_send_button (self);
}

/* The caption or message for one person, the template filled in */
static char *
fill_text (DebriefWhatsAppDialog *self,
           Recipient             *recipient)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->caption_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return debrief_caption_fill (text, recipient->lead, self->call);
}

static void
retry_clicked_cb (GtkButton *button,
                  gpointer   user_data)
{
  DebriefWhatsAppDialog *self = g_object_get_data (G_OBJECT (button), "dialog");
  Recipient *recipient = user_data;
  g_autoptr(DebriefConversation) message = read_message (self, recipient);
  g_autoptr(GError) error = NULL;

  g_autofree char *text = NULL;
  const Form *form;

  if (message == NULL || self->sending)
    return;

  /* Again, as the dialog says now: another form may be what lets it go. */
  form = selected_form (self);
  text = fill_text (self, recipient);
  if (!form_fits (self, form, &error) ||
      !debrief_whatsapp_message_set_form (message, self->call, text, form->form, form->kbps, &error) ||
      !debrief_store_save_conversation (self->store, message, &error))
    {
      set_status (recipient, _("Not sent"), error->message, TRUE);
      return;
    }
  send_queued (self);
}

static Recipient *
add_recipient (DebriefWhatsAppDialog *self,
               const DebriefLead     *lead,
               gboolean               checked)
{
  Recipient *recipient = g_new0 (Recipient, 1);
  g_autofree char *phone = debrief_phone_format (lead->phone);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  recipient->lead = debrief_lead_copy (lead);
  recipient->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (recipient->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (recipient->row), lead->name != NULL ? lead->name : phone);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (recipient->row), phone);

  recipient->check = gtk_check_button_new ();
  gtk_check_button_set_active (GTK_CHECK_BUTTON (recipient->check), checked);
  gtk_accessible_update_property (GTK_ACCESSIBLE (recipient->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  lead->name != NULL ? lead->name : phone, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (recipient->row), recipient->check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (recipient->row), recipient->check);

  recipient->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (recipient->status), 1);
  gtk_widget_set_visible (recipient->status, FALSE);
  recipient->retry = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_halign (recipient->retry, GTK_ALIGN_END);
  gtk_widget_set_visible (recipient->retry, FALSE);
  g_object_set_data (G_OBJECT (recipient->retry), "dialog", self);
  g_signal_connect (recipient->retry, "clicked", G_CALLBACK (retry_clicked_cb), recipient);
  gtk_box_append (GTK_BOX (box), recipient->status);
  gtk_box_append (GTK_BOX (box), recipient->retry);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (recipient->row), box);

  gtk_list_box_append (self->recipients_list, recipient->row);
  g_ptr_array_add (self->recipients, recipient);

  return recipient;
}

/* A number typed in: checked, and made a contact when it is new. */
static void
number_applied_cb (DebriefWhatsAppDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->number_row));
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefLead) lead = debrief_whatsapp_contact_for_number (self->store, text, &error);

  gtk_widget_set_visible (GTK_WIDGET (self->number_error), lead == NULL);
  if (lead == NULL)
    {
      gtk_label_set_label (self->number_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->number_row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->number_row), "error");
  for (guint i = 0; i < self->recipients->len; i++)
    {
      Recipient *known = g_ptr_array_index (self->recipients, i);

      if (g_str_equal (known->lead->id, lead->id))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (known->check), TRUE);
          gtk_editable_set_text (GTK_EDITABLE (self->number_row), "");
          return;
        }
    }

  add_recipient (self, lead, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), "");
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  DebriefWhatsAppDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  self->sending = FALSE;
  if (!debrief_whatsapp_outbox_send_finish (DEBRIEF_WHATSAPP_OUTBOX (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Not configured, or the queue unreadable: said on every waiting row */
      for (guint i = 0; i < self->recipients->len; i++)
        {
          Recipient *recipient = g_ptr_array_index (self->recipients, i);

          if (recipient->message_id != NULL)
            {
              show_status (self, recipient);
              set_status (recipient, _("Waiting"), error->message, FALSE);
            }
        }
      update_send_button (self);
      g_object_notify (G_OBJECT (self), "sending");
      g_object_unref (self);
      return;
    }

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    show_statuses (self);
  g_object_notify (G_OBJECT (self), "sending");
  g_object_unref (self);
}

static void
send_queued (DebriefWhatsAppDialog *self)
{
  self->sending = TRUE;
  show_statuses (self);
  g_object_notify (G_OBJECT (self), "sending");
  debrief_whatsapp_outbox_send_async (self->outbox, self->cancellable, sent_cb, g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DebriefWhatsAppDialog *self = DEBRIEF_WHATSAPP_DIALOG (widget);
  const Form *form = selected_form (self);
  g_autoptr(GError) error = NULL;
  guint queued = 0;

  if (self->sending)
    return;

  /* Over 16 MB: nothing queued that would only fail */
  if (!form_fits (self, form, &error))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->form_row));
      return;
    }

  for (guint i = 0; i < self->recipients->len; i++)
    {
      Recipient *recipient = g_ptr_array_index (self->recipients, i);
      g_autoptr(DebriefConversation) message = NULL;
      g_autofree char *text = NULL;

      if (recipient->message_id != NULL || !gtk_check_button_get_active (GTK_CHECK_BUTTON (recipient->check)))
        continue;

      /* The template, filled in for each person */
      text = fill_text (self, recipient);
      message = debrief_whatsapp_enqueue (self->store, self->call != NULL ? self->call->id : NULL, recipient->lead->id,
                                          text, form->form,
                                          form->kbps, &error);
      if (message == NULL)
        {
          set_status (recipient, _("Not sent"), error->message, TRUE);
          g_clear_error (&error);
          continue;
        }
      recipient->message_id = g_strdup (message->id);
      queued++;
    }

  if (queued > 0)
    send_queued (self);
}

/* What the chosen form means, and whether it fits */
static void
form_changed_cb (DebriefWhatsAppDialog *self)
{
  const Form *form = selected_form (self);
  g_autoptr(GError) error = NULL;
  gboolean fits = form_fits (self, form, &error);
  const char *subtitle = NULL;

  switch (form->form)
    {
    case DEBRIEF_WHATSAPP_FORM_VOICE_NOTE:
      subtitle = form->kbps != 0 ? _("Lower quality, so it fits WhatsApp’s 16 MB")
                                 : _("Plays in the chat like a voice message");
      break;

    case DEBRIEF_WHATSAPP_FORM_AUDIO_FILE:
      subtitle = self->sends_links ? _("The recording as it is in your cloud storage, fetched by Twilio")
                                   : _("An M4A file the person can save");
      break;

    case DEBRIEF_WHATSAPP_FORM_LINK:
      subtitle = _("The recording stays in your cloud storage; the link works for 7 days");
      break;

    case DEBRIEF_WHATSAPP_FORM_TEXT:
    default:
      subtitle = _("The message alone, without the recording");
      break;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->form_row), subtitle);

  if (!fits)
    {
      g_autoptr(GString) fitting = g_string_new (NULL);
      GListModel *labels = adw_combo_row_get_model (self->form_row);
      g_autofree char *text = NULL;

      /* The ways out this call has, by name */
      for (guint i = 0; i < self->forms->len; i++)
        {
          const Form *other = &g_array_index (self->forms, Form, i);

          if (other->form == DEBRIEF_WHATSAPP_FORM_TEXT || !form_fits (self, other, NULL))
            continue;
          if (fitting->len > 0)
            g_string_append (fitting, _(" or "));
          g_string_append_printf (fitting, _("“%s”"), gtk_string_list_get_string (GTK_STRING_LIST (labels), i));
        }
      if (fitting->len > 0)
        /* Translators: the second %s names ways to send, such as “Voice Note at 24 kbit/s” or “Link to the
         * Recording” */
        text = g_strdup_printf (_("%s. Choose %s in Send As instead."), error->message, fitting->str);
      else
        text = g_strdup_printf (_("%s. Upload it to cloud storage to send a link to it, or send a message alone."),
                                error->message);
      gtk_label_set_label (self->size_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->size_label), !fits);
  update_send_button (self);

  if (form->form == DEBRIEF_WHATSAPP_FORM_LINK || form->form == DEBRIEF_WHATSAPP_FORM_TEXT)
    {
      adw_preferences_group_set_title (self->caption_group, _("Message"));
      adw_preferences_group_set_description (self->caption_group,
                                             form->form == DEBRIEF_WHATSAPP_FORM_LINK
                                             ? _("{name}, {title} and {date} are filled in for each person; "
                                                 "{link} is where the link goes (at the end without it).")
                                             : self->call != NULL
                                             ? _("{name}, {title} and {date} are filled in for each person.")
                                             : _("{name} is filled in for each person."));
    }
  else
    {
      adw_preferences_group_set_title (self->caption_group, _("Caption"));
      adw_preferences_group_set_description (self->caption_group,
                                             _("{name}, {title} and {date} are filled in for each person."));
    }
}

static void
add_form (DebriefWhatsAppDialog *self,
          GtkStringList         *labels,
          const char            *label,
          DebriefWhatsAppForm    form,
          guint                  kbps)
{
  Form entry = { form, kbps };

  gtk_string_list_append (labels, label);
  g_array_append_val (self->forms, entry);
}

/* The ways this call's recording can go, the first that fits chosen */
static void
list_forms (DebriefWhatsAppDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) uploads = NULL;
  gboolean local;
  gboolean cloud = FALSE;
  guint chosen = G_MAXUINT;

  /* From a contact: a message, nothing to choose */
  if (self->call == NULL)
    {
      add_form (self, labels, _("Message Only"), DEBRIEF_WHATSAPP_FORM_TEXT, 0);
      adw_combo_row_set_model (self->form_row, G_LIST_MODEL (labels));
      gtk_widget_set_visible (self->form_group, FALSE);
      form_changed_cb (self);
      return;
    }

  uploads = debrief_store_list_file_uploads_for_call (self->store, self->call->id, NULL);
  local = self->call->recording_path != NULL && g_file_test (self->call->recording_path, G_FILE_TEST_IS_REGULAR);

  for (guint i = 0; uploads != NULL && i < uploads->len; i++)
    {
      const DebriefFileUpload *upload = g_ptr_array_index (uploads, i);

      if (upload->kind == DEBRIEF_UPLOAD_KIND_RECORDING && upload->backend != DEBRIEF_STORAGE_BACKEND_LOCAL)
        cloud = TRUE;
    }

  /* Twilio fetches the cloud copy as it is: no file made here. */
  if (self->sends_links)
    {
      if (cloud)
        add_form (self, labels, _("Recording"), DEBRIEF_WHATSAPP_FORM_AUDIO_FILE, 0);
    }
  else if (local)
    {
      guint fitting = debrief_whatsapp_fitting_bitrate (self->call->duration_seconds);

      add_form (self, labels, _("Voice Note"), DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, 0);
      if (fitting != 0 && fitting < debrief_transcode_preset_get_bitrate (DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE))
        {
          g_autofree char *label = g_strdup_printf (_("Voice Note at %u kbit/s"), fitting);

          add_form (self, labels, label, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, fitting);
        }
      add_form (self, labels, _("Audio File"), DEBRIEF_WHATSAPP_FORM_AUDIO_FILE, 0);
    }
  if (cloud)
    add_form (self, labels, _("Link to the Recording"), DEBRIEF_WHATSAPP_FORM_LINK, 0);
  add_form (self, labels, _("Message Only"), DEBRIEF_WHATSAPP_FORM_TEXT, 0);

  for (guint i = 0; i < self->forms->len && chosen == G_MAXUINT; i++)
    {
      const Form *form = &g_array_index (self->forms, Form, i);

      if (form_fits (self, form, NULL))
        chosen = i;
    }

  adw_combo_row_set_model (self->form_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->form_row, chosen != G_MAXUINT ? chosen : 0);
  form_changed_cb (self);
}

/**
 * debrief_whatsapp_dialog_get_sending:
 * @self: a #DebriefWhatsAppDialog
 *
 * Returns: whether messages are being sent
 */
gboolean
debrief_whatsapp_dialog_get_sending (DebriefWhatsAppDialog *self)
{
  g_return_val_if_fail (DEBRIEF_IS_WHATSAPP_DIALOG (self), FALSE);

  return self->sending;
}

static DebriefWhatsAppDialog *
dialog_new (GtkWindow         *parent,
            DebriefStore      *store,
            GSettings         *settings,
            const DebriefCall *call,
            const char        *checked_lead_id)
{
  DebriefWhatsAppDialog *self;
  g_autoptr(GPtrArray) leads = NULL;

  self = g_object_new (DEBRIEF_TYPE_WHATSAPP_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->call = call != NULL ? debrief_call_copy (call) : NULL;
  self->outbox = debrief_whatsapp_outbox_new (store, settings, NULL);
  self->sends_links = debrief_whatsapp_provider_config_sends_links (settings, NULL);
  list_forms (self);
  g_signal_connect_object (self->form_row, "notify::selected", G_CALLBACK (form_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The caption template is about a recording; a message starts blank,
   * where the typing goes. */
  if (call == NULL)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->caption_view));
  else if (settings != NULL)
    {
      g_autofree char *template = g_settings_get_string (settings, "whatsapp-caption-template");

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->caption_view), template, -1);
    }

  leads = debrief_store_list_leads (store, debrief_store_get_user_id (store), NULL);
  for (guint i = 0; leads != NULL && i < leads->len; i++)
    {
      DebriefLead *lead = g_ptr_array_index (leads, i);

      if (lead->phone != NULL && *lead->phone != '\0')
        add_recipient (self, lead, g_strcmp0 (lead->id, checked_lead_id) == 0);
    }

  return self;
}

/**
 * debrief_whatsapp_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: the store
 * @settings: (nullable): the preferences (the provider)
 * @call: the call whose recording is sent
 *
 * Returns: (transfer floating): a dialog listing the contacts with a
 *   phone number, the call's contact checked
 */
DebriefWhatsAppDialog *
debrief_whatsapp_dialog_new (GtkWindow         *parent,
                             DebriefStore      *store,
                             GSettings         *settings,
                             const DebriefCall *call)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (call != NULL, NULL);

  return dialog_new (parent, store, settings, call, call->lead_id);
}

/**
 * debrief_whatsapp_dialog_new_for_contact:
 * @parent: (nullable): the window it belongs to
 * @store: the store
 * @settings: (nullable): the preferences (the provider)
 * @lead_id: the contact to write to
 *
 * Returns: (transfer floating): a dialog for a message without a
 *   recording, to the contact and any other checked
 */
DebriefWhatsAppDialog *
debrief_whatsapp_dialog_new_for_contact (GtkWindow    *parent,
                                         DebriefStore *store,
                                         GSettings    *settings,
                                         const char   *lead_id)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (lead_id != NULL, NULL);

  return dialog_new (parent, store, settings, NULL, lead_id);
}

static void
debrief_whatsapp_dialog_dispose (GObject *object)
{
  DebriefWhatsAppDialog *self = (DebriefWhatsAppDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_WHATSAPP_DIALOG);

  G_OBJECT_CLASS (debrief_whatsapp_dialog_parent_class)->dispose (object);
}

static void
debrief_whatsapp_dialog_finalize (GObject *object)
{
  DebriefWhatsAppDialog *self = (DebriefWhatsAppDialog *) object;

  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  g_clear_pointer (&self->forms, g_array_unref);
  g_clear_pointer (&self->call, debrief_call_free);
  g_clear_object (&self->outbox);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (debrief_whatsapp_dialog_parent_class)->finalize (object);
}

static void
debrief_whatsapp_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  if (prop_id == 1)
    g_value_set_boolean (value, DEBRIEF_WHATSAPP_DIALOG (object)->sending);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
debrief_whatsapp_dialog_class_init (DebriefWhatsAppDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_whatsapp_dialog_dispose;
  object_class->finalize = debrief_whatsapp_dialog_finalize;
  object_class->get_property = debrief_whatsapp_dialog_get_property;

  g_object_class_install_property (object_class, 1,
                                   g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_install_action (widget_class, "whatsapp.send", NULL, send_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/whatsapp-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, recipients_list);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, number_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, caption_view);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, form_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, caption_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppDialog, send_button);
}

static void
debrief_whatsapp_dialog_init (DebriefWhatsAppDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) recipient_free);
  self->forms = g_array_new (FALSE, FALSE, sizeof (Form));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->number_row, "apply", G_CALLBACK (number_applied_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->number_row, "entry-activated", G_CALLBACK (number_applied_cb), self,
                           G_CONNECT_SWAPPED);
}
