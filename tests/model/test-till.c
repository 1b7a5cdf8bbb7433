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

int
main (void)
{
  const TTest *tests[] = { test_tabs, test_search, test_lookup_code };
  int rc = ax_test_run ("till", setup, teardown, tests, G_N_ELEMENTS (tests));

  g_free (patient);
  return rc;
}
