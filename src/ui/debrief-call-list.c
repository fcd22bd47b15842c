/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-list.c: the library's calls as a list model that reads the store in pages, as they are shown */

#define G_LOG_DOMAIN "debrief-call-list"

#include "config.h"

#include "debrief-call-item.h"
#include "debrief-call-list.h"

#define PAGE_SIZE 100

struct _DebriefCallList
{
  GObject       parent_instance;

  DebriefStore *store;
  GCancellable *cancellable;  /* cancelled and replaced by each refresh */
  guint         n_items;
  GPtrArray    *items;        /* DebriefCallItem or NULL until asked for, n_items long */
  GHashTable   *pages;        /* pages asked for: loading or loaded */
  GHashTable   *upload_states;
  GHashTable   *names;          /* agents' and contacts' names by id */
  gboolean      loaded;
  gboolean      again;        /* a refresh was asked for while one ran */
  gboolean      refreshing;
  gboolean      reordering;   /* the rows shown are of the old sort or filter until the refresh is in */
  DebriefCallSort sort;
  DebriefCallFilter *filter;  /* NULL: every call */
};

static void debrief_call_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DebriefCallList, debrief_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, debrief_call_list_model_init))

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
item_unref (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

/* Fills the unread rows of one page with what was read for it. */
static void
fill_page (DebriefCallList *self,
           guint            offset,
           GPtrArray       *calls)
{
  for (guint i = 0; i < calls->len && offset + i < self->n_items; i++)
    {
      DebriefCallItem *item = g_ptr_array_index (self->items, offset + i);

      if (item == NULL)
        {
          item = debrief_call_item_new (g_ptr_array_index (calls, i));
          g_ptr_array_index (self->items, offset + i) = item;
        }
      else
        debrief_call_item_set_call (item, g_ptr_array_index (calls, i));
      debrief_call_item_apply_upload_states (item, self->upload_states);
      debrief_call_item_apply_names (item, self->names);
    }
}

typedef struct
{
  DebriefCallList *self;
  guint            offset;
} PageLoad;

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PageLoad *load = user_data;
  g_autoptr(DebriefCallList) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = debrief_store_list_calls_filtered_finish (DEBRIEF_STORE (object), result, &error);
  guint offset = load->offset;

  g_free (load);

  if (calls == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read calls %u–%u: %s", offset, offset + PAGE_SIZE, error->message);
          /* Asked again when shown again. */
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (offset / PAGE_SIZE));
        }
      return;
    }

  fill_page (self, offset, calls);
}

static void
load_page (DebriefCallList *self,
           guint            page)
{
  PageLoad *load;

  /* Read in the new order, a page would not match the rows it fills in. */
  if (self->store == NULL || self->reordering || !g_hash_table_add (self->pages, GUINT_TO_POINTER (page)))
    return;

  load = g_new0 (PageLoad, 1);
  load->self = g_object_ref (self);
  load->offset = page * PAGE_SIZE;
  debrief_store_list_calls_filtered_async (self->store, self->filter, self->sort, load->offset, PAGE_SIZE,
                                           self->cancellable, page_loaded_cb, load);
}

static GType
debrief_call_list_get_item_type (GListModel *model)
{
  return DEBRIEF_TYPE_CALL_ITEM;
}

static guint
debrief_call_list_get_n_items (GListModel *model)
{
  return DEBRIEF_CALL_LIST (model)->n_items;
}

/* A row not read yet is blank and filled in when its page arrives:
 * scrolling never waits for the database. */
static gpointer
debrief_call_list_get_item (GListModel *model,
                            guint       position)
{
  DebriefCallList *self = DEBRIEF_CALL_LIST (model);
  DebriefCallItem *item;

  if (position >= self->n_items)
    return NULL;

  item = g_ptr_array_index (self->items, position);
  if (item == NULL)
    {
      item = debrief_call_item_new_unread ();
      g_ptr_array_index (self->items, position) = item;
    }
  load_page (self, position / PAGE_SIZE);

  return g_object_ref (item);
}

static void
debrief_call_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = debrief_call_list_get_item_type;
  iface->get_n_items = debrief_call_list_get_n_items;
  iface->get_item = debrief_call_list_get_item;
}

/* Refresh: the count and the first page, read off the UI thread, then the
 * whole list replaced at once. */

typedef struct
{
  DebriefStore      *store;
  DebriefCallSort    sort;
  DebriefCallFilter *filter;
} SnapshotRequest;

static void
snapshot_request_free (SnapshotRequest *request)
{
  g_object_unref (request->store);
  g_clear_pointer (&request->filter, debrief_call_filter_free);
  g_free (request);
}

typedef struct
{
  gint64     count;
  GPtrArray *first_page;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->first_page, g_ptr_array_unref);
  g_free (snapshot);
}

static void
snapshot_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SnapshotRequest *request = task_data;
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  GError *error = NULL;

  snapshot->count = debrief_store_count_calls_filtered (request->store, request->filter, &error);
  if (snapshot->count >= 0)
    snapshot->first_page = debrief_store_list_calls_filtered (request->store, request->filter, request->sort, 0,
                                                              PAGE_SIZE, &error);

  if (snapshot->first_page == NULL)
    {
      snapshot_free (snapshot);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, snapshot, (GDestroyNotify) snapshot_free);
}

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DebriefCallList *self = DEBRIEF_CALL_LIST (object);
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  guint old_n = self->n_items;

  /* Cancelled: replaced by a refresh in a new order, which is running. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->refreshing = FALSE;
  self->reordering = FALSE;

  if (snapshot == NULL)
    {
      g_warning ("Could not read the library: %s", error->message);
      return;
    }

  self->n_items = (guint) snapshot->count;
  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->items, self->n_items);
  g_hash_table_remove_all (self->pages);
  g_hash_table_add (self->pages, GUINT_TO_POINTER (0));
  fill_page (self, 0, snapshot->first_page);
  snapshot_free (snapshot);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  if (self->again)
    {
      self->again = FALSE;
      debrief_call_list_refresh (self);
    }
}

/**
 * debrief_call_list_refresh:
 * @self: a #DebriefCallList
 *
 * Reads the library again (calls added, changed or deleted); the list
 * changes all at once when the first page is in.
 */
void
debrief_call_list_refresh (DebriefCallList *self)
{
  g_autoptr(GTask) task = NULL;
  SnapshotRequest *request;

  g_return_if_fail (DEBRIEF_IS_CALL_LIST (self));

  if (self->store == NULL)
    return;
  if (self->refreshing)
    {
      self->again = TRUE;
      return;
    }

  /* Pages still being read belong to the old list. */
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_object_unref (self->cancellable);

  self->refreshing = TRUE;
  request = g_new0 (SnapshotRequest, 1);
  request->store = g_object_ref (self->store);
  request->sort = self->sort;
  request->filter = debrief_call_filter_copy (self->filter);
  task = g_task_new (self, self->cancellable, snapshot_cb, NULL);
  g_task_set_task_data (task, request, (GDestroyNotify) snapshot_request_free);
  g_task_run_in_thread (task, snapshot_thread);
}

/* The sort or the filter changed: a refresh still reading in the old one
 * is dropped, and so are the pages it would fill in. */
static void
reorder (DebriefCallList *self)
{
  if (self->store == NULL)
    return;

  if (self->refreshing)
    {
      g_cancellable_cancel (self->cancellable);
      self->refreshing = FALSE;
      self->again = FALSE;
    }
  self->reordering = TRUE;
  debrief_call_list_refresh (self);
}

/**
 * debrief_call_list_new:
 *
 * Returns: (transfer full): an empty list, until it has a store
 */
DebriefCallList *
debrief_call_list_new (void)
{
  return g_object_new (DEBRIEF_TYPE_CALL_LIST, NULL);
}

/**
 * debrief_call_list_set_store:
 * @self: a #DebriefCallList
 * @store: the store to list
 */
void
debrief_call_list_set_store (DebriefCallList *self,
                             DebriefStore    *store)
{
  g_return_if_fail (DEBRIEF_IS_CALL_LIST (self));
  g_return_if_fail (DEBRIEF_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  debrief_call_list_refresh (self);
}

/**
 * debrief_call_list_set_sort:
 * @self: a #DebriefCallList
 * @sort: the order to list the calls in
 */
void
debrief_call_list_set_sort (DebriefCallList *self,
                            DebriefCallSort  sort)
{
  g_return_if_fail (DEBRIEF_IS_CALL_LIST (self));

  if (self->sort == sort)
    return;

  self->sort = sort;
  reorder (self);
}

/**
 * debrief_call_list_set_filter:
 * @self: a #DebriefCallList
 * @filter: (nullable): which calls to list, copied; %NULL for all
 *
 * The list is read again with @filter, and changes all at once when the
 * first page is in.
 */
void
debrief_call_list_set_filter (DebriefCallList         *self,
                              const DebriefCallFilter *filter)
{
  g_return_if_fail (DEBRIEF_IS_CALL_LIST (self));
  g_return_if_fail (filter == NULL || filter->kind <= DEBRIEF_CALL_KIND_COACHING);
  g_return_if_fail (filter == NULL || (guint) filter->storage <= DEBRIEF_STORAGE_STATE_FAILED);

  if (debrief_call_filter_equal (self->filter, filter))
    return;

  g_clear_pointer (&self->filter, debrief_call_filter_free);
  if (!debrief_call_filter_is_empty (filter))
    self->filter = debrief_call_filter_copy (filter);
  reorder (self);
}

/**
 * debrief_call_list_get_filter:
 * @self: a #DebriefCallList
 *
 * Returns: (nullable): the filter the calls are listed with; %NULL when
 *   every call is
 */
const DebriefCallFilter *
debrief_call_list_get_filter (DebriefCallList *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_LIST (self), NULL);

  return self->filter;
}

/**
 * debrief_call_list_get_loaded:
 * @self: a #DebriefCallList
 *
 * Returns: whether the library has been read once, so an empty list means
 *   there are no calls
 */
gboolean
debrief_call_list_get_loaded (DebriefCallList *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_LIST (self), FALSE);

  return self->loaded;
}

/**
 * debrief_call_list_set_names:
 * @self: a #DebriefCallList
 * @names: (nullable) (element-type utf8 utf8): agents' and contacts' names
 *   by id
 *
 * Names each call's coach or contact in its row.
 */
void
debrief_call_list_set_names (DebriefCallList *self,
                             GHashTable      *names)
{
  g_return_if_fail (DEBRIEF_IS_CALL_LIST (self));

  if (names != NULL)
    g_hash_table_ref (names);
  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = names;

  for (guint i = 0; i < self->items->len; i++)
    if (g_ptr_array_index (self->items, i) != NULL)
      debrief_call_item_apply_names (g_ptr_array_index (self->items, i), self->names);
}

/**
 * debrief_call_list_set_upload_states:
 * @self: a #DebriefCallList
 * @states: (element-type utf8 gint): from debrief_store_get_upload_states()
 */
void
debrief_call_list_set_upload_states (DebriefCallList *self,
                                     GHashTable      *states)
{
  g_return_if_fail (DEBRIEF_IS_CALL_LIST (self));

  g_clear_pointer (&self->upload_states, g_hash_table_unref);
  self->upload_states = states != NULL ? g_hash_table_ref (states) : NULL;

  for (guint i = 0; i < self->items->len; i++)
    if (g_ptr_array_index (self->items, i) != NULL)
      debrief_call_item_apply_upload_states (g_ptr_array_index (self->items, i), self->upload_states);
}

static void
debrief_call_list_dispose (GObject *object)
{
  DebriefCallList *self = (DebriefCallList *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (debrief_call_list_parent_class)->dispose (object);
}

static void
debrief_call_list_finalize (GObject *object)
{
  DebriefCallList *self = (DebriefCallList *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->upload_states, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->filter, debrief_call_filter_free);

  G_OBJECT_CLASS (debrief_call_list_parent_class)->finalize (object);
}

static void
debrief_call_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DebriefCallList *self = DEBRIEF_CALL_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_call_list_class_init (DebriefCallListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = debrief_call_list_dispose;
  object_class->finalize = debrief_call_list_finalize;
  object_class->get_property = debrief_call_list_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
debrief_call_list_init (DebriefCallList *self)
{
  self->cancellable = g_cancellable_new ();
  self->items = g_ptr_array_new_with_free_func (item_unref);
  self->pages = g_hash_table_new (NULL, NULL);
}
