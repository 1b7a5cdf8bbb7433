/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the app says and which pages a role gets: pure functions, no display. */
#include <string.h>

#include "ax-test.h"

#include "ax-pages.h"
#include "audit/ax-audit-text.h"
#include "dashboard/ax-dashboard-text.h"
#include "widgets/ax-sync-indicator.h"
#include "widgets/ax-conflicts-button.h"
#include "ax-fixture.h"
#include "ax-blob-store.h"

/* 2025-03-10 is a Monday; the clinic is in Bangkok (UTC+7, no DST). */
#define UTC_MS(h, m) ((G_GINT64_CONSTANT (1741564800) + (h) * 3600 + (m) * 60) * 1000)

static GTimeZone *
bangkok (void)
{
  return g_time_zone_new_identifier ("Asia/Bangkok");
}

static void
assert_text (char       *got,
             const char *want)
{
  ck_assert_msg (g_strcmp0 (got, want) == 0, "got “%s”, want “%s”", got, want);
  g_free (got);
}

START_TEST (test_greeting)
{
  g_autoptr (GTimeZone) tz = bangkok ();

  assert_text (ax_dashboard_text_greeting (UTC_MS (2, 0), tz, "Pim"), "Good morning, Pim");
  assert_text (ax_dashboard_text_greeting (UTC_MS (7, 0), tz, "Pim"), "Good afternoon, Pim");
  assert_text (ax_dashboard_text_greeting (UTC_MS (13, 0), tz, "Pim"), "Good evening, Pim");
  /* 23:30 UTC is already 06:30 the next morning in Bangkok. */
  assert_text (ax_dashboard_text_greeting (UTC_MS (23, 30), tz, "Pim"), "Good morning, Pim");
}
END_TEST

START_TEST (test_appointments)
{
  assert_text (ax_dashboard_text_appointments (0), "No appointments today");
  assert_text (ax_dashboard_text_appointments (1), "1 appointment today");
  assert_text (ax_dashboard_text_appointments (12), "12 appointments today");
}
END_TEST

START_TEST (test_next_appointment)
{
  g_autoptr (GTimeZone) tz = bangkok ();
  AxDashboard dash = { 0 };

  assert_text (ax_dashboard_text_next (&dash, tz), "No more appointments today");

  dash.has_next_appointment = TRUE;
  dash.next_start_ms = UTC_MS (7, 30);
  dash.next_patient = (char *) "Anong Srisuk";
  dash.next_service = (char *) "Botox";
  dash.next_provider = (char *) "Dr Lee";
  assert_text (ax_dashboard_text_next (&dash, tz), "Next: 14:30 Anong Srisuk — Botox with Dr Lee");
}
END_TEST

START_TEST (test_change)
{
  AxStatTrend trend = AX_STAT_TREND_UP;

  assert_text (ax_dashboard_text_change (0, 500, "vs last Monday", "no sales last week", &trend),
               "no sales last week");
  ck_assert_int_eq (trend, AX_STAT_TREND_NONE);
  assert_text (ax_dashboard_text_change (100, 112, "vs last Monday", "-", &trend),
               "12% vs last Monday");
  ck_assert_int_eq (trend, AX_STAT_TREND_UP);
  assert_text (ax_dashboard_text_change (200, 190, "vs last month", "-", &trend),
               "5% vs last month");
  ck_assert_int_eq (trend, AX_STAT_TREND_DOWN);
  assert_text (ax_dashboard_text_change (7, 7, "vs last month", "-", &trend), "0% vs last month");
  ck_assert_int_eq (trend, AX_STAT_TREND_FLAT);
}
END_TEST

START_TEST (test_weekday_and_time)
{
  g_autoptr (GTimeZone) tz = bangkok ();

  assert_text (ax_dashboard_text_vs_last_weekday (UTC_MS (3, 0), tz), "vs last Monday");
  /* 20:00 UTC on Monday is Tuesday in Bangkok. */
  assert_text (ax_dashboard_text_vs_last_weekday (UTC_MS (20, 0), tz), "vs last Tuesday");
  assert_text (ax_dashboard_text_time (UTC_MS (1, 5), tz), "08:05");
}
END_TEST

START_TEST (test_days_left)
{
  assert_text (ax_dashboard_text_days_left (-3), "expired");
  assert_text (ax_dashboard_text_days_left (0), "expires today");
  assert_text (ax_dashboard_text_days_left (1), "1 day left");
  assert_text (ax_dashboard_text_days_left (45), "45 days left");
}
END_TEST

START_TEST (test_sales_words)
{
  ck_assert_str_eq (ax_dashboard_text_tender ("card"), "Card");
  ck_assert_str_eq (ax_dashboard_text_tender ("package_credit"), "Package credit");
  ck_assert_str_eq (ax_dashboard_text_tender ("barter"), "barter");
  ck_assert_str_eq (ax_dashboard_text_sale_status ("voided"), "Voided");
  ck_assert_str_eq (ax_dashboard_text_sale_status ("refunded"), "Refunded");
  ck_assert_ptr_null (ax_dashboard_text_sale_status ("completed"));
}
END_TEST

START_TEST (test_stock_summary)
{
  AxDashboard dash = { 0 };
  AxDashboardLowStock low = { 0 };
  AxDashboardExpiry expired = { .days_left = -2 };
  AxDashboardExpiry expiring = { .days_left = 30 };

  dash.low_stock = g_ptr_array_new ();
  dash.near_expiry = g_ptr_array_new ();
  assert_text (ax_dashboard_text_stock_summary (&dash), "Stock levels are fine");

  g_ptr_array_add (dash.low_stock, &low);
  g_ptr_array_add (dash.low_stock, &low);
  g_ptr_array_add (dash.near_expiry, &expired);
  g_ptr_array_add (dash.near_expiry, &expiring);
  assert_text (ax_dashboard_text_stock_summary (&dash), "2 low · 1 expired · 1 expiring soon");

  g_ptr_array_unref (dash.low_stock);
  g_ptr_array_unref (dash.near_expiry);
}
END_TEST

/* A role sees a page exactly when it holds the page's permission, in table order. */
START_TEST (test_pages_follow_permissions)
{
  gsize n_pages = 0;
  const AxPageInfo *all = ax_pages_get_all (&n_pages);

  ck_assert_uint_gt (n_pages, 0);
  for (AxRole role = 0; role < AX_N_ROLES; role++)
    {
      g_autoptr (GPtrArray) visible = ax_pages_for_role (role);
      guint next = 0;

      for (gsize i = 0; i < n_pages; i++)
        {
          if (!ax_role_has (role, all[i].permission))
            continue;
          ck_assert_msg (next < visible->len && g_ptr_array_index (visible, next) == &all[i],
                         "%s should see %s", ax_role_to_string (role), all[i].id);
          next++;
        }
      ck_assert_uint_eq (next, visible->len);
    }

  ck_assert_ptr_eq (ax_pages_lookup ("dashboard"), &all[0]);
  ck_assert_ptr_null (ax_pages_lookup ("no-such-page"));
  ck_assert_ptr_null (ax_pages_lookup (NULL));
  ck_assert_str_eq (ax_page_info_get_title (&all[0]), "Dashboard");
}
END_TEST

START_TEST (test_every_role_has_the_dashboard)
{
  for (AxRole role = 0; role < AX_N_ROLES; role++)
    {
      g_autoptr (GPtrArray) visible = ax_pages_for_role (role);

      ck_assert_uint_ge (visible->len, 1);
      ck_assert_str_eq (((const AxPageInfo *) g_ptr_array_index (visible, 0))->id, "dashboard");
    }
}
END_TEST

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(gboolean *) data = TRUE;
  ax_sync_engine_sync_finish (AX_SYNC_ENGINE (source), result, NULL);
}

static void
run_sync (AxSyncEngine *engine)
{
  gboolean done = FALSE;

  ax_sync_engine_sync_async (engine, NULL, synced_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
describe (AxSyncEngine *engine,
          gint64        now_ms,
          const char  **icon)
{
  g_autoptr (GTimeZone) tz = bangkok ();
  g_autofree char *tooltip = NULL;
  char *text = ax_sync_indicator_describe (engine, tz, now_ms, icon, &tooltip);

  ck_assert_ptr_nonnull (*icon);
  ck_assert (tooltip != NULL && *tooltip != '\0');
  return text;
}

/* The header's sync line for each state of a real engine: not paired, never
 * synced, changes waiting, a server that cannot be reached, a refusal. */
START_TEST (test_sync_indicator_text)
{
  AxFixture f;
  g_autoptr (AxSyncClient) client = ax_sync_client_new ("http://127.0.0.1:1");
  g_autoptr (AxSyncEngine) engine = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (GTimeZone) tz = bangkok ();
  g_autoptr (GDateTime) since = NULL;
  g_autofree char *hhmm = NULL;
  g_autofree char *want = NULL;
  const char *icon;

  ax_fixture_setup (&f);
  assert_text (describe (NULL, UTC_MS (3, 0), &icon), "Standalone");

  /* The fixture's own setup counts as already synced. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE outbox SET state = 'applied'", NULL));
  engine = ax_sync_engine_new (f.store, client);
  assert_text (describe (engine, UTC_MS (3, 0), &icon), "Not yet synced");

  r = ax_fixture_mutate (&f, AX_ROLE_FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  assert_text (describe (engine, UTC_MS (3, 0), &icon), "1 change waiting");
  ck_assert_str_eq (icon, "document-send-symbolic");

  /* No token yet: the engine stops with the reason. */
  run_sync (engine);
  ck_assert_int_eq (ax_sync_engine_get_state (engine), AX_SYNC_STATE_ERROR);
  assert_text (describe (engine, UTC_MS (3, 0), &icon), "Sync error: Log in to the clinic server first");

  /* A server that cannot be reached: offline since when, changes waiting. */
  ax_sync_client_set_tokens (client, "a-token", NULL);
  run_sync (engine);
  ck_assert_int_eq (ax_sync_engine_get_state (engine), AX_SYNC_STATE_OFFLINE);
  since = g_date_time_new_from_unix_local (ax_sync_engine_get_offline_since (engine) / 1000);
  {
    g_autoptr (GDateTime) there = g_date_time_to_timezone (since, tz);
    hhmm = g_date_time_format (there, "%H:%M");
  }
  want = g_strdup_printf ("Offline since %s · 1 change waiting", hhmm);
  assert_text (describe (engine, ax_sync_engine_get_offline_since (engine), &icon), want);
  ck_assert_str_eq (icon, "network-offline-symbolic");
  /* Seen the next day, the time says which day. */
  g_free (want);
  want = describe (engine, ax_sync_engine_get_offline_since (engine) + 2 * 86400000, &icon);
  ck_assert_msg (strstr (want, hhmm) != NULL && !g_str_has_prefix (want + strlen ("Offline since "), hhmm),
                 "%s", want);

  g_clear_object (&engine);
  ax_fixture_teardown (&f);
}
END_TEST

/* The Audit Log names what happened; the raw action stays in the details. */
START_TEST (test_audit_action_names)
{
  ck_assert_str_eq (ax_audit_text_action ("chart.view", "chart"), "Chart opened");
  ck_assert_str_eq (ax_audit_text_action ("chart.sign", "chart"), "Chart signed");
  ck_assert_str_eq (ax_audit_text_action ("reveal", "patient"), "Field revealed");
  ck_assert_str_eq (ax_audit_text_action ("sign", "consent"), "Consent signed");
  /* The filter has no subject. */
  ck_assert_str_eq (ax_audit_text_action ("withdraw", NULL), "Consent withdrawn");
  /* One name serves only its subject; an unknown action is shown as it is. */
  ck_assert_str_eq (ax_audit_text_action ("sign", "chart"), "sign");
  ck_assert_str_eq (ax_audit_text_action ("robot.dance", NULL), "robot.dance");
}
END_TEST

/* A ledger breach in the conflicts list: what overdrew and what it left. */
START_TEST (test_breach_text)
{
  AxConflict course = { .kind = "ledger", .table_name = "patient_packages", .field = "sessions",
                        .mine_json = "{\"name\":\"Facial x5\",\"taken\":1}",
                        .theirs_json = "{\"balance\":-1}" };
  AxConflict lot = { .kind = "ledger", .table_name = "lots", .field = "qty",
                     .mine_json = "{\"name\":\"Sunscreen · S-LATE\"}", .theirs_json = "{\"balance\":-2}" };
  AxConflict wallet = { .kind = "ledger", .table_name = "memberships", .field = "amount",
                        .mine_json = "{\"name\":\"Glow Club\"}", .theirs_json = "{\"balance\":-150000}" };
  g_autofree char *t1 = NULL, *d1 = NULL, *t2 = NULL, *d2 = NULL, *t3 = NULL, *d3 = NULL;

  t1 = ax_conflicts_breach_text (&course, "THB", &d1);
  ck_assert_str_eq (t1, "Over-redeemed: Facial x5");
  ck_assert_str_eq (d1, "balance -1 session");
  t2 = ax_conflicts_breach_text (&lot, "THB", &d2);
  ck_assert_str_eq (t2, "Stock below zero: Sunscreen · S-LATE");
  ck_assert_str_eq (d2, "on hand -2");
  t3 = ax_conflicts_breach_text (&wallet, "THB", &d3);
  ck_assert_str_eq (t3, "Over-redeemed: Glow Club");
  ck_assert_msg (strstr (d3, "1,500.00") != NULL, "%s", d3);
}
END_TEST

AX_TEST_MAIN ("app-text",
              test_breach_text,
              test_audit_action_names,
              test_sync_indicator_text,
              test_greeting,
              test_appointments,
              test_next_appointment,
              test_change,
              test_weekday_and_time,
              test_days_left,
              test_sales_words,
              test_stock_summary,
              test_pages_follow_permissions,
              test_every_role_has_the_dashboard)
