/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Courses and memberships after the till (docs/pos.md, "Courses" and
 * "Memberships"). The mutators:
 *
 *   package.redeem     {id?, patient_package_id, sessions? (1), appointment_id?}   pos.sell
 *   membership.enrol   {id?, patient_id, plan_id, reason}                          pos.approve (Owner)
 *   membership.renew   {id, renewal_id?, amount, tender: cash|card|transfer|qr,
 *                       reference?, from: {renews_at}?}                            pos.sell
 *   membership.pause   {id, from: {status}?}                                       pos.sell
 *   membership.resume  {id, from: {status}?}                                       pos.sell
 *   membership.cancel  {id, reason, from: {status}?}                               pos.sell
 *
 * Completing an appointment (appointment.set_status) redeems one session
 * per service of it from the patient's course for that service. */

typedef enum
{
  AX_CREDIT_COURSE,
  AX_CREDIT_MEMBERSHIP,
} AxCreditKind;

/* One entry of a course's or a membership's ledger, with the balances after it. */
typedef struct
{
  char   *id;
  char   *kind;              /* grant, redeem, expire, refund, adjust */
  gint64  at_ms;
  gint64  sessions;          /* signed */
  gint64  amount;            /* signed, minor units */
  gint64  sessions_after;    /* the running sums */
  gint64  amount_after;
  char   *service_name;      /* "" when none */
  char   *user_name;         /* "" when unknown */
  char   *sale_number;       /* the sale or credit note, or NULL */
  gint64  appointment_ms;    /* the appointment's start, or 0 */
  char   *tender;            /* a renewal's: cash, card, transfer, qr; or NULL */
  char   *reference;         /* a renewal's, or NULL */
  gboolean flagged;          /* marked for review (credit_ledger.flagged) */
  gboolean breach;           /* a balance went below zero here */
} AxCreditEntry;

void       ax_credit_entry_free        (AxCreditEntry *entry);

/* The ledger of a course (AX_CREDIT_COURSE, a patient_packages id) or a
 * membership, oldest first. */
GPtrArray *ax_credit_usage             (AxDb                *db,
                                        AxCreditKind         kind,
                                        const char          *id,
                                        GError             **error);
void       ax_credit_usage_async       (AxStore             *store,
                                        AxCreditKind         kind,
                                        const char          *id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *ax_credit_usage_finish      (AxStore             *store,
                                        GAsyncResult        *result,
                                        GError             **error);

/* A course or membership of a patient whose ledger is overdrawn (a sum
 * below zero: an over-redemption accepted on sync, DESIGN.md §6) or holds an
 * entry flagged for review. Whatever its status: a breach is never hidden. */
typedef struct
{
  AxCreditKind kind;
  char        *id;
  char        *name;          /* the course or plan */
  gint64       sessions;      /* the balances */
  gint64       amount;
  gboolean     flagged;
} AxCreditBreach;

void       ax_credit_breach_free       (AxCreditBreach *breach);
GPtrArray *ax_credit_breaches          (AxDb                *db,
                                        const char          *patient_id,
                                        GError             **error);

/* A membership plan on offer (active), by name: for membership.enrol. */
typedef struct
{
  char   *id;
  char   *name;
  gint64  price;
  int     period_months;
  gint64  wallet;
} AxCreditPlan;

void       ax_credit_plan_free         (AxCreditPlan   *plan);
GPtrArray *ax_credit_list_plans        (AxDb                *db,
                                        GError             **error);

G_END_DECLS
