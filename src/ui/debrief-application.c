/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-application.c: the Debrief application: store, settings, actions */

#define G_LOG_DOMAIN "debrief-application"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-agents.h"
#include "debrief-agents-window.h"
#include "debrief-application.h"
#include "debrief-call-finish.h"
#include "debrief-call-item.h"
#include "debrief-call-window.h"
#include "debrief-coach.h"
#include "debrief-contacts-window.h"
#include "debrief-feedback.h"
#include "debrief-cleanup.h"
#include "debrief-sync-service.h"
#include "debrief-paths.h"
#include "debrief-resources.h"
#include "debrief-preferences-window.h"
#include "debrief-window.h"

struct _DebriefApplication
{
  AdwApplication  parent_instance;

  GSettings          *settings;
  DebriefStore       *store;
  GError             *store_error;
  DebriefCallSession *session;
  DebriefCoach       *coach;          /* in a coaching call, until its feedback is in */
  DebriefVoiceClient *client;
  GHashTable         *feedback_pending; /* call ids whose feedback is being written */
  gboolean            connecting;
  DebriefSyncService *sync;
};

G_DEFINE_FINAL_TYPE (DebriefApplication, debrief_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CALLS_CHANGED,
  FEEDBACK_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

DebriefApplication *
debrief_application_new (void)
{
  return g_object_new (DEBRIEF_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * debrief_application_get_settings:
 * @self: a #DebriefApplication
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
debrief_application_get_settings (DebriefApplication *self)
{
  g_return_val_if_fail (DEBRIEF_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * debrief_application_get_store:
 * @self: a #DebriefApplication
 *
 * Returns: (transfer none) (nullable): the store, once it is open
 */
DebriefStore *
debrief_application_get_store (DebriefApplication *self)
{
  g_return_val_if_fail (DEBRIEF_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * debrief_application_get_sync:
 * @self: a #DebriefApplication
 *
 * Returns: (transfer none) (nullable): the background uploads, once the
 *   store is open
 */
DebriefSyncService *
debrief_application_get_sync (DebriefApplication *self)
{
  g_return_val_if_fail (DEBRIEF_IS_APPLICATION (self), NULL);

  return self->sync;
}

/**
 * debrief_application_get_store_error:
 * @self: a #DebriefApplication
 *
 * Returns: (transfer none) (nullable): why the store could not be opened
 */
const GError *
debrief_application_get_store_error (DebriefApplication *self)
{
  g_return_val_if_fail (DEBRIEF_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * debrief_application_get_call_session:
 * @self: a #DebriefApplication
 *
 * Returns: (transfer none) (nullable): the call running in this process
 */
DebriefCallSession *
debrief_application_get_call_session (DebriefApplication *self)
{
  g_return_val_if_fail (DEBRIEF_IS_APPLICATION (self), NULL);

  return self->session;
}

static void
show_message (GtkWindow  *parent,
              const char *heading,
              const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  DebriefApplication *self;
  char               *call_id;
} FeedbackData;

static FeedbackData *
feedback_data_new (DebriefApplication *self,
                   const char         *call_id)
{
  FeedbackData *data = g_new0 (FeedbackData, 1);

  data->self = g_object_ref (self);
  data->call_id = g_strdup (call_id);
  g_application_hold (G_APPLICATION (self));

  return data;
}

static void
feedback_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FeedbackData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *feedback = debrief_feedback_request_finish (result, &error);

  /* The call is kept either way; the page says what is missing. */
  if (feedback == NULL)
    g_warning ("The coach's feedback could not be kept: %s", error->message);

  g_hash_table_remove (data->self->feedback_pending, data->call_id);
  g_signal_emit (data->self, signals[FEEDBACK_READY], 0, data->call_id);
  g_application_release (G_APPLICATION (data->self));
  g_object_unref (data->self);
  g_free (data->call_id);
  g_free (data);
}

/**
 * debrief_application_get_feedback_pending:
 * @self: a #DebriefApplication
 * @call_id: a call
 *
 * Returns: whether the coach is still writing the call's feedback
 */
gboolean
debrief_application_get_feedback_pending (DebriefApplication *self,
                                          const char         *call_id)
{
  g_return_val_if_fail (DEBRIEF_IS_APPLICATION (self), FALSE);

  return call_id != NULL && g_hash_table_contains (self->feedback_pending, call_id);
}

/* A coaching call ended: the coach writes its feedback, shown on the
 * call's page when it is in. */
static void
request_feedback (DebriefApplication *self,
                  DebriefCallSession *session)
{
  const DebriefCall *call = debrief_call_session_get_call (session);
  g_autoptr(DebriefAgent) agent = NULL;
  g_autoptr(DebriefCoachOptions) options = NULL;
  g_autofree char *data_dir = debrief_get_data_dir ();
  g_autoptr(GTask) task = NULL;

  if (call == NULL || debrief_call_session_get_state (session) != DEBRIEF_CALL_STATE_ENDED)
    return;

  agent = call->ai_agent_id != NULL ? debrief_store_get_agent (self->store, call->ai_agent_id, NULL) : NULL;
  options = debrief_coach_options_new (agent, NULL, self->settings);
  g_hash_table_add (self->feedback_pending, g_strdup (call->id));
  debrief_feedback_request_async (self->client, self->store, call->id, options->chat_model, options->system_prompt,
                                  options->language, data_dir, NULL, feedback_done_cb,
                                  feedback_data_new (self, call->id));
}

static void
session_ended_cb (DebriefCallSession *session,
                  DebriefApplication *self)
{
  if (self->coach != NULL)
    {
      const DebriefCall *call = debrief_call_session_get_call (session);

      request_feedback (self, session);
      g_clear_object (&self->coach);

      /* The call's page, where its feedback appears when it is in */
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && call != NULL; l = l->next)
        if (DEBRIEF_IS_WINDOW (l->data))
          {
            debrief_window_open_call (l->data, call->id);
            gtk_window_present (l->data);
            break;
          }
    }

  if (self->session == session)
    g_clear_object (&self->session);

  /* Its files go to the cloud now, when there is one. */
  if (self->sync != NULL)
    debrief_sync_service_kick (self->sync);

  g_signal_emit (self, signals[CALLS_CHANGED], 0);
}

/**
 * debrief_application_start_call:
 * @self: a #DebriefApplication
 * @parent: (nullable): the window asking, for dialogs
 *
 * Starts a recorded call with the preferences and shows its window; when a
 * call is already running here, shows that one instead. What prevents a
 * call (another call running, no microphone) is shown in a dialog.
 */
void
debrief_application_start_call (DebriefApplication *self,
                                GtkWindow          *parent)
{
  g_autoptr(DebriefCallOptions) options = NULL;
  g_autoptr(DebriefCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  DebriefCallWindow *window;

  g_return_if_fail (DEBRIEF_IS_APPLICATION (self));

  if (self->store == NULL)
    return;

  if (self->session != NULL)
    {
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
        if (DEBRIEF_IS_CALL_WINDOW (l->data))
          {
            gtk_window_present (l->data);
            return;
          }
    }

  options = debrief_call_options_new_from_settings (self->settings);
  session = debrief_call_session_new (self->store, NULL, options);
  if (!debrief_call_session_start (session, &error))
    {
      show_message (parent, _("The Call Could Not Start"), error->message);
      g_signal_emit (self, signals[CALLS_CHANGED], 0);
      return;
    }

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "ended", G_CALLBACK (session_ended_cb), self, 0);
  g_signal_emit (self, signals[CALLS_CHANGED], 0);

  window = debrief_call_window_new (GTK_APPLICATION (self), self->store, session);
  gtk_window_present (GTK_WINDOW (window));
}

/* Starting a coaching call: the backend's key comes from the keyring off
 * the UI thread, then the call starts as a recorded one does. */

typedef struct
{
  DebriefApplication *self;
  GtkWindow          *parent;
  char               *agent_id;
} Coaching;

static void
coaching_free (Coaching *coaching)
{
  g_clear_object (&coaching->self);
  g_clear_object (&coaching->parent);
  g_free (coaching->agent_id);
  g_free (coaching);
}

static void
connect_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DebriefApplication *self = source;

  g_task_return_pointer (task, debrief_coach_connect (self->settings, cancellable), g_object_unref);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DebriefApplication *self = DEBRIEF_APPLICATION (object);
  Coaching *coaching = g_task_get_task_data (G_TASK (result));
  g_autoptr(DebriefVoiceClient) client = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(DebriefAgent) agent = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;
  g_autoptr(DebriefCallOptions) options = NULL;
  g_autoptr(DebriefCoachOptions) coach_options = NULL;
  g_autoptr(DebriefCallSession) session = NULL;
  g_autoptr(DebriefCoach) coach = NULL;
  g_autoptr(GError) error = NULL;
  DebriefCallWindow *window;

  self->connecting = FALSE;
  agent = debrief_store_get_agent (self->store, coaching->agent_id, &error);
  if (agent == NULL)
    {
      show_message (coaching->parent, _("The Call Could Not Start"), error->message);
      return;
    }
  voice = debrief_store_get_voice_settings (self->store, agent->id, NULL);

  options = debrief_call_options_new_from_settings (self->settings);
  options->kind = DEBRIEF_CALL_KIND_COACHING;
  g_free (options->agent_id);
  options->agent_id = g_strdup (agent->id);
  if (options->title == NULL)
    options->title = debrief_call_describe_kind (DEBRIEF_CALL_KIND_COACHING, agent->name);
  session = debrief_call_session_new (self->store, NULL, options);

  coach_options = debrief_coach_options_new (agent, voice, self->settings);
  coach = debrief_coach_new (session, client, self->store, coach_options);
  if (!debrief_coach_prepare (coach, &error) || !debrief_call_session_start (session, &error))
    {
      show_message (coaching->parent, _("The Call Could Not Start"), error->message);
      g_signal_emit (self, signals[CALLS_CHANGED], 0);
      return;
    }

  g_set_object (&self->client, client);
  self->session = g_object_ref (session);
  self->coach = g_object_ref (coach);
  g_signal_connect_object (session, "ended", G_CALLBACK (session_ended_cb), self, 0);
  g_signal_emit (self, signals[CALLS_CHANGED], 0);

  window = debrief_call_window_new (GTK_APPLICATION (self), self->store, session);
  debrief_call_window_set_coach (window, coach);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * debrief_application_start_coaching_call:
 * @self: a #DebriefApplication
 * @parent: (nullable): the window asking, for dialogs
 * @agent_id: the coach
 *
 * Starts a coaching call with @agent_id and shows its window; as
 * debrief_application_start_call() otherwise.
 */
void
debrief_application_start_coaching_call (DebriefApplication *self,
                                         GtkWindow          *parent,
                                         const char         *agent_id)
{
  g_autoptr(GTask) task = NULL;
  Coaching *coaching;

  g_return_if_fail (DEBRIEF_IS_APPLICATION (self));
  g_return_if_fail (agent_id != NULL);

  if (self->store == NULL || self->connecting)
    return;

  if (self->session != NULL)
    {
      debrief_application_start_call (self, parent);
      return;
    }

  coaching = g_new0 (Coaching, 1);
  coaching->self = g_object_ref (self);
  coaching->parent = parent != NULL ? g_object_ref (parent) : NULL;
  coaching->agent_id = g_strdup (agent_id);

  self->connecting = TRUE;
  task = g_task_new (self, NULL, connected_cb, NULL);
  g_task_set_task_data (task, coaching, (GDestroyNotify) coaching_free);
  g_task_run_in_thread (task, connect_thread);
}

static void
hidden_deleted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint deleted = debrief_calls_delete_hidden_finish (DEBRIEF_STORE (object), result, &error);

  /* A call that cannot go yet (offline) stays hidden for the next start;
   * only a store that cannot list them fails here. */
  if (error != NULL)
    g_warning ("Could not look for deleted calls: %s", error->message);
  else if (deleted > 0)
    g_debug ("Deleted %u call(s) left hidden by their deletion", deleted);
}

static void
recovered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DebriefApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) agent_error = NULL;
  g_autoptr(GPtrArray) recovered = debrief_call_recover_abandoned_finish (result, &error);
  g_autofree char *data_dir = debrief_get_data_dir ();

  g_application_release (G_APPLICATION (self));

  /* A call that cannot be finished now stays active and is tried again at
   * the next start: nothing is lost. */
  if (recovered == NULL)
    g_warning ("Could not finish a call cut short by a crash: %s", error->message);
  else if (recovered->len > 0)
    g_message ("Finished %u call(s) cut short by a crash", recovered->len);

  self->store = g_object_ref (DEBRIEF_STORE (object));

  /* A first start gets a coach to talk to. */
  if (!debrief_agents_ensure_default (self->store, self->settings, &agent_error))
    g_warning ("Could not add the default coach: %s", agent_error->message);

  /* What a crash or quit left hidden during a delete's undo, or a delete
   * that could not reach the cloud, goes now: cloud copies, files, rows.
   * Listed before any window has the store, so no undo on offer is cut. */
  debrief_calls_delete_hidden_async (self->store, self->settings, data_dir, NULL, hidden_deleted_cb, NULL);

  self->sync = debrief_sync_service_new (self->store, self->settings);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DebriefApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = debrief_store_open_finish (result, &error);
  g_autofree char *data_dir = NULL;

  if (store == NULL)
    {
      g_application_release (G_APPLICATION (self));
      g_warning ("%s", error->message);
      self->store_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
      return;
    }

  /* A call a crash left running is finished before the library shows it. */
  data_dir = debrief_get_data_dir ();
  debrief_call_recover_abandoned_async (store, data_dir, NULL, recovered_cb, g_object_ref (self));
}

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  if (g_strcmp0 (scheme, "light") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (scheme, "dark") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);

  return TRUE;
}

static void
debrief_application_startup (GApplication *application)
{
  DebriefApplication *self = DEBRIEF_APPLICATION (application);
  g_autofree char *db_path = NULL;

  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (debrief_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APP_ID);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET,
                                color_scheme_get_mapping, NULL, NULL, NULL);

  /* Opening may migrate a large database: keep it off the main thread, and
   * keep the application alive until it is done. */
  db_path = debrief_get_database_path ();
  g_application_hold (application);
  debrief_store_open_async (db_path, NULL, store_opened_cb, g_object_ref (self));
}

static void
debrief_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (debrief_window_new (DEBRIEF_APPLICATION (application)));

  gtk_window_present (window);
}

static void
debrief_application_dispose (GObject *object)
{
  DebriefApplication *self = (DebriefApplication *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->coach);
  g_clear_object (&self->client);
  g_clear_pointer (&self->feedback_pending, g_hash_table_unref);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (debrief_application_parent_class)->dispose (object);
}

static void
debrief_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DebriefApplication *self = DEBRIEF_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_application_class_init (DebriefApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = debrief_application_dispose;
  object_class->get_property = debrief_application_get_property;

  app_class->startup = debrief_application_startup;

  /* The resources live in a static library, where nothing would pull in an
   * automatic constructor: register them here, once. */
  debrief_register_resource ();
  app_class->activate = debrief_application_activate;

  /**
   * DebriefApplication:store:
   *
   * The store, set once it has been opened; stays %NULL when opening failed
   * (see debrief_application_get_store_error()). Notified either way.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DEBRIEF_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefApplication::calls-changed:
   *
   * A call started or ended: lists of calls are out of date.
   */
  /**
   * DebriefApplication::feedback-ready:
   * @self: the application
   * @call_id: a coaching call whose feedback is in (or could not be written)
   */
  signals[FEEDBACK_READY] =
    g_signal_new ("feedback-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  signals[CALLS_CHANGED] =
    g_signal_new ("calls-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  DebriefApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DebriefPreferencesWindow *preferences = debrief_preferences_window_new (self->settings, self->store);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
agents_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  DebriefApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DebriefAgentsWindow *agents;

  /* The store opens within moments of the start. */
  if (self->store == NULL)
    return;

  agents = debrief_agents_window_new (self->store, self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (agents), parent);
  gtk_window_present (GTK_WINDOW (agents));
}

static void
contacts_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DebriefApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DebriefContactsWindow *contacts;

  /* The store opens within moments of the start. */
  if (self->store == NULL)
    return;

  contacts = debrief_contacts_window_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (contacts), parent);
  /* Among the application's windows, so a call it opens finds the library. */
  gtk_window_set_application (GTK_WINDOW (contacts), GTK_APPLICATION (self));
  /* Messages sent or received meanwhile join the open contact's history. */
  if (self->sync != NULL)
    g_signal_connect_object (self->sync, "messages-changed", G_CALLBACK (debrief_contacts_window_reload_details),
                             contacts, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (contacts));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  DebriefApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Debrief developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Debrief"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Debrief developers"),
                         "developers", developers,
                         "comments", _("Coaching calls and call recordings, kept safe"),
                         "website", "https://github.com/debrief/debrief",
                         "issue-url", "https://github.com/debrief/debrief/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your name, one per line, to be credited */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "agents", agents_activated },
  { "contacts", contacts_activated },
  { "about", about_activated },
};

static void
debrief_application_init (DebriefApplication *self)
{
  self->settings = g_settings_new (BASE_ID);
  self->feedback_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
}
