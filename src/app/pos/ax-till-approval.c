/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* An Owner approves a discount above the clinic's threshold at the till:
 * they pick their name and type their password, checked by the login code
 * (ax_auth_login: the same lockout after failed attempts, and the check is
 * recorded as that Owner's login). Their id goes into approved_by. */

#include "ax-till-page-private.h"

#include <glib/gi18n.h>

#include "ax-auth.h"

typedef struct
{
  AxTillPage *page;
  void      (*then) (AxTillPage *self);
  GPtrArray  *owners;    /* AxUserInfo */
  GtkDropDown *names;
  GtkEditable *password;
  char        *user_id;  /* the Owner chosen */
} Approval;

static void
approval_free (Approval *a)
{
  g_clear_object (&a->page);
  g_clear_pointer (&a->owners, g_ptr_array_unref);
  g_free (a->user_id);
  g_free (a);
}

static void show_dialog (Approval   *a,
                         const char *problem);

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Approval *a = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxActor) owner = ax_auth_login_finish (AX_STORE (source), result, &error);

  if (owner == NULL)
    {
      show_dialog (a, error->message);
      return;
    }
  if (ax_actor_get_role (owner) != AX_ROLE_OWNER)
    {
      show_dialog (a, _("Only an Owner can approve this discount"));
      return;
    }
  g_free (a->page->approved_by);
  a->page->approved_by = g_strdup (ax_actor_get_user_id (owner));
  a->then (a->page);
  approval_free (a);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Approval         *a)
{
  guint chosen = gtk_drop_down_get_selected (a->names);
  const AxUserInfo *owner;

  /* One answer per dialog: closing it after a response says nothing more. */
  g_signal_handlers_disconnect_by_func (dialog, response_cb, a);
  /* GTK 4.8's password entry, focused in a window being destroyed, reads
   * its freed text on the focus change: take the focus off first. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  if (!g_str_equal (response, "approve") || chosen == GTK_INVALID_LIST_POSITION
      || chosen >= a->owners->len)
    {
      g_object_set_data (G_OBJECT (a->page), "pending-cart", NULL);
      approval_free (a);
      return;
    }
  owner = g_ptr_array_index (a->owners, chosen);
  ax_auth_login_async (ax_context_get_store (a->page->context), owner->username,
                       gtk_editable_get_text (a->password), NULL, verified_cb, a);
}

static void
show_dialog (Approval   *a,
             const char *problem)
{
  guint threshold = a->page->catalogue != NULL ? a->page->catalogue->approval_bp : 2000;
  g_autofree char *pct = g_strdup_printf ("%.4g", threshold / 100.0);
  g_autofree char *body = g_strdup_printf (_("A discount of more than %s %% needs an Owner’s "
                                             "approval. The Owner chooses their name and types "
                                             "their password."), pct);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (a->page))),
                                              _("Owner Approval Needed"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *drop;
  GtkWidget *password = gtk_password_entry_new ();

  for (guint i = 0; i < a->owners->len; i++)
    gtk_string_list_append (names, ((AxUserInfo *) g_ptr_array_index (a->owners, i))->display_name);
  drop = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Approving Owner"), -1);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (password), TRUE);
  g_object_set (password, "activates-default", TRUE, "placeholder-text", _("Owner’s password"),
                NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (password), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Owner’s password"), -1);
  gtk_box_append (GTK_BOX (box), drop);
  gtk_box_append (GTK_BOX (box), password);
  if (problem != NULL)
    {
      GtkWidget *label = gtk_label_new (problem);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  a->names = GTK_DROP_DOWN (drop);
  a->password = GTK_EDITABLE (password);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "approve", _("_Approve"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), a);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (password);
}

void
ax_till_page_request_approval (AxTillPage *self,
                               void      (*then) (AxTillPage *self))
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) users = ax_auth_list_users (ax_context_get_store (self->context), &error);
  Approval *a;

  if (users == NULL)
    {
      ax_till_page_show_error (self, error->message);
      return;
    }
  a = g_new0 (Approval, 1);
  a->page = g_object_ref (self);
  a->then = then;
  a->owners = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_user_info_free);
  for (guint i = 0; i < users->len; i++)
    {
      AxUserInfo *u = users->pdata[i];

      if (u->role == AX_ROLE_OWNER)
        g_ptr_array_add (a->owners, g_ptr_array_steal_index (users, i--));
    }
  if (a->owners->len == 0)
    {
      ax_till_page_show_error (self, _("This discount needs an Owner’s approval, and the clinic "
                                       "has no Owner"));
      approval_free (a);
      return;
    }
  show_dialog (a, NULL);
}
