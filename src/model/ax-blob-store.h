/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ax-db.h"

G_BEGIN_DECLS

/* The local content-addressed blob store (photos, signatures, documents),
 * next to the store's database file:
 *
 *   <db dir>/<db basename>.blobs/<first 2 hex digits>/<sha256 in hex>
 *
 * A blob is written once (to a temporary file in the same directory, synced,
 * renamed, made read-only) and never changed: its name is the SHA-256 of its
 * bytes. Putting the same bytes twice keeps one file. The `blobs` table
 * (device-local, docs/schema.md) indexes what this device holds; the
 * functions that touch it take the caller's connection. An AxBlobStore only
 * holds its directory, so one may be used from any thread. */

#define AX_BLOB_ERROR (ax_blob_error_quark ())

typedef enum
{
  AX_BLOB_ERROR_MISSING,   /* no such blob on this device */
  AX_BLOB_ERROR_CHANGED,   /* the file's bytes no longer match its name */
  AX_BLOB_ERROR_IO,        /* reading or writing failed; the message says how */
  AX_BLOB_ERROR_INVALID,   /* not a SHA-256 in lower-case hex */
} AxBlobError;

GQuark ax_blob_error_quark (void);

#define AX_BLOB_SHA256_LEN 64

#define AX_TYPE_BLOB_STORE (ax_blob_store_get_type ())
G_DECLARE_FINAL_TYPE (AxBlobStore, ax_blob_store, AX, BLOB_STORE, GObject)

/* The blob store of the database at db_path (created on the first put). */
AxBlobStore *ax_blob_store_new           (const char    *db_path);
const char  *ax_blob_store_get_dir       (AxBlobStore   *self);

/* TRUE if text is a SHA-256 in lower-case hex. */
gboolean     ax_blob_sha256_is_valid     (const char    *text);

/* Stores bytes; returns their SHA-256 (hex), or NULL with error. */
char        *ax_blob_store_put_bytes     (AxBlobStore   *self,
                                          GBytes        *bytes,
                                          GError       **error);
/* Stores a file's bytes, hashing them while copying; returns the SHA-256
 * and the size in out_size. */
char        *ax_blob_store_put_file      (AxBlobStore   *self,
                                          GFile         *file,
                                          gint64        *out_size,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* Where blob sha256 is (or would be) kept. */
char        *ax_blob_store_get_path      (AxBlobStore   *self,
                                          const char    *sha256);
gboolean     ax_blob_store_contains      (AxBlobStore   *self,
                                          const char    *sha256);
/* The blob's bytes; AX_BLOB_ERROR_MISSING when it is not on this device. */
GBytes      *ax_blob_store_read          (AxBlobStore   *self,
                                          const char    *sha256,
                                          GError       **error);
GInputStream *ax_blob_store_open         (AxBlobStore   *self,
                                          const char    *sha256,
                                          GError       **error);
/* Re-hashes the file: AX_BLOB_ERROR_CHANGED when its bytes no longer match. */
gboolean     ax_blob_store_verify        (AxBlobStore   *self,
                                          const char    *sha256,
                                          GError       **error);

/* The blobs table (device-local; not a mutation, no outbox entry). */
gboolean     ax_blob_store_register      (AxDb          *db,
                                          const char    *clinic_id,
                                          const char    *sha256,
                                          gint64         size,
                                          const char    *mime,
                                          gint64         now_ms,
                                          GError       **error);
/* TRUE when this device has a row for sha256 with the file at hand. */
gboolean     ax_blob_store_is_registered (AxDb          *db,
                                          const char    *sha256);

/* Upload state (the blob worker, docs/sync-protocol.md "Desktop blob
 * worker"). A blob to upload is one this device holds, not yet confirmed by
 * the server, referenced by a photo (its original or its thumbnail), and not
 * refused since retry_after_ms (a refused blob waits for the worker's next
 * start). FALSE when there is none (or on error: see error). */
gboolean     ax_blob_store_next_upload   (AxDb          *db,
                                          gint64         retry_after_ms,
                                          char         **out_sha256,
                                          gint64        *out_size,
                                          char         **out_mime,
                                          GError       **error);
/* How many photos have a file waiting for an upload, and how many have
 * one the server refused since retry_after_ms (a photo counts once for its
 * original and its thumbnail). */
void         ax_blob_store_count_uploads (AxDb          *db,
                                          gint64         retry_after_ms,
                                          guint         *out_waiting,
                                          guint         *out_refused);
gboolean     ax_blob_store_mark_uploaded (AxDb          *db,
                                          const char    *sha256,
                                          gint64         now_ms,
                                          GError       **error);
gboolean     ax_blob_store_mark_refused  (AxDb          *db,
                                          const char    *sha256,
                                          const char    *reason,
                                          gint64         now_ms,
                                          GError       **error);
/* A blob fetched from the server: held here, and uploaded already. */
gboolean     ax_blob_store_register_fetched (AxDb       *db,
                                          const char    *clinic_id,
                                          const char    *sha256,
                                          gint64         size,
                                          const char    *mime,
                                          gint64         now_ms,
                                          GError       **error);
/* Thumbnails of live photos this device does not hold (pulled from another
 * desk): an array of at most limit (thumb sha256, photo blob sha256) pairs,
 * flattened. */
GPtrArray   *ax_blob_store_missing_thumbnails (AxDb     *db,
                                          guint          limit,
                                          GError       **error);
/* The photo's type for a blob (original or thumbnail), or NULL. */
char        *ax_blob_store_lookup_mime   (AxDb          *db,
                                          const char    *sha256);

G_END_DECLS
