/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-schedule.h"

#define MINUTES(m) ((gint64) (m) * 60000)

static void
assert_lanes (const AxInterval *items, gsize n, const guint *lanes, const guint *widths)
{
  g_autofree AxLaneSlot *out = g_new0 (AxLaneSlot, n);

  ax_schedule_layout_lanes (items, n, out);
  for (gsize i = 0; i < n; i++)
    {
      ck_assert_msg (out[i].lane == lanes[i], "item %zu: lane %u, want %u", i, out[i].lane, lanes[i]);
      ck_assert_msg (out[i].n_lanes == widths[i], "item %zu: %u lanes, want %u", i, out[i].n_lanes,
                     widths[i]);
    }
}

START_TEST (test_lanes_separate_and_touching)
{
  /* 9:00–9:30, 9:30–10:00 (touching: one lane), 11:00–11:30. */
  AxInterval items[] = { { MINUTES (540), MINUTES (570) }, { MINUTES (570), MINUTES (600) }, { MINUTES (660), MINUTES (690) } };
  guint lanes[] = { 0, 0, 0 }, widths[] = { 1, 1, 1 };

  assert_lanes (items, 3, lanes, widths);
}
END_TEST

START_TEST (test_lanes_overlapping_chain)
{
  /* A 9:00–10:00, B 9:30–10:30, C 10:00–11:00 (A and C touch: C reuses A's
   * lane), D 12:00–12:30 alone. A, B, C form one group of two lanes. */
  AxInterval items[] = {
    { MINUTES (600), MINUTES (660) },  /* C, given out of order */
    { MINUTES (540), MINUTES (600) },  /* A */
    { MINUTES (720), MINUTES (750) },  /* D */
    { MINUTES (570), MINUTES (630) },  /* B */
  };
  guint lanes[] = { 0, 0, 0, 1 }, widths[] = { 2, 2, 1, 2 };

  assert_lanes (items, 4, lanes, widths);
}
END_TEST

START_TEST (test_lanes_three_at_once)
{
  /* Three at 10:00; a fourth at 10:15 takes the lane freed at 10:15. */
  AxInterval items[] = {
    { MINUTES (600), MINUTES (660) }, { MINUTES (600), MINUTES (615) }, { MINUTES (600), MINUTES (630) }, { MINUTES (615), MINUTES (645) },
  };
  g_autofree AxLaneSlot *out = g_new0 (AxLaneSlot, 4);

  ax_schedule_layout_lanes (items, 4, out);
  for (int i = 0; i < 4; i++)
    ck_assert_uint_eq (out[i].n_lanes, 3);
  /* Longest first at equal starts; the 10:15 one reuses the 15-minute lane. */
  ck_assert_uint_eq (out[0].lane, 0);
  ck_assert_uint_eq (out[2].lane, 1);
  ck_assert_uint_eq (out[1].lane, 2);
  ck_assert_uint_eq (out[3].lane, 2);
  ax_schedule_layout_lanes (items, 0, out); /* nothing to do, no crash */
}
END_TEST

static GDateTime *
bkk (int y, int mo, int d, int h, int mi)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  return g_date_time_new (tz, y, mo, d, h, mi, 0);
}

START_TEST (test_within_hours)
{
  /* Tuesday 09:00–18:00 with a 12:00–13:00 break; nothing on Sunday. */
  AxWorkBlock blocks[] = { { 2, 540, 1080, FALSE }, { 2, 720, 780, TRUE } };
  struct { int h1, m1, h2, m2; gboolean ok; } cases[] = {
    { 9, 0, 9, 30, TRUE }, { 17, 30, 18, 0, TRUE }, { 8, 45, 9, 15, FALSE },
    { 17, 45, 18, 15, FALSE }, { 11, 30, 12, 0, TRUE }, { 11, 45, 12, 15, FALSE },
    { 13, 0, 14, 0, TRUE }, { 12, 0, 13, 0, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GDateTime) s = bkk (2026, 3, 10, cases[i].h1, cases[i].m1); /* a Tuesday */
      g_autoptr (GDateTime) e = bkk (2026, 3, 10, cases[i].h2, cases[i].m2);
      ck_assert_msg (ax_schedule_within_hours (blocks, 2, s, e) == cases[i].ok, "case %zu", i);
    }
  {
    g_autoptr (GDateTime) s = bkk (2026, 3, 15, 10, 0); /* Sunday */
    g_autoptr (GDateTime) e = bkk (2026, 3, 15, 10, 30);
    ck_assert (!ax_schedule_within_hours (blocks, 2, s, e));
  }
  {
    /* Across midnight is never inside. */
    AxWorkBlock all_day[] = { { 2, 0, 1440, FALSE }, { 3, 0, 1440, FALSE } };
    g_autoptr (GDateTime) s = bkk (2026, 3, 10, 23, 30);
    g_autoptr (GDateTime) e = bkk (2026, 3, 11, 0, 30);
    g_autoptr (GDateTime) m = bkk (2026, 3, 11, 0, 0);
    ck_assert (!ax_schedule_within_hours (all_day, 2, s, e));
    ck_assert (ax_schedule_within_hours (all_day, 2, s, m)); /* ending at midnight is fine */
  }
}
END_TEST

START_TEST (test_statuses)
{
  ck_assert (ax_appointment_status_can_change (AX_APPT_BOOKED, AX_APPT_CONFIRMED));
  ck_assert (ax_appointment_status_can_change (AX_APPT_CONFIRMED, AX_APPT_CHECKED_IN));
  ck_assert (ax_appointment_status_can_change (AX_APPT_CHECKED_IN, AX_APPT_IN_PROGRESS));
  ck_assert (ax_appointment_status_can_change (AX_APPT_IN_PROGRESS, AX_APPT_COMPLETED));
  ck_assert (ax_appointment_status_can_change (AX_APPT_BOOKED, AX_APPT_CANCELLED));
  ck_assert (!ax_appointment_status_can_change (AX_APPT_COMPLETED, AX_APPT_BOOKED));
  ck_assert (!ax_appointment_status_can_change (AX_APPT_CANCELLED, AX_APPT_CONFIRMED));
  ck_assert (!ax_appointment_status_can_change (AX_APPT_BOOKED, AX_APPT_COMPLETED));
  ck_assert (!ax_appointment_status_can_change (AX_APPT_IN_PROGRESS, AX_APPT_NO_SHOW));
  ck_assert (!ax_appointment_status_is_live (AX_APPT_NO_SHOW));
  ck_assert (!ax_appointment_status_is_live (AX_APPT_CANCELLED));
  ck_assert (ax_appointment_status_is_live (AX_APPT_IN_PROGRESS));
  ck_assert (!ax_appointment_status_is_movable (AX_APPT_IN_PROGRESS));
  for (int s = 0; s < AX_N_APPT_STATUSES; s++)
    {
      ck_assert_int_eq (ax_appointment_status_from_string (ax_appointment_status_to_string (s)), s);
      ck_assert_ptr_nonnull (ax_appointment_status_icon_name (s));
    }
  ck_assert_int_eq (ax_appointment_status_from_string ("lost"), AX_APPT_INVALID);
}
END_TEST

START_TEST (test_snap)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GTimeZone) kol = g_time_zone_new_identifier ("Asia/Kolkata"); /* +05:30 */
  g_autoptr (GDateTime) t = bkk (2026, 3, 10, 10, 7);
  g_autoptr (GDateTime) want15 = bkk (2026, 3, 10, 10, 0);
  g_autoptr (GDateTime) want5 = bkk (2026, 3, 10, 10, 5);
  g_autoptr (GDateTime) k = g_date_time_new (kol, 2026, 3, 10, 10, 8, 0);
  g_autoptr (GDateTime) kwant = g_date_time_new (kol, 2026, 3, 10, 10, 15, 0);
  gint64 ms = g_date_time_to_unix (t) * 1000;

  ck_assert_int_eq (ax_schedule_snap (ms, 15, tz), g_date_time_to_unix (want15) * 1000);
  ck_assert_int_eq (ax_schedule_snap (ms, 5, tz), g_date_time_to_unix (want5) * 1000);
  /* 10:08 is nearer 10:15. */
  ck_assert_int_eq (ax_schedule_snap (ms + 60000, 15, tz), g_date_time_to_unix (want15) * 1000 + 900000);
  /* Snapping is in local time, also where the offset is not whole hours. */
  ck_assert_int_eq (ax_schedule_snap (g_date_time_to_unix (k) * 1000, 15, kol),
                    g_date_time_to_unix (kwant) * 1000);
  ck_assert (!ax_intervals_overlap (0, 10, 10, 20));
  ck_assert (ax_intervals_overlap (0, 11, 10, 20));
}
END_TEST

AX_TEST_MAIN ("schedule", test_lanes_separate_and_touching, test_lanes_overlapping_chain,
              test_lanes_three_at_once, test_within_hours, test_statuses, test_snap)
