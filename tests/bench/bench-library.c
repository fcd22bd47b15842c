/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-library.c: a large synthetic library, and search latency on it, for bench-library.py */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "debrief-store.h"

/* Words people say on sales and coaching calls, mixed into each line. */
static const char * const words[] = {
  "pricing", "renewal", "discount", "contract", "budget", "timeline", "proposal", "objection", "decision",
  "stakeholder", "integration", "onboarding", "support", "competitor", "trial", "license", "invoice",
  "quarter", "forecast", "pipeline", "demo", "feedback", "security", "compliance", "migration", "training",
  "champion", "procurement", "legal", "signature", "followup", "meeting", "calendar", "email", "whatsapp",
  "recording", "transcript", "coach", "question", "answer", "value", "risk", "priority", "deadline",
  "expansion", "churn", "upsell", "referral", "roadmap", "feature",
};

static const char * const titles[] = {
  "Discovery call", "Pricing objection drill", "Renewal with", "Mock interview", "Demo for", "Follow-up with",
  "Negotiation practice", "Onboarding call", "Quarterly review", "Cold call practice",
};

static const char * const people[] = {
  "Ana", "Ben", "Chen", "Dalia", "Emeka", "Farah", "Goran", "Hana", "Ivan", "Jun", "Kofi", "Lena", "Mateo",
  "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq",
};

static char *
sentence (GRand *rand,
          guint  n_words)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }

  return g_string_free (text, FALSE);
}

/* bench-library fill DB N: N ended calls of ten chunks each, spread over two years. */
static int
fill (const char *db,
      guint       n_calls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = debrief_store_open (db, NULL, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  gint64 now = g_get_real_time ();

  if (store == NULL)
    {
      fprintf (stderr, "bench-library: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < n_calls; i++)
    {
      g_autoptr(DebriefCall) call = debrief_call_new ();

      call->title = g_strdup_printf ("%s %s", titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (titles))],
                                     people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))]);
      call->kind = g_rand_boolean (rand) ? DEBRIEF_CALL_KIND_COACHING : DEBRIEF_CALL_KIND_RECORDED;
      call->status = DEBRIEF_CALL_STATUS_ENDED;
      call->end_reason = DEBRIEF_END_REASON_MANUAL;
      call->duration_seconds = g_rand_double_range (rand, 30, 900);
      call->started_at = now - (gint64) g_rand_int_range (rand, 0, 730 * 24 * 3600) * G_USEC_PER_SEC;
      call->ended_at = call->started_at + (gint64) (call->duration_seconds * G_USEC_PER_SEC);
      if (g_rand_int_range (rand, 0, 4) == 0)
        call->call_notes = sentence (rand, 12);

      if (!debrief_store_save_call (store, call, &error))
        {
          fprintf (stderr, "bench-library: %s\n", error->message);
          return 1;
        }

      for (guint c = 0; c < 10; c++)
        {
          g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();

          chunk->call_id = g_strdup (call->id);
          chunk->speaker = c % 2 == 0 ? DEBRIEF_SPEAKER_USER : DEBRIEF_SPEAKER_REMOTE;
          chunk->start_ms = c * 9000;
          chunk->end_ms = chunk->start_ms + 8000;
          chunk->user_transcript = sentence (rand, 14);
          if (call->kind == DEBRIEF_CALL_KIND_COACHING && c % 2 == 0)
            chunk->ai_text_response = sentence (rand, 10);
          if (!debrief_store_save_chunk (store, chunk, &error))
            {
              fprintf (stderr, "bench-library: %s\n", error->message);
              return 1;
            }
        }

      if ((i + 1) % 10000 == 0)
        fprintf (stderr, "  %u calls\n", i + 1);
    }

  return 0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* bench-library search DB QUERY...: each query's latency in-process (a
 * store already open, as in the app), as "p50 p95" milliseconds. */
static int
search (const char *db,
        int         n_queries,
        char      **queries)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = debrief_store_open (db, NULL, &error);
  g_autofree double *ms = g_new (double, n_queries);

  if (store == NULL)
    {
      fprintf (stderr, "bench-library: %s\n", error->message);
      return 1;
    }

  for (int i = 0; i < n_queries; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) hits = debrief_store_search (store, queries[i], 50, &error);

      if (hits == NULL)
        {
          fprintf (stderr, "bench-library: %s\n", error->message);
          return 1;
        }
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  qsort (ms, n_queries, sizeof (double), compare_doubles);
  printf ("%.2f %.2f\n", ms[n_queries / 2], ms[MIN (n_queries - 1, (int) (n_queries * 0.95))]);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "fill"))
    return fill (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc >= 4 && g_str_equal (argv[1], "search"))
    return search (argv[2], argc - 3, argv + 3);

  fprintf (stderr, "usage: bench-library fill DB N | search DB QUERY...\n");
  return 2;
}
