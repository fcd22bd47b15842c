/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-coach-voice.h: the coach's voice: spoken sentences played in order without gaps, stopped at once */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DEBRIEF_TYPE_COACH_VOICE (debrief_coach_voice_get_type ())

G_DECLARE_FINAL_TYPE (DebriefCoachVoice, debrief_coach_voice, DEBRIEF, COACH_VOICE, GObject)

DebriefCoachVoice *debrief_coach_voice_new                  (void);
gboolean           debrief_coach_voice_start                (DebriefCoachVoice  *self,
                                                             GError            **error);
void               debrief_coach_voice_shutdown             (DebriefCoachVoice  *self);
char              *debrief_coach_voice_dup_recording_source (DebriefCoachVoice  *self);
const char        *debrief_coach_voice_get_echo_probe       (DebriefCoachVoice  *self);
guint              debrief_coach_voice_begin_sentence       (DebriefCoachVoice  *self);
void               debrief_coach_voice_push                 (DebriefCoachVoice  *self,
                                                             guint               sentence,
                                                             GBytes             *encoded);
void               debrief_coach_voice_end_sentence         (DebriefCoachVoice  *self,
                                                             guint               sentence);
void               debrief_coach_voice_stop                 (DebriefCoachVoice  *self);
gboolean           debrief_coach_voice_get_speaking         (DebriefCoachVoice  *self);
gint64             debrief_coach_voice_get_sentence_ms      (DebriefCoachVoice  *self,
                                                             guint               sentence);

G_END_DECLS
