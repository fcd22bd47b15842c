/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-fixture.c: temporary data folders for the tests */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/gst.h>
#include <string.h>

#include "debrief-media-format.h"
#include "debrief-speech-detector.h"
#include "fakes/debrief-fake-openai.h"

#include "debrief-test-fixture.h"

/**
 * debrief_test_make_data_dir:
 *
 * Returns: (transfer full): a new empty folder under the temporary directory
 */
char *
debrief_test_make_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("debrief-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_recursively (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFile *child;

      while (g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        remove_recursively (child);
    }

  g_file_delete (file, NULL, NULL);
}

void
debrief_test_remove_data_dir (const char *dir)
{
  g_autoptr(GFile) file = NULL;

  if (dir == NULL)
    return;

  file = g_file_new_for_path (dir);
  remove_recursively (file);
}

/**
 * debrief_test_use_file_keyring:
 * @dir: a folder for the keyring file
 *
 * Points libsecret at its file backend: a real keyring in a file, no
 * daemon. Call before anything uses libsecret.
 */
void
debrief_test_use_file_keyring (const char *dir)
{
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
}

/* Runs the GStreamer pipeline @description into @path. */
void
debrief_test_make_audio (const char *description,
                         const char *path)
{
  g_autofree char *full = g_strdup_printf ("%s ! filesink location=\"%s\"", description, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_true (debrief_media_init (&error));
  pipeline = gst_parse_launch (full, &error);
  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* espeak-ng's sentences with pauses between, as a 16 kHz WAV file */
char *
debrief_test_make_speech (const char   *dir,
                          const char   *name,
                          const char  **sentences,
                          const guint  *pauses_ms)
{
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autoptr(GBytes) samples = NULL;
  g_autoptr(GBytes) wav = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *spoken = g_build_filename (dir, "spoken.wav", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; sentences[i] != NULL; i++)
    {
      const char *argv[] = { "espeak-ng", "-w", spoken, sentences[i], NULL };
      g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
                                                      "audioresample ! audio/x-raw,format=S16LE,rate=16000,"
                                                      "channels=1 ! appsink name=sink sync=false", spoken);
      g_autoptr(GstElement) pipeline = NULL;
      g_autoptr(GstElement) sink = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                   &status, &error));
      g_assert_no_error (error);
      pipeline = gst_parse_launch (description, &error);
      g_assert_no_error (error);
      sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
      gst_element_set_state (pipeline, GST_STATE_PLAYING);
      for (;;)
        {
          g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
          GstMapInfo map;

          if (sample == NULL)
            break;
          gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ);
          g_byte_array_append (pcm, map.data, map.size);
          gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
        }
      gst_element_set_state (pipeline, GST_STATE_NULL);

      g_byte_array_set_size (pcm, pcm->len + pauses_ms[i] * 32);
      memset (pcm->data + pcm->len - pauses_ms[i] * 32, 0, pauses_ms[i] * 32);
    }

  samples = g_byte_array_free_to_bytes (g_steal_pointer (&pcm));
  wav = debrief_speech_wav_new (samples);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (wav, NULL), g_bytes_get_size (wav), &error));

  return g_steal_pointer (&path);
}


static void
ended_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DebriefTestCoachRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (debrief_call_session_end_finish (DEBRIEF_CALL_SESSION (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (run->loop);
}

static void
coach_changed_cb (DebriefTestCoachRun *run)
{
  if (debrief_coach_get_reconnecting (run->coach))
    run->saw_reconnecting = TRUE;
  if (!run->ending && debrief_coach_get_input_ended (run->coach) && !debrief_coach_get_busy (run->coach))
    {
      run->ending = TRUE;
      debrief_call_session_end_async (run->session, DEBRIEF_END_REASON_MANUAL, NULL, ended_cb, run);
    }
}

static void
failed_cb (DebriefTestCoachRun *run,
           const GError *error)
{
  g_test_message ("coach: %s", error->message);
  run->failures++;
}

static void
interrupted_cb (DebriefTestCoachRun *run)
{
  run->interruptions++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("The coaching call did not end");
  return G_SOURCE_REMOVE;
}

/* Runs a whole coaching call against the voice backend at @backend_url
 * with @speech as the microphone, until it was said and answered; returns
 * the call's id. */
char *
debrief_test_run_coaching_call (DebriefStore               *store,
                                const char                 *backend_url,
                                const char                 *speech,
                                const DebriefCoachOptions  *options_or_null,
                                DebriefTestCoachRun        *run,
                                JsonArray                 **latencies)
{
  g_autoptr(DebriefCallOptions) options = debrief_call_options_new ();
  g_autoptr(DebriefCoachOptions) coach_options = debrief_coach_options_new (NULL, NULL, NULL);
  g_autoptr(DebriefVoiceClient) client = debrief_voice_client_new (backend_url, FAKE_OPENAI_API_KEY);
  g_autoptr(DebriefCallSession) session = NULL;
  g_autoptr(DebriefCoach) coach = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_strescape (speech, NULL);
  guint timeout;

  options->kind = DEBRIEF_CALL_KIND_COACHING;
  options->user_source = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample ! "
                                          "clocksync", escaped);
  coach_options->store_user_audio = TRUE;
  if (options_or_null != NULL)
    coach_options->end_silence_ms = options_or_null->end_silence_ms;
  session = debrief_call_session_new (store, NULL, options);
  coach = debrief_coach_new (session, client, store, coach_options);
  g_assert_true (debrief_coach_prepare (coach, &error));
  g_assert_no_error (error);

  run->session = session;
  run->coach = coach;
  run->loop = loop;
  g_signal_connect_swapped (coach, "notify::busy", G_CALLBACK (coach_changed_cb), run);
  g_signal_connect_swapped (coach, "notify::input-ended", G_CALLBACK (coach_changed_cb), run);
  g_signal_connect_swapped (coach, "notify::reconnecting", G_CALLBACK (coach_changed_cb), run);
  g_signal_connect_swapped (coach, "failed", G_CALLBACK (failed_cb), run);
  g_signal_connect_swapped (coach, "interrupted", G_CALLBACK (interrupted_cb), run);

  g_assert_true (debrief_call_session_start (session, &error));
  g_assert_no_error (error);

  /* The speech's length (16 kHz WAV), and a minute for the answers */
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (speech, &st), ==, 0);
    timeout = g_timeout_add_seconds ((guint) (st.st_size / 32000) + 60, timeout_cb, NULL);
  }
  g_main_loop_run (loop);
  g_source_remove (timeout);

  if (latencies != NULL)
    *latencies = json_array_ref (debrief_coach_get_latencies (coach));

  return g_strdup (debrief_call_session_get_call (session)->id);
}

/**
 * debrief_test_send_outbox:
 * @store: the store
 * @provider: (nullable): cloud or twilio, or %NULL for the preferences'
 *
 * One pass over the WhatsApp outbox, waited for; returns once the worker
 * has let go of the store too, so the store is the test's alone again.
 *
 * Returns: what the pass did
 */
DebriefOutboxResult
debrief_test_send_outbox (DebriefStore *store,
                          const char   *provider)
{
  DebriefWhatsAppOutbox *outbox = debrief_whatsapp_outbox_new (store, NULL, provider);
  gpointer gone = outbox;
  DebriefOutboxResult counts = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (debrief_whatsapp_outbox_send (outbox, &counts, NULL, &error));
  g_assert_no_error (error);

  /* The worker thread lets go of its task (and the outbox) a moment later. */
  g_object_add_weak_pointer (G_OBJECT (outbox), &gone);
  g_object_unref (outbox);
  while (g_atomic_pointer_get (&gone) != NULL)
    g_usleep (1000);

  return counts;
}

/**
 * debrief_test_reload_message:
 * @store: the store
 * @message: a message in a contact's timeline
 *
 * Returns: (transfer full): @message as the store has it now
 */
DebriefConversation *
debrief_test_reload_message (DebriefStore              *store,
                             const DebriefConversation *message)
{
  g_autoptr(GPtrArray) timeline = debrief_store_list_conversations_for_lead (store, message->lead_id, NULL);

  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    if (g_str_equal (((DebriefConversation *) g_ptr_array_index (timeline, i))->id, message->id))
      return debrief_conversation_copy (g_ptr_array_index (timeline, i));

  g_assert_not_reached ();
}
