/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-call.c: debrief-cli call, a recorded call from the command line */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>

#include "debrief-call-finish.h"
#include "debrief-call-session.h"
#include "debrief-coach.h"
#include "debrief-feedback.h"
#include "debrief-cli.h"
#include "debrief-media-format.h"
#include "debrief-paths.h"
#include "debrief-records-json.h"

typedef struct
{
  GMainLoop          *loop;
  DebriefCallSession *session;
  DebriefCoach       *coach;
  GError             *error;
  gboolean            ending;
} CallRun;

static void
ended_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CallRun *run = user_data;

  debrief_call_session_end_finish (DEBRIEF_CALL_SESSION (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
end (CallRun *run)
{
  if (run->ending)
    return;

  run->ending = TRUE;
  debrief_call_session_end_async (run->session, DEBRIEF_END_REASON_MANUAL, NULL, ended_cb, run);
}

static gboolean
end_cb (gpointer user_data)
{
  end (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  end (user_data);
  return G_SOURCE_CONTINUE;
}

/* Limits, inactivity or a failure end the call without us. */
static void
session_ended_cb (DebriefCallSession *session,
                  CallRun            *run)
{
  if (!run->ending)
    g_main_loop_quit (run->loop);
}

/* A coaching call with a file as the microphone ends when the file has
 * been said and the coach has answered the last of it. */
static void
coach_changed_cb (CallRun *run)
{
  if (debrief_coach_get_input_ended (run->coach) && !debrief_coach_get_busy (run->coach))
    end (run);
}

/* A coach's error is said and the call goes on, as in the app. */
static void
coach_failed_cb (CallRun      *run,
                 const GError *error)
{
  fprintf (stderr, "debrief-cli: %s\n", error->message);
}

static void
feedback_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CallRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *feedback = debrief_feedback_request_finish (result, &error);

  if (feedback == NULL)
    fprintf (stderr, _("debrief-cli: the call is kept, without feedback: %s\n"), error->message);
  g_main_loop_quit (run->loop);
}

/* A WAV (or any audio file) played as the microphone, in real time. */
static char *
input_source (const char *path)
{
  g_autofree char *escaped = g_strescape (path, NULL);

  return g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample ! clocksync",
                          escaped);
}

static DebriefCallOptions *
load_options (void)
{
  g_autoptr(GSettings) settings = debrief_cli_settings ();

  return settings != NULL ? debrief_call_options_new_from_settings (settings) : debrief_call_options_new ();
}

int
debrief_cli_call (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(DebriefCallOptions) options = load_options ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCallSession) session = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) recovered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *agent_name = NULL;
  g_autoptr(DebriefAgent) agent = NULL;
  g_autoptr(DebriefVoiceSettings) voice = NULL;
  g_autoptr(DebriefVoiceClient) client = NULL;
  g_autoptr(DebriefCoach) coach = NULL;
  g_autoptr(DebriefCoachOptions) coach_options = NULL;
  g_autoptr(GSettings) settings = NULL;
  double duration = 0;
  int max_duration = -1, inactivity = -1;
  gboolean json = FALSE;
  CallRun run = { 0 };
  guint sigint, sigterm, timeout = 0;
  int status;
  const GOptionEntry entries[] = {
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent_name, N_("A coaching call with this coach"), N_("NAME") },
    { "input", 0, 0, G_OPTION_ARG_FILENAME, &input, N_("Play this audio file as the microphone"), N_("FILE") },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration, N_("End the call after this many seconds"), N_("S") },
    { "max-duration", 0, 0, G_OPTION_ARG_INT, &max_duration, N_("The call's limit in seconds"), N_("S") },
    { "inactivity", 0, 0, G_OPTION_ARG_INT, &inactivity, N_("End after this many seconds without speech"), N_("S") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("ogg, m4a or webm"), N_("FORMAT") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The call's title"), N_("TITLE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the ended call as JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Records a call with the microphone and the other side, within the "
                                  "limits of the preferences, until --duration, a limit, Ctrl+C or SIGTERM. "
                                  "With --agent, a coaching call: the coach answers what is said, and with "
                                  "--input the call ends once the file has been said and answered."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return debrief_cli_usage (_("call takes no arguments besides its options"));
  if (duration < 0 || max_duration == 0 || max_duration < -1 || inactivity == 0 || inactivity < -1)
    return debrief_cli_usage (_("durations must be positive numbers of seconds"));
  if (format_name != NULL && !debrief_audio_format_from_string (format_name, &options->format))
    return debrief_cli_usage (_("--format must be ogg, m4a or webm"));
  if (input != NULL && !g_file_test (input, G_FILE_TEST_IS_REGULAR))
    return debrief_cli_fail (_("“%s” does not exist or is not a file"), input);

  if (max_duration > 0)
    options->max_seconds = max_duration;
  if (inactivity > 0)
    options->inactivity_seconds = inactivity;
  if (title != NULL)
    {
      g_free (options->title);
      options->title = g_strdup (title);
    }
  if (input != NULL)
    options->user_source = input_source (input);

  if (!debrief_media_init (&error))
    return debrief_cli_fail_error (error);

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  /* A call a crash left running is finished first, as the app does. */
  recovered = debrief_call_recover_abandoned (store, options->data_dir, NULL, &error);
  if (recovered == NULL)
    return debrief_cli_fail_error (error);
  for (guint i = 0; i < recovered->len; i++)
    fprintf (stderr, _("debrief-cli: finished call %s, which was cut short by a crash\n"),
             (const char *) g_ptr_array_index (recovered, i));

  if (agent_name != NULL)
    {
      agent = debrief_store_find_agent (store, debrief_store_get_user_id (store), agent_name, &error);
      if (agent == NULL && g_error_matches (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
        return debrief_cli_fail (_("No coach is called “%s” (see “debrief-cli agents list”)"), agent_name);
      if (agent == NULL)
        return debrief_cli_fail_error (error);
      voice = debrief_store_get_voice_settings (store, agent->id, NULL);
      options->kind = DEBRIEF_CALL_KIND_COACHING;
      g_free (options->agent_id);
      options->agent_id = g_strdup (agent->id);
      if (options->title == NULL)
        options->title = g_strdup_printf (_("Coaching with %s"), agent->name);
      /* The coach is the other side. */
      options->record_remote = TRUE;
    }

  session = debrief_call_session_new (store, NULL, options);

  if (agent != NULL)
    {
      settings = debrief_cli_settings ();
      client = debrief_coach_connect (settings, NULL);
      coach_options = debrief_coach_options_new (agent, voice, settings);
      coach = debrief_coach_new (session, client, store, coach_options);
      if (!debrief_coach_prepare (coach, &error))
        return debrief_cli_fail_error (error);
      run.coach = coach;
      g_signal_connect_swapped (coach, "notify::busy", G_CALLBACK (coach_changed_cb), &run);
      g_signal_connect_swapped (coach, "notify::input-ended", G_CALLBACK (coach_changed_cb), &run);
      g_signal_connect_swapped (coach, "failed", G_CALLBACK (coach_failed_cb), &run);
    }
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.session = session;
  g_signal_connect (session, "ended", G_CALLBACK (session_ended_cb), &run);

  if (!debrief_call_session_start (session, &error))
    return debrief_cli_fail_error (error);

  sigint = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &run);
  if (duration > 0)
    timeout = g_timeout_add ((guint) (duration * 1000), end_cb, &run);

  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (timeout != 0 && !run.ending)
    g_source_remove (timeout);

  if (run.error != NULL)
    {
      int ret = debrief_cli_fail_error (run.error);

      g_error_free (run.error);
      return ret;
    }

  /* After a coaching call, its feedback: a failure there keeps the call. */
  if (coach != NULL && debrief_call_session_get_state (session) == DEBRIEF_CALL_STATE_ENDED)
    {
      const DebriefCall *call = debrief_call_session_get_call (session);

      debrief_feedback_request_async (client, store, call->id, coach_options->chat_model, coach_options->system_prompt,
                                      coach_options->language, options->data_dir, NULL, feedback_cb, &run);
      g_main_loop_run (loop);
    }

  if (json)
    {
      g_autoptr(DebriefCall) call = debrief_store_get_call (store, debrief_call_session_get_call (session)->id, NULL);
      g_autoptr(GPtrArray) chunks = debrief_store_list_chunks (store, call->id, NULL);
      g_autoptr(JsonNode) node = debrief_call_to_json (call, chunks);

      /* A coaching call: its feedback and each turn's latency too. */
      if (coach != NULL)
        {
          JsonObject *object = json_node_get_object (node);
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (call->feedback_json != NULL && json_parser_load_from_data (parser, call->feedback_json, -1, NULL))
            json_object_set_member (object, "feedback", json_node_copy (json_parser_get_root (parser)));
          else
            json_object_set_null_member (object, "feedback");
          json_object_set_array_member (object, "latency_ms", json_array_ref (debrief_coach_get_latencies (coach)));
        }
      debrief_cli_print_json (node);
    }

  if (debrief_call_session_get_error (session) != NULL)
    return debrief_cli_fail_error (debrief_call_session_get_error (session));

  return DEBRIEF_CLI_OK;
}
