/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Clinical charts: templates, the chart lifecycle (draft → sign-off →
 * signed), immutability after submission, amendments, the product and lot
 * rules, who may do what, the signature's hash, the read audits and the
 * queries. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-charts.h"

AX_FIXTURE_DEFINE

#define BOTOX      "019cd000-0000-7000-8000-000000000001"
#define VOLBELLA   "019cd000-0000-7000-8000-000000000002"
#define SUNSCREEN  "019cd000-0000-7000-8000-000000000003"
#define LOT_GOOD   "019cd000-0000-7000-8000-000000000011"
#define LOT_OLD    "019cd000-0000-7000-8000-000000000012"
#define LOT_VB     "019cd000-0000-7000-8000-000000000013"
#define LOT_SUN    "019cd000-0000-7000-8000-000000000014"

#define ALL_ROWS                                                                              \
  "SELECT (SELECT COUNT (*) FROM charts) + (SELECT COUNT (*) FROM chart_entries) "            \
  "     + (SELECT COUNT (*) FROM chart_templates) + (SELECT COUNT (*) FROM signatures) "      \
  "     + (SELECT COUNT (*) FROM stock_movements) + (SELECT COUNT (*) FROM photo_overlays) "  \
  "     + (SELECT COUNT (*) FROM outbox) + (SELECT COUNT (*) FROM audit_log)"

static char *patient;
static char *provider_id;

static char *
dump_all (void)
{
  static const char *const tables[] = {
    "charts", "chart_entries", "chart_templates", "signatures", "stock_movements",
    "photo_overlays",
  };
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *rows = ax_fixture_dump (&f, tables[i]);
      g_string_append_printf (out, "%s:\n%s", tables[i], rows);
    }
  return g_string_free (out, FALSE);
}

/* Refused with that error, naming message_part, and nothing written. */
static void
assert_refused (AxRole      role,
                const char *name,
                const char *args,
                int         code,
                const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  gint64 before = ax_fixture_count (&f, ALL_ROWS);
  g_autofree char *rows_before = dump_all ();
  g_autofree char *rows_after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s %s: wrong error “%s” (%d)",
                 name, args, error->message, error->code);
  ck_assert_msg (strstr (error->message, message_part) != NULL,
                 "“%s” does not mention “%s”", error->message, message_part);
  ck_assert_int_eq (ax_fixture_count (&f, ALL_ROWS), before);
  rows_after = dump_all ();
  ck_assert_str_eq (rows_before, rows_after);
}

static void
exec (const char *sql)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (ax_db_exec (ax_store_get_db (f.store), sql, &error), "%s",
                 error ? error->message : "");
}

static void
charts_setup (void)
{
  g_autofree char *args = NULL;
  g_autofree char *sql = NULL;
  g_autoptr (JsonNode) r = NULL;
  const char *clinic = NULL;

  setup ();
  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                  "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", "
                                  "\"phone\": \"0810000101\"}");
  args = g_strdup_printf ("{\"name\": \"Dr Lee\", \"user_id\": \"%s\"}",
                          ax_actor_get_user_id (f.actors[PROVIDER]));
  provider_id = ax_fixture_mutate_id (&f, OWNER, "provider.create", args);
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"provider_id\": \"%s\"}}",
                          ax_actor_get_user_id (f.actors[PROVIDER]), provider_id);
  r = ax_fixture_mutate (&f, OWNER, "user.update", args);

  clinic = ax_store_get_clinic (f.store)->id;
  sql = g_strdup_printf (
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, kind, unit) VALUES "
    " ('" BOTOX "', '%1$s', 0, '0', 'Botox', 'medication', 'U'), "
    " ('" VOLBELLA "', '%1$s', 0, '0', 'Volbella', 'medication', 'syringe'), "
    " ('" SUNSCREEN "', '%1$s', 0, '0', 'Sunscreen', 'retail', 'tube'); "
    "INSERT INTO lots (id, clinic_id, created_at, updated_at, product_id, lot_number, expiry_date) VALUES "
    " ('" LOT_GOOD "', '%1$s', 0, '0', '" BOTOX "', 'C2601', '2026-09-01'), "
    " ('" LOT_OLD "', '%1$s', 0, '0', '" BOTOX "', 'ABC123', '2026-03-01'), "
    " ('" LOT_VB "', '%1$s', 0, '0', '" VOLBELLA "', 'VB1', '2027-01-01'), "
    " ('" LOT_SUN "', '%1$s', 0, '0', '" SUNSCREEN "', 'SS1', '2027-01-01'); "
    "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, qty, kind, at) VALUES "
    " ('019cd000-0000-7000-8000-000000000021', '%1$s', 0, '0', '" BOTOX "', '" LOT_GOOD "', 300, 'receive', 0), "
    " ('019cd000-0000-7000-8000-000000000022', '%1$s', 0, '0', '" BOTOX "', '" LOT_OLD "', 100, 'receive', 0), "
    " ('019cd000-0000-7000-8000-000000000023', '%1$s', 0, '0', '" VOLBELLA "', '" LOT_VB "', 4, 'receive', 0), "
    " ('019cd000-0000-7000-8000-000000000024', '%1$s', 0, '0', '" SUNSCREEN "', '" LOT_SUN "', 9, 'receive', 0);",
    clinic);
  exec (sql);
}

static void
charts_teardown (void)
{
  g_clear_pointer (&patient, g_free);
  g_clear_pointer (&provider_id, g_free);
  teardown ();
}

static char *
new_chart (void)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\"}", patient);

  return ax_fixture_mutate_id (&f, PROVIDER, "chart.create", args);
}

static char *
add_entry (const char *chart,
           const char *extra)
{
  g_autofree char *args = g_strdup_printf ("{\"chart_id\": \"%s\", %s}", chart, extra);

  return ax_fixture_mutate_id (&f, PROVIDER, "chart_entry.add", args);
}

static char *
botox_entry (const char *chart)
{
  return add_entry (chart, "\"area\": \"Glabella\", \"product_id\": \"" BOTOX "\", "
                           "\"lot_id\": \"" LOT_GOOD "\", \"units_milli\": 20000, \"unit\": \"U\"");
}

static AxChart *
chart_of (const char *id)
{
  g_autoptr (GError) error = NULL;
  AxChart *c = ax_chart_query (ax_store_get_db (f.store), id, &error);

  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  return c;
}

static void
submit (const char *chart)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", chart);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, PROVIDER, "chart.submit", args);
}

static char *
sign_args (const char *chart)
{
  g_autoptr (AxChart) c = chart_of (chart);

  return g_strdup_printf ("{\"id\": \"%s\", \"content_sha256\": \"%s\"}", chart, c->current_sha256);
}

static void
sign (const char *chart)
{
  g_autofree char *args = sign_args (chart);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, DIRECTOR, "chart.sign", args);
}

/* A chart with one Botox entry, signed by the medical director. */
static char *
signed_chart (char **entry_out)
{
  char *chart = new_chart ();
  g_autofree char *entry = botox_entry (chart);

  submit (chart);
  sign (chart);
  if (entry_out)
    *entry_out = g_steal_pointer (&entry);
  return chart;
}

/* A second implementation of docs/charts.md (Python's json module) gets
 * the same hash from the same store. */
static void
assert_python_agrees (const char *chart,
                      const char *sha)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *script = g_build_filename (g_getenv ("AX_SRCDIR") ? g_getenv ("AX_SRCDIR") : ".",
                                              "tests", "model", "check_chart_hash.py", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { python, script, f.path, chart, NULL };
  int status = 0;

  if (python == NULL || !g_file_test (script, G_FILE_TEST_EXISTS))
    {
      g_print ("python3 or %s missing: the second implementation is not checked\n", script);
      return;
    }
  ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                           &status, NULL));
  ck_assert_msg (status == 0, "check_chart_hash.py failed");
  ck_assert_str_eq (g_strstrip (out), sha);
}

/* Templates */

START_TEST (test_templates)
{
  g_autofree char *id = NULL;
  g_autofree char *args = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (JsonNode) r = NULL;
  AxChartTemplate *t;

  id = ax_fixture_mutate_id (&f, OWNER, "chart_template.add",
                             "{\"name\": \"Botulinum toxin — upper face\", \"areas_json\": "
                             "\"[{\\\"unit\\\": \\\"U\\\", \\\"area\\\": \\\"Forehead\\\", "
                             "\\\"default_units\\\": 10}, {\\\"area\\\": \\\"Glabella\\\", "
                             "\\\"default_units\\\": 20, \\\"unit\\\": \\\"U\\\"}]\"}");
  list = ax_chart_templates_query (ax_store_get_db (f.store), NULL);
  ck_assert_uint_eq (list->len, 1);
  t = list->pdata[0];
  ck_assert_str_eq (t->name, "Botulinum toxin — upper face");
  ck_assert_int_eq (t->n_areas, 2);
  /* Stored canonically. */
  ck_assert_str_eq (t->areas_json, "[{\"area\":\"Forehead\",\"default_units\":10,\"unit\":\"U\"},"
                                   "{\"area\":\"Glabella\",\"default_units\":20,\"unit\":\"U\"}]");

  assert_refused (PROVIDER, "chart_template.add", "{\"name\": \"X\"}", AX_MODEL_ERROR_FORBIDDEN,
                  "not allowed");
  assert_refused (DIRECTOR, "chart_template.add", "{\"name\": \"X\"}", AX_MODEL_ERROR_FORBIDDEN,
                  "not allowed");
  assert_refused (OWNER, "chart_template.add", "{\"name\": \"X\", \"areas_json\": \"{}\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "“areas_json” must be a JSON list");
  assert_refused (OWNER, "chart_template.add",
                  "{\"name\": \"X\", \"areas_json\": \"[{\\\"area\\\": \\\" \\\"}]\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "area 1 needs a name");
  assert_refused (OWNER, "chart_template.add",
                  "{\"name\": \"X\", \"areas_json\": \"[{\\\"area\\\": \\\"Lips\\\", "
                  "\\\"default_units\\\": -1}]\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "default units of Lips");
  assert_refused (OWNER, "chart_template.add", "{\"name\": \"\"}", AX_MODEL_ERROR_INVALID_ARGS,
                  "“name”");
  assert_refused (OWNER, "chart_template.add",
                  "{\"name\": \"X\", \"service_id\": \"019cd000-0000-7000-8000-00000000ffff\"}",
                  AX_MODEL_ERROR_NOT_FOUND, "service");

  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"name\": \"Toxin\"}, "
                          "\"from\": {\"name\": \"Botox\"}}", id);
  assert_refused (OWNER, "chart_template.update", args, AX_MODEL_ERROR_STALE, "changed by someone");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"name\": \"Toxin\", \"areas_json\": "
                          "\"[{\\\"area\\\": \\\"Masseter\\\"}]\"}, "
                          "\"from\": {\"name\": \"Botulinum toxin — upper face\"}}", id);
  r = ax_fixture_mutate (&f, OWNER, "chart_template.update", args);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ax_chart_templates_query (ax_store_get_db (f.store), NULL);
  t = list->pdata[0];
  ck_assert_str_eq (t->name, "Toxin");
  ck_assert_str_eq (t->areas_json, "[{\"area\":\"Masseter\",\"default_units\":null,\"unit\":null}]");

  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\"}", id);
  assert_refused (PROVIDER, "chart_template.remove", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, OWNER, "chart_template.remove", args);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM chart_templates "
                                          " WHERE deleted_at IS NOT NULL"), 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ax_chart_templates_query (ax_store_get_db (f.store), NULL);
  ck_assert_uint_eq (list->len, 0);
  assert_refused (OWNER, "chart_template.remove", args, AX_MODEL_ERROR_NOT_FOUND, "no chart template");
}
END_TEST

/* A template is taken out of use, not removed: New Chart no longer offers it. */
START_TEST (test_template_active)
{
  g_autofree char *patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                                   "{\"first_name\": \"Dao\"}");
  g_autofree char *id = ax_fixture_mutate_id (&f, OWNER, "chart_template.add",
                                              "{\"name\": \"Lips\", \"areas_json\": "
                                              "\"[{\\\"area\\\": \\\"Upper lip\\\"}]\"}");
  g_autofree char *off = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"active\": false}, "
                                          "\"from\": {\"active\": true}}", id);
  g_autofree char *on = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"active\": true}, "
                                         "\"from\": {\"active\": false}}", id);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (JsonNode) r = NULL;
  AxChartChoices *choices;

  list = ax_chart_templates_query (ax_store_get_db (f.store), NULL);
  ck_assert (((AxChartTemplate *) list->pdata[0])->active);
  assert_refused (OWNER, "chart_template.add", "{\"name\": \"X\", \"active\": false}",
                  AX_MODEL_ERROR_INVALID_ARGS, "always active");
  assert_refused (PROVIDER, "chart_template.update", off, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (OWNER, "chart_template.update", on, AX_MODEL_ERROR_STALE, "changed by someone");
  r = ax_fixture_mutate (&f, OWNER, "chart_template.update", off);
  assert_refused (OWNER, "chart_template.update", off, AX_MODEL_ERROR_STALE, "changed by someone");

  g_clear_pointer (&list, g_ptr_array_unref);
  list = ax_chart_templates_query (ax_store_get_db (f.store), NULL);
  ck_assert_uint_eq (list->len, 1);
  ck_assert (!((AxChartTemplate *) list->pdata[0])->active);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM chart_templates "
                                          " WHERE deleted_at IS NULL AND active = 0"), 1);
  choices = ax_chart_choices_query (ax_store_get_db (f.store), patient,
                                    ax_actor_get_user_id (f.actors[PROVIDER]), AX_FIXTURE_NOW_MS,
                                    NULL);
  ck_assert_uint_eq (choices->templates->len, 0);
  ax_chart_choices_free (choices);

  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, OWNER, "chart_template.update", on);
  choices = ax_chart_choices_query (ax_store_get_db (f.store), patient,
                                    ax_actor_get_user_id (f.actors[PROVIDER]), AX_FIXTURE_NOW_MS,
                                    NULL);
  ck_assert_uint_eq (choices->templates->len, 1);
  ax_chart_choices_free (choices);
}
END_TEST

/* chart.create */

START_TEST (test_create_from_template)
{
  g_autofree char *tpl = ax_fixture_mutate_id (&f, OWNER, "chart_template.add",
    "{\"name\": \"Upper face\", \"areas_json\": \"[{\\\"area\\\": \\\"Forehead\\\", "
    "\\\"default_units\\\": 10, \\\"unit\\\": \\\"U\\\"}, {\\\"area\\\": \\\"Lips\\\", "
    "\\\"default_units\\\": 0.5, \\\"unit\\\": \\\"ml\\\"}, {\\\"area\\\": \\\"Full face\\\"}]\"}");
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}",
                                           patient, tpl);
  g_autofree char *id = ax_fixture_mutate_id (&f, PROVIDER, "chart.create", args);
  g_autoptr (AxChart) c = chart_of (id);
  AxChartEntry *e;

  ck_assert_int_eq (c->status, AX_CHART_DRAFT);
  ck_assert_str_eq (c->provider_id, provider_id);  /* the actor's provider */
  ck_assert_str_eq (c->provider_name, "Dr Lee");
  ck_assert_str_eq (c->patient_name, "Anong Srisuk");
  ck_assert_str_eq (c->template_name, "Upper face");
  ck_assert_int_eq (c->visit_at, AX_FIXTURE_NOW_MS);
  ck_assert_uint_eq (c->entries->len, 3);
  e = c->entries->pdata[0];
  ck_assert_str_eq (e->area, "Forehead");
  ck_assert (e->has_units);
  ck_assert_int_eq (e->units_milli, 10000);
  ck_assert_str_eq (e->unit, "U");
  ck_assert_ptr_null (e->product_id);
  e = c->entries->pdata[1];
  ck_assert_int_eq (e->units_milli, 500);
  e = c->entries->pdata[2];
  ck_assert (!e->has_units);
  ck_assert_ptr_null (e->unit);

  /* Who may not. */
  assert_refused (FRONT_DESK, "chart.create", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (BILLING, "chart.create", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (DIRECTOR, "chart.create", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (READ_ONLY, "chart.create", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  /* The owner is no provider: names one. */
  assert_refused (OWNER, "chart.create", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "choose the provider who treats the patient");
}
END_TEST

START_TEST (test_create_with_appointment)
{
  g_autofree char *other = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                                 "{\"first_name\": \"Beth\"}");
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", "
                                           "\"start_at\": %" G_GINT64_FORMAT ", "
                                           "\"end_at\": %" G_GINT64_FORMAT ", \"book_anyway\": true}",
                                           patient, provider_id, AX_FIXTURE_NOW_MS - 3600000,
                                           AX_FIXTURE_NOW_MS - 1800000);
  g_autofree char *appt = ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", args);
  g_autofree char *id = NULL;
  g_autoptr (AxChart) c = NULL;
  g_autoptr (AxChartChoices) choices = NULL;

  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"appointment_id\": \"%s\"}", patient, appt);
  /* The owner is no provider, but the appointment names one. */
  id = ax_fixture_mutate_id (&f, OWNER, "chart.create", args);
  c = chart_of (id);
  ck_assert_str_eq (c->appointment_id, appt);
  ck_assert_str_eq (c->provider_id, provider_id);
  ck_assert_int_eq (c->visit_at, AX_FIXTURE_NOW_MS - 3600000);

  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"appointment_id\": \"%s\"}", other, appt);
  assert_refused (PROVIDER, "chart.create", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "another patient's");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"visit_at\": %" G_GINT64_FORMAT "}", patient,
                          AX_FIXTURE_NOW_MS + 3 * G_GINT64_CONSTANT (86400000));
  assert_refused (PROVIDER, "chart.create", args, AX_MODEL_ERROR_INVALID_ARGS, "“visit_at”");
  assert_refused (PROVIDER, "chart.create", "{}", AX_MODEL_ERROR_INVALID_ARGS, "“patient_id”");
  assert_refused (PROVIDER, "chart.create",
                  "{\"patient_id\": \"019cd000-0000-7000-8000-00000000ffff\"}",
                  AX_MODEL_ERROR_NOT_FOUND, "patient");

  choices = ax_chart_choices_query (ax_store_get_db (f.store), patient,
                                    ax_actor_get_user_id (f.actors[PROVIDER]), AX_FIXTURE_NOW_MS,
                                    NULL);
  ck_assert_ptr_nonnull (choices);
  ck_assert_uint_eq (choices->appointments->len, 1);
  ck_assert_uint_eq (choices->providers->len, 1);
  ck_assert_str_eq (choices->own_provider_id, provider_id);
}
END_TEST

/* The lifecycle */

START_TEST (test_lifecycle)
{
  g_autofree char *chart = new_chart ();
  g_autofree char *entry = NULL;
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", chart);
  g_autofree char *sargs = NULL;
  g_autofree char *recomputed = NULL;
  g_autofree char *json = NULL;
  g_autoptr (AxChart) c = NULL;
  g_autoptr (GPtrArray) queue = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (JsonNode) r = NULL;
  AxChartSummary *s;

  /* Nothing to submit yet. */
  assert_refused (PROVIDER, "chart.submit", args, AX_MODEL_ERROR_RULE, "at least one entry");
  entry = botox_entry (chart);
  /* Only clinical.edit submits; a draft is not signed. */
  assert_refused (DIRECTOR, "chart.submit", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  sargs = sign_args (chart);
  assert_refused (DIRECTOR, "chart.sign", sargs, AX_MODEL_ERROR_RULE, "still a draft");

  submit (chart);
  c = chart_of (chart);
  ck_assert_int_eq (c->status, AX_CHART_NEEDS_SIGNOFF);
  ck_assert_int_eq (c->submitted_at, AX_FIXTURE_NOW_MS);
  assert_refused (PROVIDER, "chart.submit", args, AX_MODEL_ERROR_RULE, "waiting for");

  queue = ax_chart_signoff_queue_query (ax_store_get_db (f.store), NULL);
  ck_assert_uint_eq (queue->len, 1);
  s = queue->pdata[0];
  ck_assert_str_eq (s->id, chart);
  ck_assert_str_eq (s->patient_name, "Anong Srisuk");
  ck_assert_str_eq (s->provider_name, "Dr Lee");
  ck_assert_int_eq (s->n_entries, 1);

  /* Who may not sign. */
  g_free (sargs);
  sargs = sign_args (chart);
  assert_refused (PROVIDER, "chart.sign", sargs, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (FRONT_DESK, "chart.sign", sargs, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (BILLING, "chart.sign", sargs, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  /* Not what was read. */
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"content_sha256\": \"%064d\"}", chart, 0);
  assert_refused (DIRECTOR, "chart.sign", args, AX_MODEL_ERROR_STALE, "changed since you read it");

  r = ax_fixture_mutate (&f, DIRECTOR, "chart.sign", sargs);
  g_clear_pointer (&c, ax_chart_unref);
  c = chart_of (chart);
  ck_assert_int_eq (c->status, AX_CHART_MD_SIGNED);
  ck_assert_int_eq (c->signed_at, AX_FIXTURE_NOW_MS);
  ck_assert_ptr_nonnull (c->signature);
  ck_assert_str_eq (c->signature->signer_name, "director");
  ck_assert_str_eq (c->signature->signer_user_id, ax_actor_get_user_id (f.actors[DIRECTOR]));
  ck_assert_str_eq (c->signature->meaning, "Reviewed and approved as medical director");
  ck_assert_int_eq (c->signature->signed_at, AX_FIXTURE_NOW_MS);
  /* The signature's hash is the recomputed hash of the canonical JSON. */
  json = ax_chart_content_read (ax_store_get_db (f.store), chart, &recomputed, NULL);
  ck_assert_str_eq (c->signature->content_sha256, recomputed);
  ck_assert_str_eq (c->content_sha256, recomputed);
  ck_assert_str_eq (c->current_sha256, recomputed);
  ck_assert_ptr_nonnull (strstr (json, "\"lot_id\":\"" LOT_GOOD "\""));
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (r), "content_sha256"),
                    recomputed);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'chart.sign'"), 1);
  assert_python_agrees (chart, recomputed);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM signatures WHERE subject_type = 'chart'"), 1);

  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = ax_chart_signoff_queue_query (ax_store_get_db (f.store), NULL);
  ck_assert_uint_eq (queue->len, 0);
  list = ax_charts_of_patient_query (ax_store_get_db (f.store), patient, NULL);
  ck_assert_uint_eq (list->len, 1);
  s = list->pdata[0];
  ck_assert_int_eq (s->status, AX_CHART_MD_SIGNED);
  ck_assert_str_eq (s->signer_name, "director");
  /* Signed once only. */
  assert_refused (DIRECTOR, "chart.sign", sargs, AX_MODEL_ERROR_RULE, "was signed on");
}
END_TEST

START_TEST (test_return)
{
  g_autofree char *chart = new_chart ();
  g_autofree char *entry = botox_entry (chart);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"reason\": \"Add the lot\"}", chart);
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (AxChart) c = NULL;

  assert_refused (DIRECTOR, "chart.return", args, AX_MODEL_ERROR_RULE, "already a draft");
  submit (chart);
  assert_refused (PROVIDER, "chart.return", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  r = ax_fixture_mutate (&f, DIRECTOR, "chart.return", args);
  c = chart_of (chart);
  ck_assert_int_eq (c->status, AX_CHART_DRAFT);
  ck_assert_int_eq (c->submitted_at, 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'chart.return' "
                                          " AND json_extract (detail_json, '$.reason') = 'Add the lot'"), 1);
  /* A draft again: the provider edits it. */
  g_free (entry);
  entry = botox_entry (chart);
}
END_TEST

/* Immutability */

static void
assert_every_edit_refused (const char *chart,
                           const char *entry,
                           const char *message_part)
{
  g_autofree char *a1 = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"notes\": \"x\"}}", chart);
  g_autofree char *a2 = g_strdup_printf ("{\"chart_id\": \"%s\", \"area\": \"Chin\"}", chart);
  g_autofree char *a3 = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"units_milli\": 1000}}", entry);
  g_autofree char *a4 = g_strdup_printf ("{\"id\": \"%s\"}", entry);
  g_autofree char *a5 = g_strdup_printf ("{\"id\": \"%s\"}", chart);

  assert_refused (PROVIDER, "chart.update", a1, AX_MODEL_ERROR_RULE, message_part);
  assert_refused (PROVIDER, "chart_entry.add", a2, AX_MODEL_ERROR_RULE, message_part);
  assert_refused (PROVIDER, "chart_entry.update", a3, AX_MODEL_ERROR_RULE, message_part);
  assert_refused (PROVIDER, "chart_entry.remove", a4, AX_MODEL_ERROR_RULE, message_part);
  assert_refused (PROVIDER, "chart.submit", a5, AX_MODEL_ERROR_RULE, message_part);
  /* The owner holds every permission and is refused all the same. */
  assert_refused (OWNER, "chart.update", a1, AX_MODEL_ERROR_RULE, message_part);
  assert_refused (OWNER, "chart_entry.remove", a4, AX_MODEL_ERROR_RULE, message_part);
}

START_TEST (test_edit_after_sign_refused)
{
  g_autofree char *chart = new_chart ();
  g_autofree char *signed_one = NULL;
  g_autofree char *signed_entry = NULL;
  g_autofree char *pending_entry = botox_entry (chart);
  g_autoptr (AxChart) before = NULL;
  g_autoptr (AxChart) after = NULL;

  submit (chart);
  assert_every_edit_refused (chart, pending_entry, "waiting for the medical director's sign-off");

  signed_one = signed_chart (&signed_entry);
  before = chart_of (signed_one);
  assert_every_edit_refused (signed_one, signed_entry, "This chart was signed on 10 Mar 2026 at "
                             "10:30 by director; it can't be changed. Create an amendment instead.");
  after = chart_of (signed_one);
  ck_assert_str_eq (before->current_sha256, after->current_sha256);
  ck_assert_str_eq (after->current_sha256, after->content_sha256);
}
END_TEST

START_TEST (test_roles_refused)
{
  g_autofree char *chart = new_chart ();
  g_autofree char *entry = botox_entry (chart);
  g_autofree char *a1 = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"notes\": \"x\"}}", chart);
  g_autofree char *a2 = g_strdup_printf ("{\"chart_id\": \"%s\", \"area\": \"Chin\"}", chart);
  g_autofree char *a3 = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"units_milli\": 1000}}", entry);
  g_autofree char *a4 = g_strdup_printf ("{\"id\": \"%s\"}", entry);
  g_autofree char *a5 = g_strdup_printf ("{\"id\": \"%s\"}", chart);
  static const AxRole roles[] = { DIRECTOR, FRONT_DESK, BILLING, READ_ONLY };

  /* MedicalDirector reads and signs, never edits. */
  ck_assert (ax_role_has (AX_ROLE_MEDICAL_DIRECTOR, AX_PERM_CLINICAL_VIEW));
  ck_assert (ax_role_has (AX_ROLE_MEDICAL_DIRECTOR, AX_PERM_CHART_SIGN));
  ck_assert (!ax_role_has (AX_ROLE_MEDICAL_DIRECTOR, AX_PERM_CLINICAL_EDIT));
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      assert_refused (roles[i], "chart.update", a1, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
      assert_refused (roles[i], "chart_entry.add", a2, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
      assert_refused (roles[i], "chart_entry.update", a3, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
      assert_refused (roles[i], "chart_entry.remove", a4, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
      assert_refused (roles[i], "chart.submit", a5, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
      assert_refused (roles[i], "chart.amend", a5, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
    }
  /* Who does not see clinical data does not open a chart either. */
  assert_refused (FRONT_DESK, "chart.open", a5, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (BILLING, "chart.open", a5, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
}
END_TEST

/* Amendments */

START_TEST (test_amend)
{
  g_autofree char *entry = NULL;
  g_autofree char *original = signed_chart (&entry);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", original);
  g_autofree char *amendment = NULL;
  g_autofree char *draft = new_chart ();
  g_autofree char *dargs = g_strdup_printf ("{\"id\": \"%s\"}", draft);
  g_autofree char *uargs = NULL;
  g_autoptr (AxChart) before = chart_of (original);
  g_autoptr (AxChart) a = NULL;
  g_autoptr (AxChart) after = NULL;
  g_autoptr (JsonNode) r = NULL;
  AxChartEntry *e;

  assert_refused (PROVIDER, "chart.amend", dargs, AX_MODEL_ERROR_RULE, "Only a signed chart");

  amendment = ax_fixture_mutate_id (&f, PROVIDER, "chart.amend", args);
  ck_assert_str_ne (amendment, original);
  a = chart_of (amendment);
  ck_assert_int_eq (a->status, AX_CHART_DRAFT);
  ck_assert_str_eq (a->amends_chart_id, original);
  ck_assert_str_eq (a->patient_id, patient);
  ck_assert_int_eq (a->visit_at, before->visit_at);
  ck_assert_uint_eq (a->entries->len, 1);
  e = a->entries->pdata[0];
  ck_assert_str_ne (e->id, entry);
  ck_assert_str_eq (e->lot_id, LOT_GOOD);
  ck_assert_int_eq (e->units_milli, 20000);
  ck_assert_ptr_null (a->signature);
  /* One amendment at a time. */
  assert_refused (PROVIDER, "chart.amend", args, AX_MODEL_ERROR_RULE, "already in progress");

  /* The amendment changes; the original does not. */
  uargs = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"units_milli\": 22000}, "
                           "\"from\": {\"units_milli\": 20000}}", e->id);
  r = ax_fixture_mutate (&f, PROVIDER, "chart_entry.update", uargs);
  submit (amendment);
  sign (amendment);
  g_clear_pointer (&a, ax_chart_unref);
  a = chart_of (amendment);
  ck_assert_int_eq (a->status, AX_CHART_MD_SIGNED);
  ck_assert_str_ne (a->signature->id, before->signature->id);
  ck_assert_str_ne (a->content_sha256, before->content_sha256);
  assert_python_agrees (amendment, a->content_sha256);

  after = chart_of (original);
  ck_assert_int_eq (after->status, AX_CHART_MD_SIGNED);
  ck_assert_str_eq (after->content_sha256, before->content_sha256);
  ck_assert_str_eq (after->current_sha256, before->content_sha256);
  ck_assert_str_eq (after->amended_by_id, amendment);
  ck_assert_int_eq (((AxChartEntry *) after->entries->pdata[0])->units_milli, 20000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM signatures"), 2);
}
END_TEST

/* An amendment carries the face charts of the chart it amends, so the
 * provider changes them rather than drawing them again. */
#define FRONT_OVERLAY                                                                      \
  "{\"version\":1,\"space\":{\"width\":1000,\"height\":1300},\"items\":["                  \
  "{\"id\":\"p1\",\"kind\":\"point\",\"n\":1,\"x\":500,\"y\":420.5,\"product_id\":null,"    \
  "\"product\":\"Botox\",\"lot_id\":null,\"lot\":\"C2601\",\"units_milli\":4000,"          \
  "\"unit\":\"U\",\"area\":\"glabella\",\"color\":\"#e01b24\"}]}"
#define PROFILE_OVERLAY                                                                    \
  "{\"version\":1,\"space\":{\"width\":1000,\"height\":1300},\"items\":[]}"

static char *
save_overlay (const char *chart,
              const char *diagram,
              const char *json)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), json);
  g_autofree char *quoted = json_to_string (node, FALSE);
  g_autofree char *args = g_strdup_printf ("{\"chart_id\": \"%s\", \"diagram\": \"%s\", "
                                           "\"overlay_json\": %s}", chart, diagram, quoted);

  return ax_fixture_mutate_id (&f, PROVIDER, "overlay.save", args);
}

START_TEST (test_amend_copies_overlays)
{
  g_autofree char *original = new_chart ();
  g_autofree char *entry = botox_entry (original);
  g_autofree char *front = save_overlay (original, "front", FRONT_OVERLAY);
  g_autofree char *profile = save_overlay (original, "profile", PROFILE_OVERLAY);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", original);
  g_autofree char *amendment = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *count_sql = NULL;
  g_autoptr (AxChart) before = NULL;
  g_autoptr (AxChart) a = NULL;
  g_autoptr (AxChart) after = NULL;

  submit (original);
  sign (original);
  before = chart_of (original);
  ck_assert_uint_eq (before->overlays->len, 2);

  amendment = ax_fixture_mutate_id (&f, PROVIDER, "chart.amend", args);
  a = chart_of (amendment);
  ck_assert_uint_eq (a->overlays->len, 2);
  ck_assert_uint_eq (a->entries->len, 1);
  /* New rows with the same drawings on the same diagrams. */
  count_sql = g_strdup_printf ("SELECT COUNT (*) FROM photo_overlays n JOIN photo_overlays o "
                               "  ON o.diagram = n.diagram AND o.overlay_json = n.overlay_json "
                               " WHERE n.chart_id = '%s' AND o.chart_id = '%s' AND n.id <> o.id "
                               "   AND n.photo_id IS NULL AND n.deleted_at IS NULL",
                               amendment, original);
  ck_assert_int_eq (ax_fixture_count (&f, count_sql), 2);
  for (guint i = 0; i < a->overlays->len; i++)
    {
      AxChartOverlay *o = a->overlays->pdata[i];

      ck_assert_str_ne (o->id, front);
      ck_assert_str_ne (o->id, profile);
      ck_assert_int_eq (o->n_items, g_str_equal (o->diagram, "front") ? 1 : 0);
    }

  /* The provider moves the point on the amendment; the original keeps it. */
  moved = save_overlay (amendment, "front", "{\"version\":1,\"space\":{\"width\":1000,"
                                            "\"height\":1300},\"items\":[{\"id\":\"p1\","
                                            "\"kind\":\"point\",\"n\":1,\"x\":510,\"y\":430.37,"
                                            "\"units_milli\":6000,\"unit\":\"U\"}]}");
  ck_assert_str_ne (moved, front);
  /* The same row as the copy: still one face chart per diagram. */
  ck_assert_int_eq (ax_fixture_count (&f, count_sql), 1);
  g_free (count_sql);
  count_sql = g_strdup_printf ("SELECT COUNT (*) FROM photo_overlays WHERE chart_id = '%s'",
                               amendment);
  ck_assert_int_eq (ax_fixture_count (&f, count_sql), 2);
  after = chart_of (original);
  ck_assert_str_eq (after->current_sha256, before->content_sha256);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM photo_overlays "
                                          "WHERE overlay_json LIKE '%\"x\":500%'"), 1);
  submit (amendment);
  sign (amendment);
  g_clear_pointer (&a, ax_chart_unref);
  a = chart_of (amendment);
  ck_assert_int_eq (a->status, AX_CHART_MD_SIGNED);
  ck_assert (strstr (a->canonical_json, "\"x\":510") != NULL);
  assert_python_agrees (amendment, a->content_sha256);
}
END_TEST

/* Products and lots */

START_TEST (test_lots)
{
  g_autofree char *chart = new_chart ();
  g_autofree char *entry = botox_entry (chart);
  g_autofree char *args = NULL;
  g_autoptr (GPtrArray) products = NULL;
  AxChartProduct *p;

#define ENTRY(extra) g_strdup_printf ("{\"chart_id\": \"%s\", \"area\": \"Lips\", " extra "}", chart)
  args = ENTRY ("\"product_id\": \"" BOTOX "\", \"lot_id\": \"" LOT_OLD "\"");
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_RULE,
                  "“lot_id”: lot ABC123 of Botox expired on 1 Mar 2026; choose another lot");
  g_free (args);
  args = ENTRY ("\"product_id\": \"" BOTOX "\"");
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "“lot_id”: choose the lot of Botox");
  g_free (args);
  args = ENTRY ("\"product_id\": \"" VOLBELLA "\", \"lot_id\": \"" LOT_GOOD "\"");
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_RULE,
                  "lot C2601 is not a lot of Volbella");
  g_free (args);
  args = ENTRY ("\"lot_id\": \"" LOT_GOOD "\"");
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "choose the product of this lot");
  g_free (args);
  args = ENTRY ("\"product_id\": \"" SUNSCREEN "\", \"lot_id\": \"" LOT_SUN "\"");
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_RULE, "retail product");
  g_free (args);
  args = ENTRY ("\"product_id\": \"019cd000-0000-7000-8000-00000000ffff\", \"lot_id\": \"" LOT_GOOD "\"");
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_NOT_FOUND, "no product");
#undef ENTRY

  /* The same rules on a change. */
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"lot_id\": \"" LOT_OLD "\"}}", entry);
  assert_refused (PROVIDER, "chart_entry.update", args, AX_MODEL_ERROR_RULE, "expired on 1 Mar 2026");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"product_id\": \"" VOLBELLA "\"}}", entry);
  assert_refused (PROVIDER, "chart_entry.update", args, AX_MODEL_ERROR_RULE, "not a lot of Volbella");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"product_id\": \"" VOLBELLA "\", "
                          "\"lot_id\": \"" LOT_VB "\"}}", entry);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, PROVIDER, "chart_entry.update", args);

  /* No stock is moved: the sale or the stock desk does that. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements"), 4);

  products = ax_chart_products_query (ax_store_get_db (f.store), "2026-03-10", NULL);
  ck_assert_uint_eq (products->len, 2);      /* no retail */
  p = products->pdata[0];
  ck_assert_str_eq (p->name, "Botox");
  ck_assert_uint_eq (p->lots->len, 2);
  ck_assert_str_eq (((AxChartLot *) p->lots->pdata[0])->lot_number, "C2601");  /* usable first */
  ck_assert (!((AxChartLot *) p->lots->pdata[0])->expired);
  ck_assert_int_eq (((AxChartLot *) p->lots->pdata[0])->on_hand, 300);
  ck_assert_str_eq (((AxChartLot *) p->lots->pdata[1])->lot_number, "ABC123");
  ck_assert (((AxChartLot *) p->lots->pdata[1])->expired);
}
END_TEST

START_TEST (test_submit_rules)
{
  g_autofree char *chart = new_chart ();
  g_autofree char *entry = add_entry (chart, "\"area\": \"Forehead\", \"units_milli\": 10000, "
                                             "\"unit\": \"U\"");
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", chart);

  assert_refused (PROVIDER, "chart.submit", args, AX_MODEL_ERROR_RULE,
                  "“Forehead” gives units but names no product");
}
END_TEST

START_TEST (test_submit_checks_lots_at_visit_day)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO lots (id, clinic_id, created_at, updated_at, product_id, lot_number, expiry_date) "
    "VALUES ('019cd000-0000-7000-8000-000000000015', '%s', 0, '0', '" BOTOX "', 'TMRW', "
    "        '2026-03-11')", ax_store_get_clinic (f.store)->id);
  g_autofree char *chart = new_chart ();
  g_autofree char *entry = NULL;
  g_autofree char *args = NULL;
  g_autoptr (JsonNode) r = NULL;

  exec (sql);
  entry = add_entry (chart, "\"area\": \"Chin\", \"product_id\": \"" BOTOX "\", "
                            "\"lot_id\": \"019cd000-0000-7000-8000-000000000015\"");
  /* The visit moves to tomorrow (Bangkok), the lot's expiry day. */
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"visit_at\": %" G_GINT64_FORMAT "}}",
                          chart, AX_FIXTURE_NOW_MS + 20 * G_GINT64_CONSTANT (3600000));
  r = ax_fixture_mutate (&f, PROVIDER, "chart.update", args);
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\"}", chart);
  assert_refused (PROVIDER, "chart.submit", args, AX_MODEL_ERROR_RULE,
                  "lot TMRW of Botox expired on 11 Mar 2026");
}
END_TEST

/* Stale and bad input */

START_TEST (test_stale_and_bad_input)
{
  g_autofree char *chart = new_chart ();
  g_autofree char *entry = botox_entry (chart);
  g_autofree char *args = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (AxChart) c = NULL;

  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"notes\": \"Tolerated well\", "
                          "\"aftercare\": \"No massage for 24 h\"}, \"from\": {\"notes\": null}}",
                          chart);
  r = ax_fixture_mutate (&f, PROVIDER, "chart.update", args);
  c = chart_of (chart);
  ck_assert_str_eq (c->notes, "Tolerated well");
  ck_assert_str_eq (c->aftercare, "No massage for 24 h");
  /* Someone saw the old notes. */
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"notes\": \"Bruise\"}, "
                          "\"from\": {\"notes\": null}}", chart);
  assert_refused (PROVIDER, "chart.update", args, AX_MODEL_ERROR_STALE, "“notes” was changed");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"units_milli\": 5000}, "
                          "\"from\": {\"units_milli\": 25000}}", entry);
  assert_refused (PROVIDER, "chart_entry.update", args, AX_MODEL_ERROR_STALE, "“units_milli”");

  g_free (args);
  args = g_strdup_printf ("{\"chart_id\": \"%s\", \"area\": \"Chin\", \"units_milli\": 0}", chart);
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“units_milli”");
  g_free (args);
  args = g_strdup_printf ("{\"chart_id\": \"%s\", \"area\": \"Chin\", \"kind\": \"drawing\"}", chart);
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“kind”");
  g_free (args);
  args = g_strdup_printf ("{\"chart_id\": \"%s\", \"colour\": \"red\"}", chart);
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_INVALID_ARGS, "no field “colour”");
  g_free (args);
  args = g_strdup_printf ("{\"chart_id\": \"%s\", \"technique\": \"Linear\"}", chart);
  assert_refused (PROVIDER, "chart_entry.add", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "say where the treatment was given");
  assert_refused (PROVIDER, "chart_entry.add",
                  "{\"chart_id\": \"019cd000-0000-7000-8000-00000000ffff\", \"area\": \"Chin\"}",
                  AX_MODEL_ERROR_NOT_FOUND, "no chart");
  assert_refused (PROVIDER, "chart_entry.remove", "{\"id\": \"not-a-uuid\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "“id”");
  assert_refused (PROVIDER, "chart.update", "{\"id\": \"019cd000-0000-7000-8000-00000000ffff\", "
                  "\"set\": {\"notes\": \"x\"}}", AX_MODEL_ERROR_NOT_FOUND, "no chart");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"content_sha256\": 5}", chart);
  assert_refused (DIRECTOR, "chart.sign", args, AX_MODEL_ERROR_INVALID_ARGS, "“content_sha256”");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"reason\": \"\"}", chart);
  assert_refused (DIRECTOR, "chart.return", args, AX_MODEL_ERROR_INVALID_ARGS, "“reason”");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"format\": \"docx\"}", chart);
  assert_refused (PROVIDER, "chart.export", args, AX_MODEL_ERROR_INVALID_ARGS, "“format”");

  /* A soft delete leaves the row. */
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\"}", entry);
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, PROVIDER, "chart_entry.remove", args);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM chart_entries WHERE deleted_at IS NOT NULL"), 1);
  g_clear_pointer (&c, ax_chart_unref);
  c = chart_of (chart);
  ck_assert_uint_eq (c->entries->len, 0);
  assert_refused (PROVIDER, "chart_entry.remove", args, AX_MODEL_ERROR_NOT_FOUND, "no chart entry");
}
END_TEST

/* Read audits */

START_TEST (test_open_and_export_audited)
{
  g_autofree char *chart = signed_chart (NULL);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", chart);
  g_autofree char *eargs = g_strdup_printf ("{\"id\": \"%s\", \"format\": \"pdf\"}", chart);
  g_autoptr (JsonNode) r1 = ax_fixture_mutate (&f, DIRECTOR, "chart.open", args);
  g_autoptr (JsonNode) r2 = ax_fixture_mutate (&f, PROVIDER, "chart.open", args);
  g_autoptr (JsonNode) r3 = ax_fixture_mutate (&f, PROVIDER, "chart.export", eargs);
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM audit_log WHERE action = 'chart.view' "
                                          " AND subject_type = 'chart' AND subject_id = '%s' "
                                          " AND json_extract (detail_json, '$.patient_id') = '%s'",
                                          chart, patient);

  ck_assert_int_eq (ax_fixture_count (&f, sql), 2);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'chart.export' "
                                          " AND json_extract (detail_json, '$.format') = 'pdf'"), 1);
  assert_refused (READ_ONLY, "chart.export", eargs, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  /* Opening changes nothing else. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM charts"), 1);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("charts", charts_setup, charts_teardown,
                      test_templates, test_template_active, test_create_from_template, test_create_with_appointment,
                      test_lifecycle, test_return, test_edit_after_sign_refused, test_roles_refused,
                      test_amend, test_amend_copies_overlays, test_lots, test_submit_rules, test_stale_and_bad_input,
                      test_submit_checks_lots_at_visit_day, test_open_and_export_audited)
