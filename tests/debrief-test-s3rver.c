/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-s3rver.c: an S3 server (npm s3rver) on loopback for the tests */

#include "config.h"

#include "debrief-test-fixture.h"
#include "debrief-test-s3rver.h"

/**
 * debrief_test_s3rver_start:
 * @bucket: a bucket to create
 *
 * Starts s3rver (installed by build-aux/npm-deps.sh) on 127.0.0.1 and a free
 * port, with its data in a new temporary folder. Its keys are S3RVER/S3RVER.
 *
 * Returns: (transfer full): the running server
 */
DebriefTestS3rver *
debrief_test_s3rver_start (const char *bucket)
{
  DebriefTestS3rver *server = g_new0 (DebriefTestS3rver, 1);
  const char *bin = g_getenv ("DEBRIEF_S3RVER");
  GDataInputStream *out;
  g_autoptr(GError) error = NULL;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("s3rver is missing (%s): run build-aux/npm-deps.sh BUILDDIR", bin != NULL ? bin : "DEBRIEF_S3RVER unset");

  server->dir = debrief_test_make_data_dir ();
  /* Silent: it logs nothing per request, so its output pipe never fills;
   * the pipe stays open (a closed one would kill it on the next write). */
  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                      bin, "-s", "-d", server->dir, "-a", "127.0.0.1", "-p", "0",
                                      "--configure-bucket", bucket, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->output = G_INPUT_STREAM (out);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      const char *at;

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("s3rver exited before listening");

      at = strstr (line, "listening on ");
      if (at != NULL)
        {
          server->endpoint = g_strdup_printf ("http://%s", at + strlen ("listening on "));
          break;
        }
    }

  return server;
}

void
debrief_test_s3rver_stop (DebriefTestS3rver *server)
{
  if (server == NULL)
    return;

  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->output);
  g_object_unref (server->process);
  debrief_test_remove_data_dir (server->dir);
  g_free (server->dir);
  g_free (server->endpoint);
  g_free (server);
}
