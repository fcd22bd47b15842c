/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-storage-config.c: where the cloud copies go: preferences, keyring and environment together */

#define G_LOG_DOMAIN "debrief-storage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-enum-types.h"
#include "debrief-secrets.h"
#include "debrief-storage-config.h"

/**
 * debrief_storage_settings_new:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL where its
 *   schema is not installed (a bare CLI)
 */
GSettings *
debrief_storage_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE)) == NULL)
    return NULL;

  return g_settings_new (BASE_ID);
}

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * debrief_storage_backend_from_config:
 * @settings: (nullable): the app's settings
 *
 * Returns: DEBRIEF_STORAGE_BACKEND, else the preference, else local
 */
DebriefStorageBackend
debrief_storage_backend_from_config (GSettings *settings)
{
  g_autofree char *preference = settings != NULL ? g_settings_get_string (settings, "storage-backend") : NULL;
  const char *nick = env ("DEBRIEF_STORAGE_BACKEND") != NULL ? env ("DEBRIEF_STORAGE_BACKEND") : preference;
  int value;

  if (debrief_enum_from_nick (DEBRIEF_TYPE_STORAGE_BACKEND, nick, &value))
    return value;

  return DEBRIEF_STORAGE_BACKEND_LOCAL;
}

static char *
setting_or_env (GSettings  *settings,
                const char *key,
                const char *variable)
{
  if (env (variable) != NULL)
    return g_strdup (env (variable));

  return settings != NULL ? g_settings_get_string (settings, key) : NULL;
}

/**
 * debrief_storage_s3_config_load:
 * @settings: (nullable): the app's settings
 * @error: return location for a #GError
 *
 * The S3 endpoint, region and bucket from AWS_ENDPOINT_URL, AWS_REGION and
 * DEBRIEF_S3_BUCKET or the preferences; the keys from AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY or the keyring.
 *
 * Returns: (transfer full): the configuration; incomplete ones are refused
 *   by debrief_s3_client_new() with what is missing
 */
DebriefS3Config *
debrief_storage_s3_config_load (GSettings  *settings,
                                GError    **error)
{
  g_autoptr(DebriefS3Config) config = g_new0 (DebriefS3Config, 1);
  g_autoptr(GError) keyring_error = NULL;

  config->endpoint = setting_or_env (settings, "storage-endpoint", "AWS_ENDPOINT_URL");
  config->region = setting_or_env (settings, "storage-region", "AWS_REGION");
  config->bucket = setting_or_env (settings, "storage-bucket", "DEBRIEF_S3_BUCKET");
  config->path_style = settings != NULL ? g_settings_get_boolean (settings, "storage-path-style") : TRUE;
  config->session_token = g_strdup (env ("AWS_SESSION_TOKEN"));

  if (env ("AWS_ACCESS_KEY_ID") != NULL && env ("AWS_SECRET_ACCESS_KEY") != NULL)
    {
      config->access_key = g_strdup (env ("AWS_ACCESS_KEY_ID"));
      config->secret_key = g_strdup (env ("AWS_SECRET_ACCESS_KEY"));
      return g_steal_pointer (&config);
    }

  config->access_key = debrief_secret_lookup (DEBRIEF_SECRET_S3_ACCESS_KEY, NULL, &keyring_error);
  if (keyring_error == NULL)
    config->secret_key = debrief_secret_lookup (DEBRIEF_SECRET_S3_SECRET_KEY, NULL, &keyring_error);

  if (keyring_error != NULL)
    {
      g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_AUTH,
                   _("The storage keys could not be read (%s). Set AWS_ACCESS_KEY_ID and "
                     "AWS_SECRET_ACCESS_KEY, or enter the keys in Preferences → Storage."),
                   keyring_error->message);
      return NULL;
    }

  return g_steal_pointer (&config);
}

static DebriefSupabaseClient *
supabase_client_new (GSettings     *settings,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *url = setting_or_env (settings, "supabase-url", "SUPABASE_URL");
  g_autofree char *bucket = setting_or_env (settings, "storage-bucket", "DEBRIEF_S3_BUCKET");
  g_autofree char *anon_key = g_strdup (env ("SUPABASE_ANON_KEY"));
  g_autoptr(GError) keyring_error = NULL;

  if (anon_key == NULL)
    anon_key = debrief_secret_lookup (DEBRIEF_SECRET_SUPABASE_ANON_KEY, cancellable, &keyring_error);
  if (keyring_error != NULL)
    {
      g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_AUTH,
                   _("The Supabase anon key could not be read (%s). Set SUPABASE_ANON_KEY, or enter it in "
                     "Preferences → Storage."), keyring_error->message);
      return NULL;
    }

  return debrief_supabase_client_new (url, anon_key, bucket, error);
}

/**
 * debrief_storage_supabase_keep_session:
 * @client: a signed-in client
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Keeps the session's refresh token in the keyring. Supabase rotates them:
 * the new one replaces the used one. Blocks.
 *
 * Returns: %TRUE when kept
 */
gboolean
debrief_storage_supabase_keep_session (DebriefSupabaseClient  *client,
                                       GCancellable           *cancellable,
                                       GError                **error)
{
  return debrief_secret_store (DEBRIEF_SECRET_SUPABASE_REFRESH_TOKEN, _("Debrief Supabase session"),
                               debrief_supabase_client_get_refresh_token (client), cancellable, error);
}

/**
 * debrief_storage_supabase_connect:
 * @settings: (nullable): the app's settings
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Resumes the session kept in the keyring, from the project URL
 * (SUPABASE_URL or the preferences) and anon key (SUPABASE_ANON_KEY or the
 * keyring). Blocks.
 *
 * Returns: (transfer full): a signed-in client
 */
DebriefSupabaseClient *
debrief_storage_supabase_connect (GSettings     *settings,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(DebriefSupabaseClient) client = supabase_client_new (settings, cancellable, error);
  g_autofree char *refresh_token = NULL;
  g_autoptr(GError) keyring_error = NULL;

  if (client == NULL)
    return NULL;

  refresh_token = debrief_secret_lookup (DEBRIEF_SECRET_SUPABASE_REFRESH_TOKEN, cancellable, &keyring_error);
  if (refresh_token == NULL)
    {
      g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_SIGNED_IN,
                   _("Not signed in to Supabase%s%s. Sign in in Preferences → Storage."),
                   keyring_error != NULL ? ": " : "", keyring_error != NULL ? keyring_error->message : "");
      return NULL;
    }

  if (!debrief_supabase_client_refresh (client, refresh_token, cancellable, error) ||
      !debrief_storage_supabase_keep_session (client, cancellable, error))
    return NULL;

  return g_steal_pointer (&client);
}

/**
 * debrief_storage_supabase_sign_in:
 * @settings: (nullable): the app's settings
 * @email: the account's email
 * @password: its password, used once and not kept
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Signs in and keeps the session's refresh token in the keyring. Blocks.
 *
 * Returns: (transfer full): a signed-in client
 */
DebriefSupabaseClient *
debrief_storage_supabase_sign_in (GSettings     *settings,
                                  const char    *email,
                                  const char    *password,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(DebriefSupabaseClient) client = supabase_client_new (settings, cancellable, error);

  if (client == NULL ||
      !debrief_supabase_client_sign_in (client, email, password, cancellable, error) ||
      !debrief_storage_supabase_keep_session (client, cancellable, error))
    return NULL;

  return g_steal_pointer (&client);
}
