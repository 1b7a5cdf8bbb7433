/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chart lifecycle and the canonical JSON a signature covers: fixed
 * inputs give a fixed text and hash (computed independently), and neither
 * depends on the order of keys in an overlay or of rows as read. */
#include "ax-test.h"
#include "ax-chart.h"

#include <string.h>

#define EXPECTED_JSON                                                                              \
  "{\"aftercare\":\"Avoid lying down for 4 hours.\",\"amends_chart_id\":null,"                     \
  "\"entries\":["                                                                                  \
  "{\"area\":\"Glabella\",\"body\":null,\"id\":\"e2\",\"kind\":\"treatment\",\"lot_id\":\"l1\","   \
  "\"product_id\":\"p1\",\"sort_order\":0,\"technique\":\"5 points\",\"unit\":\"U\","              \
  "\"units_milli\":20000},"                                                                        \
  "{\"area\":\"Forehead\",\"body\":\"Light \\\"touch\\\"\\n\",\"id\":\"e1\",\"kind\":\"treatment\"," \
  "\"lot_id\":\"l1\",\"product_id\":\"p1\",\"sort_order\":1,\"technique\":null,\"unit\":\"U\","    \
  "\"units_milli\":10000},"                                                                        \
  "{\"area\":null,\"body\":\"Tolerated well\",\"id\":\"e3\",\"kind\":\"note\",\"lot_id\":null,"    \
  "\"product_id\":null,\"sort_order\":1,\"technique\":null,\"unit\":null,\"units_milli\":null}"    \
  "],"                                                                                             \
  "\"format\":\"aesthetix.chart.v1\",\"id\":\"c1\",\"notes\":\"Thai: ผิวแห้ง\",\"overlays\":["     \
  "{\"diagram\":\"front\",\"id\":\"o1\",\"overlay\":{\"items\":[{\"kind\":\"point\",\"n\":1,"       \
  "\"x\":10.5,\"y\":20}],\"v\":1},\"photo_sha256\":null},"                                         \
  "{\"diagram\":null,\"id\":\"o2\",\"overlay\":{\"items\":[]},\"photo_sha256\":\"bbbb\"}"          \
  "],\"patient_id\":\"p-1\",\"photos\":[\"aaaa\",\"bbbb\"],\"provider_id\":\"dr-1\","              \
  "\"visit_at\":1773113400000}"

/* sha256 of EXPECTED_JSON, computed with Python's hashlib. */
#define EXPECTED_SHA "92d2357f3c892849550e7d05933d8c0b70dda39de386b691dd6c8b07ecc496cb"

static const AxChartEntryContent entries[] = {
  { "e3", "note", NULL, NULL, NULL, FALSE, 0, NULL, NULL, "Tolerated well", 1 },
  { "e1", "treatment", "Forehead", "p1", "l1", TRUE, 10000, "U", NULL, "Light \"touch\"\n", 1 },
  { "e2", "treatment", "Glabella", "p1", "l1", TRUE, 20000, "U", "5 points", NULL, 0 },
};

static const char *const photos[] = { "bbbb", "aaaa" };

static AxChartContent
content_with (const AxChartOverlayContent *overlays,
              gsize                        n_overlays)
{
  return (AxChartContent) {
    .id = "c1", .patient_id = "p-1", .visit_at = G_GINT64_CONSTANT (1773113400000),
    .provider_id = "dr-1", .notes = "Thai: ผิวแห้ง", .aftercare = "Avoid lying down for 4 hours.",
    .amends_chart_id = NULL, .entries = entries, .n_entries = G_N_ELEMENTS (entries),
    .overlays = overlays, .n_overlays = n_overlays, .photo_sha256 = photos,
    .n_photos = G_N_ELEMENTS (photos),
  };
}

START_TEST (test_fixed_hash)
{
  const AxChartOverlayContent overlays[] = {
    { "o2", "bbbb", NULL, "{\"items\": []}" },
    { "o1", NULL, "front", "{\"v\": 1, \"items\": [{\"x\": 10.5, \"y\": 20.0, \"n\": 1, "
                           "\"kind\": \"point\"}]}" },
  };
  AxChartContent c = content_with (overlays, G_N_ELEMENTS (overlays));
  g_autoptr (GError) error = NULL;
  g_autofree char *json = ax_chart_canonical_json (&c, &error);
  g_autofree char *sha = ax_chart_content_sha256 (&c, &error);

  ck_assert_ptr_nonnull (json);
  ck_assert_str_eq (json, EXPECTED_JSON);
  ck_assert_str_eq (sha, EXPECTED_SHA);
}
END_TEST

START_TEST (test_key_order_independent)
{
  /* The same overlays, keys and rows in another order, with whitespace. */
  const AxChartOverlayContent overlays[] = {
    { "o1", NULL, "front", "{ \"items\" : [ { \"kind\" : \"point\", \"y\" : 20, \"x\" : 10.5, "
                           "\"n\" : 1 } ] ,\n \"v\" : 1 }" },
    { "o2", "bbbb", NULL, "{\"items\":[]}" },
  };
  AxChartContent c = content_with (overlays, G_N_ELEMENTS (overlays));
  g_autofree char *sha = ax_chart_content_sha256 (&c, NULL);

  ck_assert_str_eq (sha, EXPECTED_SHA);
}
END_TEST

START_TEST (test_every_field_counts)
{
  const AxChartOverlayContent overlays[] = {
    { "o2", "bbbb", NULL, "{\"items\": []}" },
    { "o1", NULL, "front", "{\"v\": 1, \"items\": [{\"x\": 10.5, \"y\": 20.0, \"n\": 1, "
                           "\"kind\": \"point\"}]}" },
  };
  const AxChartOverlayContent moved[] = {
    { "o2", "bbbb", NULL, "{\"items\": []}" },
    { "o1", NULL, "front", "{\"v\": 1, \"items\": [{\"x\": 10.6, \"y\": 20.0, \"n\": 1, "
                           "\"kind\": \"point\"}]}" },
  };
  AxChartEntryContent changed[G_N_ELEMENTS (entries)];
  const char *const other_photos[] = { "aaaa" };
  AxChartContent c = content_with (overlays, G_N_ELEMENTS (overlays));
  g_autofree char *base = ax_chart_content_sha256 (&c, NULL);
  g_autofree char *h1 = NULL, *h2 = NULL, *h3 = NULL, *h4 = NULL;

  ck_assert_str_eq (base, EXPECTED_SHA);
  c.notes = "Thai: ผิวแห้ง.";
  h1 = ax_chart_content_sha256 (&c, NULL);
  ck_assert_str_ne (h1, base);

  c = content_with (moved, G_N_ELEMENTS (moved));
  h2 = ax_chart_content_sha256 (&c, NULL);
  ck_assert_str_ne (h2, base);

  memcpy (changed, entries, sizeof entries);
  changed[1].units_milli = 10500;
  c = content_with (overlays, G_N_ELEMENTS (overlays));
  c.entries = changed;
  h3 = ax_chart_content_sha256 (&c, NULL);
  ck_assert_str_ne (h3, base);

  c = content_with (overlays, G_N_ELEMENTS (overlays));
  c.photo_sha256 = other_photos;
  c.n_photos = 1;
  h4 = ax_chart_content_sha256 (&c, NULL);
  ck_assert_str_ne (h4, base);
}
END_TEST

START_TEST (test_bad_overlay)
{
  const AxChartOverlayContent overlays[] = { { "o9", NULL, "front", "{\"items\": [" } };
  AxChartContent c = content_with (overlays, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *sha = ax_chart_content_sha256 (&c, &error);

  ck_assert_ptr_null (sha);
  ck_assert_ptr_nonnull (error);
  ck_assert_ptr_nonnull (strstr (error->message, "o9"));
}
END_TEST

START_TEST (test_canonical_values)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  ck_assert (json_parser_load_from_data (parser, "{\"b\": [1, 2.5, -0.125, true, null, "
                                         "\"tab\\tand\\u0001\"], \"a\": {\"z\": 1, \"é\": 2, "
                                         "\"Z\": 3}}", -1, NULL));
  text = ax_json_canonical (json_parser_get_root (parser));
  ck_assert_str_eq (text, "{\"a\":{\"Z\":3,\"z\":1,\"é\":2},"
                          "\"b\":[1,2.5,-0.125,true,null,\"tab\\tand\\u0001\"]}");
  /* Charts' doubles are always %.17g (their signed hashes were made so). */
  {
    g_autoptr (JsonNode) tenth = json_node_init_double (json_node_alloc (), 0.1);
    g_autofree char *chart_form = ax_json_canonical (tenth);

    ck_assert_str_eq (chart_form, "0.10000000000000001");
  }
}
END_TEST

START_TEST (test_lifecycle)
{
  ck_assert (ax_chart_status_can_transition (AX_CHART_DRAFT, AX_CHART_NEEDS_SIGNOFF));
  ck_assert (ax_chart_status_can_transition (AX_CHART_NEEDS_SIGNOFF, AX_CHART_MD_SIGNED));
  ck_assert (ax_chart_status_can_transition (AX_CHART_NEEDS_SIGNOFF, AX_CHART_DRAFT));
  ck_assert (!ax_chart_status_can_transition (AX_CHART_DRAFT, AX_CHART_MD_SIGNED));
  ck_assert (!ax_chart_status_can_transition (AX_CHART_MD_SIGNED, AX_CHART_DRAFT));
  ck_assert (!ax_chart_status_can_transition (AX_CHART_MD_SIGNED, AX_CHART_NEEDS_SIGNOFF));
  ck_assert (!ax_chart_status_can_transition (AX_CHART_DRAFT, AX_CHART_DRAFT));
  ck_assert (ax_chart_status_is_editable (AX_CHART_DRAFT));
  ck_assert (!ax_chart_status_is_editable (AX_CHART_NEEDS_SIGNOFF));
  ck_assert (!ax_chart_status_is_editable (AX_CHART_MD_SIGNED));
  for (int s = 0; s < AX_CHART_N_STATUSES; s++)
    ck_assert_int_eq (ax_chart_status_from_string (ax_chart_status_to_string (s)), s);
  ck_assert_int_eq (ax_chart_status_from_string ("signed"), AX_CHART_STATUS_INVALID);
  ck_assert_int_eq (ax_chart_status_from_string (NULL), AX_CHART_STATUS_INVALID);
}
END_TEST

START_TEST (test_lot_expiry)
{
  ck_assert (!ax_chart_lot_expired ("2026-03-01", "2026-02-28"));
  ck_assert (ax_chart_lot_expired ("2026-03-01", "2026-03-01"));
  ck_assert (ax_chart_lot_expired ("2026-03-01", "2026-03-10"));
  ck_assert (!ax_chart_lot_expired (NULL, "2026-03-10"));
  ck_assert (!ax_chart_lot_expired ("", "2026-03-10"));
}
END_TEST

AX_TEST_MAIN ("chart", test_fixed_hash, test_key_order_independent, test_every_field_counts,
              test_bad_overlay, test_canonical_values, test_lifecycle, test_lot_expiry)
