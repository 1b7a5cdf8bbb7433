/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"
#include "ax-receipts.h"

G_BEGIN_DECLS

/* Printing a sale's receipt or tax invoice (docs/receipts.md): records the
 * print (receipt.print, with the buyer for an invoice), writes the
 * original's PDF to the archive (<store folder>/receipts/<number>-<kind>.pdf),
 * then prints through GtkPrintOperation, whose dialog can also save a PDF.
 * With AX_PRINT_EXPORT_DIR set in the environment, the dialog is skipped and
 * each print exported to <dir>/<number>-<kind>-<n>.pdf (tests, kiosks).
 * Returns FALSE with error set when nothing was printed. */
gboolean ax_sale_print_run          (AxContext     *context,
                                     GtkWindow     *parent,
                                     const char    *sale_id,
                                     AxReceiptKind  kind,
                                     const char    *buyer_name,
                                     const char    *buyer_tax_id,
                                     const char    *buyer_address,
                                     GError       **error);
/* What the window's "sale.print" (ss) action does: asks for the buyer
 * first when an invoice has none, and shows errors in a dialog. */
void     ax_sale_print_activate     (AxContext     *context,
                                     GtkWindow     *parent,
                                     const char    *sale_id,
                                     const char    *kind);
/* <store folder>/receipts/<name> */
char    *ax_sale_print_archive_path (AxStore       *store,
                                     const char    *name);
/* A terminal's Z report for date, printed the same way (and archived once
 * the day is closed as Z-<terminal>-<date>.pdf). */
gboolean ax_z_report_print          (AxContext     *context,
                                     GtkWindow     *parent,
                                     const char    *device_id,
                                     const char    *date,
                                     GError       **error);
/* Shows a model error to the person at the till. */
void     ax_sale_print_show_error   (GtkWindow     *parent,
                                     const char    *heading,
                                     const GError  *error);

G_END_DECLS
