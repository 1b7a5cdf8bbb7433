/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Patients page built alone on a fixture store: search as you type and
 * its empty and no-results states, the record overview masked for the front
 * desk and not for the owner, an audited reveal, the vitals form's errors
 * under their fields, the look-alike warning of New Patient, a stale edit,
 * and the calendar's Patient Record button opening the page in the shell.
 * Needs an X display (skipped, 77, without one). */
#include <adwaita.h>
#include <string.h>

#include "ax-ui-test.h"
#include "model/ax-fixture.h"
#include "ax-context.h"
#include "ax-shell.h"
#include "calendar/ax-calendar-page-private.h"
#include "chart/ax-charts-tab.h"
#include "patients/ax-patient-record-view-private.h"
#include "patients/ax-patients-page.h"
#include "widgets/ax-form-dialog.h"

#define SKIP 77

static GSettings *
new_settings (void)
{
  return g_settings_new (AX_APP_ID);
}

/* A page on its own context in a window of its own. */
typedef struct
{
  AxContext           *context;
  GtkWidget           *window;
  AxPatientsPage      *page;
  AxPatientRecordView *view;
} Desk;

static void
desk_open_sized (Desk      *desk,
                 AxFixture *f,
                 AxRole     role,
                 int        width)
{
  g_autoptr (GSettings) settings = new_settings ();

  desk->context = ax_context_new (f->store, settings);
  ax_context_set_actor (desk->context, f->actors[role]);
  desk->page = AX_PATIENTS_PAGE (ax_patients_page_new (desk->context));
  desk->view = AX_PATIENT_RECORD_VIEW (ax_patients_page_get_record_view (desk->page));
  g_object_add_weak_pointer (G_OBJECT (desk->page), (gpointer *) &desk->page);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), width, 800);
  gtk_window_set_child (GTK_WINDOW (desk->window), GTK_WIDGET (desk->page));
  gtk_window_present (GTK_WINDOW (desk->window));
}

static void
desk_open (Desk      *desk,
           AxFixture *f,
           AxRole     role)
{
  desk_open_sized (desk, f, role, 1200);
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (ax_ui_is_null, &desk->page), "the patients page was not freed");
  g_clear_object (&desk->context);
}

/* What the results list shows, once a search has answered. */

static Desk *searching;

static gboolean
search_answered (gpointer unused)
{
  return !ax_patients_page_is_searching (searching->page);
}

static guint
search (Desk       *desk,
        const char *text,
        const char *state)
{
  GtkListBox *list = ax_patients_page_get_results (desk->page);
  guint n = 0;

  searching = desk;
  ax_patients_page_search (desk->page, text);
  ck_assert_msg (ax_ui_spin_until (search_answered, NULL), "searching “%s” did not answer", text);
  ck_assert_msg (g_strcmp0 (ax_patients_page_get_results_state (desk->page), state) == 0,
                 "searching “%s” shows %s, not %s", text,
                 ax_patients_page_get_results_state (desk->page), state);
  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

static const char *
row_subtitle (GtkListBox *list,
              int         index)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, index)));
}

static Desk *loading;
static const char *want_patient;

static gboolean
record_shown (gpointer unused)
{
  AxPatientRecord *r = ax_patient_record_view_get_record (loading->view);

  return r != NULL && g_strcmp0 (r->id, want_patient) == 0;
}

static void
wait_for_record (Desk       *desk,
                 const char *id)
{
  loading = desk;
  want_patient = id;
  ck_assert_msg (ax_ui_spin_until (record_shown, NULL), "the record of %s did not show", id);
}

static gboolean
vitals_shown (gpointer unused)
{
  AxPatientRecord *r = ax_patient_record_view_get_record (loading->view);

  return r != NULL && r->vitals.pulse_bpm == 72;
}

static char *
stored (AxFixture  *f,
        const char *sql)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f->store), sql, NULL);
  char *text = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

START_TEST (test_search_and_record)
{
  AxFixture f;
  Desk desk = { 0 };
  g_autofree char *anong = NULL;
  g_autofree char *ploy = NULL;
  GtkListBox *list;
  AxPatientRecord *r;

  ax_fixture_setup (&f);
  anong = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", "
                                "\"birth_date\": \"1990-03-11\", \"phone\": \"0810000101\", "
                                "\"national_id\": \"1-1037-02071-81-1\", "
                                "\"allergies\": [\"Latex\"]}");
  ploy = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                               "{\"first_name\": \"Ploy\", \"last_name\": \"Chaiyaporn\"}");
  desk_open (&desk, &f, FRONT_DESK);
  list = ax_patients_page_get_results (desk.page);

  /* Nothing typed: the empty state; nobody found: its own state. */
  ck_assert_str_eq (ax_patients_page_get_results_state (desk.page), "empty");
  ck_assert_uint_eq (search (&desk, "zzz", "none"), 0);
  /* By a part of the name, and by phone digits; the phone masked for the desk. */
  ck_assert_uint_eq (search (&desk, "risu", "results"), 1);
  ck_assert_msg (strstr (row_subtitle (list, 0), "081-XXX-0101") != NULL, "%s",
                 row_subtitle (list, 0));
  ck_assert_uint_eq (search (&desk, "0810000", "results"), 1);
  ck_assert_uint_eq (search (&desk, "", "empty"), 0);
  ck_assert_uint_eq (search (&desk, "ch", "results"), 1);   /* the start of a name */
  ck_assert_str_eq (adw_preferences_row_get_title (
                      ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 0))),
                    "Ploy Chaiyaporn");

  /* Opening a row shows the record, masked, with the allergy banner. */
  ck_assert_uint_eq (search (&desk, "srisuk", "results"), 1);
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
  wait_for_record (&desk, anong);
  r = ax_patient_record_view_get_record (desk.view);
  ck_assert (r->phone_masked);
  ck_assert_str_eq (adw_action_row_get_subtitle (desk.view->phone_row), "081-XXX-0101");
  ck_assert_str_eq (adw_action_row_get_subtitle (desk.view->national_id_row), "1-XXXX-XXXXX-81-1");
  ck_assert (gtk_widget_get_visible (desk.view->reveal_phone_button));
  ck_assert_str_eq (gtk_label_get_label (desk.view->allergy_label), "Allergies: Latex");
  ck_assert (!gtk_widget_has_css_class (desk.view->allergy_banner, "none"));
  ck_assert (!gtk_widget_get_visible (desk.view->notes_group));   /* not clinical staff */

  /* Reveal asks for a reason, shows the number in this view and audits it. */
  {
    AdwMessageDialog *dialog;
    GtkListBox *reason;
    GtkWidget *entry;
    g_autofree char *audited = NULL;

    ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.reveal", "s", "phone"));
    dialog = ax_ui_wait_message ("Reveal Phone Number");
    ck_assert (!adw_message_dialog_get_response_enabled (dialog, "reveal"));
    reason = GTK_LIST_BOX (adw_message_dialog_get_extra_child (dialog));
    entry = GTK_WIDGET (gtk_list_box_get_row_at_index (reason, 0));
    gtk_editable_set_text (GTK_EDITABLE (entry), "Calling about tomorrow");
    ck_assert (adw_message_dialog_get_response_enabled (dialog, "reveal"));
    adw_message_dialog_response (dialog, "reveal");
    gtk_window_close (GTK_WINDOW (dialog));
    ck_assert_str_eq (adw_action_row_get_subtitle (desk.view->phone_row), "0810000101");
    ck_assert (!gtk_widget_get_visible (desk.view->reveal_phone_button));
    audited = stored (&f, "SELECT user_name || ' ' || json_extract (detail_json, '$.field') || ' ' "
                          "|| json_extract (detail_json, '$.reason') FROM audit_log "
                          "WHERE action = 'reveal'");
    ck_assert_str_eq (audited, "frontdesk phone Calling about tomorrow");
    /* Another patient shown and back: masked again. */
    ax_patients_page_show_patient (desk.page, ploy);
    wait_for_record (&desk, ploy);
    ax_patients_page_show_patient (desk.page, anong);
    wait_for_record (&desk, anong);
    ck_assert_str_eq (adw_action_row_get_subtitle (desk.view->phone_row), "081-XXX-0101");
  }

  /* Vitals: an implausible pulse is refused under its field; then saved. */
  {
    AxFormDialog *form;
    g_autofree char *pulse = NULL;

    ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.record-vitals", NULL));
    form = ax_ui_wait_form ("Record Vitals");
    ax_ui_set_text (form, "pulse_bpm", "300");
    ax_ui_set_text (form, "temp_dc", "36,8");
    gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
    ck_assert_msg (g_strcmp0 (ax_form_dialog_get_error (form, "pulse_bpm"),
                              "A pulse of 300 a minute is not plausible; it must be between 20 "
                              "and 250") == 0, "%s", ax_form_dialog_get_error (form, "pulse_bpm"));
    ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM vitals"), 0);
    ax_ui_set_text (form, "pulse_bpm", "seventy");
    gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
    ck_assert_str_eq (ax_form_dialog_get_error (form, "pulse_bpm"), "Type a number, like 72");
    ax_ui_set_text (form, "pulse_bpm", "72");
    gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
    pulse = stored (&f, "SELECT pulse_bpm || ' ' || temp_dc FROM vitals");
    ck_assert_str_eq (pulse, "72 368");
    ck_assert_msg (ax_ui_spin_until (vitals_shown, NULL), "the record did not show the vitals");
  }

  desk_close (&desk);

  /* The owner sees the numbers in full, no Reveal, and the medical notes. */
  desk_open (&desk, &f, OWNER);
  ax_patients_page_show_patient (desk.page, anong);
  wait_for_record (&desk, anong);
  ck_assert_str_eq (adw_action_row_get_subtitle (desk.view->phone_row), "0810000101");
  ck_assert_str_eq (adw_action_row_get_subtitle (desk.view->national_id_row), "1-1037-02071-81-1");
  ck_assert (!gtk_widget_get_visible (desk.view->reveal_phone_button));
  ck_assert (gtk_widget_get_visible (desk.view->notes_group));
  desk_close (&desk);

  /* Read-only: masked, and no Reveal either. */
  desk_open (&desk, &f, READ_ONLY);
  ax_patients_page_show_patient (desk.page, anong);
  wait_for_record (&desk, anong);
  ck_assert_str_eq (adw_action_row_get_subtitle (desk.view->phone_row), "081-XXX-0101");
  ck_assert (!gtk_widget_get_visible (desk.view->reveal_phone_button));
  /* Disabled: activating does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.edit", NULL);
  ck_assert_ptr_null (ax_ui_find_toplevel (AX_TYPE_FORM_DIALOG, "Edit Patient"));
  gtk_widget_activate_action (GTK_WIDGET (desk.page), "patients.new", NULL);
  ck_assert_ptr_null (ax_ui_find_toplevel (AX_TYPE_FORM_DIALOG, "New Patient"));
  desk_close (&desk);

  ax_fixture_teardown (&f);
}
END_TEST

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
is_allocated (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0;
}

/* The search entry and its results. */
static GtkWidget *
search_pane (Desk *desk)
{
  return gtk_widget_get_ancestor (GTK_WIDGET (ax_patients_page_get_results (desk->page)),
                                  GTK_TYPE_BOX);
}

static const char *
shown_tab (Desk *desk)
{
  return adw_view_stack_get_visible_child_name (desk->view->tabs);
}

static gboolean
charts_loaded (gpointer tab)
{
  return !ax_charts_tab_is_loading (tab);
}

/* The record's tabs by action (Ctrl+1…, Ctrl+Page Down/Up); a chart being
 * edited takes the room of the search list and the patient's name; in a
 * narrow window the page shows the search or the record, and back returns
 * to the search. */
START_TEST (test_tabs_and_narrow)
{
  AxFixture f;
  Desk desk = { 0 };
  g_autofree char *patient = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *args = NULL;
  GtkWidget *charts;
  GtkWidget *list_pane;
  gboolean can_go_back = FALSE;

  ax_fixture_setup (&f);
  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                  "{\"first_name\": \"Mali\", \"last_name\": \"Wong\"}");
  provider = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\"}", patient, provider);
  chart = ax_fixture_mutate_id (&f, PROVIDER, "chart.create", args);

  desk_open (&desk, &f, PROVIDER);
  ax_patients_page_show_patient (desk.page, patient);
  wait_for_record (&desk, patient);
  ck_assert_str_eq (shown_tab (&desk), "overview");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.show-tab", "s", "charts"));
  ck_assert_str_eq (shown_tab (&desk), "charts");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.next-tab", NULL));
  ck_assert_str_eq (shown_tab (&desk), "photos");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.previous-tab", NULL));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.previous-tab", NULL));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.previous-tab", NULL));
  ck_assert_str_eq (shown_tab (&desk), "overview");
  /* Back from the first tab wraps to the last. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.previous-tab", NULL));
  ck_assert_str_ne (shown_tab (&desk), "overview");
  /* A tab the role doesn't have, or none of that name: nothing changes. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.show-tab", "s", "nonsense"));
  ck_assert_str_ne (shown_tab (&desk), "nonsense");

  /* Opening the chart puts the list and the name away; All Charts brings them back. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.show-tab", "s", "charts"));
  charts = adw_view_stack_get_visible_child (desk.view->tabs);
  ck_assert (AX_IS_CHARTS_TAB (charts));
  ck_assert_msg (ax_ui_spin_until (charts_loaded, charts), "the charts did not load");
  list_pane = search_pane (&desk);
  ck_assert (gtk_widget_get_visible (list_pane));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.open-item", "(ss)",
                                         "charts", chart));
  ck_assert_str_eq (ax_charts_tab_get_state (AX_CHARTS_TAB (charts)), "editor");
  ck_assert (!gtk_widget_get_visible (list_pane));
  ck_assert (!gtk_widget_get_visible (desk.view->identity_row));
  ck_assert (gtk_widget_get_visible (desk.view->allergy_banner));
  /* Another tab: the chart is not on screen, the list returns. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.show-tab", "s", "overview"));
  ck_assert (gtk_widget_get_visible (list_pane));
  ck_assert (gtk_widget_get_visible (desk.view->identity_row));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.show-tab", "s", "charts"));
  ck_assert (!gtk_widget_get_visible (list_pane));
  ck_assert (gtk_widget_activate_action (charts, "charts.back", NULL));
  ck_assert (gtk_widget_get_visible (list_pane));
  ck_assert (gtk_widget_get_visible (desk.view->identity_row));
  ck_assert (!ax_patients_page_get_can_go_back (desk.page));
  desk_close (&desk);

  /* Narrow: the search, then the record with a way back. */
  desk_open_sized (&desk, &f, PROVIDER, 560);
  list_pane = search_pane (&desk);
  ck_assert_msg (ax_ui_spin_until (is_allocated, desk.page), "the page was not laid out");
  ck_assert (!ax_patients_page_get_can_go_back (desk.page));
  ax_patients_page_show_patient (desk.page, patient);
  wait_for_record (&desk, patient);
  g_object_get (desk.page, "can-go-back", &can_go_back, NULL);
  ck_assert (can_go_back);
  ck_assert_msg (ax_ui_spin_until (is_mapped, desk.view), "the record did not show");
  /* A chart open in a narrow window keeps the way back. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.open-item", "(ss)",
                                         "charts", chart));
  ck_assert (ax_patients_page_get_can_go_back (desk.page));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "page.back", NULL));
  ck_assert_msg (ax_ui_spin_until (is_mapped, list_pane), "back did not show the search");
  g_object_get (desk.page, "can-go-back", &can_go_back, NULL);
  ck_assert (!can_go_back);
  ck_assert (gtk_widget_get_visible (list_pane));
  desk_close (&desk);

  ax_fixture_teardown (&f);
}
END_TEST

static AxFixture *counting;
static gint64 want_patients;

static gboolean
patients_counted (gpointer unused)
{
  return ax_fixture_count (counting, "SELECT COUNT (*) FROM patients") == want_patients;
}

START_TEST (test_new_patient_and_edit)
{
  AxFixture f;
  Desk desk = { 0 };
  g_autofree char *anong = NULL;
  AxFormDialog *form;
  AdwMessageDialog *alike;

  ax_fixture_setup (&f);
  anong = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", "
                                "\"phone\": \"0810000101\"}");
  desk_open (&desk, &f, FRONT_DESK);

  /* A bad date is refused under its field before anything else. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "patients.new", NULL));
  form = ax_ui_wait_form ("New Patient");
  ax_ui_set_text (form, "first_name", "Kanya");
  ax_ui_set_text (form, "birth_date", "1990-02-30");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "birth_date"));

  /* The model's own refusal, under the field it names. */
  ax_ui_set_text (form, "birth_date", "");
  ax_ui_set_text (form, "email", "kanya@");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  counting = &f;
  want_patients = 1;
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (ax_form_dialog_get_error (form, "email") == NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  ck_assert_msg (g_str_has_prefix (ax_form_dialog_get_error (form, "email"), "E-mail must be"),
                 "%s", ax_form_dialog_get_error (form, "email"));
  ck_assert (patients_counted (NULL));

  /* The same phone as Anong: the look-alike warning; Open Existing opens her. */
  ax_ui_set_text (form, "email", "");
  ax_ui_set_text (form, "phone", "081-000-0101");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  alike = ax_ui_wait_message ("This looks like an existing patient");
  adw_message_dialog_response (alike, "open");
  gtk_window_close (GTK_WINDOW (alike));
  wait_for_record (&desk, anong);
  ck_assert (patients_counted (NULL));

  /* Again, and Create Anyway makes a second patient, with its tags. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.page), "patients.new", NULL));
  form = ax_ui_wait_form ("New Patient");
  ax_ui_set_text (form, "first_name", "Kanya");
  ax_ui_set_text (form, "phone", "0810000101");
  ax_ui_set_text (form, "tags", "VIP, Referral");
  ax_ui_set_text (form, "allergies", "Lidocaine");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  alike = ax_ui_wait_message ("This looks like an existing patient");
  adw_message_dialog_response (alike, "create");
  gtk_window_close (GTK_WINDOW (alike));
  want_patients = 2;
  ck_assert_msg (ax_ui_spin_until (patients_counted, NULL), "Create Anyway created nobody");
  {
    g_autofree char *kanya = stored (&f, "SELECT id FROM patients WHERE first_name = 'Kanya'");
    AxPatientRecord *r;

    wait_for_record (&desk, kanya);
    r = ax_patient_record_view_get_record (desk.view);
    ck_assert_uint_eq (g_strv_length (r->tags), 2);
    ck_assert_uint_eq (r->allergies->len, 1);
    ck_assert_str_eq (gtk_label_get_label (desk.view->allergy_label), "Allergies: Lidocaine");
  }

  /* A stale edit: someone else renamed her meanwhile; nothing is saved and
   * the record is reloaded. */
  ax_patients_page_show_patient (desk.page, anong);
  wait_for_record (&desk, anong);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.edit", NULL));
  form = ax_ui_wait_form ("Edit Patient");
  ck_assert_ptr_null (ax_form_dialog_get_field (form, "phone"));   /* masked, not revealed */
  ax_ui_set_text (form, "last_name", "Srisuk-Lee");
  {
    g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"last_name\": \"Wong\"}}",
                                             anong);
    g_autofree char *last = NULL;

    json_node_unref (ax_fixture_mutate (&f, OWNER, "patient.update", args));
    gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
    last = stored (&f, "SELECT last_name FROM patients WHERE first_name = 'Anong'");
    ck_assert_str_eq (last, "Wong");
    ck_assert_ptr_null (ax_ui_find_toplevel (AX_TYPE_FORM_DIALOG, "Edit Patient"));
  }

  /* A clean edit sends what it changes, from what it saw. */
  {
    AxPatientRecord *r;
    g_autofree char *last = NULL;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (((r = ax_patient_record_view_get_record (desk.view)) == NULL
            || g_strcmp0 (r->last_name, "Wong") != 0)
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    ck_assert_str_eq (r->last_name, "Wong");
    ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.edit", NULL));
    form = ax_ui_wait_form ("Edit Patient");
    ax_ui_set_text (form, "last_name", "Srisuk");
    gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
    last = stored (&f, "SELECT json_extract (args_json, '$.from.last_name') || '→' "
                       "|| json_extract (args_json, '$.set.last_name') FROM outbox "
                       "WHERE name = 'patient.update' ORDER BY mut_id DESC LIMIT 1");
    ck_assert_str_eq (last, "Wong→Srisuk");
  }

  desk_close (&desk);
  ax_fixture_teardown (&f);
}
END_TEST

/* The calendar's Patient Record button, in the shell. */

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *calendar_appt;

static gboolean
appointment_loaded (gpointer page)
{
  AxCalendarData *data = ax_view_get_data (ax_calendar_page_get_view (AX_CALENDAR_PAGE (page)));

  return data != NULL && ax_calendar_data_find_appointment (data, calendar_appt) != NULL;
}

START_TEST (test_calendar_opens_record)
{
  AxFixture f;
  g_autoptr (GSettings) settings = new_settings ();
  g_autoptr (AxContext) context = NULL;
  g_autofree char *lee = NULL;
  g_autofree char *patient = NULL;
  g_autofree char *args = NULL;
  GtkWidget *window, *shell, *calendar, *patients;
  Desk desk = { 0 };

  ax_fixture_setup (&f);
  lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                  "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"start_at\": %"
                          G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT
                          ", \"book_anyway\": true}", patient, lee,
                          AX_FIXTURE_NOW_MS + 30 * 60000, AX_FIXTURE_NOW_MS + 60 * 60000);
  calendar_appt = ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", args);

  g_settings_set_string (settings, "calendar-view", "day");
  g_settings_set_string (settings, "last-page", "calendar");
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[FRONT_DESK]);
  shell = ax_shell_new (context);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), shell);
  gtk_window_present (GTK_WINDOW (window));

  calendar = find_widget (shell, AX_TYPE_CALENDAR_PAGE);
  ck_assert_ptr_nonnull (calendar);
  ck_assert_msg (ax_ui_spin_until (appointment_loaded, calendar), "the calendar did not load");
  /* Nothing selected: the button does nothing. */
  gtk_widget_activate_action (calendar, "calendar.open-patient", NULL);
  ck_assert (!gtk_widget_get_mapped (find_widget (shell, AX_TYPE_PATIENTS_PAGE)));
  ax_view_select (ax_calendar_page_get_view (AX_CALENDAR_PAGE (calendar)), calendar_appt);
  ck_assert (gtk_widget_activate_action (calendar, "calendar.open-patient", NULL));

  patients = find_widget (shell, AX_TYPE_PATIENTS_PAGE);
  ck_assert_ptr_nonnull (patients);
  ck_assert (gtk_widget_get_mapped (patients));
  desk.page = AX_PATIENTS_PAGE (patients);
  desk.view = AX_PATIENT_RECORD_VIEW (ax_patients_page_get_record_view (desk.page));
  wait_for_record (&desk, patient);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&calendar_appt, g_free);
  g_clear_object (&context);
  ax_fixture_teardown (&f);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_search_and_record, test_new_patient_and_edit,
                           test_calendar_opens_record, test_tabs_and_narrow };
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
  /* One process for every case, as in test-widgets.c: a fresh fork per
   * case lost the X connection now and then. */
  g_setenv ("CK_FORK", "no", FALSE);
  return ax_test_run ("patients-page", ax_ui_test_init, NULL, tests, G_N_ELEMENTS (tests));
}
