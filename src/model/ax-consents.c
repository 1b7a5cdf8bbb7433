/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Consents: template fields, the signed content and its hash, and the
 * queries. The mutators are in ax-consents-mutators.c (docs/consents.md). */

#include "ax-consents.h"
#include "ax-canonical-json.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define CLINIC_ID "(SELECT id FROM clinics WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)"

static const char *const fields[] = {
  "patient.name", "patient.first_name", "patient.last_name", "patient.number",
  "patient.birth_date", "clinic.name", "clinic.address", "date",
  "provider.name", "service.name", "appointment.date", "appointment.time",
  NULL
};

/* Values */

static void
consent_clear (gpointer data)
{
  AxConsent *c = data;

  g_free (c->id);
  g_free (c->patient_id);
  g_free (c->patient_name);
  g_free (c->patient_number);
  g_free (c->template_id);
  g_free (c->template_name);
  g_free (c->appointment_id);
  g_free (c->purpose);
  g_free (c->body);
  g_free (c->withdraw_reason);
  g_free (c->signature_id);
  g_free (c->signer_name);
  g_free (c->signer_user_id);
  g_free (c->meaning);
  g_free (c->content_sha256);
  g_clear_pointer (&c->strokes, json_node_unref);
}

AxConsent *
ax_consent_ref (AxConsent *consent)
{
  return g_atomic_rc_box_acquire (consent);
}

void
ax_consent_unref (AxConsent *consent)
{
  g_atomic_rc_box_release_full (consent, consent_clear);
}

void
ax_consent_template_free (AxConsentTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_free (tmpl->id);
  g_free (tmpl->name);
  g_free (tmpl->purpose);
  g_free (tmpl->body);
  g_free (tmpl);
}

void
ax_consent_summary_free (AxConsentSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->id);
  g_free (summary->template_name);
  g_free (summary->purpose);
  g_free (summary);
}

const char *
ax_consent_status_to_string (AxConsentStatus status)
{
  switch (status)
    {
    case AX_CONSENT_SIGNED: return "signed";
    case AX_CONSENT_WITHDRAWN: return "withdrawn";
    case AX_CONSENT_PENDING:
    default:
      return "pending";
    }
}

static AxConsentStatus
status_from_string (const char *text)
{
  if (g_strcmp0 (text, "signed") == 0)
    return AX_CONSENT_SIGNED;
  if (g_strcmp0 (text, "withdrawn") == 0)
    return AX_CONSENT_WITHDRAWN;
  return AX_CONSENT_PENDING;
}

const char *
ax_consent_status_display_name (AxConsentStatus status)
{
  switch (status)
    {
    case AX_CONSENT_SIGNED: return _("Signed");
    case AX_CONSENT_WITHDRAWN: return _("Withdrawn");
    case AX_CONSENT_PENDING:
    default:
      return _("Pending");
    }
}

const char *
ax_consent_purpose_display_name (const char *purpose)
{
  if (g_strcmp0 (purpose, "treatment") == 0)
    return _("Treatment");
  if (g_strcmp0 (purpose, "photo_marketing") == 0)
    return _("Photos for marketing");
  if (g_strcmp0 (purpose, "data") == 0)
    return _("Data");
  return _("Other");
}

/* Template fields */

const char *const *
ax_consent_fields (void)
{
  return fields;
}

/* Walks body's {{fields}}: calls each (name) for every field and appends
 * the text between them to out (when out is not NULL). */
typedef gboolean (*FieldFunc) (const char *name,
                               GString    *out,
                               gpointer    data,
                               GError    **error);

static gboolean
walk_fields (const char *body,
             GString    *out,
             FieldFunc   each,
             gpointer    data,
             GError    **error)
{
  const char *p = body;

  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      const char *close;
      g_autofree char *name = NULL;

      if (open == NULL)
        {
          if (out != NULL)
            g_string_append (out, p);
          break;
        }
      if (out != NULL)
        g_string_append_len (out, p, open - p);
      close = strstr (open + 2, "}}");
      if (close == NULL || memchr (open + 2, '\n', close - open - 2) != NULL)
        {
          g_autofree char *start = g_utf8_substring (open, 0, MIN (g_utf8_strlen (open, -1), 30));

          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                       _("A field is opened with {{ but not closed with }} on the same line: “%s”"),
                       start);
          return FALSE;
        }
      name = g_strstrip (g_strndup (open + 2, close - open - 2));
      if (!each (name, out, data, error))
        return FALSE;
      p = close + 2;
    }
  return TRUE;
}

static gboolean
check_field_cb (const char *name,
                GString    *out,
                gpointer    data,
                GError    **error)
{
  g_autofree char *known = NULL;
  GString *list;

  if (g_strv_contains (fields, name))
    return TRUE;
  list = g_string_new (NULL);
  for (int i = 0; fields[i] != NULL; i++)
    g_string_append_printf (list, "%s{{%s}}", i > 0 ? ", " : "", fields[i]);
  known = g_string_free (list, FALSE);
  g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
               _("Unknown field {{%s}}; known fields are %s"), name, known);
  return FALSE;
}

gboolean
ax_consent_template_check (const char  *body,
                           GError     **error)
{
  return walk_fields (body, NULL, check_field_cb, NULL, error);
}

static gboolean
fill_field_cb (const char *name,
               GString    *out,
               gpointer    data,
               GError    **error)
{
  GHashTable *values = data;
  const char *value;

  if (!check_field_cb (name, out, NULL, error))
    return FALSE;
  value = g_hash_table_lookup (values, name);
  if (value == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("The field {{%s}} has no value here"), name);
      return FALSE;
    }
  g_string_append (out, value);
  return TRUE;
}

char *
ax_consent_template_fill (const char  *body,
                          GHashTable  *values,
                          GError     **error)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (!walk_fields (body, out, fill_field_cb, values, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
needs_appointment_cb (const char *name,
                      GString    *out,
                      gpointer    data,
                      GError    **error)
{
  gboolean *needs = data;

  if (g_str_has_prefix (name, "provider.") || g_str_has_prefix (name, "service.")
      || g_str_has_prefix (name, "appointment."))
    *needs = TRUE;
  return TRUE;
}

gboolean
ax_consent_template_needs_appointment (const char *body)
{
  gboolean needs = FALSE;

  walk_fields (body, NULL, needs_appointment_cb, &needs, NULL);
  return needs;
}

/* The signed content */

JsonNode *
ax_consent_signed_content (const char *body,
                           const char *purpose,
                           const char *patient_id,
                           int         template_revision,
                           JsonNode   *strokes)
{
  g_autoptr (JsonObject) obj = json_object_new ();

  json_object_set_string_member (obj, "body", body);
  json_object_set_string_member (obj, "purpose", purpose);
  json_object_set_string_member (obj, "patient_id", patient_id);
  json_object_set_int_member (obj, "template_revision", template_revision);
  json_object_set_member (obj, "strokes", strokes ? json_node_copy (strokes)
                                                  : json_node_new (JSON_NODE_NULL));
  return json_node_init_object (json_node_alloc (), obj);
}

char *
ax_consent_content_sha256 (AxConsent *consent)
{
  g_autoptr (JsonNode) content = ax_consent_signed_content (consent->body, consent->purpose,
                                                             consent->patient_id,
                                                             consent->template_revision,
                                                             consent->strokes);

  return ax_canonical_json_sha256 (content);
}

/* Queries */

GPtrArray *
ax_consent_templates_query (AxDb      *db,
                            gboolean   active_only,
                            GError   **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_consent_template_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT id, name, purpose, body, revision, active FROM consent_templates "
    " WHERE clinic_id = " CLINIC_ID " AND deleted_at IS NULL AND (?1 = 0 OR active = 1) "
    " ORDER BY active DESC, name COLLATE NOCASE, id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only ? 1 : 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxConsentTemplate *t = g_new0 (AxConsentTemplate, 1);

      t->id = ax_db_column_dup (stmt, 0);
      t->name = ax_db_column_dup (stmt, 1);
      t->purpose = ax_db_column_dup (stmt, 2);
      t->body = ax_db_column_dup (stmt, 3);
      t->revision = sqlite3_column_int (stmt, 4);
      t->active = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (list, t);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

GPtrArray *
ax_consents_query (AxDb        *db,
                   const char  *patient_id,
                   GError     **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_consent_summary_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT c.id, t.name, c.purpose, c.status, c.created_at, c.signed_at, c.withdrawn_at "
    "  FROM consents c JOIN consent_templates t ON t.id = c.template_id "
    " WHERE c.patient_id = ?1 AND c.deleted_at IS NULL "
    " ORDER BY c.created_at DESC, c.id DESC", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxConsentSummary *s = g_new0 (AxConsentSummary, 1);

      s->id = ax_db_column_dup (stmt, 0);
      s->template_name = ax_db_column_dup (stmt, 1);
      s->purpose = ax_db_column_dup (stmt, 2);
      s->status = status_from_string ((const char *) sqlite3_column_text (stmt, 3));
      s->created_ms = sqlite3_column_int64 (stmt, 4);
      s->signed_ms = sqlite3_column_int64 (stmt, 5);
      s->withdrawn_ms = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (list, s);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

AxConsent *
ax_consent_query (AxDb        *db,
                  const char  *id,
                  GError     **error)
{
  AxConsent *c;
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT c.id, c.patient_id, trim (p.first_name || ' ' || p.last_name), p.patient_number, "
    "       c.template_id, t.name, c.template_revision, c.appointment_id, c.purpose, c.body, "
    "       c.status, c.created_at, c.signed_at, c.withdrawn_at, c.withdraw_reason, "
    "       s.id, s.signer_name, s.signer_user_id, s.meaning, s.content_sha256, s.strokes_json "
    "  FROM consents c "
    "  JOIN patients p ON p.id = c.patient_id "
    "  JOIN consent_templates t ON t.id = c.template_id "
    "  LEFT JOIN signatures s ON s.id = c.signature_id AND s.subject_type = 'consent' "
    "       AND s.subject_id = c.id "
    " WHERE c.id = ?1 AND c.deleted_at IS NULL", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("There is no consent %s (it may have been deleted)"), id);
      return NULL;
    }

  c = g_atomic_rc_box_new0 (AxConsent);
  c->id = ax_db_column_dup (stmt, 0);
  c->patient_id = ax_db_column_dup (stmt, 1);
  c->patient_name = ax_db_column_dup (stmt, 2);
  c->patient_number = ax_db_column_dup (stmt, 3);
  c->template_id = ax_db_column_dup (stmt, 4);
  c->template_name = ax_db_column_dup (stmt, 5);
  c->template_revision = sqlite3_column_int (stmt, 6);
  c->appointment_id = ax_db_column_dup (stmt, 7);
  c->purpose = ax_db_column_dup (stmt, 8);
  c->body = ax_db_column_dup (stmt, 9);
  c->status = status_from_string ((const char *) sqlite3_column_text (stmt, 10));
  c->created_ms = sqlite3_column_int64 (stmt, 11);
  c->signed_ms = sqlite3_column_int64 (stmt, 12);
  c->withdrawn_ms = sqlite3_column_int64 (stmt, 13);
  c->withdraw_reason = ax_db_column_dup (stmt, 14);
  c->signature_id = ax_db_column_dup (stmt, 15);
  c->signer_name = ax_db_column_dup (stmt, 16);
  c->signer_user_id = ax_db_column_dup (stmt, 17);
  c->meaning = ax_db_column_dup (stmt, 18);
  c->content_sha256 = ax_db_column_dup (stmt, 19);
  if (sqlite3_column_type (stmt, 20) != SQLITE_NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 20), -1,
                                      NULL))
        c->strokes = json_node_ref (json_parser_get_root (parser));
    }
  sqlite3_reset (stmt);
  return c;
}

static void
appointment_free (AxConsentAppointment *a)
{
  g_free (a->id);
  g_free (a->provider_name);
  g_free (a->services);
  g_free (a);
}

void
ax_consent_choices_free (AxConsentChoices *choices)
{
  if (choices == NULL)
    return;
  g_clear_pointer (&choices->templates, g_ptr_array_unref);
  g_clear_pointer (&choices->appointments, g_ptr_array_unref);
  g_free (choices);
}

AxConsentChoices *
ax_consent_choices_query (AxDb        *db,
                          const char  *patient_id,
                          gint64       since_ms,
                          GError     **error)
{
  g_autoptr (AxConsentChoices) choices = g_new0 (AxConsentChoices, 1);
  sqlite3_stmt *stmt;

  choices->templates = ax_consent_templates_query (db, TRUE, error);
  if (choices->templates == NULL)
    return NULL;
  choices->appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) appointment_free);
  stmt = ax_db_prepare (db,
    "SELECT a.id, a.start_at, coalesce (pr.name, ''), "
    "       coalesce ((SELECT group_concat (name, ', ') FROM (SELECT s.name "
    "          FROM appointment_services x JOIN services s ON s.id = x.service_id "
    "         WHERE x.appointment_id = a.id AND x.deleted_at IS NULL ORDER BY x.sort_order)), '') "
    "  FROM appointments a LEFT JOIN providers pr ON pr.id = a.provider_id "
    " WHERE a.patient_id = ?1 AND a.deleted_at IS NULL AND a.end_at > ?2 "
    "   AND a.status NOT IN ('cancelled', 'no_show') "
    " ORDER BY a.start_at LIMIT 20", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, since_ms);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxConsentAppointment *a = g_new0 (AxConsentAppointment, 1);

      a->id = ax_db_column_dup (stmt, 0);
      a->start_ms = sqlite3_column_int64 (stmt, 1);
      a->provider_name = ax_db_column_dup (stmt, 2);
      a->services = ax_db_column_dup (stmt, 3);
      g_ptr_array_add (choices->appointments, a);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&choices);
}

/* On a worker */

typedef struct
{
  char     *id;
  gboolean  flag;
  gint64    since_ms;
} Job;

static void
job_free (Job *job)
{
  g_free (job->id);
  g_free (job);
}

static Job *
job_new (const char *id,
         gboolean    flag)
{
  Job *job = g_new0 (Job, 1);

  job->id = g_strdup (id);
  job->flag = flag;
  return job;
}

static gpointer
templates_read (AxDb     *db,
                gpointer  data,
                GError  **error)
{
  return ax_consent_templates_query (db, ((Job *) data)->flag, error);
}

void
ax_consent_templates_query_async (AxStore             *store,
                                  gboolean             active_only,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ax_store_read_async (store, templates_read, job_new (NULL, active_only),
                       (GDestroyNotify) job_free, (GDestroyNotify) g_ptr_array_unref,
                       ax_consent_templates_query_async, cancellable, callback, user_data);
}

GPtrArray *
ax_consent_templates_query_finish (AxStore      *store,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return ax_store_read_finish (store, result, ax_consent_templates_query_async, error);
}

static gpointer
consents_read (AxDb     *db,
               gpointer  data,
               GError  **error)
{
  return ax_consents_query (db, ((Job *) data)->id, error);
}

void
ax_consents_query_async (AxStore             *store,
                         const char          *patient_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  ax_store_read_async (store, consents_read, job_new (patient_id, FALSE),
                       (GDestroyNotify) job_free, (GDestroyNotify) g_ptr_array_unref,
                       ax_consents_query_async, cancellable, callback, user_data);
}

GPtrArray *
ax_consents_query_finish (AxStore      *store,
                          GAsyncResult *result,
                          GError      **error)
{
  return ax_store_read_finish (store, result, ax_consents_query_async, error);
}

static gpointer
consent_read (AxDb     *db,
              gpointer  data,
              GError  **error)
{
  return ax_consent_query (db, ((Job *) data)->id, error);
}

void
ax_consent_query_async (AxStore             *store,
                        const char          *id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  ax_store_read_async (store, consent_read, job_new (id, FALSE), (GDestroyNotify) job_free,
                       (GDestroyNotify) ax_consent_unref, ax_consent_query_async, cancellable,
                       callback, user_data);
}

AxConsent *
ax_consent_query_finish (AxStore      *store,
                         GAsyncResult *result,
                         GError      **error)
{
  return ax_store_read_finish (store, result, ax_consent_query_async, error);
}

static gpointer
choices_read (AxDb     *db,
              gpointer  data,
              GError  **error)
{
  Job *job = data;

  return ax_consent_choices_query (db, job->id, job->since_ms, error);
}

void
ax_consent_choices_query_async (AxStore             *store,
                                const char          *patient_id,
                                gint64               since_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job = job_new (patient_id, FALSE);

  job->since_ms = since_ms;
  ax_store_read_async (store, choices_read, job, (GDestroyNotify) job_free,
                       (GDestroyNotify) ax_consent_choices_free, ax_consent_choices_query_async,
                       cancellable, callback, user_data);
}

AxConsentChoices *
ax_consent_choices_query_finish (AxStore      *store,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return ax_store_read_finish (store, result, ax_consent_choices_query_async, error);
}
