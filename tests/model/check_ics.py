#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads an Aesthetix iCalendar export with a real parser (python3-icalendar)
and checks what other calendar programs rely on.

  check_ics.py [--events N] [--tzid ZONE] [--expect UID=START/END]… FILE
  check_ics.py [options] -- COMMAND [ARG…]     (parses what COMMAND prints)

--expect gives an appointment's id and its start and end in UTC
(2026-03-10T03:00:00Z). Exits 77 (skipped) when the icalendar module is
missing, 1 with the reasons when a check fails."""

import argparse
import datetime
import subprocess
import sys

try:
    import icalendar
    import pytz
except ImportError as e:
    print(f"check_ics.py: {e} (apt-get install python3-icalendar); skipped")
    sys.exit(77)

STATUS_OF = {
    "booked": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "checked_in": "CONFIRMED",
    "in_progress": "CONFIRMED",
    "completed": "CONFIRMED",
    "no_show": "CANCELLED",
    "cancelled": "CANCELLED",
}

problems = []


def problem(text):
    problems.append(text)


def parse_utc(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def check_wire_format(data):
    """CRLF line ends, lines of at most 75 octets, each valid UTF-8 alone."""
    if not data.endswith(b"\r\n"):
        problem("the file does not end in CRLF")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problem(f"line {number} has a bare CR or LF")
        if len(line) > 75:
            problem(f"line {number} has {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problem(f"line {number} splits a UTF-8 character")
    return len(lines)


def check_vtimezone(cal, tzid):
    zones = [c for c in cal.walk("VTIMEZONE")]
    if len(zones) != 1:
        problem(f"{len(zones)} VTIMEZONE components, want 1")
        return None
    zone = zones[0]
    if tzid and str(zone["TZID"]) != tzid:
        problem(f"VTIMEZONE TZID is {zone['TZID']}, want {tzid}")
    for sub in zone.subcomponents:
        if sub.name not in ("STANDARD", "DAYLIGHT"):
            problem(f"unexpected {sub.name} in VTIMEZONE")
        for prop in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
            if prop not in sub:
                problem(f"{sub.name} has no {prop}")
    # The zone as the file itself describes it, built the way icalendar
    # does for a TZID it does not know.
    return zone.to_tz()


def check_event(event, tzid, file_tz, expected):
    uid = str(event.get("UID", ""))
    if not uid.endswith("@aesthetix"):
        problem(f"UID {uid!r} does not end in @aesthetix")
    for prop in ("DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS"):
        if prop not in event:
            problem(f"{uid}: no {prop}")
            return
    stamp = event.decoded("DTSTAMP")
    if stamp.tzinfo is None or stamp.utcoffset() != datetime.timedelta(0):
        problem(f"{uid}: DTSTAMP {stamp} is not in UTC")

    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    for name, value, prop in (("DTSTART", start, event["DTSTART"]), ("DTEND", end, event["DTEND"])):
        if not isinstance(value, datetime.datetime) or value.tzinfo is None:
            problem(f"{uid}: {name} {value!r} is not a time with a time zone")
            return
        param = prop.params.get("TZID")
        if param is None:
            # Only the second of a repeated local time is written in UTC.
            if value.utcoffset() != datetime.timedelta(0):
                problem(f"{uid}: {name} has neither TZID nor UTC")
        elif tzid and param != tzid:
            problem(f"{uid}: {name} TZID={param}, want {tzid}")
        elif file_tz is not None:
            # The file's own VTIMEZONE must give the instant the named zone gives.
            naive = value.replace(tzinfo=None)
            own = file_tz.localize(naive).astimezone(pytz.utc)
            if own != value.astimezone(pytz.utc):
                problem(f"{uid}: {name} {naive} is {own} by the file's VTIMEZONE "
                        f"but {value.astimezone(pytz.utc)} in {param}")
    if end <= start:
        problem(f"{uid}: DTEND {end} is not after DTSTART {start}")

    status = str(event["STATUS"])
    own_status = str(event.get("X-AESTHETIX-STATUS", ""))
    if STATUS_OF.get(own_status) != status:
        problem(f"{uid}: STATUS {status} does not go with X-AESTHETIX-STATUS {own_status!r}")
    if own_status == "no_show" and "No-show" not in str(event.get("DESCRIPTION", "")):
        problem(f"{uid}: a no-show without its note")
    if not str(event["SUMMARY"]).strip():
        problem(f"{uid}: an empty SUMMARY")

    appt = uid[: -len("@aesthetix")]
    if appt in expected:
        want_start, want_end = expected.pop(appt)
        if start.astimezone(datetime.timezone.utc) != want_start:
            problem(f"{uid}: starts {start.astimezone(datetime.timezone.utc)}, want {want_start}")
        if end.astimezone(datetime.timezone.utc) != want_end:
            problem(f"{uid}: ends {end.astimezone(datetime.timezone.utc)}, want {want_end}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, help="the number of events there must be")
    parser.add_argument("--min-events", type=int, help="at least this many events")
    parser.add_argument("--tzid", help="the TZID every local time must name")
    parser.add_argument("--expect", action="append", default=[], metavar="UID=START/END")
    parser.add_argument("source", nargs="+", help="FILE, or COMMAND [ARG…] after --")
    args = parser.parse_args()

    if len(args.source) == 1:
        with open(args.source[0], "rb") as f:
            data = f.read()
        what = args.source[0]
    else:
        run = subprocess.run(args.source, stdout=subprocess.PIPE, check=False)
        if run.returncode != 0:
            print(f"check_ics.py: {' '.join(args.source)} exited with {run.returncode}")
            return 1
        data = run.stdout
        what = args.source[0]

    expected = {}
    for item in args.expect:
        uid, _, span = item.partition("=")
        start, _, end = span.partition("/")
        expected[uid] = (parse_utc(start), parse_utc(end))

    n_lines = check_wire_format(data)
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # the parser's own complaint
        print(f"check_ics.py: icalendar cannot read {what}: {e}")
        return 1

    for prop, want in (("VERSION", "2.0"), ("PRODID", "-//Aesthetix//Aesthetix 0.1//EN"),
                       ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")):
        if str(cal.get(prop)) != want:
            problem(f"{prop} is {cal.get(prop)!r}, want {want!r}")

    file_tz = check_vtimezone(cal, args.tzid)
    events = cal.walk("VEVENT")
    uids = [str(e.get("UID")) for e in events]
    if len(set(uids)) != len(uids):
        problem("two events share a UID")
    if args.events is not None and len(events) != args.events:
        problem(f"{len(events)} events, want {args.events}")
    if args.min_events is not None and len(events) < args.min_events:
        problem(f"{len(events)} events, want at least {args.min_events}")
    for event in events:
        check_event(event, args.tzid, file_tz, expected)
    for uid in expected:
        problem(f"no event {uid}")

    if problems:
        print(f"check_ics.py: {what}: {len(problems)} problem(s):")
        for p in problems:
            print(f"  {p}")
        return 1
    print(f"check_ics.py: {what}: {len(events)} events, {n_lines} lines, read by "
          f"icalendar {icalendar.__version__}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
