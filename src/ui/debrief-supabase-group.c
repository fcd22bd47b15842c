/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-supabase-group.c: Preferences → Storage → Supabase: project, anon key, sign-in */

#define G_LOG_DOMAIN "debrief-supabase-group"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-secrets.h"
#include "debrief-storage-config.h"
#include "debrief-supabase-group.h"

#define SAVE_DELAY_MS 600

struct _DebriefSupabaseGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwEntryRow         *url_row;
  AdwEntryRow         *anon_key_row;
  AdwEntryRow         *bucket_row;
  AdwEntryRow         *email_row;
  AdwEntryRow         *password_row;
  AdwActionRow        *account_row;
  GtkSpinner          *spinner;
  GtkButton           *sign_in_button;
  GtkButton           *sign_out_button;

  GSettings           *settings;
  GCancellable        *cancellable;
  guint                save_timeout;
  gboolean             loading;
  gboolean             signed_in;
  char                *status;
};

G_DEFINE_FINAL_TYPE (DebriefSupabaseGroup, debrief_supabase_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
erase_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
show_status (DebriefSupabaseGroup *self,
             gboolean              signed_in,
             const char           *status)
{
  /* A worker finished after the preferences closed. */
  if (self->account_row == NULL)
    return;

  self->signed_in = signed_in;
  g_free (self->status);
  self->status = g_strdup (status);

  adw_action_row_set_subtitle (self->account_row, status);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_button), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), !signed_in);
}

static void
set_busy (DebriefSupabaseGroup *self,
          gboolean              busy)
{
  if (self->spinner == NULL)
    return;

  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_out_button), !busy);
}

static char *
signed_in_as (DebriefSupabaseGroup *self)
{
  g_autofree char *email = g_settings_get_string (self->settings, "supabase-email");

  return g_strdup_printf (_("Signed in as %s"), *email != '\0' ? email : _("your account"));
}

/* What the keyring holds, read off the UI thread. */

typedef struct
{
  char     *anon_key;
  gboolean  has_session;
} Kept;

static void
kept_free (Kept *kept)
{
  erase_free (kept->anon_key);
  g_free (kept);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Kept *kept = g_new0 (Kept, 1);
  g_autofree char *token = NULL;

  kept->anon_key = debrief_secret_lookup (DEBRIEF_SECRET_SUPABASE_ANON_KEY, cancellable, NULL);
  token = debrief_secret_lookup (DEBRIEF_SECRET_SUPABASE_REFRESH_TOKEN, cancellable, NULL);
  kept->has_session = token != NULL;
  erase_free (g_steal_pointer (&token));
  g_task_return_pointer (task, kept, (GDestroyNotify) kept_free);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DebriefSupabaseGroup *self = DEBRIEF_SUPABASE_GROUP (object);
  Kept *kept = g_task_propagate_pointer (G_TASK (result), NULL);

  if (kept == NULL || self->anon_key_row == NULL)
    {
      g_clear_pointer (&kept, kept_free);
      return;
    }

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->anon_key_row), kept->anon_key != NULL ? kept->anon_key : "");
  self->loading = FALSE;

  if (kept->has_session)
    {
      g_autofree char *status = signed_in_as (self);

      show_status (self, TRUE, status);
    }
  kept_free (kept);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (debrief_secret_store (DEBRIEF_SECRET_SUPABASE_ANON_KEY, _("Debrief Supabase anon key"), data,
                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DebriefSupabaseGroup *self = DEBRIEF_SUPABASE_GROUP (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_status (self, self->signed_in, error->message);
}

static gboolean
save_anon_key_cb (gpointer user_data)
{
  DebriefSupabaseGroup *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, saved_cb, NULL);

  self->save_timeout = 0;
  g_task_set_task_data (task, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->anon_key_row))),
                        (GDestroyNotify) erase_free);
  g_task_run_in_thread (task, save_thread);

  return G_SOURCE_REMOVE;
}

static void
anon_key_changed_cb (DebriefSupabaseGroup *self)
{
  if (self->loading)
    return;

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_DELAY_MS, save_anon_key_cb, self);
}

/* Signing in: the fields as typed, sent from a worker thread. */

typedef struct
{
  char *url;
  char *anon_key;
  char *bucket;
  char *email;
  char *password;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->url);
  erase_free (sign_in->anon_key);
  g_free (sign_in->bucket);
  g_free (sign_in->email);
  erase_free (sign_in->password);
  g_free (sign_in);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *data = task_data;
  g_autoptr(DebriefSupabaseClient) client = NULL;
  GError *error = NULL;

  if (!debrief_secret_store (DEBRIEF_SECRET_SUPABASE_ANON_KEY, _("Debrief Supabase anon key"), data->anon_key,
                             cancellable, &error) ||
      (client = debrief_supabase_client_new (data->url, data->anon_key, data->bucket, &error)) == NULL ||
      !debrief_supabase_client_sign_in (client, data->email, data->password, cancellable, &error) ||
      !debrief_storage_supabase_keep_session (client, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A sign-in (@user_data TRUE) or sign-out ended. */
static void
account_changed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DebriefSupabaseGroup *self = DEBRIEF_SUPABASE_GROUP (object);
  gboolean signing_in = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_status (self, !signing_in, error->message);
    }
  else if (signing_in && self->password_row != NULL)
    {
      g_autofree char *status = signed_in_as (self);

      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      show_status (self, TRUE, status);
    }
  else if (!signing_in)
    show_status (self, FALSE, _("Signed out; recordings stay on this computer until you sign in again"));

  set_busy (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0);
}

/**
 * debrief_supabase_group_sign_in:
 * @self: a #DebriefSupabaseGroup
 *
 * Signs in with the project, anon key, email and password as typed, keeps
 * the session in the keyring and forgets the password; the Account row says
 * what failed. #DebriefSupabaseGroup::finished follows.
 */
void
debrief_supabase_group_sign_in (DebriefSupabaseGroup *self)
{
  g_autoptr(GTask) task = NULL;
  SignIn *data;

  g_return_if_fail (DEBRIEF_IS_SUPABASE_GROUP (self));

  g_clear_handle_id (&self->save_timeout, g_source_remove);

  data = g_new0 (SignIn, 1);
  data->url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  data->anon_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->anon_key_row)));
  data->bucket = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->bucket_row)));
  data->email = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row)));
  data->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  if (*data->email == '\0' || *data->password == '\0')
    {
      sign_in_free (data);
      show_status (self, FALSE, _("Enter the email and password of your Supabase account"));
      g_signal_emit (self, signals[FINISHED], 0);
      return;
    }

  set_busy (self, TRUE);
  adw_action_row_set_subtitle (self->account_row, _("Signing in…"));

  task = g_task_new (self, self->cancellable, account_changed_cb, GINT_TO_POINTER (TRUE));
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

static void
sign_out_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (debrief_secret_clear (DEBRIEF_SECRET_SUPABASE_REFRESH_TOKEN, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * debrief_supabase_group_sign_out:
 * @self: a #DebriefSupabaseGroup
 *
 * Forgets the session kept in the keyring. Uploads wait until the next
 * sign-in; nothing is lost.
 */
void
debrief_supabase_group_sign_out (DebriefSupabaseGroup *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_SUPABASE_GROUP (self));

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, account_changed_cb, GINT_TO_POINTER (FALSE));
  g_task_run_in_thread (task, sign_out_thread);
}

gboolean
debrief_supabase_group_is_signed_in (DebriefSupabaseGroup *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_GROUP (self), FALSE);

  return self->signed_in;
}

/**
 * debrief_supabase_group_get_status:
 * @self: a #DebriefSupabaseGroup
 *
 * Returns: (nullable): what the Account row says
 */
const char *
debrief_supabase_group_get_status (DebriefSupabaseGroup *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_GROUP (self), NULL);

  return self->status;
}

/**
 * debrief_supabase_group_set_settings:
 * @self: a #DebriefSupabaseGroup
 * @settings: the application's settings
 *
 * Binds the rows to the preferences and reads what the keyring keeps.
 */
void
debrief_supabase_group_set_settings (DebriefSupabaseGroup *self,
                                     GSettings            *settings)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_SUPABASE_GROUP (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "supabase-url", self->url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "storage-bucket", self->bucket_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "supabase-email", self->email_row, "text", G_SETTINGS_BIND_DEFAULT);

  task = g_task_new (self, self->cancellable, loaded_cb, NULL);
  g_task_run_in_thread (task, load_thread);
}

static void
debrief_supabase_group_dispose (GObject *object)
{
  DebriefSupabaseGroup *self = (DebriefSupabaseGroup *) object;

  if (self->save_timeout != 0)
    {
      g_clear_handle_id (&self->save_timeout, g_source_remove);
      save_anon_key_cb (self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_SUPABASE_GROUP);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (debrief_supabase_group_parent_class)->dispose (object);
}

static void
debrief_supabase_group_finalize (GObject *object)
{
  DebriefSupabaseGroup *self = (DebriefSupabaseGroup *) object;

  g_clear_object (&self->cancellable);
  g_free (self->status);

  G_OBJECT_CLASS (debrief_supabase_group_parent_class)->finalize (object);
}

static void
debrief_supabase_group_class_init (DebriefSupabaseGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_supabase_group_dispose;
  object_class->finalize = debrief_supabase_group_finalize;

  /**
   * DebriefSupabaseGroup::finished:
   *
   * A sign-in or sign-out ended; debrief_supabase_group_get_status() says how.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/supabase-group.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, url_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, anon_key_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, bucket_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, email_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, password_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, account_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, spinner);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefSupabaseGroup, sign_out_button);
  gtk_widget_class_bind_template_callback (widget_class, anon_key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, debrief_supabase_group_sign_in);
  gtk_widget_class_bind_template_callback (widget_class, debrief_supabase_group_sign_out);
}

static void
debrief_supabase_group_init (DebriefSupabaseGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
