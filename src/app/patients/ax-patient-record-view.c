/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-patient-record-view-private.h"

#include <glib/gi18n.h>

#include "ax-model-error.h"
#include "ax-patient-text.h"
#include "ax-record-tab.h"
#include "widgets/ax-form-dialog.h"

G_DEFINE_FINAL_TYPE (AxPatientRecordView, ax_patient_record_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* A label whose text is data keeps a fixed accessible name and carries
 * its text as the description (docs/app.md). */
static void
set_named_label (GtkLabel   *label,
                 const char *name,
                 const char *text)
{
  gtk_label_set_label (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* A detail row: its value as the subtitle and the description. */
static void
set_detail (AdwActionRow *row,
            const char   *value)
{
  gboolean has = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, has ? value : _("Not recorded"));
  if (has)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "empty");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "empty");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  has ? value : _("Not recorded"), -1);
}

GtkWidget *
ax_record_tag_new (const char *text,
               const char *colour_class)
{
  GtkWidget *tag = gtk_label_new (text);

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "tag");
  if (colour_class != NULL)
    gtk_widget_add_css_class (tag, colour_class);
  return tag;
}

/* An icon that only decorates: assistive technologies skip it. */
GtkWidget *
ax_record_icon_new (const char *icon_name)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  return icon;
}

GtkWidget *
ax_record_row_new (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle ? subtitle : "", -1);
  return row;
}

static void
fill_header (AxPatientRecordView *self,
             GTimeZone           *tz,
             gint64               now_ms)
{
  const AxPatientRecord *r = self->record;
  g_autofree char *name = ax_patient_text_name (r->first_name, r->last_name);
  g_autofree char *shown = NULL;
  g_autofree char *header = ax_patient_text_header (r, now_ms, tz);

  if (r->nickname != NULL && *r->nickname != '\0')
    /* Translators: a patient's name and nickname: "Anong Srisuk (Noon)" */
    shown = g_strdup_printf (_("%s (%s)"), name, r->nickname);
  else
    shown = g_strdup (name);
  set_named_label (self->name_label, _("Patient name"), shown);
  set_named_label (self->header_label, _("Patient summary"), header);
  adw_avatar_set_text (self->avatar, name);
}

static void
fill_allergies (AxPatientRecordView *self)
{
  const AxPatientRecord *r = self->record;
  g_autofree char *banner = ax_patient_text_allergies (r->allergies);
  gboolean any = r->allergies->len > 0;
  gboolean can_edit = ax_context_can (self->context, AX_PERM_PATIENT_EDIT);

  set_named_label (self->allergy_label, _("Allergy banner"), banner);
  gtk_image_set_from_icon_name (self->allergy_icon, any ? "dialog-warning-symbolic"
                                                        : "emblem-ok-symbolic");
  if (any)
    gtk_widget_remove_css_class (self->allergy_banner, "none");
  else
    gtk_widget_add_css_class (self->allergy_banner, "none");

  /* None: the banner says so; the list is for managing them. */
  gtk_widget_set_visible (self->allergies_group, any);
  clear_list (self->allergies_list);
  for (guint i = 0; i < r->allergies->len; i++)
    {
      const AxRecordAllergy *a = r->allergies->pdata[i];
      const char *severity = ax_patient_text_severity (a->severity);
      GtkWidget *row = ax_record_row_new (a->substance, a->reaction);
      g_autofree char *description = g_strjoin (" · ", severity, a->reaction, NULL);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 ax_record_tag_new (severity, a->severity == AX_ALLERGY_SEVERE
                                                            ? "error"
                                                            : a->severity == AX_ALLERGY_MODERATE
                                                                ? "warning" : "status"));
      if (can_edit)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
          g_autofree char *label = g_strdup_printf (_("Remove the %s allergy"), a->substance);

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "record.remove-allergy");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", a->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      gtk_list_box_append (self->allergies_list, row);
    }
}

static void
fill_details (AxPatientRecordView *self,
              GTimeZone           *tz,
              gint64               now_ms)
{
  const AxPatientRecord *r = self->record;
  gboolean can_reveal = ax_context_can (self->context, AX_PERM_PATIENT_REVEAL);
  g_autofree char *birth = ax_patient_text_birth (r->birth_date, now_ms, tz);

  set_detail (self->phone_row, self->revealed_phone ? self->revealed_phone : r->phone);
  gtk_widget_set_visible (self->reveal_phone_button,
                          can_reveal && r->phone_masked && self->revealed_phone == NULL);
  set_detail (self->national_id_row,
              self->revealed_national_id ? self->revealed_national_id : r->national_id);
  gtk_widget_set_visible (self->reveal_national_id_button,
                          can_reveal && r->national_id_masked && self->revealed_national_id == NULL);
  set_detail (self->email_row, r->email);
  set_detail (self->birth_row, birth);
  set_detail (self->address_row, r->address);
  set_detail (self->line_row, r->line_id);
  set_detail (self->emergency_row, r->emergency_contact);
  set_detail (self->notes_row, r->notes);
  set_detail (self->marketing_row, r->marketing_opt_in ? _("Agreed to receive them")
                                                       : _("Not agreed"));
}

static void
add_vital (AxPatientRecordView *self,
           const char          *title,
           char                *value,
           gint64               at_ms,
           GTimeZone           *tz,
           gint64               now_ms)
{
  g_autofree char *owned = value;
  g_autofree char *when = ax_patient_text_when (at_ms, now_ms, tz);
  g_autofree char *description = g_strjoin (" · ", value, when, NULL);
  GtkWidget *row = ax_record_row_new (title, when);
  GtkWidget *label = gtk_label_new (value);

  gtk_widget_add_css_class (label, "vital-value");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  gtk_list_box_append (self->vitals_list, row);
}

static void
fill_vitals (AxPatientRecordView *self,
             GTimeZone           *tz,
             gint64               now_ms)
{
  const AxRecordVitals *v = &self->record->vitals;

  clear_list (self->vitals_list);
  if (v->pulse_bpm > 0)
    add_vital (self, _("Pulse"), ax_patient_text_pulse (v->pulse_bpm), v->pulse_ms, tz, now_ms);
  if (v->bp_systolic > 0)
    add_vital (self, _("Blood pressure"), ax_patient_text_pressure (v->bp_systolic, v->bp_diastolic),
               v->bp_ms, tz, now_ms);
  if (v->temp_dc > 0)
    add_vital (self, _("Temperature"), ax_patient_text_temperature (v->temp_dc), v->temp_ms, tz,
               now_ms);
  if (v->weight_g > 0)
    add_vital (self, _("Weight"), ax_patient_text_weight (v->weight_g), v->weight_ms, tz, now_ms);
  if (v->height_mm > 0)
    add_vital (self, _("Height"), ax_patient_text_height (v->height_mm), v->height_ms, tz, now_ms);
}

static void
fill_upcoming (AxPatientRecordView *self,
               GTimeZone           *tz)
{
  clear_list (self->upcoming_list);
  for (guint i = 0; i < self->record->upcoming->len; i++)
    {
      const AxRecordAppointment *a = self->record->upcoming->pdata[i];
      const AxAppointment *appt = a->appointment;
      g_autofree char *when = ax_patient_text_appointment (appt, tz);
      g_autofree char *what = g_strjoin (" · ",
                                         *appt->services ? appt->services : _("No service"),
                                         *a->provider_name ? a->provider_name : _("No provider"),
                                         *a->room_name ? a->room_name : NULL, NULL);
      const char *status = ax_appointment_status_display_name (appt->status);
      g_autofree char *description = g_strjoin (" · ", what, status, NULL);
      GtkWidget *row = ax_record_row_new (when, what);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), ax_record_tag_new (status, "status"));
      /* Opens the calendar at that day with the appointment selected. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "shell.open-appointment");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", appt->id);
      gtk_widget_set_tooltip_text (row, _("Show in the calendar"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), ax_record_icon_new ("go-next-symbolic"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      gtk_list_box_append (self->upcoming_list, row);
    }
}

/* A plan's menu: Edit…, Mark as Completed, Stop Plan. */
static GtkWidget *
new_plan_menu (const AxRecordPlan *plan)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  const struct { const char *label; const char *action; } items[] = {
    { N_("_Edit…"), "record.edit-plan" },
    { N_("Mark as _Completed"), "record.complete-plan" },
    { N_("_Stop Plan"), "record.stop-plan" },
  };
  GtkWidget *button = gtk_menu_button_new ();
  g_autofree char *label = g_strdup_printf (_("Change the plan %s"),
                                            *plan->service_name ? plan->service_name : "");

  for (gsize i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action,
                                               g_variant_new_string (plan->id));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static void
fill_plans (AxPatientRecordView *self,
            GTimeZone           *tz)
{
  const AxPatientRecord *r = self->record;
  gboolean can_plan = ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);

  gtk_widget_set_visible (self->new_plan_button, can_plan);
  clear_list (self->plans_list);
  for (guint i = 0; i < r->plans->len; i++)
    {
      const AxRecordPlan *plan = r->plans->pdata[i];
      g_autofree char *line = ax_patient_text_plan (plan);
      g_autofree char *subtitle = plan->notes && *plan->notes
                                    ? g_strjoin (" · ", line, plan->notes, NULL) : g_strdup (line);
      GtkWidget *row = ax_record_row_new (*plan->service_name ? plan->service_name : _("Treatment plan"),
                                subtitle);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ax_record_icon_new ("view-list-bullet-symbolic"));
      if (can_plan)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_plan_menu (plan));
      gtk_list_box_append (self->plans_list, row);
    }
  ax_patient_record_view_fill_credits (self, tz);
}

static void
fill_tags (AxPatientRecordView *self)
{
  gboolean can_edit = ax_context_can (self->context, AX_PERM_PATIENT_EDIT);
  GtkFlowBoxChild *child;
  guint n = g_strv_length (self->record->tags);

  while ((child = gtk_flow_box_get_child_at_index (self->tags_box, 0)) != NULL)
    gtk_flow_box_remove (self->tags_box, GTK_WIDGET (child));
  for (guint i = 0; i < n; i++)
    {
      const char *tag = self->record->tags[i];
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *label = gtk_label_new (tag);

      gtk_widget_add_css_class (chip, "tag-chip");
      gtk_box_append (GTK_BOX (chip), label);
      if (can_edit)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
          /* Translators: the button that takes a tag off a patient */
          g_autofree char *text = g_strdup_printf (_("Remove the tag %s"), tag);

          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_add_css_class (remove, "circular");
          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (remove, text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          text, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "record.remove-tag");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", tag);
          gtk_box_append (GTK_BOX (chip), remove);
        }
      gtk_flow_box_append (self->tags_box, chip);
    }
  gtk_stack_set_visible_child_name (self->tags_stack, n > 0 ? "tags" : "none");
  gtk_widget_set_visible (GTK_WIDGET (self->tag_entry), can_edit);
}

static void
fill_notes (AxPatientRecordView *self,
            GTimeZone           *tz,
            gint64               now_ms)
{
  const AxPatientRecord *r = self->record;
  gboolean can_add = ax_context_can (self->context, AX_PERM_CLINICAL_EDIT);

  gtk_widget_set_visible (self->notes_group, r->notes_visible);
  clear_list (self->notes_list);
  for (guint i = 0; i < r->medical_notes->len; i++)
    {
      const AxRecordNote *n = r->medical_notes->pdata[i];
      g_autofree char *when = ax_patient_text_when (n->created_ms, now_ms, tz);
      /* Translators: a note that adds to an earlier one: "Addendum · Medication" */
      g_autofree char *kind = n->addendum_of ? g_strdup_printf (_("Addendum · %s"),
                                                               ax_patient_text_note_kind (n->kind))
                                             : g_strdup (ax_patient_text_note_kind (n->kind));
      g_autofree char *title = g_strjoin (" · ", kind, when,
                                          *n->author_name ? n->author_name : NULL, NULL);
      GtkWidget *row = ax_record_row_new (title, n->body);

      if (n->addendum_of != NULL)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), ax_record_icon_new ("mail-forward-symbolic"));
      if (can_add)
        {
          GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
          const char *label = _("Add an addendum to this note");

          gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (add, "flat");
          gtk_widget_set_tooltip_text (add, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "record.add-addendum");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", n->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
        }
      gtk_list_box_append (self->notes_list, row);
    }
}

static void
show_error (AxPatientRecordView *self,
            const GError        *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Callbacks */

static void
record_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (AxPatientRecordView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxPatientRecord) record = NULL;

  record = ax_patient_record_query_finish (AX_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  g_clear_pointer (&self->record, ax_patient_record_unref);
  if (record == NULL)
    show_error (self, error);
  else
    {
      self->record = g_steal_pointer (&record);
      ax_patient_record_view_fill (self);
    }
  ax_patient_record_view_update_actions (self);
}

static void
store_changed_cb (AxPatientRecordView *self,
                  const char          *mutator,
                  AxStore             *store)
{
  /* A hidden view reloads when it is shown again. */
  if (self->patient_id != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    ax_patient_record_view_reload (self);
}

/* Overrides */

static void
ax_patient_record_view_map (GtkWidget *widget)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);

  GTK_WIDGET_CLASS (ax_patient_record_view_parent_class)->map (widget);
  if (self->patient_id != NULL)
    ax_patient_record_view_reload (self);
}

/* The tabs after the overview that the logged-in role may see. */
static void
add_extra_tabs (AxPatientRecordView *self)
{
  AxActor *actor = ax_context_get_actor (self->context);
  const AxRecordTabInfo *infos;
  gsize n_infos;

  infos = ax_record_tabs_get_all (&n_infos);
  for (gsize i = 0; actor != NULL && i < n_infos; i++)
    {
      GtkWidget *tab;
      AdwViewStackPage *page;

      if (!ax_role_has (ax_actor_get_role (actor), infos[i].permission))
        continue;
      tab = infos[i].new_tab (self->context);
      page = adw_view_stack_add_titled (self->tabs, tab, infos[i].name, _(infos[i].title));
      adw_view_stack_page_set_icon_name (page, infos[i].icon_name);
      g_ptr_array_add (self->extra_tabs, tab);
    }
  gtk_widget_set_visible (self->tab_switcher, self->extra_tabs->len > 0);
}

static void
ax_patient_record_view_constructed (GObject *object)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (object);

  G_OBJECT_CLASS (ax_patient_record_view_parent_class)->constructed (object);

  add_extra_tabs (self);
  ax_patient_record_view_add_tab_shortcuts (self);

  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  ax_patient_record_view_update_actions (self);
}

static void
ax_patient_record_view_dispose (GObject *object)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->extra_tabs, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_PATIENT_RECORD_VIEW);
  g_clear_pointer (&self->record, ax_patient_record_unref);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->revealed_phone, g_free);
  g_clear_pointer (&self->revealed_national_id, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_patient_record_view_parent_class)->dispose (object);
}

static void
ax_patient_record_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (object);

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
ax_patient_record_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (object);

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
ax_patient_record_view_class_init (AxPatientRecordViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_patient_record_view_constructed;
  object_class->dispose = ax_patient_record_view_dispose;
  object_class->get_property = ax_patient_record_view_get_property;
  object_class->set_property = ax_patient_record_view_set_property;
  widget_class->map = ax_patient_record_view_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ax_patient_record_view_install_actions (widget_class);
  ax_patient_record_view_install_plan_actions (widget_class);
  ax_patient_record_view_install_credit_actions (widget_class);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/patients/ax-patient-record-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, stack);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, avatar);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, identity_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, name_label);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, header_label);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, allergy_banner);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, allergy_icon);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, allergy_label);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, allergies_group);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, allergies_list);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, phone_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, reveal_phone_button);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, national_id_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView,
                                        reveal_national_id_button);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, email_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, birth_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, address_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, line_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, emergency_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, notes_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, marketing_row);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, vitals_list);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, plans_list);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, new_plan_button);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, enrol_button);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, tabs);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, tab_switcher);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, tags_stack);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, tags_box);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, notes_group);
  gtk_widget_class_bind_template_child (widget_class, AxPatientRecordView, notes_list);
  gtk_widget_class_set_css_name (widget_class, "patientrecord");
}

static void
ax_patient_record_view_init (AxPatientRecordView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->extra_tabs = g_ptr_array_new ();
  g_signal_connect_swapped (self->tag_entry, "entry-activated",
                            G_CALLBACK (ax_patient_record_view_add_tags_cb), self);
}

/* Shared with ax-patient-record-actions.c */

gboolean
ax_patient_record_view_open_item (AxPatientRecordView *self,
                                  const char          *tab_name,
                                  const char          *item_id)
{
  GtkWidget *tab = adw_view_stack_get_child_by_name (self->tabs, tab_name);

  if (tab == NULL)
    return FALSE;
  adw_view_stack_set_visible_child (self->tabs, tab);
  return !AX_IS_RECORD_TAB (tab) || ax_record_tab_open_item (AX_RECORD_TAB (tab), item_id);
}

void
ax_patient_record_view_fill (AxPatientRecordView *self)
{
  AxStore *store = ax_context_get_store (self->context);
  GTimeZone *tz = ax_store_get_timezone (store);
  gint64 now_ms = ax_store_now_ms (store);

  g_return_if_fail (self->record != NULL);

  fill_header (self, tz, now_ms);
  fill_allergies (self);
  fill_details (self, tz, now_ms);
  fill_vitals (self, tz, now_ms);
  fill_upcoming (self, tz);
  fill_plans (self, tz);
  fill_tags (self);
  fill_notes (self, tz, now_ms);
  gtk_stack_set_visible_child_name (self->stack, "record");
}

void
ax_patient_record_view_toast (AxPatientRecordView *self,
                              const char          *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

JsonNode *
ax_patient_record_view_mutate (AxPatientRecordView *self,
                               const char          *name,
                               JsonObject          *args,
                               GError             **error)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), args);

  return ax_store_mutate (ax_context_get_store (self->context),
                          ax_context_get_actor (self->context), name, node, error);
}

void
ax_patient_record_view_toast_error (AxPatientRecordView *self,
                                    const GError        *error)
{
  g_autofree char *text = ax_form_error_text (error->message);

  if (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE))
    ax_patient_record_view_reload (self);
  ax_patient_record_view_toast (self, text);
}

/* Public API */

GtkWidget *
ax_patient_record_view_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_PATIENT_RECORD_VIEW, "context", context, NULL);
}

void
ax_patient_record_view_show (AxPatientRecordView *self,
                             const char          *patient_id)
{
  g_return_if_fail (AX_IS_PATIENT_RECORD_VIEW (self));

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    {
      if (patient_id != NULL)
        ax_patient_record_view_reload (self);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->record, ax_patient_record_unref);
  /* What was revealed was for that patient's view only. */
  g_clear_pointer (&self->revealed_phone, g_free);
  g_clear_pointer (&self->revealed_national_id, g_free);
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");

  for (guint i = 0; i < self->extra_tabs->len; i++)
    ax_record_tab_show_patient (g_ptr_array_index (self->extra_tabs, i), patient_id);

  if (patient_id == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    {
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      ax_patient_record_view_reload (self);
    }
  ax_patient_record_view_update_actions (self);
}

const char *
ax_patient_record_view_get_patient (AxPatientRecordView *self)
{
  g_return_val_if_fail (AX_IS_PATIENT_RECORD_VIEW (self), NULL);
  return self->patient_id;
}

AxPatientRecord *
ax_patient_record_view_get_record (AxPatientRecordView *self)
{
  g_return_val_if_fail (AX_IS_PATIENT_RECORD_VIEW (self), NULL);
  return self->record;
}

const char *
ax_patient_record_view_get_revealed (AxPatientRecordView *self,
                                     const char          *field)
{
  g_return_val_if_fail (AX_IS_PATIENT_RECORD_VIEW (self), NULL);
  if (g_strcmp0 (field, "phone") == 0)
    return self->revealed_phone;
  if (g_strcmp0 (field, "national_id") == 0)
    return self->revealed_national_id;
  return NULL;
}

/* Starts a fresh load, dropping one still running; the record on screen
 * stays until the new one arrives. */
void
ax_patient_record_view_reload (AxPatientRecordView *self)
{
  AxActor *actor;

  g_return_if_fail (AX_IS_PATIENT_RECORD_VIEW (self));

  actor = ax_context_get_actor (self->context);
  if (self->patient_id == NULL || actor == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->record == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  ax_patient_record_query_async (ax_context_get_store (self->context), self->patient_id,
                                 ax_actor_get_role (actor), self->cancellable, record_loaded_cb,
                                 g_object_ref (self));
}
