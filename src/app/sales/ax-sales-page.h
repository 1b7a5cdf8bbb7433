/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_SALES_PAGE (ax_sales_page_get_type ())
G_DECLARE_FINAL_TYPE (AxSalesPage, ax_sales_page, AX, SALES_PAGE, GtkWidget)

/* The Sales page (pos.sell: Owner, Billing; docs/receipts.md): this
 * terminal's sales and credit notes of a day (today unless another is
 * picked) with number, time, patient, total, tenders and status; the chosen
 * one's lines and payments, and Reprint Receipt, Tax Invoice (through the
 * window's sale.print), Void… (a reason; Billing names an Owner who types
 * their password), Refund… (quantities per line, to the original tenders);
 * Close Day… (the cash count, then the Z report) and Z Report. */
GtkWidget  *ax_sales_page_new          (AxContext   *context);
void        ax_sales_page_reload       (AxSalesPage *self);
/* "YYYY-MM-DD" in the clinic's time zone. */
void        ax_sales_page_set_date     (AxSalesPage *self,
                                        const char  *date);
const char *ax_sales_page_get_date     (AxSalesPage *self);
/* For tests: rows shown, whether a read is running, choosing a sale, and
 * the dialog the page has open (NULL when none). */
guint       ax_sales_page_get_n_sales  (AxSalesPage *self);
gboolean    ax_sales_page_is_loading   (AxSalesPage *self);
gboolean    ax_sales_page_select       (AxSalesPage *self,
                                        const char  *sale_id);
GtkWindow  *ax_sales_page_get_dialog   (AxSalesPage *self);

G_END_DECLS
