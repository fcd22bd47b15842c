/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-voice-page.h: Preferences → Coaching: the voice backend, its key, its models, a backend test */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DEBRIEF_TYPE_VOICE_PAGE (debrief_voice_page_get_type ())

G_DECLARE_FINAL_TYPE (DebriefVoicePage, debrief_voice_page, DEBRIEF, VOICE_PAGE, AdwPreferencesPage)

DebriefVoicePage *debrief_voice_page_new (GSettings        *settings);
void              debrief_voice_page_test_backend (DebriefVoicePage *self);
const char       *debrief_voice_page_get_test_result (DebriefVoicePage *self);

G_END_DECLS
