/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recording-page-feedback.c: the coach's feedback on a coaching call, as the recording page shows it */

#define G_LOG_DOMAIN "debrief-recording"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-application.h"
#include "debrief-duration.h"
#include "debrief-json.h"
#include "debrief-recording-page-private.h"

/* Feedback: what the coach said about the call, and what was measured */

GtkWidget *
debrief_recording_page_make_info_row (const char *title,
                                      const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (row, "property");

  return row;
}

/* A number, or -1 when absent or not a number */
static double
number_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (type == G_TYPE_INT64)
    return (double) json_node_get_int (node);

  return -1;
}

static char *
bullets (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GString) text = g_string_new (NULL);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_string_append_printf (text, "%s• %s", text->len > 0 ? "\n" : "", json_node_get_string (item));
    }

  return text->len > 0 ? g_strdup (text->str) : NULL;
}

void
debrief_recording_page_show_feedback (DebriefRecordingPage *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *feedback;
  JsonObject *metrics;
  static const struct { const char *member; const char *title; } lists[] = {
    { "strengths", N_("Strengths") },
    { "improvements", N_("To Improve") },
    { "next_steps", N_("Next Steps") },
  };

  debrief_recording_page_clear_list (self->feedback_list);

  gtk_widget_set_visible (self->feedback_box, self->call->kind == DEBRIEF_CALL_KIND_COACHING ||
                          self->call->feedback_json != NULL);
  if (self->call->feedback_json == NULL)
    {
      GApplication *application = g_application_get_default ();

      if (DEBRIEF_IS_APPLICATION (application) &&
          debrief_application_get_feedback_pending (DEBRIEF_APPLICATION (application), self->call->id))
        gtk_list_box_append (self->feedback_list,
                             debrief_recording_page_make_info_row (_("Writing Feedback…"),
                                                                   _("The coach is going over the call; its feedback "
                                                                     "appears here in a moment.")));
      else
        gtk_list_box_append (self->feedback_list,
                             debrief_recording_page_make_info_row (_("No Feedback"),
                                                                   _("The coach gave no feedback for this call.")));
      return;
    }

  if (!json_parser_load_from_data (parser, self->call->feedback_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      gtk_list_box_append (self->feedback_list,
                           debrief_recording_page_make_info_row (_("Feedback Unreadable"),
                                                                 _("The feedback stored with this call is damaged; the call itself is intact.")));
      return;
    }

  feedback = json_node_get_object (json_parser_get_root (parser));
  /* The model failed: why, above what was measured without it */
  if (debrief_json_string_member (feedback, "error") != NULL)
    gtk_list_box_append (self->feedback_list,
                         debrief_recording_page_make_info_row (_("The Coach Could Not Write Feedback"),
                                                               debrief_json_string_member (feedback, "error")));
  if (debrief_json_string_member (feedback, "summary") != NULL)
    gtk_list_box_append (self->feedback_list,
                         debrief_recording_page_make_info_row (_("Summary"), debrief_json_string_member (feedback, "summary")));

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *text = bullets (feedback, lists[i].member);

      if (text != NULL)
        gtk_list_box_append (self->feedback_list, debrief_recording_page_make_info_row (_(lists[i].title), text));
    }

  metrics = json_object_has_member (feedback, "metrics") &&
    JSON_NODE_HOLDS_OBJECT (json_object_get_member (feedback, "metrics"))
            ? json_object_get_object_member (feedback, "metrics") : NULL;
  if (metrics != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      double talk_ratio = number_member (metrics, "talk_ratio");
      double monologue = number_member (metrics, "longest_monologue_seconds");
      gint64 questions = (gint64) number_member (metrics, "questions_asked");
      double wpm = number_member (metrics, "words_per_minute");

      if (talk_ratio >= 0)
        g_string_append_printf (text, _("You spoke %.0f %% of the time"), talk_ratio * 100);
      if (monologue >= 0)
        {
          g_autofree char *clock = debrief_duration_format_clock ((gint64) (monologue * 1000));

          g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", "");
          g_string_append_printf (text, _("Longest monologue: %s"), clock);
        }
      if (questions >= 0)
        {
          g_string_append (text, text->len > 0 ? "\n" : "");
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d question asked", "%d questions asked",
                                                     (gulong) questions), (int) questions);
        }
      if (wpm >= 0)
        {
          g_string_append (text, text->len > 0 ? "\n" : "");
          g_string_append_printf (text, _("%.0f words per minute"), wpm);
        }
      if (text->len > 0)
        gtk_list_box_append (self->feedback_list, debrief_recording_page_make_info_row (_("Measured"), text->str));
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->feedback_list)) == NULL)
    gtk_list_box_append (self->feedback_list,
                         debrief_recording_page_make_info_row (_("No Feedback"), _("The coach gave no feedback for this call.")));
}
