/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-sales.h"

G_BEGIN_DECLS

/* What a printed receipt, tax invoice or credit note shows (docs/receipts.md):
 * one sale or credit note read with the clinic, the terminal, the cashier,
 * the patient, the buyer and how many times each document has been issued.
 * Prints are recorded by the mutator receipt.print
 * {sale_id, kind: "receipt"|"invoice", buyer_name?, buyer_tax_id?, buyer_address?}
 * (pos.sell), one audit entry each: the first print of a kind is the
 * original, every later one is a copy. */

typedef enum
{
  AX_RECEIPT_KIND_RECEIPT,   /* the 80 mm roll */
  AX_RECEIPT_KIND_INVOICE,   /* the A4 full tax invoice */
  AX_N_RECEIPT_KINDS,
} AxReceiptKind;

typedef struct
{
  AxSale *sale;               /* lines, payments, per-class figures */
  char   *clinic_name;
  char   *clinic_legal_name;  /* or NULL */
  char   *clinic_address;
  char   *clinic_tax_id;
  char   *clinic_branch;
  char   *clinic_phone;
  char   *timezone;           /* the clinic's, e.g. "Asia/Bangkok" */
  char   *device_name;
  char   *device_code;
  char   *cashier_name;       /* the user who rang the sale up */
  char   *patient_name;       /* NULL: no patient */
  char   *patient_number;
  char   *buyer_name;         /* NULL unless given at checkout or for an invoice */
  char   *buyer_tax_id;
  char   *buyer_address;
  char   *refund_of_number;   /* credit notes: the number of the sale refunded */
  char   *refund_reason;      /* credit notes */
  char   *approver_name;      /* voids */
  gint64  change_due;         /* the cash handed back, over all payments */
  gint64  prints[AX_N_RECEIPT_KINDS];  /* recorded prints of each kind so far */
} AxReceipt;

const char *ax_receipt_kind_to_string   (AxReceiptKind kind);
/* -1 for anything but "receipt" and "invoice". */
int         ax_receipt_kind_from_string (const char   *text);

void        ax_receipt_free             (AxReceipt    *receipt);
/* NOT_FOUND when there is no such sale or credit note in the clinic. */
AxReceipt  *ax_receipt_query            (AxDb         *db,
                                         const char   *clinic_id,
                                         const char   *sale_id,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxReceipt, ax_receipt_free)

G_END_DECLS
