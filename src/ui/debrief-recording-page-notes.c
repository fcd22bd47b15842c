/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recording-page-notes.c: the recording page's notes, saved as typed, and the history they join */

#define G_LOG_DOMAIN "debrief-recording"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-history-row.h"
#include "debrief-recording-page-private.h"

#define NOTES_SAVE_DELAY_MS 500

/* Notes: saved as typed, a moment after the last key; each call's notes
 * are one note in its contact's history. */

typedef struct
{
  char  *call_id;
  char  *notes;
  char  *note_id;
  guint  seq;      /* later notes have larger numbers */
} Note;

typedef struct
{
  DebriefLead *lead;
  GPtrArray   *history;
} Saved;

static void
note_free (Note *note)
{
  g_free (note->call_id);
  g_free (note->notes);
  g_free (note->note_id);
  g_free (note);
}

static void
saved_free (Saved *saved)
{
  g_clear_pointer (&saved->lead, debrief_lead_free);
  g_clear_pointer (&saved->history, g_ptr_array_unref);
  g_free (saved);
}

/* Writes the notes into the call, and into its note in the history. Writes
 * happen one at a time, and one older than the last written is dropped: a
 * save left behind in a worker never overwrites newer text. */
static gboolean
write_notes (DebriefRecordingPage  *self,
             Note                  *note,
             GError               **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->notes_lock);
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(DebriefConversation) conversation = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (note->notes));

  if (note->seq <= self->notes_written_seq)
    return TRUE;

  call = debrief_store_get_call (self->store, note->call_id, error);
  if (call == NULL || !debrief_store_set_call_notes (self->store, call->id, *stripped != '\0' ? note->notes : NULL,
                                                     error))
    return FALSE;

  if (*stripped == '\0')
    {
      /* Nothing left to show in the history. */
      if (!debrief_store_delete_conversation (self->store, note->note_id, error) &&
          !g_error_matches (*error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
        return FALSE;
      g_clear_error (error);
    }
  else
    {
      conversation = debrief_conversation_new ();
      conversation->id = g_strdup (note->note_id);
      conversation->lead_id = g_strdup (call->lead_id);
      conversation->user_id = g_strdup (call->user_id);
      conversation->call_id = g_strdup (call->id);
      conversation->message_type = DEBRIEF_MESSAGE_TYPE_NOTE;
      conversation->direction = DEBRIEF_DIRECTION_INTERNAL;
      conversation->message = g_strdup (stripped);
      if (!debrief_store_save_conversation (self->store, conversation, error))
        return FALSE;
    }

  self->notes_written_seq = note->seq;
  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DebriefRecordingPage *self = source;
  Note *note = task_data;
  Saved *saved = g_new0 (Saved, 1);
  g_autoptr(DebriefCall) call = NULL;
  GError *error = NULL;

  if (write_notes (self, note, &error) && (call = debrief_store_get_call (self->store, note->call_id, &error)) != NULL)
    saved->history = debrief_recording_page_read_history (self->store, call, NULL, &error);
  if (saved->history == NULL)
    {
      saved_free (saved);
      g_task_return_error (task, error);
      return;
    }
  if (call->lead_id != NULL)
    saved->lead = debrief_store_get_lead (self->store, call->lead_id, NULL);

  g_task_return_pointer (task, saved, (GDestroyNotify) saved_free);
}

static gboolean save_notes_cb (gpointer user_data);

static void
notes_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (object);
  Note *note = g_task_get_task_data (G_TASK (result));
  gboolean shown = g_strcmp0 (note->call_id, self->call_id) == 0;
  g_autoptr(GError) error = NULL;
  Saved *saved = g_task_propagate_pointer (G_TASK (result), &error);

  self->saving = FALSE;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_clear_pointer (&saved, saved_free);
      return;
    }

  if (saved == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      /* The text stays in the page; the next key press tries again. */
      if (shown)
        {
          self->notes_dirty = TRUE;
          gtk_label_set_label (self->notes_status, text);
        }
      return;
    }

  if (shown)
    {
      debrief_recording_page_show_timeline (self, saved->lead, saved->history);
      gtk_label_set_label (self->notes_status, self->notes_dirty ? _("Saving…") : _("Saved"));
    }
  saved_free (saved);

  g_signal_emit_by_name (self, "notes-saved", note->call_id);

  /* Typed on while this one was written. */
  if (shown && self->notes_dirty && self->save_source == 0)
    save_notes_cb (self);
}

static Note *
take_note (DebriefRecordingPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  Note *note = g_new0 (Note, 1);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note->call_id = g_strdup (self->call_id);
  note->notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* The call's one note in the history, named here so that every write
   * updates the same row. */
  if (self->note_id == NULL)
    self->note_id = g_uuid_string_random ();
  note->note_id = g_strdup (self->note_id);
  note->seq = ++self->notes_seq;
  self->notes_dirty = FALSE;

  return note;
}

static gboolean
save_notes_cb (gpointer user_data)
{
  DebriefRecordingPage *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->save_source = 0;
  if (self->saving || self->call_id == NULL || self->store == NULL)
    return G_SOURCE_REMOVE;

  self->saving = TRUE;
  task = g_task_new (self, NULL, notes_saved_cb, NULL);
  g_task_set_task_data (task, take_note (self), (GDestroyNotify) note_free);
  g_task_run_in_thread (task, save_thread);

  return G_SOURCE_REMOVE;
}

/* Leaving the page: what was typed last is written before it goes. */
void
debrief_recording_page_save_notes_now (DebriefRecordingPage *self)
{
  g_autoptr(GError) error = NULL;
  Note *note;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->store == NULL || self->call_id == NULL)
    return;

  note = take_note (self);
  if (!write_notes (self, note, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The notes could not be saved: %s"), error->message);

      g_warning ("%s", text);
      debrief_recording_page_toast (self, adw_toast_new (text));
    }
  else if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_signal_emit_by_name (self, "notes-saved", note->call_id);
    }
  note_free (note);
}

void
debrief_recording_page_notes_changed (DebriefRecordingPage *self)
{
  if (self->filling_notes || self->call_id == NULL)
    return;

  self->notes_dirty = TRUE;
  gtk_label_set_label (self->notes_status, _("Saving…"));
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (NOTES_SAVE_DELAY_MS, save_notes_cb, self);
}

/* The history: notes, messages and events, newest last */

void
debrief_recording_page_show_timeline (DebriefRecordingPage *self,
                                      const DebriefLead    *lead,
                                      GPtrArray            *conversations)
{
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline_list))) != NULL)
    gtk_list_box_remove (self->timeline_list, child);

  if (lead != NULL && lead->name != NULL)
    title = g_strdup_printf (_("History with %s"), lead->name);
  gtk_label_set_label (self->timeline_title, title != NULL ? title : _("History"));

  for (guint i = 0; i < conversations->len; i++)
    gtk_list_box_append (self->timeline_list, debrief_history_row_new (g_ptr_array_index (conversations, i)));

  if (conversations->len == 0)
    gtk_list_box_append (self->timeline_list,
                         debrief_recording_page_make_info_row (_("Nothing Yet"), _("Notes you write about this call appear here, "
                                                                                   "with the messages sent to the contact.")));
}
