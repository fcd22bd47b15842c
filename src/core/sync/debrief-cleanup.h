/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cleanup.h: removing calls' files here and in the cloud: deletion for good, and retention */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"
#include "debrief-upload-queue.h"

G_BEGIN_DECLS

typedef struct
{
  const char *data_dir;
  gboolean    free_plan;
  guint       retention_days; /* 0 keeps everything */
  gint64      now;
  gboolean    dry_run;
} DebriefCleanupOptions;

gboolean   debrief_call_remove_cloud_copies (DebriefStore        *store,
                                             DebriefUploadQueue  *queue,
                                             const DebriefCall   *call,
                                             gboolean             dry_run,
                                             GPtrArray           *report,
                                             guint               *n_left,
                                             GCancellable        *cancellable,
                                             GError             **error);
gboolean   debrief_call_delete_everywhere   (DebriefStore        *store,
                                             DebriefUploadQueue  *queue,
                                             const DebriefCall   *call,
                                             const char          *data_dir,
                                             GCancellable        *cancellable,
                                             GError             **error);
gboolean   debrief_call_delete_for_good     (DebriefStore        *store,
                                             GSettings           *settings,
                                             const char          *call_id,
                                             const char          *data_dir,
                                             GCancellable        *cancellable,
                                             GError             **error);
guint      debrief_calls_delete_hidden      (DebriefStore        *store,
                                             GSettings           *settings,
                                             const char          *data_dir,
                                             GCancellable        *cancellable,
                                             GError             **error);
void       debrief_calls_delete_hidden_async
                                            (DebriefStore        *store,
                                             GSettings           *settings,
                                             const char          *data_dir,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
guint      debrief_calls_delete_hidden_finish
                                            (DebriefStore        *store,
                                             GAsyncResult        *result,
                                             GError             **error);

GPtrArray *debrief_cleanup_run              (DebriefStore                *store,
                                             DebriefUploadQueue          *queue,
                                             const DebriefCleanupOptions *options,
                                             GCancellable                *cancellable,
                                             GError                     **error);

G_END_DECLS
