/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ax-fixture.h"
#include "ax-appointments.h"

static AxFixture f;

/* Tuesday 2026-03-10 in Bangkok; AT (day offset, hour, minute). */
#define MIDNIGHT (AX_FIXTURE_NOW_MS - (10 * 60 + 30) * 60000)
#define AT(day, h, m) (MIDNIGHT + (gint64) (day) * 86400000 + ((h) * 60 + (m)) * 60000)

static char *lee, *ana, *room1, *room2, *anong, *maria, *botox, *consult;

static void
setup (void)
{
  ax_fixture_setup (&f);
  lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  ana = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Ana Souza\"}");
  room1 = ax_fixture_mutate_id (&f, OWNER, "room.create", "{\"name\": \"Room 1\"}");
  room2 = ax_fixture_mutate_id (&f, OWNER, "room.create", "{\"name\": \"Room 2\"}");
  anong = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", \"allergies\": [\"Latex\"]}");
  maria = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                "{\"first_name\": \"Maria\", \"last_name\": \"Lima\"}");
  botox = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                "{\"name\": \"Botox forehead\", \"duration_min\": 30, \"price\": 850000}");
  consult = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                  "{\"name\": \"Consultation\", \"duration_min\": 15, \"needs_room\": false}");
  /* Mon–Sat 09:00–18:00 with a 12:00–13:00 break for both; Dr Ana is off on Wednesdays. */
  for (int wd = 1; wd <= 6; wd++)
    for (int p = 0; p < 2; p++)
      {
        g_autofree char *work = NULL;
        g_autofree char *brk = NULL;
        g_autoptr (JsonNode) a = NULL;
        g_autoptr (JsonNode) b = NULL;

        if (p == 1 && wd == 3)
          continue;
        work = g_strdup_printf ("{\"provider_id\": \"%s\", \"weekday\": %d, \"start_min\": 540, "
                                "\"end_min\": 1080}", p ? ana : lee, wd);
        brk = g_strdup_printf ("{\"provider_id\": \"%s\", \"weekday\": %d, \"start_min\": 720, "
                               "\"end_min\": 780, \"kind\": \"break\"}", p ? ana : lee, wd);
        a = ax_fixture_mutate (&f, OWNER, "working_hours.add", work);
        b = ax_fixture_mutate (&f, OWNER, "working_hours.add", brk);
      }
}

static void
teardown (void)
{
  char **all[] = { &lee, &ana, &room1, &room2, &anong, &maria, &botox, &consult };

  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    g_clear_pointer (all[i], g_free);
  ax_fixture_teardown (&f);
}

static char *
book_args (const char *patient, const char *provider, const char *room, gint64 start, gint64 end,
           const char *extra)
{
  g_autofree char *room_part = room ? g_strdup_printf (", \"room_id\": \"%s\"", room) : g_strdup ("");

  return g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\"%s, \"start_at\": %" G_GINT64_FORMAT
                          ", \"end_at\": %" G_GINT64_FORMAT "%s}",
                          patient, provider, room_part, start, end, extra ? extra : "");
}

static char *
book (AxRole role, const char *patient, const char *provider, const char *room, gint64 start,
      gint64 end, const char *extra)
{
  g_autofree char *args = book_args (patient, provider, room, start, end, extra);
  return ax_fixture_mutate_id (&f, role, "appointment.book", args);
}

/* Fails with domain/code, the message contains `part`, and nothing was written. */
static void
refused (AxRole role, const char *name, const char *args, int code, const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *before = ax_fixture_dump (&f, "appointments");
  g_autofree char *after = NULL;
  gint64 outbox = ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox");

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s was not refused", args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "wrong error: %s", error->message);
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” lacks “%s”", error->message, part);
  after = ax_fixture_dump (&f, "appointments");
  ck_assert_str_eq (before, after);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox"), outbox);
}

START_TEST (test_book_with_services)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", "
                                           "\"room_id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT ", "
                                           "\"services\": [\"%s\", \"%s\"], \"notes\": \"first visit\"}",
                                           anong, lee, room1, AT (0, 10, 0), botox, consult);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "appointment.book", args);
  const char *id = json_object_get_string_member (json_node_get_object (r), "id");
  g_autoptr (AxAppointment) a = ax_appointments_get (ax_store_get_db (f.store), id, NULL);
  g_autoptr (GPtrArray) history = ax_appointments_history (ax_store_get_db (f.store), id, NULL);

  /* The end follows the services: 30 + 15 minutes. */
  ck_assert_int_eq (a->end_ms, AT (0, 10, 45));
  ck_assert_str_eq (a->services, "Botox forehead, Consultation");
  ck_assert_str_eq (a->patient_name, "Anong Srisuk");
  ck_assert (a->patient_has_allergy);
  ck_assert_int_eq (a->status, AX_APPT_BOOKED);
  ck_assert_str_eq (a->notes, "first visit");
  ck_assert_uint_eq (history->len, 1);
  ck_assert_int_eq (((AxAppointmentEvent *) history->pdata[0])->status, AX_APPT_BOOKED);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (price) FROM appointment_services"), 850000);
}
END_TEST

START_TEST (test_provider_and_room_overlap)
{
  g_autofree char *first = book (FRONT_DESK, anong, lee, room2, AT (0, 10, 0), AT (0, 10, 30), NULL);
  g_autofree char *same_provider = book_args (maria, lee, room1, AT (0, 10, 15), AT (0, 10, 45), NULL);
  g_autofree char *same_room = book_args (maria, ana, room2, AT (0, 10, 15), AT (0, 10, 45), NULL);
  g_autofree char *inside = book_args (maria, lee, NULL, AT (0, 10, 5), AT (0, 10, 10), NULL);
  g_autofree char *touching_before = NULL;
  g_autofree char *touching_after = NULL;

  refused (FRONT_DESK, "appointment.book", same_provider, AX_MODEL_ERROR_CLASH,
           "Dr Lee already has Anong Srisuk 10:00–10:30 in Room 2");
  refused (FRONT_DESK, "appointment.book", same_room, AX_MODEL_ERROR_CLASH,
           "Room 2 is taken 10:00–10:30 by Anong Srisuk with Dr Lee");
  refused (FRONT_DESK, "appointment.book", inside, AX_MODEL_ERROR_CLASH, "Dr Lee already has");

  /* Touching intervals are fine, in the same room and with the same provider. */
  touching_before = book (FRONT_DESK, maria, lee, room2, AT (0, 9, 30), AT (0, 10, 0), NULL);
  touching_after = book (FRONT_DESK, maria, lee, room2, AT (0, 10, 30), AT (0, 11, 0), NULL);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM appointments"), 3);
}
END_TEST

START_TEST (test_cancelled_and_no_show_free_the_slot)
{
  g_autofree char *a = book (FRONT_DESK, anong, lee, room1, AT (0, 14, 0), AT (0, 14, 30), NULL);
  g_autofree char *b = book (FRONT_DESK, anong, ana, room2, AT (0, 15, 0), AT (0, 15, 30), NULL);
  g_autofree char *cancel = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"cancelled\", "
                                             "\"reason\": \"patient ill\"}", a);
  g_autofree char *noshow = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"no_show\"}", b);
  g_autoptr (JsonNode) r1 = ax_fixture_mutate (&f, FRONT_DESK, "appointment.set_status", cancel);
  g_autoptr (JsonNode) r2 = ax_fixture_mutate (&f, FRONT_DESK, "appointment.set_status", noshow);
  g_autofree char *c = book (FRONT_DESK, maria, lee, room1, AT (0, 14, 0), AT (0, 14, 30), NULL);
  g_autofree char *d = book (FRONT_DESK, maria, ana, room2, AT (0, 15, 0), AT (0, 15, 30), NULL);

  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM appointments WHERE status = 'booked'"), 2);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM appointments WHERE cancel_reason = 'patient ill'"), 1);
}
END_TEST

START_TEST (test_working_hours)
{
  g_autofree char *evening = book_args (anong, lee, room1, AT (0, 17, 45), AT (0, 18, 15), NULL);
  g_autofree char *lunch = book_args (anong, lee, room1, AT (0, 11, 45), AT (0, 12, 15), NULL);
  g_autofree char *sunday = book_args (anong, lee, room1, AT (5, 10, 0), AT (5, 10, 30), NULL);
  g_autofree char *ana_wed = book_args (anong, ana, room1, AT (1, 10, 0), AT (1, 10, 30), NULL);
  g_autofree char *anyway = NULL;
  g_autoptr (AxAppointment) a = NULL;

  refused (FRONT_DESK, "appointment.book", evening, AX_MODEL_ERROR_OUTSIDE_HOURS,
           "Dr Lee does not work 17:45–18:15 on Tuesday 10 March (hours: 09:00–18:00");
  refused (FRONT_DESK, "appointment.book", lunch, AX_MODEL_ERROR_OUTSIDE_HOURS, "Book anyway");
  refused (FRONT_DESK, "appointment.book", sunday, AX_MODEL_ERROR_OUTSIDE_HOURS,
           "Dr Lee does not work on Sunday 15 March");
  refused (FRONT_DESK, "appointment.book", ana_wed, AX_MODEL_ERROR_OUTSIDE_HOURS, "Dr Ana Souza");

  /* A closed day (Songkran) for the whole clinic. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store),
                         "INSERT INTO closures (id, clinic_id, created_at, updated_at, date, reason) "
                         "SELECT 'c1', id, 0, 'h', '2026-03-12', 'Holiday' FROM clinics", NULL));
  {
    g_autofree char *holiday = book_args (anong, lee, room1, AT (2, 10, 0), AT (2, 10, 30), NULL);
    refused (FRONT_DESK, "appointment.book", holiday, AX_MODEL_ERROR_OUTSIDE_HOURS, "closed");
  }

  /* "Book anyway" books it, marked as outside hours. */
  anyway = book (FRONT_DESK, anong, lee, room1, AT (0, 17, 45), AT (0, 18, 15), ", \"book_anyway\": true");
  a = ax_appointments_get (ax_store_get_db (f.store), anyway, NULL);
  ck_assert (a->outside_hours);
}
END_TEST

START_TEST (test_overbook)
{
  g_autofree char *first = book (FRONT_DESK, anong, lee, room1, AT (0, 10, 0), AT (0, 10, 30), NULL);
  g_autofree char *by_provider = book_args (maria, lee, room2, AT (0, 10, 0), AT (0, 10, 30),
                                            ", \"overbook_reason\": \"VIP squeeze-in\"");
  g_autofree char *second = NULL;
  g_autoptr (AxAppointment) a = NULL;

  /* A provider may not overbook, even with a reason. */
  refused (PROVIDER, "appointment.book", by_provider, AX_MODEL_ERROR_FORBIDDEN, "overbook");
  second = book (FRONT_DESK, maria, lee, room2, AT (0, 10, 0), AT (0, 10, 30),
                 ", \"overbook_reason\": \"VIP squeeze-in\"");
  a = ax_appointments_get (ax_store_get_db (f.store), second, NULL);
  ck_assert_str_eq (a->overbook_reason, "VIP squeeze-in");
  /* The owner may too; a read-only user may not book at all. */
  g_free (book (OWNER, maria, lee, room2, AT (0, 10, 0), AT (0, 10, 30), ", \"overbook_reason\": \"x\""));
  {
    g_autofree char *ro = book_args (maria, lee, room2, AT (0, 15, 0), AT (0, 15, 30), NULL);
    refused (READ_ONLY, "appointment.book", ro, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  }
}
END_TEST

START_TEST (test_series)
{
  g_autofree char *blocker = book (FRONT_DESK, maria, lee, room2, AT (14, 10, 0), AT (14, 10, 30), NULL);
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"room_id\": \"%s\", "
                                           "\"start_at\": %" G_GINT64_FORMAT ", \"services\": [\"%s\"], "
                                           "\"every_weeks\": 1, \"times\": 4}",
                                           anong, lee, room1, AT (0, 10, 0), botox);
  g_autofree char *ok = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"room_id\": \"%s\", "
                                         "\"start_at\": %" G_GINT64_FORMAT ", \"services\": [\"%s\"], "
                                         "\"every_weeks\": 2, \"times\": 4}",
                                         anong, lee, room1, AT (0, 11, 0), botox);
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (GPtrArray) list = NULL;

  /* Week 3 clashes: nothing of the series is booked, and the message says which. */
  refused (FRONT_DESK, "appointment.book_series", args, AX_MODEL_ERROR_CLASH,
           "Session 3 of 4 (Tue 24 Mar 2026): Dr Lee already has Maria Lima 10:00–10:30");

  r = ax_fixture_mutate (&f, FRONT_DESK, "appointment.book_series", ok);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (json_node_get_object (r), "ids")), 4);
  list = ax_appointments_query (ax_store_get_db (f.store), AT (0, 0, 0), AT (60, 0, 0), NULL, NULL);
  ck_assert_uint_eq (list->len, 5);
  for (guint i = 0, k = 0; i < list->len; i++)
    {
      AxAppointment *a = list->pdata[i];
      if (a->series_id == NULL)
        continue;
      ck_assert_int_eq (a->start_ms, AT (14 * k, 11, 0));
      ck_assert_int_eq (a->end_ms, AT (14 * k, 11, 30));
      k++;
    }
}
END_TEST

START_TEST (test_move_resize_and_stale)
{
  g_autofree char *id = book (FRONT_DESK, anong, lee, room1, AT (0, 10, 0), AT (0, 10, 30), NULL);
  g_autofree char *other = book (FRONT_DESK, maria, ana, room2, AT (0, 14, 0), AT (0, 14, 30), NULL);
  g_autofree char *move = g_strdup_printf ("{\"id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %"
                                           G_GINT64_FORMAT ", \"provider_id\": \"%s\", \"from\": {\"start_at\": %"
                                           G_GINT64_FORMAT ", \"provider_id\": \"%s\"}}",
                                           id, AT (0, 11, 0), AT (0, 11, 30), ana, AT (0, 10, 0), lee);
  g_autofree char *resize = g_strdup_printf ("{\"id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %"
                                             G_GINT64_FORMAT ", \"from\": {\"end_at\": %" G_GINT64_FORMAT "}}",
                                             id, AT (0, 11, 0), AT (0, 11, 45), AT (0, 11, 30));
  g_autofree char *into_clash = g_strdup_printf ("{\"id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %"
                                                 G_GINT64_FORMAT ", \"room_id\": \"%s\"}",
                                                 id, AT (0, 14, 15), AT (0, 14, 45), room2);
  g_autoptr (JsonNode) r1 = ax_fixture_mutate (&f, FRONT_DESK, "appointment.move", move);
  g_autoptr (JsonNode) r2 = NULL;
  g_autoptr (AxAppointment) a = NULL;

  /* The same drag from a screen that had not seen the first move. */
  refused (FRONT_DESK, "appointment.move", move, AX_MODEL_ERROR_STALE, "11:00");
  r2 = ax_fixture_mutate (&f, FRONT_DESK, "appointment.move", resize);
  a = ax_appointments_get (ax_store_get_db (f.store), id, NULL);
  ck_assert_str_eq (a->provider_id, ana);
  ck_assert_str_eq (a->room_id, room1);
  ck_assert_int_eq (a->start_ms, AT (0, 11, 0));
  ck_assert_int_eq (a->end_ms, AT (0, 11, 45));
  refused (FRONT_DESK, "appointment.move", into_clash, AX_MODEL_ERROR_CLASH, "Dr Ana Souza already has Maria Lima");

  /* Undo of the resize brings back 11:30. */
  ck_assert (ax_store_undo (f.store, f.actors[FRONT_DESK],
                            json_object_get_int_member (json_node_get_object (r2), "mut_id"), NULL));
  g_clear_pointer (&a, ax_appointment_unref);
  a = ax_appointments_get (ax_store_get_db (f.store), id, NULL);
  ck_assert_int_eq (a->end_ms, AT (0, 11, 30));
  (void) other;
}
END_TEST

START_TEST (test_status_flow)
{
  g_autofree char *id = book (FRONT_DESK, anong, lee, room1, AT (0, 10, 0), AT (0, 10, 30), NULL);
  const char *steps[] = { "confirmed", "checked_in", "in_progress", "completed" };
  g_autoptr (GPtrArray) history = NULL;

  {
    g_autofree char *cancel = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"cancelled\"}", id);
    refused (FRONT_DESK, "appointment.set_status", cancel, AX_MODEL_ERROR_INVALID_ARGS, "reason");
  }
  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"%s\"}", id, steps[i]);
      g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "appointment.set_status", args);
    }
  {
    g_autofree char *back = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"booked\"}", id);
    g_autofree char *move = g_strdup_printf ("{\"id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %"
                                             G_GINT64_FORMAT "}", id, AT (0, 15, 0), AT (0, 15, 30));
    refused (FRONT_DESK, "appointment.set_status", back, AX_MODEL_ERROR_RULE,
             "A Completed appointment cannot become Booked");
    refused (FRONT_DESK, "appointment.move", move, AX_MODEL_ERROR_RULE, "can no longer be moved");
  }
  history = ax_appointments_history (ax_store_get_db (f.store), id, NULL);
  ck_assert_uint_eq (history->len, 5);
  ck_assert_int_eq (((AxAppointmentEvent *) history->pdata[4])->status, AX_APPT_COMPLETED);
  ck_assert_str_eq (((AxAppointmentEvent *) history->pdata[4])->user_name, "frontdesk user");
}
END_TEST

START_TEST (test_query_and_filter)
{
  g_autofree char *a = book (FRONT_DESK, anong, lee, room1, AT (0, 10, 0), AT (0, 10, 30), NULL);
  g_autofree char *b = book (FRONT_DESK, maria, ana, room2, AT (0, 10, 0), AT (0, 10, 30), NULL);
  g_autofree char *c = book (FRONT_DESK, maria, lee, room1, AT (1, 10, 0), AT (1, 10, 30), NULL);
  const char *only_ana[] = { ana, NULL };
  AxAppointmentFilter by_ana = { only_ana, NULL, 0 };
  AxAppointmentFilter booked_only = { NULL, NULL, 1u << AX_APPT_CONFIRMED };
  g_autoptr (GPtrArray) day = ax_appointments_query (ax_store_get_db (f.store), AT (0, 0, 0), AT (1, 0, 0), NULL, NULL);
  g_autoptr (GPtrArray) ana_day = ax_appointments_query (ax_store_get_db (f.store), AT (0, 0, 0), AT (1, 0, 0), &by_ana, NULL);
  g_autoptr (GPtrArray) none = ax_appointments_query (ax_store_get_db (f.store), AT (0, 0, 0), AT (7, 0, 0), &booked_only, NULL);
  /* An appointment running into the range is in it. */
  g_autoptr (GPtrArray) edge = ax_appointments_query (ax_store_get_db (f.store), AT (0, 10, 15), AT (0, 10, 20), NULL, NULL);
  g_autoptr (GPtrArray) providers = ax_schedule_list_providers (ax_store_get_db (f.store), NULL);
  g_autoptr (GPtrArray) rooms = ax_schedule_list_rooms (ax_store_get_db (f.store), NULL);

  ck_assert_uint_eq (day->len, 2);
  ck_assert_uint_eq (ana_day->len, 1);
  ck_assert_str_eq (((AxAppointment *) ana_day->pdata[0])->id, b);
  ck_assert_uint_eq (none->len, 0);
  ck_assert_uint_eq (edge->len, 2);
  ck_assert_uint_eq (providers->len, 2);
  ck_assert_uint_eq (rooms->len, 2);
  (void) a, (void) c;
}
END_TEST

START_TEST (test_find_slot)
{
  AxSlot slot = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  g_autofree char *z = NULL;

  /* Dr Lee is busy 10:30–12:00 today, lunch is 12:00–13:00, and both rooms
   * are taken 13:00–13:30: the first free 30 minutes with a room is 13:30. */
  x = book (FRONT_DESK, anong, lee, NULL, AT (0, 10, 30), AT (0, 12, 0), NULL);
  y = book (FRONT_DESK, maria, ana, room1, AT (0, 13, 0), AT (0, 13, 30), NULL);
  z = book (FRONT_DESK, maria, ana, room2, AT (0, 13, 0), AT (0, 13, 30), ", \"overbook_reason\": \"two rooms\"");
  ck_assert (ax_appointments_find_slot (f.store, botox, lee, AX_FIXTURE_NOW_MS, &slot, &error));
  ck_assert_int_eq (slot.start_ms, AT (0, 13, 30));
  ck_assert_int_eq (slot.end_ms, AT (0, 14, 0));
  ck_assert_str_eq (slot.provider_id, lee);
  ck_assert_ptr_nonnull (slot.room_id);
  ax_slot_clear (&slot);

  /* A consultation needs no room: 13:00 right after lunch. */
  ck_assert (ax_appointments_find_slot (f.store, consult, lee, AX_FIXTURE_NOW_MS, &slot, &error));
  ck_assert_int_eq (slot.start_ms, AT (0, 13, 0));
  ck_assert_ptr_null (slot.room_id);
  ax_slot_clear (&slot);

  /* After hours today, the next one is tomorrow at 09:00; Dr Ana is off on
   * Wednesdays, so asking for her gives Thursday. */
  ck_assert (ax_appointments_find_slot (f.store, botox, NULL, AT (0, 17, 50), &slot, &error));
  ck_assert_int_eq (slot.start_ms, AT (1, 9, 0));
  ax_slot_clear (&slot);
  ck_assert (ax_appointments_find_slot (f.store, botox, ana, AT (0, 17, 50), &slot, &error));
  ck_assert_int_eq (slot.start_ms, AT (2, 9, 0));
  ax_slot_clear (&slot);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("appointments", setup, teardown, test_book_with_services,
                      test_provider_and_room_overlap, test_cancelled_and_no_show_free_the_slot,
                      test_working_hours, test_overbook, test_series, test_move_resize_and_stale,
                      test_status_flow, test_query_and_filter, test_find_slot)
