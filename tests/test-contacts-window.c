/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-contacts-window.c: the Contacts window: a contact added (its phone checked), searched, its calls and history shown, a call opened, a contact deleted */

#include "config.h"

#include "debrief-contacts-window.h"
#include "debrief-store.h"
#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"
#include "debrief-whatsapp-dialog.h"

static gboolean
settled (gpointer data)
{
  return !debrief_contacts_window_get_loading (data) && debrief_contacts_window_get_leads (data) != NULL;
}

static guint
n_leads (DebriefContactsWindow *window)
{
  wait_until (settled, window, "the list of contacts");
  return debrief_contacts_window_get_leads (window)->len;
}

typedef struct
{
  DebriefContactsWindow *window;
  guint                  n;
} Count;

static gboolean
count_reached (gpointer data)
{
  Count *count = data;

  return settled (count->window) && debrief_contacts_window_get_leads (count->window)->len == count->n;
}

static gboolean
shown_button_with_tooltip (GtkWidget     *widget,
                           gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0 &&
         gtk_widget_is_drawable (widget);
}

typedef struct
{
  GtkWidget  *button;
  const char *tooltip;
} PlayerState;

static gboolean
tooltip_is (gpointer data)
{
  PlayerState *state = data;

  return g_strcmp0 (gtk_widget_get_tooltip_text (state->button), state->tooltip) == 0;
}

/* Clicks the shown button for @action. */
static void
click (GtkWidget  *window,
       const char *action)
{
  GtkWidget *button = find_widget (window, shown_button_with_action, action);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  drain ();
}

static GtkWidget *
row (DebriefContactsWindow *window,
     const char            *title)
{
  GtkWidget *found = find_widget (GTK_WIDGET (window), shown_row_titled, title);

  if (found == NULL)
    g_error ("No row “%s” is shown", title);
  return found;
}

static gboolean
row_shown (DebriefContactsWindow *window,
           const char            *title)
{
  return find_widget (GTK_WIDGET (window), shown_row_titled, title) != NULL;
}

static void
type_into_shown (DebriefContactsWindow *window,
                 const char            *title,
                 const char            *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (window, title)), text);
}

static const char *
subtitle_of (DebriefContactsWindow *window,
             const char            *title)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row (window, title)));
}

typedef struct
{
  DebriefContactsWindow *window;
  const char            *query;
  const char            *shown;
  const char            *hidden;
} Search;

static gboolean
search_applied (gpointer data)
{
  Search *search = data;

  return (search->shown == NULL || row_shown (search->window, search->shown)) &&
         (search->hidden == NULL || !row_shown (search->window, search->hidden));
}

/* Types @query into the search and waits until it shows @shown, not @hidden
 * (either may be %NULL). */
static void
search_for (DebriefContactsWindow *window,
            const char            *query,
            const char            *shown,
            const char            *hidden)
{
  GtkWidget *entry = find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  Search search = { window, query, shown, hidden };

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), query);
  wait_until (search_applied, &search, query);
}

static gboolean
contacts_window_gone (gpointer data)
{
  return find_toplevel (DEBRIEF_TYPE_CONTACTS_WINDOW) == NULL;
}

static DebriefContactsWindow *
open_contacts (Fixture *f)
{
  DebriefContactsWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "contacts", NULL);
  window = DEBRIEF_CONTACTS_WINDOW (find_toplevel (DEBRIEF_TYPE_CONTACTS_WINDOW));
  g_assert_nonnull (window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (f->window));
  /* Tall enough for the screenshots to show the contact's whole page. */
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 1000);
  wait_until (settled, window, "the list of contacts");
  drain ();

  return window;
}

/* Opens the contact's page and waits for its calls and history. */
static void
open_contact (DebriefContactsWindow *window,
              const char            *name)
{
  gtk_widget_activate (row (window, name));
  wait_until (settled, window, "the contact's calls and history");
  drain ();
}

/* Dana has a call, a WhatsApp message that failed to go and her reply; Fox has none. */
static void
add_people (DebriefStore *store,
            char        **dana_id,
            char        **call_id)
{
  g_autoptr(DebriefLead) dana = debrief_lead_new ();
  g_autoptr(DebriefLead) fox = debrief_lead_new ();
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefConversation) message = debrief_conversation_new ();
  g_autoptr(DebriefConversation) event = debrief_conversation_new ();
  g_autoptr(DebriefConversation) reply = debrief_conversation_new ();
  g_autoptr(DebriefConversation) voice = debrief_conversation_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (debrief_store_get_path (store));
  g_autofree char *messages = g_build_filename (dir, "messages", NULL);
  gint64 now = g_get_real_time ();

  dana->name = g_strdup ("Dana Scully");
  dana->phone = g_strdup ("+442079460958");
  dana->email = g_strdup ("dana@example.org");
  dana->whatsapp_opt_in = TRUE;
  dana->notes = g_strdup ("Prefers calls after 4 pm.\nDecides with her team.");
  g_assert_true (debrief_store_save_lead (store, dana, &error));
  g_assert_no_error (error);

  fox->name = g_strdup ("Fox Mulder");
  fox->email = g_strdup ("fox@example.net");
  g_assert_true (debrief_store_save_lead (store, fox, &error));
  g_assert_no_error (error);

  call->kind = DEBRIEF_CALL_KIND_RECORDED;
  call->lead_id = g_strdup (dana->id);
  call->title = g_strdup ("Quarterly review");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->started_at = now - 3600 * G_TIME_SPAN_SECOND;
  call->ended_at = now - 2846 * G_TIME_SPAN_SECOND;
  call->duration_seconds = 754;
  g_assert_true (debrief_store_save_call (store, call, &error));
  g_assert_no_error (error);

  event->lead_id = g_strdup (dana->id);
  event->message_type = DEBRIEF_MESSAGE_TYPE_SYSTEM;
  event->message = g_strdup ("Call recorded");
  event->created_at = now - 2800 * G_TIME_SPAN_SECOND;
  g_assert_true (debrief_store_save_conversation (store, event, &error));
  g_assert_no_error (error);

  message->lead_id = g_strdup (dana->id);
  message->call_id = g_strdup (call->id);
  message->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  message->direction = DEBRIEF_DIRECTION_OUTBOUND;
  message->message = g_strdup ("Recording: Quarterly review");
  message->status = g_strdup ("failed");
  message->error = g_strdup ("The number is not on WhatsApp");
  message->created_at = now - 2700 * G_TIME_SPAN_SECOND;
  g_assert_true (debrief_store_save_conversation (store, message, &error));
  g_assert_no_error (error);

  reply->lead_id = g_strdup (dana->id);
  reply->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  reply->direction = DEBRIEF_DIRECTION_INBOUND;
  reply->message = g_strdup ("Could you send it by email?");
  reply->created_at = now - 2600 * G_TIME_SPAN_SECOND;
  g_assert_true (debrief_store_save_conversation (store, reply, &error));
  g_assert_no_error (error);

  /* A voice note back, as a sync brings it: no text, its file beside the database */
  voice->lead_id = g_strdup (dana->id);
  voice->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  voice->direction = DEBRIEF_DIRECTION_INBOUND;
  voice->message = g_strdup ("");
  voice->status = g_strdup ("received");
  voice->media_path = g_build_filename (messages, "voice-note.ogg", NULL);
  voice->created_at = now - 2500 * G_TIME_SPAN_SECOND;
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  debrief_test_make_audio ("audiotestsrc freq=330 num-buffers=50 ! audio/x-raw,rate=48000,channels=1 ! opusenc ! oggmux",
                           voice->media_path);
  g_assert_true (debrief_store_save_conversation (store, voice, &error));
  g_assert_no_error (error);

  *dana_id = g_strdup (dana->id);
  *call_id = g_strdup (call->id);
}

static void
body_contacts (Fixture *f)
{
  DebriefStore *store;
  DebriefContactsWindow *window;
  GtkWidget *phone_row;
  GtkWindow *dialog;
  GtkWidget *history_row;
  GtkWidget *notes;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *dana_id = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *walter_id = NULL;
  g_autoptr(DebriefLead) walter = NULL;
  g_autoptr(DebriefCall) kept = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  const char *subtitle;
  Count count;

  start_app (f);
  store = debrief_application_get_store (f->app);
  g_assert_nonnull (store);
  add_people (store, &dana_id, &call_id);

  /* The menu's Contacts… lists them by name, with a readable number and
   * whether they agreed to WhatsApp. */
  window = open_contacts (f);
  g_assert_cmpuint (n_leads (window), ==, 2);
  g_assert_nonnull (strstr (subtitle_of (window, "Dana Scully"), "+44 207 946 0958"));
  g_assert_nonnull (strstr (subtitle_of (window, "Dana Scully"), "dana@example.org"));
  g_assert_nonnull (find_widget (row (window, "Dana Scully"), shown_label_saying, "WhatsApp"));
  g_assert_null (find_widget (row (window, "Fox Mulder"), shown_label_saying, "WhatsApp"));
  save_screenshot (GTK_WIDGET (window), "contacts-window");

  /* Add: a number that is not one, or has no country code, is refused
   * under its field, and nothing is saved. */
  click (GTK_WIDGET (window), "contacts.add");
  g_assert_null (find_widget (GTK_WIDGET (window), shown_button_with_action, "contacts.delete"));
  type_into_shown (window, "Name", "Walter Skinner");
  type_into_shown (window, "Phone, with Country Code", "call me");
  click (GTK_WIDGET (window), "contacts.save");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), shown_error_saying, "“call me” is not a phone number"));
  phone_row = row (window, "Phone, with Country Code");
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_false (gtk_widget_has_css_class (row (window, "Name"), "error"));

  type_into_shown (window, "Phone, with Country Code", "030 1234567");
  g_assert_null (find_widget (GTK_WIDGET (window), shown_error, NULL));
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  click (GTK_WIDGET (window), "contacts.save");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), shown_error_saying,
                                 "Write “030 1234567” with its country code"));
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  save_screenshot (GTK_WIDGET (window), "contacts-invalid-phone");
  g_assert_cmpuint (n_leads (window), ==, 2);

  /* An email address without a domain is refused too, next to its field. */
  type_into_shown (window, "Phone, with Country Code", "+49 30 1234567");
  type_into_shown (window, "Email", "walter@fbi");
  click (GTK_WIDGET (window), "contacts.save");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), shown_error_saying, "“walter@fbi” is not an email address"));
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  type_into_shown (window, "Email", "walter@fbi.gov");
  click (GTK_WIDGET (window), "contacts.save");
  count = (Count) { window, 3 };
  wait_until (count_reached, &count, "the new contact in the list");
  drain ();
  g_assert_nonnull (strstr (subtitle_of (window, "Walter Skinner"), "+49 301 234 567"));
  for (guint i = 0; i < 3; i++)
    {
      DebriefLead *lead = g_ptr_array_index (debrief_contacts_window_get_leads (window), i);

      if (g_strcmp0 (lead->name, "Walter Skinner") == 0)
        walter_id = g_strdup (lead->id);
    }
  g_assert_nonnull (walter_id);
  walter = debrief_store_get_lead (store, walter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (walter->phone, ==, "+49301234567");
  g_assert_cmpstr (walter->email, ==, "walter@fbi.gov");
  g_assert_false (walter->whatsapp_opt_in);

  /* Search, as typed: by name, by phone as written at home or abroad, by email. */
  search_for (window, "scul", "Dana Scully", "Fox Mulder");
  search_for (window, "0958", "Dana Scully", "Walter Skinner");
  search_for (window, "030 1234", "Walter Skinner", "Dana Scully");
  search_for (window, "FOX@", "Fox Mulder", "Dana Scully");
  search_for (window, "nobody", NULL, "Fox Mulder");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), shown_label_saying, "No contact matches “nobody”"));
  search_for (window, "", "Fox Mulder", NULL);
  row (window, "Dana Scully");
  row (window, "Walter Skinner");

  /* Dana's page: her details, her call, and her history with the failed
   * WhatsApp message, newest last. */
  open_contact (window, "Dana Scully");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (window, "Phone, with Country Code"))), ==,
                   "+44 207 946 0958");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_descendant (GTK_WIDGET (window), GTK_TYPE_SWITCH))));
  notes = find_descendant (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (notes);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (notes)), &start, &end);
  text = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (text, ==, "Prefers calls after 4 pm.\nDecides with her team.");
  subtitle = subtitle_of (window, "Quarterly review");
  g_assert_nonnull (strstr (subtitle, "12:34"));
  history_row = row (window, "Recording: Quarterly review");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (history_row));
  g_assert_true (g_str_has_prefix (subtitle, "WhatsApp · outgoing · failed · The number is not on WhatsApp · "));
  g_assert_true (gtk_widget_get_prev_sibling (history_row) == row (window, "Call recorded"));
  g_assert_true (gtk_widget_get_next_sibling (history_row) == row (window, "Could you send it by email?"));
  g_assert_true (g_str_has_prefix (subtitle_of (window, "Could you send it by email?"), "WhatsApp · received · "));
  /* Her voice note plays right there */
  {
    GtkWidget *play = find_widget (row (window, "Voice message"), shown_button_with_tooltip, "Play");
    PlayerState state = { play, "Pause" };

    g_assert_nonnull (play);
    g_assert_null (strstr (subtitle_of (window, "Voice message"), "received · received"));
    g_assert_true (gtk_widget_get_prev_sibling (row (window, "Voice message")) ==
                   row (window, "Could you send it by email?"));
    gtk_widget_activate (play);
    wait_until (tooltip_is, &state, "the voice note playing");
    state.tooltip = "Play";
    wait_until (tooltip_is, &state, "the voice note to end");
  }
  save_screenshot (GTK_WIDGET (window), "contacts-editor");

  /* Message…: a WhatsApp message without a recording, Dana checked, the
   * others on offer, nothing to choose but the words */
  click (GTK_WIDGET (window), "contacts.message");
  {
    GtkWidget *message = GTK_WIDGET (find_toplevel (DEBRIEF_TYPE_WHATSAPP_DIALOG));
    GtkWidget *check;

    g_assert_nonnull (message);
    check = find_check_box (message, "Dana Scully");
    g_assert_nonnull (check);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    g_assert_null (find_descendant (message, ADW_TYPE_COMBO_ROW));
    g_assert_nonnull (find_widget (message, shown_label_saying, "{name} is filled in for each person."));
    drain ();
    save_screenshot (message, "contacts-message");
    gtk_window_destroy (GTK_WINDOW (message));
    drain ();
  }

  /* Opening the call shows it in the library's window. */
  gtk_widget_activate (row (window, "Quarterly review"));
  wait_until (contacts_window_gone, NULL, "the Contacts window to close");
  drain ();
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "recording");

  /* Deleting asks first, saying what becomes of the call; the call stays,
   * without a contact, and the history goes. */
  window = open_contacts (f);
  open_contact (window, "Dana Scully");
  click (GTK_WIDGET (window), "contacts.delete");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete “Dana Scully”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "The call with them stays in the library"));
  gtk_widget_activate (find_widget (GTK_WIDGET (dialog), shown_button_labelled, "_Cancel"));
  drain ();
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (n_leads (window), ==, 3);

  click (GTK_WIDGET (window), "contacts.delete");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_widget_activate (find_widget (GTK_WIDGET (dialog), shown_button_labelled, "_Delete"));
  count = (Count) { window, 2 };
  wait_until (count_reached, &count, "the contact gone from the list");
  drain ();
  g_assert_false (row_shown (window, "Dana Scully"));
  row (window, "Fox Mulder");

  g_assert_null (debrief_store_get_lead (store, dana_id, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  kept = debrief_store_get_call (store, call_id, &error);
  g_assert_no_error (error);
  g_assert_null (kept->lead_id);
  history = debrief_store_list_conversations_for_lead (store, dana_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_setenv ("DEBRIEF_AUDIO_SINK", "fakesink sync=true", TRUE);

  g_test_add ("/ui/contacts-window", Fixture, (gconstpointer) body_contacts, fixture_set_up, test_ui,
              fixture_tear_down);

  return g_test_run ();
}
