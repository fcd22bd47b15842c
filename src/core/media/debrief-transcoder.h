/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-transcoder.h: converting a recording for WhatsApp or another format, with progress */

#pragma once

#include <gio/gio.h>

#include "debrief-enums.h"
#include "debrief-enum-types.h"

G_BEGIN_DECLS

/* WhatsApp's limit for audio messages */
#define DEBRIEF_WHATSAPP_MAX_BYTES (16 * 1000 * 1000)

#define DEBRIEF_TYPE_TRANSCODER (debrief_transcoder_get_type ())

G_DECLARE_FINAL_TYPE (DebriefTranscoder, debrief_transcoder, DEBRIEF, TRANSCODER, GObject)

DebriefTranscoder *debrief_transcoder_new          (const char              *input,
                                                    const char              *output,
                                                    DebriefTranscodePreset   preset);
void               debrief_transcoder_set_bitrate  (DebriefTranscoder       *self,
                                                    guint                    kbps);
double             debrief_transcoder_get_progress (DebriefTranscoder       *self);
void               debrief_transcoder_run_async    (DebriefTranscoder       *self,
                                                    GCancellable            *cancellable,
                                                    GAsyncReadyCallback      callback,
                                                    gpointer                 user_data);
gboolean           debrief_transcoder_run_finish   (DebriefTranscoder       *self,
                                                    GAsyncResult            *result,
                                                    GError                 **error);

guint              debrief_transcode_preset_get_bitrate
                                                   (DebriefTranscodePreset   preset);
gboolean           debrief_transcode_preset_from_string
                                                   (const char              *text,
                                                    DebriefTranscodePreset  *preset);

G_END_DECLS
