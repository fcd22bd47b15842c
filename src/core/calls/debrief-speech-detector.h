/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-speech-detector.h: cutting the user's audio into utterances at pauses */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DEBRIEF_SPEECH_RATE 16000 /* samples per second of the audio fed */

typedef struct _DebriefSpeechDetector DebriefSpeechDetector;

/* What feeding audio found */
typedef enum
{
  DEBRIEF_SPEECH_NOTHING,
  DEBRIEF_SPEECH_STARTED,   /* someone began to speak */
  DEBRIEF_SPEECH_ENDED,     /* an utterance ended: take it */
} DebriefSpeechEvent;

DebriefSpeechDetector *debrief_speech_detector_new         (guint                  end_silence_ms);
void                   debrief_speech_detector_free        (DebriefSpeechDetector *self);
DebriefSpeechEvent     debrief_speech_detector_feed        (DebriefSpeechDetector *self,
                                                            const gint16          *samples,
                                                            gsize                  n_samples,
                                                            gsize                 *consumed);
DebriefSpeechEvent     debrief_speech_detector_finish      (DebriefSpeechDetector *self);
GBytes                *debrief_speech_detector_take        (DebriefSpeechDetector *self,
                                                            gint64                *start_ms,
                                                            gint64                *end_ms);
gboolean               debrief_speech_detector_in_speech   (DebriefSpeechDetector *self);
void                   debrief_speech_detector_set_guarded (DebriefSpeechDetector *self,
                                                            gboolean               guarded);
GBytes                *debrief_speech_wav_new              (GBytes                *samples);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefSpeechDetector, debrief_speech_detector_free)

G_END_DECLS
