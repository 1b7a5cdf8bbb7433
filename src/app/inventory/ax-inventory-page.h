/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"
#include "ax-stock.h"

G_BEGIN_DECLS

#define AX_TYPE_INVENTORY_PAGE (ax_inventory_page_get_type ())
G_DECLARE_FINAL_TYPE (AxInventoryPage, ax_inventory_page, AX, INVENTORY_PAGE, GtkWidget)

/* The Inventory page (inventory.view; docs/pos.md, "Inventory page"): the
 * active products with their stock on hand and Low stock / Expiring /
 * Expired tags, searched by name; the chosen product's lots (number,
 * expiry, on hand). Who holds inventory.edit gets Receive Stock… (a new lot:
 * stock.receive) and Adjust… on each lot (stock.adjust with a reason);
 * anyone else sees no buttons. */
GtkWidget       *ax_inventory_page_new              (AxContext       *context);
void             ax_inventory_page_reload           (AxInventoryPage *self);
/* For tests: "loading", "empty", "error" or "list". */
const char      *ax_inventory_page_get_state        (AxInventoryPage *self);
/* What the page shows (NULL until loaded). */
AxStockOverview *ax_inventory_page_get_overview     (AxInventoryPage *self);
/* Chooses a product (its lots show beside the list); FALSE if not listed. */
gboolean         ax_inventory_page_select_product   (AxInventoryPage *self,
                                                     const char      *product_id);
/* The products the search leaves in the list. */
guint            ax_inventory_page_get_n_shown      (AxInventoryPage *self);

G_END_DECLS
