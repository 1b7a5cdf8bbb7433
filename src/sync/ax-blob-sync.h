/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-blob-store.h"
#include "ax-sync-client.h"

G_BEGIN_DECLS

#define AX_TYPE_BLOB_SYNC (ax_blob_sync_get_type ())
G_DECLARE_FINAL_TYPE (AxBlobSync, ax_blob_sync, AX, BLOB_SYNC, GObject)

/* The desk's blob worker (docs/sync-protocol.md, "Desktop blob worker"):
 * one per store, sequential. A round uploads every blob a photo points to
 * that the server has not confirmed (POST /blobs/upload → `exists`, or PUT
 * the file to the signed URL, streamed → POST /blobs/confirm; marked
 * uploaded only after the confirm), then fetches the thumbnails of pulled
 * photos this desk does not hold. Network and server errors back off (from
 * 1 s, doubling, to max-backoff) and resume where the round stopped; a blob
 * the server refuses keeps the reason (blobs.upload_error) and waits for the
 * worker's next start. The upload state lives in the store, so an upload
 * cut short resumes at the next start. Everything on the main loop, async;
 * files are hashed and read off it.
 *
 * Properties, with notify: pending (photos with a file waiting to upload),
 * refused (photos with a file the server refused since this worker
 * started), running, last-error. */
AxBlobSync   *ax_blob_sync_new               (AxStore             *store,
                                              AxSyncClient        *client);
AxBlobStore  *ax_blob_sync_get_blob_store    (AxBlobSync          *self);
guint         ax_blob_sync_get_pending       (AxBlobSync          *self);
guint         ax_blob_sync_get_refused       (AxBlobSync          *self);
gboolean      ax_blob_sync_is_running        (AxBlobSync          *self);
const char   *ax_blob_sync_get_last_error    (AxBlobSync          *self);
/* Where fetched thumbnails go (NULL: ax_photo_thumbnail_dir()). */
void          ax_blob_sync_set_thumbnail_dir (AxBlobSync          *self,
                                              const char          *dir);
void          ax_blob_sync_set_max_backoff   (AxBlobSync          *self,
                                              guint                seconds);
/* The delay before the next try after a failure (ms), or -1 when none. */
gint64        ax_blob_sync_get_next_delay    (AxBlobSync          *self);

/* Starts a round now (or another one after the running round). */
void          ax_blob_sync_kick              (AxBlobSync          *self);
/* Stops: the running step is cancelled, no retry is scheduled. */
void          ax_blob_sync_stop              (AxBlobSync          *self);

/* Fetches one blob from the server now (an original someone opens), checks
 * its SHA-256 and stores it; TRUE at once when it is here already. Errors:
 * AX_SYNC_ERROR (NETWORK or SERVER: the desk is offline; REFUSED: the server
 * does not hold it), AX_BLOB_ERROR_CHANGED (the bytes are not the blob:
 * nothing stored). */
void          ax_blob_sync_fetch_async       (AxBlobSync          *self,
                                              const char          *sha256,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      ax_blob_sync_fetch_finish      (AxBlobSync          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
