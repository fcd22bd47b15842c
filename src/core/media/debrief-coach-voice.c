/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-coach-voice.c: the coach's voice: spoken sentences played in order without gaps, stopped at once */

#define G_LOG_DOMAIN "debrief-coach-voice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/app.h>
#include <gst/gst.h>
#include <unistd.h>

#include "debrief-coach-voice.h"
#include "debrief-media-format.h"

/* Each sentence arrives encoded (Ogg/Opus, MP3: whatever the backend
 * speaks), is decoded by its own small pipeline as its bytes arrive, and
 * its samples are queued, in order, into one live playback pipeline whose
 * tee also feeds the recording's coach channel. The samples carry their
 * sentence in the buffer offset, so a probe at the sink can tell when each
 * sentence is first heard. */

#define RATE       48000
#define PCM_CAPS   "audio/x-raw,format=S16LE,rate=48000,channels=1,layout=interleaved"
#define LEAD       (20 * GST_MSECOND) /* how far ahead of now a sentence starts after silence */
#define WATCH_MS   20

typedef struct
{
  DebriefCoachVoice *voice;      /* not a reference: sentences die before their voice */
  guint              id;
  GstElement        *decoder;
  GstAppSrc         *input;
  guint              bus_watch;
  GByteArray        *pcm;        /* decoded, not queued yet (under the voice's lock) */
  gboolean           decoded;    /* all of it (under the lock) */
  gboolean           queued;     /* all of it queued for playing */
  GstClockTime       end;        /* running time when it has been played */
  gint64             samples;
} Sentence;

struct _DebriefCoachVoice
{
  GObject       parent_instance;

  GstElement   *pipeline;
  GstAppSrc    *src;
  guint         bus_watch;
  char         *channel;       /* the inter channel the recording listens to */
  char         *probe;         /* the echo probe, when webrtcdsp is there */

  GMutex        lock;
  GQueue        sentences;     /* being decoded or queued, in order */
  GQueue        playing;       /* queued, not heard to the end yet */
  guint         next_id;
  GstClockTime  next_pts;      /* where the next sample goes, in running time */
  gint          heard;         /* atomic: the sentence last seen at the sink */
  gboolean      feed_pending;  /* under the lock */
  gboolean      speaking;
  guint         watch_id;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (DebriefCoachVoice, debrief_coach_voice, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SPEAKING,
  N_PROPS
};

enum {
  SENTENCE_STARTED,
  SENTENCE_FINISHED,
  IDLE,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static gint channels_made;

DebriefCoachVoice *
debrief_coach_voice_new (void)
{
  return g_object_new (DEBRIEF_TYPE_COACH_VOICE, NULL);
}

static void
sentence_free (Sentence *sentence)
{
  if (sentence->decoder != NULL)
    {
      g_clear_handle_id (&sentence->bus_watch, g_source_remove);
      gst_element_set_state (sentence->decoder, GST_STATE_NULL);
      gst_clear_object (&sentence->decoder);
    }
  gst_clear_object (&sentence->input);
  g_clear_pointer (&sentence->pcm, g_byte_array_unref);
  g_free (sentence);
}

static void
set_speaking (DebriefCoachVoice *self,
              gboolean           speaking)
{
  if (self->speaking == speaking)
    return;

  self->speaking = speaking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

gboolean
debrief_coach_voice_get_speaking (DebriefCoachVoice *self)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH_VOICE (self), FALSE);

  return self->speaking;
}

static GstClockTime
running_time (DebriefCoachVoice *self)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (self->pipeline);

  if (clock == NULL)
    return 0;

  return gst_clock_get_time (clock) - gst_element_get_base_time (self->pipeline);
}

static Sentence *
find_sentence (GQueue *queue,
               guint   id)
{
  for (GList *l = queue->head; l != NULL; l = l->next)
    if (((Sentence *) l->data)->id == id)
      return l->data;

  return NULL;
}

/* Sentences heard to the end, and the end of speaking. */
static gboolean
watch_cb (gpointer user_data)
{
  DebriefCoachVoice *self = user_data;
  GstClockTime now = running_time (self);
  Sentence *sentence;

  while ((sentence = g_queue_peek_head (&self->playing)) != NULL && sentence->end <= now)
    {
      g_queue_pop_head (&self->playing);
      g_signal_emit (self, signals[SENTENCE_FINISHED], 0, sentence->id, sentence->samples * 1000 / RATE);
      sentence_free (sentence);
    }

  if (g_queue_is_empty (&self->playing) && g_queue_is_empty (&self->sentences))
    {
      self->watch_id = 0;
      set_speaking (self, FALSE);
      g_signal_emit (self, signals[IDLE], 0);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Queues what is decoded, sentence after sentence, each starting where
 * the one before ends, or now when there was silence. */
static void
feed (DebriefCoachVoice *self)
{
  Sentence *head;

  g_mutex_lock (&self->lock);
  self->feed_pending = FALSE;

  while ((head = g_queue_peek_head (&self->sentences)) != NULL)
    {
      if (head->pcm->len > 0 && self->pipeline != NULL)
        {
          gsize samples = head->pcm->len / sizeof (gint16);
          GstClockTime duration = gst_util_uint64_scale (samples, GST_SECOND, RATE);
          GstClockTime now = running_time (self);
          GBytes *bytes = g_byte_array_free_to_bytes (head->pcm);
          GstBuffer *buffer = gst_buffer_new_wrapped_bytes (bytes);

          g_bytes_unref (bytes);
          head->pcm = g_byte_array_new ();
          if (self->next_pts < now + LEAD)
            self->next_pts = now + LEAD;

          GST_BUFFER_PTS (buffer) = self->next_pts;
          GST_BUFFER_DURATION (buffer) = duration;
          GST_BUFFER_OFFSET (buffer) = head->id;
          self->next_pts += duration;
          head->end = self->next_pts;
          head->samples += samples;
          gst_app_src_push_buffer (self->src, buffer);
        }

      if (!head->decoded)
        break;

      /* All of it queued: it waits to be heard. */
      g_queue_pop_head (&self->sentences);
      head->queued = TRUE;
      if (head->samples > 0)
        {
          g_queue_push_tail (&self->playing, head);
        }
      else
        {
          /* Nothing to hear (its audio failed): over at once. */
          guint id = head->id;

          g_mutex_unlock (&self->lock);
          sentence_free (head);
          g_signal_emit (self, signals[SENTENCE_FINISHED], 0, id, (gint64) 0);
          g_mutex_lock (&self->lock);
        }
    }

  g_mutex_unlock (&self->lock);

  if (self->watch_id == 0 && self->pipeline != NULL)
    self->watch_id = g_timeout_add (WATCH_MS, watch_cb, self);
}

static gboolean
feed_cb (gpointer user_data)
{
  feed (user_data);
  return G_SOURCE_REMOVE;
}

/* Under the lock: feed once more soon, from the voice's thread. */
static void
schedule_feed (DebriefCoachVoice *self)
{
  g_autoptr(GSource) source = NULL;

  if (self->feed_pending)
    return;

  self->feed_pending = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, feed_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
}

/* From a decoder's streaming thread */
static GstFlowReturn
decoded_cb (GstAppSink *sink,
            gpointer    user_data)
{
  Sentence *sentence = user_data;
  DebriefCoachVoice *self = sentence->voice;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;

  g_mutex_lock (&self->lock);
  g_byte_array_append (sentence->pcm, map.data, map.size);
  schedule_feed (self);
  g_mutex_unlock (&self->lock);
  gst_buffer_unmap (buffer, &map);

  return GST_FLOW_OK;
}

static gboolean
decoder_bus_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  Sentence *sentence = user_data;
  DebriefCoachVoice *self = sentence->voice;
  g_autoptr(GError) error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (message, &error, NULL);
      g_warning ("The coach's voice could not be decoded: %s", error->message);
      g_signal_emit (self, signals[FAILED], 0, error);
      G_GNUC_FALLTHROUGH;

    case GST_MESSAGE_EOS:
      g_mutex_lock (&self->lock);
      sentence->decoded = TRUE;
      g_mutex_unlock (&self->lock);
      sentence->bus_watch = 0;
      feed (self);
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

/**
 * debrief_coach_voice_begin_sentence:
 * @self: a started #DebriefCoachVoice
 *
 * Opens the next sentence; it plays after those begun before it.
 *
 * Returns: the sentence, for debrief_coach_voice_push()
 */
guint
debrief_coach_voice_begin_sentence (DebriefCoachVoice *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  Sentence *sentence;
  GstAppSinkCallbacks callbacks = { .new_sample = decoded_cb };

  g_return_val_if_fail (DEBRIEF_IS_COACH_VOICE (self), 0);
  g_return_val_if_fail (self->pipeline != NULL, 0);

  sentence = g_new0 (Sentence, 1);
  sentence->voice = self;
  sentence->id = ++self->next_id;
  sentence->pcm = g_byte_array_new ();
  sentence->decoder = gst_parse_launch ("appsrc name=input format=bytes ! decodebin ! audioconvert ! audioresample ! "
                                        PCM_CAPS " ! appsink name=output sync=false", &error);
  g_assert_no_error (error);
  gst_object_ref_sink (sentence->decoder);
  sentence->input = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (sentence->decoder), "input"));
  sink = gst_bin_get_by_name (GST_BIN (sentence->decoder), "output");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, sentence, NULL);
  bus = gst_element_get_bus (sentence->decoder);
  sentence->bus_watch = gst_bus_add_watch (bus, decoder_bus_cb, sentence);
  gst_element_set_state (sentence->decoder, GST_STATE_PLAYING);

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->sentences, sentence);
  g_mutex_unlock (&self->lock);

  set_speaking (self, TRUE);

  return sentence->id;
}

/**
 * debrief_coach_voice_push:
 * @self: a #DebriefCoachVoice
 * @sentence: a sentence begun
 * @encoded: the next bytes of its audio, as the backend sends them
 *
 * Bytes of a sentence stopped since are dropped.
 */
void
debrief_coach_voice_push (DebriefCoachVoice *self,
                          guint              sentence,
                          GBytes            *encoded)
{
  Sentence *found;

  g_return_if_fail (DEBRIEF_IS_COACH_VOICE (self));
  g_return_if_fail (encoded != NULL);

  g_mutex_lock (&self->lock);
  found = find_sentence (&self->sentences, sentence);
  if (found != NULL && !found->decoded)
    gst_app_src_push_buffer (found->input, gst_buffer_new_wrapped_bytes (encoded));
  g_mutex_unlock (&self->lock);
}

void
debrief_coach_voice_end_sentence (DebriefCoachVoice *self,
                                  guint              sentence)
{
  Sentence *found;

  g_return_if_fail (DEBRIEF_IS_COACH_VOICE (self));

  g_mutex_lock (&self->lock);
  found = find_sentence (&self->sentences, sentence);
  if (found != NULL && !found->decoded)
    gst_app_src_end_of_stream (found->input);
  g_mutex_unlock (&self->lock);
}

/**
 * debrief_coach_voice_get_sentence_ms:
 * @self: a #DebriefCoachVoice
 * @sentence: a sentence
 *
 * Returns: how long the sentence's audio queued so far lasts, in ms
 */
gint64
debrief_coach_voice_get_sentence_ms (DebriefCoachVoice *self,
                                     guint              sentence)
{
  Sentence *found;
  gint64 ms = 0;

  g_return_val_if_fail (DEBRIEF_IS_COACH_VOICE (self), 0);

  g_mutex_lock (&self->lock);
  found = find_sentence (&self->sentences, sentence);
  if (found == NULL)
    found = find_sentence (&self->playing, sentence);
  if (found != NULL)
    ms = found->samples * 1000 / RATE;
  g_mutex_unlock (&self->lock);

  return ms;
}

/**
 * debrief_coach_voice_stop:
 * @self: a #DebriefCoachVoice
 *
 * Stops speaking at once (the person barged in): what is queued is
 * flushed from the pipeline and sentences still arriving are dropped.
 */
void
debrief_coach_voice_stop (DebriefCoachVoice *self)
{
  GQueue dropped = G_QUEUE_INIT;
  Sentence *sentence;

  g_return_if_fail (DEBRIEF_IS_COACH_VOICE (self));

  g_mutex_lock (&self->lock);
  while ((sentence = g_queue_pop_head (&self->playing)) != NULL)
    g_queue_push_tail (&dropped, sentence);
  while ((sentence = g_queue_pop_head (&self->sentences)) != NULL)
    g_queue_push_tail (&dropped, sentence);
  self->next_pts = 0;
  g_mutex_unlock (&self->lock);

  /* Out of the lock: stopping a decoder waits for its thread, which may
   * be waiting for the lock. */
  while ((sentence = g_queue_pop_head (&dropped)) != NULL)
    sentence_free (sentence);

  if (self->pipeline != NULL)
    {
      gst_element_send_event (self->pipeline, gst_event_new_flush_start ());
      gst_element_send_event (self->pipeline, gst_event_new_flush_stop (FALSE));
    }

  g_clear_handle_id (&self->watch_id, g_source_remove);
  set_speaking (self, FALSE);
}

/* From the sink's streaming thread: a sentence is first heard. */
typedef struct
{
  DebriefCoachVoice *self;
  guint              id;
  gint64             heard_us;
} Heard;

static gboolean
heard_cb (gpointer user_data)
{
  Heard *heard = user_data;

  g_signal_emit (heard->self, signals[SENTENCE_STARTED], 0, heard->id, heard->heard_us);
  g_object_unref (heard->self);
  g_free (heard);

  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
sink_probe_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  DebriefCoachVoice *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  guint id = (guint) GST_BUFFER_OFFSET (buffer);

  if (id != 0 && (guint) g_atomic_int_get (&self->heard) != id)
    {
      Heard *heard = g_new0 (Heard, 1);
      GSource *source;

      g_atomic_int_set (&self->heard, id);
      heard->self = g_object_ref (self);
      heard->id = id;
      heard->heard_us = g_get_monotonic_time ();
      source = g_idle_source_new ();

      /* Never run here: the main thread handles it. */
      g_source_set_priority (source, G_PRIORITY_HIGH);
      g_source_set_callback (source, heard_cb, heard, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }

  return GST_PAD_PROBE_OK;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  DebriefCoachVoice *self = user_data;
  g_autoptr(GError) error = NULL;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &error, NULL);
      g_signal_emit (self, signals[FAILED], 0, error);
    }

  return G_SOURCE_CONTINUE;
}

static char *
sink_description (void)
{
  const char *sink = g_getenv ("DEBRIEF_AUDIO_SINK");
  g_autoptr(GstElementFactory) pulse = NULL;

  if (sink != NULL && *sink != '\0')
    return g_strdup (sink);

  /* A short buffer: a barge-in stops what the sound server holds too. */
  pulse = gst_element_factory_find ("pulsesink");
  if (pulse != NULL)
    return g_strdup ("pulsesink buffer-time=60000 latency-time=10000");

  return g_strdup ("autoaudiosink");
}

/**
 * debrief_coach_voice_start:
 * @self: a #DebriefCoachVoice
 * @error: return location for a #GError
 *
 * Opens the audio output. Call before the recording starts, so its coach
 * channel (debrief_coach_voice_dup_recording_source()) has a voice to
 * listen to.
 *
 * Returns: %TRUE when the output is ready
 */
gboolean
debrief_coach_voice_start (DebriefCoachVoice  *self,
                           GError            **error)
{
  static const char * const needed[] = { "appsrc", "appsink", "decodebin", "tee", "interaudiosink",
                                         "interaudiosrc", NULL };
  g_autofree char *sink = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstElement) output = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstElementFactory) probe = NULL;
  g_autoptr(GstElementFactory) dsp = NULL;

  g_return_val_if_fail (DEBRIEF_IS_COACH_VOICE (self), FALSE);
  g_return_val_if_fail (self->pipeline == NULL, FALSE);

  if (!debrief_media_init (error) ||
      !debrief_media_require_elements (needed, _("The coach’s voice"),
                                       "gstreamer1.0-plugins-base gstreamer1.0-plugins-bad", error))
    return FALSE;

  self->channel = g_strdup_printf ("debrief-coach-%d-%d", (int) getpid (), g_atomic_int_add (&channels_made, 1));
  probe = gst_element_factory_find ("webrtcechoprobe");
  dsp = gst_element_factory_find ("webrtcdsp");
  if (probe != NULL && dsp != NULL && g_getenv ("DEBRIEF_AUDIO_SINK") == NULL)
    self->probe = g_strdup_printf ("%s-echo", self->channel);

  sink = sink_description ();
  description = g_strdup_printf ("appsrc name=src format=time is-live=true do-timestamp=false "
                                 "caps=\"" PCM_CAPS "\" ! tee name=split "
                                 "split. ! queue name=playing ! %s%s%s audioconvert ! audioresample ! %s name=output "
                                 "split. ! queue ! interaudiosink channel=%s",
                                 self->probe != NULL ? "webrtcechoprobe name=" : "",
                                 self->probe != NULL ? self->probe : "",
                                 self->probe != NULL ? " !" : "",
                                 sink, self->channel);
  g_debug ("Coach voice pipeline: %s", description);

  self->pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (self->pipeline == NULL)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_DEVICE,
                   _("The audio output for the coach could not be set up: %s"), parse_error->message);
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);
  self->src = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (self->pipeline), "src"));
  gst_app_src_set_max_bytes (self->src, 0);

  /* Where a sentence is first heard: on its way to the speakers, before a
   * resampler renumbers the buffers */
  output = gst_bin_get_by_name (GST_BIN (self->pipeline), "playing");
  pad = gst_element_get_static_pad (output, "src");
  if (pad != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, sink_probe_cb, self, NULL);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_DEVICE,
                   _("The audio output for the coach could not be opened"));
      debrief_coach_voice_shutdown (self);
      return FALSE;
    }

  return TRUE;
}

/**
 * debrief_coach_voice_dup_recording_source:
 * @self: a started #DebriefCoachVoice
 *
 * Returns: (transfer full): a gst-launch description of the coach's voice
 *   as a live source (silence between sentences), for the recording
 */
char *
debrief_coach_voice_dup_recording_source (DebriefCoachVoice *self)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH_VOICE (self), NULL);
  g_return_val_if_fail (self->channel != NULL, NULL);

  return g_strdup_printf ("interaudiosrc channel=%s ! " PCM_CAPS, self->channel);
}

/**
 * debrief_coach_voice_get_echo_probe:
 * @self: a started #DebriefCoachVoice
 *
 * Returns: (nullable): the name of the echo probe on the way to the
 *   speakers, for the recorder's echo canceller; %NULL when webrtcdsp is
 *   missing or the output is not a sound card
 */
const char *
debrief_coach_voice_get_echo_probe (DebriefCoachVoice *self)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH_VOICE (self), NULL);

  return self->probe;
}

/**
 * debrief_coach_voice_shutdown:
 * @self: a #DebriefCoachVoice
 *
 * Stops speaking and closes the output.
 */
void
debrief_coach_voice_shutdown (DebriefCoachVoice *self)
{
  g_return_if_fail (DEBRIEF_IS_COACH_VOICE (self));

  debrief_coach_voice_stop (self);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->src);
  gst_clear_object (&self->pipeline);
}

static void
debrief_coach_voice_dispose (GObject *object)
{
  debrief_coach_voice_shutdown (DEBRIEF_COACH_VOICE (object));

  G_OBJECT_CLASS (debrief_coach_voice_parent_class)->dispose (object);
}

static void
debrief_coach_voice_finalize (GObject *object)
{
  DebriefCoachVoice *self = (DebriefCoachVoice *) object;

  g_free (self->channel);
  g_free (self->probe);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (debrief_coach_voice_parent_class)->finalize (object);
}

static void
debrief_coach_voice_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DebriefCoachVoice *self = DEBRIEF_COACH_VOICE (object);

  switch (prop_id)
    {
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->speaking);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_coach_voice_class_init (DebriefCoachVoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_coach_voice_dispose;
  object_class->finalize = debrief_coach_voice_finalize;
  object_class->get_property = debrief_coach_voice_get_property;

  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefCoachVoice::sentence-started:
   * @self: the voice
   * @sentence: the sentence
   * @heard_us: when its first sample reached the audio sink (monotonic µs)
   */
  signals[SENTENCE_STARTED] =
    g_signal_new ("sentence-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);

  /**
   * DebriefCoachVoice::sentence-finished:
   * @self: the voice
   * @sentence: the sentence, heard to the end (or never to be heard)
   * @ms: how long it lasted
   */
  signals[SENTENCE_FINISHED] =
    g_signal_new ("sentence-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);

  /* Everything begun has been heard. */
  signals[IDLE] =
    g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
debrief_coach_voice_init (DebriefCoachVoice *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->sentences);
  g_queue_init (&self->playing);
  self->context = g_main_context_ref_thread_default ();
}
