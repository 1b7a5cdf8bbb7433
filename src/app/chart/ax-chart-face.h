/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-charts.h"
#include "ax-face-canvas.h"

G_BEGIN_DECLS

/* The face chart of one clinical chart, inside its editor: a choice of
 * what to draw on (the front or profile diagram, or one of the patient's
 * photos, checked against its hash before it is shown), the canvas and its
 * panel, and saving (overlay.save) a moment after each change, or at once
 * with Save. A chart that is not a draft, or a role without clinical.edit,
 * gets a read-only canvas. */
#define AX_TYPE_CHART_FACE (ax_chart_face_get_type ())
G_DECLARE_FINAL_TYPE (AxChartFace, ax_chart_face, AX, CHART_FACE, GtkWidget)

GtkWidget    *ax_chart_face_new        (AxContext   *context);
/* The chart shown by the editor (NULL: none). A new version of the same
 * chart keeps the canvas, its undo history and the background, unless the
 * stored overlay changed elsewhere. */
void       ax_chart_face_set_chart (AxChartFace *self,
                                    AxChart     *chart);
/* Saves a change still waiting for its moment; FALSE (and error) when the
 * save is refused. TRUE when there was nothing to save. */
gboolean   ax_chart_face_save_now  (AxChartFace *self,
                                    GError     **error);
AxFaceCanvas *ax_chart_face_get_canvas (AxChartFace *self);
/* Whether every change is stored. */
gboolean   ax_chart_face_is_saved  (AxChartFace *self);

G_END_DECLS
