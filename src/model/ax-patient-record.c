/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The patient record: what the record overview reads. The mutators of its
 * parts are in ax-patient-record-mutators.c; demographics are
 * patient.create / patient.update (ax-patients.c). */

#include "ax-patient-record.h"
#include "ax-model-error.h"
#include "ax-mask.h"
#include "ax-credits.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

/* One clinic per desktop store: its id is the first live clinic's. */
#define CLINIC_ID "(SELECT id FROM clinics WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)"

/* The record value */

static void
allergy_free (AxRecordAllergy *a)
{
  g_free (a->id);
  g_free (a->substance);
  g_free (a->reaction);
  g_free (a);
}

static void
note_free (AxRecordNote *n)
{
  g_free (n->id);
  g_free (n->kind);
  g_free (n->body);
  g_free (n->author_name);
  g_free (n->addendum_of);
  g_free (n);
}

static void
record_appointment_free (AxRecordAppointment *a)
{
  g_clear_pointer (&a->appointment, ax_appointment_unref);
  g_free (a->provider_name);
  g_free (a->room_name);
  g_free (a);
}

static void
plan_free (AxRecordPlan *p)
{
  g_free (p->id);
  g_free (p->service_id);
  g_free (p->provider_id);
  g_free (p->status);
  g_free (p->service_name);
  g_free (p->provider_name);
  g_free (p->notes);
  g_free (p);
}

static void
package_free (AxRecordPackage *p)
{
  g_free (p->id);
  g_free (p->package_name);
  g_free (p->service_name);
  g_free (p);
}

static void
membership_free (AxRecordMembership *m)
{
  g_free (m->id);
  g_free (m->plan_name);
  g_free (m->status);
  g_free (m);
}

static void
reading_free (AxVitalsReading *v)
{
  g_free (v->id);
  g_free (v->recorder_name);
  g_free (v);
}

static void
record_clear (gpointer data)
{
  AxPatientRecord *r = data;

  g_free (r->id);
  g_free (r->patient_number);
  g_free (r->first_name);
  g_free (r->last_name);
  g_free (r->nickname);
  g_free (r->birth_date);
  g_free (r->sex);
  g_free (r->phone);
  g_free (r->email);
  g_free (r->national_id);
  g_free (r->address);
  g_free (r->line_id);
  g_free (r->emergency_contact);
  g_free (r->notes);
  g_clear_pointer (&r->allergies, g_ptr_array_unref);
  g_clear_pointer (&r->medical_notes, g_ptr_array_unref);
  g_clear_pointer (&r->tags, g_strfreev);
  g_clear_pointer (&r->upcoming, g_ptr_array_unref);
  g_clear_pointer (&r->plans, g_ptr_array_unref);
  g_clear_pointer (&r->packages, g_ptr_array_unref);
  g_clear_pointer (&r->memberships, g_ptr_array_unref);
  g_clear_pointer (&r->credit_breaches, g_ptr_array_unref);
}

AxPatientRecord *
ax_patient_record_ref (AxPatientRecord *record)
{
  return g_atomic_rc_box_acquire (record);
}

void
ax_patient_record_unref (AxPatientRecord *record)
{
  g_atomic_rc_box_release_full (record, record_clear);
}

static const char *const severities[] = { "mild", "moderate", "severe", NULL };

const char *
ax_allergy_severity_to_string (AxAllergySeverity severity)
{
  g_return_val_if_fail (severity >= AX_ALLERGY_MILD && severity <= AX_ALLERGY_SEVERE, NULL);
  return severities[severity];
}

static AxAllergySeverity
severity_from_string (const char *text)
{
  for (int i = 0; severities[i] != NULL; i++)
    if (g_strcmp0 (text, severities[i]) == 0)
      return (AxAllergySeverity) i;
  return AX_ALLERGY_MODERATE;
}

int
ax_patient_age (const char *birth_date,
                gint64      now_ms,
                GTimeZone  *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now_ms / 1000);
  g_autoptr (GDateTime) now = NULL;
  int y, m, d, age;

  if (birth_date == NULL || sscanf (birth_date, "%4d-%2d-%2d", &y, &m, &d) != 3 || utc == NULL)
    return -1;
  now = g_date_time_to_timezone (utc, tz);
  age = g_date_time_get_year (now) - y;
  if (g_date_time_get_month (now) < m
      || (g_date_time_get_month (now) == m && g_date_time_get_day_of_month (now) < d))
    age--;
  return age >= 0 ? age : -1;
}

/* Reading it */

static gboolean
step_failed (AxDb       *db,
             int         rc,
             GError    **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;
  ax_db_fail (db, _("Reading the patient record failed"), error);
  return TRUE;
}

static gboolean
read_demographics (AxDb            *db,
                   AxPatientRecord *r,
                   AxRole           role,
                   GError         **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT patient_number, first_name, last_name, nickname, birth_date, sex, phone, email, "
    "       national_id, address, line_id, emergency_contact, notes, marketing_opt_in, created_at "
    "  FROM patients WHERE id = ? AND clinic_id = " CLINIC_ID " AND deleted_at IS NULL", error);
  gboolean unmasked = ax_role_has (role, AX_PERM_PATIENT_UNMASKED);
  g_autofree char *phone = NULL;
  g_autofree char *national_id = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("There is no patient with id %s (the record may have been removed on "
                     "another desk)"), r->id);
      return FALSE;
    }
  r->patient_number = ax_db_column_dup_or_empty (stmt, 0);
  r->first_name = ax_db_column_dup_or_empty (stmt, 1);
  r->last_name = ax_db_column_dup_or_empty (stmt, 2);
  r->nickname = ax_db_column_dup (stmt, 3);
  r->birth_date = ax_db_column_dup (stmt, 4);
  r->sex = ax_db_column_dup (stmt, 5);
  phone = ax_db_column_dup (stmt, 6);
  r->email = ax_db_column_dup (stmt, 7);
  national_id = ax_db_column_dup (stmt, 8);
  r->address = ax_db_column_dup (stmt, 9);
  r->line_id = ax_db_column_dup (stmt, 10);
  r->emergency_contact = ax_db_column_dup (stmt, 11);
  r->notes = ax_db_column_dup (stmt, 12);
  r->marketing_opt_in = sqlite3_column_int (stmt, 13) != 0;
  r->created_ms = sqlite3_column_int64 (stmt, 14);
  sqlite3_reset (stmt);

  /* Masked here, so that a role that must not see a number never holds it. */
  r->phone_masked = phone != NULL && !unmasked;
  r->phone = r->phone_masked ? ax_mask_phone (phone) : g_steal_pointer (&phone);
  r->national_id_masked = national_id != NULL && !unmasked;
  r->national_id = r->national_id_masked ? ax_mask_national_id (national_id)
                                         : g_steal_pointer (&national_id);
  return TRUE;
}

static gboolean
read_allergies (AxDb            *db,
                AxPatientRecord *r,
                GError         **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT id, substance, reaction, severity FROM allergies "
    " WHERE patient_id = ? AND deleted_at IS NULL "
    " ORDER BY CASE severity WHEN 'severe' THEN 0 WHEN 'moderate' THEN 1 ELSE 2 END, "
    "          substance COLLATE NOCASE, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxRecordAllergy *a = g_new0 (AxRecordAllergy, 1);

      a->id = ax_db_column_dup_or_empty (stmt, 0);
      a->substance = ax_db_column_dup_or_empty (stmt, 1);
      a->reaction = ax_db_column_dup (stmt, 2);
      a->severity = severity_from_string ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (r->allergies, a);
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

static gboolean
read_notes (AxDb            *db,
            AxPatientRecord *r,
            GError         **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT n.id, n.kind, n.body, coalesce (u.display_name, ''), n.created_at, n.addendum_of "
    "  FROM medical_notes n LEFT JOIN users u ON u.id = n.author_id "
    " WHERE n.patient_id = ? AND n.deleted_at IS NULL ORDER BY n.created_at DESC, n.id DESC",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxRecordNote *n = g_new0 (AxRecordNote, 1);

      n->id = ax_db_column_dup_or_empty (stmt, 0);
      n->kind = ax_db_column_dup_or_empty (stmt, 1);
      n->body = ax_db_column_dup_or_empty (stmt, 2);
      n->author_name = ax_db_column_dup_or_empty (stmt, 3);
      n->created_ms = sqlite3_column_int64 (stmt, 4);
      n->addendum_of = ax_db_column_dup (stmt, 5);
      g_ptr_array_add (r->medical_notes, n);
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

static gboolean
read_tags (AxDb            *db,
           AxPatientRecord *r,
           GError         **error)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT t.name FROM patient_tags pt JOIN tags t ON t.id = pt.tag_id "
    " WHERE pt.patient_id = ? AND pt.deleted_at IS NULL AND t.deleted_at IS NULL "
    " ORDER BY t.name COLLATE NOCASE, t.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  r->tags = g_strv_builder_end (names);
  return !step_failed (db, rc, error);
}

static gboolean
read_vitals (AxDb            *db,
             AxPatientRecord *r,
             GError         **error)
{
  /* The newest reading that holds each measurement (the index is
   * (patient_id, recorded_at)). */
  static const char *const sql[] = {
    "SELECT pulse_bpm, 0, recorded_at FROM vitals WHERE patient_id = ? AND deleted_at IS NULL "
    "   AND pulse_bpm IS NOT NULL ORDER BY recorded_at DESC, id DESC LIMIT 1",
    "SELECT bp_systolic, bp_diastolic, recorded_at FROM vitals WHERE patient_id = ? "
    "   AND deleted_at IS NULL AND bp_systolic IS NOT NULL AND bp_diastolic IS NOT NULL "
    " ORDER BY recorded_at DESC, id DESC LIMIT 1",
    "SELECT temp_dc, 0, recorded_at FROM vitals WHERE patient_id = ? AND deleted_at IS NULL "
    "   AND temp_dc IS NOT NULL ORDER BY recorded_at DESC, id DESC LIMIT 1",
    "SELECT weight_g, 0, recorded_at FROM vitals WHERE patient_id = ? AND deleted_at IS NULL "
    "   AND weight_g IS NOT NULL ORDER BY recorded_at DESC, id DESC LIMIT 1",
    "SELECT height_mm, 0, recorded_at FROM vitals WHERE patient_id = ? AND deleted_at IS NULL "
    "   AND height_mm IS NOT NULL ORDER BY recorded_at DESC, id DESC LIMIT 1",
    "SELECT COUNT (*), 0, 0 FROM vitals WHERE patient_id = ? AND deleted_at IS NULL",
  };
  AxRecordVitals *v = &r->vitals;
  struct { int *a; int *b; gint64 *at; } out[] = {
    { &v->pulse_bpm, NULL, &v->pulse_ms },
    { &v->bp_systolic, &v->bp_diastolic, &v->bp_ms },
    { &v->temp_dc, NULL, &v->temp_ms },
    { &v->weight_g, NULL, &v->weight_ms },
    { &v->height_mm, NULL, &v->height_ms },
    { &v->n_readings, NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = ax_db_prepare (db, sql[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out[i].a = sqlite3_column_int (stmt, 0);
          if (out[i].b != NULL)
            *out[i].b = sqlite3_column_int (stmt, 1);
          if (out[i].at != NULL)
            *out[i].at = sqlite3_column_int64 (stmt, 2);
          rc = SQLITE_DONE;
        }
      sqlite3_reset (stmt);
      if (step_failed (db, rc, error))
        return FALSE;
    }
  return TRUE;
}

static char *
name_of (AxDb       *db,
         const char *table,
         const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM %s WHERE id = ?", table);
  sqlite3_stmt *stmt;
  char *name = NULL;

  if (id == NULL || (stmt = ax_db_prepare (db, sql, NULL)) == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = ax_db_column_dup_or_empty (stmt, 0);
  sqlite3_reset (stmt);
  return name ? name : g_strdup ("");
}

static gboolean
read_upcoming (AxDb            *db,
               AxPatientRecord *r,
               gint64           now_ms,
               GError         **error)
{
  g_autoptr (GPtrArray) appts = ax_appointments_for_patient (db, r->id, now_ms,
                                                             AX_RECORD_UPCOMING_LIMIT, error);

  if (appts == NULL)
    return FALSE;
  for (guint i = 0; i < appts->len; i++)
    {
      AxRecordAppointment *a = g_new0 (AxRecordAppointment, 1);

      a->appointment = ax_appointment_ref (appts->pdata[i]);
      a->provider_name = name_of (db, "providers", a->appointment->provider_id);
      a->room_name = name_of (db, "rooms", a->appointment->room_id);
      g_ptr_array_add (r->upcoming, a);
    }
  return TRUE;
}

static gboolean
read_plans (AxDb            *db,
            AxPatientRecord *r,
            GError         **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT tp.id, coalesce (s.name, ''), coalesce (pr.name, ''), "
    "       coalesce (tp.interval_weeks, 0), coalesce (tp.sessions, 0), tp.notes, "
    "       tp.service_id, tp.provider_id, tp.status "
    "  FROM treatment_plans tp LEFT JOIN services s ON s.id = tp.service_id "
    "  LEFT JOIN providers pr ON pr.id = tp.provider_id "
    " WHERE tp.patient_id = ? AND tp.deleted_at IS NULL AND tp.status = 'active' "
    " ORDER BY tp.created_at, tp.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxRecordPlan *p = g_new0 (AxRecordPlan, 1);

      p->id = ax_db_column_dup_or_empty (stmt, 0);
      p->service_name = ax_db_column_dup_or_empty (stmt, 1);
      p->provider_name = ax_db_column_dup_or_empty (stmt, 2);
      p->interval_weeks = sqlite3_column_int (stmt, 3);
      p->sessions = sqlite3_column_int (stmt, 4);
      p->notes = ax_db_column_dup (stmt, 5);
      p->service_id = ax_db_column_dup (stmt, 6);
      p->provider_id = ax_db_column_dup (stmt, 7);
      p->status = ax_db_column_dup_or_empty (stmt, 8);
      g_ptr_array_add (r->plans, p);
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

static gboolean
read_packages (AxDb            *db,
               AxPatientRecord *r,
               gint64           now_ms,
               GError         **error)
{
  /* A balance is the sum of the package's ledger (DESIGN.md §4). */
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT pp.id, coalesce (pk.name, ''), coalesce (s.name, ''), pp.sessions, "
    "       coalesce ((SELECT SUM (c.sessions) FROM credit_ledger c "
    "                   WHERE c.patient_package_id = pp.id AND c.deleted_at IS NULL), 0), "
    "       pp.expires_at "
    "  FROM patient_packages pp LEFT JOIN packages pk ON pk.id = pp.package_id "
    "  LEFT JOIN services s ON s.id = pp.service_id "
    " WHERE pp.patient_id = ? AND pp.deleted_at IS NULL AND pp.status = 'active' "
    "   AND pp.expires_at > ? "
    " ORDER BY pp.expires_at, pp.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now_ms);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxRecordPackage *p = g_new0 (AxRecordPackage, 1);

      p->id = ax_db_column_dup_or_empty (stmt, 0);
      p->package_name = ax_db_column_dup_or_empty (stmt, 1);
      p->service_name = ax_db_column_dup_or_empty (stmt, 2);
      p->sessions = sqlite3_column_int (stmt, 3);
      p->balance = sqlite3_column_int (stmt, 4);
      p->expires_ms = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (r->packages, p);
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

static gboolean
read_memberships (AxDb            *db,
                  AxPatientRecord *r,
                  GError         **error)
{
  /* What is left is the sum of the membership's ledger (DESIGN.md §4). */
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT m.id, coalesce (p.name, ''), m.status, m.started_at, coalesce (m.renews_at, 0), "
    "       coalesce ((SELECT SUM (c.sessions) FROM credit_ledger c "
    "                   WHERE c.membership_id = m.id AND c.deleted_at IS NULL), 0), "
    "       coalesce ((SELECT SUM (c.amount) FROM credit_ledger c "
    "                   WHERE c.membership_id = m.id AND c.deleted_at IS NULL), 0), "
    "       coalesce (p.price, 0) "
    "  FROM memberships m LEFT JOIN membership_plans p ON p.id = m.plan_id "
    " WHERE m.patient_id = ? AND m.deleted_at IS NULL AND m.status IN ('active', 'paused') "
    " ORDER BY m.started_at, m.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxRecordMembership *m = g_new0 (AxRecordMembership, 1);

      m->id = ax_db_column_dup_or_empty (stmt, 0);
      m->plan_name = ax_db_column_dup_or_empty (stmt, 1);
      m->status = ax_db_column_dup_or_empty (stmt, 2);
      m->started_ms = sqlite3_column_int64 (stmt, 3);
      m->renews_ms = sqlite3_column_int64 (stmt, 4);
      m->credits = sqlite3_column_int (stmt, 5);
      m->wallet = sqlite3_column_int64 (stmt, 6);
      m->price = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (r->memberships, m);
    }
  sqlite3_reset (stmt);
  return !step_failed (db, rc, error);
}

AxPatientRecord *
ax_patient_record_query (AxDb        *db,
                         const char  *id,
                         AxRole       role,
                         gint64       now_ms,
                         GError     **error)
{
  gboolean began;
  AxPatientRecord *r;

  g_return_val_if_fail (id != NULL, NULL);

  r = g_atomic_rc_box_new0 (AxPatientRecord);
  r->id = g_strdup (id);
  r->allergies = g_ptr_array_new_with_free_func ((GDestroyNotify) allergy_free);
  r->medical_notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  r->upcoming = g_ptr_array_new_with_free_func ((GDestroyNotify) record_appointment_free);
  r->plans = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_free);
  r->packages = g_ptr_array_new_with_free_func ((GDestroyNotify) package_free);
  r->memberships = g_ptr_array_new_with_free_func ((GDestroyNotify) membership_free);
  r->notes_visible = ax_role_has (role, AX_PERM_CLINICAL_VIEW);

  /* One snapshot of the store for every part (a deferred transaction
   * only reads). */
  if (!ax_db_begin_read (db, &began, error))
    return (ax_patient_record_unref (r), NULL);
  if (!read_demographics (db, r, role, error)
      || !read_allergies (db, r, error)
      || (r->notes_visible && !read_notes (db, r, error))
      || !read_tags (db, r, error)
      || !read_vitals (db, r, error)
      || !read_upcoming (db, r, now_ms, error)
      || !read_plans (db, r, error)
      || !read_packages (db, r, now_ms, error)
      || !read_memberships (db, r, error)
      || (r->credit_breaches = ax_credit_breaches (db, r->id, error)) == NULL)
    {
      ax_db_end_read (db, began);
      ax_patient_record_unref (r);
      return NULL;
    }
  ax_db_end_read (db, began);
  return r;
}

typedef struct
{
  char   *id;
  AxRole  role;
  gint64  now_ms;
} QueryJob;

static void
query_job_free (QueryJob *job)
{
  g_free (job->id);
  g_free (job);
}

static gpointer
query_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  QueryJob *job = data;

  return ax_patient_record_query (db, job->id, job->role, job->now_ms, error);
}

void
ax_patient_record_query_async (AxStore             *store,
                               const char          *id,
                               AxRole               role,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  QueryJob *job = g_new0 (QueryJob, 1);

  job->id = g_strdup (id);
  job->role = role;
  job->now_ms = ax_store_now_ms (store);
  ax_store_read_async (store, query_read, job, (GDestroyNotify) query_job_free,
                       (GDestroyNotify) ax_patient_record_unref, ax_patient_record_query_async,
                       cancellable, callback, user_data);
}

AxPatientRecord *
ax_patient_record_query_finish (AxStore      *store,
                                GAsyncResult *result,
                                GError      **error)
{
  return ax_store_read_finish (store, result, ax_patient_record_query_async, error);
}

/* The vitals history */

GPtrArray *
ax_patient_vitals_history (AxDb        *db,
                           const char  *patient_id,
                           GError     **error)
{
  g_autoptr (GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify) reading_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT v.id, v.recorded_at, coalesce (u.display_name, ''), coalesce (v.pulse_bpm, 0), "
    "       coalesce (v.bp_systolic, 0), coalesce (v.bp_diastolic, 0), coalesce (v.temp_dc, 0), "
    "       coalesce (v.weight_g, 0), coalesce (v.height_mm, 0) "
    "  FROM vitals v LEFT JOIN users u ON u.id = v.recorded_by "
    " WHERE v.patient_id = ? AND v.deleted_at IS NULL "
    " ORDER BY v.recorded_at DESC, v.id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxVitalsReading *v = g_new0 (AxVitalsReading, 1);

      v->id = ax_db_column_dup_or_empty (stmt, 0);
      v->recorded_ms = sqlite3_column_int64 (stmt, 1);
      v->recorder_name = ax_db_column_dup_or_empty (stmt, 2);
      v->pulse_bpm = sqlite3_column_int (stmt, 3);
      v->bp_systolic = sqlite3_column_int (stmt, 4);
      v->bp_diastolic = sqlite3_column_int (stmt, 5);
      v->temp_dc = sqlite3_column_int (stmt, 6);
      v->weight_g = sqlite3_column_int (stmt, 7);
      v->height_mm = sqlite3_column_int (stmt, 8);
      g_ptr_array_add (readings, v);
    }
  sqlite3_reset (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  return g_steal_pointer (&readings);
}

static gpointer
history_read (AxDb     *db,
              gpointer  data,
              GError  **error)
{
  return ax_patient_vitals_history (db, data, error);
}

void
ax_patient_vitals_history_async (AxStore             *store,
                                 const char          *patient_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ax_store_read_async (store, history_read, g_strdup (patient_id), g_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_patient_vitals_history_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_patient_vitals_history_finish (AxStore      *store,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return ax_store_read_finish (store, result, ax_patient_vitals_history_async, error);
}
