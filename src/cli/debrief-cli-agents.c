/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-agents.c: debrief-cli agents list|add|edit|delete: the AI coaches of coaching calls */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "debrief-agents.h"
#include "debrief-cli.h"
#include "debrief-storage-config.h"

/* What add and edit may set; NULL for what the command line leaves alone. */
typedef struct
{
  char     *name;
  char     *description;
  char     *prompt;
  char     *language;
  char     *status;
  char     *stt_model;
  char     *chat_model;
  char     *tts_model;
  char     *voice;
  char     *speed;
  char     *pitch;
  char     *stability;
  char     *similarity;
  gboolean  json;
} AgentOptions;

static void
agent_options_clear (AgentOptions *options)
{
  g_free (options->name);
  g_free (options->description);
  g_free (options->prompt);
  g_free (options->language);
  g_free (options->status);
  g_free (options->stt_model);
  g_free (options->chat_model);
  g_free (options->tts_model);
  g_free (options->voice);
  g_free (options->speed);
  g_free (options->pitch);
  g_free (options->stability);
  g_free (options->similarity);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AgentOptions, agent_options_clear)

static void
add_agent_entries (GOptionContext *context,
                   AgentOptions   *options,
                   gboolean        renames)
{
  const GOptionEntry entries[] = {
    { "description", 0, 0, G_OPTION_ARG_STRING, &options->description, N_("What the coach is for"), N_("TEXT") },
    { "prompt", 0, 0, G_OPTION_ARG_STRING, &options->prompt, N_("The system prompt the chat model follows"),
      N_("TEXT") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &options->language, N_("The language spoken, such as en or de"),
      N_("CODE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &options->status, N_("draft, active or inactive (default: draft)"),
      N_("STATUS") },
    { "stt-model", 0, 0, G_OPTION_ARG_STRING, &options->stt_model, N_("The speech-to-text model"), N_("MODEL") },
    { "chat-model", 0, 0, G_OPTION_ARG_STRING, &options->chat_model, N_("The chat model"), N_("MODEL") },
    { "tts-model", 0, 0, G_OPTION_ARG_STRING, &options->tts_model, N_("The text-to-speech model"), N_("MODEL") },
    { "voice", 0, 0, G_OPTION_ARG_STRING, &options->voice, N_("The text-to-speech voice"), N_("VOICE") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &options->speed, N_("How fast the coach speaks, 0.25 to 4 (default: 1)"),
      N_("X") },
    { "pitch", 0, 0, G_OPTION_ARG_STRING, &options->pitch, N_("Pitch in semitones, -12 to 12 (default: 0)"),
      N_("X") },
    { "stability", 0, 0, G_OPTION_ARG_STRING, &options->stability, N_("Voice stability, 0 to 1 (default: 0.5)"),
      N_("X") },
    { "similarity", 0, 0, G_OPTION_ARG_STRING, &options->similarity,
      N_("Voice similarity boost, 0 to 1 (default: 0.75)"), N_("X") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, N_("Print the coach as JSON"), NULL },
    { NULL }
  };
  const GOptionEntry rename_entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &options->name, N_("A new name"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (renames)
    g_option_context_add_main_entries (context, rename_entries, GETTEXT_PACKAGE);
}

static void
replace (char       **field,
         const char  *value)
{
  if (value == NULL)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

/* Reads --@option's number into @value, or says what is wrong with it. */
static gboolean
parse_number (const char *option,
              const char *text,
              double     *value,
              int        *status)
{
  char *end = NULL;
  double number;

  if (text == NULL)
    return TRUE;

  number = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (number))
    {
      g_autofree char *message = g_strdup_printf (_("--%s needs a number, not “%s”"), option, text);

      *status = debrief_cli_usage (message);
      return FALSE;
    }

  *value = number;
  return TRUE;
}

/* Applies the command line to @agent and @voice. */
static gboolean
apply_options (const AgentOptions   *options,
               DebriefAgent         *agent,
               DebriefVoiceSettings *voice,
               int                  *status)
{
  replace (&agent->name, options->name);
  replace (&agent->description, options->description);
  replace (&agent->system_prompt, options->prompt);
  replace (&agent->language, options->language);
  replace (&agent->stt_model, options->stt_model);
  replace (&agent->model_type, options->chat_model);
  replace (&agent->tts_model, options->tts_model);
  replace (&voice->voice_id, options->voice);

  if (options->status != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!debrief_agent_status_from_string (options->status, &agent->status, &error))
        {
          *status = debrief_cli_usage (error->message);
          return FALSE;
        }
    }

  return parse_number ("speed", options->speed, &voice->speed, status) &&
         parse_number ("pitch", options->pitch, &voice->pitch, status) &&
         parse_number ("stability", options->stability, &voice->stability, status) &&
         parse_number ("similarity", options->similarity, &voice->similarity_boost, status);
}

static void
print_agent_json (const DebriefAgent         *agent,
                  const DebriefVoiceSettings *voice)
{
  g_autoptr(JsonNode) node = debrief_agent_to_json (agent, voice);

  debrief_cli_print_json (node);
}

/* The local user's agent with the id or else the name @key. */
static DebriefAgent *
lookup_agent (DebriefStore  *store,
              const char    *key,
              GError       **error)
{
  g_autoptr(DebriefAgent) agent = debrief_store_get_agent (store, key, NULL);
  g_autoptr(GError) local_error = NULL;

  if (agent != NULL && g_strcmp0 (agent->user_id, debrief_store_get_user_id (store)) == 0)
    return g_steal_pointer (&agent);

  g_clear_pointer (&agent, debrief_agent_free);
  agent = debrief_store_find_agent (store, NULL, key, &local_error);
  if (agent != NULL)
    return g_steal_pointer (&agent);

  if (g_error_matches (local_error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
    g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND,
                 _("No coach with the name or id “%s” (see “debrief-cli agents list”)"), key);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return NULL;
}

/* The agent's voice settings, or new ones with the defaults when it has none. */
static DebriefVoiceSettings *
voice_of (DebriefStore        *store,
          GSettings           *settings,
          const DebriefAgent  *agent,
          GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  DebriefVoiceSettings *voice = debrief_store_get_voice_settings (store, agent->id, &local_error);

  if (voice != NULL)
    return voice;

  if (!g_error_matches (local_error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return debrief_voice_settings_new_with_defaults (settings);
}

static int
agents_list (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Lists the coaches by name: id, status, language, name and description."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return debrief_cli_usage (_("agents list takes no arguments"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  agents = debrief_store_list_agents (store, NULL, &error);
  if (agents == NULL)
    return debrief_cli_fail_error (error);

  if (json)
    array = json_array_new ();

  for (guint i = 0; i < agents->len; i++)
    {
      DebriefAgent *agent = g_ptr_array_index (agents, i);

      if (json)
        {
          g_autoptr(DebriefVoiceSettings) voice = debrief_store_get_voice_settings (store, agent->id, &error);

          if (voice == NULL && !g_error_matches (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
            return debrief_cli_fail_error (error);
          g_clear_error (&error);

          json_array_add_element (array, debrief_agent_to_json (agent, voice));
        }
      else
        {
          g_print ("%s  %-8s  %-5s  %s%s%s\n", agent->id,
                   debrief_enum_to_nick (DEBRIEF_TYPE_AGENT_STATUS, agent->status),
                   agent->language != NULL ? agent->language : "-",
                   agent->name,
                   agent->description != NULL ? " — " : "",
                   agent->description != NULL ? agent->description : "");
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      debrief_cli_print_json (node);
    }

  return DEBRIEF_CLI_OK;
}

static int
agents_add (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefAgent) agent = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AgentOptions) options = { 0 };
  int status;

  g_option_context_set_summary (context,
                                _("Adds a coach. Models and voice default to the preferences; prints the "
                                  "new coach’s id."));
  add_agent_entries (context, &options, FALSE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("agents add needs one name, in quotes if it has spaces"));

  agent = debrief_agent_new_with_defaults (settings);
  voice = debrief_voice_settings_new_with_defaults (settings);
  agent->name = g_strdup (argv[1]);
  if (!apply_options (&options, agent, voice, &status))
    return status;

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  if (!debrief_agents_save (store, agent, voice, &error))
    return debrief_cli_fail_error (error);

  if (options.json)
    print_agent_json (agent, voice);
  else
    g_print ("%s\n", agent->id);

  return DEBRIEF_CLI_OK;
}

static int
agents_edit (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME_OR_ID"));
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefAgent) agent = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AgentOptions) options = { 0 };
  int status;

  g_option_context_set_summary (context, _("Changes what the options give of a coach; the rest stays."));
  add_agent_entries (context, &options, TRUE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("agents edit needs one coach’s name or id (see “debrief-cli agents list”)"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  agent = lookup_agent (store, argv[1], &error);
  if (agent == NULL)
    return debrief_cli_fail_error (error);
  voice = voice_of (store, settings, agent, &error);
  if (voice == NULL)
    return debrief_cli_fail_error (error);

  if (!apply_options (&options, agent, voice, &status))
    return status;

  if (!debrief_agents_save (store, agent, voice, &error))
    return debrief_cli_fail_error (error);

  if (options.json)
    print_agent_json (agent, voice);

  return DEBRIEF_CLI_OK;
}

static int
agents_delete (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME_OR_ID"));
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefAgent) agent = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_summary (context,
                                _("Deletes a coach and its voice settings. Calls held with it stay in the "
                                  "library, without a coach."));
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("agents delete needs one coach’s name or id (see “debrief-cli agents list”)"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  agent = lookup_agent (store, argv[1], &error);
  if (agent == NULL)
    return debrief_cli_fail_error (error);

  if (!debrief_store_delete_agent (store, agent->id, &error))
    return debrief_cli_fail_error (error);

  return DEBRIEF_CLI_OK;
}

static void
print_agents_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: debrief-cli agents list [--json] | add NAME [OPTION…] | "
                               "edit NAME_OR_ID [OPTION…] | delete NAME_OR_ID"));
  fprintf (stream, "  list    %s\n", _("List the coaches"));
  fprintf (stream, "  add     %s\n", _("Add a coach"));
  fprintf (stream, "  edit    %s\n", _("Change a coach"));
  fprintf (stream, "  delete  %s\n", _("Delete a coach; its calls stay"));
  fprintf (stream, "\n%s\n", _("Run “debrief-cli agents add --help” for the options."));
}

int
debrief_cli_agents (int    argc,
                    char **argv)
{
  if (argc < 2)
    {
      print_agents_usage (stderr);
      return DEBRIEF_CLI_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_agents_usage (stdout);
      return DEBRIEF_CLI_OK;
    }

  if (g_str_equal (argv[1], "list"))
    return agents_list (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "add"))
    return agents_add (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "edit"))
    return agents_edit (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "delete"))
    return agents_delete (argc - 1, argv + 1);

  fprintf (stderr, _("debrief-cli: unknown agents command “%s”. Use “list”, “add”, “edit” or “delete”.\n"), argv[1]);
  return DEBRIEF_CLI_USAGE;
}
