/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-calendar-queries.h"

/* One clinic per desktop store: its id is the first live clinic's. */
#define CLINIC_ID "(SELECT id FROM clinics WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)"

void
ax_service_info_free (AxServiceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->name);
  g_free (info);
}

void
ax_allergy_info_free (AxAllergyInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->substance);
  g_free (info->reaction);
  g_free (info->severity);
  g_free (info);
}

typedef struct
{
  char  *text;
  guint  limit;
} SearchData;

static void
search_data_free (SearchData *d)
{
  g_free (d->text);
  g_free (d);
}

static gpointer
search_read (AxDb     *db,
             gpointer  data,
             GError  **error)
{
  SearchData *d = data;

  return ax_patients_search (db, d->text, d->limit, error);
}

void
ax_calendar_search_patients_async (AxStore             *store,
                                   const char          *text,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  SearchData *d = g_new0 (SearchData, 1);

  d->text = g_strdup (text);
  d->limit = limit;
  ax_store_read_async (store, search_read, d, (GDestroyNotify) search_data_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_calendar_search_patients_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_calendar_search_patients_finish (AxStore      *store,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return ax_store_read_finish (store, result, ax_calendar_search_patients_async, error);
}

GPtrArray *
ax_calendar_list_services (AxDb    *db,
                           GError **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_service_info_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT s.id, s.name, s.duration_min, s.needs_room FROM services s "
    "  LEFT JOIN service_categories c ON c.id = s.category_id "
    " WHERE s.clinic_id = " CLINIC_ID " AND s.deleted_at IS NULL AND s.active = 1 "
    "   AND coalesce (c.kind, 'treatment') = 'treatment' "
    " ORDER BY s.name", error);

  if (stmt == NULL)
    return (g_ptr_array_unref (out), NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxServiceInfo *info = g_new0 (AxServiceInfo, 1);

      info->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->duration_min = sqlite3_column_int (stmt, 2);
      info->needs_room = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (out, info);
    }
  sqlite3_reset (stmt);
  return out;
}

GStrv
ax_calendar_appointment_services (AxDb       *db,
                                  const char *appointment_id,
                                  GError    **error)
{
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT service_id FROM appointment_services "
    " WHERE appointment_id = ? AND deleted_at IS NULL ORDER BY sort_order", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, appointment_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (ids);
}

GPtrArray *
ax_calendar_patient_allergies (AxDb       *db,
                               const char *patient_id,
                               GError    **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_allergy_info_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT substance, reaction, severity FROM allergies "
    " WHERE patient_id = ? AND deleted_at IS NULL "
    " ORDER BY CASE severity WHEN 'severe' THEN 0 WHEN 'moderate' THEN 1 ELSE 2 END, substance",
    error);

  if (stmt == NULL)
    return (g_ptr_array_unref (out), NULL);
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxAllergyInfo *info = g_new0 (AxAllergyInfo, 1);

      info->substance = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->reaction = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->severity = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (out, info);
    }
  sqlite3_reset (stmt);
  return out;
}
