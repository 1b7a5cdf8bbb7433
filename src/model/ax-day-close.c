/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* A terminal's day: the Z report (a read) and day.close, the cash count
 * (docs/receipts.md, "Day close and the Z report"). */

#include "ax-day-close.h"
#include "ax-sales.h"
#include "ax-receipts.h"
#include "ax-sale-private.h"
#include "ax-model-error.h"

#include <stdio.h>
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

static void
z_tender_free (AxZTender *t)
{
  g_free (t->tender);
  g_free (t);
}

void
ax_z_report_free (AxZReport *z)
{
  if (z == NULL)
    return;
  g_free (z->device_id);
  g_free (z->device_name);
  g_free (z->device_code);
  g_free (z->date);
  g_free (z->currency);
  g_clear_pointer (&z->tenders, g_ptr_array_unref);
  g_free (z->closed_by_name);
  g_free (z->denominations_json);
  g_free (z->note);
  g_free (z);
}

gboolean
ax_local_day_range (const char *date,
                    GTimeZone  *tz,
                    gint64     *from_ms,
                    gint64     *to_ms)
{
  int y, mo, d;
  char end;
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) next = NULL;

  if (date == NULL || strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d%c", &y, &mo, &d, &end) != 3
      || !g_date_valid_dmy (d, mo, y))
    return FALSE;
  start = g_date_time_new (tz, y, mo, d, 0, 0, 0);
  if (start == NULL)
    return FALSE;
  next = g_date_time_add_days (start, 1);
  *from_ms = g_date_time_to_unix (start) * 1000;
  *to_ms = g_date_time_to_unix (next) * 1000;
  return TRUE;
}

static AxZTender *
tender_of (AxZReport  *z,
           const char *name)
{
  AxZTender *t;

  for (guint i = 0; i < z->tenders->len; i++)
    if (g_str_equal (((AxZTender *) z->tenders->pdata[i])->tender, name))
      return z->tenders->pdata[i];
  t = g_new0 (AxZTender, 1);
  t->tender = g_strdup (name);
  g_ptr_array_add (z->tenders, t);
  return t;
}

/* Cash first, then the order of the schema's tenders. */
static int
tender_rank (const char *name)
{
  static const char *const order[] = { "cash", "card", "transfer", "qr", "wallet", "package_credit" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (name, order[i]))
      return (int) i;
  return G_N_ELEMENTS (order);
}

static int
compare_tenders (gconstpointer a,
                 gconstpointer b)
{
  const AxZTender *x = *(AxZTender **) a, *y = *(AxZTender **) b;

  return tender_rank (x->tender) - tender_rank (y->tender);
}

static void
add_sale (AxZReport *z,
          AxSale    *s)
{
  gboolean credit = g_strcmp0 (s->kind, "credit_note") == 0;

  if (!credit && g_strcmp0 (s->status, "voided") == 0)
    {
      /* Its payments and their reversals net to nothing. */
      z->n_voids++;
      z->voids_total += s->total;
      return;
    }
  if (credit)
    {
      z->n_refunds++;
      z->refunds_total += s->total;
    }
  else
    {
      z->n_sales++;
      z->sales_total += s->total;
      z->sales_discount += s->discount;
    }
  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      z->classes[c].n_lines += s->classes[c].n_lines;
      z->classes[c].net += s->classes[c].net;
      z->classes[c].tax += s->classes[c].tax;
      z->classes[c].gross += s->classes[c].gross;
      z->classes[c].rate_bp = s->classes[c].rate_bp;
    }
  for (guint i = 0; i < s->payments->len; i++)
    {
      AxSalePayment *p = s->payments->pdata[i];
      AxZTender *t = tender_of (z, p->tender);

      if (credit)
        t->paid_back += p->amount;
      else
        t->taken += p->amount;
      t->net += p->amount;
    }
}

/* Membership renewals paid at the terminal on the day: money taken, by
 * tender, that is not a sale (docs/pos.md, "Memberships"). */
static gboolean
add_renewals (AxDb       *db,
              AxZReport  *z,
              const char *clinic_id,
              GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT tender, COUNT (*), SUM (amount) FROM membership_renewals "
    " WHERE clinic_id = ? AND device_id = ? AND at >= ? AND at < ? AND deleted_at IS NULL "
    " GROUP BY tender", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, z->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, z->from_ms);
  sqlite3_bind_int64 (stmt, 4, z->to_ms);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxZTender *t = tender_of (z, (const char *) sqlite3_column_text (stmt, 0));
      gint64 amount = sqlite3_column_int64 (stmt, 2);

      z->n_renewals += sqlite3_column_int64 (stmt, 1);
      z->renewals_total += amount;
      t->taken += amount;
      t->net += amount;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the day’s membership renewals failed"), error);
  return TRUE;
}

static gboolean
read_close (AxDb      *db,
            AxZReport *z,
            const char *clinic_id,
            GError   **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT dc.created_at, coalesce (u.display_name, dc.closed_by), dc.opening_float, "
    "       dc.expected_cash, dc.counted_cash, dc.denominations_json, dc.note "
    "  FROM day_closes dc LEFT JOIN users u ON u.id = dc.closed_by "
    " WHERE dc.clinic_id = ? AND dc.device_id = ? AND dc.business_date = ? "
    "   AND dc.deleted_at IS NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, z->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, z->date, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      z->closed = TRUE;
      z->closed_at = sqlite3_column_int64 (stmt, 0);
      z->closed_by_name = ax_db_column_dup (stmt, 1);
      z->opening_float = sqlite3_column_int64 (stmt, 2);
      z->expected_cash = sqlite3_column_int64 (stmt, 3);
      z->counted_cash = sqlite3_column_int64 (stmt, 4);
      z->denominations_json = ax_db_column_dup (stmt, 5);
      z->note = ax_db_column_dup (stmt, 6);
      z->over_short = z->counted_cash - z->expected_cash;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the day close failed"), error);
  return TRUE;
}

AxZReport *
ax_z_report_query (AxDb       *db,
                   const char *clinic_id,
                   const char *device_id,
                   const char *date,
                   GTimeZone  *tz,
                   GError    **error)
{
  g_autoptr (AxZReport) z = g_new0 (AxZReport, 1);
  g_autoptr (GPtrArray) day = NULL;
  sqlite3_stmt *stmt;

  z->device_id = g_strdup (device_id);
  z->date = g_strdup (date);
  z->tenders = g_ptr_array_new_with_free_func ((GDestroyNotify) z_tender_free);
  if (!ax_local_day_range (date, tz, &z->from_ms, &z->to_ms))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("“%s” is not a date (YYYY-MM-DD)"), date);
      return NULL;
    }

  stmt = ax_db_prepare (db, "SELECT d.name, d.code, c.currency FROM clinics c "
                            "  LEFT JOIN devices d ON d.id = ?2 AND d.clinic_id = c.id "
                            " WHERE c.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      z->device_name = ax_db_column_dup (stmt, 0);
      z->device_code = ax_db_column_dup (stmt, 1);
      z->currency = ax_db_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (z->device_name == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("There is no terminal with id %s"), device_id);
      return NULL;
    }

  day = ax_sales_query_range (db, clinic_id, device_id, z->from_ms, z->to_ms, error);
  if (day == NULL)
    return NULL;
  for (guint i = 0; i < day->len; i++)
    {
      g_autoptr (AxSale) s = ax_sale_query (db, clinic_id, ((AxSale *) day->pdata[i])->id, error);

      if (s == NULL)
        return NULL;
      add_sale (z, s);
    }
  if (!add_renewals (db, z, clinic_id, error))
    return NULL;
  g_ptr_array_sort (z->tenders, compare_tenders);
  z->net_total = z->sales_total + z->refunds_total;
  z->takings = z->net_total + z->renewals_total;
  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      z->net += z->classes[c].net;
      z->tax += z->classes[c].tax;
    }
  for (guint i = 0; i < z->tenders->len; i++)
    if (g_str_equal (((AxZTender *) z->tenders->pdata[i])->tender, "cash"))
      z->cash_net = ((AxZTender *) z->tenders->pdata[i])->net;

  if (!read_close (db, z, clinic_id, error))
    return NULL;
  if (!z->closed)
    z->expected_cash = z->cash_net;
  return g_steal_pointer (&z);
}

/* The Sales page's day */

typedef struct
{
  char      *clinic_id;
  char      *device_id;
  char      *date;
  GTimeZone *tz;
} DayJob;

static void
day_job_free (DayJob *job)
{
  g_free (job->clinic_id);
  g_free (job->device_id);
  g_free (job->date);
  g_time_zone_unref (job->tz);
  g_free (job);
}

void
ax_sales_day_free (AxSalesDay *day)
{
  if (day == NULL)
    return;
  g_clear_pointer (&day->receipts, g_ptr_array_unref);
  g_clear_pointer (&day->report, ax_z_report_free);
  g_free (day);
}

static gpointer
day_read (AxDb     *db,
          gpointer  data,
          GError  **error)
{
  DayJob *job = data;
  g_autoptr (AxSalesDay) day = g_new0 (AxSalesDay, 1);

  day->report = ax_z_report_query (db, job->clinic_id, job->device_id, job->date, job->tz, error);
  if (day->report == NULL)
    return NULL;
  {
    g_autoptr (GPtrArray) sales = ax_sales_query_range (db, job->clinic_id, job->device_id,
                                                        day->report->from_ms, day->report->to_ms,
                                                        error);
    if (sales == NULL)
      return NULL;
    day->receipts = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_receipt_free);
    for (guint i = 0; i < sales->len; i++)
      {
        AxReceipt *r = ax_receipt_query (db, job->clinic_id, ((AxSale *) sales->pdata[i])->id, error);

        if (r == NULL)
          return NULL;
        g_ptr_array_add (day->receipts, r);
      }
  }
  return g_steal_pointer (&day);
}

void
ax_sales_day_query_async (AxStore             *store,
                          const char          *device_id,
                          const char          *date,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  DayJob *job = g_new0 (DayJob, 1);
  const AxClinicInfo *clinic = ax_store_get_clinic (store);

  job->clinic_id = g_strdup (clinic ? clinic->id : "");
  job->device_id = g_strdup (device_id);
  job->date = g_strdup (date);
  job->tz = g_time_zone_ref (ax_store_get_timezone (store));
  ax_store_read_async (store, day_read, job, (GDestroyNotify) day_job_free,
                       (GDestroyNotify) ax_sales_day_free, ax_sales_day_query_async, cancellable,
                       callback, user_data);
}

AxSalesDay *
ax_sales_day_query_finish (AxStore      *store,
                           GAsyncResult *result,
                           GError      **error)
{
  return ax_store_read_finish (store, result, ax_sales_day_query_async, error);
}

/* ------------------------------------------------------------------------ */
/* day.close                                                                */

static const AxArgSpec close_args[] = {
  { "id", AX_ARG_UUID },
  { "date", AX_ARG_DATE, TRUE },
  { "device_id", AX_ARG_UUID },
  { "counted_cash", AX_ARG_MONEY },
  { "denominations", AX_ARG_OBJECTS },    /* [{value, count}] */
  { "opening_float", AX_ARG_MONEY },
  { "note", AX_ARG_TEXT, FALSE, 0, 500 },
  { NULL }
};

static gboolean
int_field (JsonObject *obj,
           const char *name,
           gint64      min,
           gint64     *out)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= min && *out <= G_GINT64_CONSTANT (1000000000000);
}

/* The sum of the denominations counted, or -1 with error set. */
static gint64
count_denominations (JsonArray *list,
                     GError   **error)
{
  gint64 sum = 0;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 value, count;

      if (o == NULL || !int_field (o, "value", 1, &value) || !int_field (o, "count", 0, &count)
          || count > 1000000)
        {
          ax_sale_fail (error, "day.close",
                        _("denomination %u needs a value above 0 and a count of 0 or more, "
                          "both whole numbers"), i + 1);
          return -1;
        }
      sum += value * count;
    }
  return sum;
}

static gboolean
close_run (AxMutation *m,
           JsonObject *args,
           GError    **error)
{
  AxStore *store = ax_mutation_get_store (m);
  AxDb *db = ax_mutation_get_db (m);
  const char *clinic_id = ax_mutation_get_clinic_id (m);
  const char *date = json_object_get_string_member (args, "date");
  const char *device_id = json_object_get_string_member_with_default (args, "device_id",
                                                                      ax_store_get_device_id (store));
  const char *note = json_object_get_string_member_with_default (args, "note", NULL);
  g_autoptr (AxZReport) z = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  g_autofree char *denominations = NULL;
  JsonObject *result = ax_mutation_get_result (m);
  gint64 counted = -1, opening = json_object_get_int_member_with_default (args, "opening_float", 0);
  gint64 expected;
  char today[11];
  sqlite3_stmt *stmt;

  if (!ax_mutation_require_row (m, "devices", device_id, _("terminal"), error))
    return FALSE;
  ax_mutation_local_date (m, ax_mutation_get_now_ms (m), today);
  if (strcmp (date, today) > 0)
    return ax_sale_fail (error, "day.close", _("%s has not come yet (today is %s); a day is closed "
                                               "at its end"), date, today);

  if (json_object_has_member (args, "denominations"))
    {
      JsonArray *list = json_object_get_array_member (args, "denominations");
      g_autoptr (JsonGenerator) gen = json_generator_new ();

      counted = count_denominations (list, error);
      if (counted < 0)
        return FALSE;
      json_generator_set_root (gen, json_object_get_member (args, "denominations"));
      denominations = json_generator_to_data (gen, NULL);
    }
  if (json_object_has_member (args, "counted_cash"))
    {
      gint64 total = json_object_get_int_member (args, "counted_cash");

      if (counted >= 0 && counted != total)
        return ax_sale_fail (error, "day.close",
                             _("the denominations add up to %" PRId64 " but the counted "
                               "cash is %" PRId64 "; count again"), counted, total);
      counted = total;
    }
  if (counted < 0)
    return ax_sale_fail (error, "day.close",
                         _("give the cash counted in the drawer, as a total or per denomination"));

  z = ax_z_report_query (db, clinic_id, device_id, date, ax_store_get_timezone (store), error);
  if (z == NULL)
    return FALSE;
  if (z->closed)
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (z->closed_at / 1000);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, ax_store_get_timezone (store));
      g_autofree char *at = g_date_time_format (local, "%H:%M");

      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_DUPLICATE,
                   _("day.close: %s on terminal %s was already closed at %s by %s; a day is "
                     "closed once (its Z report can be printed again)"),
                   date, z->device_code, at, z->closed_by_name);
      return FALSE;
    }
  expected = opening + z->cash_net;

  stmt = ax_db_prepare (db,
    "INSERT INTO day_closes (id, clinic_id, created_at, updated_at, device_id, business_date, "
    "  from_ms, to_ms, opening_float, expected_cash, counted_cash, denominations_json, note, "
    "  closed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (args, "id"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, z->from_ms);
  sqlite3_bind_int64 (stmt, 8, z->to_ms);
  sqlite3_bind_int64 (stmt, 9, opening);
  sqlite3_bind_int64 (stmt, 10, expected);
  sqlite3_bind_int64 (stmt, 11, counted);
  sqlite3_bind_text (stmt, 12, denominations, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  if (!ax_sale_step_done (m, stmt, "day.close", error))
    return FALSE;

  json_object_set_string_member (detail, "date", date);
  json_object_set_string_member (detail, "device", z->device_code);
  json_object_set_int_member (detail, "expected_cash", expected);
  json_object_set_int_member (detail, "counted_cash", counted);
  json_object_set_int_member (detail, "over_short", counted - expected);
  json_object_set_string_member (result, "id", json_object_get_string_member (args, "id"));
  json_object_set_int_member (result, "expected_cash", expected);
  json_object_set_int_member (result, "counted_cash", counted);
  json_object_set_int_member (result, "over_short", counted - expected);
  return ax_mutation_audit (m, "day.close", "day_close", json_object_get_string_member (args, "id"),
                            detail, error);
}

static const AxMutatorDef day_mutators[] = {
  { "day.close", AX_PERM_POS_SELL, close_args, FALSE, ax_mutation_prepare_id, close_run, NULL },
};

void
ax_day_close_register_mutators (void)
{
  ax_mutators_register (day_mutators, G_N_ELEMENTS (day_mutators));
}
