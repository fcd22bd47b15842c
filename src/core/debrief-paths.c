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

/**
 * debrief_get_call_dir:
 * @call_id: a call id
 *
 * Returns: (transfer full): the folder of one call's recording, chunks and archive
 */
char *
debrief_get_call_dir (const char *call_id)
{
  g_autofree char *dir = debrief_get_data_dir ();

  g_return_val_if_fail (call_id != NULL, NULL);

  return g_build_filename (dir, "calls", call_id, NULL);
}
