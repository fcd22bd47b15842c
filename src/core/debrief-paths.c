/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-paths.c: where Debrief keeps its database and files */

#define G_LOG_DOMAIN "debrief-paths"

#include "config.h"

#include "debrief-paths.h"

/**
 * debrief_get_data_dir:
 *
 * The folder of the database and the call files: `DEBRIEF_DATA_DIR` when
 * set, else `$XDG_DATA_HOME/io.github.debrief.Debrief`. The app and the CLI
 * share it.
 *
 * Returns: (transfer full): an absolute path; it may not exist yet
 */
char *
debrief_get_data_dir (void)
{
  const char *override = g_getenv ("DEBRIEF_DATA_DIR");

  if (override != NULL && *override != '\0')
    {
      if (g_path_is_absolute (override))
        return g_strdup (override);
      return g_canonicalize_filename (override, NULL);
    }

  return g_build_filename (g_get_user_data_dir (), BASE_ID, NULL);
}

char *
debrief_get_database_path (void)
{
  g_autofree char *dir = debrief_get_data_dir ();

  return g_build_filename (dir, "debrief.db", NULL);
}

static gboolean
remove_file_tree (GFile   *file,
                  GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL,
                            &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Into real folders only: a link to a folder is removed, never entered. */
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_autoptr(GFileEnumerator) children = NULL;
      GFileInfo *child_info;
      GFile *child;

      children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
      if (children == NULL)
        return FALSE;

      for (;;)
        {
          if (!g_file_enumerator_iterate (children, &child_info, &child, NULL, error))
            return FALSE;
          if (child_info == NULL)
            break;
          if (!remove_file_tree (child, error))
            return FALSE;
        }
    }

  if (!g_file_delete (file, NULL, &local_error) && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * debrief_remove_tree:
 * @path: a file or folder
 * @error: return location for a #GError
 *
 * Removes @path and, for a folder, everything in it; symbolic links are
 * removed, never followed. A path already gone is fine.
 *
 * Returns: %TRUE when nothing is left
 */
gboolean
debrief_remove_tree (const char  *path,
                     GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return remove_file_tree (file, error);
}
