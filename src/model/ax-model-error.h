/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AX_MODEL_ERROR (ax_model_error_quark ())

typedef enum
{
  AX_MODEL_ERROR_INVALID_ARGS,  /* a mutator's arguments are wrong; the message names the field */
  AX_MODEL_ERROR_UNKNOWN,       /* no such mutator */
  AX_MODEL_ERROR_FORBIDDEN,     /* the acting user's role may not do this */
  AX_MODEL_ERROR_NOT_FOUND,     /* a referenced record does not exist */
  AX_MODEL_ERROR_DUPLICATE,     /* would duplicate a unique value */
  AX_MODEL_ERROR_STALE,         /* the record changed since it was read */
  AX_MODEL_ERROR_RULE,          /* a clinic rule refuses it */
  AX_MODEL_ERROR_NOT_UNDOABLE,  /* a mutation can no longer be undone */
  AX_MODEL_ERROR_NO_CLINIC,     /* the store has no clinic yet */
  AX_MODEL_ERROR_CORRUPT,       /* a stored row cannot be read */
  AX_MODEL_ERROR_CLASH,         /* a provider or room is taken; an overbook with a reason may pass */
  AX_MODEL_ERROR_OUTSIDE_HOURS, /* outside working hours; "book anyway" may pass */
} AxModelError;

#define AX_AUTH_ERROR (ax_auth_error_quark ())

typedef enum
{
  AX_AUTH_ERROR_UNKNOWN_USER,
  AX_AUTH_ERROR_WRONG_PASSWORD,
  AX_AUTH_ERROR_LOCKED,         /* too many failures; see ax_auth_locked_seconds() */
  AX_AUTH_ERROR_DISABLED,
} AxAuthError;

GQuark ax_model_error_quark (void);
GQuark ax_auth_error_quark  (void);

/* Sets an AX_MODEL_ERROR of code (formatted like g_set_error) and returns
 * FALSE: a mutator's "return ax_model_refuse (error, …);". */
gboolean ax_model_refuse    (GError    **error,
                             int         code,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
