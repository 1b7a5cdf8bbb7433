/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-context.h"
#include "ax-patient-record.h"
#include "widgets/ax-form-dialog.h"

G_BEGIN_DECLS

/* The patient's demographics form, for a new patient (patient.create, then
 * tag.set for its tags) or to edit one (patient.update with the values the
 * form was opened with as `from`). A new patient is first checked with
 * ax_patients_find_similar(): a look-alike shows "This looks like an
 * existing patient" with Open Existing and Create Anyway. */

typedef enum
{
  AX_PATIENT_FORM_SAVED,          /* created or changed: patient_id */
  AX_PATIENT_FORM_OPEN_EXISTING,  /* the look-alike chosen instead: patient_id */
  AX_PATIENT_FORM_STALE,          /* someone else changed it first: message says so */
} AxPatientFormResult;

/* Called on owner (only while it is alive) when the form is done. */
typedef void (*AxPatientFormDone) (GObject             *owner,
                                   AxPatientFormResult  result,
                                   const char          *patient_id,
                                   const char          *message);

/* Both present the form, transient for parent's window, and return it. */
AxFormDialog *ax_patient_form_new_patient (GtkWidget         *parent,
                                           AxContext         *context,
                                           GObject           *owner,
                                           AxPatientFormDone  done);
/* revealed_phone / revealed_national_id: the full values revealed in the
 * record's view, or NULL (a masked number can then not be changed here). */
AxFormDialog *ax_patient_form_edit        (GtkWidget         *parent,
                                           AxContext         *context,
                                           AxPatientRecord   *record,
                                           const char        *revealed_phone,
                                           const char        *revealed_national_id,
                                           GObject           *owner,
                                           AxPatientFormDone  done);

G_END_DECLS
