/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-coach.c: a coaching call of many turns against the fake backend answering at once, for bench-coach.py */

#include "config.h"

#include <gst/gst.h>
#include <stdio.h>

#include "debrief-test-fixture.h"
#include "fakes/debrief-fake-openai.h"

static int
compare_ms (gconstpointer a,
            gconstpointer b)
{
  return (int) (*(const gint64 *) a - *(const gint64 *) b);
}

static gint64
percentile (GArray *values,
            double  fraction)
{
  g_array_sort (values, compare_ms);
  return g_array_index (values, gint64, MIN (values->len - 1, (guint) (values->len * fraction)));
}

/* bench-coach TURNS END_SILENCE_MS: prints, per measure, "NAME P50 P95" in ms. */
int
main (int   argc,
      char *argv[])
{
  static const char *phrases[] = {
    "The price is too high for us.",
    "We already have a supplier.",
    "Can you send me a proposal?",
    "I need to talk to my manager.",
  };
  guint turns = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 24;
  guint end_silence = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 600;
  g_autofree char *dir = debrief_test_make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "debrief.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(FakeOpenai) fake = fake_openai_new (FAKE_OPENAI_API_KEY);
  g_autoptr(GPtrArray) sentences = g_ptr_array_new ();
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonArray) latencies = NULL;
  g_autoptr(DebriefCoachOptions) options = debrief_coach_options_new (NULL, NULL, NULL);
  g_autofree char *speech = NULL;
  g_autofree char *call_id = NULL;
  DebriefTestCoachRun run = { 0 };
  const char *measures[] = { "transcript_ms", "first_token_ms", "first_audio_ms" };

  gst_init (NULL, NULL);
  g_setenv ("DEBRIEF_DATA_DIR", dir, TRUE);
  g_setenv ("DEBRIEF_AUDIO_SINK", "fakesink sync=true", TRUE);

  /* The backend answers at once: what is measured is Debrief's own time. */
  fake_openai_set_delays (fake, 0, 0);
  fake_openai_set_transcript (fake, "The price is too high for us.");
  fake_openai_set_reply (fake, "Good point. Tell me more about it.");

  for (guint i = 0; i < turns; i++)
    {
      guint pause = 2400;

      g_ptr_array_add (sentences, (gpointer) phrases[i % G_N_ELEMENTS (phrases)]);
      g_array_append_val (pauses, pause);
    }
  g_ptr_array_add (sentences, NULL);
  speech = debrief_test_make_speech (dir, "speech.wav", (const char **) sentences->pdata, (const guint *) pauses->data);

  store = debrief_store_open (db, NULL, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  options->end_silence_ms = end_silence;
  call_id = debrief_test_run_coaching_call (store, fake_openai_get_url (fake), speech, options, &run, &latencies);

  fprintf (stderr, "turns answered: %u of %u, interrupted: %u, errors: %u\n", json_array_get_length (latencies),
           turns, run.interruptions, run.failures);
  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    {
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < json_array_get_length (latencies); i++)
        {
          JsonObject *latency = json_array_get_object_element (latencies, i);

          if (!json_object_get_null_member (latency, measures[m]))
            {
              gint64 value = json_object_get_int_member (latency, measures[m]);

              g_array_append_val (values, value);
            }
        }
      if (values->len > 0)
        printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", measures[m], percentile (values, 0.5),
                percentile (values, 0.95));
    }

  g_clear_object (&store);
  debrief_test_remove_data_dir (dir);
  return 0;
}
