/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-whatsapp-outbox.c: recordings waiting to go to WhatsApp, sent when they can be */

#define G_LOG_DOMAIN "debrief-whatsapp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "debrief-media-format.h"
#include "debrief-phone.h"
#include "debrief-share.h"
#include "debrief-transcoder.h"
#include "debrief-whatsapp-outbox.h"
#include "debrief-whatsapp-provider.h"

/* Each send is a conversations row (whatsapp, outbound): "queued" until it
 * goes, then "sent" with the provider's message id, or "failed" with the
 * provider's reason. A pass sends the queue in order in a worker thread
 * with its own main context (the provider and the transcoder are
 * asynchronous); when the network is down or the provider asks to wait,
 * the rest stays queued for the next pass. */

/* Twilio fetches the recording at once; a person follows a link later. */
#define MEDIA_LINK_SECONDS (60 * 60)
#define SHARE_LINK_SECONDS (7 * 24 * 60 * 60)

struct _DebriefWhatsAppOutbox
{
  GObject       parent_instance;

  DebriefStore *store;
  GSettings    *settings;
  char         *provider_name;
};

G_DEFINE_FINAL_TYPE (DebriefWhatsAppOutbox, debrief_whatsapp_outbox, G_TYPE_OBJECT)

/**
 * debrief_whatsapp_contact_for_number:
 * @store: the store
 * @e164: a phone number in E.164
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the contact with that number, or a new one
 *   named after it, so every message has a timeline to go to
 */
DebriefLead *
debrief_whatsapp_contact_for_number (DebriefStore  *store,
                                     const char    *e164,
                                     GError       **error)
{
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(DebriefLead) lead = NULL;
  g_autofree char *number = debrief_phone_normalize (e164, error);

  if (number == NULL)
    return NULL;

  leads = debrief_store_list_leads (store, debrief_store_get_user_id (store), error);
  if (leads == NULL)
    return NULL;

  for (guint i = 0; i < leads->len; i++)
    {
      DebriefLead *known = g_ptr_array_index (leads, i);

      if (g_strcmp0 (known->phone, number) == 0)
        return debrief_lead_copy (known);
    }

  lead = debrief_lead_new ();
  lead->name = debrief_phone_format (number);
  lead->phone = g_steal_pointer (&number);
  lead->whatsapp_opt_in = TRUE;
  if (!debrief_store_save_lead (store, lead, error))
    return NULL;

  return g_steal_pointer (&lead);
}

/**
 * debrief_whatsapp_estimate_bytes:
 * @duration_seconds: how long the recording is
 * @form: %DEBRIEF_WHATSAPP_FORM_VOICE_NOTE or %DEBRIEF_WHATSAPP_FORM_AUDIO_FILE
 * @kbps: the bitrate, or 0 for the form's own
 *
 * Returns: about how large the file sent would be, a little over rather
 *   than under, so a recording said to fit does
 */
gint64
debrief_whatsapp_estimate_bytes (double              duration_seconds,
                                 DebriefWhatsAppForm form,
                                 guint               kbps)
{
  if (kbps == 0)
    kbps = debrief_transcode_preset_get_bitrate (form == DEBRIEF_WHATSAPP_FORM_AUDIO_FILE
                                                 ? DEBRIEF_TRANSCODE_PRESET_WHATSAPP_AUDIO
                                                 : DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE);

  /* The encoder's own bytes (variable bitrate overshoots by a few percent,
   * more at the lowest rates), the container's pages (about 150 bytes a
   * second) and headers */
  return (gint64) (MAX (duration_seconds, 0) * (kbps * 1000 / 8 * 1.10 + 150)) + 8192;
}

/**
 * debrief_whatsapp_fitting_bitrate:
 * @duration_seconds: how long the recording is
 *
 * Returns: the highest bitrate (kbit/s) a voice note this long can have
 *   and still be within WhatsApp's 16 MB, or 0 when even 8 kbit/s (the
 *   lowest that keeps speech clear) is too much: a link is the way then
 */
guint
debrief_whatsapp_fitting_bitrate (double duration_seconds)
{
  static const guint steps[] = { 32, 24, 16, 12, 8 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (debrief_whatsapp_estimate_bytes (duration_seconds, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, steps[i]) <=
        DEBRIEF_WHATSAPP_MAX_BYTES)
      return steps[i];

  return 0;
}

/**
 * debrief_whatsapp_check_size:
 * @call: (nullable): the call whose recording is sent, if any
 * @form: how it goes
 * @kbps: the bitrate, or 0 for the usual
 * @error: return location for a #GError (%DEBRIEF_MEDIA_ERROR_TOO_LARGE)
 *
 * Says before anything is made or queued whether the recording would be
 * over WhatsApp's 16 MB. A link or a text has no size; a call of unknown
 * length is let through (the transcoder checks the file itself).
 *
 * Returns: %TRUE when it fits
 */
gboolean
debrief_whatsapp_check_size (const DebriefCall    *call,
                             DebriefWhatsAppForm   form,
                             guint                 kbps,
                             GError              **error)
{
  gint64 bytes;

  if (call == NULL || (form != DEBRIEF_WHATSAPP_FORM_VOICE_NOTE && form != DEBRIEF_WHATSAPP_FORM_AUDIO_FILE))
    return TRUE;

  bytes = debrief_whatsapp_estimate_bytes (call->duration_seconds, form, kbps);
  if (bytes <= DEBRIEF_WHATSAPP_MAX_BYTES)
    return TRUE;

  g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_TOO_LARGE,
               form == DEBRIEF_WHATSAPP_FORM_VOICE_NOTE
               ? _("As a voice note this recording would be about %.1f MB, over WhatsApp’s limit of 16 MB")
               : _("As an audio file this recording would be about %.1f MB, over WhatsApp’s limit of 16 MB"),
               bytes / 1e6);
  return FALSE;
}

/**
 * debrief_whatsapp_check_cloud_copy:
 * @call: the call whose recording is sent
 * @error: return location for a #GError
 *
 * For a provider that sends the recording's cloud copy as it is (Twilio):
 * whether WhatsApp takes that file, WebM not and over 16 MB not.
 *
 * Returns: %TRUE when it does
 */
gboolean
debrief_whatsapp_check_cloud_copy (const DebriefCall  *call,
                                   GError            **error)
{
  GStatBuf st;

  if (g_strcmp0 (call->recording_format, "webm") == 0)
    {
      g_set_error_literal (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                           _("Twilio sends the recording’s cloud copy as it is, and WhatsApp does not take WebM: "
                             "send it as a link, or through the WhatsApp Cloud API"));
      return FALSE;
    }
  if (call->recording_path != NULL && g_stat (call->recording_path, &st) == 0 &&
      st.st_size > DEBRIEF_WHATSAPP_MAX_BYTES)
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE,
                   _("Twilio sends the recording’s cloud copy as it is, and at %.1f MB it is over WhatsApp’s "
                     "16 MB: send it as a link, or through the WhatsApp Cloud API"), st.st_size / 1e6);
      return FALSE;
    }

  return TRUE;
}

/**
 * debrief_whatsapp_message_set_form:
 * @message: an outbound WhatsApp message
 * @call: (nullable): the call it is about (needed for anything but text)
 * @text: (nullable): the caption, or the message itself
 * @form: how it goes
 * @kbps: for a voice note or audio file, the bitrate (0 for the usual)
 * @error: return location for a #GError
 *
 * Makes @message say what it sends, queued again. A recording is named
 * after the message in a whatsapp folder next to it, with the bitrate in
 * the name when it is not the usual one (`ID.12k.ogg`), and is made when
 * the message goes. A link is made when the message goes too: `{link}`
 * in the text stands for it (put at the end when the text has none).
 *
 * Returns: %TRUE, or %FALSE with @error when it cannot be sent like that
 */
gboolean
debrief_whatsapp_message_set_form (DebriefConversation  *message,
                                   const DebriefCall    *call,
                                   const char           *text,
                                   DebriefWhatsAppForm   form,
                                   guint                 kbps,
                                   GError              **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *bitrate = NULL;

  g_return_val_if_fail (message != NULL && message->id != NULL, FALSE);

  if (form != DEBRIEF_WHATSAPP_FORM_TEXT && call == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose the call to send"));
      return FALSE;
    }

  /* A file made for an earlier try is not sent now. */
  if (message->media_path != NULL)
    g_unlink (message->media_path);
  g_clear_pointer (&message->media_path, g_free);
  g_clear_pointer (&message->error, g_free);
  g_free (message->status);
  message->status = g_strdup ("queued");

  switch (form)
    {
    case DEBRIEF_WHATSAPP_FORM_TEXT:
      if (*stripped == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Write a message to send"));
          return FALSE;
        }
      /* A link to a recording goes only when one was chosen. */
      if (strstr (stripped, "{link}") != NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“{link}” stands for a link to the recording: send a link to it, or take "
                                 "“{link}” out of the message"));
          return FALSE;
        }
      break;

    case DEBRIEF_WHATSAPP_FORM_LINK:
      if (strstr (stripped, "{link}") == NULL)
        {
          char *with_link = g_strconcat (stripped, *stripped != '\0' ? "\n" : "", "{link}", NULL);

          g_free (stripped);
          stripped = with_link;
        }
      break;

    case DEBRIEF_WHATSAPP_FORM_VOICE_NOTE:
    case DEBRIEF_WHATSAPP_FORM_AUDIO_FILE:
      if (call->recording_path == NULL || !g_file_test (call->recording_path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The call has no recording on this computer to send; send a link to its cloud copy "
                         "instead"));
          return FALSE;
        }
      dir = g_path_get_dirname (call->recording_path);
      bitrate = kbps != 0 ? g_strdup_printf (".%uk", kbps) : g_strdup ("");
      name = g_strdup_printf ("%s%s.%s", message->id, bitrate, form == DEBRIEF_WHATSAPP_FORM_VOICE_NOTE ? "ogg" : "m4a");
      message->media_path = g_build_filename (dir, "whatsapp", name, NULL);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  g_free (message->message);
  message->message = g_steal_pointer (&stripped);
  g_free (message->call_id);
  message->call_id = call != NULL ? g_strdup (call->id) : NULL;

  return TRUE;
}

/**
 * debrief_whatsapp_enqueue:
 * @store: the store
 * @call_id: (nullable): the call it is about; needed for anything but text
 * @lead_id: the contact it goes to
 * @text: (nullable): the caption, or the message itself
 * @form: how it goes: a voice note (Ogg/Opus), an audio file (M4A), a
 *   link to the recording's cloud copy, or the text alone
 * @kbps: for a voice note or audio file, the bitrate (0 for the usual)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the message, queued in the contact's timeline
 */
DebriefConversation *
debrief_whatsapp_enqueue (DebriefStore         *store,
                          const char           *call_id,
                          const char           *lead_id,
                          const char           *text,
                          DebriefWhatsAppForm   form,
                          guint                 kbps,
                          GError              **error)
{
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(DebriefLead) lead = NULL;
  g_autoptr(DebriefConversation) message = NULL;
  g_autofree char *number = NULL;

  if (call_id != NULL && (call = debrief_store_get_call (store, call_id, error)) == NULL)
    return NULL;
  if ((lead = debrief_store_get_lead (store, lead_id, error)) == NULL)
    return NULL;

  if (lead->phone == NULL || (number = debrief_phone_normalize (lead->phone, NULL)) == NULL)
    {
      g_set_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER,
                   _("%s has no phone number to send to on WhatsApp"), lead->name != NULL ? lead->name : lead->id);
      return NULL;
    }

  message = debrief_conversation_new ();
  message->id = g_uuid_string_random ();
  message->lead_id = g_strdup (lead->id);
  message->user_id = g_strdup (call != NULL ? call->user_id : lead->user_id);
  message->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  message->direction = DEBRIEF_DIRECTION_OUTBOUND;
  if (!debrief_whatsapp_message_set_form (message, call, text, form, kbps, error) ||
      !debrief_store_save_conversation (store, message, error))
    return NULL;

  return g_steal_pointer (&message);
}

DebriefWhatsAppOutbox *
debrief_whatsapp_outbox_new (DebriefStore *store,
                             GSettings    *settings,
                             const char   *provider_name)
{
  DebriefWhatsAppOutbox *self;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);

  self = g_object_new (DEBRIEF_TYPE_WHATSAPP_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->provider_name = g_strdup (provider_name);

  return self;
}

/* The worker thread's waiting for an asynchronous step */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GMainContext  *context,
          GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);

  return *slot;
}

/* The bitrate a file to send is named with (ID.12k.ogg), or 0 */
static guint
bitrate_from_name (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  char *dot = strrchr (name, '.');
  guint64 kbps = 0;

  if (dot == NULL)
    return 0;
  *dot = '\0';
  dot = strrchr (name, '.');
  if (dot == NULL || !g_str_has_suffix (dot, "k"))
    return 0;
  dot[strlen (dot) - 1] = '\0';
  if (!g_ascii_string_to_unsigned (dot + 1, 10, 6, 510, &kbps, NULL))
    return 0;

  return kbps;
}

/* The recording as WhatsApp takes it, made once: Ogg/Opus mono for a
 * voice note, M4A for an audio file. Over 16 MB even so, the transcoder
 * says so. */
static gboolean
prepare_audio (GMainContext  *context,
               const char    *recording,
               const char    *path,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(DebriefTranscoder) transcoder = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  g_mkdir_with_parents (folder, 0700);
  transcoder = debrief_transcoder_new (recording, path, g_str_has_suffix (path, ".m4a")
                                       ? DEBRIEF_TRANSCODE_PRESET_WHATSAPP_AUDIO
                                       : DEBRIEF_TRANSCODE_PRESET_WHATSAPP_VOICE);
  debrief_transcoder_set_bitrate (transcoder, bitrate_from_name (path));
  debrief_transcoder_run_async (transcoder, cancellable, got_result_cb, &result);

  return debrief_transcoder_run_finish (transcoder, wait_for (context, &result), error);
}

/* Sends one message; FALSE with @error when it did not go. */
static gboolean
send_one (DebriefWhatsAppOutbox    *self,
          DebriefWhatsAppProvider  *provider,
          GMainContext             *context,
          DebriefConversation      *message,
          GCancellable             *cancellable,
          GError                  **error)
{
  g_autoptr(DebriefLead) lead = debrief_store_get_lead (self->store, message->lead_id, error);
  g_autoptr(DebriefCall) call = NULL;
  gboolean voice_note;
  g_autofree char *link = NULL;
  g_autofree char *text = NULL;
  g_autofree char *remote_id = NULL;
  g_autoptr(GAsyncResult) sent = NULL;

  if (lead == NULL)
    return FALSE;

  /* A message alone, or with a link to the recording made now */
  if (message->media_path == NULL)
    {
      if (strstr (message->message, "{link}") != NULL)
        {
          g_auto(GStrv) parts = NULL;

          if (message->call_id == NULL)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("The message has a link but no call to link to"));
              return FALSE;
            }
          link = debrief_share_call_recording (self->store, self->settings, message->call_id, SHARE_LINK_SECONDS,
                                               cancellable, error);
          if (link == NULL)
            return FALSE;

          parts = g_strsplit (message->message, "{link}", -1);
          text = g_strjoinv (link, parts);
        }

      debrief_whatsapp_provider_send_text_async (provider, lead->phone, text != NULL ? text : message->message,
                                                 cancellable, got_result_cb, &sent);
      remote_id = debrief_whatsapp_provider_send_text_finish (provider, wait_for (context, &sent), error);
      if (remote_id == NULL)
        return FALSE;

      /* Sent: the row keeps what the person got (a link made again next
       * time otherwise, its 7 days from then). */
      if (text != NULL)
        {
          g_free (message->message);
          message->message = g_steal_pointer (&text);
        }
      g_free (message->remote_id);
      message->remote_id = g_steal_pointer (&remote_id);
      return TRUE;
    }

  voice_note = !g_str_has_suffix (message->media_path, ".m4a");
  if ((call = debrief_store_get_call (self->store, message->call_id, error)) == NULL)
    return FALSE;

  /* Twilio fetches the file from a link: the call's copy in the cloud, as
   * it is, which WhatsApp has to take as it is. */
  if (debrief_whatsapp_provider_needs_media_url (provider))
    {
      if (!debrief_whatsapp_check_cloud_copy (call, error))
        return FALSE;

      link = debrief_share_call_recording (self->store, self->settings, message->call_id, MEDIA_LINK_SECONDS,
                                           cancellable, error);
      if (link == NULL)
        return FALSE;
    }
  else if (!prepare_audio (context, call->recording_path, message->media_path, cancellable, error))
    {
      return FALSE;
    }

  if (link != NULL)
    debrief_whatsapp_provider_send_audio_async (provider, lead->phone, call->recording_path,
                                                g_strcmp0 (call->recording_format, "m4a") == 0 ? "audio/mp4"
                                                                                              : "audio/ogg",
                                                FALSE, link, cancellable, got_result_cb, &sent);
  else
    debrief_whatsapp_provider_send_audio_async (provider, lead->phone, message->media_path,
                                                voice_note ? "audio/ogg" : "audio/mp4", voice_note, NULL, cancellable,
                                                got_result_cb, &sent);
  remote_id = debrief_whatsapp_provider_send_audio_finish (provider, wait_for (context, &sent), error);
  if (remote_id == NULL)
    return FALSE;

  g_free (message->remote_id);
  message->remote_id = g_steal_pointer (&remote_id);

  if (message->message != NULL && *message->message != '\0')
    {
      g_autoptr(GAsyncResult) captioned = NULL;
      g_autofree char *caption_id = NULL;
      g_autoptr(GError) caption_error = NULL;

      debrief_whatsapp_provider_send_text_async (provider, lead->phone, message->message, cancellable,
                                                 got_result_cb, &captioned);
      caption_id = debrief_whatsapp_provider_send_text_finish (provider, wait_for (context, &captioned),
                                                               &caption_error);
      /* The recording went: the row says so, and what the caption met. */
      if (caption_id == NULL)
        {
          g_free (message->error);
          message->error = g_strdup_printf (_("The recording was sent, the caption not: %s"),
                                            caption_error->message);
        }
    }

  return TRUE;
}

/* Stays queued for the next pass: the network, the server, a rate limit */
static gboolean
should_wait (const GError *error)
{
  return g_error_matches (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_NETWORK) ||
         g_error_matches (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_SERVER) ||
         g_error_matches (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_RATE_LIMITED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
send_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DebriefWhatsAppOutbox *self = source;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(DebriefWhatsAppProvider) provider = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  DebriefOutboxResult *counts = g_new0 (DebriefOutboxResult, 1);
  gboolean stalled = FALSE;
  GError *error = NULL;

  g_main_context_push_thread_default (context);

  outbox = debrief_store_list_outbox (self->store, &error);
  if (outbox != NULL && outbox->len > 0)
    provider = debrief_whatsapp_provider_new_from_config (self->settings, self->provider_name, cancellable, &error);
  if (outbox == NULL || (outbox->len > 0 && provider == NULL))
    {
      g_main_context_pop_thread_default (context);
      g_free (counts);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < outbox->len; i++)
    {
      DebriefConversation *message = g_ptr_array_index (outbox, i);
      g_autoptr(GError) send_error = NULL;
      g_autoptr(GError) save_error = NULL;

      /* Offline or asked to wait: the rest waits with it. */
      if (stalled)
        {
          counts->waiting++;
          continue;
        }

      /* Another pass (the app's, a dialog's, another process) has it. */
      if (!debrief_store_claim_outbox_message (self->store, message->id, &save_error))
        {
          if (save_error != NULL)
            g_warning ("Could not take a WhatsApp message to send: %s", save_error->message);
          continue;
        }

      g_clear_pointer (&message->error, g_free);
      if (send_one (self, provider, context, message, cancellable, &send_error))
        {
          g_free (message->status);
          message->status = g_strdup ("sent");
          counts->sent++;
        }
      else if (g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_PENDING))
        {
          /* Its recording is still on the way to the cloud: this one
           * waits, saying so; the others go. */
          counts->waiting++;
          g_free (message->status);
          message->status = g_strdup ("queued");
          message->error = g_strdup (send_error->message);
        }
      else if (should_wait (send_error))
        {
          stalled = TRUE;
          counts->waiting++;
          counts->retry_after = debrief_whatsapp_provider_get_retry_after (provider);
          g_debug ("WhatsApp message %s waits: %s", message->id, send_error->message);
          /* Back in the queue, for the next pass */
          g_free (message->status);
          message->status = g_strdup ("queued");
        }
      else
        {
          g_free (message->status);
          g_free (message->error);
          message->status = g_strdup ("failed");
          message->error = g_strdup (send_error->message);
          counts->failed++;
        }

      if (!debrief_store_save_conversation (self->store, message, &save_error))
        g_warning ("Could not record the WhatsApp message's outcome: %s", save_error->message);
    }

  g_main_context_pop_thread_default (context);
  g_task_return_pointer (task, counts, g_free);
}

/**
 * debrief_whatsapp_outbox_send_async:
 * @self: a #DebriefWhatsAppOutbox
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the pass is over
 * @user_data: data for @callback
 *
 * Sends what is queued, off the calling thread.
 */
void
debrief_whatsapp_outbox_send_async (DebriefWhatsAppOutbox *self,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_WHATSAPP_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_whatsapp_outbox_send_async);
  g_task_run_in_thread (task, send_thread);
}

/**
 * debrief_whatsapp_outbox_send_finish:
 * @self: a #DebriefWhatsAppOutbox
 * @result: the result
 * @counts: (out caller-allocates) (optional): what the pass did
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the queue could be read and the provider set up
 *   (messages that failed are in @counts and in their rows)
 */
gboolean
debrief_whatsapp_outbox_send_finish (DebriefWhatsAppOutbox  *self,
                                     GAsyncResult           *result,
                                     DebriefOutboxResult    *counts,
                                     GError                **error)
{
  g_autofree DebriefOutboxResult *done = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;

  if (counts != NULL)
    *counts = *done;
  return TRUE;
}

/**
 * debrief_whatsapp_outbox_send:
 * @self: a #DebriefWhatsAppOutbox
 * @counts: (out caller-allocates) (optional): what the pass did
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Sends what is queued, blocking the calling thread (the command line,
 * tests); see debrief_whatsapp_outbox_send_async().
 *
 * Returns: as debrief_whatsapp_outbox_send_finish()
 */
gboolean
debrief_whatsapp_outbox_send (DebriefWhatsAppOutbox  *self,
                              DebriefOutboxResult    *counts,
                              GCancellable           *cancellable,
                              GError                **error)
{
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (DEBRIEF_IS_WHATSAPP_OUTBOX (self), FALSE);

  task = g_task_new (self, cancellable, NULL, NULL);
  g_task_set_source_tag (task, debrief_whatsapp_outbox_send);
  g_task_run_in_thread_sync (task, send_thread);

  return debrief_whatsapp_outbox_send_finish (self, G_ASYNC_RESULT (task), counts, error);
}

static void
debrief_whatsapp_outbox_finalize (GObject *object)
{
  DebriefWhatsAppOutbox *self = (DebriefWhatsAppOutbox *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_free (self->provider_name);

  G_OBJECT_CLASS (debrief_whatsapp_outbox_parent_class)->finalize (object);
}

static void
debrief_whatsapp_outbox_class_init (DebriefWhatsAppOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = debrief_whatsapp_outbox_finalize;
}

static void
debrief_whatsapp_outbox_init (DebriefWhatsAppOutbox *self)
{
}
