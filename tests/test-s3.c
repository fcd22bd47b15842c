/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-s3.c: the S3 client against a real S3 server (s3rver) on loopback */

#include "config.h"

#include <libsoup/soup.h>

#include "debrief-s3-client.h"
#include "debrief-test-fixture.h"
#include "debrief-test-s3rver.h"

typedef struct
{
  DebriefTestS3rver *server;
  DebriefS3Client   *client;
  char              *dir;
  char              *file;
  GBytes            *contents;
} Fixture;

static GBytes *
pattern (gsize length)
{
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) (i * 7 + i / 251);

  return g_bytes_new_take (data, length);
}

static DebriefS3Client *
client_for (const char *endpoint,
            const char *bucket,
            const char *access_key)
{
  g_autoptr(GError) error = NULL;
  DebriefS3Config config = {
    .endpoint = (char *) endpoint,
    .region = (char *) "us-east-1",
    .bucket = (char *) bucket,
    .path_style = TRUE,
    .access_key = (char *) access_key,
    .secret_key = (char *) "S3RVER",
  };
  DebriefS3Client *client = debrief_s3_client_new (&config, &error);

  g_assert_no_error (error);
  return client;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = debrief_test_s3rver_start ("calls");
  f->client = client_for (f->server->endpoint, "calls", "S3RVER");
  f->dir = debrief_test_make_data_dir ();
  f->file = g_build_filename (f->dir, "recording.ogg", NULL);
  f->contents = pattern (1024 * 1024 + 17);
  g_assert_true (g_file_set_contents (f->file, g_bytes_get_data (f->contents, NULL),
                                      g_bytes_get_size (f->contents), NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  debrief_test_s3rver_stop (f->server);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_bytes_unref (f->contents);
}

static void
count_progress (gint64   sent,
                gint64   total,
                gpointer user_data)
{
  gint64 *last = user_data;

  g_assert_cmpint (sent, >=, *last);
  *last = sent;
}

static void
test_put_head_get_delete (Fixture       *f,
                          gconstpointer  data)
{
  const char *key = "0b5d/calls/9e1f/recording 1+ü.ogg";
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefS3Object) head = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) range = NULL;
  g_autoptr(GBytes) expected_range = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, f->contents);
  g_autofree char *quoted_md5 = g_strdup_printf ("\"%s\"", md5);
  gint64 sent = 0;

  g_hash_table_insert (metadata, (gpointer) "call-id", (gpointer) "9e1f");
  g_hash_table_insert (metadata, (gpointer) "duration", (gpointer) "754.5");
  g_hash_table_insert (metadata, (gpointer) "whatsapp-compatible", (gpointer) "true");

  g_assert_true (debrief_s3_client_put_file (f->client, key, f->file, "audio/ogg", metadata, count_progress, &sent,
                                             &etag, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, g_bytes_get_size (f->contents));
  g_assert_cmpstr (etag, ==, quoted_md5);

  head = debrief_s3_client_head (f->client, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (head->size, ==, g_bytes_get_size (f->contents));
  g_assert_cmpstr (head->etag, ==, quoted_md5);
  g_assert_cmpstr (head->content_type, ==, "audio/ogg");
  g_assert_cmpstr (g_hash_table_lookup (head->metadata, "call-id"), ==, "9e1f");
  g_assert_cmpstr (g_hash_table_lookup (head->metadata, "whatsapp-compatible"), ==, "true");

  whole = debrief_s3_client_get (f->client, key, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (whole, f->contents));

  range = debrief_s3_client_get (f->client, key, 1000, 1999, NULL, &error);
  g_assert_no_error (error);
  expected_range = g_bytes_new_from_bytes (f->contents, 1000, 1000);
  g_assert_true (g_bytes_equal (range, expected_range));

  listed = debrief_s3_client_list (f->client, "0b5d/calls/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((DebriefS3Object *) listed->pdata[0])->key, ==, key);
  g_assert_cmpint (((DebriefS3Object *) listed->pdata[0])->size, ==, g_bytes_get_size (f->contents));

  g_assert_true (debrief_s3_client_delete (f->client, key, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (debrief_s3_client_head (f->client, key, NULL, &error));
  g_assert_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NOT_FOUND);
}

static GBytes *
plain_get (const char *url,
           guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read (session, message, NULL, &error);

  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  return body;
}

static void
test_presigned_get (Fixture       *f,
                    gconstpointer  data)
{
  const char *key = "0b5d/calls/9e1f/shared recording.ogg";
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) long_ago = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expired = NULL;
  guint status;

  g_assert_true (debrief_s3_client_put_file (f->client, key, f->file, "audio/ogg", NULL, NULL, NULL, NULL, NULL,
                                             &error));

  /* Anyone with the link can fetch it, with no keys. */
  url = debrief_s3_client_presign_get (f->client, key, 900, NULL);
  body = plain_get (url, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_bytes_equal (body, f->contents));

  /* Until it expires. */
  long_ago = g_date_time_add_minutes (g_date_time_new_now_utc (), -10);
  expired = debrief_s3_client_presign_get (f->client, key, 60, long_ago);
  refused = plain_get (expired, &status);
  g_assert_cmpuint (status, ==, 403);
}

static void
test_multipart (Fixture       *f,
                gconstpointer  data)
{
  const char *key = "0b5d/calls/9e1f/long recording.ogg";
  g_autoptr(GBytes) big = pattern (6 * 1024 * 1024 + 3);
  g_autoptr(GBytes) part1 = g_bytes_new_from_bytes (big, 0, 5 * 1024 * 1024);
  g_autoptr(GBytes) part2 = g_bytes_new_from_bytes (big, 5 * 1024 * 1024, g_bytes_get_size (big) - 5 * 1024 * 1024);
  g_autoptr(GPtrArray) etags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefS3Object) head = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;

  upload_id = debrief_s3_client_create_multipart (f->client, key, "audio/ogg", NULL, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (etags, debrief_s3_client_upload_part (f->client, key, upload_id, 1, part1, NULL, &error));
  g_assert_no_error (error);

  /* The next part may come from another process after a restart: all it
   * needs is the upload id and the first part's ETag, kept in file_uploads. */
  g_assert_nonnull (g_ptr_array_index (etags, 0));

  g_ptr_array_add (etags, debrief_s3_client_upload_part (f->client, key, upload_id, 2, part2, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (debrief_s3_client_complete_multipart (f->client, key, upload_id, etags, &etag, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("multipart ETag: %s", etag);
  g_assert_true (etag != NULL && *etag != '\0');

  head = debrief_s3_client_head (f->client, key, NULL, &error);
  g_assert_cmpint (head->size, ==, g_bytes_get_size (big));
  back = debrief_s3_client_get (f->client, key, -1, -1, NULL, &error);
  g_assert_true (g_bytes_equal (back, big));
}

static void
test_errors_people_can_act_on (Fixture       *f,
                               gconstpointer  data)
{
  /* (s3rver checks the access key and expiry, not every signature: AWS's
   * own vectors and botocore check those, in test-sigv4.) */
  g_autoptr(DebriefS3Client) wrong_secret = client_for (f->server->endpoint, "calls", "NOBODY");
  g_autoptr(DebriefS3Client) no_bucket = client_for (f->server->endpoint, "no-such-bucket", "S3RVER");
  g_autoptr(DebriefS3Client) unreachable = client_for ("http://127.0.0.1:9", "calls", "S3RVER");
  g_autoptr(GError) error = NULL;
  DebriefS3Config incomplete = { .endpoint = (char *) "ftp://example.com", .bucket = (char *) "b" };

  g_assert_false (debrief_s3_client_put_file (wrong_secret, "a/b.ogg", f->file, NULL, NULL, NULL, NULL, NULL, NULL,
                                              &error));
  g_assert_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Preferences → Storage"));
  g_clear_error (&error);

  g_assert_false (debrief_s3_client_put_file (no_bucket, "a/b.ogg", f->file, NULL, NULL, NULL, NULL, NULL, NULL,
                                              &error));
  g_assert_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NO_BUCKET);
  g_assert_nonnull (strstr (error->message, "no-such-bucket"));
  g_clear_error (&error);

  g_assert_null (debrief_s3_client_head (unreachable, "a/b.ogg", NULL, &error));
  g_assert_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "Cannot reach the storage"));
  g_clear_error (&error);

  g_assert_null (debrief_s3_client_new (&incomplete, &error));
  g_assert_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_INVALID);
}

/* Runs rclone or the AWS CLI against the test server, configured by
 * environment alone, with no file of the user's read. */
static gboolean
run_tool (Fixture     *f,
          char       **out,
          GError     **error,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_subprocess_launcher_setenv (launcher, "RCLONE_CONFIG_TEST_TYPE", "s3", TRUE);
  g_subprocess_launcher_setenv (launcher, "RCLONE_CONFIG_TEST_PROVIDER", "Other", TRUE);
  g_subprocess_launcher_setenv (launcher, "RCLONE_CONFIG_TEST_ENDPOINT", f->server->endpoint, TRUE);
  g_subprocess_launcher_setenv (launcher, "RCLONE_CONFIG_TEST_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_subprocess_launcher_setenv (launcher, "RCLONE_CONFIG_TEST_SECRET_ACCESS_KEY", "S3RVER", TRUE);
  g_subprocess_launcher_setenv (launcher, "RCLONE_CONFIG_TEST_FORCE_PATH_STYLE", "true", TRUE);
  g_subprocess_launcher_setenv (launcher, "RCLONE_CONFIG", "/dev/null", TRUE);
  /* rclone refuses to start when AWS_CA_BUNDLE names a bundle it cannot load. */
  g_subprocess_launcher_unsetenv (launcher, "AWS_CA_BUNDLE");
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", "S3RVER", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", "us-east-1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_EC2_METADATA_DISABLED", "true", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_PAGER", "", TRUE);

  va_start (ap, error);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err, error))
    return FALSE;
  if (g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s", (char *) args->pdata[0], err);
      return FALSE;
    }

  return TRUE;
}

#define rclone(f, out, error, ...) run_tool (f, out, error, "rclone", __VA_ARGS__)
/* Debian's AWS CLI, not one a Python version manager may put first in PATH. */
#define aws(f, out, error, ...) \
  run_tool (f, out, error, "/usr/bin/aws", "--endpoint-url", (f)->server->endpoint, "s3", __VA_ARGS__)

/* What Debrief stores, rclone reads; what rclone stores, Debrief reads. */
static void
test_interop_with_rclone (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy.ogg", NULL);
  g_autofree char *copied = NULL;
  g_autofree char *theirs = g_build_filename (f->dir, "theirs.bin", NULL);
  g_autoptr(GBytes) their_bytes = pattern (700 * 1024);
  g_autoptr(GBytes) read_back = NULL;
  gsize length;

  g_assert_true (debrief_s3_client_put_file (f->client, "u1/calls/c1/recording.ogg", f->file, "audio/ogg", NULL,
                                             NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (rclone (f, &listing, &error, "lsf", "-R", "test:calls/u1", NULL));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (listing, "calls/c1/recording.ogg"));

  g_assert_true (rclone (f, NULL, &error, "copyto", "test:calls/u1/calls/c1/recording.ogg", copy, NULL));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (copy, &copied, &length, NULL));
  g_assert_cmpmem (copied, length, g_bytes_get_data (f->contents, NULL), g_bytes_get_size (f->contents));

  g_assert_true (g_file_set_contents (theirs, g_bytes_get_data (their_bytes, NULL), g_bytes_get_size (their_bytes),
                                      NULL));
  g_assert_true (rclone (f, NULL, &error, "copyto", theirs, "test:calls/u1/from-rclone.bin", NULL));
  g_assert_no_error (error);
  read_back = debrief_s3_client_get (f->client, "u1/from-rclone.bin", -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, their_bytes));
}

/* The same with the AWS CLI (Debian's awscli, on botocore). */
static void
test_interop_with_aws_cli (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy.ogg", NULL);
  g_autofree char *copied = NULL;
  g_autofree char *theirs = g_build_filename (f->dir, "theirs.bin", NULL);
  g_autoptr(GBytes) their_bytes = pattern (900 * 1024 + 3);
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(DebriefS3Object) object = NULL;
  gsize length;

  g_assert_true (debrief_s3_client_put_file (f->client, "u1/calls/c1/recording ogg+1.ogg", f->file, "audio/ogg",
                                             NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (aws (f, &listing, &error, "ls", "--recursive", "s3://calls/u1/", NULL));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (listing, "u1/calls/c1/recording ogg+1.ogg"));

  g_assert_true (aws (f, NULL, &error, "cp", "s3://calls/u1/calls/c1/recording ogg+1.ogg", copy, NULL));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (copy, &copied, &length, NULL));
  g_assert_cmpmem (copied, length, g_bytes_get_data (f->contents, NULL), g_bytes_get_size (f->contents));

  g_assert_true (g_file_set_contents (theirs, g_bytes_get_data (their_bytes, NULL), g_bytes_get_size (their_bytes),
                                      NULL));
  g_assert_true (aws (f, NULL, &error, "cp", "--content-type", "application/octet-stream", theirs,
                      "s3://calls/u1/from-aws.bin", NULL));
  g_assert_no_error (error);
  object = debrief_s3_client_head (f->client, "u1/from-aws.bin", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (object->size, ==, g_bytes_get_size (their_bytes));
  read_back = debrief_s3_client_get (f->client, "u1/from-aws.bin", -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, their_bytes));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/s3/interop-aws-cli", Fixture, NULL, fixture_set_up, test_interop_with_aws_cli, fixture_tear_down);
  g_test_add ("/s3/put-head-get-delete", Fixture, NULL, fixture_set_up, test_put_head_get_delete, fixture_tear_down);
  g_test_add ("/s3/presigned-get", Fixture, NULL, fixture_set_up, test_presigned_get, fixture_tear_down);
  g_test_add ("/s3/multipart", Fixture, NULL, fixture_set_up, test_multipart,
              fixture_tear_down);
  g_test_add ("/s3/interop-rclone", Fixture, NULL, fixture_set_up, test_interop_with_rclone, fixture_tear_down);
  g_test_add ("/s3/errors", Fixture, NULL, fixture_set_up, test_errors_people_can_act_on, fixture_tear_down);

  return g_test_run ();
}
