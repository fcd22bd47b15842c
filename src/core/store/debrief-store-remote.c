/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-remote.c: a call's rows as the remote database (Supabase REST) takes them */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-table.h"

/* Parents first, so the remote foreign keys hold. Replies came from the
 * remote table (debrief_message_pull()) and are not sent back over it. */
static const struct
{
  const DebriefTable *table;
  const char         *tail;
} remote_tables[] = {
  { &debrief_table_agents, "WHERE id = (SELECT ai_agent_id FROM calls WHERE id = ?1)" },
  { &debrief_table_leads, "WHERE id = (SELECT lead_id FROM calls WHERE id = ?1)" },
  { &debrief_table_calls, "WHERE id = ?1" },
  { &debrief_table_chunks, "WHERE call_id = ?1 ORDER BY seq" },
  { &debrief_table_conversations, "WHERE call_id = ?1 AND direction <> 'inbound' ORDER BY created_at" },
  { &debrief_table_file_uploads, "WHERE call_id = ?1 ORDER BY created_at" },
};

/**
 * debrief_store_remote_tables:
 *
 * Returns: (transfer none): the tables a call's rows are kept in remotely
 *   (with the same names as here), parents first, %NULL-terminated
 */
const char * const *
debrief_store_remote_tables (void)
{
  static const char * const names[] = {
    "agents", "leads", "calls", "call_chunks", "conversations", "file_uploads", NULL
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (remote_tables) + 1);

  return names;
}

/**
 * debrief_store_remote_rows:
 * @self: a #DebriefStore
 * @table: one of debrief_store_remote_tables()
 * @call_id: the call
 * @owner: (nullable): the remote user id that owns the rows
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a JSON array of the call's rows in @table, with
 *   the column names and @owner as `user_id`; upserting it twice is harmless
 *   since the ids are made here
 */
JsonNode *
debrief_store_remote_rows (DebriefStore  *self,
                           const char    *table,
                           const char    *call_id,
                           const char    *owner,
                           GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (remote_tables); i++)
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (g_strcmp0 (remote_tables[i].table->name, table) != 0)
        continue;

      rows = debrief_store_list_rows (self, remote_tables[i].table, remote_tables[i].tail, call_id, error);
      if (rows == NULL)
        return NULL;

      return debrief_table_rows_to_json (remote_tables[i].table, rows, owner);
    }

  g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND,
               _("“%s” is not a table Debrief keeps remotely"), table);
  return NULL;
}
