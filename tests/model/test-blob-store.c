/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The local blob store: where blobs go, one file per content, read-only
 * files, the blobs index, tampered and missing files. */
#include <string.h>
#include <sys/stat.h>

#include "ax-fixture.h"
#include "ax-blob-store.h"

AX_FIXTURE_DEFINE

/* SHA-256 of "hello photo" */
#define HELLO "hello photo"

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

START_TEST (test_layout)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GBytes) bytes = g_bytes_new_static (HELLO, strlen (HELLO));
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, HELLO, -1);
  g_autofree char *dir = g_build_filename (f.dir, "store.db.blobs", NULL);
  g_autofree char *sha = NULL;
  g_autofree char *path = NULL;
  g_autofree char *want_path = NULL;
  char shard[3] = { 0 };

  ck_assert_str_eq (ax_blob_store_get_dir (blobs), dir);
  sha = ax_blob_store_put_bytes (blobs, bytes, &error);
  ck_assert_msg (sha != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (sha, expected);
  memcpy (shard, sha, 2);
  want_path = g_build_filename (dir, shard, sha, NULL);
  path = ax_blob_store_get_path (blobs, sha);
  ck_assert_str_eq (path, want_path);
  ck_assert (ax_blob_store_contains (blobs, sha));
}
END_TEST

START_TEST (test_put_twice_one_file)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GBytes) bytes = g_bytes_new_static (HELLO, strlen (HELLO));
  g_autoptr (GError) error = NULL;
  g_autofree char *src = g_build_filename (f.dir, "hello.jpg", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (src);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  gint64 size = 0;

  a = ax_blob_store_put_bytes (blobs, bytes, &error);
  ck_assert_ptr_nonnull (a);
  b = ax_blob_store_put_bytes (blobs, bytes, &error);
  ck_assert_ptr_nonnull (b);
  ck_assert_str_eq (a, b);
  /* The same bytes from a file (hashed while copied) are the same blob. */
  ck_assert (g_file_set_contents (src, HELLO, -1, NULL));
  c = ax_blob_store_put_file (blobs, file, &size, NULL, &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (a, c);
  ck_assert_int_eq (size, strlen (HELLO));
  ck_assert_uint_eq (count_files (ax_blob_store_get_dir (blobs)), 1);
}
END_TEST

START_TEST (test_read_only_and_read_back)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GError) error = NULL;
  g_autofree char *src = g_build_filename (f.dir, "big.bin", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (src);
  g_autofree guint8 *data = g_malloc (700 * 1024);
  g_autofree char *sha = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GBytes) back = NULL;
  GStatBuf st;
  gint64 size = 0;

  /* More than one copy chunk. */
  for (gsize i = 0; i < 700 * 1024; i++)
    data[i] = (guint8) (i * 7 + i / 1000);
  ck_assert (g_file_set_contents (src, (char *) data, 700 * 1024, NULL));
  sha = ax_blob_store_put_file (blobs, file, &size, NULL, &error);
  ck_assert_msg (sha != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (size, 700 * 1024);
  {
    g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, 700 * 1024);
    ck_assert_str_eq (sha, expected);
  }
  path = ax_blob_store_get_path (blobs, sha);
  ck_assert_int_eq (g_stat (path, &st), 0);
  ck_assert_int_eq (st.st_mode & 0777, 0444);

  back = ax_blob_store_read (blobs, sha, &error);
  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (g_bytes_get_size (back), 700 * 1024);
  ck_assert (memcmp (g_bytes_get_data (back, NULL), data, 700 * 1024) == 0);
  ck_assert (ax_blob_store_verify (blobs, sha, &error));
}
END_TEST

START_TEST (test_tampered)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GBytes) bytes = g_bytes_new_static (HELLO, strlen (HELLO));
  g_autoptr (GError) error = NULL;
  g_autofree char *sha = ax_blob_store_put_bytes (blobs, bytes, NULL);
  g_autofree char *path = ax_blob_store_get_path (blobs, sha);
  g_autofree char *other = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "hello phot0", -1);

  ck_assert (ax_blob_store_verify (blobs, sha, NULL));
  ck_assert_int_eq (g_chmod (path, 0644), 0);
  ck_assert (g_file_set_contents (path, "hello phot0", -1, NULL));
  ck_assert (!ax_blob_store_verify (blobs, sha, &error));
  ck_assert (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_CHANGED));
  ck_assert_msg (strstr (error->message, "has been changed on disk") != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, sha) != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, other) != NULL, "%s", error->message);
}
END_TEST

START_TEST (test_missing)
{
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "never stored", -1);
  g_autoptr (GBytes) none = NULL;
  g_autoptr (GInputStream) in = NULL;

  ck_assert (!ax_blob_store_contains (blobs, sha));
  none = ax_blob_store_read (blobs, sha, &error);
  ck_assert_ptr_null (none);
  ck_assert (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_MISSING));
  ck_assert_msg (strstr (error->message, "is not on this computer") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (!ax_blob_store_verify (blobs, sha, &error));
  ck_assert (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_MISSING));
  g_clear_error (&error);
  in = ax_blob_store_open (blobs, "../../etc/passwd", &error);
  ck_assert_ptr_null (in);
  ck_assert (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_INVALID));
  g_clear_error (&error);
  /* A file that cannot be read stores nothing. */
  {
    g_autofree char *src = g_build_filename (f.dir, "gone.jpg", NULL);
    g_autoptr (GFile) file = g_file_new_for_path (src);
    g_autofree char *put = ax_blob_store_put_file (blobs, file, NULL, NULL, &error);

    ck_assert_ptr_null (put);
    ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
    ck_assert_uint_eq (count_files (ax_blob_store_get_dir (blobs)), 0);
  }
}
END_TEST

START_TEST (test_register)
{
  AxDb *db = ax_store_get_db (f.store);
  const char *clinic = ax_store_get_clinic (f.store)->id;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, HELLO, -1);
  g_autoptr (GError) error = NULL;
  gint64 outbox = ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox");

  ck_assert (!ax_blob_store_is_registered (db, sha));
  ck_assert (ax_blob_store_register (db, clinic, sha, 11, "image/jpeg", AX_FIXTURE_NOW_MS, &error));
  ck_assert (ax_blob_store_register (db, clinic, sha, 11, "image/jpeg", AX_FIXTURE_NOW_MS, &error));
  ck_assert (ax_blob_store_is_registered (db, sha));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM blobs"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT size FROM blobs"), 11);
  /* Device-local: no mutation, nothing to sync. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox"), outbox);
  ck_assert (!ax_blob_store_register (db, clinic, "ABC", 1, "image/png", 0, &error));
  ck_assert (g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_INVALID));
}
END_TEST

AX_TEST_MAIN_FIXTURE ("blob-store", setup, teardown,
                      test_layout, test_put_twice_one_file, test_read_only_and_read_back,
                      test_tampered, test_missing, test_register)
