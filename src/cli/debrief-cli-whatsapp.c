/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli-whatsapp.c: debrief-cli whatsapp send: a call's recording to a WhatsApp number */

#define G_LOG_DOMAIN "debrief-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "debrief-cli.h"
#include "debrief-phone.h"
#include "debrief-records-json.h"
#include "debrief-whatsapp-outbox.h"
#include "debrief-whatsapp-provider.h"

typedef struct
{
  gboolean             done;
  gboolean             ok;
  DebriefOutboxResult *counts;
  GError             **error;
} Send;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Send *send = user_data;

  send->ok = debrief_whatsapp_outbox_send_finish (DEBRIEF_WHATSAPP_OUTBOX (object), result, send->counts,
                                                  send->error);
  send->done = TRUE;
}

/**
 * debrief_cli_send_whatsapp:
 * @outbox: the outbox
 * @counts: (out caller-allocates): what the pass did
 * @cancellable: a #GCancellable, cancelled by Ctrl+C
 * @error: return location for a #GError
 *
 * One pass over the outbox, with this thread's main context running so a
 * signal can stop it (a transcode or a stalled network can take a while).
 *
 * Returns: as debrief_whatsapp_outbox_send_finish()
 */
gboolean
debrief_cli_send_whatsapp (DebriefWhatsAppOutbox  *outbox,
                           DebriefOutboxResult    *counts,
                           GCancellable           *cancellable,
                           GError                **error)
{
  Send send = { FALSE, FALSE, counts, error };

  debrief_whatsapp_outbox_send_async (outbox, cancellable, sent_cb, &send);
  while (!send.done)
    g_main_context_iteration (NULL, TRUE);

  return send.ok;
}

static int
whatsapp_send (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CALL_ID"));
  g_autofree char *to = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *number = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefLead) lead = NULL;
  g_autoptr(DebriefConversation) message = NULL;
  g_autoptr(DebriefConversation) outcome = NULL;
  g_autoptr(DebriefWhatsAppOutbox) outbox = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gboolean audio = FALSE;
  gboolean link = FALSE;
  int bitrate = 0;
  DebriefWhatsAppForm form;
  g_autoptr(DebriefCall) call = NULL;
  DebriefOutboxResult counts = { 0 };
  g_autoptr(GCancellable) cancellable = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The WhatsApp number, with its country code"), N_("+E164") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("cloud or twilio (default: the preferences)"),
      N_("PROVIDER") },
    { "caption", 0, 0, G_OPTION_ARG_STRING, &caption, N_("A text sent with the recording"), N_("TEXT") },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &audio, N_("Send an audio file (M4A) instead of a voice note"), NULL },
    { "bitrate", 0, 0, G_OPTION_ARG_INT, &bitrate,
      N_("Encode at this bitrate, for a long recording to fit 16 MB (default: 32 for a voice note, 64 for an "
         "audio file)"), N_("KBPS") },
    { "link", 0, 0, G_OPTION_ARG_NONE, &link,
      N_("Send a link to the recording's cloud copy (valid 7 days) instead of the file; {link} in the caption "
         "places it"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the message as JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Sends the call's recording as a WhatsApp voice note, with an "
                                           "optional caption, and keeps it in the contact's timeline. Offline, "
                                           "it waits in the queue and goes out with the next send."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!debrief_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return debrief_cli_usage (_("whatsapp send needs one call ID"));
  if (to == NULL)
    return debrief_cli_usage (_("whatsapp send needs --to with a phone number"));
  if (provider != NULL && g_strcmp0 (provider, "cloud") != 0 && g_strcmp0 (provider, "twilio") != 0)
    return debrief_cli_usage (_("--provider must be cloud or twilio"));
  if (link && (audio || bitrate != 0))
    return debrief_cli_usage (_("--link sends no file: it goes without --audio and --bitrate"));
  if (bitrate != 0 && (bitrate < 6 || bitrate > 510))
    return debrief_cli_usage (_("--bitrate must be between 6 and 510 kbit/s"));
  form = link ? DEBRIEF_WHATSAPP_FORM_LINK : audio ? DEBRIEF_WHATSAPP_FORM_AUDIO_FILE : DEBRIEF_WHATSAPP_FORM_VOICE_NOTE;

  number = debrief_phone_normalize (to, &error);
  if (number == NULL)
    return debrief_cli_fail_error (error);

  store = debrief_cli_open_store ();
  if (store == NULL)
    return DEBRIEF_CLI_ERROR;

  /* Not set up: said now, nothing queued to go out by surprise later */
  settings = debrief_cli_settings ();
  {
    g_autoptr(DebriefWhatsAppProvider) check = debrief_whatsapp_provider_new_from_config (settings, provider, NULL,
                                                                                          &error);

    if (check == NULL)
      return debrief_cli_fail_error (error);
  }

  /* Too large for WhatsApp: said before anything is queued, with the way out */
  call = debrief_store_get_call (store, argv[1], &error);
  if (call == NULL)
    return debrief_cli_fail_error (error);
  if (debrief_whatsapp_provider_config_sends_links (settings, provider))
    {
      /* Twilio takes the cloud copy as it is. */
      if (bitrate != 0)
        return debrief_cli_usage (_("Twilio sends the recording’s cloud copy as it is: --bitrate needs the "
                                    "WhatsApp Cloud API (--provider cloud)"));
      if (!link && !debrief_whatsapp_check_cloud_copy (call, &error))
        return debrief_cli_fail_error (error);
    }
  else if (!debrief_whatsapp_check_size (call, form, bitrate, &error))
    {
      guint fitting = debrief_whatsapp_fitting_bitrate (call->duration_seconds);

      if (audio && debrief_whatsapp_check_size (call, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, 0, NULL))
        return debrief_cli_fail (_("%s: send it as a voice note (without --audio) or with --link"), error->message);
      if (fitting != 0 && !audio)
        return debrief_cli_fail (_("%s: send it with --bitrate %u (lower quality) or --link"), error->message, fitting);
      return debrief_cli_fail (_("%s: send it with --link"), error->message);
    }

  lead = debrief_whatsapp_contact_for_number (store, number, &error);
  if (lead != NULL)
    message = debrief_whatsapp_enqueue (store, call->id, lead->id, caption, form, bitrate, &error);
  if (message == NULL)
    return debrief_cli_fail_error (error);

  outbox = debrief_whatsapp_outbox_new (store, settings, provider);
  cancellable = g_cancellable_new ();
  debrief_cli_cancel_on_signals (cancellable);
  if (!debrief_cli_send_whatsapp (outbox, &counts, cancellable, &error))
    return debrief_cli_fail (_("The message waits in the queue: %s"), error->message);

  /* What became of this message */
  timeline = debrief_store_list_conversations_for_lead (store, lead->id, &error);
  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    if (g_strcmp0 (((DebriefConversation *) g_ptr_array_index (timeline, i))->id, message->id) == 0)
      outcome = debrief_conversation_copy (g_ptr_array_index (timeline, i));
  if (outcome == NULL)
    return debrief_cli_fail_error (error);

  if (json)
    {
      g_autoptr(JsonNode) node = debrief_conversation_to_json (outcome);

      debrief_cli_print_json (node);
    }

  if (g_strcmp0 (outcome->status, "failed") == 0)
    return debrief_cli_fail (_("Not sent: %s"), outcome->error);
  if (g_strcmp0 (outcome->status, "queued") == 0)
    fprintf (stderr, _("debrief-cli: queued for %s; it goes out with the next send%s\n"), number,
             counts.retry_after > 0 ? _(" (the provider asked to wait)") : "");
  else if (!json)
    printf (_("Sent to %s (%s)\n"), number, outcome->remote_id);

  return DEBRIEF_CLI_OK;
}

int
debrief_cli_whatsapp (int    argc,
                      char **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      printf (_("Usage: debrief-cli whatsapp send --to +E164 CALL_ID [--provider cloud|twilio] [--caption TEXT] "
                "[--audio | --bitrate KBPS | --link] [--json]\n"));
      return argc < 2 ? DEBRIEF_CLI_USAGE : DEBRIEF_CLI_OK;
    }
  if (g_str_equal (argv[1], "send"))
    return whatsapp_send (argc - 1, argv + 1);

  return debrief_cli_usage (_("whatsapp knows one command: send"));
}
