/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-feedback.c: the feedback after a coaching call: measured metrics, the model's prompt and answer, what is kept */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "debrief-call-finish.h"
#include "debrief-feedback.h"
#include "debrief-test-fixture.h"

static DebriefChunk *
make_chunk (gint64      start_ms,
            gint64      end_ms,
            const char *said,
            const char *reply,
            double      reply_seconds)
{
  static gint64 seq;
  DebriefChunk *chunk = debrief_chunk_new ();

  chunk->seq = ++seq;
  chunk->start_ms = start_ms;
  chunk->end_ms = end_ms;
  chunk->speaker = DEBRIEF_SPEAKER_USER;
  chunk->user_transcript = g_strdup (said);
  chunk->ai_text_response = g_strdup (reply);
  if (reply_seconds > 0)
    {
      chunk->ai_audio_path = g_strdup_printf ("ai_chunks/%" G_GINT64_FORMAT ".ogg", chunk->seq);
      chunk->duration_seconds = reply_seconds;
    }

  return chunk;
}

static GPtrArray *
new_chunks (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_chunk_free);
}

/* A short practice call: the user speaks 26.5 s, the coach 4 s; the
 * second reply is cut short at 29 s, two seconds in. */
static GPtrArray *
make_conversation (void)
{
  GPtrArray *chunks = new_chunks ();

  g_ptr_array_add (chunks, make_chunk (0, 6000, "Hello, I want to practise my pitch. Can you help?",
                                       "Of course. Start whenever you are ready.", 3.0));
  g_ptr_array_add (chunks, make_chunk (10000, 22000, "We sell software to dentists and we save them time",
                                       NULL, 0));
  g_ptr_array_add (chunks, make_chunk (22500, 28000, "Our customers love it. What do you think?",
                                       "Good start.", 2.0));
  g_ptr_array_add (chunks, make_chunk (29000, 32000, "Sorry, go on?", NULL, 0));

  return chunks;
}

static double
metric (JsonObject *metrics,
        const char *name)
{
  g_assert_true (json_object_has_member (metrics, name));
  return json_node_get_double (json_object_get_member (metrics, name));
}

static gint64
count (JsonObject *metrics,
       const char *name)
{
  JsonNode *node = json_object_get_member (metrics, name);

  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

static void
test_measure_empty (void)
{
  g_autoptr(GPtrArray) chunks = new_chunks ();
  g_autoptr(JsonObject) metrics = debrief_feedback_measure (chunks, 0);

  g_assert_cmpfloat (metric (metrics, "talk_ratio"), ==, 0);
  g_assert_cmpfloat (metric (metrics, "longest_monologue_seconds"), ==, 0);
  g_assert_cmpint (count (metrics, "questions_asked"), ==, 0);
  g_assert_cmpfloat (metric (metrics, "words_per_minute"), ==, 0);
  g_assert_cmpint (count (metrics, "user_words"), ==, 0);
  g_assert_cmpint (count (metrics, "coach_turns"), ==, 0);
  g_assert_cmpint (count (metrics, "interruptions"), ==, 0);
}

static void
test_measure_conversation (void)
{
  g_autoptr(GPtrArray) chunks = make_conversation ();
  g_autoptr(JsonObject) metrics = debrief_feedback_measure (chunks, 40);

  /* 26.5 s of 30.5 s */
  g_assert_cmpfloat_with_epsilon (metric (metrics, "talk_ratio"), 0.869, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "user_speaking_seconds"), 26.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "coach_speaking_seconds"), 4.0, 1e-9);
  /* The second and third turns, with no reply between: 10 s to 28 s */
  g_assert_cmpfloat_with_epsilon (metric (metrics, "longest_monologue_seconds"), 18.0, 1e-9);
  g_assert_cmpint (count (metrics, "questions_asked"), ==, 3);
  g_assert_cmpint (count (metrics, "user_words"), ==, 31);
  /* 31 words in 26.5 s */
  g_assert_cmpfloat_with_epsilon (metric (metrics, "words_per_minute"), 70.2, 1e-9);
  g_assert_cmpint (count (metrics, "coach_turns"), ==, 2);
  g_assert_cmpint (count (metrics, "interruptions"), ==, 1);
  g_assert_cmpfloat (metric (metrics, "call_seconds"), ==, 40);
}

static void
test_measure_user_only (void)
{
  g_autoptr(GPtrArray) chunks = new_chunks ();
  g_autoptr(JsonObject) metrics = NULL;

  g_ptr_array_add (chunks, make_chunk (0, 5000, "one two three", NULL, 0));
  g_ptr_array_add (chunks, make_chunk (5000, 10000, "four five", NULL, 0));
  metrics = debrief_feedback_measure (chunks, 0);

  g_assert_cmpfloat (metric (metrics, "talk_ratio"), ==, 1);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "longest_monologue_seconds"), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "words_per_minute"), 30.0, 1e-9);
  g_assert_cmpint (count (metrics, "coach_turns"), ==, 0);
  g_assert_cmpint (count (metrics, "interruptions"), ==, 0);
}

static void
test_measure_overlapping (void)
{
  g_autoptr(GPtrArray) chunks = new_chunks ();
  g_autoptr(JsonObject) metrics = NULL;
  g_autoptr(JsonObject) clipped = NULL;

  /* Two transcriptions that overlap, a reply, and the user cutting in a
   * second into its two. */
  g_ptr_array_add (chunks, make_chunk (0, 4000, "a b", NULL, 0));
  g_ptr_array_add (chunks, make_chunk (2000, 6000, "c d", "Tell me more about that.", 2.0));
  g_ptr_array_add (chunks, make_chunk (7000, 9000, "wait", NULL, 0));
  metrics = debrief_feedback_measure (chunks, 0);

  /* 6 s + 2 s of the user, overlaps counted once; 1 s of the coach */
  g_assert_cmpfloat_with_epsilon (metric (metrics, "user_speaking_seconds"), 8.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "coach_speaking_seconds"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "talk_ratio"), 0.889, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "longest_monologue_seconds"), 6.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "words_per_minute"), 37.5, 1e-9);
  g_assert_cmpint (count (metrics, "interruptions"), ==, 1);

  /* Nothing counts past the end of an 8 s call. */
  clipped = debrief_feedback_measure (chunks, 8);
  g_assert_cmpfloat_with_epsilon (metric (clipped, "user_speaking_seconds"), 7.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (clipped, "talk_ratio"), 0.875, 1e-9);
}

static void
test_measure_unicode (void)
{
  g_autoptr(GPtrArray) chunks = new_chunks ();
  g_autoptr(JsonObject) metrics = NULL;

  /* "¿Y tú" is a question the transcription did not close. */
  g_ptr_array_add (chunks, make_chunk (0, 6000, "¿Qué tal estás? Bien, gracias. ¿Y tú", NULL, 0));
  /* Full-width, no spaces: one word, one question */
  g_ptr_array_add (chunks, make_chunk (6000, 9000, "東京は初めてですか？はい。", NULL, 0));
  /* Ideographic and no-break spaces separate words; a dash alone is none;
   * "?!" is one question; the point in 3.5 ends nothing. */
  g_ptr_array_add (chunks, make_chunk (9000, 15000,
                                       "café\u3000naïve\u00a0déjà-vu — ok? Really?! Version 3.5 works.", NULL, 0));
  /* The time's point does not end the Spanish question early. */
  g_ptr_array_add (chunks, make_chunk (15000, 18000, "¿Vienes a las 3.30?", NULL, 0));
  metrics = debrief_feedback_measure (chunks, 0);

  g_assert_cmpint (count (metrics, "user_words"), ==, 7 + 1 + 8 + 4);
  g_assert_cmpint (count (metrics, "questions_asked"), ==, 2 + 1 + 2 + 1);
  g_assert_cmpfloat_with_epsilon (metric (metrics, "words_per_minute"), 20 / 0.3, 0.05);
}

static const char *
message_content (JsonArray *messages,
                 guint      index,
                 const char *role)
{
  JsonObject *message = json_array_get_object_element (messages, index);

  g_assert_cmpstr (json_object_get_string_member (message, "role"), ==, role);
  return json_object_get_string_member (message, "content");
}

static void
test_messages (void)
{
  g_autoptr(GPtrArray) chunks = make_conversation ();
  g_autoptr(JsonArray) messages = debrief_feedback_build_messages ("Be a tough sales coach.", chunks, "es");
  g_autoptr(JsonArray) plain = debrief_feedback_build_messages (NULL, chunks, NULL);
  const char *system;
  const char *user;

  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  system = message_content (messages, 0, "system");
  g_assert_nonnull (strstr (system, "Be a tough sales coach."));
  for (const char * const *key = (const char *[]) { "\"summary\"", "\"strengths\"", "\"improvements\"",
                                                    "\"next_steps\"", "JSON", NULL }; *key != NULL; key++)
    g_assert_nonnull (strstr (system, *key));
  g_assert_nonnull (strstr (system, "language of the call: es"));

  user = message_content (messages, 1, "user");
  g_assert_nonnull (strstr (user, "[00:00] You: Hello, I want to practise my pitch. Can you help?\n"));
  g_assert_nonnull (strstr (user, "[00:06] Coach: Of course. Start whenever you are ready.\n"));
  g_assert_nonnull (strstr (user, "[00:29] You: Sorry, go on?\n"));
  g_assert_null (strstr (user, "left out"));

  g_assert_cmpuint (json_array_get_length (plain), ==, 2);
  system = message_content (plain, 0, "system");
  g_assert_null (strstr (system, "instructions:"));
  g_assert_nonnull (strstr (system, "language the person spoke"));
}

static void
test_messages_truncated (void)
{
  g_autoptr(GPtrArray) chunks = new_chunks ();
  g_autoptr(JsonArray) messages = NULL;
  const char *user;
  const char *transcript;

  for (int i = 0; i < 400; i++)
    {
      g_autofree char *said = g_strdup_printf ("Turn %03d: mañana pitch practice, objections and pricing", i);

      g_ptr_array_add (chunks, make_chunk (i * 10000, i * 10000 + 4000, said, "Sí, sigue.", 2.0));
    }
  messages = debrief_feedback_build_messages (NULL, chunks, NULL);
  user = message_content (messages, 1, "user");

  g_assert_true (g_utf8_validate (user, -1, NULL));
  g_assert_nonnull (strstr (user, "left out"));
  g_assert_null (strstr (user, "Turn 000"));
  g_assert_nonnull (strstr (user, "You: Turn 399: mañana"));
  g_assert_cmpint (g_utf8_strlen (user, -1), <=, DEBRIEF_FEEDBACK_TRANSCRIPT_MAX_CHARS + 400);
  g_assert_cmpint (g_utf8_strlen (user, -1), >=, DEBRIEF_FEEDBACK_TRANSCRIPT_MAX_CHARS - 200);
  /* The kept part starts with a whole line. */
  transcript = strstr (user, "\n\n");
  g_assert_nonnull (transcript);
  g_assert_cmpint (transcript[2], ==, '[');
}

static char *
list_member (JsonObject *feedback,
             const char *member)
{
  JsonArray *array;
  g_autoptr(GString) text = g_string_new (NULL);

  if (!json_object_has_member (feedback, member))
    return NULL;

  array = json_object_get_array_member (feedback, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", json_array_get_string_element (array, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_parse_fenced (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) feedback = NULL;
  g_autofree char *strengths = NULL;
  g_autofree char *improvements = NULL;
  g_autofree char *next_steps = NULL;

  feedback = debrief_feedback_parse ("Here is your feedback:\n```json\n"
                                     "{\"summary\": \"A clear pitch {with \\\"braces\\\"}.\",\n"
                                     " \"strengths\": [\"Clear opening\"],\n"
                                     " \"improvements\": [\"Ask more questions\"],\n"
                                     " \"next_steps\": [\"Practise objections\"], \"score\": 7}\n"
                                     "```\nHope it helps! {not json}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (feedback, "summary"), ==, "A clear pitch {with \"braces\"}.");
  strengths = list_member (feedback, "strengths");
  improvements = list_member (feedback, "improvements");
  next_steps = list_member (feedback, "next_steps");
  g_assert_cmpstr (strengths, ==, "Clear opening");
  g_assert_cmpstr (improvements, ==, "Ask more questions");
  g_assert_cmpstr (next_steps, ==, "Practise objections");
  /* Only the feedback's own fields are kept. */
  g_assert_false (json_object_has_member (feedback, "score"));
}

static void
test_parse_tolerant (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) aliased = NULL;
  g_autoptr(JsonObject) spaced = NULL;
  g_autoptr(JsonObject) nested = NULL;
  g_autoptr(JsonObject) stray = NULL;
  g_autofree char *next_steps = NULL;
  g_autofree char *spaced_steps = NULL;
  g_autofree char *strengths = NULL;

  aliased = debrief_feedback_parse ("{\"Summary\": \"  Good.  \", \"suggested_next_steps\": "
                                    "[\"Call back\", 3, null, \"  \", {\"x\": 1}, \"Send the offer\"], "
                                    "\"strengths\": \"Good rapport\", \"metrics\": {\"talk_ratio\": 1}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (aliased, "summary"), ==, "Good.");
  next_steps = list_member (aliased, "next_steps");
  strengths = list_member (aliased, "strengths");
  g_assert_cmpstr (next_steps, ==, "Call back|Send the offer");
  g_assert_cmpstr (strengths, ==, "Good rapport");
  g_assert_false (json_object_has_member (aliased, "suggested_next_steps"));
  g_assert_false (json_object_has_member (aliased, "metrics"));

  spaced = debrief_feedback_parse ("{\"Next Steps\": \"Book a second session\"}", &error);
  g_assert_no_error (error);
  spaced_steps = list_member (spaced, "next_steps");
  g_assert_cmpstr (spaced_steps, ==, "Book a second session");
  g_assert_false (json_object_has_member (spaced, "summary"));

  nested = debrief_feedback_parse ("{\"feedback\": {\"summary\": \"Nested.\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (nested, "summary"), ==, "Nested.");

  stray = debrief_feedback_parse ("Mind the { in this sentence. {\"summary\": \"Found.\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (stray, "summary"), ==, "Found.");
}

static void
test_parse_garbage (void)
{
  struct
  {
    const char *reply;
    int         code;
    const char *says;
  } cases[] = {
    { "", DEBRIEF_FEEDBACK_ERROR_EMPTY, "nothing" },
    { "  \n\t", DEBRIEF_FEEDBACK_ERROR_EMPTY, "nothing" },
    { "I'm sorry, I can't help with that.", DEBRIEF_FEEDBACK_ERROR_NOT_JSON, "I'm sorry, I can't help with that." },
    { "{\"summary\": \"The call went", DEBRIEF_FEEDBACK_ERROR_NOT_JSON, "cut off" },
    { "{not: json}", DEBRIEF_FEEDBACK_ERROR_NOT_JSON, "{not: json}" },
    { "{\"score\": 7, \"summary\": 3, \"strengths\": [1, 2]}", DEBRIEF_FEEDBACK_ERROR_INCOMPLETE, "no summary" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) feedback = debrief_feedback_parse (cases[i].reply, &error);

      g_assert_null (feedback);
      g_assert_error (error, DEBRIEF_FEEDBACK_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static JsonObject *
object_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_dup_object (node);
}

static void
test_compose (void)
{
  g_autoptr(GPtrArray) chunks = make_conversation ();
  g_autoptr(JsonObject) metrics = debrief_feedback_measure (chunks, 40);
  g_autoptr(JsonObject) model = debrief_feedback_parse ("{\"summary\": \"Good.\", \"strengths\": [\"Clear\"]}", NULL);
  g_autofree char *with_model = debrief_feedback_compose (model, metrics, NULL);
  g_autofree char *failed = debrief_feedback_compose (NULL, metrics, "The chat backend answered 500");
  g_autofree char *silent = debrief_feedback_compose (NULL, metrics, NULL);
  g_autoptr(JsonObject) document = object_from (with_model);
  g_autoptr(JsonObject) failed_document = object_from (failed);
  g_autoptr(JsonObject) silent_document = object_from (silent);
  JsonObject *kept;

  g_assert_cmpstr (json_object_get_string_member (document, "summary"), ==, "Good.");
  g_assert_true (json_object_has_member (document, "strengths"));
  g_assert_false (json_object_has_member (document, "error"));
  kept = json_object_get_object_member (document, "metrics");
  g_assert_cmpfloat_with_epsilon (metric (kept, "talk_ratio"), 0.869, 1e-9);
  g_assert_cmpint (count (kept, "questions_asked"), ==, 3);

  /* The model failed: the metrics stay, with the reason. */
  g_assert_false (json_object_has_member (failed_document, "summary"));
  g_assert_cmpstr (json_object_get_string_member (failed_document, "error"), ==, "The chat backend answered 500");
  kept = json_object_get_object_member (failed_document, "metrics");
  g_assert_cmpfloat_with_epsilon (metric (kept, "words_per_minute"), 70.2, 1e-9);

  g_assert_cmpstr (json_object_get_string_member (silent_document, "error"), !=, "");
  g_assert_true (json_object_has_member (silent_document, "metrics"));
}

typedef struct
{
  char         *dir;
  DebriefStore *store;
  DebriefCall  *call;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = make_conversation ();
  g_autofree char *db = NULL;

  f->dir = debrief_test_make_data_dir ();
  db = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (db, NULL, &error);
  g_assert_no_error (error);

  f->call = debrief_call_new ();
  f->call->kind = DEBRIEF_CALL_KIND_COACHING;
  f->call->title = g_strdup ("Pitch practice");
  f->call->status = DEBRIEF_CALL_STATUS_ENDED;
  f->call->duration_seconds = 40;
  debrief_store_save_call (f->store, f->call, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < chunks->len; i++)
    {
      DebriefChunk *chunk = g_ptr_array_index (chunks, i);

      chunk->call_id = g_strdup (f->call->id);
      debrief_store_save_chunk (f->store, chunk, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  debrief_call_free (f->call);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

static char *
compose_for (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = debrief_store_list_chunks (f->store, f->call->id, &error);
  g_autoptr(JsonObject) metrics = NULL;
  g_autoptr(JsonObject) model = NULL;

  g_assert_no_error (error);
  metrics = debrief_feedback_measure (chunks, f->call->duration_seconds);
  model = debrief_feedback_parse ("```json\n{\"summary\": \"A focused pitch.\", "
                                  "\"next_steps\": [\"Shorten the opening\"]}\n```", &error);
  g_assert_no_error (error);

  return debrief_feedback_compose (model, metrics, NULL);
}

static void
test_store (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *feedback = compose_for (f);
  g_autofree char *call_dir = debrief_call_get_dir (f->call, f->dir);
  g_autofree char *archive_path = g_build_filename (call_dir, "archive.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) archive = NULL;
  g_autoptr(DebriefCall) stored = NULL;
  JsonObject *kept;

  g_assert_true (debrief_feedback_store (f->store, f->call->id, feedback, f->dir, &error));
  g_assert_no_error (error);

  stored = debrief_store_get_call (f->store, f->call->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->feedback_json, ==, feedback);
  g_assert_cmpstr (stored->title, ==, "Pitch practice");

  g_file_get_contents (archive_path, &text, NULL, &error);
  g_assert_no_error (error);
  archive = object_from (text);
  kept = json_object_get_object_member (archive, "feedback");
  g_assert_nonnull (kept);
  g_assert_cmpstr (json_object_get_string_member (kept, "summary"), ==, "A focused pitch.");
  g_assert_cmpint (count (json_object_get_object_member (kept, "metrics"), "questions_asked"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (archive, "transcript")), ==, 4);
}

static void
test_store_failures (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *feedback = compose_for (f);
  g_autofree char *not_a_dir = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autoptr(DebriefCall) stored = NULL;

  /* Something that is no feedback document is refused, the call untouched. */
  g_assert_false (debrief_feedback_store (f->store, f->call->id, "I'm sorry", f->dir, &error));
  g_assert_error (error, DEBRIEF_FEEDBACK_ERROR, DEBRIEF_FEEDBACK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (debrief_feedback_store (f->store, "no-such-call", feedback, f->dir, &error));
  g_assert_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  stored = debrief_store_get_call (f->store, f->call->id, &error);
  g_assert_no_error (error);
  g_assert_null (stored->feedback_json);
  g_clear_pointer (&stored, debrief_call_free);

  /* The archive cannot be written: the feedback is still kept with the call. */
  g_file_set_contents (not_a_dir, "", 0, &error);
  g_assert_no_error (error);
  g_assert_false (debrief_feedback_store (f->store, f->call->id, feedback, not_a_dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  stored = debrief_store_get_call (f->store, f->call->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->feedback_json, ==, feedback);
  g_assert_cmpint (stored->status, ==, DEBRIEF_CALL_STATUS_ENDED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feedback/measure/empty", test_measure_empty);
  g_test_add_func ("/feedback/measure/conversation", test_measure_conversation);
  g_test_add_func ("/feedback/measure/user-only", test_measure_user_only);
  g_test_add_func ("/feedback/measure/overlapping", test_measure_overlapping);
  g_test_add_func ("/feedback/measure/unicode", test_measure_unicode);
  g_test_add_func ("/feedback/messages/shape", test_messages);
  g_test_add_func ("/feedback/messages/truncated", test_messages_truncated);
  g_test_add_func ("/feedback/parse/fenced", test_parse_fenced);
  g_test_add_func ("/feedback/parse/tolerant", test_parse_tolerant);
  g_test_add_func ("/feedback/parse/garbage", test_parse_garbage);
  g_test_add_func ("/feedback/compose", test_compose);
  g_test_add ("/feedback/store/archive", Fixture, NULL, fixture_set_up, test_store, fixture_tear_down);
  g_test_add ("/feedback/store/failures", Fixture, NULL, fixture_set_up, test_store_failures, fixture_tear_down);

  return g_test_run ();
}
