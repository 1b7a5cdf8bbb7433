/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_PATIENT_TIMELINE_TAB (ax_patient_timeline_tab_get_type ())
G_DECLARE_FINAL_TYPE (AxPatientTimelineTab, ax_patient_timeline_tab, AX, PATIENT_TIMELINE_TAB,
                      GtkWidget)

/* The record's Timeline tab (an AxRecordTab named "timeline"): everything
 * about the patient newest first, grouped by day, filtered by kind with
 * chips, a page at a time (ax_patient_timeline_query_async). Activating an
 * entry opens it: an appointment in the calendar (shell.open-appointment),
 * a chart, photo or consent in its tab (record.open-item), a receipt in a
 * details dialog. */
GtkWidget *ax_patient_timeline_tab_new      (AxContext            *context);
/* How many entries are shown and whether older ones are left (tests). */
guint      ax_patient_timeline_tab_get_n_entries (AxPatientTimelineTab *self);
gboolean   ax_patient_timeline_tab_has_more      (AxPatientTimelineTab *self);
/* Loads the next page, as scrolling to the end does. */
void       ax_patient_timeline_tab_load_more     (AxPatientTimelineTab *self);

G_END_DECLS
