/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* The store's side of sync with the clinic server (docs/sync-protocol.md,
 * "Desktop engine"). A store that is never paired never calls these: its
 * outbox only grows, as before. */

/* The next batch to push, at most limit mutations, as the push body's
 * "mutations" array ([{id, name, args, hlc}]). Pending mutations are given
 * their push id and marked sent first (in one transaction), so a retried
 * batch carries the same ids. */
JsonArray *ax_store_sync_take_batch      (AxStore    *self,
                                          guint       limit,
                                          GError    **error);
/* Records the server's verdict: every sent mutation with a push id up to
 * last_push_id is acknowledged (applied, or rejected with the result's code
 * and message) and its changeset dropped. results is the reply's array. */
gboolean   ax_store_sync_acknowledge     (AxStore    *self,
                                          gint64      last_push_id,
                                          JsonArray  *results,
                                          GError    **error);
/* Mutations not yet acknowledged by the server (pending or sent). */
guint      ax_store_sync_count_waiting   (AxStore    *self);
/* The pull cursor ("0" when never pulled). */
char      *ax_store_sync_get_cursor      (AxStore    *self);
/* Applies one pulled page ({changes, cursor, has_more, …}) and its cursor in
 * one transaction. A row that a waiting mutation changed is not overwritten:
 * the page stops before it (the cursor stays there) and *stalled is set, so
 * the row comes again once the server has acknowledged the mutation.
 * *applied counts the rows written. */
gboolean   ax_store_sync_apply_pulled    (AxStore    *self,
                                          JsonObject *page,
                                          guint      *applied,
                                          gboolean   *stalled,
                                          GError    **error);

G_END_DECLS
