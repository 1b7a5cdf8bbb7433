/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-db.h"
#include "ax-store.h"

G_BEGIN_DECLS

/* Stock by product and lot (docs/pos.md, "Stock"). The mutators are
 * stock.receive and stock.adjust; sales take stock in sale.checkout. */

typedef struct
{
  char     *lot_id;
  char     *product_id;
  char     *product_name;
  char     *unit;
  char     *lot_number;
  char     *expiry_date;   /* YYYY-MM-DD, or NULL */
  gint64    on_hand;
  gint64    unit_cost;
  gint64    received_at;   /* unix ms, or 0 */
  gboolean  expired;       /* expiry before today */
  gboolean  near_expiry;   /* expires within the product's near_expiry_days of today */
} AxStockLot;

typedef struct
{
  char   *product_id;
  char   *name;
  char   *unit;
  gint64  on_hand;
  gint64  threshold;
} AxStockLow;

/* A product as the Inventory page lists it. */
typedef struct
{
  char     *product_id;
  char     *name;
  char     *unit;
  char     *kind;           /* medication, retail, consumable */
  gint64    on_hand;        /* all its lots */
  gint64    threshold;      /* low_stock_threshold; 0: none */
  gboolean  low;            /* threshold > 0 and on_hand <= threshold */
  guint     n_lots;         /* lots with stock */
  guint     n_expired;      /* of those, expired */
  guint     n_near_expiry;  /* of those, expiring within near_expiry_days (not expired) */
} AxStockProduct;

typedef struct
{
  char *id;
  char *name;
} AxStockSupplier;

/* Products and their lots read in one snapshot (the Inventory page). */
typedef struct
{
  GPtrArray *products;      /* AxStockProduct, active, by name */
  GPtrArray *lots;          /* AxStockLot with stock, in ax_stock_query_lots() order */
  GPtrArray *suppliers;     /* AxStockSupplier, by name */
  char      *today;         /* the clinic's date the flags were computed for */
} AxStockOverview;

void       ax_stock_lot_free  (AxStockLot *lot);
void       ax_stock_product_free  (AxStockProduct *product);
void       ax_stock_overview_free (AxStockOverview *overview);
void       ax_stock_low_free  (AxStockLow *low);

/* The lots of one product (product_id) or of every product (NULL), in the
 * order the till takes them: product name, then earliest expiry first (lots
 * without an expiry last), then receipt. today is the clinic's date
 * (YYYY-MM-DD). Empty lots are included only when with_empty. */
GPtrArray *ax_stock_query_lots        (AxDb       *db,
                                       const char *clinic_id,
                                       const char *product_id,
                                       const char *today,
                                       gboolean    with_empty,
                                       GError    **error);
/* Active products with their on hand and flags, by name. */
GPtrArray *ax_stock_query_products    (AxDb       *db,
                                       const char *clinic_id,
                                       const char *today,
                                       GError    **error);
/* ax_stock_query_products() and ax_stock_query_lots() (without empty lots)
 * on a worker, for the clinic's today. */
void             ax_stock_overview_query_async  (AxStore             *store,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
AxStockOverview *ax_stock_overview_query_finish (AxStore             *store,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The lots in stock of one product, expired ones too (flagged), in the
 * order the till takes them (FEFO), for the clinic's today, on a worker. */
void       ax_stock_lots_query_async  (AxStore             *store,
                                       const char          *product_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray *ax_stock_lots_query_finish (AxStore             *store,
                                       GAsyncResult        *result,
                                       GError             **error);
/* The clinic's date at ms (YYYY-MM-DD). */
char      *ax_stock_day_of            (AxStore    *store,
                                       gint64      ms);

/* Active products at or below their low_stock_threshold (> 0), lowest first. */
GPtrArray *ax_stock_query_low         (AxDb       *db,
                                       const char *clinic_id,
                                       GError    **error);
/* Lots in stock that expired or expire within their product's
 * near_expiry_days of today, soonest first. */
GPtrArray *ax_stock_query_near_expiry (AxDb       *db,
                                       const char *clinic_id,
                                       const char *today,
                                       GError    **error);
/* On hand of a product (all its lots), or of a lot; -1 on error. */
gint64     ax_stock_product_on_hand   (AxDb       *db,
                                       const char *product_id);
gint64     ax_stock_lot_on_hand       (AxDb       *db,
                                       const char *lot_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxStockLot, ax_stock_lot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxStockLow, ax_stock_low_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxStockProduct, ax_stock_product_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxStockOverview, ax_stock_overview_free)

G_END_DECLS
