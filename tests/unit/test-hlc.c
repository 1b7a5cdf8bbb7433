/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-hlc.h"

#include <string.h>

START_TEST (test_tick_monotonic_with_clock_going_back)
{
  AxHlc clock, prev;
  gint64 walls[] = { 1000, 1000, 1001, 900, 900, 500, 2000, 1999, 2001 };

  ax_hlc_init (&clock, "desk1");
  ax_hlc_tick (&clock, walls[0]);
  prev = clock;
  for (gsize i = 1; i < G_N_ELEMENTS (walls); i++)
    {
      ax_hlc_tick (&clock, walls[i]);
      ck_assert_msg (ax_hlc_compare (&prev, &clock) < 0, "step %zu not after the previous", i);
      prev = clock;
    }
  /* The physical part never went back with the wall clock. */
  ck_assert_int_eq (clock.wall_ms, 2001);
  ck_assert_uint_eq (clock.logical, 0);
}
END_TEST

START_TEST (test_persisted_round_trip_stays_monotonic)
{
  AxHlc clock, restored;
  char text[AX_HLC_STRLEN];
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  ax_hlc_init (&clock, "desk1");
  ax_hlc_tick (&clock, 5000);
  ax_hlc_tick (&clock, 5000);
  ax_hlc_format (&clock, text);
  ck_assert_str_eq (text, "000000001388:0001:desk1");
  before = g_strdup (text);

  /* A restart with the wall clock an hour behind. */
  ck_assert (ax_hlc_parse (text, &restored, NULL));
  ck_assert_int_eq (ax_hlc_compare (&clock, &restored), 0);
  ax_hlc_tick (&restored, 5000 - 3600 * 1000);
  after = ax_hlc_to_string (&restored);
  ck_assert_str_eq (after, "000000001388:0002:desk1");
  ck_assert (strcmp (before, after) < 0); /* the text form sorts as the clock does */
}
END_TEST

START_TEST (test_receive)
{
  AxHlc local, remote;
  g_autoptr (GError) error = NULL;

  ax_hlc_init (&local, "a");
  ax_hlc_init (&remote, "b");
  ax_hlc_tick (&local, 1000);
  remote.wall_ms = 3000;
  remote.logical = 7;

  ck_assert (ax_hlc_receive (&local, &remote, 1500, 60000, NULL));
  ck_assert_int_eq (local.wall_ms, 3000);
  ck_assert_uint_eq (local.logical, 8);
  ck_assert (ax_hlc_compare (&remote, &local) < 0);

  /* Far ahead of our clock: refused, clock untouched. */
  remote.wall_ms = 1500 + 3600 * 1000;
  ck_assert (!ax_hlc_receive (&local, &remote, 1500, 60000, &error));
  ck_assert (error != NULL);
  ck_assert_int_eq (local.wall_ms, 3000);
}
END_TEST

START_TEST (test_logical_overflow)
{
  AxHlc clock;

  ax_hlc_init (&clock, "n");
  ax_hlc_tick (&clock, 10);
  clock.logical = 0xFFFF;
  ax_hlc_tick (&clock, 10);
  ck_assert_int_eq (clock.wall_ms, 11);
  ck_assert_uint_eq (clock.logical, 0);
}
END_TEST

START_TEST (test_parse_rejects_garbage)
{
  AxHlc c;
  g_autoptr (GError) error = NULL;

  ck_assert (!ax_hlc_parse ("yesterday", &c, &error));
  ck_assert (error != NULL);
  ck_assert (!ax_hlc_parse ("000000001388:zzzz:n", &c, NULL));
  ck_assert (!ax_hlc_parse (NULL, &c, NULL));
}
END_TEST

AX_TEST_MAIN ("hlc", test_tick_monotonic_with_clock_going_back,
              test_persisted_round_trip_stays_monotonic, test_receive, test_logical_overflow,
              test_parse_rejects_garbage)
