/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-error.h"

G_DEFINE_QUARK (ax-core-error-quark, ax_core_error)
