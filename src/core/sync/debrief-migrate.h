/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-migrate.h: moving calls kept on this computer to the cloud storage */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"

G_BEGIN_DECLS

GPtrArray *debrief_migrate_to_cloud (DebriefStore           *store,
                                     DebriefStorageBackend   backend,
                                     const char             *data_dir,
                                     gboolean                dry_run,
                                     GError                **error);

GPtrArray *debrief_restore_local    (DebriefStore           *store,
                                     GSettings              *settings,
                                     gboolean                dry_run,
                                     guint                  *n_failed,
                                     GCancellable           *cancellable,
                                     GError                **error);

G_END_DECLS
