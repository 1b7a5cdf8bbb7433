/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-calendar-draw.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#define STRIPE_WIDTH 4
#define TEXT_PAD 4
#define MIN_TEXT_WIDTH 28
#define RADIUS 4

typedef struct
{
  const AxCalendarLayout *layout;
  const AxCalStyle       *style;
  const AxCalDrawState   *state;
  cairo_t                *cr;
  PangoLayout            *text;
  PangoLayout            *small;
  PangoLayout            *header;   /* wraps to two lines */
  double                  line_height;
  double                  small_height;
  cairo_pattern_t        *break_hatch;
  cairo_pattern_t        *closed_hatch;
  cairo_pattern_t        *cancel_hatch;
} Painter;

static AxCalColor
rgb (guint32 value)
{
  return (AxCalColor) { ((value >> 16) & 0xff) / 255.0, ((value >> 8) & 0xff) / 255.0,
                        (value & 0xff) / 255.0, 1 };
}

static AxCalColor
with_alpha (AxCalColor c,
            double     a)
{
  c.a *= a;
  return c;
}

static AxCalColor
mix (AxCalColor a,
     AxCalColor b,
     double     t)
{
  return (AxCalColor) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t,
                        a.a + (b.a - a.a) * t };
}

static void
set_color (cairo_t    *cr,
           AxCalColor  c)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, c.a);
}

void
ax_cal_status_color (AxAppointmentStatus status,
                     gboolean            dark,
                     AxCalColor         *color)
{
  /* libadwaita's palette: blue, purple, orange, yellow, green, red, grey. */
  static const guint32 light[AX_N_APPT_STATUSES] = {
    0x3584e4, 0x9141ac, 0xe66100, 0xc88800, 0x26a269, 0xc01c28, 0x77767b,
  };
  static const guint32 night[AX_N_APPT_STATUSES] = {
    0x62a0ea, 0xc061cb, 0xffa348, 0xf6d32d, 0x57e389, 0xff7b63, 0x9a9996,
  };

  if (status < 0 || status >= AX_N_APPT_STATUSES)
    status = AX_APPT_CANCELLED;
  *color = rgb (dark ? night[status] : light[status]);
}

void
ax_cal_style_init_default (AxCalStyle                 *style,
                           gboolean                    dark,
                           const PangoFontDescription *font)
{
  memset (style, 0, sizeof *style);
  style->dark = dark;
  style->fg = dark ? (AxCalColor) { 1, 1, 1, 1 } : (AxCalColor) { 0, 0, 0, 0.8 };
  style->bg = rgb (dark ? 0x1e1e1e : 0xffffff);
  style->outside = rgb (dark ? 0x2a2a2a : 0xf0f0f0);
  style->header_bg = rgb (dark ? 0x242424 : 0xfafafa);
  style->line = dark ? (AxCalColor) { 1, 1, 1, 0.12 } : (AxCalColor) { 0, 0, 0, 0.12 };
  style->accent = rgb (dark ? 0x78aeed : 0x1c71d8);
  style->now = rgb (dark ? 0xff7b63 : 0xe01b24);
  style->error = rgb (dark ? 0xff7b63 : 0xc01c28);
  style->warning = rgb (dark ? 0xf8e45c : 0x9c6e03);
  for (int s = 0; s < AX_N_APPT_STATUSES; s++)
    ax_cal_status_color (s, dark, &style->status[s]);
  style->font = font;
  style->icon_size = 16;
  style->closed_text = "Closed";
  style->day_off_text = "Day off";
  style->no_room_text = "No room";
}

void
ax_cal_draw_state_init (AxCalDrawState *state)
{
  memset (state, 0, sizeof *state);
  state->selected = -1;
  state->dragged = -1;
}

/* Helpers */

static void
rounded_rect (cairo_t         *cr,
              const AxCalRect *r,
              double           radius)
{
  radius = MIN (radius, MIN (r->width, r->height) / 2);
  if (radius < 0.5)
    {
      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, r->x + r->width - radius, r->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, r->x + r->width - radius, r->y + r->height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, r->x + radius, r->y + r->height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, r->x + radius, r->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Square on the left, rounded on the right. */
static void
right_rounded_rect (cairo_t         *cr,
                    const AxCalRect *r,
                    double           radius)
{
  radius = MIN (radius, MIN (r->width, r->height) / 2);
  if (radius < 0.5)
    {
      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, r->x + r->width - radius, r->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, r->x + r->width - radius, r->y + r->height - radius, radius, 0, G_PI / 2);
  cairo_line_to (cr, r->x, r->y + r->height);
  cairo_line_to (cr, r->x, r->y);
  cairo_close_path (cr);
}

static gboolean
intersects (const AxCalRect *r,
            double           x,
            double           y,
            double           width,
            double           height)
{
  return r->x < x + width && x < r->x + r->width && r->y < y + height && y < r->y + r->height;
}

static void
draw_icon (Painter    *p,
           int         icon,
           double      x,
           double      y,
           double      size,
           AxCalColor  color)
{
  cairo_surface_t *mask = p->style->icons[icon];
  double w, h, sx, sy;

  if (mask == NULL)
    return;
  cairo_surface_get_device_scale (mask, &sx, &sy);
  w = cairo_image_surface_get_width (mask) / sx;
  h = cairo_image_surface_get_height (mask) / sy;
  cairo_save (p->cr);
  cairo_translate (p->cr, x, y);
  if (w > 0 && fabs (w - size) > 0.01)
    cairo_scale (p->cr, size / w, size / h);
  set_color (p->cr, color);
  cairo_mask_surface (p->cr, mask, 0, 0);
  cairo_restore (p->cr);
}

static void
show_text (Painter     *p,
           PangoLayout *layout,
           const char  *text,
           int          bold_len,
           double       x,
           double       y,
           double       width,
           PangoAlignment align)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_alignment (layout, align);
  if (bold_len > 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

      bold->start_index = 0;
      bold->end_index = (guint) bold_len;
      pango_attr_list_insert (attrs, bold);
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  else
    pango_layout_set_attributes (layout, NULL);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
}

/* The grid */

/* Diagonal lines as a repeating 8×8 pattern, anchored to the content so that
 * they line up across columns; filling with it is far cheaper than
 * stroking the lines under a clip. */
static cairo_pattern_t *
new_hatch (AxCalColor color)
{
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *pattern;
  cairo_matrix_t identity;

  set_color (cr, color);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, -1, 9);
  cairo_line_to (cr, 9, -1);
  cairo_move_to (cr, -1, 1);
  cairo_line_to (cr, 1, -1);
  cairo_move_to (cr, 7, 9);
  cairo_line_to (cr, 9, 7);
  cairo_stroke (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_matrix_init_identity (&identity);
  cairo_pattern_set_matrix (pattern, &identity);
  cairo_surface_destroy (tile);
  return pattern;
}

static void
fill_hatch (cairo_t         *cr,
            cairo_pattern_t *hatch,
            const AxCalRect *r)
{
  cairo_set_source (cr, hatch);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_fill (cr);
}

static void
draw_shades (Painter *p)
{
  cairo_t *cr = p->cr;
  const AxCalendarLayout *layout = p->layout;
  const AxCalDrawState *st = p->state;

  for (guint i = 0; i < layout->shades->len; i++)
    {
      const AxCalShade *shade = &g_array_index (layout->shades, AxCalShade, i);

      if (!intersects (&shade->rect, st->scroll_x, st->scroll_y, st->width, st->height))
        continue;
      if (shade->kind == AX_CAL_SHADE_WORK)
        {
          set_color (cr, p->style->bg);
          cairo_rectangle (cr, shade->rect.x, shade->rect.y, shade->rect.width, shade->rect.height);
          cairo_fill (cr);
        }
      else
        {
          set_color (cr, p->style->outside);
          cairo_rectangle (cr, shade->rect.x, shade->rect.y, shade->rect.width, shade->rect.height);
          cairo_fill (cr);
          fill_hatch (cr, p->break_hatch, &shade->rect);
        }
    }
}

static void
draw_closed_cells (Painter *p)
{
  const AxCalendarLayout *layout = p->layout;
  const AxCalDrawState *st = p->state;

  for (guint d = 0; d < layout->n_days; d++)
    for (guint c = 0; c < layout->n_columns; c++)
      {
        AxCalCellState state = layout->cells[d * layout->n_columns + c];
        AxCalRect cell;
        const char *text;
        double y;

        if (state == AX_CAL_CELL_OPEN)
          continue;
        cell = ax_calendar_layout_cell_rect (layout, d, c);
        if (!intersects (&cell, st->scroll_x, st->scroll_y, st->width, st->height))
          continue;
        if (state == AX_CAL_CELL_CLOSED)
          fill_hatch (p->cr, p->closed_hatch, &cell);
        text = state == AX_CAL_CELL_CLOSED ? p->style->closed_text : p->style->day_off_text;
        if (text == NULL || cell.width < MIN_TEXT_WIDTH)
          continue;
        /* At the top of what is shown of the column. */
        y = MAX (cell.y, st->scroll_y + layout->metrics.header_height) + 8;
        set_color (p->cr, with_alpha (p->style->fg, 0.55));
        show_text (p, p->small, text, 0, cell.x + 2, y, cell.width - 4, PANGO_ALIGN_CENTER);
      }
}

static void
draw_lines (Painter *p)
{
  cairo_t *cr = p->cr;
  const AxCalendarLayout *layout = p->layout;
  const AxCalDrawState *st = p->state;
  double left = MAX (layout->metrics.gutter_width, st->scroll_x);
  double right = MIN (layout->width, st->scroll_x + st->width);

  cairo_set_line_width (cr, 1);
  /* Hours, and lighter half hours when there is room. */
  for (int m = layout->first_minute; m <= layout->last_minute; m += 30)
    {
      double y = floor (ax_calendar_layout_y_of_minute (layout, m)) + 0.5;

      if (y < st->scroll_y || y > st->scroll_y + st->height)
        continue;
      if (m % 60 != 0 && layout->hour_height < 40)
        continue;
      set_color (cr, with_alpha (p->style->line, m % 60 == 0 ? 1 : 0.45));
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
    }
  /* Columns; days (week view) with a stronger line. */
  for (guint d = 0; d < layout->n_days; d++)
    for (guint c = 0; c <= layout->n_columns; c++)
      {
        AxCalRect first = ax_calendar_layout_cell_rect (layout, d, 0);
        double x = floor (first.x + c * layout->column_width) + 0.5;
        gboolean day_edge = c == 0 || c == layout->n_columns;

        if (c == layout->n_columns)
          x -= 1;
        if (x < st->scroll_x || x > st->scroll_x + st->width)
          continue;
        if (!day_edge && layout->column_width < 6)
          continue;
        set_color (cr, with_alpha (p->style->line, day_edge && layout->n_days > 1 ? 2 : 1));
        cairo_move_to (cr, x, MAX (first.y, st->scroll_y));
        cairo_line_to (cr, x, MIN (first.y + first.height, st->scroll_y + st->height));
        cairo_stroke (cr);
      }
}

/* Appointments */

static void
draw_block (Painter          *p,
            const AxCalBlock *block,
            gboolean          selected)
{
  cairo_t *cr = p->cr;
  const AxCalStyle *style = p->style;
  const AxAppointment *appt = block->appt;
  const AxCalRect *r = &block->rect;
  gboolean live = ax_appointment_status_is_live (appt->status);
  AxCalColor color = rgb (block->color);
  AxCalColor status = style->status[CLAMP (appt->status, 0, AX_N_APPT_STATUSES - 1)];
  AxCalColor fill = mix (style->bg, color, style->dark ? 0.42 : 0.26);
  AxCalColor text_color = style->fg;
  double stripe = r->width >= 24 ? STRIPE_WIDTH : MIN (2, floor (r->width / 3));
  double radius, border;
  double icon = style->icon_size;
  double right;
  double text_x, text_w;
  int lines;
  AxCalRect inner;
  char buf[512];

  if (!live)
    fill = mix (style->outside, color, 0.12);

  /* Fills only, no strokes and no clip (each costs far more in cairo's image
   * backend): the border colour, the status colour inset by the border,
   * then the fill over all but the status stripe down the left. Small
   * blocks are plain rectangles on whole pixels, cairo's fastest path. */
  radius = r->width >= 40 && r->height >= 16 ? RADIUS : r->width >= 16 ? 2 : 0;
  border = appt->needs_rebooking ? 2 : 1;
  rounded_rect (cr, r, radius);
  set_color (cr, appt->needs_rebooking ? style->error : with_alpha (color, live ? 0.9 : 0.45));
  cairo_fill (cr);
  inner = (AxCalRect) { r->x + border, r->y + border, r->width - 2 * border,
                        r->height - 2 * border };
  if (inner.width >= 1 && inner.height >= 1)
    {
      AxCalRect body = { inner.x + stripe, inner.y, inner.width - stripe, inner.height };

      rounded_rect (cr, &inner, MAX (radius - border, 0));
      set_color (cr, status);
      cairo_fill (cr);
      if (body.width >= 1)
        {
          right_rounded_rect (cr, &body, MAX (radius - border, 0));
          set_color (cr, fill);
          if (appt->status == AX_APPT_CANCELLED)
            {
              cairo_fill_preserve (cr);
              cairo_set_source (cr, p->cancel_hatch);
            }
          cairo_fill (cr);
        }
    }
  if (appt->overbook_reason != NULL && !appt->needs_rebooking)
    {
      /* Overbooked on purpose: a dashed warning border (rare enough to stroke). */
      static const double dash[] = { 4, 3 };
      AxCalRect edge = { r->x + 1, r->y + 1, r->width - 2, r->height - 2 };

      rounded_rect (cr, &edge, radius);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, 2, 0);
      set_color (cr, style->warning);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (selected)
    {
      AxCalRect outline = { r->x - 1, r->y - 1, r->width + 2, r->height + 2 };
      rounded_rect (cr, &outline, radius + 1);
      cairo_set_line_width (cr, 2);
      set_color (cr, p->state->focused ? style->accent : with_alpha (style->accent, 0.7));
      cairo_stroke (cr);
    }

  if (!live)
    text_color = with_alpha (text_color, 0.6);

  /* Too small for words: one icon, when it fits; a booking to move shows
   * that rather than its status. */
  if (inner.width < MIN_TEXT_WIDTH || inner.height < p->line_height)
    {
      double size = MIN (icon, MIN (inner.width - 2, inner.height - 2));
      if (size >= 10)
        draw_icon (p, appt->needs_rebooking ? AX_CAL_ICON_REBOOK : (int) appt->status,
                   inner.x + (inner.width - size) / 2, inner.y + (inner.height - size) / 2, size,
                   appt->needs_rebooking ? style->error : text_color);
      return;
    }

  /* Icons along the top right: a booking to move first (the one icon a
   * narrow block has room for), then the status, then an overbooking. */
  right = inner.x + inner.width - 2;
  if (inner.width >= MIN_TEXT_WIDTH + icon + 2)
    {
      right -= icon;
      if (appt->needs_rebooking)
        {
          draw_icon (p, AX_CAL_ICON_REBOOK, right, inner.y + 2, icon, style->error);
          if (right - icon - 2 > inner.x + MIN_TEXT_WIDTH)
            {
              right -= icon + 2;
              draw_icon (p, appt->status, right, inner.y + 2, icon, text_color);
            }
        }
      else
        draw_icon (p, appt->status, right, inner.y + 2, icon, text_color);
      if (appt->overbook_reason != NULL && right - icon - 2 > inner.x + MIN_TEXT_WIDTH)
        {
          right -= icon + 2;
          draw_icon (p, AX_CAL_ICON_OVERBOOKED, right, inner.y + 2, icon, style->warning);
        }
      right -= 2;
    }

  text_x = inner.x + TEXT_PAD;
  if (appt->patient_has_allergy && inner.width >= MIN_TEXT_WIDTH + 2 * icon)
    {
      draw_icon (p, AX_CAL_ICON_ALLERGY, text_x, inner.y + 2 + (p->line_height - icon) / 2,
                 icon, style->error);
      text_x += icon + 2;
    }
  text_w = right - text_x;
  if (text_w < 12)
    return;

  lines = (int) ((inner.height - 4) / p->line_height);
  set_color (cr, text_color);
  if (lines >= 3)
    {
      /* The name, then the services and the time in one smaller layout (a
       * layout shown costs more than a line in it). */
      int n = g_snprintf (buf, sizeof buf, "%s", appt->patient_name);
      show_text (p, p->text, buf, n, text_x, inner.y + 2, text_w, PANGO_ALIGN_LEFT);
      g_snprintf (buf, sizeof buf, "%s\n%s", appt->services ? appt->services : "",
                  block->time_text);
      set_color (cr, with_alpha (text_color, 0.8));
      show_text (p, p->small, buf, 0, inner.x + TEXT_PAD, inner.y + 2 + p->line_height,
                 inner.width - 2 * TEXT_PAD, PANGO_ALIGN_LEFT);
    }
  else if (lines == 2)
    {
      int n = g_snprintf (buf, sizeof buf, "%s", appt->patient_name);
      show_text (p, p->text, buf, n, text_x, inner.y + 2, text_w, PANGO_ALIGN_LEFT);
      g_snprintf (buf, sizeof buf, "%.5s %s", block->time_text,
                  appt->services ? appt->services : "");
      set_color (cr, with_alpha (text_color, 0.8));
      show_text (p, p->small, buf, 0, inner.x + TEXT_PAD, inner.y + 2 + p->line_height,
                 inner.width - 2 * TEXT_PAD, PANGO_ALIGN_LEFT);
    }
  else
    {
      g_snprintf (buf, sizeof buf, "%.5s %s", block->time_text, appt->patient_name);
      show_text (p, p->text, buf, 5, text_x,
                 inner.y + MAX ((inner.height - p->line_height) / 2, 0), text_w,
                 PANGO_ALIGN_LEFT);
    }
}

/* The block being dragged stays where it is, faded, under its ghost. */
static void
draw_block_faded (Painter          *p,
                  const AxCalBlock *block)
{
  cairo_push_group (p->cr);
  draw_block (p, block, FALSE);
  cairo_pop_group_to_source (p->cr);
  cairo_paint_with_alpha (p->cr, 0.35);
}

static void
draw_blocks (Painter *p)
{
  const AxCalendarLayout *layout = p->layout;
  const AxCalDrawState *st = p->state;

  for (guint i = 0; i < layout->blocks->len; i++)
    {
      const AxCalBlock *block = &g_array_index (layout->blocks, AxCalBlock, i);

      if (!intersects (&block->rect, st->scroll_x - 3, st->scroll_y - 3, st->width + 6,
                       st->height + 6))
        continue;
      if ((int) i == st->dragged)
        draw_block_faded (p, block);
      else
        draw_block (p, block, (int) i == st->selected);
    }
}

static void
draw_now (Painter *p)
{
  const AxCalendarLayout *layout = p->layout;
  const AxCalDrawState *st = p->state;
  cairo_t *cr = p->cr;
  int day;
  int minute;
  double y, x0, x1;

  if (st->now_ms == 0 || (day = ax_calendar_data_day_of (layout->data, st->now_ms)) < 0)
    return;
  minute = ax_calendar_data_local_minute (layout->data, (guint) day, st->now_ms);
  if (minute < layout->first_minute || minute > layout->last_minute)
    return;
  y = round (ax_calendar_layout_y_of_time (layout, (guint) day, st->now_ms));
  x0 = ax_calendar_layout_cell_rect (layout, (guint) day, 0).x;
  x1 = x0 + layout->day_width;
  set_color (cr, p->style->now);
  cairo_rectangle (cr, x0, y - 1, x1 - x0, 2);
  cairo_fill (cr);
  cairo_arc (cr, x0 + 1, y, 4, 0, 2 * G_PI);
  cairo_fill (cr);
}

AxCalRect
ax_calendar_ghost_rect (const AxCalendarLayout *layout,
                        const AxCalDrawState   *state)
{
  AxCalRect cell = ax_calendar_layout_cell_rect (layout, state->ghost_day, state->ghost_column);
  double y0 = ax_calendar_layout_y_of_time (layout, state->ghost_day, state->ghost_start_ms);
  double y1 = ax_calendar_layout_y_of_time (layout, state->ghost_day, state->ghost_end_ms);
  double gap = layout->metrics.block_gap;

  return (AxCalRect) { cell.x + gap, y0 + gap / 2, MAX (cell.width - 2 * gap, 2),
                       MAX (y1 - y0 - gap, 4) };
}

static void
draw_ghost (Painter *p)
{
  const AxCalDrawState *st = p->state;
  const AxCalendarLayout *layout = p->layout;
  cairo_t *cr = p->cr;
  AxCalColor color = st->ghost_invalid ? p->style->error : p->style->accent;
  AxCalRect r;
  char span[24];
  int start_min, end_min;

  if (!st->ghost || st->ghost_day >= layout->n_days || st->ghost_column >= layout->n_columns)
    return;
  r = ax_calendar_ghost_rect (layout, st);
  rounded_rect (cr, &r, RADIUS);
  /* Nearly opaque: what it would cover must not show through its words. */
  set_color (cr, with_alpha (mix (p->style->bg, color, 0.2), 0.94));
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 2);
  set_color (cr, color);
  cairo_stroke (cr);

  start_min = ax_calendar_data_local_minute (layout->data, st->ghost_day, st->ghost_start_ms);
  end_min = ax_calendar_data_local_minute (layout->data, st->ghost_day, st->ghost_end_ms);
  ax_calendar_format_span (start_min, end_min, span, sizeof span);
  if (r.width < MIN_TEXT_WIDTH)
    return;
  set_color (cr, p->style->fg);
  show_text (p, p->text, span, (int) strlen (span), r.x + TEXT_PAD, r.y + 2,
             r.width - 2 * TEXT_PAD, PANGO_ALIGN_LEFT);
  if (st->ghost_note != NULL && r.height >= p->line_height + p->small_height + 4)
    {
      set_color (cr, color);
      show_text (p, p->small, st->ghost_note, 0, r.x + TEXT_PAD, r.y + 2 + p->line_height,
                 r.width - 2 * TEXT_PAD, PANGO_ALIGN_LEFT);
    }
}

/* The fixed parts */

static void
draw_gutter (Painter *p)
{
  const AxCalendarLayout *layout = p->layout;
  const AxCalDrawState *st = p->state;
  const AxCalMetrics *m = &layout->metrics;
  cairo_t *cr = p->cr;

  set_color (cr, p->style->header_bg);
  cairo_rectangle (cr, 0, m->header_height, m->gutter_width, st->height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, 0, m->header_height, m->gutter_width, st->height - m->header_height);
  cairo_clip (cr);
  set_color (cr, with_alpha (p->style->fg, 0.7));
  for (int minute = layout->first_minute; minute < layout->last_minute; minute += 60)
    {
      double y = ax_calendar_layout_y_of_minute (layout, minute) - st->scroll_y;
      char label[8];

      if (y < m->header_height - p->small_height || y > st->height)
        continue;
      g_snprintf (label, sizeof label, "%02d:%02d", minute / 60, minute % 60);
      show_text (p, p->small, label, 0, 0, MAX (y - p->small_height / 2, m->header_height),
                 m->gutter_width - 8, PANGO_ALIGN_RIGHT);
    }
  cairo_restore (cr);

  set_color (cr, p->style->line);
  cairo_rectangle (cr, m->gutter_width - 1, m->header_height, 1, st->height);
  cairo_fill (cr);
}

static void
draw_header (Painter *p)
{
  const AxCalendarLayout *layout = p->layout;
  const AxCalDrawState *st = p->state;
  const AxCalMetrics *m = &layout->metrics;
  const AxCalendarData *data = layout->data;
  cairo_t *cr = p->cr;
  int today = st->now_ms != 0 ? ax_calendar_data_day_of (data, st->now_ms) : -1;

  set_color (cr, p->style->header_bg);
  cairo_rectangle (cr, 0, 0, st->width, m->header_height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, m->gutter_width, 0, st->width - m->gutter_width, m->header_height);
  cairo_clip (cr);
  cairo_translate (cr, -st->scroll_x, 0);

  for (guint d = 0; d < layout->n_days; d++)
    {
      AxCalRect first = ax_calendar_layout_cell_rect (layout, d, 0);

      if (first.x > st->scroll_x + st->width || first.x + layout->day_width < st->scroll_x)
        continue;
      if (layout->n_days > 1)
        {
          /* The week view: the day's name over its lanes, then a strip per
           * provider in its colour. */
          const char *label = data->day_label[d] ? data->day_label[d] : "";
          g_autofree char *closed_label = NULL;
          gboolean open = FALSE;

          /* A day nobody works says so in its header. */
          for (guint c = 0; c < layout->n_columns; c++)
            open |= layout->cells[d * layout->n_columns + c] == AX_CAL_CELL_OPEN;
          if (!open && layout->n_columns > 0 && p->style->closed_text != NULL)
            label = closed_label = g_strdup_printf ("%s · %s", label, p->style->closed_text);
          set_color (cr, (int) d == today ? p->style->accent
                         : open ? p->style->fg : with_alpha (p->style->fg, 0.55));
          show_text (p, p->text, label, (int) d == today ? (int) strlen (label) : 0,
                     first.x + 2, 6, layout->day_width - 4, PANGO_ALIGN_CENTER);
          for (guint c = 0; layout->n_columns > 1 && c < layout->n_columns; c++)
            {
              AxCalRect cell = ax_calendar_layout_cell_rect (layout, d, c);
              const char *color = layout->columns[c].color;
              set_color (cr, rgb (ax_calendar_parse_color (color, 0x9a9996)));
              cairo_rectangle (cr, cell.x + 1, m->header_height - 6, MAX (cell.width - 2, 1), 4);
              cairo_fill (cr);
            }
          continue;
        }
      for (guint c = 0; c < layout->n_columns; c++)
        {
          const AxCalColumn *col = &layout->columns[c];
          AxCalRect cell = ax_calendar_layout_cell_rect (layout, d, c);
          const char *name = col->name ? col->name : p->style->no_room_text;
          int text_height;
          double x = cell.x + 6;
          double w = cell.width - 12;

          if (col->color != NULL && w > 24)
            {
              set_color (cr, rgb (ax_calendar_parse_color (col->color, 0x9a9996)));
              cairo_arc (cr, x + 5, m->header_height / 2, 5, 0, 2 * G_PI);
              cairo_fill (cr);
              x += 14;
              w -= 14;
            }
          set_color (cr, p->style->fg);
          /* A long name takes a second line rather than losing its end. */
          pango_layout_set_text (p->header, name ? name : "", -1);
          pango_layout_set_width (p->header, (int) (MAX (w, 1) * PANGO_SCALE));
          pango_layout_get_pixel_size (p->header, NULL, &text_height);
          cairo_move_to (cr, x, MAX ((m->header_height - text_height) / 2, 0));
          pango_cairo_show_layout (cr, p->header);
          if (c > 0)
            {
              set_color (cr, p->style->line);
              cairo_rectangle (cr, cell.x, 8, 1, m->header_height - 16);
              cairo_fill (cr);
            }
        }
    }
  cairo_restore (cr);

  set_color (cr, p->style->line);
  cairo_rectangle (cr, 0, m->header_height - 1, st->width, 1);
  cairo_fill (cr);
}

void
ax_calendar_draw (cairo_t                *cr,
                  const AxCalendarLayout *layout,
                  const AxCalStyle       *style,
                  const AxCalDrawState   *state)
{
  const AxCalMetrics *m = &layout->metrics;
  PangoFontDescription *small_font;
  PangoFontMetrics *metrics;
  Painter p = { layout, style, state, cr };

  p.text = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (p.text, style->font);
  pango_layout_set_ellipsize (p.text, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (p.text, -1);
  p.small = pango_cairo_create_layout (cr);
  small_font = pango_font_description_copy (style->font);
  if (small_font != NULL)
    {
      int size = pango_font_description_get_size (small_font);

      if (size > 0 && pango_font_description_get_size_is_absolute (small_font))
        pango_font_description_set_absolute_size (small_font, size * 0.9);
      else if (size > 0)
        pango_font_description_set_size (small_font, size * 9 / 10);
    }
  pango_layout_set_font_description (p.small, small_font);
  pango_layout_set_ellipsize (p.small, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (p.small, -1);

  p.header = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (p.header, small_font);
  pango_layout_set_wrap (p.header, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (p.header, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (p.header, -2);

  metrics = pango_context_get_metrics (pango_layout_get_context (p.text), style->font, NULL);
  p.line_height = (pango_font_metrics_get_ascent (metrics)
                   + pango_font_metrics_get_descent (metrics)) / (double) PANGO_SCALE;
  p.small_height = p.line_height * 0.9;
  pango_font_metrics_unref (metrics);

  p.break_hatch = new_hatch (with_alpha (style->line, 1.2));
  p.closed_hatch = new_hatch (with_alpha (style->line, 0.8));
  p.cancel_hatch = new_hatch (with_alpha (style->fg, 0.18));

  /* Everything outside working hours first; the hours are painted over it. */
  set_color (cr, style->outside);
  cairo_rectangle (cr, 0, 0, state->width, state->height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, m->gutter_width, m->header_height, state->width - m->gutter_width,
                   state->height - m->header_height);
  cairo_clip (cr);
  cairo_translate (cr, -state->scroll_x, -state->scroll_y);
  draw_shades (&p);
  draw_closed_cells (&p);
  draw_lines (&p);
  draw_blocks (&p);
  draw_now (&p);
  draw_ghost (&p);
  cairo_restore (cr);

  draw_gutter (&p);
  draw_header (&p);

  cairo_pattern_destroy (p.break_hatch);
  cairo_pattern_destroy (p.closed_hatch);
  cairo_pattern_destroy (p.cancel_hatch);
  pango_font_description_free (small_font);
  g_object_unref (p.small);
  g_object_unref (p.header);
  g_object_unref (p.text);
}
