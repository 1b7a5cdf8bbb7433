/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-charts.h"
#include "ax-consents.h"
#include "ax-calendar-queries.h"

G_BEGIN_DECLS

/* What the Owner's Templates page edits, read in one snapshot: every chart
 * template and consent template (active and not) and the services a chart
 * template may belong to. */
typedef struct
{
  GPtrArray *chart_templates;    /* AxChartTemplate, by name */
  GPtrArray *consent_templates;  /* AxConsentTemplate, active first, by name */
  GPtrArray *services;           /* AxServiceInfo, active, by name */
} AxTemplates;

void         ax_templates_free          (AxTemplates *templates);
AxTemplates *ax_templates_query         (AxDb        *db,
                                         GError     **error);
void         ax_templates_query_async   (AxStore             *store,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
AxTemplates *ax_templates_query_finish  (AxStore             *store,
                                         GAsyncResult        *result,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxTemplates, ax_templates_free)

G_END_DECLS
