/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-audit-text.h"

#include <glib/gi18n.h>

/* Every action the model writes to the audit log (ax_mutation_audit); a
 * subject type only where one action name serves several subjects. */
static const struct
{
  const char *action;
  const char *subject_type;
  const char *name;
} names[] = {
  { "chart.view", NULL, N_("Chart opened") },
  { "chart.export", NULL, N_("Chart exported") },
  { "chart.sign", NULL, N_("Chart signed") },
  { "chart.return", NULL, N_("Chart returned for changes") },
  { "reveal", NULL, N_("Field revealed") },
  { "photo.marketing_consent", NULL, N_("Photo marketing consent changed") },
  { "sign", "consent", N_("Consent signed") },
  { "withdraw", "consent", N_("Consent withdrawn") },
  { "export", "consent", N_("Consent exported") },
  { "consent_template.add", NULL, N_("Consent template added") },
  { "consent_template.update", NULL, N_("Consent template changed") },
  { "consent_template.retire", NULL, N_("Consent template retired") },
  { "sale.discount_approved", NULL, N_("Discount approved") },
  { "sale.void", NULL, N_("Sale voided") },
  { "sale.refund", NULL, N_("Sale refunded") },
  { "stock.adjust", NULL, N_("Stock adjusted") },
  { "export.ics", NULL, N_("Calendar exported") },
  { "settings.update", NULL, N_("Clinic settings changed") },
  { "user.create", NULL, N_("User added") },
  { "user.update", NULL, N_("User changed") },
  { "user.set_password", NULL, N_("Password set") },
  { "login", NULL, N_("Logged in") },
  { "logout", NULL, N_("Logged out") },
  { "mutation.undo", NULL, N_("Change undone") },
};

const char *
ax_audit_text_action (const char *action,
                      const char *subject_type)
{
  g_return_val_if_fail (action != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].action, action)
        && (names[i].subject_type == NULL || subject_type == NULL
            || g_str_equal (names[i].subject_type, subject_type)))
      return _(names[i].name);
  return action;
}
