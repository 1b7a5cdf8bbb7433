/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The record's Photos tab on a fixture store: its empty state, two photos
 * imported through the tab (off the main thread) and shown as thumbnails,
 * a view tag changed in place, the viewer (marketing consent, remove), the
 * before and after comparison in its three modes, and what the Medical
 * Director may not do; and a photo whose original is not on this desk, in
 * the viewer, the comparison and the face chart: the thumbnail at once, a
 * note while the clinic server cannot be reached, the original swapped in
 * when it comes. Saves photos-tab.png, photos-viewer.png,
 * photos-compare-{side,slider,ghost}.png and photos-{viewer,compare,face}-offline.png
 * in the build directory.
 * Needs an X display (skipped, 77, without one). */
#include <adwaita.h>
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-test-photos.h"
#include "ax-context.h"
#include "chart/ax-chart-face.h"
#include "photos/ax-photo-compare.h"
#include "photos/ax-photo-loader.h"
#include "photos/ax-photo-viewer.h"
#include "photos/ax-photos-tab.h"
#include "ax-blob-store.h"
#include "ax-ui-test.h"
#include <glib/gstdio.h>

#define SKIP 77

static AxFixture f;
static char *patient_id;

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

static gboolean
tab_idle (gpointer tab)
{
  return !ax_photos_tab_is_busy (tab);
}

static gboolean
thumbnails_shown (gpointer tab)
{
  return !ax_photos_tab_is_busy (tab)
         && ax_photos_tab_get_n_thumbnails_shown (tab) == ax_photos_tab_get_n_photos (tab);
}

static gboolean
viewer_loaded (gpointer viewer)
{
  return ax_photo_viewer_is_loaded (viewer);
}

static gboolean
compare_ready (gpointer compare)
{
  return ax_photo_compare_is_ready (compare);
}

/* Renders a window as it is drawn into build/<name>. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *builddir = g_getenv ("AX_BUILDDIR");
  g_autofree char *path = g_build_filename (builddir ? builddir : ".", name, NULL);
  /* The window's content (a toplevel's own paintable draws nothing). */
  GtkWidget *content = ADW_IS_WINDOW (window) ? adw_window_get_content (ADW_WINDOW (window))
                                              : gtk_window_get_child (GTK_WINDOW (window));
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (content);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GdkRGBA background = { 0.98, 0.98, 0.98, 1 };
  int width, height;

  ax_ui_spin_for (300);
  width = gtk_widget_get_width (content);
  height = gtk_widget_get_height (content);
  ck_assert_int_gt (width, 0);
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  ck_assert_ptr_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  ck_assert (gdk_texture_save_to_png (texture, path));
}

/* Presses a key on a widget's key controller. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0,
                               &handled);
    }
  return handled;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* A tab on its own context in a window of its own. */
typedef struct
{
  AxContext   *context;
  GtkWidget   *window;
  AxPhotosTab *tab;
} Desk;

static void
desk_open (Desk  *desk,
           AxRole role)
{
  g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);

  desk->context = ax_context_new (f.store, settings);
  ax_context_set_actor (desk->context, f.actors[role]);
  desk->tab = AX_PHOTOS_TAB (ax_photos_tab_new (desk->context));
  g_object_add_weak_pointer (G_OBJECT (desk->tab), (gpointer *) &desk->tab);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 1000, 640);
  gtk_window_set_child (GTK_WINDOW (desk->window), GTK_WIDGET (desk->tab));
  gtk_window_present (GTK_WINDOW (desk->window));
  ax_record_tab_show_patient (AX_RECORD_TAB (desk->tab), patient_id);
  ck_assert_msg (ax_ui_spin_until (tab_idle, desk->tab), "the photos did not load");
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ck_assert_msg (ax_ui_spin_until (is_null, &desk->tab), "the photos tab was not freed");
  g_clear_object (&desk->context);
}

static void
close_window (GtkWindow *window)
{
  GtkWindow *weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_destroy (window);
  ck_assert_msg (ax_ui_spin_until (is_null, &weak), "a window was not freed");
}

static char *
file_in_fixture (const char *name)
{
  return g_build_filename (f.dir, name, NULL);
}

static void
set_mtime_days_ago (const char *path,
                    int         days)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  guint64 when = AX_FIXTURE_NOW_MS / 1000 - (guint64) days * 86400;

  ck_assert (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, when,
                                          G_FILE_QUERY_INFO_NONE, NULL, NULL));
}

static void
import_two (Desk *desk)
{
  g_autofree char *before = file_in_fixture ("before.jpg");
  g_autofree char *after = file_in_fixture ("after.jpg");
  g_autoptr (GFile) a = g_file_new_for_path (before);
  g_autoptr (GFile) b = g_file_new_for_path (after);
  GFile *files[] = { a, b };

  /* Six weeks apart; the later one held upright (EXIF orientation 6). */
  ck_assert (ax_test_photo_save (before, "jpeg", 900, 1200, 0xf0b090));
  ck_assert (ax_test_photo_save_oriented (after, 1200, 900, 0xffe0d0, 6));
  set_mtime_days_ago (before, 42);
  set_mtime_days_ago (after, 1);
  ax_photos_tab_import_files (desk->tab, files, G_N_ELEMENTS (files));
  ck_assert (ax_photos_tab_is_busy (desk->tab));
  ck_assert_msg (ax_ui_spin_until (thumbnails_shown, desk->tab), "the imported thumbnails are not shown");
  ck_assert_uint_eq (ax_photos_tab_get_n_photos (desk->tab), 2);
  ck_assert_uint_eq (ax_photos_tab_get_n_thumbnails_shown (desk->tab), 2);
}

static void
choose_view (Desk       *desk,
             guint       index,
             const char *view_tag)
{
  GtkDropDown *chooser = ax_photos_tab_get_view_chooser (desk->tab, index);
  guint tag_index = 0;

  while (g_strcmp0 (ax_photo_view_tags[tag_index], view_tag) != 0)
    tag_index++;
  ck_assert_ptr_nonnull (chooser);
  gtk_drop_down_set_selected (chooser, tag_index);
  ck_assert_msg (ax_ui_spin_until (thumbnails_shown, desk->tab), "the grid did not reload");
}

START_TEST (test_import_tag_view_compare)
{
  Desk desk = { 0 };
  GtkWindow *viewer_window;
  AxPhotoViewer *viewer;
  AxPhotoCompare *compare;
  GtkWidget *marketing;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) fronts = NULL;

  desk_open (&desk, PROVIDER);
  ck_assert_uint_eq (ax_photos_tab_get_n_photos (desk.tab), 0);
  /* Nothing to compare yet. */
  ck_assert_ptr_null (ax_photos_tab_open_compare (desk.tab));

  import_two (&desk);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM photos WHERE view_tag IS NULL"), 2);
  /* Newest first: the upright one, turned. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT width FROM photos ORDER BY taken_at DESC LIMIT 1"), 900);

  /* A bad file among good ones is refused on its own. */
  {
    g_autofree char *gif = file_in_fixture ("scan.gif");
    g_autoptr (GFile) bad = g_file_new_for_path (gif);
    GFile *files[] = { bad };

    ck_assert (g_file_set_contents (gif, "GIF89a not really", -1, NULL));
    ax_photos_tab_import_files (desk.tab, files, 1);
    ck_assert_msg (ax_ui_spin_until (tab_idle, desk.tab), "the import did not end");
    ck_assert_uint_eq (ax_photos_tab_get_n_photos (desk.tab), 2);
  }

  choose_view (&desk, 0, "front");
  choose_view (&desk, 1, "front");
  fronts = ax_photos_query (ax_store_get_db (f.store), patient_id, "front", &error);
  ck_assert_uint_eq (fronts->len, 2);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'photo.update'"), 2);
  save_screenshot (desk.window, "photos-tab.png");

  /* The viewer: the photo, its details, marketing consent. */
  viewer_window = ax_photos_tab_open_photo (desk.tab, 0);
  viewer = AX_PHOTO_VIEWER (viewer_window);
  ck_assert_msg (ax_ui_spin_until (viewer_loaded, viewer), "the viewer did not show the photo");
  marketing = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (viewer), AX_TYPE_PHOTO_VIEWER,
                                                         "marketing_switch"));
  gtk_switch_set_active (GTK_SWITCH (marketing), TRUE);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM photos WHERE marketing_consent = 1"), 1);
  ck_assert (ax_photo_viewer_get_photo (viewer)->marketing_consent);
  save_screenshot (GTK_WIDGET (viewer_window), "photos-viewer.png");
  close_window (viewer_window);
  ck_assert_msg (ax_ui_spin_until (thumbnails_shown, desk.tab), "the grid did not reload");

  /* record.open-item ("photos", id) opens the photo by its id. */
  {
    AxPhoto *newest = fronts->pdata[0];
    GtkWindow *opened;

    ck_assert (ax_record_tab_open_item (AX_RECORD_TAB (desk.tab), newest->id));
    opened = find_toplevel (AX_TYPE_PHOTO_VIEWER);
    ck_assert_ptr_nonnull (opened);
    ck_assert_str_eq (ax_photo_viewer_get_photo (AX_PHOTO_VIEWER (opened))->id, newest->id);
    close_window (opened);
    ck_assert (!ax_record_tab_open_item (AX_RECORD_TAB (desk.tab),
                                         "019cd5a0-0000-7000-8000-00000000dead"));
  }

  /* Before and after. */
  compare = AX_PHOTO_COMPARE (ax_photos_tab_open_compare (desk.tab));
  ck_assert_ptr_nonnull (compare);
  ck_assert_msg (ax_ui_spin_until (compare_ready, compare), "the comparison did not show");
  save_screenshot (GTK_WIDGET (compare), "photos-compare-side.png");
  ax_photo_compare_set_mode (compare, AX_PHOTO_COMPARE_SLIDER);
  ck_assert_int_eq (ax_photo_compare_view_get_mode (ax_photo_compare_get_view (compare)),
                    AX_PHOTO_COMPARE_SLIDER);
  /* The arrow keys move the divider. */
  ck_assert (press_key (GTK_WIDGET (ax_photo_compare_get_view (compare)), GDK_KEY_Right));
  ck_assert_double_eq_tol (ax_photo_compare_view_get_position (ax_photo_compare_get_view (compare)),
                           0.55, 1e-9);
  ck_assert (press_key (GTK_WIDGET (ax_photo_compare_get_view (compare)), GDK_KEY_Left));
  ck_assert (press_key (GTK_WIDGET (ax_photo_compare_get_view (compare)), GDK_KEY_Left));
  ck_assert_double_eq_tol (ax_photo_compare_view_get_position (ax_photo_compare_get_view (compare)),
                           0.45, 1e-9);
  ck_assert (press_key (GTK_WIDGET (ax_photo_compare_get_view (compare)), GDK_KEY_Home));
  ck_assert_double_eq_tol (ax_photo_compare_view_get_position (ax_photo_compare_get_view (compare)),
                           0.0, 1e-9);
  ax_photo_compare_view_set_position (ax_photo_compare_get_view (compare), 0.35);
  save_screenshot (GTK_WIDGET (compare), "photos-compare-slider.png");
  ax_photo_compare_set_mode (compare, AX_PHOTO_COMPARE_GHOST);
  ax_photo_compare_view_set_opacity (ax_photo_compare_get_view (compare), 0.4);
  /* Its scale follows. */
  {
    GtkAdjustment *adj = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (compare),
                                                                        AX_TYPE_PHOTO_COMPARE,
                                                                        "opacity_adjustment"));
    ck_assert_double_eq_tol (gtk_adjustment_get_value (adj), 0.4, 1e-9);
  }
  save_screenshot (GTK_WIDGET (compare), "photos-compare-ghost.png");
  close_window (GTK_WINDOW (compare));

  /* Removed from the viewer, after the confirmation: gone from the grid. */
  viewer_window = ax_photos_tab_open_photo (desk.tab, 1);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (viewer_window), "viewer.remove", NULL));
  {
    AdwMessageDialog *confirm = NULL;
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while ((confirm = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) == NULL
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    ck_assert_ptr_nonnull (confirm);
    adw_message_dialog_response (confirm, "remove");
  }
  ck_assert_msg (ax_ui_spin_until (thumbnails_shown, desk.tab), "the grid did not reload");
  ck_assert_uint_eq (ax_photos_tab_get_n_photos (desk.tab), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM photos WHERE deleted_at IS NOT NULL"), 1);
  {
    GtkWindow *still = find_toplevel (AX_TYPE_PHOTO_VIEWER);
    if (still != NULL)
      close_window (still);
  }
  desk_close (&desk);
}
END_TEST

START_TEST (test_director_reads_only)
{
  Desk desk = { 0 };
  Desk provider = { 0 };

  desk_open (&provider, PROVIDER);
  import_two (&provider);
  desk_close (&provider);

  desk_open (&desk, DIRECTOR);
  ck_assert_msg (ax_ui_spin_until (thumbnails_shown, desk.tab), "the thumbnails are not shown");
  ck_assert_uint_eq (ax_photos_tab_get_n_photos (desk.tab), 2);
  ck_assert (!gtk_widget_get_sensitive (GTK_WIDGET (ax_photos_tab_get_view_chooser (desk.tab, 0))));
  /* Importing is refused: nothing happens. */
  ck_assert (!gtk_widget_activate_action (GTK_WIDGET (desk.tab), "photos.import", NULL)
             || find_toplevel (GTK_TYPE_FILE_CHOOSER_NATIVE) == NULL);
  desk_close (&desk);
}
END_TEST

#define OFFLINE_NOTE "Original not on this desk yet — it will load when the clinic server is reachable"

static GtkLabel *
note_of (GtkWidget *window,
         GType      type)
{
  return GTK_LABEL (gtk_widget_get_template_child (window, type, "note_label"));
}

static gboolean
note_is_offline (GtkLabel *note)
{
  return gtk_widget_get_visible (GTK_WIDGET (note))
         && g_strcmp0 (gtk_label_get_label (note), OFFLINE_NOTE) == 0;
}

static gboolean
viewer_offline (gpointer viewer)
{
  return note_is_offline (note_of (viewer, AX_TYPE_PHOTO_VIEWER));
}

static gboolean
compare_offline (gpointer compare)
{
  return ax_photo_compare_is_ready (compare) && note_is_offline (note_of (compare, AX_TYPE_PHOTO_COMPARE));
}

static gboolean
compare_originals (gpointer compare)
{
  return ax_photo_compare_is_ready (compare)
         && !gtk_widget_get_visible (GTK_WIDGET (note_of (compare, AX_TYPE_PHOTO_COMPARE)));
}

/* The first widget of a type under widget (depth first), or NULL. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The face chart's note over the canvas: the one label with the osd class. */
static GtkLabel *
face_note (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "photo-note")
                          ? GTK_LABEL (child) : face_note (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
face_offline (gpointer face)
{
  return ax_face_canvas_has_photo (ax_chart_face_get_canvas (face)) && note_is_offline (face_note (face));
}

static gboolean
face_original (gpointer face)
{
  return ax_face_canvas_has_photo (ax_chart_face_get_canvas (face))
         && !gtk_widget_get_visible (GTK_WIDGET (face_note (face)));
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
is_set (gpointer location)
{
  return *(gpointer *) location != NULL;
}

/* ax_photo_originals_fetch (what a chart's PDF asks for first): TRUE, or
 * the error. */
static gboolean
fetch_originals (AxContext   *context,
                 const char  *sha256,
                 GError     **error)
{
  const char *const shas[] = { sha256, NULL };
  GAsyncResult *result = NULL;
  gboolean ok;

  ax_photo_originals_fetch_async (context, shas, NULL, fetched_cb, &result);
  ck_assert (ax_ui_spin_until (is_set, &result));
  ok = ax_photo_originals_fetch_finish (context, result, error);
  g_object_unref (result);
  return ok;
}

/* The engine's sync went through (as its "last-sync" says): what waited
 * for the clinic server is asked for again. */
static void
back_online (AxSyncEngine *engine)
{
  g_object_notify (G_OBJECT (engine), "last-sync");
}

/* A photo whose original is not on this desk (pulled from another, with
 * its thumbnail): the viewer, the comparison and the face chart show the
 * thumbnail at once and ask the clinic server for the original; offline,
 * they say so over the thumbnail; when the desk syncs again and the
 * original is here, it is swapped in. */
START_TEST (test_original_offline)
{
  Desk desk = { 0 };
  g_autoptr (AxSyncClient) client = NULL;
  g_autoptr (AxSyncEngine) engine = NULL;
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (f.path);
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (GSocketListener) away = g_socket_listener_new ();
  g_autofree char *url = NULL, *path = NULL, *aside = NULL, *args = NULL, *chart_id = NULL;
  g_autoptr (AxChart) chart = NULL;
  GtkWindow *viewer_window, *face_window;
  AxPhotoCompare *compare;
  GtkWidget *face;
  GdkPaintable *shown;
  AxPhoto *photo;
  guint16 port;

  /* A port nobody answers on. */
  port = g_socket_listener_add_any_inet_port (away, NULL, NULL);
  g_socket_listener_close (away);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = ax_sync_client_new (url);
  ax_sync_client_set_tokens (client, "a-token", NULL);
  engine = ax_sync_engine_new (f.store, client);

  desk_open (&desk, OWNER);
  ax_context_set_sync_engine (desk.context, engine);
  import_two (&desk);
  choose_view (&desk, 0, "front");
  choose_view (&desk, 1, "front");
  photos = ax_photos_query (ax_store_get_db (f.store), patient_id, NULL, NULL);
  photo = photos->pdata[0];
  /* The original goes away; its thumbnail stays (as on a desk that pulled it). */
  path = ax_blob_store_get_path (blobs, photo->blob_sha256);
  aside = g_strconcat (path, ".away", NULL);
  ck_assert_int_eq (g_rename (path, aside), 0);

  /* The viewer: the thumbnail at once, and the note. */
  viewer_window = ax_photos_tab_open_photo (desk.tab, 0);
  ck_assert_msg (ax_ui_spin_until (viewer_offline, viewer_window), "the viewer did not say where the original is");
  shown = gtk_picture_get_paintable (GTK_PICTURE (gtk_widget_get_template_child (
    GTK_WIDGET (viewer_window), AX_TYPE_PHOTO_VIEWER, "picture")));
  ck_assert_ptr_nonnull (shown);
  ck_assert_int_le (gdk_paintable_get_intrinsic_width (shown), 320);
  ck_assert (!gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (viewer_window), AX_TYPE_PHOTO_VIEWER, "error_page"))));
  ck_assert (!ax_photo_viewer_is_loaded (AX_PHOTO_VIEWER (viewer_window)));
  save_screenshot (GTK_WIDGET (viewer_window), "photos-viewer-offline.png");

  /* The comparison: the thumbnail beside the other original, and the note. */
  compare = ax_photo_compare_new (desk.context, GTK_WINDOW (desk.window), patient_id, "front", NULL);
  gtk_window_present (GTK_WINDOW (compare));
  ck_assert_msg (ax_ui_spin_until (compare_offline, compare), "the comparison did not say where the original is");
  save_screenshot (GTK_WIDGET (compare), "photos-compare-offline.png");

  /* The face chart on that photo: the thumbnail over the photo's own
   * pixels (the overlay's space), and the note. */
  {
    g_autofree char *provider = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");

    args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\"}", patient_id, provider);
  }
  chart_id = ax_fixture_mutate_id (&f, OWNER, "chart.create", args);
  chart = ax_chart_query (ax_store_get_db (f.store), chart_id, NULL);
  face = ax_chart_face_new (desk.context);
  face_window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (face_window, 1000, 760);
  gtk_window_set_child (face_window, face);
  gtk_window_present (face_window);
  ax_chart_face_set_chart (AX_CHART_FACE (face), chart);
  ax_ui_spin_for (300);
  for (guint i = 0; i < photos->len; i++)
    if (photos->pdata[i] == photo)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (find_descendant (face, GTK_TYPE_DROP_DOWN)), 2 + i);
  ck_assert_msg (ax_ui_spin_until (face_offline, face), "the face chart did not say where the original is");
  {
    AxFaceCanvas *canvas = ax_chart_face_get_canvas (AX_CHART_FACE (face));
    AxOverlay *overlay = ax_face_canvas_get_overlay (canvas);

    ck_assert_int_eq (ax_overlay_get_width (overlay), photo->width);
    ck_assert_int_eq (ax_overlay_get_height (overlay), photo->height);
  }
  save_screenshot (GTK_WIDGET (face_window), "photos-face-offline.png");

  /* What needs the original itself (a chart's PDF) is told the same. */
  {
    g_autoptr (GError) error = NULL;

    ck_assert (!fetch_originals (desk.context, photo->blob_sha256, &error));
    ck_assert_str_eq (error->message, OFFLINE_NOTE);
  }

  /* The original is back on the desk and the desk synced: each swaps it in. */
  ck_assert_int_eq (g_rename (aside, path), 0);
  back_online (engine);
  ck_assert_msg (ax_ui_spin_until (viewer_loaded, viewer_window), "the viewer did not swap the original in");
  ck_assert (!gtk_widget_get_visible (GTK_WIDGET (note_of (GTK_WIDGET (viewer_window), AX_TYPE_PHOTO_VIEWER))));
  ck_assert_int_gt (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (GTK_PICTURE (
    gtk_widget_get_template_child (GTK_WIDGET (viewer_window), AX_TYPE_PHOTO_VIEWER, "picture")))), 320);
  ck_assert_msg (ax_ui_spin_until (compare_originals, compare), "the comparison did not swap the original in");
  ck_assert_msg (ax_ui_spin_until (face_original, face), "the face chart did not swap the original in");
  ck_assert (fetch_originals (desk.context, photo->blob_sha256, NULL));
  {
    AxFaceCanvas *canvas = ax_chart_face_get_canvas (AX_CHART_FACE (face));
    AxOverlay *overlay = ax_face_canvas_get_overlay (canvas);

    ck_assert_int_eq (ax_overlay_get_width (overlay), photo->width);
  }

  close_window (face_window);
  close_window (GTK_WINDOW (compare));
  close_window (viewer_window);
  ax_context_set_sync_engine (desk.context, NULL);
  desk_close (&desk);
}
END_TEST

START_TEST (test_empty_state)
{
  Desk desk = { 0 };
  GtkStack *stack;

  desk_open (&desk, OWNER);
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (desk.tab), AX_TYPE_PHOTOS_TAB,
                                                    "stack"));
  ck_assert_str_eq (gtk_stack_get_visible_child_name (stack), "empty");
  ck_assert_uint_eq (ax_photos_tab_get_n_photos (desk.tab), 0);
  desk_close (&desk);
}
END_TEST

static void
setup (void)
{
  init_gtk ();
  ax_fixture_setup (&f);
  patient_id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                     "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
}

static void
teardown (void)
{
  g_clear_pointer (&patient_id, g_free);
  ax_fixture_teardown (&f);
}

int
main (void)
{
  const TTest *tests[] = { test_empty_state, test_import_tag_view_compare, test_director_reads_only,
                           test_original_offline };
  const char *builddir = g_getenv ("AX_BUILDDIR");
  g_autofree char *schemas = NULL;
  g_autofree char *cache = NULL;
  int failed;

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
  /* The thumbnail cache away from the user's. */
  cache = g_dir_make_tmp ("ax-test-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("CK_FORK", "no", FALSE);
  failed = ax_test_run ("photos-tab", setup, teardown, tests, G_N_ELEMENTS (tests));
  ax_test_remove_dir (cache);
  return failed;
}
