/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Courses and memberships after the till (docs/pos.md, "Courses" and
 * "Memberships"): package.redeem, the redemption that completing an
 * appointment makes, and membership.enrol/renew/pause/resume/cancel. Usage
 * is the credit ledger: entries are only added, a balance is their sum
 * (DESIGN.md §4). Every row takes an id derived from the mutation's own
 * (ax_uuid_derive), so a replay on the server writes the very same rows. */

#include <inttypes.h>

#include "ax-credits.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-money.h"
#include "ax-uuid.h"

#include <glib/gi18n-lib.h>

/* Redemptions made by completing an appointment take ids derived from the
 * appointment's, numbered from here (its services take the small numbers). */
#define APPOINTMENT_REDEEM_BASE 0x10000

static gboolean
fail (GError    **error,
      int         code,
      const char *fmt,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError    **error,
      int         code,
      const char *fmt,
      ...)
{
  va_list ap;
  g_autofree char *text = NULL;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, AX_MODEL_ERROR, code, text);
  return FALSE;
}

static const char *
opt_string (JsonObject *o,
            const char *member)
{
  const char *s;

  if (o == NULL || !json_object_has_member (o, member) || json_object_get_null_member (o, member))
    return NULL;
  s = json_object_get_string_member (o, member);
  return s != NULL && *s != '\0' ? s : NULL;
}

static gboolean
step_done (AxMutation   *m,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), what, error);
  return TRUE;
}

typedef struct
{
  const char *patient_id;
  const char *package_id;      /* patient_packages */
  const char *membership_id;
  const char *kind;
  const char *service_id;
  gint64      sessions;
  gint64      amount;
  const char *appointment_id;
  const char *renewal_id;
} Entry;

static gboolean
insert_entry (AxMutation  *m,
              const char  *id,
              const Entry *e,
              GError     **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
    "  patient_package_id, membership_id, kind, service_id, sessions, amount, appointment_id, "
    "  renewal_id, at, user_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?3, ?14)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, e->patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, e->package_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, e->membership_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, e->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, e->service_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, e->sessions);
  sqlite3_bind_int64 (stmt, 11, e->amount);
  sqlite3_bind_text (stmt, 12, e->appointment_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, e->renewal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  return step_done (m, stmt, _("Recording the credit failed"), error);
}

static gint64
course_balance (AxMutation *m,
                const char *id)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT coalesce (SUM (sessions), 0) FROM credit_ledger "
    " WHERE patient_package_id = ? AND deleted_at IS NULL", NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static char *
format_date (AxMutation *m,
             gint64      at_ms)
{
  char date[11];

  ax_mutation_local_date (m, at_ms, date);
  return g_strdup (date);
}

/* package.redeem */

static const AxArgSpec redeem_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_package_id", AX_ARG_UUID, TRUE },
  { "sessions", AX_ARG_INT, FALSE, 1, 100 },
  { "appointment_id", AX_ARG_UUID },
  { NULL }
};

static gboolean
redeem_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *course = json_object_get_string_member (args, "patient_package_id");
  const char *appointment = opt_string (args, "appointment_id");
  gint64 sessions = json_object_get_int_member_with_default (args, "sessions", 1);
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT pp.patient_id, pp.status, pp.expires_at, pp.service_id, coalesce (pk.name, '') "
    "  FROM patient_packages pp LEFT JOIN packages pk ON pk.id = pp.package_id "
    " WHERE pp.id = ? AND pp.clinic_id = ? AND pp.deleted_at IS NULL", error);
  g_autofree char *patient = NULL, *status = NULL, *service = NULL, *name = NULL;
  gint64 expires = 0, balance;
  Entry e = { 0 };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, course, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      patient = ax_db_column_dup (stmt, 0);
      status = ax_db_column_dup (stmt, 1);
      expires = sqlite3_column_int64 (stmt, 2);
      service = ax_db_column_dup (stmt, 3);
      name = ax_db_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (patient == NULL)
    return fail (error, AX_MODEL_ERROR_NOT_FOUND, _("package.redeem: there is no course %s"), course);
  if (g_strcmp0 (status, "active") != 0)
    return fail (error, AX_MODEL_ERROR_RULE, _("%s is %s; no session can be taken from it"), name,
                 status);
  if (expires <= ax_mutation_get_now_ms (m))
    {
      g_autofree char *date = format_date (m, expires);
      return fail (error, AX_MODEL_ERROR_RULE,
                   _("%s expired on %s; no session can be taken from it"), name, date);
    }
  if (appointment != NULL)
    {
      sqlite3_stmt *a = ax_db_prepare (ax_mutation_get_db (m),
        "SELECT coalesce (patient_id, '') FROM appointments "
        " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
      g_autofree char *owner = NULL;

      if (a == NULL)
        return FALSE;
      sqlite3_bind_text (a, 1, appointment, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      if (sqlite3_step (a) == SQLITE_ROW)
        owner = ax_db_column_dup (a, 0);
      sqlite3_reset (a);
      if (owner == NULL)
        return fail (error, AX_MODEL_ERROR_NOT_FOUND,
                     _("package.redeem: there is no appointment %s"), appointment);
      if (!g_str_equal (owner, patient))
        return fail (error, AX_MODEL_ERROR_RULE,
                     _("The appointment is another patient’s; %s can’t pay for it"), name);
    }
  /* Locally a course never goes below zero; replayed (two desks took the
   * last session offline) it does, and the breach is flagged. */
  balance = course_balance (m, course);
  if (balance < sessions && !ax_mutation_is_replayed (m))
    return fail (error, AX_MODEL_ERROR_RULE,
                 g_dngettext (GETTEXT_PACKAGE, "%s has %" PRId64 " session left; %" PRId64
                              " can’t be taken from it", "%s has %" PRId64 " sessions left; %"
                              PRId64 " can’t be taken from it", (gulong) MAX (balance, 0)),
                 name, balance, sessions);

  e.patient_id = patient;
  e.package_id = course;
  e.kind = "redeem";
  e.service_id = service;
  e.sessions = -sessions;
  e.appointment_id = appointment;
  if (!insert_entry (m, id, &e, error))
    return FALSE;
  if (balance < sessions
      && !ax_ledger_flag_breach (m, "credit_ledger", id, "patient_packages", course, "sessions",
                                 name, patient, sessions, balance - sessions, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  json_object_set_int_member (ax_mutation_get_result (m), "balance", balance - sessions);
  return TRUE;
}

/* Completing an appointment */

/* A replay takes the sessions the desk took (args "redeem": [{n,
 * patient_package_id, service_id}]), below zero if it must: the treatment
 * was given against them. Not again for a service this appointment or a
 * sale for it already paid with a course. */
static gboolean
redeem_chosen (AxMutation *m,
               const char *appointment_id,
               JsonArray  *chosen,
               GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autoptr (JsonArray) redeemed = json_array_new ();
  sqlite3_stmt *stmt;

  for (guint i = 0; i < json_array_get_length (chosen); i++)
    {
      JsonNode *node = json_array_get_element (chosen, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *course = opt_string (o, "patient_package_id");
      const char *service = opt_string (o, "service_id");
      gint64 n = o ? json_object_get_int_member_with_default (o, "n", -1) : -1;
      g_autofree char *patient = NULL, *name = NULL;
      gboolean taken = FALSE;
      char id[AX_UUID_STRLEN];
      Entry e = { 0 };
      gint64 balance;
      JsonObject *r;

      if (course == NULL || service == NULL || !ax_uuid_is_valid (course)
          || !ax_uuid_is_valid (service) || n < 0 || n > 0xffff)
        return fail (error, AX_MODEL_ERROR_INVALID_ARGS,
                     _("appointment.set_status: “redeem” %u is not {n, patient_package_id, "
                       "service_id}"), i + 1);
      stmt = ax_db_prepare (db,
        "SELECT pp.patient_id, coalesce (pk.name, ''), "
        "       EXISTS (SELECT 1 FROM credit_ledger c "
        "                WHERE c.kind = 'redeem' AND c.deleted_at IS NULL "
        "                  AND c.service_id = ?3 AND c.patient_package_id IS NOT NULL "
        "                  AND (c.appointment_id = a.id "
        "                       OR c.sale_id IN (SELECT x.id FROM sales x "
        "                                         WHERE x.appointment_id = a.id "
        "                                           AND x.status = 'completed' "
        "                                           AND x.deleted_at IS NULL))) "
        "  FROM appointments a JOIN patient_packages pp "
        "    ON pp.id = ?2 AND pp.patient_id = a.patient_id AND pp.deleted_at IS NULL "
        "  LEFT JOIN packages pk ON pk.id = pp.package_id "
        " WHERE a.id = ?1 AND a.clinic_id = ?4", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, appointment_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, course, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, service, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          patient = ax_db_column_dup (stmt, 0);
          name = ax_db_column_dup (stmt, 1);
          taken = sqlite3_column_int (stmt, 2) != 0;
        }
      sqlite3_reset (stmt);
      /* Not the appointment's patient's course (any more), or already paid. */
      if (patient == NULL || taken)
        continue;

      balance = course_balance (m, course);
      e.patient_id = patient;
      e.package_id = course;
      e.kind = "redeem";
      e.service_id = service;
      e.sessions = -1;
      e.appointment_id = appointment_id;
      ax_uuid_derive (appointment_id, APPOINTMENT_REDEEM_BASE + (guint) n, id);
      if (!insert_entry (m, id, &e, error))
        return FALSE;
      if (balance < 1
          && !ax_ledger_flag_breach (m, "credit_ledger", id, "patient_packages", course, "sessions",
                                     name, patient, 1, balance - 1, error))
        return FALSE;
      r = json_object_new ();
      json_object_set_string_member (r, "patient_package_id", course);
      json_object_set_string_member (r, "service_id", service);
      json_array_add_object_element (redeemed, r);
    }
  json_object_set_array_member (ax_mutation_get_result (m), "redeemed",
                                g_steal_pointer (&redeemed));
  return TRUE;
}

gboolean
ax_credits_redeem_for_appointment (AxMutation *m,
                                   const char *appointment_id,
                                   JsonObject *args,
                                   GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autoptr (JsonArray) chosen = json_array_new ();
  /* Per service of the appointment: the patient's active, unexpired course
   * for it with a session left, the earliest expiry first — unless this
   * appointment, or a sale for it, already took a session for that service. */
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT a.patient_id, s.service_id, "
    "       (SELECT pp.id FROM patient_packages pp "
    "         WHERE pp.patient_id = a.patient_id AND pp.service_id = s.service_id "
    "           AND pp.clinic_id = a.clinic_id AND pp.deleted_at IS NULL "
    "           AND pp.status = 'active' AND pp.expires_at > ?3 "
    "           AND (SELECT coalesce (SUM (c.sessions), 0) FROM credit_ledger c "
    "                 WHERE c.patient_package_id = pp.id AND c.deleted_at IS NULL) > 0 "
    "         ORDER BY pp.expires_at, pp.id LIMIT 1) "
    "  FROM appointments a JOIN appointment_services s "
    "    ON s.appointment_id = a.id AND s.deleted_at IS NULL "
    " WHERE a.id = ?1 AND a.clinic_id = ?2 AND a.patient_id IS NOT NULL "
    "   AND NOT EXISTS (SELECT 1 FROM credit_ledger c "
    "                    WHERE c.kind = 'redeem' AND c.deleted_at IS NULL "
    "                      AND c.service_id = s.service_id AND c.patient_package_id IS NOT NULL "
    "                      AND (c.appointment_id = a.id "
    "                           OR c.sale_id IN (SELECT x.id FROM sales x "
    "                                             WHERE x.appointment_id = a.id "
    "                                               AND x.status = 'completed' "
    "                                               AND x.deleted_at IS NULL))) "
    " ORDER BY s.sort_order, s.id", error);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (JsonArray) redeemed = json_array_new ();
  int rc;

  if (ax_mutation_is_replayed (m) && json_object_has_member (args, "redeem"))
    {
      sqlite3_reset (stmt);
      return redeem_chosen (m, appointment_id, json_object_get_array_member (args, "redeem"), error);
    }
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, appointment_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
      {
        char **row = g_new0 (char *, 4);

        row[0] = ax_db_column_dup (stmt, 0);
        row[1] = ax_db_column_dup (stmt, 1);
        row[2] = ax_db_column_dup (stmt, 2);
        g_ptr_array_add (rows, row);
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "appointment.set_status", error);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      char id[AX_UUID_STRLEN];
      Entry e = { 0 };
      JsonObject *o;

      /* The same course twice (two services of one course's kind): the
       * second takes only when a session is still left. */
      if (course_balance (m, row[2]) < 1)
        continue;
      e.patient_id = row[0];
      e.package_id = row[2];
      e.kind = "redeem";
      e.service_id = row[1];
      e.sessions = -1;
      e.appointment_id = appointment_id;
      ax_uuid_derive (appointment_id, APPOINTMENT_REDEEM_BASE + i, id);
      if (!insert_entry (m, id, &e, error))
        return FALSE;
      o = json_object_new ();
      json_object_set_string_member (o, "patient_package_id", row[2]);
      json_object_set_string_member (o, "service_id", row[1]);
      json_array_add_object_element (redeemed, o);
      o = json_object_new ();
      json_object_set_int_member (o, "n", i);
      json_object_set_string_member (o, "patient_package_id", row[2]);
      json_object_set_string_member (o, "service_id", row[1]);
      json_array_add_object_element (chosen, o);
    }
  json_object_set_array_member (ax_mutation_get_result (m), "redeemed",
                                g_steal_pointer (&redeemed));
  /* What a replay takes (the outbox keeps these arguments). */
  if (!ax_mutation_is_replayed (m))
    json_object_set_array_member (args, "redeem", g_steal_pointer (&chosen));
  return TRUE;
}

/* Memberships */

typedef struct
{
  char   *patient_id;
  char   *plan_id;
  char   *plan_name;
  char   *status;
  gint64  renews_at;         /* 0 when not set */
  gint64  paused_at;
  gint64  period_months;
  gint64  wallet;
  char   *credits_json;
  gint64  price;
  gboolean plan_active;
} Membership;

static void
membership_clear (Membership *ms)
{
  g_free (ms->patient_id);
  g_free (ms->plan_id);
  g_free (ms->plan_name);
  g_free (ms->status);
  g_free (ms->credits_json);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Membership, membership_clear)

static gboolean
load_plan (AxMutation *m,
           const char *plan_id,
           Membership *ms,
           GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT name, period_months, wallet_amount, credits_json, price, active "
    "  FROM membership_plans WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, plan_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      ms->plan_id = g_strdup (plan_id);
      ms->plan_name = ax_db_column_dup_or_empty (stmt, 0);
      ms->period_months = sqlite3_column_int64 (stmt, 1);
      ms->wallet = sqlite3_column_int64 (stmt, 2);
      ms->credits_json = ax_db_column_dup (stmt, 3);
      ms->price = sqlite3_column_int64 (stmt, 4);
      ms->plan_active = sqlite3_column_int (stmt, 5) != 0;
    }
  sqlite3_reset (stmt);
  if (!found)
    return fail (error, AX_MODEL_ERROR_NOT_FOUND, _("There is no membership plan %s"), plan_id);
  return TRUE;
}

static gboolean
load_membership (AxMutation *m,
                 const char *id,
                 Membership *ms,
                 GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "SELECT patient_id, plan_id, status, coalesce (renews_at, 0), coalesce (paused_at, 0) "
    "  FROM memberships WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  g_autofree char *plan_id = NULL;
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      ms->patient_id = ax_db_column_dup (stmt, 0);
      plan_id = ax_db_column_dup (stmt, 1);
      ms->status = ax_db_column_dup (stmt, 2);
      ms->renews_at = sqlite3_column_int64 (stmt, 3);
      ms->paused_at = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (!found)
    return fail (error, AX_MODEL_ERROR_NOT_FOUND,
                 _("The membership no longer exists (it may have been removed on another desk)"));
  return load_plan (m, plan_id, ms, error);
}

static gint64
add_months (gint64 at_ms,
            gint64 months)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at_ms / 1000);
  g_autoptr (GDateTime) later = utc ? g_date_time_add_months (utc, (int) months) : NULL;

  return later ? g_date_time_to_unix (later) * 1000 + at_ms % 1000 : at_ms;
}

/* A period's grants: one ledger entry per credit of the plan
 * (credits_json: [{"service_id", "sessions"}]), the wallet value on the
 * first; one entry for the wallet alone when the plan has no credits. Ids
 * derived from parent, numbered from 1. */
static gboolean
grant_period (AxMutation       *m,
              const char       *parent,
              const char       *membership_id,
              const Membership *ms,
              const char       *renewal_id,
              GError          **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *credits = NULL;
  guint n = 0, written = 0;

  if (json_parser_load_from_data (parser, ms->credits_json ? ms->credits_json : "[]", -1, NULL)
      && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    credits = json_node_get_array (json_parser_get_root (parser));
  if (credits != NULL)
    n = json_array_get_length (credits);

  for (guint i = 0; i < MAX (n, 1); i++)
    {
      JsonNode *node = i < n ? json_array_get_element (credits, i) : NULL;
      JsonObject *credit = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      char id[AX_UUID_STRLEN];
      Entry e = { 0 };

      e.patient_id = ms->patient_id;
      e.membership_id = membership_id;
      e.kind = "grant";
      e.renewal_id = renewal_id;
      e.service_id = credit ? json_object_get_string_member_with_default (credit, "service_id", NULL)
                            : NULL;
      e.sessions = credit ? json_object_get_int_member_with_default (credit, "sessions", 0) : 0;
      e.amount = written == 0 ? ms->wallet : 0;
      if (e.sessions <= 0 && e.amount <= 0)
        continue;
      ax_uuid_derive (parent, 1 + i, id);
      if (!insert_entry (m, id, &e, error))
        return FALSE;
      written++;
    }
  return TRUE;
}

/* membership.enrol: a plan for a patient, not sold at the till (complimentary). */

static const AxArgSpec enrol_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "plan_id", AX_ARG_UUID, TRUE },
  { "reason", AX_ARG_STRING, TRUE, 0, 300 },
  { NULL }
};

static gboolean
enrol_run (AxMutation *m,
           JsonObject *args,
           GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *reason = opt_string (args, "reason");
  gint64 now = ax_mutation_get_now_ms (m);
  g_auto (Membership) ms = { 0 };
  g_autoptr (JsonObject) detail = json_object_new ();
  sqlite3_stmt *stmt;

  if (reason == NULL)
    return fail (error, AX_MODEL_ERROR_INVALID_ARGS,
                 _("Say why the membership is given without a sale (e.g. complimentary)"));
  if (!ax_mutation_require_row (m, "patients", json_object_get_string_member (args, "patient_id"),
                                _("patient"), error)
      || !load_plan (m, json_object_get_string_member (args, "plan_id"), &ms, error))
    return FALSE;
  if (!ms.plan_active)
    return fail (error, AX_MODEL_ERROR_RULE, _("The plan %s is no longer offered"), ms.plan_name);
  ms.patient_id = g_strdup (json_object_get_string_member (args, "patient_id"));

  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO memberships (id, clinic_id, created_at, updated_at, patient_id, plan_id, "
    "  status, started_at, renews_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?3, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ms.patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ms.plan_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, add_months (now, ms.period_months));
  if (!step_done (m, stmt, "membership.enrol", error)
      || !grant_period (m, id, id, &ms, NULL, error))
    return FALSE;
  json_object_set_string_member (detail, "plan", ms.plan_name);
  json_object_set_string_member (detail, "reason", reason);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return ax_mutation_audit (m, "membership.enrol", "membership", id, detail, error);
}

/* The "from" a status change carries: refused when the membership is no
 * longer as the desk saw it. */
static gboolean
check_from (JsonObject       *args,
            const Membership *ms,
            GError          **error)
{
  JsonObject *from = json_object_has_member (args, "from")
                       ? json_object_get_object_member (args, "from") : NULL;
  gboolean same = TRUE;

  if (from == NULL)
    return TRUE;
  if (json_object_has_member (from, "status"))
    same &= g_strcmp0 (opt_string (from, "status"), ms->status) == 0;
  if (json_object_has_member (from, "renews_at"))
    same &= (json_object_get_null_member (from, "renews_at")
               ? 0 : json_object_get_int_member (from, "renews_at")) == ms->renews_at;
  if (!same)
    return fail (error, AX_MODEL_ERROR_STALE,
                 _("Someone else changed the membership %s meanwhile; look again and try once more"),
                 ms->plan_name);
  return TRUE;
}

static gboolean
set_membership (AxMutation *m,
                const char *id,
                const char *status,
                gint64      renews_at,
                gint64      paused_at,
                gint64      cancelled_at,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
    "UPDATE memberships SET status = ?, renews_at = nullif (?, 0), paused_at = nullif (?, 0), "
    "  cancelled_at = nullif (?, 0), updated_at = ? WHERE id = ? AND clinic_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, renews_at);
  sqlite3_bind_int64 (stmt, 3, paused_at);
  sqlite3_bind_int64 (stmt, 4, cancelled_at);
  sqlite3_bind_text (stmt, 5, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  json_object_set_string_member (ax_mutation_get_result (m), "status", status);
  return step_done (m, stmt, "membership", error);
}

/* membership.renew: a recorded payment for the next period. */

static const char *const renew_tenders[] = { "cash", "card", "transfer", "qr", NULL };

static const AxArgSpec renew_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "renewal_id", AX_ARG_UUID },
  { "amount", AX_ARG_MONEY, TRUE, 1, G_MAXINT64 / 4 },
  { "tender", AX_ARG_ENUM, TRUE, 0, 0, renew_tenders },
  { "reference", AX_ARG_STRING, FALSE, 0, 100 },
  { "from", AX_ARG_OBJECT },
  { NULL }
};

static gboolean
renew_prepare (AxMutation *m,
               JsonObject *args,
               GError    **error)
{
  char id[AX_UUID_STRLEN];

  if (!json_object_has_member (args, "renewal_id"))
    {
      ax_uuid_v7 (id);
      json_object_set_string_member (args, "renewal_id", id);
    }
  return TRUE;
}

static gboolean
renew_run (AxMutation *m,
           JsonObject *args,
           GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *renewal_id = json_object_get_string_member (args, "renewal_id");
  const char *tender = json_object_get_string_member (args, "tender");
  const char *reference = opt_string (args, "reference");
  gint64 amount = json_object_get_int_member (args, "amount");
  gint64 now = ax_mutation_get_now_ms (m);
  gint64 start, end;
  g_auto (Membership) ms = { 0 };
  sqlite3_stmt *stmt;

  if (!load_membership (m, id, &ms, error) || !check_from (args, &ms, error))
    return FALSE;
  if (g_str_equal (ms.status, "paused"))
    return fail (error, AX_MODEL_ERROR_RULE,
                 _("The membership %s is paused; resume it before renewing it"), ms.plan_name);
  if (g_str_equal (ms.status, "cancelled"))
    return fail (error, AX_MODEL_ERROR_RULE,
                 _("The membership %s was cancelled; enrol the patient again instead"),
                 ms.plan_name);
  if (!g_str_equal (tender, "cash") && reference == NULL)
    return fail (error, AX_MODEL_ERROR_INVALID_ARGS,
                 _("Give the payment’s reference (card slip, transfer or QR reference)"));

  /* Paid ahead, the period follows the current one; paid late, it starts now. */
  start = MAX (ms.renews_at, now);
  end = add_months (start, ms.period_months);
  stmt = ax_db_prepare (ax_mutation_get_db (m),
    "INSERT INTO membership_renewals (id, clinic_id, created_at, updated_at, membership_id, "
    "  patient_id, amount, tender, reference, period_start, period_end, at, user_id, device_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?3, ?12, ?13)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, renewal_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ms.patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, amount);
  sqlite3_bind_text (stmt, 8, tender, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, reference, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, start);
  sqlite3_bind_int64 (stmt, 11, end);
  sqlite3_bind_text (stmt, 12, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  /* The terminal it was paid at: its Z report counts it. */
  sqlite3_bind_text (stmt, 13, ax_store_get_device_id (ax_mutation_get_store (m)), -1,
                     SQLITE_STATIC);
  if (!step_done (m, stmt, "membership.renew", error)
      || !grant_period (m, renewal_id, id, &ms, renewal_id, error)
      || !set_membership (m, id, "active", end, 0, 0, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "renewal_id", renewal_id);
  json_object_set_int_member (ax_mutation_get_result (m), "renews_at", end);
  return TRUE;
}

/* membership.pause, .resume, .cancel */

static const AxArgSpec status_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "from", AX_ARG_OBJECT },
  { NULL }
};

static const AxArgSpec cancel_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "reason", AX_ARG_STRING, TRUE, 0, 300 },
  { "from", AX_ARG_OBJECT },
  { NULL }
};

static gboolean
pause_run (AxMutation *m,
           JsonObject *args,
           GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_auto (Membership) ms = { 0 };

  if (!load_membership (m, id, &ms, error) || !check_from (args, &ms, error))
    return FALSE;
  if (!g_str_equal (ms.status, "active") && !g_str_equal (ms.status, "lapsed"))
    return fail (error, AX_MODEL_ERROR_RULE, _("The membership %s is %s and can’t be paused"),
                 ms.plan_name, ms.status);
  return set_membership (m, id, "paused", ms.renews_at, ax_mutation_get_now_ms (m), 0, error);
}

static gboolean
resume_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  gint64 now = ax_mutation_get_now_ms (m);
  g_auto (Membership) ms = { 0 };

  if (!load_membership (m, id, &ms, error) || !check_from (args, &ms, error))
    return FALSE;
  if (!g_str_equal (ms.status, "paused"))
    return fail (error, AX_MODEL_ERROR_RULE, _("The membership %s is not paused"), ms.plan_name);
  /* The days it was paused are added to the period. */
  return set_membership (m, id, "active",
                         ms.renews_at > 0 ? ms.renews_at + MAX (now - ms.paused_at, 0) : 0, 0, 0,
                         error);
}

static gboolean
cancel_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *reason = opt_string (args, "reason");
  g_auto (Membership) ms = { 0 };
  g_autoptr (JsonObject) detail = json_object_new ();

  if (reason == NULL)
    return fail (error, AX_MODEL_ERROR_INVALID_ARGS, _("Give a reason for cancelling the membership"));
  if (!load_membership (m, id, &ms, error) || !check_from (args, &ms, error))
    return FALSE;
  if (g_str_equal (ms.status, "cancelled"))
    return fail (error, AX_MODEL_ERROR_RULE, _("The membership %s is already cancelled"),
                 ms.plan_name);
  if (!set_membership (m, id, "cancelled", ms.renews_at, ms.paused_at,
                       ax_mutation_get_now_ms (m), error))
    return FALSE;
  json_object_set_string_member (detail, "plan", ms.plan_name);
  json_object_set_string_member (detail, "reason", reason);
  return ax_mutation_audit (m, "membership.cancel", "membership", id, detail, error);
}

static const AxMutatorDef defs[] = {
  { "package.redeem", AX_PERM_POS_SELL, redeem_args, FALSE, ax_mutation_prepare_id, redeem_run },
  { "membership.enrol", AX_PERM_POS_APPROVE, enrol_args, FALSE, ax_mutation_prepare_id, enrol_run },
  { "membership.renew", AX_PERM_POS_SELL, renew_args, FALSE, renew_prepare, renew_run },
  { "membership.pause", AX_PERM_POS_SELL, status_args, FALSE, NULL, pause_run },
  { "membership.resume", AX_PERM_POS_SELL, status_args, FALSE, NULL, resume_run },
  { "membership.cancel", AX_PERM_POS_SELL, cancel_args, FALSE, NULL, cancel_run },
};

void
ax_credits_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
