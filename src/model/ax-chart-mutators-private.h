/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the chart mutator files (ax-chart-mutators.c, ax-chart-entry-mutators.c,
 * ax-chart-template-mutators.c) share. Not public API. */

#include "ax-charts.h"
#include "ax-model-private.h"

G_BEGIN_DECLS

typedef struct
{
  char          *patient_id;
  char          *appointment_id;
  char          *provider_id;
  char          *template_id;
  char          *provider_user_id;
  AxChartStatus  status;
  gint64         visit_at;
  gint64         signed_at;
  char          *signer_name;
  char          *notes;
  char          *aftercare;
} ChartState;

void        ax_chart_mut_state_clear       (ChartState *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChartState, ax_chart_mut_state_clear)

/* A string member of o, NULL when absent, null or blank. */
const char *ax_chart_mut_string_arg        (JsonObject *o,
                                            const char *name);
gboolean    ax_chart_mut_read_state        (AxMutation *m,
                                            const char *chart_id,
                                            ChartState *s,
                                            GError    **error);
/* Fails with the message of a chart that is not a draft. */
gboolean    ax_chart_mut_refuse_not_draft  (AxMutation       *m,
                                            const ChartState *s,
                                            GError          **error);
/* A product needs a lot of that product, not expired on the visit's day. */
gboolean    ax_chart_mut_check_product_lot (AxMutation *m,
                                            const char *mutator,
                                            const char *product_id,
                                            const char *lot_id,
                                            gint64      visit_at,
                                            GError    **error);
/* The integer in the first row of sql with id bound to ?1 (0 when none). */
gint64      ax_chart_mut_count_of          (AxMutation *m,
                                            const char *sql,
                                            const char *id);

/* ax-overlays.c: the face charts of from_chart copied to to_chart (an
 * amendment), each under the id overlay.save gives it on to_chart. */
gboolean    ax_overlays_copy_to_chart      (AxMutation *m,
                                            const char *from_chart,
                                            const char *to_chart,
                                            GError    **error);

void        ax_chart_template_register_mutators (void);
void        ax_chart_entry_register_mutators    (void);

G_END_DECLS
