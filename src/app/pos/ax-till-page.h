/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-cart.h"
#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_TILL_PAGE (ax_till_page_get_type ())
G_DECLARE_FINAL_TYPE (AxTillPage, ax_till_page, AX, TILL_PAGE, GtkWidget)

/* The Till page (docs/till.md): the catalogue as cards in tabs with search
 * and scanning, the cart with its totals from AxCart, a patient, payment in
 * split tenders and the done state with the receipt. */
GtkWidget  *ax_till_page_new             (AxContext  *context);

/* For tests and the AT-SPI harness. */
gboolean    ax_till_page_is_loading      (AxTillPage *self);
/* Types text into the search entry and presses Enter (a scanner). */
void        ax_till_page_scan            (AxTillPage *self,
                                          const char *text);
/* Adds the catalogue item with this id, as a click on its card. */
gboolean    ax_till_page_add_item        (AxTillPage *self,
                                          const char *item_id);
AxCart     *ax_till_page_get_cart        (AxTillPage *self);
const char *ax_till_page_get_sale_id     (AxTillPage *self);
const char *ax_till_page_get_patient_id  (AxTillPage *self);
/* "till" or "done". */
const char *ax_till_page_get_state       (AxTillPage *self);

G_END_DECLS
