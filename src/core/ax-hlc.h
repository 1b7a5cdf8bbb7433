/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A hybrid logical clock (Kulkarni et al.): a physical part in unix
 * milliseconds that never goes back, and a logical counter that orders
 * events within one millisecond or while the wall clock is behind.
 *
 * The text form "<12 hex ms>:<4 hex counter>:<node>" sorts in clock order,
 * and is what the store keeps in updated_at columns and persists between runs. */
typedef struct
{
  gint64  wall_ms;
  guint32 logical;
  char    node[17];
} AxHlc;

#define AX_HLC_STRLEN 36

void      ax_hlc_init      (AxHlc       *clock,
                            const char  *node);
/* Stamp a local event at wall time now_ms. */
void      ax_hlc_tick      (AxHlc       *clock,
                            gint64       now_ms);
/* Merge a remote stamp seen at wall time now_ms. A remote stamp more than
 * max_drift_ms ahead of now_ms is refused (and the clock left alone). */
gboolean  ax_hlc_receive   (AxHlc       *clock,
                            const AxHlc *remote,
                            gint64       now_ms,
                            gint64       max_drift_ms,
                            GError     **error);
int       ax_hlc_compare   (const AxHlc *a,
                            const AxHlc *b);
void      ax_hlc_format    (const AxHlc *clock,
                            char         out[AX_HLC_STRLEN]);
char     *ax_hlc_to_string (const AxHlc *clock);
gboolean  ax_hlc_parse     (const char  *text,
                            AxHlc       *out,
                            GError     **error);

G_END_DECLS
