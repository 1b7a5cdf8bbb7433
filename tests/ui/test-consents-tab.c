/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Consents tab of the patient record on a fixture store: the front desk
 * makes a consent with New Consent…, the patient signs on the pad (strokes
 * drawn through the pad's input functions), Sign stores the signature and
 * the view turns read-only with signer and hash; roles that only read see
 * no New Consent, Sign or Withdraw; a withdrawal; and the PDF, read back
 * with pdftotext when poppler-utils is there. With AX_SHOT_DIR set it saves
 * consents-*.png there. Needs an X display (skipped, 77, without one). */
#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "ax-canonical-json.h"
#include "consents/ax-consent-pdf.h"
#include "consents/ax-consents-tab.h"
#include "patients/ax-record-tab.h"
#include "patients/ax-patient-record-view-private.h"
#include "widgets/ax-form-dialog.h"
#include "ax-ui-test.h"

#define SKIP 77

static AxFixture f;

static void
setup (void)
{
  static GtkCssProvider *css;

  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
  /* The app's style sheet, as AdwApplication loads it. */
  if (css == NULL)
    {
      css = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (css, "/org/aesthetix/Aesthetix/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
  ax_fixture_setup (&f);
}

static void
teardown (void)
{
  ax_fixture_teardown (&f);
}

static gboolean
is_null (gpointer location)
{
  return *(gpointer *) location == NULL;
}

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *button_label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (button_label == NULL
              || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), button_label) == 0))
        return child;
      found = find_descendant (child, type, button_label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static AxFormDialog *
find_form (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (AX_IS_FORM_DIALOG (window) && g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return AX_FORM_DIALOG (window);
    }
  return NULL;
}

static gboolean
form_shown (gpointer title)
{
  return find_form (title) != NULL;
}

/* A record view with its tabs in a window, for one role. */
typedef struct
{
  AxContext           *context;
  GtkWidget           *window;
  AxPatientRecordView *view;
  AxConsentsTab       *tab;
} Desk;

static void
desk_open (Desk       *desk,
           AxRole      role,
           const char *patient_id)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
  GtkWidget *overlay = adw_toast_overlay_new ();

  desk->context = ax_context_new (f.store, settings);
  ax_context_set_actor (desk->context, f.actors[role]);
  desk->view = AX_PATIENT_RECORD_VIEW (ax_patient_record_view_new (desk->context));
  g_object_add_weak_pointer (G_OBJECT (desk->view), (gpointer *) &desk->view);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 1000, 900);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (desk->view));
  gtk_window_set_child (GTK_WINDOW (desk->window), overlay);
  gtk_window_present (GTK_WINDOW (desk->window));
  desk->tab = AX_CONSENTS_TAB (find_descendant (GTK_WIDGET (desk->view), AX_TYPE_CONSENTS_TAB, NULL));
  ck_assert_msg (desk->tab != NULL, "the record has no Consents tab");
  ax_patient_record_view_show (desk->view, patient_id);
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (is_null, &desk->view), "the record view was not freed");
  g_clear_object (&desk->context);
}

static Desk *waiting;
static const char *want_state;

static gboolean
tab_in_state (gpointer unused)
{
  return g_strcmp0 (ax_consents_tab_get_state (waiting->tab), want_state) == 0;
}

static void
wait_tab (Desk       *desk,
          const char *state)
{
  waiting = desk;
  want_state = state;
  ck_assert_msg (ax_ui_spin_until (tab_in_state, NULL), "the tab shows %s, not %s",
                 ax_consents_tab_get_state (desk->tab), state);
}

static AxConsentStatus want_status;

static gboolean
view_shows (gpointer unused)
{
  AxConsent *c = ax_consent_view_get_consent (ax_consents_tab_get_view (waiting->tab));

  return c != NULL && c->status == want_status
         && g_strcmp0 (ax_consent_view_get_state (ax_consents_tab_get_view (waiting->tab)),
                       "consent") == 0;
}

static void
wait_view (Desk           *desk,
           AxConsentStatus status)
{
  waiting = desk;
  want_status = status;
  ck_assert_msg (ax_ui_spin_until (view_shows, NULL), "the consent view does not show a %s consent",
                 ax_consent_status_to_string (status));
}

static gboolean
button_sensitive (GtkWidget  *root,
                  const char *label)
{
  GtkWidget *button = find_descendant (root, GTK_TYPE_BUTTON, label);

  ck_assert_msg (button != NULL, "no button %s", label);
  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static gboolean
pad_laid_out (gpointer pad)
{
  return gtk_widget_get_mapped (pad) && gtk_widget_get_width (pad) > 200
         && gtk_widget_get_height (pad) > 100;
}

static gboolean
two_items (gpointer tab)
{
  GPtrArray *items = ax_consents_tab_get_items (tab);

  return items != NULL && items->len == 2;
}

/* The list's reload after the signature (on a worker) has come back. */
static gboolean
one_signed_item (gpointer tab)
{
  GPtrArray *items = ax_consents_tab_get_items (tab);

  return items != NULL && items->len == 1
         && ((AxConsentSummary *) items->pdata[0])->status == AX_CONSENT_SIGNED;
}

static char *
new_patient (void)
{
  return ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                               "{\"first_name\": \"Kannika\", \"last_name\": \"Kaewkla\", "
                               "\"birth_date\": \"1991-02-14\"}");
}

static char *
new_template (void)
{
  return ax_fixture_mutate_id (&f, OWNER, "consent_template.add",
                               "{\"name\": \"Dermal filler consent\", \"purpose\": \"treatment\", "
                               "\"body\": \"I, {{patient.name}} ({{patient.number}}), agree to a "
                               "dermal filler treatment at {{clinic.name}}.\\n\\nI understand "
                               "that swelling and bruising are common for a few days, and that "
                               "rarely filler can block a blood vessel.\\n\\nSigned on {{date}}.\"}");
}

START_TEST (test_sign_at_the_desk)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ();
  Desk desk = { 0 };
  AxFormDialog *form;
  AxConsentView *view;
  AxSignaturePad *pad;
  AxConsent *c;
  g_autofree char *id = NULL;
  g_autofree char *hash = NULL;

  desk_open (&desk, FRONT_DESK, patient);
  wait_tab (&desk, "empty");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.open-item", "(ss)",
                                         "consents", ""));

  /* New Consent…: the one template, no appointment. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.tab), "consents.new", NULL));
  ck_assert_msg (ax_ui_spin_until (form_shown, "New Consent"), "no New Consent form");
  form = find_form ("New Consent");
  ck_assert_uint_eq (adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (form, "appointment_id"))), 0);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  wait_tab (&desk, "consent");
  wait_view (&desk, AX_CONSENT_PENDING);
  ck_assert_ptr_null (find_form ("New Consent"));

  view = ax_consents_tab_get_view (desk.tab);
  pad = ax_consent_view_get_pad (view);
  c = ax_consent_view_get_consent (view);
  id = g_strdup (c->id);
  ck_assert (strstr (c->body, "I, Kannika Kaewkla (") != NULL);
  ck_assert (strstr (c->body, "at Lotus Test Clinic.") != NULL);
  ck_assert (ax_signature_pad_get_is_empty (pad));
  ck_assert (!ax_signature_pad_get_read_only (pad));
  ck_assert (!button_sensitive (GTK_WIDGET (view), "_Sign"));
  /* Drawn on as a person would: once it is on screen. */
  ck_assert_msg (ax_ui_spin_until (pad_laid_out, pad), "the pad was never laid out");
  ax_ui_save_png (desk.window, "consents-unsigned-empty.png");

  /* A tap is not a signature; a stroke is. */
  ax_signature_pad_stroke_begin (pad, 60, 120);
  ax_signature_pad_stroke_end (pad);
  ck_assert (ax_signature_pad_get_is_empty (pad));
  ck_assert (!button_sensitive (GTK_WIDGET (view), "_Sign"));
  ax_signature_pad_undo (pad);
  for (int s = 0; s < 2; s++)
    {
      ax_signature_pad_stroke_begin (pad, 80 + s * 200, 140);
      for (int i = 1; i <= 30; i++)
        ax_signature_pad_stroke_extend (pad, 80 + s * 200 + i * 6, 140 - 40 * sin (i / 4.0) - s * 10);
      ax_signature_pad_stroke_end (pad);
    }
  ck_assert (!ax_signature_pad_get_is_empty (pad));
  ck_assert (button_sensitive (GTK_WIDGET (view), "_Sign"));
  ax_ui_save_png (desk.window, "consents-unsigned.png");

  ck_assert (gtk_widget_activate_action (GTK_WIDGET (view), "consent.sign", NULL));
  wait_view (&desk, AX_CONSENT_SIGNED);

  /* The store has it, and the hash is the content's. */
  c = ax_consent_view_get_consent (view);
  ck_assert_str_eq (c->id, id);
  ck_assert_str_eq (c->signer_name, "Kannika Kaewkla");
  ck_assert_ptr_null (c->signer_user_id);
  ck_assert_int_eq (json_array_get_length (json_object_get_array_member (json_node_get_object (c->strokes),
                                                                         "strokes")), 2);
  hash = ax_consent_content_sha256 (c);
  ck_assert_str_eq (hash, c->content_sha256);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM signatures WHERE subject_type = "
                                          "'consent' AND signer_user_id IS NULL"), 1);
  ck_assert (ax_signature_pad_get_read_only (pad));
  ck_assert (!gtk_widget_get_visible (find_descendant (GTK_WIDGET (view), GTK_TYPE_BUTTON, "_Sign")));
  ck_assert (button_sensitive (GTK_WIDGET (view), "_Withdraw…"));
  ck_assert (button_sensitive (GTK_WIDGET (view), "_Export PDF…"));
  ax_ui_save_png (desk.window, "consents-signed.png");

  /* Back to the list, which has it as signed. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (view), "consent.back", NULL));
  wait_tab (&desk, "list");
  ck_assert_msg (ax_ui_spin_until (one_signed_item, desk.tab), "the list does not show the consent as signed");
  /* And a second one waiting, for the list's picture. */
  {
    g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}",
                                             patient, tmpl);
    g_free (ax_fixture_mutate_id (&f, FRONT_DESK, "consent.create", args));
  }
  ck_assert_msg (ax_ui_spin_until (two_items, desk.tab), "the list did not follow the store");
  ax_ui_save_png (desk.window, "consents-tab.png");

  /* record.open-item opens a consent by its id. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.open-item", "(ss)",
                                         "consents", id));
  wait_tab (&desk, "consent");
  wait_view (&desk, AX_CONSENT_SIGNED);
  desk_close (&desk);
}
END_TEST

START_TEST (test_readers_and_withdraw)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ();
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}",
                                           patient, tmpl);
  g_autofree char *id = ax_fixture_mutate_id (&f, FRONT_DESK, "consent.create", args);
  g_autofree char *sign = g_strdup_printf ("{\"id\": \"%s\", \"strokes\": {\"width\": 600, "
                                           "\"height\": 200, \"strokes\": [[[10, 10], [90, 60]]]}}",
                                           id);
  AxRole readers[] = { BILLING, DIRECTOR, READ_ONLY };

  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      Desk desk = { 0 };
      AxConsentView *view;

      desk_open (&desk, readers[i], patient);
      wait_tab (&desk, "list");
      ck_assert (!button_sensitive (GTK_WIDGET (desk.tab), "_New Consent…"));
      ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.open-item", "(ss)", "consents", id));
      wait_view (&desk, AX_CONSENT_PENDING);
      view = ax_consents_tab_get_view (desk.tab);
      ck_assert (!gtk_widget_get_visible (GTK_WIDGET (ax_consent_view_get_pad (view))));
      ck_assert (!gtk_widget_get_visible (find_descendant (GTK_WIDGET (view), GTK_TYPE_BUTTON, "_Sign")));
      ck_assert (button_sensitive (GTK_WIDGET (view), "_Export PDF…"));
      desk_close (&desk);
    }

  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "consent.sign", sign);
  {
    Desk desk = { 0 };
    AxConsentView *view;
    GtkWidget *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    desk_open (&desk, PROVIDER, patient);
    wait_tab (&desk, "list");
    ck_assert (gtk_widget_activate_action (GTK_WIDGET (desk.view), "record.open-item", "(ss)", "consents", id));
    wait_view (&desk, AX_CONSENT_SIGNED);
    view = ax_consents_tab_get_view (desk.tab);
    ck_assert (gtk_widget_activate_action (GTK_WIDGET (view), "consent.withdraw", NULL));
    ax_ui_spin_for (100);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
        if (ADW_IS_MESSAGE_DIALOG (w))
          dialog = GTK_WIDGET (w);
      }
    ck_assert_msg (dialog != NULL, "no Withdraw dialog");
    ck_assert (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "withdraw"));
    gtk_editable_set_text (GTK_EDITABLE (find_descendant (dialog, ADW_TYPE_ENTRY_ROW, NULL)),
                           "No longer wants the treatment");
    ck_assert (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "withdraw"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "withdraw");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_view (&desk, AX_CONSENT_WITHDRAWN);
    ck_assert_str_eq (ax_consent_view_get_consent (view)->withdraw_reason,
                      "No longer wants the treatment");
    ck_assert (!button_sensitive (GTK_WIDGET (view), "_Withdraw…"));
    ck_assert (ax_signature_pad_get_read_only (ax_consent_view_get_pad (view)));
    ax_ui_save_png (desk.window, "consents-withdrawn.png");
    desk_close (&desk);
  }
}
END_TEST

static char *
pdf_text (const char *pdf)
{
  g_autofree char *prog = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { prog, "-layout", pdf, "-", NULL };
  int status = 0;

  if (prog == NULL)
    return NULL;
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (status, 0);
  return g_steal_pointer (&out);
}

START_TEST (test_pdf)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ();
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}",
                                           patient, tmpl);
  g_autofree char *id = ax_fixture_mutate_id (&f, FRONT_DESK, "consent.create", args);
  g_autofree char *sign = g_strdup_printf ("{\"id\": \"%s\", \"signer_name\": \"Malee Kaewkla (mother)\", "
                                           "\"strokes\": {\"width\": 600, \"height\": 200, \"strokes\": "
                                           "[[[60, 150], [120, 60], [180, 150], [240, 70], [300, 140]], "
                                           "[[40, 170], [420, 165]]]}}", id);
  g_autofree char *path = g_build_filename (f.dir, "consent.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "consent.sign", sign);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxConsent) c = ax_consent_query (ax_store_get_db (f.store), id, &error);
  gsize len = 0;

  ck_assert_ptr_nonnull (c);
  ck_assert_msg (ax_consent_pdf_write (c, ax_store_get_clinic (f.store), ax_store_get_timezone (f.store),
                                       path, &error), "%s", error ? error->message : "");
  ck_assert (g_file_get_contents (path, &contents, &len, NULL));
  ck_assert_uint_gt (len, 1000);
  ck_assert (g_str_has_prefix (contents, "%PDF-"));

  text = pdf_text (path);
  if (text != NULL)
    {
      ck_assert_msg (strstr (text, "Kannika Kaewkla") != NULL, "no patient name in\n%s", text);
      ck_assert_msg (strstr (text, c->content_sha256) != NULL, "no hash in\n%s", text);
      ck_assert_msg (strstr (text, "Malee Kaewkla (mother)") != NULL, "no signer in\n%s", text);
      ck_assert_msg (strstr (text, id) != NULL, "no consent id in\n%s", text);
      ck_assert_msg (strstr (text, "Signed by the patient to give consent") != NULL, "no meaning");
    }
  else
    g_print ("pdftotext is not installed: the PDF's text was not checked\n");

  /* A bad path is an error, not a crash. */
  {
    g_autoptr (GError) bad = NULL;
    ck_assert (!ax_consent_pdf_write (c, NULL, ax_store_get_timezone (f.store),
                                      "/nonexistent/dir/x.pdf", &bad));
    ck_assert_ptr_nonnull (bad);
  }

  if (g_getenv ("AX_SHOT_DIR") != NULL)
    {
      g_autofree char *ppm = g_find_program_in_path ("pdftoppm");
      g_autofree char *prefix = g_build_filename (g_getenv ("AX_SHOT_DIR"), "consents-pdf", NULL);
      const char *argv[] = { ppm, "-png", "-r", "80", "-singlefile", path, prefix, NULL };

      if (ppm != NULL)
        ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 NULL, NULL, NULL, NULL));
      {
        g_autofree char *copy = g_build_filename (g_getenv ("AX_SHOT_DIR"), "consent.pdf", NULL);
        g_file_set_contents (copy, contents, len, NULL);
      }
    }
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_sign_at_the_desk, test_readers_and_withdraw, test_pdf };
  const char *builddir = g_getenv ("AX_BUILDDIR");

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display\n");
      return SKIP;
    }
  if (builddir != NULL)
    {
      g_autofree char *schemas = g_build_filename (builddir, "data", NULL);
      const char *more = g_getenv ("GSETTINGS_SCHEMA_DIR");
      g_autofree char *both = more ? g_strjoin (G_SEARCHPATH_SEPARATOR_S, schemas, more, NULL)
                                   : g_strdup (schemas);

      g_setenv ("GSETTINGS_SCHEMA_DIR", both, TRUE);
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("CK_FORK", "no", FALSE);
  return ax_test_run ("consents-tab", setup, teardown, tests, G_N_ELEMENTS (tests));
}
