/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AX_CORE_ERROR (ax_core_error_quark ())

typedef enum
{
  AX_CORE_ERROR_INVALID,   /* a value does not parse or is out of range */
  AX_CORE_ERROR_CLOCK,     /* a clock stamp is unusable */
  AX_CORE_ERROR_CHAIN,     /* a hash chain is broken */
} AxCoreError;

GQuark ax_core_error_quark (void);

G_END_DECLS
