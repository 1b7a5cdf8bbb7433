/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-view.h"

G_BEGIN_DECLS

/* What AxDayView and AxWeekView share as widgets: GtkScrollable's
 * properties, the keyboard, and the vfuncs they forward to their canvas. */

enum
{
  AX_VIEW_PROP_0,
  AX_VIEW_PROP_HADJUSTMENT,
  AX_VIEW_PROP_VADJUSTMENT,
  AX_VIEW_PROP_HSCROLL_POLICY,
  AX_VIEW_PROP_VSCROLL_POLICY,
};

/* Overrides GtkScrollable's properties; installs view.select-previous and
 * view.select-next (Up, Down) and binds the calendar page's keys: Left and
 * Right (calendar.previous, calendar.next), t (calendar.today), n
 * (calendar.new), Delete (calendar.cancel-appointment). */
void     ax_calendar_view_class_setup  (GtkWidgetClass   *widget_class);
void     ax_calendar_view_get_property (AxCalendarCanvas *canvas,
                                        const guint      *scroll_policy,
                                        guint             prop_id,
                                        GValue           *value,
                                        GParamSpec       *pspec);
void     ax_calendar_view_set_property (GObject          *object,
                                        AxCalendarCanvas *canvas,
                                        guint            *scroll_policy,
                                        guint             prop_id,
                                        const GValue     *value,
                                        GParamSpec       *pspec);
gboolean ax_calendar_view_focus        (GtkWidget        *widget,
                                        GtkDirectionType  direction);
/* Popovers anchored to the view (the booking popover) are its children:
 * placed when it is allocated, dropped when it goes. */
void     ax_calendar_view_present_popovers  (GtkWidget    *widget);
void     ax_calendar_view_unparent_children (GtkWidget    *widget);

/* The forwarding vfuncs, the same in both views. */
#define AX_CALENDAR_VIEW_DEFINE_COMMON(TypeName, type_name, TYPE_CAST)                   \
  static AxCalendarCanvas *type_name##_get_canvas (AxView *view)                         \
  {                                                                                       \
    return TYPE_CAST (view)->canvas;                                                      \
  }                                                                                       \
  static void type_name##_dispose (GObject *object)                                       \
  {                                                                                       \
    ax_calendar_view_unparent_children (GTK_WIDGET (object));                             \
    g_clear_pointer (&TYPE_CAST (object)->canvas, ax_calendar_canvas_free);               \
    G_OBJECT_CLASS (type_name##_parent_class)->dispose (object);                          \
  }                                                                                       \
  static void type_name##_get_property (GObject *object, guint prop_id, GValue *value,    \
                                        GParamSpec *pspec)                                \
  {                                                                                       \
    TypeName *self = TYPE_CAST (object);                                                  \
    ax_calendar_view_get_property (self->canvas, self->scroll_policy, prop_id, value,     \
                                   pspec);                                                \
  }                                                                                       \
  static void type_name##_set_property (GObject *object, guint prop_id,                   \
                                        const GValue *value, GParamSpec *pspec)           \
  {                                                                                       \
    TypeName *self = TYPE_CAST (object);                                                  \
    ax_calendar_view_set_property (object, self->canvas, self->scroll_policy, prop_id,    \
                                   value, pspec);                                         \
  }                                                                                       \
  static void type_name##_size_allocate (GtkWidget *widget, int width, int height,        \
                                         int baseline)                                    \
  {                                                                                       \
    ax_calendar_canvas_size_allocate (TYPE_CAST (widget)->canvas, width, height);         \
    ax_calendar_view_present_popovers (widget);                                           \
  }                                                                                       \
  static void type_name##_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)             \
  {                                                                                       \
    ax_calendar_canvas_snapshot (TYPE_CAST (widget)->canvas, snapshot);                   \
  }                                                                                       \
  static void type_name##_css_changed (GtkWidget *widget, GtkCssStyleChange *change)      \
  {                                                                                       \
    GTK_WIDGET_CLASS (type_name##_parent_class)->css_changed (widget, change);            \
    if (TYPE_CAST (widget)->canvas != NULL)                                               \
      ax_calendar_canvas_style_changed (TYPE_CAST (widget)->canvas);                      \
  }                                                                                       \
  static gboolean type_name##_focus (GtkWidget *widget, GtkDirectionType direction)       \
  {                                                                                       \
    return ax_calendar_view_focus (widget, direction);                                    \
  }

G_END_DECLS
