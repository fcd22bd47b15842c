/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-contacts.c: the repositories of leads (contacts) and their conversations */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-private.h"

#define LEAD_COLUMNS \
  "id, user_id, name, phone, email, whatsapp_opt_in, notes, created_at, updated_at"

static gpointer
lead_from_row (sqlite3_stmt *stmt)
{
  DebriefLead *l = debrief_lead_new ();

  l->id = debrief_column_text (stmt, 0);
  l->user_id = debrief_column_text (stmt, 1);
  l->name = debrief_column_text (stmt, 2);
  l->phone = debrief_column_text (stmt, 3);
  l->email = debrief_column_text (stmt, 4);
  l->whatsapp_opt_in = sqlite3_column_int (stmt, 5) != 0;
  l->notes = debrief_column_text (stmt, 6);
  l->created_at = debrief_column_time (stmt, 7);
  l->updated_at = debrief_column_time (stmt, 8);

  return l;
}

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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (lead != NULL && lead->name != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (lead->id == NULL)
    lead->id = g_uuid_string_random ();
  if (lead->user_id == NULL)
    lead->user_id = g_strdup (debrief_store_get_user_id (self));
  lead->updated_at = g_get_real_time ();
  if (lead->created_at == 0)
    lead->created_at = lead->updated_at;

  stmt = debrief_store_prepare (self,
                                "INSERT INTO leads (" LEAD_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                "ON CONFLICT (id) DO UPDATE SET "
                                "  name = excluded.name, phone = excluded.phone, email = excluded.email, "
                                "  whatsapp_opt_in = excluded.whatsapp_opt_in, notes = excluded.notes, "
                                "  updated_at = excluded.updated_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, lead->id);
  debrief_bind_text (stmt, 2, lead->user_id);
  debrief_bind_text (stmt, 3, lead->name);
  debrief_bind_text (stmt, 4, lead->phone);
  debrief_bind_text (stmt, 5, lead->email);
  sqlite3_bind_int (stmt, 6, lead->whatsapp_opt_in ? 1 : 0);
  debrief_bind_text (stmt, 7, lead->notes);
  debrief_bind_time (stmt, 8, lead->created_at);
  debrief_bind_time (stmt, 9, lead->updated_at);

  return debrief_store_step_done (self, stmt, error);
}

DebriefLead *
debrief_store_get_lead (DebriefStore  *self,
                        const char    *id,
                        GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self, "SELECT " LEAD_COLUMNS " FROM leads WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, id);
  return debrief_store_collect_one (self, stmt, lead_from_row, _("contact"), id, error);
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  stmt = debrief_store_prepare (self,
                                "SELECT " LEAD_COLUMNS " FROM leads WHERE user_id = ?1 "
                                "ORDER BY name COLLATE NOCASE, id",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, user_id != NULL ? user_id : debrief_store_get_user_id (self));
  return debrief_store_collect_rows (self, stmt, lead_from_row,
                                     (GDestroyNotify) debrief_lead_free, error);
}

/**
 * debrief_store_delete_lead:
 * @self: a #DebriefStore
 * @id: a lead id
 * @error: return location for a #GError
 *
 * Deletes the lead and its timeline; its calls stay, without a contact.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_delete_lead (DebriefStore  *self,
                           const char    *id,
                           GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return debrief_store_delete_by_id (self, "leads", _("contact"), id, error);
}

#define CONVERSATION_COLUMNS \
  "id, lead_id, user_id, call_id, message_type, message, direction, status, " \
  "remote_id, media_path, error, created_at, updated_at"

static gpointer
conversation_from_row (sqlite3_stmt *stmt)
{
  DebriefConversation *v = debrief_conversation_new ();

  v->id = debrief_column_text (stmt, 0);
  v->lead_id = debrief_column_text (stmt, 1);
  v->user_id = debrief_column_text (stmt, 2);
  v->call_id = debrief_column_text (stmt, 3);
  v->message_type = debrief_column_enum (stmt, 4, DEBRIEF_TYPE_MESSAGE_TYPE);
  v->message = debrief_column_text (stmt, 5);
  v->direction = debrief_column_enum (stmt, 6, DEBRIEF_TYPE_DIRECTION);
  v->status = debrief_column_text (stmt, 7);
  v->remote_id = debrief_column_text (stmt, 8);
  v->media_path = debrief_column_text (stmt, 9);
  v->error = debrief_column_text (stmt, 10);
  v->created_at = debrief_column_time (stmt, 11);
  v->updated_at = debrief_column_time (stmt, 12);

  return v;
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
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), FALSE);
  g_return_val_if_fail (conversation != NULL && conversation->message != NULL, FALSE);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  if (conversation->id == NULL)
    conversation->id = g_uuid_string_random ();
  if (conversation->user_id == NULL)
    conversation->user_id = g_strdup (debrief_store_get_user_id (self));
  conversation->updated_at = g_get_real_time ();
  if (conversation->created_at == 0)
    conversation->created_at = conversation->updated_at;

  stmt = debrief_store_prepare (self,
                                "INSERT INTO conversations (" CONVERSATION_COLUMNS ") "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                                "ON CONFLICT (id) DO UPDATE SET "
                                "  lead_id = excluded.lead_id, call_id = excluded.call_id, "
                                "  message_type = excluded.message_type, message = excluded.message, "
                                "  direction = excluded.direction, status = excluded.status, "
                                "  remote_id = excluded.remote_id, media_path = excluded.media_path, "
                                "  error = excluded.error, updated_at = excluded.updated_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, conversation->id);
  debrief_bind_text (stmt, 2, conversation->lead_id);
  debrief_bind_text (stmt, 3, conversation->user_id);
  debrief_bind_text (stmt, 4, conversation->call_id);
  debrief_bind_enum (stmt, 5, DEBRIEF_TYPE_MESSAGE_TYPE, conversation->message_type);
  debrief_bind_text (stmt, 6, conversation->message);
  debrief_bind_enum (stmt, 7, DEBRIEF_TYPE_DIRECTION, conversation->direction);
  debrief_bind_text (stmt, 8, conversation->status);
  debrief_bind_text (stmt, 9, conversation->remote_id);
  debrief_bind_text (stmt, 10, conversation->media_path);
  debrief_bind_text (stmt, 11, conversation->error);
  debrief_bind_time (stmt, 12, conversation->created_at);
  debrief_bind_time (stmt, 13, conversation->updated_at);

  return debrief_store_step_done (self, stmt, error);
}

static GPtrArray *
list_conversations_where (DebriefStore  *self,
                          const char    *column,
                          const char    *value,
                          GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  g_autofree char *sql = g_strdup_printf ("SELECT " CONVERSATION_COLUMNS " FROM conversations "
                                          "WHERE %s = ?1 ORDER BY created_at, rowid",
                                          column);
  g_autoptr(sqlite3_stmt) stmt = debrief_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, value);
  return debrief_store_collect_rows (self, stmt, conversation_from_row,
                                     (GDestroyNotify) debrief_conversation_free, error);
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

  return list_conversations_where (self, "lead_id", lead_id, error);
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

  return list_conversations_where (self, "call_id", call_id, error);
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
