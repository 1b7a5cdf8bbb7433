/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Treatment plans: a course of sessions of one service a provider plans
 * for a patient (docs/patients.md). The mutators:
 *
 *   treatment_plan.create     {id?, patient_id, service_id, provider_id?, sessions? (1–100),
 *                              interval_weeks? (1–52), notes?}
 *   treatment_plan.update     {id, set: {service_id?, provider_id?, sessions?, interval_weeks?,
 *                              notes?}, from: {…}}            (active plans only)
 *   treatment_plan.set_status {id, status: active|completed|stopped, from}
 *
 * All need clinical.edit (a plan is a clinical decision). A completed plan
 * is final; a stopped one may be taken up again. */

#include "ax-patient-record.h"
#include "ax-model-private.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

static const char *const statuses[] = { "active", "completed", "stopped", NULL };

static const AxArgSpec create_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "service_id", AX_ARG_UUID, TRUE },
  { "provider_id", AX_ARG_UUID },
  { "sessions", AX_ARG_INT, FALSE, 1, 100 },
  { "interval_weeks", AX_ARG_INT, FALSE, 1, 52 },
  { "notes", AX_ARG_TEXT, FALSE, 0, 2000 },
  { NULL }
};

static const AxArgSpec update_args[] = {
  { "service_id", AX_ARG_UUID },
  { "provider_id", AX_ARG_UUID },
  { "sessions", AX_ARG_INT, FALSE, 1, 100 },
  { "interval_weeks", AX_ARG_INT, FALSE, 1, 52 },
  { "notes", AX_ARG_TEXT, FALSE, 0, 2000 },
  { NULL }
};

static const AxArgSpec status_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "status", AX_ARG_ENUM, TRUE, 0, 0, statuses },
  { "from", AX_ARG_ENUM, TRUE, 0, 0, statuses },
  { NULL }
};

static const char *
member_string (JsonObject *o,
               const char *name)
{
  if (o == NULL || !json_object_has_member (o, name) || json_object_get_null_member (o, name))
    return NULL;
  return json_object_get_string_member (o, name);
}

/* The service and provider named must exist (and the service be one that
 * is still offered when it is newly chosen). */
static gboolean
check_references (AxMutation *m,
                  const char *mutator,
                  JsonObject *fields,
                  GError    **error)
{
  const char *service_id = member_string (fields, "service_id");
  const char *provider_id = member_string (fields, "provider_id");

  if (json_object_has_member (fields, "service_id") && service_id == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("%s: “service_id”: a plan is for one service; choose it"), mutator);
      return FALSE;
    }
  if (service_id != NULL
      && !ax_mutation_require_row (m, "services", service_id, _("service"), error))
    return FALSE;
  if (provider_id != NULL
      && !ax_mutation_require_row (m, "providers", provider_id, _("provider"), error))
    return FALSE;
  return TRUE;
}

/* The plan's status, or NULL with NOT_FOUND. */
static char *
plan_status (AxMutation *m,
             const char *mutator,
             const char *id,
             GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT status FROM treatment_plans WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
    error);
  char *status = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (status == NULL)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("%s: there is no treatment plan %s (it may have been removed)"), mutator, id);
  return status;
}

static gboolean
create_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *patient_id = json_object_get_string_member (args, "patient_id");

  if (!ax_mutation_require_row (m, "patients", patient_id, _("patient"), error)
      || !check_references (m, "treatment_plan.create", args, error))
    return FALSE;
  if (!ax_mutation_insert_record (m, ax_mutators_lookup ("treatment_plan.create"), args, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id",
                                 json_object_get_string_member (args, "id"));
  return TRUE;
}

static gboolean
update_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  JsonObject *set = json_object_get_object_member (args, "set");
  g_autofree char *status = plan_status (m, "treatment_plan.update", id, error);

  if (status == NULL)
    return FALSE;
  if (!g_str_equal (status, "active"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("treatment_plan.update: this plan is %s; only an active plan can be changed"),
                   g_str_equal (status, "completed") ? _("completed") : _("stopped"));
      return FALSE;
    }
  if (!check_references (m, "treatment_plan.update", set, error))
    return FALSE;
  if (!ax_mutation_update_record (m, ax_mutators_lookup ("treatment_plan.update"), args, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static gboolean
set_status_run (AxMutation *m,
                JsonObject *args,
                GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *to = json_object_get_string_member (args, "status");
  const char *from = json_object_get_string_member (args, "from");
  g_autofree char *status = plan_status (m, "treatment_plan.set_status", id, error);
  sqlite3_stmt *stmt;

  if (status == NULL)
    return FALSE;
  if (!g_str_equal (status, from))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE,
                   _("“status” was changed by someone else (it is now “%s”) since you opened "
                     "this record; reload it and make your change again"), status);
      return FALSE;
    }
  if (g_str_equal (status, to))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("treatment_plan.set_status: “status”: the plan is already %s"), to);
      return FALSE;
    }
  if (g_str_equal (status, "completed"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("treatment_plan.set_status: “status”: a completed plan is final; plan a new "
                     "course instead"));
      return FALSE;
    }
  if (g_str_equal (status, "stopped") && g_str_equal (to, "completed"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("treatment_plan.set_status: “status”: a stopped plan is taken up again "
                     "before it is completed"));
      return FALSE;
    }

  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "UPDATE treatment_plans SET status = ?, updated_at = ? "
                        " WHERE id = ? AND clinic_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "treatment_plan.set_status", error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "treatment_plan.create", AX_PERM_CLINICAL_EDIT, create_args, FALSE, ax_mutation_prepare_id,
    create_run, "treatment_plans" },
  { "treatment_plan.update", AX_PERM_CLINICAL_EDIT, update_args, TRUE, NULL, update_run,
    "treatment_plans" },
  { "treatment_plan.set_status", AX_PERM_CLINICAL_EDIT, status_args, FALSE, NULL, set_status_run,
    NULL },
};

void
ax_treatment_plans_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
