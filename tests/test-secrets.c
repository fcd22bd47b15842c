/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-secrets.c: secrets in a real keyring (libsecret's file backend) and the storage configuration */

#include "config.h"

#include "debrief-secrets.h"
#include "debrief-storage-config.h"
#include "debrief-test-fixture.h"

static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *gone = NULL;

  g_assert_true (debrief_secret_store (DEBRIEF_SECRET_S3_SECRET_KEY, "Debrief storage secret",
                                       "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, &error));
  g_assert_no_error (error);

  found = debrief_secret_lookup (DEBRIEF_SECRET_S3_SECRET_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

  /* Storing an empty secret forgets it. */
  g_assert_true (debrief_secret_store (DEBRIEF_SECRET_S3_SECRET_KEY, "Debrief storage secret", "", NULL, &error));
  gone = debrief_secret_lookup (DEBRIEF_SECRET_S3_SECRET_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
}

static void
test_storage_config (void)
{
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefS3Config) from_keyring = NULL;
  g_autoptr(DebriefS3Config) from_env = NULL;
  g_autoptr(DebriefS3Config) keyless = NULL;
  g_autoptr(DebriefS3Client) client = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (settings);
  g_settings_set_string (settings, "storage-endpoint", "https://abc.r2.cloudflarestorage.com");
  g_settings_set_string (settings, "storage-bucket", "recordings");
  g_settings_set_string (settings, "storage-backend", "s3");
  g_assert_cmpint (debrief_storage_backend_from_config (settings), ==, DEBRIEF_STORAGE_BACKEND_S3);

  /* No keys anywhere: the client says what to do. */
  keyless = debrief_storage_s3_config_load (settings, &error);
  g_assert_no_error (error);
  g_assert_null (keyless->secret_key);
  g_assert_null (debrief_s3_client_new (keyless, &error));
  g_assert_error (error, DEBRIEF_S3_ERROR, DEBRIEF_S3_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Preferences → Storage"));
  g_clear_error (&error);

  /* Keys from the keyring, the rest from the preferences. */
  g_assert_true (debrief_secret_store (DEBRIEF_SECRET_S3_ACCESS_KEY, "key", "AKIDKEYRING", NULL, NULL));
  g_assert_true (debrief_secret_store (DEBRIEF_SECRET_S3_SECRET_KEY, "secret", "keyring-secret", NULL, NULL));
  from_keyring = debrief_storage_s3_config_load (settings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_keyring->endpoint, ==, "https://abc.r2.cloudflarestorage.com");
  g_assert_cmpstr (from_keyring->region, ==, "auto");
  g_assert_cmpstr (from_keyring->bucket, ==, "recordings");
  g_assert_cmpstr (from_keyring->access_key, ==, "AKIDKEYRING");
  g_assert_cmpstr (from_keyring->secret_key, ==, "keyring-secret");
  client = debrief_s3_client_new (from_keyring, &error);
  g_assert_no_error (error);

  /* The usual environment variables win, for the CLI and cron. */
  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", TRUE);
  g_setenv ("DEBRIEF_S3_BUCKET", "ci", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  g_setenv ("DEBRIEF_STORAGE_BACKEND", "supabase", TRUE);
  from_env = debrief_storage_s3_config_load (settings, &error);
  g_assert_cmpstr (from_env->endpoint, ==, "http://127.0.0.1:9000");
  g_assert_cmpstr (from_env->bucket, ==, "ci");
  g_assert_cmpstr (from_env->access_key, ==, "AKIDENV");
  g_assert_cmpstr (from_env->secret_key, ==, "env-secret");
  g_assert_cmpint (debrief_storage_backend_from_config (settings), ==, DEBRIEF_STORAGE_BACKEND_SUPABASE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = debrief_test_make_data_dir ();
  int status;

  debrief_test_use_file_keyring (dir);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/secrets/storage-config", test_storage_config);
  status = g_test_run ();

  debrief_test_remove_data_dir (dir);
  return status;
}
