/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "ax-store.h"
#include "ax-server-config.h"

G_BEGIN_DECLS

/* One clinic's store on the server (<data dir>/clinics/<id>.db), opened
 * with the desktop's AxStore (same migrations, same mutators) and kept open.
 * Everything that touches it holds its lock: a clinic's pushes run one at a
 * time, and versions are handed out in commit order. */
typedef struct _AxServerClinic AxServerClinic;

char           *ax_server_clinic_path      (const char          *data_dir,
                                            const char          *clinic_id);
/* Opens (or, with create, makes) the store. */
AxServerClinic *ax_server_clinic_open      (const char          *path,
                                            const AxServerConfig *config,
                                            GError             **error);
void            ax_server_clinic_free      (AxServerClinic      *self);
AxStore        *ax_server_clinic_get_store (AxServerClinic      *self);
const char     *ax_server_clinic_get_id    (AxServerClinic      *self);
void            ax_server_clinic_lock      (AxServerClinic      *self);
void            ax_server_clinic_unlock    (AxServerClinic      *self);

/* The rest are called with the lock held. */

/* Gives every row that has none a version (and a sync_changes entry), as a
 * push would have: for rows written without a mutation (the demo clinic). */
gboolean        ax_server_clinic_version_unversioned (AxServerClinic *self,
                                                      gint64         *n_rows,
                                                      GError        **error);

/* The user as they are now (role, active), for re-authorising a request
 * made with a token: fails when the user is gone or switched off. */
AxActor        *ax_server_clinic_actor     (AxServerClinic      *self,
                                            const char          *user_id,
                                            GError             **error);
/* Checks a password with the desktop's argon2id code and its lockout. */
AxActor        *ax_server_clinic_login     (AxServerClinic      *self,
                                            const char          *username,
                                            const char          *password,
                                            GError             **error);
/* A desk enrolled again (its sign-in lost) keeps its push queue: its client
 * id moves to the new device. The enrolment code, from the clinic's owner,
 * is what allows it. */
gboolean        ax_server_clinic_rebind_client (AxServerClinic  *self,
                                                const char      *client_id,
                                                const char      *device_id,
                                                GError         **error);
/* POST /api/v1/sync/push: request is the parsed body. */
JsonNode       *ax_server_clinic_push      (AxServerClinic      *self,
                                            AxActor             *actor,
                                            const char          *device_id,
                                            JsonObject          *request,
                                            GError             **error);
/* GET /api/v1/sync/pull as user_id (checked as the user is now): the reply
 * as JSON text. Called WITHOUT the lock: pulls read a snapshot on their own
 * connection and never wait for a push. */
char           *ax_server_clinic_pull      (AxServerClinic      *self,
                                            const char          *user_id,
                                            gint64               cursor,
                                            guint                limit,
                                            const char          *client_id,
                                            GError             **error);

G_END_DECLS
