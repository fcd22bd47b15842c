/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-ui.c: running the application under a real display in a test, waiting for it, screenshots */

#include "config.h"

#include <string.h>

#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"


void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = debrief_test_make_data_dir ();
  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @done returns TRUE, for at most 10 s. */
void
wait_until (DoneFunc    done,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static gboolean
window_settled (gpointer data)
{
  DebriefWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         g_strcmp0 (debrief_window_get_visible_page (window), "loading") != 0;
}

void
drain (void)
{
  /* Let the last frames be laid out and drawn. */
  for (int i = 0; i < 50; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

void
start_app (Fixture *f)
{
  f->window = DEBRIEF_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  g_assert_true (DEBRIEF_IS_WINDOW (f->window));
  wait_until (window_settled, f->window, "the main window");
  drain ();
}

typedef struct
{
  Fixture  *fixture;
  TestBody  body;
} TestRun;

static gboolean
run_body_cb (gpointer user_data)
{
  TestRun *run = user_data;
  GtkWindow *window;

  run->body (run->fixture);

  /* Close everything, as a person quitting would. */
  while ((window = gtk_application_get_active_window (GTK_APPLICATION (run->fixture->app))) != NULL)
    gtk_window_destroy (window);
  g_application_quit (G_APPLICATION (run->fixture->app));

  return G_SOURCE_REMOVE;
}

static void
activated_cb (GApplication *app,
              TestRun      *run)
{
  g_idle_add (run_body_cb, run);
}

/* Runs the application as main() does, with @data (a TestBody) once it is up;
 * afterwards nothing may keep the application alive. */
void
test_ui (Fixture       *f,
         gconstpointer  data)
{
  TestRun run = { f, (TestBody) data };

  f->app = debrief_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (f->app, "activate", G_CALLBACK (activated_cb), &run);

  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 0, NULL), ==, 0);

  g_assert_finalize_object (f->app);
}

/* Renders @window as it is on screen into <build>/<name>.png. */
void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("DEBRIEF_SCREENSHOT_DIR"), file, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  graphene_rect_t bounds;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* The paintable shows the window's last drawn frame: wait for one after
   * the latest change. */
  for (int i = 0; i < 300 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        {
          gtk_widget_queue_draw (window);
          g_usleep (10000);
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }
    }
  if (node == NULL)
    g_error ("%s drew nothing (%dx%d)", name, width, height);
  gsk_render_node_get_bounds (node, &bounds);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

GtkWidget *
find_widget (GtkWidget     *widget,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
shown_of_type (GtkWidget     *widget,
               gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data)) && gtk_widget_is_drawable (widget);
}

GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  return find_widget (widget, shown_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
check_box_in_row (GtkWidget     *widget,
                  gconstpointer  data)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GTK_IS_CHECK_BUTTON (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), data) == 0;
}

/* The check box of the row titled @row_title, shown or not */
GtkWidget *
find_check_box (GtkWidget  *widget,
                const char *row_title)
{
  return find_widget (widget, check_box_in_row, row_title);
}

GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* Matches for find_widget(); "shown" ones only what is on screen */

gboolean
row_titled (GtkWidget     *widget,
            gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

gboolean
shown_row_titled (GtkWidget     *widget,
                  gconstpointer  title)
{
  return row_titled (widget, title) && gtk_widget_is_drawable (widget);
}

gboolean
shown_button_labelled (GtkWidget     *widget,
                       gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
         gtk_widget_is_drawable (widget);
}

gboolean
shown_button_with_action (GtkWidget     *widget,
                          gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0 &&
         gtk_widget_is_drawable (widget);
}

/* A label whose text holds @text */
gboolean
shown_label_saying (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL &&
         gtk_widget_is_drawable (widget);
}

/* A label styled as an error (a field's reason) */
gboolean
shown_error (GtkWidget     *widget,
             gconstpointer  unused)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") && gtk_widget_is_drawable (widget);
}

gboolean
shown_error_saying (GtkWidget     *widget,
                    gconstpointer  text)
{
  return shown_error (widget, NULL) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

/* The row titled @title below @widget, or %NULL */
GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  return find_widget (widget, row_titled, title);
}

/* As find_row(), for a row that must be there */
GtkWidget *
get_row (GtkWidget  *widget,
         const char *title)
{
  GtkWidget *row = find_row (widget, title);

  if (row == NULL)
    g_error ("No row titled “%s”", title);

  return row;
}

/* Types @text into the entry row titled @title */
void
type_into (GtkWidget  *widget,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_row (widget, title)), text);
}
