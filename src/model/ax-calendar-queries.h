/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-patient-search.h"

G_BEGIN_DECLS

/* Small read-only queries the calendar's booking popover and details pane
 * need besides the appointments API (ax-appointments.h) and the patient
 * search (ax-patient-search.h). */

/* ax_patients_search() (ax-patient-search.h) on a worker thread with its
 * own connection: the booking popover's search as the user types. */
void       ax_calendar_search_patients_async  (AxStore             *store,
                                               const char          *text,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray *ax_calendar_search_patients_finish (AxStore             *store,
                                               GAsyncResult        *result,
                                               GError             **error);

typedef struct
{
  char     *id;
  char     *name;
  int       duration_min;
  gboolean  needs_room;
} AxServiceInfo;

void       ax_service_info_free             (AxServiceInfo *info);
/* Active services that can be booked, by name. */
GPtrArray *ax_calendar_list_services        (AxDb         *db,
                                             GError      **error);
/* The service ids of an appointment, in its order. */
GStrv      ax_calendar_appointment_services (AxDb         *db,
                                             const char   *appointment_id,
                                             GError      **error);

typedef struct
{
  char *substance;
  char *reaction;  /* NULL when not recorded */
  char *severity;  /* mild, moderate, severe */
} AxAllergyInfo;

void       ax_allergy_info_free             (AxAllergyInfo *info);
/* A patient's recorded allergies, the most severe first. */
GPtrArray *ax_calendar_patient_allergies    (AxDb         *db,
                                             const char   *patient_id,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxServiceInfo, ax_service_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxAllergyInfo, ax_allergy_info_free)

G_END_DECLS
