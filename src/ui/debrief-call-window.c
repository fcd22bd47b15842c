/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-window.c: the window of a running call: timer, levels, controls, notes, transcript */

#define G_LOG_DOMAIN "debrief-call-window"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-call-window.h"
#include "debrief-coach.h"
#include "debrief-dialogs.h"
#include "debrief-transcript-line.h"
#include "debrief-duration.h"

#define SAVE_DELAY_MS 400

struct _DebriefCallWindow
{
  AdwWindow           parent_instance;

  AdwWindowTitle     *window_title;
  GtkRevealer        *banner_revealer;
  GtkBox             *banner;
  GtkImage           *banner_icon;
  GtkLabel           *banner_label;
  GtkLabel           *timer_label;
  GtkLabel           *time_left_label;
  GtkLabel           *cost_label;
  GtkLevelBar        *user_level;
  GtkLevelBar        *remote_level;
  GtkLabel           *remote_label;
  GtkButton          *pause_button;
  AdwEntryRow        *title_row;
  AdwComboRow        *contact_row;
  GtkTextView        *notes_view;
  GtkStack           *transcript_stack;
  GtkScrolledWindow  *transcript_scroller;
  GtkListBox         *transcript_list;

  DebriefStore       *store;
  DebriefCallSession *session;
  DebriefCoach       *coach;
  GHashTable         *replies;        /* a turn's id → the coach's line being said */
  GPtrArray          *lead_ids;
  guint               notes_timeout;
  guint               title_timeout;
  guint               inhibit_cookie;
  gboolean            closing;
};

G_DEFINE_FINAL_TYPE (DebriefCallWindow, debrief_call_window, ADW_TYPE_WINDOW)

static void
show_banner (DebriefCallWindow *self,
             const char        *message,
             gboolean           error)
{
  gtk_label_set_label (self->banner_label, message);
  gtk_image_set_from_icon_name (self->banner_icon, error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->banner), "error");
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
update_time (DebriefCallWindow *self)
{
  g_autofree char *elapsed = debrief_duration_format_clock (debrief_call_session_get_elapsed_ms (self->session));
  g_autofree char *left = debrief_duration_format_clock (debrief_call_session_get_time_left_ms (self->session));
  g_autofree char *left_text = g_strdup_printf (_("%s left"), left);

  gtk_label_set_label (self->timer_label, elapsed);
  gtk_label_set_label (self->time_left_label, left_text);
}

static void
update_cost (DebriefCallWindow *self)
{
  g_autofree char *cost = g_strdup_printf (_("$%.3f"), debrief_call_session_get_cost (self->session));

  gtk_label_set_label (self->cost_label, cost);
}

static void
update_state (DebriefCallWindow *self)
{
  DebriefCallState state = debrief_call_session_get_state (self->session);
  gboolean paused = state == DEBRIEF_CALL_STATE_PAUSED;
  gboolean running = state == DEBRIEF_CALL_STATE_ACTIVE || paused;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  const char *subtitle;

  gtk_button_set_icon_name (self->pause_button, paused ? "media-record-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume Recording (Space)") : _("Pause Recording (Space)"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.toggle-pause", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.end", running);

  switch (state)
    {
    case DEBRIEF_CALL_STATE_ACTIVE:
      subtitle = _("Recording");
      break;
    case DEBRIEF_CALL_STATE_PAUSED:
      subtitle = _("Paused");
      break;
    case DEBRIEF_CALL_STATE_ENDING:
      subtitle = _("Saving…");
      break;
    case DEBRIEF_CALL_STATE_ENDED:
      subtitle = _("Ended");
      break;
    case DEBRIEF_CALL_STATE_ERROR:
      subtitle = _("Failed");
      break;
    default:
      subtitle = "";
      break;
    }
  adw_window_title_set_subtitle (self->window_title, subtitle);

  /* Keep the computer awake while the call is recorded. */
  if (running && self->inhibit_cookie == 0 && application != NULL)
    self->inhibit_cookie = gtk_application_inhibit (application, GTK_WINDOW (self),
                                                    GTK_APPLICATION_INHIBIT_SUSPEND,
                                                    _("A call is being recorded"));
  else if (!running && self->inhibit_cookie != 0 && application != NULL)
    {
      gtk_application_uninhibit (application, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

static double
level_fraction (double db)
{
  /* -60 dBFS and below is silence on the meter. */
  return CLAMP ((db + 60) / 60, 0, 1);
}

static void
level_cb (DebriefRecorder   *recorder,
          guint              channel,
          double             peak_db,
          double             rms_db,
          DebriefCallWindow *self)
{
  GtkLevelBar *bar = channel == DEBRIEF_RECORDER_CHANNEL_REMOTE ? self->remote_level : self->user_level;

  gtk_level_bar_set_value (bar, level_fraction (peak_db));
}

static GtkWidget *
make_transcript_row (const DebriefChunk *chunk)
{
  GtkWidget *line;

  if (chunk->user_transcript != NULL)
    line = debrief_transcript_line_new (chunk->speaker == DEBRIEF_SPEAKER_REMOTE ? DEBRIEF_SPEAKER_REMOTE
                                                                                : DEBRIEF_SPEAKER_USER,
                                        chunk->start_ms, chunk->user_transcript);
  else
    line = debrief_transcript_line_new (DEBRIEF_SPEAKER_AGENT, chunk->start_ms, chunk->ai_text_response);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (line), FALSE);
  debrief_transcript_line_set_selectable (DEBRIEF_TRANSCRIPT_LINE (line), TRUE);

  return line;
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  DebriefCallWindow *self = user_data;
  GtkAdjustment *adjustment;

  /* The window may have closed since this was queued. */
  if (self->transcript_scroller == NULL)
    return G_SOURCE_REMOVE;

  adjustment = gtk_scrolled_window_get_vadjustment (self->transcript_scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

/* Adds @line, following the newest line unless the person scrolled up to read. */
static void
append_line (DebriefCallWindow *self,
             GtkWidget         *line)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->transcript_scroller);
  gboolean at_end = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
    gtk_adjustment_get_upper (adjustment) - 24;

  gtk_list_box_append (self->transcript_list, line);
  gtk_stack_set_visible_child_name (self->transcript_stack, "lines");
  if (at_end)
    g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
}

static void
chunk_added_cb (DebriefCallSession *session,
                const DebriefChunk *chunk,
                DebriefCallWindow  *self)
{
  /* A coach's turns are shown as they happen. */
  if (self->coach != NULL)
    return;

  append_line (self, make_transcript_row (chunk));
  if (chunk->user_transcript != NULL && chunk->ai_text_response != NULL)
    {
      g_autoptr(DebriefChunk) reply = debrief_chunk_copy (chunk);

      g_clear_pointer (&reply->user_transcript, g_free);
      reply->start_ms = reply->end_ms;
      append_line (self, make_transcript_row (reply));
    }
}

/* The coach: what the person said, the reply as it streams in, where the
 * person spoke over it, and the backend's troubles, while the call goes on */

static void
user_said_cb (DebriefCallWindow *self,
              const char        *chunk_id,
              const char        *text)
{
  GtkWidget *line = debrief_transcript_line_new (DEBRIEF_SPEAKER_USER, debrief_call_session_get_elapsed_ms (self->session),
                                                 text);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (line), FALSE);
  debrief_transcript_line_set_selectable (DEBRIEF_TRANSCRIPT_LINE (line), TRUE);
  append_line (self, line);
}

static void
reply_delta_cb (DebriefCallWindow *self,
                const char        *chunk_id,
                const char        *delta)
{
  DebriefTranscriptLine *line = g_hash_table_lookup (self->replies, chunk_id);

  if (line == NULL)
    {
      GtkWidget *row = debrief_transcript_line_new (DEBRIEF_SPEAKER_AGENT,
                                                    debrief_call_session_get_elapsed_ms (self->session), "");

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      debrief_transcript_line_set_selectable (DEBRIEF_TRANSCRIPT_LINE (row), TRUE);
      g_hash_table_insert (self->replies, g_strdup (chunk_id), row);
      append_line (self, row);
      line = DEBRIEF_TRANSCRIPT_LINE (row);
    }

  debrief_transcript_line_append (line, delta);
}

static void
interrupted_cb (DebriefCallWindow *self,
                const char        *chunk_id)
{
  DebriefTranscriptLine *line = g_hash_table_lookup (self->replies, chunk_id);

  if (line != NULL)
    debrief_transcript_line_mark_interrupted (line);
}

static void
coach_failed_cb (DebriefCallWindow *self,
                 const GError      *error)
{
  g_autofree char *text = g_strdup_printf (_("The coach could not answer: %s"), error->message);

  show_banner (self, text, TRUE);
}

static void
reconnecting_cb (DebriefCallWindow *self)
{
  if (debrief_coach_get_reconnecting (self->coach))
    show_banner (self, _("Reconnecting to the coach… The call goes on; what you say is answered when the "
                         "connection is back."), FALSE);
  else
    gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/**
 * debrief_call_window_set_coach:
 * @self: a #DebriefCallWindow
 * @coach: the coach of its coaching call
 *
 * Shows the conversation with the coach as it happens.
 */
void
debrief_call_window_set_coach (DebriefCallWindow *self,
                               DebriefCoach      *coach)
{
  g_return_if_fail (DEBRIEF_IS_CALL_WINDOW (self));
  g_return_if_fail (DEBRIEF_IS_COACH (coach));
  g_return_if_fail (self->coach == NULL);

  self->coach = g_object_ref (coach);
  adw_window_title_set_title (self->window_title, _("Coaching Call"));
  gtk_label_set_label (self->remote_label, _("Coach"));
  g_signal_connect_object (coach, "user-said", G_CALLBACK (user_said_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (coach, "reply-delta", G_CALLBACK (reply_delta_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (coach, "interrupted", G_CALLBACK (interrupted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (coach, "failed", G_CALLBACK (coach_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (coach, "notify::reconnecting", G_CALLBACK (reconnecting_cb), self, G_CONNECT_SWAPPED);
}

/**
 * debrief_call_window_get_coach:
 * @self: a #DebriefCallWindow
 *
 * Returns: (transfer none) (nullable): the coach, in a coaching call
 */
DebriefCoach *
debrief_call_window_get_coach (DebriefCallWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_WINDOW (self), NULL);

  return self->coach;
}

static void
ended_cb (DebriefCallSession *session,
          DebriefCallWindow  *self)
{
  const GError *error = debrief_call_session_get_error (session);
  const DebriefCall *call = debrief_call_session_get_call (session);

  update_state (self);
  update_time (self);

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The call ended because of an error: %s. "
                                                    "Everything recorded until then is saved."),
                                                  error->message);
      show_banner (self, message, TRUE);
      return;
    }

  if (call->end_reason == DEBRIEF_END_REASON_MANUAL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  show_banner (self,
               call->end_reason == DEBRIEF_END_REASON_TIME_LIMIT
               ? _("The call reached its time limit and was saved.")
               : _("Nobody spoke for a while, so the call ended and was saved."),
               FALSE);
}

static void
near_limit_cb (DebriefCallSession *session,
               GParamSpec         *pspec,
               DebriefCallWindow  *self)
{
  if (debrief_call_session_get_near_limit (session))
    show_banner (self, _("One minute left: the call ends by itself when the time is up."), FALSE);
}

static gboolean
save_notes_cb (gpointer user_data)
{
  DebriefCallWindow *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;

  self->notes_timeout = 0;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (!debrief_call_session_set_notes (self->session, text, &error))
    show_banner (self, error->message, TRUE);

  return G_SOURCE_REMOVE;
}

static void
notes_changed_cb (GtkTextBuffer     *buffer,
                  DebriefCallWindow *self)
{
  g_clear_handle_id (&self->notes_timeout, g_source_remove);
  self->notes_timeout = g_timeout_add (SAVE_DELAY_MS, save_notes_cb, self);
}

static gboolean
save_title_cb (gpointer user_data)
{
  DebriefCallWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  self->title_timeout = 0;
  if (!debrief_call_session_set_title (self->session, gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                                       &error))
    show_banner (self, error->message, TRUE);

  return G_SOURCE_REMOVE;
}

static void
title_changed_cb (GtkEditable       *editable,
                  DebriefCallWindow *self)
{
  g_clear_handle_id (&self->title_timeout, g_source_remove);
  self->title_timeout = g_timeout_add (SAVE_DELAY_MS, save_title_cb, self);
}

static void
contact_selected_cb (AdwComboRow       *row,
                     GParamSpec        *pspec,
                     DebriefCallWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (selected >= self->lead_ids->len)
    return;

  if (!debrief_call_session_set_lead (self->session, g_ptr_array_index (self->lead_ids, selected), &error))
    show_banner (self, error->message, TRUE);
}

static void
flush_edits (DebriefCallWindow *self)
{
  if (self->notes_timeout != 0)
    {
      g_clear_handle_id (&self->notes_timeout, g_source_remove);
      save_notes_cb (self);
    }
  if (self->title_timeout != 0)
    {
      g_clear_handle_id (&self->title_timeout, g_source_remove);
      save_title_cb (self);
    }
}

static void
end_call (DebriefCallWindow *self)
{
  flush_edits (self);
  debrief_call_session_end_async (self->session, DEBRIEF_END_REASON_MANUAL, NULL, NULL, NULL);
}

static void
confirm_end_cb (AdwMessageDialog  *dialog,
                const char        *response,
                DebriefCallWindow *self)
{
  if (g_strcmp0 (response, "end") == 0)
    end_call (self);
}

static void
ask_to_end (DebriefCallWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("End the Call?"),
                                                       _("The recording stops and the call is saved "
                                                         "to your library.")));
  debrief_dialog_add_choice (dialog, _("_Keep Recording"), "end", _("_End Call"), ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_end_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toggle_pause_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DebriefCallWindow *self = DEBRIEF_CALL_WINDOW (widget);

  if (debrief_call_session_get_state (self->session) == DEBRIEF_CALL_STATE_PAUSED)
    debrief_call_session_resume (self->session);
  else
    debrief_call_session_pause (self->session);
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ask_to_end (DEBRIEF_CALL_WINDOW (widget));
}

static gboolean
debrief_call_window_close_request (GtkWindow *window)
{
  DebriefCallWindow *self = DEBRIEF_CALL_WINDOW (window);
  DebriefCallState state = debrief_call_session_get_state (self->session);

  /* Closing does not drop a running call: it asks to end it first. */
  if (state == DEBRIEF_CALL_STATE_ACTIVE || state == DEBRIEF_CALL_STATE_PAUSED)
    {
      ask_to_end (self);
      return TRUE;
    }

  if (state == DEBRIEF_CALL_STATE_ENDING)
    return TRUE;

  return GTK_WINDOW_CLASS (debrief_call_window_parent_class)->close_request (window);
}

static void
load_contacts (DebriefCallWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) leads = debrief_store_list_leads (self->store, NULL, NULL);
  const char *current = debrief_call_session_get_call (self->session)->lead_id;
  guint selected = 0;

  gtk_string_list_append (names, _("No Contact"));
  g_ptr_array_add (self->lead_ids, NULL);

  for (guint i = 0; leads != NULL && i < leads->len; i++)
    {
      DebriefLead *lead = g_ptr_array_index (leads, i);

      gtk_string_list_append (names, lead->name);
      g_ptr_array_add (self->lead_ids, g_strdup (lead->id));
      if (g_strcmp0 (lead->id, current) == 0)
        selected = i + 1;
    }

  adw_combo_row_set_model (self->contact_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->contact_row, selected);
}

/**
 * debrief_call_window_new:
 * @application: the application
 * @store: the store, for the contacts
 * @session: a started call
 *
 * Returns: (transfer full): a window showing @session
 */
DebriefCallWindow *
debrief_call_window_new (GtkApplication     *application,
                         DebriefStore       *store,
                         DebriefCallSession *session)
{
  DebriefCallWindow *self;
  const DebriefCall *call;

  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (session), NULL);

  self = g_object_new (DEBRIEF_TYPE_CALL_WINDOW, "application", application, NULL);
  self->store = g_object_ref (store);
  self->session = g_object_ref (session);
  call = debrief_call_session_get_call (session);

  if (call->title != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->title_row), call->title);
  if (call->call_notes != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), call->call_notes, -1);
  load_contacts (self);

  for (guint i = 0; i < debrief_call_session_get_chunks (session)->len; i++)
    chunk_added_cb (session, g_ptr_array_index (debrief_call_session_get_chunks (session), i), self);

  g_signal_connect_object (session, "notify::elapsed", G_CALLBACK (update_time), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::cost", G_CALLBACK (update_cost), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::near-limit", G_CALLBACK (near_limit_cb), self, 0);
  g_signal_connect_object (session, "chunk-added", G_CALLBACK (chunk_added_cb), self, 0);
  g_signal_connect_object (session, "ended", G_CALLBACK (ended_cb), self, 0);
  if (debrief_call_session_get_recorder (session) != NULL)
    g_signal_connect_object (debrief_call_session_get_recorder (session), "level", G_CALLBACK (level_cb),
                             self, 0);

  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (notes_changed_cb), self, 0);
  g_signal_connect_object (self->title_row, "changed", G_CALLBACK (title_changed_cb), self, 0);
  g_signal_connect_object (self->contact_row, "notify::selected", G_CALLBACK (contact_selected_cb), self, 0);

  update_time (self);
  update_cost (self);
  update_state (self);

  return self;
}

/**
 * debrief_call_window_get_session:
 * @self: a #DebriefCallWindow
 *
 * Returns: (transfer none): the call it shows
 */
DebriefCallSession *
debrief_call_window_get_session (DebriefCallWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_WINDOW (self), NULL);

  return self->session;
}

static void
debrief_call_window_dispose (GObject *object)
{
  DebriefCallWindow *self = (DebriefCallWindow *) object;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  flush_edits (self);
  if (self->inhibit_cookie != 0 && application != NULL)
    gtk_application_uninhibit (application, self->inhibit_cookie);
  self->inhibit_cookie = 0;

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_CALL_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->coach);
  g_clear_pointer (&self->replies, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->lead_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (debrief_call_window_parent_class)->dispose (object);
}

static void
debrief_call_window_class_init (DebriefCallWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = debrief_call_window_dispose;
  window_class->close_request = debrief_call_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/call-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, time_left_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, cost_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, user_level);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, remote_level);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, remote_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, title_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, contact_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, notes_view);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, transcript_stack);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, transcript_scroller);
  gtk_widget_class_bind_template_child (widget_class, DebriefCallWindow, transcript_list);

  gtk_widget_class_install_action (widget_class, "call.toggle-pause", NULL, toggle_pause_action);
  gtk_widget_class_install_action (widget_class, "call.end", NULL, end_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "call.toggle-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "call.end", NULL);
}

static void
debrief_call_window_init (DebriefCallWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->lead_ids = g_ptr_array_new_with_free_func (g_free);
  self->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
