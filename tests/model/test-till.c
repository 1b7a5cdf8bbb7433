/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue at the till: what each tab holds (inactive and deleted items
 * left out), stock on hand, providers, search by name, code and category, and
 * the exact code or barcode lookup a scanner uses. */
#include "ax-till-fixture.h"
#include "ax-till.h"

AX_FIXTURE_DEFINE

static char *patient;

static AxTillCatalogue *
load (void)
{
  g_autoptr (GError) error = NULL;
  AxTillCatalogue *catalogue;

  g_free (patient);
  patient = ax_till_fixture_seed (&f);
  catalogue = ax_till_catalogue_query (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id,
                                       &error);
  ck_assert_msg (catalogue != NULL, "%s", error ? error->message : "");
  return catalogue;
}

static const AxTillItem *
item (AxTillCatalogue *catalogue,
      guint            index)
{
  ck_assert_uint_lt (index, catalogue->items->len);
  return g_ptr_array_index (catalogue->items, index);
}

START_TEST (test_tabs)
{
  g_autoptr (AxTillCatalogue) c = load ();
  static const struct { AxTillTab tab; AxCartItemKind kind; const char *name; gint64 price, on_hand; }
  want[] = {
    { AX_TILL_TAB_TREATMENTS, AX_CART_ITEM_SERVICE, "Doctor's consultation", 80000, -1 },
    { AX_TILL_TAB_TREATMENTS, AX_CART_ITEM_SERVICE, "Hydra Facial", 150000, -1 },
    { AX_TILL_TAB_MEDICATIONS, AX_CART_ITEM_PRODUCT, "Tretinoin cream", 45000, 0 },
    { AX_TILL_TAB_RETAIL, AX_CART_ITEM_PRODUCT, "Sunscreen SPF50", 59000, 12 },
    { AX_TILL_TAB_PACKAGES, AX_CART_ITEM_MEMBERSHIP, "Glow Club", 299000, -1 },
    { AX_TILL_TAB_PACKAGES, AX_CART_ITEM_PACKAGE, "Hydra Facial x5", 600000, -1 },
  };

  ck_assert_uint_eq (c->items->len, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      ck_assert_str_eq (item (c, i)->name, want[i].name);
      ck_assert_int_eq (item (c, i)->tab, want[i].tab);
      ck_assert_int_eq (item (c, i)->kind, want[i].kind);
      ck_assert_int_eq (item (c, i)->price, want[i].price);
      ck_assert_int_eq (item (c, i)->on_hand, want[i].on_hand);
    }
  ck_assert_int_eq (item (c, 0)->tax_class, AX_TAX_CLASS_EXEMPT);
  ck_assert_ptr_null (item (c, 0)->category);
  ck_assert_str_eq (item (c, 1)->category, "Facials");
  ck_assert_str_eq (item (c, 3)->barcode, "8850001112223");
  ck_assert_uint_eq (c->providers->len, 2);
  ck_assert_str_eq (((AxTillProvider *) c->providers->pdata[0])->name, "Dr Lee");
  ck_assert_uint_eq (c->approval_bp, 2000);
}
END_TEST

START_TEST (test_search)
{
  g_autoptr (AxTillCatalogue) c = load ();
  const char *queries[] = { "", "hydra", "HYDRA x5", "fac", "skincare", "885000", "zzz", NULL };
  const guint counts[] = { 6, 2, 1, 2, 1, 1, 0 };

  for (guint q = 0; queries[q] != NULL; q++)
    {
      guint n = 0;

      for (guint i = 0; i < c->items->len; i++)
        n += ax_till_item_matches (item (c, i), queries[q]);
      ck_assert_msg (n == counts[q], "“%s” matched %u, not %u", queries[q], n, counts[q]);
    }
}
END_TEST

START_TEST (test_lookup_code)
{
  g_autoptr (AxTillCatalogue) c = load ();

  ck_assert_str_eq (ax_till_catalogue_lookup_code (c, "sun")->id, TILL_SUN);
  ck_assert_str_eq (ax_till_catalogue_lookup_code (c, " 8850001112223\n")->id, TILL_SUN);
  ck_assert_str_eq (ax_till_catalogue_lookup_code (c, "FAC5")->id, TILL_COURSE);
  ck_assert_ptr_null (ax_till_catalogue_lookup_code (c, "FA"));     /* not a whole code */
  ck_assert_ptr_null (ax_till_catalogue_lookup_code (c, "OLD"));    /* inactive */
  ck_assert_ptr_null (ax_till_catalogue_lookup_code (c, "GON"));    /* deleted */
  ck_assert_ptr_null (ax_till_catalogue_lookup_code (c, ""));
  ck_assert_ptr_null (ax_till_catalogue_lookup_code (c, NULL));
}
END_TEST

static AxTillCredits *
credits (gint64 now_ms)
{
  g_autoptr (GError) error = NULL;
  AxTillCredits *c = ax_till_credits_query (ax_store_get_db (f.store), patient, now_ms, &error);

  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  return c;
}

/* Courses with sessions left and wallets with value left, as checkout sold
 * and redeemed them; expired and used-up ones are left out. The provider
 * carries its login. */
START_TEST (test_credits)
{
  g_autoptr (AxTillCatalogue) c = load ();
  g_autoptr (AxTillCatalogue) again = NULL;
  g_autoptr (AxTillCredits) none = credits (ax_store_now_ms (f.store));
  g_autoptr (AxTillCredits) bought = NULL;
  g_autoptr (AxTillCredits) used = NULL;
  g_autoptr (AxTillCredits) later = NULL;
  g_autofree char *sell = g_strdup_printf (
    "{\"id\": \"019c0000-0000-7000-8000-0000000000a1\", \"patient_id\": \"%s\", "
    "\"lines\": [{\"kind\": \"package\", \"item_id\": \"" TILL_COURSE "\", \"quantity\": 1}, "
    "{\"kind\": \"membership\", \"item_id\": \"" TILL_PLAN "\", \"quantity\": 1}], "
    "\"tenders\": [{\"kind\": \"cash\", \"amount\": 899000}]}", patient);
  g_autofree char *redeem = NULL;
  const AxTillCourse *course;
  g_autofree char *sql = g_strdup_printf ("UPDATE providers SET user_id = '%s' WHERE id = '" TILL_ANA "'",
                                          ax_actor_get_user_id (f.actors[AX_ROLE_PROVIDER]));

  ck_assert_uint_eq (none->courses->len, 0);
  ck_assert_uint_eq (none->wallets->len, 0);
  json_node_unref (ax_fixture_mutate (&f, AX_ROLE_BILLING, "sale.checkout", sell));
  bought = credits (ax_store_now_ms (f.store));
  ck_assert_uint_eq (bought->courses->len, 1);
  course = g_ptr_array_index (bought->courses, 0);
  ck_assert_str_eq (course->name, "Hydra Facial x5");
  ck_assert_str_eq (course->service_id, TILL_FACIAL);
  ck_assert_int_eq (course->sessions_left, 5);
  ck_assert_uint_eq (bought->wallets->len, 1);
  ck_assert_str_eq (((AxTillWallet *) g_ptr_array_index (bought->wallets, 0))->name, "Glow Club");
  ck_assert_int_eq (((AxTillWallet *) g_ptr_array_index (bought->wallets, 0))->wallet, 300000);

  redeem = g_strdup_printf (
    "{\"id\": \"019c0000-0000-7000-8000-0000000000a2\", \"patient_id\": \"%s\", "
    "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" TILL_FACIAL "\", \"quantity\": 1}], "
    "\"tenders\": [{\"kind\": \"package_credit\", \"amount\": 50000, \"patient_package_id\": \"%s\"}, "
    "{\"kind\": \"membership_wallet\", \"amount\": 100000, \"membership_id\": \"%s\"}]}",
    patient, course->id, ((AxTillWallet *) g_ptr_array_index (bought->wallets, 0))->id);
  json_node_unref (ax_fixture_mutate (&f, AX_ROLE_BILLING, "sale.checkout", redeem));
  used = credits (ax_store_now_ms (f.store));
  ck_assert_int_eq (((AxTillCourse *) g_ptr_array_index (used->courses, 0))->sessions_left, 4);
  ck_assert_int_eq (((AxTillWallet *) g_ptr_array_index (used->wallets, 0))->wallet, 200000);

  /* Past the course's expiry only the wallet is left. */
  later = credits (course->expires_ms + 1);
  ck_assert_uint_eq (later->courses->len, 0);
  ck_assert_uint_eq (later->wallets->len, 1);

  ax_till_fixture_exec (&f, sql);
  again = ax_till_catalogue_query (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id, NULL);
  for (guint i = 0; i < again->providers->len; i++)
    {
      AxTillProvider *p = g_ptr_array_index (again->providers, i);

      if (g_str_equal (p->id, TILL_ANA))
        ck_assert_str_eq (p->user_id, ax_actor_get_user_id (f.actors[AX_ROLE_PROVIDER]));
      else
        ck_assert_ptr_null (p->user_id);
    }
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_tabs, test_search, test_lookup_code, test_credits };
  int rc = ax_test_run ("till", setup, teardown, tests, G_N_ELEMENTS (tests));

  g_free (patient);
  return rc;
}
