/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-whatsapp.c: a fake WhatsApp Cloud API (media upload, messages) that checks the wire format */

#include "config.h"

#include <libsoup/soup.h>

#include "debrief-fake-server.h"
#include "debrief-fake-whatsapp.h"

#define MAX_TEXT_CHARS 4096

static const char * const edges[FAKE_WHATSAPP_N_ENDPOINTS] = { "media", "messages" };

/* The audio types the Cloud API takes */
static const char * const audio_types[] = { "audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg", NULL };

struct _FakeWhatsapp
{
  FakeServer         *server;
  GMutex              lock;
  char               *url;
  char               *token;
  char               *phone_number_id;

  /* Behaviour, under the lock */
  guint               retry_after;
  FakeWhatsappFault   faults[FAKE_WHATSAPP_N_ENDPOINTS];
  guint               fault_times[FAKE_WHATSAPP_N_ENDPOINTS];  /* 0: every time */

  /* What it saw, under the lock */
  guint               requests[FAKE_WHATSAPP_N_ENDPOINTS];
  SoupMessageHeaders *last_headers[FAKE_WHATSAPP_N_ENDPOINTS];
  GHashTable         *last_form;     /* field → value; "file" → its filename, "file:type" → its Content-Type */
  GBytes             *last_file;
  JsonObject         *last_message;
  char               *last_media_id;
  GHashTable         *media;         /* media id → content type */
  guint64             next_id;
  GPtrArray          *malformed;     /* what the real API would have refused, and why */
};

/* Graph's error shape: {"error": {"message", "type", "code", "error_subcode", "error_data", "fbtrace_id"}} */
static void
answer_error (SoupServerMessage *message,
              guint              status,
              int                code,
              int                subcode,
              const char        *text,
              const char        *details)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "OAuthException");
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  if (subcode != 0)
    {
      json_builder_set_member_name (builder, "error_subcode");
      json_builder_add_int_value (builder, subcode);
    }
  if (details != NULL)
    {
      json_builder_set_member_name (builder, "error_data");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "messaging_product");
      json_builder_add_string_value (builder, "whatsapp");
      json_builder_set_member_name (builder, "details");
      json_builder_add_string_value (builder, details);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "fbtrace_id");
  json_builder_add_string_value (builder, "AbCdEfGhIjKlMnOpQrStUvW");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  fake_server_answer_json (message, status, json);
}

/* Notes a request the real API would have refused as malformed, and refuses it as it would. */
static void
reject (FakeWhatsapp      *fake,
        SoupServerMessage *message,
        const char        *why)
{
  g_autofree char *text = g_strdup_printf ("(#100) %s", why);

  g_mutex_lock (&fake->lock);
  g_ptr_array_add (fake->malformed, fake_server_describe (message, why));
  g_mutex_unlock (&fake->lock);
  answer_error (message, 400, 100, 0, text, why);
}

/* Takes the next planned failure of @endpoint and answers with it; FALSE when none is planned. */
static gboolean
answer_fault (FakeWhatsapp         *fake,
              SoupServerMessage    *message,
              FakeWhatsappEndpoint  endpoint)
{
  FakeWhatsappFault fault;
  guint retry_after;

  g_mutex_lock (&fake->lock);
  fault = fake->faults[endpoint];
  if (fault != FAKE_WHATSAPP_FAULT_NONE && fake->fault_times[endpoint] > 0 && --fake->fault_times[endpoint] == 0)
    fake->faults[endpoint] = FAKE_WHATSAPP_FAULT_NONE;
  retry_after = fake->retry_after;
  g_mutex_unlock (&fake->lock);

  switch (fault)
    {
    case FAKE_WHATSAPP_FAULT_NONE:
      return FALSE;

    case FAKE_WHATSAPP_FAULT_EXPIRED_TOKEN:
      answer_error (message, 401, 190, 463, "Error validating access token: Session has expired on Tuesday, "
                    "01-Aug-23 10:00:00 PDT. The current time is Wednesday, 02-Aug-23 09:12:44 PDT.", NULL);
      break;

    case FAKE_WHATSAPP_FAULT_INVALID_NUMBER:
      answer_error (message, 400, 131026, 0, "(#131026) Message undeliverable",
                    "Message Undeliverable: the recipient's phone number is not a WhatsApp phone number");
      break;

    case FAKE_WHATSAPP_FAULT_MEDIA_TOO_LARGE:
      answer_error (message, 400, 131053, 0, "(#131053) Media upload error",
                    "Audio file size exceeds the maximum allowed size of 16 MB");
      break;

    case FAKE_WHATSAPP_FAULT_RATE_LIMITED:
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      answer_error (message, 429, 130429, 0, "(#130429) Rate limit hit",
                    "Cloud API message throughput has been reached.");
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", seconds);
    }
    break;

    case FAKE_WHATSAPP_FAULT_SERVER:
      answer_error (message, 500, 131000, 0, "(#131000) Something went wrong", "Something went wrong");
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* The audio's first bytes match its declared type. */
static gboolean
looks_like (GBytes     *file,
            const char *type)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);

  if (g_str_equal (type, "audio/ogg"))
    return size >= 4 && memcmp (data, "OggS", 4) == 0;
  if (g_str_equal (type, "audio/mp4"))
    return size >= 8 && memcmp (data + 4, "ftyp", 4) == 0;
  if (g_str_equal (type, "audio/amr"))
    return size >= 6 && memcmp (data, "#!AMR\n", 6) == 0;
  if (g_str_equal (type, "audio/mpeg"))
    return size >= 3 && (memcmp (data, "ID3", 3) == 0 || (data[0] == 0xff && (data[1] & 0xe0) == 0xe0));

  return size >= 2 && data[0] == 0xff && (data[1] & 0xf0) == 0xf0;  /* ADTS */
}

/* POST /{version}/{id}/media: multipart/form-data with messaging_product, type and file, in any order */
static void
handle_media (FakeWhatsapp      *fake,
              SoupServerMessage *message,
              GBytes            *body)
{
  static const char * const fields[] = { "messaging_product", "type", "file", "file:type", NULL };
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GBytes) file = NULL;
  GHashTableIter iter;
  const char *name;
  const char *why = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  const char *type;

  form = fake_server_read_form_data (message, body, &file, &why);
  if (form == NULL)
    return reject (fake, message, why);
  if (g_hash_table_contains (form, "file") && !g_hash_table_contains (form, "file:type"))
    return reject (fake, message, "The parameter file must be a file with a filename and a Content-Type");
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_strv_contains (fields, name))
      return reject (fake, message, "Unknown parameter in the upload");

  g_mutex_lock (&fake->lock);
  g_clear_pointer (&fake->last_form, g_hash_table_unref);
  fake->last_form = g_hash_table_ref (form);
  g_clear_pointer (&fake->last_file, g_bytes_unref);
  fake->last_file = file != NULL ? g_bytes_ref (file) : NULL;
  g_mutex_unlock (&fake->lock);

  type = g_hash_table_lookup (form, "type");
  if (g_strcmp0 (g_hash_table_lookup (form, "messaging_product"), "whatsapp") != 0)
    return reject (fake, message, "The parameter messaging_product is required and must be whatsapp");
  if (file == NULL || g_bytes_get_size (file) == 0)
    return reject (fake, message, "The parameter file is required");
  if (type == NULL || !g_strv_contains (audio_types, type))
    return reject (fake, message, "Param type must be one of the supported audio types");
  if (!g_str_equal (type, g_hash_table_lookup (form, "file:type")))
    return reject (fake, message, "Param type does not match the file's Content-Type");
  if (!looks_like (file, type))
    return reject (fake, message, "The file is not the audio its type says");

  if (answer_fault (fake, message, FAKE_WHATSAPP_MEDIA))
    return;
  if (g_bytes_get_size (file) > FAKE_WHATSAPP_MAX_AUDIO_BYTES)
    return answer_error (message, 400, 131053, 0, "(#131053) Media upload error",
                         "Audio file size exceeds the maximum allowed size of 16 MB");

  g_mutex_lock (&fake->lock);
  id = g_strdup_printf ("%" G_GUINT64_FORMAT, fake->next_id++);
  g_hash_table_replace (fake->media, g_strdup (id), g_strdup (type));
  g_free (fake->last_media_id);
  fake->last_media_id = g_strdup (id);
  g_mutex_unlock (&fake->lock);

  json = g_strdup_printf ("{\"id\":\"%s\"}", id);
  fake_server_answer_json (message, 200, json);
}

static gboolean
only_members (JsonObject         *object,
              const char * const *known)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return FALSE;

  return TRUE;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_boolean_or_absent (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* Digits only, as the API documents "to": the number with its country code, without + */
static gboolean
is_wa_number (const char *to)
{
  gsize length = to != NULL ? strlen (to) : 0;

  if (length < 7 || length > 15)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (to[i]))
      return FALSE;

  return TRUE;
}

/* POST /{version}/{id}/messages: a JSON message of type audio or text */
static void
handle_messages (FakeWhatsapp      *fake,
                 SoupServerMessage *message,
                 GBytes            *body)
{
  static const char * const message_members[] = {
    "messaging_product", "recipient_type", "to", "type", "audio", "text", NULL,
  };
  static const char * const audio_members[] = { "id", "voice", NULL };
  static const char * const text_members[] = { "body", "preview_url", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *media_type = NULL;
  g_autofree char *wamid = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;
  JsonObject *audio;
  JsonObject *text;
  const char *recipient_type;
  const char *to;
  const char *type;
  const char *media_id;
  const char *text_body;

  if (g_strcmp0 (soup_message_headers_get_content_type (soup_server_message_get_request_headers (message), NULL),
                 "application/json") != 0)
    return reject (fake, message, "Content-Type must be application/json");
  if (g_bytes_get_size (body) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return reject (fake, message, "The request body is not a JSON object");

  object = json_node_get_object (json_parser_get_root (parser));
  g_mutex_lock (&fake->lock);
  g_clear_pointer (&fake->last_message, json_object_unref);
  fake->last_message = json_object_ref (object);
  g_mutex_unlock (&fake->lock);

  if (!only_members (object, message_members))
    return reject (fake, message, "Unexpected key in the message");
  if (g_strcmp0 (string_member (object, "messaging_product"), "whatsapp") != 0)
    return reject (fake, message, "The parameter messaging_product is required and must be whatsapp");
  recipient_type = string_member (object, "recipient_type");
  if (json_object_has_member (object, "recipient_type") && g_strcmp0 (recipient_type, "individual") != 0)
    return reject (fake, message, "recipient_type must be individual");
  to = string_member (object, "to");
  if (!is_wa_number (to))
    return reject (fake, message, "The parameter to must be the number's digits with its country code, without +");

  type = string_member (object, "type");
  audio = object_member (object, "audio");
  text = object_member (object, "text");
  if (g_strcmp0 (type, "audio") == 0)
    {
      if (audio == NULL || text != NULL || !only_members (audio, audio_members))
        return reject (fake, message, "A message of type audio needs an audio object with id and voice only");
      media_id = string_member (audio, "id");
      g_mutex_lock (&fake->lock);
      media_type = media_id != NULL ? g_strdup (g_hash_table_lookup (fake->media, media_id)) : NULL;
      g_mutex_unlock (&fake->lock);
      if (media_type == NULL)
        return reject (fake, message, "audio.id is not the id of uploaded media");
      if (!is_boolean_or_absent (audio, "voice"))
        return reject (fake, message, "audio.voice must be a boolean");
      if (json_object_get_boolean_member_with_default (audio, "voice", FALSE) && !g_str_equal (media_type, "audio/ogg"))
        return reject (fake, message, "Only audio/ogg (Opus) can be sent as a voice message");
    }
  else if (g_strcmp0 (type, "text") == 0)
    {
      if (text == NULL || audio != NULL || !only_members (text, text_members))
        return reject (fake, message, "A message of type text needs a text object with body");
      text_body = string_member (text, "body");
      if (text_body == NULL || *text_body == '\0' || g_utf8_strlen (text_body, -1) > MAX_TEXT_CHARS)
        return reject (fake, message, "text.body must be 1 to 4096 characters");
      if (!is_boolean_or_absent (text, "preview_url"))
        return reject (fake, message, "text.preview_url must be a boolean");
    }
  else
    return reject (fake, message, "This fake takes messages of type audio or text");

  if (answer_fault (fake, message, FAKE_WHATSAPP_MESSAGES))
    return;

  g_mutex_lock (&fake->lock);
  wamid = g_strdup_printf ("wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI%" G_GUINT64_FORMAT "AA==", fake->next_id++);
  g_mutex_unlock (&fake->lock);
  json = g_strdup_printf ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"%s\",\"wa_id\":\"%s\"}],"
                          "\"messages\":[{\"id\":\"%s\"}]}", to, to, wamid);
  fake_server_answer_json (message, 200, json);
}

/* The token: none is a client's bug, a wrong one the user's */
static gboolean
check_bearer (FakeWhatsapp      *fake,
              SoupServerMessage *message)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer ") || authorization[7] == '\0')
    {
      g_mutex_lock (&fake->lock);
      g_ptr_array_add (fake->malformed, fake_server_describe (message, "no bearer token"));
      g_mutex_unlock (&fake->lock);
      answer_error (message, 401, 2500, 0, "An active access token must be used to query information about the "
                    "current user.", NULL);
      return FALSE;
    }

  if (!g_str_equal (authorization + 7, fake->token))
    {
      answer_error (message, 401, 190, 0, "Invalid OAuth access token - Cannot parse access token", NULL);
      return FALSE;
    }

  return TRUE;
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FakeWhatsapp *fake = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  FakeWhatsappEndpoint endpoint = FAKE_WHATSAPP_N_ENDPOINTS;

  /* "", version, phone number id, edge */
  if (g_strv_length (segments) != 4 || !g_str_equal (segments[1], FAKE_WHATSAPP_VERSION))
    return reject (fake, message, "Unknown path components");
  for (guint i = 0; i < FAKE_WHATSAPP_N_ENDPOINTS; i++)
    if (g_str_equal (segments[3], edges[i]))
      endpoint = i;
  if (endpoint == FAKE_WHATSAPP_N_ENDPOINTS)
    return reject (fake, message, "Unknown path components");
  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0)
    return reject (fake, message, "Only POST is allowed here");
  if (!check_bearer (fake, message))
    return;

  /* Another number's id is a setting the user got wrong, not a malformed request. */
  if (!g_str_equal (segments[2], fake->phone_number_id))
    {
      g_autofree char *text = g_strdup_printf ("Unsupported post request. Object with ID '%s' does not exist, "
                                               "cannot be loaded due to missing permissions, or does not support "
                                               "this operation.", segments[2]);

      return answer_error (message, 400, 100, 33, text, NULL);
    }

  g_mutex_lock (&fake->lock);
  fake->requests[endpoint]++;
  g_clear_pointer (&fake->last_headers[endpoint], soup_message_headers_unref);
  fake->last_headers[endpoint] = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  g_mutex_unlock (&fake->lock);

  if (endpoint == FAKE_WHATSAPP_MEDIA)
    handle_media (fake, message, body);
  else
    handle_messages (fake, message, body);
}

static void
add_handler (SoupServer *server,
             gpointer    user_data)
{
  soup_server_add_handler (server, NULL, handle_cb, user_data, NULL);
}

/**
 * fake_whatsapp_new:
 * @token: the access token it takes
 * @phone_number_id: the id of the business number that sends
 *
 * Returns: (transfer full): a fake Cloud API listening on 127.0.0.1
 */
FakeWhatsapp *
fake_whatsapp_new (const char *token,
                   const char *phone_number_id)
{
  FakeWhatsapp *fake = g_new0 (FakeWhatsapp, 1);

  fake->token = g_strdup (token);
  fake->phone_number_id = g_strdup (phone_number_id);
  fake->retry_after = 30;
  fake->next_id = 1075920367341234;
  fake->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->malformed = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&fake->lock);
  fake->server = fake_server_new ("fake-whatsapp", add_handler, NULL, fake);
  fake->url = g_strconcat (fake_server_get_url (fake->server), "/" FAKE_WHATSAPP_VERSION, NULL);

  return fake;
}

void
fake_whatsapp_free (FakeWhatsapp *fake)
{
  if (fake == NULL)
    return;

  fake_server_free (fake->server);
  g_mutex_clear (&fake->lock);
  for (guint i = 0; i < FAKE_WHATSAPP_N_ENDPOINTS; i++)
    g_clear_pointer (&fake->last_headers[i], soup_message_headers_unref);
  g_clear_pointer (&fake->last_form, g_hash_table_unref);
  g_clear_pointer (&fake->last_file, g_bytes_unref);
  g_clear_pointer (&fake->last_message, json_object_unref);
  g_hash_table_unref (fake->media);
  g_ptr_array_unref (fake->malformed);
  g_free (fake->last_media_id);
  g_free (fake->token);
  g_free (fake->phone_number_id);
  g_free (fake->url);
  g_free (fake);
}

/**
 * fake_whatsapp_get_url:
 *
 * Returns: the API root with its version, "http://127.0.0.1:PORT/v21.0"
 */
const char *
fake_whatsapp_get_url (FakeWhatsapp *fake)
{
  return fake->url;
}

/* Makes the next @times requests to @endpoint fail so (0: all of them, until told otherwise). */
void
fake_whatsapp_fail (FakeWhatsapp         *fake,
                    FakeWhatsappEndpoint  endpoint,
                    FakeWhatsappFault     fault,
                    guint                 times)
{
  g_mutex_lock (&fake->lock);
  fake->faults[endpoint] = fault;
  fake->fault_times[endpoint] = times;
  g_mutex_unlock (&fake->lock);
}

/* The Retry-After of FAKE_WHATSAPP_FAULT_RATE_LIMITED */
void
fake_whatsapp_set_retry_after (FakeWhatsapp *fake,
                               guint         seconds)
{
  g_mutex_lock (&fake->lock);
  fake->retry_after = seconds;
  g_mutex_unlock (&fake->lock);
}

/* Requests to @endpoint of the configured number, with a token, well-formed or not */
guint
fake_whatsapp_get_requests (FakeWhatsapp         *fake,
                            FakeWhatsappEndpoint  endpoint)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->requests[endpoint];
}

char *
fake_whatsapp_dup_last_header (FakeWhatsapp         *fake,
                               FakeWhatsappEndpoint  endpoint,
                               const char           *name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  if (fake->last_headers[endpoint] == NULL)
    return NULL;

  return g_strdup (soup_message_headers_get_one (fake->last_headers[endpoint], name));
}

/**
 * fake_whatsapp_dup_last_field:
 *
 * Returns: (nullable): a form field of the last upload: "messaging_product",
 *   "type", "file" (its filename) or "file:type" (its Content-Type)
 */
char *
fake_whatsapp_dup_last_field (FakeWhatsapp *fake,
                              const char   *name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_form != NULL ? g_strdup (g_hash_table_lookup (fake->last_form, name)) : NULL;
}

GBytes *
fake_whatsapp_dup_last_file (FakeWhatsapp *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_file != NULL ? g_bytes_ref (fake->last_file) : NULL;
}

/* The JSON object of the last request to the messages endpoint */
JsonObject *
fake_whatsapp_dup_last_message (FakeWhatsapp *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_message != NULL ? json_object_ref (fake->last_message) : NULL;
}

/* The id the last successful upload was given */
char *
fake_whatsapp_dup_last_media_id (FakeWhatsapp *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return g_strdup (fake->last_media_id);
}

GPtrArray *
fake_whatsapp_dup_malformed (FakeWhatsapp *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < fake->malformed->len; i++)
    g_ptr_array_add (copy, g_strdup (fake->malformed->pdata[i]));

  return copy;
}

void
fake_whatsapp_clear_malformed (FakeWhatsapp *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  g_ptr_array_set_size (fake->malformed, 0);
}
