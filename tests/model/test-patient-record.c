/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The patient record: its query (demographics masked by role, allergies,
 * notes, tags, vitals, upcoming appointments, plans, package balances) and
 * the mutators of its parts, with their rules, permissions and bad input. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-patient-record.h"
#include "ax-mutator.h"

AX_FIXTURE_DEFINE

#define HOUR_MS (3600 * G_GINT64_CONSTANT (1000))
#define DAY_MS (24 * HOUR_MS)

/* Every table these mutators write, and the outbox and audit log. */
#define ALL_ROWS                                                                         \
  "SELECT (SELECT COUNT (*) FROM patients) + (SELECT COUNT (*) FROM allergies) "         \
  "     + (SELECT COUNT (*) FROM medical_notes) + (SELECT COUNT (*) FROM tags) "         \
  "     + (SELECT COUNT (*) FROM patient_tags) + (SELECT COUNT (*) FROM vitals) "        \
  "     + (SELECT COUNT (*) FROM treatment_plans) "                                       \
  "     + (SELECT COUNT (*) FROM outbox) + (SELECT COUNT (*) FROM outbox_effect) "       \
  "     + (SELECT COUNT (*) FROM audit_log)"

static char *
dump_all (void)
{
  static const char *const tables[] = {
    "patients", "allergies", "medical_notes", "tags", "patient_tags", "vitals",
    "treatment_plans",
  };
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *rows = ax_fixture_dump (&f, tables[i]);
      g_string_append_printf (out, "%s:\n%s", tables[i], rows);
    }
  return g_string_free (out, FALSE);
}

/* The mutation is refused with that error, its message names message_part,
 * and nothing at all is written. */
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

static char *
new_patient (const char *json)
{
  return ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", json);
}

static AxPatientRecord *
record_as (AxRole      role,
           const char *id)
{
  g_autoptr (GError) error = NULL;
  AxPatientRecord *r = ax_patient_record_query (ax_store_get_db (f.store), id, role,
                                                AX_FIXTURE_NOW_MS, &error);

  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  return r;
}

static void
mutate (AxRole      role,
        const char *name,
        const char *fmt,
        ...) G_GNUC_PRINTF (3, 4);

static void
mutate (AxRole      role,
        const char *name,
        const char *fmt,
        ...)
{
  g_autofree char *args = NULL;
  va_list ap;

  va_start (ap, fmt);
  args = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  json_node_unref (ax_fixture_mutate (&f, role, name, args));
}

static void
sql (const char *fmt,
     ...) G_GNUC_PRINTF (1, 2);

static void
sql (const char *fmt,
     ...)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  ck_assert_msg (ax_db_exec (ax_store_get_db (f.store), text, &error), "%s: %s", text,
                 error ? error->message : "");
}

static char *
clinic_id (void)
{
  return g_strdup (ax_store_get_clinic (f.store)->id);
}

/* allergy.add / allergy.remove */

START_TEST (test_allergy_add)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\", \"allergies\": [\"Latex\"]}");
  g_autofree char *args = NULL;
  g_autoptr (AxPatientRecord) r = NULL;
  const AxRecordAllergy *a;

  mutate (PROVIDER, "allergy.add", "{\"patient_id\": \"%s\", \"substance\": \" Lidocaine \", "
          "\"reaction\": \"Anaphylaxis\", \"severity\": \"severe\"}", p);
  mutate (FRONT_DESK, "allergy.add", "{\"patient_id\": \"%s\", \"substance\": \"Penicillin\", "
          "\"severity\": \"mild\"}", p);

  r = record_as (OWNER, p);
  ck_assert_uint_eq (r->allergies->len, 3);
  /* The most severe first, then by name. */
  a = r->allergies->pdata[0];
  ck_assert_str_eq (a->substance, "Lidocaine");
  ck_assert_str_eq (a->reaction, "Anaphylaxis");
  ck_assert_int_eq (a->severity, AX_ALLERGY_SEVERE);
  a = r->allergies->pdata[1];
  ck_assert_str_eq (a->substance, "Latex");
  ck_assert_int_eq (a->severity, AX_ALLERGY_MODERATE);
  ck_assert_ptr_null (a->reaction);
  ck_assert_str_eq (((AxRecordAllergy *) r->allergies->pdata[2])->substance, "Penicillin");

  /* The same substance again, whatever its case or accents. */
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"LÁTEX\", "
                          "\"severity\": \"severe\"}", p);
  assert_refused (OWNER, "allergy.add", args, AX_MODEL_ERROR_DUPLICATE, "already on file");
  g_free (args);

  /* Bad input. */
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"Iodine\", "
                          "\"severity\": \"deadly\"}", p);
  assert_refused (OWNER, "allergy.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“severity”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"Iodine\"}", p);
  assert_refused (OWNER, "allergy.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“severity”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"  \", "
                          "\"severity\": \"mild\"}", p);
  assert_refused (OWNER, "allergy.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“substance”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"Iodine\", "
                          "\"severity\": \"mild\", \"dose\": 2}", p);
  assert_refused (OWNER, "allergy.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“dose”");
  assert_refused (OWNER, "allergy.add", "{\"patient_id\": \"0190a000-0000-7000-8000-000000000000\", "
                  "\"substance\": \"Iodine\", \"severity\": \"mild\"}",
                  AX_MODEL_ERROR_NOT_FOUND, "no patient");
  g_free (args);

  /* Roles that may not change a patient. */
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"Iodine\", "
                          "\"severity\": \"mild\"}", p);
  assert_refused (BILLING, "allergy.add", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (DIRECTOR, "allergy.add", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (READ_ONLY, "allergy.add", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
}
END_TEST

START_TEST (test_allergy_remove)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *args = NULL;
  g_autofree char *id = NULL;
  g_autoptr (AxPatientRecord) before = NULL;
  g_autoptr (AxPatientRecord) after = NULL;

  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"Latex\", "
                          "\"severity\": \"moderate\"}", p);
  id = ax_fixture_mutate_id (&f, FRONT_DESK, "allergy.add", args);
  before = record_as (FRONT_DESK, p);
  ck_assert_uint_eq (before->allergies->len, 1);
  g_free (args);

  args = g_strdup_printf ("{\"id\": \"%s\"}", id);
  assert_refused (DIRECTOR, "allergy.remove", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (BILLING, "allergy.remove", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  mutate (FRONT_DESK, "allergy.remove", "%s", args);

  /* Soft-deleted: gone from the record, never from the store. */
  after = record_as (FRONT_DESK, p);
  ck_assert_uint_eq (after->allergies->len, 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM allergies "
                                          "WHERE deleted_at IS NOT NULL"), 1);
  assert_refused (OWNER, "allergy.remove", args, AX_MODEL_ERROR_NOT_FOUND, "no allergy");
  assert_refused (OWNER, "allergy.remove", "{\"id\": \"latex\"}", AX_MODEL_ERROR_INVALID_ARGS,
                  "“id”");
  assert_refused (OWNER, "allergy.remove", "{}", AX_MODEL_ERROR_INVALID_ARGS, "“id”");

  /* Once removed, the same substance can be added again. */
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"substance\": \"latex\", "
                          "\"severity\": \"severe\"}", p);
  mutate (OWNER, "allergy.add", "%s", args);
}
END_TEST

/* medical_note.add */

START_TEST (test_medical_note)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *args = NULL;
  g_autoptr (AxPatientRecord) as_provider = NULL;
  g_autoptr (AxPatientRecord) as_director = NULL;
  g_autoptr (AxPatientRecord) as_desk = NULL;
  const AxRecordNote *n;

  mutate (PROVIDER, "medical_note.add", "{\"patient_id\": \"%s\", \"kind\": \"medication\", "
          "\"body\": \"Isotretinoin 20 mg daily\"}", p);
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 60000);
  mutate (OWNER, "medical_note.add", "{\"patient_id\": \"%s\", \"kind\": \"condition\", "
          "\"body\": \"Keloid scarring\\non the chest\"}", p);

  as_provider = record_as (PROVIDER, p);
  ck_assert (as_provider->notes_visible);
  ck_assert_uint_eq (as_provider->medical_notes->len, 2);
  n = as_provider->medical_notes->pdata[0];       /* newest first */
  ck_assert_str_eq (n->kind, "condition");
  ck_assert_str_eq (n->body, "Keloid scarring\non the chest");
  ck_assert_str_eq (n->author_name, "owner user");
  n = as_provider->medical_notes->pdata[1];
  ck_assert_str_eq (n->author_name, "provider user");
  ck_assert_int_eq (n->created_ms, AX_FIXTURE_NOW_MS);

  /* The medical director reads them; the desk does not. */
  as_director = record_as (DIRECTOR, p);
  ck_assert_uint_eq (as_director->medical_notes->len, 2);
  as_desk = record_as (FRONT_DESK, p);
  ck_assert (!as_desk->notes_visible);
  ck_assert_uint_eq (as_desk->medical_notes->len, 0);

  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"note\", \"body\": \"x\"}", p);
  assert_refused (FRONT_DESK, "medical_note.add", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (DIRECTOR, "medical_note.add", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (BILLING, "medical_note.add", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"gossip\", \"body\": \"x\"}", p);
  assert_refused (PROVIDER, "medical_note.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“kind”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"note\", \"body\": \" \\n \"}", p);
  assert_refused (PROVIDER, "medical_note.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“body”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"note\"}", p);
  assert_refused (PROVIDER, "medical_note.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“body”");
  assert_refused (PROVIDER, "medical_note.add",
                  "{\"patient_id\": \"0190a000-0000-7000-8000-000000000000\", \"kind\": \"note\", "
                  "\"body\": \"x\"}", AX_MODEL_ERROR_NOT_FOUND, "no patient");
}
END_TEST

/* tag.set */

START_TEST (test_tag_set)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *q = new_patient ("{\"first_name\": \"Ploy\"}");
  g_autofree char *args = NULL;
  g_autoptr (AxPatientRecord) r = NULL;

  mutate (FRONT_DESK, "tag.set", "{\"patient_id\": \"%s\", \"tags\": [\"VIP\", \" Botox  regular \", "
          "\"vip\"]}", p);
  r = record_as (FRONT_DESK, p);
  ck_assert_uint_eq (g_strv_length (r->tags), 2);
  ck_assert_str_eq (r->tags[0], "Botox regular");
  ck_assert_str_eq (r->tags[1], "VIP");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM tags"), 2);

  /* Another patient's "vip" is the same tag. */
  mutate (OWNER, "tag.set", "{\"patient_id\": \"%s\", \"tags\": [\"vip\", \"Referral\"]}", q);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM tags"), 3);

  /* A tag left out is unlinked (soft delete); its tag stays for others. */
  mutate (FRONT_DESK, "tag.set", "{\"patient_id\": \"%s\", \"tags\": [\"VIP\"]}", p);
  g_clear_pointer (&r, ax_patient_record_unref);
  r = record_as (FRONT_DESK, p);
  ck_assert_uint_eq (g_strv_length (r->tags), 1);
  ck_assert_str_eq (r->tags[0], "VIP");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patient_tags "
                                          "WHERE deleted_at IS NOT NULL"), 1);

  /* Set again, the link comes back as the same row (two links each). */
  mutate (FRONT_DESK, "tag.set", "{\"patient_id\": \"%s\", \"tags\": [\"VIP\", \"botox regular\"]}", p);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patient_tags"), 4);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patient_tags "
                                          "WHERE deleted_at IS NOT NULL"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM tags"), 3);

  /* None at all clears them. */
  mutate (FRONT_DESK, "tag.set", "{\"patient_id\": \"%s\", \"tags\": []}", p);
  g_clear_pointer (&r, ax_patient_record_unref);
  r = record_as (FRONT_DESK, p);
  ck_assert_uint_eq (g_strv_length (r->tags), 0);

  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"tags\": [\"a, b\"]}", p);
  assert_refused (OWNER, "tag.set", args, AX_MODEL_ERROR_INVALID_ARGS, "“tags”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"tags\": [\"%s\"]}", p,
                          "a very long tag name that goes on and on and on");
  assert_refused (OWNER, "tag.set", args, AX_MODEL_ERROR_INVALID_ARGS, "longer than 40");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"tags\": [1, 2]}", p);
  assert_refused (OWNER, "tag.set", args, AX_MODEL_ERROR_INVALID_ARGS, "“tags”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"tags\": \"VIP\"}", p);
  assert_refused (OWNER, "tag.set", args, AX_MODEL_ERROR_INVALID_ARGS, "“tags”");
  g_free (args);
  {
    GString *many = g_string_new (NULL);
    for (int i = 0; i < 21; i++)
      g_string_append_printf (many, "%s\"t%d\"", i ? ", " : "", i);
    args = g_strdup_printf ("{\"patient_id\": \"%s\", \"tags\": [%s]}", p, many->str);
    g_string_free (many, TRUE);
  }
  assert_refused (OWNER, "tag.set", args, AX_MODEL_ERROR_INVALID_ARGS, "at most 20");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"tags\": [\"VIP\"]}", p);
  assert_refused (BILLING, "tag.set", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (DIRECTOR, "tag.set", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (READ_ONLY, "tag.set", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (OWNER, "tag.set", "{\"patient_id\": \"0190a000-0000-7000-8000-000000000000\", "
                  "\"tags\": [\"VIP\"]}", AX_MODEL_ERROR_NOT_FOUND, "no patient");
}
END_TEST

/* vitals.record */

START_TEST (test_vitals_record)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autoptr (AxPatientRecord) r = NULL;
  g_autofree char *recorded = NULL;
  struct
  {
    const char *fields;
    const char *message_part;
  } bad[] = {
    { "", "at least one measurement" },
    { "\"pulse_bpm\": 19", "“pulse_bpm”: a pulse of 19" },
    { "\"pulse_bpm\": 251", "between 20 and 250" },
    { "\"bp_systolic\": 120", "“bp_diastolic”: a blood pressure needs both" },
    { "\"bp_diastolic\": 80", "“bp_systolic”: a blood pressure needs both" },
    { "\"bp_systolic\": 270, \"bp_diastolic\": 80", "“bp_systolic”" },
    { "\"bp_systolic\": 49, \"bp_diastolic\": 40", "between 50 and 260" },
    { "\"bp_systolic\": 120, \"bp_diastolic\": 20", "“bp_diastolic”" },
    { "\"bp_systolic\": 120, \"bp_diastolic\": 165", "between 30 and 160" },
    { "\"bp_systolic\": 90, \"bp_diastolic\": 90", "must be lower than the systolic" },
    { "\"temp_dc\": 37", "“temp_dc”: a temperature of 3.7 °C" },
    { "\"temp_dc\": 451", "between 30.0 and 45.0" },
    { "\"weight_g\": 499", "“weight_g”" },
    { "\"weight_g\": 400001", "between 0.5 and 400 kg" },
    { "\"height_mm\": 3000", "“height_mm”" },
    { "\"pulse_bpm\": 72.5", "“pulse_bpm” must be a whole number" },
    { "\"pulse_bpm\": \"72\"", "“pulse_bpm” must be a whole number" },
    { "\"pulse_bpm\": 72, \"recorded_at\": 1893456000000", "in the future" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\"%s%s}", p,
                                               *bad[i].fields ? ", " : "", bad[i].fields);
      assert_refused (FRONT_DESK, "vitals.record", args, AX_MODEL_ERROR_INVALID_ARGS,
                      bad[i].message_part);
    }

  /* The desk takes them at check-in; the time is now unless given. */
  mutate (FRONT_DESK, "vitals.record", "{\"patient_id\": \"%s\", \"pulse_bpm\": 72, "
          "\"bp_systolic\": 118, \"bp_diastolic\": 76, \"temp_dc\": 368, \"weight_g\": 58500, "
          "\"height_mm\": 1620}", p);
  recorded = g_strdup_printf ("SELECT COUNT (*) FROM vitals WHERE recorded_at = %" G_GINT64_FORMAT
                              " AND recorded_by = '%s'", AX_FIXTURE_NOW_MS,
                              ax_actor_get_user_id (f.actors[FRONT_DESK]));
  ck_assert_int_eq (ax_fixture_count (&f, recorded), 1);
  /* A later reading of the pulse only; an earlier one of the weight. */
  mutate (PROVIDER, "vitals.record", "{\"patient_id\": \"%s\", \"pulse_bpm\": 88, "
          "\"recorded_at\": %" G_GINT64_FORMAT "}", p, AX_FIXTURE_NOW_MS + 60000);
  mutate (OWNER, "vitals.record", "{\"patient_id\": \"%s\", \"weight_g\": 61000, "
          "\"recorded_at\": %" G_GINT64_FORMAT "}", p, AX_FIXTURE_NOW_MS - DAY_MS);

  r = record_as (READ_ONLY, p);
  ck_assert_int_eq (r->vitals.n_readings, 3);
  ck_assert_int_eq (r->vitals.pulse_bpm, 88);
  ck_assert_int_eq (r->vitals.pulse_ms, AX_FIXTURE_NOW_MS + 60000);
  ck_assert_int_eq (r->vitals.bp_systolic, 118);
  ck_assert_int_eq (r->vitals.bp_diastolic, 76);
  ck_assert_int_eq (r->vitals.bp_ms, AX_FIXTURE_NOW_MS);
  ck_assert_int_eq (r->vitals.temp_dc, 368);
  ck_assert_int_eq (r->vitals.weight_g, 58500);
  ck_assert_int_eq (r->vitals.weight_ms, AX_FIXTURE_NOW_MS);
  ck_assert_int_eq (r->vitals.height_mm, 1620);

  {
    g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"pulse_bpm\": 70}", p);
    assert_refused (DIRECTOR, "vitals.record", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
    assert_refused (BILLING, "vitals.record", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
    assert_refused (READ_ONLY, "vitals.record", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  }
  assert_refused (OWNER, "vitals.record", "{\"patient_id\": \"0190a000-0000-7000-8000-000000000000\", "
                  "\"pulse_bpm\": 70}", AX_MODEL_ERROR_NOT_FOUND, "no patient");
}
END_TEST

/* The record query */

START_TEST (test_record_demographics_and_masking)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", "
                                    "\"nickname\": \"Noon\", \"birth_date\": \"1990-03-11\", "
                                    "\"sex\": \"female\", \"phone\": \"0810000101\", "
                                    "\"email\": \"anong@example.com\", "
                                    "\"national_id\": \"1-1037-02071-81-1\", "
                                    "\"address\": \"12 Sukhumvit 31\", \"line_id\": \"noon.s\", "
                                    "\"notes\": \"Prefers afternoons\", "
                                    "\"marketing_opt_in\": true}");
  g_autofree char *bare = new_patient ("{\"first_name\": \"Ploy\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  AxRole full[] = { OWNER, PROVIDER, DIRECTOR };
  AxRole masked[] = { FRONT_DESK, BILLING, READ_ONLY };

  for (gsize i = 0; i < G_N_ELEMENTS (full); i++)
    {
      g_autoptr (AxPatientRecord) r = record_as (full[i], p);

      ck_assert_str_eq (r->phone, "0810000101");
      ck_assert (!r->phone_masked);
      ck_assert_str_eq (r->national_id, "1-1037-02071-81-1");
      ck_assert (!r->national_id_masked);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (masked); i++)
    {
      g_autoptr (AxPatientRecord) r = record_as (masked[i], p);

      ck_assert_str_eq (r->phone, "081-XXX-0101");
      ck_assert (r->phone_masked);
      ck_assert_str_eq (r->national_id, "1-XXXX-XXXXX-81-1");
      ck_assert (r->national_id_masked);
    }

  {
    g_autoptr (AxPatientRecord) r = record_as (FRONT_DESK, p);

    ck_assert_str_eq (r->patient_number, "LOT-D1-2026-000001");
    ck_assert_str_eq (r->first_name, "Anong");
    ck_assert_str_eq (r->last_name, "Srisuk");
    ck_assert_str_eq (r->nickname, "Noon");
    ck_assert_str_eq (r->birth_date, "1990-03-11");
    ck_assert_str_eq (r->sex, "female");
    ck_assert_str_eq (r->email, "anong@example.com");
    ck_assert_str_eq (r->address, "12 Sukhumvit 31");
    ck_assert_str_eq (r->line_id, "noon.s");
    ck_assert_str_eq (r->notes, "Prefers afternoons");
    ck_assert (r->marketing_opt_in);
    ck_assert_int_eq (r->created_ms, AX_FIXTURE_NOW_MS);
    /* 2026-03-10: the day before her 36th birthday. */
    ck_assert_int_eq (ax_patient_age (r->birth_date, AX_FIXTURE_NOW_MS, tz), 35);
    ck_assert_int_eq (ax_patient_age ("1990-03-10", AX_FIXTURE_NOW_MS, tz), 36);
    ck_assert_int_eq (ax_patient_age (NULL, AX_FIXTURE_NOW_MS, tz), -1);
  }

  /* Nothing but a first name: nothing masked, empty sections. */
  {
    g_autoptr (AxPatientRecord) r = record_as (FRONT_DESK, bare);

    ck_assert_ptr_null (r->phone);
    ck_assert (!r->phone_masked);
    ck_assert_ptr_null (r->national_id);
    ck_assert_ptr_null (r->birth_date);
    ck_assert_str_eq (r->last_name, "");
    ck_assert_uint_eq (r->allergies->len, 0);
    ck_assert_uint_eq (g_strv_length (r->tags), 0);
    ck_assert_int_eq (r->vitals.n_readings, 0);
    ck_assert_int_eq (r->vitals.pulse_bpm, 0);
    ck_assert_uint_eq (r->upcoming->len, 0);
    ck_assert_uint_eq (r->plans->len, 0);
    ck_assert_uint_eq (r->packages->len, 0);
  }

  /* An unknown or removed patient. */
  ck_assert_ptr_null (ax_patient_record_query (ax_store_get_db (f.store),
                                           "0190a000-0000-7000-8000-000000000000", OWNER,
                                           AX_FIXTURE_NOW_MS, &error));
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND));
  g_clear_error (&error);
  sql ("UPDATE patients SET deleted_at = 1 WHERE id = '%s'", bare);
  ck_assert_ptr_null (ax_patient_record_query (ax_store_get_db (f.store), bare, OWNER,
                                           AX_FIXTURE_NOW_MS, &error));
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND));
}
END_TEST

START_TEST (test_record_upcoming)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *other = new_patient ("{\"first_name\": \"Ploy\"}");
  g_autofree char *lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  g_autofree char *room = ax_fixture_mutate_id (&f, OWNER, "room.create", "{\"name\": \"Room 2\"}");
  g_autofree char *cancelled = NULL;
  g_autoptr (AxPatientRecord) r = NULL;
  const AxRecordAppointment *a;

  /* Yesterday, one under way now, seven in the days to come, one cancelled,
   * and another patient's. */
  for (int day = -1; day <= 7; day++)
    {
      gint64 start = AX_FIXTURE_NOW_MS + day * DAY_MS - (day == 0 ? 15 * 60000 : 0);
      g_autofree char *args = g_strdup_printf (
        "{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"room_id\": \"%s\", "
        "\"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT
        ", \"book_anyway\": true}", p, lee, room, start, start + 30 * 60000);
      g_free (ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", args));
    }
  {
    g_autofree char *args = g_strdup_printf (
      "{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT
      ", \"end_at\": %" G_GINT64_FORMAT ", \"book_anyway\": true}", p, lee,
      AX_FIXTURE_NOW_MS + 2 * HOUR_MS, AX_FIXTURE_NOW_MS + 3 * HOUR_MS);
    cancelled = ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", args);
    mutate (FRONT_DESK, "appointment.set_status", "{\"id\": \"%s\", \"status\": \"cancelled\", "
            "\"reason\": \"Patient ill\"}", cancelled);
    g_free (args);
    args = g_strdup_printf (
      "{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"start_at\": %" G_GINT64_FORMAT
      ", \"end_at\": %" G_GINT64_FORMAT ", \"book_anyway\": true}",
      other, lee, AX_FIXTURE_NOW_MS + HOUR_MS, AX_FIXTURE_NOW_MS + 2 * HOUR_MS);
    g_free (ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", args));
  }

  r = record_as (FRONT_DESK, p);
  ck_assert_uint_eq (r->upcoming->len, AX_RECORD_UPCOMING_LIMIT);
  a = r->upcoming->pdata[0];
  ck_assert_int_eq (a->appointment->start_ms, AX_FIXTURE_NOW_MS - 15 * 60000);   /* under way */
  ck_assert_str_eq (a->provider_name, "Dr Lee");
  ck_assert_str_eq (a->room_name, "Room 2");
  for (guint i = 1; i < r->upcoming->len; i++)
    {
      a = r->upcoming->pdata[i];
      ck_assert_int_eq (a->appointment->start_ms, AX_FIXTURE_NOW_MS + i * DAY_MS);
      ck_assert_str_eq (a->appointment->patient_id, p);
    }
}
END_TEST

START_TEST (test_record_plans_and_packages)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *q = new_patient ("{\"first_name\": \"Ploy\"}");
  g_autofree char *lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  g_autofree char *laser = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                                 "{\"name\": \"Laser toning\", \"duration_min\": 30}");
  g_autofree char *facial = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                                  "{\"name\": \"Hydrafacial\", \"duration_min\": 60}");
  g_autofree char *clinic = clinic_id ();
  g_autoptr (AxPatientRecord) r = NULL;
  const AxRecordPackage *pkg;
  const AxRecordPlan *plan;
  gint64 later = AX_FIXTURE_NOW_MS + 90 * DAY_MS;

#define BASE(id) "'" id "', '%s', 0, 'hlc'"
  sql ("INSERT INTO treatment_plans (id, clinic_id, created_at, updated_at, patient_id, service_id, "
       "  provider_id, interval_weeks, sessions, status, notes) VALUES "
       "(" BASE ("plan-1") ", '%s', '%s', '%s', 4, 6, 'active', 'Pigmentation'), "
       "(" BASE ("plan-2") ", '%s', '%s', NULL, NULL, NULL, 'completed', NULL), "
       "(" BASE ("plan-3") ", '%s', '%s', NULL, NULL, NULL, 'active', NULL)",
       clinic, p, laser, lee, clinic, p, facial, clinic, q, facial);
  sql ("INSERT INTO packages (id, clinic_id, created_at, updated_at, name, service_id, sessions, "
       "  price) VALUES (" BASE ("pk-laser") ", 'Laser ×10', '%s', 10, 2500000), "
       "(" BASE ("pk-facial") ", 'Hydrafacial ×5', '%s', 5, 1200000)",
       clinic, laser, clinic, facial);
  /* Three courses: one in use, one expired, one of another patient. */
  sql ("INSERT INTO patient_packages (id, clinic_id, created_at, updated_at, patient_id, "
       "  package_id, service_id, sessions, expires_at, status) VALUES "
       "(" BASE ("pp-1") ", '%s', 'pk-laser', '%s', 10, %" G_GINT64_FORMAT ", 'active'), "
       "(" BASE ("pp-2") ", '%s', 'pk-facial', '%s', 5, %" G_GINT64_FORMAT ", 'active'), "
       "(" BASE ("pp-3") ", '%s', 'pk-facial', '%s', 5, %" G_GINT64_FORMAT ", 'expired'), "
       "(" BASE ("pp-4") ", '%s', 'pk-facial', '%s', 5, %" G_GINT64_FORMAT ", 'active')",
       clinic, p, laser, later, clinic, p, facial, later + DAY_MS,
       clinic, p, facial, AX_FIXTURE_NOW_MS - DAY_MS, clinic, q, facial, later);
  /* The ledger: granted 10, used 3 (one of them refunded back), a removed
   * entry that must not count; the facial course granted 5, used 5. */
  sql ("INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
       "  patient_package_id, kind, sessions, at, deleted_at) VALUES "
       "(" BASE ("c1") ", '%s', 'pp-1', 'grant', 10, 0, NULL), "
       "(" BASE ("c2") ", '%s', 'pp-1', 'redeem', -1, 1, NULL), "
       "(" BASE ("c3") ", '%s', 'pp-1', 'redeem', -1, 2, NULL), "
       "(" BASE ("c4") ", '%s', 'pp-1', 'redeem', -1, 3, NULL), "
       "(" BASE ("c5") ", '%s', 'pp-1', 'refund', 1, 4, NULL), "
       "(" BASE ("c6") ", '%s', 'pp-1', 'redeem', -1, 5, 99), "
       "(" BASE ("c7") ", '%s', 'pp-2', 'grant', 5, 0, NULL), "
       "(" BASE ("c8") ", '%s', 'pp-2', 'redeem', -5, 1, NULL), "
       "(" BASE ("c9") ", '%s', 'pp-4', 'grant', 5, 0, NULL)",
       clinic, p, clinic, p, clinic, p, clinic, p, clinic, p, clinic, p, clinic, p, clinic, p,
       clinic, q);
#undef BASE

  r = record_as (BILLING, p);
  ck_assert_uint_eq (r->plans->len, 1);
  plan = r->plans->pdata[0];
  ck_assert_str_eq (plan->service_name, "Laser toning");
  ck_assert_str_eq (plan->provider_name, "Dr Lee");
  ck_assert_int_eq (plan->interval_weeks, 4);
  ck_assert_int_eq (plan->sessions, 6);
  ck_assert_str_eq (plan->notes, "Pigmentation");

  ck_assert_uint_eq (r->packages->len, 2);
  pkg = r->packages->pdata[0];                    /* the one that expires first */
  ck_assert_str_eq (pkg->package_name, "Laser ×10");
  ck_assert_str_eq (pkg->service_name, "Laser toning");
  ck_assert_int_eq (pkg->sessions, 10);
  ck_assert_int_eq (pkg->balance, 8);
  ck_assert_int_eq (pkg->expires_ms, later);
  pkg = r->packages->pdata[1];
  ck_assert_str_eq (pkg->package_name, "Hydrafacial ×5");
  ck_assert_int_eq (pkg->balance, 0);
}
END_TEST


/* treatment_plan.create / update / set_status */

static const AxRecordPlan *
only_plan (AxPatientRecord *r)
{
  ck_assert_uint_eq (r->plans->len, 1);
  return r->plans->pdata[0];
}

START_TEST (test_treatment_plans)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  g_autofree char *laser = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                                 "{\"name\": \"Laser toning\", \"duration_min\": 30}");
  g_autofree char *peel = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                                "{\"name\": \"Peel\", \"duration_min\": 30}");
  g_autofree char *args = NULL;
  g_autofree char *plan = NULL;
  g_autoptr (AxPatientRecord) r = NULL;
  const AxRecordPlan *shown;

  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"service_id\": \"%s\", \"provider_id\": \"%s\", "
                          "\"sessions\": 6, \"interval_weeks\": 4, \"notes\": \"Melasma\"}",
                          p, laser, lee);
  plan = ax_fixture_mutate_id (&f, PROVIDER, "treatment_plan.create", args);
  r = record_as (DIRECTOR, p);
  shown = only_plan (r);
  ck_assert_str_eq (shown->id, plan);
  ck_assert_str_eq (shown->service_name, "Laser toning");
  ck_assert_str_eq (shown->service_id, laser);
  ck_assert_str_eq (shown->provider_id, lee);
  ck_assert_str_eq (shown->status, "active");
  ck_assert_int_eq (shown->sessions, 6);
  ck_assert_int_eq (shown->interval_weeks, 4);
  g_clear_pointer (&r, ax_patient_record_unref);

  /* Who may: clinical.edit only. */
  assert_refused (FRONT_DESK, "treatment_plan.create", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (DIRECTOR, "treatment_plan.create", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  assert_refused (BILLING, "treatment_plan.create", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  g_free (args);

  /* Bad input. */
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"service_id\": \"%s\", \"sessions\": 0}", p, laser);
  assert_refused (PROVIDER, "treatment_plan.create", args, AX_MODEL_ERROR_INVALID_ARGS, "“sessions”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"service_id\": \"%s\", \"interval_weeks\": 60}",
                          p, laser);
  assert_refused (PROVIDER, "treatment_plan.create", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "“interval_weeks”");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"sessions\": 3}", p);
  assert_refused (PROVIDER, "treatment_plan.create", args, AX_MODEL_ERROR_INVALID_ARGS, "service_id");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"service_id\": \"%s\"}", p,
                          "019cd5a0-0001-7000-8000-000000000099");
  assert_refused (PROVIDER, "treatment_plan.create", args, AX_MODEL_ERROR_NOT_FOUND, "service");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"019cd5a0-0001-7000-8000-000000000098\", "
                          "\"service_id\": \"%s\"}", laser);
  assert_refused (PROVIDER, "treatment_plan.create", args, AX_MODEL_ERROR_NOT_FOUND, "patient");
  g_free (args);

  /* An edit carries what it changes from; a stale one is refused. */
  mutate (OWNER, "treatment_plan.update", "{\"id\": \"%s\", \"set\": {\"service_id\": \"%s\", "
          "\"sessions\": 8, \"provider_id\": null}, \"from\": {\"service_id\": \"%s\", "
          "\"sessions\": 6, \"provider_id\": \"%s\"}}", plan, peel, laser, lee);
  r = record_as (PROVIDER, p);
  shown = only_plan (r);
  ck_assert_str_eq (shown->service_name, "Peel");
  ck_assert_int_eq (shown->sessions, 8);
  ck_assert_ptr_null (shown->provider_id);
  ck_assert_str_eq (shown->provider_name, "");
  g_clear_pointer (&r, ax_patient_record_unref);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"sessions\": 10}, \"from\": {\"sessions\": 6}}",
                          plan);
  assert_refused (PROVIDER, "treatment_plan.update", args, AX_MODEL_ERROR_STALE, "someone else");
  assert_refused (DIRECTOR, "treatment_plan.update", args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"service_id\": null}, "
                          "\"from\": {\"service_id\": \"%s\"}}", plan, peel);
  assert_refused (PROVIDER, "treatment_plan.update", args, AX_MODEL_ERROR_INVALID_ARGS, "service_id");
  g_free (args);

  /* Status: stopped and taken up again, then completed, which is final. */
  mutate (PROVIDER, "treatment_plan.set_status", "{\"id\": \"%s\", \"status\": \"stopped\", "
          "\"from\": \"active\"}", plan);
  r = record_as (PROVIDER, p);
  ck_assert_uint_eq (r->plans->len, 0);                 /* the record shows active plans */
  g_clear_pointer (&r, ax_patient_record_unref);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"sessions\": 9}, \"from\": {\"sessions\": 8}}",
                          plan);
  assert_refused (PROVIDER, "treatment_plan.update", args, AX_MODEL_ERROR_INVALID_ARGS, "stopped");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"completed\", \"from\": \"stopped\"}", plan);
  assert_refused (PROVIDER, "treatment_plan.set_status", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "taken up again");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"active\", \"from\": \"active\"}", plan);
  assert_refused (PROVIDER, "treatment_plan.set_status", args, AX_MODEL_ERROR_STALE, "stopped");
  g_free (args);
  mutate (PROVIDER, "treatment_plan.set_status", "{\"id\": \"%s\", \"status\": \"active\", "
          "\"from\": \"stopped\"}", plan);
  mutate (PROVIDER, "treatment_plan.set_status", "{\"id\": \"%s\", \"status\": \"completed\", "
          "\"from\": \"active\"}", plan);
  args = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"active\", \"from\": \"completed\"}", plan);
  assert_refused (PROVIDER, "treatment_plan.set_status", args, AX_MODEL_ERROR_INVALID_ARGS, "final");
  assert_refused (FRONT_DESK, "treatment_plan.set_status", args, AX_MODEL_ERROR_FORBIDDEN,
                  "not allowed");
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"paused\", \"from\": \"completed\"}", plan);
  assert_refused (PROVIDER, "treatment_plan.set_status", args, AX_MODEL_ERROR_INVALID_ARGS,
                  "“status”");
  g_clear_pointer (&args, g_free);
  assert_refused (PROVIDER, "treatment_plan.set_status",
                  "{\"id\": \"019cd5a0-0001-7000-8000-000000000097\", \"status\": \"stopped\", "
                  "\"from\": \"active\"}", AX_MODEL_ERROR_NOT_FOUND, "no treatment plan");
}
END_TEST

/* Notes are never edited: an addendum names the note it adds to. */
START_TEST (test_note_addendum)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *q = new_patient ("{\"first_name\": \"Ploy\"}");
  g_autofree char *args = NULL;
  g_autofree char *note = NULL;
  g_autofree char *other = NULL;
  g_autoptr (AxPatientRecord) r = NULL;
  const AxRecordNote *n;

  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"medication\", \"body\": \"Warfarin\"}", p);
  note = ax_fixture_mutate_id (&f, PROVIDER, "medical_note.add", args);
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"note\", \"body\": \"x\"}", q);
  other = ax_fixture_mutate_id (&f, PROVIDER, "medical_note.add", args);
  g_free (args);

  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 60000);
  mutate (OWNER, "medical_note.add", "{\"patient_id\": \"%s\", \"kind\": \"medication\", "
          "\"body\": \"Stopped warfarin on 1 March\", \"addendum_of\": \"%s\"}", p, note);
  r = record_as (PROVIDER, p);
  ck_assert_uint_eq (r->medical_notes->len, 2);
  n = r->medical_notes->pdata[0];
  ck_assert_str_eq (n->addendum_of, note);
  ck_assert_str_eq (n->body, "Stopped warfarin on 1 March");
  n = r->medical_notes->pdata[1];
  ck_assert_ptr_null (n->addendum_of);
  ck_assert_str_eq (n->body, "Warfarin");             /* the original stands as written */

  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"note\", \"body\": \"y\", "
                          "\"addendum_of\": \"%s\"}", p, other);
  assert_refused (PROVIDER, "medical_note.add", args, AX_MODEL_ERROR_INVALID_ARGS, "another patient");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"note\", \"body\": \"y\", "
                          "\"addendum_of\": \"019cd5a0-0001-7000-8000-000000000096\"}", p);
  assert_refused (PROVIDER, "medical_note.add", args, AX_MODEL_ERROR_NOT_FOUND, "no note");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"note\", \"body\": \"  \"}", p);
  assert_refused (PROVIDER, "medical_note.add", args, AX_MODEL_ERROR_INVALID_ARGS, "“body”");
  /* There is no mutator that edits or removes a note. */
  ck_assert_ptr_null (ax_mutators_lookup ("medical_note.update"));
  ck_assert_ptr_null (ax_mutators_lookup ("medical_note.remove"));
}
END_TEST

START_TEST (test_memberships_and_vitals_history)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\"}");
  g_autofree char *clinic = clinic_id ();
  g_autoptr (AxPatientRecord) r = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (GError) error = NULL;
  const AxRecordMembership *m;
  const AxVitalsReading *v;

#define BASE(id) "'" id "', '%s', 0, 'hlc'"
  sql ("INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, "
       "  wallet_amount) VALUES (" BASE ("gold") ", 'Gold', 500000, 300000);"
       "INSERT INTO memberships (id, clinic_id, created_at, updated_at, patient_id, plan_id, "
       "  status, started_at, renews_at) VALUES "
       "(" BASE ("m1") ", '%s', 'gold', 'active', 10, 99), "
       "(" BASE ("m2") ", '%s', 'gold', 'cancelled', 5, NULL);"
       "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
       "  membership_id, kind, sessions, amount, at, deleted_at) VALUES "
       "(" BASE ("g1") ", '%s', 'm1', 'grant', 4, 300000, 1, NULL), "
       "(" BASE ("u1") ", '%s', 'm1', 'redeem', -1, -120000, 2, NULL), "
       "(" BASE ("u2") ", '%s', 'm1', 'redeem', -1, -50000, 3, 7);",
       clinic, clinic, p, clinic, p, clinic, p, clinic, p, clinic, p);
#undef BASE
  r = record_as (BILLING, p);
  ck_assert_uint_eq (r->memberships->len, 1);
  m = r->memberships->pdata[0];
  ck_assert_str_eq (m->plan_name, "Gold");
  ck_assert_str_eq (m->status, "active");
  ck_assert_int_eq (m->credits, 3);
  ck_assert_int_eq (m->wallet, 180000);
  ck_assert_int_eq (m->renews_ms, 99);

  mutate (FRONT_DESK, "vitals.record", "{\"patient_id\": \"%s\", \"pulse_bpm\": 70, "
          "\"recorded_at\": %" G_GINT64_FORMAT "}", p, AX_FIXTURE_NOW_MS - 2 * DAY_MS);
  mutate (FRONT_DESK, "vitals.record", "{\"patient_id\": \"%s\", \"bp_systolic\": 120, "
          "\"bp_diastolic\": 80, \"weight_g\": 58500}", p);
  mutate (FRONT_DESK, "vitals.record", "{\"patient_id\": \"%s\", \"temp_dc\": 368, "
          "\"recorded_at\": %" G_GINT64_FORMAT "}", p, AX_FIXTURE_NOW_MS - DAY_MS);
  history = ax_patient_vitals_history (ax_store_get_db (f.store), p, &error);
  ck_assert_msg (history != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (history->len, 3);
  v = history->pdata[0];
  ck_assert_int_eq (v->recorded_ms, AX_FIXTURE_NOW_MS);
  ck_assert_int_eq (v->bp_systolic, 120);
  ck_assert_int_eq (v->weight_g, 58500);
  ck_assert_int_eq (v->pulse_bpm, 0);
  ck_assert_str_eq (v->recorder_name, "frontdesk user");
  v = history->pdata[1];
  ck_assert_int_eq (v->temp_dc, 368);
  v = history->pdata[2];
  ck_assert_int_eq (v->pulse_bpm, 70);
}
END_TEST

/* On a worker thread, as the page reads it. */

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AxPatientRecord **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = ax_patient_record_query_finish (AX_STORE (source), result, &error);
  ck_assert_msg (*out != NULL, "%s", error ? error->message : "");
}

START_TEST (test_record_async)
{
  g_autofree char *p = new_patient ("{\"first_name\": \"Anong\", \"phone\": \"0810000101\", "
                                    "\"allergies\": [\"Latex\"]}");
  AxPatientRecord *r = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  ax_patient_record_query_async (f.store, p, FRONT_DESK, NULL, query_done_cb, &r);
  while (r == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_ptr_nonnull (r);
  ck_assert_str_eq (r->first_name, "Anong");
  ck_assert_str_eq (r->phone, "081-XXX-0101");
  ck_assert_uint_eq (r->allergies->len, 1);
  ax_patient_record_unref (r);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("patient-record", setup, teardown,
                      test_allergy_add, test_allergy_remove, test_medical_note, test_tag_set,
                      test_vitals_record, test_record_demographics_and_masking,
                      test_record_upcoming, test_record_plans_and_packages, test_record_async,
                      test_treatment_plans, test_note_addendum, test_memberships_and_vitals_history)
