/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Stock: lots received, adjusted and taken first-expiry-first-out
 * (docs/pos.md, "Stock"). The movement ledger is append-only; a lot's on hand
 * is the sum of its movements, carried by lot_balance (0008-lot-balance.sql). */

#include <inttypes.h>

#include "ax-stock.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"

#include <glib/gi18n-lib.h>

void
ax_stock_lot_free (AxStockLot *lot)
{
  if (lot == NULL)
    return;
  g_free (lot->lot_id);
  g_free (lot->product_id);
  g_free (lot->product_name);
  g_free (lot->unit);
  g_free (lot->lot_number);
  g_free (lot->expiry_date);
  g_free (lot);
}

void
ax_stock_low_free (AxStockLow *low)
{
  if (low == NULL)
    return;
  g_free (low->product_id);
  g_free (low->name);
  g_free (low->unit);
  g_free (low);
}

void
ax_stock_product_free (AxStockProduct *product)
{
  if (product == NULL)
    return;
  g_free (product->product_id);
  g_free (product->name);
  g_free (product->unit);
  g_free (product->kind);
  g_free (product);
}

void
ax_stock_overview_free (AxStockOverview *overview)
{
  if (overview == NULL)
    return;
  g_clear_pointer (&overview->products, g_ptr_array_unref);
  g_clear_pointer (&overview->lots, g_ptr_array_unref);
  g_clear_pointer (&overview->suppliers, g_ptr_array_unref);
  g_free (overview->today);
  g_free (overview);
}

/* Queries */

#define LOT_COLUMNS                                                                  \
  "SELECT l.id, l.product_id, p.name, p.unit, l.lot_number, l.expiry_date, "         \
  "       coalesce (b.on_hand, 0), l.unit_cost, coalesce (l.received_at, 0), "        \
  "       l.expiry_date IS NOT NULL AND l.expiry_date < ?2, "                        \
  "       l.expiry_date IS NOT NULL "                                                \
  "         AND l.expiry_date <= date (?2, '+' || p.near_expiry_days || ' days') "   \
  "  FROM lots l JOIN products p ON p.id = l.product_id "                            \
  "  LEFT JOIN lot_balance b ON b.lot_id = l.id "

static GPtrArray *
collect_lots (AxDb         *db,
              sqlite3_stmt *stmt,
              GError      **error)
{
  GPtrArray *lots = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_stock_lot_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxStockLot *lot = g_new0 (AxStockLot, 1);

      lot->lot_id = ax_db_column_dup (stmt, 0);
      lot->product_id = ax_db_column_dup (stmt, 1);
      lot->product_name = ax_db_column_dup (stmt, 2);
      lot->unit = ax_db_column_dup (stmt, 3);
      lot->lot_number = ax_db_column_dup (stmt, 4);
      lot->expiry_date = ax_db_column_dup (stmt, 5);
      lot->on_hand = sqlite3_column_int64 (stmt, 6);
      lot->unit_cost = sqlite3_column_int64 (stmt, 7);
      lot->received_at = sqlite3_column_int64 (stmt, 8);
      lot->expired = sqlite3_column_int (stmt, 9) != 0;
      lot->near_expiry = sqlite3_column_int (stmt, 10) != 0;
      g_ptr_array_add (lots, lot);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (lots);
      ax_db_fail (db, _("Reading the stock failed"), error);
      return NULL;
    }
  return lots;
}

GPtrArray *
ax_stock_query_lots (AxDb       *db,
                     const char *clinic_id,
                     const char *product_id,
                     const char *today,
                     gboolean    with_empty,
                     GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    LOT_COLUMNS
    " WHERE l.clinic_id = ?1 AND l.deleted_at IS NULL AND p.deleted_at IS NULL "
    "   AND (?3 IS NULL OR l.product_id = ?3) AND (?4 OR coalesce (b.on_hand, 0) <> 0) "
    " ORDER BY p.name, l.product_id, l.expiry_date IS NULL, l.expiry_date, l.received_at, l.id",
    error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, with_empty ? 1 : 0);
  return collect_lots (db, stmt, error);
}

GPtrArray *
ax_stock_query_near_expiry (AxDb       *db,
                            const char *clinic_id,
                            const char *today,
                            GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    LOT_COLUMNS
    " WHERE l.clinic_id = ?1 AND l.deleted_at IS NULL AND p.deleted_at IS NULL "
    "   AND p.active = 1 AND b.on_hand > 0 AND l.expiry_date IS NOT NULL "
    "   AND l.expiry_date <= date (?2, '+' || p.near_expiry_days || ' days') "
    " ORDER BY l.expiry_date, p.name, l.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  return collect_lots (db, stmt, error);
}

GPtrArray *
ax_stock_query_products (AxDb       *db,
                         const char *clinic_id,
                         const char *today,
                         GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT p.id, p.name, p.unit, p.kind, coalesce (SUM (b.on_hand), 0) AS stock, "
    "       p.low_stock_threshold, "
    "       count (CASE WHEN b.on_hand > 0 THEN 1 END), "
    "       count (CASE WHEN b.on_hand > 0 AND l.expiry_date < ?2 THEN 1 END), "
    "       count (CASE WHEN b.on_hand > 0 AND l.expiry_date >= ?2 "
    "                    AND l.expiry_date <= date (?2, '+' || p.near_expiry_days || ' days') "
    "                   THEN 1 END) "
    "  FROM products p LEFT JOIN lots l ON l.product_id = p.id AND l.deleted_at IS NULL "
    "  LEFT JOIN lot_balance b ON b.lot_id = l.id "
    " WHERE p.clinic_id = ?1 AND p.active = 1 AND p.deleted_at IS NULL "
    " GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.id", error);
  GPtrArray *list;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_stock_product_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxStockProduct *p = g_new0 (AxStockProduct, 1);

      p->product_id = ax_db_column_dup (stmt, 0);
      p->name = ax_db_column_dup_or_empty (stmt, 1);
      p->unit = ax_db_column_dup_or_empty (stmt, 2);
      p->kind = ax_db_column_dup_or_empty (stmt, 3);
      p->on_hand = sqlite3_column_int64 (stmt, 4);
      p->threshold = sqlite3_column_int64 (stmt, 5);
      p->low = p->threshold > 0 && p->on_hand <= p->threshold;
      p->n_lots = sqlite3_column_int (stmt, 6);
      p->n_expired = sqlite3_column_int (stmt, 7);
      p->n_near_expiry = sqlite3_column_int (stmt, 8);
      g_ptr_array_add (list, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (list);
      ax_db_fail (db, _("Reading the stock failed"), error);
      return NULL;
    }
  return list;
}

char *
ax_stock_day_of (AxStore *store,
                 gint64   ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, ax_store_get_timezone (store));

  return g_date_time_format (local, "%Y-%m-%d");
}

static void
supplier_free (AxStockSupplier *supplier)
{
  g_free (supplier->id);
  g_free (supplier->name);
  g_free (supplier);
}

static GPtrArray *
read_suppliers (AxDb       *db,
                const char *clinic_id,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT id, name FROM suppliers WHERE clinic_id = ? AND deleted_at IS NULL "
    " ORDER BY name COLLATE NOCASE, id", error);
  GPtrArray *list;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) supplier_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxStockSupplier *s = g_new0 (AxStockSupplier, 1);

      s->id = ax_db_column_dup_or_empty (stmt, 0);
      s->name = ax_db_column_dup_or_empty (stmt, 1);
      g_ptr_array_add (list, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (list);
      ax_db_fail (db, _("Reading the suppliers failed"), error);
      return NULL;
    }
  return list;
}

/* What a stock read needs from the main thread: the clinic, the product
 * (NULL: every product) and the clinic's today. */
typedef struct
{
  char *clinic_id;
  char *product_id;
  char *today;
} StockJob;

static StockJob *
stock_job_new (AxStore    *store,
               const char *product_id)
{
  StockJob *job = g_new0 (StockJob, 1);
  const AxClinicInfo *clinic = ax_store_get_clinic (store);

  job->clinic_id = g_strdup (clinic != NULL ? clinic->id : "");
  job->product_id = g_strdup (product_id);
  job->today = ax_stock_day_of (store, ax_store_now_ms (store));
  return job;
}

static void
stock_job_free (StockJob *job)
{
  g_free (job->clinic_id);
  g_free (job->product_id);
  g_free (job->today);
  g_free (job);
}

static gpointer
overview_read (AxDb     *db,
               gpointer  data,
               GError  **error)
{
  StockJob *job = data;
  g_autoptr (AxStockOverview) o = g_new0 (AxStockOverview, 1);
  gboolean began;

  if (!ax_db_begin_read (db, &began, error))
    return NULL;
  o->products = ax_stock_query_products (db, job->clinic_id, job->today, error);
  if (o->products != NULL)
    o->lots = ax_stock_query_lots (db, job->clinic_id, NULL, job->today, FALSE, error);
  if (o->lots != NULL)
    o->suppliers = read_suppliers (db, job->clinic_id, error);
  ax_db_end_read (db, began);
  if (o->suppliers == NULL)
    return NULL;
  o->today = g_strdup (job->today);
  return g_steal_pointer (&o);
}

void
ax_stock_overview_query_async (AxStore             *store,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ax_store_read_async (store, overview_read, stock_job_new (store, NULL),
                       (GDestroyNotify) stock_job_free,
                       (GDestroyNotify) ax_stock_overview_free, ax_stock_overview_query_async,
                       cancellable, callback, user_data);
}

AxStockOverview *
ax_stock_overview_query_finish (AxStore      *store,
                                GAsyncResult *result,
                                GError      **error)
{
  return ax_store_read_finish (store, result, ax_stock_overview_query_async, error);
}

static gpointer
lots_read (AxDb     *db,
           gpointer  data,
           GError  **error)
{
  StockJob *job = data;

  return ax_stock_query_lots (db, job->clinic_id, job->product_id, job->today, FALSE, error);
}

void
ax_stock_lots_query_async (AxStore             *store,
                           const char          *product_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (product_id != NULL);
  ax_store_read_async (store, lots_read, stock_job_new (store, product_id),
                       (GDestroyNotify) stock_job_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_stock_lots_query_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_stock_lots_query_finish (AxStore      *store,
                            GAsyncResult *result,
                            GError      **error)
{
  return ax_store_read_finish (store, result, ax_stock_lots_query_async, error);
}

GPtrArray *
ax_stock_query_low (AxDb       *db,
                    const char *clinic_id,
                    GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT p.id, p.name, p.unit, coalesce (SUM (b.on_hand), 0) AS stock, p.low_stock_threshold "
    "  FROM products p LEFT JOIN lot_balance b ON b.product_id = p.id "
    " WHERE p.clinic_id = ? AND p.active = 1 AND p.deleted_at IS NULL AND p.low_stock_threshold > 0 "
    " GROUP BY p.id HAVING stock <= p.low_stock_threshold "
    " ORDER BY stock * 1.0 / p.low_stock_threshold, p.name", error);
  GPtrArray *low;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  low = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_stock_low_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxStockLow *l = g_new0 (AxStockLow, 1);

      l->product_id = ax_db_column_dup (stmt, 0);
      l->name = ax_db_column_dup (stmt, 1);
      l->unit = ax_db_column_dup (stmt, 2);
      l->on_hand = sqlite3_column_int64 (stmt, 3);
      l->threshold = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (low, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (low);
      ax_db_fail (db, _("Reading the stock failed"), error);
      return NULL;
    }
  return low;
}

static gint64
sum_one (AxDb       *db,
         const char *sql,
         const char *id)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, NULL);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gint64
ax_stock_product_on_hand (AxDb       *db,
                          const char *product_id)
{
  return sum_one (db, "SELECT coalesce (SUM (on_hand), 0) FROM lot_balance WHERE product_id = ?",
                  product_id);
}

gint64
ax_stock_lot_on_hand (AxDb       *db,
                      const char *lot_id)
{
  return sum_one (db, "SELECT coalesce (SUM (on_hand), 0) FROM lot_balance WHERE lot_id = ?",
                  lot_id);
}

/* For the till */

gboolean
ax_stock_write_movement (AxMutation *m,
                         const char *id,
                         const char *product_id,
                         const char *lot_id,
                         gint64      qty,
                         const char *kind,
                         const char *reason,
                         const char *sale_line_id,
                         GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, qty, "
    "                             kind, reason, sale_line_id, at, user_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?3, ?11)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, lot_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, qty);
  sqlite3_bind_text (stmt, 8, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, sale_line_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), _("Recording the stock movement failed"), error);
  /* Replayed, a take may leave the lot below zero (two desks sold the last
   * box offline): accepted, and flagged for review. */
  if (qty < 0 && lot_id != NULL && ax_mutation_is_replayed (m))
    {
      gint64 on_hand = ax_stock_lot_on_hand (ax_mutation_get_db (m), lot_id);
      g_autofree char *name = NULL;

      if (on_hand >= 0)
        return TRUE;
      stmt = ax_db_prepare (ax_mutation_get_db (m),
        "SELECT p.name || ' · ' || l.lot_number FROM lots l JOIN products p ON p.id = l.product_id "
        " WHERE l.id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, lot_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        name = ax_db_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      return ax_ledger_flag_breach (m, "stock_movements", id, "lots", lot_id, "qty", name, NULL,
                                    -qty, on_hand, error);
    }
  return TRUE;
}

static gboolean
take_chosen_lot (AxMutation *m,
                 const char *product_id,
                 const char *product_name,
                 const char *lot_id,
                 gint64      qty,
                 const char *what,
                 const char *today,
                 GArray     *takes,
                 GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT l.product_id, l.lot_number, l.expiry_date, coalesce (b.on_hand, 0) "
    "  FROM lots l LEFT JOIN lot_balance b ON b.lot_id = l.id "
    " WHERE l.id = ? AND l.clinic_id = ? AND l.deleted_at IS NULL", error);
  g_autofree char *lot_product = NULL;
  g_autofree char *number = NULL;
  g_autofree char *expiry = NULL;
  gint64 on_hand = 0;
  AxStockTake take = { { 0 }, qty };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lot_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      lot_product = ax_db_column_dup (stmt, 0);
      number = ax_db_column_dup (stmt, 1);
      expiry = ax_db_column_dup (stmt, 2);
      on_hand = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);

  if (lot_product == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("%s: there is no lot %s; choose a lot of %s from the list"),
                   what, lot_id, product_name);
      return FALSE;
    }
  if (g_strcmp0 (lot_product, product_id) != 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("%s: lot %s is not a lot of %s; choose one of its own lots"),
                   what, number, product_name);
      return FALSE;
    }
  if (expiry != NULL && strcmp (expiry, today) < 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("%s: lot %s of %s expired on %s and can’t be sold or used; "
                     "choose another lot, or none to take the earliest lot in date"),
                   what, number, product_name, expiry);
      return FALSE;
    }
  /* Replayed, the take happened: a shortage is a breach, flagged later. */
  if (on_hand < qty && !ax_mutation_is_replayed (m))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("%s: lot %s of %s has %" PRId64 " left and %" PRId64 " are needed; "
                     "lower the quantity or choose another lot"),
                   what, number, product_name, on_hand, qty);
      return FALSE;
    }
  g_strlcpy (take.lot_id, lot_id, sizeof take.lot_id);
  g_array_append_val (takes, take);
  return TRUE;
}

gboolean
ax_stock_plan_take (AxMutation *m,
                    const char *product_id,
                    const char *product_name,
                    const char *lot_id,
                    gint64      qty,
                    const char *what,
                    GArray     *takes,
                    GError    **error)
{
  sqlite3_stmt *stmt;
  char today[11];
  gint64 left = qty, available = 0;
  guint first = takes->len;

  ax_mutation_local_date (m, ax_mutation_get_now_ms (m), today);
  if (lot_id != NULL)
    return take_chosen_lot (m, product_id, product_name, lot_id, qty, what, today, takes, error);

  /* First expiry first out: lots in stock that have not expired, the earliest
   * expiry first (lots without one last), then the oldest receipt. */
  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT l.id, b.on_hand FROM lot_balance b JOIN lots l ON l.id = b.lot_id "
    " WHERE b.product_id = ?1 AND b.on_hand > 0 AND l.clinic_id = ?2 AND l.deleted_at IS NULL "
    "   AND (l.expiry_date IS NULL OR l.expiry_date >= ?3) "
    " ORDER BY l.expiry_date IS NULL, l.expiry_date, l.received_at, l.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 on_hand = sqlite3_column_int64 (stmt, 1);

      available += on_hand;
      if (left > 0)
        {
          AxStockTake take = { { 0 }, MIN (on_hand, left) };

          g_strlcpy (take.lot_id, (const char *) sqlite3_column_text (stmt, 0), sizeof take.lot_id);
          g_array_append_val (takes, take);
          left -= take.qty;
        }
    }
  sqlite3_reset (stmt);
  /* Replayed (the desk saw stock that another desk sold meanwhile): the
   * rest comes from the last lot taken, or the first lot in date when none
   * is in stock, below zero; ax_stock_write_movement() flags it. */
  if (left > 0 && ax_mutation_is_replayed (m))
    {
      if (takes->len > first)
        {
          g_array_index (takes, AxStockTake, takes->len - 1).qty += left;
          left = 0;
        }
      else
        {
          stmt = ax_db_prepare (ax_mutation_get_db (m),
            "SELECT l.id FROM lots l WHERE l.product_id = ?1 AND l.clinic_id = ?2 "
            "   AND l.deleted_at IS NULL AND (l.expiry_date IS NULL OR l.expiry_date >= ?3) "
            " ORDER BY l.expiry_date IS NULL, l.expiry_date, l.received_at, l.id LIMIT 1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              AxStockTake take = { { 0 }, left };

              g_strlcpy (take.lot_id, (const char *) sqlite3_column_text (stmt, 0), sizeof take.lot_id);
              g_array_append_val (takes, take);
              left = 0;
            }
          sqlite3_reset (stmt);
        }
    }
  if (left > 0)
    {
      g_array_set_size (takes, first);
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("%s: %" PRId64 " of %s are in stock in lots that have not expired and %"
                     PRId64 " are needed; lower the quantity or receive stock first"),
                   what, available, product_name, qty);
      return FALSE;
    }
  return TRUE;
}

/* Lot aliases (data/sql/0018-lot-aliases.sql) */

gboolean
ax_stock_resolve_lot_member (AxMutation *m,
                             JsonObject *obj,
                             const char *member,
                             GError    **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  g_autofree char *lot_id = NULL;
  sqlite3_stmt *stmt;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return TRUE;
  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT a.lot_id FROM lot_aliases a WHERE a.id = ?1 AND a.clinic_id = ?2 AND a.deleted_at IS NULL "
    "   AND NOT EXISTS (SELECT 1 FROM lots l WHERE l.id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json_node_get_string (node), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    lot_id = ax_db_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (lot_id != NULL)
    json_object_set_string_member (obj, member, lot_id);
  return TRUE;
}

/* The desk's own id for a lot it received, when the lot already existed
 * under another id (another desk received the same lot number first). */
static gboolean
write_lot_alias (AxMutation *m,
                 const char *alias,
                 const char *lot_id,
                 GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (g_strcmp0 (alias, lot_id) == 0)
    return TRUE;
  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO lot_aliases (id, clinic_id, created_at, updated_at, lot_id) "
    "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM lot_aliases WHERE id = ?1) "
    "   AND NOT EXISTS (SELECT 1 FROM lots WHERE id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, alias, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, lot_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), "stock.receive", error);
  return TRUE;
}

/* Mutators */

static const AxArgSpec receive_args[] = {
  { "id", AX_ARG_UUID },
  { "product_id", AX_ARG_UUID, TRUE },
  { "lot_number", AX_ARG_STRING, TRUE, 0, 60 },
  { "expiry_date", AX_ARG_DATE },
  { "quantity", AX_ARG_INT, TRUE, 1, 1000000 },
  { "unit_cost", AX_ARG_MONEY },
  { "supplier_id", AX_ARG_UUID },
  { "movement_id", AX_ARG_UUID },
  { NULL }
};

static gboolean
receive_prepare (AxMutation *m,
                 JsonObject *args,
                 GError    **error)
{
  char id[AX_UUID_STRLEN];

  if (!ax_mutation_prepare_id (m, args, error))
    return FALSE;
  if (!json_object_has_member (args, "movement_id"))
    {
      ax_uuid_derive (json_object_get_string_member (args, "id"), 1, id);
      json_object_set_string_member (args, "movement_id", id);
    }
  return TRUE;
}

static const char *
opt_string (JsonObject *obj,
            const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);
  const char *s;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  s = json_node_get_string (node);
  return s && *s ? s : NULL;
}

static char *
product_name (AxMutation *m,
              const char *product_id,
              GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT name FROM products WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = ax_db_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (name == NULL)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("There is no product with id %s (it may have been deleted)"), product_id);
  return name;
}

static gboolean
receive_run (AxMutation *m,
             JsonObject *args,
             GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *id = json_object_get_string_member (args, "id");
  const char *product_id = json_object_get_string_member (args, "product_id");
  g_autofree char *lot_number = g_strstrip (g_strdup (json_object_get_string_member (args, "lot_number")));
  const char *expiry = opt_string (args, "expiry_date");
  const char *supplier_id = opt_string (args, "supplier_id");
  gint64 qty = json_object_get_int_member (args, "quantity");
  g_autofree char *name = product_name (m, product_id, error);
  g_autofree char *lot_id = NULL;
  g_autofree char *lot_expiry = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (name == NULL)
    return FALSE;
  if (supplier_id != NULL && !ax_mutation_require_row (m, "suppliers", supplier_id, _("supplier"), error))
    return FALSE;

  /* A second delivery of a lot already on the shelf adds to it. */
  stmt = ax_db_prepare (db, "SELECT id, expiry_date FROM lots WHERE product_id = ? AND lot_number = ? "
                            "AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, lot_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      lot_id = ax_db_column_dup (stmt, 0);
      lot_expiry = ax_db_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (lot_id != NULL && g_strcmp0 (lot_expiry, expiry) != 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("stock.receive: lot %s of %s is already in stock with the expiry date %s, "
                     "not %s; check the lot number and the date on the box"),
                   lot_number, name, lot_expiry ? lot_expiry : _("none"),
                   expiry ? expiry : _("none"));
      return FALSE;
    }
  if (lot_id == NULL)
    {
      stmt = ax_db_prepare (db,
        "INSERT INTO lots (id, clinic_id, created_at, updated_at, product_id, lot_number, "
        "                  expiry_date, unit_cost, supplier_id, received_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?3)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
      sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, product_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, lot_number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, expiry, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, json_object_get_int_member_with_default (args, "unit_cost", 0));
      sqlite3_bind_text (stmt, 9, supplier_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return ax_db_fail (db, "stock.receive", error);
      lot_id = g_strdup (id);
    }
  else if (!write_lot_alias (m, id, lot_id, error))
    return FALSE;
  if (!ax_stock_write_movement (m, json_object_get_string_member (args, "movement_id"), product_id,
                                lot_id, qty, "receive", _("Received"), NULL, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", lot_id);
  json_object_set_int_member (ax_mutation_get_result (m), "on_hand", ax_stock_lot_on_hand (db, lot_id));
  return TRUE;
}

static const AxArgSpec adjust_args[] = {
  { "id", AX_ARG_UUID },           /* the movement */
  { "lot_id", AX_ARG_UUID, TRUE },
  { "quantity", AX_ARG_INT, TRUE, -1000000, 1000000 },
  { "reason", AX_ARG_STRING, TRUE, 0, 200 },
  { NULL }
};

static gboolean
adjust_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *lot_id = ax_stock_resolve_lot_member (m, args, "lot_id", error)
                         ? json_object_get_string_member (args, "lot_id") : NULL;
  gint64 qty = json_object_get_int_member (args, "quantity");
  g_autofree char *reason = g_strstrip (g_strdup (json_object_get_string_member (args, "reason")));
  g_autoptr (JsonObject) detail = json_object_new ();
  g_autofree char *product_id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  gint64 on_hand = 0;
  sqlite3_stmt *stmt;

  if (lot_id == NULL)
    return FALSE;
  if (qty == 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("stock.adjust: “quantity” must not be 0; enter what to add (+) or take off (−)"));
      return FALSE;
    }
  stmt = ax_db_prepare (db,
    "SELECT l.product_id, l.lot_number, p.name, coalesce (b.on_hand, 0) "
    "  FROM lots l JOIN products p ON p.id = l.product_id LEFT JOIN lot_balance b ON b.lot_id = l.id "
    " WHERE l.id = ? AND l.clinic_id = ? AND l.deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lot_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      product_id = ax_db_column_dup (stmt, 0);
      number = ax_db_column_dup (stmt, 1);
      name = ax_db_column_dup (stmt, 2);
      on_hand = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (product_id == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("stock.adjust: there is no lot with id %s"), lot_id);
      return FALSE;
    }
  if (on_hand + qty < 0 && !ax_mutation_is_replayed (m))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("stock.adjust: lot %s of %s has %" PRId64 " on hand; taking off %" PRId64
                     " would leave less than none. Count the shelf again"),
                   number, name, on_hand, -qty);
      return FALSE;
    }
  if (!ax_stock_write_movement (m, json_object_get_string_member (args, "id"), product_id, lot_id,
                                qty, "adjust", reason, NULL, error))
    return FALSE;
  json_object_set_string_member (detail, "lot_id", lot_id);
  json_object_set_int_member (detail, "quantity", qty);
  json_object_set_string_member (detail, "reason", reason);
  json_object_set_int_member (ax_mutation_get_result (m), "on_hand", on_hand + qty);
  json_object_set_string_member (ax_mutation_get_result (m), "id",
                                 json_object_get_string_member (args, "id"));
  return ax_mutation_audit (m, "stock.adjust", "lot", lot_id, detail, error);
}

static const AxMutatorDef stock_mutators[] = {
  { "stock.receive", AX_PERM_INVENTORY_EDIT, receive_args, FALSE, receive_prepare, receive_run, NULL },
  { "stock.adjust", AX_PERM_INVENTORY_EDIT, adjust_args, FALSE, ax_mutation_prepare_id, adjust_run,
    NULL },
};

void
ax_stock_register_mutators (void)
{
  ax_mutators_register (stock_mutators, G_N_ELEMENTS (stock_mutators));
}
