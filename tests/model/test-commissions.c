/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Commissions: the worked examples of docs/commissions.md (a tier crossed by
 * a sale, a 60/40 split, a refund that drops back below the tier), the most
 * specific rule, voids, idempotent recomputation, the rules' mutators, their
 * permissions and bad input. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-commissions.h"

static AxFixture f;

#define ID(n) "019c0000-0000-7000-8000-00000000c0" #n
#define INJ ID (01)        /* category: Injectables */
#define SKIN ID (02)       /* category: Skin */
#define FILLER ID (03)     /* ฿95,000, Injectables */
#define TOUCHUP ID (04)    /* ฿10,000, Injectables */
#define FACIAL ID (05)     /* ฿20,000, Skin */
#define LEE ID (06)
#define ANA ID (07)
#define NOWHERE "019c0000-0000-7000-8000-0000000fffff"
#define MARCH "2026-03"

/* Clinic-wide: 5 %, 10 % when the month's sales are above ฿100,000. */
#define CLINIC_RULE "{\"base_rate_bp\": 500, \"tiers\": [{\"above\": 10000000, \"rate_bp\": 1000}]}"

static void
exec (const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (f.store)), sql, NULL, NULL, &msg);

  ck_assert_msg (rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
}

static void
setup (void)
{
  ax_fixture_setup (&f);
  exec ("INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" INJ "', id, 0, 'h', 'Injectables' FROM clinics;"
        "INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" SKIN "', id, 0, 'h', 'Skin' FROM clinics;"
        "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class, category_id) "
        "SELECT '" FILLER "', id, 0, 'h', 'Full-face filler', 9500000, 'exempt', '" INJ "' FROM clinics;"
        "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class, category_id) "
        "SELECT '" TOUCHUP "', id, 0, 'h', 'Touch-up', 1000000, 'exempt', '" INJ "' FROM clinics;"
        "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class, category_id) "
        "SELECT '" FACIAL "', id, 0, 'h', 'Facial', 2000000, 'exempt', '" SKIN "' FROM clinics;"
        "INSERT INTO providers (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" LEE "', id, 0, 'h', 'Dr Lee' FROM clinics;"
        "INSERT INTO providers (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" ANA "', id, 0, 'h', 'Dr Ana' FROM clinics;");
}

static void
teardown (void)
{
  ax_fixture_teardown (&f);
}

static char *
sale_id (int n)
{
  return g_strdup_printf ("019c1000-0000-7000-8000-%012d", n);
}

/* Sale n of one service, paid in cash; providers is the JSON list. */
static char *
sell (int         n,
      const char *service,
      gint64      price,
      const char *providers)
{
  g_autofree char *id = sale_id (n);
  g_autofree char *args = g_strdup_printf (
    "{\"id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \"%s\", \"providers\": %s}], "
    "\"tenders\": [{\"kind\": \"cash\", \"amount\": %" G_GINT64_FORMAT "}]}", id, service, providers, price);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, BILLING, "sale.checkout", args);

  return g_strdup (id);
}

static JsonNode *
compute_sale (const char *sale)
{
  g_autofree char *args = g_strdup_printf ("{\"sale_id\": \"%s\"}", sale);

  return ax_fixture_mutate (&f, BILLING, "commission.compute", args);
}

static gint64
int_member (JsonNode   *node,
            const char *name)
{
  return json_object_get_int_member (json_node_get_object (node), name);
}

/* The sum of a provider's log for a period. */
static gint64
commission (const char *provider,
            const char *period)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (amount), 0) FROM commission_log "
                                          "WHERE provider_id = '%s' AND period = '%s'", provider, period);
  return ax_fixture_count (&f, sql);
}

static gint64
rows (void)
{
  return ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_log");
}

/* The live entry of a provider on sale n's line: its base, rate and amount. */
static void
assert_live (int         n,
             const char *provider,
             gint64      base,
             gint64      rate_bp,
             gint64      amount)
{
  g_autofree char *id = sale_id (n);
  g_autofree char *where = g_strdup_printf (
    "FROM commission_log g JOIN sale_lines l ON l.id = g.sale_line_id "
    "WHERE l.sale_id = '%s' AND g.provider_id = '%s' AND g.reversal_of IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM commission_log r WHERE r.reversal_of = g.id)", id, provider);
  g_autofree char *q_n = g_strdup_printf ("SELECT COUNT (*) %s", where);
  g_autofree char *q_base = g_strdup_printf ("SELECT g.base %s", where);
  g_autofree char *q_rate = g_strdup_printf ("SELECT g.rate_bp %s", where);
  g_autofree char *q_amount = g_strdup_printf ("SELECT g.amount %s", where);

  ck_assert_int_eq (ax_fixture_count (&f, q_n), 1);
  ck_assert_int_eq (ax_fixture_count (&f, q_base), base);
  ck_assert_int_eq (ax_fixture_count (&f, q_rate), rate_bp);
  ck_assert_int_eq (ax_fixture_count (&f, q_amount), amount);
}

static void
refused (AxRole      role,
         const char *name,
         const char *args,
         int         code,
         const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *before = ax_fixture_dump (&f, "commission_rules");
  g_autofree char *log_before = ax_fixture_dump (&f, "commission_log");
  g_autofree char *after = NULL;
  g_autofree char *log_after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s: wrong error “%s” (%d)", args,
                 error->message, error->code);
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” does not mention “%s”",
                 error->message, part);
  after = ax_fixture_dump (&f, "commission_rules");
  log_after = ax_fixture_dump (&f, "commission_log");
  ck_assert_str_eq (before, after);
  ck_assert_str_eq (log_before, log_after);
}

/* Example 1: Dr Lee at ฿95,000 for March, then a ฿10,000 sale takes the
 * month above ฿100,000: every line of the month goes to 10 %. */
static void
example_1 (void)
{
  g_autofree char *rule = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", CLINIC_RULE);
  g_autofree char *s1 = sell (1, FILLER, 9500000, "[{\"provider_id\": \"" LEE "\"}]");
  g_autoptr (JsonNode) r1 = compute_sale (s1);
  g_autofree char *s2 = NULL;
  g_autoptr (JsonNode) r2 = NULL;

  ck_assert_int_eq (int_member (r1, "written"), 1);
  ck_assert_int_eq (int_member (r1, "reversed"), 0);
  assert_live (1, LEE, 9500000, 500, 475000);               /* ฿4,750 */
  ck_assert_int_eq (commission (LEE, MARCH), 475000);

  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 3600000);
  s2 = sell (2, TOUCHUP, 1000000, "[{\"provider_id\": \"" LEE "\"}]");
  r2 = compute_sale (s2);
  ck_assert_int_eq (int_member (r2, "written"), 2);
  ck_assert_int_eq (int_member (r2, "reversed"), 1);
  assert_live (1, LEE, 9500000, 1000, 950000);              /* ฿9,500 */
  assert_live (2, LEE, 1000000, 1000, 100000);              /* ฿1,000 */
  ck_assert_int_eq (commission (LEE, MARCH), 1050000);      /* ฿10,500 = 10 % of ฿105,000 */
  ck_assert_int_eq (rows (), 4);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_log WHERE amount = -475000 "
                                          "AND reversal_of IS NOT NULL"), 1);
}

START_TEST (test_example_tier_crossed)
{
  g_autoptr (JsonNode) again = NULL;
  gint64 outbox;

  example_1 ();
  /* Idempotent: computing again writes nothing, not even an outbox entry. */
  outbox = ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox");
  again = ax_fixture_mutate (&f, OWNER, "commission.compute", "{\"period\": \"" MARCH "\"}");
  ck_assert_int_eq (int_member (again, "written"), 0);
  ck_assert_int_eq (int_member (again, "reversed"), 0);
  ck_assert_int_eq (rows (), 4);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox"), outbox);
}
END_TEST

/* Example 2: a ฿20,000 facial shared 60/40 between Dr Lee and Dr Ana. */
START_TEST (test_example_split)
{
  g_autofree char *rule = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", CLINIC_RULE);
  g_autofree char *s = sell (1, FACIAL, 2000000, "[{\"provider_id\": \"" LEE "\", \"split_bp\": 6000}, "
                                                 " {\"provider_id\": \"" ANA "\", \"split_bp\": 4000}]");
  g_autoptr (JsonNode) r = compute_sale (s);

  ck_assert_int_eq (int_member (r, "written"), 2);
  assert_live (1, LEE, 1200000, 500, 60000);    /* ฿12,000 × 5 % = ฿600 */
  assert_live (1, ANA, 800000, 500, 40000);     /* ฿8,000 × 5 % = ฿400 */
  ck_assert_int_eq (commission (LEE, MARCH) + commission (ANA, MARCH), 100000);
}
END_TEST

/* Example 3: the next day the ฿10,000 sale of example 1 is refunded; March
 * drops back to ฿95,000 and 5 %. */
START_TEST (test_example_refund)
{
  g_autofree char *s2 = sale_id (2);
  g_autofree char *args = NULL;
  g_autoptr (JsonNode) cn = NULL;
  g_autoptr (JsonNode) r = NULL;

  example_1 ();
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 24 * 3600000);
  args = g_strdup_printf ("{\"id\": \"019c1000-0000-7000-8000-0000000000c1\", \"sale_id\": \"%s\", "
                          "\"reason\": \"Changed her mind\"}", s2);
  cn = ax_fixture_mutate (&f, BILLING, "sale.refund", args);
  r = compute_sale ("019c1000-0000-7000-8000-0000000000c1");   /* the credit note */
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (r), "period"), MARCH);
  ck_assert_int_eq (int_member (r, "reversed"), 2);
  ck_assert_int_eq (int_member (r, "written"), 1);
  assert_live (1, LEE, 9500000, 500, 475000);
  ck_assert_int_eq (commission (LEE, MARCH), 475000);
  ck_assert_int_eq (rows (), 7);
  /* Insert-only: every amount ever logged is still there. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_log WHERE amount > 0"), 4);
}
END_TEST

/* provider + category > provider > category > clinic-wide. */
START_TEST (test_most_specific_rule)
{
  g_autoptr (JsonNode) r = NULL;

  g_free (ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", "{\"base_rate_bp\": 500}"));
  g_free (ax_fixture_mutate_id (&f, OWNER, "commission_rule.create",
                                "{\"category_id\": \"" SKIN "\", \"base_rate_bp\": 1200}"));
  g_free (ax_fixture_mutate_id (&f, OWNER, "commission_rule.create",
                                "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": 800}"));
  g_free (ax_fixture_mutate_id (&f, OWNER, "commission_rule.create",
                                "{\"provider_id\": \"" ANA "\", \"category_id\": \"" SKIN "\", "
                                "\"base_rate_bp\": 2000}"));
  g_free (sell (1, FACIAL, 2000000, "[{\"provider_id\": \"" LEE "\"}]"));
  g_free (sell (2, FACIAL, 2000000, "[{\"provider_id\": \"" ANA "\"}]"));
  g_free (sell (3, TOUCHUP, 1000000, "[{\"provider_id\": \"" ANA "\"}]"));
  g_free (sell (4, TOUCHUP, 1000000, "[{\"provider_id\": \"" LEE "\"}]"));
  r = ax_fixture_mutate (&f, OWNER, "commission.compute", "{\"period\": \"" MARCH "\"}");
  ck_assert_int_eq (int_member (r, "written"), 4);
  assert_live (1, LEE, 2000000, 1200, 240000);   /* category */
  assert_live (2, ANA, 2000000, 2000, 400000);   /* provider and category */
  assert_live (3, ANA, 1000000, 800, 80000);     /* provider */
  assert_live (4, LEE, 1000000, 500, 50000);     /* clinic-wide */
}
END_TEST

/* A void takes the sale's commission back; a deactivated rule stops paying
 * on the next computation; lines with no rule are not logged. */
START_TEST (test_void_and_deactivate)
{
  g_autofree char *rule = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create",
                                                "{\"category_id\": \"" SKIN "\", \"base_rate_bp\": 1000}");
  g_autofree char *s1 = sell (1, FACIAL, 2000000, "[{\"provider_id\": \"" LEE "\"}]");
  g_autofree char *s2 = sell (2, TOUCHUP, 1000000, "[{\"provider_id\": \"" LEE "\"}]");
  g_autofree char *args = g_strdup_printf ("{\"sale_id\": \"%s\", \"reason\": \"Wrong patient\"}", s1);
  g_autofree char *deactivate = g_strdup_printf ("{\"id\": \"%s\"}", rule);
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (JsonNode) v = NULL;
  g_autoptr (JsonNode) r2 = NULL;
  g_autoptr (JsonNode) d = NULL;
  g_autoptr (JsonNode) r3 = NULL;
  g_autoptr (GPtrArray) report = NULL;
  g_autoptr (GError) error = NULL;

  r = ax_fixture_mutate (&f, BILLING, "commission.compute", "{\"period\": \"" MARCH "\"}");
  ck_assert_int_eq (int_member (r, "written"), 1);   /* the touch-up has no rule */
  report = ax_commission_query_report (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id,
                                       ax_store_get_timezone (f.store), MARCH, &error);
  ck_assert_ptr_nonnull (report);
  ck_assert_uint_eq (report->len, 1);
  ck_assert_int_eq (((AxCommissionReportRow *) report->pdata[0])->sales, 3000000);
  ck_assert_int_eq (((AxCommissionReportRow *) report->pdata[0])->base, 2000000);
  ck_assert_int_eq (((AxCommissionReportRow *) report->pdata[0])->commission, 200000);
  ck_assert_int_eq (((AxCommissionReportRow *) report->pdata[0])->max_rate_bp, 1000);
  ck_assert (((AxCommissionReportRow *) report->pdata[0])->up_to_date);

  v = ax_fixture_mutate (&f, OWNER, "sale.void", args);
  r2 = compute_sale (s1);
  ck_assert_int_eq (int_member (r2, "reversed"), 1);
  ck_assert_int_eq (int_member (r2, "written"), 0);
  ck_assert_int_eq (commission (LEE, MARCH), 0);

  g_clear_pointer (&report, g_ptr_array_unref);
  d = ax_fixture_mutate (&f, OWNER, "commission_rule.deactivate", deactivate);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_rules WHERE deleted_at IS NULL"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log "
                                          "WHERE action LIKE 'commission_rule.%'"), 2);
  r3 = ax_fixture_mutate (&f, BILLING, "commission.compute", "{\"period\": \"" MARCH "\"}");
  ck_assert_int_eq (int_member (r3, "written") + int_member (r3, "reversed"), 0);
}
END_TEST

/* Another month is another tier: April's sales do not lift March. */
START_TEST (test_periods_apart)
{
  g_autofree char *rule = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", CLINIC_RULE);
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (GPtrArray) stale = NULL;
  g_autoptr (GError) error = NULL;
  const char *periods[] = { MARCH, "2026-04", NULL };

  g_free (sell (1, FILLER, 9500000, "[{\"provider_id\": \"" LEE "\"}]"));
  /* 2026-04-01 00:30 in Bangkok */
  ax_store_set_now (f.store, G_GINT64_CONSTANT (1774978200000));
  g_free (sell (2, TOUCHUP, 1000000, "[{\"provider_id\": \"" LEE "\"}]"));
  stale = ax_commission_query_stale (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id,
                                     ax_store_get_timezone (f.store), periods, &error);
  ck_assert_ptr_nonnull (stale);
  ck_assert_uint_eq (stale->len, 2);
  r = ax_fixture_mutate (&f, BILLING, "commission.compute", "{\"period\": \"2026-04\", "
                         "\"provider_id\": \"" LEE "\"}");
  ck_assert_int_eq (int_member (r, "written"), 1);
  assert_live (2, LEE, 1000000, 500, 50000);
  ck_assert_int_eq (commission (LEE, MARCH), 0);    /* not computed yet */
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, BILLING, "commission.compute", "{\"period\": \"" MARCH "\"}");
  assert_live (1, LEE, 9500000, 500, 475000);
}
END_TEST

static void
stale_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr (GError) error = NULL;
  GPtrArray **out = data;

  *out = ax_commission_stale_finish (AX_STORE (source), result, &error);
  ck_assert_msg (*out != NULL, "%s", error ? error->message : "");
}

/* What the app's worker looks at, off the main thread: a refund made in
 * April of a February sale makes February stale, though only March and
 * April are asked for. */
START_TEST (test_stale_after_old_refund)
{
  g_autofree char *rule = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", CLINIC_RULE);
  g_autofree char *s1 = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (JsonNode) cn = NULL;
  g_autoptr (GPtrArray) stale = NULL;
  const char *periods[] = { "2026-04", MARCH, NULL };

  ax_store_set_now (f.store, G_GINT64_CONSTANT (1771900200000));   /* 2026-02-24 09:30 Bangkok */
  s1 = sell (1, FACIAL, 2000000, "[{\"provider_id\": \"" LEE "\"}]");
  r = compute_sale (s1);
  ck_assert_int_eq (commission (LEE, "2026-02"), 100000);
  ax_store_set_now (f.store, G_GINT64_CONSTANT (1774978200000));   /* 2026-04-01 00:30 */
  cn = ax_fixture_mutate (&f, OWNER, "sale.refund", "{\"id\": \"019c1000-0000-7000-8000-0000000000c2\", "
                          "\"sale_id\": \"019c1000-0000-7000-8000-000000000001\", \"reason\": \"Rash\"}");
  /* since 1 March, Bangkok */
  ax_commission_stale_async (f.store, periods, G_GINT64_CONSTANT (1772298000000), NULL, stale_done_cb,
                             &stale);
  while (stale == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_uint_eq (stale->len, 1);
  ck_assert_str_eq (((AxCommissionStale *) stale->pdata[0])->provider_id, LEE);
  ck_assert_str_eq (((AxCommissionStale *) stale->pdata[0])->period, "2026-02");
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, BILLING, "commission.compute", "{\"period\": \"2026-02\"}");
  ck_assert_int_eq (commission (LEE, "2026-02"), 0);
}
END_TEST

START_TEST (test_rule_update)
{
  g_autofree char *rule = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", CLINIC_RULE);
  g_autofree char *other = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create",
                                                 "{\"provider_id\": \"" LEE "\", \"base_rate_bp\": 700}");
  g_autofree char *ok = g_strdup_printf (
    "{\"id\": \"%s\", \"set\": {\"base_rate_bp\": 600, \"tiers\": [{\"rate_bp\": 900, \"above\": 5000000}, "
    "{\"above\": 10000000, \"rate_bp\": 1200}]}, \"from\": {\"base_rate_bp\": 500, "
    "\"tiers\": [{\"above\": 10000000, \"rate_bp\": 1000}]}}", rule);
  g_autofree char *stale = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"base_rate_bp\": 800}, "
                                            "\"from\": {\"base_rate_bp\": 500}}", rule);
  g_autofree char *dup = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"provider_id\": null}}", other);
  g_autofree char *bad = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"base_rate_bp\": -1}}", rule);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, OWNER, "commission_rule.update", ok);
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GError) error = NULL;
  AxCommissionRule *first;

  rules = ax_commission_query_rules (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id, &error);
  ck_assert_ptr_nonnull (rules);
  ck_assert_uint_eq (rules->len, 2);
  first = rules->pdata[0];
  ck_assert_str_eq (first->id, rule);
  ck_assert_ptr_null (first->provider_id);
  ck_assert_uint_eq (first->base_rate_bp, 600);
  ck_assert_uint_eq (first->tiers->len, 2);
  /* Stored in one form, whatever order the fields came in. */
  ck_assert_str_eq (first->tiers_json, "[{\"above\":5000000,\"rate_bp\":900},"
                                       "{\"above\":10000000,\"rate_bp\":1200}]");
  ck_assert_str_eq (((AxCommissionRule *) rules->pdata[1])->provider_name, "Dr Lee");
  ck_assert_uint_eq (ax_commission_rule_rate (600, first->tiers, 5000000), 600);
  ck_assert_uint_eq (ax_commission_rule_rate (600, first->tiers, 5000001), 900);
  ck_assert_uint_eq (ax_commission_rule_rate (600, first->tiers, 10000001), 1200);

  refused (OWNER, "commission_rule.update", stale, AX_MODEL_ERROR_STALE, "changed by someone else");
  refused (OWNER, "commission_rule.update", dup, AX_MODEL_ERROR_DUPLICATE, "already a clinic-wide rule");
  refused (OWNER, "commission_rule.update", bad, AX_MODEL_ERROR_INVALID_ARGS, "0 % to 100 %");
  refused (BILLING, "commission_rule.update", stale, AX_MODEL_ERROR_FORBIDDEN, "");
}
END_TEST

START_TEST (test_permissions)
{
  g_autofree char *rule = ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", CLINIC_RULE);
  g_autofree char *deactivate = g_strdup_printf ("{\"id\": \"%s\"}", rule);
  static const AxRole others[] = { PROVIDER, FRONT_DESK, BILLING, DIRECTOR, READ_ONLY };

  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      refused (others[i], "commission_rule.create", "{\"provider_id\": \"" LEE "\", \"base_rate_bp\": 500}",
               AX_MODEL_ERROR_FORBIDDEN, "");
      refused (others[i], "commission_rule.deactivate", deactivate, AX_MODEL_ERROR_FORBIDDEN, "");
    }
  /* Computing is the till's: Owner and Billing. */
  refused (FRONT_DESK, "commission.compute", "{\"period\": \"" MARCH "\"}", AX_MODEL_ERROR_FORBIDDEN, "");
  refused (PROVIDER, "commission.compute", "{\"period\": \"" MARCH "\"}", AX_MODEL_ERROR_FORBIDDEN, "");
  refused (READ_ONLY, "commission.compute", "{\"period\": \"" MARCH "\"}", AX_MODEL_ERROR_FORBIDDEN, "");
}
END_TEST

START_TEST (test_bad_input)
{
  g_free (ax_fixture_mutate_id (&f, OWNER, "commission_rule.create", CLINIC_RULE));
  g_free (ax_fixture_mutate_id (&f, OWNER, "commission_rule.create",
                                "{\"provider_id\": \"" LEE "\", \"category_id\": \"" SKIN "\", "
                                "\"base_rate_bp\": 500}"));

  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": 10001}",
           AX_MODEL_ERROR_INVALID_ARGS, "0 % to 100 %");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": -5}",
           AX_MODEL_ERROR_INVALID_ARGS, "0 % to 100 %");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\"}",
           AX_MODEL_ERROR_INVALID_ARGS, "“base_rate_bp” is required");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": 500, "
           "\"tiers\": [{\"above\": 200, \"rate_bp\": 700}, {\"above\": 100, \"rate_bp\": 900}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "Tier 2: tiers must go up");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": 500, "
           "\"tiers\": [{\"above\": 100, \"rate_bp\": 700}, {\"above\": 100, \"rate_bp\": 900}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "Tier 2: tiers must go up");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": 500, "
           "\"tiers\": [{\"above\": 100, \"rate_bp\": 10001}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "Tier 1: the rate must be from 0 % to 100 %");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": 500, "
           "\"tiers\": [{\"above\": 0, \"rate_bp\": 700}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "Tier 1: the sales it starts above must be more than 0");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" ANA "\", \"base_rate_bp\": 500, "
           "\"tiers\": [{\"above\": \"lots\", \"rate_bp\": 700}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "Tier 1: a tier is");
  refused (OWNER, "commission_rule.create", "{\"base_rate_bp\": 700}",
           AX_MODEL_ERROR_DUPLICATE, "already a clinic-wide rule");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" LEE "\", \"category_id\": \"" SKIN "\", "
           "\"base_rate_bp\": 900}", AX_MODEL_ERROR_DUPLICATE, "already has a rule for this category");
  refused (OWNER, "commission_rule.create", "{\"provider_id\": \"" NOWHERE "\", \"base_rate_bp\": 500}",
           AX_MODEL_ERROR_NOT_FOUND, "");
  refused (OWNER, "commission_rule.create", "{\"category_id\": \"" NOWHERE "\", \"base_rate_bp\": 500}",
           AX_MODEL_ERROR_NOT_FOUND, "");
  refused (OWNER, "commission_rule.deactivate", "{\"id\": \"" NOWHERE "\"}", AX_MODEL_ERROR_NOT_FOUND, "");
  refused (OWNER, "commission.compute", "{}", AX_MODEL_ERROR_INVALID_ARGS, "give the month");
  refused (OWNER, "commission.compute", "{\"period\": \"2026-13\"}", AX_MODEL_ERROR_INVALID_ARGS,
           "a month like 2026-03");
  refused (OWNER, "commission.compute", "{\"period\": \"March\"}", AX_MODEL_ERROR_INVALID_ARGS,
           "a month like 2026-03");
  refused (OWNER, "commission.compute", "{\"period\": \"" MARCH "\", \"sale_id\": \"" NOWHERE "\"}",
           AX_MODEL_ERROR_INVALID_ARGS, "not both");
  refused (OWNER, "commission.compute", "{\"sale_id\": \"" NOWHERE "\"}", AX_MODEL_ERROR_NOT_FOUND,
           "no sale");
  refused (OWNER, "commission.compute", "{\"period\": \"" MARCH "\", \"provider_id\": \"" NOWHERE "\"}",
           AX_MODEL_ERROR_NOT_FOUND, "");
}
END_TEST

int
main (void)
{
  const TTest *tests[] = {
    test_example_tier_crossed, test_example_split, test_example_refund, test_most_specific_rule,
    test_void_and_deactivate, test_periods_apart, test_stale_after_old_refund, test_rule_update, test_permissions, test_bad_input,
  };
  return ax_test_run ("commissions", setup, teardown, tests, G_N_ELEMENTS (tests));
}
