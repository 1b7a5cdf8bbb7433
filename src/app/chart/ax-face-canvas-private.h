/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-face-canvas.h"

G_BEGIN_DECLS

/* What ax-face-canvas.c (the object, view, undo, actions) and
 * ax-face-canvas-tools.c (pointer, keys and the tools' popovers) share. */

#define AX_FACE_MIN_ZOOM 0.02
#define AX_FACE_MAX_ZOOM 16.0

typedef enum
{
  AX_FACE_DRAG_NONE,
  AX_FACE_DRAG_PAN,
  AX_FACE_DRAG_LINE,
  AX_FACE_DRAG_PEN,
  AX_FACE_DRAG_MOVE,
  AX_FACE_DRAG_CLICK,  /* pressed; a click unless it moves */
} AxFaceDragKind;

struct _AxFaceCanvas
{
  GtkWidget      parent_instance;

  AxFaceView    *view;
  char          *description;   /* the accessible description, as last set */
  GdkTexture    *texture;
  AxFaceDiagram  diagram;
  AxOverlay     *overlay;
  GPtrArray     *undo;          /* AxOverlay*, oldest first */
  GPtrArray     *redo;          /* AxOverlay*, the next redo last */
  GArray        *products;      /* AxFaceProduct with owned strings */

  AxFaceTool     tool;
  gboolean       read_only;
  char           color[8];
  double         stroke_width;

  double         zoom;
  double         dx;
  double         dy;
  gboolean       fitted;        /* follow the size until the user zooms or pans */
  guint          rebuild_id;

  /* Pointer and keys */
  double         pointer_x;
  double         pointer_y;
  gboolean       space_down;
  AxFaceDragKind drag;
  guint          drag_button;
  double         press_x;       /* view */
  double         press_y;
  double         press_dx;      /* the offset at the press (pan) */
  double         press_dy;
  char          *drag_id;       /* the mark being moved */
  GArray        *live;          /* AxOverlayXY of the mark being drawn */
  gint64         last_click_us;
  double         last_click_x;
  double         last_click_y;
  char          *selected_id;

  /* The point tool's last answers, reused for the next point. */
  int            dose_product;  /* index into products, or -1 */
  gint64         dose_units_milli;
  char          *dose_area;

  double         pinch_zoom;    /* the zoom when a pinch began */

  GtkWidget     *popover;       /* the open dose or text popover, or NULL */
  char          *popover_id;    /* the point it edits */
  gboolean       popover_new;   /* …placed just now: its dose amends that step */
  double         popover_x;     /* image: where the text goes */
  double         popover_y;
};

/* ax-face-canvas.c */
void     ax_face_canvas_commit          (AxFaceCanvas *self,
                                         AxOverlay    *next);   /* (transfer full) */
/* Replaces the current overlay without a new undo step (a point's dose
 * entered right after the point was placed). */
void     ax_face_canvas_amend           (AxFaceCanvas *self,
                                         AxOverlay    *next);   /* (transfer full) */
void     ax_face_canvas_set_selected    (AxFaceCanvas *self,
                                         const char   *id);
void     ax_face_canvas_set_offset      (AxFaceCanvas *self,
                                         double        dx,
                                         double        dy);
void     ax_face_canvas_update_live     (AxFaceCanvas *self);
void     ax_face_canvas_update_cursor   (AxFaceCanvas *self);
void     ax_face_canvas_report_error    (AxFaceCanvas *self,
                                         const GError *error);
/* Tolerance for picking a mark, in image pixels. */
double   ax_face_canvas_pick_tolerance  (AxFaceCanvas *self);

/* ax-face-canvas-tools.c */
void     ax_face_canvas_init_controllers (AxFaceCanvas *self);
/* Pointer input in view coordinates (the gestures call these; so do tests). */
void     ax_face_canvas_pointer_down    (AxFaceCanvas *self,
                                         double        x,
                                         double        y,
                                         guint         button);
void     ax_face_canvas_pointer_move    (AxFaceCanvas *self,
                                         double        x,
                                         double        y);
void     ax_face_canvas_pointer_up      (AxFaceCanvas *self,
                                         double        x,
                                         double        y);
/* Ends the mark being drawn: an area is closed (if it has 3 points). */
void     ax_face_canvas_finish_live     (AxFaceCanvas *self);
void     ax_face_canvas_cancel_live     (AxFaceCanvas *self);
void     ax_face_canvas_close_popover   (AxFaceCanvas *self);
/* Answers the open dose popover (tests and the popover's Done button). */
void     ax_face_canvas_apply_dose      (AxFaceCanvas        *self,
                                         const AxOverlayDose *dose);
/* Answers the open text popover. */
void     ax_face_canvas_apply_text      (AxFaceCanvas *self,
                                         const char   *text);
const char *ax_face_tool_to_name        (AxFaceTool    tool);

G_END_DECLS
