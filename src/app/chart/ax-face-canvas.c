/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-face-canvas-private.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#define REBUILD_DELAY_MS 120
#define ZOOM_STEP        1.25

G_DEFINE_ENUM_TYPE (AxFaceTool, ax_face_tool,
                    G_DEFINE_ENUM_VALUE (AX_FACE_TOOL_POINT, "point"),
                    G_DEFINE_ENUM_VALUE (AX_FACE_TOOL_LINE, "line"),
                    G_DEFINE_ENUM_VALUE (AX_FACE_TOOL_PEN, "pen"),
                    G_DEFINE_ENUM_VALUE (AX_FACE_TOOL_AREA, "area"),
                    G_DEFINE_ENUM_VALUE (AX_FACE_TOOL_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (AX_FACE_TOOL_SELECT, "select"),
                    G_DEFINE_ENUM_VALUE (AX_FACE_TOOL_ERASE, "erase"))

G_DEFINE_FINAL_TYPE (AxFaceCanvas, ax_face_canvas, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TOOL,
  PROP_READ_ONLY,
  PROP_COLOR,
  PROP_STROKE_WIDTH,
  PROP_ZOOM,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_SELECTED,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *const tool_names[] = {
  "point", "line", "pen", "area", "text", "select", "erase",
};

const char *
ax_face_tool_to_name (AxFaceTool tool)
{
  return tool_names[tool];
}

/* Helpers */

static void
image_size (AxFaceCanvas *self,
            int          *width,
            int          *height)
{
  ax_face_view_get_image_size (self->view, width, height);
}

static double
fit_zoom (AxFaceCanvas *self)
{
  int iw, ih, w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  image_size (self, &iw, &ih);
  if (w <= 1 || h <= 1)
    return 1;
  return CLAMP (MIN ((double) w / iw, (double) h / ih) * 0.96, AX_FACE_MIN_ZOOM, AX_FACE_MAX_ZOOM);
}

static double
min_zoom (AxFaceCanvas *self)
{
  return MAX (AX_FACE_MIN_ZOOM, fit_zoom (self) * 0.5);
}

/* What is drawn, then where the canvas is in its window's surface: GTK 4.8
 * cannot give screen coordinates over AT-SPI, so this and the window's own
 * position do (as the calendar's views). */
static void
update_accessible (AxFaceCanvas *self)
{
  g_autofree char *summary = ax_overlay_describe (self->overlay);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  g_autofree char *text = NULL;
  double ox, oy;

  if (native != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0
      && gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (native), 0, 0,
                                           &ox, &oy))
    {
      double tx = 0, ty = 0;

      gtk_native_get_surface_transform (native, &tx, &ty);
      /* Translators: after what a face chart holds: where it is in its window */
      text = g_strdup_printf (_("%s In the window at %d, %d, %d × %d."), summary,
                              (int) (ox + tx), (int) (oy + ty),
                              gtk_widget_get_width (GTK_WIDGET (self)),
                              gtk_widget_get_height (GTK_WIDGET (self)));
    }
  else
    text = g_steal_pointer (&summary);
  if (g_strcmp0 (text, self->description) == 0)
    return;
  g_free (self->description);
  self->description = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

static void
update_actions (AxFaceCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean edit = !self->read_only;

  gtk_widget_action_set_enabled (widget, "face.undo", edit && self->undo->len > 0);
  gtk_widget_action_set_enabled (widget, "face.redo", edit && self->redo->len > 0);
  gtk_widget_action_set_enabled (widget, "face.delete", edit && self->selected_id != NULL);
  gtk_widget_action_set_enabled (widget, "face.renumber",
                                 edit && ax_overlay_count_kind (self->overlay, AX_OVERLAY_POINT) > 0);
  for (guint i = 0; i < G_N_ELEMENTS (tool_names); i++)
    {
      g_autofree char *name = g_strdup_printf ("face.tool-%s", tool_names[i]);

      gtk_widget_action_set_enabled (widget, name, edit || i == AX_FACE_TOOL_SELECT);
    }
}

void
ax_face_canvas_update_cursor (AxFaceCanvas *self)
{
  const char *name = "default";

  if (self->drag == AX_FACE_DRAG_PAN)
    name = "grabbing";
  else if (self->space_down)
    name = "grab";
  else if (self->drag == AX_FACE_DRAG_MOVE)
    name = "move";
  else if (!self->read_only)
    switch (self->tool)
      {
      case AX_FACE_TOOL_POINT:
      case AX_FACE_TOOL_LINE:
      case AX_FACE_TOOL_PEN:
      case AX_FACE_TOOL_AREA:
        name = "crosshair";
        break;
      case AX_FACE_TOOL_TEXT:
        name = "text";
        break;
      case AX_FACE_TOOL_ERASE:
        name = "pointer";
        break;
      case AX_FACE_TOOL_SELECT:
      default:
        break;
      }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
notify_history (AxFaceCanvas *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Takes next (transfer full) as the current overlay. */
static void
replace_overlay (AxFaceCanvas *self,
                 AxOverlay    *next)
{
  g_clear_pointer (&self->overlay, ax_overlay_unref);
  self->overlay = next;
  ax_face_view_set_overlay (self->view, next);
  if (self->selected_id != NULL && ax_overlay_find (next, self->selected_id) < 0)
    ax_face_canvas_set_selected (self, NULL);
  update_accessible (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
clear_history (AxFaceCanvas *self)
{
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  notify_history (self);
}

static gboolean
rebuild_cb (gpointer data)
{
  AxFaceCanvas *self = data;

  self->rebuild_id = 0;
  ax_face_view_rebuild (self->view);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
apply_view (AxFaceCanvas *self)
{
  ax_face_view_set_transform (self->view, self->zoom, self->dx, self->dy);
  if (ax_face_view_needs_rebuild (self->view))
    {
      g_clear_handle_id (&self->rebuild_id, g_source_remove);
      self->rebuild_id = g_timeout_add (REBUILD_DELAY_MS, rebuild_cb, self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_zoom_around (AxFaceCanvas *self,
                 double        zoom,
                 double        x,
                 double        y)
{
  double ix = (x - self->dx) / self->zoom, iy = (y - self->dy) / self->zoom;

  zoom = CLAMP (zoom, min_zoom (self), AX_FACE_MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  self->dx = x - ix * zoom;
  self->dy = y - iy * zoom;
  self->fitted = FALSE;
  apply_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
fit (AxFaceCanvas *self)
{
  int iw, ih;
  double zoom = fit_zoom (self);

  image_size (self, &iw, &ih);
  self->dx = (gtk_widget_get_width (GTK_WIDGET (self)) - iw * zoom) / 2;
  self->dy = (gtk_widget_get_height (GTK_WIDGET (self)) - ih * zoom) / 2;
  self->fitted = TRUE;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  apply_view (self);
}

/* Shared with the tools */

void
ax_face_canvas_commit (AxFaceCanvas *self,
                       AxOverlay    *next)
{
  g_return_if_fail (next != NULL);
  g_ptr_array_add (self->undo, ax_overlay_ref (self->overlay));
  g_ptr_array_set_size (self->redo, 0);
  replace_overlay (self, next);
  notify_history (self);
}

void
ax_face_canvas_amend (AxFaceCanvas *self,
                      AxOverlay    *next)
{
  g_return_if_fail (next != NULL);
  replace_overlay (self, next);
}

void
ax_face_canvas_set_selected (AxFaceCanvas *self,
                             const char   *id)
{
  if (g_strcmp0 (id, self->selected_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  ax_face_view_set_selected (self->view, id);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
ax_face_canvas_set_offset (AxFaceCanvas *self,
                           double        dx,
                           double        dy)
{
  self->dx = dx;
  self->dy = dy;
  self->fitted = FALSE;
  apply_view (self);
}

void
ax_face_canvas_update_live (AxFaceCanvas *self)
{
  AxFaceLive live = { AX_OVERLAY_KIND_INVALID };

  switch (self->drag == AX_FACE_DRAG_LINE ? AX_FACE_TOOL_LINE
          : self->drag == AX_FACE_DRAG_PEN ? AX_FACE_TOOL_PEN
          : self->live->len > 0 && self->tool == AX_FACE_TOOL_AREA ? AX_FACE_TOOL_AREA
          : AX_FACE_TOOL_SELECT)
    {
    case AX_FACE_TOOL_LINE:
      live.kind = AX_OVERLAY_LINE;
      break;
    case AX_FACE_TOOL_PEN:
      live.kind = AX_OVERLAY_PEN;
      break;
    case AX_FACE_TOOL_AREA:
      live.kind = AX_OVERLAY_AREA;
      live.has_cursor = TRUE;
      ax_face_canvas_view_to_image (self, self->pointer_x, self->pointer_y, &live.cursor.x,
                                    &live.cursor.y);
      break;
    case AX_FACE_TOOL_POINT:
    case AX_FACE_TOOL_TEXT:
    case AX_FACE_TOOL_SELECT:
    case AX_FACE_TOOL_ERASE:
    default:
      break;
    }
  live.points = (const AxOverlayXY *) (gpointer) self->live->data;
  live.n_points = self->live->len;
  live.color = self->color;
  live.width = self->stroke_width / self->zoom;
  live.fill_alpha = 0.25;
  ax_face_view_set_live (self->view, &live);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ax_face_canvas_report_error (AxFaceCanvas *self,
                             const GError *error)
{
  /* The limits of ax-overlay.h are far beyond a real chart; say so all the same. */
  g_warning ("Face chart: %s", error->message);
  gtk_widget_error_bell (GTK_WIDGET (self));
}

double
ax_face_canvas_pick_tolerance (AxFaceCanvas *self)
{
  return 12 / self->zoom;
}

/* Actions */

static void
tool_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  const char *name = action_name + strlen ("face.tool-");

  for (guint i = 0; i < G_N_ELEMENTS (tool_names); i++)
    if (g_str_equal (name, tool_names[i]))
      ax_face_canvas_set_tool (AX_FACE_CANVAS (widget), i);
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ax_face_canvas_undo (AX_FACE_CANVAS (widget));
}

static void
redo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ax_face_canvas_redo (AX_FACE_CANVAS (widget));
}

static void
zoom_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (widget);
  double cx = gtk_widget_get_width (widget) / 2.0, cy = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action_name, "face.zoom-in"))
    ax_face_canvas_zoom_by (self, ZOOM_STEP, cx, cy);
  else if (g_str_equal (action_name, "face.zoom-out"))
    ax_face_canvas_zoom_by (self, 1 / ZOOM_STEP, cx, cy);
  else
    ax_face_canvas_zoom_fit (self);
}

static void
delete_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (widget);
  g_autoptr (GError) error = NULL;
  AxOverlay *next;

  if (self->read_only || self->selected_id == NULL)
    return;
  next = ax_overlay_remove_item (self->overlay, self->selected_id, &error);
  if (next == NULL)
    return ax_face_canvas_report_error (self, error);
  ax_face_canvas_close_popover (self);
  ax_face_canvas_commit (self, next);
}

static void
renumber_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (widget);

  if (!self->read_only)
    ax_face_canvas_commit (self, ax_overlay_renumber_points (self->overlay));
}

/* Overrides */

static void
ax_face_canvas_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 760;
}

static void
ax_face_canvas_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (widget);

  ax_face_view_set_size (self->view, width, height);
  if (self->fitted)
    fit (self);
  else
    apply_view (self);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
ax_face_canvas_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ax_face_view_set_size (self->view, width, height);
  ax_face_view_set_transform (self->view, self->zoom, self->dx, self->dy);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ax_face_view_draw (self->view, cr);
  /* Scrolling moves the canvas without a new allocation: its place is
   * told again with each frame (only when it changed). */
  update_accessible (self);
  cairo_destroy (cr);
}

static void
ax_face_canvas_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_STROKE_WIDTH:
      g_value_set_double (value, self->stroke_width);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, ax_face_canvas_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, ax_face_canvas_can_redo (self));
      break;
    case PROP_SELECTED:
      g_value_set_string (value, self->selected_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_face_canvas_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      ax_face_canvas_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_READ_ONLY:
      ax_face_canvas_set_read_only (self, g_value_get_boolean (value));
      break;
    case PROP_COLOR:
      ax_face_canvas_set_color (self, g_value_get_string (value));
      break;
    case PROP_STROKE_WIDTH:
      ax_face_canvas_set_stroke_width (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clear_products (AxFaceCanvas *self)
{
  for (guint i = 0; i < self->products->len; i++)
    {
      AxFaceProduct *p = &g_array_index (self->products, AxFaceProduct, i);

      g_free ((char *) p->product_id);
      g_free ((char *) p->name);
      g_free ((char *) p->lot_id);
      g_free ((char *) p->lot);
      g_free ((char *) p->expiry);
      g_free ((char *) p->unit);
    }
  g_array_set_size (self->products, 0);
}

static void
ax_face_canvas_dispose (GObject *object)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (object);

  ax_face_canvas_close_popover (self);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  G_OBJECT_CLASS (ax_face_canvas_parent_class)->dispose (object);
}

static void
ax_face_canvas_finalize (GObject *object)
{
  AxFaceCanvas *self = AX_FACE_CANVAS (object);

  clear_products (self);
  g_array_unref (self->products);
  g_clear_pointer (&self->view, ax_face_view_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->overlay, ax_overlay_unref);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_array_unref (self->live);
  g_free (self->drag_id);
  g_free (self->selected_id);
  g_free (self->dose_area);
  g_free (self->popover_id);
  G_OBJECT_CLASS (ax_face_canvas_parent_class)->finalize (object);
}

static void
ax_face_canvas_class_init (AxFaceCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_face_canvas_dispose;
  object_class->finalize = ax_face_canvas_finalize;
  object_class->get_property = ax_face_canvas_get_property;
  object_class->set_property = ax_face_canvas_set_property;
  widget_class->measure = ax_face_canvas_measure;
  widget_class->size_allocate = ax_face_canvas_size_allocate;
  widget_class->snapshot = ax_face_canvas_snapshot;

  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, AX_TYPE_FACE_TOOL, AX_FACE_TOOL_POINT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, "#e01b24",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STROKE_WIDTH] =
    g_param_spec_double ("stroke-width", NULL, NULL, 1, 40, 3,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED] =
    g_param_spec_string ("selected", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  for (guint i = 0; i < G_N_ELEMENTS (tool_names); i++)
    {
      g_autofree char *name = g_strdup_printf ("face.tool-%s", tool_names[i]);

      gtk_widget_class_install_action (widget_class, name, NULL, tool_action_cb);
    }
  gtk_widget_class_install_action (widget_class, "face.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "face.redo", NULL, redo_action_cb);
  gtk_widget_class_install_action (widget_class, "face.zoom-in", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "face.zoom-out", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "face.zoom-fit", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "face.delete", NULL, delete_action_cb);
  gtk_widget_class_install_action (widget_class, "face.renumber", NULL, renumber_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "face.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "face.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "face.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "face.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "face.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "face.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "face.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "face.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "face.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "face.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "face.tool-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "face.tool-line", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, 0, "face.tool-pen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "face.tool-area", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, 0, "face.tool-text", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "face.tool-select", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "face.tool-erase", NULL);

  gtk_widget_class_set_css_name (widget_class, "facecanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ax_face_canvas_init (AxFaceCanvas *self)
{
  self->view = ax_face_view_new ();
  ax_face_view_set_deferred (self->view, TRUE);
  self->overlay = ax_overlay_new (AX_FACE_DIAGRAM_WIDTH, AX_FACE_DIAGRAM_HEIGHT);
  ax_face_view_set_overlay (self->view, self->overlay);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_overlay_unref);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_overlay_unref);
  self->products = g_array_new (FALSE, TRUE, sizeof (AxFaceProduct));
  self->live = g_array_new (FALSE, FALSE, sizeof (AxOverlayXY));
  self->tool = AX_FACE_TOOL_POINT;
  g_strlcpy (self->color, "#e01b24", sizeof self->color);
  self->stroke_width = 3;
  self->zoom = 1;
  self->fitted = TRUE;
  self->dose_product = -1;
  self->dose_units_milli = 0;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Face chart canvas"),
                                  -1);
  update_accessible (self);
  ax_face_canvas_init_controllers (self);
  update_actions (self);
  ax_face_canvas_update_cursor (self);
}

/* Public API */

GtkWidget *
ax_face_canvas_new (void)
{
  return g_object_new (AX_TYPE_FACE_CANVAS, NULL);
}

static cairo_surface_t *
surface_from_texture (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  /* GDK's default memory format is cairo's ARGB32 (premultiplied, native endian). */
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
ax_face_canvas_set_photo (AxFaceCanvas *self,
                          GdkTexture   *texture)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));

  ax_face_canvas_set_photo_preview (self, texture, texture ? gdk_texture_get_width (texture) : 0,
                                    texture ? gdk_texture_get_height (texture) : 0);
}

void
ax_face_canvas_swap_photo (AxFaceCanvas *self,
                           GdkTexture   *texture)
{
  cairo_surface_t *surface;
  int iw, ih;

  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  if (self->texture == NULL)
    {
      ax_face_canvas_set_photo (self, texture);
      return;
    }
  image_size (self, &iw, &ih);
  g_set_object (&self->texture, texture);
  surface = surface_from_texture (texture);
  ax_face_view_set_photo_sized (self->view, surface, iw, ih);
  cairo_surface_destroy (surface);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ax_face_canvas_set_photo_preview (AxFaceCanvas *self,
                                  GdkTexture   *texture,
                                  int           width,
                                  int           height)
{
  cairo_surface_t *surface = NULL;
  int iw, ih;

  g_return_if_fail (AX_IS_FACE_CANVAS (self));

  ax_face_canvas_cancel_live (self);
  ax_face_canvas_close_popover (self);
  g_set_object (&self->texture, texture);
  if (texture != NULL)
    surface = surface_from_texture (texture);
  ax_face_view_set_photo_sized (self->view, surface, width, height);
  g_clear_pointer (&surface, cairo_surface_destroy);
  image_size (self, &iw, &ih);
  ax_face_canvas_set_overlay (self, NULL);
  fit (self);
}

void
ax_face_canvas_set_diagram (AxFaceCanvas *self,
                            AxFaceDiagram diagram)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  self->diagram = diagram;
  ax_face_view_set_diagram (self->view, diagram);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

AxFaceDiagram
ax_face_canvas_get_diagram (AxFaceCanvas *self)
{
  return self->diagram;
}

gboolean
ax_face_canvas_has_photo (AxFaceCanvas *self)
{
  return self->texture != NULL;
}

void
ax_face_canvas_set_overlay (AxFaceCanvas *self,
                            AxOverlay    *overlay)
{
  int iw, ih;

  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  image_size (self, &iw, &ih);
  if (overlay != NULL
      && ((int) ax_overlay_get_width (overlay) != iw || (int) ax_overlay_get_height (overlay) != ih))
    {
      g_warning ("A %u×%u face chart overlay does not fit a %d×%d image",
                 ax_overlay_get_width (overlay), ax_overlay_get_height (overlay), iw, ih);
      overlay = NULL;
    }
  ax_face_canvas_cancel_live (self);
  ax_face_canvas_close_popover (self);
  ax_face_canvas_set_selected (self, NULL);
  clear_history (self);
  replace_overlay (self, overlay ? ax_overlay_ref (overlay) : ax_overlay_new (iw, ih));
}

AxOverlay *
ax_face_canvas_get_overlay (AxFaceCanvas *self)
{
  g_return_val_if_fail (AX_IS_FACE_CANVAS (self), NULL);
  return self->overlay;
}

void
ax_face_canvas_set_products (AxFaceCanvas        *self,
                             const AxFaceProduct *products,
                             guint                n_products)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  clear_products (self);
  for (guint i = 0; i < n_products; i++)
    {
      AxFaceProduct copy = {
        g_strdup (products[i].product_id), g_strdup (products[i].name),
        g_strdup (products[i].lot_id), g_strdup (products[i].lot),
        g_strdup (products[i].expiry), g_strdup (products[i].unit),
      };

      g_array_append_val (self->products, copy);
    }
  self->dose_product = n_products > 0 ? 0 : -1;
}

void
ax_face_canvas_set_tool (AxFaceCanvas *self,
                         AxFaceTool    tool)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  g_return_if_fail (tool <= AX_FACE_TOOL_ERASE);
  if (self->read_only)
    tool = AX_FACE_TOOL_SELECT;
  if (tool == self->tool)
    return;
  ax_face_canvas_finish_live (self);
  self->tool = tool;
  ax_face_canvas_update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

AxFaceTool
ax_face_canvas_get_tool (AxFaceCanvas *self)
{
  return self->tool;
}

void
ax_face_canvas_set_read_only (AxFaceCanvas *self,
                              gboolean      read_only)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  read_only = !!read_only;
  if (read_only == self->read_only)
    return;
  if (read_only)
    {
      ax_face_canvas_cancel_live (self);
      ax_face_canvas_close_popover (self);
    }
  self->read_only = read_only;
  if (read_only && self->tool != AX_FACE_TOOL_SELECT)
    {
      self->tool = AX_FACE_TOOL_SELECT;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
    }
  update_actions (self);
  ax_face_canvas_update_cursor (self);
  notify_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

gboolean
ax_face_canvas_get_read_only (AxFaceCanvas *self)
{
  return self->read_only;
}

void
ax_face_canvas_set_color (AxFaceCanvas *self,
                          const char   *color)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  if (!ax_overlay_color_is_valid (color) || g_ascii_strcasecmp (color, self->color) == 0)
    return;
  for (int i = 0; i < 7; i++)
    self->color[i] = g_ascii_tolower (color[i]);
  ax_face_canvas_update_live (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

const char *
ax_face_canvas_get_color (AxFaceCanvas *self)
{
  return self->color;
}

void
ax_face_canvas_set_stroke_width (AxFaceCanvas *self,
                                 double        width)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  width = CLAMP (width, 1, 40);
  if (width == self->stroke_width)
    return;
  self->stroke_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STROKE_WIDTH]);
}

double
ax_face_canvas_get_stroke_width (AxFaceCanvas *self)
{
  return self->stroke_width;
}

double
ax_face_canvas_get_zoom (AxFaceCanvas *self)
{
  return self->zoom;
}

void
ax_face_canvas_zoom_by (AxFaceCanvas *self,
                        double        factor,
                        double        x,
                        double        y)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  set_zoom_around (self, self->zoom * factor, x, y);
}

void
ax_face_canvas_zoom_fit (AxFaceCanvas *self)
{
  g_return_if_fail (AX_IS_FACE_CANVAS (self));
  fit (self);
}

void
ax_face_canvas_view_to_image (AxFaceCanvas *self,
                              double        vx,
                              double        vy,
                              double       *ix,
                              double       *iy)
{
  *ix = (vx - round (self->dx)) / self->zoom;
  *iy = (vy - round (self->dy)) / self->zoom;
}

void
ax_face_canvas_image_to_view (AxFaceCanvas *self,
                              double        ix,
                              double        iy,
                              double       *vx,
                              double       *vy)
{
  *vx = ix * self->zoom + round (self->dx);
  *vy = iy * self->zoom + round (self->dy);
}

gboolean
ax_face_canvas_can_undo (AxFaceCanvas *self)
{
  return !self->read_only && self->undo->len > 0;
}

gboolean
ax_face_canvas_can_redo (AxFaceCanvas *self)
{
  return !self->read_only && self->redo->len > 0;
}

gboolean
ax_face_canvas_undo (AxFaceCanvas *self)
{
  g_return_val_if_fail (AX_IS_FACE_CANVAS (self), FALSE);
  if (!ax_face_canvas_can_undo (self))
    return FALSE;
  ax_face_canvas_cancel_live (self);
  ax_face_canvas_close_popover (self);
  g_ptr_array_add (self->redo, ax_overlay_ref (self->overlay));
  replace_overlay (self, g_ptr_array_steal_index (self->undo, self->undo->len - 1));
  notify_history (self);
  return TRUE;
}

gboolean
ax_face_canvas_redo (AxFaceCanvas *self)
{
  g_return_val_if_fail (AX_IS_FACE_CANVAS (self), FALSE);
  if (!ax_face_canvas_can_redo (self))
    return FALSE;
  ax_face_canvas_cancel_live (self);
  ax_face_canvas_close_popover (self);
  g_ptr_array_add (self->undo, ax_overlay_ref (self->overlay));
  replace_overlay (self, g_ptr_array_steal_index (self->redo, self->redo->len - 1));
  notify_history (self);
  return TRUE;
}

const char *
ax_face_canvas_get_selected (AxFaceCanvas *self)
{
  return self->selected_id;
}
