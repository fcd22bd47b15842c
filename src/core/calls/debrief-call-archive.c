/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-archive.c: a call's transcript as text, and its archive.json */

#define G_LOG_DOMAIN "debrief-call"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "debrief-call-archive.h"
#include "debrief-records-json.h"

/**
 * debrief_speaker_label:
 * @speaker: who spoke
 *
 * Returns: how a transcript names @speaker: "You", "Coach" or "Other side"
 */
const char *
debrief_speaker_label (DebriefSpeaker speaker)
{
  switch (speaker)
    {
    case DEBRIEF_SPEAKER_REMOTE:
      return _("Other side");
    case DEBRIEF_SPEAKER_AGENT:
      return _("Coach");
    case DEBRIEF_SPEAKER_USER:
    default:
      return _("You");
    }
}

/**
 * debrief_call_list_utterances:
 * @chunks: (element-type DebriefChunk): a call's chunks, in order
 *
 * What a person said and, in coaching calls, the coach's reply, in order,
 * each with when it started and ended. A reply runs until the next turn
 * starts, or for a reading time of its own after the last one.
 *
 * Returns: (transfer full) (element-type DebriefUtterance): the utterances;
 *   their text and chunk belong to @chunks
 */
GArray *
debrief_call_list_utterances (GPtrArray *chunks)
{
  GArray *utterances = g_array_new (FALSE, TRUE, sizeof (DebriefUtterance));

  g_return_val_if_fail (chunks != NULL, utterances);

  for (guint i = 0; i < chunks->len; i++)
    {
      const DebriefChunk *chunk = g_ptr_array_index (chunks, i);
      const DebriefChunk *next = i + 1 < chunks->len ? g_ptr_array_index (chunks, i + 1) : NULL;

      if (chunk->user_transcript != NULL && *chunk->user_transcript != '\0')
        {
          DebriefUtterance said = {
            .start_ms = chunk->start_ms,
            .end_ms = MAX (chunk->end_ms, chunk->start_ms + 500),
            .speaker = chunk->speaker == DEBRIEF_SPEAKER_REMOTE ? DEBRIEF_SPEAKER_REMOTE : DEBRIEF_SPEAKER_USER,
            .text = chunk->user_transcript,
            .chunk = chunk,
          };

          g_array_append_val (utterances, said);
        }

      if (chunk->ai_text_response != NULL && *chunk->ai_text_response != '\0')
        {
          gint64 reading_ms = MAX (2000, 60 * (gint64) g_utf8_strlen (chunk->ai_text_response, -1));
          DebriefUtterance reply = {
            .start_ms = chunk->end_ms,
            .end_ms = next != NULL && next->start_ms > chunk->end_ms ? next->start_ms : chunk->end_ms + reading_ms,
            .speaker = DEBRIEF_SPEAKER_AGENT,
            .text = chunk->ai_text_response,
            .chunk = chunk,
          };

          g_array_append_val (utterances, reply);
        }
    }

  return utterances;
}

typedef void (*UtteranceFunc) (gint64      start_ms,
                               gint64      end_ms,
                               const char *speaker,
                               const char *line,
                               gpointer    data);

static void
each_utterance (GPtrArray     *chunks,
                UtteranceFunc  func,
                gpointer       data)
{
  g_autoptr(GArray) utterances = debrief_call_list_utterances (chunks);

  for (guint i = 0; i < utterances->len; i++)
    {
      const DebriefUtterance *u = &g_array_index (utterances, DebriefUtterance, i);

      func (u->start_ms, u->end_ms, debrief_speaker_label (u->speaker), u->text, data);
    }
}

static void
append_line (gint64      start_ms,
             gint64      end_ms,
             const char *speaker,
             const char *line,
             gpointer    data)
{
  gint64 s = start_ms / 1000;

  g_string_append_printf (data, "[%02d:%02d] %s: %s\n", (int) (s / 60), (int) (s % 60), speaker, line);
}

/**
 * debrief_call_compile_transcript:
 * @chunks: (element-type DebriefChunk): a call's chunks, in order
 *
 * Returns: (transfer full): one line per utterance, "[mm:ss] Speaker: text"
 */
char *
debrief_call_compile_transcript (GPtrArray *chunks)
{
  GString *text = g_string_new (NULL);

  each_utterance (chunks, append_line, text);

  return g_string_free (text, FALSE);
}

static void
append_srt_time (GString *text,
                 gint64   ms)
{
  g_string_append_printf (text, "%02d:%02d:%02d,%03d", (int) (ms / 3600000), (int) (ms / 60000 % 60),
                          (int) (ms / 1000 % 60), (int) (ms % 1000));
}

typedef struct
{
  GString *text;
  guint    number;
} Subtitles;

static void
append_cue (gint64      start_ms,
            gint64      end_ms,
            const char *speaker,
            const char *line,
            gpointer    data)
{
  Subtitles *subtitles = data;

  g_string_append_printf (subtitles->text, "%u\n", ++subtitles->number);
  append_srt_time (subtitles->text, start_ms);
  g_string_append (subtitles->text, " --> ");
  append_srt_time (subtitles->text, end_ms);
  g_string_append_printf (subtitles->text, "\n%s: %s\n\n", speaker, line);
}

/**
 * debrief_call_compile_subtitles:
 * @chunks: (element-type DebriefChunk): a call's chunks, in order
 *
 * Returns: (transfer full): the transcript as SubRip (.srt) cues, each
 *   labelled with its speaker, timed from the start of the recording
 */
char *
debrief_call_compile_subtitles (GPtrArray *chunks)
{
  Subtitles subtitles = { g_string_new (NULL), 0 };

  each_utterance (chunks, append_cue, &subtitles);

  return g_string_free (subtitles.text, FALSE);
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *chunks,
                  gsize        member)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < chunks->len; i++)
    {
      const char *value = *(const char **) ((const guint8 *) g_ptr_array_index (chunks, i) + member);

      if (value != NULL)
        json_builder_add_string_value (builder, value);
    }
  json_builder_end_array (builder);
}

/**
 * debrief_call_compile_archive:
 * @call: a call
 * @chunks: (element-type DebriefChunk): its chunks, in order
 *
 * Returns: (transfer full): the call's archive.json: the call, its
 *   transcript with speakers, the audio files, the notes and a slot for the
 *   coach's feedback
 */
char *
debrief_call_compile_archive (const DebriefCall *call,
                              GPtrArray         *chunks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *transcript = debrief_call_compile_transcript (chunks);
  JsonNode *feedback = NULL;

  g_return_val_if_fail (call != NULL && chunks != NULL, NULL);

  if (call->feedback_json != NULL)
    feedback = json_from_string (call->feedback_json, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "call");
  json_builder_add_value (builder, debrief_call_to_json (call, NULL));

  json_builder_set_member_name (builder, "transcript");
  json_builder_begin_array (builder);
  for (guint i = 0; i < chunks->len; i++)
    json_builder_add_value (builder, debrief_chunk_to_json (g_ptr_array_index (chunks, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "transcript_text");
  json_builder_add_string_value (builder, transcript);

  json_builder_set_member_name (builder, "audio");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "recording");
  if (call->recording_path != NULL)
    json_builder_add_string_value (builder, call->recording_path);
  else
    json_builder_add_null_value (builder);
  add_string_array (builder, "ai_chunks", chunks, G_STRUCT_OFFSET (DebriefChunk, ai_audio_path));
  add_string_array (builder, "user_chunks", chunks, G_STRUCT_OFFSET (DebriefChunk, user_audio_path));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "notes");
  json_builder_add_string_value (builder, call->call_notes != NULL ? call->call_notes : "");
  json_builder_set_member_name (builder, "feedback");
  if (feedback != NULL)
    json_builder_add_value (builder, feedback);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * debrief_call_write_archive:
 * @call: a call
 * @chunks: (element-type DebriefChunk): its chunks, in order
 * @path: where to write archive.json
 * @error: return location for a #GError
 *
 * Writes debrief_call_compile_archive() to @path.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_call_write_archive (const DebriefCall  *call,
                            GPtrArray          *chunks,
                            const char         *path,
                            GError            **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (call != NULL && chunks != NULL && path != NULL, FALSE);

  text = debrief_call_compile_archive (call, chunks);
  if (!g_file_set_contents (path, text, -1, error))
    {
      g_prefix_error (error, _("Could not write the call's archive: "));
      return FALSE;
    }

  return TRUE;
}
