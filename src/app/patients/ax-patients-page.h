/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_PATIENTS_PAGE (ax_patients_page_get_type ())
G_DECLARE_FINAL_TYPE (AxPatientsPage, ax_patients_page, AX, PATIENTS_PAGE, GtkWidget)

/* The Patients page (docs/patients.md): search as you type beside the
 * record overview of the patient chosen; New Patient (Ctrl+N). Narrow, it
 * shows one of them at a time. */
GtkWidget  *ax_patients_page_new          (AxContext      *context);
/* Opens patient id's record (from another page: the calendar's Patient Record). */
void        ax_patients_page_show_patient (AxPatientsPage *self,
                                           const char     *patient_id);
/* Searches for text as if typed into the search entry. */
void        ax_patients_page_search       (AxPatientsPage *self,
                                           const char     *text);
/* Whether the page is folded on a record, so that back returns to the search
 * (the page.back action; the property notifies). */
gboolean    ax_patients_page_get_can_go_back (AxPatientsPage *self);
/* The widgets tests look at. */
GtkWidget  *ax_patients_page_get_record_view  (AxPatientsPage *self);
GtkListBox *ax_patients_page_get_results      (AxPatientsPage *self);
/* Whether a search is on its way. */
gboolean    ax_patients_page_is_searching  (AxPatientsPage *self);
/* "empty", "results", "none" or "error". */
const char *ax_patients_page_get_results_state (AxPatientsPage *self);

G_END_DECLS
