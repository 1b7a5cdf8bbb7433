/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The face chart's canvas and panel alone in a window, for a look and for
 * screenshots (not installed):
 *
 *   face-canvas-demo [--profile] [--sample] [--zoom Z] [--read-only]
 *                    [--synthetic-photo] [IMAGE]
 *
 * With IMAGE (or --synthetic-photo, a made-up 3000×4000 portrait) the marks
 * go on the photo, otherwise on the front (or --profile) diagram; --sample
 * puts a few points, lines, a pen stroke, an area and a label on it. */
#include <adwaita.h>
#include <math.h>

#include "chart/ax-face-canvas.h"
#include "chart/ax-face-chart-panel.h"

static const AxFaceProduct products[] = {
  { "prod-botox", "Botox", "lot-1", "A123", "2027-01-31", "U" },
  { "prod-botox", "Botox", "lot-2", "A178", "2027-06-30", "U" },
  { "prod-dysport", "Dysport", "lot-3", "D42", "2026-12-31", "U" },
  { "prod-volbella", "Juvederm Volbella", "lot-4", "JV889", "2027-03-31", "ml" },
};

/* A made-up portrait: a lit backdrop, skin, and the diagram's features. */
static GdkTexture *
synthetic_photo (void)
{
  int w = 3000, h = 4000;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *p;
  g_autoptr (GBytes) bytes = NULL;
  GdkTexture *texture;

  p = cairo_pattern_create_radial (w * 0.5, h * 0.35, 100, w * 0.5, h * 0.5, h * 0.8);
  cairo_pattern_add_color_stop_rgb (p, 0, 0.52, 0.60, 0.66);
  cairo_pattern_add_color_stop_rgb (p, 1, 0.16, 0.19, 0.23);
  cairo_set_source (cr, p);
  cairo_paint (cr);
  cairo_pattern_destroy (p);

  cairo_save (cr);
  cairo_scale (cr, w / 1000.0, h / 1300.0 * 0.98);
  /* Hair, neck and face shapes. */
  cairo_set_source_rgb (cr, 0.20, 0.13, 0.09);
  cairo_arc (cr, 500, 420, 360, G_PI, 2 * G_PI);
  cairo_fill (cr);
  p = cairo_pattern_create_linear (300, 0, 700, 0);
  cairo_pattern_add_color_stop_rgb (p, 0, 0.80, 0.62, 0.50);
  cairo_pattern_add_color_stop_rgb (p, 0.5, 0.93, 0.77, 0.66);
  cairo_pattern_add_color_stop_rgb (p, 1, 0.76, 0.58, 0.47);
  cairo_set_source (cr, p);
  cairo_rectangle (cr, 330, 950, 340, 400);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_translate (cr, 500, 640);
  cairo_scale (cr, 320, 500);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);
  cairo_pattern_destroy (p);
  /* Shading under the brows and cheeks. */
  p = cairo_pattern_create_radial (500, 760, 10, 500, 760, 330);
  cairo_pattern_add_color_stop_rgba (p, 0, 1, 0.9, 0.8, 0.25);
  cairo_pattern_add_color_stop_rgba (p, 1, 1, 0.9, 0.8, 0);
  cairo_set_source (cr, p);
  cairo_paint (cr);
  cairo_pattern_destroy (p);
  cairo_set_source_rgba (cr, 0.55, 0.22, 0.22, 0.55);
  cairo_move_to (cr, 400, 900);
  cairo_curve_to (cr, 450, 870, 550, 870, 600, 900);
  cairo_curve_to (cr, 560, 960, 440, 960, 400, 900);
  cairo_fill (cr);
  ax_face_diagram_draw (cr, AX_FACE_DIAGRAM_FRONT);
  cairo_restore (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * h);
  texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

typedef struct
{
  double      x;
  double      y;
  int         product;
  gint64      units;
  const char *area;
} SamplePoint;

/* A few marks of every kind, placed on the diagram's features and scaled to
 * the image. */
static AxOverlay *
sample_overlay (guint    width,
                guint    height,
                gboolean profile)
{
  AxOverlay *o = ax_overlay_new (width, height);
  double sx = width / 1000.0, sy = height / 1300.0;
  static const SamplePoint front_points[] = {
    { 500, 470, 0, 4000, "glabella" },  { 440, 440, 0, 4000, "glabella" },
    { 560, 440, 0, 4000, "glabella" },  { 400, 330, 0, 2000, "forehead" },
    { 500, 310, 0, 2000, "forehead" },  { 600, 330, 0, 2000, "forehead" },
    { 755, 555, 2, 3000, "crow's feet" }, { 245, 555, 2, 3000, "crow's feet" },
    { 430, 896, 3, 100, "lips" },       { 570, 896, 3, 100, "lips" },
  }, profile_points[] = {
    { 420, 560, 0, 4000, "crow's feet" }, { 440, 600, 0, 4000, "crow's feet" },
    { 360, 360, 0, 2000, "forehead" },    { 300, 1010, 3, 500, "chin" },
  };
  const AxOverlayXY jaw[] = { { 330 * sx, 1000 * sy }, { 420 * sx, 1080 * sy } };
  AxOverlayXY pen[40];
  AxOverlayXY area[] = {
    { 575 * sx, 610 * sy }, { 640 * sx, 640 * sy }, { 705 * sx, 630 * sy },
    { 700 * sx, 660 * sy }, { 640 * sx, 676 * sy }, { 580 * sx, 646 * sy },
  };
  guint n = profile ? G_N_ELEMENTS (profile_points) : G_N_ELEMENTS (front_points);

  for (guint i = 0; i < n; i++)
    {
      const SamplePoint *pt = profile ? &profile_points[i] : &front_points[i];
      const AxFaceProduct *p = &products[pt->product];
      AxOverlayDose dose = { p->product_id, p->name, p->lot_id, p->lot, pt->units, p->unit,
                             pt->area };
      AxOverlay *next = ax_overlay_add_point (o, pt->x * sx, pt->y * sy, &dose,
                                              pt->product == 3 ? "#9141ac"
                                              : pt->product == 2 ? "#3584e4" : "#e01b24",
                                              NULL);
      ax_overlay_unref (o);
      o = next;
    }
  if (!profile)
    {
      AxOverlay *next;

      for (guint i = 0; i < G_N_ELEMENTS (pen); i++)
        pen[i] = (AxOverlayXY) { (230 + i * 4) * sx, (720 + 25 * sin (i / 6.0)) * sy };
      next = ax_overlay_add_path (o, AX_OVERLAY_LINE, jaw, 2, "#33d17a", 4 * sx, NULL);
      ax_overlay_unref (o), o = next;
      next = ax_overlay_add_path (o, AX_OVERLAY_PEN, pen, G_N_ELEMENTS (pen), "#ff7800", 3 * sx,
                                  NULL);
      ax_overlay_unref (o), o = next;
      next = ax_overlay_add_area (o, area, G_N_ELEMENTS (area), "#3584e4", 0.25, "Tear trough",
                                  NULL);
      ax_overlay_unref (o), o = next;
      next = ax_overlay_add_text (o, 90 * sx, 1180 * sy, "Mild bruising left cheek — review 2 wk",
                                  "#241f31", 26 * sx, NULL);
      ax_overlay_unref (o), o = next;
    }
  return o;
}

static gboolean profile_opt, sample_opt, read_only_opt, synthetic_opt;
static double zoom_opt;

static void
activate_cb (GtkApplication *app,
             gpointer        user_data)
{
  const char *image = user_data;
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *split = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *canvas = ax_face_canvas_new ();
  GtkWidget *panel = ax_face_chart_panel_new (AX_FACE_CANVAS (canvas));
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;

  gtk_css_provider_load_from_resource (css, "/org/aesthetix/Aesthetix/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  if (image != NULL)
    {
      texture = gdk_texture_new_from_filename (image, &error);
      if (texture == NULL)
        g_printerr ("%s\n", error->message);
    }
  else if (synthetic_opt)
    texture = synthetic_photo ();
  if (texture != NULL)
    ax_face_canvas_set_photo (AX_FACE_CANVAS (canvas), texture);
  else
    ax_face_canvas_set_diagram (AX_FACE_CANVAS (canvas),
                                profile_opt ? AX_FACE_DIAGRAM_PROFILE : AX_FACE_DIAGRAM_FRONT);
  ax_face_canvas_set_products (AX_FACE_CANVAS (canvas), products, G_N_ELEMENTS (products));
  if (sample_opt)
    {
      AxOverlay *current = ax_face_canvas_get_overlay (AX_FACE_CANVAS (canvas));
      g_autoptr (AxOverlay) sample = sample_overlay (ax_overlay_get_width (current),
                                                     ax_overlay_get_height (current),
                                                     profile_opt && texture == NULL);
      ax_face_canvas_set_overlay (AX_FACE_CANVAS (canvas), sample);
    }
  ax_face_canvas_set_read_only (AX_FACE_CANVAS (canvas), read_only_opt);

  gtk_widget_set_hexpand (canvas, TRUE);
  gtk_widget_set_vexpand (canvas, TRUE);
  gtk_box_append (GTK_BOX (split), canvas);
  gtk_box_append (GTK_BOX (split), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (split), panel);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), split);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Face Chart");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (canvas);

  if (zoom_opt > 0)
    {
      /* After the first allocation has fitted the image. */
      while (gtk_widget_get_width (canvas) == 0)
        g_main_context_iteration (NULL, TRUE);
      ax_face_canvas_zoom_by (AX_FACE_CANVAS (canvas),
                              zoom_opt / ax_face_canvas_get_zoom (AX_FACE_CANVAS (canvas)),
                              gtk_widget_get_width (canvas) * 0.55,
                              gtk_widget_get_height (canvas) * 0.42);
    }
}

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_NONE, &profile_opt, "The profile diagram", NULL },
    { "sample", 0, 0, G_OPTION_ARG_NONE, &sample_opt, "Put sample marks on it", NULL },
    { "read-only", 0, 0, G_OPTION_ARG_NONE, &read_only_opt, "As a signed chart", NULL },
    { "synthetic-photo", 0, 0, G_OPTION_ARG_NONE, &synthetic_opt, "A made-up portrait", NULL },
    { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &zoom_opt, "Zoom to Z (1 = 100%)", "Z" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("[IMAGE] — the face chart");
  g_autoptr (GError) error = NULL;
  g_autoptr (AdwApplication) app = NULL;
  char *image;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  image = argc > 1 ? argv[1] : NULL;
  app = adw_application_new ("org.aesthetix.FaceChartDemo", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), image);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
