/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-server.h: a SoupServer on 127.0.0.1 in a thread of its own, for the fake backends */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Called in the server's thread, with its main context the thread's default. */
typedef void (*FakeServerFunc) (SoupServer *server,
                                gpointer    user_data);

typedef struct _FakeServer FakeServer;

FakeServer   *fake_server_new         (const char        *name,
                                       FakeServerFunc     setup,
                                       FakeServerFunc     stopping,
                                       gpointer           user_data);
void          fake_server_free        (FakeServer        *self);
const char   *fake_server_get_url     (FakeServer        *self);
GMainContext *fake_server_get_context (FakeServer        *self);

void          fake_server_answer_json (SoupServerMessage *message,
                                       guint              status,
                                       const char        *json);
char         *fake_server_describe    (SoupServerMessage *message,
                                       const char        *why);
GHashTable   *fake_server_read_form_data (SoupServerMessage  *message,
                                          GBytes             *body,
                                          GBytes            **file,
                                          const char        **why);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

G_END_DECLS
