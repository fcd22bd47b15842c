/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-decoder.h: decoding an audio file to float samples, for probing, peaks and tests */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called with @n_frames interleaved frames of @channels floats; return FALSE to stop. */
typedef gboolean (*DebriefSamplesFunc) (const float *samples,
                                        gsize        n_frames,
                                        guint        channels,
                                        guint        rate,
                                        gpointer     user_data);

gboolean debrief_decode_file (const char          *path,
                              DebriefSamplesFunc   func,
                              gpointer             user_data,
                              GCancellable        *cancellable,
                              GError             **error);

G_END_DECLS
