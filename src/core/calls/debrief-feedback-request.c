/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-feedback-request.c: asking the chat model for a coaching call's feedback, and keeping it */

#define G_LOG_DOMAIN "debrief-feedback"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "debrief-feedback.h"

typedef struct
{
  DebriefStore *store;
  char         *call_id;
  char         *data_dir;
  JsonObject   *metrics;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->store);
  g_free (request->call_id);
  g_free (request->data_dir);
  g_clear_pointer (&request->metrics, json_object_unref);
  g_free (request);
}

static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *reply = debrief_voice_client_chat_finish (DEBRIEF_VOICE_CLIENT (object), result, &error);
  g_autoptr(JsonObject) feedback = NULL;
  g_autofree char *document = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (reply != NULL)
    feedback = debrief_feedback_parse (reply, &error);

  /* What the model could not say is said to be missing; the measures stay. */
  document = debrief_feedback_compose (feedback, request->metrics, error != NULL ? error->message : NULL);
  if (!debrief_feedback_store (request->store, request->call_id, document, request->data_dir, &store_error))
    {
      g_task_return_error (task, g_steal_pointer (&store_error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&document), g_free);
}

/**
 * debrief_feedback_request_async:
 * @client: the voice backend
 * @store: the store
 * @call_id: a coaching call that has ended
 * @chat_model: the chat model
 * @system_prompt: (nullable): the coach's own instructions
 * @language: (nullable): the call's language
 * @data_dir: the data folder, for archive.json
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the feedback stored
 * @user_data: data for @callback
 *
 * Measures the call, asks the chat model for its feedback and stores both
 * in the call and its archive.json. A model that fails or answers nonsense
 * leaves the measures and the reason in the feedback; the call is never
 * touched otherwise.
 */
void
debrief_feedback_request_async (DebriefVoiceClient  *client,
                                DebriefStore        *store,
                                const char          *call_id,
                                const char          *chat_model,
                                const char          *system_prompt,
                                const char          *language,
                                const char          *data_dir,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(DebriefCall) call = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(JsonArray) messages = NULL;
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DEBRIEF_IS_VOICE_CLIENT (client));
  g_return_if_fail (DEBRIEF_IS_STORE (store));
  g_return_if_fail (call_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, debrief_feedback_request_async);

  call = debrief_store_get_call (store, call_id, &error);
  if (call != NULL)
    chunks = debrief_store_list_chunks (store, call_id, &error);
  if (chunks == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  request = g_new0 (Request, 1);
  request->store = g_object_ref (store);
  request->call_id = g_strdup (call_id);
  request->data_dir = g_strdup (data_dir);
  request->metrics = debrief_feedback_measure (chunks, call->duration_seconds);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  messages = debrief_feedback_build_messages (system_prompt, chunks, language);
  debrief_voice_client_chat_async (client, chat_model, messages, TRUE, NULL, NULL, cancellable, answered_cb,
                                   g_steal_pointer (&task));
}

/**
 * debrief_feedback_request_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the feedback stored (calls.feedback_json), or
 *   %NULL when it could not be stored
 */
char *
debrief_feedback_request_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
