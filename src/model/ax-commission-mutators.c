/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* commission_rule.create / .update / .deactivate (Owner) and
 * commission.compute (docs/commissions.md). */

#include "ax-commissions-private.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

static gboolean
fail (GError    **error,
      const char *mutator,
      int         code,
      const char *message)
{
  g_set_error (error, AX_MODEL_ERROR, code, "%s: %s", mutator, message);
  return FALSE;
}

static const char *
opt_string (JsonObject *obj,
            const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;
  const char *s;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  s = json_node_get_string (node);
  return s && *s ? s : NULL;
}

/* Rules */

static const AxArgSpec rule_args[] = {
  { "id", AX_ARG_UUID },
  { "provider_id", AX_ARG_UUID },
  { "category_id", AX_ARG_UUID },
  { "base_rate_bp", AX_ARG_INT, TRUE },
  { "tiers", AX_ARG_OBJECTS, FALSE, 0, 0, NULL, "tiers_json" },
  { NULL }
};

static const AxArgSpec rule_update_args[] = {
  { "provider_id", AX_ARG_UUID },
  { "category_id", AX_ARG_UUID },
  { "base_rate_bp", AX_ARG_INT },
  { "tiers", AX_ARG_OBJECTS, FALSE, 0, 0, NULL, "tiers_json" },
  { NULL }
};

/* Checks the tiers in obj and writes them back in their one stored form. */
static gboolean
normalize_tiers (const char *mutator,
                 JsonObject *obj,
                 GError    **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GArray) tiers = NULL;
  JsonArray *out;

  if (obj == NULL || !json_object_has_member (obj, "tiers"))
    return TRUE;
  tiers = ax_commission_tiers_parse (json_object_get_member (obj, "tiers"), &local);
  if (tiers == NULL)
    return fail (error, mutator, AX_MODEL_ERROR_INVALID_ARGS, local->message);
  out = json_array_new ();
  for (guint i = 0; i < tiers->len; i++)
    {
      JsonObject *t = json_object_new ();

      json_object_set_int_member (t, "above", g_array_index (tiers, AxCommissionTier, i).above);
      json_object_set_int_member (t, "rate_bp", g_array_index (tiers, AxCommissionTier, i).rate_bp);
      json_array_add_object_element (out, t);
    }
  json_object_set_array_member (obj, "tiers", out);
  return TRUE;
}

static gboolean
check_rate (const char *mutator,
            JsonObject *obj,
            GError    **error)
{
  gint64 rate;

  if (obj == NULL || !json_object_has_member (obj, "base_rate_bp"))
    return TRUE;
  if (json_object_get_null_member (obj, "base_rate_bp"))
    return fail (error, mutator, AX_MODEL_ERROR_INVALID_ARGS, _("the base rate is required"));
  rate = json_object_get_int_member (obj, "base_rate_bp");
  if (rate < 0 || rate > 10000)
    return fail (error, mutator, AX_MODEL_ERROR_INVALID_ARGS,
                 _("“base_rate_bp”: the base rate must be from 0 % to 100 % "
                   "(0 to 10000 basis points)"));
  return TRUE;
}

static gboolean
rule_create_prepare (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  return ax_mutation_prepare_id (m, args, error)
         && check_rate ("commission_rule.create", args, error)
         && normalize_tiers ("commission_rule.create", args, error);
}

static gboolean
rule_update_prepare (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  JsonObject *set = json_object_get_object_member (args, "set");

  return check_rate ("commission_rule.update", set, error)
         && normalize_tiers ("commission_rule.update", set, error);
}

/* Refuses a second live rule for the same provider and category (NULL
 * matches NULL: one clinic-wide rule). */
static gboolean
check_scope (AxMutation *m,
             const char *mutator,
             const char *id,
             const char *provider_id,
             const char *category_id,
             GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean taken;

  if (provider_id != NULL
      && !ax_mutation_require_row (m, "providers", provider_id, _("provider"), error))
    return FALSE;
  if (category_id != NULL
      && !ax_mutation_require_row (m, "service_categories", category_id, _("category"), error))
    return FALSE;
  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT 1 FROM commission_rules WHERE clinic_id = ? AND deleted_at IS NULL AND id <> ? "
    "   AND provider_id IS ? AND category_id IS ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, provider_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, category_id, -1, SQLITE_STATIC);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (taken)
    {
      const char *message;

      if (provider_id == NULL && category_id == NULL)
        message = _("there is already a clinic-wide rule; edit it instead of adding another");
      else if (category_id == NULL)
        message = _("this provider already has a rule for every category; edit it instead of "
                    "adding another");
      else if (provider_id == NULL)
        message = _("this category already has a rule for every provider; edit it instead of "
                    "adding another");
      else
        message = _("this provider already has a rule for this category; edit it instead of "
                    "adding another");
      return fail (error, mutator, AX_MODEL_ERROR_DUPLICATE, message);
    }
  return TRUE;
}

static gboolean
audit_rule (AxMutation *m,
            const char *action,
            const char *id,
            JsonObject *values,
            GError    **error)
{
  g_autoptr (JsonObject) detail = json_object_new ();

  if (values != NULL)
    {
      g_autoptr (GList) members = json_object_get_members (values);

      for (GList *l = members; l; l = l->next)
        if (!g_str_equal (l->data, "id"))
          json_object_set_member (detail, l->data,
                                  json_node_copy (json_object_get_member (values, l->data)));
    }
  return ax_mutation_audit (m, action, "commission_rule", id, detail, error);
}

static gboolean
rule_create_run (AxMutation *m,
                 JsonObject *args,
                 GError    **error)
{
  const AxMutatorDef *def = ax_mutators_lookup ("commission_rule.create");
  const char *id = json_object_get_string_member (args, "id");

  return check_scope (m, def->name, id, opt_string (args, "provider_id"),
                      opt_string (args, "category_id"), error)
         && ax_mutation_insert_record (m, def, args, error)
         && audit_rule (m, def->name, id, args, error);
}

static gboolean
rule_update_run (AxMutation *m,
                 JsonObject *args,
                 GError    **error)
{
  const AxMutatorDef *def = ax_mutators_lookup ("commission_rule.update");
  const char *id = json_object_get_string_member (args, "id");
  JsonObject *set = json_object_get_object_member (args, "set");
  g_autofree char *provider_id = NULL;
  g_autofree char *category_id = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT provider_id, category_id FROM commission_rules "
    " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      provider_id = ax_db_column_dup (stmt, 0);
      category_id = ax_db_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (!found)
    return fail (error, def->name, AX_MODEL_ERROR_NOT_FOUND,
                 _("there is no such rule (it may have been deactivated); reload the rules"));
  if (json_object_has_member (set, "provider_id"))
    {
      g_free (provider_id);
      provider_id = g_strdup (opt_string (set, "provider_id"));
    }
  if (json_object_has_member (set, "category_id"))
    {
      g_free (category_id);
      category_id = g_strdup (opt_string (set, "category_id"));
    }
  return check_scope (m, def->name, id, provider_id, category_id, error)
         && ax_mutation_update_record (m, def, args, error)
         && audit_rule (m, def->name, id, set, error);
}

static const AxArgSpec rule_deactivate_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

static gboolean
rule_deactivate_run (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");

  if (!ax_mutation_require_row (m, "commission_rules", id, _("commission rule"), error)
      || !ax_mutation_soft_delete (m, "commission_rules", id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return audit_rule (m, "commission_rule.deactivate", id, NULL, error);
}

/* Computing */

static const AxArgSpec compute_args[] = {
  { "period", AX_ARG_STRING, FALSE, 0, 7 },
  { "provider_id", AX_ARG_UUID },
  { "sale_id", AX_ARG_UUID },
  { NULL }
};

static gboolean
insert_entry (AxMutation              *m,
              AxCommissionPlan        *plan,
              const char              *period,
              const AxCommissionEntry *e,
              gboolean                 reversal,
              GError                 **error)
{
  g_autofree char *parent = g_strdup_printf ("%s/%s/commission", e->sale_line_id,
                                             plan->provider_id);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (plan->n_rows, e->sale_line_id));
  AxDb *db = ax_mutation_get_db (m);
  char id[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;
  int rc;

  /* Derived from the line, the provider and the rows before it: a replay
   * on another store writes the very same rows. */
  ax_uuid_derive (parent, n, id);
  g_hash_table_replace (plan->n_rows, g_strdup (e->sale_line_id), GUINT_TO_POINTER (n + 1));
  stmt = ax_db_prepare (db,
    "INSERT INTO commission_log (id, clinic_id, created_at, updated_at, sale_line_id, provider_id, "
    "                            rule_id, period, base, rate_bp, amount, reversal_of, computed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, e->sale_line_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, plan->provider_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, e->rule_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, period, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, reversal ? -e->base : e->base);
  sqlite3_bind_int (stmt, 10, (int) e->rate_bp);
  sqlite3_bind_int64 (stmt, 11, reversal ? -e->amount : e->amount);
  sqlite3_bind_text (stmt, 12, reversal ? e->log_id : NULL, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "commission.compute", error);
  return TRUE;
}

/* Brings one period's log (of one provider, or of all) to what the rules
 * give now. Adds to the counts in the result. */
static gboolean
compute_period (AxMutation *m,
                const char *period,
                const char *provider_id,
                gint64     *n_written,
                gint64     *n_reversed,
                JsonArray  *touched,
                GError    **error)
{
  g_autoptr (GPtrArray) plans = NULL;
  g_autoptr (GError) local = NULL;

  plans = ax_commission_plan (ax_mutation_get_db (m), ax_mutation_get_clinic_id (m),
                              ax_store_get_timezone (ax_mutation_get_store (m)), period,
                              provider_id, &local);
  if (plans == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "commission.compute: ");
      return FALSE;
    }
  for (guint i = 0; i < plans->len; i++)
    {
      AxCommissionPlan *plan = plans->pdata[i];

      for (guint j = 0; j < plan->reverse->len; j++)
        if (!insert_entry (m, plan, period, plan->reverse->pdata[j], TRUE, error))
          return FALSE;
      for (guint j = 0; j < plan->write->len; j++)
        if (!insert_entry (m, plan, period, plan->write->pdata[j], FALSE, error))
          return FALSE;
      *n_reversed += plan->reverse->len;
      *n_written += plan->write->len;
      if (plan->reverse->len + plan->write->len > 0)
        {
          JsonObject *t = json_object_new ();

          json_object_set_string_member (t, "provider_id", plan->provider_id);
          json_object_set_string_member (t, "period", period);
          json_array_add_object_element (touched, t);
        }
    }
  return TRUE;
}

/* The period and the providers of a sale (of the sale a credit note refunds). */
static gboolean
sale_scope (AxMutation *m,
            const char *sale_id,
            char      **period,
            GPtrArray  *providers,
            GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT o.id, o.sold_at FROM sales s "
    "  JOIN sales o ON o.id = coalesce (s.refund_of_sale_id, s.id) "
    " WHERE s.id = ? AND s.clinic_id = ? AND s.deleted_at IS NULL", error);
  g_autofree char *original = NULL;
  gint64 sold_at = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sale_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      original = ax_db_column_dup (stmt, 0);
      sold_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (original == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("commission.compute: there is no sale with id %s"), sale_id);
      return FALSE;
    }
  *period = ax_commission_period_of (sold_at, ax_store_get_timezone (ax_mutation_get_store (m)));
  stmt = ax_db_prepare (db,
    "SELECT DISTINCT p.provider_id FROM sale_lines l "
    "  JOIN sale_line_providers p ON p.sale_line_id = l.id "
    " WHERE l.sale_id = ? AND l.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, original, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (providers, ax_db_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "commission.compute", error);
  return TRUE;
}

static gboolean
compute_run (AxMutation *m,
             JsonObject *args,
             GError    **error)
{
  const char *sale_id = opt_string (args, "sale_id");
  const char *provider_id = opt_string (args, "provider_id");
  g_autofree char *period = g_strdup (opt_string (args, "period"));
  g_autoptr (GPtrArray) providers = g_ptr_array_new_with_free_func (g_free);
  JsonObject *result = ax_mutation_get_result (m);
  JsonArray *touched = json_array_new ();
  gint64 n_written = 0, n_reversed = 0;
  gint64 start_ms, end_ms;
  gboolean ok = TRUE;

  json_object_set_array_member (result, "touched", touched);
  if (sale_id != NULL && (period != NULL || provider_id != NULL))
    return fail (error, "commission.compute", AX_MODEL_ERROR_INVALID_ARGS,
                 _("give a sale, or a month (and a provider), not both"));
  if (sale_id == NULL && period == NULL)
    return fail (error, "commission.compute", AX_MODEL_ERROR_INVALID_ARGS,
                 _("give the month to compute (“period”: \"2026-03\") or a sale "
                   "(“sale_id”)"));
  if (period != NULL
      && !ax_commission_period_bounds (period, ax_store_get_timezone (ax_mutation_get_store (m)),
                                       &start_ms, &end_ms))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("commission.compute: “period” must be a month like 2026-03, not “%s”"),
                   period);
      return FALSE;
    }
  if (provider_id != NULL
      && !ax_mutation_require_row (m, "providers", provider_id, _("provider"), error))
    return FALSE;

  if (sale_id != NULL)
    {
      g_clear_pointer (&period, g_free);
      if (!sale_scope (m, sale_id, &period, providers, error))
        return FALSE;
      for (guint i = 0; ok && i < providers->len; i++)
        ok = compute_period (m, period, providers->pdata[i], &n_written, &n_reversed, touched,
                             error);
    }
  else
    ok = compute_period (m, period, provider_id, &n_written, &n_reversed, touched, error);
  if (!ok)
    return FALSE;

  json_object_set_string_member (result, "period", period);
  json_object_set_int_member (result, "written", n_written);
  json_object_set_int_member (result, "reversed", n_reversed);
  /* Nothing changed: no outbox entry, no changed signal worth a reload. */
  if (n_written == 0 && n_reversed == 0)
    ax_mutation_set_noop (m);
  return TRUE;
}

static const AxMutatorDef commission_mutators[] = {
  { "commission_rule.create", AX_PERM_COMMISSION_RULES, rule_args, FALSE, rule_create_prepare,
    rule_create_run, "commission_rules" },
  { "commission_rule.update", AX_PERM_COMMISSION_RULES, rule_update_args, TRUE, rule_update_prepare,
    rule_update_run, "commission_rules" },
  { "commission_rule.deactivate", AX_PERM_COMMISSION_RULES, rule_deactivate_args, FALSE, NULL,
    rule_deactivate_run, "commission_rules" },
  /* Run after a sale by whoever made it (the till's Billing user). */
  { "commission.compute", AX_PERM_POS_SELL, compute_args, FALSE, NULL, compute_run, NULL },
};

void
ax_commissions_register_mutators (void)
{
  ax_mutators_register (commission_mutators, G_N_ELEMENTS (commission_mutators));
}
