/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A printed document as a list of rows (text, label/value pairs, table rows,
 * rules), laid out by one piece of code for a PDF file and for
 * GtkPrintOperation alike (docs/receipts.md). An 80 mm roll is one page as
 * tall as its content; A4 breaks into pages with a footer. */

typedef enum
{
  AX_PAPER_ROLL_80,
  AX_PAPER_A4,
} AxPaper;

typedef enum
{
  AX_DOC_NORMAL,
  AX_DOC_SMALL,
  AX_DOC_BOLD,
  AX_DOC_HEADING,
  AX_DOC_TITLE,
  AX_DOC_TOTAL,
  AX_DOC_SMALL_BOLD,
} AxDocStyle;

typedef struct _AxPrintDoc AxPrintDoc;

AxPrintDoc *ax_print_doc_new           (AxPaper            paper,
                                        const char        *title);
void        ax_print_doc_free          (AxPrintDoc        *doc);
AxPaper     ax_print_doc_get_paper     (AxPrintDoc        *doc);
const char *ax_print_doc_get_title     (AxPrintDoc        *doc);
/* Drawn large and faint across every page (A4) or boxed at the top (roll). */
void        ax_print_doc_set_watermark (AxPrintDoc        *doc,
                                        const char        *text);
void        ax_print_doc_set_footer    (AxPrintDoc        *doc,
                                        const char        *text);

void        ax_print_doc_text          (AxPrintDoc        *doc,
                                        AxDocStyle         style,
                                        PangoAlignment     align,
                                        const char        *text);
/* left flush left, right flush right, on one line when they fit. */
void        ax_print_doc_pair          (AxPrintDoc        *doc,
                                        AxDocStyle         style,
                                        const char        *left,
                                        const char        *right);
/* A table row: n cells, widths in fractions of the text width; the align
 * string has one letter per cell: l, c or r. */
void        ax_print_doc_row           (AxPrintDoc        *doc,
                                        AxDocStyle         style,
                                        guint              n,
                                        const double      *widths,
                                        const char        *align,
                                        const char *const *cells);
void        ax_print_doc_rule          (AxPrintDoc        *doc,
                                        gboolean           heavy);
void        ax_print_doc_gap           (AxPrintDoc        *doc,
                                        double             points);
/* Text in a box across the width (COPY, VOIDED). */
void        ax_print_doc_box           (AxPrintDoc        *doc,
                                        const char        *text);

/* Paper size in points; for a roll the height follows the content. */
void        ax_print_doc_get_size      (AxPrintDoc        *doc,
                                        double            *width,
                                        double            *height);
/* Lays out for a page of width × height points (height ≤ 0: one endless
 * page); returns the number of pages. */
int         ax_print_doc_layout        (AxPrintDoc        *doc,
                                        cairo_t           *cr,
                                        double             width,
                                        double             height);
void        ax_print_doc_draw_page     (AxPrintDoc        *doc,
                                        cairo_t           *cr,
                                        int                page);
gboolean    ax_print_doc_write_pdf     (AxPrintDoc        *doc,
                                        const char        *path,
                                        GError           **error);
/* Prints through GtkPrintOperation (its dialog offers printing to a PDF
 * file). With export_path the dialog is skipped and the PDF written there.
 * Takes doc (it lives as long as the print operation). */
gboolean    ax_print_doc_print         (AxPrintDoc        *doc,
                                        GtkWindow         *parent,
                                        const char        *export_path,
                                        GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxPrintDoc, ax_print_doc_free)

G_END_DECLS
