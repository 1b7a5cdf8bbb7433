/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Which records are "not yet synced" (docs/sync-protocol.md, "What the desk
 * shows"): the rows that a mutation still waiting in the outbox (pending or
 * sent, not yet acknowledged by the clinic server) wrote, read from the
 * waiting mutations' changesets (outbox_effect). */

/* The ids (a set: char * → itself) of table's rows written by a waiting
 * mutation. For "charts", a chart whose entries, face-chart overlays or
 * signature a waiting mutation wrote counts too. Empty on a desk whose
 * outbox is all acknowledged (or that never syncs: callers ask only when
 * the desk is paired). */
GHashTable *ax_sync_unsynced_ids        (AxDb                *db,
                                         const char          *table,
                                         GError             **error);
void        ax_sync_unsynced_ids_async  (AxStore             *store,
                                         const char          *table,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GHashTable *ax_sync_unsynced_ids_finish (AxStore             *store,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
