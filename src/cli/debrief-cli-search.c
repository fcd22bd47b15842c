/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-search.c: debrief-cli search QUERY */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "debrief-cli.h"
#include "debrief-records-json.h"

#define SEARCH_LIMIT 100

/* In a terminal the matches are bold; otherwise they are marked [like this]. */
static char *
format_snippet (const char *snippet,
                gboolean    tty)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = snippet; p != NULL && *p != '\0'; p++)
    {
      if (*p == DEBRIEF_SEARCH_MATCH_START[0])
        g_string_append (out, tty ? "\033[1m" : "[");
      else if (*p == DEBRIEF_SEARCH_MATCH_END[0])
        g_string_append (out, tty ? "\033[0m" : "]");
      else if (*p == '\n')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
debrief_cli_search (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("QUERY…"));
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  g_autoptr(JsonArray) array = NULL;
  gboolean json = FALSE;
  gboolean tty = isatty (STDOUT_FILENO);
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Finds the calls whose title, notes, transcript or conversations "
                                  "contain all the words of QUERY. Any text is accepted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* A query may start with "-", as in "-word": everything after the command
   * that is not a known option is the query. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    {
      fprintf (stderr, "debrief-cli: %s\n", _("search needs a query, as in “debrief-cli search pricing objection”."));
      return DEBRIEF_CLI_USAGE;
    }

  query = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (query, -1, NULL))
    return debrief_cli_fail (_("The query is not valid UTF-8 text."));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  hits = debrief_store_search (store, query, SEARCH_LIMIT, &error);
  if (hits == NULL)
    return debrief_cli_fail_error (error);

  if (json)
    array = json_array_new ();

  for (guint i = 0; i < hits->len; i++)
    {
      DebriefSearchHit *hit = g_ptr_array_index (hits, i);
      g_autoptr(DebriefCall) call = debrief_store_get_call (store, hit->call_id, NULL);

      if (json)
        {
          json_array_add_element (array, debrief_search_hit_to_json (hit, call));
        }
      else
        {
          g_autofree char *snippet = format_snippet (hit->snippet, tty);

          g_print ("%s  %s\n    %s\n", hit->call_id,
                   call != NULL && call->title != NULL ? call->title : "", snippet);
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      debrief_cli_print_json (node);
    }
  else if (hits->len == 0)
    {
      fprintf (stderr, "%s\n", _("No calls match."));
    }

  return DEBRIEF_CLI_OK;
}
