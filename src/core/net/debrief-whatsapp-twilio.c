/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-twilio.c: Twilio's Messages API as a WhatsApp provider */

#define G_LOG_DOMAIN "debrief-whatsapp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "debrief-json.h"
#include "debrief-whatsapp-twilio.h"

#define TIMEOUT_S 60

struct _DebriefWhatsAppTwilio
{
  GObject      parent_instance;

  char        *api_url;      /* without a trailing slash */
  char        *account_sid;
  char        *basic;        /* the Authorization header: "Basic base64(sid:token)" */
  char        *from;         /* E.164 */
  SoupSession *session;
  guint        retry_after;
};

static void provider_iface_init (DebriefWhatsAppProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DebriefWhatsAppTwilio, debrief_whatsapp_twilio, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DEBRIEF_TYPE_WHATSAPP_PROVIDER, provider_iface_init))

/* One message; the GTask's data. */
typedef struct
{
  char        *to;        /* E.164 */
  char        *basename;  /* of the recording, or NULL for a text */
  char        *url;
  SoupMessage *message;
} Request;

static void
request_free (Request *r)
{
  g_free (r->to);
  g_free (r->basename);
  g_free (r->url);
  g_clear_object (&r->message);
  g_free (r);
}

/**
 * debrief_whatsapp_twilio_new:
 * @api_url: Twilio's API root, %DEBRIEF_WHATSAPP_TWILIO_DEFAULT_URL
 * @account_sid: the account SID ("AC…")
 * @auth_token: the account's auth token
 * @from_e164: the WhatsApp sender number of the account, in E.164
 *
 * Returns: (transfer full): a provider that has Twilio download the audio
 *   from a public URL
 */
DebriefWhatsAppProvider *
debrief_whatsapp_twilio_new (const char *api_url,
                             const char *account_sid,
                             const char *auth_token,
                             const char *from_e164)
{
  DebriefWhatsAppTwilio *self;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (api_url != NULL, NULL);
  g_return_val_if_fail (account_sid != NULL && *account_sid != '\0', NULL);
  g_return_val_if_fail (auth_token != NULL && *auth_token != '\0', NULL);
  g_return_val_if_fail (from_e164 != NULL && from_e164[0] == '+', NULL);

  self = g_object_new (DEBRIEF_TYPE_WHATSAPP_TWILIO, NULL);
  self->api_url = g_strstrip (g_strdup (api_url));
  while (g_str_has_suffix (self->api_url, "/"))
    self->api_url[strlen (self->api_url) - 1] = '\0';
  self->account_sid = g_strstrip (g_strdup (account_sid));
  credentials = g_strconcat (self->account_sid, ":", auth_token, NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  self->basic = g_strconcat ("Basic ", encoded, NULL);
  self->from = g_strdup (from_e164);

  return DEBRIEF_WHATSAPP_PROVIDER (self);
}

/* Twilio's errors: {"code": 21211, "message", "more_info", "status": 400} */

static GError *
twilio_error (DebriefWhatsAppTwilio *self,
              Request               *r,
              guint                  status,
              JsonObject            *answer)
{
  const char *message = debrief_json_string_member (answer, "message");
  gint64 code = debrief_json_int_member (answer, "code");
  g_autofree char *detail = NULL;
  const char *recording = r->basename != NULL ? r->basename : "";

  if (message == NULL)
    message = soup_message_get_reason_phrase (r->message);
  if (message == NULL || *message == '\0')
    message = soup_status_get_phrase (status);
  detail = code > 0 ? g_strdup_printf (_("%s; Twilio error %d"), message, (int) code) : g_strdup (message);

  if (code == 20003 || status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED,
                        _("Twilio refused the account SID or auth token; check them in Preferences (%s)"), detail);

  if (code == 20429 || code == 63018 || status == 429)
    {
      const char *header = soup_message_headers_get_one (soup_message_get_response_headers (r->message),
                                                         "Retry-After");

      /* Without a header: Twilio's documentation says to back off, for a
       * second on its API, longer on the WhatsApp channel. */
      self->retry_after = debrief_whatsapp_parse_retry_after (header);
      if (self->retry_after == 0)
        self->retry_after = code == 63018 ? 60 : 5;
      return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_RATE_LIMITED,
                          _("Twilio is limiting how many messages are sent; try again in %u s (%s)"),
                          self->retry_after, detail);
    }

  if (code == 21211 || code == 21614 || code == 63003)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                        _("Twilio cannot send to %s on WhatsApp (%s)"), r->to, detail);
  if (code == 63016)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                        _("WhatsApp will not deliver to %s: more than 24 hours have passed since they last wrote, "
                          "so they must write first (%s)"), r->to, detail);
  if (code == 21606 || code == 63007)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                        _("Twilio cannot send WhatsApp messages from %s; check the sender number in Preferences (%s)"),
                        self->from, detail);
  if (code == 11200 || code == 63019 || code == 63021 || code == 21620 || code == 21623)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                        _("Twilio could not send the recording %s (%s)"), recording, detail);
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE,
                        _("The recording %s is too large for Twilio (%s)"), recording, detail);

  if (status >= 500)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_SERVER,
                        _("Twilio failed (%u): %s"), status, detail);

  return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                      _("Twilio refused the message (%u): %s"), status, detail);
}

/* Sending */

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DebriefWhatsAppTwilio *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (self->session, result, &error);
  g_autoptr(JsonObject) answer = NULL;
  const char *sid;
  const char *status;
  guint http_status;

  if (body == NULL)
    return g_task_return_error (task, debrief_whatsapp_transport_error ("Twilio", r->url, error));

  http_status = soup_message_get_status (r->message);
  answer = debrief_whatsapp_parse_object (body);
  self->retry_after = 0;
  if (!SOUP_STATUS_IS_SUCCESSFUL (http_status))
    return g_task_return_error (task, twilio_error (self, r, http_status, answer));

  /* 201 Created: {"sid": "SM…", "status": "queued", …, "error_code", "error_message"} */
  sid = debrief_json_string_member (answer, "sid");
  status = debrief_json_string_member (answer, "status");
  if (sid == NULL || *sid == '\0')
    return g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                                    _("Twilio's answer is not as documented: %s"), _("no message SID"));
  if (g_strcmp0 (status, "failed") == 0 || g_strcmp0 (status, "undelivered") == 0)
    {
      const char *why = debrief_json_string_member (answer, "error_message");

      return g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                                      _("Twilio took the message to %s, but it %s (%s)"), r->to, status,
                                      why != NULL ? why : "?");
    }

  g_task_return_pointer (task, g_strdup (sid), g_free);
}

/* POSTs the message to {api}/2010-04-01/Accounts/{sid}/Messages.json; @task is taken. */
static void
post (GTask      *task_in,
      const char *media_url,
      const char *text)
{
  g_autoptr(GTask) task = task_in;
  DebriefWhatsAppTwilio *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autofree char *sid = g_uri_escape_string (self->account_sid, NULL, FALSE);
  g_autofree char *to = g_strconcat ("whatsapp:", r->to, NULL);
  g_autofree char *from = g_strconcat ("whatsapp:", self->from, NULL);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;
  char *encoded;

  r->url = g_strdup_printf ("%s/2010-04-01/Accounts/%s/Messages.json", self->api_url, sid);
  uri = g_uri_parse (r->url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    return g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                                    _("“%s” is not a Twilio API URL: it should look like %s"), self->api_url,
                                    DEBRIEF_WHATSAPP_TWILIO_DEFAULT_URL);

  g_hash_table_insert (form, "From", from);
  g_hash_table_insert (form, "To", to);
  if (media_url != NULL)
    g_hash_table_insert (form, "MediaUrl", (char *) media_url);
  if (text != NULL)
    g_hash_table_insert (form, "Body", (char *) text);
  encoded = soup_form_encode_hash (form);
  body = g_bytes_new_take (encoded, strlen (encoded));

  r->message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  headers = soup_message_get_request_headers (r->message);
  soup_message_headers_replace (headers, "Authorization", self->basic);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (r->message, SOUP_FORM_MIME_TYPE_URLENCODED, body);

  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, r->message, G_PRIORITY_DEFAULT, cancellable, sent_cb,
                                    g_steal_pointer (&task));
}

static void
twilio_send_audio_async (DebriefWhatsAppProvider *provider,
                         const char              *to_e164,
                         const char              *path,
                         const char              *content_type,
                         gboolean                 voice_note,
                         const char              *media_url,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);

  g_task_set_source_tag (task, twilio_send_audio_async);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  r->to = g_strdup (to_e164);
  r->basename = g_path_get_basename (path);

  /* Twilio downloads the audio; WhatsApp shows Ogg/Opus as a voice note by itself. */
  post (task, media_url, NULL);
}

static char *
twilio_send_finish (DebriefWhatsAppProvider  *provider,
                    GAsyncResult             *result,
                    GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
twilio_send_text_async (DebriefWhatsAppProvider *provider,
                        const char              *to_e164,
                        const char              *text,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);

  g_task_set_source_tag (task, twilio_send_text_async);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  r->to = g_strdup (to_e164);

  post (task, NULL, text);
}

static gboolean
twilio_needs_media_url (DebriefWhatsAppProvider *provider)
{
  return TRUE;
}

static guint
twilio_get_retry_after (DebriefWhatsAppProvider *provider)
{
  return DEBRIEF_WHATSAPP_TWILIO (provider)->retry_after;
}

static void
provider_iface_init (DebriefWhatsAppProviderInterface *iface)
{
  iface->send_audio_async = twilio_send_audio_async;
  iface->send_audio_finish = twilio_send_finish;
  iface->send_text_async = twilio_send_text_async;
  iface->send_text_finish = twilio_send_finish;
  iface->needs_media_url = twilio_needs_media_url;
  iface->get_retry_after = twilio_get_retry_after;
}

static void
debrief_whatsapp_twilio_finalize (GObject *object)
{
  DebriefWhatsAppTwilio *self = (DebriefWhatsAppTwilio *) object;

  g_free (self->api_url);
  g_free (self->account_sid);
  g_free (self->basic);
  g_free (self->from);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (debrief_whatsapp_twilio_parent_class)->finalize (object);
}

static void
debrief_whatsapp_twilio_class_init (DebriefWhatsAppTwilioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = debrief_whatsapp_twilio_finalize;
}

static void
debrief_whatsapp_twilio_init (DebriefWhatsAppTwilio *self)
{
  self->session = soup_session_new_with_options ("timeout", TIMEOUT_S, "idle-timeout", 60,
                                                 "user-agent", "Debrief/" PACKAGE_VERSION, NULL);
}
