/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-inventory-page.h"

G_BEGIN_DECLS

struct _AxInventoryPage
{
  GtkWidget            parent_instance;

  AxContext           *context;
  GCancellable        *cancellable;
  gboolean             loaded;
  gboolean             loading;
  AxStockOverview     *overview;
  char                *selected_id;
  char                *select_after_load;
  GPtrArray           *lot_rows;
  guint                n_shown;

  GtkSearchEntry      *search_entry;
  GtkWidget           *receive_button;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkLabel            *count_label;
  GtkListBox          *product_list;
  GtkWidget           *no_match_label;
  GtkStack            *lots_stack;
  AdwPreferencesGroup *lots_group;
  GtkWidget           *receive_lot_button;
};

/* ax-inventory-page.c */
gboolean        ax_inventory_page_can_edit      (AxInventoryPage *self);
AxStockProduct *ax_inventory_page_find_product  (AxInventoryPage *self,
                                                 const char      *product_id);
AxStockLot     *ax_inventory_page_find_lot      (AxInventoryPage *self,
                                                 const char      *lot_id);
/* After a change: reload and choose product_id again. */
void            ax_inventory_page_changed       (AxInventoryPage *self,
                                                 const char      *product_id,
                                                 const char      *message);
/* "24 U", "1 box" */
char           *ax_inventory_format_qty         (gint64           qty,
                                                 const char      *unit);

/* ax-inventory-dialogs.c: Receive Stock and Adjust forms (AxFormDialog). */
void            ax_inventory_page_open_receive  (AxInventoryPage *self,
                                                 const char      *product_id);
void            ax_inventory_page_open_adjust   (AxInventoryPage *self,
                                                 const char      *lot_id);

G_END_DECLS
