/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-storage.c: debrief-cli sync, presign, cleanup and migrate: the cloud copies of calls */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>

#include "debrief-cleanup.h"
#include "debrief-message-pull.h"
#include "debrief-cli.h"
#include "debrief-migrate.h"
#include "debrief-paths.h"
#include "debrief-share.h"
#include "debrief-storage-config.h"
#include "debrief-upload-queue.h"
#include "debrief-whatsapp-outbox.h"

#define SYNC_INTERVAL_S 30

static DebriefUploadQueue *
open_queue (DebriefStore *store,
            GSettings    *settings)
{
  g_autoptr(GError) error = NULL;
  DebriefUploadQueue *queue = debrief_upload_queue_new_from_config (store, settings, NULL, &error);

  if (queue == NULL)
    debrief_cli_fail_error (error);

  return queue;
}

/* The WhatsApp messages waiting in the queue go out; returns how many
 * were refused for good, or could not go for want of a provider. */
static guint
send_whatsapp (DebriefStore *store,
               GSettings    *settings,
               GCancellable *cancellable)
{
  g_autoptr(GPtrArray) waiting = debrief_store_list_outbox (store, NULL);
  g_autoptr(DebriefWhatsAppOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  DebriefOutboxResult counts = { 0 };

  if (waiting == NULL || waiting->len == 0)
    return 0;

  outbox = debrief_whatsapp_outbox_new (store, settings, NULL);
  if (!debrief_cli_send_whatsapp (outbox, &counts, cancellable, &error))
    {
      /* Told to stop: what was not sent stays queued, as it should */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return 0;

      /* Not set up, or the queue unreadable: they stay queued, and the
       * run did not do what it was for. */
      fprintf (stderr, _("%u WhatsApp message(s) wait in the queue: %s\n"), waiting->len, error->message);
      return waiting->len;
    }

  fprintf (stderr, _("WhatsApp: %u sent, %u not sent, %u waiting\n"), counts.sent, counts.failed, counts.waiting);
  return counts.failed;
}

/* The replies the team's webhook stored in Supabase, into the contacts'
 * histories; returns FALSE when they could not be read. */
static gboolean
pull_whatsapp (DebriefStore       *store,
               GSettings          *settings,
               DebriefUploadQueue *queue,
               GCancellable       *cancellable)
{
  DebriefSupabaseClient *supabase = debrief_upload_queue_get_supabase (queue);
  g_autoptr(GError) error = NULL;
  gint64 since = settings != NULL ? g_settings_get_int64 (settings, "supabase-messages-pulled-until") : 0;
  gint64 until = since;
  guint pulled = 0;

  if (supabase == NULL)
    return TRUE;

  if (!debrief_message_pull (store, supabase, since, &until, &pulled, cancellable, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return TRUE;

      fprintf (stderr, _("WhatsApp replies could not be read from Supabase: %s\n"), error->message);
      return FALSE;
    }

  if (settings != NULL && until > since)
    g_settings_set_int64 (settings, "supabase-messages-pulled-until", until);
  if (pulled > 0)
    fprintf (stderr, _("%u WhatsApp message(s) pulled into the contacts’ histories\n"), pulled);

  return TRUE;
}

int
debrief_cli_sync (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean once = FALSE;
  guint failed = 0;
  int status;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Do what is due, then exit"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Uploads the files of ended calls to the cloud storage, sends the WhatsApp "
                                  "messages waiting in the queue and, with Supabase, pulls the WhatsApp replies "
                                  "into the contacts’ histories; failures are retried later. With --once, exits 0 "
                                  "when nothing failed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return debrief_cli_usage (_("sync takes no arguments"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  /* Kept on this computer only: WhatsApp messages are all there is to do. */
  if (debrief_storage_backend_from_config (settings) == DEBRIEF_STORAGE_BACKEND_LOCAL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) waiting = debrief_store_list_outbox (store, &error);

      if (waiting == NULL)
        return debrief_cli_fail_error (error);
      if (waiting->len == 0 && once)
        return debrief_cli_fail (_("Recordings are kept on this computer only: choose a cloud storage in "
                                   "Preferences → Storage, or set DEBRIEF_STORAGE_BACKEND=s3"));
      if (!once)
        fprintf (stderr, _("Recordings are kept on this computer only: sending the WhatsApp messages queued, "
                           "until stopped\n"));
    }
  else
    {
      queue = open_queue (store, settings);
      if (queue == NULL)
        return DEBRIEF_CLI_ERROR;
    }

  debrief_cli_cancel_on_signals (cancellable);

  do
    {
      failed = 0;

      if (queue != NULL)
        {
          g_autoptr(GError) error = NULL;
          DebriefUploadSummary summary = { 0 };
          gint64 since = settings != NULL ? g_settings_get_int64 (settings, "supabase-rows-sent-until") : 0;
          gint64 until;

          if (!debrief_upload_queue_run_once (queue, &summary, cancellable, &error))
            {
              if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                break;
              return debrief_cli_fail_error (error);
            }

          /* Later edits of calls kept in Supabase (titles, notes) follow. */
          if (!debrief_upload_queue_push_rows (queue, since, &until, cancellable, &error))
            fprintf (stderr, _("Call details could not be sent to Supabase: %s\n"), error->message);
          else if (settings != NULL && until > since)
            g_settings_set_int64 (settings, "supabase-rows-sent-until", until);

          if (summary.completed > 0 || summary.failed > 0)
            fprintf (stderr, _("Uploaded %u file(s), %u failed (they are retried later)\n"),
                     summary.completed, summary.failed);
          failed = summary.failed;
        }

      /* After the uploads: a link to a recording needs its cloud copy. */
      failed += send_whatsapp (store, settings, cancellable);
      if (queue != NULL && !pull_whatsapp (store, settings, queue, cancellable))
        failed++;

      /* Wait for the next round, waking for signals. */
      for (guint s = 0; !once && s < SYNC_INTERVAL_S * 10 && !g_cancellable_is_cancelled (cancellable); s++)
        {
          while (g_main_context_iteration (NULL, FALSE))
            ;
          g_usleep (100 * 1000);
        }
    }
  while (!once && !g_cancellable_is_cancelled (cancellable));

  /* The cursors written, before a short-lived process ends */
  g_settings_sync ();
  return failed == 0 ? DEBRIEF_CLI_OK : DEBRIEF_CLI_ERROR;
}

int
debrief_cli_presign (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CALL_ID"));
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  int ttl = settings != NULL ? (int) g_settings_get_uint (settings, "signed-url-lifetime") : 900;
  int status;
  const GOptionEntry entries[] = {
    { "ttl", 0, 0, G_OPTION_ARG_INT, &ttl, N_("Seconds the link works (at most 604800, 7 days)"), N_("S") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Prints a link to the call's recording in the cloud that works "
                                           "without keys until it expires."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("presign needs one call ID"));
  if (ttl < 1 || ttl > 604800)
    return debrief_cli_usage (_("--ttl must be between 1 and 604800 seconds (7 days)"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  call = debrief_store_get_call (store, argv[1], &error);
  if (call == NULL)
    return debrief_cli_fail_error (error);

  url = debrief_share_call_recording (store, settings, call->id, ttl, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    return debrief_cli_fail (_("%s; run “debrief-cli sync --once”"), error->message);
  if (url == NULL)
    return debrief_cli_fail_error (error);
  g_print ("%s\n", url);
  return DEBRIEF_CLI_OK;
}

int
debrief_cli_cleanup (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = debrief_get_data_dir ();
  g_autofree char *plan = settings != NULL ? g_settings_get_string (settings, "plan") : g_strdup ("free");
  DebriefCleanupOptions options = { 0 };
  gboolean dry_run = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only say what would be removed"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("On the free plan, removes the audio and archives of calls older than the "
                                  "retention period (7 days by default), here and in the cloud, and calls "
                                  "that failed before recording anything. Transcripts and notes stay."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return debrief_cli_usage (_("cleanup takes no arguments"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  if (debrief_storage_backend_from_config (settings) != DEBRIEF_STORAGE_BACKEND_LOCAL)
    {
      queue = open_queue (store, settings);
      if (queue == NULL)
        return DEBRIEF_CLI_ERROR;
    }

  options.data_dir = data_dir;
  options.free_plan = g_strcmp0 (plan, "pro") != 0;
  options.retention_days = settings != NULL ? g_settings_get_uint (settings, "retention-days") : 7;
  options.now = g_get_real_time ();
  options.dry_run = dry_run;

  report = debrief_cleanup_run (store, queue, &options, NULL, &error);
  if (report == NULL)
    return debrief_cli_fail_error (error);

  for (guint i = 0; i < report->len; i++)
    g_print ("%s%s\n", dry_run ? _("Would do: ") : "", (const char *) g_ptr_array_index (report, i));
  if (report->len == 0)
    fprintf (stderr, "%s\n", _("Nothing to remove."));

  return DEBRIEF_CLI_OK;
}

/* Local storage chosen: the files kept only in a cloud come back. */
static int
restore_local (DebriefStore *store,
               GSettings    *settings,
               gboolean      dry_run)
{
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  report = debrief_restore_local (store, settings, dry_run, &failed, NULL, &error);
  if (report == NULL)
    return debrief_cli_fail_error (error);

  if (report->len == 0)
    {
      fprintf (stderr, "%s\n", _("Every file is on this computer. To move calls to a cloud, choose a cloud storage "
                                 "in Preferences → Storage (or set DEBRIEF_STORAGE_BACKEND=s3) first."));
      return DEBRIEF_CLI_OK;
    }

  for (guint i = 0; i < report->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (report, i));
  if (dry_run)
    return DEBRIEF_CLI_OK;

  fprintf (stderr, _("%u file(s) brought back from the cloud, %u could not be\n"), report->len - failed, failed);
  return failed == 0 ? DEBRIEF_CLI_OK : DEBRIEF_CLI_ERROR;
}

int
debrief_cli_migrate (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = debrief_get_data_dir ();
  DebriefUploadSummary summary = { 0 };
  gboolean dry_run = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only say which calls would move"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Moves the calls kept on this computer only to the cloud storage of the "
                                  "preferences, then uploads them. Safe to run again; local files stay. "
                                  "With local storage chosen, brings back the files kept only in a cloud."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return debrief_cli_usage (_("migrate takes no arguments"));

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  if (debrief_storage_backend_from_config (settings) == DEBRIEF_STORAGE_BACKEND_LOCAL)
    return restore_local (store, settings, dry_run);

  queue = open_queue (store, settings);
  if (queue == NULL)
    return DEBRIEF_CLI_ERROR;

  moved = debrief_migrate_to_cloud (store, debrief_upload_queue_get_backend (queue), data_dir, dry_run, &error);
  if (moved == NULL)
    return debrief_cli_fail_error (error);

  for (guint i = 0; i < moved->len; i++)
    g_print ("%s%s\n", dry_run ? _("Would move: ") : _("Moving: "), (const char *) g_ptr_array_index (moved, i));

  if (dry_run)
    {
      fprintf (stderr, _("%u call(s) would move\n"), moved->len);
      return DEBRIEF_CLI_OK;
    }

  if (!debrief_upload_queue_run_once (queue, &summary, NULL, &error))
    return debrief_cli_fail_error (error);

  fprintf (stderr, _("%u call(s) moved; uploaded %u file(s), %u failed (retried by sync)\n"),
           moved->len, summary.completed, summary.failed);
  return summary.failed == 0 ? DEBRIEF_CLI_OK : DEBRIEF_CLI_ERROR;
}
