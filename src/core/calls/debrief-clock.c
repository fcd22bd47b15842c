/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-clock.c: time and timers for call sessions, real or advanced by hand in tests */

#define G_LOG_DOMAIN "debrief-clock"

#include "config.h"

#include "debrief-clock.h"

/* A manual clock's repeating timer. */
typedef struct
{
  guint        id;
  guint        interval_ms;
  gint64       due_us;
  GSourceFunc  callback;
  gpointer     data;
} Timer;

struct _DebriefClock
{
  GObject  parent_instance;

  gboolean manual;
  gint64   now_us;        /* manual: monotonic time */
  gint64   wall_start_us; /* manual: wall time at now_us == 0 */
  GList   *timers;        /* manual: Timer */
  guint    next_id;
};

G_DEFINE_FINAL_TYPE (DebriefClock, debrief_clock, G_TYPE_OBJECT)

/**
 * debrief_clock_new_real:
 *
 * Returns: (transfer full): a clock on the system's monotonic and wall time,
 *   with timers in the thread-default main context
 */
DebriefClock *
debrief_clock_new_real (void)
{
  return g_object_new (DEBRIEF_TYPE_CLOCK, NULL);
}

/**
 * debrief_clock_new_manual:
 * @wall_start_us: the wall time it starts at, in µs since the epoch
 *
 * Returns: (transfer full): a clock that moves only with debrief_clock_advance()
 */
DebriefClock *
debrief_clock_new_manual (gint64 wall_start_us)
{
  DebriefClock *self = g_object_new (DEBRIEF_TYPE_CLOCK, NULL);

  self->manual = TRUE;
  self->wall_start_us = wall_start_us;
  return self;
}

gint64
debrief_clock_get_monotonic (DebriefClock *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CLOCK (self), 0);

  return self->manual ? self->now_us : g_get_monotonic_time ();
}

gint64
debrief_clock_get_wall (DebriefClock *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CLOCK (self), 0);

  return self->manual ? self->wall_start_us + self->now_us : g_get_real_time ();
}

/**
 * debrief_clock_add_timer:
 * @self: a #DebriefClock
 * @interval_ms: the period
 * @callback: called every @interval_ms until it returns %G_SOURCE_REMOVE
 * @data: data for @callback
 *
 * Returns: an id for debrief_clock_remove_timer()
 */
guint
debrief_clock_add_timer (DebriefClock *self,
                         guint         interval_ms,
                         GSourceFunc   callback,
                         gpointer      data)
{
  Timer *timer;

  g_return_val_if_fail (DEBRIEF_IS_CLOCK (self), 0);
  g_return_val_if_fail (interval_ms > 0 && callback != NULL, 0);

  if (!self->manual)
    return g_timeout_add (interval_ms, callback, data);

  timer = g_new0 (Timer, 1);
  timer->id = ++self->next_id;
  timer->interval_ms = interval_ms;
  timer->due_us = self->now_us + (gint64) interval_ms * 1000;
  timer->callback = callback;
  timer->data = data;
  self->timers = g_list_append (self->timers, timer);

  return timer->id;
}

void
debrief_clock_remove_timer (DebriefClock *self,
                            guint         id)
{
  g_return_if_fail (DEBRIEF_IS_CLOCK (self));

  if (id == 0)
    return;

  if (!self->manual)
    {
      g_source_remove (id);
      return;
    }

  for (GList *l = self->timers; l != NULL; l = l->next)
    {
      Timer *timer = l->data;

      if (timer->id == id)
        {
          /* Disarmed, freed after the current advance has let go of it. */
          timer->callback = NULL;
          return;
        }
    }
}

static void
prune (DebriefClock *self)
{
  GList *l = self->timers;

  while (l != NULL)
    {
      GList *next = l->next;
      Timer *timer = l->data;

      if (timer->callback == NULL)
        {
          g_free (timer);
          self->timers = g_list_delete_link (self->timers, l);
        }
      l = next;
    }
}

/**
 * debrief_clock_advance:
 * @self: a manual #DebriefClock
 * @ms: how far to move
 *
 * Moves time forward, firing every timer that falls due on the way, in
 * order, at the time it is due.
 */
void
debrief_clock_advance (DebriefClock *self,
                       guint         ms)
{
  gint64 target;

  g_return_if_fail (DEBRIEF_IS_CLOCK (self));
  g_return_if_fail (self->manual);

  target = self->now_us + (gint64) ms * 1000;

  for (;;)
    {
      Timer *next = NULL;

      for (GList *l = self->timers; l != NULL; l = l->next)
        {
          Timer *timer = l->data;

          if (timer->callback != NULL && timer->due_us <= target &&
              (next == NULL || timer->due_us < next->due_us))
            next = timer;
        }

      if (next == NULL)
        break;

      self->now_us = next->due_us;
      next->due_us += (gint64) next->interval_ms * 1000;
      if (next->callback (next->data) == G_SOURCE_REMOVE)
        next->callback = NULL;
    }

  self->now_us = target;
  prune (self);
}

static void
debrief_clock_finalize (GObject *object)
{
  DebriefClock *self = (DebriefClock *) object;

  g_list_free_full (self->timers, g_free);

  G_OBJECT_CLASS (debrief_clock_parent_class)->finalize (object);
}

static void
debrief_clock_class_init (DebriefClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = debrief_clock_finalize;
}

static void
debrief_clock_init (DebriefClock *self)
{
}
