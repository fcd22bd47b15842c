/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-waveform.c: a recording's waveform that shows how far it has played and seeks where clicked */

#define G_LOG_DOMAIN "debrief-waveform"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-duration.h"
#include "debrief-waveform.h"

#define BAR_WIDTH 2
#define BAR_STEP  3

struct _DebriefWaveform
{
  GtkWidget  parent_instance;

  GBytes    *peaks;      /* one byte of loudness per 10 ms */
  gint64     duration_ms;
  gint64     position_ms;
  double     drag_start_x;
  gboolean   dragging;
};

G_DEFINE_FINAL_TYPE (DebriefWaveform, debrief_waveform, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DURATION,
  PROP_POSITION,
  N_PROPS
};

enum {
  SEEK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
debrief_waveform_new (void)
{
  return g_object_new (DEBRIEF_TYPE_WAVEFORM, NULL);
}

static void
update_accessible_value (DebriefWaveform *self)
{
  g_autofree char *position = debrief_duration_format_clock (self->position_ms);
  g_autofree char *duration = debrief_duration_format_clock (self->duration_ms);
  /* TRANSLATORS: a place in a recording, e.g. "1:05 of 12:30" */
  g_autofree char *text = g_strdup_printf (_("%s of %s"), position, duration);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->duration_ms / 1000.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->position_ms / 1000.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/**
 * debrief_waveform_set_peaks:
 * @self: a #DebriefWaveform
 * @peaks: (nullable): the recording's peaks (see debrief_peaks_get())
 */
void
debrief_waveform_set_peaks (DebriefWaveform *self,
                            GBytes          *peaks)
{
  g_return_if_fail (DEBRIEF_IS_WAVEFORM (self));

  if (self->peaks == peaks)
    return;

  g_clear_pointer (&self->peaks, g_bytes_unref);
  if (peaks != NULL)
    self->peaks = g_bytes_ref (peaks);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
debrief_waveform_set_duration (DebriefWaveform *self,
                               gint64           duration_ms)
{
  g_return_if_fail (DEBRIEF_IS_WAVEFORM (self));

  duration_ms = MAX (duration_ms, 0);
  if (self->duration_ms == duration_ms)
    return;

  self->duration_ms = duration_ms;
  update_accessible_value (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

gint64
debrief_waveform_get_duration (DebriefWaveform *self)
{
  g_return_val_if_fail (DEBRIEF_IS_WAVEFORM (self), 0);

  return self->duration_ms;
}

/**
 * debrief_waveform_set_position:
 * @self: a #DebriefWaveform
 * @position_ms: how far the recording has played
 *
 * Ignored while the person drags the position.
 */
void
debrief_waveform_set_position (DebriefWaveform *self,
                               gint64           position_ms)
{
  g_return_if_fail (DEBRIEF_IS_WAVEFORM (self));

  position_ms = CLAMP (position_ms, 0, MAX (self->duration_ms, 0));
  if (self->dragging || self->position_ms == position_ms)
    return;

  self->position_ms = position_ms;
  update_accessible_value (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gint64
debrief_waveform_get_position (DebriefWaveform *self)
{
  g_return_val_if_fail (DEBRIEF_IS_WAVEFORM (self), 0);

  return self->position_ms;
}

static void
debrief_waveform_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  DebriefWaveform *self = DEBRIEF_WAVEFORM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n_bars = MAX (width / BAR_STEP, 1);
  gsize n_peaks = 0;
  const guint8 *peaks = self->peaks != NULL ? g_bytes_get_data (self->peaks, &n_peaks) : NULL;
  double played = self->duration_ms > 0 ? (double) self->position_ms / self->duration_ms : 0.0;
  GdkRGBA color;
  GdkRGBA dim;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  dim = color;
  dim.alpha *= 0.3;

  for (guint i = 0; i < n_bars; i++)
    {
      gsize first = (gsize) ((guint64) i * n_peaks / n_bars);
      gsize last = MAX ((gsize) ((guint64) (i + 1) * n_peaks / n_bars), first + 1);
      guint loudest = 0;
      float bar_height;

      for (gsize j = first; peaks != NULL && j < last && j < n_peaks; j++)
        loudest = MAX (loudest, peaks[j]);

      bar_height = MAX (2.0f, loudest / 255.0f * height);
      gtk_snapshot_append_color (snapshot, (i + 0.5) / n_bars < played ? &color : &dim,
                                 &GRAPHENE_RECT_INIT (i * BAR_STEP, (height - bar_height) / 2,
                                                      BAR_WIDTH, bar_height));
    }

  /* The playhead */
  if (self->duration_ms > 0)
    gtk_snapshot_append_color (snapshot, &color,
                               &GRAPHENE_RECT_INIT (MIN (played * width, width - 2.0), 0, 2, height));
}

static void
debrief_waveform_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    {
      *minimum = 48;
      *natural = 72;
    }
}

static gint64
position_at (DebriefWaveform *self,
             double           x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (width <= 0)
    return 0;

  return (gint64) (CLAMP (x / width, 0.0, 1.0) * self->duration_ms);
}

static void
show_drag_position (DebriefWaveform *self,
                    double           x)
{
  self->position_ms = position_at (self, x);
  update_accessible_value (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

/* A click seeks at once; a drag shows where it goes and seeks on release. */
static void
drag_begin_cb (DebriefWaveform *self,
               double           x,
               double           y)
{
  if (self->duration_ms <= 0)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  show_drag_position (self, x);
  self->dragging = TRUE;
  g_signal_emit (self, signals[SEEK], 0, self->position_ms);
}

static void
drag_update_cb (DebriefWaveform *self,
                double           offset_x,
                double           offset_y)
{
  if (!self->dragging)
    return;

  self->dragging = FALSE;
  show_drag_position (self, self->drag_start_x + offset_x);
  self->dragging = TRUE;
}

static void
drag_end_cb (DebriefWaveform *self,
             double           offset_x,
             double           offset_y)
{
  if (!self->dragging)
    return;

  self->dragging = FALSE;
  if (offset_x != 0)
    {
      show_drag_position (self, self->drag_start_x + offset_x);
      g_signal_emit (self, signals[SEEK], 0, self->position_ms);
    }
}

static void
debrief_waveform_finalize (GObject *object)
{
  DebriefWaveform *self = (DebriefWaveform *) object;

  g_clear_pointer (&self->peaks, g_bytes_unref);

  G_OBJECT_CLASS (debrief_waveform_parent_class)->finalize (object);
}

static void
debrief_waveform_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DebriefWaveform *self = DEBRIEF_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration_ms);
      break;

    case PROP_POSITION:
      g_value_set_int64 (value, self->position_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_waveform_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DebriefWaveform *self = DEBRIEF_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_DURATION:
      debrief_waveform_set_duration (self, g_value_get_int64 (value));
      break;

    case PROP_POSITION:
      debrief_waveform_set_position (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_waveform_class_init (DebriefWaveformClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = debrief_waveform_finalize;
  object_class->get_property = debrief_waveform_get_property;
  object_class->set_property = debrief_waveform_set_property;

  widget_class->snapshot = debrief_waveform_snapshot;
  widget_class->measure = debrief_waveform_measure;

  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DebriefWaveform::seek:
   * @self: the waveform
   * @position_ms: where the person clicked or dropped the playhead
   */
  signals[SEEK] =
    g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "waveform");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
debrief_waveform_init (DebriefWaveform *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  update_accessible_value (self);
}
