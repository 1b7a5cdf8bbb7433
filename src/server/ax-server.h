/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ax-server-config.h"
#include "ax-server-clinic.h"
#include "ax-server-registry.h"

G_BEGIN_DECLS

#define AX_TYPE_SERVER (ax_server_get_type ())
G_DECLARE_FINAL_TYPE (AxServer, ax_server, AX, SERVER, GObject)

/* The clinic server over a data directory (created 0700 if missing):
 * registry.db, server.key and clinics/<id>.db. Takes config. */
AxServer         *ax_server_new            (AxServerConfig  *config,
                                            GError         **error);
const AxServerConfig *ax_server_get_config (AxServer        *self);
AxServerRegistry *ax_server_get_registry   (AxServer        *self);
/* A registered clinic's store, opened on first use and kept open. */
AxServerClinic   *ax_server_get_clinic     (AxServer        *self,
                                            const char      *clinic_id,
                                            GError         **error);

/* Starts listening (HTTPS when a certificate and key are configured). */
gboolean          ax_server_listen         (AxServer        *self,
                                            GError         **error);
/* The base URL it listens on, e.g. "http://127.0.0.1:8470". */
char             *ax_server_get_url        (AxServer        *self);

/* Admin tasks (the subcommands). */
char             *ax_server_create_clinic  (AxServer        *self,
                                            const char      *name,
                                            const char      *code,
                                            const char      *currency,
                                            const char      *timezone,
                                            GError         **error);
/* The desktop's demo clinic, ready to pull; n_rows (may be NULL) gets the
 * number of rows versioned. */
char             *ax_server_create_demo_clinic (AxServer    *self,
                                                guint        patients,
                                                gint64      *n_rows,
                                                GError     **error);
char             *ax_server_create_user    (AxServer        *self,
                                            const char      *clinic_id,
                                            const char      *username,
                                            const char      *display_name,
                                            AxRole           role,
                                            const char      *password,
                                            GError         **error);
/* A one-time device enrolment code; only its hash is kept. */
char             *ax_server_enrol_code     (AxServer        *self,
                                            const char      *clinic_id,
                                            gint64          *expires_ms,
                                            GError         **error);
gboolean          ax_server_verify_audit   (AxServer        *self,
                                            const char      *clinic_id,
                                            gint64          *n_checked,
                                            GError         **error);

G_END_DECLS
