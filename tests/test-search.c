/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-search.c: full-text search: what it finds, how it stays current, and hostile queries */

#include "config.h"

#include <gio/gio.h>

#include "debrief-store.h"
#include "debrief-test-fixture.h"

typedef struct
{
  char         *dir;
  DebriefStore *store;
  DebriefCall  *pricing;   /* title and notes */
  DebriefCall  *interview; /* transcript */
  DebriefCall  *renewal;   /* conversation */
  DebriefLead  *lead;
} Fixture;

static DebriefCall *
add_call (DebriefStore *store,
          const char   *title,
          const char   *notes)
{
  g_autoptr(GError) error = NULL;
  DebriefCall *call = debrief_call_new ();

  call->title = g_strdup (title);
  call->call_notes = g_strdup (notes);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  g_assert_true (debrief_store_save_call (store, call, &error));
  g_assert_no_error (error);
  return call;
}

static DebriefChunk *
add_chunk (DebriefStore *store,
           DebriefCall  *call,
           const char   *said,
           const char   *reply)
{
  g_autoptr(GError) error = NULL;
  DebriefChunk *chunk = debrief_chunk_new ();

  chunk->call_id = g_strdup (call->id);
  chunk->user_transcript = g_strdup (said);
  chunk->ai_text_response = g_strdup (reply);
  g_assert_true (debrief_store_save_chunk (store, chunk, &error));
  g_assert_no_error (error);
  return chunk;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DebriefChunk) c1 = NULL;
  g_autoptr(DebriefChunk) c2 = NULL;
  g_autoptr(DebriefConversation) note = debrief_conversation_new ();

  f->dir = debrief_test_make_data_dir ();
  path = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);

  f->pricing = add_call (f->store, "Pricing objection drill",
                         "Customer pushed back on the annual discount. Señora García wants a quote.");
  f->interview = add_call (f->store, "Mock interview", NULL);
  c1 = add_chunk (f->store, f->interview, "Tell me about your greatest weakness", NULL);
  c2 = add_chunk (f->store, f->interview, "I sometimes over-prepare for meetings",
                  "Good answer; give a concrete example next time.");

  f->lead = debrief_lead_new ();
  f->lead->name = g_strdup ("Initech");
  g_assert_true (debrief_store_save_lead (f->store, f->lead, &error));

  f->renewal = add_call (f->store, "Quarterly check-in", NULL);
  note->lead_id = g_strdup (f->lead->id);
  note->call_id = g_strdup (f->renewal->id);
  note->message_type = DEBRIEF_MESSAGE_TYPE_WHATSAPP;
  note->direction = DEBRIEF_DIRECTION_INBOUND;
  note->message = g_strdup ("Can we postpone the renewal until March? 🙏");
  g_assert_true (debrief_store_save_conversation (f->store, note, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->pricing, debrief_call_free);
  g_clear_pointer (&f->interview, debrief_call_free);
  g_clear_pointer (&f->renewal, debrief_call_free);
  g_clear_pointer (&f->lead, debrief_lead_free);
  g_assert_finalize_object (f->store);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

static GPtrArray *
search (Fixture    *f,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = debrief_store_search (f->store, text, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* Asserts that @text finds exactly @expected (or nothing when NULL). */
static void
assert_finds (Fixture     *f,
              const char  *text,
              DebriefCall *expected)
{
  g_autoptr(GPtrArray) hits = search (f, text);

  if (expected == NULL)
    {
      g_assert_cmpuint (hits->len, ==, 0);
      return;
    }

  if (hits->len != 1)
    g_error ("“%s” found %u calls, expected 1", text, hits->len);
  g_assert_cmpstr (((DebriefSearchHit *) hits->pdata[0])->call_id, ==, expected->id);
}

static void
test_finds_every_source (Fixture       *f,
                         gconstpointer  data)
{
  assert_finds (f, "objection", f->pricing);                /* title */
  assert_finds (f, "annual discount", f->pricing);          /* notes */
  assert_finds (f, "weakness", f->interview);               /* what the user said */
  assert_finds (f, "concrete example", f->interview);       /* what the coach said */
  assert_finds (f, "postpone renewal", f->renewal);         /* a conversation */
  assert_finds (f, "PRICING", f->pricing);                  /* any case */
  assert_finds (f, "garcia senora", f->pricing);            /* without accents */
  assert_finds (f, "pric", f->pricing);                     /* as typed so far */
  assert_finds (f, "annual disc", f->pricing);              /* the last word as typed so far */
  assert_finds (f, "SEÑO", f->pricing);                     /* so far, in capitals, with its accent */
  assert_finds (f, "discount weakness", NULL);              /* all words must match */
  assert_finds (f, "nonexistentword", NULL);
}

/* A prefix that starts more words than are asked for by name is still
 * searched, as a prefix. */
static void
test_prefix_of_many_words (Fixture       *f,
                           gconstpointer  data)
{
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *text = g_strdup_printf ("quorum%u reached", i);
      g_autoptr(DebriefChunk) chunk = add_chunk (f->store, f->interview, text, NULL);
    }

  assert_finds (f, "quor", f->interview);
  assert_finds (f, "quorum3", f->interview);
  assert_finds (f, "reached quorum39", f->interview);
  assert_finds (f, "quorum99", NULL);
}

static void
test_one_hit_per_call_with_snippet (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(DebriefChunk) more = add_chunk (f->store, f->interview, "another meetings mention", NULL);
  DebriefSearchHit *hit;
  g_autofree char *plain = NULL;

  hits = search (f, "meetings");
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpstr (hit->call_id, ==, f->interview->id);
  g_assert_nonnull (strstr (hit->snippet, DEBRIEF_SEARCH_MATCH_START "meetings" DEBRIEF_SEARCH_MATCH_END));

  plain = debrief_search_hit_dup_plain_snippet (hit);
  g_assert_null (strchr (plain, DEBRIEF_SEARCH_MATCH_START[0]));
  g_assert_nonnull (strstr (plain, "meetings"));
}

static void
test_kept_current (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  DebriefConversation *note;

  /* Renaming re-indexes the title. */
  g_free (f->pricing->title);
  f->pricing->title = g_strdup ("Budget negotiation");
  g_assert_true (debrief_store_save_call (f->store, f->pricing, &error));
  assert_finds (f, "objection", NULL);
  assert_finds (f, "negotiation", f->pricing);

  /* Editing notes re-indexes them. */
  g_free (f->pricing->call_notes);
  f->pricing->call_notes = g_strdup ("They asked for a pilot first");
  g_assert_true (debrief_store_save_call (f->store, f->pricing, &error));
  assert_finds (f, "discount", NULL);
  assert_finds (f, "pilot", f->pricing);

  /* Deleting a chunk removes its words. */
  chunks = debrief_store_list_chunks (f->store, f->interview->id, &error);
  g_assert_true (debrief_store_delete_chunk (f->store, ((DebriefChunk *) chunks->pdata[0])->id, &error));
  assert_finds (f, "weakness", NULL);
  assert_finds (f, "prepare", f->interview);

  /* Editing a conversation re-indexes it. */
  timeline = debrief_store_list_conversations_for_lead (f->store, f->lead->id, &error);
  note = timeline->pdata[0];
  g_free (note->message);
  note->message = g_strdup ("Renewal confirmed for April");
  g_assert_true (debrief_store_save_conversation (f->store, note, &error));
  assert_finds (f, "postpone", NULL);
  assert_finds (f, "april", f->renewal);

  /* Deleting a call removes it and everything said in it. */
  g_assert_true (debrief_store_delete_call (f->store, f->interview->id, &error));
  assert_finds (f, "prepare", NULL);
  assert_finds (f, "concrete", NULL);
  assert_finds (f, "mock", NULL);
}

static void
test_hostile_queries (Fixture       *f,
                      gconstpointer  data)
{
  /* Each of these would be an FTS5 syntax error or worse if passed through. */
  const char *finds_pricing[] = {
    "\"pricing",
    "pricing\"",
    "pricing AND",
    "AND pricing",
    "pricing AND (drill",
    "(pricing)) OR",
    "pricing*",
    "*pricing",
    "-pricing",
    "pricing -",
    "NEAR(pricing drill)",
    "pricing:drill",
    "^pricing",
    "pricing 🎉",
    "\"pricing\" \"drill",
    "{pricing}",
    "pricing NOT",
    "   pricing   ",
  };
  const char *finds_nothing[] = {
    "",
    "   ",
    "\"",
    "\"\"",
    "*",
    "-",
    "(",
    ")",
    "AND",
    "OR NOT",
    "🎉🎉🎉",
    "'",
    "\\",
    ":",
    "\x01\x02\x03",
    "\xff\xfe invalid utf-8",
    "pricing'; DROP TABLE calls; --",
  };
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GPtrArray) hits = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (finds_pricing); i++)
    assert_finds (f, finds_pricing[i], f->pricing);

  for (guint i = 0; i < G_N_ELEMENTS (finds_nothing); i++)
    assert_finds (f, finds_nothing[i], NULL);

  /* A pasted novel neither fails nor takes forever. */
  for (int i = 0; i < 5000; i++)
    g_string_append (huge, "pricing (\"AND* ");
  hits = search (f, huge->str);
  g_assert_cmpuint (hits->len, ==, 1);

  /* The store is unharmed. */
  g_assert_cmpint (debrief_store_count_calls (f->store, NULL), ==, 3);
}

static void
test_match_query (void)
{
  struct {
    const char *text;
    const char *query;
  } cases[] = {
    { "pricing", "\"pricing\"*" },
    { "annual discount", "\"annual\" \"discount\"*" },
    { "a AND b", "\"a\" \"b\"*" },
    { "AND", "\"AND\"*" },
    { "rock'n'roll", "\"rock\" \"n\" \"roll\"*" },
    { "Müller", "\"Müller\"*" },
    { "\"", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = debrief_store_build_match_query (cases[i].text);

      g_assert_cmpstr (query, ==, cases[i].query);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/match-query", test_match_query);
  g_test_add ("/search/prefix-of-many-words", Fixture, NULL, fixture_set_up, test_prefix_of_many_words,
              fixture_tear_down);
  g_test_add ("/search/finds-every-source", Fixture, NULL, fixture_set_up, test_finds_every_source,
              fixture_tear_down);
  g_test_add ("/search/one-hit-per-call", Fixture, NULL, fixture_set_up, test_one_hit_per_call_with_snippet,
              fixture_tear_down);
  g_test_add ("/search/kept-current", Fixture, NULL, fixture_set_up, test_kept_current, fixture_tear_down);
  g_test_add ("/search/hostile-queries", Fixture, NULL, fixture_set_up, test_hostile_queries,
              fixture_tear_down);

  return g_test_run ();
}
