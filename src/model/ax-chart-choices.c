/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* What charting offers to choose from: the chart templates, New Chart's
 * choices (templates, appointments, providers) and the products with their
 * lots (ax-charts.h). The charts themselves are read in ax-charts.c. */

#include "ax-charts.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

/* Values */

static void
template_free (AxChartTemplate *t)
{
  g_free (t->id);
  g_free (t->name);
  g_free (t->service_id);
  g_free (t->service_name);
  g_free (t->areas_json);
  g_free (t);
}

static void
appointment_free (AxChartAppointment *a)
{
  g_free (a->id);
  g_free (a->provider_id);
  g_free (a->provider_name);
  g_free (a->services);
  g_free (a->template_id);
  g_free (a);
}

static void
provider_free (AxChartProvider *p)
{
  g_free (p->id);
  g_free (p->name);
  g_free (p);
}

void
ax_chart_choices_free (AxChartChoices *c)
{
  g_clear_pointer (&c->templates, g_ptr_array_unref);
  g_clear_pointer (&c->appointments, g_ptr_array_unref);
  g_clear_pointer (&c->providers, g_ptr_array_unref);
  g_free (c->own_provider_id);
  g_free (c);
}

static void
lot_free (AxChartLot *l)
{
  g_free (l->id);
  g_free (l->lot_number);
  g_free (l->expiry_date);
  g_free (l);
}

void
ax_chart_product_free (AxChartProduct *p)
{
  g_free (p->id);
  g_free (p->name);
  g_free (p->unit);
  g_clear_pointer (&p->lots, g_ptr_array_unref);
  g_free (p);
}

/* Reading helpers */

static gboolean
step_failed (AxDb    *db,
             int      rc,
             GError **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;
  ax_db_fail (db, _("Reading the chart choices failed"), error);
  return TRUE;
}

/* Templates, choices, products */

static GPtrArray *
read_templates (AxDb     *db,
                gboolean  active_only,
                GError  **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT t.id, t.name, t.service_id, coalesce (s.name, ''), t.areas_json, "
    "       json_array_length (t.areas_json), t.active "
    "  FROM chart_templates t LEFT JOIN services s ON s.id = t.service_id "
    " WHERE t.deleted_at IS NULL AND (?1 = 0 OR t.active = 1) "
    " ORDER BY t.name COLLATE NOCASE, t.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartTemplate *t = g_new0 (AxChartTemplate, 1);

      t->id = ax_db_column_dup_or_empty (stmt, 0);
      t->name = ax_db_column_dup_or_empty (stmt, 1);
      t->service_id = ax_db_column_dup (stmt, 2);
      t->service_name = ax_db_column_dup_or_empty (stmt, 3);
      t->areas_json = ax_db_column_dup_or_empty (stmt, 4);
      t->n_areas = sqlite3_column_int (stmt, 5);
      t->active = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (list, t);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
ax_chart_templates_query (AxDb    *db,
                          GError **error)
{
  return read_templates (db, FALSE, error);
}

AxChartChoices *
ax_chart_choices_query (AxDb        *db,
                        const char  *patient_id,
                        const char  *user_id,
                        gint64       now_ms,
                        GError     **error)
{
  g_autoptr (AxChartChoices) ch = g_new0 (AxChartChoices, 1);
  sqlite3_stmt *stmt;
  gboolean began;
  int rc;

  ch->appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) appointment_free);
  ch->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_free);
  if (!ax_db_begin_read (db, &began, error))
    return NULL;
  ch->templates = read_templates (db, TRUE, error);
  if (ch->templates == NULL)
    goto fail;

  stmt = ax_db_prepare (db,
    "SELECT a.id, a.start_at, a.provider_id, coalesce (pr.name, ''), "
    "       coalesce ((SELECT group_concat (s.name, ', ') FROM appointment_services x "
    "                   JOIN services s ON s.id = x.service_id "
    "                  WHERE x.appointment_id = a.id AND x.deleted_at IS NULL), ''), "
    "       (SELECT t.id FROM appointment_services x JOIN services s ON s.id = x.service_id "
    "          JOIN chart_templates t ON t.id = s.chart_template_id AND t.deleted_at IS NULL "
    "                                     AND t.active = 1 "
    "         WHERE x.appointment_id = a.id AND x.deleted_at IS NULL ORDER BY x.rowid LIMIT 1) "
    "  FROM appointments a LEFT JOIN providers pr ON pr.id = a.provider_id "
    " WHERE a.patient_id = ? AND a.deleted_at IS NULL "
    "   AND a.status NOT IN ('cancelled', 'no_show') "
    "   AND a.start_at BETWEEN ? AND ? ORDER BY a.start_at DESC, a.id LIMIT 50", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now_ms - 30 * G_GINT64_CONSTANT (86400000));
  sqlite3_bind_int64 (stmt, 3, now_ms + G_GINT64_CONSTANT (86400000));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartAppointment *a = g_new0 (AxChartAppointment, 1);

      a->id = ax_db_column_dup_or_empty (stmt, 0);
      a->start_ms = sqlite3_column_int64 (stmt, 1);
      a->provider_id = ax_db_column_dup (stmt, 2);
      a->provider_name = ax_db_column_dup_or_empty (stmt, 3);
      a->services = ax_db_column_dup_or_empty (stmt, 4);
      a->template_id = ax_db_column_dup (stmt, 5);
      g_ptr_array_add (ch->appointments, a);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    goto fail;

  stmt = ax_db_prepare (db, "SELECT id, name FROM providers WHERE deleted_at IS NULL AND active = 1 "
                            " ORDER BY sort_order, name, id", error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartProvider *p = g_new0 (AxChartProvider, 1);

      p->id = ax_db_column_dup_or_empty (stmt, 0);
      p->name = ax_db_column_dup_or_empty (stmt, 1);
      g_ptr_array_add (ch->providers, p);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    goto fail;

  stmt = ax_db_prepare (db, "SELECT provider_id FROM users WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ch->own_provider_id = ax_db_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  ax_db_end_read (db, began);
  return g_steal_pointer (&ch);

fail:
  ax_db_end_read (db, began);
  return NULL;
}

GPtrArray *
ax_chart_products_query (AxDb        *db,
                         const char  *visit_day,
                         GError     **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_chart_product_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  gboolean began;
  int rc;

  if (!ax_db_begin_read (db, &began, error))
    return NULL;
  stmt = ax_db_prepare (db, "SELECT id, name, unit FROM products "
                            " WHERE deleted_at IS NULL AND active = 1 "
                            "   AND kind IN ('medication', 'consumable') "
                            " ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartProduct *p = g_new0 (AxChartProduct, 1);

      p->id = ax_db_column_dup_or_empty (stmt, 0);
      p->name = ax_db_column_dup_or_empty (stmt, 1);
      p->unit = ax_db_column_dup_or_empty (stmt, 2);
      p->lots = g_ptr_array_new_with_free_func ((GDestroyNotify) lot_free);
      g_ptr_array_add (list, p);
      g_hash_table_insert (by_id, p->id, p);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    goto fail;

  /* Usable lots first, each group by expiry (first expiry first out). */
  stmt = ax_db_prepare (db, "SELECT lot_id, product_id, lot_number, expiry_date, on_hand "
                            "  FROM lot_stock WHERE on_hand > 0 "
                            " ORDER BY (expiry_date IS NOT NULL AND expiry_date <= ?1), "
                            "          expiry_date IS NULL, expiry_date, lot_number, lot_id",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, visit_day, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartProduct *p = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 1));
      AxChartLot *l;

      if (p == NULL)
        continue;
      l = g_new0 (AxChartLot, 1);
      l->id = ax_db_column_dup_or_empty (stmt, 0);
      l->lot_number = ax_db_column_dup_or_empty (stmt, 2);
      l->expiry_date = ax_db_column_dup (stmt, 3);
      l->on_hand = sqlite3_column_int64 (stmt, 4);
      l->expired = ax_chart_lot_expired (l->expiry_date, visit_day);
      g_ptr_array_add (p->lots, l);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    goto fail;
  ax_db_end_read (db, began);
  return g_steal_pointer (&list);

fail:
  ax_db_end_read (db, began);
  return NULL;
}

/* Off the main thread */

typedef struct
{
  char   *patient_id;
  char   *user_id;
  gint64  now_ms;
} ChoicesJob;

static void
choices_job_free (ChoicesJob *job)
{
  g_free (job->patient_id);
  g_free (job->user_id);
  g_free (job);
}

static gpointer
choices_read (AxDb     *db,
              gpointer  data,
              GError  **error)
{
  ChoicesJob *job = data;

  return ax_chart_choices_query (db, job->patient_id, job->user_id, job->now_ms, error);
}

void
ax_chart_choices_query_async (AxStore             *store,
                              const char          *patient_id,
                              const char          *user_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ChoicesJob *job = g_new0 (ChoicesJob, 1);

  job->patient_id = g_strdup (patient_id);
  job->user_id = g_strdup (user_id);
  job->now_ms = ax_store_now_ms (store);
  ax_store_read_async (store, choices_read, job, (GDestroyNotify) choices_job_free,
                       (GDestroyNotify) ax_chart_choices_free, ax_chart_choices_query_async,
                       cancellable, callback, user_data);
}

AxChartChoices *
ax_chart_choices_query_finish (AxStore      *store,
                               GAsyncResult *result,
                               GError      **error)
{
  return ax_store_read_finish (store, result, ax_chart_choices_query_async, error);
}

static gpointer
products_read (AxDb     *db,
               gpointer  data,
               GError  **error)
{
  return ax_chart_products_query (db, data, error);
}

void
ax_chart_products_query_async (AxStore             *store,
                               const char          *visit_day,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ax_store_read_async (store, products_read, g_strdup (visit_day), g_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_chart_products_query_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_chart_products_query_finish (AxStore      *store,
                                GAsyncResult *result,
                                GError      **error)
{
  return ax_store_read_finish (store, result, ax_chart_products_query_async, error);
}
