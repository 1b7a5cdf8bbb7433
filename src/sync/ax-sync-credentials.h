/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The desk's credentials for the clinic server in the keyring (libsecret,
 * the Secret Service): the device secret from the enrolment and, for each
 * person who signed in at the desk, their latest refresh token, each an item
 * of the schema "org.aesthetix.Aesthetix.Sync" with the attributes clinic
 * (the clinic id), device (the enrolled device id), kind ("device-secret"
 * or "refresh-token") and, for a refresh token, user (whose it is).
 * docs/sync-protocol.md, "Pairing a desk" and "Who pushes".
 *
 * Every call is asynchronous and ends within timeout_ms: a session without
 * a Secret Service, a keyring daemon that does not answer, or a locked
 * keyring whose unlock prompt nobody answers all end in
 * AX_SYNC_CREDENTIALS_ERROR_UNAVAILABLE — never a hang. */

#define AX_SYNC_CREDENTIALS_ERROR (ax_sync_credentials_error_quark ())

typedef enum
{
  AX_SYNC_CREDENTIALS_ERROR_UNAVAILABLE,  /* no keyring answered in time */
} AxSyncCredentialsError;

GQuark              ax_sync_credentials_error_quark  (void);
const SecretSchema *ax_sync_credentials_get_schema   (void);

#define AX_SYNC_SECRET_DEVICE  "device-secret"
#define AX_SYNC_SECRET_REFRESH "refresh-token"

/* Stores the non-NULL ones of device_secret and refresh_token (user_id's). */
void     ax_sync_credentials_store_async   (const char          *clinic_id,
                                            const char          *device_id,
                                            const char          *user_id,
                                            const char          *label,
                                            const char          *device_secret,
                                            const char          *refresh_token,
                                            guint                timeout_ms,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean ax_sync_credentials_store_finish  (GAsyncResult        *result,
                                            GError             **error);

/* Looks up the device secret and user_id's refresh token (none when
 * user_id is NULL). TRUE when the keyring answered (a secret not stored is
 * NULL); free them with secret_password_free. */
void     ax_sync_credentials_lookup_async  (const char          *clinic_id,
                                            const char          *device_id,
                                            const char          *user_id,
                                            guint                timeout_ms,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean ax_sync_credentials_lookup_finish (GAsyncResult        *result,
                                            char               **device_secret,
                                            char               **refresh_token,
                                            GError             **error);

/* Removes the device secret and every user's refresh token of this clinic
 * and device. */
void     ax_sync_credentials_clear_async   (const char          *clinic_id,
                                            const char          *device_id,
                                            guint                timeout_ms,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean ax_sync_credentials_clear_finish  (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
