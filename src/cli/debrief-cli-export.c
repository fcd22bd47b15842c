/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-export.c: debrief-cli export: a call as one .zip */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "debrief-call-export.h"
#include "debrief-cli.h"

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  int *shown = user_data;
  int percent = (int) (fraction * 100);

  /* Whole tens only, and only on a terminal. */
  if (percent / 10 > *shown / 10 && isatty (fileno (stderr)))
    fprintf (stderr, "\r%3d %%", percent);
  *shown = percent;
}

typedef struct
{
  DebriefStore *store;
  const char   *call_id;
  const char   *output;
  GCancellable *cancellable;
  GError       *error;
  int           shown;
  gboolean      done;
  gboolean      ok;
} Export;

static gpointer
export_thread (gpointer data)
{
  Export *export = data;

  export->ok = debrief_call_export (export->store, export->call_id, export->output, progress_cb, &export->shown,
                                    export->cancellable, &export->error);
  g_atomic_int_set (&export->done, TRUE);
  g_main_context_wakeup (NULL);

  return NULL;
}

int
debrief_cli_export (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CALL_ID"));
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  Export export = { 0 };
  GThread *thread;
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The .zip to write"), N_("FILE.zip") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Writes a call's recording, the coach's audio, transcript.txt, transcript.srt, "
                                  "archive.json and notes.txt into one .zip. Ctrl+C stops and leaves no file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("export needs one call ID"));
  if (output == NULL)
    return debrief_cli_usage (_("export needs -o FILE.zip"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  call = debrief_store_get_call (store, argv[1], &error);
  if (call == NULL)
    return debrief_cli_fail_error (error);

  export.store = store;
  export.call_id = call->id;
  export.output = output;
  export.cancellable = cancellable;
  export.shown = -1;

  debrief_cli_cancel_on_signals (cancellable);
  thread = g_thread_new ("export", export_thread, &export);
  while (!g_atomic_int_get (&export.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  if (isatty (fileno (stderr)))
    fprintf (stderr, "\r");
  if (!export.ok)
    {
      status = debrief_cli_fail_error (export.error);
      g_clear_error (&export.error);
      return status;
    }

  g_print ("%s\n", output);
  return DEBRIEF_CLI_OK;
}
