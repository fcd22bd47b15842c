/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-fixture.h: temporary data folders for the tests */

#pragma once

#include <glib.h>

#include "debrief-call-session.h"
#include "debrief-coach.h"
#include "debrief-whatsapp-outbox.h"

G_BEGIN_DECLS

char *debrief_test_make_data_dir   (void);
void  debrief_test_remove_data_dir (const char *dir);
void  debrief_test_use_file_keyring (const char *dir);
void  debrief_test_make_audio      (const char *description,
                                    const char *path);
char *debrief_test_make_speech     (const char   *dir,
                                    const char   *name,
                                    const char  **sentences,
                                    const guint  *pauses_ms);

/* A coaching call run by debrief_test_run_coaching_call() */
typedef struct
{
  DebriefCallSession *session;
  DebriefCoach       *coach;
  GMainLoop          *loop;
  gboolean            ending;
  guint               failures;
  guint               interruptions;
  gboolean            saw_reconnecting;
} DebriefTestCoachRun;

char *debrief_test_run_coaching_call (DebriefStore               *store,
                                      const char                 *backend_url,
                                      const char                 *speech,
                                      const DebriefCoachOptions  *options_or_null,
                                      DebriefTestCoachRun        *run,
                                      JsonArray                 **latencies);

DebriefOutboxResult  debrief_test_send_outbox    (DebriefStore              *store,
                                                 const char                *provider);
DebriefConversation *debrief_test_reload_message (DebriefStore              *store,
                                                 const DebriefConversation *message);

G_END_DECLS
