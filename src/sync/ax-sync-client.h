/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AX_SYNC_ERROR (ax_sync_error_quark ())

typedef enum
{
  AX_SYNC_ERROR_NETWORK,        /* the server cannot be reached: work offline */
  AX_SYNC_ERROR_NEEDS_LOGIN,    /* 401: log in again (or enrol the desk) */
  AX_SYNC_ERROR_TOKEN_EXPIRED,  /* 401 token_expired: refresh, then retry */
  AX_SYNC_ERROR_UPDATE_NEEDED,  /* 426: this desk's Aesthetix is too old */
  AX_SYNC_ERROR_REFUSED,        /* another 4xx; the message is the server's */
  AX_SYNC_ERROR_SERVER,         /* 5xx: try again later */
  AX_SYNC_ERROR_BAD_REPLY,      /* the reply is not what the protocol says */
} AxSyncError;

GQuark ax_sync_error_quark (void);

#define AX_TYPE_SYNC_CLIENT (ax_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (AxSyncClient, ax_sync_client, AX, SYNC_CLIENT, GObject)

/* Talks to one aesthetix-server (docs/sync-protocol.md) over a SoupSession.
 * Every call is asynchronous; the _finish functions return the reply's JSON
 * object (unref it) or NULL with an AX_SYNC_ERROR. Properties: base-url,
 * device-id, device-secret, access-token, refresh-token (set by enrol, login
 * and refresh; the settings page stores them). */
AxSyncClient *ax_sync_client_new            (const char          *base_url);
const char   *ax_sync_client_get_base_url   (AxSyncClient        *self);
/* Points the client at another address (the settings page; a moved server). */
void          ax_sync_client_set_base_url   (AxSyncClient        *self,
                                             const char          *base_url);
const char   *ax_sync_client_get_device_id  (AxSyncClient        *self);
/* The enrolment's device secret (the pairing keeps it in the keyring). */
const char   *ax_sync_client_get_device_secret (AxSyncClient     *self);
const char   *ax_sync_client_get_access_token (AxSyncClient      *self);
const char   *ax_sync_client_get_refresh_token (AxSyncClient     *self);
void          ax_sync_client_set_device     (AxSyncClient        *self,
                                             const char          *device_id,
                                             const char          *device_secret);
void          ax_sync_client_set_tokens     (AxSyncClient        *self,
                                             const char          *access_token,
                                             const char          *refresh_token);
/* The user the tokens belong to: set from the login and refresh replies
 * ("user": {id}), or by hand for a refresh token read from the keyring. */
const char   *ax_sync_client_get_user_id    (AxSyncClient        *self);
void          ax_sync_client_set_user_id    (AxSyncClient        *self,
                                             const char          *user_id);
/* A new client for the same server and enrolled device, with no tokens:
 * the sign-in of another person at the same desk. */
AxSyncClient *ax_sync_client_new_sibling    (AxSyncClient        *self);
/* Replies wait at most this long (seconds; 0: libsoup's default). */
void          ax_sync_client_set_timeout    (AxSyncClient        *self,
                                             guint                seconds);

/* POST /devices/enrol: code → {device_id, device_secret, clinic_id}. */
void          ax_sync_client_enrol_async    (AxSyncClient        *self,
                                             const char          *code,
                                             const char          *device_name,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The same, naming the desk's push queue (its client id, the store's
 * device id): a desk enrolled again keeps it. */
void          ax_sync_client_enrol_desk_async (AxSyncClient      *self,
                                             const char          *code,
                                             const char          *device_name,
                                             const char          *client_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* POST /auth/login with the enrolled device: → {access_token, refresh_token, user, role, …}. */
void          ax_sync_client_login_async    (AxSyncClient        *self,
                                             const char          *username,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* POST /auth/refresh with the refresh token (rotated). */
void          ax_sync_client_refresh_async  (AxSyncClient        *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* POST /sync/push {client_id, clinic_id, schema_version, mutations}.
 * clinic_id is the store's clinic (NULL for a store that has none yet): the
 * server refuses it (403 wrong_clinic) unless it is the token's. */
void          ax_sync_client_push_async     (AxSyncClient        *self,
                                             const char          *client_id,
                                             const char          *clinic_id,
                                             JsonArray           *mutations,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* GET /sync/pull?cursor=…&limit=…&client_id=…&clinic_id=… */
void          ax_sync_client_pull_async     (AxSyncClient        *self,
                                             const char          *cursor,
                                             guint                limit,
                                             const char          *client_id,
                                             const char          *clinic_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The same pull, its reply not parsed: finished with
 * ax_sync_client_pull_text_finish, which gives the reply's bytes (a
 * catching-up desk reads them with SQLite on its worker). */
void          ax_sync_client_pull_text_async (AxSyncClient       *self,
                                              const char         *cursor,
                                              guint               limit,
                                              const char         *client_id,
                                              const char         *clinic_id,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
GBytes       *ax_sync_client_pull_text_finish (AxSyncClient      *self,
                                               GAsyncResult      *result,
                                               GError           **error);
/* POST /blobs/upload {sha256, size, mime?} → {exists: true} or
 * {exists: false, method: "PUT", url, expires_at}. */
void          ax_sync_client_blob_upload_async   (AxSyncClient   *self,
                                                  const char     *sha256,
                                                  gint64          size,
                                                  const char     *mime,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
/* POST /blobs/confirm {sha256} → {uploaded: true, size} (the server hashed it). */
void          ax_sync_client_blob_confirm_async  (AxSyncClient   *self,
                                                  const char     *sha256,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
/* POST /blobs/download {sha256} → {method: "GET", url, expires_at, size}. */
void          ax_sync_client_blob_download_async (AxSyncClient   *self,
                                                  const char     *sha256,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
/* Finishes any of the calls above. */
JsonObject   *ax_sync_client_call_finish    (AxSyncClient        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* A PUT or GET of a signed blob URL (the server's own /blobs/ or an S3
 * presigned one; no token, no schema header). PUT sends body (size bytes,
 * streamed as libsoup reads it); GET returns the reply's bytes. A refused
 * link (401, 403: expired or not valid any more) and 5xx are
 * AX_SYNC_ERROR_SERVER (ask for a new link later); other 4xx (409: not the
 * announced bytes) AX_SYNC_ERROR_REFUSED. */
void          ax_sync_client_transfer_async  (AxSyncClient        *self,
                                              const char          *method,
                                              const char          *url,
                                              GInputStream        *body,
                                              gint64               size,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes       *ax_sync_client_transfer_finish (AxSyncClient        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
