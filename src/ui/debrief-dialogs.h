/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-dialogs.h: the two answers of the app's questions */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void debrief_dialog_add_choice (AdwMessageDialog      *dialog,
                                const char            *cancel_label,
                                const char            *response,
                                const char            *label,
                                AdwResponseAppearance  appearance);

G_END_DECLS
