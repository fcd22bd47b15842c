/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-import.h: audio files added to the library as recorded calls */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"

G_BEGIN_DECLS

DebriefCall *debrief_call_import (DebriefStore           *store,
                                  const char             *path,
                                  const char             *title,
                                  const char             *lead_id,
                                  DebriefStorageBackend   backend,
                                  const char             *data_dir,
                                  GCancellable           *cancellable,
                                  GError                **error);

G_END_DECLS
