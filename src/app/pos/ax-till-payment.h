/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-cart.h"
#include "ax-context.h"
#include "ax-till.h"

G_BEGIN_DECLS

#define AX_TYPE_TILL_PAYMENT (ax_till_payment_get_type ())
G_DECLARE_FINAL_TYPE (AxTillPayment, ax_till_payment, AX, TILL_PAYMENT, AdwWindow)

/* The payment dialog of the till (docs/till.md): split tenders (cash with
 * change, card, transfer, QR, a course of the patient, a membership wallet)
 * that must add up to the cart's total, then sale.checkout once, with the
 * till's sale id (a retry or a second click never makes a second sale).
 * Emits ::completed (const char *number, gint64 change_due) and closes on
 * success; shows the model's error and keeps everything otherwise. credits
 * (may be NULL) is copied. */
GtkWidget *ax_till_payment_new (AxContext           *context,
                                AxCart              *cart,
                                const char          *sale_id,
                                const char          *patient_id,
                                const AxTillCredits *credits,
                                const char          *approved_by);

typedef enum
{
  AX_TENDER_CASH,
  AX_TENDER_CARD,
  AX_TENDER_TRANSFER,
  AX_TENDER_QR,
  AX_TENDER_COURSE,
  AX_TENDER_WALLET,
} AxTenderKind;

/* Adds a tender row as the buttons do (credit_index: which course or
 * wallet), with amount (or the remaining amount when < 0); returns its index. */
guint      ax_till_payment_add_tender  (AxTillPayment *self,
                                        AxTenderKind   kind,
                                        guint          credit_index,
                                        gint64         amount);
/* Sets what the tender row index shows, as typed: its amount, and the cash
 * given or the reference. NULL leaves a field as it is. */
void       ax_till_payment_set_tender  (AxTillPayment *self,
                                        guint          index,
                                        const char    *amount,
                                        const char    *extra);
gint64     ax_till_payment_get_remaining (AxTillPayment *self);
GtkWidget *ax_till_payment_get_complete_button (AxTillPayment *self);
/* The model's error shown, or NULL. */
const char *ax_till_payment_get_error  (AxTillPayment *self);

G_END_DECLS
