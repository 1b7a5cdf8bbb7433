/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-appointments.h"

G_BEGIN_DECLS

#define AX_TYPE_APPOINTMENT_DETAILS (ax_appointment_details_get_type ())
G_DECLARE_FINAL_TYPE (AxAppointmentDetails, ax_appointment_details, AX, APPOINTMENT_DETAILS,
                      GtkWidget)

/* The calendar's side pane: the selected appointment (patient and allergy
 * warning, time, services, provider, room, status, overbook reason, notes,
 * status history) and the buttons of the calendar page's actions
 * (calendar.confirm, calendar.check-in, …), which the page enables.
 *
 * ::notes-changed (const char *notes) — the notes were edited and applied. */
GtkWidget *ax_appointment_details_new   (void);
/* Shows appt; history holds AxAppointmentEvent, allergies AxAllergyInfo
 * (either may be NULL). Times are shown in tz. */
void       ax_appointment_details_show  (AxAppointmentDetails *self,
                                         AxAppointment        *appt,
                                         const char           *provider_name,
                                         const char           *room_name,
                                         GPtrArray            *history,
                                         GPtrArray            *allergies,
                                         GTimeZone            *tz);
/* Shows that nothing is selected. */
void       ax_appointment_details_clear (AxAppointmentDetails *self);
/* The appointment shown, or NULL. */
AxAppointment *ax_appointment_details_get_appointment (AxAppointmentDetails *self);

G_END_DECLS
