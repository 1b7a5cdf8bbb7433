/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The chart mutators (ax-charts.h; rules and permissions in docs/charts.md):
 * templates, charts and their entries while they are drafts, submission,
 * the medical director's signature or return, amendments, and the read
 * audit of opening and exporting a chart. */

#include <inttypes.h>
#include "ax-charts.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"
#include "ax-chart-mutators-private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define DEFAULT_MEANING N_("Reviewed and approved as medical director")

static const char *const export_formats[] = { "pdf", NULL };

const char *
ax_chart_mut_string_arg (JsonObject *o,
                         const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;
  const char *s;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  s = json_node_get_string (node);
  while (s != NULL && g_ascii_isspace (*s))
    s++;
  return s != NULL && *s != '\0' ? json_node_get_string (node) : NULL;
}

static char *
format_instant (AxMutation *m,
                gint64      ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, ax_store_get_timezone (ax_mutation_get_store (m)));

  /* Translators: when a chart was signed, e.g. "1 Mar 2026 at 14:05" */
  return g_date_time_format (local, _("%-d %b %Y at %H:%M"));
}

static char *
format_day (const char *ymd)
{
  int y, mo, d;
  g_autoptr (GDateTime) dt = NULL;

  if (ymd == NULL || sscanf (ymd, "%4d-%2d-%2d", &y, &mo, &d) != 3
      || (dt = g_date_time_new_utc (y, mo, d, 0, 0, 0)) == NULL)
    return g_strdup (ymd ? ymd : "");
  /* Translators: a lot's expiry date, e.g. "1 Mar 2026" */
  return g_date_time_format (dt, _("%-d %b %Y"));
}

/* The chart's state */

void
ax_chart_mut_state_clear (ChartState *s)
{
  g_free (s->patient_id);
  g_free (s->appointment_id);
  g_free (s->provider_id);
  g_free (s->template_id);
  g_free (s->provider_user_id);
  g_free (s->signer_name);
  g_free (s->notes);
  g_free (s->aftercare);
}

gboolean
ax_chart_mut_read_state (AxMutation *m,
                         const char *chart_id,
                         ChartState *s,
                         GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT c.patient_id, c.appointment_id, c.provider_id, c.template_id, pr.user_id, c.status, "
    "       c.visit_at, coalesce (c.signed_at, 0), coalesce (sg.signer_name, ''), c.notes, "
    "       c.aftercare "
    "  FROM charts c LEFT JOIN providers pr ON pr.id = c.provider_id "
    "  LEFT JOIN signatures sg ON sg.id = c.signature_id "
    " WHERE c.id = ? AND c.clinic_id = ? AND c.deleted_at IS NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      s->patient_id = ax_db_column_dup (stmt, 0);
      s->appointment_id = ax_db_column_dup (stmt, 1);
      s->provider_id = ax_db_column_dup (stmt, 2);
      s->template_id = ax_db_column_dup (stmt, 3);
      s->provider_user_id = ax_db_column_dup (stmt, 4);
      s->status = ax_chart_status_from_string ((const char *) sqlite3_column_text (stmt, 5));
      s->visit_at = sqlite3_column_int64 (stmt, 6);
      s->signed_at = sqlite3_column_int64 (stmt, 7);
      s->signer_name = ax_db_column_dup (stmt, 8);
      s->notes = ax_db_column_dup (stmt, 9);
      s->aftercare = ax_db_column_dup (stmt, 10);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), _("Reading the chart failed"), error);
  return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                          _("There is no chart %s (it may have been removed)"), chart_id);
}

gboolean
ax_chart_mut_refuse_not_draft (AxMutation       *m,
                               const ChartState *s,
                               GError          **error)
{
  if (s->status == AX_CHART_MD_SIGNED)
    {
      g_autofree char *when = format_instant (m, s->signed_at);

      return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                              _("This chart was signed on %s by %s; it can't be changed. "
                                "Create an amendment instead."), when, s->signer_name);
    }
  return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                          _("This chart is waiting for the medical director's sign-off; it can't be "
                            "changed unless the medical director returns it to draft."));
}

gboolean
ax_chart_require_draft (AxMutation *m,
                        const char *chart_id,
                        GError    **error)
{
  g_auto (ChartState) s = { 0 };

  if (!ax_chart_mut_read_state (m, chart_id, &s, error))
    return FALSE;
  if (!ax_chart_status_is_editable (s.status))
    return ax_chart_mut_refuse_not_draft (m, &s, error);
  return TRUE;
}

static gboolean
set_status (AxMutation *m,
            const char *chart_id,
            const char *sql_set,
            GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE charts SET %s, updated_at = ?2 "
                                          " WHERE id = ?1 AND clinic_id = ?3", sql_set);
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (strstr (sql_set, "?4") != NULL)
    sqlite3_bind_int64 (stmt, 4, ax_mutation_get_now_ms (m));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), _("Changing the chart failed"), error);
  return TRUE;
}

/* Products and lots */

/* A product needs a lot of that product, not expired on the visit's day. */
gboolean
ax_chart_mut_check_product_lot (AxMutation *m,
                                const char *mutator,
                                const char *product_id,
                                const char *lot_id,
                                gint64      visit_at,
                                GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autofree char *product_name = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *lot_number = NULL;
  g_autofree char *lot_product = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *visit_day = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  if (product_id == NULL && lot_id == NULL)
    return TRUE;
  if (product_id == NULL)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("%s: “product_id”: choose the product of this lot"), mutator);

  stmt = ax_db_prepare (db, "SELECT name, kind FROM products WHERE id = ? AND clinic_id = ? "
                            "   AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      product_name = ax_db_column_dup (stmt, 0);
      kind = ax_db_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("%s: “product_id”: there is no product %s"), mutator, product_id);
  if (g_strcmp0 (kind, "retail") == 0)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("%s: “product_id”: %s is a retail product, not for treatments"), mutator,
                            product_name);
  if (lot_id == NULL)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("%s: “lot_id”: choose the lot of %s that was used"), mutator, product_name);

  stmt = ax_db_prepare (db, "SELECT lot_number, product_id, expiry_date FROM lots "
                            " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lot_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      lot_number = ax_db_column_dup (stmt, 0);
      lot_product = ax_db_column_dup (stmt, 1);
      expiry = ax_db_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("%s: “lot_id”: there is no lot %s"), mutator, lot_id);
  if (g_strcmp0 (lot_product, product_id) != 0)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("%s: “lot_id”: lot %s is not a lot of %s; choose one of its lots"),
                            mutator, lot_number, product_name);
  visit_day = ax_chart_day_of (visit_at, ax_store_get_timezone (ax_mutation_get_store (m)));
  if (ax_chart_lot_expired (expiry, visit_day))
    {
      g_autofree char *day = format_day (expiry);

      return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                              _("%s: “lot_id”: lot %s of %s expired on %s; choose another lot"),
                              mutator, lot_number, product_name, day);
    }
  return TRUE;
}

static const AxArgSpec id_only_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

/* Entry ids made in prepare(), so the server replays the same rows. */
static gboolean
prepare_entry_ids (JsonObject *args,
                   gint64      n)
{
  JsonArray *ids;

  if (json_object_has_member (args, "entry_ids"))
    return TRUE;
  ids = json_array_new ();
  for (gint64 i = 0; i < n; i++)
    {
      char id[AX_UUID_STRLEN];

      ax_uuid_v7 (id);
      json_array_add_string_element (ids, id);
    }
  json_object_set_array_member (args, "entry_ids", ids);
  return TRUE;
}

gint64
ax_chart_mut_count_of (AxMutation *m,
                       const char *sql,
                       const char *id)
{
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

static const char *
entry_id_at (JsonObject *args,
             guint       i,
             const char *mutator,
             GError    **error)
{
  JsonArray *ids = json_object_get_array_member (args, "entry_ids");

  if (ids == NULL || i >= json_array_get_length (ids)
      || !ax_uuid_is_valid (json_array_get_string_element (ids, i)))
    {
      ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                       _("%s: “entry_ids” must hold an id for each entry"), mutator);
      return NULL;
    }
  return json_array_get_string_element (ids, i);
}

static gboolean
insert_entry (AxMutation *m,
              const char *id,
              const char *chart_id,
              const char *kind,
              const char *area,
              const char *product_id,
              const char *lot_id,
              gboolean    has_units,
              gint64      units_milli,
              const char *unit,
              const char *technique,
              const char *body,
              gint64      sort_order,
              GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO chart_entries (id, clinic_id, created_at, updated_at, chart_id, kind, area, "
    "  product_id, lot_id, units_milli, unit, technique, body, sort_order) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, chart_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, area, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, lot_id, -1, SQLITE_STATIC);
  if (has_units)
    sqlite3_bind_int64 (stmt, 10, units_milli);
  else
    sqlite3_bind_null (stmt, 10);
  sqlite3_bind_text (stmt, 11, unit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, technique, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 14, sort_order);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), _("Writing the chart entry failed"), error);
  return TRUE;
}

static gboolean
insert_chart (AxMutation *m,
              const char *id,
              const char *patient_id,
              const char *appointment_id,
              const char *provider_id,
              const char *template_id,
              const char *amends_chart_id,
              gint64      visit_at,
              const char *notes,
              const char *aftercare,
              GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, appointment_id, "
    "  provider_id, template_id, status, amends_chart_id, visit_at, notes, aftercare) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, appointment_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, provider_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, template_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, amends_chart_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, visit_at);
  sqlite3_bind_text (stmt, 11, notes, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, aftercare, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      json_object_set_string_member (ax_mutation_get_result (m), "id", id);
      return TRUE;
    }
  if (sqlite3_extended_errcode (ax_db_get_handle (ax_mutation_get_db (m))) == SQLITE_CONSTRAINT_PRIMARYKEY)
    return ax_model_refuse (error, AX_MODEL_ERROR_DUPLICATE, _("A chart with the id %s already exists"), id);
  return ax_db_fail (ax_mutation_get_db (m), _("Writing the chart failed"), error);
}

/* chart.create */

static const AxArgSpec create_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "appointment_id", AX_ARG_UUID },
  { "template_id", AX_ARG_UUID },
  { "provider_id", AX_ARG_UUID },
  { "visit_at", AX_ARG_INSTANT },
  { "entry_ids", AX_ARG_ARRAY },
  { NULL }
};

static gboolean
create_prepare (AxMutation *m,
                JsonObject *args,
                GError    **error)
{
  const char *template_id = ax_chart_mut_string_arg (args, "template_id");

  ax_mutation_prepare_id (m, args, error);
  return prepare_entry_ids (args, template_id == NULL ? 0 :
                            ax_chart_mut_count_of (m, "SELECT json_array_length (areas_json) FROM chart_templates "
                                         " WHERE id = ? AND deleted_at IS NULL", template_id));
}

static gboolean
create_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *id = json_object_get_string_member (args, "id");
  const char *patient_id = json_object_get_string_member (args, "patient_id");
  const char *appointment_id = ax_chart_mut_string_arg (args, "appointment_id");
  const char *template_id = ax_chart_mut_string_arg (args, "template_id");
  g_autofree char *provider_id = g_strdup (ax_chart_mut_string_arg (args, "provider_id"));
  g_autofree char *areas_json = NULL;
  gint64 visit_at = json_object_has_member (args, "visit_at")
                    ? json_object_get_int_member (args, "visit_at") : 0;
  sqlite3_stmt *stmt;

  if (!ax_mutation_require_row (m, "patients", patient_id, _("patient"), error))
    return FALSE;

  if (appointment_id != NULL)
    {
      g_autofree char *appt_patient = NULL;
      g_autofree char *appt_provider = NULL;
      gint64 start = 0;
      gboolean found;

      stmt = ax_db_prepare (db, "SELECT patient_id, provider_id, start_at FROM appointments "
                                " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, appointment_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        {
          appt_patient = ax_db_column_dup (stmt, 0);
          appt_provider = ax_db_column_dup (stmt, 1);
          start = sqlite3_column_int64 (stmt, 2);
        }
      sqlite3_reset (stmt);
      if (!found)
        return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                                _("chart.create: “appointment_id”: there is no appointment %s"),
                                appointment_id);
      if (g_strcmp0 (appt_patient, patient_id) != 0)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("chart.create: “appointment_id”: that appointment is another patient's"));
      if (provider_id == NULL)
        provider_id = g_steal_pointer (&appt_provider);
      if (visit_at == 0)
        visit_at = start;
    }

  if (provider_id == NULL)
    {
      stmt = ax_db_prepare (db, "SELECT provider_id FROM users WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1,
                         SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        provider_id = ax_db_column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (provider_id == NULL)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("chart.create: “provider_id”: choose the provider who treats the patient "
                              "(your account is not linked to a provider)"));
  if (!ax_mutation_require_row (m, "providers", provider_id, _("provider"), error))
    return FALSE;
  if (visit_at == 0)
    visit_at = ax_mutation_get_now_ms (m);
  if (visit_at > ax_mutation_get_now_ms (m) + G_GINT64_CONSTANT (86400000))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("chart.create: “visit_at”: a chart is written for a visit that has taken "
                              "place, not one more than a day ahead"));

  if (template_id != NULL)
    {
      gboolean found;

      stmt = ax_db_prepare (db, "SELECT areas_json FROM chart_templates "
                                " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        areas_json = ax_db_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (!found)
        return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                                _("chart.create: “template_id”: there is no chart template %s"), template_id);
    }

  if (!insert_chart (m, id, patient_id, appointment_id, provider_id, template_id, NULL, visit_at,
                     NULL, NULL, error))
    return FALSE;

  if (areas_json != NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonArray *areas;

      if (!json_parser_load_from_data (parser, areas_json, -1, NULL)
          || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        return ax_model_refuse (error, AX_MODEL_ERROR_CORRUPT, _("The chart template's areas cannot be read"));
      areas = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (areas); i++)
        {
          JsonObject *o = json_array_get_object_element (areas, i);
          JsonNode *units = json_object_get_member (o, "default_units");
          gboolean has_units = units != NULL && JSON_NODE_HOLDS_VALUE (units);
          const char *entry_id = entry_id_at (args, i, "chart.create", error);

          if (entry_id == NULL
              || !insert_entry (m, entry_id, id, "treatment", ax_chart_mut_string_arg (o, "area"), NULL, NULL,
                                has_units, has_units ? (gint64) llround (json_node_get_double (units) * 1000) : 0,
                                ax_chart_mut_string_arg (o, "unit"), NULL, NULL, i, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* chart.update */

static const AxArgSpec update_args[] = {
  { "notes", AX_ARG_TEXT, FALSE, 0, 20000 },
  { "aftercare", AX_ARG_TEXT, FALSE, 0, 20000 },
  { "visit_at", AX_ARG_INSTANT },
  { NULL }
};

static gboolean
update_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  JsonObject *set = json_object_get_object_member (args, "set");

  if (!ax_chart_require_draft (m, json_object_get_string_member (args, "id"), error))
    return FALSE;
  if (json_object_has_member (set, "visit_at")
      && (json_object_get_null_member (set, "visit_at")
          || json_object_get_int_member (set, "visit_at") > ax_mutation_get_now_ms (m) + G_GINT64_CONSTANT (86400000)))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("chart.update: “visit_at”: the visit's time is needed, and not more than a "
                              "day ahead"));
  return ax_mutation_update_record (m, ax_mutators_lookup ("chart.update"), args, error);
}

/* chart.submit */

static gboolean
submit_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_auto (ChartState) s = { 0 };
  g_autoptr (AxChart) chart = NULL;

  if (!ax_chart_mut_read_state (m, id, &s, error))
    return FALSE;
  if (!ax_chart_status_can_transition (s.status, AX_CHART_NEEDS_SIGNOFF))
    return ax_chart_mut_refuse_not_draft (m, &s, error);
  chart = ax_chart_query (ax_mutation_get_db (m), id, error);
  if (chart == NULL)
    return FALSE;
  if (chart->entries->len == 0)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("Add at least one entry (what was done, or a note) before sending the "
                              "chart for sign-off"));
  /* The rules of each entry again, at the visit's day as it is now. */
  for (guint i = 0; i < chart->entries->len; i++)
    {
      AxChartEntry *e = chart->entries->pdata[i];

      if (e->has_units && e->product_id == NULL)
        return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                                _("The entry “%s” gives units but names no product; choose the product "
                                  "and its lot, or remove the entry"), e->area ? e->area : "");
      if (!ax_chart_mut_check_product_lot (m, "chart.submit", e->product_id, e->lot_id, s.visit_at, error))
        return FALSE;
    }
  if (!set_status (m, id, "status = 'needs_signoff', submitted_at = ?4", error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

/* chart.sign */

static const AxArgSpec sign_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "content_sha256", AX_ARG_STRING, TRUE, 0, 64 },
  { "meaning", AX_ARG_STRING, FALSE, 0, 200 },
  { "signature_id", AX_ARG_UUID },
  { NULL }
};

static gboolean
sign_prepare (AxMutation *m,
              JsonObject *args,
              GError    **error)
{
  if (!json_object_has_member (args, "signature_id"))
    {
      char id[AX_UUID_STRLEN];

      ax_uuid_v7 (id);
      json_object_set_string_member (args, "signature_id", id);
    }
  if (ax_chart_mut_string_arg (args, "meaning") == NULL)
    json_object_set_string_member (args, "meaning", _(DEFAULT_MEANING));
  return TRUE;
}

static gboolean
sign_run (AxMutation *m,
          JsonObject *args,
          GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  AxActor *actor = ax_mutation_get_actor (m);
  const char *id = json_object_get_string_member (args, "id");
  const char *shown = json_object_get_string_member (args, "content_sha256");
  const char *signature_id = json_object_get_string_member (args, "signature_id");
  g_autofree char *meaning = g_strstrip (g_strdup (json_object_get_string_member (args, "meaning")));
  g_autofree char *sha = NULL;
  g_autofree char *json = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  g_auto (ChartState) s = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!ax_chart_mut_read_state (m, id, &s, error))
    return FALSE;
  if (s.status == AX_CHART_MD_SIGNED)
    return ax_chart_mut_refuse_not_draft (m, &s, error);
  if (!ax_chart_status_can_transition (s.status, AX_CHART_MD_SIGNED))
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("This chart is still a draft; the provider sends it for sign-off first"));
  if (s.provider_user_id != NULL && g_strcmp0 (s.provider_user_id, ax_actor_get_user_id (actor)) == 0)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("You wrote this chart as its provider; another medical director signs it off"));

  json = ax_chart_content_read (db, id, &sha, error);
  if (json == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (sha, shown) != 0)
    return ax_model_refuse (error, AX_MODEL_ERROR_STALE,
                            _("The chart changed since you read it (its content hash is now %.12s…); "
                              "read it again before signing"), sha);

  stmt = ax_db_prepare (db,
    "INSERT INTO signatures (id, clinic_id, created_at, updated_at, subject_type, subject_id, "
    "  signer_user_id, signer_name, signed_at, meaning, content_sha256) "
    "VALUES (?, ?, ?, ?, 'chart', ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, signature_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ax_actor_get_user_id (actor), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, ax_actor_get_display_name (actor), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 9, meaning, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, sha, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Writing the signature failed"), error);

  stmt = ax_db_prepare (db, "UPDATE charts SET status = 'md_signed', signed_at = ?, "
                            "  signature_id = ?, content_sha256 = ?, updated_at = ? "
                            " WHERE id = ? AND clinic_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 2, signature_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, sha, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Signing the chart failed"), error);

  json_object_set_string_member (detail, "signature_id", signature_id);
  json_object_set_string_member (detail, "content_sha256", sha);
  json_object_set_string_member (detail, "meaning", meaning);
  json_object_set_string_member (detail, "patient_id", s.patient_id);
  if (!ax_mutation_audit (m, "chart.sign", "chart", id, detail, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  json_object_set_string_member (ax_mutation_get_result (m), "signature_id", signature_id);
  json_object_set_string_member (ax_mutation_get_result (m), "content_sha256", sha);
  return TRUE;
}

/* chart.return */

static const AxArgSpec return_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "reason", AX_ARG_STRING, TRUE, 0, 500 },
  { NULL }
};

static gboolean
return_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr (JsonObject) detail = json_object_new ();
  g_auto (ChartState) s = { 0 };

  if (!ax_chart_mut_read_state (m, id, &s, error))
    return FALSE;
  if (s.status == AX_CHART_MD_SIGNED)
    return ax_chart_mut_refuse_not_draft (m, &s, error);
  if (!ax_chart_status_can_transition (s.status, AX_CHART_DRAFT))
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE, _("This chart is already a draft"));
  if (!set_status (m, id, "status = 'draft', submitted_at = NULL", error))
    return FALSE;
  json_object_set_string_member (detail, "reason", json_object_get_string_member (args, "reason"));
  json_object_set_string_member (detail, "patient_id", s.patient_id);
  if (!ax_mutation_audit (m, "chart.return", "chart", id, detail, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

/* chart.amend */

static const AxArgSpec amend_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "new_id", AX_ARG_UUID },
  { "entry_ids", AX_ARG_ARRAY },
  { NULL }
};

static gboolean
amend_prepare (AxMutation *m,
               JsonObject *args,
               GError    **error)
{
  if (!json_object_has_member (args, "new_id"))
    {
      char id[AX_UUID_STRLEN];

      ax_uuid_v7 (id);
      json_object_set_string_member (args, "new_id", id);
    }
  return prepare_entry_ids (args, ax_chart_mut_count_of (m, "SELECT COUNT (*) FROM chart_entries "
                                                            " WHERE chart_id = ? AND deleted_at IS NULL",
                                                         json_object_get_string_member (args, "id")));
}

static gboolean
amend_run (AxMutation *m,
           JsonObject *args,
           GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *new_id = json_object_get_string_member (args, "new_id");
  g_auto (ChartState) s = { 0 };
  g_autoptr (AxChart) original = NULL;

  if (!ax_chart_mut_read_state (m, id, &s, error))
    return FALSE;
  if (s.status != AX_CHART_MD_SIGNED)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("Only a signed chart is amended; this one can still be changed itself"));
  if (ax_chart_mut_count_of (m, "SELECT COUNT (*) FROM charts WHERE amends_chart_id = ? "
                                "   AND deleted_at IS NULL AND status <> 'md_signed'", id) > 0)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("An amendment of this chart is already in progress; finish that one"));
  original = ax_chart_query (ax_mutation_get_db (m), id, error);
  if (original == NULL)
    return FALSE;
  if (!insert_chart (m, new_id, s.patient_id, s.appointment_id, s.provider_id, s.template_id, id,
                     s.visit_at, s.notes, s.aftercare, error))
    return FALSE;
  for (guint i = 0; i < original->entries->len; i++)
    {
      AxChartEntry *e = original->entries->pdata[i];
      const char *entry_id = entry_id_at (args, i, "chart.amend", error);

      if (entry_id == NULL
          || !insert_entry (m, entry_id, new_id, e->kind, e->area, e->product_id, e->lot_id,
                            e->has_units, e->units_milli, e->unit, e->technique, e->body,
                            e->sort_order, error))
        return FALSE;
    }
  /* The face charts too: the provider amends them rather than drawing again. */
  if (!ax_overlays_copy_to_chart (m, id, new_id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", new_id);
  json_object_set_string_member (ax_mutation_get_result (m), "amends_chart_id", id);
  return TRUE;
}

/* chart.open and chart.export: read audits */

static gboolean
read_audit (AxMutation *m,
            JsonObject *args,
            const char *action,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr (JsonObject) detail = json_object_new ();
  g_auto (ChartState) s = { 0 };

  if (!ax_chart_mut_read_state (m, id, &s, error))
    return FALSE;
  json_object_set_string_member (detail, "patient_id", s.patient_id);
  json_object_set_string_member (detail, "status", ax_chart_status_to_string (s.status));
  if (json_object_has_member (args, "format"))
    json_object_set_string_member (detail, "format", json_object_get_string_member (args, "format"));
  if (!ax_mutation_audit (m, action, "chart", id, detail, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static gboolean
open_run (AxMutation *m,
          JsonObject *args,
          GError    **error)
{
  return read_audit (m, args, "chart.view", error);
}

static const AxArgSpec export_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "format", AX_ARG_ENUM, TRUE, 0, 0, export_formats },
  { NULL }
};

static gboolean
export_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  return read_audit (m, args, "chart.export", error);
}

static const AxMutatorDef defs[] = {
  { "chart.create", AX_PERM_CLINICAL_EDIT, create_args, FALSE, create_prepare, create_run, NULL },
  { "chart.update", AX_PERM_CLINICAL_EDIT, update_args, TRUE, NULL, update_run, "charts" },
  { "chart.submit", AX_PERM_CLINICAL_EDIT, id_only_args, FALSE, NULL, submit_run, NULL },
  { "chart.sign", AX_PERM_CHART_SIGN, sign_args, FALSE, sign_prepare, sign_run, NULL },
  { "chart.return", AX_PERM_CHART_SIGN, return_args, FALSE, NULL, return_run, NULL },
  { "chart.amend", AX_PERM_CLINICAL_EDIT, amend_args, FALSE, amend_prepare, amend_run, NULL },
  { "chart.open", AX_PERM_CLINICAL_VIEW, id_only_args, FALSE, NULL, open_run, NULL },
  { "chart.export", AX_PERM_CLINICAL_VIEW, export_args, FALSE, NULL, export_run, NULL },
};

void
ax_charts_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
  ax_chart_template_register_mutators ();
  ax_chart_entry_register_mutators ();
}
