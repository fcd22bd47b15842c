/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recording-page.h: one call to review: player over its waveform, transcript, feedback, notes, history */

#pragma once

#include <adwaita.h>

#include "debrief-player.h"
#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_RECORDING_PAGE (debrief_recording_page_get_type ())

G_DECLARE_FINAL_TYPE (DebriefRecordingPage, debrief_recording_page, DEBRIEF, RECORDING_PAGE, AdwBin)

void           debrief_recording_page_show_call   (DebriefRecordingPage *self,
                                                   DebriefStore         *store,
                                                   GSettings            *settings,
                                                   const char           *call_id);
void           debrief_recording_page_leave       (DebriefRecordingPage *self);
const char    *debrief_recording_page_get_call_id (DebriefRecordingPage *self);
gboolean       debrief_recording_page_get_loaded  (DebriefRecordingPage *self);
void           debrief_recording_page_reload_history
                                                  (DebriefRecordingPage *self);
void           debrief_recording_page_reload_feedback
                                                  (DebriefRecordingPage *self);
void           debrief_recording_page_set_title   (DebriefRecordingPage *self,
                                                   const char           *title);
DebriefPlayer *debrief_recording_page_get_player  (DebriefRecordingPage *self);
GtkListBox    *debrief_recording_page_get_transcript
                                                  (DebriefRecordingPage *self);
gboolean       debrief_recording_page_get_exporting
                                                  (DebriefRecordingPage *self);
void           debrief_recording_page_export      (DebriefRecordingPage *self,
                                                   const char           *zip_path);

G_END_DECLS
