/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-face-chart-panel.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _AxFaceChartPanel
{
  GtkWidget     parent_instance;

  AxFaceCanvas *canvas;
  gboolean      updating;

  GtkWidget    *scroller;
  GtkWidget    *point_button;
  GtkWidget    *line_button;
  GtkWidget    *pen_button;
  GtkWidget    *area_button;
  GtkWidget    *text_button;
  GtkWidget    *select_button;
  GtkWidget    *erase_button;
  GtkWidget    *palette_box;
  GtkWidget    *width_box;
  GtkWidget    *thin_button;
  GtkWidget    *medium_button;
  GtkWidget    *thick_button;
  GtkWidget    *undo_button;
  GtkWidget    *redo_button;
  GtkWidget    *zoom_out_button;
  GtkWidget    *zoom_in_button;
  GtkWidget    *fit_button;
  GtkWidget    *zoom_label;
  GtkWidget    *read_only_label;
  GtkWidget    *renumber_button;
  GtkWidget    *points_list;
  GtkWidget    *product_list;
  GtkWidget    *area_list;
  GtkWidget    *swatches[8];
};

G_DEFINE_FINAL_TYPE (AxFaceChartPanel, ax_face_chart_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CANVAS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *color;
  const char *name;
} palette[] = {
  { "#e01b24", N_("Red") },
  { "#ff7800", N_("Orange") },
  { "#f6d32d", N_("Yellow") },
  { "#33d17a", N_("Green") },
  { "#3584e4", N_("Blue") },
  { "#9141ac", N_("Purple") },
  { "#000000", N_("Black") },
  { "#ffffff", N_("White") },
};

static const double widths[] = { 2, 4, 8 };

/* Helpers */

#define N_TOOLS 7

/* The tool buttons in AxFaceTool order. */
static void
tool_buttons (AxFaceChartPanel *self,
              GtkWidget        *out[N_TOOLS])
{
  out[AX_FACE_TOOL_POINT] = self->point_button;
  out[AX_FACE_TOOL_LINE] = self->line_button;
  out[AX_FACE_TOOL_PEN] = self->pen_button;
  out[AX_FACE_TOOL_AREA] = self->area_button;
  out[AX_FACE_TOOL_TEXT] = self->text_button;
  out[AX_FACE_TOOL_SELECT] = self->select_button;
  out[AX_FACE_TOOL_ERASE] = self->erase_button;
}

/* A list row that screen readers (and the UI tests) read as "name, value". */
static GtkWidget *
labelled_row (GtkWidget  *child,
              const char *name,
              const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *label = *value ? g_strdup_printf ("%s, %s", name, value) : g_strdup (name);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return row;
}

static GtkWidget *
total_row (const char *name,
           const char *value,
           const char *color)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name_label = gtk_label_new (NULL);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_widget_set_margin_start (row, 10);
  gtk_widget_set_margin_end (row, 10);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  if (color != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (name, -1);
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s", color,
                                                 escaped);
      gtk_label_set_markup (GTK_LABEL (name_label), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (name_label), name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_box_append (GTK_BOX (row), name_label);
  gtk_box_append (GTK_BOX (row), value_label);
  return labelled_row (row, name, value);
}

static void
clear_list (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

static void
fill_totals (GtkWidget  *list,
             GPtrArray  *totals,
             const char *empty)
{
  clear_list (list);
  for (guint i = 0; i < totals->len; i++)
    {
      const AxOverlayTotal *t = g_ptr_array_index (totals, i);
      g_autofree char *units = ax_overlay_format_units (t->units_milli, t->unit);
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u point",
                                                             "%s · %u points", t->n_points),
                                                units, t->n_points);

      gtk_list_box_append (GTK_LIST_BOX (list), total_row (*t->name ? t->name : empty, value, NULL));
    }
}

static void
refresh_points (AxFaceChartPanel *self)
{
  AxOverlay *overlay = ax_face_canvas_get_overlay (self->canvas);
  g_autoptr (GPtrArray) products = ax_overlay_totals_by_product (overlay);
  g_autoptr (GPtrArray) areas = ax_overlay_totals_by_area (overlay);
  guint n_points = 0;

  clear_list (self->points_list);
  for (guint i = 0; i < ax_overlay_get_n_items (overlay); i++)
    {
      const AxOverlayItem *item = ax_overlay_get_item (overlay, i);
      g_autofree char *units = NULL;
      g_autofree char *name = NULL;

      if (item->kind != AX_OVERLAY_POINT)
        continue;
      n_points++;
      units = ax_overlay_format_units (item->units_milli, item->unit);
      name = g_strdup_printf ("%u  %s%s%s%s%s", item->n,
                              item->product ? item->product : _("No product"),
                              item->area ? " · " : "", item->area ? item->area : "",
                              item->lot ? _(" · lot ") : "", item->lot ? item->lot : "");
      gtk_list_box_append (GTK_LIST_BOX (self->points_list), total_row (name, units, item->color));
    }
  if (n_points == 0)
    gtk_list_box_append (GTK_LIST_BOX (self->points_list),
                         total_row (_("No injection points yet"), "", NULL));
  fill_totals (self->product_list, products, _("No product"));
  fill_totals (self->area_list, areas, _("No area"));
  if (products->len == 0)
    gtk_list_box_append (GTK_LIST_BOX (self->product_list), total_row ("—", "", NULL));
  if (areas->len == 0)
    gtk_list_box_append (GTK_LIST_BOX (self->area_list), total_row ("—", "", NULL));
  gtk_widget_set_sensitive (self->renumber_button,
                            n_points > 0 && !ax_face_canvas_get_read_only (self->canvas));
}

static void
refresh_state (AxFaceChartPanel *self)
{
  gboolean read_only = ax_face_canvas_get_read_only (self->canvas);
  const char *color = ax_face_canvas_get_color (self->canvas);
  double width = ax_face_canvas_get_stroke_width (self->canvas);
  g_autofree char *zoom = g_strdup_printf ("%.0f%%", ax_face_canvas_get_zoom (self->canvas) * 100);
  GtkWidget *buttons[N_TOOLS];

  self->updating = TRUE;
  tool_buttons (self, buttons);
  for (guint i = 0; i < N_TOOLS; i++)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (buttons[i]),
                                    i == ax_face_canvas_get_tool (self->canvas));
      gtk_widget_set_sensitive (buttons[i], !read_only || i == AX_FACE_TOOL_SELECT);
    }
  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->swatches[i]),
                                    g_str_equal (palette[i].color, color));
      gtk_widget_set_sensitive (self->swatches[i], !read_only);
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->thin_button), width <= widths[0]);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->medium_button),
                                width > widths[0] && width <= widths[1]);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->thick_button), width > widths[1]);
  gtk_widget_set_sensitive (self->width_box, !read_only);
  gtk_widget_set_sensitive (self->undo_button, ax_face_canvas_can_undo (self->canvas));
  gtk_widget_set_sensitive (self->redo_button, ax_face_canvas_can_redo (self->canvas));
  gtk_label_set_text (GTK_LABEL (self->zoom_label), zoom);
  gtk_widget_set_visible (self->read_only_label, read_only);
  self->updating = FALSE;
}

/* Callbacks */

static void
canvas_changed_cb (AxFaceCanvas     *canvas,
                   AxFaceChartPanel *self)
{
  refresh_points (self);
}

static void
canvas_notify_cb (AxFaceCanvas     *canvas,
                  GParamSpec       *pspec,
                  AxFaceChartPanel *self)
{
  refresh_state (self);
  if (g_str_equal (pspec->name, "read-only"))
    refresh_points (self);
}

static void
tool_toggled_cb (GtkToggleButton  *button,
                 AxFaceChartPanel *self)
{
  GtkWidget *buttons[N_TOOLS];

  if (self->updating || self->canvas == NULL || !gtk_toggle_button_get_active (button))
    return;
  tool_buttons (self, buttons);
  for (guint i = 0; i < N_TOOLS; i++)
    if (buttons[i] == GTK_WIDGET (button))
      ax_face_canvas_set_tool (self->canvas, i);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
swatch_toggled_cb (GtkToggleButton  *button,
                   AxFaceChartPanel *self)
{
  if (self->updating || self->canvas == NULL || !gtk_toggle_button_get_active (button))
    return;
  ax_face_canvas_set_color (self->canvas, g_object_get_data (G_OBJECT (button), "color"));
}

static void
width_toggled_cb (GtkToggleButton  *button,
                  AxFaceChartPanel *self)
{
  if (self->updating || self->canvas == NULL || !gtk_toggle_button_get_active (button))
    return;
  ax_face_canvas_set_stroke_width (self->canvas,
                                   GTK_WIDGET (button) == self->thin_button ? widths[0]
                                   : GTK_WIDGET (button) == self->medium_button ? widths[1]
                                   : widths[2]);
}

static void
action_clicked_cb (GtkButton        *button,
                   AxFaceChartPanel *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "action");

  if (self->canvas != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->canvas), action, NULL);
}

/* Overrides */

static void
ax_face_chart_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AxFaceChartPanel *self = AX_FACE_CHART_PANEL (object);

  switch (prop_id)
    {
    case PROP_CANVAS:
      g_value_set_object (value, self->canvas);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_face_chart_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AxFaceChartPanel *self = AX_FACE_CHART_PANEL (object);

  switch (prop_id)
    {
    case PROP_CANVAS:
      ax_face_chart_panel_set_canvas (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_face_chart_panel_dispose (GObject *object)
{
  AxFaceChartPanel *self = AX_FACE_CHART_PANEL (object);

  ax_face_chart_panel_set_canvas (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), AX_TYPE_FACE_CHART_PANEL);
  G_OBJECT_CLASS (ax_face_chart_panel_parent_class)->dispose (object);
}

static void
ax_face_chart_panel_class_init (AxFaceChartPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_face_chart_panel_dispose;
  object_class->get_property = ax_face_chart_panel_get_property;
  object_class->set_property = ax_face_chart_panel_set_property;

  properties[PROP_CANVAS] =
    g_param_spec_object ("canvas", NULL, NULL, AX_TYPE_FACE_CANVAS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/chart/ax-face-chart-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, point_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, line_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, pen_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, area_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, text_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, select_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, erase_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, palette_box);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, width_box);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, thin_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, medium_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, thick_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, undo_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, redo_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, zoom_out_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, zoom_in_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, fit_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, renumber_button);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, points_list);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, product_list);
  gtk_widget_class_bind_template_child (widget_class, AxFaceChartPanel, area_list);
  gtk_widget_class_set_css_name (widget_class, "facechartpanel");
}

static void
connect_action (GtkWidget        *button,
                const char       *action,
                AxFaceChartPanel *self)
{
  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
}

static void
ax_face_chart_panel_init (AxFaceChartPanel *self)
{
  GtkWidget *buttons[N_TOOLS];

  gtk_widget_init_template (GTK_WIDGET (self));

  tool_buttons (self, buttons);
  for (guint i = 0; i < N_TOOLS; i++)
    g_signal_connect (buttons[i], "toggled", G_CALLBACK (tool_toggled_cb), self);

  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      GtkWidget *swatch = gtk_toggle_button_new ();
      g_autofree char *css_class = g_strdup_printf ("swatch-%s", palette[i].color + 1);

      gtk_widget_add_css_class (swatch, "face-swatch");
      gtk_widget_add_css_class (swatch, css_class);
      gtk_widget_set_tooltip_text (swatch, _(palette[i].name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (swatch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(palette[i].name), -1);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (swatch),
                                     GTK_TOGGLE_BUTTON (self->swatches[0]));
      g_object_set_data (G_OBJECT (swatch), "color", (gpointer) palette[i].color);
      g_signal_connect (swatch, "toggled", G_CALLBACK (swatch_toggled_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (self->palette_box), swatch);
      self->swatches[i] = swatch;
    }

  g_signal_connect (self->thin_button, "toggled", G_CALLBACK (width_toggled_cb), self);
  g_signal_connect (self->medium_button, "toggled", G_CALLBACK (width_toggled_cb), self);
  g_signal_connect (self->thick_button, "toggled", G_CALLBACK (width_toggled_cb), self);
  connect_action (self->undo_button, "face.undo", self);
  connect_action (self->redo_button, "face.redo", self);
  connect_action (self->zoom_in_button, "face.zoom-in", self);
  connect_action (self->zoom_out_button, "face.zoom-out", self);
  connect_action (self->fit_button, "face.zoom-fit", self);
  connect_action (self->renumber_button, "face.renumber", self);
}

/* Public API */

GtkWidget *
ax_face_chart_panel_new (AxFaceCanvas *canvas)
{
  return g_object_new (AX_TYPE_FACE_CHART_PANEL, "canvas", canvas, NULL);
}

void
ax_face_chart_panel_set_canvas (AxFaceChartPanel *self,
                                AxFaceCanvas     *canvas)
{
  g_return_if_fail (AX_IS_FACE_CHART_PANEL (self));
  g_return_if_fail (canvas == NULL || AX_IS_FACE_CANVAS (canvas));

  if (canvas == self->canvas)
    return;
  if (self->canvas != NULL)
    g_signal_handlers_disconnect_by_data (self->canvas, self);
  g_set_object (&self->canvas, canvas);
  if (canvas != NULL)
    {
      g_signal_connect_object (canvas, "changed", G_CALLBACK (canvas_changed_cb), self, 0);
      g_signal_connect_object (canvas, "notify", G_CALLBACK (canvas_notify_cb), self, 0);
      refresh_state (self);
      refresh_points (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANVAS]);
}

AxFaceCanvas *
ax_face_chart_panel_get_canvas (AxFaceChartPanel *self)
{
  g_return_val_if_fail (AX_IS_FACE_CHART_PANEL (self), NULL);
  return self->canvas;
}
