/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-openai.c: a fake OpenAI-compatible voice backend (transcriptions, chat, speech) that checks the wire format */

#include "config.h"

#include <gst/gst.h>

#include "debrief-fake-openai-private.h"

#define DEFAULT_TRANSCRIPT "Hello coach. I would like to practise my pitch."
#define DEFAULT_REPLY      "Of course! Start with who you are, then say what problem you solve, " \
                           "and finish with one clear question for the buyer."

static const char * const paths[FAKE_OPENAI_N_ENDPOINTS] = {
  "/v1/audio/transcriptions", "/v1/chat/completions", "/v1/audio/speech",
};

/* Answering, possibly late and in pieces */

static void
responder_free (FakeOpenaiResponder *r)
{
  if (r->source != NULL)
    {
      g_source_destroy (r->source);
      g_source_unref (r->source);
    }
  g_signal_handlers_disconnect_by_data (r->message, r);
  g_object_unref (r->message);
  g_free (r->content_type);
  g_ptr_array_unref (r->pieces);
  g_free (r);
}

FakeOpenaiResponder *
fake_openai_responder_new (FakeOpenai        *fake,
                           SoupServerMessage *message,
                           guint              status,
                           const char        *content_type)
{
  FakeOpenaiResponder *r = g_new0 (FakeOpenaiResponder, 1);

  r->fake = fake;
  r->message = g_object_ref (message);
  r->status = status;
  r->content_type = g_strdup (content_type);
  r->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  r->cut_at = G_MAXUINT;

  return r;
}

void
fake_openai_add_piece (FakeOpenaiResponder *r,
                       const char          *data,
                       gsize                length)
{
  g_ptr_array_add (r->pieces, g_bytes_new (data, length));
}

static gboolean step_cb (gpointer data);

static void
schedule (FakeOpenaiResponder *r,
          guint                delay_ms)
{
  if (r->source != NULL)
    {
      g_source_destroy (r->source);
      g_source_unref (r->source);
    }
  r->source = g_timeout_source_new (delay_ms);
  g_source_set_callback (r->source, step_cb, r, NULL);
  g_source_attach (r->source, fake_server_get_context (r->fake->server));
}

static void
wrote_chunk_cb (SoupServerMessage   *message,
                FakeOpenaiResponder *r)
{
  schedule (r, r->between_ms);
}

static gboolean
step_cb (gpointer data)
{
  FakeOpenaiResponder *r = data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->message);
  SoupMessageBody *body = soup_server_message_get_response_body (r->message);

  g_clear_pointer (&r->source, g_source_unref);

  if (!r->started)
    {
      r->started = TRUE;
      soup_server_message_set_status (r->message, r->status, NULL);
      if (r->retry_after > 0)
        {
          g_autofree char *seconds = g_strdup_printf ("%u", r->retry_after);

          soup_message_headers_replace (headers, "Retry-After", seconds);
        }

      if (!r->chunked && r->cut_at == G_MAXUINT)
        {
          g_autoptr(GByteArray) all = g_byte_array_new ();

          for (guint i = 0; i < r->pieces->len; i++)
            g_byte_array_append (all, g_bytes_get_data (r->pieces->pdata[i], NULL),
                                 g_bytes_get_size (r->pieces->pdata[i]));
          soup_server_message_set_response (r->message, r->content_type, SOUP_MEMORY_COPY,
                                            (const char *) all->data, all->len);
          soup_server_message_unpause (r->message);
          return G_SOURCE_REMOVE;
        }

      if (r->chunked)
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      else
        {
          goffset total = 0;

          /* The whole length is announced, but not all of it will come. */
          for (guint i = 0; i < r->pieces->len; i++)
            total += g_bytes_get_size (r->pieces->pdata[i]);
          soup_message_headers_set_content_length (headers, total);
        }
      soup_message_headers_set_content_type (headers, r->content_type, NULL);
      soup_message_body_set_accumulate (body, FALSE);
      g_signal_connect (r->message, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), r);
    }

  if (r->next == r->cut_at)
    {
      /* Hang up in the middle, as a dropped connection or a crashed worker does. */
      g_socket_shutdown (soup_server_message_get_socket (r->message), TRUE, TRUE, NULL);
      soup_message_body_complete (body);
      soup_server_message_unpause (r->message);
      return G_SOURCE_REMOVE;
    }

  if (r->next == r->pieces->len)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (r->message);
      return G_SOURCE_REMOVE;
    }

  soup_message_body_append_bytes (body, r->pieces->pdata[r->next++]);
  soup_server_message_unpause (r->message);

  return G_SOURCE_REMOVE;
}

static void
respond (FakeOpenaiResponder *r,
         guint                before_ms)
{
  soup_server_message_pause (r->message);
  g_hash_table_replace (r->fake->responders, r->message, r);
  schedule (r, before_ms);
}

static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 FakeOpenai        *fake)
{
  g_hash_table_remove (fake->responders, message);
}

/* OpenAI's error shape: {"error": {"message", "type", "param", "code"}}. */
static char *
error_json (const char *message,
            const char *type,
            const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "param");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "code");
  if (code != NULL)
    json_builder_add_string_value (builder, code);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Notes a request a real server would have refused, and why, for the test; @what is taken. */
static void
note_malformed (FakeOpenai *fake,
                char       *what)
{
  g_mutex_lock (&fake->lock);
  g_ptr_array_add (fake->malformed, what);
  g_mutex_unlock (&fake->lock);
}

/* Refuses a request a real server would refuse, and notes it. */
static void
refuse (FakeOpenai        *fake,
        SoupServerMessage *message,
        guint              status,
        const char        *why)
{
  g_autofree char *json = error_json (why, "invalid_request_error", NULL);

  note_malformed (fake, fake_server_describe (message, why));
  fake_server_answer_json (message, status, json);
}

/* Refuses a malformed request with a 400; returns no responder, as an endpoint then does. */
FakeOpenaiResponder *
fake_openai_reject (FakeOpenai        *fake,
                    SoupServerMessage *message,
                    const char        *why)
{
  refuse (fake, message, 400, why);
  return NULL;
}

/* Checking requests */

static gboolean
check_bearer (FakeOpenai        *fake,
              SoupServerMessage *message)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");
  g_autofree char *json = NULL;
  g_autofree char *shown = NULL;

  if (fake->api_key == NULL)
    return TRUE;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer ") || authorization[7] == '\0')
    {
      json = error_json ("You didn't provide an API key. You need to provide your API key in an Authorization "
                         "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                         "invalid_request_error", NULL);
      note_malformed (fake, g_strdup_printf ("%s: no bearer token",
                                             g_uri_get_path (soup_server_message_get_uri (message))));
      fake_server_answer_json (message, 401, json);
      return FALSE;
    }

  /* A wrong key is the user's typo, not the client's bug: refused, not noted. */
  if (!g_str_equal (authorization + 7, fake->api_key))
    {
      shown = g_strdup_printf ("Incorrect API key provided: %.4s****. You can find your API key at "
                               "https://platform.openai.com/account/api-keys.", authorization + 7);
      json = error_json (shown, "invalid_request_error", "invalid_api_key");
      fake_server_answer_json (message, 401, json);
      return FALSE;
    }

  return TRUE;
}

/* Takes the next planned failure of @endpoint, if any, into @fault; a 401, 429
 * or 500, which look the same on every endpoint, comes back as the answer.
 * Call with the lock held. */
FakeOpenaiResponder *
fake_openai_take_fault (FakeOpenai         *fake,
                        SoupServerMessage  *message,
                        FakeOpenaiEndpoint  endpoint,
                        FakeOpenaiFault    *fault)
{
  g_autofree char *json = NULL;
  FakeOpenaiResponder *r;

  *fault = fake->faults[endpoint];
  if (*fault != FAKE_OPENAI_FAULT_NONE && fake->fault_times[endpoint] > 0 && --fake->fault_times[endpoint] == 0)
    fake->faults[endpoint] = FAKE_OPENAI_FAULT_NONE;

  if (*fault == FAKE_OPENAI_FAULT_UNAUTHORIZED)
    {
      json = error_json ("Incorrect API key provided: sk-r****. You can find your API key at "
                         "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key");
      r = fake_openai_responder_new (fake, message, 401, "application/json");
    }
  else if (*fault == FAKE_OPENAI_FAULT_RATE_LIMITED)
    {
      json = error_json ("Rate limit reached for requests. Limit: 3 / min. Please try again in 20s.",
                         "requests", "rate_limit_exceeded");
      r = fake_openai_responder_new (fake, message, 429, "application/json");
      r->retry_after = fake->retry_after;
    }
  else if (*fault == FAKE_OPENAI_FAULT_SERVER)
    {
      json = error_json ("The server had an error while processing your request. Sorry about that!",
                         "server_error", NULL);
      r = fake_openai_responder_new (fake, message, 500, "application/json");
    }
  else
    return NULL;

  fake_openai_add_piece (r, json, strlen (json));
  return r;
}

/* The server's only handler: it notes the request, checks what every
 * endpoint checks and passes it on. */
static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FakeOpenai *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  FakeOpenaiEndpoint endpoint = FAKE_OPENAI_N_ENDPOINTS;
  FakeOpenaiResponder *r = NULL;
  guint before_ms;
  guint between_ms;

  for (guint i = 0; i < FAKE_OPENAI_N_ENDPOINTS; i++)
    if (g_str_equal (path, paths[i]))
      endpoint = i;

  if (endpoint == FAKE_OPENAI_N_ENDPOINTS)
    {
      g_autofree char *why = g_strdup_printf ("Invalid URL (%s %s)", soup_server_message_get_method (message), path);

      return refuse (fake, message, 404, why);
    }

  g_mutex_lock (&fake->lock);
  fake->requests[endpoint]++;
  g_clear_pointer (&fake->last_body[endpoint], g_bytes_unref);
  fake->last_body[endpoint] = g_bytes_ref (body);
  g_clear_pointer (&fake->last_headers[endpoint], soup_message_headers_unref);
  fake->last_headers[endpoint] = soup_message_headers_ref (headers);
  g_clear_pointer (&fake->last_json[endpoint], json_object_unref);
  before_ms = fake->before_ms;
  between_ms = fake->between_ms;
  g_mutex_unlock (&fake->lock);

  if (!check_bearer (fake, message))
    return;
  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0)
    return refuse (fake, message, 400, "only POST is allowed here");

  if (endpoint == FAKE_OPENAI_TRANSCRIPTIONS)
    r = fake_openai_transcriptions (fake, message, body);
  else if (endpoint == FAKE_OPENAI_CHAT)
    r = fake_openai_chat (fake, message);
  else
    r = fake_openai_speech (fake, message);

  if (r != NULL)
    {
      r->between_ms = between_ms;
      respond (r, before_ms);
    }
}

static void
add_handler (SoupServer *server,
             gpointer    user_data)
{
  soup_server_add_handler (server, NULL, handle_cb, user_data, NULL);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_done_cb), user_data);
  g_signal_connect (server, "request-aborted", G_CALLBACK (request_done_cb), user_data);
}

static void
drop_responders (SoupServer *server,
                 gpointer    user_data)
{
  FakeOpenai *fake = user_data;

  g_hash_table_remove_all (fake->responders);
}

/**
 * fake_openai_new:
 * @api_key: (nullable): the key it wants as a bearer token; %NULL for a
 *   server that wants none, as a local one
 *
 * Returns: (transfer full): a fake voice backend listening on 127.0.0.1
 */
FakeOpenai *
fake_openai_new (const char *api_key)
{
  FakeOpenai *fake = g_new0 (FakeOpenai, 1);

  gst_init (NULL, NULL);

  fake->api_key = g_strdup (api_key);
  fake->transcript = g_strdup (DEFAULT_TRANSCRIPT);
  fake->transcripts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->reply = g_strdup (DEFAULT_REPLY);
  fake->between_ms = 5;
  fake->retry_after = 7;
  fake->malformed = g_ptr_array_new_with_free_func (g_free);
  fake->audio = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  fake->responders = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) responder_free);
  g_mutex_init (&fake->lock);
  fake->server = fake_server_new ("fake-openai", add_handler, drop_responders, fake);
  fake->url = g_strconcat (fake_server_get_url (fake->server), "/v1", NULL);

  return fake;
}

void
fake_openai_free (FakeOpenai *fake)
{
  if (fake == NULL)
    return;

  fake_server_free (fake->server);
  g_mutex_clear (&fake->lock);

  for (guint i = 0; i < FAKE_OPENAI_N_ENDPOINTS; i++)
    {
      g_clear_pointer (&fake->last_body[i], g_bytes_unref);
      g_clear_pointer (&fake->last_headers[i], soup_message_headers_unref);
      g_clear_pointer (&fake->last_json[i], json_object_unref);
    }
  g_clear_pointer (&fake->last_form, g_hash_table_unref);
  g_clear_pointer (&fake->last_file, g_bytes_unref);
  g_clear_pointer (&fake->last_audio, g_bytes_unref);
  g_hash_table_unref (fake->transcripts);
  g_hash_table_unref (fake->audio);
  g_hash_table_unref (fake->responders);
  g_ptr_array_unref (fake->malformed);
  g_free (fake->transcript);
  g_free (fake->reply);
  g_free (fake->json_reply);
  g_free (fake->api_key);
  g_free (fake->url);
  g_free (fake);
}

/**
 * fake_openai_get_url:
 *
 * Returns: the API root, "http://127.0.0.1:PORT/v1"
 */
const char *
fake_openai_get_url (FakeOpenai *fake)
{
  return fake->url;
}

static void
set_text (FakeOpenai  *fake,
          char       **field,
          const char  *text)
{
  g_mutex_lock (&fake->lock);
  g_free (*field);
  *field = g_strdup (text);
  g_mutex_unlock (&fake->lock);
}

void
fake_openai_set_transcript (FakeOpenai *fake,
                            const char *text)
{
  set_text (fake, &fake->transcript, text);
}

/* The transcript of exactly @audio; other audio gets the fixed one. */
void
fake_openai_add_transcript (FakeOpenai *fake,
                            GBytes     *audio,
                            const char *text)
{
  g_mutex_lock (&fake->lock);
  g_hash_table_replace (fake->transcripts, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, audio), g_strdup (text));
  g_mutex_unlock (&fake->lock);
}

/* The chat reply: streamed two words to an event, the events scattered over many writes. */
void
fake_openai_set_reply (FakeOpenai *fake,
                       const char *text)
{
  set_text (fake, &fake->reply, text);
}

/* What the chat endpoint answers when asked for a JSON object (feedback) */
void
fake_openai_set_json_reply (FakeOpenai *fake,
                            const char *json)
{
  set_text (fake, &fake->json_reply, json);
}

/* Waits @before_ms before answering, and @between_ms between the pieces of a streamed answer. */
void
fake_openai_set_delays (FakeOpenai *fake,
                        guint       before_ms,
                        guint       between_ms)
{
  g_mutex_lock (&fake->lock);
  fake->before_ms = before_ms;
  fake->between_ms = between_ms;
  g_mutex_unlock (&fake->lock);
}

/* Streams events as other compatible servers and proxies may: CRLF line
 * ends, comments, "id" and "event" fields. */
void
fake_openai_set_sse_extras (FakeOpenai *fake,
                            gboolean    extras)
{
  g_mutex_lock (&fake->lock);
  fake->sse_extras = extras;
  g_mutex_unlock (&fake->lock);
}

void
fake_openai_set_retry_after (FakeOpenai *fake,
                             guint       seconds)
{
  g_mutex_lock (&fake->lock);
  fake->retry_after = seconds;
  g_mutex_unlock (&fake->lock);
}

/* Makes the next @times requests to @endpoint fail so (0: all of them, until told otherwise). */
void
fake_openai_fail (FakeOpenai         *fake,
                  FakeOpenaiEndpoint  endpoint,
                  FakeOpenaiFault     fault,
                  guint               times)
{
  g_mutex_lock (&fake->lock);
  fake->faults[endpoint] = fault;
  fake->fault_times[endpoint] = times;
  g_mutex_unlock (&fake->lock);
}

guint
fake_openai_get_requests (FakeOpenai         *fake,
                          FakeOpenaiEndpoint  endpoint)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->requests[endpoint];
}

GBytes *
fake_openai_dup_last_body (FakeOpenai         *fake,
                           FakeOpenaiEndpoint  endpoint)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_body[endpoint] != NULL ? g_bytes_ref (fake->last_body[endpoint]) : NULL;
}

/**
 * fake_openai_dup_last_field:
 *
 * Returns: (nullable): a field of the last request to @endpoint: a form
 *   field of a transcription ("file" gives the filename), or a member of a
 *   JSON body (a string as it is, anything else as JSON)
 */
char *
fake_openai_dup_last_field (FakeOpenai         *fake,
                            FakeOpenaiEndpoint  endpoint,
                            const char         *name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);
  JsonNode *node;

  if (endpoint == FAKE_OPENAI_TRANSCRIPTIONS)
    return fake->last_form != NULL ? g_strdup (g_hash_table_lookup (fake->last_form, name)) : NULL;

  if (fake->last_json[endpoint] == NULL || (node = json_object_get_member (fake->last_json[endpoint], name)) == NULL)
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return json_to_string (node, FALSE);
}

char *
fake_openai_dup_last_header (FakeOpenai         *fake,
                             FakeOpenaiEndpoint  endpoint,
                             const char         *name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  if (fake->last_headers[endpoint] == NULL)
    return NULL;

  return g_strdup (soup_message_headers_get_one (fake->last_headers[endpoint], name));
}

/* The audio of the last transcription request. */
GBytes *
fake_openai_dup_last_file (FakeOpenai *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_file != NULL ? g_bytes_ref (fake->last_file) : NULL;
}

/* The whole audio the last speech request was answered with. */
GBytes *
fake_openai_dup_last_audio (FakeOpenai *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_audio != NULL ? g_bytes_ref (fake->last_audio) : NULL;
}

/**
 * fake_openai_dup_malformed:
 *
 * Returns: (transfer full) (element-type utf8): the requests a real server
 *   would have refused as malformed, and why
 */
GPtrArray *
fake_openai_dup_malformed (FakeOpenai *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < fake->malformed->len; i++)
    g_ptr_array_add (copy, g_strdup (fake->malformed->pdata[i]));

  return copy;
}

void
fake_openai_clear_malformed (FakeOpenai *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  g_ptr_array_set_size (fake->malformed, 0);
}
