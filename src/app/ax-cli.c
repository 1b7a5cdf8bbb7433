/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aesthetix"

#include "ax-cli.h"

int
ax_cli_fail (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("aesthetix: %s\n", message);
  return 1;
}
