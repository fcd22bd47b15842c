/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-voice-page.c: Preferences → Coaching: the voice backend, its key, its models, a backend test */

#define G_LOG_DOMAIN "debrief-voice-page"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-secrets.h"
#include "debrief-voice-client.h"
#include "debrief-voice-page.h"

#define SAVE_DELAY_MS 600
/* A test that waits longer than this tells more than it helps. */
#define TEST_TIMEOUT_S 15

struct _DebriefVoicePage
{
  AdwPreferencesPage  parent_instance;

  AdwEntryRow        *url_row;
  AdwEntryRow        *api_key_row;
  AdwActionRow       *test_row;
  GtkSpinner         *test_spinner;
  GtkButton          *test_button;
  AdwEntryRow        *stt_model_row;
  AdwEntryRow        *chat_model_row;
  AdwEntryRow        *tts_model_row;
  AdwEntryRow        *voice_row;
  GtkAdjustment      *pause_adjustment;

  GSettings          *settings;
  GCancellable       *cancellable;
  GCancellable       *test_cancellable;
  guint               key_timeout;
  gboolean            loading_key;
  gboolean            key_edited;
  gboolean            saving_key;
  char               *next_key;
  char               *test_result;
};

G_DEFINE_FINAL_TYPE (DebriefVoicePage, debrief_voice_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  TEST_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
secret_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* The key: read from and written to the keyring off the UI thread. */

static void
load_key_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *key = debrief_secret_lookup (DEBRIEF_SECRET_VOICE_API_KEY, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, key != NULL ? key : g_strdup (""), (GDestroyNotify) secret_free);
}

static void
key_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DebriefVoicePage *self = DEBRIEF_VOICE_PAGE (object);
  char *key = g_task_propagate_pointer (G_TASK (result), NULL);

  /* The preferences may have closed meanwhile, or the person typed a key
   * before the keyring answered: what they typed wins. */
  if (key != NULL && self->api_key_row != NULL && !self->key_edited)
    {
      self->loading_key = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->api_key_row), key);
      self->loading_key = FALSE;
    }

  secret_free (key);
}

static void
save_key_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  const char *key = data;
  GError *error = NULL;

  if (!debrief_secret_store (DEBRIEF_SECRET_VOICE_API_KEY, _("Debrief voice backend API key"), key,
                             cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void save_key (DebriefVoicePage *self,
                      char             *key);

static void
key_saved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DebriefVoicePage *self = DEBRIEF_VOICE_PAGE (object);
  g_autoptr(GError) error = NULL;

  self->saving_key = FALSE;
  if (self->next_key != NULL)
    save_key (self, g_steal_pointer (&self->next_key));

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->test_row != NULL)
    adw_action_row_set_subtitle (self->test_row, error->message);
}

/* One save at a time, so the last key typed is the one kept. */
static void
save_key (DebriefVoicePage *self,
          char             *key)
{
  g_autoptr(GTask) task = NULL;

  if (self->saving_key)
    {
      secret_free (self->next_key);
      self->next_key = key;
      return;
    }

  self->saving_key = TRUE;
  task = g_task_new (self, self->cancellable, key_saved_cb, NULL);
  g_task_set_source_tag (task, save_key);
  g_task_set_task_data (task, key, (GDestroyNotify) secret_free);
  g_task_run_in_thread (task, save_key_thread);
}

static gboolean
save_key_cb (gpointer user_data)
{
  DebriefVoicePage *self = user_data;

  self->key_timeout = 0;
  save_key (self, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->api_key_row))));

  return G_SOURCE_REMOVE;
}

/* A key typed a moment ago is saved now. */
static void
save_key_now (DebriefVoicePage *self)
{
  if (self->key_timeout == 0)
    return;

  g_clear_handle_id (&self->key_timeout, g_source_remove);
  save_key_cb (self);
}

static void
key_changed_cb (DebriefVoicePage *self)
{
  if (self->loading_key)
    return;

  self->key_edited = TRUE;
  g_clear_handle_id (&self->key_timeout, g_source_remove);
  self->key_timeout = g_timeout_add (SAVE_DELAY_MS, save_key_cb, self);
}

/* Test: a one-message chat, which needs the URL, the key and the chat model
 * to be right. */

static void
finish_test (DebriefVoicePage *self,
             const char       *result)
{
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  g_free (self->test_result);
  self->test_result = g_strdup (result);
  adw_action_row_set_subtitle (self->test_row, self->test_result);
  g_signal_emit (self, signals[TEST_FINISHED], 0);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DebriefVoicePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = debrief_voice_client_chat_finish (DEBRIEF_VOICE_CLIENT (object), result, &error);
  g_autofree char *model = NULL;
  g_autofree char *message = NULL;

  /* Closed or tested again meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->test_spinner == NULL)
    return;

  if (reply == NULL)
    {
      finish_test (self, error->message);
      return;
    }

  model = g_settings_get_string (self->settings, "chat-model");
  message = g_strdup_printf (_("OK: the chat model “%s” answered"), model);
  finish_test (self, message);
}

/**
 * debrief_voice_page_test_backend:
 * @self: a #DebriefVoicePage
 *
 * Asks the backend's chat model for a short answer with the current
 * preferences and key, and says what failed in the Connection row.
 * #DebriefVoicePage::test-finished follows.
 */
void
debrief_voice_page_test_backend (DebriefVoicePage *self)
{
  g_autoptr(DebriefVoiceClient) client = NULL;
  g_autoptr(JsonArray) messages = json_array_new ();
  g_autofree char *url = NULL;
  g_autofree char *model = NULL;
  JsonObject *message;

  g_return_if_fail (DEBRIEF_IS_VOICE_PAGE (self));

  /* The key is tested as typed, and saved now. */
  save_key_now (self);

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();

  url = g_settings_get_string (self->settings, "voice-backend-url");
  model = g_settings_get_string (self->settings, "chat-model");
  g_strstrip (url);
  if (*url == '\0')
    {
      finish_test (self, _("Enter the base URL of the voice backend"));
      return;
    }

  gtk_spinner_start (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));

  message = json_object_new ();
  json_object_set_string_member (message, "role", "user");
  json_object_set_string_member (message, "content", "Reply with the word OK.");
  json_array_add_object_element (messages, message);

  client = debrief_voice_client_new (url, gtk_editable_get_text (GTK_EDITABLE (self->api_key_row)));
  debrief_voice_client_set_timeout (client, TEST_TIMEOUT_S);
  debrief_voice_client_chat_async (client, model, messages, FALSE, NULL, NULL, self->test_cancellable,
                                   tested_cb, g_object_ref (self));
}

/**
 * debrief_voice_page_get_test_result:
 * @self: a #DebriefVoicePage
 *
 * Returns: (nullable): what the last backend test said
 */
const char *
debrief_voice_page_get_test_result (DebriefVoicePage *self)
{
  g_return_val_if_fail (DEBRIEF_IS_VOICE_PAGE (self), NULL);

  return self->test_result;
}

/**
 * debrief_voice_page_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): the Coaching page
 */
DebriefVoicePage *
debrief_voice_page_new (GSettings *settings)
{
  DebriefVoicePage *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DEBRIEF_TYPE_VOICE_PAGE, NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "voice-backend-url", self->url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "stt-model", self->stt_model_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "chat-model", self->chat_model_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "tts-model", self->tts_model_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "tts-voice", self->voice_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "end-of-speech-ms", self->pause_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  task = g_task_new (self, self->cancellable, key_loaded_cb, NULL);
  g_task_set_source_tag (task, debrief_voice_page_new);
  g_task_run_in_thread (task, load_key_thread);

  g_signal_connect_object (self->api_key_row, "changed", G_CALLBACK (key_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->test_button, "clicked", G_CALLBACK (debrief_voice_page_test_backend), self,
                           G_CONNECT_SWAPPED);

  return self;
}

static void
debrief_voice_page_dispose (GObject *object)
{
  DebriefVoicePage *self = (DebriefVoicePage *) object;
  g_autofree char *key = NULL;

  /* A key typed a moment ago (or waiting behind a save) is written now,
   * here: a task started from dispose would outlive the page. */
  if (self->key_timeout != 0)
    key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->api_key_row)));
  else if (self->next_key != NULL)
    key = g_strdup (self->next_key);
  g_clear_handle_id (&self->key_timeout, g_source_remove);
  g_clear_pointer (&self->next_key, secret_free);
  if (key != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!debrief_secret_store (DEBRIEF_SECRET_VOICE_API_KEY, _("Debrief voice backend API key"), key, NULL,
                                 &error))
        g_message ("The voice backend's API key could not be kept: %s", error->message);
      secret_free (g_steal_pointer (&key));
    }
  g_cancellable_cancel (self->test_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_VOICE_PAGE);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (debrief_voice_page_parent_class)->dispose (object);
}

static void
debrief_voice_page_finalize (GObject *object)
{
  DebriefVoicePage *self = (DebriefVoicePage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_pointer (&self->next_key, secret_free);
  g_free (self->test_result);

  G_OBJECT_CLASS (debrief_voice_page_parent_class)->finalize (object);
}

static void
debrief_voice_page_class_init (DebriefVoicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_voice_page_dispose;
  object_class->finalize = debrief_voice_page_finalize;

  /**
   * DebriefVoicePage::test-finished:
   *
   * A backend test ended; debrief_voice_page_get_test_result() says how.
   */
  signals[TEST_FINISHED] =
    g_signal_new ("test-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/voice-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, url_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, test_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, test_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, stt_model_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, chat_model_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, tts_model_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, voice_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefVoicePage, pause_adjustment);
}

static void
debrief_voice_page_init (DebriefVoicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->test_cancellable = g_cancellable_new ();
}
