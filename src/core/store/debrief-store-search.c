/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-search.c: full-text search over titles, notes, transcripts and conversations */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include "debrief-store-private.h"

#define MAX_QUERY_WORDS 32
#define MAX_PREFIX_TERMS 16
#define SEARCH_WINDOW   500 /* the newest matching documents ranked; see debrief_store_search() */

/* FTS5's operators, typed in capitals, read as "I mean all of these words". */
static gboolean
is_operator (const char *word)
{
  return g_str_equal (word, "AND") || g_str_equal (word, "OR") ||
         g_str_equal (word, "NOT") || g_str_equal (word, "NEAR");
}

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
 * word is quoted, punctuation is dropped, capitalised operators (AND, OR,
 * NOT, NEAR) are dropped when there are other words, and the last word
 * matches as a prefix so results follow typing.
 *
 * Returns: (transfer full) (nullable): the MATCH expression, or %NULL when
 *   @text has no words
 */
char *
debrief_store_build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  guint n_operators = 0;

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

      if (word->len > 0 && words->len < MAX_QUERY_WORDS)
        {
          n_operators += is_operator (word->str);
          g_ptr_array_add (words, g_strdup (word->str));
        }
      g_string_truncate (word, 0);

      if (c == 0)
        break;
    }

  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);

      if (n_operators < words->len && is_operator (w))
        continue;

      if (query->len > 0)
        g_string_append_c (query, ' ');
      /* Only letters, digits and marks are in @w, so it needs no escaping. */
      g_string_append_printf (query, "\"%s\"", w);
    }

  if (query->len == 0)
    return NULL;

  g_string_append_c (query, '*');
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* unicode61 with remove_diacritics 2: lower case, no accents. */
static char *
fold_like_tokenizer (const char *word)
{
  g_autofree char *folded = g_utf8_casefold (word, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *plain = g_string_new (NULL);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type != G_UNICODE_NON_SPACING_MARK && type != G_UNICODE_SPACING_MARK && type != G_UNICODE_ENCLOSING_MARK)
        g_string_append_unichar (plain, c);
    }

  return g_string_free (plain, FALSE);
}

/* The last word matches as a prefix, and FTS5 answers a prefix query by
 * merging the match lists of every term it starts: the whole list, however
 * few results are wanted. When the index holds only a few terms with that
 * prefix they are asked for by name instead, which FTS5 walks newest first
 * and stops. */
static char *
expand_last_prefix (DebriefStore  *self,
                    const char    *match,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) terms = g_string_new (NULL);
  g_autofree char *prefix = NULL;
  g_autofree char *end = NULL;
  const char *open_quote;
  gsize head_length;
  guint n_terms = 0;
  int rc;

  /* @match ends with "word"*; words hold no quotes. */
  if (!g_str_has_suffix (match, "\"*"))
    return g_strdup (match);
  head_length = strlen (match) - 2;
  open_quote = g_utf8_strrchr (match, head_length, '"');
  if (open_quote == NULL)
    return g_strdup (match);

  {
    g_autofree char *word = g_strndup (open_quote + 1, match + head_length - open_quote - 1);

    prefix = fold_like_tokenizer (word);
  }
  end = g_strconcat (prefix, "\xf4\x8f\xbf\xbf", NULL);

  if (g_object_get_data (G_OBJECT (self), "debrief-search-vocab") == NULL)
    {
      if (!debrief_store_exec (self, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab"
                               " USING fts5vocab (main, search_fts, row)", error))
        return NULL;
      g_object_set_data (G_OBJECT (self), "debrief-search-vocab", GINT_TO_POINTER (TRUE));
    }

  stmt = debrief_store_prepare (self, "SELECT term FROM temp.search_vocab WHERE term >= ?1 AND term < ?2 "
                                "ORDER BY term LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  debrief_bind_text (stmt, 1, prefix);
  debrief_bind_text (stmt, 2, end);
  sqlite3_bind_int (stmt, 3, MAX_PREFIX_TERMS + 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *term = debrief_column_text (stmt, 0);
      g_auto(GStrv) parts = g_strsplit (term != NULL ? term : "", "\"", -1);
      g_autofree char *quoted = g_strjoinv ("\"\"", parts);

      g_string_append_printf (terms, "%s\"%s\"", n_terms > 0 ? " OR " : "", quoted);
      n_terms++;
    }
  if (rc != SQLITE_DONE)
    {
      debrief_store_set_error (self, rc, error);
      return NULL;
    }

  /* Too many to list: the prefix query after all (a word's first letters). */
  if (n_terms > MAX_PREFIX_TERMS)
    return g_strdup (match);
  /* No term starts so: nothing can match; the word alone says so quickly. */
  if (n_terms == 0)
    return g_strndup (match, head_length + 1);

  /* FTS5 wants an explicit AND before a parenthesised group. */
  return g_strdup_printf ("%.*s%s(%s)", (int) (open_quote - match), match, open_quote > match ? "AND " : "",
                          terms->str);
}

/* Snippets only for the documents shown, in one pass over the matches
 * from the oldest of them on: FTS5 looks a single row up in a prefix query
 * by reading the whole match list, so one lookup per hit would cost as
 * much as the search, fifty times. */
static gboolean
add_snippets (DebriefStore  *self,
              const char    *match,
              GPtrArray     *hits,
              GArray        *docs,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) list = g_string_new ("[");
  gint64 oldest = G_MAXINT64;
  int rc;

  if (hits->len == 0)
    return TRUE;

  for (guint i = 0; i < docs->len; i++)
    {
      gint64 *doc = &g_array_index (docs, gint64, i);

      g_hash_table_insert (wanted, doc, g_ptr_array_index (hits, i));
      g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", *doc);
      oldest = MIN (oldest, *doc);
    }
  g_string_append_c (list, ']');

  stmt = debrief_store_prepare (self,
                                "SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each (?3))"
                                "  THEN snippet (search_fts, 0, char (2), char (3), '…', 12) END "
                                "FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 ORDER BY rowid DESC",
                                error);
  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, oldest);
  debrief_bind_text (stmt, 3, list->str);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 doc = sqlite3_column_int64 (stmt, 0);
      DebriefSearchHit *hit = g_hash_table_lookup (wanted, &doc);

      if (hit != NULL && hit->snippet == NULL)
        hit->snippet = debrief_column_text (stmt, 1);
    }

  if (rc != SQLITE_DONE)
    return debrief_store_set_error (self, rc, error);

  return TRUE;
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
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GArray) docs = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *match = NULL;
  int rc;

  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_search_hit_free);

  typed = debrief_store_build_match_query (text);
  if (typed == NULL)
    return g_steal_pointer (&hits);

  locker = g_rec_mutex_locker_new (debrief_store_get_lock (self));

  match = expand_last_prefix (self, typed, error);
  if (match == NULL)
    return NULL;

  /* The best-ranked document of each call stands for it (SQLite takes the
   * bare columns of a min() aggregate from the row holding the minimum).
   * bm25() cannot run inside an aggregate, hence the materialized CTE.
   * Ranking reads the newest SEARCH_WINDOW matching documents only (FTS5
   * walks them newest first and stops): a word said in a quarter of a
   * million chunks is ranked among recent calls in milliseconds, and a
   * rarer one, with fewer matches than that, among all of them. */
  stmt = debrief_store_prepare (self,
                                "WITH matches AS MATERIALIZED ("
                                "  SELECT rowid AS doc, bm25 (search_fts) AS score"
                                "  FROM search_fts WHERE search_fts MATCH ?1"
                                "  ORDER BY rowid DESC LIMIT ?3"
                                ") "
                                "SELECT d.call_id, m.doc, min (m.score) AS best"
                                "  FROM matches m JOIN search_docs d ON d.doc = m.doc"
                                "  WHERE d.call_id IS NOT NULL"
                                "    AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = d.call_id AND c.deleted_at IS NOT NULL)"
                                "  GROUP BY d.call_id ORDER BY best, d.call_id LIMIT ?2",
                                error);
  if (stmt == NULL)
    return NULL;

  debrief_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, SEARCH_WINDOW);

  docs = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DebriefSearchHit *hit = debrief_search_hit_new ();
      gint64 doc = sqlite3_column_int64 (stmt, 1);

      hit->call_id = debrief_column_text (stmt, 0);
      hit->score = sqlite3_column_double (stmt, 2);
      g_ptr_array_add (hits, hit);
      g_array_append_val (docs, doc);
    }

  if (rc != SQLITE_DONE)
    {
      debrief_store_set_error (self, rc, error);
      return NULL;
    }

  if (!add_snippets (self, match, hits, docs, error))
    return NULL;

  return g_steal_pointer (&hits);
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
