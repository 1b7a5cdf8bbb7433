/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-commissions-private.h"
#include "ax-model-error.h"
#include "ax-money.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#define MAX_TIERS 10

void
ax_commission_rule_free (AxCommissionRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->id);
  g_free (rule->provider_id);
  g_free (rule->provider_name);
  g_free (rule->category_id);
  g_free (rule->category_name);
  g_clear_pointer (&rule->tiers, g_array_unref);
  g_free (rule->tiers_json);
  g_free (rule);
}

void
ax_commission_report_row_free (AxCommissionReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->provider_id);
  g_free (row->provider_name);
  g_free (row);
}

void
ax_commission_stale_free (AxCommissionStale *stale)
{
  if (stale == NULL)
    return;
  g_free (stale->provider_id);
  g_free (stale->period);
  g_free (stale);
}

void
ax_commission_choice_free (AxCommissionChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->id);
  g_free (choice->name);
  g_free (choice);
}

void
ax_commission_rule_set_free (AxCommissionRuleSet *set)
{
  if (set == NULL)
    return;
  g_clear_pointer (&set->rules, g_ptr_array_unref);
  g_clear_pointer (&set->providers, g_ptr_array_unref);
  g_clear_pointer (&set->categories, g_ptr_array_unref);
  g_free (set);
}

void
ax_commission_entry_free (AxCommissionEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->log_id);
  g_free (entry->sale_line_id);
  g_free (entry->rule_id);
  g_free (entry);
}

void
ax_commission_plan_free (AxCommissionPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->provider_id);
  g_free (plan->provider_name);
  g_clear_pointer (&plan->reverse, g_ptr_array_unref);
  g_clear_pointer (&plan->live, g_ptr_array_unref);
  g_clear_pointer (&plan->write, g_ptr_array_unref);
  g_clear_pointer (&plan->n_rows, g_hash_table_unref);
  g_free (plan);
}

/* Tiers and periods */

static gboolean
tier_invalid (GError    **error,
              guint       n,
              const char *message)
{
  g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
               _("Tier %u: %s"), n, message);
  return FALSE;
}

GArray *
ax_commission_tiers_parse (JsonNode *tiers,
                           GError  **error)
{
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (AxCommissionTier));
  JsonArray *array;

  if (tiers == NULL || JSON_NODE_HOLDS_NULL (tiers))
    return g_steal_pointer (&out);
  if (!JSON_NODE_HOLDS_ARRAY (tiers))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("The tiers must be a list like [{\"above\": 10000000, \"rate_bp\": 1000}]"));
      return NULL;
    }
  array = json_node_get_array (tiers);
  if (json_array_get_length (array) > MAX_TIERS)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("A rule has at most %d tiers; this one has %u"), MAX_TIERS,
                   json_array_get_length (array));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *above = obj ? json_object_get_member (obj, "above") : NULL;
      JsonNode *rate = obj ? json_object_get_member (obj, "rate_bp") : NULL;
      AxCommissionTier t;

      if (obj == NULL || json_object_get_size (obj) != 2 || above == NULL || rate == NULL
          || json_node_get_value_type (above) != G_TYPE_INT64
          || json_node_get_value_type (rate) != G_TYPE_INT64)
        {
          tier_invalid (error, i + 1, _("a tier is {\"above\": <sales, in minor units>, "
                                        "\"rate_bp\": <rate in basis points>}"));
          return NULL;
        }
      t.above = json_node_get_int (above);
      if (t.above <= 0)
        {
          tier_invalid (error, i + 1, _("the sales it starts above must be more than 0"));
          return NULL;
        }
      if (json_node_get_int (rate) < 0 || json_node_get_int (rate) > 10000)
        {
          tier_invalid (error, i + 1, _("the rate must be from 0 % to 100 %"));
          return NULL;
        }
      t.rate_bp = (guint) json_node_get_int (rate);
      if (out->len > 0 && t.above <= g_array_index (out, AxCommissionTier, out->len - 1).above)
        {
          tier_invalid (error, i + 1, _("tiers must go up: each starts above more sales than "
                                        "the one before it"));
          return NULL;
        }
      g_array_append_val (out, t);
    }
  return g_steal_pointer (&out);
}

guint
ax_commission_rule_rate (guint         base_rate_bp,
                         const GArray *tiers,
                         gint64        volume)
{
  guint rate = base_rate_bp;

  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    if (volume > g_array_index (tiers, AxCommissionTier, i).above)
      rate = g_array_index (tiers, AxCommissionTier, i).rate_bp;
  return rate;
}

char *
ax_commission_period_of (gint64     at_ms,
                         GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at_ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_strdup_printf ("%04d-%02d", g_date_time_get_year (local), g_date_time_get_month (local));
}

gboolean
ax_commission_period_bounds (const char *period,
                             GTimeZone  *tz,
                             gint64     *start_ms,
                             gint64     *end_ms)
{
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  int year, month;

  if (period == NULL || strlen (period) != 7 || period[4] != '-')
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (period[i]))
      return FALSE;
  year = atoi (period);
  month = atoi (period + 5);
  if (year < 2000 || year > 2999 || month < 1 || month > 12)
    return FALSE;
  start = g_date_time_new (tz, year, month, 1, 0, 0, 0);
  end = g_date_time_add_months (start, 1);
  if (start == NULL || end == NULL)
    return FALSE;
  *start_ms = g_date_time_to_unix (start) * 1000;
  *end_ms = g_date_time_to_unix (end) * 1000;
  return TRUE;
}

/* Rules */

GPtrArray *
ax_commission_query_rules (AxDb       *db,
                           const char *clinic_id,
                           GError    **error)
{
  g_autoptr (GPtrArray) rules =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_rule_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT r.id, r.provider_id, p.name, r.category_id, c.name, r.base_rate_bp, r.tiers_json "
    "  FROM commission_rules r "
    "  LEFT JOIN providers p ON p.id = r.provider_id "
    "  LEFT JOIN service_categories c ON c.id = r.category_id "
    " WHERE r.clinic_id = ? AND r.deleted_at IS NULL "
    " ORDER BY (r.provider_id IS NOT NULL) * 2 + (r.category_id IS NOT NULL), "
    "          p.name COLLATE NOCASE, c.name COLLATE NOCASE, r.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxCommissionRule *r = g_new0 (AxCommissionRule, 1);
      g_autoptr (JsonNode) tiers = NULL;

      r->id = ax_db_column_dup (stmt, 0);
      r->provider_id = ax_db_column_dup (stmt, 1);
      r->provider_name = ax_db_column_dup (stmt, 2);
      r->category_id = ax_db_column_dup (stmt, 3);
      r->category_name = ax_db_column_dup (stmt, 4);
      r->base_rate_bp = (guint) sqlite3_column_int (stmt, 5);
      r->tiers_json = ax_db_column_dup_or_empty (stmt, 6);
      tiers = json_from_string (r->tiers_json, NULL);
      r->tiers = ax_commission_tiers_parse (tiers, NULL);
      if (r->tiers == NULL)   /* written past the mutators: no tiers rather than none of the rule */
        r->tiers = g_array_new (FALSE, FALSE, sizeof (AxCommissionTier));
      g_ptr_array_add (rules, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, "commission rules", error);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

GPtrArray *
ax_commission_query_choices (AxDb       *db,
                             const char *clinic_id,
                             gboolean    categories,
                             GError    **error)
{
  g_autoptr (GPtrArray) out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_choice_free);
  sqlite3_stmt *stmt = ax_db_prepare (db, categories
    ? "SELECT id, name FROM service_categories WHERE clinic_id = ? AND deleted_at IS NULL "
      " ORDER BY sort_order, name COLLATE NOCASE"
    : "SELECT id, name FROM providers WHERE clinic_id = ? AND deleted_at IS NULL AND active = 1 "
      " ORDER BY sort_order, name COLLATE NOCASE", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxCommissionChoice *c = g_new0 (AxCommissionChoice, 1);

      c->id = ax_db_column_dup (stmt, 0);
      c->name = ax_db_column_dup_or_empty (stmt, 1);
      g_ptr_array_add (out, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, "commission choices", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* The most specific live rule for a provider's line of a category:
 * provider and category, then provider, then category, then clinic-wide. */
static const AxCommissionRule *
pick_rule (GPtrArray  *rules,
           const char *provider_id,
           const char *category_id)
{
  const AxCommissionRule *best = NULL;
  int best_rank = -1;

  for (guint i = 0; i < rules->len; i++)
    {
      const AxCommissionRule *r = rules->pdata[i];
      int rank;

      if (r->provider_id != NULL && g_strcmp0 (r->provider_id, provider_id) != 0)
        continue;
      if (r->category_id != NULL && g_strcmp0 (r->category_id, category_id) != 0)
        continue;
      rank = (r->provider_id != NULL) * 2 + (r->category_id != NULL);
      if (rank > best_rank)
        {
          best = r;
          best_rank = rank;
        }
    }
  return best;
}

/* Planning */

typedef struct
{
  char   *sale_line_id;
  char   *category_id;
  gint64  share;
} LineShare;

static void
line_share_free (LineShare *l)
{
  g_free (l->sale_line_id);
  g_free (l->category_id);
  g_free (l);
}

typedef struct
{
  AxCommissionPlan *plan;
  GPtrArray        *lines;   /* LineShare */
} Work;

static void
work_free (Work *w)
{
  ax_commission_plan_free (w->plan);
  g_ptr_array_unref (w->lines);
  g_free (w);
}

static Work *
work_for (GHashTable *by_provider,
          const char *provider_id,
          const char *provider_name)
{
  Work *w = g_hash_table_lookup (by_provider, provider_id);

  if (w == NULL)
    {
      w = g_new0 (Work, 1);
      w->plan = g_new0 (AxCommissionPlan, 1);
      w->plan->provider_id = g_strdup (provider_id);
      w->plan->provider_name = g_strdup (provider_name ? provider_name : "");
      w->plan->live = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_entry_free);
      w->plan->reverse = g_ptr_array_new ();
      w->plan->write = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_entry_free);
      w->plan->n_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      w->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_share_free);
      g_hash_table_insert (by_provider, w->plan->provider_id, w);
    }
  return w;
}

/* Every provider's share of every sale line of the period: the line's amount
 * as charged (after line and receipt discounts) less what credit notes took
 * back of it, nothing for a voided sale; times the provider's split. */
static gboolean
load_lines (AxDb       *db,
            const char *clinic_id,
            gint64      start_ms,
            gint64      end_ms,
            const char *provider_id,
            GHashTable *by_provider,
            GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT p.provider_id, pr.name, l.id, l.category_id, "
    "       CASE WHEN s.status = 'voided' THEN 0 ELSE l.amount + coalesce ("
    "         (SELECT sum (r.amount) FROM sale_lines r JOIN sales c ON c.id = r.sale_id "
    "           WHERE r.refund_of_line_id = l.id AND r.deleted_at IS NULL "
    "             AND c.deleted_at IS NULL), 0) END, "
    "       p.split_bp "
    "  FROM sales s "
    "  JOIN sale_lines l ON l.sale_id = s.id "
    "  JOIN sale_line_providers p ON p.sale_line_id = l.id "
    "  JOIN providers pr ON pr.id = p.provider_id "
    " WHERE s.clinic_id = ?1 AND s.sold_at >= ?2 AND s.sold_at < ?3 AND s.kind = 'sale' "
    "   AND s.deleted_at IS NULL AND l.deleted_at IS NULL AND p.deleted_at IS NULL "
    "   AND (?4 IS NULL OR p.provider_id = ?4) "
    " ORDER BY s.sold_at, s.id, l.sort_order, l.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, start_ms);
  sqlite3_bind_int64 (stmt, 3, end_ms);
  sqlite3_bind_text (stmt, 4, provider_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Work *w = work_for (by_provider, (const char *) sqlite3_column_text (stmt, 0),
                          (const char *) sqlite3_column_text (stmt, 1));
      LineShare *l = g_new0 (LineShare, 1);
      gint64 net = sqlite3_column_int64 (stmt, 4);

      l->sale_line_id = ax_db_column_dup (stmt, 2);
      l->category_id = ax_db_column_dup (stmt, 3);
      l->share = ax_money_mul_div_round (MAX (net, 0), sqlite3_column_int64 (stmt, 5), 10000);
      w->plan->volume += l->share;
      g_ptr_array_add (w->lines, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "commission lines", error);
  return TRUE;
}

/* The log of the period: entries that stand are those that are not
 * reversals and have not been reversed. */
static gboolean
load_log (AxDb       *db,
          const char *clinic_id,
          const char *period,
          const char *provider_id,
          GHashTable *by_provider,
          GError    **error)
{
  g_autoptr (GHashTable) reversed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_entry_free);
  g_autoptr (GPtrArray) owners = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT g.id, g.sale_line_id, g.provider_id, pr.name, g.rule_id, g.base, g.rate_bp, g.amount, "
    "       g.reversal_of "
    "  FROM commission_log g JOIN providers pr ON pr.id = g.provider_id "
    " WHERE g.clinic_id = ?1 AND g.period = ?2 AND g.deleted_at IS NULL "
    "   AND (?3 IS NULL OR g.provider_id = ?3) "
    " ORDER BY g.computed_at, g.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, period, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, provider_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Work *w = work_for (by_provider, (const char *) sqlite3_column_text (stmt, 2),
                          (const char *) sqlite3_column_text (stmt, 3));
      const char *line = (const char *) sqlite3_column_text (stmt, 1);
      gpointer n = g_hash_table_lookup (w->plan->n_rows, line);
      AxCommissionEntry *e;

      g_hash_table_replace (w->plan->n_rows, g_strdup (line),
                            GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
      if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
        {
          g_hash_table_add (reversed, ax_db_column_dup (stmt, 8));
          continue;
        }
      e = g_new0 (AxCommissionEntry, 1);
      e->log_id = ax_db_column_dup (stmt, 0);
      e->sale_line_id = g_strdup (line);
      e->rule_id = ax_db_column_dup (stmt, 4);
      e->base = sqlite3_column_int64 (stmt, 5);
      e->rate_bp = (guint) sqlite3_column_int (stmt, 6);
      e->amount = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (entries, e);
      g_ptr_array_add (owners, g_strdup (w->plan->provider_id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "commission log", error);

  for (guint i = 0; i < entries->len; i++)
    {
      AxCommissionEntry *e = entries->pdata[i];
      Work *w;

      if (g_hash_table_contains (reversed, e->log_id))
        continue;
      w = g_hash_table_lookup (by_provider, owners->pdata[i]);
      g_ptr_array_add (w->plan->live, g_steal_pointer (&entries->pdata[i]));
    }
  return TRUE;
}

static gboolean
entry_equal (const AxCommissionEntry *a,
             const AxCommissionEntry *b)
{
  return a->base == b->base && a->rate_bp == b->rate_bp && a->amount == b->amount
         && g_strcmp0 (a->rule_id, b->rule_id) == 0;
}

/* What should stand against what stands: reverse what differs, write what
 * is missing. */
static void
plan_provider (Work      *w,
               GPtrArray *rules)
{
  AxCommissionPlan *plan = w->plan;
  g_autoptr (GHashTable) live_by_line = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                               (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GHashTable) kept = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < plan->live->len; i++)
    {
      AxCommissionEntry *e = plan->live->pdata[i];
      GPtrArray *list = g_hash_table_lookup (live_by_line, e->sale_line_id);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (live_by_line, e->sale_line_id, list);
        }
      g_ptr_array_add (list, e);
    }

  for (guint i = 0; i < w->lines->len; i++)
    {
      LineShare *l = w->lines->pdata[i];
      const AxCommissionRule *rule = pick_rule (rules, plan->provider_id, l->category_id);
      GPtrArray *live = g_hash_table_lookup (live_by_line, l->sale_line_id);
      AxCommissionEntry *want;

      if (rule == NULL || l->share == 0 || g_hash_table_contains (seen, l->sale_line_id))
        continue;
      g_hash_table_add (seen, l->sale_line_id);
      want = g_new0 (AxCommissionEntry, 1);
      want->sale_line_id = g_strdup (l->sale_line_id);
      want->rule_id = g_strdup (rule->id);
      want->base = l->share;
      want->rate_bp = ax_commission_rule_rate (rule->base_rate_bp, rule->tiers, plan->volume);
      want->amount = ax_money_mul_div_round (want->base, want->rate_bp, 10000);
      if (live != NULL && live->len == 1 && entry_equal (live->pdata[0], want))
        {
          g_hash_table_add (kept, live->pdata[0]);
          ax_commission_entry_free (want);
          continue;
        }
      g_ptr_array_add (plan->write, want);
    }
  for (guint i = 0; i < plan->live->len; i++)
    if (!g_hash_table_contains (kept, plan->live->pdata[i]))
      g_ptr_array_add (plan->reverse, plan->live->pdata[i]);
}

static int
compare_plans (gconstpointer a,
               gconstpointer b)
{
  const AxCommissionPlan *pa = *(AxCommissionPlan *const *) a;
  const AxCommissionPlan *pb = *(AxCommissionPlan *const *) b;
  int c = g_utf8_collate (pa->provider_name, pb->provider_name);

  return c != 0 ? c : strcmp (pa->provider_id, pb->provider_id);
}

GPtrArray *
ax_commission_plan (AxDb       *db,
                    const char *clinic_id,
                    GTimeZone  *tz,
                    const char *period,
                    const char *provider_id,
                    GError    **error)
{
  g_autoptr (GHashTable) by_provider = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                              (GDestroyNotify) work_free);
  g_autoptr (GPtrArray) rules = NULL;
  GPtrArray *plans;
  GHashTableIter iter;
  gpointer value;
  gint64 start_ms, end_ms;
  gboolean began = FALSE;
  gboolean ok;

  if (!ax_commission_period_bounds (period, tz, &start_ms, &end_ms))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("“%s” is not a month; write it like 2026-03"), period ? period : "");
      return NULL;
    }
  if (!ax_db_begin_read (db, &began, error))
    return NULL;
  rules = ax_commission_query_rules (db, clinic_id, error);
  ok = rules != NULL
       && load_lines (db, clinic_id, start_ms, end_ms, provider_id, by_provider, error)
       && load_log (db, clinic_id, period, provider_id, by_provider, error);
  ax_db_end_read (db, began);
  if (!ok)
    return NULL;

  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_plan_free);
  g_hash_table_iter_init (&iter, by_provider);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Work *w = value;

      plan_provider (w, rules);
      g_ptr_array_add (plans, g_steal_pointer (&w->plan));
      g_hash_table_iter_steal (&iter);
      g_ptr_array_unref (w->lines);
      g_free (w);
    }
  g_ptr_array_sort (plans, compare_plans);
  return plans;
}

/* The report */

GPtrArray *
ax_commission_query_report (AxDb       *db,
                            const char *clinic_id,
                            GTimeZone  *tz,
                            const char *period,
                            GError    **error)
{
  g_autoptr (GPtrArray) plans = ax_commission_plan (db, clinic_id, tz, period, NULL, error);
  GPtrArray *rows;

  if (plans == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_report_row_free);
  for (guint i = 0; i < plans->len; i++)
    {
      AxCommissionPlan *p = plans->pdata[i];
      AxCommissionReportRow *row = g_new0 (AxCommissionReportRow, 1);

      row->provider_id = g_strdup (p->provider_id);
      row->provider_name = g_strdup (p->provider_name);
      row->sales = p->volume;
      row->up_to_date = p->reverse->len == 0 && p->write->len == 0;
      for (guint j = 0; j < p->live->len; j++)
        {
          AxCommissionEntry *e = p->live->pdata[j];

          row->base += e->base;
          row->commission += e->amount;
          row->min_rate_bp = row->n_lines == 0 ? e->rate_bp : MIN (row->min_rate_bp, e->rate_bp);
          row->max_rate_bp = MAX (row->max_rate_bp, e->rate_bp);
          row->n_lines++;
        }
      if (row->sales == 0 && row->n_lines == 0)
        {
          ax_commission_report_row_free (row);
          continue;
        }
      g_ptr_array_add (rows, row);
    }
  return rows;
}

GPtrArray *
ax_commission_query_stale (AxDb              *db,
                           const char        *clinic_id,
                           GTimeZone         *tz,
                           const char *const *periods,
                           GError           **error)
{
  g_autoptr (GPtrArray) stale =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_stale_free);

  for (guint i = 0; periods != NULL && periods[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) plans = ax_commission_plan (db, clinic_id, tz, periods[i], NULL, error);

      if (plans == NULL)
        return NULL;
      for (guint j = 0; j < plans->len; j++)
        {
          AxCommissionPlan *p = plans->pdata[j];
          AxCommissionStale *s;

          if (p->reverse->len == 0 && p->write->len == 0)
            continue;
          s = g_new0 (AxCommissionStale, 1);
          s->provider_id = g_strdup (p->provider_id);
          s->period = g_strdup (periods[i]);
          g_ptr_array_add (stale, s);
        }
    }
  return g_steal_pointer (&stale);
}

/* Off the main thread */

typedef struct
{
  char    *clinic_id;
  char    *timezone;
  char    *period;
  GStrv    periods;
  gint64   since_ms;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->clinic_id);
  g_free (job->timezone);
  g_free (job->period);
  g_strfreev (job->periods);
  g_free (job);
}

static ReadJob *
read_job_new (AxStore *store)
{
  const AxClinicInfo *clinic = ax_store_get_clinic (store);
  ReadJob *job = g_new0 (ReadJob, 1);

  job->clinic_id = g_strdup (clinic ? clinic->id : "");
  job->timezone = g_strdup (clinic ? clinic->timezone : "UTC");
  return job;
}

static gpointer
report_read (AxDb     *db,
             gpointer  data,
             GError  **error)
{
  ReadJob *job = data;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (job->timezone);

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  return ax_commission_query_report (db, job->clinic_id, tz, job->period, error);
}

void
ax_commission_report_async (AxStore             *store,
                            const char          *period,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ReadJob *job = read_job_new (store);

  job->period = g_strdup (period);
  ax_store_read_async (store, report_read, job, (GDestroyNotify) read_job_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_commission_report_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_commission_report_finish (AxStore      *store,
                             GAsyncResult *result,
                             GError      **error)
{
  return ax_store_read_finish (store, result, ax_commission_report_async, error);
}

static gpointer
rules_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  ReadJob *job = data;
  g_autoptr (AxCommissionRuleSet) set = g_new0 (AxCommissionRuleSet, 1);
  gboolean began = FALSE;

  if (!ax_db_begin_read (db, &began, error))
    return NULL;
  set->rules = ax_commission_query_rules (db, job->clinic_id, error);
  if (set->rules != NULL)
    set->providers = ax_commission_query_choices (db, job->clinic_id, FALSE, error);
  if (set->providers != NULL)
    set->categories = ax_commission_query_choices (db, job->clinic_id, TRUE, error);
  ax_db_end_read (db, began);
  return set->categories != NULL ? g_steal_pointer (&set) : NULL;
}

void
ax_commission_rules_async (AxStore             *store,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ax_store_read_async (store, rules_read, read_job_new (store), (GDestroyNotify) read_job_free,
                       (GDestroyNotify) ax_commission_rule_set_free, ax_commission_rules_async,
                       cancellable, callback, user_data);
}

AxCommissionRuleSet *
ax_commission_rules_finish (AxStore      *store,
                            GAsyncResult *result,
                            GError      **error)
{
  return ax_store_read_finish (store, result, ax_commission_rules_async, error);
}

static gpointer
stale_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  ReadJob *job = data;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (job->timezone);
  g_autoptr (GPtrArray) periods = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  for (guint i = 0; job->periods != NULL && job->periods[i] != NULL; i++)
    g_ptr_array_add (periods, g_strdup (job->periods[i]));

  /* A refund counts in the period of the sale it refunds. */
  stmt = ax_db_prepare (db,
    "SELECT DISTINCT o.sold_at FROM sales c JOIN sales o ON o.id = c.refund_of_sale_id "
    " WHERE c.clinic_id = ? AND c.kind = 'credit_note' AND c.sold_at >= ? AND c.deleted_at IS NULL",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job->clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, job->since_ms);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *period = ax_commission_period_of (sqlite3_column_int64 (stmt, 0), tz);

      if (g_ptr_array_find_with_equal_func (periods, period, g_str_equal, NULL))
        g_free (period);
      else
        g_ptr_array_add (periods, period);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, "commission periods", error);
      return NULL;
    }
  g_ptr_array_add (periods, NULL);
  return ax_commission_query_stale (db, job->clinic_id, tz, (const char *const *) periods->pdata,
                                    error);
}

void
ax_commission_stale_async (AxStore             *store,
                           const char *const   *periods,
                           gint64               since_ms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ReadJob *job = read_job_new (store);

  job->periods = g_strdupv ((char **) periods);
  job->since_ms = since_ms;
  ax_store_read_async (store, stale_read, job, (GDestroyNotify) read_job_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_commission_stale_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_commission_stale_finish (AxStore      *store,
                            GAsyncResult *result,
                            GError      **error)
{
  return ax_store_read_finish (store, result, ax_commission_stale_async, error);
}
