/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints "aesthetix: <message>" on stderr and returns 1, the exit status of
 * a command-line action that failed. */
int ax_cli_fail (const char *format,
                 ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
