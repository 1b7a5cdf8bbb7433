/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the Patients page says and how its forms read what is typed: pure
 * functions, no display. */
#include "ax-test.h"

#include <string.h>

#include "patients/ax-patient-text.h"
#include "widgets/ax-form-dialog.h"

/* 2026-03-10 10:30 in Bangkok (03:30 UTC). */
#define NOW_MS G_GINT64_CONSTANT (1773113400000)
#define HOUR_MS (3600 * G_GINT64_CONSTANT (1000))

static void
assert_text (char       *got,
             const char *want)
{
  ck_assert_msg (g_strcmp0 (got, want) == 0, "got “%s”, want “%s”", got, want);
  g_free (got);
}

START_TEST (test_names_and_dates)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  AxPatientHit hit = { "id", "LOT-D1-2026-000001", "Anong", "Srisuk", NULL, "0810000101",
                       "1990-03-11" };

  assert_text (ax_patient_text_name ("Anong", "Srisuk"), "Anong Srisuk");
  assert_text (ax_patient_text_name ("Anong", ""), "Anong");
  assert_text (ax_patient_text_name ("Anong", NULL), "Anong");
  assert_text (ax_patient_text_birth ("1990-03-11", NOW_MS, tz), "11 Mar 1990 (35)");
  assert_text (ax_patient_text_birth ("1990-03-10", NOW_MS, tz), "10 Mar 1990 (36)");
  ck_assert_ptr_null (ax_patient_text_birth (NULL, NOW_MS, tz));
  assert_text (ax_patient_text_hit (&hit, FALSE, NOW_MS, tz),
               "LOT-D1-2026-000001 · 081-XXX-0101\n11 Mar 1990 (35)");
  assert_text (ax_patient_text_hit (&hit, TRUE, NOW_MS, tz),
               "LOT-D1-2026-000001 · 0810000101\n11 Mar 1990 (35)");
  hit.phone = NULL;
  hit.birth_date = NULL;
  assert_text (ax_patient_text_hit (&hit, FALSE, NOW_MS, tz), "LOT-D1-2026-000001");
  ck_assert_str_eq (ax_patient_text_sex ("female"), "Female");
  ck_assert_ptr_null (ax_patient_text_sex (NULL));

  assert_text (ax_patient_text_when (NOW_MS, NOW_MS, tz), "Today 10:30");
  assert_text (ax_patient_text_when (NOW_MS - 11 * HOUR_MS, NOW_MS, tz), "Yesterday 23:30");
  assert_text (ax_patient_text_when (NOW_MS - 72 * HOUR_MS, NOW_MS, tz), "7 Mar 2026 10:30");

  ck_assert (ax_patient_text_is_date ("1990-04-25"));
  ck_assert (!ax_patient_text_is_date ("1990-02-30"));
  ck_assert (!ax_patient_text_is_date ("25/04/1990"));
  ck_assert (!ax_patient_text_is_date ("1990-4-25"));
}
END_TEST

START_TEST (test_allergies_and_vitals)
{
  AxRecordAllergy lido = { "a", "Lidocaine", "Anaphylaxis", AX_ALLERGY_SEVERE };
  AxRecordAllergy latex = { "b", "Latex", NULL, AX_ALLERGY_MILD };
  g_autoptr (GPtrArray) allergies = g_ptr_array_new ();
  AxRecordPlan plan = { "p", "Laser toning", "Dr Lee", 4, 6, NULL };

  assert_text (ax_patient_text_allergies (allergies), "No known allergies");
  g_ptr_array_add (allergies, &lido);
  g_ptr_array_add (allergies, &latex);
  assert_text (ax_patient_text_allergies (allergies), "Allergies: Lidocaine (severe), Latex");

  assert_text (ax_patient_text_pulse (72), "72 bpm");
  assert_text (ax_patient_text_pressure (118, 76), "118/76 mmHg");
  assert_text (ax_patient_text_temperature (368), "36.8 °C");
  assert_text (ax_patient_text_weight (58500), "58.5 kg");
  assert_text (ax_patient_text_height (1620), "162 cm");
  assert_text (ax_patient_text_height (1625), "162.5 cm");
  assert_text (ax_patient_text_plan (&plan), "Every 4 weeks · 6 sessions · Dr Lee");
  plan.interval_weeks = 1;
  plan.sessions = 0;
  plan.provider_name = "";
  assert_text (ax_patient_text_plan (&plan), "Every week");
  assert_text (ax_patient_text_balance (8, 10), "8 of 10 sessions left");
}
END_TEST

START_TEST (test_reading_numbers)
{
  gint64 v;

  ck_assert (ax_patient_text_parse_fixed ("36.8", 10, &v));
  ck_assert_int_eq (v, 368);
  ck_assert (ax_patient_text_parse_fixed (" 36,8 ", 10, &v));   /* a decimal comma */
  ck_assert_int_eq (v, 368);
  ck_assert (ax_patient_text_parse_fixed ("37", 10, &v));
  ck_assert_int_eq (v, 370);
  ck_assert (ax_patient_text_parse_fixed ("58.5", 1000, &v));
  ck_assert_int_eq (v, 58500);
  ck_assert (ax_patient_text_parse_fixed ("58.125", 1000, &v));
  ck_assert_int_eq (v, 58125);
  ck_assert (ax_patient_text_parse_fixed ("72", 1, &v));
  ck_assert_int_eq (v, 72);
  ck_assert (!ax_patient_text_parse_fixed ("72.5", 1, &v));      /* too many decimals */
  ck_assert (!ax_patient_text_parse_fixed ("36.85", 10, &v));
  ck_assert (!ax_patient_text_parse_fixed ("", 10, &v));
  ck_assert (!ax_patient_text_parse_fixed ("-3", 10, &v));
  ck_assert (!ax_patient_text_parse_fixed ("3.", 10, &v));
  ck_assert (!ax_patient_text_parse_fixed ("seventy", 1, &v));
  ck_assert (!ax_patient_text_parse_fixed ("99999999999", 1, &v));

  {
    g_auto (GStrv) tags = ax_patient_text_split_list (" VIP, ,Botox regular ,\n");
    ck_assert_uint_eq (g_strv_length (tags), 2);
    ck_assert_str_eq (tags[0], "VIP");
    ck_assert_str_eq (tags[1], "Botox regular");
  }
}
END_TEST

START_TEST (test_form_errors)
{
  /* A model error under the field it names, in the words of the form. */
  assert_text (ax_form_error_for_field ("patient.create: “birth_date” must be a date like "
                                        "1990-04-25, not “x”", "birth_date", "Date of birth"),
               "Date of birth must be a date like 1990-04-25, not “x”");
  assert_text (ax_form_error_for_field ("vitals.record: “pulse_bpm”: a pulse of 300 a minute is "
                                        "not plausible", "pulse_bpm", "Pulse"),
               "A pulse of 300 a minute is not plausible");
  ck_assert_ptr_null (ax_form_error_for_field ("patient.create: “phone” must be a phone number",
                                               "email", "E-mail"));
  /* Not a field's: the message without the mutator's name. */
  assert_text (ax_form_error_text ("patient.update: the patient number cannot be changed here"),
               "the patient number cannot be changed here");
  assert_text (ax_form_error_text ("Frontdesk (Front Desk) is not allowed to edit patients"),
               "Frontdesk (Front Desk) is not allowed to edit patients");
}
END_TEST

int
main (void)
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  {
    const TTest *tests[] = { test_names_and_dates, test_allergies_and_vitals,
                             test_reading_numbers, test_form_errors };
    return ax_test_run ("patient-text", NULL, NULL, tests, G_N_ELEMENTS (tests));
  }
}
