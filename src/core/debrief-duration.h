/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-duration.h: durations as a person reads them on a clock */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *debrief_duration_format_clock (gint64 ms);

G_END_DECLS
