/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-compare-view.h"

#include <glib/gi18n.h>

#define GAP 12.0
#define KEY_STEP 0.05
#define FINE_STEP 0.01
#define HANDLE_RADIUS 14.0

struct _AxPhotoCompareView
{
  GtkWidget           parent_instance;
  GdkTexture         *before;
  GdkTexture         *after;
  AxPhotoCompareMode  mode;
  double              position;
  double              opacity;
};

G_DEFINE_FINAL_TYPE (AxPhotoCompareView, ax_photo_compare_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODE,
  PROP_POSITION,
  PROP_OPACITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
ax_photo_compare_mode_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { AX_PHOTO_COMPARE_SIDE_BY_SIDE, "AX_PHOTO_COMPARE_SIDE_BY_SIDE", "side-by-side" },
        { AX_PHOTO_COMPARE_SLIDER, "AX_PHOTO_COMPARE_SLIDER", "slider" },
        { AX_PHOTO_COMPARE_GHOST, "AX_PHOTO_COMPARE_GHOST", "ghost" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("AxPhotoCompareMode", values));
    }
  return type;
}

/* Helpers */

/* The rectangle a texture takes when scaled to fit box, its aspect kept,
 * centred. */
static graphene_rect_t
fit_rect (GdkTexture            *texture,
          const graphene_rect_t *box)
{
  double w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  double scale = MIN (box->size.width / w, box->size.height / h);
  graphene_rect_t r;

  graphene_rect_init (&r, box->origin.x + (box->size.width - w * scale) / 2,
                      box->origin.y + (box->size.height - h * scale) / 2, w * scale, h * scale);
  return r;
}

/* Where the slider's photos are: the divider runs across this, not across
 * the margins around them. */
static graphene_rect_t
slider_area (AxPhotoCompareView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, width, height);
  graphene_rect_t shown, r;
  gboolean any = FALSE;

  if (self->after != NULL)
    shown = fit_rect (self->after, &all), any = TRUE;
  if (self->before != NULL)
    {
      r = fit_rect (self->before, &all);
      if (any)
        graphene_rect_union (&shown, &r, &shown);
      else
        shown = r, any = TRUE;
    }
  return any ? shown : all;
}

static void
update_accessible (AxPhotoCompareView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  self->mode == AX_PHOTO_COMPARE_GHOST ? self->opacity * 100
                                                                        : self->position * 100,
                                  -1);
}

static void
draw_label (AxPhotoCompareView *self,
            GtkSnapshot        *snapshot,
            const char         *text,
            double              x,
            double              y,
            gboolean            align_right)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;
  GdkRGBA shade = { 0, 0, 0, 0.55 };
  GdkRGBA white = { 1, 1, 1, 1 };
  graphene_rect_t bg;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (align_right)
    x -= w + 12;
  graphene_rect_init (&bg, x, y, w + 12, h + 6);
  gtk_snapshot_append_color (snapshot, &shade, &bg);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 6, y + 3));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
draw_handle (GtkSnapshot *snapshot,
             double       x,
             double       y,
             double       top,
             double       height)
{
  graphene_rect_t line = GRAPHENE_RECT_INIT (x - 1, top, 2, height);
  graphene_rect_t area = GRAPHENE_RECT_INIT (x - HANDLE_RADIUS - 2, y - HANDLE_RADIUS - 2,
                                             2 * HANDLE_RADIUS + 4, 2 * HANDLE_RADIUS + 4);
  GdkRGBA white = { 1, 1, 1, 0.95 };
  cairo_t *cr;

  gtk_snapshot_append_color (snapshot, &white, &line);
  cr = gtk_snapshot_append_cairo (snapshot, &area);
  cairo_arc (cr, x, y, HANDLE_RADIUS, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  /* ◀ ▶ */
  cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 1);
  cairo_move_to (cr, x - 3, y - 5);
  cairo_line_to (cr, x - 9, y);
  cairo_line_to (cr, x - 3, y + 5);
  cairo_close_path (cr);
  cairo_move_to (cr, x + 3, y - 5);
  cairo_line_to (cr, x + 9, y);
  cairo_line_to (cr, x + 3, y + 5);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
set_position_from_x (AxPhotoCompareView *self,
                     double              x)
{
  graphene_rect_t area = slider_area (self);

  if (area.size.width > 0)
    ax_photo_compare_view_set_position (self, (x - area.origin.x) / area.size.width);
}

/* Callbacks */

static void
drag_begin_cb (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               AxPhotoCompareView *self)
{
  if (self->mode != AX_PHOTO_COMPARE_SLIDER)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  set_position_from_x (self, x);
}

static void
drag_update_cb (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                AxPhotoCompareView *self)
{
  double x, y;

  if (gtk_gesture_drag_get_start_point (gesture, &x, &y))
    set_position_from_x (self, x + dx);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                AxPhotoCompareView    *self)
{
  double step = (state & GDK_SHIFT_MASK) ? FINE_STEP : KEY_STEP;

  if (self->mode == AX_PHOTO_COMPARE_SIDE_BY_SIDE)
    return GDK_EVENT_PROPAGATE;
  if (self->mode == AX_PHOTO_COMPARE_GHOST)
    {
      if (keyval == GDK_KEY_Left || keyval == GDK_KEY_Down)
        ax_photo_compare_view_set_opacity (self, self->opacity - step);
      else if (keyval == GDK_KEY_Right || keyval == GDK_KEY_Up)
        ax_photo_compare_view_set_opacity (self, self->opacity + step);
      else
        return GDK_EVENT_PROPAGATE;
      return GDK_EVENT_STOP;
    }
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      ax_photo_compare_view_set_position (self, self->position - step);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      ax_photo_compare_view_set_position (self, self->position + step);
      break;
    case GDK_KEY_Home:
      ax_photo_compare_view_set_position (self, 0);
      break;
    case GDK_KEY_End:
      ax_photo_compare_view_set_position (self, 1);
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }
  return GDK_EVENT_STOP;
}

/* Overrides */

static void
ax_photo_compare_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  AxPhotoCompareView *self = AX_PHOTO_COMPARE_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, width, height);

  if (width <= 0 || height <= 0)
    return;

  switch (self->mode)
    {
    case AX_PHOTO_COMPARE_SIDE_BY_SIDE:
      {
        double half = (width - GAP) / 2;
        graphene_rect_t left = GRAPHENE_RECT_INIT (0, 0, half, height);
        graphene_rect_t right = GRAPHENE_RECT_INIT (half + GAP, 0, half, height);

        if (self->before != NULL)
          {
            graphene_rect_t r = fit_rect (self->before, &left);
            gtk_snapshot_append_texture (snapshot, self->before, &r);
            draw_label (self, snapshot, _("Before"), r.origin.x + 8, r.origin.y + 8, FALSE);
          }
        if (self->after != NULL)
          {
            graphene_rect_t r = fit_rect (self->after, &right);
            gtk_snapshot_append_texture (snapshot, self->after, &r);
            draw_label (self, snapshot, _("After"), r.origin.x + 8, r.origin.y + 8, FALSE);
          }
        break;
      }

    case AX_PHOTO_COMPARE_SLIDER:
      {
        graphene_rect_t shown = slider_area (self);
        double x = shown.origin.x + self->position * shown.size.width;

        if (self->after != NULL)
          {
            graphene_rect_t r = fit_rect (self->after, &all);
            gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, 0, width - x, height));
            gtk_snapshot_append_texture (snapshot, self->after, &r);
            gtk_snapshot_pop (snapshot);
          }
        if (self->before != NULL)
          {
            graphene_rect_t r = fit_rect (self->before, &all);
            gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, x, height));
            gtk_snapshot_append_texture (snapshot, self->before, &r);
            gtk_snapshot_pop (snapshot);
          }
        /* The labels at the photos' own corners, not the widget's. */
        draw_label (self, snapshot, _("Before"), shown.origin.x + 8, shown.origin.y + 8, FALSE);
        draw_label (self, snapshot, _("After"), shown.origin.x + shown.size.width - 8,
                    shown.origin.y + 8, TRUE);
        draw_handle (snapshot, x, shown.origin.y + shown.size.height / 2, shown.origin.y,
                     shown.size.height);
        break;
      }

    case AX_PHOTO_COMPARE_GHOST:
      if (self->after != NULL)
        {
          graphene_rect_t r = fit_rect (self->after, &all);
          gtk_snapshot_append_texture (snapshot, self->after, &r);
        }
      if (self->before != NULL)
        {
          graphene_rect_t r = fit_rect (self->before, &all);
          gtk_snapshot_push_opacity (snapshot, self->opacity);
          gtk_snapshot_append_texture (snapshot, self->before, &r);
          gtk_snapshot_pop (snapshot);
        }
      break;
    }
}

static void
ax_photo_compare_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 500;
}

static void
ax_photo_compare_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AxPhotoCompareView *self = AX_PHOTO_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_OPACITY:
      g_value_set_double (value, self->opacity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_photo_compare_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AxPhotoCompareView *self = AX_PHOTO_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      ax_photo_compare_view_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_POSITION:
      ax_photo_compare_view_set_position (self, g_value_get_double (value));
      break;
    case PROP_OPACITY:
      ax_photo_compare_view_set_opacity (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_photo_compare_view_dispose (GObject *object)
{
  AxPhotoCompareView *self = AX_PHOTO_COMPARE_VIEW (object);

  g_clear_object (&self->before);
  g_clear_object (&self->after);
  G_OBJECT_CLASS (ax_photo_compare_view_parent_class)->dispose (object);
}

static void
ax_photo_compare_view_class_init (AxPhotoCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_photo_compare_view_dispose;
  object_class->get_property = ax_photo_compare_view_get_property;
  object_class->set_property = ax_photo_compare_view_set_property;
  widget_class->snapshot = ax_photo_compare_view_snapshot;
  widget_class->measure = ax_photo_compare_view_measure;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, AX_TYPE_PHOTO_COMPARE_MODE,
                       AX_PHOTO_COMPARE_SIDE_BY_SIDE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OPACITY] =
    g_param_spec_double ("opacity", NULL, NULL, 0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "photocompare");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
ax_photo_compare_view_init (AxPhotoCompareView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->position = 0.5;
  self->opacity = 0.5;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Before and after"), -1);
  update_accessible (self);
}

/* Public API */

GtkWidget *
ax_photo_compare_view_new (void)
{
  return g_object_new (AX_TYPE_PHOTO_COMPARE_VIEW, NULL);
}

void
ax_photo_compare_view_set_before (AxPhotoCompareView *self,
                                  GdkTexture         *texture)
{
  g_return_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self));
  if (g_set_object (&self->before, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ax_photo_compare_view_set_after (AxPhotoCompareView *self,
                                 GdkTexture         *texture)
{
  g_return_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self));
  if (g_set_object (&self->after, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

AxPhotoCompareMode
ax_photo_compare_view_get_mode (AxPhotoCompareView *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self), AX_PHOTO_COMPARE_SIDE_BY_SIDE);
  return self->mode;
}

void
ax_photo_compare_view_set_mode (AxPhotoCompareView *self,
                                AxPhotoCompareMode  mode)
{
  g_return_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self));
  if (self->mode == mode)
    return;
  self->mode = mode;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

double
ax_photo_compare_view_get_position (AxPhotoCompareView *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self), 0.5);
  return self->position;
}

void
ax_photo_compare_view_set_position (AxPhotoCompareView *self,
                                    double              position)
{
  g_return_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self));
  position = CLAMP (position, 0.0, 1.0);
  if (self->position == position)
    return;
  self->position = position;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

double
ax_photo_compare_view_get_opacity (AxPhotoCompareView *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self), 0.5);
  return self->opacity;
}

void
ax_photo_compare_view_set_opacity (AxPhotoCompareView *self,
                                   double              opacity)
{
  g_return_if_fail (AX_IS_PHOTO_COMPARE_VIEW (self));
  opacity = CLAMP (opacity, 0.0, 1.0);
  if (self->opacity == opacity)
    return;
  self->opacity = opacity;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACITY]);
}
