/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-compare.h"

#include <glib/gi18n.h>

#include "ax-photo-loader.h"
#include "ax-photo-text.h"
#include "ax-photos.h"

/* Big enough for a large screen, small enough to decode quickly. */
#define COMPARE_SIZE 2048

struct _AxPhotoCompare
{
  AdwWindow           parent_instance;

  AxContext          *context;
  char               *patient_id;
  char               *view_tag;
  char               *photo_id;
  GCancellable       *cancellable;
  GPtrArray          *photos;     /* AxPhoto, oldest first */
  GHashTable         *loaders;    /* photo id → AxPhotoLoader */

  GtkToggleButton    *side_button;
  GtkToggleButton    *slider_button;
  GtkToggleButton    *ghost_button;
  GtkLabel           *view_label;
  GtkDropDown        *before_drop;
  GtkDropDown        *after_drop;
  GtkWidget          *opacity_box;
  GtkAdjustment      *opacity_adjustment;
  GtkLabel           *hint_label;
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  GtkSpinner         *spinner;
  AxPhotoCompareView *view;
  GtkLabel           *note_label;
};

G_DEFINE_FINAL_TYPE (AxPhotoCompare, ax_photo_compare, ADW_TYPE_WINDOW)

/* Helpers */

static void
loader_free (gpointer loader)
{
  ax_photo_loader_stop (loader);
  g_object_unref (loader);
}

static void
show_error (AxPhotoCompare *self,
            const char     *message)
{
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, _("Cannot Compare These Photos"));
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_spinner_stop (self->spinner);
}

static void
update_hint (AxPhotoCompare *self)
{
  switch (ax_photo_compare_view_get_mode (self->view))
    {
    case AX_PHOTO_COMPARE_SLIDER:
      gtk_label_set_label (self->hint_label, _("Drag the divider, or use ← and →"));
      break;
    case AX_PHOTO_COMPARE_GHOST:
      gtk_label_set_label (self->hint_label, NULL);
      break;
    default:
      gtk_label_set_label (self->hint_label, NULL);
      break;
    }
  gtk_widget_set_visible (self->opacity_box,
                          ax_photo_compare_view_get_mode (self->view) == AX_PHOTO_COMPARE_GHOST);
}

static AxPhoto *
chosen (AxPhotoCompare *self,
        GtkDropDown    *drop)
{
  guint i = gtk_drop_down_get_selected (drop);

  return self->photos != NULL && i < self->photos->len ? self->photos->pdata[i] : NULL;
}

static void show_textures (AxPhotoCompare *self);

/* The photo's loader, started the first time it is asked for. */
static AxPhotoLoader *
loader_for (AxPhotoCompare *self,
            AxPhoto        *photo)
{
  AxPhotoLoader *loader = g_hash_table_lookup (self->loaders, photo->id);

  if (loader == NULL)
    {
      loader = ax_photo_loader_new (self->context, photo->blob_sha256, COMPARE_SIZE);
      g_hash_table_insert (self->loaders, g_strdup (photo->id), loader);
      g_signal_connect_object (loader, "changed", G_CALLBACK (show_textures), self,
                               G_CONNECT_SWAPPED);
      ax_photo_loader_start (loader);
    }
  return loader;
}

/* What the two loaders have: both pictures (a thumbnail stands in for an
 * original still on its way, with a note saying so), or the spinner, or
 * why they cannot be shown. */
static void
show_textures (AxPhotoCompare *self)
{
  AxPhoto *before = chosen (self, self->before_drop);
  AxPhoto *after = chosen (self, self->after_drop);
  AxPhotoLoader *both[2];
  const char *note = NULL;

  if (before == NULL || after == NULL)
    return;
  both[0] = loader_for (self, before);
  both[1] = loader_for (self, after);
  for (guint i = 0; i < G_N_ELEMENTS (both); i++)
    {
      AxPhotoLoaderState state = ax_photo_loader_get_state (both[i]);

      if (ax_photo_loader_get_texture (both[i]) != NULL)
        {
          /* Waiting for the server says more than loading. */
          if (state == AX_PHOTO_LOADER_OFFLINE || note == NULL)
            note = ax_photo_loader_get_message (both[i]);
          continue;
        }
      if (state == AX_PHOTO_LOADER_LOADING || state == AX_PHOTO_LOADER_PREVIEW)
        {
          gtk_stack_set_visible_child_name (self->stack, "loading");
          gtk_spinner_start (self->spinner);
          return;
        }
      show_error (self, ax_photo_loader_get_message (both[i]));
      if (state == AX_PHOTO_LOADER_OFFLINE)
        {
          adw_status_page_set_icon_name (self->error_page, "network-offline-symbolic");
          adw_status_page_set_title (self->error_page, _("The Photo Is Not on This Desk Yet"));
        }
      return;
    }
  ax_photo_compare_view_set_before (self->view, ax_photo_loader_get_texture (both[0]));
  ax_photo_compare_view_set_after (self->view, ax_photo_loader_get_texture (both[1]));
  gtk_label_set_label (self->note_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "compare");
}

/* Callbacks */

static void
choice_changed_cb (AxPhotoCompare *self)
{
  if (self->photos != NULL)
    show_textures (self);
}

static void
mode_toggled_cb (AxPhotoCompare  *self,
                 GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->slider_button)
    ax_photo_compare_view_set_mode (self->view, AX_PHOTO_COMPARE_SLIDER);
  else if (button == self->ghost_button)
    ax_photo_compare_view_set_mode (self->view, AX_PHOTO_COMPARE_GHOST);
  else
    ax_photo_compare_view_set_mode (self->view, AX_PHOTO_COMPARE_SIDE_BY_SIDE);
  update_hint (self);
  if (button != self->side_button)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
photos_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (AxPhotoCompare) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) photos = ax_photos_query_finish (AX_STORE (source), result, &error);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  guint before = 0, after;

  if (photos == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  if (photos->len < 2)
    {
      show_error (self, _("Before and after needs two photos with the same view; tag another "
                          "photo with this view first."));
      return;
    }

  /* Oldest first: before on the left. */
  self->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_photo_unref);
  for (guint i = photos->len; i > 0; i--)
    {
      AxPhoto *p = photos->pdata[i - 1];
      g_autofree char *date = ax_photo_text_date (p, tz);

      g_ptr_array_add (self->photos, ax_photo_ref (p));
      if (p->caption != NULL)
        {
          g_autofree char *line = g_strdup_printf ("%s · %s", date, p->caption);
          gtk_string_list_append (names, line);
        }
      else
        gtk_string_list_append (names, date);
    }
  after = self->photos->len - 1;
  for (guint i = 0; self->photo_id != NULL && i < self->photos->len; i++)
    if (g_str_equal (((AxPhoto *) self->photos->pdata[i])->id, self->photo_id))
      {
        /* The photo it was opened from is the after one, against the
         * oldest; the oldest itself is the before one, against the newest. */
        if (i > 0)
          after = i;
        break;
      }

  g_signal_handlers_block_by_func (self->before_drop, choice_changed_cb, self);
  g_signal_handlers_block_by_func (self->after_drop, choice_changed_cb, self);
  gtk_drop_down_set_model (self->before_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->after_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->before_drop, before);
  gtk_drop_down_set_selected (self->after_drop, after);
  g_signal_handlers_unblock_by_func (self->before_drop, choice_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->after_drop, choice_changed_cb, self);
  show_textures (self);
}

static void
opacity_changed_cb (GtkAdjustment  *adjustment,
                    AxPhotoCompare *self)
{
  ax_photo_compare_view_set_opacity (self->view, gtk_adjustment_get_value (adjustment));
}

static void
view_opacity_cb (AxPhotoCompare *self)
{
  gtk_adjustment_set_value (self->opacity_adjustment,
                            ax_photo_compare_view_get_opacity (self->view));
}

/* Overrides */

static void
ax_photo_compare_dispose (GObject *object)
{
  AxPhotoCompare *self = AX_PHOTO_COMPARE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  g_clear_pointer (&self->loaders, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_PHOTO_COMPARE);
  G_OBJECT_CLASS (ax_photo_compare_parent_class)->dispose (object);
}

static void
ax_photo_compare_finalize (GObject *object)
{
  AxPhotoCompare *self = AX_PHOTO_COMPARE (object);

  g_free (self->patient_id);
  g_free (self->view_tag);
  g_free (self->photo_id);
  G_OBJECT_CLASS (ax_photo_compare_parent_class)->finalize (object);
}

static void
ax_photo_compare_class_init (AxPhotoCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_photo_compare_dispose;
  object_class->finalize = ax_photo_compare_finalize;

  g_type_ensure (AX_TYPE_PHOTO_COMPARE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/photos/ax-photo-compare.ui");
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, side_button);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, slider_button);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, ghost_button);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, view_label);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, before_drop);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, after_drop);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, opacity_box);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, opacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, hint_label);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, stack);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, view);
  gtk_widget_class_bind_template_child (widget_class, AxPhotoCompare, note_label);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ax_photo_compare_init (AxPhotoCompare *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->loaders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, loader_free);
  g_signal_connect_object (self->opacity_adjustment, "value-changed",
                           G_CALLBACK (opacity_changed_cb), self, 0);
  g_signal_connect_object (self->view, "notify::opacity", G_CALLBACK (view_opacity_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Public API */

AxPhotoCompare *
ax_photo_compare_new (AxContext  *context,
                      GtkWindow  *parent,
                      const char *patient_id,
                      const char *view_tag,
                      const char *photo_id)
{
  AxPhotoCompare *self = g_object_new (AX_TYPE_PHOTO_COMPARE,
                                       "transient-for", parent,
                                       NULL);
  g_autofree char *title = NULL;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (patient_id != NULL && view_tag != NULL, NULL);

  self->context = g_object_ref (context);
  self->patient_id = g_strdup (patient_id);
  self->view_tag = g_strdup (view_tag);
  self->photo_id = g_strdup (photo_id);
  /* TRANSLATORS: the compared photos' view, "Front view" */
  title = g_strdup_printf (_("%s view"), ax_photo_text_view_tag (view_tag));
  gtk_label_set_label (self->view_label, title);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->spinner);
  ax_photos_query_async (ax_context_get_store (context), patient_id, view_tag, self->cancellable,
                         photos_loaded_cb, g_object_ref (self));
  return self;
}

AxPhotoCompareView *
ax_photo_compare_get_view (AxPhotoCompare *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_COMPARE (self), NULL);
  return self->view;
}

void
ax_photo_compare_set_mode (AxPhotoCompare     *self,
                           AxPhotoCompareMode  mode)
{
  g_return_if_fail (AX_IS_PHOTO_COMPARE (self));
  gtk_toggle_button_set_active (mode == AX_PHOTO_COMPARE_SLIDER ? self->slider_button
                                : mode == AX_PHOTO_COMPARE_GHOST ? self->ghost_button
                                : self->side_button, TRUE);
}

void
ax_photo_compare_choose (AxPhotoCompare *self,
                         guint           before,
                         guint           after)
{
  g_return_if_fail (AX_IS_PHOTO_COMPARE (self));
  gtk_drop_down_set_selected (self->before_drop, before);
  gtk_drop_down_set_selected (self->after_drop, after);
}

gboolean
ax_photo_compare_is_ready (AxPhotoCompare *self)
{
  g_return_val_if_fail (AX_IS_PHOTO_COMPARE (self), FALSE);
  return self->photos != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compare") == 0;
}
