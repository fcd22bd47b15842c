/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recording-page.c: one call to review: player over its waveform, transcript, feedback, notes, history */

#define G_LOG_DOMAIN "debrief-recording"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-call-archive.h"
#include "debrief-call-export.h"
#include "debrief-call-item.h"
#include "debrief-duration.h"
#include "debrief-peaks.h"
#include "debrief-recording-page-private.h"
#include "debrief-transcript-line.h"
#include "debrief-waveform.h"

#define SKIP_MS           10000 /* J and L */
#define STEP_MS            5000 /* the arrow keys */

G_DEFINE_FINAL_TYPE (DebriefRecordingPage, debrief_recording_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_RATE,
  PROP_EXPORTING,
  N_PROPS
};

enum {
  NOTES_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];


const char *
debrief_recording_page_get_call_id (DebriefRecordingPage *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDING_PAGE (self), NULL);

  return self->call_id;
}

/**
 * debrief_recording_page_get_loaded:
 * @self: a #DebriefRecordingPage
 *
 * Returns: whether the call shown has been read and is on the page
 */
gboolean
debrief_recording_page_get_loaded (DebriefRecordingPage *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDING_PAGE (self), FALSE);

  return self->loaded;
}

DebriefPlayer *
debrief_recording_page_get_player (DebriefRecordingPage *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDING_PAGE (self), NULL);

  return self->player;
}

GtkListBox *
debrief_recording_page_get_transcript (DebriefRecordingPage *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDING_PAGE (self), NULL);

  return self->transcript_list;
}

gboolean
debrief_recording_page_get_exporting (DebriefRecordingPage *self)
{
  g_return_val_if_fail (DEBRIEF_IS_RECORDING_PAGE (self), FALSE);

  return self->export_cancellable != NULL;
}

const char *
debrief_call_title (const DebriefCall *call)
{
  return call->title != NULL && *call->title != '\0' ? call->title : _("Untitled Call");
}

/**
 * debrief_recording_page_reload_feedback:
 * @self: a #DebriefRecordingPage
 *
 * Shows the feedback the coach has just written for the call shown.
 */
void
debrief_recording_page_reload_feedback (DebriefRecordingPage *self)
{
  g_autoptr(DebriefCall) call = NULL;

  g_return_if_fail (DEBRIEF_IS_RECORDING_PAGE (self));

  if (self->call == NULL || self->store == NULL ||
      (call = debrief_store_get_call (self->store, self->call->id, NULL)) == NULL)
    return;

  g_free (self->call->feedback_json);
  self->call->feedback_json = g_steal_pointer (&call->feedback_json);
  debrief_recording_page_show_feedback (self);
}

/**
 * debrief_recording_page_reload_history:
 * @self: a #DebriefRecordingPage
 *
 * Shows the call's history again: messages sent or received meanwhile.
 */
void
debrief_recording_page_reload_history (DebriefRecordingPage *self)
{
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(DebriefLead) lead = NULL;
  g_autoptr(GPtrArray) history = NULL;

  g_return_if_fail (DEBRIEF_IS_RECORDING_PAGE (self));

  if (!self->loaded || self->call == NULL ||
      (call = debrief_store_get_call (self->store, self->call->id, NULL)) == NULL ||
      (history = debrief_recording_page_read_history (self->store, call, NULL, NULL)) == NULL)
    return;

  if (call->lead_id != NULL)
    lead = debrief_store_get_lead (self->store, call->lead_id, NULL);
  debrief_recording_page_show_timeline (self, lead, history);
}

/**
 * debrief_recording_page_set_title:
 * @self: a #DebriefRecordingPage
 * @title: (nullable): the call's new title
 *
 * Shows a rename made elsewhere.
 */
void
debrief_recording_page_set_title (DebriefRecordingPage *self,
                                  const char           *title)
{
  g_return_if_fail (DEBRIEF_IS_RECORDING_PAGE (self));

  if (self->call == NULL)
    return;

  g_free (self->call->title);
  self->call->title = g_strdup (title);
  adw_window_title_set_title (self->window_title, debrief_call_title (self->call));
}

void
debrief_recording_page_toast (DebriefRecordingPage *self,
                              AdwToast             *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

void
debrief_recording_page_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* What acts on the call works once it is read. */
static void
set_call_actions_enabled (DebriefRecordingPage *self,
                          gboolean              enabled)
{
  for (const char * const *action = (const char *[]) { "recording.export", "recording.rename",
                                                       "recording.copy-share-link", "recording.delete",
                                                       "recording.send-whatsapp", "recording.link-contact", NULL };
       *action != NULL; action++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), *action, enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recording.show-in-files",
                                 enabled && self->call != NULL && self->call->recording_path != NULL &&
                                 g_file_test (self->call->recording_path, G_FILE_TEST_EXISTS));
}

/* Playing */

static gboolean
has_recording (DebriefRecordingPage *self)
{
  return self->player != NULL && debrief_player_get_path (self->player) != NULL;
}


/* Brings @row into view when it is out of it, leaving the page alone
 * otherwise. */
static void
scroll_to_line (DebriefRecordingPage *self,
                GtkListBoxRow        *row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  double top = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  graphene_rect_t bounds;

  if (viewport == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (row), viewport, &bounds))
    return;

  /* The viewport's coordinates start at the top of what is shown. */
  if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > page)
    gtk_adjustment_set_value (adjustment, top + bounds.origin.y - page / 3);
}

static void
show_position (DebriefRecordingPage *self)
{
  gint64 position = debrief_player_get_position_ms (self->player);
  gint64 duration = debrief_player_get_duration_ms (self->player);
  g_autofree char *position_text = NULL;
  g_autofree char *duration_text = NULL;
  guint line = G_MAXUINT;

  if (duration <= 0 && self->call != NULL)
    duration = (gint64) (self->call->duration_seconds * 1000);

  position_text = debrief_duration_format_clock (position);
  duration_text = debrief_duration_format_clock (duration);
  gtk_label_set_label (self->position_label, position_text);
  gtk_label_set_label (self->duration_label, duration_text);
  debrief_waveform_set_duration (self->waveform, duration);
  debrief_waveform_set_position (self->waveform, position);

  /* The line being said now: the last one started, while it lasts. */
  for (guint i = 0; self->utterances != NULL && i < self->utterances->len; i++)
    {
      const DebriefUtterance *u = &g_array_index (self->utterances, DebriefUtterance, i);

      if (u->start_ms > position)
        break;
      if (position < u->end_ms)
        line = i;
    }

  if (line != self->playing_line)
    {
      GtkListBoxRow *row = line != G_MAXUINT ? gtk_list_box_get_row_at_index (self->transcript_list, line) : NULL;
      GtkListBoxRow *was = self->playing_line != G_MAXUINT
                           ? gtk_list_box_get_row_at_index (self->transcript_list, self->playing_line) : NULL;

      /* Marked apart from the keyboard's focus and selection. */
      self->playing_line = line;
      if (was != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (was), "playing");
      if (row != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (row), "playing");

      /* Playing on, the transcript follows. */
      if (row != NULL && debrief_player_get_playing (self->player))
        scroll_to_line (self, row);
    }
}

/* The player's buttons work only while there is something to play. */
static void
path_changed_cb (DebriefRecordingPage *self)
{
  gboolean playable = has_recording (self);

  for (const char * const *action = (const char *[]) { "recording.play-pause", "recording.seek-backward",
                                                       "recording.seek-forward", "recording.step-backward",
                                                       "recording.step-forward", NULL }; *action != NULL; action++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), *action, playable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->waveform), playable);
}

static void
playing_changed_cb (DebriefRecordingPage *self)
{
  gboolean playing = self->player != NULL && debrief_player_get_playing (self->player);
  const char *label = playing ? _("Pause") : _("Play");
  g_autofree char *tooltip = g_strdup_printf ("%s (%s)", label, _("Space"));

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
debrief_recording_page_show_error (DebriefRecordingPage *self,
                                   const GError         *error)
{
  gtk_label_set_label (self->player_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->player_error), TRUE);
}

static void
seek_to (DebriefRecordingPage *self,
         gint64                position_ms)
{
  gint64 duration = debrief_waveform_get_duration (self->waveform);

  if (!has_recording (self))
    return;

  /* Without a known length (a recording cut short), only the start bounds it. */
  position_ms = MAX (position_ms, 0);
  if (duration > 0)
    position_ms = MIN (position_ms, duration);
  debrief_player_seek (self->player, position_ms);
  show_position (self);
}

static void
waveform_seek_cb (DebriefRecordingPage *self,
                  gint64                position_ms)
{
  seek_to (self, position_ms);
}

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);

  if (!has_recording (self))
    return;

  if (debrief_player_get_playing (self->player))
    {
      debrief_player_pause (self->player);
    }
  else
    {
      if (self->chunk_player != NULL)
        debrief_player_pause (self->chunk_player);
      debrief_player_play (self->player);
    }
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);
  gint64 step = g_str_has_prefix (action_name, "recording.step") ? STEP_MS : SKIP_MS;

  if (g_str_has_suffix (action_name, "backward"))
    step = -step;
  if (has_recording (self))
    seek_to (self, debrief_player_get_position_ms (self->player) + step);
}

/* A coach's reply on its own, from its audio file. */
static void
play_chunk_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (self->chunk_player == NULL)
    {
      self->chunk_player = debrief_player_new ();
      g_signal_connect_object (self->chunk_player, "error", G_CALLBACK (debrief_recording_page_show_error), self, G_CONNECT_SWAPPED);
    }

  if (g_strcmp0 (debrief_player_get_path (self->chunk_player), path) == 0 &&
      debrief_player_get_playing (self->chunk_player))
    {
      debrief_player_pause (self->chunk_player);
      return;
    }

  if (self->player != NULL)
    debrief_player_pause (self->player);
  if (g_strcmp0 (debrief_player_get_path (self->chunk_player), path) != 0 &&
      !debrief_player_open (self->chunk_player, path, &error))
    {
      debrief_recording_page_show_error (self, error);
      return;
    }
  debrief_player_seek (self->chunk_player, 0);
  debrief_player_play (self->chunk_player);
}

static void
transcript_activated_cb (DebriefRecordingPage *self,
                         GtkListBoxRow        *row)
{
  seek_to (self, debrief_transcript_line_get_start_ms (DEBRIEF_TRANSCRIPT_LINE (row)));
  if (has_recording (self) && !debrief_player_get_playing (self->player))
    play_pause_action (GTK_WIDGET (self), "recording.play-pause", NULL);
}

static void
set_rate (DebriefRecordingPage *self,
          double                rate)
{
  g_autofree char *label = NULL;

  rate = CLAMP (rate, 0.5, 2.0);
  if (G_APPROX_VALUE (self->rate, rate, 0.001))
    return;

  self->rate = rate;
  if (self->player != NULL)
    debrief_player_set_rate (self->player, rate);
  /* TRANSLATORS: a playback speed, e.g. "1.5×" */
  label = g_strdup_printf (_("%g×"), rate);
  gtk_menu_button_set_label (self->speed_button, label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

/* The transcript, found as typed */

static void
transcript_search_cb (DebriefRecordingPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->transcript_search));
  g_autofree char *stripped = g_strstrip (g_strdup (query));
  guint shown = 0;
  guint total = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->transcript_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gboolean found;

      if (!DEBRIEF_IS_TRANSCRIPT_LINE (child))
        continue;
      found = debrief_transcript_line_highlight (DEBRIEF_TRANSCRIPT_LINE (child), stripped);
      gtk_widget_set_visible (child, found);
      shown += found;
      total++;
    }

  if (total > 0 && shown == 0)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing in the transcript matches “%s”."), stripped);

      gtk_label_set_label (self->transcript_empty_label, text);
    }
  gtk_stack_set_visible_child_name (self->transcript_stack, shown > 0 ? "lines" : "empty");
  if (total == 0)
    gtk_label_set_label (self->transcript_empty_label, _("This call has no transcript."));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->transcript_search));
}

static void
show_transcript (DebriefRecordingPage *self)
{

  debrief_recording_page_clear_list (self->transcript_list);

  for (guint i = 0; i < self->utterances->len; i++)
    {
      const DebriefUtterance *u = &g_array_index (self->utterances, DebriefUtterance, i);
      GtkWidget *line = debrief_transcript_line_new (u->speaker, u->start_ms, u->text);

      if (u->speaker == DEBRIEF_SPEAKER_AGENT && u->chunk->ai_audio_path != NULL &&
          g_file_test (u->chunk->ai_audio_path, G_FILE_TEST_IS_REGULAR))
        debrief_transcript_line_set_audio (DEBRIEF_TRANSCRIPT_LINE (line), "recording.play-chunk",
                                           u->chunk->ai_audio_path);
      gtk_list_box_append (self->transcript_list, line);
    }

  g_mutex_init (&self->notes_lock);
  self->playing_line = G_MAXUINT;
  transcript_search_cb (self);
}

/* Loading a call: its rows off the UI thread, then the page */

typedef struct
{
  DebriefCall *call;
  GPtrArray   *chunks;
  DebriefLead *lead;
  char        *agent_name;
  GPtrArray   *conversations;
  char        *note_id;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->call, debrief_call_free);
  g_clear_pointer (&loaded->chunks, g_ptr_array_unref);
  g_clear_pointer (&loaded->lead, debrief_lead_free);
  g_clear_pointer (&loaded->conversations, g_ptr_array_unref);
  g_free (loaded->agent_name);
  g_free (loaded->note_id);
  g_free (loaded);
}

/* The call's history: the contact's when it has one, its own otherwise;
 * and which of its rows holds the call's notes. */
GPtrArray *
debrief_recording_page_read_history (DebriefStore       *store,
                                     const DebriefCall  *call,
                                     char              **note_id,
                                     GError            **error)
{
  g_autoptr(GPtrArray) own = debrief_store_list_conversations_for_call (store, call->id, error);

  if (own == NULL)
    return NULL;

  for (guint i = 0; note_id != NULL && i < own->len; i++)
    {
      DebriefConversation *conversation = g_ptr_array_index (own, i);

      if (conversation->message_type == DEBRIEF_MESSAGE_TYPE_NOTE &&
          conversation->direction == DEBRIEF_DIRECTION_INTERNAL)
        {
          g_free (*note_id);
          *note_id = g_strdup (conversation->id);
        }
    }

  if (call->lead_id != NULL)
    return debrief_store_list_conversations_for_lead (store, call->lead_id, error);

  return g_steal_pointer (&own);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DebriefRecordingPage *self = source;
  Loaded *loaded = g_new0 (Loaded, 1);
  GError *error = NULL;

  loaded->call = debrief_store_get_call (self->store, task_data, &error);
  if (loaded->call != NULL)
    loaded->chunks = debrief_store_list_chunks (self->store, loaded->call->id, &error);
  if (loaded->chunks != NULL)
    loaded->conversations = debrief_recording_page_read_history (self->store, loaded->call, &loaded->note_id, &error);
  if (loaded->conversations == NULL)
    {
      loaded_free (loaded);
      g_task_return_error (task, error);
      return;
    }

  if (loaded->call->lead_id != NULL)
    loaded->lead = debrief_store_get_lead (self->store, loaded->call->lead_id, NULL);
  if (loaded->call->ai_agent_id != NULL)
    {
      g_autoptr(DebriefAgent) agent = debrief_store_get_agent (self->store, loaded->call->ai_agent_id, NULL);

      if (agent != NULL)
        loaded->agent_name = g_strdup (agent->name);
    }

  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* The waveform may take seconds to decode: the page does not wait for it
 * to go away. */
static void
peaks_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(DebriefRecordingPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) peaks = debrief_peaks_get_finish (result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);

  if (self == NULL)
    return;
  if (peaks != NULL)
    debrief_waveform_set_peaks (self->waveform, peaks);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No waveform: %s", error->message);
}

static char *
describe_call (const DebriefCall *call,
               const char        *agent_name,
               const DebriefLead *lead)
{
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_local (call->started_at / G_USEC_PER_SEC);
  g_autofree char *when = g_date_time_format (started, _("%e %B %Y, %H:%M"));
  g_autofree char *kind = debrief_call_describe_kind (call->kind, call->kind == DEBRIEF_CALL_KIND_COACHING
                                                      ? agent_name : lead != NULL ? lead->name : NULL);

  return g_strdup_printf ("%s · %s", g_strstrip (when), kind);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (object);
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *subtitle = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);

  if (loaded == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->unavailable_page, error->message);
      gtk_stack_set_visible_child_name (self->page_stack, "unavailable");
      return;
    }

  g_clear_pointer (&self->call, debrief_call_free);
  g_clear_pointer (&self->utterances, g_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  self->call = g_steal_pointer (&loaded->call);
  self->chunks = g_steal_pointer (&loaded->chunks);
  self->utterances = debrief_call_list_utterances (self->chunks);
  g_free (self->note_id);
  self->note_id = g_steal_pointer (&loaded->note_id);

  adw_window_title_set_title (self->window_title, debrief_call_title (self->call));
  subtitle = describe_call (self->call, loaded->agent_name, loaded->lead);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  /* The recording */
  gtk_widget_set_visible (GTK_WIDGET (self->player_error), FALSE);
  if (self->call->recording_path == NULL)
    {
      debrief_recording_page_show_error (self, &(GError) { G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This call has no recording.") });
    }
  else
    {
      g_autoptr(GError) open_error = NULL;

      if (!debrief_player_open (self->player, self->call->recording_path, &open_error))
        debrief_recording_page_show_error (self, open_error);
      else
        debrief_peaks_get_async (self->call->recording_path, self->cancellable, peaks_cb, weak_ref_new (self));
    }
  debrief_recording_page_show_feedback (self);
  show_transcript (self);
  show_position (self);

  self->filling_notes = TRUE;
  gtk_text_buffer_set_text (buffer, self->call->call_notes != NULL ? self->call->call_notes : "", -1);
  self->filling_notes = FALSE;
  gtk_label_set_label (self->notes_status, "");

  debrief_recording_page_show_timeline (self, loaded->lead, loaded->conversations);

  loaded_free (loaded);
  set_call_actions_enabled (self, TRUE);
  gtk_widget_set_sensitive (self->content, TRUE);
  /* Focus waited in the header while the call was read. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* The player is made when a call is first shown: GStreamer's playbin
 * costs time and memory the library's start should not pay. */
static void
ensure_player (DebriefRecordingPage *self)
{
  if (self->player != NULL)
    return;

  self->player = debrief_player_new ();
  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (show_position), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::duration", G_CALLBACK (show_position), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::playing", G_CALLBACK (playing_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::path", G_CALLBACK (path_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "error", G_CALLBACK (debrief_recording_page_show_error), self,
                           G_CONNECT_SWAPPED);
  debrief_player_set_rate (self->player, self->rate);
}

/**
 * debrief_recording_page_show_call:
 * @self: a #DebriefRecordingPage
 * @store: the store
 * @settings: the application's settings
 * @call_id: the call to show
 *
 * Reads the call off the UI thread and shows it; #DebriefRecordingPage:loaded
 * turns %TRUE once it is on the page.
 */
void
debrief_recording_page_show_call (DebriefRecordingPage *self,
                                  DebriefStore         *store,
                                  GSettings            *settings,
                                  const char           *call_id)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_RECORDING_PAGE (self));
  g_return_if_fail (DEBRIEF_IS_STORE (store));
  g_return_if_fail (call_id != NULL);

  debrief_recording_page_leave (self);

  g_set_object (&self->store, store);
  g_set_object (&self->settings, settings);
  g_free (self->call_id);
  self->call_id = g_strdup (call_id);
  self->loaded = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  /* Nothing of the call shown before stays while this one is read. */
  g_clear_pointer (&self->call, debrief_call_free);
  g_clear_pointer (&self->utterances, g_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->note_id, g_free);
  debrief_recording_page_clear_list (self->transcript_list);
  debrief_recording_page_clear_list (self->feedback_list);
  debrief_recording_page_clear_list (self->timeline_list);
  self->filling_notes = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), "", -1);
  self->filling_notes = FALSE;
  gtk_label_set_label (self->notes_status, "");
  set_call_actions_enabled (self, FALSE);
  gtk_widget_set_sensitive (self->content, FALSE);
  gtk_stack_set_visible_child_name (self->page_stack, "call");

  adw_window_title_set_title (self->window_title, "");
  adw_window_title_set_subtitle (self->window_title, NULL);
  ensure_player (self);
  debrief_player_close (self->player);
  if (self->chunk_player != NULL)
    debrief_player_close (self->chunk_player);
  debrief_waveform_set_peaks (self->waveform, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->player_error), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->transcript_search), "");

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, loaded_cb, NULL);
  g_task_set_task_data (task, g_strdup (call_id), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * debrief_recording_page_leave:
 * @self: a #DebriefRecordingPage
 *
 * Stops playing and saves the notes being typed, as the person goes back
 * to the library.
 */
void
debrief_recording_page_leave (DebriefRecordingPage *self)
{
  g_return_if_fail (DEBRIEF_IS_RECORDING_PAGE (self));

  if (self->player != NULL)
    debrief_player_pause (self->player);
  if (self->chunk_player != NULL)
    debrief_player_pause (self->chunk_player);

  if (self->notes_dirty)
    debrief_recording_page_save_notes_now (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}


/* Where the player's keys are the player's: the player itself and the
 * transcript's lines; not a button of the header, a menu or text. */
static gboolean
takes_player_keys (DebriefRecordingPage *self,
                   GtkWidget            *focus)
{
  if (focus == NULL || focus == GTK_WIDGET (self))
    return TRUE;
  if (gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return FALSE;
  if (focus == self->player_box || gtk_widget_is_ancestor (focus, self->player_box))
    return TRUE;

  return GTK_IS_LIST_BOX_ROW (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->transcript_list));
}

/* The player's keys, taken before a focused button or row sees them (Space
 * would press the button, or replay the line clicked last), but left to
 * whatever text is being typed. */
static gboolean
player_key_cb (DebriefRecordingPage  *self,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkEventControllerKey *controller)
{
  static const struct { guint keyval; const char *action; } keys[] = {
    { GDK_KEY_space, "recording.play-pause" },
    { GDK_KEY_k, "recording.play-pause" },
    { GDK_KEY_j, "recording.seek-backward" },
    { GDK_KEY_l, "recording.seek-forward" },
    { GDK_KEY_Left, "recording.step-backward" },
    { GDK_KEY_Right, "recording.step-forward" },
  };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || !has_recording (self) ||
      !takes_player_keys (self, focus))
    return GDK_EVENT_PROPAGATE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (keys[i].keyval == keyval)
      return gtk_widget_activate_action (GTK_WIDGET (self), keys[i].action, NULL);

  return GDK_EVENT_PROPAGATE;
}

/* Focus goes to the player, where Space plays. */
static gboolean
debrief_recording_page_grab_focus (GtkWidget *widget)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (widget);

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->play_button)) && gtk_widget_grab_focus (GTK_WIDGET (self->play_button)))
    return TRUE;

  return GTK_WIDGET_CLASS (debrief_recording_page_parent_class)->grab_focus (widget);
}

static void
debrief_recording_page_dispose (GObject *object)
{
  DebriefRecordingPage *self = (DebriefRecordingPage *) object;

  if (self->player != NULL)
    debrief_recording_page_leave (self);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  if (self->chunk_player != NULL)
    g_signal_handlers_disconnect_by_data (self->chunk_player, self);
  g_clear_object (&self->player);
  g_clear_object (&self->chunk_player);

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_RECORDING_PAGE);

  G_OBJECT_CLASS (debrief_recording_page_parent_class)->dispose (object);
}

static void
debrief_recording_page_finalize (GObject *object)
{
  DebriefRecordingPage *self = (DebriefRecordingPage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_pointer (&self->call, debrief_call_free);
  g_clear_pointer (&self->utterances, g_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->note_id, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_mutex_clear (&self->notes_lock);

  G_OBJECT_CLASS (debrief_recording_page_parent_class)->finalize (object);
}

static void
debrief_recording_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_EXPORTING:
      g_value_set_boolean (value, debrief_recording_page_get_exporting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_recording_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DebriefRecordingPage *self = DEBRIEF_RECORDING_PAGE (object);

  switch (prop_id)
    {
    case PROP_RATE:
      set_rate (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_recording_page_class_init (DebriefRecordingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_recording_page_dispose;
  object_class->finalize = debrief_recording_page_finalize;
  object_class->get_property = debrief_recording_page_get_property;
  object_class->set_property = debrief_recording_page_set_property;

  widget_class->grab_focus = debrief_recording_page_grab_focus;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* How fast the recording plays, 0.5 to 2 times; for the Speed menu */
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL,
                         0.5, 2.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefRecordingPage::notes-saved:
   * @self: the page
   * @call_id: the call whose notes were written
   */
  signals[NOTES_SAVED] =
    g_signal_new ("notes-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (DEBRIEF_TYPE_WAVEFORM);

  gtk_widget_class_install_action (widget_class, "recording.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "recording.seek-backward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recording.seek-forward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recording.step-backward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recording.step-forward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recording.play-chunk", "s", play_chunk_action);
  gtk_widget_class_install_action (widget_class, "recording.find", NULL, find_action);
  gtk_widget_class_install_property_action (widget_class, "recording.rate", "rate");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "recording.find", NULL);

  debrief_recording_page_add_actions (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/recording-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, content);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, player_box);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, export_revealer);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, export_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, waveform);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, duration_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, player_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, play_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, speed_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, feedback_list);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, transcript_search);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, transcript_stack);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, transcript_list);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, transcript_empty_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, notes_status);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, notes_view);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, timeline_title);
  gtk_widget_class_bind_template_child (widget_class, DebriefRecordingPage, timeline_list);
}

static void
debrief_recording_page_init (DebriefRecordingPage *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->playing_line = G_MAXUINT;
  self->rate = 0;
  set_rate (self, 1.0);
  g_signal_connect_object (self->waveform, "seek", G_CALLBACK (waveform_seek_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transcript_list, "row-activated", G_CALLBACK (transcript_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transcript_search, "search-changed", G_CALLBACK (transcript_search_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (debrief_recording_page_notes_changed), self, G_CONNECT_SWAPPED);
  playing_changed_cb (self);
  path_changed_cb (self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (player_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
