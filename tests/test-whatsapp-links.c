/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-whatsapp-links.c: recordings that go to WhatsApp from their cloud copy: Twilio's MediaUrl and share links, on a real S3 server */

#include "config.h"

#include <gst/gst.h>
#include <libsoup/soup.h>

#include "debrief-test-fixture.h"
#include "debrief-test-s3rver.h"
#include "debrief-upload-queue.h"
#include "debrief-whatsapp-outbox.h"
#include "fakes/debrief-fake-twilio.h"
#include "fakes/debrief-fake-whatsapp.h"

typedef struct
{
  DebriefTestS3rver *server;
  char              *dir;
  DebriefStore      *store;
  FakeWhatsapp      *cloud;
  FakeTwilio        *twilio;
  DebriefCall       *call;
  GBytes            *recording;
} Fixture;

/* The recording goes to the bucket the way the app sends it: a file
 * upload row, done by the upload queue. */
static void
upload_recording (Fixture *f)
{
  g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();
  g_autoptr(DebriefUploadQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  DebriefUploadSummary summary;

  upload->call_id = g_strdup (f->call->id);
  upload->user_id = g_strdup (f->call->user_id);
  upload->kind = DEBRIEF_UPLOAD_KIND_RECORDING;
  upload->local_path = g_strdup (f->call->recording_path);
  upload->storage_path = g_strdup_printf ("%s/calls/%s/recording.ogg", f->call->user_id, f->call->id);
  upload->backend = DEBRIEF_STORAGE_BACKEND_S3;
  upload->content_type = g_strdup ("audio/ogg");
  g_assert_true (debrief_store_save_file_upload (f->store, upload, &error));

  queue = debrief_upload_queue_new_for_backend (f->store, NULL, DEBRIEF_STORAGE_BACKEND_S3, NULL, &error);
  g_assert_no_error (error);
  debrief_upload_queue_set_keep_local (queue, TRUE);
  g_assert_true (debrief_upload_queue_run_once (queue, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.completed, ==, 1);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  f->server = debrief_test_s3rver_start ("calls");
  g_setenv ("AWS_ENDPOINT_URL", f->server->endpoint, TRUE);
  g_setenv ("AWS_REGION", "us-east-1", TRUE);
  g_setenv ("DEBRIEF_S3_BUCKET", "calls", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "S3RVER", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "S3RVER", TRUE);

  f->cloud = fake_whatsapp_new (FAKE_WHATSAPP_TOKEN, FAKE_WHATSAPP_PHONE_NUMBER_ID);
  g_setenv ("WHATSAPP_API_URL", fake_whatsapp_get_url (f->cloud), TRUE);
  g_setenv ("WHATSAPP_TOKEN", FAKE_WHATSAPP_TOKEN, TRUE);
  g_setenv ("WHATSAPP_PHONE_NUMBER_ID", FAKE_WHATSAPP_PHONE_NUMBER_ID, TRUE);
  f->twilio = fake_twilio_new (FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, FAKE_TWILIO_FROM);
  g_setenv ("TWILIO_API_URL", fake_twilio_get_url (f->twilio), TRUE);
  g_setenv ("TWILIO_ACCOUNT_SID", FAKE_TWILIO_ACCOUNT_SID, TRUE);
  g_setenv ("TWILIO_AUTH_TOKEN", FAKE_TWILIO_AUTH_TOKEN, TRUE);
  g_setenv ("TWILIO_WHATSAPP_FROM", FAKE_TWILIO_FROM, TRUE);

  f->dir = debrief_test_make_data_dir ();
  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
  path = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);

  f->call = debrief_call_new ();
  f->call->title = g_strdup ("Pricing call");
  f->call->status = DEBRIEF_CALL_STATUS_ENDED;
  f->call->duration_seconds = 5;
  f->call->storage_backend = DEBRIEF_STORAGE_BACKEND_S3;
  f->call->recording_format = g_strdup ("ogg");
  f->call->recording_path = g_build_filename (f->dir, "recording.ogg", NULL);
  debrief_test_make_audio ("audiotestsrc num-buffers=50 samplesperbuffer=4800 ! audio/x-raw,rate=48000,channels=1 ! "
                           "opusenc ! oggmux", f->call->recording_path);
  g_assert_true (g_file_get_contents (f->call->recording_path, &contents, &length, NULL));
  f->recording = g_bytes_new_take (contents, length);
  g_assert_true (debrief_store_save_call (f->store, f->call, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) cloud_malformed = fake_whatsapp_dup_malformed (f->cloud);
  g_autoptr(GPtrArray) twilio_malformed = fake_twilio_dup_malformed (f->twilio);

  g_assert_cmpuint (cloud_malformed->len, ==, 0);
  g_assert_cmpuint (twilio_malformed->len, ==, 0);
  fake_whatsapp_free (f->cloud);
  fake_twilio_free (f->twilio);
  g_bytes_unref (f->recording);
  debrief_call_free (f->call);
  g_assert_finalize_object (f->store);
  debrief_test_s3rver_stop (f->server);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

static DebriefConversation *
queue (Fixture             *f,
       const char          *text,
       DebriefWhatsAppForm  form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefLead) lead = debrief_whatsapp_contact_for_number (f->store, "+34 612 345 678", &error);
  DebriefConversation *message;

  g_assert_no_error (error);
  message = debrief_whatsapp_enqueue (f->store, f->call->id, lead->id, text, form, 0, &error);
  g_assert_no_error (error);

  return message;
}

/* What anyone holding the link gets */
static GBytes *
fetch (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  g_assert_nonnull (message);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);

  return body;
}

/* Twilio gets a presigned link to the recording in the bucket, and the
 * link gives the recording. */
static void
test_twilio (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = NULL;
  g_autoptr(DebriefConversation) done = NULL;
  g_autofree char *media_url = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GBytes) fetched = NULL;
  DebriefOutboxResult counts;

  upload_recording (f);
  message = queue (f, NULL, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE);
  counts = debrief_test_send_outbox (f->store, "twilio");
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->error, ==, NULL);
  g_assert_cmpuint (counts.sent, ==, 1);
  g_assert_cmpstr (done->status, ==, "sent");
  g_assert_true (g_str_has_prefix (done->remote_id, "MM")); /* a media message */
  to = fake_twilio_dup_last_field (f->twilio, "To");
  g_assert_cmpstr (to, ==, "whatsapp:+34612345678");
  from = fake_twilio_dup_last_field (f->twilio, "From");
  g_assert_cmpstr (from, ==, "whatsapp:" FAKE_TWILIO_FROM);
  media_url = fake_twilio_dup_last_field (f->twilio, "MediaUrl");
  g_assert_true (g_str_has_prefix (media_url, f->server->endpoint));
  g_assert_nonnull (strstr (media_url, "X-Amz-Signature="));
  fetched = fetch (media_url);
  g_assert_true (g_bytes_equal (fetched, f->recording));
}

/* Not uploaded yet: the message waits for the upload, then goes. A WebM
 * recording, which WhatsApp does not take as it is, is refused with the
 * way out. */
static void
test_twilio_waits_and_refuses (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = NULL;
  g_autoptr(DebriefConversation) waiting = NULL;
  g_autoptr(DebriefConversation) refused = NULL;
  g_autoptr(DebriefConversation) text = NULL;
  g_autoptr(DebriefConversation) went = NULL;
  DebriefOutboxResult counts;

  message = queue (f, NULL, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE);
  {
    g_autoptr(DebriefFileUpload) upload = debrief_file_upload_new ();

    upload->call_id = g_strdup (f->call->id);
    upload->kind = DEBRIEF_UPLOAD_KIND_RECORDING;
    upload->local_path = g_strdup (f->call->recording_path);
    upload->storage_path = g_strdup_printf ("%s/calls/%s/recording.ogg", f->call->user_id, f->call->id);
    upload->backend = DEBRIEF_STORAGE_BACKEND_S3;
    upload->content_type = g_strdup ("audio/ogg");
    g_assert_true (debrief_store_save_file_upload (f->store, upload, NULL));
  }
  /* A message behind it does not wait with it. */
  text = queue (f, "Talk soon", DEBRIEF_WHATSAPP_FORM_TEXT);
  counts = debrief_test_send_outbox (f->store, "twilio");
  g_assert_cmpuint (counts.waiting, ==, 1);
  g_assert_cmpuint (counts.sent, ==, 1);
  waiting = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (waiting->status, ==, "queued");
  g_assert_nonnull (strstr (waiting->error, "not in the cloud yet"));
  went = debrief_test_reload_message (f->store, text);
  g_assert_cmpstr (went->status, ==, "sent");
  g_assert_cmpuint (fake_twilio_get_requests (f->twilio), ==, 1);

  /* WebM */
  g_free (f->call->recording_format);
  f->call->recording_format = g_strdup ("webm");
  g_assert_true (debrief_store_save_call (f->store, f->call, NULL));
  counts = debrief_test_send_outbox (f->store, "twilio");
  g_assert_cmpuint (counts.failed, ==, 1);
  refused = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (refused->status, ==, "failed");
  g_assert_nonnull (strstr (refused->error, "WebM"));
  g_assert_nonnull (strstr (refused->error, "link"));
  g_assert_cmpuint (fake_twilio_get_requests (f->twilio), ==, 1);
}

/* A link instead of the file: made when the message goes, valid 7 days,
 * where {link} stood; the timeline keeps the text the person got. */
static void
test_share_link (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = NULL;
  g_autoptr(DebriefConversation) plain = NULL;
  g_autoptr(DebriefConversation) done = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(GBytes) fetched = NULL;
  const char *body;
  const char *link;
  DebriefOutboxResult counts;

  upload_recording (f);
  message = queue (f, "Our call: {link} (for a week)", DEBRIEF_WHATSAPP_FORM_LINK);
  g_assert_null (message->media_path);
  counts = debrief_test_send_outbox (f->store, "cloud");
  g_assert_cmpuint (counts.sent, ==, 1);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->cloud, FAKE_WHATSAPP_MEDIA), ==, 0);

  sent = fake_whatsapp_dup_last_message (f->cloud);
  g_assert_cmpstr (json_object_get_string_member (sent, "type"), ==, "text");
  body = json_object_get_string_member (json_object_get_object_member (sent, "text"), "body");
  g_assert_true (g_str_has_prefix (body, "Our call: "));
  g_assert_true (g_str_has_suffix (body, " (for a week)"));
  g_assert_nonnull (strstr (body, "X-Amz-Expires=604800"));
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->status, ==, "sent");
  g_assert_cmpstr (done->message, ==, body);

  link = body + strlen ("Our call: ");
  {
    g_autofree char *url = g_strndup (link, strchr (link, ' ') - link);

    fetched = fetch (url);
  }
  g_assert_true (g_bytes_equal (fetched, f->recording));

  /* No {link}: it goes at the end. */
  plain = queue (f, "Hi", DEBRIEF_WHATSAPP_FORM_LINK);
  g_assert_cmpstr (plain->message, ==, "Hi\n{link}");
}

/* Kept on this computer only: a link cannot be made, and the message says
 * why. */
static void
test_no_cloud_copy (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, NULL, DEBRIEF_WHATSAPP_FORM_LINK);
  g_autoptr(DebriefConversation) done = NULL;
  DebriefOutboxResult counts = debrief_test_send_outbox (f->store, "cloud");

  g_assert_cmpuint (counts.failed, ==, 1);
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->status, ==, "failed");
  g_assert_nonnull (strstr (done->error, "no cloud copy"));
  g_assert_cmpuint (fake_whatsapp_get_requests (f->cloud, FAKE_WHATSAPP_MESSAGES), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add ("/whatsapp-links/twilio", Fixture, NULL, fixture_set_up, test_twilio, fixture_tear_down);
  g_test_add ("/whatsapp-links/twilio-waits-and-refuses", Fixture, NULL, fixture_set_up,
              test_twilio_waits_and_refuses, fixture_tear_down);
  g_test_add ("/whatsapp-links/share-link", Fixture, NULL, fixture_set_up, test_share_link, fixture_tear_down);
  g_test_add ("/whatsapp-links/no-cloud-copy", Fixture, NULL, fixture_set_up, test_no_cloud_copy, fixture_tear_down);

  return g_test_run ();
}
