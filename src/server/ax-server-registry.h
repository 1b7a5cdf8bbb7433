/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* <data dir>/registry.db: what the server knows across clinics — the
 * clinics, enrolment codes, enrolled devices and refresh tokens. Each
 * clinic's own data lives in its store (clinics/<id>.db). Secrets are kept
 * only as SHA-256 hashes. Thread-safe (one connection behind a mutex). */
typedef struct _AxServerRegistry AxServerRegistry;

typedef struct
{
  char   *clinic_id;
  char   *user_id;
  char   *device_id;
} AxServerRefresh;

AxServerRegistry *ax_server_registry_open          (const char        *data_dir,
                                                    GError           **error);
void              ax_server_registry_free          (AxServerRegistry  *self);

gboolean          ax_server_registry_add_clinic    (AxServerRegistry  *self,
                                                    const char        *clinic_id,
                                                    const char        *name,
                                                    GError           **error);
gboolean          ax_server_registry_has_clinic    (AxServerRegistry  *self,
                                                    const char        *clinic_id);
/* Stores the hash of code for clinic_id, valid until expires_ms. */
gboolean          ax_server_registry_add_code      (AxServerRegistry  *self,
                                                    const char        *clinic_id,
                                                    const char        *code,
                                                    gint64             expires_ms,
                                                    GError           **error);
/* Uses up a code (once) and enrols a device with the hash of secret; returns
 * the clinic id. */
char             *ax_server_registry_enrol         (AxServerRegistry  *self,
                                                    const char        *code,
                                                    const char        *device_id,
                                                    const char        *device_name,
                                                    const char        *secret,
                                                    gint64             now_ms,
                                                    char             **device_code,
                                                    GError           **error);
/* The clinic of an enrolled device whose secret matches, or NULL. */
char             *ax_server_registry_check_device  (AxServerRegistry  *self,
                                                    const char        *device_id,
                                                    const char        *secret,
                                                    GError           **error);
gboolean          ax_server_registry_add_refresh   (AxServerRegistry  *self,
                                                    const char        *token,
                                                    const char        *clinic_id,
                                                    const char        *user_id,
                                                    const char        *device_id,
                                                    gint64             expires_ms,
                                                    GError           **error);
/* Uses up a refresh token (it is rotated): fills out, or fails. */
gboolean          ax_server_registry_take_refresh  (AxServerRegistry  *self,
                                                    const char        *token,
                                                    gint64             now_ms,
                                                    AxServerRefresh   *out,
                                                    GError           **error);
void              ax_server_refresh_clear          (AxServerRefresh   *refresh);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AxServerRefresh, ax_server_refresh_clear)

G_END_DECLS
