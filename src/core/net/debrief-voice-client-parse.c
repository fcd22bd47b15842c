/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-voice-client-parse.c: the voice client's parsing: errors a person can act on, JSON, SSE events, Ogg pages */

#define G_LOG_DOMAIN "debrief-voice"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "debrief-json.h"
#include "debrief-voice-client-private.h"

#define SSE_LINE_MAX (4 * 1024 * 1024)

/* JSON */

static JsonNode *
parse_json (const void *data,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (length == 0 || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

static JsonObject *
as_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
seconds_to_ms (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;

  return (gint64) llround (json_node_get_double (node) * 1000.0);
}

/* Errors a person can act on */

/* OpenAI's error: {"error": {"message", "type", "code"}} */
static JsonObject *
error_member (JsonObject *object)
{
  return object != NULL ? as_object (json_object_get_member (object, "error")) : NULL;
}

/* OpenAI's message; others give "error" as a string, or a "detail". */
static const char *
json_error_message (JsonObject *object)
{
  JsonObject *error = error_member (object);
  const char *message;

  if (object == NULL)
    return NULL;

  message = error != NULL ? debrief_json_string_member (error, "message") : debrief_json_string_member (object, "error");
  if (message == NULL)
    message = debrief_json_string_member (object, "detail");
  if (message == NULL)
    message = debrief_json_string_member (object, "message");

  return message;
}

static const char *
json_error_code (JsonObject *object)
{
  JsonObject *error = error_member (object);

  return error != NULL ? debrief_json_string_member (error, "code") : NULL;
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

GError *
debrief_voice_status_error (DebriefVoiceClient  *self,
                            DebriefVoiceRequest *r)
{
  guint status = soup_message_get_status (r->message);
  g_autoptr(JsonNode) root = parse_json (r->buffer->data, r->buffer->len);
  JsonObject *object = as_object (root);
  const char *detail = json_error_message (object);
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
      if (g_strcmp0 (json_error_code (object), "insufficient_quota") == 0)
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
GError *
debrief_voice_transport_error (DebriefVoiceClient *self,
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

GError *
debrief_voice_malformed (const char *message)
{
  return g_error_new_literal (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_MALFORMED, message);
}

static void
set_malformed (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_MALFORMED, message);
}

/* An answer that ended before its end: a stream without its last event or Ogg page. */
GError *
debrief_voice_cut_off (void)
{
  return g_error_new_literal (DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK,
                              _("The voice backend's answer was cut off"));
}

/* verbose_json: {"text", "language", "duration", "segments": [{"start", "end", "text"}]};
 * a plain {"text"} from a server that ignores response_format is fine too. */
DebriefTranscription *
debrief_voice_parse_transcription (GByteArray  *buffer,
                                   GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (buffer->data, buffer->len);
  g_autoptr(DebriefTranscription) transcription = NULL;
  JsonObject *object = as_object (root);
  JsonNode *segments;
  const char *text;
  const char *language;

  if (object == NULL || (text = debrief_json_string_member (object, "text")) == NULL)
    {
      set_malformed (error, _("The voice backend's transcript is not the JSON it should be"));
      return NULL;
    }

  transcription = g_new0 (DebriefTranscription, 1);
  transcription->text = g_strstrip (g_strdup (text));
  language = debrief_json_string_member (object, "language");
  transcription->language = language != NULL && *language != '\0' ? g_strdup (language) : NULL;
  transcription->duration_ms = MAX (0, seconds_to_ms (json_object_get_member (object, "duration")));
  transcription->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_transcript_segment_free);

  segments = json_object_get_member (object, "segments");
  if (segments != NULL && JSON_NODE_HOLDS_ARRAY (segments))
    {
      JsonArray *array = json_node_get_array (segments);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(DebriefTranscriptSegment) segment = g_new0 (DebriefTranscriptSegment, 1);
          JsonObject *item = as_object (json_array_get_element (array, i));
          const char *segment_text;

          if (item == NULL || (segment_text = debrief_json_string_member (item, "text")) == NULL ||
              (segment->start_ms = seconds_to_ms (json_object_get_member (item, "start"))) < 0 ||
              (segment->end_ms = seconds_to_ms (json_object_get_member (item, "end"))) < segment->start_ms)
            {
              set_malformed (error, _("The voice backend's transcript has a segment without its times or text"));
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

/* Chat */

void
debrief_voice_deliver_delta (DebriefVoiceRequest *r,
                             const char          *delta)
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
sse_dispatch (DebriefVoiceRequest  *r,
              const char           *data,
              GError              **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *detail;
  JsonNode *choices;
  JsonArray *array;

  if (g_str_equal (data, "[DONE]"))
    {
      r->done = TRUE;
      return TRUE;
    }

  root = parse_json (data, strlen (data));
  object = as_object (root);
  if (object == NULL)
    {
      set_malformed (error, _("The voice backend's reply stream holds an event that is not JSON"));
      return FALSE;
    }

  /* A failure in the middle of a stream comes as an event. */
  if (json_object_has_member (object, "error"))
    {
      detail = json_error_message (object);
      g_set_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_SERVER,
                   _("The voice backend failed while replying: %s"), detail != NULL ? detail : "?");
      return FALSE;
    }

  choices = json_object_get_member (object, "choices");
  if (choices == NULL || !JSON_NODE_HOLDS_ARRAY (choices))
    {
      set_malformed (error, _("The voice backend's reply stream holds an event without choices"));
      return FALSE;
    }

  /* The last chunk may carry usage and no choices. */
  array = json_node_get_array (choices);
  if (json_array_get_length (array) > 0)
    {
      JsonObject *choice = as_object (json_array_get_element (array, 0));
      JsonObject *delta;

      if (choice == NULL)
        {
          set_malformed (error, _("The voice backend's reply stream holds a choice that is not an object"));
          return FALSE;
        }

      delta = as_object (json_object_get_member (choice, "delta"));
      if (delta != NULL)
        debrief_voice_deliver_delta (r, debrief_json_string_member (delta, "content"));
      if (debrief_json_string_member (choice, "finish_reason") != NULL)
        r->finished = TRUE;
    }

  return TRUE;
}

static gboolean
sse_line (DebriefVoiceRequest  *r,
          const char           *line,
          gsize                 length,
          GError              **error)
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
gboolean
debrief_voice_sse_feed (DebriefVoiceRequest  *r,
                        const char           *data,
                        gsize                 length,
                        GError              **error)
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
      set_malformed (error, _("The voice backend's reply stream has a line too long to be an event"));
      return FALSE;
    }

  return TRUE;
}

/* An answer as one chat.completion document: JSON mode, or a server that does not stream. */
char *
debrief_voice_parse_completion (DebriefVoiceRequest  *r,
                                GError              **error)
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
      set_malformed (error, _("The voice backend's reply is not the JSON it should be"));
      return NULL;
    }

  content = debrief_json_string_member (json_node_get_object (message), "content");
  refusal = debrief_json_string_member (json_node_get_object (message), "refusal");
  if (content == NULL && refusal != NULL)
    {
      g_set_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_FAILED,
                   _("The voice backend's model refused to answer: %s"), refusal);
      return NULL;
    }
  if (content == NULL)
    {
      set_malformed (error, _("The voice backend's reply has no text"));
      return NULL;
    }

  if (r->json_mode)
    {
      content_root = parse_json (content, strlen (content));
      if (as_object (content_root) == NULL)
        {
          set_malformed (error, _("The voice backend's feedback is not the JSON object asked for"));
          return NULL;
        }
    }

  return g_strdup (content);
}

/* Speech */

/* Follows the Ogg pages of the audio as it streams in. A stream cut between
 * two HTTP chunks looks like a normal end to libsoup, and would leave a
 * short file that seems whole; the last Ogg page of a whole stream carries
 * the end-of-stream flag. Audio that is not Ogg is not checked. */
void
debrief_voice_ogg_feed (DebriefVoiceRequest *r,
                        const guint8        *data,
                        gsize                length)
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

gboolean
debrief_voice_ogg_complete (DebriefVoiceRequest *r)
{
  return !r->check_ogg ||
         (r->ogg_pages > 0 && r->ogg_end && r->ogg_header_length == 0 && r->ogg_body_left == 0);
}
