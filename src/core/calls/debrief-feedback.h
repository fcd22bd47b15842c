/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-feedback.h: the feedback after a coaching call: what is measured, what the model is asked, what is kept */

#pragma once

#include <json-glib/json-glib.h>

#include "debrief-store.h"
#include "debrief-voice-client.h"

G_BEGIN_DECLS

#define DEBRIEF_FEEDBACK_ERROR (debrief_feedback_error_quark ())

typedef enum
{
  DEBRIEF_FEEDBACK_ERROR_EMPTY,      /* the model answered nothing */
  DEBRIEF_FEEDBACK_ERROR_NOT_JSON,   /* no JSON object in the reply */
  DEBRIEF_FEEDBACK_ERROR_INCOMPLETE, /* an object, but no summary and no list */
  DEBRIEF_FEEDBACK_ERROR_INVALID,    /* a feedback document to store that is not a JSON object */
} DebriefFeedbackError;

/* How much of a long call's transcript the model is sent, in characters: the end of it */
#define DEBRIEF_FEEDBACK_TRANSCRIPT_MAX_CHARS 12000

GQuark      debrief_feedback_error_quark    (void);

JsonObject *debrief_feedback_measure        (GPtrArray     *chunks,
                                             double         call_seconds);
JsonArray  *debrief_feedback_build_messages (const char    *agent_system_prompt,
                                             GPtrArray     *chunks,
                                             const char    *language);
JsonObject *debrief_feedback_parse          (const char    *reply,
                                             GError       **error);
char       *debrief_feedback_compose        (JsonObject    *model_feedback,
                                             JsonObject    *metrics,
                                             const char    *model_error);
gboolean    debrief_feedback_store          (DebriefStore  *store,
                                             const char    *call_id,
                                             const char    *feedback_json,
                                             const char    *data_dir,
                                             GError       **error);

void        debrief_feedback_request_async  (DebriefVoiceClient   *client,
                                             DebriefStore         *store,
                                             const char           *call_id,
                                             const char           *chat_model,
                                             const char           *system_prompt,
                                             const char           *language,
                                             const char           *data_dir,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char       *debrief_feedback_request_finish (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
