/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-window.h: the main window, holding the recordings library */

#pragma once

#include <adwaita.h>

#include "debrief-application.h"
#include "debrief-recording-page.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_WINDOW (debrief_window_get_type ())

G_DECLARE_FINAL_TYPE (DebriefWindow, debrief_window, DEBRIEF, WINDOW, AdwApplicationWindow)

DebriefWindow *debrief_window_new              (DebriefApplication *application);
const char    *debrief_window_get_visible_page (DebriefWindow      *self);
GListModel    *debrief_window_get_calls        (DebriefWindow      *self);
void           debrief_window_search           (DebriefWindow      *self,
                                                const char         *text);
gboolean       debrief_window_get_searching    (DebriefWindow      *self);
void           debrief_window_import_files     (DebriefWindow      *self,
                                                GListModel         *files);
void           debrief_window_open_call        (DebriefWindow      *self,
                                                const char         *call_id);
DebriefRecordingPage *
               debrief_window_get_recording_page
                                               (DebriefWindow      *self);

G_END_DECLS
