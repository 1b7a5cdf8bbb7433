/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appointment states (DESIGN.md §7): booked → confirmed → checked_in →
 * in_progress → completed, or no_show / cancelled. */
typedef enum
{
  AX_APPT_BOOKED,
  AX_APPT_CONFIRMED,
  AX_APPT_CHECKED_IN,
  AX_APPT_IN_PROGRESS,
  AX_APPT_COMPLETED,
  AX_APPT_NO_SHOW,
  AX_APPT_CANCELLED,
  AX_N_APPT_STATUSES,
  AX_APPT_INVALID = -1,
} AxAppointmentStatus;

const char          *ax_appointment_status_to_string    (AxAppointmentStatus status);
AxAppointmentStatus  ax_appointment_status_from_string  (const char         *text);
/* Translated, for people: "Checked in". */
const char          *ax_appointment_status_display_name (AxAppointmentStatus status);
/* A symbolic icon name that tells the state apart without colour. */
const char          *ax_appointment_status_icon_name    (AxAppointmentStatus status);
/* Live appointments hold their provider and room; no-shows and
 * cancellations free them. */
gboolean             ax_appointment_status_is_live      (AxAppointmentStatus status);
/* Whether an appointment may go from one state to the other. */
gboolean             ax_appointment_status_can_change   (AxAppointmentStatus from,
                                                         AxAppointmentStatus to);
/* Whether it may still be moved or resized (not once it has started). */
gboolean             ax_appointment_status_is_movable   (AxAppointmentStatus status);

/* Half-open intervals [start, end): touching intervals do not overlap. */
static inline gboolean
ax_intervals_overlap (gint64 a_start,
                      gint64 a_end,
                      gint64 b_start,
                      gint64 b_end)
{
  return a_start < b_end && b_start < a_end;
}

typedef struct
{
  gint64 start;
  gint64 end;
} AxInterval;

typedef struct
{
  guint lane;    /* 0-based position from the left */
  guint n_lanes; /* lanes in its group of overlapping items */
} AxLaneSlot;

/* Lays out the items of one column side by side: items that overlap
 * (directly or through a chain of others) form a group sharing n_lanes
 * lanes; each item takes the leftmost lane free at its start. out[i] is
 * the slot of items[i]; the order of items does not matter. */
void                 ax_schedule_layout_lanes           (const AxInterval   *items,
                                                         gsize               n_items,
                                                         AxLaneSlot         *out);

/* A weekly block of working time or a break, in minutes from local midnight. */
typedef struct
{
  int      weekday;   /* ISO: 1 = Monday … 7 = Sunday */
  int      start_min;
  int      end_min;
  gboolean is_break;
} AxWorkBlock;

/* Whether [start, end) (local times in one time zone) lies inside one
 * working block of its weekday without touching a break. An interval that
 * crosses midnight is outside. */
gboolean             ax_schedule_within_hours           (const AxWorkBlock  *blocks,
                                                         gsize               n_blocks,
                                                         GDateTime          *start,
                                                         GDateTime          *end);

/* Rounds ms to the nearest multiple of step_min minutes in the given zone. */
gint64               ax_schedule_snap                   (gint64              ms,
                                                         int                 step_min,
                                                         GTimeZone          *tz);

G_END_DECLS
