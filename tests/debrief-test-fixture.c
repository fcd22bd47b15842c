/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-fixture.c: temporary data folders for the tests */

#include "config.h"

#include <gio/gio.h>
#include <gst/gst.h>

#include "debrief-test-fixture.h"

/**
 * debrief_test_make_data_dir:
 *
 * Returns: (transfer full): a new empty folder under the temporary directory
 */
char *
debrief_test_make_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("debrief-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_recursively (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFile *child;

      while (g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        remove_recursively (child);
    }

  g_file_delete (file, NULL, NULL);
}

void
debrief_test_remove_data_dir (const char *dir)
{
  g_autoptr(GFile) file = NULL;

  if (dir == NULL)
    return;

  file = g_file_new_for_path (dir);
  remove_recursively (file);
}

/**
 * debrief_test_use_file_keyring:
 * @dir: a folder for the keyring file
 *
 * Points libsecret at its file backend: a real keyring in a file, no
 * daemon. Call before anything uses libsecret.
 */
void
debrief_test_use_file_keyring (const char *dir)
{
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
}

/* Runs the GStreamer pipeline @description into @path. */
void
debrief_test_make_audio (const char *description,
                         const char *path)
{
  g_autofree char *full = g_strdup_printf ("%s ! filesink location=\"%s\"", description, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (full, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}
