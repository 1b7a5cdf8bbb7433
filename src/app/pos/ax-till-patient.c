/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The Till page's patient: the button and its popover (a search, the
 * patients found, Detach), and the attached patient's credits (courses and
 * wallets), read off the main thread for the payment dialog. */

#include "ax-till-page-private.h"

#include <glib/gi18n.h>

#include "ax-patient-search.h"
#include "patients/ax-patient-text.h"

#define PATIENT_LIMIT 20

void
ax_till_page_update_patient_button (AxTillPage *self)
{
  gtk_menu_button_set_label (self->patient_button,
                             self->patient_name != NULL ? self->patient_name : _("Attach Patient"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->patient_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->patient_name != NULL ? self->patient_name
                                                             : _("Attach Patient"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->detach_button), self->patient_id != NULL);
}

static void
attach_patient (AxTillPage *self,
                const char *id,
                const char *name);

static GtkWidget *
new_patient_row (AxTillPage         *self,
                 const AxPatientHit *hit)
{
  g_autofree char *name = ax_patient_text_name (hit->first_name, hit->last_name);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hit->patient_number ? hit->patient_number : "");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "patient-id", g_strdup (hit->id), g_free);
  g_object_set_data_full (G_OBJECT (row), "patient-name", g_strdup (name), g_free);
  return row;
}

static void
credits_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (AxTillPage) self = user_data;
  g_autoptr (GError) error = NULL;
  AxTillCredits *credits = ax_till_credits_query_finish (AX_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (credits == NULL)
    {
      ax_till_page_show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->credits, ax_till_credits_free);
  self->credits = credits;
}

static void
attach_patient (AxTillPage *self,
                const char *id,
                const char *name)
{
  g_free (self->patient_id);
  self->patient_id = g_strdup (id);
  g_free (self->patient_name);
  self->patient_name = g_strdup (name);
  g_clear_pointer (&self->credits, ax_till_credits_free);
  ax_till_page_update_patient_button (self);
  ax_till_credits_query_async (ax_context_get_store (self->context), id, self->cancellable,
                               credits_done_cb, g_object_ref (self));
}

static void
patients_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (AxTillPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = ax_patients_search_finish (AX_STORE (source), result, &error);
  GtkListBoxRow *row;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search_cancellable);
  while ((row = gtk_list_box_get_row_at_index (self->patient_results, 0)) != NULL)
    gtk_list_box_remove (self->patient_results, GTK_WIDGET (row));
  if (hits == NULL)
    {
      ax_till_page_show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->patient_results, new_patient_row (self, hits->pdata[i]));
}

static void
patient_search_changed_cb (AxTillPage     *self,
                           GtkSearchEntry *entry)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkListBoxRow *row;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (*query == '\0')
    {
      while ((row = gtk_list_box_get_row_at_index (self->patient_results, 0)) != NULL)
        gtk_list_box_remove (self->patient_results, GTK_WIDGET (row));
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  ax_patients_search_async (ax_context_get_store (self->context), query, PATIENT_LIMIT,
                            self->search_cancellable, patients_found_cb, g_object_ref (self));
}

static void
patient_row_activated_cb (AxTillPage    *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  attach_patient (self, g_object_get_data (G_OBJECT (row), "patient-id"),
                  g_object_get_data (G_OBJECT (row), "patient-name"));
  gtk_menu_button_popdown (self->patient_button);
}

static void
patient_search_activated_cb (AxTillPage     *self,
                             GtkSearchEntry *entry)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->patient_results, 0);

  if (first != NULL)
    patient_row_activated_cb (self, first, self->patient_results);
}

void
ax_till_page_attach_patient_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  AxTillPage *self = AX_TILL_PAGE (widget);

  gtk_menu_button_popup (self->patient_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->patient_search));
}

void
ax_till_page_detach_patient_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  AxTillPage *self = AX_TILL_PAGE (widget);

  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->patient_name, g_free);
  g_clear_pointer (&self->credits, ax_till_credits_free);
  ax_till_page_update_patient_button (self);
  gtk_menu_button_popdown (self->patient_button);
}

void
ax_till_page_init_patient (AxTillPage *self)
{
  g_signal_connect_swapped (self->patient_search, "search-changed",
                            G_CALLBACK (patient_search_changed_cb), self);
  g_signal_connect_swapped (self->patient_search, "activate",
                            G_CALLBACK (patient_search_activated_cb), self);
  g_signal_connect_swapped (self->patient_results, "row-activated",
                            G_CALLBACK (patient_row_activated_cb), self);
}
