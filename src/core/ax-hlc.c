/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include <inttypes.h>
#include "ax-hlc.h"
#include "ax-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define LOGICAL_MAX 0xFFFF

void
ax_hlc_init (AxHlc      *clock,
             const char *node)
{
  memset (clock, 0, sizeof *clock);
  g_strlcpy (clock->node, node ? node : "0", sizeof clock->node);
}

static void
bump_logical (AxHlc *clock)
{
  if (clock->logical >= LOGICAL_MAX)
    {
      clock->wall_ms++;
      clock->logical = 0;
    }
  else
    clock->logical++;
}

void
ax_hlc_tick (AxHlc  *clock,
             gint64  now_ms)
{
  if (now_ms > clock->wall_ms)
    {
      clock->wall_ms = now_ms;
      clock->logical = 0;
    }
  else
    bump_logical (clock);
}

gboolean
ax_hlc_receive (AxHlc       *clock,
                const AxHlc *remote,
                gint64       now_ms,
                gint64       max_drift_ms,
                GError     **error)
{
  if (max_drift_ms > 0 && remote->wall_ms - now_ms > max_drift_ms)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_CLOCK,
                   _("A clock stamp is %" PRId64 " s ahead of this computer's clock; "
                     "check the date and time settings"),
                   (remote->wall_ms - now_ms) / 1000);
      return FALSE;
    }

  if (now_ms > clock->wall_ms && now_ms > remote->wall_ms)
    {
      clock->wall_ms = now_ms;
      clock->logical = 0;
    }
  else if (clock->wall_ms == remote->wall_ms)
    {
      clock->logical = MAX (clock->logical, remote->logical);
      bump_logical (clock);
    }
  else if (remote->wall_ms > clock->wall_ms)
    {
      clock->wall_ms = remote->wall_ms;
      clock->logical = remote->logical;
      bump_logical (clock);
    }
  else
    bump_logical (clock);

  return TRUE;
}

int
ax_hlc_compare (const AxHlc *a,
                const AxHlc *b)
{
  if (a->wall_ms != b->wall_ms)
    return a->wall_ms < b->wall_ms ? -1 : 1;
  if (a->logical != b->logical)
    return a->logical < b->logical ? -1 : 1;
  return strcmp (a->node, b->node);
}

void
ax_hlc_format (const AxHlc *clock,
               char         out[AX_HLC_STRLEN])
{
  g_snprintf (out, AX_HLC_STRLEN, "%012" G_GINT64_MODIFIER "x:%04x:%s",
              clock->wall_ms, clock->logical, clock->node);
}

char *
ax_hlc_to_string (const AxHlc *clock)
{
  char buf[AX_HLC_STRLEN];

  ax_hlc_format (clock, buf);
  return g_strdup (buf);
}

gboolean
ax_hlc_parse (const char *text,
              AxHlc      *out,
              GError    **error)
{
  char *end = NULL;
  guint64 ms, logical;

  if (text == NULL || strlen (text) < 19 || text[12] != ':' || text[17] != ':')
    goto bad;
  ms = g_ascii_strtoull (text, &end, 16);
  if (end != text + 12)
    goto bad;
  logical = g_ascii_strtoull (text + 13, &end, 16);
  if (end != text + 17 || logical > LOGICAL_MAX)
    goto bad;
  if (strlen (text + 18) >= sizeof out->node)
    goto bad;

  out->wall_ms = (gint64) ms;
  out->logical = (guint32) logical;
  g_strlcpy (out->node, text + 18, sizeof out->node);
  return TRUE;

bad:
  g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
               _("“%s” is not a clock stamp"), text ? text : "");
  return FALSE;
}
