/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli.c: dispatching debrief-cli's subcommands, and the helpers they share */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib-unix.h>

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "debrief-cli.h"
#include "debrief-paths.h"

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  run;
  const char  *summary;
} Command;

static const Command commands[] = {
  { "calls",  debrief_cli_calls,  N_("List and show calls") },
  { "search", debrief_cli_search, N_("Search titles, notes, transcripts and conversations") },
  { "call",   debrief_cli_call,   N_("Hold a recorded call, stored in the library") },
  { "agents", debrief_cli_agents, N_("List, add, change and delete the AI coaches") },
  { "record", debrief_cli_record, N_("Record the microphone and the other side of a call") },
  { "probe",  debrief_cli_probe,  N_("Describe an audio file") },
  { "transcode", debrief_cli_transcode, N_("Convert an audio file, for WhatsApp or another format") },
  { "sync",   debrief_cli_sync,   N_("Upload ended calls to the cloud storage, send queued WhatsApp messages") },
  { "presign", debrief_cli_presign, N_("Print a link to a call's recording that expires") },
  { "cleanup", debrief_cli_cleanup, N_("Remove old free-plan recordings and failed empty calls") },
  { "migrate", debrief_cli_migrate, N_("Move calls kept on this computer to the cloud storage") },
  { "import", debrief_cli_import, N_("Add audio files to the library as recorded calls") },
  { "whatsapp", debrief_cli_whatsapp, N_("Send a call's recording to a WhatsApp number") },
  { "export", debrief_cli_export, N_("Write a call's recording, transcripts and notes into one .zip") },
};

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * debrief_cli_cancel_on_signals:
 * @cancellable: what Ctrl+C (SIGINT) and SIGTERM cancel from now on, for
 *   the rest of the command
 */
void
debrief_cli_cancel_on_signals (GCancellable *cancellable)
{
  g_unix_signal_add_full (G_PRIORITY_DEFAULT, SIGINT, cancel_cb, g_object_ref (cancellable), g_object_unref);
  g_unix_signal_add_full (G_PRIORITY_DEFAULT, SIGTERM, cancel_cb, g_object_ref (cancellable), g_object_unref);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: debrief-cli [--version] COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “debrief-cli COMMAND --help” for a command’s options. "
                               "DEBRIEF_DATA_DIR chooses the data folder."));
}

int
debrief_cli_run (int    argc,
                 char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("debrief-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return DEBRIEF_CLI_USAGE;
    }

  if (g_str_equal (argv[1], "--version") || g_str_equal (argv[1], "-V"))
    {
      g_print ("debrief-cli %s\n", PACKAGE_VERSION);
      return DEBRIEF_CLI_OK;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return DEBRIEF_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("debrief-cli: unknown command “%s”. Run “debrief-cli --help” to see the commands.\n"),
           argv[1]);
  return DEBRIEF_CLI_USAGE;
}

/**
 * debrief_cli_open_store:
 *
 * Opens the database of the data folder shared with the app, printing why
 * it cannot be opened.
 *
 * Returns: (transfer full) (nullable): the store
 */
/**
 * debrief_cli_settings:
 *
 * Returns: (transfer full) (nullable): the preferences, or %NULL when the
 *   schema is not installed (a build run in place without it)
 */
GSettings *
debrief_cli_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE)) == NULL)
    return NULL;

  return g_settings_new (BASE_ID);
}

DebriefStore *
debrief_cli_open_store (void)
{
  g_autofree char *path = debrief_get_database_path ();
  g_autoptr(GError) error = NULL;
  DebriefStore *store = debrief_store_open (path, NULL, &error);

  if (store == NULL)
    debrief_cli_fail_error (error);

  return store;
}

int
debrief_cli_fail (const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "debrief-cli: %s\n", message);
  return DEBRIEF_CLI_ERROR;
}

int
debrief_cli_fail_error (const GError *error)
{
  return debrief_cli_fail ("%s", error->message);
}

/**
 * debrief_cli_usage:
 * @message: what is wrong with the command line
 *
 * Returns: %DEBRIEF_CLI_USAGE, after printing @message
 */
int
debrief_cli_usage (const char *message)
{
  fprintf (stderr, "debrief-cli: %s\n", message);
  return DEBRIEF_CLI_USAGE;
}

/**
 * debrief_cli_parse:
 * @context: the subcommand's options
 * @argc: (inout): its arguments, the subcommand's name first
 * @argv: (inout): its arguments
 * @status: (out): the exit status when parsing failed
 *
 * Returns: %TRUE when the subcommand should run
 */
gboolean
debrief_cli_parse (GOptionContext   *context,
                   int              *argc,
                   char           ***argv,
                   int              *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "debrief-cli: %s. %s\n", error->message,
               _("Add --help to see the options."));
      *status = DEBRIEF_CLI_USAGE;
      return FALSE;
    }

  return TRUE;
}

void
debrief_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  g_print ("%s\n", text);
}
