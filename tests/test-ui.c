/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui.c: the main window and Preferences under a real display, with a screenshot of each */

#include "config.h"

#include <adwaita.h>

#include "debrief-application.h"
#include "debrief-call-window.h"
#include "debrief-call-item.h"
#include "debrief-storage-page.h"
#include "debrief-supabase-group.h"
#include "debrief-test-fake-supabase.h"
#include "debrief-test-s3rver.h"
#include "debrief-preferences-window.h"
#include "debrief-store.h"
#include "debrief-test-fixture.h"
#include "debrief-test-ui.h"
#include "debrief-window.h"

static void
body_empty_library (Fixture *f)
{
  AdwStatusPage *status;
  int width, height;

  start_app (f);

  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "empty");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Debrief");

  status = ADW_STATUS_PAGE (find_descendant (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Calls Yet");

  /* The size comes from the settings. */
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, 960);
  g_assert_cmpint (height, ==, 680);

  /* The database and the local profile were made in the data folder. */
  g_assert_nonnull (debrief_application_get_store (f->app));
  g_assert_true (g_str_has_prefix (debrief_store_get_path (debrief_application_get_store (f->app)), f->dir));

  save_screenshot (GTK_WIDGET (f->window), "main-window-empty");
}

static const char *library_titles[] = {
  "Discovery call with Initech", "Pricing objection drill", "Mock interview"
};

static void
fixture_set_up_with_calls (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefStore) store = NULL;

  fixture_set_up (f, data);
  path = g_build_filename (f->dir, "debrief.db", NULL);
  store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (library_titles); i++)
    {
      g_autoptr(DebriefCall) call = debrief_call_new ();

      call->title = g_strdup (library_titles[i]);
      call->status = DEBRIEF_CALL_STATUS_ENDED;
      call->kind = i == 1 ? DEBRIEF_CALL_KIND_COACHING : DEBRIEF_CALL_KIND_RECORDED;
      call->started_at = 1763700000000000 - (gint64) i * 86400 * G_USEC_PER_SEC;
      call->duration_seconds = 300 + 97 * i;
      g_assert_true (debrief_store_save_call (store, call, &error));

      /* The first is in the cloud, the second failed to upload, the third is kept here only. */
      if (i < 2)
        {
          g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();

          upload->call_id = g_strdup (call->id);
          upload->kind = DEBRIEF_UPLOAD_KIND_RECORDING;
          upload->local_path = g_build_filename (f->dir, "recording.ogg", NULL);
          upload->storage_path = g_strdup_printf ("%s/calls/%s/recording.ogg", call->user_id, call->id);
          upload->backend = DEBRIEF_STORAGE_BACKEND_S3;
          upload->upload_status = i == 0 ? DEBRIEF_UPLOAD_STATUS_COMPLETED : DEBRIEF_UPLOAD_STATUS_FAILED;
          g_assert_true (debrief_store_save_file_upload (store, upload, &error));
        }
    }
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
text_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
clipboard_has_text (gpointer data)
{
  return gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (data), G_TYPE_STRING);
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

static char *
wait_for_clipboard_text (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  char *text = NULL;

  wait_until (clipboard_has_text, clipboard, "the clipboard");
  gdk_clipboard_read_text_async (clipboard, NULL, text_read_cb, &text);
  wait_until (text_read, &text, "the clipboard's text");

  return text;
}

static gboolean
search_done (gpointer data)
{
  return !debrief_window_get_searching (data);
}

static gboolean
is_share_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Copy Share Link") == 0;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
second_title_is (DebriefWindow *window,
                 const char    *expected)
{
  g_autoptr(DebriefCallItem) item = g_list_model_get_item (debrief_window_get_calls (window), 1);

  return item != NULL && g_strcmp0 (debrief_call_item_get_title (item), expected) == 0;
}

static gboolean
second_is_mock (gpointer data)
{
  return second_title_is (data, "Mock interview");
}

static gboolean
second_is_pricing (gpointer data)
{
  return second_title_is (data, "Pricing objection drill");
}

static void
body_library_lists_calls (Fixture *f)
{
  GListModel *calls;

  start_app (f);

  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "library");
  calls = debrief_window_get_calls (f->window);
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (library_titles); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (calls, i);
      g_autofree char *title = NULL;

      g_object_get (item, "title", &title, NULL);
      g_assert_cmpstr (title, ==, library_titles[i]);
    }

  /* Each call says where its files are. */
  {
    const char *icons[] = { "folder-remote-symbolic", "dialog-warning-symbolic", NULL };
    const char *descriptions[] = { "In the cloud", "Upload failed; Debrief will try again", "On this computer only" };

    for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
      {
        g_autoptr(DebriefCallItem) item = g_list_model_get_item (calls, i);

        g_assert_cmpstr (debrief_call_item_get_storage_icon (item), ==, icons[i]);
        g_assert_cmpstr (debrief_call_item_get_storage_description (item), ==, descriptions[i]);
      }
  }

  /* Sort by title from the Sort menu, then back to newest first. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.sort", "s", "title");
  wait_until (second_is_mock, f->window, "the calls by title");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.sort", "s", "newest");
  wait_until (second_is_pricing, f->window, "the calls newest first");

  /* Search as typed: the call whose title matches, the match in bold. */
  debrief_window_search (f->window, "initech");
  wait_until (search_done, f->window, "the search");
  g_assert_cmpuint (g_list_model_get_n_items (debrief_window_get_calls (f->window)), ==, 1);
  {
    g_autoptr(DebriefCallItem) hit = g_list_model_get_item (debrief_window_get_calls (f->window), 0);

    g_assert_cmpstr (debrief_call_item_get_title (hit), ==, "Discovery call with Initech");
    g_assert_nonnull (strstr (debrief_call_item_get_snippet (hit), "<b>Initech</b>"));
  }
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "main-window-search");

  /* Hostile text finds nothing, and says so. */
  debrief_window_search (f->window, "\"pricing AND (<b>");
  wait_until (search_done, f->window, "the search");
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "no-results");
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "main-window-no-results");

  /* Cleared: the whole library again. */
  debrief_window_search (f->window, "");
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "library");
  g_assert_cmpuint (g_list_model_get_n_items (debrief_window_get_calls (f->window)), ==, 3);

  /* Copy Share Link on the call in the cloud: a presigned link on the clipboard. */
  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:9", TRUE);
  g_setenv ("DEBRIEF_S3_BUCKET", "recordings", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", TRUE);
  {
    g_autoptr(DebriefCallItem) item = g_list_model_get_item (calls, 0);
    g_autofree char *link = NULL;

    GtkWidget *share = find_widget (GTK_WIDGET (f->window), is_share_button, NULL);

    /* Only the call in the cloud has the button; pressing it as a person would. */
    g_assert_nonnull (share);
    g_assert_nonnull (debrief_call_item_get_call (item));
    g_signal_emit_by_name (share, "clicked");
    link = wait_for_clipboard_text (GTK_WIDGET (f->window));
    g_test_message ("share link: %s", link);
    g_assert_true (g_str_has_prefix (link, "http://127.0.0.1:9/recordings/"));
    g_assert_nonnull (strstr (link, "X-Amz-Expires=900"));
  }
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "main-window-library");

  /* A call kept here only has nothing to share, and says so. */
  {
    g_autoptr(DebriefCallItem) item = g_list_model_get_item (calls, 2);
    AdwMessageDialog *dialog;

    gtk_widget_activate_action (GTK_WIDGET (f->window), "library.copy-share-link", "s",
                                debrief_call_item_get_call (item)->id);
    wait_until (message_dialog_shown, NULL, "the share error");
    dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "on this computer only"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("DEBRIEF_S3_BUCKET");
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
}

static gboolean
is_sync_button (GtkWidget     *widget,
                gconstpointer  data)
{
  const char *icon = GTK_IS_MENU_BUTTON (widget) ? gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) : NULL;

  return (g_strcmp0 (icon, "emblem-synchronizing-symbolic") == 0 || g_strcmp0 (icon, "dialog-warning-symbolic") == 0) &&
         gtk_widget_get_visible (widget);
}

static gboolean
sync_button_shown (gpointer data)
{
  return find_widget (data, is_sync_button, NULL) != NULL;
}

/* Shown, and done trying for now. */
static gboolean
sync_button_waiting (gpointer data)
{
  GtkWidget *button = find_widget (data, is_sync_button, NULL);

  return button != NULL && strstr (gtk_widget_get_tooltip_text (button), "wait") != NULL;
}

/* A cloud that cannot be reached: the header says files are waiting and why. */
static gboolean
list_has (gpointer data)
{
  DebriefWindow *window = data;

  return g_list_model_get_n_items (debrief_window_get_calls (window)) == GPOINTER_TO_UINT (
    g_object_get_data (data, "expected"));
}

static void
wait_for_rows (DebriefWindow *window,
               guint          n)
{
  g_object_set_data (G_OBJECT (window), "expected", GUINT_TO_POINTER (n));
  wait_until (list_has, window, "the list to change");
}

static char *
first_title (DebriefWindow *window)
{
  g_autoptr(DebriefCallItem) item = g_list_model_get_item (debrief_window_get_calls (window), 0);

  return g_strdup (debrief_call_item_get_title (item));
}

static gboolean
renamed (gpointer data)
{
  g_autofree char *title = first_title (data);

  return g_strcmp0 (title, "Initech, second call") == 0;
}

static gboolean
call_gone (gpointer data)
{
  Fixture *f = data;
  g_autofree char *db = g_build_filename (f->dir, "debrief.db", NULL);
  g_autoptr(DebriefStore) store = debrief_store_open (db, NULL, NULL);
  g_autoptr(DebriefCall) call = debrief_store_get_call (store, g_object_get_data (G_OBJECT (f->window), "gone"),
                                                        NULL);

  return call == NULL;
}

/* Rename, delete and undo, delete for good. */
static void
body_rename_and_delete (Fixture *f)
{
  g_autoptr(DebriefCallItem) first = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *call_dir = NULL;
  AdwMessageDialog *dialog;

  start_app (f);
  first = g_list_model_get_item (debrief_window_get_calls (f->window), 0);
  id = g_strdup (debrief_call_item_get_call (first)->id);
  call_dir = g_build_filename (f->dir, "calls", id, NULL);
  g_assert_cmpint (g_mkdir_with_parents (call_dir, 0700), ==, 0);

  /* Rename, as typed in the dialog. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.rename-call", "s", id);
  wait_until (message_dialog_shown, NULL, "the rename dialog");
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "  Initech, second call  ");
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "rename-dialog");
  adw_message_dialog_response (dialog, "rename");
  wait_until (renamed, f->window, "the new title");
  title = first_title (f->window);
  g_assert_cmpstr (title, ==, "Initech, second call");

  /* Delete: gone from the list at once, back with Undo. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.delete-call", "s", id);
  wait_for_rows (f->window, 2);
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "main-window-deleted");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.undo-delete", "s", id);
  wait_for_rows (f->window, 3);
  g_assert_true (g_file_test (call_dir, G_FILE_TEST_IS_DIR));

  /* Delete, and let the toast go: then the call and its folder are gone. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.delete-call", "s", id);
  wait_for_rows (f->window, 2);
  g_object_set_data_full (G_OBJECT (f->window), "gone", g_strdup (id), g_free);
  {
    gboolean timed_out = FALSE;
    guint timeout = g_timeout_add_seconds (15, timeout_cb, &timed_out);

    while (!call_gone (f) && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (timed_out);
    g_source_remove (timeout);
  }
  g_assert_false (g_file_test (call_dir, G_FILE_TEST_EXISTS));
}

/* Import, as dropping files on the window does: the audio is in, the text
 * file refused with the reason. */
static void
body_import (Fixture *f)
{
  g_autofree char *wav = g_build_filename (f->dir, "Board meeting.wav", NULL);
  g_autofree char *text = g_build_filename (f->dir, "agenda.txt", NULL);
  g_autofree char *make_wav = g_strdup_printf ("gst-launch-1.0 -q audiotestsrc num-buffers=40 ! wavenc ! "
                                               "filesink location=\"%s\"", wav);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) wav_file = g_file_new_for_path (wav);
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autofree char *title = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (g_spawn_command_line_sync (make_wav, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_set_contents (text, "1. Budget", -1, NULL));
  start_app (f);

  g_list_store_append (files, wav_file);
  g_list_store_append (files, text_file);
  debrief_window_import_files (f->window, G_LIST_MODEL (files));
  wait_for_rows (f->window, 4);
  wait_until (message_dialog_shown, NULL, "the refused files");
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "agenda.txt"));
  drain ();
  save_screenshot (GTK_WIDGET (dialog), "import-refused");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Newest first: the recording's file was written just now. */
  title = first_title (f->window);
  g_assert_cmpstr (title, ==, "Board meeting");
}

static void
body_cloud_waiting (Fixture *f)
{
  GSettings *settings;
  GtkWidget *button;
  const char *tooltip;

  start_app (f);
  g_assert_false (sync_button_shown (f->window));

  settings = debrief_application_get_settings (f->app);
  g_settings_set_string (settings, "storage-endpoint", "http://127.0.0.1:9");
  g_settings_set_string (settings, "storage-bucket", "recordings");
  g_settings_set_string (settings, "storage-backend", "s3");
  wait_until (sync_button_waiting, f->window, "the upload indicator");

  button = find_widget (GTK_WIDGET (f->window), is_sync_button, NULL);
  tooltip = gtk_widget_get_tooltip_text (button);
  g_test_message ("indicator: %s", tooltip);
  g_assert_true (strstr (tooltip, "wait") != NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  drain ();
  save_screenshot (GTK_WIDGET (f->window), "main-window-cloud-waiting");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  g_settings_reset (settings, "storage-backend");
  g_settings_reset (settings, "storage-endpoint");
  g_settings_reset (settings, "storage-bucket");
}

static const char *garbage = "This file is not a database. This file is not a database. This file is not.";

static void
fixture_set_up_damaged (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;

  fixture_set_up (f, data);
  path = g_build_filename (f->dir, "debrief.db", NULL);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  /* The application logs why the store failed; that is expected here. */
  g_test_expect_message ("debrief-application", G_LOG_LEVEL_WARNING, "*damaged*");
}

static void
body_damaged_database (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "debrief.db", NULL);
  g_autofree char *after = NULL;
  GtkWindow *dialog;
  AdwStatusPage *status;

  start_app (f);
  g_test_assert_expected_messages ();

  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "error");
  g_assert_null (debrief_application_get_store (f->app));

  status = ADW_STATUS_PAGE (find_descendant (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "damaged"));

  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), path));

  /* Nothing was replaced. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);

  save_screenshot (GTK_WIDGET (f->window), "main-window-error");
  save_screenshot (GTK_WIDGET (dialog), "error-dialog");
}

static void
body_preferences (Fixture *f)
{
  GSettings *settings;
  GtkWindow *preferences;
  AdwComboRow *combo;

  start_app (f);
  settings = debrief_application_get_settings (f->app);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  drain ();
  preferences = find_toplevel (DEBRIEF_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (f->window));
  save_screenshot (GTK_WIDGET (preferences), "preferences-general");

  /* Choosing the dark style applies it at once and is remembered. */
  combo = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW));
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 0);
  adw_combo_row_set_selected (combo, 2);
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "dark");
  drain ();
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  save_screenshot (GTK_WIDGET (f->window), "main-window-dark");

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "recording");
  drain ();
  combo = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW));
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 0);
  adw_combo_row_set_selected (combo, 1);
  g_assert_cmpstr (g_settings_get_string (settings, "recording-format"), ==, "m4a");
  save_screenshot (GTK_WIDGET (preferences), "preferences-recording");

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "calls");
  drain ();
  save_screenshot (GTK_WIDGET (preferences), "preferences-calls");

  g_settings_reset (settings, "color-scheme");
  g_settings_reset (settings, "recording-format");
}

static void
body_window_size_remembered (Fixture *f)
{
  GSettings *settings;

  start_app (f);
  settings = debrief_application_get_settings (f->app);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 500);
  drain ();
  gtk_window_close (GTK_WINDOW (f->window));
  drain ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
body_about_and_shortcuts (Fixture *f)
{
  GtkWindow *about;
  GtkWindow *shortcuts;

  start_app (f);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  drain ();
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  save_screenshot (GTK_WIDGET (about), "about");
  gtk_window_destroy (about);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL);
  drain ();
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  save_screenshot (GTK_WIDGET (shortcuts), "shortcuts");
}

static void
fixture_set_up_with_test_audio (Fixture       *f,
                                gconstpointer  data)
{
  fixture_set_up (f, data);
  g_setenv ("DEBRIEF_AUDIO_SOURCE", "audiotestsrc is-live=true wave=pink-noise volume=0.3 samplesperbuffer=2400", TRUE);
  g_setenv ("DEBRIEF_REMOTE_SOURCE", "audiotestsrc is-live=true wave=sine volume=0.2 samplesperbuffer=2400", TRUE);
}

static gboolean
call_window_shown (gpointer data)
{
  return find_toplevel (DEBRIEF_TYPE_CALL_WINDOW) != NULL;
}

static gboolean
second_passed (gpointer data)
{
  return debrief_call_session_get_elapsed_ms (data) >= 1200;
}

static gboolean
call_ended (gpointer data)
{
  return debrief_call_session_get_state (data) == DEBRIEF_CALL_STATE_ENDED;
}

static GtkWidget *
find_with_class (GtkWidget  *widget,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
notes_saved (gpointer data)
{
  Fixture *f = data;
  DebriefCallSession *session = debrief_application_get_call_session (f->app);
  g_autoptr(DebriefCall) call = debrief_store_get_call (debrief_application_get_store (f->app),
                                                        debrief_call_session_get_call (session)->id, NULL);

  return call != NULL && g_strcmp0 (call->call_notes, "Wants the proposal by Friday") == 0;
}

static void
body_recorded_call (Fixture *f)
{
  g_autoptr(DebriefCallSession) session = NULL;
  g_autoptr(DebriefChunk) chunk = debrief_chunk_new ();
  g_autoptr(DebriefCall) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *call_window;
  GtkWidget *timer;
  GtkWidget *transcript;
  GtkTextView *notes;
  DebriefStore *store;

  start_app (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.new-call", NULL);
  wait_until (call_window_shown, NULL, "the call window");
  call_window = find_toplevel (DEBRIEF_TYPE_CALL_WINDOW);
  session = g_object_ref (debrief_call_window_get_session (DEBRIEF_CALL_WINDOW (call_window)));
  g_assert_cmpint (debrief_call_session_get_state (session), ==, DEBRIEF_CALL_STATE_ACTIVE);
  g_assert_true (debrief_application_get_call_session (f->app) == session);

  /* The timer runs. */
  wait_until (second_passed, session, "a second of call");
  drain ();
  timer = find_with_class (GTK_WIDGET (call_window), "call-timer");
  g_assert_nonnull (timer);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (timer)), !=, "00:00");

  /* A chunk from the session shows in the transcript pane. */
  chunk->speaker = DEBRIEF_SPEAKER_REMOTE;
  chunk->user_transcript = g_strdup ("Could you send me the proposal before Friday?");
  chunk->start_ms = 800;
  chunk->end_ms = 3200;
  g_assert_true (debrief_call_session_add_chunk (session, chunk, &error));
  g_assert_no_error (error);
  transcript = find_with_class (GTK_WIDGET (call_window), "transcript");
  g_assert_nonnull (gtk_widget_get_first_child (transcript));
  drain ();
  save_screenshot (GTK_WIDGET (call_window), "call-window");

  /* Space (call.toggle-pause) pauses and resumes. */
  gtk_widget_activate_action (GTK_WIDGET (call_window), "call.toggle-pause", NULL);
  g_assert_cmpint (debrief_call_session_get_state (session), ==, DEBRIEF_CALL_STATE_PAUSED);
  gtk_widget_activate_action (GTK_WIDGET (call_window), "call.toggle-pause", NULL);
  g_assert_cmpint (debrief_call_session_get_state (session), ==, DEBRIEF_CALL_STATE_ACTIVE);

  /* Notes are saved as they are typed, without ending the call. */
  notes = GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (call_window), GTK_TYPE_TEXT_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (notes), "Wants the proposal by Friday", -1);
  wait_until (notes_saved, f, "the notes to be saved");

  /* Starting another call while this one runs shows this one again. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "library.new-call", NULL);
  g_assert_true (debrief_application_get_call_session (f->app) == session);

  /* Ending stores it with its recording, and the library lists it. */
  debrief_call_session_end_async (session, DEBRIEF_END_REASON_MANUAL, NULL, NULL, NULL);
  wait_until (call_ended, session, "the call to end");
  drain ();
  g_assert_null (find_toplevel (DEBRIEF_TYPE_CALL_WINDOW));
  g_assert_null (debrief_application_get_call_session (f->app));

  store = debrief_application_get_store (f->app);
  stored = debrief_store_get_call (store, debrief_call_session_get_call (session)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, DEBRIEF_CALL_STATUS_ENDED);
  g_assert_cmpint (stored->end_reason, ==, DEBRIEF_END_REASON_MANUAL);
  g_assert_true (g_file_test (stored->recording_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (debrief_window_get_visible_page (f->window), ==, "library");
  g_assert_cmpuint (g_list_model_get_n_items (debrief_window_get_calls (f->window)), ==, 1);
}

static gboolean
test_finished (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "finished"));
}

static void
mark_finished (GObject *page)
{
  g_object_set_data (page, "finished", GINT_TO_POINTER (TRUE));
}

/* Starts @start on @widget and waits for the signal mark_finished() marks. */
static void
run_and_wait (gpointer    widget,
              GCallback   start,
              const char *what)
{
  g_object_set_data (G_OBJECT (widget), "finished", NULL);
  ((void (*)(gpointer))start)(widget);
  wait_until (test_finished, widget, what);
}

static void
run_connection_test (DebriefStoragePage *page)
{
  run_and_wait (page, G_CALLBACK (debrief_storage_page_test_connection), "the connection test");
}

static void
body_storage_preferences (Fixture *f)
{
  DebriefTestS3rver *server = debrief_test_s3rver_start ("recordings");
  GSettings *settings;
  GtkWindow *preferences;
  DebriefStoragePage *page;
  GtkWidget *secret;

  start_app (f);
  settings = debrief_application_get_settings (f->app);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  drain ();
  preferences = find_toplevel (DEBRIEF_TYPE_PREFERENCES_WINDOW);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "storage");
  drain ();
  page = DEBRIEF_STORAGE_PAGE (find_descendant (GTK_WIDGET (preferences), DEBRIEF_TYPE_STORAGE_PAGE));
  g_assert_nonnull (page);
  g_signal_connect (page, "test-finished", G_CALLBACK (mark_finished), NULL);

  /* Choosing S3 and filling in the fields as a person would. */
  g_settings_set_string (settings, "storage-backend", "s3");
  g_settings_set_string (settings, "storage-endpoint", server->endpoint);
  g_settings_set_string (settings, "storage-region", "us-east-1");
  g_settings_set_string (settings, "storage-bucket", "recordings");
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW)), "S3RVER");
  secret = find_descendant (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (secret), "S3RVER");
  {
    /* The access key row is the entry row just before the secret. */
    GtkWidget *access = gtk_widget_get_prev_sibling (secret);

    gtk_editable_set_text (GTK_EDITABLE (access), "S3RVER");
  }

  run_connection_test (page);
  g_assert_cmpstr (debrief_storage_page_get_test_result (page), ==, "Connected: the bucket “recordings” is ready");
  drain ();
  save_screenshot (GTK_WIDGET (preferences), "preferences-storage");

  /* A wrong bucket is named. */
  g_settings_set_string (settings, "storage-bucket", "no-such-bucket");
  run_connection_test (page);
  g_assert_nonnull (strstr (debrief_storage_page_get_test_result (page), "“no-such-bucket” does not exist"));

  g_settings_reset (settings, "storage-backend");
  g_settings_reset (settings, "storage-endpoint");
  g_settings_reset (settings, "storage-region");
  g_settings_reset (settings, "storage-bucket");
  debrief_test_s3rver_stop (server);
}

static void
sign_in_and_wait (DebriefSupabaseGroup *group)
{
  run_and_wait (group, G_CALLBACK (debrief_supabase_group_sign_in), "the sign-in");
}

static void
body_supabase_preferences (Fixture *f)
{
  FakeSupabase *fake = fake_supabase_new ();
  GSettings *settings;
  GtkWindow *preferences;
  DebriefSupabaseGroup *group;
  GtkWidget *secret;
  g_autofree char *email = NULL;

  start_app (f);
  settings = debrief_application_get_settings (f->app);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  drain ();
  preferences = find_toplevel (DEBRIEF_TYPE_PREFERENCES_WINDOW);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "storage");
  g_settings_set_string (settings, "storage-backend", "supabase");
  drain ();

  /* Only Supabase's fields show once it is chosen. */
  group = DEBRIEF_SUPABASE_GROUP (find_descendant (GTK_WIDGET (preferences), DEBRIEF_TYPE_SUPABASE_GROUP));
  g_assert_nonnull (group);
  secret = find_row (GTK_WIDGET (preferences), "Secret Access Key");
  g_assert_true (secret == NULL || !gtk_widget_is_drawable (secret));
  g_signal_connect (group, "finished", G_CALLBACK (mark_finished), NULL);

  type_into (GTK_WIDGET (group), "Project URL", fake->url);
  type_into (GTK_WIDGET (group), "Anon Key", FAKE_SUPABASE_ANON_KEY);
  type_into (GTK_WIDGET (group), "Storage Bucket", "recordings");
  type_into (GTK_WIDGET (group), "Email", FAKE_SUPABASE_EMAIL);

  /* No password: said so, nothing sent. */
  sign_in_and_wait (group);
  g_assert_cmpstr (debrief_supabase_group_get_status (group), ==,
                   "Enter the email and password of your Supabase account");
  g_assert_cmpuint (fake->requests, ==, 0);

  /* A wrong password: Supabase's reason is shown. */
  type_into (GTK_WIDGET (group), "Password", "wrong");
  sign_in_and_wait (group);
  g_assert_false (debrief_supabase_group_is_signed_in (group));
  g_assert_nonnull (strstr (debrief_supabase_group_get_status (group), "Invalid login credentials"));

  type_into (GTK_WIDGET (group), "Password", FAKE_SUPABASE_PASSWORD);
  sign_in_and_wait (group);
  g_assert_true (debrief_supabase_group_is_signed_in (group));
  g_assert_cmpstr (debrief_supabase_group_get_status (group), ==, "Signed in as " FAKE_SUPABASE_EMAIL);
  /* The password is not kept, not even in the field. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (group), "Password"))), ==, "");
  email = g_settings_get_string (settings, "supabase-email");
  g_assert_cmpstr (email, ==, FAKE_SUPABASE_EMAIL);
  /* Tall enough to show the Account row. */
  gtk_window_set_default_size (preferences, 640, 1000);
  drain ();
  save_screenshot (GTK_WIDGET (preferences), "preferences-supabase");

  run_and_wait (group, G_CALLBACK (debrief_supabase_group_sign_out), "the sign-out");
  g_assert_false (debrief_supabase_group_is_signed_in (group));

  for (const char * const *key = (const char *[]) { "storage-backend", "supabase-url", "supabase-email",
                                                    "storage-bucket", NULL }; *key != NULL; key++)
    g_settings_reset (settings, *key);
  g_assert_cmpuint (fake->malformed->len, ==, 0);
  fake_supabase_free (fake);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = debrief_test_make_data_dir ();

  /* Secrets go to libsecret's file backend: a real keyring without a daemon. */
  debrief_test_use_file_keyring (keyring_dir);

  gtk_test_init (&argc, &argv, NULL);

  /* Screenshots show the end of transitions, not a frame in the middle. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/main-window/empty", Fixture, (gconstpointer) body_empty_library, fixture_set_up, test_ui, fixture_tear_down);
  g_test_add ("/ui/main-window/library", Fixture, (gconstpointer) body_library_lists_calls, fixture_set_up_with_calls, test_ui, fixture_tear_down);
  g_test_add ("/ui/main-window/rename-and-delete", Fixture, (gconstpointer) body_rename_and_delete,
              fixture_set_up_with_calls, test_ui, fixture_tear_down);
  g_test_add ("/ui/main-window/import", Fixture, (gconstpointer) body_import, fixture_set_up_with_calls, test_ui,
              fixture_tear_down);
  g_test_add ("/ui/main-window/cloud-waiting", Fixture, (gconstpointer) body_cloud_waiting, fixture_set_up_with_calls,
              test_ui, fixture_tear_down);
  g_test_add ("/ui/main-window/damaged-database", Fixture, (gconstpointer) body_damaged_database, fixture_set_up_damaged, test_ui, fixture_tear_down);
  g_test_add ("/ui/main-window/size-remembered", Fixture, (gconstpointer) body_window_size_remembered, fixture_set_up, test_ui, fixture_tear_down);
  g_test_add ("/ui/recorded-call", Fixture, (gconstpointer) body_recorded_call, fixture_set_up_with_test_audio,
              test_ui, fixture_tear_down);
  g_test_add ("/ui/storage-preferences", Fixture, (gconstpointer) body_storage_preferences, fixture_set_up,
              test_ui, fixture_tear_down);
  g_test_add ("/ui/supabase-preferences", Fixture, (gconstpointer) body_supabase_preferences, fixture_set_up,
              test_ui, fixture_tear_down);
  g_test_add ("/ui/preferences", Fixture, (gconstpointer) body_preferences, fixture_set_up, test_ui, fixture_tear_down);
  g_test_add ("/ui/about-and-shortcuts", Fixture, (gconstpointer) body_about_and_shortcuts, fixture_set_up, test_ui, fixture_tear_down);

  return g_test_run ();
}
