/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photos-tab.h"

#include <glib/gi18n.h>

#include "ax-photo-compare.h"
#include "ax-photo-edit.h"
#include "ax-photo-import.h"
#include "ax-photo-text.h"
#include "ax-photo-texture.h"
#include "ax-photo-viewer.h"
#include "ax-photos.h"

#define TILE_SIZE 200

struct _AxPhotosTab
{
  GtkWidget        parent_instance;

  AxContext       *context;
  char            *patient_id;
  gboolean         dirty;        /* the patient or the store changed: load when shown */
  gboolean         loading;
  GCancellable    *cancellable;  /* the list's query */
  GCancellable    *thumbs_cancellable;
  GPtrArray       *photos;       /* AxPhoto, newest first */
  GHashTable      *thumbnails;   /* sha256 → GdkTexture */
  GHashTable      *thumbs_asked; /* sha256 being loaded */
  char            *open_when_loaded;
  GtkWindow       *last_window;  /* weak */

  /* Imports, one at a time. */
  GQueue           queue;        /* ImportItem */
  gboolean         importing;
  guint            import_total;
  guint            import_done;
  guint            import_ok;
  GCancellable    *import_cancellable;

  AdwToastOverlay *toast_overlay;
  GtkWidget       *import_status;
  GtkSpinner      *import_spinner;
  GtkLabel        *import_label;
  GtkLabel        *hint_label;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkFlowBox      *grid;
};

static void ax_photos_tab_record_tab_init (AxRecordTabInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AxPhotosTab, ax_photos_tab, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (AX_TYPE_RECORD_TAB,
                                                      ax_photos_tab_record_tab_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GFile *file;
  char  *patient_id;
} ImportItem;

static void
import_item_free (ImportItem *item)
{
  g_object_unref (item->file);
  g_free (item->patient_id);
  g_free (item);
}

/* Helpers */

static void
toast (AxPhotosTab *self,
       const char  *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static gboolean
can_edit (AxPhotosTab *self)
{
  return ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);
}

/* The view tag with two photos or more, of the newest photo that has one. */
static const char *
comparable_view (AxPhotosTab *self)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->photos == NULL)
    return NULL;
  for (guint i = 0; i < self->photos->len; i++)
    {
      AxPhoto *p = self->photos->pdata[i];

      if (p->view_tag != NULL)
        g_hash_table_insert (counts, p->view_tag,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, p->view_tag)) + 1));
    }
  for (guint i = 0; i < self->photos->len; i++)
    {
      AxPhoto *p = self->photos->pdata[i];

      if (p->view_tag != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (counts, p->view_tag)) >= 2)
        return p->view_tag;
    }
  return NULL;
}

static void
update_actions (AxPhotosTab *self)
{
  gboolean edit = can_edit (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.import",
                                 edit && self->patient_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.compare",
                                 comparable_view (self) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), edit && !self->importing);
}

static AxPhoto *
tile_photo (GtkWidget *tile)
{
  return g_object_get_data (G_OBJECT (tile), "photo");
}

static GtkWidget *
tile_at (AxPhotosTab *self,
         guint        index)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->grid, (int) index);

  return child ? GTK_WIDGET (child) : NULL;
}

static void
set_tile_thumbnail (GtkWidget  *tile,
                    GdkTexture *texture)
{
  GtkImage *image = g_object_get_data (G_OBJECT (tile), "picture");

  gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
}

typedef struct
{
  AxPhotosTab *self;
  char        *sha256;
} ThumbnailRequest;

static void
thumbnail_request_free (ThumbnailRequest *request)
{
  g_object_unref (request->self);
  g_free (request->sha256);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ThumbnailRequest, thumbnail_request_free)

static void thumbnail_loaded_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data);
static void view_chosen_cb      (GtkDropDown  *drop,
                                 GParamSpec   *pspec,
                                 AxPhotosTab  *self);

static void
ask_thumbnail (AxPhotosTab *self,
               AxPhoto     *photo)
{
  if (g_hash_table_contains (self->thumbs_asked, photo->blob_sha256))
    return;
  {
  ThumbnailRequest *request = g_new0 (ThumbnailRequest, 1);

  request->self = g_object_ref (self);
  request->sha256 = g_strdup (photo->blob_sha256);
  g_hash_table_add (self->thumbs_asked, g_strdup (photo->blob_sha256));
  ax_photo_thumbnail_load_async (ax_context_get_store (self->context), photo->blob_sha256,
                                 self->thumbs_cancellable, thumbnail_loaded_cb, request);
  }
}

static GtkWidget *
new_tile (AxPhotosTab *self,
          AxPhoto     *photo)
{
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autofree char *name = ax_photo_text_name (photo, tz);
  g_autofree char *date = ax_photo_text_date (photo, tz);
  g_autofree char *chooser_name = NULL;
  g_autoptr (GtkStringList) tags = gtk_string_list_new (NULL);
  GtkWidget *child, *box, *overlay, *frame, *picture, *row, *drop, *label;
  GdkTexture *texture;

  child = gtk_flow_box_child_new ();
  g_object_set_data_full (G_OBJECT (child), "photo", ax_photo_ref (photo),
                          (GDestroyNotify) ax_photo_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_set_tooltip_text (child, photo->caption);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "photo-tile");
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);

  overlay = gtk_overlay_new ();
  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "photo-frame");
  /* A square of TILE_SIZE whatever the thumbnail's shape, aspect kept. */
  picture = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (picture), TILE_SIZE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), picture);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), frame);
  g_object_set_data (G_OBJECT (child), "picture", picture);
  if (photo->marketing_consent)
    {
      GtkWidget *mark = gtk_label_new (_("Marketing OK"));

      gtk_widget_add_css_class (mark, "tag");
      gtk_widget_add_css_class (mark, "photo-marketing");
      gtk_widget_set_halign (mark, GTK_ALIGN_END);
      gtk_widget_set_valign (mark, GTK_ALIGN_START);
      gtk_widget_set_margin_top (mark, 6);
      gtk_widget_set_margin_end (mark, 6);
      gtk_widget_set_tooltip_text (mark, _("The patient agreed to this photo being used in "
                                           "marketing"));
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), mark);
    }
  gtk_box_append (GTK_BOX (box), overlay);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (guint i = 0; ax_photo_view_tags[i] != NULL; i++)
    gtk_string_list_append (tags, ax_photo_text_view_tag (ax_photo_view_tags[i]));
  gtk_string_list_append (tags, ax_photo_text_view_tag (NULL));
  drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (tags)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), ax_photo_text_view_index (photo->view_tag));
  gtk_widget_set_sensitive (drop, can_edit (self));
  /* TRANSLATORS: the accessible name of a photo's view chooser: "View of the photo of 10 Mar 2026" */
  chooser_name = g_strdup_printf (_("View of the photo of %s"), date);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  chooser_name, -1);
  g_signal_connect_object (drop, "notify::selected", G_CALLBACK (view_chosen_cb), self, 0);
  g_object_set_data (G_OBJECT (child), "view-chooser", drop);
  gtk_box_append (GTK_BOX (row), drop);
  label = gtk_label_new (date);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (box), row);

  texture = g_hash_table_lookup (self->thumbnails, photo->blob_sha256);
  if (texture != NULL)
    set_tile_thumbnail (child, texture);
  else
    ask_thumbnail (self, photo);
  return child;
}

static void
clear_grid (AxPhotosTab *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_flow_box_remove (self->grid, child);
}

static void
fill_grid (AxPhotosTab *self)
{
  clear_grid (self);
  for (guint i = 0; i < self->photos->len; i++)
    gtk_flow_box_append (self->grid, new_tile (self, self->photos->pdata[i]));
}

static GtkWindow *
parent_window (AxPhotosTab *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
remember_window (AxPhotosTab *self,
                 GtkWindow   *window)
{
  if (self->last_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->last_window), (gpointer *) &self->last_window);
  self->last_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->last_window);
}

static GtkWindow *
open_viewer (AxPhotosTab *self,
             AxPhoto     *photo)
{
  AxPhotoViewer *viewer = ax_photo_viewer_new (self->context, parent_window (self), photo);

  remember_window (self, GTK_WINDOW (viewer));
  gtk_window_present (GTK_WINDOW (viewer));
  return GTK_WINDOW (viewer);
}

static gboolean
open_photo_by_id (AxPhotosTab *self,
                  const char  *photo_id)
{
  for (guint i = 0; self->photos != NULL && i < self->photos->len; i++)
    {
      AxPhoto *p = self->photos->pdata[i];

      if (g_str_equal (p->id, photo_id))
        {
          open_viewer (self, p);
          return TRUE;
        }
    }
  return FALSE;
}

static void photos_loaded_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data);

static void
reload (AxPhotosTab *self)
{
  self->dirty = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->patient_id == NULL)
    {
      g_clear_pointer (&self->photos, g_ptr_array_unref);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  /* Keep what is shown while it reloads; the spinner only the first time. */
  if (self->photos == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_start (self->spinner);
    }
  ax_photos_query_async (ax_context_get_store (self->context), self->patient_id, NULL,
                         self->cancellable, photos_loaded_cb, g_object_ref (self));
}

static void import_next (AxPhotosTab *self);

static void
update_import_status (AxPhotosTab *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->import_status, self->importing);
  if (!self->importing)
    {
      gtk_spinner_stop (self->import_spinner);
      update_actions (self);
      return;
    }
  gtk_spinner_start (self->import_spinner);
  /* TRANSLATORS: progress of an import: "Importing 1 of 3…" */
  text = g_strdup_printf (_("Importing %u of %u…"), self->import_done + 1, self->import_total);
  gtk_label_set_label (self->import_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->import_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Import progress"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  update_actions (self);
}

/* Callbacks */

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (ThumbnailRequest) request = user_data;
  AxPhotosTab *self = request->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = ax_photo_thumbnail_load_finish (AX_STORE (source), result,
                                                                   &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove (self->thumbs_asked, request->sha256);
  if (texture == NULL)
    {
      g_warning ("No thumbnail for %s: %s", request->sha256, error->message);
      return;
    }
  g_hash_table_insert (self->thumbnails, g_strdup (request->sha256), g_object_ref (texture));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AxPhoto *photo = tile_photo (child);

      if (photo != NULL && g_str_equal (photo->blob_sha256, request->sha256))
        set_tile_thumbnail (child, texture);
    }
}

static void
photos_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (AxPhotosTab) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *photos = ax_photos_query_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (photos == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  self->photos = photos;
  fill_grid (self);
  gtk_stack_set_visible_child_name (self->stack, photos->len > 0 ? "photos" : "empty");
  update_actions (self);

  if (self->open_when_loaded != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->open_when_loaded);

      if (!open_photo_by_id (self, id))
        toast (self, _("This photo is no longer among the patient's photos"));
    }
}

static void
view_chosen_cb (GtkDropDown *drop,
                GParamSpec  *pspec,
                AxPhotosTab *self)
{
  GtkWidget *tile = gtk_widget_get_ancestor (GTK_WIDGET (drop), GTK_TYPE_FLOW_BOX_CHILD);
  AxPhoto *photo = tile ? tile_photo (tile) : NULL;
  guint i = gtk_drop_down_get_selected (drop);
  const char *tag = i < g_strv_length ((char **) ax_photo_view_tags) ? ax_photo_view_tags[i] : NULL;
  g_autoptr (GError) error = NULL;

  if (photo == NULL || g_strcmp0 (tag, photo->view_tag) == 0)
    return;
  if (!ax_photo_edit_set_view_tag (self->context, photo, tag, &error))
    {
      toast (self, error->message);
      reload (self);
    }
  /* On success the store's change reloads the grid. */
}

static void
tile_activated_cb (AxPhotosTab     *self,
                   GtkFlowBoxChild *child)
{
  AxPhoto *photo = tile_photo (GTK_WIDGET (child));

  if (photo != NULL)
    open_viewer (self, photo);
}

static void
store_changed_cb (AxPhotosTab *self,
                  const char  *what)
{
  if (what == NULL || !g_str_has_prefix (what, "photo."))
    return;
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (AxPhotosTab) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = ax_photo_import_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->import_done++;
  if (id == NULL)
    toast (self, error->message);
  else
    self->import_ok++;
  import_next (self);
}

static void
import_next (AxPhotosTab *self)
{
  ImportItem *item = g_queue_pop_head (&self->queue);

  if (item == NULL)
    {
      self->importing = FALSE;
      update_import_status (self);
      if (self->import_ok > 0)
        {
          g_autofree char *text = NULL;

          /* TRANSLATORS: after an import */
          text = g_strdup_printf (g_dngettext (NULL, "%u photo imported: choose its view below",
                                               "%u photos imported: choose their views below",
                                               self->import_ok), self->import_ok);
          toast (self, text);
        }
      self->import_total = self->import_done = self->import_ok = 0;
      return;
    }
  self->importing = TRUE;
  update_import_status (self);
  ax_photo_import_async (ax_context_get_store (self->context), ax_context_get_actor (self->context),
                         item->patient_id, item->file, self->import_cancellable, imported_cb,
                         g_object_ref (self));
  import_item_free (item);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     AxPhotosTab     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      ax_photos_tab_import_files (self, (GFile **) array->pdata, array->len);
    }
  g_object_unref (chooser);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         AxPhotosTab   *self)
{
  GSList *files;
  g_autoptr (GPtrArray) array = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || !can_edit (self) || self->patient_id == NULL)
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  ax_photos_tab_import_files (self, (GFile **) array->pdata, array->len);
  g_slist_free (files);
  return TRUE;
}

/* Actions */

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (widget);
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) photos = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Photos"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (photos, _("JPEG and PNG photos"));
  gtk_file_filter_add_mime_type (photos, "image/jpeg");
  gtk_file_filter_add_mime_type (photos, "image/png");
  gtk_file_filter_add_suffix (photos, "jpg");
  gtk_file_filter_add_suffix (photos, "jpeg");
  gtk_file_filter_add_suffix (photos, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), photos);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ax_photos_tab_open_compare (AX_PHOTOS_TAB (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (AX_PHOTOS_TAB (widget));
}

/* AxRecordTab */

static void
ax_photos_tab_show_patient (AxRecordTab *tab,
                            const char  *patient_id)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (tab);

  if (g_strcmp0 (patient_id, self->patient_id) == 0)
    return;
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  g_clear_pointer (&self->open_when_loaded, g_free);
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  clear_grid (self);
  /* Another patient's thumbnails are not kept in memory. */
  g_cancellable_cancel (self->thumbs_cancellable);
  g_clear_object (&self->thumbs_cancellable);
  self->thumbs_cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->thumbnails);
  g_hash_table_remove_all (self->thumbs_asked);
  self->dirty = TRUE;
  update_actions (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    gtk_stack_set_visible_child_name (self->stack, "loading");
}

static gboolean
ax_photos_tab_open_item (AxRecordTab *tab,
                         const char  *item_id)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (tab);

  if (!self->loading && !self->dirty)
    return open_photo_by_id (self, item_id);
  g_free (self->open_when_loaded);
  self->open_when_loaded = g_strdup (item_id);
  return TRUE;
}

static void
ax_photos_tab_record_tab_init (AxRecordTabInterface *iface)
{
  iface->show_patient = ax_photos_tab_show_patient;
  iface->open_item = ax_photos_tab_open_item;
}

/* Overrides */

static void
ax_photos_tab_map (GtkWidget *widget)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (widget);

  GTK_WIDGET_CLASS (ax_photos_tab_parent_class)->map (widget);
  if (self->dirty)
    reload (self);
}

static void
ax_photos_tab_constructed (GObject *object)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (object);

  G_OBJECT_CLASS (ax_photos_tab_parent_class)->constructed (object);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_photos_tab_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_photos_tab_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_photos_tab_dispose (GObject *object)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->thumbs_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->thumbs_cancellable);
  g_clear_object (&self->import_cancellable);
  g_queue_clear_full (&self->queue, (GDestroyNotify) import_item_free);
  if (self->last_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->last_window), (gpointer *) &self->last_window);
  self->last_window = NULL;
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_pointer (&self->thumbs_asked, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_PHOTOS_TAB);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_photos_tab_parent_class)->dispose (object);
}

static void
ax_photos_tab_finalize (GObject *object)
{
  AxPhotosTab *self = AX_PHOTOS_TAB (object);

  g_free (self->patient_id);
  g_free (self->open_when_loaded);
  G_OBJECT_CLASS (ax_photos_tab_parent_class)->finalize (object);
}

static void
ax_photos_tab_class_init (AxPhotosTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_photos_tab_constructed;
  object_class->dispose = ax_photos_tab_dispose;
  object_class->finalize = ax_photos_tab_finalize;
  object_class->get_property = ax_photos_tab_get_property;
  object_class->set_property = ax_photos_tab_set_property;
  widget_class->map = ax_photos_tab_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/photos/ax-photos-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, import_status);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, import_spinner);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, import_label);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, hint_label);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, stack);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxPhotosTab, grid);
  gtk_widget_class_bind_template_callback (widget_class, tile_activated_cb);

  gtk_widget_class_install_action (widget_class, "photos.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "photos.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "photos.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "photos.import", NULL);
}

static void
ax_photos_tab_init (AxPhotosTab *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->thumbs_cancellable = g_cancellable_new ();
  self->import_cancellable = g_cancellable_new ();
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->thumbs_asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->queue);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* Public API */

GtkWidget *
ax_photos_tab_new (AxContext *context)
{
  return g_object_new (AX_TYPE_PHOTOS_TAB, "context", context, NULL);
}

void
ax_photos_tab_import_files (AxPhotosTab *self,
                            GFile      **files,
                            guint        n_files)
{
  g_return_if_fail (AX_IS_PHOTOS_TAB (self));

  if (self->patient_id == NULL || n_files == 0)
    return;
  for (guint i = 0; i < n_files; i++)
    {
      ImportItem *item = g_new0 (ImportItem, 1);

      item->file = g_object_ref (files[i]);
      item->patient_id = g_strdup (self->patient_id);
      g_queue_push_tail (&self->queue, item);
    }
  self->import_total += n_files;
  if (!self->importing)
    import_next (self);
  else
    update_import_status (self);
}

gboolean
ax_photos_tab_is_busy (AxPhotosTab *self)
{
  g_return_val_if_fail (AX_IS_PHOTOS_TAB (self), FALSE);
  return self->loading || self->importing || self->dirty;
}

guint
ax_photos_tab_get_n_photos (AxPhotosTab *self)
{
  g_return_val_if_fail (AX_IS_PHOTOS_TAB (self), 0);
  return self->photos ? self->photos->len : 0;
}

GtkDropDown *
ax_photos_tab_get_view_chooser (AxPhotosTab *self,
                                guint        index)
{
  GtkWidget *tile = tile_at (self, index);

  return tile ? g_object_get_data (G_OBJECT (tile), "view-chooser") : NULL;
}

guint
ax_photos_tab_get_n_thumbnails_shown (AxPhotosTab *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkImage *image = g_object_get_data (G_OBJECT (child), "picture");

      if (image != NULL && gtk_image_get_storage_type (image) == GTK_IMAGE_PAINTABLE)
        n++;
    }
  return n;
}

GtkWindow *
ax_photos_tab_open_photo (AxPhotosTab *self,
                          guint        index)
{
  GtkWidget *tile = tile_at (self, index);

  g_return_val_if_fail (tile != NULL, NULL);
  return open_viewer (self, tile_photo (tile));
}

GtkWindow *
ax_photos_tab_open_compare (AxPhotosTab *self)
{
  const char *view = comparable_view (self);
  AxPhotoCompare *compare;

  if (view == NULL)
    return NULL;
  compare = ax_photo_compare_new (self->context, parent_window (self), self->patient_id, view,
                                  NULL);
  remember_window (self, GTK_WINDOW (compare));
  gtk_window_present (GTK_WINDOW (compare));
  return GTK_WINDOW (compare);
}
