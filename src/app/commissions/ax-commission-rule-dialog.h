/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-commissions.h"

G_BEGIN_DECLS

/* The rule editor: who (a provider or all), what (a category or all), the
 * base rate in percent and tier rows (sales above, rate). Saves with
 * commission_rule.create, or .update with the values it opened with as
 * "from"; a refusal shows under its field. Returns the dialog, presented. */
GtkWindow *ax_commission_rule_dialog_open     (GtkWidget                 *parent,
                                               AxContext                 *context,
                                               const AxCommissionRuleSet *set,
                                               const AxCommissionRule    *rule);

/* Pure helpers, also for tests. */

/* 500 → "5 %", 750 → "7.5 %", 1234 → "12.34 %". */
char      *ax_commission_text_percent         (guint                      bp);
/* "5", "7.5", "7,5", "12.34 %" → basis points; FALSE unless 0 … 100 with
 * at most two decimals. */
gboolean   ax_commission_text_parse_percent   (const char                *text,
                                               guint                     *bp);
/* "5 %; 10 % above ฿100,000.00" */
char      *ax_commission_text_rates           (const AxCommissionRule    *rule,
                                               const char                *currency);
/* "Dr Lee · Injectables", "All providers · All categories" */
char      *ax_commission_text_scope           (const AxCommissionRule    *rule);

G_END_DECLS
