/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic: a deterministic, realistic store for trying the app,
 * for screenshots and, scaled up, for the benchmarks of DESIGN.md §10.
 *
 * Everything is drawn from one GRand seeded with options->seed, in a fixed
 * order, so the same seed and the same "today" give the same names, phone
 * numbers, times and amounts. Ids are UUIDv7 made from each row's own
 * created_at (their random bits differ from run to run).
 *
 * The rows are the ones the mutators would write (same columns, same
 * conventions, same number series), but written in bulk: one transaction,
 * cached prepared statements, no outbox entries — the demo is the clinic's
 * baseline, not a change waiting to be synced. This file writes the clinic,
 * its people, catalogue, patients and stock; ax-demo-days.c writes the
 * appointments and sales day by day. */

#include "ax-demo-private.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-auth.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define DEFAULT_PATIENTS     500
#define DEFAULT_APPOINTMENTS 2000
#define DEFAULT_SALES        1500
#define DEFAULT_SEED         1

#define CLINIC_CODE  "LOT"
#define DEVICE_CODE  "D1"
#define PATIENT_SPAN_DAYS 548     /* about 18 months of registrations */
#define BULK_CACHE_KIB    262144  /* page cache while loading: 256 MiB */

/* Row helpers */

void
demo_new_id (AxUuidGen *gen,
             gint64     ms,
             char       out[AX_UUID_STRLEN])
{
  ax_uuid_gen_next (gen, ms, out);
}

void
demo_bind_base (DemoSeeder   *s,
                sqlite3_stmt *stmt,
                const char   *id,
                gint64        created_at)
{
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, s->clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, created_at);
  sqlite3_bind_text (stmt, 4, s->hlc, -1, SQLITE_STATIC);
}

void
demo_bind_text (sqlite3_stmt *stmt,
                int           idx,
                const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, idx);
}

void
demo_bind_int (sqlite3_stmt *stmt,
               int           idx,
               gint64        value)
{
  sqlite3_bind_int64 (stmt, idx, value);
}

void
demo_bind_opt_int (sqlite3_stmt *stmt,
                   int           idx,
                   gboolean      present,
                   gint64        value)
{
  if (present)
    sqlite3_bind_int64 (stmt, idx, value);
  else
    sqlite3_bind_null (stmt, idx);
}

gboolean
demo_step (DemoSeeder   *s,
           sqlite3_stmt *stmt,
           GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      ax_db_fail (s->db, _("Writing the demo clinic failed"), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  s->rows++;
  return TRUE;
}

static sqlite3_stmt *
prepare (DemoSeeder *s,
         const char *sql,
         GError    **error)
{
  return ax_db_prepare (s->db, sql, error);
}

/* Time in the clinic's zone */

static void
date_of_julian (guint32 julian,
                GDate  *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

gint64
demo_day_start_ms (DemoSeeder *s,
                   guint32     julian)
{
  GDate d;
  g_autoptr (GDateTime) dt = NULL;

  date_of_julian (julian, &d);
  dt = g_date_time_new (s->tz, g_date_get_year (&d), g_date_get_month (&d),
                        g_date_get_day (&d), 0, 0, 0);
  return g_date_time_to_unix (dt) * 1000;
}

int
demo_weekday (guint32 julian)
{
  GDate d;

  date_of_julian (julian, &d);
  return g_date_get_weekday (&d);  /* ISO: Monday 1 … Sunday 7 */
}

static GDateTime *
local_time (DemoSeeder *s,
            gint64      ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_to_timezone (utc, s->tz);
}

int
demo_local_year (DemoSeeder *s,
                 gint64      ms)
{
  /* Called for every patient and sale: remember the last year's bounds. */
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) to = NULL;

  if (s->year_cached != 0 && ms >= s->year_from_ms && ms < s->year_to_ms)
    return s->year_cached;
  local = local_time (s, ms);
  s->year_cached = g_date_time_get_year (local);
  from = g_date_time_new (s->tz, s->year_cached, 1, 1, 0, 0, 0);
  to = g_date_time_add_years (from, 1);
  s->year_from_ms = g_date_time_to_unix (from) * 1000;
  s->year_to_ms = g_date_time_to_unix (to) * 1000;
  return s->year_cached;
}

static guint32
julian_of (DemoSeeder *s,
           gint64      ms)
{
  g_autoptr (GDateTime) local = local_time (s, ms);
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return g_date_get_julian (&d);
}

static void
format_date (guint32 julian,
             char    out[11])
{
  GDate d;

  date_of_julian (julian, &d);
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d),
              g_date_get_day (&d));
}

/* Number series: <prefix>-<device>-<year>-<seq>, gapless per year. */

static gint64
series_next (GArray *series,
             int     year,
             gint64  ms)
{
  DemoSeriesYear *y = NULL;

  for (guint i = series->len; i > 0 && y == NULL; i--)
    if (g_array_index (series, DemoSeriesYear, i - 1).year == year)
      y = &g_array_index (series, DemoSeriesYear, i - 1);
  if (y == NULL)
    {
      DemoSeriesYear fresh = { year, 0, ms };
      g_array_append_val (series, fresh);
      y = &g_array_index (series, DemoSeriesYear, series->len - 1);
    }
  return ++y->last_seq;
}

static gboolean
write_series (DemoSeeder *s,
              GArray     *series,
              const char *kind,
              const char *prefix,
              GError    **error)
{
  sqlite3_stmt *stmt = prepare (s,
    "INSERT INTO number_series (id, clinic_id, created_at, updated_at, device_id, kind, year, "
    "                           prefix, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < series->len; i++)
    {
      DemoSeriesYear *y = &g_array_index (series, DemoSeriesYear, i);
      char id[AX_UUID_STRLEN];

      demo_new_id (s->meta_ids, y->first_ms, id);
      demo_bind_base (s, stmt, id, y->first_ms);
      demo_bind_text (stmt, 5, s->device_id);
      demo_bind_text (stmt, 6, kind);
      demo_bind_int (stmt, 7, y->year);
      demo_bind_text (stmt, 8, prefix);
      demo_bind_int (stmt, 9, y->last_seq);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }
  return TRUE;
}

char *
demo_receipt_number (DemoSeeder *s,
                     gint64      sold_at,
                     char        out[32])
{
  int year = demo_local_year (s, sold_at);
  gint64 seq = series_next (s->receipt_series, year, sold_at);

  g_snprintf (out, 32, CLINIC_CODE "R-" DEVICE_CODE "-%d-%06" G_GINT64_FORMAT, year, seq);
  return out;
}

/* The clinic, its device and its people */

static gboolean
write_clinic (DemoSeeder *s,
              GError    **error)
{
  sqlite3_stmt *stmt = prepare (s,
    "INSERT INTO clinics (id, clinic_id, created_at, updated_at, name, legal_name, tax_id, branch, "
    "                     address, phone, email, currency, timezone, locale, vat_rate_bp, "
    "                     prices_include_tax, discount_approval_bp, code) "
    "VALUES (?1, ?2, ?3, ?4, 'Lotus Aesthetic Clinic', 'Lotus Aesthetic Clinic Co., Ltd.', "
    "        '0105561234567', 'Head office', "
    "        '88/8 Sukhumvit Soi 31, Khlong Toei Nuea, Watthana, Bangkok 10110', '02-258-8888', "
    "        'hello@lotusclinic.example', 'THB', 'Asia/Bangkok', 'th_TH.UTF-8', 700, 1, 2000, "
    "        '" CLINIC_CODE "')", error);

  if (stmt == NULL)
    return FALSE;
  demo_new_id (s->meta_ids, s->clinic_created_ms, s->clinic_id);
  demo_bind_base (s, stmt, s->clinic_id, s->clinic_created_ms);
  if (!demo_step (s, stmt, error))
    return FALSE;

  stmt = prepare (s,
    "INSERT INTO devices (id, clinic_id, created_at, updated_at, name, code, kind, enrolled_at) "
    "VALUES (?1, ?2, ?3, ?4, 'Reception desk', '" DEVICE_CODE "', 'desk', ?3)", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_base (s, stmt, s->device_id, s->clinic_created_ms);
  return demo_step (s, stmt, error);
}

/* Providers beyond the eight of the demo table, for very large demos. */
static void
extra_provider (guint  i,
                char  *name,
                gsize  size,
                int   *role)
{
  static const char *const titles[] = { "Dr", "Nurse", "Therapist", "Therapist" };
  guint k = i % 4;

  *role = k == 0 ? DEMO_DOCTOR : k == 1 ? DEMO_NURSE : DEMO_THERAPIST;
  g_snprintf (name, size, "%s %s %s", titles[k],
              demo_extra_given[i % demo_extra_given_len],
              demo_thai_surnames[(i * 7 + 3) % demo_thai_surnames_len].roman);
}

static void
staff_up (DemoSeeder *s)
{
  guint extra = 0, extra_rooms;

  /* Eight providers hold ~35 appointments a day; a demo of hundreds of
   * thousands of appointments gets more hands so its history stays within
   * decades rather than centuries (at most 20 providers, the week view's
   * budget in DESIGN.md §10). */
  if (s->n_appointments > 300000)
    extra = MIN (12, (s->n_appointments - 300000) / 140000 + 1);
  extra_rooms = (extra * 2 + 2) / 3;

  for (guint i = 0; i < demo_providers_len + extra; i++)
    {
      DemoProviderRow p = { { 0 } };

      if (i < demo_providers_len)
        {
          p.role = demo_providers[i].role;
          p.day_off = demo_providers[i].day_off;
        }
      else
        {
          char name[80];
          extra_provider (i - demo_providers_len, name, sizeof name, &p.role);
          p.day_off = (i % 2) ? (int) (i % 6) + 1 : 0;
        }
      g_array_append_val (s->providers, p);
    }
  for (guint i = 0; i < demo_rooms_len + extra_rooms; i++)
    {
      DemoRoomRow r = { { 0 }, i < demo_rooms_len ? demo_rooms[i].room : DEMO_ROOM_TREATMENT };
      g_array_append_val (s->rooms, r);
    }
}

static gboolean
write_providers_and_rooms (DemoSeeder *s,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 at = s->clinic_created_ms + DEMO_HOUR_MS;

  stmt = prepare (s,
    "INSERT INTO providers (id, clinic_id, created_at, updated_at, name, title, specialty, color, "
    "                       license_no, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->providers->len; i++)
    {
      DemoProviderRow *p = &g_array_index (s->providers, DemoProviderRow, i);
      static const char *const titles[] = { "Dr", "Nurse", "Therapist" };
      static const char *const specialties[] = {
        "Aesthetic physician", "Nurse injector", "Skin therapist",
      };
      char name[80];
      int role;

      demo_new_id (s->meta_ids, at, p->id);
      demo_bind_base (s, stmt, p->id, at);
      if (i < demo_providers_len)
        {
          const DemoProvider *d = &demo_providers[i];
          demo_bind_text (stmt, 5, d->name);
          demo_bind_text (stmt, 6, d->title);
          demo_bind_text (stmt, 7, d->specialty);
          demo_bind_text (stmt, 8, d->color);
          demo_bind_text (stmt, 9, d->license);
        }
      else
        {
          extra_provider (i - demo_providers_len, name, sizeof name, &role);
          sqlite3_bind_text (stmt, 5, name, -1, SQLITE_TRANSIENT);
          demo_bind_text (stmt, 6, titles[role]);
          demo_bind_text (stmt, 7, specialties[role]);
          demo_bind_text (stmt, 8, demo_extra_colors[(i - demo_providers_len) % demo_extra_colors_len]);
          demo_bind_text (stmt, 9, NULL);
        }
      demo_bind_int (stmt, 10, i);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = prepare (s,
    "INSERT INTO rooms (id, clinic_id, created_at, updated_at, name, kind, sort_order) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->rooms->len; i++)
    {
      DemoRoomRow *r = &g_array_index (s->rooms, DemoRoomRow, i);
      char name[40];

      demo_new_id (s->meta_ids, at, r->id);
      demo_bind_base (s, stmt, r->id, at);
      if (i < demo_rooms_len)
        {
          demo_bind_text (stmt, 5, demo_rooms[i].name);
          demo_bind_text (stmt, 6, demo_rooms[i].kind);
        }
      else
        {
          g_snprintf (name, sizeof name, "Treatment %u", i - demo_rooms_len + 5);
          sqlite3_bind_text (stmt, 5, name, -1, SQLITE_TRANSIENT);
          demo_bind_text (stmt, 6, "treatment");
        }
      demo_bind_int (stmt, 7, i);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  /* Mon–Sat 09:00–18:00 with a lunch break, but for each provider's day off;
   * Sunday closed. */
  stmt = prepare (s,
    "INSERT INTO working_hours (id, clinic_id, created_at, updated_at, provider_id, weekday, "
    "                           start_min, end_min, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->providers->len; i++)
    {
      DemoProviderRow *p = &g_array_index (s->providers, DemoProviderRow, i);

      for (int wd = 1; wd <= 6; wd++)
        {
          static const struct { int from, to; const char *kind; } spans[] = {
            { DEMO_OPEN_MIN, DEMO_CLOSE_MIN, "work" },
            { DEMO_BREAK_MIN, DEMO_RESUME_MIN, "break" },
          };

          if (wd == p->day_off)
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (spans); k++)
            {
              char id[AX_UUID_STRLEN];

              demo_new_id (s->meta_ids, at, id);
              demo_bind_base (s, stmt, id, at);
              demo_bind_text (stmt, 5, p->id);
              demo_bind_int (stmt, 6, wd);
              demo_bind_int (stmt, 7, spans[k].from);
              demo_bind_int (stmt, 8, spans[k].to);
              demo_bind_text (stmt, 9, spans[k].kind);
              if (!demo_step (s, stmt, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

typedef struct
{
  const char *username;
  const char *display_name;
  const char *role;
  const char *email;
  int         provider;   /* index, or -1 */
  char       *id_out;
} DemoUser;

static gboolean
write_users (DemoSeeder *s,
             char      **hashes,
             GError    **error)
{
  char provider_user[AX_UUID_STRLEN], director_user[AX_UUID_STRLEN], readonly_user[AX_UUID_STRLEN];
  const DemoUser users[] = {
    { "owner", "Ploy Chaiyaporn", "owner", "ploy@lotusclinic.example", -1, s->owner_id },
    { "provider", "Dr Somchai Lee", "provider", "somchai@lotusclinic.example", 0, provider_user },
    { "frontdesk", "Mali Wongsa", "front_desk", "frontdesk@lotusclinic.example", -1, s->frontdesk_id },
    { "billing", "Beatriz Souza", "billing", "billing@lotusclinic.example", -1, s->billing_id },
    { "director", "Dr Helen Carter", "medical_director", "helen@lotusclinic.example", 1,
      director_user },
    { "readonly", "Read-only Auditor", "read_only", NULL, -1, readonly_user },
  };
  gint64 at = s->clinic_created_ms + 2 * DEMO_HOUR_MS;
  sqlite3_stmt *stmt, *link;

  stmt = prepare (s,
    "INSERT INTO users (id, clinic_id, created_at, updated_at, username, display_name, role, "
    "                   password_hash, provider_id, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  link = prepare (s, "UPDATE providers SET user_id = ?1 WHERE id = ?2", error);
  if (link == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      const char *provider_id = users[i].provider >= 0
        ? g_array_index (s->providers, DemoProviderRow, users[i].provider).id : NULL;

      demo_new_id (s->meta_ids, at, users[i].id_out);
      demo_bind_base (s, stmt, users[i].id_out, at);
      demo_bind_text (stmt, 5, users[i].username);
      demo_bind_text (stmt, 6, users[i].display_name);
      demo_bind_text (stmt, 7, users[i].role);
      demo_bind_text (stmt, 8, hashes[i]);
      demo_bind_text (stmt, 9, provider_id);
      demo_bind_text (stmt, 10, users[i].email);
      if (!demo_step (s, stmt, error))
        return FALSE;
      if (provider_id != NULL)
        {
          /* Not a new row: the provider now points back at its user. */
          demo_bind_text (link, 1, users[i].id_out);
          demo_bind_text (link, 2, provider_id);
          if (!demo_step (s, link, error))
            return FALSE;
          s->rows--;
        }
    }
  return TRUE;
}

/* The catalogue: categories, services, suppliers, products, packages, plans */

static gboolean
write_catalogue (DemoSeeder *s,
                 GError    **error)
{
  gint64 at = s->clinic_created_ms + 3 * DEMO_HOUR_MS;
  char supplier_ids[8][AX_UUID_STRLEN];
  sqlite3_stmt *stmt;

  g_assert (demo_suppliers_len <= G_N_ELEMENTS (supplier_ids));

  stmt = prepare (s,
    "INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name, kind, color, "
    "                                sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_categories_len; i++)
    {
      demo_new_id (s->meta_ids, at, s->category_ids[i]);
      demo_bind_base (s, stmt, s->category_ids[i], at);
      demo_bind_text (stmt, 5, demo_categories[i].name);
      demo_bind_text (stmt, 6, demo_categories[i].kind);
      demo_bind_text (stmt, 7, demo_categories[i].color);
      demo_bind_int (stmt, 8, i);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = prepare (s,
    "INSERT INTO services (id, clinic_id, created_at, updated_at, category_id, code, name, "
    "                      description, duration_min, price, tax_class, needs_room) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_services_len; i++)
    {
      const DemoService *d = &demo_services[i];

      demo_new_id (s->meta_ids, at, s->service_ids[i]);
      demo_bind_base (s, stmt, s->service_ids[i], at);
      demo_bind_text (stmt, 5, s->category_ids[d->category]);
      demo_bind_text (stmt, 6, d->code);
      demo_bind_text (stmt, 7, d->name);
      demo_bind_text (stmt, 8, d->description);
      demo_bind_int (stmt, 9, d->duration_min);
      demo_bind_int (stmt, 10, d->price);
      demo_bind_text (stmt, 11, d->tax_class);
      demo_bind_int (stmt, 12, d->room != DEMO_ROOM_NONE);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = prepare (s,
    "INSERT INTO suppliers (id, clinic_id, created_at, updated_at, name, contact, phone, email, "
    "                       tax_id, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_suppliers_len; i++)
    {
      const DemoSupplier *d = &demo_suppliers[i];

      demo_new_id (s->meta_ids, at, supplier_ids[i]);
      demo_bind_base (s, stmt, supplier_ids[i], at);
      demo_bind_text (stmt, 5, d->name);
      demo_bind_text (stmt, 6, d->contact);
      demo_bind_text (stmt, 7, d->phone);
      demo_bind_text (stmt, 8, d->email);
      demo_bind_text (stmt, 9, d->tax_id);
      demo_bind_text (stmt, 10, d->address);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = prepare (s,
    "INSERT INTO products (id, clinic_id, created_at, updated_at, category_id, code, barcode, name, "
    "                      kind, unit, price, tax_class, low_stock_threshold, near_expiry_days) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'standard', ?, 60)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_products_len; i++)
    {
      const DemoProduct *d = &demo_products[i];

      demo_new_id (s->meta_ids, at, s->stock[i].id);
      demo_bind_base (s, stmt, s->stock[i].id, at);
      demo_bind_text (stmt, 5, s->category_ids[d->category]);
      demo_bind_text (stmt, 6, d->code);
      demo_bind_text (stmt, 7, d->barcode);
      demo_bind_text (stmt, 8, d->name);
      demo_bind_text (stmt, 9, d->kind);
      demo_bind_text (stmt, 10, d->unit);
      demo_bind_int (stmt, 11, d->price);
      demo_bind_int (stmt, 12, d->threshold);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }
  /* Lots keep their supplier's id: remember it in the stock plan. */
  for (guint i = 0; i < demo_products_len; i++)
    memcpy (s->stock[i].supplier_id, supplier_ids[demo_products[i].supplier], AX_UUID_STRLEN);

  stmt = prepare (s,
    "INSERT INTO packages (id, clinic_id, created_at, updated_at, code, name, service_id, "
    "                      sessions, price, validity_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_packages_len; i++)
    {
      const DemoPackage *d = &demo_packages[i];

      demo_new_id (s->meta_ids, at, s->package_ids[i]);
      demo_bind_base (s, stmt, s->package_ids[i], at);
      demo_bind_text (stmt, 5, d->code);
      demo_bind_text (stmt, 6, d->name);
      demo_bind_text (stmt, 7, s->service_ids[d->service]);
      demo_bind_int (stmt, 8, d->sessions);
      demo_bind_int (stmt, 9, d->price);
      demo_bind_int (stmt, 10, d->validity_days);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = prepare (s,
    "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, "
    "                              period_months, wallet_amount, credits_json) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_plans_len; i++)
    {
      const DemoPlan *d = &demo_plans[i];
      g_autofree char *credits = g_strdup_printf ("[{\"service_id\":\"%s\",\"sessions\":%d}]",
                                                  s->service_ids[d->service], d->sessions);

      demo_new_id (s->meta_ids, at, s->plan_ids[i]);
      demo_bind_base (s, stmt, s->plan_ids[i], at);
      demo_bind_text (stmt, 5, d->name);
      demo_bind_int (stmt, 6, d->price);
      demo_bind_int (stmt, 7, d->period_months);
      demo_bind_int (stmt, 8, d->wallet);
      demo_bind_text (stmt, 9, credits);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Stock: each product receives a new lot every lot_period_days; a sale or a
 * treatment takes from the lot on the shelf at the time. The lots are
 * planned before the history is generated and written after it, when what
 * each one gave out is known: a lot receives what it gave out plus what is
 * left of it today, so stock never goes below zero and ends where the table
 * says (some products low, some lots near or past their expiry). */

static void
plan_stock (DemoSeeder *s)
{
  gint64 first_ms = demo_day_start_ms (s, s->first_day);

  for (guint p = 0; p < demo_products_len; p++)
    {
      const DemoProduct *d = &demo_products[p];
      DemoStock *st = &s->stock[p];
      guint n_lots;

      st->period_ms = d->lot_period_days * DEMO_DAY_MS;
      st->newest_received_at = s->today_start_ms - (7 + (p * 5) % 30) * DEMO_DAY_MS
                               + 10 * DEMO_HOUR_MS;
      n_lots = 2;
      while (st->newest_received_at - (gint64) (n_lots - 1) * st->period_ms > first_ms)
        n_lots++;
      st->lots = g_array_sized_new (FALSE, TRUE, sizeof (DemoLot), n_lots);
      g_array_set_size (st->lots, n_lots);

      for (guint k = n_lots; k > 0; k--)
        {
          DemoLot *lot = &g_array_index (st->lots, DemoLot, k - 1);
          g_autoptr (GDateTime) received = NULL;

          lot->received_at = st->newest_received_at - (gint64) (k - 1) * st->period_ms;
          received = local_time (s, lot->received_at);
          g_snprintf (lot->lot_number, sizeof lot->lot_number, "%s%02d%02d-%03d", d->lot_prefix,
                      g_date_time_get_year (received) % 100, g_date_time_get_month (received),
                      demo_rand (s, 100, 1000));
          if (k - 1 == 1 && d->old_on_hand > 0)
            {
              format_date (s->today + d->old_expiry_days, lot->expiry);
              lot->remaining = d->old_on_hand;
            }
          else
            {
              format_date (julian_of (s, lot->received_at) + d->shelf_days, lot->expiry);
              lot->remaining = k - 1 == 0 ? d->on_hand : 0;
            }
        }
    }
}

DemoLot *
demo_stock_take (DemoSeeder *s,
                 int         product,
                 gint64      at,
                 gint64      qty)
{
  DemoStock *st = &s->stock[product];
  guint k = 0;
  DemoLot *lot;

  if (at < st->newest_received_at)
    k = MIN ((guint) ((st->newest_received_at - at + st->period_ms - 1) / st->period_ms),
             st->lots->len - 1);
  lot = &g_array_index (st->lots, DemoLot, k);
  lot->consumed += qty;
  lot->referenced = TRUE;
  return lot;
}

static gboolean
write_stock (DemoSeeder *s,
             GError    **error)
{
  sqlite3_stmt *lot_stmt, *move_stmt;

  lot_stmt = prepare (s,
    "INSERT INTO lots (id, clinic_id, created_at, updated_at, product_id, lot_number, expiry_date, "
    "                  unit_cost, supplier_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (lot_stmt == NULL)
    return FALSE;
  move_stmt = prepare (s,
    "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, qty, "
    "                             kind, reason, at, user_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'receive', 'Received from supplier', ?, ?)", error);
  if (move_stmt == NULL)
    return FALSE;

  for (guint p = 0; p < demo_products_len; p++)
    {
      DemoStock *st = &s->stock[p];

      for (guint k = st->lots->len; k > 0; k--)
        {
          DemoLot *lot = &g_array_index (st->lots, DemoLot, k - 1);
          gint64 received = lot->consumed + lot->remaining;
          char mid[AX_UUID_STRLEN];

          if (!lot->referenced && received <= 0)
            continue;
          demo_bind_base (s, lot_stmt, lot->id, lot->received_at);
          demo_bind_text (lot_stmt, 5, st->id);
          demo_bind_text (lot_stmt, 6, lot->lot_number);
          demo_bind_text (lot_stmt, 7, lot->expiry);
          demo_bind_int (lot_stmt, 8, demo_products[p].unit_cost);
          demo_bind_text (lot_stmt, 9, st->supplier_id);
          demo_bind_int (lot_stmt, 10, lot->received_at);
          if (!demo_step (s, lot_stmt, error))
            return FALSE;
          if (received <= 0)
            continue;
          demo_new_id (s->stock_ids, lot->received_at, mid);
          demo_bind_base (s, move_stmt, mid, lot->received_at);
          demo_bind_text (move_stmt, 5, st->id);
          demo_bind_text (move_stmt, 6, lot->id);
          demo_bind_int (move_stmt, 7, received);
          demo_bind_int (move_stmt, 8, lot->received_at);
          demo_bind_text (move_stmt, 9, s->owner_id);
          if (!demo_step (s, move_stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
make_lot_ids (DemoSeeder *s)
{
  /* Oldest first, so the ids follow the lots' receipt order. */
  guint most = 0;

  for (guint p = 0; p < demo_products_len; p++)
    most = MAX (most, s->stock[p].lots->len);
  for (guint k = most; k > 0; k--)
    for (guint p = 0; p < demo_products_len; p++)
      if (k <= s->stock[p].lots->len)
        {
          DemoLot *lot = &g_array_index (s->stock[p].lots, DemoLot, k - 1);
          demo_new_id (s->stock_ids, lot->received_at, lot->id);
        }
}

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
  g_autoptr (GDateTime) now = local_time (s, s->now_ms);
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

static gboolean
write_patients (DemoSeeder *s,
                gint64      span_start,
                GError    **error)
{
  static const char *const domains_th[] = { "gmail.com", "hotmail.com", "yahoo.co.th", "outlook.com" };
  static const char *const domains_br[] = { "gmail.com", "uol.com.br", "hotmail.com", "terra.com.br" };
  static const char *const domains_en[] = { "gmail.com", "outlook.com", "icloud.com", "yahoo.co.uk" };
  static const char *const blood[] = { "A+", "B+", "O+", "AB+", "O-", "A-" };
  g_autoptr (GArray) series = g_array_new (FALSE, FALSE, sizeof (DemoSeriesYear));
  g_autoptr (GString) email = g_string_sized_new (64);
  sqlite3_stmt *stmt, *allergy;

  stmt = prepare (s,
    "INSERT INTO patients (id, clinic_id, created_at, updated_at, patient_number, first_name, "
    "                      last_name, nickname, birth_date, sex, phone, email, national_id, "
    "                      address, line_id, blood_type, source, marketing_opt_in) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  allergy = prepare (s,
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
      g_snprintf (number, sizeof number, CLINIC_CODE "-" DEVICE_CODE "-%d-%06" G_GINT64_FORMAT,
                  year, series_next (series, year, at));
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

              g_snprintf (aid, sizeof aid, "%.24s%012x", s->patient_id[i], k + 1);
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
  return write_series (s, series, "patient", CLINIC_CODE, error);
}

/* The load itself */

typedef struct
{
  gint64 cache_size;
  gint64 synchronous;
} Pragmas;

static gint64
pragma_int (AxDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 v = 0;

  if (sqlite3_prepare_v2 (ax_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static void
enter_bulk_mode (AxDb    *db,
                 Pragmas *saved)
{
  g_autofree char *sql = NULL;

  saved->cache_size = pragma_int (db, "PRAGMA cache_size");
  saved->synchronous = pragma_int (db, "PRAGMA synchronous");
  /* A crash mid-load loses the demo, never the store: the load is one
   * transaction into a store that held no clinic. */
  sql = g_strdup_printf ("PRAGMA synchronous = OFF; PRAGMA cache_size = -%d", BULK_CACHE_KIB);
  if (!ax_db_exec (db, sql, NULL))
    g_debug ("Could not switch the store to bulk loading");
}

static void
leave_bulk_mode (AxDb    *db,
                 Pragmas *saved)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA synchronous = %" G_GINT64_FORMAT "; "
                                          "PRAGMA cache_size = %" G_GINT64_FORMAT,
                                          saved->synchronous, saved->cache_size);

  if (!ax_db_exec (db, sql, NULL))
    g_warning ("Could not restore the store's settings after loading the demo");
  /* The load went through the write-ahead log: fold it into the store and
   * give the disk space back. */
  if (!ax_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL))
    g_debug ("Could not checkpoint the store after loading the demo");
}

static void
seeder_clear (DemoSeeder *s)
{
  g_clear_pointer (&s->rand, g_rand_free);
  g_clear_pointer (&s->tz, g_time_zone_unref);
  g_clear_pointer (&s->meta_ids, ax_uuid_gen_free);
  g_clear_pointer (&s->patient_ids, ax_uuid_gen_free);
  g_clear_pointer (&s->appointment_ids, ax_uuid_gen_free);
  g_clear_pointer (&s->sale_ids, ax_uuid_gen_free);
  g_clear_pointer (&s->stock_ids, ax_uuid_gen_free);
  g_clear_pointer (&s->providers, g_array_unref);
  g_clear_pointer (&s->rooms, g_array_unref);
  g_clear_pointer (&s->category_ids, g_free);
  g_clear_pointer (&s->service_ids, g_free);
  g_clear_pointer (&s->package_ids, g_free);
  g_clear_pointer (&s->plan_ids, g_free);
  if (s->stock != NULL)
    for (guint p = 0; p < demo_products_len; p++)
      g_clear_pointer (&s->stock[p].lots, g_array_unref);
  g_clear_pointer (&s->stock, g_free);
  g_clear_pointer (&s->patient_id, g_free);
  g_clear_pointer (&s->patient_created, g_free);
  g_clear_pointer (&s->receipt_series, g_array_unref);
}

static gboolean
seed (DemoSeeder *s,
      char      **hashes,
      GError    **error)
{
  gint64 first_ms, span_start;

  ax_store_tick_hlc (s->store, s->hlc);
  if (!ax_db_set_state (s->db, "hlc", s->hlc, error))
    return FALSE;

  /* How far back the history goes decides when the clinic opened. */
  s->first_day = demo_plan_first_day (s);
  first_ms = demo_day_start_ms (s, s->first_day);
  span_start = MIN (s->today_start_ms - PATIENT_SPAN_DAYS * DEMO_DAY_MS, first_ms - 60 * DEMO_DAY_MS);
  s->clinic_created_ms = MIN (span_start, first_ms - 200 * DEMO_DAY_MS) - 14 * DEMO_DAY_MS
                         + 10 * DEMO_HOUR_MS;

  plan_stock (s);
  make_lot_ids (s);

  return write_clinic (s, error)
         && write_providers_and_rooms (s, error)
         && write_users (s, hashes, error)
         && write_catalogue (s, error)
         && write_patients (s, span_start, error)
         && demo_seed_days (s, error)
         && write_stock (s, error)
         && write_series (s, s->receipt_series, "receipt", CLINIC_CODE "R", error);
}

gboolean
ax_demo_seed (AxStore             *store,
              const AxDemoOptions *options,
              guint64             *rows_out,
              GError             **error)
{
  DemoSeeder s = { 0 };
  char *hashes[6] = { NULL };
  Pragmas saved;
  gboolean ok;

  g_return_val_if_fail (AX_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rows_out != NULL)
    *rows_out = 0;
  if (ax_store_get_clinic (store) != NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   _("This store already belongs to the clinic “%s”; the demo clinic can only "
                     "be created in a new, empty store"),
                   ax_store_get_clinic (store)->name);
      return FALSE;
    }

  /* argon2id is slow by design: hash before the transaction, once per user. */
  for (guint i = 0; i < G_N_ELEMENTS (hashes); i++)
    {
      hashes[i] = ax_auth_hash_password (AX_DEMO_PASSWORD, error);
      if (hashes[i] == NULL)
        {
          for (guint k = 0; k < i; k++)
            g_free (hashes[k]);
          return FALSE;
        }
    }

  s.store = store;
  s.db = ax_store_get_db (store);
  s.device_id = ax_store_get_device_id (store);
  s.n_patients = options && options->patients ? options->patients : DEFAULT_PATIENTS;
  s.n_appointments = options && options->appointments ? options->appointments : DEFAULT_APPOINTMENTS;
  s.n_sales = options && options->sales ? options->sales : DEFAULT_SALES;
  s.now_ms = options && options->now_ms > 0 ? options->now_ms : ax_store_now_ms (store);
  s.rand = g_rand_new_with_seed (options && options->seed ? options->seed : DEFAULT_SEED);
  s.tz = g_time_zone_new_identifier ("Asia/Bangkok");
  if (s.tz == NULL)
    s.tz = g_time_zone_new_offset (7 * 3600);
  s.meta_ids = ax_uuid_gen_new ();
  s.patient_ids = ax_uuid_gen_new ();
  s.appointment_ids = ax_uuid_gen_new ();
  s.sale_ids = ax_uuid_gen_new ();
  s.stock_ids = ax_uuid_gen_new ();
  s.providers = g_array_new (FALSE, TRUE, sizeof (DemoProviderRow));
  s.rooms = g_array_new (FALSE, TRUE, sizeof (DemoRoomRow));
  s.category_ids = g_new0 (DemoId, demo_categories_len);
  s.service_ids = g_new0 (DemoId, demo_services_len);
  s.package_ids = g_new0 (DemoId, demo_packages_len);
  s.plan_ids = g_new0 (DemoId, demo_plans_len);
  s.stock = g_new0 (DemoStock, demo_products_len);
  s.patient_id = g_new0 (DemoId, s.n_patients);
  s.patient_created = g_new0 (gint64, s.n_patients);
  s.receipt_series = g_array_new (FALSE, FALSE, sizeof (DemoSeriesYear));
  s.today = julian_of (&s, s.now_ms);
  s.today_start_ms = demo_day_start_ms (&s, s.today);
  staff_up (&s);

  enter_bulk_mode (s.db, &saved);
  ok = ax_db_begin (s.db, error);
  if (ok)
    {
      ok = seed (&s, hashes, error) && ax_db_commit (s.db, error);
      if (!ok)
        ax_db_rollback (s.db);
    }
  leave_bulk_mode (s.db, &saved);

  for (guint i = 0; i < G_N_ELEMENTS (hashes); i++)
    g_free (hashes[i]);
  if (ok)
    {
      ax_store_reload_clinic (store);
      ax_store_emit_changed (store, "demo.seed");
      if (rows_out != NULL)
        *rows_out = s.rows;
    }
  seeder_clear (&s);
  return ok;
}
