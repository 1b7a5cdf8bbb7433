/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-model-error.h"

G_DEFINE_QUARK (ax-model-error-quark, ax_model_error)
G_DEFINE_QUARK (ax-auth-error-quark, ax_auth_error)
