/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-voice-page.c: Preferences → Coaching against a fake voice backend: the key test, the keyring, the models */

#include "config.h"

#include <json-glib/json-glib.h>

#include "debrief-coach.h"
#include "debrief-preferences-window.h"
#include "debrief-secrets.h"
#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"
#include "debrief-voice-page.h"
#include "fakes/debrief-fake-openai.h"

#define URL_TITLE "Base URL"
#define KEY_TITLE "API Key (empty for a local server)"

static gboolean
test_finished (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "finished"));
}

static void
mark_finished (GObject *page)
{
  g_object_set_data (page, "finished", GINT_TO_POINTER (TRUE));
}

/* Presses Test as a person would and waits for the answer. */
static const char *
press_test (DebriefVoicePage *page)
{
  GtkWidget *button = find_descendant (get_row (GTK_WIDGET (page), "Connection"), GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_object_set_data (G_OBJECT (page), "finished", NULL);
  gtk_widget_activate (button);
  wait_until (test_finished, page, "the backend test");
  g_assert_true (gtk_widget_is_sensitive (button));

  return debrief_voice_page_get_test_result (page);
}

static gboolean
keyring_holds (gpointer data)
{
  g_autofree char *key = debrief_secret_lookup (DEBRIEF_SECRET_VOICE_API_KEY, NULL, NULL);

  return g_strcmp0 (key, data) == 0;
}

static gboolean
row_shows (gpointer data)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (data)), FAKE_OPENAI_API_KEY) == 0;
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

static char *
last_chat_model (FakeOpenai *fake)
{
  g_autoptr(GBytes) body = fake_openai_dup_last_body (fake, FAKE_OPENAI_CHAT);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  g_assert_true (json_parser_load_from_data (parser, data, size, &error));
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "model"));
}

static DebriefVoicePage *
open_coaching (Fixture    *f,
               GtkWindow **preferences)
{
  DebriefVoicePage *page;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  drain ();
  *preferences = find_toplevel (DEBRIEF_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (*preferences);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (*preferences), "coaching");
  drain ();
  page = DEBRIEF_VOICE_PAGE (find_descendant (GTK_WIDGET (*preferences), DEBRIEF_TYPE_VOICE_PAGE));
  g_assert_nonnull (page);
  g_signal_connect (page, "test-finished", G_CALLBACK (mark_finished), NULL);

  return page;
}

static void
body_coaching_preferences (Fixture *f)
{
  g_autoptr(FakeOpenai) fake = fake_openai_new (FAKE_OPENAI_API_KEY);
  g_autoptr(GPtrArray) malformed = NULL;
  g_autoptr(DebriefCoachOptions) options = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *model = NULL;
  g_autofree char *url = NULL;
  GSettings *settings;
  GtkWindow *preferences;
  DebriefVoicePage *page;
  GtkWidget *spin;

  start_app (f);
  settings = debrief_application_get_settings (f->app);
  page = open_coaching (f, &preferences);

  /* The defaults show: OpenAI's URL and models, no key. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (GTK_WIDGET (page), URL_TITLE))), ==,
                   "https://api.openai.com/v1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (GTK_WIDGET (page), "Chat Model"))), ==,
                   "gpt-4o-mini");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (GTK_WIDGET (page), KEY_TITLE))), ==, "");

  /* A wrong key: the backend's refusal, in words a person can act on. */
  type_into (GTK_WIDGET (page), URL_TITLE, fake_openai_get_url (fake));
  url = g_settings_get_string (settings, "voice-backend-url");
  g_assert_cmpstr (url, ==, fake_openai_get_url (fake));
  type_into (GTK_WIDGET (page), KEY_TITLE, "sk-wrong-key");
  g_assert_nonnull (strstr (press_test (page), "The voice backend rejected the API key"));
  g_assert_cmpuint (fake_openai_get_requests (fake, FAKE_OPENAI_CHAT), ==, 1);

  /* Another chat model and the right key: the backend answers, with that model. */
  type_into (GTK_WIDGET (page), "Chat Model", "llama-3.2-1b-instruct");
  model = g_settings_get_string (settings, "chat-model");
  g_assert_cmpstr (model, ==, "llama-3.2-1b-instruct");
  type_into (GTK_WIDGET (page), KEY_TITLE, FAKE_OPENAI_API_KEY);
  g_assert_cmpstr (press_test (page), ==, "OK: the chat model “llama-3.2-1b-instruct” answered");
  g_assert_cmpuint (fake_openai_get_requests (fake, FAKE_OPENAI_CHAT), ==, 2);
  g_clear_pointer (&model, g_free);
  model = last_chat_model (fake);
  g_assert_cmpstr (model, ==, "llama-3.2-1b-instruct");
  authorization = fake_openai_dup_last_header (fake, FAKE_OPENAI_CHAT, "Authorization");
  g_assert_cmpstr (authorization, ==, "Bearer " FAKE_OPENAI_API_KEY);

  /* The key is in the keyring, and nowhere in the preferences. */
  wait_until (keyring_holds, (gpointer) FAKE_OPENAI_API_KEY, "the key to reach the keyring");
  assert_not_in_settings (settings, FAKE_OPENAI_API_KEY);

  /* The other models and the pause are preferences; a coach uses the pause. */
  type_into (GTK_WIDGET (page), "Speech-to-Text Model", "Systran/faster-whisper-small");
  type_into (GTK_WIDGET (page), "Text-to-Speech Model", "kokoro");
  type_into (GTK_WIDGET (page), "Voice", "af_heart");
  spin = find_descendant (get_row (GTK_WIDGET (page), "_End-of-Speech Pause"), GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1200);
  g_assert_cmpuint (g_settings_get_uint (settings, "end-of-speech-ms"), ==, 1200);
  /* Out of range is held to the range, not stored. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 50);
  g_assert_cmpuint (g_settings_get_uint (settings, "end-of-speech-ms"), ==, 200);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1200);

  options = debrief_coach_options_new (NULL, NULL, settings);
  g_assert_cmpuint (options->end_silence_ms, ==, 1200);
  g_assert_cmpstr (options->stt_model, ==, "Systran/faster-whisper-small");
  g_assert_cmpstr (options->chat_model, ==, "llama-3.2-1b-instruct");
  g_assert_cmpstr (options->tts_model, ==, "kokoro");
  g_assert_cmpstr (options->voice, ==, "af_heart");

  /* Tall enough to show every group. */
  gtk_window_set_default_size (preferences, 640, 960);
  drain ();
  save_screenshot (GTK_WIDGET (preferences), "preferences-coaching");

  /* Opened again, the page shows the key from the keyring. */
  gtk_window_destroy (preferences);
  drain ();
  page = open_coaching (f, &preferences);
  wait_until (row_shows, get_row (GTK_WIDGET (page), KEY_TITLE), "the key to be read from the keyring");

  /* An empty key means none: the keyring forgets it, once the typing pauses. */
  type_into (GTK_WIDGET (page), KEY_TITLE, "");
  g_assert_true (keyring_holds ((gpointer) FAKE_OPENAI_API_KEY));
  wait_until (keyring_holds, NULL, "the key to leave the keyring");

  malformed = fake_openai_dup_malformed (fake);
  g_assert_cmpuint (malformed->len, ==, 0);

  for (const char * const *key = (const char *[]) { "voice-backend-url", "stt-model", "chat-model", "tts-model",
                                                    "tts-voice", "end-of-speech-ms", NULL }; *key != NULL; key++)
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

  g_test_add ("/ui/coaching-preferences", Fixture, (gconstpointer) body_coaching_preferences, fixture_set_up,
              test_ui, fixture_tear_down);

  status = g_test_run ();
  debrief_test_remove_data_dir (keyring_dir);

  return status;
}
