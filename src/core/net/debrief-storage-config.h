/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-storage-config.h: where the cloud copies go: preferences, keyring and environment together */

#pragma once

#include <gio/gio.h>

#include "debrief-enums.h"
#include "debrief-s3-client.h"
#include "debrief-supabase-client.h"

G_BEGIN_DECLS

GSettings             *debrief_storage_settings_new        (void);
DebriefStorageBackend  debrief_storage_backend_from_config (GSettings   *settings);
DebriefS3Config       *debrief_storage_s3_config_load      (GSettings   *settings,
                                                            GError     **error);

DebriefSupabaseClient *debrief_storage_supabase_connect    (GSettings     *settings,
                                                            GCancellable  *cancellable,
                                                            GError       **error);
DebriefSupabaseClient *debrief_storage_supabase_sign_in    (GSettings     *settings,
                                                            const char    *email,
                                                            const char    *password,
                                                            GCancellable  *cancellable,
                                                            GError       **error);

gboolean               debrief_storage_supabase_keep_session (DebriefSupabaseClient  *client,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

G_END_DECLS
