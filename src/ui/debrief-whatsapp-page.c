/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-page.c: Preferences → WhatsApp: the provider, its tokens and sender, the caption template */

#define G_LOG_DOMAIN "debrief-whatsapp-page"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-caption.h"
#include "debrief-phone.h"
#include "debrief-secrets.h"
#include "debrief-whatsapp-page.h"

#define SAVE_DELAY_MS 600
/* A number is checked once the typing pauses, not at every digit. */
#define CHECK_DELAY_MS 1000

/* What saves one token to the keyring, one save at a time. It outlives the
* page, so that a token typed just before the preferences close is kept. */
typedef struct
{
  DebriefWhatsAppPage *page;    /* NULL once the page is gone */
  const char          *service;
  const char          *label;
  gboolean             saving;
  char                *next;
} Saver;

/* A token kept in the keyring, and the row it is typed into. */
typedef struct
{
  AdwPasswordEntryRow *row;
  guint                timeout;
  gboolean             loading;
  gboolean             edited;
  Saver               *saver;
} Secret;

enum {
  SECRET_CLOUD_TOKEN,
  SECRET_TWILIO_AUTH_TOKEN,
  N_SECRETS
};

struct _DebriefWhatsAppPage
{
  AdwPreferencesPage   parent_instance;

  AdwComboRow         *provider_row;
  AdwPreferencesGroup *cloud_group;
  AdwPasswordEntryRow *cloud_token_row;
  AdwEntryRow         *phone_number_id_row;
  AdwPreferencesGroup *twilio_group;
  AdwEntryRow         *account_sid_row;
  AdwPasswordEntryRow *auth_token_row;
  AdwEntryRow         *sender_row;
  GtkWidget           *sender_error_row;
  GtkLabel            *sender_error;
  AdwEntryRow         *template_row;
  GtkWidget           *preview_row;
  GtkLabel            *preview_label;

  GCancellable        *cancellable;
  Secret               secrets[N_SECRETS];
  guint                check_timeout;
  DebriefLead         *example_lead;
  DebriefCall         *example_call;
};

G_DEFINE_FINAL_TYPE (DebriefWhatsAppPage, debrief_whatsapp_page, ADW_TYPE_PREFERENCES_PAGE)

/* The combo row lists the whatsapp-provider enum's nicks in this order. */
static const char * const providers[] = { "cloud", "twilio", NULL };

static void
secret_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* What went wrong with the keyring, where the person sees it. */
static void
show_keyring_error (DebriefWhatsAppPage *self,
                    const GError        *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

/* Tokens: read from and written to the keyring off the UI thread. */

typedef struct
{
  char *tokens[N_SECRETS];
} Tokens;

static void
tokens_free (Tokens *tokens)
{
  for (guint i = 0; i < N_SECRETS; i++)
    secret_free (tokens->tokens[i]);
  g_free (tokens);
}

static void
load_tokens_thread (GTask        *task,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  const char * const *services = data;
  Tokens *tokens = g_new0 (Tokens, 1);

  for (guint i = 0; i < N_SECRETS; i++)
    {
      GError *error = NULL;

      tokens->tokens[i] = debrief_secret_lookup (services[i], cancellable, &error);
      if (error != NULL)
        {
          tokens_free (tokens);
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_pointer (task, tokens, (GDestroyNotify) tokens_free);
}

static void
tokens_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DebriefWhatsAppPage *self = DEBRIEF_WHATSAPP_PAGE (object);
  g_autoptr(GError) error = NULL;
  Tokens *tokens = g_task_propagate_pointer (G_TASK (result), &error);

  if (tokens == NULL)
    {
      show_keyring_error (self, error);
      return;
    }

  /* The preferences may have closed meanwhile, or the person typed a token
   * before the keyring answered: what they typed wins. */
  for (guint i = 0; i < N_SECRETS; i++)
    {
      Secret *secret = &self->secrets[i];

      if (secret->row == NULL || secret->edited || tokens->tokens[i] == NULL)
        continue;

      secret->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (secret->row), tokens->tokens[i]);
      secret->loading = FALSE;
    }

  tokens_free (tokens);
}

static void
saver_clear (Saver *saver)
{
  secret_free (saver->next);
}

static void
saver_release (Saver *saver)
{
  g_rc_box_release_full (saver, (GDestroyNotify) saver_clear);
}

typedef struct
{
  const char *service;
  const char *label;
  char       *token;
} SaveData;

static void
save_data_free (SaveData *data)
{
  secret_free (data->token);
  g_free (data);
}

static void
save_token_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (!debrief_secret_store (data->service, _(data->label), data->token, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void save_token (Saver *saver,
                        char  *token);

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Saver *saver = user_data;
  g_autoptr(GError) error = NULL;

  saver->saving = FALSE;
  if (saver->next != NULL)
    save_token (saver, g_steal_pointer (&saver->next));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (saver->page != NULL)
        show_keyring_error (saver->page, error);
      else
        g_warning ("%s", error->message);
    }

  saver_release (saver);
}

/* The last token typed is the one kept. The task holds the saver, not the
 * page: a page kept alive by its own dispose would be disposed twice. */
static void
save_token (Saver *saver,
            char  *token)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  if (saver->saving)
    {
      secret_free (saver->next);
      saver->next = token;
      return;
    }

  data = g_new0 (SaveData, 1);
  data->service = saver->service;
  data->label = saver->label;
  data->token = token;

  saver->saving = TRUE;
  task = g_task_new (NULL, NULL, token_saved_cb, g_rc_box_acquire (saver));
  g_task_set_source_tag (task, save_token);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_token_thread);
}

static void
save_token_from_row (Secret *secret)
{
  secret->timeout = 0;
  save_token (secret->saver, g_strdup (gtk_editable_get_text (GTK_EDITABLE (secret->row))));
}

static gboolean
save_cloud_token_cb (gpointer user_data)
{
  DebriefWhatsAppPage *self = user_data;

  save_token_from_row (&self->secrets[SECRET_CLOUD_TOKEN]);
  return G_SOURCE_REMOVE;
}

static gboolean
save_auth_token_cb (gpointer user_data)
{
  DebriefWhatsAppPage *self = user_data;

  save_token_from_row (&self->secrets[SECRET_TWILIO_AUTH_TOKEN]);
  return G_SOURCE_REMOVE;
}

/* A token typed a moment ago is saved now. */
static void
save_tokens_now (DebriefWhatsAppPage *self)
{
  for (guint i = 0; i < N_SECRETS; i++)
    {
      Secret *secret = &self->secrets[i];

      if (secret->timeout == 0)
        continue;

      g_clear_handle_id (&secret->timeout, g_source_remove);
      save_token_from_row (secret);
    }
}

static void
token_changed (DebriefWhatsAppPage *self,
               Secret              *secret,
               GSourceFunc          save_cb)
{
  if (secret->loading)
    return;

  secret->edited = TRUE;
  g_clear_handle_id (&secret->timeout, g_source_remove);
  secret->timeout = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

static void
cloud_token_changed_cb (DebriefWhatsAppPage *self)
{
  token_changed (self, &self->secrets[SECRET_CLOUD_TOKEN], save_cloud_token_cb);
}

static void
auth_token_changed_cb (DebriefWhatsAppPage *self)
{
  token_changed (self, &self->secrets[SECRET_TWILIO_AUTH_TOKEN], save_auth_token_cb);
}

/* The provider: only its own rows show. */

static gboolean
nick_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; providers[i] != NULL; i++)
    {
      if (g_str_equal (providers[i], nick))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
selected_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (providers) - 1)
    return NULL;

  return g_variant_new_string (providers[selected]);
}

static void
provider_changed_cb (DebriefWhatsAppPage *self)
{
  guint selected = adw_combo_row_get_selected (self->provider_row);

  gtk_widget_set_visible (GTK_WIDGET (self->cloud_group), selected == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->twilio_group), selected == 1);
}

/* The sender number: checked as a contact's number is, with Twilio's own
 * "whatsapp:" in front allowed, and what is wrong said under it. */

static void
show_sender_error (DebriefWhatsAppPage *self,
                   const char          *message)
{
  GtkWidget *row = GTK_WIDGET (self->sender_row);

  if (message == NULL)
    {
      if (!gtk_widget_get_visible (self->sender_error_row))
        return;

      gtk_widget_set_visible (self->sender_error_row, FALSE);
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  gtk_label_set_text (self->sender_error, message);
  gtk_widget_set_visible (self->sender_error_row, TRUE);
  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static void
check_sender (DebriefWhatsAppPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *e164 = NULL;
  g_autoptr(GError) error = NULL;
  const char *number;

  g_clear_handle_id (&self->check_timeout, g_source_remove);

  /* Focus can leave the row as the preferences close. */
  if (self->sender_row == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sender_row))));
  number = text;

  /* Not set up yet is not wrong. */
  if (*text == '\0')
    {
      show_sender_error (self, NULL);
      return;
    }

  if (g_str_has_prefix (number, "whatsapp:"))
    number += strlen ("whatsapp:");
  e164 = debrief_phone_normalize (number, &error);
  show_sender_error (self, e164 == NULL ? error->message : NULL);
}

static gboolean
check_sender_cb (gpointer user_data)
{
  DebriefWhatsAppPage *self = user_data;

  self->check_timeout = 0;
  check_sender (self);

  return G_SOURCE_REMOVE;
}

/* Typing takes the message away until the typing pauses. */
static void
sender_changed_cb (DebriefWhatsAppPage *self)
{
  show_sender_error (self, NULL);
  g_clear_handle_id (&self->check_timeout, g_source_remove);
  self->check_timeout = g_timeout_add (CHECK_DELAY_MS, check_sender_cb, self);
}

/* The caption: what the template gives for an example contact and call. */

static void
template_changed_cb (DebriefWhatsAppPage *self)
{
  const char *template = gtk_editable_get_text (GTK_EDITABLE (self->template_row));
  g_autofree char *caption = debrief_caption_fill (template, self->example_lead, self->example_call);

  g_strstrip (caption);
  if (*caption == '\0')
    {
      g_free (caption);
      caption = g_strdup (_("No caption: the recording is sent on its own"));
    }

  gtk_label_set_text (self->preview_label, caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, caption,
                                  -1);
}

/**
 * debrief_whatsapp_page_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): the WhatsApp page
 */
DebriefWhatsAppPage *
debrief_whatsapp_page_new (GSettings *settings)
{
  static const char * const services[N_SECRETS] = {
    [SECRET_CLOUD_TOKEN] = DEBRIEF_SECRET_WHATSAPP_TOKEN,
    [SECRET_TWILIO_AUTH_TOKEN] = DEBRIEF_SECRET_TWILIO_AUTH_TOKEN,
  };
  DebriefWhatsAppPage *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DEBRIEF_TYPE_WHATSAPP_PAGE, NULL);

  g_settings_bind_with_mapping (settings, "whatsapp-provider", self->provider_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_selected, selected_to_nick, NULL, NULL);
  g_settings_bind (settings, "whatsapp-phone-number-id", self->phone_number_id_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "twilio-account-sid", self->account_sid_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "twilio-whatsapp-from", self->sender_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "whatsapp-caption-template", self->template_row, "text", G_SETTINGS_BIND_DEFAULT);

  provider_changed_cb (self);
  check_sender (self);
  template_changed_cb (self);

  task = g_task_new (self, self->cancellable, tokens_loaded_cb, NULL);
  g_task_set_source_tag (task, debrief_whatsapp_page_new);
  g_task_set_task_data (task, (gpointer) services, NULL);
  g_task_run_in_thread (task, load_tokens_thread);

  g_signal_connect_object (self->provider_row, "notify::selected", G_CALLBACK (provider_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cloud_token_row, "changed", G_CALLBACK (cloud_token_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->auth_token_row, "changed", G_CALLBACK (auth_token_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender_row, "changed", G_CALLBACK (sender_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->template_row, "changed", G_CALLBACK (template_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

static void
debrief_whatsapp_page_dispose (GObject *object)
{
  DebriefWhatsAppPage *self = (DebriefWhatsAppPage *) object;

  save_tokens_now (self);
  g_clear_handle_id (&self->check_timeout, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_WHATSAPP_PAGE);
  for (guint i = 0; i < N_SECRETS; i++)
    {
      self->secrets[i].row = NULL;
      self->secrets[i].saver->page = NULL;
    }

  G_OBJECT_CLASS (debrief_whatsapp_page_parent_class)->dispose (object);
}

static void
debrief_whatsapp_page_finalize (GObject *object)
{
  DebriefWhatsAppPage *self = (DebriefWhatsAppPage *) object;

  g_clear_object (&self->cancellable);
  for (guint i = 0; i < N_SECRETS; i++)
    g_clear_pointer (&self->secrets[i].saver, saver_release);
  g_clear_pointer (&self->example_lead, debrief_lead_free);
  g_clear_pointer (&self->example_call, debrief_call_free);

  G_OBJECT_CLASS (debrief_whatsapp_page_parent_class)->finalize (object);
}

static void
debrief_whatsapp_page_class_init (DebriefWhatsAppPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_whatsapp_page_dispose;
  object_class->finalize = debrief_whatsapp_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/whatsapp-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, provider_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, cloud_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, cloud_token_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, phone_number_id_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, twilio_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, account_sid_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, auth_token_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, sender_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, sender_error_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, sender_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, template_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, preview_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefWhatsAppPage, preview_label);
}

static void
debrief_whatsapp_page_init (DebriefWhatsAppPage *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < N_SECRETS; i++)
    {
      self->secrets[i].saver = g_rc_box_new0 (Saver);
      self->secrets[i].saver->page = self;
    }
  self->secrets[SECRET_CLOUD_TOKEN].row = self->cloud_token_row;
  self->secrets[SECRET_CLOUD_TOKEN].saver->service = DEBRIEF_SECRET_WHATSAPP_TOKEN;
  self->secrets[SECRET_CLOUD_TOKEN].saver->label = N_("Debrief WhatsApp Cloud API access token");
  self->secrets[SECRET_TWILIO_AUTH_TOKEN].row = self->auth_token_row;
  self->secrets[SECRET_TWILIO_AUTH_TOKEN].saver->service = DEBRIEF_SECRET_TWILIO_AUTH_TOKEN;
  self->secrets[SECRET_TWILIO_AUTH_TOKEN].saver->label = N_("Debrief Twilio auth token");

  /* Leaving the sender number, or pressing Enter in it, checks it at once. */
  g_signal_connect_object (focus, "leave", G_CALLBACK (check_sender), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->sender_row), focus);
  g_signal_connect_object (self->sender_row, "entry-activated", G_CALLBACK (check_sender), self,
                           G_CONNECT_SWAPPED);

  /* The preview's example: a contact and a call of today. */
  self->example_lead = debrief_lead_new ();
  /* Translators: an example contact's name in the caption preview */
  self->example_lead->name = g_strdup (_("Dana"));
  self->example_call = debrief_call_new ();
  /* Translators: an example call's title in the caption preview */
  self->example_call->title = g_strdup (_("Discovery call"));
  self->example_call->started_at = g_get_real_time ();
}
