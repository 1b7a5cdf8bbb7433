/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chart screens on a fixture store: a signed chart's editor is
 * read-only (every edit action off, the signed line shown), a draft
 * submits, the medical director signs through the sign dialog, the chart
 * PDF carries the hash and the signer, the Charts tab lists and opens
 * charts, and the text helpers. Leaves chart-signed.pdf in the build directory. Needs an X display (skipped, 77, without). */
#include <adwaita.h>
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "chart/ax-chart-editor-private.h"
#include "chart/ax-chart-face.h"
#include "chart/ax-chart-text.h"
#include "chart/ax-charts-tab.h"
#include "chart/ax-signoff-page.h"
#include "patients/ax-record-tab.h"
#include "ax-ui-test.h"

#define SKIP 77
#define BOTOX "019cd000-0000-7000-8000-000000000001"
#define LOT   "019cd000-0000-7000-8000-000000000011"

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

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer location)
{
  return *(gpointer *) location != NULL;
}

/* A fixture with a patient, Dr Lee (the provider user's), Botox and a lot. */
typedef struct
{
  AxFixture  f;
  char      *patient;
  AxContext *context;
  GtkWidget *window;
  GtkWidget *widget;
} Desk;

static void
desk_setup (Desk *d)
{
  g_autofree char *args = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *provider = NULL;
  g_autoptr (JsonNode) r = NULL;

  memset (d, 0, sizeof *d);
  ax_fixture_setup (&d->f);
  d->patient = ax_fixture_mutate_id (&d->f, FRONT_DESK, "patient.create",
                                     "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  args = g_strdup_printf ("{\"name\": \"Dr Lee\", \"user_id\": \"%s\"}",
                          ax_actor_get_user_id (d->f.actors[PROVIDER]));
  provider = ax_fixture_mutate_id (&d->f, OWNER, "provider.create", args);
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"provider_id\": \"%s\"}}",
                          ax_actor_get_user_id (d->f.actors[PROVIDER]), provider);
  r = ax_fixture_mutate (&d->f, OWNER, "user.update", args);
  sql = g_strdup_printf (
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, kind, unit) "
    " VALUES ('" BOTOX "', '%1$s', 0, '0', 'Botox', 'medication', 'U'); "
    "INSERT INTO lots (id, clinic_id, created_at, updated_at, product_id, lot_number, expiry_date) "
    " VALUES ('" LOT "', '%1$s', 0, '0', '" BOTOX "', 'C2601', '2026-09-01'); "
    "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, qty, "
    "                             kind, at) "
    " VALUES ('019cd000-0000-7000-8000-000000000021', '%1$s', 0, '0', '" BOTOX "', '" LOT "', 300, "
    "         'receive', 0);", ax_store_get_clinic (d->f.store)->id);
  ck_assert (ax_db_exec (ax_store_get_db (d->f.store), sql, NULL));
}

static void
desk_show (Desk      *d,
           AxRole     role,
           GtkWidget *(*new_widget) (AxContext *))
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);

  d->context = ax_context_new (d->f.store, settings);
  ax_context_set_actor (d->context, d->f.actors[role]);
  d->widget = new_widget (d->context);
  g_object_add_weak_pointer (G_OBJECT (d->widget), (gpointer *) &d->widget);
  d->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (d->window), d->widget);
  gtk_window_present (GTK_WINDOW (d->window));
}

static void
desk_teardown (Desk *d)
{
  if (d->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (d->window));
      ck_assert_msg (ax_ui_spin_until (is_null, &d->widget), "the widget was not freed");
    }
  g_clear_object (&d->context);
  g_free (d->patient);
  ax_fixture_teardown (&d->f);
}

static char *
chart_with_entry (Desk *d)
{
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\"}", d->patient);
  char *chart = ax_fixture_mutate_id (&d->f, PROVIDER, "chart.create", args);
  g_autoptr (JsonNode) r = NULL;

  g_free (args);
  args = g_strdup_printf ("{\"chart_id\": \"%s\", \"area\": \"Glabella\", \"product_id\": \"" BOTOX
                          "\", \"lot_id\": \"" LOT "\", \"units_milli\": 20000, \"unit\": \"U\"}",
                          chart);
  r = ax_fixture_mutate (&d->f, PROVIDER, "chart_entry.add", args);
  return chart;
}

static void
submit_and_sign (Desk       *d,
                 const char *chart,
                 gboolean    sign)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\"}", chart);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&d->f, PROVIDER, "chart.submit", args);
  g_autoptr (JsonNode) s = NULL;
  g_autoptr (AxChart) c = NULL;

  if (!sign)
    return;
  c = ax_chart_query (ax_store_get_db (d->f.store), chart, NULL);
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"content_sha256\": \"%s\"}", chart, c->current_sha256);
  s = ax_fixture_mutate (&d->f, DIRECTOR, "chart.sign", args);
}

static AxChartEditor *waiting_editor;
static AxChartStatus waiting_status;

static gboolean
editor_shows (gpointer unused)
{
  AxChart *c = ax_chart_editor_get_chart (waiting_editor);

  return c != NULL && c->status == waiting_status
         && g_strcmp0 (c->id, ax_chart_editor_get_chart_id (waiting_editor)) == 0;
}

static void
wait_for_status (AxChartEditor *editor,
                 AxChartStatus  status)
{
  waiting_editor = editor;
  waiting_status = status;
  ck_assert_msg (ax_ui_spin_until (editor_shows, NULL), "the editor does not show a chart %s",
                 ax_chart_status_to_string (status));
}

static gint64
count (Desk       *d,
       const char *sql)
{
  return ax_fixture_count (&d->f, sql);
}

START_TEST (test_signed_is_read_only)
{
  Desk d;
  g_autofree char *chart = NULL;
  AxChartEditor *editor;
  GtkListBoxRow *row;
  GtkWidget *face;

  desk_setup (&d);
  chart = chart_with_entry (&d);
  submit_and_sign (&d, chart, TRUE);
  desk_show (&d, PROVIDER, ax_chart_editor_new);
  editor = AX_CHART_EDITOR (d.widget);
  ax_chart_editor_show_chart (editor, chart);
  wait_for_status (editor, AX_CHART_MD_SIGNED);

  /* Opening it was audited. */
  ck_assert_int_eq (count (&d, "SELECT COUNT (*) FROM audit_log WHERE action = 'chart.view'"), 1);
  /* Every edit control is off; the signed line says who and when. */
  ck_assert (!gtk_widget_get_sensitive (editor->add_entry_button));
  ck_assert (!gtk_widget_get_visible (editor->submit_button));
  ck_assert (!gtk_widget_get_sensitive (editor->save_notes_button));
  ck_assert (!gtk_text_view_get_editable (editor->notes_view));
  ck_assert (!gtk_text_view_get_editable (editor->aftercare_view));
  ck_assert (gtk_widget_get_visible (editor->locked_box));
  ck_assert_msg (g_str_has_prefix (gtk_label_get_text (editor->locked_label),
                                   "Signed by director on 10 Mar 2026, 10:30 — read-only"),
                 "%s", gtk_label_get_text (editor->locked_label));
  row = gtk_list_box_get_row_at_index (editor->entries_list, 0);
  ck_assert_ptr_nonnull (row);
  ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Glabella — Botox");
  /* The provider may amend it; nobody may sign it again. */
  ck_assert (gtk_widget_get_visible (editor->amend_button));
  ck_assert (gtk_widget_get_sensitive (editor->amend_button));
  ck_assert (!gtk_widget_get_visible (editor->sign_button));
  /* The face chart is in its place, and read-only. */
  face = gtk_widget_get_first_child (ax_chart_editor_get_face_chart_slot (editor));
  ck_assert (AX_IS_CHART_FACE (face));
  ck_assert (ax_face_canvas_get_read_only (ax_chart_face_get_canvas (AX_CHART_FACE (face))));

  /* A disabled action does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "chart.submit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (editor), "chart.remove-entry", "s",
                              ((AxChartEntry *) ax_chart_editor_get_chart (editor)->entries->pdata[0])->id);
  ck_assert_int_eq (count (&d, "SELECT COUNT (*) FROM chart_entries WHERE deleted_at IS NULL"), 1);
  ck_assert_int_eq (count (&d, "SELECT COUNT (*) FROM charts WHERE status = 'md_signed'"), 1);

  /* Amend opens the new draft, editable. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "chart.amend", NULL);
  wait_for_status (editor, AX_CHART_DRAFT);
  ck_assert_str_eq (ax_chart_editor_get_chart (editor)->amends_chart_id, chart);
  ck_assert (gtk_widget_get_sensitive (editor->add_entry_button));
  ck_assert (gtk_text_view_get_editable (editor->notes_view));
  ck_assert (gtk_widget_get_visible (GTK_WIDGET (editor->amends_label)));
  desk_teardown (&d);
}
END_TEST

START_TEST (test_draft_submits)
{
  Desk d;
  g_autofree char *chart = NULL;
  AxChartEditor *editor;

  desk_setup (&d);
  chart = chart_with_entry (&d);
  desk_show (&d, PROVIDER, ax_chart_editor_new);
  editor = AX_CHART_EDITOR (d.widget);
  ax_chart_editor_show_chart (editor, chart);
  wait_for_status (editor, AX_CHART_DRAFT);

  ck_assert (gtk_widget_get_visible (editor->submit_button));
  ck_assert (gtk_widget_get_sensitive (editor->submit_button));
  ck_assert (gtk_widget_get_sensitive (editor->add_entry_button));
  ck_assert (!gtk_widget_get_visible (editor->locked_box));
  ck_assert (!gtk_widget_get_visible (editor->sign_button));

  /* Notes are saved with what they were before. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (editor->notes_view), "Tolerated well", -1);
  gtk_widget_activate_action (GTK_WIDGET (editor), "chart.save-notes", NULL);
  ck_assert_int_eq (count (&d, "SELECT COUNT (*) FROM charts WHERE notes = 'Tolerated well'"), 1);

  gtk_widget_activate_action (GTK_WIDGET (editor), "chart.submit", NULL);
  wait_for_status (editor, AX_CHART_NEEDS_SIGNOFF);
  ck_assert_int_eq (count (&d, "SELECT COUNT (*) FROM charts WHERE status = 'needs_signoff'"), 1);
  ck_assert (!gtk_widget_get_sensitive (editor->add_entry_button));
  ck_assert (!gtk_text_view_get_editable (editor->notes_view));
  ck_assert (gtk_widget_get_visible (editor->locked_box));
  desk_teardown (&d);
}
END_TEST

static gboolean
sign_dialog_shown (gpointer out)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w))
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), "Sign Chart") == 0)
        {
          *(GtkWindow **) out = w;
          return TRUE;
        }
    }
  return FALSE;
}

START_TEST (test_director_signs)
{
  Desk d;
  g_autofree char *chart = NULL;
  /* Kept in the build directory to look at, as other UI tests keep their pictures. */
  g_autofree char *pdf_dir = g_getenv ("AX_BUILDDIR") ? g_strdup (g_getenv ("AX_BUILDDIR"))
                                                     : g_dir_make_tmp ("ax-chart-pdf-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (pdf_dir, "chart-signed.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  GAsyncResult *exported = NULL;
  g_autoptr (GError) error = NULL;
  AxSignoffPage *page;
  AxChartEditor *editor;
  GtkWindow *dialog = NULL;
  AxChart *c;

  desk_setup (&d);
  chart = chart_with_entry (&d);
  submit_and_sign (&d, chart, FALSE);
  desk_show (&d, DIRECTOR, ax_signoff_page_new);
  page = AX_SIGNOFF_PAGE (d.widget);
  editor = ax_signoff_page_get_editor (page);
  ax_chart_editor_show_chart (editor, chart);
  wait_for_status (editor, AX_CHART_NEEDS_SIGNOFF);

  /* The medical director reads, may sign, never edits. */
  ck_assert (!gtk_widget_get_visible (editor->add_entry_button));
  ck_assert (!gtk_widget_get_sensitive (editor->add_entry_button));
  ck_assert (!gtk_text_view_get_editable (editor->notes_view));
  ck_assert (!gtk_widget_get_visible (editor->amend_button));
  ck_assert (gtk_widget_get_visible (editor->sign_button));
  ck_assert (gtk_widget_get_sensitive (editor->sign_button));

  /* Sign… shows what is signed; one click signs it. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "chart.sign", NULL);
  ck_assert_msg (ax_ui_spin_until (sign_dialog_shown, &dialog), "no sign dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "sign");
  gtk_window_destroy (dialog);
  wait_for_status (editor, AX_CHART_MD_SIGNED);
  c = ax_chart_editor_get_chart (editor);
  ck_assert_ptr_nonnull (c->signature);
  ck_assert_str_eq (c->signature->content_sha256, c->current_sha256);
  ck_assert_int_eq (count (&d, "SELECT COUNT (*) FROM signatures"), 1);
  ck_assert (!gtk_widget_get_visible (editor->sign_button));

  /* The PDF, audited; its text has the hash and the signer. */
  ax_chart_editor_export_pdf_async (editor, pdf, NULL, store_result_cb, &exported);
  ck_assert_msg (ax_ui_spin_until (has_result, &exported), "the PDF was not written");
  ck_assert_msg (ax_chart_editor_export_pdf_finish (editor, exported, &error), "%s",
                 error ? error->message : "");
  g_clear_object (&exported);
  ck_assert (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  ck_assert_int_eq (count (&d, "SELECT COUNT (*) FROM audit_log WHERE action = 'chart.export'"), 1);
  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, "-raw", pdf, "-", NULL };
      g_autofree char *flat = NULL;

      ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &text,
                               NULL, NULL, NULL));
      /* A long hash may wrap: look for it without line breaks. */
      flat = g_strdelimit (g_strdup (text), "\n", ' ');
      ck_assert_msg (strstr (text, "Signed by director") != NULL, "%s", text);
      ck_assert_msg (strstr (flat, c->signature->content_sha256) != NULL, "no hash in: %s", text);
      ck_assert_msg (strstr (text, "Glabella") != NULL, "%s", text);
    }
  else
    g_print ("pdftotext missing: the PDF's text is not checked\n");
  if (g_getenv ("AX_BUILDDIR") == NULL)
    {
      g_remove (pdf);
      g_rmdir (pdf_dir);
    }

  /* Nothing waits any more. */
  gtk_widget_activate_action (GTK_WIDGET (page), "signoff.reload", NULL);
  desk_teardown (&d);
}
END_TEST

static AxChartsTab *waiting_tab;
static const char *waiting_state;

static gboolean
tab_shows (gpointer unused)
{
  return !ax_charts_tab_is_loading (waiting_tab)
         && g_strcmp0 (ax_charts_tab_get_state (waiting_tab), waiting_state) == 0;
}

static gboolean
two_rows (gpointer unused)
{
  return gtk_list_box_get_row_at_index (ax_charts_tab_get_list (waiting_tab), 1) != NULL;
}

/* The text of the first label styled "tag" (the status pill) inside w. */
static const char *
tag_text (GtkWidget *w)
{
  if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "tag")
      && !gtk_widget_has_css_class (w, "status"))
    return gtk_label_get_text (GTK_LABEL (w));
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      const char *text = tag_text (c);

      if (text != NULL)
        return text;
    }
  return NULL;
}

START_TEST (test_charts_tab)
{
  Desk d;
  g_autofree char *signed_chart = NULL;
  g_autofree char *draft = NULL;
  AxChartsTab *tab;
  GtkListBoxRow *row;
  const char *pill;

  desk_setup (&d);
  signed_chart = chart_with_entry (&d);
  submit_and_sign (&d, signed_chart, TRUE);
  desk_show (&d, PROVIDER, ax_charts_tab_new);
  tab = AX_CHARTS_TAB (d.widget);
  waiting_tab = tab;

  ax_record_tab_show_patient (AX_RECORD_TAB (tab), d.patient);
  waiting_state = "list";
  ck_assert_msg (ax_ui_spin_until (tab_shows, NULL), "no list: %s", ax_charts_tab_get_state (tab));
  row = gtk_list_box_get_row_at_index (ax_charts_tab_get_list (tab), 0);
  ck_assert_msg (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "signed by director"),
                 "%s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  pill = tag_text (GTK_WIDGET (row));
  ck_assert_str_eq (pill, "Signed");

  /* A new draft shows up; open_item opens it in the editor. */
  draft = chart_with_entry (&d);
  ck_assert_msg (ax_ui_spin_until (two_rows, NULL), "the new chart is not listed");
  ck_assert (ax_record_tab_open_item (AX_RECORD_TAB (tab), draft));
  ck_assert_str_eq (ax_charts_tab_get_state (tab), "editor");
  wait_for_status (ax_charts_tab_get_editor (tab), AX_CHART_DRAFT);
  ck_assert_str_eq (ax_chart_editor_get_chart_id (ax_charts_tab_get_editor (tab)), draft);
  gtk_widget_activate_action (GTK_WIDGET (tab), "charts.back", NULL);
  ck_assert_str_eq (ax_charts_tab_get_state (tab), "list");
  desk_teardown (&d);
}
END_TEST

START_TEST (test_text)
{
  g_autofree char *a = ax_chart_text_units (TRUE, 20000, "U");
  g_autofree char *b = ax_chart_text_units (TRUE, 500, "ml");
  g_autofree char *c = ax_chart_text_units (TRUE, 2250, NULL);
  g_autofree char *e = ax_chart_text_units (FALSE, 0, "U");
  g_autofree char *day = ax_chart_text_day ("2026-03-01");
  AxChartLot expired = { "x", "ABC123", "2026-03-01", 5, TRUE };
  AxChartLot good = { "y", "C2601", "2026-09-01", 240, FALSE };
  g_autofree char *l1 = ax_chart_text_lot (&expired);
  g_autofree char *l2 = ax_chart_text_lot (&good);

  ck_assert_str_eq (a, "20 U");
  ck_assert_str_eq (b, "0.5 ml");
  ck_assert_str_eq (c, "2.25");
  ck_assert_str_eq (e, "");
  ck_assert_str_eq (day, "1 Mar 2026");
  ck_assert_str_eq (l1, "ABC123 · EXPIRED 1 Mar 2026");
  ck_assert_str_eq (l2, "C2601 · expires 1 Sep 2026 · 240 left");
  ck_assert_str_eq (ax_chart_text_status_style (AX_CHART_MD_SIGNED), "success");
  ck_assert_str_eq (ax_chart_text_status_style (AX_CHART_NEEDS_SIGNOFF), "warning");
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_text, test_signed_is_read_only, test_draft_submits,
                           test_director_signs, test_charts_tab };
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
  return ax_test_run ("chart-editor", init_gtk, NULL, tests, G_N_ELEMENTS (tests));
}
