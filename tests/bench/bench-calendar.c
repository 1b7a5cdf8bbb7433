/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* The calendar (DESIGN.md §10):
 *   week_view_frame_ms  layout + draw of a week, 20 providers, 1 000
 *                       appointments, into a 1920×1080 cairo image (≤ 8 ms);
 *   week_view_draw_ms   the same frame drawn from a layout already made (what
 *                       the view does while scrolling or dragging);
 *   day_view_frame_ms   layout + draw of one busy day in 20 provider columns;
 *   week_load_ms        ax_appointments_query of one week from the
 *                       2 000 000-appointment benchmark store (≤ 5 ms).
 * The frames call the views' own layout (ax-calendar-layout.c) and painter
 * (ax-calendar-draw.c) on a plain cairo_t: no display. Medians of --runs. */

#include "bench-util.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include "calendar/ax-calendar-draw.h"
#include "calendar/ax-calendar-layout.h"

#define WIDTH 1920
#define HEIGHT 1080
#define N_PROVIDERS 20

static const char *const first_names[] = {
  "Anong", "Somchai", "Mali", "Pim", "Beatriz", "João", "Helen", "Kanya", "Lucas", "Ploy",
  "Ana", "Niran", "Camila", "Arthit", "Sofia", "Thanawat",
};
static const char *const last_names[] = {
  "Srisuk", "Wongsa", "Chaiyaporn", "Souza", "Carter", "Oliveira", "Lee", "Rattanakul",
  "Santos", "Boonmee", "Pereira", "Kittisak",
};
static const char *const services[] = {
  "Botox forehead", "Consultation", "Hydrafacial", "Filler lips, Consultation",
  "Laser hair removal legs", "Chemical peel", "Microneedling", "PRP scalp",
};
static const char *const colors[] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24", "#9141ac", "#986a44", "#2190a4",
  "#c061cb", "#62a0ea", "#57e389", "#e5a50a", "#c64600", "#a51d2d", "#613583", "#63452c",
  "#1c71d8", "#26a269", "#f5c211", "#e66100",
};

/* AxAppointment is refcounted with g_atomic_rc_box (ax-appointments-query.c). */
static AxAppointment *
new_appointment (GRand      *rand,
                 guint       n,
                 const char *provider_id,
                 const char *room_id,
                 gint64      start,
                 int         minutes)
{
  AxAppointment *a = g_atomic_rc_box_new0 (AxAppointment);
  guint roll = (guint) g_rand_int_range (rand, 0, 100);

  a->id = g_strdup_printf ("appt-%u", n);
  a->patient_id = g_strdup_printf ("patient-%u", n);
  a->patient_name = g_strdup_printf ("%s %s",
                                     first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                     last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
  a->patient_has_allergy = roll % 9 == 0;
  a->provider_id = g_strdup (provider_id);
  a->room_id = g_strdup (room_id);
  a->start_ms = start;
  a->end_ms = start + (gint64) minutes * 60000;
  a->status = roll < 4 ? AX_APPT_CANCELLED : roll < 7 ? AX_APPT_NO_SHOW
              : (AxAppointmentStatus) (roll % 5);
  a->services = g_strdup (services[g_rand_int_range (rand, 0, G_N_ELEMENTS (services))]);
  return a;
}

/* 20 providers, Mon–Sat 09:00–18:00 with lunch at 12:00, and n appointments
 * spread over their days one after the other (a day that fills up starts
 * again at 09:00: an overbook). */
static AxCalendarData *
make_week (guint n_days,
           guint n_appointments)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GDateTime) monday = g_date_time_new (tz, 2025, 3, 10, 0, 0, 0);
  AxCalendarData *data = ax_calendar_data_new (tz, monday, n_days);
  g_autoptr (GArray) hours = g_array_new (FALSE, FALSE, sizeof (AxWorkBlock));
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  guint working_days = MIN (n_days, 6);
  g_autofree int *cursor = g_new0 (int, N_PROVIDERS * working_days);

  for (int wd = 1; wd <= 6; wd++)
    {
      AxWorkBlock work = { wd, 9 * 60, 18 * 60, FALSE }, lunch = { wd, 12 * 60, 13 * 60, TRUE };
      g_array_append_val (hours, work);
      g_array_append_val (hours, lunch);
    }
  for (guint p = 0; p < N_PROVIDERS; p++)
    {
      AxResource *res = g_new0 (AxResource, 1);

      res->id = g_strdup_printf ("provider-%02u", p);
      res->name = g_strdup_printf ("Dr %s %s", first_names[p % G_N_ELEMENTS (first_names)],
                                   last_names[p % G_N_ELEMENTS (last_names)]);
      res->color = g_strdup (colors[p % G_N_ELEMENTS (colors)]);
      g_ptr_array_add (data->providers, res);
      ax_calendar_data_set_hours (data, res->id, hours);
    }
  for (guint r = 0; r < 14; r++)
    {
      AxResource *res = g_new0 (AxResource, 1);
      res->id = g_strdup_printf ("room-%02u", r);
      res->name = g_strdup_printf ("Treatment %u", r + 1);
      g_ptr_array_add (data->rooms, res);
    }

  for (guint i = 0; i < n_appointments; i++)
    {
      guint slot = i % (N_PROVIDERS * working_days);
      guint day = slot / N_PROVIDERS, p = slot % N_PROVIDERS;
      const AxResource *provider = g_ptr_array_index (data->providers, p);
      static const int lengths[] = { 15, 30, 30, 45, 60, 90 };
      int minutes = lengths[g_rand_int_range (rand, 0, G_N_ELEMENTS (lengths))];
      int start = 9 * 60 + cursor[slot] + 15 * g_rand_int_range (rand, 0, 2);
      g_autofree char *room = g_strdup_printf ("room-%02u", (p + i) % 14);

      if (start < 13 * 60 && start + minutes > 12 * 60)
        start = 13 * 60;
      if (start + minutes > 18 * 60)
        start = 9 * 60 + 15 * g_rand_int_range (rand, 0, 8);
      cursor[slot] = start + minutes - 9 * 60;
      g_ptr_array_add (data->appointments,
                       new_appointment (rand, i, provider->id, room,
                                        ax_calendar_data_time_of_minute (data, day, start),
                                        minutes));
    }
  return data;
}

/* Symbolic icons from the Adwaita theme's PNGs when installed (masks). */
static void
load_icons (AxCalStyle *style)
{
  const char *names[AX_CAL_N_ICONS] = { 0 };

  for (int s = 0; s < AX_N_APPT_STATUSES; s++)
    names[s] = ax_appointment_status_icon_name (s);
  names[AX_CAL_ICON_ALLERGY] = "dialog-warning-symbolic";
  names[AX_CAL_ICON_OVERBOOKED] = "list-add-symbolic";
  names[AX_CAL_ICON_REBOOK] = "view-refresh-symbolic";
  for (int i = 0; i < AX_CAL_N_ICONS; i++)
    {
      const char *dirs[] = { "actions", "status", "emblems", "mimetypes", "apps", "places" };

      for (gsize d = 0; d < G_N_ELEMENTS (dirs) && style->icons[i] == NULL; d++)
        {
          g_autofree char *file = g_strdup_printf ("%s.symbolic.png", names[i]);
          g_autofree char *path = g_build_filename ("/usr/share/icons/Adwaita/16x16", dirs[d],
                                                    file, NULL);
          cairo_surface_t *s;

          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            continue;
          s = cairo_image_surface_create_from_png (path);
          if (cairo_surface_status (s) == CAIRO_STATUS_SUCCESS)
            style->icons[i] = s;
          else
            cairo_surface_destroy (s);
        }
    }
}

static double
frame (cairo_surface_t        *surface,
       AxCalendarData         *data,
       const AxCalOptions     *options,
       const AxCalMetrics     *metrics,
       const AxCalStyle       *style,
       const AxCalendarLayout *reuse)
{
  gint64 start = g_get_monotonic_time ();
  AxCalendarLayout *layout = reuse != NULL
                             ? (AxCalendarLayout *) reuse
                             : ax_calendar_layout_new (data, options, metrics, WIDTH, HEIGHT);
  AxCalDrawState state;
  cairo_t *cr = cairo_create (surface);

  ax_cal_draw_state_init (&state);
  state.width = WIDTH;
  state.height = HEIGHT;
  state.now_ms = data->day_start_ms[0] + (gint64) (14 * 60 + 20) * 60000;
  state.selected = 3;
  ax_calendar_draw (cr, layout, style, &state);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (reuse == NULL)
    ax_calendar_layout_free (layout);
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

static double
median_frames (cairo_surface_t    *surface,
               AxCalendarData     *data,
               const AxCalOptions *options,
               const AxCalMetrics *metrics,
               const AxCalStyle   *style,
               gboolean            cached,
               gint64              runs,
               guint              *n_blocks)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (AxCalendarLayout) layout = ax_calendar_layout_new (data, options, metrics, WIDTH,
                                                                HEIGHT);

  *n_blocks = layout->blocks->len;
  frame (surface, data, options, metrics, style, NULL); /* warm the font caches */
  for (gint64 i = 0; i < runs; i++)
    {
      double ms = frame (surface, data, options, metrics, style, cached ? layout : NULL);
      g_array_append_val (times, ms);
    }
  return bench_median (times);
}

static gboolean
bench_week_load (const char *data_dir,
                 gint64      runs,
                 double     *median,
                 guint      *count,
                 GError    **error)
{
  g_autofree char *path = bench_large_store (data_dir, error);
  g_autoptr (AxDb) db = NULL;
  g_autoptr (GTimeZone) tz = NULL;
  g_autoptr (GDateTime) busiest_utc = NULL;
  g_autoptr (GDateTime) busiest = NULL;
  g_autoptr (GDateTime) monday = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;
  gint64 from, to, last_done = 0;

  /* Opened (and brought up to this version's schema if an older build made it)
   * as the app opens its store. */
  if (path == NULL || (db = ax_db_open (path, error)) == NULL)
    return FALSE;
  /* The demo's "today" (its latest completed appointment): a busy week. */
  stmt = ax_db_prepare (db, "SELECT (SELECT timezone FROM clinics LIMIT 1), "
                            "(SELECT max (start_at) FROM appointments WHERE status = 'completed')",
                        error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      tz = g_time_zone_new_identifier ((const char *) sqlite3_column_text (stmt, 0));
      last_done = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  busiest_utc = g_date_time_new_from_unix_utc (last_done / 1000);
  busiest = g_date_time_to_timezone (busiest_utc, tz);
  monday = g_date_time_new (tz, g_date_time_get_year (busiest), g_date_time_get_month (busiest),
                            g_date_time_get_day_of_month (busiest), 0, 0, 0);
  {
    GDateTime *start = g_date_time_add_days (monday, 1 - g_date_time_get_day_of_week (monday));
    g_date_time_unref (monday);
    monday = start;
  }
  from = g_date_time_to_unix (monday) * 1000;
  to = from + 7 * 86400 * G_GINT64_CONSTANT (1000);

  for (gint64 i = -1; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (GPtrArray) week = ax_appointments_query (db, from, to, NULL, error);
      double ms = (double) (g_get_monotonic_time () - start) / 1000.0;

      if (week == NULL)
        return FALSE;
      *count = week->len;
      if (i >= 0) /* the first run reads the pages in */
        g_array_append_val (times, ms);
    }
  *median = bench_median (times);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir = NULL;
  gint64 runs = 200;
  gboolean no_load = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Where the benchmark store is kept ($AX_BUILDDIR/bench-data)", "DIR" },
    { "runs", 0, 0, G_OPTION_ARG_INT64, &runs, "Frames and loads; the median is reported (200)",
      "N" },
    { "no-load", 0, 0, G_OPTION_ARG_NONE, &no_load, "Leave out week_load_ms (no large store)",
      NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— benchmark the calendar");
  g_autoptr (GError) error = NULL;
  g_autoptr (AxCalendarData) week = make_week (7, 1000);
  g_autoptr (AxCalendarData) day = NULL;
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell 11");
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  AxCalOptions options = { AX_CAL_BY_PROVIDER };
  AxCalMetrics week_metrics, day_metrics;
  AxCalStyle style;
  guint n_blocks = 0;
  double ms;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  ax_cal_metrics_init_week (&week_metrics);
  ax_cal_metrics_init_day (&day_metrics);
  ax_cal_style_init_default (&style, FALSE, font);
  load_icons (&style);

  ms = median_frames (surface, week, &options, &week_metrics, &style, FALSE, runs, &n_blocks);
  g_printerr ("Week: %u appointments shown of %u, 20 providers, %dx%d\n", n_blocks,
              week->appointments->len, WIDTH, HEIGHT);
  bench_report ("week_view_frame_ms", ms, "ms");
  ms = median_frames (surface, week, &options, &week_metrics, &style, TRUE, runs, &n_blocks);
  bench_report ("week_view_draw_ms", ms, "ms");

  /* A busy day: what 20 providers hold in a day, about 12 each. */
  day = make_week (1, 240);
  ms = median_frames (surface, day, &options, &day_metrics, &style, FALSE, runs, &n_blocks);
  g_printerr ("Day: %u appointments in 20 provider columns\n", n_blocks);
  bench_report ("day_view_frame_ms", ms, "ms");

  if (g_getenv ("AX_BENCH_SAVE_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("AX_BENCH_SAVE_PNG"));

  if (!no_load)
    {
      guint count = 0;

      if (!bench_week_load (data_dir, runs, &ms, &count, &error))
        {
          g_printerr ("Cannot measure the week's load: %s\n", error->message);
          return 1;
        }
      g_printerr ("Week load: %u appointments of 2 000 000\n", count);
      bench_report ("week_load_ms", ms, "ms");
    }

  for (int i = 0; i < AX_CAL_N_ICONS; i++)
    g_clear_pointer (&style.icons[i], cairo_surface_destroy);
  cairo_surface_destroy (surface);
  pango_font_description_free (font);
  return 0;
}
