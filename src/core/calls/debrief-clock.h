/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-clock.h: time and timers for call sessions, real or advanced by hand in tests */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DEBRIEF_TYPE_CLOCK (debrief_clock_get_type ())

G_DECLARE_FINAL_TYPE (DebriefClock, debrief_clock, DEBRIEF, CLOCK, GObject)

DebriefClock *debrief_clock_new_real        (void);
DebriefClock *debrief_clock_new_manual      (gint64          wall_start_us);
gint64        debrief_clock_get_monotonic   (DebriefClock   *self);
gint64        debrief_clock_get_wall        (DebriefClock   *self);
guint         debrief_clock_add_timer       (DebriefClock   *self,
                                             guint           interval_ms,
                                             GSourceFunc     callback,
                                             gpointer        data);
void          debrief_clock_remove_timer    (DebriefClock   *self,
                                             guint           id);
void          debrief_clock_advance         (DebriefClock   *self,
                                             guint           ms);

G_END_DECLS
