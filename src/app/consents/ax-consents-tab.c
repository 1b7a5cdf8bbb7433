/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-consents-tab.h"
#include "patients/ax-record-tab.h"
#include "widgets/ax-form-dialog.h"

#include <glib/gi18n.h>

struct _AxConsentsTab
{
  GtkWidget      parent_instance;

  AxContext     *context;
  char          *patient_id;
  GPtrArray     *items;          /* AxConsentSummary */
  GCancellable  *cancellable;
  GCancellable  *choices_cancellable;
  AxConsentView *view;

  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkLabel      *count_label;
  GtkListBox    *list_box;
};

static void ax_consents_tab_record_tab_init (AxRecordTabInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AxConsentsTab, ax_consents_tab, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (AX_TYPE_RECORD_TAB,
                                                      ax_consents_tab_record_tab_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (AxConsentsTab *self);

/* Helpers */

static char *
format_time (AxConsentsTab *self,
             gint64         ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc,
                                                         ax_store_get_timezone (ax_context_get_store (self->context)));

  /* Translators: a date and time in the list of consents, strftime format */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static GtkWidget *
new_badge (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "consent-badge");
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_row (AxConsentsTab    *self,
         AxConsentSummary *s)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;

  switch (s->status)
    {
    case AX_CONSENT_SIGNED:
      when = format_time (self, s->signed_ms);
      /* Translators: a consent's line in the list; %s is a date and time */
      subtitle = g_strdup_printf (_("Signed %s"), when);
      break;
    case AX_CONSENT_WITHDRAWN:
      when = format_time (self, s->withdrawn_ms);
      subtitle = g_strdup_printf (_("Withdrawn %s"), when);
      break;
    case AX_CONSENT_PENDING:
    default:
      when = format_time (self, s->created_ms);
      subtitle = g_strdup_printf (_("Waiting for a signature since %s"), when);
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->template_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_badge (ax_consent_purpose_display_name (s->purpose), "purpose"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_badge (ax_consent_status_display_name (s->status),
                                        ax_consent_status_to_string (s->status)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, s->id);
  return row;
}

static void
fill (AxConsentsTab *self)
{
  GtkWidget *child;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < self->items->len; i++)
    gtk_list_box_append (self->list_box, new_row (self, self->items->pdata[i]));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u consent", "%u consents",
                                        self->items->len), self->items->len);
  gtk_label_set_label (self->count_label, count);
}

static void
update_actions (AxConsentsTab *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consents.new",
                                 self->patient_id != NULL
                                 && ax_context_can (self->context, AX_PERM_PATIENT_EDIT));
}

static void
show_list (AxConsentsTab *self)
{
  if (self->items == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, self->items->len > 0 ? "list" : "empty");
}

static void
open_consent (AxConsentsTab *self,
              const char    *id)
{
  ax_consent_view_show (self->view, id);
  gtk_stack_set_visible_child_name (self->stack, "consent");
}

/* Callbacks */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = ax_consents_query_finish (AX_STORE (source), result, &error);
  AxConsentsTab *self;
  gboolean showing_consent;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_CONSENTS_TAB (user_data);
  showing_consent = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "consent") == 0;
  if (items == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      if (!showing_consent)
        gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  fill (self);
  if (!showing_consent)
    show_list (self);
}

static void
reload (AxConsentsTab *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->patient_id == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  self->cancellable = g_cancellable_new ();
  if (self->items == NULL
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "consent") != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  ax_consents_query_async (ax_context_get_store (self->context), self->patient_id,
                           self->cancellable, loaded_cb, self);
}

static void
store_changed_cb (AxConsentsTab *self,
                  const char    *what)
{
  if (self->patient_id != NULL && g_str_has_prefix (what, "consent"))
    reload (self);
}

static void
row_activated_cb (AxConsentsTab *self,
                  GtkListBoxRow *row)
{
  open_consent (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
view_back_cb (AxConsentsTab *self)
{
  if (self->items != NULL)
    show_list (self);
  else
    reload (self);
}

static void
reload_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  reload (AX_CONSENTS_TAB (widget));
}

/* New Consent */

static const char *
dialog_patient (AxFormDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "patient-id");
}

static void
new_submit_cb (AxFormDialog  *dialog,
               AxConsentsTab *self)
{
  AxConsentChoices *choices = g_object_get_data (G_OBJECT (dialog), "choices");
  guint t = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "template_id")));
  guint a = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "appointment_id")));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  ax_form_dialog_clear_errors (dialog);
  if (t >= choices->templates->len)
    {
      ax_form_dialog_set_error (dialog, "template_id", _("Choose a consent template"));
      return;
    }
  json_object_set_string_member (args, "patient_id", dialog_patient (dialog));
  json_object_set_string_member (args, "template_id",
                                 ((AxConsentTemplate *) choices->templates->pdata[t])->id);
  /* The first choice is "No appointment". */
  if (a > 0 && a <= choices->appointments->len)
    json_object_set_string_member (args, "appointment_id",
                                   ((AxConsentAppointment *) choices->appointments->pdata[a - 1])->id);
  node = json_node_init_object (json_node_alloc (), json_object_ref (args));
  result = ax_store_mutate (ax_context_get_store (self->context), ax_context_get_actor (self->context),
                            "consent.create", node, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  id = g_strdup (json_object_get_string_member (json_node_get_object (result), "id"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (g_strcmp0 (self->patient_id, json_object_get_string_member (args, "patient_id")) == 0)
    open_consent (self, id);
}

static GtkWidget *
new_combo (const char *title,
           GPtrArray  *names)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (model, names->pdata[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static void
choices_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  AxConsentChoices *choices = ax_consent_choices_query_finish (AX_STORE (source), result, &error);
  g_autoptr (GPtrArray) template_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) appointment_names = g_ptr_array_new_with_free_func (g_free);
  AxConsentsTab *self;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_CONSENTS_TAB (user_data);
  if (choices == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
      return;
    }
  if (self->patient_id == NULL)
    {
      ax_consent_choices_free (choices);
      return;
    }

  for (guint i = 0; i < choices->templates->len; i++)
    {
      AxConsentTemplate *t = choices->templates->pdata[i];
      /* Translators: a consent template in the New Consent form: its name and purpose */
      g_ptr_array_add (template_names, g_strdup_printf (_("%s (%s)"), t->name,
                                                        ax_consent_purpose_display_name (t->purpose)));
    }
  g_ptr_array_add (appointment_names, g_strdup (_("No appointment")));
  for (guint i = 0; i < choices->appointments->len; i++)
    {
      AxConsentAppointment *a = choices->appointments->pdata[i];
      g_autofree char *when = format_time (self, a->start_ms);
      GString *text = g_string_new (when);

      if (*a->services != '\0')
        g_string_append_printf (text, " · %s", a->services);
      if (*a->provider_name != '\0')
        g_string_append_printf (text, " · %s", a->provider_name);
      g_ptr_array_add (appointment_names, g_string_free (text, FALSE));
    }

  dialog = ax_form_dialog_new (GTK_WIDGET (self), _("New Consent"), _("_Create"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 360);
  g_object_set_data_full (G_OBJECT (dialog), "choices", choices,
                          (GDestroyNotify) ax_consent_choices_free);
  g_object_set_data_full (G_OBJECT (dialog), "patient-id", g_strdup (self->patient_id), g_free);
  group = ax_form_dialog_add_group (dialog, NULL,
                                    choices->templates->len > 0
                                    ? _("The consent is filled in from the patient's record and, "
                                        "when chosen, the appointment; the patient then signs it.")
                                    : _("There are no consent templates yet; the owner adds them."));
  ax_form_dialog_add_field (dialog, group, "template_id", _("Template"),
                            new_combo (_("Template"), template_names));
  ax_form_dialog_add_field (dialog, group, "appointment_id", _("Appointment"),
                            new_combo (_("Appointment"), appointment_names));
  /* The appointment today or the next one is the likely one. */
  if (choices->appointments->len > 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "appointment_id")), 1);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (new_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_cb (GtkWidget  *widget,
        const char *action,
        GVariant   *param)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (widget);
  AxStore *store = ax_context_get_store (self->context);
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) midnight = NULL;

  if (self->patient_id == NULL)
    return;
  /* From the start of today in the clinic: this morning's visit counts. */
  now = g_date_time_new_from_unix_utc (ax_store_now_ms (store) / 1000);
  local = g_date_time_to_timezone (now, ax_store_get_timezone (store));
  midnight = g_date_time_new (ax_store_get_timezone (store), g_date_time_get_year (local),
                              g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                              0, 0, 0);
  g_cancellable_cancel (self->choices_cancellable);
  g_clear_object (&self->choices_cancellable);
  self->choices_cancellable = g_cancellable_new ();
  ax_consent_choices_query_async (store, self->patient_id,
                                  g_date_time_to_unix (midnight) * 1000, self->choices_cancellable,
                                  choices_cb, self);
}

/* AxRecordTab */

static void
ax_consents_tab_show_patient (AxRecordTab *tab,
                              const char  *patient_id)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (tab);

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    {
      reload (self);
      return;
    }
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_cancellable_cancel (self->choices_cancellable);
  ax_consent_view_show (self->view, NULL);
  gtk_stack_set_visible_child_name (self->stack, patient_id ? "loading" : "none");
  update_actions (self);
  reload (self);
}

static gboolean
ax_consents_tab_open_item (AxRecordTab *tab,
                           const char  *item_id)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (tab);

  if (self->patient_id == NULL || item_id == NULL)
    return FALSE;
  open_consent (self, item_id);
  return TRUE;
}

static void
ax_consents_tab_record_tab_init (AxRecordTabInterface *iface)
{
  iface->show_patient = ax_consents_tab_show_patient;
  iface->open_item = ax_consents_tab_open_item;
}

/* Overrides */

static void
ax_consents_tab_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (object);

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
ax_consents_tab_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (object);

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
ax_consents_tab_constructed (GObject *object)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (object);

  G_OBJECT_CLASS (ax_consents_tab_parent_class)->constructed (object);

  self->view = AX_CONSENT_VIEW (ax_consent_view_new (self->context));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->view), "consent");
  g_signal_connect_object (self->view, "back", G_CALLBACK (view_back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_consents_tab_dispose (GObject *object)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->choices_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_CONSENTS_TAB);
  G_OBJECT_CLASS (ax_consents_tab_parent_class)->dispose (object);
}

static void
ax_consents_tab_finalize (GObject *object)
{
  AxConsentsTab *self = AX_CONSENTS_TAB (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->choices_cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->patient_id);
  G_OBJECT_CLASS (ax_consents_tab_parent_class)->finalize (object);
}

static void
ax_consents_tab_class_init (AxConsentsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ax_consents_tab_get_property;
  object_class->set_property = ax_consents_tab_set_property;
  object_class->constructed = ax_consents_tab_constructed;
  object_class->dispose = ax_consents_tab_dispose;
  object_class->finalize = ax_consents_tab_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/consents/ax-consents-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, AxConsentsTab, stack);
  gtk_widget_class_bind_template_child (widget_class, AxConsentsTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxConsentsTab, count_label);
  gtk_widget_class_bind_template_child (widget_class, AxConsentsTab, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "consents.new", NULL, new_cb);
  gtk_widget_class_install_action (widget_class, "consents.reload", NULL, reload_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "consents.new", NULL);
}

static void
ax_consents_tab_init (AxConsentsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
ax_consents_tab_new (AxContext *context)
{
  return g_object_new (AX_TYPE_CONSENTS_TAB, "context", context, NULL);
}

const char *
ax_consents_tab_get_state (AxConsentsTab *self)
{
  g_return_val_if_fail (AX_IS_CONSENTS_TAB (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

AxConsentView *
ax_consents_tab_get_view (AxConsentsTab *self)
{
  g_return_val_if_fail (AX_IS_CONSENTS_TAB (self), NULL);
  return self->view;
}

GPtrArray *
ax_consents_tab_get_items (AxConsentsTab *self)
{
  g_return_val_if_fail (AX_IS_CONSENTS_TAB (self), NULL);
  return self->items;
}
