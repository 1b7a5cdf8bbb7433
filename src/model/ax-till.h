/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-cart.h"
#include "ax-db.h"
#include "ax-store.h"

G_BEGIN_DECLS

/* What the till sells (docs/pos.md, "The till"): active services, retail and
 * medication products with their stock, packages and membership plans, and
 * the providers a line can be credited to. Read in one go (a clinic offers
 * hundreds of items, not millions); the till searches it in memory. */

typedef enum
{
  AX_TILL_TAB_TREATMENTS,
  AX_TILL_TAB_MEDICATIONS,
  AX_TILL_TAB_RETAIL,
  AX_TILL_TAB_PACKAGES,  /* packages and membership plans */
  AX_N_TILL_TABS,
} AxTillTab;

typedef struct
{
  AxCartItemKind  kind;
  AxTillTab       tab;
  char           *id;
  char           *code;      /* short code, or NULL */
  char           *barcode;   /* products, or NULL */
  char           *name;
  char           *category;  /* category name, or NULL */
  AxTaxClass      tax_class;
  gint64          price;     /* minor units */
  gint64          on_hand;   /* products: units in stock (all lots); else -1 */
} AxTillItem;

typedef struct
{
  char *id;
  char *name;
} AxTillProvider;

typedef struct
{
  GPtrArray *items;        /* AxTillItem: by tab, then name */
  GPtrArray *providers;    /* AxTillProvider, active, in sidebar order */
  guint      approval_bp;  /* clinics.discount_approval_bp */
} AxTillCatalogue;

void             ax_till_catalogue_free   (AxTillCatalogue *catalogue);

AxTillCatalogue *ax_till_catalogue_query  (AxDb            *db,
                                           const char      *clinic_id,
                                           GError         **error);
/* The same on a worker thread with its own connection to the store. */
void             ax_till_catalogue_query_async  (AxStore             *store,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
AxTillCatalogue *ax_till_catalogue_query_finish (AxStore             *store,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Whether item matches what was typed: every word of query is in its name,
 * code, barcode or category, ignoring case. An empty query matches all. */
gboolean          ax_till_item_matches    (const AxTillItem      *item,
                                           const char            *query);
/* The one item whose code or barcode is exactly text (ignoring case and
 * surrounding space), or NULL (none, or several): what a scanner types. */
const AxTillItem *ax_till_catalogue_lookup_code (const AxTillCatalogue *catalogue,
                                                 const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxTillCatalogue, ax_till_catalogue_free)

G_END_DECLS
