/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-calls.c: debrief-cli calls list|show|delete */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "debrief-cleanup.h"
#include "debrief-cli.h"
#include "debrief-paths.h"
#include "debrief-records-json.h"
#include "debrief-storage-config.h"

#define LIST_PAGE 1000

static char *
format_local_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (usec == 0)
    return g_strdup ("-");

  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_duration (double seconds)
{
  gint64 total = (gint64) (seconds + 0.5);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                          total / 3600, (int) (total % 3600) / 60, (int) (total % 60));
}

static int
calls_list (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(JsonArray) array = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Lists the calls, newest first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return debrief_cli_fail (_("calls list takes no arguments; did you mean “calls show %s”?"), argv[1]);

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  if (json)
    array = json_array_new ();

  for (guint offset = 0;; offset += LIST_PAGE)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) calls = debrief_store_list_calls (store, offset, LIST_PAGE, &error);

      if (calls == NULL)
        return debrief_cli_fail_error (error);

      for (guint i = 0; i < calls->len; i++)
        {
          DebriefCall *call = g_ptr_array_index (calls, i);

          if (json)
            {
              json_array_add_element (array, debrief_call_to_json (call, NULL));
            }
          else
            {
              g_autofree char *started = format_local_time (call->started_at);
              g_autofree char *duration = format_duration (call->duration_seconds);

              g_print ("%s  %s  %s  %-8s  %-6s  %s\n", call->id, started, duration,
                       debrief_enum_to_nick (DEBRIEF_TYPE_CALL_KIND, call->kind),
                       debrief_enum_to_nick (DEBRIEF_TYPE_CALL_STATUS, call->status),
                       call->title != NULL ? call->title : "");
            }
        }

      if (calls->len < LIST_PAGE)
        break;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      debrief_cli_print_json (node);
    }

  return DEBRIEF_CLI_OK;
}

static void
print_call (const DebriefCall *call,
            GPtrArray         *chunks)
{
  g_autofree char *started = format_local_time (call->started_at);
  g_autofree char *ended = format_local_time (call->ended_at);
  g_autofree char *duration = format_duration (call->duration_seconds);

  g_print ("%-12s %s\n", _("Call:"), call->id);
  g_print ("%-12s %s\n", _("Title:"), call->title != NULL ? call->title : "");
  g_print ("%-12s %s\n", _("Kind:"), debrief_enum_to_nick (DEBRIEF_TYPE_CALL_KIND, call->kind));
  g_print ("%-12s %s\n", _("Status:"), debrief_enum_to_nick (DEBRIEF_TYPE_CALL_STATUS, call->status));
  g_print ("%-12s %s\n", _("Started:"), started);
  g_print ("%-12s %s\n", _("Ended:"), ended);
  g_print ("%-12s %s\n", _("Duration:"), duration);
  g_print ("%-12s $%.4f\n", _("Cost:"), call->cost_estimate);
  if (call->recording_path != NULL)
    g_print ("%-12s %s\n", _("Recording:"), call->recording_path);
  if (call->call_notes != NULL && *call->call_notes != '\0')
    g_print ("\n%s\n%s\n", _("Notes:"), call->call_notes);

  if (chunks->len > 0)
    g_print ("\n%s\n", _("Transcript:"));

  for (guint i = 0; i < chunks->len; i++)
    {
      DebriefChunk *chunk = g_ptr_array_index (chunks, i);
      gint64 s = chunk->start_ms / 1000;

      /* A turn holds what a person said and, in coaching calls, the coach's reply. */
      if (chunk->user_transcript != NULL)
        g_print ("[%02d:%02d] %s: %s\n", (int) (s / 60), (int) (s % 60),
                 chunk->speaker == DEBRIEF_SPEAKER_REMOTE ? _("Other side") : _("You"),
                 chunk->user_transcript);
      if (chunk->ai_text_response != NULL)
        g_print ("[%02d:%02d] %s: %s\n", (int) (s / 60), (int) (s % 60), _("Coach"),
                 chunk->ai_text_response);
    }
}

static int
calls_show (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Shows a call with its transcript."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    {
      fprintf (stderr, "debrief-cli: %s\n", _("calls show needs one call ID (see “debrief-cli calls list”)."));
      return DEBRIEF_CLI_USAGE;
    }

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  call = debrief_store_get_call (store, argv[1], &error);
  if (call == NULL)
    return debrief_cli_fail_error (error);

  chunks = debrief_store_list_chunks (store, call->id, &error);
  if (chunks == NULL)
    return debrief_cli_fail_error (error);

  if (json)
    {
      g_autoptr(JsonNode) node = debrief_call_to_json (call, chunks);
      debrief_cli_print_json (node);
    }
  else
    {
      print_call (call, chunks);
    }

  return DEBRIEF_CLI_OK;
}

static int
calls_delete (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = debrief_get_data_dir ();
  int status;

  g_option_context_set_summary (context,
                                _("Deletes a call for good: its copies in the cloud storage, its files "
                                  "and its rows. There is no undo."));
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("calls delete needs one call ID (see “debrief-cli calls list”)."));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  call = debrief_store_get_call (store, argv[1], &error);
  if (call == NULL)
    return debrief_cli_fail_error (error);

  if (!debrief_call_delete_for_good (store, settings, call->id, data_dir, NULL, &error))
    return debrief_cli_fail (_("%s. The call is hidden and is deleted when Debrief next starts, or run "
                               "this again."), error->message);

  return DEBRIEF_CLI_OK;
}

static void
print_calls_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: debrief-cli calls list [--json] | show ID [--json] | delete ID"));
  fprintf (stream, "  list    %s\n", _("List the calls, newest first"));
  fprintf (stream, "  show    %s\n", _("Show a call with its transcript"));
  fprintf (stream, "  delete  %s\n", _("Delete a call for good, here and in the cloud"));
}

int
debrief_cli_calls (int    argc,
                   char **argv)
{
  if (argc < 2)
    {
      print_calls_usage (stderr);
      return DEBRIEF_CLI_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_calls_usage (stdout);
      return DEBRIEF_CLI_OK;
    }

  if (g_str_equal (argv[1], "list"))
    return calls_list (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return calls_show (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "delete"))
    return calls_delete (argc - 1, argv + 1);

  fprintf (stderr, _("debrief-cli: unknown calls command “%s”. Use “list”, “show” or “delete”.\n"), argv[1]);
  return DEBRIEF_CLI_USAGE;
}
