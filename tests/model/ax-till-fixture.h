/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A small catalogue for the till's tests (test-till, test-pos-page): one of
 * each kind the till sells, a category per tab, stock, two providers and a
 * patient. Ids are fixed so tests can name them. */

#include "ax-fixture.h"

#define TILL_ID(n) "019c0000-0000-7000-8000-00000000c0" #n
#define TILL_FACIAL TILL_ID (01)
#define TILL_CONSULT TILL_ID (02)
#define TILL_SUN TILL_ID (03)
#define TILL_CREAM TILL_ID (04)
#define TILL_COURSE TILL_ID (05)
#define TILL_PLAN TILL_ID (06)
#define TILL_LEE TILL_ID (07)
#define TILL_ANA TILL_ID (08)
#define TILL_OLD TILL_ID (09)
#define TILL_TREAT_CAT TILL_ID (10)
#define TILL_MED_CAT TILL_ID (11)
#define TILL_RETAIL_CAT TILL_ID (12)
#define TILL_GONE TILL_ID (13)

static inline void
ax_till_fixture_exec (AxFixture  *f,
                      const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (f->store)), sql, NULL, NULL, &msg);

  ck_assert_msg (rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
}

/* Returns the patient's id (Anong Sukjai). */
static inline char *
ax_till_fixture_seed (AxFixture *f)
{
  g_autoptr (JsonNode) lot = NULL;

  ax_till_fixture_exec (f,
    "INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name, kind) "
    "SELECT '" TILL_TREAT_CAT "', id, 0, 'h', 'Facials', 'treatment' FROM clinics;"
    "INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name, kind) "
    "SELECT '" TILL_MED_CAT "', id, 0, 'h', 'Skin medicine', 'medication' FROM clinics;"
    "INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name, kind) "
    "SELECT '" TILL_RETAIL_CAT "', id, 0, 'h', 'Skincare', 'retail' FROM clinics;"
    "INSERT INTO services (id, clinic_id, created_at, updated_at, category_id, code, name, price, tax_class) "
    "SELECT '" TILL_FACIAL "', id, 0, 'h', '" TILL_TREAT_CAT "', 'FAC', 'Hydra Facial', 150000, 'standard' FROM clinics;"
    "INSERT INTO services (id, clinic_id, created_at, updated_at, code, name, price, tax_class) "
    "SELECT '" TILL_CONSULT "', id, 0, 'h', 'CON', 'Doctor''s consultation', 80000, 'exempt' FROM clinics;"
    "INSERT INTO services (id, clinic_id, created_at, updated_at, code, name, price, active) "
    "SELECT '" TILL_OLD "', id, 0, 'h', 'OLD', 'Retired peel', 1000, 0 FROM clinics;"
    "INSERT INTO products (id, clinic_id, created_at, updated_at, category_id, code, barcode, name, kind, price) "
    "SELECT '" TILL_SUN "', id, 0, 'h', '" TILL_RETAIL_CAT "', 'SUN', '8850001112223', 'Sunscreen SPF50', 'retail', 59000 FROM clinics;"
    "INSERT INTO products (id, clinic_id, created_at, updated_at, category_id, code, name, kind, price) "
    "SELECT '" TILL_CREAM "', id, 0, 'h', '" TILL_MED_CAT "', 'TRE', 'Tretinoin cream', 'medication', 45000 FROM clinics;"
    "INSERT INTO products (id, clinic_id, created_at, updated_at, code, name, kind, price, deleted_at) "
    "SELECT '" TILL_GONE "', id, 0, 'h', 'GON', 'Deleted gel', 'retail', 1000, 5 FROM clinics;"
    "INSERT INTO packages (id, clinic_id, created_at, updated_at, code, name, service_id, sessions, price) "
    "SELECT '" TILL_COURSE "', id, 0, 'h', 'FAC5', 'Hydra Facial x5', '" TILL_FACIAL "', 5, 600000 FROM clinics;"
    "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, wallet_amount) "
    "SELECT '" TILL_PLAN "', id, 0, 'h', 'Glow Club', 299000, 300000 FROM clinics;"
    "INSERT INTO providers (id, clinic_id, created_at, updated_at, name, sort_order) "
    "SELECT '" TILL_LEE "', id, 0, 'h', 'Dr Lee', 1 FROM clinics;"
    "INSERT INTO providers (id, clinic_id, created_at, updated_at, name, sort_order) "
    "SELECT '" TILL_ANA "', id, 0, 'h', 'Dr Ana', 2 FROM clinics;");
  lot = ax_fixture_mutate (f, AX_ROLE_OWNER, "stock.receive",
                           "{\"product_id\": \"" TILL_SUN "\", \"lot_number\": \"S1\", "
                           "\"expiry_date\": \"2027-01-01\", \"quantity\": 12}");
  return ax_fixture_mutate_id (f, AX_ROLE_FRONT_DESK, "patient.create",
                               "{\"first_name\": \"Anong\", \"last_name\": \"Sukjai\"}");
}
