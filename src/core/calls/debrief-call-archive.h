/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-archive.h: a call's transcript as text, and its archive.json */

#pragma once

#include <gio/gio.h>

#include "debrief-records.h"

G_BEGIN_DECLS

/* One line of a transcript */
typedef struct
{
  gint64              start_ms;
  gint64              end_ms;
  DebriefSpeaker      speaker;
  const char         *text;
  const DebriefChunk *chunk;
} DebriefUtterance;

const char *debrief_speaker_label         (DebriefSpeaker      speaker);
GArray   *debrief_call_list_utterances    (GPtrArray          *chunks);
char     *debrief_call_compile_transcript (GPtrArray          *chunks);
char     *debrief_call_compile_subtitles  (GPtrArray          *chunks);
char     *debrief_call_compile_archive    (const DebriefCall  *call,
                                           GPtrArray          *chunks);
gboolean  debrief_call_write_archive      (const DebriefCall  *call,
                                           GPtrArray          *chunks,
                                           const char         *path,
                                           GError            **error);

G_END_DECLS
