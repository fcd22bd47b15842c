/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-storage-page.c: Preferences → Storage: where cloud copies go, the keys, a connection test */

#define G_LOG_DOMAIN "debrief-storage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-secrets.h"
#include "debrief-s3-client.h"
#include "debrief-storage-page.h"
#include "debrief-supabase-group.h"

#define SAVE_DELAY_MS 600

struct _DebriefStoragePage
{
  AdwPreferencesPage  parent_instance;

  AdwComboRow        *backend_row;
  AdwActionRow       *usage_row;
  AdwActionRow       *keep_local_row;
  GtkSwitch          *keep_local_switch;
  AdwPreferencesGroup *s3_group;
  DebriefSupabaseGroup *supabase_group;
  AdwEntryRow        *endpoint_row;
  AdwEntryRow        *region_row;
  AdwEntryRow        *bucket_row;
  GtkSwitch          *path_style_switch;
  AdwEntryRow        *access_key_row;
  AdwEntryRow        *secret_key_row;
  AdwActionRow       *test_row;
  GtkSpinner         *test_spinner;
  GtkButton          *test_button;
  GtkAdjustment      *lifetime_adjustment;

  GSettings          *settings;
  DebriefStore       *store;
  GCancellable       *cancellable;
  guint               keys_timeout;
  gboolean            loading_keys;
  char               *test_result;
};

G_DEFINE_FINAL_TYPE (DebriefStoragePage, debrief_storage_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  TEST_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the combo row's items. */
static const char * const backends[] = { "local", "s3", "supabase", NULL };

static gboolean
backend_to_selected (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char *backend = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, 0);
  for (guint i = 0; backends[i] != NULL; i++)
    if (g_str_equal (backends[i], backend))
      g_value_set_uint (value, i);

  return TRUE;
}

static GVariant *
selected_to_backend (const GValue       *value,
                     const GVariantType *type,
                     gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  return g_variant_new_string (backends[MIN (selected, G_N_ELEMENTS (backends) - 2)]);
}

static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, MAX (1, g_variant_get_uint32 (variant) / 60));
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value) * 60);
}

static gboolean
backend_is_cloud (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), "local") != 0);
  return TRUE;
}

/* Each storage's group shows only while it is chosen. */
static gboolean
backend_is (GValue   *value,
            GVariant *variant,
            gpointer  user_data)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), user_data) == 0);
  return TRUE;
}

static void
show_usage (DebriefStoragePage *self)
{
  g_autoptr(DebriefProfile) profile = NULL;
  g_autofree char *usage = NULL;

  if (self->store != NULL)
    profile = debrief_store_get_profile (self->store, debrief_store_get_user_id (self->store), NULL);

  if (profile == NULL)
    return;

  usage = g_strdup_printf (_("%.1f MB of %.0f MB"), profile->storage_used_mb, (double) profile->storage_quota_mb);
  adw_action_row_set_subtitle (self->usage_row, usage);
}

/* Keys: read from and written to the keyring off the UI thread. */

typedef struct
{
  char *access_key;
  char *secret_key;
} Keys;

static void
keys_free (Keys *keys)
{
  g_free (keys->access_key);
  if (keys->secret_key != NULL)
    memset (keys->secret_key, 0, strlen (keys->secret_key));
  g_free (keys->secret_key);
  g_free (keys);
}

static void
load_keys_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  Keys *keys = g_new0 (Keys, 1);

  keys->access_key = debrief_secret_lookup (DEBRIEF_SECRET_S3_ACCESS_KEY, cancellable, NULL);
  keys->secret_key = debrief_secret_lookup (DEBRIEF_SECRET_S3_SECRET_KEY, cancellable, NULL);
  g_task_return_pointer (task, keys, (GDestroyNotify) keys_free);
}

static void
keys_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Keys *keys = g_task_propagate_pointer (G_TASK (result), NULL);
  DebriefStoragePage *self = DEBRIEF_STORAGE_PAGE (object);

  /* The preferences may have closed meanwhile. */
  if (keys == NULL || self->access_key_row == NULL)
    {
      g_clear_pointer (&keys, keys_free);
      return;
    }

  self->loading_keys = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->access_key_row), keys->access_key != NULL ? keys->access_key : "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), keys->secret_key != NULL ? keys->secret_key : "");
  self->loading_keys = FALSE;
  keys_free (keys);
}

static void
save_keys_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  Keys *keys = data;
  GError *error = NULL;

  if (!debrief_secret_store (DEBRIEF_SECRET_S3_ACCESS_KEY, _("Debrief storage access key"), keys->access_key,
                             cancellable, &error) ||
      !debrief_secret_store (DEBRIEF_SECRET_S3_SECRET_KEY, _("Debrief storage secret key"), keys->secret_key,
                             cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
keys_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DebriefStoragePage *self = DEBRIEF_STORAGE_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->test_row != NULL)
    adw_action_row_set_subtitle (self->test_row, error->message);
}

static gboolean
save_keys_cb (gpointer user_data)
{
  DebriefStoragePage *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, keys_saved_cb, NULL);
  Keys *keys = g_new0 (Keys, 1);

  self->keys_timeout = 0;
  keys->access_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)));
  keys->secret_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)));
  g_task_set_task_data (task, keys, (GDestroyNotify) keys_free);
  g_task_run_in_thread (task, save_keys_thread);

  return G_SOURCE_REMOVE;
}

static void
key_changed_cb (DebriefStoragePage *self)
{
  if (self->loading_keys)
    return;

  g_clear_handle_id (&self->keys_timeout, g_source_remove);
  self->keys_timeout = g_timeout_add (SAVE_DELAY_MS, save_keys_cb, self);
}

/* Test connection: list the user's own folder, which needs the endpoint,
 * the bucket and the keys to be right. */

typedef struct
{
  DebriefS3Config *config;
  char            *prefix;
} TestData;

static void
test_data_free (TestData *data)
{
  debrief_s3_config_free (data->config);
  g_free (data->prefix);
  g_free (data);
}

static void
test_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TestData *data = task_data;
  DebriefS3Config *config = data->config;
  g_autoptr(DebriefS3Client) client = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  GError *error = NULL;

  client = debrief_s3_client_new (config, &error);
  if (client != NULL)
    objects = debrief_s3_client_list (client, data->prefix, cancellable, &error);

  if (objects == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup_printf (_("Connected: the bucket “%s” is ready"), config->bucket),
                           g_free);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DebriefStoragePage *self = DEBRIEF_STORAGE_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->test_spinner == NULL)
    return;

  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  g_free (self->test_result);
  self->test_result = g_strdup (message != NULL ? message : error->message);
  adw_action_row_set_subtitle (self->test_row, self->test_result);
  g_signal_emit (self, signals[TEST_FINISHED], 0);
}

/**
 * debrief_storage_page_test_connection:
 * @self: a #DebriefStoragePage
 *
 * Checks the storage with the current preferences and keys, and says what
 * failed in the Connection row. #DebriefStoragePage::test-finished follows.
 */
void
debrief_storage_page_test_connection (DebriefStoragePage *self)
{
  g_autoptr(GTask) task = NULL;
  const char *user_id = self->store != NULL ? debrief_store_get_user_id (self->store) : "";
  TestData *data;

  g_return_if_fail (DEBRIEF_IS_STORAGE_PAGE (self));

  /* Keys typed a moment ago are saved now, and tested as typed. */
  if (self->keys_timeout != 0)
    {
      g_clear_handle_id (&self->keys_timeout, g_source_remove);
      save_keys_cb (self);
    }

  gtk_spinner_start (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));

  data = g_new0 (TestData, 1);
  data->prefix = g_strconcat (user_id, "/", NULL);
  data->config = g_new0 (DebriefS3Config, 1);
  data->config->endpoint = g_settings_get_string (self->settings, "storage-endpoint");
  data->config->region = g_settings_get_string (self->settings, "storage-region");
  data->config->bucket = g_settings_get_string (self->settings, "storage-bucket");
  data->config->path_style = g_settings_get_boolean (self->settings, "storage-path-style");
  data->config->access_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)));
  data->config->secret_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)));

  task = g_task_new (self, self->cancellable, tested_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) test_data_free);
  g_task_run_in_thread (task, test_thread);
}

/**
 * debrief_storage_page_get_test_result:
 * @self: a #DebriefStoragePage
 *
 * Returns: (nullable): what the last connection test said
 */
const char *
debrief_storage_page_get_test_result (DebriefStoragePage *self)
{
  g_return_val_if_fail (DEBRIEF_IS_STORAGE_PAGE (self), NULL);

  return self->test_result;
}

/**
 * debrief_storage_page_new:
 * @settings: the application's settings
 * @store: (nullable): the store, for the usage
 *
 * Returns: (transfer full): the Storage page
 */
DebriefStoragePage *
debrief_storage_page_new (GSettings    *settings,
                          DebriefStore *store)
{
  DebriefStoragePage *self = g_object_new (DEBRIEF_TYPE_STORAGE_PAGE, NULL);
  g_autoptr(GTask) task = NULL;

  self->settings = g_object_ref (settings);
  self->store = store != NULL ? g_object_ref (store) : NULL;

  g_settings_bind_with_mapping (settings, "storage-backend", self->backend_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, backend_to_selected, selected_to_backend, NULL, NULL);
  g_settings_bind_with_mapping (settings, "storage-backend", self->s3_group, "visible",
                                G_SETTINGS_BIND_GET, backend_is, NULL, (gpointer) "s3", NULL);
  g_settings_bind_with_mapping (settings, "storage-backend", self->supabase_group, "visible",
                                G_SETTINGS_BIND_GET, backend_is, NULL, (gpointer) "supabase", NULL);
  debrief_supabase_group_set_settings (self->supabase_group, settings);
  g_settings_bind (settings, "keep-local-copies", self->keep_local_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "storage-backend", self->keep_local_row, "sensitive",
                                G_SETTINGS_BIND_GET, backend_is_cloud, NULL, NULL, NULL);
  g_settings_bind (settings, "storage-endpoint", self->endpoint_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "storage-region", self->region_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "storage-bucket", self->bucket_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "storage-path-style", self->path_style_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "signed-url-lifetime", self->lifetime_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, seconds_to_minutes, minutes_to_seconds, NULL, NULL);

  show_usage (self);

  task = g_task_new (self, self->cancellable, keys_loaded_cb, NULL);
  g_task_run_in_thread (task, load_keys_thread);

  g_signal_connect_object (self->access_key_row, "changed", G_CALLBACK (key_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->secret_key_row, "changed", G_CALLBACK (key_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->test_button, "clicked", G_CALLBACK (debrief_storage_page_test_connection), self,
                           G_CONNECT_SWAPPED);

  return self;
}

static void
debrief_storage_page_dispose (GObject *object)
{
  DebriefStoragePage *self = (DebriefStoragePage *) object;

  if (self->keys_timeout != 0)
    {
      g_clear_handle_id (&self->keys_timeout, g_source_remove);
      save_keys_cb (self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_STORAGE_PAGE);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (debrief_storage_page_parent_class)->dispose (object);
}

static void
debrief_storage_page_finalize (GObject *object)
{
  DebriefStoragePage *self = (DebriefStoragePage *) object;

  g_clear_object (&self->cancellable);
  g_free (self->test_result);

  G_OBJECT_CLASS (debrief_storage_page_parent_class)->finalize (object);
}

static void
debrief_storage_page_class_init (DebriefStoragePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_storage_page_dispose;
  object_class->finalize = debrief_storage_page_finalize;

  /**
   * DebriefStoragePage::test-finished:
   *
   * A connection test ended; debrief_storage_page_get_test_result() says how.
   */
  signals[TEST_FINISHED] =
    g_signal_new ("test-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DEBRIEF_TYPE_SUPABASE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/storage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, backend_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, usage_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, keep_local_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, keep_local_switch);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, s3_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, supabase_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, region_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, bucket_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, path_style_switch);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, test_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, test_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefStoragePage, lifetime_adjustment);
}

static void
debrief_storage_page_init (DebriefStoragePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
