/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *number;        /* receipt number */
  gint64  sold_at_ms;
  char   *patient_name;  /* "" for a walk-in */
  gint64  total;         /* minor units */
  char   *status;        /* completed, voided, refunded */
  char   *tender;        /* main tender: cash, card, transfer, qr, … */
} AxDashboardSale;

typedef struct
{
  char   *name;
  gint64  on_hand;
  gint64  threshold;
  char   *unit;
} AxDashboardLowStock;

typedef struct
{
  char   *product_name;
  char   *lot_number;
  char   *expiry_date;   /* YYYY-MM-DD */
  gint64  on_hand;
  int     days_left;     /* negative when already expired */
} AxDashboardExpiry;

/* The dashboard's figures for one day in the clinic's time zone. */
typedef struct
{
  char      *currency;
  int        appointments_today;
  int        appointments_last_week;      /* same weekday a week before */
  gboolean   has_next_appointment;
  gint64     next_start_ms;
  char      *next_patient;
  char      *next_provider;
  char      *next_service;
  gint64     revenue_today;
  gint64     revenue_last_week;           /* same weekday a week before */
  int        new_patients_month;
  int        new_patients_last_month;
  GPtrArray *low_stock;                   /* AxDashboardLowStock */
  GPtrArray *near_expiry;                 /* AxDashboardExpiry, within 60 days */
  GPtrArray *latest_sales;                /* AxDashboardSale, newest first, at most 8 */
} AxDashboard;

void         ax_dashboard_free          (AxDashboard *dash);

/* Computes the figures as of now_ms. Reads only; safe on a reader connection. */
AxDashboard *ax_dashboard_query         (AxDb        *db,
                                         GTimeZone   *tz,
                                         gint64       now_ms,
                                         GError     **error);
/* The same on a worker thread with its own connection to the store. */
void         ax_dashboard_query_async   (AxStore             *store,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
AxDashboard *ax_dashboard_query_finish  (AxStore             *store,
                                         GAsyncResult        *result,
                                         GError             **error);

/* -1, 0 or a percentage change from before to now, rounded; NULL-safe text
 * "+12 %" / "−5 %" / "new" is built by the UI. Returns FALSE when before is 0. */
gboolean     ax_percent_change          (gint64  before,
                                         gint64  now,
                                         int    *percent_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxDashboard, ax_dashboard_free)

G_END_DECLS
