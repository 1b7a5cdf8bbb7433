/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DESIGN.md §6's conflict policies for replayed mutations (as the clinic
 * server applies a push, or a desk's rebase re-runs one): the per-field
 * merge, bookings flagged needs_rebooking, and conflict.resolve with its
 * rules, permissions and bad input. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-conflicts.h"
#include "ax-hlc.h"
#include "ax-uuid.h"
#include "ax-mutator.h"

AX_FIXTURE_DEFINE

/* A stamp offset_ms from the fixture's now, from another node. */
static char *
stamp (gint64 offset_ms)
{
  AxHlc clock = { .wall_ms = AX_FIXTURE_NOW_MS + offset_ms, .logical = 0 };
  char text[AX_HLC_STRLEN];

  g_strlcpy (clock.node, "0123456789ab", sizeof clock.node);
  ax_hlc_format (&clock, text);
  return g_strdup (text);
}

/* Runs a mutation as the server runs a pushed one: in a batch transaction,
 * with the desk's stamp. Returns the result object (or fails the test). */
static JsonObject *
replay (AxRole      role,
        const char *name,
        const char *args,
        gint64      offset_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (args, &error);
  g_autofree char *hlc = stamp (offset_ms);
  g_autoptr (JsonNode) result = NULL;
  AxDb *db = ax_store_get_db (f.store);

  g_assert_no_error (error);
  ck_assert (ax_db_begin (db, NULL));
  result = ax_store_mutate_in_batch (f.store, f.actors[role], name, node, hlc, TRUE, NULL, &error);
  ck_assert_msg (result != NULL, "%s: %s", name, error ? error->message : "");
  ck_assert (ax_db_commit (db, NULL));
  return json_object_ref (json_node_get_object (result));
}

static char *
text_of (const char *sql,
         const char *arg)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store), sql, NULL);
  char *text = NULL;

  ck_assert_ptr_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

static void
assert_text (const char *sql,
             const char *arg,
             const char *want)
{
  g_autofree char *got = text_of (sql, arg);

  ck_assert_msg (g_strcmp0 (got, want) == 0, "%s: got “%s”, want “%s”", sql, got, want);
}

static void
refused (AxRole      role,
         const char *args,
         int         code,
         const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *before = ax_fixture_dump (&f, "conflicts");
  g_autofree char *after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], "conflict.resolve", args, &error);
  ck_assert_msg (r == NULL, "conflict.resolve %s was not refused", args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s: wrong error “%s” (%d)",
                 args, error->message, error->code);
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” does not mention “%s”", error->message, part);
  after = ax_fixture_dump (&f, "conflicts");
  ck_assert_str_eq (before, after);
}

static char *
open_conflict_id (void)
{
  return text_of ("SELECT id FROM conflicts WHERE status = 'open' AND ?1 IS NULL ORDER BY created_at LIMIT 1",
                  NULL);
}

/* Ganya, edited here to Kanya (phone too); a desk that still saw Ganya
 * pushes Ganyaa and another phone. */
static char *
edited_patient (void)
{
  g_autofree char *p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                             "{\"first_name\": \"Ganya\", \"phone\": \"081-000-0007\"}");
  g_autofree char *edit = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"first_name\": \"Kanya\", "
                                           "\"phone\": \"081-111-1111\"}, \"from\": {\"first_name\": "
                                           "\"Ganya\", \"phone\": \"081-000-0007\"}}", p);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "patient.update", edit);

  return g_steal_pointer (&p);
}

static char *
concurrent_edit (const char *p)
{
  return g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"first_name\": \"Ganyaa\", \"phone\": "
                          "\"081-222-2222\"}, \"from\": {\"first_name\": \"Ganya\", \"phone\": "
                          "\"081-000-0007\"}}", p);
}

START_TEST (test_field_merge_later_clock)
{
  g_autofree char *p = edited_patient ();
  g_autofree char *args = concurrent_edit (p);
  g_autoptr (JsonObject) r = replay (FRONT_DESK, "patient.update", args, 60000);
  g_autoptr (GPtrArray) open = NULL;
  AxConflict *c;

  /* The phone goes to the later stamp; the name keeps the stored value. */
  ck_assert (json_object_get_boolean_member (r, "merged"));
  assert_text ("SELECT phone FROM patients WHERE id = ?", p, "081-222-2222");
  assert_text ("SELECT first_name FROM patients WHERE id = ?", p, "Kanya");

  open = ax_conflicts_list_open (ax_store_get_db (f.store), NULL);
  ck_assert_uint_eq (open->len, 1);
  c = open->pdata[0];
  ck_assert_str_eq (c->kind, "field");
  ck_assert_str_eq (c->table_name, "patients");
  ck_assert_str_eq (c->row_id, p);
  ck_assert_str_eq (c->field, "first_name");
  ck_assert_str_eq (c->base_json, "\"Ganya\"");
  ck_assert_str_eq (c->mine_json, "\"Ganyaa\"");
  ck_assert_str_eq (c->theirs_json, "\"Kanya\"");
  ck_assert_str_eq (c->subject, "Kanya");
}
END_TEST

START_TEST (test_field_merge_earlier_clock)
{
  g_autofree char *p = edited_patient ();
  g_autofree char *args = concurrent_edit (p);
  g_autoptr (JsonObject) r = replay (FRONT_DESK, "patient.update", args, -60000);

  /* Made before the stored change: the stored phone stays too. */
  ck_assert (json_object_get_boolean_member (r, "merged"));
  assert_text ("SELECT phone FROM patients WHERE id = ?", p, "081-111-1111");
  assert_text ("SELECT first_name FROM patients WHERE id = ?", p, "Kanya");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts"), 1);
}
END_TEST

START_TEST (test_clean_replay_applies)
{
  g_autofree char *p = edited_patient ();
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"nickname\": \"Ann\"}, "
                                           "\"from\": {\"nickname\": null}}", p);
  g_autoptr (JsonObject) r = replay (FRONT_DESK, "patient.update", args, 0);

  ck_assert (!json_object_get_boolean_member_with_default (r, "merged", FALSE));
  assert_text ("SELECT nickname FROM patients WHERE id = ?", p, "Ann");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts"), 0);
}
END_TEST

START_TEST (test_desk_edit_still_refused)
{
  g_autofree char *p = edited_patient ();
  g_autofree char *args = concurrent_edit (p);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = ax_store_mutate_json (f.store, f.actors[FRONT_DESK], "patient.update", args, &error);

  /* A person editing now is told, not merged. */
  ck_assert_ptr_null (r);
  g_assert_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts"), 0);
}
END_TEST

START_TEST (test_resolve_field)
{
  g_autofree char *p = edited_patient ();
  g_autofree char *args = concurrent_edit (p);
  g_autoptr (JsonObject) r = replay (FRONT_DESK, "patient.update", args, 60000);
  g_autofree char *id = open_conflict_id ();
  g_autofree char *mine = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"mine\"}", id);
  g_autoptr (JsonNode) done = NULL;
  gint64 audits = ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'conflict.resolve'");

  refused (READ_ONLY, mine, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  refused (FRONT_DESK, "{\"id\": \"not-a-uuid\", \"keep\": \"mine\"}", AX_MODEL_ERROR_INVALID_ARGS, "id");
  {
    g_autofree char *both = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"both\"}", id);
    refused (FRONT_DESK, both, AX_MODEL_ERROR_INVALID_ARGS, "keep");
  }
  refused (FRONT_DESK, "{\"id\": \"01a1fcf6-0000-7000-8000-000000000000\", \"keep\": \"mine\"}",
           AX_MODEL_ERROR_NOT_FOUND, "no conflict");

  done = ax_fixture_mutate (&f, FRONT_DESK, "conflict.resolve", mine);
  assert_text ("SELECT first_name FROM patients WHERE id = ?", p, "Ganyaa");
  assert_text ("SELECT status || ' ' || resolution FROM conflicts WHERE id = ?", id, "resolved mine");
  assert_text ("SELECT resolved_by FROM conflicts WHERE id = ?", id,
               ax_actor_get_user_id (f.actors[FRONT_DESK]));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'conflict.resolve'"),
                    audits + 1);
  /* A new mutation, queued for the server like any other. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'conflict.resolve'"), 1);

  /* Once is enough (another desk may have resolved it). */
  refused (FRONT_DESK, mine, AX_MODEL_ERROR_STALE, "already been resolved");
}
END_TEST

START_TEST (test_resolve_refuses_forged_field)
{
  g_autofree char *p = edited_patient ();
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO conflicts (id, clinic_id, created_at, updated_at, kind, table_name, row_id, field, mine_json) "
    "VALUES ('01a1fcf6-0000-7000-8000-00000000000f', (SELECT id FROM clinics), 0, 'h', 'field', "
    "'patients', '%s', 'clinic_id', '\"elsewhere\"')", p);

  ck_assert (ax_db_exec (ax_store_get_db (f.store), sql, NULL));
  refused (FRONT_DESK, "{\"id\": \"01a1fcf6-0000-7000-8000-00000000000f\", \"keep\": \"mine\"}",
           AX_MODEL_ERROR_RULE, "cannot be resolved here");
  /* Keep theirs closes it without writing the record. */
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "conflict.resolve",
                                              "{\"id\": \"01a1fcf6-0000-7000-8000-00000000000f\", \"keep\": \"theirs\"}");
  assert_text ("SELECT clinic_id = (SELECT id FROM clinics) FROM patients WHERE id = ?", p, "1");
}
END_TEST

static char *provider;

static char *
booking_args (const char *patient,
              char        id[AX_UUID_STRLEN])
{
  ax_uuid_v7 (id);
  return g_strdup_printf ("{\"id\": \"%s\", \"patient_id\": \"%s\", \"provider_id\": \"%s\", "
                          "\"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT ", "
                          "\"book_anyway\": true}", id, patient, provider,
                          AX_FIXTURE_NOW_MS + 3600000, AX_FIXTURE_NOW_MS + 5400000);
}

/* Two desks booked Dr Lee at the same time offline; the second reaches the
 * server (replayed) after the first. */
static char *
clashing_booking (void)
{
  g_autofree char *p1 = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Hathai\"}");
  g_autofree char *p2 = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Itsara\"}");
  char first[AX_UUID_STRLEN], second[AX_UUID_STRLEN];
  g_autofree char *a1 = NULL, *a2 = NULL;
  g_autoptr (JsonNode) r1 = NULL;
  g_autoptr (JsonObject) r2 = NULL;

  g_free (provider);
  provider = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  a1 = booking_args (p1, first);
  r1 = ax_fixture_mutate (&f, FRONT_DESK, "appointment.book", a1);
  a2 = booking_args (p2, second);
  r2 = replay (FRONT_DESK, "appointment.book", a2, 0);
  ck_assert (json_object_get_boolean_member (r2, "needs_rebooking"));
  ck_assert (json_object_get_boolean_member (r2, "merged"));
  assert_text ("SELECT needs_rebooking FROM appointments WHERE id = ?", first, "0");
  assert_text ("SELECT needs_rebooking FROM appointments WHERE id = ?", second, "1");
  assert_text ("SELECT json_extract (theirs_json, '$.appointment_id') FROM conflicts WHERE row_id = ?",
               second, first);
  return g_strdup (second);
}

START_TEST (test_booking_clash_flagged)
{
  g_autofree char *second = clashing_booking ();
  g_autoptr (GPtrArray) open = ax_conflicts_list_open (ax_store_get_db (f.store), NULL);

  ck_assert_uint_eq (open->len, 1);
  ck_assert_str_eq (((AxConflict *) open->pdata[0])->kind, "booking");
  ck_assert_str_eq (((AxConflict *) open->pdata[0])->subject, "Itsara");
  ck_assert_int_eq (((AxConflict *) open->pdata[0])->start_at, AX_FIXTURE_NOW_MS + 3600000);
  /* Booked on another desk (replayed here, not in this desk's outbox). */
  ck_assert (!((AxConflict *) open->pdata[0])->booked_here);
  /* Booked by a person now, the same clash is refused as before. */
  {
    g_autofree char *p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Jin\"}");
    char id[AX_UUID_STRLEN];
    g_autofree char *args = booking_args (p, id);
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) r = ax_store_mutate_json (f.store, f.actors[FRONT_DESK], "appointment.book", args, &error);

    ck_assert_ptr_null (r);
    g_assert_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CLASH);
  }
}
END_TEST

START_TEST (test_resolve_booking)
{
  g_autofree char *second = clashing_booking ();
  g_autofree char *id = open_conflict_id ();
  g_autofree char *theirs = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"theirs\"}", id);
  g_autoptr (JsonNode) r = NULL;

  refused (BILLING, theirs, AX_MODEL_ERROR_FORBIDDEN, "");
  r = ax_fixture_mutate (&f, FRONT_DESK, "conflict.resolve", theirs);
  assert_text ("SELECT status || ' ' || needs_rebooking FROM appointments WHERE id = ?", second, "cancelled 0");
}
END_TEST

START_TEST (test_keep_booking)
{
  g_autofree char *second = clashing_booking ();
  g_autofree char *id = open_conflict_id ();
  g_autofree char *mine = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"mine\"}", id);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "conflict.resolve", mine);

  assert_text ("SELECT status || ' ' || needs_rebooking FROM appointments WHERE id = ?", second, "booked 0");
  assert_text ("SELECT overbook_reason IS NOT NULL FROM appointments WHERE id = ?", second, "1");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE status = 'open'"), 0);
}
END_TEST

/* Keep "edit": a third value, validated as the field is, checked against
 * the stored value the person saw, with keep mine's permission; audited;
 * one new mutation. */
START_TEST (test_resolve_edit)
{
  g_autofree char *p = edited_patient ();
  g_autofree char *args = concurrent_edit (p);
  g_autoptr (JsonObject) r = replay (FRONT_DESK, "patient.update", args, 60000);
  g_autofree char *id = open_conflict_id ();
  g_autofree char *edit = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": \" Kanyaa \", "
                                           "\"from\": \"Kanya\"}", id);
  g_autoptr (JsonNode) done = NULL;
  gint64 audits = ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'conflict.resolve'");
  gint64 outbox = ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox");

  /* Who may keep mine may edit; who may not, may not. */
  refused (READ_ONLY, edit, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  refused (BILLING, edit, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  /* Bad input: the value's type, a missing part, an empty name. */
  {
    g_autofree char *number = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": 42, "
                                               "\"from\": \"Kanya\"}", id);
    g_autofree char *no_from = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": \"K\"}", id);
    g_autofree char *with_mine = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"mine\", \"value\": \"K\", "
                                                  "\"from\": \"Kanya\"}", id);
    g_autofree char *empty = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": \"  \", "
                                              "\"from\": \"Kanya\"}", id);
    g_autofree char *too_long = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": \"%0101d\", "
                                                 "\"from\": \"Kanya\"}", id, 0);

    refused (FRONT_DESK, number, AX_MODEL_ERROR_INVALID_ARGS, "“value” must be text");
    refused (FRONT_DESK, no_from, AX_MODEL_ERROR_INVALID_ARGS, "from");
    refused (FRONT_DESK, with_mine, AX_MODEL_ERROR_INVALID_ARGS, "keep “edit” only");
    refused (FRONT_DESK, empty, AX_MODEL_ERROR_INVALID_ARGS, "must not be empty");
    refused (FRONT_DESK, too_long, AX_MODEL_ERROR_INVALID_ARGS, "longer than 100");
  }
  /* Stale: the stored value is not the one the person saw. */
  {
    g_autofree char *stale = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": \"Kanyaa\", "
                                              "\"from\": \"Ganya\"}", id);
    refused (FRONT_DESK, stale, AX_MODEL_ERROR_STALE, "changed by someone else");
  }
  assert_text ("SELECT first_name FROM patients WHERE id = ?", p, "Kanya");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox"), outbox);

  done = ax_fixture_mutate (&f, FRONT_DESK, "conflict.resolve", edit);
  assert_text ("SELECT first_name FROM patients WHERE id = ?", p, "Kanyaa");
  assert_text ("SELECT status || ' ' || resolution FROM conflicts WHERE id = ?", id, "resolved edit");
  assert_text ("SELECT json_extract (detail_json, '$.keep') FROM audit_log "
               " WHERE action = 'conflict.resolve' AND subject_id = ?", p, "edit");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'conflict.resolve'"),
                    audits + 1);
  /* One new mutation (the record's change is part of it). */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox"), outbox + 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'conflict.resolve'"), 1);
  refused (FRONT_DESK, edit, AX_MODEL_ERROR_STALE, "already been resolved");
}
END_TEST

/* A date of birth edited: it must be a real date, not in the future. */
START_TEST (test_resolve_edit_date)
{
  g_autofree char *p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                             "{\"first_name\": \"Lamai\", \"birth_date\": \"1990-04-25\"}");
  g_autofree char *mine = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"birth_date\": \"1990-05-25\"}, "
                                           "\"from\": {\"birth_date\": \"1990-04-25\"}}", p);
  g_autofree char *theirs = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"birth_date\": \"1990-04-26\"}, "
                                             "\"from\": {\"birth_date\": \"1990-04-25\"}}", p);
  g_autoptr (JsonNode) r1 = ax_fixture_mutate (&f, FRONT_DESK, "patient.update", mine);
  g_autoptr (JsonObject) r2 = replay (FRONT_DESK, "patient.update", theirs, 60000);
  g_autofree char *id = open_conflict_id ();
  const char *bad[] = { "1990-02-30", "25/04/1990", "2031-01-01" };
  const char *why[] = { "must be a date", "must be a date", "in the future" };
  g_autofree char *good = NULL;
  g_autoptr (JsonNode) done = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": \"%s\", "
                                               "\"from\": \"1990-05-25\"}", id, bad[i]);
      refused (FRONT_DESK, args, AX_MODEL_ERROR_INVALID_ARGS, why[i]);
    }
  /* An emptied date of birth is allowed (it is optional). */
  good = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": null, "
                          "\"from\": \"1990-05-25\"}", id);
  done = ax_fixture_mutate (&f, FRONT_DESK, "conflict.resolve", good);
  assert_text ("SELECT coalesce (birth_date, 'none') FROM patients WHERE id = ?", p, "none");
}
END_TEST

/* Edit applies to fields only; a booking is moved instead, and moving it
 * resolves its conflict. An unknown field is refused. */
START_TEST (test_resolve_edit_refusals)
{
  g_autofree char *second = clashing_booking ();
  g_autofree char *id = open_conflict_id ();
  g_autofree char *edit = g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"edit\", \"value\": \"x\", "
                                           "\"from\": null}", id);
  g_autofree char *move = NULL;
  g_autoptr (JsonNode) r = NULL;

  refused (FRONT_DESK, edit, AX_MODEL_ERROR_RULE, "Rebook");
  move = g_strdup_printf ("{\"id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT "}",
                          second, AX_FIXTURE_NOW_MS + 7200000, AX_FIXTURE_NOW_MS + 9000000);
  r = ax_fixture_mutate (&f, FRONT_DESK, "appointment.move", move);
  assert_text ("SELECT needs_rebooking FROM appointments WHERE id = ?", second, "0");
  assert_text ("SELECT status || ' ' || resolution FROM conflicts WHERE id = ?", id, "resolved moved");

  {
    g_autofree char *p = edited_patient ();
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO conflicts (id, clinic_id, created_at, updated_at, kind, table_name, row_id, field, mine_json) "
      "VALUES ('01a1fcf6-0000-7000-8000-00000000000e', (SELECT id FROM clinics), 0, 'h', 'field', "
      "'patients', '%s', 'no_such_field', '\"x\"')", p);

    ck_assert (ax_db_exec (ax_store_get_db (f.store), sql, NULL));
    refused (FRONT_DESK, "{\"id\": \"01a1fcf6-0000-7000-8000-00000000000e\", \"keep\": \"edit\", "
             "\"value\": \"x\", \"from\": null}", AX_MODEL_ERROR_RULE, "cannot be resolved here");
  }
}
END_TEST

AX_TEST_MAIN_FIXTURE ("conflicts", setup, teardown,
                      test_field_merge_later_clock, test_field_merge_earlier_clock,
                      test_clean_replay_applies, test_desk_edit_still_refused, test_resolve_field,
                      test_resolve_refuses_forged_field, test_booking_clash_flagged,
                      test_resolve_booking, test_keep_booking, test_resolve_edit,
                      test_resolve_edit_date, test_resolve_edit_refusals)
