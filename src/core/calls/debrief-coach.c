/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-coach.c: the AI coach's side of a coaching call: listening, answering, speaking, being interrupted */

#define G_LOG_DOMAIN "debrief-coach"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "debrief-coach.h"
#include "debrief-coach-voice.h"
#include "debrief-secrets.h"
#include "debrief-speech-detector.h"

/* A turn: what the user said (cut at a pause by the speech detector),
 * transcribed, answered by the chat model as a stream, each sentence
 * spoken as soon as it is complete and played in order. When the user
 * speaks while the coach answers, the coach stops at once and the reply
 * is kept as far as it was heard. Every turn becomes one call_chunks row.
 *
 * Requests that fail because the backend cannot be reached are tried
 * again with a growing delay, and at once when the network returns; the
 * call goes on meanwhile. */

#define HISTORY_TURNS   20
#define RETRY_FIRST_MS  1000
#define RETRY_MAX_MS    15000
#define RETRY_ATTEMPTS  8      /* about a minute and a half of trying */

typedef struct
{
  char     *text;
  guint     voice_id;
  char     *path;
  gboolean  downloaded;  /* its audio arrived whole (or failed) */
  gboolean  heard;       /* its first sample reached the speakers */
  gboolean  finished;    /* heard to the end, or never will be */
  gint64    ms;
} Sentence;

typedef struct
{
  DebriefCoach  *coach;
  gint           ref_count;
  DebriefChunk  *chunk;
  GBytes        *audio;          /* 16 kHz samples of what the user said */
  GCancellable  *cancellable;
  GString       *reply;
  gsize          spoken_up_to;   /* reply text handed to a sentence */
  GPtrArray     *sentences;
  gboolean       transcribed;
  gboolean       chat_done;
  gboolean       interrupted;
  gboolean       superseded;     /* the user spoke on before it was answered */
  gboolean       over;
  guint          attempts;
  gint64         end_of_speech_us;
  gint64         transcript_us;
  gint64         first_token_us;
  gint64         first_audio_us;
} Turn;

struct _DebriefCoach
{
  GObject                parent_instance;

  DebriefCallSession    *session;
  DebriefVoiceClient    *client;
  DebriefStore          *store;
  DebriefCoachOptions   *options;
  DebriefCoachVoice     *voice;
  char                  *ext;

  GMutex                 lock;        /* the detector and what it found, fed by the recorder */
  DebriefSpeechDetector *detector;
  GQueue                 events;      /* Found *, for the main thread */
  gboolean               events_scheduled;
  GMainContext          *context;

  GPtrArray             *history;     /* finished turns, for the chat */
  Turn                  *current;     /* the turn being answered */
  GQueue                 waiting;     /* utterances to answer after it */
  JsonArray             *latencies;
  GNetworkMonitor       *network;
  guint                  retry_id;
  guint                  retry_ms;
  gboolean               reconnecting;
  gboolean               input_ended;
  gboolean               stopped;
  guint                  turns;
};

G_DEFINE_FINAL_TYPE (DebriefCoach, debrief_coach, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_RECONNECTING,
  PROP_INPUT_ENDED,
  N_PROPS
};

enum {
  USER_SAID,
  REPLY_DELTA,
  INTERRUPTED,
  TURN_FINISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void next_turn (DebriefCoach *self);
static void start_turn (DebriefCoach *self);
static void ask_chat (Turn         *turn);
static void transcribe (Turn         *turn);

/* Options */

/* The agent's choice, else the preferences', else the default */
static char *
pick (const char *value,
      GSettings  *settings,
      const char *key,
      const char *fallback)
{
  if (value != NULL && *value != '\0')
    return g_strdup (value);

  return settings != NULL ? g_settings_get_string (settings, key) : g_strdup (fallback);
}

DebriefCoachOptions *
debrief_coach_options_new (const DebriefAgent         *agent,
                           const DebriefVoiceSettings *voice,
                           GSettings                  *settings)
{
  DebriefCoachOptions *options = g_new0 (DebriefCoachOptions, 1);

  options->system_prompt = g_strdup (agent != NULL && agent->system_prompt != NULL ? agent->system_prompt
                                     : "You are a supportive voice coach. Answer briefly.");
  options->language = agent != NULL && agent->language != NULL && *agent->language != '\0'
                      ? g_strdup (agent->language) : NULL;
  options->stt_model = pick (agent != NULL ? agent->stt_model : NULL, settings, "stt-model", "whisper-1");
  options->chat_model = pick (agent != NULL ? agent->model_type : NULL, settings, "chat-model", "gpt-4o-mini");
  options->tts_model = pick (agent != NULL ? agent->tts_model : NULL, settings, "tts-model", "tts-1");
  options->voice = pick (voice != NULL ? voice->voice_id : NULL, settings, "tts-voice", "alloy");
  options->speed = voice != NULL && voice->speed > 0 ? voice->speed : 1.0;
  options->tts_format = g_strdup ("opus");
  options->end_silence_ms = settings != NULL ? g_settings_get_uint (settings, "end-of-speech-ms") : DEBRIEF_COACH_END_SILENCE_MS;
  options->store_user_audio = settings != NULL && g_settings_get_boolean (settings, "store-user-audio");

  return options;
}

void
debrief_coach_options_free (DebriefCoachOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->system_prompt);
  g_free (options->language);
  g_free (options->stt_model);
  g_free (options->chat_model);
  g_free (options->tts_model);
  g_free (options->voice);
  g_free (options->tts_format);
  g_free (options);
}

/**
 * debrief_coach_connect:
 * @settings: (nullable): the preferences
 * @cancellable: (nullable): a #GCancellable
 *
 * The voice backend of the preferences (OPENAI_BASE_URL and
 * OPENAI_API_KEY override them), its key from the keyring. Blocks on the
 * keyring: call it off the UI thread.
 *
 * Returns: (transfer full): a client for the backend
 */
DebriefVoiceClient *
debrief_coach_connect (GSettings    *settings,
                       GCancellable *cancellable)
{
  const char *env_url = g_getenv ("OPENAI_BASE_URL");
  const char *env_key = g_getenv ("OPENAI_API_KEY");
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;

  if (env_url != NULL && *env_url != '\0')
    url = g_strdup (env_url);
  else
    url = settings != NULL ? g_settings_get_string (settings, "voice-backend-url") : g_strdup ("https://api.openai.com/v1");

  if (env_key != NULL && *env_key != '\0')
    key = g_strdup (env_key);
  else
    key = debrief_secret_lookup (DEBRIEF_SECRET_VOICE_API_KEY, cancellable, NULL);

  return debrief_voice_client_new (url, key);
}

static DebriefCoachOptions *
options_copy (const DebriefCoachOptions *options)
{
  DebriefCoachOptions *copy = g_memdup2 (options, sizeof *options);

  copy->system_prompt = g_strdup (options->system_prompt);
  copy->language = g_strdup (options->language);
  copy->stt_model = g_strdup (options->stt_model);
  copy->chat_model = g_strdup (options->chat_model);
  copy->tts_model = g_strdup (options->tts_model);
  copy->voice = g_strdup (options->voice);
  copy->tts_format = g_strdup (options->tts_format != NULL ? options->tts_format : "opus");

  return copy;
}

/* Turns */

static void
sentence_free (Sentence *sentence)
{
  g_free (sentence->text);
  g_free (sentence->path);
  g_free (sentence);
}

static Turn *
turn_new (DebriefCoach *self,
          GBytes       *audio,
          gint64        start_ms,
          gint64        end_ms,
          gint64        end_of_speech_us)
{
  Turn *turn = g_new0 (Turn, 1);

  turn->coach = g_object_ref (self);
  turn->ref_count = 1;
  turn->chunk = debrief_chunk_new ();
  turn->chunk->id = g_uuid_string_random ();
  turn->chunk->speaker = DEBRIEF_SPEAKER_USER;
  turn->chunk->start_ms = start_ms;
  turn->chunk->end_ms = end_ms;
  turn->chunk->timestamp = g_get_real_time ();
  turn->audio = g_bytes_ref (audio);
  turn->cancellable = g_cancellable_new ();
  turn->reply = g_string_new (NULL);
  turn->sentences = g_ptr_array_new_with_free_func ((GDestroyNotify) sentence_free);
  turn->end_of_speech_us = end_of_speech_us;

  return turn;
}

static Turn *
turn_ref (Turn *turn)
{
  turn->ref_count++;
  return turn;
}

static void
turn_unref (Turn *turn)
{
  if (--turn->ref_count > 0)
    return;

  g_object_unref (turn->coach);
  debrief_chunk_free (turn->chunk);
  g_bytes_unref (turn->audio);
  g_object_unref (turn->cancellable);
  g_string_free (turn->reply, TRUE);
  g_ptr_array_unref (turn->sentences);
  g_free (turn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Turn, turn_unref)

static void
set_busy_changed (DebriefCoach *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * debrief_coach_get_busy:
 * @self: a #DebriefCoach
 *
 * Returns: whether the coach is answering, speaking or has something
 *   left to answer
 */
gboolean
debrief_coach_get_busy (DebriefCoach *self)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH (self), FALSE);

  return self->current != NULL || !g_queue_is_empty (&self->waiting) ||
         (self->voice != NULL && debrief_coach_voice_get_speaking (self->voice));
}

gboolean
debrief_coach_get_reconnecting (DebriefCoach *self)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH (self), FALSE);

  return self->reconnecting;
}

/**
 * debrief_coach_get_input_ended:
 * @self: a #DebriefCoach
 *
 * Returns: whether the user's audio ended (a file played as the
 *   microphone)
 */
gboolean
debrief_coach_get_input_ended (DebriefCoach *self)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH (self), FALSE);

  return self->input_ended;
}

/**
 * debrief_coach_get_latencies:
 * @self: a #DebriefCoach
 *
 * Returns: (transfer none): one object per answered turn: ms from the end
 *   of the user's speech to the transcript, the first reply token and the
 *   first coach audio at the speakers
 */
JsonArray *
debrief_coach_get_latencies (DebriefCoach *self)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH (self), NULL);

  return self->latencies;
}

static void
set_reconnecting (DebriefCoach *self,
                  gboolean      reconnecting)
{
  if (self->reconnecting == reconnecting)
    return;

  self->reconnecting = reconnecting;
  if (!reconnecting)
    self->retry_ms = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTING]);
}

static void
add_event (DebriefCoach *self,
           const char   *type,
           JsonObject   *payload)
{
  g_autoptr(DebriefAnalyticsEvent) event = debrief_analytics_event_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), payload);
  g_autoptr(GError) error = NULL;
  const DebriefCall *call = debrief_call_session_get_call (self->session);

  event->call_id = g_strdup (call != NULL ? call->id : NULL);
  event->event_type = g_strdup (type);
  event->payload = json_to_string (node, FALSE);
  if (!debrief_store_add_analytics_event (self->store, event, &error))
    g_warning ("Could not record the %s event: %s", type, error->message);
}

static void
report_error (DebriefCoach *self,
              const GError *error,
              const char   *stage)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  json_object_set_string_member (payload, "stage", stage);
  json_object_set_string_member (payload, "message", error->message);
  json_object_set_int_member (payload, "code", error->code);
  add_event (self, "error", payload);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static gboolean
retryable (const GError *error)
{
  return g_error_matches (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_NETWORK) ||
         g_error_matches (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_TIMEOUT) ||
         g_error_matches (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_SERVER) ||
         g_error_matches (error, DEBRIEF_VOICE_ERROR, DEBRIEF_VOICE_ERROR_RATE_LIMITED);
}

static char *
call_dir (DebriefCoach *self)
{
  const DebriefCall *call = debrief_call_session_get_call (self->session);

  return g_path_get_dirname (call->recording_path);
}

/* The conversation so far, for the chat model */
static JsonArray *
build_messages (DebriefCoach *self,
                Turn         *turn)
{
  JsonArray *messages = json_array_new ();
  g_autofree char *system = NULL;
  guint first = self->history->len > HISTORY_TURNS ? self->history->len - HISTORY_TURNS : 0;

#define ADD(role, content)                                                    \
  G_STMT_START {                                                              \
    JsonObject *message = json_object_new ();                                 \
    json_object_set_string_member (message, "role", role);                    \
    json_object_set_string_member (message, "content", content);              \
    json_array_add_object_element (messages, message);                        \
  } G_STMT_END

  system = self->options->language != NULL
           ? g_strdup_printf ("%s\n\nSpeak %s. Your words are spoken aloud: no lists, no markup.",
                              self->options->system_prompt, self->options->language)
           : g_strdup_printf ("%s\n\nYour words are spoken aloud: no lists, no markup.", self->options->system_prompt);
  ADD ("system", system);

  for (guint i = first; i < self->history->len; i++)
    {
      DebriefChunk *chunk = g_ptr_array_index (self->history, i);

      if (chunk->user_transcript != NULL)
        ADD ("user", chunk->user_transcript);
      if (chunk->ai_text_response != NULL && *chunk->ai_text_response != '\0')
        ADD ("assistant", chunk->ai_text_response);
    }
  ADD ("user", turn->chunk->user_transcript);

#undef ADD

  return messages;
}

/* Retrying when the backend cannot be reached */

static void
retry_now (DebriefCoach *self)
{
  Turn *turn = self->current;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (turn == NULL || turn->over || self->stopped)
    return;

  if (!turn->transcribed)
    transcribe (turn);
  else
    ask_chat (turn);
}

static gboolean
retry_cb (gpointer user_data)
{
  DebriefCoach *self = user_data;

  self->retry_id = 0;
  retry_now (self);
  return G_SOURCE_REMOVE;
}

/* Returns FALSE when the turn has been tried too often: it is given up. */
static gboolean
schedule_retry (DebriefCoach *self,
                Turn         *turn)
{
  if (++turn->attempts > RETRY_ATTEMPTS)
    return FALSE;

  self->retry_ms = self->retry_ms == 0 ? RETRY_FIRST_MS : MIN (self->retry_ms * 2, RETRY_MAX_MS);
  set_reconnecting (self, TRUE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);
  return TRUE;
}

static void
network_changed_cb (DebriefCoach *self,
                    gboolean      available)
{
  if (available && self->retry_id != 0)
    retry_now (self);
}

/* A turn ends: its row, its audio file, its latency; then the next */

/* The sentences' audio, in order, as one file (Ogg streams chain; MP3
 * frames follow each other). */
static char *
join_audio (DebriefCoach  *self,
            Turn          *turn,
            gboolean       heard_only,
            double        *seconds)
{
  g_autofree char *dir = call_dir (self);
  g_autofree char *name = g_strdup_printf ("%s.%s", turn->chunk->id, self->ext);
  g_autofree char *path = g_build_filename (dir, "ai_chunks", name, NULL);
  g_autoptr(GByteArray) joined = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 ms = 0;

  for (guint i = 0; i < turn->sentences->len; i++)
    {
      Sentence *sentence = g_ptr_array_index (turn->sentences, i);
      g_autofree char *contents = NULL;
      gsize length;

      if ((!heard_only || sentence->heard) && sentence->path != NULL &&
          g_file_get_contents (sentence->path, &contents, &length, NULL))
        {
          g_byte_array_append (joined, (const guint8 *) contents, length);
          ms += sentence->ms;
        }
      if (sentence->path != NULL)
        g_unlink (sentence->path);
    }

  *seconds = ms / 1000.0;
  if (joined->len == 0)
    return NULL;

  if (!g_file_set_contents (path, (const char *) joined->data, joined->len, &error))
    {
      g_warning ("Could not keep the coach's audio: %s", error->message);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static void
record_latency (DebriefCoach *self,
                Turn         *turn)
{
  JsonObject *latency = json_object_new ();

#define SINCE(t) ((t) > 0 ? json_node_init_int (json_node_alloc (), ((t) - turn->end_of_speech_us) / 1000) \
                  : json_node_init_null (json_node_alloc ()))

  json_object_set_string_member (latency, "chunk_id", turn->chunk->id);
  json_object_set_int_member (latency, "end_of_speech_silence_ms", self->options->end_silence_ms);
  json_object_set_member (latency, "transcript_ms", SINCE (turn->transcript_us));
  json_object_set_member (latency, "first_token_ms", SINCE (turn->first_token_us));
  json_object_set_member (latency, "first_audio_ms", SINCE (turn->first_audio_us));

#undef SINCE

  add_event (self, "turn_latency", latency);
  json_array_add_object_element (self->latencies, json_object_ref (latency));
  json_object_unref (latency);
}

static void
finish_turn (Turn *turn)
{
  DebriefCoach *self = turn->coach;
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefChunk) saved = NULL;
  double seconds = 0;

  if (turn->over)
    return;
  turn->over = TRUE;
  g_cancellable_cancel (turn->cancellable);

  /* A retry belongs to this turn, not to the next. */
  if (self->current == turn)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      set_reconnecting (self, FALSE);
    }

  if (turn->chunk->user_transcript != NULL)
    {
      /* The reply as it was heard: all of it, or up to the interruption. */
      if (turn->interrupted)
        {
          g_autoptr(GString) said = g_string_new (NULL);

          for (guint i = 0; i < turn->sentences->len; i++)
            {
              Sentence *sentence = g_ptr_array_index (turn->sentences, i);

              if (sentence->heard)
                g_string_append_printf (said, "%s%s", said->len > 0 ? " " : "", sentence->text);
            }
          turn->chunk->ai_text_response = said->len > 0 ? g_strdup (said->str) : NULL;
        }
      else if (turn->reply->len > 0)
        {
          turn->chunk->ai_text_response = g_strdup (g_strstrip (turn->reply->str));
        }

      turn->chunk->ai_audio_path = join_audio (self, turn, turn->interrupted, &seconds);
      /* Where it lives, as the call's files are named here and in the cloud */
      if (turn->chunk->ai_audio_path != NULL)
        turn->chunk->ai_audio_url = g_strdup_printf ("calls/%s/ai_chunks/%s.%s",
                                                     debrief_call_session_get_call (self->session)->id,
                                                     turn->chunk->id, self->ext);
      turn->chunk->duration_seconds = seconds;

      if (self->options->store_user_audio)
        {
          g_autofree char *dir = call_dir (self);
          g_autofree char *name = g_strdup_printf ("%s.wav", turn->chunk->id);
          g_autofree char *path = g_build_filename (dir, "user_chunks", name, NULL);
          g_autofree char *folder = g_path_get_dirname (path);
          g_autoptr(GBytes) wav = debrief_speech_wav_new (turn->audio);

          if (g_mkdir_with_parents (folder, 0700) == 0 &&
              g_file_set_contents (path, g_bytes_get_data (wav, NULL), g_bytes_get_size (wav), NULL))
            turn->chunk->user_audio_path = g_steal_pointer (&path);
        }

      saved = debrief_chunk_copy (turn->chunk);
      if (!debrief_call_session_add_chunk (self->session, saved, &error))
        g_warning ("Could not save the turn: %s", error->message);
      else
        g_ptr_array_add (self->history, g_steal_pointer (&saved));

      if (turn->transcript_us > 0)
        record_latency (self, turn);
      g_signal_emit (self, signals[TURN_FINISHED], 0, turn->chunk);
    }
  else
    {
      /* Never transcribed: nothing to keep, but its sentence files. */
      join_audio (self, turn, TRUE, &seconds);
    }

  if (self->current == turn)
    {
      self->current = NULL;
      turn_unref (turn);
    }
  next_turn (self);
}

static void
maybe_finish (Turn *turn)
{
  if (turn->over || !turn->chat_done)
    return;

  for (guint i = 0; i < turn->sentences->len; i++)
    if (!((Sentence *) g_ptr_array_index (turn->sentences, i))->finished)
      return;

  finish_turn (turn);
}

/* Speaking: each sentence as soon as it is complete */

typedef struct
{
  Turn     *turn;
  Sentence *sentence;
} Speaking;

static void
speech_data_cb (GBytes   *data,
                gpointer  user_data)
{
  Speaking *speaking = user_data;

  if (!speaking->turn->over)
    debrief_coach_voice_push (speaking->turn->coach->voice, speaking->sentence->voice_id, data);
}

static void
spoken_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Speaking *speaking = user_data;
  g_autoptr(Turn) turn = speaking->turn;
  Sentence *sentence = speaking->sentence;
  DebriefCoach *self = turn->coach;
  g_autoptr(GError) error = NULL;

  g_free (speaking);

  if (!debrief_voice_client_speak_finish (DEBRIEF_VOICE_CLIENT (object), result, &error))
    {
      g_clear_pointer (&sentence->path, g_free);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !turn->over)
        report_error (self, error, "speech");
    }
  else
    {
      g_autoptr(JsonObject) payload = json_object_new ();

      json_object_set_string_member (payload, "chunk_id", turn->chunk->id);
      json_object_set_int_member (payload, "characters", g_utf8_strlen (sentence->text, -1));
      add_event (self, "voice_generated", payload);
    }

  sentence->downloaded = TRUE;
  if (!turn->over)
    debrief_coach_voice_end_sentence (self->voice, sentence->voice_id);
  else if (sentence->path != NULL)
    g_unlink (sentence->path); /* arrived after the turn was stored */
}

static void
speak (Turn       *turn,
       const char *text)
{
  DebriefCoach *self = turn->coach;
  Sentence *sentence = g_new0 (Sentence, 1);
  Speaking *speaking = g_new0 (Speaking, 1);
  g_autofree char *dir = call_dir (self);
  g_autofree char *folder = g_build_filename (dir, "ai_chunks", NULL);
  g_autofree char *name = g_strdup_printf ("%s.%u.%s", turn->chunk->id, turn->sentences->len, self->ext);

  sentence->text = g_strdup (text);
  sentence->path = g_build_filename (folder, name, NULL);
  sentence->voice_id = debrief_coach_voice_begin_sentence (self->voice);
  g_ptr_array_add (turn->sentences, sentence);
  g_mkdir_with_parents (folder, 0700);

  speaking->turn = turn_ref (turn);
  speaking->sentence = sentence;
  debrief_voice_client_speak_async (self->client, self->options->tts_model, self->options->voice, text,
                                    self->options->tts_format, self->options->speed, sentence->path,
                                    speech_data_cb, speaking, turn->cancellable, spoken_cb, speaking);
}

static Sentence *
find_sentence (DebriefCoach *self,
               guint         voice_id)
{
  Turn *turn = self->current;

  for (guint i = 0; turn != NULL && i < turn->sentences->len; i++)
    {
      Sentence *sentence = g_ptr_array_index (turn->sentences, i);

      if (sentence->voice_id == voice_id)
        return sentence;
    }

  return NULL;
}

static void
sentence_started_cb (DebriefCoach *self,
                     guint         voice_id,
                     gint64        heard_us)
{
  Sentence *sentence = find_sentence (self, voice_id);

  if (sentence == NULL)
    return;

  sentence->heard = TRUE;
  if (self->current->first_audio_us == 0)
    self->current->first_audio_us = heard_us;
}

static void
sentence_finished_cb (DebriefCoach *self,
                      guint         voice_id,
                      gint64        ms)
{
  Sentence *sentence = find_sentence (self, voice_id);

  if (sentence == NULL)
    return;

  sentence->ms = ms;
  sentence->finished = TRUE;
  maybe_finish (self->current);
}

/* The end of a sentence: . ! ? … and their CJK forms, followed by a space
 * or the end, after a few characters (not "Dr." alone). */
static const char *
sentence_end (const char *text)
{
  const char *p = text;
  glong chars = 0;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      chars++;
      if ((c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
           c == '\n') && chars > 3 && (*next == ' ' || *next == '\n' || c > 0x2000))
        return next;
      p = next;
    }

  return NULL;
}

static void
speak_complete_sentences (Turn     *turn,
                          gboolean  all)
{
  const char *end;

  while (turn->spoken_up_to < turn->reply->len)
    {
      const char *start = turn->reply->str + turn->spoken_up_to;
      g_autofree char *text = NULL;

      end = sentence_end (start);
      if (end == NULL && !all)
        return;
      if (end == NULL)
        end = turn->reply->str + turn->reply->len;

      text = g_strstrip (g_strndup (start, end - start));
      turn->spoken_up_to = end - turn->reply->str;
      if (*text != '\0')
        speak (turn, text);
    }
}

static void
delta_cb (const char *delta,
          gpointer    user_data)
{
  Turn *turn = user_data;

  if (turn->over)
    return;

  if (turn->first_token_us == 0)
    turn->first_token_us = g_get_monotonic_time ();
  g_string_append (turn->reply, delta);
  g_signal_emit (turn->coach, signals[REPLY_DELTA], 0, turn->chunk->id, delta);
  speak_complete_sentences (turn, FALSE);
}

static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Turn) turn = user_data;
  DebriefCoach *self = turn->coach;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = debrief_voice_client_chat_finish (DEBRIEF_VOICE_CLIENT (object), result, &error);

  if (turn->over)
    return;

  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Nothing of the reply yet: ask again once the backend can be reached. */
      report_error (self, error, "chat");
      if (retryable (error) && turn->reply->len == 0)
        {
          turn->first_token_us = 0;
          if (schedule_retry (self, turn))
            return;
        }

      /* Cut off while speaking: what was said stands, the unfinished
       * sentence is kept in the text but not spoken. */
      speak_complete_sentences (turn, FALSE);
    }
  else
    {
      set_reconnecting (self, FALSE);
      speak_complete_sentences (turn, TRUE);
    }

  turn->chat_done = TRUE;
  maybe_finish (turn);
}

static void
ask_chat (Turn *turn)
{
  DebriefCoach *self = turn->coach;
  g_autoptr(JsonArray) messages = build_messages (self, turn);

  debrief_voice_client_chat_async (self->client, self->options->chat_model, messages, FALSE, delta_cb, turn,
                                   turn->cancellable, answered_cb, turn_ref (turn));
}

static void
transcribed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Turn) turn = user_data;
  DebriefCoach *self = turn->coach;
  g_autoptr(GError) error = NULL;
  g_autoptr(DebriefTranscription) transcription = NULL;
  g_autofree char *text = NULL;

  transcription = debrief_voice_client_transcribe_finish (DEBRIEF_VOICE_CLIENT (object), result, &error);
  if (turn->over)
    return;

  if (transcription == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      report_error (self, error, "transcription");
      if (retryable (error) && schedule_retry (self, turn))
        return;

      /* The backend refuses (a wrong key): this turn is lost, the call goes on. */
      finish_turn (turn);
      return;
    }

  set_reconnecting (self, FALSE);
  turn->transcript_us = g_get_monotonic_time ();
  turn->transcribed = TRUE;
  text = g_strstrip (g_strdup (transcription->text != NULL ? transcription->text : ""));

  /* Noise, a cough: nothing to answer. */
  if (*text == '\0')
    {
      finish_turn (turn);
      return;
    }

  turn->chunk->user_transcript = g_steal_pointer (&text);
  g_signal_emit (self, signals[USER_SAID], 0, turn->chunk->id, turn->chunk->user_transcript);

  /* The user spoke on meanwhile: these words are kept, and answered with
   * what follows them. */
  if (turn->superseded || !g_queue_is_empty (&self->waiting))
    {
      turn->chat_done = TRUE;
      finish_turn (turn);
      return;
    }

  ask_chat (turn);
}

static void
transcribe (Turn *turn)
{
  DebriefCoach *self = turn->coach;
  g_autoptr(GBytes) wav = debrief_speech_wav_new (turn->audio);

  debrief_voice_client_transcribe_async (self->client, wav, self->options->stt_model, self->options->language,
                                         turn->cancellable, transcribed_cb, turn_ref (turn));
}

static void
start_turn (DebriefCoach *self)
{
  self->current = g_queue_pop_head (&self->waiting);
  if (self->current == NULL)
    return;

  self->turns++;
  transcribe (self->current);
}

static void
next_turn (DebriefCoach *self)
{
  if (self->current == NULL && !self->stopped)
    start_turn (self);
  set_busy_changed (self);
}

/* The user interrupts: the coach stops within a frame, the reply is kept
 * as heard, the new words are answered next. */
static void
interrupt (DebriefCoach *self,
           gint64        detected_us)
{
  Turn *turn = self->current;
  g_autoptr(JsonObject) payload = json_object_new ();
  gint64 stopped_us;

  if (turn == NULL || !turn->transcribed || turn->over)
    return;

  debrief_coach_voice_stop (self->voice);
  stopped_us = g_get_monotonic_time ();
  turn->interrupted = TRUE;

  json_object_set_string_member (payload, "chunk_id", turn->chunk->id);
  json_object_set_int_member (payload, "reply_characters", g_utf8_strlen (turn->reply->str, -1));
  json_object_set_int_member (payload, "stop_ms", (stopped_us - detected_us) / 1000);
  add_event (self, "user_interrupted", payload);
  g_signal_emit (self, signals[INTERRUPTED], 0, turn->chunk->id);

  finish_turn (turn);
}

/* From the recorder: the user's audio, into the speech detector */

typedef struct
{
  DebriefSpeechEvent  event;
  GBytes             *audio;
  gint64              start_ms;
  gint64              end_ms;
  gint64              at_us;
  gboolean            input_ended;
} Found;

static void
found_free (Found *found)
{
  g_clear_pointer (&found->audio, g_bytes_unref);
  g_free (found);
}

static void
handle_found (DebriefCoach *self,
              Found        *found)
{
  if (self->stopped)
    return;

  if (found->input_ended)
    {
      self->input_ended = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_ENDED]);
      return;
    }

  if (found->event == DEBRIEF_SPEECH_STARTED)
    {
      if (self->current != NULL && !self->current->transcribed)
        self->current->superseded = TRUE;
      else if (debrief_coach_voice_get_speaking (self->voice) || self->current != NULL)
        interrupt (self, found->at_us);
      return;
    }

  g_queue_push_tail (&self->waiting, turn_new (self, found->audio, found->start_ms, found->end_ms, found->at_us));
  next_turn (self);
}

static gboolean
events_cb (gpointer user_data)
{
  DebriefCoach *self = user_data;
  GQueue events = G_QUEUE_INIT;
  Found *found;

  g_mutex_lock (&self->lock);
  events = self->events;
  g_queue_init (&self->events);
  self->events_scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  while ((found = g_queue_pop_head (&events)) != NULL)
    {
      handle_found (self, found);
      found_free (found);
    }

  return G_SOURCE_REMOVE;
}

/* Under the lock */
static void
post (DebriefCoach *self,
      Found        *found)
{
  g_autoptr(GSource) source = NULL;

  found->at_us = g_get_monotonic_time ();
  g_queue_push_tail (&self->events, found);
  if (self->events_scheduled)
    return;

  self->events_scheduled = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, events_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
}

static void
post_event (DebriefCoach       *self,
            DebriefSpeechEvent  event)
{
  Found *found = g_new0 (Found, 1);

  found->event = event;
  if (event == DEBRIEF_SPEECH_ENDED)
    found->audio = debrief_speech_detector_take (self->detector, &found->start_ms, &found->end_ms);
  post (self, found);
}

/* From the recorder's streaming thread */
static void
user_audio_cb (const gint16 *samples,
               gsize         n_samples,
               gint64        stream_ms,
               gpointer      user_data)
{
  /* Weak: the recording belongs to the session, which the coach holds. */
  g_autoptr(DebriefCoach) self = g_weak_ref_get (user_data);

  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);

  if (n_samples == 0)
    {
      Found *ended = g_new0 (Found, 1);

      if (debrief_speech_detector_finish (self->detector) == DEBRIEF_SPEECH_ENDED)
        post_event (self, DEBRIEF_SPEECH_ENDED);
      ended->input_ended = TRUE;
      post (self, ended);
    }

  while (n_samples > 0)
    {
      gsize consumed = 0;
      DebriefSpeechEvent event = debrief_speech_detector_feed (self->detector, samples, n_samples, &consumed);

      if (event != DEBRIEF_SPEECH_NOTHING)
        post_event (self, event);
      samples += consumed;
      n_samples -= consumed;
    }

  g_mutex_unlock (&self->lock);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
prepare_recorder_cb (DebriefCoach    *self,
                     DebriefRecorder *recorder)
{
  g_autofree char *source = debrief_coach_voice_dup_recording_source (self->voice);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  debrief_recorder_set_remote_source (recorder, source);
  debrief_recorder_set_echo_probe (recorder, debrief_coach_voice_get_echo_probe (self->voice));
  debrief_recorder_set_user_audio_func (recorder, user_audio_cb, ref, weak_ref_free);
}

static void
session_state_cb (DebriefCoach *self)
{
  DebriefCallState state = debrief_call_session_get_state (self->session);

  if (state == DEBRIEF_CALL_STATE_ENDING || state == DEBRIEF_CALL_STATE_ENDED || state == DEBRIEF_CALL_STATE_ERROR)
    {
      debrief_coach_stop (self);
    }
  else if (state == DEBRIEF_CALL_STATE_PAUSED)
    {
      Turn *turn;

      /* On hold: the coach falls silent, the reply kept as heard, and
       * nothing said before the pause is answered after it. */
      debrief_coach_voice_stop (self->voice);
      if (self->current != NULL)
        {
          self->current->interrupted = TRUE;
          finish_turn (self->current);
        }
      while ((turn = g_queue_pop_head (&self->waiting)) != NULL)
        turn_unref (turn);
      g_mutex_lock (&self->lock);
      debrief_speech_detector_free (self->detector);
      self->detector = debrief_speech_detector_new (self->options->end_silence_ms);
      g_mutex_unlock (&self->lock);
      set_busy_changed (self);
    }
}

/* The speakers failed: said, and the coach stops rather than queue audio
 * nobody hears. */
static void
voice_failed_cb (DebriefCoach *self,
                 const GError *error)
{
  report_error (self, error, "playback");
  debrief_coach_voice_stop (self->voice);
}

/* While the coach speaks, its own voice from the speakers must not pass
 * for the user: the detector asks for more before it hears someone. */
static void
voice_speaking_cb (DebriefCoach *self)
{
  g_mutex_lock (&self->lock);
  debrief_speech_detector_set_guarded (self->detector, debrief_coach_voice_get_speaking (self->voice));
  g_mutex_unlock (&self->lock);
  set_busy_changed (self);
}

/**
 * debrief_coach_new:
 * @session: a coaching call, not started yet
 * @client: the voice backend
 * @store: the store, for analytics events
 * @options: how the coach listens and speaks
 *
 * Returns: (transfer full): a coach for the call; call
 *   debrief_coach_prepare() before starting the session
 */
DebriefCoach *
debrief_coach_new (DebriefCallSession        *session,
                   DebriefVoiceClient        *client,
                   DebriefStore              *store,
                   const DebriefCoachOptions *options)
{
  DebriefCoach *self;

  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (session), NULL);
  g_return_val_if_fail (DEBRIEF_IS_VOICE_CLIENT (client), NULL);
  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (DEBRIEF_TYPE_COACH, NULL);
  self->session = g_object_ref (session);
  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  self->options = options_copy (options);
  self->ext = g_strdup (g_str_equal (self->options->tts_format, "mp3") ? "mp3" : "ogg");
  self->detector = debrief_speech_detector_new (self->options->end_silence_ms);

  return self;
}

/**
 * debrief_coach_prepare:
 * @self: a #DebriefCoach
 * @error: return location for a #GError
 *
 * Opens the coach's voice and hooks the coach into the call's recording.
 *
 * Returns: %TRUE when the audio output is ready
 */
gboolean
debrief_coach_prepare (DebriefCoach  *self,
                       GError       **error)
{
  g_return_val_if_fail (DEBRIEF_IS_COACH (self), FALSE);
  g_return_val_if_fail (self->voice == NULL, FALSE);

  self->voice = debrief_coach_voice_new ();
  if (!debrief_coach_voice_start (self->voice, error))
    {
      g_clear_object (&self->voice);
      return FALSE;
    }

  g_signal_connect_object (self->voice, "sentence-started", G_CALLBACK (sentence_started_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->voice, "sentence-finished", G_CALLBACK (sentence_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->voice, "notify::speaking", G_CALLBACK (voice_speaking_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->voice, "failed", G_CALLBACK (voice_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "prepare-recorder", G_CALLBACK (prepare_recorder_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->network, "network-changed", G_CALLBACK (network_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return TRUE;
}

/**
 * debrief_coach_stop:
 * @self: a #DebriefCoach
 *
 * The call ends: the coach stops speaking, a reply being spoken is kept
 * as heard, what is still waiting is dropped.
 */
void
debrief_coach_stop (DebriefCoach *self)
{
  Turn *turn;

  g_return_if_fail (DEBRIEF_IS_COACH (self));

  if (self->stopped)
    return;

  self->stopped = TRUE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->voice != NULL)
    debrief_coach_voice_stop (self->voice);

  if (self->current != NULL)
    {
      self->current->interrupted = TRUE;
      finish_turn (self->current);
    }
  while ((turn = g_queue_pop_head (&self->waiting)) != NULL)
    turn_unref (turn);

  if (self->voice != NULL)
    debrief_coach_voice_shutdown (self->voice);
  set_reconnecting (self, FALSE);
  set_busy_changed (self);
}

static void
debrief_coach_dispose (GObject *object)
{
  DebriefCoach *self = (DebriefCoach *) object;

  if (self->session != NULL)
    debrief_coach_stop (self);
  g_clear_object (&self->voice);

  G_OBJECT_CLASS (debrief_coach_parent_class)->dispose (object);
}

static void
debrief_coach_finalize (GObject *object)
{
  DebriefCoach *self = (DebriefCoach *) object;

  g_queue_clear_full (&self->events, (GDestroyNotify) found_free);
  g_clear_pointer (&self->detector, debrief_speech_detector_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->latencies, json_array_unref);
  g_clear_pointer (&self->options, debrief_coach_options_free);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->network);
  g_free (self->ext);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (debrief_coach_parent_class)->finalize (object);
}

static void
debrief_coach_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DebriefCoach *self = DEBRIEF_COACH (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, debrief_coach_get_busy (self));
      break;

    case PROP_RECONNECTING:
      g_value_set_boolean (value, self->reconnecting);
      break;

    case PROP_INPUT_ENDED:
      g_value_set_boolean (value, self->input_ended);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_coach_class_init (DebriefCoachClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_coach_dispose;
  object_class->finalize = debrief_coach_finalize;
  object_class->get_property = debrief_coach_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The backend cannot be reached; requests are being tried again */
  properties[PROP_RECONNECTING] =
    g_param_spec_boolean ("reconnecting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_ENDED] =
    g_param_spec_boolean ("input-ended", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefCoach::user-said:
   * @self: the coach
   * @chunk_id: the turn
   * @text: what the user said, transcribed
   */
  signals[USER_SAID] =
    g_signal_new ("user-said", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * DebriefCoach::reply-delta:
   * @self: the coach
   * @chunk_id: the turn
   * @delta: the next piece of the coach's reply
   */
  signals[REPLY_DELTA] =
    g_signal_new ("reply-delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /* The user spoke over the coach, who stopped; the turn's reply is kept as heard. */
  signals[INTERRUPTED] =
    g_signal_new ("interrupted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* A turn is stored: its chunk as saved */
  signals[TURN_FINISHED] =
    g_signal_new ("turn-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DEBRIEF_TYPE_CHUNK | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* A request failed; the call goes on */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
debrief_coach_init (DebriefCoach *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->events);
  g_queue_init (&self->waiting);
  self->context = g_main_context_ref_thread_default ();
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_chunk_free);
  self->latencies = json_array_new ();
  self->network = g_object_ref (g_network_monitor_get_default ());
}
