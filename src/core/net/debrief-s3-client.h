/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-s3-client.h: an S3-compatible storage client (R2, MinIO, AWS) on libsoup */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DEBRIEF_S3_ERROR (debrief_s3_error_quark ())

typedef enum
{
  DEBRIEF_S3_ERROR_FAILED,
  DEBRIEF_S3_ERROR_NETWORK,
  DEBRIEF_S3_ERROR_AUTH,
  DEBRIEF_S3_ERROR_NOT_FOUND,
  DEBRIEF_S3_ERROR_NO_BUCKET,
  DEBRIEF_S3_ERROR_RETRY,     /* 500, 503 SlowDown: worth trying again */
  DEBRIEF_S3_ERROR_INVALID,
} DebriefS3Error;

typedef struct
{
  char     *endpoint;   /* "https://ACCOUNT.r2.cloudflarestorage.com", "http://127.0.0.1:9000" */
  char     *region;     /* "auto" for R2 */
  char     *bucket;
  gboolean  path_style;
  char     *access_key;
  char     *secret_key;
  char     *session_token;
  guint     timeout_s;  /* a stalled request fails after this long; 0 is 60 seconds */
} DebriefS3Config;

typedef struct
{
  char       *key;
  gint64      size;
  char       *etag;
  char       *content_type;
  GHashTable *metadata; /* x-amz-meta-* names without the prefix */
} DebriefS3Object;

typedef void (*DebriefS3ProgressFunc) (gint64   sent,
                                       gint64   total,
                                       gpointer user_data);

#define DEBRIEF_TYPE_S3_CLIENT (debrief_s3_client_get_type ())

G_DECLARE_FINAL_TYPE (DebriefS3Client, debrief_s3_client, DEBRIEF, S3_CLIENT, GObject)

GQuark           debrief_s3_error_quark            (void);
void             debrief_s3_config_free            (DebriefS3Config        *config);
DebriefS3Config *debrief_s3_config_copy            (const DebriefS3Config  *config);
void             debrief_s3_object_free            (DebriefS3Object        *object);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefS3Config, debrief_s3_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefS3Object, debrief_s3_object_free)

DebriefS3Client *debrief_s3_client_new             (const DebriefS3Config  *config,
                                                    GError                **error);
DebriefS3Client *debrief_s3_client_dup             (DebriefS3Client        *self);
char            *debrief_s3_client_presign_get     (DebriefS3Client        *self,
                                                    const char             *key,
                                                    guint                   ttl_seconds,
                                                    GDateTime              *now);

/* Blocking calls, for worker threads; each is cancellable. */
gboolean         debrief_s3_client_put_file        (DebriefS3Client        *self,
                                                    const char             *key,
                                                    const char             *path,
                                                    const char             *content_type,
                                                    GHashTable             *metadata,
                                                    DebriefS3ProgressFunc   progress,
                                                    gpointer                progress_data,
                                                    char                  **etag,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
GBytes          *debrief_s3_client_get             (DebriefS3Client        *self,
                                                    const char             *key,
                                                    gint64                  first,
                                                    gint64                  last,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
DebriefS3Object *debrief_s3_client_head            (DebriefS3Client        *self,
                                                    const char             *key,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
gboolean         debrief_s3_client_delete          (DebriefS3Client        *self,
                                                    const char             *key,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
GPtrArray       *debrief_s3_client_list            (DebriefS3Client        *self,
                                                    const char             *prefix,
                                                    GCancellable           *cancellable,
                                                    GError                **error);

char            *debrief_s3_client_create_multipart
                                                   (DebriefS3Client        *self,
                                                    const char             *key,
                                                    const char             *content_type,
                                                    GHashTable             *metadata,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
char            *debrief_s3_client_upload_part     (DebriefS3Client        *self,
                                                    const char             *key,
                                                    const char             *upload_id,
                                                    guint                   part_number,
                                                    GBytes                 *data,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
gboolean         debrief_s3_client_abort_multipart (DebriefS3Client        *self,
                                                    const char             *key,
                                                    const char             *upload_id,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
gboolean         debrief_s3_client_complete_multipart
                                                   (DebriefS3Client        *self,
                                                    const char             *key,
                                                    const char             *upload_id,
                                                    GPtrArray              *etags,
                                                    char                  **etag,
                                                    GCancellable           *cancellable,
                                                    GError                **error);

G_END_DECLS
