/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Receipts, tax invoices and credit notes as printed: the read, and the
 * record of each print (receipt.print) that tells an original from a copy
 * (docs/receipts.md). */

#include "ax-receipts.h"
#include "ax-sale-private.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

static const char *const kind_names[AX_N_RECEIPT_KINDS + 1] = { "receipt", "invoice", NULL };

const char *
ax_receipt_kind_to_string (AxReceiptKind kind)
{
  g_return_val_if_fail (kind < AX_N_RECEIPT_KINDS, NULL);
  return kind_names[kind];
}

int
ax_receipt_kind_from_string (const char *text)
{
  for (int k = 0; text != NULL && k < AX_N_RECEIPT_KINDS; k++)
    if (g_str_equal (text, kind_names[k]))
      return k;
  return -1;
}

void
ax_receipt_free (AxReceipt *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->sale, ax_sale_free);
  g_free (r->clinic_name);
  g_free (r->clinic_legal_name);
  g_free (r->clinic_address);
  g_free (r->clinic_tax_id);
  g_free (r->clinic_branch);
  g_free (r->clinic_phone);
  g_free (r->timezone);
  g_free (r->device_name);
  g_free (r->device_code);
  g_free (r->cashier_name);
  g_free (r->patient_name);
  g_free (r->patient_number);
  g_free (r->buyer_name);
  g_free (r->buyer_tax_id);
  g_free (r->buyer_address);
  g_free (r->refund_of_number);
  g_free (r->refund_reason);
  g_free (r->approver_name);
  g_free (r);
}

static gboolean
read_head (AxDb       *db,
           const char *clinic_id,
           AxReceipt  *r,
           GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT c.name, c.legal_name, c.address, c.tax_id, c.branch, c.phone, c.timezone, "
    "       d.name, d.code, u.display_name, "
    "       nullif (trim (p.first_name || ' ' || p.last_name), ''), p.patient_number, "
    "       s.buyer_name, s.buyer_tax_id, s.buyer_address, o.number, a.display_name, "
    "       (SELECT json_extract (l.detail_json, '$.reason') FROM audit_log l "
    "         WHERE l.action = 'sale.refund' AND l.subject_id = s.refund_of_sale_id "
    "           AND json_extract (l.detail_json, '$.number') = s.number LIMIT 1), "
    "       (SELECT coalesce (SUM (change_due), 0) FROM payments y "
    "         WHERE y.sale_id = s.id AND y.deleted_at IS NULL AND y.amount > 0) "
    "  FROM sales s JOIN clinics c ON c.id = s.clinic_id "
    "  LEFT JOIN devices d ON d.id = s.device_id "
    "  LEFT JOIN users u ON u.id = s.user_id "
    "  LEFT JOIN users a ON a.id = s.approved_by "
    "  LEFT JOIN patients p ON p.id = s.patient_id "
    "  LEFT JOIN sales o ON o.id = s.refund_of_sale_id "
    " WHERE s.id = ? AND s.clinic_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->sale->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clinic_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      r->clinic_name = ax_db_column_dup_or_empty (stmt, 0);
      r->clinic_legal_name = ax_db_column_dup (stmt, 1);
      r->clinic_address = ax_db_column_dup (stmt, 2);
      r->clinic_tax_id = ax_db_column_dup (stmt, 3);
      r->clinic_branch = ax_db_column_dup (stmt, 4);
      r->clinic_phone = ax_db_column_dup (stmt, 5);
      r->timezone = ax_db_column_dup (stmt, 6);
      r->device_name = ax_db_column_dup (stmt, 7);
      r->device_code = ax_db_column_dup (stmt, 8);
      r->cashier_name = ax_db_column_dup (stmt, 9);
      r->patient_name = ax_db_column_dup (stmt, 10);
      r->patient_number = ax_db_column_dup (stmt, 11);
      r->buyer_name = ax_db_column_dup (stmt, 12);
      r->buyer_tax_id = ax_db_column_dup (stmt, 13);
      r->buyer_address = ax_db_column_dup (stmt, 14);
      r->refund_of_number = ax_db_column_dup (stmt, 15);
      r->approver_name = ax_db_column_dup (stmt, 16);
      r->refund_reason = ax_db_column_dup (stmt, 17);
      r->change_due = sqlite3_column_int64 (stmt, 18);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return ax_db_fail (db, _("Reading the receipt failed"), error);
  return TRUE;
}

static gboolean
read_prints (AxDb       *db,
             AxReceipt  *r,
             GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT json_extract (detail_json, '$.kind'), COUNT (*) FROM audit_log "
    " WHERE action = 'receipt.print' AND subject_id = ? GROUP BY 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->sale->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int k = ax_receipt_kind_from_string ((const char *) sqlite3_column_text (stmt, 0));

      if (k >= 0)
        r->prints[k] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the receipt failed"), error);
  return TRUE;
}

AxReceipt *
ax_receipt_query (AxDb       *db,
                  const char *clinic_id,
                  const char *sale_id,
                  GError    **error)
{
  g_autoptr (AxReceipt) r = g_new0 (AxReceipt, 1);

  r->sale = ax_sale_query (db, clinic_id, sale_id, error);
  if (r->sale == NULL || !read_head (db, clinic_id, r, error) || !read_prints (db, r, error))
    return NULL;
  return g_steal_pointer (&r);
}

/* ------------------------------------------------------------------------ */
/* receipt.print                                                            */

static const char *const print_kinds[] = { "receipt", "invoice", NULL };

static const AxArgSpec print_args[] = {
  { "sale_id", AX_ARG_UUID, TRUE },
  { "kind", AX_ARG_ENUM, TRUE, 0, 0, print_kinds },
  { "buyer_name", AX_ARG_STRING, FALSE, 0, 200 },
  { "buyer_tax_id", AX_ARG_STRING, FALSE, 0, 30 },
  { "buyer_address", AX_ARG_TEXT, FALSE, 0, 500 },
  { NULL }
};

static char *
opt_trimmed (JsonObject *args,
             const char *name)
{
  const char *v = json_object_get_string_member_with_default (args, name, NULL);
  char *s = v ? g_strstrip (g_strdup (v)) : NULL;

  if (s != NULL && *s == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

/* Records one print of a sale's receipt or tax invoice; the result says
 * whether it is the original ({"copy": false, "count": 1}) or a copy. A tax
 * invoice is issued to a buyer: the buyer given here is kept on the sale
 * when it has none, and refused when it names another buyer. */
static gboolean
print_run (AxMutation *m,
           JsonObject *args,
           GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *sale_id = json_object_get_string_member (args, "sale_id");
  const char *kind = json_object_get_string_member (args, "kind");
  gboolean invoice = g_str_equal (kind, "invoice");
  g_autofree char *name = opt_trimmed (args, "buyer_name");
  g_autofree char *tax_id = opt_trimmed (args, "buyer_tax_id");
  g_autofree char *address = opt_trimmed (args, "buyer_address");
  g_autofree char *number = NULL, *has_name = NULL, *has_tax_id = NULL, *status = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  JsonObject *result = ax_mutation_get_result (m);
  sqlite3_stmt *stmt;
  gint64 count;

  stmt = ax_db_prepare (db, "SELECT number, buyer_name, buyer_tax_id, status FROM sales "
                            " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      number = ax_db_column_dup (stmt, 0);
      has_name = ax_db_column_dup (stmt, 1);
      has_tax_id = ax_db_column_dup (stmt, 2);
      status = ax_db_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (number == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("receipt.print: there is no sale with id %s"), sale_id);
      return FALSE;
    }

  if ((name || tax_id || address) && !invoice)
    return ax_sale_fail (error, "receipt.print", _("a buyer is named only on a tax invoice"));
  if (invoice && has_name != NULL && name != NULL
      && (g_strcmp0 (has_name, name) != 0 || (tax_id && g_strcmp0 (has_tax_id, tax_id) != 0)))
    return ax_sale_fail (error, "receipt.print",
                         _("the tax invoice of %s was issued to %s; it can’t be issued to "
                           "another buyer"), number, has_name);
  if (invoice && has_name == NULL)
    {
      if (name == NULL)
        return ax_sale_fail (error, "receipt.print",
                             _("a tax invoice needs the buyer’s name (and tax id for a "
                               "business); enter them to issue it"));
      if (g_strcmp0 (status, "voided") == 0)
        return ax_sale_fail (error, "receipt.print",
                             _("sale %s is voided; no tax invoice can be issued for it"), number);
      stmt = ax_db_prepare (db, "UPDATE sales SET buyer_name = ?2, buyer_tax_id = ?3, "
                                "       buyer_address = ?4, updated_at = ?5 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, tax_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, address, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
      if (!ax_sale_step_done (m, stmt, "receipt.print", error))
        return FALSE;
    }

  count = ax_sale_count (m, "SELECT COUNT (*) FROM audit_log WHERE action = 'receipt.print' "
                            "   AND subject_id = ?1 AND json_extract (detail_json, '$.kind') = ?2",
                         sale_id, kind) + 1;
  json_object_set_string_member (detail, "number", number);
  json_object_set_string_member (detail, "kind", kind);
  json_object_set_int_member (detail, "count", count);
  json_object_set_boolean_member (detail, "copy", count > 1);
  json_object_set_string_member (result, "id", sale_id);
  json_object_set_string_member (result, "number", number);
  json_object_set_int_member (result, "count", count);
  json_object_set_boolean_member (result, "copy", count > 1);
  return ax_mutation_audit (m, "receipt.print", "sale", sale_id, detail, error);
}

static const AxMutatorDef receipt_mutators[] = {
  { "receipt.print", AX_PERM_POS_SELL, print_args, FALSE, NULL, print_run, NULL },
};

void
ax_receipts_register_mutators (void)
{
  ax_mutators_register (receipt_mutators, G_N_ELEMENTS (receipt_mutators));
}
