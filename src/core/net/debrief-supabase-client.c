/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-supabase-client.c: Supabase Auth, Storage and REST, on libsoup and json-glib */

#define G_LOG_DOMAIN "debrief-supabase"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "debrief-sigv4.h"
#include "debrief-supabase-client.h"

struct _DebriefSupabaseClient
{
  GObject      parent_instance;

  char        *url;      /* without a trailing slash */
  char        *anon_key;
  char        *bucket;
  SoupSession *session;

  GMutex       lock;     /* guards the session's tokens */
  char        *access_token;
  char        *refresh_token;
  char        *user_id;
};

G_DEFINE_FINAL_TYPE (DebriefSupabaseClient, debrief_supabase_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (debrief-supabase-error-quark, debrief_supabase_error)

/**
 * debrief_supabase_client_new:
 * @url: the project URL, "https://PROJECT.supabase.co"
 * @anon_key: the project's anon (public) key
 * @bucket: the Storage bucket for recordings
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a client, signed out
 */
DebriefSupabaseClient *
debrief_supabase_client_new (const char  *url,
                             const char  *anon_key,
                             const char  *bucket,
                             GError     **error)
{
  DebriefSupabaseClient *self;
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || *url == '\0' ||
      (uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID,
                   _("“%s” is not a Supabase project URL: it should look like https://PROJECT.supabase.co"),
                   url != NULL ? url : "");
      return NULL;
    }

  if (anon_key == NULL || *anon_key == '\0')
    {
      g_set_error_literal (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID,
                           _("The Supabase anon key is missing. Enter it in Preferences → Storage."));
      return NULL;
    }

  self = g_object_new (DEBRIEF_TYPE_SUPABASE_CLIENT, NULL);
  self->url = g_strdup (url);
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  self->anon_key = g_strdup (anon_key);
  self->bucket = g_strdup (bucket != NULL && *bucket != '\0' ? bucket : "recordings");
  self->session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60,
                                                 "user-agent", "Debrief/" PACKAGE_VERSION, NULL);

  return self;
}

static SoupMessage *
new_message (DebriefSupabaseClient *self,
             const char            *method,
             const char            *path,
             gboolean               authenticated)
{
  g_autofree char *uri = g_strconcat (self->url, path, NULL);
  SoupMessage *message = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  g_return_val_if_fail (message != NULL, NULL);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "apikey", self->anon_key);
  if (authenticated)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
      g_autofree char *bearer = g_strconcat ("Bearer ", self->access_token != NULL ? self->access_token
                                                                                      : self->anon_key, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }

  return message;
}

/* A response body as JSON; the body has no terminating NUL. */
static JsonNode *
parse_body (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (length == 0 || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

static void
set_json_body (SoupMessage *message,
               JsonNode    *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize length = strlen (text);
  g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&text), length);

  soup_message_set_request_body_from_bytes (message, "application/json", body);
}

static const char *
json_message (JsonNode *root)
{
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  for (const char * const *name = (const char *[]) { "error_description", "msg", "message", "error", NULL };
       *name != NULL; name++)
    if (json_object_has_member (object, *name) &&
        JSON_NODE_HOLDS_VALUE (json_object_get_member (object, *name)))
      return json_object_get_string_member (object, *name);

  return NULL;
}

/* Explains a refused request in words a person can act on. */
static void
set_status_error (DebriefSupabaseClient  *self,
                  SoupMessage            *message,
                  JsonNode               *root,
                  GError                **error)
{
  guint status = soup_message_get_status (message);
  const char *detail;

  detail = json_message (root);
  if (detail == NULL)
    detail = soup_message_get_reason_phrase (message);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN ||
      (status == SOUP_STATUS_BAD_REQUEST && strstr (g_uri_get_path (soup_message_get_uri (message)), "/auth/") != NULL))
    g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_AUTH,
                 _("Supabase refused the sign-in or the session (%s). Sign in again in Preferences → Storage."),
                 detail);
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_FOUND,
                 _("Not found in Supabase: %s"), detail);
  else if (status >= 500 || status == 429)
    g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_RETRY,
                 _("Supabase is busy or failing (%u %s); Debrief will try again"), status, detail);
  else
    g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_FAILED,
                 _("Supabase answered %u: %s"), status, detail);

}

/* Sends @message and parses the JSON answer (NULL for an empty one). */
static JsonNode *
send (DebriefSupabaseClient  *self,
      SoupMessage            *message,
      GCancellable           *cancellable,
      GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (self->session, message, cancellable, &local_error);
  g_autoptr(JsonNode) root = NULL;

  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NETWORK,
                     _("Cannot reach Supabase at %s: %s"), self->url, local_error->message);
      return NULL;
    }

  root = parse_body (body);

  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    return root != NULL ? g_steal_pointer (&root) : json_node_new (JSON_NODE_NULL);

  set_status_error (self, message, root, error);
  return NULL;
}

static gboolean
take_session (DebriefSupabaseClient  *self,
              JsonNode               *root,
              GError                **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *user;

  if (object == NULL || !json_object_has_member (object, "access_token") ||
      !json_object_has_member (object, "refresh_token") || !json_object_has_member (object, "user"))
    {
      g_set_error_literal (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID,
                           _("Supabase's sign-in answer has no session in it"));
      return FALSE;
    }

  user = json_object_get_object_member (object, "user");
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_free (self->user_id);
  self->access_token = g_strdup (json_object_get_string_member (object, "access_token"));
  self->refresh_token = g_strdup (json_object_get_string_member (object, "refresh_token"));
  self->user_id = g_strdup (json_object_get_string_member (user, "id"));

  return TRUE;
}

static gboolean
token_request (DebriefSupabaseClient  *self,
               const char             *grant,
               JsonNode               *body,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autofree char *path = g_strconcat ("/auth/v1/token?grant_type=", grant, NULL);
  g_autoptr(SoupMessage) message = new_message (self, "POST", path, FALSE);
  g_autoptr(JsonNode) root = NULL;

  set_json_body (message, body);
  root = send (self, message, cancellable, error);
  return root != NULL && take_session (self, root, error);
}

/**
 * debrief_supabase_client_sign_in:
 * @self: a #DebriefSupabaseClient
 * @email: the account's email
 * @password: its password
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Signs in with a password; the session's refresh token is then available
 * for the keyring.
 *
 * Returns: %TRUE when signed in
 */
gboolean
debrief_supabase_client_sign_in (DebriefSupabaseClient  *self,
                                 const char             *email,
                                 const char             *password,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  return token_request (self, "password", body, cancellable, error);
}

/**
 * debrief_supabase_client_refresh:
 * @self: a #DebriefSupabaseClient
 * @refresh_token: a refresh token from an earlier session
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the session is renewed (with a new refresh token)
 */
gboolean
debrief_supabase_client_refresh (DebriefSupabaseClient  *self,
                                 const char             *refresh_token,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), FALSE);

  if (refresh_token == NULL || *refresh_token == '\0')
    {
      g_set_error_literal (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_SIGNED_IN,
                           _("Not signed in to Supabase. Sign in in Preferences → Storage."));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh_token);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  return token_request (self, "refresh_token", body, cancellable, error);
}

const char *
debrief_supabase_client_get_user_id (DebriefSupabaseClient *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), NULL);

  return self->user_id;
}

const char *
debrief_supabase_client_get_refresh_token (DebriefSupabaseClient *self)
{
  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), NULL);

  return self->refresh_token;
}

static gboolean
require_session (DebriefSupabaseClient  *self,
                 GError                **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (self->access_token != NULL)
    return TRUE;

  g_set_error_literal (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_SIGNED_IN,
                       _("Not signed in to Supabase. Sign in in Preferences → Storage."));
  return FALSE;
}

static char *
object_path (DebriefSupabaseClient *self,
             const char            *prefix,
             const char            *path)
{
  g_autofree char *encoded = debrief_sigv4_uri_encode (path, TRUE);

  return g_strdup_printf ("/storage/v1/object/%s%s/%s", prefix, self->bucket, encoded);
}

/* A request for an object, or %NULL when not signed in. */
static SoupMessage *
object_message (DebriefSupabaseClient  *self,
                const char             *method,
                const char             *prefix,
                const char             *path,
                GError                **error)
{
  g_autofree char *uri_path = NULL;

  if (!require_session (self, error))
    return NULL;

  uri_path = object_path (self, prefix, path);
  return new_message (self, method, uri_path, TRUE);
}

/**
 * debrief_supabase_client_upload:
 * @self: a signed-in #DebriefSupabaseClient
 * @path: the object's path in the bucket; its first folder is the user id,
 *   as the row-level policy requires
 * @local_path: the file, streamed
 * @content_type: (nullable): its MIME type
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Uploads with the Storage API, replacing an object of the same path (a
 * repeated upload is harmless).
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_supabase_client_upload (DebriefSupabaseClient  *self,
                                const char             *path,
                                const char             *local_path,
                                const char             *content_type,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (local_path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *type = content_type != NULL ? content_type : "application/octet-stream";

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), FALSE);

  message = object_message (self, "POST", "", path, error);
  if (message == NULL)
    return FALSE;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL || (stream = g_file_read (file, cancellable, error)) == NULL)
    return FALSE;

  soup_message_headers_replace (soup_message_get_request_headers (message), "x-upsert", "true");
  soup_message_set_request_body (message, type, G_INPUT_STREAM (stream), g_file_info_get_size (info));

  root = send (self, message, cancellable, error);
  return root != NULL;
}

/**
 * debrief_supabase_client_object_size:
 * @self: a signed-in #DebriefSupabaseClient
 * @path: the object's path
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: the stored object's size, or -1
 */
gint64
debrief_supabase_client_object_size (DebriefSupabaseClient  *self,
                                     const char             *path,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), -1);

  message = object_message (self, "HEAD", "authenticated/", path, error);
  if (message == NULL || (root = send (self, message, cancellable, error)) == NULL)
    return -1;

  return soup_message_headers_get_content_length (soup_message_get_response_headers (message));
}

GBytes *
debrief_supabase_client_download (DebriefSupabaseClient  *self,
                                  const char             *path,
                                  GCancellable           *cancellable,
                                  GError                **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), NULL);

  message = object_message (self, "GET", "authenticated/", path, error);
  if (message == NULL)
    return NULL;

  body = soup_session_send_and_read (self->session, message, cancellable, &local_error);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NETWORK,
                     _("Cannot reach Supabase at %s: %s"), self->url, local_error->message);
      return NULL;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    return g_steal_pointer (&body);

  /* Errors come as JSON. */
  root = parse_body (body);
  set_status_error (self, message, root, error);
  return NULL;
}

gboolean
debrief_supabase_client_delete (DebriefSupabaseClient  *self,
                                const char             *path,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), FALSE);

  message = object_message (self, "DELETE", "", path, error);
  if (message == NULL)
    return FALSE;

  root = send (self, message, cancellable, error);
  return root != NULL;
}

/**
 * debrief_supabase_client_sign_url:
 * @self: a signed-in #DebriefSupabaseClient
 * @path: the object's path
 * @ttl_seconds: how long the link works
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a link anyone can fetch the object with until it expires
 */
char *
debrief_supabase_client_sign_url (DebriefSupabaseClient  *self,
                                  const char             *path,
                                  guint                   ttl_seconds,
                                  GCancellable           *cancellable,
                                  GError                **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *signed_url;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), NULL);

  message = object_message (self, "POST", "sign/", path, error);
  if (message == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "expiresIn");
  json_builder_add_int_value (builder, CLAMP (ttl_seconds, 1, 604800));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  set_json_body (message, body);
  root = send (self, message, cancellable, error);
  if (root == NULL)
    return NULL;

  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  signed_url = object != NULL && json_object_has_member (object, "signedURL")
               ? json_object_get_string_member (object, "signedURL") : NULL;
  if (signed_url == NULL)
    {
      g_set_error_literal (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID,
                           _("Supabase did not return a signed link"));
      return NULL;
    }

  /* The Storage API answers with a path relative to /storage/v1. */
  if (g_str_has_prefix (signed_url, "http"))
    return g_strdup (signed_url);
  return g_strconcat (self->url, "/storage/v1", signed_url, NULL);
}

/**
 * debrief_supabase_client_upsert:
 * @self: a signed-in #DebriefSupabaseClient
 * @table: the table, such as "calls"
 * @rows: a JSON array of rows, with ids made on the client
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Inserts or updates @rows with PostgREST; sending the same rows again is
 * harmless.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_supabase_client_upsert (DebriefSupabaseClient  *self,
                                const char             *table,
                                JsonNode               *rows,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autofree char *path = g_strconcat ("/rest/v1/", table, NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), FALSE);

  if (!require_session (self, error))
    return FALSE;

  message = new_message (self, "POST", path, TRUE);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Prefer",
                                "resolution=merge-duplicates,return=minimal");
  set_json_body (message, rows);
  root = send (self, message, cancellable, error);
  return root != NULL;
}

/**
 * debrief_supabase_client_select:
 * @self: a signed-in #DebriefSupabaseClient
 * @table: the table, such as "conversations"
 * @params: (array zero-terminated=1): PostgREST query parameters as name,
 *   value pairs, such as "select", "*", "direction", "eq.inbound",
 *   "order", "updated_at.asc", "limit", "100"; the values are escaped here
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads rows with PostgREST (`GET /rest/v1/TABLE?…`); the row-level
 * policies decide which rows the user may see. Blocks.
 *
 * Returns: (transfer full): the rows, an array of objects, or %NULL
 */
JsonArray *
debrief_supabase_client_select (DebriefSupabaseClient  *self,
                                const char             *table,
                                const char * const     *params,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autoptr(GString) path = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!require_session (self, error))
    return NULL;

  path = g_string_new ("/rest/v1/");
  g_string_append (path, table);
  for (guint i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    {
      g_string_append_c (path, i == 0 ? '?' : '&');
      g_string_append_uri_escaped (path, params[i], NULL, FALSE);
      g_string_append_c (path, '=');
      /* PostgREST's own separators stay readable; "+" in a time zone must not. */
      g_string_append_uri_escaped (path, params[i + 1], "*,", FALSE);
    }

  message = new_message (self, "GET", path->str, TRUE);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  root = send (self, message, cancellable, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID,
                   _("Supabase answered the query on %s with something other than a list of rows"), table);
      return NULL;
    }

  return json_array_ref (json_node_get_array (root));
}

/**
 * debrief_supabase_client_delete_rows:
 * @self: a signed-in #DebriefSupabaseClient
 * @table: the table, such as "calls"
 * @column: the column to match, such as "call_id"
 * @value: the value it must equal
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the rows of @table whose @column equals @value, with PostgREST;
 * none matching is no error, so deleting twice is harmless.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_supabase_client_delete_rows (DebriefSupabaseClient  *self,
                                     const char             *table,
                                     const char             *column,
                                     const char             *value,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_autofree char *encoded = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (self), FALSE);
  g_return_val_if_fail (table != NULL && column != NULL && value != NULL, FALSE);

  if (!require_session (self, error))
    return FALSE;

  encoded = g_uri_escape_string (value, NULL, FALSE);
  path = g_strdup_printf ("/rest/v1/%s?%s=eq.%s", table, column, encoded);
  message = new_message (self, "DELETE", path, TRUE);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Prefer", "return=minimal");
  root = send (self, message, cancellable, error);
  return root != NULL;
}

static void
debrief_supabase_client_finalize (GObject *object)
{
  DebriefSupabaseClient *self = (DebriefSupabaseClient *) object;

  g_free (self->url);
  g_free (self->anon_key);
  g_free (self->bucket);
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_free (self->user_id);
  g_clear_object (&self->session);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (debrief_supabase_client_parent_class)->finalize (object);
}

static void
debrief_supabase_client_class_init (DebriefSupabaseClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = debrief_supabase_client_finalize;
}

static void
debrief_supabase_client_init (DebriefSupabaseClient *self)
{
  g_mutex_init (&self->lock);
}
