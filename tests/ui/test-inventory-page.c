/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Inventory page on a fixture store, driven through its widgets: the
 * products with their on hand and tags, the search, Receive Stock (what the
 * form refuses itself, what the model refuses, a lot received with its cost
 * in baht and a supplier), Adjust on a lot (below zero refused by the model,
 * no reason refused by the form, a count adjusted), and who sees no buttons.
 * With AX_SHOT_DIR set it saves inventory-*.png there. Needs an X display
 * (skipped, 77, without one). */
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "ax-pages.h"
#include "inventory/ax-inventory-page.h"
#include "ax-ui-test.h"

#define BOTOX "019c0000-0000-7000-8000-00000000bb01"
#define SERUM "019c0000-0000-7000-8000-00000000bb02"
#define SUPPLIER "019c0000-0000-7000-8000-00000000bb09"

static AxFixture f;

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
  ax_ui_test_init ();
  ax_fixture_setup (&f);
  /* The catalogue as the Owner keeps it (no mutator in this slice). */
  exec ("INSERT INTO products (id, clinic_id, created_at, updated_at, name, kind, unit, price, "
        "                      low_stock_threshold, near_expiry_days) "
        "SELECT '" BOTOX "', id, 0, 'h', 'Botox 100U', 'medication', 'U', 0, 150, 60 FROM clinics;"
        "INSERT INTO products (id, clinic_id, created_at, updated_at, name, unit, price, "
        "                      low_stock_threshold, near_expiry_days) "
        "SELECT '" SERUM "', id, 0, 'h', 'Vitamin C serum', 'bottle', 35000, 0, 60 FROM clinics;"
        "INSERT INTO suppliers (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" SUPPLIER "', id, 0, 'h', 'Siam Aesthetic Supply' FROM clinics;");
}

static void
teardown (void)
{
  ax_fixture_teardown (&f);
}

typedef struct
{
  AxContext       *context;
  GtkWidget       *window;
  AxInventoryPage *page;
} Desk;

static gboolean
page_listed (gpointer page)
{
  return g_strcmp0 (ax_inventory_page_get_state (page), "list") == 0;
}

static void
desk_open (Desk  *desk,
           AxRole role)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
  GtkWidget *overlay = adw_toast_overlay_new ();

  desk->context = ax_context_new (f.store, settings);
  ax_context_set_actor (desk->context, f.actors[role]);
  desk->page = AX_INVENTORY_PAGE (ax_inventory_page_new (desk->context));
  g_object_add_weak_pointer (G_OBJECT (desk->page), (gpointer *) &desk->page);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 1100, 640);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (desk->page));
  gtk_window_set_child (GTK_WINDOW (desk->window), overlay);
  gtk_window_present (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (page_listed, desk->page), "the page never listed the stock");
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (ax_ui_is_null, &desk->page), "the page was not freed");
  g_clear_object (&desk->context);
}

static AxInventoryPage *waiting_page;
static gint64 want_on_hand;

static AxStockProduct *
shown_product (AxInventoryPage *page,
               const char      *id)
{
  AxStockOverview *o = ax_inventory_page_get_overview (page);

  for (guint i = 0; o != NULL && i < o->products->len; i++)
    if (g_str_equal (((AxStockProduct *) o->products->pdata[i])->product_id, id))
      return o->products->pdata[i];
  return NULL;
}

static gboolean
botox_shows (gpointer unused)
{
  AxStockProduct *p = shown_product (waiting_page, BOTOX);

  return p != NULL && p->on_hand == want_on_hand;
}

static void
wait_botox (Desk  *desk,
            gint64 on_hand)
{
  waiting_page = desk->page;
  want_on_hand = on_hand;
  ck_assert_msg (ax_ui_spin_until (botox_shows, NULL), "the page does not show %" G_GINT64_FORMAT
                 " U of Botox", on_hand);
}

static guint want_shown;

static gboolean
shows_n (gpointer page)
{
  return ax_inventory_page_get_n_shown (page) == want_shown;
}

static gboolean
form_gone (gpointer title)
{
  return ax_ui_find_form (title) == NULL;
}

static void
submit (AxFormDialog *form)
{
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL));
  ax_ui_spin_for (50);
}

static char *
only_lot (void)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store), "SELECT id FROM lots", NULL);
  char *id;

  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

START_TEST (test_receive_and_adjust)
{
  Desk desk = { 0 };
  AxFormDialog *form;
  g_autofree char *lot = NULL;
  g_autofree char *movements_before = NULL;
  GtkWidget *search;

  desk_open (&desk, BILLING);
  ck_assert_uint_eq (ax_inventory_page_get_overview (desk.page)->products->len, 2);
  /* Nothing in stock: Botox (threshold 150) is low, the serum is not. */
  ck_assert (shown_product (desk.page, BOTOX)->low);
  ck_assert (!shown_product (desk.page, SERUM)->low);

  /* The search narrows the list by name. */
  search = ax_ui_find (GTK_WIDGET (desk.page), GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "vita");
  want_shown = 1;
  ck_assert_msg (ax_ui_spin_until (shows_n, desk.page), "the search left %u products",
                 ax_inventory_page_get_n_shown (desk.page));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  want_shown = 2;
  ck_assert (ax_ui_spin_until (shows_n, desk.page));

  /* Receive Stock…, with the product chosen. */
  ck_assert (ax_inventory_page_select_product (desk.page, BOTOX));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "inventory.receive", NULL));
  form = ax_ui_wait_form ("Receive Stock");
  ck_assert_uint_eq (adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "product_id"))), 0);
  ax_ui_set_text (form, "lot_number", "C4512");
  ax_ui_set_text (form, "expiry_date", "31/01/2027");
  ax_ui_set_text (form, "quantity", "ten");
  ax_ui_set_text (form, "unit_cost", "45 baht");
  /* The form's own checks: a count and an amount of money. */
  submit (form);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "quantity"));
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "unit_cost"));
  ck_assert (strstr (ax_form_dialog_get_error (form, "unit_cost"), "not an amount of money") != NULL);
  /* The model's: the expiry is no date. */
  ax_ui_set_text (form, "quantity", "200");
  ax_ui_set_text (form, "unit_cost", "4,500.50");
  submit (form);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "expiry_date"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM lots"), 0);
  ax_ui_set_text (form, "expiry_date", "2027-01-31");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "supplier_id")), 1);
  ax_ui_save_png (GTK_WIDGET (form), "inventory-receive.png");
  submit (form);
  ck_assert_msg (ax_ui_spin_until (form_gone, "Receive Stock"), "the form stayed open: %s",
                 ax_form_dialog_get_error (form, ""));

  /* The store has the lot, its cost in satang, its supplier and the movement. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM lots WHERE lot_number = 'C4512' "
                                          "  AND expiry_date = '2027-01-31' AND unit_cost = 450050 "
                                          "  AND supplier_id = '" SUPPLIER "' AND product_id = '" BOTOX "'"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements "
                                          " WHERE kind = 'receive' AND qty = 200"), 1);
  wait_botox (&desk, 200);
  ck_assert (!shown_product (desk.page, BOTOX)->low);
  lot = only_lot ();

  /* Adjust… below zero: the model refuses, nothing is written. */
  movements_before = ax_fixture_dump (&f, "stock_movements");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "inventory.adjust", "s", lot));
  form = ax_ui_wait_form ("Adjust Stock");
  ax_ui_set_text (form, "quantity", "−250");
  ax_ui_set_text (form, "reason", "Count");
  submit (form);
  ck_assert_ptr_nonnull (ax_ui_find_form ("Adjust Stock"));
  {
    const char *top = ax_form_dialog_get_error (form, "");
    const char *under = ax_form_dialog_get_error (form, "quantity");
    const char *shown = top != NULL ? top : under;

    ck_assert_ptr_nonnull (shown);
    ck_assert_msg (strstr (shown, "200 on hand") != NULL, "%s", shown);
  }
  {
    g_autofree char *after = ax_fixture_dump (&f, "stock_movements");

    ck_assert_str_eq (after, movements_before);
  }
  /* No reason: the form asks for one. */
  ax_ui_set_text (form, "quantity", "-3");
  ax_ui_set_text (form, "reason", "  ");
  submit (form);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "reason"));
  ax_ui_set_text (form, "reason", "Vial dropped");
  ax_ui_save_png (GTK_WIDGET (form), "inventory-adjust.png");
  submit (form);
  ck_assert (ax_ui_spin_until (form_gone, "Adjust Stock"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements WHERE kind = 'adjust' "
                                          "  AND qty = -3 AND reason = 'Vial dropped'"), 1);
  wait_botox (&desk, 197);
  ck_assert (ax_inventory_page_select_product (desk.page, BOTOX));
  ax_ui_save_png (desk.window, "inventory-page.png");
  desk_close (&desk);
}
END_TEST

START_TEST (test_who_may_change_stock)
{
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, BILLING, "stock.receive",
                                              "{\"product_id\": \"" BOTOX "\", \"lot_number\": "
                                              "\"OLD1\", \"expiry_date\": \"2026-03-01\", "
                                              "\"quantity\": 5}");
  AxRole readers[] = { PROVIDER, READ_ONLY };

  /* Owner and Billing change stock; Provider and Read Only only look. */
  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      Desk desk = { 0 };
      GtkWidget *receive;

      desk_open (&desk, readers[i]);
      ck_assert (ax_inventory_page_select_product (desk.page, BOTOX));
      ck_assert_uint_eq (shown_product (desk.page, BOTOX)->n_expired, 1);
      receive = ax_ui_find (GTK_WIDGET (desk.page), GTK_TYPE_BUTTON, "_Receive Stock…");
      ck_assert_ptr_nonnull (receive);
      ck_assert (!gtk_widget_get_visible (receive));
      ck_assert_ptr_null (ax_ui_find (GTK_WIDGET (desk.page), GTK_TYPE_BUTTON, "_Adjust…"));
      ck_assert (!gtk_widget_activate_action (GTK_WIDGET (desk.page), "inventory.receive", NULL)
                 || ax_ui_find_form ("Receive Stock") == NULL);
      ax_ui_spin_for (50);
      ck_assert_ptr_null (ax_ui_find_form ("Receive Stock"));
      if (readers[i] == READ_ONLY)
        ax_ui_save_png (desk.window, "inventory-readonly.png");
      desk_close (&desk);
    }
  {
    Desk desk = { 0 };

    desk_open (&desk, OWNER);
    ck_assert (ax_inventory_page_select_product (desk.page, BOTOX));
    ck_assert (gtk_widget_get_visible (ax_ui_find (GTK_WIDGET (desk.page), GTK_TYPE_BUTTON,
                                                   "_Receive Stock…")));
    ck_assert_ptr_nonnull (ax_ui_find (GTK_WIDGET (desk.page), GTK_TYPE_BUTTON, "_Adjust…"));
    desk_close (&desk);
  }
  /* The sidebar: who has inventory.view. */
  {
    AxRole sees[] = { OWNER, PROVIDER, BILLING, READ_ONLY };
    AxRole not[] = { FRONT_DESK, DIRECTOR };

    for (gsize i = 0; i < G_N_ELEMENTS (sees); i++)
      {
        g_autoptr (GPtrArray) pages = ax_pages_for_role (ax_actor_get_role (f.actors[sees[i]]));
        gboolean found = FALSE;

        for (guint j = 0; j < pages->len; j++)
          found |= g_str_equal (((const AxPageInfo *) pages->pdata[j])->id, "inventory");
        ck_assert (found);
      }
    for (gsize i = 0; i < G_N_ELEMENTS (not); i++)
      {
        g_autoptr (GPtrArray) pages = ax_pages_for_role (ax_actor_get_role (f.actors[not[i]]));

        for (guint j = 0; j < pages->len; j++)
          ck_assert (!g_str_equal (((const AxPageInfo *) pages->pdata[j])->id, "inventory"));
      }
  }
}
END_TEST

static gboolean
page_in_state (gpointer state)
{
  return g_strcmp0 (ax_inventory_page_get_state (waiting_page), state) == 0;
}

/* No products: the empty state; a store that cannot be read: the error
 * state with the model's message. */
START_TEST (test_empty_and_error)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
  AxContext *context;
  GtkWidget *window = gtk_window_new ();
  AxInventoryPage *page;

  exec ("DELETE FROM products");
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[OWNER]);
  page = AX_INVENTORY_PAGE (ax_inventory_page_new (context));
  waiting_page = page;
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (page_in_state, "empty"), "state %s",
                 ax_inventory_page_get_state (page));
  exec ("DROP TABLE suppliers");
  ax_inventory_page_reload (page);
  ck_assert_msg (ax_ui_spin_until (page_in_state, "error"), "state %s",
                 ax_inventory_page_get_state (page));
  {
    GtkWidget *retry = ax_ui_find (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Retry");
    AdwStatusPage *error_page = ADW_STATUS_PAGE (gtk_widget_get_ancestor (retry, ADW_TYPE_STATUS_PAGE));
    const char *message = adw_status_page_get_description (error_page);

    ck_assert_msg (message != NULL && strstr (message, "suppliers") != NULL, "%s", message);
  }
  ax_ui_save_png (window, "inventory-error.png");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (context);
}
END_TEST

/* Pictures of the page on the demo clinic, with AX_SHOT_DIR set. */
START_TEST (test_demo_shots)
{
  g_autoptr (AxActor) owner = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  AxStockOverview *o;
  const char *chosen = NULL;
  Desk desk = { 0 };
  AxFormDialog *form;
  GtkWidget *overlay;

  if (g_getenv ("AX_SHOT_DIR") == NULL)
    return;
  store = ax_ui_demo_store (f.dir, &owner);
  settings = g_settings_new (AX_APP_ID);
  desk.context = ax_context_new (store, settings);
  ax_context_set_actor (desk.context, owner);
  desk.page = AX_INVENTORY_PAGE (ax_inventory_page_new (desk.context));
  g_object_add_weak_pointer (G_OBJECT (desk.page), (gpointer *) &desk.page);
  desk.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk.window), 1180, 760);
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (desk.page));
  gtk_window_set_child (GTK_WINDOW (desk.window), overlay);
  gtk_window_present (GTK_WINDOW (desk.window));
  ck_assert (ax_ui_spin_until (page_listed, desk.page));
  o = ax_inventory_page_get_overview (desk.page);
  for (guint i = 0; i < o->products->len && chosen == NULL; i++)
    if (((AxStockProduct *) o->products->pdata[i])->n_near_expiry > 0
        && ((AxStockProduct *) o->products->pdata[i])->n_lots > 1)
      chosen = ((AxStockProduct *) o->products->pdata[i])->product_id;
  ck_assert_ptr_nonnull (chosen);
  ck_assert (ax_inventory_page_select_product (desk.page, chosen));
  ax_ui_save_png (desk.window, "inventory-demo.png");

  for (guint i = 0; i < o->lots->len; i++)
    if (g_str_equal (((AxStockLot *) o->lots->pdata[i])->product_id, chosen))
      {
        ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "inventory.adjust", "s",
                                               ((AxStockLot *) o->lots->pdata[i])->lot_id));
        break;
      }
  form = ax_ui_wait_form ("Adjust Stock");
  ax_ui_set_text (form, "quantity", "-500");
  ax_ui_set_text (form, "reason", "Stock count");
  submit (form);
  ax_ui_save_png (GTK_WIDGET (form), "inventory-demo-adjust-refused.png");
  gtk_window_destroy (GTK_WINDOW (form));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "inventory.receive", NULL));
  form = ax_ui_wait_form ("Receive Stock");
  ax_ui_save_png (GTK_WIDGET (form), "inventory-demo-receive.png");
  gtk_window_destroy (GTK_WINDOW (form));
  desk_close (&desk);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_receive_and_adjust, test_who_may_change_stock, test_empty_and_error,
                           test_demo_shots };

  return ax_ui_test_main ("inventory-page", setup, teardown, tests, G_N_ELEMENTS (tests));
}
