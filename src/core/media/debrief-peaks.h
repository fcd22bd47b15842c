/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-peaks.h: a recording's waveform, downsampled once and cached next to it */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DEBRIEF_PEAKS_PER_SECOND 100

GBytes   *debrief_peaks_get        (const char           *path,
                                    GCancellable         *cancellable,
                                    GError              **error);
void      debrief_peaks_get_async  (const char           *path,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GBytes   *debrief_peaks_get_finish (GAsyncResult         *result,
                                    GError              **error);
char     *debrief_peaks_cache_path (const char           *path);

G_END_DECLS
