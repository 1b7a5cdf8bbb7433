/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include "ax-overlay.h"

G_BEGIN_DECLS

/* The face chart's painter, without a display (the canvas and the benchmark
 * both use it; docs/face-chart.md "Drawing and caching").
 *
 * An AxFaceView draws the background (a photo, or a built-in face diagram)
 * and an overlay at a zoom and offset into a view of a given size. It keeps
 * two cached surfaces covering the zoomed image (or, when that would be too
 * large, the view and a margin around it):
 *   - the background scaled to the zoom, remade only when the zoom changes
 *     (or the view moves out of the cached part);
 *   - the background with the finished overlay on it, remade when the
 *     overlay (or the background) changes.
 * A frame is then one copy of the cached layer plus what is live on top:
 * the item being drawn, the item being moved, the selection. */

typedef enum
{
  AX_FACE_DIAGRAM_FRONT,
  AX_FACE_DIAGRAM_PROFILE,
} AxFaceDiagram;

const char   *ax_face_diagram_to_string   (AxFaceDiagram diagram);

/* Draws a diagram's line art into its 1000×1300 space (AX_FACE_DIAGRAM_*). */
void          ax_face_diagram_draw        (cairo_t      *cr,
                                           AxFaceDiagram diagram);

/* Draws one item in image coordinates; zoom is the view's, so that point
 * markers and outlines keep their size on screen. */
void          ax_face_draw_item           (cairo_t             *cr,
                                           const AxOverlayItem *item,
                                           double               zoom);

/* The item being drawn, shown live on top of the cached layer. */
typedef struct
{
  AxOverlayKind      kind;        /* LINE, PEN or AREA; AX_OVERLAY_KIND_INVALID for none */
  const AxOverlayXY *points;
  guint              n_points;
  const char        *color;
  double             width;       /* image pixels */
  double             fill_alpha;
  gboolean           has_cursor;  /* area: a rubber band to the pointer */
  AxOverlayXY        cursor;
} AxFaceLive;

typedef struct _AxFaceView AxFaceView;

AxFaceView   *ax_face_view_new            (void);
void          ax_face_view_free           (AxFaceView      *view);
/* A photo as a cairo image surface in its oriented pixels (referenced), or
 * NULL for the diagram. */
void          ax_face_view_set_photo      (AxFaceView      *view,
                                           cairo_surface_t *photo);
/* The same, the photo being width × height pixels: a smaller surface (its
 * thumbnail) is stretched over them. */
void          ax_face_view_set_photo_sized (AxFaceView     *view,
                                            cairo_surface_t *photo,
                                            int              width,
                                            int              height);
void          ax_face_view_set_diagram    (AxFaceView      *view,
                                           AxFaceDiagram    diagram);
/* The image's size: the photo's, or the diagram's 1000×1300. */
void          ax_face_view_get_image_size (AxFaceView      *view,
                                           int             *width,
                                           int             *height);
/* Referenced; the finished layer is remade only if the overlay differs. */
void          ax_face_view_set_overlay    (AxFaceView      *view,
                                           AxOverlay       *overlay);
void          ax_face_view_set_size       (AxFaceView      *view,
                                           int              width,
                                           int              height);
/* view = image × zoom + (dx, dy). */
void          ax_face_view_set_transform  (AxFaceView      *view,
                                           double           zoom,
                                           double           dx,
                                           double           dy);
void          ax_face_view_set_live       (AxFaceView      *view,
                                           const AxFaceLive *live);
/* An item moved by (dx, dy) image pixels: left out of the cached layer and
 * drawn live where it is being dragged. NULL ends the move. */
void          ax_face_view_set_moving     (AxFaceView      *view,
                                           const char      *id,
                                           double           dx,
                                           double           dy);
void          ax_face_view_set_selected   (AxFaceView      *view,
                                           const char      *id);
/* When TRUE a zoom change first shows the old layer scaled (fast) and
 * ax_face_view_needs_rebuild() says a full-quality frame is still owed. */
void          ax_face_view_set_deferred   (AxFaceView      *view,
                                           gboolean         deferred);
gboolean      ax_face_view_needs_rebuild  (AxFaceView      *view);
/* Remakes what is stale now (the canvas calls it from an idle after a zoom). */
void          ax_face_view_rebuild        (AxFaceView      *view);
/* Paints the view at (0, 0)–(width, height) of cr. */
void          ax_face_view_draw           (AxFaceView      *view,
                                           cairo_t         *cr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxFaceView, ax_face_view_free)

G_END_DECLS
