/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-share.h: links to a call's recording in the cloud that expire */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"

G_BEGIN_DECLS

char *debrief_share_call_recording (DebriefStore  *store,
                                    GSettings     *settings,
                                    const char    *call_id,
                                    guint          ttl_seconds,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
