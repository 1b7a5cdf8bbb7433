/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The face chart's overlays: overlay.save (one row per chart and photo or
 * diagram, updated in place, stale saves refused, drafts only, clinical.edit
 * only, bad overlays refused with the overlay's own message) and the query
 * of a chart's overlays. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-overlays.h"

AX_FIXTURE_DEFINE

#define ALL_ROWS                                                                         \
  "SELECT (SELECT COUNT (*) FROM photo_overlays) + (SELECT COUNT (*) FROM outbox) "      \
  "     + (SELECT COUNT (*) FROM outbox_effect) + (SELECT COUNT (*) FROM audit_log)"

#define CHART_ID  "019cd5a0-0000-7000-8000-00000000c001"
#define SIGNED_ID "019cd5a0-0000-7000-8000-00000000c002"
#define SUBMIT_ID "019cd5a0-0000-7000-8000-00000000c003"
#define PHOTO_ID  "019cd5a0-0000-7000-8000-00000000f001"
#define OTHER_PHOTO_ID "019cd5a0-0000-7000-8000-00000000f002"

#define DIAGRAM_OVERLAY                                                                  \
  "{\"version\":1,\"space\":{\"width\":1000,\"height\":1300},\"items\":["                \
  "{\"id\":\"p1\",\"kind\":\"point\",\"n\":1,\"x\":500,\"y\":420.5,\"product_id\":null,"  \
  "\"product\":\"Botox\",\"lot_id\":null,\"lot\":\"A1\",\"units_milli\":4000,"           \
  "\"unit\":\"U\",\"area\":\"glabella\",\"color\":\"#e01b24\"}]}"

static void
exec_sql (const char *sql)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (ax_db_exec (ax_store_get_db (f.store), sql, &error), "%s",
                 error ? error->message : "");
}

/* A patient with a draft, a signed and a submitted chart and a 4000×6000
 * photo; another patient with a photo. */
static void
setup_charts (void)
{
  g_autofree char *p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                             "{\"first_name\": \"Anong\"}");
  g_autofree char *q = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                             "{\"first_name\": \"Boon\"}");
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, status, visit_at) "
    "SELECT '" CHART_ID "', id, 0, '0', '%s', 'draft', 0 FROM clinics;"
    "INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, status, visit_at) "
    "SELECT '" SIGNED_ID "', id, 0, '0', '%s', 'md_signed', 0 FROM clinics;"
    "INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, status, visit_at) "
    "SELECT '" SUBMIT_ID "', id, 0, '0', '%s', 'needs_signoff', 0 FROM clinics;"
    "INSERT INTO photos (id, clinic_id, created_at, updated_at, patient_id, blob_sha256, mime, "
    "  width, height) SELECT '" PHOTO_ID "', id, 0, '0', '%s', 'x', 'image/jpeg', 4000, 6000 "
    "  FROM clinics;"
    "INSERT INTO photos (id, clinic_id, created_at, updated_at, patient_id, blob_sha256, mime, "
    "  width, height) SELECT '" OTHER_PHOTO_ID "', id, 0, '0', '%s', 'x', 'image/jpeg', 4000, 6000 "
    "  FROM clinics;",
    p, p, p, p, q);

  exec_sql (sql);
}

static char *
save_args (const char *chart_id,
           const char *target,
           const char *overlay_json,
           const char *extra)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), overlay_json);
  g_autofree char *quoted = json_to_string (node, FALSE);

  return g_strdup_printf ("{\"chart_id\": \"%s\", %s, \"overlay_json\": %s%s}", chart_id, target,
                          quoted, extra ? extra : "");
}

static void
assert_refused (AxRole      role,
                const char *args,
                int         code,
                const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  gint64 before = ax_fixture_count (&f, ALL_ROWS);
  g_autofree char *rows_before = ax_fixture_dump (&f, "photo_overlays");
  g_autofree char *rows_after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], "overlay.save", args, &error);
  ck_assert_msg (r == NULL, "overlay.save %s was not refused", args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s: wrong error “%s” (%d)", args,
                 error->message, error->code);
  ck_assert_msg (strstr (error->message, message_part) != NULL, "“%s” does not mention “%s”",
                 error->message, message_part);
  ck_assert_int_eq (ax_fixture_count (&f, ALL_ROWS), before);
  rows_after = ax_fixture_dump (&f, "photo_overlays");
  ck_assert_str_eq (rows_before, rows_after);
}

static GPtrArray *
query (const char *chart_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *rows = ax_overlays_query (ax_store_get_db (f.store), chart_id, &error);

  ck_assert_msg (rows != NULL, "%s", error ? error->message : "");
  return rows;
}

START_TEST (test_save_round_trip)
{
  g_autofree char *args = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (AxOverlay) photo_overlay = ax_overlay_new (4000, 6000);
  g_autoptr (AxOverlay) with_line = NULL;
  g_autofree char *photo_json = NULL;
  g_autofree char *photo_args = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *first_sha = NULL;
  AxOverlayXY line[] = { { 100, 100 }, { 3900, 5900 } };
  AxStoredOverlay *row;

  setup_charts ();
  /* Spaces and key order do not matter: the canonical form is stored. */
  args = save_args (CHART_ID, "\"diagram\": \"front\"",
                    "{ \"items\": [{\"kind\":\"point\",\"id\":\"p1\",\"n\":1,\"x\":500,"
                    "\"y\":420.5,\"product\":\"Botox\",\"lot\":\"A1\",\"units_milli\":4000,"
                    "\"unit\":\"U\",\"area\":\"glabella\"}], \"version\": 1, "
                    "\"space\": {\"width\": 1000, \"height\": 1300} }", NULL);
  r = ax_fixture_mutate (&f, PROVIDER, "overlay.save", args);
  first_id = g_strdup (json_object_get_string_member (json_node_get_object (r), "id"));
  first_sha = g_strdup (json_object_get_string_member (json_node_get_object (r), "sha256"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM photo_overlays WHERE overlay_json = '"
                                          DIAGRAM_OVERLAY "' AND diagram = 'front'"), 1);

  with_line = ax_overlay_add_path (photo_overlay, AX_OVERLAY_LINE, line, 2, "#3584e4", 4, NULL);
  photo_json = ax_overlay_to_json (with_line);
  photo_args = save_args (CHART_ID, "\"photo_id\": \"" PHOTO_ID "\"", photo_json, NULL);
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, OWNER, "overlay.save", photo_args);

  rows = query (CHART_ID);
  ck_assert_uint_eq (rows->len, 2);
  row = g_ptr_array_index (rows, 0);
  ck_assert_str_eq (row->diagram, "front");
  ck_assert_ptr_null (row->photo_id);
  ck_assert_str_eq (row->id, first_id);
  ck_assert_str_eq (row->sha256, first_sha);
  ck_assert_uint_eq (ax_overlay_get_n_items (row->overlay), 1);
  ck_assert_int_eq (ax_overlay_get_item (row->overlay, 0)->units_milli, 4000);
  row = g_ptr_array_index (rows, 1);
  ck_assert_str_eq (row->photo_id, PHOTO_ID);
  ck_assert (ax_overlay_equal (row->overlay, with_line));

  /* Saving the diagram again updates its one row in place. */
  {
    g_autofree char *again = save_args (CHART_ID, "\"diagram\": \"front\"",
                                        "{\"version\":1,\"space\":{\"width\":1000,"
                                        "\"height\":1300},\"items\":[]}",
                                        NULL);
    g_autofree char *extra = g_strdup_printf (", \"from_sha256\": \"%s\"", first_sha);
    g_autofree char *with_from = NULL;
    g_autoptr (GPtrArray) after = NULL;

    with_from = save_args (CHART_ID, "\"diagram\": \"front\"",
                           "{\"version\":1,\"space\":{\"width\":1000,\"height\":1300},"
                           "\"items\":[]}", extra);
    g_clear_pointer (&r, json_node_unref);
    r = ax_fixture_mutate (&f, PROVIDER, "overlay.save", with_from);
    ck_assert_str_eq (json_object_get_string_member (json_node_get_object (r), "id"), first_id);
    after = query (CHART_ID);
    ck_assert_uint_eq (after->len, 2);
    ck_assert_uint_eq (ax_overlay_get_n_items (((AxStoredOverlay *) after->pdata[0])->overlay), 0);
    (void) again;
  }
}
END_TEST

START_TEST (test_stale_save_refused)
{
  g_autofree char *args = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *fresh_first = NULL;

  setup_charts ();
  /* A first save from an editor that saw nothing ("") goes through… */
  fresh_first = save_args (CHART_ID, "\"diagram\": \"profile\"", DIAGRAM_OVERLAY,
                           ", \"from_sha256\": \"\"");
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, PROVIDER, "overlay.save", fresh_first);
  /* …a second editor that also saw nothing is refused, as is a wrong hash. */
  assert_refused (PROVIDER, fresh_first, AX_MODEL_ERROR_STALE, "changed on another desk");
  stale = save_args (CHART_ID, "\"diagram\": \"profile\"", DIAGRAM_OVERLAY,
                     ", \"from_sha256\": \"0000000000000000000000000000000000000000000000000000000000000000\"");
  assert_refused (PROVIDER, stale, AX_MODEL_ERROR_STALE, "reload it");
  args = save_args (CHART_ID, "\"diagram\": \"profile\"", DIAGRAM_OVERLAY,
                    ", \"from_version\": 3");
  assert_refused (PROVIDER, args, AX_MODEL_ERROR_STALE, "changed on another desk");
}
END_TEST

START_TEST (test_malformed_overlay_refused)
{
  g_autofree char *bad_line = NULL;
  g_autofree char *bad_json = NULL;
  g_autofree char *wrong_space = NULL;
  g_autofree char *both = NULL;
  g_autofree char *neither = NULL;

  setup_charts ();
  bad_line = save_args (CHART_ID, "\"diagram\": \"front\"",
                        "{\"version\":1,\"space\":{\"width\":1000,\"height\":1300},\"items\":["
                        "{\"id\":\"a\",\"kind\":\"text\",\"x\":1,\"y\":1,\"text\":\"t\"},"
                        "{\"id\":\"b\",\"kind\":\"text\",\"x\":1,\"y\":1,\"text\":\"t\"},"
                        "{\"id\":\"c\",\"kind\":\"line\",\"points\":[[1,1]]}]}", NULL);
  assert_refused (PROVIDER, bad_line, AX_MODEL_ERROR_INVALID_ARGS,
                  "Overlay item 3 (line): it needs exactly 2 points");
  bad_json = save_args (CHART_ID, "\"diagram\": \"front\"", "{\"version\":", NULL);
  assert_refused (PROVIDER, bad_json, AX_MODEL_ERROR_INVALID_ARGS, "not valid JSON");
  /* The diagram is 1000×1300; the photo 4000×6000. */
  wrong_space = save_args (CHART_ID, "\"photo_id\": \"" PHOTO_ID "\"", DIAGRAM_OVERLAY, NULL);
  assert_refused (PROVIDER, wrong_space, AX_MODEL_ERROR_INVALID_ARGS,
                  "drawn on a 1000×1300 image, but the photo is 4000×6000");
  both = save_args (CHART_ID, "\"diagram\": \"front\", \"photo_id\": \"" PHOTO_ID "\"",
                    DIAGRAM_OVERLAY, NULL);
  assert_refused (PROVIDER, both, AX_MODEL_ERROR_INVALID_ARGS, "either a photo");
  neither = g_strdup ("{\"chart_id\": \"" CHART_ID "\", \"overlay_json\": \"{}\"}");
  assert_refused (PROVIDER, neither, AX_MODEL_ERROR_INVALID_ARGS, "either a photo");
  {
    g_autofree char *diagram = save_args (CHART_ID, "\"diagram\": \"back\"", DIAGRAM_OVERLAY, NULL);
    g_autofree char *other = save_args (CHART_ID, "\"photo_id\": \"" OTHER_PHOTO_ID "\"",
                                        "{\"version\":1,\"space\":{\"width\":4000,"
                                        "\"height\":6000},\"items\":[]}", NULL);
    g_autofree char *missing = save_args ("019cd5a0-0000-7000-8000-00000000dead",
                                          "\"diagram\": \"front\"", DIAGRAM_OVERLAY, NULL);

    assert_refused (PROVIDER, diagram, AX_MODEL_ERROR_INVALID_ARGS, "front, profile");
    assert_refused (PROVIDER, other, AX_MODEL_ERROR_RULE, "another patient");
    assert_refused (PROVIDER, missing, AX_MODEL_ERROR_NOT_FOUND, "no chart");
  }
}
END_TEST

START_TEST (test_only_draft_charts)
{
  g_autofree char *signed_args = NULL;
  g_autofree char *submitted_args = NULL;

  setup_charts ();
  signed_args = save_args (SIGNED_ID, "\"diagram\": \"front\"", DIAGRAM_OVERLAY, NULL);
  assert_refused (PROVIDER, signed_args, AX_MODEL_ERROR_RULE,
                  "it can't be changed. Create an amendment instead.");
  assert_refused (OWNER, signed_args, AX_MODEL_ERROR_RULE, "This chart was signed on");
  submitted_args = save_args (SUBMIT_ID, "\"diagram\": \"front\"", DIAGRAM_OVERLAY, NULL);
  assert_refused (PROVIDER, submitted_args, AX_MODEL_ERROR_RULE,
                  "waiting for the medical director's sign-off");
}
END_TEST

START_TEST (test_permissions)
{
  g_autofree char *args = NULL;

  setup_charts ();
  args = save_args (CHART_ID, "\"diagram\": \"front\"", DIAGRAM_OVERLAY, NULL);
  assert_refused (DIRECTOR, args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (FRONT_DESK, args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (BILLING, args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (READ_ONLY, args, AX_MODEL_ERROR_FORBIDDEN, "");
  {
    g_autoptr (JsonNode) r = ax_fixture_mutate (&f, PROVIDER, "overlay.save", args);
    g_autoptr (GPtrArray) rows = query (CHART_ID);

    ck_assert_uint_eq (rows->len, 1);
  }
}
END_TEST

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

START_TEST (test_query_async)
{
  g_autofree char *args = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;

  setup_charts ();
  args = save_args (CHART_ID, "\"diagram\": \"front\"", DIAGRAM_OVERLAY, NULL);
  r = ax_fixture_mutate (&f, PROVIDER, "overlay.save", args);
  ax_overlays_query_async (f.store, CHART_ID, NULL, query_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  rows = ax_overlays_query_finish (f.store, result, &error);
  ck_assert_msg (rows != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (rows->len, 1);
  ck_assert_str_eq (((AxStoredOverlay *) rows->pdata[0])->diagram, "front");
}
END_TEST

AX_TEST_MAIN_FIXTURE ("overlays", setup, teardown, test_save_round_trip, test_stale_save_refused,
                      test_malformed_overlay_refused, test_only_draft_charts, test_permissions,
                      test_query_async)
