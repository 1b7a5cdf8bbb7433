/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-chart-editor.h"

G_BEGIN_DECLS

/* The patient record's Charts tab (AxRecordTab "charts"): the patient's
 * charts with their status, New Chart, and one chart in an AxChartEditor. */
#define AX_TYPE_CHARTS_TAB (ax_charts_tab_get_type ())
G_DECLARE_FINAL_TYPE (AxChartsTab, ax_charts_tab, AX, CHARTS_TAB, GtkWidget)

GtkWidget     *ax_charts_tab_new          (AxContext   *context);
AxChartEditor *ax_charts_tab_get_editor   (AxChartsTab *self);
GtkListBox    *ax_charts_tab_get_list     (AxChartsTab *self);
gboolean       ax_charts_tab_is_loading   (AxChartsTab *self);
/* "loading", "empty", "error", "list" or "editor". */
const char    *ax_charts_tab_get_state    (AxChartsTab *self);

G_END_DECLS
