/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-import.c: debrief-cli import: audio files added to the library */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "debrief-call-import.h"
#include "debrief-cli.h"
#include "debrief-paths.h"
#include "debrief-records-json.h"
#include "debrief-storage-config.h"

int
debrief_cli_import (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE…"));
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonArray) imported = json_array_new ();
  g_autofree char *data_dir = debrief_get_data_dir ();
  g_autofree char *title = NULL;
  g_autofree char *lead = NULL;
  gboolean json = FALSE;
  guint failed = 0;
  int status;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The call's title (one file only)"), N_("T") },
    { "lead", 0, 0, G_OPTION_ARG_STRING, &lead, N_("The contact the call was with"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the new calls as JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Adds audio files to the library as recorded calls, each measured by decoding "
                                  "it and copied into the data folder; the originals stay. A file that is not "
                                  "audio is refused with the reason, and the others are still imported."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return debrief_cli_usage (_("import needs at least one file"));
  if (title != NULL && argc > 2)
    return debrief_cli_usage (_("--title names one file; import the files one at a time to title each"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;
  debrief_cli_cancel_on_signals (cancellable);

  for (int i = 1; i < argc && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DebriefCall) call = debrief_call_import (store, argv[i], title, lead,
                                                         debrief_storage_backend_from_config (settings), data_dir,
                                                         cancellable, &error);

      if (call == NULL)
        {
          debrief_cli_fail_error (error);
          failed++;
          continue;
        }

      if (json)
        json_array_add_element (imported, debrief_call_to_json (call, NULL));
      else
        g_print ("%s\t%s\t%.1f s\n", call->id, call->title, call->duration_seconds);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), imported);

      debrief_cli_print_json (node);
    }

  return failed == 0 && !g_cancellable_is_cancelled (cancellable) ? DEBRIEF_CLI_OK : DEBRIEF_CLI_ERROR;
}
