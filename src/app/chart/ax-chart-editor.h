/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-charts.h"

G_BEGIN_DECLS

/* One clinical chart: header (status, visit, provider), entries, the
 * face-chart slot, notes and aftercare, and what the logged-in role may do
 * with it (docs/charts.md). A chart that is not a draft is read-only. */
#define AX_TYPE_CHART_EDITOR (ax_chart_editor_get_type ())
G_DECLARE_FINAL_TYPE (AxChartEditor, ax_chart_editor, AX, CHART_EDITOR, GtkWidget)

GtkWidget *ax_chart_editor_new            (AxContext     *context);
/* Opens chart_id (audited as chart.view), or shows nothing for NULL. */
void       ax_chart_editor_show_chart     (AxChartEditor *self,
                                           const char    *chart_id);
const char *ax_chart_editor_get_chart_id  (AxChartEditor *self);
/* The chart shown, NULL while loading or on an error. */
AxChart   *ax_chart_editor_get_chart      (AxChartEditor *self);
gboolean   ax_chart_editor_is_loading     (AxChartEditor *self);
/* The empty box where the face-chart canvas goes (id face_chart_slot). */
GtkWidget *ax_chart_editor_get_face_chart_slot (AxChartEditor *self);
/* Writes the chart shown as a PDF at path, decoding its photos and writing
 * the file in a worker thread, and audits the export. */
void       ax_chart_editor_export_pdf_async  (AxChartEditor       *self,
                                              const char          *path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   ax_chart_editor_export_pdf_finish (AxChartEditor       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
