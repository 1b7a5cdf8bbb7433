/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-patients-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-patient-form.h"
#include "ax-patient-record-view-private.h"
#include "ax-patient-search.h"
#include "ax-patient-text.h"
#include "ax-pages.h"

#define SEARCH_LIMIT 50

struct _AxPatientsPage
{
  GtkWidget       parent_instance;

  AxContext      *context;
  GCancellable   *cancellable;   /* the search on its way */
  char           *searched;      /* the text of the results shown */

  AdwLeaflet     *leaflet;
  GtkWidget      *list_pane;
  GtkWidget      *record_pane;
  GtkSearchEntry *search_entry;
  GtkSpinner     *search_spinner;
  GtkStack       *results_stack;
  AdwStatusPage  *none_page;
  AdwStatusPage  *search_error_page;
  GtkListBox     *results_list;
  AxPatientRecordView *record_view;
  GtkWidget      *divider;
  gboolean        focus_record;   /* a chart is being edited: the list is put away */
};

G_DEFINE_FINAL_TYPE (AxPatientsPage, ax_patients_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_CAN_GO_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
clear_results (AxPatientsPage *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->results_list, 0)) != NULL)
    gtk_list_box_remove (self->results_list, GTK_WIDGET (row));
}

static const char *
row_patient (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "patient-id") : NULL;
}

static void
select_shown_patient (AxPatientsPage *self)
{
  const char *shown = ax_patient_record_view_get_patient (self->record_view);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->results_list, i)) != NULL; i++)
    if (g_strcmp0 (row_patient (row), shown) == 0)
      {
        gtk_list_box_select_row (self->results_list, row);
        return;
      }
  gtk_list_box_unselect_all (self->results_list);
}

static GtkWidget *
new_result_row (AxPatientsPage     *self,
                const AxPatientHit *hit)
{
  AxStore *store = ax_context_get_store (self->context);
  gboolean unmasked = ax_context_can (self->context, AX_PERM_PATIENT_UNMASKED);
  g_autofree char *name = ax_patient_text_name (hit->first_name, hit->last_name);
  /* Translators: a patient's name and nickname: "Anong Srisuk (Noon)" */
  g_autofree char *title = hit->nickname && *hit->nickname
                             ? g_strdup_printf (_("%s (%s)"), name, hit->nickname)
                             : g_strdup (name);
  g_autofree char *line = ax_patient_text_hit (hit, unmasked, ax_store_now_ms (store),
                                               ax_store_get_timezone (store));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, name, TRUE);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "patient-hit");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  line, -1);
  g_object_set_data_full (G_OBJECT (row), "patient-id", g_strdup (hit->id), g_free);
  return row;
}

static void search_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data);

/* Starts a search for text, dropping the one on its way. What is shown
 * stays until the new results arrive, and typing is never held up. */
static void
start_search (AxPatientsPage *self,
              const char     *text)
{
  g_autofree char *query = g_strstrip (g_strdup (text ? text : ""));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (*query == '\0')
    {
      g_clear_pointer (&self->searched, g_free);
      clear_results (self);
      gtk_spinner_stop (self->search_spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
      return;
    }

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), TRUE);
  gtk_spinner_start (self->search_spinner);
  g_object_set_data_full (G_OBJECT (self->cancellable), "query", g_strdup (query), g_free);
  ax_patients_search_async (ax_context_get_store (self->context), query, SEARCH_LIMIT,
                            self->cancellable, search_done_cb, g_object_ref (self));
}

static void
show_results (AxPatientsPage *self,
              const char     *query,
              GPtrArray      *hits)
{
  g_free (self->searched);
  self->searched = g_strdup (query);
  clear_results (self);
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->results_list, new_result_row (self, hits->pdata[i]));

  if (hits->len == 0)
    {
      /* Translators: the Patients page found nobody; %s is what was typed */
      g_autofree char *text = g_strdup_printf (_("Nobody matches “%s”. Check the spelling, or "
                                                 "register a new patient."), query);

      adw_status_page_set_description (self->none_page, text);
      gtk_stack_set_visible_child_name (self->results_stack, "none");
      return;
    }
  select_shown_patient (self);
  gtk_stack_set_visible_child_name (self->results_stack, "results");
}

static void
update_actions (AxPatientsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.new",
                                 ax_context_can (self->context, AX_PERM_PATIENT_EDIT));
}

/* Callbacks */

/* Side by side, the search list gives its width to a chart being edited;
 * folded, the leaflet already shows one of them at a time. */
static void
update_list_visible (AxPatientsPage *self)
{
  gboolean visible = !self->focus_record || adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (self->list_pane, visible);
  gtk_widget_set_visible (self->divider, visible);
}

static void
leaflet_changed_cb (AxPatientsPage *self)
{
  update_list_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

static void
focus_record_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  self->focus_record = g_variant_get_boolean (parameter);
  update_list_visible (self);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (AxPatientsPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = ax_patients_search_finish (AX_STORE (source), result, &error);
  const char *query;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  query = g_object_get_data (G_OBJECT (self->cancellable), "query");
  gtk_spinner_stop (self->search_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
  if (hits == NULL)
    {
      adw_status_page_set_description (self->search_error_page, error->message);
      gtk_stack_set_visible_child_name (self->results_stack, "error");
    }
  else
    show_results (self, query, hits);
  g_clear_object (&self->cancellable);
}

static void
search_changed_cb (AxPatientsPage *self,
                   GtkSearchEntry *entry)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  const char *current = self->cancellable != NULL
                          ? g_object_get_data (G_OBJECT (self->cancellable), "query")
                          : self->searched;

  /* A space typed after a word, or the text a search was started with. */
  if (g_strcmp0 (query, current != NULL ? current : "") == 0)
    return;
  start_search (self, query);
}

static void
search_activated_cb (AxPatientsPage *self,
                     GtkSearchEntry *entry)
{
  /* Enter opens the first patient found. */
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (row != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->results_stack),
                                "results") == 0)
    ax_patients_page_show_patient (self, row_patient (row));
}

static void
row_activated_cb (AxPatientsPage *self,
                  GtkListBoxRow  *row,
                  GtkListBox     *list)
{
  ax_patients_page_show_patient (self, row_patient (row));
}

static void
store_changed_cb (AxPatientsPage *self,
                  const char     *mutator,
                  AxStore        *store)
{
  /* Names and numbers may have changed: search again, keeping the list. */
  if (self->searched != NULL && gtk_widget_get_mapped (GTK_WIDGET (self))
      && (g_str_has_prefix (mutator, "patient.") && !g_str_equal (mutator, "patient.reveal")))
    start_search (self, self->searched);
}

static void
form_done_cb (GObject             *owner,
              AxPatientFormResult  result,
              const char          *patient_id,
              const char          *message)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (owner);

  ax_patients_page_show_patient (self, patient_id);
  if (message != NULL)
    ax_patient_record_view_toast (self->record_view, message);
  else if (result == AX_PATIENT_FORM_SAVED)
    ax_patient_record_view_toast (self->record_view, _("Patient registered"));
}

static void
new_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  ax_patient_form_new_patient (widget, self->context, G_OBJECT (self), form_done_cb);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
focus_search_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
search_again_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  start_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  start_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  ax_patient_record_view_reload (self->record_view);
}

/* Overrides */

static gboolean
ax_patients_page_grab_focus (GtkWidget *widget)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  /* Chosen from the keyboard, the page is ready for typing a name. */
  if (adw_leaflet_get_visible_child (self->leaflet) == self->list_pane)
    return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return gtk_widget_grab_focus (GTK_WIDGET (self->record_view));
}

static void
ax_patients_page_map (GtkWidget *widget)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (widget);

  GTK_WIDGET_CLASS (ax_patients_page_parent_class)->map (widget);
  if (self->searched != NULL)
    start_search (self, self->searched);
}

static void
ax_patients_page_constructed (GObject *object)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (object);

  G_OBJECT_CLASS (ax_patients_page_parent_class)->constructed (object);

  self->record_view = AX_PATIENT_RECORD_VIEW (ax_patient_record_view_new (self->context));
  gtk_widget_set_vexpand (GTK_WIDGET (self->record_view), TRUE);
  gtk_box_append (GTK_BOX (self->record_pane), GTK_WIDGET (self->record_view));
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_patients_page_dispose (GObject *object)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_PATIENTS_PAGE);
  g_clear_pointer (&self->searched, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_patients_page_parent_class)->dispose (object);
}

static void
ax_patients_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, ax_patients_page_get_can_go_back (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_patients_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AxPatientsPage *self = AX_PATIENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Down in the search field goes on into the results, as in a list of
 * matches anywhere else. */
static gboolean
search_key_pressed_cb (AxPatientsPage        *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;
  first = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (first == NULL || !gtk_widget_get_mapped (GTK_WIDGET (first)))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

static void
ax_patients_page_class_init (AxPatientsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_patients_page_constructed;
  object_class->dispose = ax_patients_page_dispose;
  object_class->get_property = ax_patients_page_get_property;
  object_class->set_property = ax_patients_page_set_property;
  widget_class->grab_focus = ax_patients_page_grab_focus;
  widget_class->map = ax_patients_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A narrow window shows the search or the record: on the record, the
   * shell's back button (page.back) returns to the search. */
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "patients.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "patients.focus-record", "b",
                                   focus_record_action_cb);
  gtk_widget_class_install_action (widget_class, "patients.focus-search", NULL,
                                   focus_search_action_cb);
  gtk_widget_class_install_action (widget_class, "patients.search-again", NULL,
                                   search_again_action_cb);
  gtk_widget_class_install_action (widget_class, "patients.reload", NULL, reload_action_cb);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/patients/ax-patients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, record_pane);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, divider);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, search_error_page);
  gtk_widget_class_bind_template_child (widget_class, AxPatientsPage, results_list);
  gtk_widget_class_set_css_name (widget_class, "patientspage");
}

static void
ax_patients_page_init (AxPatientsPage *self)
{
  static const AxPageShortcut keys[] = {
    { "<Control>n", "patients.new" },
    { "<Control>f", "patients.focus-search" },
    { "F5|<Control>r", "patients.reload" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (leaflet_changed_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child",
                            G_CALLBACK (leaflet_changed_cb), self);

  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activated_cb), self);
  {
    GtkEventController *keys_on_entry = gtk_event_controller_key_new ();

    g_signal_connect_swapped (keys_on_entry, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys_on_entry);
  }
  g_signal_connect_swapped (self->results_list, "row-activated", G_CALLBACK (row_activated_cb),
                            self);

  ax_page_add_shortcuts (GTK_WIDGET (self), keys, G_N_ELEMENTS (keys));
}

/* Public API */

GtkWidget *
ax_patients_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_PATIENTS_PAGE, "context", context, NULL);
}

void
ax_patients_page_show_patient (AxPatientsPage *self,
                               const char     *patient_id)
{
  g_return_if_fail (AX_IS_PATIENTS_PAGE (self));

  if (patient_id == NULL)
    return;
  ax_patient_record_view_show (self->record_view, patient_id);
  select_shown_patient (self);
  adw_leaflet_set_visible_child (self->leaflet, self->record_pane);
}

void
ax_patients_page_search (AxPatientsPage *self,
                         const char     *text)
{
  g_return_if_fail (AX_IS_PATIENTS_PAGE (self));

  /* The entry's own signal starts the search, after its delay. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  start_search (self, text);
}

GtkWidget *
ax_patients_page_get_record_view (AxPatientsPage *self)
{
  g_return_val_if_fail (AX_IS_PATIENTS_PAGE (self), NULL);
  return GTK_WIDGET (self->record_view);
}

GtkListBox *
ax_patients_page_get_results (AxPatientsPage *self)
{
  g_return_val_if_fail (AX_IS_PATIENTS_PAGE (self), NULL);
  return self->results_list;
}

gboolean
ax_patients_page_is_searching (AxPatientsPage *self)
{
  g_return_val_if_fail (AX_IS_PATIENTS_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
ax_patients_page_get_can_go_back (AxPatientsPage *self)
{
  g_return_val_if_fail (AX_IS_PATIENTS_PAGE (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet)
         && adw_leaflet_get_visible_child (self->leaflet) == self->record_pane;
}

const char *
ax_patients_page_get_results_state (AxPatientsPage *self)
{
  g_return_val_if_fail (AX_IS_PATIENTS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->results_stack);
}
