/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-sigv4.c: AWS Signature Version 4, for request headers and presigned URLs */

#define G_LOG_DOMAIN "debrief-sigv4"

#include "config.h"

#include <string.h>

#include "debrief-sigv4.h"

#define ALGORITHM "AWS4-HMAC-SHA256"

/**
 * debrief_sigv4_uri_encode:
 * @text: text, UTF-8
 * @keep_slash: leave "/" as it is (paths) or encode it (query values)
 *
 * Percent-encodes every byte but the unreserved characters of RFC 3986
 * (A–Z a–z 0–9 - . _ ~), in upper-case hex, as SigV4 requires.
 *
 * Returns: (transfer full): the encoded text
 */
char *
debrief_sigv4_uri_encode (const char *text,
                          gboolean    keep_slash)
{
  GString *out = g_string_sized_new (strlen (text) * 3 / 2);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' ||
          (keep_slash && *p == '/'))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }

  return g_string_free (out, FALSE);
}

char *
debrief_sigv4_sha256_hex (const void *data,
                          gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

/* RFC 3986 section 5.2.4 on the segments, empty segments dropped: what
 * services other than S3 sign. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean trailing = g_str_has_suffix (path, "/") || g_str_has_suffix (path, "/.") ||
    g_str_has_suffix (path, "/..");
  GString *out = g_string_new ("/");

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || g_str_equal (segments[i], "."))
        continue;
      if (g_str_equal (segments[i], ".."))
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, segments[i]);
    }

  for (guint i = 0; i < kept->len; i++)
    {
      g_string_append (out, g_ptr_array_index (kept, i));
      if (i + 1 < kept->len || trailing)
        g_string_append_c (out, '/');
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  char *name;
  char *value;
} Param;

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const Param *pa = *(const Param **) a;
  const Param *pb = *(const Param **) b;
  int by_name = strcmp (pa->name, pb->name);

  return by_name != 0 ? by_name : strcmp (pa->value, pb->value);
}

static void
param_free (Param *param)
{
  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

/* Each name and value decoded, then encoded the SigV4 way, sorted. */
static char *
canonical_query (const char *query)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
  g_auto(GStrv) pairs = NULL;
  GString *out = g_string_new (NULL);

  if (query == NULL || *query == '\0')
    return g_string_free (out, FALSE);

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *raw_name = eq != NULL ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      g_autofree char *name = g_uri_unescape_string (raw_name, NULL);
      g_autofree char *value = g_uri_unescape_string (eq != NULL ? eq + 1 : "", NULL);
      Param *param;

      if (*pairs[i] == '\0')
        continue;

      param = g_new0 (Param, 1);
      param->name = debrief_sigv4_uri_encode (name != NULL ? name : raw_name, FALSE);
      param->value = debrief_sigv4_uri_encode (value != NULL ? value : "", FALSE);
      g_ptr_array_add (params, param);
    }

  g_ptr_array_sort (params, compare_params);
  for (guint i = 0; i < params->len; i++)
    {
      Param *param = g_ptr_array_index (params, i);

      g_string_append_printf (out, "%s%s=%s", i > 0 ? "&" : "", param->name, param->value);
    }

  return g_string_free (out, FALSE);
}

/* Trimmed, with runs of spaces folded into one. */
static char *
canonical_header_value (const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t')
        {
          space = TRUE;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (a, b);
}

/**
 * debrief_sigv4_canonical_request:
 * @request: the request
 * @s3: %TRUE for S3, whose paths are signed as sent; %FALSE for other
 *   services, whose paths are normalized and encoded once more
 * @signed_headers: (out) (transfer full): the ";"-separated signed header names
 *
 * Returns: (transfer full): the canonical request
 */
char *
debrief_sigv4_canonical_request (const DebriefSigV4Request  *request,
                                 gboolean                    s3,
                                 char                      **signed_headers)
{
  g_autoptr(GTree) headers = g_tree_new_full (compare_names, NULL, g_free, g_free);
  g_autofree char *path = NULL;
  g_autofree char *query = canonical_query (request->query);
  GString *names = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  GTreeNode *node;

  if (s3)
    path = g_strdup (request->path != NULL && *request->path != '\0' ? request->path : "/");
  else
    {
      g_autofree char *normalized = normalize_path (request->path != NULL ? request->path : "/");
      path = debrief_sigv4_uri_encode (normalized, TRUE);
    }

  /* Lower-case names; a repeated header's values joined by commas, in order. */
  for (guint i = 0; i < request->header_names->len; i++)
    {
      char *name = g_ascii_strdown (g_ptr_array_index (request->header_names, i), -1);
      g_autofree char *value = canonical_header_value (g_ptr_array_index (request->header_values, i));
      const char *previous = g_tree_lookup (headers, name);

      if (previous != NULL)
        {
          char *joined = g_strconcat (previous, ",", value, NULL);

          g_tree_replace (headers, name, joined);
        }
      else
        {
          g_tree_insert (headers, name, g_steal_pointer (&value));
        }
    }

  g_string_append_printf (out, "%s\n%s\n%s\n", request->method, path, query);
  for (node = g_tree_node_first (headers); node != NULL; node = g_tree_node_next (node))
    {
      const char *name = g_tree_node_key (node);

      g_string_append_printf (out, "%s:%s\n", name, (const char *) g_tree_node_value (node));
      g_string_append_printf (names, "%s%s", names->len > 0 ? ";" : "", name);
    }
  g_string_append_printf (out, "\n%s\n%s", names->str, request->payload_sha256);

  if (signed_headers != NULL)
    *signed_headers = g_string_free (names, FALSE);
  else
    g_string_free (names, TRUE);

  return g_string_free (out, FALSE);
}

static char *
scope (const char                    *amz_date,
       const DebriefSigV4Credentials *credentials)
{
  return g_strdup_printf ("%.8s/%s/%s/aws4_request", amz_date, credentials->region, credentials->service);
}

char *
debrief_sigv4_string_to_sign (const char                    *amz_date,
                              const DebriefSigV4Credentials *credentials,
                              const char                    *canonical_request)
{
  g_autofree char *hash = debrief_sigv4_sha256_hex (canonical_request, strlen (canonical_request));
  g_autofree char *credential_scope = scope (amz_date, credentials);

  return g_strdup_printf (ALGORITHM "\n%s\n%s\n%s", amz_date, credential_scope, hash);
}

/* One HMAC-SHA256 step of the signing key derivation. */
static void
hmac_step (const guint8 *key,
           gsize         key_length,
           const char   *data,
           guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize length = 32;

  g_hmac_update (hmac, (const guchar *) data, -1);
  g_hmac_get_digest (hmac, out, &length);
}

/**
 * debrief_sigv4_signature:
 * @credentials: the keys and scope
 * @amz_date: the request time, "YYYYMMDDTHHMMSSZ"
 * @string_to_sign: from debrief_sigv4_string_to_sign()
 *
 * Returns: (transfer full): the signature, hex
 */
char *
debrief_sigv4_signature (const DebriefSigV4Credentials *credentials,
                         const char                    *amz_date,
                         const char                    *string_to_sign)
{
  g_autofree char *secret = g_strconcat ("AWS4", credentials->secret_key, NULL);
  g_autofree char *date = g_strndup (amz_date, 8);
  guint8 key[32];

  hmac_step ((const guint8 *) secret, strlen (secret), date, key);
  hmac_step (key, sizeof key, credentials->region, key);
  hmac_step (key, sizeof key, credentials->service, key);
  hmac_step (key, sizeof key, "aws4_request", key);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, sizeof key, string_to_sign, -1);
}

/**
 * debrief_sigv4_authorization:
 * @credentials: the keys and scope
 * @request: the request, with its Host and X-Amz-Date headers among the headers
 * @amz_date: the X-Amz-Date value
 * @s3: whether the service is S3
 *
 * Returns: (transfer full): the Authorization header's value
 */
char *
debrief_sigv4_authorization (const DebriefSigV4Credentials *credentials,
                             const DebriefSigV4Request     *request,
                             const char                    *amz_date,
                             gboolean                       s3)
{
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = debrief_sigv4_canonical_request (request, s3, &signed_headers);
  g_autofree char *to_sign = debrief_sigv4_string_to_sign (amz_date, credentials, canonical);
  g_autofree char *signature = debrief_sigv4_signature (credentials, amz_date, to_sign);
  g_autofree char *credential_scope = scope (amz_date, credentials);

  return g_strdup_printf (ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          credentials->access_key, credential_scope, signed_headers, signature);
}

/**
 * debrief_sigv4_presign_query:
 * @credentials: the keys and scope
 * @method: usually "GET"
 * @host: the Host the URL names (with ":port" when not the default)
 * @path: the encoded path
 * @amz_date: the signing time
 * @expires_seconds: how long the URL works, at most 604800 (7 days)
 *
 * Returns: (transfer full): the query string that authorizes the request
 */
char *
debrief_sigv4_presign_query (const DebriefSigV4Credentials *credentials,
                             const char                    *method,
                             const char                    *host,
                             const char                    *path,
                             const char                    *amz_date,
                             guint                          expires_seconds)
{
  g_autofree char *credential_scope = scope (amz_date, credentials);
  g_autofree char *credential = g_strdup_printf ("%s/%s", credentials->access_key, credential_scope);
  g_autofree char *encoded_credential = debrief_sigv4_uri_encode (credential, FALSE);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *query = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *token = NULL;
  DebriefSigV4Request request = { 0 };

  g_return_val_if_fail (expires_seconds >= 1 && expires_seconds <= 604800, NULL);

  if (credentials->session_token != NULL)
    {
      g_autofree char *encoded_token = debrief_sigv4_uri_encode (credentials->session_token, FALSE);

      token = g_strdup_printf ("&X-Amz-Security-Token=%s", encoded_token);
    }

  query = g_strdup_printf ("X-Amz-Algorithm=" ALGORITHM "&X-Amz-Credential=%s&X-Amz-Date=%s"
                           "&X-Amz-Expires=%u%s&X-Amz-SignedHeaders=host",
                           encoded_credential, amz_date, expires_seconds, token != NULL ? token : "");

  g_ptr_array_add (names, (gpointer) "host");
  g_ptr_array_add (values, (gpointer) host);
  request.method = method;
  request.path = path;
  request.query = query;
  request.header_names = names;
  request.header_values = values;
  request.payload_sha256 = DEBRIEF_SIGV4_UNSIGNED_PAYLOAD;

  canonical = debrief_sigv4_canonical_request (&request, TRUE, NULL);
  to_sign = debrief_sigv4_string_to_sign (amz_date, credentials, canonical);
  signature = debrief_sigv4_signature (credentials, amz_date, to_sign);

  return g_strdup_printf ("%s&X-Amz-Signature=%s", query, signature);
}

/**
 * debrief_sigv4_format_date:
 * @time: a time
 *
 * Returns: (transfer full): @time in UTC as "YYYYMMDDTHHMMSSZ"
 */
char *
debrief_sigv4_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}
