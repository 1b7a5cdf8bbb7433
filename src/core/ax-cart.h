/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ax-tax.h"

G_BEGIN_DECLS

/* A cart at the till (docs/pos.md): an immutable, refcounted value. Editing
 * returns a new cart (sharing the unchanged lines) or NULL with a message the
 * cashier can act on; the cart given is never changed. Every cart holds its
 * totals, computed by the tax engine (docs/tax.md) when it was made, so what
 * the till shows and what checkout stores come from one AxTaxResult. */

typedef enum
{
  AX_CART_ITEM_SERVICE,
  AX_CART_ITEM_PRODUCT,
  AX_CART_ITEM_PACKAGE,
  AX_CART_ITEM_MEMBERSHIP,
  AX_N_CART_ITEM_KINDS,
  AX_CART_ITEM_INVALID = -1,
} AxCartItemKind;

/* "service", "product", "package", "membership" (sale_lines.kind). */
const char     *ax_cart_item_kind_to_string   (AxCartItemKind kind);
AxCartItemKind  ax_cart_item_kind_from_string (const char    *text);

/* Who performed or sold a line, and their share in basis points. */
typedef struct
{
  const char *provider_id;
  guint       split_bp;
} AxCartProvider;

/* One line as entered. Strings are copied into the cart. */
typedef struct
{
  AxCartItemKind        kind;
  const char           *item_id;     /* service, product, package or plan id */
  const char           *name;
  AxTaxClass            tax_class;
  gint64                unit_price;  /* minor units */
  gint                  quantity;    /* whole units, ≥ 1 */
  AxDiscount            discount;    /* off the whole line */
  const char           *lot_id;      /* product lines: a chosen lot, or NULL (FEFO) */
  guint                 n_providers;
  const AxCartProvider *providers;   /* splits add up to 100 % (10 000 bp) */
} AxCartLine;

typedef struct _AxCart AxCart;

#define AX_TYPE_CART (ax_cart_get_type ())

GType          ax_cart_get_type            (void) G_GNUC_CONST;

/* An empty cart with the clinic's tax settings. */
AxCart        *ax_cart_new                 (const AxTaxConfig *config);
/* A cart with these lines and receipt discount (NULL: none), validated. */
AxCart        *ax_cart_new_with_lines      (const AxTaxConfig *config,
                                            const AxCartLine  *lines,
                                            gsize              n_lines,
                                            const AxDiscount  *receipt_discount,
                                            GError           **error);
AxCart        *ax_cart_ref                 (AxCart            *cart);
void           ax_cart_unref               (AxCart            *cart);

/* Edits: each returns a new cart, or NULL with AX_CORE_ERROR_INVALID naming
 * the line (a quantity below 1, a negative price or discount, a discount
 * above the line or the subtotal, splits that do not add up to 100 %, an
 * index past the end). */
AxCart        *ax_cart_add_line            (AxCart            *cart,
                                            const AxCartLine  *line,
                                            GError           **error);
AxCart        *ax_cart_remove_line         (AxCart            *cart,
                                            gsize              index,
                                            GError           **error);
AxCart        *ax_cart_set_quantity        (AxCart            *cart,
                                            gsize              index,
                                            gint               quantity,
                                            GError           **error);
AxCart        *ax_cart_set_line_discount   (AxCart            *cart,
                                            gsize              index,
                                            const AxDiscount  *discount,
                                            GError           **error);
AxCart        *ax_cart_set_providers       (AxCart            *cart,
                                            gsize              index,
                                            const AxCartProvider *providers,
                                            guint              n_providers,
                                            GError           **error);
AxCart        *ax_cart_set_lot             (AxCart            *cart,
                                            gsize              index,
                                            const char        *lot_id,
                                            GError           **error);
AxCart        *ax_cart_set_receipt_discount (AxCart           *cart,
                                            const AxDiscount  *discount,
                                            GError           **error);

const AxTaxConfig *ax_cart_get_config      (const AxCart      *cart);
gsize              ax_cart_get_n_lines     (const AxCart      *cart);
/* Borrowed; valid as long as the cart. */
const AxCartLine  *ax_cart_get_line        (const AxCart      *cart,
                                            gsize              index);
const AxDiscount  *ax_cart_get_receipt_discount (const AxCart *cart);
/* The receipt as the tax engine computed it (borrowed). */
AxTaxResult       *ax_cart_get_tax         (const AxCart      *cart);
gint64             ax_cart_get_total       (const AxCart      *cart);
/* Whether line index's own discount, or the receipt discount, is more than
 * threshold_bp of what it is taken off (the approval rule of docs/pos.md). */
gboolean           ax_cart_line_discount_above    (const AxCart *cart,
                                                   gsize         index,
                                                   guint         threshold_bp);
gboolean           ax_cart_receipt_discount_above (const AxCart *cart,
                                                   guint         threshold_bp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCart, ax_cart_unref)

G_END_DECLS
