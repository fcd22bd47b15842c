/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-export.h: a call as one .zip: recording, coach's audio, transcripts, archive, notes */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"

G_BEGIN_DECLS

typedef void (*DebriefExportProgress) (double   fraction,
                                       gpointer user_data);

gboolean debrief_call_export (DebriefStore           *store,
                              const char             *call_id,
                              const char             *zip_path,
                              DebriefExportProgress   progress,
                              gpointer                progress_data,
                              GCancellable           *cancellable,
                              GError                **error);

G_END_DECLS
