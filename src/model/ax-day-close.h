/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-tax.h"

G_BEGIN_DECLS

/* A terminal's business day: the Z report and the day's cash count
 * (docs/receipts.md). The mutator day.close
 * {id?, date: "YYYY-MM-DD", device_id?, counted_cash? | denominations?:
 *  [{value, count}], opening_float?, note?} (pos.sell) stores the count once
 * per terminal and date with the cash the drawer should hold. */

typedef struct
{
  char   *tender;        /* cash, card, transfer, qr, package_credit, wallet */
  gint64  taken;         /* on the day's sales (voided sales net to nothing) */
  gint64  paid_back;     /* on the day's credit notes, negative */
  gint64  net;           /* taken + paid_back */
} AxZTender;

typedef struct
{
  char             *device_id;
  char             *device_name;
  char             *device_code;
  char             *date;               /* the clinic's local YYYY-MM-DD */
  gint64            from_ms;            /* [from_ms, to_ms): the local day */
  gint64            to_ms;
  char             *currency;
  gint64            n_sales;            /* sales not voided */
  gint64            sales_total;        /* their totals (refunded ones too) */
  gint64            sales_discount;
  gint64            n_voids;
  gint64            voids_total;        /* what the voided sales came to */
  gint64            n_refunds;          /* credit notes made on the day */
  gint64            refunds_total;      /* negative */
  gint64            net_total;          /* sales_total + refunds_total */
  gint64            n_renewals;         /* membership renewals paid at the terminal */
  gint64            renewals_total;     /* their amounts, in the tenders too */
  gint64            takings;            /* net_total + renewals_total */
  /* Per tax class over the sales and credit notes (not voided), each
   * receipt's own per-class figures added up. */
  AxTaxClassResult  classes[AX_N_TAX_CLASSES];
  gint64            net, tax;           /* sums of the classes */
  GPtrArray        *tenders;            /* AxZTender, by tender name */
  gint64            cash_net;           /* the cash tender's net */
  /* The close, when the day has one. */
  gboolean          closed;
  gint64            closed_at;
  char             *closed_by_name;
  gint64            opening_float;
  gint64            expected_cash;      /* opening_float + cash_net, as stored at close */
  gint64            counted_cash;
  gint64            over_short;         /* counted − expected */
  char             *denominations_json; /* or NULL */
  char             *note;
} AxZReport;

void       ax_z_report_free    (AxZReport  *report);
/* The Z report of device's date (in tz). Sales come from the device's
 * sales and credit notes made that day. */
AxZReport *ax_z_report_query   (AxDb       *db,
                                const char *clinic_id,
                                const char *device_id,
                                const char *date,
                                GTimeZone  *tz,
                                GError    **error);
/* [from, to) of a local date in tz; FALSE when date is not YYYY-MM-DD. */
gboolean   ax_local_day_range  (const char *date,
                                GTimeZone  *tz,
                                gint64     *from_ms,
                                gint64     *to_ms);

/* A terminal's day for the Sales page: every sale and credit note as a
 * receipt (AxReceipt, oldest first) and the day's Z report. */
typedef struct
{
  GPtrArray *receipts;
  AxZReport *report;
} AxSalesDay;

void        ax_sales_day_free         (AxSalesDay          *day);
/* Off the main thread, on the store's reader connection. */
void        ax_sales_day_query_async  (AxStore             *store,
                                       const char          *device_id,
                                       const char          *date,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
AxSalesDay *ax_sales_day_query_finish (AxStore             *store,
                                       GAsyncResult        *result,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxZReport, ax_z_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxSalesDay, ax_sales_day_free)

G_END_DECLS
