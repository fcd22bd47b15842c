/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-supabase-group.h: Preferences → Storage → Supabase: project, anon key, sign-in */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DEBRIEF_TYPE_SUPABASE_GROUP (debrief_supabase_group_get_type ())

G_DECLARE_FINAL_TYPE (DebriefSupabaseGroup, debrief_supabase_group, DEBRIEF, SUPABASE_GROUP, AdwPreferencesGroup)

void        debrief_supabase_group_set_settings (DebriefSupabaseGroup *self,
                                                 GSettings            *settings);
void        debrief_supabase_group_sign_in      (DebriefSupabaseGroup *self);
void        debrief_supabase_group_sign_out     (DebriefSupabaseGroup *self);
gboolean    debrief_supabase_group_is_signed_in (DebriefSupabaseGroup *self);
const char *debrief_supabase_group_get_status   (DebriefSupabaseGroup *self);

G_END_DECLS
