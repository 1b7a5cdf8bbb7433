/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Clinical photos: the queries and the mutators photo.add, photo.update and
 * photo.remove (ax-photos.h; docs/photos.md). */

#include "ax-photos.h"
#include "ax-blob-store.h"
#include "ax-model-private.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

/* A photo may be stamped a little ahead of this desk's clock (a camera's
 * or another device's time), never more. */
#define FUTURE_SLACK_MS (24 * 3600 * G_GINT64_CONSTANT (1000))
#define MAX_CAPTION_CHARS 500
#define MAX_SIDE 100000

const char *const ax_photo_view_tags[] = {
  "front", "left", "right", "left45", "right45", "other", NULL,
};

static const char *const mimes[] = { "image/jpeg", "image/png", NULL };

gboolean
ax_photo_view_tag_is_valid (const char *view_tag)
{
  return view_tag != NULL && g_strv_contains (ax_photo_view_tags, view_tag);
}

/* The value */

static void
photo_clear (gpointer data)
{
  AxPhoto *p = data;

  g_free (p->id);
  g_free (p->patient_id);
  g_free (p->chart_id);
  g_free (p->blob_sha256);
  g_free (p->mime);
  g_free (p->view_tag);
  g_free (p->caption);
}

AxPhoto *
ax_photo_ref (AxPhoto *photo)
{
  return g_atomic_rc_box_acquire (photo);
}

void
ax_photo_unref (AxPhoto *photo)
{
  g_atomic_rc_box_release_full (photo, photo_clear);
}

gint64
ax_photo_get_time_ms (const AxPhoto *photo)
{
  return photo->taken_ms != 0 ? photo->taken_ms : photo->created_ms;
}

/* Queries */

#define PHOTO_COLUMNS                                                                    \
  "SELECT p.id, p.patient_id, p.chart_id, c.status = 'md_signed', p.blob_sha256, p.mime, " \
  "       p.width, p.height, p.view_tag, p.taken_at, p.marketing_consent, p.caption, "    \
  "       p.created_at "                                                                 \
  "  FROM photos p LEFT JOIN charts c ON c.id = p.chart_id "

static AxPhoto *
photo_from_row (sqlite3_stmt *stmt)
{
  AxPhoto *p = g_atomic_rc_box_new0 (AxPhoto);

  p->id = ax_db_column_dup (stmt, 0);
  p->patient_id = ax_db_column_dup (stmt, 1);
  p->chart_id = ax_db_column_dup (stmt, 2);
  p->chart_signed = sqlite3_column_int (stmt, 3) != 0;
  p->blob_sha256 = ax_db_column_dup (stmt, 4);
  p->mime = ax_db_column_dup (stmt, 5);
  p->width = sqlite3_column_int (stmt, 6);
  p->height = sqlite3_column_int (stmt, 7);
  p->view_tag = ax_db_column_dup (stmt, 8);
  p->taken_ms = sqlite3_column_int64 (stmt, 9);
  p->marketing_consent = sqlite3_column_int (stmt, 10) != 0;
  p->caption = ax_db_column_dup (stmt, 11);
  p->created_ms = sqlite3_column_int64 (stmt, 12);
  return p;
}

GPtrArray *
ax_photos_query (AxDb       *db,
                 const char *patient_id,
                 const char *view_tag,
                 GError    **error)
{
  g_autoptr (GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_photo_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (patient_id != NULL, NULL);

  stmt = ax_db_prepare (db,
                        PHOTO_COLUMNS
                        " WHERE p.patient_id = ?1 AND p.deleted_at IS NULL "
                        "   AND (?2 IS NULL OR p.view_tag = ?2) "
                        " ORDER BY COALESCE (p.taken_at, p.created_at) DESC, p.created_at DESC, "
                        "          p.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  if (view_tag != NULL)
    sqlite3_bind_text (stmt, 2, view_tag, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (photos, photo_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the photos failed"), error), NULL;
  return g_steal_pointer (&photos);
}

AxPhoto *
ax_photo_query (AxDb       *db,
                const char *id,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, PHOTO_COLUMNS " WHERE p.id = ? AND p.deleted_at IS NULL",
                                      error);
  AxPhoto *photo = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    photo = photo_from_row (stmt);
  sqlite3_reset (stmt);
  if (photo == NULL)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("This photo no longer exists (it may have been removed)"));
  return photo;
}

typedef struct
{
  char *patient_id;
  char *view_tag;
} QueryJob;

static void
query_job_free (QueryJob *job)
{
  g_free (job->patient_id);
  g_free (job->view_tag);
  g_free (job);
}

static gpointer
query_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  QueryJob *job = data;

  return ax_photos_query (db, job->patient_id, job->view_tag, error);
}

void
ax_photos_query_async (AxStore             *store,
                       const char          *patient_id,
                       const char          *view_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  QueryJob *job = g_new0 (QueryJob, 1);

  job->patient_id = g_strdup (patient_id);
  job->view_tag = g_strdup (view_tag);
  ax_store_read_async (store, query_read, job, (GDestroyNotify) query_job_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_photos_query_async, cancellable,
                       callback, user_data);
}

GPtrArray *
ax_photos_query_finish (AxStore      *store,
                        GAsyncResult *result,
                        GError      **error)
{
  return ax_store_read_finish (store, result, ax_photos_query_async, error);
}

/* Mutators */

static gboolean
has_value (JsonObject *args,
           const char *name)
{
  return json_object_has_member (args, name) && !json_object_get_null_member (args, name);
}

/* The chart a photo belongs to: its patient and whether it is signed. */
static gboolean
read_chart (AxMutation *m,
            const char *chart_id,
            char      **patient_id,
            gboolean   *is_signed,
            GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
                                      "SELECT patient_id, status = 'md_signed' FROM charts "
                                      " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
                                      error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, chart_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      *patient_id = ax_db_column_dup (stmt, 0);
      *is_signed = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("The chart %s does not exist (it may have been deleted)"), chart_id);
  return TRUE;
}

/* photo.add */

static const AxArgSpec photo_add_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "blob_sha256", AX_ARG_STRING, TRUE, 0, AX_BLOB_SHA256_LEN },
  { "mime", AX_ARG_ENUM, TRUE, 0, 0, mimes },
  { "width", AX_ARG_INT, TRUE, 1, MAX_SIDE },
  { "height", AX_ARG_INT, TRUE, 1, MAX_SIDE },
  { "view_tag", AX_ARG_ENUM, FALSE, 0, 0, ax_photo_view_tags },
  { "taken_at", AX_ARG_INSTANT },
  { "marketing_consent", AX_ARG_BOOL },
  { "chart_id", AX_ARG_UUID },
  { "caption", AX_ARG_STRING, FALSE, 0, MAX_CAPTION_CHARS },
  { "thumb_sha256", AX_ARG_STRING, FALSE, 0, AX_BLOB_SHA256_LEN },
  { NULL }
};

static gboolean
photo_add_prepare (AxMutation *m,
                   JsonObject *args,
                   GError    **error)
{
  if (!has_value (args, "marketing_consent"))
    json_object_set_boolean_member (args, "marketing_consent", FALSE);
  return ax_mutation_prepare_id (m, args, error);
}

static gboolean
photo_add_run (AxMutation *m,
               JsonObject *args,
               GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *patient_id = json_object_get_string_member (args, "patient_id");
  const char *sha256 = json_object_get_string_member (args, "blob_sha256");
  sqlite3_stmt *stmt;
  gint64 existing_ms = -1;

  if (!ax_blob_sha256_is_valid (sha256))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("photo.add: “blob_sha256”: “%s” is not a SHA-256 in lower-case "
                              "hexadecimal"), sha256);
  if (has_value (args, "taken_at")
      && json_object_get_int_member (args, "taken_at") > ax_mutation_get_now_ms (m) + FUTURE_SLACK_MS)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("photo.add: “taken_at”: a photo cannot be taken in the future; check the "
                              "camera's clock"));
  if (!ax_mutation_require_row (m, "patients", patient_id, _("patient"), error))
    return FALSE;
  if (has_value (args, "thumb_sha256")
      && !ax_blob_sha256_is_valid (json_object_get_string_member (args, "thumb_sha256")))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("photo.add: “thumb_sha256”: “%s” is not a SHA-256 in lower-case "
                              "hexadecimal"), json_object_get_string_member (args, "thumb_sha256"));
  /* Replayed (the server, a rebase): the file follows through the blob
   * worker, which may upload it after the row arrives. */
  if (!ax_mutation_is_replayed (m) && !ax_blob_store_is_registered (db, sha256))
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("photo.add: the photo file %.12s… is not in this computer's photo store; "
                              "import the photo again"), sha256);

  if (has_value (args, "chart_id"))
    {
      g_autofree char *chart_patient = NULL;
      gboolean is_signed = FALSE;

      if (!read_chart (m, json_object_get_string_member (args, "chart_id"), &chart_patient,
                       &is_signed, error))
        return FALSE;
      if (g_strcmp0 (chart_patient, patient_id) != 0)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("photo.add: “chart_id”: the chart belongs to another patient"));
      if (is_signed)
        return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                                _("This chart is signed and can no longer change; add the photo to an "
                                  "amendment of the chart instead"));
    }

  /* The same file twice would only show the same photo twice. */
  stmt = ax_db_prepare (db, "SELECT created_at FROM photos WHERE patient_id = ? "
                            "   AND blob_sha256 = ? AND deleted_at IS NULL LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    existing_ms = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (existing_ms >= 0)
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (existing_ms / 1000);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, ax_store_get_timezone (ax_mutation_get_store (m)));
      g_autofree char *when = g_date_time_format (local, "%x");

      return ax_model_refuse (error, AX_MODEL_ERROR_DUPLICATE,
                              _("This photo is already among the patient's photos (added on %s)"), when);
    }

  if (!ax_mutation_insert_record (m, ax_mutators_lookup ("photo.add"), args, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id",
                                 json_object_get_string_member (args, "id"));
  return TRUE;
}

/* photo.update */

static const AxArgSpec photo_update_args[] = {
  { "view_tag", AX_ARG_ENUM, FALSE, 0, 0, ax_photo_view_tags },
  { "marketing_consent", AX_ARG_BOOL },
  { "caption", AX_ARG_STRING, FALSE, 0, MAX_CAPTION_CHARS },
  { NULL }
};

static gboolean
photo_update_run (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  JsonObject *set = json_object_get_object_member (args, "set");

  if (!ax_mutation_require_row (m, "photos", id, _("photo"), error))
    return FALSE;
  if (json_object_has_member (set, "marketing_consent")
      && json_object_get_null_member (set, "marketing_consent"))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("photo.update: “marketing_consent” must be true or false"));
  if (!ax_mutation_update_record (m, ax_mutators_lookup ("photo.update"), args, error))
    return FALSE;

  /* Whether a photo may be shown in marketing is the patient's consent:
   * who recorded a change, and when, is kept in the audit log. */
  if (json_object_has_member (set, "marketing_consent"))
    {
      g_autoptr (JsonObject) detail = json_object_new ();

      json_object_set_boolean_member (detail, "marketing_consent",
                                      json_object_get_boolean_member (set, "marketing_consent"));
      if (!ax_mutation_audit (m, "photo.marketing_consent", "photo", id, detail, error))
        return FALSE;
    }
  return TRUE;
}

/* photo.remove */

static const AxArgSpec id_only_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

static gboolean
photo_remove_run (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr (AxPhoto) photo = NULL;

  if (!ax_mutation_require_row (m, "photos", id, _("photo"), error))
    return FALSE;
  photo = ax_photo_query (ax_mutation_get_db (m), id, error);
  if (photo == NULL)
    return FALSE;
  if (photo->chart_signed)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("This photo is part of a signed chart and cannot be removed"));
  if (!ax_mutation_soft_delete (m, "photos", id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "photo.add", AX_PERM_CLINICAL_EDIT, photo_add_args, FALSE, photo_add_prepare, photo_add_run,
    "photos" },
  { "photo.update", AX_PERM_CLINICAL_EDIT, photo_update_args, TRUE, NULL, photo_update_run,
    "photos" },
  { "photo.remove", AX_PERM_CLINICAL_EDIT, id_only_args, FALSE, NULL, photo_remove_run, NULL },
};

void
ax_photos_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
