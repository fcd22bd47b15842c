/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-upload.c: uploads one file through Debrief's upload queue, for bench-upload.py */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "debrief-store.h"
#include "debrief-upload-queue.h"

/* bench-upload ENDPOINT BUCKET FILE KEY: an upload as the app does it
 * (queue row, multipart, verification), in a throwaway store. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(DebriefStore) store = NULL;
  g_autoptr(DebriefS3Client) client = NULL;
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();
  g_autoptr(DebriefProfile) profile = NULL;
  DebriefUploadSummary summary = { 0 };
  DebriefS3Config config = { .region = (char *) "us-east-1", .path_style = TRUE,
                             .access_key = (char *) "S3RVER", .secret_key = (char *) "S3RVER" };

  if (argc != 5)
    {
      fprintf (stderr, "usage: bench-upload ENDPOINT BUCKET FILE KEY\n");
      return 2;
    }

  dir = g_dir_make_tmp ("debrief-bench-XXXXXX", &error);
  db = g_build_filename (dir, "debrief.db", NULL);
  store = debrief_store_open (db, NULL, &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  profile = debrief_store_get_profile (store, debrief_store_get_user_id (store), NULL);
  profile->storage_quota_mb = 1000000;
  debrief_store_save_profile (store, profile, NULL);

  config.endpoint = argv[1];
  config.bucket = argv[2];
  client = debrief_s3_client_new (&config, &error);
  queue = debrief_upload_queue_new (store, client);
  debrief_upload_queue_set_max_file_mb (queue, 1000000);

  upload->local_path = g_strdup (argv[3]);
  upload->storage_path = g_strdup (argv[4]);
  upload->backend = DEBRIEF_STORAGE_BACKEND_S3;
  upload->content_type = g_strdup ("application/octet-stream");
  debrief_store_save_file_upload (store, upload, NULL);

  if (!debrief_upload_queue_run_once (queue, &summary, NULL, &error) || summary.completed != 1)
    {
      g_autoptr(DebriefFileUpload) failed = debrief_store_get_file_upload (store, upload->id, NULL);

      fprintf (stderr, "upload failed: %s\n", error != NULL ? error->message : failed->last_error);
      return 1;
    }

  g_unlink (db);
  return 0;
}
