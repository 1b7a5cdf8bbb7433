/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* What the calendar reads: appointments in a range, columns, working hours,
 * history, and the search for the next free slot. */

#include "ax-appointments.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define LOOKBACK_MS (12 * 3600 * G_GINT64_CONSTANT (1000))
#define SLOT_SEARCH_DAYS 60
#define SLOT_STEP_MIN 15

static void
appointment_clear (gpointer data)
{
  AxAppointment *a = data;

  g_free (a->id);
  g_free (a->patient_id);
  g_free (a->patient_name);
  g_free (a->provider_id);
  g_free (a->room_id);
  g_free (a->services);
  g_free (a->notes);
  g_free (a->overbook_reason);
  g_free (a->series_id);
}

AxAppointment *
ax_appointment_ref (AxAppointment *appt)
{
  return g_atomic_rc_box_acquire (appt);
}

void
ax_appointment_unref (AxAppointment *appt)
{
  g_atomic_rc_box_release_full (appt, appointment_clear);
}

void
ax_resource_free (AxResource *res)
{
  if (res == NULL)
    return;
  g_free (res->id);
  g_free (res->name);
  g_free (res->color);
  g_free (res);
}

void
ax_appointment_event_free (AxAppointmentEvent *ev)
{
  if (ev == NULL)
    return;
  g_free (ev->user_name);
  g_free (ev->reason);
  g_free (ev);
}

void
ax_slot_clear (AxSlot *slot)
{
  g_clear_pointer (&slot->provider_id, g_free);
  g_clear_pointer (&slot->room_id, g_free);
}

/* One clinic per desktop store: its id is the first live clinic's. */
#define CLINIC_ID "(SELECT id FROM clinics WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)"

#define APPOINTMENT_COLUMNS \
  "a.id, a.patient_id, trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')), " \
  "EXISTS (SELECT 1 FROM allergies x WHERE x.patient_id = a.patient_id AND x.deleted_at IS NULL), " \
  "a.provider_id, a.room_id, a.start_at, a.end_at, a.status, " \
  "coalesce ((SELECT group_concat (name, ', ') FROM (SELECT s.name FROM appointment_services y " \
  "  JOIN services s ON s.id = y.service_id WHERE y.appointment_id = a.id AND y.deleted_at IS NULL " \
  "  ORDER BY y.sort_order)), ''), " \
  "a.notes, a.overbook_reason, a.outside_hours, a.needs_rebooking, a.series_id " \
  "FROM appointments a LEFT JOIN patients p ON p.id = a.patient_id "

static AxAppointment *
appointment_from_row (sqlite3_stmt *stmt)
{
  AxAppointment *a = g_atomic_rc_box_new0 (AxAppointment);

  a->id = ax_db_column_dup (stmt, 0);
  a->patient_id = ax_db_column_dup (stmt, 1);
  a->patient_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  a->patient_has_allergy = sqlite3_column_int (stmt, 3) != 0;
  a->provider_id = ax_db_column_dup (stmt, 4);
  a->room_id = ax_db_column_dup (stmt, 5);
  a->start_ms = sqlite3_column_int64 (stmt, 6);
  a->end_ms = sqlite3_column_int64 (stmt, 7);
  a->status = ax_appointment_status_from_string ((const char *) sqlite3_column_text (stmt, 8));
  a->services = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  a->notes = ax_db_column_dup (stmt, 10);
  a->overbook_reason = ax_db_column_dup (stmt, 11);
  a->outside_hours = sqlite3_column_int (stmt, 12) != 0;
  a->needs_rebooking = sqlite3_column_int (stmt, 13) != 0;
  a->series_id = ax_db_column_dup (stmt, 14);
  if (a->status == AX_APPT_INVALID)
    {
      /* A row a newer desk wrote, or a damaged one: show it, never hide it. */
      g_warning ("Appointment %s has an unknown status “%s”", a->id, sqlite3_column_text (stmt, 8));
      a->status = AX_APPT_BOOKED;
    }
  return a;
}

static gboolean
passes (const AxAppointment       *a,
        const AxAppointmentFilter *filter)
{
  if (filter == NULL)
    return TRUE;
  if (filter->status_mask != 0 && !(filter->status_mask & (1u << a->status)))
    return FALSE;
  if (filter->provider_ids != NULL
      && (a->provider_id == NULL || !g_strv_contains (filter->provider_ids, a->provider_id)))
    return FALSE;
  if (filter->room_ids != NULL
      && (a->room_id == NULL || !g_strv_contains (filter->room_ids, a->room_id)))
    return FALSE;
  return TRUE;
}

GPtrArray *
ax_appointments_query (AxDb                      *db,
                       gint64                     from_ms,
                       gint64                     to_ms,
                       const AxAppointmentFilter *filter,
                       GError                   **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_appointment_unref);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT " APPOINTMENT_COLUMNS
    " WHERE a.clinic_id = " CLINIC_ID " AND a.start_at > ?1 - ?3 AND a.start_at < ?2 "
    "   AND a.end_at > ?1 AND a.deleted_at IS NULL ORDER BY a.start_at, a.id", error);
  int rc;

  if (stmt == NULL)
    return (g_ptr_array_unref (out), NULL);
  sqlite3_bind_int64 (stmt, 1, from_ms);
  sqlite3_bind_int64 (stmt, 2, to_ms);
  sqlite3_bind_int64 (stmt, 3, LOOKBACK_MS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxAppointment *a = appointment_from_row (stmt);

      if (passes (a, filter))
        g_ptr_array_add (out, a);
      else
        ax_appointment_unref (a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (out);
      return ax_db_fail (db, _("Reading the appointments failed"), error), NULL;
    }
  return out;
}

AxAppointment *
ax_appointments_get (AxDb       *db,
                     const char *id,
                     GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT " APPOINTMENT_COLUMNS
                                          " WHERE a.id = ? AND a.deleted_at IS NULL", error);
  AxAppointment *a = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    a = appointment_from_row (stmt);
  sqlite3_reset (stmt);
  if (a == NULL)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("The appointment no longer exists (it may have been removed on another desk)"));
  return a;
}

GPtrArray *
ax_appointments_for_patient (AxDb       *db,
                             const char *patient_id,
                             gint64      from_ms,
                             guint       limit,
                             GError    **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_appointment_unref);
  /* The patient's index (patient_id, start_at), from a little before now so
   * that one under way is there too. */
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT " APPOINTMENT_COLUMNS
    " WHERE a.patient_id = ?1 AND a.start_at > ?2 - ?3 AND a.end_at > ?2 "
    "   AND a.deleted_at IS NULL "
    "   AND a.status IN ('booked', 'confirmed', 'checked_in', 'in_progress') "
    " ORDER BY a.start_at, a.id LIMIT ?4", error);
  int rc;

  if (stmt == NULL)
    return (g_ptr_array_unref (out), NULL);
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, from_ms);
  sqlite3_bind_int64 (stmt, 3, LOOKBACK_MS);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, appointment_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (out);
      return ax_db_fail (db, _("Reading the appointments failed"), error), NULL;
    }
  return out;
}

GPtrArray *
ax_appointments_history (AxDb       *db,
                         const char *id,
                         GError    **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_appointment_event_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT e.status, e.at, coalesce (u.display_name, ''), e.reason FROM appointment_events e "
    "  LEFT JOIN users u ON u.id = e.user_id "
    " WHERE e.appointment_id = ? AND e.deleted_at IS NULL ORDER BY e.at, e.id", error);

  if (stmt == NULL)
    return (g_ptr_array_unref (out), NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxAppointmentEvent *ev = g_new0 (AxAppointmentEvent, 1);

      ev->status = ax_appointment_status_from_string ((const char *) sqlite3_column_text (stmt, 0));
      ev->at_ms = sqlite3_column_int64 (stmt, 1);
      ev->user_name = ax_db_column_dup (stmt, 2);
      ev->reason = ax_db_column_dup (stmt, 3);
      g_ptr_array_add (out, ev);
    }
  sqlite3_reset (stmt);
  return out;
}

static GPtrArray *
list_resources (AxDb       *db,
                const char *sql,
                GError    **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_resource_free);
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);

  if (stmt == NULL)
    return (g_ptr_array_unref (out), NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxResource *r = g_new0 (AxResource, 1);

      r->id = ax_db_column_dup (stmt, 0);
      r->name = ax_db_column_dup (stmt, 1);
      r->color = ax_db_column_dup (stmt, 2);
      r->sort_order = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (out, r);
    }
  sqlite3_reset (stmt);
  return out;
}

GPtrArray *
ax_schedule_list_providers (AxDb    *db,
                            GError **error)
{
  return list_resources (db, "SELECT id, name, color, sort_order FROM providers "
                             " WHERE clinic_id = " CLINIC_ID " AND active = 1 AND deleted_at IS NULL "
                             " ORDER BY sort_order, name", error);
}

GPtrArray *
ax_schedule_list_rooms (AxDb    *db,
                        GError **error)
{
  return list_resources (db, "SELECT id, name, NULL, sort_order FROM rooms "
                             " WHERE clinic_id = " CLINIC_ID " AND active = 1 AND deleted_at IS NULL "
                             " ORDER BY sort_order, name", error);
}

GArray *
ax_schedule_working_blocks (AxDb       *db,
                            const char *provider_id,
                            GError    **error)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (AxWorkBlock));
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT weekday, start_min, end_min, kind = 'break' FROM working_hours "
    " WHERE provider_id = ? AND deleted_at IS NULL ORDER BY weekday, start_min", error);

  if (stmt == NULL)
    return (g_array_unref (out), NULL);
  sqlite3_bind_text (stmt, 1, provider_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxWorkBlock b = {
        sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
        sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3) != 0,
      };
      g_array_append_val (out, b);
    }
  sqlite3_reset (stmt);
  return out;
}

gboolean
ax_schedule_is_closed (AxDb       *db,
                       const char *provider_id,
                       const char *date)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT 1 FROM closures WHERE date = ?1 AND deleted_at IS NULL "
    "   AND (provider_id IS NULL OR provider_id = ?2) LIMIT 1", NULL);
  gboolean closed;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, provider_id, -1, SQLITE_STATIC);
  closed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return closed;
}

/* Async */

typedef struct
{
  gint64  from_ms;
  gint64  to_ms;
  GStrv   provider_ids;
  GStrv   room_ids;
  guint   status_mask;
} QueryData;

static void
query_data_free (QueryData *d)
{
  g_strfreev (d->provider_ids);
  g_strfreev (d->room_ids);
  g_free (d);
}

static gpointer
query_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  QueryData *d = data;
  AxAppointmentFilter filter = {
    (const char *const *) d->provider_ids, (const char *const *) d->room_ids, d->status_mask,
  };

  return ax_appointments_query (db, d->from_ms, d->to_ms, &filter, error);
}

void
ax_appointments_query_async (AxStore                   *store,
                             gint64                     from_ms,
                             gint64                     to_ms,
                             const AxAppointmentFilter *filter,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  QueryData *d = g_new0 (QueryData, 1);

  d->from_ms = from_ms;
  d->to_ms = to_ms;
  if (filter != NULL)
    {
      d->provider_ids = g_strdupv ((char **) filter->provider_ids);
      d->room_ids = g_strdupv ((char **) filter->room_ids);
      d->status_mask = filter->status_mask;
    }
  ax_store_read_async (store, query_read, d, (GDestroyNotify) query_data_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_appointments_query_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_appointments_query_finish (AxStore      *store,
                              GAsyncResult *result,
                              GError      **error)
{
  return ax_store_read_finish (store, result, ax_appointments_query_async, error);
}

/* The next free slot */

static gboolean
busy (GPtrArray  *day,
      const char *provider_id,
      const char *room_id,
      gint64      start,
      gint64      end)
{
  for (guint i = 0; i < day->len; i++)
    {
      AxAppointment *a = day->pdata[i];

      if (!ax_appointment_status_is_live (a->status)
          || !ax_intervals_overlap (a->start_ms, a->end_ms, start, end))
        continue;
      if (provider_id != NULL && g_strcmp0 (a->provider_id, provider_id) == 0)
        return TRUE;
      if (room_id != NULL && g_strcmp0 (a->room_id, room_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
free_room (GPtrArray  *day,
           GPtrArray  *rooms,
           gint64      start,
           gint64      end)
{
  for (guint i = 0; i < rooms->len; i++)
    {
      AxResource *r = rooms->pdata[i];
      if (!busy (day, NULL, r->id, start, end))
        return r->id;
    }
  return NULL;
}

gboolean
ax_appointments_find_slot (AxStore    *store,
                           const char *service_id,
                           const char *provider_id,
                           gint64      after_ms,
                           AxSlot     *out,
                           GError    **error)
{
  AxDb *db = ax_store_get_db (store);
  GTimeZone *tz = ax_store_get_timezone (store);
  g_autoptr (GPtrArray) providers = NULL;
  g_autoptr (GPtrArray) rooms = ax_schedule_list_rooms (db, error);
  g_autoptr (GPtrArray) hours = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GDateTime) after_utc = g_date_time_new_from_unix_utc (after_ms / 1000);
  g_autoptr (GDateTime) after = g_date_time_to_timezone (after_utc, tz);
  g_autoptr (GDateTime) day0 = g_date_time_new (tz, g_date_time_get_year (after),
                                                g_date_time_get_month (after),
                                                g_date_time_get_day_of_month (after), 0, 0, 0);
  sqlite3_stmt *stmt;
  gint64 duration = 0;
  gboolean needs_room = TRUE;

  memset (out, 0, sizeof *out);
  if (rooms == NULL)
    return FALSE;
  stmt = ax_db_prepare (db, "SELECT duration_min, needs_room FROM services WHERE id = ? "
                            "AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, service_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      duration = sqlite3_column_int64 (stmt, 0) * 60000;
      needs_room = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (duration == 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("There is no service with id %s"), service_id ? service_id : "");
      return FALSE;
    }

  if (provider_id != NULL)
    {
      AxResource *only = g_new0 (AxResource, 1);

      providers = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_resource_free);
      only->id = g_strdup (provider_id);
      g_ptr_array_add (providers, only);
    }
  else if ((providers = ax_schedule_list_providers (db, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < providers->len; i++)
    {
      GArray *blocks = ax_schedule_working_blocks (db, ((AxResource *) providers->pdata[i])->id, error);
      if (blocks == NULL)
        return FALSE;
      g_ptr_array_add (hours, blocks);
    }

  for (int d = 0; d < SLOT_SEARCH_DAYS; d++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (day0, d);
      g_autoptr (GDateTime) next = g_date_time_add_days (day0, d + 1);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autoptr (GPtrArray) appts = ax_appointments_query (db, g_date_time_to_unix (day) * 1000,
                                                           g_date_time_to_unix (next) * 1000,
                                                           NULL, error);
      if (appts == NULL)
        return FALSE;

      for (int minute = 0; minute + duration / 60000 <= 24 * 60; minute += SLOT_STEP_MIN)
        for (guint i = 0; i < providers->len; i++)
          {
            const char *pid = ((AxResource *) providers->pdata[i])->id;
            GArray *blocks = hours->pdata[i];
            g_autoptr (GDateTime) s = g_date_time_add_minutes (day, minute);
            g_autoptr (GDateTime) e = g_date_time_add (s, duration * 1000);
            gint64 start = g_date_time_to_unix (s) * 1000, end = start + duration;
            const char *room = NULL;

            if (start < after_ms || blocks->len == 0 || ax_schedule_is_closed (db, pid, date))
              continue;
            if (!ax_schedule_within_hours ((AxWorkBlock *) blocks->data, blocks->len, s, e))
              continue;
            if (busy (appts, pid, NULL, start, end))
              continue;
            if (needs_room && (room = free_room (appts, rooms, start, end)) == NULL)
              continue;
            out->start_ms = start;
            out->end_ms = end;
            out->provider_id = g_strdup (pid);
            out->room_id = g_strdup (room);
            return TRUE;
          }
    }
  g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
               _("No free slot in the next %d days; try another provider"), SLOT_SEARCH_DAYS);
  return FALSE;
}
