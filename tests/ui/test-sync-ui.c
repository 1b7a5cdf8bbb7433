/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a paired desk shows of sync (docs/sync-protocol.md, "What the desk
 * shows"), on fixture stores with an engine whose server cannot be reached:
 * the conflicts list's Edit (a third value saved, the conflict resolved, the
 * record changed; a refusal shown in the form), the "not yet synced" mark
 * on a sale until the server acknowledges it, and the toast when a pull
 * brings a clash for a booking made on this desk (once); and the header's
 * sync indicator in a 720 px and a 1280 px window in each state (against a
 * stand-in server on 127.0.0.1): the icon alone, with the line in its
 * tooltip and description, when narrow; the line when there is room. With
 * AX_SHOT_DIR set, saves sync-conflicts.png, sync-edit.png, sync-sales.png,
 * sync-charts.png, sync-toast.png and sync-header-{synced,waiting,offline,error}-{720,1280}.png.
 * Needs an X display (skipped, 77, without one). */
#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ax-ui-test.h"
#include "model/ax-fixture.h"
#include "ax-test-sales.h"
#include "ax-context.h"
#include "ax-shell.h"
#include "ax-hlc.h"
#include "ax-uuid.h"
#include "ax-sync-store.h"
#include "sales/ax-sales-page.h"
#include "chart/ax-charts-tab.h"
#include "patients/ax-record-tab.h"
#include "widgets/ax-conflicts-button.h"
#include "widgets/ax-sync-indicator.h"
#include "widgets/ax-unsynced-marks.h"

AX_FIXTURE_DEFINE

/* A desk: the context (paired with an engine whose server is gone), a
 * window with a toast overlay around child. */
typedef struct
{
  GSettings    *settings;
  AxContext    *context;
  AxSyncClient *client;
  AxSyncEngine *engine;
  GtkWidget    *window;
  GtkWidget    *overlay;
} Desk;

static void
desk_open (Desk   *d,
           AxRole  role)
{
  d->settings = g_settings_new (AX_APP_ID);
  g_settings_set_string (d->settings, "last-page", "dashboard");
  d->context = ax_context_new (f.store, d->settings);
  ax_context_set_actor (d->context, f.actors[role]);
  d->client = ax_sync_client_new ("http://127.0.0.1:1");
  d->engine = ax_sync_engine_new (f.store, d->client);
  ax_context_set_sync_engine (d->context, d->engine);
  d->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1280, 800);
  d->overlay = adw_toast_overlay_new ();
  gtk_window_set_child (GTK_WINDOW (d->window), d->overlay);
}

static void
desk_show (Desk      *d,
           GtkWidget *child)
{
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (d->overlay), child);
  gtk_window_present (GTK_WINDOW (d->window));
}

static void
desk_close (Desk *d)
{
  gtk_window_destroy (GTK_WINDOW (d->window));
  ax_context_set_sync_engine (d->context, NULL);
  g_clear_object (&d->engine);
  g_clear_object (&d->client);
  g_clear_object (&d->context);
  g_clear_object (&d->settings);
}

/* A mutation as the clinic server applies a pushed one from another desk. */
static void
replay (const char *name,
        const char *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (args, NULL);
  g_autoptr (JsonNode) result = NULL;
  AxHlc clock = { .wall_ms = AX_FIXTURE_NOW_MS + 60000 };
  char hlc[AX_HLC_STRLEN];

  g_strlcpy (clock.node, "0123456789ab", sizeof clock.node);
  ax_hlc_format (&clock, hlc);
  ck_assert (ax_db_begin (ax_store_get_db (f.store), NULL));
  result = ax_store_mutate_in_batch (f.store, f.actors[FRONT_DESK], name, node, hlc, TRUE, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert (ax_db_commit (ax_store_get_db (f.store), NULL));
}

/* Ganya renamed Kanya here; another desk's Ganyaa reaches the server later. */
static char *
name_conflict (void)
{
  g_autofree char *p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Ganya\"}");
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"first_name\": \"Kanya\"}, "
                                           "\"from\": {\"first_name\": \"Ganya\"}}", p);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "patient.update", args);

  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"first_name\": \"Ganyaa\"}, "
                          "\"from\": {\"first_name\": \"Ganya\"}}", p);
  replay ("patient.update", args);
  return g_steal_pointer (&p);
}

static gpointer wait_badge;
static guint wait_count;

static gboolean
count_is (gpointer data)
{
  return ax_conflicts_button_get_count (wait_badge) == wait_count && gtk_widget_get_visible (wait_badge) == (wait_count > 0);
}

static void
wait_conflicts (GtkWidget *badge,
                guint      n)
{
  wait_badge = badge;
  wait_count = n;
  ck_assert_msg (ax_ui_spin_until (count_is, NULL), "%u conflicts shown, not %u",
                 ax_conflicts_button_get_count (AX_CONFLICTS_BUTTON (badge)), n);
}

/* The badge's list (without a grab: another test's window on the same
 * display may have the focus, and an autohiding popover would close). */
static GtkPopover *
popover_of (GtkWidget *badge)
{
  GtkPopover *popover = GTK_POPOVER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (gtk_widget_get_first_child (badge))));

  gtk_popover_set_autohide (popover, FALSE);
  return popover;
}

/* Edit: the form shows before, mine and theirs with theirs to edit; an
 * empty name is refused under the field; a new name is saved as one
 * conflict.resolve, the conflict goes, the record has the name. */
START_TEST (test_edit_conflict)
{
  g_autofree char *p = name_conflict ();
  g_autofree char *sql = NULL;
  Desk d = { 0 };
  GtkWidget *shell, *badge, *edit;
  AxFormDialog *form;
  GtkPopover *popover;

  desk_open (&d, FRONT_DESK);
  shell = ax_shell_new (d.context);
  desk_show (&d, shell);
  badge = ax_ui_find (shell, AX_TYPE_CONFLICTS_BUTTON, NULL);
  wait_conflicts (badge, 1);
  popover = popover_of (badge);
  gtk_popover_popup (popover);
  ax_ui_save_png (gtk_popover_get_child (popover), "sync-conflicts.png");

  edit = ax_ui_find (GTK_WIDGET (popover), GTK_TYPE_BUTTON, "Edit…");
  ck_assert_ptr_nonnull (edit);
  ck_assert (gtk_widget_get_sensitive (edit));
  g_signal_emit_by_name (edit, "clicked");
  form = ax_ui_wait_form ("Edit Conflict");
  ck_assert (!gtk_widget_get_visible (GTK_WIDGET (popover)));
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (ax_form_dialog_get_field (form, "first_name"))),
                    "Kanya");
  ax_ui_save_png (GTK_WIDGET (form), "sync-edit.png");

  /* Refused by patient.update's rules: shown under the field, nothing saved. */
  ax_ui_set_text (form, "first_name", "   ");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_ptr_nonnull (ax_form_dialog_get_error (form, "first_name"));
  ck_assert_msg (strstr (ax_form_dialog_get_error (form, "first_name"), "First name is required") != NULL, "%s",
                 ax_form_dialog_get_error (form, "first_name"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE status = 'open'"), 1);

  ax_ui_set_text (form, "first_name", "Kanyarat");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.submit", NULL);
  ck_assert_ptr_null (ax_ui_find_form ("Edit Conflict"));
  wait_conflicts (badge, 0);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM patients WHERE id = '%s' AND first_name = 'Kanyarat'", p);
  ck_assert_int_eq (ax_fixture_count (&f, sql), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE resolution = 'edit'"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'conflict.resolve' "
                                          "AND json_extract (args_json, '$.keep') = 'edit'"), 1);
  desk_close (&d);
}
END_TEST

/* Marks */

static AxUnsyncedMarks *wait_marks;

static gboolean
marks_are (gpointer n)
{
  return ax_unsynced_marks_count (wait_marks) == GPOINTER_TO_UINT (n);
}

static GtkWidget *
mark_of_row (GtkWidget *page,
             const char *sale_id)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  ax_ui_find_all (page, GTK_TYPE_LIST_BOX_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (g_object_get_data (rows->pdata[i], "sale-id"), sale_id) == 0)
      {
        g_autoptr (GPtrArray) images = g_ptr_array_new ();

        ax_ui_find_all (rows->pdata[i], GTK_TYPE_IMAGE, images);
        for (guint j = 0; j < images->len; j++)
          if (gtk_widget_has_css_class (images->pdata[j], "unsynced-mark"))
            return images->pdata[j];
      }
  return NULL;
}

typedef struct
{
  GtkWidget  *page;
  const char *sale_id;
  gboolean    visible;
} MarkWait;

static gboolean
mark_shows (gpointer data)
{
  MarkWait *w = data;
  GtkWidget *mark = mark_of_row (w->page, w->sale_id);

  return mark != NULL && gtk_widget_get_visible (mark) == w->visible;
}

static char *
sell (void)
{
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;

  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \"" AX_TS_FACIAL "\"}], "
                          "\"expected_total\": 150000, \"tenders\": [{\"kind\": \"cash\", \"amount\": 150000, "
                          "\"given\": 150000}]}", id);
  return ax_fixture_mutate_id (&f, BILLING, "sale.checkout", args);
}

/* A sale made while the server is away is marked in the Sales page until
 * the server acknowledges it; a standalone desk marks nothing. */
START_TEST (test_unsynced_sale_marked)
{
  g_autofree char *old = NULL, *sale = NULL;
  g_autoptr (AxUnsyncedMarks) marks = NULL;
  g_autoptr (GError) error = NULL;
  Desk d = { 0 };
  GtkWidget *page, *mark;
  MarkWait w = { 0 };

  ax_test_sales_catalogue (f.store, f.actors[OWNER]);
  old = sell ();
  /* What came before pairing was acknowledged: not marked. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE outbox SET state = 'applied'", NULL));

  desk_open (&d, BILLING);
  page = ax_sales_page_new (d.context);
  desk_show (&d, page);
  marks = ax_unsynced_marks_new (d.context, "sales");
  wait_marks = marks;
  sale = sell ();
  ck_assert (ax_ui_spin_until (marks_are, GUINT_TO_POINTER (1)));
  ck_assert (ax_unsynced_marks_contains (marks, sale));
  w.page = page;
  w.sale_id = sale;
  w.visible = TRUE;
  ck_assert (ax_ui_spin_until (mark_shows, &w));
  mark = mark_of_row (page, sale);
  ck_assert_str_eq (gtk_widget_get_tooltip_text (mark), "Not yet synced with the clinic server");
  w.sale_id = old;
  w.visible = FALSE;
  ck_assert (ax_ui_spin_until (mark_shows, &w));
  ax_ui_save_png (d.window, "sync-sales.png");

  /* The server's reply acknowledges it: the mark goes. */
  {
    g_autoptr (JsonArray) batch = ax_store_sync_take_batch (f.store, 100, &error);
    g_autoptr (JsonObject) reply = json_object_new ();

    g_assert_no_error (error);
    ck_assert_uint_eq (json_array_get_length (batch), 1);
    json_object_set_int_member (reply, "last_mutation_id",
                                json_object_get_int_member (json_array_get_object_element (batch, 0), "id"));
    ck_assert (ax_store_sync_acknowledge (f.store, reply, &error));
  }
  ck_assert (ax_ui_spin_until (marks_are, GUINT_TO_POINTER (0)));
  w.sale_id = sale;
  ck_assert (ax_ui_spin_until (mark_shows, &w));

  /* Not paired: nothing is marked, whatever waits. */
  g_free (sell ());
  ck_assert (ax_ui_spin_until (marks_are, GUINT_TO_POINTER (1)));
  ax_context_set_sync_engine (d.context, NULL);
  ck_assert (ax_ui_spin_until (marks_are, GUINT_TO_POINTER (0)));
  g_clear_object (&marks);
  desk_close (&d);
}
END_TEST

static gboolean
chart_marked (gpointer data)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (ax_charts_tab_get_list (data), 0);
  g_autoptr (GPtrArray) images = g_ptr_array_new ();

  if (row == NULL)
    return FALSE;
  ax_ui_find_all (GTK_WIDGET (row), GTK_TYPE_IMAGE, images);
  for (guint i = 0; i < images->len; i++)
    if (gtk_widget_has_css_class (images->pdata[i], "unsynced-mark"))
      return gtk_widget_get_visible (images->pdata[i]) == GPOINTER_TO_INT (g_object_get_data (data, "want"));
  return FALSE;
}

/* A chart whose entry was added while the server is away is marked in the
 * Charts tab; acknowledged, the mark goes. */
START_TEST (test_unsynced_chart_marked)
{
  g_autofree char *p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  g_autofree char *lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\"}", p, lee);
  g_autofree char *chart = ax_fixture_mutate_id (&f, PROVIDER, "chart.create", args);
  g_autofree char *entry = NULL;
  g_autoptr (GError) error = NULL;
  Desk d = { 0 };
  GtkWidget *tab;

  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE outbox SET state = 'applied'", NULL));
  desk_open (&d, PROVIDER);
  tab = ax_charts_tab_new (d.context);
  desk_show (&d, tab);
  ax_record_tab_show_patient (AX_RECORD_TAB (tab), p);
  g_object_set_data (G_OBJECT (tab), "want", GINT_TO_POINTER (FALSE));
  ck_assert (ax_ui_spin_until (chart_marked, tab));

  g_free (args);
  args = g_strdup_printf ("{\"chart_id\": \"%s\", \"kind\": \"note\", \"body\": \"Calm\"}", chart);
  entry = ax_fixture_mutate_id (&f, PROVIDER, "chart_entry.add", args);
  g_object_set_data (G_OBJECT (tab), "want", GINT_TO_POINTER (TRUE));
  ck_assert (ax_ui_spin_until (chart_marked, tab));
  ax_ui_save_png (d.window, "sync-charts.png");

  {
    g_autoptr (JsonArray) batch = ax_store_sync_take_batch (f.store, 100, &error);
    g_autoptr (JsonObject) reply = json_object_new ();

    g_assert_no_error (error);
    json_object_set_int_member (reply, "last_mutation_id",
                                json_object_get_int_member (json_array_get_object_element (batch, 0), "id"));
    ck_assert (ax_store_sync_acknowledge (f.store, reply, &error));
  }
  g_object_set_data (G_OBJECT (tab), "want", GINT_TO_POINTER (FALSE));
  ck_assert (ax_ui_spin_until (chart_marked, tab));
  desk_close (&d);
}
END_TEST

/* Toast */

/* The row as JSON, as a pull page carries it. */
static JsonObject *
row_json (const char *table,
          const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id = ?", table);
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store), sql, NULL);
  JsonObject *row = json_object_new ();

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  for (int c = 0; c < sqlite3_column_count (stmt); c++)
    {
      const char *col = sqlite3_column_name (stmt, c);

      if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
        json_object_set_null_member (row, col);
      else if (sqlite3_column_type (stmt, c) == SQLITE_INTEGER)
        json_object_set_int_member (row, col, sqlite3_column_int64 (stmt, c));
      else
        json_object_set_string_member (row, col, (const char *) sqlite3_column_text (stmt, c));
    }
  sqlite3_reset (stmt);
  return row;
}

static void
add_change (JsonArray  *changes,
            const char *table,
            const char *id,
            JsonObject *row)
{
  JsonObject *c = json_object_new ();

  json_object_set_string_member (c, "table", table);
  json_object_set_string_member (c, "id", id);
  json_object_set_object_member (c, "row", row);
  json_array_add_object_element (changes, c);
}

static void
pull (JsonArray *changes,
      const char *cursor)
{
  g_autoptr (JsonObject) page = json_object_new ();
  g_autoptr (GError) error = NULL;
  guint applied = 0;

  json_object_set_array_member (page, "changes", changes);
  json_object_set_string_member (page, "cursor", cursor);
  json_object_set_boolean_member (page, "has_more", FALSE);
  ck_assert_msg (ax_store_sync_apply_pulled (f.store, page, &applied, &error), "%s",
                 error ? error->message : "");
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_label (GTK_LABEL (child)), part) != NULL)
        return child;
      found = find_label_with (child, part);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
toasts_are (gpointer n)
{
  return ax_conflicts_button_get_toasts (wait_badge) == GPOINTER_TO_UINT (n);
}

/* Booked here offline; the server found another desk's booking at that time
 * first: the pull brings the flag and the conflict, and a toast says so,
 * once; Show opens the list. A clash for another desk's booking is no toast. */
START_TEST (test_rebooking_toast)
{
  g_autofree char *p = NULL, *lee = NULL, *args = NULL;
  g_autoptr (JsonObject) appt = NULL;
  g_autoptr (JsonNode) r = NULL;
  Desk d = { 0 };
  GtkWidget *shell, *badge, *label;
  char booking[AX_UUID_STRLEN], conflict[AX_UUID_STRLEN];
  gint64 start = AX_FIXTURE_NOW_MS + 3 * 3600000;
  JsonArray *changes;
  JsonObject *c;

  lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Itsara\"}");
  /* An older conflict (a name), there before: not news. */
  g_free (name_conflict ());
  /* All this is the server's already: acknowledged, and pulled back. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE outbox SET state = 'applied'; "
                         "DELETE FROM outbox_effect", NULL));

  desk_open (&d, FRONT_DESK);
  shell = ax_shell_new (d.context);
  desk_show (&d, shell);
  badge = ax_ui_find (shell, AX_TYPE_CONFLICTS_BUTTON, NULL);
  wait_conflicts (badge, 1);

  ax_uuid_v7 (booking);
  args = g_strdup_printf ("{\"id\": \"%s\", \"patient_id\": \"%s\", \"provider_id\": \"%s\", "
                          "\"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT "}",
                          booking, p, lee, start, start + 1800000);
  r = ax_fixture_mutate (&f, FRONT_DESK, "appointment.book", args);
  /* Pushed; the server's verdict: merged (flagged). */
  {
    g_autoptr (JsonArray) batch = ax_store_sync_take_batch (f.store, 100, NULL);
    g_autoptr (JsonObject) reply = json_object_new ();

    json_object_set_int_member (reply, "last_mutation_id",
                                json_object_get_int_member (json_array_get_object_element (batch, 0), "id"));
    ck_assert (ax_store_sync_acknowledge (f.store, reply, NULL));
  }
  appt = row_json ("appointments", booking);
  json_object_set_int_member (appt, "needs_rebooking", 1);
  ax_uuid_v7 (conflict);
  c = json_object_new ();
  json_object_set_string_member (c, "id", conflict);
  json_object_set_string_member (c, "clinic_id", ax_store_get_clinic (f.store)->id);
  json_object_set_int_member (c, "created_at", AX_FIXTURE_NOW_MS);
  json_object_set_string_member (c, "updated_at", "0000000000000-0000-0123456789ab");
  json_object_set_int_member (c, "version", 7);
  json_object_set_string_member (c, "kind", "booking");
  json_object_set_string_member (c, "table_name", "appointments");
  json_object_set_string_member (c, "row_id", booking);
  json_object_set_string_member (c, "theirs_json", "{\"message\": \"Dr Lee is booked 13:30–14:00\"}");
  json_object_set_string_member (c, "status", "open");
  changes = json_array_new ();
  add_change (changes, "appointments", booking, json_object_ref (appt));
  add_change (changes, "conflicts", conflict, c);
  pull (changes, "7");

  wait_conflicts (badge, 2);
  ck_assert (ax_ui_spin_until (toasts_are, GUINT_TO_POINTER (1)));
  label = find_label_with (d.overlay, "clashed with one made at another desk");
  ck_assert_ptr_nonnull (label);
  ck_assert_msg (strstr (gtk_label_get_label (GTK_LABEL (label)), "Itsara at Tue 10 Mar 13:30") != NULL, "%s",
                 gtk_label_get_label (GTK_LABEL (label)));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT needs_rebooking FROM appointments WHERE needs_rebooking = 1"), 1);
  ax_ui_save_png (d.window, "sync-toast.png");

  /* Once: the next pull (nothing new) and the one after say nothing. */
  pull (json_array_new (), "8");
  ax_ui_spin_for (300);
  pull (json_array_new (), "9");
  ax_ui_spin_for (300);
  ck_assert_uint_eq (ax_conflicts_button_get_toasts (AX_CONFLICTS_BUTTON (badge)), 1);

  /* Show opens the list. */
  {
    GtkWidget *show = ax_ui_find (d.overlay, GTK_TYPE_BUTTON, "Show");
    GtkPopover *list = popover_of (badge);

    ck_assert_ptr_nonnull (show);
    ck_assert (!gtk_widget_get_visible (GTK_WIDGET (list)));
    g_signal_emit_by_name (show, "clicked");
    ck_assert (ax_ui_spin_until ((gboolean (*) (gpointer)) gtk_widget_get_visible, list));
  }

  /* Another desk's booking flagged: a conflict, no toast. */
  {
    char other[AX_UUID_STRLEN];

    ax_uuid_v7 (other);
    g_free (args);
    args = g_strdup_printf ("{\"id\": \"%s\", \"patient_id\": \"%s\", \"provider_id\": \"%s\", "
                            "\"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT ", "
                            "\"book_anyway\": true}", other, p, lee, start, start + 1800000);
    replay ("appointment.book", args);
    changes = json_array_new ();
    add_change (changes, "appointments", other, row_json ("appointments", other));
    pull (changes, "10");
    wait_conflicts (badge, 3);
    ax_ui_spin_for (300);
    ck_assert_uint_eq (ax_conflicts_button_get_toasts (AX_CONFLICTS_BUTTON (badge)), 1);
  }

  /* Rebook… takes the desk to the calendar, at the booking. */
  {
    GtkWidget *rebook = ax_ui_find (GTK_WIDGET (popover_of (badge)), GTK_TYPE_BUTTON, "Rebook…");
    GtkWidget *stack = ax_ui_find (shell, ADW_TYPE_VIEW_STACK, NULL);

    ck_assert_ptr_nonnull (rebook);
    ck_assert (gtk_widget_get_sensitive (rebook));
    ck_assert_str_eq (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), "dashboard");
    g_signal_emit_by_name (rebook, "clicked");
    ck_assert_str_eq (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), "calendar");
  }
  desk_close (&d);
}
END_TEST

/* A stand-in clinic server: an empty clinic that takes nothing, or (when
 * refusing) a refusal with a reason for every request. */
static gboolean refusing;
static gint64 server_last_id;   /* what the stand-in has "applied" of the desk's */

static void
stand_in_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  gint64 now = g_get_real_time () / 1000;
  char *body;
  guint status = SOUP_STATUS_OK;

  if (refusing)
    {
      status = SOUP_STATUS_FORBIDDEN;
      body = g_strdup ("{\"error\":{\"code\":\"forbidden\",\"message\":\"This desk's enrolment was "
                       "withdrawn; pair it again\"}}");
    }
  else if (g_str_has_suffix (path, "/sync/push"))
    body = g_strdup_printf ("{\"last_mutation_id\":%" G_GINT64_FORMAT ",\"results\":[],\"server_time\":%"
                            G_GINT64_FORMAT "}", server_last_id, now);
  else if (g_str_has_suffix (path, "/sync/pull"))
    body = g_strdup_printf ("{\"changes\":[],\"cursor\":\"1\",\"has_more\":false,"
                            "\"last_mutation_id\":%" G_GINT64_FORMAT ",\"server_time\":%" G_GINT64_FORMAT "}",
                            server_last_id, now);
  else
    {
      status = SOUP_STATUS_NOT_FOUND;
      body = g_strdup ("{\"error\":{\"code\":\"not_found\",\"message\":\"Not here\"}}");
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *indicator;
} Header;

static gboolean
allocated (gpointer data)
{
  Header *h = data;

  return gtk_widget_get_width (h->window) > 0 && gtk_widget_get_width (h->indicator) > 0;
}

static void
header_open (Header     *h,
             AxContext  *context,
             int         width)
{
  GtkWidget *shell = ax_shell_new (context);

  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), width, 800);
  gtk_window_set_child (GTK_WINDOW (h->window), shell);
  gtk_window_present (GTK_WINDOW (h->window));
  h->indicator = ax_ui_find (shell, AX_TYPE_SYNC_INDICATOR, NULL);
  ck_assert_ptr_nonnull (h->indicator);
  ck_assert (ax_ui_spin_until (allocated, h));
}

static gboolean run_done;

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  ax_sync_engine_sync_finish (AX_SYNC_ENGINE (source), result, NULL);
  run_done = TRUE;
}

static gboolean
is_run_done (gpointer data)
{
  return run_done;
}

static void
run_sync (AxSyncEngine *engine)
{
  run_done = FALSE;
  ax_sync_engine_sync_async (engine, NULL, run_cb, NULL);
  ck_assert (ax_ui_spin_until (is_run_done, NULL));
}

/* Both windows show the state: the narrow one its icon alone, the line
 * (and the detail) in the tooltip and the description; the wide one the
 * line. */
static void
check_state (Header     *narrow,
             Header     *wide,
             const char *state,
             const char *line_start)
{
  Header *both[] = { narrow, wide };

  ax_ui_spin_for (100);
  for (guint i = 0; i < G_N_ELEMENTS (both); i++)
    {
      AxSyncIndicator *indicator = AX_SYNC_INDICATOR (both[i]->indicator);
      const char *text = ax_sync_indicator_get_text (indicator);
      const char *tooltip = gtk_widget_get_tooltip_text (both[i]->indicator);
      g_autofree char *name = g_strdup_printf ("sync-header-%s-%d.png", state, i == 0 ? 720 : 1280);

      ck_assert_msg (g_str_has_prefix (text, line_start), "%s: “%s”", state, text);
      ck_assert_msg (tooltip != NULL && g_str_has_prefix (tooltip, text) && strlen (tooltip) > strlen (text),
                     "%s: tooltip “%s”", state, tooltip);
      ck_assert_msg (ax_sync_indicator_is_compact (indicator) == (i == 0), "%s at %d px: %s", state,
                     gtk_widget_get_width (both[i]->window),
                     ax_sync_indicator_is_compact (indicator) ? "the icon alone" : "the line");
      /* What there is is whole: never an ellipsis where the line was. */
      ck_assert_int_ge (gtk_widget_get_width (both[i]->indicator), 16);
      ax_ui_save_png (both[i]->window, name);
    }
}

START_TEST (test_indicator_widths)
{
  g_autoptr (SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
  g_autoptr (AxContext) context = NULL;
  g_autoptr (AxSyncClient) client = NULL;
  g_autoptr (AxSyncEngine) engine = NULL;
  g_autoptr (JsonNode) r1 = NULL, r2 = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  Header narrow, wide;

  soup_server_add_handler (soup, NULL, stand_in_cb, NULL, NULL);
  ck_assert_msg (soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error), "%s",
                 error ? error->message : "");
  uris = soup_server_get_uris (soup);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  /* The fixture's own setup is the server's already (acknowledged, and its
   * rows pulled back: nothing to undo). */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE outbox SET state = 'applied'; "
                         "DELETE FROM outbox_effect", NULL));
  server_last_id = ax_fixture_count (&f, "SELECT MAX (mut_id) FROM outbox");
  g_settings_set_string (settings, "last-page", "dashboard");
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[OWNER]);
  client = ax_sync_client_new (url);
  ax_sync_client_set_tokens (client, "a-token", NULL);
  engine = ax_sync_engine_new (f.store, client);
  ax_context_set_sync_engine (context, engine);
  header_open (&narrow, context, 720);
  header_open (&wide, context, 1280);

  run_sync (engine);
  ck_assert_int_eq (ax_sync_engine_get_state (engine), AX_SYNC_STATE_IDLE);
  check_state (&narrow, &wide, "synced", "Synced");

  r1 = ax_fixture_mutate (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  r2 = ax_fixture_mutate (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Boonmee\"}");
  check_state (&narrow, &wide, "waiting", "2 changes waiting");

  ax_sync_client_set_base_url (client, "http://127.0.0.1:1");
  run_sync (engine);
  check_state (&narrow, &wide, "offline", "Offline since ");

  ax_sync_client_set_base_url (client, url);
  refusing = TRUE;
  run_sync (engine);
  refusing = FALSE;
  ck_assert_int_eq (ax_sync_engine_get_state (engine), AX_SYNC_STATE_ERROR);
  check_state (&narrow, &wide, "error", "Sync error: ");

  ax_context_set_sync_engine (context, NULL);
  gtk_window_destroy (GTK_WINDOW (narrow.window));
  gtk_window_destroy (GTK_WINDOW (wide.window));
}
END_TEST

static void
ui_setup (void)
{
  ax_ui_test_init ();
  setup ();
}

int
main (void)
{
  const TTest *tests[] = { test_edit_conflict, test_unsynced_sale_marked, test_unsynced_chart_marked,
                           test_rebooking_toast, test_indicator_widths };

  return ax_ui_test_main ("sync-ui", ui_setup, teardown, tests, G_N_ELEMENTS (tests));
}
