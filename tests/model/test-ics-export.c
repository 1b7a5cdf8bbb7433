/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ics-sample.h"
#include "ax-ics.h"
#include "ax-ics-export.h"
#include "ax-uuid.h"

AX_FIXTURE_DEFINE

static IcsSample s;

static void
setup_sample (void)
{
  setup ();
  ics_sample_catalogue (&f, &s);
}

static void
teardown_sample (void)
{
  ics_sample_clear (&s);
  teardown ();
}

/* The week of Monday 9 March 2026 in Bangkok (the fixture's "now" is the Tuesday). */
static char *
export_week (const char *provider_id,
             gsize      *n_events)
{
  g_autoptr (GError) error = NULL;
  gint64 from, to;
  char *ics;

  ics_sample_range (&f, 2026, 3, 9, &from, &to);
  ics = ax_ics_export (ax_store_get_db (f.store), ax_store_get_timezone (f.store), "Asia/Bangkok",
                       provider_id, from, to, AX_FIXTURE_NOW_MS, n_events, &error);
  ck_assert_msg (ics != NULL, "%s", error ? error->message : "?");
  return ics;
}

/* The unfolded VEVENT of appointment n, or NULL when it is not there. */
static char *
event_of (const char *ics,
          const char *id)
{
  g_autofree char *unfolded = ax_ics_unfold (ics);
  g_autofree char *needle = g_strdup_printf ("UID:%s@aesthetix\r\n", id);
  const char *start = strstr (unfolded, needle);
  const char *end = start ? strstr (start, "END:VEVENT\r\n") : NULL;

  return end ? g_strndup (start, end - start) : NULL;
}

static void
assert_has (const char *text,
            const char *part)
{
  ck_assert_msg (strstr (text, part) != NULL, "“%s” is not in:\n%s", part, text);
}

static void
assert_lacks (const char *text,
              const char *part)
{
  ck_assert_msg (strstr (text, part) == NULL, "“%s” should not be in:\n%s", part, text);
}

/* CRLF everywhere and no line over 75 octets. */
static void
assert_wire_format (const char *ics)
{
  for (const char *p = ics; *p;)
    {
      const char *end = strstr (p, "\r\n");

      ck_assert_msg (end != NULL, "a line without CRLF");
      ck_assert_msg (memchr (p, '\n', end - p) == NULL, "a bare LF");
      ck_assert_msg (end - p <= 75, "a line of %d octets", (int) (end - p));
      ck_assert (g_utf8_validate (p, end - p, NULL));
      p = end + 2;
    }
}

START_TEST (test_export_week)
{
  gsize n = 0;
  g_autofree char *ics = NULL;
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL;
  g_autofree char *e5 = NULL, *e6 = NULL, *e7 = NULL, *e8 = NULL;

  ics_sample_week (&f, &s, 2026, 3, 9);
  ics = export_week (NULL, &n);
  assert_wire_format (ics);

  /* Every state, and the appointment across Monday midnight; not those
   * wholly outside the week. */
  ck_assert_uint_eq (n, 6);
  e1 = event_of (ics, ICS_SAMPLE_ID (1));
  e2 = event_of (ics, ICS_SAMPLE_ID (2));
  e3 = event_of (ics, ICS_SAMPLE_ID (3));
  e4 = event_of (ics, ICS_SAMPLE_ID (4));
  e5 = event_of (ics, ICS_SAMPLE_ID (5));
  e6 = event_of (ics, ICS_SAMPLE_ID (6));
  e7 = event_of (ics, ICS_SAMPLE_ID (7));
  e8 = event_of (ics, ICS_SAMPLE_ID (8));
  ck_assert_ptr_nonnull (e1);
  ck_assert_ptr_nonnull (e2);
  ck_assert_ptr_nonnull (e3);
  ck_assert_ptr_nonnull (e4);
  ck_assert_ptr_null (e5);
  ck_assert_ptr_nonnull (e6);
  ck_assert_ptr_nonnull (e7);
  ck_assert_ptr_null (e8);

  assert_has (ics, "BEGIN:VCALENDAR\r\nPRODID:-//Aesthetix//Aesthetix 0.1//EN\r\nVERSION:2.0\r\n"
                   "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Lotus Test Clinic\r\n"
                   "BEGIN:VTIMEZONE\r\nTZID:Asia/Bangkok\r\n");
  ck_assert (g_str_has_suffix (ics, "END:VEVENT\r\nEND:VCALENDAR\r\n"));

  /* Appointment 1: times, texts and escaping. */
  assert_has (e1, "DTSTAMP:20260310T033000Z\r\n");
  assert_has (e1, "DTSTART;TZID=Asia/Bangkok:20260310T100000\r\n");
  assert_has (e1, "DTEND;TZID=Asia/Bangkok:20260310T103000\r\n");
  assert_has (e1, "SUMMARY:Anong Srisuk — Botox forehead\r\n");
  assert_has (e1, "DESCRIPTION:Services: Botox forehead\\nProvider: Dr Lee\\nStatus: Confirmed\\n"
                  "Notes: Prefers the left side\\; allergic to lidocaine\\, mild\\nC:\\\\notes\r\n");
  assert_has (e1, "LOCATION:Room 2\r\n");
  assert_has (e1, "STATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\n");
  assert_has (e1, "CATEGORIES:Injectables\r\n");
  assert_has (e1, "X-AESTHETIX-STATUS:confirmed\r\n");

  /* 2: a no-show is cancelled, with a note; two services, two categories. */
  assert_has (e2, "SUMMARY:สมชาย ใจดี — Laser hair removal\\, underarms\\, Botox forehead\r\n");
  assert_has (e2, "DESCRIPTION:No-show: the patient did not come.\\nServices: Laser hair removal\\, "
                  "underarms\\, Botox forehead\\nProvider: Dr Lee\\nStatus: No-show\\nNotes: "
                  ICS_SAMPLE_NOTES_2 "\r\n");
  assert_has (e2, "STATUS:CANCELLED\r\nTRANSP:TRANSPARENT\r\n");
  assert_has (e2, "CATEGORIES:Lasers,Injectables\r\n");
  assert_has (e2, "X-AESTHETIX-STATUS:no_show\r\n");

  assert_has (e3, "STATUS:TENTATIVE\r\n");
  assert_has (e3, "X-AESTHETIX-STATUS:booked\r\n");
  assert_has (e3, "DESCRIPTION:Services: Chemical peel\\nProvider: Dr Ana Costa\\nStatus: Booked\r\n");

  /* 4: cancelled, with its reason, and without a room: no LOCATION. */
  assert_has (e4, "DESCRIPTION:Services: Consultation\\nProvider: Dr Ana Costa\\nStatus: Cancelled\\n"
                  "Reason for cancelling: Patient is travelling\\; will call back\r\n");
  assert_has (e4, "STATUS:CANCELLED\r\nTRANSP:TRANSPARENT\r\n");
  assert_has (e4, "X-AESTHETIX-STATUS:cancelled\r\n");
  assert_lacks (e4, "LOCATION");

  /* 6 began on the Sunday before. */
  assert_has (e6, "DTSTART;TZID=Asia/Bangkok:20260308T233000\r\n");
  assert_has (e6, "DTEND;TZID=Asia/Bangkok:20260309T003000\r\n");
  assert_has (e6, "STATUS:CONFIRMED\r\n");
  assert_has (e6, "X-AESTHETIX-STATUS:completed\r\n");
  assert_has (e7, "STATUS:CONFIRMED\r\n");
  assert_has (e7, "X-AESTHETIX-STATUS:checked_in\r\n");

  /* In order of start. */
  ck_assert (strstr (ics, ICS_SAMPLE_ID (6)) < strstr (ics, ICS_SAMPLE_ID (1)));
  ck_assert (strstr (ics, ICS_SAMPLE_ID (1)) < strstr (ics, ICS_SAMPLE_ID (2)));
  ck_assert (strstr (ics, ICS_SAMPLE_ID (4)) < strstr (ics, ICS_SAMPLE_ID (7)));
}
END_TEST

START_TEST (test_provider_filter)
{
  gsize n_lee = 0, n_ana = 0;
  g_autofree char *lee = NULL;
  g_autofree char *ana = NULL;

  ics_sample_week (&f, &s, 2026, 3, 9);
  lee = export_week (s.lee, &n_lee);
  ana = export_week (s.ana, &n_ana);

  ck_assert_uint_eq (n_lee, 3);
  ck_assert_uint_eq (n_ana, 3);
  assert_has (lee, "X-WR-CALNAME:Lotus Test Clinic — Dr Lee\r\n");
  assert_has (ana, "X-WR-CALNAME:Lotus Test Clinic — Dr Ana Costa\r\n");
  for (int i = 1; i <= 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("019cd5a0-000%d-7000-8000-00000000000%d", i, i);
      g_autofree char *in_lee = event_of (lee, id);
      g_autofree char *in_ana = event_of (ana, id);

      ck_assert_msg ((in_lee != NULL) == (i == 1 || i == 2 || i == 6), "Dr Lee and %d", i);
      ck_assert_msg ((in_ana != NULL) == (i == 3 || i == 4 || i == 7), "Dr Ana and %d", i);
    }
  assert_lacks (lee, "Dr Ana Costa");
}
END_TEST

START_TEST (test_empty_range)
{
  gsize n = 99;
  g_autofree char *ics = export_week (NULL, &n);

  ck_assert_uint_eq (n, 0);
  assert_wire_format (ics);
  assert_has (ics, "END:VTIMEZONE\r\nEND:VCALENDAR\r\n");
  assert_lacks (ics, "VEVENT");
}
END_TEST

static JsonObject *
last_audit (const char *action,
            char      **user_id,
            char      **subject_id)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store),
                                      "SELECT detail_json, user_id, subject_id FROM audit_log "
                                      "WHERE action = ? ORDER BY seq DESC LIMIT 1", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *detail;

  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  ck_assert (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1,
                                         NULL));
  *user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  *subject_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);
  detail = json_node_dup_object (json_parser_get_root (parser));
  return detail;
}

START_TEST (test_export_is_audited)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) everyone = NULL;
  g_autoptr (JsonObject) lee = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *ics_lee = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *user = NULL, *subject = NULL, *user2 = NULL, *subject2 = NULL;
  gint64 from, to, audits;
  gsize n = 0;

  ics_sample_week (&f, &s, 2026, 3, 9);
  ics_sample_range (&f, 2026, 3, 9, &from, &to);
  audits = ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log");

  /* Front desk exports everyone's week. */
  ics = ax_ics_export_audited (f.store, f.actors[FRONT_DESK], NULL, from, to, &n, &error);
  ck_assert_msg (ics != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (n, 6);
  plain = export_week (NULL, NULL);
  ck_assert_str_eq (ics, plain);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log"), audits + 1);
  everyone = last_audit ("export.ics", &user, &subject);
  ck_assert_str_eq (user, ax_actor_get_user_id (f.actors[FRONT_DESK]));
  ck_assert_ptr_null (subject);
  ck_assert (json_object_get_null_member (everyone, "provider"));
  ck_assert_int_eq (json_object_get_int_member (everyone, "from"), from);
  ck_assert_int_eq (json_object_get_int_member (everyone, "to"), to);
  ck_assert_int_eq (json_object_get_int_member (everyone, "events"), 6);
  ck_assert_uint_eq (json_object_get_size (everyone), 4);
  /* The export is in the outbox like any mutation, without the calendar. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'export.ics' "
                                          "AND args_json NOT LIKE '%VCALENDAR%'"), 1);

  /* Even a read-only user may export one provider's week, audited as theirs. */
  ics_lee = ax_ics_export_audited (f.store, f.actors[READ_ONLY], s.lee, from, to, &n, &error);
  ck_assert_msg (ics_lee != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (n, 3);
  lee = last_audit ("export.ics", &user2, &subject2);
  ck_assert_str_eq (user2, ax_actor_get_user_id (f.actors[READ_ONLY]));
  ck_assert_str_eq (subject2, s.lee);
  ck_assert_str_eq (json_object_get_string_member (lee, "provider"), s.lee);
  ck_assert_int_eq (json_object_get_int_member (lee, "events"), 3);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log"), audits + 2);
}
END_TEST

START_TEST (test_export_refusals)
{
  gint64 from, to, audits;
  g_autofree char *missing = NULL;

  ics_sample_range (&f, 2026, 3, 9, &from, &to);
  audits = ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log");

  {
    g_autoptr (GError) error = NULL;
    g_autofree char *ics = ax_ics_export_audited (f.store, f.actors[OWNER], NULL, to, from, NULL,
                                                  &error);

    ck_assert_ptr_null (ics);
    ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS));
    assert_has (error->message, "end after it starts");
  }
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *ics = NULL;

    missing = ax_uuid_v7_new ();
    ics = ax_ics_export_audited (f.store, f.actors[OWNER], missing, from, to, NULL, &error);
    ck_assert_ptr_null (ics);
    ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND));
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) r = ax_store_mutate_json (f.store, f.actors[OWNER], "export.ics",
                                                   "{\"from\": \"monday\", \"to\": 1}", &error);

    ck_assert_ptr_null (r);
    ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS));
  }
  /* Nothing audited, nothing queued. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log"), audits);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'export.ics'"), 0);
}
END_TEST

START_TEST (test_find_provider)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *lee = ax_ics_export_find_provider (ax_store_get_db (f.store), " dr LEE ", NULL);
  g_autofree char *by_id = ax_ics_export_find_provider (ax_store_get_db (f.store), s.ana, NULL);
  g_autofree char *nobody = ax_ics_export_find_provider (ax_store_get_db (f.store), "Dr Nobody",
                                                         &error);

  ck_assert_str_eq (lee, s.lee);
  ck_assert_str_eq (by_id, s.ana);
  ck_assert_ptr_null (nobody);
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND));
  ck_assert_str_eq (error->message,
                    "There is no provider called “Dr Nobody”; providers are: Dr Ana Costa, Dr Lee");
}
END_TEST

START_TEST (test_london_across_summer_time)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *e1 = NULL, *e6 = NULL, *e7 = NULL;
  gint64 from, to;
  gsize n = 0;

  /* A clinic in London, the week summer time begins (Sunday 29 March 2026). */
  ics_sample_set_zone (&f, "Europe/London");
  ics_sample_week (&f, &s, 2026, 3, 23);
  ics_sample_range (&f, 2026, 3, 23, &from, &to);
  ics = ax_ics_export_audited (f.store, f.actors[FRONT_DESK], NULL, from, to, &n, &error);
  ck_assert_msg (ics != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (n, 6);
  assert_wire_format (ics);

  assert_has (ics, "TZID:Europe/London\r\n"
                   "BEGIN:STANDARD\r\nDTSTART:20251026T020000\r\nTZOFFSETFROM:+0100\r\n"
                   "TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD\r\n"
                   "BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\n"
                   "TZOFFSETTO:+0100\r\nTZNAME:BST\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n");
  e1 = event_of (ics, ICS_SAMPLE_ID (1));
  e6 = event_of (ics, ICS_SAMPLE_ID (6));
  e7 = event_of (ics, ICS_SAMPLE_ID (7));
  /* Local wall-clock times on both sides of the change. */
  assert_has (e1, "DTSTART;TZID=Europe/London:20260324T100000\r\n");
  assert_has (e6, "DTSTART;TZID=Europe/London:20260322T233000\r\n");
  assert_has (e7, "DTSTART;TZID=Europe/London:20260329T140000\r\n");
  assert_has (e7, "DTEND;TZID=Europe/London:20260329T150000\r\n");
  /* The stamp stays in UTC. */
  assert_has (e7, "DTSTAMP:20260310T033000Z\r\n");
}
END_TEST

AX_TEST_MAIN_FIXTURE ("ics-export", setup_sample, teardown_sample, test_export_week,
                      test_provider_filter, test_empty_range, test_export_is_audited,
                      test_export_refusals, test_find_provider, test_london_across_summer_time)
