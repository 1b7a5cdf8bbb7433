/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-calendar-canvas.h"
#include "ax-calendar-draw.h"

G_BEGIN_DECLS

/* Shared by ax-calendar-canvas.c (layout, drawing, selection, keys) and
 * ax-calendar-canvas-drag.c (moving and resizing by drag). */
struct _AxCalendarCanvas
{
  GtkWidget            *widget;    /* the view that owns this */
  AxCalMetrics          metrics;
  char                 *accessible_kind;

  AxCalendarData       *data;
  AxCalColumnMode       mode;
  GStrv                 provider_ids;
  GStrv                 room_ids;
  guint                 status_mask;
  int                   snap;
  gint64                now_ms;
  gboolean              editable;

  AxCalendarLayout     *layout;
  int                   width;
  int                   height;
  GtkAdjustment        *adjustments[2];  /* by GtkOrientation */

  AxCalStyle            style;
  gboolean              style_valid;
  PangoFontDescription *font;
  int                   icons_scale;

  char                 *selected_id;
  int                   selected;
  gboolean              has_focus_cell;
  guint                 focus_day;
  guint                 focus_column;

  GtkGesture           *drag;
  GtkEventController   *controllers[3];   /* click, key, motion */
  AxCalDragKind         drag_kind;
  gboolean              drag_started;
  double                drag_x;
  double                drag_y;
  AxAppointment        *drag_appt;
  int                   drag_block;
  guint                 drag_day;
  guint                 drag_column;
  gint64                drag_anchor_ms;

  gboolean              ghost;
  guint                 ghost_day;
  guint                 ghost_column;
  gint64                ghost_start_ms;
  gint64                ghost_end_ms;
  gboolean              ghost_invalid;
  char                 *ghost_note;

  char                 *description;
};

/* ax-calendar-canvas.c */
const AxCalendarLayout *ax_calendar_canvas_ensure_layout      (AxCalendarCanvas     *self);
char                   *ax_calendar_canvas_format_minutes     (const AxCalendarData *data,
                                                               guint                 day,
                                                               gint64                start_ms,
                                                               gint64                end_ms);
void                    ax_calendar_canvas_set_selected_index (AxCalendarCanvas     *self,
                                                               int                   index);
gboolean                ax_calendar_canvas_to_content         (AxCalendarCanvas     *self,
                                                               double                x,
                                                               double                y,
                                                               double               *cx,
                                                               double               *cy);

/* ax-calendar-canvas-style.c */
void ax_calendar_canvas_ensure_style    (AxCalendarCanvas *self);
void ax_calendar_canvas_clear_icons     (AxCalendarCanvas *self);
void ax_calendar_canvas_dark_changed_cb (AxCalendarCanvas *self);

/* ax-calendar-canvas-drag.c */
void ax_calendar_canvas_install_drag    (AxCalendarCanvas *self);
void ax_calendar_canvas_end_drag        (AxCalendarCanvas *self);
/* Mirrors the booking rules on the ghost (the error colour and a note
 * when the slot is taken or outside hours). */
void ax_calendar_canvas_check_ghost     (AxCalendarCanvas *self,
                                         const char       *provider_id,
                                         const char       *room_id,
                                         const char       *except_id);
void ax_calendar_canvas_set_ghost_note  (AxCalendarCanvas *self,
                                         char             *note);

G_END_DECLS
