/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-schedule.h"

#include <string.h>
#include <glib/gi18n-lib.h>

static const char *const status_ids[AX_N_APPT_STATUSES] = {
  "booked", "confirmed", "checked_in", "in_progress", "completed", "no_show", "cancelled",
};

static const char *const status_icons[AX_N_APPT_STATUSES] = {
  "x-office-calendar-symbolic",     /* booked */
  "emblem-ok-symbolic",             /* confirmed */
  "go-home-symbolic",               /* checked in: at the clinic */
  "media-playback-start-symbolic",  /* in progress */
  "object-select-symbolic",         /* completed */
  "dialog-question-symbolic",       /* no-show */
  "action-unavailable-symbolic",    /* cancelled */
};

const char *
ax_appointment_status_to_string (AxAppointmentStatus status)
{
  g_return_val_if_fail (status >= 0 && status < AX_N_APPT_STATUSES, NULL);
  return status_ids[status];
}

AxAppointmentStatus
ax_appointment_status_from_string (const char *text)
{
  for (int i = 0; text != NULL && i < AX_N_APPT_STATUSES; i++)
    if (strcmp (text, status_ids[i]) == 0)
      return (AxAppointmentStatus) i;
  return AX_APPT_INVALID;
}

const char *
ax_appointment_status_display_name (AxAppointmentStatus status)
{
  switch (status)
    {
    case AX_APPT_BOOKED: return _("Booked");
    case AX_APPT_CONFIRMED: return _("Confirmed");
    case AX_APPT_CHECKED_IN: return _("Checked in");
    case AX_APPT_IN_PROGRESS: return _("In progress");
    case AX_APPT_COMPLETED: return _("Completed");
    case AX_APPT_NO_SHOW: return _("No-show");
    case AX_APPT_CANCELLED: return _("Cancelled");
    case AX_N_APPT_STATUSES:
    case AX_APPT_INVALID:
    default:
      return _("Unknown");
    }
}

const char *
ax_appointment_status_icon_name (AxAppointmentStatus status)
{
  g_return_val_if_fail (status >= 0 && status < AX_N_APPT_STATUSES, NULL);
  return status_icons[status];
}

gboolean
ax_appointment_status_is_live (AxAppointmentStatus status)
{
  return status >= 0 && status < AX_N_APPT_STATUSES
         && status != AX_APPT_NO_SHOW && status != AX_APPT_CANCELLED;
}

gboolean
ax_appointment_status_is_movable (AxAppointmentStatus status)
{
  return status == AX_APPT_BOOKED || status == AX_APPT_CONFIRMED || status == AX_APPT_CHECKED_IN;
}

gboolean
ax_appointment_status_can_change (AxAppointmentStatus from,
                                  AxAppointmentStatus to)
{
#define S(x) (1u << AX_APPT_##x)
  static const guint next[AX_N_APPT_STATUSES] = {
    [AX_APPT_BOOKED] = S (CONFIRMED) | S (CHECKED_IN) | S (NO_SHOW) | S (CANCELLED),
    [AX_APPT_CONFIRMED] = S (BOOKED) | S (CHECKED_IN) | S (NO_SHOW) | S (CANCELLED),
    [AX_APPT_CHECKED_IN] = S (IN_PROGRESS) | S (CANCELLED),
    [AX_APPT_IN_PROGRESS] = S (COMPLETED),
    [AX_APPT_COMPLETED] = 0,
    [AX_APPT_NO_SHOW] = 0,
    [AX_APPT_CANCELLED] = 0,
  };
#undef S
  if (from < 0 || from >= AX_N_APPT_STATUSES || to < 0 || to >= AX_N_APPT_STATUSES)
    return FALSE;
  return (next[from] & (1u << to)) != 0;
}

typedef struct
{
  gsize  index;
  gint64 start;
  gint64 end;
} Item;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1; /* longer first */
  return x->index < y->index ? -1 : (x->index > y->index);
}

void
ax_schedule_layout_lanes (const AxInterval *items,
                          gsize             n_items,
                          AxLaneSlot       *out)
{
  g_autofree Item *sorted = g_new (Item, MAX (n_items, 1));
  g_autoptr (GArray) lane_end = g_array_new (FALSE, FALSE, sizeof (gint64));
  gsize group_first = 0;
  gint64 group_end = G_MININT64;

  for (gsize i = 0; i < n_items; i++)
    sorted[i] = (Item) { i, items[i].start, MAX (items[i].end, items[i].start) };
  qsort (sorted, n_items, sizeof (Item), compare_items);

  for (gsize i = 0; i <= n_items; i++)
    {
      guint lane;

      /* A group ends where nothing before reaches this item's start. */
      if (i == n_items || (i > group_first && sorted[i].start >= group_end))
        {
          for (gsize k = group_first; k < i; k++)
            out[sorted[k].index].n_lanes = lane_end->len;
          if (i == n_items)
            break;
          group_first = i;
          g_array_set_size (lane_end, 0);
          group_end = G_MININT64;
        }

      for (lane = 0; lane < lane_end->len; lane++)
        if (g_array_index (lane_end, gint64, lane) <= sorted[i].start)
          break;
      if (lane == lane_end->len)
        g_array_append_val (lane_end, sorted[i].end);
      else
        g_array_index (lane_end, gint64, lane) = sorted[i].end;
      out[sorted[i].index].lane = lane;
      group_end = MAX (group_end, sorted[i].end);
    }
}

gboolean
ax_schedule_within_hours (const AxWorkBlock *blocks,
                          gsize              n_blocks,
                          GDateTime         *start,
                          GDateTime         *end)
{
  int weekday = g_date_time_get_day_of_week (start);
  int start_min = g_date_time_get_hour (start) * 60 + g_date_time_get_minute (start);
  int end_min;
  gboolean inside = FALSE;
  g_autoptr (GDateTime) day_end = NULL;

  /* Same local day, or ending exactly at the next midnight. */
  if (g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end)
      && g_date_time_get_year (start) == g_date_time_get_year (end))
    end_min = g_date_time_get_hour (end) * 60 + g_date_time_get_minute (end);
  else
    {
      day_end = g_date_time_add_days (start, 1);
      if (g_date_time_get_day_of_month (day_end) != g_date_time_get_day_of_month (end)
          || g_date_time_get_hour (end) != 0 || g_date_time_get_minute (end) != 0)
        return FALSE;
      end_min = 24 * 60;
    }
  if (end_min <= start_min)
    return FALSE;

  for (gsize i = 0; i < n_blocks; i++)
    {
      const AxWorkBlock *b = &blocks[i];

      if (b->weekday != weekday)
        continue;
      if (b->is_break && ax_intervals_overlap (start_min, end_min, b->start_min, b->end_min))
        return FALSE;
      if (!b->is_break && b->start_min <= start_min && end_min <= b->end_min)
        inside = TRUE;
    }
  return inside;
}

gint64
ax_schedule_snap (gint64     ms,
                  int        step_min,
                  GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, tz);
  gint64 offset_ms = g_date_time_get_utc_offset (local) / 1000;
  gint64 step = (gint64) MAX (step_min, 1) * 60000;
  gint64 local_ms = ms + offset_ms;
  gint64 snapped = (local_ms + step / 2) / step * step;

  if (local_ms < 0)
    snapped = -((-local_ms + step / 2) / step * step);
  return snapped - offset_ms;
}
