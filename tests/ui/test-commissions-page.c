/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Commissions page on a fixture store: a rule created through the
 * widgets (a refused rate, then a provider's rule with a tier), a duplicate
 * refused in the form, the commission worker logging a sale made after it
 * and the month's report showing it; the page is the Owner's only; the
 * percent text helpers. Needs an X display (skipped, 77, without one). */
#include <adwaita.h>
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "ax-pages.h"
#include "commissions/ax-commission-rule-dialog.h"
#include "commissions/ax-commission-worker.h"
#include "commissions/ax-commissions-page.h"
#include "widgets/ax-form-dialog.h"
#include "ax-ui-test.h"

#define SKIP 77
#define LEE "019c0000-0000-7000-8000-0000000000d1"
#define ANA "019c0000-0000-7000-8000-0000000000d2"
#define FACIAL "019c0000-0000-7000-8000-0000000000d3"
#define SKIN "019c0000-0000-7000-8000-0000000000d4"

static void
init_gtk (void)
{
  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
}

static GtkWindow *
find_toplevel (GType       type,
               const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return window;
    }
  return NULL;
}

static gboolean
form_gone (gpointer title)
{
  return find_toplevel (AX_TYPE_FORM_DIALOG, title) == NULL;
}

/* The first entry under root whose placeholder is placeholder, or the first
 * button with that accessible label. */
static GtkWidget *
find_entry (GtkWidget  *root,
            const char *placeholder)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ENTRY (child)
          && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (child)), placeholder) == 0)
        return child;
      if ((found = find_entry (child, placeholder)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button_content (GtkWidget  *root,
                     const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_BUTTON_CONTENT (child)
          && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0)
        return gtk_widget_get_parent (child);
      if ((found = find_button_content (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static AxFixture f;
static AxCommissionsPage *page;
static AxCommissionWorker *worker;
static guint want;

static gboolean
page_idle (gpointer unused)
{
  return !ax_commissions_page_is_loading (page);
}

static gboolean
page_has_rules (gpointer unused)
{
  return !ax_commissions_page_is_loading (page) && ax_commissions_page_get_n_rules (page) == want;
}

static gboolean
page_has_providers (gpointer unused)
{
  return !ax_commissions_page_is_loading (page) && ax_commissions_page_get_n_providers (page) == want;
}

static gboolean
worker_idle (gpointer unused)
{
  return !ax_commission_worker_is_busy (worker);
}

static AxFormDialog *
open_new_rule (void)
{
  GtkWindow *form;

  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "commissions.add-rule", NULL));
  form = find_toplevel (AX_TYPE_FORM_DIALOG, "New Commission Rule");
  ck_assert_msg (form != NULL, "no rule form");
  return AX_FORM_DIALOG (form);
}

START_TEST (test_create_rule)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
  g_autoptr (AxContext) context = NULL;
  g_autoptr (GError) error = NULL;
  AxFormDialog *form;
  GtkWidget *window;
  GtkWidget *add_tier;
  GtkWidget *above, *rate;

  ax_fixture_setup (&f);
  ck_assert (ax_db_exec (ax_store_get_db (f.store),
    "INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name) "
    "SELECT '" SKIN "', id, 0, 'h', 'Skin' FROM clinics;"
    "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class, category_id) "
    "SELECT '" FACIAL "', id, 0, 'h', 'Facial', 2000000, 'exempt', '" SKIN "' FROM clinics;"
    "INSERT INTO providers (id, clinic_id, created_at, updated_at, name) "
    "SELECT '" LEE "', id, 0, 'h', 'Dr Lee' FROM clinics;"
    "INSERT INTO providers (id, clinic_id, created_at, updated_at, name) "
    "SELECT '" ANA "', id, 0, 'h', 'Dr Ana' FROM clinics;", &error));
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[OWNER]);
  worker = ax_commission_worker_new (context);
  page = AX_COMMISSIONS_PAGE (ax_commissions_page_new (context));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  ck_assert (ax_ui_spin_until (page_idle, NULL));
  ck_assert_uint_eq (ax_commissions_page_get_n_rules (page), 0);
  ck_assert_str_eq (ax_commissions_page_get_period (page), "2026-03");

  /* Dr Lee, every category, 5 %, 10 % above ฿100,000 — first with a rate of 150 %. */
  form = open_new_rule ();
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "provider_id")), 2);
  gtk_editable_set_text (GTK_EDITABLE (ax_form_dialog_get_field (form, "base_rate_bp")), "150");
  add_tier = find_button_content (GTK_WIDGET (form), "Add _Tier");
  ck_assert_ptr_nonnull (add_tier);
  g_signal_emit_by_name (add_tier, "clicked");
  above = find_entry (GTK_WIDGET (form), "Sales above");
  rate = find_entry (GTK_WIDGET (form), "Rate %");
  ck_assert_ptr_nonnull (above);
  ck_assert_ptr_nonnull (rate);
  gtk_editable_set_text (GTK_EDITABLE (above), "100,000");
  gtk_editable_set_text (GTK_EDITABLE (rate), "10");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_str_eq (ax_form_dialog_get_error (form, "base_rate_bp"),
                    "Type a rate from 0 to 100, like 5 or 7.5");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_rules"), 0);

  gtk_editable_set_text (GTK_EDITABLE (ax_form_dialog_get_field (form, "base_rate_bp")), "5");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert (ax_ui_spin_until (form_gone, (gpointer) "New Commission Rule"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_rules WHERE provider_id = '"
                                          LEE "' AND category_id IS NULL AND base_rate_bp = 500 AND "
                                          "tiers_json = '[{\"above\":10000000,\"rate_bp\":1000}]'"), 1);
  want = 1;
  ck_assert_msg (ax_ui_spin_until (page_has_rules, NULL), "the page shows %u rules",
                 ax_commissions_page_get_n_rules (page));

  /* The same provider and categories again: refused, said at the top of the form. */
  form = open_new_rule ();
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "provider_id")), 2);
  gtk_editable_set_text (GTK_EDITABLE (ax_form_dialog_get_field (form, "base_rate_bp")), "7");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, ""));
  ck_assert_msg (strstr (ax_form_dialog_get_error (form, ""), "already has a rule for every category"),
                 "%s", ax_form_dialog_get_error (form, ""));
  gtk_window_destroy (GTK_WINDOW (form));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_rules"), 1);

  /* A sale at the till: the worker logs it, the report shows it. */
  {
    g_autoptr (JsonNode) sale = ax_fixture_mutate (&f, BILLING, "sale.checkout",
      "{\"id\": \"019c1000-0000-7000-8000-0000000000e1\", \"lines\": [{\"kind\": \"service\", "
      "\"item_id\": \"" FACIAL "\", \"providers\": [{\"provider_id\": \"" LEE "\"}]}], "
      "\"tenders\": [{\"kind\": \"cash\", \"amount\": 2000000}]}");
  }
  ck_assert (ax_commission_worker_is_busy (worker));
  ck_assert (ax_ui_spin_until (worker_idle, NULL));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT sum (amount) FROM commission_log WHERE provider_id = '"
                                          LEE "' AND period = '2026-03'"), 100000);
  want = 1;
  ck_assert (ax_ui_spin_until (page_has_providers, NULL));

  /* April: nobody sold anything. */
  ax_commissions_page_set_period (page, "2026-04");
  want = 0;
  ck_assert (ax_ui_spin_until (page_has_providers, NULL));

  /* February, a month the worker does not look at: Compute brings it up to date. */
  ax_store_set_now (f.store, G_GINT64_CONSTANT (1771900200000));   /* 2026-02-24 09:30 Bangkok */
  {
    g_autoptr (JsonNode) sale = ax_fixture_mutate (&f, BILLING, "sale.checkout",
      "{\"id\": \"019c1000-0000-7000-8000-0000000000e2\", \"lines\": [{\"kind\": \"service\", "
      "\"item_id\": \"" FACIAL "\", \"providers\": [{\"provider_id\": \"" LEE "\"}]}], "
      "\"tenders\": [{\"kind\": \"cash\", \"amount\": 2000000}]}");
  }
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 40 * 24 * 3600000LL);   /* April */
  ck_assert (ax_ui_spin_until (worker_idle, NULL));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_log WHERE period = '2026-02'"), 0);
  ax_commissions_page_set_period (page, "2026-02");
  want = 1;
  ck_assert (ax_ui_spin_until (page_has_providers, NULL));
  ck_assert (gtk_widget_get_visible (ax_commissions_page_get_compute_button (page)));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "commissions.compute", NULL));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT sum (amount) FROM commission_log WHERE period = '2026-02'"),
                    100000);
  ck_assert (ax_ui_spin_until (page_idle, NULL));
  ck_assert (!gtk_widget_get_visible (ax_commissions_page_get_compute_button (page)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&worker);
  ax_fixture_teardown (&f);
}
END_TEST

START_TEST (test_owner_only)
{
  g_autoptr (GPtrArray) owner = ax_pages_for_role (AX_ROLE_OWNER);
  gboolean found = FALSE;

  for (guint i = 0; i < owner->len; i++)
    found |= g_str_equal (((const AxPageInfo *) owner->pdata[i])->id, "commissions");
  ck_assert (found);
  for (int role = 0; role < AX_N_ROLES; role++)
    {
      g_autoptr (GPtrArray) pages = ax_pages_for_role (role);

      if (role == AX_ROLE_OWNER)
        continue;
      for (guint i = 0; i < pages->len; i++)
        ck_assert_str_ne (((const AxPageInfo *) pages->pdata[i])->id, "commissions");
    }
}
END_TEST

START_TEST (test_percent_text)
{
  g_autofree char *five = ax_commission_text_percent (500);
  g_autofree char *half = ax_commission_text_percent (750);
  g_autofree char *fine = ax_commission_text_percent (1234);
  guint bp = 0;

  ck_assert_str_eq (five, "5 %");
  ck_assert_str_eq (half, "7.5 %");
  ck_assert_str_eq (fine, "12.34 %");
  ck_assert (ax_commission_text_parse_percent ("7,5", &bp));
  ck_assert_uint_eq (bp, 750);
  ck_assert (ax_commission_text_parse_percent (" 12.34 % ", &bp));
  ck_assert_uint_eq (bp, 1234);
  ck_assert (ax_commission_text_parse_percent ("100", &bp));
  ck_assert_uint_eq (bp, 10000);
  ck_assert (!ax_commission_text_parse_percent ("100.01", &bp));
  ck_assert (!ax_commission_text_parse_percent ("1.234", &bp));
  ck_assert (!ax_commission_text_parse_percent ("-5", &bp));
  ck_assert (!ax_commission_text_parse_percent ("", &bp));
  ck_assert (!ax_commission_text_parse_percent ("five", &bp));
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_create_rule, test_owner_only, test_percent_text };
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
  return ax_test_run ("commissions-page", init_gtk, NULL, tests, G_N_ELEMENTS (tests));
}
