/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-model-error.h"

G_DEFINE_QUARK (ax-model-error-quark, ax_model_error)
G_DEFINE_QUARK (ax-auth-error-quark, ax_auth_error)

gboolean
ax_model_refuse (GError    **error,
                 int         code,
                 const char *format,
                 ...)
{
  va_list ap;

  va_start (ap, format);
  g_propagate_error (error, g_error_new_valist (AX_MODEL_ERROR, code, format, ap));
  va_end (ap);
  return FALSE;
}
