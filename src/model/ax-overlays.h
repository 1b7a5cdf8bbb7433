/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-overlay.h"

G_BEGIN_DECLS

/* A chart's face-chart overlays (docs/face-chart.md): one photo_overlays row
 * per (chart, photo) or (chart, diagram), written by
 *
 *   overlay.save {chart_id, photo_id? | diagram?: front|profile, overlay_json,
 *                 from_sha256?, from_version?}
 *
 * overlay_json is validated by ax_overlay_parse and stored in its canonical
 * form; its space must be the photo's width × height, or 1000 × 1300 on a
 * diagram. The row's id is derived from the chart and the photo or diagram,
 * so two desks saving the same face chart offline write the same row.
 * from_sha256 (the SHA-256 of the overlay the editor started from; "" when
 * there was none) and from_version make a stale save fail. Needs
 * clinical.edit (Owner, Provider) and a chart still in draft. The result is
 * {id, sha256}. */

typedef struct
{
  char      *id;
  char      *chart_id;
  char      *photo_id;  /* NULL on a diagram */
  char      *diagram;   /* "front", "profile"; NULL on a photo */
  gint64     version;
  char      *sha256;    /* of the canonical overlay JSON */
  AxOverlay *overlay;
} AxStoredOverlay;

void        ax_stored_overlay_free          (AxStoredOverlay      *overlay);
/* The SHA-256 (hex) of an overlay's canonical JSON. */
char       *ax_overlay_sha256              (const AxOverlay     *overlay);

/* The live overlays of a chart, diagrams first ("front", "profile"), then
 * photos in id order. An array of AxStoredOverlay*. */
GPtrArray  *ax_overlays_query              (AxDb                *db,
                                            const char          *chart_id,
                                            GError             **error);
void        ax_overlays_query_async        (AxStore             *store,
                                            const char          *chart_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *ax_overlays_query_finish       (AxStore             *store,
                                            GAsyncResult        *result,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxStoredOverlay, ax_stored_overlay_free)

G_END_DECLS
