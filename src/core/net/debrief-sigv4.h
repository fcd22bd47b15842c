/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-sigv4.h: AWS Signature Version 4, for request headers and presigned URLs */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DEBRIEF_SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"
#define DEBRIEF_SIGV4_EMPTY_SHA256     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

typedef struct
{
  const char *access_key;
  const char *secret_key;
  const char *session_token; /* nullable */
  const char *region;
  const char *service;       /* "s3" for storage */
} DebriefSigV4Credentials;

/* A request to sign. The path is as it goes on the wire (percent-encoded);
 * the query likewise, without "?". Headers are name/value pairs. */
typedef struct
{
  const char *method;
  const char *path;
  const char *query;
  GPtrArray  *header_names;
  GPtrArray  *header_values;
  const char *payload_sha256; /* hex, or DEBRIEF_SIGV4_UNSIGNED_PAYLOAD */
} DebriefSigV4Request;

char *debrief_sigv4_uri_encode          (const char                    *text,
                                         gboolean                       keep_slash);
char *debrief_sigv4_sha256_hex          (const void                    *data,
                                         gsize                          length);
char *debrief_sigv4_canonical_request   (const DebriefSigV4Request     *request,
                                         gboolean                       s3,
                                         char                         **signed_headers);
char *debrief_sigv4_string_to_sign      (const char                    *amz_date,
                                         const DebriefSigV4Credentials *credentials,
                                         const char                    *canonical_request);
char *debrief_sigv4_signature           (const DebriefSigV4Credentials *credentials,
                                         const char                    *amz_date,
                                         const char                    *string_to_sign);
char *debrief_sigv4_authorization       (const DebriefSigV4Credentials *credentials,
                                         const DebriefSigV4Request     *request,
                                         const char                    *amz_date,
                                         gboolean                       s3);
char *debrief_sigv4_presign_query       (const DebriefSigV4Credentials *credentials,
                                         const char                    *method,
                                         const char                    *host,
                                         const char                    *path,
                                         const char                    *amz_date,
                                         guint                          expires_seconds);
char *debrief_sigv4_format_date         (GDateTime                     *time);

G_END_DECLS
