/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the sale mutators (ax-sale-mutators.c, ax-sale-refund.c) share. */

#include "ax-model-private.h"
#include "ax-sales.h"

G_BEGIN_DECLS

typedef struct
{
  char    *currency;
  char    *code;
  guint    vat_rate_bp;
  gboolean prices_include_tax;
  guint    approval_bp;        /* clinics.discount_approval_bp */
} AxSaleClinic;

typedef struct
{
  char   *number;
  char   *kind;
  char   *status;
  char   *patient_id;
  gint64  sold_at;
} AxSaleHead;

void     ax_sale_clinic_clear   (AxSaleClinic *c);
void     ax_sale_head_clear     (AxSaleHead   *h);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AxSaleClinic, ax_sale_clinic_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AxSaleHead, ax_sale_head_clear)

/* Sets AX_MODEL_ERROR_INVALID_ARGS "<mutator>: <message>"; returns FALSE. */
gboolean ax_sale_fail           (GError      **error,
                                 const char   *mutator,
                                 const char   *fmt,
                                 ...) G_GNUC_PRINTF (3, 4);
gboolean ax_sale_load_clinic    (AxMutation   *m,
                                 AxSaleClinic *c,
                                 GError      **error);
/* A live sale that can be voided or refunded (a completed sale, not a credit note). */
gboolean ax_sale_load_head      (AxMutation   *m,
                                 const char   *mutator,
                                 const char   *sale_id,
                                 AxSaleHead   *h,
                                 GError      **error);
gboolean ax_sale_exists         (AxMutation   *m,
                                 const char   *id,
                                 char        **number_out,
                                 gint64       *total_out);
/* The first n_cols columns of the current row as text (NULL for an SQL
 * NULL); freed with ax_sale_row_free, which frees every column even when
 * some are NULL (g_strfreev would stop at the first NULL). */
char   **ax_sale_row_read       (sqlite3_stmt *stmt,
                                 int           n_cols);
void     ax_sale_row_free       (char        **row);
/* Every row (n_cols columns, as above) of sql, a query with the sale's id
 * as its one parameter; NULL (and error, prefixed by what) when it fails. */
GPtrArray *ax_sale_rows_read    (AxMutation   *m,
                                 const char   *what,
                                 const char   *sql,
                                 const char   *sale_id,
                                 int           n_cols,
                                 GError      **error);
typedef char **AxSaleRow;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (AxSaleRow, ax_sale_row_free, NULL)
gboolean ax_sale_step_done      (AxMutation   *m,
                                 sqlite3_stmt *stmt,
                                 const char   *what,
                                 GError      **error);
void     ax_sale_bind_base      (AxMutation   *m,
                                 sqlite3_stmt *stmt,
                                 const char   *id);
/* The first column of sql's first row, with ?1 = id and ?2 = id2 (may be NULL). */
gint64   ax_sale_count          (AxMutation   *m,
                                 const char   *sql,
                                 const char   *id,
                                 const char   *id2);
gboolean ax_sale_insert_credit  (AxMutation   *m,
                                 const char   *id,
                                 const char   *patient_id,
                                 const char   *package_id,
                                 const char   *membership_id,
                                 const char   *kind,
                                 const char   *service_id,
                                 gint64        sessions,
                                 gint64        amount,
                                 const char   *sale_id,
                                 GError      **error);
/* given < 0: no cash handed over. */
gboolean ax_sale_insert_payment (AxMutation   *m,
                                 const char   *id,
                                 const char   *sale_id,
                                 const char   *tender,
                                 gint64        amount,
                                 gint64        given,
                                 const char   *reference,
                                 GError      **error);

extern const AxArgSpec ax_sale_refund_args[];
gboolean ax_sale_refund_prepare (AxMutation   *m,
                                 JsonObject   *args,
                                 GError      **error);
gboolean ax_sale_refund_run     (AxMutation   *m,
                                 JsonObject   *args,
                                 GError      **error);

G_END_DECLS
