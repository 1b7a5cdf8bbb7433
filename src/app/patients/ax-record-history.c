/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-record-history.h"

#include <glib/gi18n.h>

static void
destroyed_cb (GtkWidget    *window,
              GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
  g_object_set_data (G_OBJECT (window), "stack", NULL);
}

GtkWidget *
ax_record_history_new (GtkWidget     *parent,
                       const char    *title,
                       const char    *subtitle,
                       const char    *loading_label,
                       const char    *list_label,
                       int            width,
                       GCancellable **cancellable)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *window, *box, *header, *stack, *spinner, *status, *scroller, *clamp, *list;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 560);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_widget_add_css_class (window, "record-history");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, subtitle));
  gtk_box_append (GTK_BOX (box), header);

  stack = gtk_stack_new ();
  gtk_widget_set_vexpand (stack, TRUE);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  loading_label, -1);
  gtk_stack_add_named (GTK_STACK (stack), spinner, "loading");
  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "document-open-recent-symbolic");
  gtk_stack_add_named (GTK_STACK (stack), status, "status");
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  list_label, -1);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  gtk_widget_add_css_class (clamp, "record-history-list");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (GTK_STACK (stack), scroller, "list");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "loading");
  gtk_box_append (GTK_BOX (box), stack);
  adw_window_set_content (ADW_WINDOW (window), box);

  g_object_set_data (G_OBJECT (window), "stack", stack);
  g_object_set_data (G_OBJECT (window), "list", list);
  g_object_set_data (G_OBJECT (window), "status", status);
  *cancellable = g_cancellable_new ();
  g_signal_connect_data (window, "destroy", G_CALLBACK (destroyed_cb), *cancellable,
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return window;
}

GtkListBox *
ax_record_history_loaded (GtkWidget    *window,
                          const GError *error,
                          guint         n_items,
                          const char   *error_title,
                          const char   *empty_title)
{
  GtkStack *stack = g_object_get_data (G_OBJECT (window), "stack");
  AdwStatusPage *status = g_object_get_data (G_OBJECT (window), "status");

  if (stack == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  if (error != NULL)
    {
      adw_status_page_set_icon_name (status, "dialog-warning-symbolic");
      adw_status_page_set_title (status, error_title);
      adw_status_page_set_description (status, error->message);
      gtk_stack_set_visible_child_name (stack, "status");
      return NULL;
    }
  if (n_items == 0)
    {
      adw_status_page_set_title (status, empty_title);
      gtk_stack_set_visible_child_name (stack, "status");
      return NULL;
    }
  return g_object_get_data (G_OBJECT (window), "list");
}

void
ax_record_history_show_list (GtkWidget *window)
{
  GtkStack *stack = g_object_get_data (G_OBJECT (window), "stack");

  if (stack != NULL)
    gtk_stack_set_visible_child_name (stack, "list");
}
