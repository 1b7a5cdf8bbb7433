/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"
#include "ax-sync-engine.h"

G_BEGIN_DECLS

#define AX_TYPE_SYNC_INDICATOR (ax_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (AxSyncIndicator, ax_sync_indicator, AX, SYNC_INDICATOR, GtkWidget)

/* The header bar's sync status (docs/sync-protocol.md, "What the desk
 * shows"): an icon (a spinner while syncing) and a short line — Synced,
 * Syncing…, Offline since 14:05, 3 changes waiting, Sync error: <reason>,
 * Update needed — with the line and the detail in its tooltip and its
 * accessible description, driven by the context's sync engine; "Standalone"
 * when the desk is not paired. Where the line does not fit whole (a narrow
 * window) only the icon is shown. */
GtkWidget  *ax_sync_indicator_new       (AxContext *context);
/* The line it says now (tests), shown or not. */
const char *ax_sync_indicator_get_text  (AxSyncIndicator *self);
/* TRUE when only the icon is shown (too narrow for the line). */
gboolean    ax_sync_indicator_is_compact (AxSyncIndicator *self);

/* What the indicator says for an engine's state (pure; tests). engine NULL:
 * not paired. Times are shown in tz; now_ms decides whether a time needs
 * its day. Returns the line; *icon_name (static) and *tooltip (owned) are set. */
char       *ax_sync_indicator_describe  (AxSyncEngine *engine,
                                         GTimeZone    *tz,
                                         gint64        now_ms,
                                         const char  **icon_name,
                                         char        **tooltip);

G_END_DECLS
