/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* The face chart (DESIGN.md §10):
 *   face_chart_frame_ms  the median frame, a 24 MP photo (6000×4000) with 500
 *                        overlay items in a 1600×1000 view, over the frames
 *                        of both of these (≤ 4 ms):
 *   face_chart_pan_ms    panning: the offset changes every frame, the zoom stays;
 *   face_chart_draw_ms   drawing: a pen stroke grows by a point every frame;
 * and, for information, what the caches cost when they are remade:
 *   face_chart_layer_ms  the finished overlay layer (after an edit);
 *   face_chart_add_ms    the layer after a mark is added (only the new one is drawn);
 *   face_chart_zoom_ms   the scaled photo and the layer (after a zoom).
 * Frames call the canvas's own painter (ax-face-draw.c) on a cairo image
 * surface: no display. Medians of --runs frames. */

#include "bench-util.h"

#include <math.h>
#include <cairo.h>

#include "chart/ax-face-draw.h"

#define VIEW_W   1600
#define VIEW_H   1000
#define PHOTO_W  6000
#define PHOTO_H  4000
#define N_ITEMS  500

static const char *const colors[] = {
  "#e01b24", "#3584e4", "#33d17a", "#f6d32d", "#9141ac", "#ff7800", "#000000", "#ffffff",
};

/* A photo-like 24 MP image: a skin-toned gradient and soft blotches. */
static cairo_surface_t *
make_photo (GRand *rand)
{
  cairo_surface_t *photo = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PHOTO_W, PHOTO_H);
  cairo_t *cr = cairo_create (photo);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, PHOTO_W, PHOTO_H);

  cairo_pattern_add_color_stop_rgb (gradient, 0, 0.93, 0.80, 0.70);
  cairo_pattern_add_color_stop_rgb (gradient, 1, 0.62, 0.45, 0.36);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);
  for (int i = 0; i < 400; i++)
    {
      cairo_arc (cr, g_rand_double_range (rand, 0, PHOTO_W), g_rand_double_range (rand, 0, PHOTO_H),
                 g_rand_double_range (rand, 20, 300), 0, 2 * G_PI);
      cairo_set_source_rgba (cr, g_rand_double (rand), g_rand_double_range (rand, 0.3, 0.7),
                             g_rand_double_range (rand, 0.2, 0.5), 0.15);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (photo);
  return photo;
}

static AxOverlay *
make_overlay (GRand *rand)
{
  AxOverlay *overlay = ax_overlay_new (PHOTO_W, PHOTO_H);
  static const char *const products[] = { "Botox", "Dysport", "Juvederm Volbella", "Restylane" };
  static const char *const areas[] = { "glabella", "forehead", "crow's feet", "lips", "chin" };

  for (guint i = 0; i < N_ITEMS; i++)
    {
      const char *color = colors[i % G_N_ELEMENTS (colors)];
      double x = g_rand_double_range (rand, 200, PHOTO_W - 200);
      double y = g_rand_double_range (rand, 200, PHOTO_H - 200);
      AxOverlayXY points[40];
      AxOverlay *next = NULL;
      guint kind = i % 10;

      if (kind < 4) /* 200 points */
        {
          AxOverlayDose dose = { NULL, products[i % 4], NULL, "LOT42", 500 * (1 + i % 8), "U",
                                 areas[i % 5] };
          next = ax_overlay_add_point (overlay, x, y, &dose, color, NULL);
        }
      else if (kind < 6) /* 100 lines */
        {
          points[0] = (AxOverlayXY) { x, y };
          points[1] = (AxOverlayXY) { x + g_rand_double_range (rand, -300, 300),
                                      y + g_rand_double_range (rand, -300, 300) };
          next = ax_overlay_add_path (overlay, AX_OVERLAY_LINE, points, 2, color, 8, NULL);
        }
      else if (kind < 8) /* 100 pen strokes of 40 points */
        {
          for (guint k = 0; k < 40; k++)
            points[k] = (AxOverlayXY) { x + k * 8, y + 40 * sin (k / 4.0) };
          next = ax_overlay_add_path (overlay, AX_OVERLAY_PEN, points, 40, color, 6, NULL);
        }
      else if (kind == 8) /* 50 areas */
        {
          for (guint k = 0; k < 8; k++)
            points[k] = (AxOverlayXY) { x + 150 * cos (k * G_PI / 4), y + 100 * sin (k * G_PI / 4) };
          next = ax_overlay_add_area (overlay, points, 8, color, 0.25, "Area", NULL);
        }
      else /* 50 text labels */
        next = ax_overlay_add_text (overlay, x, y, "Bruising, review in 2 weeks", color, 60, NULL);
      g_assert (next != NULL);
      ax_overlay_unref (overlay);
      overlay = next;
    }
  return overlay;
}

static double
frame (AxFaceView      *view,
       cairo_surface_t *target)
{
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr = cairo_create (target);

  ax_face_view_draw (view, cr);
  cairo_destroy (cr);
  cairo_surface_flush (target);
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  gint64 runs = 300;
  double zoom = 0.5;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT64, &runs, "Frames of each kind; medians are reported (300)",
      "N" },
    { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &zoom, "The zoom while panning and drawing (0.5)", "Z" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— benchmark the face chart");
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (GArray) pan = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) draw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) stroke = g_array_new (FALSE, FALSE, sizeof (AxOverlayXY));
  g_autoptr (AxOverlay) overlay = NULL;
  g_autoptr (AxFaceView) view = ax_face_view_new ();
  cairo_surface_t *photo, *target;
  double dx, dy, ms;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  photo = make_photo (rand);
  overlay = make_overlay (rand);
  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_W, VIEW_H);
  ax_face_view_set_photo (view, photo);
  ax_face_view_set_overlay (view, overlay);
  ax_face_view_set_size (view, VIEW_W, VIEW_H);
  dx = -(PHOTO_W * zoom - VIEW_W) / 2;
  dy = -(PHOTO_H * zoom - VIEW_H) / 2;
  ax_face_view_set_transform (view, zoom, dx, dy);

  /* The caches, made once: what a zoom and an edit cost. */
  start = g_get_monotonic_time ();
  ax_face_view_rebuild (view);
  bench_report ("face_chart_zoom_ms", (g_get_monotonic_time () - start) / 1000.0, "ms");
  {
    g_autoptr (GArray) layer = g_array_new (FALSE, FALSE, sizeof (double));

    for (int i = 0; i < 5; i++)
      {
        g_autoptr (AxOverlay) moved = ax_overlay_move_item (overlay,
                                                            ax_overlay_get_item (overlay, i)->id,
                                                            1, 1, NULL);
        start = g_get_monotonic_time ();
        ax_face_view_set_overlay (view, moved);
        ax_face_view_rebuild (view);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (layer, ms);
      }
    ax_face_view_set_overlay (view, overlay);
    ax_face_view_rebuild (view);
    bench_report ("face_chart_layer_ms", bench_median (layer), "ms");

    /* Adding a mark (the usual edit) draws only the new item on the layer. */
    g_array_set_size (layer, 0);
    for (int i = 0; i < 5; i++)
      {
        AxOverlayDose dose = { NULL, "Botox", NULL, NULL, 4000, "U", "glabella" };
        g_autoptr (AxOverlay) added = ax_overlay_add_point (overlay, 3000 + i * 40, 2000, &dose,
                                                            NULL, NULL);

        start = g_get_monotonic_time ();
        ax_face_view_set_overlay (view, added);
        ax_face_view_rebuild (view);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (layer, ms);
        ax_face_view_set_overlay (view, overlay);
        ax_face_view_rebuild (view);
      }
    bench_report ("face_chart_add_ms", bench_median (layer), "ms");
  }

  /* Panning: a slow circle around the centre, a new offset every frame. */
  frame (view, target);
  for (gint64 i = 0; i < runs; i++)
    {
      double a = i * 0.05;

      ax_face_view_set_transform (view, zoom, dx + 300 * cos (a), dy + 200 * sin (a));
      ms = frame (view, target);
      g_array_append_val (pan, ms);
      g_array_append_val (all, ms);
    }

  /* Drawing: a pen stroke that grows by a point every frame. */
  ax_face_view_set_transform (view, zoom, dx, dy);
  for (gint64 i = 0; i < runs; i++)
    {
      AxOverlayXY p = { 2000 + i * 6, 2000 + 300 * sin (i / 20.0) };
      AxFaceLive live = { AX_OVERLAY_PEN, NULL, 0, "#e01b24", 6, 0, FALSE, { 0, 0 } };

      g_array_append_val (stroke, p);
      live.points = (const AxOverlayXY *) (gpointer) stroke->data;
      live.n_points = stroke->len;
      start = g_get_monotonic_time ();
      ax_face_view_set_live (view, &live);
      frame (view, target);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (draw, ms);
      g_array_append_val (all, ms);
    }

  g_printerr ("Face chart: %dx%d photo, %u items, %dx%d view, zoom %.2f, %" G_GINT64_FORMAT
              " frames each\n", PHOTO_W, PHOTO_H, ax_overlay_get_n_items (overlay), VIEW_W,
              VIEW_H, zoom, runs);
  bench_report ("face_chart_pan_ms", bench_median (pan), "ms");
  bench_report ("face_chart_draw_ms", bench_median (draw), "ms");
  bench_report ("face_chart_frame_ms", bench_median (all), "ms");

  if (g_getenv ("AX_BENCH_SAVE_PNG") != NULL)
    cairo_surface_write_to_png (target, g_getenv ("AX_BENCH_SAVE_PNG"));
  cairo_surface_destroy (target);
  cairo_surface_destroy (photo);
  return 0;
}
