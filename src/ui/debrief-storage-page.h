/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-storage-page.h: Preferences → Storage: where cloud copies go, the keys, a connection test */

#pragma once

#include <adwaita.h>

#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_TYPE_STORAGE_PAGE (debrief_storage_page_get_type ())

G_DECLARE_FINAL_TYPE (DebriefStoragePage, debrief_storage_page, DEBRIEF, STORAGE_PAGE, AdwPreferencesPage)

DebriefStoragePage *debrief_storage_page_new           (GSettings          *settings,
                                                        DebriefStore       *store);
void                debrief_storage_page_test_connection (DebriefStoragePage *self);
const char         *debrief_storage_page_get_test_result (DebriefStoragePage *self);

G_END_DECLS
