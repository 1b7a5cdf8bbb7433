/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The record's Timeline tab and the Audit Log page, each built alone on a
 * fixture store: the timeline's entries for the owner and the front desk,
 * its kind chips and its next page; the audit page's entries, its search,
 * and Verify Chain on an intact and on a tampered log. Needs an X display
 * (skipped, 77, without one). */
#include <adwaita.h>
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "ax-patient-timeline.h"
#include "audit/ax-audit-page.h"
#include "patients/ax-patient-timeline-tab.h"
#include "patients/ax-record-tab.h"
#include "ax-ui-test.h"

#define SKIP 77
#define DAY_MS (24 * 3600 * G_GINT64_CONSTANT (1000))

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

/* The first descendant of root of that type (and that label, for buttons). */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (label == NULL || (GTK_IS_BUTTON (child)
                                && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)))
        return child;
      if ((found = find_widget (child, type, label)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
window_with (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static AxContext *
new_context (AxFixture *f,
             AxRole     role)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
  AxContext *context = ax_context_new (f->store, settings);

  ax_context_set_actor (context, f->actors[role]);
  return context;
}

static void
sql (AxFixture  *f,
     const char *text)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (ax_db_exec (ax_store_get_db (f->store), text, &error), "%s: %s", text,
                 error ? error->message : "");
}

/* The timeline */

static AxPatientTimelineTab *tab;
static guint want_entries;

static gboolean
timeline_shows (gpointer unused)
{
  return ax_patient_timeline_tab_get_n_entries (tab) == want_entries;
}

static void
wait_entries (guint n)
{
  want_entries = n;
  ck_assert_msg (ax_ui_spin_until (timeline_shows, NULL), "the timeline shows %u entries, not %u",
                 ax_patient_timeline_tab_get_n_entries (tab), n);
}

/* 150 readings, a medical note, an allergy and a chart: 153 entries for
 * the owner; the front desk reads the readings and the allergy. */
static char *
seed_patient (AxFixture *f)
{
  g_autofree char *patient = ax_fixture_mutate_id (f, AX_ROLE_FRONT_DESK, "patient.create",
                                                   "{\"first_name\": \"Anong\", "
                                                   "\"allergies\": [\"Latex\"]}");
  g_autofree char *note = g_strdup_printf ("{\"patient_id\": \"%s\", \"kind\": \"condition\", "
                                           "\"body\": \"Rosacea\"}", patient);
  const char *clinic = ax_store_get_clinic (f->store)->id;
  g_autoptr (GString) rows = g_string_new ("INSERT INTO vitals (id, clinic_id, created_at, "
                                           "updated_at, patient_id, recorded_at, pulse_bpm) VALUES ");
  g_autofree char *chart = NULL;
  g_autoptr (JsonNode) r = ax_fixture_mutate (f, AX_ROLE_PROVIDER, "medical_note.add", note);

  for (int i = 0; i < 150; i++)
    g_string_append_printf (rows, "%s('v%03d', '%s', 0, 'h', '%s', %" G_GINT64_FORMAT ", 70)",
                            i ? ", " : "", i, clinic, patient,
                            AX_FIXTURE_NOW_MS - (i + 1) * DAY_MS);
  sql (f, rows->str);
  chart = g_strdup_printf ("INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, "
                           "  visit_at) VALUES ('c1', '%s', 0, 'h', '%s', %" G_GINT64_FORMAT ")",
                           clinic, patient, AX_FIXTURE_NOW_MS - 3 * DAY_MS);
  sql (f, chart);
  return g_steal_pointer (&patient);
}

START_TEST (test_timeline_tab)
{
  AxFixture f;
  g_autofree char *patient = NULL;
  g_autoptr (AxContext) owner = NULL;
  g_autoptr (AxContext) desk = NULL;
  GtkWidget *window;
  GtkWidget *chip;

  ax_fixture_setup (&f);
  patient = seed_patient (&f);

  /* The owner: the first page, then the rest. */
  owner = new_context (&f, AX_ROLE_OWNER);
  tab = AX_PATIENT_TIMELINE_TAB (ax_patient_timeline_tab_new (owner));
  g_object_add_weak_pointer (G_OBJECT (tab), (gpointer *) &tab);
  window = window_with (GTK_WIDGET (tab));
  ax_record_tab_show_patient (AX_RECORD_TAB (tab), patient);
  wait_entries (AX_TIMELINE_PAGE_SIZE);
  ck_assert (ax_patient_timeline_tab_has_more (tab));
  ax_patient_timeline_tab_load_more (tab);
  wait_entries (153);
  ck_assert (!ax_patient_timeline_tab_has_more (tab));

  /* Chips: only the clinical notes, then nothing at all. */
  chip = find_widget (GTK_WIDGET (tab), GTK_TYPE_TOGGLE_BUTTON, "Charts");
  ck_assert_ptr_nonnull (chip);
  ck_assert (gtk_widget_get_visible (gtk_widget_get_parent (chip)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), FALSE);
  wait_entries (AX_TIMELINE_PAGE_SIZE);
  ax_patient_timeline_tab_load_more (tab);
  wait_entries (152);
  chip = find_widget (GTK_WIDGET (tab), GTK_TYPE_TOGGLE_BUTTON, "Clinical notes");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), FALSE);
  wait_entries (0);

  /* Back to the notes: the first page again. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), TRUE);
  wait_entries (AX_TIMELINE_PAGE_SIZE);
  gtk_window_destroy (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (is_null, &tab), "the timeline tab was not freed");

  /* The front desk: no chart, no note, no Charts chip. */
  desk = new_context (&f, AX_ROLE_FRONT_DESK);
  tab = AX_PATIENT_TIMELINE_TAB (ax_patient_timeline_tab_new (desk));
  g_object_add_weak_pointer (G_OBJECT (tab), (gpointer *) &tab);
  window = window_with (GTK_WIDGET (tab));
  chip = find_widget (GTK_WIDGET (tab), GTK_TYPE_TOGGLE_BUTTON, "Charts");
  ck_assert (!gtk_widget_get_visible (gtk_widget_get_parent (chip)));
  ax_record_tab_show_patient (AX_RECORD_TAB (tab), patient);
  wait_entries (AX_TIMELINE_PAGE_SIZE);
  ax_patient_timeline_tab_load_more (tab);
  wait_entries (151);
  gtk_window_destroy (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (is_null, &tab), "the timeline tab was not freed");

  g_clear_object (&owner);
  g_clear_object (&desk);
  ax_fixture_teardown (&f);
}
END_TEST

/* The audit page */

static AxAuditPage *audit;
static guint want_audit;

static gboolean
audit_shows (gpointer unused)
{
  return ax_audit_page_get_n_entries (audit) == want_audit;
}

static void
wait_audit (guint n)
{
  want_audit = n;
  ck_assert_msg (ax_ui_spin_until (audit_shows, NULL), "the audit page shows %u entries, not %u",
                 ax_audit_page_get_n_entries (audit), n);
}

static gboolean
verdict_given (gpointer unused)
{
  return *ax_audit_page_get_verdict (audit) != '\0';
}

START_TEST (test_audit_page)
{
  AxFixture f;
  g_autoptr (AxContext) owner = NULL;
  g_autofree char *patient = NULL;
  g_autofree char *reveal = NULL;
  g_autoptr (JsonNode) r = NULL;
  GtkWidget *window;
  GtkWidget *search;

  ax_fixture_setup (&f);
  patient = ax_fixture_mutate_id (&f, AX_ROLE_FRONT_DESK, "patient.create",
                                  "{\"first_name\": \"Anong\", \"phone\": \"0810000101\"}");
  reveal = g_strdup_printf ("{\"id\": \"%s\", \"field\": \"phone\", \"reason\": \"Call back "
                            "about results\"}", patient);
  r = ax_fixture_mutate (&f, AX_ROLE_FRONT_DESK, "patient.reveal", reveal);

  owner = new_context (&f, AX_ROLE_OWNER);
  audit = AX_AUDIT_PAGE (ax_audit_page_new (owner));
  g_object_add_weak_pointer (G_OBJECT (audit), (gpointer *) &audit);
  window = window_with (GTK_WIDGET (audit));
  /* six users made by the fixture and the reveal */
  wait_audit (AX_N_ROLES + 1);

  search = find_widget (GTK_WIDGET (audit), GTK_TYPE_SEARCH_ENTRY, NULL);
  ck_assert_ptr_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "call back");
  wait_audit (1);
  gtk_editable_set_text (GTK_EDITABLE (search), "nothing like this");
  wait_audit (0);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_audit (AX_N_ROLES + 1);

  gtk_widget_activate_action (GTK_WIDGET (audit), "audit.verify", NULL);
  ck_assert (ax_ui_spin_until (verdict_given, NULL));
  ck_assert_str_eq (ax_audit_page_get_verdict (audit), "All 7 entries are intact");

  /* Someone edits the file behind the app's back. */
  sql (&f, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'x' WHERE seq = 3");
  gtk_widget_activate_action (GTK_WIDGET (audit), "audit.verify", NULL);
  ck_assert (ax_ui_spin_until (verdict_given, NULL));
  ck_assert_msg (strstr (ax_audit_page_get_verdict (audit), "#3") != NULL
                 && strstr (ax_audit_page_get_verdict (audit), "entry 3 was altered") != NULL,
                 "the verdict “%s” does not name entry 3", ax_audit_page_get_verdict (audit));

  gtk_window_destroy (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (is_null, &audit), "the audit page was not freed");
  g_clear_object (&owner);
  ax_fixture_teardown (&f);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_timeline_tab, test_audit_page };
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
  return ax_test_run ("timeline-audit", init_gtk, NULL, tests, G_N_ELEMENTS (tests));
}
