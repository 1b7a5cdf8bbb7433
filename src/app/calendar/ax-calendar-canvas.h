/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-calendar-layout.h"

G_BEGIN_DECLS

/* What the day and the week view share, as a helper each owns (not a base
 * class): the data, the cached layout, scrolling, drawing through
 * ax_calendar_draw(), selection and the drags that create, move and resize
 * appointments. The views differ in their days, metrics and header; they
 * forward their widget vfuncs here and AxView's API works on it. */
typedef struct _AxCalendarCanvas AxCalendarCanvas;

typedef enum
{
  AX_CAL_DRAG_NONE,
  AX_CAL_DRAG_CREATE,
  AX_CAL_DRAG_MOVE,
  AX_CAL_DRAG_RESIZE,
} AxCalDragKind;

AxCalendarCanvas *ax_calendar_canvas_new            (GtkWidget          *widget,
                                                     const AxCalMetrics *metrics,
                                                     const char         *accessible_kind);
void              ax_calendar_canvas_free           (AxCalendarCanvas   *self);

void              ax_calendar_canvas_set_data       (AxCalendarCanvas   *self,
                                                     AxCalendarData     *data);
AxCalendarData   *ax_calendar_canvas_get_data       (AxCalendarCanvas   *self);
/* Copies the options (the id lists too). */
void              ax_calendar_canvas_set_options    (AxCalendarCanvas   *self,
                                                     const AxCalOptions *options);
void              ax_calendar_canvas_set_snap       (AxCalendarCanvas   *self,
                                                     int                 minutes);
int               ax_calendar_canvas_get_snap       (AxCalendarCanvas   *self);
void              ax_calendar_canvas_set_now        (AxCalendarCanvas   *self,
                                                     gint64              now_ms);
/* Whether drags may create and move appointments (the role may book). */
void              ax_calendar_canvas_set_editable   (AxCalendarCanvas   *self,
                                                     gboolean            editable);
/* The layout for the current size (computed when needed), or NULL. */
const AxCalendarLayout *ax_calendar_canvas_get_layout (AxCalendarCanvas *self);

/* Selection */
AxAppointment    *ax_calendar_canvas_get_selected   (AxCalendarCanvas   *self);
void              ax_calendar_canvas_select         (AxCalendarCanvas   *self,
                                                     const char         *appointment_id);
gboolean          ax_calendar_canvas_select_step    (AxCalendarCanvas   *self,
                                                     int                 direction);
/* The column last clicked or holding the selection (for "new appointment"). */
gboolean          ax_calendar_canvas_get_focus_cell (AxCalendarCanvas   *self,
                                                     guint              *day,
                                                     guint              *column);

/* The ghost of a slot about to be booked (shown while its popover is open). */
void              ax_calendar_canvas_show_ghost     (AxCalendarCanvas   *self,
                                                     guint               day,
                                                     guint               column,
                                                     gint64              start_ms,
                                                     gint64              end_ms);
void              ax_calendar_canvas_clear_ghost    (AxCalendarCanvas   *self);
/* Where a slot is drawn, in widget coordinates; FALSE when off the data. */
gboolean          ax_calendar_canvas_slot_rect      (AxCalendarCanvas   *self,
                                                     guint               day,
                                                     guint               column,
                                                     gint64              start_ms,
                                                     gint64              end_ms,
                                                     GdkRectangle       *rect);
/* Scrolls so that the slot (or the block of an appointment) is shown. */
void              ax_calendar_canvas_scroll_to      (AxCalendarCanvas   *self,
                                                     guint               day,
                                                     guint               column,
                                                     gint64              start_ms,
                                                     gint64              end_ms);
AxCalDragKind     ax_calendar_canvas_get_drag       (AxCalendarCanvas   *self);
/* Ends a drag under way without a change (Escape). */
gboolean          ax_calendar_canvas_cancel_drag    (AxCalendarCanvas   *self);

/* GtkScrollable */
GtkAdjustment    *ax_calendar_canvas_get_adjustment (AxCalendarCanvas   *self,
                                                     GtkOrientation      orientation);
void              ax_calendar_canvas_set_adjustment (AxCalendarCanvas   *self,
                                                     GtkOrientation      orientation,
                                                     GtkAdjustment      *adjustment);

/* Widget vfuncs */
void              ax_calendar_canvas_measure        (AxCalendarCanvas   *self,
                                                     GtkOrientation      orientation,
                                                     int                *minimum,
                                                     int                *natural,
                                                     int                 natural_column_width);
void              ax_calendar_canvas_size_allocate  (AxCalendarCanvas   *self,
                                                     int                 width,
                                                     int                 height);
void              ax_calendar_canvas_snapshot       (AxCalendarCanvas   *self,
                                                     GtkSnapshot        *snapshot);
void              ax_calendar_canvas_style_changed  (AxCalendarCanvas   *self);

G_END_DECLS
