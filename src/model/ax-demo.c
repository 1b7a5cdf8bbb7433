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
demo_step (DemoSeeder    *s,
           sqlite3_stmt  *stmt,
           GError       **error)
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

/* Time in the clinic's zone */

static void
date_of_julian (guint32  julian,
                GDate   *date)
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

GDateTime *
demo_local_time (DemoSeeder *s,
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
  local = demo_local_time (s, ms);
  s->year_cached = g_date_time_get_year (local);
  from = g_date_time_new (s->tz, s->year_cached, 1, 1, 0, 0, 0);
  to = g_date_time_add_years (from, 1);
  s->year_from_ms = g_date_time_to_unix (from) * 1000;
  s->year_to_ms = g_date_time_to_unix (to) * 1000;
  return s->year_cached;
}

guint32
demo_julian_of (DemoSeeder *s,
                gint64      ms)
{
  g_autoptr (GDateTime) local = demo_local_time (s, ms);
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return g_date_get_julian (&d);
}

void
demo_format_date (guint32 julian,
                  char    out[11])
{
  GDate d;

  date_of_julian (julian, &d);
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d),
              g_date_get_day (&d));
}

/* Number series: <prefix>-<device>-<year>-<seq>, gapless per year. */

gint64
demo_series_next (GArray *series,
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

gboolean
demo_write_series (DemoSeeder  *s,
                   GArray      *series,
                   const char  *kind,
                   const char  *prefix,
                   GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (s->db,
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
  gint64 seq = demo_series_next (s->receipt_series, year, sold_at);

  g_snprintf (out, 32, DEMO_CLINIC_CODE "R-" DEMO_DEVICE_CODE "-%d-%06" G_GINT64_FORMAT, year, seq);
  return out;
}

/* The clinic, its device and its people */

static gboolean
write_clinic (DemoSeeder  *s,
              GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (s->db,
    "INSERT INTO clinics (id, clinic_id, created_at, updated_at, name, legal_name, tax_id, branch, "
    "                     address, phone, email, currency, timezone, locale, vat_rate_bp, "
    "                     prices_include_tax, discount_approval_bp, code) "
    "VALUES (?1, ?2, ?3, ?4, 'Lotus Aesthetic Clinic', 'Lotus Aesthetic Clinic Co., Ltd.', "
    "        '0105561234567', 'Head office', "
    "        '88/8 Sukhumvit Soi 31, Khlong Toei Nuea, Watthana, Bangkok 10110', '02-258-8888', "
    "        'hello@lotusclinic.example', 'THB', 'Asia/Bangkok', 'th_TH.UTF-8', 700, 1, 2000, "
    "        '" DEMO_CLINIC_CODE "')", error);

  if (stmt == NULL)
    return FALSE;
  demo_new_id (s->meta_ids, s->clinic_created_ms, s->clinic_id);
  demo_bind_base (s, stmt, s->clinic_id, s->clinic_created_ms);
  if (!demo_step (s, stmt, error))
    return FALSE;

  stmt = ax_db_prepare (s->db,
    "INSERT INTO devices (id, clinic_id, created_at, updated_at, name, code, kind, enrolled_at) "
    "VALUES (?1, ?2, ?3, ?4, 'Reception desk', '" DEMO_DEVICE_CODE "', 'desk', ?3)", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_base (s, stmt, s->device_id, s->clinic_created_ms);
  return demo_step (s, stmt, error);
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
  /* A rollback journal instead of the write-ahead log for the load: the
   * store holds no clinic yet, so nearly every page is new and a rollback
   * journal need not copy it, where the log would write every page twice
   * (into the log, then into the store). An interrupted load still rolls
   * back cleanly. This needs the store to ourselves; if another connection
   * is open the log stays, which is only slower. */
  if (!ax_db_exec (db, "PRAGMA journal_mode = DELETE", NULL))
    g_debug ("Could not switch the store to a rollback journal for the demo");
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

  if (!ax_db_exec (db, "PRAGMA journal_mode = WAL", NULL) || !ax_db_exec (db, sql, NULL))
    g_warning ("Could not restore the store's settings after loading the demo");
  /* In case the load had to go through the log: fold it into the store and
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
seed (DemoSeeder  *s,
      char       **hashes,
      GError     **error)
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

  demo_plan_stock (s);
  demo_make_lot_ids (s);

  return write_clinic (s, error)
         && demo_write_providers_and_rooms (s, error)
         && demo_write_users (s, hashes, error)
         && demo_write_catalogue (s, error)
         && demo_write_commission_rules (s, error)
         && demo_write_patients (s, span_start, error)
         && demo_seed_days (s, error)
         && demo_write_consents (s, error)
         && demo_write_stock (s, error)
         && demo_write_series (s, s->receipt_series, "receipt", DEMO_CLINIC_CODE "R", error)
         && demo_write_clinical (s, error)
         && demo_write_charts (s, error);
}

gboolean
ax_demo_seed (AxStore              *store,
              const AxDemoOptions  *options,
              guint64              *rows_out,
              GError              **error)
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
  s.today = demo_julian_of (&s, s.now_ms);
  s.today_start_ms = demo_day_start_ms (&s, s.today);
  demo_staff_up (&s);

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
