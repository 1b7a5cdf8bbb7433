/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Courses and memberships after the till (docs/pos.md): package.redeem, the
 * redemption made by completing an appointment, expiry, the local refusal
 * below zero and the breach query; membership.enrol, renew, pause, resume
 * and cancel; the usage ledger; permissions and bad input. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-credits.h"
#include "ax-patient-record.h"
#include "ax-hlc.h"

static AxFixture f;

#define ID(n) "019c0000-0000-7000-8000-00000000c0" #n
#define FACIAL ID (01)
#define LASER ID (02)
#define COURSE ID (03)
#define LASER_COURSE ID (04)
#define PLAN ID (05)
#define OLD_PLAN ID (06)
#define LEE ID (07)
#define PP_SOON ID (10)
#define PP_LATE ID (11)
#define PP_EXPIRED ID (12)
#define PP_EMPTY ID (13)
#define PP_LASER ID (14)
#define PP_REFUNDED ID (15)
#define APPT ID (20)
#define OTHER_APPT ID (21)
#define NOWHERE "019c0000-0000-7000-8000-0000000fffff"

#define DAY_MS G_GINT64_CONSTANT (86400000)

static char *patient, *other_patient;

/* The tables these mutators write, the outbox and the audit log. */
static const char *const credit_tables[] = {
  "credit_ledger", "patient_packages", "memberships", "membership_renewals", "outbox", "audit_log",
};

static void
exec (const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (f.store)), sql, NULL, NULL, &msg);

  ck_assert_msg (rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
}

static void
execf (const char *fmt,
       ...) G_GNUC_PRINTF (1, 2);

static void
execf (const char *fmt,
       ...)
{
  va_list ap;
  g_autofree char *sql = NULL;

  va_start (ap, fmt);
  sql = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  exec (sql);
}

static char *
dump_all (void)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (credit_tables); i++)
    {
      g_autofree char *rows = ax_fixture_dump (&f, credit_tables[i]);
      g_string_append_printf (out, "%s:\n%s", credit_tables[i], rows);
    }
  return g_string_free (out, FALSE);
}

/* A course of the patient with a grant of sessions, expiring at expires. */
static void
course (const char *id,
        const char *who,
        const char *package,
        const char *service,
        int         sessions,
        gint64      expires,
        const char *status)
{
  execf ("INSERT INTO patient_packages (id, clinic_id, created_at, updated_at, patient_id, "
         "  package_id, service_id, sessions, expires_at, status) "
         "SELECT '%s', id, 0, 'h', '%s', '%s', '%s', %d, %" G_GINT64_FORMAT ", '%s' FROM clinics;"
         "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
         "  patient_package_id, kind, service_id, sessions, at) "
         "SELECT 'grant-%s', id, 0, 'h', '%s', '%s', 'grant', '%s', %d, 0 FROM clinics;",
         id, who, package, service, sessions, expires, status, id, who, id, service, sessions);
}

/* An appointment of who, in progress, for the services (one or two). */
static void
appointment (const char *id,
             const char *who,
             const char *service1,
             const char *service2)
{
  execf ("INSERT INTO appointments (id, clinic_id, created_at, updated_at, patient_id, "
         "  provider_id, start_at, end_at, status) "
         "SELECT '%s', id, 0, 'h', '%s', '" LEE "', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
         ", 'in_progress' FROM clinics;"
         "INSERT INTO appointment_services (id, clinic_id, created_at, updated_at, appointment_id, "
         "  service_id, duration_min, sort_order) SELECT '%s-1', id, 0, 'h', '%s', '%s', 30, 0 "
         "  FROM clinics;",
         id, who, AX_FIXTURE_NOW_MS - 3600000, AX_FIXTURE_NOW_MS, id, id, service1);
  if (service2 != NULL)
    execf ("INSERT INTO appointment_services (id, clinic_id, created_at, updated_at, "
           "  appointment_id, service_id, duration_min, sort_order) "
           "SELECT '%s-2', id, 0, 'h', '%s', '%s', 30, 1 FROM clinics;", id, id, service2);
}

static void
credits_setup (void)
{
  ax_fixture_setup (&f);
  exec ("INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class) "
        "SELECT '" FACIAL "', id, 0, 'h', 'Facial', 150000, 'standard' FROM clinics;"
        "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class) "
        "SELECT '" LASER "', id, 0, 'h', 'Laser toning', 250000, 'standard' FROM clinics;"
        "INSERT INTO packages (id, clinic_id, created_at, updated_at, name, service_id, sessions, "
        "                      price, validity_days) "
        "SELECT '" COURSE "', id, 0, 'h', 'Facial x5', '" FACIAL "', 5, 600000, 365 FROM clinics;"
        "INSERT INTO packages (id, clinic_id, created_at, updated_at, name, service_id, sessions, "
        "                      price, validity_days) "
        "SELECT '" LASER_COURSE "', id, 0, 'h', 'Laser x3', '" LASER "', 3, 600000, 365 FROM clinics;"
        "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, "
        "                              wallet_amount, credits_json) "
        "SELECT '" PLAN "', id, 0, 'h', 'Glow Club', 299000, 300000, "
        "       '[{\"service_id\":\"" FACIAL "\",\"sessions\":1},"
        "         {\"service_id\":\"" LASER "\",\"sessions\":2}]' FROM clinics;"
        "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, "
        "                              wallet_amount, active) "
        "SELECT '" OLD_PLAN "', id, 0, 'h', 'Old Club', 100000, 50000, 0 FROM clinics;"
        "INSERT INTO providers (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" LEE "', id, 0, 'h', 'Dr Lee' FROM clinics;");
  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  other_patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                        "{\"first_name\": \"Maria\"}");
}

static void
credits_teardown (void)
{
  g_clear_pointer (&patient, g_free);
  g_clear_pointer (&other_patient, g_free);
  ax_fixture_teardown (&f);
}

static JsonNode *
mutate (AxRole      role,
        const char *name,
        const char *fmt,
        ...) G_GNUC_PRINTF (3, 4);

static JsonNode *
mutate (AxRole      role,
        const char *name,
        const char *fmt,
        ...)
{
  va_list ap;
  g_autofree char *args = NULL;

  va_start (ap, fmt);
  args = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return ax_fixture_mutate (&f, role, name, args);
}

/* Fails with code, the message contains part, and nothing was written. */
static void
refused (AxRole      role,
         const char *name,
         const char *args,
         int         code,
         const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *before = dump_all ();
  g_autofree char *after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s: wrong error (%d): %s", args,
                 error->code, error->message);
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” lacks “%s”", error->message, part);
  after = dump_all ();
  ck_assert_str_eq (before, after);
}

static gint64
balance (const char *course_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (SUM (sessions), 0) FROM credit_ledger "
                                          " WHERE patient_package_id = '%s'", course_id);
  return ax_fixture_count (&f, sql);
}

static gint64
wallet (const char *membership_id,
        const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (SUM (%s), 0) FROM credit_ledger "
                                          " WHERE membership_id = '%s'", column, membership_id);
  return ax_fixture_count (&f, sql);
}

static gint64
membership_column (const char *id,
                   const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, -1) FROM memberships WHERE id = '%s'",
                                          column, id);
  return ax_fixture_count (&f, sql);
}

static char *
complete (const char *appt)
{
  g_autoptr (JsonNode) r = mutate (FRONT_DESK, "appointment.set_status",
                                   "{\"id\": \"%s\", \"status\": \"completed\"}", appt);
  JsonArray *redeemed = json_object_get_array_member (json_node_get_object (r), "redeemed");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (redeemed); i++)
    g_string_append_printf (out, "%s;", json_object_get_string_member (
                              json_array_get_object_element (redeemed, i), "patient_package_id"));
  return g_string_free (out, FALSE);
}

START_TEST (test_redeem)
{
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *args = NULL;

  course (PP_SOON, patient, COURSE, FACIAL, 2, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  appointment (APPT, patient, FACIAL, NULL);
  appointment (OTHER_APPT, other_patient, FACIAL, NULL);

  /* Billing takes a session by hand, for an appointment of the course's patient. */
  r = mutate (BILLING, "package.redeem", "{\"patient_package_id\": \"" PP_SOON "\", "
              "\"appointment_id\": \"" APPT "\"}");
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "balance"), 1);
  ck_assert_int_eq (balance (PP_SOON), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM credit_ledger WHERE kind = 'redeem' "
                                          "AND appointment_id = '" APPT "' AND sessions = -1 "
                                          "AND service_id = '" FACIAL "'"), 1);

  /* Below zero is refused locally, with what is left. */
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_SOON "\", \"sessions\": 2}",
           AX_MODEL_ERROR_RULE, "Facial x5 has 1 session left; 2 can’t be taken from it");
  g_clear_pointer (&r, json_node_unref);
  r = mutate (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_SOON "\"}");
  ck_assert_int_eq (balance (PP_SOON), 0);
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_SOON "\"}",
           AX_MODEL_ERROR_RULE, "Facial x5 has 0 sessions left; 1 can’t be taken from it");

  /* Expiry is enforced, and so is the status. */
  course (PP_EXPIRED, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS - 9 * DAY_MS, "active");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_EXPIRED "\"}",
           AX_MODEL_ERROR_RULE, "Facial x5 expired on 2026-03-01");
  course (PP_REFUNDED, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS + DAY_MS, "refunded");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_REFUNDED "\"}",
           AX_MODEL_ERROR_RULE, "Facial x5 is refunded");

  /* Another patient's appointment, and things that are not there. */
  course (PP_LATE, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS + 90 * DAY_MS, "active");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_LATE "\", "
           "\"appointment_id\": \"" OTHER_APPT "\"}", AX_MODEL_ERROR_RULE,
           "The appointment is another patient’s");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_LATE "\", "
           "\"appointment_id\": \"" NOWHERE "\"}", AX_MODEL_ERROR_NOT_FOUND, "no appointment");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" NOWHERE "\"}",
           AX_MODEL_ERROR_NOT_FOUND, "there is no course");

  /* Permissions: pos.sell (Owner, Billing). */
  args = g_strdup ("{\"patient_package_id\": \"" PP_LATE "\"}");
  refused (FRONT_DESK, "package.redeem", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (PROVIDER, "package.redeem", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (READ_ONLY, "package.redeem", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (DIRECTOR, "package.redeem", args, AX_MODEL_ERROR_FORBIDDEN, "");

  /* Bad input. */
  refused (OWNER, "package.redeem", "{}", AX_MODEL_ERROR_INVALID_ARGS, "patient_package_id");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"nope\"}",
           AX_MODEL_ERROR_INVALID_ARGS, "patient_package_id");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_LATE "\", \"sessions\": 0}",
           AX_MODEL_ERROR_INVALID_ARGS, "sessions");
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_LATE "\", \"sessions\": \"2\"}",
           AX_MODEL_ERROR_INVALID_ARGS, "sessions");
}
END_TEST

START_TEST (test_completion_redeems)
{
  g_autofree char *used = NULL;

  /* Two facial courses (the one expiring first is used), an expired one,
   * an empty one that expires sooner still, and a laser course. */
  course (PP_EXPIRED, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS - DAY_MS, "active");
  course (PP_EMPTY, patient, COURSE, FACIAL, 0, AX_FIXTURE_NOW_MS + 5 * DAY_MS, "active");
  course (PP_LATE, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS + 90 * DAY_MS, "active");
  course (PP_SOON, patient, COURSE, FACIAL, 1, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  course (PP_LASER, patient, LASER_COURSE, LASER, 3, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  appointment (APPT, patient, FACIAL, LASER);

  used = complete (APPT);
  ck_assert_str_eq (used, PP_SOON ";" PP_LASER ";");
  ck_assert_int_eq (balance (PP_SOON), 0);
  ck_assert_int_eq (balance (PP_LASER), 2);
  ck_assert_int_eq (balance (PP_LATE), 5);
  ck_assert_int_eq (balance (PP_EXPIRED), 5);
  ck_assert_int_eq (balance (PP_EMPTY), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM credit_ledger "
                                          "WHERE appointment_id = '" APPT "'"), 2);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM appointments "
                                          "WHERE status = 'completed'"), 1);

  /* The next facial goes to the later course once the first is used up. */
  appointment (OTHER_APPT, patient, FACIAL, NULL);
  g_clear_pointer (&used, g_free);
  used = complete (OTHER_APPT);
  ck_assert_str_eq (used, PP_LATE ";");
  ck_assert_int_eq (balance (PP_LATE), 4);
}
END_TEST

START_TEST (test_completion_without_course)
{
  g_autofree char *used = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Another patient's course, an expired one, one for another service. */
  course (PP_SOON, other_patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  course (PP_EXPIRED, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS - DAY_MS, "active");
  course (PP_LASER, patient, LASER_COURSE, LASER, 3, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  appointment (APPT, patient, FACIAL, NULL);
  before = ax_fixture_dump (&f, "credit_ledger");
  used = complete (APPT);
  after = ax_fixture_dump (&f, "credit_ledger");
  ck_assert_str_eq (used, "");
  ck_assert_str_eq (before, after);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM appointments "
                                          "WHERE id = '" APPT "' AND status = 'completed'"), 1);
}
END_TEST

START_TEST (test_completion_after_sale)
{
  g_autofree char *used = NULL;

  /* The till already took the session for this appointment's facial. */
  course (PP_SOON, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  appointment (APPT, patient, FACIAL, LASER);
  course (PP_LASER, patient, LASER_COURSE, LASER, 3, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  exec ("INSERT INTO sales (id, clinic_id, created_at, updated_at, number, patient_id, "
        "  appointment_id, sold_at, currency, subtotal, net, tax, total, prices_include_tax, "
        "  vat_rate_bp) SELECT 'sale-1', id, 0, 'h', 'R-1', patient_id, '" APPT "', 0, 'THB', "
        "  0, 0, 0, 0, 1, 700 FROM clinics, (SELECT patient_id FROM patient_packages "
        "                                    WHERE id = '" PP_SOON "');"
        "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
        "  patient_package_id, kind, service_id, sessions, sale_id, at) "
        "SELECT 'till', id, 0, 'h', (SELECT patient_id FROM patient_packages WHERE id = '"
        PP_SOON "'), '" PP_SOON "', 'redeem', '" FACIAL "', -1, 'sale-1', 0 FROM clinics;");
  used = complete (APPT);
  /* Only the laser is taken: the facial was paid with the course at the till. */
  ck_assert_str_eq (used, PP_LASER ";");
  ck_assert_int_eq (balance (PP_SOON), 4);
}
END_TEST

START_TEST (test_breaches)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) breaches = NULL;
  g_autoptr (GPtrArray) usage = NULL;
  g_autoptr (AxPatientRecord) record = NULL;
  const AxCreditBreach *b;
  const AxCreditEntry *e;

  course (PP_SOON, patient, COURSE, FACIAL, 1, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  course (PP_LATE, patient, COURSE, FACIAL, 5, AX_FIXTURE_NOW_MS + 90 * DAY_MS, "active");
  /* Nothing is wrong yet. */
  breaches = ax_credit_breaches (ax_store_get_db (f.store), patient, &error);
  ck_assert_ptr_nonnull (breaches);
  ck_assert_uint_eq (breaches->len, 0);
  g_clear_pointer (&breaches, g_ptr_array_unref);

  /* Two desks each took the last session offline; sync brought both. */
  g_autoptr (JsonNode) r = mutate (BILLING, "package.redeem",
                                   "{\"patient_package_id\": \"" PP_SOON "\"}");
  exec ("INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
        "  patient_package_id, kind, service_id, sessions, at) "
        "SELECT 'synced', c.id, 1, 'h', p.patient_id, '" PP_SOON "', 'redeem', '" FACIAL "', -1, "
        "       1773113500000 FROM clinics c, patient_packages p WHERE p.id = '" PP_SOON "';");
  /* The course has even expired since: the breach still shows. */
  exec ("UPDATE patient_packages SET expires_at = 0, status = 'expired' WHERE id = '" PP_SOON "'");
  /* A flagged entry (the server marked it for review) on a balance that is fine. */
  exec ("UPDATE credit_ledger SET flagged = 1 WHERE id = 'grant-" PP_LATE "'");

  breaches = ax_credit_breaches (ax_store_get_db (f.store), patient, &error);
  ck_assert_ptr_nonnull (breaches);
  ck_assert_uint_eq (breaches->len, 2);
  b = breaches->pdata[0];
  ck_assert_int_eq (b->kind, AX_CREDIT_COURSE);
  ck_assert_str_eq (b->id, PP_SOON);
  ck_assert_str_eq (b->name, "Facial x5");
  ck_assert_int_eq (b->sessions, -1);
  ck_assert (!b->flagged);
  b = breaches->pdata[1];
  ck_assert_str_eq (b->id, PP_LATE);
  ck_assert_int_eq (b->sessions, 5);
  ck_assert (b->flagged);
  g_clear_pointer (&breaches, g_ptr_array_unref);
  breaches = ax_credit_breaches (ax_store_get_db (f.store), other_patient, &error);
  ck_assert_uint_eq (breaches->len, 0);

  /* The record carries them. */
  record = ax_patient_record_query (ax_store_get_db (f.store), patient, AX_ROLE_BILLING,
                                    AX_FIXTURE_NOW_MS, &error);
  ck_assert_ptr_nonnull (record);
  ck_assert_uint_eq (record->credit_breaches->len, 2);

  /* The usage shows where it went below zero, with running balances. */
  usage = ax_credit_usage (ax_store_get_db (f.store), AX_CREDIT_COURSE, PP_SOON, &error);
  ck_assert_ptr_nonnull (usage);
  ck_assert_uint_eq (usage->len, 3);
  e = usage->pdata[0];
  ck_assert_str_eq (e->kind, "grant");
  ck_assert_int_eq (e->sessions_after, 1);
  ck_assert (!e->breach);
  e = usage->pdata[1];
  ck_assert_str_eq (e->kind, "redeem");
  ck_assert_str_eq (e->service_name, "Facial");
  ck_assert_str_eq (e->user_name, "billing user");
  ck_assert_int_eq (e->sessions_after, 0);
  ck_assert (!e->breach);
  e = usage->pdata[2];
  ck_assert_int_eq (e->sessions_after, -1);
  ck_assert (e->breach);

  /* Locally, a further redemption is refused (expired, and nothing left). */
  refused (BILLING, "package.redeem", "{\"patient_package_id\": \"" PP_SOON "\"}",
           AX_MODEL_ERROR_RULE, "Facial x5 is expired");
}
END_TEST

static char *
enrol (AxRole      role,
       const char *who)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" PLAN "\", "
                                           "\"reason\": \"Complimentary for staff\"}", who);
  return ax_fixture_mutate_id (&f, role, "membership.enrol", args);
}

START_TEST (test_enrol)
{
  g_autofree char *ms = enrol (OWNER, patient);
  g_autofree char *second = enrol (OWNER, patient);
  g_autofree char *args = NULL;

  /* Starts now, renews a period later; the wallet and both credits granted. */
  ck_assert_int_eq (membership_column (ms, "started_at"), AX_FIXTURE_NOW_MS);
  ck_assert_int_eq (membership_column (ms, "renews_at"), AX_FIXTURE_NOW_MS + 31 * DAY_MS);
  ck_assert_int_eq (wallet (ms, "amount"), 300000);
  ck_assert_int_eq (wallet (ms, "sessions"), 3);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM credit_ledger WHERE kind = 'grant' "
                                          "AND membership_id IS NOT NULL"), 4);
  /* Several memberships per patient. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM memberships WHERE status = 'active'"),
                    2);
  ck_assert_str_ne (ms, second);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log "
                                          "WHERE action = 'membership.enrol'"), 2);

  /* Only an Owner gives one away. */
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" PLAN "\", \"reason\": \"x\"}",
                          patient);
  refused (BILLING, "membership.enrol", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (FRONT_DESK, "membership.enrol", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (READ_ONLY, "membership.enrol", args, AX_MODEL_ERROR_FORBIDDEN, "");
  g_clear_pointer (&args, g_free);

  /* Rules and bad input. */
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" OLD_PLAN "\", \"reason\": \"x\"}",
                          patient);
  refused (OWNER, "membership.enrol", args, AX_MODEL_ERROR_RULE, "Old Club is no longer offered");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" NOWHERE "\", \"reason\": \"x\"}",
                          patient);
  refused (OWNER, "membership.enrol", args, AX_MODEL_ERROR_NOT_FOUND, "no membership plan");
  g_clear_pointer (&args, g_free);
  refused (OWNER, "membership.enrol", "{\"patient_id\": \"" NOWHERE "\", \"plan_id\": \"" PLAN "\", "
           "\"reason\": \"x\"}", AX_MODEL_ERROR_NOT_FOUND, "patient");
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" PLAN "\"}", patient);
  refused (OWNER, "membership.enrol", args, AX_MODEL_ERROR_INVALID_ARGS, "reason");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" PLAN "\", \"reason\": \"  \"}",
                          patient);
  refused (OWNER, "membership.enrol", args, AX_MODEL_ERROR_INVALID_ARGS, "reason");
  g_clear_pointer (&args, g_free);
  refused (OWNER, "membership.enrol", "{\"plan_id\": \"" PLAN "\", \"reason\": \"x\"}",
           AX_MODEL_ERROR_INVALID_ARGS, "patient_id");
}
END_TEST

START_TEST (test_renew)
{
  g_autofree char *ms = enrol (OWNER, patient);
  gint64 renews = membership_column (ms, "renews_at");
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *args = NULL;
  g_autofree char *stale = NULL;

  /* Paid ahead: the next period follows the current one. */
  r = mutate (BILLING, "membership.renew", "{\"id\": \"%s\", \"amount\": 299000, \"tender\": "
              "\"card\", \"reference\": \"VISA 4242\", \"from\": {\"renews_at\": %" G_GINT64_FORMAT
              "}}", ms, renews);
  ck_assert_int_eq (membership_column (ms, "renews_at"), renews + 30 * DAY_MS);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "renews_at"),
                    renews + 30 * DAY_MS);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM membership_renewals WHERE "
                                          "amount = 299000 AND tender = 'card' AND reference = "
                                          "'VISA 4242'"), 1);
  ck_assert_int_eq (wallet (ms, "amount"), 600000);
  ck_assert_int_eq (wallet (ms, "sessions"), 6);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM credit_ledger c JOIN "
                                          "membership_renewals r ON r.id = c.renewal_id"), 2);

  /* The same renewal again (a second click with what it saw) is stale. */
  stale = g_strdup_printf ("{\"id\": \"%s\", \"amount\": 299000, \"tender\": \"cash\", "
                           "\"from\": {\"renews_at\": %" G_GINT64_FORMAT "}}", ms, renews);
  refused (BILLING, "membership.renew", stale, AX_MODEL_ERROR_STALE, "Someone else changed");

  /* Lapsed long ago: the period starts now. */
  execf ("UPDATE memberships SET renews_at = %" G_GINT64_FORMAT ", status = 'lapsed' "
         "WHERE id = '%s'", AX_FIXTURE_NOW_MS - 40 * DAY_MS, ms);
  g_clear_pointer (&r, json_node_unref);
  r = mutate (OWNER, "membership.renew", "{\"id\": \"%s\", \"amount\": 250000, \"tender\": \"cash\"}",
              ms);
  ck_assert_int_eq (membership_column (ms, "renews_at"), AX_FIXTURE_NOW_MS + 31 * DAY_MS);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM memberships WHERE status = 'active'"),
                    1);

  /* Refusals. */
  args = g_strdup_printf ("{\"id\": \"%s\", \"amount\": 299000, \"tender\": \"card\"}", ms);
  refused (BILLING, "membership.renew", args, AX_MODEL_ERROR_INVALID_ARGS, "reference");
  refused (FRONT_DESK, "membership.renew", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (PROVIDER, "membership.renew", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (READ_ONLY, "membership.renew", args, AX_MODEL_ERROR_FORBIDDEN, "");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\": \"%s\", \"amount\": 0, \"tender\": \"cash\"}", ms);
  refused (BILLING, "membership.renew", args, AX_MODEL_ERROR_INVALID_ARGS, "amount");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\": \"%s\", \"amount\": -5, \"tender\": \"cash\"}", ms);
  refused (BILLING, "membership.renew", args, AX_MODEL_ERROR_INVALID_ARGS, "amount");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\": \"%s\", \"amount\": 100, \"tender\": \"wallet\"}", ms);
  refused (BILLING, "membership.renew", args, AX_MODEL_ERROR_INVALID_ARGS, "tender");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\": \"%s\", \"tender\": \"cash\"}", ms);
  refused (BILLING, "membership.renew", args, AX_MODEL_ERROR_INVALID_ARGS, "amount");
  refused (BILLING, "membership.renew", "{\"id\": \"" NOWHERE "\", \"amount\": 1, \"tender\": "
           "\"cash\"}", AX_MODEL_ERROR_NOT_FOUND, "no longer exists");

  /* Paused or cancelled memberships are not renewed. */
  g_clear_pointer (&r, json_node_unref);
  r = mutate (BILLING, "membership.pause", "{\"id\": \"%s\"}", ms);
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\": \"%s\", \"amount\": 100, \"tender\": \"cash\"}", ms);
  refused (BILLING, "membership.renew", args, AX_MODEL_ERROR_RULE, "paused; resume it");
  g_clear_pointer (&r, json_node_unref);
  r = mutate (BILLING, "membership.cancel", "{\"id\": \"%s\", \"reason\": \"moved away\"}", ms);
  refused (BILLING, "membership.renew", args, AX_MODEL_ERROR_RULE, "was cancelled");
}
END_TEST

START_TEST (test_pause_resume_cancel)
{
  g_autofree char *ms = enrol (OWNER, patient);
  gint64 renews = membership_column (ms, "renews_at");
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", ms);
  g_autofree char *from_active = g_strdup_printf ("{\"id\": \"%s\", \"from\": {\"status\": "
                                                  "\"active\"}}", ms);

  refused (FRONT_DESK, "membership.pause", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (READ_ONLY, "membership.pause", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (BILLING, "membership.resume", args, AX_MODEL_ERROR_RULE, "is not paused");

  r = mutate (BILLING, "membership.pause", "%s", from_active);
  ck_assert_int_eq (membership_column (ms, "paused_at"), AX_FIXTURE_NOW_MS);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM memberships WHERE status = 'paused'"),
                    1);
  /* What the desk saw is no longer so. */
  refused (BILLING, "membership.pause", from_active, AX_MODEL_ERROR_STALE, "Someone else changed");
  refused (BILLING, "membership.pause", args, AX_MODEL_ERROR_RULE, "is paused and can’t be paused");
  refused (FRONT_DESK, "membership.resume", args, AX_MODEL_ERROR_FORBIDDEN, "");

  /* Ten days later: resumed, the period moves by the ten days paused. */
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 10 * DAY_MS);
  g_clear_pointer (&r, json_node_unref);
  r = mutate (OWNER, "membership.resume", "{\"id\": \"%s\", \"from\": {\"status\": \"paused\"}}", ms);
  ck_assert_int_eq (membership_column (ms, "renews_at"), renews + 10 * DAY_MS);
  ck_assert_int_eq (membership_column (ms, "paused_at"), -1);

  /* Cancel: a reason; audited; once. */
  refused (BILLING, "membership.cancel", args, AX_MODEL_ERROR_INVALID_ARGS, "reason");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"id\": \"%s\", \"reason\": \"moved away\"}", ms);
  refused (FRONT_DESK, "membership.cancel", args, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (PROVIDER, "membership.cancel", args, AX_MODEL_ERROR_FORBIDDEN, "");
  g_clear_pointer (&r, json_node_unref);
  r = mutate (BILLING, "membership.cancel", "%s", args);
  ck_assert_int_eq (membership_column (ms, "cancelled_at"), AX_FIXTURE_NOW_MS + 10 * DAY_MS);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = "
                                          "'membership.cancel' AND detail_json LIKE '%moved away%'"),
                    1);
  refused (BILLING, "membership.cancel", args, AX_MODEL_ERROR_RULE, "already cancelled");
  refused (BILLING, "membership.pause", "{\"id\": \"" NOWHERE "\"}", AX_MODEL_ERROR_NOT_FOUND,
           "no longer exists");
  refused (BILLING, "membership.pause", "{\"id\": 5}", AX_MODEL_ERROR_INVALID_ARGS, "id");
  /* The ledger is untouched by status changes. */
  ck_assert_int_eq (wallet (ms, "amount"), 300000);
}
END_TEST

START_TEST (test_usage)
{
  g_autofree char *ms = enrol (OWNER, patient);
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (GPtrArray) usage = NULL;
  g_autoptr (GError) error = NULL;
  const AxCreditEntry *e;

  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + DAY_MS);
  r = mutate (BILLING, "membership.renew", "{\"id\": \"%s\", \"amount\": 299000, \"tender\": "
              "\"transfer\", \"reference\": \"KBank 1234\"}", ms);
  /* A wallet redemption and an adjustment, as the till and a correction write them. */
  execf ("INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
         "  membership_id, kind, amount, at) SELECT 'use', id, 0, 'h', '%s', '%s', 'redeem', "
         "  -50000, %" G_GINT64_FORMAT " FROM clinics;"
         "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
         "  membership_id, kind, sessions, at) SELECT 'fix', id, 0, 'h', '%s', '%s', 'adjust', "
         "  -1, %" G_GINT64_FORMAT " FROM clinics;",
         patient, ms, AX_FIXTURE_NOW_MS + 2 * DAY_MS, patient, ms, AX_FIXTURE_NOW_MS + 3 * DAY_MS);

  usage = ax_credit_usage (ax_store_get_db (f.store), AX_CREDIT_MEMBERSHIP, ms, &error);
  ck_assert_ptr_nonnull (usage);
  ck_assert_uint_eq (usage->len, 6);
  e = usage->pdata[0];
  ck_assert_str_eq (e->kind, "grant");
  ck_assert_int_eq (e->at_ms, AX_FIXTURE_NOW_MS);
  ck_assert_str_eq (e->service_name, "Facial");
  ck_assert_int_eq (e->amount, 300000);
  ck_assert_ptr_null (e->tender);
  ck_assert_str_eq (e->user_name, "owner user");
  e = usage->pdata[2];
  ck_assert_str_eq (e->kind, "grant");
  ck_assert_int_eq (e->at_ms, AX_FIXTURE_NOW_MS + DAY_MS);
  ck_assert_str_eq (e->tender, "transfer");
  ck_assert_str_eq (e->reference, "KBank 1234");
  ck_assert_int_eq (e->amount_after, 600000);
  e = usage->pdata[4];
  ck_assert_str_eq (e->kind, "redeem");
  ck_assert_int_eq (e->amount_after, 550000);
  e = usage->pdata[5];
  ck_assert_str_eq (e->kind, "adjust");
  ck_assert_int_eq (e->sessions_after, 5);
  ck_assert_int_eq (e->amount_after, 550000);
  ck_assert (!e->breach);
}
END_TEST

/* Runs a mutation as the clinic server runs a pushed one (replayed: in a
 * batch, with another desk's stamp). The result, or NULL with error. */
static JsonNode *
replay (AxRole      role,
        const char *name,
        const char *args,
        GError    **error)
{
  AxHlc clock = { .wall_ms = AX_FIXTURE_NOW_MS + 60000, .logical = 0 };
  char hlc[AX_HLC_STRLEN];
  g_autoptr (JsonNode) node = json_from_string (args, NULL);
  AxDb *db = ax_store_get_db (f.store);
  JsonNode *result;

  g_strlcpy (clock.node, "0123456789ab", sizeof clock.node);
  ax_hlc_format (&clock, hlc);
  ck_assert (ax_db_begin (db, NULL));
  result = ax_store_mutate_in_batch (f.store, f.actors[role], name, node, hlc, TRUE, NULL, error);
  if (result != NULL)
    ck_assert (ax_db_commit (db, NULL));
  else
    ax_db_rollback (db);
  return result;
}

static gint64
open_breaches (const char *subject)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM conflicts WHERE kind = 'ledger' "
                                          " AND status = 'open' AND row_id = '%s'", subject);
  return ax_fixture_count (&f, sql);
}

/* Two desks each redeem the last session offline: the first push applies,
 * the second (replayed) is accepted below zero and flagged; by hand it is
 * still refused. */
START_TEST (test_breach_replayed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) first = NULL, second = NULL, ack = NULL;
  g_autoptr (GPtrArray) breaches = NULL;
  g_autofree char *conflict = NULL;
  JsonObject *r;

  course (PP_SOON, patient, COURSE, FACIAL, 1, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  first = replay (BILLING, "package.redeem", "{\"id\": \"" ID (30) "\", \"patient_package_id\": \""
                  PP_SOON "\"}", &error);
  g_assert_no_error (error);
  ck_assert (!json_object_has_member (json_node_get_object (first), "breach"));
  ck_assert_int_eq (open_breaches (PP_SOON), 0);
  second = replay (OWNER, "package.redeem", "{\"id\": \"" ID (31) "\", \"patient_package_id\": \""
                   PP_SOON "\"}", &error);
  g_assert_no_error (error);
  r = json_node_get_object (second);
  ck_assert (json_object_get_boolean_member (r, "merged"));
  ck_assert (json_object_get_boolean_member (r, "breach"));
  ck_assert_int_eq (json_object_get_int_member (r, "balance"), -1);
  ck_assert_int_eq (balance (PP_SOON), -1);
  /* The entry that overdrew is flagged; one breach is open, naming it. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM credit_ledger WHERE flagged = 1"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT flagged FROM credit_ledger WHERE id = '" ID (31) "'"), 1);
  ck_assert_int_eq (open_breaches (PP_SOON), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE table_name = "
                                          "'patient_packages' AND field = 'sessions' "
                                          "AND mine_json LIKE '%\"entry_id\":\"" ID (31) "\"%' "
                                          "AND mine_json LIKE '%Facial x5%' "
                                          "AND theirs_json = '{\"balance\":-1}'"), 1);
  breaches = ax_credit_breaches (ax_store_get_db (f.store), patient, &error);
  ck_assert_uint_eq (breaches->len, 1);
  ck_assert_int_eq (((AxCreditBreach *) breaches->pdata[0])->sessions, -1);
  ck_assert (((AxCreditBreach *) breaches->pdata[0])->flagged);

  /* By hand, below zero is still refused. */
  refused (OWNER, "package.redeem", "{\"patient_package_id\": \"" PP_SOON "\"}",
           AX_MODEL_ERROR_RULE, "Facial x5 has -1 sessions left");

  /* Acknowledged: once, by someone who sells; audited. */
  conflict = g_strdup_printf ("{\"id\": \"%s\"}", "019c0000-0000-7000-8000-0000000fffff");
  refused (BILLING, "breach.acknowledge", conflict, AX_MODEL_ERROR_NOT_FOUND, "no ledger breach");
  g_free (conflict);
  {
    sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store),
                                        "SELECT id FROM conflicts WHERE kind = 'ledger'", NULL);
    ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
    conflict = g_strdup_printf ("{\"id\": \"%s\"}", sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  refused (FRONT_DESK, "breach.acknowledge", conflict, AX_MODEL_ERROR_FORBIDDEN, "");
  refused (BILLING, "breach.acknowledge", "{}", AX_MODEL_ERROR_INVALID_ARGS, "id");
  ack = mutate (BILLING, "breach.acknowledge", "%s", conflict);
  ck_assert_int_eq (open_breaches (PP_SOON), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE resolution = "
                                          "'acknowledged' AND resolved_by IS NOT NULL"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = "
                                          "'breach.acknowledge'"), 1);
  refused (OWNER, "breach.acknowledge", conflict, AX_MODEL_ERROR_STALE, "already been acknowledged");
  /* The ledger keeps the truth. */
  ck_assert_int_eq (balance (PP_SOON), -1);
}
END_TEST

/* Completing an appointment records which courses paid; the replay takes
 * those, below zero when another desk used the last session meanwhile. */
START_TEST (test_completion_breach_replayed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) used = NULL, done = NULL, old = NULL;
  g_autofree char *args = NULL;

  course (PP_SOON, patient, COURSE, FACIAL, 1, AX_FIXTURE_NOW_MS + 30 * DAY_MS, "active");
  appointment (APPT, patient, FACIAL, NULL);
  appointment (OTHER_APPT, patient, FACIAL, NULL);
  /* By hand, the desk's choice goes with the mutation to the outbox. */
  g_free (complete (APPT));
  args = ax_fixture_dump (&f, "outbox");
  ck_assert_msg (strstr (args, "\"redeem\":[{\"n\":0,\"patient_package_id\":\"" PP_SOON "\"") != NULL,
                 "%s", args);
  ck_assert_int_eq (balance (PP_SOON), 0);

  /* Another desk completed its own appointment against the same session. */
  done = replay (FRONT_DESK, "appointment.set_status",
                 "{\"id\": \"" OTHER_APPT "\", \"status\": \"completed\", \"redeem\": [{\"n\": 0, "
                 "\"patient_package_id\": \"" PP_SOON "\", \"service_id\": \"" FACIAL "\"}]}", &error);
  g_assert_no_error (error);
  ck_assert (json_object_get_boolean_member (json_node_get_object (done), "breach"));
  ck_assert_int_eq (balance (PP_SOON), -1);
  ck_assert_int_eq (open_breaches (PP_SOON), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM credit_ledger WHERE flagged = 1 "
                                          "AND appointment_id = '" OTHER_APPT "'"), 1);

  /* A bad "redeem" is refused; one without it (an older desk) takes from a
   * course with a session left only. */
  appointment (ID (22), patient, FACIAL, NULL);
  used = replay (FRONT_DESK, "appointment.set_status",
                 "{\"id\": \"" ID (22) "\", \"status\": \"completed\", \"redeem\": [{\"n\": 0}]}",
                 &error);
  ck_assert_ptr_null (used);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS), "%s",
                 error->message);
  g_clear_error (&error);
  old = replay (FRONT_DESK, "appointment.set_status",
                "{\"id\": \"" ID (22) "\", \"status\": \"completed\"}", &error);
  g_assert_no_error (error);
  ck_assert_int_eq (balance (PP_SOON), -1);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = {
    test_redeem, test_completion_redeems, test_completion_without_course,
    test_completion_after_sale, test_breaches, test_enrol, test_renew, test_pause_resume_cancel,
    test_usage, test_breach_replayed, test_completion_breach_replayed,
  };
  return ax_test_run ("credits", credits_setup, credits_teardown, tests, G_N_ELEMENTS (tests));
}
