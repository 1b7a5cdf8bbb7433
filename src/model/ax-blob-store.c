/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-blob-store.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#define COPY_CHUNK (256 * 1024)
#define BLOB_MODE 0444

struct _AxBlobStore
{
  GObject  parent_instance;
  char    *dir;
};

G_DEFINE_FINAL_TYPE (AxBlobStore, ax_blob_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (ax-blob-error-quark, ax_blob_error)

static void
ax_blob_store_finalize (GObject *object)
{
  AxBlobStore *self = AX_BLOB_STORE (object);

  g_free (self->dir);
  G_OBJECT_CLASS (ax_blob_store_parent_class)->finalize (object);
}

static void
ax_blob_store_class_init (AxBlobStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ax_blob_store_finalize;
}

static void
ax_blob_store_init (AxBlobStore *self)
{
}

AxBlobStore *
ax_blob_store_new (const char *db_path)
{
  AxBlobStore *self;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (AX_TYPE_BLOB_STORE, NULL);
  dir = g_path_get_dirname (db_path);
  base = g_path_get_basename (db_path);
  name = g_strconcat (base, ".blobs", NULL);
  self->dir = g_build_filename (dir, name, NULL);
  return self;
}

const char *
ax_blob_store_get_dir (AxBlobStore *self)
{
  g_return_val_if_fail (AX_IS_BLOB_STORE (self), NULL);
  return self->dir;
}

gboolean
ax_blob_sha256_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != AX_BLOB_SHA256_LEN)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static gboolean
check_sha (const char *sha256,
           GError    **error)
{
  if (ax_blob_sha256_is_valid (sha256))
    return TRUE;
  g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_INVALID,
               _("“%s” is not the name of a stored file (a SHA-256 in hexadecimal)"),
               sha256 ? sha256 : "");
  return FALSE;
}

static char *
shard_dir (AxBlobStore *self,
           const char  *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  return g_build_filename (self->dir, prefix, NULL);
}

char *
ax_blob_store_get_path (AxBlobStore *self,
                        const char  *sha256)
{
  g_autofree char *shard = NULL;

  g_return_val_if_fail (AX_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (ax_blob_sha256_is_valid (sha256), NULL);

  shard = shard_dir (self, sha256);
  return g_build_filename (shard, sha256, NULL);
}

gboolean
ax_blob_store_contains (AxBlobStore *self,
                        const char  *sha256)
{
  g_autofree char *path = NULL;

  if (!ax_blob_sha256_is_valid (sha256))
    return FALSE;
  path = ax_blob_store_get_path (self, sha256);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
make_shard (AxBlobStore *self,
            const char  *sha256,
            GError     **error)
{
  g_autofree char *shard = shard_dir (self, sha256);

  if (g_mkdir_with_parents (shard, 0700) == 0)
    return TRUE;
  g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_IO, _("Cannot create the folder “%s”: %s"),
               shard, g_strerror (errno));
  return FALSE;
}

char *
ax_blob_store_put_bytes (AxBlobStore *self,
                         GBytes      *bytes,
                         GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_autofree char *path = NULL;

  g_return_val_if_fail (AX_IS_BLOB_STORE (self), NULL);

  if (ax_blob_store_contains (self, sha256))
    return g_steal_pointer (&sha256);
  if (!make_shard (self, sha256, error))
    return NULL;
  path = ax_blob_store_get_path (self, sha256);
  /* A temporary file in the same folder, synced, then renamed over. */
  if (!g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 BLOB_MODE, error))
    return NULL;
  return g_steal_pointer (&sha256);
}

static gboolean
set_io_error (GError    **error,
              const char *what,
              const char *path,
              int         saved_errno)
{
  g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_IO, "%s “%s”: %s", what, path,
               g_strerror (saved_errno));
  return FALSE;
}

char *
ax_blob_store_put_file (AxBlobStore  *self,
                        GFile        *file,
                        gint64       *out_size,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (GOutputStream) out = NULL;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK);
  g_autofree char *tmp_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sha256 = NULL;
  gint64 size = 0;
  int fd;

  g_return_val_if_fail (AX_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    return set_io_error (error, _("Cannot create the folder"), self->dir, errno), NULL;
  tmp_path = g_build_filename (self->dir, ".incoming-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_io_error (error, _("Cannot create a file in"), self->dir, errno), NULL;
  out = g_unix_output_stream_new (fd, TRUE);

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), buffer, COPY_CHUNK, cancellable, error);

      if (n < 0)
        goto fail;
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      if (!g_output_stream_write_all (out, buffer, n, NULL, cancellable, error))
        goto fail;
      size += n;
    }
  if (fsync (fd) != 0 || fchmod (fd, BLOB_MODE) != 0)
    {
      set_io_error (error, _("Cannot write"), tmp_path, errno);
      goto fail;
    }
  if (!g_output_stream_close (out, cancellable, error))
    goto fail;

  sha256 = g_strdup (g_checksum_get_string (checksum));
  path = ax_blob_store_get_path (self, sha256);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_unlink (tmp_path);   /* already stored: one file per content */
  else if (!make_shard (self, sha256, error))
    goto fail;
  else if (g_rename (tmp_path, path) != 0)
    {
      set_io_error (error, _("Cannot store"), path, errno);
      goto fail;
    }
  if (out_size != NULL)
    *out_size = size;
  return g_steal_pointer (&sha256);

fail:
  g_output_stream_close (out, NULL, NULL);
  g_unlink (tmp_path);
  return NULL;
}

static gboolean
set_missing (GError    **error,
             const char *sha256)
{
  g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_MISSING,
               _("The file %.12s… is not on this computer (it may not have been downloaded "
                 "from the clinic server yet)"), sha256);
  return FALSE;
}

GBytes *
ax_blob_store_read (AxBlobStore *self,
                    const char  *sha256,
                    GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (AX_IS_BLOB_STORE (self), NULL);

  if (!check_sha (sha256, error))
    return NULL;
  path = ax_blob_store_get_path (self, sha256);
  mapped = g_mapped_file_new (path, FALSE, &local);
  if (mapped == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return set_missing (error, sha256), NULL;
      g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_IO, "%s", local->message);
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

GInputStream *
ax_blob_store_open (AxBlobStore *self,
                    const char  *sha256,
                    GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) local = NULL;
  GFileInputStream *in;

  g_return_val_if_fail (AX_IS_BLOB_STORE (self), NULL);

  if (!check_sha (sha256, error))
    return NULL;
  path = ax_blob_store_get_path (self, sha256);
  file = g_file_new_for_path (path);
  in = g_file_read (file, NULL, &local);
  if (in == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return set_missing (error, sha256), NULL;
      g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_IO, "%s", local->message);
      return NULL;
    }
  return G_INPUT_STREAM (in);
}

gboolean
ax_blob_store_verify (AxBlobStore *self,
                      const char  *sha256,
                      GError     **error)
{
  g_autoptr (GInputStream) in = ax_blob_store_open (self, sha256, error);
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = NULL;
  g_autofree char *path = NULL;
  const char *found;

  if (in == NULL)
    return FALSE;
  buffer = g_malloc (COPY_CHUNK);
  for (;;)
    {
      g_autoptr (GError) local = NULL;
      gssize n = g_input_stream_read (in, buffer, COPY_CHUNK, NULL, &local);

      if (n < 0)
        {
          g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_IO, "%s", local->message);
          return FALSE;
        }
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
    }
  found = g_checksum_get_string (checksum);
  if (g_str_equal (found, sha256))
    return TRUE;
  path = ax_blob_store_get_path (self, sha256);
  g_set_error (error, AX_BLOB_ERROR, AX_BLOB_ERROR_CHANGED,
               _("The photo file “%s” has been changed on disk (expected %s, found %s); "
                 "restore it from a backup or from the clinic server"),
               path, sha256, found);
  return FALSE;
}

gboolean
ax_blob_store_register (AxDb       *db,
                        const char *clinic_id,
                        const char *sha256,
                        gint64      size,
                        const char *mime,
                        gint64      now_ms,
                        GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (clinic_id != NULL && mime != NULL, FALSE);
  if (!check_sha (sha256, error))
    return FALSE;

  stmt = ax_db_prepare (db,
                        "INSERT INTO blobs (sha256, clinic_id, size, mime, created_at, have_local) "
                        "VALUES (?, ?, ?, ?, ?, 1) "
                        "ON CONFLICT (sha256) DO UPDATE SET have_local = 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clinic_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_text (stmt, 4, mime, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, now_ms);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, _("Recording a stored file failed"), error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
ax_blob_store_is_registered (AxDb       *db,
                             const char *sha256)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
                                      "SELECT 1 FROM blobs WHERE sha256 = ? AND have_local = 1",
                                      NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* Upload state */

#define SQL_TO_UPLOAD \
  "FROM blobs b WHERE b.have_local = 1 AND b.uploaded_at IS NULL " \
  "  AND (EXISTS (SELECT 1 FROM photos p WHERE p.blob_sha256 = b.sha256) " \
  "       OR EXISTS (SELECT 1 FROM photos p WHERE p.thumb_sha256 = b.sha256)) "

gboolean
ax_blob_store_next_upload (AxDb    *db,
                           gint64   retry_after_ms,
                           char   **out_sha256,
                           gint64  *out_size,
                           char   **out_mime,
                           GError **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
                                      "SELECT b.sha256, b.size, b.mime " SQL_TO_UPLOAD
                                      "  AND (b.upload_failed_at IS NULL OR b.upload_failed_at < ?) "
                                      "ORDER BY b.created_at, b.sha256 LIMIT 1", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, retry_after_ms);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      *out_sha256 = ax_db_column_dup (stmt, 0);
      *out_size = sqlite3_column_int64 (stmt, 1);
      *out_mime = ax_db_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return found;
}

/* Photos (not files: a photo's original and thumbnail count once) with a
 * file waiting that matches cond; from the few blobs not uploaded. */
static guint
count_photos (AxDb       *db,
              const char *sql,
              gint64      retry_after_ms)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, NULL);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, retry_after_ms);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

#define SQL_COUNT_PHOTOS(cond) \
  "SELECT COUNT (*) FROM (" \
  "  SELECT p.id FROM blobs b JOIN photos p ON p.blob_sha256 = b.sha256 " \
  "   WHERE b.have_local = 1 AND b.uploaded_at IS NULL AND " cond \
  "  UNION " \
  "  SELECT p.id FROM blobs b JOIN photos p ON p.thumb_sha256 = b.sha256 " \
  "   WHERE b.have_local = 1 AND b.uploaded_at IS NULL AND " cond ")"

void
ax_blob_store_count_uploads (AxDb   *db,
                             gint64  retry_after_ms,
                             guint  *out_waiting,
                             guint  *out_refused)
{
  *out_waiting = count_photos (db, SQL_COUNT_PHOTOS ("(b.upload_failed_at IS NULL OR b.upload_failed_at < ?1)"),
                               retry_after_ms);
  *out_refused = count_photos (db, SQL_COUNT_PHOTOS ("b.upload_failed_at >= ?1"), retry_after_ms);
}

static gboolean
run_update (AxDb       *db,
            const char *sql,
            const char *sha256,
            const char *text,
            gint64      now_ms,
            GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now_ms);
  if (text != NULL)
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, _("Recording a file's upload failed"), error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
ax_blob_store_mark_uploaded (AxDb       *db,
                             const char *sha256,
                             gint64      now_ms,
                             GError    **error)
{
  return run_update (db, "UPDATE blobs SET uploaded_at = ?2, upload_error = NULL, "
                         "upload_failed_at = NULL WHERE sha256 = ?1",
                     sha256, NULL, now_ms, error);
}

gboolean
ax_blob_store_mark_refused (AxDb       *db,
                            const char *sha256,
                            const char *reason,
                            gint64      now_ms,
                            GError    **error)
{
  return run_update (db, "UPDATE blobs SET upload_failed_at = ?2, upload_error = ?3 "
                         "WHERE sha256 = ?1 AND uploaded_at IS NULL",
                     sha256, reason ? reason : "", now_ms, error);
}

gboolean
ax_blob_store_register_fetched (AxDb       *db,
                                const char *clinic_id,
                                const char *sha256,
                                gint64      size,
                                const char *mime,
                                gint64      now_ms,
                                GError    **error)
{
  return ax_blob_store_register (db, clinic_id, sha256, size, mime, now_ms, error)
         && run_update (db, "UPDATE blobs SET uploaded_at = COALESCE (uploaded_at, ?2) "
                            "WHERE sha256 = ?1", sha256, NULL, now_ms, error);
}

GPtrArray *
ax_blob_store_missing_thumbnails (AxDb    *db,
                                  guint    limit,
                                  GError **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
                                      "SELECT p.thumb_sha256, MIN (p.blob_sha256) FROM photos p "
                                      "WHERE p.thumb_sha256 IS NOT NULL AND p.deleted_at IS NULL "
                                      "  AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = p.thumb_sha256 "
                                      "                  AND b.have_local = 1) "
                                      "GROUP BY p.thumb_sha256 ORDER BY MAX (p.created_at) DESC LIMIT ?",
                                      error);
  GPtrArray *found;

  if (stmt == NULL)
    return NULL;
  found = g_ptr_array_new_with_free_func (g_free);
  sqlite3_bind_int (stmt, 1, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (found, ax_db_column_dup (stmt, 0));
      g_ptr_array_add (found, ax_db_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  return found;
}

char *
ax_blob_store_lookup_mime (AxDb       *db,
                           const char *sha256)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
                                      "SELECT mime FROM photos WHERE blob_sha256 = ?1 "
                                      "UNION ALL SELECT 'image/png' FROM photos WHERE thumb_sha256 = ?1 "
                                      "LIMIT 1", NULL);
  char *mime = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mime = ax_db_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return mime;
}
