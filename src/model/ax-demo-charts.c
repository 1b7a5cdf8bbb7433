/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic's charted visits: the first patient has a botulinum-toxin
 * chart signed by the medical director three weeks ago and a draft of
 * today's follow-up, each with entries (Botox, its lot, units per area)
 * and a face chart on the front diagram: numbered injection points with
 * product, lot and units, and a line. So a new user sees a charted visit
 * at once. Written after everything else, with fixed ids and no random
 * stream, so the rest of the demo is the same with or without it. */

#include "ax-demo-private.h"
#include "ax-charts.h"
#include "ax-overlay.h"

#include <string.h>

/* The diagram's own space (docs/face-chart.md). */
#define DIAGRAM_W 1000
#define DIAGRAM_H 1300

typedef struct
{
  double      x, y;
  const char *area;
  int         units;
} DemoPoint;

typedef struct
{
  const char      *area;
  int              units;
} DemoEntry;

typedef struct
{
  int              days_ago;     /* the visit, before now */
  gboolean         signed_off;
  const char      *notes;
  const char      *aftercare;
  const DemoEntry *entries;
  guint            n_entries;
  const DemoPoint *points;
  guint            n_points;
  double           line[4];      /* x0, y0, x1, y1 */
} DemoChart;

static const DemoEntry first_entries[] = {
  { "Forehead", 12 },
  { "Glabella", 12 },
};
static const DemoPoint first_points[] = {
  { 380, 330, "forehead", 4 }, { 500, 318, "forehead", 4 }, { 620, 330, "forehead", 4 },
  { 462, 478, "glabella", 4 }, { 500, 468, "glabella", 4 }, { 538, 478, "glabella", 4 },
};
static const DemoEntry follow_up_entries[] = {
  { "Crow's feet, left", 12 },
  { "Crow's feet, right", 12 },
};
static const DemoPoint follow_up_points[] = {
  { 268, 520, "crow's feet, left", 4 }, { 258, 556, "crow's feet, left", 4 },
  { 270, 592, "crow's feet, left", 4 },
  { 732, 520, "crow's feet, right", 4 }, { 742, 556, "crow's feet, right", 4 },
  { 730, 592, "crow's feet, right", 4 },
};

static const DemoChart demo_charts[] = {
  { 21, TRUE, "First botulinum toxin treatment; wants a natural look.",
    "No exercise, massage or lying flat for 4 hours. Review in 2 weeks.",
    first_entries, G_N_ELEMENTS (first_entries), first_points, G_N_ELEMENTS (first_points),
    /* The safety line: nothing below it on the forehead. */
    { 340, 420, 660, 420 } },
  { 0, FALSE, "Review: forehead and glabella settled well; crow's feet today.",
    "As before: no rubbing the area today.",
    follow_up_entries, G_N_ELEMENTS (follow_up_entries), follow_up_points,
    G_N_ELEMENTS (follow_up_points),
    /* The orbital rim, marked before injecting. */
    { 220, 470, 300, 640 } },
};

typedef struct
{
  char   template_id[AX_UUID_STRLEN];
  char   product_id[AX_UUID_STRLEN];
  char  *product_name;
  char  *unit;
  char   provider_id[AX_UUID_STRLEN];
  char   director_id[AX_UUID_STRLEN];
  char  *director_name;
} DemoChartRefs;

static void
refs_clear (DemoChartRefs *r)
{
  g_free (r->product_name);
  g_free (r->unit);
  g_free (r->director_name);
}

/* The first row of sql's columns into out[n] (NULL for a NULL column). */
static gboolean
query_row (DemoSeeder  *s,
           const char  *sql,
           char       **out,
           guint        n,
           GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (s->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  for (guint i = 0; rc == SQLITE_ROW && i < n; i++)
    out[i] = ax_db_column_dup (stmt, i);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "demo charts: nothing for %s", sql);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_refs (DemoSeeder    *s,
           DemoChartRefs *r,
           GError       **error)
{
  char *row[3] = { NULL, NULL, NULL };

  if (!query_row (s, "SELECT id FROM chart_templates WHERE name LIKE 'Botulinum%' "
                     " ORDER BY name LIMIT 1", row, 1, error))
    return FALSE;
  g_strlcpy (r->template_id, row[0], AX_UUID_STRLEN);
  g_clear_pointer (&row[0], g_free);
  if (!query_row (s, "SELECT id, name, coalesce (unit, 'U') FROM products "
                     " WHERE name LIKE 'Botox%' ORDER BY name LIMIT 1", row, 3, error))
    return FALSE;
  g_strlcpy (r->product_id, row[0], AX_UUID_STRLEN);
  g_clear_pointer (&row[0], g_free);
  r->product_name = row[1];
  r->unit = row[2];
  /* The provider who logs in as "provider", and the medical director. */
  if (!query_row (s, "SELECT provider_id FROM users WHERE username = 'provider' "
                     "   AND provider_id IS NOT NULL", row, 1, error))
    return FALSE;
  g_strlcpy (r->provider_id, row[0], AX_UUID_STRLEN);
  g_clear_pointer (&row[0], g_free);
  if (!query_row (s, "SELECT id, display_name FROM users WHERE role = 'medical_director' "
                     " ORDER BY username LIMIT 1", row, 2, error))
    return FALSE;
  g_strlcpy (r->director_id, row[0], AX_UUID_STRLEN);
  g_clear_pointer (&row[0], g_free);
  r->director_name = row[1];
  return TRUE;
}

/* The product's lot in use on the visit's day: the oldest not yet expired,
 * received by then if one was; FALSE without an error when there is none. */
static gboolean
lot_at (DemoSeeder          *s,
        const DemoChartRefs *r,
        gint64               visit_at,
        char                 lot_id[AX_UUID_STRLEN],
        char               **lot_number,
        GError             **error)
{
  g_autofree char *day = ax_chart_day_of (visit_at, s->tz);
  sqlite3_stmt *stmt = ax_db_prepare (s->db,
    "SELECT id, lot_number FROM lots WHERE product_id = ? AND deleted_at IS NULL "
    "   AND (expiry_date IS NULL OR expiry_date >= ?) "
    " ORDER BY created_at > ?, expiry_date IS NULL, expiry_date, id LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, visit_at);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_strlcpy (lot_id, (const char *) sqlite3_column_text (stmt, 0), AX_UUID_STRLEN);
      *lot_number = ax_db_column_dup_or_empty (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ax_db_fail (s->db, "demo charts: lots", error);
  return rc == SQLITE_ROW;
}

/* The chart's face chart in its canonical JSON, item ids derived from the
 * chart's id so the demo is the same every time. */
static char *
overlay_json (const DemoChart     *d,
              const char          *chart_id,
              const DemoChartRefs *r,
              const char          *lot_id,
              const char          *lot_number,
              GError             **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *raw = NULL;
  g_autoptr (AxOverlay) overlay = NULL;
  char id[AX_UUID_STRLEN];

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "space");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, DIAGRAM_W);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, DIAGRAM_H);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->n_points; i++)
    {
      const DemoPoint *p = &d->points[i];

      ax_uuid_derive (chart_id, i + 1, id);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "point");
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, i + 1);
      json_builder_set_member_name (b, "x");
      json_builder_add_double_value (b, p->x);
      json_builder_set_member_name (b, "y");
      json_builder_add_double_value (b, p->y);
      json_builder_set_member_name (b, "product_id");
      json_builder_add_string_value (b, r->product_id);
      json_builder_set_member_name (b, "product");
      json_builder_add_string_value (b, r->product_name);
      json_builder_set_member_name (b, "lot_id");
      json_builder_add_string_value (b, lot_id);
      json_builder_set_member_name (b, "lot");
      json_builder_add_string_value (b, lot_number);
      json_builder_set_member_name (b, "units_milli");
      json_builder_add_int_value (b, (gint64) p->units * 1000);
      json_builder_set_member_name (b, "unit");
      json_builder_add_string_value (b, r->unit);
      json_builder_set_member_name (b, "area");
      json_builder_add_string_value (b, p->area);
      json_builder_set_member_name (b, "color");
      json_builder_add_string_value (b, "#e01b24");
      json_builder_end_object (b);
    }
  ax_uuid_derive (chart_id, 100, id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "line");
  json_builder_set_member_name (b, "points");
  json_builder_begin_array (b);
  for (int k = 0; k < 2; k++)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, d->line[2 * k]);
      json_builder_add_double_value (b, d->line[2 * k + 1]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "color");
  json_builder_add_string_value (b, "#3584e4");
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, 3);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  raw = json_to_string (root, FALSE);
  /* Checked and written out as overlay.save would. */
  overlay = ax_overlay_parse (raw, error);
  return overlay ? ax_overlay_to_json (overlay) : NULL;
}

static gboolean
write_chart (DemoSeeder          *s,
             const DemoChart     *d,
             const char          *patient_id,
             const DemoChartRefs *r,
             GError             **error)
{
  gint64 visit_at = s->now_ms - d->days_ago * DEMO_DAY_MS - (d->days_ago ? 3 : 1) * DEMO_HOUR_MS;
  gint64 submitted_at = visit_at + DEMO_HOUR_MS;
  gint64 signed_at = visit_at + 5 * DEMO_HOUR_MS;
  g_autofree char *parent = g_strdup_printf ("demo-chart/%s/%d", patient_id, d->days_ago);
  g_autofree char *overlay_parent = NULL;
  g_autofree char *lot_number = NULL;
  g_autofree char *json = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *sha = NULL;
  char chart_id[AX_UUID_STRLEN], lot_id[AX_UUID_STRLEN], id[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;

  ax_uuid_derive (parent, 0, chart_id);
  /* A history too short to have the product in stock: no chart. */
  if (!lot_at (s, r, visit_at, lot_id, &lot_number, error))
    return error == NULL || *error == NULL;

  stmt = ax_db_prepare (s->db,
    "INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, provider_id, "
    "  template_id, status, visit_at, notes, aftercare) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_base (s, stmt, chart_id, visit_at);
  demo_bind_text (stmt, 5, patient_id);
  demo_bind_text (stmt, 6, r->provider_id);
  demo_bind_text (stmt, 7, r->template_id);
  demo_bind_int (stmt, 8, visit_at);
  demo_bind_text (stmt, 9, d->notes);
  demo_bind_text (stmt, 10, d->aftercare);
  if (!demo_step (s, stmt, error))
    return FALSE;

  stmt = ax_db_prepare (s->db,
    "INSERT INTO chart_entries (id, clinic_id, created_at, updated_at, chart_id, kind, area, "
    "  product_id, lot_id, units_milli, unit, technique, sort_order) "
    "VALUES (?, ?, ?, ?, ?, 'treatment', ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < d->n_entries; i++)
    {
      ax_uuid_derive (parent, i + 1, id);
      demo_bind_base (s, stmt, id, visit_at);
      demo_bind_text (stmt, 5, chart_id);
      demo_bind_text (stmt, 6, d->entries[i].area);
      demo_bind_text (stmt, 7, r->product_id);
      demo_bind_text (stmt, 8, lot_id);
      demo_bind_int (stmt, 9, (gint64) d->entries[i].units * 1000);
      demo_bind_text (stmt, 10, r->unit);
      demo_bind_text (stmt, 11, "Intramuscular, 30G needle");
      demo_bind_int (stmt, 12, i);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  /* The face chart, under the id overlay.save gives it. */
  json = overlay_json (d, chart_id, r, lot_id, lot_number, error);
  if (json == NULL)
    return FALSE;
  overlay_parent = g_strdup_printf ("%s/diagram/front", chart_id);
  ax_uuid_derive (overlay_parent, 0, id);
  stmt = ax_db_prepare (s->db,
    "INSERT INTO photo_overlays (id, clinic_id, created_at, updated_at, chart_id, diagram, "
    "  overlay_json) VALUES (?, ?, ?, ?, ?, 'front', ?)", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_base (s, stmt, id, visit_at);
  demo_bind_text (stmt, 5, chart_id);
  demo_bind_text (stmt, 6, json);
  if (!demo_step (s, stmt, error))
    return FALSE;

  if (!d->signed_off)
    return TRUE;

  /* Sent and signed: the signature holds the hash of what it covers. */
  canonical = ax_chart_content_read (s->db, chart_id, &sha, error);
  if (canonical == NULL)
    return FALSE;
  ax_uuid_derive (parent, 99, id);
  stmt = ax_db_prepare (s->db,
    "INSERT INTO signatures (id, clinic_id, created_at, updated_at, subject_type, subject_id, "
    "  signer_user_id, signer_name, signed_at, meaning, content_sha256) "
    "VALUES (?, ?, ?, ?, 'chart', ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_base (s, stmt, id, signed_at);
  demo_bind_text (stmt, 5, chart_id);
  demo_bind_text (stmt, 6, r->director_id);
  demo_bind_text (stmt, 7, r->director_name);
  demo_bind_int (stmt, 8, signed_at);
  demo_bind_text (stmt, 9, "Reviewed and approved by the medical director");
  demo_bind_text (stmt, 10, sha);
  if (!demo_step (s, stmt, error))
    return FALSE;
  stmt = ax_db_prepare (s->db,
    "UPDATE charts SET status = 'md_signed', submitted_at = ?, signed_at = ?, "
    "  signature_id = ?, content_sha256 = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_int (stmt, 1, submitted_at);
  demo_bind_int (stmt, 2, signed_at);
  demo_bind_text (stmt, 3, id);
  demo_bind_text (stmt, 4, sha);
  demo_bind_text (stmt, 5, chart_id);
  /* An update: no new row to count. */
  if (!demo_step (s, stmt, error))
    return FALSE;
  s->rows--;
  return TRUE;
}

gboolean
demo_write_charts (DemoSeeder  *s,
                   GError     **error)
{
  DemoChartRefs refs = { 0 };
  gboolean ok = TRUE;

  if (s->n_patients == 0)
    return TRUE;
  if (!read_refs (s, &refs, error))
    {
      refs_clear (&refs);
      return FALSE;
    }
  for (guint i = 0; ok && i < G_N_ELEMENTS (demo_charts); i++)
    ok = write_chart (s, &demo_charts[i], s->patient_id[0], &refs, error);
  refs_clear (&refs);
  return ok;
}
