/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-till.h"
#include "ax-till-page.h"

G_BEGIN_DECLS

/* The page's state, shared by ax-till-page.c (catalogue, patient, actions,
 * done state) and ax-till-cart.c (cart rows, discounts, providers, totals). */
struct _AxTillPage
{
  GtkWidget        parent_instance;

  AxContext       *context;
  GCancellable    *cancellable;      /* catalogue and patient reads */
  GCancellable    *search_cancellable;
  AxTillCatalogue *catalogue;
  AxTillCredits   *credits;          /* of the attached patient, or NULL */
  AxCart          *cart;
  char            *sale_id;          /* made when the cart is opened */
  char            *patient_id;
  char            *patient_name;
  char            *approved_by;      /* an Owner's user id, once approved */
  GHashTable      *lot_titles;       /* lot id → "Lot S1 · expires 1 Jan 2027" */
  GtkFlowBox      *grids[AX_N_TILL_TABS];
  AdwViewStackPage *tab_pages[AX_N_TILL_TABS];
  GtkToggleButton *tab_buttons[AX_N_TILL_TABS];
  GtkBox          *tab_bar;

  GtkStack        *main_stack;       /* "till", "done" */
  GtkStack        *catalogue_stack;  /* "loading", "error", "ready" */
  AdwStatusPage   *catalogue_error;
  GtkSearchEntry  *search_entry;
  AdwViewStack    *view_stack;
  GtkLabel        *sale_label;
  GtkMenuButton   *patient_button;
  GtkSearchEntry  *patient_search;
  GtkListBox      *patient_results;
  GtkButton       *detach_button;
  GtkStack        *cart_stack;       /* "empty", "lines" */
  GtkListBox      *cart_list;
  GtkGrid         *totals_grid;
  GtkMenuButton   *receipt_discount_button;
  GtkButton       *pay_button;
  AdwToastOverlay *toasts;
  AdwStatusPage   *done_page;
  GtkButton       *print_button;
  GtkButton       *invoice_button;
};

/* ax-till-patient.c */
void     ax_till_page_init_patient    (AxTillPage        *self);
void     ax_till_page_update_patient_button (AxTillPage  *self);
void     ax_till_page_attach_patient_action (GtkWidget   *widget,
                                             const char  *action_name,
                                             GVariant    *parameter);
void     ax_till_page_detach_patient_action (GtkWidget   *widget,
                                             const char  *action_name,
                                             GVariant    *parameter);

/* ax-till-cart.c */
char    *ax_till_page_format_money    (AxTillPage        *self,
                                       gint64             minor);
gboolean ax_till_page_parse_money     (AxTillPage        *self,
                                       const char        *text,
                                       gint64            *minor,
                                       GError           **error);
/* Replaces the cart (taking it) and shows it: rows, totals, actions. */
void     ax_till_page_set_cart        (AxTillPage        *self,
                                       AxCart            *cart);
/* Adds a line for item with the default provider. */
void     ax_till_page_add_line        (AxTillPage        *self,
                                       const AxTillItem  *item);
void     ax_till_page_remove_selected (AxTillPage        *self);
void     ax_till_page_rebuild_rows    (AxTillPage        *self);
/* Whether the cart's discounts need an Owner who has not yet approved. */
gboolean ax_till_page_needs_approval  (AxTillPage        *self);
/* Asks an Owner to approve, then runs then (self) if they do. */
void     ax_till_page_request_approval (AxTillPage       *self,
                                        void            (*then) (AxTillPage *self));
void     ax_till_page_show_error      (AxTillPage        *self,
                                       const char        *message);
void     ax_till_page_update_actions  (AxTillPage        *self);
gboolean ax_till_page_is_owner        (AxTillPage        *self);

/* ax-till-lots.c: a product line's lot button label, and its picker. */
char      *ax_till_page_lot_text          (AxTillPage       *self,
                                           const AxCartLine *line);
GtkWidget *ax_till_page_new_lot_popover   (AxTillPage       *self,
                                           gsize             line);

/* ax-till-line-popovers.c: line is the line's index, or -1 for the
 * receipt's discount. */
GtkWidget *ax_till_page_new_discount_popover  (AxTillPage *self,
                                               int         line);
GtkWidget *ax_till_page_new_providers_popover (AxTillPage *self,
                                               gsize       line);

G_END_DECLS
