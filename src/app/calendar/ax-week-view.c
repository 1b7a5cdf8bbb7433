/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-week-view.h"

#include <glib/gi18n.h>

#include "ax-calendar-view-private.h"

/* A provider's lane of a day is this wide when there is room. */
#define NATURAL_COLUMN_WIDTH 28

struct _AxWeekView
{
  GtkWidget         parent_instance;

  AxCalendarCanvas *canvas;
  guint             scroll_policy[2];
};

static void ax_week_view_view_init (AxViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AxWeekView, ax_week_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (AX_TYPE_VIEW, ax_week_view_view_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

AX_CALENDAR_VIEW_DEFINE_COMMON (AxWeekView, ax_week_view, AX_WEEK_VIEW)

/* AxView */

static guint
ax_week_view_get_n_days (AxView *view)
{
  return 7;
}

static GDateTime *
ax_week_view_get_first_day (AxView    *view,
                           GDateTime *date)
{
  /* Weeks start on Monday (ISO 8601). */
  return g_date_time_add_days (date, 1 - g_date_time_get_day_of_week (date));
}

static void
ax_week_view_view_init (AxViewInterface *iface)
{
  iface->get_canvas = ax_week_view_get_canvas;
  iface->get_n_days = ax_week_view_get_n_days;
  iface->get_first_day = ax_week_view_get_first_day;
}

/* Overrides */

static void
ax_week_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  ax_calendar_canvas_measure (AX_WEEK_VIEW (widget)->canvas, orientation, minimum, natural,
                              NATURAL_COLUMN_WIDTH);
}

static void
ax_week_view_class_init (AxWeekViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_week_view_dispose;
  object_class->get_property = ax_week_view_get_property;
  object_class->set_property = ax_week_view_set_property;
  widget_class->measure = ax_week_view_measure;
  widget_class->size_allocate = ax_week_view_size_allocate;
  widget_class->snapshot = ax_week_view_snapshot;
  widget_class->css_changed = ax_week_view_css_changed;
  widget_class->focus = ax_week_view_focus;

  ax_calendar_view_class_setup (widget_class);
  gtk_widget_class_set_css_name (widget_class, "weekview");
}

static void
ax_week_view_init (AxWeekView *self)
{
  AxCalMetrics metrics;

  ax_cal_metrics_init_week (&metrics);
  self->canvas = ax_calendar_canvas_new (GTK_WIDGET (self), &metrics, _("Week view"));
  ax_calendar_canvas_set_adjustment (self->canvas, GTK_ORIENTATION_HORIZONTAL, NULL);
  ax_calendar_canvas_set_adjustment (self->canvas, GTK_ORIENTATION_VERTICAL, NULL);
}

GtkWidget *
ax_week_view_new (void)
{
  return g_object_new (AX_TYPE_WEEK_VIEW, NULL);
}
