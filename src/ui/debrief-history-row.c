/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-history-row.c: one entry of a contact's history (a note, a message, an event) as a list row */

#define G_LOG_DOMAIN "debrief-history-row"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-history-row.h"

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
  if (conversation->status != NULL)
    g_string_append_printf (subtitle, " · %s", conversation->status);
  if (conversation->error != NULL)
    g_string_append_printf (subtitle, " · %s", conversation->error);
  g_string_append_printf (subtitle, " · %s", g_strstrip (date));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), conversation->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

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
