/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-dashboard.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

#define NEAR_EXPIRY_DAYS 60
#define LATEST_SALES 8

/* "Live" appointments: not deleted, not cancelled, not a no-show. */
#define LIVE_APPOINTMENT "a.deleted_at IS NULL AND a.status NOT IN ('cancelled', 'no_show')"

static void
sale_free (AxDashboardSale *s)
{
  g_free (s->number);
  g_free (s->patient_name);
  g_free (s->status);
  g_free (s->tender);
  g_free (s);
}

static void
low_stock_free (AxDashboardLowStock *l)
{
  g_free (l->name);
  g_free (l->unit);
  g_free (l);
}

static void
expiry_free (AxDashboardExpiry *e)
{
  g_free (e->product_name);
  g_free (e->lot_number);
  g_free (e->expiry_date);
  g_free (e);
}

void
ax_dashboard_free (AxDashboard *dash)
{
  if (dash == NULL)
    return;
  g_free (dash->currency);
  g_free (dash->next_patient);
  g_free (dash->next_provider);
  g_free (dash->next_service);
  g_clear_pointer (&dash->low_stock, g_ptr_array_unref);
  g_clear_pointer (&dash->near_expiry, g_ptr_array_unref);
  g_clear_pointer (&dash->latest_sales, g_ptr_array_unref);
  g_free (dash);
}

gboolean
ax_percent_change (gint64 before,
                   gint64 now,
                   int   *percent_out)
{
  gint64 diff = now - before;

  if (before == 0)
    return FALSE;
  /* Rounded half away from zero. */
  *percent_out = (int) ((diff * 200 / before + (diff >= 0 ? 1 : -1)) / 2);
  return TRUE;
}

static gint64
to_ms (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * 1000;
}

static gboolean
query_int (AxDb        *db,
           const char  *sql,
           const char  *clinic_id,
           gint64       from,
           gint64       to,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, _("Reading the dashboard figures failed"), error);
    }
  *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static const char appointments_sql[] =
  "SELECT COUNT (*) FROM appointments a WHERE a.clinic_id = ?1 AND a.start_at >= ?2 "
  "AND a.start_at < ?3 AND " LIVE_APPOINTMENT;

/* Revenue: completed (or later refunded) sales, less credit notes; voided
 * sales never happened. */
static const char revenue_sql[] =
  "SELECT COALESCE (SUM (CASE kind WHEN 'credit_note' THEN -total ELSE total END), 0) "
  "  FROM sales WHERE clinic_id = ?1 AND sold_at >= ?2 AND sold_at < ?3 "
  "   AND status <> 'voided' AND deleted_at IS NULL";

static const char new_patients_sql[] =
  "SELECT COUNT (*) FROM patients WHERE clinic_id = ?1 AND created_at >= ?2 AND created_at < ?3 "
  "AND deleted_at IS NULL";

static gboolean
query_next (AxDb        *db,
            const char  *clinic_id,
            gint64       now,
            gint64       day_end,
            AxDashboard *dash,
            GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT a.start_at, trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')), "
    "       coalesce (pr.name, ''), "
    "       coalesce ((SELECT s.name FROM appointment_services x JOIN services s ON s.id = x.service_id "
    "                   WHERE x.appointment_id = a.id AND x.deleted_at IS NULL "
    "                   ORDER BY x.sort_order LIMIT 1), '') "
    "  FROM appointments a "
    "  LEFT JOIN patients p ON p.id = a.patient_id "
    "  LEFT JOIN providers pr ON pr.id = a.provider_id "
    " WHERE a.clinic_id = ?1 AND a.start_at >= ?2 AND a.start_at < ?3 "
    "   AND a.status IN ('booked', 'confirmed', 'checked_in') AND " LIVE_APPOINTMENT
    " ORDER BY a.start_at LIMIT 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, day_end);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      dash->has_next_appointment = TRUE;
      dash->next_start_ms = sqlite3_column_int64 (stmt, 0);
      dash->next_patient = ax_db_column_dup_or_empty (stmt, 1);
      dash->next_provider = ax_db_column_dup_or_empty (stmt, 2);
      dash->next_service = ax_db_column_dup_or_empty (stmt, 3);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
query_stock (AxDb        *db,
             const char  *clinic_id,
             GDateTime   *today,
             AxDashboard *dash,
             GError     **error)
{
  g_autofree char *today_s = g_date_time_format (today, "%Y-%m-%d");
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db,
    /* lot_balance carries each lot's sum of the ledger (0008-lot-balance.sql). */
    "SELECT p.name, coalesce (SUM (b.on_hand), 0) AS stock, p.low_stock_threshold, p.unit "
    "  FROM products p LEFT JOIN lot_balance b ON b.product_id = p.id "
    " WHERE p.clinic_id = ? AND p.active = 1 AND p.deleted_at IS NULL AND p.low_stock_threshold > 0 "
    " GROUP BY p.id HAVING stock <= p.low_stock_threshold "
    " ORDER BY stock * 1.0 / p.low_stock_threshold, p.name", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxDashboardLowStock *l = g_new0 (AxDashboardLowStock, 1);

      l->name = ax_db_column_dup_or_empty (stmt, 0);
      l->on_hand = sqlite3_column_int64 (stmt, 1);
      l->threshold = sqlite3_column_int64 (stmt, 2);
      l->unit = ax_db_column_dup_or_empty (stmt, 3);
      g_ptr_array_add (dash->low_stock, l);
    }
  sqlite3_reset (stmt);

  /* Lots still in stock whose expiry falls within their product's warning
   * window (or NEAR_EXPIRY_DAYS), expired ones included. */
  stmt = ax_db_prepare (db,
    "SELECT p.name, s.lot_number, s.expiry_date, s.on_hand, "
    "       CAST (julianday (s.expiry_date) - julianday (?2) AS INTEGER) "
    "  FROM lot_stock s JOIN products p ON p.id = s.product_id "
    " WHERE p.clinic_id = ?1 AND p.deleted_at IS NULL AND s.on_hand > 0 AND s.expiry_date IS NOT NULL "
    "   AND julianday (s.expiry_date) - julianday (?2) <= coalesce (nullif (p.near_expiry_days, 0), ?3) "
    " ORDER BY s.expiry_date, p.name", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today_s, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, NEAR_EXPIRY_DAYS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxDashboardExpiry *e = g_new0 (AxDashboardExpiry, 1);

      e->product_name = ax_db_column_dup_or_empty (stmt, 0);
      e->lot_number = ax_db_column_dup_or_empty (stmt, 1);
      e->expiry_date = ax_db_column_dup_or_empty (stmt, 2);
      e->on_hand = sqlite3_column_int64 (stmt, 3);
      e->days_left = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (dash->near_expiry, e);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
query_latest_sales (AxDb        *db,
                    const char  *clinic_id,
                    AxDashboard *dash,
                    GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT s.number, s.sold_at, "
    "       trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')), "
    "       s.total, s.status, "
    "       coalesce ((SELECT tender FROM payments y WHERE y.sale_id = s.id "
    "                   ORDER BY y.amount DESC LIMIT 1), '') "
    "  FROM sales s LEFT JOIN patients p ON p.id = s.patient_id "
    " WHERE s.clinic_id = ? AND s.deleted_at IS NULL "
    " ORDER BY s.sold_at DESC LIMIT " G_STRINGIFY (LATEST_SALES), error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxDashboardSale *s = g_new0 (AxDashboardSale, 1);

      s->number = ax_db_column_dup_or_empty (stmt, 0);
      s->sold_at_ms = sqlite3_column_int64 (stmt, 1);
      s->patient_name = ax_db_column_dup_or_empty (stmt, 2);
      s->total = sqlite3_column_int64 (stmt, 3);
      s->status = ax_db_column_dup_or_empty (stmt, 4);
      s->tender = ax_db_column_dup_or_empty (stmt, 5);
      g_ptr_array_add (dash->latest_sales, s);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

AxDashboard *
ax_dashboard_query (AxDb      *db,
                    GTimeZone *tz,
                    gint64     now_ms,
                    GError   **error)
{
  g_autoptr (AxDashboard) dash = g_new0 (AxDashboard, 1);
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) day_end = NULL;
  g_autoptr (GDateTime) week_ago = NULL;
  g_autoptr (GDateTime) week_ago_end = NULL;
  g_autoptr (GDateTime) month = NULL;
  g_autoptr (GDateTime) next_month = NULL;
  g_autoptr (GDateTime) last_month = NULL;
  g_autofree char *clinic_id = NULL;
  sqlite3_stmt *stmt;
  gint64 v;

  dash->low_stock = g_ptr_array_new_with_free_func ((GDestroyNotify) low_stock_free);
  dash->near_expiry = g_ptr_array_new_with_free_func ((GDestroyNotify) expiry_free);
  dash->latest_sales = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_free);

  stmt = ax_db_prepare (db, "SELECT id, currency FROM clinics WHERE deleted_at IS NULL "
                            "ORDER BY created_at LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      clinic_id = ax_db_column_dup_or_empty (stmt, 0);
      dash->currency = ax_db_column_dup_or_empty (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (clinic_id == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NO_CLINIC,
                   _("The store has no clinic yet"));
      return NULL;
    }

  /* Day and month boundaries in the clinic's time zone (DST-safe). */
  {
    g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now_ms / 1000);
    now = g_date_time_to_timezone (utc, tz);
  }
  day = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                         g_date_time_get_day_of_month (now), 0, 0, 0);
  day_end = g_date_time_add_days (day, 1);
  week_ago = g_date_time_add_days (day, -7);
  week_ago_end = g_date_time_add_days (day, -6);
  month = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 0);
  next_month = g_date_time_add_months (month, 1);
  last_month = g_date_time_add_months (month, -1);

  if (!query_int (db, appointments_sql, clinic_id, to_ms (day), to_ms (day_end), &v, error))
    return NULL;
  dash->appointments_today = (int) v;
  if (!query_int (db, appointments_sql, clinic_id, to_ms (week_ago), to_ms (week_ago_end), &v, error))
    return NULL;
  dash->appointments_last_week = (int) v;
  if (!query_int (db, revenue_sql, clinic_id, to_ms (day), to_ms (day_end), &dash->revenue_today, error)
      || !query_int (db, revenue_sql, clinic_id, to_ms (week_ago), to_ms (week_ago_end),
                     &dash->revenue_last_week, error))
    return NULL;
  if (!query_int (db, new_patients_sql, clinic_id, to_ms (month), to_ms (next_month), &v, error))
    return NULL;
  dash->new_patients_month = (int) v;
  if (!query_int (db, new_patients_sql, clinic_id, to_ms (last_month), to_ms (month), &v, error))
    return NULL;
  dash->new_patients_last_month = (int) v;

  if (!query_next (db, clinic_id, now_ms, to_ms (day_end), dash, error)
      || !query_stock (db, clinic_id, day, dash, error)
      || !query_latest_sales (db, clinic_id, dash, error))
    return NULL;

  return g_steal_pointer (&dash);
}

typedef struct
{
  GTimeZone *tz;
  gint64     now_ms;
} QueryData;

static void
query_data_free (QueryData *d)
{
  g_time_zone_unref (d->tz);
  g_free (d);
}

static gpointer
query_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  QueryData *d = data;

  return ax_dashboard_query (db, d->tz, d->now_ms, error);
}

void
ax_dashboard_query_async (AxStore             *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  QueryData *d = g_new0 (QueryData, 1);

  d->tz = g_time_zone_ref (ax_store_get_timezone (store));
  d->now_ms = ax_store_now_ms (store);
  ax_store_read_async (store, query_read, d, (GDestroyNotify) query_data_free,
                       (GDestroyNotify) ax_dashboard_free, ax_dashboard_query_async,
                       cancellable, callback, user_data);
}

AxDashboard *
ax_dashboard_query_finish (AxStore      *store,
                           GAsyncResult *result,
                           GError      **error)
{
  return ax_store_read_finish (store, result, ax_dashboard_query_async, error);
}
