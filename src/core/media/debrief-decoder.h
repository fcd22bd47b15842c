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

/* A blocking function of a file, to run in a worker thread. */
typedef gpointer (*DebriefFileFunc) (const char    *path,
                                     GCancellable  *cancellable,
                                     GError       **error);

void     debrief_file_task_run    (const char          *path,
                                   DebriefFileFunc      func,
                                   GDestroyNotify       free_result,
                                   gpointer             source_tag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gpointer debrief_file_task_finish (GAsyncResult        *result,
                                   gpointer             source_tag,
                                   GError             **error);

G_END_DECLS
