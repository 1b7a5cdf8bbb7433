/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  AX_ROLE_OWNER,
  AX_ROLE_PROVIDER,
  AX_ROLE_FRONT_DESK,
  AX_ROLE_BILLING,
  AX_ROLE_MEDICAL_DIRECTOR,
  AX_ROLE_READ_ONLY,
  AX_N_ROLES,
  AX_ROLE_INVALID = -1,
} AxRole;

typedef enum
{
  AX_PERM_DASHBOARD_VIEW,
  AX_PERM_CALENDAR_VIEW,
  AX_PERM_CALENDAR_BOOK,
  AX_PERM_CALENDAR_OVERBOOK,
  AX_PERM_PATIENT_VIEW,
  AX_PERM_PATIENT_EDIT,
  AX_PERM_PATIENT_UNMASKED,   /* sees phone and national id in full */
  AX_PERM_PATIENT_REVEAL,     /* may reveal a masked field, with a reason */
  AX_PERM_CLINICAL_VIEW,
  AX_PERM_CLINICAL_EDIT,
  AX_PERM_CHART_SIGN,
  AX_PERM_POS_SELL,
  AX_PERM_POS_VOID,
  AX_PERM_POS_REFUND,
  AX_PERM_POS_APPROVE,        /* approves discounts and voids of others */
  AX_PERM_INVENTORY_VIEW,
  AX_PERM_INVENTORY_EDIT,
  AX_PERM_REPORTS_VIEW,
  AX_PERM_CATALOGUE_EDIT,     /* services, providers, rooms, working hours */
  AX_PERM_USERS_MANAGE,
  AX_PERM_SETTINGS_EDIT,
  AX_PERM_AUDIT_VIEW,
  AX_PERM_COMMISSION_RULES,
  AX_N_PERMS,
  AX_PERM_INVALID = -1,
} AxPermission;

gboolean     ax_role_has                  (AxRole        role,
                                           AxPermission  perm);
const char  *ax_role_to_string            (AxRole        role);
AxRole       ax_role_from_string          (const char   *text);
/* Translated, for people. */
const char  *ax_role_display_name         (AxRole        role);

const char  *ax_permission_to_string      (AxPermission  perm);
AxPermission ax_permission_from_string    (const char   *text);
const char  *ax_permission_display_name   (AxPermission  perm);

G_END_DECLS
