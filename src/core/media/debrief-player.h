/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-player.h: playing a recording: play, pause, seek, speed with pitch kept */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DEBRIEF_TYPE_PLAYER (debrief_player_get_type ())

G_DECLARE_FINAL_TYPE (DebriefPlayer, debrief_player, DEBRIEF, PLAYER, GObject)

DebriefPlayer *debrief_player_new             (void);
gboolean       debrief_player_open            (DebriefPlayer  *self,
                                               const char     *path,
                                               GError        **error);
void           debrief_player_close           (DebriefPlayer  *self);
const char    *debrief_player_get_path        (DebriefPlayer  *self);
void           debrief_player_play            (DebriefPlayer  *self);
void           debrief_player_pause           (DebriefPlayer  *self);
gboolean       debrief_player_get_playing     (DebriefPlayer  *self);
void           debrief_player_seek            (DebriefPlayer  *self,
                                               gint64          position_ms);
gint64         debrief_player_get_position_ms (DebriefPlayer  *self);
gint64         debrief_player_get_duration_ms (DebriefPlayer  *self);
void           debrief_player_set_rate        (DebriefPlayer  *self,
                                               double          rate);
double         debrief_player_get_rate        (DebriefPlayer  *self);

G_END_DECLS
