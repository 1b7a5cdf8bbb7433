/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Mutators for patients' demographics (the record itself is the EMR's). */

#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"

#include <glib/gi18n-lib.h>

static const char *const sexes[] = { "female", "male", "other", "unknown", NULL };

static const AxArgSpec patient_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_number", AX_ARG_STRING, FALSE, 0, 40 },
  { "first_name", AX_ARG_STRING, TRUE, 0, 100 },
  { "last_name", AX_ARG_STRING, FALSE, 0, 100 },
  { "nickname", AX_ARG_STRING, FALSE, 0, 60 },
  { "birth_date", AX_ARG_DATE },
  { "sex", AX_ARG_ENUM, FALSE, 0, 0, sexes },
  { "phone", AX_ARG_PHONE },
  { "email", AX_ARG_EMAIL },
  { "national_id", AX_ARG_STRING, FALSE, 0, 30 },
  { "address", AX_ARG_TEXT, FALSE, 0, 500 },
  { "line_id", AX_ARG_STRING, FALSE, 0, 60 },
  { "emergency_contact", AX_ARG_STRING, FALSE, 0, 200 },
  { "blood_type", AX_ARG_STRING, FALSE, 0, 4 },
  { "medical_notes", AX_ARG_TEXT, FALSE, 0, 20000 },
  { "notes", AX_ARG_TEXT, FALSE, 0, 20000 },
  { "source", AX_ARG_STRING, FALSE, 0, 60 },
  { "marketing_opt_in", AX_ARG_BOOL },
  /* Allergies named at registration become rows of their own. */
  { "allergies", AX_ARG_ARRAY, FALSE, 0, 0, NULL, "-" },
  { NULL }
};

static gboolean
birth_date_in_past (AxMutation *m,
                    JsonObject *fields,
                    GError    **error)
{
  const char *date = json_object_get_string_member_with_default (fields, "birth_date", NULL);
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *today = NULL;

  if (date == NULL || *date == '\0')
    return TRUE;
  now = g_date_time_new_from_unix_utc (ax_mutation_get_now_ms (m) / 1000);
  today = g_date_time_format (now, "%Y-%m-%d");
  if (g_strcmp0 (date, today) > 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("“birth_date”: the date of birth %s is in the future"), date);
      return FALSE;
    }
  return TRUE;
}

static gboolean
patient_create_prepare (AxMutation *m,
                        JsonObject *args,
                        GError    **error)
{
  if (!ax_mutation_prepare_id (m, args, error))
    return FALSE;
  if (!json_object_has_member (args, "patient_number"))
    {
      const AxClinicInfo *clinic = ax_store_get_clinic (ax_mutation_get_store (m));
      g_autofree char *number = ax_series_next (m, "patient", clinic->code, error);

      if (number == NULL)
        return FALSE;
      json_object_set_string_member (args, "patient_number", number);
    }
  return TRUE;
}

static gboolean
patient_create_run (AxMutation *m,
                    JsonObject *args,
                    GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  JsonArray *allergies = json_object_has_member (args, "allergies")
                         ? json_object_get_array_member (args, "allergies") : NULL;

  if (!birth_date_in_past (m, args, error))
    return FALSE;
  if (!ax_mutation_insert_record (m, ax_mutators_lookup ("patient.create"), args, error))
    return FALSE;

  for (guint i = 0; allergies && i < json_array_get_length (allergies); i++)
    {
      g_autofree char *substance = g_strstrip (g_strdup (json_array_get_string_element (allergies, i)));
      sqlite3_stmt *stmt;
      char aid[AX_UUID_STRLEN];

      if (*substance == '\0')
        continue;
      /* Derived from the mutation's own id so a replay makes the same rows. */
      ax_uuid_derive (id, i + 1, aid);
      stmt = ax_db_prepare (ax_mutation_get_db (m),
                            "INSERT INTO allergies (id, clinic_id, created_at, updated_at, patient_id, "
                            "                       substance) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, aid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
      sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, substance, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return ax_db_fail (ax_mutation_get_db (m), "patient.create", error);
      sqlite3_reset (stmt);
    }
  json_object_set_string_member (ax_mutation_get_result (m), "patient_number",
                                 json_object_get_string_member (args, "patient_number"));
  return TRUE;
}

static gboolean
patient_update_run (AxMutation *m,
                    JsonObject *args,
                    GError    **error)
{
  JsonObject *set = json_object_get_object_member (args, "set");

  if (json_object_has_member (set, "allergies") || json_object_has_member (set, "patient_number"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("patient.update: the patient number and allergies cannot be changed here"));
      return FALSE;
    }
  if (json_object_has_member (set, "first_name")
      && json_object_get_null_member (set, "first_name"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("patient.update: “first_name” must not be empty"));
      return FALSE;
    }
  if (json_object_has_member (set, "first_name"))
    {
      g_autofree char *name = g_strstrip (g_strdup (json_object_get_string_member (set, "first_name")));
      if (*name == '\0')
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                       _("patient.update: “first_name” must not be empty"));
          return FALSE;
        }
    }
  if (!birth_date_in_past (m, set, error))
    return FALSE;
  return ax_mutation_update_record (m, ax_mutators_lookup ("patient.update"), args, error);
}

/* patient.reveal: a masked phone or national id shown in full to a role
 * that sees it masked (FrontDesk, Billing), with a reason, audit-logged. */

static const char *const revealable[] = { "phone", "national_id", NULL };

static const AxArgSpec reveal_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "field", AX_ARG_ENUM, TRUE, 0, 0, revealable },
  { "reason", AX_ARG_STRING, TRUE, 0, 300 },
  { NULL }
};

static gboolean
reveal_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *field = json_object_get_string_member (args, "field");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM patients WHERE id = ? AND clinic_id = ? "
                                          "AND deleted_at IS NULL",
                                          g_str_equal (field, "phone") ? "phone" : "national_id");
  g_autoptr (JsonObject) detail = json_object_new ();
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m), sql, error);
  g_autofree char *value = NULL;
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("patient.reveal: there is no patient with id %s"), id);
      return FALSE;
    }
  json_object_set_string_member (detail, "field", field);
  json_object_set_string_member (detail, "reason", json_object_get_string_member (args, "reason"));
  if (!ax_mutation_audit (m, "reveal", "patient", id, detail, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  if (value != NULL)
    json_object_set_string_member (ax_mutation_get_result (m), "value", value);
  else
    json_object_set_null_member (ax_mutation_get_result (m), "value");
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "patient.create", AX_PERM_PATIENT_EDIT, patient_args, FALSE, patient_create_prepare,
    patient_create_run, "patients" },
  { "patient.update", AX_PERM_PATIENT_EDIT, patient_args, TRUE, NULL, patient_update_run,
    "patients" },
  { "patient.reveal", AX_PERM_PATIENT_REVEAL, reveal_args, FALSE, NULL, reveal_run, NULL },
};

void
ax_patients_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
