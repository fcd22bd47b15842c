/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-supabase-client.h: Supabase Auth, Storage and REST, on libsoup and json-glib */

#pragma once

#include <json-glib/json-glib.h>

#include "debrief-s3-client.h"

G_BEGIN_DECLS

#define DEBRIEF_SUPABASE_ERROR (debrief_supabase_error_quark ())

typedef enum
{
  DEBRIEF_SUPABASE_ERROR_FAILED,
  DEBRIEF_SUPABASE_ERROR_NETWORK,
  DEBRIEF_SUPABASE_ERROR_AUTH,          /* wrong password, expired or revoked session */
  DEBRIEF_SUPABASE_ERROR_NOT_SIGNED_IN,
  DEBRIEF_SUPABASE_ERROR_NOT_FOUND,
  DEBRIEF_SUPABASE_ERROR_RETRY,
  DEBRIEF_SUPABASE_ERROR_INVALID,
} DebriefSupabaseError;

#define DEBRIEF_TYPE_SUPABASE_CLIENT (debrief_supabase_client_get_type ())

G_DECLARE_FINAL_TYPE (DebriefSupabaseClient, debrief_supabase_client, DEBRIEF, SUPABASE_CLIENT, GObject)

GQuark                 debrief_supabase_error_quark          (void);

DebriefSupabaseClient *debrief_supabase_client_new           (const char             *url,
                                                              const char             *anon_key,
                                                              const char             *bucket,
                                                              GError                **error);

/* Blocking calls, for worker threads. */
gboolean               debrief_supabase_client_sign_in       (DebriefSupabaseClient  *self,
                                                              const char             *email,
                                                              const char             *password,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
gboolean               debrief_supabase_client_refresh       (DebriefSupabaseClient  *self,
                                                              const char             *refresh_token,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
const char            *debrief_supabase_client_get_user_id   (DebriefSupabaseClient  *self);
const char            *debrief_supabase_client_get_refresh_token
                                                             (DebriefSupabaseClient  *self);

gboolean               debrief_supabase_client_upload        (DebriefSupabaseClient  *self,
                                                              const char             *path,
                                                              const char             *local_path,
                                                              const char             *content_type,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
gint64                 debrief_supabase_client_object_size   (DebriefSupabaseClient  *self,
                                                              const char             *path,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
GBytes                *debrief_supabase_client_download      (DebriefSupabaseClient  *self,
                                                              const char             *path,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
gboolean               debrief_supabase_client_delete        (DebriefSupabaseClient  *self,
                                                              const char             *path,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
char                  *debrief_supabase_client_sign_url      (DebriefSupabaseClient  *self,
                                                              const char             *path,
                                                              guint                   ttl_seconds,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
gboolean               debrief_supabase_client_upsert        (DebriefSupabaseClient  *self,
                                                              const char             *table,
                                                              JsonNode               *rows,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
JsonArray             *debrief_supabase_client_select        (DebriefSupabaseClient  *self,
                                                              const char             *table,
                                                              const char * const     *params,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
gboolean               debrief_supabase_client_delete_rows   (DebriefSupabaseClient  *self,
                                                              const char             *table,
                                                              const char             *column,
                                                              const char             *value,
                                                              GCancellable           *cancellable,
                                                              GError                **error);

G_END_DECLS
