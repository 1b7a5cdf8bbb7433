/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-context.h"

G_BEGIN_DECLS

typedef enum
{
  AX_PAIRING_UNPAIRED,        /* standalone (or a pairing attempt failed: see message) */
  AX_PAIRING_BUSY,            /* enrolling, signing in, or reading the keyring */
  AX_PAIRING_PAIRED,          /* the engine runs */
  AX_PAIRING_NEEDS_PASSWORD,  /* paired; the server wants this person's password again */
  AX_PAIRING_NEEDS_PAIRING,   /* paired in the store, but the sign-in was not kept: pair again */
} AxPairingStatus;

typedef enum
{
  AX_KEYRING_UNKNOWN,         /* not asked yet */
  AX_KEYRING_AVAILABLE,
  AX_KEYRING_UNAVAILABLE,     /* credentials are kept in memory for this session only */
} AxKeyringStatus;

#define AX_TYPE_SYNC_SETUP (ax_sync_setup_get_type ())
G_DECLARE_FINAL_TYPE (AxSyncSetup, ax_sync_setup, AX, SYNC_SETUP, GObject)

/* Pairs the desk with a clinic server and keeps it paired
 * (docs/sync-protocol.md, "Pairing a desk"): enrols, signs the person at the
 * desk in to the server, stores the device secret and refresh token in the
 * keyring, creates the context's sync engine and starts it; after each local
 * login of a paired desk, reads the keyring (asynchronously, with a deadline)
 * and starts the engine by itself. One per context, owned by it.
 *
 * Properties (with notify): status, keyring, message (what went wrong and
 * what to do, or NULL), busy-text (what it is doing). ::notice (text) asks
 * the window for a toast. */
AxSyncSetup     *ax_sync_setup_for_context        (AxContext   *context);

AxPairingStatus  ax_sync_setup_get_status         (AxSyncSetup *self);
AxKeyringStatus  ax_sync_setup_get_keyring        (AxSyncSetup *self);
const char      *ax_sync_setup_get_message        (AxSyncSetup *self);
const char      *ax_sync_setup_get_busy_text      (AxSyncSetup *self);
/* The server this store is paired with, or NULL. */
const char      *ax_sync_setup_get_server_url     (AxSyncSetup *self);

/* The password typed at the local login, kept in memory for a few minutes
 * (or until another person logs in) so that pairing and the start-up
 * sign-in need not ask for it again. */
void             ax_sync_setup_remember_password  (AxSyncSetup *self,
                                                   const char  *username,
                                                   const char  *password);
gboolean         ax_sync_setup_has_password       (AxSyncSetup *self);

/* Pairs with the server at url using an enrolment code, signing in as the
 * person logged in (settings.edit; password NULL: the remembered one), or,
 * on a fresh desk with no clinic yet, as username — who must be the
 * clinic's owner on the server; the first sync then brings the clinic and
 * its users. The outcome shows in status and message. */
void             ax_sync_setup_pair               (AxSyncSetup *self,
                                                   const char  *url,
                                                   const char  *code,
                                                   const char  *desk_name,
                                                   const char  *username,
                                                   const char  *password);
/* Signs the person at the desk in to the server again (NEEDS_PASSWORD, or a
 * running engine whose sign-in was refused). */
void             ax_sync_setup_sign_in            (AxSyncSetup *self,
                                                   const char  *password);
/* Stops the engine, forgets the server and removes the keyring's items. */
void             ax_sync_setup_unpair             (AxSyncSetup *self);
/* After a local login of a paired desk (done by itself on the context's
 * actor change). */
void             ax_sync_setup_resume             (AxSyncSetup *self);

/* Tests: the keyring deadline (ms) and the engine's interval (s). */
void             ax_sync_setup_set_timings        (AxSyncSetup *self,
                                                   guint        keyring_timeout_ms,
                                                   guint        interval_s);

G_END_DECLS
