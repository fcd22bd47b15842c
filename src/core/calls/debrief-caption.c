/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-caption.c: the text sent with a recording, filled in from a template */

#define G_LOG_DOMAIN "debrief-caption"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "debrief-caption.h"

/* @text without the spaces around it, or %NULL when nothing is left */
static char *
dup_stripped (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

static char *
dup_name (const DebriefLead *lead)
{
  char *name = lead != NULL ? dup_stripped (lead->name) : NULL;

  /* Translators: the contact's name in a WhatsApp caption when there is
   * none, as in “Hi {name}” → “Hi there” */
  return name != NULL ? name : g_strdup (_("there"));
}

static char *
dup_title (const DebriefCall *call)
{
  char *title = call != NULL ? dup_stripped (call->title) : NULL;

  /* Translators: the call's title in a WhatsApp caption when it has none,
   * as in “the recording of “{title}”” */
  return title != NULL ? title : g_strdup (_("our call"));
}

static char *
dup_date (const DebriefCall *call)
{
  g_autoptr(GDateTime) date = NULL;
  gint64 when = call == NULL ? 0 : call->started_at != 0 ? call->started_at : call->created_at;

  /* A call that has not started yet is sent about today. */
  if (when != 0)
    date = g_date_time_new_from_unix_local (when / G_USEC_PER_SEC);
  if (date == NULL)
    date = g_date_time_new_now_local ();

  /* Translators: the date of a call in a WhatsApp caption, e.g. “21 November
   * 2026”; see the GLib g_date_time_format() documentation for the codes */
  /* xgettext:no-c-format */
  return g_date_time_format (date, _("%-d %B %Y"));
}

/**
 * debrief_caption_fill:
 * @template: the caption as the person wrote it, such as
 *   "Hi {name}, here is the recording of “{title}” from {date}."
 * @lead: (nullable): the contact it goes to
 * @call: (nullable): the call whose recording it goes with; without
 *   one, {title} is "our call" and {date} today
 *
 * Replaces {name} with the contact's name ("there" without one), {title}
 * with the call's title ("our call" without one) and {date} with the day
 * the call started, in local time. Anything else in braces, and braces on
 * their own, stay as typed; the names and titles put in are not read for
 * placeholders again.
 *
 * Returns: (transfer full): the caption
 */
char *
debrief_caption_fill (const char        *template,
                      const DebriefLead *lead,
                      const DebriefCall *call)
{
  g_autoptr(GString) caption = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  const char *p;

  g_return_val_if_fail (template != NULL, NULL);

  caption = g_string_sized_new (strlen (template) + 32);
  p = template;
  while (*p != '\0')
    {
      const char *brace = strchr (p, '{');

      if (brace == NULL)
        {
          g_string_append (caption, p);
          break;
        }

      g_string_append_len (caption, p, brace - p);
      p = brace + 1;

      /* Each value is worked out once, when the template first asks for it. */
      if (g_str_has_prefix (brace, "{name}"))
        {
          if (name == NULL)
            name = dup_name (lead);
          g_string_append (caption, name);
          p = brace + strlen ("{name}");
        }
      else if (g_str_has_prefix (brace, "{title}"))
        {
          if (title == NULL)
            title = dup_title (call);
          g_string_append (caption, title);
          p = brace + strlen ("{title}");
        }
      else if (g_str_has_prefix (brace, "{date}"))
        {
          if (date == NULL)
            date = dup_date (call);
          g_string_append (caption, date);
          p = brace + strlen ("{date}");
        }
      else
        {
          g_string_append_c (caption, '{');
        }
    }

  return g_string_free (g_steal_pointer (&caption), FALSE);
}
