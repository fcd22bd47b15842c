/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-feedback.c: the feedback after a coaching call: what is measured, what the model is asked, what is kept */

#define G_LOG_DOMAIN "debrief-feedback"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "debrief-call-archive.h"
#include "debrief-call-finish.h"
#include "debrief-feedback.h"

/*
 * After a coaching call the voice client sends the chat model the messages
 * of debrief_feedback_build_messages(), reads its answer with
 * debrief_feedback_parse(), adds what debrief_feedback_measure() counted
 * without a model, and keeps debrief_feedback_compose()'s document with
 * debrief_feedback_store(). When the model fails, the measured part is kept
 * with the reason, and the call itself is never touched by the failure.
 */

G_DEFINE_QUARK (debrief-feedback-error-quark, debrief_feedback_error)

/* Measuring */

typedef struct
{
  gint64 start_ms;
  gint64 end_ms;
} Span;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a;
  const Span *y = b;

  return x->start_ms < y->start_ms ? -1 : x->start_ms > y->start_ms;
}

/* How long the spans cover, counting overlaps once */
static gint64
covered_ms (GArray *spans)
{
  gint64 total = 0;
  gint64 start = 0;
  gint64 end = 0;

  g_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);

      if (i == 0 || span->start_ms > end)
        {
          total += end - start;
          start = span->start_ms;
          end = span->end_ms;
        }
      else
        end = MAX (end, span->end_ms);
    }

  return total + end - start;
}

/* How long the coach's reply to @chunk lasts when nobody cuts in: its
 * spoken audio when that was measured, else the reading time that
 * debrief_call_list_utterances() gives it. */
static gint64
reply_length_ms (const DebriefChunk *chunk)
{
  if ((chunk->ai_audio_path != NULL || chunk->ai_audio_url != NULL) && chunk->duration_seconds > 0)
    return (gint64) (chunk->duration_seconds * 1000);

  return MAX (2000, 60 * (gint64) g_utf8_strlen (chunk->ai_text_response, -1));
}

/* Words are runs of characters between Unicode spaces (tabs, no-break and
 * ideographic spaces too) with at least one letter or digit, so a lone
 * dash is no word. A script written without spaces counts as one word per
 * run. */
static guint
count_words (const char *text)
{
  guint words = 0;
  gboolean in_word = FALSE;
  gboolean has_letter = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          words += in_word && has_letter;
          in_word = has_letter = FALSE;
        }
      else
        {
          in_word = TRUE;
          has_letter |= g_unichar_isalnum (c);
        }
    }

  return words + (in_word && has_letter);
}

static gboolean
is_question_mark (gunichar c)
{
  return c == '?' || c == 0xFF1F /* ？ */;
}

static gboolean
is_terminal (gunichar c)
{
  return is_question_mark (c) || c == '.' || c == '!' || c == 0x2026 /* … */ ||
         c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ || c == 0xFF0E /* ． */;
}

/* Full-width marks end a sentence by themselves: those scripts put no space after them. */
static gboolean
is_wide_terminal (gunichar c)
{
  return c == 0xFF1F || c == 0x3002 || c == 0xFF01 || c == 0xFF0E;
}

/* Sentences that end with "?" or "？", or that open with Spanish "¿" (whether
 * or not the transcription closed them); "Really?!" or "??" is one question,
 * the point in "3.5" ends no sentence. */
static guint
count_questions (const char *text)
{
  guint questions = 0;
  gboolean opened = FALSE;
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      gboolean asks = FALSE;
      gunichar last = 0;
      gunichar next;

      if (!is_terminal (c))
        {
          opened |= c == 0x00BF /* ¿ */;
          p = g_utf8_next_char (p);
          continue;
        }

      for (; *p != '\0' && is_terminal (g_utf8_get_char (p)); p = g_utf8_next_char (p))
        {
          last = g_utf8_get_char (p);
          asks |= is_question_mark (last);
        }

      next = g_utf8_get_char (p);
      if (next == 0 || g_unichar_isspace (next) || g_unichar_ispunct (next) || is_wide_terminal (last))
        {
          questions += asks || opened;
          opened = FALSE;
        }
    }

  return questions + opened;
}

static double
round_to (double value,
          double step)
{
  return round (value / step) * step;
}

/**
 * debrief_feedback_measure:
 * @chunks: (element-type DebriefChunk): a call's chunks, in order
 * @call_seconds: how long the call lasted; 0 when unknown
 *
 * What the feedback says without a model, from the times and texts of the
 * chunks as debrief_call_list_utterances() orders them:
 *
 * - "talk_ratio": the user's speaking time over the user's and the other
 *   side's (the coach's, or in a recorded call the remote person's), 0 to 1,
 *   overlapping stretches counted once; 0 when nobody spoke;
 * - "longest_monologue_seconds": the longest run of user utterances with no
 *   reply in between, from the first one's start to the last one's end;
 * - "questions_asked": the user's sentences ending with "?" or "？", or
 *   opened with "¿";
 * - "words_per_minute": "user_words" over the user's speaking minutes;
 * - "user_words", "user_speaking_seconds", "coach_speaking_seconds",
 *   "coach_turns" (the coach's replies) and "call_seconds";
 * - "interruptions": replies the user cut short. For now a reply counts as
 *   cut short when the user's next utterance starts before the reply would
 *   have ended: its start (the end of the user's turn) plus its spoken
 *   audio's duration when that was measured, else its reading time.
 *
 * A reply speaks until the user's next turn starts or its own length runs
 * out, whichever comes first. With @call_seconds, nothing is counted past
 * the end of the call.
 *
 * Returns: (transfer full): the metrics, always with every member
 */
JsonObject *
debrief_feedback_measure (GPtrArray *chunks,
                          double     call_seconds)
{
  g_autoptr(JsonObject) metrics = json_object_new ();
  g_autoptr(GArray) utterances = NULL;
  g_autoptr(GArray) user_spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) other_spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gint64 limit_ms = call_seconds > 0 ? (gint64) (call_seconds * 1000) : G_MAXINT64;
  gint64 run_start = 0;
  gint64 run_end = 0;
  gboolean in_run = FALSE;
  gint64 longest_ms = 0;
  gint64 user_ms;
  gint64 other_ms;
  guint words = 0;
  guint questions = 0;
  guint coach_turns = 0;
  guint interruptions = 0;

  g_return_val_if_fail (chunks != NULL, NULL);

  utterances = debrief_call_list_utterances (chunks);
  for (guint i = 0; i < utterances->len; i++)
    {
      const DebriefUtterance *u = &g_array_index (utterances, DebriefUtterance, i);
      Span span = { u->start_ms, MIN (u->end_ms, limit_ms) };

      if (u->speaker == DEBRIEF_SPEAKER_AGENT)
        {
          coach_turns++;
          span.end_ms = MIN (span.end_ms, u->start_ms + reply_length_ms (u->chunk));
        }

      if (u->speaker != DEBRIEF_SPEAKER_USER)
        {
          in_run = FALSE;
          if (span.end_ms > span.start_ms)
            g_array_append_val (other_spans, span);
          continue;
        }

      words += count_words (u->text);
      questions += count_questions (u->text);
      if (span.end_ms <= span.start_ms)
        continue;

      g_array_append_val (user_spans, span);
      if (!in_run)
        {
          in_run = TRUE;
          run_start = span.start_ms;
          run_end = span.end_ms;
        }
      run_start = MIN (run_start, span.start_ms);
      run_end = MAX (run_end, span.end_ms);
      longest_ms = MAX (longest_ms, run_end - run_start);
    }

  /* A reply is cut short when the user's next words come before its end. */
  for (guint i = 0; i < chunks->len; i++)
    {
      const DebriefChunk *chunk = g_ptr_array_index (chunks, i);

      if (chunk->ai_text_response == NULL || *chunk->ai_text_response == '\0')
        continue;

      for (guint j = i + 1; j < chunks->len; j++)
        {
          const DebriefChunk *next = g_ptr_array_index (chunks, j);

          if (next->user_transcript == NULL || *next->user_transcript == '\0' ||
              next->speaker != DEBRIEF_SPEAKER_USER)
            continue;

          interruptions += next->start_ms < chunk->end_ms + reply_length_ms (chunk);
          break;
        }
    }

  user_ms = covered_ms (user_spans);
  other_ms = covered_ms (other_spans);

  json_object_set_double_member (metrics, "talk_ratio",
                                 user_ms + other_ms > 0 ? round_to ((double) user_ms / (user_ms + other_ms), 0.001) : 0);
  json_object_set_double_member (metrics, "longest_monologue_seconds", round_to (longest_ms / 1000.0, 0.1));
  json_object_set_int_member (metrics, "questions_asked", questions);
  json_object_set_double_member (metrics, "words_per_minute",
                                 user_ms > 0 ? round_to (words / (user_ms / 60000.0), 0.1) : 0);
  json_object_set_int_member (metrics, "user_words", words);
  json_object_set_double_member (metrics, "user_speaking_seconds", round_to (user_ms / 1000.0, 0.1));
  json_object_set_double_member (metrics, "coach_speaking_seconds", round_to (other_ms / 1000.0, 0.1));
  json_object_set_int_member (metrics, "coach_turns", coach_turns);
  json_object_set_int_member (metrics, "interruptions", interruptions);
  json_object_set_double_member (metrics, "call_seconds", MAX (call_seconds, 0));

  return g_steal_pointer (&metrics);
}

/* Asking the model */

static JsonObject *
make_message (const char *role,
              const char *content)
{
  JsonObject *message = json_object_new ();

  json_object_set_string_member (message, "role", role);
  json_object_set_string_member (message, "content", content);

  return message;
}

/* The end of @transcript, at most @max_chars characters from a line's start
 * when one is in reach; %NULL when all of it fits. */
static const char *
transcript_tail (const char *transcript,
                 glong       max_chars)
{
  glong length = g_utf8_strlen (transcript, -1);
  const char *tail;
  const char *line;

  if (length <= max_chars)
    return NULL;

  tail = g_utf8_offset_to_pointer (transcript, length - max_chars);
  line = strchr (tail, '\n');

  return line != NULL && line[1] != '\0' ? line + 1 : tail;
}

/**
 * debrief_feedback_build_messages:
 * @agent_system_prompt: (nullable): how the coach was told to coach during the call
 * @chunks: (element-type DebriefChunk): the call's chunks, in order
 * @language: (nullable): the call's language (a name or a code such as "es")
 *
 * The chat messages that ask for the feedback: a system message with the
 * coach's own instructions and what to answer (one JSON object with
 * "summary", a string, and "strengths", "improvements" and "next_steps",
 * arrays of short strings), then a user message with the transcript as
 * "[mm:ss] You: …" and "[mm:ss] Coach: …" lines. Of a long call only the
 * last %DEBRIEF_FEEDBACK_TRANSCRIPT_MAX_CHARS characters are sent, and the
 * message says that the beginning is left out.
 *
 * The instructions are for the model and stay in English; it is told to
 * answer in @language, or in the language of the call.
 *
 * Returns: (transfer full): the messages, as OpenAI-compatible chat
 *   completions take them ({"role", "content"} objects)
 */
JsonArray *
debrief_feedback_build_messages (const char *agent_system_prompt,
                                 GPtrArray  *chunks,
                                 const char *language)
{
  g_autoptr(JsonArray) messages = json_array_new ();
  g_autoptr(GString) system = g_string_new (NULL);
  g_autoptr(GString) user = g_string_new (NULL);
  g_autofree char *transcript = NULL;
  const char *you = debrief_speaker_label (DEBRIEF_SPEAKER_USER);
  const char *coach = debrief_speaker_label (DEBRIEF_SPEAKER_AGENT);
  const char *tail;

  g_return_val_if_fail (chunks != NULL, NULL);

  if (agent_system_prompt != NULL && *agent_system_prompt != '\0')
    g_string_append_printf (system,
                            "During the call you coached by these instructions:\n\n%s\n\n"
                            "The call has now ended; the instructions below replace them.\n\n",
                            agent_system_prompt);

  g_string_append (system,
                   "You are the coach who just held the coaching call below. Give the person "
                   "feedback on how they did. Answer with one JSON object and nothing else: no "
                   "code fences, no text before or after it. Its keys:\n"
                   "- \"summary\": a string of two to four sentences on how the call went;\n"
                   "- \"strengths\": an array of short strings, what the person did well;\n"
                   "- \"improvements\": an array of short strings, what they should do better;\n"
                   "- \"next_steps\": an array of short strings, concrete things to practise or do next.\n"
                   "Keep each item to one sentence, at most five items per array. Speak to the "
                   "person as \"you\". Use only what the transcript shows; do not invent.\n");
  if (language != NULL && *language != '\0')
    g_string_append_printf (system,
                            "Write every string in the language of the call: %s. Keep the keys in English.\n",
                            language);
  else
    g_string_append (system,
                     "Write every string in the language the person spoke in the call. Keep the keys in English.\n");

  transcript = debrief_call_compile_transcript (chunks);
  tail = transcript_tail (transcript, DEBRIEF_FEEDBACK_TRANSCRIPT_MAX_CHARS);

  g_string_append_printf (user, "Transcript of the call. Lines \"%s: …\" are the person, lines \"%s: …\" are you.\n",
                          you, coach);
  if (tail != NULL)
    g_string_append_printf (user,
                            "The call was long: only its last %d characters are below, its beginning is left out.\n",
                            DEBRIEF_FEEDBACK_TRANSCRIPT_MAX_CHARS);
  g_string_append_c (user, '\n');
  if (*transcript == '\0')
    g_string_append (user, "(Nothing was said in the call.)\n");
  else
    g_string_append (user, tail != NULL ? tail : transcript);

  json_array_add_object_element (messages, make_message ("system", system->str));
  json_array_add_object_element (messages, make_message ("user", user->str));

  return g_steal_pointer (&messages);
}

/* Reading the model's answer */

/* Where the object opening at @start closes, strings and escapes skipped;
 * %NULL when it never does (a reply cut off). */
static const char *
find_object_end (const char *start)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (const char *p = start; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{')
        depth++;
      else if (*p == '}' && --depth == 0)
        return p;
    }

  return NULL;
}

/* A reply is a few kilobytes; this bounds the work on a pathological one. */
#define MAX_OBJECTS_TRIED 64

/* "Next Steps", "next-steps" and "nextSteps" all read "next_steps" */
static char *
normalize_key (const char *key)
{
  char *normal = g_ascii_strdown (key, -1);

  g_strdelimit (normal, " -", '_');
  return normal;
}

static const struct
{
  const char *name;
  gboolean    is_list;
  const char *aliases[4];
} fields[] = {
  { "summary", FALSE, { "summary", "overview", NULL } },
  { "strengths", TRUE, { "strengths", "strength", NULL } },
  { "improvements", TRUE, { "improvements", "areas_for_improvement", "improvement", NULL } },
  { "next_steps", TRUE, { "next_steps", "suggested_next_steps", "nextsteps", NULL } },
};

static JsonNode *
find_field (JsonObject *object,
            guint       field)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (guint a = 0; fields[field].aliases[a] != NULL; a++)
    for (GList *l = members; l != NULL; l = l->next)
      {
        g_autofree char *key = normalize_key (l->data);

        if (g_str_equal (key, fields[field].aliases[a]))
          return json_object_get_member (object, l->data);
      }

  return NULL;
}

/* A string, trimmed; %NULL for anything else or nothing */
static char *
dup_text (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  text = g_strstrip (g_strdup (json_node_get_string (node)));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The feedback's fields in @object, each of the expected type: a list
 * given as one string becomes a list of one, items that are no string are
 * left out; %NULL when none is there. */
static JsonObject *
read_feedback (JsonObject *object)
{
  g_autoptr(JsonObject) feedback = json_object_new ();

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      JsonNode *node = find_field (object, f);
      g_autoptr(JsonArray) items = json_array_new ();

      if (node == NULL)
        continue;

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *item = dup_text (json_array_get_element (array, i));

              if (item != NULL)
                json_array_add_string_element (items, item);
            }
        }
      else
        {
          g_autofree char *text = dup_text (node);

          if (text != NULL)
            json_array_add_string_element (items, text);
        }

      if (json_array_get_length (items) == 0)
        continue;

      if (fields[f].is_list)
        json_object_set_array_member (feedback, fields[f].name, g_steal_pointer (&items));
      else
        {
          g_autoptr(GString) summary = g_string_new (NULL);

          /* A summary given as sentences in an array reads as one text. */
          for (guint i = 0; i < json_array_get_length (items); i++)
            g_string_append_printf (summary, "%s%s", i > 0 ? " " : "", json_array_get_string_element (items, i));
          json_object_set_string_member (feedback, fields[f].name, summary->str);
        }
    }

  return json_object_get_size (feedback) > 0 ? g_steal_pointer (&feedback) : NULL;
}

/**
 * debrief_feedback_parse:
 * @reply: what the chat model answered
 * @error: return location for a #GError
 *
 * Reads the feedback from a model's answer, as models give it: the object
 * may be wrapped in ```json fences, in text, or in another object
 * ({"feedback": {…}}); "suggested_next_steps", "next steps" and other
 * spellings read as "next_steps"; a string where a list belongs is a list
 * of one; items that are not strings are left out. Only the feedback's
 * fields are kept: "summary" (a string), "strengths", "improvements" and
 * "next_steps" (arrays of strings), those that have something.
 *
 * Returns: (transfer full): the feedback, or %NULL with a
 *   %DEBRIEF_FEEDBACK_ERROR when the answer has no summary and no list
 */
JsonObject *
debrief_feedback_parse (const char  *reply,
                        GError     **error)
{
  g_autofree char *excerpt = NULL;
  gboolean found_object = FALSE;
  gboolean cut_off = FALSE;
  guint tries = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  excerpt = g_strstrip (g_strdup (reply != NULL ? reply : ""));
  if (*excerpt == '\0')
    {
      g_set_error_literal (error, DEBRIEF_FEEDBACK_ERROR, DEBRIEF_FEEDBACK_ERROR_EMPTY,
                           _("The model answered with nothing"));
      return NULL;
    }

  /* Each object in turn, nested ones too, until one holds feedback; a
   * brace in the text around it that never closes is passed over. */
  for (const char *start = strchr (reply, '{');
       start != NULL && tries < MAX_OBJECTS_TRIED;
       start = strchr (start + 1, '{'), tries++)
    {
      const char *end = find_object_end (start);
      g_autofree char *candidate = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *feedback;

      if (end == NULL)
        {
          cut_off = TRUE;
          continue;
        }

      candidate = g_strndup (start, end - start + 1);
      node = json_from_string (candidate, NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;

      found_object = TRUE;
      feedback = read_feedback (json_node_get_object (node));
      if (feedback != NULL)
        return feedback;
    }

  if (found_object)
    {
      g_set_error_literal (error, DEBRIEF_FEEDBACK_ERROR, DEBRIEF_FEEDBACK_ERROR_INCOMPLETE,
                           _("The model’s feedback has no summary, strengths, improvements or next steps"));
      return NULL;
    }

  /* What the model said instead, shortened to a line */
  g_strdelimit (excerpt, "\r\n\t", ' ');
  if (g_utf8_strlen (excerpt, -1) > 80)
    *g_utf8_offset_to_pointer (excerpt, 80) = '\0';
  g_strchomp (excerpt);

  if (cut_off)
    g_set_error (error, DEBRIEF_FEEDBACK_ERROR, DEBRIEF_FEEDBACK_ERROR_NOT_JSON,
                 _("The model’s feedback was cut off before its end: “%s…”"), excerpt);
  else
    g_set_error (error, DEBRIEF_FEEDBACK_ERROR, DEBRIEF_FEEDBACK_ERROR_NOT_JSON,
                 _("The model did not answer with feedback in JSON: “%s”"), excerpt);
  return NULL;
}

/* Keeping it */

/**
 * debrief_feedback_compose:
 * @model_feedback: (nullable): what debrief_feedback_parse() read, or %NULL
 *   when the model failed
 * @metrics: what debrief_feedback_measure() counted
 * @model_error: (nullable): why the model failed
 *
 * The document kept in calls.feedback_json and archive.json: the model's
 * fields at the top level, "metrics" always, and, only when there is no
 * @model_feedback, "error" with @model_error (or a general reason), so that
 * the recording page can say why the coach's part is missing.
 *
 * Returns: (transfer full): the document, compact JSON
 */
char *
debrief_feedback_compose (JsonObject *model_feedback,
                          JsonObject *metrics,
                          const char *model_error)
{
  g_autoptr(JsonObject) document = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (metrics != NULL, NULL);

  if (model_feedback != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (model_feedback);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "metrics") && !g_str_equal (l->data, "error"))
          json_object_set_member (document, l->data, json_node_copy (json_object_get_member (model_feedback, l->data)));
    }

  json_object_set_object_member (document, "metrics", json_object_ref (metrics));

  if (model_feedback == NULL)
    json_object_set_string_member (document, "error",
                                   model_error != NULL && *model_error != '\0'
                                   ? model_error : _("The coach gave no feedback"));

  json_node_set_object (root, document);
  return json_to_string (root, FALSE);
}

/**
 * debrief_feedback_store:
 * @store: the store
 * @call_id: the call the feedback is about
 * @feedback_json: debrief_feedback_compose()'s document
 * @data_dir: the data folder
 * @error: return location for a #GError
 *
 * Keeps @feedback_json in the call's row, then writes the call's
 * archive.json again (`DATA_DIR/calls/{id}/archive.json`) with it as
 * "feedback". The row is saved first, so a failure to write the archive
 * loses nothing; the call is found, never created.
 *
 * Returns: %TRUE when both were written
 */
gboolean
debrief_feedback_store (DebriefStore  *store,
                        const char    *call_id,
                        const char    *feedback_json,
                        const char    *data_dir,
                        GError       **error)
{
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *archive = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);
  g_return_val_if_fail (feedback_json != NULL, FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);

  document = json_from_string (feedback_json, NULL);
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error_literal (error, DEBRIEF_FEEDBACK_ERROR, DEBRIEF_FEEDBACK_ERROR_INVALID,
                           _("The feedback to keep is not a JSON object"));
      return FALSE;
    }

  call = debrief_store_get_call (store, call_id, error);
  if (call == NULL)
    return FALSE;

  g_free (call->feedback_json);
  call->feedback_json = g_strdup (feedback_json);
  if (!debrief_store_save_call (store, call, error))
    return FALSE;

  chunks = debrief_store_list_chunks (store, call->id, error);
  if (chunks == NULL)
    return FALSE;

  dir = debrief_call_get_dir (call, data_dir);
  archive = g_build_filename (dir, "archive.json", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  return debrief_call_write_archive (call, chunks, archive, error);
}
