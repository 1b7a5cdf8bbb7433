/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The record overview's courses and memberships (docs/pos.md, "On the
 * patient record"): balances, a usage history window per course and per
 * membership, Renew…, Pause, Resume and Cancel… on memberships for roles
 * with pos.sell, and a warning for every overdrawn or flagged ledger. */

#include "ax-patient-record-view-private.h"
#include "ax-record-history.h"

#include <glib/gi18n.h>

#include "ax-credits.h"
#include "ax-model-error.h"
#include "ax-money.h"
#include "ax-patient-text.h"
#include "widgets/ax-form-dialog.h"

static const char *const tenders[] = { "cash", "card", "transfer", "qr" };

/* Helpers */

static const char *
clinic_currency (AxPatientRecordView *self)
{
  const AxClinicInfo *clinic = ax_store_get_clinic (ax_context_get_store (self->context));

  return clinic ? clinic->currency : NULL;
}

static const AxRecordMembership *
find_membership (AxPatientRecordView *self,
                 const char          *id)
{
  for (guint i = 0; self->record != NULL && i < self->record->memberships->len; i++)
    {
      const AxRecordMembership *m = self->record->memberships->pdata[i];
      if (g_strcmp0 (m->id, id) == 0)
        return m;
    }
  return NULL;
}

static char *
format_date (gint64     ms,
             GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) at = utc ? g_date_time_to_timezone (utc, tz) : NULL;

  /* Translators: a date, see g_date_time_format(): "12 Jun 2026" */
  return at ? g_date_time_format (at, _("%-d %b %Y")) : g_strdup ("");
}

/* A flat button on a row that activates action with target id; label is
 * what it shows, name its tooltip and accessible name. */
static GtkWidget *
new_row_button (const char *label,
                const char *name,
                const char *action,
                const char *id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  return button;
}

/* Activating the row opens the usage history of the course or membership. */
static void
set_history_action (GtkWidget    *row,
                    AxCreditKind  kind,
                    const char   *id)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), kind == AX_CREDIT_COURSE
                                                          ? "record.course-usage"
                                                          : "record.membership-usage");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", id);
  gtk_widget_set_tooltip_text (row, _("Show the usage history"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), ax_record_icon_new ("go-next-symbolic"));
}

/* Filling the list */

static void
add_breaches (AxPatientRecordView *self)
{
  GPtrArray *breaches = self->record->credit_breaches;

  for (guint i = 0; breaches != NULL && i < breaches->len; i++)
    {
      const AxCreditBreach *b = breaches->pdata[i];
      g_autofree char *text = ax_patient_text_credit_breach (b, clinic_currency (self));
      GtkWidget *row = ax_record_row_new (text, _("Recorded as it happened (e.g. two desks offline); "
                                                  "nothing was hidden. Check the entries and "
                                                  "correct them with the clinic's owner."));
      GtkWidget *icon = ax_record_icon_new ("dialog-warning-symbolic");

      gtk_widget_add_css_class (row, "credit-breach");
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      set_history_action (row, b->kind, b->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      gtk_list_box_append (self->plans_list, row);
    }
}

static void
add_packages (AxPatientRecordView *self,
              GTimeZone           *tz)
{
  const AxPatientRecord *r = self->record;

  for (guint i = 0; i < r->packages->len; i++)
    {
      const AxRecordPackage *pkg = r->packages->pdata[i];
      g_autofree char *date = format_date (pkg->expires_ms, tz);
      /* Translators: a package's line: "Laser toning · expires 12 Jun 2026" */
      g_autofree char *expiry = g_strdup_printf (_("expires %s"), date);
      g_autofree char *subtitle = g_strjoin (" · ", pkg->service_name, expiry, NULL);
      g_autofree char *balance = ax_patient_text_balance (pkg->balance, pkg->sessions);
      g_autofree char *description = g_strjoin (" · ", subtitle, balance, NULL);
      GtkWidget *row = ax_record_row_new (pkg->package_name, subtitle);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 ax_record_icon_new ("package-x-generic-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 ax_record_tag_new (balance, pkg->balance > 0 ? "success"
                                                         : pkg->balance < 0 ? "error" : "warning"));
      set_history_action (row, AX_CREDIT_COURSE, pkg->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      gtk_list_box_append (self->plans_list, row);
    }
}

static void
add_membership_buttons (GtkWidget                *row,
                        const AxRecordMembership *m)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *renew = g_strdup_printf (_("Renew %s…"), m->plan_name);
  g_autofree char *pause = g_strdup_printf (_("Pause %s…"), m->plan_name);
  g_autofree char *resume = g_strdup_printf (_("Resume %s"), m->plan_name);
  g_autofree char *cancel = g_strdup_printf (_("Cancel %s…"), m->plan_name);
  gboolean paused = g_str_equal (m->status, "paused");

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "membership-actions");
  gtk_widget_add_css_class (box, "linked");
  if (!paused)
    gtk_box_append (GTK_BOX (box), new_row_button (_("Renew…"), renew,
                                                   "record.renew-membership", m->id));
  gtk_box_append (GTK_BOX (box),
                  paused ? new_row_button (_("Resume"), resume, "record.resume-membership", m->id)
                         : new_row_button (_("Pause…"), pause, "record.pause-membership", m->id));
  gtk_box_append (GTK_BOX (box), new_row_button (_("Cancel…"), cancel,
                                                 "record.cancel-membership", m->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
}

static void
add_memberships (AxPatientRecordView *self,
                 GTimeZone           *tz)
{
  const AxPatientRecord *r = self->record;
  gboolean can_sell = ax_context_can (self->context, AX_PERM_POS_SELL);
  gint64 now_ms = ax_store_now_ms (ax_context_get_store (self->context));

  for (guint i = 0; i < r->memberships->len; i++)
    {
      const AxRecordMembership *m = r->memberships->pdata[i];
      g_autofree char *left = ax_patient_text_membership_left (m->credits, m->wallet,
                                                               clinic_currency (self));
      g_autofree char *renews = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *description = NULL;
      GtkWidget *row;

      if (m->renews_ms > 0)
        {
          g_autofree char *date = format_date (m->renews_ms, tz);

          if (m->renews_ms <= now_ms)
            /* Translators: a membership not yet renewed: "Membership · renewal due since 1 Apr 2026" */
            renews = g_strdup_printf (_("renewal due since %s"), date);
          else
            /* Translators: a membership's line: "Membership · renews 1 Apr 2026" */
            renews = g_strdup_printf (_("renews %s"), date);
        }
      subtitle = g_strjoin (" · ", g_str_equal (m->status, "paused") ? _("Membership, paused")
                                                                      : _("Membership"),
                            renews, NULL);
      description = g_strjoin (" · ", subtitle, left, NULL);
      row = ax_record_row_new (m->plan_name, subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ax_record_icon_new ("starred-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 ax_record_tag_new (left, m->credits > 0 || m->wallet > 0
                                                            ? "success" : "warning"));
      if (m->renews_ms > 0 && m->renews_ms <= now_ms)
        gtk_widget_add_css_class (row, "renewal-due");
      if (can_sell)
        add_membership_buttons (row, m);
      set_history_action (row, AX_CREDIT_MEMBERSHIP, m->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      gtk_list_box_append (self->plans_list, row);
    }
}

/* The usage history window */

static GtkWidget *
usage_row (const AxCreditEntry *e,
           const char          *currency,
           gint64               now_ms,
           GTimeZone           *tz)
{
  g_autofree char *change = ax_patient_text_credit_change (e->sessions, e->amount, currency);
  g_autofree char *title = g_strdup_printf ("%s · %s", ax_patient_text_credit_kind (e), change);
  g_autofree char *detail = ax_patient_text_credit_detail (e, now_ms, tz);
  g_autofree char *after = ax_patient_text_credit_after (e, currency);
  g_autofree char *description = g_strjoin (" · ", detail, after,
                                            e->flagged ? _("Flagged for review") : NULL, NULL);
  GtkWidget *row = ax_record_row_new (title, detail);

  gtk_widget_add_css_class (row, "property");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             ax_record_tag_new (after, e->breach || e->sessions_after < 0
                                                         || e->amount_after < 0 ? "error" : NULL));
  if (e->flagged)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               ax_record_tag_new (_("Flagged for review"), "warning"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return row;
}

static void
usage_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GtkWidget) window = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = ax_credit_usage_finish (AX_STORE (source), result, &error);
  const char *currency = g_object_get_data (G_OBJECT (window), "currency");
  GTimeZone *tz = ax_store_get_timezone (AX_STORE (source));
  gint64 now_ms = ax_store_now_ms (AX_STORE (source));
  GtkListBox *list = ax_record_history_loaded (window, error, entries ? entries->len : 0,
                                               _("Cannot Read the Usage"),
                                               _("Nothing Recorded Yet"));

  if (list == NULL)
    return;
  /* The newest first, as people read a statement on screen. */
  for (guint i = entries->len; i > 0; i--)
    gtk_list_box_append (list, usage_row (entries->pdata[i - 1], currency, now_ms, tz));
  ax_record_history_show_list (window);
}

static void
open_usage (AxPatientRecordView *self,
            AxCreditKind         kind,
            const char          *id,
            const char          *name)
{
  /* Translators: the usage history window: "Usage of Facial x5" */
  g_autofree char *title = g_strdup_printf (_("Usage of %s"), name);
  GCancellable *cancellable;
  GtkWidget *window = ax_record_history_new (GTK_WIDGET (self), title,
                                             kind == AX_CREDIT_COURSE ? _("Course") : _("Membership"),
                                             _("Loading the usage"), _("Usage history"), 640,
                                             &cancellable);

  g_object_set_data_full (G_OBJECT (window), "currency", g_strdup (clinic_currency (self)), g_free);
  ax_credit_usage_async (ax_context_get_store (self->context), kind, id, cancellable,
                         usage_loaded_cb, g_object_ref (window));
  gtk_window_present (GTK_WINDOW (window));
}

static const char *
credit_name (AxPatientRecordView *self,
             AxCreditKind         kind,
             const char          *id)
{
  GPtrArray *breaches = self->record->credit_breaches;

  if (kind == AX_CREDIT_COURSE)
    for (guint i = 0; i < self->record->packages->len; i++)
      {
        const AxRecordPackage *p = self->record->packages->pdata[i];
        if (g_str_equal (p->id, id))
          return p->package_name;
      }
  else if (find_membership (self, id) != NULL)
    return find_membership (self, id)->plan_name;
  for (guint i = 0; breaches != NULL && i < breaches->len; i++)
    {
      const AxCreditBreach *b = breaches->pdata[i];
      if (g_str_equal (b->id, id))
        return b->name;
    }
  return NULL;
}

static void
usage_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  AxCreditKind kind = g_str_equal (action_name, "record.course-usage") ? AX_CREDIT_COURSE
                                                                       : AX_CREDIT_MEMBERSHIP;
  const char *id = g_variant_get_string (parameter, NULL);
  const char *name;

  if (self->record == NULL || (name = credit_name (self, kind, id)) == NULL)
    return;
  open_usage (self, kind, id, name);
}

/* Renew… */

static void
renew_submit_cb (AxFormDialog        *dialog,
                 AxPatientRecordView *self)
{
  const AxRecordMembership *m = find_membership (self, g_object_get_data (G_OBJECT (dialog), "id"));
  GtkWidget *tender_row = ax_form_dialog_get_field (dialog, "tender");
  g_autofree char *amount_text = ax_form_dialog_get_text (dialog, "amount");
  g_autofree char *reference = ax_form_dialog_get_text (dialog, "reference");
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *done = NULL;
  JsonObject *from;
  gint64 amount = 0;
  guint tender = adw_combo_row_get_selected (ADW_COMBO_ROW (tender_row));

  ax_form_dialog_clear_errors (dialog);
  if (m == NULL)
    {
      ax_form_dialog_set_error (dialog, NULL, _("The membership is no longer active"));
      return;
    }
  if (!ax_money_parse (amount_text, clinic_currency (self), NULL, &amount, NULL) || amount <= 0)
    {
      ax_form_dialog_set_error (dialog, "amount", _("Type the amount paid, e.g. 2,990.00"));
      return;
    }
  json_object_set_string_member (args, "id", m->id);
  json_object_set_int_member (args, "amount", amount);
  json_object_set_string_member (args, "tender", tenders[MIN (tender, G_N_ELEMENTS (tenders) - 1)]);
  if (*reference != '\0')
    json_object_set_string_member (args, "reference", reference);
  from = json_object_new ();
  if (m->renews_ms > 0)
    json_object_set_int_member (from, "renews_at", m->renews_ms);
  else
    json_object_set_null_member (from, "renews_at");
  json_object_set_object_member (args, "from", from);
  result = ax_patient_record_view_mutate (self, "membership.renew", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  date = format_date (json_object_get_int_member (json_node_get_object (result), "renews_at"),
                      ax_store_get_timezone (ax_context_get_store (self->context)));
  /* Translators: "Glow Club renewed; next renewal 10 May 2026" */
  done = g_strdup_printf (_("%s renewed; next renewal %s"), m->plan_name, date);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_patient_record_view_toast (self, done);
}

static void
renew_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const AxRecordMembership *m = find_membership (self, g_variant_get_string (parameter, NULL));
  g_autofree char *title = NULL;
  g_autofree char *price = NULL;
  g_autofree char *description = NULL;
  g_autofree char *date = NULL;
  g_autoptr (GtkStringList) names = NULL;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;
  GtkWidget *combo, *amount;

  if (m == NULL)
    return;
  /* Translators: the renewal dialog: "Renew Glow Club" */
  title = g_strdup_printf (_("Renew %s"), m->plan_name);
  price = ax_money_format (m->price, clinic_currency (self), NULL);
  date = m->renews_ms > 0 ? format_date (m->renews_ms, ax_store_get_timezone (
                                           ax_context_get_store (self->context)))
                          : g_strdup (_("today"));
  description = g_strdup_printf (_("Records the payment for the next period, which starts %s "
                                   "(or today, if that has passed). The period's credits and "
                                   "wallet value are granted at once."), date);
  dialog = ax_form_dialog_new (widget, title, _("_Renew"));
  group = ax_form_dialog_add_group (dialog, _("Payment"), description);
  amount = ax_form_dialog_add_entry (dialog, group, "amount", _("Amount"), price);
  gtk_widget_add_css_class (amount, "numeric");
  names = gtk_string_list_new ((const char *const[]) { _("Cash"), _("Card"), _("Bank transfer"),
                                                       _("QR payment"), NULL });
  combo = adw_combo_row_new ();
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (names));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Paid by"));
  ax_form_dialog_add_field (dialog, group, "tender", _("Paid by"), combo);
  ax_form_dialog_add_entry (dialog, group, "reference", _("Reference (card slip, transfer)"), NULL);
  g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (m->id), g_free);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (renew_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Pause, Resume */

static void
set_status (AxPatientRecordView      *self,
            const AxRecordMembership *m,
            const char               *mutator,
            const char               *done)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonObject) from = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (args, "id", m->id);
  json_object_set_string_member (from, "status", m->status);
  json_object_set_object_member (args, "from", g_steal_pointer (&from));
  result = ax_patient_record_view_mutate (self, mutator, args, &error);
  if (result == NULL)
    ax_patient_record_view_toast_error (self, error);
  else
    ax_patient_record_view_toast (self, done);
}

static void
pause_response_cb (AdwMessageDialog    *dialog,
                   const char          *response,
                   AxPatientRecordView *self)
{
  const AxRecordMembership *m = find_membership (self, g_object_get_data (G_OBJECT (dialog), "id"));
  g_autofree char *done = NULL;

  if (!g_str_equal (response, "pause") || m == NULL)
    return;
  done = g_strdup_printf (_("%s paused"), m->plan_name);
  set_status (self, m, "membership.pause", done);
}

static void
pause_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const AxRecordMembership *m = find_membership (self, g_variant_get_string (parameter, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (m == NULL)
    return;
  /* Translators: "Pause Glow Club?" */
  heading = g_strdup_printf (_("Pause %s?"), m->plan_name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("While it is paused its credits and wallet can’t be used. "
                                     "When it is resumed, the days it was paused are added to "
                                     "the period."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Back"),
                                    "pause", _("_Pause"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "pause",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "pause");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (m->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pause_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resume_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const AxRecordMembership *m = find_membership (self, g_variant_get_string (parameter, NULL));
  g_autofree char *done = NULL;

  if (m == NULL)
    return;
  done = g_strdup_printf (_("%s resumed"), m->plan_name);
  set_status (self, m, "membership.resume", done);
}

/* Cancel… */

static void
cancel_submit_cb (AxFormDialog        *dialog,
                  AxPatientRecordView *self)
{
  const AxRecordMembership *m = find_membership (self, g_object_get_data (G_OBJECT (dialog), "id"));
  g_autofree char *reason = ax_form_dialog_get_text (dialog, "reason");
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonObject) from = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;

  ax_form_dialog_clear_errors (dialog);
  if (m == NULL)
    {
      ax_form_dialog_set_error (dialog, NULL, _("The membership is no longer active"));
      return;
    }
  if (*reason == '\0')
    {
      ax_form_dialog_set_error (dialog, "reason", _("Give a reason for cancelling the membership"));
      return;
    }
  json_object_set_string_member (args, "id", m->id);
  json_object_set_string_member (args, "reason", reason);
  json_object_set_string_member (from, "status", m->status);
  json_object_set_object_member (args, "from", g_steal_pointer (&from));
  done = g_strdup_printf (_("%s cancelled"), m->plan_name);
  result = ax_patient_record_view_mutate (self, "membership.cancel", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_patient_record_view_toast (self, done);
}

static void
cancel_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  const AxRecordMembership *m = find_membership (self, g_variant_get_string (parameter, NULL));
  g_autofree char *title = NULL;
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;

  if (m == NULL)
    return;
  /* Translators: the dialog that cancels a membership: "Cancel Glow Club" */
  title = g_strdup_printf (_("Cancel %s"), m->plan_name);
  dialog = ax_form_dialog_new (widget, title, _("_End Membership"));
  group = ax_form_dialog_add_group (dialog, NULL,
                                    _("What is left of it can no longer be used. Its usage "
                                      "history is kept. A membership sold today is voided at "
                                      "the till instead."));
  ax_form_dialog_add_entry (dialog, group, "reason", _("Reason"), NULL);
  g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (m->id), g_free);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (cancel_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Give Membership… */

static void
enrol_submit_cb (AxFormDialog        *dialog,
                 AxPatientRecordView *self)
{
  GPtrArray *plans = g_object_get_data (G_OBJECT (dialog), "plans");
  guint at = adw_combo_row_get_selected (ADW_COMBO_ROW (ax_form_dialog_get_field (dialog, "plan_id")));
  g_autofree char *reason = ax_form_dialog_get_text (dialog, "reason");
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;
  const AxCreditPlan *plan;

  ax_form_dialog_clear_errors (dialog);
  if (self->record == NULL || at >= plans->len)
    return;
  plan = plans->pdata[at];
  json_object_set_string_member (args, "patient_id", self->record->id);
  json_object_set_string_member (args, "plan_id", plan->id);
  json_object_set_string_member (args, "reason", reason);
  result = ax_patient_record_view_mutate (self, "membership.enrol", args, &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  /* Translators: a toast: "Enrolled in Glow Club" */
  done = g_strdup_printf (_("Enrolled in %s"), plan->name);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ax_patient_record_view_toast (self, done);
}

static void
enrol_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  AxPatientRecordView *self = AX_PATIENT_RECORD_VIEW (widget);
  AxDb *db = ax_store_get_db (ax_context_get_store (self->context));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) plans = NULL;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  AxFormDialog *dialog;
  AdwPreferencesGroup *group;
  GtkWidget *combo;

  if (self->record == NULL)
    return;
  plans = ax_credit_list_plans (db, &error);
  if (plans == NULL)
    {
      ax_patient_record_view_toast_error (self, error);
      return;
    }
  if (plans->len == 0)
    {
      ax_patient_record_view_toast (self, _("The clinic offers no membership plans yet"));
      return;
    }
  for (guint i = 0; i < plans->len; i++)
    {
      const AxCreditPlan *plan = plans->pdata[i];

      gtk_string_list_append (names, plan->name);
    }
  dialog = ax_form_dialog_new (widget, _("Give Membership"), _("_Enrol"));
  group = ax_form_dialog_add_group (dialog, NULL,
                                    _("Enrols the patient without a sale, starting today; the "
                                      "first period's credits and wallet value are granted at "
                                      "once. A membership paid for is sold at the till."));
  combo = adw_combo_row_new ();
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (names));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Plan"));
  ax_form_dialog_add_field (dialog, group, "plan_id", _("Plan"), combo);
  ax_form_dialog_add_entry (dialog, group, "reason", _("Reason (e.g. complimentary)"), NULL);
  g_object_set_data_full (G_OBJECT (dialog), "plans", g_steal_pointer (&plans),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (enrol_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Shared with ax-patient-record-view.c */

void
ax_patient_record_view_fill_credits (AxPatientRecordView *self,
                                     GTimeZone           *tz)
{
  gtk_widget_set_visible (self->enrol_button, ax_context_can (self->context, AX_PERM_POS_APPROVE));
  add_breaches (self);
  add_packages (self, tz);
  add_memberships (self, tz);
}

void
ax_patient_record_view_install_credit_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "record.course-usage", "s", usage_cb);
  gtk_widget_class_install_action (widget_class, "record.membership-usage", "s", usage_cb);
  gtk_widget_class_install_action (widget_class, "record.renew-membership", "s", renew_cb);
  gtk_widget_class_install_action (widget_class, "record.pause-membership", "s", pause_cb);
  gtk_widget_class_install_action (widget_class, "record.resume-membership", "s", resume_cb);
  gtk_widget_class_install_action (widget_class, "record.cancel-membership", "s", cancel_cb);
  gtk_widget_class_install_action (widget_class, "record.enrol-membership", NULL, enrol_cb);
}

void
ax_patient_record_view_update_credit_actions (AxPatientRecordView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean loaded = self->record != NULL;
  gboolean can_sell = loaded && ax_context_can (self->context, AX_PERM_POS_SELL);

  gtk_widget_action_set_enabled (widget, "record.course-usage", loaded);
  gtk_widget_action_set_enabled (widget, "record.membership-usage", loaded);
  gtk_widget_action_set_enabled (widget, "record.renew-membership", can_sell);
  gtk_widget_action_set_enabled (widget, "record.pause-membership", can_sell);
  gtk_widget_action_set_enabled (widget, "record.resume-membership", can_sell);
  gtk_widget_action_set_enabled (widget, "record.cancel-membership", can_sell);
  gtk_widget_action_set_enabled (widget, "record.enrol-membership",
                                 loaded && ax_context_can (self->context, AX_PERM_POS_APPROVE));
}
