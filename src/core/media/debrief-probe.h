/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-probe.h: what an audio file holds: container, codec, channels, rate and decoded duration */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *container;   /* "ogg", "webm", "mp4", "wav", … */
  char   *codec;       /* "opus", "aac", "mp3", "pcm", … */
  guint   channels;
  guint   rate;
  gint64  duration_ms; /* from decoding, right even for a file cut by a crash */
} DebriefProbe;

DebriefProbe *debrief_probe_file        (const char          *path,
                                         GCancellable        *cancellable,
                                         GError             **error);
void          debrief_probe_file_async  (const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
DebriefProbe *debrief_probe_file_finish (GAsyncResult        *result,
                                         GError             **error);
JsonNode     *debrief_probe_to_json     (const DebriefProbe  *probe);
void          debrief_probe_free        (DebriefProbe        *probe);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefProbe, debrief_probe_free)

G_END_DECLS
