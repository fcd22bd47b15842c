/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-whatsapp-page.c: Preferences → WhatsApp: the provider's rows, its tokens in the keyring, the sender number, the caption preview */

#include "config.h"

#include "debrief-preferences-window.h"
#include "debrief-secrets.h"
#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"
#include "debrief-whatsapp-page.h"

#define PROVIDER_TITLE "_Send Through"
#define CLOUD_TOKEN_TITLE "Access Token"
#define PHONE_NUMBER_ID_TITLE "Phone Number ID"
#define SID_TITLE "Account SID"
#define AUTH_TOKEN_TITLE "Auth Token"
#define SENDER_TITLE "WhatsApp Sender Number, with Country Code"
#define TEMPLATE_TITLE "Template"
#define PREVIEW_TITLE "Preview"

#define CLOUD_TOKEN "EAAG-cloud-token-0123456789"
#define AUTH_TOKEN "twilio-auth-9f8e7d6c5b4a"

static const char * const cloud_rows[] = { CLOUD_TOKEN_TITLE, PHONE_NUMBER_ID_TITLE, NULL };
static const char * const twilio_rows[] = { SID_TITLE, AUTH_TOKEN_TITLE, SENDER_TITLE, NULL };

static const char *
text_of (GtkWidget  *root,
         const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (get_row (root, title)));
}

/* The rows of one provider show, the other's do not. */
static void
assert_rows_shown (DebriefWhatsAppPage *page,
                   const char * const  *shown,
                   const char * const  *hidden)
{
  drain ();
  for (guint i = 0; shown[i] != NULL; i++)
    g_assert_true (gtk_widget_is_drawable (get_row (GTK_WIDGET (page), shown[i])));
  for (guint i = 0; hidden[i] != NULL; i++)
    g_assert_false (gtk_widget_is_drawable (get_row (GTK_WIDGET (page), hidden[i])));
}

typedef struct
{
  const char *service;
  const char *secret;
} KeyringCheck;

static gboolean
keyring_holds (gpointer data)
{
  KeyringCheck *check = data;
  g_autofree char *secret = debrief_secret_lookup (check->service, NULL, NULL);

  return g_strcmp0 (secret, check->secret) == 0;
}

typedef struct
{
  GtkWidget  *row;
  const char *text;
} RowCheck;

static gboolean
row_shows (gpointer data)
{
  RowCheck *check = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (check->row)), check->text) == 0;
}

/* No preference, whatever its type, holds @secret. */
static void
assert_not_in_settings (GSettings  *settings,
                        const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, secret));
    }
}

static gboolean
shown_error_label (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") && gtk_widget_is_drawable (widget);
}

/* The message shown under the sender number, or %NULL */
static const char *
sender_error (DebriefWhatsAppPage *page)
{
  GtkWidget *label = find_widget (GTK_WIDGET (page), shown_error_label, NULL);

  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static gboolean
sender_error_shown (gpointer data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return sender_error (data) != NULL;
}

/* Types @number and waits until the page has checked it. */
static const char *
type_sender (DebriefWhatsAppPage *page,
             const char          *number)
{
  GtkWidget *row = get_row (GTK_WIDGET (page), SENDER_TITLE);

  type_into (GTK_WIDGET (page), SENDER_TITLE, number);
  /* Typing takes a message away, until the typing pauses. */
  g_assert_null (sender_error (page));
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* Enter checks at once. */
  g_signal_emit_by_name (row, "entry-activated");
  drain ();

  g_assert_true (gtk_widget_has_css_class (row, "error") == (sender_error (page) != NULL));
  return sender_error (page);
}

static const char *
preview (DebriefWhatsAppPage *page)
{
  GtkWidget *row = get_row (GTK_WIDGET (page), PREVIEW_TITLE);
  GtkWidget *text = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

  return gtk_label_get_text (GTK_LABEL (text));
}

static DebriefWhatsAppPage *
open_whatsapp (Fixture    *f,
               GtkWindow **preferences)
{
  DebriefWhatsAppPage *page;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  drain ();
  *preferences = find_toplevel (DEBRIEF_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (*preferences);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (*preferences), "whatsapp");
  drain ();
  page = DEBRIEF_WHATSAPP_PAGE (find_descendant (GTK_WIDGET (*preferences), DEBRIEF_TYPE_WHATSAPP_PAGE));
  g_assert_nonnull (page);

  return page;
}

static void
body_whatsapp_preferences (Fixture *f)
{
  KeyringCheck cloud_token = { DEBRIEF_SECRET_WHATSAPP_TOKEN, CLOUD_TOKEN };
  KeyringCheck auth_token = { DEBRIEF_SECRET_TWILIO_AUTH_TOKEN, AUTH_TOKEN };
  KeyringCheck no_auth_token = { DEBRIEF_SECRET_TWILIO_AUTH_TOKEN, NULL };
  RowCheck shows_token = { NULL, CLOUD_TOKEN };
  g_autofree char *provider = NULL;
  g_autofree char *value = NULL;
  g_autofree char *year = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GSettings *settings;
  GtkWindow *preferences;
  DebriefWhatsAppPage *page;
  AdwComboRow *provider_row;
  const char *message;

  start_app (f);
  settings = debrief_application_get_settings (f->app);
  page = open_whatsapp (f, &preferences);
  provider_row = ADW_COMBO_ROW (get_row (GTK_WIDGET (page), PROVIDER_TITLE));

  /* The Cloud API by default, with its rows only, and nothing in them. */
  g_assert_cmpuint (adw_combo_row_get_selected (provider_row), ==, 0);
  assert_rows_shown (page, cloud_rows, twilio_rows);
  g_assert_cmpstr (text_of (GTK_WIDGET (page), CLOUD_TOKEN_TITLE), ==, "");

  /* Twilio: its rows instead, and the choice is kept. */
  adw_combo_row_set_selected (provider_row, 1);
  provider = g_settings_get_string (settings, "whatsapp-provider");
  g_assert_cmpstr (provider, ==, "twilio");
  assert_rows_shown (page, twilio_rows, cloud_rows);

  type_into (GTK_WIDGET (page), SID_TITLE, "AC0123456789abcdef0123456789abcdef");
  value = g_settings_get_string (settings, "twilio-account-sid");
  g_assert_cmpstr (value, ==, "AC0123456789abcdef0123456789abcdef");

  /* The auth token reaches the keyring once the typing pauses, and no preference. */
  type_into (GTK_WIDGET (page), AUTH_TOKEN_TITLE, AUTH_TOKEN);
  g_assert_false (keyring_holds (&auth_token));
  wait_until (keyring_holds, &auth_token, "the auth token to reach the keyring");
  assert_not_in_settings (settings, AUTH_TOKEN);

  /* Sender numbers that are not ones, each with what is wrong. */
  message = type_sender (page, "415 523 8886");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "country code"));
  message = type_sender (page, "+1 415 CALL ME");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "is not a phone number"));
  message = type_sender (page, "+999 1234 5678");
  g_assert_cmpstr (message, ==, "+999 is not a country calling code");

  /* Right ones, Twilio's way of writing them too: no message. */
  g_assert_null (type_sender (page, "+1 (415) 523-8886"));
  g_assert_null (type_sender (page, "whatsapp:+14155238886"));
  g_assert_null (type_sender (page, ""));
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "twilio-whatsapp-from");
  g_assert_cmpstr (value, ==, "");

  /* A pause in the typing is enough to show the message. */
  type_into (GTK_WIDGET (page), SENDER_TITLE, "+44 20");
  g_assert_null (sender_error (page));
  wait_until (sender_error_shown, page, "the sender number's message");
  g_assert_cmpstr (sender_error (page), ==, "“+44 20” is too short for a phone number");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "twilio-whatsapp-from");
  g_assert_cmpstr (value, ==, "+44 20");

  /* Back to the Cloud API: its rows again; its token goes to the keyring, not the preferences. */
  adw_combo_row_set_selected (provider_row, 0);
  g_clear_pointer (&provider, g_free);
  provider = g_settings_get_string (settings, "whatsapp-provider");
  g_assert_cmpstr (provider, ==, "cloud");
  assert_rows_shown (page, cloud_rows, twilio_rows);
  type_into (GTK_WIDGET (page), CLOUD_TOKEN_TITLE, CLOUD_TOKEN);
  type_into (GTK_WIDGET (page), PHONE_NUMBER_ID_TITLE, "106540352242922");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "whatsapp-phone-number-id");
  g_assert_cmpstr (value, ==, "106540352242922");
  wait_until (keyring_holds, &cloud_token, "the access token to reach the keyring");
  assert_not_in_settings (settings, CLOUD_TOKEN);
  g_assert_true (keyring_holds (&auth_token));

  /* A preference set elsewhere (the CLI, another window) switches the rows too. */
  g_settings_set_string (settings, "whatsapp-provider", "twilio");
  drain ();
  g_assert_cmpuint (adw_combo_row_get_selected (provider_row), ==, 1);
  assert_rows_shown (page, twilio_rows, cloud_rows);

  /* The caption: the default template, filled for the example, with today's date. */
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "whatsapp-caption-template");
  g_assert_cmpstr (text_of (GTK_WIDGET (page), TEMPLATE_TITLE), ==, value);
  g_assert_true (g_str_has_prefix (preview (page), "Hi Dana, here is the recording of “Discovery call” from "));
  year = g_date_time_format (now, " %Y.");
  g_assert_true (g_str_has_suffix (preview (page), year));

  /* The preview follows the typing, unknown placeholders and markup as typed. */
  type_into (GTK_WIDGET (page), TEMPLATE_TITLE, "Thanks {name}!");
  g_assert_cmpstr (preview (page), ==, "Thanks Dana!");
  type_into (GTK_WIDGET (page), TEMPLATE_TITLE, "Q&A <b>{title}</b> with {name} {company} {");
  g_assert_cmpstr (preview (page), ==, "Q&A <b>Discovery call</b> with Dana {company} {");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "whatsapp-caption-template");
  g_assert_cmpstr (value, ==, "Q&A <b>{title}</b> with {name} {company} {");
  type_into (GTK_WIDGET (page), TEMPLATE_TITLE, "");
  g_assert_cmpstr (preview (page), ==, "No caption: the recording is sent on its own");

  /* A long one wraps in the preview. */
  type_into (GTK_WIDGET (page), TEMPLATE_TITLE,
             "Hi {name}, thanks for your time today! Here is the recording of “{title}” from {date}. "
             "Reply here with any questions.");
  g_assert_true (g_str_has_prefix (preview (page),
                                   "Hi Dana, thanks for your time today! Here is the recording of “Discovery call” from "));

  /* Tall enough to show every group, the sender number's message in view. */
  gtk_window_set_default_size (preferences, 640, 1000);
  drain ();
  save_screenshot (GTK_WIDGET (preferences), "preferences-whatsapp");

  /* Closed while a token is being typed: it is saved all the same. */
  type_into (GTK_WIDGET (page), AUTH_TOKEN_TITLE, "");
  gtk_window_destroy (preferences);
  drain ();
  wait_until (keyring_holds, &no_auth_token, "the auth token to leave the keyring");

  /* Opened again, the page shows what was kept: the provider, the token from the keyring. */
  page = open_whatsapp (f, &preferences);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (get_row (GTK_WIDGET (page), PROVIDER_TITLE))), ==,
                    1);
  shows_token.row = get_row (GTK_WIDGET (page), CLOUD_TOKEN_TITLE);
  wait_until (row_shows, &shows_token, "the access token to be read from the keyring");
  g_assert_cmpstr (text_of (GTK_WIDGET (page), AUTH_TOKEN_TITLE), ==, "");
  g_assert_cmpstr (sender_error (page), ==, "“+44 20” is too short for a phone number");

  g_assert_true (debrief_secret_clear (DEBRIEF_SECRET_WHATSAPP_TOKEN, NULL, NULL));
  for (const char * const *key = (const char *[]) { "whatsapp-provider", "whatsapp-phone-number-id",
                                                    "twilio-account-sid", "twilio-whatsapp-from",
                                                    "whatsapp-caption-template", NULL }; *key != NULL; key++)
    g_settings_reset (settings, *key);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = debrief_test_make_data_dir ();
  int status;

  /* Secrets go to libsecret's file backend: a real keyring without a daemon. */
  debrief_test_use_file_keyring (keyring_dir);

  gtk_test_init (&argc, &argv, NULL);

  /* Screenshots show the end of transitions, not a frame in the middle. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/whatsapp-preferences", Fixture, (gconstpointer) body_whatsapp_preferences, fixture_set_up,
              test_ui, fixture_tear_down);

  status = g_test_run ();
  debrief_test_remove_data_dir (keyring_dir);

  return status;
}
