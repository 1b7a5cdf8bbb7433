/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The face chart's vector overlay (DESIGN.md §7, docs/face-chart.md): numbered
 * injection points, straight lines, freehand pen strokes, areas and text, in
 * the photo's own pixel coordinates (or the built-in diagram's). Photos are
 * never modified; this is what is drawn on them.
 *
 * AxOverlay and its items are immutable and refcounted. Every edit returns a
 * new overlay that shares its unchanged items with the old one, so an undo
 * stack is a list of overlays and costs little. */

/* Limits a parsed or edited overlay keeps within. */
#define AX_OVERLAY_MAX_ITEMS        2000
#define AX_OVERLAY_MAX_ITEM_POINTS  5000
#define AX_OVERLAY_MAX_POINTS       200000   /* over all items */
#define AX_OVERLAY_MAX_SIDE         100000   /* of the image, in pixels */
#define AX_OVERLAY_MAX_TEXT         200      /* characters of any text field */
#define AX_OVERLAY_MAX_UNITS_MILLI  G_GINT64_CONSTANT (1000000000)

/* The space of the built-in face diagrams ("front", "profile"). */
#define AX_FACE_DIAGRAM_WIDTH       1000
#define AX_FACE_DIAGRAM_HEIGHT      1300

typedef enum
{
  AX_OVERLAY_POINT, /* a numbered injection point */
  AX_OVERLAY_LINE,  /* a straight line: exactly 2 points */
  AX_OVERLAY_PEN,   /* a freehand path: 2 or more points */
  AX_OVERLAY_AREA,  /* a closed, translucent polygon: 3 or more points */
  AX_OVERLAY_TEXT,  /* a text label */
  AX_N_OVERLAY_KINDS,
  AX_OVERLAY_KIND_INVALID = -1,
} AxOverlayKind;

const char    *ax_overlay_kind_to_string   (AxOverlayKind kind);
AxOverlayKind  ax_overlay_kind_from_string (const char   *text);

typedef struct
{
  double x;
  double y;
} AxOverlayXY;

/* What was injected at a point. Strings may be NULL (no value). */
typedef struct
{
  const char *product_id;
  const char *product;
  const char *lot_id;
  const char *lot;
  gint64      units_milli; /* thousandths of a unit: 4000 = 4 U */
  const char *unit;        /* "U", "ml" */
  const char *area;        /* "glabella" */
} AxOverlayDose;

/* One item. Read-only: fields are set when it is made and never change. */
typedef struct
{
  AxOverlayKind kind;
  char         *id;
  char          color[8];   /* "#rrggbb", lower case */

  /* point, text */
  double        x;
  double        y;

  /* line, pen, area */
  AxOverlayXY  *points;
  guint         n_points;
  double        width;      /* line, pen: stroke width in image pixels */
  double        fill_alpha; /* area: 0…1 */
  char         *label;      /* area: may be NULL */

  /* point */
  guint         n;          /* its number, from 1 */
  char         *product_id; /* product_id, product, lot_id, lot, unit, area: may be NULL */
  char         *product;
  char         *lot_id;
  char         *lot;
  gint64        units_milli;
  char         *unit;
  char         *area;

  /* text */
  char         *text;
  double        size;       /* font size in image pixels */

  /*< private >*/
  gatomicrefcount ref_count;
} AxOverlayItem;

AxOverlayItem *ax_overlay_item_ref   (AxOverlayItem       *item);
void           ax_overlay_item_unref (AxOverlayItem       *item);
/* The item's bounding box in image coordinates (without stroke width). */
void           ax_overlay_item_bounds (const AxOverlayItem *item,
                                       double              *x0,
                                       double              *y0,
                                       double              *x1,
                                       double              *y1);

typedef struct _AxOverlay AxOverlay;

/* An empty overlay over an image of width × height pixels. */
AxOverlay           *ax_overlay_new          (guint            width,
                                              guint            height);
/* Parses and validates the JSON format of docs/face-chart.md. On failure the
 * error (AX_CORE_ERROR_INVALID) names the item: "Overlay item 3 (line): it
 * needs exactly 2 points". */
AxOverlay           *ax_overlay_parse        (const char      *json,
                                              GError         **error);
/* The canonical JSON: fixed key order, coordinates rounded to 1/100 pixel,
 * no spaces. parse (to_json (o)) gives back the same overlay and
 * to_json (parse (s)) == s for any canonical s. */
char                *ax_overlay_to_json      (const AxOverlay *overlay);
AxOverlay           *ax_overlay_ref          (AxOverlay       *overlay);
void                 ax_overlay_unref        (AxOverlay       *overlay);
gboolean             ax_overlay_equal        (const AxOverlay *a,
                                              const AxOverlay *b);

guint                ax_overlay_get_width    (const AxOverlay *overlay);
guint                ax_overlay_get_height   (const AxOverlay *overlay);
guint                ax_overlay_get_n_items  (const AxOverlay *overlay);
const AxOverlayItem *ax_overlay_get_item     (const AxOverlay *overlay,
                                              guint            index);
/* The index of the item with that id, or -1. */
int                  ax_overlay_find         (const AxOverlay *overlay,
                                              const char      *id);
/* How many items of a kind. */
guint                ax_overlay_count_kind   (const AxOverlay *overlay,
                                              AxOverlayKind    kind);
/* The topmost item within tolerance (image pixels) of (x, y), or -1. */
int                  ax_overlay_hit_test     (const AxOverlay *overlay,
                                              double           x,
                                              double           y,
                                              double           tolerance);
/* A translated summary for people and screen readers:
 * "3 injection points, 1 line"; "No marks" when empty. */
char                *ax_overlay_describe     (const AxOverlay *overlay);

/* Edits. Each returns a new overlay (the argument is left as it was), or
 * NULL with an error when a limit would be passed or the id is unknown.
 * Coordinates are clamped into the image and rounded to 1/100 pixel; new
 * items get a fresh UUIDv7 id. */
AxOverlay *ax_overlay_add_point      (const AxOverlay     *overlay,
                                      double               x,
                                      double               y,
                                      const AxOverlayDose *dose,
                                      const char          *color,
                                      GError             **error);
/* kind is AX_OVERLAY_LINE (2 points) or AX_OVERLAY_PEN (2 or more). */
AxOverlay *ax_overlay_add_path       (const AxOverlay     *overlay,
                                      AxOverlayKind        kind,
                                      const AxOverlayXY   *points,
                                      guint                n_points,
                                      const char          *color,
                                      double               width,
                                      GError             **error);
AxOverlay *ax_overlay_add_area       (const AxOverlay     *overlay,
                                      const AxOverlayXY   *points,
                                      guint                n_points,
                                      const char          *color,
                                      double               fill_alpha,
                                      const char          *label,
                                      GError             **error);
AxOverlay *ax_overlay_add_text       (const AxOverlay     *overlay,
                                      double               x,
                                      double               y,
                                      const char          *text,
                                      const char          *color,
                                      double               size,
                                      GError             **error);
/* Moves an item by (dx, dy), kept inside the image as a whole. */
AxOverlay *ax_overlay_move_item      (const AxOverlay     *overlay,
                                      const char          *id,
                                      double               dx,
                                      double               dy,
                                      GError             **error);
AxOverlay *ax_overlay_remove_item    (const AxOverlay     *overlay,
                                      const char          *id,
                                      GError             **error);
/* Replaces a point's product, lot, units and area. */
AxOverlay *ax_overlay_set_dose       (const AxOverlay     *overlay,
                                      const char          *id,
                                      const AxOverlayDose *dose,
                                      GError             **error);
/* Numbers the points 1, 2, 3… in the order they were placed. Points keep
 * their numbers when another is removed, so what a note says about "point
 * 4" stays true until someone renumbers. */
AxOverlay *ax_overlay_renumber_points (const AxOverlay    *overlay);
/* The next number a new point gets: one more than the highest. */
guint      ax_overlay_next_point_number (const AxOverlay  *overlay);

/* Units injected, per product (by product_id, else by name, and unit) or per
 * area (by area and unit), in the order first met. */
typedef struct
{
  char  *name;        /* the product or area name; "" when none was given */
  char  *unit;        /* may be "" */
  gint64 units_milli;
  guint  n_points;
} AxOverlayTotal;

void       ax_overlay_total_free      (AxOverlayTotal  *total);
/* Arrays of AxOverlayTotal*, freed with g_ptr_array_unref. */
GPtrArray *ax_overlay_totals_by_product (const AxOverlay *overlay);
GPtrArray *ax_overlay_totals_by_area    (const AxOverlay *overlay);

/* "4 U", "0.5 ml", "12.25 U": units_milli in plain digits, for people. */
char      *ax_overlay_format_units    (gint64           units_milli,
                                       const char      *unit);
/* Whether text is a colour the overlay takes: "#rrggbb" (either case). */
gboolean   ax_overlay_color_is_valid  (const char      *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxOverlay, ax_overlay_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxOverlayItem, ax_overlay_item_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxOverlayTotal, ax_overlay_total_free)

G_END_DECLS
