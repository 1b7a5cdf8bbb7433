/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ax-charts.h"

G_BEGIN_DECLS

/* The words and numbers of the chart screens and the chart PDF, as pure
 * functions (tests/ui/test-chart-editor.c calls them without a display). */

/* "draft", "warning" or "success": the style of the status pill. */
const char *ax_chart_text_status_style   (AxChartStatus        status);
/* "20 U", "0.5 ml", "2.25 U"; "" without units. */
char       *ax_chart_text_units          (gboolean             has_units,
                                          gint64               units_milli,
                                          const char          *unit);
/* "10 Mar 2026, 10:30" in tz. */
char       *ax_chart_text_instant        (gint64               ms,
                                          GTimeZone           *tz);
/* "1 Sep 2026" from YYYY-MM-DD. */
char       *ax_chart_text_day            (const char          *ymd);
/* "Glabella" / "Glabella — Botox" / "Note". */
char       *ax_chart_text_entry_title    (const AxChartEntry  *entry);
/* "20 U · lot C2601, expires 1 Sep 2026 · 5 points · body". */
char       *ax_chart_text_entry_detail   (const AxChartEntry  *entry);
/* "C2601 · expires 1 Sep 2026 · 240 left" / "ABC123 · EXPIRED 1 Mar 2026". */
char       *ax_chart_text_lot            (const AxChartLot    *lot);
/* "Signed by Dr Mali on 10 Mar 2026, 14:05 — read-only", or for a chart
 * waiting: "Sent for sign-off on … — read-only until it is signed or
 * returned"; NULL for a draft. */
char       *ax_chart_text_locked_line    (const AxChart       *chart,
                                          GTimeZone           *tz);
/* Exactly what a signature covers, as lines for people: patient, visit,
 * provider, each entry, notes, aftercare, the overlay items and the photo
 * hashes (the SHA-256 of it all is chart->current_sha256). */
char       *ax_chart_text_signed_content (const AxChart       *chart,
                                          GTimeZone           *tz);
/* The number of annotation items over every overlay of the chart. */
int         ax_chart_text_overlay_items  (const AxChart       *chart);

G_END_DECLS
