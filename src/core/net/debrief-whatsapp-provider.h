/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-provider.h: sending a recording or a text to one WhatsApp number, through the Cloud API or Twilio */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DEBRIEF_WHATSAPP_ERROR (debrief_whatsapp_error_quark ())

typedef enum
{
  DEBRIEF_WHATSAPP_ERROR_FAILED,
  DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED,      /* expired or wrong token */
  DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
  DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE,
  DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
  DEBRIEF_WHATSAPP_ERROR_RATE_LIMITED,
  DEBRIEF_WHATSAPP_ERROR_NETWORK,
  DEBRIEF_WHATSAPP_ERROR_SERVER,
  DEBRIEF_WHATSAPP_ERROR_NOT_CONFIGURED,
} DebriefWhatsAppError;

#define DEBRIEF_TYPE_WHATSAPP_PROVIDER (debrief_whatsapp_provider_get_type ())

G_DECLARE_INTERFACE (DebriefWhatsAppProvider, debrief_whatsapp_provider, DEBRIEF, WHATSAPP_PROVIDER, GObject)

/* What a provider implements. The checks every provider needs (the number,
 * the file's type and size, a media URL where one is needed) are made
 * before these are called: @to_e164 is in E.164 and @content_type is one of
 * WhatsApp's audio types, without parameters. */
struct _DebriefWhatsAppProviderInterface
{
  GTypeInterface parent_iface;

  void      (*send_audio_async)  (DebriefWhatsAppProvider  *self,
                                  const char               *to_e164,
                                  const char               *path,
                                  const char               *content_type,
                                  gboolean                  voice_note,
                                  const char               *media_url,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data);
  char     *(*send_audio_finish) (DebriefWhatsAppProvider  *self,
                                  GAsyncResult             *result,
                                  GError                  **error);
  void      (*send_text_async)   (DebriefWhatsAppProvider  *self,
                                  const char               *to_e164,
                                  const char               *text,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data);
  char     *(*send_text_finish)  (DebriefWhatsAppProvider  *self,
                                  GAsyncResult             *result,
                                  GError                  **error);
  gboolean  (*needs_media_url)   (DebriefWhatsAppProvider  *self);
  guint     (*get_retry_after)   (DebriefWhatsAppProvider  *self);
};

GQuark                   debrief_whatsapp_error_quark                (void);

void                     debrief_whatsapp_provider_send_audio_async  (DebriefWhatsAppProvider  *self,
                                                                      const char               *to_e164,
                                                                      const char               *path,
                                                                      const char               *content_type,
                                                                      gboolean                  voice_note,
                                                                      const char               *media_url,
                                                                      GCancellable             *cancellable,
                                                                      GAsyncReadyCallback       callback,
                                                                      gpointer                  user_data);
char                    *debrief_whatsapp_provider_send_audio_finish (DebriefWhatsAppProvider  *self,
                                                                      GAsyncResult             *result,
                                                                      GError                  **error);
void                     debrief_whatsapp_provider_send_text_async   (DebriefWhatsAppProvider  *self,
                                                                      const char               *to_e164,
                                                                      const char               *text,
                                                                      GCancellable             *cancellable,
                                                                      GAsyncReadyCallback       callback,
                                                                      gpointer                  user_data);
char                    *debrief_whatsapp_provider_send_text_finish  (DebriefWhatsAppProvider  *self,
                                                                      GAsyncResult             *result,
                                                                      GError                  **error);
gboolean                 debrief_whatsapp_provider_needs_media_url   (DebriefWhatsAppProvider  *self);
guint                    debrief_whatsapp_provider_get_retry_after   (DebriefWhatsAppProvider  *self);

DebriefWhatsAppProvider *debrief_whatsapp_provider_new_from_config   (GSettings                *settings,
                                                                      const char               *provider_name,
                                                                      GCancellable             *cancellable,
                                                                      GError                  **error);

/* For the providers (debrief-whatsapp-cloud.c, debrief-whatsapp-twilio.c) */
JsonObject              *debrief_whatsapp_parse_object               (GBytes                   *body);
guint                    debrief_whatsapp_parse_retry_after          (const char               *value);
GError                  *debrief_whatsapp_transport_error            (const char               *service,
                                                                      const char               *url,
                                                                      const GError             *error);

gboolean                 debrief_whatsapp_provider_config_sends_links
                                                                     (GSettings                *settings,
                                                                      const char               *provider_name);

G_END_DECLS
