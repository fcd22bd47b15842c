/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-voice-client.c: an OpenAI-compatible voice backend (speech-to-text, chat, text-to-speech) on libsoup */

#define G_LOG_DOMAIN "debrief-voice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "debrief-voice-client-private.h"

#define DEFAULT_TIMEOUT_S 30
#define READ_SIZE         (16 * 1024)
#define ERROR_BODY_MAX    (64 * 1024)
#define RETRY_DELAY_MS    250

G_DEFINE_FINAL_TYPE (DebriefVoiceClient, debrief_voice_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (debrief-voice-error-quark, debrief_voice_error)

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
request_free (DebriefVoiceRequest *r)
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
  DebriefVoiceRequest *r = g_task_get_task_data (task);

  g_clear_pointer (&r->timer, g_source_unref);
  r->timed_out = TRUE;
  g_cancellable_cancel (r->cancellable);

  return G_SOURCE_REMOVE;
}

static void
disarm_timer (DebriefVoiceRequest *r)
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
  DebriefVoiceRequest *r = g_task_get_task_data (task);

  disarm_timer (r);
  if (self->timeout_s == 0 || r->timed_out || r->ended)
    return;

  r->timer = g_timeout_source_new (self->timeout_s * 1000);
  g_task_attach_source (task, r->timer, timeout_cb);
}

static DebriefVoiceRequest *
request_new (DebriefVoiceClient  *self,
             DebriefVoiceKind     kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag,
             GTask              **task)
{
  DebriefVoiceRequest *r = g_new0 (DebriefVoiceRequest, 1);

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
request_end (DebriefVoiceRequest *r)
{
  r->ended = TRUE;
  disarm_timer (r);
  if (r->cancelled_id != 0)
    g_clear_signal_handler (&r->cancelled_id, r->caller_cancellable);
}

/* Ending a request */

/* Lets go of an unfinished audio file. */
static void
discard_part (DebriefVoiceRequest *r)
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
  DebriefVoiceRequest *r = g_task_get_task_data (task);

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
  DebriefVoiceRequest *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  r->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (r->stream == NULL)
    return fail (task, debrief_voice_transport_error (self, error, FALSE));

  arm_timer (task);
  g_byte_array_set_size (r->buffer, 0);

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (r->message)))
    r->failed_status = TRUE;
  else if (r->kind == DEBRIEF_VOICE_KIND_CHAT && !r->json_mode)
    /* Some compatible servers answer with one JSON document even when asked to stream. */
    r->sse = !content_type_is (r->message, "application/json");
  else if (r->kind == DEBRIEF_VOICE_KIND_SPEAK &&
           (content_type_is (r->message, "application/json") || content_type_is (r->message, "text/")))
    return fail (task, debrief_voice_malformed (_("The voice backend sent text instead of the coach's voice")));

  read_next (task);
}

static void
start_attempt (GTask *task)
{
  DebriefVoiceClient *self = g_task_get_source_object (task);
  DebriefVoiceRequest *r = g_task_get_task_data (task);
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
  if (r->kind == DEBRIEF_VOICE_KIND_CHAT)
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

/* Sends @object as the request's body, and starts it; @task is taken. */
static void
start_json (GTask      *task,
            JsonObject *object)
{
  DebriefVoiceRequest *r = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  gsize length;

  json_node_set_object (root, object);
  text = json_to_string (root, FALSE);
  length = strlen (text);
  r->body = g_bytes_new_take (g_steal_pointer (&text), length);
  r->content_type = g_strdup ("application/json");

  start_attempt (task);
}

/* Whether @result ends a call of @source_tag on @self: what a _finish checks. */
static gboolean
is_result_of (DebriefVoiceClient *self,
              GAsyncResult       *result,
              gpointer            source_tag)
{
  return DEBRIEF_IS_VOICE_CLIENT (self) && g_task_is_valid (result, self) &&
         g_task_get_source_tag (G_TASK (result)) == source_tag;
}

/* Speech-to-text */

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
  DebriefVoiceRequest *r;

  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (self));
  g_return_if_fail (wav != NULL);
  g_return_if_fail (model != NULL && *model != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  r = request_new (self, DEBRIEF_VOICE_KIND_TRANSCRIBE, cancellable, callback, user_data,
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
  g_return_val_if_fail (is_result_of (self, result, debrief_voice_client_transcribe_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Chat */

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
  g_autoptr(GTask) task = NULL;
  DebriefVoiceRequest *r;

  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (self));
  g_return_if_fail (model != NULL && *model != '\0');
  g_return_if_fail (messages != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  r = request_new (self, DEBRIEF_VOICE_KIND_CHAT, cancellable, callback, user_data,
                   debrief_voice_client_chat_async, &task);
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

  start_json (g_steal_pointer (&task), object);
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
  g_return_val_if_fail (is_result_of (self, result, debrief_voice_client_chat_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Text-to-speech */

/* Fails the request for a file the audio could not be written to. */
static void
fail_saving (GTask  *task,
             GFile  *file,
             GError *error)
{
  g_autofree char *path = g_file_get_path (file);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, _("Could not save the coach's voice as %s: "), path);
  fail (task, error);
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  DebriefVoiceRequest *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) ||
      !g_file_move (r->part, r->file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      g_clear_object (&r->out);
      return fail_saving (task, r->file, g_steal_pointer (&error));
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
  DebriefVoiceRequest *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&r->piece, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    return fail (task, g_steal_pointer (&error));

  read_next (task);
}

static void
write_piece (GTask *task)
{
  DebriefVoiceRequest *r = g_task_get_task_data (task);
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
  DebriefVoiceRequest *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GFileOutputStream *out = g_file_replace_finish (G_FILE (object), result, &error);

  if (out == NULL)
    return fail_saving (task, r->part, g_steal_pointer (&error));

  r->out = G_OUTPUT_STREAM (out);
  write_piece (task);
}

static void
speech_piece (GTask  *task,
              GBytes *bytes)
{
  DebriefVoiceRequest *r = g_task_get_task_data (task);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  debrief_voice_ogg_feed (r, data, size);
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
  g_autoptr(GTask) task = NULL;
  g_autofree char *part = NULL;
  DebriefVoiceRequest *r;

  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (self));
  g_return_if_fail (model != NULL && *model != '\0');
  g_return_if_fail (voice != NULL && *voice != '\0');
  g_return_if_fail (input != NULL);
  g_return_if_fail (format == NULL || g_str_equal (format, "opus") || g_str_equal (format, "mp3"));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (format == NULL)
    format = "opus";

  r = request_new (self, DEBRIEF_VOICE_KIND_SPEAK, cancellable, callback, user_data,
                   debrief_voice_client_speak_async, &task);
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

  start_json (g_steal_pointer (&task), object);
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
  g_return_val_if_fail (is_result_of (self, result, debrief_voice_client_speak_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading the answer */

static void
answer_complete (GTask *task)
{
  DebriefVoiceClient *self = g_task_get_source_object (task);
  DebriefVoiceRequest *r = g_task_get_task_data (task);
  GError *error = NULL;

  if (r->failed_status)
    return fail (task, debrief_voice_status_error (self, r));

  switch (r->kind)
    {
    case DEBRIEF_VOICE_KIND_TRANSCRIBE:
    {
      DebriefTranscription *transcription = debrief_voice_parse_transcription (r->buffer, &error);

      if (transcription == NULL)
        return fail (task, error);
      request_end (r);
      g_task_return_pointer (task, transcription, (GDestroyNotify) debrief_transcription_free);
    }
    break;

    case DEBRIEF_VOICE_KIND_CHAT:
      if (r->sse && !r->done && !r->finished)
        return fail (task, debrief_voice_cut_off ());
      if (!r->sse)
        {
          g_autofree char *content = debrief_voice_parse_completion (r, &error);

          if (content == NULL)
            return fail (task, error);
          if (!r->json_mode)
            debrief_voice_deliver_delta (r, content);
          else
            g_string_assign (r->reply, content);
        }
      request_end (r);
      g_task_return_pointer (task, g_strdup (r->reply->str), g_free);
      break;

    case DEBRIEF_VOICE_KIND_SPEAK:
      if (r->out == NULL)
        return fail (task, debrief_voice_malformed (_("The voice backend sent no audio")));
      if (!debrief_voice_ogg_complete (r))
        return fail (task, debrief_voice_cut_off ());
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
  DebriefVoiceRequest *r = g_task_get_task_data (task);
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
      return fail (task, debrief_voice_transport_error (self, error, TRUE));
    }

  arm_timer (task);
  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    return answer_complete (task);

  if (r->failed_status || (r->kind == DEBRIEF_VOICE_KIND_CHAT && !r->sse) || r->kind == DEBRIEF_VOICE_KIND_TRANSCRIBE)
    {
      if (!r->failed_status || r->buffer->len < ERROR_BODY_MAX)
        g_byte_array_append (r->buffer, data, size);
      return read_next (task);
    }

  if (r->kind == DEBRIEF_VOICE_KIND_CHAT)
    {
      if (!r->done && !debrief_voice_sse_feed (r, (const char *) data, size, &error))
        return fail (task, g_steal_pointer (&error));
      return read_next (task);
    }

  speech_piece (task, bytes);
}

static void
read_next (GTask *task)
{
  DebriefVoiceRequest *r = g_task_get_task_data (task);

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
