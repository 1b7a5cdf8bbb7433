/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the Sales page (ax-sales-page.c) and its dialogs
 * (ax-sales-page-dialogs.c) share. */

#include <adwaita.h>

#include "ax-sales-page.h"
#include "ax-day-close.h"
#include "ax-receipts.h"

#include "widgets/ax-unsynced-marks.h"

G_BEGIN_DECLS

struct _AxSalesPage
{
  GtkWidget      parent_instance;

  AxContext     *context;
  GCancellable  *cancellable;
  char          *date;
  AxSalesDay    *day;
  char          *selected_id;
  gboolean       loading;
  gboolean       rebuilding;    /* the list is being refilled */
  GtkWindow     *dialog;        /* weak */
  AxUnsyncedMarks *unsynced;    /* sales not yet synced */

  AdwToastOverlay *toasts;
  GtkMenuButton *date_button;
  GtkCalendar   *calendar;
  GtkLabel      *summary_label;
  GtkStack      *list_stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkListBox    *sales_list;
  GtkStack      *detail_stack;
  GtkLabel      *detail_title;
  GtkLabel      *detail_subtitle;
  GtkListBox    *lines_list;
  GtkLabel      *detail_totals;
  GtkLabel      *detail_payments;
};

/* The clinic's local date now, YYYY-MM-DD. */
char      *ax_sales_page_today         (AxSalesPage *self);
/* The chosen sale, or NULL. */
AxReceipt *ax_sales_page_get_selected  (AxSalesPage *self);
void       ax_sales_page_update_actions (AxSalesPage *self);
/* Runs a mutator as the logged-in user; shows the model's error in a
 * dialog and returns NULL when it is refused. */
JsonNode  *ax_sales_page_mutate        (AxSalesPage *self,
                                        const char  *name,
                                        JsonNode    *args,
                                        const char  *failure_heading);
void       ax_sales_page_set_dialog    (AxSalesPage *self,
                                        GtkWidget   *dialog);

void       ax_sales_page_void_dialog   (AxSalesPage *self);
void       ax_sales_page_refund_dialog (AxSalesPage *self);
void       ax_sales_page_close_dialog  (AxSalesPage *self);

G_END_DECLS
