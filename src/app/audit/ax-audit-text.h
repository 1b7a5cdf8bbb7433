/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the Audit Log page calls an action, as a pure function
 * (tests/ui/test-app-text.c calls it without a display). */

/* "Chart opened" for chart.view, "Consent signed" for sign on a consent,
 * translated; without a subject type, the first name of the action (for
 * the filter); the action itself when it has no name (a newer one). */
const char *ax_audit_text_action (const char *action,
                                  const char *subject_type);

G_END_DECLS
