/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-upload-queue.h: uploading the files of ended calls, with retries, resume, verification and quotas */

#pragma once

#include <gio/gio.h>

#include "debrief-s3-client.h"
#include "debrief-store.h"
#include "debrief-supabase-client.h"

G_BEGIN_DECLS

#define DEBRIEF_MAX_FILE_MB 50

#define DEBRIEF_TYPE_UPLOAD_QUEUE (debrief_upload_queue_get_type ())

G_DECLARE_FINAL_TYPE (DebriefUploadQueue, debrief_upload_queue, DEBRIEF, UPLOAD_QUEUE, GObject)

typedef struct
{
  guint completed;
  guint failed;
  guint skipped;
} DebriefUploadSummary;

DebriefUploadQueue *debrief_upload_queue_new          (DebriefStore        *store,
                                                       DebriefS3Client     *client);
DebriefUploadQueue *debrief_upload_queue_new_supabase (DebriefStore          *store,
                                                       DebriefSupabaseClient *client);
DebriefUploadQueue *debrief_upload_queue_new_from_config (DebriefStore   *store,
                                                          GSettings      *settings,
                                                          GCancellable   *cancellable,
                                                          GError        **error);
DebriefUploadQueue *debrief_upload_queue_new_for_backend (DebriefStore          *store,
                                                          GSettings             *settings,
                                                          DebriefStorageBackend  backend,
                                                          GCancellable          *cancellable,
                                                          GError               **error);
gboolean            debrief_upload_queue_push_rows    (DebriefUploadQueue  *self,
                                                       gint64               since,
                                                       gint64              *until,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean            debrief_upload_queue_restore_local (DebriefUploadQueue      *self,
                                                        const DebriefFileUpload *upload,
                                                        GCancellable            *cancellable,
                                                        GError                 **error);
void                debrief_upload_queue_set_part_size (DebriefUploadQueue *self,
                                                       gsize                part_size);
void                debrief_upload_queue_set_keep_local (DebriefUploadQueue *self,
                                                         gboolean            keep_local);
void                debrief_upload_queue_set_max_file_mb (DebriefUploadQueue *self,
                                                        guint               max_mb);
gboolean            debrief_upload_queue_delete_remote (DebriefUploadQueue *self,
                                                        const DebriefFileUpload *upload,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
gboolean            debrief_upload_queue_delete_call_rows (DebriefUploadQueue *self,
                                                           const char         *call_id,
                                                           GCancellable       *cancellable,
                                                           GError            **error);
char               *debrief_upload_queue_share_link   (DebriefUploadQueue  *self,
                                                       const DebriefFileUpload *upload,
                                                       guint                ttl_seconds,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
DebriefStorageBackend
                    debrief_upload_queue_get_backend  (DebriefUploadQueue  *self);
DebriefSupabaseClient *
                    debrief_upload_queue_get_supabase (DebriefUploadQueue  *self);
gint64              debrief_upload_queue_backoff_us   (guint                attempts,
                                                       double               jitter);
gboolean            debrief_upload_queue_run_once     (DebriefUploadQueue  *self,
                                                       DebriefUploadSummary *summary,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

G_END_DECLS
