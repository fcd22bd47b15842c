/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-player.c: playing a recording: play, pause, seek, speed with pitch kept */

#define G_LOG_DOMAIN "debrief-player"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "debrief-media-format.h"
#include "debrief-player.h"

#define POSITION_INTERVAL_MS 100
#define MIN_RATE             0.5
#define MAX_RATE             2.0

struct _DebriefPlayer
{
  GObject     parent_instance;

  GstElement *playbin;
  guint       bus_watch;
  guint       position_timer;
  char       *path;
  gboolean    playing;
  double      rate;
  gint64      position_ms;
  gint64      duration_ms;
  gint64      pending_seek_ms;
  gboolean    prerolled;
};

G_DEFINE_FINAL_TYPE (DebriefPlayer, debrief_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_PLAYING,
  PROP_POSITION,
  PROP_DURATION,
  PROP_RATE,
  N_PROPS
};

enum {
  END_OF_STREAM,
  PLAYBACK_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

DebriefPlayer *
debrief_player_new (void)
{
  return g_object_new (DEBRIEF_TYPE_PLAYER, NULL);
}

static void
set_playing (DebriefPlayer *self,
             gboolean       playing)
{
  if (self->playing == playing)
    return;

  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
update_position (DebriefPlayer *self)
{
  gint64 position, duration;

  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &position) &&
      position / GST_MSECOND != self->position_ms)
    {
      self->position_ms = position / GST_MSECOND;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }

  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration) &&
      duration / GST_MSECOND != self->duration_ms)
    {
      self->duration_ms = duration / GST_MSECOND;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
}

static gboolean
position_cb (gpointer user_data)
{
  DebriefPlayer *self = user_data;

  if (self->playing)
    update_position (self);

  return G_SOURCE_CONTINUE;
}

/* A seek carries the rate; scaletempo keeps the pitch at any rate. */
static void
do_seek (DebriefPlayer *self,
         gint64         position_ms)
{
  gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME,
                    GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                    GST_SEEK_TYPE_SET, position_ms * GST_MSECOND,
                    GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
  self->position_ms = position_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  DebriefPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
      set_playing (self, FALSE);
      update_position (self);
      g_signal_emit (self, signals[END_OF_STREAM], 0);
      break;

    case GST_MESSAGE_ERROR:
    {
      g_autoptr(GError) error = NULL;

      debrief_media_error_from_message (message, self->path, &error);
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      self->prerolled = FALSE;
      set_playing (self, FALSE);
      g_signal_emit (self, signals[PLAYBACK_ERROR], 0, error);
    }
    break;

    case GST_MESSAGE_ASYNC_DONE:
      if (!self->prerolled)
        {
          self->prerolled = TRUE;
          if (self->pending_seek_ms >= 0 || self->rate != 1.0)
            do_seek (self, MAX (self->pending_seek_ms, 0));
          self->pending_seek_ms = -1;
        }
      update_position (self);
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/**
 * debrief_player_open:
 * @self: a #DebriefPlayer
 * @path: an audio file
 * @error: return location for a #GError
 *
 * Loads @path, paused at its start. Errors while playing are reported by
 * #DebriefPlayer::error.
 *
 * Returns: %TRUE when the file exists and playback could be prepared
 */
gboolean
debrief_player_open (DebriefPlayer  *self,
                     const char     *path,
                     GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (DEBRIEF_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND,
                   _("“%s” does not exist or is not a file"), path);
      return FALSE;
    }

  gst_element_set_state (self->playbin, GST_STATE_NULL);
  set_playing (self, FALSE);
  self->prerolled = FALSE;
  self->pending_seek_ms = -1;
  self->position_ms = 0;
  self->duration_ms = 0;

  g_free (self->path);
  self->path = g_strdup (path);
  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  g_object_set (self->playbin, "uri", uri, NULL);

  if (gst_element_set_state (self->playbin, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_DEVICE,
                   _("Could not play “%s”: the audio output is not available"), path);
      return FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  return TRUE;
}

/**
 * debrief_player_close:
 * @self: a #DebriefPlayer
 *
 * Stops and lets go of the file open, so nothing plays until another one is
 * opened.
 */
void
debrief_player_close (DebriefPlayer *self)
{
  g_return_if_fail (DEBRIEF_IS_PLAYER (self));

  gst_element_set_state (self->playbin, GST_STATE_NULL);
  set_playing (self, FALSE);
  self->prerolled = FALSE;
  self->pending_seek_ms = -1;
  self->position_ms = 0;
  self->duration_ms = 0;
  if (self->path == NULL)
    return;

  g_clear_pointer (&self->path, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

const char *
debrief_player_get_path (DebriefPlayer *self)
{
  g_return_val_if_fail (DEBRIEF_IS_PLAYER (self), NULL);

  return self->path;
}

void
debrief_player_play (DebriefPlayer *self)
{
  g_return_if_fail (DEBRIEF_IS_PLAYER (self));

  if (self->path == NULL)
    return;

  /* At the end, playing again starts over. */
  if (self->duration_ms > 0 && self->position_ms >= self->duration_ms - 50)
    debrief_player_seek (self, 0);

  gst_element_set_state (self->playbin, GST_STATE_PLAYING);
  set_playing (self, TRUE);
}

void
debrief_player_pause (DebriefPlayer *self)
{
  g_return_if_fail (DEBRIEF_IS_PLAYER (self));

  if (self->path == NULL)
    return;

  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  set_playing (self, FALSE);
  update_position (self);
}

gboolean
debrief_player_get_playing (DebriefPlayer *self)
{
  g_return_val_if_fail (DEBRIEF_IS_PLAYER (self), FALSE);

  return self->playing;
}

/**
 * debrief_player_seek:
 * @self: a #DebriefPlayer
 * @position_ms: where to go, clamped to the recording
 */
void
debrief_player_seek (DebriefPlayer *self,
                     gint64         position_ms)
{
  g_return_if_fail (DEBRIEF_IS_PLAYER (self));

  position_ms = MAX (position_ms, 0);
  if (self->duration_ms > 0)
    position_ms = MIN (position_ms, self->duration_ms);

  if (!self->prerolled)
    {
      self->pending_seek_ms = position_ms;
      return;
    }

  do_seek (self, position_ms);
}

gint64
debrief_player_get_position_ms (DebriefPlayer *self)
{
  g_return_val_if_fail (DEBRIEF_IS_PLAYER (self), 0);

  if (self->prerolled)
    update_position (self);

  return self->position_ms;
}

gint64
debrief_player_get_duration_ms (DebriefPlayer *self)
{
  g_return_val_if_fail (DEBRIEF_IS_PLAYER (self), 0);

  return self->duration_ms;
}

/**
 * debrief_player_set_rate:
 * @self: a #DebriefPlayer
 * @rate: the speed, from 0.5 to 2.0; voices keep their pitch
 */
void
debrief_player_set_rate (DebriefPlayer *self,
                         double         rate)
{
  g_return_if_fail (DEBRIEF_IS_PLAYER (self));

  rate = CLAMP (rate, MIN_RATE, MAX_RATE);
  if (G_APPROX_VALUE (self->rate, rate, 0.001))
    return;

  self->rate = rate;
  if (self->prerolled)
    {
      update_position (self);
      do_seek (self, self->position_ms);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

double
debrief_player_get_rate (DebriefPlayer *self)
{
  g_return_val_if_fail (DEBRIEF_IS_PLAYER (self), 1.0);

  return self->rate;
}

static void
debrief_player_dispose (GObject *object)
{
  DebriefPlayer *self = (DebriefPlayer *) object;

  g_clear_handle_id (&self->position_timer, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  gst_clear_object (&self->playbin);

  G_OBJECT_CLASS (debrief_player_parent_class)->dispose (object);
}

static void
debrief_player_finalize (GObject *object)
{
  DebriefPlayer *self = (DebriefPlayer *) object;

  g_free (self->path);

  G_OBJECT_CLASS (debrief_player_parent_class)->finalize (object);
}

static void
debrief_player_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DebriefPlayer *self = DEBRIEF_PLAYER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;

    case PROP_POSITION:
      g_value_set_int64 (value, self->position_ms);
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, self->duration_ms);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_player_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DebriefPlayer *self = DEBRIEF_PLAYER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      debrief_player_set_rate (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_player_class_init (DebriefPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_player_dispose;
  object_class->finalize = debrief_player_finalize;
  object_class->get_property = debrief_player_get_property;
  object_class->set_property = debrief_player_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, MIN_RATE, MAX_RATE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[END_OF_STREAM] =
    g_signal_new ("end-of-stream", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  signals[PLAYBACK_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
debrief_player_init (DebriefPlayer *self)
{
  g_autoptr(GstBus) bus = NULL;
  const char *sink = g_getenv ("DEBRIEF_AUDIO_SINK");

  self->rate = 1.0;
  self->pending_seek_ms = -1;

  if (!debrief_media_init (NULL))
    g_error ("GStreamer could not be initialized");

  self->playbin = gst_element_factory_make ("playbin", "player");
  g_assert (self->playbin != NULL);
  gst_object_ref_sink (self->playbin);

  /* Audio only; keep the pitch at any speed. */
  g_object_set (self->playbin, "flags", 0x2 /* audio */, NULL);
  {
    GstElement *tempo = gst_element_factory_make ("scaletempo", NULL);

    if (tempo != NULL)
      g_object_set (self->playbin, "audio-filter", tempo, NULL);
  }

  if (sink != NULL && *sink != '\0')
    {
      g_autoptr(GError) error = NULL;
      GstElement *bin = gst_parse_bin_from_description (sink, TRUE, &error);

      if (bin != NULL)
        g_object_set (self->playbin, "audio-sink", bin, NULL);
      else
        g_warning ("DEBRIEF_AUDIO_SINK is not a valid sink: %s", error->message);
    }

  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  self->position_timer = g_timeout_add (POSITION_INTERVAL_MS, position_cb, self);
}
