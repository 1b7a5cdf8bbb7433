/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widgets built alone, each on its own context and store: their layout, what
 * they show, that they follow the store, and that they are freed. Needs an X
 * display (skipped, 77, without one). */
#include <adwaita.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "calendar/ax-calendar-page-private.h"
#include "calendar/ax-day-view.h"
#include "dashboard/ax-dashboard-page.h"
#include "widgets/ax-card-grid.h"
#include "widgets/ax-stat-card.h"
#include "widgets/ax-sync-indicator.h"
#include "widgets/ax-conflicts-button.h"
#include "ax-hlc.h"
#include "ax-uuid.h"
#include "ax-shell.h"
#include "ax-pages.h"
#include "sales/ax-sales-page.h"
#include "ax-ui-test.h"

#define SKIP 77

static void
init_gtk (void)
{
  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
}

static GtkWidget *
fixed_box (int width,
           int height)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_size_request (box, width, height);
  return box;
}

static int
height_for_width (GtkWidget *widget,
                  int        width)
{
  int min, nat;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
  return nat;
}

START_TEST (test_card_grid_columns)
{
  GtkWidget *grid;
  int min, nat;

  grid = g_object_ref_sink (ax_card_grid_new (10));
  for (int i = 0; i < 4; i++)
    gtk_widget_insert_before (fixed_box (100, 50), grid, NULL);

  gtk_widget_measure (grid, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  ck_assert_int_eq (min, 100);                      /* one column at the narrowest */
  ck_assert_int_eq (nat, 4 * 100 + 3 * 10);         /* all in a row when there is room */

  ck_assert_int_eq (height_for_width (grid, 430), 50);                /* 4 columns */
  ck_assert_int_eq (height_for_width (grid, 429), 2 * 50 + 10);       /* never 3: 2 */
  ck_assert_int_eq (height_for_width (grid, 210), 2 * 50 + 10);       /* 2 columns */
  ck_assert_int_eq (height_for_width (grid, 209), 4 * 50 + 3 * 10);   /* 1 column */

  g_assert_finalize_object (grid);
}
END_TEST

START_TEST (test_stat_card)
{
  AxStatCard *card;
  AxStatTrend trend;
  g_autofree char *title = NULL;

  card = g_object_ref_sink (AX_STAT_CARD (ax_stat_card_new ("Revenue today")));
  ax_stat_card_set_value (card, "฿1,234.00");
  ax_stat_card_set_change (card, "12% vs last Monday");
  ax_stat_card_set_trend (card, AX_STAT_TREND_UP);

  g_object_get (card, "title", &title, "trend", &trend, NULL);
  ck_assert_str_eq (title, "Revenue today");
  ck_assert_int_eq (trend, AX_STAT_TREND_UP);
  ck_assert_str_eq (ax_stat_card_get_value (card), "฿1,234.00");
  ck_assert_str_eq (ax_stat_card_get_change (card), "12% vs last Monday");

  g_assert_finalize_object (card);
}
END_TEST

/* The dashboard on a fixture store. */

static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (AX_IS_STAT_CARD (widget))
    g_ptr_array_add (cards, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_cards (c, cards);
}

static const char *
card_value (GtkWidget  *page,
            const char *title)
{
  g_autoptr (GPtrArray) cards = g_ptr_array_new ();

  collect_cards (page, cards);
  for (guint i = 0; i < cards->len; i++)
    if (g_strcmp0 (ax_stat_card_get_title (cards->pdata[i]), title) == 0)
      return ax_stat_card_get_value (cards->pdata[i]);
  return NULL;
}

static const char *want_patients;

static gboolean
patients_shown (gpointer page)
{
  return g_strcmp0 (card_value (page, "New patients this month"), want_patients) == 0;
}

static gboolean
is_null (gpointer location)
{
  return *(gpointer *) location == NULL;
}

START_TEST (test_dashboard_page)
{
  AxFixture f;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (AxContext) context = NULL;
  g_autoptr (JsonNode) r = NULL;
  GtkWidget *window;
  GtkWidget *page;

  ax_fixture_setup (&f);
  r = ax_fixture_mutate (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  settings = g_settings_new (AX_APP_ID);
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[OWNER]);

  page = ax_dashboard_page_new (context);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));   /* shown: it loads */

  want_patients = "1";
  ck_assert_msg (ax_ui_spin_until (patients_shown, page), "the dashboard did not load");
  ck_assert_str_eq (card_value (page, "Appointments today"), "0");
  ck_assert_str_eq (card_value (page, "Revenue today"), "฿0.00");
  ck_assert_str_eq (card_value (page, "Stock alerts"), "0");

  /* A change to the store reloads the page it shows. */
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Ploy\"}");
  want_patients = "2";
  ck_assert_msg (ax_ui_spin_until (patients_shown, page), "the dashboard did not follow the store");

  /* Closing the window frees the page, even with a query on its way. */
  ax_dashboard_page_reload (AX_DASHBOARD_PAGE (page));
  gtk_window_destroy (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (is_null, &page), "the dashboard page was not freed");

  g_clear_object (&context);
  ax_fixture_teardown (&f);
}
END_TEST

/* The day view alone: its layout follows its allocation, it selects with the
 * keyboard's actions, finds a free slot and where to point at it, draws,
 * keeps the selection over new data, and goes with its window. */

#define MIDNIGHT_S G_GINT64_CONSTANT (1741539600) /* 2025-03-10 00:00 in Bangkok, a Monday */
#define AT(h, m) ((MIDNIGHT_S + (h) * 3600 + (m) * 60) * 1000)

static AxAppointment *
test_appointment (const char *id,
                  const char *provider,
                  gint64      start,
                  gint64      end)
{
  /* AxAppointment is refcounted with g_atomic_rc_box (ax-appointments-query.c). */
  AxAppointment *a = g_atomic_rc_box_new0 (AxAppointment);

  a->id = g_strdup (id);
  a->patient_name = g_strdup ("Anong Srisuk");
  a->provider_id = g_strdup (provider);
  a->start_ms = start;
  a->end_ms = end;
  a->status = AX_APPT_BOOKED;
  a->services = g_strdup ("Botox forehead");
  return a;
}

static AxCalendarData *
test_day (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GDateTime) day = g_date_time_new (tz, 2025, 3, 10, 12, 0, 0);
  AxCalendarData *data = ax_calendar_data_new (tz, day, 1);
  g_autoptr (GArray) hours = g_array_new (FALSE, FALSE, sizeof (AxWorkBlock));
  AxWorkBlock work = { 1, 9 * 60, 18 * 60, FALSE };
  const char *ids[] = { "p1", "p2" };

  g_array_append_val (hours, work);
  for (int i = 0; i < 2; i++)
    {
      AxResource *p = g_new0 (AxResource, 1);

      p->id = g_strdup (ids[i]);
      p->name = g_strdup_printf ("Provider %d", i + 1);
      p->color = g_strdup ("#3584e4");
      g_ptr_array_add (data->providers, p);
      ax_calendar_data_set_hours (data, p->id, hours);
    }
  g_ptr_array_add (data->appointments, test_appointment ("a", "p1", AT (9, 0), AT (10, 0)));
  g_ptr_array_add (data->appointments, test_appointment ("b", "p2", AT (11, 0), AT (11, 30)));
  return data;
}

static void
count_cb (gpointer user_data)
{
  (*(int *) user_data)++;
}

static gboolean
laid_out (gpointer view)
{
  return ax_calendar_canvas_get_layout (ax_view_get_canvas (view)) != NULL
         && gtk_widget_get_width (view) > 0;
}

START_TEST (test_day_view)
{
  g_autoptr (AxCalendarData) data = test_day ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ax_day_view_new ();
  const AxCalendarLayout *layout;
  GtkSnapshot *snapshot;
  g_autoptr (GskRenderNode) node = NULL;
  GdkRectangle rect;
  int changes = 0;
  guint day;
  gint64 start;

  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  gtk_window_set_default_size (GTK_WINDOW (window), 56 + 2 * 200, 700);
  gtk_window_set_child (GTK_WINDOW (window), view);
  ax_view_set_data (AX_VIEW (view), data);
  g_signal_connect_swapped (view, "selection-changed", G_CALLBACK (count_cb), &changes);
  gtk_window_present (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (laid_out, view), "the day view was not laid out");

  layout = ax_calendar_canvas_get_layout (ax_view_get_canvas (AX_VIEW (view)));
  ck_assert_uint_eq (layout->n_columns, 2);
  ck_assert_uint_eq (layout->blocks->len, 2);
  ck_assert_double_eq (layout->view_width, gtk_widget_get_width (view));

  /* Down selects the first appointment, then the next; Up goes back. */
  ck_assert_ptr_null (ax_view_get_selected (AX_VIEW (view)));
  gtk_widget_activate_action (view, "view.select-next", NULL);
  ck_assert_str_eq (ax_view_get_selected (AX_VIEW (view))->id, "a");
  gtk_widget_activate_action (view, "view.select-next", NULL);
  ck_assert_str_eq (ax_view_get_selected (AX_VIEW (view))->id, "b");
  gtk_widget_activate_action (view, "view.select-previous", NULL);
  ck_assert_str_eq (ax_view_get_selected (AX_VIEW (view))->id, "a");
  ck_assert_int_eq (changes, 3);

  /* Provider 1 is busy 9–10: the first free half hour is 10:00. */
  ck_assert (ax_view_find_free_slot (AX_VIEW (view), 0, AT (8, 0), 30, &day, &start));
  ck_assert_int_eq (start, AT (10, 0));
  ck_assert (ax_view_slot_rect (AX_VIEW (view), 0, 0, AT (10, 0), AT (10, 30), &rect));
  ck_assert_int_ge (rect.x, 56);
  ck_assert_int_gt (rect.height, 10);
  ck_assert_int_le (rect.x + rect.width, gtk_widget_get_width (view));

  /* It draws: its snapshot makes a cairo node the size of the view. */
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  ck_assert_ptr_nonnull (node);
  ck_assert_int_eq (gsk_render_node_get_node_type (node), GSK_CAIRO_NODE);
  {
    graphene_rect_t bounds;
    gsk_render_node_get_bounds (node, &bounds);
    ck_assert_double_eq (bounds.size.width, gtk_widget_get_width (view));
  }

  /* New data keeps the selection when the appointment is still there. */
  {
    g_autoptr (AxCalendarData) again = test_day ();
    ax_view_set_data (AX_VIEW (view), again);
    ck_assert_str_eq (ax_view_get_selected (AX_VIEW (view))->id, "a");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (is_null, &view), "the day view was not freed");
}
END_TEST

/* The calendar page on a fixture store: it shows today's booking, its
 * actions follow the selection and change the store, Ctrl+Z's action undoes
 * them, a refused move offers "Book Anyway" and "Overbook…" and retries, and
 * the page goes with its window even with a load on its way. */

static char *page_appt_id;

static gboolean
appointment_shown (gpointer page)
{
  AxView *view = ax_calendar_page_get_view (AX_CALENDAR_PAGE (page));
  AxCalendarData *data = ax_view_get_data (view);

  return data != NULL && ax_calendar_data_find_appointment (data, page_appt_id) != NULL;
}

static const char *want_status;
static gint64 want_start;

static gboolean
start_shown (gpointer page)
{
  AxAppointment *appt = ax_view_get_selected (ax_calendar_page_get_view (AX_CALENDAR_PAGE (page)));

  return appt != NULL && appt->start_ms == want_start;
}

static gboolean
status_shown (gpointer page)
{
  AxAppointment *appt = ax_view_get_selected (ax_calendar_page_get_view (AX_CALENDAR_PAGE (page)));

  return appt != NULL
         && g_strcmp0 (ax_appointment_status_to_string (appt->status), want_status) == 0;
}

static char *
stored_status (AxFixture  *f,
               const char *id)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f->store),
                                      "SELECT status FROM appointments WHERE id = ?", NULL);
  char *status = NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return status;
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static const char *want_dialog;

static gboolean
dialog_shown (gpointer unused)
{
  return find_dialog (want_dialog) != NULL;
}

/* Answers the dialog as a click on one of its buttons would. */
static void
answer (const char *heading,
        const char *response,
        const char *reason)
{
  AdwMessageDialog *dialog;

  want_dialog = heading;
  ck_assert_msg (ax_ui_spin_until (dialog_shown, NULL), "no dialog “%s”", heading);
  dialog = find_dialog (heading);
  if (reason != NULL)
    {
      GtkWidget *list = adw_message_dialog_get_extra_child (dialog);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);

      ck_assert (!adw_message_dialog_get_response_enabled (dialog, response));
      gtk_editable_set_text (GTK_EDITABLE (row), reason);
    }
  ck_assert (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static char *
stored_text (AxFixture  *f,
             const char *sql,
             const char *id)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f->store), sql, NULL);
  char *text = NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

START_TEST (test_calendar_page)
{
  AxFixture f;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (AxContext) context = NULL;
  g_autofree char *lee = NULL;
  g_autofree char *patient = NULL;
  g_autofree char *args = NULL;
  g_autofree char *status = NULL;
  GtkWidget *window;
  GtkWidget *page;

  ax_fixture_setup (&f);
  lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  /* Tuesdays 13:00–18:00. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"provider_id\": \"%s\", \"weekday\": 2, \"start_min\": 780, "
                          "\"end_min\": 1080}", lee);
  json_node_unref (ax_fixture_mutate (&f, OWNER, "working_hours.add", args));
  g_clear_pointer (&args, g_free);
  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                  "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  /* Today (the fixture's Tuesday) at 11:00, outside any working hours: booked anyway. */
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"start_at\": %"
                          G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT
                          ", \"book_anyway\": true}", patient, lee,
                          AX_FIXTURE_NOW_MS + 30 * 60000, AX_FIXTURE_NOW_MS + 60 * 60000);
  page_appt_id = ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", args);

  settings = g_settings_new (AX_APP_ID);
  g_settings_set_string (settings, "calendar-view", "day");
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[FRONT_DESK]);
  page = ax_calendar_page_new (context);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  ck_assert_msg (ax_ui_spin_until (appointment_shown, page), "the calendar did not load today");
  /* Nothing selected: checking in does nothing. */
  gtk_widget_activate_action (page, "calendar.check-in", NULL);
  status = stored_status (&f, page_appt_id);
  ck_assert_str_eq (status, "booked");
  g_clear_pointer (&status, g_free);

  /* Selected, it can be checked in; the store follows, and so does the view. */
  ax_view_select (ax_calendar_page_get_view (AX_CALENDAR_PAGE (page)), page_appt_id);
  ck_assert (gtk_widget_activate_action (page, "calendar.check-in", NULL));
  status = stored_status (&f, page_appt_id);
  ck_assert_str_eq (status, "checked_in");
  want_status = "checked_in";
  ck_assert_msg (ax_ui_spin_until (status_shown, page), "the view did not follow the check-in");

  /* Undo puts it back. */
  ck_assert (gtk_widget_activate_action (page, "calendar.undo", NULL));
  g_clear_pointer (&status, g_free);
  status = stored_status (&f, page_appt_id);
  ck_assert_str_eq (status, "booked");
  want_status = "booked";
  ck_assert_msg (ax_ui_spin_until (status_shown, page), "the view did not follow the undo");

  /* Dr Lee works from 13:00: a move to 12:00 asks whether to book anyway. */
  {
    AxAppointment *appt = ax_view_get_selected (ax_calendar_page_get_view (AX_CALENDAR_PAGE (page)));
    g_autofree char *outside = NULL;
    g_autofree char *reason = NULL;
    g_autofree char *other = NULL;
    g_autofree char *more = NULL;
    g_autofree char *start = NULL;

    ck_assert_ptr_nonnull (appt);
    ax_calendar_page_move_requested (AX_CALENDAR_PAGE (page), appt,
                                     AX_FIXTURE_NOW_MS + 90 * 60000, AX_FIXTURE_NOW_MS + 120 * 60000,
                                     lee, NULL);
    answer ("Outside Working Hours", "book-anyway", NULL);
    outside = stored_text (&f, "SELECT outside_hours || ' ' || start_at FROM appointments "
                               "WHERE id = ?", page_appt_id);
    start = g_strdup_printf ("1 %" G_GINT64_FORMAT, AX_FIXTURE_NOW_MS + 90 * 60000);
    ck_assert_str_eq (outside, start);

    /* Onto another booking of his: taken; the front desk may overbook with a reason. */
    more = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"start_at\": %"
                            G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT
                            ", \"book_anyway\": true}", patient, lee,
                            AX_FIXTURE_NOW_MS + 180 * 60000, AX_FIXTURE_NOW_MS + 210 * 60000);
    other = ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", more);
    /* The move's "from" is what the view shows: wait for it to show the move. */
    want_start = AX_FIXTURE_NOW_MS + 90 * 60000;
    ck_assert_msg (ax_ui_spin_until (start_shown, page), "the view did not follow the move");
    appt = ax_view_get_selected (ax_calendar_page_get_view (AX_CALENDAR_PAGE (page)));
    ax_calendar_page_move_requested (AX_CALENDAR_PAGE (page), appt,
                                     AX_FIXTURE_NOW_MS + 180 * 60000,
                                     AX_FIXTURE_NOW_MS + 210 * 60000, lee, NULL);
    answer ("Time Not Free", "overbook", NULL);
    answer ("Overbook", "overbook", "VIP, the doctor agreed");
    reason = stored_text (&f, "SELECT overbook_reason FROM appointments WHERE id = ?",
                          page_appt_id);
    ck_assert_str_eq (reason, "VIP, the doctor agreed");
  }

  ax_calendar_page_reload (AX_CALENDAR_PAGE (page));
  gtk_window_destroy (GTK_WINDOW (window));
  ck_assert_msg (ax_ui_spin_until (is_null, &page), "the calendar page was not freed");

  g_clear_pointer (&page_appt_id, g_free);
  g_clear_object (&context);
  ax_fixture_teardown (&f);
}
END_TEST

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Saves the window's content as NAME in the build directory (to look at). */
static void
save_widget (GtkWidget  *content,
             const char *name)
{
  const char *builddir = g_getenv ("AX_BUILDDIR");
  g_autofree char *path = g_build_filename (builddir ? builddir : ".", name, NULL);
  GtkNative *native = gtk_widget_get_native (content);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (content);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  gint64 until = g_get_monotonic_time () + 300 * 1000;
  int width, height;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  width = gtk_widget_get_width (content);
  height = gtk_widget_get_height (content);
  ck_assert_int_gt (width, 0);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  ck_assert_ptr_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  ck_assert (gdk_texture_save_to_png (texture, path));
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  save_widget (gtk_window_get_child (GTK_WINDOW (window)), name);
}

typedef struct
{
  AxSyncEngine *engine;
  gboolean      done;
} SyncRun;

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ((SyncRun *) data)->done = TRUE;
  ax_sync_engine_sync_finish (AX_SYNC_ENGINE (source), result, NULL);
}

static gboolean
sync_done (gpointer data)
{
  return ((SyncRun *) data)->done;
}

/* The shell's header follows the context's sync engine: Standalone, then
 * the waiting change, then offline with the time it went away. Saves
 * sync-header.png in the build directory. */
START_TEST (test_sync_indicator_in_header)
{
  AxFixture f;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (AxContext) context = NULL;
  g_autoptr (AxSyncClient) client = ax_sync_client_new ("http://127.0.0.1:1");
  g_autoptr (AxSyncEngine) engine = NULL;
  g_autoptr (JsonNode) r = NULL;
  GtkWidget *window, *shell, *indicator;
  SyncRun run = { 0 };

  ax_fixture_setup (&f);
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE outbox SET state = 'applied'", NULL));
  settings = g_settings_new (AX_APP_ID);
  g_settings_set_string (settings, "last-page", "dashboard");
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[AX_ROLE_OWNER]);
  shell = ax_shell_new (context);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), shell);
  gtk_window_present (GTK_WINDOW (window));

  indicator = find_widget (shell, AX_TYPE_SYNC_INDICATOR);
  ck_assert_ptr_nonnull (indicator);
  ck_assert (gtk_widget_get_mapped (indicator));
  ck_assert_str_eq (ax_sync_indicator_get_text (AX_SYNC_INDICATOR (indicator)), "Standalone");

  engine = ax_sync_engine_new (f.store, client);
  ax_context_set_sync_engine (context, engine);
  ck_assert_str_eq (ax_sync_indicator_get_text (AX_SYNC_INDICATOR (indicator)), "Not yet synced");
  r = ax_fixture_mutate (&f, AX_ROLE_FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  ck_assert_str_eq (ax_sync_indicator_get_text (AX_SYNC_INDICATOR (indicator)), "1 change waiting");

  ax_sync_client_set_tokens (client, "a-token", NULL);
  ax_sync_engine_sync_async (engine, NULL, synced_cb, &run);
  ck_assert (ax_ui_spin_until (sync_done, &run));
  ck_assert_msg (g_str_has_prefix (ax_sync_indicator_get_text (AX_SYNC_INDICATOR (indicator)), "Offline since ")
                 && g_str_has_suffix (ax_sync_indicator_get_text (AX_SYNC_INDICATOR (indicator)),
                                      " · 1 change waiting"),
                 "%s", ax_sync_indicator_get_text (AX_SYNC_INDICATOR (indicator)));
  ck_assert (strstr (gtk_widget_get_tooltip_text (indicator), "cannot be reached") != NULL);
  save_screenshot (window, "sync-header.png");

  ax_context_set_sync_engine (context, NULL);
  ck_assert_str_eq (ax_sync_indicator_get_text (AX_SYNC_INDICATOR (indicator)), "Standalone");
  gtk_window_destroy (GTK_WINDOW (window));
  ax_fixture_teardown (&f);
}
END_TEST

static gboolean
focus_in_page (gpointer data)
{
  GtkWidget **w = data;   /* window, page */
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (w[0]));

  return focus != NULL && gtk_widget_is_ancestor (focus, w[1]);
}

/* Alt+N (shell.show-page) takes the keyboard into the page, so that the
 * page's own shortcuts (Alt+Page Up on Sales) work at once; a page that
 * does not take focus itself gives it to its first control. */
START_TEST (test_page_keys_take_focus)
{
  AxFixture f;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (AxContext) context = NULL;
  g_autoptr (GPtrArray) pages = ax_pages_for_role (AX_ROLE_BILLING);
  GtkWidget *window, *shell, *w[2];
  int sales = -1;

  ax_fixture_setup (&f);
  settings = g_settings_new (AX_APP_ID);
  g_settings_set_string (settings, "last-page", "dashboard");
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[AX_ROLE_BILLING]);
  shell = ax_shell_new (context);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), shell);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (((const AxPageInfo *) pages->pdata[i])->id, "sales") == 0)
      sales = (int) i;
  ck_assert_int_ge (sales, 0);

  ck_assert (gtk_widget_activate_action (shell, "shell.show-page", "i", sales));
  w[0] = window;
  w[1] = find_widget (shell, AX_TYPE_SALES_PAGE);
  ck_assert_ptr_nonnull (w[1]);
  ck_assert_msg (ax_ui_spin_until (focus_in_page, w), "the focus is not in the Sales page");
  gtk_window_destroy (GTK_WINDOW (window));
  ax_fixture_teardown (&f);
}
END_TEST

/* A mutation as the clinic server applies a pushed one (a batch, the desk's
 * stamp): how conflicts are born. */
static void
replay (AxFixture  *f,
        const char *name,
        const char *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (args, NULL);
  g_autoptr (JsonNode) result = NULL;
  AxHlc clock = { .wall_ms = AX_FIXTURE_NOW_MS + 60000 };
  char hlc[AX_HLC_STRLEN];

  g_strlcpy (clock.node, "0123456789ab", sizeof clock.node);
  ax_hlc_format (&clock, hlc);
  ck_assert (ax_db_begin (ax_store_get_db (f->store), NULL));
  result = ax_store_mutate_in_batch (f->store, f->actors[AX_ROLE_FRONT_DESK], name, node, hlc, TRUE, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert (ax_db_commit (ax_store_get_db (f->store), NULL));
}

static gboolean
count_is (gpointer data)
{
  gpointer *d = data;

  return ax_conflicts_button_get_count (d[0]) == GPOINTER_TO_UINT (d[1]);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_width (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0;
}

/* The header's conflicts badge: hidden with none, "2 conflicts" with a
 * field and a booking conflict, the list with base, mine and theirs, and
 * Keep Mine resolving one as a new mutation. Saves conflicts.png. */
START_TEST (test_conflicts_button)
{
  AxFixture f;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (AxContext) context = NULL;
  g_autofree char *p = NULL, *q = NULL, *lee = NULL, *args = NULL;
  g_autoptr (JsonNode) r = NULL;
  GtkWidget *window, *shell, *badge, *keep;
  GtkPopover *popover;
  gpointer wait[2];
  char id1[AX_UUID_STRLEN], id2[AX_UUID_STRLEN];

  ax_fixture_setup (&f);
  p = ax_fixture_mutate_id (&f, AX_ROLE_FRONT_DESK, "patient.create", "{\"first_name\": \"Ganya\"}");
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"first_name\": \"Kanya\"}, "
                          "\"from\": {\"first_name\": \"Ganya\"}}", p);
  r = ax_fixture_mutate (&f, AX_ROLE_FRONT_DESK, "patient.update", args);
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"first_name\": \"Ganyaa\"}, "
                          "\"from\": {\"first_name\": \"Ganya\"}}", p);
  replay (&f, "patient.update", args);

  lee = ax_fixture_mutate_id (&f, AX_ROLE_OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  q = ax_fixture_mutate_id (&f, AX_ROLE_FRONT_DESK, "patient.create", "{\"first_name\": \"Itsara\"}");
  ax_uuid_v7 (id1);
  ax_uuid_v7 (id2);
  for (int i = 0; i < 2; i++)
    {
      g_free (args);
      args = g_strdup_printf ("{\"id\": \"%s\", \"patient_id\": \"%s\", \"provider_id\": \"%s\", "
                              "\"start_at\": %" G_GINT64_FORMAT ", \"end_at\": %" G_GINT64_FORMAT ", "
                              "\"book_anyway\": true}", i ? id2 : id1, i ? q : p, lee,
                              AX_FIXTURE_NOW_MS + 3600000, AX_FIXTURE_NOW_MS + 5400000);
      if (i == 0)
        {
          g_autoptr (JsonNode) b = ax_fixture_mutate (&f, AX_ROLE_FRONT_DESK, "appointment.book", args);
        }
      else
        replay (&f, "appointment.book", args);
    }

  settings = g_settings_new (AX_APP_ID);
  g_settings_set_string (settings, "last-page", "dashboard");
  context = ax_context_new (f.store, settings);
  ax_context_set_actor (context, f.actors[AX_ROLE_FRONT_DESK]);
  shell = ax_shell_new (context);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), shell);
  gtk_window_present (GTK_WINDOW (window));

  badge = find_widget (shell, AX_TYPE_CONFLICTS_BUTTON);
  ck_assert_ptr_nonnull (badge);
  wait[0] = badge;
  wait[1] = GUINT_TO_POINTER (2);
  ck_assert (ax_ui_spin_until (count_is, wait));
  ck_assert (gtk_widget_get_visible (badge));

  popover = GTK_POPOVER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (gtk_widget_get_first_child (badge))));
  /* No grab: another test's window on the same display may have the focus. */
  gtk_popover_set_autohide (popover, FALSE);
  gtk_popover_popup (popover);
  /* Mapped and laid out (later on a busy display). */
  ck_assert (ax_ui_spin_until (has_width, gtk_popover_get_child (popover)));
  save_screenshot (window, "conflicts-header.png");
  save_widget (gtk_popover_get_child (popover), "conflicts.png");

  keep = find_button (GTK_WIDGET (popover), "Keep Mine");
  ck_assert_ptr_nonnull (keep);
  g_signal_emit_by_name (keep, "clicked");
  wait[1] = GUINT_TO_POINTER (1);
  ck_assert (ax_ui_spin_until (count_is, wait));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patients WHERE first_name = 'Ganyaa'"), 1);

  keep = find_button (GTK_WIDGET (popover), "Cancel Booking");
  ck_assert_ptr_nonnull (keep);
  g_signal_emit_by_name (keep, "clicked");
  wait[1] = GUINT_TO_POINTER (0);
  ck_assert (ax_ui_spin_until (count_is, wait));
  ck_assert (!gtk_widget_get_visible (badge));

  gtk_window_destroy (GTK_WINDOW (window));
  ax_fixture_teardown (&f);
}
END_TEST

/* The app's style sheets parse without one error or warning (GTK would
 * print them, and drop the rules, at every start). */
static void
css_parsing_error_cb (GtkCssProvider *provider,
                      GtkCssSection  *section,
                      const GError   *error,
                      GString        *errors)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_string_append_printf (errors, "%s: %s\n", where, error->message);
}

static void
collect_css (const char *dir,
             GPtrArray  *paths)
{
  g_auto (GStrv) children = g_resources_enumerate_children (dir, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (dir, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        collect_css (path, paths);
      else if (g_str_has_suffix (children[i], ".css"))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

START_TEST (test_css_parses_cleanly)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GtkCssProvider) broken = gtk_css_provider_new ();
  g_autoptr (GString) errors = g_string_new (NULL);

  init_gtk ();
  collect_css ("/org/aesthetix/Aesthetix/", paths);
  ck_assert_msg (paths->len >= 1, "no style sheet in the app's resources");

  /* The handler does catch a bad sheet. */
  g_signal_connect (broken, "parsing-error", G_CALLBACK (css_parsing_error_cb), errors);
  gtk_css_provider_load_from_data (broken, ".card { colour: red; margin: 1px 2px 3px 4px 5px; }", -1);
  ck_assert_msg (errors->len > 0, "a bad style sheet gave no parsing error");
  g_string_truncate (errors, 0);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

      g_signal_connect (provider, "parsing-error", G_CALLBACK (css_parsing_error_cb), errors);
      gtk_css_provider_load_from_resource (provider, paths->pdata[i]);
      ck_assert_msg (errors->len == 0, "%s:\n%s", (char *) paths->pdata[i], errors->str);
    }
}
END_TEST


int
main (void)
{
  const TTest *tests[] = { test_card_grid_columns, test_stat_card, test_dashboard_page,
                           test_day_view, test_calendar_page, test_sync_indicator_in_header,
                           test_conflicts_button, test_page_keys_take_focus, test_css_parses_cleanly };
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
  /* One process for every case: forking a fresh child per case made GTK's
   * connection to the X server fail now and then (one run in four under
   * Xvfb). Each case still builds its own store, context and window. */
  g_setenv ("CK_FORK", "no", FALSE);
  return ax_test_run ("widgets", init_gtk, NULL, tests, G_N_ELEMENTS (tests));
}
