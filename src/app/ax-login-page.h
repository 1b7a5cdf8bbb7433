/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_LOGIN_PAGE (ax_login_page_get_type ())
G_DECLARE_FINAL_TYPE (AxLoginPage, ax_login_page, AX, LOGIN_PAGE, GtkWidget)

/* Who is at the desk: pick or type a user, enter the password. A successful
 * login sets the context's actor (and remembers the name in last-user). */
GtkWidget *ax_login_page_new   (AxContext   *context);
/* Back to a fresh form: users re-read, the last user preselected, the
 * password and any error cleared. */
void       ax_login_page_reset (AxLoginPage *self);

G_END_DECLS
