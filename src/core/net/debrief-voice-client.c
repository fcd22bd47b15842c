/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-voice-client.c: an OpenAI-compatible voice backend (speech-to-text, chat, text-to-speech) on libsoup */

#define G_LOG_DOMAIN "debrief-voice"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "debrief-voice-client.h"

#define DEFAULT_TIMEOUT_S 30
#define READ_SIZE         (16 * 1024)
#define ERROR_BODY_MAX    (64 * 1024)
#define SSE_LINE_MAX      (4 * 1024 * 1024)
#define RETRY_DELAY_MS    250

struct _DebriefVoiceClient
{
  GObject      parent_instance;

  char        *base_url;  /* without a trailing slash */
  char        *api_key;   /* NULL for a local server that wants none */
  guint        timeout_s;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (DebriefVoiceClient, debrief_voice_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (debrief-voice-error-quark, debrief_voice_error)

typedef enum
{
  KIND_TRANSCRIBE,
  KIND_CHAT,
  KIND_SPEAK,
} Kind;

/* One call of the API, across its attempts; the GTask's data. */
typedef struct
{
  Kind                   kind;
  const char            *endpoint;
  const char            *accept;
  char                  *content_type;
  GBytes                *body;

  GCancellable          *cancellable;        /* ours: cancelled by the caller's or by the timer */
  GCancellable          *caller_cancellable;
  gulong                 cancelled_id;
  GSource               *timer;
  gboolean               timed_out;
  gboolean               ended;              /* the task returned or is about to */
  guint                  attempt;
  gboolean               delivered;          /* the caller has seen part of the answer */

  SoupMessage           *message;
  GInputStream          *stream;
  gboolean               failed_status;      /* reading the body of a refusal */
  GByteArray            *buffer;             /* a JSON answer, or a refusal's body */

  /* chat */
  gboolean               json_mode;
  gboolean               sse;
  DebriefChatDeltaFunc   on_delta;
  gpointer               delta_data;
  GString               *pending;            /* bytes of a line not ended yet */
  GString               *event;              /* the data lines of the current event */
  gboolean               event_has_data;
  GString               *reply;
  gboolean               done;               /* [DONE] seen */
  gboolean               finished;           /* a finish_reason seen */

  /* speech */
  DebriefSpeechDataFunc  on_data;
  gpointer               data_data;
  GFile                 *file;
  GFile                 *part;
  GOutputStream         *out;
  GBytes                *piece;
  gint64                 received;
  gboolean               check_ogg;          /* Ogg pages are checked: the last must end the stream */
  guint8                 ogg_header[27 + 255];
  guint                  ogg_header_length;
  gsize                  ogg_body_left;
  guint                  ogg_pages;
  gboolean               ogg_end;
} Request;

static void start_attempt (GTask *task);
static void read_next (GTask *task);

void
debrief_transcript_segment_free (DebriefTranscriptSegment *segment)
{
  if (segment == NULL)
    return;

  g_free (segment->text);
  g_free (segment);
}

void
debrief_transcription_free (DebriefTranscription *transcription)
{
  if (transcription == NULL)
    return;

  g_free (transcription->text);
  g_free (transcription->language);
  g_clear_pointer (&transcription->segments, g_ptr_array_unref);
  g_free (transcription);
}

static void
request_free (Request *r)
{
  g_assert (r->timer == NULL);
  g_assert (r->cancelled_id == 0);

  g_free (r->content_type);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_object (&r->cancellable);
  g_clear_object (&r->caller_cancellable);
  g_clear_object (&r->message);
  g_clear_object (&r->stream);
  g_clear_pointer (&r->buffer, g_byte_array_unref);
  if (r->pending != NULL)
    g_string_free (r->pending, TRUE);
  if (r->event != NULL)
    g_string_free (r->event, TRUE);
  if (r->reply != NULL)
    g_string_free (r->reply, TRUE);
  g_clear_object (&r->file);
  g_clear_object (&r->part);
  g_clear_object (&r->out);
  g_clear_pointer (&r->piece, g_bytes_unref);
  g_free (r);
}

/**
 * debrief_voice_client_new:
 * @base_url: the API root, such as "https://api.openai.com/v1" or
 *   "http://127.0.0.1:8000/v1"
 * @api_key: (nullable): the key sent as a bearer token; %NULL for a local
 *   server that needs none
 *
 * A wrong URL is reported by the first request, in words the user can act on.
 *
 * Returns: (transfer full): a client
 */
DebriefVoiceClient *
debrief_voice_client_new (const char *base_url,
                          const char *api_key)
{
  DebriefVoiceClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (DEBRIEF_TYPE_VOICE_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  g_strstrip (self->base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->api_key = api_key != NULL && *api_key != '\0' ? g_strdup (api_key) : NULL;

  /* Stalls are timed per request by the client (see arm_timer), so a long
   * streamed answer is not cut while it still flows. */
  self->session = soup_session_new_with_options ("timeout", 0, "idle-timeout", 60,
                                                 "user-agent", "Debrief/" PACKAGE_VERSION, NULL);

  return self;
}

/**
 * debrief_voice_client_set_timeout:
 * @self: a #DebriefVoiceClient
 * @seconds: how long a request may wait for the backend: for the answer to
 *   start, and then for each further piece of it; 0 waits forever
 *
 * Applies to requests started afterwards. The default is 30 seconds.
 */
void
debrief_voice_client_set_timeout (DebriefVoiceClient *self,
                                  guint               seconds)
{
  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (self));

  self->timeout_s = seconds;
}

guint
debrief_voice_client_get_timeout (DebriefVoiceClient *self)
{
  g_return_val_if_fail (DEBRIEF_IS_VOICE_CLIENT (self), 0);

  return self->timeout_s;
}

/* Cancellation and the stall timer */

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
unref_closure_data (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

static gboolean
timeout_cb (gpointer data)
{
  GTask *task = data;
  Request *r = g_task_get_task_data (task);

  g_clear_pointer (&r->timer, g_source_unref);
  r->timed_out = TRUE;
  g_cancellable_cancel (r->cancellable);

  return G_SOURCE_REMOVE;
}

static void
disarm_timer (Request *r)
{
  if (r->timer != NULL)
    {
      g_source_destroy (r->timer);
      g_clear_pointer (&r->timer, g_source_unref);
    }
}

/* (Re)starts the wait for the backend's next sign of life. */
static void
arm_timer (GTask *task)
{
  DebriefVoiceClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);

  disarm_timer (r);
  if (self->timeout_s == 0 || r->timed_out || r->ended)
    return;

  r->timer = g_timeout_source_new (self->timeout_s * 1000);
  g_task_attach_source (task, r->timer, timeout_cb);
}

static Request *
request_new (DebriefVoiceClient  *self,
             Kind                 kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag,
             GTask              **task)
{
  Request *r = g_new0 (Request, 1);

  r->kind = kind;
  r->cancellable = g_cancellable_new ();
  r->buffer = g_byte_array_new ();

  /* Cancelling reaches the request through our own cancellable, so the
   * result tells what happened: a file complete before the caller cancelled
   * is reported complete. */
  *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (*task, source_tag);
  g_task_set_check_cancellable (*task, FALSE);
  g_task_set_task_data (*task, r, (GDestroyNotify) request_free);

  if (cancellable != NULL)
    {
      r->caller_cancellable = g_object_ref (cancellable);
      r->cancelled_id = g_signal_connect_data (cancellable, "cancelled", G_CALLBACK (caller_cancelled_cb),
                                               g_object_ref (r->cancellable), unref_closure_data, 0);
      if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_cancel (r->cancellable);
    }

  return r;
}

/* Stops the timer and lets go of the caller's cancellable, before the task returns. */
static void
request_end (Request *r)
{
  r->ended = TRUE;
  disarm_timer (r);
  if (r->cancelled_id != 0)
    g_clear_signal_handler (&r->cancelled_id, r->caller_cancellable);
}

/* Errors a person can act on */

static const char *
json_error_message (JsonNode *root)
{
  JsonObject *object;
  JsonNode *member;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  /* OpenAI: {"error": {"message", "type", "code"}}; others use a string. */
  member = json_object_get_member (object, "error");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObject *error = json_node_get_object (member);

      member = json_object_get_member (error, "message");
    }
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    member = json_object_get_member (object, "detail");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    member = json_object_get_member (object, "message");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (member);
}

static const char *
json_error_code (JsonNode *root)
{
  JsonNode *error;
  JsonNode *code;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  error = json_object_get_member (json_node_get_object (root), "error");
  if (error == NULL || !JSON_NODE_HOLDS_OBJECT (error))
    return NULL;
  code = json_object_get_member (json_node_get_object (error), "code");
  if (code == NULL || json_node_get_value_type (code) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (code);
}

static JsonNode *
parse_json (const void *data,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (length == 0 || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

/* Seconds from a Retry-After header: a number of seconds or an HTTP date. */
static gint64
retry_after_seconds (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *number = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;
  number = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (1, g_date_time_difference (when, now) / G_TIME_SPAN_SECOND);
}

static GError *
status_error (DebriefVoiceClient *self,
              Request            *r)
{
  guint status = soup_message_get_status (r->message);
  g_autoptr(JsonNode) root = parse_json (r->buffer->data, r->buffer->len);
  const char *detail = json_error_message (root);
  gint64 retry_after;

  if (detail == NULL)
    detail = soup_message_get_reason_phrase (r->message);
  if (detail == NULL || *detail == '\0')
    detail = soup_status_get_phrase (status);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      if (self->api_key == NULL)
        return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_UNAUTHORIZED,
                            _("The voice backend at %s wants an API key (%s). Enter one in Preferences."),
                            self->base_url, detail);
      return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_UNAUTHORIZED,
                          _("The voice backend rejected the API key (%s). Check the key in Preferences."), detail);
    }

  if (status == 429)
    {
      if (g_strcmp0 (json_error_code (root), "insufficient_quota") == 0)
        return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_RATE_LIMITED,
                            _("The voice backend's account has run out of credit (%s)"), detail);
      retry_after = retry_after_seconds (r->message);
      if (retry_after >= 0)
        return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_RATE_LIMITED,
                            _("The voice backend is rate limiting requests; try again in %d s (%s)"),
                            (int) MIN (retry_after, G_MAXINT), detail);
      return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_RATE_LIMITED,
                          _("The voice backend is rate limiting requests; try again in a moment (%s)"), detail);
    }

  if (status >= 500)
    return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_SERVER,
                        _("The voice backend failed (%u): %s"), status, detail);

  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_BAD_REQUEST,
                        _("The voice backend at %s has no %s (%s). Check the URL; it usually ends in /v1."),
                        self->base_url, r->endpoint, detail);

  return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_BAD_REQUEST,
                      _("The voice backend refused the request (%u): %s"), status, detail);
}

/* A failure of the connection: before the answer began, or in its middle. */
static GError *
transport_error (DebriefVoiceClient *self,
                 Request            *r,
                 GError             *error,
                 gboolean            answering)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (answering)
    return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK,
                        _("The voice backend's answer was cut off (%s)"), error->message);

  return g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK,
                      _("Could not reach the voice backend at %s: %s"), self->base_url, error->message);
}

static GError *
malformed (const char *message)
{
  return g_error_new_literal (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_MALFORMED, message);
}

/* Ending a request */

/* Lets go of an unfinished audio file. */
static void
discard_part (Request *r)
{
  if (r->out != NULL)
    {
      g_output_stream_close (r->out, NULL, NULL);
      g_clear_object (&r->out);
    }
  if (r->part != NULL)
    g_file_delete (r->part, NULL, NULL);
}

static gboolean
retry_cb (gpointer data)
{
  start_attempt (g_object_ref (data));

  return G_SOURCE_REMOVE;
}

/* Fails the request, unless trying once more is safe: after a server error
 * or a broken connection, before the caller saw any of the answer. */
static void
fail (GTask  *task,
      GError *error)
{
  DebriefVoiceClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);

  g_assert (error != NULL);

  /* The timer cancels whatever was under way, reading or writing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && r->timed_out &&
      !g_cancellable_is_cancelled (r->caller_cancellable))
    {
      g_error_free (error);
      error = g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_TIMEOUT,
                           _("The voice backend at %s did not answer within %u s"), self->base_url, self->timeout_s);
    }

  if (r->attempt == 0 && !r->delivered && !g_cancellable_is_cancelled (r->cancellable) &&
      (g_error_matches (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_SERVER) ||
       g_error_matches (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK)))
    {
      g_autoptr(GSource) source = g_timeout_source_new (RETRY_DELAY_MS);

      g_debug ("Trying %s again after: %s", r->endpoint, error->message);
      g_error_free (error);
      r->attempt++;
      disarm_timer (r);
      discard_part (r);
      g_task_attach_source (task, source, retry_cb);
      g_object_unref (task);
      return;
    }

  request_end (r);
  discard_part (r);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Sending */

static void
wrote_body_data_cb (SoupMessage *message,
                    guint        chunk,
                    GTask       *task)
{
  /* A large upload is progress too. */
  arm_timer (task);
}

static gboolean
content_type_is (SoupMessage *message,
                 const char  *prefix)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  return type != NULL && g_ascii_strncasecmp (type, prefix, strlen (prefix)) == 0;
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  DebriefVoiceClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  r->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (r->stream == NULL)
    return fail (task, transport_error (self, r, error, FALSE));

  arm_timer (task);
  g_byte_array_set_size (r->buffer, 0);

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (r->message)))
    r->failed_status = TRUE;
  else if (r->kind == KIND_CHAT && !r->json_mode)
    /* Some compatible servers answer with one JSON document even when asked to stream. */
    r->sse = !content_type_is (r->message, "application/json");
  else if (r->kind == KIND_SPEAK &&
           (content_type_is (r->message, "application/json") || content_type_is (r->message, "text/")))
    return fail (task, malformed (_("The voice backend sent text instead of the coach's voice")));

  read_next (task);
}

static void
start_attempt (GTask *task)
{
  DebriefVoiceClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (self->base_url, r->endpoint, NULL);
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  SoupMessageHeaders *headers;

  g_clear_object (&r->message);
  g_clear_object (&r->stream);
  r->failed_status = FALSE;
  r->sse = FALSE;
  r->done = FALSE;
  r->finished = FALSE;
  r->event_has_data = FALSE;
  if (r->kind == KIND_CHAT)
    {
      g_string_truncate (r->pending, 0);
      g_string_truncate (r->event, 0);
    }

  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 && g_strcmp0 (g_uri_get_scheme (parsed), "https") != 0))
    return fail (task, g_error_new (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_FAILED,
                                    _("“%s” is not a voice backend URL: it should look like "
                                      "https://api.openai.com/v1"), self->base_url));

  r->message = soup_message_new_from_uri (SOUP_METHOD_POST, parsed);
  headers = soup_message_get_request_headers (r->message);
  if (self->api_key != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  soup_message_headers_replace (headers, "Accept", r->accept);
  soup_message_set_request_body_from_bytes (r->message, r->content_type, r->body);
  g_signal_connect_object (r->message, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), task, 0);

  arm_timer (task);
  soup_session_send_async (self->session, r->message, G_PRIORITY_DEFAULT, r->cancellable, send_cb, task);
}

/* Speech-to-text */

static gint64
seconds_to_ms (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;

  return (gint64) llround (json_node_get_double (node) * 1000.0);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* verbose_json: {"text", "language", "duration", "segments": [{"start", "end", "text"}]};
 * a plain {"text"} from a server that ignores response_format is fine too. */
static DebriefTranscription *
parse_transcription (GByteArray  *buffer,
                     GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (buffer->data, buffer->len);
  g_autoptr(DebriefTranscription) transcription = NULL;
  JsonObject *object;
  JsonNode *segments;
  const char *text;
  const char *language;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (text = string_member (object = json_node_get_object (root), "text")) == NULL)
    {
      g_propagate_error (error, malformed (_("The voice backend's transcript is not the JSON it should be")));
      return NULL;
    }

  transcription = g_new0 (DebriefTranscription, 1);
  transcription->text = g_strstrip (g_strdup (text));
  language = string_member (object, "language");
  transcription->language = language != NULL && *language != '\0' ? g_strdup (language) : NULL;
  transcription->duration_ms = MAX (0, seconds_to_ms (json_object_get_member (object, "duration")));
  transcription->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_transcript_segment_free);

  segments = json_object_get_member (object, "segments");
  if (segments != NULL && JSON_NODE_HOLDS_ARRAY (segments))
    {
      JsonArray *array = json_node_get_array (segments);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autoptr(DebriefTranscriptSegment) segment = g_new0 (DebriefTranscriptSegment, 1);
          JsonObject *item;
          const char *segment_text;

          if (!JSON_NODE_HOLDS_OBJECT (element) ||
              (segment_text = string_member (item = json_node_get_object (element), "text")) == NULL ||
              (segment->start_ms = seconds_to_ms (json_object_get_member (item, "start"))) < 0 ||
              (segment->end_ms = seconds_to_ms (json_object_get_member (item, "end"))) < segment->start_ms)
            {
              g_propagate_error (error, malformed (_("The voice backend's transcript has a segment without "
                                                     "its times or text")));
              return NULL;
            }
          segment->text = g_strstrip (g_strdup (segment_text));
          g_ptr_array_add (transcription->segments, g_steal_pointer (&segment));
        }
    }

  if (transcription->duration_ms == 0 && transcription->segments->len > 0)
    {
      DebriefTranscriptSegment *last = g_ptr_array_index (transcription->segments,
                                                          transcription->segments->len - 1);

      transcription->duration_ms = last->end_ms;
    }

  return g_steal_pointer (&transcription);
}

/**
 * debrief_voice_client_transcribe_async:
 * @self: a #DebriefVoiceClient
 * @wav: the speech, a WAV file
 * @model: the speech-to-text model, such as "whisper-1"
 * @language: (nullable): the ISO-639-1 code of the speech, such as "en"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the transcript is in
 * @user_data: data for @callback
 *
 * Sends @wav to {base}/audio/transcriptions for a transcript with timed
 * segments. A server error or a broken connection is tried once more.
 */
void
debrief_voice_client_transcribe_async (DebriefVoiceClient  *self,
                                       GBytes              *wav,
                                       const char          *model,
                                       const char          *language,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GTask) task = NULL;
  Request *r;

  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (self));
  g_return_if_fail (wav != NULL);
  g_return_if_fail (model != NULL && *model != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  r = request_new (self, KIND_TRANSCRIBE, cancellable, callback, user_data,
                   debrief_voice_client_transcribe_async, &task);
  r->endpoint = "/audio/transcriptions";
  r->accept = "application/json";

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_file (multipart, "file", "speech.wav", "audio/wav", wav);
  soup_multipart_append_form_string (multipart, "model", model);
  if (language != NULL && *language != '\0')
    soup_multipart_append_form_string (multipart, "language", language);
  soup_multipart_append_form_string (multipart, "response_format", "verbose_json");

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_multipart_to_message (multipart, headers, &r->body);
  r->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));

  start_attempt (g_steal_pointer (&task));
}

/**
 * debrief_voice_client_transcribe_finish:
 * @self: a #DebriefVoiceClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the transcript, or %NULL with @error set
 */
DebriefTranscription *
debrief_voice_client_transcribe_finish (DebriefVoiceClient  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_VOICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == debrief_voice_client_transcribe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Chat */

static void
deliver_delta (Request    *r,
               const char *delta)
{
  if (delta == NULL || *delta == '\0')
    return;

  g_string_append (r->reply, delta);
  r->delivered = TRUE;
  if (r->on_delta != NULL)
    r->on_delta (delta, r->delta_data);
}

/* One event of the stream: a chat.completion.chunk, or "[DONE]". */
static gboolean
sse_dispatch (Request     *r,
              const char  *data,
              GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *detail;
  JsonNode *choices;
  JsonArray *array;

  if (g_str_equal (data, "[DONE]"))
    {
      r->done = TRUE;
      return TRUE;
    }

  root = parse_json (data, strlen (data));
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, malformed (_("The voice backend's reply stream holds an event that is not JSON")));
      return FALSE;
    }

  /* A failure in the middle of a stream comes as an event. */
  if (json_object_has_member (json_node_get_object (root), "error"))
    {
      detail = json_error_message (root);
      g_set_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_SERVER,
                   _("The voice backend failed while replying: %s"), detail != NULL ? detail : "?");
      return FALSE;
    }

  choices = json_object_get_member (json_node_get_object (root), "choices");
  if (choices == NULL || !JSON_NODE_HOLDS_ARRAY (choices))
    {
      g_propagate_error (error, malformed (_("The voice backend's reply stream holds an event without choices")));
      return FALSE;
    }

  /* The last chunk may carry usage and no choices. */
  array = json_node_get_array (choices);
  if (json_array_get_length (array) > 0)
    {
      JsonNode *choice = json_array_get_element (array, 0);
      JsonNode *delta;
      JsonNode *finish;

      if (!JSON_NODE_HOLDS_OBJECT (choice))
        {
          g_propagate_error (error, malformed (_("The voice backend's reply stream holds a choice that is not "
                                                 "an object")));
          return FALSE;
        }

      delta = json_object_get_member (json_node_get_object (choice), "delta");
      if (delta != NULL && JSON_NODE_HOLDS_OBJECT (delta))
        deliver_delta (r, string_member (json_node_get_object (delta), "content"));

      finish = json_object_get_member (json_node_get_object (choice), "finish_reason");
      if (finish != NULL && json_node_get_value_type (finish) == G_TYPE_STRING)
        r->finished = TRUE;
    }

  return TRUE;
}

static gboolean
sse_line (Request     *r,
          const char  *line,
          gsize        length,
          GError     **error)
{
  const char *colon;
  gsize name_length;
  const char *value;
  gsize value_length;

  if (length == 0)
    {
      gboolean ok = TRUE;

      if (r->event_has_data)
        ok = sse_dispatch (r, r->event->str, error);
      g_string_truncate (r->event, 0);
      r->event_has_data = FALSE;
      return ok;
    }

  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', length);
  name_length = colon != NULL ? (gsize) (colon - line) : length;
  value = colon != NULL ? colon + 1 : line + length;
  value_length = length - (value - line);
  if (value_length > 0 && value[0] == ' ')
    {
      value++;
      value_length--;
    }

  /* "event", "id" and "retry" say nothing the client needs. */
  if (name_length == 4 && memcmp (line, "data", 4) == 0)
    {
      if (r->event_has_data)
        g_string_append_c (r->event, '\n');
      g_string_append_len (r->event, value, value_length);
      r->event_has_data = TRUE;
    }

  return TRUE;
}

/* Feeds bytes of a text/event-stream; lines end in LF, CRLF or CR, and may be
 * split anywhere between reads. */
static gboolean
sse_feed (Request     *r,
          const char  *data,
          gsize        length,
          GError     **error)
{
  gsize start = 0;
  gsize i = 0;

  g_string_append_len (r->pending, data, length);

  while (i < r->pending->len && !r->done && !g_cancellable_is_cancelled (r->cancellable))
    {
      char c = r->pending->str[i];
      gsize end = i;

      if (c != '\n' && c != '\r')
        {
          i++;
          continue;
        }

      if (c == '\r')
        {
          if (i + 1 == r->pending->len)
            break;  /* the LF of a CRLF may be in the next read */
          if (r->pending->str[i + 1] == '\n')
            i++;
        }

      if (!sse_line (r, r->pending->str + start, end - start, error))
        return FALSE;
      start = ++i;
    }

  g_string_erase (r->pending, 0, start);
  if (r->pending->len > SSE_LINE_MAX)
    {
      g_propagate_error (error, malformed (_("The voice backend's reply stream has a line too long to be an event")));
      return FALSE;
    }

  return TRUE;
}

/* An answer as one chat.completion document: JSON mode, or a server that does not stream. */
static char *
parse_completion (Request  *r,
                  GError  **error)
{
  g_autoptr(JsonNode) root = parse_json (r->buffer->data, r->buffer->len);
  g_autoptr(JsonNode) content_root = NULL;
  JsonNode *choices;
  JsonNode *choice;
  JsonNode *message;
  const char *content;
  const char *refusal;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (choices = json_object_get_member (json_node_get_object (root), "choices")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (choices) || json_array_get_length (json_node_get_array (choices)) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (choice = json_array_get_element (json_node_get_array (choices), 0)) ||
      (message = json_object_get_member (json_node_get_object (choice), "message")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (message))
    {
      g_propagate_error (error, malformed (_("The voice backend's reply is not the JSON it should be")));
      return NULL;
    }

  content = string_member (json_node_get_object (message), "content");
  refusal = string_member (json_node_get_object (message), "refusal");
  if (content == NULL && refusal != NULL)
    {
      g_set_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_FAILED,
                   _("The voice backend's model refused to answer: %s"), refusal);
      return NULL;
    }
  if (content == NULL)
    {
      g_propagate_error (error, malformed (_("The voice backend's reply has no text")));
      return NULL;
    }

  if (r->json_mode)
    {
      content_root = parse_json (content, strlen (content));
      if (content_root == NULL || !JSON_NODE_HOLDS_OBJECT (content_root))
        {
          g_propagate_error (error, malformed (_("The voice backend's feedback is not the JSON object asked for")));
          return NULL;
        }
    }

  return g_strdup (content);
}

/**
 * debrief_voice_client_chat_async:
 * @self: a #DebriefVoiceClient
 * @model: the chat model, such as "gpt-4o-mini"
 * @messages: the conversation, `[{"role": "system"|"user"|"assistant", "content": "…"}]`
 * @json_mode: %TRUE for one JSON object as the answer (structured feedback;
 *   the messages must ask for JSON), not streamed
 * @on_delta: (nullable) (scope notified): called with each piece of the
 *   reply as it arrives, on the caller's main context; not in JSON mode
 * @delta_data: data for @on_delta
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the reply is complete
 * @user_data: data for @callback
 *
 * Sends @messages to {base}/chat/completions and streams the reply. A server
 * error or a broken connection before the first piece of the reply is tried
 * once more; once a piece was delivered, nothing is retried: a stream cut
 * before its end fails with %DEBRIEF_VOICE_ERROR_NETWORK, and the pieces
 * delivered stay the partial reply.
 */
void
debrief_voice_client_chat_async (DebriefVoiceClient    *self,
                                 const char            *model,
                                 JsonArray             *messages,
                                 gboolean               json_mode,
                                 DebriefChatDeltaFunc   on_delta,
                                 gpointer               delta_data,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  gsize length;
  Request *r;

  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (self));
  g_return_if_fail (model != NULL && *model != '\0');
  g_return_if_fail (messages != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  r = request_new (self, KIND_CHAT, cancellable, callback, user_data, debrief_voice_client_chat_async, &task);
  r->endpoint = "/chat/completions";
  r->json_mode = !!json_mode;
  r->accept = json_mode ? "application/json" : "text/event-stream";
  r->on_delta = on_delta;
  r->delta_data = delta_data;
  r->pending = g_string_new (NULL);
  r->event = g_string_new (NULL);
  r->reply = g_string_new (NULL);

  json_object_set_string_member (object, "model", model);
  json_object_set_array_member (object, "messages", json_array_ref (messages));
  json_object_set_boolean_member (object, "stream", !json_mode);
  if (json_mode)
    {
      JsonObject *format = json_object_new ();

      json_object_set_string_member (format, "type", "json_object");
      json_object_set_object_member (object, "response_format", format);
    }
  json_node_set_object (root, object);

  text = json_to_string (root, FALSE);
  length = strlen (text);
  r->body = g_bytes_new_take (g_steal_pointer (&text), length);
  r->content_type = g_strdup ("application/json");

  start_attempt (g_steal_pointer (&task));
}

/**
 * debrief_voice_client_chat_finish:
 * @self: a #DebriefVoiceClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the whole reply (in JSON mode, the JSON object's
 *   text), or %NULL with @error set
 */
char *
debrief_voice_client_chat_finish (DebriefVoiceClient  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_VOICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == debrief_voice_client_chat_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Text-to-speech */

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) ||
      !g_file_move (r->part, r->file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      g_autofree char *path = g_file_get_path (r->file);

      g_clear_object (&r->out);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Could not save the coach's voice as %s: "), path);
      return fail (task, g_steal_pointer (&error));
    }

  g_clear_object (&r->out);
  request_end (r);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&r->piece, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    return fail (task, g_steal_pointer (&error));

  read_next (task);
}

static void
write_piece (GTask *task)
{
  Request *r = g_task_get_task_data (task);
  gsize size;
  const void *data = g_bytes_get_data (r->piece, &size);

  g_output_stream_write_all_async (r->out, data, size, G_PRIORITY_DEFAULT, r->cancellable, write_cb, task);
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GFileOutputStream *out = g_file_replace_finish (G_FILE (object), result, &error);

  if (out == NULL)
    {
      g_autofree char *path = g_file_get_path (r->part);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Could not save the coach's voice as %s: "), path);
      return fail (task, g_steal_pointer (&error));
    }

  r->out = G_OUTPUT_STREAM (out);
  write_piece (task);
}

/* Follows the Ogg pages of the audio as it streams in. A stream cut between
 * two HTTP chunks looks like a normal end to libsoup, and would leave a
 * short file that seems whole; the last Ogg page of a whole stream carries
 * the end-of-stream flag. Audio that is not Ogg is not checked. */
static void
ogg_feed (Request      *r,
          const guint8 *data,
          gsize         length)
{
  while (r->check_ogg && length > 0)
    {
      gsize take;
      guint need;

      if (r->ogg_body_left > 0)
        {
          take = MIN (r->ogg_body_left, length);
          r->ogg_body_left -= take;
          data += take;
          length -= take;
          continue;
        }

      need = r->ogg_header_length < 27 ? 27 : 27 + r->ogg_header[26];
      take = MIN (need - r->ogg_header_length, length);
      memcpy (r->ogg_header + r->ogg_header_length, data, take);
      r->ogg_header_length += take;
      data += take;
      length -= take;

      if (r->ogg_header_length == 27 && memcmp (r->ogg_header, "OggS", 4) != 0)
        {
          r->check_ogg = FALSE;
          break;
        }

      if (r->ogg_header_length >= 27 && r->ogg_header_length == 27u + r->ogg_header[26])
        {
          for (guint i = 0; i < r->ogg_header[26]; i++)
            r->ogg_body_left += r->ogg_header[27 + i];
          r->ogg_end = (r->ogg_header[5] & 0x04) != 0;
          r->ogg_pages++;
          r->ogg_header_length = 0;
        }
    }
}

static gboolean
ogg_complete (Request *r)
{
  return !r->check_ogg ||
         (r->ogg_pages > 0 && r->ogg_end && r->ogg_header_length == 0 && r->ogg_body_left == 0);
}

static void
speech_piece (GTask  *task,
              GBytes *bytes)
{
  Request *r = g_task_get_task_data (task);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  ogg_feed (r, data, size);
  r->received += size;
  r->delivered = TRUE;
  if (r->on_data != NULL)
    r->on_data (bytes, r->data_data);

  r->piece = g_bytes_ref (bytes);
  if (r->out == NULL)
    g_file_replace_async (r->part, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                          r->cancellable, replace_cb, task);
  else
    write_piece (task);
}

/**
 * debrief_voice_client_speak_async:
 * @self: a #DebriefVoiceClient
 * @model: the text-to-speech model, such as "tts-1"
 * @voice: the voice, such as "alloy"
 * @input: the text to say
 * @format: (nullable): "opus" (Ogg/Opus, the default) or "mp3"
 * @speed: 0.25 to 4.0; 1.0 is normal
 * @path: the audio file to write
 * @on_data: (nullable) (scope notified): called with each piece of the
 *   audio as it arrives, on the caller's main context, for playback that
 *   starts before the end
 * @data_data: data for @on_data
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is complete
 * @user_data: data for @callback
 *
 * Asks {base}/audio/speech to say @input and streams the audio into
 * @path.part, renamed to @path when complete and removed on failure. A
 * server error or a broken connection before the first byte is tried once
 * more.
 */
void
debrief_voice_client_speak_async (DebriefVoiceClient    *self,
                                  const char            *model,
                                  const char            *voice,
                                  const char            *input,
                                  const char            *format,
                                  double                 speed,
                                  const char            *path,
                                  DebriefSpeechDataFunc  on_data,
                                  gpointer               data_data,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GTask) task = NULL;
  g_autofree char *part = NULL;
  g_autofree char *text = NULL;
  gsize length;
  Request *r;

  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (self));
  g_return_if_fail (model != NULL && *model != '\0');
  g_return_if_fail (voice != NULL && *voice != '\0');
  g_return_if_fail (input != NULL);
  g_return_if_fail (format == NULL || g_str_equal (format, "opus") || g_str_equal (format, "mp3"));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (format == NULL)
    format = "opus";

  r = request_new (self, KIND_SPEAK, cancellable, callback, user_data, debrief_voice_client_speak_async, &task);
  r->endpoint = "/audio/speech";
  r->accept = g_str_equal (format, "opus") ? "audio/ogg, audio/opus, */*" : "audio/mpeg, */*";
  r->on_data = on_data;
  r->data_data = data_data;
  r->check_ogg = g_str_equal (format, "opus");
  r->file = g_file_new_for_path (path);
  part = g_strconcat (path, ".part", NULL);
  r->part = g_file_new_for_path (part);

  json_object_set_string_member (object, "model", model);
  json_object_set_string_member (object, "voice", voice);
  json_object_set_string_member (object, "input", input);
  json_object_set_string_member (object, "response_format", format);
  json_object_set_double_member (object, "speed", CLAMP (speed > 0 ? speed : 1.0, 0.25, 4.0));
  json_node_set_object (root, object);

  text = json_to_string (root, FALSE);
  length = strlen (text);
  r->body = g_bytes_new_take (g_steal_pointer (&text), length);
  r->content_type = g_strdup ("application/json");

  start_attempt (g_steal_pointer (&task));
}

/**
 * debrief_voice_client_speak_finish:
 * @self: a #DebriefVoiceClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the whole audio is in the file
 */
gboolean
debrief_voice_client_speak_finish (DebriefVoiceClient  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_VOICE_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == debrief_voice_client_speak_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading the answer */

static void
answer_complete (GTask *task)
{
  DebriefVoiceClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  GError *error = NULL;

  if (r->failed_status)
    return fail (task, status_error (self, r));

  switch (r->kind)
    {
    case KIND_TRANSCRIBE:
    {
      DebriefTranscription *transcription = parse_transcription (r->buffer, &error);

      if (transcription == NULL)
        return fail (task, error);
      request_end (r);
      g_task_return_pointer (task, transcription, (GDestroyNotify) debrief_transcription_free);
    }
    break;

    case KIND_CHAT:
      if (r->sse && !r->done && !r->finished)
        return fail (task, g_error_new_literal (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK,
                                                _("The voice backend's answer was cut off")));
      if (!r->sse)
        {
          g_autofree char *content = parse_completion (r, &error);

          if (content == NULL)
            return fail (task, error);
          if (!r->json_mode)
            deliver_delta (r, content);
          else
            g_string_assign (r->reply, content);
        }
      request_end (r);
      g_task_return_pointer (task, g_strdup (r->reply->str), g_free);
      break;

    case KIND_SPEAK:
      if (r->out == NULL)
        return fail (task, malformed (_("The voice backend sent no audio")));
      if (!ogg_complete (r))
        return fail (task, g_error_new_literal (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK,
                                                _("The voice backend's answer was cut off")));
      g_output_stream_close_async (r->out, G_PRIORITY_DEFAULT, r->cancellable, close_cb, task);
      return;

    default:
      g_assert_not_reached ();
    }

  g_object_unref (task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  DebriefVoiceClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  gsize size;
  const guint8 *data;

  if (bytes == NULL)
    {
      /* A stream that already said [DONE] has given all it had; only the
       * caller's cancelling still counts. */
      if (r->done && !g_cancellable_is_cancelled (r->caller_cancellable))
        return answer_complete (task);
      return fail (task, transport_error (self, r, error, TRUE));
    }

  arm_timer (task);
  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    return answer_complete (task);

  if (r->failed_status || (r->kind == KIND_CHAT && !r->sse) || r->kind == KIND_TRANSCRIBE)
    {
      if (!r->failed_status || r->buffer->len < ERROR_BODY_MAX)
        g_byte_array_append (r->buffer, data, size);
      return read_next (task);
    }

  if (r->kind == KIND_CHAT)
    {
      if (!r->done && !sse_feed (r, (const char *) data, size, &error))
        return fail (task, g_steal_pointer (&error));
      return read_next (task);
    }

  speech_piece (task, bytes);
}

static void
read_next (GTask *task)
{
  Request *r = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (r->stream, READ_SIZE, G_PRIORITY_DEFAULT, r->cancellable, read_cb, task);
}

static void
debrief_voice_client_finalize (GObject *object)
{
  DebriefVoiceClient *self = (DebriefVoiceClient *) object;

  g_free (self->base_url);
  g_free (self->api_key);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (debrief_voice_client_parent_class)->finalize (object);
}

static void
debrief_voice_client_class_init (DebriefVoiceClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = debrief_voice_client_finalize;
}

static void
debrief_voice_client_init (DebriefVoiceClient *self)
{
  self->timeout_s = DEFAULT_TIMEOUT_S;
}
