/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-pages.h"

#include <glib/gi18n.h>

#include "audit/ax-audit-page.h"
#include "calendar/ax-calendar-page.h"
#include "chart/ax-signoff-page.h"
#include "commissions/ax-commissions-page.h"
#include "dashboard/ax-dashboard-page.h"
#include "inventory/ax-inventory-page.h"
#include "patients/ax-patients-page.h"
#include "pos/ax-till-page.h"
#include "sales/ax-sales-page.h"
#include "settings/ax-settings-page.h"
#include "templates/ax-templates-page.h"

/* The sidebar, top to bottom. A feature adds its row here. */
static const AxPageInfo pages[] = {
  { "dashboard", N_("Dashboard"), "view-grid-symbolic", AX_PERM_DASHBOARD_VIEW,
    ax_dashboard_page_new },
  { "calendar", N_("Calendar"), "x-office-calendar-symbolic", AX_PERM_CALENDAR_VIEW,
    ax_calendar_page_new },
  { "patients", N_("Patients"), "system-users-symbolic", AX_PERM_PATIENT_VIEW,
    ax_patients_page_new },
  { "till", N_("Till"), "ax-till-symbolic", AX_PERM_POS_SELL, ax_till_page_new },
  { "sales", N_("Sales"), "ax-receipt-symbolic", AX_PERM_POS_SELL, ax_sales_page_new },
  { "inventory", N_("Inventory"), "package-x-generic-symbolic", AX_PERM_INVENTORY_VIEW,
    ax_inventory_page_new },
  { "signoff", N_("Sign-off"), "emblem-ok-symbolic", AX_PERM_CHART_SIGN, ax_signoff_page_new },
  { "commissions", N_("Commissions"), "ax-percent-symbolic", AX_PERM_COMMISSION_RULES,
    ax_commissions_page_new },
  { "templates", N_("Templates"), "document-properties-symbolic", AX_PERM_SETTINGS_EDIT,
    ax_templates_page_new },
  { "audit", N_("Audit Log"), "security-high-symbolic", AX_PERM_AUDIT_VIEW, ax_audit_page_new },
  /* Everyone sees the pairing's status; only settings.edit pairs and unpairs. */
  { "settings", N_("Settings"), "emblem-system-symbolic", AX_PERM_DASHBOARD_VIEW,
    ax_settings_page_new },
};

const AxPageInfo *
ax_pages_get_all (gsize *n_pages)
{
  if (n_pages != NULL)
    *n_pages = G_N_ELEMENTS (pages);
  return pages;
}

GPtrArray *
ax_pages_for_role (AxRole role)
{
  GPtrArray *visible = g_ptr_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    if (ax_role_has (role, pages[i].permission))
      g_ptr_array_add (visible, (gpointer) &pages[i]);
  return visible;
}

const AxPageInfo *
ax_pages_lookup (const char *id)
{
  for (gsize i = 0; id != NULL && i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (pages[i].id, id))
      return &pages[i];
  return NULL;
}

const char *
ax_page_info_get_title (const AxPageInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return _(info->title);
}

GtkEventController *
ax_page_add_shortcuts (GtkWidget            *page,
                       const AxPageShortcut *keys,
                       gsize                 n_keys)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (gsize i = 0; i < n_keys; i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                              keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (page, shortcuts);
  return shortcuts;
}
