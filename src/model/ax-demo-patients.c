/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic's patients: Thai (some in Thai script), Brazilian and
 * English names, phones, e-mails, national ids, addresses and allergies,
 * registered over the months before today, numbered from the patient series. */

#include "ax-demo-private.h"

#include <stdio.h>
#include <string.h>

/* Patients */

static const char *
pick (DemoSeeder        *s,
      const char *const *list,
      guint              len)
{
  return list[demo_rand (s, 0, (int) len)];
}

static const DemoThaiName *
pick_thai (DemoSeeder         *s,
           const DemoThaiName *list,
           guint               len)
{
  return &list[demo_rand (s, 0, (int) len)];
}

/* Lower-case ASCII letters and digits only: "João" → "joao", "O'Brien" → "obrien". */
static void
ascii_handle (const char *name,
              GString    *out)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
}

static void
thai_mobile (DemoSeeder *s,
             char       *out,
             gsize       size)
{
  static const char second[] = { '6', '8', '9' };
  char d = second[demo_rand (s, 0, 3)];
  int a = demo_rand (s, 0, 10), b = demo_rand (s, 0, 1000), c = demo_rand (s, 0, 10000);

  if (demo_chance (s, 600))
    g_snprintf (out, size, "0%c%d-%03d-%04d", d, a, b, c);
  else
    g_snprintf (out, size, "0%c%d%03d%04d", d, a, b, c);
}

static void
thai_national_id (DemoSeeder *s,
                  char       *out,
                  gsize       size)
{
  int digits[13], sum = 0;

  digits[0] = demo_rand (s, 1, 9);
  for (int i = 1; i < 12; i++)
    digits[i] = demo_rand (s, 0, 10);
  for (int i = 0; i < 12; i++)
    sum += digits[i] * (13 - i);
  digits[12] = (11 - sum % 11) % 10;
  g_snprintf (out, size, "%d-%d%d%d%d-%d%d%d%d%d-%d%d-%d", digits[0], digits[1], digits[2],
              digits[3], digits[4], digits[5], digits[6], digits[7], digits[8], digits[9],
              digits[10], digits[11], digits[12]);
}

static void
brazil_cpf (DemoSeeder *s,
            char       *out,
            gsize       size)
{
  int d[11], sum = 0;

  for (int i = 0; i < 9; i++)
    d[i] = demo_rand (s, 0, 10);
  for (int i = 0; i < 9; i++)
    sum += d[i] * (10 - i);
  d[9] = (sum * 10) % 11 % 10;
  sum = 0;
  for (int i = 0; i < 10; i++)
    sum += d[i] * (11 - i);
  d[10] = (sum * 10) % 11 % 10;
  g_snprintf (out, size, "%d%d%d.%d%d%d.%d%d%d-%d%d", d[0], d[1], d[2], d[3], d[4], d[5], d[6],
              d[7], d[8], d[9], d[10]);
}

typedef enum { ORIGIN_THAI, ORIGIN_BRAZIL, ORIGIN_ENGLISH } Origin;

typedef struct
{
  char        first[64];
  char        last[96];
  const char *nickname;
  const char *roman_first;   /* for the e-mail address */
  const char *roman_last;
  const char *sex;
  Origin      origin;
} PersonName;

static void
make_name (DemoSeeder *s,
           PersonName *n)
{
  int r = demo_rand (s, 0, 1000);
  gboolean female;

  n->nickname = NULL;
  n->origin = r < 650 ? ORIGIN_THAI : r < 800 ? ORIGIN_BRAZIL : ORIGIN_ENGLISH;
  female = demo_chance (s, n->origin == ORIGIN_THAI ? 820 : 780);
  n->sex = demo_chance (s, 5) ? "other" : female ? "female" : "male";

  if (n->origin == ORIGIN_THAI)
    {
      const DemoThaiName *first = female ? pick_thai (s, demo_thai_female, demo_thai_female_len)
                                         : pick_thai (s, demo_thai_male, demo_thai_male_len);
      const DemoThaiName *last = pick_thai (s, demo_thai_surnames, demo_thai_surnames_len);
      const DemoThaiName *nick = NULL;
      gboolean thai_script = demo_chance (s, 250);

      if (demo_chance (s, 700))
        nick = female ? pick_thai (s, demo_thai_nick_female, demo_thai_nick_female_len)
                      : pick_thai (s, demo_thai_nick_male, demo_thai_nick_male_len);
      g_strlcpy (n->first, thai_script ? first->thai : first->roman, sizeof n->first);
      g_strlcpy (n->last, thai_script ? last->thai : last->roman, sizeof n->last);
      n->nickname = nick ? (thai_script ? nick->thai : nick->roman) : NULL;
      n->roman_first = first->roman;
      n->roman_last = last->roman;
    }
  else if (n->origin == ORIGIN_BRAZIL)
    {
      const char *first = female ? pick (s, demo_br_female, demo_br_female_len)
                                 : pick (s, demo_br_male, demo_br_male_len);
      const char *last = pick (s, demo_br_surnames, demo_br_surnames_len);

      g_strlcpy (n->first, first, sizeof n->first);
      if (demo_chance (s, 450))
        g_snprintf (n->last, sizeof n->last, "%s %s",
                    pick (s, demo_br_surnames, demo_br_surnames_len), last);
      else
        g_strlcpy (n->last, last, sizeof n->last);
      n->roman_first = first;
      n->roman_last = last;
    }
  else
    {
      const char *first = female ? pick (s, demo_en_female, demo_en_female_len)
                                 : pick (s, demo_en_male, demo_en_male_len);
      const char *last = pick (s, demo_en_surnames, demo_en_surnames_len);

      g_strlcpy (n->first, first, sizeof n->first);
      g_strlcpy (n->last, last, sizeof n->last);
      n->roman_first = first;
      n->roman_last = last;
    }
}

static int
compare_ms (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* When each patient registered: spread over the span, with a few in this
 * month and the last so the dashboard's "new patients" is never empty. */
static void
plan_registrations (DemoSeeder *s,
                    gint64      span_start)
{
  g_autoptr (GDateTime) now = demo_local_time (s, s->now_ms);
  g_autoptr (GDateTime) month = g_date_time_new (s->tz, g_date_time_get_year (now),
                                                 g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr (GDateTime) last_month = g_date_time_add_months (month, -1);
  gint64 month_ms = g_date_time_to_unix (month) * 1000;
  gint64 last_month_ms = g_date_time_to_unix (last_month) * 1000;
  guint n = s->n_patients, forced = MAX (1, n / 200);
  int span_days = (int) ((s->today_start_ms - span_start) / DEMO_DAY_MS) + 1;

  for (guint i = 0; i < n; i++)
    {
      gint64 at;

      if (i < forced && n >= 2)
        {
          gint64 from = month_ms, to = s->now_ms;
          gint64 width = to - from;

          at = from + (gint64) (g_rand_double (s->rand) * (double) MAX (width, 1));
        }
      else if (i < 2 * forced && n >= 2)
        at = last_month_ms + (gint64) (g_rand_double (s->rand) * (double) (month_ms - last_month_ms));
      else
        {
          int day = demo_rand (s, 0, span_days);
          at = s->today_start_ms - (gint64) day * DEMO_DAY_MS
               + demo_rand (s, DEMO_OPEN_MIN, DEMO_CLOSE_MIN + 60) * DEMO_MINUTE_MS
               + demo_rand (s, 0, 60000);
        }
      if (at > s->now_ms)
        at = s->now_ms - demo_rand (s, 1000, 3600 * 1000);
      s->patient_created[i] = at;
    }
  qsort (s->patient_created, n, sizeof (gint64), compare_ms);
}

gboolean
demo_write_patients (DemoSeeder  *s,
                     gint64       span_start,
                     GError     **error)
{
  static const char *const domains_th[] = { "gmail.com", "hotmail.com", "yahoo.co.th", "outlook.com" };
  static const char *const domains_br[] = { "gmail.com", "uol.com.br", "hotmail.com", "terra.com.br" };
  static const char *const domains_en[] = { "gmail.com", "outlook.com", "icloud.com", "yahoo.co.uk" };
  static const char *const blood[] = { "A+", "B+", "O+", "AB+", "O-", "A-" };
  g_autoptr (GArray) series = g_array_new (FALSE, FALSE, sizeof (DemoSeriesYear));
  g_autoptr (GString) email = g_string_sized_new (64);
  sqlite3_stmt *stmt, *allergy;

  stmt = ax_db_prepare (s->db,
    "INSERT INTO patients (id, clinic_id, created_at, updated_at, patient_number, first_name, "
    "                      last_name, nickname, birth_date, sex, phone, email, national_id, "
    "                      address, line_id, blood_type, source, marketing_opt_in) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  allergy = ax_db_prepare (s->db,
    "INSERT INTO allergies (id, clinic_id, created_at, updated_at, patient_id, substance, "
    "                       reaction, severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (allergy == NULL)
    return FALSE;

  plan_registrations (s, span_start);

  for (guint i = 0; i < s->n_patients; i++)
    {
      gint64 at = s->patient_created[i];
      int year = demo_local_year (s, at);
      char number[40], birth[11], phone[32], national[32], address[160], line[40];
      const char *phone_p = phone, *national_p = NULL, *address_p = NULL, *line_p = NULL;
      const char *email_p = NULL;
      PersonName n;
      int by, bm;

      make_name (s, &n);
      g_snprintf (number, sizeof number, DEMO_CLINIC_CODE "-" DEMO_DEVICE_CODE "-%d-%06" G_GINT64_FORMAT,
                  year, demo_series_next (series, year, at));
      by = 1960 + (demo_rand (s, 0, 46) + demo_rand (s, 0, 46)) / 2;
      bm = demo_rand (s, 1, 13);
      g_snprintf (birth, sizeof birth, "%04d-%02d-%02d", by, bm,
                  demo_rand (s, 1, g_date_get_days_in_month (bm, by) + 1));

      if (n.origin == ORIGIN_BRAZIL && demo_chance (s, 700))
        {
          static const int areas[] = { 11, 21, 31, 41, 51, 61, 71, 81 };
          g_snprintf (phone, sizeof phone, "+55 %d 9%04d-%04d", areas[demo_rand (s, 0, 8)],
                      demo_rand (s, 0, 10000), demo_rand (s, 0, 10000));
        }
      else if (n.origin == ORIGIN_ENGLISH && demo_chance (s, 400))
        g_snprintf (phone, sizeof phone, "+44 7%03d %06d", demo_rand (s, 0, 1000),
                    demo_rand (s, 0, 1000000));
      else
        thai_mobile (s, phone, sizeof phone);
      if (demo_chance (s, 30))
        phone_p = NULL;

      if (demo_chance (s, n.origin == ORIGIN_THAI ? 350 : n.origin == ORIGIN_BRAZIL ? 600 : 700))
        {
          const char *const *domains = n.origin == ORIGIN_THAI ? domains_th
                                       : n.origin == ORIGIN_BRAZIL ? domains_br : domains_en;
          g_string_truncate (email, 0);
          ascii_handle (n.roman_first, email);
          g_string_append_c (email, demo_chance (s, 500) ? '.' : '_');
          ascii_handle (n.roman_last, email);
          if (demo_chance (s, 600))
            g_string_append_printf (email, "%d", demo_rand (s, 1, 100));
          g_string_append_printf (email, "@%s", domains[demo_rand (s, 0, 4)]);
          email_p = email->str;
        }

      if (n.origin == ORIGIN_THAI && demo_chance (s, 400))
        thai_national_id (s, national, sizeof national), national_p = national;
      else if (n.origin == ORIGIN_BRAZIL && demo_chance (s, 300))
        brazil_cpf (s, national, sizeof national), national_p = national;
      else if (n.origin == ORIGIN_ENGLISH && demo_chance (s, 200))
        {
          g_snprintf (national, sizeof national, "GBR %09d", demo_rand (s, 500000000, 599999999));
          national_p = national;
        }

      if (demo_chance (s, 300))
        {
          const DemoStreet *st = &demo_streets[demo_rand (s, 0, (int) demo_streets_len)];
          g_snprintf (address, sizeof address, "%d/%d %s %d, %s", demo_rand (s, 1, 400),
                      demo_rand (s, 1, 90), st->street, demo_rand (s, 1, 80), st->area);
          address_p = address;
        }
      if (n.origin == ORIGIN_THAI && demo_chance (s, 300))
        {
          g_autoptr (GString) handle = g_string_new (NULL);
          ascii_handle (n.roman_first, handle);
          g_snprintf (line, sizeof line, "%s%d", handle->str, demo_rand (s, 10, 9999));
          line_p = line;
        }

      demo_new_id (s->patient_ids, at, s->patient_id[i]);
      demo_bind_base (s, stmt, s->patient_id[i], at);
      demo_bind_text (stmt, 5, number);
      demo_bind_text (stmt, 6, n.first);
      demo_bind_text (stmt, 7, n.last);
      demo_bind_text (stmt, 8, n.nickname);
      demo_bind_text (stmt, 9, birth);
      demo_bind_text (stmt, 10, n.sex);
      demo_bind_text (stmt, 11, phone_p);
      demo_bind_text (stmt, 12, email_p);
      demo_bind_text (stmt, 13, national_p);
      demo_bind_text (stmt, 14, address_p);
      demo_bind_text (stmt, 15, line_p);
      demo_bind_text (stmt, 16, demo_chance (s, 100) ? blood[demo_rand (s, 0, 6)] : NULL);
      demo_bind_text (stmt, 17, demo_chance (s, 850)
                                ? demo_sources[demo_rand (s, 0, (int) demo_sources_len)] : NULL);
      demo_bind_int (stmt, 18, demo_chance (s, 450));
      if (!demo_step (s, stmt, error))
        return FALSE;

      /* About one patient in twenty has an allergy on file, a few two. The
       * ids follow patient.create's rule (derived from the patient's). */
      if (demo_chance (s, 50))
        {
          int n_allergies = demo_chance (s, 150) ? 2 : 1;
          int first = demo_rand (s, 0, (int) demo_allergens_len);

          for (int k = 0; k < n_allergies; k++)
            {
              const char *reaction = demo_reactions[demo_rand (s, 0, (int) demo_reactions_len)];
              char aid[AX_UUID_STRLEN];

              ax_uuid_derive (s->patient_id[i], k + 1, aid);
              demo_bind_base (s, allergy, aid, at);
              demo_bind_text (allergy, 5, s->patient_id[i]);
              demo_bind_text (allergy, 6, demo_allergens[(first + k) % demo_allergens_len]);
              demo_bind_text (allergy, 7, reaction);
              demo_bind_text (allergy, 8, strcmp (reaction, "Anaphylaxis") == 0 ? "severe"
                                          : demo_chance (s, 500) ? "mild" : "moderate");
              if (!demo_step (s, allergy, error))
                return FALSE;
            }
        }
    }
  return demo_write_series (s, series, "patient", DEMO_CLINIC_CODE, error);
}

