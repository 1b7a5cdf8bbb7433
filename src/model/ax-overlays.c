/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The face chart's overlays: overlay.save and the query of a chart's
 * overlays (ax-overlays.h, docs/face-chart.md). */

#include "ax-overlays.h"
#include "ax-chart-mutators-private.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* Enough for the overlay's own limits (ax-overlay.h) written out in full. */
#define MAX_OVERLAY_JSON_CHARS (8 * 1024 * 1024)

static const char *const diagrams[] = { "front", "profile", NULL };

void
ax_stored_overlay_free (AxStoredOverlay *overlay)
{
  if (overlay == NULL)
    return;
  g_free (overlay->id);
  g_free (overlay->chart_id);
  g_free (overlay->photo_id);
  g_free (overlay->diagram);
  g_free (overlay->sha256);
  g_clear_pointer (&overlay->overlay, ax_overlay_unref);
  g_free (overlay);
}

char *
ax_overlay_sha256 (const AxOverlay *overlay)
{
  g_autofree char *json = ax_overlay_to_json (overlay);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
}

static const char *
member_or_null (JsonObject *args,
                const char *name)
{
  JsonNode *node = json_object_get_member (args, name);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  text = json_node_get_string (node);
  return text != NULL && *text != '\0' ? text : NULL;
}

/* overlay.save */

static const AxArgSpec save_args[] = {
  { "id", AX_ARG_UUID },
  { "chart_id", AX_ARG_UUID, TRUE },
  { "photo_id", AX_ARG_UUID },
  { "diagram", AX_ARG_ENUM, FALSE, 0, 0, diagrams },
  { "overlay_json", AX_ARG_TEXT, TRUE, 0, MAX_OVERLAY_JSON_CHARS },
  { "from_sha256", AX_ARG_STRING, FALSE, 0, 64 },
  { "from_version", AX_ARG_INT, FALSE, 0, G_MAXINT64 },
  { NULL }
};

static AxOverlay *
parse_overlay_arg (JsonObject *args,
                   GError    **error)
{
  g_autoptr (GError) local = NULL;
  AxOverlay *overlay = ax_overlay_parse (json_object_get_string_member (args, "overlay_json"),
                                         &local);

  if (overlay == NULL)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                 _("overlay.save: “overlay_json”: %s"), local->message);
  return overlay;
}

/* One row per (chart, photo or diagram), the same on every desk. */
static void
overlay_id (const char *chart_id,
            const char *photo_id,
            const char *diagram,
            char        id[AX_UUID_STRLEN])
{
  g_autofree char *parent = photo_id ? g_strdup_printf ("%s/photo/%s", chart_id, photo_id)
                                     : g_strdup_printf ("%s/diagram/%s", chart_id, diagram);

  ax_uuid_derive (parent, 0, id);
}

static gboolean
save_prepare (AxMutation *m,
              JsonObject *args,
              GError    **error)
{
  const char *chart_id = json_object_get_string_member (args, "chart_id");
  const char *photo_id = member_or_null (args, "photo_id");
  const char *diagram = member_or_null (args, "diagram");
  g_autoptr (AxOverlay) overlay = NULL;
  g_autofree char *canonical = NULL;
  char id[AX_UUID_STRLEN];

  if ((photo_id == NULL) == (diagram == NULL))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("overlay.save: give either a photo (“photo_id”) or a diagram "
                     "(“diagram”: front or profile), not both or neither"));
      return FALSE;
    }
  overlay = parse_overlay_arg (args, error);
  if (overlay == NULL)
    return FALSE;
  /* The outbox keeps, and the server replays, the canonical form. */
  canonical = ax_overlay_to_json (overlay);
  json_object_set_string_member (args, "overlay_json", canonical);

  overlay_id (chart_id, photo_id, diagram, id);
  json_object_set_string_member (args, "id", id);
  return TRUE;
}

/* Refuses a change to a chart that is no longer a draft, and gives the
 * chart's patient (a photo must be of the same patient). */
static gboolean
overlay_require_draft_chart (AxMutation *m,
                             const char *chart_id,
                             char      **patient_id,
                             GError    **error)
{
  sqlite3_stmt *stmt;

  if (!ax_chart_require_draft (m, chart_id, error))
    return FALSE;
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "SELECT patient_id FROM charts WHERE id = ? AND clinic_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *patient_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
check_space (AxMutation      *m,
             const char      *photo_id,
             const char      *patient_id,
             const AxOverlay *overlay,
             GError         **error)
{
  guint width = AX_FACE_DIAGRAM_WIDTH, height = AX_FACE_DIAGRAM_HEIGHT;

  if (photo_id != NULL)
    {
      sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
                                          "SELECT patient_id, width, height FROM photos "
                                          "WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
                                          error);
      gboolean found, same_patient = FALSE;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, photo_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        {
          same_patient = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), patient_id) == 0;
          width = sqlite3_column_int (stmt, 1);
          height = sqlite3_column_int (stmt, 2);
        }
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                       _("overlay.save: there is no photo with id %s"), photo_id);
          return FALSE;
        }
      if (!same_patient)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                       _("That photo is of another patient than this chart's"));
          return FALSE;
        }
    }
  if (ax_overlay_get_width (overlay) != width || ax_overlay_get_height (overlay) != height)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("overlay.save: the face chart was drawn on a %u×%u image, but the %s is "
                     "%u×%u"),
                   ax_overlay_get_width (overlay), ax_overlay_get_height (overlay),
                   photo_id ? _("photo") : _("diagram"), width, height);
      return FALSE;
    }
  return TRUE;
}

/* Fails with STALE when the stored overlay is not the one the editor started from. */
static gboolean
check_seen (AxMutation *m,
            JsonObject *args,
            const char *id,
            GError    **error)
{
  const char *from_sha = json_object_has_member (args, "from_sha256")
                           && !json_object_get_null_member (args, "from_sha256")
                           ? json_object_get_string_member (args, "from_sha256") : NULL;
  gboolean has_version = json_object_has_member (args, "from_version")
                         && !json_object_get_null_member (args, "from_version");
  sqlite3_stmt *stmt;
  g_autofree char *stored_sha = NULL;
  gint64 version = 0;
  gboolean stale = FALSE;

  if (from_sha == NULL && !has_version)
    return TRUE;
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "SELECT overlay_json, version FROM photo_overlays "
                        "WHERE id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (AxOverlay) stored = ax_overlay_parse ((const char *) sqlite3_column_text (stmt, 0),
                                                       NULL);

      stored_sha = stored ? ax_overlay_sha256 (stored) : g_strdup ("?");
      version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (from_sha != NULL && g_strcmp0 (from_sha, stored_sha ? stored_sha : "") != 0)
    stale = TRUE;
  if (has_version && json_object_get_int_member (args, "from_version") != version)
    stale = TRUE;
  if (stale)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE,
                 _("This face chart was changed on another desk since you opened it; "
                   "reload it to see those changes"));
  return !stale;
}

static gboolean
save_run (AxMutation *m,
          JsonObject *args,
          GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *chart_id = json_object_get_string_member (args, "chart_id");
  const char *photo_id = member_or_null (args, "photo_id");
  const char *diagram = member_or_null (args, "diagram");
  g_autofree char *patient_id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sha = NULL;
  g_autoptr (AxOverlay) overlay = NULL;
  sqlite3_stmt *stmt;

  if (!overlay_require_draft_chart (m, chart_id, &patient_id, error))
    return FALSE;
  overlay = parse_overlay_arg (args, error);
  if (overlay == NULL || !check_space (m, photo_id, patient_id, overlay, error)
      || !check_seen (m, args, id, error))
    return FALSE;

  json = ax_overlay_to_json (overlay);
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "INSERT INTO photo_overlays (id, clinic_id, created_at, updated_at, "
                        "  chart_id, photo_id, diagram, overlay_json) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET overlay_json = excluded.overlay_json, "
                        "  updated_at = excluded.updated_at, deleted_at = NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, chart_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, photo_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, diagram, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, json, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "overlay.save", error);
    }
  sqlite3_reset (stmt);

  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  json_object_set_string_member (ax_mutation_get_result (m), "sha256", sha);
  return TRUE;
}

/* An amendment starts from the face charts of the chart it amends: each
 * overlay row of from_chart is copied to to_chart, with its photo or
 * diagram and its JSON unchanged, under the id overlay.save gives it there. */
gboolean
ax_overlays_copy_to_chart (AxMutation *m,
                           const char *from_chart,
                           const char *to_chart,
                           GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autoptr (GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = ax_db_prepare (db, "SELECT id, photo_id, diagram FROM photo_overlays "
                            "WHERE chart_id = ? AND deleted_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from_chart, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *id = g_malloc (AX_UUID_STRLEN);

      overlay_id (to_chart, (const char *) sqlite3_column_text (stmt, 1),
                  (const char *) sqlite3_column_text (stmt, 2), id);
      g_ptr_array_add (sources, ax_db_column_dup (stmt, 0));
      g_ptr_array_add (targets, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "photo_overlays", error);

  stmt = ax_db_prepare (db,
                        "INSERT INTO photo_overlays (id, clinic_id, created_at, updated_at, "
                        "  chart_id, photo_id, diagram, overlay_json) "
                        "SELECT ?1, ?2, ?3, ?4, ?5, photo_id, diagram, overlay_json "
                        "  FROM photo_overlays WHERE id = ?6",
                        error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < sources->len; i++)
    {
      sqlite3_bind_text (stmt, 1, targets->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
      sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, to_chart, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, sources->pdata[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return ax_db_fail (db, _("Copying the face chart failed"), error);
    }
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "overlay.save", AX_PERM_CLINICAL_EDIT, save_args, FALSE, save_prepare, save_run, NULL },
};

void
ax_overlays_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}

/* Query */

GPtrArray *
ax_overlays_query (AxDb        *db,
                   const char  *chart_id,
                   GError     **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_stored_overlay_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (chart_id != NULL, NULL);

  stmt = ax_db_prepare (db,
                        "SELECT id, chart_id, photo_id, diagram, version, overlay_json "
                        "FROM photo_overlays WHERE chart_id = ? AND deleted_at IS NULL "
                        "ORDER BY photo_id IS NOT NULL, diagram, photo_id, id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (AxStoredOverlay) row = g_new0 (AxStoredOverlay, 1);
      g_autoptr (GError) local = NULL;

      row->id = ax_db_column_dup (stmt, 0);
      row->chart_id = ax_db_column_dup (stmt, 1);
      row->photo_id = ax_db_column_dup (stmt, 2);
      row->diagram = ax_db_column_dup (stmt, 3);
      row->version = sqlite3_column_int64 (stmt, 4);
      row->overlay = ax_overlay_parse ((const char *) sqlite3_column_text (stmt, 5), &local);
      if (row->overlay == NULL)
        {
          sqlite3_reset (stmt);
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                       _("The stored face chart %s cannot be read: %s"), row->id, local->message);
          return NULL;
        }
      row->sha256 = ax_overlay_sha256 (row->overlay);
      g_ptr_array_add (out, g_steal_pointer (&row));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "photo_overlays", error), NULL;
  return g_steal_pointer (&out);
}

static gpointer
query_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  return ax_overlays_query (db, data, error);
}

void
ax_overlays_query_async (AxStore             *store,
                         const char          *chart_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  ax_store_read_async (store, query_read, g_strdup (chart_id), g_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_overlays_query_async, cancellable,
                       callback, user_data);
}

GPtrArray *
ax_overlays_query_finish (AxStore      *store,
                          GAsyncResult *result,
                          GError      **error)
{
  return ax_store_read_finish (store, result, ax_overlays_query_async, error);
}
