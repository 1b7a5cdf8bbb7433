/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* AxCalendarData: what a calendar view shows (appointments, providers,
 * rooms, hours and closures of a range of days), and the questions the
 * views and the drag ask of it (local minutes, working hours, clashes). */

#include "ax-calendar-layout.h"

#include <math.h>
#include <string.h>

static void
calendar_data_clear (AxCalendarData *data)
{
  g_clear_pointer (&data->tz, g_time_zone_unref);
  for (guint d = 0; d < AX_CAL_MAX_DAYS; d++)
    {
      g_clear_pointer (&data->date[d], g_free);
      g_clear_pointer (&data->day_label[d], g_free);
    }
  g_clear_pointer (&data->providers, g_ptr_array_unref);
  g_clear_pointer (&data->rooms, g_ptr_array_unref);
  g_clear_pointer (&data->hours, g_hash_table_unref);
  g_clear_pointer (&data->provider_closed, g_hash_table_unref);
  g_clear_pointer (&data->appointments, g_ptr_array_unref);
}

AxCalendarData *
ax_calendar_data_new (GTimeZone *tz,
                      GDateTime *first_day,
                      guint      n_days)
{
  AxCalendarData *data;
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) midnight = NULL;

  g_return_val_if_fail (tz != NULL && first_day != NULL, NULL);
  g_return_val_if_fail (n_days >= 1 && n_days <= AX_CAL_MAX_DAYS, NULL);

  data = g_rc_box_new0 (AxCalendarData);
  data->tz = g_time_zone_ref (tz);
  data->n_days = n_days;
  local = g_date_time_to_timezone (first_day, tz);
  midnight = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  for (guint d = 0; d <= n_days; d++)
    {
      /* Wall-clock days: a day with a DST change is 23 or 25 hours long. */
      g_autoptr (GDateTime) day = g_date_time_add_days (midnight, (int) d);

      data->day_start_ms[d] = g_date_time_to_unix (day) * 1000;
      if (d < n_days)
        {
          data->weekday[d] = g_date_time_get_day_of_week (day);
          data->date[d] = g_date_time_format (day, "%Y-%m-%d");
          data->day_label[d] = g_date_time_format (day, "%a %d");
        }
    }
  data->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_resource_free);
  data->rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_resource_free);
  data->hours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  data->provider_closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_appointment_unref);
  return data;
}

AxCalendarData *
ax_calendar_data_ref (AxCalendarData *data)
{
  return g_rc_box_acquire (data);
}

void
ax_calendar_data_unref (AxCalendarData *data)
{
  g_rc_box_release_full (data, (GDestroyNotify) calendar_data_clear);
}

int
ax_calendar_data_day_of (const AxCalendarData *data,
                         gint64                ms)
{
  for (guint d = 0; d < data->n_days; d++)
    if (ms >= data->day_start_ms[d] && ms < data->day_start_ms[d + 1])
      return (int) d;
  return -1;
}

void
ax_calendar_data_set_hours (AxCalendarData *data,
                            const char     *provider_id,
                            GArray         *blocks)
{
  g_return_if_fail (provider_id != NULL && blocks != NULL);
  g_hash_table_replace (data->hours, g_strdup (provider_id), g_array_ref (blocks));
}

void
ax_calendar_data_set_closed (AxCalendarData *data,
                             const char     *provider_id,
                             guint           day)
{
  guint mask;

  g_return_if_fail (day < data->n_days);
  if (provider_id == NULL)
    {
      data->clinic_closed[day] = TRUE;
      return;
    }
  mask = GPOINTER_TO_UINT (g_hash_table_lookup (data->provider_closed, provider_id));
  g_hash_table_replace (data->provider_closed, g_strdup (provider_id),
                        GUINT_TO_POINTER (mask | (1u << day)));
}

static const AxResource *
find_resource (GPtrArray  *list,
               const char *id)
{
  for (guint i = 0; id != NULL && i < list->len; i++)
    {
      const AxResource *res = g_ptr_array_index (list, i);
      if (g_strcmp0 (res->id, id) == 0)
        return res;
    }
  return NULL;
}

const AxResource *
ax_calendar_data_find_provider (const AxCalendarData *data,
                                const char           *id)
{
  return find_resource (data->providers, id);
}

const AxResource *
ax_calendar_data_find_room (const AxCalendarData *data,
                            const char           *id)
{
  return find_resource (data->rooms, id);
}

AxAppointment *
ax_calendar_data_find_appointment (const AxCalendarData *data,
                                   const char           *id)
{
  for (guint i = 0; id != NULL && i < data->appointments->len; i++)
    {
      AxAppointment *appt = g_ptr_array_index (data->appointments, i);
      if (g_strcmp0 (appt->id, id) == 0)
        return appt;
    }
  return NULL;
}

static int
utc_offset_s (GTimeZone *tz,
              gint64     ms)
{
  gint64 s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, s);

  return interval < 0 ? 0 : g_time_zone_get_offset (tz, interval);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int
ax_calendar_data_local_minute (const AxCalendarData *data,
                               guint                 day,
                               gint64                ms)
{
  gint64 day_ms = data->day_start_ms[MIN (day, data->n_days)];
  gint64 local = ms + (gint64) utc_offset_s (data->tz, ms) * 1000;
  gint64 local_day = day_ms + (gint64) utc_offset_s (data->tz, day_ms) * 1000;

  return (int) floor_div (local - local_day, 60000);
}

gint64
ax_calendar_data_time_of_minute (const AxCalendarData *data,
                                 guint                 day,
                                 int                   minute)
{
  gint64 guess = data->day_start_ms[MIN (day, data->n_days)] + (gint64) minute * 60000;
  int off = ax_calendar_data_local_minute (data, day, guess) - minute;

  return guess - (gint64) off * 60000;
}

gboolean
ax_calendar_data_within_hours (const AxCalendarData *data,
                               const char           *provider_id,
                               gint64                start_ms,
                               gint64                end_ms)
{
  int day = ax_calendar_data_day_of (data, start_ms);
  GArray *blocks;
  guint closed;
  g_autoptr (GDateTime) start_utc = NULL;
  g_autoptr (GDateTime) end_utc = NULL;
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;

  if (day < 0 || provider_id == NULL)
    return TRUE;
  closed = GPOINTER_TO_UINT (g_hash_table_lookup (data->provider_closed, provider_id));
  if (data->clinic_closed[day] || (closed & (1u << day)) != 0)
    return FALSE;
  /* A provider with no working hours set up is not held to any (the model's rule). */
  blocks = g_hash_table_lookup (data->hours, provider_id);
  if (blocks == NULL || blocks->len == 0)
    return TRUE;

  start_utc = g_date_time_new_from_unix_utc (start_ms / 1000);
  end_utc = g_date_time_new_from_unix_utc (end_ms / 1000);
  start = g_date_time_to_timezone (start_utc, data->tz);
  end = g_date_time_to_timezone (end_utc, data->tz);
  return ax_schedule_within_hours ((const AxWorkBlock *) blocks->data, blocks->len, start, end);
}

AxAppointment *
ax_calendar_data_find_clash (const AxCalendarData *data,
                             const char           *except_id,
                             const char           *provider_id,
                             const char           *room_id,
                             gint64                start_ms,
                             gint64                end_ms)
{
  for (guint i = 0; i < data->appointments->len; i++)
    {
      AxAppointment *appt = g_ptr_array_index (data->appointments, i);

      if (!ax_appointment_status_is_live (appt->status)
          || !ax_intervals_overlap (appt->start_ms, appt->end_ms, start_ms, end_ms)
          || g_strcmp0 (appt->id, except_id) == 0)
        continue;
      if ((provider_id != NULL && g_strcmp0 (appt->provider_id, provider_id) == 0)
          || (room_id != NULL && g_strcmp0 (appt->room_id, room_id) == 0))
        return appt;
    }
  return NULL;
}
