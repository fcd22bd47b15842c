/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-speech-detector.c: cutting the user's audio into utterances at pauses */

#define G_LOG_DOMAIN "debrief-speech"

#include "config.h"

#include <math.h>
#include <string.h>

#include "debrief-speech-detector.h"

/* 20 ms frames; speech is a frame louder than the noise floor by a margin
 * (and than an absolute floor); an utterance starts after 60 ms of speech
 * and ends after the configured silence. It keeps 200 ms from before it
 * started, so the first syllable reaches the transcriber whole. */
#define FRAME          (DEBRIEF_SPEECH_RATE / 50)
#define FRAME_MS       20
#define ONSET_FRAMES   3
#define PREROLL_FRAMES 10
#define TAIL_FRAMES    5
#define MIN_DB         -45.0
#define MARGIN_DB      10.0
#define GUARD_ONSET    8       /* while the coach speaks: 160 ms of voice, */
#define GUARD_DB       8.0     /* this much louder than otherwise */
#define MAX_FRAMES     (30 * 50) /* an utterance ends after 30 s at the latest */

struct _DebriefSpeechDetector
{
  guint       end_silence_ms;

  gint16      partial[FRAME];     /* a frame not complete yet */
  gsize       n_partial;
  gint64      frames;             /* frames seen: the clock */
  double      noise_db;

  GByteArray *preroll;            /* the last frames before speech */
  GByteArray *utterance;          /* while in speech: its frames */
  guint       voiced_run;         /* consecutive speech frames */
  guint       silent_run;         /* consecutive silent frames in speech */
  gboolean    in_speech;
  gboolean    guarded;
  gint64      start_frame;
  gint64      last_voiced_frame;

  GByteArray *done;               /* an utterance ended, to take */
  gint64      done_start_ms;
  gint64      done_end_ms;
};

/**
 * debrief_speech_detector_new:
 * @end_silence_ms: how long a pause ends an utterance
 *
 * Returns: (transfer full): a detector for 16 kHz mono audio
 */
DebriefSpeechDetector *
debrief_speech_detector_new (guint end_silence_ms)
{
  DebriefSpeechDetector *self = g_new0 (DebriefSpeechDetector, 1);

  self->end_silence_ms = MAX (end_silence_ms, FRAME_MS * 2);
  self->noise_db = -60.0;
  self->preroll = g_byte_array_new ();
  self->utterance = g_byte_array_new ();

  return self;
}

void
debrief_speech_detector_free (DebriefSpeechDetector *self)
{
  if (self == NULL)
    return;

  g_byte_array_unref (self->preroll);
  g_byte_array_unref (self->utterance);
  g_clear_pointer (&self->done, g_byte_array_unref);
  g_free (self);
}

gboolean
debrief_speech_detector_in_speech (DebriefSpeechDetector *self)
{
  return self->in_speech;
}

/**
 * debrief_speech_detector_set_guarded:
 * @self: a #DebriefSpeechDetector
 * @guarded: whether another voice plays nearby (the coach, from the
 *   speakers): someone starts speaking only when louder and longer
 */
void
debrief_speech_detector_set_guarded (DebriefSpeechDetector *self,
                                     gboolean               guarded)
{
  self->guarded = guarded;
}

static double
frame_db (const gint16 *frame)
{
  double sum = 0;

  for (guint i = 0; i < FRAME; i++)
    sum += (double) frame[i] * frame[i];

  return 10.0 * log10 (sum / FRAME / (32768.0 * 32768.0) + 1e-12);
}

static void
end_utterance (DebriefSpeechDetector *self)
{
  /* Up to a little after the last sound, not the whole pause. */
  gsize keep = (gsize) (self->last_voiced_frame - self->start_frame + 1 + TAIL_FRAMES) * FRAME * sizeof (gint16);

  g_clear_pointer (&self->done, g_byte_array_unref);
  self->done = self->utterance;
  if (self->done->len > keep)
    g_byte_array_set_size (self->done, keep);
  self->done_start_ms = self->start_frame * FRAME_MS;
  self->done_end_ms = self->done_start_ms + (gint64) (self->done->len / sizeof (gint16)) * 1000 / DEBRIEF_SPEECH_RATE;

  self->utterance = g_byte_array_new ();
  self->in_speech = FALSE;
  self->voiced_run = 0;
  self->silent_run = 0;
}

static DebriefSpeechEvent
handle_frame (DebriefSpeechDetector *self,
              const gint16          *frame)
{
  double db = frame_db (frame);
  double threshold = MAX (MIN_DB, self->noise_db + MARGIN_DB) + (self->guarded ? GUARD_DB : 0);
  gboolean voiced = db > threshold;
  DebriefSpeechEvent event = DEBRIEF_SPEECH_NOTHING;

  self->frames++;

  /* The floor follows quiet frames, and creeps up under steady noise (a
   * fan) that would otherwise pass for endless speech. */
  if (!voiced)
    self->noise_db = 0.95 * self->noise_db + 0.05 * db;
  else
    self->noise_db = 0.999 * self->noise_db + 0.001 * db;

  if (self->in_speech)
    {
      g_byte_array_append (self->utterance, (const guint8 *) frame, FRAME * sizeof (gint16));
      if (voiced)
        {
          self->silent_run = 0;
          self->last_voiced_frame = self->frames - 1;
        }
      if ((!voiced && ++self->silent_run * FRAME_MS >= self->end_silence_ms) ||
          self->frames - self->start_frame >= MAX_FRAMES)
        {
          end_utterance (self);
          event = DEBRIEF_SPEECH_ENDED;
        }
      return event;
    }

  self->voiced_run = voiced ? self->voiced_run + 1 : 0;
  g_byte_array_append (self->preroll, (const guint8 *) frame, FRAME * sizeof (gint16));

  if (self->voiced_run >= (self->guarded ? GUARD_ONSET : ONSET_FRAMES))
    {
      gsize frames_kept = self->preroll->len / (FRAME * sizeof (gint16));

      self->in_speech = TRUE;
      self->silent_run = 0;
      self->start_frame = self->frames - (gint64) frames_kept;
      self->last_voiced_frame = self->frames - 1;
      g_byte_array_append (self->utterance, self->preroll->data, self->preroll->len);
      g_byte_array_set_size (self->preroll, 0);
      return DEBRIEF_SPEECH_STARTED;
    }

  /* Keep only the pre-roll */
  if (self->preroll->len > PREROLL_FRAMES * FRAME * sizeof (gint16))
    g_byte_array_remove_range (self->preroll, 0, FRAME * sizeof (gint16));

  return DEBRIEF_SPEECH_NOTHING;
}

/**
 * debrief_speech_detector_feed:
 * @self: a #DebriefSpeechDetector
 * @samples: 16 kHz mono samples
 * @n_samples: how many
 * @consumed: (out): how many were taken; feed the rest after an event
 *
 * Returns: the first event the samples caused
 */
DebriefSpeechEvent
debrief_speech_detector_feed (DebriefSpeechDetector *self,
                              const gint16          *samples,
                              gsize                  n_samples,
                              gsize                 *consumed)
{
  gsize used = 0;

  while (used < n_samples)
    {
      gsize take = MIN (FRAME - self->n_partial, n_samples - used);
      DebriefSpeechEvent event;

      memcpy (self->partial + self->n_partial, samples + used, take * sizeof (gint16));
      self->n_partial += take;
      used += take;
      if (self->n_partial < FRAME)
        break;

      self->n_partial = 0;
      event = handle_frame (self, self->partial);
      if (event != DEBRIEF_SPEECH_NOTHING)
        {
          *consumed = used;
          return event;
        }
    }

  *consumed = used;
  return DEBRIEF_SPEECH_NOTHING;
}

/**
 * debrief_speech_detector_finish:
 * @self: a #DebriefSpeechDetector
 *
 * The input ended: an utterance in progress ends with it.
 *
 * Returns: %DEBRIEF_SPEECH_ENDED when there was one
 */
DebriefSpeechEvent
debrief_speech_detector_finish (DebriefSpeechDetector *self)
{
  if (!self->in_speech)
    return DEBRIEF_SPEECH_NOTHING;

  end_utterance (self);
  return DEBRIEF_SPEECH_ENDED;
}

/**
 * debrief_speech_detector_take:
 * @self: a #DebriefSpeechDetector
 * @start_ms: (out) (optional): when the utterance started, from the first
 *   sample fed
 * @end_ms: (out) (optional): when it ended
 *
 * Returns: (transfer full) (nullable): the utterance that ended last, as
 *   16 kHz mono samples, or %NULL when it was taken already
 */
GBytes *
debrief_speech_detector_take (DebriefSpeechDetector *self,
                              gint64                *start_ms,
                              gint64                *end_ms)
{
  if (self->done == NULL)
    return NULL;

  if (start_ms != NULL)
    *start_ms = self->done_start_ms;
  if (end_ms != NULL)
    *end_ms = self->done_end_ms;

  return g_byte_array_free_to_bytes (g_steal_pointer (&self->done));
}

/**
 * debrief_speech_wav_new:
 * @samples: 16 kHz mono signed 16-bit samples
 *
 * Returns: (transfer full): the samples as a WAV file, as transcribers take
 */
GBytes *
debrief_speech_wav_new (GBytes *samples)
{
  gsize size = g_bytes_get_size (samples);
  GByteArray *wav = g_byte_array_sized_new (44 + size);
  guint32 u32;
  guint16 u16;

#define PUT_STR(s) g_byte_array_append (wav, (const guint8 *) (s), 4)
#define PUT_U32(v) (u32 = GUINT32_TO_LE (v), g_byte_array_append (wav, (const guint8 *) &u32, 4))
#define PUT_U16(v) (u16 = GUINT16_TO_LE (v), g_byte_array_append (wav, (const guint8 *) &u16, 2))

  PUT_STR ("RIFF");
  PUT_U32 (36 + size);
  PUT_STR ("WAVE");
  PUT_STR ("fmt ");
  PUT_U32 (16);
  PUT_U16 (1);                           /* PCM */
  PUT_U16 (1);                           /* mono */
  PUT_U32 (DEBRIEF_SPEECH_RATE);
  PUT_U32 (DEBRIEF_SPEECH_RATE * 2);     /* bytes per second */
  PUT_U16 (2);                           /* bytes per frame */
  PUT_U16 (16);                          /* bits per sample */
  PUT_STR ("data");
  PUT_U32 (size);
  g_byte_array_append (wav, g_bytes_get_data (samples, NULL), size);

#undef PUT_STR
#undef PUT_U32
#undef PUT_U16

  return g_byte_array_free_to_bytes (wav);
}
