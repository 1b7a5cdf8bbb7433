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
/* The same, but only the leading run of one author's mutations (the
 * outbox's user_id; *author, NULL for one made with nobody logged in): the
 * desk pushes each run with its author's sign-in, in order
 * (docs/sync-protocol.md, "Who pushes"). Each mutation carries "user_id". */
JsonArray *ax_store_sync_take_author_batch (AxStore  *self,
                                          guint     limit,
                                          char    **author,
                                          GError  **error);
/* Records the push reply's verdict ({last_mutation_id, results,
 * server_time}): every sent mutation with a push id up to last_mutation_id
 * is acknowledged (applied, merged, or rejected with the result's code and
 * message), and the server's clock is merged into the store's HLC. The
 * changesets stay until the next pull's rebase. */
gboolean   ax_store_sync_acknowledge     (AxStore    *self,
                                          JsonObject *reply,
                                          GError    **error);
/* The desk's short code for its number series (DESIGN.md §4), as the clinic
 * server's enrolment reply gives it ("device_code"): unique in the clinic,
 * so two desks never hand out the same receipt or patient number. */
gboolean   ax_store_sync_set_device_code (AxStore    *self,
                                          const char *code,
                                          GError    **error);
/* The code set above, or NULL before the desk was ever paired. */
char      *ax_store_sync_get_device_code (AxStore    *self);
/* Where the desk is paired: the clinic server's address and the device id
 * it enrolled as (neither is secret; the device secret and the refresh
 * token live in the keyring). Kept in the store, device-local, so that the
 * pairing belongs to the store file. get returns FALSE (and NULLs) when the
 * store is not paired; forget clears both (the device code stays: numbers
 * handed out keep it). */
gboolean   ax_store_sync_set_server      (AxStore    *self,
                                          const char *url,
                                          const char *device_id,
                                          GError    **error);
gboolean   ax_store_sync_get_server      (AxStore    *self,
                                          char      **url,
                                          char      **device_id);
gboolean   ax_store_sync_forget_server   (AxStore    *self,
                                          GError    **error);
/* How far the desk's clock may be ahead of the server's and count as right. */
#define AX_SYNC_CLOCK_TOLERANCE_MS 30000

/* After the server refused a stamp as too far ahead (clock_ahead): when the
 * desk's clock now agrees with server_ms (it was corrected), resets the
 * store's HLC to it and gives every waiting mutation a new stamp, in order
 * (none of them reached the server), and sets *restamped. A clock still
 * ahead changes nothing: a person must correct it. */
gboolean   ax_store_sync_restamp         (AxStore    *self,
                                          gint64      server_ms,
                                          gboolean   *restamped,
                                          GError    **error);
/* Mutations not yet acknowledged by the server (pending or sent). */
guint      ax_store_sync_count_waiting   (AxStore    *self);
/* The authors (user ids) of the mutations not yet acknowledged, by their
 * first mutation. */
GPtrArray *ax_store_sync_waiting_authors (AxStore    *self);
/* A user's display name (or user name), NULL when the store has no such user. */
char      *ax_store_sync_user_name       (AxStore    *self,
                                          const char *user_id);
/* The pull cursor ("0" when never pulled). */
char      *ax_store_sync_get_cursor      (AxStore    *self);
/* Applies one pulled page ({changes, cursor, has_more, last_mutation_id,
 * server_time}) and its cursor in one transaction, as DESIGN.md §6's rebase:
 * sent mutations up to last_mutation_id are acknowledged; every kept
 * changeset is undone (newest first); the pulled rows are written; the
 * waiting mutations are re-run (fresh changesets; one that fails here stays
 * queued with the reason in last_error); acknowledged ones are dropped on the
 * last page. *applied counts the rows written. */
gboolean   ax_store_sync_apply_pulled    (AxStore    *self,
                                          JsonObject *page,
                                          guint      *applied,
                                          GError    **error);

/* Catching up off the main loop (docs/sync-protocol.md, "Catching up"): a
 * second writer on the store's file that applies pulled pages on a worker
 * thread, in slices of rows, while nothing waits to be rebased. Made and
 * freed on the main thread; apply is called from one thread at a time. */
typedef struct _AxSyncCatchUp AxSyncCatchUp;

AxSyncCatchUp *ax_store_sync_catch_up_new (AxStore       *self,
                                           GError       **error);
/* A pulled page as the server sent it (the reply's bytes), read by
 * SQLite's JSON functions on any thread (an in-memory connection of its
 * own): its cursor, has_more, number of changes and server time in info,
 * its rows, for ax_sync_catch_up_apply. */
typedef struct
{
  char     *cursor;
  gboolean  has_more;
  guint     n_changes;
  gint64    server_ms;
} AxSyncPageInfo;
typedef struct _AxSyncPageRows AxSyncPageRows;

void            ax_sync_page_info_clear (AxSyncPageInfo *info);
AxSyncPageRows *ax_sync_page_rows_read  (GBytes         *text,
                                         AxSyncPageInfo *info,
                                         GError        **error);
void            ax_sync_page_rows_free  (AxSyncPageRows *rows);

/* Applies the page's rows and, with its last slice, its cursor; the patient
 * search index is filled in bulk, and a fresh desk defers its secondary
 * indexes until its last page. When a mutation waits or a changeset is
 * kept (the person changed something meanwhile), sets *declined and
 * returns TRUE having written nothing more (the deferred indexes are back):
 * the page (all of it again) must go through ax_store_sync_apply_pulled.
 * Does not touch the store's clock or emit anything: the main thread then
 * calls ax_store_sync_caught_up. */
gboolean       ax_sync_catch_up_apply     (AxSyncCatchUp        *c,
                                           AxSyncPageRows       *rows,
                                           const AxSyncPageInfo *info,
                                           guint                *applied,
                                           gboolean             *declined,
                                           GError              **error);
void           ax_sync_catch_up_free      (AxSyncCatchUp *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxSyncCatchUp, ax_sync_catch_up_free)
/* A waiting mutation or a kept changeset: what the rebase undoes and
 * re-runs, so a catch-up would decline. */
gboolean       ax_store_sync_has_kept_work (AxStore      *self);
/* On the main thread after a page applied by the catch-up: merges the
 * page's server_time into the store's HLC and, when rows came, reloads the
 * clinic and emits "changed" ("sync.pull"). Call it while no catch-up
 * apply runs (it writes the clock). */
gboolean       ax_store_sync_caught_up    (AxStore       *self,
                                           gint64         server_ms,
                                           guint          applied,
                                           GError       **error);

G_END_DECLS
