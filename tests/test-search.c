/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-search.c: finding calls: full-text search (what it finds, how it stays current, hostile queries)
 * and the library's filters */

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

/* The library's filters */

#define T0   1763700000000000 /* 2025-11-21 04:40 UTC */
#define HOUR ((gint64) 3600 * G_USEC_PER_SEC)

typedef struct
{
  char         *dir;
  DebriefStore *store;
  DebriefAgent *coach;   /* an id written to break naive SQL */
  DebriefAgent *other;   /* an id that is a LIKE pattern of the coach's */
  DebriefLead  *acme;
  DebriefLead  *initech; /* another hostile id */
  GPtrArray    *calls;   /* DebriefCall, every one the library shows */
} Library;

static DebriefCall *
library_add_call (Library         *l,
                  const char      *title,
                  DebriefCallKind  kind,
                  DebriefAgent    *agent,
                  DebriefLead     *lead,
                  gint64           started_at)
{
  g_autoptr(GError) error = NULL;
  DebriefCall *call = debrief_call_new ();

  call->title = g_strdup (title);
  call->kind = kind;
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->ai_agent_id = agent != NULL ? g_strdup (agent->id) : NULL;
  call->lead_id = lead != NULL ? g_strdup (lead->id) : NULL;
  call->started_at = started_at;
  g_assert_true (debrief_store_save_call (l->store, call, &error));
  g_assert_no_error (error);
  g_ptr_array_add (l->calls, call);

  return call;
}

static void
library_add_upload (Library             *l,
                    DebriefCall         *call,
                    DebriefUploadStatus  status,
                    DebriefStorageBackend backend)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();

  upload->call_id = g_strdup (call->id);
  upload->kind = DEBRIEF_UPLOAD_KIND_USER_CHUNK;
  upload->local_path = g_strdup ("/nowhere");
  upload->storage_path = g_uuid_string_random ();
  upload->backend = backend;
  upload->upload_status = status;
  g_assert_true (debrief_store_save_file_upload (l->store, upload, &error));
  g_assert_no_error (error);
}

static void
library_set_up (Library       *l,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DebriefCall *hidden;

  l->dir = debrief_test_make_data_dir ();
  path = g_build_filename (l->dir, "debrief.db", NULL);
  l->store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);
  l->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_call_free);

  l->coach = debrief_agent_new ();
  l->coach->id = g_strdup ("coach' OR '1'='1");
  l->coach->name = g_strdup ("zed the coach");
  g_assert_true (debrief_store_save_agent (l->store, l->coach, &error));
  l->other = debrief_agent_new ();
  l->other->id = g_strdup ("coach%");
  l->other->name = g_strdup ("Ada");
  g_assert_true (debrief_store_save_agent (l->store, l->other, &error));
  l->acme = debrief_lead_new ();
  l->acme->name = g_strdup ("Acme");
  g_assert_true (debrief_store_save_lead (l->store, l->acme, &error));
  l->initech = debrief_lead_new ();
  l->initech->id = g_strdup ("\"; DROP TABLE calls; -- ☃");
  l->initech->name = g_strdup ("initech");
  g_assert_true (debrief_store_save_lead (l->store, l->initech, &error));
  g_assert_no_error (error);

  library_add_call (l, "recorded acme", DEBRIEF_CALL_KIND_RECORDED, NULL, l->acme, T0);
  library_add_call (l, "coached", DEBRIEF_CALL_KIND_COACHING, l->coach, NULL, T0 + HOUR);
  /* One microsecond later: date bounds are exact to the microsecond. */
  library_add_call (l, "coached acme", DEBRIEF_CALL_KIND_COACHING, l->coach, l->acme, T0 + HOUR + 1);
  library_add_call (l, "coached initech", DEBRIEF_CALL_KIND_COACHING, l->other, l->initech, T0 + 2 * HOUR);
  library_add_call (l, "recorded late", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 24 * HOUR);

  /* Hidden for an undo: it matches every filter below and is never listed. */
  hidden = library_add_call (l, "hidden", DEBRIEF_CALL_KIND_COACHING, l->coach, l->acme, T0 + HOUR);
  library_add_upload (l, hidden, DEBRIEF_UPLOAD_STATUS_FAILED, DEBRIEF_STORAGE_BACKEND_S3);
  g_assert_true (debrief_store_set_call_deleted (l->store, hidden->id, TRUE, &error));
  g_assert_no_error (error);
  g_ptr_array_remove (l->calls, hidden);
}

static void
library_tear_down (Library       *l,
                   gconstpointer  data)
{
  g_clear_pointer (&l->calls, g_ptr_array_unref);
  g_clear_pointer (&l->coach, debrief_agent_free);
  g_clear_pointer (&l->other, debrief_agent_free);
  g_clear_pointer (&l->acme, debrief_lead_free);
  g_clear_pointer (&l->initech, debrief_lead_free);
  g_assert_finalize_object (l->store);
  debrief_test_remove_data_dir (l->dir);
  g_free (l->dir);
}

static char *
join_titles (GPtrArray *calls)
{
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < calls->len; i++)
    g_string_append_printf (titles, "%s%s", i > 0 ? ", " : "", ((DebriefCall *) calls->pdata[i])->title);

  return g_strdup (titles->str);
}

/* Asserts that @filter lists @expected (titles, newest first), counts as
 * many, and that debrief_call_filter_matches() agrees call by call. */
static void
assert_filter_lists (Library                 *l,
                     const DebriefCallFilter *filter,
                     const char              *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GHashTable) states = NULL;
  g_autofree char *titles = NULL;

  listed = debrief_store_list_calls_filtered (l->store, filter, DEBRIEF_CALL_SORT_NEWEST, 0, 100, &error);
  g_assert_no_error (error);
  titles = join_titles (listed);
  g_assert_cmpstr (titles, ==, expected);
  g_assert_cmpint (debrief_store_count_calls_filtered (l->store, filter, &error), ==, listed->len);
  g_assert_no_error (error);

  states = debrief_store_get_upload_states (l->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < l->calls->len; i++)
    {
      DebriefCall *call = l->calls->pdata[i];
      gboolean is_listed = FALSE;

      for (guint j = 0; j < listed->len; j++)
        is_listed |= g_str_equal (((DebriefCall *) listed->pdata[j])->id, call->id);
      if (debrief_call_filter_matches (filter, call, states) != is_listed)
        g_error ("“%s”: listed %d, but matches says %d", call->title, is_listed, !is_listed);
    }
}

static void
test_filter_each_condition (Library       *l,
                            gconstpointer  data)
{
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;

  assert_filter_lists (l, NULL, "recorded late, coached initech, coached acme, coached, recorded acme");
  assert_filter_lists (l, &filter, "recorded late, coached initech, coached acme, coached, recorded acme");

  filter.kind = DEBRIEF_CALL_KIND_RECORDED;
  assert_filter_lists (l, &filter, "recorded late, recorded acme");
  filter.kind = DEBRIEF_CALL_KIND_COACHING;
  assert_filter_lists (l, &filter, "coached initech, coached acme, coached");

  debrief_call_filter_init (&filter);
  filter.agent_id = l->coach->id;
  assert_filter_lists (l, &filter, "coached acme, coached");
  filter.agent_id = l->other->id;
  assert_filter_lists (l, &filter, "coached initech");

  debrief_call_filter_init (&filter);
  filter.lead_id = l->acme->id;
  assert_filter_lists (l, &filter, "coached acme, recorded acme");
  filter.lead_id = l->initech->id;
  assert_filter_lists (l, &filter, "coached initech");

  /* since is inclusive, until exclusive, both to the microsecond. */
  debrief_call_filter_init (&filter);
  filter.since = T0 + HOUR;
  assert_filter_lists (l, &filter, "recorded late, coached initech, coached acme, coached");
  filter.since = T0 + HOUR + 1;
  assert_filter_lists (l, &filter, "recorded late, coached initech, coached acme");
  debrief_call_filter_init (&filter);
  filter.until = T0 + HOUR + 1;
  assert_filter_lists (l, &filter, "coached, recorded acme");
  filter.until = T0 + HOUR;
  assert_filter_lists (l, &filter, "recorded acme");
  filter.since = T0 + HOUR;
  filter.until = T0 + 2 * HOUR;
  assert_filter_lists (l, &filter, "coached acme, coached");
  filter.until = filter.since;
  assert_filter_lists (l, &filter, "");
  /* Before the epoch is a bound too. */
  debrief_call_filter_init (&filter);
  filter.since = -HOUR;
  assert_filter_lists (l, &filter, "recorded late, coached initech, coached acme, coached, recorded acme");
  filter.since = 0;
  filter.until = -HOUR;
  assert_filter_lists (l, &filter, "");

  /* Combined: every condition holds. */
  debrief_call_filter_init (&filter);
  filter.kind = DEBRIEF_CALL_KIND_COACHING;
  filter.lead_id = l->acme->id;
  assert_filter_lists (l, &filter, "coached acme");
  filter.agent_id = l->coach->id;
  filter.since = T0;
  filter.until = T0 + 2 * HOUR;
  assert_filter_lists (l, &filter, "coached acme");
  filter.kind = DEBRIEF_CALL_KIND_RECORDED;
  assert_filter_lists (l, &filter, "");
  filter.kind = DEBRIEF_CALL_KIND_COACHING;
  filter.storage = DEBRIEF_STORAGE_STATE_LOCAL;
  assert_filter_lists (l, &filter, "coached acme");
  filter.storage = DEBRIEF_STORAGE_STATE_FAILED; /* the hidden call's state */
  assert_filter_lists (l, &filter, "");
}

static void
test_filter_hostile_ids (Library       *l,
                         gconstpointer  data)
{
  const char *hostile[] = {
    "%", "_", "*", "coach", "coach' OR '1'='1' --", "' OR 1=1 --", "\"; DROP TABLE calls; --", "", "\\",
    "coach%%", "ACME", "☃",
  };
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;

  /* Matched as they are: no quoting trouble, no LIKE patterns, no case folding. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      debrief_call_filter_init (&filter);
      filter.agent_id = hostile[i];
      assert_filter_lists (l, &filter, "");
      debrief_call_filter_init (&filter);
      filter.lead_id = hostile[i];
      assert_filter_lists (l, &filter, "");
    }

  debrief_call_filter_init (&filter);
  filter.agent_id = "coach%";
  assert_filter_lists (l, &filter, "coached initech");
  debrief_call_filter_init (&filter);
  filter.agent_id = "coach' OR '1'='1";
  filter.lead_id = "\"; DROP TABLE calls; -- ☃";
  assert_filter_lists (l, &filter, "");
  filter.agent_id = "coach%";
  assert_filter_lists (l, &filter, "coached initech");

  /* The store is unharmed. */
  g_assert_cmpint (debrief_store_count_calls (l->store, NULL), ==, 5);
}

static void
test_filter_storage (Library       *l,
                     gconstpointer  data)
{
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;
  DebriefCall *call;
  g_autoptr(GHashTable) states = NULL;
  static const struct {
    DebriefStorageState state;
    const char *expected;
  } cases[] = {
    { DEBRIEF_STORAGE_STATE_ANY, "failed behind, failed, cloud, uploading after some, uploading, waiting, "
      "local queue only, recorded late, coached initech, coached acme, coached, recorded acme" },
    { DEBRIEF_STORAGE_STATE_LOCAL, "local queue only, "
      "recorded late, coached initech, coached acme, coached, recorded acme" },
    { DEBRIEF_STORAGE_STATE_UPLOADING, "uploading after some, uploading, waiting" },
    { DEBRIEF_STORAGE_STATE_CLOUD, "cloud" },
    { DEBRIEF_STORAGE_STATE_FAILED, "failed behind, failed" },
  };

  /* Newer than the fixture's calls, one per way its uploads can stand. */
  call = library_add_call (l, "local queue only", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 25 * HOUR);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_PENDING, DEBRIEF_STORAGE_BACKEND_LOCAL);
  call = library_add_call (l, "waiting", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 26 * HOUR);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_PENDING, DEBRIEF_STORAGE_BACKEND_S3);
  call = library_add_call (l, "uploading", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 27 * HOUR);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_UPLOADING, DEBRIEF_STORAGE_BACKEND_SUPABASE);
  call = library_add_call (l, "uploading after some", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 28 * HOUR);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_COMPLETED, DEBRIEF_STORAGE_BACKEND_S3);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_PENDING, DEBRIEF_STORAGE_BACKEND_S3);
  call = library_add_call (l, "cloud", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 29 * HOUR);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_COMPLETED, DEBRIEF_STORAGE_BACKEND_S3);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_COMPLETED, DEBRIEF_STORAGE_BACKEND_S3);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_FAILED, DEBRIEF_STORAGE_BACKEND_LOCAL);
  call = library_add_call (l, "failed", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 30 * HOUR);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_COMPLETED, DEBRIEF_STORAGE_BACKEND_S3);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_FAILED, DEBRIEF_STORAGE_BACKEND_S3);
  call = library_add_call (l, "failed behind", DEBRIEF_CALL_KIND_RECORDED, NULL, NULL, T0 + 31 * HOUR);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_UPLOADING, DEBRIEF_STORAGE_BACKEND_S3);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_FAILED, DEBRIEF_STORAGE_BACKEND_SUPABASE);
  library_add_upload (l, call, DEBRIEF_UPLOAD_STATUS_PENDING, DEBRIEF_STORAGE_BACKEND_S3);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      filter.storage = cases[i].state;
      assert_filter_lists (l, &filter, cases[i].expected);
    }

  /* The row icons read the same states: a queue on this computer only
   * counts as on this computer. */
  states = debrief_store_get_upload_states (l->store, NULL);
  g_assert_cmpint (debrief_storage_state_for_call (states, ((DebriefCall *) l->calls->pdata[5])->id), ==,
                   DEBRIEF_STORAGE_STATE_LOCAL);
  g_assert_false (g_hash_table_contains (states, ((DebriefCall *) l->calls->pdata[5])->id));
  g_assert_cmpint (debrief_storage_state_for_call (states, ((DebriefCall *) l->calls->pdata[9])->id), ==,
                   DEBRIEF_STORAGE_STATE_CLOUD);
  g_assert_cmpint (debrief_storage_state_for_call (NULL, ((DebriefCall *) l->calls->pdata[9])->id), ==,
                   DEBRIEF_STORAGE_STATE_LOCAL);

  /* A state changes with its uploads. */
  library_add_upload (l, l->calls->pdata[9], DEBRIEF_UPLOAD_STATUS_PENDING, DEBRIEF_STORAGE_BACKEND_S3);
  filter.storage = DEBRIEF_STORAGE_STATE_CLOUD;
  assert_filter_lists (l, &filter, "");
  filter.storage = DEBRIEF_STORAGE_STATE_UPLOADING;
  assert_filter_lists (l, &filter, "cloud, uploading after some, uploading, waiting");
}

static void
test_filter_pages (Library       *l,
                   gconstpointer  data)
{
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;

  for (guint i = 0; i < 250; i++)
    {
      gboolean coaching = i % 3 == 0;
      g_autofree char *title = g_strdup_printf ("%s %03u", coaching ? "Coaching" : "Recorded", i);
      DebriefCall *call = library_add_call (l, title,
                                            coaching ? DEBRIEF_CALL_KIND_COACHING : DEBRIEF_CALL_KIND_RECORDED,
                                            coaching ? l->coach : NULL, NULL, T0 - (gint64) (i % 50) * HOUR);

      call->duration_seconds = i % 7;
      g_assert_true (debrief_store_save_call (l->store, call, NULL));
    }

  filter.kind = DEBRIEF_CALL_KIND_COACHING;
  filter.agent_id = l->coach->id;
  filter.until = T0;
  /* Every third, less the two that started at T0 (0 and 150). */
  g_assert_cmpint (debrief_store_count_calls_filtered (l->store, &filter, NULL), ==, 82);

  /* Pages put together are the whole list, in every order, with ties
   * (equal times, equal lengths) broken the same way each time. */
  for (DebriefCallSort sort = DEBRIEF_CALL_SORT_NEWEST; sort <= DEBRIEF_CALL_SORT_TITLE; sort++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) all = debrief_store_list_calls_filtered (l->store, &filter, sort, 0, 1000, &error);
      g_autoptr(GPtrArray) paged = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_call_free);
      g_autofree char *all_titles = NULL;
      g_autofree char *paged_titles = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (all->len, ==, 82);
      for (guint offset = 0; offset < 100; offset += 20)
        {
          g_autoptr(GPtrArray) page = debrief_store_list_calls_filtered (l->store, &filter, sort, offset, 20, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (page->len, ==, MIN (20, 82 - MIN (offset, 82)));
          g_ptr_array_extend_and_steal (paged, g_steal_pointer (&page));
        }

      all_titles = join_titles (all);
      paged_titles = join_titles (paged);
      g_assert_cmpstr (paged_titles, ==, all_titles);
      for (guint i = 0; i < all->len; i++)
        g_assert_true (debrief_call_filter_matches (&filter, all->pdata[i], NULL));
    }
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_filter_async (Library       *l,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *titles = NULL;
  DebriefCallFilter *filter = g_new0 (DebriefCallFilter, 1);
  char *lead_id = g_strdup (l->acme->id);

  /* The filter and its strings are copied: gone once the call returns. */
  debrief_call_filter_init (filter);
  filter->lead_id = lead_id;
  debrief_store_list_calls_filtered_async (l->store, filter, DEBRIEF_CALL_SORT_TITLE, 0, 10, NULL, list_done_cb,
                                           &result);
  memset (lead_id, 'x', strlen (lead_id));
  g_free (lead_id);
  g_free (filter);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  calls = debrief_store_list_calls_filtered_finish (l->store, result, &error);
  g_assert_no_error (error);
  titles = join_titles (calls);
  g_assert_cmpstr (titles, ==, "coached acme, recorded acme");

  g_clear_object (&result);
  /* The worker thread lets go of the store a moment after it reported. */
  while (G_OBJECT (l->store)->ref_count > 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_filter_records (Library       *l,
                     gconstpointer  data)
{
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;
  DebriefCallFilter zeroed = { 0 };
  g_autoptr(DebriefCallFilter) copy = NULL;
  g_autoptr(DebriefCallFilter) empty_copy = NULL;
  char agent_id[] = "agent";

  g_assert_true (debrief_call_filter_is_empty (NULL));
  g_assert_true (debrief_call_filter_is_empty (&filter));
  g_assert_false (debrief_call_filter_is_empty (&zeroed)); /* recorded calls only */
  g_assert_true (debrief_call_filter_equal (NULL, &filter));
  g_assert_false (debrief_call_filter_equal (&zeroed, &filter));
  g_assert_null (debrief_call_filter_copy (NULL));

  filter.agent_id = agent_id;
  filter.lead_id = "lead";
  filter.since = 5;
  filter.storage = DEBRIEF_STORAGE_STATE_CLOUD;
  g_assert_false (debrief_call_filter_is_empty (&filter));
  copy = debrief_call_filter_copy (&filter);
  g_assert_true (debrief_call_filter_equal (copy, &filter));
  g_assert_true (copy->agent_id != filter.agent_id);
  agent_id[0] = 'A';
  g_assert_cmpstr (copy->agent_id, ==, "agent");
  g_assert_cmpstr (copy->lead_id, ==, "lead");
  g_assert_false (debrief_call_filter_equal (copy, &filter));
  copy->kind = -7; /* any negative kind is any kind */
  agent_id[0] = 'a';
  g_assert_true (debrief_call_filter_equal (copy, &filter));

  debrief_call_filter_init (&filter);
  empty_copy = debrief_call_filter_copy (&filter);
  g_assert_true (debrief_call_filter_is_empty (empty_copy));
}

static void
test_filter_menu_lists (Library       *l,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefAgent) unused = debrief_agent_new ();
  g_autoptr(DebriefAgent) hidden_only = debrief_agent_new ();
  g_autoptr(DebriefLead) nobody = debrief_lead_new ();
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  DebriefCall *call;

  unused->name = g_strdup ("Bob, never called");
  g_assert_true (debrief_store_save_agent (l->store, unused, &error));
  hidden_only->name = g_strdup ("Carla, call hidden");
  g_assert_true (debrief_store_save_agent (l->store, hidden_only, &error));
  nobody->name = g_strdup ("Nobody");
  g_assert_true (debrief_store_save_lead (l->store, nobody, &error));
  call = library_add_call (l, "to hide", DEBRIEF_CALL_KIND_COACHING, hidden_only, nobody, T0);
  g_assert_true (debrief_store_set_call_deleted (l->store, call->id, TRUE, &error));

  /* Only those of a call the library shows, by name whatever the case. */
  agents = debrief_store_list_agents_in_calls (l->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 2);
  g_assert_cmpstr (((DebriefAgent *) agents->pdata[0])->name, ==, "Ada");
  g_assert_cmpstr (((DebriefAgent *) agents->pdata[1])->name, ==, "zed the coach");

  leads = debrief_store_list_leads_in_calls (l->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 2);
  g_assert_cmpstr (((DebriefLead *) leads->pdata[0])->name, ==, "Acme");
  g_assert_cmpstr (((DebriefLead *) leads->pdata[1])->name, ==, "initech");
}

static void
test_filter_search_hits (Library       *l,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = debrief_store_search (l->store, "coached", 50, &error);
  g_autoptr(GHashTable) states = debrief_store_get_upload_states (l->store, &error);
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;
  guint kept = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);

  /* Search hits are narrowed by the same filter, call by call. */
  filter.agent_id = l->coach->id;
  filter.since = T0 + HOUR + 1;
  for (guint i = 0; i < hits->len; i++)
    {
      g_autoptr(DebriefCall) call = debrief_store_get_call (l->store, ((DebriefSearchHit *) hits->pdata[i])->call_id,
                                                            &error);

      g_assert_no_error (error);
      if (debrief_call_filter_matches (&filter, call, states))
        {
          g_assert_cmpstr (call->title, ==, "coached acme");
          kept++;
        }
    }
  g_assert_cmpuint (kept, ==, 1);
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
  g_test_add ("/filter/each-condition", Library, NULL, library_set_up, test_filter_each_condition,
              library_tear_down);
  g_test_add ("/filter/hostile-ids", Library, NULL, library_set_up, test_filter_hostile_ids, library_tear_down);
  g_test_add ("/filter/storage", Library, NULL, library_set_up, test_filter_storage, library_tear_down);
  g_test_add ("/filter/pages", Library, NULL, library_set_up, test_filter_pages, library_tear_down);
  g_test_add ("/filter/async", Library, NULL, library_set_up, test_filter_async, library_tear_down);
  g_test_add ("/filter/records", Library, NULL, library_set_up, test_filter_records, library_tear_down);
  g_test_add ("/filter/menu-lists", Library, NULL, library_set_up, test_filter_menu_lists, library_tear_down);
  g_test_add ("/filter/search-hits", Library, NULL, library_set_up, test_filter_search_hits, library_tear_down);

  return g_test_run ();
}
