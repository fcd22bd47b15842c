/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-recorder.h: recording the microphone and the other side of a call into one file */

#pragma once

#include <gio/gio.h>

#include "debrief-enums.h"
#include "debrief-enum-types.h"

G_BEGIN_DECLS

/* Channels of the level and voice-activity signals */
#define DEBRIEF_RECORDER_CHANNEL_USER   0
#define DEBRIEF_RECORDER_CHANNEL_REMOTE 1

/* The user's audio as captured: 16 kHz mono S16 samples, and the stream
 * time of the first, in ms (-1 when unknown); no samples when the input
 * ended */
typedef void (*DebriefRecorderAudioFunc) (const gint16 *samples,
                                          gsize         n_samples,
                                          gint64        stream_ms,
                                          gpointer      user_data);

#define DEBRIEF_TYPE_RECORDER (debrief_recorder_get_type ())

G_DECLARE_FINAL_TYPE (DebriefRecorder, debrief_recorder, DEBRIEF, RECORDER, GObject)

DebriefRecorder      *debrief_recorder_new              (const char          *path,
                                                         DebriefAudioFormat   format);
const char           *debrief_recorder_get_path         (DebriefRecorder     *self);
DebriefAudioFormat    debrief_recorder_get_format       (DebriefRecorder     *self);
void                  debrief_recorder_set_channels     (DebriefRecorder     *self,
                                                         guint                channels);
guint                 debrief_recorder_get_channels     (DebriefRecorder     *self);
void                  debrief_recorder_set_bitrate      (DebriefRecorder     *self,
                                                         guint                kbps);
void                  debrief_recorder_set_device       (DebriefRecorder     *self,
                                                         const char          *device_name);
void                  debrief_recorder_set_user_source  (DebriefRecorder     *self,
                                                         const char          *description);
void                  debrief_recorder_set_remote_source (DebriefRecorder    *self,
                                                         const char          *description);
void                  debrief_recorder_set_echo_probe   (DebriefRecorder     *self,
                                                         const char          *probe);
void                  debrief_recorder_set_user_audio_func
                                                        (DebriefRecorder     *self,
                                                         DebriefRecorderAudioFunc func,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy);
void                  debrief_recorder_set_record_remote
                                                        (DebriefRecorder     *self,
                                                         gboolean             record_remote);
void                  debrief_recorder_set_precise_voice_detection
                                                        (DebriefRecorder     *self,
                                                         gboolean             precise);
DebriefRecorderState  debrief_recorder_get_state        (DebriefRecorder     *self);
gint64                debrief_recorder_get_position_ms  (DebriefRecorder     *self);
gboolean              debrief_recorder_has_remote       (DebriefRecorder     *self);

gboolean              debrief_recorder_start            (DebriefRecorder     *self,
                                                         GError             **error);
void                  debrief_recorder_pause            (DebriefRecorder     *self);
void                  debrief_recorder_resume           (DebriefRecorder     *self);
void                  debrief_recorder_stop_async       (DebriefRecorder     *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean              debrief_recorder_stop_finish      (DebriefRecorder     *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

GPtrArray            *debrief_list_capture_devices      (void);

G_END_DECLS
