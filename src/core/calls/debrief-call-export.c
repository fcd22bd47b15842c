/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-export.c: a call as one .zip: recording, coach's audio, transcripts, archive, notes */

#define G_LOG_DOMAIN "debrief-export"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "debrief-call-archive.h"
#include "debrief-call-export.h"

#define BLOCK_SIZE (64 * 1024)

typedef struct archive_entry ArchiveEntry;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ArchiveEntry, archive_entry_free)

typedef struct
{
  char   *name;       /* the path inside the zip */
  char   *path;       /* a file to copy, or NULL */
  GBytes *contents;   /* or these bytes */
  gint64  size;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_free (entry->path);
  g_clear_pointer (&entry->contents, g_bytes_unref);
  g_free (entry);
}

static void
add_text (GPtrArray  *entries,
          const char *name,
          char       *text)
{
  Entry *entry = g_new0 (Entry, 1);
  gsize length = strlen (text);

  entry->name = g_strdup (name);
  entry->contents = g_bytes_new_take (text, length);
  entry->size = length;
  g_ptr_array_add (entries, entry);
}

static gboolean
add_file (GPtrArray   *entries,
          const char  *name,
          const char  *path,
          GError     **error)
{
  GStatBuf st;
  Entry *entry;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” is not on this computer (kept only in the cloud, or removed); bring it back with "
                     "“debrief-cli migrate” under local storage, then export again"), path);
      return FALSE;
    }

  entry = g_new0 (Entry, 1);
  entry->name = g_strdup (name);
  entry->path = g_strdup (path);
  entry->size = st.st_size;
  g_ptr_array_add (entries, entry);

  return TRUE;
}

static const char *
extension (const char *path)
{
  const char *dot = strrchr (path, '.');

  return dot != NULL && strchr (dot, '/') == NULL ? dot : "";
}

static char *
compile_notes (DebriefStore      *store,
               const DebriefCall *call)
{
  g_autoptr(GPtrArray) conversations = debrief_store_list_conversations_for_call (store, call->id, NULL);
  GString *notes = g_string_new (NULL);

  if (call->call_notes != NULL && *call->call_notes != '\0')
    g_string_append_printf (notes, "%s\n", call->call_notes);

  for (guint i = 0; conversations != NULL && i < conversations->len; i++)
    {
      DebriefConversation *conversation = g_ptr_array_index (conversations, i);
      g_autoptr(GDateTime) utc = NULL;
      g_autofree char *when = NULL;

      if (conversation->message_type != DEBRIEF_MESSAGE_TYPE_NOTE)
        continue;
      utc = g_date_time_new_from_unix_utc (conversation->created_at / G_USEC_PER_SEC);
      when = g_date_time_format_iso8601 (utc);
      g_string_append_printf (notes, "\n[%s] %s\n", when, conversation->message);
    }

  return g_string_free (notes, FALSE);
}

/* Everything that goes into the zip, named, before anything is written. */
static GPtrArray *
collect (DebriefStore  *store,
         const char    *call_id,
         GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(DebriefCall) call = debrief_store_get_call (store, call_id, error);
  g_autoptr(GPtrArray) chunks = NULL;

  if (call == NULL)
    return NULL;
  if (call->status == DEBRIEF_CALL_STATUS_ACTIVE)
    {
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_ACTIVE_CALL,
                   _("“%s” is still running; export it once it has ended"),
                   call->title != NULL ? call->title : call->id);
      return NULL;
    }

  chunks = debrief_store_list_chunks (store, call->id, error);
  if (chunks == NULL)
    return NULL;

  if (call->recording_path != NULL && *call->recording_path != '\0')
    {
      g_autofree char *name = g_strconcat ("recording", extension (call->recording_path), NULL);

      if (!add_file (entries, name, call->recording_path, error))
        return NULL;
    }

  for (guint i = 0; i < chunks->len; i++)
    {
      DebriefChunk *chunk = g_ptr_array_index (chunks, i);

      if (chunk->ai_audio_path != NULL && *chunk->ai_audio_path != '\0')
        {
          g_autofree char *name = g_strdup_printf ("chunks/%03u-coach%s", i + 1, extension (chunk->ai_audio_path));

          if (!add_file (entries, name, chunk->ai_audio_path, error))
            return NULL;
        }
      if (chunk->user_audio_path != NULL && *chunk->user_audio_path != '\0')
        {
          g_autofree char *name = g_strdup_printf ("chunks/%03u-you%s", i + 1, extension (chunk->user_audio_path));

          if (!add_file (entries, name, chunk->user_audio_path, error))
            return NULL;
        }
    }

  add_text (entries, "transcript.txt", debrief_call_compile_transcript (chunks));
  add_text (entries, "transcript.srt", debrief_call_compile_subtitles (chunks));
  add_text (entries, "notes.txt", compile_notes (store, call));

  /* archive.json as it would be written now, so edits since the call are in. */
  add_text (entries, "archive.json", debrief_call_compile_archive (call, chunks));

  return g_steal_pointer (&entries);
}

static gboolean
set_archive_error (struct archive  *archive,
                   const char      *zip_path,
                   GError         **error)
{
  int errnum = archive_errno (archive);

  g_set_error (error, G_IO_ERROR, errnum > 0 ? g_io_error_from_errno (errnum) : G_IO_ERROR_FAILED,
               _("Could not write “%s”: %s"), zip_path,
               archive_error_string (archive) != NULL ? archive_error_string (archive) : g_strerror (errnum));
  return FALSE;
}

static gboolean
write_entry (struct archive  *archive,
             const Entry     *entry,
             const char      *zip_path,
             gint64          *written,
             gint64           total,
             DebriefExportProgress progress,
             gpointer         progress_data,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autoptr(ArchiveEntry) header = archive_entry_new ();
  g_autoptr(GFileInputStream) input = NULL;
  g_autofree guint8 *block = NULL;

  archive_entry_set_pathname_utf8 (header, entry->name);
  archive_entry_set_filetype (header, AE_IFREG);
  archive_entry_set_perm (header, 0644);
  archive_entry_set_size (header, entry->size);
  archive_entry_set_mtime (header, g_get_real_time () / G_USEC_PER_SEC, 0);
  if (archive_write_header (archive, header) != ARCHIVE_OK)
    return set_archive_error (archive, zip_path, error);

  if (entry->contents != NULL)
    {
      gsize length;
      gconstpointer data = g_bytes_get_data (entry->contents, &length);

      if (length > 0 && archive_write_data (archive, data, length) < 0)
        return set_archive_error (archive, zip_path, error);
      *written += length;
      return TRUE;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_path (entry->path);

    input = g_file_read (file, cancellable, error);
    if (input == NULL)
      return FALSE;
  }

  block = g_malloc (BLOCK_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), block, BLOCK_SIZE, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (archive_write_data (archive, block, n) < 0)
        return set_archive_error (archive, zip_path, error);

      *written += n;
      if (progress != NULL)
        progress (total > 0 ? (double) *written / total : 1, progress_data);
    }

  return TRUE;
}

/**
 * debrief_call_export:
 * @store: the store
 * @call_id: an ended call
 * @zip_path: the .zip to write; replaced only once it is complete
 * @progress: (nullable) (scope call): told the fraction written, 0 to 1
 * @progress_data: for @progress
 * @cancellable: (nullable): stops the export, leaving no file behind
 * @error: return location for a #GError
 *
 * Writes the call's recording, the coach's and the consented user audio
 * (chunks/NNN-coach.*, chunks/NNN-you.*), transcript.txt, transcript.srt,
 * archive.json and notes.txt into one zip. Blocks: run it in a thread.
 *
 * Returns: %TRUE when @zip_path holds the whole export
 */
gboolean
debrief_call_export (DebriefStore           *store,
                     const char             *call_id,
                     const char             *zip_path,
                     DebriefExportProgress   progress,
                     gpointer                progress_data,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *tmp_path = NULL;
  struct archive *archive;
  gint64 total = 0;
  gint64 written = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);
  g_return_val_if_fail (zip_path != NULL, FALSE);

  {
    g_autofree char *dir = g_path_get_dirname (zip_path);

    if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("Could not write “%s”: the folder “%s” does not exist"), zip_path, dir);
        return FALSE;
      }
  }

  entries = collect (store, call_id, error);
  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    total += ((Entry *) g_ptr_array_index (entries, i))->size;

  /* Written beside the destination, renamed into place when complete. */
  tmp_path = g_strdup_printf ("%s.part-%u", zip_path, g_random_int ());
  archive = archive_write_new ();
  archive_write_set_format_zip (archive);
  if (archive_write_open_filename (archive, tmp_path) != ARCHIVE_OK)
    {
      ok = set_archive_error (archive, zip_path, error);
      archive_write_free (archive);
      return ok;
    }

  for (guint i = 0; ok && i < entries->len; i++)
    ok = write_entry (archive, g_ptr_array_index (entries, i), zip_path, &written, total, progress,
                      progress_data, cancellable, error);

  if (archive_write_close (archive) != ARCHIVE_OK && ok)
    ok = set_archive_error (archive, zip_path, error);
  archive_write_free (archive);

  if (ok && g_rename (tmp_path, zip_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), zip_path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    g_unlink (tmp_path);
  else if (progress != NULL)
    progress (1, progress_data);

  return ok;
}
