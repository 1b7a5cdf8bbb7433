/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Small read-only queries the calendar's booking popover and details pane
 * need besides the appointments API (ax-appointments.h). */

typedef struct
{
  char *id;
  char *name;            /* "Anong Srisuk" */
  char *patient_number;
  char *phone;           /* as stored; the UI masks it for roles that must not see it */
} AxPatientHit;

void       ax_patient_hit_free              (AxPatientHit *hit);

/* Live patients whose name, phone or number contains text (case-insensitive
 * for ASCII), by name, at most limit. An empty text finds nobody. */
GPtrArray *ax_calendar_search_patients      (AxDb         *db,
                                             const char   *text,
                                             guint         limit,
                                             GError      **error);
/* The same on a worker thread with its own connection. */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxPatientHit, ax_patient_hit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxServiceInfo, ax_service_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxAllergyInfo, ax_allergy_info_free)

G_END_DECLS
