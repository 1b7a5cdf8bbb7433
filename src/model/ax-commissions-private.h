/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-commissions.h"

G_BEGIN_DECLS

/* What commission.compute writes, worked out from the store as it is:
 * shared by the mutator (ax-commission-mutators.c) and the reads. */

/* One log entry: live (log_id set) or to be written (log_id NULL). */
typedef struct
{
  char   *log_id;
  char   *sale_line_id;
  char   *rule_id;
  gint64  base;
  guint   rate_bp;
  gint64  amount;
} AxCommissionEntry;

/* One provider's period. */
typedef struct
{
  char       *provider_id;
  char       *provider_name;
  gint64      volume;    /* the provider's sales in the period */
  GPtrArray  *live;      /* AxCommissionEntry: the log's entries that stand */
  GPtrArray  *reverse;   /* AxCommissionEntry (borrowed from live): to reverse */
  GPtrArray  *write;     /* AxCommissionEntry: to write */
  GHashTable *n_rows;    /* sale_line_id → rows the log holds for this provider */
} AxCommissionPlan;

void        ax_commission_entry_free (AxCommissionEntry *entry);
void        ax_commission_plan_free  (AxCommissionPlan  *plan);

/* The plans of every provider with sales or log entries in period (or of
 * provider_id alone when not NULL), by provider name. One snapshot. */
GPtrArray  *ax_commission_plan       (AxDb              *db,
                                      const char        *clinic_id,
                                      GTimeZone         *tz,
                                      const char        *period,
                                      const char        *provider_id,
                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCommissionPlan, ax_commission_plan_free)

G_END_DECLS
