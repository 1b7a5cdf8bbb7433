/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ax-rbac.h"

G_BEGIN_DECLS

/* Access tokens: base64url(payload) "." base64url(HMAC-SHA256(secret, first
 * part)); the payload is "1|clinic|user|role|device|expires_ms". The secret
 * is 32 random bytes in <data dir>/server.key (0600), made on first start. */
typedef struct
{
  char   *clinic_id;
  char   *user_id;
  AxRole  role;
  char   *device_id;
  gint64  expires_ms;
} AxServerToken;

void      ax_server_token_clear    (AxServerToken *token);

/* Reads the server's secret, creating it when missing. */
GBytes   *ax_server_secret_load    (const char    *data_dir,
                                    GError       **error);
char     *ax_server_token_sign     (GBytes              *secret,
                                    const AxServerToken *token);
/* Checks the signature, then the expiry (against now_ms). */
gboolean  ax_server_token_verify   (GBytes        *secret,
                                    const char    *text,
                                    gint64         now_ms,
                                    AxServerToken *out,
                                    GError       **error);

/* n random bytes (libsodium) as base64url text, for refresh tokens and
 * device secrets. */
char     *ax_server_random_token   (gsize          n_bytes);
/* A short one-time code a person can type: groups of letters and digits
 * without look-alikes. */
char     *ax_server_random_code    (void);
/* The SHA-256 of text as hex: how secrets are stored. */
char     *ax_server_hash_secret    (const char    *text);

G_END_DECLS
