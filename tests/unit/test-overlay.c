/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-error.h"
#include "ax-overlay.h"

#include <string.h>

/* A canonical overlay with one item of every kind. */
static const char canonical[] =
  "{\"version\":1,\"space\":{\"width\":4000,\"height\":6000},\"items\":["
  "{\"id\":\"p1\",\"kind\":\"point\",\"n\":1,\"x\":1200.5,\"y\":800.25,\"product_id\":\"prod-1\","
  "\"product\":\"Botox\",\"lot_id\":null,\"lot\":\"ABC123\",\"units_milli\":4000,\"unit\":\"U\","
  "\"area\":\"glabella\",\"color\":\"#e01b24\"},"
  "{\"id\":\"l1\",\"kind\":\"line\",\"points\":[[10,20],[300.12,400]],\"color\":\"#3584e4\","
  "\"width\":3},"
  "{\"id\":\"pen1\",\"kind\":\"pen\",\"points\":[[1,1],[2,2.5],[3,4]],\"color\":\"#000000\","
  "\"width\":2.5},"
  "{\"id\":\"a1\",\"kind\":\"area\",\"points\":[[100,100],[200,100],[150,200]],"
  "\"color\":\"#33d17a\",\"fill_alpha\":0.25,\"label\":\"Tear trough\"},"
  "{\"id\":\"t1\",\"kind\":\"text\",\"x\":50,\"y\":60,\"text\":\"Bruise \\\"here\\\"\","
  "\"color\":\"#ffffff\",\"size\":24}]}";

#define HEAD "{\"version\":1,\"space\":{\"width\":4000,\"height\":6000},\"items\":["

static void
assert_rejected (const char *json,
                 const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxOverlay) overlay = ax_overlay_parse (json, &error);

  ck_assert_msg (overlay == NULL, "accepted: %s", json);
  ck_assert (g_error_matches (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, message) != NULL, "message “%s” lacks “%s”",
                 error->message, message);
}

START_TEST (test_round_trip)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxOverlay) overlay = ax_overlay_parse (canonical, &error);
  g_autoptr (AxOverlay) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  const AxOverlayItem *item;

  ck_assert_msg (overlay != NULL, "%s", error ? error->message : "");
  json = ax_overlay_to_json (overlay);
  ck_assert_str_eq (json, canonical);
  again = ax_overlay_parse (json, &error);
  ck_assert (again != NULL);
  ck_assert (ax_overlay_equal (overlay, again));
  json2 = ax_overlay_to_json (again);
  ck_assert_str_eq (json2, json);

  ck_assert_uint_eq (ax_overlay_get_width (overlay), 4000);
  ck_assert_uint_eq (ax_overlay_get_n_items (overlay), 5);
  item = ax_overlay_get_item (overlay, 0);
  ck_assert_int_eq (item->kind, AX_OVERLAY_POINT);
  ck_assert_double_eq (item->x, 1200.5);
  ck_assert_int_eq (item->units_milli, 4000);
  ck_assert_ptr_null (item->lot_id);
  ck_assert_str_eq (ax_overlay_get_item (overlay, 4)->text, "Bruise \"here\"");
}
END_TEST

START_TEST (test_canonical_form)
{
  /* Keys in any order, upper-case colour, spaces, defaults and extra
   * decimals all come out in the one canonical form. */
  const char *loose =
    "{ \"items\": [ { \"width\": 2.0, \"points\": [[0.004, 1.005], [3, 4]], \"kind\": \"line\","
    " \"id\": \"x\", \"color\": \"#ABCDEF\" }, {\"kind\":\"point\",\"id\":\"p\",\"n\":7,"
    "\"x\":1,\"y\":2,\"product\":\"\"} ], \"space\": {\"height\": 10, \"width\": 20}, "
    "\"version\": 1 }";
  g_autoptr (GError) error = NULL;
  g_autoptr (AxOverlay) overlay = ax_overlay_parse (loose, &error);
  g_autofree char *json = NULL;

  ck_assert_msg (overlay != NULL, "%s", error ? error->message : "");
  json = ax_overlay_to_json (overlay);
  ck_assert_str_eq (json,
                    "{\"version\":1,\"space\":{\"width\":20,\"height\":10},\"items\":["
                    "{\"id\":\"x\",\"kind\":\"line\",\"points\":[[0,1],[3,4]],"
                    "\"color\":\"#abcdef\",\"width\":2},"
                    "{\"id\":\"p\",\"kind\":\"point\",\"n\":7,\"x\":1,\"y\":2,\"product_id\":null,"
                    "\"product\":null,\"lot_id\":null,\"lot\":null,\"units_milli\":0,"
                    "\"unit\":null,\"area\":null,\"color\":\"#e01b24\"}]}");
}
END_TEST

START_TEST (test_rejections)
{
  assert_rejected ("{", "not valid JSON");
  assert_rejected ("[]", "must be a JSON object");
  assert_rejected ("{\"version\":2,\"space\":{\"width\":1,\"height\":1},\"items\":[]}",
                   "must be version 1");
  assert_rejected ("{\"version\":1,\"items\":[]}", "needs its image size");
  assert_rejected ("{\"version\":1,\"space\":{\"width\":0,\"height\":1},\"items\":[]}",
                   "needs its image size");
  assert_rejected ("{\"version\":1,\"space\":{\"width\":1,\"height\":1}}", "needs a list of items");
  assert_rejected ("{\"version\":1,\"space\":{\"width\":1,\"height\":1},\"items\":[],\"x\":1}",
                   "unknown field “x”");
  assert_rejected (HEAD "3]}", "Overlay item 1: it is not an object");
  assert_rejected (HEAD "{\"id\":\"a\"}]}", "Overlay item 1: it has no kind");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"circle\"}]}",
                   "Overlay item 1: unknown kind “circle”");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"text\",\"x\":1,\"y\":1,\"text\":\"t\"},"
                   "{\"id\":\"b\",\"kind\":\"text\",\"x\":1,\"y\":1,\"text\":\"t\"},"
                   "{\"id\":\"c\",\"kind\":\"line\",\"points\":[[1,1],[2,2],[3,3]]}]}",
                   "Overlay item 3 (line): it needs exactly 2 points");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"area\",\"points\":[[1,1],[2,2]]}]}",
                   "Overlay item 1 (area): it needs at least 3 points");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"pen\",\"points\":[[1,1]]}]}",
                   "Overlay item 1 (pen): it needs at least 2 points");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"pen\",\"points\":[[1,1],[2]]}]}",
                   "Overlay item 1 (pen): point 2 is not a pair [x, y]");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"line\",\"points\":[[1,1],[4001,2]]}]}",
                   "Overlay item 1 (line): coordinates must be numbers inside the 4000×6000 image");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"line\",\"points\":[[1,1],[\"2\",2]]}]}",
                   "coordinates must be numbers inside the 4000×6000 image");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"point\",\"n\":1,\"x\":-1,\"y\":2}]}",
                   "Overlay item 1 (point): coordinates must be numbers");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"line\",\"points\":[[1,1],[2,2]],"
                   "\"color\":\"red\"}]}",
                   "Overlay item 1 (line): “red” is not a colour; write it as #rrggbb");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"line\",\"points\":[[1,1],[2,2]],"
                   "\"width\":0}]}",
                   "Overlay item 1 (line): “width” must be a number from 0.5 to 100");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"line\",\"points\":[[1,1],[2,2]],"
                   "\"label\":\"x\"}]}",
                   "Overlay item 1 (line): unknown field “label”");
  assert_rejected (HEAD "{\"kind\":\"line\",\"points\":[[1,1],[2,2]]}]}",
                   "Overlay item 1 (line): it needs an id");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"text\",\"x\":1,\"y\":1,\"text\":\"t\"},"
                   "{\"id\":\"a\",\"kind\":\"text\",\"x\":1,\"y\":1,\"text\":\"t\"}]}",
                   "Overlay item 2 (text): its id “a” is used by item 1 too");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"text\",\"x\":1,\"y\":1}]}",
                   "Overlay item 1 (text): it needs some text");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"point\",\"x\":1,\"y\":1}]}",
                   "Overlay item 1 (point): it needs its number “n”");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"point\",\"n\":1,\"x\":1,\"y\":1},"
                   "{\"id\":\"b\",\"kind\":\"point\",\"n\":1,\"x\":1,\"y\":1}]}",
                   "Overlay item 2 (point): number 1 is also taken by item 1");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"point\",\"n\":1,\"x\":1,\"y\":1,"
                   "\"units_milli\":1.5}]}",
                   "Overlay item 1 (point): “units_milli” must be a whole number");
  assert_rejected (HEAD "{\"id\":\"a\",\"kind\":\"point\",\"n\":1,\"x\":1,\"y\":1,"
                   "\"product\":7}]}",
                   "Overlay item 1 (point): “product” must be text");
}
END_TEST

START_TEST (test_limits)
{
  g_autoptr (GString) json = g_string_new (HEAD);
  g_autoptr (AxOverlay) overlay = ax_overlay_new (100, 100);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i <= AX_OVERLAY_MAX_ITEMS; i++)
    g_string_append_printf (json, "%s{\"id\":\"t%u\",\"kind\":\"text\",\"x\":1,\"y\":1,\"text\":\"t\"}",
                            i ? "," : "", i);
  g_string_append (json, "]}");
  assert_rejected (json->str, "at most 2000 are allowed");

  g_string_assign (json, HEAD "{\"id\":\"a\",\"kind\":\"pen\",\"points\":[");
  for (guint i = 0; i <= AX_OVERLAY_MAX_ITEM_POINTS; i++)
    g_string_append_printf (json, "%s[1,1]", i ? "," : "");
  g_string_append (json, "]}]}");
  assert_rejected (json->str, "Overlay item 1 (pen): it has 5001 points; at most 5000 are allowed");

  /* The edit API keeps to the same limit. */
  for (guint i = 0; i < AX_OVERLAY_MAX_ITEMS; i++)
    {
      AxOverlay *next = ax_overlay_add_text (overlay, 1, 1, "t", NULL, 12, NULL);

      ck_assert_ptr_nonnull (next);
      ax_overlay_unref (overlay);
      overlay = next;
    }
  ck_assert_ptr_null (ax_overlay_add_point (overlay, 1, 1, NULL, NULL, &error));
  ck_assert (g_error_matches (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID));
}
END_TEST

START_TEST (test_edits_and_numbering)
{
  g_autoptr (AxOverlay) empty = ax_overlay_new (1000, 1300);
  g_autoptr (AxOverlay) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, f = NULL;
  AxOverlayXY line[] = { { 10, 10 }, { 990, 20 } };
  AxOverlayDose dose = { "prod-1", "Botox", "lot-1", "L1", 4000, "U", "glabella" };
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *summary = NULL;
  const AxOverlayItem *item;
  char *id2;

  a = ax_overlay_add_point (empty, 100.123, 200, &dose, "#3584E4", &error);
  b = ax_overlay_add_point (a, 2000, -5, &dose, NULL, &error);  /* clamped */
  c = ax_overlay_add_path (b, AX_OVERLAY_LINE, line, 2, NULL, 3, &error);
  ck_assert_ptr_nonnull (c);
  ck_assert_uint_eq (ax_overlay_get_n_items (empty), 0);  /* unchanged */
  ck_assert_uint_eq (ax_overlay_get_n_items (c), 3);

  item = ax_overlay_get_item (c, 0);
  ck_assert_uint_eq (item->n, 1);
  ck_assert_double_eq (item->x, 100.12);
  ck_assert_str_eq (item->color, "#3584e4");
  item = ax_overlay_get_item (c, 1);
  ck_assert_uint_eq (item->n, 2);
  ck_assert_double_eq (item->x, 1000);
  ck_assert_double_eq (item->y, 0);
  /* Unchanged items are shared, not copied. */
  ck_assert_ptr_eq (ax_overlay_get_item (c, 0), ax_overlay_get_item (a, 0));

  summary = ax_overlay_describe (c);
  ck_assert_str_eq (summary, "2 injection points, 1 line");

  /* Move: kept inside the image as a whole. */
  d = ax_overlay_move_item (c, ax_overlay_get_item (c, 2)->id, 50, -100, &error);
  item = ax_overlay_get_item (d, 2);
  ck_assert_double_eq (item->points[0].x, 20);   /* dx clamped to 10: 990 + 10 = 1000 */
  ck_assert_double_eq (item->points[1].x, 1000);
  ck_assert_double_eq (item->points[0].y, 0);
  ck_assert_double_eq (item->points[1].y, 10);
  ck_assert_double_eq (ax_overlay_get_item (c, 2)->points[0].x, 10);

  /* Remove point 1: point 2 keeps its number until renumbered; a new point
   * gets the next number. */
  id2 = ax_overlay_get_item (d, 0)->id;
  e = ax_overlay_remove_item (d, id2, &error);
  ck_assert_int_eq (ax_overlay_find (e, id2), -1);
  ck_assert_uint_eq (ax_overlay_get_item (e, 0)->n, 2);
  ck_assert_uint_eq (ax_overlay_next_point_number (e), 3);
  f = ax_overlay_renumber_points (e);
  ck_assert_uint_eq (ax_overlay_get_item (f, 0)->n, 1);
  ck_assert_uint_eq (ax_overlay_get_item (e, 0)->n, 2);

  ck_assert_ptr_null (ax_overlay_remove_item (f, "nope", &error));
  ck_assert (g_error_matches (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID));
  g_clear_error (&error);
  ck_assert_ptr_null (ax_overlay_add_path (f, AX_OVERLAY_LINE, line, 1, NULL, 3, &error));
  g_clear_error (&error);

  /* Edited overlays serialize and parse back the same. */
  before = ax_overlay_to_json (f);
  {
    g_autoptr (AxOverlay) back = ax_overlay_parse (before, &error);

    ck_assert_msg (back != NULL, "%s", error ? error->message : "");
    ck_assert (ax_overlay_equal (back, f));
  }
}
END_TEST

START_TEST (test_totals)
{
  g_autoptr (AxOverlay) o = ax_overlay_new (1000, 1000);
  AxOverlayDose doses[] = {
    { "botox", "Botox", NULL, "A1", 4000, "U", "glabella" },
    { "botox", "Botox", NULL, "A1", 2500, "U", "forehead" },
    { NULL, "Juvederm", NULL, NULL, 500, "ml", "lips" },
    { "botox", "Botox", NULL, "A2", 4000, "U", "glabella" },
    { NULL, "Juvederm", NULL, NULL, 250, "ml", "lips" },
  };
  g_autoptr (GPtrArray) products = NULL;
  g_autoptr (GPtrArray) areas = NULL;
  AxOverlayTotal *t;

  for (guint i = 0; i < G_N_ELEMENTS (doses); i++)
    {
      AxOverlay *next = ax_overlay_add_point (o, i * 10, i * 10, &doses[i], NULL, NULL);

      ax_overlay_unref (o);
      o = next;
    }
  products = ax_overlay_totals_by_product (o);
  ck_assert_uint_eq (products->len, 2);
  t = g_ptr_array_index (products, 0);
  ck_assert_str_eq (t->name, "Botox");
  ck_assert_int_eq (t->units_milli, 10500);
  ck_assert_uint_eq (t->n_points, 3);
  ck_assert_str_eq (t->unit, "U");
  t = g_ptr_array_index (products, 1);
  ck_assert_str_eq (t->name, "Juvederm");
  ck_assert_int_eq (t->units_milli, 750);

  areas = ax_overlay_totals_by_area (o);
  ck_assert_uint_eq (areas->len, 3);
  t = g_ptr_array_index (areas, 0);
  ck_assert_str_eq (t->name, "glabella");
  ck_assert_int_eq (t->units_milli, 8000);
  t = g_ptr_array_index (areas, 2);
  ck_assert_str_eq (t->name, "lips");
  ck_assert_int_eq (t->units_milli, 750);

  {
    g_autofree char *a = ax_overlay_format_units (10500, "U");
    g_autofree char *b = ax_overlay_format_units (750, "ml");
    g_autofree char *c = ax_overlay_format_units (4000, NULL);

    ck_assert_str_eq (a, "10.5 U");
    ck_assert_str_eq (b, "0.75 ml");
    ck_assert_str_eq (c, "4");
  }
}
END_TEST

START_TEST (test_hit_test)
{
  g_autoptr (AxOverlay) o = ax_overlay_parse (canonical, NULL);

  ck_assert_int_eq (ax_overlay_hit_test (o, 1201, 801, 5), 0);        /* point */
  ck_assert_int_eq (ax_overlay_hit_test (o, 155, 213.4, 2), 1);       /* on the line */
  ck_assert_int_eq (ax_overlay_hit_test (o, 150, 150, 1), 3);         /* inside the area */
  ck_assert_int_eq (ax_overlay_hit_test (o, 60, 70, 1), 4);           /* text */
  ck_assert_int_eq (ax_overlay_hit_test (o, 3000, 3000, 10), -1);
}
END_TEST

AX_TEST_MAIN ("overlay", test_round_trip, test_canonical_form, test_rejections, test_limits,
              test_edits_and_numbering, test_totals, test_hit_test)
