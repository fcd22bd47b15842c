/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-sync-service.c: runs the upload queue, the WhatsApp outbox and daily retention in the background while the app is open */

#define G_LOG_DOMAIN "debrief-sync"

#define G_SETTINGS_ENABLE_BACKEND

#include "config.h"

#include <gio/gsettingsbackend.h>
#include <glib/gi18n-lib.h>

#include "debrief-cleanup.h"
#include "debrief-message-pull.h"
#include "debrief-migrate.h"
#include "debrief-paths.h"
#include "debrief-storage-config.h"
#include "debrief-sync-service.h"
#include "debrief-upload-queue.h"
#include "debrief-whatsapp-outbox.h"

#define DEFAULT_INTERVAL_S 60
#define CLEANUP_DELAY_S    60
#define CLEANUP_INTERVAL_S (24 * 60 * 60)

/* While WhatsApp messages wait without being told how long: 30 s, then
 * twice as long each time, up to 10 minutes. */
#define WHATSAPP_FIRST_WAIT_S 30
#define WHATSAPP_LONGEST_WAIT_S (10 * 60)

struct _DebriefSyncService
{
  GObject          parent_instance;

  DebriefStore    *store;
  GSettings       *settings;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;
  guint            timer;
  guint            cleanup_timer;
  gboolean         busy;
  gboolean         again;
  guint            pending;
  char            *last_error;

  /* The WhatsApp outbox: one pass at a time, another when asked meanwhile */
  gboolean         sending;
  gboolean         send_again;
  guint            messages_waiting;
  guint            whatsapp_timer;
  guint            whatsapp_wait;       /* the last wait while offline, in s; 0: none */
  gint64           whatsapp_not_before; /* monotonic µs the provider asked to wait for */
};

G_DEFINE_FINAL_TYPE (DebriefSyncService, debrief_sync_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_PENDING,
  PROP_LAST_ERROR,
  PROP_MESSAGES_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run (DebriefSyncService *self);
static void send_whatsapp (DebriefSyncService *self);

/* The preferences as they are now, in an object of the worker's own: the
 * app's settings are read on the main thread only, and a worker reads the
 * copy (the storage, the WhatsApp provider and their details). */
static GSettings *
snapshot_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autofree char *path = NULL;
  g_auto(GStrv) keys = NULL;
  GSettings *snapshot;

  g_object_get (settings, "settings-schema", &schema, "path", &path, NULL);
  snapshot = g_settings_new_full (schema, backend, path);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_user_value (settings, keys[i]);

      if (value != NULL)
        g_settings_set_value (snapshot, keys[i], value);
    }

  return snapshot;
}

typedef struct
{
  GSettings             *settings; /* a snapshot */
  DebriefStorageBackend  backend;
  gint64                 rows_sent_until;
  gint64                 messages_pulled_until;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->settings);
  g_free (data);
}

typedef struct
{
  DebriefUploadSummary summary;
  guint                pending;
  gint64               rows_sent_until;
  gint64               messages_pulled_until;
  guint                messages_pulled;
  char                *pull_error;
} RunResult;

static void
run_result_free (RunResult *result)
{
  g_free (result->pull_error);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunResult, run_result_free)

/* The queue for the chosen storage; with Supabase, its signed-in client too. */
static DebriefUploadQueue *
open_queue (DebriefSyncService     *self,
            RunData                *data,
            DebriefSupabaseClient **supabase,
            GCancellable           *cancellable,
            GError                **error)
{
  DebriefUploadQueue *queue;

  if (data->backend != DEBRIEF_STORAGE_BACKEND_SUPABASE)
    return debrief_upload_queue_new_for_backend (self->store, data->settings, data->backend, cancellable, error);

  *supabase = debrief_storage_supabase_connect (data->settings, cancellable, error);
  if (*supabase == NULL)
    return NULL;

  queue = debrief_upload_queue_new_supabase (self->store, *supabase);
  debrief_upload_queue_set_keep_local (queue, g_settings_get_boolean (data->settings, "keep-local-copies"));
  return queue;
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DebriefSyncService *self = source;
  RunData *data = task_data;
  g_autoptr(DebriefSupabaseClient) supabase = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(RunResult) result = g_new0 (RunResult, 1);
  g_autoptr(GError) pull_error = NULL;
  GError *error = NULL;

  queue = open_queue (self, data, &supabase, cancellable, &error);
  if (queue == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!debrief_upload_queue_run_once (queue, &result->summary, cancellable, &error) ||
      !debrief_upload_queue_push_rows (queue, data->rows_sent_until, &result->rows_sent_until, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The replies the team's webhook stored, into the contacts' timelines */
  if (supabase != NULL &&
      !debrief_message_pull (self->store, supabase, data->messages_pulled_until, &result->messages_pulled_until,
                             &result->messages_pulled, cancellable, &pull_error))
    {
      if (g_error_matches (pull_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&pull_error));
          return;
        }
      result->pull_error = g_strdup (pull_error->message);
    }

  /* Everything not yet stored, waiting or to be retried. */
  due = debrief_store_list_due_file_uploads (self->store, g_get_real_time () + (gint64) 3650 * 24 * 3600 * G_USEC_PER_SEC,
                                             1000, NULL);
  result->pending = due != NULL ? due->len : 0;
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) run_result_free);
}

static void
set_error (DebriefSyncService *self,
           const char         *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  DebriefSyncService *self = DEBRIEF_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(RunResult) result = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (result == NULL)
    {
      set_error (self, error->message);
    }
  else
    {
      if (result->rows_sent_until > g_settings_get_int64 (self->settings, "supabase-rows-sent-until"))
        g_settings_set_int64 (self->settings, "supabase-rows-sent-until", result->rows_sent_until);
      if (result->messages_pulled_until > g_settings_get_int64 (self->settings, "supabase-messages-pulled-until"))
        g_settings_set_int64 (self->settings, "supabase-messages-pulled-until", result->messages_pulled_until);
      if (result->pending != self->pending)
        {
          self->pending = result->pending;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
        }
      set_error (self, result->pull_error);
      if (result->messages_pulled > 0)
        g_signal_emit (self, signals[MESSAGES_CHANGED], 0);
    }

  if (self->again)
    {
      self->again = FALSE;
      run (self);
    }
}

static gboolean
should_run (DebriefSyncService *self)
{
  return debrief_storage_backend_from_config (self->settings) != DEBRIEF_STORAGE_BACKEND_LOCAL &&
         g_network_monitor_get_network_available (self->monitor);
}

static void
run (DebriefSyncService *self)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  if (!should_run (self))
    return;

  if (self->busy)
    {
      self->again = TRUE;
      return;
    }

  self->busy = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  /* Settings are read and written here, on the main thread. */
  data = g_new0 (RunData, 1);
  data->settings = snapshot_settings (self->settings);
  data->backend = debrief_storage_backend_from_config (self->settings);
  data->rows_sent_until = g_settings_get_int64 (self->settings, "supabase-rows-sent-until");
  data->messages_pulled_until = g_settings_get_int64 (self->settings, "supabase-messages-pulled-until");

  task = g_task_new (self, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, run);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

static gboolean
timer_cb (gpointer user_data)
{
  run (user_data);
  return G_SOURCE_CONTINUE;
}

/* Back to local storage: files kept only in a cloud come home. */
static void
restore_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DebriefSyncService *self = source;
  g_autoptr(GPtrArray) report = NULL;
  GError *error = NULL;

  report = debrief_restore_local (self->store, task_data, FALSE, NULL, cancellable, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < report->len; i++)
    g_message ("Local storage: %s", (const char *) g_ptr_array_index (report, i));
  g_task_return_boolean (task, TRUE);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_error (DEBRIEF_SYNC_SERVICE (object), error->message);
}

static void
backend_changed_cb (DebriefSyncService *self)
{
  g_autoptr(GTask) task = NULL;

  if (debrief_storage_backend_from_config (self->settings) != DEBRIEF_STORAGE_BACKEND_LOCAL)
    {
      run (self);
      return;
    }

  task = g_task_new (self, self->cancellable, restored_cb, NULL);
  g_task_set_task_data (task, snapshot_settings (self->settings), g_object_unref);
  g_task_run_in_thread (task, restore_thread);
}

/* Retention, once a day: old free-plan assets, failed empty calls. */
static void
cleanup_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DebriefSyncService *self = source;
  GSettings *settings = task_data;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autofree char *data_dir = debrief_get_data_dir ();
  g_autofree char *plan = g_settings_get_string (settings, "plan");
  DebriefCleanupOptions options = { 0 };
  GError *error = NULL;

  /* Without a storage, cloud copies are kept and said so. */
  if (debrief_storage_backend_from_config (settings) != DEBRIEF_STORAGE_BACKEND_LOCAL)
    queue = debrief_upload_queue_new_from_config (self->store, settings, cancellable, NULL);

  options.data_dir = data_dir;
  options.free_plan = g_strcmp0 (plan, "pro") != 0;
  options.retention_days = g_settings_get_uint (settings, "retention-days");
  options.now = g_get_real_time ();

  report = debrief_cleanup_run (self->store, queue, &options, cancellable, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < report->len; i++)
    g_message ("Cleanup: %s", (const char *) g_ptr_array_index (report, i));
  g_task_return_boolean (task, TRUE);
}

static void
cleanup_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cleanup failed: %s", error->message);
}

static gboolean
cleanup_cb (gpointer user_data)
{
  DebriefSyncService *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, cleanup_done_cb, NULL);

  g_task_set_task_data (task, snapshot_settings (self->settings), g_object_unref);
  g_task_run_in_thread (task, cleanup_thread);

  g_clear_handle_id (&self->cleanup_timer, g_source_remove);
  self->cleanup_timer = g_timeout_add_seconds (CLEANUP_INTERVAL_S, cleanup_cb, self);
  return G_SOURCE_REMOVE;
}

/* WhatsApp: what is queued goes out at start, when the network comes back,
 * when kicked, and after a wait while messages wait: the time the
 * provider asked for, else 30 s doubling up to 10 minutes. */

static gboolean
whatsapp_timer_cb (gpointer user_data)
{
  DebriefSyncService *self = user_data;

  self->whatsapp_timer = 0;
  send_whatsapp (self);
  return G_SOURCE_REMOVE;
}

static void
wait_for_whatsapp (DebriefSyncService *self,
                   guint               seconds)
{
  g_clear_handle_id (&self->whatsapp_timer, g_source_remove);
  self->whatsapp_timer = g_timeout_add_full (G_PRIORITY_DEFAULT, seconds * 1000, whatsapp_timer_cb, self, NULL);
}

/* After a pass that left messages waiting */
static void
whatsapp_waits (DebriefSyncService *self,
                guint               retry_after)
{
  if (retry_after > 0)
    {
      self->whatsapp_not_before = g_get_monotonic_time () + (gint64) retry_after * G_USEC_PER_SEC;
      wait_for_whatsapp (self, retry_after);
      return;
    }

  self->whatsapp_wait = self->whatsapp_wait == 0 ? WHATSAPP_FIRST_WAIT_S
                                                 : MIN (self->whatsapp_wait * 2, WHATSAPP_LONGEST_WAIT_S);
  wait_for_whatsapp (self, self->whatsapp_wait);
}

static void
whatsapp_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(DebriefSyncService) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  DebriefOutboxResult counts = { 0 };
  gboolean done;

  g_weak_ref_clear (weak);
  g_free (weak);

  done = debrief_whatsapp_outbox_send_finish (DEBRIEF_WHATSAPP_OUTBOX (object), result, &counts, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sending = FALSE;
  if (!done)
    {
      /* Not set up yet, say: the messages wait for it. */
      g_message ("WhatsApp messages wait: %s", error->message);
      whatsapp_waits (self, 0);
    }
  else
    {
      g_debug ("WhatsApp: %u sent, %u failed, %u waiting", counts.sent, counts.failed, counts.waiting);
      if (counts.waiting != self->messages_waiting)
        {
          self->messages_waiting = counts.waiting;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_WAITING]);
        }
      if (counts.waiting > 0)
        {
          whatsapp_waits (self, counts.retry_after);
        }
      else
        {
          self->whatsapp_wait = 0;
          g_clear_handle_id (&self->whatsapp_timer, g_source_remove);
        }
      if (counts.sent > 0 || counts.failed > 0)
        g_signal_emit (self, signals[MESSAGES_CHANGED], 0);
    }

  if (self->send_again)
    {
      self->send_again = FALSE;
      send_whatsapp (self);
    }
}

static void
send_whatsapp (DebriefSyncService *self)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(DebriefWhatsAppOutbox) outbox = NULL;
  GWeakRef *weak;
  gint64 now = g_get_monotonic_time ();

  if (self->sending)
    {
      self->send_again = TRUE;
      return;
    }

  /* Offline: the network's return brings them. */
  if (!g_network_monitor_get_network_available (self->monitor))
    return;

  /* Asked to wait: not before the time asked for. */
  if (now < self->whatsapp_not_before)
    {
      if (self->whatsapp_timer == 0)
        wait_for_whatsapp (self, (guint) ((self->whatsapp_not_before - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      return;
    }

  g_clear_handle_id (&self->whatsapp_timer, g_source_remove);
  self->sending = TRUE;

  /* The provider and its details from the preferences, read here. */
  settings = snapshot_settings (self->settings);
  outbox = debrief_whatsapp_outbox_new (self->store, settings, NULL);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  debrief_whatsapp_outbox_send_async (outbox, self->cancellable, whatsapp_sent_cb, weak);
}

static void
network_changed_cb (DebriefSyncService *self)
{
  /* Back online: what waited goes out now. */
  if (g_network_monitor_get_network_available (self->monitor))
    {
      run (self);
      send_whatsapp (self);
    }
}

/**
 * debrief_sync_service_new:
 * @store: the store
 * @settings: the application's settings (the storage preferences)
 *
 * Starts uploading in the background: now, every minute, when the network
 * comes back and whenever debrief_sync_service_kick() is called; nothing
 * when recordings are kept on this computer only. With Supabase, each
 * round also pulls the WhatsApp replies stored there into the contacts'
 * timelines. WhatsApp messages queued to be sent go out now, when the
 * network comes back, when kicked, and after waiting while they wait.
 *
 * Returns: (transfer full): the service
 */
DebriefSyncService *
debrief_sync_service_new (DebriefStore *store,
                          GSettings    *settings)
{
  DebriefSyncService *self;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DEBRIEF_TYPE_SYNC_SERVICE, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->monitor = g_object_ref (g_network_monitor_get_default ());

  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::storage-backend", G_CALLBACK (backend_changed_cb), self,
                           G_CONNECT_SWAPPED);

  debrief_sync_service_set_interval (self, DEFAULT_INTERVAL_S);
  self->cleanup_timer = g_timeout_add_seconds (CLEANUP_DELAY_S, cleanup_cb, self);
  run (self);
  send_whatsapp (self);

  return self;
}

void
debrief_sync_service_set_interval (DebriefSyncService *self,
                                   guint               seconds)
{
  g_return_if_fail (DEBRIEF_IS_SYNC_SERVICE (self));
  g_return_if_fail (seconds > 0);

  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add_seconds (seconds, timer_cb, self);
}

/**
 * debrief_sync_service_kick:
 * @self: a #DebriefSyncService
 *
 * Uploads what is due now, for instance after a call ended, and sends the
 * WhatsApp messages that wait.
 */
void
debrief_sync_service_kick (DebriefSyncService *self)
{
  g_return_if_fail (DEBRIEF_IS_SYNC_SERVICE (self));

  run (self);
  send_whatsapp (self);
}

/**
 * debrief_sync_service_kick_whatsapp:
 * @self: a #DebriefSyncService
 *
 * Sends the WhatsApp messages that wait now, for instance one just queued;
 * when the provider asked to wait, they go when that time is over.
 * "messages-changed" tells when their statuses changed.
 */
void
debrief_sync_service_kick_whatsapp (DebriefSyncService *self)
{
  g_return_if_fail (DEBRIEF_IS_SYNC_SERVICE (self));

  send_whatsapp (self);
}

gboolean
debrief_sync_service_get_busy (DebriefSyncService *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SYNC_SERVICE (self), FALSE);

  return self->busy;
}

/**
 * debrief_sync_service_get_pending:
 * @self: a #DebriefSyncService
 *
 * Returns: files waiting to be uploaded (or to be retried), after the last round
 */
guint
debrief_sync_service_get_pending (DebriefSyncService *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SYNC_SERVICE (self), 0);

  return self->pending;
}

/**
 * debrief_sync_service_get_last_error:
 * @self: a #DebriefSyncService
 *
 * Returns: (nullable): why the last round could not run (bad keys, no bucket)
 */
const char *
debrief_sync_service_get_last_error (DebriefSyncService *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SYNC_SERVICE (self), NULL);

  return self->last_error;
}

/**
 * debrief_sync_service_get_messages_waiting:
 * @self: a #DebriefSyncService
 *
 * Returns: WhatsApp messages still queued after the last pass over them
 *   (offline, or the provider asked to wait)
 */
guint
debrief_sync_service_get_messages_waiting (DebriefSyncService *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SYNC_SERVICE (self), 0);

  return self->messages_waiting;
}

static void
debrief_sync_service_dispose (GObject *object)
{
  DebriefSyncService *self = (DebriefSyncService *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_handle_id (&self->cleanup_timer, g_source_remove);
  g_clear_handle_id (&self->whatsapp_timer, g_source_remove);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (debrief_sync_service_parent_class)->dispose (object);
}

static void
debrief_sync_service_finalize (GObject *object)
{
  DebriefSyncService *self = (DebriefSyncService *) object;

  g_clear_object (&self->cancellable);
  g_free (self->last_error);

  G_OBJECT_CLASS (debrief_sync_service_parent_class)->finalize (object);
}

static void
debrief_sync_service_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DebriefSyncService *self = DEBRIEF_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_MESSAGES_WAITING:
      g_value_set_uint (value, self->messages_waiting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_sync_service_class_init (DebriefSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_sync_service_dispose;
  object_class->finalize = debrief_sync_service_finalize;
  object_class->get_property = debrief_sync_service_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGES_WAITING] =
    g_param_spec_uint ("messages-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefSyncService::messages-changed:
   * @self: a #DebriefSyncService
   *
   * Contacts' timelines changed: WhatsApp messages were sent or failed,
   * or replies were pulled in. Timelines on show are read again.
   */
  signals[MESSAGES_CHANGED] =
    g_signal_new ("messages-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
debrief_sync_service_init (DebriefSyncService *self)
{
  self->cancellable = g_cancellable_new ();
}
