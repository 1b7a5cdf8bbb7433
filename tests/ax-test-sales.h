/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A small catalogue for tests of receipts and the day close: the items of
 * docs/tax.md example 14 (a toxin, a consultation, a sunscreen, a
 * zero-rated item) and a facial, with stock to sell. */

#include <check.h>
#include "ax-store.h"
#include "ax-day-close.h"

#define AX_TS_ID(n) "019c0000-0000-7000-8000-00000000c0" #n
#define AX_TS_TOXIN AX_TS_ID (01)
#define AX_TS_SUN AX_TS_ID (02)
#define AX_TS_ZERO AX_TS_ID (03)
#define AX_TS_CONSULT AX_TS_ID (04)
#define AX_TS_FACIAL AX_TS_ID (05)

/* docs/tax.md example 14 as checkout lines (prices include tax, 7 %). */
#define AX_TS_EXAMPLE_14                                                                       \
  "\"lines\": ["                                                                               \
  " {\"kind\": \"product\", \"item_id\": \"" AX_TS_TOXIN "\", \"quantity\": 50, \"discount_bp\": 1000},"\
  " {\"kind\": \"service\", \"item_id\": \"" AX_TS_CONSULT "\"},"                              \
  " {\"kind\": \"product\", \"item_id\": \"" AX_TS_SUN "\", \"quantity\": 3, \"discount_amount\": 7000},"\
  " {\"kind\": \"product\", \"item_id\": \"" AX_TS_ZERO "\"}],"                                \
  "\"receipt_discount_amount\": 99999"

static inline void
ax_test_sales_catalogue (AxStore *store,
                         AxActor *owner)
{
  static const char *const receive[] = {
    "{\"product_id\": \"" AX_TS_TOXIN "\", \"lot_number\": \"T1\", \"expiry_date\": \"2027-01-01\", \"quantity\": 500}",
    "{\"product_id\": \"" AX_TS_SUN "\", \"lot_number\": \"S1\", \"expiry_date\": \"2027-01-01\", \"quantity\": 50}",
    "{\"product_id\": \"" AX_TS_ZERO "\", \"lot_number\": \"Z1\", \"quantity\": 50}",
  };
  char *msg = NULL;
  int rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (store)),
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, code, price, tax_class) "
    "SELECT '" AX_TS_TOXIN "', id, 0, 'h', 'Toxin (units)', 'TOX', 25000, 'standard' FROM clinics;"
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, code, price, tax_class) "
    "SELECT '" AX_TS_SUN "', id, 0, 'h', 'Sunscreen', 'SUN', 59000, 'standard' FROM clinics;"
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, price, tax_class) "
    "SELECT '" AX_TS_ZERO "', id, 0, 'h', 'Zero-rated item', 123456, 'zero' FROM clinics;"
    "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class) "
    "SELECT '" AX_TS_CONSULT "', id, 0, 'h', 'Doctor''s consultation', 80000, 'exempt' FROM clinics;"
    "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class) "
    "SELECT '" AX_TS_FACIAL "', id, 0, 'h', 'Facial', 150000, 'standard' FROM clinics;"
    "UPDATE clinics SET legal_name = 'Lotus Test Clinic Co., Ltd.', tax_id = '0105561234567', "
    "       branch = 'Head office', address = '99 Sukhumvit Road, Bangkok 10110';",
    NULL, NULL, &msg);

  ck_assert_msg (rc == SQLITE_OK, "%s", msg ? msg : "");
  for (gsize i = 0; i < G_N_ELEMENTS (receive); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) r = ax_store_mutate_json (store, owner, "stock.receive", receive[i], &error);

      ck_assert_msg (r != NULL, "%s", error ? error->message : "");
    }
  ax_store_reload_clinic (store);
}

/* The Z report of the store's terminal for date (YYYY-MM-DD). */
static inline AxZReport *
ax_test_z_report (AxStore    *store,
                  const char *date)
{
  g_autoptr (GError) error = NULL;
  AxZReport *z = ax_z_report_query (ax_store_get_db (store), ax_store_get_clinic (store)->id,
                                    ax_store_get_device_id (store), date,
                                    ax_store_get_timezone (store), &error);

  ck_assert_msg (z != NULL, "%s", error ? error->message : "");
  return z;
}

/* A tender's line of a Z report; NULL when the day has none. */
static inline const AxZTender *
ax_test_z_tender (AxZReport  *z,
                  const char *name)
{
  for (guint i = 0; i < z->tenders->len; i++)
    if (g_str_equal (((AxZTender *) z->tenders->pdata[i])->tender, name))
      return z->tenders->pdata[i];
  return NULL;
}
