/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The usage of a course or a membership (its credit-ledger entries with the
 * running balances) and the breaches of a patient's ledgers
 * (docs/pos.md, "Usage and breaches"). */

#include "ax-credits.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

void
ax_credit_entry_free (AxCreditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->kind);
  g_free (entry->service_name);
  g_free (entry->user_name);
  g_free (entry->sale_number);
  g_free (entry->tender);
  g_free (entry->reference);
  g_free (entry);
}

void
ax_credit_breach_free (AxCreditBreach *breach)
{
  if (breach == NULL)
    return;
  g_free (breach->id);
  g_free (breach->name);
  g_free (breach);
}

static gboolean
step_failed (AxDb    *db,
             int      rc,
             GError **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;
  ax_db_fail (db, _("Reading the credit ledger"), error);
  return TRUE;
}

GPtrArray *
ax_credit_usage (AxDb         *db,
                 AxCreditKind  kind,
                 const char   *id,
                 GError      **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT c.id, c.kind, c.at, c.sessions, c.amount, coalesce (s.name, ''), "
    "       coalesce (u.display_name, ''), x.number, coalesce (a.start_at, 0), r.tender, "
    "       r.reference, c.flagged "
    "  FROM credit_ledger c "
    "  LEFT JOIN services s ON s.id = c.service_id "
    "  LEFT JOIN users u ON u.id = c.user_id "
    "  LEFT JOIN sales x ON x.id = c.sale_id "
    "  LEFT JOIN appointments a ON a.id = c.appointment_id "
    "  LEFT JOIN membership_renewals r ON r.id = c.renewal_id "
    " WHERE c.%s = ? AND c.deleted_at IS NULL "
    " ORDER BY c.at, c.rowid",
    kind == AX_CREDIT_COURSE ? "patient_package_id" : "membership_id");
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);
  g_autoptr (GPtrArray) entries = NULL;
  gint64 sessions = 0, amount = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_credit_entry_free);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxCreditEntry *e = g_new0 (AxCreditEntry, 1);

      e->id = ax_db_column_dup_or_empty (stmt, 0);
      e->kind = ax_db_column_dup_or_empty (stmt, 1);
      e->at_ms = sqlite3_column_int64 (stmt, 2);
      e->sessions = sqlite3_column_int64 (stmt, 3);
      e->amount = sqlite3_column_int64 (stmt, 4);
      e->service_name = ax_db_column_dup_or_empty (stmt, 5);
      e->user_name = ax_db_column_dup_or_empty (stmt, 6);
      e->sale_number = ax_db_column_dup (stmt, 7);
      e->appointment_ms = sqlite3_column_int64 (stmt, 8);
      e->tender = ax_db_column_dup (stmt, 9);
      e->reference = ax_db_column_dup (stmt, 10);
      e->flagged = sqlite3_column_int (stmt, 11) != 0;
      sessions += e->sessions;
      amount += e->amount;
      e->sessions_after = sessions;
      e->amount_after = amount;
      e->breach = (e->sessions < 0 && sessions < 0) || (e->amount < 0 && amount < 0);
      g_ptr_array_add (entries, e);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  return g_steal_pointer (&entries);
}

typedef struct
{
  AxCreditKind  kind;
  char         *id;
} UsageQuery;

static void
usage_query_free (UsageQuery *q)
{
  g_free (q->id);
  g_free (q);
}

static gpointer
usage_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  UsageQuery *q = data;

  return ax_credit_usage (db, q->kind, q->id, error);
}

void
ax_credit_usage_async (AxStore             *store,
                       AxCreditKind         kind,
                       const char          *id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  UsageQuery *q = g_new0 (UsageQuery, 1);

  q->kind = kind;
  q->id = g_strdup (id);
  ax_store_read_async (store, usage_read, q, (GDestroyNotify) usage_query_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_credit_usage_async, cancellable,
                       callback, user_data);
}

GPtrArray *
ax_credit_usage_finish (AxStore      *store,
                        GAsyncResult *result,
                        GError      **error)
{
  return ax_store_read_finish (store, result, ax_credit_usage_async, error);
}

GPtrArray *
ax_credit_breaches (AxDb        *db,
                    const char  *patient_id,
                    GError     **error)
{
  /* Every course and membership of the patient, whatever its status. */
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT 0, pp.id, coalesce (pk.name, ''), SUM (c.sessions), SUM (c.amount), MAX (c.flagged) "
    "  FROM patient_packages pp JOIN credit_ledger c "
    "    ON c.patient_package_id = pp.id AND c.deleted_at IS NULL "
    "  LEFT JOIN packages pk ON pk.id = pp.package_id "
    " WHERE pp.patient_id = ?1 AND pp.deleted_at IS NULL GROUP BY pp.id "
    "HAVING SUM (c.sessions) < 0 OR SUM (c.amount) < 0 OR MAX (c.flagged) = 1 "
    "UNION ALL "
    "SELECT 1, ms.id, coalesce (mp.name, ''), SUM (c.sessions), SUM (c.amount), MAX (c.flagged) "
    "  FROM memberships ms JOIN credit_ledger c "
    "    ON c.membership_id = ms.id AND c.deleted_at IS NULL "
    "  LEFT JOIN membership_plans mp ON mp.id = ms.plan_id "
    " WHERE ms.patient_id = ?1 AND ms.deleted_at IS NULL GROUP BY ms.id "
    "HAVING SUM (c.sessions) < 0 OR SUM (c.amount) < 0 OR MAX (c.flagged) = 1 "
    " ORDER BY 1, 3, 2", error);
  g_autoptr (GPtrArray) breaches = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  breaches = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_credit_breach_free);
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxCreditBreach *b = g_new0 (AxCreditBreach, 1);

      b->kind = sqlite3_column_int (stmt, 0) ? AX_CREDIT_MEMBERSHIP : AX_CREDIT_COURSE;
      b->id = ax_db_column_dup_or_empty (stmt, 1);
      b->name = ax_db_column_dup_or_empty (stmt, 2);
      b->sessions = sqlite3_column_int64 (stmt, 3);
      b->amount = sqlite3_column_int64 (stmt, 4);
      b->flagged = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (breaches, b);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  return g_steal_pointer (&breaches);
}

void
ax_credit_plan_free (AxCreditPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->id);
  g_free (plan->name);
  g_free (plan);
}

GPtrArray *
ax_credit_list_plans (AxDb    *db,
                      GError **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT id, name, price, period_months, wallet_amount FROM membership_plans "
    " WHERE active = 1 AND deleted_at IS NULL ORDER BY name, id", error);
  g_autoptr (GPtrArray) plans = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_credit_plan_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxCreditPlan *p = g_new0 (AxCreditPlan, 1);

      p->id = ax_db_column_dup_or_empty (stmt, 0);
      p->name = ax_db_column_dup_or_empty (stmt, 1);
      p->price = sqlite3_column_int64 (stmt, 2);
      p->period_months = sqlite3_column_int (stmt, 3);
      p->wallet = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (plans, p);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  return g_steal_pointer (&plans);
}
