/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-history-row.c: one entry of a contact's history (a note, a message, an event) as a list row */

#define G_LOG_DOMAIN "debrief-history-row"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-history-row.h"
#include "debrief-player.h"

/* A received voice note plays in the row; its player lives on the button. */
static void
player_playing_cb (DebriefPlayer *player,
                   GParamSpec    *pspec,
                   GtkButton     *button)
{
  gboolean playing = debrief_player_get_playing (player);

  gtk_button_set_icon_name (button, playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), playing ? _("Pause") : _("Play"));
}

static void
player_end_cb (DebriefPlayer *player,
               GtkButton     *button)
{
  debrief_player_seek (player, 0);
}

static void
player_error_cb (DebriefPlayer *player,
                 GError        *error,
                 GtkButton     *button)
{
  gtk_button_set_icon_name (button, "dialog-warning-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), error->message);
}

/* One voice note at a time: the one playing, if any */
static DebriefPlayer *playing_player;

static void
play_clicked_cb (GtkButton  *button,
                 const char *path)
{
  DebriefPlayer *player = g_object_get_data (G_OBJECT (button), "player");

  if (player == NULL)
    {
      g_autoptr(GError) error = NULL;

      player = debrief_player_new ();
      g_signal_connect_object (player, "notify::playing", G_CALLBACK (player_playing_cb), button, 0);
      g_signal_connect_object (player, "end-of-stream", G_CALLBACK (player_end_cb), button, 0);
      g_signal_connect_object (player, "error", G_CALLBACK (player_error_cb), button, 0);
      if (!debrief_player_open (player, path, &error))
        {
          /* Tried again on the next click */
          player_error_cb (player, error, button);
          g_object_unref (player);
          return;
        }
      g_object_set_data_full (G_OBJECT (button), "player", player, g_object_unref);
    }

  if (debrief_player_get_playing (player))
    {
      debrief_player_pause (player);
      return;
    }

  if (playing_player != NULL && playing_player != player)
    debrief_player_pause (playing_player);
  g_set_weak_pointer (&playing_player, player);
  debrief_player_play (player);
}

static void
open_clicked_cb (GtkButton  *button,
                 const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  g_autofree char *uri = g_file_get_uri (file);

  /* GDK_VERSION_MAX_ALLOWED is 4.8, where this is the way (through the portal in the Flatpak) */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* A message's status in words; one Debrief does not know (a webhook's) as it is */
static const char *
status_text (const char *status)
{
  static const struct
  {
    const char *status;
    const char *text;
  } words[] = {
    /* Translators: statuses of a message, shown after “WhatsApp · ” */
    { "queued", N_("waiting to be sent") },
    { "sending", N_("sending") },
    { "sent", N_("sent") },
    { "delivered", N_("delivered") },
    { "read", N_("read") },
    { "failed", N_("failed") },
    { "received", N_("received") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (status, words[i].status))
      return _(words[i].text);

  return status;
}

/* What a reply's attachment is, from its file name */
static gboolean
is_audio (const char *path)
{
  g_autofree char *type = g_content_type_guess (path, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (type);

  return mime != NULL && g_str_has_prefix (mime, "audio/");
}

static void
add_attachment (AdwActionRow              *row,
                const DebriefConversation *conversation)
{
  gboolean audio = is_audio (conversation->media_path);
  GtkWidget *button;
  char *path;

  if (conversation->message[0] == '\0')
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), audio ? _("Voice message") : _("Attachment"));

  /* Kept as data (see debrief_message_pull()): nothing to open it with */
  if (!g_file_test (conversation->media_path, G_FILE_TEST_IS_REGULAR) ||
      g_str_has_suffix (conversation->media_path, ".bin"))
    return;

  path = g_strdup (conversation->media_path);
  button = gtk_button_new_from_icon_name (audio ? "media-playback-start-symbolic" : "document-open-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, audio ? _("Play") : _("Open"));
  g_signal_connect_data (button, "clicked", audio ? G_CALLBACK (play_clicked_cb) : G_CALLBACK (open_clicked_cb),
                         path, (GClosureNotify) (void (*)(void))g_free, 0);
  adw_action_row_add_suffix (row, button);
}

/**
 * debrief_history_row_new_full:
 * @conversation: a note, message or event of a contact's history
 * @mark_outgoing: whether messages sent to the contact say so, as messages
 *   received from them always do
 *
 * Returns: (transfer floating): a row showing the entry's text, with its
 *   kind, direction, status, error and time below
 */
GtkWidget *
debrief_history_row_new_full (const DebriefConversation *conversation,
                              gboolean                   mark_outgoing)
{
  static const char * const icons[] = {
    [DEBRIEF_MESSAGE_TYPE_NOTE] = "document-edit-symbolic",
    [DEBRIEF_MESSAGE_TYPE_EMAIL] = "mail-unread-symbolic",
    [DEBRIEF_MESSAGE_TYPE_SMS] = "mail-send-symbolic",
    [DEBRIEF_MESSAGE_TYPE_WHATSAPP] = "chat-message-new-symbolic",
    [DEBRIEF_MESSAGE_TYPE_SYSTEM] = "emblem-system-symbolic",
  };
  static const char * const kinds[] = {
    [DEBRIEF_MESSAGE_TYPE_NOTE] = N_("Note"),
    [DEBRIEF_MESSAGE_TYPE_EMAIL] = N_("Email"),
    [DEBRIEF_MESSAGE_TYPE_SMS] = N_("SMS"),
    [DEBRIEF_MESSAGE_TYPE_WHATSAPP] = N_("WhatsApp"),
    [DEBRIEF_MESSAGE_TYPE_SYSTEM] = N_("Event"),
  };
  GtkWidget *row;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GString) subtitle = NULL;
  GtkWidget *icon;

  g_return_val_if_fail (conversation != NULL, NULL);
  g_return_val_if_fail ((guint) conversation->message_type < G_N_ELEMENTS (kinds), NULL);

  row = adw_action_row_new ();
  when = g_date_time_new_from_unix_local (conversation->created_at / G_USEC_PER_SEC);
  date = g_date_time_format (when, _("%e %b %Y, %H:%M"));
  subtitle = g_string_new (_(kinds[conversation->message_type]));
  icon = gtk_image_new_from_icon_name (icons[conversation->message_type]);

  if (conversation->direction == DEBRIEF_DIRECTION_INBOUND)
    g_string_append_printf (subtitle, " · %s", _("received"));
  else if (conversation->direction == DEBRIEF_DIRECTION_OUTBOUND && mark_outgoing)
    g_string_append_printf (subtitle, " · %s", _("outgoing"));
  if (conversation->status != NULL && !(conversation->direction == DEBRIEF_DIRECTION_INBOUND &&
                                        g_str_equal (conversation->status, "received")))
    g_string_append_printf (subtitle, " · %s", status_text (conversation->status));
  if (conversation->error != NULL)
    g_string_append_printf (subtitle, " · %s", conversation->error);
  g_string_append_printf (subtitle, " · %s", g_strstrip (date));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), conversation->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (conversation->media_path != NULL && conversation->direction == DEBRIEF_DIRECTION_INBOUND)
    add_attachment (ADW_ACTION_ROW (row), conversation);
  else if (conversation->message[0] == '\0' && conversation->direction == DEBRIEF_DIRECTION_INBOUND)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Attachment"));

  return row;
}

/**
 * debrief_history_row_new:
 * @conversation: a note, message or event of a contact's history
 *
 * As debrief_history_row_new_full(), where only received messages say
 * which way they went.
 *
 * Returns: (transfer floating): a row for @conversation
 */
GtkWidget *
debrief_history_row_new (const DebriefConversation *conversation)
{
  return debrief_history_row_new_full (conversation, FALSE);
}
