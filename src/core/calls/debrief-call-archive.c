/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-archive.c: a call's transcript as text, and its archive.json */

#define G_LOG_DOMAIN "debrief-call"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "debrief-call-archive.h"
#include "debrief-records-json.h"

static const char *
speaker_label (DebriefSpeaker speaker)
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

static void
append_line (GString    *text,
             gint64      start_ms,
             const char *speaker,
             const char *line)
{
  gint64 s = start_ms / 1000;

  g_string_append_printf (text, "[%02d:%02d] %s: %s\n", (int) (s / 60), (int) (s % 60), speaker, line);
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

  for (guint i = 0; i < chunks->len; i++)
    {
      DebriefChunk *chunk = g_ptr_array_index (chunks, i);

      /* A turn holds what a person said and, in coaching calls, the coach's reply. */
      if (chunk->user_transcript != NULL && *chunk->user_transcript != '\0')
        append_line (text, chunk->start_ms,
                     speaker_label (chunk->speaker == DEBRIEF_SPEAKER_REMOTE ? DEBRIEF_SPEAKER_REMOTE
                                                                              : DEBRIEF_SPEAKER_USER),
                     chunk->user_transcript);
      if (chunk->ai_text_response != NULL && *chunk->ai_text_response != '\0')
        append_line (text, chunk->end_ms, speaker_label (DEBRIEF_SPEAKER_AGENT), chunk->ai_text_response);
    }

  return g_string_free (text, FALSE);
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
 * debrief_call_write_archive:
 * @call: the ended call
 * @chunks: (element-type DebriefChunk): its chunks
 * @path: where to write, usually `calls/{id}/archive.json`
 * @error: return location for a #GError
 *
 * Writes everything about the call that is worth keeping with its audio:
 * its metadata (the `calls` columns), the transcript with times and
 * speakers, the audio files, the notes and a slot for the coach's feedback.
 * The file is replaced atomically. Secrets are never in it.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_call_write_archive (const DebriefCall  *call,
                            GPtrArray          *chunks,
                            const char         *path,
                            GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *transcript = debrief_call_compile_transcript (chunks);
  JsonNode *feedback = NULL;

  g_return_val_if_fail (call != NULL && chunks != NULL && path != NULL, FALSE);

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
  text = json_generator_to_data (generator, NULL);

  if (!g_file_set_contents (path, text, -1, error))
    {
      g_prefix_error (error, _("Could not write the call's archive: "));
      return FALSE;
    }

  return TRUE;
}
