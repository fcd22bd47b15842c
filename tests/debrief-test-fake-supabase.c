/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-test-fake-supabase.c: a fake Supabase (Auth, Storage, REST) that checks the wire format */

#include "config.h"

#include "debrief-test-fake-supabase.h"
#include "fakes/debrief-fake-server.h"

/* Answers as Supabase does, and notes every request a real server would
 * refuse as malformed, so the test can fail on it. */
static void
refuse (FakeSupabase      *fake,
        SoupServerMessage *message,
        guint              status,
        const char        *why)
{
  g_autofree char *json = g_strdup_printf ("{\"statusCode\":\"%u\",\"error\":\"Bad Request\",\"message\":\"%s\"}",
                                           status, why);

  if (status == 400)
    g_ptr_array_add (fake->malformed, fake_server_describe (message, why));
  fake_server_answer_json (message, status, json);
}

static JsonObject *
json_body (FakeSupabase      *fake,
           SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (message), NULL);
  g_autoptr(JsonNode) root = NULL;

  if (g_strcmp0 (type, "application/json") != 0)
    return NULL;
  root = json_from_string (body->data != NULL ? body->data : "", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static gboolean
has_apikey (SoupServerMessage *message)
{
  return g_strcmp0 (soup_message_headers_get_one (soup_server_message_get_request_headers (message), "apikey"),
                    FAKE_SUPABASE_ANON_KEY) == 0;
}

static gboolean
signed_in (FakeSupabase      *fake,
           SoupServerMessage *message)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");
  g_autofree char *expected = g_strconcat ("Bearer ", fake->access_token != NULL ? fake->access_token : "-", NULL);

  return g_strcmp0 (authorization, expected) == 0;
}

static void
issue_session (FakeSupabase      *fake,
               SoupServerMessage *message)
{
  g_autofree char *json = NULL;

  g_free (fake->access_token);
  g_free (fake->refresh_token);
  fake->access_token = g_uuid_string_random ();
  fake->refresh_token = g_uuid_string_random ();
  json = g_strdup_printf ("{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                          "\"refresh_token\":\"%s\",\"user\":{\"id\":\"%s\",\"email\":\"%s\"}}",
                          fake->access_token, fake->refresh_token, FAKE_SUPABASE_USER_ID, FAKE_SUPABASE_EMAIL);
  fake_server_answer_json (message, 200, json);
}

static void
auth_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  FakeSupabase *fake = user_data;
  g_autoptr(JsonObject) body = json_body (fake, message);
  const char *grant = query != NULL ? g_hash_table_lookup (query, "grant_type") : NULL;

  fake->requests++;
  if (!has_apikey (message))
    return refuse (fake, message, 401, "No API key found in request");
  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0 || body == NULL)
    return refuse (fake, message, 400, "expected a JSON body in a POST");

  if (g_strcmp0 (grant, "password") == 0)
    {
      if (!json_object_has_member (body, "email") || !json_object_has_member (body, "password"))
        return refuse (fake, message, 400, "email and password are required");
      if (g_strcmp0 (json_object_get_string_member (body, "email"), FAKE_SUPABASE_EMAIL) != 0 ||
          g_strcmp0 (json_object_get_string_member (body, "password"), FAKE_SUPABASE_PASSWORD) != 0)
        return fake_server_answer_json (message, 400,
                                        "{\"error\":\"invalid_grant\","
                                        "\"error_description\":\"Invalid login credentials\"}");
      return issue_session (fake, message);
    }

  if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      if (!json_object_has_member (body, "refresh_token"))
        return refuse (fake, message, 400, "refresh_token is required");
      if (g_strcmp0 (json_object_get_string_member (body, "refresh_token"), fake->refresh_token) != 0)
        return fake_server_answer_json (message, 400,
                                        "{\"error\":\"invalid_grant\","
                                        "\"error_description\":\"Invalid Refresh Token\"}");
      return issue_session (fake, message);
    }

  refuse (fake, message, 400, "unsupported grant_type");
}

static void
storage_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FakeSupabase *fake = user_data;
  const char *method = soup_server_message_get_method (message);
  const char *rest = path + strlen ("/storage/v1/object/");
  gboolean authenticated = g_str_has_prefix (rest, "authenticated/");
  gboolean sign = g_str_has_prefix (rest, "sign/");
  g_autofree char *key = NULL;
  g_autofree char *decoded = NULL;
  g_auto(GStrv) parts = NULL;
  GBytes *stored;

  fake->requests++;
  if (authenticated)
    rest += strlen ("authenticated/");
  else if (sign)
    rest += strlen ("sign/");

  key = g_strdup (rest);
  parts = g_strsplit (key, "/", 3);
  if (g_strv_length (parts) < 3)
    return refuse (fake, message, 400, "object path must be bucket/folder/name");

  /* A signed link needs no keys, only its token. */
  if (sign && g_strcmp0 (method, "GET") == 0)
    {
      const char *token = query != NULL ? g_hash_table_lookup (query, "token") : NULL;
      g_autofree char *expected = g_strdup_printf ("signed:%s", key);

      if (g_strcmp0 (token, expected) != 0 || (stored = g_hash_table_lookup (fake->objects, key)) == NULL)
        return fake_server_answer_json (message, 400, "{\"error\":\"InvalidJWT\",\"message\":\"invalid signature\"}");
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (stored, NULL), g_bytes_get_size (stored));
      return;
    }

  if (!has_apikey (message))
    return refuse (fake, message, 401, "No API key found in request");
  if (!signed_in (fake, message))
    return fake_server_answer_json (message, 403,
                                    "{\"statusCode\":\"403\",\"error\":\"Unauthorized\",\"message\":\"invalid JWT\"}");

  /* The documented policy: the first folder is the owner. */
  if (g_strcmp0 (parts[1], FAKE_SUPABASE_USER_ID) != 0)
    return fake_server_answer_json (message, 403, "{\"statusCode\":\"403\",\"error\":\"Unauthorized\","
                                    "\"message\":\"new row violates row-level security policy\"}");

  if (sign)
    {
      g_autoptr(JsonObject) body = json_body (fake, message);
      g_autofree char *json = NULL;

      if (body == NULL || !json_object_has_member (body, "expiresIn"))
        return refuse (fake, message, 400, "expiresIn is required");
      if (!g_hash_table_contains (fake->objects, key))
        return fake_server_answer_json (message, 404,
                                        "{\"statusCode\":\"404\",\"error\":\"not_found\","
                                        "\"message\":\"Object not found\"}");
      json = g_strdup_printf ("{\"signedURL\":\"/object/sign/%s?token=signed:%s\"}", key, key);
      return fake_server_answer_json (message, 200, json);
    }

  if (g_strcmp0 (method, "POST") == 0 && !authenticated)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (message);
      const char *upsert = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                         "x-upsert");

      if (soup_message_headers_get_content_type (soup_server_message_get_request_headers (message), NULL) == NULL)
        return refuse (fake, message, 400, "Content-Type is required");
      if (g_hash_table_contains (fake->objects, key) && g_strcmp0 (upsert, "true") != 0)
        return fake_server_answer_json (message, 400,
                                        "{\"statusCode\":\"409\",\"error\":\"Duplicate\","
                                        "\"message\":\"The resource already exists\"}");

      g_hash_table_replace (fake->objects, g_strdup (key), g_bytes_new (body->data, body->length));
      return fake_server_answer_json (message, 200, "{\"Key\":\"stored\"}");
    }

  stored = g_hash_table_lookup (fake->objects, key);
  if (stored == NULL)
    return fake_server_answer_json (message, 404,
                                    "{\"statusCode\":\"404\",\"error\":\"not_found\","
                                    "\"message\":\"Object not found\"}");

  if (g_strcmp0 (method, "DELETE") == 0 && !authenticated)
    {
      g_hash_table_remove (fake->objects, key);
      return fake_server_answer_json (message, 200, "{\"message\":\"Successfully deleted\"}");
    }

  if (authenticated && (g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (stored, NULL), g_bytes_get_size (stored));
      return;
    }

  refuse (fake, message, 400, "unsupported storage request");
}

/* The remote schema's foreign keys: parents must come first. */
static gboolean
references_exist (FakeSupabase *fake,
                  JsonObject   *row)
{
  static const char * const keys[][2] = {
    { "call_id", "calls" }, { "lead_id", "leads" }, { "ai_agent_id", "agents" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GHashTable *parents = g_hash_table_lookup (fake->tables, keys[i][1]);
      const char *id;

      if (!json_object_has_member (row, keys[i][0]) || json_object_get_null_member (row, keys[i][0]))
        continue;
      id = json_object_get_string_member (row, keys[i][0]);
      if (parents == NULL || !g_hash_table_contains (parents, id))
        return FALSE;
    }

  return TRUE;
}

/* DELETE /rest/v1/TABLE?COLUMN=eq.VALUE, one filter, as PostgREST takes it;
 * a row others still reference is refused, as a foreign key would. */
static void
delete_rows (FakeSupabase      *fake,
             SoupServerMessage *message,
             const char        *table,
             GHashTable        *query)
{
  static const char * const children[][2] = {
    { "call_chunks", "call_id" }, { "file_uploads", "call_id" },
  };
  GHashTable *rows = g_hash_table_lookup (fake->tables, table);
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_free);
  const char *column = NULL;
  const char *filter = NULL;
  GHashTableIter iter;
  gpointer id, row;

  if (query != NULL && g_hash_table_size (query) == 1)
    {
      g_hash_table_iter_init (&iter, query);
      g_hash_table_iter_next (&iter, (gpointer *) &column, (gpointer *) &filter);
    }
  if (filter == NULL || !g_str_has_prefix (filter, "eq."))
    return refuse (fake, message, 400, "a DELETE needs one COLUMN=eq.VALUE filter");

  g_hash_table_iter_init (&iter, rows != NULL ? rows : fake->tables);
  while (rows != NULL && g_hash_table_iter_next (&iter, &id, &row))
    if (json_object_has_member (row, column) &&
        g_strcmp0 (json_object_get_string_member (row, column), filter + 3) == 0)
      g_ptr_array_add (doomed, g_strdup (id));

  for (guint i = 0; g_str_equal (table, "calls") && i < doomed->len; i++)
    for (gsize c = 0; c < G_N_ELEMENTS (children); c++)
      {
        GHashTable *child_rows = g_hash_table_lookup (fake->tables, children[c][0]);
        GHashTableIter child_iter;
        gpointer child;

        if (child_rows == NULL)
          continue;
        g_hash_table_iter_init (&child_iter, child_rows);
        while (g_hash_table_iter_next (&child_iter, NULL, &child))
          if (g_strcmp0 (json_object_get_string_member (child, children[c][1]), g_ptr_array_index (doomed, i)) == 0)
            return fake_server_answer_json (message, 409,
                                            "{\"code\":\"23503\",\"message\":\"update or delete violates foreign key "
                                            "constraint\"}");
      }

  for (guint i = 0; i < doomed->len; i++)
    g_hash_table_remove (rows, g_ptr_array_index (doomed, i));

  soup_server_message_set_status (message, 204, NULL);
}

/* A time as PostgreSQL compares timestamptz values, µs since the epoch;
 * 0 for none (NULL matches no comparison). */
static gint64
row_time (JsonObject *row,
          const char *column)
{
  JsonNode *node = json_object_get_member (row, column);
  g_autoptr(GDateTime) time = NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING ||
      (time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL)) == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static const char *
row_string (JsonObject *row,
            const char *column)
{
  JsonNode *node = json_object_get_member (row, column);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static int
compare_by_update (gconstpointer a,
                   gconstpointer b)
{
  JsonObject *first = *(JsonObject **) a;
  JsonObject *second = *(JsonObject **) b;
  gint64 first_time = row_time (first, "updated_at");
  gint64 second_time = row_time (second, "updated_at");

  if (first_time != second_time)
    return first_time < second_time ? -1 : 1;
  return g_strcmp0 (row_string (first, "id"), row_string (second, "id"));
}

static gboolean
parse_count (const char *text,
             guint64     max,
             guint64    *value)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

/* GET /rest/v1/conversations, the one read Debrief makes: the signed-in
 * user's WhatsApp replies changed after a time, oldest change first, in
 * pages. Filters as PostgREST writes them (COLUMN=OPERATOR.VALUE); what
 * PostgREST would refuse, or a read that leaves one of them out, is
 * malformed. */
static void
select_rows (FakeSupabase      *fake,
             SoupServerMessage *message,
             const char        *table,
             GHashTable        *query)
{
  static const char * const known[] = {
    "select", "message_type", "direction", "user_id", "updated_at", "order", "limit", "offset", NULL
  };
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Accept");
  GHashTable *rows = g_hash_table_lookup (fake->tables, table);
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(JsonArray) answer = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *json = NULL;
  const char *user_filter;
  const char *since;
  const char *order;
  guint64 limit = 0;
  guint64 offset = 0;
  gint64 since_time;
  GHashTableIter iter;
  const char *name;
  gpointer row;

  if (!g_str_equal (table, "conversations"))
    return refuse (fake, message, 400, "the fake serves reads of conversations only");
  if (body->length > 0)
    return refuse (fake, message, 400, "a GET has no body");
  if (accept != NULL && !g_str_equal (accept, "application/json"))
    return refuse (fake, message, 400, "Accept must be application/json");
  if (query == NULL)
    return refuse (fake, message, 400, "a read needs its filters");

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_strv_contains (known, name))
      return refuse (fake, message, 400, "unexpected query parameter");

  if (g_strcmp0 (g_hash_table_lookup (query, "select"), "*") != 0)
    return refuse (fake, message, 400, "select=* is expected");
  if (g_strcmp0 (g_hash_table_lookup (query, "message_type"), "eq.whatsapp") != 0)
    return refuse (fake, message, 400, "message_type=eq.whatsapp is expected");
  if (g_strcmp0 (g_hash_table_lookup (query, "direction"), "eq.inbound") != 0)
    return refuse (fake, message, 400, "direction=eq.inbound is expected");
  user_filter = g_hash_table_lookup (query, "user_id");
  if (user_filter == NULL || !g_str_has_prefix (user_filter, "eq.") || user_filter[3] == '\0')
    return refuse (fake, message, 400, "user_id=eq.USER is expected");
  since = g_hash_table_lookup (query, "updated_at");
  if (since == NULL || !g_str_has_prefix (since, "gt.") || (after = g_date_time_new_from_iso8601 (since + 3, NULL)) == NULL)
    return refuse (fake, message, 400, "updated_at=gt.TIMESTAMP (ISO 8601 with a time zone) is expected");
  order = g_hash_table_lookup (query, "order");
  if (g_strcmp0 (order, "updated_at.asc") != 0 && g_strcmp0 (order, "updated_at.asc,id.asc") != 0)
    return refuse (fake, message, 400, "order=updated_at.asc is expected");
  if (!parse_count (g_hash_table_lookup (query, "limit"), 1000, &limit) || limit == 0)
    return refuse (fake, message, 400, "limit must be a number from 1 to 1000");
  if (g_hash_table_contains (query, "offset") && !parse_count (g_hash_table_lookup (query, "offset"), G_MAXUINT, &offset))
    return refuse (fake, message, 400, "offset must be a number");

  since_time = g_date_time_to_unix (after) * G_USEC_PER_SEC + g_date_time_get_microsecond (after);

  if (rows != NULL)
    {
      g_hash_table_iter_init (&iter, rows);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        if (g_strcmp0 (row_string (row, "user_id"), user_filter + 3) == 0 &&
            g_strcmp0 (row_string (row, "message_type"), "whatsapp") == 0 &&
            g_strcmp0 (row_string (row, "direction"), "inbound") == 0 &&
            row_time (row, "updated_at") > since_time)
          g_ptr_array_add (matching, row);
    }
  g_ptr_array_sort (matching, compare_by_update);

  for (guint i = (guint) offset; i < matching->len && i < offset + limit; i++)
    json_array_add_object_element (answer, json_object_ref (g_ptr_array_index (matching, i)));

  json_node_set_array (root, answer);
  json = json_to_string (root, FALSE);
  fake_server_answer_json (message, 200, json);
}

static void
rest_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  FakeSupabase *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *table = path + strlen ("/rest/v1/");
  g_autoptr(JsonNode) root = NULL;
  GHashTable *rows;
  JsonArray *array;

  fake->requests++;
  if (!has_apikey (message))
    return refuse (fake, message, 401, "No API key found in request");
  if (!signed_in (fake, message))
    return fake_server_answer_json (message, 401, "{\"message\":\"JWT expired\"}");
  if (g_strcmp0 (soup_server_message_get_method (message), "DELETE") == 0)
    return delete_rows (fake, message, table, query);
  if (g_strcmp0 (soup_server_message_get_method (message), "GET") == 0)
    return select_rows (fake, message, table, query);
  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0)
    return refuse (fake, message, 400, "only POST upserts, GET reads and DELETEs are expected");
  if (g_strcmp0 (soup_message_headers_get_content_type (headers, NULL), "application/json") != 0)
    return refuse (fake, message, 400, "Content-Type must be application/json");
  if (strstr (soup_message_headers_get_one (headers, "Prefer") ?: "", "resolution=merge-duplicates") == NULL)
    return refuse (fake, message, 400, "upserts need Prefer: resolution=merge-duplicates");

  root = json_from_string (body->data != NULL ? body->data : "", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return refuse (fake, message, 400, "the body must be a JSON array of rows");

  rows = g_hash_table_lookup (fake->tables, table);
  if (rows == NULL)
    {
      rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
      g_hash_table_insert (fake->tables, g_strdup (table), rows);
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      if (row == NULL || !json_object_has_member (row, "id"))
        return refuse (fake, message, 400, "every row needs its id");
      if (!g_str_equal (table, "call_chunks") && !json_object_has_member (row, "user_id"))
        return refuse (fake, message, 400, "every row but a chunk needs its user_id");
      if (json_object_has_member (row, "user_id") &&
          g_strcmp0 (json_object_get_string_member (row, "user_id"), FAKE_SUPABASE_USER_ID) != 0)
        return fake_server_answer_json (message, 403, "{\"message\":\"new row violates row-level security policy\"}");
      if (!references_exist (fake, row))
        return fake_server_answer_json (message, 409,
                                        "{\"code\":\"23503\","
                                        "\"message\":\"insert or update violates foreign key constraint\"}");
      g_hash_table_replace (rows, g_strdup (json_object_get_string_member (row, "id")), json_object_ref (row));
    }

  soup_server_message_set_status (message, 201, NULL);
}

static void
add_handlers (SoupServer *server,
              gpointer    user_data)
{
  soup_server_add_handler (server, "/auth/v1/token", auth_cb, user_data, NULL);
  soup_server_add_handler (server, "/storage/v1/object/", storage_cb, user_data, NULL);
  soup_server_add_handler (server, "/rest/v1/", rest_cb, user_data, NULL);
}

/**
 * fake_supabase_new:
 *
 * Returns: (transfer full): a fake Supabase listening on 127.0.0.1, in a
 *   thread of its own, so a test can call the blocking client straight from
 *   the main thread
 */
FakeSupabase *
fake_supabase_new (void)
{
  FakeSupabase *fake = g_new0 (FakeSupabase, 1);

  fake->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  fake->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  fake->malformed = g_ptr_array_new_with_free_func (g_free);
  fake->server = fake_server_new ("fake-supabase", add_handlers, NULL, fake);
  fake->url = g_strdup (fake_server_get_url (fake->server));

  return fake;
}

void
fake_supabase_free (FakeSupabase *fake)
{
  if (fake == NULL)
    return;

  fake_server_free (fake->server);
  g_hash_table_unref (fake->objects);
  g_hash_table_unref (fake->tables);
  g_ptr_array_unref (fake->malformed);
  g_free (fake->access_token);
  g_free (fake->refresh_token);
  g_free (fake->url);
  g_free (fake);
}

guint
fake_supabase_rows (FakeSupabase *fake,
                    const char   *table)
{
  GHashTable *rows = g_hash_table_lookup (fake->tables, table);

  return rows != NULL ? g_hash_table_size (rows) : 0;
}

/**
 * fake_supabase_add_row:
 * @fake: a #FakeSupabase
 * @table: the table, such as "conversations"
 * @json: the row as a JSON object, as something else (a webhook) stored it;
 *   one without an id is kept under a made-up key
 *
 * Puts a row straight into the fake's database. Call it while Debrief sends
 * no request.
 */
void
fake_supabase_add_row (FakeSupabase *fake,
                       const char   *table,
                       const char   *json)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  GHashTable *rows = g_hash_table_lookup (fake->tables, table);
  JsonObject *row;
  const char *id;

  g_assert_true (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
  row = json_node_get_object (root);
  if (rows == NULL)
    {
      rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
      g_hash_table_insert (fake->tables, g_strdup (table), rows);
    }

  id = row_string (row, "id");
  g_hash_table_replace (rows, id != NULL ? g_strdup (id) : g_uuid_string_random (), json_object_ref (row));
}
