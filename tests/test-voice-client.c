/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-voice-client.c: the voice backend client against a fake that follows OpenAI's wire format */

#include "config.h"

#include <math.h>

#include <libsoup/soup.h>

#include "debrief-probe.h"
#include "debrief-speech-detector.h"
#include "debrief-test-fixture.h"
#include "debrief-voice-client.h"
#include "fakes/debrief-fake-openai.h"

#define BEARER "Bearer " FAKE_OPENAI_API_KEY

#define REPLY "Good start! Now tell me in one sentence what your product does, and who it is for. " \
              "Keep it under twenty words, and end with a question."

typedef struct
{
  FakeOpenai         *fake;
  DebriefVoiceClient *client;
  GBytes             *wav;        /* 300 ms of a tone: speech to send */
  char               *dir;
  char               *path;
  GCancellable       *cancellable;
  GAsyncResult       *result;
  GPtrArray          *pieces;     /* deltas (char *) or audio (GBytes), in order */
  gboolean            cancel_on_first;
} Fixture;

/* A WAV file of @ms milliseconds of a tone at @hz, 16 kHz mono. */
static GBytes *
make_wav (guint ms,
          guint hz)
{
  guint32 samples = 16 * ms;
  g_autoptr(GByteArray) pcm = g_byte_array_sized_new (samples * 2);
  g_autoptr(GBytes) bytes = NULL;

  for (guint32 i = 0; i < samples; i++)
    {
      gint16 sample = GINT16_TO_LE ((gint16) (8000 * sin (2 * G_PI * hz * i / 16000.0)));

      g_byte_array_append (pcm, (const guint8 *) &sample, 2);
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&pcm));

  return debrief_speech_wav_new (bytes);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->fake = fake_openai_new (FAKE_OPENAI_API_KEY);
  f->client = debrief_voice_client_new (fake_openai_get_url (f->fake), FAKE_OPENAI_API_KEY);
  f->wav = make_wav (300, 440);
  f->dir = debrief_test_make_data_dir ();
  f->path = g_build_filename (f->dir, "reply.ogg", NULL);
  f->cancellable = g_cancellable_new ();
}

/* Checks the fake saw @n requests a real server would refuse as malformed. */
static void
assert_malformed (FakeOpenai *fake,
                  guint       n)
{
  g_autoptr(GPtrArray) malformed = fake_openai_dup_malformed (fake);

  for (guint i = 0; malformed->len != n && i < malformed->len; i++)
    g_printerr ("malformed request: %s\n", (char *) g_ptr_array_index (malformed, i));
  g_assert_cmpuint (malformed->len, ==, n);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Whatever a test did, nothing the client sent may be malformed. */
  assert_malformed (f->fake, 0);

  g_clear_object (&f->result);
  g_clear_pointer (&f->pieces, g_ptr_array_unref);
  g_assert_finalize_object (f->client);
  g_object_unref (f->cancellable);
  g_bytes_unref (f->wav);
  fake_openai_free (f->fake);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static JsonArray *
conversation (const char *system,
              const char *user)
{
  JsonArray *messages = json_array_new ();
  const char *texts[][2] = { { "system", system }, { "user", user } };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      JsonObject *message = json_object_new ();

      json_object_set_string_member (message, "role", texts[i][0]);
      json_object_set_string_member (message, "content", texts[i][1]);
      json_array_add_object_element (messages, message);
    }

  return messages;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (Fixture *f)
{
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return f->result;
}

/* A new request: no result yet, and pieces of the answer freed with @free_piece. */
static void
expect_pieces (Fixture        *f,
               GDestroyNotify  free_piece)
{
  g_clear_object (&f->result);
  g_clear_pointer (&f->pieces, g_ptr_array_unref);
  f->pieces = g_ptr_array_new_with_free_func (free_piece);
}

/* A piece of the answer, before its end; @piece is taken. */
static void
add_piece (Fixture  *f,
           gpointer  piece)
{
  g_assert_null (f->result);
  g_ptr_array_add (f->pieces, piece);
  if (f->cancel_on_first)
    g_cancellable_cancel (f->cancellable);
}

static void
delta_cb (const char *delta,
          gpointer    user_data)
{
  add_piece (user_data, g_strdup (delta));
}

static void
data_cb (GBytes   *data,
         gpointer  user_data)
{
  add_piece (user_data, g_bytes_ref (data));
}

static DebriefTranscription *
transcribe (Fixture     *f,
            GBytes      *wav,
            const char  *language,
            GError     **error)
{
  g_clear_object (&f->result);
  debrief_voice_client_transcribe_async (f->client, wav, "whisper-1", language, f->cancellable, result_cb, f);
  return debrief_voice_client_transcribe_finish (f->client, wait_for_result (f), error);
}

static char *
chat (Fixture     *f,
      gboolean     json_mode,
      GError     **error)
{
  g_autoptr(JsonArray) messages = NULL;

  if (json_mode)
    messages = conversation ("You are a sales coach. Answer with a JSON object: {\"score\": 0-10, \"tips\": []}.",
                             "Rate my pitch: we sell coffee to offices.");
  else
    messages = conversation ("You are a friendly sales coach.", "Hi, I want to practise my pitch.");

  expect_pieces (f, g_free);
  debrief_voice_client_chat_async (f->client, "gpt-4o-mini", messages, json_mode, delta_cb, f, f->cancellable,
                                   result_cb, f);
  return debrief_voice_client_chat_finish (f->client, wait_for_result (f), error);
}

static char *
joined_deltas (Fixture *f)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < f->pieces->len; i++)
    g_string_append (text, g_ptr_array_index (f->pieces, i));

  return g_string_free (text, FALSE);
}

/* Chats, and checks the reply is @expected, passed on whole as it came. */
static void
assert_chat_reply (Fixture    *f,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *deltas = NULL;

  reply = chat (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply, ==, expected);
  deltas = joined_deltas (f);
  g_assert_cmpstr (deltas, ==, expected);
}

/* Chats, and checks the request fails with @code. */
static void
assert_chat_fails (Fixture  *f,
                   gboolean  json_mode,
                   int       code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = chat (f, json_mode, &error);
  g_assert_null (reply);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, code);
}

static gboolean
speak (Fixture     *f,
       const char  *input,
       GError     **error)
{
  expect_pieces (f, (GDestroyNotify) g_bytes_unref);
  debrief_voice_client_speak_async (f->client, "tts-1", "alloy", input, "opus", 1.0, f->path, data_cb, f,
                                    f->cancellable, result_cb, f);
  return debrief_voice_client_speak_finish (f->client, wait_for_result (f), error);
}

static void
assert_field (FakeOpenai         *fake,
              FakeOpenaiEndpoint  endpoint,
              const char         *name,
              const char         *expected)
{
  g_autofree char *value = fake_openai_dup_last_field (fake, endpoint, name);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_no_audio_file (Fixture *f)
{
  g_autofree char *part = g_strconcat (f->path, ".part", NULL);

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_transcribe (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = make_wav (2000, 440);
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(DebriefTranscription) transcription = NULL;
  g_autofree char *authorization = NULL;
  DebriefTranscriptSegment *first, *second;

  fake_openai_set_transcript (f->fake, "Hello coach. I would like to practise my pitch.");
  transcription = transcribe (f, wav, "en", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (transcription->text, ==, "Hello coach. I would like to practise my pitch.");
  g_assert_cmpstr (transcription->language, ==, "english");
  g_assert_cmpint (transcription->duration_ms, ==, 2000);

  /* verbose_json segments, with their times and without Whisper's leading blank */
  g_assert_cmpuint (transcription->segments->len, ==, 2);
  first = g_ptr_array_index (transcription->segments, 0);
  second = g_ptr_array_index (transcription->segments, 1);
  g_assert_cmpstr (first->text, ==, "Hello coach.");
  g_assert_cmpstr (second->text, ==, "I would like to practise my pitch.");
  g_assert_cmpint (first->start_ms, ==, 0);
  g_assert_cmpint (first->end_ms, >, 300);
  g_assert_cmpint (first->end_ms, <, 800);
  g_assert_cmpint (second->start_ms, ==, first->end_ms);
  g_assert_cmpint (second->end_ms, >=, 1990);
  g_assert_cmpint (second->end_ms, <=, 2000);

  /* What went over the wire */
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 1);
  assert_field (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, "model", "whisper-1");
  assert_field (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, "language", "en");
  assert_field (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, "response_format", "verbose_json");
  assert_field (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, "file", "speech.wav");
  sent = fake_openai_dup_last_file (f->fake);
  g_assert_true (g_bytes_equal (sent, wav));
  authorization = fake_openai_dup_last_header (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, "Authorization");
  g_assert_cmpstr (authorization, ==, BEARER);
}

static void
test_transcribe_each_audio (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) low = make_wav (500, 220);
  g_autoptr(GBytes) high = make_wav (500, 880);
  g_autoptr(DebriefTranscription) one = NULL;
  g_autoptr(DebriefTranscription) two = NULL;
  g_autofree char *language = NULL;

  fake_openai_add_transcript (f->fake, low, "We sell coffee to offices.");
  fake_openai_add_transcript (f->fake, high, "Would Tuesday suit you?");

  two = transcribe (f, high, NULL, &error);
  g_assert_no_error (error);
  one = transcribe (f, low, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (one->text, ==, "We sell coffee to offices.");
  g_assert_cmpstr (two->text, ==, "Would Tuesday suit you?");
  g_assert_cmpint (one->duration_ms, ==, 500);

  /* No language: the backend detects it, and none is sent. */
  language = fake_openai_dup_last_field (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, "language");
  g_assert_null (language);
}

static void
test_chat_stream (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *stream = NULL;
  g_autofree char *messages = NULL;

  /* Every write apart, so events and lines arrive split across reads,
   * some in the middle of their JSON. */
  fake_openai_set_reply (f->fake, REPLY);
  fake_openai_set_delays (f->fake, 0, 10);
  assert_chat_reply (f, REPLY);

  /* The fake sends two words an event: each was passed on as it came. */
  g_assert_cmpuint (f->pieces->len, ==, 14);
  g_assert_cmpstr (g_ptr_array_index (f->pieces, 0), ==, "Good start!");
  g_assert_cmpstr (g_ptr_array_index (f->pieces, 1), ==, " Now tell");

  stream = fake_openai_dup_last_field (f->fake, FAKE_OPENAI_CHAT, "stream");
  g_assert_cmpstr (stream, ==, "true");
  messages = fake_openai_dup_last_field (f->fake, FAKE_OPENAI_CHAT, "messages");
  g_assert_nonnull (strstr (messages, "{\"role\":\"user\",\"content\":\"Hi, I want to practise my pitch.\"}"));
  assert_field (f->fake, FAKE_OPENAI_CHAT, "response_format", NULL);
}

static void
test_chat_unicode (Fixture       *f,
                   gconstpointer  data)
{
  const char *text = "Très bien — « parfait » ! Next: “why now?” 👍\nNew line, \"quoted\" and \\ slash.";

  /* Multi-byte characters may be split between reads too. */
  fake_openai_set_reply (f->fake, text);
  fake_openai_set_delays (f->fake, 0, 1);
  assert_chat_reply (f, text);
}

static void
test_chat_sse_extras (Fixture       *f,
                      gconstpointer  data)
{
  /* CRLF line ends (a CR and its LF may come in different reads),
   * comments, "id" and "event" fields */
  fake_openai_set_reply (f->fake, REPLY);
  fake_openai_set_sse_extras (f->fake, TRUE);
  fake_openai_set_delays (f->fake, 0, 2);
  assert_chat_reply (f, REPLY);
  g_assert_cmpuint (f->pieces->len, ==, 14);
}

static void
test_chat_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *format = NULL;
  g_autofree char *stream = NULL;
  g_autoptr(JsonArray) messages = conversation ("You are a sales coach.", "Rate my pitch.");
  const char *feedback = "{\"score\":7,\"tips\":[\"Slow down\",\"Ask a question at the end\"]}";

  fake_openai_set_reply (f->fake, feedback);
  reply = chat (f, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply, ==, feedback);
  g_assert_cmpuint (f->pieces->len, ==, 0);

  format = fake_openai_dup_last_field (f->fake, FAKE_OPENAI_CHAT, "response_format");
  g_assert_cmpstr (format, ==, "{\"type\":\"json_object\"}");
  stream = fake_openai_dup_last_field (f->fake, FAKE_OPENAI_CHAT, "stream");
  g_assert_cmpstr (stream, ==, "false");

  /* JSON mode needs messages that ask for JSON: OpenAI refuses others. */
  g_clear_object (&f->result);
  debrief_voice_client_chat_async (f->client, "gpt-4o-mini", messages, TRUE, NULL, NULL, NULL, result_cb, f);
  g_assert_null (debrief_voice_client_chat_finish (f->client, wait_for_result (f), &error));
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "must contain the word 'json'"));
  assert_malformed (f->fake, 1);
  fake_openai_clear_malformed (f->fake);
}

static void
test_chat_cut (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *partial = NULL;

  fake_openai_set_reply (f->fake, REPLY);
  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_CUT, 1);
  reply = chat (f, FALSE, &error);
  g_assert_null (reply);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "The voice backend's answer was cut off"));

  /* What came before the cut was passed on, and is the start of the reply. */
  partial = joined_deltas (f);
  g_assert_cmpuint (f->pieces->len, >, 0);
  g_assert_cmpuint (strlen (partial), <, strlen (REPLY));
  g_assert_true (g_str_has_prefix (REPLY, partial));

  /* A reply already under way is not asked for again. */
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_CHAT), ==, 1);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefTranscription) transcription = NULL;

  fake_openai_set_reply (f->fake, REPLY);
  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_MALFORMED, 1);
  assert_chat_fails (f, FALSE, DEBRIEF_VOICE_ERROR_MALFORMED);

  fake_openai_set_reply (f->fake, "{\"score\":7}");
  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_MALFORMED, 1);
  assert_chat_fails (f, TRUE, DEBRIEF_VOICE_ERROR_MALFORMED);

  /* JSON mode promises a JSON object: plain text is not one. */
  fake_openai_set_reply (f->fake, "Sure! Here is your feedback.");
  assert_chat_fails (f, TRUE, DEBRIEF_VOICE_ERROR_MALFORMED);

  fake_openai_fail (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, FAKE_OPENAI_FAULT_MALFORMED, 1);
  transcription = transcribe (f, f->wav, "en", &error);
  g_assert_null (transcription);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_MALFORMED);
  g_clear_error (&error);

  fake_openai_fail (f->fake, FAKE_OPENAI_SPEECH, FAKE_OPENAI_FAULT_MALFORMED, 1);
  g_assert_false (speak (f, "Hello.", &error));
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_MALFORMED);
  assert_no_audio_file (f);

  /* An answer that is not as documented is not asked for again. */
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_CHAT), ==, 3);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 1);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_SPEECH), ==, 1);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefTranscription) transcription = NULL;
  g_autofree char *reply = NULL;

  /* 401: not retried, since a second try cannot do better */
  fake_openai_fail (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, FAKE_OPENAI_FAULT_UNAUTHORIZED, 0);
  transcription = transcribe (f, f->wav, "en", &error);
  g_assert_null (transcription);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_UNAUTHORIZED);
  g_assert_true (g_str_has_prefix (error->message, "The voice backend rejected the API key"));
  g_assert_null (strstr (error->message, FAKE_OPENAI_API_KEY));
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 1);
  g_clear_error (&error);

  /* 429: when to try again, from Retry-After */
  fake_openai_set_retry_after (f->fake, 7);
  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_RATE_LIMITED, 0);
  reply = chat (f, FALSE, &error);
  g_assert_null (reply);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_RATE_LIMITED);
  g_assert_true (g_str_has_prefix (error->message, "The voice backend is rate limiting requests; try again in 7 s"));
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_CHAT), ==, 1);
  g_clear_error (&error);

  /* 500: the server's own words; tried once more before giving up */
  fake_openai_fail (f->fake, FAKE_OPENAI_CHAT, FAKE_OPENAI_FAULT_SERVER, 0);
  reply = chat (f, FALSE, &error);
  g_assert_null (reply);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, "The voice backend failed (500): The server had an error while processing "
                   "your request. Sorry about that!");
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_CHAT), ==, 3);
  g_assert_cmpuint (f->pieces->len, ==, 0);
}

static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefTranscription) transcription = NULL;

  /* One 500, then the transcript: the user never knows. */
  fake_openai_fail (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, FAKE_OPENAI_FAULT_SERVER, 1);
  transcription = transcribe (f, f->wav, "en", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (transcription->text, ==, "Hello coach. I would like to practise my pitch.");
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 2);
  g_clear_pointer (&transcription, debrief_transcription_free);

  /* A transcript cut off is asked for again too: none of it was delivered. */
  fake_openai_fail (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, FAKE_OPENAI_FAULT_CUT, 1);
  transcription = transcribe (f, f->wav, "en", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 4);

  /* Speech: a 500 before any audio */
  fake_openai_fail (f->fake, FAKE_OPENAI_SPEECH, FAKE_OPENAI_FAULT_SERVER, 1);
  g_assert_true (speak (f, "Let us begin.", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_SPEECH), ==, 2);

  /* Only once: two 500s in a row fail. */
  fake_openai_fail (f->fake, FAKE_OPENAI_TRANSCRIPTIONS, FAKE_OPENAI_FAULT_SERVER, 2);
  g_clear_pointer (&transcription, debrief_transcription_free);
  transcription = transcribe (f, f->wav, "en", &error);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_SERVER);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 6);
}

static void
test_speech (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) served = NULL;
  g_autoptr(GByteArray) streamed = g_byte_array_new ();
  g_autoptr(DebriefProbe) probe = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *part = g_strconcat (f->path, ".part", NULL);
  gsize length;

  g_assert_true (speak (f, "Hello there. How are you today? Let's begin.", &error));
  g_assert_no_error (error);

  /* Streamed in pieces, each passed on as it came, all in the file */
  g_assert_cmpuint (f->pieces->len, >, 2);
  for (guint i = 0; i < f->pieces->len; i++)
    g_byte_array_append (streamed, g_bytes_get_data (f->pieces->pdata[i], NULL),
                         g_bytes_get_size (f->pieces->pdata[i]));
  served = fake_openai_dup_last_audio (f->fake);
  g_assert_cmpmem (streamed->data, streamed->len, g_bytes_get_data (served, NULL), g_bytes_get_size (served));
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (served, NULL), g_bytes_get_size (served));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  /* A real Ogg/Opus file: 300 ms a sentence */
  probe = debrief_probe_file (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (probe->container, ==, "ogg");
  g_assert_cmpstr (probe->codec, ==, "opus");
  g_assert_cmpint (probe->duration_ms, >=, 850);
  g_assert_cmpint (probe->duration_ms, <=, 950);

  assert_field (f->fake, FAKE_OPENAI_SPEECH, "model", "tts-1");
  assert_field (f->fake, FAKE_OPENAI_SPEECH, "voice", "alloy");
  assert_field (f->fake, FAKE_OPENAI_SPEECH, "response_format", "opus");
  assert_field (f->fake, FAKE_OPENAI_SPEECH, "speed", "1.0");
  assert_field (f->fake, FAKE_OPENAI_SPEECH, "input", "Hello there. How are you today? Let's begin.");
}

static void
test_speech_cut (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fake_openai_fail (f->fake, FAKE_OPENAI_SPEECH, FAKE_OPENAI_FAULT_CUT, 1);
  g_assert_false (speak (f, "Hello there. How are you today?", &error));
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "cut off"));
  g_assert_cmpuint (f->pieces->len, >, 0);
  assert_no_audio_file (f);

  /* Some audio was delivered already: not asked for again. */
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_SPEECH), ==, 1);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefTranscription) transcription = NULL;
  gint64 start;

  debrief_voice_client_set_timeout (f->client, 1);
  g_assert_cmpuint (debrief_voice_client_get_timeout (f->client), ==, 1);

  fake_openai_set_delays (f->fake, 3000, 5);
  start = g_get_monotonic_time ();
  transcription = transcribe (f, f->wav, "en", &error);
  g_assert_null (transcription);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "did not answer within 1 s"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_TRANSCRIPTIONS), ==, 1);
  g_clear_error (&error);

  /* A stream that stalls in the middle times out as well, but a slow one
   * that keeps coming does not. */
  fake_openai_set_reply (f->fake, REPLY);
  fake_openai_set_delays (f->fake, 0, 1500);
  assert_chat_fails (f, FALSE, DEBRIEF_VOICE_ERROR_TIMEOUT);

  fake_openai_set_reply (f->fake, "One two three four.");
  fake_openai_set_delays (f->fake, 0, 60);
  assert_chat_reply (f, "One two three four.");
}

static void
test_cancel_chat (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  fake_openai_set_reply (f->fake, REPLY);
  f->cancel_on_first = TRUE;
  reply = chat (f, FALSE, &error);
  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->pieces->len, ==, 1);
  g_assert_cmpuint (fake_openai_get_requests (f->fake, FAKE_OPENAI_CHAT), ==, 1);
}

static void
test_cancel_speech (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->cancel_on_first = TRUE;
  g_assert_false (speak (f, "Hello there. How are you today?", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->pieces->len, ==, 1);
  assert_no_audio_file (f);
  g_clear_error (&error);

  /* Cancelled while the file is being written */
  f->cancel_on_first = FALSE;
  g_clear_object (&f->cancellable);
  f->cancellable = g_cancellable_new ();
  fake_openai_set_delays (f->fake, 0, 50);
  expect_pieces (f, (GDestroyNotify) g_bytes_unref);
  debrief_voice_client_speak_async (f->client, "tts-1", "nova", "One. Two. Three.", "opus", 1.25, f->path,
                                    data_cb, f, f->cancellable, result_cb, f);
  while (f->pieces->len < 3)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (f->cancellable);
  g_assert_false (debrief_voice_client_speak_finish (f->client, wait_for_result (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_no_audio_file (f);
}

typedef struct
{
  DebriefVoiceClient *client;
  GMainContext       *context;
  GThread            *thread;
  guint               deltas;
  gboolean            other_thread;
  char               *reply;
} Worker;

static void
worker_delta_cb (const char *delta,
                 gpointer    user_data)
{
  Worker *w = user_data;

  w->deltas++;
  if (g_thread_self () != w->thread || g_main_context_get_thread_default () != w->context)
    w->other_thread = TRUE;
}

static void
worker_result_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Worker *w = user_data;
  g_autoptr(GError) error = NULL;

  if (g_thread_self () != w->thread)
    w->other_thread = TRUE;
  w->reply = debrief_voice_client_chat_finish (DEBRIEF_VOICE_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  g_autoptr(JsonArray) messages = conversation ("You are a coach.", "Hello?");

  g_main_context_push_thread_default (w->context);
  debrief_voice_client_chat_async (w->client, "gpt-4o-mini", messages, FALSE, worker_delta_cb, w, NULL,
                                   worker_result_cb, w);
  while (w->reply == NULL)
    g_main_context_iteration (w->context, TRUE);
  g_main_context_pop_thread_default (w->context);

  return NULL;
}

static void
test_thread_context (Fixture       *f,
                     gconstpointer  data)
{
  Worker w = { .client = f->client };

  /* Callbacks run on the main context of the thread that called. */
  fake_openai_set_reply (f->fake, REPLY);
  w.context = g_main_context_new ();
  w.thread = g_thread_new ("voice-worker", worker_thread, &w);
  g_thread_join (w.thread);

  g_assert_cmpstr (w.reply, ==, REPLY);
  g_assert_cmpuint (w.deltas, ==, 14);
  g_assert_false (w.other_thread);
  g_main_context_unref (w.context);
  g_free (w.reply);
}

static void
test_wrong_key (void)
{
  g_autoptr(FakeOpenai) fake = fake_openai_new (FAKE_OPENAI_API_KEY);
  g_autoptr(DebriefVoiceClient) client = debrief_voice_client_new (fake_openai_get_url (fake), "sk-wrong-key");
  g_autoptr(GBytes) wav = make_wav (300, 440);
  g_autoptr(GError) error = NULL;
  Fixture f = { .fake = fake, .client = client };
  g_autoptr(DebriefTranscription) transcription = NULL;

  transcription = transcribe (&f, wav, NULL, &error);
  g_assert_null (transcription);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "rejected the API key"));
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));

  /* A wrong key is the user's to fix; the request itself was right. */
  assert_malformed (fake, 0);
  g_clear_object (&f.result);
}

static void
test_local_server (void)
{
  g_autoptr(FakeOpenai) fake = fake_openai_new (NULL);
  g_autofree char *url = g_strconcat (fake_openai_get_url (fake), "/", NULL);
  g_autoptr(DebriefVoiceClient) client = debrief_voice_client_new (url, NULL);
  g_autoptr(GBytes) wav = make_wav (300, 440);
  g_autoptr(GError) error = NULL;
  Fixture f = { .fake = fake, .client = client };
  g_autoptr(DebriefTranscription) transcription = NULL;
  g_autofree char *authorization = NULL;

  /* No key, no Authorization header; a trailing slash in the URL is fine. */
  transcription = transcribe (&f, wav, "de", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (transcription->language, ==, "german");
  authorization = fake_openai_dup_last_header (fake, FAKE_OPENAI_TRANSCRIPTIONS, "Authorization");
  g_assert_null (authorization);
  assert_malformed (fake, 0);
  g_clear_object (&f.result);
}

static void
test_unreachable (void)
{
  /* Port 9 on loopback: nobody listens there. */
  g_autoptr(DebriefVoiceClient) client = debrief_voice_client_new ("http://127.0.0.1:9/v1", "key");
  g_autoptr(DebriefVoiceClient) nonsense = debrief_voice_client_new ("api.openai.com", "key");
  g_autoptr(GBytes) wav = make_wav (300, 440);
  g_autoptr(GError) error = NULL;
  Fixture f = { .client = client };
  g_autoptr(DebriefTranscription) transcription = NULL;

  transcription = transcribe (&f, wav, NULL, &error);
  g_assert_null (transcription);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach the voice backend at http://127.0.0.1:9/v1: "));
  g_clear_error (&error);

  f.client = nonsense;
  transcription = transcribe (&f, wav, NULL, &error);
  g_assert_error (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "https://api.openai.com/v1"));
  g_clear_object (&f.result);
}

/* Raw requests, to show the fake catches what a real server would refuse. */
static guint
send_raw (FakeOpenai *fake,
          const char *method,
          const char *path,
          const char *content_type,
          GBytes     *body,
          const char *authorization)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (fake_openai_get_url (fake), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *details;

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);

  /* OpenAI's error shape */
  root = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  details = json_object_get_object_member (json_node_get_object (root), "error");
  g_assert_nonnull (details);
  g_assert_nonnull (json_object_get_string_member (details, "message"));
  g_assert_nonnull (json_object_get_string_member (details, "type"));
  g_assert_true (json_object_has_member (details, "code"));

  return soup_message_get_status (message);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_fake_rejects (void)
{
  g_autoptr(FakeOpenai) fake = fake_openai_new (FAKE_OPENAI_API_KEY);
  g_autoptr(GBytes) wav = make_wav (300, 440);
  g_autoptr(GBytes) well_formed = NULL;
  struct
  {
    const char *method, *path, *type, *body;
    gboolean    with_key;
    guint       status;
  } cases[] = {
    { "GET", "/chat/completions", NULL, NULL, TRUE, 400 },
    { "POST", "/chat/completions", "text/plain", "{\"model\":\"m\",\"messages\":[]}", TRUE, 400 },
    { "POST", "/chat/completions", "application/json", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
      TRUE, 400 },
    { "POST", "/chat/completions", "application/json", "{\"model\":\"m\",\"messages\":\"Hi\"}", TRUE, 400 },
    { "POST", "/chat/completions", "application/json", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}",
      TRUE, 400 },
    { "POST", "/chat/completions", "application/json", "{\"model\":\"m\",\"messages\":[{\"content\":\"Hi\"}]}",
      TRUE, 400 },
    { "POST", "/chat/completions", "application/json",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response_format\":{\"type\":\"xml\"}}",
      TRUE, 400 },
    { "POST", "/chat/completions", "application/json",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response-format\":\"json\"}",
      TRUE, 400 },
    { "POST", "/chat/completions", "application/json", "{\"model\":\"m\",", TRUE, 400 },
    { "POST", "/chat/completions", "application/json",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", FALSE, 401 },
    { "POST", "/audio/speech", "application/json", "{\"model\":\"tts-1\",\"input\":\"Hi\"}", TRUE, 400 },
    { "POST", "/audio/speech", "application/json", "{\"model\":\"tts-1\",\"voice\":\"alloy\"}", TRUE, 400 },
    { "POST", "/audio/speech", "application/json",
      "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hi\",\"response_format\":\"ogg\"}", TRUE, 400 },
    { "POST", "/audio/speech", "application/json",
      "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hi\",\"speed\":9}", TRUE, 400 },
    { "POST", "/audio/transcriptions", "application/json", "{\"model\":\"whisper-1\"}", TRUE, 400 },
    { "POST", "/audio/voices", "application/json", "{}", TRUE, 404 },
  };
  struct
  {
    const char *model, *format, *filename;
    gboolean    with_file, garbage;
  } forms[] = {
    { "whisper-1", "verbose_json", "speech.wav", FALSE, FALSE },  /* no file */
    { NULL, "verbose_json", "speech.wav", TRUE, FALSE },          /* no model */
    { "whisper-1", "xml", "speech.wav", TRUE, FALSE },            /* no such response_format */
    { "whisper-1", "json", "speech.txt", TRUE, FALSE },           /* not an audio file name */
    { "whisper-1", "json", "speech.wav", TRUE, TRUE },            /* not a WAV at all */
  };
  guint expected = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = cases[i].body != NULL ? text_bytes (cases[i].body) : NULL;

      g_test_message ("case %zu: %s %s %s", i, cases[i].method, cases[i].path, cases[i].body ?: "");
      g_assert_cmpuint (send_raw (fake, cases[i].method, cases[i].path, cases[i].type, body,
                                  cases[i].with_key ? BEARER : NULL), ==, cases[i].status);
      assert_malformed (fake, ++expected);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GBytes) garbage = text_bytes ("this is not a RIFF file at all");
      g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
      g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
      g_autoptr(GBytes) body = NULL;

      if (forms[i].with_file)
        soup_multipart_append_form_file (multipart, "file", forms[i].filename, "audio/wav",
                                         forms[i].garbage ? garbage : wav);
      if (forms[i].model != NULL)
        soup_multipart_append_form_string (multipart, "model", forms[i].model);
      soup_multipart_append_form_string (multipart, "response_format", forms[i].format);
      soup_multipart_to_message (multipart, headers, &body);

      g_test_message ("form %zu", i);
      g_assert_cmpuint (send_raw (fake, "POST", "/audio/transcriptions",
                                  soup_message_headers_get_one (headers, "Content-Type"), body, BEARER), ==, 400);
      assert_malformed (fake, ++expected);
    }

  /* A well-formed request with a wrong key is refused, but is no client bug. */
  fake_openai_clear_malformed (fake);
  well_formed = text_bytes ("{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hi\"}");
  g_assert_cmpuint (send_raw (fake, "POST", "/audio/speech", "application/json", well_formed, "Bearer sk-nope"),
                    ==, 401);
  assert_malformed (fake, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/voice/unreachable", test_unreachable);
  g_test_add_func ("/voice/wrong-key", test_wrong_key);
  g_test_add_func ("/voice/local-server", test_local_server);
  g_test_add_func ("/voice/fake-rejects", test_fake_rejects);
  g_test_add ("/voice/transcribe", Fixture, NULL, fixture_set_up, test_transcribe, fixture_tear_down);
  g_test_add ("/voice/transcribe-each-audio", Fixture, NULL, fixture_set_up, test_transcribe_each_audio,
              fixture_tear_down);
  g_test_add ("/voice/chat-stream", Fixture, NULL, fixture_set_up, test_chat_stream, fixture_tear_down);
  g_test_add ("/voice/chat-unicode", Fixture, NULL, fixture_set_up, test_chat_unicode, fixture_tear_down);
  g_test_add ("/voice/chat-sse-extras", Fixture, NULL, fixture_set_up, test_chat_sse_extras, fixture_tear_down);
  g_test_add ("/voice/chat-json", Fixture, NULL, fixture_set_up, test_chat_json, fixture_tear_down);
  g_test_add ("/voice/chat-cut", Fixture, NULL, fixture_set_up, test_chat_cut, fixture_tear_down);
  g_test_add ("/voice/malformed", Fixture, NULL, fixture_set_up, test_malformed, fixture_tear_down);
  g_test_add ("/voice/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/voice/retry", Fixture, NULL, fixture_set_up, test_retry, fixture_tear_down);
  g_test_add ("/voice/speech", Fixture, NULL, fixture_set_up, test_speech, fixture_tear_down);
  g_test_add ("/voice/speech-cut", Fixture, NULL, fixture_set_up, test_speech_cut, fixture_tear_down);
  g_test_add ("/voice/timeout", Fixture, NULL, fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/voice/cancel-chat", Fixture, NULL, fixture_set_up, test_cancel_chat, fixture_tear_down);
  g_test_add ("/voice/thread-context", Fixture, NULL, fixture_set_up, test_thread_context, fixture_tear_down);
  g_test_add ("/voice/cancel-speech", Fixture, NULL, fixture_set_up, test_cancel_speech, fixture_tear_down);

  return g_test_run ();
}
