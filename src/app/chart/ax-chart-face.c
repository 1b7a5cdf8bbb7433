/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-chart-face.h"

#include <glib/gi18n.h>

#include "ax-face-canvas.h"
#include "ax-face-chart-panel.h"
#include "ax-overlays.h"
#include "ax-photos.h"
#include "photos/ax-photo-loader.h"
#include "photos/ax-photo-text.h"

/* How long after the last change the face chart is saved. */
#define SAVE_DELAY_MS 800

/* What the canvas can draw on: a diagram, or a photo of the patient. */
typedef struct
{
  AxFaceDiagram  diagram;
  AxPhoto       *photo;  /* NULL for a diagram */
} Background;

struct _AxChartFace
{
  GtkWidget      parent_instance;

  AxContext     *context;
  AxChart       *chart;
  GArray        *backgrounds;    /* Background, as in the drop-down */
  GPtrArray     *products;       /* AxChartProduct, what the points offer */
  GArray        *face_products;  /* AxFaceProduct, pointing into products */
  GCancellable  *cancellable;    /* photos, products and the photo on its way */
  guint          current;        /* index into backgrounds */
  char          *saved_sha256;   /* of the stored overlay of current; NULL when none */
  gboolean       dirty;
  gboolean       applying;       /* setting the overlay: no "changed" */
  gboolean       choosing;       /* filling the drop-down: no "notify::selected" */
  guint          save_source;
  AxPhotoLoader *loader;         /* the current background's photo */
  gboolean       photo_shown;    /* the loader's picture is on the canvas */
  gboolean       preview_shown;  /* … and it is the thumbnail */

  GtkWidget     *box;
  GtkDropDown   *background_drop;
  GtkStringList *background_names;
  GtkLabel      *state_label;
  GtkWidget     *save_button;
  GtkStack      *stack;
  AdwStatusPage *error_page;
  AxFaceCanvas  *canvas;
  GtkLabel      *photo_note;
  GtkWidget     *panel;
};

G_DEFINE_FINAL_TYPE (AxChartFace, ax_chart_face, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_background (AxChartFace *self);

/* Helpers */

static void
background_clear (Background *background)
{
  g_clear_pointer (&background->photo, ax_photo_unref);
}

static gboolean
is_editable (AxChartFace *self)
{
  return self->chart != NULL && ax_chart_status_is_editable (self->chart->status)
         && ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);
}

static const Background *
current_background (AxChartFace *self)
{
  if (self->current >= self->backgrounds->len)
    return NULL;
  return &g_array_index (self->backgrounds, Background, self->current);
}

static const char *
diagram_name (AxFaceDiagram diagram)
{
  return diagram == AX_FACE_DIAGRAM_PROFILE ? "profile" : "front";
}

/* The chart's stored overlay for a background, or NULL. */
static const AxChartOverlay *
stored_overlay (AxChartFace      *self,
                const Background *background)
{
  for (guint i = 0; self->chart != NULL && i < self->chart->overlays->len; i++)
    {
      const AxChartOverlay *o = self->chart->overlays->pdata[i];

      if (background->photo != NULL ? g_strcmp0 (o->photo_id, background->photo->id) == 0
                                    : (o->photo_id == NULL
                                       && g_strcmp0 (o->diagram,
                                                     diagram_name (background->diagram)) == 0))
        return o;
    }
  return NULL;
}

static void
set_state (AxChartFace *self,
           const char  *text,
           gboolean     is_error)
{
  gtk_label_set_label (self->state_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
}

static void
update_state (AxChartFace *self)
{
  gboolean editable = is_editable (self);

  ax_face_canvas_set_read_only (self->canvas, !editable);
  gtk_widget_set_sensitive (self->save_button, editable && self->dirty);
  if (!editable)
    set_state (self, _("Read-only"), FALSE);
  else if (self->dirty)
    set_state (self, _("Unsaved changes"), FALSE);
  else
    set_state (self, _("All changes saved"), FALSE);
}

/* Puts the stored overlay of the current background on the canvas (an
 * empty one in the background's own pixel space when there is none). */
static void
apply_stored_overlay (AxChartFace *self,
                      guint        width,
                      guint        height)
{
  const AxChartOverlay *stored = stored_overlay (self, current_background (self));
  g_autoptr (AxOverlay) overlay = NULL;
  g_autoptr (GError) error = NULL;

  if (stored != NULL)
    overlay = ax_overlay_parse (stored->overlay_json, &error);
  if (overlay == NULL)
    {
      if (error != NULL)
        set_state (self, error->message, TRUE);
      overlay = ax_overlay_new (width, height);
    }
  g_free (self->saved_sha256);
  self->saved_sha256 = stored != NULL ? ax_overlay_sha256 (overlay) : NULL;
  self->applying = TRUE;
  ax_face_canvas_set_overlay (self->canvas, overlay);
  self->applying = FALSE;
  self->dirty = FALSE;
}

static gboolean
save_cb (gpointer user_data)
{
  AxChartFace *self = user_data;
  g_autoptr (GError) error = NULL;

  self->save_source = 0;
  if (!ax_chart_face_save_now (self, &error))
    set_state (self, error->message, TRUE);
  return G_SOURCE_REMOVE;
}

/* Callbacks */

static void
canvas_changed_cb (AxChartFace *self)
{
  if (self->applying)
    return;
  self->dirty = TRUE;
  update_state (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

static void
save_clicked_cb (AxChartFace *self)
{
  g_autoptr (GError) error = NULL;

  if (!ax_chart_face_save_now (self, &error))
    set_state (self, error->message, TRUE);
}

static void
use_diagram_cb (AxChartFace *self)
{
  gtk_drop_down_set_selected (self->background_drop, 0);
}

static void
stop_loader (AxChartFace *self)
{
  if (self->loader != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->loader, self);
      ax_photo_loader_stop (self->loader);
    }
  g_clear_object (&self->loader);
  self->photo_shown = FALSE;
  self->preview_shown = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->photo_note), FALSE);
}

/* The photo's picture as the loader has it: the original, or its
 * thumbnail stretched over the photo's own pixels (the overlay's space)
 * with a note, swapped for the original when it comes. */
static void
photo_changed_cb (AxChartFace *self)
{
  const Background *background = current_background (self);
  AxPhotoLoaderState state = ax_photo_loader_get_state (self->loader);
  GdkTexture *texture = ax_photo_loader_get_texture (self->loader);
  const char *message = ax_photo_loader_get_message (self->loader);
  gboolean preview = ax_photo_loader_is_preview (self->loader);

  if (background == NULL || background->photo == NULL)
    return;
  if (texture == NULL)
    {
      if (state == AX_PHOTO_LOADER_LOADING || state == AX_PHOTO_LOADER_PREVIEW)
        {
          gtk_stack_set_visible_child_name (self->stack, "loading");
          return;
        }
      adw_status_page_set_icon_name (self->error_page, state == AX_PHOTO_LOADER_OFFLINE
                                                         ? "network-offline-symbolic"
                                                         : "dialog-warning-symbolic");
      adw_status_page_set_title (self->error_page, state == AX_PHOTO_LOADER_OFFLINE
                                                     ? _("The Photo Is Not on This Desk Yet")
                                                     : _("This Photo Cannot Be Shown"));
      adw_status_page_set_description (self->error_page, message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  if (!self->photo_shown)
    {
      if (preview)
        ax_face_canvas_set_photo_preview (self->canvas, texture, background->photo->width,
                                          background->photo->height);
      else
        ax_face_canvas_set_photo (self->canvas, texture);
      apply_stored_overlay (self, background->photo->width, background->photo->height);
      ax_face_canvas_zoom_fit (self->canvas);
      gtk_stack_set_visible_child_name (self->stack, "canvas");
      update_state (self);
      self->photo_shown = TRUE;
    }
  else if (self->preview_shown && !preview)
    ax_face_canvas_swap_photo (self->canvas, texture);
  self->preview_shown = preview;
  gtk_label_set_label (self->photo_note, preview ? message : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->photo_note), preview && message != NULL);
}

static void
load_background (AxChartFace *self)
{
  const Background *background = current_background (self);

  stop_loader (self);
  if (background == NULL)
    return;
  if (background->photo == NULL)
    {
      ax_face_canvas_set_photo (self->canvas, NULL);
      ax_face_canvas_set_diagram (self->canvas, background->diagram);
      apply_stored_overlay (self, AX_FACE_DIAGRAM_WIDTH, AX_FACE_DIAGRAM_HEIGHT);
      ax_face_canvas_zoom_fit (self->canvas);
      gtk_stack_set_visible_child_name (self->stack, "canvas");
      update_state (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "loading");
  /* Full size: the overlay is in the photo's own pixels. */
  self->loader = ax_photo_loader_new (self->context, background->photo->blob_sha256, 0);
  g_signal_connect_swapped (self->loader, "changed", G_CALLBACK (photo_changed_cb), self);
  ax_photo_loader_start (self->loader);
}

static void
background_selected_cb (AxChartFace *self)
{
  guint selected = gtk_drop_down_get_selected (self->background_drop);
  g_autoptr (GError) error = NULL;

  if (self->choosing || selected == self->current || selected == GTK_INVALID_LIST_POSITION)
    return;
  /* What was drawn on the last background is stored before leaving it. */
  if (!ax_chart_face_save_now (self, &error))
    {
      self->choosing = TRUE;
      gtk_drop_down_set_selected (self->background_drop, self->current);
      self->choosing = FALSE;
      set_state (self, error->message, TRUE);
      return;
    }
  self->current = selected;
  load_background (self);
}

/* The first background: the photo or diagram already charted, else a photo
 * taken for this chart, else the front diagram. */
static guint
initial_background (AxChartFace *self)
{
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < self->backgrounds->len; i++)
      {
        const Background *b = &g_array_index (self->backgrounds, Background, i);

        if (pass < 2 && stored_overlay (self, b) != NULL && (b->photo != NULL) == (pass == 0))
          return i;
        if (pass == 2 && b->photo != NULL
            && g_strcmp0 (b->photo->chart_id, self->chart->id) == 0)
          return i;
      }
  return 0;
}

static void
fill_backgrounds (AxChartFace *self,
                  GPtrArray   *photos)
{
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Background diagram = { 0 };

  g_array_set_size (self->backgrounds, 0);
  diagram.diagram = AX_FACE_DIAGRAM_FRONT;
  g_array_append_val (self->backgrounds, diagram);
  g_ptr_array_add (names, g_strdup (_("Face diagram, front")));
  diagram.diagram = AX_FACE_DIAGRAM_PROFILE;
  g_array_append_val (self->backgrounds, diagram);
  g_ptr_array_add (names, g_strdup (_("Face diagram, profile")));
  for (guint i = 0; photos != NULL && i < photos->len; i++)
    {
      AxPhoto *photo = photos->pdata[i];
      Background b = { AX_FACE_DIAGRAM_FRONT, ax_photo_ref (photo) };
      g_autofree char *date = ax_photo_text_date (photo, tz);

      g_array_append_val (self->backgrounds, b);
      /* Translators: a photo to draw the face chart on: its view and date */
      g_ptr_array_add (names, g_strdup_printf (_("Photo, %s, %s"),
                                               ax_photo_text_view_tag (photo->view_tag), date));
    }
  g_ptr_array_add (names, NULL);

  self->choosing = TRUE;
  gtk_string_list_splice (self->background_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->background_names)),
                          (const char *const *) names->pdata);
  self->current = initial_background (self);
  gtk_drop_down_set_selected (self->background_drop, self->current);
  self->choosing = FALSE;
  load_background (self);
}

static void
photos_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (AxChartFace) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) photos = ax_photos_query_finish (AX_STORE (source), result, &error);

  if (photos == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without the photos, the diagrams still work. */
  if (photos == NULL)
    g_warning ("The patient's photos could not be read: %s", error->message);
  fill_backgrounds (self, photos);
}

static void
products_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (AxChartFace) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *products = ax_chart_products_query_finish (AX_STORE (source), result, &error);

  if (products == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The products for the face chart could not be read: %s", error->message);
      return;
    }
  g_clear_pointer (&self->products, g_ptr_array_unref);
  self->products = products;
  g_array_set_size (self->face_products, 0);
  for (guint i = 0; i < products->len; i++)
    {
      const AxChartProduct *p = products->pdata[i];

      for (guint j = 0; j < p->lots->len; j++)
        {
          const AxChartLot *lot = p->lots->pdata[j];
          AxFaceProduct fp = { p->id, p->name, lot->id, lot->lot_number, lot->expiry_date,
                               p->unit };

          /* An expired lot is refused on a chart: it is not offered. */
          if (!lot->expired)
            g_array_append_val (self->face_products, fp);
        }
    }
  ax_face_canvas_set_products (self->canvas, (const AxFaceProduct *) self->face_products->data,
                               self->face_products->len);
}

/* Starts over for another chart: its patient's photos and the products. */
static void
start_chart (AxChartFace *self)
{
  AxStore *store = ax_context_get_store (self->context);
  g_autofree char *visit_day = ax_chart_day_of (self->chart->visit_at,
                                                ax_store_get_timezone (store));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->dirty = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  ax_photos_query_async (store, self->chart->patient_id, NULL, self->cancellable,
                         photos_loaded_cb, g_object_ref (self));
  ax_chart_products_query_async (store, visit_day, self->cancellable, products_loaded_cb,
                                 g_object_ref (self));
}

/* Overrides */

static void
ax_chart_face_constructed (GObject *object)
{
  AxChartFace *self = AX_CHART_FACE (object);

  G_OBJECT_CLASS (ax_chart_face_parent_class)->constructed (object);
  update_state (self);
}

static void
ax_chart_face_dispose (GObject *object)
{
  AxChartFace *self = AX_CHART_FACE (object);

  /* A change still waiting for its moment is not lost. */
  if (self->dirty && is_editable (self))
    {
      g_autoptr (GError) error = NULL;

      if (!ax_chart_face_save_now (self, &error))
        g_warning ("The face chart could not be saved: %s", error->message);
    }
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->photo_note != NULL)
    stop_loader (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->chart, ax_chart_unref);
  g_clear_pointer (&self->backgrounds, g_array_unref);
  g_clear_pointer (&self->face_products, g_array_unref);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->saved_sha256, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_chart_face_parent_class)->dispose (object);
}

static void
ax_chart_face_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AxChartFace *self = AX_CHART_FACE (object);

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
ax_chart_face_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AxChartFace *self = AX_CHART_FACE (object);

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
ax_chart_face_class_init (AxChartFaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_chart_face_constructed;
  object_class->dispose = ax_chart_face_dispose;
  object_class->get_property = ax_chart_face_get_property;
  object_class->set_property = ax_chart_face_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chartface");
}

static GtkWidget *
new_header (AxChartFace *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Draw on"));

  self->background_names = gtk_string_list_new (NULL);
  self->background_drop = GTK_DROP_DOWN (gtk_drop_down_new (
    G_LIST_MODEL (self->background_names), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->background_drop));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->background_drop),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Draw on"), -1);
  g_signal_connect_swapped (self->background_drop, "notify::selected",
                            G_CALLBACK (background_selected_cb), self);

  self->state_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->state_label), TRUE);
  gtk_label_set_xalign (self->state_label, 1);
  gtk_label_set_ellipsize (self->state_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Face chart state"), -1);

  self->save_button = gtk_button_new_with_mnemonic (_("_Save Face Chart"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->save_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Save face chart"), -1);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);

  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->background_drop));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->state_label));
  gtk_box_append (GTK_BOX (header), self->save_button);
  return header;
}

static GtkWidget *
new_stack (AxChartFace *self)
{
  GtkWidget *canvas_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *overlay;
  GtkWidget *button;

  self->stack = GTK_STACK (gtk_stack_new ());
  self->canvas = AX_FACE_CANVAS (ax_face_canvas_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->canvas), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->canvas), 320, 560);
  g_signal_connect_swapped (self->canvas, "changed", G_CALLBACK (canvas_changed_cb), self);
  self->panel = ax_face_chart_panel_new (self->canvas);
  /* Over a thumbnail standing in for the original: what it is. */
  self->photo_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->photo_note), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->photo_note), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->photo_note), GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->photo_note), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->photo_note), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->photo_note), 18);
  gtk_label_set_wrap (self->photo_note, TRUE);
  gtk_label_set_justify (self->photo_note, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->photo_note), "osd");
  gtk_widget_add_css_class (GTK_WIDGET (self->photo_note), "photo-note");
  /* Drawing goes on under it. */
  gtk_widget_set_can_target (GTK_WIDGET (self->photo_note), FALSE);
  overlay = gtk_overlay_new ();
  gtk_widget_set_hexpand (overlay, TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->canvas));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->photo_note));
  gtk_box_append (GTK_BOX (canvas_box), overlay);
  gtk_box_append (GTK_BOX (canvas_box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (canvas_box), self->panel);
  gtk_stack_add_named (self->stack, canvas_box, "canvas");

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loading the face chart"), -1);
  gtk_stack_add_named (self->stack, spinner, "loading");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, _("This Photo Cannot Be Shown"));
  button = gtk_button_new_with_mnemonic (_("Use the _Face Diagram"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (use_diagram_cb), self);
  adw_status_page_set_child (self->error_page, button);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");
  return GTK_WIDGET (self->stack);
}

static void
ax_chart_face_init (AxChartFace *self)
{
  self->backgrounds = g_array_new (FALSE, TRUE, sizeof (Background));
  g_array_set_clear_func (self->backgrounds, (GDestroyNotify) background_clear);
  self->face_products = g_array_new (FALSE, TRUE, sizeof (AxFaceProduct));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), new_header (self));
  gtk_box_append (GTK_BOX (self->box), new_stack (self));
}

/* Public API */

GtkWidget *
ax_chart_face_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_CHART_FACE, "context", context, NULL);
}

void
ax_chart_face_set_chart (AxChartFace *self,
                         AxChart     *chart)
{
  gboolean same;
  const Background *background;
  const AxChartOverlay *stored;

  g_return_if_fail (AX_IS_CHART_FACE (self));

  same = chart != NULL && self->chart != NULL && g_str_equal (chart->id, self->chart->id);
  if (!same && self->dirty)
    {
      g_autoptr (GError) error = NULL;

      /* Leaving a chart: what was drawn on it is stored first. */
      if (!ax_chart_face_save_now (self, &error))
        g_warning ("The face chart could not be saved: %s", error->message);
    }
  if (chart != NULL)
    ax_chart_ref (chart);
  g_clear_pointer (&self->chart, ax_chart_unref);
  self->chart = chart;
  if (chart == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }
  if (!same || self->backgrounds->len == 0)
    {
      start_chart (self);
      update_state (self);
      return;
    }

  /* The same chart again (after a save, an entry or a sign-off): the canvas
   * stays, unless its stored overlay was changed elsewhere. */
  background = current_background (self);
  stored = background != NULL ? stored_overlay (self, background) : NULL;
  if (stored != NULL && !self->dirty)
    {
      g_autoptr (AxOverlay) overlay = ax_overlay_parse (stored->overlay_json, NULL);
      g_autofree char *sha = overlay != NULL ? ax_overlay_sha256 (overlay) : NULL;

      if (sha != NULL && g_strcmp0 (sha, self->saved_sha256) != 0)
        {
          self->applying = TRUE;
          ax_face_canvas_set_overlay (self->canvas, overlay);
          self->applying = FALSE;
          g_free (self->saved_sha256);
          self->saved_sha256 = g_steal_pointer (&sha);
        }
    }
  update_state (self);
}

gboolean
ax_chart_face_save_now (AxChartFace *self,
                        GError     **error)
{
  const Background *background;
  g_autoptr (JsonObject) args = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (AX_IS_CHART_FACE (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  background = current_background (self);
  if (!self->dirty || background == NULL || self->chart == NULL)
    return TRUE;

  json = ax_overlay_to_json (ax_face_canvas_get_overlay (self->canvas));
  args = json_object_new ();
  json_object_set_string_member (args, "chart_id", self->chart->id);
  if (background->photo != NULL)
    json_object_set_string_member (args, "photo_id", background->photo->id);
  else
    json_object_set_string_member (args, "diagram", diagram_name (background->diagram));
  json_object_set_string_member (args, "overlay_json", json);
  json_object_set_string_member (args, "from_sha256",
                                 self->saved_sha256 != NULL ? self->saved_sha256 : "");
  node = json_node_init_object (json_node_alloc (), args);

  set_state (self, _("Saving…"), FALSE);
  /* The store's "changed" brings the chart back through set_chart(): what is
   * saved must be known by then. */
  self->dirty = FALSE;
  result = ax_store_mutate (ax_context_get_store (self->context),
                            ax_context_get_actor (self->context), "overlay.save", node, error);
  if (result == NULL)
    {
      self->dirty = TRUE;
      gtk_widget_set_sensitive (self->save_button, is_editable (self));
      return FALSE;
    }
  g_free (self->saved_sha256);
  self->saved_sha256 = g_strdup (json_object_get_string_member (json_node_get_object (result),
                                                                "sha256"));
  update_state (self);
  return TRUE;
}

gboolean
ax_chart_face_is_saved (AxChartFace *self)
{
  g_return_val_if_fail (AX_IS_CHART_FACE (self), FALSE);
  return !self->dirty;
}

AxFaceCanvas *
ax_chart_face_get_canvas (AxChartFace *self)
{
  g_return_val_if_fail (AX_IS_CHART_FACE (self), NULL);
  return self->canvas;
}
