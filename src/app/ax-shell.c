/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-shell.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "widgets/ax-conflicts-button.h"
#include "widgets/ax-sync-indicator.h"

#include "ax-pages.h"
#include "calendar/ax-calendar-page.h"
#include "commissions/ax-commission-worker.h"
#include "patients/ax-patients-page.h"

#define NO_PAGES "no-pages"

struct _AxShell
{
  GtkWidget       parent_instance;

  AxContext      *context;
  GPtrArray      *pages;       /* const AxPageInfo *, in sidebar order */

  AdwLeaflet     *leaflet;
  GtkWidget      *content;
  GtkListBox     *sidebar_list;
  AdwWindowTitle *window_title;
  GtkMenuButton  *menu_button;
  AdwBin         *sync_slot;
  AdwBin         *conflicts_slot;
  AdwViewStack   *view_stack;
  GtkWidget      *back_button;
  GtkWidget      *watched_page;   /* weak: the visible page, for can-go-back */

  AxCommissionWorker *commission_worker;   /* the log behind the till */
};

G_DEFINE_FINAL_TYPE (AxShell, ax_shell, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static GtkWidget *
new_sidebar_row (const AxPageInfo *page,
                 guint             index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (page->icon_name);
  GtkWidget *label = gtk_label_new (ax_page_info_get_title (page));
  g_autofree char *tooltip = NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ax_page_info_get_title (page), -1);
  if (index < 9)
    {
      /* Translators: a sidebar row's tooltip, the key that shows it: "Alt+1" */
      tooltip = g_strdup_printf (_("Alt+%u"), index + 1);
      gtk_widget_set_tooltip_text (row, tooltip);
    }
  return row;
}

static GtkWidget *
new_no_pages_status (AxActor *actor)
{
  GtkWidget *status = adw_status_page_new ();
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("The role %s has no pages in this version of Aesthetix. "
                                   "Ask the clinic owner to change your role."),
                                 ax_role_display_name (ax_actor_get_role (actor)));
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "action-unavailable-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Nothing to Show"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  return status;
}

static void
clear_pages (AxShell *self)
{
  GtkListBoxRow *row;
  GtkWidget *child;

  while ((row = gtk_list_box_get_row_at_index (self->sidebar_list, 0)) != NULL)
    gtk_list_box_remove (self->sidebar_list, GTK_WIDGET (row));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack))) != NULL)
    adw_view_stack_remove (self->view_stack, child);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
}

static void
update_title (AxShell *self)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);
  AxActor *actor = ax_context_get_actor (self->context);
  g_autofree char *who = NULL;

  if (actor != NULL)
    /* Translators: the header bar's subtitle: "Anong Srisuk · Billing" */
    who = g_strdup_printf (_("%s · %s"), ax_actor_get_display_name (actor),
                           ax_role_display_name (ax_actor_get_role (actor)));
  adw_window_title_set_title (self->window_title, clinic ? clinic->name : _("Aesthetix"));
  adw_window_title_set_subtitle (self->window_title, who ? who : "");
}

static void
build_pages (AxShell *self)
{
  AxActor *actor = ax_context_get_actor (self->context);
  g_autofree char *last_page = NULL;

  clear_pages (self);
  update_title (self);
  if (actor == NULL)
    return;

  self->pages = ax_pages_for_role (ax_actor_get_role (actor));
  for (guint i = 0; i < self->pages->len; i++)
    {
      const AxPageInfo *page = g_ptr_array_index (self->pages, i);
      AdwViewStackPage *stack_page;

      gtk_list_box_append (self->sidebar_list, new_sidebar_row (page, i));
      stack_page = adw_view_stack_add_titled (self->view_stack, page->new_page (self->context),
                                              page->id, ax_page_info_get_title (page));
      adw_view_stack_page_set_icon_name (stack_page, page->icon_name);
    }

  if (self->pages->len == 0)
    {
      adw_view_stack_add_named (self->view_stack, new_no_pages_status (actor), NO_PAGES);
      return;
    }

  last_page = g_settings_get_string (ax_context_get_settings (self->context), "last-page");
  if (!ax_shell_show_page (self, last_page))
    ax_shell_show_page (self, ((const AxPageInfo *) g_ptr_array_index (self->pages, 0))->id);
  /* A narrow (folded) window opens on the page, not on the list of pages. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* A page that folds into parts of its own (the Patients page: the search or
 * the record) has a "can-go-back" property and a page.back action; the header's
 * back button goes back within it before it goes back to the pages. */
static gboolean
page_can_go_back (GtkWidget *page)
{
  gboolean can_go_back = FALSE;

  if (page != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "can-go-back"))
    g_object_get (page, "can-go-back", &can_go_back, NULL);
  return can_go_back;
}

static void
update_back_button (AxShell *self)
{
  gboolean within = page_can_go_back (self->watched_page);
  const char *text = within ? _("Back") : _("Back to the Pages");

  gtk_widget_set_visible (self->back_button, within || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_set_tooltip_text (self->back_button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
visible_page_changed_cb (AxShell *self)
{
  GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);

  if (self->watched_page != NULL)
    g_signal_handlers_disconnect_by_func (self->watched_page, update_back_button, self);
  g_set_weak_pointer (&self->watched_page, page);
  if (page != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "can-go-back"))
    g_signal_connect_swapped (page, "notify::can-go-back", G_CALLBACK (update_back_button), self);
  update_back_button (self);
}

/* Callbacks */

static void
actor_changed_cb (AxShell    *self,
                  GParamSpec *pspec,
                  AxContext  *context)
{
  build_pages (self);
}

static void
sidebar_row_activated_cb (AxShell       *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  int index = gtk_list_box_row_get_index (row);
  const AxPageInfo *page;

  if (self->pages == NULL || index < 0 || (guint) index >= self->pages->len)
    return;
  page = g_ptr_array_index (self->pages, index);
  ax_shell_show_page (self, page->id);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
show_page_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AxShell *self = AX_SHELL (widget);
  int index = g_variant_get_int32 (parameter);

  if (self->pages != NULL && index >= 0 && (guint) index < self->pages->len)
    {
      ax_shell_show_page (self, ((const AxPageInfo *) g_ptr_array_index (self->pages, index))->id);
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      /* A page chosen from the keyboard takes the focus with it: the page
       * itself when it takes focus, else its first control (its shortcuts
       * work only with the focus inside it). */
      GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);

      if (!gtk_widget_grab_focus (page))
        gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
    }
}

static void
open_patient_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AxShell *self = AX_SHELL (widget);

  if (ax_shell_show_patient (self, g_variant_get_string (parameter, NULL)))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
open_appointment_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  AxShell *self = AX_SHELL (widget);

  if (ax_shell_show_appointment (self, g_variant_get_string (parameter, NULL)))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
show_menu_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_menu_button_popup (AX_SHELL (widget)->menu_button);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxShell *self = AX_SHELL (widget);

  if (page_can_go_back (self->watched_page))
    gtk_widget_activate_action (self->watched_page, "page.back", NULL);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Overrides */

static void
ax_shell_constructed (GObject *object)
{
  AxShell *self = AX_SHELL (object);

  G_OBJECT_CLASS (ax_shell_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "notify::actor",
                           G_CALLBACK (actor_changed_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->sync_slot, ax_sync_indicator_new (self->context));
  adw_bin_set_child (self->conflicts_slot, ax_conflicts_button_new (self->context));
  build_pages (self);
  self->commission_worker = ax_commission_worker_new (self->context);
  ax_commission_worker_schedule (self->commission_worker);
}

static void
ax_shell_dispose (GObject *object)
{
  AxShell *self = AX_SHELL (object);

  if (self->watched_page != NULL)
    g_signal_handlers_disconnect_by_func (self->watched_page, update_back_button, self);
  g_clear_weak_pointer (&self->watched_page);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_SHELL);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->commission_worker);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_shell_parent_class)->dispose (object);
}

static void
ax_shell_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  AxShell *self = AX_SHELL (object);

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
ax_shell_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  AxShell *self = AX_SHELL (object);

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
ax_shell_class_init (AxShellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_shell_constructed;
  object_class->dispose = ax_shell_dispose;
  object_class->get_property = ax_shell_get_property;
  object_class->set_property = ax_shell_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "shell.show-page", "i", show_page_action_cb);
  gtk_widget_class_install_action (widget_class, "shell.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "shell.open-patient", "s",
                                   open_patient_action_cb);
  gtk_widget_class_install_action (widget_class, "shell.open-appointment", "s",
                                   open_appointment_action_cb);
  gtk_widget_class_install_action (widget_class, "shell.show-menu", NULL, show_menu_action_cb);
  for (int i = 0; i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "shell.show-page", "i", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "shell.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "shell.show-menu", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/ax-shell.ui");
  gtk_widget_class_bind_template_child (widget_class, AxShell, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AxShell, content);
  gtk_widget_class_bind_template_child (widget_class, AxShell, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, AxShell, window_title);
  gtk_widget_class_bind_template_child (widget_class, AxShell, menu_button);
  gtk_widget_class_bind_template_child (widget_class, AxShell, sync_slot);
  gtk_widget_class_bind_template_child (widget_class, AxShell, conflicts_slot);
  gtk_widget_class_bind_template_child (widget_class, AxShell, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AxShell, back_button);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_set_css_name (widget_class, "shell");
}

static void
ax_shell_init (AxShell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (update_back_button), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (visible_page_changed_cb), self);
  update_back_button (self);
}

GtkWidget *
ax_shell_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_SHELL, "context", context, NULL);
}

/* Shows the page with that id if the role may see it, selects its sidebar
 * row and remembers it in last-page. */
gboolean
ax_shell_show_page (AxShell    *self,
                    const char *page_id)
{
  g_return_val_if_fail (AX_IS_SHELL (self), FALSE);

  for (guint i = 0; page_id != NULL && self->pages != NULL && i < self->pages->len; i++)
    {
      const AxPageInfo *page = g_ptr_array_index (self->pages, i);

      if (!g_str_equal (page->id, page_id))
        continue;

      adw_view_stack_set_visible_child_name (self->view_stack, page->id);
      gtk_list_box_select_row (self->sidebar_list,
                               gtk_list_box_get_row_at_index (self->sidebar_list, (int) i));
      g_settings_set_string (ax_context_get_settings (self->context), "last-page", page->id);
      return TRUE;
    }
  return FALSE;
}

gboolean
ax_shell_show_patient (AxShell    *self,
                       const char *patient_id)
{
  GtkWidget *page;

  g_return_val_if_fail (AX_IS_SHELL (self), FALSE);

  if (patient_id == NULL || !ax_shell_show_page (self, "patients"))
    return FALSE;
  page = adw_view_stack_get_child_by_name (self->view_stack, "patients");
  if (!AX_IS_PATIENTS_PAGE (page))
    return FALSE;
  ax_patients_page_show_patient (AX_PATIENTS_PAGE (page), patient_id);
  return TRUE;
}

gboolean
ax_shell_show_appointment (AxShell    *self,
                           const char *appointment_id)
{
  GtkWidget *page;

  g_return_val_if_fail (AX_IS_SHELL (self), FALSE);

  if (appointment_id == NULL || !ax_shell_show_page (self, "calendar"))
    return FALSE;
  page = adw_view_stack_get_child_by_name (self->view_stack, "calendar");
  if (!AX_IS_CALENDAR_PAGE (page))
    return FALSE;
  return ax_calendar_page_show_appointment (AX_CALENDAR_PAGE (page), appointment_id);
}
