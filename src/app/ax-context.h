/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ax-store.h"
#include "ax-sync-engine.h"

G_BEGIN_DECLS

#define AX_TYPE_CONTEXT (ax_context_get_type ())
G_DECLARE_FINAL_TYPE (AxContext, ax_context, AX, CONTEXT, GObject)

/* What every page and widget of the app works with: the store, the
 * settings, and who is logged in (NULL at the login page). Widgets get it as
 * a construct property, so a test can build one alone on a test store. */
AxContext          *ax_context_new          (AxStore   *store,
                                             GSettings *settings);
AxStore            *ax_context_get_store    (AxContext *self);
GSettings          *ax_context_get_settings (AxContext *self);
/* The logged-in user, or NULL. Setting it notifies "actor". */
AxActor            *ax_context_get_actor    (AxContext *self);
void                ax_context_set_actor    (AxContext *self,
                                             AxActor   *actor);
/* Shortcuts to the store's clinic (NULL on an empty store). */
const AxClinicInfo *ax_context_get_clinic   (AxContext *self);
gboolean            ax_context_can          (AxContext   *self,
                                             AxPermission perm);
/* The desk's sync engine, or NULL when the desk is not paired with a clinic
 * server (the pairing page sets it). Setting it notifies "sync-engine". */
AxSyncEngine       *ax_context_get_sync_engine (AxContext    *self);
void                ax_context_set_sync_engine (AxContext    *self,
                                                AxSyncEngine *engine);

G_END_DECLS
