/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-record-tab.h"

#include <glib/gi18n.h>

#include "ax-patient-timeline-tab.h"
#include "chart/ax-charts-tab.h"
#include "consents/ax-consents-tab.h"
#include "photos/ax-photos-tab.h"

/* The patient record's tabs after the overview, left to right. A feature
 * adds its row here. */
static const AxRecordTabInfo tabs[] = {
  { "timeline", N_("Timeline"), "document-open-recent-symbolic", AX_PERM_PATIENT_VIEW,
    ax_patient_timeline_tab_new },
  { "charts", N_("Charts"), "document-edit-symbolic", AX_PERM_CLINICAL_VIEW, ax_charts_tab_new },
  { "photos", N_("Photos"), "camera-photo-symbolic", AX_PERM_CLINICAL_VIEW, ax_photos_tab_new },
  /* The front desk has consents signed at the desk. */
  { "consents", N_("Consents"), "x-office-document-symbolic", AX_PERM_PATIENT_VIEW,
    ax_consents_tab_new },
  { NULL, NULL, NULL, 0, NULL },
};

const AxRecordTabInfo *
ax_record_tabs_get_all (gsize *n_tabs)
{
  gsize n = 0;

  while (n < G_N_ELEMENTS (tabs) && tabs[n].name != NULL)
    n++;
  if (n_tabs != NULL)
    *n_tabs = n;
  return tabs;
}
