/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ax-dashboard.h"
#include "widgets/ax-stat-card.h"

G_BEGIN_DECLS

/* What the dashboard says, as pure functions of its figures, so that tests
 * can check the words without a display. Times are shown in tz. */

/* "Good morning, Anong" by the hour of now_ms in tz. */
char        *ax_dashboard_text_greeting        (gint64             now_ms,
                                                GTimeZone         *tz,
                                                const char        *name);
/* "No appointments today" / "1 appointment today" / "12 appointments today". */
char        *ax_dashboard_text_appointments    (int                count);
/* "Next: 14:30 Anong Srisuk — Botox with Dr Lee" or "No more appointments today". */
char        *ax_dashboard_text_next            (const AxDashboard *dash,
                                                GTimeZone         *tz);
/* "12% vs last Monday" with *trend set, or no_base ("no sales last week")
 * with AX_STAT_TREND_NONE when before is 0. `since` is the comparison
 * ("vs last Monday"). */
char        *ax_dashboard_text_change          (gint64             before,
                                                gint64             now,
                                                const char        *since,
                                                const char        *no_base,
                                                AxStatTrend       *trend);
/* "vs last Monday": the weekday of now_ms in tz. */
char        *ax_dashboard_text_vs_last_weekday (gint64             now_ms,
                                                GTimeZone         *tz);
/* "14:30" */
char        *ax_dashboard_text_time            (gint64             ms,
                                                GTimeZone         *tz);
/* "expired" / "expires today" / "1 day left" / "12 days left". */
char        *ax_dashboard_text_days_left       (int                days_left);
/* The stock alert card's line: "2 low · 1 expired · 1 expiring soon", or
 * "Stock levels are fine". */
char        *ax_dashboard_text_stock_summary   (const AxDashboard *dash);
/* "Cash", "Card", "Bank transfer", "QR payment"; unknown codes as given. */
const char  *ax_dashboard_text_tender          (const char        *tender);
/* "Voided" / "Refunded"; NULL for a completed sale. */
const char  *ax_dashboard_text_sale_status     (const char        *status);

G_END_DECLS
