/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ax-patient-record.h"
#include "ax-patient-search.h"
#include "ax-credits.h"

G_BEGIN_DECLS

/* What the Patients page and the record overview say, as pure functions of
 * the model's values, so that tests can check the words without a display.
 * Times are shown in tz. */

/* "Anong Srisuk"; the first name alone when there is no last name. */
char       *ax_patient_text_name          (const char        *first_name,
                                           const char        *last_name);
/* "Female", "Male", "Other", "Unknown"; NULL when not recorded. */
const char *ax_patient_text_sex           (const char        *sex);
/* "11 Mar 1990 (35)"; "11 Mar 1990" when the age is unknown; NULL when
 * there is no date. */
char       *ax_patient_text_birth         (const char        *birth_date,
                                           gint64             now_ms,
                                           GTimeZone         *tz);
/* The header's line: "LOT-D1-2026-000001 · 35 years · Female". */
char       *ax_patient_text_header        (const AxPatientRecord *record,
                                           gint64             now_ms,
                                           GTimeZone         *tz);
/* A search result's lines: "LOT-D1-2026-000001 · 081-XXX-0101\n11 Mar 1990 (35)",
 * the phone masked unless unmasked. */
char       *ax_patient_text_hit           (const AxPatientHit *hit,
                                           gboolean           unmasked,
                                           gint64             now_ms,
                                           GTimeZone         *tz);
/* The banner: "Allergies: Lidocaine (severe), Latex" or "No known allergies". */
char       *ax_patient_text_allergies     (GPtrArray         *allergies);
const char *ax_patient_text_severity      (AxAllergySeverity  severity);
const char *ax_patient_text_note_kind     (const char        *kind);
/* "Today 10:30", "Yesterday 16:05", "3 Mar 2026 10:30". */
char       *ax_patient_text_when          (gint64             ms,
                                           gint64             now_ms,
                                           GTimeZone         *tz);
/* "Tue 17 Mar 2026, 10:00–10:30". */
char       *ax_patient_text_appointment   (const AxAppointment *appt,
                                           GTimeZone         *tz);
/* "72 bpm", "118/76 mmHg", "36.8 °C", "58.5 kg", "162 cm". */
char       *ax_patient_text_pulse         (int                bpm);
char       *ax_patient_text_pressure      (int                systolic,
                                           int                diastolic);
char       *ax_patient_text_temperature   (int                tenths_celsius);
char       *ax_patient_text_weight        (int                grams);
char       *ax_patient_text_height        (int                millimetres);
/* "Every 4 weeks · 6 sessions · Dr Lee" (the parts there are). */
char       *ax_patient_text_plan          (const AxRecordPlan *plan);
/* "8 of 10 sessions left". */
char       *ax_patient_text_balance       (int                balance,
                                           int                sessions);

/* What is left of a membership: "3 sessions · ฿1,800.00 left", "Nothing left". */
char       *ax_patient_text_membership_left (int             credits,
                                             gint64          wallet,
                                             const char     *currency);

/* A usage entry's change: "+5 sessions", "−1 session", "−฿500.00",
 * "+1 session · +฿3,000.00"; "No change". */
char       *ax_patient_text_credit_change (gint64             sessions,
                                           gint64             amount,
                                           const char        *currency);
/* What an entry is: "Granted", "Renewed", "Used", "Expired", "Refunded", "Adjusted". */
const char *ax_patient_text_credit_kind   (const AxCreditEntry *entry);
/* An entry's details: "Today 10:30 · Facial · by Khun Ploy · appointment
 * 17 Mar 2026 10:00", "… · paid by card, VISA 4242", "… · sale LOTR-D1-2026-000001". */
char       *ax_patient_text_credit_detail (const AxCreditEntry *entry,
                                           gint64             now_ms,
                                           GTimeZone         *tz);
/* The balance after it: "4 sessions left", "4 sessions · ฿2,500.00 left",
 * "Overdrawn: −1 session" when below zero. */
char       *ax_patient_text_credit_after  (const AxCreditEntry *entry,
                                           const char        *currency);
/* The warning of a breach: "Facial x5 is overdrawn by 1 session; review
 * its usage", "Glow Club has an entry flagged for review". */
char       *ax_patient_text_credit_breach (const AxCreditBreach *breach,
                                           const char        *currency);

/* Reads "36.8" or "36,8" (a whole number too) in units of 1/scale: with
 * scale 10, "36.8" is 368; with 1000, "58.5" is 58500. Only as many
 * decimals as scale has. FALSE when it is not such a number. */
gboolean    ax_patient_text_parse_fixed   (const char        *text,
                                           int                scale,
                                           gint64            *value);
/* TRUE for a real date written YYYY-MM-DD ("1990-02-30" is not). */
gboolean    ax_patient_text_is_date       (const char        *text);
/* "VIP, Botox regular" → { "VIP", "Botox regular" } (trimmed, empty ones dropped). */
GStrv       ax_patient_text_split_list    (const char        *text);

G_END_DECLS
