/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stock: receiving lots, adjusting with a reason, first-expiry-first-out,
 * low stock and near expiry, and the per-lot balance that triggers keep equal
 * to the sum of the ledger. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-stock.h"
#include "ax-hlc.h"

AX_FIXTURE_DEFINE

#define SERUM "019c0000-0000-7000-8000-00000000aa01"
#define GLOVES "019c0000-0000-7000-8000-00000000aa02"

static void
exec (const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (f.store)), sql, NULL, NULL, &msg);

  ck_assert_msg (rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
}

static void
products (void)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, unit, price, "
    "                      low_stock_threshold, near_expiry_days) "
    "SELECT '" SERUM "', id, 0, 'h', 'Vitamin C serum', 'pcs', 35000, 5, 60 FROM clinics;"
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, unit, price, "
    "                      low_stock_threshold, near_expiry_days) "
    "SELECT '" GLOVES "', id, 0, 'h', 'Gloves', 'box', 0, 0, 30 FROM clinics;");
  exec (sql);
}

static char *
receive (const char *product,
         const char *lot,
         const char *expiry,
         int         qty)
{
  g_autofree char *args = g_strdup_printf ("{\"product_id\": \"%s\", \"lot_number\": \"%s\", "
                                           "%s%s%s \"quantity\": %d, \"unit_cost\": 12000}",
                                           product, lot, expiry ? "\"expiry_date\": \"" : "",
                                           expiry ? expiry : "", expiry ? "\"," : "", qty);
  return ax_fixture_mutate_id (&f, BILLING, "stock.receive", args);
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
  gint64 before = ax_fixture_count (&f, "SELECT (SELECT COUNT (*) FROM stock_movements) "
                                        "     + (SELECT COUNT (*) FROM lots) + (SELECT COUNT (*) FROM outbox)");

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "wrong error “%s”", error->message);
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” does not mention “%s”",
                 error->message, part);
  ck_assert_int_eq (before, ax_fixture_count (&f, "SELECT (SELECT COUNT (*) FROM stock_movements) "
                                                  "     + (SELECT COUNT (*) FROM lots) + (SELECT COUNT (*) FROM outbox)"));
}

/* Every lot's balance is the sum of its live movements. */
static void
assert_balances_match_ledger (void)
{
  ck_assert_int_eq (ax_fixture_count (&f,
    "SELECT COUNT (*) FROM (SELECT lot_id, SUM (qty) AS s FROM stock_movements "
    "  WHERE lot_id IS NOT NULL AND deleted_at IS NULL GROUP BY lot_id) m "
    "  FULL JOIN lot_balance b ON b.lot_id = m.lot_id "
    " WHERE coalesce (m.s, 0) <> coalesce (b.on_hand, 0)"), 0);
}

START_TEST (test_receive_and_adjust)
{
  g_autofree char *lot = NULL;
  g_autofree char *again = NULL;
  g_autofree char *args = NULL;
  g_autoptr (JsonNode) r = NULL;

  products ();
  lot = receive (SERUM, "VC-01", "2026-12-31", 10);
  ck_assert_int_eq (ax_stock_lot_on_hand (ax_store_get_db (f.store), lot), 10);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements WHERE kind = 'receive' "
                                          "AND qty = 10 AND reason IS NOT NULL"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT unit_cost FROM lots"), 12000);
  /* A second delivery of the same lot adds to it. */
  again = receive (SERUM, "VC-01", "2026-12-31", 5);
  ck_assert_str_eq (lot, again);
  ck_assert_int_eq (ax_stock_lot_on_hand (ax_store_get_db (f.store), lot), 15);
  refused (BILLING, "stock.receive",
           "{\"product_id\": \"" SERUM "\", \"lot_number\": \"VC-01\", \"expiry_date\": \"2027-01-31\", "
           "\"quantity\": 1}", AX_MODEL_ERROR_INVALID_ARGS, "expiry date 2026-12-31");

  args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": -4, \"reason\": \"Broken bottles\"}", lot);
  r = ax_fixture_mutate (&f, BILLING, "stock.adjust", args);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "on_hand"), 11);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'stock.adjust'"), 1);
  g_free (args);
  args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": -12, \"reason\": \"Count\"}", lot);
  refused (BILLING, "stock.adjust", args, AX_MODEL_ERROR_INVALID_ARGS, "has 11 on hand");
  g_free (args);
  args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": 0, \"reason\": \"Count\"}", lot);
  refused (BILLING, "stock.adjust", args, AX_MODEL_ERROR_INVALID_ARGS, "must not be 0");
  g_free (args);
  args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": -11, \"reason\": \"Count\"}", lot);
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, OWNER, "stock.adjust", args);
  ck_assert_int_eq (ax_stock_lot_on_hand (ax_store_get_db (f.store), lot), 0);
  assert_balances_match_ledger ();
}
END_TEST

START_TEST (test_refusals)
{
  g_autofree char *lot = NULL;
  g_autofree char *args = NULL;

  products ();
  lot = receive (GLOVES, "G-1", NULL, 3);
  args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": 1, \"reason\": \"Found\"}", lot);
  refused (FRONT_DESK, "stock.adjust", args, AX_MODEL_ERROR_FORBIDDEN, "change stock");
  refused (READ_ONLY, "stock.adjust", args, AX_MODEL_ERROR_FORBIDDEN, "change stock");
  refused (PROVIDER, "stock.receive", "{\"product_id\": \"" GLOVES "\", \"lot_number\": \"X\", "
           "\"quantity\": 1}", AX_MODEL_ERROR_FORBIDDEN, "change stock");
  refused (DIRECTOR, "stock.receive", "{\"product_id\": \"" GLOVES "\", \"lot_number\": \"X\", "
           "\"quantity\": 1}", AX_MODEL_ERROR_FORBIDDEN, "change stock");
  refused (BILLING, "stock.receive", "{\"product_id\": \"" GLOVES "\", \"lot_number\": \"X\", "
           "\"quantity\": 0}", AX_MODEL_ERROR_INVALID_ARGS, "quantity");
  refused (BILLING, "stock.receive", "{\"product_id\": \"019c0000-0000-7000-8000-00000000ffff\", "
           "\"lot_number\": \"X\", \"quantity\": 1}", AX_MODEL_ERROR_NOT_FOUND, "no product");
  refused (BILLING, "stock.receive", "{\"product_id\": \"" GLOVES "\", \"lot_number\": \"X\", "
           "\"quantity\": 1, \"expiry_date\": \"31/12/2026\"}", AX_MODEL_ERROR_INVALID_ARGS, "date");
  refused (BILLING, "stock.receive", "{\"product_id\": \"" GLOVES "\", \"quantity\": 1}",
           AX_MODEL_ERROR_INVALID_ARGS, "lot_number");
  refused (BILLING, "stock.adjust", "{\"lot_id\": \"019c0000-0000-7000-8000-00000000ffff\", "
           "\"quantity\": 1, \"reason\": \"x\"}", AX_MODEL_ERROR_NOT_FOUND, "no lot");
  g_free (args);
  args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": 1}", lot);
  refused (BILLING, "stock.adjust", args, AX_MODEL_ERROR_INVALID_ARGS, "reason");
}
END_TEST

/* The lots in the till's order; near expiry and low stock. Today is 2026-03-10. */
START_TEST (test_queries)
{
  g_autoptr (GPtrArray) lots = NULL;
  g_autoptr (GPtrArray) near = NULL;
  g_autoptr (GPtrArray) low = NULL;
  g_autoptr (GError) error = NULL;
  AxDb *db = ax_store_get_db (f.store);
  const char *cid = ax_store_get_clinic (f.store)->id;
  g_autofree char *l1 = NULL, *l2 = NULL, *l3 = NULL, *l4 = NULL;

  products ();
  l1 = receive (SERUM, "LATE", "2027-06-30", 2);
  l2 = receive (SERUM, "SOON", "2026-04-01", 1);
  l3 = receive (SERUM, "OLD", "2026-03-01", 1);   /* expired */
  l4 = receive (GLOVES, "NOEXP", NULL, 50);

  lots = ax_stock_query_lots (db, cid, SERUM, "2026-03-10", FALSE, &error);
  ck_assert_ptr_nonnull (lots);
  ck_assert_uint_eq (lots->len, 3);
  ck_assert_str_eq (((AxStockLot *) lots->pdata[0])->lot_number, "OLD");
  ck_assert (((AxStockLot *) lots->pdata[0])->expired);
  ck_assert_str_eq (((AxStockLot *) lots->pdata[1])->lot_number, "SOON");
  ck_assert (((AxStockLot *) lots->pdata[1])->near_expiry);
  ck_assert (!((AxStockLot *) lots->pdata[1])->expired);
  ck_assert_str_eq (((AxStockLot *) lots->pdata[2])->lot_number, "LATE");
  ck_assert (!((AxStockLot *) lots->pdata[2])->near_expiry);
  ck_assert_int_eq (((AxStockLot *) lots->pdata[2])->on_hand, 2);

  near = ax_stock_query_near_expiry (db, cid, "2026-03-10", &error);
  ck_assert_uint_eq (near->len, 2);
  ck_assert_str_eq (((AxStockLot *) near->pdata[0])->lot_number, "OLD");

  low = ax_stock_query_low (db, cid, &error);
  ck_assert_uint_eq (low->len, 1);       /* serum: 4 of 5; gloves have no threshold */
  ck_assert_int_eq (((AxStockLow *) low->pdata[0])->on_hand, 4);
  ck_assert_int_eq (ax_stock_product_on_hand (db, SERUM), 4);
  ck_assert_int_eq (ax_stock_product_on_hand (db, GLOVES), 50);

  /* The Inventory page's list: on hand, low, expired and near expiry. */
  {
    g_autoptr (GPtrArray) list = ax_stock_query_products (db, cid, "2026-03-10", &error);
    AxStockProduct *gloves, *serum;

    ck_assert_ptr_nonnull (list);
    ck_assert_uint_eq (list->len, 2);
    gloves = list->pdata[0];
    serum = list->pdata[1];
    ck_assert_str_eq (gloves->name, "Gloves");
    ck_assert_int_eq (gloves->on_hand, 50);
    ck_assert (!gloves->low);
    ck_assert_uint_eq (gloves->n_lots, 1);
    ck_assert_uint_eq (gloves->n_expired + gloves->n_near_expiry, 0);
    ck_assert_str_eq (serum->name, "Vitamin C serum");
    ck_assert_int_eq (serum->on_hand, 4);
    ck_assert_int_eq (serum->threshold, 5);
    ck_assert (serum->low);
    ck_assert_uint_eq (serum->n_lots, 3);
    ck_assert_uint_eq (serum->n_expired, 1);
    ck_assert_uint_eq (serum->n_near_expiry, 1);
  }
}
END_TEST

/* The balance equals the ledger whatever writes it: mutators, raw inserts (the
 * demo seeder, sync), a soft-deleted movement, a movement moved to another
 * lot, undo. */
START_TEST (test_balance_is_the_ledger)
{
  g_autofree char *lot = NULL;
  g_autofree char *other = NULL;
  g_autofree char *args = NULL;
  g_autoptr (GError) error = NULL;

  products ();
  lot = receive (SERUM, "A", "2027-01-01", 20);
  other = receive (SERUM, "B", "2027-02-01", 7);
  for (int i = 1; i <= 5; i++)
    {
      g_autoptr (JsonNode) r = NULL;

      g_free (args);
      args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": %d, \"reason\": \"Count %d\"}",
                              i % 2 ? lot : other, i % 2 ? -i : i, i);
      r = ax_fixture_mutate (&f, BILLING, "stock.adjust", args);
    }
  assert_balances_match_ledger ();
  exec ("UPDATE stock_movements SET deleted_at = 1 WHERE kind = 'adjust' AND qty = -3");
  assert_balances_match_ledger ();
  g_free (args);
  args = g_strdup_printf ("UPDATE stock_movements SET lot_id = '%s' WHERE kind = 'adjust' AND qty = 2",
                          lot);
  exec (args);
  assert_balances_match_ledger ();
  ck_assert (ax_store_undo (f.store, f.actors[BILLING], ax_store_last_pending (f.store), &error));
  assert_balances_match_ledger ();
  ck_assert_int_eq (ax_stock_lot_on_hand (ax_store_get_db (f.store), lot), 20 - 1 + 2);  /* −3 deleted, −5 undone */
}
END_TEST

/* Two desks took the last boxes off the shelf offline: the replayed
 * adjustment is accepted below zero and flagged; by hand it is refused;
 * breach.acknowledge needs inventory.edit. */
START_TEST (test_breach_replayed)
{
  AxHlc clock = { .wall_ms = AX_FIXTURE_NOW_MS + 60000, .logical = 0 };
  char hlc[AX_HLC_STRLEN];
  g_autofree char *lot = NULL, *args = NULL, *ack = NULL;
  g_autoptr (JsonNode) node = NULL, r = NULL, done = NULL;
  g_autoptr (GError) error = NULL;
  AxDb *db = ax_store_get_db (f.store);

  products ();
  lot = receive (SERUM, "VC-01", "2026-12-31", 3);
  args = g_strdup_printf ("{\"id\": \"019c0000-0000-7000-8000-00000000ab01\", \"lot_id\": \"%s\", "
                          "\"quantity\": -5, \"reason\": \"Used in treatment\"}", lot);
  refused (BILLING, "stock.adjust", args, AX_MODEL_ERROR_INVALID_ARGS, "has 3 on hand");

  g_strlcpy (clock.node, "0123456789ab", sizeof clock.node);
  ax_hlc_format (&clock, hlc);
  node = json_from_string (args, NULL);
  ck_assert (ax_db_begin (db, NULL));
  r = ax_store_mutate_in_batch (f.store, f.actors[BILLING], "stock.adjust", node, hlc, TRUE, NULL, &error);
  g_assert_no_error (error);
  ck_assert (ax_db_commit (db, NULL));
  ck_assert (json_object_get_boolean_member (json_node_get_object (r), "breach"));
  ck_assert_int_eq (ax_stock_lot_on_hand (db, lot), -2);
  assert_balances_match_ledger ();
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT flagged FROM stock_movements "
                                          "WHERE id = '019c0000-0000-7000-8000-00000000ab01'"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE kind = 'ledger' "
                                          "AND table_name = 'lots' AND status = 'open' "
                                          "AND theirs_json = '{\"balance\":-2}' "
                                          "AND mine_json LIKE '%\"taken\":5%'"), 1);
  {
    sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT id FROM conflicts", NULL);
    ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
    ack = g_strdup_printf ("{\"id\": \"%s\"}", sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  /* A provider neither sells nor changes stock. */
  {
    g_autoptr (GError) e2 = NULL;
    g_autoptr (JsonNode) no = ax_store_mutate_json (f.store, f.actors[PROVIDER], "breach.acknowledge",
                                                    ack, &e2);
    ck_assert_ptr_null (no);
    ck_assert (g_error_matches (e2, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN));
  }
  done = ax_fixture_mutate (&f, BILLING, "breach.acknowledge", ack);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE status = 'open'"), 0);
}
END_TEST

/* The same lot number received under another id (a second desk's
 * delivery, replayed on the server): folded into the lot on the shelf,
 * and the second id kept as an alias that an adjustment made against it
 * still finds. */
START_TEST (test_lot_alias)
{
  g_autofree char *lot = NULL;
  g_autofree char *args = NULL;
  g_autoptr (JsonNode) r = NULL;
  const char *alias = "019c0000-0000-7000-8000-00000000ab01";

  products ();
  lot = receive (SERUM, "VC-02", "2026-12-31", 3);
  args = g_strdup_printf ("{\"id\": \"%s\", \"product_id\": \"" SERUM "\", \"lot_number\": \"VC-02\", "
                          "\"expiry_date\": \"2026-12-31\", \"quantity\": 2}", alias);
  r = ax_fixture_mutate (&f, BILLING, "stock.receive", args);
  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (r), "id"), lot);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM lots"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM lot_aliases WHERE id = "
                                          "'019c0000-0000-7000-8000-00000000ab01'"), 1);

  g_free (args);
  args = g_strdup_printf ("{\"lot_id\": \"%s\", \"quantity\": -1, \"reason\": \"Count\"}", alias);
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, BILLING, "stock.adjust", args);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "on_hand"), 4);
  ck_assert_int_eq (ax_stock_lot_on_hand (ax_store_get_db (f.store), lot), 4);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements WHERE lot_id = "
                                          "'019c0000-0000-7000-8000-00000000ab01'"), 0);
  refused (BILLING, "stock.adjust", "{\"lot_id\": \"019c0000-0000-7000-8000-00000000ab02\", "
           "\"quantity\": 1, \"reason\": \"Count\"}", AX_MODEL_ERROR_NOT_FOUND, "no lot with id");
  assert_balances_match_ledger ();
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_receive_and_adjust, test_refusals, test_queries,
                           test_balance_is_the_ledger, test_breach_replayed, test_lot_alias };
  return ax_test_run ("stock", setup, teardown, tests, G_N_ELEMENTS (tests));
}
