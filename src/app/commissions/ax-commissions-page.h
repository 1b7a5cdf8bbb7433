/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_COMMISSIONS_PAGE (ax_commissions_page_get_type ())
G_DECLARE_FINAL_TYPE (AxCommissionsPage, ax_commissions_page, AX, COMMISSIONS_PAGE, GtkWidget)

/* The Commissions page (Owner: commission rules): the rules, with Add,
 * Edit and Deactivate (ax-commission-rule-dialog.h), and each provider's
 * month (sales, the part a rule pays on, the rate, the commission) read on
 * a worker thread (ax_commission_report_async); the month is chosen with
 * the arrows beside it. It reloads when a sale, a rule or the log changes. */
GtkWidget  *ax_commissions_page_new              (AxContext         *context);
void        ax_commissions_page_reload           (AxCommissionsPage *self);
/* The month shown ("2026-03"); setting it loads that month's report. */
const char *ax_commissions_page_get_period       (AxCommissionsPage *self);
void        ax_commissions_page_set_period       (AxCommissionsPage *self,
                                                  const char        *period);
/* For tests: TRUE while a read is under way; what the lists show. */
gboolean    ax_commissions_page_is_loading       (AxCommissionsPage *self);
guint       ax_commissions_page_get_n_rules      (AxCommissionsPage *self);
guint       ax_commissions_page_get_n_providers  (AxCommissionsPage *self);
GtkWidget  *ax_commissions_page_get_compute_button (AxCommissionsPage *self);

G_END_DECLS
