/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ax-schedule.h"

G_BEGIN_DECLS

/* An iCalendar (RFC 5545) writer for appointments: a VCALENDAR with a
 * VTIMEZONE computed from a GTimeZone and one VEVENT per appointment.
 *
 * Each VEVENT carries
 *   UID          <id>@aesthetix
 *   DTSTAMP      the export time, in UTC (…Z)
 *   DTSTART/DTEND  local times with ;TZID=<zone> (UTC …Z for the second
 *                occurrence of a local time repeated when clocks go back)
 *   SUMMARY, DESCRIPTION, LOCATION, CATEGORIES  as given
 *   STATUS       booked → TENTATIVE; confirmed, checked_in, in_progress,
 *                completed → CONFIRMED; cancelled → CANCELLED; no_show →
 *                CANCELLED with a note at the top of DESCRIPTION
 *   TRANSP       OPAQUE, TRANSPARENT once cancelled or a no-show
 *   X-AESTHETIX-STATUS  the appointment's own state ("no_show")
 * Lines end in CRLF and are folded at 75 octets without splitting a
 * character. */

typedef struct
{
  const char          *id;           /* the UID is id + "@aesthetix" */
  gint64               start_ms;
  gint64               end_ms;
  const char          *summary;
  const char          *description;  /* NULL: none */
  const char          *location;     /* NULL: none */
  const char *const   *categories;   /* NULL-terminated; NULL: none */
  AxAppointmentStatus  status;
} AxIcsEvent;

typedef struct _AxIcsCalendar AxIcsCalendar;

/* A calendar of events in the zone tz, whose identifier (TZID) is tzid
 * ("Asia/Bangkok"). Its VTIMEZONE covers [from_ms, to_ms) and every event
 * added; dtstamp_ms is the DTSTAMP of every event (the export time). */
AxIcsCalendar *ax_ics_calendar_new          (GTimeZone           *tz,
                                             const char          *tzid,
                                             gint64               from_ms,
                                             gint64               to_ms,
                                             gint64               dtstamp_ms);
void           ax_ics_calendar_free         (AxIcsCalendar       *cal);
/* X-WR-CALNAME, the name calendar programs show for it. */
void           ax_ics_calendar_set_name     (AxIcsCalendar       *cal,
                                             const char          *name);
void           ax_ics_calendar_add_event    (AxIcsCalendar       *cal,
                                             const AxIcsEvent    *event);
guint          ax_ics_calendar_get_n_events (AxIcsCalendar       *cal);
/* The whole VCALENDAR, UTF-8 with CRLF line ends. */
char          *ax_ics_calendar_to_string    (AxIcsCalendar       *cal);

/* The pieces, for tests and other writers. */

/* The STATUS of an appointment in that state: "TENTATIVE", "CONFIRMED" or "CANCELLED". */
const char    *ax_ics_status_for            (AxAppointmentStatus  status);
/* A TEXT value escaped per RFC 5545 §3.3.11: \ ; , and line breaks. */
char          *ax_ics_escape_text           (const char          *text);
/* Appends one content line, folded to lines of at most 75 octets, and CRLF. */
void           ax_ics_append_line           (GString             *out,
                                             const char          *line);
/* Undoes the folding (CRLF followed by a space or a tab). */
char          *ax_ics_unfold                (const char          *text);
/* "20260310T033000Z" */
char          *ax_ics_format_utc            (gint64               ms);
/* "20260310T103000", the local time in tz */
char          *ax_ics_format_local          (GTimeZone           *tz,
                                             gint64               ms);
/* The VTIMEZONE block (folded, CRLF) of tz for the instants [from_ms, to_ms):
 * the observance in force at from_ms and one per change of offset up to to_ms. */
char          *ax_ics_vtimezone             (GTimeZone           *tz,
                                             const char          *tzid,
                                             gint64               from_ms,
                                             gint64               to_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxIcsCalendar, ax_ics_calendar_free)

G_END_DECLS
