/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The consent mutators: consent_template.add/update/retire, consent.create,
 * consent.sign, consent.withdraw and consent.export (ax-consents.h; the
 * rules and permissions are in docs/consents.md). */

#include <inttypes.h>
#include <math.h>
#include "ax-consents.h"
#include "ax-canonical-json.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define MAX_BODY_CHARS 20000
/* Bounds of a signature: a person signs with a few strokes of a few
 * hundred points; anything far beyond is not a signature. */
#define MAX_STROKES 200
#define MAX_POINTS_PER_STROKE 4000
#define MAX_POINTS 20000
#define MIN_PAD 50
#define MAX_PAD 5000
#define MAX_T_MS (30 * 60 * 1000)

static const char *const purposes[] = { "treatment", "photo_marketing", "data", "other", NULL };

static char *
trimmed_member (JsonObject *args,
                const char *name)
{
  const char *text = json_object_has_member (args, name) && !json_object_get_null_member (args, name)
                       ? json_object_get_string_member (args, name) : NULL;

  return text ? g_strstrip (g_strdup (text)) : NULL;
}

static char *
format_time (AxMutation *m,
             gint64      ms,
             const char *format)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc,
                                                         ax_store_get_timezone (ax_mutation_get_store (m)));

  return g_date_time_format (local, format);
}

/* consent_template.add */

static const AxArgSpec template_add_args[] = {
  { "id", AX_ARG_UUID },
  { "name", AX_ARG_STRING, TRUE, 0, 120 },
  { "purpose", AX_ARG_ENUM, TRUE, 0, 0, purposes },
  { "body", AX_ARG_TEXT, TRUE, 0, MAX_BODY_CHARS },
  { NULL }
};

static gboolean
check_template (AxMutation *m,
                const char *mutator,
                const char *id,
                JsonObject *args,
                GError    **error)
{
  g_autofree char *name = trimmed_member (args, "name");
  g_autoptr (GError) local = NULL;
  sqlite3_stmt *stmt;
  gboolean taken;

  if (!ax_consent_template_check (json_object_get_string_member (args, "body"), &local))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS, "%s: “body”: %s", mutator, local->message);

  /* Two live templates of one name would be chosen by guess. */
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "SELECT 1 FROM consent_templates WHERE clinic_id = ? AND deleted_at IS NULL "
                        "   AND active = 1 AND lower (name) = lower (?) AND id <> ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (taken)
    return ax_model_refuse (error, AX_MODEL_ERROR_DUPLICATE,
                            _("%s: “name”: there is already a consent template called “%s”"), mutator, name);
  return TRUE;
}

static gboolean
template_add_run (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr (JsonObject) detail = json_object_new ();

  if (!check_template (m, "consent_template.add", id, args, error))
    return FALSE;
  if (!ax_mutation_insert_record (m, ax_mutators_lookup ("consent_template.add"), args, error))
    return FALSE;
  json_object_set_int_member (detail, "revision", 1);
  json_object_set_int_member (ax_mutation_get_result (m), "revision", 1);
  return ax_mutation_audit (m, "consent_template.add", "consent_template", id, detail, error);
}

/* consent_template.update */

static const AxArgSpec template_update_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "revision", AX_ARG_INT, TRUE, 1, G_MAXINT32 },
  { "name", AX_ARG_STRING, TRUE, 0, 120 },
  { "purpose", AX_ARG_ENUM, TRUE, 0, 0, purposes },
  { "body", AX_ARG_TEXT, TRUE, 0, MAX_BODY_CHARS },
  { NULL }
};

/* The template's revision and whether it is active; FALSE when not found. */
static gboolean
read_template (AxMutation *m,
               const char *mutator,
               const char *id,
               int        *revision,
               gboolean   *active,
               GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
                                      "SELECT revision, active FROM consent_templates "
                                      " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
                                      error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      *revision = sqlite3_column_int (stmt, 0);
      *active = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("%s: there is no consent template %s (it may have been deleted)"),
                            mutator, id);
  return TRUE;
}

static gboolean
template_update_run (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  gint64 seen = json_object_get_int_member (args, "revision");
  g_autofree char *name = trimmed_member (args, "name");
  g_autoptr (JsonObject) detail = json_object_new ();
  int revision = 0;
  gboolean active = FALSE;
  sqlite3_stmt *stmt;

  if (!read_template (m, "consent_template.update", id, &revision, &active, error))
    return FALSE;
  if (!active)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("consent_template.update: this template is retired; add a new template "
                              "instead"));
  if (seen != revision)
    return ax_model_refuse (error, AX_MODEL_ERROR_STALE,
                            _("consent_template.update: the template was changed by someone else (it is "
                              "now revision %d, you opened revision %" PRId64 "); reload it and make "
                              "your change again"), revision, seen);
  if (!check_template (m, "consent_template.update", id, args, error))
    return FALSE;

  /* A new revision: consents already made keep the text they were made with. */
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "UPDATE consent_templates SET name = ?, purpose = ?, body = ?, "
                        "  revision = revision + 1, updated_at = ? WHERE id = ? AND clinic_id = ?",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, json_object_get_string_member (args, "purpose"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, json_object_get_string_member (args, "body"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "consent_template.update", error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  json_object_set_int_member (ax_mutation_get_result (m), "revision", revision + 1);
  json_object_set_int_member (detail, "revision", revision + 1);
  return ax_mutation_audit (m, "consent_template.update", "consent_template", id, detail, error);
}

/* consent_template.retire, consent_template.restore: a template is never
 * deleted; retired, it is no longer offered, and restored it is again. */

static const AxArgSpec id_only_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

static gboolean
set_template_active (AxMutation *m,
                     const char *mutator,
                     JsonObject *args,
                     gboolean    want,
                     GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  int revision = 0;
  gboolean active = FALSE;
  sqlite3_stmt *stmt;

  if (!read_template (m, mutator, id, &revision, &active, error))
    return FALSE;
  if (active == want)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            want ? _("%s: this template is already in use")
                                 : _("%s: this template is already retired"), mutator);
  if (want)
    {
      g_autofree char *name = NULL;
      gboolean taken;

      /* Two live templates of one name would be chosen by guess. */
      stmt = ax_db_prepare (ax_mutation_get_db (m),
                            "SELECT t.name FROM consent_templates t, consent_templates o "
                            " WHERE t.id = ?1 AND o.clinic_id = t.clinic_id AND o.id <> t.id "
                            "   AND o.deleted_at IS NULL AND o.active = 1 "
                            "   AND lower (o.name) = lower (t.name)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      if (taken)
        name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (taken)
        return ax_model_refuse (error, AX_MODEL_ERROR_DUPLICATE,
                                _("%s: there is already a consent template in use called “%s”; retire or "
                                  "rename it first"), mutator, name);
    }
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "UPDATE consent_templates SET active = ?, updated_at = ? "
                        " WHERE id = ? AND clinic_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, want ? 1 : 0);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), mutator, error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return ax_mutation_audit (m, mutator, "consent_template", id, NULL, error);
}

static gboolean
template_retire_run (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  return set_template_active (m, "consent_template.retire", args, FALSE, error);
}

static gboolean
template_restore_run (AxMutation *m,
                      JsonObject *args,
                      GError    **error)
{
  return set_template_active (m, "consent_template.restore", args, TRUE, error);
}

/* consent.create */

static const AxArgSpec create_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "template_id", AX_ARG_UUID, TRUE },
  { "appointment_id", AX_ARG_UUID },
  /* Filled in by prepare(): the text exactly as shown. */
  { "body", AX_ARG_TEXT, FALSE, 0, 2 * MAX_BODY_CHARS },
  { "purpose", AX_ARG_ENUM, FALSE, 0, 0, purposes },
  { "template_revision", AX_ARG_INT, FALSE, 1, G_MAXINT32 },
  { NULL }
};

static gboolean
has_value (JsonObject *args,
           const char *name)
{
  return json_object_has_member (args, name) && !json_object_get_null_member (args, name);
}

/* The values of the template fields for this patient (and appointment). */
static GHashTable *
field_values (AxMutation *m,
              const char *patient_id,
              const char *appointment_id,
              GError    **error)
{
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const AxClinicInfo *clinic = ax_store_get_clinic (ax_mutation_get_store (m));
  AxDb *db = ax_mutation_get_db (m);
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = ax_db_prepare (db, "SELECT first_name, last_name, patient_number, birth_date "
                            "  FROM patients WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      const char *first = (const char *) sqlite3_column_text (stmt, 0);
      const char *last = (const char *) sqlite3_column_text (stmt, 1);
      const char *birth = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *full = g_strdup_printf ("%s %s", first, last ? last : "");

      g_hash_table_insert (values, "patient.name", g_strdup (g_strstrip (full)));
      g_hash_table_insert (values, "patient.first_name", g_strdup (first));
      g_hash_table_insert (values, "patient.last_name", g_strdup (last ? last : ""));
      g_hash_table_insert (values, "patient.number", ax_db_column_dup (stmt, 2));
      if (birth != NULL && strlen (birth) == 10)
        {
          g_autoptr (GDateTime) d = g_date_time_new_utc (atoi (birth), atoi (birth + 5),
                                                         atoi (birth + 8), 0, 0, 0);
          g_hash_table_insert (values, "patient.birth_date",
                               d ? g_date_time_format (d, "%-d %B %Y") : g_strdup (birth));
        }
      else
        g_hash_table_insert (values, "patient.birth_date", g_strdup (_("not recorded")));
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("consent.create: there is no patient %s (it may have been deleted)"),
                            patient_id), NULL;

  g_hash_table_insert (values, "clinic.name", g_strdup (clinic->name));
  g_hash_table_insert (values, "clinic.address", g_strdup (clinic->address ? clinic->address : ""));
  g_hash_table_insert (values, "date", format_time (m, ax_mutation_get_now_ms (m), "%-d %B %Y"));

  if (appointment_id == NULL)
    return g_steal_pointer (&values);

  stmt = ax_db_prepare (db,
    "SELECT a.patient_id, a.start_at, pr.name, "
    "       (SELECT group_concat (name, ', ') FROM (SELECT s.name FROM appointment_services x "
    "          JOIN services s ON s.id = x.service_id "
    "         WHERE x.appointment_id = a.id AND x.deleted_at IS NULL ORDER BY x.sort_order)) "
    "  FROM appointments a LEFT JOIN providers pr ON pr.id = a.provider_id "
    " WHERE a.id = ? AND a.clinic_id = ? AND a.deleted_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, appointment_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), patient_id) != 0)
    {
      sqlite3_reset (stmt);
      return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                              _("consent.create: “appointment_id”: that appointment is another "
                                "patient's")), NULL;
    }
  if (found)
    {
      gint64 start = sqlite3_column_int64 (stmt, 1);
      const char *provider = (const char *) sqlite3_column_text (stmt, 2);
      const char *services = (const char *) sqlite3_column_text (stmt, 3);

      g_hash_table_insert (values, "provider.name", g_strdup (provider ? provider : ""));
      g_hash_table_insert (values, "service.name", g_strdup (services ? services : ""));
      g_hash_table_insert (values, "appointment.date", format_time (m, start, "%-d %B %Y"));
      g_hash_table_insert (values, "appointment.time", format_time (m, start, "%H:%M"));
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("consent.create: there is no appointment %s (it may have been cancelled "
                              "and removed)"), appointment_id), NULL;
  return g_steal_pointer (&values);
}

static gboolean
create_prepare (AxMutation *m,
                JsonObject *args,
                GError    **error)
{
  const char *template_id = json_object_get_string_member (args, "template_id");
  const char *patient_id = json_object_get_string_member (args, "patient_id");
  const char *appointment_id = has_value (args, "appointment_id")
                                 ? json_object_get_string_member (args, "appointment_id") : NULL;
  g_autoptr (GHashTable) values = NULL;
  g_autofree char *body = NULL;
  g_autofree char *template_body = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) local = NULL;
  sqlite3_stmt *stmt;
  int revision = 0;
  gboolean active = FALSE, found;

  if (!ax_mutation_prepare_id (m, args, error))
    return FALSE;

  /* A replay keeps the text that was shown and signed at the desk. */
  if (has_value (args, "body"))
    {
      if (!has_value (args, "purpose") || !has_value (args, "template_revision"))
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("consent.create: a filled-in “body” comes with its “purpose” and "
                                  "“template_revision”"));
      return TRUE;
    }

  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "SELECT body, purpose, revision, active, name FROM consent_templates "
                        " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      template_body = ax_db_column_dup (stmt, 0);
      purpose = ax_db_column_dup (stmt, 1);
      revision = sqlite3_column_int (stmt, 2);
      active = sqlite3_column_int (stmt, 3) != 0;
      name = ax_db_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("consent.create: there is no consent template %s (it may have been "
                              "deleted)"), template_id);
  if (!active)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("consent.create: the template “%s” is retired; choose a current one"), name);
  if (appointment_id == NULL && ax_consent_template_needs_appointment (template_body))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("consent.create: “appointment_id”: the template “%s” names the provider "
                              "or the service; choose the appointment it is for"), name);

  values = field_values (m, patient_id, appointment_id, error);
  if (values == NULL)
    return FALSE;
  body = ax_consent_template_fill (template_body, values, &local);
  if (body == NULL)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS, "consent.create: %s", local->message);

  json_object_set_string_member (args, "body", body);
  json_object_set_string_member (args, "purpose", purpose);
  json_object_set_int_member (args, "template_revision", revision);
  return TRUE;
}

static gboolean
create_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *appointment_id = has_value (args, "appointment_id")
                                 ? json_object_get_string_member (args, "appointment_id") : NULL;
  sqlite3_stmt *stmt;

  if (!ax_mutation_require_row (m, "patients", json_object_get_string_member (args, "patient_id"),
                                _("patient"), error))
    return FALSE;
  if (!ax_mutation_require_row (m, "consent_templates",
                                json_object_get_string_member (args, "template_id"),
                                _("consent template"), error))
    return FALSE;
  if (appointment_id != NULL
      && !ax_mutation_require_row (m, "appointments", appointment_id, _("appointment"), error))
    return FALSE;

  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "INSERT INTO consents (id, clinic_id, created_at, updated_at, patient_id, "
                        "  template_id, appointment_id, purpose, body, template_revision, status) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, json_object_get_string_member (args, "patient_id"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, json_object_get_string_member (args, "template_id"), -1,
                     SQLITE_STATIC);
  if (appointment_id != NULL)
    sqlite3_bind_text (stmt, 7, appointment_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_text (stmt, 8, json_object_get_string_member (args, "purpose"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, json_object_get_string_member (args, "body"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, json_object_get_int_member (args, "template_revision"));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      int rc = sqlite3_extended_errcode (ax_db_get_handle (ax_mutation_get_db (m)));

      sqlite3_reset (stmt);
      /* The id is taken: on the server, a desk that had not yet seen a
       * consent made elsewhere under the same id. A consent is written
       * once; this one is not overwritten. */
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return ax_model_refuse (error, AX_MODEL_ERROR_DUPLICATE,
                                _("consent.create: a consent %s already exists; a consent is never "
                                  "changed once made (create a new consent instead)"), id);
      return ax_db_fail (ax_mutation_get_db (m), "consent.create", error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

/* consent.sign */

static const AxArgSpec sign_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "signer_name", AX_ARG_STRING, FALSE, 0, 120 },
  { "strokes", AX_ARG_OBJECT, TRUE },
  /* Filled in by prepare(). */
  { "signature_id", AX_ARG_UUID },
  { "signed_at", AX_ARG_INSTANT },
  { NULL }
};

static gboolean
number_of (JsonNode *node,
           double   *out)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

/* The strokes checked and normalised: {width, height} whole pad units,
 * x and y rounded to a tenth of a unit inside the pad, t whole
 * milliseconds. NULL with an error naming what is wrong. */
static JsonNode *
normalise_strokes (JsonObject  *in,
                   GError     **error)
{
  g_autoptr (JsonObject) out = json_object_new ();
  g_autoptr (JsonArray) strokes_out = json_array_new ();
  g_autoptr (GList) members = json_object_get_members (in);
  JsonNode *strokes_node = json_object_get_member (in, "strokes");
  JsonArray *strokes;
  double w, h;
  guint total = 0;
  gboolean drawn = FALSE;

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains ((const char *const[]) { "width", "height", "strokes", NULL }, l->data))
      return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                              _("consent.sign: “strokes” has no field “%s” (it has width, height and "
                                "strokes)"), (char *) l->data), NULL;
  if (!number_of (json_object_get_member (in, "width"), &w)
      || !number_of (json_object_get_member (in, "height"), &h)
      || w < MIN_PAD || h < MIN_PAD / 2 || w > MAX_PAD || h > MAX_PAD)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("consent.sign: “strokes”: the pad's width and height must be numbers "
                              "between %d and %d"), MIN_PAD / 2, MAX_PAD), NULL;
  w = round (w);
  h = round (h);
  if (strokes_node == NULL || !JSON_NODE_HOLDS_ARRAY (strokes_node))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("consent.sign: “strokes”: “strokes” must be a list of strokes, each a "
                              "list of [x, y] or [x, y, t] points")), NULL;
  strokes = json_node_get_array (strokes_node);
  if (json_array_get_length (strokes) > MAX_STROKES)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("consent.sign: “strokes”: a signature has at most %d strokes"),
                            MAX_STROKES), NULL;

  for (guint i = 0; i < json_array_get_length (strokes); i++)
    {
      JsonNode *stroke_node = json_array_get_element (strokes, i);
      g_autoptr (JsonArray) stroke_out = json_array_new ();
      JsonArray *stroke;

      if (!JSON_NODE_HOLDS_ARRAY (stroke_node))
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("consent.sign: “strokes”: stroke %u is not a list of points"), i + 1), NULL;
      stroke = json_node_get_array (stroke_node);
      if (json_array_get_length (stroke) == 0)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("consent.sign: “strokes”: stroke %u has no points"), i + 1), NULL;
      if (json_array_get_length (stroke) > MAX_POINTS_PER_STROKE)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("consent.sign: “strokes”: stroke %u has more than %d points"), i + 1,
                                MAX_POINTS_PER_STROKE), NULL;
      total += json_array_get_length (stroke);
      if (total > MAX_POINTS)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("consent.sign: “strokes”: a signature has at most %d points"),
                                MAX_POINTS), NULL;
      drawn = drawn || json_array_get_length (stroke) >= 2;

      for (guint j = 0; j < json_array_get_length (stroke); j++)
        {
          JsonNode *point_node = json_array_get_element (stroke, j);
          g_autoptr (JsonArray) point_out = json_array_new ();
          JsonArray *point;
          double x, y, t = 0;
          guint n;

          if (!JSON_NODE_HOLDS_ARRAY (point_node))
            return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                    _("consent.sign: “strokes”: point %u of stroke %u is not [x, y] or "
                                      "[x, y, t]"), j + 1, i + 1), NULL;
          point = json_node_get_array (point_node);
          n = json_array_get_length (point);
          if (n < 2 || n > 3
              || !number_of (json_array_get_element (point, 0), &x)
              || !number_of (json_array_get_element (point, 1), &y)
              || (n == 3 && !number_of (json_array_get_element (point, 2), &t)))
            return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                    _("consent.sign: “strokes”: point %u of stroke %u is not [x, y] or "
                                      "[x, y, t] numbers"), j + 1, i + 1), NULL;
          if (x < 0 || y < 0 || x > w || y > h)
            return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                    _("consent.sign: “strokes”: point %u of stroke %u (%.1f, %.1f) is "
                                      "outside the %.0f × %.0f pad"), j + 1, i + 1, x, y, w, h), NULL;
          if (t < 0 || t > MAX_T_MS)
            return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                    _("consent.sign: “strokes”: the time of point %u of stroke %u must "
                                      "be between 0 and %d ms"), j + 1, i + 1, MAX_T_MS), NULL;
          json_array_add_double_element (point_out, round (x * 10) / 10);
          json_array_add_double_element (point_out, round (y * 10) / 10);
          if (n == 3)
            json_array_add_int_element (point_out, (gint64) round (t));
          json_array_add_array_element (stroke_out, g_steal_pointer (&point_out));
        }
      json_array_add_array_element (strokes_out, g_steal_pointer (&stroke_out));
    }
  if (!drawn)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("consent.sign: the signature is empty; sign on the pad first (at least one "
                              "stroke of two points or more)")), NULL;

  json_object_set_int_member (out, "width", (gint64) w);
  json_object_set_int_member (out, "height", (gint64) h);
  json_object_set_array_member (out, "strokes", g_steal_pointer (&strokes_out));
  return json_node_init_object (json_node_alloc (), out);
}

static gboolean
sign_prepare (AxMutation *m,
              JsonObject *args,
              GError    **error)
{
  JsonNode *strokes = normalise_strokes (json_object_get_object_member (args, "strokes"), error);

  if (strokes == NULL)
    return FALSE;
  json_object_set_member (args, "strokes", strokes);
  if (!has_value (args, "signature_id"))
    {
      char id[AX_UUID_STRLEN];

      ax_uuid_v7 (id);
      json_object_set_string_member (args, "signature_id", id);
    }
  if (!has_value (args, "signed_at"))
    json_object_set_int_member (args, "signed_at", ax_mutation_get_now_ms (m));
  return TRUE;
}

typedef struct
{
  char            *patient_id;
  char            *patient_name;
  char            *purpose;
  char            *body;
  int              template_revision;
  AxConsentStatus  status;
  gint64           signed_ms;
  gint64           withdrawn_ms;
  char            *signer_name;
} ConsentRow;

static void
consent_row_clear (ConsentRow *row)
{
  g_free (row->patient_id);
  g_free (row->patient_name);
  g_free (row->purpose);
  g_free (row->body);
  g_free (row->signer_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConsentRow, consent_row_clear)

static gboolean
read_consent (AxMutation *m,
              const char *mutator,
              const char *id,
              ConsentRow *row,
              GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT c.patient_id, trim (p.first_name || ' ' || p.last_name), c.purpose, c.body, "
    "       c.template_revision, c.status, c.signed_at, c.withdrawn_at, s.signer_name "
    "  FROM consents c JOIN patients p ON p.id = c.patient_id "
    "  LEFT JOIN signatures s ON s.id = c.signature_id "
    " WHERE c.id = ? AND c.clinic_id = ? AND c.deleted_at IS NULL", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 5);

      row->patient_id = ax_db_column_dup (stmt, 0);
      row->patient_name = ax_db_column_dup (stmt, 1);
      row->purpose = ax_db_column_dup (stmt, 2);
      row->body = ax_db_column_dup (stmt, 3);
      row->template_revision = sqlite3_column_int (stmt, 4);
      row->status = g_str_equal (status, "signed") ? AX_CONSENT_SIGNED
                    : g_str_equal (status, "withdrawn") ? AX_CONSENT_WITHDRAWN
                    : AX_CONSENT_PENDING;
      row->signed_ms = sqlite3_column_int64 (stmt, 6);
      row->withdrawn_ms = sqlite3_column_int64 (stmt, 7);
      row->signer_name = ax_db_column_dup (stmt, 8);
    }
  sqlite3_reset (stmt);
  if (!found)
    return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                            _("%s: there is no consent %s (it may have been deleted)"), mutator, id);
  return TRUE;
}

static gboolean
sign_run (AxMutation *m,
          JsonObject *args,
          GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *id = json_object_get_string_member (args, "id");
  const char *signature_id = json_object_get_string_member (args, "signature_id");
  gint64 signed_at = json_object_get_int_member (args, "signed_at");
  JsonNode *strokes = json_object_get_member (args, "strokes");
  g_autofree char *signer = trimmed_member (args, "signer_name");
  g_autofree char *strokes_json = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (JsonNode) content = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  g_auto (ConsentRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (!read_consent (m, "consent.sign", id, &row, error))
    return FALSE;
  if (row.status != AX_CONSENT_PENDING)
    {
      g_autofree char *when = format_time (m, row.signed_ms, "%-d %b %Y %H:%M");

      return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                              _("consent.sign: this consent was already signed by %s on %s; a signed "
                                "consent cannot be signed again or changed (create a new consent "
                                "instead)"), row.signer_name ? row.signer_name : "?", when);
    }
  if (signer == NULL || *signer == '\0')
    {
      g_free (signer);
      signer = g_strdup (row.patient_name);
    }

  content = ax_consent_signed_content (row.body, row.purpose, row.patient_id,
                                       row.template_revision, strokes);
  hash = ax_canonical_json_sha256 (content);
  strokes_json = ax_canonical_json (strokes);

  stmt = ax_db_prepare (db,
                        "INSERT INTO signatures (id, clinic_id, created_at, updated_at, "
                        "  subject_type, subject_id, signer_user_id, signer_name, signed_at, "
                        "  meaning, content_sha256, strokes_json) "
                        "VALUES (?, ?, ?, ?, 'consent', ?, NULL, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, signature_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, signer, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, signed_at);
  sqlite3_bind_text (stmt, 8, AX_CONSENT_MEANING, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, strokes_json, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, "consent.sign", error);
    }
  sqlite3_reset (stmt);

  stmt = ax_db_prepare (db, "UPDATE consents SET status = 'signed', signed_at = ?, "
                            "  signature_id = ?, updated_at = ? "
                            " WHERE id = ? AND clinic_id = ? AND status = 'pending'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, signed_at);
  sqlite3_bind_text (stmt, 2, signature_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, "consent.sign", error);
    }
  sqlite3_reset (stmt);

  json_object_set_string_member (detail, "signature_id", signature_id);
  json_object_set_string_member (detail, "signer_name", signer);
  json_object_set_string_member (detail, "content_sha256", hash);
  if (!ax_mutation_audit (m, "sign", "consent", id, detail, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  json_object_set_string_member (ax_mutation_get_result (m), "signature_id", signature_id);
  json_object_set_string_member (ax_mutation_get_result (m), "content_sha256", hash);
  return TRUE;
}

/* consent.withdraw */

static const AxArgSpec withdraw_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "reason", AX_ARG_TEXT, TRUE, 0, 500 },
  { "withdrawn_at", AX_ARG_INSTANT },
  { NULL }
};

static gboolean
withdraw_prepare (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  if (!has_value (args, "withdrawn_at"))
    json_object_set_int_member (args, "withdrawn_at", ax_mutation_get_now_ms (m));
  return TRUE;
}

static gboolean
withdraw_run (AxMutation *m,
              JsonObject *args,
              GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  gint64 at = json_object_get_int_member (args, "withdrawn_at");
  g_autofree char *reason = trimmed_member (args, "reason");
  g_autoptr (JsonObject) detail = json_object_new ();
  g_auto (ConsentRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (!read_consent (m, "consent.withdraw", id, &row, error))
    return FALSE;
  if (row.status == AX_CONSENT_PENDING)
    return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                            _("consent.withdraw: this consent was never signed, so there is nothing to "
                              "withdraw"));
  if (row.status == AX_CONSENT_WITHDRAWN)
    {
      g_autofree char *when = format_time (m, row.withdrawn_ms, "%-d %b %Y %H:%M");

      return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                              _("consent.withdraw: this consent was already withdrawn on %s"), when);
    }
  if (at < row.signed_ms)
    {
      /* On the server: a desk withdrew its own signing of this consent,
       * but another desk's signing, made later, reached the server first
       * (the first one was rejected). The later signature stands. */
      g_autofree char *signed_when = format_time (m, row.signed_ms, "%-d %b %Y %H:%M");
      g_autofree char *withdrawn_when = format_time (m, at, "%-d %b %Y %H:%M");

      return ax_model_refuse (error, AX_MODEL_ERROR_RULE,
                              _("consent.withdraw: this consent was signed by %s on %s, after the "
                                "withdrawal (%s); it stays signed. Withdraw it again if the patient still "
                                "wishes to"), row.signer_name ? row.signer_name : "?", signed_when,
                              withdrawn_when);
    }

  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "UPDATE consents SET status = 'withdrawn', withdrawn_at = ?, "
                        "  withdraw_reason = ?, updated_at = ? "
                        " WHERE id = ? AND clinic_id = ? AND status = 'signed'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "consent.withdraw", error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (detail, "reason", reason);
  if (!ax_mutation_audit (m, "withdraw", "consent", id, detail, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

/* consent.export */

static const char *const export_formats[] = { "pdf", NULL };

static const AxArgSpec export_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "format", AX_ARG_ENUM, TRUE, 0, 0, export_formats },
  { NULL }
};

static gboolean
export_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr (JsonObject) detail = json_object_new ();

  if (!ax_mutation_require_row (m, "consents", id, _("consent"), error))
    return FALSE;
  json_object_set_string_member (detail, "format", json_object_get_string_member (args, "format"));
  if (!ax_mutation_audit (m, "export", "consent", id, detail, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "consent_template.add", AX_PERM_SETTINGS_EDIT, template_add_args, FALSE,
    ax_mutation_prepare_id, template_add_run, "consent_templates" },
  { "consent_template.update", AX_PERM_SETTINGS_EDIT, template_update_args, FALSE, NULL,
    template_update_run, NULL },
  { "consent_template.retire", AX_PERM_SETTINGS_EDIT, id_only_args, FALSE, NULL,
    template_retire_run, NULL },
  { "consent_template.restore", AX_PERM_SETTINGS_EDIT, id_only_args, FALSE, NULL,
    template_restore_run, NULL },
  { "consent.create", AX_PERM_PATIENT_EDIT, create_args, FALSE, create_prepare, create_run, NULL },
  { "consent.sign", AX_PERM_PATIENT_EDIT, sign_args, FALSE, sign_prepare, sign_run, NULL },
  { "consent.withdraw", AX_PERM_PATIENT_EDIT, withdraw_args, FALSE, withdraw_prepare,
    withdraw_run, NULL },
  { "consent.export", AX_PERM_PATIENT_VIEW, export_args, FALSE, NULL, export_run, NULL },
};

void
ax_consents_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
