/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-fixture.h: temporary data folders for the tests */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *debrief_test_make_data_dir   (void);
void  debrief_test_remove_data_dir (const char *dir);
void  debrief_test_use_file_keyring (const char *dir);
void  debrief_test_make_audio      (const char *description,
                                    const char *path);

G_END_DECLS
