/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-recording-page.c: three recordings in the library: list, search, open one, play, seek from the transcript */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "debrief-call-item.h"
#include "debrief-filter-button.h"
#include "debrief-player.h"
#include "debrief-recording-page.h"
#include "debrief-store.h"
#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"
#include "debrief-transcript-line.h"

#define RECORDING_SECONDS 40

static const struct
{
  DebriefSpeaker  speaker;
  gint64          start_ms;
  const char     *said;
  const char     *reply;
} discovery_lines[] = {
  { DEBRIEF_SPEAKER_USER, 1000, "Thanks for making time today. How is the quarter going?", NULL },
  { DEBRIEF_SPEAKER_REMOTE, 6000, "Busy. The budget for new tools is frozen until March.", NULL },
  { DEBRIEF_SPEAKER_USER, 14000, "Understood. What would make the budget move earlier?", NULL },
  { DEBRIEF_SPEAKER_REMOTE, 24000, "A pilot that pays for itself in one quarter.", NULL },
  { DEBRIEF_SPEAKER_USER, 31000, "We can do a four-week pilot at no cost.", NULL },
}, coaching_lines[] = {
  { DEBRIEF_SPEAKER_USER, 1000, "The price is too high for us.", "What would a fair price look like to you?" },
  { DEBRIEF_SPEAKER_USER, 15000, "Maybe twenty percent less.", "Try anchoring on the value before the discount." },
};

static void
make_recording (const char *path,
                int         freq)
{
  g_autofree char *description = g_strdup_printf (
    "audiotestsrc freq=%d num-buffers=%d samplesperbuffer=4800 ! audio/x-raw,rate=48000,channels=1 ! "
    "volume volume=0.5 ! opusenc ! oggmux",
    freq, RECORDING_SECONDS * 10);

  debrief_test_make_audio (description, path);
}

static DebriefCall *
add_call (DebriefStore *store,
          const char   *dir,
          const char   *title,
          guint         index,
          const char   *lead_id)
{
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("recording-%u.ogg", index);

  call->title = g_strdup (title);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->kind = index == 1 ? DEBRIEF_CALL_KIND_COACHING : DEBRIEF_CALL_KIND_RECORDED;
  call->lead_id = g_strdup (lead_id);
  call->started_at = 1763700000000000 - (gint64) index * 86400 * G_USEC_PER_SEC;
  call->ended_at = call->started_at + RECORDING_SECONDS * G_USEC_PER_SEC;
  call->duration_seconds = RECORDING_SECONDS;
  call->recording_path = g_build_filename (dir, file, NULL);
  call->recording_format = g_strdup ("ogg");
  make_recording (call->recording_path, 220 * (index + 1));
  g_assert_true (debrief_store_save_call (store, call, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&call);
}

static void
add_lines (DebriefStore      *store,
           const DebriefCall *call,
           const char        *dir,
           gconstpointer      lines,
           guint              n_lines)
{
  const typeof (discovery_lines[0]) *line = lines;

  for (guint i = 0; i < n_lines; i++, line++)
    {
      g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
      g_autoptr(GError) error = NULL;

      chunk->call_id = g_strdup (call->id);
      chunk->speaker = line->speaker;
      chunk->user_transcript = g_strdup (line->said);
      chunk->start_ms = line->start_ms;
      chunk->end_ms = line->start_ms + 4000;
      if (line->reply != NULL)
        {
          g_autofree char *file = g_strdup_printf ("coach-%u.ogg", i);

          chunk->ai_text_response = g_strdup (line->reply);
          chunk->ai_audio_path = g_build_filename (dir, file, NULL);
          make_recording (chunk->ai_audio_path, 880);
        }
      g_assert_true (debrief_store_save_chunk (store, chunk, &error));
      g_assert_no_error (error);
    }
}

static char *discovery_id;
static char *coaching_id;
static char *interview_id;
static char *interview_recording;

static void
fixture_set_up_with_recordings (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefLead) lead = debrief_lead_new ();
  g_autoptr(DebriefConversation) message = debrief_conversation_new ();
  g_autoptr(DebriefCall) discovery = NULL;
  g_autoptr(DebriefCall) coaching = NULL;
  g_autoptr(DebriefCall) interview = NULL;

  fixture_set_up (f, data);
  g_setenv ("DEBRIEF_AUDIO_SINK", "fakesink sync=true", TRUE);
  path = g_build_filename (f->dir, "debrief.db", NULL);
  store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);

  lead->name = g_strdup ("Dana Whitfield");
  lead->phone = g_strdup ("+14155550123");
  g_assert_true (debrief_store_save_lead (store, lead, &error));

  discovery = add_call (store, f->dir, "Discovery call with Initech", 0, lead->id);
  add_lines (store, discovery, f->dir, discovery_lines, G_N_ELEMENTS (discovery_lines));
  coaching = add_call (store, f->dir, "Pricing objection drill", 1, NULL);
  add_lines (store, coaching, f->dir, coaching_lines, G_N_ELEMENTS (coaching_lines));
  coaching->feedback_json = g_strdup ("{\"summary\": \"You held your price and asked good questions.\","
                                      " \"strengths\": [\"Calm tone\", \"Open questions\"],"
                                      " \"improvements\": [\"Anchor on value before discussing discounts\"],"
                                      " \"next_steps\": [\"Practise the value statement\"],"
                                      " \"metrics\": {\"talk_ratio\": 0.46, \"longest_monologue_seconds\": 21,"
                                      " \"questions_asked\": 4, \"words_per_minute\": 138}}");
  g_assert_true (debrief_store_save_call (store, coaching, &error));
  interview = add_call (store, f->dir, "Mock interview", 2, NULL);

  message->lead_id = g_strdup (lead->id);
  message->user_id = g_strdup (discovery->user_id);
  message->call_id = g_strdup (discovery->id);
  message->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  message->direction = DEBRIEF_DIRECTION_INBOUND;
  message->status = g_strdup ("delivered");
  message->message = g_strdup ("Thanks! Send me the pilot details, please.");
  message->created_at = discovery->ended_at + (gint64) 3600 * G_USEC_PER_SEC;
  g_assert_true (debrief_store_save_conversation (store, message, &error));

  g_free (discovery_id);
  discovery_id = g_strdup (discovery->id);
  g_free (coaching_id);
  coaching_id = g_strdup (coaching->id);
  g_free (interview_id);
  interview_id = g_strdup (interview->id);
  g_free (interview_recording);
  interview_recording = g_strdup (interview->recording_path);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static gboolean
rows_shown (gpointer data)
{
  return g_list_model_get_n_items (debrief_window_get_calls (data)) == 3;
}

static gboolean
search_done (gpointer data)
{
  return !debrief_window_get_searching (data);
}

static gboolean
page_loaded (gpointer data)
{
  return debrief_recording_page_get_loaded (data);
}

static gboolean
playing_a_while (gpointer data)
{
  DebriefPlayer *player = data;

  return debrief_player_get_playing (player) && debrief_player_get_position_ms (player) > 300;
}

static gboolean
played_past_line_3 (gpointer data)
{
  DebriefPlayer *player = data;

  return debrief_player_get_playing (player) && debrief_player_get_position_ms (player) > 24300;
}

static gboolean
not_exporting (gpointer data)
{
  return !debrief_recording_page_get_exporting (data);
}

static gboolean
notes_written (gpointer data)
{
  g_autofree char *path = g_build_filename (((Fixture *) data)->dir, "debrief.db", NULL);
  g_autoptr(DebriefStore) store = debrief_store_open (path, NULL, NULL);
  g_autoptr(DebriefCall) call = debrief_store_get_call (store, discovery_id, NULL);
  g_autoptr(GPtrArray) history = debrief_store_list_conversations_for_call (store, discovery_id, NULL);
  gboolean written = FALSE;

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      DebriefConversation *conversation = g_ptr_array_index (history, i);

      written |= conversation->message_type == DEBRIEF_MESSAGE_TYPE_NOTE &&
        g_strcmp0 (conversation->message, "Send the pilot terms by Friday.") == 0;
    }

  return written && g_strcmp0 (call->call_notes, "Send the pilot terms by Friday.") == 0;
}

static GtkListBoxRow *
transcript_row (DebriefRecordingPage *page,
                guint                 index)
{
  return gtk_list_box_get_row_at_index (debrief_recording_page_get_transcript (page), index);
}

static guint
visible_lines (DebriefRecordingPage *page)
{
  guint shown = 0;

  for (guint i = 0; transcript_row (page, i) != NULL; i++)
    shown += gtk_widget_get_visible (GTK_WIDGET (transcript_row (page, i)));

  return shown;
}

static gboolean
unavailable_shown (gpointer data)
{
  return find_widget (data, shown_label_saying, "No call with id") != NULL;
}

/* A key press as the page's key handler sees it; whether it took it. */
static gboolean
press_key (DebriefRecordingPage *page,
           guint                 keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          return handled;
        }
    }

  g_assert_not_reached ();
}

static void
assert_zip_valid (const char *zip)
{
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { "unzip", "-t", zip, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &output, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (output, "recording.ogg"));
  g_assert_nonnull (strstr (output, "transcript.srt"));
}

static void
body_review_a_recording (Fixture *f)
{
  GtkWidget *calls_view;
  DebriefRecordingPage *page;
  DebriefPlayer *player;
  GtkTextBuffer *buffer;
  GtkWidget *search;
  g_autofree char *zip = NULL;
  GtkWidget *error_label;
  GtkScrolledWindow *scroller;
  gint64 before;

  start_app (f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 900);
  wait_until (rows_shown, f->window, "the three recordings");
  drain ();
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "library");
  save_screenshot (GTK_WIDGET (f->window), "review-library");

  /* Search finds the call by what was said in it. */
  debrief_window_search (f->window, "budget frozen");
  wait_until (search_done, f->window, "the search");
  g_assert_cmpuint (g_list_model_get_n_items (debrief_window_get_calls (f->window)), ==, 1);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-search");

  /* A click on the row opens its page. */
  calls_view = find_descendant (GTK_WIDGET (f->window), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (calls_view);
  g_assert_true (gtk_widget_activate_action (calls_view, "list.activate-item", "u", 0));
  page = debrief_window_get_recording_page (f->window);
  wait_until (page_loaded, page, "the recording page");
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "recording");
  g_assert_cmpstr (debrief_recording_page_get_call_id (page), ==, discovery_id);
  g_assert_cmpuint (visible_lines (page), ==, G_N_ELEMENTS (discovery_lines));
  player = debrief_recording_page_get_player (page);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-recording-page");

  /* Space plays, into the fake sink, even with a transcript line focused;
   * typed into the notes, it is a space. */
  gtk_widget_grab_focus (GTK_WIDGET (transcript_row (page, 0)));
  g_assert_true (press_key (page, GDK_KEY_space));
  wait_until (playing_a_while, player, "playback");
  gtk_widget_grab_focus (find_descendant (GTK_WIDGET (page), GTK_TYPE_TEXT_VIEW));
  g_assert_false (press_key (page, GDK_KEY_space));
  g_assert_true (debrief_player_get_playing (player));
  /* On a button of the header, Space presses the button. */
  gtk_widget_grab_focus (find_widget (GTK_WIDGET (page), shown_button_with_action, "recording.back"));
  g_assert_false (press_key (page, GDK_KEY_space));
  g_assert_true (debrief_player_get_playing (player));

  /* A click on the fourth line plays from there, and highlights it. */
  gtk_widget_activate (GTK_WIDGET (transcript_row (page, 3)));
  g_assert_cmpint (ABS (debrief_player_get_position_ms (player) - discovery_lines[3].start_ms), <, 500);
  wait_until (played_past_line_3, player, "playback after the seek");
  drain ();
  g_assert_true (debrief_player_get_playing (player));
  g_assert_cmpint (debrief_player_get_position_ms (player), >=, discovery_lines[3].start_ms);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (transcript_row (page, 3)), "playing"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (transcript_row (page, 2)), "playing"));
  save_screenshot (GTK_WIDGET (f->window), "review-playing");

  /* In a short window, the transcript follows the line being played. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 420);
  drain ();
  scroller = GTK_SCROLLED_WINDOW (find_descendant (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
  gtk_widget_activate (GTK_WIDGET (transcript_row (page, 4)));
  drain ();
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)), >, 0);
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (transcript_row (page, 4)),
                                              gtk_scrolled_window_get_child (scroller), &bounds));
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                       gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (scroller)));
  }
  save_screenshot (GTK_WIDGET (f->window), "review-follows-transcript");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 900);
  drain ();

  /* J and L skip ten seconds; the speed menu sets the rate. */
  gtk_widget_grab_focus (GTK_WIDGET (transcript_row (page, 3)));
  before = debrief_player_get_position_ms (player);
  g_assert_true (press_key (page, GDK_KEY_j));
  g_assert_cmpint (debrief_player_get_position_ms (player), <=, before - 9000);
  before = debrief_player_get_position_ms (player);
  g_assert_true (press_key (page, GDK_KEY_Right));
  g_assert_cmpint (debrief_player_get_position_ms (player), >=, before + 4500);
  gtk_widget_activate_action (GTK_WIDGET (page), "recording.rate", "d", 1.5);
  g_assert_cmpfloat (debrief_player_get_rate (player), ==, 1.5);
  gtk_widget_activate_action (GTK_WIDGET (page), "recording.play-pause", NULL);
  g_assert_false (debrief_player_get_playing (player));

  /* Find in the transcript shows the lines that match. */
  search = find_descendant (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "BUDGET");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (visible_lines (page), ==, 2);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-find-in-transcript");
  gtk_editable_set_text (GTK_EDITABLE (search), "<b>&amp; nothing like this");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (visible_lines (page), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");

  /* Notes are saved as typed, and join the contact's history. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (page), GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (buffer, "Send the pilot terms by Friday.", -1);
  wait_until (notes_written, f, "the notes to be saved");

  /* Export, with its progress shown, into a zip that unzip accepts. */
  zip = g_build_filename (f->dir, "export.zip", NULL);
  debrief_recording_page_export (page, zip);
  g_assert_true (debrief_recording_page_get_exporting (page));
  wait_until (not_exporting, page, "the export");
  assert_zip_valid (zip);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-notes-and-history");

  /* Back to the library; then the coaching call, with its feedback. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "recording.back", NULL));
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), !=, "recording");
  debrief_window_open_call (f->window, coaching_id);
  wait_until (page_loaded, page, "the coaching call");
  g_assert_cmpuint (visible_lines (page), ==, 4);
  for (const char * const *text = (const char *[]) { "You held your price", "Calm tone", "Anchor on value",
                                                     "Practise the value statement", "You spoke 46 % of the time",
                                                     "4 questions asked", NULL }; *text != NULL; text++)
    g_assert_nonnull (find_widget (GTK_WIDGET (page), shown_label_saying, *text));
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-coaching");

  /* Narrow */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 700);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-narrow");
  gtk_widget_activate_action (GTK_WIDGET (page), "recording.back", NULL);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "library-narrow");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 900);

  /* A recording gone from the disk: the page says so, the rest is there. */
  g_assert_cmpint (g_unlink (interview_recording), ==, 0);
  debrief_window_open_call (f->window, interview_id);
  wait_until (page_loaded, page, "the call without its recording");
  error_label = find_widget (GTK_WIDGET (page), shown_error, NULL);
  g_assert_nonnull (error_label);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "does not exist"));
  g_assert_false (press_key (page, GDK_KEY_space));
  g_assert_false (debrief_player_get_playing (player));
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-missing-recording");
}

typedef struct
{
  Fixture    *fixture;
  const char *notes;
} NotesExpected;

/* The call's notes are @notes, and its history holds them once. */
static gboolean
notes_are (gpointer data)
{
  NotesExpected *expected = data;
  g_autofree char *path = g_build_filename (expected->fixture->dir, "debrief.db", NULL);
  g_autoptr(DebriefStore) store = debrief_store_open (path, NULL, NULL);
  g_autoptr(DebriefCall) call = debrief_store_get_call (store, discovery_id, NULL);
  g_autoptr(GPtrArray) history = debrief_store_list_conversations_for_call (store, discovery_id, NULL);
  guint notes = 0;
  gboolean same = FALSE;

  for (guint i = 0; i < history->len; i++)
    {
      DebriefConversation *conversation = g_ptr_array_index (history, i);

      if (conversation->message_type == DEBRIEF_MESSAGE_TYPE_NOTE)
        {
          notes++;
          same = g_strcmp0 (conversation->message, expected->notes) == 0;
        }
    }

  return g_strcmp0 (call->call_notes, expected->notes) == 0 && notes == 1 && same;
}

static void
body_notes_kept (Fixture *f)
{
  DebriefRecordingPage *page;
  GtkTextBuffer *buffer;
  NotesExpected first = { f, "Budget frozen until March." };
  NotesExpected last = { f, "Budget frozen until March. Pilot at no cost." };

  start_app (f);
  debrief_window_open_call (f->window, discovery_id);
  page = debrief_window_get_recording_page (f->window);
  wait_until (page_loaded, page, "the recording page");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (page), GTK_TYPE_TEXT_VIEW)));

  gtk_text_buffer_set_text (buffer, first.notes, -1);
  wait_until (notes_are, &first, "the first notes");

  /* Typed on, and the window closed at once: nothing is lost, and the
   * history still holds the notes once. */
  gtk_text_buffer_set_text (buffer, last.notes, -1);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (notes_are (&last));

  /* A call that is not there: said, and nothing of the last call shown. */
  f->window = debrief_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_until (rows_shown, f->window, "the library again");
  debrief_window_open_call (f->window, "no-such-call");
  page = debrief_window_get_recording_page (f->window);
  wait_until (unavailable_shown, page, "the error");
  g_assert_null (gtk_list_box_get_row_at_index (debrief_recording_page_get_transcript (page), 0));
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "review-call-not-available");
}

typedef struct
{
  DebriefWindow *window;
  guint          n_rows;
  const char    *page;
} Shown;

static gboolean
shown (gpointer data)
{
  Shown *shown = data;

  return !debrief_window_get_searching (shown->window) &&
         g_strcmp0 (debrief_window_get_visible_page (shown->window), shown->page) == 0 &&
         g_list_model_get_n_items (debrief_window_get_calls (shown->window)) == shown->n_rows;
}

static void
wait_for_rows (DebriefWindow *window,
               guint          n_rows)
{
  Shown expected = { window, n_rows, n_rows > 0 ? "library" : "no-results" };

  wait_until (shown, &expected, "the filtered calls");
}

static gboolean
names_read (gpointer data)
{
  g_autoptr(GObject) item = g_list_model_get_item (debrief_window_get_calls (data), 0);
  g_autofree char *subtitle = NULL;

  g_object_get (item, "subtitle", &subtitle, NULL);
  return subtitle != NULL && strstr (subtitle, "Dana Whitfield") != NULL;
}

static gboolean
second_calendar (GtkWidget     *widget,
                 gconstpointer  first)
{
  return GTK_IS_CALENDAR (widget) && widget != first;
}

static void
body_filters (Fixture *f)
{
  GtkWidget *filter_button;
  GtkWidget *menu_button;
  GtkWidget *popover;
  GtkWidget *clear;
  GtkWindow *range_dialog;
  g_autofree char *lead_id = NULL;

  start_app (f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 700);
  wait_for_rows (f->window, 3);
  filter_button = find_descendant (GTK_WIDGET (f->window), DEBRIEF_TYPE_FILTER_BUTTON);
  g_assert_nonnull (filter_button);

  /* The menu, as it opens */
  menu_button = find_descendant (filter_button, GTK_TYPE_MENU_BUTTON);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  drain ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_true (gtk_widget_get_mapped (popover));
  save_screenshot (popover, "library-filter-menu");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  /* Kind */
  g_assert_true (gtk_widget_activate_action (filter_button, "filter.kind", "s", "coaching"));
  wait_for_rows (f->window, 1);
  {
    g_autoptr(DebriefCallItem) item = g_list_model_get_item (debrief_window_get_calls (f->window), 0);

    g_assert_cmpstr (debrief_call_item_get_title (item), ==, "Pricing objection drill");
  }

  /* Contact, named in the row */
  gtk_widget_activate_action (filter_button, "filter.kind", "s", "any");
  wait_for_rows (f->window, 3);
  wait_until (names_read, f->window, "the contact's name in the row");
  {
    g_autoptr(DebriefCallItem) item = g_list_model_get_item (debrief_window_get_calls (f->window), 0);

    lead_id = g_strdup (debrief_call_item_get_call (item)->lead_id);
  }
  gtk_widget_activate_action (filter_button, "filter.contact", "s", lead_id);
  wait_for_rows (f->window, 1);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "library-filtered");

  /* With a search: the words and the filter together */
  debrief_window_search (f->window, "pilot");
  wait_for_rows (f->window, 1);
  gtk_widget_activate_action (filter_button, "filter.kind", "s", "coaching");
  wait_for_rows (f->window, 0);
  clear = find_widget (GTK_WIDGET (f->window), shown_button_labelled, "_Clear Filters");
  g_assert_nonnull (clear);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "library-filtered-search-empty");
  gtk_widget_activate (clear);
  wait_for_rows (f->window, 1);
  debrief_window_search (f->window, "");

  /* Storage: nothing is in the cloud */
  gtk_widget_activate_action (filter_button, "filter.storage", "s", "cloud");
  wait_for_rows (f->window, 0);
  gtk_widget_activate_action (filter_button, "filter.storage", "s", "local");
  wait_for_rows (f->window, 3);

  /* Date: the calls are from November 2025 */
  gtk_widget_activate_action (filter_button, "filter.period", "s", "week");
  wait_for_rows (f->window, 0);

  /* A custom range: 20 and 21 November 2025 */
  g_assert_true (gtk_widget_activate_action (filter_button, "filter.choose-range", NULL));
  range_dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (range_dialog);
  drain ();
  save_screenshot (GTK_WIDGET (range_dialog), "library-filter-range");
  {
    g_autoptr(GDateTime) first = g_date_time_new_local (2025, 11, 21, 12, 0, 0);
    g_autoptr(GDateTime) last = g_date_time_new_local (2025, 11, 20, 12, 0, 0);
    GtkWidget *calendar = find_descendant (GTK_WIDGET (range_dialog), GTK_TYPE_CALENDAR);

    /* The first calendar is "From"; the range is swapped into order. */
    gtk_calendar_select_day (GTK_CALENDAR (calendar), first);
    calendar = find_widget (GTK_WIDGET (range_dialog), second_calendar, calendar);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), last);
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (range_dialog), "apply");
  wait_for_rows (f->window, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.clear-filters", NULL);
  wait_for_rows (f->window, 3);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/recording-page/review", Fixture, (gconstpointer) body_review_a_recording,
              fixture_set_up_with_recordings, test_ui, fixture_tear_down);

  g_test_add ("/ui/recording-page/notes-kept", Fixture, (gconstpointer) body_notes_kept,
              fixture_set_up_with_recordings, test_ui, fixture_tear_down);
  g_test_add ("/ui/library/filters", Fixture, (gconstpointer) body_filters, fixture_set_up_with_recordings, test_ui,
              fixture_tear_down);

  return g_test_run ();
}
