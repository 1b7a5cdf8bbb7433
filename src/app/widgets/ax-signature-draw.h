/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Draws a signature's strokes as smooth vector lines, scaled to fit the
 * rectangle (x, y, w, h) with the pad's aspect kept and centred. strokes is
 * the list of strokes [[[x, y, t?], …], …] in pad coordinates of a pad_w ×
 * pad_h pad, or the whole {width, height, strokes} object consent.sign
 * stores (then pad_w and pad_h may be 0 to take them from it). Draws with
 * the cairo context's current source (the ink); a stroke of one point is a
 * dot. Needs cairo and json-glib only: the PDF writer uses it too. */
void ax_signature_strokes_draw (cairo_t  *cr,
                                JsonNode *strokes,
                                double    pad_w,
                                double    pad_h,
                                double    x,
                                double    y,
                                double    w,
                                double    h);

/* The line width of the ink, in pad units. */
#define AX_SIGNATURE_INK_WIDTH 2.6

G_END_DECLS
