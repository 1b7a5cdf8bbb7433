/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include <inttypes.h>
#include "ax-patient-text.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ax-mask.h"
#include "ax-money.h"

static GDateTime *
local_time (gint64     ms,
            GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
}

static GDateTime *
parse_date (const char *iso_date)
{
  int y, m, d;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new_utc (y, m, d, 0, 0, 0);
}

char *
ax_patient_text_name (const char *first_name,
                      const char *last_name)
{
  if (last_name == NULL || *last_name == '\0')
    return g_strdup (first_name ? first_name : "");
  /* Translators: a patient's full name: first name, then last name */
  return g_strdup_printf (C_("patient name", "%s %s"), first_name ? first_name : "", last_name);
}

const char *
ax_patient_text_sex (const char *sex)
{
  if (g_strcmp0 (sex, "female") == 0)
    return _("Female");
  if (g_strcmp0 (sex, "male") == 0)
    return _("Male");
  if (g_strcmp0 (sex, "other") == 0)
    return C_("sex", "Other");
  if (g_strcmp0 (sex, "unknown") == 0)
    return C_("sex", "Unknown");
  return NULL;
}

char *
ax_patient_text_birth (const char *birth_date,
                       gint64      now_ms,
                       GTimeZone  *tz)
{
  g_autoptr (GDateTime) date = parse_date (birth_date);
  g_autofree char *day = NULL;
  int age;

  if (date == NULL)
    return NULL;
  /* Translators: a date of birth, see g_date_time_format(): "11 Mar 1990" */
  day = g_date_time_format (date, _("%-d %b %Y"));
  age = ax_patient_age (birth_date, now_ms, tz);
  if (age < 0)
    return g_steal_pointer (&day);
  /* Translators: a date of birth and the age: "11 Mar 1990 (35)" */
  return g_strdup_printf (_("%s (%d)"), day, age);
}

char *
ax_patient_text_header (const AxPatientRecord *record,
                        gint64                 now_ms,
                        GTimeZone             *tz)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  int age = ax_patient_age (record->birth_date, now_ms, tz);
  const char *sex = ax_patient_text_sex (record->sex);

  g_ptr_array_add (parts, g_strdup (record->patient_number));
  if (age >= 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d year", "%d years", age), age));
  if (sex != NULL)
    g_ptr_array_add (parts, g_strdup (sex));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
ax_patient_text_hit (const AxPatientHit *hit,
                     gboolean            unmasked,
                     gint64              now_ms,
                     GTimeZone          *tz)
{
  g_autofree char *birth = ax_patient_text_birth (hit->birth_date, now_ms, tz);
  g_autofree char *phone = NULL;
  g_autofree char *first = NULL;

  if (hit->phone != NULL && *hit->phone != '\0')
    phone = unmasked ? g_strdup (hit->phone) : ax_mask_phone (hit->phone);
  first = g_strjoin (" · ", hit->patient_number, phone, NULL);
  /* The date of birth on a line of its own keeps a narrow list tidy. */
  return birth != NULL ? g_strjoin ("\n", first, birth, NULL) : g_steal_pointer (&first);
}

const char *
ax_patient_text_severity (AxAllergySeverity severity)
{
  switch (severity)
    {
    case AX_ALLERGY_MILD: return C_("allergy", "Mild");
    case AX_ALLERGY_SEVERE: return C_("allergy", "Severe");
    case AX_ALLERGY_MODERATE:
    default:
      return C_("allergy", "Moderate");
    }
}

char *
ax_patient_text_allergies (GPtrArray *allergies)
{
  g_autoptr (GString) list = g_string_new (NULL);

  if (allergies == NULL || allergies->len == 0)
    return g_strdup (_("No known allergies"));
  for (guint i = 0; i < allergies->len; i++)
    {
      const AxRecordAllergy *a = allergies->pdata[i];

      if (i > 0)
        /* Translators: between two allergies of the banner: "Lidocaine (severe), Latex" */
        g_string_append (list, _(", "));
      if (a->severity == AX_ALLERGY_SEVERE)
        /* Translators: a severe allergy in the banner: "Lidocaine (severe)" */
        g_string_append_printf (list, _("%s (severe)"), a->substance);
      else
        g_string_append (list, a->substance);
    }
  /* Translators: the allergy banner of a patient record: "Allergies: Lidocaine (severe), Latex" */
  return g_strdup_printf (_("Allergies: %s"), list->str);
}

const char *
ax_patient_text_note_kind (const char *kind)
{
  if (g_strcmp0 (kind, "condition") == 0)
    return _("Condition");
  if (g_strcmp0 (kind, "medication") == 0)
    return _("Medication");
  if (g_strcmp0 (kind, "history") == 0)
    return _("History");
  return C_("medical note", "Note");
}

char *
ax_patient_text_when (gint64     ms,
                      gint64     now_ms,
                      GTimeZone *tz)
{
  g_autoptr (GDateTime) when = local_time (ms, tz);
  g_autoptr (GDateTime) now = local_time (now_ms, tz);
  g_autofree char *time = NULL;
  int days;

  if (when == NULL || now == NULL)
    return g_strdup ("");
  time = g_date_time_format (when, "%H:%M");
  {
    g_autoptr (GDateTime) a = g_date_time_new (tz, g_date_time_get_year (when),
                                               g_date_time_get_month (when),
                                               g_date_time_get_day_of_month (when), 12, 0, 0);
    g_autoptr (GDateTime) b = g_date_time_new (tz, g_date_time_get_year (now),
                                               g_date_time_get_month (now),
                                               g_date_time_get_day_of_month (now), 12, 0, 0);
    days = (int) (g_date_time_difference (b, a) / G_TIME_SPAN_DAY);
  }
  if (days == 0)
    /* Translators: when vitals were taken today: "Today 10:30" */
    return g_strdup_printf (_("Today %s"), time);
  if (days == 1)
    /* Translators: when vitals were taken yesterday: "Yesterday 16:05" */
    return g_strdup_printf (_("Yesterday %s"), time);
  /* Translators: when something was recorded, see g_date_time_format(): "3 Mar 2026 10:30" */
  return g_date_time_format (when, _("%-d %b %Y %H:%M"));
}

char *
ax_patient_text_appointment (const AxAppointment *appt,
                             GTimeZone           *tz)
{
  g_autoptr (GDateTime) start = local_time (appt->start_ms, tz);
  g_autoptr (GDateTime) end = local_time (appt->end_ms, tz);
  g_autofree char *day = NULL;
  g_autofree char *until = NULL;

  if (start == NULL || end == NULL)
    return g_strdup ("");
  /* Translators: an appointment's day and start, see g_date_time_format(): "Tue 17 Mar 2026, 10:00" */
  day = g_date_time_format (start, _("%a %-d %b %Y, %H:%M"));
  until = g_date_time_format (end, "%H:%M");
  /* Translators: an appointment's time: "Tue 17 Mar 2026, 10:00–10:30" */
  return g_strdup_printf (_("%s–%s"), day, until);
}

char *
ax_patient_text_pulse (int bpm)
{
  /* Translators: a pulse, beats a minute */
  return g_strdup_printf (_("%d bpm"), bpm);
}

char *
ax_patient_text_pressure (int systolic,
                          int diastolic)
{
  /* Translators: a blood pressure, systolic/diastolic */
  return g_strdup_printf (_("%d/%d mmHg"), systolic, diastolic);
}

static char *
format_fixed (int         value,
              int         scale,
              const char *unit_format)
{
  char number[32];

  /* One decimal, in the user's locale (36.8 or 36,8). */
  g_snprintf (number, sizeof number, "%.1f", value / (double) scale);
  return g_strdup_printf (unit_format, number);
}

char *
ax_patient_text_temperature (int tenths_celsius)
{
  /* Translators: a body temperature: "36.8 °C" */
  return format_fixed (tenths_celsius, 10, _("%s °C"));
}

char *
ax_patient_text_weight (int grams)
{
  /* Translators: a body weight: "58.5 kg" */
  return format_fixed (grams, 1000, _("%s kg"));
}

char *
ax_patient_text_height (int millimetres)
{
  if (millimetres % 10 == 0)
    /* Translators: a height in whole centimetres: "162 cm" */
    return g_strdup_printf (_("%d cm"), millimetres / 10);
  /* Translators: a height: "162.5 cm" */
  return format_fixed (millimetres, 10, _("%s cm"));
}

char *
ax_patient_text_plan (const AxRecordPlan *plan)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (plan->interval_weeks == 1)
    g_ptr_array_add (parts, g_strdup (_("Every week")));
  else if (plan->interval_weeks > 1)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("Every %d week", "Every %d weeks",
                                                       plan->interval_weeks),
                                             plan->interval_weeks));
  if (plan->sessions > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d session", "%d sessions",
                                                       plan->sessions), plan->sessions));
  if (plan->provider_name != NULL && *plan->provider_name != '\0')
    g_ptr_array_add (parts, g_strdup (plan->provider_name));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
ax_patient_text_balance (int balance,
                         int sessions)
{
  /* Translators: a package's balance: "8 of 10 sessions left" */
  return g_strdup_printf (ngettext ("%d of %d session left", "%d of %d sessions left", sessions),
                          balance, sessions);
}

char *
ax_patient_text_membership_left (int         credits,
                                 gint64      wallet,
                                 const char *currency)
{
  g_autofree char *sessions = NULL;
  g_autofree char *money = NULL;

  if (credits <= 0 && wallet <= 0)
    return g_strdup (_("Nothing left"));
  if (credits > 0)
    /* Translators: membership credits left: "3 sessions" */
    sessions = g_strdup_printf (ngettext ("%d session", "%d sessions", credits), credits);
  if (wallet > 0)
    money = ax_money_format (wallet, currency, NULL);
  {
    g_autofree char *both = g_strjoin (" · ", sessions ? sessions : money,
                                       sessions ? money : NULL, NULL);

    /* Translators: what is left of a membership: "3 sessions · ฿1,800.00 left" */
    return g_strdup_printf (_("%s left"), both);
  }
}

static char *
signed_sessions (gint64 n)
{
  /* Translators: a change of sessions: "+5 sessions", "−1 session" */
  return g_strdup_printf (ngettext ("%s%" PRId64 " session", "%s%" PRId64 " sessions",
                                    (gulong) ABS (n)),
                          n < 0 ? "−" : "+", ABS (n));
}

static char *
signed_money (gint64      amount,
              const char *currency)
{
  g_autofree char *money = ax_money_format (ABS (amount), currency, NULL);

  return g_strconcat (amount < 0 ? "−" : "+", money, NULL);
}

char *
ax_patient_text_credit_change (gint64      sessions,
                               gint64      amount,
                               const char *currency)
{
  g_autofree char *s = sessions != 0 ? signed_sessions (sessions) : NULL;
  g_autofree char *m = amount != 0 ? signed_money (amount, currency) : NULL;

  if (s == NULL && m == NULL)
    return g_strdup (_("No change"));
  return g_strjoin (" · ", s ? s : m, s ? m : NULL, NULL);
}

const char *
ax_patient_text_credit_kind (const AxCreditEntry *entry)
{
  if (g_strcmp0 (entry->kind, "grant") == 0)
    return entry->tender != NULL ? _("Renewed") : _("Granted");
  if (g_strcmp0 (entry->kind, "redeem") == 0)
    return _("Used");
  if (g_strcmp0 (entry->kind, "expire") == 0)
    return _("Expired");
  if (g_strcmp0 (entry->kind, "refund") == 0)
    return _("Refunded");
  return _("Adjusted");
}

static const char *
tender_name (const char *tender)
{
  if (g_strcmp0 (tender, "cash") == 0)
    return _("cash");
  if (g_strcmp0 (tender, "card") == 0)
    return _("card");
  if (g_strcmp0 (tender, "transfer") == 0)
    return _("bank transfer");
  return _("QR payment");
}

char *
ax_patient_text_credit_detail (const AxCreditEntry *entry,
                               gint64               now_ms,
                               GTimeZone           *tz)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, ax_patient_text_when (entry->at_ms, now_ms, tz));
  if (entry->service_name != NULL && *entry->service_name != '\0')
    g_ptr_array_add (parts, g_strdup (entry->service_name));
  if (entry->tender != NULL)
    g_ptr_array_add (parts, entry->reference != NULL
                              /* Translators: a renewal: "paid by card, VISA 4242" */
                              ? g_strdup_printf (_("paid by %s, %s"), tender_name (entry->tender),
                                                 entry->reference)
                              : g_strdup_printf (_("paid by %s"), tender_name (entry->tender)));
  if (entry->appointment_ms > 0)
    {
      g_autofree char *when = ax_patient_text_when (entry->appointment_ms, now_ms, tz);
      /* Translators: the appointment a session was used for */
      g_ptr_array_add (parts, g_strdup_printf (_("appointment %s"), when));
    }
  if (entry->sale_number != NULL)
    /* Translators: the sale or credit note of an entry */
    g_ptr_array_add (parts, g_strdup_printf (_("sale %s"), entry->sale_number));
  if (entry->user_name != NULL && *entry->user_name != '\0')
    /* Translators: who recorded an entry */
    g_ptr_array_add (parts, g_strdup_printf (_("by %s"), entry->user_name));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
ax_patient_text_credit_after (const AxCreditEntry *entry,
                              const char          *currency)
{
  if (entry->sessions_after < 0 || entry->amount_after < 0)
    {
      g_autofree char *over = ax_patient_text_credit_change (MIN (entry->sessions_after, 0),
                                                             MIN (entry->amount_after, 0),
                                                             currency);
      /* Translators: a ledger below zero: "Overdrawn: −1 session" */
      return g_strdup_printf (_("Overdrawn: %s"), over);
    }
  return ax_patient_text_membership_left ((int) entry->sessions_after, entry->amount_after,
                                          currency);
}

char *
ax_patient_text_credit_breach (const AxCreditBreach *breach,
                               const char           *currency)
{
  if (breach->sessions < 0 || breach->amount < 0)
    {
      g_autofree char *over = ax_patient_text_credit_change (MIN (breach->sessions, 0),
                                                             MIN (breach->amount, 0), currency);
      /* Translators: "Facial x5 is overdrawn (−1 session); review its usage" */
      return g_strdup_printf (_("%s is overdrawn (%s); review its usage"), breach->name, over);
    }
  /* Translators: a ledger entry the server marked for review */
  return g_strdup_printf (_("%s has an entry flagged for review"), breach->name);
}

gboolean
ax_patient_text_parse_fixed (const char *text,
                             int         scale,
                             gint64     *value)
{
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));
  int max_decimals = 0;
  gint64 whole = 0, frac = 0;
  int decimals = 0;
  const char *p = s;

  for (int k = scale; k > 1; k /= 10)
    max_decimals++;
  if (*p == '\0')
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      whole = whole * 10 + (*p - '0');
      if (whole > G_MAXINT32)
        return FALSE;
    }
  if (p == s)
    return FALSE;
  if (*p == '.' || *p == ',')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (++decimals > max_decimals)
            return FALSE;
          frac = frac * 10 + (*p - '0');
        }
      if (decimals == 0)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  for (int k = decimals; k < max_decimals; k++)
    frac *= 10;
  *value = whole * scale + frac;
  return TRUE;
}

GStrv
ax_patient_text_split_list (const char *text)
{
  g_auto (GStrv) parts = g_strsplit_set (text ? text : "", ",\n", -1);
  g_autoptr (GStrvBuilder) out = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (out, parts[i]);
    }
  return g_strv_builder_end (out);
}

gboolean
ax_patient_text_is_date (const char *text)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return y >= 1900 && y <= 2200 && g_date_valid_dmy (d, m, y);
}
