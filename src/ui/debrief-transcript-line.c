/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-transcript-line.c: one line of a transcript: who spoke, when, and what they said */

#define G_LOG_DOMAIN "debrief-transcript"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-call-archive.h"
#include "debrief-duration.h"
#include "debrief-transcript-line.h"

struct _DebriefTranscriptLine
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *header_label;
  GtkLabel      *text_label;
  GtkButton     *play_button;

  char          *text;
  gint64         start_ms;
};

G_DEFINE_FINAL_TYPE (DebriefTranscriptLine, debrief_transcript_line, GTK_TYPE_LIST_BOX_ROW)

/**
 * debrief_transcript_line_new:
 * @speaker: who spoke
 * @start_ms: when, from the start of the recording
 * @text: what they said
 *
 * Returns: (transfer floating): a new transcript line
 */
GtkWidget *
debrief_transcript_line_new (DebriefSpeaker  speaker,
                             gint64          start_ms,
                             const char     *text)
{
  DebriefTranscriptLine *self = g_object_new (DEBRIEF_TYPE_TRANSCRIPT_LINE, NULL);
  g_autofree char *when = debrief_duration_format_clock (start_ms);
  g_autofree char *header = g_strdup_printf ("%s · %s", debrief_speaker_label (speaker), when);
  g_autofree char *description = g_strdup_printf ("%s, %s", debrief_speaker_label (speaker), when);

  self->text = g_strdup (text != NULL ? text : "");
  self->start_ms = start_ms;
  gtk_label_set_label (self->header_label, header);
  debrief_transcript_line_highlight (self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);

  return GTK_WIDGET (self);
}

gint64
debrief_transcript_line_get_start_ms (DebriefTranscriptLine *self)
{
  g_return_val_if_fail (DEBRIEF_IS_TRANSCRIPT_LINE (self), 0);

  return self->start_ms;
}

const char *
debrief_transcript_line_get_text (DebriefTranscriptLine *self)
{
  g_return_val_if_fail (DEBRIEF_IS_TRANSCRIPT_LINE (self), NULL);

  return self->text;
}

/**
 * debrief_transcript_line_append:
 * @self: a #DebriefTranscriptLine
 * @text: more of what is said, as it arrives
 */
void
debrief_transcript_line_append (DebriefTranscriptLine *self,
                                const char            *text)
{
  g_autofree char *old = NULL;

  g_return_if_fail (DEBRIEF_IS_TRANSCRIPT_LINE (self));

  old = g_steal_pointer (&self->text);
  self->text = g_strconcat (old, text, NULL);
  debrief_transcript_line_highlight (self, NULL);
}

/**
 * debrief_transcript_line_mark_interrupted:
 * @self: a #DebriefTranscriptLine
 *
 * Says that the line was cut short: the person spoke over the coach.
 */
void
debrief_transcript_line_mark_interrupted (DebriefTranscriptLine *self)
{
  g_autofree char *header = NULL;

  g_return_if_fail (DEBRIEF_IS_TRANSCRIPT_LINE (self));

  /* TRANSLATORS: after "Coach · 01:23", when the person spoke over the coach */
  header = g_strdup_printf ("%s · %s", gtk_label_get_label (self->header_label), _("interrupted"));
  gtk_label_set_label (self->header_label, header);
  gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "dim-label");
}

/**
 * debrief_transcript_line_set_selectable:
 * @self: a #DebriefTranscriptLine
 * @selectable: whether the text can be selected and copied
 *
 * A line that seeks when clicked keeps its text unselectable, so the
 * click reaches the row.
 */
void
debrief_transcript_line_set_selectable (DebriefTranscriptLine *self,
                                        gboolean               selectable)
{
  g_return_if_fail (DEBRIEF_IS_TRANSCRIPT_LINE (self));

  gtk_label_set_selectable (self->text_label, selectable);
}

/**
 * debrief_transcript_line_set_audio:
 * @self: a #DebriefTranscriptLine
 * @action_name: an action taking a string, activated with @path
 * @path: (nullable): the line's own audio, such as the coach's reply
 *
 * Shows a play button for the line's audio, or hides it when @path is %NULL.
 */
void
debrief_transcript_line_set_audio (DebriefTranscriptLine *self,
                                   const char            *action_name,
                                   const char            *path)
{
  g_return_if_fail (DEBRIEF_IS_TRANSCRIPT_LINE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->play_button), path != NULL);
  if (path != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->play_button), g_variant_new_string (path));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->play_button), path != NULL ? action_name : NULL);
}

/* Where @query starts in @p, compared without case; the end of the match
 * in @p, or NULL. */
static const char *
match_at (const char *p,
          const char *folded_query,
          glong       query_chars)
{
  const char *end = p;
  g_autofree char *folded = NULL;

  for (glong i = 0; i < query_chars; i++)
    {
      if (*end == '\0')
        return NULL;
      end = g_utf8_next_char (end);
    }

  folded = g_utf8_casefold (p, end - p);
  return g_str_equal (folded, folded_query) ? end : NULL;
}

/**
 * debrief_transcript_line_highlight:
 * @self: a #DebriefTranscriptLine
 * @query: (nullable): words to find, ignoring case
 *
 * Marks where @query occurs in the line's text.
 *
 * Returns: whether the line contains @query (always for an empty one)
 */
gboolean
debrief_transcript_line_highlight (DebriefTranscriptLine *self,
                                   const char            *query)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *folded_query = NULL;
  gboolean found = FALSE;
  glong query_chars;

  g_return_val_if_fail (DEBRIEF_IS_TRANSCRIPT_LINE (self), FALSE);

  if (query == NULL || *query == '\0' || !g_utf8_validate (query, -1, NULL))
    {
      g_autofree char *escaped = g_markup_escape_text (self->text, -1);

      gtk_label_set_markup (self->text_label, escaped);
      return TRUE;
    }

  folded_query = g_utf8_casefold (query, -1);
  query_chars = g_utf8_strlen (query, -1);

  for (const char *p = self->text; *p != '\0';)
    {
      const char *end = match_at (p, folded_query, query_chars);
      g_autofree char *escaped = NULL;

      if (end != NULL)
        {
          escaped = g_markup_escape_text (p, end - p);
          g_string_append_printf (markup, "<span weight=\"bold\" foreground=\"#000000\" background=\"#f8e45c\">%s</span>",
                                  escaped);
          found = TRUE;
          p = end;
        }
      else
        {
          end = g_utf8_next_char (p);
          escaped = g_markup_escape_text (p, end - p);
          g_string_append (markup, escaped);
          p = end;
        }
    }

  gtk_label_set_markup (self->text_label, markup->str);
  return found;
}

static void
debrief_transcript_line_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DEBRIEF_TYPE_TRANSCRIPT_LINE);

  G_OBJECT_CLASS (debrief_transcript_line_parent_class)->dispose (object);
}

static void
debrief_transcript_line_finalize (GObject *object)
{
  DebriefTranscriptLine *self = (DebriefTranscriptLine *) object;

  g_free (self->text);

  G_OBJECT_CLASS (debrief_transcript_line_parent_class)->finalize (object);
}

static void
debrief_transcript_line_class_init (DebriefTranscriptLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_transcript_line_dispose;
  object_class->finalize = debrief_transcript_line_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/transcript-line.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefTranscriptLine, header_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefTranscriptLine, text_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefTranscriptLine, play_button);
}

static void
debrief_transcript_line_init (DebriefTranscriptLine *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
