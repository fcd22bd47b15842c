/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-contacts.c: the repositories of leads (contacts) and their conversations */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"


#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "debrief-store-table.h"

#define OUTBOX_STALE_US ((gint64) 10 * 60 * G_USEC_PER_SEC) /* "sending" this long: a crash */

static const DebriefColumn lead_columns[] = {
  DEBRIEF_COL (DebriefLead, id, TEXT),
  DEBRIEF_COL_FIXED (DebriefLead, user_id, TEXT),
  DEBRIEF_COL (DebriefLead, name, TEXT),
  DEBRIEF_COL (DebriefLead, phone, TEXT),
  DEBRIEF_COL (DebriefLead, email, TEXT),
  DEBRIEF_COL (DebriefLead, whatsapp_opt_in, BOOL),
  DEBRIEF_COL (DebriefLead, notes, TEXT),
  DEBRIEF_COL_FIXED (DebriefLead, created_at, TIME),
  DEBRIEF_COL (DebriefLead, updated_at, TIME),
};

const DebriefTable debrief_table_leads = {
  "leads", "id", FALSE, lead_columns, G_N_ELEMENTS (lead_columns),
  sizeof (DebriefLead), (GDestroyNotify) debrief_lead_free, N_("contact"),
};

static const DebriefColumn conversation_columns[] = {
  DEBRIEF_COL (DebriefConversation, id, TEXT),
  DEBRIEF_COL (DebriefConversation, lead_id, TEXT),
  DEBRIEF_COL_FIXED (DebriefConversation, user_id, TEXT),
  DEBRIEF_COL (DebriefConversation, call_id, TEXT),
  DEBRIEF_COL_ENUM (DebriefConversation, message_type, debrief_message_type_get_type),
  DEBRIEF_COL (DebriefConversation, message, TEXT),
  DEBRIEF_COL_ENUM (DebriefConversation, direction, debrief_direction_get_type),
  DEBRIEF_COL (DebriefConversation, status, TEXT),
  DEBRIEF_COL (DebriefConversation, remote_id, TEXT),
  DEBRIEF_COL_LOCAL (DebriefConversation, media_path, TEXT),
  DEBRIEF_COL (DebriefConversation, error, TEXT),
  DEBRIEF_COL_FIXED (DebriefConversation, created_at, TIME),
  DEBRIEF_COL (DebriefConversation, updated_at, TIME),
};

const DebriefTable debrief_table_conversations = {
  "conversations", "id", FALSE, conversation_columns, G_N_ELEMENTS (conversation_columns),
  sizeof (DebriefConversation), (GDestroyNotify) debrief_conversation_free, N_("conversation"),
};

/**
 * debrief_store_save_lead:
 * @self: a #DebriefStore
 * @lead: the lead; its phone, when set, is in E.164 form (+ and digits)
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_lead (DebriefStore  *self,
                         DebriefLead   *lead,
                         GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (lead != NULL && lead->name != NULL, FALSE);

  if (lead->id == NULL)
    lead->id = g_uuid_string_random ();
  if (lead->user_id == NULL)
    lead->user_id = g_strdup (debrief_store_get_user_id (self));
  lead->updated_at = g_get_real_time ();
  if (lead->created_at == 0)
    lead->created_at = lead->updated_at;

  return debrief_store_upsert (self, &debrief_table_leads, lead, error);
}

DebriefLead *
debrief_store_get_lead (DebriefStore  *self,
                        const char    *id,
                        GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return debrief_store_get_row (self, &debrief_table_leads, "id", id, error);
}

/**
 * debrief_store_list_leads:
 * @self: a #DebriefStore
 * @user_id: (nullable): the owner, or %NULL for the local profile
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefLead): the user's leads by name
 */
GPtrArray *
debrief_store_list_leads (DebriefStore  *self,
                          const char    *user_id,
                          GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return debrief_store_list_rows (self, &debrief_table_leads, "WHERE user_id = ?1 ORDER BY name COLLATE NOCASE, id",
                                  user_id != NULL ? user_id : debrief_store_get_user_id (self),
                                  error);
}

/**
 * debrief_store_delete_lead:
 * @self: a #DebriefStore
 * @id: a lead id
 * @error: return location for a #GError
 *
 * Deletes the lead and its timeline, with the attachments of their replies;
 * its calls stay, without a contact.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_delete_lead (DebriefStore  *self,
                           const char    *id,
                           GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *messages = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  /* Held across both, so a sync thread cannot add a reply in between */
  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  history = debrief_store_list_conversations_for_lead (self, id, error);
  if (history == NULL || !debrief_store_delete_by_id (self, "leads", _("contact"), id, error))
    return FALSE;
  g_clear_pointer (&locker, g_rec_mutex_locker_free);

  /* The attachments of their replies, kept beside the database, go too. */
  dir = g_path_get_dirname (debrief_store_get_path (self));
  messages = g_build_filename (dir, "messages", G_DIR_SEPARATOR_S, NULL);
  for (guint i = 0; i < history->len; i++)
    {
      DebriefConversation *entry = g_ptr_array_index (history, i);

      if (entry->media_path != NULL && entry->direction == DEBRIEF_DIRECTION_INBOUND &&
          g_str_has_prefix (entry->media_path, messages))
        g_unlink (entry->media_path);
    }

  return TRUE;
}

/**
 * debrief_store_save_conversation:
 * @self: a #DebriefStore
 * @conversation: the timeline entry; a missing id, user id or time is filled in
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_save_conversation (DebriefStore         *self,
                                 DebriefConversation  *conversation,
                                 GError              **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (conversation != NULL && conversation->message != NULL, FALSE);

  if (conversation->id == NULL)
    conversation->id = g_uuid_string_random ();
  if (conversation->user_id == NULL)
    conversation->user_id = g_strdup (debrief_store_get_user_id (self));
  conversation->updated_at = g_get_real_time ();
  if (conversation->created_at == 0)
    conversation->created_at = conversation->updated_at;

  return debrief_store_upsert (self, &debrief_table_conversations, conversation, error);
}

/**
 * debrief_store_import_conversation:
 * @self: a #DebriefStore
 * @conversation: a timeline entry from elsewhere (the remote database),
 *   complete: id, user id, message and both times set
 * @error: return location for a #GError
 *
 * Saves @conversation as it is, keeping its id and its times, so the same
 * entry imported again updates the row instead of adding one.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_import_conversation (DebriefStore               *self,
                                   const DebriefConversation  *conversation,
                                   GError                    **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (conversation != NULL, FALSE);
  g_return_val_if_fail (conversation->id != NULL && conversation->user_id != NULL, FALSE);
  g_return_val_if_fail (conversation->message != NULL, FALSE);
  g_return_val_if_fail (conversation->created_at != 0 && conversation->updated_at != 0, FALSE);

  return debrief_store_upsert (self, &debrief_table_conversations, conversation, error);
}

/**
 * debrief_store_list_conversations_for_lead:
 * @self: a #DebriefStore
 * @lead_id: a lead id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefConversation): the contact's
 *   timeline, newest last
 */
GPtrArray *
debrief_store_list_conversations_for_lead (DebriefStore  *self,
                                           const char    *lead_id,
                                           GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (lead_id != NULL, NULL);

  return debrief_store_list_rows (self, &debrief_table_conversations, "WHERE lead_id = ?1 ORDER BY created_at, rowid",
                                  lead_id, error);
}

/**
 * debrief_store_list_conversations_for_call:
 * @self: a #DebriefStore
 * @call_id: a call id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefConversation): the call's
 *   notes and messages, newest last
 */
GPtrArray *
debrief_store_list_conversations_for_call (DebriefStore  *self,
                                           const char    *call_id,
                                           GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  return debrief_store_list_rows (self, &debrief_table_conversations, "WHERE call_id = ?1 ORDER BY created_at, rowid",
                                  call_id, error);
}

/**
 * debrief_store_list_outbox:
 * @self: a #DebriefStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DebriefConversation): the
 *   WhatsApp messages waiting to be sent (status "queued"), oldest first
 */
GPtrArray *
debrief_store_list_outbox (DebriefStore  *self,
                           GError       **error)
{
  g_autofree char *stale = debrief_time_to_text (g_get_real_time () - OUTBOX_STALE_US);
  g_autofree char *where = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  /* A message left "sending" by a crash goes again after a while. */
  where = g_strdup_printf ("WHERE message_type = ?1 AND direction = 'outbound' AND "
                           "(status = 'queued' OR (status = 'sending' AND updated_at < '%s')) "
                           "ORDER BY created_at, rowid", stale);
  return debrief_store_list_rows (self, &debrief_table_conversations, where, "whatsapp", error);
}

/**
 * debrief_store_claim_outbox_message:
 * @self: a #DebriefStore
 * @id: a queued message
 * @error: return location for a #GError
 *
 * Marks the message "sending" when it is still queued, in one statement,
 * so two passes over the outbox (the app's and a dialog's, or two
 * processes) never send it twice. A message left "sending" by a crash is
 * queued again by debrief_store_list_outbox() after ten minutes.
 *
 * Returns: %TRUE when this caller may send it; %FALSE with no error when
 *   another has it
 */
gboolean
debrief_store_claim_outbox_message (DebriefStore  *self,
                                    const char    *id,
                                    GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;
  g_autofree char *stale = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "UPDATE conversations SET status = 'sending', updated_at = ?2 "
                                "WHERE id = ?1 AND (status = 'queued' OR (status = 'sending' AND updated_at < ?3))",
                                error);
  if (stmt == NULL)
    return FALSE;

  now = debrief_time_to_text (g_get_real_time ());
  stale = debrief_time_to_text (g_get_real_time () - OUTBOX_STALE_US);
  debrief_bind_text (stmt, 1, id);
  debrief_bind_text (stmt, 2, now);
  debrief_bind_text (stmt, 3, stale);
  if (!debrief_store_step_done (self, stmt, error))
    return FALSE;

  return sqlite3_changes (debrief_store_get_db (self)) == 1;
}

gboolean
debrief_store_delete_conversation (DebriefStore  *self,
                                   const char    *id,
                                   GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return debrief_store_delete_by_id (self, "conversations", _("conversation"), id, error);
}
