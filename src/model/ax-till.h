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
  char *user_id;   /* the provider's login, or NULL */
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

/* What an attached patient can pay with: courses that are active, not
 * expired and have sessions left, and active memberships with wallet value
 * left (balances are the sums of the credit ledger). */
typedef struct
{
  char   *id;            /* patient_packages.id */
  char   *name;          /* the package's name */
  char   *service_id;    /* the service the course covers */
  gint    sessions_left;
  gint64  expires_ms;
} AxTillCourse;

typedef struct
{
  char   *id;            /* memberships.id */
  char   *name;          /* the plan's name */
  gint64  wallet;        /* minor units left */
} AxTillWallet;

typedef struct
{
  GPtrArray *courses;    /* AxTillCourse, soonest expiry first */
  GPtrArray *wallets;    /* AxTillWallet, by name */
} AxTillCredits;

void           ax_till_credits_free   (AxTillCredits *credits);
AxTillCredits *ax_till_credits_query  (AxDb          *db,
                                       const char    *patient_id,
                                       gint64         now_ms,
                                       GError       **error);
void           ax_till_credits_query_async  (AxStore             *store,
                                             const char          *patient_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
AxTillCredits *ax_till_credits_query_finish (AxStore             *store,
                                             GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxTillCatalogue, ax_till_catalogue_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxTillCredits, ax_till_credits_free)

G_END_DECLS
