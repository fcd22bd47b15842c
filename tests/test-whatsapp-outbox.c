/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-whatsapp-outbox.c: recordings queued for WhatsApp, sent, refused, waiting offline, and the CLI */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <gst/gst.h>

#include "debrief-test-fixture.h"
#include "debrief-media-format.h"
#include "debrief-phone.h"
#include "debrief-whatsapp-outbox.h"
#include "debrief-whatsapp-provider.h"
#include "fakes/debrief-fake-whatsapp.h"

typedef struct
{
  char         *dir;
  DebriefStore *store;
  FakeWhatsapp *fake;
  char         *call_id;
} Fixture;

static void
use_backend (const char *url)
{
  g_setenv ("WHATSAPP_API_URL", url, TRUE);
  g_setenv ("WHATSAPP_TOKEN", FAKE_WHATSAPP_TOKEN, TRUE);
  g_setenv ("WHATSAPP_PHONE_NUMBER_ID", FAKE_WHATSAPP_PHONE_NUMBER_ID, TRUE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *recording = NULL;
  g_autoptr(DebriefCall) call = debrief_call_new ();
  g_autoptr(GError) error = NULL;

  f->dir = debrief_test_make_data_dir ();
  g_setenv ("DEBRIEF_DATA_DIR", f->dir, TRUE);
  path = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (path, NULL, &error);
  g_assert_no_error (error);
  f->fake = fake_whatsapp_new (FAKE_WHATSAPP_TOKEN, FAKE_WHATSAPP_PHONE_NUMBER_ID);
  use_backend (fake_whatsapp_get_url (f->fake));

  recording = g_build_filename (f->dir, "recording.ogg", NULL);
  debrief_test_make_audio ("audiotestsrc num-buffers=100 samplesperbuffer=4800 ! audio/x-raw,rate=48000,channels=2 ! "
                           "opusenc ! oggmux", recording);
  call->title = g_strdup ("Discovery call");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->duration_seconds = 10;
  call->recording_path = g_steal_pointer (&recording);
  g_assert_true (debrief_store_save_call (f->store, call, &error));
  f->call_id = g_strdup (call->id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) malformed = fake_whatsapp_dup_malformed (f->fake);

  g_assert_cmpuint (malformed->len, ==, 0);
  fake_whatsapp_free (f->fake);
  g_assert_finalize_object (f->store);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_free (f->call_id);
}

/* One pass over the outbox, with the Cloud API */
static DebriefOutboxResult
send_queued (Fixture *f)
{
  return debrief_test_send_outbox (f->store, "cloud");
}

static DebriefConversation *
queue_as (Fixture    *f,
          const char *number,
          const char *caption,
          gboolean    voice_note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefLead) lead = debrief_whatsapp_contact_for_number (f->store, number, &error);
  DebriefConversation *message;

  g_assert_no_error (error);
  message = debrief_whatsapp_enqueue (f->store, f->call_id, lead->id, caption,
                                      voice_note ? DEBRIEF_WHATSAPP_FORM_VOICE_NOTE : DEBRIEF_WHATSAPP_FORM_AUDIO_FILE, 0,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message->status, ==, "queued");

  return message;
}

static DebriefConversation *
queue (Fixture    *f,
       const char *number,
       const char *caption)
{
  return queue_as (f, number, caption, TRUE);
}

/* Not a voice note: an M4A audio file */
static void
test_audio_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue_as (f, "+49 30 1234567", NULL, FALSE);
  g_autoptr(DebriefConversation) done = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autofree char *type = NULL;
  DebriefOutboxResult counts = send_queued (f);

  g_assert_cmpuint (counts.sent, ==, 1);
  done = debrief_test_reload_message (f->store, message);
  g_assert_true (g_str_has_suffix (done->media_path, ".m4a"));
  type = fake_whatsapp_dup_last_field (f->fake, "type");
  g_assert_cmpstr (type, ==, "audio/mp4");
  sent = fake_whatsapp_dup_last_message (f->fake);
  g_assert_false (json_object_has_member (json_object_get_object_member (sent, "audio"), "voice"));
}

static void
test_sent (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, "+49 30 1234567", "Here is our call, as promised.");
  g_autoptr(DebriefConversation) done = NULL;
  g_autoptr(DebriefLead) lead = NULL;
  g_autoptr(JsonObject) sent = NULL;
  DebriefOutboxResult counts = send_queued (f);

  g_assert_cmpuint (counts.sent, ==, 1);
  g_assert_cmpuint (counts.failed + counts.waiting, ==, 0);
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->status, ==, "sent");
  g_assert_true (g_str_has_prefix (done->remote_id, "wamid."));
  g_assert_null (done->error);

  /* A voice note to the number, then the caption */
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 1);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 2);
  sent = fake_whatsapp_dup_last_message (f->fake);
  g_assert_cmpstr (json_object_get_string_member (sent, "to"), ==, "49301234567");
  g_assert_cmpstr (json_object_get_string_member (sent, "type"), ==, "text");

  /* The number became a contact with a timeline */
  lead = debrief_store_get_lead (f->store, message->lead_id, NULL);
  g_assert_cmpstr (lead->phone, ==, "+49301234567");

  /* Sending again finds nothing queued */
  counts = send_queued (f);
  g_assert_cmpuint (counts.sent, ==, 0);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, "+44 20 7946 0958", NULL);
  g_autoptr(DebriefConversation) done = NULL;
  g_autoptr(GError) error = NULL;
  DebriefOutboxResult counts;

  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MEDIA, FAKE_WHATSAPP_FAULT_EXPIRED_TOKEN, 1);
  counts = send_queued (f);
  g_assert_cmpuint (counts.failed, ==, 1);
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->status, ==, "failed");
  g_assert_nonnull (strstr (done->error, "token"));

  /* Not a phone number: refused before anything is queued */
  g_assert_null (debrief_whatsapp_contact_for_number (f->store, "call me", &error));
  g_assert_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_NOT_A_NUMBER);
}

static void
test_waits (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, "+1 415 555 0123", NULL);
  g_autoptr(DebriefConversation) waiting = NULL;
  g_autoptr(DebriefConversation) done = NULL;
  DebriefOutboxResult counts;

  /* Offline: nothing answers there */
  use_backend ("http://127.0.0.1:9");
  counts = send_queued (f);
  g_assert_cmpuint (counts.waiting, ==, 1);
  waiting = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (waiting->status, ==, "queued");

  /* Asked to wait: the time the provider asked for is kept */
  use_backend (fake_whatsapp_get_url (f->fake));
  fake_whatsapp_set_retry_after (f->fake, 7);
  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MESSAGES, FAKE_WHATSAPP_FAULT_RATE_LIMITED, 1);
  counts = send_queued (f);
  g_assert_cmpuint (counts.waiting, ==, 1);
  g_assert_cmpuint (counts.retry_after, ==, 7);

  /* Then it goes. */
  counts = send_queued (f);
  g_assert_cmpuint (counts.sent, ==, 1);
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->status, ==, "sent");
}

/* A message without the recording: one text request, nothing uploaded */
static void
test_text_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefLead) lead = debrief_whatsapp_contact_for_number (f->store, "+49 30 1234567", &error);
  g_autoptr(DebriefConversation) message = NULL;
  g_autoptr(DebriefConversation) done = NULL;
  g_autoptr(JsonObject) sent = NULL;
  DebriefOutboxResult counts;

  /* Nothing to say: refused, nothing queued */
  g_assert_null (debrief_whatsapp_enqueue (f->store, NULL, lead->id, "  \n ", DEBRIEF_WHATSAPP_FORM_TEXT, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* {link} stands for a recording's link, which a message alone has not */
  g_assert_null (debrief_whatsapp_enqueue (f->store, f->call_id, lead->id, "Here: {link}", DEBRIEF_WHATSAPP_FORM_TEXT,
                                           0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  message = debrief_whatsapp_enqueue (f->store, NULL, lead->id, " See you on Tuesday. ", DEBRIEF_WHATSAPP_FORM_TEXT, 0,
                                      &error);
  g_assert_no_error (error);
  g_assert_null (message->media_path);
  counts = send_queued (f);
  g_assert_cmpuint (counts.sent, ==, 1);

  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MEDIA), ==, 0);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);
  sent = fake_whatsapp_dup_last_message (f->fake);
  g_assert_cmpstr (json_object_get_string_member (sent, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sent, "text"), "body"), ==,
                   "See you on Tuesday.");
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->status, ==, "sent");
  g_assert_true (g_str_has_prefix (done->remote_id, "wamid."));
}

/* A long call: WhatsApp's 16 MB said before anything is made, a lower
 * bitrate offered that fits, and that bitrate really used */
static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DebriefCall) call = debrief_store_get_call (f->store, f->call_id, NULL);
  g_autoptr(DebriefConversation) message = NULL;
  g_autoptr(DebriefConversation) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  GStatBuf st;

  /* 55 minutes fit as a voice note; 75 do not, but at 24 kbit/s */
  call->duration_seconds = 55 * 60;
  g_assert_true (debrief_whatsapp_check_size (call, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, 0, NULL));
  call->duration_seconds = 75 * 60;
  g_assert_false (debrief_whatsapp_check_size (call, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, 0, &error));
  g_assert_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "about 20.5 MB"));
  g_clear_error (&error);
  g_assert_cmpuint (debrief_whatsapp_fitting_bitrate (call->duration_seconds), ==, 24);
  g_assert_true (debrief_whatsapp_check_size (call, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, 24, NULL));
  g_assert_false (debrief_whatsapp_check_size (call, DEBRIEF_WHATSAPP_FORM_AUDIO_FILE, 0, NULL));
  /* A link or a text has no size; seven hours fit no bitrate at all */
  g_assert_true (debrief_whatsapp_check_size (call, DEBRIEF_WHATSAPP_FORM_LINK, 0, NULL));
  g_assert_cmpuint (debrief_whatsapp_fitting_bitrate (7 * 60 * 60), ==, 0);
  g_assert_cmpuint (debrief_whatsapp_fitting_bitrate (10), ==, 32);

  /* Made at the bitrate asked for: 10 s at 12 kbit/s is about 15 kB */
  message = queue (f, "+49 30 1234567", NULL);
  g_assert_true (debrief_whatsapp_message_set_form (message, call, NULL, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, 12, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (message->media_path, ".12k.ogg"));
  g_assert_true (debrief_store_save_conversation (f->store, message, NULL));
  g_assert_cmpuint (send_queued (f).sent, ==, 1);
  done = debrief_test_reload_message (f->store, message);
  g_assert_cmpstr (done->status, ==, "sent");
  g_assert_cmpint (g_stat (done->media_path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 10 * 20 * 1000 / 8);
  g_assert_cmpint (st.st_size, >, 10 * 6 * 1000 / 8);
  type = fake_whatsapp_dup_last_field (f->fake, "type");
  g_assert_cmpstr (type, ==, "audio/ogg");
}

typedef struct
{
  guint done;
  guint sent;
} Both;

static void
both_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Both *both = user_data;
  DebriefOutboxResult counts = { 0 };

  g_assert_true (debrief_whatsapp_outbox_send_finish (DEBRIEF_WHATSAPP_OUTBOX (object), result, &counts, NULL));
  both->sent += counts.sent;
  both->done++;
}

/* Two passes at once (the app's and a dialog's): the message goes once. */
static void
test_sent_once (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, "+49 30 1234567", NULL);
  DebriefWhatsAppOutbox *first = debrief_whatsapp_outbox_new (f->store, NULL, "cloud");
  DebriefWhatsAppOutbox *second = debrief_whatsapp_outbox_new (f->store, NULL, "cloud");
  gpointer first_gone = first, second_gone = second;
  Both both = { 0 };

  debrief_whatsapp_outbox_send_async (first, NULL, both_cb, &both);
  debrief_whatsapp_outbox_send_async (second, NULL, both_cb, &both);
  while (both.done < 2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (both.sent, ==, 1);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);

  g_object_add_weak_pointer (G_OBJECT (first), &first_gone);
  g_object_add_weak_pointer (G_OBJECT (second), &second_gone);
  g_object_unref (first);
  g_object_unref (second);
  while (first_gone != NULL || second_gone != NULL)
    g_main_context_iteration (NULL, FALSE);
}

/* The child goes with the test, should an assertion end it first */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
start_sync (const char *cli)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, cli, "sync", NULL);
  g_assert_no_error (error);

  return proc;
}

static void
subprocess_exited_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *exited = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *exited = TRUE;
}

/* Still running a second later; SIGTERM ends it cleanly. */
static void
stop_sync (GSubprocess *proc)
{
  gboolean exited = FALSE;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  g_subprocess_wait_async (proc, NULL, subprocess_exited_cb, &exited);
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (exited);
  g_subprocess_send_signal (proc, SIGTERM);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_object_unref (proc);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = g_getenv ("DEBRIEF_CLI");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *message;
  int status;

  {
    const char *argv[] = { cli, "whatsapp", "send", "--to", "+34 612 345 678", f->call_id, "--provider", "cloud",
                           "--caption", "Our call", "--json", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("whatsapp send failed: %s", err);
  }
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  message = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (message, "status"), ==, "sent");
  g_assert_cmpstr (json_object_get_string_member (message, "message_type"), ==, "whatsapp");
  g_assert_cmpstr (json_object_get_string_member (message, "direction"), ==, "outbound");
  g_assert_cmpstr (json_object_get_string_member (message, "call_id"), ==, f->call_id);

  {
    const char *argv[] = { cli, "whatsapp", "send", "--to", "not a number", f->call_id, NULL };

    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "is not a phone number"));
  }
  /* Not set up: said at once, and nothing is left queued */
  {
    const char *argv[] = { cli, "whatsapp", "send", "--to", "+34 612 345 678", f->call_id, "--provider", "twilio",
                           NULL };
    g_autoptr(GPtrArray) outbox = NULL;

    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "not set up"));
    outbox = debrief_store_list_outbox (f->store, NULL);
    g_assert_cmpuint (outbox->len, ==, 0);
  }
  /* Queued earlier (offline): `sync --once` sends it, local storage or not */
  {
    const char *argv[] = { cli, "sync", "--once", NULL };
    g_autoptr(DebriefConversation) queued = queue (f, "+49 30 1234567", NULL);
    g_autoptr(DebriefConversation) done = NULL;

    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error));
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("sync --once failed: %s", err);
    g_assert_nonnull (strstr (err, "WhatsApp: 1 sent, 0 not sent, 0 waiting"));
    done = debrief_test_reload_message (f->store, queued);
    g_assert_cmpstr (done->status, ==, "sent");
  }
  /* Without --once it keeps running, as with a cloud, until told to stop:
   * with nothing queued at first too */
  stop_sync (start_sync (cli));
  {
    g_autoptr(DebriefConversation) queued = queue (f, "+49 30 7654321", NULL);
    g_autoptr(GSubprocess) proc = start_sync (cli);
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autoptr(DebriefConversation) now = debrief_test_reload_message (f->store, queued);

        if (g_strcmp0 (now->status, "sent") == 0)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (100 * 1000);
      }
    stop_sync (g_steal_pointer (&proc));
  }
  /* Too long for 16 MB: the way out said, nothing queued */
  {
    g_autoptr(DebriefCall) call = debrief_store_get_call (f->store, f->call_id, NULL);
    const char *argv[] = { cli, "whatsapp", "send", "--to", "+34 612 345 678", f->call_id, "--provider", "cloud",
                           NULL };
    g_autoptr(GPtrArray) outbox = NULL;

    call->duration_seconds = 75 * 60;
    g_assert_true (debrief_store_save_call (f->store, call, NULL));
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "16 MB"));
    g_assert_nonnull (strstr (err, "--bitrate 24"));
    g_assert_nonnull (strstr (err, "--link"));
    outbox = debrief_store_list_outbox (f->store, NULL);
    g_assert_cmpuint (outbox->len, ==, 0);
  }
  {
    const char *argv[] = { cli, "whatsapp", "send", "--to", "+34 612 345 678", "no-such-call", NULL };

    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "no-such-call"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add ("/whatsapp-outbox/sent", Fixture, NULL, fixture_set_up, test_sent, fixture_tear_down);
  g_test_add ("/whatsapp-outbox/audio-file", Fixture, NULL, fixture_set_up, test_audio_file, fixture_tear_down);
  g_test_add ("/whatsapp-outbox/sent-once", Fixture, NULL, fixture_set_up, test_sent_once, fixture_tear_down);
  g_test_add ("/whatsapp-outbox/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/whatsapp-outbox/waits", Fixture, NULL, fixture_set_up, test_waits, fixture_tear_down);
  g_test_add ("/whatsapp-outbox/text-only", Fixture, NULL, fixture_set_up, test_text_only, fixture_tear_down);
  g_test_add ("/whatsapp-outbox/too-large", Fixture, NULL, fixture_set_up, test_too_large, fixture_tear_down);
  g_test_add ("/whatsapp-outbox/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
