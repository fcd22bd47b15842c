/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-fake-supabase.h: a fake Supabase (Auth, Storage, REST) that checks the wire format */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FAKE_SUPABASE_ANON_KEY "anon-key-for-tests"
#define FAKE_SUPABASE_EMAIL    "coach@example.com"
#define FAKE_SUPABASE_PASSWORD "correct horse"
#define FAKE_SUPABASE_USER_ID  "5b1f3c2e-9d4a-4f7b-8c6d-1e2f3a4b5c6d"

typedef struct _FakeServer FakeServer;

typedef struct
{
  FakeServer *server;    /* a thread of its own, see fakes/debrief-fake-server.h */
  char       *url;
  char       *access_token;
  char       *refresh_token;
  GHashTable *objects;   /* "bucket/path" → GBytes */
  GHashTable *tables;    /* table name → (id → JsonObject) */
  GPtrArray  *malformed; /* what a real server would have refused, and why */
  guint       requests;
} FakeSupabase;

FakeSupabase *fake_supabase_new  (void);
void          fake_supabase_free (FakeSupabase *fake);
guint         fake_supabase_rows (FakeSupabase *fake,
                                  const char   *table);
void          fake_supabase_add_row (FakeSupabase *fake,
                                     const char   *table,
                                     const char   *json);

G_END_DECLS
