/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-secrets.c: keys and tokens, kept only in the keyring (libsecret) */

#define G_LOG_DOMAIN "debrief-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "debrief-secrets.h"

/* One schema for every secret of Debrief; the attribute says which. */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    BASE_ID, SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
prefix_error (GError **error)
{
  if (error != NULL && *error != NULL)
    g_prefix_error (error, _("The keyring is not available: "));
}

/**
 * debrief_secret_store:
 * @service: which secret, such as %DEBRIEF_SECRET_S3_SECRET_KEY
 * @label: what the keyring shows the person
 * @secret: the secret; an empty one clears it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE when stored
 */
gboolean
debrief_secret_store (const char    *service,
                      const char    *label,
                      const char    *secret,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (service != NULL, FALSE);

  if (secret == NULL || *secret == '\0')
    return debrief_secret_clear (service, cancellable, error);

  ok = secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable, error,
                                   "service", service, NULL);
  if (!ok)
    prefix_error (error);

  return ok;
}

/**
 * debrief_secret_lookup:
 * @service: which secret
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL without an error
 *   when none is stored
 */
char *
debrief_secret_lookup (const char    *service,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (service != NULL, NULL);

  secret = secret_password_lookup_sync (get_schema (), cancellable, &local_error, "service", service, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      prefix_error (error);
      return NULL;
    }

  return secret;
}

gboolean
debrief_secret_clear (const char    *service,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (service != NULL, FALSE);

  secret_password_clear_sync (get_schema (), cancellable, &local_error, "service", service, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      prefix_error (error);
      return FALSE;
    }

  return TRUE;
}
