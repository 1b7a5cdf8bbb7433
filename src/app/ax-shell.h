/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_SHELL (ax_shell_get_type ())
G_DECLARE_FINAL_TYPE (AxShell, ax_shell, AX, SHELL, GtkWidget)

/* The main shell after login: a sidebar of the pages the logged-in role may
 * see (ax_pages_for_role) and the page shown. Rebuilt whenever the
 * context's actor changes; empty while nobody is logged in. */
GtkWidget  *ax_shell_new              (AxContext  *context);
gboolean    ax_shell_show_page        (AxShell    *self,
                                       const char *page_id);
/* Shows the Patients page at patient_id's record, if the role may see it.
 * Also the action shell.open-patient (s), which other pages activate. */
gboolean    ax_shell_show_patient     (AxShell    *self,
                                       const char *patient_id);
/* Shows the Calendar at the day of appointment_id with it selected, if the
 * role may see the calendar. Also the action shell.open-appointment (s). */
gboolean    ax_shell_show_appointment (AxShell    *self,
                                       const char *appointment_id);

G_END_DECLS
