/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-appointments.h"

G_BEGIN_DECLS

/* A patient's record as the record overview shows it, and the mutators that
 * change its parts (docs/patients.md):
 *
 *   allergy.add      {id?, patient_id, substance, reaction?, severity: mild|moderate|severe}
 *   allergy.remove   {id}                              (soft delete)
 *   medical_note.add {id?, patient_id, kind: note|condition|medication|history, body,
 *                     addendum_of?}   (notes are never edited: a correction is an addendum)
 *   tag.set          {patient_id, tags: [names]}       (the whole set; tags made as needed)
 *   vitals.record    {id?, patient_id, recorded_at?, pulse_bpm?, bp_systolic?, bp_diastolic?,
 *                     temp_dc? (tenths of °C), weight_g?, height_mm?}
 *
 * allergy.*, tag.set and vitals.record need patient.edit (Owner, Provider,
 * Front Desk: vitals are taken at the desk or in the room); medical_note.add
 * needs clinical.edit (Owner, Provider). The Medical Director edits nothing. */

typedef enum
{
  AX_ALLERGY_MILD,
  AX_ALLERGY_MODERATE,
  AX_ALLERGY_SEVERE,
} AxAllergySeverity;

typedef struct
{
  char              *id;
  char              *substance;
  char              *reaction;     /* NULL when not recorded */
  AxAllergySeverity  severity;
} AxRecordAllergy;

typedef struct
{
  char   *id;
  char   *kind;          /* note, condition, medication, history */
  char   *body;
  char   *author_name;   /* "" when unknown */
  gint64  created_ms;
  char   *addendum_of;   /* the note this one adds to, or NULL */
} AxRecordNote;

/* The latest value of each measurement, each with when it was taken
 * (a reading may hold only some of them). A value of 0 is "never taken". */
typedef struct
{
  int     pulse_bpm;
  gint64  pulse_ms;
  int     bp_systolic;
  int     bp_diastolic;
  gint64  bp_ms;
  int     temp_dc;       /* tenths of a degree Celsius */
  gint64  temp_ms;
  int     weight_g;
  gint64  weight_ms;
  int     height_mm;
  gint64  height_ms;
  int     n_readings;
} AxRecordVitals;

typedef struct
{
  AxAppointment *appointment;
  char          *provider_name;  /* "" when none */
  char          *room_name;      /* "" when none */
} AxRecordAppointment;

typedef struct
{
  char *id;
  char *service_name;   /* "" when none */
  char *provider_name;  /* "" when none */
  int   interval_weeks; /* 0 when not set */
  int   sessions;       /* 0 when not set */
  char *notes;
  char *service_id;     /* NULL when none */
  char *provider_id;    /* NULL when none */
  char *status;         /* active */
} AxRecordPlan;

typedef struct
{
  char   *id;
  char   *package_name;
  char   *service_name;
  int     sessions;      /* bought */
  int     balance;       /* the sum of its credit ledger */
  gint64  expires_ms;
} AxRecordPackage;

/* A membership that is active or paused, with what is left of it: the sums
 * of its credit-ledger entries (sessions and wallet value). */
typedef struct
{
  char   *id;
  char   *plan_name;
  char   *status;        /* active, paused */
  gint64  started_ms;
  gint64  renews_ms;     /* 0 when not set */
  int     credits;       /* sessions left */
  gint64  wallet;        /* minor units left */
  gint64  price;         /* the plan's, what a renewal costs */
} AxRecordMembership;

/* One vitals reading (a measurement not taken is 0). */
typedef struct
{
  char   *id;
  gint64  recorded_ms;
  char   *recorder_name; /* "" when unknown */
  int     pulse_bpm;
  int     bp_systolic;
  int     bp_diastolic;
  int     temp_dc;
  int     weight_g;
  int     height_mm;
} AxVitalsReading;

/* Immutable and refcounted. Phone and national id are masked
 * (ax_mask_phone, ax_mask_national_id) unless the role sees them in full;
 * medical notes are there only for roles with clinical.view. */
typedef struct
{
  char           *id;
  char           *patient_number;
  char           *first_name;
  char           *last_name;
  char           *nickname;
  char           *birth_date;        /* YYYY-MM-DD or NULL */
  char           *sex;               /* female, male, other, unknown or NULL */
  char           *phone;             /* masked when phone_masked */
  gboolean        phone_masked;
  char           *email;
  char           *national_id;       /* masked when national_id_masked */
  gboolean        national_id_masked;
  char           *address;
  char           *line_id;
  char           *emergency_contact;
  char           *notes;
  gboolean        marketing_opt_in;
  gint64          created_ms;

  GPtrArray      *allergies;         /* AxRecordAllergy, the most severe first */
  gboolean        notes_visible;     /* FALSE: medical_notes is empty, not readable for the role */
  GPtrArray      *medical_notes;     /* AxRecordNote, newest first */
  GStrv           tags;              /* names, sorted */
  AxRecordVitals  vitals;
  GPtrArray      *upcoming;          /* AxRecordAppointment, the next ones, soonest first */
  GPtrArray      *plans;             /* AxRecordPlan, active */
  GPtrArray      *packages;          /* AxRecordPackage, active and not expired */
  GPtrArray      *memberships;       /* AxRecordMembership, active or paused */
  GPtrArray      *credit_breaches;   /* AxCreditBreach (ax-credits.h): overdrawn or flagged */
} AxPatientRecord;

#define AX_RECORD_UPCOMING_LIMIT 5

AxPatientRecord *ax_patient_record_ref          (AxPatientRecord *record);
void             ax_patient_record_unref        (AxPatientRecord *record);

/* Reads the record of patient id as role sees it, as of now_ms. Fails with
 * AX_MODEL_ERROR_NOT_FOUND when there is no such (live) patient. */
AxPatientRecord *ax_patient_record_query        (AxDb                *db,
                                                 const char          *id,
                                                 AxRole               role,
                                                 gint64               now_ms,
                                                 GError             **error);
/* The same on a worker thread with its own connection to the store. */
void             ax_patient_record_query_async  (AxStore             *store,
                                                 const char          *id,
                                                 AxRole               role,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
AxPatientRecord *ax_patient_record_query_finish (AxStore             *store,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Every live vitals reading of a patient, newest first (the record's
 * History…), on a worker thread. */
GPtrArray       *ax_patient_vitals_history        (AxDb                *db,
                                                   const char          *patient_id,
                                                   GError             **error);
void             ax_patient_vitals_history_async  (AxStore             *store,
                                                   const char          *patient_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray       *ax_patient_vitals_history_finish (AxStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

const char      *ax_allergy_severity_to_string   (AxAllergySeverity    severity);

/* Whole years from birth_date (YYYY-MM-DD) to the day of now_ms in tz;
 * -1 when unknown. */
int              ax_patient_age                  (const char          *birth_date,
                                                  gint64               now_ms,
                                                  GTimeZone           *tz);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxPatientRecord, ax_patient_record_unref)

G_END_DECLS
