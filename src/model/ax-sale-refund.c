/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* sale.refund: a credit note for some or all of a sale's lines, from its own
 * series, paid back to the original tenders, with stock and credits restored
 * (docs/pos.md, "Refunds"). */

#include <inttypes.h>
#include <string.h>

#include "ax-sale-private.h"
#include "ax-model-error.h"
#include "ax-money.h"
#include "ax-uuid.h"

#include <glib/gi18n-lib.h>

const AxArgSpec ax_sale_refund_args[] = {
  { "id", AX_ARG_UUID, TRUE },            /* the credit note, made by the client */
  { "number", AX_ARG_STRING, FALSE, 0, 40 },
  { "sale_id", AX_ARG_UUID, TRUE },
  { "lines", AX_ARG_OBJECTS },            /* [{sale_line_id, quantity}]; none: all that is left */
  { "reason", AX_ARG_STRING, TRUE, 0, 200 },
  { NULL }
};

typedef struct
{
  char   *id;
  char   *kind;
  char   *item_id;
  char   *lot_id;
  char   *code;
  char   *description;
  char   *category_id;
  char   *tax_class;
  gint64  qty;
  gint64  unit_price;
  gint64  amount;
  gint64  refunded_qty;     /* by earlier credit notes */
  gint64  refunded_amount;  /* positive */
  gint64  take;             /* what this refund takes back */
  gint64  refund;           /* money, positive */
  int     sort_order;
} OrigLine;

static void
orig_line_free (OrigLine *l)
{
  g_free (l->id);
  g_free (l->kind);
  g_free (l->item_id);
  g_free (l->lot_id);
  g_free (l->code);
  g_free (l->description);
  g_free (l->category_id);
  g_free (l->tax_class);
  g_free (l);
}

gboolean
ax_sale_refund_prepare (AxMutation *m,
                        JsonObject *args,
                        GError    **error)
{
  g_auto (AxSaleClinic) clinic = { 0 };
  g_autofree char *prefix = NULL;
  g_autofree char *number = NULL;

  if (json_object_has_member (args, "number")
      || ax_sale_exists (m, json_object_get_string_member (args, "id"), NULL, NULL))
    return TRUE;
  if (!ax_sale_load_clinic (m, &clinic, error))
    return FALSE;
  prefix = g_strconcat (clinic.code, "CN", NULL);
  number = ax_series_next (m, "credit_note", prefix, error);
  if (number == NULL)
    return FALSE;
  json_object_set_string_member (args, "number", number);
  return TRUE;
}

static GPtrArray *
load_lines (AxMutation *m,
            const char *sale_id,
            GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT l.id, l.kind, coalesce (l.service_id, l.product_id, l.package_id, l.plan_id), l.lot_id, "
    "       l.code, l.description, l.category_id, l.tax_class, l.qty, l.unit_price, l.amount, "
    "       coalesce ((SELECT SUM (r.qty) FROM sale_lines r "
    "                   WHERE r.refund_of_line_id = l.id AND r.deleted_at IS NULL), 0), "
    "       coalesce ((SELECT -SUM (r.amount) FROM sale_lines r "
    "                   WHERE r.refund_of_line_id = l.id AND r.deleted_at IS NULL), 0), "
    "       l.sort_order "
    "  FROM sale_lines l WHERE l.sale_id = ? AND l.deleted_at IS NULL ORDER BY l.sort_order, l.id",
    error);
  GPtrArray *lines;
  int rc;

  if (stmt == NULL)
    return NULL;
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) orig_line_free);
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrigLine *l = g_new0 (OrigLine, 1);

      l->id = ax_db_column_dup (stmt, 0);
      l->kind = ax_db_column_dup (stmt, 1);
      l->item_id = ax_db_column_dup (stmt, 2);
      l->lot_id = ax_db_column_dup (stmt, 3);
      l->code = ax_db_column_dup (stmt, 4);
      l->description = ax_db_column_dup (stmt, 5);
      l->category_id = ax_db_column_dup (stmt, 6);
      l->tax_class = ax_db_column_dup (stmt, 7);
      l->qty = sqlite3_column_int64 (stmt, 8);
      l->unit_price = sqlite3_column_int64 (stmt, 9);
      l->amount = sqlite3_column_int64 (stmt, 10);
      l->refunded_qty = sqlite3_column_int64 (stmt, 11);
      l->refunded_amount = sqlite3_column_int64 (stmt, 12);
      l->sort_order = sqlite3_column_int (stmt, 13);
      g_ptr_array_add (lines, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (lines);
      ax_db_fail (ax_mutation_get_db (m), "sale.refund", error);
      return NULL;
    }
  return lines;
}

/* Which lines and how many: from args, or all that is left. */
static gboolean
choose (JsonArray *wanted,
        GPtrArray *lines,
        GError   **error)
{
  gboolean any = FALSE;

  for (guint i = 0; wanted && i < json_array_get_length (wanted); i++)
    {
      JsonObject *w = json_array_get_object_element (wanted, i);
      const char *line_id = json_object_get_string_member_with_default (w, "sale_line_id", NULL);
      JsonNode *qn = json_object_get_member (w, "quantity");
      OrigLine *line = NULL;
      gint64 q;

      if (json_object_get_size (w) > 2 || line_id == NULL || !ax_uuid_is_valid (line_id))
        return ax_sale_fail (error, "sale.refund", _("line %u: give {sale_line_id, quantity}"), i + 1);
      for (guint j = 0; j < lines->len; j++)
        if (strcmp (((OrigLine *) g_ptr_array_index (lines, j))->id, line_id) == 0)
          line = g_ptr_array_index (lines, j);
      if (line == NULL)
        return ax_sale_fail (error, "sale.refund", _("line %u: %s is not a line of this sale"),
                             i + 1, line_id);
      if (qn != NULL && (!JSON_NODE_HOLDS_VALUE (qn) || json_node_get_value_type (qn) != G_TYPE_INT64))
        return ax_sale_fail (error, "sale.refund", _("line %u: “quantity” must be a whole number"),
                             i + 1);
      q = qn ? json_node_get_int (qn) : line->qty - line->refunded_qty;
      if (line->take > 0)
        return ax_sale_fail (error, "sale.refund", _("line %u: %s is named twice"), i + 1,
                             line->description);
      if (q < 1 || q > line->qty - line->refunded_qty)
        return ax_sale_fail (error, "sale.refund", _("line %u: %" PRId64 " of %s are left to refund, "
                                                     "not %" PRId64), i + 1,
                             line->qty - line->refunded_qty, line->description, q);
      if ((g_strcmp0 (line->kind, "package") == 0 || g_strcmp0 (line->kind, "membership") == 0)
          && q != line->qty)
        return ax_sale_fail (error, "sale.refund", _("line %u: a course or membership is refunded "
                                                     "whole"), i + 1);
      line->take = q;
      any = TRUE;
    }
  if (wanted == NULL)
    for (guint j = 0; j < lines->len; j++)
      {
        OrigLine *line = g_ptr_array_index (lines, j);

        line->take = line->qty - line->refunded_qty;
        any |= line->take > 0;
      }
  if (!any)
    return ax_sale_fail (error, "sale.refund", _("there is nothing left to refund on this sale"));

  /* The money of each line: its share of what was charged, the last units
   * taking what is left so that a line refunded in parts comes to its amount. */
  for (guint j = 0; j < lines->len; j++)
    {
      OrigLine *line = g_ptr_array_index (lines, j);

      if (line->take == 0)
        continue;
      if (line->take == line->qty - line->refunded_qty)
        line->refund = line->amount - line->refunded_amount;
      else
        line->refund = ax_money_mul_div_round (line->amount, line->take, line->qty);
    }
  return TRUE;
}

/* Stock taken by a line goes back to its lots, the last lot first. */
static gboolean
restore_stock (AxMutation *m,
               const char *credit_id,
               OrigLine   *line,
               guint      *k,
               const char *reason,
               GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT lot_id, -SUM (qty) FROM stock_movements "
    " WHERE sale_line_id = ? AND kind IN ('sale', 'refund') AND deleted_at IS NULL "
    " GROUP BY lot_id ORDER BY MIN (rowid) DESC", error);
  g_autoptr (GPtrArray) lots = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 left = line->take;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, line->id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 1);

      g_ptr_array_add (lots, ax_db_column_dup (stmt, 0));
      g_array_append_val (out, n);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < lots->len && left > 0; i++)
    {
      gint64 back = MIN (left, g_array_index (out, gint64, i));
      char id[AX_UUID_STRLEN];

      if (back <= 0)
        continue;
      ax_uuid_derive (credit_id, (*k)++, id);
      if (!ax_stock_write_movement (m, id, line->item_id, g_ptr_array_index (lots, i), back,
                                    "refund", reason, line->id, error))
        return FALSE;
      left -= back;
    }
  return TRUE;
}

/* Courses and memberships sold on a refunded line are taken back (only when
 * unused) with reversing ledger entries. */
static gboolean
take_back_entitlement (AxMutation *m,
                       const char *sale_id,
                       const char *credit_id,
                       OrigLine   *line,
                       guint      *k,
                       GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  gboolean package = g_strcmp0 (line->kind, "package") == 0;
  sqlite3_stmt *stmt = ax_db_prepare (db, package
    ? "SELECT c.patient_id, c.patient_package_id, NULL, c.service_id, c.sessions, c.amount, "
      "       (SELECT SUM (x.sessions) FROM credit_ledger x WHERE x.patient_package_id = c.patient_package_id "
      "           AND x.deleted_at IS NULL), 0 "
      "  FROM credit_ledger c JOIN patient_packages pp ON pp.id = c.patient_package_id "
      " WHERE pp.sale_line_id = ?1 AND c.kind = 'grant' AND c.sale_id = ?2"
    : "SELECT c.patient_id, NULL, c.membership_id, c.service_id, c.sessions, c.amount, "
      "       (SELECT SUM (x.sessions) FROM credit_ledger x WHERE x.membership_id = c.membership_id "
      "           AND x.deleted_at IS NULL), "
      "       (SELECT SUM (x.amount) FROM credit_ledger x WHERE x.membership_id = c.membership_id "
      "           AND x.deleted_at IS NULL) "
      "  FROM credit_ledger c JOIN memberships ms ON ms.id = c.membership_id "
      "  JOIN sale_lines sl ON sl.plan_id = ms.plan_id AND sl.id = ?1 "
      " WHERE c.kind = 'grant' AND c.sale_id = ?2", error);
  g_auto (AxSaleRow) r = NULL;
  gint64 sessions, amount;
  char id[AX_UUID_STRLEN];

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, line->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sale_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      r = ax_sale_row_read (stmt, 8);
    }
  sqlite3_reset (stmt);
  if (r == NULL)
    return TRUE;
  sessions = g_ascii_strtoll (r[4], NULL, 10);
  amount = g_ascii_strtoll (r[5], NULL, 10);
  if (g_ascii_strtoll (r[6], NULL, 10) < sessions || g_ascii_strtoll (r[7], NULL, 10) < amount)
    return ax_sale_fail (error, "sale.refund", _("%s has been used since it was sold; it can’t be "
                                                 "refunded whole"), line->description);
  ax_uuid_derive (credit_id, (*k)++, id);
  if (!ax_sale_insert_credit (m, id, r[0], r[1], r[2], "refund", r[3], -sessions, -amount,
                              credit_id, error))
    return FALSE;
  stmt = ax_db_prepare (db, package
    ? "UPDATE patient_packages SET status = 'refunded', updated_at = ?2 WHERE id = ?1"
    : "UPDATE memberships SET status = 'cancelled', cancelled_at = ?3, updated_at = ?2 WHERE id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, package ? r[1] : r[2], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  if (!package)
    sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  return ax_sale_step_done (m, stmt, "sale.refund", error);
}

/* The money goes back to the original tenders, the last tender first; each
 * credit note carries on where the earlier ones stopped. A wallet tender
 * goes back into the wallet, a course's sessions back to the course (in
 * proportion, whole sessions). */
static gboolean
pay_back (AxMutation *m,
          const char *sale_id,
          const char *credit_id,
          const char *patient_id,
          gint64      refund,
          guint      *k,
          GError    **error)
{
  g_autoptr (GPtrArray) rows = ax_sale_rows_read (m, "sale.refund",
    "SELECT tender, amount, reference FROM payments WHERE sale_id = ? AND deleted_at IS NULL "
    " ORDER BY at DESC, rowid DESC", sale_id, 3, error);
  gint64 before = 0, skip;

  if (rows == NULL)
    return FALSE;
  before = -ax_sale_count (m, "SELECT coalesce (SUM (total), 0) FROM sales "
                              " WHERE refund_of_sale_id = ? AND id <> ?2 AND deleted_at IS NULL",
                           sale_id, credit_id);
  skip = before;
  for (guint i = 0; i < rows->len && refund > 0; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      gint64 amount = g_ascii_strtoll (r[1], NULL, 10), done_before, back;
      char id[AX_UUID_STRLEN];

      done_before = MIN (skip, amount);
      skip -= done_before;
      back = MIN (refund, amount - done_before);
      if (back <= 0)
        continue;
      refund -= back;
      ax_uuid_derive (credit_id, (*k)++, id);
      if (!ax_sale_insert_payment (m, id, credit_id, r[0], -back, -1, r[2], error))
        return FALSE;
      if (strcmp (r[0], "wallet") == 0)
        {
          ax_uuid_derive (credit_id, (*k)++, id);
          if (!ax_sale_insert_credit (m, id, patient_id, NULL, r[2], "refund", NULL, 0, back,
                                      credit_id, error))
            return FALSE;
        }
      else if (strcmp (r[0], "package_credit") == 0)
        {
          /* Sessions back in proportion to the money, counted over every
           * credit note so far. */
          gint64 used = -ax_sale_count (m, "SELECT coalesce (SUM (sessions), 0) FROM credit_ledger "
                                           " WHERE sale_id = ? AND patient_package_id = ?2 "
                                           "   AND kind = 'redeem'", sale_id, r[2]);
          gint64 restored_before = used * done_before / amount;
          gint64 restored_now = used * (done_before + back) / amount - restored_before;

          if (restored_now > 0)
            {
              ax_uuid_derive (credit_id, (*k)++, id);
              if (!ax_sale_insert_credit (m, id, patient_id, r[2], NULL, "refund", NULL,
                                          restored_now, 0, credit_id, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
ax_sale_refund_run (AxMutation *m,
                    JsonObject *args,
                    GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  JsonObject *result = ax_mutation_get_result (m);
  const char *credit_id = json_object_get_string_member (args, "id");
  const char *sale_id = json_object_get_string_member (args, "sale_id");
  const char *number = json_object_get_string_member_with_default (args, "number", NULL);
  g_autofree char *reason = g_strstrip (g_strdup (json_object_get_string_member (args, "reason")));
  JsonArray *wanted = json_object_has_member (args, "lines")
                      ? json_object_get_array_member (args, "lines") : NULL;
  g_autofree char *existing = NULL;
  g_auto (AxSaleHead) head = { 0 };
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  gint64 sums[AX_N_TAX_CLASSES] = { 0 }, subtotal = 0, net = 0, tax = 0, total = 0;
  gboolean prices_include_tax = TRUE, all_done = TRUE;
  guint vat = 0, k = 1;
  sqlite3_stmt *stmt;

  if (ax_sale_exists (m, credit_id, &existing, &total))
    {
      json_object_set_string_member (result, "id", credit_id);
      json_object_set_string_member (result, "number", existing);
      json_object_set_int_member (result, "total", total);
      json_object_set_boolean_member (result, "existing", TRUE);
      ax_mutation_set_noop (m);
      return TRUE;
    }
  if (!ax_sale_load_head (m, "sale.refund", sale_id, &head, error))
    return FALSE;
  lines = load_lines (m, sale_id, error);
  if (lines == NULL || !choose (wanted, lines, error))
    return FALSE;

  stmt = ax_db_prepare (db, "SELECT prices_include_tax, vat_rate_bp FROM sales WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      prices_include_tax = sqlite3_column_int (stmt, 0) != 0;
      vat = (guint) sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  /* Net, tax and gross per class of what is refunded, as the receipt did. */
  for (guint j = 0; j < lines->len; j++)
    {
      OrigLine *line = g_ptr_array_index (lines, j);
      AxTaxClass c = ax_tax_class_from_string (line->tax_class);

      if (c != AX_TAX_CLASS_INVALID)
        sums[c] += line->refund;
      subtotal += line->refund;
      all_done &= line->refunded_qty + line->take == line->qty;
    }
  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      guint rate = c == AX_TAX_CLASS_STANDARD ? vat : 0;
      gint64 t = prices_include_tax ? ax_money_mul_div_round (sums[c], rate, 10000 + rate)
                                    : ax_money_mul_div_round (sums[c], rate, 10000);

      tax += t;
      net += prices_include_tax ? sums[c] - t : sums[c];
      total += prices_include_tax ? sums[c] : sums[c] + t;
    }

  stmt = ax_db_prepare (db,
    "INSERT INTO sales (id, clinic_id, created_at, updated_at, number, kind, device_id, patient_id, "
    "  user_id, sold_at, status, currency, subtotal, discount, net, tax, total, prices_include_tax, "
    "  vat_rate_bp, refund_of_sale_id, buyer_name, buyer_tax_id, buyer_address) "
    "SELECT ?1, ?2, ?3, ?4, ?5, 'credit_note', ?6, patient_id, ?7, ?3, 'completed', currency, "
    "       ?8, 0, ?9, ?10, ?11, prices_include_tax, vat_rate_bp, id, buyer_name, buyer_tax_id, "
    "       buyer_address FROM sales WHERE id = ?12", error);
  if (stmt == NULL)
    return FALSE;
  ax_sale_bind_base (m, stmt, credit_id);
  sqlite3_bind_text (stmt, 5, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ax_store_get_device_id (ax_mutation_get_store (m)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, -subtotal);
  sqlite3_bind_int64 (stmt, 9, -net);
  sqlite3_bind_int64 (stmt, 10, -tax);
  sqlite3_bind_int64 (stmt, 11, -total);
  sqlite3_bind_text (stmt, 12, sale_id, -1, SQLITE_STATIC);
  if (!ax_sale_step_done (m, stmt, "sale.refund", error))
    return FALSE;

  for (guint j = 0; j < lines->len; j++)
    {
      OrigLine *line = g_ptr_array_index (lines, j);
      char line_id[AX_UUID_STRLEN];

      if (line->take == 0)
        continue;
      ax_uuid_derive (credit_id, k++, line_id);
      stmt = ax_db_prepare (db,
        "INSERT INTO sale_lines (id, clinic_id, created_at, updated_at, sale_id, kind, service_id, "
        "  product_id, package_id, plan_id, lot_id, code, description, category_id, qty, unit_price, "
        "  tax_class, amount, sort_order, refund_of_line_id) "
        "SELECT ?1, ?2, ?3, ?4, ?5, kind, service_id, product_id, package_id, plan_id, lot_id, code, "
        "       description, category_id, ?6, unit_price, tax_class, ?7, sort_order, id "
        "  FROM sale_lines WHERE id = ?8", error);
      if (stmt == NULL)
        return FALSE;
      ax_sale_bind_base (m, stmt, line_id);
      sqlite3_bind_text (stmt, 5, credit_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, line->take);
      sqlite3_bind_int64 (stmt, 7, -line->refund);
      sqlite3_bind_text (stmt, 8, line->id, -1, SQLITE_STATIC);
      if (!ax_sale_step_done (m, stmt, "sale.refund", error))
        return FALSE;
      if (g_strcmp0 (line->kind, "product") == 0
          && !restore_stock (m, credit_id, line, &k, reason, error))
        return FALSE;
      if ((g_strcmp0 (line->kind, "package") == 0 || g_strcmp0 (line->kind, "membership") == 0)
          && !take_back_entitlement (m, sale_id, credit_id, line, &k, error))
        return FALSE;
    }

  if (!pay_back (m, sale_id, credit_id, head.patient_id, total, &k, error))
    return FALSE;

  if (all_done)
    {
      stmt = ax_db_prepare (db, "UPDATE sales SET status = 'refunded', updated_at = ?2 WHERE id = ?1",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
      if (!ax_sale_step_done (m, stmt, "sale.refund", error))
        return FALSE;
    }

  json_object_set_string_member (detail, "sale", head.number);
  json_object_set_string_member (detail, "number", number);
  json_object_set_string_member (detail, "reason", reason);
  json_object_set_int_member (detail, "total", -total);
  json_object_set_string_member (result, "id", credit_id);
  json_object_set_string_member (result, "number", number);
  json_object_set_int_member (result, "total", -total);
  return ax_mutation_audit (m, "sale.refund", "sale", sale_id, detail, error);
}
