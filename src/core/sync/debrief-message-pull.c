/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-message-pull.c: WhatsApp replies stored in the remote conversations table, brought into the local timelines */

#define G_LOG_DOMAIN "debrief-sync"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "debrief-json.h"
#include "debrief-message-pull.h"
#include "debrief-phone.h"

/* The team's webhook stores each WhatsApp reply as a conversations row
 * (whatsapp, inbound) under the signed-in user, with an id of its own that
 * is kept here too, so pulling a row twice updates it. Rows are read in
 * the order they changed, after the newest change already pulled. A row
 * whose contact is not known here goes to the contact with the sender's
 * number (one is made, named after it, as for a message sent to a new
 * number); without a number it is kept with no contact. A reply's
 * attachment (media_path, a path in the user's folder of the bucket) is
 * downloaded beside the database. A row that is not a reply Debrief can
 * show is skipped and said so in the log. */

/* A time as PostgREST writes it ("2026-05-01T09:30:00.123456+00:00"), in
 * µs since the epoch; 0 when there is none. */
static gint64
time_member (JsonObject *row,
             const char *name)
{
  const char *text = debrief_json_string_member (row, name);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || (time = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static char *
time_text (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) time = g_date_time_add (seconds, usec % G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* The sender's number in E.164, from "from" or "phone": "+E164",
 * "whatsapp:+E164" (Twilio) or digits alone (the Cloud API). */
static char *
sender_number (JsonObject *row)
{
  for (const char * const *name = (const char *[]) { "from", "phone", NULL }; *name != NULL; name++)
    {
      const char *text = debrief_json_string_member (row, *name);
      g_autofree char *with_plus = NULL;
      g_autoptr(GError) error = NULL;
      char *number;

      if (text == NULL)
        continue;

      if (g_str_has_prefix (text, "whatsapp:"))
        text += strlen ("whatsapp:");
      if (g_ascii_isdigit (*text) && !g_str_has_prefix (text, "00"))
        text = with_plus = g_strconcat ("+", text, NULL);

      number = debrief_phone_normalize (text, &error);
      if (number != NULL)
        return number;
      g_debug ("The remote message's %s is not a phone number: %s", *name, error->message);
    }

  return NULL;
}

typedef struct
{
  DebriefStore          *store;
  DebriefSupabaseClient *client;
  GPtrArray             *leads; /* the local contacts, read when first needed */
  GCancellable          *cancellable;
} Pull;

/* The local contact of @row into @lead_id (%NULL for none). */
static gboolean
find_contact (Pull        *pull,
              JsonObject  *row,
              char       **lead_id,
              GError     **error)
{
  const char *remote_lead = debrief_json_string_member (row, "lead_id");
  g_autoptr(DebriefLead) known = NULL;
  g_autoptr(DebriefLead) lead = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GError) local_error = NULL;

  *lead_id = NULL;
  if (remote_lead != NULL)
    {
      known = debrief_store_get_lead (pull->store, remote_lead, &local_error);
      if (known != NULL)
        {
          *lead_id = g_strdup (known->id);
          return TRUE;
        }
      if (!g_error_matches (local_error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  number = sender_number (row);
  if (number == NULL)
    return TRUE;

  if (pull->leads == NULL)
    {
      pull->leads = debrief_store_list_leads (pull->store, NULL, error);
      if (pull->leads == NULL)
        return FALSE;
    }

  for (guint i = 0; i < pull->leads->len; i++)
    {
      DebriefLead *candidate = g_ptr_array_index (pull->leads, i);

      if (g_strcmp0 (candidate->phone, number) == 0)
        {
          *lead_id = g_strdup (candidate->id);
          return TRUE;
        }
    }

  /* A new contact, with the remote one's id when there is one. */
  lead = debrief_lead_new ();
  lead->id = g_strdup (remote_lead);
  lead->name = debrief_phone_format (number);
  lead->phone = g_steal_pointer (&number);
  lead->whatsapp_opt_in = TRUE;
  if (!debrief_store_save_lead (pull->store, lead, error))
    return FALSE;

  *lead_id = g_strdup (lead->id);
  g_ptr_array_add (pull->leads, g_steal_pointer (&lead));
  return TRUE;
}

/* Why @row cannot be shown as a reply, or %NULL */
static const char *
check_row (JsonObject *row)
{
  if (debrief_json_string_member (row, "id") == NULL)
    return "it has no id";
  if (g_strcmp0 (debrief_json_string_member (row, "message_type"), "whatsapp") != 0)
    return "it is not a WhatsApp message";
  if (g_strcmp0 (debrief_json_string_member (row, "direction"), "inbound") != 0)
    return "it is not a reply";
  if (debrief_json_string_member (row, "message") == NULL && debrief_json_string_member (row, "media_path") == NULL)
    return "it has neither text nor an attachment";
  if (time_member (row, "created_at") == 0)
    return "its created_at is not a time";
  if (time_member (row, "updated_at") == 0)
    return "its updated_at is not a time";

  return NULL;
}

/* WhatsApp's attachment sizes end at 100 MB (documents). */
#define MEDIA_MAX_BYTES ((goffset) 100 * 1000 * 1000)

/* The extension a reply's attachment is kept with: one of the media types
 * WhatsApp carries, or "bin", so that opening it never runs a program. */
static const char *
media_extension (const char *remote_path)
{
  static const char * const known[] = {
    "ogg", "opus", "oga", "m4a", "aac", "mp3", "amr", "jpg", "jpeg", "png", "webp", "mp4", "3gp", "pdf", NULL
  };
  const char *dot = strrchr (remote_path, '.');

  if (dot == NULL || strchr (dot, '/') != NULL)
    return "bin";

  for (guint i = 0; known[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot + 1, known[i]) == 0)
      return known[i];

  return "bin";
}

/* Says on @message why its attachment is not here, after whatever the
 * webhook said. */
static void
set_media_error (DebriefConversation *message,
                 char                *why)
{
  char *error = message->error != NULL ? g_strdup_printf ("%s; %s", message->error, why) : g_strdup (why);

  g_free (why);
  g_free (message->error);
  message->error = error;
}

/* The attachment of a reply (a voice note, a picture), from the team's
 * bucket into messages/ next to the database, as @message's media_path;
 * one fetched before is kept. An attachment that is gone, too large or
 * cannot be read is said in the reply's error; a network or session
 * failure fails the pull, so the next one starts again at this reply. */
static gboolean
fetch_media (Pull                 *pull,
             DebriefConversation  *message,
             const char           *remote_path,
             GError              **error)
{
  const char *user_id = debrief_supabase_client_get_user_id (pull->client);
  g_autofree char *folder = g_strconcat (user_id != NULL ? user_id : "", "/", NULL);
  g_autofree char *base = g_path_get_dirname (debrief_store_get_path (pull->store));
  g_autofree char *dir = g_build_filename (base, "messages", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  goffset size;

  /* Only the signed-in user's own folder is theirs to read. */
  if (user_id == NULL || !g_str_has_prefix (remote_path, folder) || strstr (remote_path, "..") != NULL)
    {
      set_media_error (message, g_strdup (_("The attachment is not in your storage folder")));
      return TRUE;
    }

  /* Named after the reply's id, which comes from elsewhere: hashed. */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, message->id, -1);
  hash[32] = '\0';
  name = g_strdup_printf ("%s.%s", hash, media_extension (remote_path));
  path = g_build_filename (dir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      message->media_path = g_steal_pointer (&path);
      return TRUE;
    }

  size = debrief_supabase_client_object_size (pull->client, remote_path, pull->cancellable, &local_error);
  if (size >= 0 && size <= MEDIA_MAX_BYTES)
    bytes = debrief_supabase_client_download (pull->client, remote_path, pull->cancellable, &local_error);
  if (size > MEDIA_MAX_BYTES)
    {
      set_media_error (message, g_strdup_printf (_("The attachment is larger than %d MB"),
                                                 (int) (MEDIA_MAX_BYTES / 1000 / 1000)));
      return TRUE;
    }
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_FAILED) ||
          g_error_matches (local_error, DEBRIEF_SUPABASE_ERROR, DEBRIEF_SUPABASE_ERROR_INVALID))
        {
          set_media_error (message, g_strdup_printf (_("The attachment could not be fetched: %s"),
                                                     local_error->message));
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot create %s: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("The attachment of a WhatsApp reply "
                                                                           "could not be saved: "));
      return FALSE;
    }

  message->media_path = g_steal_pointer (&path);
  return TRUE;
}

/* Saves one reply; FALSE only when the store fails. */
static gboolean
import_row (Pull        *pull,
            JsonObject  *row,
            gboolean    *imported,
            GError     **error)
{
  g_autoptr(DebriefConversation) message = debrief_conversation_new ();
  g_autoptr(DebriefCall) call = NULL;
  const char *id = debrief_json_string_member (row, "id");
  const char *why = check_row (row);
  const char *media = debrief_json_string_member (row, "media_path");
  const char *text = debrief_json_string_member (row, "message");
  const char *call_id;
  const char *status;

  *imported = FALSE;
  if (why != NULL)
    {
      g_message ("Skipping the remote message %s: %s", id != NULL ? id : "without an id", why);
      return TRUE;
    }

  if (!find_contact (pull, row, &message->lead_id, error))
    return FALSE;

  /* The local schema's foreign keys: a call not kept here is left out. */
  call_id = debrief_json_string_member (row, "call_id");
  if (call_id != NULL && (call = debrief_store_get_call (pull->store, call_id, NULL)) != NULL)
    message->call_id = g_strdup (call_id);

  status = debrief_json_string_member (row, "status");
  message->id = g_strdup (id);
  message->user_id = g_strdup (debrief_store_get_user_id (pull->store));
  message->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  message->direction = DEBRIEF_DIRECTION_INBOUND;
  message->message = g_strdup (text != NULL ? text : "");
  message->status = g_strdup (status != NULL ? status : "received");
  message->remote_id = g_strdup (debrief_json_string_member (row, "remote_id"));
  message->error = g_strdup (debrief_json_string_member (row, "error"));
  message->created_at = time_member (row, "created_at");
  message->updated_at = time_member (row, "updated_at");
  if (media != NULL && !fetch_media (pull, message, media, error))
    return FALSE;

  if (message->lead_id == NULL)
    g_debug ("The remote message %s has no contact here and no sender's number: kept without a contact", id);

  if (!debrief_store_import_conversation (pull->store, message, error))
    return FALSE;

  *imported = TRUE;
  return TRUE;
}

/**
 * debrief_message_pull:
 * @store: the store
 * @client: a signed-in Supabase client
 * @since: the newest change already pulled, µs since the epoch (0: none)
 * @until: (out): the newest change pulled now (@since when none)
 * @pulled: (out) (optional): how many replies were saved
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Brings the WhatsApp replies that changed after @since from the remote
 * `conversations` table into the contacts' timelines. Blocks: call it from
 * a worker thread.
 *
 * Returns: %TRUE when every changed reply was read (malformed ones are
 *   skipped); on %FALSE, @until is still where the next pull can start
 */
gboolean
debrief_message_pull (DebriefStore           *store,
                      DebriefSupabaseClient  *client,
                      gint64                  since,
                      gint64                 *until,
                      guint                  *pulled,
                      GCancellable           *cancellable,
                      GError                **error)
{
  const char *user_id = debrief_supabase_client_get_user_id (client);
  g_autofree char *owner = g_strconcat ("eq.", user_id != NULL ? user_id : "", NULL);
  g_autofree char *after = NULL;
  g_autofree char *page = g_strdup_printf ("%d", DEBRIEF_MESSAGE_PULL_PAGE);
  Pull pull = { store, client, NULL, cancellable };
  guint count = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), FALSE);
  g_return_val_if_fail (DEBRIEF_IS_SUPABASE_CLIENT (client), FALSE);
  g_return_val_if_fail (until != NULL, FALSE);

  *until = since;
  {
    g_autofree char *time = time_text (since);

    after = g_strconcat ("gt.", time, NULL);
  }

  /* Pages of one query, so rows changed at the same µs are not lost. */
  for (guint offset = 0; ok; offset += DEBRIEF_MESSAGE_PULL_PAGE)
    {
      g_autofree char *skip = g_strdup_printf ("%u", offset);
      const char *params[] = {
        "select", "*",
        "message_type", "eq.whatsapp",
        "direction", "eq.inbound",
        "user_id", owner,
        "updated_at", after,
        "order", "updated_at.asc,id.asc",
        "limit", page,
        "offset", skip,
        NULL
      };
      g_autoptr(JsonArray) rows = debrief_supabase_client_select (client, "conversations", params, cancellable,
                                                                  error);
      guint n;

      if (rows == NULL)
        {
          ok = FALSE;
          break;
        }

      n = json_array_get_length (rows);
      for (guint i = 0; i < n && ok; i++)
        {
          JsonNode *node = json_array_get_element (rows, i);
          JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          gboolean imported = FALSE;

          if (row == NULL)
            {
              g_message ("Skipping a remote message that is not a row");
              continue;
            }

          ok = import_row (&pull, row, &imported, error);
          if (!ok)
            break;
          count += imported ? 1 : 0;
          *until = MAX (*until, time_member (row, "updated_at"));
        }

      if (n < DEBRIEF_MESSAGE_PULL_PAGE)
        break;
    }

  g_clear_pointer (&pull.leads, g_ptr_array_unref);
  if (pulled != NULL)
    *pulled = count;

  return ok;
}
