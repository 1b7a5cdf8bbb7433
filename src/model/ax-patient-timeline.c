/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The patient timeline: one query over every table that holds something
 * about a patient, merged newest first and read a page at a time with a
 * keyset (time, id), so the hundredth page costs what the first does.
 * Each table is read on its patient index, at most one page of it. */

#include "ax-patient-timeline.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

#define CLINIC_ID "(SELECT id FROM clinics WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)"

/* Values */

static void
entry_free (AxTimelineEntry *e)
{
  g_free (e->id);
  g_free (e->status);
  g_free (e->what);
  g_free (e->who);
  g_free (e->extra);
  g_free (e->sale_kind);
  g_free (e);
}

static void
page_clear (gpointer data)
{
  AxTimelinePage *page = data;

  g_clear_pointer (&page->entries, g_ptr_array_unref);
}

AxTimelinePage *
ax_timeline_page_ref (AxTimelinePage *page)
{
  return g_atomic_rc_box_acquire (page);
}

void
ax_timeline_page_unref (AxTimelinePage *page)
{
  g_atomic_rc_box_release_full (page, page_clear);
}

guint
ax_timeline_kinds_for_role (AxRole role)
{
  if (!ax_role_has (role, AX_PERM_PATIENT_VIEW))
    return 0;
  if (!ax_role_has (role, AX_PERM_CLINICAL_VIEW))
    return AX_TIMELINE_ALL & ~AX_TIMELINE_CLINICAL;
  return AX_TIMELINE_ALL;
}

/* The query */

/* Every part has the same columns: kind, id, at, end, status, what, who,
 * extra, amount, sale kind, pulse, systolic, diastolic, temperature,
 * weight, height. ?1 is the patient, (?2, ?3) the last entry already
 * shown (?3 NULL: none), ?4 the most rows a part may give. */
#define KEYSET(at, id) \
  " AND (?3 IS NULL OR " at " < ?2 OR (" at " = ?2 AND " id " < ?3)) " \
  " ORDER BY " at " DESC, " id " DESC LIMIT ?4"
#define NO_VITALS "0, 0, 0, 0, 0, 0"

static const struct
{
  AxTimelineKind kind;
  const char    *sql;
} parts[] = {
  { AX_TIMELINE_APPOINTMENT,
    "SELECT 1, a.id, a.start_at, a.end_at, a.status, "
    "  coalesce ((SELECT group_concat (name, ', ') FROM (SELECT s.name FROM appointment_services y "
    "    JOIN services s ON s.id = y.service_id WHERE y.appointment_id = a.id "
    "     AND y.deleted_at IS NULL ORDER BY y.sort_order, y.id)), ''), "
    "  coalesce (pr.name, ''), r.name, 0, NULL, " NO_VITALS
    "  FROM appointments a LEFT JOIN providers pr ON pr.id = a.provider_id "
    "  LEFT JOIN rooms r ON r.id = a.room_id "
    " WHERE a.patient_id = ?1 AND a.deleted_at IS NULL" KEYSET ("a.start_at", "a.id") },
  { AX_TIMELINE_CHART,
    "SELECT 2, c.id, c.visit_at, 0, c.status, coalesce (t.name, ''), coalesce (pr.name, ''), "
    "  c.amends_chart_id, 0, NULL, " NO_VITALS
    "  FROM charts c LEFT JOIN chart_templates t ON t.id = c.template_id "
    "  LEFT JOIN providers pr ON pr.id = c.provider_id "
    " WHERE c.patient_id = ?1 AND c.deleted_at IS NULL" KEYSET ("c.visit_at", "c.id") },
  { AX_TIMELINE_PHOTO,
    "SELECT 4, p.id, coalesce (p.taken_at, p.created_at), 0, NULL, p.view_tag, NULL, p.caption, "
    "  0, NULL, " NO_VITALS
    "  FROM photos p "
    " WHERE p.patient_id = ?1 AND p.deleted_at IS NULL"
    KEYSET ("coalesce (p.taken_at, p.created_at)", "p.id") },
  { AX_TIMELINE_CONSENT,
    "SELECT 8, c.id, coalesce (c.signed_at, c.created_at), 0, c.status, coalesce (t.name, ''), "
    "  NULL, c.purpose, 0, NULL, " NO_VITALS
    "  FROM consents c LEFT JOIN consent_templates t ON t.id = c.template_id "
    " WHERE c.patient_id = ?1 AND c.deleted_at IS NULL"
    KEYSET ("coalesce (c.signed_at, c.created_at)", "c.id") },
  { AX_TIMELINE_SALE,
    "SELECT 16, s.id, s.sold_at, 0, s.status, s.number, coalesce (u.display_name, ''), "
    "  s.currency, s.total, s.kind, " NO_VITALS
    "  FROM sales s LEFT JOIN users u ON u.id = s.user_id "
    " WHERE s.patient_id = ?1 AND s.deleted_at IS NULL" KEYSET ("s.sold_at", "s.id") },
  { AX_TIMELINE_VITALS,
    "SELECT 32, v.id, v.recorded_at, 0, NULL, NULL, coalesce (u.display_name, ''), NULL, 0, "
    "  NULL, coalesce (v.pulse_bpm, 0), coalesce (v.bp_systolic, 0), "
    "  coalesce (v.bp_diastolic, 0), coalesce (v.temp_dc, 0), coalesce (v.weight_g, 0), "
    "  coalesce (v.height_mm, 0) "
    "  FROM vitals v LEFT JOIN users u ON u.id = v.recorded_by "
    " WHERE v.patient_id = ?1 AND v.deleted_at IS NULL" KEYSET ("v.recorded_at", "v.id") },
  { AX_TIMELINE_NOTE,
    "SELECT 64, n.id, n.created_at, 0, n.kind, n.body, coalesce (u.display_name, ''), "
    "  n.addendum_of, 0, NULL, " NO_VITALS
    "  FROM medical_notes n LEFT JOIN users u ON u.id = n.author_id "
    " WHERE n.patient_id = ?1 AND n.deleted_at IS NULL" KEYSET ("n.created_at", "n.id") },
  { AX_TIMELINE_ALLERGY,
    "SELECT 128, a.id, a.created_at, 0, a.severity, a.substance, NULL, a.reaction, 0, NULL, "
    NO_VITALS
    "  FROM allergies a "
    " WHERE a.patient_id = ?1 AND a.deleted_at IS NULL" KEYSET ("a.created_at", "a.id") },
};

static gboolean
patient_exists (AxDb       *db,
                const char *patient_id,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT 1 FROM patients WHERE id = ? AND clinic_id = " CLINIC_ID " AND deleted_at IS NULL",
    error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("There is no patient with id %s (the record may have been removed on "
                   "another desk)"), patient_id);
  return found;
}

AxTimelinePage *
ax_patient_timeline_query (AxDb        *db,
                           const char  *patient_id,
                           AxRole       role,
                           guint        kinds,
                           gint64       before_ms,
                           const char  *before_id,
                           guint        limit,
                           GError     **error)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  gboolean began;
  AxTimelinePage *page;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (patient_id != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  page = g_atomic_rc_box_new0 (AxTimelinePage);
  page->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  page->kinds = kinds & ax_timeline_kinds_for_role (role);

  if (!ax_db_begin_read (db, &began, error))
    return (ax_timeline_page_unref (page), NULL);
  if (!patient_exists (db, patient_id, error))
    goto fail;
  if (page->kinds == 0)
    goto done;

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (page->kinds & parts[i].kind)
      g_string_append_printf (sql, "%sSELECT * FROM (%s)", sql->len ? " UNION ALL " : "",
                              parts[i].sql);
  g_string_append (sql, " ORDER BY 3 DESC, 2 DESC LIMIT ?4");

  stmt = ax_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, before_ms);
  if (before_id != NULL)
    sqlite3_bind_text (stmt, 3, before_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  /* One more than asked tells whether there is a next page. */
  sqlite3_bind_int64 (stmt, 4, (gint64) limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxTimelineEntry *e;

      if (page->entries->len == limit)
        {
          page->has_more = TRUE;
          continue;
        }
      e = g_new0 (AxTimelineEntry, 1);
      e->kind = (AxTimelineKind) sqlite3_column_int (stmt, 0);
      e->id = ax_db_column_dup (stmt, 1);
      e->at_ms = sqlite3_column_int64 (stmt, 2);
      e->end_ms = sqlite3_column_int64 (stmt, 3);
      e->status = ax_db_column_dup (stmt, 4);
      e->what = ax_db_column_dup (stmt, 5);
      e->who = ax_db_column_dup (stmt, 6);
      e->extra = ax_db_column_dup (stmt, 7);
      e->amount = sqlite3_column_int64 (stmt, 8);
      e->sale_kind = ax_db_column_dup (stmt, 9);
      e->pulse_bpm = sqlite3_column_int (stmt, 10);
      e->bp_systolic = sqlite3_column_int (stmt, 11);
      e->bp_diastolic = sqlite3_column_int (stmt, 12);
      e->temp_dc = sqlite3_column_int (stmt, 13);
      e->weight_g = sqlite3_column_int (stmt, 14);
      e->height_mm = sqlite3_column_int (stmt, 15);
      g_ptr_array_add (page->entries, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, _("Reading the patient’s timeline failed"), error);
      goto fail;
    }

done:
  ax_db_end_read (db, began);
  return page;

fail:
  ax_db_end_read (db, began);
  ax_timeline_page_unref (page);
  return NULL;
}

typedef struct
{
  char   *patient_id;
  AxRole  role;
  guint   kinds;
  gint64  before_ms;
  char   *before_id;
  guint   limit;
} TimelineJob;

static void
timeline_job_free (TimelineJob *job)
{
  g_free (job->patient_id);
  g_free (job->before_id);
  g_free (job);
}

static gpointer
timeline_read (AxDb     *db,
               gpointer  data,
               GError  **error)
{
  TimelineJob *job = data;

  return ax_patient_timeline_query (db, job->patient_id, job->role, job->kinds, job->before_ms,
                                    job->before_id, job->limit, error);
}

void
ax_patient_timeline_query_async (AxStore             *store,
                                 const char          *patient_id,
                                 AxRole               role,
                                 guint                kinds,
                                 gint64               before_ms,
                                 const char          *before_id,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  TimelineJob *job = g_new0 (TimelineJob, 1);

  job->patient_id = g_strdup (patient_id);
  job->role = role;
  job->kinds = kinds;
  job->before_ms = before_ms;
  job->before_id = g_strdup (before_id);
  job->limit = limit;
  ax_store_read_async (store, timeline_read, job, (GDestroyNotify) timeline_job_free,
                       (GDestroyNotify) ax_timeline_page_unref, ax_patient_timeline_query_async,
                       cancellable, callback, user_data);
}

AxTimelinePage *
ax_patient_timeline_query_finish (AxStore      *store,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return ax_store_read_finish (store, result, ax_patient_timeline_query_async, error);
}

/* A receipt */

static void
sale_line_free (AxSaleDetailLine *l)
{
  g_free (l->description);
  g_free (l);
}

static void
sale_payment_free (AxSaleDetailPayment *p)
{
  g_free (p->tender);
  g_free (p->reference);
  g_free (p);
}

static void
sale_clear (gpointer data)
{
  AxSaleDetail *s = data;

  g_free (s->id);
  g_free (s->number);
  g_free (s->kind);
  g_free (s->status);
  g_free (s->currency);
  g_free (s->seller_name);
  g_free (s->void_reason);
  g_clear_pointer (&s->lines, g_ptr_array_unref);
  g_clear_pointer (&s->payments, g_ptr_array_unref);
}

AxSaleDetail *
ax_sale_detail_ref (AxSaleDetail *sale)
{
  return g_atomic_rc_box_acquire (sale);
}

void
ax_sale_detail_unref (AxSaleDetail *sale)
{
  g_atomic_rc_box_release_full (sale, sale_clear);
}

static gboolean
read_sale (AxDb         *db,
           AxSaleDetail *s,
           GError      **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT s.number, s.kind, s.status, s.sold_at, s.currency, s.subtotal, s.discount, s.tax, "
    "       s.total, coalesce (u.display_name, ''), s.void_reason "
    "  FROM sales s LEFT JOIN users u ON u.id = s.user_id "
    " WHERE s.id = ? AND s.clinic_id = " CLINIC_ID " AND s.deleted_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, s->id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("There is no receipt with id %s"), s->id);
      return FALSE;
    }
  s->number = ax_db_column_dup (stmt, 0);
  s->kind = ax_db_column_dup (stmt, 1);
  s->status = ax_db_column_dup (stmt, 2);
  s->sold_ms = sqlite3_column_int64 (stmt, 3);
  s->currency = ax_db_column_dup (stmt, 4);
  s->subtotal = sqlite3_column_int64 (stmt, 5);
  s->discount = sqlite3_column_int64 (stmt, 6);
  s->tax = sqlite3_column_int64 (stmt, 7);
  s->total = sqlite3_column_int64 (stmt, 8);
  s->seller_name = ax_db_column_dup (stmt, 9);
  s->void_reason = ax_db_column_dup (stmt, 10);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
read_sale_lines (AxDb         *db,
                 AxSaleDetail *s,
                 GError      **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT description, qty, unit_price, amount FROM sale_lines "
    " WHERE sale_id = ? AND deleted_at IS NULL ORDER BY sort_order, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, s->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxSaleDetailLine *l = g_new0 (AxSaleDetailLine, 1);

      l->description = ax_db_column_dup (stmt, 0);
      l->qty = sqlite3_column_int (stmt, 1);
      l->unit_price = sqlite3_column_int64 (stmt, 2);
      l->amount = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (s->lines, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the receipt failed"), error);

  stmt = ax_db_prepare (db,
    "SELECT tender, amount, reference FROM payments "
    " WHERE sale_id = ? AND deleted_at IS NULL ORDER BY at, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, s->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxSaleDetailPayment *p = g_new0 (AxSaleDetailPayment, 1);

      p->tender = ax_db_column_dup (stmt, 0);
      p->amount = sqlite3_column_int64 (stmt, 1);
      p->reference = ax_db_column_dup (stmt, 2);
      g_ptr_array_add (s->payments, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the receipt failed"), error);
  return TRUE;
}

AxSaleDetail *
ax_sale_detail_query (AxDb        *db,
                      const char  *sale_id,
                      GError     **error)
{
  gboolean began;
  AxSaleDetail *s;

  g_return_val_if_fail (sale_id != NULL, NULL);

  s = g_atomic_rc_box_new0 (AxSaleDetail);
  s->id = g_strdup (sale_id);
  s->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_line_free);
  s->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_payment_free);
  if (!ax_db_begin_read (db, &began, error))
    return (ax_sale_detail_unref (s), NULL);
  if (!read_sale (db, s, error) || !read_sale_lines (db, s, error))
    {
      ax_db_end_read (db, began);
      ax_sale_detail_unref (s);
      return NULL;
    }
  ax_db_end_read (db, began);
  return s;
}

static gpointer
sale_read (AxDb     *db,
           gpointer  data,
           GError  **error)
{
  return ax_sale_detail_query (db, data, error);
}

void
ax_sale_detail_query_async (AxStore             *store,
                            const char          *sale_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ax_store_read_async (store, sale_read, g_strdup (sale_id), g_free,
                       (GDestroyNotify) ax_sale_detail_unref, ax_sale_detail_query_async,
                       cancellable, callback, user_data);
}

AxSaleDetail *
ax_sale_detail_query_finish (AxStore      *store,
                             GAsyncResult *result,
                             GError      **error)
{
  return ax_store_read_finish (store, result, ax_sale_detail_query_async, error);
}
