/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* iCalendar export of appointments (docs/ics.md).
 *
 * Mutator (needs calendar.view; writes nothing but its audit entry, because
 * an export is an audited act, DESIGN.md §7):
 *
 *   export.ics  {provider_id?, from, to}   (instants, ms; from < to)
 *
 * It returns {"calendar": "BEGIN:VCALENDAR…", "events": N} and audits
 * "export.ics" with {provider, from, to, events}. */

/* The calendar (RFC 5545 text) of every appointment, in any state, that
 * overlaps [from_ms, to_ms), of one provider or of everyone (provider_id
 * NULL). Times are written in tz, named tzid ("Asia/Bangkok"); dtstamp_ms
 * is the export time. Reads only: use ax_ics_export_audited() for an
 * export that leaves the store. */
char *ax_ics_export                (AxDb        *db,
                                    GTimeZone   *tz,
                                    const char  *tzid,
                                    const char  *provider_id,
                                    gint64       from_ms,
                                    gint64       to_ms,
                                    gint64       dtstamp_ms,
                                    gsize       *n_events,
                                    GError     **error);

/* The same as actor, through the export.ics mutator (permission check and
 * audit entry), in the clinic's time zone. */
char *ax_ics_export_audited        (AxStore     *store,
                                    AxActor     *actor,
                                    const char  *provider_id,
                                    gint64       from_ms,
                                    gint64       to_ms,
                                    gsize       *n_events,
                                    GError     **error);

/* The id of the active provider called name (ignoring case), or NULL with
 * AX_MODEL_ERROR_NOT_FOUND naming the providers there are. */
char *ax_ics_export_find_provider  (AxDb        *db,
                                    const char  *name,
                                    GError     **error);

G_END_DECLS
