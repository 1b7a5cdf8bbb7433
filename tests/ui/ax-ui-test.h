/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the page tests share: the app's style sheet on the display, spinning
 * the main loop until something shows, finding widgets and forms as a person
 * would see them, and saving what a widget shows as AX_SHOT_DIR/name. */

#include <adwaita.h>

#include "ax-test.h"
#include "ax-auth.h"
#include "ax-demo.h"
#include "widgets/ax-form-dialog.h"

static inline void
ax_ui_test_init (void)
{
  static GtkCssProvider *css;

  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
  if (css == NULL)
    {
      css = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (css, "/org/aesthetix/Aesthetix/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}

static inline gboolean
ax_ui_spin_until (gboolean (*done) (gpointer),
                  gpointer   data)
{
  /* Generous: a loaded machine reads a photo or a day of sales slowly. */
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static inline void
ax_ui_spin_for (int ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static inline gboolean
ax_ui_is_null (gpointer location)
{
  return *(gpointer *) location == NULL;
}

/* The first visible-or-not descendant of type (a button: with that label). */
static inline GtkWidget *
ax_ui_find (GtkWidget  *widget,
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
      found = ax_ui_find (child, type, button_label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every descendant of type, in order. */
static inline void
ax_ui_find_all (GtkWidget *widget,
                GType      type,
                GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      ax_ui_find_all (child, type, out);
    }
}

/* A visible toplevel of type whose title (a message dialog's heading) is title. */
static inline GtkWindow *
ax_ui_find_toplevel (GType       type,
                     const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);
      const char *shown = ADW_IS_MESSAGE_DIALOG (window)
                            ? adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window))
                            : gtk_window_get_title (window);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_strcmp0 (shown, title) == 0)
        return window;
    }
  return NULL;
}

static inline gboolean
ax_ui_message_shown (gpointer heading)
{
  return ax_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, heading) != NULL;
}

/* Waits for the message dialog with that heading. */
static inline AdwMessageDialog *
ax_ui_wait_message (const char *heading)
{
  ck_assert_msg (ax_ui_spin_until (ax_ui_message_shown, (gpointer) heading), "no dialog “%s”",
                 heading);
  return ADW_MESSAGE_DIALOG (ax_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, heading));
}

static inline AxFormDialog *
ax_ui_find_form (const char *title)
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

static inline gboolean
ax_ui_form_shown (gpointer title)
{
  return ax_ui_find_form (title) != NULL;
}

static inline AxFormDialog *
ax_ui_wait_form (const char *title)
{
  ck_assert_msg (ax_ui_spin_until (ax_ui_form_shown, (gpointer) title), "no form %s", title);
  return ax_ui_find_form (title);
}

static inline void
ax_ui_set_text (AxFormDialog *form,
                const char   *key,
                const char   *text)
{
  GtkWidget *field = ax_form_dialog_get_field (form, key);

  ck_assert_msg (field != NULL, "no field %s", key);
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

static inline void
ax_ui_save_png (GtkWidget  *widget,
                const char *name)
{
  const char *dir = g_getenv ("AX_SHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int w, h;

  if (dir == NULL)
    return;
  ax_ui_spin_for (400);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  ck_assert_ptr_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (dir, name, NULL);
  ck_assert (gdk_texture_save_to_png (texture, path));
}

/* For pictures of a page on the demo clinic (only with AX_SHOT_DIR set):
 * a demo store seeded in dir, and its owner logged in. */
static inline AxStore *
ax_ui_demo_store (const char *dir,
                  AxActor   **owner)
{
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr (GError) error = NULL;
  AxDemoOptions options = { .patients = 200 };
  AxStore *store = ax_store_open (path, &error);

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  ck_assert_msg (ax_demo_seed (store, &options, NULL, &error), "%s", error ? error->message : "");
  ax_store_reload_clinic (store);
  *owner = ax_auth_login (store, "owner", AX_DEMO_PASSWORD, &error);
  ck_assert_msg (*owner != NULL, "%s", error ? error->message : "");
  return store;
}

/* The environment every page test runs in; 77 (skip) without a display. */
static inline int
ax_ui_test_main (const char   *name,
                 void        (*setup) (void),
                 void        (*teardown) (void),
                 const TTest **tests,
                 gsize         n_tests)
{
  const char *builddir = g_getenv ("AX_BUILDDIR");

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display\n");
      return 77;
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
  return ax_test_run (name, setup, teardown, tests, n_tests);
}
