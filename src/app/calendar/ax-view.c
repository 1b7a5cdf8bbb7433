/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-view.h"

G_DEFINE_INTERFACE (AxView, ax_view, GTK_TYPE_WIDGET)

static void
ax_view_default_init (AxViewInterface *iface)
{
  GType type = G_TYPE_FROM_INTERFACE (iface);

  g_signal_new ("selection-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);
  g_signal_new ("create-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_INT64);
  g_signal_new ("move-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 5, G_TYPE_POINTER, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_STRING,
                G_TYPE_STRING);
  g_signal_new ("activated", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_POINTER);
}

AxCalendarCanvas *
ax_view_get_canvas (AxView *self)
{
  g_return_val_if_fail (AX_IS_VIEW (self), NULL);
  return AX_VIEW_GET_IFACE (self)->get_canvas (self);
}

guint
ax_view_get_n_days (AxView *self)
{
  g_return_val_if_fail (AX_IS_VIEW (self), 1);
  return AX_VIEW_GET_IFACE (self)->get_n_days (self);
}

GDateTime *
ax_view_get_first_day (AxView    *self,
                       GDateTime *date)
{
  g_return_val_if_fail (AX_IS_VIEW (self), NULL);
  return AX_VIEW_GET_IFACE (self)->get_first_day (self, date);
}

void
ax_view_set_data (AxView         *self,
                  AxCalendarData *data)
{
  ax_calendar_canvas_set_data (ax_view_get_canvas (self), data);
}

AxCalendarData *
ax_view_get_data (AxView *self)
{
  return ax_calendar_canvas_get_data (ax_view_get_canvas (self));
}

void
ax_view_set_options (AxView             *self,
                     const AxCalOptions *options)
{
  ax_calendar_canvas_set_options (ax_view_get_canvas (self), options);
}

void
ax_view_set_snap_minutes (AxView *self,
                          int     minutes)
{
  ax_calendar_canvas_set_snap (ax_view_get_canvas (self), minutes);
}

void
ax_view_set_now (AxView *self,
                 gint64  now_ms)
{
  ax_calendar_canvas_set_now (ax_view_get_canvas (self), now_ms);
}

void
ax_view_set_editable (AxView   *self,
                      gboolean  editable)
{
  ax_calendar_canvas_set_editable (ax_view_get_canvas (self), editable);
}

AxAppointment *
ax_view_get_selected (AxView *self)
{
  return ax_calendar_canvas_get_selected (ax_view_get_canvas (self));
}

void
ax_view_select (AxView     *self,
                const char *appointment_id)
{
  ax_calendar_canvas_select (ax_view_get_canvas (self), appointment_id);
}

const char *
ax_view_get_column_id (AxView *self,
                       guint   column)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_get_layout (ax_view_get_canvas (self));

  if (layout == NULL || column >= layout->n_columns)
    return NULL;
  return layout->columns[column].id;
}

gboolean
ax_view_get_focus_cell (AxView *self,
                        guint  *day,
                        guint  *column)
{
  return ax_calendar_canvas_get_focus_cell (ax_view_get_canvas (self), day, column);
}

void
ax_view_show_ghost (AxView *self,
                    guint   day,
                    guint   column,
                    gint64  start_ms,
                    gint64  end_ms)
{
  ax_calendar_canvas_show_ghost (ax_view_get_canvas (self), day, column, start_ms, end_ms);
}

void
ax_view_clear_ghost (AxView *self)
{
  ax_calendar_canvas_clear_ghost (ax_view_get_canvas (self));
}

gboolean
ax_view_slot_rect (AxView       *self,
                   guint         day,
                   guint         column,
                   gint64        start_ms,
                   gint64        end_ms,
                   GdkRectangle *rect)
{
  return ax_calendar_canvas_slot_rect (ax_view_get_canvas (self), day, column, start_ms, end_ms,
                                       rect);
}

gboolean
ax_view_find_free_slot (AxView *self,
                        guint   column,
                        gint64  after_ms,
                        int     duration_min,
                        guint  *day,
                        gint64 *start_ms)
{
  AxCalendarCanvas *canvas = ax_view_get_canvas (self);
  const AxCalendarLayout *layout = ax_calendar_canvas_get_layout (canvas);
  int first;

  if (layout == NULL || column >= layout->n_columns)
    return FALSE;
  first = MAX (ax_calendar_data_day_of (layout->data, after_ms), 0);
  if (after_ms >= layout->data->day_start_ms[layout->n_days])
    return FALSE;
  for (guint d = (guint) first; d < layout->n_days; d++)
    if (ax_calendar_layout_free_slot (layout, d, column, after_ms, duration_min,
                                      ax_calendar_canvas_get_snap (canvas), start_ms))
      {
        *day = d;
        return TRUE;
      }
  return FALSE;
}
