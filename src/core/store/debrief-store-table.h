/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-table.h: tables described once, so records are read, saved and listed by one code path */

#pragma once

#include <json-glib/json-glib.h>

#include "debrief-store-private.h"

G_BEGIN_DECLS

typedef enum
{
  DEBRIEF_COLUMN_TEXT,   /* char *, NULL is SQL NULL */
  DEBRIEF_COLUMN_TIME,   /* gint64 µs since the epoch, stored as ISO 8601 text; 0 is NULL */
  DEBRIEF_COLUMN_INT,    /* gint64 */
  DEBRIEF_COLUMN_DOUBLE, /* double */
  DEBRIEF_COLUMN_OPTIONAL_DOUBLE, /* double; negative is SQL NULL */
  DEBRIEF_COLUMN_BOOL,   /* gboolean, stored as 0 or 1 */
  DEBRIEF_COLUMN_ENUM,   /* an enum stored as its nick; a "none" nick is NULL */
} DebriefColumnType;

typedef struct
{
  const char        *name;
  DebriefColumnType  type;
  gsize              offset;
  GType            (*enum_type) (void);
  gboolean           fixed; /* kept as first saved: saving again does not change it */
  gboolean           local; /* names something on this computer: not sent to the remote database */
} DebriefColumn;

typedef struct
{
  const char          *name;
  const char          *conflict; /* the unique column a save upserts on */
  gboolean             insert_only; /* a second save of the same row changes nothing */
  const DebriefColumn *columns;
  gsize                n_columns;
  gsize                record_size;
  GDestroyNotify       free_func;
  const char          *what; /* for "No %s with id …" */
} DebriefTable;

#define DEBRIEF_COL(Type, member, column_type) \
  { #member, DEBRIEF_COLUMN_##column_type, G_STRUCT_OFFSET (Type, member), NULL, FALSE, FALSE }
#define DEBRIEF_COL_FIXED(Type, member, column_type) \
  { #member, DEBRIEF_COLUMN_##column_type, G_STRUCT_OFFSET (Type, member), NULL, TRUE, FALSE }
#define DEBRIEF_COL_LOCAL(Type, member, column_type) \
  { #member, DEBRIEF_COLUMN_##column_type, G_STRUCT_OFFSET (Type, member), NULL, FALSE, TRUE }
#define DEBRIEF_COL_ENUM(Type, member, get_type) \
  { #member, DEBRIEF_COLUMN_ENUM, G_STRUCT_OFFSET (Type, member), get_type, FALSE, FALSE }

/* The tables whose rows are also kept in Supabase */
extern const DebriefTable debrief_table_agents;
extern const DebriefTable debrief_table_leads;
extern const DebriefTable debrief_table_calls;
extern const DebriefTable debrief_table_chunks;
extern const DebriefTable debrief_table_conversations;
extern const DebriefTable debrief_table_file_uploads;

JsonNode  *debrief_table_rows_to_json (const DebriefTable *table,
                                       GPtrArray          *rows,
                                       const char         *owner);
char      *debrief_table_select_sql (const DebriefTable  *table,
                                     const char          *tail);
gpointer   debrief_table_read_row   (const DebriefTable  *table,
                                     sqlite3_stmt        *stmt);

gboolean   debrief_store_upsert     (DebriefStore        *self,
                                     const DebriefTable  *table,
                                     gconstpointer        record,
                                     GError             **error);
gpointer   debrief_store_get_row    (DebriefStore        *self,
                                     const DebriefTable  *table,
                                     const char          *column,
                                     const char          *value,
                                     GError             **error);
GPtrArray *debrief_store_list_rows  (DebriefStore        *self,
                                     const DebriefTable  *table,
                                     const char          *tail,
                                     const char          *value,
                                     GError             **error);
GPtrArray *debrief_store_collect    (DebriefStore        *self,
                                     const DebriefTable  *table,
                                     sqlite3_stmt        *stmt,
                                     GError             **error);

G_END_DECLS
