/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-caption.c: the caption sent with a recording, filled in from its template */

#include "config.h"

#include <locale.h>

#include "debrief-caption.h"

typedef struct
{
  DebriefLead *lead;
  DebriefCall *call;
} Fixture;

static gint64
local_usec (int year,
            int month,
            int day,
            int hour)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, hour, 30, 0);

  return g_date_time_to_unix (date) * G_USEC_PER_SEC;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->lead = debrief_lead_new ();
  f->lead->name = g_strdup ("Dana");
  f->call = debrief_call_new ();
  f->call->title = g_strdup ("Discovery call");
  f->call->started_at = local_usec (2026, 11, 21, 9);
  f->call->created_at = local_usec (2026, 11, 20, 9);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  debrief_lead_free (f->lead);
  debrief_call_free (f->call);
}

static void
assert_fills (const char        *template,
              const DebriefLead *lead,
              const DebriefCall *call,
              const char        *expected)
{
  g_autofree char *caption = debrief_caption_fill (template, lead, call);

  g_assert_cmpstr (caption, ==, expected);
  g_assert_true (g_utf8_validate (caption, -1, NULL));
}

static void
test_placeholders (Fixture       *f,
                   gconstpointer  data)
{
  assert_fills ("Hi {name}, here is the recording of “{title}” from {date}.", f->lead, f->call,
                "Hi Dana, here is the recording of “Discovery call” from 21 November 2026.");

  /* Each as often as it is written, in any order. */
  assert_fills ("{date}: {title} with {name}. Thanks, {name}!", f->lead, f->call,
                "21 November 2026: Discovery call with Dana. Thanks, Dana!");

  /* The date is the day the call started, in local time, not when its row
   * was made. */
  f->call->started_at = local_usec (2026, 1, 2, 23);
  assert_fills ("{date}", f->lead, f->call, "2 January 2026");
  f->call->started_at = local_usec (2026, 1, 3, 0);
  assert_fills ("{date}", f->lead, f->call, "3 January 2026");

  /* Spaces around a name do not end up in the message. */
  g_free (f->lead->name);
  f->lead->name = g_strdup ("  Dana Scully \n");
  assert_fills ("Hi {name},", f->lead, f->call, "Hi Dana Scully,");
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  const char *template = "Hi {name}, here is the recording of “{title}”.";

  /* No contact, or one without a name: the greeting still reads. */
  assert_fills (template, NULL, f->call, "Hi there, here is the recording of “Discovery call”.");
  g_clear_pointer (&f->lead->name, g_free);
  assert_fills (template, f->lead, f->call, "Hi there, here is the recording of “Discovery call”.");
  f->lead->name = g_strdup ("   ");
  assert_fills (template, f->lead, f->call, "Hi there, here is the recording of “Discovery call”.");

  /* No title. */
  g_clear_pointer (&f->call->title, g_free);
  assert_fills (template, NULL, f->call, "Hi there, here is the recording of “our call”.");
  f->call->title = g_strdup ("");
  assert_fills (template, NULL, f->call, "Hi there, here is the recording of “our call”.");

  /* A call without a start time: the day its row was made. */
  f->call->started_at = 0;
  assert_fills ("{date}", NULL, f->call, "20 November 2026");
}

static void
test_unknown_placeholders (Fixture       *f,
                           gconstpointer  data)
{
  /* Typos and placeholders Debrief does not know are sent as typed. */
  assert_fills ("Hi {Name} {nmae} {company}, {title}", f->lead, f->call,
                "Hi {Name} {nmae} {company}, Discovery call");
  assert_fills ("{ name } {name }{}", f->lead, f->call, "{ name } {name }{}");
  assert_fills ("{name", f->lead, f->call, "{name");
  assert_fills ("{title}{", f->lead, f->call, "Discovery call{");
}

static void
test_braces (Fixture       *f,
             gconstpointer  data)
{
  /* Braces of their own stay, next to placeholders too. */
  assert_fills ("{{name}}", f->lead, f->call, "{Dana}");
  assert_fills ("}{name}{", f->lead, f->call, "}Dana{");
  assert_fills ("Price: {5 €} } {", f->lead, f->call, "Price: {5 €} } {");
  assert_fills ("{{{{", f->lead, f->call, "{{{{");

  /* What is put in is not read again: a title with a placeholder in it stays. */
  g_free (f->call->title);
  f->call->title = g_strdup ("Notes on {name} and {date}");
  g_free (f->lead->name);
  f->lead->name = g_strdup ("{title}");
  assert_fills ("{name}: {title}", f->lead, f->call, "{title}: Notes on {name} and {date}");
}

static void
test_utf8 (Fixture       *f,
           gconstpointer  data)
{
  g_free (f->lead->name);
  f->lead->name = g_strdup ("Zoë Ångström-Đặng 李小龍 👋🏽");
  g_free (f->call->title);
  f->call->title = g_strdup ("Préparation — «démo» ✓");

  assert_fills ("¡Hola {name}! «{title}» · {date} ✨", f->lead, f->call,
                "¡Hola Zoë Ångström-Đặng 李小龍 👋🏽! «Préparation — «démo» ✓» · 21 November 2026 ✨");
  /* Multi-byte characters right against the braces */
  assert_fills ("李{name}龍{title}é", f->lead, f->call, "李Zoë Ångström-Đặng 李小龍 👋🏽龍Préparation — «démo» ✓é");
}

static void
test_only_placeholders (Fixture       *f,
                        gconstpointer  data)
{
  assert_fills ("{name}", f->lead, f->call, "Dana");
  assert_fills ("{title}", f->lead, f->call, "Discovery call");
  assert_fills ("{name}{title}{date}", f->lead, f->call, "DanaDiscovery call21 November 2026");
  assert_fills ("{name}{name}", NULL, f->call, "therethere");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  assert_fills ("", f->lead, f->call, "");
  assert_fills ("", NULL, f->call, "");
  assert_fills ("No placeholders at all.", NULL, f->call, "No placeholders at all.");
}

int
main (int   argc,
      char *argv[])
{
  /* Month names in English, and the dates in a zone of our choosing */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("TZ", "America/Los_Angeles", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/caption/placeholders", Fixture, NULL, fixture_set_up, test_placeholders, fixture_tear_down);
  g_test_add ("/caption/missing", Fixture, NULL, fixture_set_up, test_missing, fixture_tear_down);
  g_test_add ("/caption/unknown-placeholders", Fixture, NULL, fixture_set_up, test_unknown_placeholders,
              fixture_tear_down);
  g_test_add ("/caption/braces", Fixture, NULL, fixture_set_up, test_braces, fixture_tear_down);
  g_test_add ("/caption/utf8", Fixture, NULL, fixture_set_up, test_utf8, fixture_tear_down);
  g_test_add ("/caption/only-placeholders", Fixture, NULL, fixture_set_up, test_only_placeholders,
              fixture_tear_down);
  g_test_add ("/caption/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);

  return g_test_run ();
}
