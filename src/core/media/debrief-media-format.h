/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-media-format.h: the audio formats Debrief writes, and the GStreamer elements each needs */

#pragma once

#include <gst/gst.h>

#include "debrief-enums.h"
#include "debrief-enum-types.h"

G_BEGIN_DECLS

#define DEBRIEF_MEDIA_ERROR (debrief_media_error_quark ())

typedef enum
{
  DEBRIEF_MEDIA_ERROR_FAILED,
  DEBRIEF_MEDIA_ERROR_MISSING_PLUGIN,
  DEBRIEF_MEDIA_ERROR_NOT_FOUND,
  DEBRIEF_MEDIA_ERROR_NOT_AUDIO,
  DEBRIEF_MEDIA_ERROR_CORRUPT,
  DEBRIEF_MEDIA_ERROR_WRITE,
  DEBRIEF_MEDIA_ERROR_DEVICE,
  DEBRIEF_MEDIA_ERROR_TIMEOUT,
  DEBRIEF_MEDIA_ERROR_EMPTY,
  DEBRIEF_MEDIA_ERROR_TOO_LARGE,
  DEBRIEF_MEDIA_ERROR_INVALID,
} DebriefMediaError;

GQuark      debrief_media_error_quark          (void);

gboolean    debrief_media_init                 (GError             **error);

const char *debrief_audio_format_get_extension (DebriefAudioFormat   format);
const char *debrief_audio_format_get_content_type
                                               (DebriefAudioFormat   format);
gboolean    debrief_audio_format_from_string   (const char          *text,
                                                DebriefAudioFormat  *format);
char       *debrief_audio_format_encoder_description
                                               (DebriefAudioFormat   format,
                                                guint                bitrate_kbps,
                                                gboolean             live,
                                                GError             **error);

gboolean    debrief_media_require_elements     (const char * const  *elements,
                                                const char          *purpose,
                                                const char          *packages,
                                                GError             **error);
gboolean    debrief_media_error_from_message   (GstMessage          *message,
                                                const char          *path,
                                                GError             **error);

G_END_DECLS
