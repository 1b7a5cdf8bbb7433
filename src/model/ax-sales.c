/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Reading sales for receipts and the day's list (docs/pos.md). */

#include "ax-sales.h"
#include "ax-model-error.h"
#include "ax-money.h"

#include <glib/gi18n-lib.h>

static void
sale_line_free (AxSaleLine *l)
{
  g_free (l->id);
  g_free (l->kind);
  g_free (l->item_id);
  g_free (l->lot_id);
  g_free (l->code);
  g_free (l->description);
  g_free (l->tax_class);
  g_free (l->refund_of_line_id);
  g_free (l);
}

static void
sale_payment_free (AxSalePayment *p)
{
  g_free (p->id);
  g_free (p->tender);
  g_free (p->reference);
  g_free (p);
}

void
ax_sale_free (AxSale *sale)
{
  if (sale == NULL)
    return;
  g_free (sale->id);
  g_free (sale->number);
  g_free (sale->kind);
  g_free (sale->status);
  g_free (sale->device_id);
  g_free (sale->patient_id);
  g_free (sale->user_id);
  g_free (sale->currency);
  g_free (sale->refund_of_sale_id);
  g_free (sale->void_reason);
  g_free (sale->approved_by);
  g_clear_pointer (&sale->lines, g_ptr_array_unref);
  g_clear_pointer (&sale->payments, g_ptr_array_unref);
  g_free (sale);
}

static gint64
int_or (sqlite3_stmt *stmt,
        int           col,
        gint64        none)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? none : sqlite3_column_int64 (stmt, col);
}

#define SALE_COLUMNS                                                                   \
  "SELECT id, number, kind, status, device_id, patient_id, user_id, currency, "        \
  "       refund_of_sale_id, void_reason, approved_by, sold_at, voided_at, subtotal, " \
  "       discount, net, tax, total, prices_include_tax, vat_rate_bp FROM sales "

static AxSale *
read_sale_row (sqlite3_stmt *stmt)
{
  AxSale *s = g_new0 (AxSale, 1);

  s->id = ax_db_column_dup (stmt, 0);
  s->number = ax_db_column_dup (stmt, 1);
  s->kind = ax_db_column_dup (stmt, 2);
  s->status = ax_db_column_dup (stmt, 3);
  s->device_id = ax_db_column_dup (stmt, 4);
  s->patient_id = ax_db_column_dup (stmt, 5);
  s->user_id = ax_db_column_dup (stmt, 6);
  s->currency = ax_db_column_dup (stmt, 7);
  s->refund_of_sale_id = ax_db_column_dup (stmt, 8);
  s->void_reason = ax_db_column_dup (stmt, 9);
  s->approved_by = ax_db_column_dup (stmt, 10);
  s->sold_at = sqlite3_column_int64 (stmt, 11);
  s->voided_at = int_or (stmt, 12, 0);
  s->subtotal = sqlite3_column_int64 (stmt, 13);
  s->discount = sqlite3_column_int64 (stmt, 14);
  s->net = sqlite3_column_int64 (stmt, 15);
  s->tax = sqlite3_column_int64 (stmt, 16);
  s->total = sqlite3_column_int64 (stmt, 17);
  s->prices_include_tax = sqlite3_column_int (stmt, 18) != 0;
  s->vat_rate_bp = (guint) sqlite3_column_int (stmt, 19);
  return s;
}

/* Net, tax and gross per class from the lines, once per class (docs/tax.md,
 * step 6); a credit note's negative amounts give negative figures. */
static void
compute_classes (AxSale *sale)
{
  gint64 sums[AX_N_TAX_CLASSES] = { 0 };

  for (guint i = 0; i < sale->lines->len; i++)
    {
      AxSaleLine *l = g_ptr_array_index (sale->lines, i);
      AxTaxClass c = ax_tax_class_from_string (l->tax_class);

      if (c == AX_TAX_CLASS_INVALID)
        continue;
      sums[c] += l->amount;
      sale->classes[c].n_lines++;
    }
  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      AxTaxClassResult *r = &sale->classes[c];
      gint64 sign = sums[c] < 0 ? -1 : 1, sum = sums[c] * sign;

      r->rate_bp = c == AX_TAX_CLASS_STANDARD ? sale->vat_rate_bp : 0;
      if (sale->prices_include_tax)
        {
          r->gross = sum;
          r->tax = ax_money_mul_div_round (sum, r->rate_bp, 10000 + r->rate_bp);
          r->net = r->gross - r->tax;
        }
      else
        {
          r->net = sum;
          r->tax = ax_money_mul_div_round (sum, r->rate_bp, 10000);
          r->gross = r->net + r->tax;
        }
      r->net *= sign;
      r->tax *= sign;
      r->gross *= sign;
    }
}

AxSale *
ax_sale_query (AxDb       *db,
               const char *clinic_id,
               const char *sale_id,
               GError    **error)
{
  g_autoptr (AxSale) sale = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = ax_db_prepare (db, SALE_COLUMNS "WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clinic_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sale = read_sale_row (stmt);
  sqlite3_reset (stmt);
  if (sale == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("There is no sale with id %s"), sale_id);
      return NULL;
    }

  sale->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_line_free);
  stmt = ax_db_prepare (db,
    "SELECT id, kind, coalesce (service_id, product_id, package_id, plan_id), lot_id, code, "
    "       description, tax_class, refund_of_line_id, qty, unit_price, discount_bp, "
    "       discount_amount, amount "
    "  FROM sale_lines WHERE sale_id = ? AND deleted_at IS NULL ORDER BY sort_order, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxSaleLine *l = g_new0 (AxSaleLine, 1);

      l->id = ax_db_column_dup (stmt, 0);
      l->kind = ax_db_column_dup (stmt, 1);
      l->item_id = ax_db_column_dup (stmt, 2);
      l->lot_id = ax_db_column_dup (stmt, 3);
      l->code = ax_db_column_dup (stmt, 4);
      l->description = ax_db_column_dup (stmt, 5);
      l->tax_class = ax_db_column_dup (stmt, 6);
      l->refund_of_line_id = ax_db_column_dup (stmt, 7);
      l->qty = sqlite3_column_int64 (stmt, 8);
      l->unit_price = sqlite3_column_int64 (stmt, 9);
      l->discount_bp = int_or (stmt, 10, -1);
      l->discount_amount = int_or (stmt, 11, 0);
      l->amount = sqlite3_column_int64 (stmt, 12);
      g_ptr_array_add (sale->lines, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the sale failed"), error), NULL;

  sale->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_payment_free);
  stmt = ax_db_prepare (db,
    "SELECT id, tender, reference, amount, tendered, change_due, at FROM payments "
    " WHERE sale_id = ? AND deleted_at IS NULL ORDER BY at, rowid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxSalePayment *p = g_new0 (AxSalePayment, 1);

      p->id = ax_db_column_dup (stmt, 0);
      p->tender = ax_db_column_dup (stmt, 1);
      p->reference = ax_db_column_dup (stmt, 2);
      p->amount = sqlite3_column_int64 (stmt, 3);
      p->tendered = int_or (stmt, 4, -1);
      p->change_due = int_or (stmt, 5, -1);
      p->at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (sale->payments, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the sale failed"), error), NULL;

  compute_classes (sale);
  return g_steal_pointer (&sale);
}

GPtrArray *
ax_sales_query_range (AxDb       *db,
                      const char *clinic_id,
                      const char *device_id,
                      gint64      from_ms,
                      gint64      to_ms,
                      GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    SALE_COLUMNS "WHERE device_id = ? AND sold_at >= ? AND sold_at < ? AND clinic_id = ? "
    "  AND deleted_at IS NULL ORDER BY sold_at, number", error);
  GPtrArray *sales;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, from_ms);
  sqlite3_bind_int64 (stmt, 3, to_ms);
  sqlite3_bind_text (stmt, 4, clinic_id, -1, SQLITE_STATIC);
  sales = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_sale_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sales, read_sale_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (sales);
      ax_db_fail (db, _("Reading the sales failed"), error);
      return NULL;
    }
  return sales;
}
