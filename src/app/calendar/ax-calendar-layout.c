/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-calendar-layout.h"

#include <math.h>
#include <string.h>

/* Shown when no working hours say otherwise: 08:00–19:00. */
#define DEFAULT_FIRST_MINUTE (8 * 60)
#define DEFAULT_LAST_MINUTE (19 * 60)
/* Blue 3, for a provider without a colour. */
#define DEFAULT_COLOR 0x3584e4

/* Metrics */

void
ax_cal_metrics_init_day (AxCalMetrics *metrics)
{
  *metrics = (AxCalMetrics) {
    .gutter_width = 56,
    .header_height = 40,
    .min_column_width = 104,
    .min_hour_height = 56,
    .day_gap = 0,
    .block_gap = 2,
    .resize_handle = 6,
  };
}

void
ax_cal_metrics_init_week (AxCalMetrics *metrics)
{
  *metrics = (AxCalMetrics) {
    .gutter_width = 56,
    .header_height = 40,
    .min_column_width = 12,
    .min_hour_height = 48,
    .day_gap = 6,
    .block_gap = 1,
    .resize_handle = 5,
  };
}

/* AxCalendarLayout */

static gboolean
strv_empty (const char *const *strv)
{
  return strv == NULL || strv[0] == NULL;
}

static gboolean
strv_has (const char *const *strv,
          const char        *id)
{
  return strv_empty (strv) || (id != NULL && g_strv_contains (strv, id));
}

static gboolean
visible (const AxAppointment *appt,
         const AxCalOptions  *options)
{
  if (options->status_mask != 0 && appt->status >= 0
      && (options->status_mask & (1u << appt->status)) == 0)
    return FALSE;
  if (!strv_has (options->provider_ids, appt->provider_id))
    return FALSE;
  /* An appointment without a room passes a room filter only in the room
   * mode's "no room" column. */
  if (!strv_empty (options->room_ids) && appt->room_id != NULL
      && !g_strv_contains (options->room_ids, appt->room_id))
    return FALSE;
  return TRUE;
}

static gboolean
has_hours_on (const GArray *hours,
              int           weekday)
{
  for (guint i = 0; hours != NULL && i < hours->len; i++)
    {
      const AxWorkBlock *b = &g_array_index (hours, AxWorkBlock, i);
      if (b->weekday == weekday && !b->is_break)
        return TRUE;
    }
  return FALSE;
}

/* The columns, owned by the layout; room columns share the union of the
 * providers' hours (when the clinic is open). */
static void
build_columns (AxCalendarLayout   *layout,
               const AxCalOptions *options,
               GArray            **room_hours_out)
{
  AxCalendarData *data = layout->data;
  GArray *columns = g_array_new (FALSE, TRUE, sizeof (AxCalColumn));

  if (layout->mode == AX_CAL_BY_PROVIDER)
    {
      for (guint i = 0; i < data->providers->len; i++)
        {
          const AxResource *p = g_ptr_array_index (data->providers, i);
          AxCalColumn col = { p->id, p->name, p->color, g_hash_table_lookup (data->hours, p->id) };

          if (strv_has (options->provider_ids, p->id))
            g_array_append_val (columns, col);
        }
    }
  else
    {
      GArray *room_hours = g_array_new (FALSE, FALSE, sizeof (AxWorkBlock));
      GHashTableIter iter;
      gpointer value;
      gboolean no_room = FALSE;

      g_hash_table_iter_init (&iter, data->hours);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          GArray *blocks = value;
          for (guint i = 0; i < blocks->len; i++)
            if (!g_array_index (blocks, AxWorkBlock, i).is_break)
              g_array_append_val (room_hours, g_array_index (blocks, AxWorkBlock, i));
        }
      for (guint i = 0; i < data->rooms->len; i++)
        {
          const AxResource *r = g_ptr_array_index (data->rooms, i);
          AxCalColumn col = { r->id, r->name, NULL, room_hours };

          if (strv_has (options->room_ids, r->id))
            g_array_append_val (columns, col);
        }
      for (guint i = 0; !no_room && i < data->appointments->len; i++)
        {
          const AxAppointment *appt = g_ptr_array_index (data->appointments, i);
          no_room = appt->room_id == NULL && visible (appt, options);
        }
      if (no_room)
        {
          AxCalColumn col = { NULL, NULL, NULL, room_hours };
          g_array_append_val (columns, col);
        }
      *room_hours_out = room_hours;
    }

  layout->n_columns = columns->len;
  layout->columns = (AxCalColumn *) g_array_free (columns, FALSE);
}

static void
compute_cells (AxCalendarLayout *layout)
{
  AxCalendarData *data = layout->data;

  layout->cells = g_new0 (AxCalCellState, MAX (layout->n_days * layout->n_columns, 1));
  for (guint d = 0; d < layout->n_days; d++)
    for (guint c = 0; c < layout->n_columns; c++)
      {
        const AxCalColumn *col = &layout->columns[c];
        AxCalCellState state = AX_CAL_CELL_OPEN;

        if (data->clinic_closed[d])
          state = AX_CAL_CELL_CLOSED;
        else if (layout->mode == AX_CAL_BY_PROVIDER
                 && (GPOINTER_TO_UINT (g_hash_table_lookup (data->provider_closed, col->id))
                     & (1u << d)) != 0)
          state = AX_CAL_CELL_CLOSED;
        else if (col->hours != NULL && col->hours->len > 0
                 && !has_hours_on (col->hours, data->weekday[d]))
          state = AX_CAL_CELL_DAY_OFF;
        layout->cells[d * layout->n_columns + c] = state;
      }
}

typedef struct
{
  AxAppointment *appt;
  guint          day;
  guint          column;
  int            start_min;
  int            end_min;
  guint32        color;
} Placed;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  if (x->start_min != y->start_min)
    return x->start_min < y->start_min ? -1 : 1;
  return 0;
}

static int
compare_blocks (gconstpointer a,
                gconstpointer b)
{
  const AxCalBlock *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->appt->start_ms != y->appt->start_ms)
    return x->appt->start_ms < y->appt->start_ms ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return x->lane < y->lane ? -1 : x->lane > y->lane;
}

static int
column_of (const AxCalendarLayout *layout,
           const AxAppointment    *appt)
{
  return ax_calendar_layout_find_column (layout, layout->mode == AX_CAL_BY_PROVIDER
                                                   ? appt->provider_id : appt->room_id);
}

static GArray *
place_appointments (AxCalendarLayout   *layout,
                    const AxCalOptions *options)
{
  AxCalendarData *data = layout->data;
  GArray *placed = g_array_sized_new (FALSE, FALSE, sizeof (Placed), data->appointments->len);

  for (guint i = 0; i < data->appointments->len; i++)
    {
      AxAppointment *appt = g_ptr_array_index (data->appointments, i);
      const AxResource *provider;
      int day, column;
      Placed p;

      if (!visible (appt, options))
        continue;
      day = ax_calendar_data_day_of (data, appt->start_ms);
      if (day < 0)
        continue;
      column = column_of (layout, appt);
      if (column < 0)
        continue;
      provider = ax_calendar_data_find_provider (data, appt->provider_id);
      p.appt = appt;
      p.color = ax_calendar_parse_color (provider ? provider->color : NULL, DEFAULT_COLOR);
      p.day = (guint) day;
      p.column = (guint) column;
      p.start_min = ax_calendar_data_local_minute (data, p.day, appt->start_ms);
      p.end_min = ax_calendar_data_local_minute (data, p.day, appt->end_ms);
      /* What runs past midnight is shown to the end of its first day. */
      p.end_min = CLAMP (p.end_min, p.start_min + 1, 24 * 60);
      g_array_append_val (placed, p);
    }
  g_array_sort (placed, compare_placed);
  return placed;
}

static void
compute_minute_range (AxCalendarLayout *layout,
                      GArray           *placed)
{
  AxCalendarData *data = layout->data;
  int first = G_MAXINT, last = G_MININT;

  for (guint d = 0; d < layout->n_days; d++)
    for (guint c = 0; c < layout->n_columns; c++)
      {
        const GArray *hours = layout->columns[c].hours;

        for (guint i = 0; hours != NULL && i < hours->len; i++)
          {
            const AxWorkBlock *b = &g_array_index (hours, AxWorkBlock, i);
            if (b->weekday != data->weekday[d] || b->is_break)
              continue;
            first = MIN (first, b->start_min);
            last = MAX (last, b->end_min);
          }
      }
  if (first > last)
    {
      first = DEFAULT_FIRST_MINUTE;
      last = DEFAULT_LAST_MINUTE;
    }
  else
    {
      first -= 60;
      last += 60;
    }
  for (guint i = 0; i < placed->len; i++)
    {
      const Placed *p = &g_array_index (placed, Placed, i);
      first = MIN (first, p->start_min);
      last = MAX (last, p->end_min);
    }
  first = CLAMP (first, 0, 23 * 60) / 60 * 60;
  last = CLAMP ((last + 59) / 60 * 60, first + 60, 24 * 60);
  layout->first_minute = first;
  layout->last_minute = last;
}

static void
compute_sizes (AxCalendarLayout *layout)
{
  const AxCalMetrics *m = &layout->metrics;
  guint n = MAX (layout->n_days * layout->n_columns, 1);
  double gaps = (layout->n_days - 1) * m->day_gap;
  double hours = (layout->last_minute - layout->first_minute) / 60.0;

  layout->column_width = MAX (m->min_column_width,
                              floor ((layout->view_width - m->gutter_width - gaps) / n));
  layout->day_width = layout->column_width * MAX (layout->n_columns, 1);
  layout->width = m->gutter_width + layout->n_days * layout->day_width + gaps;
  layout->hour_height = MAX (m->min_hour_height,
                             floor ((layout->view_height - m->header_height) / hours));
  layout->height = m->header_height + hours * layout->hour_height;
}

static void
add_shades (AxCalendarLayout *layout,
            gboolean          breaks)
{
  for (guint d = 0; d < layout->n_days; d++)
    for (guint c = 0; c < layout->n_columns; c++)
      {
        const GArray *hours = layout->columns[c].hours;
        AxCalRect cell = ax_calendar_layout_cell_rect (layout, d, c);

        if (layout->cells[d * layout->n_columns + c] != AX_CAL_CELL_OPEN)
          continue;
        if (!breaks && (hours == NULL || hours->len == 0))
          {
            AxCalShade shade = { AX_CAL_SHADE_WORK, cell };
            g_array_append_val (layout->shades, shade);
            continue;
          }
        for (guint i = 0; hours != NULL && i < hours->len; i++)
          {
            const AxWorkBlock *b = &g_array_index (hours, AxWorkBlock, i);
            AxCalShade shade;
            double y0, y1;

            if (b->weekday != layout->data->weekday[d] || b->is_break != breaks)
              continue;
            y0 = ax_calendar_layout_y_of_minute (layout, MAX (b->start_min, layout->first_minute));
            y1 = ax_calendar_layout_y_of_minute (layout, MIN (b->end_min, layout->last_minute));
            if (y1 <= y0)
              continue;
            shade.kind = breaks ? AX_CAL_SHADE_BREAK : AX_CAL_SHADE_WORK;
            shade.rect = (AxCalRect) { cell.x, y0, cell.width, y1 - y0 };
            g_array_append_val (layout->shades, shade);
          }
      }
}

static void
add_blocks (AxCalendarLayout *layout,
            GArray           *placed)
{
  const AxCalMetrics *m = &layout->metrics;
  g_autofree AxInterval *items = g_new (AxInterval, MAX (placed->len, 1));
  g_autofree AxLaneSlot *slots = g_new (AxLaneSlot, MAX (placed->len, 1));
  guint run = 0;

  for (guint i = 0; i < placed->len; i++)
    {
      const Placed *p = &g_array_index (placed, Placed, i);
      items[i] = (AxInterval) { p->start_min, p->end_min };
    }
  /* Lanes per cell: placed is sorted by day and column. */
  for (guint i = 1; i <= placed->len; i++)
    {
      const Placed *a = &g_array_index (placed, Placed, run);
      const Placed *b = i < placed->len ? &g_array_index (placed, Placed, i) : NULL;

      if (b != NULL && b->day == a->day && b->column == a->column)
        continue;
      ax_schedule_layout_lanes (items + run, i - run, slots + run);
      run = i;
    }

  g_array_set_size (layout->blocks, placed->len);
  for (guint i = 0; i < placed->len; i++)
    {
      const Placed *p = &g_array_index (placed, Placed, i);
      AxCalBlock *block = &g_array_index (layout->blocks, AxCalBlock, i);
      AxCalRect cell = ax_calendar_layout_cell_rect (layout, p->day, p->column);
      double lane_width = cell.width / MAX (slots[i].n_lanes, 1);
      double gap = lane_width > 4 * m->block_gap ? m->block_gap : 0;
      double y0 = ax_calendar_layout_y_of_minute (layout, p->start_min);
      double y1 = ax_calendar_layout_y_of_minute (layout, p->end_min);
      double x0, x1;

      block->appt = p->appt;
      block->color = p->color;
      block->day = p->day;
      block->column = p->column;
      block->lane = slots[i].lane;
      block->n_lanes = MAX (slots[i].n_lanes, 1);
      /* On whole pixels: crisp edges, and cairo's fast path for rectangles. */
      x0 = round (cell.x + block->lane * lane_width + gap);
      x1 = round (cell.x + (block->lane + 1) * lane_width - gap);
      block->rect.x = x0;
      block->rect.width = MAX (x1 - x0, 1);
      block->rect.y = round (y0 + gap / 2);
      block->rect.height = MAX (round (y1 - gap / 2) - block->rect.y, 4);
      ax_calendar_format_span (p->start_min, p->end_min, block->time_text,
                               sizeof block->time_text);
    }
  g_array_sort (layout->blocks, compare_blocks);
}

AxCalendarLayout *
ax_calendar_layout_new (AxCalendarData     *data,
                        const AxCalOptions *options,
                        const AxCalMetrics *metrics,
                        double              view_width,
                        double              view_height)
{
  AxCalendarLayout *layout;
  g_autoptr (GArray) placed = NULL;
  GArray *room_hours = NULL;
  static const AxCalOptions all = { AX_CAL_BY_PROVIDER };

  g_return_val_if_fail (data != NULL && metrics != NULL, NULL);
  if (options == NULL)
    options = &all;

  layout = g_new0 (AxCalendarLayout, 1);
  layout->data = ax_calendar_data_ref (data);
  layout->mode = options->mode;
  layout->metrics = *metrics;
  layout->n_days = data->n_days;
  layout->view_width = MAX (view_width, 1);
  layout->view_height = MAX (view_height, 1);
  layout->blocks = g_array_new (FALSE, TRUE, sizeof (AxCalBlock));
  layout->shades = g_array_new (FALSE, FALSE, sizeof (AxCalShade));

  build_columns (layout, options, &room_hours);
  layout->room_hours = room_hours;
  compute_cells (layout);
  placed = place_appointments (layout, options);
  compute_minute_range (layout, placed);
  compute_sizes (layout);
  add_shades (layout, FALSE);
  add_shades (layout, TRUE);
  add_blocks (layout, placed);
  return layout;
}

void
ax_calendar_layout_free (AxCalendarLayout *layout)
{
  if (layout == NULL)
    return;
  g_clear_pointer (&layout->room_hours, g_array_unref);
  g_clear_pointer (&layout->blocks, g_array_unref);
  g_clear_pointer (&layout->shades, g_array_unref);
  g_clear_pointer (&layout->columns, g_free);
  g_clear_pointer (&layout->cells, g_free);
  g_clear_pointer (&layout->data, ax_calendar_data_unref);
  g_free (layout);
}

double
ax_calendar_layout_y_of_minute (const AxCalendarLayout *layout,
                                double                  minute)
{
  return layout->metrics.header_height
         + (minute - layout->first_minute) * layout->hour_height / 60.0;
}

double
ax_calendar_layout_y_of_time (const AxCalendarLayout *layout,
                              guint                   day,
                              gint64                  ms)
{
  gint64 minute_start = ax_calendar_data_time_of_minute (layout->data, day, 0);
  double minutes = (double) ax_calendar_data_local_minute (layout->data, day, ms)
                   + (double) ((ms - minute_start) % 60000) / 60000.0;

  return ax_calendar_layout_y_of_minute (layout, minutes);
}

gint64
ax_calendar_layout_time_at (const AxCalendarLayout *layout,
                            guint                   day,
                            double                  y)
{
  double minute = layout->first_minute
                  + (y - layout->metrics.header_height) * 60.0 / layout->hour_height;
  double whole;

  minute = CLAMP (minute, layout->first_minute, layout->last_minute);
  whole = floor (minute);
  return ax_calendar_data_time_of_minute (layout->data, day, (int) whole)
         + (gint64) ((minute - whole) * 60000.0);
}

AxCalRect
ax_calendar_layout_cell_rect (const AxCalendarLayout *layout,
                              guint                   day,
                              guint                   column)
{
  const AxCalMetrics *m = &layout->metrics;

  return (AxCalRect) {
    m->gutter_width + day * (layout->day_width + m->day_gap) + column * layout->column_width,
    m->header_height,
    layout->column_width,
    layout->height - m->header_height,
  };
}

gboolean
ax_calendar_layout_cell_at (const AxCalendarLayout *layout,
                            double                  x,
                            double                  y,
                            guint                  *day,
                            guint                  *column)
{
  const AxCalMetrics *m = &layout->metrics;
  double stride = layout->day_width + m->day_gap;
  double rel = x - m->gutter_width;
  guint d, c;

  if (layout->n_columns == 0 || rel < 0 || y < m->header_height || y >= layout->height)
    return FALSE;
  d = (guint) (rel / stride);
  rel -= d * stride;
  if (d >= layout->n_days || rel >= layout->day_width)
    return FALSE;
  c = MIN ((guint) (rel / layout->column_width), layout->n_columns - 1);
  if (day != NULL)
    *day = d;
  if (column != NULL)
    *column = c;
  return TRUE;
}

int
ax_calendar_layout_block_at (const AxCalendarLayout *layout,
                             double                  x,
                             double                  y,
                             gboolean               *on_edge)
{
  for (guint i = layout->blocks->len; i-- > 0;)
    {
      const AxCalBlock *block = &g_array_index (layout->blocks, AxCalBlock, i);
      double handle;

      if (!ax_cal_rect_contains (&block->rect, x, y))
        continue;
      handle = MIN (layout->metrics.resize_handle, block->rect.height / 3);
      if (on_edge != NULL)
        *on_edge = y >= block->rect.y + block->rect.height - handle;
      return (int) i;
    }
  if (on_edge != NULL)
    *on_edge = FALSE;
  return -1;
}

int
ax_calendar_layout_find_block (const AxCalendarLayout *layout,
                               const char             *appointment_id)
{
  for (guint i = 0; appointment_id != NULL && i < layout->blocks->len; i++)
    if (g_strcmp0 (g_array_index (layout->blocks, AxCalBlock, i).appt->id, appointment_id) == 0)
      return (int) i;
  return -1;
}

int
ax_calendar_layout_find_column (const AxCalendarLayout *layout,
                                const char             *id)
{
  for (guint c = 0; c < layout->n_columns; c++)
    if (g_strcmp0 (layout->columns[c].id, id) == 0)
      return (int) c;
  return -1;
}

int
ax_calendar_layout_step_block (const AxCalendarLayout *layout,
                               int                     index,
                               int                     direction)
{
  int n = (int) layout->blocks->len;

  if (n == 0)
    return -1;
  if (index < 0 || index >= n)
    return direction >= 0 ? 0 : n - 1;
  index += direction >= 0 ? 1 : -1;
  return index >= 0 && index < n ? index : -1;
}

static gboolean
column_within_hours (const AxCalendarLayout *layout,
                     guint                   day,
                     guint                   column,
                     gint64                  start_ms,
                     gint64                  end_ms)
{
  const AxCalColumn *col = &layout->columns[column];
  g_autoptr (GDateTime) start_utc = NULL;
  g_autoptr (GDateTime) end_utc = NULL;
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;

  if (layout->mode == AX_CAL_BY_PROVIDER)
    return ax_calendar_data_within_hours (layout->data, col->id, start_ms, end_ms);
  if (layout->data->clinic_closed[day])
    return FALSE;
  if (col->hours == NULL || col->hours->len == 0)
    return TRUE;
  start_utc = g_date_time_new_from_unix_utc (start_ms / 1000);
  end_utc = g_date_time_new_from_unix_utc (end_ms / 1000);
  start = g_date_time_to_timezone (start_utc, layout->data->tz);
  end = g_date_time_to_timezone (end_utc, layout->data->tz);
  return ax_schedule_within_hours ((const AxWorkBlock *) col->hours->data, col->hours->len,
                                   start, end);
}

gboolean
ax_calendar_layout_free_slot (const AxCalendarLayout *layout,
                              guint                   day,
                              guint                   column,
                              gint64                  after_ms,
                              int                     duration_min,
                              int                     snap_min,
                              gint64                 *start_ms)
{
  const AxCalColumn *col;
  gint64 step = (gint64) MAX (snap_min, 1) * 60000;
  gint64 duration = (gint64) MAX (duration_min, 1) * 60000;
  gint64 day_end;
  gint64 t;

  g_return_val_if_fail (day < layout->n_days && column < layout->n_columns, FALSE);
  col = &layout->columns[column];
  day_end = layout->data->day_start_ms[day + 1];
  t = MAX (after_ms, layout->data->day_start_ms[day]);
  t = ax_schedule_snap (t, snap_min, layout->data->tz);
  if (t < after_ms)
    t += step;

  for (; t + duration <= day_end; t += step)
    {
      const char *provider = layout->mode == AX_CAL_BY_PROVIDER ? col->id : NULL;
      const char *room = layout->mode == AX_CAL_BY_ROOM ? col->id : NULL;

      if (!column_within_hours (layout, day, column, t, t + duration))
        continue;
      if (ax_calendar_data_find_clash (layout->data, NULL, provider, room, t, t + duration))
        continue;
      if (start_ms != NULL)
        *start_ms = t;
      return TRUE;
    }
  return FALSE;
}

guint32
ax_calendar_parse_color (const char *text,
                         guint32     fallback)
{
  guint32 value = 0;
  gsize len;

  if (text == NULL || text[0] != '#')
    return fallback;
  len = strlen (text + 1);
  if (len != 6 && len != 3)
    return fallback;
  for (gsize i = 1; i <= len; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);
      if (digit < 0)
        return fallback;
      value = (value << 4) | (guint32) digit;
      if (len == 3)
        value = (value << 4) | (guint32) digit;
    }
  return value;
}

void
ax_calendar_format_span (int    start_min,
                         int    end_min,
                         char  *buf,
                         gsize  size)
{
  start_min = CLAMP (start_min, 0, 24 * 60);
  end_min = CLAMP (end_min, 0, 24 * 60);
  g_snprintf (buf, size, "%02d:%02d\u2013%02d:%02d", start_min / 60, start_min % 60,
              end_min / 60, end_min % 60);
}
