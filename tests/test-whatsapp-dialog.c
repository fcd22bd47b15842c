/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-whatsapp-dialog.c: Send to WhatsApp from a call's page: contacts, a typed number, each one's fate, retry */

#include "config.h"

#include <gst/gst.h>

#include "debrief-recording-page.h"
#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"
#include "debrief-whatsapp-dialog.h"
#include "fakes/debrief-fake-whatsapp.h"

static FakeWhatsapp *fake;
static char *call_id;

static void
fixture_set_up_whatsapp (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefLead) dana = debrief_lead_new ();
  g_autoptr(DebriefLead) sam = debrief_lead_new ();
  g_autoptr(GError) error = NULL;

  fixture_set_up (f, data);
  fake = fake_whatsapp_new (FAKE_WHATSAPP_TOKEN, FAKE_WHATSAPP_PHONE_NUMBER_ID);
  g_setenv ("WHATSAPP_API_URL", fake_whatsapp_get_url (fake), TRUE);
  g_setenv ("WHATSAPP_TOKEN", FAKE_WHATSAPP_TOKEN, TRUE);
  g_setenv ("WHATSAPP_PHONE_NUMBER_ID", FAKE_WHATSAPP_PHONE_NUMBER_ID, TRUE);

  path = g_build_filename (f->dir, "debrief.db", NULL);
  store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);
  dana->name = g_strdup ("Dana Whitfield");
  dana->phone = g_strdup ("+14155550123");
  dana->whatsapp_opt_in = TRUE;
  g_assert_true (debrief_store_save_lead (store, dana, &error));
  sam->name = g_strdup ("Sam Okafor");
  sam->phone = g_strdup ("+447700900123");
  g_assert_true (debrief_store_save_lead (store, sam, &error));

  call->title = g_strdup ("Discovery call with Initech");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->lead_id = g_strdup (dana->id);
  call->duration_seconds = 10;
  call->recording_path = g_build_filename (f->dir, "recording.ogg", NULL);
  debrief_test_make_audio ("audiotestsrc num-buffers=100 samplesperbuffer=4800 ! audio/x-raw,rate=48000,channels=1 ! "
                           "opusenc ! oggmux", call->recording_path);
  g_assert_true (debrief_store_save_call (store, call, &error));
  g_free (call_id);
  call_id = g_strdup (call->id);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
fixture_tear_down_whatsapp (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) malformed = fake_whatsapp_dup_malformed (fake);

  g_assert_cmpuint (malformed->len, ==, 0);
  g_clear_pointer (&fake, fake_whatsapp_free);
  fixture_tear_down (f, data);
}

static gboolean
page_loaded (gpointer data)
{
  DebriefRecordingPage *page = debrief_window_get_recording_page (data);

  return page != NULL && debrief_recording_page_get_loaded (page);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (DEBRIEF_TYPE_WHATSAPP_DIALOG) != NULL;
}

static gboolean
sent (gpointer data)
{
  return !debrief_whatsapp_dialog_get_sending (data);
}

/* The app, the call's page, and Send to WhatsApp on it */
static DebriefWhatsAppDialog *
open_dialog (Fixture *f)
{
  start_app (f);
  debrief_window_open_call (f->window, call_id);
  wait_until (page_loaded, f->window, "the call's page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (debrief_window_get_recording_page (f->window)),
                                             "recording.send-whatsapp", NULL));
  wait_until (dialog_shown, NULL, "the dialog");
  return DEBRIEF_WHATSAPP_DIALOG (find_toplevel (DEBRIEF_TYPE_WHATSAPP_DIALOG));
}

static void
body_send (Fixture *f)
{
  DebriefWhatsAppDialog *dialog;
  GtkWidget *number;
  GtkWidget *retry;

  dialog = open_dialog (f);

  /* The call's contact is checked; the other is not. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_check_box (GTK_WIDGET (dialog), "Dana Whitfield"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_check_box (GTK_WIDGET (dialog), "Sam Okafor"))));

  /* A number that is not one, then one that is */
  number = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (number), "030 1234567");
  g_signal_emit_by_name (number, "apply");
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), shown_label_saying, "with its country code"));
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "whatsapp-dialog-invalid");
  gtk_editable_set_text (GTK_EDITABLE (number), "+34 612 345 678");
  g_signal_emit_by_name (number, "apply");
  g_assert_nonnull (find_check_box (GTK_WIDGET (dialog), "+34 612 345 678"));

  /* Dana's message goes; the new number's is refused by WhatsApp. */
  fake_whatsapp_fail (fake, FAKE_WHATSAPP_MESSAGES, FAKE_WHATSAPP_FAULT_INVALID_NUMBER, 1);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "whatsapp.send", NULL);
  wait_until (sent, dialog, "the sending");
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), shown_label_saying, "Sent"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), shown_label_saying, "Not sent"));
  retry = find_widget (GTK_WIDGET (dialog), shown_button_labelled, "_Retry");
  g_assert_nonnull (retry);
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "whatsapp-dialog-sent");

  /* Retried, one by one */
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (debrief_whatsapp_dialog_get_sending (dialog));
  wait_until (sent, dialog, "the retry");
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "whatsapp-dialog-retried");
  g_assert_null (find_widget (GTK_WIDGET (dialog), shown_label_saying, "Not sent"));
  /* Two voice notes, one retried, and each caption filled in for its person */
  g_assert_cmpuint (fake_whatsapp_get_requests (fake, FAKE_WHATSAPP_MESSAGES), ==, 5);
  {
    g_autoptr(JsonObject) caption = fake_whatsapp_dup_last_message (fake);

    g_assert_cmpstr (json_object_get_string_member (caption, "type"), ==, "text");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (caption, "text"),
                                                                    "body"), "Hi Dana Whitfield, here is the recording "
                                     "of “Discovery call with Initech”"));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A 75-minute call: over 16 MB as a voice note, said, and sending it so
 * refused; a lower bitrate chosen at first; the message alone goes as text. */
static void
body_too_large (Fixture *f)
{
  DebriefWhatsAppDialog *dialog;
  AdwComboRow *form;
  GListModel *forms;
  GtkWidget *send;

  {
    g_autofree char *path = g_build_filename (f->dir, "debrief.db", NULL);
    g_autoptr(DebriefStore) store = debrief_store_open (path, NULL, NULL);
    g_autoptr(DebriefCall) call = debrief_store_get_call (store, call_id, NULL);

    call->duration_seconds = 75 * 60;
    g_assert_true (debrief_store_save_call (store, call, NULL));
    g_assert_finalize_object (g_steal_pointer (&store));
  }

  dialog = open_dialog (f);
  form = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  forms = adw_combo_row_get_model (form);
  send = find_widget (GTK_WIDGET (dialog), shown_button_labelled, "_Send");

  /* What fits is chosen: the voice note at a lower bitrate */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (forms), adw_combo_row_get_selected (form)), ==,
                   "Voice Note at 24 kbit/s");
  g_assert_true (gtk_widget_get_sensitive (send));

  /* The usual voice note: too large, said, not sendable */
  adw_combo_row_set_selected (form, 0);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), shown_label_saying, "over WhatsApp’s limit of 16 MB"));
  g_assert_false (gtk_widget_get_sensitive (send));
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "whatsapp-dialog-too-large");

  /* The message alone */
  for (guint i = 0; i < g_list_model_get_n_items (forms); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (forms), i), "Message Only") == 0)
      adw_combo_row_set_selected (form, i);
  g_assert_true (gtk_widget_get_sensitive (send));
  g_assert_null (find_widget (GTK_WIDGET (dialog), shown_label_saying, "16 MB"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), shown_label_saying, "Message"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "whatsapp.send", NULL);
  wait_until (sent, dialog, "the sending");
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), shown_label_saying, "Sent"));
  g_assert_cmpuint (fake_whatsapp_get_requests (fake, FAKE_WHATSAPP_MEDIA), ==, 0);
  g_assert_cmpuint (fake_whatsapp_get_requests (fake, FAKE_WHATSAPP_MESSAGES), ==, 1);
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "whatsapp-dialog-text");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* With Twilio, which fetches the cloud copy as it is, nothing is made
 * here: no voice note nor bitrate on offer (this call has no cloud copy,
 * so the message alone). */
static void
body_twilio (Fixture *f)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  DebriefWhatsAppDialog *dialog;
  GListModel *forms;

  g_settings_set_string (settings, "whatsapp-provider", "twilio");
  dialog = open_dialog (f);
  forms = adw_combo_row_get_model (ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW)));
  g_assert_cmpuint (g_list_model_get_n_items (forms), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (forms), 0), ==, "Message Only");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_settings_reset (settings, "whatsapp-provider");
}

/* Link to a Contact: the call moves to Sam's history. */
static void
body_link_contact (Fixture *f)
{
  GtkWindow *dialog;
  GtkDropDown *choice;
  GListModel *names;
  g_autofree char *path = g_build_filename (f->dir, "debrief.db", NULL);
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(DebriefLead) lead = NULL;

  start_app (f);
  debrief_window_open_call (f->window, call_id);
  wait_until (page_loaded, f->window, "the call's page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (debrief_window_get_recording_page (f->window)),
                                             "recording.link-contact", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  names = gtk_drop_down_get_model (choice);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Sam Okafor") == 0)
      gtk_drop_down_set_selected (choice, i);
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "link-contact");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "link");
  wait_until (page_loaded, f->window, "the call's page again");
  g_assert_nonnull (find_widget (GTK_WIDGET (f->window), shown_label_saying, "History with Sam Okafor"));

  store = debrief_store_open (path, NULL, NULL);
  call = debrief_store_get_call (store, call_id, NULL);
  lead = debrief_store_get_lead (store, call->lead_id, NULL);
  g_assert_cmpstr (lead->name, ==, "Sam Okafor");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = debrief_test_make_data_dir ();

  debrief_test_use_file_keyring (keyring_dir);
  gtk_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/whatsapp-dialog/send", Fixture, (gconstpointer) body_send, fixture_set_up_whatsapp, test_ui,
              fixture_tear_down_whatsapp);

  g_test_add ("/ui/whatsapp-dialog/too-large", Fixture, (gconstpointer) body_too_large, fixture_set_up_whatsapp,
              test_ui, fixture_tear_down_whatsapp);

  g_test_add ("/ui/whatsapp-dialog/twilio", Fixture, (gconstpointer) body_twilio, fixture_set_up_whatsapp, test_ui,
              fixture_tear_down_whatsapp);

  g_test_add ("/ui/whatsapp-dialog/link-contact", Fixture, (gconstpointer) body_link_contact, fixture_set_up_whatsapp,
              test_ui, fixture_tear_down_whatsapp);

  return g_test_run ();
}
