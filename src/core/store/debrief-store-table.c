/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-table.c: tables described once, so records are read, saved and listed by one code path */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-store-table.h"

#define MEMBER(record, column, type) (*(type *) ((guint8 *) (record) + (column)->offset))

static void
append_column_names (GString            *sql,
                     const DebriefTable *table)
{
  for (gsize i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->columns[i].name);
}

/**
 * debrief_table_select_sql:
 * @table: a table
 * @tail: (nullable): what follows `FROM table`, such as a WHERE clause
 *
 * Returns: (transfer full): a SELECT of all of @table's columns, in order
 */
char *
debrief_table_select_sql (const DebriefTable *table,
                          const char         *tail)
{
  GString *sql = g_string_new ("SELECT ");

  append_column_names (sql, table);
  g_string_append_printf (sql, " FROM %s %s", table->name, tail != NULL ? tail : "");

  return g_string_free (sql, FALSE);
}

/**
 * debrief_table_read_row:
 * @table: a table
 * @stmt: a statement on a row of debrief_table_select_sql()
 *
 * Returns: (transfer full): a new record of the row
 */
gpointer
debrief_table_read_row (const DebriefTable *table,
                        sqlite3_stmt       *stmt)
{
  gpointer record = g_malloc0 (table->record_size);

  for (gsize i = 0; i < table->n_columns; i++)
    {
      const DebriefColumn *column = &table->columns[i];
      int col = (int) i;

      switch (column->type)
        {
        case DEBRIEF_COLUMN_TEXT:
          MEMBER (record, column, char *) = debrief_column_text (stmt, col);
          break;

        case DEBRIEF_COLUMN_TIME:
          MEMBER (record, column, gint64) = debrief_column_time (stmt, col);
          break;

        case DEBRIEF_COLUMN_INT:
          MEMBER (record, column, gint64) = sqlite3_column_int64 (stmt, col);
          break;

        case DEBRIEF_COLUMN_DOUBLE:
          MEMBER (record, column, double) = sqlite3_column_double (stmt, col);
          break;

        case DEBRIEF_COLUMN_OPTIONAL_DOUBLE:
          MEMBER (record, column, double) = sqlite3_column_type (stmt, col) == SQLITE_NULL
                                            ? -1 : sqlite3_column_double (stmt, col);
          break;

        case DEBRIEF_COLUMN_BOOL:
          MEMBER (record, column, gboolean) = sqlite3_column_int (stmt, col) != 0;
          break;

        case DEBRIEF_COLUMN_ENUM:
          MEMBER (record, column, int) = debrief_column_enum (stmt, col, column->enum_type ());
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return record;
}

static void
add_member_json (JsonBuilder         *builder,
                 const DebriefColumn *column,
                 gconstpointer        record)
{
  json_builder_set_member_name (builder, column->name);

  switch (column->type)
    {
    case DEBRIEF_COLUMN_TEXT:
      if (MEMBER (record, column, char *) != NULL)
        json_builder_add_string_value (builder, MEMBER (record, column, char *));
      else
        json_builder_add_null_value (builder);
      break;

    case DEBRIEF_COLUMN_TIME:
    {
      g_autofree char *text = MEMBER (record, column, gint64) != 0
                                ? debrief_time_to_text (MEMBER (record, column, gint64)) : NULL;

      if (text != NULL)
        json_builder_add_string_value (builder, text);
      else
        json_builder_add_null_value (builder);
    }
    break;

    case DEBRIEF_COLUMN_INT:
      json_builder_add_int_value (builder, MEMBER (record, column, gint64));
      break;

    case DEBRIEF_COLUMN_DOUBLE:
      json_builder_add_double_value (builder, MEMBER (record, column, double));
      break;

    case DEBRIEF_COLUMN_OPTIONAL_DOUBLE:
      if (MEMBER (record, column, double) < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_double_value (builder, MEMBER (record, column, double));
      break;

    case DEBRIEF_COLUMN_BOOL:
      json_builder_add_boolean_value (builder, MEMBER (record, column, gboolean));
      break;

    case DEBRIEF_COLUMN_ENUM:
    {
      const char *nick = debrief_enum_to_nick (column->enum_type (), MEMBER (record, column, int));

      if (nick != NULL && g_strcmp0 (nick, "none") != 0)
        json_builder_add_string_value (builder, nick);
      else
        json_builder_add_null_value (builder);
    }
    break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * debrief_table_rows_to_json:
 * @table: a table
 * @rows: (element-type gpointer): its records
 * @owner: (nullable): for the remote database: the user id to put in a
 *   `user_id` column instead of the local one (the Supabase user's); local
 *   columns (paths on this computer) are then left out
 *
 * Returns: (transfer full): a JSON array of rows with the column names, as
 *   PostgREST takes them: times as ISO 8601, enums as their names
 */
JsonNode *
debrief_table_rows_to_json (const DebriefTable *table,
                            GPtrArray          *rows,
                            const char         *owner)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      gconstpointer record = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      for (gsize c = 0; c < table->n_columns; c++)
        {
          if (owner != NULL && table->columns[c].local)
            continue;
          if (owner != NULL && g_str_equal (table->columns[c].name, "user_id"))
            {
              json_builder_set_member_name (builder, "user_id");
              json_builder_add_string_value (builder, owner);
            }
          else
            add_member_json (builder, &table->columns[c], record);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
bind_member (sqlite3_stmt        *stmt,
             int                  idx,
             const DebriefColumn *column,
             gconstpointer        record)
{
  switch (column->type)
    {
    case DEBRIEF_COLUMN_TEXT:
      debrief_bind_text (stmt, idx, MEMBER (record, column, char *));
      break;

    case DEBRIEF_COLUMN_TIME:
      debrief_bind_time (stmt, idx, MEMBER (record, column, gint64));
      break;

    case DEBRIEF_COLUMN_INT:
      sqlite3_bind_int64 (stmt, idx, MEMBER (record, column, gint64));
      break;

    case DEBRIEF_COLUMN_DOUBLE:
      sqlite3_bind_double (stmt, idx, MEMBER (record, column, double));
      break;

    case DEBRIEF_COLUMN_OPTIONAL_DOUBLE:
      if (MEMBER (record, column, double) < 0)
        sqlite3_bind_null (stmt, idx);
      else
        sqlite3_bind_double (stmt, idx, MEMBER (record, column, double));
      break;

    case DEBRIEF_COLUMN_BOOL:
      sqlite3_bind_int (stmt, idx, MEMBER (record, column, gboolean) ? 1 : 0);
      break;

    case DEBRIEF_COLUMN_ENUM:
      debrief_bind_enum (stmt, idx, column->enum_type (), MEMBER (record, column, int));
      break;

    default:
      g_assert_not_reached ();
    }
}

static char *
upsert_sql (const DebriefTable *table)
{
  GString *sql = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append_printf (sql, "INSERT INTO %s (", table->name);
  append_column_names (sql, table);
  g_string_append (sql, ") VALUES (");
  for (gsize i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, "%s?%" G_GSIZE_FORMAT, i > 0 ? ", " : "", i + 1);
  g_string_append_printf (sql, ") ON CONFLICT (%s) DO ", table->conflict);

  if (table->insert_only)
    {
      g_string_append (sql, "NOTHING");
      return g_string_free (sql, FALSE);
    }

  g_string_append (sql, "UPDATE SET ");
  for (gsize i = 0; i < table->n_columns; i++)
    {
      const DebriefColumn *column = &table->columns[i];

      if (column->fixed || g_str_equal (column->name, table->conflict))
        continue;

      g_string_append_printf (sql, "%s%s = excluded.%s", first ? "" : ", ", column->name, column->name);
      first = FALSE;
    }

  return g_string_free (sql, FALSE);
}

/**
 * debrief_store_upsert:
 * @self: a #DebriefStore
 * @table: the record's table
 * @record: the record, complete: ids and times filled in
 * @error: return location for a #GError
 *
 * Inserts @record, or updates the row with the same conflict column (but
 * for its fixed columns). Ids are made on the client, so a repeated save is
 * harmless.
 *
 * Returns: %TRUE on success
 */
gboolean
debrief_store_upsert (DebriefStore        *self,
                      const DebriefTable  *table,
                      gconstpointer        record,
                      GError             **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  g_autofree char *sql = upsert_sql (table);
  g_autoptr(sqlite3_stmt) stmt = debrief_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  for (gsize i = 0; i < table->n_columns; i++)
    bind_member (stmt, (int) i + 1, &table->columns[i], record);

  return debrief_store_step_done (self, stmt, error);
}

/**
 * debrief_store_collect:
 * @self: a #DebriefStore
 * @table: the table @stmt selects from, with debrief_table_select_sql()
 * @stmt: a bound statement
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the records of all of @stmt's rows
 */
GPtrArray *
debrief_store_collect (DebriefStore        *self,
                       const DebriefTable  *table,
                       sqlite3_stmt        *stmt,
                       GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (table->free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, debrief_table_read_row (table, stmt));

  if (rc != SQLITE_DONE)
    {
      debrief_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/**
 * debrief_store_get_row:
 * @self: a #DebriefStore
 * @table: a table
 * @column: a unique column
 * @value: the value of @column to find
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record, or %NULL with %DEBRIEF_STORE_ERROR_NOT_FOUND
 */
gpointer
debrief_store_get_row (DebriefStore        *self,
                       const DebriefTable  *table,
                       const char          *column,
                       const char          *value,
                       GError             **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  g_autofree char *where = g_strdup_printf ("WHERE %s = ?1", column);
  g_autofree char *sql = debrief_table_select_sql (table, where);
  g_autoptr(sqlite3_stmt) stmt = debrief_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, value);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return debrief_table_read_row (table, stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND,
                 _("No %s with id “%s”"), _(table->what), value);
  else
    debrief_store_set_error (self, rc, error);

  return NULL;
}

/**
 * debrief_store_list_rows:
 * @self: a #DebriefStore
 * @table: a table
 * @tail: what follows `FROM table`, where `?1` is @value
 * @value: (nullable): the text bound to `?1`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the records
 */
GPtrArray *
debrief_store_list_rows (DebriefStore        *self,
                         const DebriefTable  *table,
                         const char          *tail,
                         const char          *value,
                         GError             **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));
  g_autofree char *sql = debrief_table_select_sql (table, tail);
  g_autoptr(sqlite3_stmt) stmt = debrief_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, value);
  return debrief_store_collect (self, table, stmt, error);
}
