/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cleanup.h: retention: old free-plan assets and failed empty calls, removed locally and remotely */

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

GPtrArray *debrief_cleanup_run (DebriefStore                *store,
                                DebriefUploadQueue          *queue,
                                const DebriefCleanupOptions *options,
                                GCancellable                *cancellable,
                                GError                     **error);

G_END_DECLS
