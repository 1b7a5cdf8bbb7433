/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aesthetix"

#include <locale.h>
#include <glib/gi18n.h>

#include "ax-application.h"

int
main (int   argc,
      char *argv[])
{
  gint64 started_us = g_get_monotonic_time ();
  g_autoptr (AxApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ax_application_new (started_us);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
