/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ax-overlay.h"
#include "ax-face-draw.h"

G_BEGIN_DECLS

/* The face chart canvas (docs/face-chart.md): a photo, or the built-in face
 * diagram, with its vector overlay, and the tools that draw on it. Everything
 * is kept in image coordinates; zoom and pan only change the view.
 *
 * Actions (group "face"): face.tool-point, -line, -pen, -area, -text,
 * -select, -erase; face.undo (Ctrl+Z), face.redo (Ctrl+Shift+Z, Ctrl+Y),
 * face.zoom-in (Ctrl++), face.zoom-out (Ctrl+-), face.zoom-fit (Ctrl+0),
 * face.delete (Delete: the selected mark), face.renumber.
 * Signal ::changed after every change of the overlay (not of the view). */

typedef enum
{
  AX_FACE_TOOL_POINT,
  AX_FACE_TOOL_LINE,
  AX_FACE_TOOL_PEN,
  AX_FACE_TOOL_AREA,
  AX_FACE_TOOL_TEXT,
  AX_FACE_TOOL_SELECT,
  AX_FACE_TOOL_ERASE,
} AxFaceTool;

#define AX_TYPE_FACE_TOOL (ax_face_tool_get_type ())
GType ax_face_tool_get_type (void);

/* What the point tool offers: a product and, optionally, one of its lots. */
typedef struct
{
  const char *product_id;
  const char *name;
  const char *lot_id;   /* NULL: the product without a lot */
  const char *lot;
  const char *expiry;   /* YYYY-MM-DD or NULL */
  const char *unit;     /* "U", "ml"; NULL for "U" */
} AxFaceProduct;

#define AX_TYPE_FACE_CANVAS (ax_face_canvas_get_type ())
G_DECLARE_FINAL_TYPE (AxFaceCanvas, ax_face_canvas, AX, FACE_CANVAS, GtkWidget)

GtkWidget     *ax_face_canvas_new              (void);

/* A photo in its oriented pixels, or NULL for the diagram. The overlay is
 * reset to an empty one of the new image's size (set it after the photo). */
void           ax_face_canvas_set_photo        (AxFaceCanvas        *self,
                                                GdkTexture          *texture);
/* The same, with a smaller picture of the photo (its thumbnail, while
 * the original is fetched) stretched over width × height, the photo's own
 * oriented pixels, which the overlay uses. */
void           ax_face_canvas_set_photo_preview (AxFaceCanvas       *self,
                                                 GdkTexture         *texture,
                                                 int                 width,
                                                 int                 height);
/* Another picture of the photo shown (the original arriving for its
 * thumbnail): the image size, the overlay, the undo history, the zoom and
 * the position stay. */
void           ax_face_canvas_swap_photo       (AxFaceCanvas        *self,
                                                GdkTexture          *texture);
void           ax_face_canvas_set_diagram      (AxFaceCanvas        *self,
                                                AxFaceDiagram        diagram);
AxFaceDiagram  ax_face_canvas_get_diagram      (AxFaceCanvas        *self);
gboolean       ax_face_canvas_has_photo        (AxFaceCanvas        *self);

/* Replaces the overlay and forgets the undo history (a chart was opened).
 * Its space must be the image's; NULL is an empty overlay. */
void           ax_face_canvas_set_overlay      (AxFaceCanvas        *self,
                                                AxOverlay           *overlay);
AxOverlay     *ax_face_canvas_get_overlay      (AxFaceCanvas        *self);

/* The products and lots the point tool offers (copied). */
void           ax_face_canvas_set_products     (AxFaceCanvas        *self,
                                                const AxFaceProduct *products,
                                                guint                n_products);

void           ax_face_canvas_set_tool         (AxFaceCanvas        *self,
                                                AxFaceTool           tool);
AxFaceTool     ax_face_canvas_get_tool         (AxFaceCanvas        *self);
/* Read-only (a signed chart): only select (no moving), zoom and pan. */
void           ax_face_canvas_set_read_only    (AxFaceCanvas        *self,
                                                gboolean             read_only);
gboolean       ax_face_canvas_get_read_only    (AxFaceCanvas        *self);
/* "#rrggbb" of the next mark. */
void           ax_face_canvas_set_color        (AxFaceCanvas        *self,
                                                const char          *color);
const char    *ax_face_canvas_get_color        (AxFaceCanvas        *self);
/* The width of the next line or pen stroke, in screen pixels at the zoom
 * it is drawn at (stored in image pixels). */
void           ax_face_canvas_set_stroke_width (AxFaceCanvas        *self,
                                                double               width);
double         ax_face_canvas_get_stroke_width (AxFaceCanvas        *self);

double         ax_face_canvas_get_zoom         (AxFaceCanvas        *self);
/* Zooms by factor around the view point (x, y). */
void           ax_face_canvas_zoom_by          (AxFaceCanvas        *self,
                                                double               factor,
                                                double               x,
                                                double               y);
void           ax_face_canvas_zoom_fit         (AxFaceCanvas        *self);
/* Image coordinates of a view point, and back. */
void           ax_face_canvas_view_to_image    (AxFaceCanvas        *self,
                                                double               vx,
                                                double               vy,
                                                double              *ix,
                                                double              *iy);
void           ax_face_canvas_image_to_view    (AxFaceCanvas        *self,
                                                double               ix,
                                                double               iy,
                                                double              *vx,
                                                double              *vy);

gboolean       ax_face_canvas_can_undo         (AxFaceCanvas        *self);
gboolean       ax_face_canvas_can_redo         (AxFaceCanvas        *self);
gboolean       ax_face_canvas_undo             (AxFaceCanvas        *self);
gboolean       ax_face_canvas_redo             (AxFaceCanvas        *self);

/* The id of the selected mark, or NULL. */
const char    *ax_face_canvas_get_selected     (AxFaceCanvas        *self);

G_END_DECLS
