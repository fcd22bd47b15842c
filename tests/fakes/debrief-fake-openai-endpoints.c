/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-openai-endpoints.c: the fake's transcription, chat and speech endpoints, checking as OpenAI does */

#include "config.h"

#include <math.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "debrief-fake-openai-private.h"

#define SENTENCE_MS        300
#define MAX_INPUT_CHARS    4096

/* Audio: made once per format and length with GStreamer */

static GBytes *
make_audio (const char *format,
            guint       sentences)
{
  static const struct { const char *format; guint rate; const char *encoder; } encoders[] = {
    { "opus", 48000, "opusenc ! oggmux" },
    { "mp3", 24000, "lamemp3enc" },
    { "aac", 24000, "voaacenc ! audio/mpeg,stream-format=adts" },
    { "flac", 24000, "flacenc" },
    { "wav", 24000, "wavenc" },
    { "pcm", 24000, "identity" },
  };
  g_autoptr(GByteArray) audio = g_byte_array_new ();
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  GstSample *sample;

  for (gsize i = 0; i < G_N_ELEMENTS (encoders); i++)
    if (g_str_equal (format, encoders[i].format))
      description = g_strdup_printf ("audiotestsrc wave=sine freq=330 num-buffers=%u samplesperbuffer=%u ! "
                                     "audio/x-raw,format=S16LE,rate=%u,channels=1 ! %s ! appsink name=sink sync=false",
                                     sentences * SENTENCE_MS / 20, encoders[i].rate / 50,
                                     encoders[i].rate, encoders[i].encoder);
  g_assert_nonnull (description);

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND)) != NULL)
    {
      GstMapInfo map;
      GstBuffer *buffer = gst_sample_get_buffer (sample);

      gst_buffer_map (buffer, &map, GST_MAP_READ);
      g_byte_array_append (audio, map.data, map.size);
      gst_buffer_unmap (buffer, &map);
      gst_sample_unref (sample);
    }
  g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpuint (audio->len, >, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&audio));
}

static GBytes *
lookup_audio (FakeOpenai *fake,
              const char *format,
              guint       sentences)
{
  g_autofree char *key = g_strdup_printf ("%s/%u", format, sentences);
  GBytes *audio = g_hash_table_lookup (fake->audio, key);

  if (audio == NULL)
    {
      audio = make_audio (format, sentences);
      g_hash_table_insert (fake->audio, g_steal_pointer (&key), audio);
    }

  return audio;
}

/* Checking requests */

static gboolean
has_content_type (SoupServerMessage *message,
                  const char        *type)
{
  const char *actual = soup_message_headers_get_content_type (soup_server_message_get_request_headers (message),
                                                              NULL);

  return actual != NULL && g_ascii_strcasecmp (actual, type) == 0;
}

static gboolean
is_nonempty_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) != '\0';
}

static const char *
first_unknown_member (JsonObject         *object,
                      const char * const *known)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return l->data;

  return NULL;
}

/* A JSON body, as the chat and speech endpoints take, noted as @endpoint's
 * last; NULL after refusing. */
static JsonObject *
json_request (FakeOpenai         *fake,
              SoupServerMessage  *message,
              FakeOpenaiEndpoint  endpoint,
              const char * const *known)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *why = NULL;
  const char *unknown;
  JsonObject *object;

  if (!has_content_type (message, "application/json"))
    {
      fake_openai_reject (fake, message, "Content-Type must be application/json");
      return NULL;
    }
  if (g_bytes_get_size (body) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      fake_openai_reject (fake, message, "We could not parse the JSON body of your request.");
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  unknown = first_unknown_member (object, known);
  if (unknown != NULL)
    {
      why = g_strdup_printf ("Unrecognized request argument supplied: %s", unknown);
      fake_openai_reject (fake, message, why);
      return NULL;
    }
  if (!is_nonempty_string (object, "model"))
    {
      fake_openai_reject (fake, message, "you must provide a model parameter");
      return NULL;
    }

  g_mutex_lock (&fake->lock);
  fake->last_json[endpoint] = json_object_ref (object);
  g_mutex_unlock (&fake->lock);

  return json_object_ref (object);
}

/* Cuts @text into pieces of changing sizes, so lines and JSON documents
 * are split anywhere across writes, and some writes hold several events. */
static void
add_scattered (FakeOpenaiResponder *r,
               const char          *text,
               gsize                length)
{
  static const gsize sizes[] = { 7, 23, 61, 3, 140, 18, 37, 1, 90 };

  for (gsize offset = 0, i = 0; offset < length; i++)
    {
      gsize size = MIN (sizes[i % G_N_ELEMENTS (sizes)], length - offset);

      fake_openai_add_piece (r, text + offset, size);
      offset += size;
    }
}

/* The transcription endpoint: multipart/form-data */

static const char *
language_name (const char *code)
{
  static const char * const names[][2] = {
    { "en", "english" }, { "de", "german" }, { "fr", "french" }, { "es", "spanish" },
    { "it", "italian" }, { "nl", "dutch" }, { "pt", "portuguese" },
  };

  for (gsize i = 0; code != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (code, names[i][0]))
      return names[i][1];

  return code != NULL ? code : "english";
}

/* The length of a RIFF/WAVE file's sound, or -1 when it is none. */
static guint32
read_le32 (const guint8 *data)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return GUINT32_FROM_LE (value);
}

static double
wav_seconds (GBytes *file)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (file, &length);
  guint32 byte_rate = 0;

  if (length < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    return -1;

  for (gsize offset = 12; offset + 8 <= length;)
    {
      guint32 size = read_le32 (data + offset + 4);

      if (memcmp (data + offset, "fmt ", 4) == 0 && offset + 16 <= length)
        byte_rate = read_le32 (data + offset + 16);
      else if (memcmp (data + offset, "data", 4) == 0)
        return byte_rate > 0 ? MIN (size, length - offset - 8) / (double) byte_rate : -1;
      offset += 8 + size + (size & 1);
    }

  return -1;
}

static char *
verbose_json (const char *text,
              const char *language,
              double      duration)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("[^.!?]+[.!?]*", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  double per_char = duration / MAX (1, strlen (text));
  double start = 0;
  int id = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task");
  json_builder_add_string_value (builder, "transcribe");
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, language);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_double_value (builder, duration);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (g_regex_match (regex, text, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *sentence = g_match_info_fetch (match, 0);
      g_autofree char *spoken = g_strconcat (" ", g_strstrip (sentence), NULL);
      int end_offset = 0;
      double end;

      g_match_info_fetch_pos (match, 0, NULL, &end_offset);
      end = per_char * end_offset;

      if (*sentence == '\0')
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id++);
      json_builder_set_member_name (builder, "seek");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "start");
      json_builder_add_double_value (builder, round (start * 100) / 100);
      json_builder_set_member_name (builder, "end");
      json_builder_add_double_value (builder, round (end * 100) / 100);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, spoken);
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, 0.0);
      json_builder_set_member_name (builder, "avg_logprob");
      json_builder_add_double_value (builder, -0.25);
      json_builder_set_member_name (builder, "compression_ratio");
      json_builder_add_double_value (builder, 1.2);
      json_builder_set_member_name (builder, "no_speech_prob");
      json_builder_add_double_value (builder, 0.01);
      json_builder_end_object (builder);
      start = end;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

FakeOpenaiResponder *
fake_openai_transcriptions (FakeOpenai        *fake,
                            SoupServerMessage *message,
                            GBytes            *body)
{
  static const char * const formats[] = { "json", "text", "srt", "verbose_json", "vtt", NULL };
  static const char * const extensions[] = {
    "flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm", NULL,
  };
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GBytes) file = NULL;
  const char *why = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *answer = NULL;
  const char *filename = NULL;
  const char *model;
  const char *extension;
  const char *format;
  const char *language;
  FakeOpenaiFault fault;
  double seconds;
  FakeOpenaiResponder *r;

  form = fake_server_read_form_data (message, body, &file, &why);
  if (form == NULL)
    return fake_openai_reject (fake, message, why);

  g_mutex_lock (&fake->lock);
  g_clear_pointer (&fake->last_form, g_hash_table_unref);
  fake->last_form = g_hash_table_ref (form);
  g_clear_pointer (&fake->last_file, g_bytes_unref);
  fake->last_file = file != NULL ? g_bytes_ref (file) : NULL;
  g_mutex_unlock (&fake->lock);

  filename = g_hash_table_lookup (form, "file");
  if (file == NULL || g_bytes_get_size (file) == 0)
    return fake_openai_reject (fake, message, "1 validation error for Request body -> file: field required");
  model = g_hash_table_lookup (form, "model");
  if (model == NULL || *model == '\0')
    return fake_openai_reject (fake, message, "you must provide a model parameter");

  extension = strrchr (filename, '.');
  if (extension == NULL || !g_strv_contains (extensions, extension + 1))
    return fake_openai_reject (fake, message, "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', "
                               "'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']");
  seconds = wav_seconds (file);
  if (g_str_equal (extension, ".wav") && seconds < 0)
    return fake_openai_reject (fake, message, "Audio file might be corrupted or unsupported");

  format = g_hash_table_lookup (form, "response_format") ?: "json";
  if (!g_strv_contains (formats, format))
    return fake_openai_reject (fake, message, "response_format must be one of json, text, srt, verbose_json, vtt");

  language = g_hash_table_lookup (form, "language");
  if (language != NULL && (strlen (language) != 2 || !g_ascii_islower (language[0]) ||
                           !g_ascii_islower (language[1])))
    return fake_openai_reject (fake, message, "Invalid language. Language parameter must be specified in ISO-639-1 "
                               "format.");

  g_mutex_lock (&fake->lock);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
  text = g_strdup (g_hash_table_lookup (fake->transcripts, sha256) ?: fake->transcript);
  r = fake_openai_take_fault (fake, message, FAKE_OPENAI_TRANSCRIPTIONS, &fault);
  g_mutex_unlock (&fake->lock);
  if (r != NULL)
    return r;

  if (g_str_equal (format, "text"))
    {
      r = fake_openai_responder_new (fake, message, 200, "text/plain");
      fake_openai_add_piece (r, text, strlen (text));
      return r;
    }

  if (g_str_equal (format, "verbose_json"))
    answer = verbose_json (text, language_name (language), MAX (seconds, 0));
  else
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (object, "text", text);
      json_node_set_object (root, object);
      answer = json_to_string (root, FALSE);
    }

  r = fake_openai_responder_new (fake, message, 200, "application/json");
  if (fault == FAKE_OPENAI_FAULT_MALFORMED)
    fake_openai_add_piece (r, answer, strlen (answer) / 2);
  else if (fault == FAKE_OPENAI_FAULT_CUT)
    {
      add_scattered (r, answer, strlen (answer));
      r->cut_at = r->pieces->len / 2;
    }
  else
    fake_openai_add_piece (r, answer, strlen (answer));

  return r;
}

/* The chat endpoint: JSON in, a chat.completion or a stream of chunks out */

static gboolean
mentions_json (JsonArray *messages)
{
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autofree char *content = json_to_string (json_object_get_member (m, "content"), FALSE);
      g_autofree char *folded = g_ascii_strdown (content, -1);

      if (strstr (folded, "json") != NULL)
        return TRUE;
    }

  return FALSE;
}

static const char *
check_messages (JsonObject *body)
{
  static const char * const roles[] = { "system", "developer", "user", "assistant", "tool", NULL };
  JsonNode *node = json_object_get_member (body, "messages");
  JsonArray *messages;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return "'messages' is a required property and must be an array";
  messages = json_node_get_array (node);
  if (json_array_get_length (messages) == 0)
    return "'messages' must contain at least one message";

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *element = json_array_get_element (messages, i);
      JsonObject *m;
      JsonNode *content;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return "every message must be an object with a role and a content";
      m = json_node_get_object (element);
      if (!is_nonempty_string (m, "role") || !g_strv_contains (roles, json_object_get_string_member (m, "role")))
        return "every message needs a role: system, developer, user, assistant or tool";

      content = json_object_get_member (m, "content");
      if (content != NULL && json_node_get_value_type (content) == G_TYPE_STRING)
        continue;
      if (content != NULL && JSON_NODE_HOLDS_ARRAY (content))
        {
          JsonArray *parts = json_node_get_array (content);

          for (guint p = 0; p < json_array_get_length (parts); p++)
            {
              JsonNode *part = json_array_get_element (parts, p);

              if (!JSON_NODE_HOLDS_OBJECT (part) || !is_nonempty_string (json_node_get_object (part), "type"))
                return "every content part needs a type";
            }
          continue;
        }
      return "every message needs a content: a string or an array of parts";
    }

  return NULL;
}

/* One chat.completion.chunk event; @delta is taken. */
static void
add_event (GString    *stream,
           const char *model,
           JsonObject *delta,
           const char *finish_reason)
{
  g_autoptr(JsonObject) chunk = json_object_new ();
  g_autoptr(JsonObject) choice = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;
  JsonArray *choices = json_array_new ();

  json_object_set_int_member (choice, "index", 0);
  json_object_set_object_member (choice, "delta", delta);
  json_object_set_null_member (choice, "logprobs");
  if (finish_reason != NULL)
    json_object_set_string_member (choice, "finish_reason", finish_reason);
  else
    json_object_set_null_member (choice, "finish_reason");
  json_array_add_object_element (choices, json_object_ref (choice));

  json_object_set_string_member (chunk, "id", "chatcmpl-fake");
  json_object_set_string_member (chunk, "object", "chat.completion.chunk");
  json_object_set_int_member (chunk, "created", 1700000000);
  json_object_set_string_member (chunk, "model", model);
  json_object_set_null_member (chunk, "system_fingerprint");
  json_object_set_array_member (chunk, "choices", choices);
  json_node_set_object (root, chunk);
  json = json_to_string (root, FALSE);

  g_string_append_printf (stream, "data: %s\n\n", json);
}

static JsonObject *
content_delta (const char *content)
{
  JsonObject *delta = json_object_new ();

  json_object_set_string_member (delta, "content", content);
  return delta;
}

FakeOpenaiResponder *
fake_openai_chat (FakeOpenai        *fake,
                  SoupServerMessage *message)
{
  static const char * const known[] = {
    "model", "messages", "stream", "stream_options", "response_format", "temperature", "top_p", "n", "stop",
    "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs",
    "top_logprobs", "seed", "user", "tools", "tool_choice", "parallel_tool_calls", "store", "metadata",
    "modalities", "audio", "reasoning_effort", "service_tier", "prediction", NULL,
  };
  g_autoptr(JsonObject) body = json_request (fake, message, FAKE_OPENAI_CHAT, known);
  g_autofree char *reply = NULL;
  gboolean extras;
  const char *model;
  const char *why;
  JsonNode *stream_node;
  JsonNode *format;
  gboolean stream = FALSE;
  gboolean json_mode;
  FakeOpenaiFault fault;
  FakeOpenaiResponder *r;

  if (body == NULL)
    return NULL;

  if ((why = check_messages (body)) != NULL)
    return fake_openai_reject (fake, message, why);

  stream_node = json_object_get_member (body, "stream");
  if (stream_node != NULL && json_node_get_value_type (stream_node) != G_TYPE_BOOLEAN)
    return fake_openai_reject (fake, message, "'stream' must be a boolean");
  stream = stream_node != NULL && json_node_get_boolean (stream_node);

  format = json_object_get_member (body, "response_format");
  if (format != NULL)
    {
      const char *type = JSON_NODE_HOLDS_OBJECT (format) && is_nonempty_string (json_node_get_object (format), "type")
                         ? json_object_get_string_member (json_node_get_object (format), "type") : NULL;

      if (type == NULL || (!g_str_equal (type, "text") && !g_str_equal (type, "json_object") &&
                           !g_str_equal (type, "json_schema")))
        return fake_openai_reject (fake, message, "response_format must be {\"type\": \"text\"|\"json_object\"|"
                                   "\"json_schema\"}");
      if (g_str_equal (type, "json_object") && !mentions_json (json_object_get_array_member (body, "messages")))
        return fake_openai_reject (fake, message, "'messages' must contain the word 'json' in some form, to use "
                                   "'response_format' of type 'json_object'.");
    }

  g_mutex_lock (&fake->lock);
  /* Asked for a JSON object: the JSON reply, when the test set one */
  json_mode = format != NULL && JSON_NODE_HOLDS_OBJECT (format) &&
    g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (format), "type", ""),
               "json_object") == 0;
  reply = g_strdup (json_mode && fake->json_reply != NULL ? fake->json_reply : fake->reply);
  extras = fake->sse_extras;
  r = fake_openai_take_fault (fake, message, FAKE_OPENAI_CHAT, &fault);
  g_mutex_unlock (&fake->lock);
  if (r != NULL)
    return r;

  model = json_object_get_string_member (body, "model");

  if (!stream)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *answer = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, "chatcmpl-fake");
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, "chat.completion");
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, 1700000000);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, model);
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "message");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, "assistant");
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, reply);
      json_builder_set_member_name (builder, "refusal");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "finish_reason");
      json_builder_add_string_value (builder, "stop");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "usage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "prompt_tokens");
      json_builder_add_int_value (builder, 42);
      json_builder_set_member_name (builder, "completion_tokens");
      json_builder_add_int_value (builder, (gint64) strlen (reply) / 4);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      answer = json_to_string (root, FALSE);

      r = fake_openai_responder_new (fake, message, 200, "application/json");
      fake_openai_add_piece (r, answer, fault == FAKE_OPENAI_FAULT_MALFORMED ? strlen (answer) / 2 : strlen (answer));
      return r;
    }
  else
    {
      g_autoptr(GString) events = g_string_new (NULL);
      g_auto(GStrv) words = g_strsplit (reply, " ", -1);
      guint n_words = g_strv_length (words);

      JsonObject *role = content_delta ("");

      json_object_set_string_member (role, "role", "assistant");
      json_object_set_null_member (role, "refusal");
      add_event (events, model, role, NULL);
      for (guint i = 0; i < n_words; i += 2)
        {
          g_autofree char *piece = g_strjoinv (" ", (char *[]) { words[i], i + 1 < n_words ? words[i + 1] : NULL,
                                                                 NULL });
          g_autofree char *spaced = g_strconcat (i > 0 ? " " : "", piece, NULL);

          add_event (events, model, content_delta (spaced), NULL);
          if (fault == FAKE_OPENAI_FAULT_MALFORMED && i == 2)
            g_string_append (events, "data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"delta\":{\"content\":\"oops\n\n");
        }
      add_event (events, model, json_object_new (), "stop");
      g_string_append (events, "data: [DONE]\n\n");
      if (extras)
        {
          g_string_prepend (events, ": keep-alive\n\nid: 1\nevent: message\n");
          g_string_replace (events, "\n", "\r\n", 0);
        }

      r = fake_openai_responder_new (fake, message, 200, "text/event-stream");
      r->chunked = TRUE;
      add_scattered (r, events->str, events->len);
      if (fault == FAKE_OPENAI_FAULT_CUT)
        r->cut_at = r->pieces->len / 2;
      return r;
    }
}

/* The speech endpoint: JSON in, audio streamed out */

static guint
count_sentences (const char *input)
{
  guint sentences = 0;

  for (const char *p = input; *p != '\0'; p++)
    if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == '\0' || g_ascii_isspace (p[1])))
      sentences++;

  return CLAMP (sentences, 1, 20);
}

FakeOpenaiResponder *
fake_openai_speech (FakeOpenai        *fake,
                    SoupServerMessage *message)
{
  static const char * const known[] = {
    "model", "input", "voice", "instructions", "response_format", "speed", "stream_format", NULL,
  };
  static const char * const voices[] = {
    "alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", NULL,
  };
  static const char * const formats[][2] = {
    { "mp3", "audio/mpeg" }, { "opus", "audio/ogg" }, { "aac", "audio/aac" },
    { "flac", "audio/flac" }, { "wav", "audio/wav" }, { "pcm", "audio/pcm" },
  };
  g_autoptr(JsonObject) body = json_request (fake, message, FAKE_OPENAI_SPEECH, known);
  const char *format = "mp3";
  const char *content_type = NULL;
  JsonNode *node;
  FakeOpenaiFault fault;
  GBytes *audio;
  gsize size;
  gsize chunk;
  FakeOpenaiResponder *r;

  if (body == NULL)
    return NULL;

  if (!is_nonempty_string (body, "input"))
    return fake_openai_reject (fake, message, "'input' is a required property");
  if (g_utf8_strlen (json_object_get_string_member (body, "input"), -1) > MAX_INPUT_CHARS)
    return fake_openai_reject (fake, message, "'input' is longer than 4096 characters");
  if (!is_nonempty_string (body, "voice"))
    return fake_openai_reject (fake, message, "'voice' is a required property");
  if (!g_strv_contains (voices, json_object_get_string_member (body, "voice")))
    return fake_openai_reject (fake, message, "'voice' must be one of alloy, ash, ballad, coral, echo, fable, onyx, "
                               "nova, sage, shimmer, verse");

  node = json_object_get_member (body, "response_format");
  if (node != NULL)
    format = json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (format, formats[i][0]))
      content_type = formats[i][1];
  if (content_type == NULL)
    return fake_openai_reject (fake, message, "'response_format' must be one of mp3, opus, aac, flac, wav, pcm");

  node = json_object_get_member (body, "speed");
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) ||
                       (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
                        json_node_get_value_type (node) != G_TYPE_INT64) ||
                       json_node_get_double (node) < 0.25 || json_node_get_double (node) > 4.0))
    return fake_openai_reject (fake, message, "'speed' must be a number from 0.25 to 4.0");

  g_mutex_lock (&fake->lock);
  r = fake_openai_take_fault (fake, message, FAKE_OPENAI_SPEECH, &fault);
  g_mutex_unlock (&fake->lock);
  if (r != NULL)
    return r;

  if (fault == FAKE_OPENAI_FAULT_MALFORMED)
    {
      const char *json = "{\"object\":\"audio.speech\",\"audio\":null}";

      r = fake_openai_responder_new (fake, message, 200, "application/json");
      fake_openai_add_piece (r, json, strlen (json));
      return r;
    }

  audio = lookup_audio (fake, format, count_sentences (json_object_get_string_member (body, "input")));
  g_mutex_lock (&fake->lock);
  g_clear_pointer (&fake->last_audio, g_bytes_unref);
  fake->last_audio = g_bytes_ref (audio);
  g_mutex_unlock (&fake->lock);

  r = fake_openai_responder_new (fake, message, 200, content_type);
  r->chunked = TRUE;
  size = g_bytes_get_size (audio);
  chunk = MAX (1, (size + 5) / 6);
  for (gsize offset = 0; offset < size; offset += chunk)
    g_ptr_array_add (r->pieces, g_bytes_new_from_bytes (audio, offset, MIN (chunk, size - offset)));
  if (fault == FAKE_OPENAI_FAULT_CUT)
    r->cut_at = r->pieces->len / 2;

  return r;
}
