/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The face chart canvas in a window: three points and a line drawn with
 * pointer input (the gesture handlers' own entry points), the overlay they
 * make, undo and redo, zoom and pan that leave the stored coordinates alone,
 * the pen, area, text and erase tools, and a read-only canvas that refuses
 * every edit. Needs an X display (skipped, 77, without one). */
#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "ax-test.h"
#include "chart/ax-face-canvas-private.h"
#include "chart/ax-face-chart-panel.h"

#define SKIP 77

static GtkWindow *window;
static AxFaceCanvas *canvas;
static guint changes;

static void
init_gtk (void)
{
  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
}

static void
spin (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static void
changed_cb (AxFaceCanvas *c,
            gpointer      data)
{
  changes++;
}

/* A fresh canvas on the front diagram (1000×1300) in an 800×600 window. */
static void
setup (void)
{
  GtkWidget *box, *panel;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  static const AxFaceProduct products[] = {
    { "prod-botox", "Botox", "lot-1", "A123", "2027-01-31", "U" },
  };

  init_gtk ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  window = GTK_WINDOW (gtk_window_new ());
  canvas = AX_FACE_CANVAS (ax_face_canvas_new ());
  panel = ax_face_chart_panel_new (canvas);
  gtk_widget_set_hexpand (GTK_WIDGET (canvas), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (canvas));
  gtk_box_append (GTK_BOX (box), panel);
  gtk_window_set_child (window, box);
  gtk_window_set_default_size (window, 1000, 600);
  ax_face_canvas_set_products (canvas, products, G_N_ELEMENTS (products));
  changes = 0;
  g_signal_connect (canvas, "changed", G_CALLBACK (changed_cb), NULL);
  gtk_window_present (window);
  while (gtk_widget_get_width (GTK_WIDGET (canvas)) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  ck_assert_int_gt (gtk_widget_get_width (GTK_WIDGET (canvas)), 0);
  spin ();
}

static void
teardown (void)
{
  gtk_window_destroy (window);
  spin ();
  window = NULL;
  canvas = NULL;
}

/* Pointer input at image coordinates (converted to the view as it is now). */
static void
click_at (double ix,
          double iy)
{
  double x, y;

  ax_face_canvas_image_to_view (canvas, ix, iy, &x, &y);
  ax_face_canvas_pointer_down (canvas, x, y, GDK_BUTTON_PRIMARY);
  ax_face_canvas_pointer_up (canvas, x, y);
}

static void
drag_between (double ix0,
              double iy0,
              double ix1,
              double iy1,
              guint  button)
{
  double x0, y0, x1, y1;

  ax_face_canvas_image_to_view (canvas, ix0, iy0, &x0, &y0);
  ax_face_canvas_image_to_view (canvas, ix1, iy1, &x1, &y1);
  ax_face_canvas_pointer_down (canvas, x0, y0, button);
  for (int i = 1; i <= 10; i++)
    ax_face_canvas_pointer_move (canvas, x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10);
  ax_face_canvas_pointer_up (canvas, x1, y1);
}

static char *
overlay_json (void)
{
  return ax_overlay_to_json (ax_face_canvas_get_overlay (canvas));
}

static const AxOverlayItem *
item (guint i)
{
  return ax_overlay_get_item (ax_face_canvas_get_overlay (canvas), i);
}

/* Within a view pixel of where it was meant to go. */
#define ck_assert_near(a, b) \
  ck_assert_msg (fabs ((a) - (b)) <= 1.0 / ax_face_canvas_get_zoom (canvas) + 0.01, \
                 "%s = %f, want %f", #a, (double) (a), (double) (b))

/* Three points and a line, as the overlay JSON records them. */
static void
draw_three_points_and_a_line (void)
{
  AxOverlayDose dose = { "prod-botox", "Botox", "lot-1", "A123", 4000, "U", "glabella" };

  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_POINT);
  click_at (500, 440);
  ck_assert_ptr_nonnull (canvas->popover);   /* the dose is asked for */
  ax_face_canvas_apply_dose (canvas, &dose);
  ck_assert_ptr_null (canvas->popover);
  click_at (400, 330);
  ax_face_canvas_close_popover (canvas);
  click_at (600, 330);
  ax_face_canvas_close_popover (canvas);
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_LINE);
  drag_between (300, 1000, 420, 1080, GDK_BUTTON_PRIMARY);
}

START_TEST (test_points_and_line)
{
  g_autofree char *json = NULL;
  g_autoptr (AxOverlay) parsed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;

  draw_three_points_and_a_line ();

  ck_assert_uint_eq (ax_overlay_get_n_items (ax_face_canvas_get_overlay (canvas)), 4);
  ck_assert_int_eq (item (0)->kind, AX_OVERLAY_POINT);
  ck_assert_uint_eq (item (0)->n, 1);
  ck_assert_near (item (0)->x, 500);
  ck_assert_near (item (0)->y, 440);
  ck_assert_str_eq (item (0)->product, "Botox");
  ck_assert_str_eq (item (0)->lot, "A123");
  ck_assert_int_eq (item (0)->units_milli, 4000);
  ck_assert_str_eq (item (0)->area, "glabella");
  ck_assert_uint_eq (item (1)->n, 2);
  ck_assert_near (item (1)->x, 400);
  /* The next point takes the last dose given. */
  ck_assert_int_eq (item (1)->units_milli, 4000);
  ck_assert_uint_eq (item (2)->n, 3);
  ck_assert_near (item (2)->x, 600);
  ck_assert_int_eq (item (3)->kind, AX_OVERLAY_LINE);
  ck_assert_uint_eq (item (3)->n_points, 2);
  ck_assert_near (item (3)->points[0].x, 300);
  ck_assert_near (item (3)->points[0].y, 1000);
  ck_assert_near (item (3)->points[1].x, 420);
  ck_assert_near (item (3)->points[1].y, 1080);
  /* One change a mark (the dose amends its point's own step). */
  ck_assert_uint_eq (changes, 5);

  json = overlay_json ();
  ck_assert (g_str_has_prefix (json, "{\"version\":1,\"space\":{\"width\":1000,\"height\":1300}"));
  ck_assert_ptr_nonnull (strstr (json, "\"kind\":\"point\",\"n\":1,"));
  ck_assert_ptr_nonnull (strstr (json, "\"product\":\"Botox\",\"lot_id\":\"lot-1\",\"lot\":\"A123\","
                                       "\"units_milli\":4000,\"unit\":\"U\",\"area\":\"glabella\""));
  ck_assert_ptr_nonnull (strstr (json, "\"kind\":\"line\",\"points\":[["));
  parsed = ax_overlay_parse (json, &error);
  ck_assert_msg (parsed != NULL, "%s", error ? error->message : "");
  ck_assert (ax_overlay_equal (parsed, ax_face_canvas_get_overlay (canvas)));

  summary = ax_overlay_describe (ax_face_canvas_get_overlay (canvas));
  ck_assert_str_eq (summary, "3 injection points, 1 line");
}
END_TEST

START_TEST (test_undo_redo)
{
  g_autofree char *full = NULL;
  g_autofree char *again = NULL;

  draw_three_points_and_a_line ();
  full = overlay_json ();
  ck_assert (ax_face_canvas_can_undo (canvas));
  ck_assert (!ax_face_canvas_can_redo (canvas));

  gtk_widget_activate_action (GTK_WIDGET (canvas), "face.undo", NULL);
  ck_assert_uint_eq (ax_overlay_get_n_items (ax_face_canvas_get_overlay (canvas)), 3);
  ck_assert (ax_face_canvas_undo (canvas));
  ck_assert_uint_eq (ax_overlay_get_n_items (ax_face_canvas_get_overlay (canvas)), 2);
  ck_assert (ax_face_canvas_can_redo (canvas));
  ck_assert (ax_face_canvas_undo (canvas));
  ck_assert (ax_face_canvas_undo (canvas));
  ck_assert_uint_eq (ax_overlay_get_n_items (ax_face_canvas_get_overlay (canvas)), 0);
  ck_assert (!ax_face_canvas_undo (canvas));

  ck_assert (ax_face_canvas_redo (canvas));
  /* The first point comes back with the dose entered for it. */
  ck_assert_int_eq (item (0)->units_milli, 4000);
  gtk_widget_activate_action (GTK_WIDGET (canvas), "face.redo", NULL);
  ck_assert (ax_face_canvas_redo (canvas));
  ck_assert (ax_face_canvas_redo (canvas));
  ck_assert (!ax_face_canvas_redo (canvas));
  again = overlay_json ();
  ck_assert_str_eq (again, full);

  /* A new mark after an undo drops what could have been redone. */
  ck_assert (ax_face_canvas_undo (canvas));
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_POINT);
  click_at (700, 700);
  ax_face_canvas_close_popover (canvas);
  ck_assert (!ax_face_canvas_can_redo (canvas));
  ck_assert_uint_eq (item (3)->n, 4);
}
END_TEST

START_TEST (test_zoom_keeps_coordinates)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  double zoom = ax_face_canvas_get_zoom (canvas), x, y;

  draw_three_points_and_a_line ();
  before = overlay_json ();

  ax_face_canvas_zoom_by (canvas, 3, 200, 150);
  ck_assert (ax_face_canvas_get_zoom (canvas) > zoom * 2.9);
  /* The image point under (200, 150) stays under it. */
  {
    double ix, iy, vx, vy;

    ax_face_canvas_view_to_image (canvas, 200, 150, &ix, &iy);
    ax_face_canvas_image_to_view (canvas, ix, iy, &vx, &vy);
    ck_assert (fabs (vx - 200) < 1 && fabs (vy - 150) < 1);
  }
  /* Pan with the middle button and with the select tool on empty space. */
  ax_face_canvas_pointer_down (canvas, 100, 100, GDK_BUTTON_MIDDLE);
  ax_face_canvas_pointer_move (canvas, 160, 130);
  ax_face_canvas_pointer_up (canvas, 160, 130);
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_SELECT);
  ax_face_canvas_image_to_view (canvas, 50, 1250, &x, &y);
  ax_face_canvas_pointer_down (canvas, x, y, GDK_BUTTON_PRIMARY);
  ax_face_canvas_pointer_move (canvas, x + 40, y - 20);
  ax_face_canvas_pointer_up (canvas, x + 40, y - 20);
  spin ();
  after = overlay_json ();
  ck_assert_str_eq (after, before);

  /* A mark placed while zoomed lands where it was put, in image pixels. */
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_POINT);
  click_at (650, 520);
  ax_face_canvas_close_popover (canvas);
  ck_assert_near (item (4)->x, 650);
  ck_assert_near (item (4)->y, 520);
  gtk_widget_activate_action (GTK_WIDGET (canvas), "face.zoom-fit", NULL);
  ck_assert_double_eq_tol (ax_face_canvas_get_zoom (canvas), zoom, 1e-9);
}
END_TEST

START_TEST (test_other_tools)
{
  double x, y;

  /* Pen: a stroke of many samples. */
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_PEN);
  drag_between (200, 200, 400, 260, GDK_BUTTON_PRIMARY);
  ck_assert_int_eq (item (0)->kind, AX_OVERLAY_PEN);
  ck_assert_uint_ge (item (0)->n_points, 5);

  /* Area: three corners, then Enter (finish). */
  gtk_widget_activate_action (GTK_WIDGET (canvas), "face.tool-area", NULL);
  ck_assert_int_eq (ax_face_canvas_get_tool (canvas), AX_FACE_TOOL_AREA);
  click_at (550, 600);
  g_usleep (450 * 1000); /* not a double-click */
  click_at (700, 600);
  g_usleep (450 * 1000);
  click_at (620, 700);
  ck_assert_uint_eq (ax_overlay_get_n_items (ax_face_canvas_get_overlay (canvas)), 1);
  ax_face_canvas_finish_live (canvas);
  ck_assert_int_eq (item (1)->kind, AX_OVERLAY_AREA);
  ck_assert_uint_eq (item (1)->n_points, 3);

  /* Text. */
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_TEXT);
  click_at (100, 1100);
  ck_assert_ptr_nonnull (canvas->popover);
  ax_face_canvas_apply_text (canvas, "Review in 2 weeks");
  ck_assert_int_eq (item (2)->kind, AX_OVERLAY_TEXT);
  ck_assert_str_eq (item (2)->text, "Review in 2 weeks");

  /* Select and move the area by (+50, +20). */
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_SELECT);
  drag_between (620, 640, 670, 660, GDK_BUTTON_PRIMARY);
  ck_assert_near (item (1)->points[0].x, 600);
  ck_assert_near (item (1)->points[0].y, 620);

  /* Erase the pen stroke by clicking on it. */
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_ERASE);
  ax_face_canvas_image_to_view (canvas, item (0)->points[0].x, item (0)->points[0].y, &x, &y);
  ax_face_canvas_pointer_down (canvas, x, y, GDK_BUTTON_PRIMARY);
  ax_face_canvas_pointer_up (canvas, x, y);
  ck_assert_uint_eq (ax_overlay_get_n_items (ax_face_canvas_get_overlay (canvas)), 2);
  ck_assert_int_eq (item (0)->kind, AX_OVERLAY_AREA);
}
END_TEST

START_TEST (test_read_only_refuses_edits)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint changes_before;

  draw_three_points_and_a_line ();
  before = overlay_json ();
  ax_face_canvas_set_read_only (canvas, TRUE);
  changes_before = changes;

  ck_assert_int_eq (ax_face_canvas_get_tool (canvas), AX_FACE_TOOL_SELECT);
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_POINT);
  ck_assert_int_eq (ax_face_canvas_get_tool (canvas), AX_FACE_TOOL_SELECT);
  gtk_widget_activate_action (GTK_WIDGET (canvas), "face.tool-pen", NULL);
  ck_assert_int_eq (ax_face_canvas_get_tool (canvas), AX_FACE_TOOL_SELECT);
  ck_assert (!ax_face_canvas_can_undo (canvas));
  ck_assert (!ax_face_canvas_undo (canvas));

  /* Clicking places nothing; dragging a point selects it but does not move it. */
  click_at (700, 700);
  drag_between (500, 440, 560, 500, GDK_BUTTON_PRIMARY);
  ck_assert_str_eq (ax_face_canvas_get_selected (canvas), item (0)->id);
  gtk_widget_activate_action (GTK_WIDGET (canvas), "face.delete", NULL);
  gtk_widget_activate_action (GTK_WIDGET (canvas), "face.renumber", NULL);
  ax_face_canvas_apply_text (canvas, "nope");
  spin ();

  after = overlay_json ();
  ck_assert_str_eq (after, before);
  ck_assert_uint_eq (changes, changes_before);

  /* Zoom still works. */
  ax_face_canvas_zoom_by (canvas, 2, 100, 100);
  ck_assert_str_eq (after, before);
}
END_TEST

START_TEST (test_photo_space)
{
  g_autoptr (GBytes) bytes = g_bytes_new_take (g_malloc0 (4 * 600 * 400), 4 * 600 * 400);
  g_autoptr (GdkTexture) texture = gdk_memory_texture_new (600, 400, GDK_MEMORY_DEFAULT, bytes,
                                                           4 * 600);

  ax_face_canvas_set_photo (canvas, texture);
  ck_assert (ax_face_canvas_has_photo (canvas));
  ck_assert_uint_eq (ax_overlay_get_width (ax_face_canvas_get_overlay (canvas)), 600);
  ck_assert_uint_eq (ax_overlay_get_height (ax_face_canvas_get_overlay (canvas)), 400);
  ax_face_canvas_set_tool (canvas, AX_FACE_TOOL_POINT);
  click_at (300, 200);
  ax_face_canvas_close_popover (canvas);
  ck_assert_near (item (0)->x, 300);
  ck_assert_near (item (0)->y, 200);
  /* A click outside the photo places nothing. */
  {
    double x, y;

    ax_face_canvas_image_to_view (canvas, 300, 450, &x, &y);
    ax_face_canvas_pointer_down (canvas, x, y, GDK_BUTTON_PRIMARY);
    ax_face_canvas_pointer_up (canvas, x, y);
    ck_assert_uint_eq (ax_overlay_get_n_items (ax_face_canvas_get_overlay (canvas)), 1);
  }
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_points_and_line, test_undo_redo, test_zoom_keeps_coordinates,
                           test_other_tools, test_read_only_refuses_edits, test_photo_space };

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display\n");
      return SKIP;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("CK_FORK", "no", FALSE);
  return ax_test_run ("face-canvas", setup, teardown, tests, G_N_ELEMENTS (tests));
}
