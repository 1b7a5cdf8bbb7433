/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Sales page on a fixture store with three of today's sales: the list
 * and the chosen sale's detail; Void as Billing with an owner's password
 * (a wrong one refused, then the right one); Refund of one unit of a line
 * to a credit note (and a refund without a reason refused by the model,
 * shown in a dialog); Close Day with a count, which writes the Z report;
 * an owner voids without a password; the actions follow the role; a
 * refund's toast prints the credit note (pdftotext reads it back), and a
 * sale of yesterday is refunded one line from yesterday's list. With
 * AX_SHOT_DIR set, saves sales-page.png. Needs an X display (skipped, 77). */
#include <adwaita.h>
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-test-sales.h"
#include "ax-context.h"
#include "sales/ax-sales-page.h"
#include "sales/ax-sale-print.h"
#include "ax-ui-test.h"

#define SKIP 77
#define SALE(n) "019c1000-0000-7000-8000-00000000000" #n

static AxFixture f;
static char *export_dir;

typedef struct
{
  AxContext   *context;
  GtkWidget   *window;
  AxSalesPage *page;
} Desk;

static void
setup (void)
{
  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
  ax_fixture_setup (&f);
  ax_test_sales_catalogue (f.store, f.actors[OWNER]);
  export_dir = g_build_filename (f.dir, "export", NULL);
  g_mkdir_with_parents (export_dir, 0700);
  g_setenv ("AX_PRINT_EXPORT_DIR", export_dir, TRUE);
}

static void
teardown (void)
{
  g_clear_pointer (&export_dir, g_free);
  ax_fixture_teardown (&f);
}

static gboolean
page_loaded (gpointer data)
{
  return !ax_sales_page_is_loading (data);
}

static void
sell_three (void)
{
  static const char *const sales[] = {
    "{\"id\": \"" SALE (1) "\", \"lines\": [{\"kind\": \"service\", \"item_id\": \"" AX_TS_FACIAL "\"}], "
    "\"tenders\": [{\"kind\": \"cash\", \"amount\": 150000, \"given\": 200000}]}",
    "{\"id\": \"" SALE (2) "\", \"lines\": [{\"kind\": \"product\", \"item_id\": \"" AX_TS_SUN "\", "
    "\"quantity\": 2}], \"tenders\": [{\"kind\": \"card\", \"amount\": 118000, \"reference\": \"VISA 1111\"}]}",
    "{\"id\": \"" SALE (3) "\", \"lines\": [{\"kind\": \"product\", \"item_id\": \"" AX_TS_SUN "\", "
    "\"quantity\": 2}, {\"kind\": \"service\", \"item_id\": \"" AX_TS_CONSULT "\"}], "
    "\"tenders\": [{\"kind\": \"qr\", \"amount\": 198000}]}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sales); i++)
    {
      ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + (gint64) i * 600000);
      json_node_unref (ax_fixture_mutate (&f, BILLING, "sale.checkout", sales[i]));
    }
}

/* The main window's sale.print (ss), which the page's toast and buttons use. */
static void
sale_print_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  Desk *desk = data;
  const char *sale_id, *kind;

  g_variant_get (parameter, "(&s&s)", &sale_id, &kind);
  ax_sale_print_activate (desk->context, GTK_WINDOW (desk->window), sale_id, kind);
}

static void
desk_open (Desk  *desk,
           AxRole role)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr (GSimpleAction) print = g_simple_action_new ("print", G_VARIANT_TYPE ("(ss)"));
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);

  desk->context = ax_context_new (f.store, settings);
  ax_context_set_actor (desk->context, f.actors[role]);
  desk->page = AX_SALES_PAGE (ax_sales_page_new (desk->context));
  desk->window = gtk_window_new ();
  g_signal_connect (print, "activate", G_CALLBACK (sale_print_cb), desk);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (print));
  gtk_widget_insert_action_group (desk->window, "sale", G_ACTION_GROUP (group));
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 1300, 800);
  gtk_window_set_child (GTK_WINDOW (desk->window), GTK_WIDGET (desk->page));
  gtk_window_present (GTK_WINDOW (desk->window));
  ck_assert (ax_ui_spin_until (page_loaded, desk->page));
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ax_ui_spin_for (50);
  g_clear_object (&desk->context);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *hit = find_named (c, name);

      if (hit != NULL)
        return hit;
    }
  return NULL;
}

static void
set_text (GtkWindow  *dialog,
          const char *name,
          const char *text)
{
  GtkWidget *w = find_named (GTK_WIDGET (dialog), name);

  ck_assert_msg (w != NULL, "no %s in the dialog", name);
  gtk_editable_set_text (GTK_EDITABLE (w), text);
}

static void
count (GtkWindow  *dialog,
       const char *name,
       int         n)
{
  GtkWidget *w = find_named (GTK_WIDGET (dialog), name);

  ck_assert_msg (GTK_IS_SPIN_BUTTON (w), "no count %s in the dialog", name);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), n);
}

static const char *
text (GtkWindow  *dialog,
      const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), name)));
}

static GtkWindow *
open_dialog (Desk       *desk,
             const char *action)
{
  GtkWindow *dialog;

  ck_assert_msg (gtk_widget_activate_action (GTK_WIDGET (desk->page), action, NULL),
                 "%s is not there", action);
  ax_ui_spin_for (30);
  dialog = ax_sales_page_get_dialog (desk->page);
  ck_assert_msg (dialog != NULL && ADW_IS_MESSAGE_DIALOG (dialog), "%s opened no dialog", action);
  return dialog;
}

/* The message of the error dialog whose heading is heading, closing it; NULL if none. */
static char *
take_error (const char *heading)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (tops, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w))
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        {
          char *body = g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)));

          gtk_window_destroy (w);
          return body;
        }
    }
  return NULL;
}

typedef struct
{
  const char *sql;
  gint64      want;
} Wait;

static gboolean
count_is (gpointer data)
{
  Wait *w = data;

  return ax_fixture_count (&f, w->sql) == w->want;
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *hit = find_actionable (c, action);

      if (hit != NULL)
        return hit;
    }
  return NULL;
}

/* What a person sees: the action's button is sensitive. */
static gboolean
enabled (Desk       *desk,
         const char *action)
{
  GtkWidget *button = find_actionable (GTK_WIDGET (desk->page), action);

  ck_assert_msg (button != NULL, "no button for %s", action);
  return gtk_widget_get_sensitive (button);
}

static gboolean
error_shown (gpointer heading)
{
  g_autofree char *body = take_error (heading);

  return body != NULL;
}

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
  int w, h;

  if (dir == NULL)
    return;
  ax_ui_spin_for (200);
  paintable = gtk_widget_paintable_new (window);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

START_TEST (test_list_and_void)
{
  Desk desk = { 0 };
  GtkWindow *dialog;
  g_autofree char *error = NULL;
  Wait voided = { "SELECT COUNT (*) FROM sales WHERE status = 'voided'", 1 };

  sell_three ();
  desk_open (&desk, BILLING);
  ck_assert_uint_eq (ax_sales_page_get_n_sales (desk.page), 3);
  ck_assert_str_eq (ax_sales_page_get_date (desk.page), "2026-03-10");
  /* The newest is chosen at first. */
  ck_assert (enabled (&desk, "sales.void"));
  ck_assert (ax_sales_page_select (desk.page, SALE (2)));
  ax_ui_spin_for (30);
  ck_assert (enabled (&desk, "sales.void"));
  ck_assert (enabled (&desk, "sales.refund"));
  ck_assert (enabled (&desk, "sales.reprint"));
  save_shot (desk.window, "sales-page.png");

  /* Billing needs an owner: a wrong password is refused and nothing changes. */
  dialog = open_dialog (&desk, "sales.void");
  ck_assert_ptr_nonnull (find_named (GTK_WIDGET (dialog), "owner"));
  set_text (dialog, "reason", "Rang up twice");
  set_text (dialog, "password", "wrong");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "void");
  ck_assert (ax_ui_spin_until (error_shown, (gpointer) "The owner’s password was not accepted"));
  ax_ui_spin_for (100);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE status = 'voided'"), 0);

  dialog = open_dialog (&desk, "sales.void");
  set_text (dialog, "reason", "Rang up twice");
  set_text (dialog, "password", "demo");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "void");
  ck_assert (ax_ui_spin_until (count_is, &voided));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE id = '" SALE (2) "' "
                                          "AND approved_by = (SELECT id FROM users WHERE username = 'owner')"), 1);
  ck_assert (ax_ui_spin_until (page_loaded, desk.page));
  ax_ui_spin_for (50);
  /* Still chosen, now voided: no second void, no refund; a reprint still. */
  ck_assert (enabled (&desk, "sales.reprint"));
  ck_assert (!enabled (&desk, "sales.void"));
  ck_assert (!enabled (&desk, "sales.refund"));
  error = take_error ("The sale was not voided");
  ck_assert_ptr_null (error);
  desk_close (&desk);
}
END_TEST

START_TEST (test_refund)
{
  Desk desk = { 0 };
  GtkWindow *dialog;
  g_autofree char *error = NULL;
  Wait credit = { "SELECT COUNT (*) FROM sales WHERE kind = 'credit_note'", 1 };

  sell_three ();
  desk_open (&desk, BILLING);
  ck_assert (ax_sales_page_select (desk.page, SALE (3)));
  ax_ui_spin_for (30);

  /* No reason: the model refuses, the page says why. */
  dialog = open_dialog (&desk, "sales.refund");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (dialog), "qty-0")), 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "refund");
  ax_ui_spin_for (50);
  error = take_error ("Nothing was refunded");
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (strstr (error, "reason") != NULL, "%s", error);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE kind = 'credit_note'"), 0);

  /* One sunscreen of two back, to the QR payment. */
  dialog = open_dialog (&desk, "sales.refund");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (dialog), "qty-0")), 1);
  set_text (dialog, "reason", "Allergic");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "refund");
  ck_assert (ax_ui_spin_until (count_is, &credit));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT total FROM sales WHERE kind = 'credit_note'"), -59000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM payments WHERE tender = 'qr'"),
                    198000 - 59000);
  ax_ui_spin_for (100);
  ck_assert (ax_ui_spin_until (page_loaded, desk.page));
  ck_assert_uint_eq (ax_sales_page_get_n_sales (desk.page), 4);
  desk_close (&desk);
}
END_TEST

static char *
query_text (const char *sql)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store), sql, NULL);
  char *text;

  ck_assert_ptr_nonnull (stmt);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/* The PDF's text (pdftotext), or NULL without poppler-utils; the file must exist. */
static char *
pdf_text (const char *pdf)
{
  g_autofree char *prog = g_find_program_in_path ("pdftotext");
  g_autoptr (GError) error = NULL;
  const char *argv[] = { prog, "-layout", pdf, "-", NULL };
  char *out = NULL;
  int status = 0;

  ck_assert_msg (g_file_test (pdf, G_FILE_TEST_EXISTS), "%s was not written", pdf);
  if (prog == NULL)
    return NULL;
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (status, 0);
  return out;
}

static void
has (const char *text,
     const char *part)
{
  if (text != NULL)
    ck_assert_msg (strstr (text, part) != NULL, "“%s” is not in:\n%s", part, text);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type,
           guint     *skip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (*skip)-- == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *hit = find_type (c, type, skip);

      if (hit != NULL)
        return hit;
    }
  return NULL;
}

static GtkWindow *
find_dialog (const char *heading)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (tops, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w))
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        return w;
    }
  return NULL;
}

/* A sale of yesterday (sunscreen × 2 and a consultation, ฿1,980.00 by QR),
 * refunded one line today from yesterday's list: the sunscreens, ฿1,180.00.
 * The page moves to today with the credit note chosen; its toast prints the
 * 80 mm credit note, and Tax Invoice its A4 form. */
START_TEST (test_refund_yesterday_print)
{
  Desk desk = { 0 };
  GtkWindow *dialog;
  GtkWidget *button;
  GVariant *target;
  const char *id = NULL, *kind = NULL;
  g_autofree char *number = NULL, *receipt = NULL, *invoice = NULL;
  g_autofree char *receipt_text = NULL, *invoice_text = NULL;
  Wait credit = { "SELECT COUNT (*) FROM sales WHERE kind = 'credit_note'", 1 };
  guint skip = 0;

  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS - 24 * 3600 * 1000);
  json_node_unref (ax_fixture_mutate (&f, BILLING, "sale.checkout",
    "{\"id\": \"" SALE (3) "\", \"lines\": [{\"kind\": \"product\", \"item_id\": \"" AX_TS_SUN "\", "
    "\"quantity\": 2}, {\"kind\": \"service\", \"item_id\": \"" AX_TS_CONSULT "\"}], "
    "\"tenders\": [{\"kind\": \"qr\", \"amount\": 198000}]}"));
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS);
  desk_open (&desk, BILLING);
  ck_assert_uint_eq (ax_sales_page_get_n_sales (desk.page), 0);
  /* Yesterday is a click away (no day after today). */
  ck_assert (!enabled (&desk, "sales.next-day"));
  ck_assert (enabled (&desk, "sales.previous-day"));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "sales.previous-day", NULL));
  ck_assert_str_eq (ax_sales_page_get_date (desk.page), "2026-03-09");
  ck_assert (enabled (&desk, "sales.next-day"));
  ck_assert (ax_ui_spin_until (page_loaded, desk.page));
  ck_assert_uint_eq (ax_sales_page_get_n_sales (desk.page), 1);
  ck_assert (ax_sales_page_select (desk.page, SALE (3)));
  ax_ui_spin_for (30);
  /* Yesterday's sale: no void, a refund. */
  ck_assert (!enabled (&desk, "sales.void"));
  ck_assert (enabled (&desk, "sales.refund"));

  dialog = open_dialog (&desk, "sales.refund");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (dialog), "qty-0")), 2);
  set_text (dialog, "reason", "Unopened, returned");
  save_shot (GTK_WIDGET (dialog), "sales-refund-dialog.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "refund");
  ck_assert (ax_ui_spin_until (count_is, &credit));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT total FROM sales WHERE kind = 'credit_note'"), -118000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                                          "WHERE s.kind = 'credit_note'"), 1);
  number = query_text ("SELECT number FROM sales WHERE kind = 'credit_note'");
  ck_assert_str_eq (number, "LOTCN-D1-2026-000001");
  ck_assert (ax_ui_spin_until (page_loaded, desk.page));
  ax_ui_spin_for (100);
  ck_assert (ax_ui_spin_until (page_loaded, desk.page));
  ck_assert_str_eq (ax_sales_page_get_date (desk.page), "2026-03-10");
  ck_assert_uint_eq (ax_sales_page_get_n_sales (desk.page), 1);
  /* The credit note is chosen: reprint and its A4 form, nothing else. */
  ck_assert (enabled (&desk, "sales.reprint"));
  ck_assert (enabled (&desk, "sales.invoice"));
  ck_assert (!enabled (&desk, "sales.refund"));
  save_shot (desk.window, "sales-page-refunded.png");

  /* The toast's Print: sale.print (credit note, receipt). */
  button = find_actionable (GTK_WIDGET (desk.page), "sale.print");
  ck_assert_msg (button != NULL, "no toast with a Print button");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  ck_assert (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE ("(ss)")));
  g_variant_get (target, "(&s&s)", &id, &kind);
  ck_assert_str_eq (kind, "receipt");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE kind = 'credit_note'"), 1);
  g_signal_emit_by_name (button, "clicked");
  ax_ui_spin_for (50);
  receipt = g_strdup_printf ("%s/%s-receipt-1.pdf", export_dir, number);
  receipt_text = pdf_text (receipt);
  has (receipt_text, "CREDIT NOTE");
  has (receipt_text, number);
  has (receipt_text, "1,180.00");
  has (receipt_text, "LOTR-D1-2026-000001");

  /* Tax Invoice on the credit note: the buyer is asked, then the A4 form. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "sales.invoice", NULL));
  ax_ui_spin_for (50);
  dialog = find_dialog ("Issue a Tax Invoice");
  ck_assert_msg (dialog != NULL, "no buyer dialog");
  gtk_editable_set_text (GTK_EDITABLE (find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, &skip)),
                         "Anong Sukjai");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  ax_ui_spin_for (50);
  invoice = g_strdup_printf ("%s/%s-invoice-1.pdf", export_dir, number);
  invoice_text = pdf_text (invoice);
  has (invoice_text, "CREDIT NOTE");
  has (invoice_text, number);
  has (invoice_text, "Anong Sukjai");
  has (invoice_text, "1,180.00");
  desk_close (&desk);
}
END_TEST

START_TEST (test_close_day)
{
  Desk desk = { 0 };
  GtkWindow *dialog;
  g_autofree char *z = NULL;
  Wait closed = { "SELECT COUNT (*) FROM day_closes", 1 };

  sell_three ();
  desk_open (&desk, BILLING);
  ck_assert (enabled (&desk, "sales.close-day"));
  dialog = open_dialog (&desk, "sales.close-day");
  set_text (dialog, "float", "1,000.00");
  /* Counted by notes and coins: 2 × ฿1,000 + 4 × ฿100 + ฿50 + 2 × ฿20
   * fills in the total; typed over, the total goes alone. */
  count (dialog, "count-100000", 2);
  count (dialog, "count-10000", 4);
  count (dialog, "count-5000", 1);
  ck_assert_str_eq (text (dialog, "counted"), "฿2,450.00");
  set_text (dialog, "counted", "2,500.00");
  count (dialog, "count-2000", 2);
  ck_assert_str_eq (text (dialog, "counted"), "฿2,490.00");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  ck_assert (ax_ui_spin_until (count_is, &closed));
  /* ฿1,000 float + ฿1,500 cash taken = ฿2,500 expected; ฿10 short. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT expected_cash FROM day_closes"), 250000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT counted_cash - expected_cash FROM day_closes"), -1000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (json_extract (d.value, '$.value') * "
                                          "json_extract (d.value, '$.count')) FROM day_closes, "
                                          "json_each (denominations_json) d"), 249000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT json_array_length (denominations_json) "
                                          "FROM day_closes"), 4);
  z = g_build_filename (export_dir, "Z-D1-2026-03-10.pdf", NULL);
  ck_assert_msg (g_file_test (z, G_FILE_TEST_EXISTS), "no Z report at %s", z);
  ck_assert (ax_ui_spin_until (page_loaded, desk.page));
  ax_ui_spin_for (50);
  ck_assert (!enabled (&desk, "sales.close-day"));
  desk_close (&desk);
}
END_TEST

START_TEST (test_roles)
{
  Desk desk = { 0 };
  GtkWindow *dialog;
  Wait voided = { "SELECT COUNT (*) FROM sales WHERE status = 'voided'", 1 };

  sell_three ();
  /* An owner voids on their own: no password asked. */
  desk_open (&desk, OWNER);
  ck_assert (ax_sales_page_select (desk.page, SALE (1)));
  ax_ui_spin_for (30);
  dialog = open_dialog (&desk, "sales.void");
  ck_assert_ptr_null (find_named (GTK_WIDGET (dialog), "password"));
  set_text (dialog, "reason", "Test sale");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "void");
  ck_assert (ax_ui_spin_until (count_is, &voided));
  desk_close (&desk);

  /* Read-only sees the day but can do nothing with it. */
  desk_open (&desk, READ_ONLY);
  ck_assert (ax_sales_page_select (desk.page, SALE (2)));
  ax_ui_spin_for (30);
  ck_assert (!enabled (&desk, "sales.void"));
  ck_assert (!enabled (&desk, "sales.refund"));
  ck_assert (!enabled (&desk, "sales.reprint"));
  ck_assert (!enabled (&desk, "sales.close-day"));
  desk_close (&desk);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_list_and_void, test_refund, test_refund_yesterday_print, test_close_day,
                           test_roles };

  g_setenv ("CK_FORK", "no", FALSE);
  if (!gtk_init_check ())
    return SKIP;
  return ax_test_run ("sales-page", setup, teardown, tests, G_N_ELEMENTS (tests));
}
