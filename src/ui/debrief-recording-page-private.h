/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recording-page-private.h: what the recording page's files share */

#pragma once

#include "debrief-recording-page.h"
#include "debrief-waveform.h"

G_BEGIN_DECLS

struct _DebriefRecordingPage
{
  AdwBin            parent_instance;

  AdwWindowTitle   *window_title;
  GtkStack         *page_stack;
  AdwStatusPage    *unavailable_page;
  GtkScrolledWindow *scroller;
  GtkWidget        *content;
  GtkWidget        *player_box;
  GtkRevealer      *export_revealer;
  GtkLabel         *export_label;
  GtkProgressBar   *export_progress;
  DebriefWaveform  *waveform;
  GtkLabel         *position_label;
  GtkLabel         *duration_label;
  GtkLabel         *player_error;
  GtkButton        *play_button;
  GtkMenuButton    *speed_button;
  GtkWidget        *feedback_box;
  GtkListBox       *feedback_list;
  GtkSearchEntry   *transcript_search;
  GtkStack         *transcript_stack;
  GtkListBox       *transcript_list;
  GtkLabel         *transcript_empty_label;
  GtkLabel         *notes_status;
  GtkTextView      *notes_view;
  GtkLabel         *timeline_title;
  GtkListBox       *timeline_list;

  /* Read by worker threads: released in finalize. */
  DebriefStore     *store;
  GSettings        *settings;

  DebriefCall      *call;
  char             *call_id;
  GPtrArray        *chunks;
  GArray           *utterances;
  guint             playing_line;
  DebriefPlayer    *player;
  DebriefPlayer    *chunk_player;
  GCancellable     *cancellable;      /* what is read for the call shown */
  GCancellable     *export_cancellable;
  double            rate;

  char             *note_id;          /* the call's note in the history */
  GMutex            notes_lock;       /* one notes write at a time */
  guint             notes_seq;        /* the notes taken so far */
  guint             notes_written_seq; /* the latest written */
  guint             save_source;
  gboolean          notes_dirty;
  gboolean          saving;
  gboolean          filling_notes;
  gboolean          loaded;
};

const char *debrief_call_title                    (const DebriefCall    *call);
GtkWidget  *debrief_recording_page_make_info_row  (const char           *title,
                                                   const char           *text);
void        debrief_recording_page_toast          (DebriefRecordingPage *self,
                                                   AdwToast             *toast);
void        debrief_recording_page_show_error     (DebriefRecordingPage *self,
                                                   const GError         *error);
GPtrArray  *debrief_recording_page_read_history   (DebriefStore         *store,
                                                   const DebriefCall    *call,
                                                   char                **note_id,
                                                   GError              **error);
void        debrief_recording_page_show_feedback  (DebriefRecordingPage *self);
void        debrief_recording_page_clear_list     (GtkListBox           *list);
void        debrief_recording_page_show_timeline  (DebriefRecordingPage *self,
                                                   const DebriefLead    *lead,
                                                   GPtrArray            *conversations);
void        debrief_recording_page_notes_changed  (DebriefRecordingPage *self);
void        debrief_recording_page_save_notes_now (DebriefRecordingPage *self);
void        debrief_recording_page_add_actions    (GtkWidgetClass       *widget_class);

G_END_DECLS
