/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-application.h"
#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_WINDOW (ax_window_get_type ())
G_DECLARE_FINAL_TYPE (AxWindow, ax_window, AX, WINDOW, AdwApplicationWindow)

/* The desk's window: the login page, then the main shell for whoever is
 * logged in; on a store without a clinic, how to create one. Its size is
 * kept in the settings. */
AxWindow  *ax_window_new         (AxApplication *application,
                                  AxContext     *context);
AxContext *ax_window_get_context (AxWindow      *self);

G_END_DECLS
