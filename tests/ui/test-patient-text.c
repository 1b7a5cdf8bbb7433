/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the Patients page says and how its forms read what is typed: pure
 * functions, no display. */
#include "ax-test.h"

#include <string.h>

#include "patients/ax-patient-text.h"
#include "patients/ax-timeline-text.h"
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

/* The timeline's words (ax-timeline-text.c). 2026-03-10 10:30 Bangkok. */
START_TEST (test_timeline_words)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  const gint64 now = G_GINT64_CONSTANT (1773113400000);
  const gint64 hour = 3600000, day = 24 * hour;
  AxTimelineEntry appt = { AX_TIMELINE_APPOINTMENT, "a", now - 30 * 60000, now, "completed",
                           "Botox, Filler", "Dr Lee", "Room 2" };
  AxTimelineEntry bare = { AX_TIMELINE_APPOINTMENT, "b", now, now + hour, "booked", "", "", NULL };
  AxTimelineEntry sale = { AX_TIMELINE_SALE, "s", now, 0, "voided", "R-LOT-D1-2026-7", "Ploy",
                           "THB", 1070000, "sale" };
  AxTimelineEntry refund = { AX_TIMELINE_SALE, "r", now, 0, "completed", "R-8", "", "THB", 500,
                             "credit_note" };
  AxTimelineEntry chart = { AX_TIMELINE_CHART, "c", now, 0, "needs_signoff", "Neurotoxin",
                            "Dr Lee", "c0" };
  AxTimelineEntry photo = { AX_TIMELINE_PHOTO, "p", now, 0, NULL, "left45", NULL, NULL };
  AxTimelineEntry note = { AX_TIMELINE_NOTE, "n", now, 0, "medication", "Stopped\nyesterday",
                           "Dr Lee", "n0" };
  AxTimelineEntry vitals = { AX_TIMELINE_VITALS, "v", now, 0, NULL, NULL, "Mali", NULL, 0, NULL,
                             72, 120, 80, 0, 58500, 0 };
  AxTimelineEntry allergy = { AX_TIMELINE_ALLERGY, "l", now, 0, "severe", "Latex", NULL, "Hives" };
  struct { AxTimelineEntry *e; const char *title; const char *subtitle; } cases[] = {
    { &appt, "Botox, Filler", "10:00–10:30 · Dr Lee · Room 2 · Completed" },
    { &bare, "Appointment", "10:30–11:30 · No provider · Booked" },
    { &sale, "Receipt R-LOT-D1-2026-7", "10:30 · ฿10,700.00 · Voided · Ploy" },
    { &refund, "Credit note R-8", "10:30 · ฿5.00 · Paid" },
    { &chart, "Chart amendment · Neurotoxin", "10:30 · Awaiting sign-off · Dr Lee" },
    { &photo, "Photo · Left 45°", "10:30" },
    { &note, "Addendum · Medication", "10:30 · Dr Lee · Stopped" },
    { &vitals, "Vitals", "10:30 · 72 bpm · 120/80 mmHg · 58.5 kg · Mali" },
    { &allergy, "Allergy added: Latex", "10:30 · Severe · Hives" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = ax_timeline_text_title (cases[i].e);
      g_autofree char *subtitle = ax_timeline_text_subtitle (cases[i].e, tz);

      ck_assert_str_eq (title, cases[i].title);
      ck_assert_str_eq (subtitle, cases[i].subtitle);
    }
  {
    g_autofree char *today = ax_timeline_text_day (now - 10 * hour, now, tz);   /* 00:30 */
    g_autofree char *yesterday = ax_timeline_text_day (now - 11 * hour, now, tz); /* 23:30 */
    g_autofree char *older = ax_timeline_text_day (now - 7 * day, now, tz);

    ck_assert_str_eq (today, "Today");
    ck_assert_str_eq (yesterday, "Yesterday");
    ck_assert_str_eq (older, "Tuesday 3 March 2026");
  }
  ck_assert_int_eq (ax_timeline_day_key (now, tz), 20260310);
  ck_assert_int_eq (ax_timeline_day_key (now - 11 * hour, tz), 20260309);
}
END_TEST

START_TEST (test_credit_words)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  AxCreditEntry renewal = { .kind = "grant", .at_ms = NOW_MS - 72 * HOUR_MS, .sessions = 1,
                            .amount = 300000, .sessions_after = 2, .amount_after = 450000,
                            .service_name = "Facial", .user_name = "Ploy", .tender = "card",
                            .reference = "VISA 4242" };
  AxCreditEntry used = { .kind = "redeem", .at_ms = NOW_MS, .sessions = -1, .sessions_after = -1,
                         .service_name = "Facial", .user_name = "", .appointment_ms = NOW_MS,
                         .sale_number = "LOTR-D1-2026-000001", .breach = TRUE };
  AxCreditBreach over = { AX_CREDIT_COURSE, "pp", "Facial x5", -2, 0, FALSE };
  AxCreditBreach flagged = { AX_CREDIT_MEMBERSHIP, "ms", "Glow Club", 1, 500, TRUE };

  assert_text (ax_patient_text_credit_change (5, 0, "THB"), "+5 sessions");
  assert_text (ax_patient_text_credit_change (-1, 0, "THB"), "−1 session");
  assert_text (ax_patient_text_credit_change (0, -50000, "THB"), "−฿500.00");
  assert_text (ax_patient_text_credit_change (1, 300000, "THB"), "+1 session · +฿3,000.00");
  assert_text (ax_patient_text_credit_change (0, 0, "THB"), "No change");
  ck_assert_str_eq (ax_patient_text_credit_kind (&renewal), "Renewed");
  ck_assert_str_eq (ax_patient_text_credit_kind (&used), "Used");
  assert_text (ax_patient_text_credit_detail (&renewal, NOW_MS, tz),
               "7 Mar 2026 10:30 · Facial · paid by card, VISA 4242 · by Ploy");
  assert_text (ax_patient_text_credit_detail (&used, NOW_MS, tz),
               "Today 10:30 · Facial · appointment Today 10:30 · sale LOTR-D1-2026-000001");
  assert_text (ax_patient_text_credit_after (&renewal, "THB"), "2 sessions · ฿4,500.00 left");
  assert_text (ax_patient_text_credit_after (&used, "THB"), "Overdrawn: −1 session");
  assert_text (ax_patient_text_credit_breach (&over, "THB"),
               "Facial x5 is overdrawn (−2 sessions); review its usage");
  assert_text (ax_patient_text_credit_breach (&flagged, "THB"),
               "Glow Club has an entry flagged for review");
}
END_TEST

int
main (void)
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  {
    const TTest *tests[] = { test_names_and_dates, test_allergies_and_vitals,
                             test_reading_numbers, test_form_errors, test_timeline_words, test_credit_words };
    return ax_test_run ("patient-text", NULL, NULL, tests, G_N_ELEMENTS (tests));
  }
}
