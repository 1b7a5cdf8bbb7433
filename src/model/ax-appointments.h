/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-schedule.h"

G_BEGIN_DECLS

/* Mutators (all need calendar.book; an overbook needs calendar.overbook):
 *
 *   appointment.book   {id?, patient_id, provider_id, room_id?, start_at,
 *                       end_at? | services: [service ids] (end follows their durations),
 *                       notes?, overbook_reason?, book_anyway?, series_id?}
 *   appointment.move   {id, start_at, end_at, provider_id?, room_id?,
 *                       from: {start_at, end_at, provider_id, room_id}?,
 *                       overbook_reason?, book_anyway?}     (drag, resize, reschedule)
 *   appointment.update {id, set: {notes, patient_id}, from: {…}?}
 *   appointment.set_status {id, status, reason?, redeem?} (cancel needs a reason; redeem:
 *                                                         written by the desk on completion)
 *   appointment.book_series {series_id?, patient_id, provider_id, room_id?, start_at,
 *                       services | end_at, every_weeks (1–52), times (2–52), notes?,
 *                       overbook_reason?, book_anyway?}  (all or nothing; a clash names its date)
 *
 * A clash fails with AX_MODEL_ERROR_CLASH naming it ("Dr Lee already has
 * Anong Srisuk 10:00–10:30 in Room 2"); outside working hours (or on a
 * closed day) fails with AX_MODEL_ERROR_OUTSIDE_HOURS unless book_anyway. */

/* One appointment as the calendar shows it. Immutable, refcounted. */
typedef struct
{
  char                *id;
  char                *patient_id;
  char                *patient_name;    /* "" when none */
  gboolean             patient_has_allergy;
  char                *provider_id;
  char                *room_id;         /* NULL when none */
  gint64               start_ms;
  gint64               end_ms;
  AxAppointmentStatus  status;
  char                *services;        /* "Botox forehead, Consultation" */
  char                *notes;
  char                *overbook_reason; /* NULL unless overbooked on purpose */
  gboolean             outside_hours;
  gboolean             needs_rebooking;
  char                *series_id;
} AxAppointment;

AxAppointment *ax_appointment_ref   (AxAppointment *appt);
void           ax_appointment_unref (AxAppointment *appt);

/* A provider or a room: a calendar column. */
typedef struct
{
  char *id;
  char *name;
  char *color;      /* "#3584e4"; rooms have none */
  int   sort_order;
} AxResource;

void ax_resource_free (AxResource *res);

typedef struct
{
  const char *const *provider_ids;  /* NULL: every provider */
  const char *const *room_ids;      /* NULL: every room */
  guint              status_mask;   /* bits 1 << AxAppointmentStatus; 0: all */
} AxAppointmentFilter;

/* Appointments overlapping [from_ms, to_ms), by start. Reads only. */
GPtrArray     *ax_appointments_query        (AxDb                      *db,
                                             gint64                     from_ms,
                                             gint64                     to_ms,
                                             const AxAppointmentFilter *filter,
                                             GError                   **error);
void           ax_appointments_query_async  (AxStore                   *store,
                                             gint64                     from_ms,
                                             gint64                     to_ms,
                                             const AxAppointmentFilter *filter,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data);
GPtrArray     *ax_appointments_query_finish (AxStore                   *store,
                                             GAsyncResult              *result,
                                             GError                   **error);
AxAppointment *ax_appointments_get          (AxDb                      *db,
                                             const char                *id,
                                             GError                   **error);
/* A patient's live appointments (booked to in progress) that end after
 * from_ms, soonest first, at most limit: the record's "upcoming". */
GPtrArray     *ax_appointments_for_patient  (AxDb                      *db,
                                             const char                *patient_id,
                                             gint64                     from_ms,
                                             guint                      limit,
                                             GError                   **error);

typedef struct
{
  AxAppointmentStatus  status;
  gint64               at_ms;
  char                *user_name;
  char                *reason;
} AxAppointmentEvent;

void           ax_appointment_event_free    (AxAppointmentEvent *ev);
/* The status history of an appointment, oldest first. */
GPtrArray     *ax_appointments_history      (AxDb       *db,
                                             const char *id,
                                             GError    **error);

/* Active providers and rooms, in display order. */
GPtrArray     *ax_schedule_list_providers   (AxDb       *db,
                                             GError    **error);
GPtrArray     *ax_schedule_list_rooms       (AxDb       *db,
                                             GError    **error);
/* A provider's weekly working hours and breaks. */
GArray        *ax_schedule_working_blocks   (AxDb       *db,
                                             const char *provider_id,
                                             GError    **error);
/* Whether the clinic (or this provider, when given) is closed on date (YYYY-MM-DD). */
gboolean       ax_schedule_is_closed        (AxDb       *db,
                                             const char *provider_id,
                                             const char *date);

typedef struct
{
  gint64  start_ms;
  gint64  end_ms;
  char   *provider_id;
  char   *room_id;     /* NULL when the service needs no room */
} AxSlot;

void           ax_slot_clear                (AxSlot     *slot);
/* The first free slot for a service at or after after_ms (within 60 days):
 * inside the provider's working hours, with the provider and a room free.
 * provider_id may be NULL for any provider. */
gboolean       ax_appointments_find_slot    (AxStore    *store,
                                             const char *service_id,
                                             const char *provider_id,
                                             gint64      after_ms,
                                             AxSlot     *out,
                                             GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxAppointment, ax_appointment_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxResource, ax_resource_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AxSlot, ax_slot_clear)

G_END_DECLS
