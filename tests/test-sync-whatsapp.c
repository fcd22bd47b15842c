/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-whatsapp.c: the background service sends queued WhatsApp messages at start, when kicked and after waiting */

#include "config.h"

#include <gst/gst.h>

#include "debrief-sync-service.h"
#include "debrief-test-fixture.h"
#include "debrief-whatsapp-outbox.h"
#include "fakes/debrief-fake-whatsapp.h"

#define TIMEOUT_S 20

typedef struct
{
  char         *dir;
  DebriefStore *store;
  GSettings    *settings;
  FakeWhatsapp *fake;
  char         *call_id;
  guint         changes;
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
  /* The app's preferences: recordings kept here, WhatsApp's Cloud API */
  f->settings = g_settings_new (BASE_ID);
  f->fake = fake_whatsapp_new (FAKE_WHATSAPP_TOKEN, FAKE_WHATSAPP_PHONE_NUMBER_ID);
  use_backend (fake_whatsapp_get_url (f->fake));

  recording = g_build_filename (f->dir, "recording.ogg", NULL);
  debrief_test_make_audio ("audiotestsrc num-buffers=50 samplesperbuffer=4800 ! audio/x-raw,rate=48000,channels=1 ! "
                           "opusenc ! oggmux", recording);
  call->title = g_strdup ("Discovery call");
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->duration_seconds = 5;
  call->recording_path = g_steal_pointer (&recording);
  g_assert_true (debrief_store_save_call (f->store, call, &error));
  f->call_id = g_strdup (call->id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) malformed = fake_whatsapp_dup_malformed (f->fake);

  for (guint i = 0; i < malformed->len; i++)
    g_printerr ("malformed request: %s\n", (char *) g_ptr_array_index (malformed, i));
  g_assert_cmpuint (malformed->len, ==, 0);
  fake_whatsapp_free (f->fake);

  /* A worker lets go of the store a moment after its last answer. */
  for (int i = 0; i < 5000 && g_atomic_int_get (&G_OBJECT (f->store)->ref_count) > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->store);
  g_clear_object (&f->settings);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
  g_free (f->call_id);
}

static DebriefConversation *
queue (Fixture    *f,
       const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefLead) lead = debrief_whatsapp_contact_for_number (f->store, number, &error);
  DebriefConversation *message;

  g_assert_no_error (error);
  message = debrief_whatsapp_enqueue (f->store, f->call_id, lead->id, NULL, DEBRIEF_WHATSAPP_FORM_VOICE_NOTE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message->status, ==, "queued");

  return message;
}

static char *
status_of (Fixture             *f,
           DebriefConversation *message)
{
  g_autoptr(GPtrArray) timeline = debrief_store_list_conversations_for_lead (f->store, message->lead_id, NULL);

  for (guint i = 0; i < timeline->len; i++)
    {
      DebriefConversation *entry = g_ptr_array_index (timeline, i);

      if (g_str_equal (entry->id, message->id))
        return g_strdup (entry->status);
    }

  g_assert_not_reached ();
}

static void
changed_cb (DebriefSyncService *service,
            Fixture            *f)
{
  f->changes++;
}

static DebriefSyncService *
start_service (Fixture *f)
{
  DebriefSyncService *service = debrief_sync_service_new (f->store, f->settings);

  g_signal_connect (service, "messages-changed", G_CALLBACK (changed_cb), f);
  return service;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the timeline changed @changes times in all. */
static void
wait_for_changes (Fixture *f,
                  guint    changes)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (TIMEOUT_S, timeout_cb, &timed_out);

  while (f->changes < changes && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

/* Runs the main loop until a pass left @waiting messages waiting. */
static void
wait_for_waiting (DebriefSyncService *service,
                  guint               waiting)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (TIMEOUT_S, timeout_cb, &timed_out);

  while (debrief_sync_service_get_messages_waiting (service) != waiting && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

/* Runs the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_at_start (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, "+49 30 1234567");
  g_autoptr(DebriefSyncService) service = NULL;
  g_autofree char *status = NULL;

  /* Queued while the app was closed: it goes when the app starts. */
  service = start_service (f);
  wait_for_changes (f, 1);
  status = status_of (f, message);
  g_assert_cmpstr (status, ==, "sent");
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);
  g_assert_cmpuint (debrief_sync_service_get_messages_waiting (service), ==, 0);

  /* A kick with nothing queued sends nothing again. */
  debrief_sync_service_kick_whatsapp (service);
  spin (300);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);
  g_assert_cmpuint (f->changes, ==, 1);

  g_assert_finalize_object (g_steal_pointer (&service));
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, "+1 415 555 0123");
  g_autoptr(DebriefSyncService) service = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *sent = NULL;

  /* Offline: nothing answers there; the message stays queued. */
  use_backend ("http://127.0.0.1:9");
  service = start_service (f);
  wait_for_waiting (service, 1);
  waiting = status_of (f, message);
  g_assert_cmpstr (waiting, ==, "queued");
  g_assert_cmpuint (f->changes, ==, 0);

  /* The network is back (the monitor's signal kicks the service). */
  use_backend (fake_whatsapp_get_url (f->fake));
  debrief_sync_service_kick (service);
  wait_for_changes (f, 1);
  sent = status_of (f, message);
  g_assert_cmpstr (sent, ==, "sent");
  g_assert_cmpuint (debrief_sync_service_get_messages_waiting (service), ==, 0);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&service));
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DebriefConversation) message = queue (f, "+44 20 7946 0958");
  g_autoptr(DebriefSyncService) service = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *sent = NULL;
  gint64 asked;
  gint64 went;

  /* WhatsApp asks to wait 2 s. */
  fake_whatsapp_set_retry_after (f->fake, 2);
  fake_whatsapp_fail (f->fake, FAKE_WHATSAPP_MESSAGES, FAKE_WHATSAPP_FAULT_RATE_LIMITED, 1);
  service = start_service (f);
  wait_for_waiting (service, 1);
  asked = g_get_monotonic_time ();
  waiting = status_of (f, message);
  g_assert_cmpstr (waiting, ==, "queued");
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);

  /* A kick meanwhile does not hurry it. */
  debrief_sync_service_kick_whatsapp (service);
  spin (500);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 1);

  /* It goes by itself once the time asked for is over, not 30 s later. */
  wait_for_changes (f, 1);
  went = g_get_monotonic_time ();
  sent = status_of (f, message);
  g_assert_cmpstr (sent, ==, "sent");
  g_assert_cmpint (went - asked, >=, 1900 * 1000);
  g_assert_cmpint (went - asked, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (fake_whatsapp_get_requests (f->fake, FAKE_WHATSAPP_MESSAGES), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&service));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add ("/sync-whatsapp/at-start", Fixture, NULL, fixture_set_up, test_at_start, fixture_tear_down);
  g_test_add ("/sync-whatsapp/offline", Fixture, NULL, fixture_set_up, test_offline, fixture_tear_down);
  g_test_add ("/sync-whatsapp/rate-limited", Fixture, NULL, fixture_set_up, test_rate_limited, fixture_tear_down);

  return g_test_run ();
}
