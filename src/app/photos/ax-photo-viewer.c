/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-viewer.h"

#include <glib/gi18n.h>

#include "ax-model-error.h"
#include "ax-blob-store.h"
#include "ax-photo-compare.h"
#include "ax-photo-edit.h"
#include "ax-photo-loader.h"
#include "ax-photo-text.h"

/* The photo as shown: big enough for a large screen, quick to decode. */
#define VIEWER_SIZE 2560

struct _AxPhotoViewer
{
  AdwWindow        parent_instance;

  AxContext       *context;
  AxPhoto         *photo;
  GCancellable    *cancellable;
  gboolean         syncing;    /* filling the fields: no mutation */
  AxPhotoLoader   *loader;     /* the original, or its thumbnail while it is fetched */

  AdwToastOverlay *toast_overlay;
  GtkPicture      *picture;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkLabel        *note_label;
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

/* What the loader has: the original, its thumbnail with a note while the
 * original is fetched (or waits for the clinic server), or why nothing. */
static void
loader_changed_cb (AxPhotoViewer *self)
{
  AxPhotoLoaderState state = ax_photo_loader_get_state (self->loader);
  GdkTexture *texture = ax_photo_loader_get_texture (self->loader);
  const char *message = ax_photo_loader_get_message (self->loader);
  gboolean busy = state == AX_PHOTO_LOADER_LOADING || state == AX_PHOTO_LOADER_PREVIEW;

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), texture == NULL && message != NULL);
  if (texture == NULL && state == AX_PHOTO_LOADER_OFFLINE)
    {
      adw_status_page_set_icon_name (self->error_page, "network-offline-symbolic");
      adw_status_page_set_title (self->error_page, _("The Photo Is Not on This Desk Yet"));
      adw_status_page_set_description (self->error_page, message);
    }
  else if (texture == NULL && message != NULL)
    {
      adw_status_page_set_icon_name (self->error_page, "image-missing-symbolic");
      adw_status_page_set_title (self->error_page, _("Cannot Show the Photo"));
      adw_status_page_set_description (self->error_page, message);
    }
  /* Over the thumbnail: what it is, and when the original comes. */
  gtk_label_set_label (self->note_label, texture != NULL ? message : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), texture != NULL && message != NULL);
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

static gboolean
close_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
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
  /* Closed once the dialog, transient for this window, is gone. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_cb, g_object_ref (self), g_object_unref);
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
  if (self->loader != NULL)
    ax_photo_loader_stop (self->loader);
  g_clear_object (&self->loader);
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
  gtk_widget_class_bind_template_child (widget_class, AxPhotoViewer, note_label);
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
  self->loader = ax_photo_loader_new (context, photo->blob_sha256, VIEWER_SIZE);
  g_signal_connect_object (self->loader, "changed", G_CALLBACK (loader_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ax_photo_loader_start (self->loader);
  loader_changed_cb (self);
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
  return ax_photo_loader_get_state (self->loader) == AX_PHOTO_LOADER_ORIGINAL;
}
