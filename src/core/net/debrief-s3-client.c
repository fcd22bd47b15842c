/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-s3-client.c: an S3-compatible storage client (R2, MinIO, AWS) on libsoup */

#define G_LOG_DOMAIN "debrief-s3"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "debrief-s3-client.h"
#include "debrief-sigv4.h"

#define STREAM_CHUNK (64 * 1024)

struct _DebriefS3Client
{
  GObject          parent_instance;

  DebriefS3Config *config;
  GUri            *endpoint;
  SoupSession     *session;
};

G_DEFINE_FINAL_TYPE (DebriefS3Client, debrief_s3_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (debrief-s3-error-quark, debrief_s3_error)

void
debrief_s3_config_free (DebriefS3Config *config)
{
  if (config == NULL)
    return;

  g_free (config->endpoint);
  g_free (config->region);
  g_free (config->bucket);
  g_free (config->access_key);
  g_free (config->secret_key);
  g_free (config->session_token);
  g_free (config);
}

DebriefS3Config *
debrief_s3_config_copy (const DebriefS3Config *config)
{
  DebriefS3Config *copy = g_new0 (DebriefS3Config, 1);

  copy->endpoint = g_strdup (config->endpoint);
  copy->region = g_strdup (config->region);
  copy->bucket = g_strdup (config->bucket);
  copy->path_style = config->path_style;
  copy->access_key = g_strdup (config->access_key);
  copy->secret_key = g_strdup (config->secret_key);
  copy->session_token = g_strdup (config->session_token);
  copy->timeout_s = config->timeout_s;

  return copy;
}

void
debrief_s3_object_free (DebriefS3Object *object)
{
  if (object == NULL)
    return;

  g_free (object->key);
  g_free (object->etag);
  g_free (object->content_type);
  g_clear_pointer (&object->metadata, g_hash_table_unref);
  g_free (object);
}

/* XML: the answers of S3 are small documents; GMarkup reads them. Each
 * element named @record becomes a table of its children's text; children of
 * the document element become the top-level table. */

typedef struct
{
  const char *record;
  GPtrArray  *records;
  GHashTable *top;
  GHashTable *current;
  GString    *text;
  guint       depth;
} XmlReader;

static void
xml_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  XmlReader *reader = user_data;

  reader->depth++;
  g_string_truncate (reader->text, 0);

  if (reader->record != NULL && g_str_equal (element, reader->record))
    {
      reader->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add (reader->records, reader->current);
    }
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  XmlReader *reader = user_data;

  if (reader->record != NULL && g_str_equal (element, reader->record))
    reader->current = NULL;
  else if (reader->current != NULL)
    g_hash_table_replace (reader->current, g_strdup (element), g_strdup (reader->text->str));
  else if (reader->depth == 2)
    g_hash_table_replace (reader->top, g_strdup (element), g_strdup (reader->text->str));

  g_string_truncate (reader->text, 0);
  reader->depth--;
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  XmlReader *reader = user_data;

  g_string_append_len (reader->text, text, length);
}

static const GMarkupParser xml_parser = { xml_start, xml_end, xml_text, NULL, NULL };

static GHashTable *
parse_xml (GBytes      *body,
           const char  *record,
           GPtrArray  **records,
           GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  XmlReader reader = { 0 };
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  reader.record = record;
  reader.records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  reader.top = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  reader.text = text;

  context = g_markup_parse_context_new (&xml_parser, G_MARKUP_IGNORE_QUALIFIED, &reader, NULL);
  if (data == NULL || !g_markup_parse_context_parse (context, data, length, error) ||
      !g_markup_parse_context_end_parse (context, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID,
                             _("The storage sent an empty answer"));
      g_ptr_array_unref (reader.records);
      g_hash_table_unref (reader.top);
      return NULL;
    }

  if (records != NULL)
    *records = reader.records;
  else
    g_ptr_array_unref (reader.records);

  return reader.top;
}

/**
 * debrief_s3_client_new:
 * @config: the endpoint, bucket and keys
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a client, or %NULL when @config is incomplete
 */
DebriefS3Client *
debrief_s3_client_new (const DebriefS3Config  *config,
                       GError                **error)
{
  g_autoptr(DebriefS3Client) self = NULL;
  g_autoptr(GUri) endpoint = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->endpoint == NULL || *config->endpoint == '\0')
    {
      g_set_error_literal (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID,
                           _("No storage endpoint is set. Enter its URL in Preferences → Storage."));
      return NULL;
    }

  endpoint = g_uri_parse (config->endpoint, G_URI_FLAGS_ENCODED, NULL);
  if (endpoint == NULL || g_uri_get_host (endpoint) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (endpoint), "http") != 0 && g_strcmp0 (g_uri_get_scheme (endpoint), "https") != 0))
    {
      g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID,
                   _("“%s” is not a storage URL: it should look like https://s3.example.com"), config->endpoint);
      return NULL;
    }

  if (config->bucket == NULL || *config->bucket == '\0')
    {
      g_set_error_literal (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID,
                           _("No bucket is set. Enter the bucket's name in Preferences → Storage."));
      return NULL;
    }

  if (config->access_key == NULL || *config->access_key == '\0' ||
      config->secret_key == NULL || *config->secret_key == '\0')
    {
      g_set_error_literal (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_AUTH,
                           _("The storage's access key or secret is missing. Enter both in Preferences → Storage."));
      return NULL;
    }

  self = g_object_new (DEBRIEF_TYPE_S3_CLIENT, NULL);
  self->config = debrief_s3_config_copy (config);
  if (self->config->region == NULL || *self->config->region == '\0')
    {
      g_free (self->config->region);
      self->config->region = g_strdup ("us-east-1");
    }
  self->endpoint = g_steal_pointer (&endpoint);
  self->session = soup_session_new_with_options ("timeout", config->timeout_s > 0 ? config->timeout_s : 60,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Debrief/" PACKAGE_VERSION, NULL);

  return g_steal_pointer (&self);
}

/**
 * debrief_s3_client_dup:
 * @self: a #DebriefS3Client
 *
 * Returns: (transfer full): a client with the same configuration and its own
 *   connections, for another thread
 */
DebriefS3Client *
debrief_s3_client_dup (DebriefS3Client *self)
{
  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), NULL);

  return debrief_s3_client_new (self->config, NULL);
}

/* The authority ("host" or "host:port") and the encoded path of @key. */
static void
locate (DebriefS3Client  *self,
        const char       *key,
        char            **authority,
        char            **path)
{
  const char *host = g_uri_get_host (self->endpoint);
  int port = g_uri_get_port (self->endpoint);
  const char *base = g_uri_get_path (self->endpoint);
  g_autofree char *encoded_key = debrief_sigv4_uri_encode (key != NULL ? key : "", TRUE);
  g_autofree char *prefix = g_strdup (base != NULL ? base : "");

  if (g_str_has_suffix (prefix, "/"))
    prefix[strlen (prefix) - 1] = '\0';

  if (self->config->path_style)
    {
      *authority = port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
      *path = g_strdup_printf ("%s/%s/%s", prefix, self->config->bucket, encoded_key);
    }
  else
    {
      *authority = port > 0 ? g_strdup_printf ("%s.%s:%d", self->config->bucket, host, port)
                            : g_strdup_printf ("%s.%s", self->config->bucket, host);
      *path = g_strdup_printf ("%s/%s", prefix, encoded_key);
    }
}

static DebriefSigV4Credentials
credentials (DebriefS3Client *self)
{
  DebriefSigV4Credentials c = {
    .access_key = self->config->access_key,
    .secret_key = self->config->secret_key,
    .session_token = self->config->session_token,
    .region = self->config->region,
    .service = "s3",
  };

  return c;
}

/**
 * debrief_s3_client_presign_get:
 * @self: a #DebriefS3Client
 * @key: an object key
 * @ttl_seconds: how long the link works, 1 s to 7 days
 * @now: (nullable): the signing time, %NULL for now
 *
 * Returns: (transfer full): a URL anyone can fetch the object with until it expires
 */
char *
debrief_s3_client_presign_get (DebriefS3Client *self,
                               const char      *key,
                               guint            ttl_seconds,
                               GDateTime       *now)
{
  g_autoptr(GDateTime) current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autofree char *amz_date = debrief_sigv4_format_date (current);
  g_autofree char *authority = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  DebriefSigV4Credentials c = credentials (self);

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), NULL);

  ttl_seconds = CLAMP (ttl_seconds, 1, 604800);
  locate (self, key, &authority, &path);
  query = debrief_sigv4_presign_query (&c, "GET", authority, path, amz_date, ttl_seconds);

  return g_strdup_printf ("%s://%s%s?%s", g_uri_get_scheme (self->endpoint), authority, path, query);
}

/* Builds and signs a request: @query is encoded, without "?". */
static SoupMessage *
new_request (DebriefS3Client *self,
             const char      *method,
             const char      *key,
             const char      *query,
             const char      *payload_sha256,
             const char      *content_type,
             GHashTable      *metadata)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *amz_date = debrief_sigv4_format_date (now);
  g_autofree char *authority = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  DebriefSigV4Credentials c = credentials (self);
  DebriefSigV4Request request = { 0 };
  SoupMessageHeaders *headers;
  SoupMessage *message;

  locate (self, key, &authority, &path);
  uri = g_strdup_printf ("%s://%s%s%s%s", g_uri_get_scheme (self->endpoint), authority, path,
                         query != NULL && *query != '\0' ? "?" : "", query != NULL ? query : "");
  message = soup_message_new (method, uri);
  g_return_val_if_fail (message != NULL, NULL);
  headers = soup_message_get_request_headers (message);

#define ADD(name, value)                                     \
  G_STMT_START {                                             \
    g_ptr_array_add (names, g_strdup (name));                \
    g_ptr_array_add (values, g_strdup (value));              \
    soup_message_headers_replace (headers, name, value);     \
  } G_STMT_END

  g_ptr_array_add (names, g_strdup ("host"));
  g_ptr_array_add (values, g_strdup (authority));
  ADD ("x-amz-date", amz_date);
  ADD ("x-amz-content-sha256", payload_sha256);
  if (self->config->session_token != NULL)
    ADD ("x-amz-security-token", self->config->session_token);
  if (content_type != NULL)
    ADD ("content-type", content_type);
  if (metadata != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, metadata);
      while (g_hash_table_iter_next (&iter, &name, &value))
        {
          g_autofree char *header = g_strconcat ("x-amz-meta-", (const char *) name, NULL);

          ADD (header, value);
        }
    }

#undef ADD

  request.method = method;
  request.path = path;
  request.query = query;
  request.header_names = names;
  request.header_values = values;
  request.payload_sha256 = payload_sha256;
  authorization = debrief_sigv4_authorization (&c, &request, amz_date, TRUE);
  soup_message_headers_replace (headers, "Authorization", authorization);

  return message;
}

/* Turns a failed answer into an error a person can act on. */
static void
set_status_error (DebriefS3Client  *self,
                  SoupMessage      *message,
                  GBytes           *body,
                  const char       *key,
                  GError          **error)
{
  guint status = soup_message_get_status (message);
  g_autoptr(GHashTable) fields = parse_xml (body, NULL, NULL, NULL);
  const char *code = fields != NULL ? g_hash_table_lookup (fields, "Code") : NULL;
  const char *detail = fields != NULL ? g_hash_table_lookup (fields, "Message") : NULL;

  if (detail == NULL)
    detail = soup_message_get_reason_phrase (message);

  if (g_strcmp0 (code, "NoSuchBucket") == 0)
    g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NO_BUCKET,
                 _("The bucket “%s” does not exist at %s. Check its name in Preferences → Storage."),
                 self->config->bucket, self->config->endpoint);
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NOT_FOUND,
                 _("“%s” is not in the storage"), key != NULL ? key : "");
  else if (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_AUTH,
                 _("The storage refused the access key (%s: %s). Check the key and secret in "
                   "Preferences → Storage, and the computer's clock."),
                 code != NULL ? code : "403", detail);
  else if (status >= 500 || status == 429 || g_strcmp0 (code, "SlowDown") == 0 ||
           g_strcmp0 (code, "RequestTimeout") == 0)
    g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_RETRY,
                 _("The storage is busy or failing (%u %s); Debrief will try again"), status, detail);
  else
    g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_FAILED,
                 _("The storage answered %u: %s"), status, detail);
}

/* Sends @message and reads the whole answer; FALSE with an error unless 2xx. */
static GBytes *
send (DebriefS3Client  *self,
      SoupMessage      *message,
      const char       *key,
      GCancellable     *cancellable,
      GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (self->session, message, cancellable, &local_error);

  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NETWORK,
                     _("Cannot reach the storage at %s: %s"), self->config->endpoint, local_error->message);
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      set_status_error (self, message, body, key, error);
      return NULL;
    }

  return g_steal_pointer (&body);
}

static char *
dup_etag (SoupMessage *message)
{
  return g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
}

typedef struct
{
  DebriefS3ProgressFunc func;
  gpointer              data;
  gint64                total;
} Progress;

static void
wrote_body_data_cb (SoupMessage *message,
                    guint        chunk,
                    Progress    *progress)
{
  gint64 sent = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (message), "sent")) + chunk;

  g_object_set_data (G_OBJECT (message), "sent", GSIZE_TO_POINTER ((gsize) sent));
  progress->func (sent, progress->total, progress->data);
}

/**
 * debrief_s3_client_put_file:
 * @self: a #DebriefS3Client
 * @key: the object key
 * @path: the local file, streamed: memory use does not grow with its size
 * @content_type: (nullable): its MIME type
 * @metadata: (nullable): x-amz-meta-* values, by name without the prefix
 * @progress: (nullable) (scope call): called as bytes go out
 * @progress_data: data for @progress
 * @etag: (out) (optional): the stored object's ETag
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Uploads @path in one request. Blocks.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_s3_client_put_file (DebriefS3Client        *self,
                            const char             *key,
                            const char             *path,
                            const char             *content_type,
                            GHashTable             *metadata,
                            DebriefS3ProgressFunc   progress,
                            gpointer                progress_data,
                            char                  **etag,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  Progress progress_info = { progress, progress_data, 0 };

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return FALSE;
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  message = new_request (self, "PUT", key, NULL, DEBRIEF_SIGV4_UNSIGNED_PAYLOAD,
                         content_type != NULL ? content_type : "application/octet-stream", metadata);
  progress_info.total = g_file_info_get_size (info);
  soup_message_set_request_body (message, content_type != NULL ? content_type : "application/octet-stream",
                                 G_INPUT_STREAM (stream), progress_info.total);
  if (progress != NULL)
    g_signal_connect (message, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), &progress_info);

  body = send (self, message, key, cancellable, error);
  if (body == NULL)
    return FALSE;

  if (etag != NULL)
    *etag = dup_etag (message);
  return TRUE;
}

/**
 * debrief_s3_client_get:
 * @self: a #DebriefS3Client
 * @key: the object key
 * @first: the first byte wanted, or -1 for the whole object
 * @last: the last byte wanted, or -1 for the end
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the bytes
 */
GBytes *
debrief_s3_client_get (DebriefS3Client  *self,
                       const char       *key,
                       gint64            first,
                       gint64            last,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(SoupMessage) message = NULL;

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), NULL);

  message = new_request (self, "GET", key, NULL, DEBRIEF_SIGV4_EMPTY_SHA256, NULL, NULL);
  if (first >= 0)
    soup_message_headers_set_range (soup_message_get_request_headers (message), first, last);

  return send (self, message, key, cancellable, error);
}

/**
 * debrief_s3_client_head:
 * @self: a #DebriefS3Client
 * @key: the object key
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the object's size, ETag, type and metadata
 */
DebriefS3Object *
debrief_s3_client_head (DebriefS3Client  *self,
                        const char       *key,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  DebriefS3Object *object;

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), NULL);

  message = new_request (self, "HEAD", key, NULL, DEBRIEF_SIGV4_EMPTY_SHA256, NULL, NULL);
  body = send (self, message, key, cancellable, error);
  if (body == NULL)
    return NULL;

  headers = soup_message_get_response_headers (message);
  object = g_new0 (DebriefS3Object, 1);
  object->key = g_strdup (key);
  object->size = soup_message_headers_get_content_length (headers);
  object->etag = dup_etag (message);
  object->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  object->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strncasecmp (name, "x-amz-meta-", 11) == 0)
      g_hash_table_replace (object->metadata, g_ascii_strdown (name + 11, -1), g_strdup (value));

  return object;
}

gboolean
debrief_s3_client_delete (DebriefS3Client  *self,
                          const char       *key,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), FALSE);

  message = new_request (self, "DELETE", key, NULL, DEBRIEF_SIGV4_EMPTY_SHA256, NULL, NULL);
  body = send (self, message, key, cancellable, error);
  return body != NULL;
}

/**
 * debrief_s3_client_list:
 * @self: a #DebriefS3Client
 * @prefix: (nullable): only keys starting so
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists with ListObjectsV2, following every page.
 *
 * Returns: (transfer full) (element-type DebriefS3Object): the objects, by key
 */
GPtrArray *
debrief_s3_client_list (DebriefS3Client  *self,
                        const char       *prefix,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_s3_object_free);
  g_autofree char *token = NULL;

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), NULL);

  for (;;)
    {
      g_autoptr(GString) query = g_string_new ("list-type=2");
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GHashTable) top = NULL;
      g_autoptr(GPtrArray) records = NULL;

      if (token != NULL)
        {
          g_autofree char *encoded = debrief_sigv4_uri_encode (token, FALSE);
          g_string_append_printf (query, "&continuation-token=%s", encoded);
        }
      if (prefix != NULL)
        {
          g_autofree char *encoded = debrief_sigv4_uri_encode (prefix, FALSE);
          g_string_append_printf (query, "&prefix=%s", encoded);
        }

      message = new_request (self, "GET", NULL, query->str, DEBRIEF_SIGV4_EMPTY_SHA256, NULL, NULL);
      body = send (self, message, NULL, cancellable, error);
      if (body == NULL)
        return NULL;

      top = parse_xml (body, "Contents", &records, error);
      if (top == NULL)
        return NULL;

      for (guint i = 0; i < records->len; i++)
        {
          GHashTable *record = g_ptr_array_index (records, i);
          DebriefS3Object *object = g_new0 (DebriefS3Object, 1);

          object->key = g_strdup (g_hash_table_lookup (record, "Key"));
          object->etag = g_strdup (g_hash_table_lookup (record, "ETag"));
          object->size = g_ascii_strtoll (g_hash_table_lookup (record, "Size") ?: "0", NULL, 10);
          g_ptr_array_add (objects, object);
        }

      g_clear_pointer (&token, g_free);
      if (g_strcmp0 (g_hash_table_lookup (top, "IsTruncated"), "true") != 0)
        break;
      token = g_strdup (g_hash_table_lookup (top, "NextContinuationToken"));
      if (token == NULL || *token == '\0')
        break;
    }

  return g_steal_pointer (&objects);
}

/**
 * debrief_s3_client_create_multipart:
 * @self: a #DebriefS3Client
 * @key: the object key
 * @content_type: (nullable): its MIME type
 * @metadata: (nullable): x-amz-meta-* values
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the upload id, for the parts and the end
 */
char *
debrief_s3_client_create_multipart (DebriefS3Client  *self,
                                    const char       *key,
                                    const char       *content_type,
                                    GHashTable       *metadata,
                                    GCancellable     *cancellable,
                                    GError          **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) top = NULL;
  const char *upload_id;

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), NULL);

  message = new_request (self, "POST", key, "uploads=", DEBRIEF_SIGV4_EMPTY_SHA256,
                         content_type != NULL ? content_type : "application/octet-stream", metadata);
  body = send (self, message, key, cancellable, error);
  if (body == NULL)
    return NULL;

  top = parse_xml (body, NULL, NULL, error);
  if (top == NULL)
    return NULL;

  upload_id = g_hash_table_lookup (top, "UploadId");
  if (upload_id == NULL || *upload_id == '\0')
    {
      g_set_error_literal (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID,
                           _("The storage did not start the upload (no upload id)"));
      return NULL;
    }

  return g_strdup (upload_id);
}

/**
 * debrief_s3_client_upload_part:
 * @self: a #DebriefS3Client
 * @key: the object key
 * @upload_id: from debrief_s3_client_create_multipart()
 * @part_number: 1 to 10000
 * @data: the part, hashed and signed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the part's ETag
 */
char *
debrief_s3_client_upload_part (DebriefS3Client  *self,
                               const char       *key,
                               const char       *upload_id,
                               guint             part_number,
                               GBytes           *data,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *encoded_id = debrief_sigv4_uri_encode (upload_id, FALSE);
  g_autofree char *query = g_strdup_printf ("partNumber=%u&uploadId=%s", part_number, encoded_id);
  gsize length;
  const void *bytes = g_bytes_get_data (data, &length);
  g_autofree char *sha256 = debrief_sigv4_sha256_hex (bytes, length);

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), NULL);

  message = new_request (self, "PUT", key, query, sha256, NULL, NULL);
  soup_message_set_request_body_from_bytes (message, "application/octet-stream", data);
  body = send (self, message, key, cancellable, error);
  if (body == NULL)
    return NULL;

  return dup_etag (message);
}

/**
 * debrief_s3_client_abort_multipart:
 * @self: a #DebriefS3Client
 * @key: the object key
 * @upload_id: the upload
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Ends an unfinished multipart upload, and the storage lets go of its
 * parts; an upload already ended fails with %DEBRIEF_S3_ERROR_NOT_FOUND.
 *
 * Returns: %TRUE when the upload is aborted
 */
gboolean
debrief_s3_client_abort_multipart (DebriefS3Client  *self,
                                   const char       *key,
                                   const char       *upload_id,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *encoded_id = NULL;
  g_autofree char *query = NULL;

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (upload_id != NULL, FALSE);

  encoded_id = debrief_sigv4_uri_encode (upload_id, FALSE);
  query = g_strdup_printf ("uploadId=%s", encoded_id);
  message = new_request (self, "DELETE", key, query, DEBRIEF_SIGV4_EMPTY_SHA256, NULL, NULL);
  body = send (self, message, key, cancellable, error);
  return body != NULL;
}

/**
 * debrief_s3_client_complete_multipart:
 * @self: a #DebriefS3Client
 * @key: the object key
 * @upload_id: the upload
 * @etags: (element-type utf8): the parts' ETags, part 1 first
 * @etag: (out) (optional): the object's ETag
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the object is whole
 */
gboolean
debrief_s3_client_complete_multipart (DebriefS3Client  *self,
                                      const char       *key,
                                      const char       *upload_id,
                                      GPtrArray        *etags,
                                      char            **etag,
                                      GCancellable     *cancellable,
                                      GError          **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GHashTable) top = NULL;
  g_autoptr(GString) xml = g_string_new ("<CompleteMultipartUpload>");
  g_autofree char *encoded_id = debrief_sigv4_uri_encode (upload_id, FALSE);
  g_autofree char *query = g_strdup_printf ("uploadId=%s", encoded_id);
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (self), FALSE);

  for (guint i = 0; i < etags->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (etags, i), -1);

      g_string_append_printf (xml, "<Part><PartNumber>%u</PartNumber><ETag>%s</ETag></Part>", i + 1, escaped);
    }
  g_string_append (xml, "</CompleteMultipartUpload>");

  sha256 = debrief_sigv4_sha256_hex (xml->str, xml->len);
  document = g_bytes_new (xml->str, xml->len);
  message = new_request (self, "POST", key, query, sha256, "application/xml", NULL);
  soup_message_set_request_body_from_bytes (message, "application/xml", document);
  body = send (self, message, key, cancellable, error);
  if (body == NULL)
    return FALSE;

  /* S3 may answer 200 with an error document when completing fails late. */
  top = parse_xml (body, NULL, NULL, NULL);
  if (top != NULL && g_hash_table_lookup (top, "Code") != NULL)
    {
      g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_RETRY,
                   _("The storage could not put the upload together (%s): %s"),
                   (const char *) g_hash_table_lookup (top, "Code"),
                   (const char *) g_hash_table_lookup (top, "Message"));
      return FALSE;
    }

  if (etag != NULL)
    *etag = g_strdup (top != NULL ? g_hash_table_lookup (top, "ETag") : NULL);
  return TRUE;
}

static void
debrief_s3_client_finalize (GObject *object)
{
  DebriefS3Client *self = (DebriefS3Client *) object;

  g_clear_pointer (&self->config, debrief_s3_config_free);
  g_clear_pointer (&self->endpoint, g_uri_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (debrief_s3_client_parent_class)->finalize (object);
}

static void
debrief_s3_client_class_init (DebriefS3ClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = debrief_s3_client_finalize;
}

static void
debrief_s3_client_init (DebriefS3Client *self)
{
}
