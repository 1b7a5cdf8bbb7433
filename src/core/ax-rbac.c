/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-rbac.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define P(x) (G_GUINT64_CONSTANT (1) << AX_PERM_##x)

/* The role × permission matrix. MedicalDirector reads clinical data and
 * signs, but never edits; FrontDesk and Owner may overbook on purpose;
 * FrontDesk and Billing see masked phone and national id numbers and may
 * reveal one with a reason. */
static const guint64 matrix[AX_N_ROLES] = {
  [AX_ROLE_OWNER] = (G_GUINT64_CONSTANT (1) << AX_N_PERMS) - 1,
  [AX_ROLE_PROVIDER] = P (DASHBOARD_VIEW) | P (CALENDAR_VIEW) | P (CALENDAR_BOOK)
                       | P (PATIENT_VIEW) | P (PATIENT_EDIT) | P (PATIENT_UNMASKED)
                       | P (CLINICAL_VIEW) | P (CLINICAL_EDIT) | P (INVENTORY_VIEW),
  [AX_ROLE_FRONT_DESK] = P (DASHBOARD_VIEW) | P (CALENDAR_VIEW) | P (CALENDAR_BOOK)
                         | P (CALENDAR_OVERBOOK) | P (PATIENT_VIEW) | P (PATIENT_EDIT)
                         | P (PATIENT_REVEAL),
  [AX_ROLE_BILLING] = P (DASHBOARD_VIEW) | P (CALENDAR_VIEW) | P (PATIENT_VIEW)
                      | P (PATIENT_REVEAL) | P (POS_SELL) | P (POS_VOID) | P (POS_REFUND)
                      | P (INVENTORY_VIEW) | P (INVENTORY_EDIT) | P (REPORTS_VIEW),
  [AX_ROLE_MEDICAL_DIRECTOR] = P (DASHBOARD_VIEW) | P (CALENDAR_VIEW) | P (PATIENT_VIEW)
                               | P (PATIENT_UNMASKED) | P (CLINICAL_VIEW) | P (CHART_SIGN),
  [AX_ROLE_READ_ONLY] = P (DASHBOARD_VIEW) | P (CALENDAR_VIEW) | P (PATIENT_VIEW)
                        | P (INVENTORY_VIEW) | P (REPORTS_VIEW),
};

static const char *role_ids[AX_N_ROLES] = {
  "owner", "provider", "front_desk", "billing", "medical_director", "read_only",
};

static const char *perm_ids[AX_N_PERMS] = {
  "dashboard.view", "calendar.view", "calendar.book", "calendar.overbook",
  "patient.view", "patient.edit", "patient.unmasked", "patient.reveal",
  "clinical.view", "clinical.edit", "chart.sign",
  "pos.sell", "pos.void", "pos.refund", "pos.approve",
  "inventory.view", "inventory.edit", "reports.view", "catalogue.edit",
  "users.manage", "settings.edit", "audit.view", "commission.rules",
};

gboolean
ax_role_has (AxRole       role,
             AxPermission perm)
{
  if (role < 0 || role >= AX_N_ROLES || perm < 0 || perm >= AX_N_PERMS)
    return FALSE;
  return (matrix[role] & (G_GUINT64_CONSTANT (1) << perm)) != 0;
}

const char *
ax_role_to_string (AxRole role)
{
  g_return_val_if_fail (role >= 0 && role < AX_N_ROLES, NULL);
  return role_ids[role];
}

AxRole
ax_role_from_string (const char *text)
{
  for (int i = 0; text != NULL && i < AX_N_ROLES; i++)
    if (g_ascii_strcasecmp (text, role_ids[i]) == 0)
      return (AxRole) i;
  return AX_ROLE_INVALID;
}

const char *
ax_role_display_name (AxRole role)
{
  switch (role)
    {
    case AX_ROLE_OWNER: return _("Owner");
    case AX_ROLE_PROVIDER: return _("Provider");
    case AX_ROLE_FRONT_DESK: return _("Front Desk");
    case AX_ROLE_BILLING: return _("Billing");
    case AX_ROLE_MEDICAL_DIRECTOR: return _("Medical Director");
    case AX_ROLE_READ_ONLY: return _("Read Only");
    case AX_N_ROLES:
    case AX_ROLE_INVALID:
    default:
      return _("Unknown role");
    }
}

const char *
ax_permission_to_string (AxPermission perm)
{
  g_return_val_if_fail (perm >= 0 && perm < AX_N_PERMS, NULL);
  return perm_ids[perm];
}

AxPermission
ax_permission_from_string (const char *text)
{
  for (int i = 0; text != NULL && i < AX_N_PERMS; i++)
    if (strcmp (text, perm_ids[i]) == 0)
      return (AxPermission) i;
  return AX_PERM_INVALID;
}

const char *
ax_permission_display_name (AxPermission perm)
{
  switch (perm)
    {
    case AX_PERM_DASHBOARD_VIEW: return _("view the dashboard");
    case AX_PERM_CALENDAR_VIEW: return _("view the calendar");
    case AX_PERM_CALENDAR_BOOK: return _("book appointments");
    case AX_PERM_CALENDAR_OVERBOOK: return _("overbook appointments");
    case AX_PERM_PATIENT_VIEW: return _("view patients");
    case AX_PERM_PATIENT_EDIT: return _("edit patients");
    case AX_PERM_PATIENT_UNMASKED: return _("see unmasked contact details");
    case AX_PERM_PATIENT_REVEAL: return _("reveal masked contact details");
    case AX_PERM_CLINICAL_VIEW: return _("view clinical records");
    case AX_PERM_CLINICAL_EDIT: return _("edit clinical records");
    case AX_PERM_CHART_SIGN: return _("sign charts");
    case AX_PERM_POS_SELL: return _("make sales");
    case AX_PERM_POS_VOID: return _("void sales");
    case AX_PERM_POS_REFUND: return _("refund sales");
    case AX_PERM_POS_APPROVE: return _("approve discounts and voids");
    case AX_PERM_INVENTORY_VIEW: return _("view stock");
    case AX_PERM_INVENTORY_EDIT: return _("change stock");
    case AX_PERM_REPORTS_VIEW: return _("view reports");
    case AX_PERM_CATALOGUE_EDIT: return _("edit services, providers and rooms");
    case AX_PERM_USERS_MANAGE: return _("manage users");
    case AX_PERM_SETTINGS_EDIT: return _("change clinic settings");
    case AX_PERM_AUDIT_VIEW: return _("view the audit log");
    case AX_PERM_COMMISSION_RULES: return _("edit commission rules");
    case AX_N_PERMS:
    case AX_PERM_INVALID:
    default:
      return _("do this");
    }
}
