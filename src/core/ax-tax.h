/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The tax engine: from a cart's lines to what a receipt shows (DESIGN.md §7,
 * docs/tax.md). Amounts are minor units of the clinic's currency (satang);
 * rates and percentages are basis points (700 = 7 %). Every rounding is half
 * up (ax_money_mul_div_round). Tax is computed once per tax class per
 * receipt, on the sum of the class's discounted amounts, never per line. */

typedef enum
{
  AX_TAX_CLASS_STANDARD,
  AX_TAX_CLASS_ZERO,       /* taxable at 0 %: shown as its own class */
  AX_TAX_CLASS_EXEMPT,     /* outside VAT: shown as its own class */
  AX_N_TAX_CLASSES,
  AX_TAX_CLASS_INVALID = -1,
} AxTaxClass;

/* "standard", "zero", "exempt": for storage. */
const char *ax_tax_class_to_string    (AxTaxClass  tax_class);
/* AX_TAX_CLASS_INVALID when text names no class. */
AxTaxClass  ax_tax_class_from_string  (const char *text);
/* Translated, for people: "Standard rate", "Zero-rated", "Exempt". */
const char *ax_tax_class_display_name (AxTaxClass  tax_class);

/* The clinic's settings. */
typedef struct
{
  guint       vat_rate_bp;        /* 0 … 10000; 700 = 7 % */
  gboolean    prices_include_tax; /* prices are gross (TRUE) or net (FALSE) */
  const char *currency;           /* ISO 4217, only to word error messages; may be NULL */
} AxTaxConfig;

typedef enum
{
  AX_DISCOUNT_NONE,
  AX_DISCOUNT_PERCENT, /* value in basis points: 1000 = 10 % */
  AX_DISCOUNT_AMOUNT,  /* value in minor units, off the whole line or receipt */
} AxDiscountKind;

typedef struct
{
  AxDiscountKind kind;
  gint64         value;
} AxDiscount;

/* One cart line, as the cashier entered it. */
typedef struct
{
  gint64     unit_price; /* minor units, ≥ 0; net or gross as AxTaxConfig says */
  gint       quantity;   /* ≥ 1 */
  AxDiscount discount;   /* off this line */
  AxTaxClass tax_class;
} AxTaxLine;

/* One line as the receipt shows it. */
typedef struct
{
  AxTaxClass tax_class;
  gint64     price_total;      /* unit_price × quantity */
  gint64     line_discount;    /* the line's own discount, in minor units */
  gint64     amount;           /* price_total − line_discount */
  gint64     receipt_discount; /* this line's share of the receipt discount */
  gint64     discounted;       /* amount − receipt_discount: what the line adds to its class */
} AxTaxLineResult;

/* One tax class on the receipt. */
typedef struct
{
  guint  rate_bp; /* the rate applied: the VAT rate for standard, else 0 */
  guint  n_lines; /* 0 when no line of the receipt has this class */
  gint64 net;
  gint64 tax;
  gint64 gross;   /* net + tax */
} AxTaxClassResult;

/* An immutable, refcounted computed receipt. */
typedef struct _AxTaxResult AxTaxResult;

#define AX_TYPE_TAX_RESULT (ax_tax_result_get_type ())

GType        ax_tax_result_get_type (void) G_GNUC_CONST;

/* Computes a receipt. receipt_discount may be NULL (no discount). Fails with
 * AX_CORE_ERROR_INVALID, naming the line, on a negative price, a quantity
 * below 1, a discount below 0, above 100 % or above what it is taken off, an
 * unknown tax class or discount kind, a VAT rate above 100 %, or amounts too
 * large to add up safely. */
AxTaxResult *ax_tax_compute (const AxTaxConfig *config,
                             const AxTaxLine   *lines,
                             gsize              n_lines,
                             const AxDiscount  *receipt_discount,
                             GError           **error);

AxTaxResult *ax_tax_result_ref   (AxTaxResult *result);
void         ax_tax_result_unref (AxTaxResult *result);

gboolean     ax_tax_result_get_prices_include_tax (const AxTaxResult *result);

gsize                   ax_tax_result_get_n_lines (const AxTaxResult *result);
const AxTaxLineResult  *ax_tax_result_get_line    (const AxTaxResult *result,
                                                   gsize              index);
const AxTaxClassResult *ax_tax_result_get_class   (const AxTaxResult *result,
                                                   AxTaxClass         tax_class);

/* Receipt totals. subtotal is the sum of line amounts, after line discounts
 * and before the receipt discount; discount is the receipt discount in minor
 * units; net, tax and total are the sums of the classes' net, tax and gross. */
gint64       ax_tax_result_get_subtotal (const AxTaxResult *result);
gint64       ax_tax_result_get_discount (const AxTaxResult *result);
gint64       ax_tax_result_get_net      (const AxTaxResult *result);
gint64       ax_tax_result_get_tax      (const AxTaxResult *result);
gint64       ax_tax_result_get_total    (const AxTaxResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxTaxResult, ax_tax_result_unref)

G_END_DECLS
