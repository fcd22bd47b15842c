/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-transcript-line.h: one line of a transcript: who spoke, when, and what they said */

#pragma once

#include <gtk/gtk.h>

#include "debrief-enums.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_TRANSCRIPT_LINE (debrief_transcript_line_get_type ())

G_DECLARE_FINAL_TYPE (DebriefTranscriptLine, debrief_transcript_line, DEBRIEF, TRANSCRIPT_LINE, GtkListBoxRow)

GtkWidget  *debrief_transcript_line_new           (DebriefSpeaker         speaker,
                                                   gint64                 start_ms,
                                                   const char            *text);
gint64      debrief_transcript_line_get_start_ms  (DebriefTranscriptLine *self);
const char *debrief_transcript_line_get_text      (DebriefTranscriptLine *self);
void        debrief_transcript_line_append        (DebriefTranscriptLine *self,
                                                   const char            *text);
void        debrief_transcript_line_mark_interrupted
                                                  (DebriefTranscriptLine *self);
void        debrief_transcript_line_set_selectable (DebriefTranscriptLine *self,
                                                    gboolean               selectable);
void        debrief_transcript_line_set_audio     (DebriefTranscriptLine *self,
                                                   const char            *action_name,
                                                   const char            *path);
gboolean    debrief_transcript_line_highlight     (DebriefTranscriptLine *self,
                                                   const char            *query);

G_END_DECLS
