/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-rbac.h"

/* The matrix as a table a reviewer can read: O P F B M R. */
static const struct { AxPermission perm; const char *row; } expected[] = {
  { AX_PERM_DASHBOARD_VIEW,    "111111" },
  { AX_PERM_CALENDAR_VIEW,     "111111" },
  { AX_PERM_CALENDAR_BOOK,     "111000" },
  { AX_PERM_CALENDAR_OVERBOOK, "101000" },
  { AX_PERM_PATIENT_VIEW,      "111111" },
  { AX_PERM_PATIENT_EDIT,      "111000" },
  { AX_PERM_PATIENT_UNMASKED,  "110010" },
  { AX_PERM_PATIENT_REVEAL,    "101100" },
  { AX_PERM_CLINICAL_VIEW,     "110010" },
  { AX_PERM_CLINICAL_EDIT,     "110000" },
  { AX_PERM_CHART_SIGN,        "100010" },
  { AX_PERM_POS_SELL,          "100100" },
  { AX_PERM_POS_VOID,          "100100" },
  { AX_PERM_POS_REFUND,        "100100" },
  { AX_PERM_POS_APPROVE,       "100000" },
  { AX_PERM_INVENTORY_VIEW,    "110101" },
  { AX_PERM_INVENTORY_EDIT,    "100100" },
  { AX_PERM_REPORTS_VIEW,      "100101" },
  { AX_PERM_CATALOGUE_EDIT,    "100000" },
  { AX_PERM_USERS_MANAGE,      "100000" },
  { AX_PERM_SETTINGS_EDIT,     "100000" },
  { AX_PERM_AUDIT_VIEW,        "100000" },
  { AX_PERM_COMMISSION_RULES,  "100000" },
};

START_TEST (test_matrix)
{
  ck_assert_int_eq (G_N_ELEMENTS (expected), AX_N_PERMS);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    for (int r = 0; r < AX_N_ROLES; r++)
      ck_assert_msg (ax_role_has (r, expected[i].perm) == (expected[i].row[r] == '1'),
                     "%s × %s", ax_role_to_string (r),
                     ax_permission_to_string (expected[i].perm));
}
END_TEST

START_TEST (test_medical_director_never_edits)
{
  for (int p = 0; p < AX_N_PERMS; p++)
    if (p == AX_PERM_CLINICAL_EDIT || p == AX_PERM_PATIENT_EDIT || p == AX_PERM_CALENDAR_BOOK)
      ck_assert (!ax_role_has (AX_ROLE_MEDICAL_DIRECTOR, p));
  ck_assert (ax_role_has (AX_ROLE_MEDICAL_DIRECTOR, AX_PERM_CHART_SIGN));
}
END_TEST

START_TEST (test_strings)
{
  for (int r = 0; r < AX_N_ROLES; r++)
    ck_assert_int_eq (ax_role_from_string (ax_role_to_string (r)), r);
  for (int p = 0; p < AX_N_PERMS; p++)
    ck_assert_int_eq (ax_permission_from_string (ax_permission_to_string (p)), p);
  ck_assert_int_eq (ax_role_from_string ("janitor"), AX_ROLE_INVALID);
  ck_assert_int_eq (ax_role_from_string (NULL), AX_ROLE_INVALID);
  ck_assert (!ax_role_has (AX_ROLE_INVALID, AX_PERM_DASHBOARD_VIEW));
  ck_assert (!ax_role_has (AX_ROLE_OWNER, AX_PERM_INVALID));
}
END_TEST

AX_TEST_MAIN ("rbac", test_matrix, test_medical_director_never_edits, test_strings)
