/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_SETTINGS_PAGE (ax_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (AxSettingsPage, ax_settings_page, AX, SETTINGS_PAGE, GtkWidget)

/* The Settings page: pairing the desk with the clinic server (the owner),
 * and the pairing's status for everyone (docs/sync-protocol.md, "Pairing a
 * desk"). Actions: settings.pair, settings.sync-now, settings.sign-in,
 * settings.unpair (each asks what it needs: a password, a confirmation). */
GtkWidget *ax_settings_page_new (AxContext *context);

G_END_DECLS
