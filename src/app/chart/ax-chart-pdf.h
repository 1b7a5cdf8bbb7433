/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "ax-charts.h"

G_BEGIN_DECLS

/* The chart as a document (docs/charts.md): patient, visit, entries,
 * notes, aftercare, the face chart, and each signature with its signer,
 * time, meaning and hash. */

#define AX_CHART_PDF_WIDTH  595.0   /* A4 in points */
#define AX_CHART_PDF_HEIGHT 842.0

/* Draws the chart onto cr, pages of width × height points; a long chart
 * goes on over further pages (cairo_show_page). The caller shows the last
 * page. Any cairo surface works: PDF, an image for a preview or a test.
 * photos maps a photo's SHA-256 to its picture (a cairo image surface, any
 * size: it is scaled to the overlay's space); a face chart on a photo
 * missing from it is drawn without the photo. NULL: no photos. */
void     ax_chart_pdf_draw  (cairo_t       *cr,
                             const AxChart *chart,
                             GHashTable    *photos,
                             GTimeZone     *tz,
                             double         width,
                             double         height);
/* Writes the chart as a PDF file at path. */
gboolean ax_chart_pdf_write (const char    *path,
                             const AxChart *chart,
                             GHashTable    *photos,
                             GTimeZone     *tz,
                             GError       **error);

G_END_DECLS
