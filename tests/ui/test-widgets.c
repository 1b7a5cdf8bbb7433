/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widgets built alone, each on its own context and store: their layout, what
 * they show, that they follow the store, and that they are freed. Needs an X
 * display (skipped, 77, without one). */
#include <adwaita.h>

#include "model/ax-fixture.h"
#include "ax-context.h"
#include "dashboard/ax-dashboard-page.h"
#include "widgets/ax-card-grid.h"
#include "widgets/ax-stat-card.h"

#define SKIP 77

static void
init_gtk (void)
{
  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
}

/* Runs the main loop until done() holds or 10 s pass. */
static gboolean
spin_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
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
  ck_assert_msg (spin_until (patients_shown, page), "the dashboard did not load");
  ck_assert_str_eq (card_value (page, "Appointments today"), "0");
  ck_assert_str_eq (card_value (page, "Revenue today"), "฿0.00");
  ck_assert_str_eq (card_value (page, "Stock alerts"), "0");

  /* A change to the store reloads the page it shows. */
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Ploy\"}");
  want_patients = "2";
  ck_assert_msg (spin_until (patients_shown, page), "the dashboard did not follow the store");

  /* Closing the window frees the page, even with a query on its way. */
  ax_dashboard_page_reload (AX_DASHBOARD_PAGE (page));
  gtk_window_destroy (GTK_WINDOW (window));
  ck_assert_msg (spin_until (is_null, &page), "the dashboard page was not freed");

  g_clear_object (&context);
  ax_fixture_teardown (&f);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_card_grid_columns, test_stat_card, test_dashboard_page };
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
  return ax_test_run ("widgets", init_gtk, NULL, tests, G_N_ELEMENTS (tests));
}
