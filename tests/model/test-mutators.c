/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-fixture.h"
#include "ax-mutator.h"

#include <string.h>

AX_FIXTURE_DEFINE

#define ALL_ROWS "(SELECT COUNT (*) FROM patients) + (SELECT COUNT (*) FROM allergies) " \
                 "+ (SELECT COUNT (*) FROM outbox) + (SELECT COUNT (*) FROM outbox_effect) " \
                 "+ (SELECT COUNT (*) FROM audit_log) + (SELECT COUNT (*) FROM number_series) " \
                 "+ (SELECT COUNT (*) FROM rooms) + (SELECT COUNT (*) FROM users)"

static void
assert_refused (AxRole      role,
                const char *name,
                const char *args,
                GQuark      domain,
                int         code,
                const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *rows_sql = g_strconcat ("SELECT ", ALL_ROWS, NULL);
  gint64 before = ax_fixture_count (&f, rows_sql);
  g_autofree char *patients_before = ax_fixture_dump (&f, "patients");
  g_autofree char *patients_after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, domain, code), "%s: wrong error %s (%d)", name,
                 error->message, error->code);
  ck_assert_msg (strstr (error->message, message_part) != NULL,
                 "“%s” does not mention “%s”", error->message, message_part);
  /* Nothing written: no row, no outbox entry, no audit entry, no number. */
  ck_assert_int_eq (ax_fixture_count (&f, rows_sql), before);
  patients_after = ax_fixture_dump (&f, "patients");
  ck_assert_str_eq (patients_before, patients_after);
}

START_TEST (test_create_writes_row_outbox_and_changeset)
{
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "patient.create",
                                              "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", "
                                              "\"phone\": \"081-000-0101\", \"birth_date\": \"1990-04-25\", "
                                              "\"allergies\": [\"Lidocaine\", \" \"]}");
  JsonObject *o = json_node_get_object (r);
  sqlite3_stmt *stmt;
  sqlite3_changeset_iter *iter;
  int n_inserts = 0;
  gboolean saw_patient = FALSE, saw_allergy = FALSE;

  ck_assert_str_eq (json_object_get_string_member (o, "patient_number"), "LOT-D1-2026-000001");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patients WHERE first_name = 'Anong' "
                                          "AND phone = '081-000-0101' AND version = 0 "
                                          "AND deleted_at IS NULL AND clinic_id IS NOT NULL"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM allergies"), 1);

  /* The outbox keeps the prepared arguments (id and number filled in)… */
  stmt = ax_db_prepare (ax_store_get_db (f.store),
                        "SELECT o.name, o.args_json, o.state, e.changeset FROM outbox o "
                        "JOIN outbox_effect e USING (mut_id) WHERE o.mut_id = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, json_object_get_int_member (o, "mut_id"));
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  ck_assert_str_eq ((const char *) sqlite3_column_text (stmt, 0), "patient.create");
  ck_assert_str_eq ((const char *) sqlite3_column_text (stmt, 2), "pending");
  ck_assert (strstr ((const char *) sqlite3_column_text (stmt, 1), "LOT-D1-2026-000001") != NULL);
  ck_assert (strstr ((const char *) sqlite3_column_text (stmt, 1),
                     json_object_get_string_member (o, "id")) != NULL);

  /* …and the changeset holds exactly the rows written. */
  ck_assert_int_eq (sqlite3changeset_start (&iter, sqlite3_column_bytes (stmt, 3),
                                            (void *) sqlite3_column_blob (stmt, 3)), SQLITE_OK);
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int ncol, op, indirect;

      sqlite3changeset_op (iter, &table, &ncol, &op, &indirect);
      ck_assert_msg (strcmp (table, "outbox") != 0 && strcmp (table, "audit_log") != 0
                     && strcmp (table, "sync_state") != 0, "%s captured", table);
      if (op == SQLITE_INSERT)
        n_inserts++;
      saw_patient |= strcmp (table, "patients") == 0;
      saw_allergy |= strcmp (table, "allergies") == 0;
    }
  sqlite3changeset_finalize (iter);
  sqlite3_reset (stmt);
  ck_assert (saw_patient && saw_allergy);
  ck_assert_int_ge (n_inserts, 3); /* patient, allergy, series (+ device on first use) */
}
END_TEST

START_TEST (test_failing_mutator_writes_nothing)
{
  /* Fails in run(), after prepare() has taken a patient number. */
  assert_refused (FRONT_DESK, "patient.create",
                  "{\"first_name\": \"Future\", \"birth_date\": \"2099-01-01\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS, "future");
  /* The number was not used up: the next patient still gets 000001. */
  {
    g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "patient.create",
                                                "{\"first_name\": \"Next\"}");
    ck_assert_str_eq (json_object_get_string_member (json_node_get_object (r), "patient_number"),
                      "LOT-D1-2026-000001");
  }
  /* A reference to a record that does not exist. */
  assert_refused (OWNER, "user.create",
                  "{\"username\": \"x\", \"display_name\": \"X\", \"role\": \"provider\", "
                  "\"password\": \"secret\", \"provider_id\": \"01890000-0000-7000-8000-000000000000\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND, "provider");
  assert_refused (OWNER, "user.create",
                  "{\"username\": \"owner\", \"display_name\": \"Twin\", \"role\": \"owner\", "
                  "\"password\": \"secret\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_DUPLICATE, "already a user called");
}
END_TEST

START_TEST (test_forbidden_mutator_writes_nothing)
{
  assert_refused (FRONT_DESK, "user.create",
                  "{\"username\": \"eve\", \"display_name\": \"Eve\", \"role\": \"owner\", "
                  "\"password\": \"secret\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN, "not allowed to manage users");
  assert_refused (DIRECTOR, "patient.create", "{\"first_name\": \"X\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN, "Medical Director");
  assert_refused (READ_ONLY, "room.create", "{\"name\": \"Room 9\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (BILLING, "service.create", "{\"name\": \"Botox\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  /* Someone else's password needs an owner. */
  {
    g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"password\": \"hijack\"}",
                                             ax_actor_get_user_id (f.actors[OWNER]));
    assert_refused (FRONT_DESK, "user.set_password", args,
                    AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN, "owner");
  }
}
END_TEST

START_TEST (test_bad_arguments_rejected)
{
  static const struct { const char *name, *args, *msg; } cases[] = {
    { "patient.create", "{not json", "not valid JSON" },
    { "patient.create", "[1, 2]", "must be a JSON object" },
    { "patient.create", "{}", "“first_name” is required" },
    { "patient.create", "{\"first_name\": \"  \"}", "must not be empty" },
    { "patient.create", "{\"first_name\": 42}", "“first_name” must be text" },
    { "patient.create", "{\"first_name\": \"A\", \"fist_name\": \"B\"}", "no field “fist_name”" },
    { "patient.create", "{\"first_name\": \"A\", \"birth_date\": \"25/04/1990\"}", "date like 1990-04-25" },
    { "patient.create", "{\"first_name\": \"A\", \"birth_date\": \"1990-02-30\"}", "date like" },
    { "patient.create", "{\"first_name\": \"A\", \"sex\": \"robot\"}", "must be one of" },
    { "patient.create", "{\"first_name\": \"A\", \"phone\": \"call me\"}", "phone number" },
    { "patient.create", "{\"first_name\": \"A\", \"email\": \"a@b\"}", "e-mail address" },
    { "patient.create", "{\"first_name\": \"A\", \"allergies\": \"Latex\"}", "must be a list" },
    { "patient.create", "{\"first_name\": \"A\\nB\"}", "single line" },
    { "service.create", "{\"name\": \"X\", \"price\": 10.5}", "whole number of minor units" },
    { "service.create", "{\"name\": \"X\", \"price\": -100}", "must not be negative" },
    { "service.create", "{\"name\": \"X\", \"duration_min\": 1}", "between 5 and 720" },
    { "room.update", "{\"id\": \"nope\", \"set\": {\"name\": \"A\"}}", "“id” must be the id" },
    { "room.update", "{\"id\": \"01890000-0000-7000-8000-000000000000\"}", "“set” must be" },
    { "room.update", "{\"id\": \"01890000-0000-7000-8000-000000000000\", \"set\": {\"name\": \"A\"}, "
                     "\"from\": {\"kind\": \"x\"}}", "which “set” does not change" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (OWNER, cases[i].name, cases[i].args, AX_MODEL_ERROR,
                    AX_MODEL_ERROR_INVALID_ARGS, cases[i].msg);
  assert_refused (OWNER, "patient.explode", "{}", AX_MODEL_ERROR, AX_MODEL_ERROR_UNKNOWN,
                  "no action called “patient.explode”");
  assert_refused (OWNER, "room.update",
                  "{\"id\": \"01890000-0000-7000-8000-000000000000\", \"set\": {\"name\": \"A\"}}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND, "no record");
}
END_TEST

START_TEST (test_undo_restores_exact_rows)
{
  g_autofree char *id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                              "{\"first_name\": \"Maria\", \"last_name\": \"Souza\", "
                                              "\"phone\": \"+55 11 98765-4321\"}");
  g_autofree char *patients_before = ax_fixture_dump (&f, "patients");
  g_autofree char *series_before = ax_fixture_dump (&f, "number_series");
  g_autofree char *allergies_before = ax_fixture_dump (&f, "allergies");
  g_autofree char *upd = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"phone\": \"0899999999\", "
                                          "\"notes\": \"VIP\"}, \"from\": {\"phone\": \"+55 11 98765-4321\"}}",
                                          id);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "patient.update", upd);
  g_autoptr (JsonNode) r2 = ax_fixture_mutate (&f, FRONT_DESK, "patient.create",
                                               "{\"first_name\": \"Second\", \"allergies\": [\"Latex\"]}");
  g_autoptr (GError) error = NULL;
  g_autofree char *after = NULL;
  gint64 outbox = ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox");

  /* Undo the newest (the second patient, its allergy and its number)… */
  ck_assert (ax_store_undo (f.store, f.actors[FRONT_DESK],
                            json_object_get_int_member (json_node_get_object (r2), "mut_id"), &error));
  /* …then the update. */
  ck_assert (ax_store_undo (f.store, f.actors[FRONT_DESK],
                            json_object_get_int_member (json_node_get_object (r), "mut_id"), &error));
  after = ax_fixture_dump (&f, "patients");
  ck_assert_str_eq (after, patients_before);
  g_free (after);
  after = ax_fixture_dump (&f, "number_series");
  ck_assert_str_eq (after, series_before);
  g_free (after);
  after = ax_fixture_dump (&f, "allergies");
  ck_assert_str_eq (after, allergies_before);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox"), outbox - 2);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'mutation.undo'"), 2);
  /* Undone twice is refused. */
  ck_assert (!ax_store_undo (f.store, f.actors[FRONT_DESK],
                             json_object_get_int_member (json_node_get_object (r), "mut_id"), &error));
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_UNDOABLE));
}
END_TEST

START_TEST (test_undo_refused_when_rows_changed_since)
{
  g_autofree char *id = ax_fixture_mutate_id (&f, OWNER, "room.create", "{\"name\": \"Room 1\"}");
  g_autofree char *u1 = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"name\": \"Room A\"}}", id);
  g_autofree char *u2 = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"name\": \"Room B\"}}", id);
  g_autoptr (JsonNode) r1 = ax_fixture_mutate (&f, OWNER, "room.update", u1);
  g_autoptr (JsonNode) r2 = ax_fixture_mutate (&f, OWNER, "room.update", u2);
  g_autoptr (GError) error = NULL;
  g_autofree char *rooms_before = ax_fixture_dump (&f, "rooms");
  g_autofree char *rooms_after = NULL;

  ck_assert (!ax_store_undo (f.store, f.actors[OWNER],
                             json_object_get_int_member (json_node_get_object (r1), "mut_id"), &error));
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_UNDOABLE));
  ck_assert (strstr (error->message, "undo the later changes first") != NULL);
  rooms_after = ax_fixture_dump (&f, "rooms");
  ck_assert_str_eq (rooms_before, rooms_after);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'room.update'"), 2);

  /* Someone else's change is theirs to undo (or the owner's). */
  g_clear_error (&error);
  ck_assert (!ax_store_undo (f.store, f.actors[FRONT_DESK],
                             json_object_get_int_member (json_node_get_object (r2), "mut_id"), &error));
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN));

  /* A change already sent to the server can't be undone. */
  g_clear_error (&error);
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE outbox SET state = 'sent'", NULL));
  ck_assert (!ax_store_undo (f.store, f.actors[OWNER],
                             json_object_get_int_member (json_node_get_object (r2), "mut_id"), &error));
  ck_assert (strstr (error->message, "already been sent") != NULL);
}
END_TEST

START_TEST (test_update_checks_from_values)
{
  g_autofree char *id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                              "{\"first_name\": \"Kanya\", \"phone\": \"0811111111\"}");
  g_autofree char *ok = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"phone\": \"0822222222\"}, "
                                         "\"from\": {\"phone\": \"0811111111\"}}", id);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "patient.update", ok);

  /* The same edit from a screen that still shows the old number. */
  assert_refused (FRONT_DESK, "patient.update", ok, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE,
                  "0822222222");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patients WHERE phone = '0822222222'"), 1);
}
END_TEST

START_TEST (test_password_never_stored_in_clear)
{
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, OWNER, "user.create",
                                              "{\"username\": \"nurse.joy\", \"display_name\": \"Nurse Joy\", "
                                              "\"role\": \"provider\", \"password\": \"s3cret-pass\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (AxActor) joy = NULL;

  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE args_json LIKE '%s3cret%'"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE args_json LIKE '%nurse.joy%$argon2id$%'"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM users WHERE password_hash LIKE '$argon2id$%' "
                                          "AND username = 'nurse.joy'"), 1);
  joy = ax_auth_login (f.store, "nurse.joy", "s3cret-pass", &error);
  ck_assert_msg (joy != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (ax_actor_get_role (joy), AX_ROLE_PROVIDER);
  assert_refused (OWNER, "user.create",
                  "{\"username\": \"short\", \"display_name\": \"S\", \"role\": \"provider\", \"password\": \"abc\"}",
                  AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS, "at least 4 characters");
}
END_TEST

START_TEST (test_last_owner_kept)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"role\": \"billing\"}}",
                                           ax_actor_get_user_id (f.actors[OWNER]));
  assert_refused (OWNER, "user.update", args, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE, "at least one active owner");
}
END_TEST

START_TEST (test_catalogue)
{
  g_autofree char *cat = ax_fixture_mutate_id (&f, OWNER, "service_category.create",
                                               "{\"name\": \"Injectables\", \"kind\": \"treatment\"}");
  g_autofree char *svc = g_strdup_printf ("{\"name\": \"Botox forehead\", \"category_id\": \"%s\", "
                                          "\"duration_min\": 30, \"price\": 850000, \"tax_class\": \"standard\"}", cat);
  g_autofree char *sid = ax_fixture_mutate_id (&f, OWNER, "service.create", svc);
  g_autofree char *pid = ax_fixture_mutate_id (&f, OWNER, "provider.create",
                                               "{\"name\": \"Dr Lee\", \"title\": \"Dr\", \"color\": \"#e01b24\"}");
  g_autofree char *hours = g_strdup_printf ("{\"provider_id\": \"%s\", \"weekday\": 1, "
                                            "\"start_min\": 540, \"end_min\": 1080}", pid);
  g_autofree char *bad_hours = g_strdup_printf ("{\"provider_id\": \"%s\", \"weekday\": 1, "
                                                "\"start_min\": 600, \"end_min\": 540}", pid);
  g_autoptr (JsonNode) h = ax_fixture_mutate (&f, OWNER, "working_hours.add", hours);

  ck_assert_int_eq (ax_fixture_count (&f, "SELECT price FROM services WHERE name = 'Botox forehead'"), 850000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM working_hours WHERE weekday = 1"), 1);
  {
    g_autofree char *remove = g_strdup_printf ("{\"id\": \"%s\"}",
                                               json_object_get_string_member (json_node_get_object (h), "id"));
    g_autoptr (JsonNode) gone = ax_fixture_mutate (&f, OWNER, "working_hours.remove", remove);

    /* Soft-deleted (kept, marked), and a second removal finds nothing. */
    ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM working_hours WHERE weekday = 1 "
                                            "AND deleted_at IS NOT NULL"), 1);
    assert_refused (OWNER, "working_hours.remove", remove, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                    "working-hours entry");
  }
  assert_refused (OWNER, "working_hours.add", bad_hours, AX_MODEL_ERROR,
                  AX_MODEL_ERROR_INVALID_ARGS, "end must be after the start");
  ck_assert_ptr_nonnull (sid);
  {
    g_autofree char *rid = ax_fixture_mutate_id (&f, OWNER, "room.create", "{\"name\": \"Laser Suite\"}");
    g_autofree char *off = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"active\": false}}", rid);
    g_autoptr (JsonNode) r = ax_fixture_mutate (&f, OWNER, "room.update", off);
    ck_assert_int_eq (ax_fixture_count (&f, "SELECT active FROM rooms WHERE name = 'Laser Suite'"), 0);
  }
}
END_TEST

START_TEST (test_callers_arguments_untouched)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonNode *args;

  ck_assert (json_parser_load_from_data (parser, "{\"first_name\": \"Reuse\", "
                                         "\"allergies\": [\"Latex\"]}", -1, NULL));
  args = json_parser_get_root (parser);
  before = json_to_string (args, FALSE);
  /* The same arguments three times make three patients, each with its own
   * id and number: prepare() filled a copy, never the caller's node. */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) r = ax_store_mutate (f.store, f.actors[FRONT_DESK], "patient.create",
                                                args, &error);
      ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    }
  after = json_to_string (args, FALSE);
  ck_assert_str_eq (before, after);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (DISTINCT patient_number) FROM patients "
                                          "WHERE first_name = 'Reuse'"), 3);
}
END_TEST

START_TEST (test_registry_lists_mutators)
{
  g_autoptr (GPtrArray) names = ax_mutators_list ();
  const char *expected[] = {
    "clinic.create", "clinic.update", "patient.create", "patient.update", "provider.create",
    "provider.update", "room.create", "room.update", "service.create", "service.update",
    "service_category.create", "session.login", "session.logout", "user.create",
    "user.set_password", "user.update", "working_hours.add",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    ck_assert_msg (ax_mutators_lookup (expected[i]) != NULL, "%s missing", expected[i]);
  for (guint i = 1; i < names->len; i++)
    ck_assert (strcmp (names->pdata[i - 1], names->pdata[i]) < 0);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("mutators", setup, teardown,
                      test_create_writes_row_outbox_and_changeset, test_failing_mutator_writes_nothing,
                      test_forbidden_mutator_writes_nothing, test_bad_arguments_rejected,
                      test_undo_restores_exact_rows, test_undo_refused_when_rows_changed_since,
                      test_update_checks_from_values, test_password_never_stored_in_clear,
                      test_last_owner_kept, test_catalogue, test_callers_arguments_untouched,
                      test_registry_lists_mutators)
