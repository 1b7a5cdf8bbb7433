/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-viewer.h"

#include <glib/gi18n.h>

#include "ax-model-error.h"
#include "ax-blob-store.h"
#include "ax-photo-compare.h"
#include "ax-photo-edit.h"
#include "ax-photo-text.h"
#include "ax-photo-texture.h"

/* The photo as shown: big enough for a large screen, quick to decode. */
#define VIEWER_SIZE 2560

struct _AxPhotoViewer
{
  AdwWindow        parent_instance;

  AxContext       *context;
  AxPhoto         *photo;
  GCancellable    *cancellable;
  gboolean         syncing;    /* filling the fields: no mutation */
  gboolean         loaded;
  gboolean         fetched;    /* the original was asked of the clinic server */
  AxSyncEngine    *online_engine;  /* waited on until the desk is back online */
  gulong           online_id;

  AdwToastOverlay *toast_overlay;
  GtkPicture      *picture;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  AdwActionRow    *taken_row;
  AdwActionRow    *size_row;
  AdwComboRow     *view_row;
  GtkSwitch       *marketing_switch;
  AdwEntryRow     *caption_row;
};

G_DEFINE_FINAL_TYPE (AxPhotoViewer, ax_photo_viewer, ADW_TYPE_WINDOW)

/* Helpers */

static void
toast (AxPhotoViewer *self,
       const char    *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static gboolean
can_edit (AxPhotoViewer *self)
{
  return ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);
}

static void
update_actions (AxPhotoViewer *self)
{
  gboolean edit = can_edit (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.remove",
                                 edit && !self->photo->chart_signed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.compare",
                                 self->photo->view_tag != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_row), edit);
  gtk_widget_set_sensitive (GTK_WIDGET (self->marketing_switch), edit);
  gtk_editable_set_editable (GTK_EDITABLE (self->caption_row), edit);
}

/* Shows the photo's details (after a change too). */
static void
show_details (AxPhotoViewer *self)
{
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autofree char *date = ax_photo_text_date (self->photo, tz);
  g_autofree char *size = NULL;
  g_autofree char *name = ax_photo_text_name (self->photo, tz);

  self->syncing = TRUE;
  /* TRANSLATORS: a photo's size in pixels and its file type */
  size = g_strdup_printf (_("%d × %d px · %s"), self->photo->width, self->photo->height,
                          g_str_equal (self->photo->mime, "image/png") ? "PNG" : "JPEG");
  adw_action_row_set_subtitle (self->taken_row, date);
  adw_action_row_set_subtitle (self->size_row, size);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->taken_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, date, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->size_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, size, -1);
  adw_combo_row_set_selected (self->view_row, ax_photo_text_view_index (self->photo->view_tag));
  gtk_switch_set_active (self->marketing_switch, self->photo->marketing_consent);
  gtk_editable_set_text (GTK_EDITABLE (self->caption_row),
                         self->photo->caption ? self->photo->caption : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, name, -1);
  self->syncing = FALSE;
  update_actions (self);
}

/* After a change (or a refused one): the photo as it is now. */
static void
reread (AxPhotoViewer *self)
{
  g_autoptr (GError) error = NULL;
  AxPhoto *photo = ax_photo_query (ax_store_get_db (ax_context_get_store (self->context)),
                                   self->photo->id, &error);

  if (photo == NULL)
    {
      /* Removed meanwhile, on this desk or another. */
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  g_clear_pointer (&self->photo, ax_photo_unref);
  self->photo = photo;
  show_details (self);
}

static void
edited (AxPhotoViewer *self,
        gboolean       ok,
        GError        *error)
{
  if (!ok)
    toast (self, error->message);
  reread (self);
}

/* Callbacks */

static void texture_loaded_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
load_texture (AxPhotoViewer *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  ax_photo_texture_load_async (ax_context_get_store (self->context), self->photo->blob_sha256,
                               VIEWER_SIZE, self->cancellable, texture_loaded_cb, g_object_ref (self));
}

static void
show_error (AxPhotoViewer *self,
            const char    *icon_name,
            const char    *title,
            const char    *message)
{
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  adw_status_page_set_icon_name (self->error_page, icon_name);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), TRUE);
}

static void fetch_original (AxPhotoViewer *self);

/* The desk synced again: the original it could not fetch, now. */
static void
online_cb (AxPhotoViewer *self)
{
  if (ax_sync_engine_get_state (self->online_engine) != AX_SYNC_STATE_IDLE)
    return;
  g_clear_signal_handler (&self->online_id, self->online_engine);
  g_clear_object (&self->online_engine);
  if (ax_context_get_sync_engine (self->context) != NULL)
    fetch_original (self);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (AxPhotoViewer) self = user_data;
  g_autoptr (GError) error = NULL;
  AxSyncEngine *engine;

  if (ax_blob_sync_fetch_finish (AX_BLOB_SYNC (source), result, &error))
    {
      load_texture (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  engine = ax_context_get_sync_engine (self->context);
  if ((g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK)
       || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_SERVER))
      && engine != NULL)
    {
      show_error (self, "network-offline-symbolic", _("The Photo Is Not on This Desk Yet"),
                  _("The original is on the clinic server; it will be fetched when the desk is "
                    "back online"));
      if (self->online_id == 0)
        {
          self->online_engine = g_object_ref (engine);
          self->online_id = g_signal_connect_swapped (engine, "notify::last-sync", G_CALLBACK (online_cb),
                                                      self);
        }
      return;
    }
  show_error (self, "image-missing-symbolic", _("Cannot Show the Photo"), error->message);
}

/* The original is not on this desk (pulled from another): ask the clinic
 * server for it, checked against its hash before it is kept. */
static void
fetch_original (AxPhotoViewer *self)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);

  self->fetched = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  ax_blob_sync_fetch_async (ax_sync_engine_get_blob_sync (engine), self->photo->blob_sha256,
                            self->cancellable, fetched_cb, g_object_ref (self));
}

static void
texture_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (AxPhotoViewer) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = ax_photo_texture_load_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL && g_error_matches (error, AX_BLOB_ERROR, AX_BLOB_ERROR_MISSING)
      && !self->fetched && ax_context_get_sync_engine (self->context) != NULL)
    {
      fetch_original (self);
      return;
    }
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (texture == NULL)
    {
      show_error (self, "image-missing-symbolic", _("Cannot Show the Photo"), error->message);
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  self->loaded = TRUE;
}

static void
view_changed_cb (AxPhotoViewer *self)
{
  g_autoptr (GError) error = NULL;
  guint i = adw_combo_row_get_selected (self->view_row);
  const char *tag = i < g_strv_length ((char **) ax_photo_view_tags) ? ax_photo_view_tags[i] : NULL;
  gboolean ok;

  if (self->syncing || g_strcmp0 (tag, self->photo->view_tag) == 0)
    return;
  ok = ax_photo_edit_set_view_tag (self->context, self->photo, tag, &error);
  edited (self, ok, error);
}

static void
marketing_changed_cb (AxPhotoViewer *self)
{
  g_autoptr (GError) error = NULL;
  gboolean active = gtk_switch_get_active (self->marketing_switch);
  gboolean ok;

  if (self->syncing || active == self->photo->marketing_consent)
    return;
  ok = ax_photo_edit_set_marketing (self->context, self->photo, active, &error);
  edited (self, ok, error);
  if (ok)
    toast (self, active ? _("The photo may now be used in marketing")
                        : _("The photo may no longer be used in marketing"));
}

static void
caption_apply_cb (AxPhotoViewer *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *caption = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->caption_row))));
  gboolean ok;

  if (self->syncing || g_strcmp0 (*caption ? caption : NULL, self->photo->caption) == 0)
    return;
  ok = ax_photo_edit_set_caption (self->context, self->photo, caption, &error);
  edited (self, ok, error);
  if (ok)
    toast (self, _("Caption saved"));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AxPhotoViewer    *self)
{
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!ax_photo_edit_remove (self->context, self->photo, &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxPhotoViewer *self = AX_PHOTO_VIEWER (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove This Photo?"),
                                   _("It will no longer be shown in the patient's photos. "
                                     "The file is kept in the clinic's records."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxPhotoViewer *self = AX_PHOTO_VIEWER (widget);
  AxPhotoCompare *compare;

  if (self->photo->view_tag == NULL)
    return;
  compare = ax_photo_compare_new (self->context, GTK_WINDOW (self), self->photo->patient_id,
                                  self->photo->view_tag, self->photo->id);
  gtk_window_present (GTK_WINDOW (compare));
}

/* Overrides */

static void
ax_photo_viewer_dispose (GObject *object)
{
  AxPhotoViewer *self = AX_PHOTO_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->online_engine != NULL)
    g_clear_signal_handler (&self->online_id, self->online_engine);
  g_clear_object (&self->online_engine);
  g_clear_object (&self->context);
  g_clear_pointer (&self->photo, ax_photo_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_PHOTO_VIEWER);
  G_OBJECT_CLASS (ax_photo_viewer_parent_class)->dispose (object);
}

static void
ax_photo_viewer_class_init (AxPhotoViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_photo_viewer_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/photos/ax-photo-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, picture);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, taken_row);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, size_row);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, view_row);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, marketing_switch);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, caption_row);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, marketing_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, caption_apply_cb);

  gtk_widget_class_install_action (widget_class, "viewer.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "viewer.compare", NULL, compare_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "viewer.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ax_photo_viewer_init (AxPhotoViewer *self)
{
  g_autoptr (GtkStringList) tags = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; ax_photo_view_tags[i] != NULL; i++)
    gtk_string_list_append (tags, ax_photo_text_view_tag (ax_photo_view_tags[i]));
  gtk_string_list_append (tags, ax_photo_text_view_tag (NULL));
  self->syncing = TRUE;
  adw_combo_row_set_model (self->view_row, G_LIST_MODEL (tags));
  self->syncing = FALSE;
}

/* Public API */

AxPhotoViewer *
ax_photo_viewer_new (AxContext *context,
                     GtkWindow *parent,
                     AxPhoto   *photo)
{
  AxPhotoViewer *self;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (photo != NULL, NULL);

  self = g_object_new (AX_TYPE_PHOTO_VIEWER, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->photo = ax_photo_ref (photo);
  show_details (self);
  load_texture (self);
  return self;
}

AxPhoto *
ax_photo_viewer_get_photo (AxPhotoViewer *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_VIEWER (self), NULL);
  return self->photo;
}

gboolean
ax_photo_viewer_is_loaded (AxPhotoViewer *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_VIEWER (self), FALSE);
  return self->loaded;
}
