/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-secrets.h: keys and tokens, kept only in the keyring (libsecret) */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DEBRIEF_SECRET_S3_ACCESS_KEY "s3-access-key"
#define DEBRIEF_SECRET_S3_SECRET_KEY "s3-secret-key"
#define DEBRIEF_SECRET_SUPABASE_ANON_KEY "supabase-anon-key"
#define DEBRIEF_SECRET_SUPABASE_REFRESH_TOKEN "supabase-refresh-token"
#define DEBRIEF_SECRET_VOICE_API_KEY "voice-api-key"
#define DEBRIEF_SECRET_WHATSAPP_TOKEN "whatsapp-token"
#define DEBRIEF_SECRET_TWILIO_AUTH_TOKEN "twilio-auth-token"

gboolean  debrief_secret_store  (const char    *service,
                                 const char    *label,
                                 const char    *secret,
                                 GCancellable  *cancellable,
                                 GError       **error);
char     *debrief_secret_lookup (const char    *service,
                                 GCancellable  *cancellable,
                                 GError       **error);
gboolean  debrief_secret_clear  (const char    *service,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
