/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sigv4.c: AWS Signature Version 4 against AWS's own test suite */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "debrief-sigv4.h"

static JsonObject *suite;

static const char *
string_member (JsonObject *object,
               const char *name)
{
  return json_object_get_string_member (object, name);
}

/* One vector of the suite: the canonical request, string to sign and
 * Authorization header must be AWS's to the byte. */
static void
test_vector (gconstpointer data)
{
  JsonObject *vector = (JsonObject *) data;
  JsonObject *request = json_object_get_object_member (vector, "request");
  JsonObject *config = json_object_get_object_member (suite, "config");
  JsonArray *headers = json_object_get_array_member (request, "headers");
  const char *body = string_member (request, "body");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *payload = debrief_sigv4_sha256_hex (body, strlen (body));
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *authorization = NULL;
  DebriefSigV4Credentials credentials = { 0 };
  DebriefSigV4Request req = { 0 };
  const char *amz_date = NULL;

  credentials.access_key = string_member (config, "accessKeyId");
  credentials.secret_key = string_member (config, "secretAccessKey");
  credentials.region = string_member (config, "region");
  credentials.service = string_member (config, "service");

  for (guint i = 0; i < json_array_get_length (headers); i++)
    {
      JsonArray *header = json_array_get_array_element (headers, i);
      const char *name = json_array_get_string_element (header, 0);

      g_ptr_array_add (names, (gpointer) name);
      g_ptr_array_add (values, (gpointer) json_array_get_string_element (header, 1));
      if (g_ascii_strcasecmp (name, "X-Amz-Date") == 0)
        amz_date = json_array_get_string_element (header, 1);
    }
  g_assert_nonnull (amz_date);

  req.method = string_member (request, "method");
  req.path = string_member (request, "path");
  req.query = string_member (request, "query");
  req.header_names = names;
  req.header_values = values;
  req.payload_sha256 = payload;

  canonical = debrief_sigv4_canonical_request (&req, FALSE, &signed_headers);
  g_assert_cmpstr (canonical, ==, string_member (vector, "creq"));

  /* Two vectors of the suite (post-x-www-form-urlencoded*) carry a string to
   * sign that is not the hash of their own canonical request: only the
   * canonical request of those can be checked. */
  {
    g_autofree char *creq_hash = debrief_sigv4_sha256_hex (string_member (vector, "creq"),
                                                           strlen (string_member (vector, "creq")));
    if (!g_str_has_suffix (string_member (vector, "sts"), creq_hash))
      {
        g_test_message ("%s: the suite's string to sign does not match its canonical request",
                        string_member (vector, "name"));
        return;
      }
  }

  to_sign = debrief_sigv4_string_to_sign (amz_date, &credentials, canonical);
  g_assert_cmpstr (to_sign, ==, string_member (vector, "sts"));
  authorization = debrief_sigv4_authorization (&credentials, &req, amz_date, FALSE);
  g_assert_cmpstr (authorization, ==, string_member (vector, "authz"));
}

static void
test_uri_encode (void)
{
  g_autofree char *path = debrief_sigv4_uri_encode ("user/calls/a b+c/ü.ogg", TRUE);
  g_autofree char *value = debrief_sigv4_uri_encode ("a/b=c&d~e", FALSE);

  g_assert_cmpstr (path, ==, "user/calls/a%20b%2Bc/%C3%BC.ogg");
  g_assert_cmpstr (value, ==, "a%2Fb%3Dc%26d~e");
}

/* AWS's documented presigned URL example (S3 "Authenticating Requests:
 * Using Query Parameters"). */
static void
test_presign_documented_example (void)
{
  DebriefSigV4Credentials credentials = {
    .access_key = "AKIAIOSFODNN7EXAMPLE",
    .secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    .region = "us-east-1",
    .service = "s3",
  };
  g_autofree char *query = debrief_sigv4_presign_query (&credentials, "GET", "examplebucket.s3.amazonaws.com",
                                                        "/test.txt", "20130524T000000Z", 86400);

  g_assert_true (g_str_has_suffix (query,
                                   "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
}

static char *
botocore (const char *mode,
          const char *key,
          const char *amz_date,
          const char *expires,
          const char *region,
          const char *secret)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "botocore-sign.py", NULL);
  const char *argv[] = {
    "/usr/bin/python3", script, mode, "http://127.0.0.1:4568", "calls", key, amz_date, expires, region,
    "AKIDEXAMPLE", secret, NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("botocore-sign.py failed (is python3-botocore installed?): %s", err);

  return g_strstrip (g_steal_pointer (&out));
}

/* Presigned URLs and header signatures for awkward keys, expiries and
 * regions, to the byte as Debian's python3-botocore makes them. */
static void
test_against_botocore (void)
{
  const struct
  {
    const char *key;
    const char *amz_date;
    const char *expires;
    const char *region;
    const char *secret;
  } cases[] = {
    { "user/calls/4f0c/recording.ogg", "20261121T120000Z", "900", "us-east-1", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    { "user/calls/a b+c/ü..ogg", "20261121T120000Z", "900", "us-east-1", "secret" },
    { "user/../x", "20200229T235959Z", "604800", "auto", "s+e/c=r" },
    { "ünïcödé/日本語 ファイル.m4a", "20261231T000001Z", "1", "eu-central-1", "k" },
    { "odd/!'()*&$@=;:,?#[]%.webm", "20261121T120000Z", "3600", "us-west-2", "k2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DebriefSigV4Credentials credentials = {
        .access_key = "AKIDEXAMPLE",
        .secret_key = cases[i].secret,
        .region = cases[i].region,
        .service = "s3",
      };
      g_autofree char *encoded = debrief_sigv4_uri_encode (cases[i].key, TRUE);
      g_autofree char *path = g_strconcat ("/calls/", encoded, NULL);
      g_autofree char *query = debrief_sigv4_presign_query (&credentials, "GET", "127.0.0.1:4568", path,
                                                            cases[i].amz_date, atoi (cases[i].expires));
      g_autofree char *ours = g_strdup_printf ("http://127.0.0.1:4568%s?%s", path, query);
      g_autofree char *theirs = botocore ("presign", cases[i].key, cases[i].amz_date, cases[i].expires,
                                          cases[i].region, cases[i].secret);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) values = g_ptr_array_new ();
      g_autofree char *authorization = NULL;
      g_autofree char *their_header = NULL;
      g_auto(GStrv) their_lines = NULL;
      DebriefSigV4Request request = { 0 };

      g_assert_cmpstr (ours, ==, theirs);

      their_header = botocore ("header", cases[i].key, cases[i].amz_date, cases[i].expires,
                               cases[i].region, cases[i].secret);
      their_lines = g_strsplit (their_header, "\n", 2);
      g_assert_cmpuint (g_strv_length (their_lines), ==, 2);

      g_ptr_array_add (names, (gpointer) "Host");
      g_ptr_array_add (values, (gpointer) "127.0.0.1:4568");
      g_ptr_array_add (names, (gpointer) "X-Amz-Content-SHA256");
      g_ptr_array_add (values, their_lines[0]);
      g_ptr_array_add (names, (gpointer) "X-Amz-Date");
      g_ptr_array_add (values, (gpointer) cases[i].amz_date);
      request.method = "GET";
      request.path = path;
      request.query = "";
      request.header_names = names;
      request.header_values = values;
      request.payload_sha256 = their_lines[0];
      authorization = debrief_sigv4_authorization (&credentials, &request, cases[i].amz_date, TRUE);
      g_assert_cmpstr (authorization, ==, their_lines[1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *path = g_getenv ("DEBRIEF_SIGV4_SUITE");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *vectors;

  g_test_init (&argc, &argv, NULL);

  if (path == NULL || !json_parser_load_from_file (parser, path, &error))
    g_error ("AWS's SigV4 test suite is missing (%s): run build-aux/npm-deps.sh BUILDDIR",
             error != NULL ? error->message : "DEBRIEF_SIGV4_SUITE is not set");

  suite = json_node_get_object (json_parser_get_root (parser));
  vectors = json_object_get_array_member (json_object_get_object_member (suite, "tests"), "all");
  g_assert_cmpuint (json_array_get_length (vectors), >=, 28);

  for (guint i = 0; i < json_array_get_length (vectors); i++)
    {
      JsonObject *vector = json_array_get_object_element (vectors, i);
      g_autofree char *name = g_strdup_printf ("/sigv4/aws-suite/%s", json_object_get_string_member (vector, "name"));

      g_test_add_data_func (name, vector, test_vector);
    }
  g_test_add_func ("/sigv4/uri-encode", test_uri_encode);
  g_test_add_func ("/sigv4/presign/documented-example", test_presign_documented_example);
  g_test_add_func ("/sigv4/against-botocore", test_against_botocore);

  return g_test_run ();
}
