/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The canvas's colours, font and icons, taken from the theme. */

#include "ax-calendar-canvas-private.h"

#include <glib/gi18n.h>

#define ICON_SIZE 16

static AxCalColor
to_color (const GdkRGBA *rgba)
{
  return (AxCalColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              AxCalColor      *color)
{
  GdkRGBA rgba;

  if (gtk_style_context_lookup_color (context, name, &rgba))
    *color = to_color (&rgba);
}

/* A symbolic icon of the theme as a mask (its alpha), once per scale. */
static cairo_surface_t *
render_icon (GtkWidget  *widget,
             const char *name,
             int         scale)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr (GtkIconPaintable) icon = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  cairo_surface_t *surface;
  cairo_t *cr;

  icon = gtk_icon_theme_lookup_icon (theme, name, NULL, ICON_SIZE, scale,
                                     gtk_widget_get_direction (widget), 0);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (GDK_PAINTABLE (icon), snapshot, ICON_SIZE, ICON_SIZE);
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, ICON_SIZE * scale,
                                        ICON_SIZE * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  if (node != NULL)
    {
      cr = cairo_create (surface);
      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
    }
  return surface;
}

void
ax_calendar_canvas_clear_icons (AxCalendarCanvas *self)
{
  for (int i = 0; i < AX_CAL_N_ICONS; i++)
    g_clear_pointer (&self->style.icons[i], cairo_surface_destroy);
  self->icons_scale = 0;
}

static void
ensure_icons (AxCalendarCanvas *self)
{
  int scale = gtk_widget_get_scale_factor (self->widget);
  const char *extra[] = { "dialog-warning-symbolic", "list-add-symbolic",
                          "view-refresh-symbolic" };

  if (self->icons_scale == scale)
    return;
  ax_calendar_canvas_clear_icons (self);
  for (int s = 0; s < AX_N_APPT_STATUSES; s++)
    self->style.icons[s] = render_icon (self->widget, ax_appointment_status_icon_name (s), scale);
  for (int i = 0; i < (int) G_N_ELEMENTS (extra); i++)
    self->style.icons[AX_CAL_ICON_ALLERGY + i] = render_icon (self->widget, extra[i], scale);
  self->icons_scale = scale;
}

/* Colours from the theme's named colours (so the dark style follows), the
 * widget's font, the icons. */
void
ax_calendar_canvas_ensure_style (AxCalendarCanvas *self)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (self->widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cairo_surface_t *icons[AX_CAL_N_ICONS];
  int icons_scale = self->icons_scale;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA fg;
  AxCalColor mixed;

  if (self->style_valid)
    {
      ensure_icons (self);
      return;
    }
  memcpy (icons, self->style.icons, sizeof icons);
  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = pango_font_description_copy (
    pango_context_get_font_description (gtk_widget_get_pango_context (self->widget)));
  ax_cal_style_init_default (&self->style, dark, self->font);
  memcpy (self->style.icons, icons, sizeof icons);
  self->icons_scale = icons_scale;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &fg);
  lookup_color (context, "view_bg_color", &self->style.bg);
  lookup_color (context, "window_bg_color", &self->style.header_bg);
  lookup_color (context, "accent_color", &self->style.accent);
  lookup_color (context, "error_color", &self->style.error);
  lookup_color (context, "warning_color", &self->style.warning);
  lookup_color (context, "destructive_color", &self->style.now);
  G_GNUC_END_IGNORE_DEPRECATIONS
  self->style.fg = to_color (&fg);
  self->style.line = (AxCalColor) { fg.red, fg.green, fg.blue, 0.13 };
  /* Outside working hours: the view's background dimmed towards the text. */
  mixed = self->style.bg;
  mixed.r += (fg.red - mixed.r) * (dark ? 0.06 : 0.05);
  mixed.g += (fg.green - mixed.g) * (dark ? 0.06 : 0.05);
  mixed.b += (fg.blue - mixed.b) * (dark ? 0.06 : 0.05);
  self->style.outside = mixed;
  self->style.closed_text = _("Closed");
  self->style.day_off_text = _("Day off");
  self->style.no_room_text = _("No room");
  self->style_valid = TRUE;
  ensure_icons (self);
}

void
ax_calendar_canvas_dark_changed_cb (AxCalendarCanvas *self)
{
  self->style_valid = FALSE;
  gtk_widget_queue_draw (self->widget);
}
