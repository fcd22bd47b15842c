/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-cloud.c: the WhatsApp Cloud API (Meta's Graph API) as a WhatsApp provider */

#define G_LOG_DOMAIN "debrief-whatsapp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "debrief-json.h"
#include "debrief-whatsapp-cloud.h"

#define TIMEOUT_S 60

struct _DebriefWhatsAppCloud
{
  GObject      parent_instance;

  char        *api_url;          /* without a trailing slash */
  char        *token;
  char        *phone_number_id;
  SoupSession *session;
  guint        retry_after;
};

static void provider_iface_init (DebriefWhatsAppProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DebriefWhatsAppCloud, debrief_whatsapp_cloud, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DEBRIEF_TYPE_WHATSAPP_PROVIDER, provider_iface_init))

/* One message: an upload and a message, or a message; the GTask's data. */
typedef struct
{
  char        *to;            /* E.164 */
  char        *content_type;
  gboolean     voice_note;
  char        *basename;      /* of the recording, for messages */
  char        *url;           /* of the request under way */
  SoupMessage *message;
} Request;

static void
request_free (Request *r)
{
  g_free (r->to);
  g_free (r->content_type);
  g_free (r->basename);
  g_free (r->url);
  g_clear_object (&r->message);
  g_free (r);
}

/**
 * debrief_whatsapp_cloud_new:
 * @api_url: the Graph API root with its version, such as
 *   %DEBRIEF_WHATSAPP_CLOUD_DEFAULT_URL
 * @token: the access token (a system user's, or a temporary one)
 * @phone_number_id: the id of the business phone number that sends
 *
 * A wrong URL is reported by the first request, in words the user can act on.
 *
 * Returns: (transfer full): a provider that uploads the audio, then sends it
 */
DebriefWhatsAppProvider *
debrief_whatsapp_cloud_new (const char *api_url,
                            const char *token,
                            const char *phone_number_id)
{
  DebriefWhatsAppCloud *self;

  g_return_val_if_fail (api_url != NULL, NULL);
  g_return_val_if_fail (token != NULL && *token != '\0', NULL);
  g_return_val_if_fail (phone_number_id != NULL && *phone_number_id != '\0', NULL);

  self = g_object_new (DEBRIEF_TYPE_WHATSAPP_CLOUD, NULL);
  self->api_url = g_strstrip (g_strdup (api_url));
  while (g_str_has_suffix (self->api_url, "/"))
    self->api_url[strlen (self->api_url) - 1] = '\0';
  self->token = g_strdup (token);
  self->phone_number_id = g_strstrip (g_strdup (phone_number_id));

  return DEBRIEF_WHATSAPP_PROVIDER (self);
}

/* Graph's errors: {"error": {"message", "type", "code", "error_subcode",
 * "error_data": {"details"}, "fbtrace_id"}} */

static gboolean
mentions (const char *text,
          const char *word)
{
  g_autofree char *lower = text != NULL ? g_utf8_strdown (text, -1) : NULL;

  return lower != NULL && strstr (lower, word) != NULL;
}

/* Graph names no wait; these follow what its documentation says of each limit. */
static guint
default_retry_after (gint64 code)
{
  switch (code)
    {
    case 130429: /* throughput: messages per second of the number */
      return 5;
    case 131056: /* pair rate: messages to one recipient */
      return 60;
    case 4:      /* calls of the app, per hour */
      return 300;
    case 80007:  /* calls of the business account */
      return 60;
    case 131048: /* spam limit: depends on the number's quality */
      return 3600;
    default:
      return 60;
    }
}

static GError *
graph_error (DebriefWhatsAppCloud *self,
             Request              *r,
             guint                 status,
             JsonObject           *answer)
{
  JsonObject *error = debrief_json_object_member (answer, "error");
  const char *message = debrief_json_string_member (error, "message");
  const char *details = debrief_json_string_member (debrief_json_object_member (error, "error_data"), "details");
  gint64 code = debrief_json_int_member (error, "code");
  gint64 subcode = debrief_json_int_member (error, "error_subcode");
  g_autofree char *detail = NULL;

  if (message == NULL)
    message = soup_message_get_reason_phrase (r->message);
  if (message == NULL || *message == '\0')
    message = soup_status_get_phrase (status);
  /* "(#131026) Message undeliverable" and "Message Undeliverable: the
   * recipient's…": said once, without the code (it goes to the log). */
  if (g_str_has_prefix (message, "(#") && strstr (message, ") ") != NULL)
    message = strstr (message, ") ") + 2;
  if (details == NULL || g_ascii_strncasecmp (details, message, strlen (message)) == 0)
    detail = g_strdup (details != NULL ? details : message);
  else
    detail = g_strdup_printf ("%s: %s", message, details);
  g_debug ("Graph error %u, code %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ", trace %s: %s", status, code, subcode,
           debrief_json_string_member (error, "fbtrace_id"), detail);

  if (code == 190 || status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED,
                        _("The WhatsApp access token has expired or is wrong; paste a new one in Preferences (%s)"),
                        detail);
  if (code == 10 || (code >= 200 && code < 300))
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED,
                        _("The WhatsApp access token may not send messages from this phone number; give it the "
                          "whatsapp_business_messaging permission, or paste another in Preferences (%s)"), detail);

  if (code == 4 || code == 80007 || code == 130429 || code == 131048 || code == 131056 || status == 429)
    {
      const char *header = soup_message_headers_get_one (soup_message_get_response_headers (r->message),
                                                         "Retry-After");

      self->retry_after = debrief_whatsapp_parse_retry_after (header);
      if (self->retry_after == 0)
        self->retry_after = default_retry_after (code);
      return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_RATE_LIMITED,
                          _("WhatsApp is limiting how many messages are sent; try again in %u s (%s)"),
                          self->retry_after, detail);
    }

  if (code == 131026)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                        _("WhatsApp cannot deliver to %s; the number may not be on WhatsApp (%s)"), r->to, detail);
  if (code == 131047)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                        _("WhatsApp will not deliver to %s: more than 24 hours have passed since they last wrote, "
                          "so they must write first (%s)"), r->to, detail);
  if (code == 131030)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                        _("%s is not among the numbers this WhatsApp test number may send to; add it in Meta's app "
                          "dashboard (%s)"), r->to, detail);
  if (code == 100 && subcode == 33)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                        _("The WhatsApp phone number ID %s does not exist, or the access token may not use it; "
                          "check both in Preferences (%s)"), self->phone_number_id, detail);
  if (code == 100 && (mentions (detail, "recipient") || mentions (detail, "phone number") ||
                      mentions (detail, "parameter to")))
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                        _("WhatsApp does not take %s as a recipient (%s)"), r->to, detail);

  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE ||
      ((code == 131052 || code == 131053) && (mentions (detail, "size") || mentions (detail, "large"))))
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE,
                        _("The recording %s is too large for WhatsApp (%s)"), r->basename, detail);
  if (code == 131052 || code == 131053)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                        _("WhatsApp could not take the recording %s (%s)"), r->basename, detail);

  if (status >= 500 || code == 1 || code == 2 || code == 131000 || code == 131016)
    return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_SERVER,
                        _("WhatsApp failed (%u): %s"), status, detail);

  return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                      _("WhatsApp refused the message (%u): %s"), status, detail);
}

/* Requests */

/* POSTs @body to {api}/{phone-number-id}/@edge; @task is taken. */
static void
post (GTask               *task,
      const char          *edge,
      const char          *content_type,
      GBytes              *body,
      GAsyncReadyCallback  callback)
{
  DebriefWhatsAppCloud *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autofree char *id = g_uri_escape_string (self->phone_number_id, NULL, FALSE);
  g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;

  g_free (r->url);
  r->url = g_strdup_printf ("%s/%s/%s", self->api_url, id, edge);
  uri = g_uri_parse (r->url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                               _("“%s” is not a WhatsApp Cloud API URL: it should look like %s"), self->api_url,
                               DEBRIEF_WHATSAPP_CLOUD_DEFAULT_URL);
      g_object_unref (task);
      return;
    }

  g_clear_object (&r->message);
  r->message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  headers = soup_message_get_request_headers (r->message);
  soup_message_headers_replace (headers, "Authorization", bearer);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (r->message, content_type, body);

  soup_session_send_and_read_async (self->session, r->message, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    callback, task);
}

/* The answer's JSON object, or NULL after returning the error in @task (and letting go of it). */
static JsonObject *
answer_finish (GTask        *task,
               GAsyncResult *result)
{
  DebriefWhatsAppCloud *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (self->session, result, &error);
  g_autoptr(JsonObject) answer = NULL;
  guint status;

  if (body == NULL)
    {
      g_task_return_error (task, debrief_whatsapp_transport_error ("WhatsApp", r->url, error));
      g_object_unref (task);
      return NULL;
    }

  status = soup_message_get_status (r->message);
  answer = debrief_whatsapp_parse_object (body);
  self->retry_after = 0;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status) || (answer != NULL && json_object_has_member (answer, "error")))
    {
      g_task_return_error (task, graph_error (self, r, status, answer));
      g_object_unref (task);
      return NULL;
    }

  return g_steal_pointer (&answer);
}

static void
malformed (GTask      *task,
           const char *what)
{
  g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                           _("WhatsApp's answer is not as documented: %s"), what);
  g_object_unref (task);
}

static void
message_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JsonObject) answer = answer_finish (task, result);
  JsonNode *messages;
  const char *id = NULL;

  if (answer == NULL)
    return;

  /* {"messaging_product": "whatsapp", "contacts": […], "messages": [{"id": "wamid.…"}]} */
  messages = json_object_get_member (answer, "messages");
  if (messages != NULL && JSON_NODE_HOLDS_ARRAY (messages) && json_array_get_length (json_node_get_array (messages)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (messages), 0);

      id = JSON_NODE_HOLDS_OBJECT (first) ? debrief_json_string_member (json_node_get_object (first), "id") : NULL;
    }
  if (id == NULL || *id == '\0')
    return malformed (task, _("no message id"));

  g_task_return_pointer (task, g_strdup (id), g_free);
  g_object_unref (task);
}

/* Sends the message that @builder ends; @task is taken. */
static void
send_message (GTask       *task,
              JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  char *text;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  post (task, "messages", "application/json", body, message_sent_cb);
}

/* {"messaging_product": "whatsapp", "recipient_type": "individual", "to": digits, "type": @type, … */
static JsonBuilder *
begin_message (Request    *r,
               const char *type)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messaging_product");
  json_builder_add_string_value (builder, "whatsapp");
  json_builder_set_member_name (builder, "recipient_type");
  json_builder_add_string_value (builder, "individual");
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, r->to + 1);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);

  return builder;
}

/* Audio: the file first, then the message that names it */

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = answer_finish (task, result);
  g_autoptr(JsonBuilder) builder = NULL;
  const char *media_id;

  if (answer == NULL)
    return;

  /* {"id": MEDIA_ID} */
  media_id = debrief_json_string_member (answer, "id");
  if (media_id == NULL || *media_id == '\0')
    return malformed (task, _("no media id"));

  builder = begin_message (r, "audio");
  json_builder_set_member_name (builder, "audio");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, media_id);
  if (r->voice_note)
    {
      json_builder_set_member_name (builder, "voice");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);

  send_message (task, builder);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;

  if (file == NULL)
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Could not read the recording %s: "), path);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "messaging_product", "whatsapp");
  soup_multipart_append_form_string (multipart, "type", r->content_type);
  soup_multipart_append_form_file (multipart, "file", r->basename, r->content_type, file);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_multipart_to_message (multipart, headers, &body);
  content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));

  post (task, "media", content_type, body, uploaded_cb);
}

static void
cloud_send_audio_async (DebriefWhatsAppProvider *provider,
                        const char              *to_e164,
                        const char              *path,
                        const char              *content_type,
                        gboolean                 voice_note,
                        const char              *media_url,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);

  g_task_set_source_tag (task, cloud_send_audio_async);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  r->to = g_strdup (to_e164);
  r->content_type = g_strdup (content_type);
  r->voice_note = voice_note;
  r->basename = g_path_get_basename (path);

  /* The Cloud API takes the file itself: media_url is not needed. */
  g_file_load_bytes_async (file, cancellable, loaded_cb, task);
}

static char *
cloud_send_finish (DebriefWhatsAppProvider  *provider,
                   GAsyncResult             *result,
                   GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cloud_send_text_async (DebriefWhatsAppProvider *provider,
                       const char              *to_e164,
                       const char              *text,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);
  g_autoptr(JsonBuilder) builder = NULL;

  g_task_set_source_tag (task, cloud_send_text_async);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  r->to = g_strdup (to_e164);

  builder = begin_message (r, "text");
  json_builder_set_member_name (builder, "text");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);

  send_message (task, builder);
}

static gboolean
cloud_needs_media_url (DebriefWhatsAppProvider *provider)
{
  return FALSE;
}

static guint
cloud_get_retry_after (DebriefWhatsAppProvider *provider)
{
  return DEBRIEF_WHATSAPP_CLOUD (provider)->retry_after;
}

static void
provider_iface_init (DebriefWhatsAppProviderInterface *iface)
{
  iface->send_audio_async = cloud_send_audio_async;
  iface->send_audio_finish = cloud_send_finish;
  iface->send_text_async = cloud_send_text_async;
  iface->send_text_finish = cloud_send_finish;
  iface->needs_media_url = cloud_needs_media_url;
  iface->get_retry_after = cloud_get_retry_after;
}

static void
debrief_whatsapp_cloud_finalize (GObject *object)
{
  DebriefWhatsAppCloud *self = (DebriefWhatsAppCloud *) object;

  g_free (self->api_url);
  g_free (self->token);
  g_free (self->phone_number_id);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (debrief_whatsapp_cloud_parent_class)->finalize (object);
}

static void
debrief_whatsapp_cloud_class_init (DebriefWhatsAppCloudClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = debrief_whatsapp_cloud_finalize;
}

static void
debrief_whatsapp_cloud_init (DebriefWhatsAppCloud *self)
{
  self->session = soup_session_new_with_options ("timeout", TIMEOUT_S, "idle-timeout", 60,
                                                 "user-agent", "Debrief/" PACKAGE_VERSION, NULL);
}
