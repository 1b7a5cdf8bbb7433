/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar's geometry (src/app/calendar/ax-calendar-layout.c): time ↔ y,
 * columns, hit testing, overlapping appointments side by side, what the
 * views mirror of the booking rules. Pure functions: no display. */
#include "ax-test.h"

#include "calendar/ax-calendar-layout.h"

/* 2025-03-10 is a Monday; the clinic is in Bangkok (UTC+7, no DST):
 * local midnight is 2025-03-09 17:00 UTC. */
#define MIDNIGHT_S G_GINT64_CONSTANT (1741539600)
#define AT(day, h, m) ((MIDNIGHT_S + (day) * 86400 + (h) * 3600 + (m) * 60) * 1000)

#define P1 "00000000-0000-7000-8000-000000000001"
#define P2 "00000000-0000-7000-8000-000000000002"
#define P3 "00000000-0000-7000-8000-000000000003"
#define R1 "00000000-0000-7000-8000-0000000000a1"
#define R2 "00000000-0000-7000-8000-0000000000a2"

static AxResource *
resource (const char *id,
          const char *name,
          const char *color)
{
  AxResource *res = g_new0 (AxResource, 1);

  res->id = g_strdup (id);
  res->name = g_strdup (name);
  res->color = g_strdup (color);
  return res;
}

/* AxAppointment is refcounted with g_atomic_rc_box (ax-appointments-query.c). */
static AxAppointment *
appointment (const char          *id,
             const char          *provider,
             const char          *room,
             gint64               start,
             gint64               end,
             AxAppointmentStatus  status)
{
  AxAppointment *a = g_atomic_rc_box_new0 (AxAppointment);

  a->id = g_strdup (id);
  a->patient_name = g_strdup_printf ("Patient %s", id);
  a->provider_id = g_strdup (provider);
  a->room_id = g_strdup (room);
  a->start_ms = start;
  a->end_ms = end;
  a->status = status;
  a->services = g_strdup ("Consultation");
  return a;
}

/* Mon–Sat 09:00–18:00 with a 12:00–13:00 break; without Monday if day_off. */
static GArray *
hours (gboolean monday_off)
{
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (AxWorkBlock));

  for (int wd = 1; wd <= 6; wd++)
    {
      AxWorkBlock work = { wd, 9 * 60, 18 * 60, FALSE };
      AxWorkBlock lunch = { wd, 12 * 60, 13 * 60, TRUE };

      if (wd == 1 && monday_off)
        continue;
      g_array_append_val (blocks, work);
      g_array_append_val (blocks, lunch);
    }
  return blocks;
}

/* Three providers (P3 is off on Mondays), two rooms and, on Monday:
 *   a  P1 R1 10:00–11:00
 *   b  P1 R2 10:30–11:30   (overlaps a: two lanes)
 *   c  P1 —  11:30–12:00   (touches b: a group of its own)
 *   d  P2 R1 11:00–11:30   cancelled
 *   e  P2 R2 14:00–15:00
 * and on Tuesday f P2 R1 09:00–09:30. */
static AxCalendarData *
make_data (guint n_days)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GDateTime) monday = g_date_time_new (tz, 2025, 3, 10, 15, 0, 0);
  AxCalendarData *data = ax_calendar_data_new (tz, monday, n_days);
  g_autoptr (GArray) normal = hours (FALSE);
  g_autoptr (GArray) off = hours (TRUE);

  g_ptr_array_add (data->providers, resource (P1, "Dr Lee", "#3584e4"));
  g_ptr_array_add (data->providers, resource (P2, "Nurse Ana", "#e66100"));
  g_ptr_array_add (data->providers, resource (P3, "Pim", "#26a269"));
  g_ptr_array_add (data->rooms, resource (R1, "Treatment 1", NULL));
  g_ptr_array_add (data->rooms, resource (R2, "Treatment 2", NULL));
  ax_calendar_data_set_hours (data, P1, normal);
  ax_calendar_data_set_hours (data, P2, normal);
  ax_calendar_data_set_hours (data, P3, off);
  g_ptr_array_add (data->appointments, appointment ("a", P1, R1, AT (0, 10, 0), AT (0, 11, 0), AX_APPT_BOOKED));
  g_ptr_array_add (data->appointments, appointment ("b", P1, R2, AT (0, 10, 30), AT (0, 11, 30), AX_APPT_CONFIRMED));
  g_ptr_array_add (data->appointments, appointment ("c", P1, NULL, AT (0, 11, 30), AT (0, 12, 0), AX_APPT_BOOKED));
  g_ptr_array_add (data->appointments, appointment ("d", P2, R1, AT (0, 11, 0), AT (0, 11, 30), AX_APPT_CANCELLED));
  g_ptr_array_add (data->appointments, appointment ("e", P2, R2, AT (0, 14, 0), AT (0, 15, 0), AX_APPT_CHECKED_IN));
  g_ptr_array_add (data->appointments, appointment ("f", P2, R1, AT (1, 9, 0), AT (1, 9, 30), AX_APPT_BOOKED));
  return data;
}

/* A day view 3 columns of 200 px wide; 08:00–19:00 (an hour either side of
 * the working hours) at 60 px an hour under a 40 px header. */
static AxCalendarLayout *
day_layout (AxCalendarData     *data,
            const AxCalOptions *options)
{
  AxCalMetrics metrics;

  ax_cal_metrics_init_day (&metrics);
  ck_assert_double_eq (metrics.gutter_width, 56);
  ck_assert_double_eq (metrics.header_height, 40);
  return ax_calendar_layout_new (data, options, &metrics, 56 + 3 * 200, 40 + 11 * 60);
}

static const AxCalBlock *
block_of (const AxCalendarLayout *layout,
          const char             *id)
{
  int i = ax_calendar_layout_find_block (layout, id);

  ck_assert_msg (i >= 0, "no block for %s", id);
  return &g_array_index (layout->blocks, AxCalBlock, i);
}

START_TEST (test_days)
{
  g_autoptr (AxCalendarData) data = make_data (7);

  ck_assert_int_eq (data->day_start_ms[0], MIDNIGHT_S * 1000);
  ck_assert_int_eq (data->day_start_ms[7], (MIDNIGHT_S + 7 * 86400) * 1000);
  ck_assert_int_eq (data->weekday[0], 1);
  ck_assert_int_eq (data->weekday[6], 7);
  ck_assert_str_eq (data->date[0], "2025-03-10");
  ck_assert_str_eq (data->date[6], "2025-03-16");
  ck_assert_int_eq (ax_calendar_data_day_of (data, AT (0, 0, 0)), 0);
  ck_assert_int_eq (ax_calendar_data_day_of (data, AT (0, 23, 59)), 0);
  ck_assert_int_eq (ax_calendar_data_day_of (data, AT (3, 12, 0)), 3);
  ck_assert_int_eq (ax_calendar_data_day_of (data, AT (7, 0, 0)), -1);
  ck_assert_int_eq (ax_calendar_data_day_of (data, AT (0, 0, 0) - 1), -1);
  ck_assert_int_eq (ax_calendar_data_local_minute (data, 0, AT (0, 10, 30)), 630);
  ck_assert_int_eq (ax_calendar_data_local_minute (data, 1, AT (0, 23, 0)), -60);
  ck_assert_int_eq (ax_calendar_data_time_of_minute (data, 2, 9 * 60), AT (2, 9, 0));
}
END_TEST

START_TEST (test_time_and_y)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  g_autoptr (AxCalendarLayout) layout = day_layout (data, NULL);

  ck_assert_int_eq (layout->first_minute, 8 * 60);
  ck_assert_int_eq (layout->last_minute, 19 * 60);
  ck_assert_double_eq (layout->hour_height, 60);
  ck_assert_double_eq (layout->height, 40 + 11 * 60);
  ck_assert_double_eq (ax_calendar_layout_y_of_minute (layout, 8 * 60), 40);
  ck_assert_double_eq (ax_calendar_layout_y_of_time (layout, 0, AT (0, 10, 0)), 160);
  ck_assert_double_eq (ax_calendar_layout_y_of_time (layout, 0, AT (0, 10, 30)), 190);
  ck_assert_int_eq (ax_calendar_layout_time_at (layout, 0, 160), AT (0, 10, 0));
  ck_assert_int_eq (ax_calendar_layout_time_at (layout, 0, 190), AT (0, 10, 30));
  ck_assert_int_eq (ax_calendar_layout_time_at (layout, 0, 161), AT (0, 10, 1));
  /* Above and below the grid: its ends. */
  ck_assert_int_eq (ax_calendar_layout_time_at (layout, 0, 0), AT (0, 8, 0));
  ck_assert_int_eq (ax_calendar_layout_time_at (layout, 0, 5000), AT (0, 19, 0));
}
END_TEST

START_TEST (test_size_grows_past_the_view)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  AxCalMetrics metrics;
  g_autoptr (AxCalendarLayout) small = NULL;

  ax_cal_metrics_init_day (&metrics);
  small = ax_calendar_layout_new (data, NULL, &metrics, 200, 200);
  /* Never narrower or shorter than the minimum sizes: the view scrolls. */
  ck_assert_double_eq (small->column_width, metrics.min_column_width);
  ck_assert_double_eq (small->width, 56 + 3 * metrics.min_column_width);
  ck_assert_double_eq (small->hour_height, metrics.min_hour_height);
  ck_assert_double_eq (small->height, 40 + 11 * metrics.min_hour_height);
}
END_TEST

START_TEST (test_columns_and_hit_testing)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  g_autoptr (AxCalendarLayout) layout = day_layout (data, NULL);
  AxCalRect r = ax_calendar_layout_cell_rect (layout, 0, 1);
  guint day = 99, column = 99;

  ck_assert_uint_eq (layout->n_columns, 3);
  ck_assert_str_eq (layout->columns[0].name, "Dr Lee");
  ck_assert_str_eq (layout->columns[2].id, P3);
  ck_assert_double_eq (layout->column_width, 200);
  ck_assert_double_eq (r.x, 256);
  ck_assert_double_eq (r.y, 40);
  ck_assert_double_eq (r.width, 200);
  ck_assert_double_eq (r.height, 660);

  ck_assert (ax_calendar_layout_cell_at (layout, 300, 200, &day, &column));
  ck_assert_uint_eq (day, 0);
  ck_assert_uint_eq (column, 1);
  ck_assert (ax_calendar_layout_cell_at (layout, 56, 41, NULL, &column));
  ck_assert_uint_eq (column, 0);
  ck_assert (ax_calendar_layout_cell_at (layout, 655, 699, NULL, &column));
  ck_assert_uint_eq (column, 2);
  ck_assert (!ax_calendar_layout_cell_at (layout, 40, 200, NULL, NULL));  /* the gutter */
  ck_assert (!ax_calendar_layout_cell_at (layout, 300, 20, NULL, NULL));  /* the header */
  ck_assert (!ax_calendar_layout_cell_at (layout, 700, 200, NULL, NULL)); /* past the last */
  ck_assert (!ax_calendar_layout_cell_at (layout, 300, 700, NULL, NULL)); /* below 19:00 */

  ck_assert_int_eq (ax_calendar_layout_find_column (layout, P2), 1);
  ck_assert_int_eq (ax_calendar_layout_find_column (layout, "nobody"), -1);
}
END_TEST

START_TEST (test_overlaps_side_by_side)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  g_autoptr (AxCalendarLayout) layout = day_layout (data, NULL);
  const AxCalBlock *a = block_of (layout, "a");
  const AxCalBlock *b = block_of (layout, "b");
  const AxCalBlock *c = block_of (layout, "c");
  const AxCalBlock *e = block_of (layout, "e");
  double gap = layout->metrics.block_gap;

  /* a and b overlap: half the column each, a on the left. */
  ck_assert_uint_eq (a->n_lanes, 2);
  ck_assert_uint_eq (b->n_lanes, 2);
  ck_assert_uint_eq (a->lane, 0);
  ck_assert_uint_eq (b->lane, 1);
  ck_assert_double_eq (a->rect.x, 56 + gap);
  ck_assert_double_eq (a->rect.width, 100 - 2 * gap);
  ck_assert_double_eq (b->rect.x, 56 + 100 + gap);
  ck_assert_double_eq (b->rect.width, 100 - 2 * gap);
  ck_assert_double_eq (a->rect.y, 160 + gap / 2);
  ck_assert_double_eq (a->rect.height, 60 - gap);
  /* c starts when b ends: the whole column again. */
  ck_assert_uint_eq (c->n_lanes, 1);
  ck_assert_double_eq (c->rect.width, 200 - 2 * gap);
  /* e is alone in the second column. */
  ck_assert_uint_eq (e->column, 1);
  ck_assert_double_eq (e->rect.x, 256 + gap);
  ck_assert_str_eq (e->time_text, "14:00\u201315:00");
  ck_assert_uint_eq (e->color, 0xe66100);
  /* d (cancelled) overlaps nothing of its column, so it is full width too. */
  ck_assert_uint_eq (block_of (layout, "d")->n_lanes, 1);
  /* Tuesday's f is not on Monday's view. */
  ck_assert_int_eq (ax_calendar_layout_find_block (layout, "f"), -1);
  ck_assert_uint_eq (layout->blocks->len, 5);
}
END_TEST

START_TEST (test_block_hit_testing)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  g_autoptr (AxCalendarLayout) layout = day_layout (data, NULL);
  const AxCalBlock *a = block_of (layout, "a");
  gboolean edge = TRUE;
  int i;

  i = ax_calendar_layout_block_at (layout, a->rect.x + 10, a->rect.y + 10, &edge);
  ck_assert_int_eq (i, ax_calendar_layout_find_block (layout, "a"));
  ck_assert (!edge);
  /* The lower edge resizes. */
  i = ax_calendar_layout_block_at (layout, a->rect.x + 10, a->rect.y + a->rect.height - 2, &edge);
  ck_assert_int_eq (i, ax_calendar_layout_find_block (layout, "a"));
  ck_assert (edge);
  /* The other lane at the same time is b. */
  i = ax_calendar_layout_block_at (layout, 56 + 150, 200, NULL);
  ck_assert_int_eq (i, ax_calendar_layout_find_block (layout, "b"));
  /* Empty time. */
  ck_assert_int_eq (ax_calendar_layout_block_at (layout, 100, 100, &edge), -1);
  ck_assert (!edge);
}
END_TEST

START_TEST (test_reading_order)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  g_autoptr (AxCalendarLayout) layout = day_layout (data, NULL);
  const char *want[] = { "a", "b", "d", "c", "e" };
  int i = -1;

  /* By time, then column: d (11:00, second column) comes before c (11:30). */
  for (gsize k = 0; k < G_N_ELEMENTS (want); k++)
    {
      i = ax_calendar_layout_step_block (layout, i, +1);
      ck_assert_str_eq (g_array_index (layout->blocks, AxCalBlock, i).appt->id, want[k]);
    }
  ck_assert_int_eq (ax_calendar_layout_step_block (layout, i, +1), -1);
  ck_assert_int_eq (ax_calendar_layout_step_block (layout, 0, -1), -1);
  ck_assert_int_eq (ax_calendar_layout_step_block (layout, -1, -1), 4);
}
END_TEST

START_TEST (test_filters_and_rooms)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  const char *only_p2[] = { P2, NULL };
  const char *only_r1[] = { R1, NULL };
  AxCalOptions live = { AX_CAL_BY_PROVIDER, NULL, NULL, ~(1u << AX_APPT_CANCELLED) };
  AxCalOptions p2 = { AX_CAL_BY_PROVIDER, only_p2 };
  AxCalOptions rooms = { AX_CAL_BY_ROOM };
  AxCalOptions room1 = { AX_CAL_BY_ROOM, NULL, only_r1 };
  g_autoptr (AxCalendarLayout) a = day_layout (data, &live);
  g_autoptr (AxCalendarLayout) b = day_layout (data, &p2);
  g_autoptr (AxCalendarLayout) c = day_layout (data, &rooms);
  g_autoptr (AxCalendarLayout) d = day_layout (data, &room1);

  ck_assert_int_eq (ax_calendar_layout_find_block (a, "d"), -1);
  ck_assert_uint_eq (a->blocks->len, 4);

  ck_assert_uint_eq (b->n_columns, 1);
  ck_assert_str_eq (b->columns[0].id, P2);
  ck_assert_uint_eq (b->blocks->len, 2);
  ck_assert_double_eq (b->column_width, 600);

  /* By room: the two rooms and a "no room" column for c. */
  ck_assert_uint_eq (c->n_columns, 3);
  ck_assert_str_eq (c->columns[1].name, "Treatment 2");
  ck_assert_ptr_null (c->columns[2].id);
  ck_assert_uint_eq (block_of (c, "a")->column, 0);
  ck_assert_uint_eq (block_of (c, "b")->column, 1);
  ck_assert_uint_eq (block_of (c, "c")->column, 2);
  /* a and b are in different rooms now: no lanes. */
  ck_assert_uint_eq (block_of (c, "a")->n_lanes, 1);
  /* Room columns take the provider's colour for each appointment. */
  ck_assert_uint_eq (block_of (c, "e")->color, 0xe66100);

  ck_assert_uint_eq (d->n_columns, 2);
  ck_assert_int_eq (ax_calendar_layout_find_block (d, "b"), -1);
  ck_assert_int_eq (ax_calendar_layout_find_block (d, "a"), 0);
}
END_TEST

START_TEST (test_hours_breaks_and_closed_days)
{
  g_autoptr (AxCalendarData) data = make_data (7);
  g_autoptr (AxCalendarLayout) layout = NULL;
  AxCalMetrics metrics;
  guint works = 0, breaks = 0;

  ax_calendar_data_set_closed (data, NULL, 2);  /* Wednesday: the clinic */
  ax_calendar_data_set_closed (data, P2, 3);    /* Thursday: Nurse Ana */
  ax_cal_metrics_init_week (&metrics);
  layout = ax_calendar_layout_new (data, NULL, &metrics, 56 + 6 * 6 + 7 * 3 * 40, 700);

  ck_assert_uint_eq (layout->n_days, 7);
  ck_assert_double_eq (layout->column_width, 40);
  ck_assert_double_eq (layout->day_width, 120);
  ck_assert_double_eq (ax_calendar_layout_cell_rect (layout, 1, 0).x, 56 + 120 + 6);
  ck_assert_double_eq (ax_calendar_layout_cell_rect (layout, 1, 2).x, 56 + 120 + 6 + 80);
  ck_assert (!ax_calendar_layout_cell_at (layout, 56 + 120 + 2, 200, NULL, NULL)); /* the gap */

#define CELL(d, c) layout->cells[(d) * layout->n_columns + (c)]
  ck_assert_int_eq (CELL (0, 0), AX_CAL_CELL_OPEN);
  ck_assert_int_eq (CELL (0, 2), AX_CAL_CELL_DAY_OFF);  /* Pim on Monday */
  ck_assert_int_eq (CELL (1, 2), AX_CAL_CELL_OPEN);
  ck_assert_int_eq (CELL (2, 0), AX_CAL_CELL_CLOSED);
  ck_assert_int_eq (CELL (3, 1), AX_CAL_CELL_CLOSED);
  ck_assert_int_eq (CELL (3, 0), AX_CAL_CELL_OPEN);
  ck_assert_int_eq (CELL (6, 0), AX_CAL_CELL_DAY_OFF);  /* Sunday */
#undef CELL

  /* Open cells: Mon 2, Tue 3, Thu 2, Fri 3, Sat 3 = 13 work and 13 break shades. */
  for (guint i = 0; i < layout->shades->len; i++)
    {
      const AxCalShade *s = &g_array_index (layout->shades, AxCalShade, i);
      if (s->kind == AX_CAL_SHADE_WORK)
        works++;
      else
        {
          breaks++;
          ck_assert_double_eq (s->rect.height, layout->hour_height);
          ck_assert_double_eq (s->rect.y, ax_calendar_layout_y_of_minute (layout, 12 * 60));
        }
    }
  ck_assert_uint_eq (works, 13);
  ck_assert_uint_eq (breaks, 13);
  /* Tuesday's appointment is in the week. */
  ck_assert_uint_eq (block_of (layout, "f")->day, 1);
}
END_TEST

START_TEST (test_rules_mirrored)
{
  g_autoptr (AxCalendarData) data = make_data (1);

  /* Working hours, breaks, the end of the day, a day off. */
  ck_assert (ax_calendar_data_within_hours (data, P1, AT (0, 9, 0), AT (0, 9, 30)));
  ck_assert (ax_calendar_data_within_hours (data, P1, AT (0, 17, 30), AT (0, 18, 0)));
  ck_assert (!ax_calendar_data_within_hours (data, P1, AT (0, 11, 45), AT (0, 12, 15)));
  ck_assert (!ax_calendar_data_within_hours (data, P1, AT (0, 17, 45), AT (0, 18, 15)));
  ck_assert (!ax_calendar_data_within_hours (data, P1, AT (0, 8, 0), AT (0, 9, 0)));
  ck_assert (!ax_calendar_data_within_hours (data, P3, AT (0, 10, 0), AT (0, 10, 30)));
  /* A provider with no hours set up is held to none. */
  ck_assert (ax_calendar_data_within_hours (data, "nobody-set-up", AT (0, 7, 0), AT (0, 8, 0)));
  /* Outside the loaded days the model decides. */
  ck_assert (ax_calendar_data_within_hours (data, P3, AT (5, 10, 0), AT (5, 10, 30)));
  ax_calendar_data_set_closed (data, P1, 0);
  ck_assert (!ax_calendar_data_within_hours (data, P1, AT (0, 9, 0), AT (0, 9, 30)));

  /* Clashes by provider or by room; touching is fine; cancelled does not block. */
  ck_assert_str_eq (ax_calendar_data_find_clash (data, NULL, P1, NULL, AT (0, 10, 45), AT (0, 11, 15))->id, "a");
  ck_assert_ptr_null (ax_calendar_data_find_clash (data, NULL, P1, NULL, AT (0, 12, 0), AT (0, 12, 30)));
  ck_assert_ptr_null (ax_calendar_data_find_clash (data, NULL, P2, NULL, AT (0, 11, 0), AT (0, 11, 30)));
  ck_assert_str_eq (ax_calendar_data_find_clash (data, NULL, P3, R2, AT (0, 14, 30), AT (0, 14, 45))->id, "e");
  ck_assert_ptr_null (ax_calendar_data_find_clash (data, NULL, P3, R2, AT (0, 15, 0), AT (0, 15, 30)));
  /* Moving an appointment does not clash with itself. */
  ck_assert_ptr_null (ax_calendar_data_find_clash (data, "e", P2, R2, AT (0, 14, 15), AT (0, 15, 15)));
}
END_TEST

START_TEST (test_free_slot)
{
  g_autoptr (AxCalendarData) data = make_data (1);
  g_autoptr (AxCalendarLayout) layout = day_layout (data, NULL);
  AxCalOptions by_room = { AX_CAL_BY_ROOM };
  g_autoptr (AxCalendarLayout) rooms = day_layout (data, &by_room);
  gint64 start = 0;

  /* Dr Lee is busy 10:00–12:00 and at lunch until 13:00. */
  ck_assert (ax_calendar_layout_free_slot (layout, 0, 0, AT (0, 10, 5), 30, 15, &start));
  ck_assert_int_eq (start, AT (0, 13, 0));
  /* From the start of the day: 09:00, the first working slot. */
  ck_assert (ax_calendar_layout_free_slot (layout, 0, 0, AT (0, 0, 0), 30, 15, &start));
  ck_assert_int_eq (start, AT (0, 9, 0));
  ck_assert (ax_calendar_layout_free_slot (layout, 0, 0, AT (0, 9, 50), 10, 10, &start));
  ck_assert_int_eq (start, AT (0, 9, 50));
  /* Nothing left late in the day, nor on a day off. */
  ck_assert (!ax_calendar_layout_free_slot (layout, 0, 0, AT (0, 17, 50), 30, 15, NULL));
  ck_assert (!ax_calendar_layout_free_slot (layout, 0, 2, AT (0, 0, 0), 30, 15, NULL));
  /* Treatment 2 is taken 10:30–11:30 and 14:00–15:00. */
  ck_assert (ax_calendar_layout_free_slot (rooms, 0, 1, AT (0, 10, 30), 60, 15, &start));
  ck_assert_int_eq (start, AT (0, 11, 30));
}
END_TEST

START_TEST (test_text_helpers)
{
  char buf[32];

  ck_assert_uint_eq (ax_calendar_parse_color ("#3584e4", 0), 0x3584e4);
  ck_assert_uint_eq (ax_calendar_parse_color ("#fa0", 0), 0xffaa00);
  ck_assert_uint_eq (ax_calendar_parse_color ("blue", 7), 7);
  ck_assert_uint_eq (ax_calendar_parse_color ("#12345g", 7), 7);
  ck_assert_uint_eq (ax_calendar_parse_color (NULL, 7), 7);
  ax_calendar_format_span (9 * 60 + 5, 24 * 60, buf, sizeof buf);
  ck_assert_str_eq (buf, "09:05\u201324:00");
}
END_TEST

AX_TEST_MAIN ("calendar-layout",
              test_days,
              test_time_and_y,
              test_size_grows_past_the_view,
              test_columns_and_hit_testing,
              test_overlaps_side_by_side,
              test_block_hit_testing,
              test_reading_order,
              test_filters_and_rooms,
              test_hours_breaks_and_closed_days,
              test_rules_mirrored,
              test_free_slot,
              test_text_helpers)
