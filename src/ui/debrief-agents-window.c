/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-agents-window.c: the Coaches window: the AI coaches (agents) listed, added, edited and deleted */

#define G_LOG_DOMAIN "debrief-agents-window"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-agents.h"
#include "debrief-agents-window.h"
#include "debrief-dialogs.h"

struct _DebriefAgentsWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *list_group;
  GtkLabel             *empty_label;
  GtkWidget            *editor;
  AdwWindowTitle       *editor_title;
  AdwPreferencesPage   *editor_page;
  AdwEntryRow          *name_row;
  AdwEntryRow          *description_row;
  AdwComboRow          *status_row;
  AdwEntryRow          *language_row;
  GtkLabel             *details_error;
  GtkTextView          *prompt_view;
  AdwEntryRow          *stt_model_row;
  AdwEntryRow          *chat_model_row;
  AdwEntryRow          *tts_model_row;
  AdwEntryRow          *voice_row;
  AdwActionRow         *stability_row;
  AdwActionRow         *similarity_row;
  AdwActionRow         *pitch_row;
  AdwActionRow         *speed_row;
  GtkSpinButton        *stability_spin;
  GtkSpinButton        *similarity_spin;
  GtkSpinButton        *pitch_spin;
  GtkSpinButton        *speed_spin;
  GtkLabel             *voice_error;
  GtkWidget            *delete_group;

  DebriefStore         *store;
  GSettings            *settings;
  GCancellable         *cancellable;
  GPtrArray            *agents;        /* (element-type DebriefAgent): as listed */
  GPtrArray            *rows;          /* (element-type AdwActionRow): the list's, in the order of @agents */
  DebriefAgent         *editing;       /* in the editor; without an id while new */
  DebriefVoiceSettings *editing_voice;
  GtkWidget            *error_row;     /* the field the error shown is about */
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (DebriefAgentsWindow, debrief_agents_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The status row lists the statuses in the enum's order. */
G_STATIC_ASSERT (DEBRIEF_AGENT_STATUS_DRAFT == 0);
G_STATIC_ASSERT (DEBRIEF_AGENT_STATUS_ACTIVE == 1);
G_STATIC_ASSERT (DEBRIEF_AGENT_STATUS_INACTIVE == 2);

static const char *
status_label (DebriefAgentStatus status)
{
  switch (status)
    {
    case DEBRIEF_AGENT_STATUS_ACTIVE:
      return _("Active");

    case DEBRIEF_AGENT_STATUS_INACTIVE:
      return _("Inactive");

    case DEBRIEF_AGENT_STATUS_DRAFT:
    default:
      return _("Draft");
    }
}

/* Takes @title, which is markup: escape what the user wrote. */
static void
add_toast (DebriefAgentsWindow *self,
           char                *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
  g_free (title);
}

static void
set_loading (DebriefAgentsWindow *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The editor */

static void
clear_errors (DebriefAgentsWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->details_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->voice_error), FALSE);

  if (self->error_row == NULL)
    return;

  gtk_widget_remove_css_class (self->error_row, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->error_row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->error_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  self->error_row = NULL;
}

/* Shows @error next to the field it is about, and moves there. */
static void
show_error (DebriefAgentsWindow *self,
            const GError        *error)
{
  GtkLabel *label = self->details_error;
  GtkWidget *row = NULL;
  GtkWidget *focus = NULL;

  clear_errors (self);

  if (error->domain == DEBRIEF_AGENT_ERROR)
    {
      switch ((DebriefAgentError) error->code)
        {
        case DEBRIEF_AGENT_ERROR_NAME_MISSING:
        case DEBRIEF_AGENT_ERROR_NAME_TAKEN:
          row = focus = GTK_WIDGET (self->name_row);
          break;

        case DEBRIEF_AGENT_ERROR_STATUS:
          row = focus = GTK_WIDGET (self->status_row);
          break;

        case DEBRIEF_AGENT_ERROR_STABILITY:
          row = GTK_WIDGET (self->stability_row);
          focus = GTK_WIDGET (self->stability_spin);
          label = self->voice_error;
          break;

        case DEBRIEF_AGENT_ERROR_SIMILARITY:
          row = GTK_WIDGET (self->similarity_row);
          focus = GTK_WIDGET (self->similarity_spin);
          label = self->voice_error;
          break;

        case DEBRIEF_AGENT_ERROR_SPEED:
          row = GTK_WIDGET (self->speed_row);
          focus = GTK_WIDGET (self->speed_spin);
          label = self->voice_error;
          break;

        case DEBRIEF_AGENT_ERROR_PITCH:
          row = GTK_WIDGET (self->pitch_row);
          focus = GTK_WIDGET (self->pitch_spin);
          label = self->voice_error;
          break;

        default:
          break;
        }
    }

  gtk_label_set_text (label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);

  if (row == NULL)
    return;

  self->error_row = row;
  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
  gtk_widget_grab_focus (focus);
}

static void
name_changed_cb (DebriefAgentsWindow *self)
{
  if (self->error_row == GTK_WIDGET (self->name_row))
    clear_errors (self);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
take_row_text (AdwEntryRow  *row,
               char        **field)
{
  g_free (*field);
  *field = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static double
spin_value (GtkSpinButton *spin)
{
  /* Takes what was typed but not yet committed with Enter or a focus change. */
  gtk_spin_button_update (spin);
  return gtk_spin_button_get_value (spin);
}

static void
fill_editor (DebriefAgentsWindow *self)
{
  const DebriefAgent *agent = self->editing;
  const DebriefVoiceSettings *voice = self->editing_voice;

  set_row_text (self->name_row, agent->name);
  set_row_text (self->description_row, agent->description);
  adw_combo_row_set_selected (self->status_row, agent->status);
  set_row_text (self->language_row, agent->language);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view),
                            agent->system_prompt != NULL ? agent->system_prompt : "", -1);
  set_row_text (self->stt_model_row, agent->stt_model);
  set_row_text (self->chat_model_row, agent->model_type);
  set_row_text (self->tts_model_row, agent->tts_model);
  set_row_text (self->voice_row, voice->voice_id);
  gtk_spin_button_set_value (self->stability_spin, voice->stability);
  gtk_spin_button_set_value (self->similarity_spin, voice->similarity_boost);
  gtk_spin_button_set_value (self->pitch_spin, voice->pitch);
  gtk_spin_button_set_value (self->speed_spin, voice->speed);
}

static void
read_editor (DebriefAgentsWindow *self)
{
  DebriefAgent *agent = self->editing;
  DebriefVoiceSettings *voice = self->editing_voice;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter start, end;

  take_row_text (self->name_row, &agent->name);
  take_row_text (self->description_row, &agent->description);
  agent->status = adw_combo_row_get_selected (self->status_row);
  take_row_text (self->language_row, &agent->language);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (agent->system_prompt);
  agent->system_prompt = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  take_row_text (self->stt_model_row, &agent->stt_model);
  take_row_text (self->chat_model_row, &agent->model_type);
  take_row_text (self->tts_model_row, &agent->tts_model);
  take_row_text (self->voice_row, &voice->voice_id);
  voice->stability = spin_value (self->stability_spin);
  voice->similarity_boost = spin_value (self->similarity_spin);
  voice->pitch = spin_value (self->pitch_spin);
  voice->speed = spin_value (self->speed_spin);
}

static void
scroll_editor_to_top (DebriefAgentsWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->editor_page));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child)), 0);
}

static void
forget_editing (DebriefAgentsWindow *self)
{
  g_clear_pointer (&self->editing, debrief_agent_free);
  g_clear_pointer (&self->editing_voice, debrief_voice_settings_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agents.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agents.delete", FALSE);
}

/* Opens the editor on a copy of @agent, or on a new agent. */
static void
open_editor (DebriefAgentsWindow *self,
             const DebriefAgent  *agent)
{
  g_autoptr(GError) error = NULL;

  forget_editing (self);
  clear_errors (self);

  if (agent != NULL)
    {
      self->editing = debrief_agent_copy (agent);
      /* One row by its key: quick enough for the UI thread. */
      self->editing_voice = debrief_store_get_voice_settings (self->store, agent->id, &error);
      if (self->editing_voice == NULL)
        {
          if (!g_error_matches (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND))
            g_warning ("Could not read the voice settings of %s: %s", agent->id, error->message);
          self->editing_voice = debrief_voice_settings_new_with_defaults (self->settings);
        }
    }
  else
    {
      self->editing = debrief_agent_new_with_defaults (self->settings);
      self->editing_voice = debrief_voice_settings_new_with_defaults (self->settings);
    }

  fill_editor (self);
  clear_errors (self);
  adw_window_title_set_title (self->editor_title, agent != NULL ? agent->name : _("New Coach"));
  gtk_widget_set_visible (self->delete_group, agent != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agents.save", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agents.delete", agent != NULL);
  scroll_editor_to_top (self);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->editor);
  if (agent == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
close_editor (DebriefAgentsWindow *self)
{
  forget_editing (self);
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

/* Escape or a swipe closed the editor: what it held is dropped. */
static void
editor_unmapped_cb (DebriefAgentsWindow *self)
{
  forget_editing (self);
}

/* The list */

static void reload (DebriefAgentsWindow *self);

static void
row_activated_cb (AdwActionRow        *row,
                  DebriefAgentsWindow *self)
{
  guint index;

  if (g_ptr_array_find (self->rows, row, &index))
    open_editor (self, g_ptr_array_index (self->agents, index));
}

static GtkWidget *
make_row (DebriefAgentsWindow *self,
          const DebriefAgent  *agent)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (status_label (agent->status));
  /* Translators: how a screen reader names a coach in the list: its name, then its status */
  g_autofree char *accessible = g_strdup_printf (_("%s, %s"), agent->name, status_label (agent->status));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), agent->name);
  if (agent->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), agent->description);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_add_css_class (status, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, agent->description,
                                  -1);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);

  return row;
}

static void
show_agents (DebriefAgentsWindow *self,
             GPtrArray           *agents)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  g_clear_pointer (&self->agents, g_ptr_array_unref);
  self->agents = agents;

  for (guint i = 0; i < agents->len; i++)
    {
      GtkWidget *row = make_row (self, g_ptr_array_index (agents, i));

      g_ptr_array_add (self->rows, g_object_ref_sink (row));
      adw_preferences_group_add (self->list_group, row);
    }

  gtk_label_set_text (self->empty_label, _("No coaches yet. Add one to practise a conversation."));
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), agents->len == 0);
}

static void
list_agents_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *agents = debrief_store_list_agents (task_data, NULL, &error);

  if (agents == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, agents, (GDestroyNotify) g_ptr_array_unref);
}

static void
agents_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DebriefAgentsWindow *self = DEBRIEF_AGENTS_WINDOW (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *agents = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer listing is on its way, or the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (agents != NULL)
    {
      show_agents (self, agents);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The coaches could not be read: %s"), error->message);

      gtk_label_set_text (self->empty_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->empty_label), TRUE);
    }

  set_loading (self, FALSE);
}

/* Lists the agents again, off the UI thread. */
static void
reload (DebriefAgentsWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, agents_listed_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, list_agents_thread);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (DEBRIEF_AGENTS_WINDOW (widget), NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  close_editor (DEBRIEF_AGENTS_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DebriefAgentsWindow *self = DEBRIEF_AGENTS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean is_new;

  if (self->editing == NULL)
    return;

  is_new = self->editing->id == NULL;
  read_editor (self);

  /* A single row and its voice settings: quick enough for the UI thread. */
  if (!debrief_agents_save (self->store, self->editing, self->editing_voice, &error))
    {
      show_error (self, error);
      return;
    }

  if (is_new)
    add_toast (self, g_markup_printf_escaped (_("Added “%s”"), self->editing->name));
  else
    add_toast (self, g_markup_printf_escaped (_("Saved “%s”"), self->editing->name));
  close_editor (self);
  reload (self);
}

static void
delete_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    DebriefAgentsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (self->editing == NULL || self->editing->id == NULL)
    return;

  /* Its voice settings go with it (ON DELETE CASCADE); its calls stay, without an agent (ON DELETE SET NULL). */
  if (!debrief_store_delete_agent (self->store, self->editing->id, &error))
    {
      show_error (self, error);
      return;
    }

  name = g_strdup (self->editing->name);
  close_editor (self);
  add_toast (self, g_markup_printf_escaped (_("Deleted “%s”"), name));
  reload (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DebriefAgentsWindow *self = DEBRIEF_AGENTS_WINDOW (widget);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (self->editing == NULL || self->editing->id == NULL)
    return;

  heading = g_strdup_printf (_("Delete “%s”?"), self->editing->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("Its instructions and voice settings are deleted. Calls "
                                                         "held with this coach stay in the library, without a "
                                                         "coach.")));
  debrief_dialog_add_choice (dialog, _("_Cancel"), "delete", _("_Delete"), ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response::delete", G_CALLBACK (delete_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
debrief_agents_window_constructed (GObject *object)
{
  DebriefAgentsWindow *self = (DebriefAgentsWindow *) object;

  G_OBJECT_CLASS (debrief_agents_window_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL);

  reload (self);
}

static void
debrief_agents_window_dispose (GObject *object)
{
  DebriefAgentsWindow *self = (DebriefAgentsWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  self->error_row = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_AGENTS_WINDOW);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (debrief_agents_window_parent_class)->dispose (object);
}

static void
debrief_agents_window_finalize (GObject *object)
{
  DebriefAgentsWindow *self = (DebriefAgentsWindow *) object;

  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->editing, debrief_agent_free);
  g_clear_pointer (&self->editing_voice, debrief_voice_settings_free);

  G_OBJECT_CLASS (debrief_agents_window_parent_class)->finalize (object);
}

static void
debrief_agents_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DebriefAgentsWindow *self = DEBRIEF_AGENTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_agents_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DebriefAgentsWindow *self = DEBRIEF_AGENTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_agents_window_class_init (DebriefAgentsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = debrief_agents_window_constructed;
  object_class->dispose = debrief_agents_window_dispose;
  object_class->finalize = debrief_agents_window_finalize;
  object_class->get_property = debrief_agents_window_get_property;
  object_class->set_property = debrief_agents_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DEBRIEF_TYPE_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DebriefAgentsWindow:loading:
   *
   * Whether the list of coaches is being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/agents-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, list_group);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, empty_label);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, editor_title);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, editor_page);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, description_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, status_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, details_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, stt_model_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, chat_model_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, tts_model_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, voice_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, stability_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, similarity_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, pitch_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, speed_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, stability_spin);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, similarity_spin);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, pitch_spin);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, speed_spin);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, voice_error);
  gtk_widget_class_bind_template_child (widget_class, DebriefAgentsWindow, delete_group);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_unmapped_cb);

  gtk_widget_class_install_action (widget_class, "agents.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "agents.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "agents.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "agents.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "agents.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "agents.save", NULL);
}

static void
debrief_agents_window_init (DebriefAgentsWindow *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agents.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agents.delete", FALSE);
}

/**
 * debrief_agents_window_new:
 * @store: the store the coaches are kept in
 * @settings: (nullable): the application's settings, for a new coach's models and voice
 *
 * Returns: (transfer full): a new Coaches window
 */
DebriefAgentsWindow *
debrief_agents_window_new (DebriefStore *store,
                           GSettings    *settings)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (DEBRIEF_TYPE_AGENTS_WINDOW, "store", store, "settings", settings, NULL);
}

/**
 * debrief_agents_window_get_loading:
 * @self: a #DebriefAgentsWindow
 *
 * Returns: whether the list of coaches is being read
 */
gboolean
debrief_agents_window_get_loading (DebriefAgentsWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_AGENTS_WINDOW (self), FALSE);

  return self->loading;
}

/**
 * debrief_agents_window_get_agents:
 * @self: a #DebriefAgentsWindow
 *
 * Returns: (transfer none) (element-type DebriefAgent) (nullable): the
 *   coaches listed, by name; %NULL before the first listing
 */
GPtrArray *
debrief_agents_window_get_agents (DebriefAgentsWindow *self)
{
  g_return_val_if_fail (DEBRIEF_IS_AGENTS_WINDOW (self), NULL);

  return self->agents;
}
