/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-face-draw.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

/* Above this many pixels (32 MiB a surface) the cache covers the view and a
 * margin around it rather than the whole zoomed image. */
#define MAX_CACHE_PIXELS (8 * 1024 * 1024)
#define POINT_RADIUS     11.0   /* screen pixels */
#define PAPER_RGB        0.984, 0.980, 0.973
#define SURROUND_RGB     0.20, 0.20, 0.22

struct _AxFaceView
{
  cairo_surface_t *photo;
  AxFaceDiagram    diagram;
  int              image_width;
  int              image_height;
  AxOverlay       *overlay;

  int              width;
  int              height;
  double           zoom;
  double           dx;
  double           dy;

  AxFaceLive       live;
  GArray          *live_points;  /* AxOverlayXY, our copy of live.points */
  char            *live_color;
  char            *moving_id;
  double           move_dx;
  double           move_dy;
  char            *selected_id;
  gboolean         deferred;

  /* The caches: the region [cache_x, +cache_w) × [cache_y, +cache_h) of the
   * image zoomed by cache_zoom. */
  cairo_surface_t *background;
  cairo_surface_t *layer;
  double           cache_zoom;
  int              cache_x;
  int              cache_y;
  int              cache_w;
  int              cache_h;
  AxOverlay       *layer_overlay;   /* what the layer shows */
  char            *layer_hidden_id; /* the item left out of it */
};

const char *
ax_face_diagram_to_string (AxFaceDiagram diagram)
{
  return diagram == AX_FACE_DIAGRAM_PROFILE ? "profile" : "front";
}

/* The diagrams */

static void
mirror_x (cairo_t *cr)
{
  cairo_translate (cr, AX_FACE_DIAGRAM_WIDTH, 0);
  cairo_scale (cr, -1, 1);
}

/* The half of a front face right of the centre line, drawn twice. */
static void
draw_front_half (cairo_t *cr)
{
  /* Head: crown, temple, cheekbone, jaw, chin. */
  cairo_move_to (cr, 500, 118);
  cairo_curve_to (cr, 660, 118, 790, 220, 805, 420);
  cairo_curve_to (cr, 815, 560, 812, 700, 780, 820);
  cairo_curve_to (cr, 752, 950, 680, 1050, 590, 1100);
  cairo_curve_to (cr, 560, 1116, 530, 1120, 500, 1120);
  cairo_stroke (cr);

  /* Ear. */
  cairo_move_to (cr, 806, 560);
  cairo_curve_to (cr, 850, 520, 885, 560, 878, 640);
  cairo_curve_to (cr, 872, 720, 845, 790, 800, 790);
  cairo_stroke (cr);
  cairo_move_to (cr, 822, 600);
  cairo_curve_to (cr, 850, 590, 856, 650, 838, 700);
  cairo_stroke (cr);

  /* Neck. */
  cairo_move_to (cr, 690, 1010);
  cairo_curve_to (cr, 680, 1120, 690, 1220, 720, 1300);
  cairo_stroke (cr);

  /* Hairline. */
  cairo_save (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, 0.45, 0.44, 0.47, 0.55);
  cairo_move_to (cr, 500, 236);
  cairo_curve_to (cr, 620, 236, 730, 280, 780, 380);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Brow. */
  cairo_move_to (cr, 545, 478);
  cairo_curve_to (cr, 600, 446, 680, 438, 735, 470);
  cairo_stroke (cr);

  /* Eye: lids, iris, pupil, crease. */
  cairo_move_to (cr, 560, 566);
  cairo_curve_to (cr, 595, 528, 665, 522, 712, 562);
  cairo_curve_to (cr, 668, 594, 600, 600, 560, 566);
  cairo_stroke (cr);
  cairo_arc (cr, 634, 562, 25, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_arc (cr, 634, 562, 9, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, 572, 540);
  cairo_curve_to (cr, 610, 506, 670, 504, 708, 540);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Nose: bridge, ala, nostril, tip. */
  cairo_save (cr);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, 528, 560);
  cairo_curve_to (cr, 540, 640, 548, 700, 560, 752);
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_move_to (cr, 500, 812);
  cairo_curve_to (cr, 520, 812, 530, 800, 548, 806);
  cairo_curve_to (cr, 578, 804, 584, 768, 562, 756);
  cairo_stroke (cr);
  cairo_move_to (cr, 512, 796);
  cairo_curve_to (cr, 522, 786, 536, 786, 544, 794);
  cairo_stroke (cr);

  /* Nasolabial fold. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_set_source_rgba (cr, 0.45, 0.44, 0.47, 0.6);
  cairo_move_to (cr, 590, 790);
  cairo_curve_to (cr, 630, 840, 640, 880, 632, 930);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Lips: the cupid's bow, the upper and lower lip, the mouth line. */
  cairo_move_to (cr, 500, 884);
  cairo_curve_to (cr, 515, 872, 530, 866, 545, 872);
  cairo_curve_to (cr, 570, 880, 595, 894, 612, 908);
  cairo_stroke (cr);
  cairo_move_to (cr, 500, 910);
  cairo_curve_to (cr, 550, 902, 585, 904, 612, 908);
  cairo_stroke (cr);
  cairo_move_to (cr, 612, 908);
  cairo_curve_to (cr, 585, 950, 545, 968, 500, 968);
  cairo_stroke (cr);

  /* Chin crease. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_set_source_rgba (cr, 0.45, 0.44, 0.47, 0.6);
  cairo_move_to (cr, 500, 1030);
  cairo_curve_to (cr, 520, 1030, 540, 1024, 556, 1014);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_front (cairo_t *cr)
{
  draw_front_half (cr);
  cairo_save (cr);
  mirror_x (cr);
  draw_front_half (cr);
  cairo_restore (cr);

  /* The philtrum, once. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_set_source_rgba (cr, 0.45, 0.44, 0.47, 0.6);
  cairo_move_to (cr, 488, 826);
  cairo_line_to (cr, 486, 872);
  cairo_move_to (cr, 512, 826);
  cairo_line_to (cr, 514, 872);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A face looking left. */
static void
draw_profile (cairo_t *cr)
{
  /* The profile line: forehead, brow, nose, lips, chin, throat. */
  cairo_move_to (cr, 560, 118);
  cairo_curve_to (cr, 430, 118, 340, 200, 322, 330);
  cairo_curve_to (cr, 314, 390, 312, 440, 300, 480);
  cairo_curve_to (cr, 296, 500, 306, 520, 312, 540);
  cairo_curve_to (cr, 290, 610, 240, 680, 212, 728);
  cairo_curve_to (cr, 204, 744, 214, 760, 236, 762);
  cairo_curve_to (cr, 254, 764, 266, 770, 274, 782);
  cairo_curve_to (cr, 276, 810, 262, 842, 262, 862);
  cairo_curve_to (cr, 262, 878, 282, 884, 296, 890);
  cairo_curve_to (cr, 276, 900, 266, 920, 276, 942);
  cairo_curve_to (cr, 290, 960, 318, 964, 326, 980);
  cairo_curve_to (cr, 312, 1010, 296, 1040, 304, 1070);
  cairo_curve_to (cr, 320, 1110, 380, 1124, 440, 1118);
  cairo_curve_to (cr, 470, 1160, 470, 1240, 470, 1300);
  cairo_stroke (cr);

  /* The back of the head and the nape. */
  cairo_move_to (cr, 560, 118);
  cairo_curve_to (cr, 740, 118, 860, 260, 870, 460);
  cairo_curve_to (cr, 878, 620, 840, 740, 790, 840);
  cairo_curve_to (cr, 770, 900, 780, 1100, 800, 1300);
  cairo_stroke (cr);

  /* Jaw line to the ear. */
  cairo_save (cr);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, 330, 1096);
  cairo_curve_to (cr, 460, 1080, 560, 1010, 640, 900);
  cairo_curve_to (cr, 660, 870, 668, 840, 664, 800);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Ear. */
  cairo_move_to (cr, 640, 560);
  cairo_curve_to (cr, 660, 510, 740, 500, 752, 580);
  cairo_curve_to (cr, 762, 650, 740, 720, 700, 770);
  cairo_curve_to (cr, 680, 796, 652, 792, 648, 770);
  cairo_stroke (cr);
  cairo_move_to (cr, 668, 590);
  cairo_curve_to (cr, 690, 560, 726, 572, 722, 620);
  cairo_curve_to (cr, 720, 660, 700, 690, 690, 700);
  cairo_stroke (cr);

  /* Eye seen from the side, and its brow. */
  cairo_move_to (cr, 338, 560);
  cairo_curve_to (cr, 360, 540, 390, 538, 412, 552);
  cairo_stroke (cr);
  cairo_move_to (cr, 338, 560);
  cairo_curve_to (cr, 360, 578, 390, 580, 410, 566);
  cairo_stroke (cr);
  cairo_arc (cr, 350, 560, 7, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_move_to (cr, 318, 480);
  cairo_curve_to (cr, 350, 462, 410, 460, 450, 482);
  cairo_stroke (cr);

  /* Nostril and cheek. */
  cairo_move_to (cr, 250, 746);
  cairo_curve_to (cr, 270, 730, 296, 734, 300, 752);
  cairo_stroke (cr);
  cairo_save (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_set_source_rgba (cr, 0.45, 0.44, 0.47, 0.6);
  cairo_move_to (cr, 320, 770);
  cairo_curve_to (cr, 350, 820, 356, 860, 340, 900);
  cairo_move_to (cr, 400, 620);
  cairo_curve_to (cr, 450, 640, 500, 660, 530, 700);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Mouth corner. */
  cairo_move_to (cr, 296, 890);
  cairo_line_to (cr, 330, 892);
  cairo_stroke (cr);
}

void
ax_face_diagram_draw (cairo_t      *cr,
                      AxFaceDiagram diagram)
{
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 3.2);
  cairo_set_source_rgb (cr, 0.34, 0.33, 0.36);
  if (diagram == AX_FACE_DIAGRAM_PROFILE)
    draw_profile (cr);
  else
    draw_front (cr);
  cairo_restore (cr);
}

/* Items */

static void
set_color (cairo_t    *cr,
           const char *color,
           double      alpha)
{
  unsigned r = 0xe0, g = 0x1b, b = 0x24;

  if (color != NULL && strlen (color) == 7)
    sscanf (color + 1, "%02x%02x%02x", &r, &g, &b);
  cairo_set_source_rgba (cr, r / 255.0, g / 255.0, b / 255.0, alpha);
}

static gboolean
color_is_light (const char *color)
{
  unsigned r = 0, g = 0, b = 0;

  if (color != NULL && strlen (color) == 7)
    sscanf (color + 1, "%02x%02x%02x", &r, &g, &b);
  return 0.299 * r + 0.587 * g + 0.114 * b > 160;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell, Sans");
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Text with a halo of the contrasting colour, so it reads on any photo. */
static void
draw_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      size,
           const char *color,
           double      halo,
           gboolean    bold)
{
  PangoLayout *layout = make_layout (cr, text, size, bold);

  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  if (color_is_light (color))
    cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, halo);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, x, y);
  set_color (cr, color, 1);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
path_points (cairo_t           *cr,
             const AxOverlayXY *points,
             guint              n_points)
{
  cairo_move_to (cr, points[0].x, points[0].y);
  for (guint i = 1; i < n_points; i++)
    cairo_line_to (cr, points[i].x, points[i].y);
}

static void
draw_point (cairo_t             *cr,
            const AxOverlayItem *item,
            double               zoom)
{
  double r = POINT_RADIUS / zoom;
  char number[16];
  PangoLayout *layout;
  int w, h;

  cairo_new_path (cr);
  cairo_arc (cr, item->x, item->y, r + 1.5 / zoom, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_fill (cr);
  cairo_arc (cr, item->x, item->y, r, 0, 2 * G_PI);
  set_color (cr, item->color, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2 / zoom);
  cairo_stroke (cr);

  g_snprintf (number, sizeof number, "%u", item->n);
  layout = make_layout (cr, number, (item->n < 100 ? 12 : 9) / zoom, TRUE);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, item->x - w / 2.0, item->y - h / 2.0);
  if (color_is_light (item->color))
    cairo_set_source_rgb (cr, 0, 0, 0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);

  if (item->units_milli > 0)
    {
      g_autofree char *units = ax_overlay_format_units (item->units_milli, item->unit);

      draw_text (cr, units, item->x + r + 4 / zoom, item->y - 8 / zoom, 11 / zoom, "#241f31",
                 3 / zoom, TRUE);
    }
}

static void
draw_area (cairo_t             *cr,
           const AxOverlayItem *item,
           double               zoom)
{
  path_points (cr, item->points, item->n_points);
  cairo_close_path (cr);
  set_color (cr, item->color, item->fill_alpha);
  cairo_fill_preserve (cr);
  set_color (cr, item->color, 0.95);
  cairo_set_line_width (cr, 2 / zoom);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  if (item->label != NULL)
    {
      double cx = 0, cy = 0;
      PangoLayout *layout = make_layout (cr, item->label, 12 / zoom, TRUE);
      int w, h;

      for (guint i = 0; i < item->n_points; i++)
        cx += item->points[i].x, cy += item->points[i].y;
      cx /= item->n_points, cy /= item->n_points;
      pango_layout_get_pixel_size (layout, &w, &h);
      g_object_unref (layout);
      draw_text (cr, item->label, cx - w / 2.0, cy - h / 2.0, 12 / zoom, item->color, 3 / zoom,
                 TRUE);
    }
}

void
ax_face_draw_item (cairo_t             *cr,
                   const AxOverlayItem *item,
                   double               zoom)
{
  cairo_save (cr);
  cairo_new_path (cr);
  switch (item->kind)
    {
    case AX_OVERLAY_POINT:
      draw_point (cr, item, zoom);
      break;
    case AX_OVERLAY_LINE:
    case AX_OVERLAY_PEN:
      path_points (cr, item->points, item->n_points);
      set_color (cr, item->color, 1);
      cairo_set_line_width (cr, MAX (item->width, 1 / zoom));
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      break;
    case AX_OVERLAY_AREA:
      draw_area (cr, item, zoom);
      break;
    case AX_OVERLAY_TEXT:
      draw_text (cr, item->text, item->x, item->y, item->size, item->color,
                 MAX (item->size * 0.14, 1.5 / zoom), FALSE);
      break;
    case AX_N_OVERLAY_KINDS:
    case AX_OVERLAY_KIND_INVALID:
    default:
      break;
    }
  cairo_restore (cr);
}

/* The view */

AxFaceView *
ax_face_view_new (void)
{
  AxFaceView *view = g_new0 (AxFaceView, 1);

  view->zoom = 1;
  view->image_width = AX_FACE_DIAGRAM_WIDTH;
  view->image_height = AX_FACE_DIAGRAM_HEIGHT;
  view->live.kind = AX_OVERLAY_KIND_INVALID;
  view->live_points = g_array_new (FALSE, FALSE, sizeof (AxOverlayXY));
  return view;
}

static void
drop_caches (AxFaceView *view)
{
  g_clear_pointer (&view->background, cairo_surface_destroy);
  g_clear_pointer (&view->layer, cairo_surface_destroy);
  g_clear_pointer (&view->layer_overlay, ax_overlay_unref);
  g_clear_pointer (&view->layer_hidden_id, g_free);
}

void
ax_face_view_free (AxFaceView *view)
{
  if (view == NULL)
    return;
  drop_caches (view);
  g_clear_pointer (&view->photo, cairo_surface_destroy);
  g_clear_pointer (&view->overlay, ax_overlay_unref);
  g_array_unref (view->live_points);
  g_free (view->live_color);
  g_free (view->moving_id);
  g_free (view->selected_id);
  g_free (view);
}

void
ax_face_view_set_photo (AxFaceView      *view,
                        cairo_surface_t *photo)
{
  if (photo == view->photo)
    return;
  ax_face_view_set_photo_sized (view, photo, photo ? cairo_image_surface_get_width (photo) : 0,
                                photo ? cairo_image_surface_get_height (photo) : 0);
}

void
ax_face_view_set_photo_sized (AxFaceView      *view,
                              cairo_surface_t *photo,
                              int              width,
                              int              height)
{
  g_clear_pointer (&view->photo, cairo_surface_destroy);
  drop_caches (view);
  if (photo != NULL)
    {
      view->photo = cairo_surface_reference (photo);
      view->image_width = width;
      view->image_height = height;
    }
  else
    {
      view->image_width = AX_FACE_DIAGRAM_WIDTH;
      view->image_height = AX_FACE_DIAGRAM_HEIGHT;
    }
}

void
ax_face_view_set_diagram (AxFaceView   *view,
                          AxFaceDiagram diagram)
{
  if (diagram == view->diagram)
    return;
  view->diagram = diagram;
  if (view->photo == NULL)
    drop_caches (view);
}

void
ax_face_view_get_image_size (AxFaceView *view,
                             int        *width,
                             int        *height)
{
  *width = view->image_width;
  *height = view->image_height;
}

void
ax_face_view_set_overlay (AxFaceView *view,
                          AxOverlay  *overlay)
{
  if (overlay == view->overlay)
    return;
  if (overlay != NULL)
    ax_overlay_ref (overlay);
  g_clear_pointer (&view->overlay, ax_overlay_unref);
  view->overlay = overlay;
}

void
ax_face_view_set_size (AxFaceView *view,
                       int         width,
                       int         height)
{
  view->width = MAX (width, 1);
  view->height = MAX (height, 1);
}

void
ax_face_view_set_transform (AxFaceView *view,
                            double      zoom,
                            double      dx,
                            double      dy)
{
  view->zoom = zoom > 0 ? zoom : 1;
  /* Whole pixels: the cached layer is then copied, not resampled. */
  view->dx = round (dx);
  view->dy = round (dy);
}

void
ax_face_view_set_live (AxFaceView       *view,
                       const AxFaceLive *live)
{
  g_array_set_size (view->live_points, 0);
  g_clear_pointer (&view->live_color, g_free);
  if (live == NULL || live->kind == AX_OVERLAY_KIND_INVALID)
    {
      view->live.kind = AX_OVERLAY_KIND_INVALID;
      return;
    }
  view->live = *live;
  g_array_append_vals (view->live_points, live->points, live->n_points);
  view->live.points = (const AxOverlayXY *) (gpointer) view->live_points->data;
  view->live_color = g_strdup (live->color);
  view->live.color = view->live_color;
}

void
ax_face_view_set_moving (AxFaceView *view,
                         const char *id,
                         double      dx,
                         double      dy)
{
  if (g_strcmp0 (id, view->moving_id) != 0)
    {
      g_free (view->moving_id);
      view->moving_id = g_strdup (id);
    }
  view->move_dx = dx;
  view->move_dy = dy;
}

void
ax_face_view_set_selected (AxFaceView *view,
                           const char *id)
{
  if (g_strcmp0 (id, view->selected_id) == 0)
    return;
  g_free (view->selected_id);
  view->selected_id = g_strdup (id);
}

void
ax_face_view_set_deferred (AxFaceView *view,
                           gboolean    deferred)
{
  view->deferred = deferred;
}

/* The part of the zoomed image to cache at this zoom and offset. */
static void
wanted_region (AxFaceView *view,
               int        *x,
               int        *y,
               int        *w,
               int        *h)
{
  int zw = (int) ceil (view->image_width * view->zoom);
  int zh = (int) ceil (view->image_height * view->zoom);
  int margin_x = view->width / 2, margin_y = view->height / 2;
  int x0, y0, x1, y1;

  if ((gint64) zw * zh <= MAX_CACHE_PIXELS)
    {
      *x = 0, *y = 0, *w = MAX (zw, 1), *h = MAX (zh, 1);
      return;
    }
  x0 = CLAMP ((int) -view->dx - margin_x, 0, zw);
  y0 = CLAMP ((int) -view->dy - margin_y, 0, zh);
  x1 = CLAMP ((int) -view->dx + view->width + margin_x, 0, zw);
  y1 = CLAMP ((int) -view->dy + view->height + margin_y, 0, zh);
  *x = x0, *y = y0, *w = MAX (x1 - x0, 1), *h = MAX (y1 - y0, 1);
}

/* Whether the cached region holds all of the image that is in view. */
static gboolean
cache_covers_view (AxFaceView *view)
{
  int zw = (int) ceil (view->image_width * view->zoom);
  int zh = (int) ceil (view->image_height * view->zoom);
  int vx0 = CLAMP ((int) -view->dx, 0, zw), vy0 = CLAMP ((int) -view->dy, 0, zh);
  int vx1 = CLAMP ((int) -view->dx + view->width, 0, zw);
  int vy1 = CLAMP ((int) -view->dy + view->height, 0, zh);

  return vx0 >= view->cache_x && vy0 >= view->cache_y
         && vx1 <= view->cache_x + view->cache_w && vy1 <= view->cache_y + view->cache_h;
}

static void
build_background (AxFaceView *view)
{
  cairo_t *cr;

  g_clear_pointer (&view->background, cairo_surface_destroy);
  wanted_region (view, &view->cache_x, &view->cache_y, &view->cache_w, &view->cache_h);
  view->cache_zoom = view->zoom;
  view->background = cairo_image_surface_create (CAIRO_FORMAT_RGB24, view->cache_w,
                                                 view->cache_h);
  cr = cairo_create (view->background);
  /* A zoomed photo's last column is partly outside it: let that be the surround. */
  if (view->photo != NULL)
    cairo_set_source_rgb (cr, SURROUND_RGB);
  else
    cairo_set_source_rgb (cr, PAPER_RGB);
  cairo_paint (cr);
  cairo_translate (cr, -view->cache_x, -view->cache_y);
  cairo_scale (cr, view->zoom, view->zoom);
  if (view->photo != NULL)
    {
      cairo_pattern_t *pattern = cairo_pattern_create_for_surface (view->photo);
      cairo_matrix_t matrix;

      /* A smaller picture (a thumbnail standing in for the original) is
       * stretched over the photo's own pixels. */
      cairo_matrix_init_scale (&matrix,
                               (double) cairo_image_surface_get_width (view->photo) / view->image_width,
                               (double) cairo_image_surface_get_height (view->photo) / view->image_height);
      cairo_pattern_set_matrix (pattern, &matrix);
      cairo_pattern_set_filter (pattern, view->zoom < 1 ? CAIRO_FILTER_GOOD
                                                        : CAIRO_FILTER_BILINEAR);
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
      cairo_set_source (cr, pattern);
      cairo_rectangle (cr, 0, 0, view->image_width, view->image_height);
      cairo_fill (cr);
      cairo_pattern_destroy (pattern);
    }
  else
    ax_face_diagram_draw (cr, view->diagram);
  cairo_destroy (cr);
  /* The layer is made from the background. */
  g_clear_pointer (&view->layer, cairo_surface_destroy);
}

/* How many items of the layer's overlay begin the current one unchanged:
 * when items were only added, the layer needs only those drawn on it. */
static guint
unchanged_prefix (AxFaceView *view)
{
  guint n;

  if (view->layer == NULL || view->layer_overlay == NULL || view->overlay == NULL
      || g_strcmp0 (view->layer_hidden_id, view->moving_id) != 0)
    return 0;
  n = ax_overlay_get_n_items (view->layer_overlay);
  if (n > ax_overlay_get_n_items (view->overlay))
    return 0;
  for (guint i = 0; i < n; i++)
    if (ax_overlay_get_item (view->layer_overlay, i) != ax_overlay_get_item (view->overlay, i))
      return 0;
  return n;
}

static void
build_layer (AxFaceView *view)
{
  guint first = unchanged_prefix (view);
  cairo_t *cr;

  if (view->layer == NULL)
    view->layer = cairo_image_surface_create (CAIRO_FORMAT_RGB24, view->cache_w, view->cache_h);
  cr = cairo_create (view->layer);
  if (first == 0)
    {
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_set_source_surface (cr, view->background, 0, 0);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
    }
  if (view->overlay != NULL)
    {
      double x0 = view->cache_x / view->zoom, y0 = view->cache_y / view->zoom;
      double x1 = (view->cache_x + view->cache_w) / view->zoom;
      double y1 = (view->cache_y + view->cache_h) / view->zoom;
      double slack = 200 / view->zoom; /* markers and labels reach past their points */

      cairo_translate (cr, -view->cache_x, -view->cache_y);
      cairo_scale (cr, view->zoom, view->zoom);
      for (guint i = first; i < ax_overlay_get_n_items (view->overlay); i++)
        {
          const AxOverlayItem *item = ax_overlay_get_item (view->overlay, i);
          double bx0, by0, bx1, by1;

          if (view->moving_id != NULL && g_str_equal (item->id, view->moving_id))
            continue;
          ax_overlay_item_bounds (item, &bx0, &by0, &bx1, &by1);
          if (bx1 < x0 - slack || by1 < y0 - slack || bx0 > x1 + slack || by0 > y1 + slack)
            continue;
          ax_face_draw_item (cr, item, view->zoom);
        }
    }
  cairo_destroy (cr);
  cairo_surface_flush (view->layer);
  if (view->overlay != NULL)
    ax_overlay_ref (view->overlay);
  g_clear_pointer (&view->layer_overlay, ax_overlay_unref);
  view->layer_overlay = view->overlay;
  g_free (view->layer_hidden_id);
  view->layer_hidden_id = g_strdup (view->moving_id);
}

static gboolean
background_stale (AxFaceView *view)
{
  return view->background == NULL || view->cache_zoom != view->zoom || !cache_covers_view (view);
}

static gboolean
layer_stale (AxFaceView *view)
{
  return view->layer == NULL || view->layer_overlay != view->overlay
         || g_strcmp0 (view->layer_hidden_id, view->moving_id) != 0;
}

gboolean
ax_face_view_needs_rebuild (AxFaceView *view)
{
  return background_stale (view) || layer_stale (view);
}

void
ax_face_view_rebuild (AxFaceView *view)
{
  if (background_stale (view))
    build_background (view);
  if (layer_stale (view))
    build_layer (view);
}

static void
draw_selection (AxFaceView *view,
                cairo_t    *cr)
{
  int index = view->overlay ? ax_overlay_find (view->overlay, view->selected_id) : -1;
  const AxOverlayItem *item;
  double x0, y0, x1, y1, pad = 8 / view->zoom;
  static const double dash[] = { 4, 3 };

  if (index < 0)
    return;
  item = ax_overlay_get_item (view->overlay, index);
  ax_overlay_item_bounds (item, &x0, &y0, &x1, &y1);
  if (view->moving_id != NULL && g_str_equal (view->moving_id, item->id))
    x0 += view->move_dx, x1 += view->move_dx, y0 += view->move_dy, y1 += view->move_dy;
  if (item->kind == AX_OVERLAY_POINT)
    pad = (POINT_RADIUS + 5) / view->zoom;
  cairo_save (cr);
  cairo_rectangle (cr, x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad);
  cairo_identity_matrix (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke_preserve (cr);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_live (AxFaceView *view,
           cairo_t    *cr)
{
  const AxFaceLive *live = &view->live;
  double zoom = view->zoom;

  if (live->kind == AX_OVERLAY_KIND_INVALID || live->n_points == 0)
    return;
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  path_points (cr, live->points, live->n_points);
  if (live->kind == AX_OVERLAY_AREA)
    {
      if (live->has_cursor)
        cairo_line_to (cr, live->cursor.x, live->cursor.y);
      if (live->n_points + (live->has_cursor ? 1 : 0) >= 3)
        {
          cairo_close_path (cr);
          set_color (cr, live->color, live->fill_alpha);
          cairo_fill_preserve (cr);
        }
      set_color (cr, live->color, 0.95);
      cairo_set_line_width (cr, 2 / zoom);
      cairo_stroke (cr);
      for (guint i = 0; i < live->n_points; i++)
        {
          cairo_arc (cr, live->points[i].x, live->points[i].y, 4 / zoom, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          set_color (cr, live->color, 1);
          cairo_set_line_width (cr, 1.5 / zoom);
          cairo_stroke (cr);
        }
    }
  else
    {
      set_color (cr, live->color, 1);
      cairo_set_line_width (cr, MAX (live->width, 1 / zoom));
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
ax_face_view_draw (AxFaceView *view,
                   cairo_t    *cr)
{
  double zoom = view->zoom;
  double ix0 = view->dx, iy0 = view->dy;
  double ix1 = ix0 + view->image_width * zoom, iy1 = iy0 + view->image_height * zoom;
  gboolean scaled = FALSE;

  if (view->deferred && view->layer != NULL && view->cache_zoom != zoom)
    scaled = TRUE;  /* a zoom in progress: the old layer, resampled */
  else
    ax_face_view_rebuild (view);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);

  /* The surround, where the image does not cover the view. */
  if (ix0 > 0 || iy0 > 0 || ix1 < view->width || iy1 < view->height)
    {
      cairo_set_source_rgb (cr, SURROUND_RGB);
      cairo_paint (cr);
    }

  cairo_save (cr);
  if (scaled)
    {
      double s = zoom / view->cache_zoom;
      cairo_pattern_t *pattern;

      cairo_translate (cr, view->dx, view->dy);
      cairo_scale (cr, s, s);
      cairo_translate (cr, view->cache_x, view->cache_y);
      pattern = cairo_pattern_create_for_surface (view->layer);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_FAST);
      cairo_set_source (cr, pattern);
      cairo_rectangle (cr, 0, 0, view->cache_w, view->cache_h);
      cairo_fill (cr);
      cairo_pattern_destroy (pattern);
    }
  else
    {
      cairo_set_source_surface (cr, view->layer, view->dx + view->cache_x,
                                view->dy + view->cache_y);
      cairo_rectangle (cr, view->dx + view->cache_x, view->dy + view->cache_y, view->cache_w,
                       view->cache_h);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  /* What is live, in image coordinates. */
  cairo_translate (cr, view->dx, view->dy);
  cairo_scale (cr, zoom, zoom);
  if (view->moving_id != NULL && view->overlay != NULL)
    {
      int index = ax_overlay_find (view->overlay, view->moving_id);

      if (index >= 0)
        {
          cairo_save (cr);
          cairo_translate (cr, view->move_dx, view->move_dy);
          ax_face_draw_item (cr, ax_overlay_get_item (view->overlay, index), zoom);
          cairo_restore (cr);
        }
    }
  draw_live (view, cr);
  draw_selection (view, cr);
  cairo_restore (cr);
}
