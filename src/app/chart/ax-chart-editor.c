/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The chart editor: reads the chart off the main thread, shows it, and
 * runs the chart mutators; the dialogs (entry, sign, return) are in
 * ax-chart-editor-dialogs.c. Opening a chart writes a chart.view audit
 * entry; the edit controls follow the chart's status and the role. */

#include "ax-chart-editor-private.h"

#include <glib/gi18n.h>

/* The largest side of a photo printed in a chart's PDF, in pixels. */
#define PDF_PHOTO_SIZE 1600

#include "ax-blob-store.h"
#include "ax-chart-face.h"
#include "ax-chart-pdf.h"
#include "ax-chart-text.h"
#include "ax-photo-import.h"
#include "photos/ax-photo-loader.h"
#include "widgets/ax-form-dialog.h"

G_DEFINE_FINAL_TYPE (AxChartEditor, ax_chart_editor, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const styles[] = { "draft", "warning", "success" };

/* Helpers */

void
ax_chart_editor_toast (AxChartEditor *self,
                       const char    *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
ax_chart_editor_toast_error (AxChartEditor *self,
                             const GError  *error)
{
  g_autofree char *text = ax_form_error_text (error->message);
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

JsonNode *
ax_chart_editor_mutate (AxChartEditor *self,
                        const char    *name,
                        JsonObject    *args,
                        GError       **error)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), args);

  return ax_store_mutate (ax_context_get_store (self->context),
                          ax_context_get_actor (self->context), name, node, error);
}

static gboolean
is_editable (AxChartEditor *self)
{
  return self->chart != NULL && ax_chart_status_is_editable (self->chart->status)
         && ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);
}

static void
update_actions (AxChartEditor *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean editor = ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);
  gboolean signer = ax_context_can (self->context, AX_PERM_CHART_SIGN);
  gboolean editable = is_editable (self);
  AxChartStatus status = self->chart ? self->chart->status : AX_CHART_STATUS_INVALID;

  gtk_widget_action_set_enabled (w, "chart.add-entry", editable);
  gtk_widget_action_set_enabled (w, "chart.edit-entry", editable);
  gtk_widget_action_set_enabled (w, "chart.remove-entry", editable);
  gtk_widget_action_set_enabled (w, "chart.save-notes", editable);
  gtk_widget_action_set_enabled (w, "chart.submit", editable && self->chart->entries->len > 0);
  gtk_widget_action_set_enabled (w, "chart.sign", signer && status == AX_CHART_NEEDS_SIGNOFF);
  gtk_widget_action_set_enabled (w, "chart.return", signer && status == AX_CHART_NEEDS_SIGNOFF);
  gtk_widget_action_set_enabled (w, "chart.amend", editor && status == AX_CHART_MD_SIGNED);
  gtk_widget_action_set_enabled (w, "chart.export-pdf", self->chart != NULL);

  gtk_widget_set_visible (self->submit_button, editor && status == AX_CHART_DRAFT);
  gtk_widget_set_visible (self->sign_button, signer && status == AX_CHART_NEEDS_SIGNOFF);
  gtk_widget_set_visible (self->amend_button, editor && status == AX_CHART_MD_SIGNED);
  gtk_widget_set_visible (self->add_entry_button, editor);
  gtk_widget_set_visible (self->save_notes_button, editor);
  gtk_text_view_set_editable (self->notes_view, editable);
  gtk_text_view_set_editable (self->aftercare_view, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->notes_view), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->aftercare_view), editable);
}

static void
set_text_view (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* A label whose text is data keeps a fixed accessible name (docs/app.md). */
static void
set_described (GtkLabel   *label,
               const char *name,
               const char *text)
{
  gtk_label_set_text (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static GtkWidget *
new_entry_row (AxChartEditor      *self,
               const AxChartEntry *e,
               gboolean            editable)
{
  g_autofree char *title = ax_chart_text_entry_title (e);
  g_autofree char *detail = ax_chart_text_entry_detail (e);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *edit_name = g_strdup_printf (_("Edit %s"), title);
  g_autofree char *remove_name = g_strdup_printf (_("Remove %s"), title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  detail, -1);
  for (int i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? edit : remove;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                      i == 0 ? "chart.edit-entry" : "chart.remove-entry");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", e->id);
      gtk_widget_set_tooltip_text (button, i == 0 ? _("Edit") : _("Remove"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      i == 0 ? edit_name : remove_name, -1);
      gtk_widget_set_visible (button, editable);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
fill (AxChartEditor *self)
{
  AxChart *c = self->chart;
  GTimeZone *tz = ax_store_get_timezone (ax_context_get_store (self->context));
  g_autofree char *title = NULL;
  g_autofree char *visit = ax_chart_text_instant (c->visit_at, tz);
  g_autofree char *facts = NULL;
  g_autofree char *locked = ax_chart_text_locked_line (c, tz);
  g_autofree char *hash = NULL;
  gboolean editable = is_editable (self);
  GtkListBoxRow *row;

  title = g_strdup (*c->template_name ? c->template_name : _("Clinical Chart"));
  set_described (self->title_label, _("Chart title"), title);
  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), ax_chart_text_status_style (c->status));
  set_described (self->status_label, _("Chart status"), ax_chart_status_display_name (c->status));
  /* Translators: under a chart's title: patient, patient number, visit, provider */
  facts = g_strdup_printf (_("%s (%s) · visit %s · %s"), c->patient_name, c->patient_number, visit,
                           *c->provider_name ? c->provider_name : _("no provider"));
  set_described (self->facts_label, _("Visit"), facts);

  gtk_widget_set_visible (GTK_WIDGET (self->amends_label),
                          c->amends_chart_id != NULL || c->amended_by_id != NULL);
  if (c->amends_chart_id != NULL)
    set_described (self->amends_label, _("Amendment"),
                   _("Amendment: this chart corrects an earlier signed chart, which stays as it was."));
  else if (c->amended_by_id != NULL)
    set_described (self->amends_label, _("Amendment"),
                   _("This chart has been amended: see the newer chart in the list."));

  gtk_widget_set_visible (self->locked_box, locked != NULL);
  if (locked != NULL)
    set_described (self->locked_label, _("Read-only notice"), locked);

  while ((row = gtk_list_box_get_row_at_index (self->entries_list, 0)) != NULL)
    gtk_list_box_remove (self->entries_list, GTK_WIDGET (row));
  for (guint i = 0; i < c->entries->len; i++)
    gtk_list_box_append (self->entries_list, new_entry_row (self, c->entries->pdata[i], editable));

  set_text_view (self->notes_view, c->notes);
  set_text_view (self->aftercare_view, c->aftercare);

  if (c->content_sha256 != NULL && g_strcmp0 (c->content_sha256, c->current_sha256) != 0)
    hash = g_strdup_printf (_("Signed SHA-256: %s — the chart no longer matches it (now %s)"),
                            c->content_sha256, c->current_sha256);
  else
    hash = g_strdup_printf (_("Content SHA-256: %s"), c->current_sha256);
  set_described (self->hash_label, _("Content hash"), hash);

  if (self->face == NULL)
    {
      self->face = ax_chart_face_new (self->context);
      gtk_box_append (GTK_BOX (self->face_chart_slot), self->face);
    }
  ax_chart_face_set_chart (AX_CHART_FACE (self->face), c);
  update_actions (self);
}

/* Loading */

static void
chart_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  AxChart *chart = ax_chart_query_finish (AX_STORE (source), result, &error);
  AxChartEditor *self;

  if (chart == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_CHART_EDITOR (user_data);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->chart, ax_chart_unref);
  self->chart = chart;
  if (chart == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return;
    }
  fill (self);
  gtk_stack_set_visible_child_name (self->stack, "chart");
}

void
ax_chart_editor_reload (AxChartEditor *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chart_id == NULL)
    {
      g_clear_pointer (&self->chart, ax_chart_unref);
      if (self->face != NULL)
        ax_chart_face_set_chart (AX_CHART_FACE (self->face), NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }
  if (self->chart == NULL || g_strcmp0 (self->chart->id, self->chart_id) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->cancellable = g_cancellable_new ();
  /* The callback holds the editor only while the read is on its way. */
  ax_chart_query_async (ax_context_get_store (self->context), self->chart_id, self->cancellable,
                        chart_loaded_cb, self);
}

static void
store_changed_cb (AxChartEditor *self,
                  const char    *mutator)
{
  /* Read audits change nothing shown. */
  if (self->chart_id == NULL || g_strcmp0 (mutator, "chart.open") == 0
      || g_strcmp0 (mutator, "chart.export") == 0)
    return;
  ax_chart_editor_reload (self);
}

/* Actions */

static void
reload_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  ax_chart_editor_reload (AX_CHART_EDITOR (widget));
}

static void
add_entry_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ax_chart_editor_entry_dialog (AX_CHART_EDITOR (widget), NULL);
}

static void
edit_entry_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ax_chart_editor_entry_dialog (AX_CHART_EDITOR (widget), g_variant_get_string (parameter, NULL));
}

static void
remove_entry_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AxChartEditor *self = AX_CHART_EDITOR (widget);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (args, "id", g_variant_get_string (parameter, NULL));
  result = ax_chart_editor_mutate (self, "chart_entry.remove", args, &error);
  if (result == NULL)
    ax_chart_editor_toast_error (self, error);
  else
    ax_chart_editor_toast (self, _("Entry removed"));
}

static void
save_notes_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxChartEditor *self = AX_CHART_EDITOR (widget);
  g_autofree char *notes = text_view_text (self->notes_view);
  g_autofree char *aftercare = text_view_text (self->aftercare_view);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *set = json_object_new ();
  JsonObject *from = json_object_new ();

  json_object_set_string_member (args, "id", self->chart->id);
  json_object_set_object_member (args, "set", set);
  json_object_set_object_member (args, "from", from);
  if (g_strcmp0 (notes, self->chart->notes ? self->chart->notes : "") != 0)
    {
      json_object_set_string_member (set, "notes", notes);
      json_object_set_string_member (from, "notes", self->chart->notes);
    }
  if (g_strcmp0 (aftercare, self->chart->aftercare ? self->chart->aftercare : "") != 0)
    {
      json_object_set_string_member (set, "aftercare", aftercare);
      json_object_set_string_member (from, "aftercare", self->chart->aftercare);
    }
  if (json_object_get_size (set) == 0)
    {
      ax_chart_editor_toast (self, _("Nothing to save"));
      return;
    }
  result = ax_chart_editor_mutate (self, "chart.update", args, &error);
  if (result == NULL)
    ax_chart_editor_toast_error (self, error);
  else
    ax_chart_editor_toast (self, _("Notes saved"));
}

static void
submit_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AxChartEditor *self = AX_CHART_EDITOR (widget);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (self->chart == NULL)
    return;
  /* What is drawn goes with the chart to the medical director. */
  if (self->face != NULL && !ax_chart_face_save_now (AX_CHART_FACE (self->face), &error))
    {
      ax_chart_editor_toast_error (self, error);
      return;
    }
  json_object_set_string_member (args, "id", self->chart->id);
  result = ax_chart_editor_mutate (self, "chart.submit", args, &error);
  if (result == NULL)
    ax_chart_editor_toast_error (self, error);
  else
    ax_chart_editor_toast (self, _("Sent to the medical director for sign-off"));
}

static void
sign_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  ax_chart_editor_sign_dialog (AX_CHART_EDITOR (widget));
}

static void
return_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  ax_chart_editor_return_dialog (AX_CHART_EDITOR (widget));
}

static void
amend_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  AxChartEditor *self = AX_CHART_EDITOR (widget);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (self->chart == NULL)
    return;
  json_object_set_string_member (args, "id", self->chart->id);
  result = ax_chart_editor_mutate (self, "chart.amend", args, &error);
  if (result == NULL)
    {
      ax_chart_editor_toast_error (self, error);
      return;
    }
  ax_chart_editor_show_chart (self, json_object_get_string_member (json_node_get_object (result),
                                                                    "id"));
  ax_chart_editor_toast (self, _("Amendment started: a new draft; the signed chart stays as it was"));
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AxChartEditor *self = AX_CHART_EDITOR (source);
  g_autoptr (GError) error = NULL;

  if (ax_chart_editor_export_pdf_finish (self, result, &error))
    ax_chart_editor_toast (self, _("Chart saved as PDF"));
  else
    ax_chart_editor_toast_error (self, error);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    AxChartEditor   *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file ? g_file_get_path (file) : NULL;
      if (path != NULL)
        ax_chart_editor_export_pdf_async (self, path, NULL, exported_cb, NULL);
    }
  g_object_unref (dialog);
}

static void
export_pdf_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxChartEditor *self = AX_CHART_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *day = NULL;

  if (self->chart == NULL)
    return;
  day = ax_chart_day_of (self->chart->visit_at,
                         ax_store_get_timezone (ax_context_get_store (self->context)));
  /* Translators: the suggested file name of a chart's PDF */
  name = g_strdup_printf (_("chart-%s-%s.pdf"), self->chart->patient_number, day);
  chooser = gtk_file_chooser_native_new (_("Export Chart as PDF"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Overrides */

static void
ax_chart_editor_constructed (GObject *object)
{
  AxChartEditor *self = AX_CHART_EDITOR (object);

  G_OBJECT_CLASS (ax_chart_editor_parent_class)->constructed (object);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_chart_editor_dispose (GObject *object)
{
  AxChartEditor *self = AX_CHART_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_CHART_EDITOR);
  G_OBJECT_CLASS (ax_chart_editor_parent_class)->dispose (object);
}

static void
ax_chart_editor_finalize (GObject *object)
{
  AxChartEditor *self = AX_CHART_EDITOR (object);

  g_clear_pointer (&self->chart, ax_chart_unref);
  g_free (self->chart_id);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_chart_editor_parent_class)->finalize (object);
}

static void
ax_chart_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AxChartEditor *self = AX_CHART_EDITOR (object);

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
ax_chart_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AxChartEditor *self = AX_CHART_EDITOR (object);

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
ax_chart_editor_class_init (AxChartEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_chart_editor_constructed;
  object_class->dispose = ax_chart_editor_dispose;
  object_class->finalize = ax_chart_editor_finalize;
  object_class->get_property = ax_chart_editor_get_property;
  object_class->set_property = ax_chart_editor_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.reload", NULL, reload_cb);
  gtk_widget_class_install_action (widget_class, "chart.add-entry", NULL, add_entry_cb);
  gtk_widget_class_install_action (widget_class, "chart.edit-entry", "s", edit_entry_cb);
  gtk_widget_class_install_action (widget_class, "chart.remove-entry", "s", remove_entry_cb);
  gtk_widget_class_install_action (widget_class, "chart.save-notes", NULL, save_notes_cb);
  gtk_widget_class_install_action (widget_class, "chart.submit", NULL, submit_cb);
  gtk_widget_class_install_action (widget_class, "chart.sign", NULL, sign_cb);
  gtk_widget_class_install_action (widget_class, "chart.return", NULL, return_cb);
  gtk_widget_class_install_action (widget_class, "chart.amend", NULL, amend_cb);
  gtk_widget_class_install_action (widget_class, "chart.export-pdf", NULL, export_pdf_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "chart.add-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "chart.save-notes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "chart.export-pdf", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/chart/ax-chart-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, facts_label);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, amends_label);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, locked_box);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, locked_label);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, submit_button);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, sign_button);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, amend_button);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, add_entry_button);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, entries_list);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, face_chart_slot);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, aftercare_view);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, save_notes_button);
  gtk_widget_class_bind_template_child (widget_class, AxChartEditor, hash_label);
  gtk_widget_class_set_css_name (widget_class, "charteditor");
}

static void
ax_chart_editor_init (AxChartEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
ax_chart_editor_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  return g_object_new (AX_TYPE_CHART_EDITOR, "context", context, NULL);
}

void
ax_chart_editor_show_chart (AxChartEditor *self,
                            const char    *chart_id)
{
  g_return_if_fail (AX_IS_CHART_EDITOR (self));

  if (g_strcmp0 (chart_id, self->chart_id) != 0)
    {
      g_free (self->chart_id);
      self->chart_id = g_strdup (chart_id);
    }
  /* Opening a chart is a read of clinical data: audited. */
  if (chart_id != NULL)
    {
      g_autoptr (JsonObject) args = json_object_new ();
      g_autoptr (JsonNode) result = NULL;
      g_autoptr (GError) error = NULL;

      json_object_set_string_member (args, "id", chart_id);
      result = ax_chart_editor_mutate (self, "chart.open", args, &error);
      if (result == NULL)
        g_warning ("chart.open %s: %s", chart_id, error->message);
    }
  ax_chart_editor_reload (self);
}

const char *
ax_chart_editor_get_chart_id (AxChartEditor *self)
{
  g_return_val_if_fail (AX_IS_CHART_EDITOR (self), NULL);
  return self->chart_id;
}

AxChart *
ax_chart_editor_get_chart (AxChartEditor *self)
{
  g_return_val_if_fail (AX_IS_CHART_EDITOR (self), NULL);
  return self->cancellable == NULL ? self->chart : NULL;
}

gboolean
ax_chart_editor_is_loading (AxChartEditor *self)
{
  g_return_val_if_fail (AX_IS_CHART_EDITOR (self), FALSE);
  return self->cancellable != NULL;
}

/* The PDF, off the main thread: the photos under the chart's face charts
 * are checked against their hashes and decoded at print size, and the file
 * is written, in a worker thread; the export is audited back on the main
 * thread. */
typedef struct
{
  AxChart   *chart;
  char      *store_path;
  char      *path;
  GTimeZone *tz;
} PdfJob;

static void
pdf_job_free (PdfJob *job)
{
  g_clear_pointer (&job->chart, ax_chart_unref);
  g_free (job->store_path);
  g_free (job->path);
  g_clear_pointer (&job->tz, g_time_zone_unref);
  g_free (job);
}

static GHashTable *
load_pdf_photos (const AxChart *chart,
                 const char    *store_path,
                 GError       **error)
{
  g_autoptr (GHashTable) photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) cairo_surface_destroy);
  g_autoptr (AxBlobStore) blobs = ax_blob_store_new (store_path);

  for (guint i = 0; i < chart->overlays->len; i++)
    {
      const AxChartOverlay *o = chart->overlays->pdata[i];
      g_autoptr (GdkPixbuf) pixbuf = NULL;
      cairo_surface_t *surface;
      cairo_t *cr;

      if (o->photo_sha256 == NULL || g_hash_table_contains (photos, o->photo_sha256))
        continue;
      if (!ax_blob_store_verify (blobs, o->photo_sha256, error))
        return NULL;
      pixbuf = ax_photo_decode (blobs, o->photo_sha256, PDF_PHOTO_SIZE, error);
      if (pixbuf == NULL)
        return NULL;
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, gdk_pixbuf_get_width (pixbuf),
                                            gdk_pixbuf_get_height (pixbuf));
      cr = cairo_create (surface);
      gdk_cairo_set_source_pixbuf (cr, pixbuf, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      g_hash_table_insert (photos, g_strdup (o->photo_sha256), surface);
    }
  return g_steal_pointer (&photos);
}

static void
write_pdf_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  PdfJob *job = data;
  g_autoptr (GHashTable) photos = NULL;
  GError *error = NULL;

  photos = load_pdf_photos (job->chart, job->store_path, &error);
  if (photos == NULL || g_task_return_error_if_cancelled (task)
      || !ax_chart_pdf_write (job->path, job->chart, photos, job->tz, &error))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
pdf_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) outer = user_data;
  AxChartEditor *self = AX_CHART_EDITOR (source);
  PdfJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) audited = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  json_object_set_string_member (args, "id", job->chart->id);
  json_object_set_string_member (args, "format", "pdf");
  audited = ax_chart_editor_mutate (self, "chart.export", args, &error);
  if (audited == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

static void
pdf_originals_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) inner = user_data;
  GError *error = NULL;

  if (!ax_photo_originals_fetch_finish (AX_CONTEXT (source), result, &error))
    {
      /* Through pdf_written_cb, which hands the error on. */
      g_task_return_error (inner, error);
      return;
    }
  g_task_run_in_thread (inner, write_pdf_thread);
}

GtkWidget *
ax_chart_editor_get_face_chart_slot (AxChartEditor *self)
{
  g_return_val_if_fail (AX_IS_CHART_EDITOR (self), NULL);
  return self->face_chart_slot;
}

void
ax_chart_editor_export_pdf_async (AxChartEditor       *self,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) outer = NULL;
  g_autoptr (GTask) inner = NULL;
  GError *error = NULL;
  AxStore *store;
  PdfJob *job;

  g_return_if_fail (AX_IS_CHART_EDITOR (self));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, ax_chart_editor_export_pdf_async);
  if (self->chart == NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no chart to export"));
      return;
    }
  /* What is drawn is saved first, so the PDF shows it. */
  if (self->face != NULL && !ax_chart_face_save_now (AX_CHART_FACE (self->face), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  store = ax_context_get_store (self->context);
  job = g_new0 (PdfJob, 1);
  job->chart = ax_chart_ref (self->chart);
  job->store_path = g_strdup (ax_store_get_path (store));
  job->path = g_strdup (path);
  job->tz = g_time_zone_ref (ax_store_get_timezone (store));
  inner = g_task_new (self, cancellable, pdf_written_cb, g_steal_pointer (&outer));
  g_task_set_task_data (inner, job, (GDestroyNotify) pdf_job_free);
  /* The photos drawn on are printed whole: their originals first (a desk
   * holding only thumbnails fetches them, or says it cannot yet). */
  {
    g_autoptr (GPtrArray) photos = g_ptr_array_new ();

    for (guint i = 0; i < self->chart->overlays->len; i++)
      {
        const AxChartOverlay *o = self->chart->overlays->pdata[i];

        if (o->photo_sha256 != NULL)
          g_ptr_array_add (photos, o->photo_sha256);
      }
    g_ptr_array_add (photos, NULL);
    ax_photo_originals_fetch_async (self->context, (const char *const *) photos->pdata, cancellable,
                                    pdf_originals_cb, g_steal_pointer (&inner));
  }
}

gboolean
ax_chart_editor_export_pdf_finish (AxChartEditor  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
