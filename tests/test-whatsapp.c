/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-whatsapp.c: sending recordings and captions to WhatsApp through fakes of the Cloud API and Twilio */

#include "config.h"

#include <gst/gst.h>
#include <libsoup/soup.h>

#include "debrief-secrets.h"
#include "debrief-storage-config.h"
#include "debrief-test-fixture.h"
#include "debrief-whatsapp-cloud.h"
#include "debrief-whatsapp-provider.h"
#include "debrief-whatsapp-twilio.h"
#include "fakes/debrief-fake-twilio.h"
#include "fakes/debrief-fake-whatsapp.h"

#define TO        "+1 (555) 123-4567"
#define TO_E164   "+15551234567"
#define TO_DIGITS "15551234567"
#define MEDIA_URL "https://r2.example.com/recordings/u1/calls/c1/recording.ogg?X-Amz-Expires=900&X-Amz-Signature=ab%2Fcd"

static const char * const variables[] = {
  "WHATSAPP_API_URL", "WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID",
  "TWILIO_API_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM",
};

/* Made once: a second of Ogg/Opus and of M4A */
static char *data_dir;
static char *ogg_path;
static char *m4a_path;

typedef struct
{
  FakeWhatsapp            *fake;
  FakeTwilio              *twilio_fake;
  DebriefWhatsAppProvider *cloud;
  DebriefWhatsAppProvider *twilio;
  char                    *dir;
  GAsyncResult            *result;
} Fixture;

static void
clear_environment (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (variables); i++)
    if (g_getenv (variables[i]) != NULL)
      g_unsetenv (variables[i]);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  clear_environment ();
  f->fake = fake_whatsapp_new (FAKE_WHATSAPP_TOKEN, FAKE_WHATSAPP_PHONE_NUMBER_ID);
  f->twilio_fake = fake_twilio_new (FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, FAKE_TWILIO_FROM);
  f->cloud = debrief_whatsapp_cloud_new (fake_whatsapp_get_url (f->fake), FAKE_WHATSAPP_TOKEN,
                                         FAKE_WHATSAPP_PHONE_NUMBER_ID);
  f->twilio = debrief_whatsapp_twilio_new (fake_twilio_get_url (f->twilio_fake), FAKE_TWILIO_ACCOUNT_SID,
                                           FAKE_TWILIO_AUTH_TOKEN, FAKE_TWILIO_FROM);
  f->dir = debrief_test_make_data_dir ();
}

static void
assert_no_malformed (Fixture *f)
{
  g_autoptr(GPtrArray) cloud = fake_whatsapp_dup_malformed (f->fake);
  g_autoptr(GPtrArray) twilio = fake_twilio_dup_malformed (f->twilio_fake);

  for (guint i = 0; i < cloud->len; i++)
    g_printerr ("malformed Cloud API request: %s\n", (char *) cloud->pdata[i]);
  for (guint i = 0; i < twilio->len; i++)
    g_printerr ("malformed Twilio request: %s\n", (char *) twilio->pdata[i]);
  g_assert_cmpuint (cloud->len, ==, 0);
  g_assert_cmpuint (twilio->len, ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Whatever a test did, nothing the providers sent may be malformed. */
  assert_no_malformed (f);

  g_clear_object (&f->result);
  g_assert_finalize_object (f->cloud);
  g_assert_finalize_object (f->twilio);
  fake_whatsapp_free (f->fake);
  fake_twilio_free (f->twilio_fake);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  clear_environment ();
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (Fixture *f)
{
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return f->result;
}

static char *
send_audio (Fixture                  *f,
            DebriefWhatsAppProvider  *provider,
            const char               *to,
            const char               *path,
            const char               *content_type,
            gboolean                  voice_note,
            const char               *media_url,
            GError                  **error)
{
  g_clear_object (&f->result);
  debrief_whatsapp_provider_send_audio_async (provider, to, path, content_type, voice_note, media_url, NULL,
                                              result_cb, f);
  return debrief_whatsapp_provider_send_audio_finish (provider, wait_for_result (f), error);
}

static char *
send_text (Fixture                  *f,
           DebriefWhatsAppProvider  *provider,
           const char               *to,
           const char               *text,
           GError                  **error)
{
  g_clear_object (&f->result);
  debrief_whatsapp_provider_send_text_async (provider, to, text, NULL, result_cb, f);
  return debrief_whatsapp_provider_send_text_finish (provider, wait_for_result (f), error);
}

/* An error names @words, and never a token. */
static void
assert_message (const GError *error,
                const char   *words)
{
  g_test_message ("%s", error->message);
  if (words != NULL)
    g_assert_nonnull (strstr (error->message, words));
  g_assert_null (strstr (error->message, FAKE_WHATSAPP_TOKEN));
  g_assert_null (strstr (error->message, FAKE_TWILIO_AUTH_TOKEN));
  g_assert_null (strstr (error->message, "EAAGnotTheRightOne"));
  g_assert_null (strstr (error->message, "not-the-token"));
}

/* Sends the audio (not as a voice note) and checks it fails with @code, its message naming @words. */
static void
assert_audio_fails (Fixture                 *f,
                    DebriefWhatsAppProvider *provider,
                    const char              *to,
                    const char              *path,
                    const char              *content_type,
                    int                      code,
                    const char              *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = send_audio (f, provider, to, path, content_type, FALSE, MEDIA_URL, &error);

  g_assert_null (id);
  g_assert_error (error, DEBRIEF_WHATSAPP_ERROR, code);
  assert_message (error, words);
}

static void
assert_text_fails (Fixture                 *f,
                   DebriefWhatsAppProvider *provider,
                   int                      code,
                   const char              *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = send_text (f, provider, TO, "Here is our call.", &error);

  g_assert_null (id);
  g_assert_error (error, DEBRIEF_WHATSAPP_ERROR, code);
  assert_message (error, words);
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

static const char *
audio_member (JsonObject *message,
              const char *name)
{
  JsonObject *audio = json_object_get_object_member (message, "audio");

  g_assert_nonnull (audio);
  return json_object_get_string_member_with_default (audio, name, NULL);
}

/* A closed port on 127.0.0.1: nothing listens there */
static char *
closed_url (const char *tail)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u%s", port, tail);
}

/* A file of @size bytes that takes no room on disk */
static char *
make_sparse (const char *dir,
             const char *name,
             goffset     size)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), "OggS", 4, NULL, NULL, &error));
  g_assert_true (g_seekable_truncate (G_SEEKABLE (out), size, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);

  return path;
}

/* The Cloud API */

static void
test_cloud_voice_note (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GBytes) expected = file_bytes (ogg_path);
  g_autoptr(JsonObject) message = NULL;
  g_autofree char *id = NULL;
  g_autofree char *media_id = NULL;
  g_autofree char *field = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *file_type = NULL;
  g_autofree char *product = NULL;
  g_autofree char *upload_auth = NULL;
  g_autofree char *message_auth = NULL;

  g_assert_false (debrief_whatsapp_provider_needs_media_url (f->cloud));

  /* The number as a person types it; the Cloud API takes the file itself, no link. */
  id = send_audio (f, f->cloud, TO, ogg_path, "audio/ogg; codecs=opus", TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "wamid."));
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 1);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);

  /* The upload: the whole file, its name and type */
  product = fake_whatsapp_dup_last_field (f->fake, "messaging_product");
  field = fake_whatsapp_dup_last_field (f->fake, "type");
  filename = fake_whatsapp_dup_last_field (f->fake, "file");
  file_type = fake_whatsapp_dup_last_field (f->fake, "file:type");
  g_assert_cmpstr (product, ==, "whatsapp");
  g_assert_cmpstr (field, ==, "audio/ogg");
  g_assert_cmpstr (filename, ==, "voice.ogg");
  g_assert_cmpstr (file_type, ==, "audio/ogg");
  sent = fake_whatsapp_dup_last_file (f->fake);
  g_assert_true (g_bytes_equal (sent, expected));

  upload_auth = fake_whatsapp_dup_last_header (f->fake, FAKE_WHATSAPP_MEDIA, "Authorization");
  message_auth = fake_whatsapp_dup_last_header (f->fake, FAKE_WHATSAPP_MESSAGES, "Authorization");
  g_assert_cmpstr (upload_auth, ==, "Bearer " FAKE_WHATSAPP_TOKEN);
  g_assert_cmpstr (message_auth, ==, "Bearer " FAKE_WHATSAPP_TOKEN);

  /* The message names the upload, as a voice note, to the digits without + */
  message = fake_whatsapp_dup_last_message (f->fake);
  media_id = fake_whatsapp_dup_last_media_id (f->fake);
  g_assert_cmpstr (json_object_get_string_member (message, "to"), ==, TO_DIGITS);
  g_assert_cmpstr (json_object_get_string_member (message, "type"), ==, "audio");
  g_assert_cmpstr (json_object_get_string_member (message, "recipient_type"), ==, "individual");
  g_assert_cmpstr (audio_member (message, "id"), ==, media_id);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (message, "audio"), "voice"));
  g_assert_cmpuint (debrief_whatsapp_provider_get_retry_after (f->cloud), ==, 0);
}

static void
test_cloud_audio (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GBytes) expected = file_bytes (m4a_path);
  g_autofree char *id = NULL;
  g_autofree char *type = NULL;

  /* No content type: the extension says M4A, which is audio/mp4. */
  id = send_audio (f, f->cloud, TO_E164, m4a_path, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "wamid."));
  type = fake_whatsapp_dup_last_field (f->fake, "type");
  g_assert_cmpstr (type, ==, "audio/mp4");
  sent = fake_whatsapp_dup_last_file (f->fake);
  g_assert_true (g_bytes_equal (sent, expected));

  message = fake_whatsapp_dup_last_message (f->fake);
  g_assert_false (json_object_has_member (json_object_get_object_member (message, "audio"), "voice"));

  /* Only Ogg/Opus can be a voice note: refused before any request. */
  g_clear_pointer (&id, g_free);
  id = send_audio (f, f->cloud, TO, m4a_path, "audio/x-m4a", TRUE, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED);
  assert_message (error, "voice note");
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 1);
}

static void
test_cloud_caption (Fixture       *f,
                    gconstpointer  data)
{
  const char *caption = "Our call of Tuesday — 12 min. Next step: send the “pilot” offer & prices.";
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autofree char *id = NULL;

  id = send_text (f, f->cloud, TO, caption, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "wamid."));
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 0);

  message = fake_whatsapp_dup_last_message (f->fake);
  g_assert_cmpstr (json_object_get_string_member (message, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (message, "to"), ==, TO_DIGITS);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (message, "text"), "body"), ==,
                   caption);

  /* Cancelled before it went out: nothing is sent. */
  g_clear_object (&f->result);
  g_clear_error (&error);
  g_cancellable_cancel (cancellable);
  debrief_whatsapp_provider_send_audio_async (f->cloud, TO, ogg_path, "audio/ogg", TRUE, NULL, cancellable,
                                              result_cb, f);
  g_assert_null (debrief_whatsapp_provider_send_audio_finish (f->cloud, wait_for_result (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 0);
}

static void
test_cloud_expired_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DebriefWhatsAppProvider) wrong = NULL;

  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MEDIA, FAKE_WHATSAPP_FAULT_EXPIRED_TOKEN, 1);
  assert_audio_fails (f, f->cloud, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED,
                      "paste a new one in Preferences");
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 0);

  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MESSAGES, FAKE_WHATSAPP_FAULT_EXPIRED_TOKEN, 1);
  assert_text_fails (f, f->cloud, DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED, "expired");

  /* A token that is simply wrong, and the token never shows in the message */
  wrong = debrief_whatsapp_cloud_new (fake_whatsapp_get_url (f->fake), "EAAGnotTheRightOne",
                                      FAKE_WHATSAPP_PHONE_NUMBER_ID);
  assert_text_fails (f, wrong, DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED, "Preferences");
  g_clear_object (&f->result);
  g_assert_finalize_object (g_steal_pointer (&wrong));
}

static void
test_cloud_invalid_number (Fixture       *f,
                           gconstpointer  data)
{
  /* Numbers that are none are refused before any request. */
  {
    const char *numbers[] = { "555 123 4567", "+1 555", "+999 1234 5678", "call me" };

    for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *id = send_text (f, f->cloud, numbers[i], "Hi", &error);

        g_assert_null (id);
        g_assert_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER);
        assert_message (error, NULL);
      }
  }
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 0);

  /* A number WhatsApp cannot deliver to is named. */
  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MESSAGES, FAKE_WHATSAPP_FAULT_INVALID_NUMBER, 2);
  assert_text_fails (f, f->cloud, DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER, TO_E164);
  assert_audio_fails (f, f->cloud, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER, TO_E164);
}

static void
test_cloud_too_large_locally (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *big = make_sparse (f->dir, "long-call.ogg", 16 * 1000 * 1000 + 1);
  g_autofree char *just = make_sparse (f->dir, "just-fits.ogg", 16 * 1000 * 1000);

  assert_audio_fails (f, f->cloud, TO, big, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE, "16 MB");
  assert_audio_fails (f, f->twilio, TO, big, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE, "long-call.ogg");
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 0);
  g_assert_cmpuint (fake_twilio_get_requests (f->twilio_fake), ==, 0);

  /* 16 MB itself is allowed: it reaches the server. */
  g_clear_object (&f->result);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *id = send_audio (f, f->cloud, TO, just, "audio/ogg", TRUE, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (id);
  }
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 1);
}

static void
test_cloud_too_large_server (Fixture       *f,
                             gconstpointer  data)
{
  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MEDIA, FAKE_WHATSAPP_FAULT_MEDIA_TOO_LARGE, 1);
  assert_audio_fails (f, f->cloud, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_MEDIA_TOO_LARGE, "voice.ogg");
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 1);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 0);
}

static void
test_refused_locally (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *webm = g_build_filename (f->dir, "recording.webm", NULL);
  g_autofree char *wav = g_build_filename (f->dir, "recording.wav", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.ogg", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.ogg", NULL);

  g_assert_true (g_file_set_contents (webm, "\x1a\x45\xdf\xa3 webm", -1, NULL));
  g_assert_true (g_file_set_contents (wav, "RIFF....WAVE", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  /* WebM, by its type or by its name */
  assert_audio_fails (f, f->cloud, TO, webm, "audio/webm", DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED, "WebM");
  assert_audio_fails (f, f->cloud, TO, webm, NULL, DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED, "WebM");
  assert_audio_fails (f, f->twilio, TO, webm, "audio/webm;codecs=opus", DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED,
                      "WebM");
  assert_audio_fails (f, f->cloud, TO, wav, "audio/wav", DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED, "audio/wav");
  assert_audio_fails (f, f->cloud, TO, empty, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED, "empty");
  assert_audio_fails (f, f->cloud, TO, missing, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_FAILED, "missing.ogg");

  /* Twilio downloads the audio: without a link there is nothing to send. */
  g_assert_true (debrief_whatsapp_provider_needs_media_url (f->twilio));
  g_clear_object (&f->result);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *id = send_audio (f, f->twilio, TO, ogg_path, "audio/ogg", TRUE, NULL, &error);

    g_assert_null (id);
    g_assert_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_FAILED);
    assert_message (error, "link");
  }

  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 0);
  g_assert_cmpuint (fake_twilio_get_requests (f->twilio_fake), ==, 0);
}

static void
test_cloud_rate_limit (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  fake_whatsapp_set_retry_after (f->fake, 42);
  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MESSAGES, FAKE_WHATSAPP_FAULT_RATE_LIMITED, 1);
  assert_audio_fails (f, f->cloud, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_RATE_LIMITED, "42 s");
  g_assert_cmpuint (debrief_whatsapp_provider_get_retry_after (f->cloud), ==, 42);

  /* The next answer is no refusal: nothing to wait for. */
  id = send_text (f, f->cloud, TO, "Sorry for the wait", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (debrief_whatsapp_provider_get_retry_after (f->cloud), ==, 0);
}

static void
test_cloud_server_error (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DebriefWhatsAppProvider) other = NULL;

  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MESSAGES, FAKE_WHATSAPP_FAULT_SERVER, 1);
  assert_text_fails (f, f->cloud, DEBRIEF_WHATSAPP_ERROR_SERVER, "500");

  /* A phone number ID the token does not know is named. */
  other = debrief_whatsapp_cloud_new (fake_whatsapp_get_url (f->fake), FAKE_WHATSAPP_TOKEN, "999000111");
  assert_text_fails (f, other, DEBRIEF_WHATSAPP_ERROR_FAILED, "999000111");
  g_clear_object (&f->result);
  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_network (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *cloud_url = closed_url ("/v21.0");
  g_autofree char *twilio_url = closed_url ("");
  g_autoptr(DebriefWhatsAppProvider) cloud = debrief_whatsapp_cloud_new (cloud_url, FAKE_WHATSAPP_TOKEN, "123");
  g_autoptr(DebriefWhatsAppProvider) twilio = debrief_whatsapp_twilio_new (twilio_url, FAKE_TWILIO_ACCOUNT_SID,
                                                                           FAKE_TWILIO_AUTH_TOKEN, FAKE_TWILIO_FROM);

  assert_audio_fails (f, cloud, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_NETWORK, cloud_url);
  assert_text_fails (f, cloud, DEBRIEF_WHATSAPP_ERROR_NETWORK, cloud_url);
  assert_audio_fails (f, twilio, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_NETWORK, twilio_url);

  g_clear_object (&f->result);
  g_assert_finalize_object (g_steal_pointer (&cloud));
  g_assert_finalize_object (g_steal_pointer (&twilio));
}

/* Twilio */

static void
assert_twilio_field (Fixture    *f,
                     const char *name,
                     const char *expected)
{
  g_autofree char *value = fake_twilio_dup_last_field (f->twilio_fake, name);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_twilio_send (Fixture       *f,
                  gconstpointer  data)
{
  const char *caption = "Call recap: next step = pilot & prices; 100% agreed + “signed”.";
  g_autoptr(GError) error = NULL;
  g_autofree char *audio_id = NULL;
  g_autofree char *text_id = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *basic = NULL;

  audio_id = send_audio (f, f->twilio, TO, ogg_path, "audio/ogg", TRUE, MEDIA_URL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (audio_id, "MM"));
  assert_twilio_field (f, "To", "whatsapp:" TO_E164);
  assert_twilio_field (f, "From", "whatsapp:" FAKE_TWILIO_FROM);
  assert_twilio_field (f, "MediaUrl", MEDIA_URL);
  assert_twilio_field (f, "Body", NULL);

  /* HTTP Basic: the account SID and the auth token */
  authorization = fake_twilio_dup_last_header (f->twilio_fake, "Authorization");
  credentials = g_strdup (FAKE_TWILIO_ACCOUNT_SID ":" FAKE_TWILIO_AUTH_TOKEN);
  basic = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_assert_true (g_str_has_prefix (authorization, "Basic "));
  g_assert_cmpstr (authorization + 6, ==, basic);

  /* The caption, as Body */
  g_clear_object (&f->result);
  text_id = send_text (f, f->twilio, TO, caption, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text_id, "SM"));
  g_assert_cmpstr (text_id, !=, audio_id);
  assert_twilio_field (f, "Body", caption);
  assert_twilio_field (f, "MediaUrl", NULL);
  g_assert_cmpuint (fake_twilio_get_requests (f->twilio_fake), ==, 2);
}

static void
test_twilio_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DebriefWhatsAppProvider) wrong_token = NULL;
  g_autoptr(DebriefWhatsAppProvider) wrong_from = NULL;

  fake_twilio_fail (f->twilio_fake, FAKE_TWILIO_FAULT_UNAUTHORIZED, 1);
  assert_text_fails (f, f->twilio, DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED, "Preferences");

  fake_twilio_fail (f->twilio_fake, FAKE_TWILIO_FAULT_INVALID_NUMBER, 1);
  assert_audio_fails (f, f->twilio, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_INVALID_NUMBER, TO_E164);

  fake_twilio_set_retry_after (f->twilio_fake, 17);
  fake_twilio_fail (f->twilio_fake, FAKE_TWILIO_FAULT_RATE_LIMITED, 1);
  assert_text_fails (f, f->twilio, DEBRIEF_WHATSAPP_ERROR_RATE_LIMITED, "17 s");
  g_assert_cmpuint (debrief_whatsapp_provider_get_retry_after (f->twilio), ==, 17);

  fake_twilio_fail (f->twilio_fake, FAKE_TWILIO_FAULT_MEDIA, 1);
  assert_audio_fails (f, f->twilio, TO, ogg_path, "audio/ogg", DEBRIEF_WHATSAPP_ERROR_MEDIA_UNSUPPORTED, "63019");
  g_assert_cmpuint (debrief_whatsapp_provider_get_retry_after (f->twilio), ==, 0);

  fake_twilio_fail (f->twilio_fake, FAKE_TWILIO_FAULT_SERVER, 1);
  assert_text_fails (f, f->twilio, DEBRIEF_WHATSAPP_ERROR_SERVER, "500");
  g_assert_cmpuint (fake_twilio_get_requests (f->twilio_fake), ==, 5);

  /* A wrong token, a sender the account does not have */
  wrong_token = debrief_whatsapp_twilio_new (fake_twilio_get_url (f->twilio_fake), FAKE_TWILIO_ACCOUNT_SID,
                                             "not-the-token", FAKE_TWILIO_FROM);
  assert_text_fails (f, wrong_token, DEBRIEF_WHATSAPP_ERROR_UNAUTHORIZED, "auth token");
  wrong_from = debrief_whatsapp_twilio_new (fake_twilio_get_url (f->twilio_fake), FAKE_TWILIO_ACCOUNT_SID,
                                            FAKE_TWILIO_AUTH_TOKEN, "+14155550100");
  assert_text_fails (f, wrong_from, DEBRIEF_WHATSAPP_ERROR_FAILED, "+14155550100");

  g_clear_object (&f->result);
  g_assert_finalize_object (g_steal_pointer (&wrong_token));
  g_assert_finalize_object (g_steal_pointer (&wrong_from));
}

/* Configuration */

static DebriefWhatsAppProvider *
from_config (GSettings   *settings,
             const char  *name,
             GError     **error)
{
  return debrief_whatsapp_provider_new_from_config (settings, name, NULL, error);
}

static void
assert_not_configured (GSettings  *settings,
                       const char *name,
                       const char *words[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefWhatsAppProvider) provider = from_config (settings, name, &error);

  g_assert_null (provider);
  g_assert_error (error, DEBRIEF_WHATSAPP_ERROR, DEBRIEF_WHATSAPP_ERROR_NOT_CONFIGURED);
  assert_message (error, NULL);
  for (guint i = 0; words[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, words[i]));
}

static void
test_config_environment (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefWhatsAppProvider) cloud = NULL;
  g_autoptr(DebriefWhatsAppProvider) twilio = NULL;
  g_autoptr(DebriefWhatsAppProvider) preferred = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_nonnull (settings);
  g_setenv ("WHATSAPP_API_URL", fake_whatsapp_get_url (f->fake), TRUE);
  g_setenv ("WHATSAPP_TOKEN", FAKE_WHATSAPP_TOKEN, TRUE);
  g_setenv ("WHATSAPP_PHONE_NUMBER_ID", FAKE_WHATSAPP_PHONE_NUMBER_ID, TRUE);
  g_setenv ("TWILIO_API_URL", fake_twilio_get_url (f->twilio_fake), TRUE);
  g_setenv ("TWILIO_ACCOUNT_SID", FAKE_TWILIO_ACCOUNT_SID, TRUE);
  g_setenv ("TWILIO_AUTH_TOKEN", FAKE_TWILIO_AUTH_TOKEN, TRUE);
  g_setenv ("TWILIO_WHATSAPP_FROM", "whatsapp:" FAKE_TWILIO_FROM, TRUE);

  /* The preference says which; the variables win over the rest of the preferences. */
  g_settings_set_string (settings, "whatsapp-phone-number-id", "not-this-one");
  cloud = from_config (settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (DEBRIEF_IS_WHATSAPP_CLOUD (cloud));
  id = send_text (f, cloud, TO, "From the environment", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);

  twilio = from_config (NULL, "twilio", &error);
  g_assert_no_error (error);
  g_assert_true (DEBRIEF_IS_WHATSAPP_TWILIO (twilio));
  g_clear_pointer (&id, g_free);
  id = send_audio (f, twilio, TO, ogg_path, NULL, FALSE, MEDIA_URL, &error);
  g_assert_no_error (error);
  assert_twilio_field (f, "From", "whatsapp:" FAKE_TWILIO_FROM);

  g_settings_set_string (settings, "whatsapp-provider", "twilio");
  preferred = from_config (settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (DEBRIEF_IS_WHATSAPP_TWILIO (preferred));

  g_settings_reset (settings, "whatsapp-provider");
  g_settings_reset (settings, "whatsapp-phone-number-id");
  g_clear_object (&f->result);
}

static void
test_config_keyring (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  g_autoptr(DebriefWhatsAppProvider) cloud = NULL;
  g_autoptr(DebriefWhatsAppProvider) twilio = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_nonnull (settings);
  /* The ids in the preferences, the tokens in the keyring; only the URLs from the environment */
  g_setenv ("WHATSAPP_API_URL", fake_whatsapp_get_url (f->fake), TRUE);
  g_setenv ("TWILIO_API_URL", fake_twilio_get_url (f->twilio_fake), TRUE);
  g_settings_set_string (settings, "whatsapp-phone-number-id", FAKE_WHATSAPP_PHONE_NUMBER_ID);
  g_settings_set_string (settings, "twilio-account-sid", FAKE_TWILIO_ACCOUNT_SID);
  g_settings_set_string (settings, "twilio-whatsapp-from", "+1 415 523 8886");
  g_assert_true (debrief_secret_store (DEBRIEF_SECRET_WHATSAPP_TOKEN, "WhatsApp", FAKE_WHATSAPP_TOKEN, NULL,
                                       &error));
  g_assert_true (debrief_secret_store (DEBRIEF_SECRET_TWILIO_AUTH_TOKEN, "Twilio", FAKE_TWILIO_AUTH_TOKEN, NULL,
                                       &error));
  g_assert_no_error (error);

  cloud = from_config (settings, "cloud", &error);
  g_assert_no_error (error);
  id = send_text (f, cloud, TO, "From the keyring", &error);
  g_assert_no_error (error);

  twilio = from_config (settings, "twilio", &error);
  g_assert_no_error (error);
  g_clear_pointer (&id, g_free);
  id = send_text (f, twilio, TO, "From the keyring", &error);
  g_assert_no_error (error);
  assert_twilio_field (f, "From", "whatsapp:" FAKE_TWILIO_FROM);

  g_assert_true (debrief_secret_clear (DEBRIEF_SECRET_WHATSAPP_TOKEN, NULL, NULL));
  g_assert_true (debrief_secret_clear (DEBRIEF_SECRET_TWILIO_AUTH_TOKEN, NULL, NULL));
  g_settings_reset (settings, "whatsapp-phone-number-id");
  g_settings_reset (settings, "twilio-account-sid");
  g_settings_reset (settings, "twilio-whatsapp-from");
  g_clear_object (&f->result);
}

static void
test_config_not_configured (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GSettings) settings = debrief_storage_settings_new ();
  const char *cloud_all[] = { "WhatsApp (Cloud API)", "the access token", "the phone number ID", "WHATSAPP_TOKEN",
                              "WHATSAPP_PHONE_NUMBER_ID", "Preferences", NULL };
  const char *cloud_token[] = { "missing: the access token.", "set WHATSAPP_TOKEN.", NULL };
  const char *twilio_all[] = { "Twilio", "the account SID", "the auth token", "the WhatsApp sender number",
                               "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM", NULL };
  const char *bad_from[] = { "sender number", "Preferences", NULL };
  const char *unknown[] = { "signal", "cloud", "twilio", NULL };

  g_assert_nonnull (settings);
  /* Nothing set: the default provider, the Cloud API, says what it lacks. */
  assert_not_configured (settings, NULL, cloud_all);
  assert_not_configured (NULL, NULL, cloud_all);
  assert_not_configured (settings, "twilio", twilio_all);

  g_settings_set_string (settings, "whatsapp-phone-number-id", FAKE_WHATSAPP_PHONE_NUMBER_ID);
  assert_not_configured (settings, "cloud", cloud_token);

  g_setenv ("TWILIO_ACCOUNT_SID", FAKE_TWILIO_ACCOUNT_SID, TRUE);
  g_setenv ("TWILIO_AUTH_TOKEN", FAKE_TWILIO_AUTH_TOKEN, TRUE);
  g_setenv ("TWILIO_WHATSAPP_FROM", "whatsapp:sandbox", TRUE);
  assert_not_configured (NULL, "twilio", bad_from);

  assert_not_configured (settings, "signal", unknown);
  g_settings_reset (settings, "whatsapp-phone-number-id");
}

/* The fakes themselves catch what the real APIs refuse */

static guint
send_raw (SoupSession *session,
          const char  *url,
          const char  *authorization,
          const char  *content_type,
          GBytes      *body)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_set_request_body_from_bytes (message, content_type, body);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (message);
}

static GBytes *
multipart_body (const char * const *order,
                const char         *type,
                const char         *file_type,
                GBytes             *file,
                char              **content_type)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  GBytes *body = NULL;

  for (guint i = 0; order[i] != NULL; i++)
    if (g_str_equal (order[i], "messaging_product"))
      soup_multipart_append_form_string (multipart, "messaging_product", "whatsapp");
    else if (g_str_equal (order[i], "type"))
      soup_multipart_append_form_string (multipart, "type", type);
    else
      soup_multipart_append_form_file (multipart, "file", "voice.ogg", file_type, file);
  soup_multipart_to_message (multipart, headers, &body);
  *content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));

  return body;
}

static guint
count_malformed (Fixture *f)
{
  g_autoptr(GPtrArray) cloud = fake_whatsapp_dup_malformed (f->fake);
  g_autoptr(GPtrArray) twilio = fake_twilio_dup_malformed (f->twilio_fake);

  return cloud->len + twilio->len;
}

static void
test_fakes_check (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const any_order[] = { "file", "type", "messaging_product", NULL };
  static const char * const no_product[] = { "type", "file", NULL };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) ogg = file_bytes (ogg_path);
  g_autofree char *media = g_strconcat (fake_whatsapp_get_url (f->fake), "/" FAKE_WHATSAPP_PHONE_NUMBER_ID "/media",
                                        NULL);
  g_autofree char *messages = g_strconcat (fake_whatsapp_get_url (f->fake),
                                           "/" FAKE_WHATSAPP_PHONE_NUMBER_ID "/messages", NULL);
  g_autofree char *twilio = g_strconcat (fake_twilio_get_url (f->twilio_fake),
                                         "/2010-04-01/Accounts/" FAKE_TWILIO_ACCOUNT_SID "/Messages.json", NULL);
  g_autofree char *credentials = g_base64_encode ((const guchar *) FAKE_TWILIO_ACCOUNT_SID ":" FAKE_TWILIO_AUTH_TOKEN,
                                                  strlen (FAKE_TWILIO_ACCOUNT_SID ":" FAKE_TWILIO_AUTH_TOKEN));
  g_autofree char *basic = g_strconcat ("Basic ", credentials, NULL);
  const char *bearer = "Bearer " FAKE_WHATSAPP_TOKEN;
  const struct { const char *json; gboolean ok; } bodies[] = {
    { "{\"messaging_product\":\"whatsapp\",\"to\":\"" TO_DIGITS "\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}",
      TRUE },
    { "{\"messaging_product\":\"whatsapp\",\"to\":\"" TO_E164 "\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}",
      FALSE },
    { "{\"to\":\"" TO_DIGITS "\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}", FALSE },
    { "{\"messaging_product\":\"whatsapp\",\"to\":\"" TO_DIGITS "\",\"type\":\"audio\",\"audio\":{\"id\":\"42\"}}",
      FALSE },
    { "{\"messaging_product\":\"whatsapp\",\"to\":\"" TO_DIGITS "\",\"type\":\"text\",\"text\":{\"body\":\"\"}}",
      FALSE },
  };
  const struct { const char *form; gboolean ok; } forms[] = {
    { "To=whatsapp%3A%2B15551234567&From=whatsapp%3A%2B14155238886&Body=Hi", TRUE },
    { "To=%2B15551234567&From=whatsapp%3A%2B14155238886&Body=Hi", FALSE },
    { "to=whatsapp%3A%2B15551234567&From=whatsapp%3A%2B14155238886&Body=Hi", FALSE },
    { "To=whatsapp%3A%2B15551234567&From=whatsapp%3A%2B14155238886", FALSE },
    { "To=whatsapp%3A%2B15551234567&From=whatsapp%3A%2B14155238886&MediaUrl=recording.ogg", FALSE },
  };
  guint expected = 0;

  /* The multipart fields in any order; without messaging_product, or with a type not the file's */
  {
    g_autofree char *type = NULL;
    g_autoptr(GBytes) body = multipart_body (any_order, "audio/ogg", "audio/ogg", ogg, &type);

    g_assert_cmpuint (send_raw (session, media, bearer, type, body), ==, 200);
    g_assert_cmpuint (count_malformed (f), ==, expected);
  }
  {
    g_autofree char *type = NULL;
    g_autoptr(GBytes) body = multipart_body (no_product, "audio/ogg", "audio/ogg", ogg, &type);

    g_assert_cmpuint (send_raw (session, media, bearer, type, body), ==, 400);
    g_assert_cmpuint (count_malformed (f), ==, ++expected);
  }
  {
    g_autofree char *type = NULL;
    g_autoptr(GBytes) body = multipart_body (any_order, "audio/ogg", "audio/mp4", ogg, &type);

    g_assert_cmpuint (send_raw (session, media, bearer, type, body), ==, 400);
    g_assert_cmpuint (count_malformed (f), ==, ++expected);
    g_assert_cmpuint (send_raw (session, media, NULL, type, body), ==, 401);
    g_assert_cmpuint (count_malformed (f), ==, ++expected);
  }

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i].json, strlen (bodies[i].json));

      g_test_message ("message %zu", i);
      g_assert_cmpuint (send_raw (session, messages, bearer, "application/json", body), ==, bodies[i].ok ? 200 : 400);
      expected += bodies[i].ok ? 0 : 1;
      g_assert_cmpuint (count_malformed (f), ==, expected);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (forms[i].form, strlen (forms[i].form));

      g_test_message ("form %zu", i);
      g_assert_cmpuint (send_raw (session, twilio, basic, SOUP_FORM_MIME_TYPE_URLENCODED, body), ==,
                        forms[i].ok ? 201 : 400);
      expected += forms[i].ok ? 0 : 1;
      g_assert_cmpuint (count_malformed (f), ==, expected);
    }
  {
    g_autoptr(GBytes) body = g_bytes_new_static (forms[0].form, strlen (forms[0].form));

    g_assert_cmpuint (send_raw (session, twilio, NULL, SOUP_FORM_MIME_TYPE_URLENCODED, body), ==, 401);
    g_assert_cmpuint (count_malformed (f), ==, ++expected);
  }

  fake_whatsapp_clear_malformed (f->fake);
  fake_twilio_clear_malformed (f->twilio_fake);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  data_dir = debrief_test_make_data_dir ();
  debrief_test_use_file_keyring (data_dir);
  ogg_path = g_build_filename (data_dir, "voice.ogg", NULL);
  m4a_path = g_build_filename (data_dir, "call.m4a", NULL);
  debrief_test_make_audio ("audiotestsrc num-buffers=20 ! audioconvert ! opusenc ! oggmux", ogg_path);
  debrief_test_make_audio ("audiotestsrc num-buffers=20 ! audioconvert ! voaacenc ! mp4mux", m4a_path);

  g_test_add ("/whatsapp/cloud/voice-note", Fixture, NULL, fixture_set_up, test_cloud_voice_note, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/audio", Fixture, NULL, fixture_set_up, test_cloud_audio, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/caption", Fixture, NULL, fixture_set_up, test_cloud_caption, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/expired-token", Fixture, NULL, fixture_set_up, test_cloud_expired_token, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/invalid-number", Fixture, NULL, fixture_set_up, test_cloud_invalid_number, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/too-large-locally", Fixture, NULL, fixture_set_up, test_cloud_too_large_locally, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/too-large-server", Fixture, NULL, fixture_set_up, test_cloud_too_large_server, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/rate-limit", Fixture, NULL, fixture_set_up, test_cloud_rate_limit, fixture_tear_down);
  g_test_add ("/whatsapp/cloud/server-error", Fixture, NULL, fixture_set_up, test_cloud_server_error, fixture_tear_down);
  g_test_add ("/whatsapp/refused-locally", Fixture, NULL, fixture_set_up, test_refused_locally, fixture_tear_down);
  g_test_add ("/whatsapp/network", Fixture, NULL, fixture_set_up, test_network, fixture_tear_down);
  g_test_add ("/whatsapp/twilio/send", Fixture, NULL, fixture_set_up, test_twilio_send, fixture_tear_down);
  g_test_add ("/whatsapp/twilio/errors", Fixture, NULL, fixture_set_up, test_twilio_errors, fixture_tear_down);
  g_test_add ("/whatsapp/config/environment", Fixture, NULL, fixture_set_up, test_config_environment, fixture_tear_down);
  g_test_add ("/whatsapp/config/keyring", Fixture, NULL, fixture_set_up, test_config_keyring, fixture_tear_down);
  g_test_add ("/whatsapp/config/not-configured", Fixture, NULL, fixture_set_up, test_config_not_configured, fixture_tear_down);
  g_test_add ("/whatsapp/fakes-check", Fixture, NULL, fixture_set_up, test_fakes_check, fixture_tear_down);
  status = g_test_run ();

  debrief_test_remove_data_dir (data_dir);
  g_free (data_dir);
  g_free (ogg_path);
  g_free (m4a_path);
  return status;
}
