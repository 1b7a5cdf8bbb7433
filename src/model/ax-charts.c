/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Clinical charts: what the Charts tab, the chart editor and the sign-off
 * page read (ax-charts.h). The mutators are in ax-chart-mutators.c. */

#include "ax-charts.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

#define PATIENT_NAME(p) "trim (coalesce (" p ".first_name, '') || ' ' || coalesce (" p ".last_name, ''))"

/* Values */

void
ax_chart_summary_free (AxChartSummary *s)
{
  g_free (s->id);
  g_free (s->patient_id);
  g_free (s->patient_name);
  g_free (s->provider_name);
  g_free (s->template_name);
  g_free (s->signer_name);
  g_free (s->amends_chart_id);
  g_free (s->return_reason);
  g_free (s);
}

static void
entry_free (AxChartEntry *e)
{
  g_free (e->id);
  g_free (e->kind);
  g_free (e->area);
  g_free (e->product_id);
  g_free (e->product_name);
  g_free (e->lot_id);
  g_free (e->lot_number);
  g_free (e->lot_expiry);
  g_free (e->unit);
  g_free (e->technique);
  g_free (e->body);
  g_free (e);
}

static void
overlay_free (AxChartOverlay *o)
{
  g_free (o->id);
  g_free (o->photo_id);
  g_free (o->photo_sha256);
  g_free (o->diagram);
  g_free (o->overlay_json);
  g_free (o);
}

static void
signature_free (AxChartSignature *s)
{
  g_free (s->id);
  g_free (s->signer_user_id);
  g_free (s->signer_name);
  g_free (s->meaning);
  g_free (s->content_sha256);
  g_free (s);
}

static void
chart_clear (gpointer data)
{
  AxChart *c = data;

  g_free (c->id);
  g_free (c->patient_id);
  g_free (c->patient_name);
  g_free (c->patient_number);
  g_free (c->appointment_id);
  g_free (c->provider_id);
  g_free (c->provider_name);
  g_free (c->provider_user_id);
  g_free (c->template_name);
  g_free (c->amends_chart_id);
  g_free (c->amended_by_id);
  g_free (c->notes);
  g_free (c->aftercare);
  g_free (c->content_sha256);
  g_free (c->current_sha256);
  g_free (c->canonical_json);
  g_clear_pointer (&c->entries, g_ptr_array_unref);
  g_clear_pointer (&c->overlays, g_ptr_array_unref);
  g_clear_pointer (&c->photo_sha256, g_strfreev);
  g_clear_pointer (&c->signature, signature_free);
}

AxChart *
ax_chart_ref (AxChart *chart)
{
  return g_atomic_rc_box_acquire (chart);
}

void
ax_chart_unref (AxChart *chart)
{
  g_atomic_rc_box_release_full (chart, chart_clear);
}

/* Reading helpers */

static gboolean
step_failed (AxDb    *db,
             int      rc,
             GError **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;
  ax_db_fail (db, _("Reading the chart failed"), error);
  return TRUE;
}

char *
ax_chart_day_of (gint64     ms,
                 GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* Lists */

#define SUMMARY_COLUMNS                                                                     \
  "SELECT c.id, c.patient_id, " PATIENT_NAME ("p") ", c.status, coalesce (pr.name, ''), "   \
  "       coalesce (t.name, ''), c.visit_at, coalesce (c.submitted_at, 0), "               \
  "       coalesce (c.signed_at, 0), coalesce (s.signer_name, ''), c.amends_chart_id, "      \
  "       (SELECT COUNT (*) FROM chart_entries e WHERE e.chart_id = c.id "                  \
  "                                              AND e.deleted_at IS NULL), "              \
  "       (SELECT json_extract (a.detail_json, '$.reason') FROM audit_log a "                \
  "         WHERE a.subject_type = 'chart' AND a.subject_id = c.id "                        \
  "           AND a.action = 'chart.return' ORDER BY a.seq DESC LIMIT 1) "                  \
  "  FROM charts c JOIN patients p ON p.id = c.patient_id "                                 \
  "  LEFT JOIN providers pr ON pr.id = c.provider_id "                                      \
  "  LEFT JOIN chart_templates t ON t.id = c.template_id "                                  \
  "  LEFT JOIN signatures s ON s.id = c.signature_id "

static GPtrArray *
read_summaries (AxDb         *db,
                sqlite3_stmt *stmt,
                GError      **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_chart_summary_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartSummary *s = g_new0 (AxChartSummary, 1);

      s->id = ax_db_column_dup_or_empty (stmt, 0);
      s->patient_id = ax_db_column_dup_or_empty (stmt, 1);
      s->patient_name = ax_db_column_dup_or_empty (stmt, 2);
      s->status = ax_chart_status_from_string ((const char *) sqlite3_column_text (stmt, 3));
      s->provider_name = ax_db_column_dup_or_empty (stmt, 4);
      s->template_name = ax_db_column_dup_or_empty (stmt, 5);
      s->visit_at = sqlite3_column_int64 (stmt, 6);
      s->submitted_at = sqlite3_column_int64 (stmt, 7);
      s->signed_at = sqlite3_column_int64 (stmt, 8);
      s->signer_name = ax_db_column_dup_or_empty (stmt, 9);
      s->amends_chart_id = ax_db_column_dup (stmt, 10);
      s->n_entries = sqlite3_column_int (stmt, 11);
      s->return_reason = ax_db_column_dup (stmt, 12);
      g_ptr_array_add (list, s);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
ax_charts_of_patient_query (AxDb        *db,
                            const char  *patient_id,
                            GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, SUMMARY_COLUMNS
                                      " WHERE c.patient_id = ? AND c.deleted_at IS NULL "
                                      " ORDER BY c.visit_at DESC, c.id DESC", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  return read_summaries (db, stmt, error);
}

GPtrArray *
ax_chart_signoff_queue_query (AxDb    *db,
                              GError **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, SUMMARY_COLUMNS
                                      " WHERE c.status = 'needs_signoff' AND c.deleted_at IS NULL "
                                      "   AND c.clinic_id = (SELECT id FROM clinics "
                                      "                       WHERE deleted_at IS NULL "
                                      "                       ORDER BY created_at LIMIT 1) "
                                      " ORDER BY c.submitted_at, c.id", error);

  if (stmt == NULL)
    return NULL;
  return read_summaries (db, stmt, error);
}

/* One chart */

static gboolean
read_chart_row (AxDb     *db,
                AxChart  *c,
                GError  **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT c.patient_id, " PATIENT_NAME ("p") ", coalesce (p.patient_number, ''), "
    "       c.appointment_id, c.provider_id, coalesce (pr.name, ''), pr.user_id, "
    "       coalesce (t.name, ''), c.status, c.amends_chart_id, c.visit_at, c.notes, "
    "       c.aftercare, coalesce (c.submitted_at, 0), coalesce (c.signed_at, 0), "
    "       c.content_sha256, c.signature_id, "
    "       (SELECT a.id FROM charts a WHERE a.amends_chart_id = c.id AND a.deleted_at IS NULL "
    "         ORDER BY a.created_at DESC, a.id DESC LIMIT 1) "
    "  FROM charts c JOIN patients p ON p.id = c.patient_id "
    "  LEFT JOIN providers pr ON pr.id = c.provider_id "
    "  LEFT JOIN chart_templates t ON t.id = c.template_id "
    " WHERE c.id = ? AND c.deleted_at IS NULL", error);
  g_autofree char *signature_id = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                     _("There is no chart %s (it may have been removed)"), c->id);
      else
        ax_db_fail (db, _("Reading the chart failed"), error);
      return FALSE;
    }
  c->patient_id = ax_db_column_dup_or_empty (stmt, 0);
  c->patient_name = ax_db_column_dup_or_empty (stmt, 1);
  c->patient_number = ax_db_column_dup_or_empty (stmt, 2);
  c->appointment_id = ax_db_column_dup (stmt, 3);
  c->provider_id = ax_db_column_dup (stmt, 4);
  c->provider_name = ax_db_column_dup_or_empty (stmt, 5);
  c->provider_user_id = ax_db_column_dup (stmt, 6);
  c->template_name = ax_db_column_dup_or_empty (stmt, 7);
  c->status = ax_chart_status_from_string ((const char *) sqlite3_column_text (stmt, 8));
  c->amends_chart_id = ax_db_column_dup (stmt, 9);
  c->visit_at = sqlite3_column_int64 (stmt, 10);
  c->notes = ax_db_column_dup (stmt, 11);
  c->aftercare = ax_db_column_dup (stmt, 12);
  c->submitted_at = sqlite3_column_int64 (stmt, 13);
  c->signed_at = sqlite3_column_int64 (stmt, 14);
  c->content_sha256 = ax_db_column_dup (stmt, 15);
  signature_id = ax_db_column_dup (stmt, 16);
  c->amended_by_id = ax_db_column_dup (stmt, 17);
  sqlite3_reset (stmt);

  if (signature_id == NULL)
    return TRUE;
  stmt = ax_db_prepare (db, "SELECT id, signer_user_id, signer_name, signed_at, meaning, "
                            "       content_sha256 FROM signatures WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, signature_id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      c->signature = g_new0 (AxChartSignature, 1);
      c->signature->id = ax_db_column_dup_or_empty (stmt, 0);
      c->signature->signer_user_id = ax_db_column_dup (stmt, 1);
      c->signature->signer_name = ax_db_column_dup_or_empty (stmt, 2);
      c->signature->signed_at = sqlite3_column_int64 (stmt, 3);
      c->signature->meaning = ax_db_column_dup_or_empty (stmt, 4);
      c->signature->content_sha256 = ax_db_column_dup_or_empty (stmt, 5);
      rc = SQLITE_DONE;
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

static gboolean
read_entries (AxDb       *db,
              const char *chart_id,
              GPtrArray  *entries,
              GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT e.id, e.kind, e.area, e.product_id, pr.name, e.lot_id, l.lot_number, l.expiry_date, "
    "       e.units_milli, e.unit, e.technique, e.body, e.sort_order "
    "  FROM chart_entries e LEFT JOIN products pr ON pr.id = e.product_id "
    "  LEFT JOIN lots l ON l.id = e.lot_id "
    " WHERE e.chart_id = ? AND e.deleted_at IS NULL ORDER BY e.sort_order, e.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartEntry *e = g_new0 (AxChartEntry, 1);

      e->id = ax_db_column_dup_or_empty (stmt, 0);
      e->kind = ax_db_column_dup_or_empty (stmt, 1);
      e->area = ax_db_column_dup (stmt, 2);
      e->product_id = ax_db_column_dup (stmt, 3);
      e->product_name = ax_db_column_dup (stmt, 4);
      e->lot_id = ax_db_column_dup (stmt, 5);
      e->lot_number = ax_db_column_dup (stmt, 6);
      e->lot_expiry = ax_db_column_dup (stmt, 7);
      e->has_units = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
      e->units_milli = sqlite3_column_int64 (stmt, 8);
      e->unit = ax_db_column_dup (stmt, 9);
      e->technique = ax_db_column_dup (stmt, 10);
      e->body = ax_db_column_dup (stmt, 11);
      e->sort_order = sqlite3_column_int64 (stmt, 12);
      g_ptr_array_add (entries, e);
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

static int
count_items (const char *overlay_json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *items;

  if (overlay_json == NULL || !json_parser_load_from_data (parser, overlay_json, -1, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  items = json_object_get_member (json_node_get_object (root), "items");
  return items && JSON_NODE_HOLDS_ARRAY (items) ? (int) json_array_get_length (json_node_get_array (items)) : 0;
}

static gboolean
read_overlays (AxDb       *db,
               const char *chart_id,
               GPtrArray  *overlays,
               GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT o.id, o.photo_id, ph.blob_sha256, o.diagram, o.overlay_json "
    "  FROM photo_overlays o LEFT JOIN photos ph ON ph.id = o.photo_id "
    " WHERE o.chart_id = ? AND o.deleted_at IS NULL ORDER BY o.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxChartOverlay *o = g_new0 (AxChartOverlay, 1);

      o->id = ax_db_column_dup_or_empty (stmt, 0);
      o->photo_id = ax_db_column_dup (stmt, 1);
      o->photo_sha256 = ax_db_column_dup (stmt, 2);
      o->diagram = ax_db_column_dup (stmt, 3);
      o->overlay_json = ax_db_column_dup_or_empty (stmt, 4);
      o->n_items = count_items (o->overlay_json);
      g_ptr_array_add (overlays, o);
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

static GStrv
read_photo_hashes (AxDb       *db,
                   const char *chart_id,
                   GError    **error)
{
  g_autoptr (GStrvBuilder) hashes = g_strv_builder_new ();
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT blob_sha256 FROM photos WHERE chart_id = ? AND deleted_at IS NULL "
    " ORDER BY blob_sha256", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (hashes, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  return g_strv_builder_end (hashes);
}

/* The content a signature covers, from what the chart query read. */
static char *
canonical_of (AxChart  *c,
              GError  **error)
{
  g_autofree AxChartEntryContent *entries = g_new0 (AxChartEntryContent, c->entries->len + 1);
  g_autofree AxChartOverlayContent *overlays = g_new0 (AxChartOverlayContent, c->overlays->len + 1);
  AxChartContent content = {
    .id = c->id, .patient_id = c->patient_id, .visit_at = c->visit_at,
    .provider_id = c->provider_id, .notes = c->notes, .aftercare = c->aftercare,
    .amends_chart_id = c->amends_chart_id,
    .entries = entries, .n_entries = c->entries->len,
    .overlays = overlays, .n_overlays = c->overlays->len,
    .photo_sha256 = (const char *const *) c->photo_sha256,
    .n_photos = g_strv_length (c->photo_sha256),
  };

  for (guint i = 0; i < c->entries->len; i++)
    {
      AxChartEntry *e = c->entries->pdata[i];

      entries[i] = (AxChartEntryContent) {
        e->id, e->kind, e->area, e->product_id, e->lot_id, e->has_units, e->units_milli,
        e->unit, e->technique, e->body, e->sort_order,
      };
    }
  for (guint i = 0; i < c->overlays->len; i++)
    {
      AxChartOverlay *o = c->overlays->pdata[i];

      overlays[i] = (AxChartOverlayContent) { o->id, o->photo_sha256, o->diagram, o->overlay_json };
    }
  return ax_chart_canonical_json (&content, error);
}

AxChart *
ax_chart_query (AxDb        *db,
                const char  *chart_id,
                GError     **error)
{
  g_autoptr (AxChart) c = g_atomic_rc_box_new0 (AxChart);
  gboolean began, ok;

  g_return_val_if_fail (chart_id != NULL, NULL);

  c->id = g_strdup (chart_id);
  c->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  c->overlays = g_ptr_array_new_with_free_func ((GDestroyNotify) overlay_free);
  if (!ax_db_begin_read (db, &began, error))
    return NULL;
  ok = read_chart_row (db, c, error)
       && read_entries (db, chart_id, c->entries, error)
       && read_overlays (db, chart_id, c->overlays, error)
       && (c->photo_sha256 = read_photo_hashes (db, chart_id, error)) != NULL;
  ax_db_end_read (db, began);
  if (!ok)
    return NULL;
  c->canonical_json = canonical_of (c, error);
  if (c->canonical_json == NULL)
    return NULL;
  c->current_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, c->canonical_json, -1);
  return g_steal_pointer (&c);
}

char *
ax_chart_content_read (AxDb        *db,
                       const char  *chart_id,
                       char       **sha256_out,
                       GError     **error)
{
  g_autoptr (AxChart) c = ax_chart_query (db, chart_id, error);

  if (c == NULL)
    return NULL;
  if (sha256_out != NULL)
    *sha256_out = g_strdup (c->current_sha256);
  return g_strdup (c->canonical_json);
}

/* Off the main thread */

static gpointer
patient_charts_read (AxDb     *db,
                     gpointer  data,
                     GError  **error)
{
  return ax_charts_of_patient_query (db, data, error);
}

void
ax_charts_of_patient_query_async (AxStore             *store,
                                  const char          *patient_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ax_store_read_async (store, patient_charts_read, g_strdup (patient_id), g_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_charts_of_patient_query_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_charts_of_patient_query_finish (AxStore      *store,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return ax_store_read_finish (store, result, ax_charts_of_patient_query_async, error);
}

static gpointer
queue_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  return ax_chart_signoff_queue_query (db, error);
}

void
ax_chart_signoff_queue_query_async (AxStore             *store,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ax_store_read_async (store, queue_read, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                       ax_chart_signoff_queue_query_async, cancellable, callback, user_data);
}

GPtrArray *
ax_chart_signoff_queue_query_finish (AxStore      *store,
                                     GAsyncResult *result,
                                     GError      **error)
{
  return ax_store_read_finish (store, result, ax_chart_signoff_queue_query_async, error);
}

static gpointer
chart_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  return ax_chart_query (db, data, error);
}

void
ax_chart_query_async (AxStore             *store,
                      const char          *chart_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ax_store_read_async (store, chart_read, g_strdup (chart_id), g_free,
                       (GDestroyNotify) ax_chart_unref, ax_chart_query_async, cancellable,
                       callback, user_data);
}

AxChart *
ax_chart_query_finish (AxStore      *store,
                       GAsyncResult *result,
                       GError      **error)
{
  return ax_store_read_finish (store, result, ax_chart_query_async, error);
}
