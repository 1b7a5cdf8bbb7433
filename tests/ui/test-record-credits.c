/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Courses and memberships on the patient record, built alone on a fixture
 * store: the balances, the breach warning, the usage history windows, and
 * Renew…, Pause…, Resume and Cancel… on a membership with their dialogs and
 * refusals; no membership buttons for the front desk; Give Membership… for
 * the Owner. Needs an X display
 * (skipped, 77, without one). */
#include <adwaita.h>
#include <string.h>

#include "ax-ui-test.h"
#include "model/ax-fixture.h"
#include "ax-context.h"
#include "patients/ax-patient-record-view-private.h"
#include "patients/ax-patients-page.h"
#include "widgets/ax-form-dialog.h"

#define SKIP 77

#define ID(n) "019c0000-0000-7000-8000-00000000d0" #n
#define FACIAL ID (01)
#define COURSE ID (02)
#define PLAN ID (03)
#define PP_OK ID (04)
#define PP_OVER ID (05)

/* A button of the record by its accessible name (its tooltip). */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *name)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_widget_get_tooltip_text (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  AxContext           *context;
  GtkWidget           *window;
  AxPatientsPage      *page;
  AxPatientRecordView *view;
} Desk;

static void
desk_open (Desk      *desk,
           AxFixture *f,
           AxRole     role)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);

  desk->context = ax_context_new (f->store, settings);
  ax_context_set_actor (desk->context, f->actors[role]);
  desk->page = AX_PATIENTS_PAGE (ax_patients_page_new (desk->context));
  desk->view = AX_PATIENT_RECORD_VIEW (ax_patients_page_get_record_view (desk->page));
  g_object_add_weak_pointer (G_OBJECT (desk->page), (gpointer *) &desk->page);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 1200, 900);
  gtk_window_set_child (GTK_WINDOW (desk->window), GTK_WIDGET (desk->page));
  gtk_window_present (GTK_WINDOW (desk->window));
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (ax_ui_is_null, &desk->page), "the patients page was not freed");
  g_clear_object (&desk->context);
}

/* Waits until the record shows the membership in status (NULL: none shown). */

static Desk *loading;
static const char *want_patient;
static const char *want_status;

static gboolean
membership_shown (gpointer unused)
{
  AxPatientRecord *r = ax_patient_record_view_get_record (loading->view);

  if (r == NULL || g_strcmp0 (r->id, want_patient) != 0)
    return FALSE;
  if (want_status == NULL)
    return r->memberships->len == 0;
  return r->memberships->len == 1
         && g_str_equal (((AxRecordMembership *) r->memberships->pdata[0])->status, want_status);
}

static void
wait_for_membership (Desk       *desk,
                     const char *patient,
                     const char *status)
{
  loading = desk;
  want_patient = patient;
  want_status = status;
  ck_assert_msg (ax_ui_spin_until (membership_shown, NULL), "the record did not show the membership %s",
                 status ? status : "gone");
  /* Let the list be drawn (buttons are found when mapped). */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWindow *usage_window;

static gboolean
usage_listed (gpointer unused)
{
  GtkStack *stack = g_object_get_data (G_OBJECT (usage_window), "stack");

  return stack != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0;
}

/* Opens the usage window of action (course or membership) id titled title;
 * returns its rows' titles and descriptions, "title | description\n" each. */
static char *
read_usage (Desk       *desk,
            const char *action,
            const char *id,
            const char *title)
{
  GString *out = g_string_new (NULL);
  GtkListBox *list;
  GtkListBoxRow *row;

  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk->view), action, "s", id));
  usage_window = ax_ui_find_toplevel (ADW_TYPE_WINDOW, title);
  ck_assert_msg (usage_window != NULL, "no window “%s”", title);
  ck_assert_msg (ax_ui_spin_until (usage_listed, NULL), "the usage did not load");
  list = g_object_get_data (G_OBJECT (usage_window), "list");
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    g_string_append_printf (out, "%s | %s\n",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  gtk_window_destroy (usage_window);
  return g_string_free (out, FALSE);
}

static void
exec (AxFixture  *f,
      const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (f->store)), sql, NULL, NULL, &msg);

  ck_assert_msg (rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
}

START_TEST (test_credits_on_record)
{
  AxFixture f;
  Desk desk = { 0 };
  g_autofree char *anong = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *args = NULL;
  g_autofree char *ms = NULL;
  g_autofree char *usage = NULL;
  GtkListBox *plans;
  AxFormDialog *form;

  ax_fixture_setup (&f);
  anong = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  exec (&f, "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price) "
            "SELECT '" FACIAL "', id, 0, 'h', 'Facial', 150000 FROM clinics;"
            "INSERT INTO packages (id, clinic_id, created_at, updated_at, name, service_id, "
            "  sessions, price) SELECT '" COURSE "', id, 0, 'h', 'Facial x5', '" FACIAL "', 5, "
            "  600000 FROM clinics;"
            "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, "
            "  wallet_amount, credits_json) SELECT '" PLAN "', id, 0, 'h', 'Glow Club', 299000, "
            "  300000, '[{\"service_id\":\"" FACIAL "\",\"sessions\":1}]' FROM clinics;");
  /* A course with 5 sessions, one used; another overdrawn after a sync. */
  sql = g_strdup_printf (
    "INSERT INTO patient_packages (id, clinic_id, created_at, updated_at, patient_id, package_id, "
    "  service_id, sessions, expires_at) SELECT '" PP_OK "', id, 0, 'h', '%1$s', '" COURSE "', '"
    FACIAL "', 5, %2$" G_GINT64_FORMAT " FROM clinics;"
    "INSERT INTO patient_packages (id, clinic_id, created_at, updated_at, patient_id, package_id, "
    "  service_id, sessions, expires_at) SELECT '" PP_OVER "', id, 0, 'h', '%1$s', '" COURSE "', '"
    FACIAL "', 1, %2$" G_GINT64_FORMAT " FROM clinics;"
    "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
    "  patient_package_id, kind, service_id, sessions, at) SELECT 'g1', id, 0, 'h', '%1$s', '"
    PP_OK "', 'grant', '" FACIAL "', 5, 1773027000000 FROM clinics;"
    "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
    "  patient_package_id, kind, service_id, sessions, at) SELECT 'g2', id, 0, 'h', '%1$s', '"
    PP_OVER "', 'grant', '" FACIAL "', 1, 0 FROM clinics;"
    "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
    "  patient_package_id, kind, service_id, sessions, at) SELECT 'r1', id, 0, 'h', '%1$s', '"
    PP_OVER "', 'redeem', '" FACIAL "', -2, 1 FROM clinics;",
    anong, AX_FIXTURE_NOW_MS + 90 * G_GINT64_CONSTANT (86400000));
  exec (&f, sql);
  g_autoptr (JsonNode) used = ax_fixture_mutate (&f, BILLING, "package.redeem",
                                                 "{\"patient_package_id\": \"" PP_OK "\"}");
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" PLAN "\", "
                          "\"reason\": \"Complimentary\"}", anong);
  ms = ax_fixture_mutate_id (&f, OWNER, "membership.enrol", args);

  desk_open (&desk, &f, BILLING);
  ax_patients_page_show_patient (desk.page, anong);
  wait_for_membership (&desk, anong, "active");
  plans = desk.view->plans_list;

  /* The breach first, flagged not hidden; then the courses and the membership. */
  ck_assert_str_eq (adw_preferences_row_get_title (
                      ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (plans, 0))),
                    "Facial x5 is overdrawn (−1 session); review its usage");
  ck_assert (gtk_widget_has_css_class (GTK_WIDGET (gtk_list_box_get_row_at_index (plans, 0)),
                                       "credit-breach"));
  ck_assert_str_eq (adw_preferences_row_get_title (
                      ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (plans, 3))),
                    "Glow Club");
  ck_assert_ptr_nonnull (find_button (GTK_WIDGET (desk.view), "Renew Glow Club…"));
  ck_assert_ptr_nonnull (find_button (GTK_WIDGET (desk.view), "Pause Glow Club…"));
  ck_assert_ptr_nonnull (find_button (GTK_WIDGET (desk.view), "Cancel Glow Club…"));
  ck_assert_ptr_null (find_button (GTK_WIDGET (desk.view), "Resume Glow Club"));

  /* The course's usage, newest first, with the balance after each entry. */
  usage = read_usage (&desk, "record.course-usage", PP_OK, "Usage of Facial x5");
  ck_assert_str_eq (usage, "Used · −1 session | Today 10:30 · Facial · by billing user\n"
                           "Granted · +5 sessions | Yesterday 10:30 · Facial\n");
  g_free (usage);
  usage = read_usage (&desk, "record.course-usage", PP_OVER, "Usage of Facial x5");
  ck_assert_msg (strstr (usage, "Used · −2 sessions") != NULL, "%s", usage);
  g_free (usage);

  /* Renew…: a bad amount, a card without its reference, then done. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.renew-membership", "s",
                                         ms));
  form = ax_ui_wait_form ("Renew Glow Club");
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (ax_form_dialog_get_field (form, "amount"))),
                    "฿2,990.00");
  ax_ui_set_text (form, "amount", "lots");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_str_eq (ax_form_dialog_get_error (form, "amount"), "Type the amount paid, e.g. 2,990.00");
  ax_ui_set_text (form, "amount", "2,990");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "tender")), 1);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_msg (strstr (ax_form_dialog_get_error (form, "") ? ax_form_dialog_get_error (form, "")
                                                              : "", "reference") != NULL,
                 "no error about the reference");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM membership_renewals"), 0);
  ax_ui_set_text (form, "reference", "VISA 4242");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM membership_renewals WHERE "
                                          "amount = 299000 AND tender = 'card' AND "
                                          "reference = 'VISA 4242'"), 1);
  ck_assert_ptr_null (ax_ui_find_toplevel (AX_TYPE_FORM_DIALOG, "Renew Glow Club"));
  usage = read_usage (&desk, "record.membership-usage", ms, "Usage of Glow Club");
  ck_assert_msg (g_str_has_prefix (usage, "Renewed · +1 session · +฿3,000.00 | Today 10:30 · "
                                          "Facial · paid by card, VISA 4242 · by billing user\n"),
                 "%s", usage);
  g_free (usage);

  /* Pause…: asks first; then Resume is offered instead. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.pause-membership", "s",
                                         ms));
  ck_assert_msg (ax_ui_spin_until (ax_ui_message_shown, "Pause Glow Club?"), "no pause dialog");
  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (ax_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG,
                                                                  "Pause Glow Club?"));
    adw_message_dialog_response (dialog, "pause");
    gtk_window_close (GTK_WINDOW (dialog));
  }
  wait_for_membership (&desk, anong, "paused");
  ck_assert_ptr_nonnull (find_button (GTK_WIDGET (desk.view), "Resume Glow Club"));
  ck_assert_ptr_null (find_button (GTK_WIDGET (desk.view), "Renew Glow Club…"));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.resume-membership", "s",
                                         ms));
  wait_for_membership (&desk, anong, "active");

  /* Cancel…: a reason is needed; then the membership leaves the list. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.cancel-membership", "s",
                                         ms));
  form = ax_ui_wait_form ("Cancel Glow Club");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_str_eq (ax_form_dialog_get_error (form, "reason"),
                    "Give a reason for cancelling the membership");
  ax_ui_set_text (form, "reason", "Moved to Chiang Mai");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  wait_for_membership (&desk, anong, NULL);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM memberships "
                                          "WHERE status = 'cancelled'"), 1);
  desk_close (&desk);

  /* The front desk sees the balances and the history, not the buttons. */
  g_free (ms);
  ms = ax_fixture_mutate_id (&f, OWNER, "membership.enrol", args);
  desk_open (&desk, &f, FRONT_DESK);
  ax_patients_page_show_patient (desk.page, anong);
  wait_for_membership (&desk, anong, "active");
  ck_assert_ptr_null (find_button (GTK_WIDGET (desk.view), "Renew Glow Club…"));
  ck_assert_ptr_null (find_button (GTK_WIDGET (desk.view), "Pause Glow Club…"));
  gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.renew-membership", "s", ms);
  ck_assert_ptr_null (ax_ui_find_toplevel (AX_TYPE_FORM_DIALOG, "Renew Glow Club"));
  usage = read_usage (&desk, "record.membership-usage", ms, "Usage of Glow Club");
  ck_assert_msg (g_str_has_prefix (usage, "Granted · +1 session · +฿3,000.00"), "%s", usage);
  ck_assert (!gtk_widget_get_visible (desk.view->enrol_button));
  desk_close (&desk);

  /* Give Membership… is the Owner's: a reason is needed. */
  desk_open (&desk, &f, OWNER);
  ax_patients_page_show_patient (desk.page, anong);
  wait_for_membership (&desk, anong, "active");
  ck_assert (gtk_widget_get_visible (desk.view->enrol_button));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.enrol-membership", NULL));
  form = ax_ui_wait_form ("Give Membership");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "reason"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM memberships"), 2);
  ax_ui_set_text (form, "reason", "Staff");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM memberships WHERE "
                                          "status = 'active'"), 2);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = "
                                          "'membership.enrol' AND detail_json LIKE '%Staff%'"), 1);
  desk_close (&desk);

  ax_fixture_teardown (&f);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_credits_on_record };
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
  return ax_test_run ("record-credits", ax_ui_test_init, NULL, tests, G_N_ELEMENTS (tests));
}
