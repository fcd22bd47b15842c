/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-finish.c: what ending a call writes, whether it ended normally or was recovered */

#define G_LOG_DOMAIN "debrief-call"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "debrief-call-archive.h"
#include "debrief-call-finish.h"
#include "debrief-paths.h"
#include "debrief-media-format.h"
#include "debrief-probe.h"

#define LOCK_NAME ".session-lock"

/**
 * debrief_call_get_dir:
 * @call: a call
 * @data_dir: the data folder
 *
 * Returns: (transfer full): `DATA_DIR/calls/{id}`
 */
char *
debrief_call_get_dir (const DebriefCall *call,
                      const char        *data_dir)
{
  return g_build_filename (data_dir, "calls", call->id, NULL);
}

/**
 * debrief_call_lock:
 * @call_dir: a running call's folder
 * @error: return location for a #GError
 *
 * Marks the call as running in this process for as long as the returned
 * descriptor is open; the kernel lets go of it when the process dies, which
 * is how recovery tells a crashed call from one running elsewhere.
 *
 * Returns: a descriptor for debrief_call_unlock(), or -1
 */
int
debrief_call_lock (const char  *call_dir,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (call_dir, LOCK_NAME, NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not mark the call as running in “%s”: %s"), call_dir, g_strerror (saved_errno));
      return -1;
    }

  return fd;
}

void
debrief_call_unlock (int         fd,
                     const char *call_dir)
{
  g_autofree char *path = g_build_filename (call_dir, LOCK_NAME, NULL);

  if (fd < 0)
    return;

  g_unlink (path);
  close (fd);
}

static gboolean
is_running_elsewhere (const char *call_dir)
{
  g_autofree char *path = g_build_filename (call_dir, LOCK_NAME, NULL);
  int fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  gboolean locked;

  if (fd < 0)
    return FALSE;

  locked = flock (fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close (fd);
  return locked;
}

static void
queue_upload (DebriefStore       *store,
              const DebriefCall  *call,
              DebriefUploadKind   kind,
              const char         *local_path,
              const char         *tail,
              const char         *content_type)
{
  g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (local_path == NULL || g_stat (local_path, &st) != 0)
    return;

  upload->call_id = g_strdup (call->id);
  upload->user_id = g_strdup (call->user_id);
  upload->kind = kind;
  upload->local_path = g_strdup (local_path);
  upload->storage_path = g_strdup_printf ("%s/calls/%s/%s", call->user_id, call->id, tail);
  upload->backend = call->storage_backend;
  upload->size_bytes = st.st_size;
  upload->content_type = g_strdup (content_type);
  upload->upload_status = DEBRIEF_UPLOAD_STATUS_PENDING;

  /* Queued already (a recovered call finished twice) is fine. */
  if (!debrief_store_save_file_upload (store, upload, &error) &&
      !g_error_matches (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT))
    g_warning ("Could not queue %s for upload: %s", local_path, error->message);
}

/**
 * debrief_call_finish:
 * @store: the store
 * @call: an ended call: ended_at, duration, status and reason set
 * @data_dir: the data folder
 * @error: return location for a #GError
 *
 * Saves the call, writes its archive.json from the stored chunks and, when
 * the call goes to the cloud, queues its files for upload. The row is saved
 * first, so a failure later loses nothing.
 *
 * Returns: %TRUE when everything was written
 */
gboolean
debrief_call_finish (DebriefStore  *store,
                     DebriefCall   *call,
                     const char    *data_dir,
                     GError       **error)
{
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *dir = debrief_call_get_dir (call, data_dir);
  g_autofree char *archive = g_build_filename (dir, "archive.json", NULL);

  if (!debrief_store_save_call (store, call, error))
    return FALSE;

  chunks = debrief_store_list_chunks (store, call->id, error);
  if (chunks == NULL)
    return FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0 || !debrief_call_write_archive (call, chunks, archive, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not create “%s”"), dir);
      return FALSE;
    }

  if (call->storage_backend != DEBRIEF_STORAGE_BACKEND_LOCAL)
    {
      DebriefAudioFormat format = DEBRIEF_AUDIO_FORMAT_OGG;
      g_autofree char *recording_tail = NULL;

      if (call->recording_format != NULL)
        debrief_audio_format_from_string (call->recording_format, &format);
      recording_tail = g_strconcat ("recording.", debrief_audio_format_get_extension (format), NULL);

      queue_upload (store, call, DEBRIEF_UPLOAD_KIND_RECORDING, call->recording_path, recording_tail,
                    debrief_audio_format_get_content_type (format));
      queue_upload (store, call, DEBRIEF_UPLOAD_KIND_ARCHIVE, archive, "archive.json", "application/json");

      for (guint i = 0; i < chunks->len; i++)
        {
          DebriefChunk *chunk = g_ptr_array_index (chunks, i);
          g_autofree char *ai_tail = NULL;
          g_autofree char *user_tail = NULL;

          if (chunk->ai_audio_path != NULL)
            {
              g_autofree char *base = g_path_get_basename (chunk->ai_audio_path);

              ai_tail = g_strconcat ("ai_chunks/", base, NULL);
              queue_upload (store, call, DEBRIEF_UPLOAD_KIND_AI_CHUNK, chunk->ai_audio_path, ai_tail, NULL);
            }
          if (chunk->user_audio_path != NULL)
            {
              g_autofree char *base = g_path_get_basename (chunk->user_audio_path);

              user_tail = g_strconcat ("user_chunks/", base, NULL);
              queue_upload (store, call, DEBRIEF_UPLOAD_KIND_USER_CHUNK, chunk->user_audio_path, user_tail, NULL);
            }
        }
    }

  return TRUE;
}

/**
 * debrief_call_recover_abandoned:
 * @store: the store
 * @data_dir: the data folder
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Finishes the local user's call that a crash left active: its recording
 * is measured by decoding, its end set from that, its reason "recovered",
 * its archive written. A call still running in another process is left
 * alone; nothing is deleted. Blocks while decoding.
 *
 * Returns: (transfer full) (element-type utf8): the ids of the recovered calls
 */
GPtrArray *
debrief_call_recover_abandoned (DebriefStore  *store,
                                const char    *data_dir,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GPtrArray) recovered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(DebriefProbe) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;

  call = debrief_store_get_active_call (store, NULL, &local_error);
  if (call == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return g_steal_pointer (&recovered);
    }

  dir = debrief_call_get_dir (call, data_dir);
  if (is_running_elsewhere (dir))
    return g_steal_pointer (&recovered);

  if (call->recording_path != NULL)
    probe = debrief_probe_file (call->recording_path, cancellable, &local_error);
  if (probe == NULL)
    g_debug ("Recovered call %s has no playable recording: %s", call->id,
             local_error != NULL ? local_error->message : "none");

  call->duration_seconds = probe != NULL ? probe->duration_ms / 1000.0 : 0;
  call->ended_at = call->started_at + (gint64) (call->duration_seconds * G_USEC_PER_SEC);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->end_reason = DEBRIEF_END_REASON_RECOVERED;

  if (!debrief_call_finish (store, call, data_dir, error))
    return NULL;

  g_ptr_array_add (recovered, g_strdup (call->id));
  return g_steal_pointer (&recovered);
}

/**
 * debrief_call_upload_may_be_stored:
 * @upload: a queued upload
 *
 * Returns: whether a cloud may hold something of @upload: a copy once it
 *   completed, or what an attempt left (an object it could not verify, the
 *   parts of an unfinished multipart upload)
 */
gboolean
debrief_call_upload_may_be_stored (const DebriefFileUpload *upload)
{
  g_return_val_if_fail (upload != NULL, FALSE);

  return upload->backend != DEBRIEF_STORAGE_BACKEND_LOCAL &&
         (upload->upload_status == DEBRIEF_UPLOAD_STATUS_COMPLETED ||
          upload->upload_status == DEBRIEF_UPLOAD_STATUS_UPLOADING ||
          upload->attempts > 0 || upload->multipart_upload_id != NULL);
}

/**
 * debrief_call_purge:
 * @store: the store
 * @call: a call to remove for good
 * @data_dir: the data folder
 * @error: return location for a #GError
 *
 * Removes the call's folder (recording, archive, audio chunks) and then its
 * rows; a failure to remove the files keeps the rows, so nothing is
 * orphaned. Cloud copies are not touched: debrief_call_delete_everywhere()
 * removes them first, then calls this.
 *
 * Returns: %TRUE when the call is gone
 */
gboolean
debrief_call_purge (DebriefStore       *store,
                    const DebriefCall  *call,
                    const char         *data_dir,
                    GError            **error)
{
  g_autofree char *dir = debrief_call_get_dir (call, data_dir);

  /* A recording imported or kept outside the call's folder is the user's. */
  if (!debrief_remove_tree (dir, error))
    return FALSE;

  return debrief_store_delete_call (store, call->id, error);
}

static gboolean
has_cloud_copies (DebriefStore      *store,
                  const DebriefCall *call)
{
  g_autoptr(GPtrArray) uploads = debrief_store_list_file_uploads_for_call (store, call->id, NULL);

  /* Unknown counts as some: the rows are what finds them. */
  if (uploads == NULL)
    return TRUE;

  for (guint i = 0; i < uploads->len; i++)
    if (debrief_call_upload_may_be_stored (g_ptr_array_index (uploads, i)))
      return TRUE;

  return FALSE;
}

/**
 * debrief_call_purge_deleted:
 * @store: the store
 * @data_dir: the data folder
 * @error: return location for a #GError
 *
 * Removes the calls a crash left hidden while their deletion could still
 * be undone, when nothing of them is in a cloud; the others are left
 * hidden for debrief_calls_delete_hidden(), which removes their cloud
 * copies first.
 *
 * Returns: how many were removed
 */
guint
debrief_call_purge_deleted (DebriefStore  *store,
                            const char    *data_dir,
                            GError       **error)
{
  g_autoptr(GPtrArray) calls = debrief_store_list_deleted_calls (store, error);
  guint purged = 0;

  for (guint i = 0; calls != NULL && i < calls->len; i++)
    {
      DebriefCall *call = g_ptr_array_index (calls, i);
      g_autoptr(GError) local_error = NULL;

      if (has_cloud_copies (store, call))
        continue;

      if (debrief_call_purge (store, call, data_dir, &local_error))
        purged++;
      else
        g_warning ("Could not remove a deleted call: %s", local_error->message);
    }

  return purged;
}

static void
recover_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *recovered = debrief_call_recover_abandoned (source_object, task_data, cancellable, &error);

  /* What a crash left hidden during a delete's undo is not removed here:
   * its cloud copies go first (debrief_calls_delete_hidden_async()). */
  if (recovered == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, recovered, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * debrief_call_recover_abandoned_async:
 * @store: the store
 * @data_dir: the data folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the recovered call ids
 * @user_data: data for @callback
 *
 * debrief_call_recover_abandoned() in a worker thread, for start-up.
 */
void
debrief_call_recover_abandoned_async (DebriefStore        *store,
                                      const char          *data_dir,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_call_recover_abandoned_async);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, recover_thread);
}

GPtrArray *
debrief_call_recover_abandoned_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
