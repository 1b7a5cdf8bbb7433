/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Commissions (docs/commissions.md). The rules are edited with
 * commission_rule.create / .update / .deactivate (Owner); the log is written
 * by commission.compute, which the app runs after a sale, a refund or a void
 * (AxCommissionWorker). */

typedef struct
{
  gint64 above;     /* the rate applies when the provider's sales in the period exceed this */
  guint  rate_bp;
} AxCommissionTier;

typedef struct
{
  char   *id;
  char   *provider_id;     /* NULL: every provider */
  char   *provider_name;   /* NULL with provider_id */
  char   *category_id;     /* NULL: every category */
  char   *category_name;
  guint   base_rate_bp;
  GArray *tiers;           /* of AxCommissionTier, ascending */
  char   *tiers_json;      /* as stored: what an update sends back in "from" */
} AxCommissionRule;

/* A provider or a category a rule may name. */
typedef struct
{
  char *id;
  char *name;
} AxCommissionChoice;

/* What the rules editor shows: the rules, and what a rule may name. */
typedef struct
{
  GPtrArray *rules;        /* AxCommissionRule */
  GPtrArray *providers;    /* AxCommissionChoice: active providers, by name */
  GPtrArray *categories;   /* AxCommissionChoice: live categories, in their order */
} AxCommissionRuleSet;

/* One provider's month. */
typedef struct
{
  char    *provider_id;
  char    *provider_name;
  gint64   sales;          /* their shares of their lines, net of refunds and voids */
  gint64   base;           /* the part of sales a rule pays on (the log's live entries) */
  gint64   commission;     /* the log's live entries */
  guint    min_rate_bp;    /* the rates of the live entries (equal when one rate applies) */
  guint    max_rate_bp;
  guint    n_lines;        /* live entries */
  gboolean up_to_date;     /* commission.compute would write nothing */
} AxCommissionReportRow;

/* A provider's period whose log is not what the rules give now. */
typedef struct
{
  char *provider_id;
  char *period;
} AxCommissionStale;

void       ax_commission_rule_free        (AxCommissionRule      *rule);
void       ax_commission_stale_free       (AxCommissionStale     *stale);
void       ax_commission_choice_free      (AxCommissionChoice    *choice);
void       ax_commission_rule_set_free    (AxCommissionRuleSet   *set);
void       ax_commission_report_row_free  (AxCommissionReportRow *row);

/* Parses and checks tiers ([{"above": N, "rate_bp": R}, …]: above > 0 and
 * strictly ascending, rates 0 … 10000). Returns an array of AxCommissionTier,
 * or NULL with a message naming the tier (AX_MODEL_ERROR_INVALID_ARGS). */
GArray    *ax_commission_tiers_parse      (JsonNode              *tiers,
                                           GError               **error);
/* The rate a rule gives for sales of volume in its period. */
guint      ax_commission_rule_rate        (guint                  base_rate_bp,
                                           const GArray          *tiers,
                                           gint64                 volume);

/* "YYYY-MM" of an instant in tz; the instants a period spans, [start, end). */
char      *ax_commission_period_of        (gint64                 at_ms,
                                           GTimeZone             *tz);
gboolean   ax_commission_period_bounds    (const char            *period,
                                           GTimeZone             *tz,
                                           gint64                *start_ms,
                                           gint64                *end_ms);

/* Live rules, most general first (clinic-wide, by category, by provider,
 * by provider and category), then by name. */
GPtrArray *ax_commission_query_rules      (AxDb                  *db,
                                           const char            *clinic_id,
                                           GError               **error);
GPtrArray *ax_commission_query_choices    (AxDb                  *db,
                                           const char            *clinic_id,
                                           gboolean               categories,
                                           GError               **error);
/* One row per provider with sales or commission in period, by name. */
GPtrArray *ax_commission_query_report     (AxDb                  *db,
                                           const char            *clinic_id,
                                           GTimeZone             *tz,
                                           const char            *period,
                                           GError               **error);
/* The providers' periods whose log is not what the rules give now, among
 * periods (NULL-terminated): an array of AxCommissionStale, possibly empty. */
GPtrArray *ax_commission_query_stale      (AxDb                  *db,
                                           const char            *clinic_id,
                                           GTimeZone             *tz,
                                           const char *const     *periods,
                                           GError               **error);

/* The same queries off the main thread (the report and the stale periods:
 * GPtrArray; the rules: AxCommissionRuleSet). */
void       ax_commission_report_async     (AxStore               *store,
                                           const char            *period,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
GPtrArray *ax_commission_report_finish    (AxStore               *store,
                                           GAsyncResult          *result,
                                           GError               **error);
void       ax_commission_rules_async      (AxStore               *store,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
AxCommissionRuleSet *ax_commission_rules_finish (AxStore               *store,
                                           GAsyncResult          *result,
                                           GError               **error);
/* Periods to look at: periods, plus those of the sales that credit notes
 * made since since_ms refund. */
void       ax_commission_stale_async      (AxStore               *store,
                                           const char *const     *periods,
                                           gint64                 since_ms,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
GPtrArray *ax_commission_stale_finish     (AxStore               *store,
                                           GAsyncResult          *result,
                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCommissionRule, ax_commission_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCommissionReportRow, ax_commission_report_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCommissionStale, ax_commission_stale_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCommissionRuleSet, ax_commission_rule_set_free)

G_END_DECLS
