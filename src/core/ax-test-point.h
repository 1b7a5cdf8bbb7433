/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Named points in the sync code (the desk's engine and store, the server's
 * push) where a fault test acts — it kills the process there
 * (tests/sync/test-faults.c). Without a handler, ax_test_point is one load
 * and a compare: nothing is read from the environment on the way. */
typedef void (*AxTestPointFunc) (const char *name,
                                 gpointer    user_data);

void     ax_test_point_set_handler  (AxTestPointFunc  func,
                                     gpointer         user_data);
void     ax_test_point_real         (const char      *name);

extern AxTestPointFunc ax_test_point_handler;

static inline void
ax_test_point (const char *name)
{
  if (G_UNLIKELY (ax_test_point_handler != NULL))
    ax_test_point_real (name);
}

/* Installs a handler that raises SIGKILL on the process at the count'th
 * time it passes the point named in spec ("NAME" or "NAME:COUNT", count 1
 * by default). FALSE for a spec it cannot read. For tests only: the desk
 * driver calls it, and aesthetix-server when started with
 * AX_SERVER_TEST_KILL in its environment (read once, at start). */
gboolean ax_test_point_kill_at      (const char      *spec);

G_END_DECLS
