/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-session.h: one call from start to end: its row, recording, limits, chunks and archive */

#pragma once

#include <gio/gio.h>

#include "debrief-clock.h"
#include "debrief-enums.h"
#include "debrief-enum-types.h"
#include "debrief-recorder.h"
#include "debrief-store.h"

G_BEGIN_DECLS

#define DEBRIEF_CALL_WARNING_SECONDS 60

/* What a call is started with; debrief_call_options_new_from_settings()
 * fills it from the preferences. */
typedef struct
{
  DebriefCallKind        kind;
  char                  *title;
  char                  *lead_id;
  char                  *agent_id;
  DebriefAudioFormat     format;
  guint                  channels;
  guint                  bitrate_kbps;
  char                  *device;
  char                  *user_source; /* a gst-launch description replacing the microphone */
  gboolean               record_remote;
  gboolean               precise_voice_detection;
  guint                  max_seconds;
  guint                  inactivity_seconds;
  double                 stt_per_minute;
  double                 tts_per_minute;
  double                 chat_per_chunk;
  DebriefStorageBackend  storage_backend;
  char                  *data_dir;
} DebriefCallOptions;

DebriefCallOptions *debrief_call_options_new               (void);
DebriefCallOptions *debrief_call_options_new_from_settings (GSettings          *settings);
void                debrief_call_options_free              (DebriefCallOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefCallOptions, debrief_call_options_free)

double              debrief_call_estimate_cost             (const DebriefCallOptions *options,
                                                            double                    transcribed_seconds,
                                                            double                    spoken_seconds,
                                                            guint                     replies);

#define DEBRIEF_TYPE_CALL_SESSION (debrief_call_session_get_type ())

G_DECLARE_FINAL_TYPE (DebriefCallSession, debrief_call_session, DEBRIEF, CALL_SESSION, GObject)

DebriefCallSession *debrief_call_session_new              (DebriefStore              *store,
                                                           DebriefClock              *clock,
                                                           const DebriefCallOptions  *options);
gboolean            debrief_call_session_start            (DebriefCallSession        *self,
                                                           GError                   **error);
void                debrief_call_session_pause            (DebriefCallSession        *self);
void                debrief_call_session_resume           (DebriefCallSession        *self);
void                debrief_call_session_end_async        (DebriefCallSession        *self,
                                                           DebriefEndReason           reason,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
gboolean            debrief_call_session_end_finish       (DebriefCallSession        *self,
                                                           GAsyncResult              *result,
                                                           GError                   **error);
gboolean            debrief_call_session_add_chunk        (DebriefCallSession        *self,
                                                           DebriefChunk              *chunk,
                                                           GError                   **error);
gboolean            debrief_call_session_set_notes        (DebriefCallSession        *self,
                                                           const char                *notes,
                                                           GError                   **error);
gboolean            debrief_call_session_set_title        (DebriefCallSession        *self,
                                                           const char                *title,
                                                           GError                   **error);
gboolean            debrief_call_session_set_lead         (DebriefCallSession        *self,
                                                           const char                *lead_id,
                                                           GError                   **error);

DebriefCallState    debrief_call_session_get_state        (DebriefCallSession        *self);
const DebriefCall  *debrief_call_session_get_call         (DebriefCallSession        *self);
GPtrArray          *debrief_call_session_get_chunks       (DebriefCallSession        *self);
DebriefRecorder    *debrief_call_session_get_recorder     (DebriefCallSession        *self);
gint64              debrief_call_session_get_elapsed_ms   (DebriefCallSession        *self);
gint64              debrief_call_session_get_limit_ms     (DebriefCallSession        *self);
gint64              debrief_call_session_get_time_left_ms (DebriefCallSession        *self);
double              debrief_call_session_get_cost         (DebriefCallSession        *self);
gboolean            debrief_call_session_get_near_limit   (DebriefCallSession        *self);
const GError       *debrief_call_session_get_error        (DebriefCallSession        *self);

G_END_DECLS
