/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-message-pull.h: WhatsApp replies stored in the remote conversations table, brought into the local timelines */

#pragma once

#include <gio/gio.h>

#include "debrief-store.h"
#include "debrief-supabase-client.h"

G_BEGIN_DECLS

/* Rows asked for in one request */
#define DEBRIEF_MESSAGE_PULL_PAGE 200

gboolean debrief_message_pull (DebriefStore           *store,
                               DebriefSupabaseClient  *client,
                               gint64                  since,
                               gint64                 *until,
                               guint                  *pulled,
                               GCancellable           *cancellable,
                               GError                **error);

G_END_DECLS
