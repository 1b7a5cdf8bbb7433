/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-calendar-canvas-private.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-calendar-draw.h"



/* Helpers */

static double
scroll_of (AxCalendarCanvas *self,
           GtkOrientation    orientation)
{
  GtkAdjustment *adj = self->adjustments[orientation];

  return adj != NULL ? floor (gtk_adjustment_get_value (adj)) : 0;
}

static AxCalOptions
current_options (AxCalendarCanvas *self)
{
  return (AxCalOptions) { self->mode, (const char *const *) self->provider_ids,
                          (const char *const *) self->room_ids, self->status_mask };
}

static void
configure_adjustment (AxCalendarCanvas *self,
                      GtkOrientation    orientation,
                      double            content,
                      double            page)
{
  GtkAdjustment *adj = self->adjustments[orientation];
  double upper = MAX (content, page);

  if (adj == NULL)
    return;
  gtk_adjustment_configure (adj, CLAMP (gtk_adjustment_get_value (adj), 0, upper - page), 0,
                            upper, 24, page * 0.9, page);
}

static void
update_description (AxCalendarCanvas *self);

const AxCalendarLayout *
ax_calendar_canvas_ensure_layout (AxCalendarCanvas *self)
{
  AxCalOptions options;

  if (self->layout != NULL || self->data == NULL || self->width <= 0 || self->height <= 0)
    return self->layout;
  options = current_options (self);
  self->layout = ax_calendar_layout_new (self->data, &options, &self->metrics, self->width,
                                         self->height);
  self->selected = ax_calendar_layout_find_block (self->layout, self->selected_id);
  if (self->has_focus_cell
      && (self->focus_day >= self->layout->n_days || self->focus_column >= self->layout->n_columns))
    self->has_focus_cell = FALSE;
  configure_adjustment (self, GTK_ORIENTATION_HORIZONTAL, self->layout->width, self->width);
  configure_adjustment (self, GTK_ORIENTATION_VERTICAL, self->layout->height, self->height);
  update_description (self);
  return self->layout;
}

static void
invalidate_layout (AxCalendarCanvas *self)
{
  g_clear_pointer (&self->layout, ax_calendar_layout_free);
  gtk_widget_queue_resize (self->widget);
}

/* Widget coordinates to the content's; FALSE over the header or gutter. */
gboolean
ax_calendar_canvas_to_content (AxCalendarCanvas *self,
            double            x,
            double            y,
            double           *cx,
            double           *cy)
{
  *cx = x + scroll_of (self, GTK_ORIENTATION_HORIZONTAL);
  *cy = y + scroll_of (self, GTK_ORIENTATION_VERTICAL);
  return x >= self->metrics.gutter_width && y >= self->metrics.header_height;
}

static AxAppointment *
block_appt (AxCalendarCanvas *self,
            int               index)
{
  if (self->layout == NULL || index < 0 || (guint) index >= self->layout->blocks->len)
    return NULL;
  return g_array_index (self->layout->blocks, AxCalBlock, index).appt;
}

void
ax_calendar_canvas_set_selected_index (AxCalendarCanvas *self,
                    int               index)
{
  AxAppointment *appt = block_appt (self, index);
  gboolean changed = g_strcmp0 (self->selected_id, appt ? appt->id : NULL) != 0;

  self->selected = appt ? index : -1;
  g_free (self->selected_id);
  self->selected_id = g_strdup (appt ? appt->id : NULL);
  if (appt != NULL)
    {
      const AxCalBlock *block = &g_array_index (self->layout->blocks, AxCalBlock, index);
      self->has_focus_cell = TRUE;
      self->focus_day = block->day;
      self->focus_column = block->column;
    }
  gtk_widget_queue_draw (self->widget);
  if (changed)
    {
      update_description (self);
      g_signal_emit_by_name (self->widget, "selection-changed");
    }
}

char *
ax_calendar_canvas_format_minutes (const AxCalendarData *data,
                guint                 day,
                gint64                start_ms,
                gint64                end_ms)
{
  char span[24];

  ax_calendar_format_span (ax_calendar_data_local_minute (data, day, start_ms),
                           ax_calendar_data_local_minute (data, day, end_ms), span, sizeof span);
  return g_strdup (span);
}

static char *
describe_appointment (const AxCalendarData *data,
                      const AxAppointment  *appt)
{
  int day = ax_calendar_data_day_of (data, appt->start_ms);
  g_autofree char *span = ax_calendar_canvas_format_minutes (data, MAX (day, 0),
                                                             appt->start_ms, appt->end_ms);
  const AxResource *provider = ax_calendar_data_find_provider (data, appt->provider_id);

  const char *parts[] = {
    appt->patient_name && *appt->patient_name ? appt->patient_name : _("No patient"),
    span,
    appt->services && *appt->services ? appt->services : NULL,
    provider ? provider->name : NULL,
    ax_appointment_status_display_name (appt->status),
  };
  GString *text = g_string_new (NULL);

  /* "Anong Srisuk, 10:00–10:30, Botox forehead, Dr Lee, Confirmed" */
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", parts[i]);
  return g_string_free (text, FALSE);
}

/* The view's accessible description: what is selected, then where its
 * columns and hours are (in the widget's own coordinates, as drawn now), so
 * that assistive technologies and the UI tests can point at a slot. */
static void
update_description (AxCalendarCanvas *self)
{
  const AxCalendarLayout *layout = self->layout;
  AxAppointment *appt = block_appt (self, self->selected);
  double sx = scroll_of (self, GTK_ORIENTATION_HORIZONTAL);
  double sy = scroll_of (self, GTK_ORIENTATION_VERTICAL);
  GString *text = g_string_new (NULL);
  GtkNative *native;
  double ox, oy;

  if (layout == NULL)
    return;
  if (appt != NULL)
    {
      g_autofree char *what = describe_appointment (layout->data, appt);
      /* Translators: the calendar view's description starts with the selection */
      g_string_append_printf (text, _("Selected: %s."), what);
    }
  else
    g_string_append (text, _("No appointment selected."));
  g_string_append_c (text, ' ');
  for (guint d = 0; d < layout->n_days; d++)
    for (guint c = 0; c < layout->n_columns; c++)
      {
        const AxCalColumn *col = &layout->columns[c];
        AxCalRect cell = ax_calendar_layout_cell_rect (layout, d, c);
        g_autofree char *name = NULL;

        name = layout->n_days > 1
                 ? g_strdup_printf ("%s %s", layout->data->day_label[d], col->name ? col->name : "")
                 : g_strdup (col->name ? col->name : self->style.no_room_text);
        /* Translators: where a calendar column is: "Dr Lee at x 56 to 160; " */
        g_string_append_printf (text, _("%s at x %d to %d; "), name, (int) (cell.x - sx),
                                (int) (cell.x + cell.width - sx));
      }
  /* Translators: where the hours are: "08:00 at y 40, 60 pixels an hour." */
  g_string_append_printf (text, _("%02d:%02d at y %d, %d pixels an hour."),
                          layout->first_minute / 60, layout->first_minute % 60,
                          (int) (layout->metrics.header_height - sy), (int) layout->hour_height);
  /* Where the view is in its window's surface: GTK 4.8 cannot give screen
   * coordinates over AT-SPI, so this and the window's own position do. */
  native = gtk_widget_get_native (self->widget);
  if (native != NULL
      && gtk_widget_translate_coordinates (self->widget, GTK_WIDGET (native), 0, 0, &ox, &oy))
    {
      double tx = 0, ty = 0;

      gtk_native_get_surface_transform (native, &tx, &ty);
      /* Translators: where the calendar view is in its window: " In the window at 226, 117." */
      g_string_append_printf (text, _(" In the window at %d, %d."), (int) (ox + tx),
                              (int) (oy + ty));
    }

  if (g_strcmp0 (text->str, self->description) != 0)
    {
      g_free (self->description);
      self->description = g_string_free (text, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->widget),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);
    }
  else
    g_string_free (text, TRUE);
}

/* Callbacks */

static void
click_pressed_cb (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  AxCalendarCanvas *self)
{
  double cx, cy;
  int block;

  if (n_press != 2 || self->layout == NULL || !ax_calendar_canvas_to_content (self, x, y, &cx, &cy))
    return;
  block = ax_calendar_layout_block_at (self->layout, cx, cy, NULL);
  if (block >= 0)
    g_signal_emit_by_name (self->widget, "activated", block_appt (self, block));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                AxCalendarCanvas      *self)
{
  if (keyval == GDK_KEY_Escape)
    return ax_calendar_canvas_cancel_drag (self);
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && self->selected >= 0)
    {
      g_signal_emit_by_name (self->widget, "activated", block_appt (self, self->selected));
      return TRUE;
    }
  return FALSE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AxCalendarCanvas         *self)
{
  const char *cursor = NULL;
  double cx, cy;
  gboolean on_edge = FALSE;
  int block;

  if (self->drag_kind != AX_CAL_DRAG_NONE && self->drag_started)
    return;
  if (self->layout != NULL && ax_calendar_canvas_to_content (self, x, y, &cx, &cy))
    {
      block = ax_calendar_layout_block_at (self->layout, cx, cy, &on_edge);
      if (block >= 0 && self->editable
          && ax_appointment_status_is_movable (block_appt (self, block)->status))
        cursor = on_edge ? "ns-resize" : "grab";
      else if (block >= 0)
        cursor = "pointer";
      else if (self->editable)
        cursor = "cell";
    }
  gtk_widget_set_cursor_from_name (self->widget, cursor);
}

static gboolean
query_tooltip_cb (GtkWidget        *widget,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip,
                  AxCalendarCanvas *self)
{
  AxAppointment *appt;
  GString *text;
  g_autofree char *what = NULL;
  double cx, cy;
  int block;

  if (keyboard)
    block = self->selected;
  else if (self->layout == NULL || !ax_calendar_canvas_to_content (self, x, y, &cx, &cy))
    return FALSE;
  else
    block = ax_calendar_layout_block_at (self->layout, cx, cy, NULL);
  appt = block_appt (self, block);
  if (appt == NULL)
    return FALSE;

  what = describe_appointment (self->layout->data, appt);
  text = g_string_new (what);
  if (appt->patient_has_allergy)
    g_string_append_printf (text, "\n%s", _("Has allergies"));
  if (appt->overbook_reason != NULL)
    /* Translators: "Overbooked: the patient is a friend of the doctor" */
    g_string_append_printf (text, "\n%s", appt->overbook_reason);
  if (appt->needs_rebooking)
    g_string_append_printf (text, "\n%s", _("Needs rebooking: another desk booked this time first"));
  if (appt->outside_hours)
    g_string_append_printf (text, "\n%s", _("Booked outside working hours"));
  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

static void
adjustment_changed_cb (AxCalendarCanvas *self)
{
  gtk_widget_queue_draw (self->widget);
  update_description (self);
}

/* Public API */

AxCalendarCanvas *
ax_calendar_canvas_new (GtkWidget          *widget,
                        const AxCalMetrics *metrics,
                        const char         *accessible_kind)
{
  AxCalendarCanvas *self = g_new0 (AxCalendarCanvas, 1);
  GtkEventController *controller;
  GtkGesture *click;

  self->widget = widget;
  self->metrics = *metrics;
  self->accessible_kind = g_strdup (accessible_kind);
  self->snap = 15;
  self->selected = -1;
  self->drag_block = -1;
  self->editable = TRUE;
  ax_cal_style_init_default (&self->style, FALSE, NULL);

  ax_calendar_canvas_install_drag (self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  self->controllers[0] = GTK_EVENT_CONTROLLER (click);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (widget, controller);
  self->controllers[1] = controller;

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (widget, controller);
  self->controllers[2] = controller;

  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (ax_calendar_canvas_dark_changed_cb), self);
  gtk_widget_set_focusable (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_kind, -1);
  return self;
}

void
ax_calendar_canvas_free (AxCalendarCanvas *self)
{
  if (self == NULL)
    return;
  /* The widget outlives this in its dispose: nothing of it may call back. */
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_signal_handlers_disconnect_by_data (self->widget, self);
  g_signal_handlers_disconnect_by_data (self->drag, self);
  for (int i = 0; i < 3; i++)
    g_signal_handlers_disconnect_by_data (self->controllers[i], self);
  for (int o = 0; o < 2; o++)
    if (self->adjustments[o] != NULL)
      {
        g_signal_handlers_disconnect_by_data (self->adjustments[o], self);
        g_clear_object (&self->adjustments[o]);
      }
  ax_calendar_canvas_end_drag (self);
  ax_calendar_canvas_clear_icons (self);
  g_clear_pointer (&self->layout, ax_calendar_layout_free);
  g_clear_pointer (&self->data, ax_calendar_data_unref);
  g_clear_pointer (&self->provider_ids, g_strfreev);
  g_clear_pointer (&self->room_ids, g_strfreev);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_free (self->selected_id);
  g_free (self->ghost_note);
  g_free (self->description);
  g_free (self->accessible_kind);
  g_free (self);
}

void
ax_calendar_canvas_set_data (AxCalendarCanvas *self,
                             AxCalendarData   *data)
{
  gboolean had_selection = self->selected_id != NULL;

  if (self->data == data)
    return;
  ax_calendar_canvas_cancel_drag (self);
  g_clear_pointer (&self->data, ax_calendar_data_unref);
  self->data = data ? ax_calendar_data_ref (data) : NULL;
  if (data == NULL || ax_calendar_data_find_appointment (data, self->selected_id) == NULL)
    g_clear_pointer (&self->selected_id, g_free);
  self->selected = -1;
  invalidate_layout (self);
  /* The selected appointment is a new value now (or gone). */
  if (had_selection)
    g_signal_emit_by_name (self->widget, "selection-changed");
}

AxCalendarData *
ax_calendar_canvas_get_data (AxCalendarCanvas *self)
{
  return self->data;
}

void
ax_calendar_canvas_set_options (AxCalendarCanvas   *self,
                                const AxCalOptions *options)
{
  g_clear_pointer (&self->provider_ids, g_strfreev);
  g_clear_pointer (&self->room_ids, g_strfreev);
  self->mode = options->mode;
  self->provider_ids = g_strdupv ((char **) options->provider_ids);
  self->room_ids = g_strdupv ((char **) options->room_ids);
  self->status_mask = options->status_mask;
  ax_calendar_canvas_cancel_drag (self);
  invalidate_layout (self);
}

void
ax_calendar_canvas_set_snap (AxCalendarCanvas *self,
                             int               minutes)
{
  self->snap = CLAMP (minutes, 1, 60);
}

int
ax_calendar_canvas_get_snap (AxCalendarCanvas *self)
{
  return self->snap;
}

void
ax_calendar_canvas_set_now (AxCalendarCanvas *self,
                            gint64            now_ms)
{
  if (self->now_ms == now_ms)
    return;
  self->now_ms = now_ms;
  gtk_widget_queue_draw (self->widget);
}

void
ax_calendar_canvas_set_editable (AxCalendarCanvas *self,
                                 gboolean          editable)
{
  self->editable = editable;
}

const AxCalendarLayout *
ax_calendar_canvas_get_layout (AxCalendarCanvas *self)
{
  return ax_calendar_canvas_ensure_layout (self);
}

AxAppointment *
ax_calendar_canvas_get_selected (AxCalendarCanvas *self)
{
  ax_calendar_canvas_ensure_layout (self);
  if (self->layout == NULL)
    return self->data ? ax_calendar_data_find_appointment (self->data, self->selected_id) : NULL;
  return block_appt (self, self->selected);
}

void
ax_calendar_canvas_select (AxCalendarCanvas *self,
                           const char       *appointment_id)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);

  if (layout == NULL)
    {
      /* Not laid out yet (not shown): the selection is the data's all the same. */
      gboolean changed = g_strcmp0 (self->selected_id, appointment_id) != 0;

      g_free (self->selected_id);
      self->selected_id = g_strdup (appointment_id);
      if (changed)
        g_signal_emit_by_name (self->widget, "selection-changed");
      return;
    }
  ax_calendar_canvas_set_selected_index (self,
                                         ax_calendar_layout_find_block (layout, appointment_id));
  if (self->selected >= 0)
    {
      const AxCalBlock *b = &g_array_index (layout->blocks, AxCalBlock, self->selected);
      ax_calendar_canvas_scroll_to (self, b->day, b->column, b->appt->start_ms, b->appt->end_ms);
    }
}

gboolean
ax_calendar_canvas_select_step (AxCalendarCanvas *self,
                                int               direction)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);
  int next;

  if (layout == NULL)
    return FALSE;
  next = ax_calendar_layout_step_block (layout, self->selected, direction);
  if (next < 0)
    return FALSE;
  ax_calendar_canvas_select (self, block_appt (self, next)->id);
  return TRUE;
}

gboolean
ax_calendar_canvas_get_focus_cell (AxCalendarCanvas *self,
                                   guint            *day,
                                   guint            *column)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);

  if (layout == NULL || layout->n_columns == 0)
    return FALSE;
  if (self->has_focus_cell)
    {
      *day = self->focus_day;
      *column = self->focus_column;
    }
  else
    {
      int today = self->now_ms ? ax_calendar_data_day_of (layout->data, self->now_ms) : -1;
      *day = today >= 0 ? (guint) today : 0;
      *column = 0;
    }
  return TRUE;
}

void
ax_calendar_canvas_show_ghost (AxCalendarCanvas *self,
                               guint             day,
                               guint             column,
                               gint64            start_ms,
                               gint64            end_ms)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);
  const char *id;

  if (layout == NULL || day >= layout->n_days || column >= layout->n_columns)
    return;
  self->ghost = TRUE;
  self->ghost_day = day;
  self->ghost_column = column;
  self->ghost_start_ms = start_ms;
  self->ghost_end_ms = end_ms;
  id = layout->columns[column].id;
  ax_calendar_canvas_check_ghost (self, layout->mode == AX_CAL_BY_PROVIDER ? id : NULL,
               layout->mode == AX_CAL_BY_ROOM ? id : NULL, NULL);
  gtk_widget_queue_draw (self->widget);
}

void
ax_calendar_canvas_clear_ghost (AxCalendarCanvas *self)
{
  if (!self->ghost)
    return;
  self->ghost = FALSE;
  self->ghost_invalid = FALSE;
  ax_calendar_canvas_set_ghost_note (self, NULL);
  gtk_widget_queue_draw (self->widget);
}

gboolean
ax_calendar_canvas_slot_rect (AxCalendarCanvas *self,
                              guint             day,
                              guint             column,
                              gint64            start_ms,
                              gint64            end_ms,
                              GdkRectangle     *rect)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);
  AxCalDrawState state;
  AxCalRect r;

  if (layout == NULL || day >= layout->n_days || column >= layout->n_columns)
    return FALSE;
  ax_cal_draw_state_init (&state);
  state.ghost_day = day;
  state.ghost_column = column;
  state.ghost_start_ms = start_ms;
  state.ghost_end_ms = end_ms;
  r = ax_calendar_ghost_rect (layout, &state);
  rect->x = (int) (r.x - scroll_of (self, GTK_ORIENTATION_HORIZONTAL));
  rect->y = (int) (r.y - scroll_of (self, GTK_ORIENTATION_VERTICAL));
  rect->width = (int) r.width;
  rect->height = (int) r.height;
  /* Keep the anchor inside the visible grid. */
  rect->x = CLAMP (rect->x, (int) self->metrics.gutter_width, MAX (self->width - 2, 0));
  rect->y = CLAMP (rect->y, (int) self->metrics.header_height, MAX (self->height - 2, 0));
  rect->width = MAX (MIN (rect->width, self->width - rect->x), 1);
  rect->height = MAX (MIN (rect->height, self->height - rect->y), 1);
  return TRUE;
}

void
ax_calendar_canvas_scroll_to (AxCalendarCanvas *self,
                              guint             day,
                              guint             column,
                              gint64            start_ms,
                              gint64            end_ms)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);
  GtkAdjustment *h = self->adjustments[GTK_ORIENTATION_HORIZONTAL];
  GtkAdjustment *v = self->adjustments[GTK_ORIENTATION_VERTICAL];
  AxCalRect cell;
  double y0, y1;

  if (layout == NULL || day >= layout->n_days || column >= layout->n_columns)
    return;
  cell = ax_calendar_layout_cell_rect (layout, day, column);
  y0 = ax_calendar_layout_y_of_time (layout, day, start_ms);
  y1 = ax_calendar_layout_y_of_time (layout, day, end_ms);
  if (h != NULL)
    {
      double value = gtk_adjustment_get_value (h);
      double visible = self->width - self->metrics.gutter_width;

      if (cell.x - self->metrics.gutter_width < value)
        gtk_adjustment_set_value (h, cell.x - self->metrics.gutter_width);
      else if (cell.x + cell.width - self->metrics.gutter_width > value + visible)
        gtk_adjustment_set_value (h, cell.x + cell.width - self->metrics.gutter_width - visible);
    }
  if (v != NULL)
    {
      double value = gtk_adjustment_get_value (v);
      double visible = self->height - self->metrics.header_height;

      if (y0 - self->metrics.header_height < value)
        gtk_adjustment_set_value (v, y0 - self->metrics.header_height - 8);
      else if (y1 - self->metrics.header_height > value + visible)
        gtk_adjustment_set_value (v, MIN (y1 - self->metrics.header_height - visible + 8,
                                          y0 - self->metrics.header_height - 8));
    }
}

GtkAdjustment *
ax_calendar_canvas_get_adjustment (AxCalendarCanvas *self,
                                   GtkOrientation    orientation)
{
  return self->adjustments[orientation];
}

void
ax_calendar_canvas_set_adjustment (AxCalendarCanvas *self,
                                   GtkOrientation    orientation,
                                   GtkAdjustment    *adjustment)
{
  if (self->adjustments[orientation] == adjustment && adjustment != NULL)
    return;
  if (self->adjustments[orientation] != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->adjustments[orientation], self);
      g_clear_object (&self->adjustments[orientation]);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  self->adjustments[orientation] = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self);
  if (self->layout != NULL)
    configure_adjustment (self, orientation,
                          orientation == GTK_ORIENTATION_HORIZONTAL ? self->layout->width
                                                                    : self->layout->height,
                          orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height);
}

void
ax_calendar_canvas_measure (AxCalendarCanvas *self,
                            GtkOrientation    orientation,
                            int              *minimum,
                            int              *natural,
                            int               natural_column_width)
{
  const AxCalMetrics *m = &self->metrics;
  guint n_days = self->data ? self->data->n_days : 1;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n_columns = self->layout ? self->layout->n_columns
                        : self->data ? self->data->providers->len : 1;

      *minimum = (int) (m->gutter_width + 120);
      *natural = (int) (m->gutter_width + n_days * MAX (n_columns, 1) * natural_column_width
                        + (n_days - 1) * m->day_gap);
      *natural = MAX (*natural, *minimum);
    }
  else
    {
      int hours = self->layout ? (self->layout->last_minute - self->layout->first_minute) / 60 : 11;

      *minimum = (int) (m->header_height + 4 * m->min_hour_height);
      *natural = MAX ((int) (m->header_height + hours * m->min_hour_height), *minimum);
    }
}

void
ax_calendar_canvas_size_allocate (AxCalendarCanvas *self,
                                  int               width,
                                  int               height)
{
  if (width != self->width || height != self->height)
    {
      self->width = width;
      self->height = height;
      g_clear_pointer (&self->layout, ax_calendar_layout_free);
    }
  if (ax_calendar_canvas_ensure_layout (self) == NULL)
    {
      configure_adjustment (self, GTK_ORIENTATION_HORIZONTAL, width, width);
      configure_adjustment (self, GTK_ORIENTATION_VERTICAL, height, height);
    }
  else
    update_description (self);
}

void
ax_calendar_canvas_snapshot (AxCalendarCanvas *self,
                             GtkSnapshot      *snapshot)
{
  const AxCalendarLayout *layout = ax_calendar_canvas_ensure_layout (self);
  AxCalDrawState state;
  cairo_t *cr;

  if (layout == NULL || self->width <= 0 || self->height <= 0)
    return;
  ax_calendar_canvas_ensure_style (self);
  ax_cal_draw_state_init (&state);
  state.scroll_x = scroll_of (self, GTK_ORIENTATION_HORIZONTAL);
  state.scroll_y = scroll_of (self, GTK_ORIENTATION_VERTICAL);
  state.width = self->width;
  state.height = self->height;
  state.now_ms = self->now_ms;
  state.selected = self->selected;
  state.dragged = self->drag_started && self->drag_kind != AX_CAL_DRAG_CREATE ? self->drag_block
                                                                               : -1;
  state.focused = gtk_widget_has_focus (self->widget);
  state.ghost = self->ghost;
  state.ghost_day = self->ghost_day;
  state.ghost_column = self->ghost_column;
  state.ghost_start_ms = self->ghost_start_ms;
  state.ghost_end_ms = self->ghost_end_ms;
  state.ghost_invalid = self->ghost_invalid;
  state.ghost_note = self->ghost_note;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->width, self->height));
  ax_calendar_draw (cr, layout, &self->style, &state);
  cairo_destroy (cr);
}

void
ax_calendar_canvas_style_changed (AxCalendarCanvas *self)
{
  self->style_valid = FALSE;
  ax_calendar_canvas_clear_icons (self);
  gtk_widget_queue_draw (self->widget);
}
