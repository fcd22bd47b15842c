/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-migrations.c: the schema from an empty file and from every earlier version */

#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>

#include "debrief-store.h"
#include "debrief-test-fixture.h"

static DebriefStore *
open_at (const char *path,
         int         version)
{
  g_autoptr(GError) error = NULL;
  DebriefStore *store = g_initable_new (DEBRIEF_TYPE_STORE, NULL, &error,
                                        "path", path,
                                        "target-version", version,
                                        NULL);

  g_assert_no_error (error);
  g_assert_cmpint (debrief_store_get_schema_version (store), ==, version);
  return store;
}

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_from_empty (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = debrief_store_open (path, NULL, &error);
  const char *tables[] = {
    "meta", "profiles", "agents", "voice_settings", "leads", "calls", "call_chunks",
    "conversations", "file_uploads", "analytics_events", "search_docs", "search_fts",
  };

  g_assert_no_error (error);
  g_assert_cmpint (debrief_store_get_schema_version (store), ==, DEBRIEF_STORE_SCHEMA_VERSION);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                              "AND name = '%s'", tables[i]);
      if (count_rows (path, sql) != 1)
        g_error ("table %s is missing", tables[i]);
    }

  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_master WHERE name = 'calls_one_active_per_user'"),
                   ==, 1);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM profiles"), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&store));
  debrief_test_remove_data_dir (dir);
}

/* What a person could have stored at @version, made with that version's schema. */
static void
fill (DebriefStore *store,
      int           version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
  g_autoptr(DebriefConversation) note = debrief_conversation_new ();

  if (version < 1)
    return;

  call->title = g_strdup ("Legacy discovery call");
  call->call_notes = g_strdup ("Budget approved in Q3");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  g_assert_true (debrief_store_save_call (store, call, &error));
  g_assert_no_error (error);

  chunk->call_id = g_strdup (call->id);
  chunk->user_transcript = g_strdup ("We migrated from spreadsheets last year");
  g_assert_true (debrief_store_save_chunk (store, chunk, &error));

  note->call_id = g_strdup (call->id);
  note->message_type = DEBRIEF_MESSAGE_TYPE_NOTE;
  note->message = g_strdup ("Send the onboarding checklist");
  g_assert_true (debrief_store_save_conversation (store, note, &error));
  g_assert_no_error (error);
}

static void
test_from_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) old = open_at (path, version);
  g_autoptr(DebriefStore) store = NULL;
  g_autofree char *user_id = g_strdup (debrief_store_get_user_id (old));

  fill (old, version);
  g_assert_finalize_object (g_steal_pointer (&old));

  store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (debrief_store_get_schema_version (store), ==, DEBRIEF_STORE_SCHEMA_VERSION);

  if (version >= 1)
    {
      g_autoptr(GPtrArray) calls = debrief_store_list_calls (store, 0, 10, &error);
      g_autoptr(GPtrArray) chunks = NULL;
      g_autoptr(GPtrArray) hits = NULL;

      /* The profile and the data survive, and what was stored before search
       * existed can be found. */
      g_assert_cmpstr (debrief_store_get_user_id (store), ==, user_id);
      g_assert_cmpuint (calls->len, ==, 1);
      chunks = debrief_store_list_chunks (store, ((DebriefCall *) calls->pdata[0])->id, &error);
      g_assert_cmpuint (chunks->len, ==, 1);

      for (guint i = 0; i < 4; i++)
        {
          const char *words[] = { "discovery", "budget", "spreadsheets", "onboarding" };

          g_clear_pointer (&hits, g_ptr_array_unref);
          hits = debrief_store_search (store, words[i], 10, &error);
          g_assert_no_error (error);
          if (hits->len != 1)
            g_error ("“%s”, stored at schema %d, is not found after migrating", words[i], version);
        }
    }

  g_assert_finalize_object (g_steal_pointer (&store));
  debrief_test_remove_data_dir (dir);
}

static void
test_failed_migration_changes_nothing (void)
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) old = open_at (path, 1);
  sqlite3 *db = NULL;

  fill (old, 1);
  g_assert_finalize_object (g_steal_pointer (&old));

  /* Something in the file that migration 1 → 2 (the search index) trips over. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE search_docs (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_null (debrief_store_open (path, NULL, &error));
  g_assert_nonnull (error);

  /* The migration was one transaction: the file is as it was. */
  g_assert_cmpint (count_rows (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM calls"), ==, 1);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_master WHERE name = 'search_fts'"), ==, 0);

  debrief_test_remove_data_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/from-empty", test_from_empty);
  for (int version = 0; version < DEBRIEF_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("/migrations/from-version-%d", version);
      g_test_add_data_func (name, GINT_TO_POINTER (version), test_from_version);
    }
  g_test_add_func ("/migrations/failure-is-atomic", test_failed_migration_changes_nothing);

  return g_test_run ();
}
