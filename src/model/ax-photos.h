/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Clinical photos (docs/photos.md). The file is a blob (ax-blob-store.h)
 * and never changes; a photo row carries what is said about it.
 *
 *   photo.add    {id?, patient_id, blob_sha256, mime: image/jpeg|image/png, width, height
 *                 (oriented pixels), view_tag?: front|left|right|left45|right45|other,
 *                 taken_at?, marketing_consent?, chart_id?, caption?}
 *   photo.update {id, set: {view_tag, marketing_consent, caption}, from: {…}}
 *   photo.remove {id}                                       (soft delete)
 *
 * All three need clinical.edit (Owner, Provider). The front desk does not
 * handle clinical photos (it has no clinical.view either); the Medical
 * Director sees them and changes nothing. photo.add needs the blob on this
 * device (registered in the blobs table, ax_photo_import_*() does it) and
 * refuses a file already among the patient's photos; a photo of a signed
 * chart cannot be removed, and none can be added to a signed chart. */

extern const char *const ax_photo_view_tags[];   /* NULL-terminated */

gboolean ax_photo_view_tag_is_valid (const char *view_tag);

/* One photo. Immutable, refcounted. */
typedef struct
{
  char     *id;
  char     *patient_id;
  char     *chart_id;           /* NULL when none */
  gboolean  chart_signed;       /* its chart is signed: the photo cannot be removed */
  char     *blob_sha256;
  char     *mime;
  int       width;              /* oriented, in pixels */
  int       height;
  char     *view_tag;           /* NULL when not tagged */
  gint64    taken_ms;           /* 0 when unknown */
  gboolean  marketing_consent;
  char     *caption;            /* NULL when none */
  gint64    created_ms;
} AxPhoto;

AxPhoto   *ax_photo_ref                 (AxPhoto             *photo);
void       ax_photo_unref               (AxPhoto             *photo);
/* When it was taken, or when it was added if that is unknown. */
gint64     ax_photo_get_time_ms         (const AxPhoto       *photo);

/* A patient's live photos, newest first; only those with view_tag when it
 * is not NULL (before/after comparisons). An array of AxPhoto. */
GPtrArray *ax_photos_query              (AxDb                *db,
                                         const char          *patient_id,
                                         const char          *view_tag,
                                         GError             **error);
/* One live photo; AX_MODEL_ERROR_NOT_FOUND when there is none. */
AxPhoto   *ax_photo_query               (AxDb                *db,
                                         const char          *id,
                                         GError             **error);

/* ax_photos_query() on a worker thread with its own connection. */
void       ax_photos_query_async        (AxStore             *store,
                                         const char          *patient_id,
                                         const char          *view_tag,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *ax_photos_query_finish       (AxStore             *store,
                                         GAsyncResult        *result,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxPhoto, ax_photo_unref)

G_END_DECLS
