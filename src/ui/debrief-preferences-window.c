/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-preferences-window.c: the Preferences window, bound to the application's settings */

#define G_LOG_DOMAIN "debrief-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-paths.h"
#include "debrief-preferences-window.h"
#include "debrief-storage-page.h"
#include "debrief-voice-page.h"
#include "debrief-whatsapp-page.h"

struct _DebriefPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  AdwActionRow         *data_dir_row;
  AdwComboRow          *format_row;
  AdwComboRow          *channels_row;
  GtkAdjustment        *bitrate_adjustment;
  GtkSwitch            *system_audio_switch;
  GtkSwitch            *user_audio_switch;
  GtkAdjustment        *max_minutes_adjustment;
  GtkAdjustment        *inactivity_adjustment;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (DebriefPreferencesWindow, debrief_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Combo rows list an enum key's nicks in order; these map "selected" to the nick. */
static const char * const color_schemes[] = { "default", "light", "dark", NULL };
static const char * const formats[] = { "ogg", "m4a", "webm", NULL };

static gboolean
nick_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      if (g_strcmp0 (nicks[i], nick) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
selected_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[selected]);
}

static gboolean
channels_to_selected (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) == 1 ? 0 : 1);
  return TRUE;
}

static GVariant *
selected_to_channels (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  return g_variant_new_uint32 (g_value_get_uint (value) == 0 ? 1 : 2);
}

static void
bind_combo (GSettings          *settings,
            const char         *key,
            AdwComboRow        *row,
            const char * const *nicks)
{
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_selected, selected_to_nick, (gpointer) nicks, NULL);
}

static void
debrief_preferences_window_constructed (GObject *object)
{
  DebriefPreferencesWindow *self = (DebriefPreferencesWindow *) object;
  g_autofree char *data_dir = debrief_get_data_dir ();

  G_OBJECT_CLASS (debrief_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (self->settings != NULL);

  adw_action_row_set_subtitle (self->data_dir_row, data_dir);

  bind_combo (self->settings, "color-scheme", self->style_row, color_schemes);
  bind_combo (self->settings, "recording-format", self->format_row, formats);
  g_settings_bind_with_mapping (self->settings, "recording-channels",
                                self->channels_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                channels_to_selected, selected_to_channels, NULL, NULL);
  g_settings_bind (self->settings, "recording-bitrate",
                   self->bitrate_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "record-system-audio",
                   self->system_audio_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "store-user-audio",
                   self->user_audio_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "max-call-minutes",
                   self->max_minutes_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "inactivity-timeout-seconds",
                   self->inactivity_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
debrief_preferences_window_dispose (GObject *object)
{
  DebriefPreferencesWindow *self = (DebriefPreferencesWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DEBRIEF_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (debrief_preferences_window_parent_class)->dispose (object);
}

static void
debrief_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  DebriefPreferencesWindow *self = DEBRIEF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_preferences_window_class_init (DebriefPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = debrief_preferences_window_constructed;
  object_class->dispose = debrief_preferences_window_dispose;
  object_class->set_property = debrief_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, data_dir_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, format_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, channels_row);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, bitrate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, system_audio_switch);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, user_audio_switch);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, max_minutes_adjustment);
  gtk_widget_class_bind_template_child (widget_class, DebriefPreferencesWindow, inactivity_adjustment);
}

static void
debrief_preferences_window_init (DebriefPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * debrief_preferences_window_new:
 * @settings: the application's settings
 * @store: (nullable): the store, for the storage usage
 *
 * Returns: (transfer full): a new Preferences window
 */
DebriefPreferencesWindow *
debrief_preferences_window_new (GSettings    *settings,
                                DebriefStore *store)
{
  DebriefPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DEBRIEF_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (debrief_storage_page_new (settings, store)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (debrief_voice_page_new (settings)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (debrief_whatsapp_page_new (settings)));

  return self;
}
