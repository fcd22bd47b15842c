/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-filter-button.c: the library's Filter menu: kind, date, storage, coach and contact */

#define G_LOG_DOMAIN "debrief-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-dialogs.h"
#include "debrief-filter-button.h"

struct _DebriefFilterButton
{
  AdwBin             parent_instance;

  GtkMenuButton     *button;
  GMenu             *agent_section;
  GMenu             *contact_section;

  DebriefStore      *store;         /* read by the worker: released in finalize */
  GCancellable      *cancellable;
  GHashTable        *names;         /* agents' and contacts' names by id */
  DebriefCallFilter *filter;        /* NULL when every call is shown */

  char              *kind;          /* "any", "coaching", "recorded" */
  char              *period;        /* "any", "today", "week", "month", "year", "custom" */
  gint64             range_since;   /* the custom range: its first day's start, */
  gint64             range_until;   /* and the start of the day after its last */
  char              *storage;       /* "any", "local", "uploading", "cloud", "failed" */
  char              *agent;         /* an agent id, or "" */
  char              *contact;       /* a lead id, or "" */
};

G_DEFINE_FINAL_TYPE (DebriefFilterButton, debrief_filter_button, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FILTER,
  PROP_NAMES,
  PROP_KIND,
  PROP_PERIOD,
  PROP_STORAGE,
  PROP_AGENT,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const storage_nicks[] = {
  [DEBRIEF_STORAGE_STATE_ANY] = "any",
  [DEBRIEF_STORAGE_STATE_LOCAL] = "local",
  [DEBRIEF_STORAGE_STATE_UPLOADING] = "uploading",
  [DEBRIEF_STORAGE_STATE_CLOUD] = "cloud",
  [DEBRIEF_STORAGE_STATE_FAILED] = "failed",
};

/**
 * debrief_filter_button_get_filter:
 * @self: a #DebriefFilterButton
 *
 * Returns: (nullable): the calls chosen, or %NULL for all of them
 */
const DebriefCallFilter *
debrief_filter_button_get_filter (DebriefFilterButton *self)
{
  g_return_val_if_fail (DEBRIEF_IS_FILTER_BUTTON (self), NULL);

  return self->filter;
}

/**
 * debrief_filter_button_get_names:
 * @self: a #DebriefFilterButton
 *
 * Returns: (transfer none) (nullable) (element-type utf8 utf8): the names
 *   of the agents and contacts of the calls, by id
 */
GHashTable *
debrief_filter_button_get_names (DebriefFilterButton *self)
{
  g_return_val_if_fail (DEBRIEF_IS_FILTER_BUTTON (self), NULL);

  return self->names;
}

/* The start of the day @days_ago days before today, local time. */
static gint64
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) start = g_date_time_add_days (midnight, -days);

  return g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

static void
update_filter (DebriefFilterButton *self)
{
  DebriefCallFilter filter = DEBRIEF_CALL_FILTER_INIT;

  if (g_str_equal (self->kind, "coaching"))
    filter.kind = DEBRIEF_CALL_KIND_COACHING;
  else if (g_str_equal (self->kind, "recorded"))
    filter.kind = DEBRIEF_CALL_KIND_RECORDED;

  if (g_str_equal (self->period, "today"))
    filter.since = days_ago (0);
  else if (g_str_equal (self->period, "week"))
    filter.since = days_ago (6);
  else if (g_str_equal (self->period, "month"))
    filter.since = days_ago (29);
  else if (g_str_equal (self->period, "year"))
    filter.since = days_ago (364);
  else if (g_str_equal (self->period, "custom"))
    {
      filter.since = self->range_since;
      filter.until = self->range_until;
    }

  for (guint i = 0; i < G_N_ELEMENTS (storage_nicks); i++)
    if (g_str_equal (self->storage, storage_nicks[i]))
      filter.storage = i;

  filter.agent_id = *self->agent != '\0' ? self->agent : NULL;
  filter.lead_id = *self->contact != '\0' ? self->contact : NULL;

  if (debrief_call_filter_is_empty (&filter) ? self->filter == NULL
                                             : self->filter != NULL && debrief_call_filter_equal (&filter, self->filter))
    return;

  g_clear_pointer (&self->filter, debrief_call_filter_free);
  if (!debrief_call_filter_is_empty (&filter))
    self->filter = debrief_call_filter_copy (&filter);

  /* The button shows that some calls are hidden. */
  if (self->filter != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->button), "accent");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Some calls are hidden by the filters"), -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), "accent");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static gboolean
set_choice (DebriefFilterButton  *self,
            char                **field,
            const char           *value,
            const char           *fallback,
            GParamSpec           *pspec)
{
  if (value == NULL)
    value = fallback;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  update_filter (self);
  return TRUE;
}

/**
 * debrief_filter_button_clear:
 * @self: a #DebriefFilterButton
 *
 * Shows every call again.
 */
void
debrief_filter_button_clear (DebriefFilterButton *self)
{
  g_return_if_fail (DEBRIEF_IS_FILTER_BUTTON (self));

  g_object_freeze_notify (G_OBJECT (self));
  g_object_set (self, "kind", "any", "period", "any", "storage", "any", "agent", "", "contact", "", NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * debrief_filter_button_set_range:
 * @self: a #DebriefFilterButton
 * @first: the first day to show
 * @last: the last day to show
 *
 * Shows the calls started from the start of @first to the end of @last,
 * local time; the two are swapped when @last comes first.
 */
void
debrief_filter_button_set_range (DebriefFilterButton *self,
                                 GDateTime           *first,
                                 GDateTime           *last)
{
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) last_day = NULL;

  g_return_if_fail (DEBRIEF_IS_FILTER_BUTTON (self));
  g_return_if_fail (first != NULL && last != NULL);

  if (g_date_time_compare (first, last) > 0)
    {
      GDateTime *swap = first;

      first = last;
      last = swap;
    }

  since = g_date_time_new_local (g_date_time_get_year (first), g_date_time_get_month (first),
                                 g_date_time_get_day_of_month (first), 0, 0, 0);
  last_day = g_date_time_new_local (g_date_time_get_year (last), g_date_time_get_month (last),
                                    g_date_time_get_day_of_month (last), 0, 0, 0);
  until = g_date_time_add_days (last_day, 1);
  self->range_since = g_date_time_to_unix (since) * G_USEC_PER_SEC;
  self->range_until = g_date_time_to_unix (until) * G_USEC_PER_SEC;

  if (!set_choice (self, &self->period, "custom", "any", properties[PROP_PERIOD]))
    update_filter (self);
}

static void
range_response_cb (AdwMessageDialog    *dialog,
                   const char          *response,
                   DebriefFilterButton *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    return;

  first = gtk_calendar_get_date (g_object_get_data (G_OBJECT (box), "first"));
  last = gtk_calendar_get_date (g_object_get_data (G_OBJECT (box), "last"));
  debrief_filter_button_set_range (self, first, last);
}

static GtkWidget *
labelled_calendar (const char *label,
                   gint64      day)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  if (day != 0)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (day / G_USEC_PER_SEC);

      gtk_calendar_select_day (GTK_CALENDAR (calendar), date);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), calendar);
  g_object_set_data (G_OBJECT (box), "calendar", calendar);

  return box;
}

/* Custom Range…: two calendars, from and to. */
static void
choose_range_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DebriefFilterButton *self = DEBRIEF_FILTER_BUTTON (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gboolean custom = g_str_equal (self->period, "custom");
  GtkWidget *first = labelled_calendar (_("From"), custom ? self->range_since : days_ago (29));
  GtkWidget *last = labelled_calendar (_("To"), custom ? self->range_until - (gint64) 86400 * G_USEC_PER_SEC
                                                       : days_ago (0));

  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), last);
  g_object_set_data (G_OBJECT (box), "first", g_object_get_data (G_OBJECT (first), "calendar"));
  g_object_set_data (G_OBJECT (box), "last", g_object_get_data (G_OBJECT (last), "calendar"));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Show Calls Between"), NULL));
  adw_message_dialog_set_extra_child (dialog, box);
  debrief_dialog_add_choice (dialog, _("_Cancel"), "apply", _("_Show"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (range_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  debrief_filter_button_clear (DEBRIEF_FILTER_BUTTON (widget));
}

/* The coaches and contacts of the calls, for the menu and the rows */

typedef struct
{
  GPtrArray *agents;
  GPtrArray *leads;
} People;

static void
people_free (People *people)
{
  g_clear_pointer (&people->agents, g_ptr_array_unref);
  g_clear_pointer (&people->leads, g_ptr_array_unref);
  g_free (people);
}

static void
read_people_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  DebriefFilterButton *self = source;
  People *people = g_new0 (People, 1);
  GError *error = NULL;

  people->agents = debrief_store_list_agents_in_calls (self->store, &error);
  if (people->agents != NULL)
    people->leads = debrief_store_list_leads_in_calls (self->store, &error);
  if (people->leads == NULL)
    {
      people_free (people);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, people, (GDestroyNotify) people_free);
}

static void
fill_section (GMenu      *section,
              const char *action,
              GPtrArray  *people,
              gsize       id_offset,
              gsize       name_offset,
              GHashTable *names)
{
  g_menu_remove_all (section);

  for (guint i = 0; i < people->len; i++)
    {
      const guint8 *person = g_ptr_array_index (people, i);
      const char *id = *(const char **) (person + id_offset);
      const char *name = *(const char **) (person + name_offset);
      g_autoptr(GMenuItem) item = NULL;

      if (id == NULL)
        continue;
      if (name == NULL || *name == '\0')
        name = _("Unnamed");

      g_hash_table_insert (names, g_strdup (id), g_strdup (name));
      item = g_menu_item_new (name, NULL);
      g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (id));
      g_menu_append_item (section, item);
    }
}

static void
people_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DebriefFilterButton *self = DEBRIEF_FILTER_BUTTON (object);
  g_autoptr(GError) error = NULL;
  People *people = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GHashTable) names = NULL;

  if (people == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the coaches and contacts: %s", error->message);
      return;
    }

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fill_section (self->agent_section, "filter.agent", people->agents, G_STRUCT_OFFSET (DebriefAgent, id),
                G_STRUCT_OFFSET (DebriefAgent, name), names);
  fill_section (self->contact_section, "filter.contact", people->leads, G_STRUCT_OFFSET (DebriefLead, id),
                G_STRUCT_OFFSET (DebriefLead, name), names);
  people_free (people);

  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = g_steal_pointer (&names);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMES]);
}

/**
 * debrief_filter_button_reload:
 * @self: a #DebriefFilterButton
 *
 * Reads the calls' coaches and contacts again, off the UI thread.
 */
void
debrief_filter_button_reload (DebriefFilterButton *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DEBRIEF_IS_FILTER_BUTTON (self));

  if (self->store == NULL)
    return;

  /* "Today" and "Past 7 Days" move on with the clock. */
  update_filter (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, people_read_cb, NULL);
  g_task_run_in_thread (task, read_people_thread);
}

void
debrief_filter_button_set_store (DebriefFilterButton *self,
                                 DebriefStore        *store)
{
  g_return_if_fail (DEBRIEF_IS_FILTER_BUTTON (self));
  g_return_if_fail (store == NULL || DEBRIEF_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  debrief_filter_button_reload (self);
}

static void
debrief_filter_button_dispose (GObject *object)
{
  DebriefFilterButton *self = (DebriefFilterButton *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_FILTER_BUTTON);

  G_OBJECT_CLASS (debrief_filter_button_parent_class)->dispose (object);
}

static void
debrief_filter_button_finalize (GObject *object)
{
  DebriefFilterButton *self = (DebriefFilterButton *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->filter, debrief_call_filter_free);
  g_free (self->kind);
  g_free (self->period);
  g_free (self->storage);
  g_free (self->agent);
  g_free (self->contact);

  G_OBJECT_CLASS (debrief_filter_button_parent_class)->finalize (object);
}

static void
debrief_filter_button_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DebriefFilterButton *self = DEBRIEF_FILTER_BUTTON (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_pointer (value, self->filter);
      break;

    case PROP_NAMES:
      g_value_set_boxed (value, self->names);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;

    case PROP_STORAGE:
      g_value_set_string (value, self->storage);
      break;

    case PROP_AGENT:
      g_value_set_string (value, self->agent);
      break;

    case PROP_CONTACT:
      g_value_set_string (value, self->contact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_filter_button_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DebriefFilterButton *self = DEBRIEF_FILTER_BUTTON (object);
  const char *text = g_value_get_string (value);

  switch (prop_id)
    {
    case PROP_KIND:
      set_choice (self, &self->kind, text, "any", pspec);
      break;

    case PROP_PERIOD:
      set_choice (self, &self->period, text, "any", pspec);
      break;

    case PROP_STORAGE:
      set_choice (self, &self->storage, text, "any", pspec);
      break;

    case PROP_AGENT:
      set_choice (self, &self->agent, text, "", pspec);
      break;

    case PROP_CONTACT:
      set_choice (self, &self->contact, text, "", pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_filter_button_class_init (DebriefFilterButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = debrief_filter_button_dispose;
  object_class->finalize = debrief_filter_button_finalize;
  object_class->get_property = debrief_filter_button_get_property;
  object_class->set_property = debrief_filter_button_set_property;

  /* The DebriefCallFilter chosen, or NULL for every call */
  properties[PROP_FILTER] =
    g_param_spec_pointer ("filter", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAMES] =
    g_param_spec_boxed ("names", NULL, NULL,
                        G_TYPE_HASH_TABLE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The menu's choices, for its actions */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "any",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, "any",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORAGE] =
    g_param_spec_string ("storage", NULL, NULL, "any",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT] =
    g_param_spec_string ("agent", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT] =
    g_param_spec_string ("contact", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "filter.kind", "kind");
  gtk_widget_class_install_property_action (widget_class, "filter.period", "period");
  gtk_widget_class_install_property_action (widget_class, "filter.storage", "storage");
  gtk_widget_class_install_property_action (widget_class, "filter.agent", "agent");
  gtk_widget_class_install_property_action (widget_class, "filter.contact", "contact");
  gtk_widget_class_install_action (widget_class, "filter.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "filter.choose-range", NULL, choose_range_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/filter-button.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefFilterButton, agent_section);
  gtk_widget_class_bind_template_child (widget_class, DebriefFilterButton, contact_section);
}

static void
debrief_filter_button_init (DebriefFilterButton *self)
{
  self->kind = g_strdup ("any");
  self->period = g_strdup ("any");
  self->storage = g_strdup ("any");
  self->agent = g_strdup ("");
  self->contact = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's child: not a template child, which the template's disposal
   * would unparent before the bin does. */
  self->button = GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (self)));
}
