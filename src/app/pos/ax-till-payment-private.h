/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-till-payment.h"

G_BEGIN_DECLS

/* The payment dialog's state, shared by ax-till-payment.c (the dialog,
 * credits, checkout) and ax-till-payment-tenders.c (the tender rows). */
typedef struct
{
  AxTenderKind kind;
  char        *credit_id;    /* a course or membership */
  char        *credit_name;
  GtkWidget   *row;
  GtkEditable *amount;
  GtkEditable *extra;        /* cash given, or a reference; NULL for credits */
  GtkLabel    *change;       /* cash */
} Tender;

struct _AxTillPayment
{
  AdwWindow      parent_instance;

  AxContext     *context;
  AxCart        *cart;
  char          *sale_id;
  char          *patient_id;
  char          *approved_by;
  AxTillCredits *credits;      /* only what pays for this cart */
  GPtrArray     *tenders;      /* Tender */
  gboolean       running;
  char          *error;
  GtkSizeGroup  *extra_sizes;  /* what follows the amounts, so that they line up */

  GtkLabel      *remaining_label;
  GtkListBox    *tender_list;
  GtkLabel      *error_label;
  GtkWidget     *complete_button;
};

/* ax-till-payment-tenders.c */
void        ax_till_payment_tender_free      (Tender        *t);
const char *ax_till_payment_currency         (AxTillPayment *self);
char       *ax_till_payment_format_money     (AxTillPayment *self,
                                              gint64         minor);
/* A field's amount; an empty field is 0 when empty_ok. */
gboolean    ax_till_payment_parse_field      (AxTillPayment *self,
                                              GtkEditable   *field,
                                              gboolean       empty_ok,
                                              gint64        *minor);
/* What is left to pay, each cash tender's change, Complete's sensitivity. */
void        ax_till_payment_recompute        (AxTillPayment *self);
gint64      ax_till_payment_paid_so_far      (AxTillPayment *self);
GtkWidget  *ax_till_payment_new_add_button   (AxTillPayment *self,
                                              const char    *label,
                                              AxTenderKind   kind,
                                              guint          index);
/* A menu of the patient's courses or wallets that pay for this cart. */
GtkWidget  *ax_till_payment_new_credit_menu  (AxTillPayment *self,
                                              const char    *label,
                                              AxTenderKind   kind);

G_END_DECLS
