/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_DASHBOARD_PAGE (ax_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (AxDashboardPage, ax_dashboard_page, AX, DASHBOARD_PAGE, GtkWidget)

/* The day at a glance: greeting and next appointment, revenue,
 * appointments and new patients against last week or month, stock alerts
 * and the latest sales. Loads off the main thread when shown and again
 * after every change to the store. */
GtkWidget *ax_dashboard_page_new    (AxContext       *context);
AxContext *ax_dashboard_page_get_context (AxDashboardPage *self);
void       ax_dashboard_page_reload (AxDashboardPage *self);

G_END_DECLS
