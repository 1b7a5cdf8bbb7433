/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "ax-calendar-layout.h"

G_BEGIN_DECLS

/* Draws a laid-out calendar with cairo and Pango: no widget, no display, so
 * that the views' snapshot and the benchmarks (tests/bench) run the same
 * code. Draws the viewport of the content given in AxCalDrawState at the
 * origin of cr: the grid scrolled, the time gutter and the header fixed. */

typedef struct
{
  double r, g, b, a;
} AxCalColor;

/* Icons besides the status icons (index AxAppointmentStatus). */
typedef enum
{
  AX_CAL_ICON_ALLERGY = AX_N_APPT_STATUSES,
  AX_CAL_ICON_OVERBOOKED,
  AX_CAL_ICON_REBOOK,
  AX_CAL_N_ICONS,
} AxCalIcon;

typedef struct
{
  AxCalColor                  fg;
  AxCalColor                  bg;            /* working hours */
  AxCalColor                  outside;       /* outside working hours, closed days */
  AxCalColor                  header_bg;
  AxCalColor                  line;
  AxCalColor                  accent;
  AxCalColor                  now;
  AxCalColor                  error;
  AxCalColor                  warning;
  AxCalColor                  status[AX_N_APPT_STATUSES];
  gboolean                    dark;
  const PangoFontDescription *font;          /* borrowed */
  /* Symbolic icons as masks (their alpha is used, painted in a colour);
   * borrowed; NULL entries are left out. */
  cairo_surface_t            *icons[AX_CAL_N_ICONS];
  int                         icon_size;
  /* Translated words (borrowed). */
  const char                 *closed_text;   /* "Closed" */
  const char                 *day_off_text;  /* "Day off" */
  const char                 *no_room_text;  /* "No room" */
} AxCalStyle;

/* libadwaita's palette for the light or the dark style, no icons, the
 * given font (benchmarks, tests). */
void ax_cal_style_init_default (AxCalStyle                 *style,
                                gboolean                    dark,
                                const PangoFontDescription *font);
/* The status colours of libadwaita's palette (the legend uses them too). */
void ax_cal_status_color       (AxAppointmentStatus         status,
                                gboolean                    dark,
                                AxCalColor                 *color);

typedef struct
{
  /* The viewport, in content coordinates. */
  double      scroll_x;
  double      scroll_y;
  double      width;
  double      height;
  gint64      now_ms;          /* the current-time line; 0 for none */
  int         selected;        /* block index, or -1 */
  int         dragged;         /* the block being moved (faded), or -1 */
  gboolean    focused;         /* draw the selection as focused */
  /* The ghost of a drag: where the appointment would go. */
  gboolean    ghost;
  guint       ghost_day;
  guint       ghost_column;
  gint64      ghost_start_ms;
  gint64      ghost_end_ms;
  gboolean    ghost_invalid;   /* clash or outside hours: drawn in the error colour */
  const char *ghost_note;      /* what is wrong, or NULL */
} AxCalDrawState;

void ax_cal_draw_state_init (AxCalDrawState *state);

void ax_calendar_draw (cairo_t                *cr,
                       const AxCalendarLayout *layout,
                       const AxCalStyle       *style,
                       const AxCalDrawState   *state);

/* The ghost's rectangle in content coordinates. */
AxCalRect ax_calendar_ghost_rect (const AxCalendarLayout *layout,
                                  const AxCalDrawState   *state);

G_END_DECLS
