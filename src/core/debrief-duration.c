/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-duration.c: durations as a person reads them on a clock */

#include "config.h"

#include "debrief-duration.h"

/**
 * debrief_duration_format_clock:
 * @ms: a duration in milliseconds
 *
 * Returns: (transfer full): "mm:ss", or "h:mm:ss" from an hour on
 */
char *
debrief_duration_format_clock (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s % 3600 / 60), (int) (s % 60));

  return g_strdup_printf ("%02d:%02d", (int) (s / 60), (int) (s % 60));
}
