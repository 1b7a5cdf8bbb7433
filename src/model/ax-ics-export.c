/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Appointments as an iCalendar file (docs/ics.md), and the export.ics
 * mutator that audits every export. */

#include "ax-ics-export.h"
#include "ax-appointments.h"
#include "ax-ics.h"
#include "ax-model-private.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* Queries (the appointments themselves come from ax_appointments_query) */

/* id → name of every provider (or room), active or not: an old appointment
 * may name one that has since left. */
static GHashTable *
query_names (AxDb       *db,
             const char *sql,
             GError    **error)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (names, ax_db_column_dup (stmt, 0), ax_db_column_dup (stmt, 1));
  sqlite3_reset (stmt);
  return g_steal_pointer (&names);
}

/* appointment id → the service categories of its services, without repeats. */
static GHashTable *
query_categories (AxDb       *db,
                  const char *provider_id,
                  gint64      from_ms,
                  gint64      to_ms,
                  GError    **error)
{
  g_autoptr (GHashTable) cats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT x.appointment_id, c.name "
    "  FROM appointments a "
    "  JOIN appointment_services x ON x.appointment_id = a.id AND x.deleted_at IS NULL "
    "  JOIN services s ON s.id = x.service_id "
    "  JOIN service_categories c ON c.id = s.category_id "
    " WHERE a.start_at < ?2 AND a.end_at > ?1 AND a.deleted_at IS NULL "
    "   AND (?3 IS NULL OR a.provider_id = ?3) "
    " ORDER BY x.appointment_id, x.sort_order", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from_ms);
  sqlite3_bind_int64 (stmt, 2, to_ms);
  sqlite3_bind_text (stmt, 3, provider_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *appt = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      GPtrArray *list = g_hash_table_lookup (cats, appt);

      if (list == NULL)
        {
          list = g_ptr_array_new_null_terminated (2, g_free, TRUE);
          g_hash_table_insert (cats, g_strdup (appt), list);
        }
      if (name != NULL && name[0] != '\0'
          && !g_strv_contains ((const char *const *) list->pdata, name))
        g_ptr_array_add (list, g_strdup (name));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&cats);
}

/* appointment id → why it was cancelled, for those cancelled with a reason. */
static GHashTable *
query_cancel_reasons (AxDb    *db,
                      gint64   from_ms,
                      gint64   to_ms,
                      GError **error)
{
  g_autoptr (GHashTable) reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT id, cancel_reason FROM appointments "
    " WHERE start_at < ?2 AND end_at > ?1 AND deleted_at IS NULL "
    "   AND status = 'cancelled' AND coalesce (cancel_reason, '') <> ''", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from_ms);
  sqlite3_bind_int64 (stmt, 2, to_ms);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (reasons, ax_db_column_dup (stmt, 0), ax_db_column_dup (stmt, 1));
  sqlite3_reset (stmt);
  return g_steal_pointer (&reasons);
}

static char *
query_clinic_name (AxDb *db)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
                                      "SELECT name FROM clinics WHERE deleted_at IS NULL "
                                      "ORDER BY created_at LIMIT 1", NULL);
  char *name = NULL;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    name = ax_db_column_dup (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return name;
}

/* Texts */

/* A name as compared: trimmed, normalized and without case. */
static char *
fold_name (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *folded = g_utf8_casefold (trimmed, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL_COMPOSE);
}

/* "Anong Srisuk — Botox forehead" */
static char *
summary_for (const AxAppointment *row)
{
  gboolean has_patient = row->patient_name && row->patient_name[0];
  gboolean has_services = row->services && row->services[0];

  if (has_patient && has_services)
    return g_strdup_printf ("%s — %s", row->patient_name, row->services);
  if (has_patient)
    return g_strdup (row->patient_name);
  if (has_services)
    return g_strdup (row->services);
  return g_strdup (_("Appointment"));
}

static char *
description_for (const AxAppointment *row,
                 const char          *provider,
                 const char          *cancel_reason)
{
  GString *out = g_string_new (NULL);

  if (row->services && row->services[0])
    g_string_append_printf (out, _("Services: %s"), row->services);
  if (provider && provider[0])
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Provider: %s"), provider);
    }
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Status: %s"), ax_appointment_status_display_name (row->status));
  if (cancel_reason != NULL)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Reason for cancelling: %s"), cancel_reason);
    }
  if (row->notes && row->notes[0])
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Notes: %s"), row->notes);
    }
  return g_string_free (out, FALSE);
}

/* The export.ics mutator */

static const AxArgSpec export_args[] = {
  { "provider_id", AX_ARG_UUID },
  { "from", AX_ARG_INSTANT, TRUE },
  { "to", AX_ARG_INSTANT, TRUE },
  { NULL }
};

static gboolean
export_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  AxStore *store = ax_mutation_get_store (m);
  const AxClinicInfo *clinic = ax_store_get_clinic (store);
  GTimeZone *tz = ax_store_get_timezone (store);
  const char *provider_id = json_object_get_string_member_with_default (args, "provider_id", NULL);
  gint64 from_ms = json_object_get_int_member (args, "from");
  gint64 to_ms = json_object_get_int_member (args, "to");
  const char *tzid;
  g_autofree char *calendar = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  gsize n_events = 0;

  if (provider_id != NULL && provider_id[0] == '\0')
    provider_id = NULL;
  if (to_ms <= from_ms)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("export.ics: the range must end after it starts"));
      return FALSE;
    }
  if (provider_id != NULL && !ax_mutation_require_row (m, "providers", provider_id, _("provider"), error))
    return FALSE;

  tzid = clinic && clinic->timezone && clinic->timezone[0] ? clinic->timezone
                                                           : g_time_zone_get_identifier (tz);
  calendar = ax_ics_export (ax_mutation_get_db (m), tz, tzid, provider_id, from_ms, to_ms,
                            ax_mutation_get_now_ms (m), &n_events, error);
  if (calendar == NULL)
    return FALSE;

  if (provider_id != NULL)
    json_object_set_string_member (detail, "provider", provider_id);
  else
    json_object_set_null_member (detail, "provider");
  json_object_set_int_member (detail, "from", from_ms);
  json_object_set_int_member (detail, "to", to_ms);
  json_object_set_int_member (detail, "events", (gint64) n_events);
  if (!ax_mutation_audit (m, "export.ics", provider_id ? "provider" : NULL, provider_id, detail,
                          error))
    return FALSE;

  json_object_set_string_member (ax_mutation_get_result (m), "calendar", calendar);
  json_object_set_int_member (ax_mutation_get_result (m), "events", (gint64) n_events);
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "export.ics", AX_PERM_CALENDAR_VIEW, export_args, FALSE, NULL, export_run, NULL },
};

void
ax_ics_export_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}

/* Public API */

char *
ax_ics_export (AxDb        *db,
               GTimeZone   *tz,
               const char  *tzid,
               const char  *provider_id,
               gint64       from_ms,
               gint64       to_ms,
               gint64       dtstamp_ms,
               gsize       *n_events,
               GError     **error)
{
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GHashTable) providers = NULL;
  g_autoptr (GHashTable) rooms = NULL;
  g_autoptr (GHashTable) categories = NULL;
  g_autoptr (GHashTable) cancel_reasons = NULL;
  g_autoptr (AxIcsCalendar) cal = NULL;
  const char *only[] = { provider_id, NULL };
  AxAppointmentFilter filter = { .provider_ids = provider_id ? only : NULL };
  g_autofree char *clinic_name = NULL;

  g_return_val_if_fail (AX_IS_DB (db), NULL);
  g_return_val_if_fail (tz != NULL && tzid != NULL, NULL);
  g_return_val_if_fail (from_ms <= to_ms, NULL);

  rows = ax_appointments_query (db, from_ms, to_ms, &filter, error);
  if (rows == NULL)
    return NULL;
  providers = query_names (db, "SELECT id, name FROM providers", error);
  if (providers == NULL)
    return NULL;
  rooms = query_names (db, "SELECT id, name FROM rooms", error);
  if (rooms == NULL)
    return NULL;
  categories = query_categories (db, provider_id, from_ms, to_ms, error);
  if (categories == NULL)
    return NULL;
  cancel_reasons = query_cancel_reasons (db, from_ms, to_ms, error);
  if (cancel_reasons == NULL)
    return NULL;

  cal = ax_ics_calendar_new (tz, tzid, from_ms, to_ms, dtstamp_ms);
  clinic_name = query_clinic_name (db);
  if (provider_id != NULL && g_hash_table_contains (providers, provider_id))
    {
      g_autofree char *name = g_strdup_printf ("%s — %s", clinic_name ? clinic_name : "",
                                               (char *) g_hash_table_lookup (providers, provider_id));

      ax_ics_calendar_set_name (cal, g_strstrip (name));
    }
  else
    ax_ics_calendar_set_name (cal, clinic_name);

  for (guint i = 0; i < rows->len; i++)
    {
      const AxAppointment *row = rows->pdata[i];
      const char *provider = row->provider_id ? g_hash_table_lookup (providers, row->provider_id)
                                              : NULL;
      GPtrArray *cats = g_hash_table_lookup (categories, row->id);
      g_autofree char *summary = summary_for (row);
      g_autofree char *description = description_for (row, provider,
                                                      g_hash_table_lookup (cancel_reasons, row->id));
      AxIcsEvent event = {
        .id = row->id,
        .start_ms = row->start_ms,
        .end_ms = row->end_ms,
        .summary = summary,
        .description = description,
        .location = row->room_id ? g_hash_table_lookup (rooms, row->room_id) : NULL,
        .categories = cats ? (const char *const *) cats->pdata : NULL,
        .status = row->status,
      };

      ax_ics_calendar_add_event (cal, &event);
    }

  if (n_events != NULL)
    *n_events = ax_ics_calendar_get_n_events (cal);
  return ax_ics_calendar_to_string (cal);
}

char *
ax_ics_export_audited (AxStore     *store,
                       AxActor     *actor,
                       const char  *provider_id,
                       gint64       from_ms,
                       gint64       to_ms,
                       gsize       *n_events,
                       GError     **error)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  JsonObject *obj;

  g_return_val_if_fail (AX_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (provider_id != NULL)
    json_object_set_string_member (args, "provider_id", provider_id);
  json_object_set_int_member (args, "from", from_ms);
  json_object_set_int_member (args, "to", to_ms);
  node = json_node_init_object (json_node_alloc (), args);

  result = ax_store_mutate (store, actor, "export.ics", node, error);
  if (result == NULL)
    return NULL;
  obj = json_node_get_object (result);
  if (n_events != NULL)
    *n_events = (gsize) json_object_get_int_member (obj, "events");
  return g_strdup (json_object_get_string_member (obj, "calendar"));
}

char *
ax_ics_export_find_provider (AxDb        *db,
                             const char  *name,
                             GError     **error)
{
  g_autofree char *wanted = NULL;
  g_autoptr (GPtrArray) providers = NULL;
  g_autoptr (GString) list = g_string_new (NULL);

  g_return_val_if_fail (AX_IS_DB (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  providers = ax_schedule_list_providers (db, error);
  if (providers == NULL)
    return NULL;
  wanted = fold_name (name);
  for (guint i = 0; i < providers->len; i++)
    {
      const AxResource *p = providers->pdata[i];
      g_autofree char *folded = fold_name (p->name);

      if (g_strcmp0 (folded, wanted) == 0 || g_strcmp0 (p->id, name) == 0)
        return g_strdup (p->id);
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, p->name);
    }

  if (providers->len > 0)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("There is no provider called “%s”; providers are: %s"), name, list->str);
  else
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("There is no provider called “%s”; the clinic has no providers yet"), name);
  return NULL;
}
