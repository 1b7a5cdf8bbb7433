/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-print-doc.h"
#include "ax-receipts.h"
#include "ax-day-close.h"

G_BEGIN_DECLS

/* The documents of the till (docs/receipts.md): a sale's or credit note's
 * 80 mm receipt or A4 full tax invoice, marked COPY when copy is set, and a
 * terminal's Z report on the 80 mm roll. */
AxPrintDoc *ax_receipt_doc_new     (AxReceipt          *receipt,
                                    AxReceiptKind       kind,
                                    gboolean            copy);
AxPrintDoc *ax_z_report_doc_new    (AxZReport          *report,
                                    const AxClinicInfo *clinic,
                                    GTimeZone          *tz,
                                    gint64              printed_at_ms);
/* For people: "Cash", "Card", "Bank transfer", … */
const char *ax_tender_display_name (const char         *tender);

G_END_DECLS
