/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-patient-timeline-tab.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-money.h"
#include "ax-patient-timeline.h"
#include "ax-record-tab.h"
#include "ax-timeline-text.h"

struct _AxPatientTimelineTab
{
  GtkWidget          parent_instance;

  AxContext         *context;
  char              *patient_id;
  GCancellable      *cancellable;
  GCancellable      *sale_cancellable;
  guint              kinds;
  gboolean           has_more;
  gboolean           loading;
  gboolean           loading_more;
  gboolean           stale;        /* the store changed while hidden */
  guint              n_entries;
  gint64             last_ms;      /* the last entry shown: the next page starts after it */
  char              *last_id;
  int                last_day;     /* the day of the last group */
  GtkListBox        *last_list;

  GtkFlowBox        *chips;
  GtkToggleButton   *chip_appointments;
  GtkToggleButton   *chip_charts;
  GtkToggleButton   *chip_photos;
  GtkToggleButton   *chip_consents;
  GtkToggleButton   *chip_sales;
  GtkToggleButton   *chip_clinical;
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *empty_page;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *scroller;
  GtkBox            *days_box;
  GtkWidget         *more_button;
  GtkSpinner        *more_spinner;
};

static void ax_patient_timeline_tab_record_tab_init (AxRecordTabInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AxPatientTimelineTab, ax_patient_timeline_tab, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (AX_TYPE_RECORD_TAB,
                                                      ax_patient_timeline_tab_record_tab_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (AxPatientTimelineTab *self,
                  gboolean              more);

/* Helpers */

static GTimeZone *
clinic_tz (AxPatientTimelineTab *self)
{
  return ax_store_get_timezone (ax_context_get_store (self->context));
}

static AxRole
role_of (AxPatientTimelineTab *self)
{
  AxActor *actor = ax_context_get_actor (self->context);

  return actor ? ax_actor_get_role (actor) : AX_ROLE_READ_ONLY;
}

/* The kinds the chips ask for. */
static guint
chosen_kinds (AxPatientTimelineTab *self)
{
  guint kinds = 0;

  if (gtk_toggle_button_get_active (self->chip_appointments))
    kinds |= AX_TIMELINE_APPOINTMENT;
  if (gtk_toggle_button_get_active (self->chip_charts))
    kinds |= AX_TIMELINE_CHART;
  if (gtk_toggle_button_get_active (self->chip_photos))
    kinds |= AX_TIMELINE_PHOTO;
  if (gtk_toggle_button_get_active (self->chip_consents))
    kinds |= AX_TIMELINE_CONSENT;
  if (gtk_toggle_button_get_active (self->chip_sales))
    kinds |= AX_TIMELINE_SALE;
  if (gtk_toggle_button_get_active (self->chip_clinical))
    kinds |= AX_TIMELINE_VITALS | AX_TIMELINE_NOTE | AX_TIMELINE_ALLERGY;
  return kinds & ax_timeline_kinds_for_role (role_of (self));
}

static void
clear_days (AxPatientTimelineTab *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_box))) != NULL)
    gtk_box_remove (self->days_box, child);
  self->last_list = NULL;
  self->last_day = 0;
  self->n_entries = 0;
  g_clear_pointer (&self->last_id, g_free);
}

static void update_actions (AxPatientTimelineTab *self);

static void
row_activated_cb (AxPatientTimelineTab *self,
                  GtkListBoxRow        *row,
                  GtkListBox           *list);

static GtkListBox *
list_for_day (AxPatientTimelineTab *self,
              gint64                at_ms)
{
  GTimeZone *tz = clinic_tz (self);
  int day = ax_timeline_day_key (at_ms, tz);
  g_autofree char *heading = NULL;
  GtkWidget *group, *label, *list;

  if (self->last_list != NULL && day == self->last_day)
    return self->last_list;

  heading = ax_timeline_text_day (at_ms, ax_store_now_ms (ax_context_get_store (self->context)), tz);
  group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "timeline-day");
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, heading,
                                  -1);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (group), label);
  gtk_box_append (GTK_BOX (group), list);
  gtk_box_append (self->days_box, group);
  self->last_day = day;
  self->last_list = GTK_LIST_BOX (list);
  return self->last_list;
}

static gboolean
opens (AxTimelineKind kind)
{
  return kind == AX_TIMELINE_APPOINTMENT || kind == AX_TIMELINE_CHART
         || kind == AX_TIMELINE_PHOTO || kind == AX_TIMELINE_CONSENT || kind == AX_TIMELINE_SALE;
}

static void
add_entry (AxPatientTimelineTab  *self,
           const AxTimelineEntry *e)
{
  GtkListBox *list = list_for_day (self, e->at_ms);
  g_autofree char *title = ax_timeline_text_title (e);
  g_autofree char *subtitle = ax_timeline_text_subtitle (e, clinic_tz (self));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (ax_timeline_text_icon (e->kind));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), opens (e->kind));
  if (opens (e->kind))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (e->kind == AX_TIMELINE_SALE && g_strcmp0 (e->status, "completed") != 0)
    gtk_widget_add_css_class (row, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
  g_object_set_data (G_OBJECT (row), "kind", GUINT_TO_POINTER (e->kind));
  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (e->id), g_free);
  gtk_list_box_append (list, row);

  self->n_entries++;
  self->last_ms = e->at_ms;
  g_free (self->last_id);
  self->last_id = g_strdup (e->id);
}

static void
update_actions (AxPatientTimelineTab *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.reload", self->patient_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.load-more",
                                 self->has_more && !self->loading);
  gtk_widget_set_visible (self->more_button, self->has_more && !self->loading);
  gtk_widget_set_visible (GTK_WIDGET (self->more_spinner), self->loading && self->n_entries > 0);
  gtk_spinner_set_spinning (self->more_spinner, self->loading && self->n_entries > 0);
}

/* The receipt dialog */

static GtkWidget *
receipt_row (const char *title,
             const char *value,
             gboolean    strong)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  if (strong)
    gtk_widget_add_css_class (label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
  return row;
}

static GtkWidget *
receipt_group (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

static void
show_receipt (AxPatientTimelineTab *self,
              const AxSaleDetail   *s)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (s->sold_ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, clinic_tz (self));
  /* Translators: when a receipt was issued, see g_date_time_format(): "Tue 3 Mar 2026, 14:05" */
  g_autofree char *when = g_date_time_format (local, _("%a %-d %b %Y, %H:%M"));
  g_autofree char *heading = g_strdup_printf (g_str_equal (s->kind, "credit_note")
                                                ? _("Credit Note %s") : _("Receipt %s"), s->number);
  g_autofree char *body = g_strjoin (" · ", when, ax_timeline_text_sale_status (s->status),
                                     *s->seller_name ? s->seller_name : NULL, NULL);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *lines = receipt_group (_("Items"));
  GtkWidget *totals = receipt_group (NULL);
  GtkWidget *payments = receipt_group (_("Payments"));

  for (guint i = 0; i < s->lines->len; i++)
    {
      const AxSaleDetailLine *l = s->lines->pdata[i];
      g_autofree char *amount = ax_money_format (l->amount, s->currency, NULL);
      g_autofree char *title = l->qty > 1 ? g_strdup_printf ("%d × %s", l->qty, l->description)
                                          : g_strdup (l->description);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (lines), receipt_row (title, amount, FALSE));
    }
  if (s->discount != 0)
    {
      g_autofree char *v = ax_money_format (-s->discount, s->currency, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (totals), receipt_row (_("Discount"), v, FALSE));
    }
  {
    g_autofree char *tax = ax_money_format (s->tax, s->currency, NULL);
    g_autofree char *total = ax_money_format (s->total, s->currency, NULL);

    adw_preferences_group_add (ADW_PREFERENCES_GROUP (totals), receipt_row (_("Tax"), tax, FALSE));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (totals), receipt_row (_("Total"), total, TRUE));
  }
  for (guint i = 0; i < s->payments->len; i++)
    {
      const AxSaleDetailPayment *p = s->payments->pdata[i];
      g_autofree char *amount = ax_money_format (p->amount, s->currency, NULL);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (payments),
                                 receipt_row (ax_timeline_text_tender (p->tender), amount, FALSE));
    }
  if (s->payments->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (payments), _("No payments"));
  if (s->void_reason != NULL && *s->void_reason != '\0')
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (totals), s->void_reason);

  gtk_box_append (GTK_BOX (box), lines);
  gtk_box_append (GTK_BOX (box), totals);
  gtk_box_append (GTK_BOX (box), payments);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 520);
  gtk_widget_set_size_request (scroller, 360, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sale_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (AxPatientTimelineTab) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxSaleDetail) sale = ax_sale_detail_query_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->sale_cancellable);
  if (sale == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Cannot Show the Receipt"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  show_receipt (self, sale);
}

/* Callbacks */

static void
row_activated_cb (AxPatientTimelineTab *self,
                  GtkListBoxRow        *row,
                  GtkListBox           *list)
{
  AxTimelineKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "kind"));
  const char *id = g_object_get_data (G_OBJECT (row), "id");

  switch (kind)
    {
    case AX_TIMELINE_APPOINTMENT:
      gtk_widget_activate_action (GTK_WIDGET (self), "shell.open-appointment", "s", id);
      break;
    case AX_TIMELINE_CHART:
      gtk_widget_activate_action (GTK_WIDGET (self), "record.open-item", "(ss)", "charts", id);
      break;
    case AX_TIMELINE_PHOTO:
      gtk_widget_activate_action (GTK_WIDGET (self), "record.open-item", "(ss)", "photos", id);
      break;
    case AX_TIMELINE_CONSENT:
      gtk_widget_activate_action (GTK_WIDGET (self), "record.open-item", "(ss)", "consents", id);
      break;
    case AX_TIMELINE_SALE:
      g_cancellable_cancel (self->sale_cancellable);
      g_clear_object (&self->sale_cancellable);
      self->sale_cancellable = g_cancellable_new ();
      ax_sale_detail_query_async (ax_context_get_store (self->context), id,
                                  self->sale_cancellable, sale_loaded_cb, g_object_ref (self));
      break;
    default:
      break;
    }
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (AxPatientTimelineTab) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxTimelinePage) page = NULL;
  gboolean more;

  page = ax_patient_timeline_query_finish (AX_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  more = self->loading_more;
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (page == NULL)
    {
      if (more)
        self->has_more = FALSE;
      else
        clear_days (self);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return;
    }

  if (!more)
    {
      double top = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));

      clear_days (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), top);
    }
  for (guint i = 0; i < page->entries->len; i++)
    add_entry (self, page->entries->pdata[i]);
  self->has_more = page->has_more;

  if (self->n_entries > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    {
      guint allowed = ax_timeline_kinds_for_role (role_of (self));

      adw_status_page_set_description (self->empty_page,
                                       self->kinds == allowed ? NULL
                                       : self->kinds == 0
                                       ? _("Choose what to show above.")
                                       : _("Nothing of the kinds chosen above."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  update_actions (self);
}

/* Loads the first page again (more FALSE) or the next one; a load under
 * way is dropped. */
static void
load (AxPatientTimelineTab *self,
      gboolean              more)
{
  if (self->patient_id == NULL || ax_context_get_actor (self->context) == NULL)
    return;
  if (more && (!self->has_more || self->loading || self->last_id == NULL))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  self->loading_more = more;
  self->stale = FALSE;
  if (!more)
    {
      self->kinds = chosen_kinds (self);
      if (self->n_entries == 0)
        {
          gtk_spinner_start (self->spinner);
          gtk_stack_set_visible_child_name (self->stack, "loading");
        }
    }
  update_actions (self);

  ax_patient_timeline_query_async (ax_context_get_store (self->context), self->patient_id,
                                   role_of (self), self->kinds,
                                   more ? self->last_ms : 0, more ? self->last_id : NULL,
                                   AX_TIMELINE_PAGE_SIZE, self->cancellable,
                                   page_loaded_cb, g_object_ref (self));
}

static void
chip_toggled_cb (AxPatientTimelineTab *self)
{
  load (self, FALSE);
}

static void
edge_reached_cb (AxPatientTimelineTab *self,
                 GtkPositionType       pos)
{
  if (pos == GTK_POS_BOTTOM)
    load (self, TRUE);
}

static void
store_changed_cb (AxPatientTimelineTab *self,
                  const char           *mutator,
                  AxStore              *store)
{
  if (self->patient_id == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, FALSE);
  else
    self->stale = TRUE;
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  load (AX_PATIENT_TIMELINE_TAB (widget), FALSE);
}

static void
load_more_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  load (AX_PATIENT_TIMELINE_TAB (widget), TRUE);
}

/* AxRecordTab */

static void
timeline_show_patient (AxRecordTab *tab,
                       const char  *patient_id)
{
  AxPatientTimelineTab *self = AX_PATIENT_TIMELINE_TAB (tab);

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  self->has_more = FALSE;
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  clear_days (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  if (patient_id == NULL)
    {
      adw_status_page_set_description (self->empty_page, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, FALSE);
  else
    self->stale = TRUE;
  update_actions (self);
}

static void
ax_patient_timeline_tab_record_tab_init (AxRecordTabInterface *iface)
{
  iface->show_patient = timeline_show_patient;
}

/* Overrides */

static void
ax_patient_timeline_tab_map (GtkWidget *widget)
{
  AxPatientTimelineTab *self = AX_PATIENT_TIMELINE_TAB (widget);

  GTK_WIDGET_CLASS (ax_patient_timeline_tab_parent_class)->map (widget);
  /* Loaded when first shown, and again if the store changed meanwhile. */
  if (self->stale)
    load (self, FALSE);
}

static void
ax_patient_timeline_tab_constructed (GObject *object)
{
  AxPatientTimelineTab *self = AX_PATIENT_TIMELINE_TAB (object);
  guint allowed;

  G_OBJECT_CLASS (ax_patient_timeline_tab_parent_class)->constructed (object);

  /* The clinical chips only for roles that read clinical records. */
  allowed = ax_timeline_kinds_for_role (role_of (self));
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->chip_charts)),
                          (allowed & AX_TIMELINE_CHART) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->chip_photos)),
                          (allowed & AX_TIMELINE_PHOTO) != 0);
  if ((allowed & AX_TIMELINE_NOTE) == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->chip_clinical), _("Vitals and allergies"));

  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_patient_timeline_tab_dispose (GObject *object)
{
  AxPatientTimelineTab *self = AX_PATIENT_TIMELINE_TAB (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->sale_cancellable);
  g_clear_object (&self->sale_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_PATIENT_TIMELINE_TAB);
  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->last_id, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_patient_timeline_tab_parent_class)->dispose (object);
}

static void
ax_patient_timeline_tab_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  AxPatientTimelineTab *self = AX_PATIENT_TIMELINE_TAB (object);

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
ax_patient_timeline_tab_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  AxPatientTimelineTab *self = AX_PATIENT_TIMELINE_TAB (object);

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
ax_patient_timeline_tab_class_init (AxPatientTimelineTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_patient_timeline_tab_constructed;
  object_class->dispose = ax_patient_timeline_tab_dispose;
  object_class->get_property = ax_patient_timeline_tab_get_property;
  object_class->set_property = ax_patient_timeline_tab_set_property;
  widget_class->map = ax_patient_timeline_tab_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "timeline.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "timeline.load-more", NULL, load_more_action_cb);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/patients/ax-patient-timeline-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, chips);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, chip_appointments);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, chip_charts);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, chip_photos);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, chip_consents);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, chip_sales);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, chip_clinical);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, stack);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, scroller);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, days_box);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, more_button);
  gtk_widget_class_bind_template_child (widget_class, AxPatientTimelineTab, more_spinner);
  gtk_widget_class_set_css_name (widget_class, "patienttimeline");
}

static void
ax_patient_timeline_tab_init (AxPatientTimelineTab *self)
{
  GtkToggleButton *chips[6];

  gtk_widget_init_template (GTK_WIDGET (self));
  chips[0] = self->chip_appointments;
  chips[1] = self->chip_charts;
  chips[2] = self->chip_photos;
  chips[3] = self->chip_consents;
  chips[4] = self->chip_sales;
  chips[5] = self->chip_clinical;
  for (gsize i = 0; i < G_N_ELEMENTS (chips); i++)
    g_signal_connect_swapped (chips[i], "toggled", G_CALLBACK (chip_toggled_cb), self);
  g_signal_connect_swapped (self->scroller, "edge-reached", G_CALLBACK (edge_reached_cb), self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Public API */

GtkWidget *
ax_patient_timeline_tab_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_PATIENT_TIMELINE_TAB, "context", context, NULL);
}

guint
ax_patient_timeline_tab_get_n_entries (AxPatientTimelineTab *self)
{
  g_return_val_if_fail (AX_IS_PATIENT_TIMELINE_TAB (self), 0);
  return self->n_entries;
}

gboolean
ax_patient_timeline_tab_has_more (AxPatientTimelineTab *self)
{
  g_return_val_if_fail (AX_IS_PATIENT_TIMELINE_TAB (self), FALSE);
  return self->has_more;
}

void
ax_patient_timeline_tab_load_more (AxPatientTimelineTab *self)
{
  g_return_if_fail (AX_IS_PATIENT_TIMELINE_TAB (self));
  load (self, TRUE);
}
