/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A week of appointments to export, shared by test-ics-export.c and the
 * ics-sample program that feeds check_ics.py. */

#include "ax-fixture.h"
#include "ax-uuid.h"

#include <string.h>

typedef struct
{
  char *lee, *ana;                 /* providers */
  char *room1, *room2;
  char *botox, *laser, *peel, *consult;
  char *anong, *somchai, *maria;   /* patients */
} IcsSample;

/* The appointments have fixed ids ending in their number: */
#define ICS_SAMPLE_ID(n) "019cd5a0-0000-7000-8000-00000000000" #n

static inline void
ics_sample_clear (IcsSample *s)
{
  char **fields[] = { &s->lee, &s->ana, &s->room1, &s->room2, &s->botox, &s->laser, &s->peel,
                      &s->consult, &s->anong, &s->somchai, &s->maria };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
}

static inline char *
ics_sample_service (AxFixture  *f,
                    const char *category,
                    const char *name,
                    int         minutes)
{
  g_autofree char *cat_args = g_strdup_printf ("{\"name\": \"%s\"}", category);
  g_autofree char *cat = ax_fixture_mutate_id (f, OWNER, "service_category.create", cat_args);
  g_autofree char *args = g_strdup_printf ("{\"name\": \"%s\", \"category_id\": \"%s\", "
                                           "\"duration_min\": %d}", name, cat, minutes);

  return ax_fixture_mutate_id (f, OWNER, "service.create", args);
}

static inline void
ics_sample_catalogue (AxFixture *f,
                      IcsSample *s)
{
  memset (s, 0, sizeof *s);
  s->lee = ax_fixture_mutate_id (f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  s->ana = ax_fixture_mutate_id (f, OWNER, "provider.create", "{\"name\": \"Dr Ana Costa\"}");
  s->room1 = ax_fixture_mutate_id (f, OWNER, "room.create", "{\"name\": \"Room 1\"}");
  s->room2 = ax_fixture_mutate_id (f, OWNER, "room.create", "{\"name\": \"Room 2\"}");
  s->botox = ics_sample_service (f, "Injectables", "Botox forehead", 30);
  s->laser = ics_sample_service (f, "Lasers", "Laser hair removal, underarms", 30);
  s->peel = ics_sample_service (f, "Skin", "Chemical peel", 45);
  s->consult = ics_sample_service (f, "Consultations", "Consultation", 30);
  s->anong = ax_fixture_mutate_id (f, FRONT_DESK, "patient.create",
                                   "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  s->somchai = ax_fixture_mutate_id (f, FRONT_DESK, "patient.create",
                                     "{\"first_name\": \"สมชาย\", \"last_name\": \"ใจดี\"}");
  s->maria = ax_fixture_mutate_id (f, FRONT_DESK, "patient.create",
                                   "{\"first_name\": \"Maria\", \"last_name\": \"Souza\"}");
}

static inline gint64
ics_sample_local_ms (AxFixture *f,
                     GDateTime *monday,
                     int        day,
                     int        hour,
                     int        minute)
{
  g_autoptr (GDateTime) date = g_date_time_add_days (monday, day);
  g_autoptr (GDateTime) dt = g_date_time_new (ax_store_get_timezone (f->store),
                                              g_date_time_get_year (date),
                                              g_date_time_get_month (date),
                                              g_date_time_get_day_of_month (date),
                                              hour, minute, 0);

  return g_date_time_to_unix (dt) * 1000;
}

/* Books one appointment. The rows are written directly until the
 * appointment mutators exist. */
static inline void
ics_sample_book (AxFixture         *f,
                 const char        *id,
                 const char        *patient,
                 const char        *provider,
                 const char        *room,
                 const char *const *services,
                 gint64             start_ms,
                 gint64             end_ms,
                 const char        *status,
                 const char        *notes)
{
  AxDb *db = ax_store_get_db (f->store);
  const char *clinic = ax_store_get_clinic (f->store)->id;
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "INSERT INTO appointments (id, clinic_id, created_at, updated_at, patient_id, provider_id, "
    "                          room_id, start_at, end_at, status, notes) "
    "VALUES (?1, ?2, 0, '0', ?3, ?4, ?5, ?6, ?7, ?8, ?9)", NULL);

  ck_assert_ptr_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clinic, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, patient, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, provider, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, room, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, start_ms);
  sqlite3_bind_int64 (stmt, 7, end_ms);
  sqlite3_bind_text (stmt, 8, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, notes, -1, SQLITE_STATIC);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_DONE);
  sqlite3_reset (stmt);

  for (int i = 0; services[i]; i++)
    {
      char line_id[AX_UUID_STRLEN];

      ax_uuid_v7 (line_id);
      stmt = ax_db_prepare (db,
        "INSERT INTO appointment_services (id, clinic_id, created_at, updated_at, appointment_id, "
        "                                  service_id, duration_min, sort_order) "
        "VALUES (?1, ?2, 0, '0', ?3, ?4, 30, ?5)", NULL);
      sqlite3_bind_text (stmt, 1, line_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, clinic, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, services[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, i);
      ck_assert_int_eq (sqlite3_step (stmt), SQLITE_DONE);
      sqlite3_reset (stmt);
    }
}

/* The notes of appointment 1: every character TEXT escapes. */
#define ICS_SAMPLE_NOTES_1 "Prefers the left side; allergic to lidocaine, mild\nC:\\notes"
/* The notes of appointment 2: Thai, long enough to fold several times. */
#define ICS_SAMPLE_NOTES_2 "ผู้ป่วยแพ้ยาชาลิโดเคน กรุณาตรวจสอบประวัติก่อนทำหัตถการทุกครั้ง " \
                           "และโทรยืนยันนัดหมายล่วงหน้าหนึ่งวัน"

/* The week starting on Monday year-month-day (local), plus one appointment
 * before it, one across its start and one after it:
 *   1  Tue 10:00–10:30  Anong Srisuk   Dr Lee        Room 2  Botox forehead        confirmed
 *   2  Wed 14:00–15:00  สมชาย ใจดี      Dr Lee        Room 1  Laser…, Botox…        no_show
 *   3  Thu 09:00–09:45  Maria Souza    Dr Ana Costa  Room 1  Chemical peel         booked
 *   4  Fri 16:00–16:30  Anong Srisuk   Dr Ana Costa  —       Consultation          cancelled
 *   5  next Mon 10:00   สมชาย ใจดี      Dr Lee        Room 2  Botox forehead        booked (outside)
 *   6  Sun before 23:30 – Mon 00:30  Maria Souza  Dr Lee  Room 2  Chemical peel   completed
 *   7  Sun 14:00–15:00  Maria Souza    Dr Ana Costa  Room 2  Consultation          checked_in
 *   8  the Saturday before 10:00–10:30, Anong, Dr Lee (outside) */
static inline void
ics_sample_week (AxFixture *f,
                 IcsSample *s,
                 int        year,
                 int        month,
                 int        day)
{
  g_autoptr (GDateTime) monday = g_date_time_new (ax_store_get_timezone (f->store), year, month,
                                                  day, 0, 0, 0);
  const char *const botox[] = { s->botox, NULL };
  const char *const laser_botox[] = { s->laser, s->botox, NULL };
  const char *const peel[] = { s->peel, NULL };
  const char *const consult[] = { s->consult, NULL };

#define AT(d, h, m) ics_sample_local_ms (f, monday, d, h, m)
  ics_sample_book (f, ICS_SAMPLE_ID (1), s->anong, s->lee, s->room2, botox, AT (1, 10, 0),
                   AT (1, 10, 30), "confirmed", ICS_SAMPLE_NOTES_1);
  ics_sample_book (f, ICS_SAMPLE_ID (2), s->somchai, s->lee, s->room1, laser_botox, AT (2, 14, 0),
                   AT (2, 15, 0), "no_show", ICS_SAMPLE_NOTES_2);
  ics_sample_book (f, ICS_SAMPLE_ID (3), s->maria, s->ana, s->room1, peel, AT (3, 9, 0),
                   AT (3, 9, 45), "booked", NULL);
  ics_sample_book (f, ICS_SAMPLE_ID (4), s->anong, s->ana, NULL, consult, AT (4, 16, 0),
                   AT (4, 16, 30), "cancelled", NULL);
  ics_sample_book (f, ICS_SAMPLE_ID (5), s->somchai, s->lee, s->room2, botox, AT (7, 10, 0),
                   AT (7, 10, 30), "booked", NULL);
  ics_sample_book (f, ICS_SAMPLE_ID (6), s->maria, s->lee, s->room2, peel, AT (-1, 23, 30),
                   AT (0, 0, 30), "completed", NULL);
  ics_sample_book (f, ICS_SAMPLE_ID (7), s->maria, s->ana, s->room2, consult, AT (6, 14, 0),
                   AT (6, 15, 0), "checked_in", NULL);
  ics_sample_book (f, ICS_SAMPLE_ID (8), s->anong, s->lee, s->room1, botox, AT (-2, 10, 0),
                   AT (-2, 10, 30), "booked", NULL);
#undef AT
}

/* The week's instants: [Monday 00:00, next Monday 00:00) local. */
static inline void
ics_sample_range (AxFixture *f,
                  int        year,
                  int        month,
                  int        day,
                  gint64    *from_ms,
                  gint64    *to_ms)
{
  g_autoptr (GDateTime) monday = g_date_time_new (ax_store_get_timezone (f->store), year, month,
                                                  day, 0, 0, 0);

  *from_ms = ics_sample_local_ms (f, monday, 0, 0, 0);
  *to_ms = ics_sample_local_ms (f, monday, 7, 0, 0);
}

/* Moves the clinic to another time zone. */
static inline void
ics_sample_set_zone (AxFixture  *f,
                     const char *zone)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"timezone\": \"%s\"}}",
                                           ax_store_get_clinic (f->store)->id, zone);
  g_autoptr (JsonNode) r = ax_fixture_mutate (f, OWNER, "clinic.update", args);
}
