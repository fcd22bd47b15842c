/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-finish.h: what ending a call writes, whether it ended normally or was recovered */

#pragma once

#include "debrief-store.h"

G_BEGIN_DECLS

char      *debrief_call_get_dir      (const DebriefCall  *call,
                                      const char         *data_dir);
gboolean   debrief_call_finish       (DebriefStore       *store,
                                      DebriefCall        *call,
                                      const char         *data_dir,
                                      GError            **error);
gboolean   debrief_call_upload_may_be_stored
                                     (const DebriefFileUpload *upload);
gboolean   debrief_call_purge        (DebriefStore       *store,
                                      const DebriefCall  *call,
                                      const char         *data_dir,
                                      GError            **error);
guint      debrief_call_purge_deleted (DebriefStore      *store,
                                      const char         *data_dir,
                                      GError            **error);
GPtrArray *debrief_call_recover_abandoned
                                     (DebriefStore       *store,
                                      const char         *data_dir,
                                      GCancellable       *cancellable,
                                      GError            **error);

void       debrief_call_recover_abandoned_async
                                     (DebriefStore       *store,
                                      const char         *data_dir,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
GPtrArray *debrief_call_recover_abandoned_finish
                                     (GAsyncResult       *result,
                                      GError            **error);

int        debrief_call_lock         (const char         *call_dir,
                                      GError            **error);
void       debrief_call_unlock       (int                 fd,
                                      const char         *call_dir);

G_END_DECLS
