/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-s3rver.h: an S3 server (npm s3rver) on loopback for the tests */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess  *process;
  GInputStream *output;
  char        *dir;
  char        *endpoint;
} DebriefTestS3rver;

DebriefTestS3rver *debrief_test_s3rver_start (const char        *bucket);
void               debrief_test_s3rver_stop  (DebriefTestS3rver *server);

G_END_DECLS
