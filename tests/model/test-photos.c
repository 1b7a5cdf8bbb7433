/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Clinical photos: photo.add, photo.update and photo.remove with their
 * rules, permissions and bad input, and the photo queries. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-blob-store.h"
#include "ax-photos.h"

AX_FIXTURE_DEFINE

#define HOUR_MS (3600 * G_GINT64_CONSTANT (1000))
#define DAY_MS (24 * HOUR_MS)

#define ALL_ROWS                                                                          \
  "SELECT (SELECT COUNT (*) FROM photos) + (SELECT COUNT (*) FROM outbox) "               \
  "     + (SELECT COUNT (*) FROM outbox_effect) + (SELECT COUNT (*) FROM audit_log)"

static char *patient_id;
static char *other_patient_id;
static char *blob_a;
static char *blob_b;

static void
assert_refused (AxRole      role,
                const char *name,
                const char *args,
                int         code,
                const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  gint64 before = ax_fixture_count (&f, ALL_ROWS);
  g_autofree char *rows_before = ax_fixture_dump (&f, "photos");
  g_autofree char *rows_after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s %s: wrong error “%s” (%d)",
                 name, args, error->message, error->code);
  ck_assert_msg (strstr (error->message, message_part) != NULL,
                 "“%s” does not mention “%s”", error->message, message_part);
  ck_assert_int_eq (ax_fixture_count (&f, ALL_ROWS), before);
  rows_after = ax_fixture_dump (&f, "photos");
  ck_assert_str_eq (rows_before, rows_after);
}

static char *
store_blob (const char *content)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GBytes) bytes = g_bytes_new (content, strlen (content));
  g_autoptr (GError) error = NULL;
  char *sha = ax_blob_store_put_bytes (blobs, bytes, &error);

  ck_assert_msg (sha != NULL, "%s", error ? error->message : "");
  ck_assert (ax_blob_store_register (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id,
                                     sha, strlen (content), "image/jpeg", AX_FIXTURE_NOW_MS,
                                     &error));
  return sha;
}

static void
photos_setup (void)
{
  setup ();
  patient_id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                     "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  other_patient_id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                           "{\"first_name\": \"Malee\", \"last_name\": \"Chai\"}");
  blob_a = store_blob ("photo A bytes");
  blob_b = store_blob ("photo B bytes");
}

static void
photos_teardown (void)
{
  g_clear_pointer (&patient_id, g_free);
  g_clear_pointer (&other_patient_id, g_free);
  g_clear_pointer (&blob_a, g_free);
  g_clear_pointer (&blob_b, g_free);
  teardown ();
}

static char *
add_photo (AxRole      role,
           const char *blob,
           const char *view_tag,
           gint64      taken_ms)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", "
                                           "\"mime\": \"image/jpeg\", \"width\": 4000, "
                                           "\"height\": 6000, \"view_tag\": \"%s\", "
                                           "\"taken_at\": %" G_GINT64_FORMAT "}",
                                           patient_id, blob, view_tag, taken_ms);

  return ax_fixture_mutate_id (&f, role, "photo.add", args);
}

static GPtrArray *
query (const char *view_tag)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *photos = ax_photos_query (ax_store_get_db (f.store), patient_id, view_tag, &error);

  ck_assert_msg (photos != NULL, "%s", error ? error->message : "");
  return photos;
}

START_TEST (test_add_and_query)
{
  g_autofree char *older = add_photo (PROVIDER, blob_a, "front", AX_FIXTURE_NOW_MS - 30 * DAY_MS);
  g_autofree char *newer = add_photo (OWNER, blob_b, "left45", AX_FIXTURE_NOW_MS - HOUR_MS);
  g_autoptr (GPtrArray) all = query (NULL);
  g_autoptr (GPtrArray) fronts = query ("front");
  g_autoptr (GPtrArray) rights = query ("right");
  g_autoptr (AxPhoto) one = NULL;
  g_autoptr (GError) error = NULL;
  AxPhoto *p;

  ck_assert_uint_eq (all->len, 2);
  p = all->pdata[0];   /* newest first */
  ck_assert_str_eq (p->id, newer);
  ck_assert_str_eq (p->view_tag, "left45");
  p = all->pdata[1];
  ck_assert_str_eq (p->id, older);
  ck_assert_str_eq (p->blob_sha256, blob_a);
  ck_assert_str_eq (p->mime, "image/jpeg");
  ck_assert_int_eq (p->width, 4000);
  ck_assert_int_eq (p->height, 6000);
  ck_assert_int_eq (p->taken_ms, AX_FIXTURE_NOW_MS - 30 * DAY_MS);
  ck_assert (!p->marketing_consent);
  ck_assert_ptr_null (p->caption);
  ck_assert_ptr_null (p->chart_id);
  ck_assert_int_eq (p->created_ms, AX_FIXTURE_NOW_MS);

  ck_assert_uint_eq (fronts->len, 1);
  ck_assert_str_eq (((AxPhoto *) fronts->pdata[0])->id, older);
  ck_assert_uint_eq (rights->len, 0);

  one = ax_photo_query (ax_store_get_db (f.store), newer, &error);
  ck_assert_ptr_nonnull (one);
  ck_assert_str_eq (one->blob_sha256, blob_b);
  /* One outbox entry per photo; nothing for the other patient. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'photo.add'"), 2);
  {
    g_autoptr (GPtrArray) none = ax_photos_query (ax_store_get_db (f.store), other_patient_id,
                                                  NULL, NULL);
    ck_assert_uint_eq (none->len, 0);
  }
}
END_TEST

START_TEST (test_add_optional_fields)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", "
                                           "\"mime\": \"image/png\", \"width\": 10, \"height\": 20, "
                                           "\"marketing_consent\": true, \"caption\": \"  Day 14 \"}",
                                           patient_id, blob_a);
  g_autofree char *id = ax_fixture_mutate_id (&f, PROVIDER, "photo.add", args);
  g_autoptr (AxPhoto) p = ax_photo_query (ax_store_get_db (f.store), id, NULL);

  ck_assert_ptr_nonnull (p);
  ck_assert_ptr_null (p->view_tag);
  ck_assert_int_eq (p->taken_ms, 0);
  ck_assert_int_eq (ax_photo_get_time_ms (p), AX_FIXTURE_NOW_MS);
  ck_assert (p->marketing_consent);
  ck_assert_str_eq (p->caption, "Day 14");
}
END_TEST

/* The thumbnail's blob is named on the row (the blob worker fetches it on
 * other desks). */
START_TEST (test_add_thumbnail)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", "
                                           "\"mime\": \"image/png\", \"width\": 10, \"height\": 20, "
                                           "\"thumb_sha256\": \"%s\"}", patient_id, blob_a, blob_b);
  g_autofree char *id = ax_fixture_mutate_id (&f, PROVIDER, "photo.add", args);
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM photos WHERE id = '%s' "
                                          "AND thumb_sha256 = '%s'", id, blob_b);

  ck_assert_int_eq (ax_fixture_count (&f, sql), 1);
}
END_TEST

START_TEST (test_add_permissions)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", "
                                           "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 1}",
                                           patient_id, blob_a);

  assert_refused (FRONT_DESK, "photo.add", args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (BILLING, "photo.add", args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (DIRECTOR, "photo.add", args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (READ_ONLY, "photo.add", args, AX_MODEL_ERROR_FORBIDDEN, "");
  json_node_unref (ax_fixture_mutate (&f, PROVIDER, "photo.add", args));
}
END_TEST

START_TEST (test_add_bad_input)
{
  g_autofree char *unknown_blob = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "nope", -1);
  g_autofree char *a = NULL;
  struct { const char *extra; int code; const char *part; } cases[] = {
    { "\"mime\": \"image/gif\", \"width\": 1, \"height\": 1", AX_MODEL_ERROR_INVALID_ARGS, "mime" },
    { "\"mime\": \"image/jpeg\", \"width\": 0, \"height\": 1", AX_MODEL_ERROR_INVALID_ARGS, "width" },
    { "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 200000", AX_MODEL_ERROR_INVALID_ARGS, "height" },
    { "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 1, \"view_tag\": \"back\"", AX_MODEL_ERROR_INVALID_ARGS, "view_tag" },
    { "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 1, \"taken_at\": 9999999999999", AX_MODEL_ERROR_INVALID_ARGS, "in the future" },
    { "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 1, \"marketing_consent\": \"yes\"", AX_MODEL_ERROR_INVALID_ARGS, "marketing_consent" },
    { "\"width\": 1, \"height\": 1", AX_MODEL_ERROR_INVALID_ARGS, "mime" },
    { "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 1, \"thumb_sha256\": \"ABCDEF\"", AX_MODEL_ERROR_INVALID_ARGS, "thumb_sha256" },
    { "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 1, \"thumb_sha256\": 7", AX_MODEL_ERROR_INVALID_ARGS, "thumb_sha256" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", %s}",
                                               patient_id, blob_a, cases[i].extra);
      assert_refused (PROVIDER, "photo.add", args, cases[i].code, cases[i].part);
    }

  /* Not a hash; a hash of nothing stored here; no such patient. */
  a = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", \"mime\": \"image/jpeg\", "
                       "\"width\": 1, \"height\": 1}", patient_id, "ABCDEF");
  assert_refused (PROVIDER, "photo.add", a, AX_MODEL_ERROR_INVALID_ARGS, "blob_sha256");
  g_free (a);
  a = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", \"mime\": \"image/jpeg\", "
                       "\"width\": 1, \"height\": 1}", patient_id, unknown_blob);
  assert_refused (PROVIDER, "photo.add", a, AX_MODEL_ERROR_NOT_FOUND, "import the photo again");
  g_free (a);
  a = g_strdup_printf ("{\"patient_id\": \"019cd5a0-0000-7000-8000-00000000dead\", "
                       "\"blob_sha256\": \"%s\", \"mime\": \"image/jpeg\", \"width\": 1, "
                       "\"height\": 1}", blob_a);
  assert_refused (PROVIDER, "photo.add", a, AX_MODEL_ERROR_NOT_FOUND, "patient");
}
END_TEST

START_TEST (test_add_duplicate)
{
  g_autofree char *id = add_photo (PROVIDER, blob_a, "front", AX_FIXTURE_NOW_MS);
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", "
                                           "\"mime\": \"image/jpeg\", \"width\": 1, \"height\": 1}",
                                           patient_id, blob_a);
  g_autofree char *remove = g_strdup_printf ("{\"id\": \"%s\"}", id);

  assert_refused (PROVIDER, "photo.add", args, AX_MODEL_ERROR_DUPLICATE, "already among");
  /* Removed, the same file can be added again. */
  json_node_unref (ax_fixture_mutate (&f, PROVIDER, "photo.remove", remove));
  json_node_unref (ax_fixture_mutate (&f, PROVIDER, "photo.add", args));
}
END_TEST

START_TEST (test_charts)
{
  g_autofree char *args = NULL;
  g_autofree char *id = NULL;
  g_autofree char *remove = NULL;
  const char *clinic = ax_store_get_clinic (f.store)->id;
  g_autofree char *insert = g_strdup_printf (
    "INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, status, visit_at) VALUES "
    "('019cd5a0-0000-7000-8000-0000000c0001', '%s', 0, '0', '%s', 'draft', 0), "
    "('019cd5a0-0000-7000-8000-0000000c0002', '%s', 0, '0', '%s', 'draft', 0), "
    "('019cd5a0-0000-7000-8000-0000000c0003', '%s', 0, '0', '%s', 'md_signed', 0)",
    clinic, patient_id, clinic, other_patient_id, clinic, patient_id);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (ax_db_exec (ax_store_get_db (f.store), insert, &error), "%s",
                 error ? error->message : "");

  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", \"mime\": \"image/jpeg\", "
                          "\"width\": 1, \"height\": 1, \"chart_id\": "
                          "\"019cd5a0-0000-7000-8000-0000000c0002\"}", patient_id, blob_a);
  assert_refused (PROVIDER, "photo.add", args, AX_MODEL_ERROR_INVALID_ARGS, "another patient");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", \"mime\": \"image/jpeg\", "
                          "\"width\": 1, \"height\": 1, \"chart_id\": "
                          "\"019cd5a0-0000-7000-8000-0000000c0003\"}", patient_id, blob_a);
  assert_refused (PROVIDER, "photo.add", args, AX_MODEL_ERROR_RULE, "signed");
  g_free (args);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"blob_sha256\": \"%s\", \"mime\": \"image/jpeg\", "
                          "\"width\": 1, \"height\": 1, \"chart_id\": "
                          "\"019cd5a0-0000-7000-8000-0000000c0001\"}", patient_id, blob_a);
  id = ax_fixture_mutate_id (&f, PROVIDER, "photo.add", args);

  /* Once its chart is signed, the photo stays. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store),
                         "UPDATE charts SET status = 'md_signed' "
                         " WHERE id = '019cd5a0-0000-7000-8000-0000000c0001'", NULL));
  remove = g_strdup_printf ("{\"id\": \"%s\"}", id);
  assert_refused (OWNER, "photo.remove", remove, AX_MODEL_ERROR_RULE, "signed chart");
}
END_TEST

START_TEST (test_update)
{
  g_autofree char *id = add_photo (PROVIDER, blob_a, "front", AX_FIXTURE_NOW_MS);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"view_tag\": \"left\", "
                                           "\"marketing_consent\": true, \"caption\": \"Week 2\"}, "
                                           "\"from\": {\"view_tag\": \"front\", "
                                           "\"marketing_consent\": false, \"caption\": null}}", id);
  g_autofree char *stale = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"view_tag\": \"right\"}, "
                                            "\"from\": {\"view_tag\": \"front\"}}", id);
  g_autoptr (AxPhoto) p = NULL;
  gint64 audits = ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log "
                                        " WHERE action = 'photo.marketing_consent'");

  json_node_unref (ax_fixture_mutate (&f, PROVIDER, "photo.update", args));
  p = ax_photo_query (ax_store_get_db (f.store), id, NULL);
  ck_assert_str_eq (p->view_tag, "left");
  ck_assert (p->marketing_consent);
  ck_assert_str_eq (p->caption, "Week 2");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log "
                                          " WHERE action = 'photo.marketing_consent'"), audits + 1);
  /* Someone changed it meanwhile: refused. */
  assert_refused (PROVIDER, "photo.update", stale, AX_MODEL_ERROR_STALE, "view_tag");
}
END_TEST

START_TEST (test_update_refusals)
{
  g_autofree char *id = add_photo (PROVIDER, blob_a, "front", AX_FIXTURE_NOW_MS);
  g_autofree char *ok = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"view_tag\": \"left\"}, "
                                         "\"from\": {\"view_tag\": \"front\"}}", id);
  g_autofree char *bad_tag = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"view_tag\": \"top\"}}", id);
  g_autofree char *bad_field = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"width\": 5}}", id);
  g_autofree char *null_consent = g_strdup_printf ("{\"id\": \"%s\", \"set\": "
                                                   "{\"marketing_consent\": null}}", id);

  assert_refused (FRONT_DESK, "photo.update", ok, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (DIRECTOR, "photo.update", ok, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (PROVIDER, "photo.update", bad_tag, AX_MODEL_ERROR_INVALID_ARGS, "view_tag");
  assert_refused (PROVIDER, "photo.update", bad_field, AX_MODEL_ERROR_INVALID_ARGS, "width");
  assert_refused (PROVIDER, "photo.update", null_consent, AX_MODEL_ERROR_INVALID_ARGS,
                  "marketing_consent");
  assert_refused (PROVIDER, "photo.update",
                  "{\"id\": \"019cd5a0-0000-7000-8000-00000000dead\", \"set\": {\"caption\": \"x\"}}",
                  AX_MODEL_ERROR_NOT_FOUND, "photo");
}
END_TEST

START_TEST (test_remove)
{
  g_autofree char *id = add_photo (PROVIDER, blob_a, "front", AX_FIXTURE_NOW_MS);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", id);
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxPhoto) gone = NULL;

  assert_refused (FRONT_DESK, "photo.remove", args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (DIRECTOR, "photo.remove", args, AX_MODEL_ERROR_FORBIDDEN, "");
  assert_refused (READ_ONLY, "photo.remove", args, AX_MODEL_ERROR_FORBIDDEN, "");
  json_node_unref (ax_fixture_mutate (&f, PROVIDER, "photo.remove", args));
  after = query (NULL);
  ck_assert_uint_eq (after->len, 0);
  gone = ax_photo_query (ax_store_get_db (f.store), id, &error);
  ck_assert_ptr_null (gone);
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND));
  /* Soft: the row and its file stay. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM photos WHERE deleted_at IS NOT NULL"), 1);
  assert_refused (PROVIDER, "photo.remove", args, AX_MODEL_ERROR_NOT_FOUND, "photo");
  assert_refused (PROVIDER, "photo.remove", "{\"id\": \"not-a-uuid\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "id");
}
END_TEST

int
main (void)
{
  const TTest *tests[] = {
    test_add_and_query, test_add_optional_fields, test_add_thumbnail, test_add_permissions, test_add_bad_input,
    test_add_duplicate, test_charts, test_update, test_update_refusals, test_remove,
  };

  return ax_test_run ("photos", photos_setup, photos_teardown, tests, G_N_ELEMENTS (tests));
}
