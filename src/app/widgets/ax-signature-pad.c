/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-signature-pad.h"
#include "ax-signature-draw.h"

#include <math.h>
#include <glib/gi18n.h>

/* A stroke longer than this (ms) keeps its last time. */
#define MAX_T_MS (30 * 60 * 1000)
/* A pointer that moved less than this (pad units) adds no point. */
#define MIN_STEP 0.8

struct _AxSignaturePad
{
  GtkWidget  parent_instance;

  JsonArray *strokes;       /* of strokes, each of [x, y, t] */
  double     pad_w;         /* 0 until the first stroke */
  double     pad_h;
  gboolean   read_only;
  gboolean   drawing;
  gint64     stroke_start_us;
  double     drag_x;        /* where the drag began, widget coordinates */
  double     drag_y;
};

G_DEFINE_FINAL_TYPE (AxSignaturePad, ax_signature_pad, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_IS_EMPTY,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* The pad's rectangle in the widget: the pad size fitted and centred. */
static void
pad_transform (AxSignaturePad *self,
               double         *scale,
               double         *ox,
               double         *oy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->pad_w <= 0 || self->pad_h <= 0)
    {
      *scale = 1;
      *ox = *oy = 0;
      return;
    }
  *scale = MIN (w / self->pad_w, h / self->pad_h);
  if (*scale <= 0)
    *scale = 1;
  *ox = (w - self->pad_w * *scale) / 2;
  *oy = (h - self->pad_h * *scale) / 2;
}

static void
to_pad (AxSignaturePad *self,
        double          x,
        double          y,
        double         *px,
        double         *py)
{
  double scale, ox, oy;

  pad_transform (self, &scale, &ox, &oy);
  *px = CLAMP ((x - ox) / scale, 0, self->pad_w);
  *py = CLAMP ((y - oy) / scale, 0, self->pad_h);
  *px = round (*px * 10) / 10;
  *py = round (*py * 10) / 10;
}

static guint
n_strokes (AxSignaturePad *self)
{
  return json_array_get_length (self->strokes);
}

static void
changed (AxSignaturePad *self,
         gboolean        was_empty)
{
  if (was_empty != ax_signature_pad_get_is_empty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_EMPTY]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.undo",
                                 !self->read_only && n_strokes (self) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.clear",
                                 !self->read_only && n_strokes (self) > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static JsonArray *
current_stroke (AxSignaturePad *self)
{
  guint n = n_strokes (self);

  return n > 0 ? json_array_get_array_element (self->strokes, n - 1) : NULL;
}

static void
add_point (AxSignaturePad *self,
           double          x,
           double          y)
{
  JsonArray *stroke = current_stroke (self);
  JsonArray *point;
  double px, py;
  gint64 t = (g_get_monotonic_time () - self->stroke_start_us) / 1000;
  guint n;

  if (stroke == NULL)
    return;
  to_pad (self, x, y, &px, &py);
  n = json_array_get_length (stroke);
  if (n > 0)
    {
      JsonArray *last = json_array_get_array_element (stroke, n - 1);
      double lx = json_array_get_double_element (last, 0);
      double ly = json_array_get_double_element (last, 1);

      if (hypot (px - lx, py - ly) < MIN_STEP)
        return;
    }
  point = json_array_sized_new (3);
  json_array_add_double_element (point, px);
  json_array_add_double_element (point, py);
  json_array_add_int_element (point, CLAMP (t, 0, MAX_T_MS));
  json_array_add_array_element (stroke, point);
}

/* Callbacks */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               AxSignaturePad *self)
{
  if (self->read_only)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_x = x;
  self->drag_y = y;
  ax_signature_pad_stroke_begin (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                AxSignaturePad *self)
{
  ax_signature_pad_stroke_extend (self, self->drag_x + dx, self->drag_y + dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             AxSignaturePad *self)
{
  ax_signature_pad_stroke_extend (self, self->drag_x + dx, self->drag_y + dy);
  ax_signature_pad_stroke_end (self);
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  ax_signature_pad_undo (AX_SIGNATURE_PAD (widget));
}

static void
clear_action_cb (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  ax_signature_pad_clear (AX_SIGNATURE_PAD (widget));
}

/* Overrides */

static void
ax_signature_pad_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 600;
    }
  else
    {
      *minimum = 120;
      *natural = 200;
    }
}

static void
draw_paper (AxSignaturePad *self,
            cairo_t        *cr,
            double          w,
            double          h)
{
  double r = 8, base = h * 0.72;

  /* Paper stays paper in the dark style too: ink on a light sheet. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, w - r - 0.5, r + 0.5, r, -G_PI / 2, 0);
  cairo_arc (cr, w - r - 0.5, h - r - 0.5, r, 0, G_PI / 2);
  cairo_arc (cr, r + 0.5, h - r - 0.5, r, G_PI / 2, G_PI);
  cairo_arc (cr, r + 0.5, r + 0.5, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.996, 0.992, 0.972);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, self->read_only ? 0.12 : 0.22);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  if (self->read_only)
    return;

  /* The line to sign on, with a cross at its start. */
  cairo_set_source_rgba (cr, 0.2, 0.2, 0.25, 0.45);
  cairo_move_to (cr, w * 0.06, base + 0.5);
  cairo_line_to (cr, w * 0.94, base + 0.5);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_move_to (cr, w * 0.06, base - 16);
  cairo_line_to (cr, w * 0.06 + 10, base - 6);
  cairo_move_to (cr, w * 0.06 + 10, base - 16);
  cairo_line_to (cr, w * 0.06, base - 6);
  cairo_stroke (cr);

  if (ax_signature_pad_get_is_empty (self))
    {
      g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                       _("Sign here"));
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_set_source_rgba (cr, 0.2, 0.2, 0.25, 0.5);
      cairo_move_to (cr, w * 0.06, base + 8);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
ax_signature_pad_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  AxSignaturePad *self = AX_SIGNATURE_PAD (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  draw_paper (self, cr, w, h);
  if (n_strokes (self) > 0 && self->pad_w > 0)
    {
      g_autoptr (JsonNode) node = json_node_init_array (json_node_alloc (), self->strokes);

      /* Dark blue ink. */
      cairo_set_source_rgb (cr, 0.08, 0.13, 0.38);
      ax_signature_strokes_draw (cr, node, self->pad_w, self->pad_h, 0, 0, w, h);
    }
  cairo_destroy (cr);
}

static void
ax_signature_pad_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AxSignaturePad *self = AX_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_IS_EMPTY:
      g_value_set_boolean (value, ax_signature_pad_get_is_empty (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_signature_pad_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AxSignaturePad *self = AX_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_READ_ONLY:
      ax_signature_pad_set_read_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_signature_pad_finalize (GObject *object)
{
  AxSignaturePad *self = AX_SIGNATURE_PAD (object);

  g_clear_pointer (&self->strokes, json_array_unref);
  G_OBJECT_CLASS (ax_signature_pad_parent_class)->finalize (object);
}

static void
ax_signature_pad_class_init (AxSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ax_signature_pad_get_property;
  object_class->set_property = ax_signature_pad_set_property;
  object_class->finalize = ax_signature_pad_finalize;
  widget_class->measure = ax_signature_pad_measure;
  widget_class->snapshot = ax_signature_pad_snapshot;

  properties[PROP_IS_EMPTY] =
    g_param_spec_boolean ("is-empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "pad.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "pad.clear", NULL, clear_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "pad.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "pad.clear", NULL);

  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ax_signature_pad_init (AxSignaturePad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = json_array_new ();
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  /* Touch and stylus as well as the mouse. */
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signature pad"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Sign with a finger, a stylus or the mouse"), -1);
  changed (self, TRUE);
}

/* Public API */

GtkWidget *
ax_signature_pad_new (void)
{
  return g_object_new (AX_TYPE_SIGNATURE_PAD, NULL);
}

gboolean
ax_signature_pad_get_is_empty (AxSignaturePad *self)
{
  g_return_val_if_fail (AX_IS_SIGNATURE_PAD (self), TRUE);

  /* A signature needs a stroke of two points: a lone tap is not one. */
  for (guint i = 0; i < n_strokes (self); i++)
    if (json_array_get_length (json_array_get_array_element (self->strokes, i)) >= 2)
      return FALSE;
  return TRUE;
}

gboolean
ax_signature_pad_get_read_only (AxSignaturePad *self)
{
  g_return_val_if_fail (AX_IS_SIGNATURE_PAD (self), FALSE);
  return self->read_only;
}

void
ax_signature_pad_set_read_only (AxSignaturePad *self,
                                gboolean        read_only)
{
  g_return_if_fail (AX_IS_SIGNATURE_PAD (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  self->drawing = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), read_only ? NULL : "crosshair");
  gtk_widget_set_focusable (GTK_WIDGET (self), !read_only);
  changed (self, ax_signature_pad_get_is_empty (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

JsonNode *
ax_signature_pad_get_strokes (AxSignaturePad *self)
{
  g_autoptr (JsonNode) array = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonObject *obj;
  JsonNode *node;

  g_return_val_if_fail (AX_IS_SIGNATURE_PAD (self), NULL);

  if (ax_signature_pad_get_is_empty (self))
    return NULL;
  /* A deep copy: the caller's node never shares the pad's arrays. */
  array = json_node_init_array (json_node_alloc (), self->strokes);
  text = json_to_string (array, FALSE);
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  obj = json_object_new ();
  json_object_set_int_member (obj, "width", (gint64) round (self->pad_w));
  json_object_set_int_member (obj, "height", (gint64) round (self->pad_h));
  json_object_set_member (obj, "strokes", json_node_ref (json_parser_get_root (parser)));
  node = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  return node;
}

void
ax_signature_pad_set_strokes (AxSignaturePad *self,
                              JsonNode       *strokes)
{
  gboolean was_empty;
  JsonObject *obj;
  JsonNode *list;

  g_return_if_fail (AX_IS_SIGNATURE_PAD (self));

  was_empty = ax_signature_pad_get_is_empty (self);
  g_clear_pointer (&self->strokes, json_array_unref);
  self->pad_w = self->pad_h = 0;
  self->drawing = FALSE;
  if (strokes != NULL && JSON_NODE_HOLDS_OBJECT (strokes))
    {
      obj = json_node_get_object (strokes);
      list = json_object_get_member (obj, "strokes");
      self->pad_w = json_object_get_double_member_with_default (obj, "width", 0);
      self->pad_h = json_object_get_double_member_with_default (obj, "height", 0);
      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list) && self->pad_w > 0 && self->pad_h > 0)
        {
          /* A copy: drawing on never reaches the caller's strokes. */
          g_autoptr (JsonParser) parser = json_parser_new ();
          g_autofree char *text = json_to_string (list, FALSE);

          if (json_parser_load_from_data (parser, text, -1, NULL)
              && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
            self->strokes = json_array_ref (json_node_get_array (json_parser_get_root (parser)));
        }
    }
  if (self->strokes == NULL)
    {
      self->strokes = json_array_new ();
      self->pad_w = self->pad_h = 0;
    }
  changed (self, was_empty);
}

void
ax_signature_pad_clear (AxSignaturePad *self)
{
  g_return_if_fail (AX_IS_SIGNATURE_PAD (self));
  ax_signature_pad_set_strokes (self, NULL);
}

void
ax_signature_pad_undo (AxSignaturePad *self)
{
  gboolean was_empty;

  g_return_if_fail (AX_IS_SIGNATURE_PAD (self));

  if (self->read_only || n_strokes (self) == 0)
    return;
  was_empty = ax_signature_pad_get_is_empty (self);
  json_array_remove_element (self->strokes, n_strokes (self) - 1);
  self->drawing = FALSE;
  if (n_strokes (self) == 0)
    self->pad_w = self->pad_h = 0;
  changed (self, was_empty);
}

void
ax_signature_pad_stroke_begin (AxSignaturePad *self,
                               double          x,
                               double          y)
{
  gboolean was_empty;

  g_return_if_fail (AX_IS_SIGNATURE_PAD (self));

  /* Nothing to sign on before the pad is on screen. */
  if (self->read_only || gtk_widget_get_width (GTK_WIDGET (self)) < 10
      || gtk_widget_get_height (GTK_WIDGET (self)) < 10)
    return;
  was_empty = ax_signature_pad_get_is_empty (self);
  if (self->pad_w <= 0 || self->pad_h <= 0)
    {
      /* The pad's units are the widget's pixels when the first stroke begins. */
      self->pad_w = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);
      self->pad_h = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1);
    }
  self->drawing = TRUE;
  self->stroke_start_us = g_get_monotonic_time ();
  json_array_add_array_element (self->strokes, json_array_new ());
  add_point (self, x, y);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  changed (self, was_empty);
}

void
ax_signature_pad_stroke_extend (AxSignaturePad *self,
                                double          x,
                                double          y)
{
  gboolean was_empty;

  g_return_if_fail (AX_IS_SIGNATURE_PAD (self));

  if (self->read_only || !self->drawing)
    return;
  was_empty = ax_signature_pad_get_is_empty (self);
  add_point (self, x, y);
  changed (self, was_empty);
}

void
ax_signature_pad_stroke_end (AxSignaturePad *self)
{
  g_return_if_fail (AX_IS_SIGNATURE_PAD (self));
  self->drawing = FALSE;
}
