/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-sync-client.h"
#include "ax-blob-sync.h"

G_BEGIN_DECLS

typedef enum
{
  AX_SYNC_STATE_IDLE,           /* synced (or never tried) */
  AX_SYNC_STATE_SYNCING,
  AX_SYNC_STATE_OFFLINE,        /* the server cannot be reached; see offline-since */
  AX_SYNC_STATE_ERROR,          /* see last-error */
  AX_SYNC_STATE_UPDATE_NEEDED,  /* the server wants a newer Aesthetix */
} AxSyncState;

#define AX_TYPE_SYNC_STATE (ax_sync_state_get_type ())
GType ax_sync_state_get_type (void);

#define AX_TYPE_SYNC_ENGINE (ax_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (AxSyncEngine, ax_sync_engine, AX, SYNC_ENGINE, GObject)

/* Syncs one store with the clinic server through client: push the outbox,
 * then pull (docs/sync-protocol.md, "Desktop engine"). Everything runs on
 * the main loop, asynchronously. Properties, all with notify, for the header
 * indicator and the settings page: state, pending (mutations the server has
 * not acknowledged yet), last-sync and offline-since (unix ms, 0: never /
 * not offline), last-error (text for a person, or NULL). */
AxSyncEngine *ax_sync_engine_new               (AxStore             *store,
                                                AxSyncClient        *client);
AxStore      *ax_sync_engine_get_store         (AxSyncEngine        *self);
AxSyncClient *ax_sync_engine_get_client        (AxSyncEngine        *self);
AxSyncState   ax_sync_engine_get_state         (AxSyncEngine        *self);
guint         ax_sync_engine_get_pending       (AxSyncEngine        *self);
gint64        ax_sync_engine_get_last_sync     (AxSyncEngine        *self);
gint64        ax_sync_engine_get_offline_since (AxSyncEngine        *self);
const char   *ax_sync_engine_get_last_error    (AxSyncEngine        *self);
/* The store's blob worker (ax-blob-sync.h), kicked on start and after each
 * successful cycle; blobs-pending (with notify) is its count of files
 * waiting to upload. */
AxBlobSync   *ax_sync_engine_get_blob_sync     (AxSyncEngine        *self);
guint         ax_sync_engine_get_blobs_pending (AxSyncEngine        *self);

/* Who pushes (docs/sync-protocol.md, "Who pushes"): the outbox goes out in
 * runs of one author's mutations, each with that author's sign-in — the
 * engine's client for its own user (ax_sync_client_get_user_id) and for
 * mutations made with nobody logged in, or a client added here for another
 * person who signed in at this desk (its user id set; it replaces the one
 * before). When the head's author has no usable sign-in, pushing stops
 * there (nothing reordered, nothing pushed as someone else), pulls go on,
 * and waiting-for (with notify) names that author's user id; adding their
 * sign-in resumes it. A sign-in whose refresh is refused is dropped. */
void          ax_sync_engine_add_sign_in       (AxSyncEngine        *self,
                                                AxSyncClient        *client);
/* The same for user_id, the author's id in this desk's outbox, when it is
 * not the sign-in's own: the same person under the id the desk gave them
 * before it first synced its users (the app vouches: they logged in here
 * and on the server with the same name and password). Their mutations then
 * name the sign-in's user. */
void          ax_sync_engine_add_sign_in_as    (AxSyncEngine        *self,
                                                const char          *user_id,
                                                AxSyncClient        *client);
/* The sign-in that pushes user_id's mutations, or NULL. */
AxSyncClient *ax_sync_engine_get_sign_in       (AxSyncEngine        *self,
                                                const char          *user_id);
const char   *ax_sync_engine_get_waiting_for   (AxSyncEngine        *self);

/* Syncs in the background from now on: every interval seconds, soon after
 * each local change, and with exponential back-off (from 1 s, doubling,
 * capped at max_backoff seconds) while the server cannot be reached. */
void          ax_sync_engine_start             (AxSyncEngine        *self,
                                                guint                interval_s,
                                                guint                max_backoff_s);
void          ax_sync_engine_stop              (AxSyncEngine        *self);
/* The delay before the next scheduled cycle (ms), or -1 when none. */
gint64        ax_sync_engine_get_next_delay    (AxSyncEngine        *self);
/* Rows per page while catching up (0: the default, 5 000, the server's
 * maximum); smaller for tests. */
void          ax_sync_engine_set_catch_up_limit (AxSyncEngine       *self,
                                                 guint               limit);

/* Runs one cycle now (or joins the one running and then runs another). */
void          ax_sync_engine_sync_async        (AxSyncEngine        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      ax_sync_engine_sync_finish       (AxSyncEngine        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
