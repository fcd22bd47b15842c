/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-server.c: a SoupServer on 127.0.0.1 in a thread of its own, for the fake backends */

#include "config.h"

#include "debrief-fake-server.h"

struct _FakeServer
{
  FakeServerFunc  setup;
  FakeServerFunc  stopping;
  gpointer        user_data;

  SoupServer     *server;
  GMainContext   *context;
  GMainLoop      *loop;
  GThread        *thread;
  GMutex          lock;
  GCond           ready;
  char           *url;
};

/* The fake serves from its own thread, so it answers while the test's main
 * thread waits for the client, or calls a blocking client. */
static gpointer
serve_thread (gpointer data)
{
  FakeServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new (NULL, NULL);
  self->setup (self->server, self->user_data);
  g_assert_true (soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->lock);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  if (self->stopping != NULL)
    self->stopping (self->server, self->user_data);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/**
 * fake_server_new:
 * @name: the name of the server's thread
 * @setup: adds the handlers to the server, before it listens
 * @stopping: (nullable): lets go of what is under way, before the server
 *   disconnects
 * @user_data: data for @setup and @stopping
 *
 * Returns: (transfer full): a server listening on 127.0.0.1, once it listens
 */
FakeServer *
fake_server_new (const char     *name,
                 FakeServerFunc  setup,
                 FakeServerFunc  stopping,
                 gpointer        user_data)
{
  FakeServer *self = g_new0 (FakeServer, 1);

  self->setup = setup;
  self->stopping = stopping;
  self->user_data = user_data;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new (name, serve_thread, self);
  while (self->url == NULL)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

/* Stops the server and waits for its thread. */
void
fake_server_free (FakeServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self->url);
  g_free (self);
}

/**
 * fake_server_get_url:
 *
 * Returns: the server's root, "http://127.0.0.1:PORT"
 */
const char *
fake_server_get_url (FakeServer *self)
{
  return self->url;
}

/* The main context of the server's thread, for sources that answer later. */
GMainContext *
fake_server_get_context (FakeServer *self)
{
  return self->context;
}

void
fake_server_answer_json (SoupServerMessage *message,
                         guint              status,
                         const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* "METHOD /path: @why", as a fake notes a request a real server would refuse. */
char *
fake_server_describe (SoupServerMessage *message,
                      const char        *why)
{
  return g_strdup_printf ("%s %s: %s", soup_server_message_get_method (message),
                          g_uri_get_path (soup_server_message_get_uri (message)), why);
}

/**
 * fake_server_read_form_data:
 * @message: a request
 * @body: its body
 * @file: (out): the part named "file", or %NULL when there is none
 * @why: (out): what a real server would say of a malformed body
 *
 * Reads a multipart/form-data body as the APIs the fakes stand for do:
 * every part a form-data with a name, no name twice, the file part with a
 * filename.
 *
 * Returns: (transfer full) (nullable): the fields by name, the file part's
 *   as its filename (and its Content-Type, if any, as "file:type"); %NULL
 *   with @why set when the body is malformed
 */
GHashTable *
fake_server_read_form_data (SoupServerMessage  *message,
                            GBytes             *body,
                            GBytes            **file,
                            const char        **why)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GBytes) file_part = NULL;

  *file = NULL;
  if (!g_str_has_prefix (soup_message_headers_get_content_type (request_headers, NULL) ?: "", "multipart/form-data") ||
      (multipart = soup_multipart_new_from_message (request_headers, body)) == NULL)
    {
      *why = "The request must be multipart/form-data";
      return NULL;
    }

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers;
      GBytes *part;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) params = NULL;
      const char *name;

      soup_multipart_get_part (multipart, i, &headers, &part);
      if (!soup_message_headers_get_content_disposition (headers, &disposition, &params) ||
          g_strcmp0 (disposition, "form-data") != 0 || (name = g_hash_table_lookup (params, "name")) == NULL)
        {
          *why = "every part needs Content-Disposition: form-data; name=…";
          return NULL;
        }
      if (g_hash_table_contains (form, name))
        {
          *why = "a field is given twice";
          return NULL;
        }

      if (g_str_equal (name, "file"))
        {
          const char *filename = g_hash_table_lookup (params, "filename");
          const char *type = soup_message_headers_get_content_type (headers, NULL);

          if (filename == NULL || *filename == '\0')
            {
              *why = "the file part needs a filename";
              return NULL;
            }
          file_part = g_bytes_ref (part);
          g_hash_table_replace (form, g_strdup ("file"), g_strdup (filename));
          if (type != NULL)
            g_hash_table_replace (form, g_strdup ("file:type"), g_strdup (type));
        }
      else
        g_hash_table_replace (form, g_strdup (name), g_strndup (g_bytes_get_data (part, NULL), g_bytes_get_size (part)));
    }

  *file = g_steal_pointer (&file_part);
  return g_steal_pointer (&form);
}
