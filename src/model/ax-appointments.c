/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Appointments: the booking rules (DESIGN.md §7) and their mutators.
 * Reads for the calendar are in ax-appointments-query.c. */

#include "ax-appointments.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define MAX_DURATION_MS (12 * 3600 * G_GINT64_CONSTANT (1000))
/* How far back an appointment overlapping a time can start: bounds the
 * index scans of the clash checks. */
#define LOOKBACK_MS MAX_DURATION_MS

static const char *const status_choices[] = {
  "booked", "confirmed", "checked_in", "in_progress", "completed", "no_show", "cancelled", NULL,
};

/* A proposed place in the calendar, checked by check_rules(). */
typedef struct
{
  const char *id;               /* the appointment itself (NULL when new) */
  const char *provider_id;
  const char *room_id;          /* may be NULL */
  gint64      start;
  gint64      end;
  const char *overbook_reason;  /* non-empty: clash accepted on purpose */
  gboolean    book_anyway;      /* outside hours accepted on purpose */
  gboolean    may_clash;        /* a replayed booking: a clash flags it (needs_rebooking) */
  /* out */
  gboolean    outside_hours;
  gboolean    overbooked;
  char       *clash_with;       /* may_clash: the appointment it clashes with */
  char       *clash_message;
} Placement;

static char *
local_time (AxMutation *m,
            gint64      ms,
            const char *format)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, ax_store_get_timezone (ax_mutation_get_store (m)));

  return g_date_time_format (local, format);
}

static char *
lookup_name (AxMutation *m,
             const char *sql,
             const char *id)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), sql, NULL);
  char *name = NULL;

  if (stmt == NULL || id == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return name ? name : g_strdup ("");
}

#define PROVIDER_NAME_SQL "SELECT name FROM providers WHERE id = ?"
#define ROOM_NAME_SQL "SELECT name FROM rooms WHERE id = ?"
#define PATIENT_NAME_SQL \
  "SELECT trim (first_name || ' ' || coalesce (last_name, '')) FROM patients WHERE id = ?"

/* The first live appointment that holds the provider or the room during
 * [start, end), other than the one being placed. */
static gboolean
find_clash (AxMutation *m,
            Placement  *p,
            GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT a.provider_id, a.room_id, a.patient_id, a.start_at, a.end_at, a.id "
    "  FROM appointments a "
    " WHERE a.clinic_id = ?1 AND a.deleted_at IS NULL "
    "   AND a.status NOT IN ('cancelled', 'no_show') AND a.id <> coalesce (?2, '') "
    "   AND a.start_at < ?4 AND a.end_at > ?3 AND a.start_at > ?3 - ?7 "
    "   AND (a.provider_id = ?5 OR (?6 IS NOT NULL AND a.room_id = ?6)) "
    " ORDER BY a.provider_id = ?5 DESC, a.start_at LIMIT 1", error);
  g_autofree char *other_provider = NULL;
  g_autofree char *other_room = NULL;
  g_autofree char *other_patient = NULL;
  g_autofree char *other_id = NULL;
  gint64 other_start = 0, other_end = 0;
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, p->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, p->start);
  sqlite3_bind_int64 (stmt, 4, p->end);
  sqlite3_bind_text (stmt, 5, p->provider_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, p->room_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, LOOKBACK_MS);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      other_provider = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      other_room = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      other_patient = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      other_start = sqlite3_column_int64 (stmt, 3);
      other_end = sqlite3_column_int64 (stmt, 4);
      other_id = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
    }
  sqlite3_reset (stmt);
  if (!found)
    return TRUE;

  if (p->overbook_reason != NULL && *p->overbook_reason != '\0')
    {
      if (!ax_actor_can (ax_mutation_get_actor (m), AX_PERM_CALENDAR_OVERBOOK))
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                       _("Only the front desk or the owner may overbook on purpose"));
          return FALSE;
        }
      p->overbooked = TRUE;
      return TRUE;
    }

  {
    g_autofree char *patient = lookup_name (m, PATIENT_NAME_SQL, other_patient);
    g_autofree char *from = local_time (m, other_start, "%H:%M");
    g_autofree char *to = local_time (m, other_end, "%H:%M");
    g_autofree char *who = NULL;

    if (*patient == '\0')
      {
        g_free (patient);
        patient = g_strdup (_("another patient"));
      }
    if (g_strcmp0 (other_provider, p->provider_id) == 0)
      {
        g_autofree char *provider = lookup_name (m, PROVIDER_NAME_SQL, other_provider);

        if (other_room != NULL)
          {
            g_autofree char *room = lookup_name (m, ROOM_NAME_SQL, other_room);
            /* Translators: "Dr Lee already has Anong Srisuk 10:00–10:30 in Room 2" */
            g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CLASH,
                         _("%s already has %s %s–%s in %s"), provider, patient, from, to, room);
          }
        else
          /* Translators: "Dr Lee already has Anong Srisuk 10:00–10:30" */
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CLASH,
                       _("%s already has %s %s–%s"), provider, patient, from, to);
      }
    else
      {
        g_autofree char *room = lookup_name (m, ROOM_NAME_SQL, other_room);
        g_autofree char *provider = lookup_name (m, PROVIDER_NAME_SQL, other_provider);
        /* Translators: "Room 2 is taken 10:00–10:30 by Anong Srisuk with Dr Lee" */
        g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CLASH,
                     _("%s is taken %s–%s by %s with %s"), room, from, to, patient, provider);
      }
  }
  if (p->may_clash)
    {
      /* Booked offline while the other was booked elsewhere: the later one
       * stays, flagged for rebooking, and a person is told (DESIGN.md §6). */
      p->clash_with = g_steal_pointer (&other_id);
      p->clash_message = g_strdup ((*error)->message);
      g_clear_error (error);
      return TRUE;
    }
  return FALSE;
}

static char *
describe_hours (const AxWorkBlock *blocks,
                guint              n,
                int                weekday)
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (blocks[i].weekday != weekday || blocks[i].is_break)
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "%02d:%02d–%02d:%02d", blocks[i].start_min / 60,
                              blocks[i].start_min % 60, blocks[i].end_min / 60, blocks[i].end_min % 60);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
check_hours (AxMutation *m,
             Placement  *p,
             GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  GTimeZone *tz = ax_store_get_timezone (ax_mutation_get_store (m));
  g_autoptr (GArray) blocks = ax_schedule_working_blocks (db, p->provider_id, error);
  g_autoptr (GDateTime) start_utc = g_date_time_new_from_unix_utc (p->start / 1000);
  g_autoptr (GDateTime) end_utc = g_date_time_new_from_unix_utc (p->end / 1000);
  g_autoptr (GDateTime) start = g_date_time_to_timezone (start_utc, tz);
  g_autoptr (GDateTime) end = g_date_time_to_timezone (end_utc, tz);
  g_autofree char *date = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *provider = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *hours = NULL;
  gboolean closed, inside;

  if (blocks == NULL)
    return FALSE;
  closed = ax_schedule_is_closed (db, p->provider_id, date);
  /* A provider with no working hours set up yet is not held to any. */
  inside = !closed && (blocks->len == 0
                       || ax_schedule_within_hours ((AxWorkBlock *) blocks->data, blocks->len,
                                                    start, end));
  if (inside)
    return TRUE;
  if (p->book_anyway)
    {
      p->outside_hours = TRUE;
      return TRUE;
    }

  provider = lookup_name (m, PROVIDER_NAME_SQL, p->provider_id);
  day = g_date_time_format (start, "%A %-d %B");
  from = g_date_time_format (start, "%H:%M");
  to = g_date_time_format (end, "%H:%M");
  if (closed)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_OUTSIDE_HOURS,
                   _("%s is not working on %s (closed). Choose “Book anyway” to book it regardless."),
                   provider, day);
      return FALSE;
    }
  hours = describe_hours ((AxWorkBlock *) blocks->data, blocks->len,
                          g_date_time_get_day_of_week (start));
  if (*hours == '\0')
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_OUTSIDE_HOURS,
                 _("%s does not work on %s. Choose “Book anyway” to book it regardless."),
                 provider, day);
  else
    /* Translators: "Dr Lee does not work 18:30–19:00 on Saturday 14 March (hours: 09:00–18:00)…" */
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_OUTSIDE_HOURS,
                 _("%s does not work %s–%s on %s (hours: %s, breaks excluded). Choose “Book "
                   "anyway” to book it regardless."), provider, from, to, day, hours);
  return FALSE;
}

static gboolean
check_rules (AxMutation *m,
             Placement  *p,
             GError    **error)
{
  if (p->end <= p->start)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("An appointment must end after it starts"));
      return FALSE;
    }
  if (p->end - p->start > MAX_DURATION_MS)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("An appointment cannot last more than 12 hours"));
      return FALSE;
    }
  if (!ax_mutation_require_row (m, "providers", p->provider_id, _("provider"), error))
    return FALSE;
  if (p->room_id != NULL && !ax_mutation_require_row (m, "rooms", p->room_id, _("room"), error))
    return FALSE;
  return find_clash (m, p, error) && check_hours (m, p, error);
}

static const char *
opt_string (JsonObject *o,
            const char *member)
{
  const char *s;

  if (o == NULL || !json_object_has_member (o, member) || json_object_get_null_member (o, member))
    return NULL;
  s = json_object_get_string_member (o, member);
  return s != NULL && *s != '\0' ? s : NULL;
}

static gboolean
add_event (AxMutation *m,
           const char *appt_id,
           const char *status,
           const char *reason,
           GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO appointment_events (id, clinic_id, created_at, updated_at, appointment_id, "
    "                                status, at, user_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  char id[AX_UUID_STRLEN];

  if (stmt == NULL)
    return FALSE;
  ax_uuid_v7 (id);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, appt_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 8, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, reason, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), "appointment_events", error);
  sqlite3_reset (stmt);
  return TRUE;
}

/* appointment.book and appointment.book_series */

static const AxArgSpec book_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "provider_id", AX_ARG_UUID, TRUE },
  { "room_id", AX_ARG_UUID },
  { "start_at", AX_ARG_INSTANT, TRUE },
  { "end_at", AX_ARG_INSTANT },
  { "services", AX_ARG_ARRAY },
  { "notes", AX_ARG_TEXT, FALSE, 0, 4000 },
  { "overbook_reason", AX_ARG_STRING, FALSE, 0, 300 },
  { "book_anyway", AX_ARG_BOOL },
  { "series_id", AX_ARG_UUID },
  { NULL }
};

static const AxArgSpec series_args[] = {
  { "series_id", AX_ARG_UUID },
  { "ids", AX_ARG_ARRAY },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "provider_id", AX_ARG_UUID, TRUE },
  { "room_id", AX_ARG_UUID },
  { "start_at", AX_ARG_INSTANT, TRUE },
  { "end_at", AX_ARG_INSTANT },
  { "services", AX_ARG_ARRAY },
  { "every_weeks", AX_ARG_INT, TRUE, 1, 52 },
  { "times", AX_ARG_INT, TRUE, 2, 52 },
  { "notes", AX_ARG_TEXT, FALSE, 0, 4000 },
  { "overbook_reason", AX_ARG_STRING, FALSE, 0, 300 },
  { "book_anyway", AX_ARG_BOOL },
  { NULL }
};

/* The end of a booking follows its services unless given; fixed in the
 * prepared arguments so a replay books the same length. */
static gboolean
prepare_end (AxMutation *m,
             JsonObject *args,
             GError    **error)
{
  JsonArray *services = json_object_has_member (args, "services")
                        ? json_object_get_array_member (args, "services") : NULL;
  gint64 minutes = 0;

  if (json_object_has_member (args, "end_at"))
    return TRUE;
  if (services == NULL || json_array_get_length (services) == 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("Give the services of the appointment or its end time"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      const char *sid = json_array_get_string_element (services, i);
      sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
                                          "SELECT duration_min FROM services WHERE id = ? "
                                          "AND clinic_id = ? AND deleted_at IS NULL", error);
      gboolean found;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        minutes += sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                       _("There is no service with id %s"), sid);
          return FALSE;
        }
    }
  json_object_set_int_member (args, "end_at", json_object_get_int_member (args, "start_at")
                                              + minutes * 60000);
  return TRUE;
}

static gboolean
book_prepare (AxMutation *m,
              JsonObject *args,
              GError    **error)
{
  return ax_mutation_prepare_id (m, args, error) && prepare_end (m, args, error);
}

/* Writes one booking at p (already checked) with its services and first event. */
static gboolean
insert_booking (AxMutation *m,
                JsonObject *args,
                const char *id,
                Placement  *p,
                GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  JsonArray *services = json_object_has_member (args, "services")
                        ? json_object_get_array_member (args, "services") : NULL;
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db,
    "INSERT INTO appointments (id, clinic_id, created_at, updated_at, patient_id, provider_id, "
    "  room_id, start_at, end_at, status, notes, overbook_reason, outside_hours, series_id, booked_by, "
    "  needs_rebooking) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, json_object_get_string_member (args, "patient_id"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, p->provider_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, p->room_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, p->start);
  sqlite3_bind_int64 (stmt, 9, p->end);
  sqlite3_bind_text (stmt, 10, opt_string (args, "notes"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, p->overbooked ? p->overbook_reason : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 12, p->outside_hours);
  sqlite3_bind_text (stmt, 13, opt_string (args, "series_id"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 15, p->clash_with != NULL);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, "appointment.book", error);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; services && i < json_array_get_length (services); i++)
    {
      char sid[AX_UUID_STRLEN];

      /* Derived from the booking's id, so a replay writes the same rows. */
      ax_uuid_derive (id, i + 1, sid);
      stmt = ax_db_prepare (db,
        "INSERT INTO appointment_services (id, clinic_id, created_at, updated_at, appointment_id, "
        "  service_id, duration_min, price, sort_order) "
        "SELECT ?1, ?2, ?3, ?4, ?5, s.id, s.duration_min, s.price, ?6 FROM services s "
        " WHERE s.id = ?7 AND s.clinic_id = ?2 AND s.deleted_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
      sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, (int) i);
      sqlite3_bind_text (stmt, 7, json_array_get_string_element (services, i), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          return ax_db_fail (db, "appointment.book", error);
        }
      sqlite3_reset (stmt);
      if (sqlite3_changes (ax_db_get_handle (db)) != 1)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND, _("There is no service with id %s"),
                       json_array_get_string_element (services, i));
          return FALSE;
        }
    }
  return add_event (m, id, "booked", p->overbooked ? p->overbook_reason : NULL, error);
}

static void
placement_from_args (Placement  *p,
                     JsonObject *args)
{
  memset (p, 0, sizeof *p);
  p->provider_id = json_object_get_string_member (args, "provider_id");
  p->room_id = opt_string (args, "room_id");
  p->start = json_object_get_int_member (args, "start_at");
  p->end = json_object_get_int_member (args, "end_at");
  p->overbook_reason = opt_string (args, "overbook_reason");
  p->book_anyway = json_object_get_boolean_member_with_default (args, "book_anyway", FALSE);
}

static gboolean
book_run (AxMutation *m,
          JsonObject *args,
          GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  JsonObject *result = ax_mutation_get_result (m);
  Placement p;
  gboolean ok;

  placement_from_args (&p, args);
  p.id = id;
  p.may_clash = ax_mutation_is_replayed (m);
  ok = ax_mutation_require_row (m, "patients", json_object_get_string_member (args, "patient_id"),
                                _("patient"), error)
       && check_rules (m, &p, error)
       && insert_booking (m, args, id, &p, error);
  if (ok && p.clash_with != NULL)
    {
      g_autoptr (JsonNode) mine = json_node_new (JSON_NODE_OBJECT);
      g_autoptr (JsonNode) theirs = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (mine, json_object_new ());
      json_node_take_object (theirs, json_object_new ());

      json_object_set_int_member (json_node_get_object (mine), "start_at", p.start);
      json_object_set_int_member (json_node_get_object (mine), "end_at", p.end);
      json_object_set_string_member (json_node_get_object (mine), "provider_id", p.provider_id);
      json_object_set_string_member (json_node_get_object (theirs), "appointment_id", p.clash_with);
      json_object_set_string_member (json_node_get_object (theirs), "message", p.clash_message);
      ok = ax_mutation_open_conflict (m, "booking", "appointments", id, NULL, NULL, mine, theirs, error);
      json_object_set_boolean_member (result, "needs_rebooking", TRUE);
    }
  g_free (p.clash_with);
  g_free (p.clash_message);
  if (!ok)
    return FALSE;
  json_object_set_string_member (result, "id", id);
  json_object_set_int_member (result, "end_at", p.end);
  json_object_set_boolean_member (result, "outside_hours", p.outside_hours);
  json_object_set_boolean_member (result, "overbooked", p.overbooked);
  return TRUE;
}

static gboolean
series_prepare (AxMutation *m,
                JsonObject *args,
                GError    **error)
{
  gint64 times = json_object_get_int_member (args, "times");

  if (!json_object_has_member (args, "series_id"))
    {
      char id[AX_UUID_STRLEN];
      ax_uuid_v7 (id);
      json_object_set_string_member (args, "series_id", id);
    }
  if (!json_object_has_member (args, "ids"))
    {
      JsonArray *ids = json_array_new ();

      for (gint64 i = 0; i < times; i++)
        {
          char id[AX_UUID_STRLEN];
          ax_uuid_v7 (id);
          json_array_add_string_element (ids, id);
        }
      json_object_set_array_member (args, "ids", ids);
    }
  if (json_array_get_length (json_object_get_array_member (args, "ids")) != (guint) times)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("appointment.book_series: “ids” must hold one id per session"));
      return FALSE;
    }
  return prepare_end (m, args, error);
}

static gboolean
series_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  GTimeZone *tz = ax_store_get_timezone (ax_mutation_get_store (m));
  JsonArray *ids = json_object_get_array_member (args, "ids");
  gint64 times = json_object_get_int_member (args, "times");
  gint64 every = json_object_get_int_member (args, "every_weeks");
  gint64 duration;
  g_autoptr (GDateTime) first_utc = NULL;
  g_autoptr (GDateTime) first = NULL;
  JsonArray *booked = json_array_new ();
  Placement base;

  json_object_set_array_member (ax_mutation_get_result (m), "ids", booked);
  json_object_set_string_member (ax_mutation_get_result (m), "series_id",
                                 json_object_get_string_member (args, "series_id"));
  if (!ax_mutation_require_row (m, "patients", json_object_get_string_member (args, "patient_id"),
                                _("patient"), error))
    return FALSE;

  placement_from_args (&base, args);
  duration = base.end - base.start;
  first_utc = g_date_time_new_from_unix_utc (base.start / 1000);
  first = g_date_time_to_timezone (first_utc, tz);

  for (gint64 k = 0; k < times; k++)
    {
      /* The same local time every N weeks, across daylight-saving changes. */
      g_autoptr (GDateTime) when = g_date_time_add_weeks (first, (int) (k * every));
      const char *id = json_array_get_string_element (ids, k);
      Placement p = base;
      g_autoptr (GError) local = NULL;

      p.id = id;
      p.start = g_date_time_to_unix (when) * 1000 + base.start % 1000;
      p.end = p.start + duration;
      if (!check_rules (m, &p, &local) || !insert_booking (m, args, id, &p, &local))
        {
          g_autofree char *date = g_date_time_format (when, "%a %-d %b %Y");

          /* Translators: "Session 3 of 6 (Tue 14 Apr 2026): Dr Lee already has …" */
          g_set_error (error, local->domain, local->code, _("Session %d of %d (%s): %s"),
                       (int) k + 1, (int) times, date, local->message);
          return FALSE;
        }
      json_array_add_string_element (booked, id);
    }
  return TRUE;
}

/* appointment.move */

static const AxArgSpec move_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "start_at", AX_ARG_INSTANT, TRUE },
  { "end_at", AX_ARG_INSTANT, TRUE },
  { "provider_id", AX_ARG_UUID },
  { "room_id", AX_ARG_UUID },
  { "from", AX_ARG_OBJECT },
  { "overbook_reason", AX_ARG_STRING, FALSE, 0, 300 },
  { "book_anyway", AX_ARG_BOOL },
  { NULL }
};

typedef struct
{
  char                *provider_id;
  char                *room_id;
  gint64               start;
  gint64               end;
  AxAppointmentStatus  status;
} Current;

static void
current_clear (Current *c)
{
  g_free (c->provider_id);
  g_free (c->room_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Current, current_clear)

static gboolean
load_current (AxMutation *m,
              const char *id,
              Current    *c,
              GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT provider_id, room_id, start_at, end_at, status FROM appointments "
    " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      c->provider_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->room_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c->start = sqlite3_column_int64 (stmt, 2);
      c->end = sqlite3_column_int64 (stmt, 3);
      c->status = ax_appointment_status_from_string ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("The appointment no longer exists (it may have been removed on another desk)"));
  return found;
}

/* The client says what it saw; a difference means someone else moved it. */
static gboolean
check_seen (AxMutation *m,
            JsonObject *from,
            Current    *c,
            GError    **error)
{
  gboolean same = TRUE;

  if (from == NULL)
    return TRUE;
  if (json_object_has_member (from, "start_at"))
    same &= json_object_get_int_member (from, "start_at") == c->start;
  if (json_object_has_member (from, "end_at"))
    same &= json_object_get_int_member (from, "end_at") == c->end;
  if (json_object_has_member (from, "provider_id"))
    same &= g_strcmp0 (opt_string (from, "provider_id"), c->provider_id) == 0;
  if (json_object_has_member (from, "room_id"))
    same &= g_strcmp0 (opt_string (from, "room_id"), c->room_id) == 0;
  if (!same)
    {
      g_autofree char *when = local_time (m, c->start, "%H:%M");
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE,
                   _("Someone else changed this appointment meanwhile (it is now at %s); "
                     "look again and move it once more"), when);
      return FALSE;
    }
  return TRUE;
}

static gboolean
move_run (AxMutation *m,
          JsonObject *args,
          GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_auto (Current) c = { 0 };
  sqlite3_stmt *stmt;
  Placement p;

  if (!load_current (m, id, &c, error)
      || !check_seen (m, json_object_has_member (args, "from")
                         ? json_object_get_object_member (args, "from") : NULL, &c, error))
    return FALSE;
  if (!ax_appointment_status_is_movable (c.status))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   _("A %s appointment can no longer be moved"),
                   ax_appointment_status_display_name (c.status));
      return FALSE;
    }

  memset (&p, 0, sizeof p);
  p.id = id;
  p.provider_id = opt_string (args, "provider_id") ? opt_string (args, "provider_id") : c.provider_id;
  p.room_id = json_object_has_member (args, "room_id") ? opt_string (args, "room_id") : c.room_id;
  p.start = json_object_get_int_member (args, "start_at");
  p.end = json_object_get_int_member (args, "end_at");
  p.overbook_reason = opt_string (args, "overbook_reason");
  p.book_anyway = json_object_get_boolean_member_with_default (args, "book_anyway", FALSE);
  if (!check_rules (m, &p, error))
    return FALSE;

  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "UPDATE appointments SET start_at = ?, end_at = ?, provider_id = ?, room_id = ?, "
    "  outside_hours = ?, overbook_reason = ?, needs_rebooking = 0, updated_at = ? "
    " WHERE id = ? AND clinic_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p.start);
  sqlite3_bind_int64 (stmt, 2, p.end);
  sqlite3_bind_text (stmt, 3, p.provider_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, p.room_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, p.outside_hours);
  sqlite3_bind_text (stmt, 6, p.overbooked ? p.overbook_reason : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "appointment.move", error);
    }
  sqlite3_reset (stmt);
  if (!ax_conflicts_settle_moved (m, id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  json_object_set_boolean_member (ax_mutation_get_result (m), "outside_hours", p.outside_hours);
  json_object_set_boolean_member (ax_mutation_get_result (m), "overbooked", p.overbooked);
  return TRUE;
}

/* appointment.set_status */

static const AxArgSpec status_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "status", AX_ARG_ENUM, TRUE, 0, 0, status_choices },
  { "reason", AX_ARG_STRING, FALSE, 0, 300 },
  { "redeem", AX_ARG_OBJECTS },   /* written by the desk: what a replay redeems */
  { NULL }
};

static gboolean
status_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *status_s = json_object_get_string_member (args, "status");
  AxAppointmentStatus to = ax_appointment_status_from_string (status_s);
  const char *reason = opt_string (args, "reason");
  g_auto (Current) c = { 0 };
  sqlite3_stmt *stmt;

  if (!load_current (m, id, &c, error))
    return FALSE;
  if (!ax_appointment_status_can_change (c.status, to))
    {
      /* Translators: "A Completed appointment cannot become Booked" */
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   _("A %s appointment cannot become %s"),
                   ax_appointment_status_display_name (c.status),
                   ax_appointment_status_display_name (to));
      return FALSE;
    }
  if (to == AX_APPT_CANCELLED && reason == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("Give a reason for cancelling the appointment"));
      return FALSE;
    }

  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "UPDATE appointments SET status = ?, cancel_reason = CASE WHEN ?1 = 'cancelled' THEN ? "
    "  ELSE cancel_reason END, updated_at = ? WHERE id = ? AND clinic_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status_s, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "appointment.set_status", error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  /* A completed appointment takes its sessions from the patient's courses. */
  if (to == AX_APPT_COMPLETED && !ax_credits_redeem_for_appointment (m, id, args, error))
    return FALSE;
  return add_event (m, id, status_s, reason, error);
}

/* appointment.update: notes and the patient, through the generic path. */

static const AxArgSpec update_args[] = {
  { "notes", AX_ARG_TEXT, FALSE, 0, 4000 },
  { "patient_id", AX_ARG_UUID },
  { NULL }
};

static gboolean
update_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  JsonObject *set = json_object_get_object_member (args, "set");
  const char *patient = opt_string (set, "patient_id");

  if (patient != NULL && !ax_mutation_require_row (m, "patients", patient, _("patient"), error))
    return FALSE;
  return ax_mutation_update_record (m, ax_mutators_lookup ("appointment.update"), args, error);
}

static const AxMutatorDef defs[] = {
  { "appointment.book", AX_PERM_CALENDAR_BOOK, book_args, FALSE, book_prepare, book_run,
    "appointments" },
  { "appointment.book_series", AX_PERM_CALENDAR_BOOK, series_args, FALSE, series_prepare,
    series_run, "appointments" },
  { "appointment.move", AX_PERM_CALENDAR_BOOK, move_args, FALSE, NULL, move_run, "appointments" },
  { "appointment.set_status", AX_PERM_CALENDAR_BOOK, status_args, FALSE, NULL, status_run,
    "appointments" },
  { "appointment.update", AX_PERM_CALENDAR_BOOK, update_args, TRUE, NULL, update_run,
    "appointments" },
};

void
ax_appointments_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
