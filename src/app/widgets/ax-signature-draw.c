/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-signature-draw.h"

static gboolean
point_of (JsonArray *stroke,
          guint      i,
          double    *x,
          double    *y)
{
  JsonNode *node = json_array_get_element (stroke, i);
  JsonArray *point;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  point = json_node_get_array (node);
  if (json_array_get_length (point) < 2)
    return FALSE;
  *x = json_array_get_double_element (point, 0);
  *y = json_array_get_double_element (point, 1);
  return TRUE;
}

/* Through the midpoints of successive points, with each point as the
 * control of a quadratic curve (raised to cubic for cairo): smooth, and
 * true to where the pen went. */
static void
draw_stroke (cairo_t   *cr,
             JsonArray *stroke)
{
  guint n = json_array_get_length (stroke);
  double px, py, cx, cy, x, y;

  if (n == 0 || !point_of (stroke, 0, &px, &py))
    return;
  if (n == 1)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, py, AX_SIGNATURE_INK_WIDTH * 0.6, 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }
  cairo_move_to (cr, px, py);
  cx = px;
  cy = py;
  for (guint i = 1; i < n; i++)
    {
      double mx, my, x0, y0;

      if (!point_of (stroke, i, &x, &y))
        continue;
      mx = (cx + x) / 2;
      my = (cy + y) / 2;
      cairo_get_current_point (cr, &x0, &y0);
      if (i == 1)
        cairo_line_to (cr, mx, my);
      else
        cairo_curve_to (cr, x0 + 2.0 / 3 * (cx - x0), y0 + 2.0 / 3 * (cy - y0),
                        mx + 2.0 / 3 * (cx - mx), my + 2.0 / 3 * (cy - my), mx, my);
      cx = x;
      cy = y;
    }
  cairo_line_to (cr, cx, cy);
  cairo_stroke (cr);
}

void
ax_signature_strokes_draw (cairo_t  *cr,
                           JsonNode *strokes,
                           double    pad_w,
                           double    pad_h,
                           double    x,
                           double    y,
                           double    w,
                           double    h)
{
  JsonArray *list;
  double scale;

  if (strokes == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (strokes))
    {
      JsonObject *obj = json_node_get_object (strokes);

      if (pad_w <= 0)
        pad_w = json_object_get_double_member_with_default (obj, "width", 0);
      if (pad_h <= 0)
        pad_h = json_object_get_double_member_with_default (obj, "height", 0);
      strokes = json_object_get_member (obj, "strokes");
    }
  if (strokes == NULL || !JSON_NODE_HOLDS_ARRAY (strokes) || pad_w <= 0 || pad_h <= 0
      || w <= 0 || h <= 0)
    return;
  list = json_node_get_array (strokes);
  scale = MIN (w / pad_w, h / pad_h);

  cairo_save (cr);
  cairo_translate (cr, x + (w - pad_w * scale) / 2, y + (h - pad_h * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_line_width (cr, AX_SIGNATURE_INK_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_ARRAY (node))
        draw_stroke (cr, json_node_get_array (node));
    }
  cairo_restore (cr);
}
