/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_COMMISSION_WORKER (ax_commission_worker_get_type ())
G_DECLARE_FINAL_TYPE (AxCommissionWorker, ax_commission_worker, AX, COMMISSION_WORKER, GObject)

/* Keeps the commission log up to date behind the till (docs/commissions.md):
 * after sale.checkout, sale.refund, sale.void or a rule change it looks, on
 * a worker thread, for the providers' months whose log is not what the rules
 * give now (this month, last month, and the months of sales refunded since),
 * then runs commission.compute for each of them, one per idle turn of the
 * main loop, as the logged-in user. The cashier never waits for it. */
AxCommissionWorker *ax_commission_worker_new      (AxContext          *context);
/* Looks now (as after a sale). */
void                ax_commission_worker_schedule (AxCommissionWorker *self);
/* TRUE while a look or computations are under way or due (tests). */
gboolean            ax_commission_worker_is_busy  (AxCommissionWorker *self);

G_END_DECLS
