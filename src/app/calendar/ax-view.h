/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-calendar-canvas.h"

G_BEGIN_DECLS

#define AX_TYPE_VIEW (ax_view_get_type ())
G_DECLARE_INTERFACE (AxView, ax_view, AX, VIEW, GtkWidget)

/* A calendar view (AxDayView, AxWeekView): shows an AxCalendarData of its
 * days, lets the user select, create, move and resize appointments, and
 * reports what the user asked for through signals; the page runs the
 * mutators. A view supplies its days and its canvas; the rest is here.
 *
 * Signals:
 *   ::selection-changed ()
 *   ::create-requested (guint day, guint column, gint64 start_ms, gint64 end_ms)
 *       a slot was dragged out on an empty part of a column;
 *   ::move-requested (AxAppointment *appt, gint64 start_ms, gint64 end_ms,
 *                     const char *provider_id, const char *room_id)
 *       an appointment was dragged or resized there;
 *   ::activated (AxAppointment *appt)   double click or Enter. */
struct _AxViewInterface
{
  GTypeInterface parent_iface;

  AxCalendarCanvas *(*get_canvas)    (AxView    *self);
  /* The days shown: 1 or 7. */
  guint             (*get_n_days)    (AxView    *self);
  /* The first day shown when date is to be shown (the day; its Monday). */
  GDateTime        *(*get_first_day) (AxView    *self,
                                      GDateTime *date);
};

AxCalendarCanvas *ax_view_get_canvas      (AxView             *self);
guint             ax_view_get_n_days      (AxView             *self);
GDateTime        *ax_view_get_first_day   (AxView             *self,
                                           GDateTime          *date);

void              ax_view_set_data        (AxView             *self,
                                           AxCalendarData     *data);
AxCalendarData   *ax_view_get_data        (AxView             *self);
void              ax_view_set_options     (AxView             *self,
                                           const AxCalOptions *options);
void              ax_view_set_snap_minutes (AxView            *self,
                                           int                 minutes);
void              ax_view_set_now         (AxView             *self,
                                           gint64              now_ms);
void              ax_view_set_editable    (AxView             *self,
                                           gboolean            editable);
AxAppointment    *ax_view_get_selected    (AxView             *self);
void              ax_view_select          (AxView             *self,
                                           const char         *appointment_id);
/* The column id (provider or room; NULL for "no room") of a column. */
const char       *ax_view_get_column_id   (AxView             *self,
                                           guint               column);
gboolean          ax_view_get_focus_cell  (AxView             *self,
                                           guint              *day,
                                           guint              *column);
void              ax_view_show_ghost      (AxView             *self,
                                           guint               day,
                                           guint               column,
                                           gint64              start_ms,
                                           gint64              end_ms);
void              ax_view_clear_ghost     (AxView             *self);
gboolean          ax_view_slot_rect       (AxView             *self,
                                           guint               day,
                                           guint               column,
                                           gint64              start_ms,
                                           gint64              end_ms,
                                           GdkRectangle       *rect);
/* The first free slot of duration_min at or after after_ms in a column
 * (snapped; the provider's hours, no clash), on the day or later days. */
gboolean          ax_view_find_free_slot  (AxView             *self,
                                           guint               column,
                                           gint64              after_ms,
                                           int                 duration_min,
                                           guint              *day,
                                           gint64             *start_ms);

G_END_DECLS
