/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-search.c: full-text search over titles, notes, transcripts and conversations */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include "debrief-store-private.h"

#define MAX_QUERY_WORDS 32

static gboolean
is_word_char (gunichar c)
{
  /* What the unicode61 tokenizer keeps: letters, digits, private use, and
   * the combining marks that remove_diacritics folds away. */
  return g_unichar_isalnum (c) || g_unichar_ismark (c) ||
         g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

/**
 * debrief_store_build_match_query:
 * @text: whatever a person typed into a search field
 *
 * Turns free text into an FTS5 query that cannot be a syntax error: every
 * word is quoted, FTS5 operators and punctuation are dropped, and the last
 * word matches as a prefix so results follow typing.
 *
 * Returns: (transfer full) (nullable): the MATCH expression, or %NULL when
 *   @text has no words
 */
char *
debrief_store_build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  guint n_words = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_word_char (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0 && n_words < MAX_QUERY_WORDS)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          /* Only letters and digits are in @word, so it needs no escaping. */
          g_string_append_printf (query, "\"%s\"", word->str);
          n_words++;
        }
      g_string_truncate (word, 0);

      if (c == 0)
        break;
    }

  if (n_words == 0)
    return NULL;

  g_string_append_c (query, '*');
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static gpointer
hit_from_row (sqlite3_stmt *stmt)
{
  DebriefSearchHit *hit = debrief_search_hit_new ();

  hit->call_id = debrief_column_text (stmt, 0);
  hit->snippet = debrief_column_text (stmt, 1);
  hit->score = sqlite3_column_double (stmt, 2);

  return hit;
}

/**
 * debrief_store_search:
 * @self: a #DebriefStore
 * @text: free text, as typed
 * @limit: how many calls at most
 * @error: return location for a #GError
 *
 * Finds the calls whose title, notes, transcript or conversations contain
 * all the words of @text, best match first, each with a snippet whose
 * matches are between %DEBRIEF_SEARCH_MATCH_START and
 * %DEBRIEF_SEARCH_MATCH_END. Any text is accepted.
 *
 * Returns: (transfer full) (element-type DebriefSearchHit): the hits
 */
GPtrArray *
debrief_store_search (DebriefStore  *self,
                      const char    *text,
                      guint          limit,
                      GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *match = NULL;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  match = debrief_store_build_match_query (text);
  if (match == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_search_hit_free);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  /* The best-ranked document of each call gives its snippet (SQLite takes
   * the bare columns of a min() aggregate from the row holding the minimum). */
  stmt = debrief_store_prepare (self,
                                "SELECT call_id, snip, min (score) AS best FROM ("
                                "  SELECT d.call_id AS call_id, bm25 (search_fts) AS score,"
                                "         snippet (search_fts, 0, char (2), char (3), '…', 12) AS snip"
                                "  FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid"
                                "  WHERE search_fts MATCH ?1 AND d.call_id IS NOT NULL"
                                ") GROUP BY call_id ORDER BY best, call_id LIMIT ?2",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit);

  return debrief_store_collect_rows (self, stmt, hit_from_row,
                                     (GDestroyNotify) debrief_search_hit_free, error);
}

typedef struct
{
  char  *text;
  guint  limit;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->text);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  GError *error = NULL;
  GPtrArray *hits;

  if (g_task_return_error_if_cancelled (task))
    return;

  hits = debrief_store_search (source_object, data->text, data->limit, &error);
  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

void
debrief_store_search_async (DebriefStore        *self,
                            const char          *text,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  g_return_if_fail (DEBRIEF_IS_STORE (self));
  g_return_if_fail (text != NULL);

  data = g_new0 (SearchData, 1);
  data->text = g_strdup (text);
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_store_search_async);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
debrief_store_search_finish (DebriefStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
