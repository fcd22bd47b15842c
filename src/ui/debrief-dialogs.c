/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-dialogs.c: the two answers of the app's questions */

#include "config.h"

#include "debrief-dialogs.h"

/**
 * debrief_dialog_add_choice:
 * @dialog: a question
 * @cancel_label: the label of the "cancel" response
 * @response: the id of the other response
 * @label: its label
 * @appearance: its appearance
 *
 * Gives @dialog its two answers: "cancel", which Escape chooses too, and
 * @response. A suggested @response is what Enter chooses; otherwise Enter
 * cancels, so that nothing is ended or deleted by a stray key.
 */
void
debrief_dialog_add_choice (AdwMessageDialog      *dialog,
                           const char            *cancel_label,
                           const char            *response,
                           const char            *label,
                           AdwResponseAppearance  appearance)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  adw_message_dialog_add_responses (dialog, "cancel", cancel_label, response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, appearance == ADW_RESPONSE_SUGGESTED ? response : "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
}
