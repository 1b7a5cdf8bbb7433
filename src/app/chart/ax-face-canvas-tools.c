/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The face chart canvas's input: pointer, scroll, pinch and keys, the
 * tools, and the small popovers that ask for a point's dose and a label's
 * text. */

#include "ax-face-canvas-private.h"

#include <math.h>
#include <glib/gi18n.h>

#define CLICK_SLOP        4.0    /* screen pixels a click may move */
#define DOUBLE_CLICK_US   (400 * 1000)
#define PEN_STEP          1.5    /* screen pixels between pen samples */
#define CLOSE_DISTANCE    10.0   /* screen pixels: clicking the first vertex closes an area */

/* Helpers */

static gboolean
inside_image (AxFaceCanvas *self,
              double        ix,
              double        iy)
{
  return ix >= 0 && iy >= 0 && ix <= ax_overlay_get_width (self->overlay)
         && iy <= ax_overlay_get_height (self->overlay);
}

static AxOverlayXY
image_point (AxFaceCanvas *self,
             double        x,
             double        y)
{
  AxOverlayXY p;

  ax_face_canvas_view_to_image (self, x, y, &p.x, &p.y);
  p.x = CLAMP (p.x, 0, ax_overlay_get_width (self->overlay));
  p.y = CLAMP (p.y, 0, ax_overlay_get_height (self->overlay));
  return p;
}

static void
live_append (AxFaceCanvas *self,
             AxOverlayXY   p)
{
  g_array_append_val (self->live, p);
}

static void
commit_or_report (AxFaceCanvas *self,
                  AxOverlay    *next,
                  GError       *error)
{
  if (next != NULL)
    ax_face_canvas_commit (self, next);
  else
    ax_face_canvas_report_error (self, error);
}

/* The dose popover */

static char *
product_label (const AxFaceProduct *p)
{
  GString *label = g_string_new (p->name);

  if (p->lot != NULL)
    /* Translators: a product's lot in the injection point's list: "Botox · lot A123" */
    g_string_append_printf (label, _(" · lot %s"), p->lot);
  if (p->expiry != NULL)
    /* Translators: the lot's expiry date */
    g_string_append_printf (label, _(" · exp. %s"), p->expiry);
  return g_string_free (label, FALSE);
}

static void
popover_closed_cb (GtkPopover   *popover,
                   AxFaceCanvas *self)
{
  if (self->popover == GTK_WIDGET (popover))
    ax_face_canvas_close_popover (self);
}

static void
show_popover (AxFaceCanvas *self,
              GtkWidget    *popover,
              double        ix,
              double        iy)
{
  double vx, vy;

  ax_face_canvas_close_popover (self);
  self->popover = popover;
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  ax_face_canvas_image_to_view (self, ix, iy, &vx, &vy);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover),
                               &(GdkRectangle) { (int) vx - 8, (int) vy - 8, 16, 16 });
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), self);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
dose_done_cb (GtkButton    *button,
              AxFaceCanvas *self)
{
  GtkWidget *popover = self->popover;
  GtkDropDown *product;
  GtkSpinButton *units;
  GtkEditable *area;
  AxOverlayDose dose = { NULL };
  guint selected;

  if (popover == NULL)
    return;
  product = g_object_get_data (G_OBJECT (popover), "product");
  units = g_object_get_data (G_OBJECT (popover), "units");
  area = g_object_get_data (G_OBJECT (popover), "area");
  selected = gtk_drop_down_get_selected (product);
  if (selected > 0 && selected <= self->products->len)
    {
      const AxFaceProduct *p = &g_array_index (self->products, AxFaceProduct, selected - 1);

      dose.product_id = p->product_id;
      dose.product = p->name;
      dose.lot_id = p->lot_id;
      dose.lot = p->lot;
      dose.unit = p->unit ? p->unit : "U";
    }
  else
    dose.unit = "U";
  dose.units_milli = (gint64) llround (gtk_spin_button_get_value (units) * 1000);
  dose.area = gtk_editable_get_text (area);
  self->dose_product = (int) selected - 1;
  ax_face_canvas_apply_dose (self, &dose);
}

static void
dose_remove_cb (GtkButton    *button,
                AxFaceCanvas *self)
{
  g_autofree char *id = g_strdup (self->popover_id);
  g_autoptr (GError) error = NULL;
  AxOverlay *next;

  ax_face_canvas_close_popover (self);
  if (id == NULL || self->read_only)
    return;
  next = ax_overlay_remove_item (self->overlay, id, &error);
  commit_or_report (self, next, error);
}

static void
open_dose_popover (AxFaceCanvas        *self,
                   const AxOverlayItem *point,
                   gboolean             is_new)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *title = g_strdup_printf (_("Injection Point %u"), point->n);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *product, *units, *unit_label, *area, *done, *remove;
  guint selected = 0;

  gtk_string_list_append (names, _("No product"));
  for (guint i = 0; i < self->products->len; i++)
    {
      const AxFaceProduct *p = &g_array_index (self->products, AxFaceProduct, i);
      g_autofree char *label = product_label (p);

      gtk_string_list_append (names, label);
      if (!is_new && g_strcmp0 (p->product_id, point->product_id) == 0
          && g_strcmp0 (p->lot_id, point->lot_id) == 0)
        selected = i + 1;
    }
  if (is_new && self->dose_product >= 0 && (guint) self->dose_product < self->products->len)
    selected = self->dose_product + 1;

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);

  product = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (product), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (product), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Product and lot"), -1);
  gtk_box_append (GTK_BOX (box), product);

  units = gtk_spin_button_new_with_range (0, 1000, 0.5);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (units), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (units),
                             (is_new ? self->dose_units_milli : point->units_milli) / 1000.0);
  gtk_widget_set_hexpand (units, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (units), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Units"), -1);
  unit_label = gtk_label_new (point->unit ? point->unit : _("units"));
  gtk_box_append (GTK_BOX (row), units);
  gtk_box_append (GTK_BOX (row), unit_label);
  gtk_box_append (GTK_BOX (box), row);

  area = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (area), _("Area, e.g. glabella"));
  gtk_editable_set_text (GTK_EDITABLE (area),
                         is_new ? (self->dose_area ? self->dose_area : "")
                                : (point->area ? point->area : ""));
  gtk_entry_set_activates_default (GTK_ENTRY (area), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Area"), -1);
  gtk_box_append (GTK_BOX (box), area);

  remove = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_widget_add_css_class (remove, "destructive-action");
  done = gtk_button_new_with_mnemonic (_("_Done"));
  gtk_widget_add_css_class (done, "suggested-action");
  gtk_widget_set_hexpand (done, TRUE);
  gtk_widget_set_halign (done, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), remove);
  gtk_box_append (GTK_BOX (buttons), done);
  gtk_box_append (GTK_BOX (box), buttons);
  g_signal_connect (done, "clicked", G_CALLBACK (dose_done_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (dose_remove_cb), self);

  gtk_widget_set_size_request (box, 260, -1);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), done);
  g_object_set_data (G_OBJECT (popover), "product", product);
  g_object_set_data (G_OBJECT (popover), "units", units);
  g_object_set_data (G_OBJECT (popover), "area", area);

  show_popover (self, popover, point->x, point->y);
  self->popover_id = g_strdup (point->id);
  self->popover_new = is_new;
  gtk_widget_grab_focus (units);
}

/* The text popover */

static void
text_activate_cb (GtkWidget    *widget,
                  AxFaceCanvas *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (self->popover), "entry");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  ax_face_canvas_apply_text (self, text);
}

static void
open_text_popover (AxFaceCanvas *self,
                   double        ix,
                   double        iy)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add"));

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Label text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Label text"), -1);
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), add);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_object_set_data (G_OBJECT (popover), "entry", entry);
  g_signal_connect (entry, "activate", G_CALLBACK (text_activate_cb), self);
  g_signal_connect (add, "clicked", G_CALLBACK (text_activate_cb), self);
  show_popover (self, popover, ix, iy);
  self->popover_x = ix;
  self->popover_y = iy;
  gtk_widget_grab_focus (entry);
}

/* Clicks and drags */

static void
click (AxFaceCanvas *self,
       double        x,
       double        y)
{
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean double_click = now - self->last_click_us < DOUBLE_CLICK_US
                          && hypot (x - self->last_click_x, y - self->last_click_y) < 8;
  double ix, iy;
  int hit;

  ax_face_canvas_view_to_image (self, x, y, &ix, &iy);
  self->last_click_us = now;
  self->last_click_x = x;
  self->last_click_y = y;

  switch (self->tool)
    {
    case AX_FACE_TOOL_POINT:
      {
        AxOverlayDose dose = { NULL, NULL, NULL, NULL, self->dose_units_milli, "U",
                               self->dose_area };
        AxOverlay *next;

        if (!inside_image (self, ix, iy))
          return gtk_widget_error_bell (GTK_WIDGET (self));
        if (self->dose_product >= 0 && (guint) self->dose_product < self->products->len)
          {
            const AxFaceProduct *p = &g_array_index (self->products, AxFaceProduct,
                                                     self->dose_product);

            dose.product_id = p->product_id;
            dose.product = p->name;
            dose.lot_id = p->lot_id;
            dose.lot = p->lot;
            dose.unit = p->unit ? p->unit : "U";
          }
        next = ax_overlay_add_point (self->overlay, ix, iy, &dose, self->color, &error);
        if (next == NULL)
          return ax_face_canvas_report_error (self, error);
        ax_face_canvas_commit (self, next);
        {
          const AxOverlayItem *point = ax_overlay_get_item (self->overlay,
                                                            ax_overlay_get_n_items (self->overlay) - 1);

          ax_face_canvas_set_selected (self, point->id);
          open_dose_popover (self, point, TRUE);
        }
        break;
      }

    case AX_FACE_TOOL_AREA:
      {
        AxOverlayXY p = image_point (self, x, y);

        if (!inside_image (self, ix, iy))
          return gtk_widget_error_bell (GTK_WIDGET (self));
        if (self->live->len >= 3)
          {
            AxOverlayXY first = g_array_index (self->live, AxOverlayXY, 0);
            double fx, fy;

            ax_face_canvas_image_to_view (self, first.x, first.y, &fx, &fy);
            if (double_click || hypot (x - fx, y - fy) < CLOSE_DISTANCE)
              {
                ax_face_canvas_finish_live (self);
                return;
              }
          }
        if (double_click && self->live->len > 0)
          return; /* the second click of a double-click that cannot close yet */
        live_append (self, p);
        ax_face_canvas_update_live (self);
        break;
      }

    case AX_FACE_TOOL_TEXT:
      if (!inside_image (self, ix, iy))
        return gtk_widget_error_bell (GTK_WIDGET (self));
      open_text_popover (self, ix, iy);
      break;

    case AX_FACE_TOOL_ERASE:
      hit = ax_overlay_hit_test (self->overlay, ix, iy, ax_face_canvas_pick_tolerance (self));
      if (hit < 0)
        return;
      {
        AxOverlay *next = ax_overlay_remove_item (self->overlay,
                                                  ax_overlay_get_item (self->overlay, hit)->id,
                                                  &error);
        commit_or_report (self, next, error);
      }
      break;

    case AX_FACE_TOOL_SELECT:
    case AX_FACE_TOOL_LINE:
    case AX_FACE_TOOL_PEN:
    default:
      break;
    }
}

void
ax_face_canvas_pointer_down (AxFaceCanvas *self,
                             double        x,
                             double        y,
                             guint         button)
{
  double ix, iy;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->pointer_x = self->press_x = x;
  self->pointer_y = self->press_y = y;
  self->press_dx = self->dx;
  self->press_dy = self->dy;
  self->drag_button = button;
  ax_face_canvas_view_to_image (self, x, y, &ix, &iy);

  if (button == GDK_BUTTON_MIDDLE || (button == GDK_BUTTON_PRIMARY && self->space_down))
    self->drag = AX_FACE_DRAG_PAN;
  else if (button != GDK_BUTTON_PRIMARY)
    {
      ax_face_canvas_cancel_live (self);
      self->drag = AX_FACE_DRAG_NONE;
    }
  else if (self->read_only || self->tool == AX_FACE_TOOL_SELECT)
    {
      int hit = ax_overlay_hit_test (self->overlay, ix, iy, ax_face_canvas_pick_tolerance (self));

      if (hit >= 0)
        {
          const AxOverlayItem *item = ax_overlay_get_item (self->overlay, hit);

          ax_face_canvas_set_selected (self, item->id);
          g_free (self->drag_id);
          self->drag_id = g_strdup (item->id);
          self->drag = self->read_only ? AX_FACE_DRAG_CLICK : AX_FACE_DRAG_MOVE;
        }
      else
        {
          ax_face_canvas_set_selected (self, NULL);
          self->drag = AX_FACE_DRAG_PAN;
        }
    }
  else if (self->tool == AX_FACE_TOOL_LINE || self->tool == AX_FACE_TOOL_PEN)
    {
      AxOverlayXY p = image_point (self, x, y);

      g_array_set_size (self->live, 0);
      live_append (self, p);
      if (self->tool == AX_FACE_TOOL_LINE)
        live_append (self, p);
      self->drag = self->tool == AX_FACE_TOOL_LINE ? AX_FACE_DRAG_LINE : AX_FACE_DRAG_PEN;
      ax_face_canvas_update_live (self);
    }
  else
    self->drag = AX_FACE_DRAG_CLICK;
  ax_face_canvas_update_cursor (self);
}

void
ax_face_canvas_pointer_move (AxFaceCanvas *self,
                             double        x,
                             double        y)
{
  self->pointer_x = x;
  self->pointer_y = y;

  switch (self->drag)
    {
    case AX_FACE_DRAG_PAN:
      ax_face_canvas_set_offset (self, self->press_dx + (x - self->press_x),
                                 self->press_dy + (y - self->press_y));
      break;
    case AX_FACE_DRAG_LINE:
      g_array_index (self->live, AxOverlayXY, 1) = image_point (self, x, y);
      ax_face_canvas_update_live (self);
      break;
    case AX_FACE_DRAG_PEN:
      {
        AxOverlayXY p = image_point (self, x, y);
        AxOverlayXY last = g_array_index (self->live, AxOverlayXY, self->live->len - 1);

        if (hypot (p.x - last.x, p.y - last.y) * self->zoom >= PEN_STEP
            && self->live->len < AX_OVERLAY_MAX_ITEM_POINTS)
          {
            live_append (self, p);
            ax_face_canvas_update_live (self);
          }
        break;
      }
    case AX_FACE_DRAG_MOVE:
      ax_face_view_set_moving (self->view, self->drag_id, (x - self->press_x) / self->zoom,
                               (y - self->press_y) / self->zoom);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case AX_FACE_DRAG_CLICK:
    case AX_FACE_DRAG_NONE:
    default:
      if (self->tool == AX_FACE_TOOL_AREA && self->live->len > 0)
        ax_face_canvas_update_live (self);
      break;
    }
}

void
ax_face_canvas_pointer_up (AxFaceCanvas *self,
                           double        x,
                           double        y)
{
  AxFaceDragKind drag = self->drag;
  gboolean moved = hypot (x - self->press_x, y - self->press_y) > CLICK_SLOP;
  g_autoptr (GError) error = NULL;

  ax_face_canvas_pointer_move (self, x, y);
  self->drag = AX_FACE_DRAG_NONE;

  switch (drag)
    {
    case AX_FACE_DRAG_LINE:
      if (moved)
        commit_or_report (self, ax_overlay_add_path (self->overlay, AX_OVERLAY_LINE,
                                                     (AxOverlayXY *) (gpointer) self->live->data,
                                                     2, self->color,
                                                     self->stroke_width / self->zoom, &error),
                          error);
      ax_face_canvas_cancel_live (self);
      break;
    case AX_FACE_DRAG_PEN:
      if (self->live->len == 1)
        live_append (self, g_array_index (self->live, AxOverlayXY, 0)); /* a dot */
      commit_or_report (self, ax_overlay_add_path (self->overlay, AX_OVERLAY_PEN,
                                                   (AxOverlayXY *) (gpointer) self->live->data,
                                                   self->live->len, self->color,
                                                   self->stroke_width / self->zoom, &error),
                        error);
      ax_face_canvas_cancel_live (self);
      break;
    case AX_FACE_DRAG_MOVE:
      ax_face_view_set_moving (self->view, NULL, 0, 0);
      if (moved)
        commit_or_report (self, ax_overlay_move_item (self->overlay, self->drag_id,
                                                      (x - self->press_x) / self->zoom,
                                                      (y - self->press_y) / self->zoom, &error),
                          error);
      else
        {
          int index = ax_overlay_find (self->overlay, self->drag_id);

          if (index >= 0 && ax_overlay_get_item (self->overlay, index)->kind == AX_OVERLAY_POINT)
            open_dose_popover (self, ax_overlay_get_item (self->overlay, index), FALSE);
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case AX_FACE_DRAG_CLICK:
      if (!moved && !self->read_only)
        click (self, x, y);
      break;
    case AX_FACE_DRAG_PAN:
    case AX_FACE_DRAG_NONE:
    default:
      break;
    }
  g_clear_pointer (&self->drag_id, g_free);
  ax_face_canvas_update_cursor (self);
}

void
ax_face_canvas_finish_live (AxFaceCanvas *self)
{
  g_autoptr (GError) error = NULL;

  if (self->tool == AX_FACE_TOOL_AREA && self->live->len >= 3 && !self->read_only)
    commit_or_report (self, ax_overlay_add_area (self->overlay,
                                                 (AxOverlayXY *) (gpointer) self->live->data,
                                                 self->live->len, self->color, 0.25, NULL,
                                                 &error),
                      error);
  ax_face_canvas_cancel_live (self);
}

void
ax_face_canvas_cancel_live (AxFaceCanvas *self)
{
  g_array_set_size (self->live, 0);
  if (self->drag == AX_FACE_DRAG_LINE || self->drag == AX_FACE_DRAG_PEN)
    self->drag = AX_FACE_DRAG_NONE;
  ax_face_view_set_moving (self->view, NULL, 0, 0);
  ax_face_canvas_update_live (self);
}

void
ax_face_canvas_close_popover (AxFaceCanvas *self)
{
  GtkWidget *popover = g_steal_pointer (&self->popover);

  g_clear_pointer (&self->popover_id, g_free);
  if (popover == NULL)
    return;
  g_signal_handlers_disconnect_by_data (popover, self);
  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_unparent (popover);
}

void
ax_face_canvas_apply_dose (AxFaceCanvas        *self,
                           const AxOverlayDose *dose)
{
  g_autoptr (GError) error = NULL;
  AxOverlay *next;

  if (self->popover_id == NULL || self->read_only)
    return;
  next = ax_overlay_set_dose (self->overlay, self->popover_id, dose, &error);
  if (next == NULL)
    return ax_face_canvas_report_error (self, error);
  self->dose_units_milli = dose->units_milli;
  g_free (self->dose_area);
  self->dose_area = g_strdup (dose->area);
  if (self->popover_new)
    ax_face_canvas_amend (self, next);
  else
    ax_face_canvas_commit (self, next);
  ax_face_canvas_close_popover (self);
}

void
ax_face_canvas_apply_text (AxFaceCanvas *self,
                           const char   *text)
{
  g_autoptr (GError) error = NULL;

  if (self->read_only || text == NULL || *text == '\0')
    return;
  commit_or_report (self, ax_overlay_add_text (self->overlay, self->popover_x, self->popover_y,
                                               text, self->color, 18 / self->zoom, &error),
                    error);
  ax_face_canvas_close_popover (self);
}

/* Controllers */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               AxFaceCanvas   *self)
{
  ax_face_canvas_pointer_down (self, x, y,
                               gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          ox,
                double          oy,
                AxFaceCanvas   *self)
{
  double sx, sy;

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  ax_face_canvas_pointer_move (self, sx + ox, sy + oy);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          ox,
             double          oy,
             AxFaceCanvas   *self)
{
  double sx, sy;

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  ax_face_canvas_pointer_up (self, sx + ox, sy + oy);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           AxFaceCanvas             *self)
{
  if (self->drag == AX_FACE_DRAG_NONE)
    ax_face_canvas_pointer_move (self, x, y);
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           AxFaceCanvas             *self)
{
  if (dy == 0)
    return FALSE;
  ax_face_canvas_zoom_by (self, pow (1.15, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                AxFaceCanvas     *self)
{
  self->pinch_zoom = self->zoom;
}

static void
pinch_scale_cb (GtkGestureZoom *gesture,
                double          scale,
                AxFaceCanvas   *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  ax_face_canvas_zoom_by (self, self->pinch_zoom * scale / self->zoom, cx, cy);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *key,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                AxFaceCanvas          *self)
{
  switch (keyval)
    {
    case GDK_KEY_space:
      if (!self->space_down)
        {
          self->space_down = TRUE;
          ax_face_canvas_update_cursor (self);
        }
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (self->live->len == 0)
        return FALSE;
      ax_face_canvas_finish_live (self);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->live->len > 0)
        ax_face_canvas_cancel_live (self);
      else if (self->selected_id != NULL)
        ax_face_canvas_set_selected (self, NULL);
      else
        return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

static void
key_released_cb (GtkEventControllerKey *key,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 AxFaceCanvas          *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_down = FALSE;
      ax_face_canvas_update_cursor (self);
    }
}

void
ax_face_canvas_init_controllers (AxFaceCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkEventController *key = gtk_event_controller_key_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_scale_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (key, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}
