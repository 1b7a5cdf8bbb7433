/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* Moving and resizing appointments by dragging them, and the ghost that
 * shows where they would land. */

#include "ax-calendar-canvas-private.h"

#include <glib/gi18n.h>

#define DRAG_THRESHOLD 4

void
ax_calendar_canvas_set_ghost_note (AxCalendarCanvas *self,
                char             *note)
{
  g_free (self->ghost_note);
  self->ghost_note = note;
}

/* Mirrors the booking rules on the ghost: the error colour when the slot
 * clashes with another live appointment of its provider or room, or lies
 * outside the provider's hours. */
void
ax_calendar_canvas_check_ghost (AxCalendarCanvas *self,
             const char       *provider_id,
             const char       *room_id,
             const char       *except_id)
{
  AxAppointment *clash;

  clash = ax_calendar_data_find_clash (self->data, except_id, provider_id, room_id,
                                       self->ghost_start_ms, self->ghost_end_ms);
  self->ghost_invalid = FALSE;
  ax_calendar_canvas_set_ghost_note (self, NULL);
  if (clash != NULL)
    {
      int day = MAX (ax_calendar_data_day_of (self->data, clash->start_ms), 0);
      g_autofree char *span = ax_calendar_canvas_format_minutes (self->data, day,
                                                                 clash->start_ms, clash->end_ms);

      self->ghost_invalid = TRUE;
      /* Translators: shown on a dragged appointment: "Taken: Anong Srisuk 10:00–10:30" */
      ax_calendar_canvas_set_ghost_note (self, g_strdup_printf (_("Taken: %s %s"),
                                                                clash->patient_name, span));
    }
  else if (provider_id != NULL
           && !ax_calendar_data_within_hours (self->data, provider_id, self->ghost_start_ms,
                                              self->ghost_end_ms))
    {
      self->ghost_invalid = TRUE;
      ax_calendar_canvas_set_ghost_note (self, g_strdup (_("Outside working hours")));
    }
}

static gint64
snap (AxCalendarCanvas *self,
      gint64            ms)
{
  return ax_schedule_snap (ms, self->snap, self->data->tz);
}

static void
update_drag (AxCalendarCanvas *self,
             double            x,
             double            y)
{
  const AxCalendarLayout *layout = self->layout;
  gint64 step = (gint64) self->snap * 60000;
  double cx, cy;
  guint day, column;
  const char *column_id;

  y = CLAMP (y, self->metrics.header_height, self->height - 1);
  x = MAX (x, self->metrics.gutter_width);
  ax_calendar_canvas_to_content (self, x, y, &cx, &cy);

  switch (self->drag_kind)
    {
    case AX_CAL_DRAG_CREATE:
      {
        gint64 at = ax_calendar_layout_time_at (layout, self->drag_day, cy);
        gint64 a = MIN (at, self->drag_anchor_ms), b = MAX (at, self->drag_anchor_ms);

        self->ghost_day = self->drag_day;
        self->ghost_column = self->drag_column;
        self->ghost_start_ms = snap (self, a);
        self->ghost_end_ms = snap (self, b);
        if (self->ghost_end_ms <= self->ghost_start_ms)
          self->ghost_end_ms = self->ghost_start_ms + step;
        column_id = layout->columns[self->drag_column].id;
        ax_calendar_canvas_check_ghost (self, layout->mode == AX_CAL_BY_PROVIDER ? column_id : NULL,
                     layout->mode == AX_CAL_BY_ROOM ? column_id : NULL, NULL);
        break;
      }
    case AX_CAL_DRAG_MOVE:
      {
        gint64 length = self->drag_appt->end_ms - self->drag_appt->start_ms;
        gint64 offset = self->drag_anchor_ms - self->drag_appt->start_ms;

        if (ax_calendar_layout_cell_at (layout, cx, cy, &day, &column))
          {
            self->ghost_day = day;
            self->ghost_column = column;
          }
        self->ghost_start_ms = snap (self, ax_calendar_layout_time_at (layout, self->ghost_day, cy)
                                             - offset);
        self->ghost_end_ms = self->ghost_start_ms + length;
        break;
      }
    case AX_CAL_DRAG_RESIZE:
      self->ghost_start_ms = self->drag_appt->start_ms;
      self->ghost_end_ms = snap (self, ax_calendar_layout_time_at (layout, self->ghost_day, cy));
      if (self->ghost_end_ms < self->ghost_start_ms + step)
        self->ghost_end_ms = self->ghost_start_ms + step;
      break;
    case AX_CAL_DRAG_NONE:
    default:
      return;
    }

  if (self->drag_kind != AX_CAL_DRAG_CREATE)
    {
      column_id = layout->columns[self->ghost_column].id;
      ax_calendar_canvas_check_ghost (self,
                   layout->mode == AX_CAL_BY_PROVIDER ? column_id : self->drag_appt->provider_id,
                   layout->mode == AX_CAL_BY_ROOM ? column_id : self->drag_appt->room_id,
                   self->drag_appt->id);
    }
  self->ghost = TRUE;
  gtk_widget_queue_draw (self->widget);
}

void
ax_calendar_canvas_end_drag (AxCalendarCanvas *self)
{
  self->drag_kind = AX_CAL_DRAG_NONE;
  self->drag_started = FALSE;
  self->drag_block = -1;
  g_clear_pointer (&self->drag_appt, ax_appointment_unref);
}


static void
drag_begin_cb (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               AxCalendarCanvas *self)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);
  double cx, cy;
  gboolean on_edge = FALSE;
  guint day, column;
  int block;

  ax_calendar_canvas_end_drag (self);
  gtk_widget_grab_focus (self->widget);
  if (layout == NULL || !ax_calendar_canvas_to_content (self, x, y, &cx, &cy))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_x = x;
  self->drag_y = y;
  block = ax_calendar_layout_block_at (layout, cx, cy, &on_edge);
  if (block >= 0)
    {
      const AxCalBlock *b = &g_array_index (layout->blocks, AxCalBlock, block);

      ax_calendar_canvas_set_selected_index (self, block);
      if (!self->editable || !ax_appointment_status_is_movable (b->appt->status))
        return;
      self->drag_kind = on_edge ? AX_CAL_DRAG_RESIZE : AX_CAL_DRAG_MOVE;
      self->drag_appt = ax_appointment_ref (b->appt);
      self->drag_block = block;
      self->drag_day = self->ghost_day = b->day;
      self->drag_column = self->ghost_column = b->column;
      self->drag_anchor_ms = ax_calendar_layout_time_at (layout, b->day, cy);
    }
  else if (ax_calendar_layout_cell_at (layout, cx, cy, &day, &column))
    {
      ax_calendar_canvas_set_selected_index (self, -1);
      self->has_focus_cell = TRUE;
      self->focus_day = day;
      self->focus_column = column;
      if (!self->editable)
        return;
      self->drag_kind = AX_CAL_DRAG_CREATE;
      self->drag_day = day;
      self->drag_column = column;
      self->drag_anchor_ms = ax_calendar_layout_time_at (layout, day, cy);
    }
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                AxCalendarCanvas *self)
{
  if (self->drag_kind == AX_CAL_DRAG_NONE || self->layout == NULL)
    return;
  if (!self->drag_started)
    {
      if (hypot (dx, dy) < DRAG_THRESHOLD)
        return;
      self->drag_started = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      ax_calendar_canvas_clear_ghost (self);
    }
  update_drag (self, self->drag_x + dx, self->drag_y + dy);
}

static void
drag_end_cb (GtkGestureDrag   *gesture,
             double            dx,
             double            dy,
             AxCalendarCanvas *self)
{
  AxCalDragKind kind = self->drag_kind;
  g_autoptr (AxAppointment) appt = self->drag_appt ? ax_appointment_ref (self->drag_appt) : NULL;

  if (kind == AX_CAL_DRAG_NONE || !self->drag_started || self->layout == NULL)
    {
      ax_calendar_canvas_end_drag (self);
      return;
    }
  update_drag (self, self->drag_x + dx, self->drag_y + dy);
  ax_calendar_canvas_end_drag (self);

  if (kind == AX_CAL_DRAG_CREATE)
    {
      /* The ghost stays while the booking popover is open. */
      g_signal_emit_by_name (self->widget, "create-requested", self->ghost_day,
                             self->ghost_column, self->ghost_start_ms, self->ghost_end_ms);
      return;
    }
  else
    {
      const AxCalColumn *col = &self->layout->columns[self->ghost_column];
      const char *provider = self->layout->mode == AX_CAL_BY_PROVIDER ? col->id : appt->provider_id;
      const char *room = self->layout->mode == AX_CAL_BY_ROOM ? col->id : appt->room_id;
      gint64 start = self->ghost_start_ms, end = self->ghost_end_ms;

      ax_calendar_canvas_clear_ghost (self);
      if (start == appt->start_ms && end == appt->end_ms
          && g_strcmp0 (provider, appt->provider_id) == 0 && g_strcmp0 (room, appt->room_id) == 0)
        return;
      g_signal_emit_by_name (self->widget, "move-requested", appt, start, end, provider, room);
    }
}

static void
drag_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                AxCalendarCanvas *self)
{
  if (self->drag_kind != AX_CAL_DRAG_NONE && self->drag_started)
    ax_calendar_canvas_clear_ghost (self);
  ax_calendar_canvas_end_drag (self);
}

/* Shared with ax-calendar-canvas.c */

void
ax_calendar_canvas_install_drag (AxCalendarCanvas *self)
{
  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (self->drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (self->widget, GTK_EVENT_CONTROLLER (self->drag));
}

AxCalDragKind
ax_calendar_canvas_get_drag (AxCalendarCanvas *self)
{
  return self->drag_started ? self->drag_kind : AX_CAL_DRAG_NONE;
}

gboolean
ax_calendar_canvas_cancel_drag (AxCalendarCanvas *self)
{
  if (self->drag_kind == AX_CAL_DRAG_NONE || !self->drag_started)
    return FALSE;
  ax_calendar_canvas_end_drag (self);
  ax_calendar_canvas_clear_ghost (self);
  /* The gesture still holds the pointer: let it go without an end. */
  gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
  return TRUE;
}
