/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-error.h"

G_DEFINE_QUARK (ax-server-error-quark, ax_server_error)

static const struct
{
  guint       status;
  const char *code;
} errors[] = {
  [AX_SERVER_ERROR_MALFORMED_JSON] = { 400, "malformed_json" },
  [AX_SERVER_ERROR_INVALID_UTF8] = { 400, "invalid_utf8" },
  [AX_SERVER_ERROR_BAD_REQUEST] = { 400, "bad_request" },
  [AX_SERVER_ERROR_SCHEMA_MISSING] = { 400, "schema_missing" },
  [AX_SERVER_ERROR_SCHEMA_TOO_NEW] = { 400, "server_too_old" },
  [AX_SERVER_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
  [AX_SERVER_ERROR_TOKEN_EXPIRED] = { 401, "token_expired" },
  [AX_SERVER_ERROR_BAD_CREDENTIALS] = { 401, "bad_credentials" },
  [AX_SERVER_ERROR_FORBIDDEN] = { 403, "forbidden" },
  [AX_SERVER_ERROR_WRONG_CLINIC] = { 403, "wrong_clinic" },
  [AX_SERVER_ERROR_WRONG_AUTHOR] = { 403, "wrong_author" },
  [AX_SERVER_ERROR_NOT_FOUND] = { 404, "not_found" },
  [AX_SERVER_ERROR_METHOD] = { 405, "method_not_allowed" },
  [AX_SERVER_ERROR_CONFLICT] = { 409, "conflict" },
  [AX_SERVER_ERROR_TOO_LARGE] = { 413, "too_large" },
  [AX_SERVER_ERROR_UPDATE_NEEDED] = { 426, "update_needed" },
  [AX_SERVER_ERROR_THROTTLED] = { 429, "throttled" },
  [AX_SERVER_ERROR_INTERNAL] = { 500, "internal" },
  [AX_SERVER_ERROR_BUSY] = { 503, "busy" },
};

guint
ax_server_error_http_status (int code)
{
  if (code < 0 || code >= (int) G_N_ELEMENTS (errors))
    return 500;
  return errors[code].status;
}

const char *
ax_server_error_code_string (int code)
{
  if (code < 0 || code >= (int) G_N_ELEMENTS (errors))
    return "internal";
  return errors[code].code;
}
