/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Till page built alone on the till fixture, as Billing: items from two
 * tabs (a click and a scanned barcode), a line discount, a receipt discount
 * above the threshold approved by the Owner's password (a wrong one first),
 * a patient attached, cash and card, the done state and what the store
 * holds; then a double click, a refused checkout kept in the dialog and
 * retried with the same sale id, and a retry after a lost reply: one sale
 * each. Needs an X display (skipped, 77, without one). */
#include <adwaita.h>
#include <string.h>

#include "model/ax-till-fixture.h"
#include "ax-context.h"
#include "ax-money.h"
#include "pos/ax-till-page-private.h"
#include "pos/ax-till-payment.h"
#include "ax-ui-test.h"

#define SKIP 77

static void
init_gtk (void)
{
  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
}

static gboolean
is_null (gpointer location)
{
  return *(gpointer *) location == NULL;
}

static GtkWindow *
find_toplevel (GType       type,
               const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      const char *shown = ADW_IS_MESSAGE_DIALOG (window)
                            ? adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window))
                            : gtk_window_get_title (window);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window))
          && (title == NULL || g_strcmp0 (shown, title) == 0))
        return window;
    }
  return NULL;
}

static GType want_type;
static const char *want_title;

static gboolean
window_shown (gpointer unused)
{
  return find_toplevel (want_type, want_title) != NULL;
}

static GtkWindow *
wait_for_window (GType       type,
                 const char *title)
{
  want_type = type;
  want_title = title;
  ck_assert_msg (ax_ui_spin_until (window_shown, NULL), "no window “%s”", title ? title : "");
  return find_toplevel (type, title);
}

typedef struct
{
  AxContext  *context;
  GtkWidget  *window;
  AxTillPage *page;
} Desk;

static gboolean
loaded (gpointer data)
{
  Desk *desk = data;

  return !ax_till_page_is_loading (desk->page) && desk->page->catalogue != NULL;
}

static void
desk_open (Desk      *desk,
           AxFixture *f,
           AxRole     role)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);

  desk->context = ax_context_new (f->store, settings);
  ax_context_set_actor (desk->context, f->actors[role]);
  desk->page = AX_TILL_PAGE (ax_till_page_new (desk->context));
  g_object_add_weak_pointer (G_OBJECT (desk->page), (gpointer *) &desk->page);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 1400, 900);
  gtk_window_set_child (GTK_WINDOW (desk->window), GTK_WIDGET (desk->page));
  gtk_window_present (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (loaded, desk), "the catalogue did not load");
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (is_null, &desk->page), "the till page was not freed");
  g_clear_object (&desk->context);
}

static gpointer
row_part (Desk       *desk,
          int         line,
          const char *part)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (desk->page->cart_list, line);

  ck_assert_ptr_nonnull (row);
  return g_object_get_data (G_OBJECT (row), part);
}

/* Types text into a discount popover (line, or the receipt's button) and
 * presses Apply. */
static void
apply_discount (GtkMenuButton *button,
                const char    *text,
                gboolean       percent)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  GtkCheckButton *pct = g_object_get_data (G_OBJECT (popover), "percent");

  gtk_check_button_set_active (pct, percent);
  if (!percent)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_next_sibling (GTK_WIDGET (pct))),
                                 TRUE);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (popover), "entry"), text);
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (popover), "apply"), "clicked");
}

static void
approve (const char *password)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (wait_for_window (ADW_TYPE_MESSAGE_DIALOG,
                                                                  "Owner Approval Needed"));
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *password_entry = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  gtk_editable_set_text (GTK_EDITABLE (password_entry), password);
  /* As the button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "approve");
  gtk_window_close (GTK_WINDOW (dialog));
}

/* The approval asked again, with the reason under the password. */
static gboolean
asked_again (gpointer unused)
{
  GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "Owner Approval Needed");
  GtkWidget *box = dialog ? adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)) : NULL;

  return box != NULL && gtk_widget_get_last_child (box) != NULL
         && GTK_IS_LABEL (gtk_widget_get_last_child (box));
}

static gboolean
approved (gpointer data)
{
  return ((Desk *) data)->page->approved_by != NULL;
}

static gboolean
patients_listed (gpointer data)
{
  return gtk_list_box_get_row_at_index (((Desk *) data)->page->patient_results, 0) != NULL;
}

static gboolean
credits_loaded (gpointer data)
{
  return ((Desk *) data)->page->credits != NULL;
}

static gboolean
done_shown (gpointer data)
{
  return g_strcmp0 (ax_till_page_get_state (((Desk *) data)->page), "done") == 0;
}

static char *
money (gint64 minor)
{
  return ax_money_format (minor, "THB", NULL);
}

/* With AX_SHOT_DIR set, a picture of window there. */
static void
save_shot (GtkWidget  *window,
           const char *name)
{
  const char *dir = g_getenv ("AX_SHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  gint64 until = g_get_monotonic_time () + 200000;

  if (dir == NULL)
    return;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

/* The label whose text is text under root, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *hit = find_label (c, text);

      if (hit != NULL)
        return hit;
    }
  return NULL;
}

static AxTillPayment *
open_payment (Desk *desk)
{
  gtk_widget_activate_action (GTK_WIDGET (desk->page), "till.pay", NULL);
  return AX_TILL_PAYMENT (wait_for_window (AX_TYPE_TILL_PAYMENT, "Payment"));
}

START_TEST (test_sale)
{
  AxFixture f;
  Desk desk = { 0 };
  g_autofree char *patient = NULL;
  g_autofree char *cash_amount = NULL;
  g_autofree char *cash_given = NULL;
  g_autofree char *sale_id = NULL;
  g_autofree char *sql = NULL;
  GVariant *target;
  const char *sid = NULL, *kind = NULL;
  AxCart *cart;
  AxTillPayment *pay;
  GtkWidget *warning;
  gint64 total;

  ax_fixture_setup (&f);
  patient = ax_till_fixture_seed (&f);
  desk_open (&desk, &f, AX_ROLE_BILLING);
  ck_assert_str_eq (ax_till_page_get_state (desk.page), "till");
  ck_assert_str_eq (gtk_stack_get_visible_child_name (desk.page->cart_stack), "empty");
  /* The empty cart shows the till's own icon, from the resources (where the
   * application finds it). */
  {
    GtkWidget *empty = gtk_stack_get_child_by_name (desk.page->cart_stack, "empty");
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (empty));

    ck_assert_str_eq (adw_status_page_get_icon_name (ADW_STATUS_PAGE (empty)), "ax-till-symbolic");
    gtk_icon_theme_add_resource_path (theme, "/org/aesthetix/Aesthetix/icons");
    ck_assert (gtk_icon_theme_has_icon (theme, "ax-till-symbolic"));
  }
  ck_assert (!gtk_widget_is_sensitive (GTK_WIDGET (desk.page->pay_button)));

  /* A treatment clicked, a retail product scanned twice (barcode, code). */
  ck_assert (ax_till_page_add_item (desk.page, TILL_FACIAL));
  ax_till_page_scan (desk.page, "8850001112223");
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (desk.page->search_entry)), "");
  ax_till_page_scan (desk.page, "sun");
  ax_till_page_scan (desk.page, "NOPE-1");   /* no such code: nothing added, text kept */
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (desk.page->search_entry)), "NOPE-1");
  gtk_editable_set_text (GTK_EDITABLE (desk.page->search_entry), "");
  cart = ax_till_page_get_cart (desk.page);
  ck_assert_uint_eq (ax_cart_get_n_lines (cart), 2);
  ck_assert_str_eq (ax_cart_get_line (cart, 0)->item_id, TILL_FACIAL);
  ck_assert_str_eq (ax_cart_get_line (cart, 1)->item_id, TILL_SUN);
  ck_assert_int_eq (ax_cart_get_line (cart, 1)->quantity, 2);
  ck_assert_int_eq (gtk_spin_button_get_value_as_int (row_part (&desk, 1, "spin")), 2);
  ck_assert_int_eq (ax_cart_get_total (cart), 150000 + 2 * 59000);

  /* 10 % off the facial: under the threshold, no approval. */
  apply_discount (row_part (&desk, 0, "discount"), "10", TRUE);
  cart = ax_till_page_get_cart (desk.page);
  ck_assert_int_eq (ax_cart_get_line (cart, 0)->discount.kind, AX_DISCOUNT_PERCENT);
  ck_assert_int_eq (ax_cart_get_line (cart, 0)->discount.value, 1000);
  ck_assert_ptr_null (desk.page->approved_by);

  /* 25 % off the receipt needs the Owner: a wrong password is refused and
   * asked again; the right one approves and the discount applies. */
  apply_discount (desk.page->receipt_discount_button, "25", TRUE);
  ck_assert_int_eq (ax_cart_get_receipt_discount (ax_till_page_get_cart (desk.page))->kind,
                    AX_DISCOUNT_NONE);
  approve ("wrong");
  ck_assert_msg (ax_ui_spin_until (asked_again, NULL), "a wrong password was not refused");
  ck_assert_ptr_null (desk.page->approved_by);
  approve ("demo");
  ck_assert_msg (ax_ui_spin_until (approved, &desk), "the Owner's approval did not arrive");
  ck_assert_str_eq (desk.page->approved_by, ax_actor_get_user_id (f.actors[AX_ROLE_OWNER]));
  cart = ax_till_page_get_cart (desk.page);
  ck_assert_int_eq (ax_cart_get_receipt_discount (cart)->value, 2500);
  total = ax_cart_get_total (cart);
  ck_assert_int_lt (total, 150000 + 2 * 59000);

  /* A patient from the search popover. */
  gtk_editable_set_text (GTK_EDITABLE (desk.page->patient_search), "Anong");
  ck_assert_msg (ax_ui_spin_until (patients_listed, &desk), "no patient found");
  g_signal_emit_by_name (desk.page->patient_results, "row-activated",
                         gtk_list_box_get_row_at_index (desk.page->patient_results, 0));
  ck_assert_str_eq (ax_till_page_get_patient_id (desk.page), patient);
  ck_assert_msg (ax_ui_spin_until (credits_loaded, &desk), "the patient's credits did not load");

  /* Cash 1 000.00 given as 1 200.00 and the rest on a card. */
  pay = open_payment (&desk);
  ck_assert_int_eq (ax_till_payment_get_remaining (pay), 0);
  cash_amount = money (100000);
  cash_given = money (120000);
  ax_till_payment_set_tender (pay, 0, cash_amount, cash_given);
  ck_assert_int_eq (ax_till_payment_get_remaining (pay), total - 100000);
  ck_assert (!gtk_widget_get_sensitive (ax_till_payment_get_complete_button (pay)));
  ck_assert_uint_eq (ax_till_payment_add_tender (pay, AX_TENDER_CARD, 0, -1), 1);
  ax_till_payment_set_tender (pay, 1, NULL, "VISA 4242");
  ck_assert_int_eq (ax_till_payment_get_remaining (pay), 0);
  ck_assert (gtk_widget_get_sensitive (ax_till_payment_get_complete_button (pay)));
  /* Filled in, the fields still say what they are: captions above them;
   * the change, ฿200.00, under its own. */
  {
    GtkWidget *change = find_label (GTK_WIDGET (pay), "฿200.00");

    ck_assert_msg (change != NULL, "no change of ฿200.00 shown");
    ck_assert_str_eq (gtk_label_get_text (GTK_LABEL (gtk_widget_get_prev_sibling (change))), "Change");
    ck_assert_ptr_nonnull (find_label (GTK_WIDGET (pay), "Given"));
    ck_assert_ptr_nonnull (find_label (GTK_WIDGET (pay), "Reference"));
    ck_assert (gtk_widget_get_visible (find_label (GTK_WIDGET (pay), "Given")));
  }
  save_shot (GTK_WIDGET (pay), "till-payment-dialog.png");
  sale_id = g_strdup (ax_till_page_get_sale_id (desk.page));
  g_signal_emit_by_name (ax_till_payment_get_complete_button (pay), "clicked");
  ck_assert_msg (ax_ui_spin_until (done_shown, &desk), "the done state did not show");

  /* The done state: receipt number, change, print targets. */
  warning = GTK_WIDGET (desk.page->done_page);
  ck_assert_ptr_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (warning)),
                                 "200.00"));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (desk.page->invoice_button));
  g_variant_get (target, "(&s&s)", &sid, &kind);
  ck_assert_str_eq (sid, sale_id);
  ck_assert_str_eq (kind, "invoice");
  ck_assert_str_eq (gtk_actionable_get_action_name (GTK_ACTIONABLE (desk.page->print_button)),
                    "sale.print");

  /* The store. */
  sql = g_strdup_printf ("SELECT COUNT (*) FROM sales WHERE id = '%s' AND patient_id = '%s' "
                         "AND approved_by = '%s' AND total = %" G_GINT64_FORMAT
                         " AND number IS NOT NULL AND discount > 0",
                         sale_id, patient, ax_actor_get_user_id (f.actors[AX_ROLE_OWNER]), total);
  ck_assert_int_eq (ax_fixture_count (&f, sql), 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM sale_lines WHERE sale_id = '%s'", sale_id);
  ck_assert_int_eq (ax_fixture_count (&f, sql), 2);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM payments WHERE sale_id = '%s' AND tender = 'cash' "
                         "AND amount = 100000 AND tendered = 120000 AND change_due = 20000",
                         sale_id);
  ck_assert_int_eq (ax_fixture_count (&f, sql), 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM payments WHERE sale_id = '%s' AND tender = 'card' "
                         "AND amount = %" G_GINT64_FORMAT " AND reference = 'VISA 4242'",
                         sale_id, total - 100000);
  ck_assert_int_eq (ax_fixture_count (&f, sql), 1);

  /* New Sale: an empty cart with a new id, no patient. */
  gtk_widget_activate_action (GTK_WIDGET (desk.page), "till.new-sale", NULL);
  ck_assert_str_eq (ax_till_page_get_state (desk.page), "till");
  ck_assert_str_ne (ax_till_page_get_sale_id (desk.page), sale_id);
  ck_assert_uint_eq (ax_cart_get_n_lines (ax_till_page_get_cart (desk.page)), 0);
  ck_assert_ptr_null (ax_till_page_get_patient_id (desk.page));

  desk_close (&desk);
  ax_fixture_teardown (&f);
}
END_TEST

static gint64
sales_with_id (AxFixture  *f,
               const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM sales WHERE id = '%s'", id);

  return ax_fixture_count (f, sql);
}

/* A second click, a refused checkout retried, a lost reply: one sale each. */
START_TEST (test_retry_makes_one_sale)
{
  AxFixture f;
  Desk desk = { 0 };
  g_autofree char *patient = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *args = NULL;
  g_autoptr (JsonNode) lost = NULL;
  AxTillPayment *pay;
  GtkWidget *complete;

  ax_fixture_setup (&f);
  patient = ax_till_fixture_seed (&f);
  desk_open (&desk, &f, AX_ROLE_BILLING);

  /* Double click on Complete Sale. */
  ax_till_page_add_item (desk.page, TILL_CONSULT);
  first = g_strdup (ax_till_page_get_sale_id (desk.page));
  pay = open_payment (&desk);
  complete = g_object_ref (ax_till_payment_get_complete_button (pay));
  g_signal_emit_by_name (complete, "clicked");
  g_signal_emit_by_name (complete, "clicked");
  g_object_unref (complete);
  ck_assert_msg (ax_ui_spin_until (done_shown, &desk), "the done state did not show");
  ck_assert_int_eq (sales_with_id (&f, first), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM payments"), 1);

  /* 20 tubes when 12 are in stock: refused, shown in the dialog, the cart
   * kept; with 2 the same sale id goes through. */
  gtk_widget_activate_action (GTK_WIDGET (desk.page), "till.new-sale", NULL);
  ax_till_page_scan (desk.page, "SUN");
  gtk_spin_button_set_value (row_part (&desk, 0, "spin"), 20);
  second = g_strdup (ax_till_page_get_sale_id (desk.page));
  pay = open_payment (&desk);
  g_object_add_weak_pointer (G_OBJECT (pay), (gpointer *) &pay);
  g_signal_emit_by_name (ax_till_payment_get_complete_button (pay), "clicked");
  ck_assert_ptr_nonnull (pay);
  ck_assert_ptr_nonnull (ax_till_payment_get_error (pay));
  ck_assert (gtk_widget_get_sensitive (ax_till_payment_get_complete_button (pay)));
  ck_assert_int_eq (sales_with_id (&f, second), 0);
  ck_assert_str_eq (ax_till_page_get_state (desk.page), "till");
  ck_assert_int_eq (ax_cart_get_line (ax_till_page_get_cart (desk.page), 0)->quantity, 20);
  gtk_window_destroy (GTK_WINDOW (pay));
  ck_assert_msg (ax_ui_spin_until (is_null, &pay), "the payment dialog was not freed");
  gtk_spin_button_set_value (row_part (&desk, 0, "spin"), 2);
  ck_assert_str_eq (ax_till_page_get_sale_id (desk.page), second);
  pay = open_payment (&desk);
  g_signal_emit_by_name (ax_till_payment_get_complete_button (pay), "clicked");
  ck_assert_msg (ax_ui_spin_until (done_shown, &desk), "the retried sale did not complete");
  ck_assert_int_eq (sales_with_id (&f, second), 1);

  /* A checkout that went through but whose reply was lost: the dialog's
   * attempt with the same id gets the existing sale, and nothing more. */
  gtk_widget_activate_action (GTK_WIDGET (desk.page), "till.new-sale", NULL);
  ax_till_page_add_item (desk.page, TILL_CONSULT);
  args = g_strdup_printf ("{\"id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \""
                          TILL_CONSULT "\", \"quantity\": 1}], \"tenders\": [{\"kind\": "
                          "\"cash\", \"amount\": 80000}]}", ax_till_page_get_sale_id (desk.page));
  lost = ax_fixture_mutate (&f, AX_ROLE_BILLING, "sale.checkout", args);
  pay = open_payment (&desk);
  g_signal_emit_by_name (ax_till_payment_get_complete_button (pay), "clicked");
  ck_assert_msg (ax_ui_spin_until (done_shown, &desk), "the retry after a lost reply did not complete");
  ck_assert_int_eq (sales_with_id (&f, ax_till_page_get_sale_id (desk.page)), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales"), 3);
  ck_assert_ptr_nonnull (strstr (adw_status_page_get_description (desk.page->done_page),
                                 json_object_get_string_member (json_node_get_object (lost),
                                                                "number")));

  desk_close (&desk);
  ax_fixture_teardown (&f);
}
END_TEST

static gboolean
lots_listed (gpointer data)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (data), "list");

  return gtk_widget_get_first_child (list) != NULL;
}

/* The lot picker's choice whose label starts with prefix. */
static GtkWidget *
lot_choice (GtkWidget  *popover,
            const char *prefix)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (popover), "list");

  for (GtkWidget *b = gtk_widget_get_first_child (list); b != NULL; b = gtk_widget_get_next_sibling (b))
    if (GTK_IS_BUTTON (b) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (b)))), prefix))
      return b;
  ck_abort_msg ("no lot choice “%s”", prefix);
  return NULL;
}

/* FEFO by default; a lot chosen from the picker (with its expiry) goes to
 * the sale line and takes the stock; an expired lot is refused with the
 * reason; services have no lot button. */
START_TEST (test_lot_picker)
{
  AxFixture f;
  Desk desk = { 0 };
  g_autofree char *patient = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *sql = NULL;
  g_autoptr (JsonNode) old = NULL;
  GtkMenuButton *lot_button;
  GtkWidget *popover;
  GtkWidget *error_label;
  AxTillPayment *pay;

  ax_fixture_setup (&f);
  patient = ax_till_fixture_seed (&f);
  /* S0 expired in January; S2 expires after S1. */
  old = ax_fixture_mutate (&f, AX_ROLE_OWNER, "stock.receive",
                           "{\"product_id\": \"" TILL_SUN "\", \"lot_number\": \"S0\", "
                           "\"expiry_date\": \"2026-01-31\", \"quantity\": 3}");
  s2 = ax_fixture_mutate_id (&f, AX_ROLE_OWNER, "stock.receive",
                             "{\"product_id\": \"" TILL_SUN "\", \"lot_number\": \"S2\", "
                             "\"expiry_date\": \"2027-06-30\", \"quantity\": 5}");
  desk_open (&desk, &f, AX_ROLE_BILLING);

  ax_till_page_add_item (desk.page, TILL_FACIAL);
  ax_till_page_scan (desk.page, "SUN");
  ck_assert (!gtk_widget_get_visible (row_part (&desk, 0, "lot")));
  lot_button = row_part (&desk, 1, "lot");
  ck_assert (gtk_widget_get_visible (GTK_WIDGET (lot_button)));
  ck_assert_str_eq (gtk_menu_button_get_label (lot_button), "Lot: first to expire");

  /* The picker: first to expire, then the lots by expiry, S0 marked expired. */
  gtk_menu_button_popup (lot_button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (lot_button));
  ck_assert_msg (ax_ui_spin_until (lots_listed, popover), "the lots were not listed");
  lot_choice (popover, "First to expire");
  lot_choice (popover, "Lot S0 · expired 31 Jan 2026 · 3 in stock");
  lot_choice (popover, "Lot S1 · expires 1 Jan 2027 · 12 in stock");
  error_label = g_object_get_data (G_OBJECT (popover), "error-label");
  g_signal_emit_by_name (lot_choice (popover, "Lot S0"), "clicked");
  ck_assert (gtk_widget_get_visible (error_label));
  ck_assert_ptr_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "expired lot can’t be sold"));
  ck_assert_ptr_null (ax_cart_get_line (ax_till_page_get_cart (desk.page), 1)->lot_id);

  g_signal_emit_by_name (lot_choice (popover, "Lot S2"), "clicked");
  ck_assert_str_eq (ax_cart_get_line (ax_till_page_get_cart (desk.page), 1)->lot_id, s2);
  lot_button = row_part (&desk, 1, "lot");
  ck_assert_str_eq (gtk_menu_button_get_label (lot_button), "Lot S2 · expires 30 Jun 2027");

  /* Paid: the line and the stock movement are S2's, S1 untouched. */
  pay = open_payment (&desk);
  g_signal_emit_by_name (ax_till_payment_get_complete_button (pay), "clicked");
  ck_assert_msg (ax_ui_spin_until (done_shown, &desk), "the sale did not complete");
  sql = g_strdup_printf ("SELECT COUNT (*) FROM sale_lines WHERE product_id = '" TILL_SUN "'"
                         " AND lot_id = '%s'", s2);
  ck_assert_int_eq (ax_fixture_count (&f, sql), 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT -SUM (qty) FROM stock_movements WHERE lot_id = '%s'"
                         " AND kind = 'sale'", s2);
  ck_assert_int_eq (ax_fixture_count (&f, sql), 1);

  desk_close (&desk);
  ax_fixture_teardown (&f);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_sale, test_retry_makes_one_sale, test_lot_picker };
  const char *builddir = g_getenv ("AX_BUILDDIR");
  g_autofree char *schemas = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display\n");
      return SKIP;
    }
  if (builddir != NULL)
    {
      const char *more = g_getenv ("GSETTINGS_SCHEMA_DIR");

      schemas = g_build_filename (builddir, "data", NULL);
      if (more != NULL)
        {
          char *both = g_strjoin (G_SEARCHPATH_SEPARATOR_S, schemas, more, NULL);

          g_free (schemas);
          schemas = both;
        }
      g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("CK_FORK", "no", FALSE);
  return ax_test_run ("till-page", init_gtk, NULL, tests, G_N_ELEMENTS (tests));
}
