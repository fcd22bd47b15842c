/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-fake-twilio.c: a fake Twilio Messages API for WhatsApp that checks the wire format */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "debrief-fake-server.h"
#include "debrief-fake-twilio.h"

#define MAX_BODY_CHARS 1600

struct _FakeTwilio
{
  FakeServer         *server;
  GMutex              lock;
  char               *url;
  char               *account_sid;
  char               *auth_token;
  char               *from;        /* "whatsapp:+…" */

  /* Behaviour, under the lock */
  guint               retry_after;
  FakeTwilioFault     fault;
  guint               fault_times; /* 0: every time */

  /* What it saw, under the lock */
  guint               requests;
  SoupMessageHeaders *last_headers;
  GHashTable         *last_form;
  guint               next_id;
  GPtrArray          *malformed;   /* what Twilio would have refused, and why */
};

/* Twilio's error shape: {"code", "message", "more_info", "status"} */
static void
answer_error (SoupServerMessage *message,
              guint              status,
              int                code,
              const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *more_info = g_strdup_printf ("https://www.twilio.com/docs/errors/%d", code);
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "more_info");
  json_builder_add_string_value (builder, more_info);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  fake_server_answer_json (message, status, json);
}

static void
note_malformed (FakeTwilio        *fake,
                SoupServerMessage *message,
                const char        *why)
{
  g_mutex_lock (&fake->lock);
  g_ptr_array_add (fake->malformed, fake_server_describe (message, why));
  g_mutex_unlock (&fake->lock);
}

/* Notes a request Twilio would refuse as malformed, and refuses it as Twilio does. */
static void
reject (FakeTwilio        *fake,
        SoupServerMessage *message,
        guint              status,
        int                code,
        const char        *why)
{
  note_malformed (fake, message, why);
  answer_error (message, status, code, why);
}

static gboolean
answer_fault (FakeTwilio        *fake,
              SoupServerMessage *message,
              const char        *to)
{
  FakeTwilioFault fault;
  guint retry_after;

  g_mutex_lock (&fake->lock);
  fault = fake->fault;
  if (fault != FAKE_TWILIO_FAULT_NONE && fake->fault_times > 0 && --fake->fault_times == 0)
    fake->fault = FAKE_TWILIO_FAULT_NONE;
  retry_after = fake->retry_after;
  g_mutex_unlock (&fake->lock);

  switch (fault)
    {
    case FAKE_TWILIO_FAULT_NONE:
      return FALSE;

    case FAKE_TWILIO_FAULT_UNAUTHORIZED:
      answer_error (message, 401, 20003, "Authenticate");
      break;

    case FAKE_TWILIO_FAULT_INVALID_NUMBER:
    {
      g_autofree char *why = g_strdup_printf ("Invalid 'To' Phone Number: %s", to);

      answer_error (message, 400, 21211, why);
    }
    break;

    case FAKE_TWILIO_FAULT_RATE_LIMITED:
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      answer_error (message, 429, 20429, "Too Many Requests");
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", seconds);
    }
    break;

    case FAKE_TWILIO_FAULT_MEDIA:
      answer_error (message, 400, 63019, "Media failed to download");
      break;

    case FAKE_TWILIO_FAULT_SERVER:
      answer_error (message, 500, 20500, "Internal Server Error");
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* HTTP Basic with the account SID and auth token; FALSE after answering. */
static gboolean
check_basic (FakeTwilio        *fake,
             SoupServerMessage *message,
             const char        *path_sid)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *credentials = NULL;
  gsize length = 0;
  char *colon;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Basic "))
    {
      reject (fake, message, 401, 20003, "Authenticate: no HTTP Basic credentials");
      return FALSE;
    }

  decoded = g_base64_decode (authorization + 6, &length);
  credentials = g_strndup ((const char *) decoded, length);
  colon = strchr (credentials, ':');
  if (colon == NULL)
    {
      reject (fake, message, 401, 20003, "Authenticate: the credentials are not SID:token");
      return FALSE;
    }
  *colon = '\0';

  /* Wrong credentials are the user's mistake; a path for another account than the credentials is the client's. */
  if (!g_str_equal (credentials, fake->account_sid) || !g_str_equal (colon + 1, fake->auth_token))
    {
      answer_error (message, 401, 20003, "Authenticate");
      return FALSE;
    }
  if (!g_str_equal (path_sid, credentials))
    {
      reject (fake, message, 403, 20403, "The account in the path is not the one authenticated");
      return FALSE;
    }

  return TRUE;
}

/* application/x-www-form-urlencoded, each field once; NULL after refusing. */
static GHashTable *
decode_form (FakeTwilio        *fake,
             SoupServerMessage *message,
             GBytes            *body)
{
  static const char * const known[] = { "To", "From", "Body", "MediaUrl", NULL };
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_auto(GStrv) pairs = NULL;

  if (g_strcmp0 (soup_message_headers_get_content_type (soup_server_message_get_request_headers (message), NULL),
                 "application/x-www-form-urlencoded") != 0)
    {
      reject (fake, message, 400, 21601, "The request must be application/x-www-form-urlencoded");
      return NULL;
    }

  pairs = g_strsplit (text, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (equals == NULL)
        {
          reject (fake, message, 400, 21601, "A form field without a value");
          return NULL;
        }
      *equals = '\0';
      g_strdelimit (pairs[i], "+", ' ');
      g_strdelimit (equals + 1, "+", ' ');
      name = g_uri_unescape_string (pairs[i], NULL);
      value = g_uri_unescape_string (equals + 1, NULL);
      if (name == NULL || value == NULL || !g_utf8_validate (value, -1, NULL))
        {
          reject (fake, message, 400, 21601, "A form field is not URL-encoded UTF-8");
          return NULL;
        }
      if (!g_strv_contains (known, name))
        {
          reject (fake, message, 400, 21601, "Unknown parameter (names are case-sensitive)");
          return NULL;
        }
      if (g_hash_table_contains (form, name))
        {
          reject (fake, message, 400, 21601, "A parameter is given twice");
          return NULL;
        }
      g_hash_table_replace (form, g_steal_pointer (&name), g_steal_pointer (&value));
    }

  return g_steal_pointer (&form);
}

static gboolean
is_whatsapp_address (const char *address)
{
  const char *digits;
  gsize length;

  if (address == NULL || !g_str_has_prefix (address, "whatsapp:+"))
    return FALSE;
  digits = address + strlen ("whatsapp:+");
  length = strlen (digits);
  if (length < 7 || length > 15)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;

  return TRUE;
}

static gboolean
is_web_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (g_str_equal (g_uri_get_scheme (uri), "https") || g_str_equal (g_uri_get_scheme (uri), "http"));
}

static void
answer_message (FakeTwilio        *fake,
                SoupServerMessage *message,
                GHashTable        *form)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S +0000");
  g_autofree char *sid = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *json = NULL;
  const char *media_url = g_hash_table_lookup (form, "MediaUrl");
  const char *body = g_hash_table_lookup (form, "Body");

  g_mutex_lock (&fake->lock);
  sid = g_strdup_printf ("%s%032x", media_url != NULL ? "MM" : "SM", fake->next_id++);
  g_mutex_unlock (&fake->lock);
  uri = g_strdup_printf ("/2010-04-01/Accounts/%s/Messages/%s.json", fake->account_sid, sid);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account_sid");
  json_builder_add_string_value (builder, fake->account_sid);
  json_builder_set_member_name (builder, "api_version");
  json_builder_add_string_value (builder, "2010-04-01");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body != NULL ? body : "");
  json_builder_set_member_name (builder, "date_created");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, "outbound-api");
  json_builder_set_member_name (builder, "error_code");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error_message");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, g_hash_table_lookup (form, "From"));
  json_builder_set_member_name (builder, "num_media");
  json_builder_add_string_value (builder, media_url != NULL ? "1" : "0");
  json_builder_set_member_name (builder, "num_segments");
  json_builder_add_string_value (builder, "1");
  json_builder_set_member_name (builder, "sid");
  json_builder_add_string_value (builder, sid);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "queued");
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, g_hash_table_lookup (form, "To"));
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  fake_server_answer_json (message, 201, json);
}

/* POST /2010-04-01/Accounts/{sid}/Messages.json */
static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FakeTwilio *fake = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GHashTable) form = NULL;
  const char *to;
  const char *from;
  const char *text;
  const char *media_url;

  /* "", "2010-04-01", "Accounts", sid, "Messages.json" */
  if (g_strv_length (segments) != 5 || !g_str_equal (segments[1], "2010-04-01") ||
      !g_str_equal (segments[2], "Accounts") || !g_str_equal (segments[4], "Messages.json"))
    return reject (fake, message, 404, 20404, "The requested resource was not found");
  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0)
    return reject (fake, message, 405, 20004, "Method not allowed");
  if (!check_basic (fake, message, segments[3]))
    return;

  g_mutex_lock (&fake->lock);
  fake->requests++;
  g_clear_pointer (&fake->last_headers, soup_message_headers_unref);
  fake->last_headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  g_clear_pointer (&fake->last_form, g_hash_table_unref);
  g_mutex_unlock (&fake->lock);

  if ((form = decode_form (fake, message, body)) == NULL)
    return;
  g_mutex_lock (&fake->lock);
  fake->last_form = g_hash_table_ref (form);
  g_mutex_unlock (&fake->lock);

  to = g_hash_table_lookup (form, "To");
  from = g_hash_table_lookup (form, "From");
  text = g_hash_table_lookup (form, "Body");
  media_url = g_hash_table_lookup (form, "MediaUrl");
  if (to == NULL)
    return reject (fake, message, 400, 21604, "A 'To' phone number is required.");
  if (!is_whatsapp_address (to))
    return reject (fake, message, 400, 21211, "Invalid 'To' Phone Number: not whatsapp:+E.164");
  if (from == NULL || !is_whatsapp_address (from))
    return reject (fake, message, 400, 21603, "A 'From' phone number is required, as whatsapp:+E.164");
  if (text == NULL && media_url == NULL)
    return reject (fake, message, 400, 21619, "A text message body or media urls must be specified.");
  if (text != NULL && (*text == '\0' || g_utf8_strlen (text, -1) > MAX_BODY_CHARS))
    return reject (fake, message, 400, 21617, "The concatenated message body exceeds the 1600 character limit, "
                   "or is empty");
  if (media_url != NULL && !is_web_url (media_url))
    return reject (fake, message, 400, 21620, "Invalid media URL(s)");

  /* Another sender is the user's setting, not the client's bug. */
  if (!g_str_equal (from, fake->from))
    return answer_error (message, 400, 63007, "Twilio could not find a Channel with the specified From address");

  if (answer_fault (fake, message, to))
    return;

  answer_message (fake, message, form);
}

static void
add_handler (SoupServer *server,
             gpointer    user_data)
{
  soup_server_add_handler (server, NULL, handle_cb, user_data, NULL);
}

/**
 * fake_twilio_new:
 * @account_sid: the account it serves
 * @auth_token: the account's auth token
 * @from_e164: the account's WhatsApp sender
 *
 * Returns: (transfer full): a fake Twilio API listening on 127.0.0.1
 */
FakeTwilio *
fake_twilio_new (const char *account_sid,
                 const char *auth_token,
                 const char *from_e164)
{
  FakeTwilio *fake = g_new0 (FakeTwilio, 1);

  fake->account_sid = g_strdup (account_sid);
  fake->auth_token = g_strdup (auth_token);
  fake->from = g_strconcat ("whatsapp:", from_e164, NULL);
  fake->retry_after = 30;
  fake->next_id = 0x5eed;
  fake->malformed = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&fake->lock);
  fake->server = fake_server_new ("fake-twilio", add_handler, NULL, fake);
  fake->url = g_strdup (fake_server_get_url (fake->server));

  return fake;
}

void
fake_twilio_free (FakeTwilio *fake)
{
  if (fake == NULL)
    return;

  fake_server_free (fake->server);
  g_mutex_clear (&fake->lock);
  g_clear_pointer (&fake->last_headers, soup_message_headers_unref);
  g_clear_pointer (&fake->last_form, g_hash_table_unref);
  g_ptr_array_unref (fake->malformed);
  g_free (fake->account_sid);
  g_free (fake->auth_token);
  g_free (fake->from);
  g_free (fake->url);
  g_free (fake);
}

/**
 * fake_twilio_get_url:
 *
 * Returns: the API root, "http://127.0.0.1:PORT"
 */
const char *
fake_twilio_get_url (FakeTwilio *fake)
{
  return fake->url;
}

/* Makes the next @times requests fail so (0: all of them, until told otherwise). */
void
fake_twilio_fail (FakeTwilio      *fake,
                  FakeTwilioFault  fault,
                  guint            times)
{
  g_mutex_lock (&fake->lock);
  fake->fault = fault;
  fake->fault_times = times;
  g_mutex_unlock (&fake->lock);
}

void
fake_twilio_set_retry_after (FakeTwilio *fake,
                             guint       seconds)
{
  g_mutex_lock (&fake->lock);
  fake->retry_after = seconds;
  g_mutex_unlock (&fake->lock);
}

/* Authenticated requests to the account's Messages resource */
guint
fake_twilio_get_requests (FakeTwilio *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->requests;
}

/* A form field of the last message, decoded; NULL when it had none */
char *
fake_twilio_dup_last_field (FakeTwilio *fake,
                            const char *name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_form != NULL ? g_strdup (g_hash_table_lookup (fake->last_form, name)) : NULL;
}

char *
fake_twilio_dup_last_header (FakeTwilio *fake,
                             const char *name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return fake->last_headers != NULL ? g_strdup (soup_message_headers_get_one (fake->last_headers, name)) : NULL;
}

GPtrArray *
fake_twilio_dup_malformed (FakeTwilio *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < fake->malformed->len; i++)
    g_ptr_array_add (copy, g_strdup (fake->malformed->pdata[i]));

  return copy;
}

void
fake_twilio_clear_malformed (FakeTwilio *fake)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  g_ptr_array_set_size (fake->malformed, 0);
}
