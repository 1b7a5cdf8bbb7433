/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"
#include "ax-patient-record.h"

G_BEGIN_DECLS

#define AX_TYPE_PATIENT_RECORD_VIEW (ax_patient_record_view_get_type ())
G_DECLARE_FINAL_TYPE (AxPatientRecordView, ax_patient_record_view, AX, PATIENT_RECORD_VIEW,
                      GtkWidget)

/* The record overview of one patient (docs/patients.md): header, allergy
 * banner, details masked by role with Reveal…, latest vitals, upcoming
 * appointments, plans and packages, tags and medical notes, each with its
 * empty state; loading and error states; the actions that change them
 * (record.edit, record.reveal, record.record-vitals, record.add-allergy,
 * record.remove-allergy, record.add-note, record.remove-tag, record.reload).
 * It loads on a worker thread and follows AxStore::changed while mapped. */
GtkWidget       *ax_patient_record_view_new         (AxContext           *context);
/* Shows patient id (NULL: nobody). A revealed number is kept only while the
 * same patient stays shown. */
void             ax_patient_record_view_show        (AxPatientRecordView *self,
                                                     const char          *patient_id);
const char      *ax_patient_record_view_get_patient (AxPatientRecordView *self);
/* The record shown, or NULL while loading or on error. */
AxPatientRecord *ax_patient_record_view_get_record  (AxPatientRecordView *self);
/* The full value revealed for field ("phone", "national_id") in this view, or NULL. */
const char      *ax_patient_record_view_get_revealed (AxPatientRecordView *self,
                                                      const char          *field);
void             ax_patient_record_view_reload      (AxPatientRecordView *self);

G_END_DECLS
