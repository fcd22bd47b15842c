/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-caption.h: the text sent with a recording, filled in from a template */

#pragma once

#include "debrief-records.h"

G_BEGIN_DECLS

char *debrief_caption_fill (const char        *template,
                            const DebriefLead *lead,
                            const DebriefCall *call);

G_END_DECLS
