/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-upload-queue.c: uploading the files of ended calls, with retries, resume, verification and quotas */

#define G_LOG_DOMAIN "debrief-uploads"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "debrief-storage-config.h"
#include "debrief-upload-queue.h"

#define DEFAULT_PART_SIZE  (8 * 1024 * 1024)
#define MIN_PART_SIZE      (5 * 1024 * 1024)
#define BATCH              64
#define BACKOFF_FIRST_S    30
#define BACKOFF_MAX_S      (6 * 60 * 60)

struct _DebriefUploadQueue
{
  GObject          parent_instance;

  DebriefStore    *store;
  DebriefS3Client *client;
  DebriefSupabaseClient *supabase;
  DebriefStorageBackend  backend;
  gsize            part_size;
  guint            max_file_mb;
  gboolean         keep_local;
};

G_DEFINE_FINAL_TYPE (DebriefUploadQueue, debrief_upload_queue, G_TYPE_OBJECT)

/**
 * debrief_upload_queue_new:
 * @store: where the queue is kept (file_uploads)
 * @client: the S3 storage
 *
 * Returns: (transfer full): a queue runner
 */
DebriefUploadQueue *
debrief_upload_queue_new (DebriefStore    *store,
                          DebriefS3Client *client)
{
  DebriefUploadQueue *self;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (DEBRIEF_IS_S3_CLIENT (client), NULL);

  self = g_object_new (DEBRIEF_TYPE_UPLOAD_QUEUE, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->backend = DEBRIEF_STORAGE_BACKEND_S3;

  return self;
}

/**
 * debrief_upload_queue_new_supabase:
 * @store: where the queue is kept (file_uploads)
 * @client: a signed-in Supabase client
 *
 * The files go through the Storage API under the signed-in user's folder,
 * and each call's rows follow them through the REST API.
 *
 * Returns: (transfer full): a queue runner
 */
DebriefUploadQueue *
debrief_upload_queue_new_supabase (DebriefStore          *store,
                                   DebriefSupabaseClient *client)
{
  DebriefUploadQueue *self;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (client), NULL);

  self = g_object_new (DEBRIEF_TYPE_UPLOAD_QUEUE, NULL);
  self->store = g_object_ref (store);
  self->supabase = g_object_ref (client);
  self->backend = DEBRIEF_STORAGE_BACKEND_SUPABASE;

  return self;
}

/**
 * debrief_upload_queue_new_from_config:
 * @store: where the queue is kept (file_uploads)
 * @settings: (nullable): the app's settings
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * A queue for the storage the preferences and environment choose; with
 * Supabase this resumes the kept session, so it blocks.
 *
 * Returns: (transfer full): a queue runner, or %NULL with what is missing
 */
DebriefUploadQueue *
debrief_upload_queue_new_from_config (DebriefStore  *store,
                                      GSettings     *settings,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  return debrief_upload_queue_new_for_backend (store, settings, debrief_storage_backend_from_config (settings),
                                               cancellable, error);
}

/**
 * debrief_upload_queue_new_for_backend:
 * @store: where the queue is kept (file_uploads)
 * @settings: (nullable): the app's settings, for the storage's details
 * @backend: the cloud storage, whichever the preferences choose now
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a queue runner for @backend, or %NULL with
 *   what is missing
 */
DebriefUploadQueue *
debrief_upload_queue_new_for_backend (DebriefStore           *store,
                                      GSettings              *settings,
                                      DebriefStorageBackend   backend,
                                      GCancellable           *cancellable,
                                      GError                **error)
{
  g_autoptr(DebriefS3Config) config = NULL;
  g_autoptr(DebriefS3Client) client = NULL;
  g_autoptr(DebriefSupabaseClient) supabase = NULL;
  DebriefUploadQueue *queue;

  switch (backend)
    {
    case DEBRIEF_STORAGE_BACKEND_SUPABASE:
      supabase = debrief_storage_supabase_connect (settings, cancellable, error);
      if (supabase == NULL)
        return NULL;
      queue = debrief_upload_queue_new_supabase (store, supabase);
      break;

    case DEBRIEF_STORAGE_BACKEND_S3:
      config = debrief_storage_s3_config_load (settings, error);
      if (config != NULL)
        client = debrief_s3_client_new (config, error);
      if (client == NULL)
        return NULL;
      queue = debrief_upload_queue_new (store, client);
      break;

    case DEBRIEF_STORAGE_BACKEND_LOCAL:
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Recordings are kept on this computer only: choose a cloud storage in "
                             "Preferences → Storage, or set DEBRIEF_STORAGE_BACKEND"));
      return NULL;
    }

  if (settings != NULL)
    queue->keep_local = g_settings_get_boolean (settings, "keep-local-copies");

  return queue;
}

/**
 * debrief_upload_queue_set_part_size:
 * @self: a #DebriefUploadQueue
 * @part_size: files larger go up in parts of this size (at least 5 MiB,
 *   the S3 minimum; all parts but the last are this size, as R2 requires)
 */
void
debrief_upload_queue_set_part_size (DebriefUploadQueue *self,
                                    gsize               part_size)
{
  g_return_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self));

  self->part_size = MAX (part_size, MIN_PART_SIZE);
}

/**
 * debrief_upload_queue_backoff_us:
 * @attempts: failed attempts so far (1 after the first failure)
 * @jitter: a random number from -1 to 1
 *
 * Returns: how long to wait before the next attempt: 30 s, doubling, at most
 *   six hours, spread by a fifth either way so retries do not come in waves
 */
gint64
debrief_upload_queue_backoff_us (guint  attempts,
                                 double jitter)
{
  double seconds = BACKOFF_FIRST_S * pow (2, MIN (attempts, 20) - 1);

  seconds = MIN (seconds, BACKOFF_MAX_S) * (1 + 0.2 * CLAMP (jitter, -1, 1));
  return (gint64) (seconds * G_USEC_PER_SEC);
}

/**
 * debrief_upload_queue_set_max_file_mb:
 * @self: a #DebriefUploadQueue
 * @max_mb: the largest file stored, in MB (the product's rule is 50)
 */
void
debrief_upload_queue_set_max_file_mb (DebriefUploadQueue *self,
                                      guint               max_mb)
{
  g_return_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self));

  self->max_file_mb = max_mb;
}

/**
 * debrief_upload_queue_set_keep_local:
 * @self: a #DebriefUploadQueue
 * @keep_local: %FALSE to remove Debrief's own local copy of a file once the
 *   storage is verified to hold it whole (cloud-only)
 */
void
debrief_upload_queue_set_keep_local (DebriefUploadQueue *self,
                                     gboolean            keep_local)
{
  g_return_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self));

  self->keep_local = keep_local;
}

/* WhatsApp takes these audio types, up to 16 MB. */
static gboolean
whatsapp_compatible (const DebriefFileUpload *upload)
{
  static const char * const types[] = { "audio/ogg", "audio/mp4", "audio/aac", "audio/mpeg", NULL };

  return upload->content_type != NULL && g_strv_contains (types, upload->content_type) &&
         upload->size_bytes <= 16 * 1024 * 1024;
}

/* The object's x-amz-meta-* values: who and what it belongs to, so the
 * bucket alone says what each file is. */
static GHashTable *
upload_metadata (DebriefUploadQueue      *self,
                 const DebriefFileUpload *upload)
{
  GHashTable *metadata = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(DebriefCall) call = NULL;

  if (upload->user_id != NULL)
    g_hash_table_insert (metadata, (gpointer) "user-id", g_strdup (upload->user_id));
  g_hash_table_insert (metadata, (gpointer) "whatsapp-compatible",
                       g_strdup (whatsapp_compatible (upload) ? "true" : "false"));

  if (upload->call_id == NULL || (call = debrief_store_get_call (self->store, upload->call_id, NULL)) == NULL)
    return metadata;

  g_hash_table_insert (metadata, (gpointer) "call-id", g_strdup (call->id));
  if (call->lead_id != NULL)
    g_hash_table_insert (metadata, (gpointer) "lead-id", g_strdup (call->lead_id));
  g_hash_table_insert (metadata, (gpointer) "duration", g_strdup_printf ("%.0f", call->duration_seconds));
  if (upload->kind == DEBRIEF_UPLOAD_KIND_RECORDING && call->recording_format != NULL)
    g_hash_table_insert (metadata, (gpointer) "format", g_strdup (call->recording_format));

  return metadata;
}

/* Cloud-only: only files in Debrief's own folder (next to the database) go,
 * never a file the user keeps elsewhere. */
static void
remove_local_copy (DebriefUploadQueue *self,
                   DebriefFileUpload  *upload)
{
  g_autofree char *data_dir = g_path_get_dirname (debrief_store_get_path (self->store));
  g_autofree char *inside = g_strconcat (data_dir, G_DIR_SEPARATOR_S, NULL);

  if (self->keep_local || !g_str_has_prefix (upload->local_path, inside))
    return;

  if (g_unlink (upload->local_path) != 0 && errno != ENOENT)
    g_warning ("Could not remove the local copy %s: %s", upload->local_path, g_strerror (errno));
}

static char *
file_md5 (const char    *path,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree guint8 *buffer = NULL;
  gssize n;

  if (stream == NULL)
    return NULL;

  buffer = g_malloc (64 * 1024);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 64 * 1024, cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n);

  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

static GPtrArray *
parts_from_json (const char *json)
{
  GPtrArray *etags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (etags, g_strdup (json_array_get_string_element (array, i)));
    }

  return etags;
}

static char *
parts_to_json (GPtrArray *etags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < etags->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (etags, i));
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GBytes *
read_part (GFileInputStream  *stream,
           goffset            offset,
           gsize              length,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autofree guint8 *data = g_malloc (length);
  gsize read = 0;

  if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, cancellable, error) ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), data, length, &read, cancellable, error))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&data), read);
}

#define PARTS_IN_FLIGHT 4

/* What the threads uploading the parts of one file share. */
typedef struct
{
  DebriefUploadQueue *self;
  DebriefFileUpload  *upload;
  GPtrArray          *etags;
  GMutex              lock;
  guint               n_parts;
  guint               next;
  GError             *error;
  GCancellable       *cancellable;
} Parts;

static gboolean
save_part (Parts  *parts,
           guint   index,
           char   *etag)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&parts->lock);
  g_autoptr(GError) error = NULL;

  g_ptr_array_index (parts->etags, index) = etag;
  g_free (parts->upload->multipart_parts_json);
  parts->upload->multipart_parts_json = parts_to_json (parts->etags);

  if (!debrief_store_save_file_upload (parts->self->store, parts->upload, &error))
    {
      if (parts->error == NULL)
        parts->error = g_steal_pointer (&error);
      return FALSE;
    }

  return TRUE;
}

/* One thread: takes the next missing part until none is left or one fails. */
static gpointer
parts_thread (gpointer data)
{
  Parts *parts = data;
  g_autoptr(DebriefS3Client) client = debrief_s3_client_dup (parts->self->client);
  g_autoptr(GFile) file = g_file_new_for_path (parts->upload->local_path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, parts->cancellable, NULL);

  for (;;)
    {
      g_autoptr(GBytes) part = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      guint index;
      char *etag;

      g_mutex_lock (&parts->lock);
      while (parts->next < parts->n_parts && g_ptr_array_index (parts->etags, parts->next) != NULL)
        parts->next++;
      index = parts->next++;
      if (index >= parts->n_parts || parts->error != NULL)
        {
          g_mutex_unlock (&parts->lock);
          break;
        }
      g_mutex_unlock (&parts->lock);

      length = MIN (parts->self->part_size, parts->upload->size_bytes - (goffset) index * parts->self->part_size);
      part = stream != NULL ? read_part (stream, (goffset) index * parts->self->part_size, length,
                                         parts->cancellable, &error)
                            : NULL;
      etag = part != NULL ? debrief_s3_client_upload_part (client, parts->upload->storage_path,
                                                           parts->upload->multipart_upload_id, index + 1, part,
                                                           parts->cancellable, &error)
                          : NULL;

      if (etag == NULL)
        {
          g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&parts->lock);

          if (parts->error == NULL)
            parts->error = error != NULL ? g_steal_pointer (&error)
                                         : g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                        _("Could not read “%s”"), parts->upload->local_path);
          break;
        }

      if (!save_part (parts, index, etag))
        break;
    }

  return NULL;
}

/* Uploads in parts of one size, several at once, saving the upload id and
 * each part's ETag in the row as they are done, so a restart resumes where
 * it stopped. Memory holds at most one part per thread. */
static gboolean
upload_multipart (DebriefUploadQueue  *self,
                  DebriefFileUpload   *upload,
                  GCancellable        *cancellable,
                  GError             **error)
{
  GThread *threads[PARTS_IN_FLIGHT];
  Parts parts = { 0 };
  gboolean ok;

  if (upload->multipart_upload_id == NULL)
    {
      g_autoptr(GHashTable) metadata = upload_metadata (self, upload);

      upload->multipart_upload_id = debrief_s3_client_create_multipart (self->client, upload->storage_path,
                                                                        upload->content_type, metadata,
                                                                        cancellable, error);
      if (upload->multipart_upload_id == NULL || !debrief_store_save_file_upload (self->store, upload, error))
        return FALSE;
    }

  parts.self = self;
  parts.upload = upload;
  parts.cancellable = cancellable;
  parts.n_parts = (upload->size_bytes + self->part_size - 1) / self->part_size;
  parts.etags = parts_from_json (upload->multipart_parts_json);
  g_ptr_array_set_size (parts.etags, MAX (parts.etags->len, parts.n_parts));
  g_mutex_init (&parts.lock);

  for (guint i = 0; i < PARTS_IN_FLIGHT; i++)
    threads[i] = g_thread_new ("upload-part", parts_thread, &parts);
  for (guint i = 0; i < PARTS_IN_FLIGHT; i++)
    g_thread_join (threads[i]);

  g_mutex_clear (&parts.lock);

  if (parts.error != NULL)
    {
      g_propagate_error (error, parts.error);
      g_ptr_array_unref (parts.etags);
      return FALSE;
    }

  g_clear_pointer (&upload->etag, g_free);
  ok = debrief_s3_client_complete_multipart (self->client, upload->storage_path, upload->multipart_upload_id,
                                             parts.etags, &upload->etag, cancellable, error);
  g_ptr_array_unref (parts.etags);
  return ok;
}

static gboolean
check_quota (DebriefUploadQueue  *self,
             DebriefFileUpload   *upload,
             GError             **error)
{
  g_autoptr(DebriefProfile) profile = debrief_store_get_profile (self->store, upload->user_id, NULL);
  double size_mb = upload->size_bytes / 1e6;

  if (size_mb > self->max_file_mb)
    {
      g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID,
                   _("“%s” is %.0f MB, over the limit of %u MB per stored file"),
                   upload->local_path, size_mb, self->max_file_mb);
      return FALSE;
    }

  if (profile != NULL && profile->storage_quota_mb > 0 &&
      profile->storage_used_mb + size_mb > profile->storage_quota_mb)
    {
      g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID,
                   _("Storage quota exceeded: %.0f of %.0f MB used, file is %.0f MB"),
                   profile->storage_used_mb, (double) profile->storage_quota_mb, size_mb);
      return FALSE;
    }

  return TRUE;
}

static void
add_usage (DebriefUploadQueue *self,
           DebriefFileUpload  *upload)
{
  g_autoptr(DebriefProfile) profile = debrief_store_get_profile (self->store, upload->user_id, NULL);

  if (profile == NULL)
    return;

  profile->storage_used_mb += upload->size_bytes / 1e6;
  debrief_store_save_profile (self->store, profile, NULL);
}

static gboolean
upsert_call_rows (DebriefUploadQueue  *self,
                  const char          *call_id,
                  GCancellable        *cancellable,
                  GError             **error)
{
  const char *owner = debrief_supabase_client_get_user_id (self->supabase);

  for (const char * const *table = debrief_store_remote_tables (); *table != NULL; table++)
    {
      g_autoptr(JsonNode) rows = debrief_store_remote_rows (self->store, *table, call_id, owner, error);

      if (rows == NULL || !debrief_supabase_client_upsert (self->supabase, *table, rows, cancellable, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * debrief_upload_queue_push_rows:
 * @self: a #DebriefUploadQueue
 * @since: the time of the last change already sent
 * @until: (out): the time of the last change sent now (@since when none)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Sends the rows of the calls kept in Supabase that changed after @since
 * (a new title, notes, feedback), so the remote database follows edits
 * made after the files went up. Nothing to do for S3. Blocks.
 *
 * Returns: %TRUE when every changed call was sent
 */
gboolean
debrief_upload_queue_push_rows (DebriefUploadQueue  *self,
                                gint64               since,
                                gint64              *until,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autoptr(GPtrArray) calls = NULL;

  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), FALSE);

  *until = since;
  if (self->backend != DEBRIEF_STORAGE_BACKEND_SUPABASE)
    return TRUE;

  calls = debrief_store_list_calls_updated_since (self->store, since, error);
  if (calls == NULL)
    return FALSE;

  for (guint i = 0; i < calls->len; i++)
    {
      DebriefCall *call = g_ptr_array_index (calls, i);

      if (call->storage_backend != DEBRIEF_STORAGE_BACKEND_SUPABASE || call->status == DEBRIEF_CALL_STATUS_ACTIVE)
        continue;
      if (!upsert_call_rows (self, call->id, cancellable, error))
        return FALSE;
      *until = MAX (*until, call->updated_at);
    }

  return TRUE;
}

/* The Storage API way: the signed-in user's folder first, as the
 * row-level policy requires; then the call's rows, so the remote database
 * knows the file. */
static gboolean
upload_one_supabase (DebriefUploadQueue  *self,
                     DebriefFileUpload   *upload,
                     GCancellable        *cancellable,
                     GError             **error)
{
  const char *owner = debrief_supabase_client_get_user_id (self->supabase);
  const char *tail = strchr (upload->storage_path, '/');
  gint64 stored_size;

  if (owner == NULL)
    return debrief_supabase_client_upload (self->supabase, upload->storage_path, upload->local_path, NULL,
                                           cancellable, error);

  if (tail != NULL && !(g_str_has_prefix (upload->storage_path, owner) &&
                        upload->storage_path[strlen (owner)] == '/'))
    {
      g_autofree char *remote = g_strconcat (owner, tail, NULL);

      g_free (upload->storage_path);
      upload->storage_path = g_steal_pointer (&remote);
    }

  if (!debrief_supabase_client_upload (self->supabase, upload->storage_path, upload->local_path,
                                       upload->content_type, cancellable, error))
    return FALSE;

  stored_size = debrief_supabase_client_object_size (self->supabase, upload->storage_path, cancellable, error);
  if (stored_size < 0)
    return FALSE;
  if (stored_size != upload->size_bytes)
    {
      g_set_error (error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_RETRY,
                   _("The stored copy of “%s” has %lld bytes, not %lld; it will be sent again"),
                   upload->local_path, (long long) stored_size, (long long) upload->size_bytes);
      return FALSE;
    }

  /* The row says completed once this upload is saved; send it so. */
  upload->upload_status = DEBRIEF_UPLOAD_STATUS_COMPLETED;
  if (!debrief_store_save_file_upload (self->store, upload, error))
    return FALSE;

  return upsert_call_rows (self, upload->call_id, cancellable, error);
}

/* Uploads one file and checks what the storage holds against it. */
static gboolean
upload_one (DebriefUploadQueue  *self,
            DebriefFileUpload   *upload,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(DebriefS3Object) stored = NULL;
  GStatBuf st;

  if (g_stat (upload->local_path, &st) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The local file “%s” is gone; it cannot be uploaded"), upload->local_path);
      return FALSE;
    }
  upload->size_bytes = st.st_size;

  if (!check_quota (self, upload, error))
    return FALSE;

  if (self->backend == DEBRIEF_STORAGE_BACKEND_SUPABASE)
    return upload_one_supabase (self, upload, cancellable, error);

  if ((gsize) upload->size_bytes > self->part_size)
    {
      if (!upload_multipart (self, upload, cancellable, error))
        return FALSE;
    }
  else
    {
      g_autofree char *md5 = file_md5 (upload->local_path, cancellable, error);
      g_autofree char *expected = NULL;
      g_autoptr(GHashTable) metadata = NULL;

      if (md5 == NULL)
        return FALSE;

      g_clear_pointer (&upload->etag, g_free);
      metadata = upload_metadata (self, upload);
      if (!debrief_s3_client_put_file (self->client, upload->storage_path, upload->local_path,
                                       upload->content_type, metadata, NULL, NULL, &upload->etag, cancellable,
                                       error))
        return FALSE;

      expected = g_strdup_printf ("\"%s\"", md5);
      if (g_strcmp0 (upload->etag, expected) != 0)
        {
          g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_RETRY,
                       _("The stored copy of “%s” does not match the file (checksum); it will be sent again"),
                       upload->local_path);
          return FALSE;
        }
    }

  /* Verified by size whatever the upload's kind. */
  stored = debrief_s3_client_head (self->client, upload->storage_path, cancellable, error);
  if (stored == NULL)
    return FALSE;
  if (stored->size != upload->size_bytes)
    {
      g_set_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_RETRY,
                   _("The stored copy of “%s” has %lld bytes, not %lld; it will be sent again"),
                   upload->local_path, (long long) stored->size, (long long) upload->size_bytes);
      return FALSE;
    }

  return TRUE;
}

typedef enum
{
  CALL_KEPT,
  CALL_HIDDEN,
  CALL_GONE,
} CallState;

/* Whether the upload's call is still in the library, hidden while its
 * deletion can be undone, or removed for good. */
static CallState
get_call_state (DebriefUploadQueue *self,
                const char         *call_id)
{
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GPtrArray) hidden = NULL;
  g_autoptr(GError) error = NULL;

  if (call_id == NULL)
    return CALL_KEPT;

  call = debrief_store_get_call (self->store, call_id, &error);
  if (call == NULL)
    return g_error_matches (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND) ? CALL_GONE : CALL_KEPT;

  hidden = debrief_store_list_deleted_calls (self->store, NULL);
  for (guint i = 0; hidden != NULL && i < hidden->len; i++)
    if (g_strcmp0 (((DebriefCall *) g_ptr_array_index (hidden, i))->id, call_id) == 0)
      return CALL_HIDDEN;

  return CALL_KEPT;
}

/**
 * debrief_upload_queue_run_once:
 * @self: a #DebriefUploadQueue
 * @summary: (out) (optional): what happened
 * @cancellable: (nullable): stops between files and between parts
 * @error: return location for a #GError, for the store only: a file that
 *   fails is recorded on its row and retried later
 *
 * Uploads every file whose turn has come. A failure keeps the local file,
 * counts the attempt and sets the next one after a growing, jittered wait;
 * a file is marked completed only once the storage holds it whole, so
 * nothing is uploaded twice. Blocks: run it in a worker thread.
 *
 * Returns: %TRUE unless the store failed
 */
gboolean
debrief_upload_queue_run_once (DebriefUploadQueue    *self,
                               DebriefUploadSummary  *summary,
                               GCancellable          *cancellable,
                               GError               **error)
{
  g_autoptr(GPtrArray) due = NULL;
  DebriefUploadSummary counts = { 0 };

  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), FALSE);

  due = debrief_store_list_due_file_uploads (self->store, g_get_real_time (), BATCH, error);
  if (due == NULL)
    return FALSE;

  for (guint i = 0; i < due->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      DebriefFileUpload *upload = g_ptr_array_index (due, i);
      g_autoptr(GError) upload_error = NULL;
      gboolean uploaded;
      CallState state;

      /* A deleted call's files do not go up, not even while its undo is
       * offered; an undo lets them go at the next run. */
      if (upload->backend != self->backend || get_call_state (self, upload->call_id) != CALL_KEPT)
        {
          counts.skipped++;
          continue;
        }

      upload->upload_status = DEBRIEF_UPLOAD_STATUS_UPLOADING;
      if (!debrief_store_save_file_upload (self->store, upload, error))
        return FALSE;

      upload->attempts++;
      uploaded = upload_one (self, upload, cancellable, &upload_error);

      /* Deleted while it went up: what went up is taken back at once, since
       * the deletion may have looked at the storage before it was there.
       * Hidden, the row stays, pending, for an undo or the deletion. */
      state = get_call_state (self, upload->call_id);
      if (state == CALL_GONE || (uploaded && state == CALL_HIDDEN))
        {
          g_autoptr(GError) delete_error = NULL;

          if (!debrief_upload_queue_delete_remote (self, upload, NULL, &delete_error) && uploaded &&
              state == CALL_GONE)
            g_warning ("Could not remove the cloud copy %s of a deleted call: %s", upload->storage_path,
                       delete_error->message);
          counts.skipped++;
          if (state == CALL_GONE)
            continue;

          upload->upload_status = DEBRIEF_UPLOAD_STATUS_PENDING;
          upload->next_attempt_at = 0;
          if (!debrief_store_save_file_upload (self->store, upload, error))
            return FALSE;
          continue;
        }

      if (uploaded)
        {
          upload->upload_status = DEBRIEF_UPLOAD_STATUS_COMPLETED;
          g_clear_pointer (&upload->last_error, g_free);
          upload->next_attempt_at = 0;
          add_usage (self, upload);
          counts.completed++;
        }
      else
        {
          g_debug ("Upload of %s failed: %s", upload->local_path, upload_error->message);
          upload->upload_status = g_error_matches (upload_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                  ? DEBRIEF_UPLOAD_STATUS_PENDING : DEBRIEF_UPLOAD_STATUS_FAILED;
          g_free (upload->last_error);
          upload->last_error = g_strdup (upload_error->message);
          upload->next_attempt_at = g_get_real_time () +
            debrief_upload_queue_backoff_us (upload->attempts,
                                             g_random_double_range (-1, 1));
          counts.failed++;
        }

      if (!debrief_store_save_file_upload (self->store, upload, error))
        return FALSE;

      /* Only now that the row says the storage holds it. */
      if (upload->upload_status == DEBRIEF_UPLOAD_STATUS_COMPLETED)
        remove_local_copy (self, upload);
    }

  if (summary != NULL)
    *summary = counts;

  return TRUE;
}

/**
 * debrief_upload_queue_delete_remote:
 * @self: a #DebriefUploadQueue
 * @upload: an upload of this queue's storage, in whatever state
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes the cloud copy of @upload, or what an unfinished upload left;
 * one already gone counts as removed. Blocks.
 *
 * Returns: %TRUE when the storage no longer holds it
 */
gboolean
debrief_upload_queue_delete_remote (DebriefUploadQueue      *self,
                                    const DebriefFileUpload *upload,
                                    GCancellable            *cancellable,
                                    GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean gone;

  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), FALSE);
  g_return_val_if_fail (upload->backend == self->backend, FALSE);

  if (self->backend == DEBRIEF_STORAGE_BACKEND_SUPABASE)
    {
      const char *owner = debrief_supabase_client_get_user_id (self->supabase);

      /* Stored only ever under the signed-in user's folder (see
       * upload_one_supabase()): a path elsewhere never went up. */
      if (owner != NULL && !(g_str_has_prefix (upload->storage_path, owner) &&
                             upload->storage_path[strlen (owner)] == '/'))
        return TRUE;

      gone = debrief_supabase_client_delete (self->supabase, upload->storage_path, cancellable, &local_error) ||
        g_error_matches (local_error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_FOUND);
    }
  else
    {
      /* The parts of an unfinished multipart upload are not an object:
       * aborting is what removes them. One already ended is fine, and so is
       * a storage that cannot abort (npm s3rver answers 405): only being
       * offline or refused keeps the upload for another try. */
      if (upload->multipart_upload_id != NULL && upload->upload_status != DEBRIEF_UPLOAD_STATUS_COMPLETED &&
          !debrief_s3_client_abort_multipart (self->client, upload->storage_path, upload->multipart_upload_id,
                                              cancellable, &local_error))
        {
          if (g_error_matches (local_error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NETWORK) ||
              g_error_matches (local_error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_RETRY) ||
              g_error_matches (local_error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_AUTH) ||
              g_error_matches (local_error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NO_BUCKET) ||
              g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_debug ("Could not abort the upload of %s: %s", upload->storage_path, local_error->message);
          g_clear_error (&local_error);
        }

      gone = debrief_s3_client_delete (self->client, upload->storage_path, cancellable, &local_error) ||
        g_error_matches (local_error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NOT_FOUND);
    }

  if (!gone)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return gone;
}

/**
 * debrief_upload_queue_delete_call_rows:
 * @self: a #DebriefUploadQueue
 * @call_id: a call
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the rows the queue sent for the call (see
 * debrief_upload_queue_push_rows()) from the remote database, children
 * first; its contact and agent stay, and its conversations stay in the
 * contact's timeline (as here). Nothing to do for S3. Blocks.
 *
 * Returns: %TRUE when the remote database no longer holds them
 */
gboolean
debrief_upload_queue_delete_call_rows (DebriefUploadQueue  *self,
                                       const char          *call_id,
                                       GCancellable        *cancellable,
                                       GError             **error)
{
  static const char * const tables[][2] = {
    { "call_chunks", "call_id" }, { "file_uploads", "call_id" }, { "calls", "id" },
  };

  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  if (self->backend != DEBRIEF_STORAGE_BACKEND_SUPABASE)
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!debrief_supabase_client_delete_rows (self->supabase, tables[i][0], tables[i][1], call_id, cancellable,
                                              error))
      return FALSE;

  return TRUE;
}

/**
 * debrief_upload_queue_share_link:
 * @self: a #DebriefUploadQueue
 * @upload: a completed upload of this queue's storage
 * @ttl_seconds: how long the link works, at most 7 days
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * A link anyone can fetch the cloud copy with until it expires: presigned
 * here for S3, signed by the server for Supabase (which blocks).
 *
 * Returns: (transfer full): the link, or %NULL
 */
char *
debrief_upload_queue_share_link (DebriefUploadQueue      *self,
                                 const DebriefFileUpload *upload,
                                 guint                    ttl_seconds,
                                 GCancellable            *cancellable,
                                 GError                 **error)
{
  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), NULL);
  g_return_val_if_fail (upload->backend == self->backend, NULL);

  if (self->backend == DEBRIEF_STORAGE_BACKEND_SUPABASE)
    return debrief_supabase_client_sign_url (self->supabase, upload->storage_path, ttl_seconds, cancellable, error);

  return debrief_s3_client_presign_get (self->client, upload->storage_path, ttl_seconds, NULL);
}

/**
 * debrief_upload_queue_restore_local:
 * @self: a #DebriefUploadQueue
 * @upload: a completed upload of this queue's storage
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Brings the cloud copy of @upload back to its local path when the local
 * one is gone (cloud-only), checked by size and written whole or not at
 * all. Blocks.
 *
 * Returns: %TRUE when the local file is there
 */
gboolean
debrief_upload_queue_restore_local (DebriefUploadQueue      *self,
                                    const DebriefFileUpload *upload,
                                    GCancellable            *cancellable,
                                    GError                 **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), FALSE);
  g_return_val_if_fail (upload->backend == self->backend, FALSE);

  if (g_file_test (upload->local_path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  /* Files are at most DEBRIEF_MAX_FILE_MB, so one read is bounded. */
  if (self->backend == DEBRIEF_STORAGE_BACKEND_SUPABASE)
    contents = debrief_supabase_client_download (self->supabase, upload->storage_path, cancellable, error);
  else
    contents = debrief_s3_client_get (self->client, upload->storage_path, -1, -1, cancellable, error);
  if (contents == NULL)
    return FALSE;

  if (upload->size_bytes > 0 && (gint64) g_bytes_get_size (contents) != upload->size_bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   _("The cloud copy of “%s” has %lld bytes, not %lld; it was not brought back"),
                   upload->local_path, (long long) g_bytes_get_size (contents), (long long) upload->size_bytes);
      return FALSE;
    }

  dir = g_path_get_dirname (upload->local_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* g_file_set_contents() writes a temporary file and renames it. */
  return g_file_set_contents_full (upload->local_path, g_bytes_get_data (contents, NULL),
                                   g_bytes_get_size (contents), G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * debrief_upload_queue_get_supabase:
 * @self: a #DebriefUploadQueue
 *
 * Returns: (transfer none) (nullable): the signed-in Supabase client of a
 *   Supabase queue, for the other work of a sync round
 */
DebriefSupabaseClient *
debrief_upload_queue_get_supabase (DebriefUploadQueue *self)
{
  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), NULL);

  return self->supabase;
}

/**
 * debrief_upload_queue_get_backend:
 * @self: a #DebriefUploadQueue
 *
 * Returns: the storage this queue uploads to
 */
DebriefStorageBackend
debrief_upload_queue_get_backend (DebriefUploadQueue *self)
{
  g_return_val_if_fail (DEBRIEF_IS_UPLOAD_QUEUE (self), DEBRIEF_STORAGE_BACKEND_LOCAL);

  return self->backend;
}

static void
debrief_upload_queue_dispose (GObject *object)
{
  DebriefUploadQueue *self = (DebriefUploadQueue *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->supabase);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (debrief_upload_queue_parent_class)->dispose (object);
}

static void
debrief_upload_queue_class_init (DebriefUploadQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = debrief_upload_queue_dispose;
}

static void
debrief_upload_queue_init (DebriefUploadQueue *self)
{
  self->part_size = DEFAULT_PART_SIZE;
  self->max_file_mb = DEBRIEF_MAX_FILE_MB;
  self->keep_local = TRUE;
}
