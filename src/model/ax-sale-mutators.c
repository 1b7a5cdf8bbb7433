/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* sale.checkout, sale.void and sale.refund (docs/pos.md). Every row a sale
 * writes takes an id derived from the sale's own (client-made) id, so a
 * replay on the server makes the very same rows; the receipt number is taken
 * in prepare() and travels with the arguments. */

#include <inttypes.h>
#include <string.h>

#include "ax-sale-private.h"
#include "ax-cart.h"
#include "ax-money.h"
#include "ax-model-error.h"
#include "ax-error.h"
#include "ax-uuid.h"

#include <glib/gi18n-lib.h>

/* Offsets of derived ids: checkout rows count from 1, a void's from here. */
#define VOID_ID_BASE 1000000u

void
ax_sale_clinic_clear (AxSaleClinic *c)
{
  g_free (c->currency);
  g_free (c->code);
}

gboolean
ax_sale_fail (GError    **error,
      const char *mutator,
      const char *fmt,
      ...) G_GNUC_PRINTF (3, 4);

gboolean
ax_sale_fail (GError    **error,
      const char *mutator,
      const char *fmt,
      ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS, "%s: %s", mutator, msg);
  return FALSE;
}

/* Ends a row of ax_sale_row_read (its columns may be NULL). */
static char row_end;

char **
ax_sale_row_read (sqlite3_stmt *stmt,
                  int           n_cols)
{
  char **row = g_new0 (char *, n_cols + 1);

  for (int c = 0; c < n_cols; c++)
    row[c] = ax_db_column_dup (stmt, c);
  row[n_cols] = &row_end;
  return row;
}

GPtrArray *
ax_sale_rows_read (AxMutation *m,
                   const char *what,
                   const char *sql,
                   const char *sale_id,
                   int         n_cols,
                   GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);
  g_autoptr (GPtrArray) rows = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_sale_row_free);
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, ax_sale_row_read (stmt, n_cols));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, what, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

void
ax_sale_row_free (char **row)
{
  if (row == NULL)
    return;
  for (char **p = row; *p != &row_end; p++)
    g_free (*p);
  g_free (row);
}

static const char *
opt_string (JsonObject *obj,
            const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (node) ? json_node_get_string (node) : NULL;
}

gboolean
ax_sale_load_clinic (AxMutation *m,
             AxSaleClinic     *c,
             GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT currency, code, vat_rate_bp, prices_include_tax, discount_approval_bp "
    "  FROM clinics WHERE id = ?", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      c->currency = ax_db_column_dup (stmt, 0);
      c->code = ax_db_column_dup (stmt, 1);
      c->vat_rate_bp = (guint) sqlite3_column_int (stmt, 2);
      c->prices_include_tax = sqlite3_column_int (stmt, 3) != 0;
      c->approval_bp = (guint) sqlite3_column_int (stmt, 4);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NO_CLINIC, _("The store has no clinic yet"));
  return found;
}

gboolean
ax_sale_step_done (AxMutation   *m,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), what, error);
  return TRUE;
}

/* Binds id, clinic_id, created_at, updated_at to parameters 1–4. */
void
ax_sale_bind_base (AxMutation   *m,
           sqlite3_stmt *stmt,
           const char   *id)
{
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
}

static void
bind_opt_int (sqlite3_stmt *stmt,
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
ax_sale_exists (AxMutation *m,
             const char *id,
             char      **number_out,
             gint64     *total_out)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT number, total FROM sales WHERE id = ? AND clinic_id = ?", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (number_out)
        *number_out = ax_db_column_dup (stmt, 0);
      if (total_out)
        *total_out = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return found;
}

/* The approver named for a discount or a void: a live user of this clinic
 * who may approve (docs/pos.md). The actor approves their own when they may. */
static gboolean
resolve_approver (AxMutation *m,
                  const char *mutator,
                  const char *approved_by,
                  const char *why,
                  char      **approver_out,
                  GError    **error)
{
  AxActor *actor = ax_mutation_get_actor (m);
  sqlite3_stmt *stmt;
  g_autofree char *role = NULL;
  gboolean active = FALSE;

  if (ax_actor_can (actor, AX_PERM_POS_APPROVE))
    {
      *approver_out = g_strdup (ax_actor_get_user_id (actor));
      return TRUE;
    }
  if (approved_by == NULL)
    return ax_sale_fail (error, mutator, _("%s needs an owner’s approval; ask an owner to approve it"), why);
  if (g_strcmp0 (approved_by, ax_actor_get_user_id (actor)) == 0)
    return ax_sale_fail (error, mutator, _("%s needs the approval of an owner, not your own"), why);

  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT role, active FROM users WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, approved_by, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      role = ax_db_column_dup (stmt, 0);
      active = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (role == NULL || !active || !ax_role_has (ax_role_from_string (role), AX_PERM_POS_APPROVE))
    return ax_sale_fail (error, mutator, _("%s needs an owner’s approval, and the approver given is not "
                                   "an active owner"), why);
  *approver_out = g_strdup (approved_by);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* sale.checkout                                                            */

static const char *const line_kinds[] = { "service", "product", "package", "membership", NULL };
static const char *const tender_kinds[] = {
  "cash", "card", "transfer", "qr", "package_credit", "membership_wallet", NULL,
};

static const AxArgSpec checkout_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "number", AX_ARG_STRING, FALSE, 0, 40 },
  { "patient_id", AX_ARG_UUID },
  { "appointment_id", AX_ARG_UUID },
  { "lines", AX_ARG_OBJECTS, TRUE },
  { "receipt_discount_bp", AX_ARG_INT, FALSE, 0, 10000 },
  { "receipt_discount_amount", AX_ARG_MONEY },
  { "tenders", AX_ARG_OBJECTS, TRUE },
  { "expected_total", AX_ARG_MONEY },
  { "approved_by", AX_ARG_UUID },
  { "buyer_name", AX_ARG_STRING, FALSE, 0, 200 },
  { "buyer_tax_id", AX_ARG_STRING, FALSE, 0, 30 },
  { "buyer_address", AX_ARG_TEXT, FALSE, 0, 500 },
  { NULL }
};

/* What the catalogue says of a line's item. */
typedef struct
{
  char   *name;
  char   *code;
  char   *category_id;
  char   *tax_class;
  char   *service_id;     /* packages: the service the course is of */
  char   *credits_json;   /* plans */
  gint64  price;
  gint64  sessions;       /* packages */
  gint64  validity_days;  /* packages */
  gint64  period_months;  /* plans */
  gint64  wallet;         /* plans */
} Item;

static void
item_clear (Item *it)
{
  g_free (it->name);
  g_free (it->code);
  g_free (it->category_id);
  g_free (it->tax_class);
  g_free (it->service_id);
  g_free (it->credits_json);
}

static gboolean
load_item (AxMutation     *m,
           AxCartItemKind  kind,
           const char     *item_id,
           const char     *what,
           Item           *it,
           GError        **error)
{
  static const char *const sql[] = {
    [AX_CART_ITEM_SERVICE] =
      "SELECT name, code, category_id, tax_class, NULL, NULL, price, 0, 0, 0, 0 FROM services "
      " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL AND active = 1",
    [AX_CART_ITEM_PRODUCT] =
      "SELECT name, code, category_id, tax_class, NULL, NULL, price, 0, 0, 0, 0 FROM products "
      " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL AND active = 1",
    [AX_CART_ITEM_PACKAGE] =
      "SELECT name, code, NULL, tax_class, service_id, NULL, price, sessions, validity_days, 0, 0 "
      "  FROM packages WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL AND active = 1",
    [AX_CART_ITEM_MEMBERSHIP] =
      "SELECT name, NULL, NULL, tax_class, NULL, credits_json, price, 0, 0, period_months, "
      "       wallet_amount FROM membership_plans "
      " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL AND active = 1",
  };
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), sql[kind], error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      it->name = ax_db_column_dup (stmt, 0);
      it->code = ax_db_column_dup (stmt, 1);
      it->category_id = ax_db_column_dup (stmt, 2);
      it->tax_class = ax_db_column_dup (stmt, 3);
      it->service_id = ax_db_column_dup (stmt, 4);
      it->credits_json = ax_db_column_dup (stmt, 5);
      it->price = sqlite3_column_int64 (stmt, 6);
      it->sessions = sqlite3_column_int64 (stmt, 7);
      it->validity_days = sqlite3_column_int64 (stmt, 8);
      it->period_months = sqlite3_column_int64 (stmt, 9);
      it->wallet = sqlite3_column_int64 (stmt, 10);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("sale.checkout: %s: there is no %s with id %s on sale (it may have been "
                     "removed from the catalogue)"), what, line_kinds[kind], item_id);
      return FALSE;
    }
  return TRUE;
}

/* Checks that obj has only the named fields, each of the right JSON type
 * ('s' text, 'i' integer, 'a' list). */
static gboolean
check_fields (JsonObject *obj,
              const char *what,
              const char *const *names,
              const char *types,
              GError    **error)
{
  g_autoptr (GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (obj, l->data);
      int k = -1;
      gboolean ok;

      for (int i = 0; names[i]; i++)
        if (strcmp (names[i], l->data) == 0)
          k = i;
      if (k < 0)
        return ax_sale_fail (error, "sale.checkout", _("%s: there is no field “%s”"), what, (char *) l->data);
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      switch (types[k])
        {
        case 's':
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
          break;
        case 'i':
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
          break;
        default:
          ok = JSON_NODE_HOLDS_ARRAY (node);
          break;
        }
      if (!ok)
        return ax_sale_fail (error, "sale.checkout", _("%s: “%s” must be %s"), what, (char *) l->data,
                     types[k] == 's' ? _("text") : types[k] == 'i' ? _("a whole number")
                                                                  : _("a list"));
    }
  return TRUE;
}

static gboolean
check_uuid_field (JsonObject *obj,
                  const char *name,
                  const char *what,
                  gboolean    required,
                  GError    **error)
{
  const char *s = opt_string (obj, name);

  if (s == NULL && required)
    return ax_sale_fail (error, "sale.checkout", _("%s: “%s” is required"), what, name);
  if (s != NULL && !ax_uuid_is_valid (s))
    return ax_sale_fail (error, "sale.checkout", _("%s: “%s” must be a record id, not “%s”"), what, name, s);
  return TRUE;
}

typedef struct
{
  AxCartLine      line;
  Item            item;
  AxCartProvider *providers;
} ParsedLine;

static void
parsed_line_clear (ParsedLine *p)
{
  item_clear (&p->item);
  g_free (p->providers);
}

static gboolean
parse_line (AxMutation *m,
            JsonObject *obj,
            guint       index,
            ParsedLine *out,
            GError    **error)
{
  static const char *const names[] = {
    "kind", "item_id", "quantity", "discount_bp", "discount_amount", "lot_id", "providers", NULL,
  };
  g_autofree char *what = g_strdup_printf (_("line %u"), index + 1);
  const char *kind_s;
  JsonArray *providers;
  gint64 qty;

  if (!check_fields (obj, what, names, "ssiiisa", error))
    return FALSE;
  kind_s = opt_string (obj, "kind");
  if (kind_s == NULL || !g_strv_contains (line_kinds, kind_s))
    return ax_sale_fail (error, "sale.checkout", _("%s: “kind” must be one of service, product, package, "
                                           "membership"), what);
  if (!check_uuid_field (obj, "item_id", what, TRUE, error)
      || !check_uuid_field (obj, "lot_id", what, FALSE, error)
      || !ax_stock_resolve_lot_member (m, obj, "lot_id", error))
    return FALSE;
  qty = json_object_get_int_member_with_default (obj, "quantity", 1);
  if (qty < 1 || qty > 100000)
    return ax_sale_fail (error, "sale.checkout", _("%s: the quantity is %" PRId64 "; enter 1 to 100 000"),
                 what, qty);
  if (json_object_has_member (obj, "discount_bp") && json_object_has_member (obj, "discount_amount"))
    return ax_sale_fail (error, "sale.checkout", _("%s: give the discount as a percentage or as an amount, "
                                           "not both"), what);

  out->line.kind = ax_cart_item_kind_from_string (kind_s);
  out->line.item_id = json_object_get_string_member (obj, "item_id");
  out->line.quantity = (gint) qty;
  out->line.lot_id = opt_string (obj, "lot_id");
  if (out->line.lot_id != NULL && out->line.kind != AX_CART_ITEM_PRODUCT)
    return ax_sale_fail (error, "sale.checkout", _("%s: only a product line can take stock from a lot"), what);
  if ((out->line.kind == AX_CART_ITEM_PACKAGE || out->line.kind == AX_CART_ITEM_MEMBERSHIP) && qty != 1)
    return ax_sale_fail (error, "sale.checkout", _("%s: sell one course or membership per line"), what);
  if (json_object_has_member (obj, "discount_bp"))
    out->line.discount = (AxDiscount) { AX_DISCOUNT_PERCENT,
                                        json_object_get_int_member (obj, "discount_bp") };
  else if (json_object_has_member (obj, "discount_amount"))
    out->line.discount = (AxDiscount) { AX_DISCOUNT_AMOUNT,
                                        json_object_get_int_member (obj, "discount_amount") };

  providers = json_object_has_member (obj, "providers")
              ? json_object_get_array_member (obj, "providers") : NULL;
  out->providers = g_new0 (AxCartProvider, providers ? MAX (json_array_get_length (providers), 1) : 1);
  for (guint i = 0; providers && i < json_array_get_length (providers); i++)
    {
      JsonNode *pn = json_array_get_element (providers, i);
      JsonObject *p;
      gint64 split;

      if (!JSON_NODE_HOLDS_OBJECT (pn))
        return ax_sale_fail (error, "sale.checkout", _("%s: each provider must be {provider_id, split_bp}"),
                     what);
      p = json_node_get_object (pn);
      if (!check_uuid_field (p, "provider_id", what, TRUE, error))
        return FALSE;
      split = json_object_get_int_member_with_default (p, "split_bp",
                                                       json_array_get_length (providers) == 1 ? 10000 : 0);
      if (split < 0 || split > 10000)
        return ax_sale_fail (error, "sale.checkout", _("%s: a provider’s share must be 0 to 100 %%"), what);
      if (!ax_mutation_require_row (m, "providers", json_object_get_string_member (p, "provider_id"),
                                    _("provider"), error))
        return FALSE;
      out->providers[i].provider_id = json_object_get_string_member (p, "provider_id");
      out->providers[i].split_bp = (guint) split;
      out->line.n_providers++;
    }
  out->line.providers = out->providers;

  if (!load_item (m, out->line.kind, out->line.item_id, what, &out->item, error))
    return FALSE;
  out->line.name = out->item.name;
  out->line.unit_price = out->item.price;
  out->line.tax_class = ax_tax_class_from_string (out->item.tax_class);
  return TRUE;
}

typedef enum { T_CASH, T_CARD, T_TRANSFER, T_QR, T_PACKAGE, T_WALLET } TenderKind;

typedef struct
{
  TenderKind  kind;
  gint64      amount;
  gint64      given;     /* cash, or -1 */
  const char *reference;
  const char *credit_id; /* patient_package_id or membership_id */
  gint64      sessions;  /* package credit */
} Tender;

static gboolean
parse_tender (JsonObject *obj,
              guint       index,
              Tender     *t,
              GError    **error)
{
  static const char *const names[] = {
    "kind", "amount", "given", "reference", "patient_package_id", "membership_id", "sessions", NULL,
  };
  g_autofree char *what = g_strdup_printf (_("tender %u"), index + 1);
  const char *kind_s;

  if (!check_fields (obj, what, names, "siisssi", error))
    return FALSE;
  kind_s = opt_string (obj, "kind");
  if (kind_s == NULL || !g_strv_contains (tender_kinds, kind_s))
    return ax_sale_fail (error, "sale.checkout", _("%s: “kind” must be one of cash, card, transfer, qr, "
                                           "package_credit, membership_wallet"), what);
  for (t->kind = T_CASH; strcmp (tender_kinds[t->kind], kind_s) != 0; t->kind++)
    ;
  if (!json_object_has_member (obj, "amount"))
    return ax_sale_fail (error, "sale.checkout", _("%s: “amount” is required"), what);
  t->amount = json_object_get_int_member (obj, "amount");
  if (t->amount <= 0)
    return ax_sale_fail (error, "sale.checkout", _("%s: the amount must be more than 0"), what);
  t->given = json_object_has_member (obj, "given") ? json_object_get_int_member (obj, "given") : -1;
  if (t->given >= 0 && t->kind != T_CASH)
    return ax_sale_fail (error, "sale.checkout", _("%s: only cash is handed over (“given”)"), what);
  if (t->kind == T_CASH && json_object_has_member (obj, "given") && t->given < t->amount)
    return ax_sale_fail (error, "sale.checkout", _("%s: the cash given is less than the amount it pays"),
                 what);
  t->reference = opt_string (obj, "reference");
  if (t->reference != NULL && g_utf8_strlen (t->reference, -1) > 80)
    return ax_sale_fail (error, "sale.checkout", _("%s: the reference is longer than 80 characters"), what);
  if (!check_uuid_field (obj, "patient_package_id", what, t->kind == T_PACKAGE, error)
      || !check_uuid_field (obj, "membership_id", what, t->kind == T_WALLET, error))
    return FALSE;
  if ((t->kind != T_PACKAGE && json_object_has_member (obj, "patient_package_id"))
      || (t->kind != T_WALLET && json_object_has_member (obj, "membership_id")))
    return ax_sale_fail (error, "sale.checkout", _("%s: a course pays as package_credit and a membership "
                                           "as membership_wallet"), what);
  t->credit_id = t->kind == T_PACKAGE ? opt_string (obj, "patient_package_id")
                 : t->kind == T_WALLET ? opt_string (obj, "membership_id") : NULL;
  t->sessions = json_object_get_int_member_with_default (obj, "sessions", 1);
  if (t->kind != T_PACKAGE && json_object_has_member (obj, "sessions"))
    return ax_sale_fail (error, "sale.checkout", _("%s: only a package credit uses sessions"), what);
  if (t->sessions < 1 || t->sessions > 1000)
    return ax_sale_fail (error, "sale.checkout", _("%s: redeem 1 to 1 000 sessions"), what);
  return TRUE;
}

gboolean
ax_sale_insert_credit (AxMutation *m,
               const char *id,
               const char *patient_id,
               const char *package_id,
               const char *membership_id,
               const char *kind,
               const char *service_id,
               gint64      sessions,
               gint64      amount,
               const char *sale_id,
               GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
    "  patient_package_id, membership_id, kind, service_id, sessions, amount, sale_id, at, user_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?3, ?13)", error);

  if (stmt == NULL)
    return FALSE;
  ax_sale_bind_base (m, stmt, id);
  sqlite3_bind_text (stmt, 5, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, package_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, membership_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, service_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, sessions);
  sqlite3_bind_int64 (stmt, 11, amount);
  sqlite3_bind_text (stmt, 12, sale_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  return ax_sale_step_done (m, stmt, _("Recording the credit failed"), error);
}

gboolean
ax_sale_insert_payment (AxMutation *m,
                const char *id,
                const char *sale_id,
                const char *tender,
                gint64      amount,
                gint64      given,
                const char *reference,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO payments (id, clinic_id, created_at, updated_at, sale_id, tender, amount, "
    "  tendered, change_due, reference, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?3)",
    error);

  if (stmt == NULL)
    return FALSE;
  ax_sale_bind_base (m, stmt, id);
  sqlite3_bind_text (stmt, 5, sale_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, tender, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, amount);
  bind_opt_int (stmt, 8, given >= 0, given);
  bind_opt_int (stmt, 9, given >= 0, given - amount);
  sqlite3_bind_text (stmt, 10, reference, -1, SQLITE_TRANSIENT);
  return ax_sale_step_done (m, stmt, _("Recording the payment failed"), error);
}

/* Sessions left on a course, or wallet value left on a membership. */
static gint64
credit_balance (AxMutation *m,
                const char *column,
                const char *id,
                gboolean    money)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (SUM (%s), 0) FROM credit_ledger "
                                          " WHERE %s = ? AND deleted_at IS NULL",
                                          money ? "amount" : "sessions", column);
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* A package-credit or wallet tender: the course or membership must be the
 * patient's, live, and hold enough; the redemption goes in the ledger. */
static gboolean
redeem (AxMutation   *m,
        const Tender *t,
        guint         index,
        const char   *patient_id,
        const char   *sale_id,
        const char   *id,
        GPtrArray    *service_ids,
        GError      **error)
{
  gboolean package = t->kind == T_PACKAGE;
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), package
    ? "SELECT pp.patient_id, pp.status, pp.expires_at, pp.service_id, pk.name "
      "  FROM patient_packages pp JOIN packages pk ON pk.id = pp.package_id "
      " WHERE pp.id = ? AND pp.clinic_id = ? AND pp.deleted_at IS NULL"
    : "SELECT ms.patient_id, ms.status, NULL, NULL, mp.name "
      "  FROM memberships ms JOIN membership_plans mp ON mp.id = ms.plan_id "
      " WHERE ms.id = ? AND ms.clinic_id = ? AND ms.deleted_at IS NULL", error);
  g_autofree char *owner = NULL;
  g_autofree char *status = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *name = NULL;
  gint64 expires = 0, balance;
  g_autofree char *what = g_strdup_printf (_("tender %u"), index + 1);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, t->credit_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      owner = ax_db_column_dup (stmt, 0);
      status = ax_db_column_dup (stmt, 1);
      expires = sqlite3_column_int64 (stmt, 2);
      service_id = ax_db_column_dup (stmt, 3);
      name = ax_db_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);

  if (owner == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   package ? _("sale.checkout: %s: there is no course %s")
                           : _("sale.checkout: %s: there is no membership %s"), what, t->credit_id);
      return FALSE;
    }
  if (g_strcmp0 (owner, patient_id) != 0)
    return ax_sale_fail (error, "sale.checkout", _("%s: %s belongs to another patient; attach its owner "
                                           "to the sale"), what, name);
  if (g_strcmp0 (status, "active") != 0 || (package && expires <= ax_mutation_get_now_ms (m)))
    return ax_sale_fail (error, "sale.checkout", _("%s: %s is %s and can’t pay for this sale"), what, name,
                 package && expires <= ax_mutation_get_now_ms (m) ? _("expired") : status);
  if (package)
    {
      if (!g_ptr_array_find_with_equal_func (service_ids, service_id, g_str_equal, NULL))
        return ax_sale_fail (error, "sale.checkout", _("%s: %s covers a service that is not in this sale"),
                     what, name);
      /* Locally never below zero; replayed, a breach is accepted and flagged. */
      balance = credit_balance (m, "patient_package_id", t->credit_id, FALSE);
      if (balance < t->sessions && !ax_mutation_is_replayed (m))
        return ax_sale_fail (error, "sale.checkout", _("%s: %s has %" PRId64 " sessions left and %" PRId64
                                               " are asked for"), what, name, balance, t->sessions);
      return ax_sale_insert_credit (m, id, patient_id, t->credit_id, NULL, "redeem", service_id,
                                    -t->sessions, 0, sale_id, error)
             && (balance >= t->sessions
                 || ax_ledger_flag_breach (m, "credit_ledger", id, "patient_packages", t->credit_id,
                                           "sessions", name, patient_id, t->sessions,
                                           balance - t->sessions, error));
    }
  balance = credit_balance (m, "membership_id", t->credit_id, TRUE);
  if (balance < t->amount && !ax_mutation_is_replayed (m))
    {
      g_autofree char *left = ax_money_format (balance, NULL, NULL);
      return ax_sale_fail (error, "sale.checkout", _("%s: %s has %s left in its wallet, less than the "
                                             "amount asked for"), what, name, left);
    }
  return ax_sale_insert_credit (m, id, patient_id, NULL, t->credit_id, "redeem", NULL, 0, -t->amount,
                                sale_id, error)
         && (balance >= t->amount
             || ax_ledger_flag_breach (m, "credit_ledger", id, "memberships", t->credit_id, "amount",
                                       name, patient_id, t->amount, balance - t->amount, error));
}

/* A course or a membership sold: the patient's entitlement and its grant. */
static gboolean
grant_entitlement (AxMutation       *m,
                   const ParsedLine *p,
                   const char       *patient_id,
                   const char       *sale_id,
                   const char       *line_id,
                   guint            *k,
                   GError          **error)
{
  AxDb *db = ax_mutation_get_db (m);
  gint64 now = ax_mutation_get_now_ms (m);
  char id[AX_UUID_STRLEN], cid[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;

  ax_uuid_derive (sale_id, (*k)++, id);
  ax_uuid_derive (sale_id, (*k)++, cid);
  if (p->line.kind == AX_CART_ITEM_PACKAGE)
    {
      stmt = ax_db_prepare (db,
        "INSERT INTO patient_packages (id, clinic_id, created_at, updated_at, patient_id, "
        "  package_id, service_id, sale_line_id, sessions, expires_at, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')", error);
      if (stmt == NULL)
        return FALSE;
      ax_sale_bind_base (m, stmt, id);
      sqlite3_bind_text (stmt, 5, patient_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, p->line.item_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, p->item.service_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, line_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 9, p->item.sessions);
      sqlite3_bind_int64 (stmt, 10, now + p->item.validity_days * 86400000);
      return ax_sale_step_done (m, stmt, "sale.checkout", error)
             && ax_sale_insert_credit (m, cid, patient_id, id, NULL, "grant", p->item.service_id,
                               p->item.sessions, 0, sale_id, error);
    }
  else
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now / 1000);
      g_autoptr (GDateTime) renews = g_date_time_add_months (utc, (int) p->item.period_months);
      g_autoptr (JsonParser) parser = json_parser_new ();
      const char *service_id = NULL;
      gint64 sessions = 0;

      /* credits_json: [{"service_id": …, "sessions": N}]; the first credit is
       * granted with the wallet value in one ledger row, as the demo does. */
      if (json_parser_load_from_data (parser, p->item.credits_json ? p->item.credits_json : "[]",
                                      -1, NULL)
          && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser))
          && json_array_get_length (json_node_get_array (json_parser_get_root (parser))) > 0)
        {
          JsonNode *first = json_array_get_element (json_node_get_array (json_parser_get_root (parser)), 0);
          if (JSON_NODE_HOLDS_OBJECT (first))
            {
              service_id = json_object_get_string_member_with_default (json_node_get_object (first),
                                                                        "service_id", NULL);
              sessions = json_object_get_int_member_with_default (json_node_get_object (first),
                                                                  "sessions", 0);
            }
        }
      stmt = ax_db_prepare (db,
        "INSERT INTO memberships (id, clinic_id, created_at, updated_at, patient_id, plan_id, "
        "  status, started_at, renews_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?3, ?7)", error);
      if (stmt == NULL)
        return FALSE;
      ax_sale_bind_base (m, stmt, id);
      sqlite3_bind_text (stmt, 5, patient_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, p->line.item_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, g_date_time_to_unix (renews) * 1000);
      return ax_sale_step_done (m, stmt, "sale.checkout", error)
             && ax_sale_insert_credit (m, cid, patient_id, NULL, id, "grant", service_id, sessions,
                               p->item.wallet, sale_id, error);
    }
}

static gboolean
checkout_prepare (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  g_auto (AxSaleClinic) clinic = { 0 };
  g_autofree char *prefix = NULL;
  g_autofree char *number = NULL;

  /* A retry of a sale already made takes no number. */
  if (json_object_has_member (args, "number")
      || ax_sale_exists (m, json_object_get_string_member (args, "id"), NULL, NULL))
    return TRUE;
  if (!ax_sale_load_clinic (m, &clinic, error))
    return FALSE;
  prefix = g_strconcat (clinic.code, "R", NULL);
  number = ax_series_next (m, "receipt", prefix, error);
  if (number == NULL)
    return FALSE;
  json_object_set_string_member (args, "number", number);
  return TRUE;
}

static gboolean
checkout_run (AxMutation *m,
              JsonObject *args,
              GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  JsonObject *result = ax_mutation_get_result (m);
  const char *sale_id = json_object_get_string_member (args, "id");
  const char *patient_id = opt_string (args, "patient_id");
  const char *appointment_id = opt_string (args, "appointment_id");
  JsonArray *lines_json = json_object_get_array_member (args, "lines");
  JsonArray *tenders_json = json_object_get_array_member (args, "tenders");
  guint n_lines = json_array_get_length (lines_json);
  guint n_tenders = json_array_get_length (tenders_json);
  g_auto (AxSaleClinic) clinic = { 0 };
  g_autofree ParsedLine *parsed = NULL;
  g_autofree AxCartLine *cart_lines = NULL;
  g_autofree Tender *tenders = NULL;
  g_autoptr (AxCart) cart = NULL;
  g_autoptr (GError) cart_error = NULL;
  g_autoptr (GPtrArray) service_ids = g_ptr_array_new ();
  g_autofree char *existing_number = NULL;
  g_autofree char *approver = NULL;
  AxDiscount receipt_discount = { AX_DISCOUNT_NONE, 0 };
  AxTaxResult *tax;
  gint64 existing_total = 0, paid = 0, change = 0, total;
  gboolean needs_approval = FALSE;
  sqlite3_stmt *stmt;
  guint k = 1;
  gboolean ok = FALSE;

  /* Idempotency: the same sale id again is the same sale. */
  if (ax_sale_exists (m, sale_id, &existing_number, &existing_total))
    {
      json_object_set_string_member (result, "id", sale_id);
      json_object_set_string_member (result, "number", existing_number);
      json_object_set_int_member (result, "total", existing_total);
      json_object_set_boolean_member (result, "existing", TRUE);
      ax_mutation_set_noop (m);
      return TRUE;
    }
  if (!ax_sale_load_clinic (m, &clinic, error))
    return FALSE;
  if (n_lines == 0)
    return ax_sale_fail (error, "sale.checkout", _("the cart is empty; add at least one line"));
  if (n_lines > 500)
    return ax_sale_fail (error, "sale.checkout", _("a sale has at most 500 lines"));
  if (n_tenders > 20)
    return ax_sale_fail (error, "sale.checkout", _("a sale takes at most 20 tenders"));
  if (patient_id != NULL && !ax_mutation_require_row (m, "patients", patient_id, _("patient"), error))
    return FALSE;
  if (appointment_id != NULL
      && !ax_mutation_require_row (m, "appointments", appointment_id, _("appointment"), error))
    return FALSE;

  /* The cart, priced from the catalogue: the client's prices and totals are
   * never taken. */
  parsed = g_new0 (ParsedLine, n_lines);
  cart_lines = g_new0 (AxCartLine, n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      if (!parse_line (m, json_array_get_object_element (lines_json, i), i, &parsed[i], error))
        goto out;
      if ((parsed[i].line.kind == AX_CART_ITEM_PACKAGE || parsed[i].line.kind == AX_CART_ITEM_MEMBERSHIP)
          && patient_id == NULL)
        {
          ax_sale_fail (error, "sale.checkout", _("line %u: a course or membership is sold to a patient; "
                                          "attach the patient to the sale"), i + 1);
          goto out;
        }
      if (parsed[i].line.kind == AX_CART_ITEM_SERVICE)
        g_ptr_array_add (service_ids, (gpointer) parsed[i].line.item_id);
      cart_lines[i] = parsed[i].line;
    }
  if (json_object_has_member (args, "receipt_discount_bp")
      && json_object_has_member (args, "receipt_discount_amount"))
    {
      ax_sale_fail (error, "sale.checkout", _("give the receipt discount as a percentage or as an amount, "
                                      "not both"));
      goto out;
    }
  if (json_object_has_member (args, "receipt_discount_bp"))
    receipt_discount = (AxDiscount) { AX_DISCOUNT_PERCENT,
                                      json_object_get_int_member (args, "receipt_discount_bp") };
  else if (json_object_has_member (args, "receipt_discount_amount"))
    receipt_discount = (AxDiscount) { AX_DISCOUNT_AMOUNT,
                                      json_object_get_int_member (args, "receipt_discount_amount") };
  cart = ax_cart_new_with_lines (&(AxTaxConfig) { clinic.vat_rate_bp, clinic.prices_include_tax,
                                                  clinic.currency },
                                 cart_lines, n_lines, &receipt_discount, &cart_error);
  if (cart == NULL)
    {
      ax_sale_fail (error, "sale.checkout", "%s", cart_error->message);
      goto out;
    }
  tax = ax_cart_get_tax (cart);
  total = ax_tax_result_get_total (tax);
  if (json_object_has_member (args, "expected_total")
      && json_object_get_int_member (args, "expected_total") != total)
    {
      g_autofree char *expected = ax_money_format (json_object_get_int_member (args, "expected_total"),
                                                   clinic.currency, NULL);
      g_autofree char *actual = ax_money_format (total, clinic.currency, NULL);

      ax_sale_fail (error, "sale.checkout", _("the till shows a total of %s but the sale comes to %s "
                                      "(prices or settings changed); check the cart and try again"),
            expected, actual);
      goto out;
    }

  /* Discounts above the clinic's threshold need an owner. */
  for (guint i = 0; i < n_lines; i++)
    needs_approval |= ax_cart_line_discount_above (cart, i, clinic.approval_bp);
  needs_approval |= ax_cart_receipt_discount_above (cart, clinic.approval_bp);
  if (needs_approval)
    {
      g_autofree char *why = g_strdup_printf (_("a discount of more than %u.%02u %%"),
                                              clinic.approval_bp / 100, clinic.approval_bp % 100);
      g_autoptr (JsonObject) detail = json_object_new ();

      if (!resolve_approver (m, "sale.checkout", opt_string (args, "approved_by"), why, &approver,
                             error))
        goto out;
      json_object_set_string_member (detail, "number", json_object_get_string_member (args, "number"));
      json_object_set_string_member (detail, "approved_by", approver);
      json_object_set_int_member (detail, "threshold_bp", clinic.approval_bp);
      if (!ax_mutation_audit (m, "sale.discount_approved", "sale", sale_id, detail, error))
        goto out;
    }

  /* Tenders add up to the total; cash may be more (change). */
  tenders = g_new0 (Tender, MAX (n_tenders, 1));
  for (guint i = 0; i < n_tenders; i++)
    {
      if (!parse_tender (json_array_get_object_element (tenders_json, i), i, &tenders[i], error))
        goto out;
      if ((tenders[i].kind == T_PACKAGE || tenders[i].kind == T_WALLET) && patient_id == NULL)
        {
          ax_sale_fail (error, "sale.checkout", _("tender %u: a course or wallet pays only for its patient; "
                                          "attach the patient to the sale"), i + 1);
          goto out;
        }
      paid += tenders[i].amount;
      if (tenders[i].given >= 0)
        change += tenders[i].given - tenders[i].amount;
    }
  if (paid != total)
    {
      g_autofree char *p = ax_money_format (paid, clinic.currency, NULL);
      g_autofree char *t = ax_money_format (total, clinic.currency, NULL);
      g_autofree char *d = ax_money_format (ABS (total - paid), clinic.currency, NULL);

      ax_sale_fail (error, "sale.checkout", paid < total
            ? _("the tenders come to %s and the total is %s: %s is still to pay")
            : _("the tenders come to %s and the total is %s: %s too much (only cash gives change)"),
            p, t, d);
      goto out;
    }

  /* The sale. */
  stmt = ax_db_prepare (db,
    "INSERT INTO sales (id, clinic_id, created_at, updated_at, number, kind, device_id, patient_id, "
    "  appointment_id, user_id, sold_at, status, currency, subtotal, discount, net, tax, total, "
    "  receipt_discount_bp, receipt_discount, prices_include_tax, vat_rate_bp, buyer_name, "
    "  buyer_tax_id, buyer_address, approved_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, 'sale', ?6, ?7, ?8, ?9, ?3, 'completed', ?10, ?11, ?12, ?13, ?14, "
    "        ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)", error);
  if (stmt == NULL)
    goto out;
  ax_sale_bind_base (m, stmt, sale_id);
  sqlite3_bind_text (stmt, 5, json_object_get_string_member (args, "number"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ax_store_get_device_id (ax_mutation_get_store (m)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, appointment_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, clinic.currency, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, ax_tax_result_get_subtotal (tax));
  sqlite3_bind_int64 (stmt, 12, ax_tax_result_get_discount (tax));
  sqlite3_bind_int64 (stmt, 13, ax_tax_result_get_net (tax));
  sqlite3_bind_int64 (stmt, 14, ax_tax_result_get_tax (tax));
  sqlite3_bind_int64 (stmt, 15, total);
  bind_opt_int (stmt, 16, receipt_discount.kind == AX_DISCOUNT_PERCENT, receipt_discount.value);
  bind_opt_int (stmt, 17, receipt_discount.kind != AX_DISCOUNT_NONE, ax_tax_result_get_discount (tax));
  sqlite3_bind_int (stmt, 18, clinic.prices_include_tax ? 1 : 0);
  sqlite3_bind_int (stmt, 19, (int) clinic.vat_rate_bp);
  sqlite3_bind_text (stmt, 20, opt_string (args, "buyer_name"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 21, opt_string (args, "buyer_tax_id"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 22, opt_string (args, "buyer_address"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 23, approver, -1, SQLITE_STATIC);
  if (!ax_sale_step_done (m, stmt, "sale.checkout", error))
    goto out;

  /* Lines, their providers, stock and entitlements. */
  for (guint i = 0; i < n_lines; i++)
    {
      const ParsedLine *p = &parsed[i];
      const AxTaxLineResult *lr = ax_tax_result_get_line (tax, i);
      g_autoptr (GArray) takes = g_array_new (FALSE, FALSE, sizeof (AxStockTake));
      g_autofree char *what = g_strdup_printf (_("line %u"), i + 1);
      char line_id[AX_UUID_STRLEN];

      ax_uuid_derive (sale_id, k++, line_id);
      if (p->line.kind == AX_CART_ITEM_PRODUCT)
        {
          g_autofree char *lwhat = g_strdup_printf ("sale.checkout: %s", what);
          if (!ax_stock_plan_take (m, p->line.item_id, p->line.name, p->line.lot_id,
                                   p->line.quantity, lwhat, takes, error))
            goto out;
        }

      stmt = ax_db_prepare (db,
        "INSERT INTO sale_lines (id, clinic_id, created_at, updated_at, sale_id, kind, service_id, "
        "  product_id, package_id, plan_id, lot_id, code, description, category_id, qty, "
        "  unit_price, discount_bp, discount_amount, tax_class, amount, sort_order) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto out;
      ax_sale_bind_base (m, stmt, line_id);
      sqlite3_bind_text (stmt, 5, sale_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, ax_cart_item_kind_to_string (p->line.kind), -1, SQLITE_STATIC);
      for (int c = 0; c < 4; c++)
        sqlite3_bind_text (stmt, 7 + c, (int) p->line.kind == c ? p->line.item_id : NULL, -1,
                           SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, takes->len ? g_array_index (takes, AxStockTake, 0).lot_id : NULL,
                         -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 12, p->item.code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 13, p->item.name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 14, p->item.category_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 15, p->line.quantity);
      sqlite3_bind_int64 (stmt, 16, p->line.unit_price);
      bind_opt_int (stmt, 17, p->line.discount.kind == AX_DISCOUNT_PERCENT, p->line.discount.value);
      bind_opt_int (stmt, 18, p->line.discount.kind != AX_DISCOUNT_NONE, lr->line_discount);
      sqlite3_bind_text (stmt, 19, p->item.tax_class, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 20, lr->discounted);
      sqlite3_bind_int64 (stmt, 21, i);
      if (!ax_sale_step_done (m, stmt, "sale.checkout", error))
        goto out;

      for (guint j = 0; j < p->line.n_providers; j++)
        {
          char pid[AX_UUID_STRLEN];

          ax_uuid_derive (sale_id, k++, pid);
          stmt = ax_db_prepare (db,
            "INSERT INTO sale_line_providers (id, clinic_id, created_at, updated_at, sale_line_id, "
            "  provider_id, split_bp) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
          if (stmt == NULL)
            goto out;
          ax_sale_bind_base (m, stmt, pid);
          sqlite3_bind_text (stmt, 5, line_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, p->line.providers[j].provider_id, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 7, (int) p->line.providers[j].split_bp);
          if (!ax_sale_step_done (m, stmt, "sale.checkout", error))
            goto out;
        }

      for (guint j = 0; j < takes->len; j++)
        {
          AxStockTake *take = &g_array_index (takes, AxStockTake, j);
          char mid[AX_UUID_STRLEN];

          ax_uuid_derive (sale_id, k++, mid);
          if (!ax_stock_write_movement (m, mid, p->line.item_id, take->lot_id, -take->qty, "sale",
                                        NULL, line_id, error))
            goto out;
        }

      if ((p->line.kind == AX_CART_ITEM_PACKAGE || p->line.kind == AX_CART_ITEM_MEMBERSHIP)
          && !grant_entitlement (m, p, patient_id, sale_id, line_id, &k, error))
        goto out;
    }

  /* Payments, and what courses and wallets pay. */
  for (guint i = 0; i < n_tenders; i++)
    {
      const Tender *t = &tenders[i];
      char pay_id[AX_UUID_STRLEN];
      char credit_id[AX_UUID_STRLEN];

      ax_uuid_derive (sale_id, k++, pay_id);
      ax_uuid_derive (sale_id, k++, credit_id);
      if ((t->kind == T_PACKAGE || t->kind == T_WALLET)
          && !redeem (m, t, i, patient_id, sale_id, credit_id, service_ids, error))
        goto out;
      /* A credit tender keeps the course or membership it used as its
       * reference, for refunds. */
      if (!ax_sale_insert_payment (m, pay_id, sale_id, t->kind == T_WALLET ? "wallet" : tender_kinds[t->kind],
                           t->amount, t->kind == T_CASH ? t->given : -1,
                           t->credit_id ? t->credit_id : t->reference, error))
        goto out;
    }

  json_object_set_string_member (result, "id", sale_id);
  json_object_set_string_member (result, "number", json_object_get_string_member (args, "number"));
  json_object_set_int_member (result, "total", total);
  json_object_set_int_member (result, "change_due", change);
  ok = TRUE;

out:
  for (guint i = 0; parsed && i < n_lines; i++)
    parsed_line_clear (&parsed[i]);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* sale.void                                                                */

static const AxArgSpec void_args[] = {
  { "sale_id", AX_ARG_UUID, TRUE },
  { "reason", AX_ARG_STRING, TRUE, 0, 200 },
  { "approved_by", AX_ARG_UUID },
  { NULL }
};

void
ax_sale_head_clear (AxSaleHead *h)
{
  g_free (h->number);
  g_free (h->kind);
  g_free (h->status);
  g_free (h->patient_id);
}

gboolean
ax_sale_load_head (AxMutation *m,
                const char *mutator,
                const char *sale_id,
                AxSaleHead   *h,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT number, kind, status, patient_id, sold_at FROM sales "
    " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      h->number = ax_db_column_dup (stmt, 0);
      h->kind = ax_db_column_dup (stmt, 1);
      h->status = ax_db_column_dup (stmt, 2);
      h->patient_id = ax_db_column_dup (stmt, 3);
      h->sold_at = sqlite3_column_int64 (stmt, 4);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("%s: there is no sale with id %s"), mutator, sale_id);
      return FALSE;
    }
  if (g_strcmp0 (h->kind, "sale") != 0)
    return ax_sale_fail (error, mutator, _("%s is a credit note; only a sale can be voided or refunded"),
                 h->number);
  if (g_strcmp0 (h->status, "completed") != 0)
    return ax_sale_fail (error, mutator, _("sale %s is already %s"), h->number,
                 g_strcmp0 (h->status, "voided") == 0 ? _("voided") : _("refunded in full"));
  return TRUE;
}

gint64
ax_sale_count (AxMutation *m,
               const char *sql,
               const char *id,
               const char *id2)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (id2 != NULL)
    sqlite3_bind_text (stmt, 2, id2, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Reverses every credit-ledger entry of a sale (grants and redemptions) and
 * closes the courses and memberships it sold. Refused when a course or wallet
 * it granted has been used since. */
static gboolean
reverse_credits (AxMutation *m,
                 const char *mutator,
                 const char *sale_id,
                 guint      *k,
                 GError    **error)
{
  g_autoptr (GPtrArray) rows = ax_sale_rows_read (m, mutator,
    "SELECT c.patient_id, c.patient_package_id, c.membership_id, c.kind, c.service_id, c.sessions, "
    "       c.amount, "
    "       (SELECT coalesce (SUM (x.sessions), 0) FROM credit_ledger x "
    "         WHERE x.patient_package_id = c.patient_package_id AND x.deleted_at IS NULL), "
    "       (SELECT coalesce (SUM (x.amount), 0) FROM credit_ledger x "
    "         WHERE x.membership_id = c.membership_id AND x.deleted_at IS NULL) "
    "  FROM credit_ledger c WHERE c.sale_id = ? AND c.deleted_at IS NULL "
    "   AND c.kind IN ('grant', 'redeem') ORDER BY c.id", sale_id, 9, error);

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      gint64 sessions = g_ascii_strtoll (r[5], NULL, 10), amount = g_ascii_strtoll (r[6], NULL, 10);
      char id[AX_UUID_STRLEN];

      if (g_strcmp0 (r[3], "grant") == 0
          && ((r[1] && g_ascii_strtoll (r[7], NULL, 10) < sessions)
              || (r[2] && g_ascii_strtoll (r[8], NULL, 10) < amount)))
        return ax_sale_fail (error, mutator, _("a course or membership sold on this sale has been used "
                                       "since; it can’t be taken back"));
      ax_uuid_derive (sale_id, (*k)++, id);
      if (!ax_sale_insert_credit (m, id, r[0], r[1], r[2], "refund", r[4], -sessions, -amount, sale_id, error))
        return FALSE;
      if (g_strcmp0 (r[3], "grant") == 0)
        {
          sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), r[1]
            ? "UPDATE patient_packages SET status = 'refunded', updated_at = ?2 WHERE id = ?1"
            : "UPDATE memberships SET status = 'cancelled', cancelled_at = ?3, updated_at = ?2 "
              " WHERE id = ?1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, r[1] ? r[1] : r[2], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
          if (!r[1])
            sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
          if (!ax_sale_step_done (m, stmt, mutator, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
void_run (AxMutation *m,
          JsonObject *args,
          GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *sale_id = json_object_get_string_member (args, "sale_id");
  g_autofree char *reason = g_strstrip (g_strdup (json_object_get_string_member (args, "reason")));
  g_auto (AxSaleHead) head = { 0 };
  g_autofree char *approver = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  g_autoptr (GPtrArray) rows = NULL;
  char sold_day[11], today[11];
  sqlite3_stmt *stmt;
  guint k = VOID_ID_BASE;

  if (!ax_sale_load_head (m, "sale.void", sale_id, &head, error))
    return FALSE;
  ax_mutation_local_date (m, head.sold_at, sold_day);
  ax_mutation_local_date (m, ax_mutation_get_now_ms (m), today);
  if (strcmp (sold_day, today) != 0)
    return ax_sale_fail (error, "sale.void", _("sale %s was made on %s; only a sale of today can be voided. "
                                       "Refund it instead"), head.number, sold_day);
  if (ax_sale_count (m, "SELECT COUNT (*) FROM sales WHERE refund_of_sale_id = ? AND deleted_at IS NULL",
                sale_id, NULL) > 0)
    return ax_sale_fail (error, "sale.void", _("sale %s has been partly refunded; refund the rest instead "
                                       "of voiding it"), head.number);
  {
    g_autofree char *why = g_strdup_printf (_("Voiding sale %s"), head.number);
    if (!resolve_approver (m, "sale.void", opt_string (args, "approved_by"), why, &approver, error))
      return FALSE;
  }

  stmt = ax_db_prepare (db,
    "UPDATE sales SET status = 'voided', voided_at = ?2, void_reason = ?3, approved_by = ?4, "
    "       updated_at = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, approver, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  if (!ax_sale_step_done (m, stmt, "sale.void", error))
    return FALSE;

  /* Payments paid back as reversing entries. */
  rows = ax_sale_rows_read (m, "sale.void", "SELECT tender, amount, reference FROM payments "
                           " WHERE sale_id = ? AND deleted_at IS NULL ORDER BY at, rowid",
                           sale_id, 3, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      char id[AX_UUID_STRLEN];

      ax_uuid_derive (sale_id, k++, id);
      if (!ax_sale_insert_payment (m, id, sale_id, r[0], -g_ascii_strtoll (r[1], NULL, 10), -1,
                           _("Void"), error))
        return FALSE;
    }

  /* Stock back to the lots it came from. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ax_sale_rows_read (m, "sale.void",
    "SELECT mv.product_id, mv.lot_id, mv.qty, mv.sale_line_id FROM stock_movements mv "
    "  JOIN sale_lines sl ON sl.id = mv.sale_line_id "
    " WHERE sl.sale_id = ? AND mv.kind = 'sale' AND mv.deleted_at IS NULL ORDER BY mv.id",
    sale_id, 4, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      char id[AX_UUID_STRLEN];

      ax_uuid_derive (sale_id, k++, id);
      if (!ax_stock_write_movement (m, id, r[0], r[1], -g_ascii_strtoll (r[2], NULL, 10), "void",
                                    reason, r[3], error))
        return FALSE;
    }

  if (!reverse_credits (m, "sale.void", sale_id, &k, error))
    return FALSE;

  json_object_set_string_member (detail, "number", head.number);
  json_object_set_string_member (detail, "reason", reason);
  json_object_set_string_member (detail, "approved_by", approver);
  json_object_set_string_member (ax_mutation_get_result (m), "id", sale_id);
  return ax_mutation_audit (m, "sale.void", "sale", sale_id, detail, error);
}

static const AxMutatorDef sale_mutators[] = {
  { "sale.checkout", AX_PERM_POS_SELL, checkout_args, FALSE, checkout_prepare, checkout_run, NULL },
  { "sale.void", AX_PERM_POS_VOID, void_args, FALSE, NULL, void_run, NULL },
  { "sale.refund", AX_PERM_POS_REFUND, ax_sale_refund_args, FALSE, ax_sale_refund_prepare,
    ax_sale_refund_run, NULL },
};

void
ax_sales_register_mutators (void)
{
  ax_mutators_register (sale_mutators, G_N_ELEMENTS (sale_mutators));
}
