/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window.c: time to the main window with its first rows, and the app's memory, for bench-library.py */

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "debrief-application.h"
#include "debrief-window.h"

typedef struct
{
  DebriefApplication *app;
  gint64              start;
  gint64              shown;
} Run;

static gboolean
quit_cb (gpointer user_data)
{
  g_application_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
check_cb (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));

  if (run->shown == 0 && DEBRIEF_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
      g_strcmp0 (debrief_window_get_visible_page (DEBRIEF_WINDOW (window)), "library") == 0 &&
      g_list_model_get_n_items (debrief_window_get_calls (DEBRIEF_WINDOW (window))) > 0)
    {
      run->shown = g_get_monotonic_time ();
      /* Let the rest load for a while, as a person would look at it. */
      g_timeout_add_seconds (5, quit_cb, run->app);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
activated_cb (GApplication *app,
              Run          *run)
{
  g_timeout_add (5, check_cb, run);
}

/* bench-window: with DEBRIEF_DATA_DIR set, prints "MS_TO_ROWS PEAK_RSS_KB". */
int
main (int   argc,
      char *argv[])
{
  Run run = { NULL, g_get_monotonic_time (), 0 };
  struct rusage usage;

  run.app = debrief_application_new ();
  g_application_set_flags (G_APPLICATION (run.app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (run.app, "activate", G_CALLBACK (activated_cb), &run);
  g_application_run (G_APPLICATION (run.app), 0, NULL);
  g_object_unref (run.app);

  getrusage (RUSAGE_SELF, &usage);
  if (run.shown == 0)
    {
      fprintf (stderr, "bench-window: the library never showed rows\n");
      return 1;
    }

  printf ("%.1f %ld\n", (run.shown - run.start) / 1000.0, usage.ru_maxrss);
  return 0;
}
