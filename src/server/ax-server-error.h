/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AX_SERVER_ERROR (ax_server_error_quark ())

/* Every refusal of the clinic server; each has an HTTP status and a stable
 * code for the JSON error body (docs/sync-protocol.md). */
typedef enum
{
  AX_SERVER_ERROR_MALFORMED_JSON,   /* 400 malformed_json */
  AX_SERVER_ERROR_INVALID_UTF8,     /* 400 invalid_utf8 */
  AX_SERVER_ERROR_BAD_REQUEST,      /* 400 bad_request: a field missing or of the wrong type */
  AX_SERVER_ERROR_SCHEMA_MISSING,   /* 400 schema_missing */
  AX_SERVER_ERROR_SCHEMA_TOO_NEW,   /* 400 server_too_old */
  AX_SERVER_ERROR_UNAUTHORIZED,     /* 401 unauthorized: no token, or a forged one */
  AX_SERVER_ERROR_TOKEN_EXPIRED,    /* 401 token_expired */
  AX_SERVER_ERROR_BAD_CREDENTIALS,  /* 401 bad_credentials */
  AX_SERVER_ERROR_FORBIDDEN,        /* 403 forbidden */
  AX_SERVER_ERROR_WRONG_CLINIC,     /* 403 wrong_clinic */
  AX_SERVER_ERROR_WRONG_AUTHOR,     /* 403 wrong_author: a mutation of another user than the token's */
  AX_SERVER_ERROR_NOT_FOUND,        /* 404 not_found */
  AX_SERVER_ERROR_METHOD,           /* 405 method_not_allowed */
  AX_SERVER_ERROR_CONFLICT,         /* 409 conflict */
  AX_SERVER_ERROR_TOO_LARGE,        /* 413 too_large */
  AX_SERVER_ERROR_UPDATE_NEEDED,    /* 426 update_needed */
  AX_SERVER_ERROR_THROTTLED,        /* 429 throttled */
  AX_SERVER_ERROR_INTERNAL,         /* 500 internal */
  AX_SERVER_ERROR_BUSY,             /* 503 busy */
} AxServerError;

GQuark      ax_server_error_quark        (void);
guint       ax_server_error_http_status  (int code);
const char *ax_server_error_code_string  (int code);

G_END_DECLS
