/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-coaching-call.c: a coaching call in the app: started from the library, the reply streaming in, feedback after */

#include "config.h"

#include <gst/gst.h>

#include "debrief-call-window.h"
#include "debrief-recording-page.h"
#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"
#include "debrief-transcript-line.h"
#include "fakes/debrief-fake-openai.h"

static FakeOpenai *fake;

static void
fixture_set_up_coaching (Fixture       *f,
                         gconstpointer  data)
{
  const char *sentences[] = { "I want to practise handling a price objection.", NULL };
  const guint pauses[] = { 3500 };
  g_autofree char *speech = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *source = NULL;

  fixture_set_up (f, data);
  speech = debrief_test_make_speech (f->dir, "speech.wav", sentences, pauses);
  escaped = g_strescape (speech, NULL);
  source = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample ! clocksync", escaped);

  fake = fake_openai_new (FAKE_OPENAI_API_KEY);
  fake_openai_set_transcript (fake, "I want to practise handling a price objection.");
  fake_openai_set_reply (fake, "Good idea. Tell me the price you are defending, and I will push back like a "
                         "buyer would.");
  fake_openai_set_json_reply (fake, "{\"summary\": \"You named the objection clearly and asked for practice.\", "
                              "\"strengths\": [\"Clear goal\"], \"improvements\": [\"Give the price you defend\"], "
                              "\"next_steps\": [\"Prepare your value statement\"]}");
  g_setenv ("OPENAI_BASE_URL", fake_openai_get_url (fake), TRUE);
  g_setenv ("OPENAI_API_KEY", FAKE_OPENAI_API_KEY, TRUE);
  g_setenv ("DEBRIEF_AUDIO_SOURCE", source, TRUE);
  g_setenv ("DEBRIEF_AUDIO_SINK", "fakesink sync=true", TRUE);
}

static void
fixture_tear_down_coaching (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) malformed = fake_openai_dup_malformed (fake);

  g_assert_cmpuint (malformed->len, ==, 0);
  g_clear_pointer (&fake, fake_openai_free);
  g_unsetenv ("DEBRIEF_AUDIO_SOURCE");
  fixture_tear_down (f, data);
}

static gboolean
call_window_shown (gpointer data)
{
  return find_toplevel (DEBRIEF_TYPE_CALL_WINDOW) != NULL;
}

static gboolean
shown_coach_line (GtkWidget     *widget,
                  gconstpointer  data)
{
  return DEBRIEF_IS_TRANSCRIPT_LINE (widget) &&
         g_str_has_prefix (debrief_transcript_line_get_text (DEBRIEF_TRANSCRIPT_LINE (widget)), "Good idea.") &&
         gtk_widget_is_drawable (widget);
}

static gboolean
reply_shown (gpointer data)
{
  return find_widget (data, shown_coach_line, NULL) != NULL;
}

static gboolean
answered (gpointer data)
{
  DebriefCoach *coach = debrief_call_window_get_coach (data);

  return debrief_coach_get_input_ended (coach) && !debrief_coach_get_busy (coach);
}

static gboolean
feedback_shown (gpointer data)
{
  DebriefWindow *window = data;
  DebriefRecordingPage *page = debrief_window_get_recording_page (window);

  return page != NULL && debrief_recording_page_get_loaded (page) &&
         find_widget (GTK_WIDGET (page), shown_label_saying, "You spoke") != NULL;
}

static void
body_coaching_call (Fixture *f)
{
  GtkWindow *call_window;

  start_app (f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 900);

  /* The one active coach, the default Coach: the call starts at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "library.new-coaching-call", NULL));
  wait_until (call_window_shown, NULL, "the call window");
  call_window = find_toplevel (DEBRIEF_TYPE_CALL_WINDOW);
  g_assert_nonnull (debrief_call_window_get_coach (DEBRIEF_CALL_WINDOW (call_window)));

  /* What was said, then the coach's reply as it streams in */
  wait_until (reply_shown, call_window, "the coach's reply");
  g_assert_nonnull (find_widget (GTK_WIDGET (call_window), shown_label_saying, "price objection"));
  drain ();
  save_screenshot (GTK_WIDGET (call_window), "coaching-call-window");

  /* Said and answered: the call ends, its page opens with the feedback. */
  wait_until (answered, call_window, "the last answer");
  debrief_call_session_end_async (debrief_call_window_get_session (DEBRIEF_CALL_WINDOW (call_window)),
                                  DEBRIEF_END_REASON_MANUAL, NULL, NULL, NULL);
  wait_until (feedback_shown, f->window, "the feedback");
  g_assert_nonnull (find_widget (GTK_WIDGET (f->window), shown_label_saying, "You named the objection clearly"));
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "recording");
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "coaching-feedback");
  g_assert_cmpuint (fake_openai_get_requests (fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 1);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Two active coaches: the person chooses one. */
static void
body_choose_coach (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "debrief.db", NULL);
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefAgent) agent = debrief_agent_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  start_app (f);
  store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);
  agent->name = g_strdup ("Interview Coach");
  agent->status = DEBRIEF_AGENT_STATUS_ACTIVE;
  agent->system_prompt = g_strdup ("You are a job interviewer.");
  g_assert_true (debrief_store_save_agent (store, agent, &error));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "library.new-coaching-call", NULL));
  wait_until (dialog_shown, NULL, "the choice of coach");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN));
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "coaching-choose-coach");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_null (find_toplevel (DEBRIEF_TYPE_CALL_WINDOW));
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

  g_test_add ("/ui/coaching-call", Fixture, (gconstpointer) body_coaching_call, fixture_set_up_coaching, test_ui,
              fixture_tear_down_coaching);

  g_test_add ("/ui/coaching-call/choose-coach", Fixture, (gconstpointer) body_choose_coach, fixture_set_up_coaching,
              test_ui, fixture_tear_down_coaching);

  return g_test_run ();
}
