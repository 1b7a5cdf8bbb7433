/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ax-context.h"
#include "ax-calendar-layout.h"

G_BEGIN_DECLS

#define AX_TYPE_BOOKING_POPOVER (ax_booking_popover_get_type ())
G_DECLARE_FINAL_TYPE (AxBookingPopover, ax_booking_popover, AX, BOOKING_POPOVER, GtkPopover)

/* What opens on a slot dragged out in the calendar: find the patient (or
 * add one), choose the services (the end follows their durations),
 * provider, room and notes, and Book.
 *
 * ::book (JsonNode *args) — appointment.book's arguments; the page runs it.
 * ::slot-changed (gint64 start_ms, gint64 end_ms) — the services changed the end. */
GtkWidget *ax_booking_popover_new          (AxContext      *context,
                                            AxCalendarData *data,
                                            gint64          start_ms,
                                            gint64          end_ms,
                                            const char     *provider_id,
                                            const char     *room_id);
/* Shows why the last Book did not go through (empty: hides it). */
void       ax_booking_popover_show_error   (AxBookingPopover *self,
                                            const char       *message);

G_END_DECLS
