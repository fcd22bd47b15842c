/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-paths.h: where Debrief keeps its database and files */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *debrief_get_data_dir      (void);
char *debrief_get_database_path (void);
gboolean debrief_remove_tree    (const char  *path,
                                 GError     **error);

G_END_DECLS
