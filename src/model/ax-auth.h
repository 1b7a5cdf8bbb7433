/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

#define AX_AUTH_MAX_FAILURES 5

typedef struct
{
  char   *id;
  char   *username;
  char   *display_name;
  AxRole  role;
} AxUserInfo;

void        ax_user_info_free        (AxUserInfo *info);
/* Active users of the store's clinic, by display name. */
GPtrArray  *ax_auth_list_users       (AxStore     *store,
                                      GError     **error);

/* An argon2id hash (libsodium's crypto_pwhash_str, interactive limits). */
char       *ax_auth_hash_password    (const char  *password,
                                      GError     **error);

/* Checks a password against the stored argon2id verifier. Success clears
 * the failure count and records a login (an audit entry, via the
 * session.login mutator) and returns the actor. A failure counts towards a
 * lockout: after AX_AUTH_MAX_FAILURES the name is locked for a while, and
 * every attempt in that time fails with AX_AUTH_ERROR_LOCKED. Slow (argon2id):
 * call it from a worker thread, or use the async pair. */
AxActor    *ax_auth_login            (AxStore     *store,
                                      const char  *username,
                                      const char  *password,
                                      GError     **error);
void        ax_auth_login_async      (AxStore             *store,
                                      const char          *username,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
AxActor    *ax_auth_login_finish     (AxStore             *store,
                                      GAsyncResult        *result,
                                      GError             **error);
/* Seconds until username may try again (0 when not locked). */
gint64      ax_auth_locked_seconds   (AxStore     *store,
                                      const char  *username);
/* Records a log out (audit entry). */
gboolean    ax_auth_logout           (AxStore     *store,
                                      AxActor     *actor,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxUserInfo, ax_user_info_free)

G_END_DECLS
