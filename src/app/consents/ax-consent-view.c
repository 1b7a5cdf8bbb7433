/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-consent-view.h"
#include "ax-consent-pdf.h"
#include "widgets/ax-form-dialog.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

struct _AxConsentView
{
  GtkWidget       parent_instance;

  AxContext      *context;
  char           *id;
  AxConsent      *consent;
  char           *pad_for;       /* the consent the pad's strokes were drawn for */
  GCancellable   *cancellable;
  GtkFileChooserNative *chooser;

  GtkWidget      *content;
  GtkLabel       *title_label;
  GtkLabel       *purpose_label;
  GtkLabel       *status_label;
  GtkWidget      *withdraw_button;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkScrolledWindow *scroller;
  GtkLabel       *withdrawn_label;
  GtkLabel       *patient_label;
  GtkLabel       *body_label;
  GtkWidget      *signer_list;
  AdwEntryRow    *signer_entry;
  AxSignaturePad *pad;
  GtkWidget      *pad_buttons;
  GtkWidget      *undo_button;
  GtkWidget      *clear_button;
  GtkWidget      *sign_button;
  GtkLabel       *pad_hint;
  GtkWidget      *signed_grid;
  GtkLabel       *signer_label;
  GtkLabel       *signed_at_label;
  GtkLabel       *meaning_label;
  GtkLabel       *hash_label;
  GtkLabel       *verified_label;
};

G_DEFINE_FINAL_TYPE (AxConsentView, ax_consent_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (AxConsentView *self);

/* Helpers */

static void
toast (AxConsentView *self,
       const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
toast_error (AxConsentView *self,
             const GError  *error)
{
  g_autofree char *text = ax_form_error_text (error->message);

  toast (self, text);
}

static char *
format_time (AxConsentView *self,
             gint64         ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc,
                                                         ax_store_get_timezone (ax_context_get_store (self->context)));

  /* Translators: a date and time in the consent view, strftime format */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static JsonNode *
mutate (AxConsentView *self,
        const char    *name,
        JsonObject    *args,
        GError       **error)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), args);

  return ax_store_mutate (ax_context_get_store (self->context),
                          ax_context_get_actor (self->context), name, node, error);
}

static gboolean
can (AxConsentView *self,
     AxPermission   perm)
{
  return ax_context_can (self->context, perm);
}

static void
set_status_badge (GtkLabel        *label,
                  AxConsentStatus  status)
{
  static const char *const classes[] = { "pending", "signed", "withdrawn" };

  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), ax_consent_status_to_string (status));
  gtk_label_set_label (label, ax_consent_status_display_name (status));
}

static void
update_actions (AxConsentView *self)
{
  AxConsent *c = self->consent;
  gboolean pending = c != NULL && c->status == AX_CONSENT_PENDING;
  gboolean edit = can (self, AX_PERM_PATIENT_EDIT);
  gboolean drawn = !ax_signature_pad_get_is_empty (self->pad);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.sign", pending && edit && drawn);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.undo-stroke", pending && edit && drawn);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.clear-pad", pending && edit && drawn);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.withdraw",
                                 c != NULL && c->status == AX_CONSENT_SIGNED && edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.export",
                                 c != NULL && can (self, AX_PERM_PATIENT_VIEW));
  gtk_widget_set_visible (self->withdraw_button, c != NULL && c->status == AX_CONSENT_SIGNED && edit);
  if (pending && edit)
    gtk_label_set_label (self->pad_hint, drawn ? "" : _("Hand the screen to the patient to sign"));
}

static void
fill_signature (AxConsentView *self)
{
  AxConsent *c = self->consent;
  g_autofree char *when = format_time (self, c->signed_ms);
  g_autofree char *hash = ax_consent_content_sha256 (c);
  gboolean verified = g_strcmp0 (hash, c->content_sha256) == 0;

  ax_signature_pad_set_strokes (self->pad, c->strokes);
  ax_signature_pad_set_read_only (self->pad, TRUE);
  g_clear_pointer (&self->pad_for, g_free);
  gtk_label_set_label (self->signer_label, c->signer_name ? c->signer_name : "");
  gtk_label_set_label (self->signed_at_label, when);
  gtk_label_set_label (self->meaning_label, c->meaning ? c->meaning : "");
  gtk_label_set_label (self->hash_label, c->content_sha256 ? c->content_sha256 : "");
  gtk_label_set_label (self->verified_label,
                       verified ? _("The text and the signature on file match this hash.")
                                : _("The text or the signature on file does not match this hash: "
                                    "the record was changed after it was signed."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->verified_label), verified ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->verified_label), verified ? "success" : "error");
}

static void
fill (AxConsentView *self)
{
  AxConsent *c = self->consent;
  gboolean pending = c->status == AX_CONSENT_PENDING;
  gboolean edit = can (self, AX_PERM_PATIENT_EDIT);
  g_autofree char *made = format_time (self, c->created_ms);
  g_autofree char *patient = NULL;

  gtk_label_set_label (self->title_label, c->template_name);
  gtk_label_set_label (self->purpose_label, ax_consent_purpose_display_name (c->purpose));
  set_status_badge (self->status_label, c->status);
  /* Translators: under a consent's title: patient name, number, when it was made, template revision */
  patient = g_strdup_printf (_("%s · %s · made %s · revision %d"), c->patient_name,
                             c->patient_number, made, c->template_revision);
  gtk_label_set_label (self->patient_label, patient);
  gtk_label_set_label (self->body_label, c->body);

  if (c->status == AX_CONSENT_WITHDRAWN)
    {
      g_autofree char *when = format_time (self, c->withdrawn_ms);
      /* Translators: %s are when and why a signed consent was withdrawn */
      g_autofree char *text = g_strdup_printf (_("Withdrawn on %s: %s"), when,
                                               c->withdraw_reason ? c->withdraw_reason : "");

      gtk_label_set_label (self->withdrawn_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->withdrawn_label), c->status == AX_CONSENT_WITHDRAWN);

  gtk_widget_set_visible (self->signer_list, pending && edit);
  gtk_widget_set_visible (GTK_WIDGET (self->pad), !pending || edit);
  gtk_widget_set_visible (self->pad_buttons, pending);
  gtk_widget_set_visible (self->undo_button, pending && edit);
  gtk_widget_set_visible (self->clear_button, pending && edit);
  gtk_widget_set_visible (self->sign_button, pending && edit);
  gtk_widget_set_visible (self->signed_grid, !pending);

  if (pending)
    {
      /* A reload of the same consent keeps what is being drawn. */
      if (g_strcmp0 (self->pad_for, c->id) != 0)
        {
          ax_signature_pad_set_strokes (self->pad, NULL);
          ax_signature_pad_set_read_only (self->pad, !edit);
          gtk_editable_set_text (GTK_EDITABLE (self->signer_entry), c->patient_name);
          g_free (self->pad_for);
          self->pad_for = g_strdup (c->id);
        }
      if (!edit)
        gtk_label_set_label (self->pad_hint, _("Not signed yet. Your role cannot take signatures."));
    }
  else
    fill_signature (self);
  update_actions (self);
}

/* Callbacks */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxConsent) consent = ax_consent_query_finish (AX_STORE (source), result, &error);
  AxConsentView *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_CONSENT_VIEW (user_data);
  if (consent == NULL)
    {
      g_clear_pointer (&self->consent, ax_consent_unref);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return;
    }
  if (g_strcmp0 (consent->id, self->id) != 0)
    return;
  g_clear_pointer (&self->consent, ax_consent_unref);
  self->consent = g_steal_pointer (&consent);
  fill (self);
  gtk_stack_set_visible_child_name (self->stack, "consent");
}

static void
reload (AxConsentView *self)
{
  if (self->id == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->consent == NULL || g_strcmp0 (self->consent->id, self->id) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  ax_consent_query_async (ax_context_get_store (self->context), self->id, self->cancellable,
                          loaded_cb, self);
}

static void
store_changed_cb (AxConsentView *self,
                  const char    *what)
{
  if (self->id != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
pad_empty_cb (AxConsentView *self)
{
  update_actions (self);
}

static void
back_cb (GtkWidget  *widget,
         const char *action,
         GVariant   *param)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
}

static void
reload_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  reload (AX_CONSENT_VIEW (widget));
}

static void
undo_stroke_cb (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  ax_signature_pad_undo (AX_CONSENT_VIEW (widget)->pad);
}

static void
clear_pad_cb (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  ax_signature_pad_clear (AX_CONSENT_VIEW (widget)->pad);
}

static void
sign_cb (GtkWidget  *widget,
         const char *action,
         GVariant   *param)
{
  AxConsentView *self = AX_CONSENT_VIEW (widget);
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *strokes;
  g_autofree char *signer = NULL;

  if (self->consent == NULL || self->consent->status != AX_CONSENT_PENDING)
    return;
  strokes = ax_signature_pad_get_strokes (self->pad);
  if (strokes == NULL)
    return;
  signer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->signer_entry))));
  json_object_set_string_member (args, "id", self->consent->id);
  if (*signer != '\0')
    json_object_set_string_member (args, "signer_name", signer);
  json_object_set_member (args, "strokes", strokes);
  result = mutate (self, "consent.sign", args, &error);
  if (result == NULL)
    {
      toast_error (self, error);
      return;
    }
  toast (self, _("Consent signed"));
  reload (self);
}

/* Withdraw */

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      AxConsentView    *self)
{
  GtkListBox *list = GTK_LIST_BOX (adw_message_dialog_get_extra_child (dialog));
  GtkWidget *entry = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "withdraw") || *reason == '\0')
    return;
  json_object_set_string_member (args, "id", g_object_get_data (G_OBJECT (dialog), "consent-id"));
  json_object_set_string_member (args, "reason", reason);
  result = mutate (self, "consent.withdraw", args, &error);
  if (result == NULL)
    {
      toast_error (self, error);
      return;
    }
  toast (self, _("Consent withdrawn"));
  reload (self);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "withdraw", *reason != '\0');
}

static void
withdraw_cb (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  AxConsentView *self = AX_CONSENT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *list, *entry;
  g_autofree char *body = NULL;

  if (self->consent == NULL || self->consent->status != AX_CONSENT_SIGNED)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Withdraw Consent?"), NULL);
  /* Translators: %s is the consent's title, %s the patient's name */
  body = g_strdup_printf (_("“%s” of %s will be marked withdrawn from now on. The signed text and "
                            "the signature stay on file. Say why:"),
                          self->consent->template_name, self->consent->patient_name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  list = gtk_list_box_new ();
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Reason"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "withdraw", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "consent-id", g_strdup (self->consent->id), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Export */

static void
export_to (AxConsentView *self,
           AxConsent     *consent,
           const char    *path)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!ax_consent_pdf_write (consent, ax_context_get_clinic (self->context),
                             ax_store_get_timezone (ax_context_get_store (self->context)), path,
                             &error))
    {
      toast (self, error->message);
      return;
    }
  /* Every export is on the audit log; a file that cannot be is not kept. */
  json_object_set_string_member (args, "id", consent->id);
  json_object_set_string_member (args, "format", "pdf");
  result = mutate (self, "consent.export", args, &error);
  if (result == NULL)
    {
      g_unlink (path);
      toast_error (self, error);
      return;
    }
  name = g_path_get_basename (path);
  /* Translators: a toast after a consent PDF was saved; %s is the file name */
  message = g_strdup_printf (_("Saved %s"), name);
  toast (self, message);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     AxConsentView   *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->consent != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file ? g_file_get_path (file) : NULL;
      if (path != NULL)
        export_to (self, self->consent, path);
    }
  g_clear_object (&self->chooser);
}

static char *
suggested_file_name (AxConsent *c)
{
  g_autoptr (GString) name = g_string_new (NULL);

  /* Translators: the start of a consent PDF's suggested file name */
  g_string_append_printf (name, "%s %s %s.pdf", _("Consent"), c->patient_number, c->template_name);
  g_strdelimit (name->str, "/\\:", '-');
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
export_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  AxConsentView *self = AX_CONSENT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->consent == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Consent as PDF"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  name = suggested_file_name (self->consent);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Overrides */

static void
ax_consent_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AxConsentView *self = AX_CONSENT_VIEW (object);

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
ax_consent_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AxConsentView *self = AX_CONSENT_VIEW (object);

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
ax_consent_view_constructed (GObject *object)
{
  AxConsentView *self = AX_CONSENT_VIEW (object);

  G_OBJECT_CLASS (ax_consent_view_parent_class)->constructed (object);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_consent_view_dispose (GObject *object)
{
  AxConsentView *self = AX_CONSENT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_CONSENT_VIEW);
  G_OBJECT_CLASS (ax_consent_view_parent_class)->dispose (object);
}

static void
ax_consent_view_finalize (GObject *object)
{
  AxConsentView *self = AX_CONSENT_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->consent, ax_consent_unref);
  g_free (self->id);
  g_free (self->pad_for);
  G_OBJECT_CLASS (ax_consent_view_parent_class)->finalize (object);
}

static void
ax_consent_view_class_init (AxConsentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ax_consent_view_get_property;
  object_class->set_property = ax_consent_view_set_property;
  object_class->constructed = ax_consent_view_constructed;
  object_class->dispose = ax_consent_view_dispose;
  object_class->finalize = ax_consent_view_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (AX_TYPE_SIGNATURE_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/consents/ax-consent-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, content);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, title_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, purpose_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, status_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, stack);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, withdrawn_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, patient_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, body_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, signer_list);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, signer_entry);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, pad);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, pad_buttons);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, undo_button);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, sign_button);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, pad_hint);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, signed_grid);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, signer_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, signed_at_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, hash_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentView, verified_label);

  gtk_widget_class_install_action (widget_class, "consent.back", NULL, back_cb);
  gtk_widget_class_install_action (widget_class, "consent.reload", NULL, reload_cb);
  gtk_widget_class_install_action (widget_class, "consent.sign", NULL, sign_cb);
  gtk_widget_class_install_action (widget_class, "consent.undo-stroke", NULL, undo_stroke_cb);
  gtk_widget_class_install_action (widget_class, "consent.clear-pad", NULL, clear_pad_cb);
  gtk_widget_class_install_action (widget_class, "consent.withdraw", NULL, withdraw_cb);
  gtk_widget_class_install_action (widget_class, "consent.export", NULL, export_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "consent.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "consent.export", NULL);
}

static void
ax_consent_view_init (AxConsentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->pad, "notify::is-empty", G_CALLBACK (pad_empty_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
ax_consent_view_new (AxContext *context)
{
  return g_object_new (AX_TYPE_CONSENT_VIEW, "context", context, NULL);
}

void
ax_consent_view_show (AxConsentView *self,
                      const char    *id)
{
  g_return_if_fail (AX_IS_CONSENT_VIEW (self));

  if (g_strcmp0 (self->id, id) != 0)
    {
      g_free (self->id);
      self->id = g_strdup (id);
      g_clear_pointer (&self->consent, ax_consent_unref);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }
  update_actions (self);
  reload (self);
}

const char *
ax_consent_view_get_id (AxConsentView *self)
{
  g_return_val_if_fail (AX_IS_CONSENT_VIEW (self), NULL);
  return self->id;
}

AxConsent *
ax_consent_view_get_consent (AxConsentView *self)
{
  g_return_val_if_fail (AX_IS_CONSENT_VIEW (self), NULL);
  return self->consent;
}

AxSignaturePad *
ax_consent_view_get_pad (AxConsentView *self)
{
  g_return_val_if_fail (AX_IS_CONSENT_VIEW (self), NULL);
  return self->pad;
}

const char *
ax_consent_view_get_state (AxConsentView *self)
{
  g_return_val_if_fail (AX_IS_CONSENT_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
