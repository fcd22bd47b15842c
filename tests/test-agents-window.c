/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-agents-window.c: the Coaches window: the default coach listed, one added in the editor, a name refused, one deleted */

#include "config.h"

#include "debrief-agents-window.h"
#include "debrief-store.h"
#include "debrief-test-ui.h"

static gboolean
listed (gpointer data)
{
  return !debrief_agents_window_get_loading (data) && debrief_agents_window_get_agents (data) != NULL;
}

static guint
n_agents (DebriefAgentsWindow *window)
{
  wait_until (listed, window, "the list of coaches");
  return debrief_agents_window_get_agents (window)->len;
}

typedef struct
{
  DebriefAgentsWindow *window;
  guint                n;
} Count;

static gboolean
count_reached (gpointer data)
{
  Count *count = data;

  return listed (count->window) && debrief_agents_window_get_agents (count->window)->len == count->n;
}

/* Clicks the shown button for @action. */
static void
click (DebriefAgentsWindow *window,
       const char          *action)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), shown_button_with_action, action);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  drain ();
}

static GtkWidget *
row (DebriefAgentsWindow *window,
     const char          *title)
{
  GtkWidget *found = find_widget (GTK_WIDGET (window), shown_row_titled, title);

  if (found == NULL)
    g_error ("No row “%s” is shown", title);
  return found;
}

static void
type_into_shown (DebriefAgentsWindow *window,
                 const char          *title,
                 const char          *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (window, title)), text);
}

static void
set_spin (DebriefAgentsWindow *window,
          const char          *title,
          double               value)
{
  GtkWidget *spin = find_descendant (row (window, title), GTK_TYPE_SPIN_BUTTON);

  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

static void
body_agents (Fixture *f)
{
  DebriefStore *store;
  DebriefAgentsWindow *window;
  DebriefAgent *coach;
  GtkWidget *name_row;
  GtkWindow *dialog;
  GtkTextView *prompt;
  g_autoptr(DebriefAgent) drill = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefCall) kept = NULL;
  g_autoptr(GError) error = NULL;
  Count count;

  start_app (f);
  store = debrief_application_get_store (f->app);
  g_assert_nonnull (store);

  /* The menu's Coaches… lists the coach a first start adds. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "agents", NULL);
  window = DEBRIEF_AGENTS_WINDOW (find_toplevel (DEBRIEF_TYPE_AGENTS_WINDOW));
  g_assert_nonnull (window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (f->window));
  g_assert_cmpuint (n_agents (window), ==, 1);
  coach = g_ptr_array_index (debrief_agents_window_get_agents (window), 0);
  g_assert_cmpstr (coach->name, ==, "Coach");
  g_assert_cmpint (coach->status, ==, DEBRIEF_AGENT_STATUS_ACTIVE);
  drain ();
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (window, "Coach"))), "supportive"));
  save_screenshot (GTK_WIDGET (window), "agents-window");

  /* Add: the editor starts from the preferences' models and voice. Tall
   * enough for the screenshots to show all of it. */
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 1000);
  click (window, "agents.add");
  name_row = row (window, "Name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (window, "Chat Model"))), ==, "gpt-4o-mini");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (window, "Voice"))), ==, "alloy");
  g_assert_null (find_widget (GTK_WIDGET (window), shown_button_with_action, "agents.delete"));

  type_into_shown (window, "Name", "Objection Drill");
  type_into_shown (window, "Description", "Plays a buyer who pushes back on price");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (window, "_Status")), DEBRIEF_AGENT_STATUS_ACTIVE);
  prompt = GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (prompt);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (prompt),
                            "You are a buyer who finds the price too high. Push back twice, then ask for a pilot.",
                            -1);
  type_into_shown (window, "Voice", "nova");
  set_spin (window, "Sp_eed", 1.2);
  set_spin (window, "_Pitch", -2);
  drain ();
  save_screenshot (GTK_WIDGET (window), "agents-editor");

  click (window, "agents.save");
  count = (Count) { window, 2 };
  wait_until (count_reached, &count, "the new coach in the list");
  drain ();
  row (window, "Objection Drill");

  drill = debrief_store_find_agent (store, NULL, "Objection Drill", &error);
  g_assert_no_error (error);
  g_assert_cmpint (drill->status, ==, DEBRIEF_AGENT_STATUS_ACTIVE);
  g_assert_cmpstr (drill->description, ==, "Plays a buyer who pushes back on price");
  g_assert_true (g_str_has_prefix (drill->system_prompt, "You are a buyer"));
  g_assert_cmpstr (drill->language, ==, "en");
  voice = debrief_store_get_voice_settings (store, drill->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (voice->voice_id, ==, "nova");
  g_assert_cmpfloat_with_epsilon (voice->speed, 1.2, 1e-9);
  g_assert_cmpfloat (voice->pitch, ==, -2);
  g_assert_cmpfloat (voice->stability, ==, 0.5);

  /* A name already taken is refused next to the field, and nothing is saved. */
  click (window, "agents.add");
  type_into_shown (window, "Name", "coach");
  click (window, "agents.save");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), shown_error_saying, "There is already a coach named “Coach”"));
  name_row = row (window, "Name");
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_cmpuint (n_agents (window), ==, 2);
  save_screenshot (GTK_WIDGET (window), "agents-invalid");

  /* Typing clears it; an empty name is refused too. */
  type_into_shown (window, "Name", "");
  g_assert_null (find_widget (GTK_WIDGET (window), shown_error, NULL));
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  click (window, "agents.save");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), shown_error_saying, "A coach needs a name"));
  click (window, "agents.back");
  g_assert_cmpuint (n_agents (window), ==, 2);

  /* Deleting asks first; the calls held with the coach stay, without it. */
  call->kind = DEBRIEF_CALL_KIND_COACHING;
  call->ai_agent_id = g_strdup (drill->id);
  call->title = g_strdup ("Pricing practice");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->started_at = g_get_real_time ();
  g_assert_true (debrief_store_save_call (store, call, &error));
  g_assert_no_error (error);

  gtk_widget_activate (row (window, "Objection Drill"));
  drain ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (window, "Name"))), ==, "Objection Drill");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (window, "Voice"))), ==, "nova");

  click (window, "agents.delete");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete “Objection Drill”?");
  gtk_widget_activate (find_widget (GTK_WIDGET (dialog), shown_button_labelled, "_Cancel"));
  drain ();
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (n_agents (window), ==, 2);

  click (window, "agents.delete");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_widget_activate (find_widget (GTK_WIDGET (dialog), shown_button_labelled, "_Delete"));
  count = (Count) { window, 1 };
  wait_until (count_reached, &count, "the coach gone from the list");
  drain ();
  g_assert_null (find_widget (GTK_WIDGET (window), shown_row_titled, "Objection Drill"));
  row (window, "Coach");

  kept = debrief_store_get_call (store, call->id, &error);
  g_assert_no_error (error);
  g_assert_null (kept->ai_agent_id);
  g_assert_null (debrief_store_get_agent (store, drill->id, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/ui/agents-window", Fixture, (gconstpointer) body_agents, fixture_set_up, test_ui, fixture_tear_down);

  return g_test_run ();
}
