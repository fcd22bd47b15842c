/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-coach.h: the AI coach's side of a coaching call: listening, answering, speaking, being interrupted */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "debrief-call-session.h"
#include "debrief-voice-client.h"

G_BEGIN_DECLS

#define DEBRIEF_COACH_END_SILENCE_MS 600

/* How the coach listens and speaks; debrief_coach_options_new() fills it
 * from an agent, its voice settings and the preferences. */
typedef struct
{
  char     *system_prompt;
  char     *language;          /* e.g. "en", or NULL to let the transcriber tell */
  char     *stt_model;
  char     *chat_model;
  char     *tts_model;
  char     *voice;
  double    speed;
  char     *tts_format;        /* "opus" or "mp3" */
  guint     end_silence_ms;    /* a pause this long ends what the user says */
  gboolean  store_user_audio;  /* consent to keep the user's utterances */
} DebriefCoachOptions;

DebriefCoachOptions *debrief_coach_options_new  (const DebriefAgent         *agent,
                                                 const DebriefVoiceSettings *voice,
                                                 GSettings                  *settings);
void                 debrief_coach_options_free (DebriefCoachOptions        *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefCoachOptions, debrief_coach_options_free)

DebriefVoiceClient  *debrief_coach_connect      (GSettings                  *settings,
                                                 GCancellable               *cancellable);

#define DEBRIEF_TYPE_COACH (debrief_coach_get_type ())

G_DECLARE_FINAL_TYPE (DebriefCoach, debrief_coach, DEBRIEF, COACH, GObject)

DebriefCoach *debrief_coach_new             (DebriefCallSession         *session,
                                             DebriefVoiceClient         *client,
                                             DebriefStore               *store,
                                             const DebriefCoachOptions  *options);
gboolean      debrief_coach_prepare         (DebriefCoach               *self,
                                             GError                    **error);
void          debrief_coach_stop            (DebriefCoach               *self);
gboolean      debrief_coach_get_busy        (DebriefCoach               *self);
gboolean      debrief_coach_get_reconnecting
                                            (DebriefCoach               *self);
gboolean      debrief_coach_get_input_ended (DebriefCoach               *self);
JsonArray    *debrief_coach_get_latencies   (DebriefCoach               *self);

G_END_DECLS
