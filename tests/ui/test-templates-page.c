/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Owner's Templates page on a fixture store, driven through its widgets:
 * a chart template made with New Template… (areas added, moved, removed; a
 * bad number refused by the form and a negative one by the model), edited,
 * refused when someone changed it meanwhile, and taken out of use with its
 * switch; a consent template made (an unknown {{field}} shown by the check
 * and refused by the model), edited with a stale revision refused, retired
 * and restored; and only the Owner gets the page. With AX_SHOT_DIR set it
 * saves templates-*.png there. Needs an X display (skipped, 77, without). */
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "ax-pages.h"
#include "templates/ax-templates-page.h"
#include "ax-ui-test.h"

static AxFixture f;

static void
setup (void)
{
  ax_ui_test_init ();
  ax_fixture_setup (&f);
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
  AxTemplatesPage *page;
} Desk;

static gboolean
page_loaded (gpointer page)
{
  return g_strcmp0 (ax_templates_page_get_state (page), "content") == 0;
}

static void
desk_open (Desk  *desk,
           AxRole role)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
  GtkWidget *overlay = adw_toast_overlay_new ();

  desk->context = ax_context_new (f.store, settings);
  ax_context_set_actor (desk->context, f.actors[role]);
  desk->page = AX_TEMPLATES_PAGE (ax_templates_page_new (desk->context));
  g_object_add_weak_pointer (G_OBJECT (desk->page), (gpointer *) &desk->page);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 1100, 700);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (desk->page));
  gtk_window_set_child (GTK_WINDOW (desk->window), overlay);
  gtk_window_present (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (page_loaded, desk->page), "the page never loaded");
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (ax_ui_is_null, &desk->page), "the page was not freed");
  g_clear_object (&desk->context);
}

static AxTemplatesPage *waiting_page;
static const char *want_name;

static gboolean
page_lists_name (gpointer unused)
{
  AxTemplates *t = ax_templates_page_get_templates (waiting_page);

  for (guint i = 0; t != NULL && i < t->chart_templates->len; i++)
    if (g_strcmp0 (((AxChartTemplate *) t->chart_templates->pdata[i])->name, want_name) == 0)
      return TRUE;
  for (guint i = 0; t != NULL && i < t->consent_templates->len; i++)
    if (g_strcmp0 (((AxConsentTemplate *) t->consent_templates->pdata[i])->name, want_name) == 0)
      return TRUE;
  return FALSE;
}

static void
wait_listed (Desk       *desk,
             const char *name)
{
  waiting_page = desk->page;
  want_name = name;
  ck_assert_msg (ax_ui_spin_until (page_lists_name, NULL), "the page does not list %s", name);
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

/* The entries of area row i: name, units, unit. */
static GtkEditable *
area_entry (AxFormDialog *form,
            int           row,
            int           column)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  GtkWidget *areas = NULL;

  /* The areas' list is the boxed list whose rows hold entries in a box. */
  {
    g_autoptr (GPtrArray) lists = g_ptr_array_new ();

    ax_ui_find_all (GTK_WIDGET (form), GTK_TYPE_LIST_BOX, lists);
    for (guint i = 0; i < lists->len; i++)
      if (gtk_widget_has_css_class (lists->pdata[i], "boxed-list")
          && gtk_list_box_get_row_at_index (lists->pdata[i], 0) != NULL
          && GTK_IS_BOX (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (lists->pdata[i], 0))))
        areas = lists->pdata[i];
  }
  ck_assert_msg (areas != NULL, "no list of areas");
  ck_assert_msg (gtk_list_box_get_row_at_index (GTK_LIST_BOX (areas), row) != NULL, "no area %d", row);
  ax_ui_find_all (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (areas), row)),
                  GTK_TYPE_ENTRY, entries);
  ck_assert_uint_eq (entries->len, 3);
  return GTK_EDITABLE (entries->pdata[column]);
}

static void
set_area (AxFormDialog *form,
          int           row,
          const char   *name,
          const char   *units,
          const char   *unit)
{
  gtk_editable_set_text (area_entry (form, row, 0), name);
  gtk_editable_set_text (area_entry (form, row, 1), units);
  gtk_editable_set_text (area_entry (form, row, 2), unit);
}

static void
click_in_row (AxFormDialog *form,
              int           row,
              const char   *tooltip)
{
  GtkWidget *name = GTK_WIDGET (area_entry (form, row, 0));
  GtkWidget *box = gtk_widget_get_parent (name);

  for (GtkWidget *w = gtk_widget_get_first_child (box); w; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), tooltip) == 0)
      {
        g_signal_emit_by_name (w, "clicked");
        return;
      }
  ck_abort_msg ("no %s button", tooltip);
}

static AxChartTemplate *
stored_chart (const char *name)
{
  static GPtrArray *list;

  g_clear_pointer (&list, g_ptr_array_unref);
  list = ax_chart_templates_query (ax_store_get_db (f.store), NULL);
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((AxChartTemplate *) list->pdata[i])->name, name) == 0)
      return list->pdata[i];
  return NULL;
}

static AxConsentTemplate *
stored_consent (const char *name)
{
  static GPtrArray *list;

  g_clear_pointer (&list, g_ptr_array_unref);
  list = ax_consent_templates_query (ax_store_get_db (f.store), FALSE, NULL);
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((AxConsentTemplate *) list->pdata[i])->name, name) == 0)
      return list->pdata[i];
  return NULL;
}

START_TEST (test_chart_templates)
{
  g_autofree char *service = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                                   "{\"name\": \"Botox forehead\", "
                                                   "\"duration_min\": 30}");
  Desk desk = { 0 };
  AxFormDialog *form;
  AxChartTemplate *t;
  g_autofree char *id = NULL;

  desk_open (&desk, OWNER);
  ck_assert_uint_eq (ax_templates_page_get_templates (desk.page)->chart_templates->len, 0);
  ax_ui_save_png (desk.window, "templates-empty.png");

  /* New Template… on Chart Templates: three areas, one moved up, one removed. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "templates.new", NULL));
  form = ax_ui_wait_form ("New Chart Template");
  ax_ui_set_text (form, "name", "Upper face toxin");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "service_id")), 1);
  set_area (form, 0, "Forehead", "10", "U");
  g_signal_emit_by_name (ax_ui_find (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Add _Area"), "clicked");
  set_area (form, 1, "Glabella", "ten", "U");
  g_signal_emit_by_name (ax_ui_find (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Add _Area"), "clicked");
  set_area (form, 2, "Crow's feet", "12", "U");
  click_in_row (form, 2, "Move area up");
  ck_assert_str_eq (gtk_editable_get_text (area_entry (form, 1, 0)), "Crow's feet");
  click_in_row (form, 0, "Remove area");
  ck_assert_str_eq (gtk_editable_get_text (area_entry (form, 0, 0)), "Crow's feet");

  /* "ten" is refused by the form, -4 by the model; nothing is written. */
  submit (form);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "areas_json"));
  ck_assert (strstr (ax_form_dialog_get_error (form, "areas_json"), "Glabella must be a number"));
  gtk_editable_set_text (area_entry (form, 1, 1), "-4");
  submit (form);
  ck_assert_msg (strstr (ax_form_dialog_get_error (form, "areas_json"), "positive") != NULL,
                 "%s", ax_form_dialog_get_error (form, "areas_json"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM chart_templates"), 0);
  gtk_editable_set_text (area_entry (form, 1, 1), "20");
  ax_ui_save_png (GTK_WIDGET (form), "templates-chart-form.png");
  submit (form);
  ck_assert_msg (ax_ui_spin_until (form_gone, "New Chart Template"), "the form stayed open: %s",
                 ax_form_dialog_get_error (form, ""));

  t = stored_chart ("Upper face toxin");
  ck_assert_ptr_nonnull (t);
  ck_assert_str_eq (t->service_id, service);
  ck_assert_str_eq (t->areas_json, "[{\"area\":\"Crow's feet\",\"default_units\":12,\"unit\":\"U\"},"
                                   "{\"area\":\"Glabella\",\"default_units\":20,\"unit\":\"U\"}]");
  ck_assert (t->active);
  id = g_strdup (t->id);
  wait_listed (&desk, "Upper face toxin");

  /* Edit…: someone renames it meanwhile; the form says so and writes nothing. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "templates.edit", "s", id));
  form = ax_ui_wait_form ("Edit Chart Template");
  ck_assert_str_eq (gtk_editable_get_text (area_entry (form, 1, 0)), "Glabella");
  ax_ui_set_text (form, "name", "Toxin — upper face");
  {
    g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"name\": \"Toxin A\"}, "
                                             "\"from\": {\"name\": \"Upper face toxin\"}}", id);
    g_autoptr (JsonNode) r = ax_fixture_mutate (&f, OWNER, "chart_template.update", args);
  }
  submit (form);
  ck_assert_ptr_nonnull (ax_ui_find_form ("Edit Chart Template"));
  /* Under the field it names, in its words. */
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "name"));
  ck_assert_msg (strstr (ax_form_dialog_get_error (form, "name"), "changed by someone else (it is "
                         "now “Toxin A”)") != NULL, "%s", ax_form_dialog_get_error (form, "name"));
  ck_assert_ptr_nonnull (stored_chart ("Toxin A"));
  ax_ui_save_png (GTK_WIDGET (form), "templates-chart-stale.png");
  gtk_window_destroy (GTK_WINDOW (form));
  wait_listed (&desk, "Toxin A");

  /* Opened again, it edits what is stored now. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "templates.edit", "s", id));
  form = ax_ui_wait_form ("Edit Chart Template");
  ax_ui_set_text (form, "name", "Toxin — upper face");
  set_area (form, 0, "Crow's feet", "8", "U");
  submit (form);
  ck_assert (ax_ui_spin_until (form_gone, "Edit Chart Template"));
  t = stored_chart ("Toxin — upper face");
  ck_assert_ptr_nonnull (t);
  ck_assert (g_str_has_prefix (t->areas_json, "[{\"area\":\"Crow's feet\",\"default_units\":8,"));
  wait_listed (&desk, "Toxin — upper face");

  /* The switch takes it out of use: kept, not offered. */
  gtk_switch_set_active (ax_templates_page_get_switch (desk.page, id), FALSE);
  ck_assert (!stored_chart ("Toxin — upper face")->active);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM chart_templates "
                                          " WHERE deleted_at IS NULL"), 1);
  ax_ui_spin_for (200);
  ax_ui_save_png (desk.window, "templates-chart.png");
  gtk_switch_set_active (ax_templates_page_get_switch (desk.page, id), TRUE);
  ck_assert (stored_chart ("Toxin — upper face")->active);
  desk_close (&desk);
}
END_TEST

static GtkTextBuffer *
body_of (AxFormDialog *form)
{
  GtkWidget *view = ax_ui_find (GTK_WIDGET (form), GTK_TYPE_TEXT_VIEW, NULL);

  ck_assert_ptr_nonnull (view);
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

START_TEST (test_consent_templates)
{
  Desk desk = { 0 };
  AxFormDialog *form;
  AxConsentTemplate *t;
  GtkLabel *check;
  g_autofree char *id = NULL;

  desk_open (&desk, OWNER);
  ax_templates_page_show_kind (desk.page, "consent");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "templates.new", NULL));
  form = ax_ui_wait_form ("New Consent Template");
  ax_ui_set_text (form, "name", "Photos for social media");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "purpose")), 1);
  gtk_text_buffer_set_text (body_of (form), "I, {{patient.name}}, agree that my photos may be "
                            "shown. My shoe size is {{patient.shoe_size}}.", -1);
  /* The check says which field is unknown as it is typed… */
  check = g_object_get_data (G_OBJECT (form), "check-label");
  ck_assert_msg (strstr (gtk_label_get_label (check), "shoe_size") != NULL, "%s",
                 gtk_label_get_label (check));
  ax_ui_save_png (GTK_WIDGET (form), "templates-consent-form.png");
  /* …and the model refuses it, under the text. */
  submit (form);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "body"));
  ck_assert (strstr (ax_form_dialog_get_error (form, "body"), "shoe_size") != NULL);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM consent_templates"), 0);

  /* A field inserted with its button. */
  gtk_text_buffer_set_text (body_of (form), "I, {{patient.name}}, agree that my photos may be "
                            "shown by ", -1);
  g_signal_emit_by_name (ax_ui_find (GTK_WIDGET (form), GTK_TYPE_BUTTON, "{{clinic.name}}"), "clicked");
  ck_assert (strstr (gtk_label_get_label (check), "known") != NULL);
  submit (form);
  ck_assert_msg (ax_ui_spin_until (form_gone, "New Consent Template"), "the form stayed open: %s",
                 ax_form_dialog_get_error (form, ""));
  t = stored_consent ("Photos for social media");
  ck_assert_ptr_nonnull (t);
  ck_assert_str_eq (t->purpose, "photo_marketing");
  ck_assert_str_eq (t->body, "I, {{patient.name}}, agree that my photos may be shown by {{clinic.name}}");
  ck_assert_int_eq (t->revision, 1);
  id = g_strdup (t->id);
  wait_listed (&desk, "Photos for social media");

  /* Edited at revision 1 while someone saved revision 2: refused. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "templates.edit", "s", id));
  form = ax_ui_wait_form ("Edit Consent Template");
  {
    g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"revision\": 1, \"name\": "
                                             "\"Photos for social media\", \"purpose\": "
                                             "\"photo_marketing\", \"body\": \"Yes, {{patient.name}}.\"}",
                                             id);
    g_autoptr (JsonNode) r = ax_fixture_mutate (&f, OWNER, "consent_template.update", args);
  }
  gtk_text_buffer_set_text (body_of (form), "I, {{patient.name}}, agree.", -1);
  submit (form);
  ck_assert_ptr_nonnull (ax_ui_find_form ("Edit Consent Template"));
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, ""));
  ck_assert_msg (strstr (ax_form_dialog_get_error (form, ""), "now revision 2") != NULL, "%s",
                 ax_form_dialog_get_error (form, ""));
  ck_assert_str_eq (stored_consent ("Photos for social media")->body, "Yes, {{patient.name}}.");
  gtk_window_destroy (GTK_WINDOW (form));

  ax_ui_spin_for (100);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "templates.edit", "s", id));
  form = ax_ui_wait_form ("Edit Consent Template");
  gtk_text_buffer_set_text (body_of (form), "I, {{patient.name}}, agree.", -1);
  submit (form);
  ck_assert (ax_ui_spin_until (form_gone, "Edit Consent Template"));
  t = stored_consent ("Photos for social media");
  ck_assert_int_eq (t->revision, 3);
  ck_assert_str_eq (t->body, "I, {{patient.name}}, agree.");

  /* Retired with its switch, and back. */
  ax_ui_spin_for (100);
  gtk_switch_set_active (ax_templates_page_get_switch (desk.page, id), FALSE);
  ck_assert (!stored_consent ("Photos for social media")->active);
  ax_ui_spin_for (200);
  ax_ui_save_png (desk.window, "templates-consent.png");
  gtk_switch_set_active (ax_templates_page_get_switch (desk.page, id), TRUE);
  ck_assert (stored_consent ("Photos for social media")->active);
  desk_close (&desk);
}
END_TEST

static gboolean
role_sees (AxRole      role,
           const char *page_id)
{
  g_autoptr (GPtrArray) pages = ax_pages_for_role (role);

  for (guint i = 0; i < pages->len; i++)
    if (g_str_equal (((const AxPageInfo *) pages->pdata[i])->id, page_id))
      return TRUE;
  return FALSE;
}

START_TEST (test_only_the_owner)
{
  ck_assert (role_sees (AX_ROLE_OWNER, "templates"));
  for (int role = 0; role < AX_N_ROLES; role++)
    if (role != AX_ROLE_OWNER)
      ck_assert_msg (!role_sees (role, "templates"), "%s gets the Templates page",
                     ax_role_to_string (role));
  /* And were one to reach the page, the model refuses its changes. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) r = ax_store_mutate_json (f.store, f.actors[PROVIDER], "consent_template.add",
                                                   "{\"name\": \"X\", \"purpose\": \"other\", "
                                                   "\"body\": \"Y\"}", &error);

    ck_assert_ptr_null (r);
    ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN));
  }
}
END_TEST

static gboolean
shows_error (gpointer page)
{
  return g_strcmp0 (ax_templates_page_get_state (page), "error") == 0;
}

/* Nothing yet: each kind shows its empty state; a store that cannot be
 * read: the error state with the model's message. */
START_TEST (test_empty_and_error)
{
  Desk desk = { 0 };
  GtkWidget *retry;
  const char *message;

  desk_open (&desk, OWNER);
  ck_assert_ptr_nonnull (ax_ui_find (GTK_WIDGET (desk.page), ADW_TYPE_STATUS_PAGE, NULL));
  ck_assert_uint_eq (ax_templates_page_get_templates (desk.page)->consent_templates->len, 0);
  ck_assert_int_eq (sqlite3_exec (ax_db_get_handle (ax_store_get_db (f.store)),
                                  "DROP INDEX consent_templates_active; "
                                  "ALTER TABLE consent_templates RENAME TO consent_templates_gone",
                                  NULL, NULL, NULL), SQLITE_OK);
  ax_templates_page_reload (desk.page);
  ck_assert_msg (ax_ui_spin_until (shows_error, desk.page), "state %s",
                 ax_templates_page_get_state (desk.page));
  retry = ax_ui_find (GTK_WIDGET (desk.page), GTK_TYPE_BUTTON, "_Retry");
  message = adw_status_page_get_description (ADW_STATUS_PAGE (gtk_widget_get_ancestor (retry, ADW_TYPE_STATUS_PAGE)));
  ck_assert_msg (message != NULL && strstr (message, "consent_templates") != NULL, "%s", message);
  ax_ui_save_png (desk.window, "templates-error.png");
  desk_close (&desk);
}
END_TEST

/* Pictures of the page on the demo clinic, with AX_SHOT_DIR set. */
START_TEST (test_demo_shots)
{
  g_autoptr (AxActor) owner = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  AxTemplates *t;
  Desk desk = { 0 };
  AxFormDialog *form;
  GtkWidget *overlay;

  if (g_getenv ("AX_SHOT_DIR") == NULL)
    return;
  store = ax_ui_demo_store (f.dir, &owner);
  settings = g_settings_new (AX_APP_ID);
  desk.context = ax_context_new (store, settings);
  ax_context_set_actor (desk.context, owner);
  desk.page = AX_TEMPLATES_PAGE (ax_templates_page_new (desk.context));
  g_object_add_weak_pointer (G_OBJECT (desk.page), (gpointer *) &desk.page);
  desk.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk.window), 1180, 700);
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (desk.page));
  gtk_window_set_child (GTK_WINDOW (desk.window), overlay);
  gtk_window_present (GTK_WINDOW (desk.window));
  ck_assert (ax_ui_spin_until (page_loaded, desk.page));
  t = ax_templates_page_get_templates (desk.page);
  ck_assert_uint_gt (t->chart_templates->len, 0);
  ck_assert_uint_gt (t->consent_templates->len, 0);
  ax_ui_save_png (desk.window, "templates-demo-chart.png");
  ck_assert (ax_templates_page_edit (desk.page, ((AxChartTemplate *) t->chart_templates->pdata[0])->id));
  form = ax_ui_wait_form ("Edit Chart Template");
  ax_ui_save_png (GTK_WIDGET (form), "templates-demo-chart-edit.png");
  gtk_window_destroy (GTK_WINDOW (form));
  ax_templates_page_show_kind (desk.page, "consent");
  ax_ui_save_png (desk.window, "templates-demo-consent.png");
  ck_assert (ax_templates_page_edit (desk.page, ((AxConsentTemplate *) t->consent_templates->pdata[0])->id));
  form = ax_ui_wait_form ("Edit Consent Template");
  ax_ui_save_png (GTK_WIDGET (form), "templates-demo-consent-edit.png");
  gtk_window_destroy (GTK_WINDOW (form));
  desk_close (&desk);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_chart_templates, test_consent_templates, test_only_the_owner,
                           test_empty_and_error, test_demo_shots };

  return ax_ui_test_main ("templates-page", setup, teardown, tests, G_N_ELEMENTS (tests));
}
