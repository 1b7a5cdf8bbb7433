/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* chart_entry.add, .update, .remove: the entries of a draft chart, with
 * the product and lot rules (docs/charts.md). */

#include "ax-chart-mutators-private.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

#define MAX_UNITS_MILLI (G_GINT64_CONSTANT (1000000) * 1000)

static const char *const entry_kinds[] = { "treatment", "note", NULL };

static const AxArgSpec id_only_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

/* chart_entry.add, .update, .remove */

static const AxArgSpec entry_args[] = {
  { "id", AX_ARG_UUID },
  { "chart_id", AX_ARG_UUID, TRUE },
  { "kind", AX_ARG_ENUM, FALSE, 0, 0, entry_kinds },
  { "area", AX_ARG_STRING, FALSE, 0, 100 },
  { "product_id", AX_ARG_UUID },
  { "lot_id", AX_ARG_UUID },
  { "units_milli", AX_ARG_INT, FALSE, 1, MAX_UNITS_MILLI },
  { "unit", AX_ARG_STRING, FALSE, 0, 20 },
  { "technique", AX_ARG_STRING, FALSE, 0, 200 },
  { "body", AX_ARG_TEXT, FALSE, 0, 20000 },
  { "sort_order", AX_ARG_INT, FALSE, 0, 100000 },
  { NULL }
};

static const AxArgSpec entry_update_args[] = {
  { "area", AX_ARG_STRING, FALSE, 0, 100 },
  { "product_id", AX_ARG_UUID },
  { "lot_id", AX_ARG_UUID },
  { "units_milli", AX_ARG_INT, FALSE, 1, MAX_UNITS_MILLI },
  { "unit", AX_ARG_STRING, FALSE, 0, 20 },
  { "technique", AX_ARG_STRING, FALSE, 0, 200 },
  { "body", AX_ARG_TEXT, FALSE, 0, 20000 },
  { "sort_order", AX_ARG_INT, FALSE, 0, 100000 },
  { NULL }
};

static gboolean
entry_add_run (AxMutation *m,
               JsonObject *args,
               GError    **error)
{
  const char *chart_id = json_object_get_string_member (args, "chart_id");
  g_auto (ChartState) s = { 0 };

  if (!ax_chart_mut_read_state (m, chart_id, &s, error))
    return FALSE;
  if (!ax_chart_status_is_editable (s.status))
    return ax_chart_mut_refuse_not_draft (m, &s, error);
  if (ax_chart_mut_string_arg (args, "area") == NULL && ax_chart_mut_string_arg (args, "product_id") == NULL
                   && ax_chart_mut_string_arg (args, "body") == NULL)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("chart_entry.add: “area”: say where the treatment was given, which product "
                              "was used, or write a note"));
  if (!ax_stock_resolve_lot_member (m, args, "lot_id", error))
    return FALSE;
  if (!ax_chart_mut_check_product_lot (m, "chart_entry.add", ax_chart_mut_string_arg (args, "product_id"),
                                       ax_chart_mut_string_arg (args, "lot_id"), s.visit_at, error))
    return FALSE;
  if (!json_object_has_member (args, "kind"))
    json_object_set_string_member (args, "kind", "treatment");
  if (!json_object_has_member (args, "sort_order"))
    json_object_set_int_member (args, "sort_order",
                                ax_chart_mut_count_of (m, "SELECT coalesce (MAX (sort_order) + 1, 0) "
                                             "  FROM chart_entries WHERE chart_id = ? "
                                             "   AND deleted_at IS NULL", chart_id));
  return ax_mutation_insert_record (m, ax_mutators_lookup ("chart_entry.add"), args, error);
}

/* The chart of a live entry. */
static char *
chart_of_entry (AxMutation *m,
                const char *entry_id,
                const char *mutator,
                char      **product_id,
                char      **lot_id,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT chart_id, product_id, lot_id FROM chart_entries "
    " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  char *chart_id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entry_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      chart_id = ax_db_column_dup (stmt, 0);
      if (product_id)
        *product_id = ax_db_column_dup (stmt, 1);
      if (lot_id)
        *lot_id = ax_db_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (chart_id == NULL)
    ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                     _("%s: there is no chart entry %s (it may have been removed)"), mutator, entry_id);
  return chart_id;
}

static gboolean
entry_update_run (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  JsonObject *set = json_object_get_object_member (args, "set");
  g_autofree char *product_id = NULL;
  g_autofree char *lot_id = NULL;
  g_autofree char *chart_id = chart_of_entry (m, id, "chart_entry.update", &product_id, &lot_id,
                                              error);
  g_auto (ChartState) s = { 0 };

  if (chart_id == NULL || !ax_chart_mut_read_state (m, chart_id, &s, error))
    return FALSE;
  if (!ax_chart_status_is_editable (s.status))
    return ax_chart_mut_refuse_not_draft (m, &s, error);
  if (json_object_has_member (set, "product_id"))
    {
      g_free (product_id);
      product_id = g_strdup (ax_chart_mut_string_arg (set, "product_id"));
    }
  if (json_object_has_member (set, "lot_id"))
    {
      if (!ax_stock_resolve_lot_member (m, set, "lot_id", error))
        return FALSE;
      g_free (lot_id);
      lot_id = g_strdup (ax_chart_mut_string_arg (set, "lot_id"));
    }
  if (!ax_chart_mut_check_product_lot (m, "chart_entry.update", product_id, lot_id, s.visit_at, error))
    return FALSE;
  return ax_mutation_update_record (m, ax_mutators_lookup ("chart_entry.update"), args, error);
}

static gboolean
entry_remove_run (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autofree char *chart_id = chart_of_entry (m, id, "chart_entry.remove", NULL, NULL, error);

  if (chart_id == NULL || !ax_chart_require_draft (m, chart_id, error)
      || !ax_mutation_soft_delete (m, "chart_entries", id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "chart_entry.add", AX_PERM_CLINICAL_EDIT, entry_args, FALSE, ax_mutation_prepare_id,
    entry_add_run, "chart_entries" },
  { "chart_entry.update", AX_PERM_CLINICAL_EDIT, entry_update_args, TRUE, NULL, entry_update_run,
    "chart_entries" },
  { "chart_entry.remove", AX_PERM_CLINICAL_EDIT, id_only_args, FALSE, NULL, entry_remove_run,
    NULL },
};

void
ax_chart_entry_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
