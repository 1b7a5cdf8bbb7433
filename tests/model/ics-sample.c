/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints the export of the sample week (ics-sample.h) for check_ics.py:
 *
 *   ics-sample ZONE YYYY-MM-DD [lee|ana]
 *
 * with the clinic in time zone ZONE and the week starting on that Monday.
 * The fixture asserts with Check, so the work runs as one silent test. */
#include "ics-sample.h"
#include "ax-ics-export.h"

#include <stdio.h>

static const char *zone;
static int year, month, day;
static const char *who;

START_TEST (print_export)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ics = NULL;
  const char *provider = NULL;
  AxFixture f;
  IcsSample s;
  gint64 from, to;

  ax_fixture_setup (&f);
  ics_sample_catalogue (&f, &s);
  ics_sample_set_zone (&f, zone);
  ics_sample_week (&f, &s, year, month, day);
  ics_sample_range (&f, year, month, day, &from, &to);
  if (who != NULL)
    provider = g_str_equal (who, "lee") ? s.lee : s.ana;

  ics = ax_ics_export_audited (f.store, f.actors[AX_ROLE_FRONT_DESK], provider, from, to, NULL,
                               &error);
  ck_assert_msg (ics != NULL, "%s", error ? error->message : "?");
  fwrite (ics, 1, strlen (ics), stdout);
  fflush (stdout);

  ics_sample_clear (&s);
  ax_fixture_teardown (&f);
}
END_TEST

int
main (int    argc,
      char **argv)
{
  Suite *suite = suite_create ("ics-sample");
  TCase *tc = tcase_create ("ics-sample");
  SRunner *sr;
  int failed;

  if (argc < 3 || argc > 4 || sscanf (argv[2], "%d-%d-%d", &year, &month, &day) != 3)
    {
      g_printerr ("usage: %s ZONE YYYY-MM-DD [lee|ana]\n", argv[0]);
      return 2;
    }
  zone = argv[1];
  who = argc == 4 ? argv[3] : NULL;

  tcase_add_test (tc, print_export);
  suite_add_tcase (suite, tc);
  sr = srunner_create (suite);
  srunner_run_all (sr, CK_SILENT);
  failed = srunner_ntests_failed (sr);
  if (failed)
    {
      TestResult **results = srunner_failures (sr);

      for (int i = 0; i < failed; i++)
        g_printerr ("ics-sample: %s\n", tr_msg (results[i]));
      free (results);
    }
  srunner_free (sr);
  return failed ? 1 : 0;
}
