/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ax-patient-timeline.h"

G_BEGIN_DECLS

/* What the Timeline tab says about an entry, as pure functions (tests
 * check the words without a display). Times are shown in tz; money in the
 * user's locale. */

/* The icon of a kind (symbolic). */
const char *ax_timeline_text_icon     (AxTimelineKind          kind);
/* "Botox, Filler", "Chart · Neurotoxin", "Receipt R-LOT-D1-2026-7", … */
char       *ax_timeline_text_title    (const AxTimelineEntry  *entry);
/* "10:00–10:30 · Dr Lee · Room 2 · Completed", "14:05 · ฿10,700.00 · Voided", … */
char       *ax_timeline_text_subtitle (const AxTimelineEntry  *entry,
                                       GTimeZone              *tz);
/* A day heading: "Today", "Yesterday", "Tuesday 3 March 2026". */
char       *ax_timeline_text_day      (gint64                  ms,
                                       gint64                  now_ms,
                                       GTimeZone              *tz);
/* The day of ms in tz as a number (for grouping): yyyymmdd. */
int         ax_timeline_day_key       (gint64                  ms,
                                       GTimeZone              *tz);
/* A sale status, a chart status, a consent status, a tender, as people say it. */
const char *ax_timeline_text_sale_status    (const char *status);
const char *ax_timeline_text_chart_status   (const char *status);
const char *ax_timeline_text_consent_status (const char *status);
const char *ax_timeline_text_tender         (const char *tender);

G_END_DECLS
