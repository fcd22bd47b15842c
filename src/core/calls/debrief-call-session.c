/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-session.c: one call from start to end: its row, recording, limits, chunks and archive */

#define G_LOG_DOMAIN "debrief-call"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "debrief-call-finish.h"
#include "debrief-call-session.h"
#include "debrief-media-format.h"
#include "debrief-paths.h"
#include "debrief-storage-config.h"

#define TICK_MS 250

struct _DebriefCallSession
{
  GObject             parent_instance;

  DebriefStore       *store;
  DebriefClock       *clock;
  DebriefCallOptions *options;

  DebriefCallState    state;
  DebriefCall        *call;
  GPtrArray          *chunks;
  DebriefRecorder    *recorder;
  char               *dir;
  int                 lock_fd;
  GError             *error;

  gint64              limit_ms;
  double              balance_minutes; /* negative: no purchased minutes */
  gint64              accumulated_us;
  gint64              active_since_us;
  gint64              last_activity_us;
  gboolean            speaking[2];
  gboolean            near_limit;
  guint               tick_id;
  gint64              last_notified_s;

  double              transcribed_seconds;
  double              spoken_seconds;
  guint               replies;

  DebriefEndReason    end_reason;
  GTask              *end_task;
};

G_DEFINE_FINAL_TYPE (DebriefCallSession, debrief_call_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ELAPSED,
  PROP_TIME_LEFT,
  PROP_COST,
  PROP_NEAR_LIMIT,
  N_PROPS
};

enum {
  CHUNK_ADDED,
  PREPARE_RECORDER,
  ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void end_now (DebriefCallSession *self,
                     DebriefEndReason    reason);

/* Options */

DebriefCallOptions *
debrief_call_options_new (void)
{
  DebriefCallOptions *options = g_new0 (DebriefCallOptions, 1);

  options->kind = DEBRIEF_CALL_KIND_RECORDED;
  options->format = DEBRIEF_AUDIO_FORMAT_OGG;
  options->channels = 2;
  options->bitrate_kbps = 64;
  options->record_remote = TRUE;
  options->max_seconds = 15 * 60;
  options->inactivity_seconds = 60;
  options->stt_per_minute = 0.01;
  options->tts_per_minute = 0.015;
  options->chat_per_chunk = 0.002;
  options->storage_backend = debrief_storage_backend_from_config (NULL);
  options->data_dir = debrief_get_data_dir ();

  return options;
}

/**
 * debrief_call_options_new_from_settings:
 * @settings: the application's settings
 *
 * Returns: (transfer full): options from the recording, call, pricing and
 *   storage preferences
 */
DebriefCallOptions *
debrief_call_options_new_from_settings (GSettings *settings)
{
  DebriefCallOptions *options = debrief_call_options_new ();
  g_autofree char *format = g_settings_get_string (settings, "recording-format");

  debrief_audio_format_from_string (format, &options->format);
  options->storage_backend = debrief_storage_backend_from_config (settings);
  options->channels = g_settings_get_uint (settings, "recording-channels");
  options->bitrate_kbps = g_settings_get_uint (settings, "recording-bitrate");
  options->device = g_settings_get_string (settings, "capture-device");
  options->record_remote = g_settings_get_boolean (settings, "record-system-audio");
  options->max_seconds = g_settings_get_uint (settings, "max-call-minutes") * 60;
  options->inactivity_seconds = g_settings_get_uint (settings, "inactivity-timeout-seconds");
  options->stt_per_minute = g_settings_get_double (settings, "price-stt-per-minute");
  options->tts_per_minute = g_settings_get_double (settings, "price-tts-per-minute");
  options->chat_per_chunk = g_settings_get_double (settings, "price-chat-per-chunk");

  return options;
}

void
debrief_call_options_free (DebriefCallOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->title);
  g_free (options->lead_id);
  g_free (options->agent_id);
  g_free (options->device);
  g_free (options->user_source);
  g_free (options->data_dir);
  g_free (options);
}

static DebriefCallOptions *
options_copy (const DebriefCallOptions *options)
{
  DebriefCallOptions *copy = g_memdup2 (options, sizeof *options);

  copy->title = g_strdup (options->title);
  copy->lead_id = g_strdup (options->lead_id);
  copy->agent_id = g_strdup (options->agent_id);
  copy->device = g_strdup (options->device);
  copy->user_source = g_strdup (options->user_source);
  copy->data_dir = g_strdup (options->data_dir);

  return copy;
}

/**
 * debrief_call_estimate_cost:
 * @options: the prices
 * @transcribed_seconds: speech sent to speech-to-text
 * @spoken_seconds: speech made by text-to-speech
 * @replies: chat replies
 *
 * Returns: the estimated cost in dollars
 */
double
debrief_call_estimate_cost (const DebriefCallOptions *options,
                            double                    transcribed_seconds,
                            double                    spoken_seconds,
                            guint                     replies)
{
  return options->stt_per_minute * transcribed_seconds / 60 +
         options->tts_per_minute * spoken_seconds / 60 +
         options->chat_per_chunk * replies;
}

/* Session */

static void
set_state (DebriefCallSession *self,
           DebriefCallState    state)
{
  if (self->state == state)
    return;

  g_debug ("Call %s: %s → %s", self->call != NULL ? self->call->id : "-",
           debrief_enum_to_nick (DEBRIEF_TYPE_CALL_STATE, self->state),
           debrief_enum_to_nick (DEBRIEF_TYPE_CALL_STATE, state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * debrief_call_session_new:
 * @store: where the call is kept
 * @clock: (nullable): the clock for timers and limits, or %NULL for real time
 * @options: how to record and what limits apply; copied
 *
 * Returns: (transfer full): an idle session
 */
DebriefCallSession *
debrief_call_session_new (DebriefStore             *store,
                          DebriefClock             *clock,
                          const DebriefCallOptions *options)
{
  DebriefCallSession *self;

  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (DEBRIEF_TYPE_CALL_SESSION, NULL);
  self->store = g_object_ref (store);
  self->clock = clock != NULL ? g_object_ref (clock) : debrief_clock_new_real ();
  self->options = options_copy (options);

  return self;
}

gint64
debrief_call_session_get_elapsed_ms (DebriefCallSession *self)
{
  gint64 us;

  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), 0);

  us = self->accumulated_us;
  if (self->state == DEBRIEF_CALL_STATE_ACTIVE)
    us += debrief_clock_get_monotonic (self->clock) - self->active_since_us;

  return us / 1000;
}

/**
 * debrief_call_session_get_limit_ms:
 * @self: a #DebriefCallSession
 *
 * Returns: how long the call may last: the maximum duration, or the
 *   purchased minutes left when fewer
 */
gint64
debrief_call_session_get_limit_ms (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), 0);

  return self->limit_ms;
}

gint64
debrief_call_session_get_time_left_ms (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), 0);

  return MAX (0, self->limit_ms - debrief_call_session_get_elapsed_ms (self));
}

double
debrief_call_session_get_cost (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), 0);

  return self->call != NULL ? self->call->cost_estimate : 0;
}

gboolean
debrief_call_session_get_near_limit (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), FALSE);

  return self->near_limit;
}

DebriefCallState
debrief_call_session_get_state (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), DEBRIEF_CALL_STATE_IDLE);

  return self->state;
}

/**
 * debrief_call_session_get_call:
 * @self: a #DebriefCallSession
 *
 * Returns: (transfer none) (nullable): the call, once started
 */
const DebriefCall *
debrief_call_session_get_call (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), NULL);

  return self->call;
}

/**
 * debrief_call_session_get_chunks:
 * @self: a #DebriefCallSession
 *
 * Returns: (transfer none) (element-type DebriefChunk): the chunks so far
 */
GPtrArray *
debrief_call_session_get_chunks (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), NULL);

  return self->chunks;
}

/**
 * debrief_call_session_get_recorder:
 * @self: a #DebriefCallSession
 *
 * Returns: (transfer none) (nullable): the recorder, for its level meter
 */
DebriefRecorder *
debrief_call_session_get_recorder (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), NULL);

  return self->recorder;
}

/**
 * debrief_call_session_get_error:
 * @self: a #DebriefCallSession
 *
 * Returns: (transfer none) (nullable): why the call ended with an error
 */
const GError *
debrief_call_session_get_error (DebriefCallSession *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), NULL);

  return self->error;
}

static gboolean
tick_cb (gpointer user_data)
{
  DebriefCallSession *self = user_data;
  gint64 now = debrief_clock_get_monotonic (self->clock);
  gint64 elapsed = debrief_call_session_get_elapsed_ms (self);

  if (self->state != DEBRIEF_CALL_STATE_ACTIVE)
    return G_SOURCE_CONTINUE;

  if (elapsed / 1000 != self->last_notified_s)
    {
      self->last_notified_s = elapsed / 1000;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_LEFT]);
    }

  if (elapsed >= self->limit_ms)
    {
      end_now (self, DEBRIEF_END_REASON_TIME_LIMIT);
      return G_SOURCE_CONTINUE;
    }

  if (!self->near_limit && self->limit_ms - elapsed <= DEBRIEF_CALL_WARNING_SECONDS * 1000)
    {
      self->near_limit = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEAR_LIMIT]);
    }

  if (!self->speaking[0] && !self->speaking[1] &&
      now - self->last_activity_us >= (gint64) self->options->inactivity_seconds * G_USEC_PER_SEC)
    end_now (self, DEBRIEF_END_REASON_INACTIVITY);

  return G_SOURCE_CONTINUE;
}

static void
voice_activity_cb (DebriefRecorder    *recorder,
                   guint               channel,
                   gboolean            speaking,
                   gint64              stream_ms,
                   DebriefCallSession *self)
{
  if (channel > 1)
    return;

  self->speaking[channel] = speaking;
  self->last_activity_us = debrief_clock_get_monotonic (self->clock);
}

static void
recorder_failed_cb (DebriefRecorder    *recorder,
                    const GError       *error,
                    DebriefCallSession *self)
{
  if (self->error == NULL)
    self->error = g_error_copy (error);

  end_now (self, DEBRIEF_END_REASON_ERROR);
}

static void
recorder_state_cb (DebriefRecorder    *recorder,
                   GParamSpec         *pspec,
                   DebriefCallSession *self)
{
  /* The source ran out (an input file ended) while the call ran. */
  if (debrief_recorder_get_state (recorder) == DEBRIEF_RECORDER_STATE_STOPPED &&
      (self->state == DEBRIEF_CALL_STATE_ACTIVE || self->state == DEBRIEF_CALL_STATE_PAUSED))
    end_now (self, DEBRIEF_END_REASON_MANUAL);
}

static gboolean
check_minutes (DebriefCallSession  *self,
               GError             **error)
{
  g_autoptr(DebriefProfile) profile = NULL;
  g_autoptr(GError) local_error = NULL;

  self->limit_ms = (gint64) self->options->max_seconds * 1000;
  self->balance_minutes = -1;

  profile = debrief_store_get_profile (self->store, debrief_store_get_user_id (self->store), &local_error);
  if (profile == NULL || profile->minutes_balance < 0)
    return TRUE;

  if (profile->minutes_balance * 60 < 1)
    {
      g_set_error_literal (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT,
                           _("No call minutes are left. Buy more minutes to start a call."));
      return FALSE;
    }

  self->balance_minutes = profile->minutes_balance;
  self->limit_ms = MIN (self->limit_ms, (gint64) (profile->minutes_balance * 60 * 1000));
  return TRUE;
}

static void
fail_start (DebriefCallSession *self)
{
  /* The row exists: end it as failed rather than leave it active. */
  self->call->status = DEBRIEF_CALL_STATUS_ERROR;
  self->call->end_reason = DEBRIEF_END_REASON_ERROR;
  self->call->ended_at = debrief_clock_get_wall (self->clock);
  if (!debrief_call_finish (self->store, self->call, self->options->data_dir, NULL))
    g_warning ("Could not end the failed call %s", self->call->id);

  debrief_call_unlock (self->lock_fd, self->dir);
  self->lock_fd = -1;
  set_state (self, DEBRIEF_CALL_STATE_ERROR);
}

/**
 * debrief_call_session_start:
 * @self: an idle #DebriefCallSession
 * @error: return location for a #GError
 *
 * Creates the call's row, active, before any audio is captured, then starts
 * recording. Fails with %DEBRIEF_STORE_ERROR_ACTIVE_CALL, naming the call,
 * when another call of the user is running.
 *
 * Returns: %TRUE when the call is running
 */
gboolean
debrief_call_session_start (DebriefCallSession  *self,
                            GError             **error)
{
  g_autoptr(DebriefCall) running = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), FALSE);
  g_return_val_if_fail (self->state == DEBRIEF_CALL_STATE_IDLE, FALSE);

  running = debrief_store_get_active_call (self->store, NULL, &local_error);
  if (running != NULL)
    {
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_ACTIVE_CALL,
                   _("“%s” is still running. Return to it, or end it before starting another call."),
                   running->title != NULL ? running->title : _("Untitled Call"));
      return FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!check_minutes (self, error))
    return FALSE;

  set_state (self, DEBRIEF_CALL_STATE_STARTING);

  self->call = debrief_call_new ();
  self->call->id = g_uuid_string_random ();
  self->call->kind = self->options->kind;
  self->call->title = g_strdup (self->options->title);
  self->call->lead_id = g_strdup (self->options->lead_id);
  self->call->ai_agent_id = g_strdup (self->options->agent_id);
  self->call->status = DEBRIEF_CALL_STATUS_ACTIVE;
  self->call->started_at = debrief_clock_get_wall (self->clock);
  self->call->recording_format = g_strdup (debrief_audio_format_get_extension (self->options->format));
  self->call->storage_backend = self->options->storage_backend;

  self->dir = debrief_call_get_dir (self->call, self->options->data_dir);
  file = g_strconcat ("recording.", self->call->recording_format, NULL);
  self->call->recording_path = g_build_filename (self->dir, file, NULL);

  /* The row first: the one-call rule holds even against another process. */
  if (!debrief_store_save_call (self->store, self->call, error))
    {
      set_state (self, DEBRIEF_CALL_STATE_ERROR);
      return FALSE;
    }

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the call's folder “%s”: %s"), self->dir, g_strerror (saved_errno));
      fail_start (self);
      return FALSE;
    }

  self->lock_fd = debrief_call_lock (self->dir, error);
  if (self->lock_fd < 0)
    {
      fail_start (self);
      return FALSE;
    }

  self->recorder = debrief_recorder_new (self->call->recording_path, self->options->format);
  debrief_recorder_set_channels (self->recorder, self->options->channels);
  debrief_recorder_set_bitrate (self->recorder, self->options->bitrate_kbps);
  debrief_recorder_set_device (self->recorder, self->options->device);
  debrief_recorder_set_user_source (self->recorder, self->options->user_source);
  debrief_recorder_set_record_remote (self->recorder, self->options->record_remote);
  debrief_recorder_set_precise_voice_detection (self->recorder, self->options->precise_voice_detection);
  /* A coach gives the recording its voice and listens to the user. */
  g_signal_emit (self, signals[PREPARE_RECORDER], 0, self->recorder);
  g_signal_connect_object (self->recorder, "voice-activity", G_CALLBACK (voice_activity_cb), self, 0);
  g_signal_connect_object (self->recorder, "failed", G_CALLBACK (recorder_failed_cb), self, 0);
  g_signal_connect_object (self->recorder, "notify::state", G_CALLBACK (recorder_state_cb), self, 0);

  if (!debrief_recorder_start (self->recorder, error))
    {
      fail_start (self);
      return FALSE;
    }

  self->active_since_us = debrief_clock_get_monotonic (self->clock);
  self->last_activity_us = self->active_since_us;
  self->tick_id = debrief_clock_add_timer (self->clock, TICK_MS, tick_cb, self);
  set_state (self, DEBRIEF_CALL_STATE_ACTIVE);

  return TRUE;
}

/**
 * debrief_call_session_pause:
 * @self: an active #DebriefCallSession
 *
 * Pauses recording and the call's clock: paused time counts toward neither
 * the limit nor inactivity.
 */
void
debrief_call_session_pause (DebriefCallSession *self)
{
  g_return_if_fail (DEBRIEF_IS_CALL_SESSION (self));

  if (self->state != DEBRIEF_CALL_STATE_ACTIVE)
    return;

  self->accumulated_us += debrief_clock_get_monotonic (self->clock) - self->active_since_us;
  debrief_recorder_pause (self->recorder);
  set_state (self, DEBRIEF_CALL_STATE_PAUSED);
}

void
debrief_call_session_resume (DebriefCallSession *self)
{
  g_return_if_fail (DEBRIEF_IS_CALL_SESSION (self));

  if (self->state != DEBRIEF_CALL_STATE_PAUSED)
    return;

  self->active_since_us = debrief_clock_get_monotonic (self->clock);
  self->last_activity_us = self->active_since_us;
  debrief_recorder_resume (self->recorder);
  set_state (self, DEBRIEF_CALL_STATE_ACTIVE);
}

static void
update_cost (DebriefCallSession *self)
{
  self->call->cost_estimate = debrief_call_estimate_cost (self->options, self->transcribed_seconds,
                                                          self->spoken_seconds, self->replies);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COST]);
}

static void
finish_ending (DebriefCallSession *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->end_task);
  g_autoptr(GError) error = NULL;
  double minutes;

  self->call->ended_at = debrief_clock_get_wall (self->clock);
  self->call->duration_seconds = self->accumulated_us / (double) G_USEC_PER_SEC;
  self->call->end_reason = self->end_reason;
  self->call->status = self->end_reason == DEBRIEF_END_REASON_ERROR ? DEBRIEF_CALL_STATUS_ERROR
                                                                    : DEBRIEF_CALL_STATUS_ENDED;

  if (!debrief_call_finish (self->store, self->call, self->options->data_dir, &error))
    g_warning ("Ending call %s: %s", self->call->id, error->message);

  /* Time bought is time used. */
  minutes = self->call->duration_seconds / 60;
  if (self->balance_minutes >= 0)
    {
      g_autoptr(DebriefProfile) profile = debrief_store_get_profile (self->store, self->call->user_id, NULL);

      if (profile != NULL && profile->minutes_balance >= 0)
        {
          profile->minutes_balance = MAX (0, profile->minutes_balance - minutes);
          debrief_store_save_profile (self->store, profile, NULL);
        }
    }

  debrief_call_unlock (self->lock_fd, self->dir);
  self->lock_fd = -1;

  set_state (self, DEBRIEF_CALL_STATE_ENDED);
  g_signal_emit (self, signals[ENDED], 0);

  if (task == NULL)
    return;

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
recorder_stopped_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DebriefCallSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!debrief_recorder_stop_finish (DEBRIEF_RECORDER (object), result, &error))
    {
      g_warning ("Stopping the recording of call %s: %s", self->call->id, error->message);
      if (self->error == NULL)
        self->error = g_steal_pointer (&error);
    }

  finish_ending (self);
}

/* Ends the call for @reason: stops the clock and the recording, then
 * finishes it. Safe to call from any state; only the first call counts. */
static void
end_now (DebriefCallSession *self,
         DebriefEndReason    reason)
{
  DebriefRecorderState recorder_state;

  if (self->state != DEBRIEF_CALL_STATE_ACTIVE && self->state != DEBRIEF_CALL_STATE_PAUSED)
    return;

  if (self->state == DEBRIEF_CALL_STATE_ACTIVE)
    self->accumulated_us += debrief_clock_get_monotonic (self->clock) - self->active_since_us;

  /* The limit is the limit, however late the tick. */
  if (reason == DEBRIEF_END_REASON_TIME_LIMIT)
    self->accumulated_us = MIN (self->accumulated_us, self->limit_ms * 1000);

  self->end_reason = reason;
  debrief_clock_remove_timer (self->clock, self->tick_id);
  self->tick_id = 0;
  set_state (self, DEBRIEF_CALL_STATE_ENDING);

  recorder_state = debrief_recorder_get_state (self->recorder);
  if (recorder_state == DEBRIEF_RECORDER_STATE_RECORDING || recorder_state == DEBRIEF_RECORDER_STATE_PAUSED)
    debrief_recorder_stop_async (self->recorder, NULL, recorder_stopped_cb, g_object_ref (self));
  else
    finish_ending (self);
}

/**
 * debrief_call_session_end_async:
 * @self: a #DebriefCallSession
 * @reason: why, usually %DEBRIEF_END_REASON_MANUAL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the call is stored as ended
 * @user_data: data for @callback
 *
 * Ends the call: the recording is completed, the row gets its end, duration
 * and cost, archive.json is written, files are queued for upload.
 */
void
debrief_call_session_end_async (DebriefCallSession  *self,
                                DebriefEndReason     reason,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_call_session_end_async);

  if (self->state == DEBRIEF_CALL_STATE_ENDED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->state != DEBRIEF_CALL_STATE_ACTIVE && self->state != DEBRIEF_CALL_STATE_PAUSED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               self->state == DEBRIEF_CALL_STATE_ENDING ? _("The call is already ending")
                                                                        : _("The call is not running"));
      return;
    }

  self->end_task = g_steal_pointer (&task);
  end_now (self, reason);
}

gboolean
debrief_call_session_end_finish (DebriefCallSession  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * debrief_call_session_add_chunk:
 * @self: a running #DebriefCallSession
 * @chunk: a turn from the turn producer (a transcriber or the AI coach);
 *   its call id and sequence number are filled in
 * @error: return location for a #GError
 *
 * Stores @chunk at once, in its own transaction, so nothing said is lost
 * if the app dies a second later, and keeps the cost estimate current.
 *
 * Returns: %TRUE when stored
 */
gboolean
debrief_call_session_add_chunk (DebriefCallSession  *self,
                                DebriefChunk        *chunk,
                                GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), FALSE);
  g_return_val_if_fail (chunk != NULL, FALSE);
  g_return_val_if_fail (self->call != NULL, FALSE);

  if (self->state == DEBRIEF_CALL_STATE_ENDED || self->state == DEBRIEF_CALL_STATE_ERROR)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The call has ended"));
      return FALSE;
    }

  g_free (chunk->call_id);
  chunk->call_id = g_strdup (self->call->id);
  if (!debrief_store_save_chunk (self->store, chunk, error))
    return FALSE;

  g_ptr_array_add (self->chunks, debrief_chunk_copy (chunk));
  self->last_activity_us = debrief_clock_get_monotonic (self->clock);

  if (chunk->user_transcript != NULL)
    self->transcribed_seconds += MAX (0, chunk->end_ms - chunk->start_ms) / 1000.0;
  if (chunk->ai_text_response != NULL)
    self->replies++;
  if (chunk->ai_audio_path != NULL || chunk->ai_audio_url != NULL)
    self->spoken_seconds += chunk->duration_seconds;
  update_cost (self);

  if (!debrief_store_save_call (self->store, self->call, error))
    return FALSE;

  g_signal_emit (self, signals[CHUNK_ADDED], 0, chunk);
  return TRUE;
}

static gboolean
save_field (DebriefCallSession  *self,
            char               **field,
            const char          *value,
            GError             **error)
{
  g_return_val_if_fail (self->call != NULL, FALSE);

  if (g_strcmp0 (*field, value) == 0)
    return TRUE;

  g_free (*field);
  *field = g_strdup (value);
  return debrief_store_save_call (self->store, self->call, error);
}

/**
 * debrief_call_session_set_notes:
 * @self: a started #DebriefCallSession
 * @notes: the notes as they stand
 * @error: return location for a #GError
 *
 * Saves the notes now, so they survive a crash.
 *
 * Returns: %TRUE when saved
 */
gboolean
debrief_call_session_set_notes (DebriefCallSession  *self,
                                const char          *notes,
                                GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), FALSE);

  return save_field (self, &self->call->call_notes, notes, error);
}

gboolean
debrief_call_session_set_title (DebriefCallSession  *self,
                                const char          *title,
                                GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), FALSE);

  return save_field (self, &self->call->title, title != NULL && *title != '\0' ? title : NULL, error);
}

gboolean
debrief_call_session_set_lead (DebriefCallSession  *self,
                               const char          *lead_id,
                               GError             **error)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_SESSION (self), FALSE);

  return save_field (self, &self->call->lead_id, lead_id, error);
}

static void
debrief_call_session_dispose (GObject *object)
{
  DebriefCallSession *self = (DebriefCallSession *) object;

  if (self->tick_id != 0)
    debrief_clock_remove_timer (self->clock, self->tick_id);
  self->tick_id = 0;
  debrief_call_unlock (self->lock_fd, self->dir);
  self->lock_fd = -1;
  g_clear_object (&self->recorder);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (debrief_call_session_parent_class)->dispose (object);
}

static void
debrief_call_session_finalize (GObject *object)
{
  DebriefCallSession *self = (DebriefCallSession *) object;

  g_clear_pointer (&self->options, debrief_call_options_free);
  g_clear_pointer (&self->call, debrief_call_free);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->dir, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (debrief_call_session_parent_class)->finalize (object);
}

static void
debrief_call_session_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DebriefCallSession *self = DEBRIEF_CALL_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ELAPSED:
      g_value_set_int64 (value, debrief_call_session_get_elapsed_ms (self));
      break;

    case PROP_TIME_LEFT:
      g_value_set_int64 (value, debrief_call_session_get_time_left_ms (self));
      break;

    case PROP_COST:
      g_value_set_double (value, debrief_call_session_get_cost (self));
      break;

    case PROP_NEAR_LIMIT:
      g_value_set_boolean (value, self->near_limit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_call_session_class_init (DebriefCallSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_call_session_dispose;
  object_class->finalize = debrief_call_session_finalize;
  object_class->get_property = debrief_call_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DEBRIEF_TYPE_CALL_STATE, DEBRIEF_CALL_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Notified once a second while the call runs. */
  properties[PROP_ELAPSED] =
    g_param_spec_int64 ("elapsed", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_LEFT] =
    g_param_spec_int64 ("time-left", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COST] =
    g_param_spec_double ("cost", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE from one minute before the limit. */
  properties[PROP_NEAR_LIMIT] =
    g_param_spec_boolean ("near-limit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefCallSession::chunk-added:
   * @chunk: the stored chunk
   */
  /**
   * DebriefCallSession::prepare-recorder:
   * @self: the session
   * @recorder: the call's recorder, configured but not started
   */
  signals[PREPARE_RECORDER] =
    g_signal_new ("prepare-recorder", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DEBRIEF_TYPE_RECORDER);

  signals[CHUNK_ADDED] =
    g_signal_new ("chunk-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  DEBRIEF_TYPE_CHUNK | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * DebriefCallSession::ended:
   *
   * The call is stored as ended, with its archive.
   */
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
debrief_call_session_init (DebriefCallSession *self)
{
  self->lock_fd = -1;
  self->limit_ms = G_MAXINT64 / 2;
  self->balance_minutes = -1;
  self->last_notified_s = -1;
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) debrief_chunk_free);
}
