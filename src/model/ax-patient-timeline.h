/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Everything about one patient in time order, newest first, a page at a
 * time (docs/patients.md, "The timeline"). Read only: the timeline writes
 * nothing, it reads the tables of the record, the calendar, charting,
 * photos, consents and the point of sale. */

typedef enum
{
  AX_TIMELINE_APPOINTMENT = 1 << 0,
  AX_TIMELINE_CHART       = 1 << 1,   /* clinical */
  AX_TIMELINE_PHOTO       = 1 << 2,   /* clinical */
  AX_TIMELINE_CONSENT     = 1 << 3,
  AX_TIMELINE_SALE        = 1 << 4,
  AX_TIMELINE_VITALS      = 1 << 5,
  AX_TIMELINE_NOTE        = 1 << 6,   /* clinical */
  AX_TIMELINE_ALLERGY     = 1 << 7,
} AxTimelineKind;

#define AX_TIMELINE_ALL 0xff
/* The kinds only roles with clinical.view read. */
#define AX_TIMELINE_CLINICAL (AX_TIMELINE_CHART | AX_TIMELINE_PHOTO | AX_TIMELINE_NOTE)

#define AX_TIMELINE_PAGE_SIZE 100

/* One thing that happened. What the text fields hold depends on the kind:
 *
 *   kind         at                   status                 what                    who         extra
 *   appointment  start                booked … cancelled     services ("" if none)   provider    room
 *   chart        visit                draft|needs_signoff|   template name           provider    amends id or NULL
 *                                     md_signed
 *   photo        taken (or created)   NULL                   view tag or NULL        NULL        caption or NULL
 *   consent      signed (or created)  pending|signed|        template name           NULL        purpose
 *                                     withdrawn
 *   sale         sold                 completed|voided|      receipt number          seller      currency
 *                                     refunded
 *   vitals       recorded             NULL                   NULL                    recorder    NULL
 *   note         written              kind (note, …)         body                    author      addendum_of or NULL
 *   allergy      added                severity               substance               NULL        reaction or NULL
 *
 * amount is a sale's total in minor units (negative for a credit note);
 * end_ms an appointment's end; the measurements are a reading's (0 when
 * not taken); sale_kind is a receipt's kind (sale, credit_note). */
typedef struct
{
  AxTimelineKind  kind;
  char           *id;
  gint64          at_ms;
  gint64          end_ms;
  char           *status;
  char           *what;
  char           *who;
  char           *extra;
  gint64          amount;
  char           *sale_kind;
  int             pulse_bpm;
  int             bp_systolic;
  int             bp_diastolic;
  int             temp_dc;
  int             weight_g;
  int             height_mm;
} AxTimelineEntry;

/* One page: entries newest first; has_more when older entries are left.
 * Immutable and refcounted. */
typedef struct
{
  GPtrArray *entries;      /* AxTimelineEntry */
  gboolean   has_more;
  guint      kinds;        /* the kinds asked for that the role may read */
} AxTimelinePage;

AxTimelinePage *ax_timeline_page_ref   (AxTimelinePage *page);
void            ax_timeline_page_unref (AxTimelinePage *page);

/* The kinds role may read (clinical kinds need clinical.view). */
guint           ax_timeline_kinds_for_role (AxRole role);

/* Reads up to limit entries of patient_id of the given kinds (a mask of
 * AxTimelineKind), restricted to what role may read, older than the entry
 * (before_ms, before_id) — the last entry of the previous page — or from
 * the newest when before_id is NULL. Removed rows (deleted_at) are left
 * out. Fails with AX_MODEL_ERROR_NOT_FOUND when the patient does not exist. */
AxTimelinePage *ax_patient_timeline_query        (AxDb                *db,
                                                  const char          *patient_id,
                                                  AxRole               role,
                                                  guint                kinds,
                                                  gint64               before_ms,
                                                  const char          *before_id,
                                                  guint                limit,
                                                  GError             **error);
void            ax_patient_timeline_query_async  (AxStore             *store,
                                                  const char          *patient_id,
                                                  AxRole               role,
                                                  guint                kinds,
                                                  gint64               before_ms,
                                                  const char          *before_id,
                                                  guint                limit,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
AxTimelinePage *ax_patient_timeline_query_finish (AxStore             *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* A receipt with its lines and payments, for the timeline's details. */
typedef struct
{
  char   *description;
  int     qty;
  gint64  unit_price;
  gint64  amount;
} AxSaleDetailLine;

typedef struct
{
  char   *tender;     /* cash, card, transfer, qr, package_credit, wallet */
  gint64  amount;
  char   *reference;  /* NULL when none */
} AxSaleDetailPayment;

typedef struct
{
  char      *id;
  char      *number;
  char      *kind;            /* sale, credit_note */
  char      *status;          /* completed, voided, refunded */
  gint64     sold_ms;
  char      *currency;
  gint64     subtotal;
  gint64     discount;
  gint64     tax;
  gint64     total;
  char      *seller_name;     /* "" when unknown */
  char      *void_reason;     /* NULL unless voided */
  GPtrArray *lines;           /* AxSaleDetailLine, in receipt order */
  GPtrArray *payments;        /* AxSaleDetailPayment, in the order taken */
} AxSaleDetail;

AxSaleDetail   *ax_sale_detail_ref          (AxSaleDetail        *sale);
void            ax_sale_detail_unref        (AxSaleDetail        *sale);
AxSaleDetail   *ax_sale_detail_query        (AxDb                *db,
                                             const char          *sale_id,
                                             GError             **error);
void            ax_sale_detail_query_async  (AxStore             *store,
                                             const char          *sale_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
AxSaleDetail   *ax_sale_detail_query_finish (AxStore             *store,
                                             GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxTimelinePage, ax_timeline_page_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxSaleDetail, ax_sale_detail_unref)

G_END_DECLS
