/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ax-face-canvas.h"

G_BEGIN_DECLS

/* The face chart's side panel (docs/face-chart.md): the tools, colour and
 * width, undo and redo, zoom, and the list of injection points with their
 * totals by product and by area, for the AxFaceCanvas it is given. */

#define AX_TYPE_FACE_CHART_PANEL (ax_face_chart_panel_get_type ())
G_DECLARE_FINAL_TYPE (AxFaceChartPanel, ax_face_chart_panel, AX, FACE_CHART_PANEL, GtkWidget)

GtkWidget    *ax_face_chart_panel_new        (AxFaceCanvas     *canvas);
void          ax_face_chart_panel_set_canvas (AxFaceChartPanel *self,
                                              AxFaceCanvas     *canvas);
AxFaceCanvas *ax_face_chart_panel_get_canvas (AxFaceChartPanel *self);

G_END_DECLS
