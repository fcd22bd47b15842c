/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-phone.c: phone numbers as people type them, checked and written in E.164 */

#define G_LOG_DOMAIN "debrief-phone"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "debrief-phone.h"

G_DEFINE_QUARK (debrief-phone-error-quark, debrief_phone_error)

/* The country calling codes ITU-T E.164 assigns (the list of assigned
 * codes, with the international networks and freephone). No code is the
 * start of another, so a number's code is the one of its first 1–3 digits
 * found here. */
static const guint16 country_codes[] = {
  1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
  60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
  211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236,
  237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258,
  260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299,
  350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 380, 381,
  382, 383, 385, 386, 387, 389, 420, 421, 423,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599,
  670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692,
  800, 808, 850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888,
  960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979,
  992, 993, 994, 995, 996, 998,
};

#define MIN_DIGITS 7   /* the shortest numbers in use, e.g. +290 1234 */
#define MAX_DIGITS 15  /* E.164 */

/* How long the country code at the start of @digits is, or 0 */
static guint
country_code_length (const char *digits)
{
  for (guint length = 1; length <= 3 && digits[length - 1] != '\0'; length++)
    {
      char prefix[4] = { 0 };
      guint code;

      memcpy (prefix, digits, length);
      code = (guint) g_ascii_strtoull (prefix, NULL, 10);

      for (guint i = 0; i < G_N_ELEMENTS (country_codes); i++)
        if (country_codes[i] == code)
          return length;
    }

  return 0;
}

static gboolean
is_separator (gunichar c)
{
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == 0x00A0 /* no-break */ ||
         c == 0x2009 /* thin */ || c == 0x202F /* narrow no-break */ || c == 0x2010 || c == 0x2011 || c == 0x2012 ||
         c == 0x2013 /* dashes */;
}

/**
 * debrief_phone_normalize:
 * @text: a phone number as a person typed it
 * @error: return location for a #GError
 *
 * Accepts the number with its country code (`+` or `00` in front) and the
 * spaces, dashes, dots, slashes and parentheses people write numbers with.
 *
 * Returns: (transfer full): the number in E.164 ("+4930123456"), or %NULL
 *   with @error saying what is wrong with it
 */
char *
debrief_phone_normalize (const char  *text,
                         GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *shown = NULL;
  g_autofree char *stripped = NULL;
  const char *p;
  gboolean plus = FALSE;
  guint code_length;

  g_return_val_if_fail (text != NULL, NULL);

  /* Quoted in messages, but only so much of it, and printable */
  shown = g_utf8_validate (text, -1, NULL) ? g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 40))
                                           : g_strdup ("?");
  g_strdelimit (shown, "\n\r\t\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x1b\x7f", ' ');

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, _("This is not a phone number"));
      return NULL;
    }

  /* Spaces around it are left out; line breaks and tabs inside are not
   * part of a number. */
  stripped = g_strstrip (g_strdup (text));
  for (p = stripped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      else if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (!is_separator (c))
        {
          g_set_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_NOT_A_NUMBER,
                       _("“%s” is not a phone number: only digits, spaces, dashes and a + in front belong in one"),
                       shown);
          return NULL;
        }
    }

  if (digits->len == 0)
    {
      g_set_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_EMPTY, _("Enter a phone number"));
      return NULL;
    }

  /* 00 is the international prefix in most of the world. */
  if (!plus && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      plus = TRUE;
    }

  if (!plus)
    {
      g_set_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_NO_COUNTRY_CODE,
                   _("Write “%s” with its country code, for example +44 20 7946 0958"), shown);
      return NULL;
    }

  if (digits->len > MAX_DIGITS)
    {
      g_set_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_TOO_LONG,
                   _("“%s” is too long for a phone number (%u digits; 15 at most)"), shown, (guint) digits->len);
      return NULL;
    }

  code_length = digits->str[0] != '0' ? country_code_length (digits->str) : 0;
  if (code_length == 0)
    {
      g_set_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_UNKNOWN_COUNTRY,
                   _("+%.3s is not a country calling code"), digits->str);
      return NULL;
    }

  if (digits->len < MIN_DIGITS || digits->len - code_length < 4)
    {
      g_set_error (error, DEBRIEF_PHONE_ERROR, DEBRIEF_PHONE_ERROR_TOO_SHORT,
                   _("“%s” is too short for a phone number"), shown);
      return NULL;
    }

  return g_strconcat ("+", digits->str, NULL);
}

/**
 * debrief_phone_format:
 * @e164: a number from debrief_phone_normalize()
 *
 * Returns: (transfer full): the number for reading: its country code, then
 *   the rest in groups ("+49 301 234 567")
 */
char *
debrief_phone_format (const char *e164)
{
  g_autoptr(GString) text = g_string_new ("+");
  const char *digits;
  guint code_length;
  gsize rest;

  g_return_val_if_fail (e164 != NULL && e164[0] == '+', g_strdup (e164));

  digits = e164 + 1;
  code_length = country_code_length (digits);
  if (code_length == 0)
    return g_strdup (e164);

  g_string_append_len (text, digits, code_length);
  digits += code_length;
  rest = strlen (digits);

  /* Groups of three, the last one of up to four */
  while (rest > 0)
    {
      gsize group = rest <= 4 ? rest : 3;

      g_string_append_c (text, ' ');
      g_string_append_len (text, digits, group);
      digits += group;
      rest -= group;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
