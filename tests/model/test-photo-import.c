/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing photo files: JPEG and PNG in, anything else and damaged files
 * refused with nothing stored, EXIF orientation, thumbnails (made, cached,
 * made again), and the whole import ending in photo.add. */
#include <string.h>
#include <utime.h>

#include "ax-fixture.h"
#include "ax-test-photos.h"
#include "ax-photo-import.h"
#include "ax-photos.h"

AX_FIXTURE_DEFINE

static char *patient_id;
static char *thumbs;

static void
import_setup (void)
{
  setup ();
  patient_id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                     "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  thumbs = g_build_filename (f.dir, "thumbs", NULL);
}

static void
import_teardown (void)
{
  g_clear_pointer (&patient_id, g_free);
  g_clear_pointer (&thumbs, g_free);
  teardown ();
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      n += g_file_test (path, G_FILE_TEST_IS_DIR) ? count_files (path) : 1;
    }
  return n;
}

static char *
test_file (const char *name)
{
  return g_build_filename (f.dir, name, NULL);
}

static AxPhotoFile *
process (const char *path,
         GError    **error)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  return ax_photo_file_process (blobs, file, thumbs, NULL, error);
}

static void
assert_thumbnail (const AxPhotoFile *pf,
                  int                width,
                  int                height)
{
  g_autoptr (GdkPixbuf) thumb = gdk_pixbuf_new_from_file (pf->thumbnail_path, NULL);

  ck_assert_msg (thumb != NULL, "no thumbnail at %s", pf->thumbnail_path);
  ck_assert_int_eq (gdk_pixbuf_get_width (thumb), width);
  ck_assert_int_eq (gdk_pixbuf_get_height (thumb), height);
}

START_TEST (test_jpeg)
{
  g_autofree char *path = test_file ("front.jpg");
  g_autoptr (GError) error = NULL;
  g_autoptr (AxPhotoFile) pf = NULL;
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *want_thumb = NULL;
  g_autoptr (GBytes) stored = NULL;
  gsize size;

  ck_assert (ax_test_photo_save (path, "jpeg", 600, 400, 0xffd0b0));
  ck_assert (g_file_get_contents (path, &contents, &size, NULL));
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, size);

  pf = process (path, &error);
  ck_assert_msg (pf != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (pf->display_name, "front.jpg");
  ck_assert_str_eq (pf->mime, "image/jpeg");
  ck_assert_str_eq (pf->sha256, expected);
  ck_assert_int_eq (pf->size, size);
  ck_assert_int_eq (pf->width, 600);
  ck_assert_int_eq (pf->height, 400);
  ck_assert_int_eq (pf->orientation, 1);
  ck_assert_int_gt (pf->taken_ms, 0);
  want_thumb = g_strdup_printf ("%s/%s.png", thumbs, expected);
  ck_assert_str_eq (pf->thumbnail_path, want_thumb);
  assert_thumbnail (pf, 320, 213);

  /* The original bytes, unchanged. */
  stored = ax_blob_store_read (blobs, pf->sha256, &error);
  ck_assert_ptr_nonnull (stored);
  ck_assert_uint_eq (g_bytes_get_size (stored), size);
  ck_assert (memcmp (g_bytes_get_data (stored, NULL), contents, size) == 0);

  /* The thumbnail is a blob too, the same bytes as the cached file. */
  ck_assert_ptr_nonnull (pf->thumbnail_sha256);
  g_clear_pointer (&stored, g_bytes_unref);
  g_clear_pointer (&contents, g_free);
  stored = ax_blob_store_read (blobs, pf->thumbnail_sha256, &error);
  ck_assert_ptr_nonnull (stored);
  ck_assert (g_file_get_contents (pf->thumbnail_path, &contents, &size, NULL));
  ck_assert_uint_eq (g_bytes_get_size (stored), size);
  ck_assert_int_eq (pf->thumbnail_size, size);
  ck_assert (memcmp (g_bytes_get_data (stored, NULL), contents, size) == 0);
}
END_TEST

START_TEST (test_png_small_not_enlarged)
{
  /* A PNG named .jpg: the contents decide. */
  g_autofree char *path = test_file ("scan.jpg");
  g_autoptr (GError) error = NULL;
  g_autoptr (AxPhotoFile) pf = NULL;

  ck_assert (ax_test_photo_save (path, "png", 100, 50, 0xb0d0ff));
  pf = process (path, &error);
  ck_assert_msg (pf != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (pf->mime, "image/png");
  ck_assert_int_eq (pf->width, 100);
  ck_assert_int_eq (pf->height, 50);
  assert_thumbnail (pf, 100, 50);
}
END_TEST

START_TEST (test_exif_orientation)
{
  g_autofree char *path = test_file ("turned.jpg");
  g_autoptr (GError) error = NULL;
  g_autoptr (AxPhotoFile) pf = NULL;
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GdkPixbuf) full = NULL;
  g_autoptr (GdkPixbuf) fit = NULL;

  /* Stored 600×400, to be seen turned a quarter clockwise: 400×600. */
  ck_assert (ax_test_photo_save_oriented (path, 600, 400, 0xffd0b0, 6));
  pf = process (path, &error);
  ck_assert_msg (pf != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (pf->orientation, 6);
  ck_assert_int_eq (pf->width, 400);
  ck_assert_int_eq (pf->height, 600);
  assert_thumbnail (pf, 213, 320);

  full = ax_photo_decode (blobs, pf->sha256, 0, &error);
  ck_assert_msg (full != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (gdk_pixbuf_get_width (full), 400);
  ck_assert_int_eq (gdk_pixbuf_get_height (full), 600);
  /* The dark bar on the stored top left is now on the right, at the top. */
  {
    const guchar *px = gdk_pixbuf_get_pixels (full);
    int stride = gdk_pixbuf_get_rowstride (full);
    int n = gdk_pixbuf_get_n_channels (full);
    const guchar *top_right = px + 10 * stride + 395 * n;
    const guchar *top_left = px + 10 * stride + 5 * n;

    ck_assert_int_lt (top_right[0], 60);
    ck_assert_int_gt (top_left[0], 60);
  }
  fit = ax_photo_decode (blobs, pf->sha256, 150, &error);
  ck_assert_int_eq (gdk_pixbuf_get_width (fit), 100);
  ck_assert_int_eq (gdk_pixbuf_get_height (fit), 150);
}
END_TEST

START_TEST (test_not_a_photo)
{
  g_autofree char *gif = test_file ("x.gif");
  g_autofree char *text = test_file ("notes.jpg");
  g_autofree char *empty = test_file ("empty.png");
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  const char *files[] = { gif, text, empty };
  const char *names[] = { "x.gif", "notes.jpg", "empty.png" };

  ck_assert (g_file_set_contents (gif, "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                                       "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00"
                                       "\x01\x00\x00\x02\x02\x44\x01\x00;", 43, NULL));
  ck_assert (g_file_set_contents (text, "Dear patient, your photos are ready.\n", -1, NULL));
  ck_assert (g_file_set_contents (empty, "", 0, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AxPhotoFile) pf = process (files[i], &error);
      g_autofree char *want = g_strdup_printf ("“%s” is not a JPEG or PNG photo", names[i]);

      ck_assert_ptr_null (pf);
      ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS));
      ck_assert_str_eq (error->message, want);
    }
  ck_assert_uint_eq (count_files (ax_blob_store_get_dir (blobs)), 0);
  ck_assert_uint_eq (count_files (thumbs), 0);
}
END_TEST

START_TEST (test_damaged)
{
  g_autofree char *good = test_file ("good.jpg");
  g_autofree char *cut = test_file ("cut.jpg");
  g_autofree char *garbage = test_file ("garbage.jpg");
  g_autofree char *png_cut = test_file ("cut.png");
  g_autofree char *png_good = test_file ("good.png");
  g_autofree char *contents = NULL;
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  const char *files[] = { cut, garbage, png_cut };
  gsize size;

  ck_assert (ax_test_photo_save (good, "jpeg", 600, 400, 0xffffff));
  ck_assert (g_file_get_contents (good, &contents, &size, NULL));
  ck_assert (g_file_set_contents (cut, contents, size / 3, NULL));
  /* A JPEG start and noise after it. */
  memset (contents + 20, 0x5a, size - 20);
  ck_assert (g_file_set_contents (garbage, contents, size, NULL));
  g_clear_pointer (&contents, g_free);
  ck_assert (ax_test_photo_save (png_good, "png", 300, 200, 0xffffff));
  ck_assert (g_file_get_contents (png_good, &contents, &size, NULL));
  ck_assert (g_file_set_contents (png_cut, contents, size / 2, NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AxPhotoFile) pf = process (files[i], &error);

      ck_assert_msg (pf == NULL, "%s was imported", files[i]);
      ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT),
                     "%s: %s", files[i], error->message);
      ck_assert_msg (strstr (error->message, "could not be read as a photo") != NULL
                     && strstr (error->message, "damaged or incomplete") != NULL, "%s",
                     error->message);
    }
  ck_assert_uint_eq (count_files (ax_blob_store_get_dir (blobs)), 0);
  ck_assert_uint_eq (count_files (thumbs), 0);
}
END_TEST

START_TEST (test_thumbnail_made_again)
{
  g_autofree char *path = test_file ("turned.jpg");
  g_autoptr (GError) error = NULL;
  g_autoptr (AxPhotoFile) pf = NULL;
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GdkPixbuf) cached = NULL;
  g_autoptr (GdkPixbuf) again = NULL;

  ck_assert (ax_test_photo_save_oriented (path, 800, 600, 0xffd0b0, 8));
  pf = process (path, &error);
  ck_assert_ptr_nonnull (pf);
  cached = ax_photo_thumbnail_load (blobs, thumbs, pf->sha256, &error);
  ck_assert_int_eq (gdk_pixbuf_get_width (cached), 240);
  ck_assert_int_eq (gdk_pixbuf_get_height (cached), 320);

  ck_assert_int_eq (g_remove (pf->thumbnail_path), 0);
  again = ax_photo_thumbnail_load (blobs, thumbs, pf->sha256, &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (gdk_pixbuf_get_width (again), 240);
  ck_assert_int_eq (gdk_pixbuf_get_height (again), 320);
  ck_assert (g_file_test (pf->thumbnail_path, G_FILE_TEST_IS_REGULAR));
}
END_TEST

typedef struct
{
  char   *id;
  GError *error;
  gboolean done;
} Waiter;

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *w = user_data;

  w->id = ax_photo_import_finish (AX_STORE (source), result, &w->error);
  w->done = TRUE;
}

static char *
import_async (const char *path,
              AxRole      role,
              GError    **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  Waiter w = { 0 };

  ax_photo_import_async (f.store, f.actors[role], patient_id, file, NULL, imported_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.id;
}

START_TEST (test_import_async)
{
  g_autofree char *path = test_file ("IMG_0001.JPG");
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autofree char *refused = NULL;
  g_autoptr (AxPhoto) photo = NULL;
  g_autofree char *thumb = NULL;

  ck_assert (ax_test_photo_save_oriented (path, 640, 480, 0xffd0b0, 6));
  /* Taken (last written) yesterday, by the fixture's clock. */
  {
    struct utimbuf times = { AX_FIXTURE_NOW_MS / 1000 - 86400, AX_FIXTURE_NOW_MS / 1000 - 86400 };
    ck_assert_int_eq (g_utime (path, &times), 0);
  }
  id = import_async (path, PROVIDER, &error);
  ck_assert_msg (id != NULL, "%s", error ? error->message : "");
  photo = ax_photo_query (ax_store_get_db (f.store), id, &error);
  ck_assert_ptr_nonnull (photo);
  ck_assert_str_eq (photo->patient_id, patient_id);
  ck_assert_int_eq (photo->width, 480);
  ck_assert_int_eq (photo->height, 640);
  ck_assert_str_eq (photo->mime, "image/jpeg");
  ck_assert_ptr_null (photo->view_tag);
  ck_assert_int_eq (photo->taken_ms, AX_FIXTURE_NOW_MS - 86400000);
  ck_assert (ax_blob_store_is_registered (ax_store_get_db (f.store), photo->blob_sha256));
  thumb = ax_photo_thumbnail_path (NULL, photo->blob_sha256);
  ck_assert (g_file_test (thumb, G_FILE_TEST_IS_REGULAR));

  /* The same file again: refused, named. */
  again = import_async (path, PROVIDER, &error);
  ck_assert_ptr_null (again);
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_DUPLICATE));
  ck_assert_msg (g_str_has_prefix (error->message, "IMG_0001.JPG: "), "%s", error->message);
  g_clear_error (&error);

  /* The front desk may not add photos. */
  {
    g_autofree char *other = test_file ("other.png");

    ck_assert (ax_test_photo_save (other, "png", 64, 64, 0x808080));
    refused = import_async (other, FRONT_DESK, &error);
    ck_assert_ptr_null (refused);
    ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN));
  }
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM photos"), 1);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = {
    test_jpeg, test_png_small_not_enlarged, test_exif_orientation, test_not_a_photo,
    test_damaged, test_thumbnail_made_again, test_import_async,
  };
  g_autofree char *cache = g_dir_make_tmp ("ax-test-cache-XXXXXX", NULL);
  int failed;

  /* The thumbnail cache of the async import, away from the user's. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  failed = ax_test_run ("photo-import", import_setup, import_teardown, tests, G_N_ELEMENTS (tests));
  ax_test_remove_dir (cache);
  return failed;
}
