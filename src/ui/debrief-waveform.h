/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-waveform.h: a recording's waveform that shows how far it has played and seeks where clicked */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DEBRIEF_TYPE_WAVEFORM (debrief_waveform_get_type ())

G_DECLARE_FINAL_TYPE (DebriefWaveform, debrief_waveform, DEBRIEF, WAVEFORM, GtkWidget)

GtkWidget *debrief_waveform_new          (void);
void       debrief_waveform_set_peaks    (DebriefWaveform *self,
                                          GBytes          *peaks);
void       debrief_waveform_set_duration (DebriefWaveform *self,
                                          gint64           duration_ms);
gint64     debrief_waveform_get_duration (DebriefWaveform *self);
void       debrief_waveform_set_position (DebriefWaveform *self,
                                          gint64           position_ms);
gint64     debrief_waveform_get_position (DebriefWaveform *self);

G_END_DECLS
