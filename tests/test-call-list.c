/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-call-list.c: the library's paged list model: pages, rows filled in as read, sort, filters and items-changed */

#include "config.h"

#include "debrief-call-item.h"
#include "debrief-call-list.h"
#include "debrief-test-fixture.h"

typedef struct
{
  char            *dir;
  DebriefStore    *store;
  DebriefCallList *list;
  guint            changes;
  guint            last_position;
  guint            last_removed;
  guint            last_added;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->changes++;
  f->last_position = position;
  f->last_removed = removed;
  f->last_added = added;
}

static gboolean
wait_for (gboolean (*done)(Fixture *f),
          Fixture  *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  return done (f);
}

/* Runs the main loop for half a second, or until @done. */
static gboolean
wait_for_a_while (gboolean (*done)(Fixture *f),
                  Fixture  *f)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (!done (f) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return done (f);
}

static DebriefCall *
add_call (Fixture    *f,
          const char *title,
          gint64      started_at)
{
  DebriefCall *call = debrief_call_new ();

  call->title = g_strdup (title);
  call->status = DEBRIEF_CALL_STATUS_ENDED;
  call->started_at = started_at;
  g_assert_true (debrief_store_save_call (f->store, call, NULL));

  return call;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;

  f->dir = debrief_test_make_data_dir ();
  db = g_build_filename (f->dir, "debrief.db", NULL);
  f->store = debrief_store_open (db, NULL, NULL);

  /* 250 calls, newest first: "Call 0" is the newest. */
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *title = g_strdup_printf ("Call %u", i);
      g_autoptr(DebriefCall) call = add_call (f, title, 1763700000000000 - (gint64) i * G_USEC_PER_SEC);
    }

  f->list = debrief_call_list_new ();
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
}

/* A worker thread lets go of its task, and the task of its source object,
 * a moment after the task reported. */
static void
finalize_when_released (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (G_OBJECT (object)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (object);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  finalize_when_released (f->list);
  finalize_when_released (f->store);
  debrief_test_remove_data_dir (f->dir);
  g_free (f->dir);
}

static gboolean
changed_once (Fixture *f)
{
  return f->changes >= 1;
}

static gboolean
changed_twice (Fixture *f)
{
  return f->changes >= 2;
}

static char *
title_at (Fixture *f,
          guint    position)
{
  g_autoptr(DebriefCallItem) item = g_list_model_get_item (G_LIST_MODEL (f->list), position);

  return g_strdup (debrief_call_item_get_title (item));
}

static guint probe_position;

static gboolean
row_read (Fixture *f)
{
  g_autofree char *title = title_at (f, probe_position);

  return *title != '\0';
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *late = NULL;
  g_autofree char *expected = NULL;

  g_assert_false (debrief_call_list_get_loaded (f->list));
  debrief_call_list_set_store (f->list, f->store);
  g_assert_true (wait_for (changed_once, f));

  /* The whole length at once, the first page read. */
  g_assert_true (debrief_call_list_get_loaded (f->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 250);
  g_assert_cmpuint (f->last_position, ==, 0);
  g_assert_cmpuint (f->last_removed, ==, 0);
  g_assert_cmpuint (f->last_added, ==, 250);
  first = title_at (f, 0);
  g_assert_cmpstr (first, ==, "Call 0");

  /* A row further down is blank until its page arrives, then filled in
   * place: no items-changed, the row just updates. */
  late = title_at (f, 240);
  g_assert_cmpstr (late, ==, "");
  probe_position = 240;
  g_assert_true (wait_for (row_read, f));
  expected = title_at (f, 240);
  g_assert_cmpstr (expected, ==, "Call 240");
  g_assert_cmpuint (f->changes, ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 250));
}

static void
test_changes_while_shown (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DebriefCall) newest = NULL;
  g_autoptr(DebriefCall) renamed = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) calls = NULL;

  debrief_call_list_set_store (f->list, f->store);
  g_assert_true (wait_for (changed_once, f));

  /* Added: the list grows by one, the new call first. */
  newest = add_call (f, "Newest call", 1763800000000000);
  debrief_call_list_refresh (f->list);
  g_assert_true (wait_for (changed_twice, f));
  g_assert_cmpuint (f->last_removed, ==, 250);
  g_assert_cmpuint (f->last_added, ==, 251);
  title = title_at (f, 0);
  g_assert_cmpstr (title, ==, "Newest call");
  g_clear_pointer (&title, g_free);

  /* Updated: the row shows the new title. */
  calls = debrief_store_list_calls (f->store, 1, 1, NULL);
  renamed = debrief_call_copy (g_ptr_array_index (calls, 0));
  g_free (renamed->title);
  renamed->title = g_strdup ("Call 0, renamed");
  g_assert_true (debrief_store_save_call (f->store, renamed, NULL));
  f->changes = 0;
  debrief_call_list_refresh (f->list);
  g_assert_true (wait_for (changed_once, f));
  title = title_at (f, 1);
  g_assert_cmpstr (title, ==, "Call 0, renamed");
  g_clear_pointer (&title, g_free);

  /* Deleted: one fewer, the next one moves up. */
  g_assert_true (debrief_store_delete_call (f->store, newest->id, NULL));
  f->changes = 0;
  debrief_call_list_refresh (f->list);
  g_assert_true (wait_for (changed_once, f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 250);
  title = title_at (f, 0);
  g_assert_cmpstr (title, ==, "Call 0, renamed");
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(DebriefCall) named = add_call (f, "aardvark review", 1763000000000000);
  g_autoptr(DebriefCall) untitled = debrief_call_new ();
  g_autoptr(DebriefCallItem) first = NULL;
  g_autoptr(DebriefCallItem) last = NULL;
  g_autofree char *title = NULL;

  untitled->status = DEBRIEF_CALL_STATUS_ENDED;
  untitled->started_at = 1762000000000000;
  untitled->duration_seconds = 5000;
  g_assert_true (debrief_store_save_call (f->store, untitled, NULL));

  debrief_call_list_set_store (f->list, f->store);
  g_assert_true (wait_for (changed_once, f));

  /* Longest first. */
  debrief_call_list_set_sort (f->list, DEBRIEF_CALL_SORT_LONGEST);
  g_assert_true (wait_for (changed_twice, f));
  first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_cmpstr (debrief_call_item_get_call (first)->id, ==, untitled->id);
  g_clear_object (&first);

  /* A to Z whatever the case, untitled last. */
  f->changes = 0;
  debrief_call_list_set_sort (f->list, DEBRIEF_CALL_SORT_TITLE);
  g_assert_true (wait_for (changed_once, f));
  title = title_at (f, 0);
  g_assert_cmpstr (title, ==, "aardvark review");
  probe_position = 251;
  g_assert_true (wait_for (row_read, f));
  last = g_list_model_get_item (G_LIST_MODEL (f->list), 251);
  g_assert_cmpstr (debrief_call_item_get_call (last)->id, ==, untitled->id);
}

/* Adds @n coaching calls, "Coaching 0" the newest, between the fixture's. */
static void
add_coaching_calls (Fixture *f,
                    guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Coaching %u", i);
      g_autoptr(DebriefCall) call = debrief_call_new ();

      call->title = g_strdup (title);
      call->kind = DEBRIEF_CALL_KIND_COACHING;
      call->status = DEBRIEF_CALL_STATUS_ENDED;
      call->started_at = 1763700000000000 - (gint64) i * G_USEC_PER_SEC - 500000;
      g_assert_true (debrief_store_save_call (f->store, call, NULL));
    }
}

static gboolean
never (Fixture *f)
{
  return FALSE;
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;
  g_autofree char *title = NULL;
  g_autoptr(DebriefCallItem) item = NULL;

  add_coaching_calls (f, 150);
  debrief_call_list_set_store (f->list, f->store);
  g_assert_true (wait_for (changed_once, f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 400);
  g_assert_null (debrief_call_list_get_filter (f->list));

  /* Filtered: the whole list replaced at once, as long as the matches. */
  filter.kind = DEBRIEF_CALL_KIND_COACHING;
  debrief_call_list_set_filter (f->list, &filter);
  g_assert_nonnull (debrief_call_list_get_filter (f->list));
  g_assert_true (debrief_call_filter_equal (debrief_call_list_get_filter (f->list), &filter));
  g_assert_true (wait_for (changed_twice, f));
  g_assert_cmpuint (f->last_position, ==, 0);
  g_assert_cmpuint (f->last_removed, ==, 400);
  g_assert_cmpuint (f->last_added, ==, 150);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 150);
  title = title_at (f, 0);
  g_assert_cmpstr (title, ==, "Coaching 0");
  g_clear_pointer (&title, g_free);

  /* Pages further down are read with the filter too. */
  probe_position = 149;
  g_assert_true (wait_for (row_read, f));
  item = g_list_model_get_item (G_LIST_MODEL (f->list), 149);
  g_assert_cmpstr (debrief_call_item_get_title (item), ==, "Coaching 149");
  g_assert_cmpint (debrief_call_item_get_call (item)->kind, ==, DEBRIEF_CALL_KIND_COACHING);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 150));

  /* The same filter again reads nothing again. */
  f->changes = 0;
  debrief_call_list_set_filter (f->list, &filter);
  g_assert_false (wait_for_a_while (never, f));
  g_assert_cmpuint (f->changes, ==, 0);

  /* A filter nothing matches: an empty list. */
  filter.since = 1763800000000000;
  debrief_call_list_set_filter (f->list, &filter);
  g_assert_true (wait_for (changed_once, f));
  g_assert_cmpuint (f->last_removed, ==, 150);
  g_assert_cmpuint (f->last_added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  /* Cleared: every call again. */
  f->changes = 0;
  debrief_call_list_set_filter (f->list, NULL);
  g_assert_null (debrief_call_list_get_filter (f->list));
  g_assert_true (wait_for (changed_once, f));
  g_assert_cmpuint (f->last_removed, ==, 0);
  g_assert_cmpuint (f->last_added, ==, 400);
}

static void
test_filter_copied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DebriefCallFilter) filter = NULL;
  g_autoptr(GPtrArray) calls = debrief_store_list_calls (f->store, 7, 1, NULL);
  DebriefCallFilter on_stack = DEBRIEF_CALL_FILTER_INIT;
  char *lead_id = g_strdup ("+ the lead of Call 7");
  g_autoptr(DebriefLead) lead = debrief_lead_new ();
  g_autoptr(DebriefCall) call = debrief_call_copy (g_ptr_array_index (calls, 0));
  g_autofree char *title = NULL;

  lead->id = g_strdup (lead_id);
  lead->name = g_strdup ("Globex");
  g_assert_true (debrief_store_save_lead (f->store, lead, NULL));
  call->lead_id = g_strdup (lead_id);
  g_assert_true (debrief_store_save_call (f->store, call, NULL));

  /* The list keeps its own copy of the filter and its strings. */
  on_stack.lead_id = lead_id;
  debrief_call_list_set_filter (f->list, &on_stack);
  memset (lead_id, '%', strlen (lead_id));
  g_free (lead_id);
  g_assert_cmpstr (debrief_call_list_get_filter (f->list)->lead_id, ==, "+ the lead of Call 7");

  /* Set before the store: read once, with the filter. */
  debrief_call_list_set_store (f->list, f->store);
  g_assert_true (wait_for (changed_once, f));
  g_assert_false (wait_for_a_while (changed_twice, f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  title = title_at (f, 0);
  g_assert_cmpstr (title, ==, "Call 7");

  /* Hidden for an undo: gone from the filtered list too. */
  g_assert_true (debrief_store_set_call_deleted (f->store, call->id, TRUE, NULL));
  f->changes = 0;
  debrief_call_list_refresh (f->list);
  g_assert_true (wait_for (changed_once, f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  filter = debrief_call_filter_copy (debrief_call_list_get_filter (f->list));
  filter->lead_id = NULL;
  debrief_call_list_set_filter (f->list, filter);
  g_assert_null (debrief_call_list_get_filter (f->list));
  g_assert_true (wait_for (changed_twice, f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 249);
}

static void
test_filter_changed_quickly (Fixture       *f,
                             gconstpointer  data)
{
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;

  add_coaching_calls (f, 150);
  debrief_call_list_set_store (f->list, f->store);
  g_assert_true (wait_for (changed_once, f));

  /* Changed again before the first change is read: only the last one is
   * shown, in one change, and no row of the ones between shows up. */
  f->changes = 0;
  filter.kind = DEBRIEF_CALL_KIND_RECORDED;
  debrief_call_list_set_filter (f->list, &filter);
  debrief_call_list_set_sort (f->list, DEBRIEF_CALL_SORT_TITLE);
  filter.kind = DEBRIEF_CALL_KIND_COACHING;
  debrief_call_list_set_filter (f->list, &filter);
  g_assert_true (wait_for (changed_once, f));
  g_assert_false (wait_for_a_while (changed_twice, f));
  g_assert_cmpuint (f->last_removed, ==, 400);
  g_assert_cmpuint (f->last_added, ==, 150);

  for (guint i = 0; i < 150; i++)
    {
      g_autoptr(DebriefCallItem) item = NULL;

      probe_position = i;
      g_assert_true (wait_for (row_read, f));
      item = g_list_model_get_item (G_LIST_MODEL (f->list), i);
      g_assert_cmpint (debrief_call_item_get_call (item)->kind, ==, DEBRIEF_CALL_KIND_COACHING);
    }
  g_assert_cmpuint (f->changes, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/call-list/sort", Fixture, NULL, fixture_set_up, test_sort, fixture_tear_down);
  g_test_add ("/call-list/pages", Fixture, NULL, fixture_set_up, test_pages, fixture_tear_down);
  g_test_add ("/call-list/changes-while-shown", Fixture, NULL, fixture_set_up, test_changes_while_shown,
              fixture_tear_down);
  g_test_add ("/call-list/filter", Fixture, NULL, fixture_set_up, test_filter, fixture_tear_down);
  g_test_add ("/call-list/filter-copied", Fixture, NULL, fixture_set_up, test_filter_copied, fixture_tear_down);
  g_test_add ("/call-list/filter-changed-quickly", Fixture, NULL, fixture_set_up, test_filter_changed_quickly,
              fixture_tear_down);

  return g_test_run ();
}
