/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test-point.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

AxTestPointFunc ax_test_point_handler;
static gpointer handler_data;

void
ax_test_point_set_handler (AxTestPointFunc func,
                           gpointer        user_data)
{
  handler_data = user_data;
  ax_test_point_handler = func;
}

void
ax_test_point_real (const char *name)
{
  AxTestPointFunc func = ax_test_point_handler;

  if (func != NULL)
    func (name, handler_data);
}

typedef struct
{
  char *name;
  gint  remaining;   /* atomic: the server passes its points on worker threads */
} KillAt;

static void
kill_handler (const char *name,
              gpointer    user_data)
{
  KillAt *at = user_data;

  if (strcmp (name, at->name) != 0 || !g_atomic_int_dec_and_test (&at->remaining))
    return;
  /* Nothing flushed, nothing closed: as a power cut or the OOM killer. */
  kill (getpid (), SIGKILL);
  pause ();
}

gboolean
ax_test_point_kill_at (const char *spec)
{
  const char *colon;
  KillAt *at;
  gint64 count = 1;

  g_return_val_if_fail (spec != NULL, FALSE);
  colon = strchr (spec, ':');
  if (colon == spec || *spec == '\0')
    return FALSE;
  if (colon != NULL)
    {
      char *end = NULL;

      count = g_ascii_strtoll (colon + 1, &end, 10);
      if (end == colon + 1 || *end != '\0' || count < 1 || count > G_MAXINT)
        return FALSE;
    }
  at = g_new0 (KillAt, 1);   /* lives as long as the process */
  at->name = colon ? g_strndup (spec, colon - spec) : g_strdup (spec);
  at->remaining = (gint) count;
  ax_test_point_set_handler (kill_handler, at);
  return TRUE;
}
