/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-db.h"
#include "ax-tax.h"

G_BEGIN_DECLS

/* Sales and credit notes as a receipt shows them (docs/pos.md). The mutators
 * are sale.checkout, sale.void and sale.refund. Money is minor units; a
 * credit note's amounts are negative. */

typedef struct
{
  char   *id;
  char   *kind;               /* service, product, package, membership */
  char   *item_id;            /* the service, product, package or plan */
  char   *lot_id;             /* the (first) lot a product line took */
  char   *code;
  char   *description;
  char   *tax_class;
  char   *refund_of_line_id;  /* credit notes */
  gint64  qty;
  gint64  unit_price;
  gint64  discount_bp;        /* -1: none, or not a percentage */
  gint64  discount_amount;    /* the line's own discount in minor units */
  gint64  amount;             /* after line and receipt discounts, as charged */
} AxSaleLine;

typedef struct
{
  char   *id;
  char   *tender;             /* cash, card, transfer, qr, package_credit, wallet */
  char   *reference;
  gint64  amount;             /* negative: paid back */
  gint64  tendered;           /* cash handed over, or -1 */
  gint64  change_due;         /* or -1 */
  gint64  at;
} AxSalePayment;

typedef struct
{
  char             *id;
  char             *number;
  char             *kind;              /* sale, credit_note */
  char             *status;            /* completed, voided, refunded */
  char             *device_id;
  char             *patient_id;
  char             *user_id;
  char             *currency;
  char             *refund_of_sale_id;
  char             *void_reason;
  char             *approved_by;
  gint64            sold_at;
  gint64            voided_at;         /* 0 unless voided */
  gint64            subtotal;
  gint64            discount;
  gint64            net;
  gint64            tax;
  gint64            total;
  gboolean          prices_include_tax;
  guint             vat_rate_bp;
  /* Per tax class, from the lines' amounts by the rule of docs/tax.md. */
  AxTaxClassResult  classes[AX_N_TAX_CLASSES];
  GPtrArray        *lines;             /* AxSaleLine, in receipt order */
  GPtrArray        *payments;          /* AxSalePayment, in the order taken */
} AxSale;

void       ax_sale_free         (AxSale     *sale);

/* One sale or credit note with its lines and payments; NOT_FOUND if none. */
AxSale    *ax_sale_query        (AxDb       *db,
                                 const char *clinic_id,
                                 const char *sale_id,
                                 GError    **error);
/* The sales and credit notes a terminal (device) made in [from_ms, to_ms),
 * oldest first, without their lines and payments. */
GPtrArray *ax_sales_query_range (AxDb       *db,
                                 const char *clinic_id,
                                 const char *device_id,
                                 gint64      from_ms,
                                 gint64      to_ms,
                                 GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxSale, ax_sale_free)

G_END_DECLS
