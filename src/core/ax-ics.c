/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-ics.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define PRODID     "-//Aesthetix//Aesthetix 0.1//EN"
#define UID_DOMAIN "@aesthetix"
#define MAX_OCTETS 75           /* per line, CRLF not counted (RFC 5545 §3.1) */
#define DAY_S      (24 * 3600)
/* How far back to look for the change of offset that began the one in
 * force when the range starts: more than a year finds it in any zone
 * that changes its clocks every year. */
#define LOOK_BACK_DAYS 400

struct _AxIcsCalendar
{
  GTimeZone *tz;
  char      *tzid;
  gint64     from_ms;
  gint64     to_ms;
  char      *dtstamp;
  char      *name;
  GString   *events;
  guint      n_events;
};

/* One zone state: what changes at a transition. */
typedef struct
{
  gint32   offset;   /* seconds east of UTC */
  gboolean dst;
  int      interval;
} ZoneState;

/* Helpers: time */

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static char *
format_seconds (gint64 unix_s)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_s);

  g_return_val_if_fail (dt != NULL, g_strdup ("19700101T000000"));
  return g_date_time_format (dt, "%Y%m%dT%H%M%S");
}

static ZoneState
zone_state (GTimeZone *tz,
            gint64     unix_s)
{
  ZoneState s;

  s.interval = MAX (g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, unix_s), 0);
  s.offset = g_time_zone_get_offset (tz, s.interval);
  s.dst = g_time_zone_is_dst (tz, s.interval);
  return s;
}

static gboolean
same_state (ZoneState a,
            ZoneState b)
{
  return a.offset == b.offset && a.dst == b.dst;
}

/* The first second in (lo, hi] whose state differs from that at lo, given
 * that the state at hi differs (and changes once in between). */
static gint64
find_change (GTimeZone *tz,
             gint64     lo,
             gint64     hi)
{
  ZoneState at_lo = zone_state (tz, lo);

  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (same_state (zone_state (tz, mid), at_lo))
        lo = mid;
      else
        hi = mid;
    }
  return hi;
}

/* The last change of state at or before unix_s, probing a day at a time. */
static gboolean
find_change_before (GTimeZone *tz,
                    gint64     unix_s,
                    gint64    *at)
{
  ZoneState now = zone_state (tz, unix_s);

  for (int day = 0; day < LOOK_BACK_DAYS; day++)
    {
      gint64 earlier = unix_s - DAY_S;

      if (!same_state (zone_state (tz, earlier), now))
        {
          *at = find_change (tz, earlier, unix_s);
          return TRUE;
        }
      unix_s = earlier;
    }
  return FALSE;
}

/* RFC 5545 §3.3.5: a local time that clocks going back make happen twice
 * means the first of the two instants. Whether unix_s is that one. */
static gboolean
local_time_is_first (GTimeZone *tz,
                     gint64     unix_s)
{
  gint32 offset = zone_state (tz, unix_s).offset;
  gint32 before = zone_state (tz, unix_s - DAY_S).offset;
  gint64 other;

  if (before <= offset)
    return TRUE;
  /* The offset fell within the last day: the instant that had the same
   * local time under the earlier offset, if it is still under it. */
  other = unix_s + offset - before;
  return zone_state (tz, other).offset != before;
}

static void
append_offset (GString *line,
               gint32   offset)
{
  gint32 v = ABS (offset);

  g_string_append_printf (line, "%c%02d%02d", offset < 0 ? '-' : '+', v / 3600, v / 60 % 60);
  if (v % 60 != 0)
    g_string_append_printf (line, "%02d", v % 60);
}

/* Helpers: lines */

static void
append_property (GString    *out,
                 const char *name,
                 const char *value)
{
  g_autofree char *line = g_strconcat (name, ":", value, NULL);

  ax_ics_append_line (out, line);
}

static void
append_text_property (GString    *out,
                      const char *name,
                      const char *text)
{
  g_autofree char *escaped = ax_ics_escape_text (text);

  append_property (out, name, escaped);
}

/* A parameter value: quoted when it holds a character paramtext may not. */
static char *
param_value (const char *value)
{
  GString *out = g_string_new (NULL);
  gboolean quote = strpbrk (value, ";:,") != NULL;

  for (const char *p = value; *p; p++)
    if ((guchar) *p >= 0x20 && *p != '"' && *p != 0x7f)
      g_string_append_c (out, *p);
  if (quote)
    {
      g_string_prepend_c (out, '"');
      g_string_append_c (out, '"');
    }
  return g_string_free (out, FALSE);
}

static void
append_observance (GString    *out,
                   GTimeZone  *tz,
                   gboolean    since_ever,
                   gint64      at,
                   ZoneState   before,
                   ZoneState   after)
{
  const char *kind = after.dst ? "DAYLIGHT" : "STANDARD";
  const char *abbrev = g_time_zone_get_abbreviation (tz, after.interval);
  g_autofree char *start = since_ever ? g_strdup ("19700101T000000")
                                      : format_seconds (at + before.offset);
  g_autoptr (GString) line = g_string_new (NULL);

  append_property (out, "BEGIN", kind);
  /* An observance starts at the local time that the clocks show just
   * before they change, that is under the old offset. */
  append_property (out, "DTSTART", start);
  g_string_assign (line, "TZOFFSETFROM:");
  append_offset (line, before.offset);
  ax_ics_append_line (out, line->str);
  g_string_assign (line, "TZOFFSETTO:");
  append_offset (line, after.offset);
  ax_ics_append_line (out, line->str);
  if (abbrev != NULL && abbrev[0] != '\0')
    append_text_property (out, "TZNAME", abbrev);
  append_property (out, "END", kind);
}

static void
append_time (AxIcsCalendar *cal,
             GString       *out,
             const char    *name,
             gint64         ms)
{
  gint64 unix_s = floor_div (ms, 1000);
  g_autofree char *line = NULL;

  if (local_time_is_first (cal->tz, unix_s))
    {
      g_autofree char *tzid = param_value (cal->tzid);
      g_autofree char *local = ax_ics_format_local (cal->tz, ms);

      line = g_strdup_printf ("%s;TZID=%s:%s", name, tzid, local);
    }
  else
    {
      g_autofree char *utc = ax_ics_format_utc (ms);

      line = g_strdup_printf ("%s:%s", name, utc);
    }
  ax_ics_append_line (out, line);
}

/* Public API: the pieces */

const char *
ax_ics_status_for (AxAppointmentStatus status)
{
  switch (status)
    {
    case AX_APPT_BOOKED:
      return "TENTATIVE";
    case AX_APPT_CONFIRMED:
    case AX_APPT_CHECKED_IN:
    case AX_APPT_IN_PROGRESS:
    case AX_APPT_COMPLETED:
      return "CONFIRMED";
    case AX_APPT_NO_SHOW:
    case AX_APPT_CANCELLED:
      return "CANCELLED";
    case AX_N_APPT_STATUSES:
    case AX_APPT_INVALID:
    default:
      g_return_val_if_reached ("TENTATIVE");
    }
}

char *
ax_ics_escape_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid) + 8);

  for (const char *p = valid; *p; p++)
    switch (*p)
      {
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case ';':
        g_string_append (out, "\\;");
        break;
      case ',':
        g_string_append (out, "\\,");
        break;
      case '\r':
        if (p[1] != '\n')
          g_string_append (out, "\\n");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\t':
        g_string_append_c (out, '\t');
        break;
      default:
        /* TEXT allows no other control characters. */
        if ((guchar) *p >= 0x20 && *p != 0x7f)
          g_string_append_c (out, *p);
        break;
      }
  return g_string_free (out, FALSE);
}

void
ax_ics_append_line (GString    *out,
                    const char *line)
{
  gsize len = strlen (line);
  gsize pos = 0;
  gsize room = MAX_OCTETS;

  while (len - pos > room)
    {
      gsize cut = pos + room;
      gsize char_start;

      /* Never inside a UTF-8 sequence… */
      while (cut > pos && ((guchar) line[cut] & 0xc0) == 0x80)
        cut--;
      char_start = cut;
      /* …and, where it can, not between a letter and its marks (Thai vowel
       * and tone marks), which some programs show detached. */
      while (cut > pos && g_unichar_ismark (g_utf8_get_char_validated (line + cut, len - cut)))
        cut = g_utf8_prev_char (line + cut) - line;
      if (cut == pos)
        cut = char_start;
      if (cut == pos)
        cut = pos + room;

      g_string_append_len (out, line + pos, cut - pos);
      /* The continuation's leading space counts towards its 75 octets. */
      g_string_append (out, "\r\n ");
      pos = cut;
      room = MAX_OCTETS - 1;
    }
  g_string_append_len (out, line + pos, len - pos);
  g_string_append (out, "\r\n");
}

char *
ax_ics_unfold (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p++)
    {
      if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
        p += 2;
      else if (p[0] == '\n' && (p[1] == ' ' || p[1] == '\t'))
        p += 1;
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
ax_ics_format_utc (gint64 ms)
{
  g_autofree char *local = format_seconds (floor_div (ms, 1000));

  return g_strconcat (local, "Z", NULL);
}

char *
ax_ics_format_local (GTimeZone *tz,
                     gint64     ms)
{
  gint64 unix_s = floor_div (ms, 1000);

  return format_seconds (unix_s + zone_state (tz, unix_s).offset);
}

char *
ax_ics_vtimezone (GTimeZone  *tz,
                  const char *tzid,
                  gint64      from_ms,
                  gint64      to_ms)
{
  gint64 from_s = floor_div (from_ms, 1000);
  gint64 to_s = -floor_div (-to_ms, 1000);
  ZoneState current = zone_state (tz, from_s);
  GString *out = g_string_new (NULL);
  gint64 at;

  g_return_val_if_fail (tz != NULL && tzid != NULL, NULL);

  append_property (out, "BEGIN", "VTIMEZONE");
  append_text_property (out, "TZID", tzid);

  /* The observance in force at the start, from the change that began it. */
  if (find_change_before (tz, from_s, &at))
    {
      gint64 earlier;

      /* Summer time is the exception to a standard time: give that one
       * too, so that readers (python-icalendar among them) can tell how
       * far the clocks went forward. */
      if (current.dst && find_change_before (tz, at - 1, &earlier))
        append_observance (out, tz, FALSE, earlier, zone_state (tz, earlier - 1),
                           zone_state (tz, earlier));
      append_observance (out, tz, FALSE, at, zone_state (tz, at - 1), current);
    }
  else
    {
      /* No change for over a year (Asia/Bangkok): one standard time. */
      append_observance (out, tz, TRUE, 0, current, current);
    }

  /* Every change within the range, found a day at a time and bisected to
   * the second. */
  for (gint64 t = from_s; t < to_s;)
    {
      gint64 next = MIN (t + DAY_S, to_s);
      ZoneState then = zone_state (tz, next);

      if (same_state (then, current))
        {
          t = next;
          continue;
        }
      at = find_change (tz, t, next);
      then = zone_state (tz, at);
      append_observance (out, tz, FALSE, at, current, then);
      current = then;
      t = at;
    }

  append_property (out, "END", "VTIMEZONE");
  return g_string_free (out, FALSE);
}

/* Public API: the calendar */

AxIcsCalendar *
ax_ics_calendar_new (GTimeZone  *tz,
                     const char *tzid,
                     gint64      from_ms,
                     gint64      to_ms,
                     gint64      dtstamp_ms)
{
  AxIcsCalendar *cal;

  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (tzid != NULL && tzid[0] != '\0', NULL);
  g_return_val_if_fail (from_ms <= to_ms, NULL);

  cal = g_new0 (AxIcsCalendar, 1);
  cal->tz = g_time_zone_ref (tz);
  cal->tzid = g_strdup (tzid);
  cal->from_ms = from_ms;
  cal->to_ms = to_ms;
  cal->dtstamp = ax_ics_format_utc (dtstamp_ms);
  cal->events = g_string_new (NULL);
  return cal;
}

void
ax_ics_calendar_free (AxIcsCalendar *cal)
{
  if (cal == NULL)
    return;
  g_time_zone_unref (cal->tz);
  g_free (cal->tzid);
  g_free (cal->dtstamp);
  g_free (cal->name);
  g_string_free (cal->events, TRUE);
  g_free (cal);
}

void
ax_ics_calendar_set_name (AxIcsCalendar *cal,
                          const char    *name)
{
  g_return_if_fail (cal != NULL);
  g_free (cal->name);
  cal->name = g_strdup (name);
}

void
ax_ics_calendar_add_event (AxIcsCalendar    *cal,
                           const AxIcsEvent *event)
{
  GString *out;
  g_autofree char *uid = NULL;
  g_autofree char *description = NULL;
  gboolean freed;

  g_return_if_fail (cal != NULL && event != NULL && event->id != NULL);
  g_return_if_fail (event->status >= 0 && event->status < AX_N_APPT_STATUSES);
  g_return_if_fail (event->end_ms >= event->start_ms);

  out = cal->events;
  uid = g_strconcat (event->id, UID_DOMAIN, NULL);
  freed = event->status == AX_APPT_NO_SHOW || event->status == AX_APPT_CANCELLED;

  /* iCalendar has no "did not come": a no-show is a cancelled event whose
   * description says why. */
  if (event->status == AX_APPT_NO_SHOW)
    {
      const char *note = _("No-show: the patient did not come.");

      description = event->description && event->description[0]
                      ? g_strconcat (note, "\n", event->description, NULL)
                      : g_strdup (note);
    }
  else if (event->description && event->description[0])
    description = g_strdup (event->description);

  append_property (out, "BEGIN", "VEVENT");
  append_text_property (out, "UID", uid);
  append_property (out, "DTSTAMP", cal->dtstamp);
  append_time (cal, out, "DTSTART", event->start_ms);
  append_time (cal, out, "DTEND", event->end_ms);
  append_text_property (out, "SUMMARY", event->summary ? event->summary : "");
  if (description != NULL)
    append_text_property (out, "DESCRIPTION", description);
  if (event->location && event->location[0])
    append_text_property (out, "LOCATION", event->location);
  append_property (out, "STATUS", ax_ics_status_for (event->status));
  append_property (out, "TRANSP", freed ? "TRANSPARENT" : "OPAQUE");
  if (event->categories && event->categories[0])
    {
      g_autoptr (GString) line = g_string_new ("CATEGORIES:");

      for (gsize i = 0; event->categories[i]; i++)
        {
          g_autofree char *escaped = ax_ics_escape_text (event->categories[i]);

          if (i > 0)
            g_string_append_c (line, ',');
          g_string_append (line, escaped);
        }
      ax_ics_append_line (out, line->str);
    }
  append_property (out, "X-AESTHETIX-STATUS", ax_appointment_status_to_string (event->status));
  append_property (out, "END", "VEVENT");

  cal->from_ms = MIN (cal->from_ms, event->start_ms);
  cal->to_ms = MAX (cal->to_ms, event->end_ms);
  cal->n_events++;
}

guint
ax_ics_calendar_get_n_events (AxIcsCalendar *cal)
{
  g_return_val_if_fail (cal != NULL, 0);
  return cal->n_events;
}

char *
ax_ics_calendar_to_string (AxIcsCalendar *cal)
{
  g_autofree char *vtimezone = NULL;
  GString *out;

  g_return_val_if_fail (cal != NULL, NULL);

  vtimezone = ax_ics_vtimezone (cal->tz, cal->tzid, cal->from_ms, cal->to_ms);
  out = g_string_sized_new (cal->events->len + strlen (vtimezone) + 256);
  append_property (out, "BEGIN", "VCALENDAR");
  append_property (out, "PRODID", PRODID);
  append_property (out, "VERSION", "2.0");
  append_property (out, "CALSCALE", "GREGORIAN");
  append_property (out, "METHOD", "PUBLISH");
  if (cal->name != NULL && cal->name[0] != '\0')
    append_text_property (out, "X-WR-CALNAME", cal->name);
  g_string_append (out, vtimezone);
  g_string_append_len (out, cal->events->str, cal->events->len);
  append_property (out, "END", "VCALENDAR");
  return g_string_free (out, FALSE);
}
