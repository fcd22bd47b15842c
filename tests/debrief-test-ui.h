/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-ui.h: running the application under a real display in a test, waiting for it, screenshots */

#pragma once

#include <adwaita.h>

#include "debrief-application.h"
#include "debrief-window.h"

G_BEGIN_DECLS

typedef struct
{
  char               *dir;
  DebriefApplication *app;
  DebriefWindow      *window;
} Fixture;

typedef gboolean (*DoneFunc)    (gpointer       data);
typedef void     (*TestBody)    (Fixture       *f);
typedef gboolean (*WidgetMatch) (GtkWidget     *widget,
                                 gconstpointer  data);

void       fixture_set_up  (Fixture       *f,
                            gconstpointer  data);
void       fixture_tear_down (Fixture     *f,
                            gconstpointer  data);
gboolean   timeout_cb      (gpointer       user_data);
void       wait_until      (DoneFunc       done,
                            gpointer       data,
                            const char    *what);
void       drain           (void);
void       start_app       (Fixture       *f);
void       test_ui         (Fixture       *f,
                            gconstpointer  data);
void       save_screenshot (GtkWidget     *window,
                            const char    *name);
GtkWidget *find_widget     (GtkWidget     *widget,
                            WidgetMatch    match,
                            gconstpointer  data);
GtkWidget *find_check_box  (GtkWidget     *widget,
                            const char    *row_title);
GtkWidget *find_descendant (GtkWidget     *widget,
                            GType          type);
GtkWindow *find_toplevel   (GType          type);
GtkWidget *find_row        (GtkWidget     *widget,
                            const char    *title);
GtkWidget *get_row         (GtkWidget     *widget,
                            const char    *title);
void       type_into       (GtkWidget     *widget,
                            const char    *title,
                            const char    *text);

gboolean   row_titled               (GtkWidget     *widget,
                                     gconstpointer  title);
gboolean   shown_row_titled         (GtkWidget     *widget,
                                     gconstpointer  title);
gboolean   shown_button_labelled    (GtkWidget     *widget,
                                     gconstpointer  label);
gboolean   shown_button_with_action (GtkWidget     *widget,
                                     gconstpointer  action);
gboolean   shown_label_saying       (GtkWidget     *widget,
                                     gconstpointer  text);
gboolean   shown_error              (GtkWidget     *widget,
                                     gconstpointer  unused);
gboolean   shown_error_saying       (GtkWidget     *widget,
                                     gconstpointer  text);

G_END_DECLS
