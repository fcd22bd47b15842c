/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-provider.c: sending a recording or a text to one WhatsApp number, through the Cloud API or Twilio */

#define G_LOG_DOMAIN "debrief-whatsapp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "debrief-phone.h"
#include "debrief-secrets.h"
#include "debrief-transcoder.h"
#include "debrief-whatsapp-cloud.h"
#include "debrief-whatsapp-provider.h"
#include "debrief-whatsapp-twilio.h"

G_DEFINE_QUARK (debrief-whatsapp-error-quark, debrief_whatsapp_error)

G_DEFINE_INTERFACE (DebriefWhatsAppProvider, debrief_whatsapp_provider, G_TYPE_OBJECT)

static void
debrief_whatsapp_provider_default_init (DebriefWhatsAppProviderInterface *iface)
{
}

/* The audio WhatsApp takes, and the names files and other programs give it */
static const struct
{
  const char *type;
  const char *aliases;     /* other content types for the same */
  const char *extensions;
} audio_types[] = {
  { "audio/ogg", "audio/opus audio/x-opus+ogg application/ogg", "ogg opus oga" },
  { "audio/mp4", "audio/x-m4a audio/m4a", "m4a mp4" },
  { "audio/aac", "audio/x-aac", "aac" },
  { "audio/mpeg", "audio/mp3 audio/x-mp3 audio/mpeg3", "mp3" },
  { "audio/amr", "", "amr" },
};

static gboolean
word_in (const char *word,
         const char *words)
{
  g_auto(GStrv) list = g_strsplit (words, " ", -1);

  return word != NULL && *word != '\0' && g_strv_contains ((const char * const *) list, word);
}

/* @content_type without parameters, in lower case; or, when NULL, the type
 * the file's extension stands for. */
static char *
bare_type (const char *content_type,
           const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  const char *dot = strrchr (basename, '.');
  g_autofree char *extension = dot != NULL ? g_ascii_strdown (dot + 1, -1) : NULL;

  if (content_type != NULL && *content_type != '\0')
    {
      g_autofree char *type = g_strndup (content_type, strcspn (content_type, ";"));

      return g_ascii_strdown (g_strstrip (type), -1);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (audio_types); i++)
    if (word_in (extension, audio_types[i].extensions))
      return g_strdup (audio_types[i].type);

  return g_strdup (g_strcmp0 (extension, "webm") == 0 ? "audio/webm" : "application/octet-stream");
}

/* WhatsApp's name for @type, or NULL when WhatsApp does not take it */
static const char *
whatsapp_type (const char *type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (audio_types); i++)
    if (g_str_equal (type, audio_types[i].type) || word_in (type, audio_types[i].aliases))
      return audio_types[i].type;

  return NULL;
}

/* Checking what is sent, before any request */

static char *
check_number (const char  *to,
              GError     **error)
{
  g_autoptr(GError) phone_error = NULL;
  char *e164 = debrief_phone_normalize (to, &phone_error);

  if (e164 == NULL)
    g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                 _("Cannot send to this number on WhatsApp: %s"), phone_error->message);

  return e164;
}

static const char *
check_audio_type (const char  *path,
                  const char  *content_type,
                  gboolean     voice_note,
                  GError     **error)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *type = bare_type (content_type, path);
  const char *accepted = whatsapp_type (type);

  if (g_str_equal (type, "audio/webm") || g_str_equal (type, "video/webm"))
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                   _("WhatsApp does not take WebM recordings (%s). Convert it to Ogg/Opus or M4A first, as "
                     "“debrief-cli transcode --preset whatsapp-voice” does."), basename);
      return NULL;
    }

  if (accepted == NULL)
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                   _("WhatsApp does not take %s audio (%s). Convert it to Ogg/Opus or M4A first."), type, basename);
      return NULL;
    }

  if (voice_note && !g_str_equal (accepted, "audio/ogg"))
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                   _("Only Ogg/Opus audio can be sent as a voice note, and %s is %s. Send it as audio, or "
                     "convert it to Ogg/Opus first."), basename, accepted);
      return NULL;
    }

  return accepted;
}

static gboolean
check_media_url (DebriefWhatsAppProvider  *self,
                 const char               *media_url,
                 GError                  **error)
{
  g_autoptr(GUri) uri = NULL;

  if (!debrief_whatsapp_provider_needs_media_url (self))
    return TRUE;

  if (media_url == NULL || *media_url == '\0')
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                   _("Twilio sends only audio it can download: upload the recording to cloud storage first, "
                     "for a link to it"));
      return FALSE;
    }

  /* A presigned URL is a key to the file: not shown in the message. */
  uri = g_uri_parse (media_url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                   _("The link to the recording is not a web address Twilio can download it from"));
      return FALSE;
    }

  return TRUE;
}

/* Sending audio */

typedef struct
{
  char       *to;
  char       *path;
  const char *content_type;  /* static */
  gboolean    voice_note;
  char       *media_url;
} SendAudio;

static void
send_audio_free (SendAudio *s)
{
  g_free (s->to);
  g_free (s->path);
  g_free (s->media_url);
  g_free (s);
}

static void
audio_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DebriefWhatsAppProvider *self = DEBRIEF_WHATSAPP_PROVIDER (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id = DEBRIEF_WHATSAPP_PROVIDER_GET_IFACE (self)->send_audio_finish (self, result, &error);

  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

static void
query_size_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DebriefWhatsAppProvider *self = g_task_get_source_object (task);
  SendAudio *s = g_task_get_task_data (task);
  g_autofree char *basename = g_path_get_basename (s->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);
  goffset size;

  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return g_task_return_error (task, g_steal_pointer (&error));
      return g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED,
                                      _("Could not read the recording %s: %s"), s->path, error->message);
    }

  size = g_file_info_get_size (info);
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || size == 0)
    return g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                                    _("The recording %s is empty"), s->path);
  if (size > DEBRIEF_WHATSAPP_MAX_BYTES)
    return g_task_return_new_error (task, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE,
                                    _("The recording %s is %.1f MB, over WhatsApp's limit of 16 MB for audio. "
                                      "Convert it to an Ogg/Opus voice note, or send a shorter part."),
                                    basename, size / 1e6);

  DEBRIEF_WHATSAPP_PROVIDER_GET_IFACE (self)->send_audio_async (self, s->to, s->path, s->content_type, s->voice_note,
                                                                s->media_url, g_task_get_cancellable (task),
                                                                audio_sent_cb, g_object_ref (task));
}

/**
 * debrief_whatsapp_provider_send_audio_async:
 * @self: a #DebriefWhatsAppProvider
 * @to_e164: the recipient's number, with its country code
 * @path: an audio file WhatsApp takes: Ogg/Opus, M4A (audio/mp4), AAC, MP3
 *   or AMR, 16 MB at most
 * @content_type: (nullable): the file's content type, such as "audio/ogg";
 *   %NULL to go by the file's extension
 * @voice_note: %TRUE to send it as a voice note (Ogg/Opus only), which
 *   WhatsApp shows as recorded in the app
 * @media_url: (nullable): a public (presigned) URL of the same file, for a
 *   provider that downloads it (see debrief_whatsapp_provider_needs_media_url());
 *   others upload the file itself and ignore it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the provider took the message
 * @user_data: data for @callback
 *
 * A number that is none, a WebM file, another type WhatsApp does not take,
 * a voice note that is not Ogg/Opus, a file over 16 MB or a missing link
 * are refused before any request, with a message a person can act on.
 */
void
debrief_whatsapp_provider_send_audio_async (DebriefWhatsAppProvider *self,
                                            const char              *to_e164,
                                            const char              *path,
                                            const char              *content_type,
                                            gboolean                 voice_note,
                                            const char              *media_url,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;
  SendAudio *s;

  g_return_if_fail (DEBRIEF_IS_WHATSAPP_PROVIDER (self));
  g_return_if_fail (to_e164 != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_whatsapp_provider_send_audio_async);
  s = g_new0 (SendAudio, 1);
  g_task_set_task_data (task, s, (GDestroyNotify) send_audio_free);

  if ((s->to = check_number (to_e164, &error)) == NULL ||
      (s->content_type = check_audio_type (path, content_type, voice_note, &error)) == NULL ||
      !check_media_url (self, media_url, &error))
    return g_task_return_error (task, error);

  s->path = g_strdup (path);
  s->voice_note = !!voice_note;
  s->media_url = g_strdup (media_url);

  file = g_file_new_for_path (path);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable, query_size_cb,
                           g_steal_pointer (&task));
}

static gboolean
is_result_of (DebriefWhatsAppProvider *self,
              GAsyncResult            *result,
              gpointer                 source_tag)
{
  return DEBRIEF_IS_WHATSAPP_PROVIDER (self) && g_task_is_valid (result, self) &&
         g_task_get_source_tag (G_TASK (result)) == source_tag;
}

/**
 * debrief_whatsapp_provider_send_audio_finish:
 * @self: a #DebriefWhatsAppProvider
 * @result: the result given to the callback
 * @error: return location for a #GError in %DEBRIEF_WHATSAPP_ERROR
 *
 * Returns: (transfer full): the provider's id of the message ("wamid.…",
 *   "MM…"), or %NULL with @error set
 */
char *
debrief_whatsapp_provider_send_audio_finish (DebriefWhatsAppProvider  *self,
                                             GAsyncResult             *result,
                                             GError                  **error)
{
  g_return_val_if_fail (is_result_of (self, result, debrief_whatsapp_provider_send_audio_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sending text */

static void
text_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DebriefWhatsAppProvider *self = DEBRIEF_WHATSAPP_PROVIDER (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id = DEBRIEF_WHATSAPP_PROVIDER_GET_IFACE (self)->send_text_finish (self, result, &error);

  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

/**
 * debrief_whatsapp_provider_send_text_async:
 * @self: a #DebriefWhatsAppProvider
 * @to_e164: the recipient's number, with its country code
 * @text: the message, such as a recording's caption
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the provider took the message
 * @user_data: data for @callback
 */
void
debrief_whatsapp_provider_send_text_async (DebriefWhatsAppProvider *self,
                                           const char              *to_e164,
                                           const char              *text,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *to = NULL;
  GError *error = NULL;

  g_return_if_fail (DEBRIEF_IS_WHATSAPP_PROVIDER (self));
  g_return_if_fail (to_e164 != NULL);
  g_return_if_fail (text != NULL && *text != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_whatsapp_provider_send_text_async);

  if ((to = check_number (to_e164, &error)) == NULL)
    return g_task_return_error (task, error);

  DEBRIEF_WHATSAPP_PROVIDER_GET_IFACE (self)->send_text_async (self, to, text, cancellable, text_sent_cb,
                                                               g_steal_pointer (&task));
}

/**
 * debrief_whatsapp_provider_send_text_finish:
 * @self: a #DebriefWhatsAppProvider
 * @result: the result given to the callback
 * @error: return location for a #GError in %DEBRIEF_WHATSAPP_ERROR
 *
 * Returns: (transfer full): the provider's id of the message, or %NULL with
 *   @error set
 */
char *
debrief_whatsapp_provider_send_text_finish (DebriefWhatsAppProvider  *self,
                                            GAsyncResult             *result,
                                            GError                  **error)
{
  g_return_val_if_fail (is_result_of (self, result, debrief_whatsapp_provider_send_text_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * debrief_whatsapp_provider_needs_media_url:
 * @self: a #DebriefWhatsAppProvider
 *
 * Returns: %TRUE when the provider downloads the audio from a public URL
 *   (Twilio) instead of taking the file
 */
gboolean
debrief_whatsapp_provider_needs_media_url (DebriefWhatsAppProvider *self)
{
  DebriefWhatsAppProviderInterface *iface;

  g_return_val_if_fail (DEBRIEF_IS_WHATSAPP_PROVIDER (self), FALSE);

  iface = DEBRIEF_WHATSAPP_PROVIDER_GET_IFACE (self);
  return iface->needs_media_url != NULL && iface->needs_media_url (self);
}

/**
 * debrief_whatsapp_provider_get_retry_after:
 * @self: a #DebriefWhatsAppProvider
 *
 * Returns: the seconds the provider asked to wait when its last answer
 *   refused a request for its rate limit (%DEBRIEF_WHATSAPP_ERROR_RATE_LIMITED),
 *   from its Retry-After header, or else estimated from its error code; 0
 *   when its last answer was no such refusal
 */
guint
debrief_whatsapp_provider_get_retry_after (DebriefWhatsAppProvider *self)
{
  DebriefWhatsAppProviderInterface *iface;

  g_return_val_if_fail (DEBRIEF_IS_WHATSAPP_PROVIDER (self), 0);

  iface = DEBRIEF_WHATSAPP_PROVIDER_GET_IFACE (self);
  return iface->get_retry_after != NULL ? iface->get_retry_after (self) : 0;
}

/* For the providers */

/**
 * debrief_whatsapp_parse_object:
 * @body: (nullable): an answer's body
 *
 * Returns: (transfer full) (nullable): the JSON object it holds, or %NULL
 */
JsonObject *
debrief_whatsapp_parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body == NULL || g_bytes_get_size (body) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    return NULL;

  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_object_ref (json_node_get_object (root)) : NULL;
}

/**
 * debrief_whatsapp_parse_retry_after:
 * @value: (nullable): a Retry-After header: seconds or an HTTP date
 *
 * Returns: the seconds to wait, at least 1; 0 without a header or with one
 *   that is neither
 */
guint
debrief_whatsapp_parse_retry_after (const char *value)
{
  g_autofree char *number = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;

  number = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT32, &seconds, NULL))
    return MAX (1, (guint) seconds);

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;
  now = g_date_time_new_now_utc ();

  return (guint) CLAMP (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 1, G_MAXUINT32);
}

/**
 * debrief_whatsapp_transport_error:
 * @service: "WhatsApp" or "Twilio"
 * @url: the request's URL (without secrets)
 * @error: what libsoup reported
 *
 * Returns: (transfer full): %DEBRIEF_WHATSAPP_ERROR_NETWORK naming @url, or
 *   a copy of a cancellation
 */
GError *
debrief_whatsapp_transport_error (const char   *service,
                                  const char   *url,
                                  const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  return g_error_new (DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_NETWORK,
                      _("Could not reach %s at %s: %s"), service, url, error->message);
}

/* From the preferences, the environment and the keyring */

static char *
env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_strstrip (g_strdup (value)) : NULL;
}

static char *
setting_or_env (GSettings  *settings,
                const char *key,
                const char *variable)
{
  char *value = env (variable);

  if (value == NULL && settings != NULL)
    value = g_strstrip (g_settings_get_string (settings, key));
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

/* A token from @variable, else from the keyring; a keyring that cannot be
 * read is noted in @keyring_error. */
static char *
secret_or_env (const char    *service,
               const char    *variable,
               GCancellable  *cancellable,
               GError       **keyring_error)
{
  char *value = env (variable);

  if (value == NULL && *keyring_error == NULL)
    value = debrief_secret_lookup (service, cancellable, keyring_error);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

/* NOT_CONFIGURED naming what is @missing and the variables that would give it */
static void
set_not_configured (GError    **error,
                    const char *provider,
                    GPtrArray  *missing,
                    GPtrArray  *variables,
                    GError     *keyring_error)
{
  g_autofree char *what = NULL;
  g_autofree char *names = NULL;
  g_autofree char *keyring = NULL;
  guint n = missing->len;

  g_ptr_array_add (missing, NULL);
  g_ptr_array_add (variables, NULL);
  what = g_strjoinv (", ", (char **) missing->pdata);
  names = g_strjoinv (", ", (char **) variables->pdata);
  if (keyring_error != NULL)
    keyring = g_strdup_printf (_(" (the keyring could not be read: %s)"), keyring_error->message);

  g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_NOT_CONFIGURED,
               g_dngettext (GETTEXT_PACKAGE, "%s is not set up; missing: %s%s. Enter it in Preferences, or set %s.",
                            "%s is not set up; missing: %s%s. Enter them in Preferences, or set %s.", n),
               provider, what, keyring != NULL ? keyring : "", names);
}

static DebriefWhatsAppProvider *
cloud_from_config (GSettings     *settings,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *url = env ("WHATSAPP_API_URL");
  g_autofree char *phone_number_id = setting_or_env (settings, "whatsapp-phone-number-id",
                                                     "WHATSAPP_PHONE_NUMBER_ID");
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *token = secret_or_env (DEBRIEF_SECRET_WHATSAPP_TOKEN, "WHATSAPP_TOKEN", cancellable,
                                          &keyring_error);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GPtrArray) variables = g_ptr_array_new ();

  if (token == NULL)
    {
      g_ptr_array_add (missing, _("the access token"));
      g_ptr_array_add (variables, "WHATSAPP_TOKEN");
    }
  if (phone_number_id == NULL)
    {
      g_ptr_array_add (missing, _("the phone number ID"));
      g_ptr_array_add (variables, "WHATSAPP_PHONE_NUMBER_ID");
    }
  if (missing->len > 0)
    {
      set_not_configured (error, _("WhatsApp (Cloud API)"), missing, variables, keyring_error);
      return NULL;
    }

  return debrief_whatsapp_cloud_new (url != NULL ? url : DEBRIEF_WHATSAPP_CLOUD_DEFAULT_URL, token, phone_number_id);
}

static DebriefWhatsAppProvider *
twilio_from_config (GSettings     *settings,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *url = env ("TWILIO_API_URL");
  g_autofree char *sid = setting_or_env (settings, "twilio-account-sid", "TWILIO_ACCOUNT_SID");
  g_autofree char *from = setting_or_env (settings, "twilio-whatsapp-from", "TWILIO_WHATSAPP_FROM");
  g_autofree char *from_e164 = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(GError) phone_error = NULL;
  g_autofree char *token = secret_or_env (DEBRIEF_SECRET_TWILIO_AUTH_TOKEN, "TWILIO_AUTH_TOKEN", cancellable,
                                          &keyring_error);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GPtrArray) variables = g_ptr_array_new ();

  if (sid == NULL)
    {
      g_ptr_array_add (missing, _("the account SID"));
      g_ptr_array_add (variables, "TWILIO_ACCOUNT_SID");
    }
  if (token == NULL)
    {
      g_ptr_array_add (missing, _("the auth token"));
      g_ptr_array_add (variables, "TWILIO_AUTH_TOKEN");
    }
  if (from == NULL)
    {
      g_ptr_array_add (missing, _("the WhatsApp sender number"));
      g_ptr_array_add (variables, "TWILIO_WHATSAPP_FROM");
    }
  if (missing->len > 0)
    {
      set_not_configured (error, _("WhatsApp through Twilio"), missing, variables, keyring_error);
      return NULL;
    }

  /* Twilio's own way of writing it is fine too. */
  from_e164 = debrief_phone_normalize (g_str_has_prefix (from, "whatsapp:") ? from + strlen ("whatsapp:") : from,
                                       &phone_error);
  if (from_e164 == NULL)
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_NOT_CONFIGURED,
                   _("The Twilio WhatsApp sender number is not a phone number (%s). Correct it in Preferences."),
                   phone_error->message);
      return NULL;
    }

  return debrief_whatsapp_twilio_new (url != NULL ? url : DEBRIEF_WHATSAPP_TWILIO_DEFAULT_URL, sid, token, from_e164);
}

/* The provider asked for, else the preference, else the one whose
 * variables alone are set */
static char *
resolve_name (GSettings  *settings,
              const char *provider_name)
{
  g_autofree char *twilio_sid = NULL;
  g_autofree char *cloud_token = NULL;

  if (provider_name != NULL)
    return g_strdup (provider_name);
  if (settings != NULL)
    return g_settings_get_string (settings, "whatsapp-provider");

  twilio_sid = env ("TWILIO_ACCOUNT_SID");
  cloud_token = env ("WHATSAPP_TOKEN");
  return g_strdup (twilio_sid != NULL && cloud_token == NULL ? "twilio" : "cloud");
}

/**
 * debrief_whatsapp_provider_config_sends_links:
 * @settings: (nullable): the app's settings
 * @provider_name: (nullable): as for debrief_whatsapp_provider_new_from_config()
 *
 * Returns: whether the provider that would send takes a link to the
 *   recording's cloud copy, as it is, rather than a file made for
 *   WhatsApp (Twilio)
 */
gboolean
debrief_whatsapp_provider_config_sends_links (GSettings  *settings,
                                              const char *provider_name)
{
  g_autofree char *name = resolve_name (settings, provider_name);

  return g_strcmp0 (name, "twilio") == 0;
}

/**
 * debrief_whatsapp_provider_new_from_config:
 * @settings: (nullable): the app's settings
 * @provider_name: (nullable): "cloud" or "twilio"; %NULL for the
 *   preference (without settings: Twilio when only Twilio's variables are
 *   set, else the Cloud API)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The Cloud API from WHATSAPP_API_URL, WHATSAPP_TOKEN and
 * WHATSAPP_PHONE_NUMBER_ID, or the phone number ID from the preferences and
 * the token from the keyring; Twilio from TWILIO_API_URL, TWILIO_ACCOUNT_SID,
 * TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM, or the preferences and the
 * keyring. The variables win. Blocks on the keyring: call it off the UI
 * thread.
 *
 * Returns: (transfer full): a provider, or %NULL with
 *   %DEBRIEF_WHATSAPP_ERROR_NOT_CONFIGURED saying what is missing
 */
DebriefWhatsAppProvider *
debrief_whatsapp_provider_new_from_config (GSettings     *settings,
                                           const char    *provider_name,
                                           GCancellable  *cancellable,
                                           GError       **error)
{
  g_autofree char *chosen = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider_name = chosen = resolve_name (settings, provider_name);

  if (g_str_equal (provider_name, "cloud"))
    return cloud_from_config (settings, cancellable, error);
  if (g_str_equal (provider_name, "twilio"))
    return twilio_from_config (settings, cancellable, error);

  g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_NOT_CONFIGURED,
               _("There is no WhatsApp provider “%s”: choose cloud (the WhatsApp Cloud API) or twilio"),
               provider_name);
  return NULL;
}
