/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-sync-service.c: runs the upload queue, and daily retention, in the background while the app is open */

#define G_LOG_DOMAIN "debrief-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-cleanup.h"
#include "debrief-migrate.h"
#include "debrief-paths.h"
#include "debrief-storage-config.h"
#include "debrief-sync-service.h"
#include "debrief-upload-queue.h"

#define DEFAULT_INTERVAL_S 60
#define CLEANUP_DELAY_S    60
#define CLEANUP_INTERVAL_S (24 * 60 * 60)

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
};

G_DEFINE_FINAL_TYPE (DebriefSyncService, debrief_sync_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_PENDING,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run (DebriefSyncService *self);

typedef struct
{
  DebriefUploadSummary summary;
  guint                pending;
  gint64               rows_sent_until;
} RunResult;

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  DebriefSyncService *self = source;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GPtrArray) due = NULL;
  RunResult *result = g_new0 (RunResult, 1);
  GError *error = NULL;

  queue = debrief_upload_queue_new_from_config (self->store, self->settings, cancellable, &error);
  if (queue == NULL)
    {
      g_free (result);
      g_task_return_error (task, error);
      return;
    }

  if (!debrief_upload_queue_run_once (queue, &result->summary, cancellable, &error) ||
      !debrief_upload_queue_push_rows (queue, *(gint64 *) data, &result->rows_sent_until, cancellable, &error))
    {
      g_free (result);
      g_task_return_error (task, error);
      return;
    }

  /* Everything not yet stored, waiting or to be retried. */
  due = debrief_store_list_due_file_uploads (self->store, g_get_real_time () + (gint64) 3650 * 24 * 3600 * G_USEC_PER_SEC,
                                             1000, NULL);
  result->pending = due != NULL ? due->len : 0;
  g_task_return_pointer (task, result, g_free);
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
  g_autofree RunResult *result = g_task_propagate_pointer (G_TASK (res), &error);

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
      if (result->pending != self->pending)
        {
          self->pending = result->pending;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
        }
      set_error (self, NULL);
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
  gint64 *rows_sent_until;

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
  rows_sent_until = g_new (gint64, 1);
  *rows_sent_until = g_settings_get_int64 (self->settings, "supabase-rows-sent-until");

  task = g_task_new (self, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, run);
  g_task_set_task_data (task, rows_sent_until, g_free);
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
                gpointer      data,
                GCancellable *cancellable)
{
  DebriefSyncService *self = source;
  g_autoptr(GPtrArray) report = NULL;
  GError *error = NULL;

  report = debrief_restore_local (self->store, self->settings, FALSE, NULL, cancellable, &error);
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
  g_task_run_in_thread (task, restore_thread);
}

/* Retention, once a day: old free-plan assets, failed empty calls. */
static void
cleanup_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  DebriefSyncService *self = source;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autofree char *data_dir = debrief_get_data_dir ();
  g_autofree char *plan = g_settings_get_string (self->settings, "plan");
  DebriefCleanupOptions options = { 0 };
  GError *error = NULL;

  /* Without a storage, cloud copies are kept and said so. */
  if (debrief_storage_backend_from_config (self->settings) != DEBRIEF_STORAGE_BACKEND_LOCAL)
    queue = debrief_upload_queue_new_from_config (self->store, self->settings, cancellable, NULL);

  options.data_dir = data_dir;
  options.free_plan = g_strcmp0 (plan, "pro") != 0;
  options.retention_days = g_settings_get_uint (self->settings, "retention-days");
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

  g_task_run_in_thread (task, cleanup_thread);

  g_clear_handle_id (&self->cleanup_timer, g_source_remove);
  self->cleanup_timer = g_timeout_add_seconds (CLEANUP_INTERVAL_S, cleanup_cb, self);
  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (DebriefSyncService *self)
{
  /* Back online: what waited goes out now. */
  if (g_network_monitor_get_network_available (self->monitor))
    run (self);
}

/**
 * debrief_sync_service_new:
 * @store: the store
 * @settings: the application's settings (the storage preferences)
 *
 * Starts uploading in the background: now, every minute, when the network
 * comes back and whenever debrief_sync_service_kick() is called; nothing
 * when recordings are kept on this computer only.
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
 * Uploads what is due now, for instance after a call ended.
 */
void
debrief_sync_service_kick (DebriefSyncService *self)
{
  g_return_if_fail (DEBRIEF_IS_SYNC_SERVICE (self));

  run (self);
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

static void
debrief_sync_service_dispose (GObject *object)
{
  DebriefSyncService *self = (DebriefSyncService *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_handle_id (&self->cleanup_timer, g_source_remove);
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
debrief_sync_service_init (DebriefSyncService *self)
{
  self->cancellable = g_cancellable_new ();
}
