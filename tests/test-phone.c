/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-phone.c: phone numbers as typed, to E.164, and what is refused with which message */

#include "config.h"

#include "debrief-phone.h"

static void
test_accepted (void)
{
  static const struct { const char *typed; const char *e164; const char *shown; } numbers[] = {
    { "+49 30 1234567", "+49301234567", "+49 301 234 567" },
    { "0049 (0)30-123 45 67", "+490301234567", NULL },
    { "+1 (415) 555-0123", "+14155550123", "+1 415 555 0123" },
    { "  +44 20 7946 0958 ", "+442079460958", "+44 207 946 0958" },
    { "+34.612.345.678", "+34612345678", NULL },
    { "+290 1234", "+2901234", "+290 1234" },
    { "+91 98765\u00a043210", "+919876543210", NULL },
    { "+55/11/91234-5678", "+5511912345678", NULL },
    { "00 351 912 345 678", "+351912345678", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *e164 = debrief_phone_normalize (numbers[i].typed, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, numbers[i].e164);
      if (numbers[i].shown != NULL)
        {
          g_autofree char *shown = debrief_phone_format (e164);

          g_assert_cmpstr (shown, ==, numbers[i].shown);
        }
    }
}

static void
test_refused (void)
{
  g_autofree char *long_text = g_strnfill (100000, '9');
  g_autofree char *long_plus = g_strconcat ("+", long_text, NULL);
  static const char invalid_utf8[] = { '+', '4', '9', (char) 0xff, (char) 0xfe, 0 };
  const struct { const char *typed; int code; const char *message; } refused[] = {
    { "", DEBRIEF_PHONE_ERROR_EMPTY, "Enter a phone number" },
    { "   ", DEBRIEF_PHONE_ERROR_EMPTY, NULL },
    { "+", DEBRIEF_PHONE_ERROR_EMPTY, NULL },
    { "call me maybe", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, "is not a phone number" },
    { "+49 30 1234567 ext. 12", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
    { "+49 30 12'; DROP TABLE leads;--", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
    { "+١٢٣٤٥٦٧٨٩", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
    { "+49\n30 1234567", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
    { "++49 30 1234567", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
    { "+49 30 + 1234567", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
    { "📞 +49 30 1234567", DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
    { "030 1234567", DEBRIEF_PHONE_ERROR_NO_COUNTRY_CODE, "with its country code" },
    { "+999 1234567", DEBRIEF_PHONE_ERROR_UNKNOWN_COUNTRY, "+999 is not a country calling code" },
    { "+0 1234567", DEBRIEF_PHONE_ERROR_UNKNOWN_COUNTRY, NULL },
    { "+49 12", DEBRIEF_PHONE_ERROR_TOO_SHORT, "too short" },
    { "+1234", DEBRIEF_PHONE_ERROR_TOO_SHORT, NULL },
    { "+49 1234 5678 9012 3456", DEBRIEF_PHONE_ERROR_TOO_LONG, "15 at most" },
    { long_plus, DEBRIEF_PHONE_ERROR_TOO_LONG, NULL },
    { invalid_utf8, DEBRIEF_PHONE_ERROR_NOT_A_NUMBER, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *e164 = debrief_phone_normalize (refused[i].typed, &error);

      g_assert_null (e164);
      g_assert_error (error, DEBRIEF_PHONE_ERROR, refused[i].code);
      if (refused[i].message != NULL)
        g_assert_nonnull (strstr (error->message, refused[i].message));
      /* A message quotes at most a readable part of what was typed. */
      g_assert_cmpuint (strlen (error->message), <, 200);
      g_assert_null (strchr (error->message, '\n'));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone/accepted", test_accepted);
  g_test_add_func ("/phone/refused", test_refused);

  return g_test_run ();
}
