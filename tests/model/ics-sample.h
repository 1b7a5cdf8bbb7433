/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A week of appointments to export, shared by test-ics-export.c and the
 * ics-sample program that feeds check_ics.py. */

#include "ax-fixture.h"

#include <string.h>

typedef struct
{
  char *lee, *ana;                 /* providers */
  char *room1, *room2;
  char *botox, *laser, *peel, *consult;
  char *anong, *somchai, *maria;   /* patients */
} IcsSample;

/* The appointments have fixed ids with their number in them (twice: the
 * booking derives its service lines' ids from the first 24 characters). */
#define ICS_SAMPLE_ID(n) "019cd5a0-000" #n "-7000-8000-00000000000" #n

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

/* The way an appointment gets to each state (DESIGN.md §7). */
static const char *const ics_sample_path_to[][4] = {
  { "booked", NULL },
  { "confirmed", "confirmed", NULL },
  { "checked_in", "checked_in", NULL },
  { "in_progress", "checked_in", "in_progress", NULL },
  { "completed", "checked_in", "in_progress", "completed" },
  { "no_show", "no_show", NULL },
  { "cancelled", "cancelled", NULL },
};

#define ICS_SAMPLE_CANCEL_REASON "Patient is travelling; will call back"

/* Books one appointment as reception would (appointment.book), then takes
 * it through the states to status. */
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
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonNode) booked = NULL;
  g_autoptr (GError) error = NULL;
  const char *const *path = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "patient_id");
  json_builder_add_string_value (b, patient);
  json_builder_set_member_name (b, "provider_id");
  json_builder_add_string_value (b, provider);
  if (room != NULL)
    {
      json_builder_set_member_name (b, "room_id");
      json_builder_add_string_value (b, room);
    }
  json_builder_set_member_name (b, "start_at");
  json_builder_add_int_value (b, start_ms);
  json_builder_set_member_name (b, "end_at");
  json_builder_add_int_value (b, end_ms);
  json_builder_set_member_name (b, "services");
  json_builder_begin_array (b);
  for (int i = 0; services[i]; i++)
    json_builder_add_string_value (b, services[i]);
  json_builder_end_array (b);
  if (notes != NULL)
    {
      json_builder_set_member_name (b, "notes");
      json_builder_add_string_value (b, notes);
    }
  json_builder_end_object (b);
  args = json_builder_get_root (b);

  booked = ax_store_mutate (f->store, f->actors[AX_ROLE_FRONT_DESK], "appointment.book", args,
                            &error);
  ck_assert_msg (booked != NULL, "appointment.book %s: %s", id, error ? error->message : "?");

  for (gsize i = 0; i < G_N_ELEMENTS (ics_sample_path_to); i++)
    if (g_str_equal (ics_sample_path_to[i][0], status))
      path = ics_sample_path_to[i] + 1;
  ck_assert_msg (path != NULL, "no way to %s", status);
  for (int i = 0; i < 3 && path[i] != NULL; i++)
    {
      g_autofree char *change = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"%s\"%s}", id,
                                                 path[i],
                                                 g_str_equal (path[i], "cancelled")
                                                   ? ", \"reason\": \"" ICS_SAMPLE_CANCEL_REASON "\""
                                                   : "");
      g_autoptr (JsonNode) r = ax_fixture_mutate (f, AX_ROLE_FRONT_DESK, "appointment.set_status",
                                                  change);
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
