#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Book, move, resize and cancel an appointment with the mouse, as reception would.

Seeds a demo store whose "today" is a fixed busy Tuesday (AX_FAKE_NOW_MS),
starts the app under the test run's X display, logs in as the front desk
through AT-SPI (dogtail) and opens the Calendar: the day view, a column per
provider. The day view describes where its columns and hours are in its
accessible description ("Dr Lee at x 56 to 160; … 08:00 at y 40, 56 pixels
an hour."), and AT-SPI gives the view's position in the window, which sits
at the screen's origin under Xvfb without a window manager; from those the
test computes screen points and drives real pointer events with xdotool:

  1. drags over a free half hour of a provider → the booking popover; types a
     patient number, Enter picks the patient, Book → the store (sqlite3,
     read here independently of the app) holds the appointment;
  2. saves a screenshot of the busy day (8 providers) as calendar-day.png;
  3. drags the appointment to another provider's column → provider_id;
  4. drags its lower edge down half an hour → end_at;
  5. Delete, a reason, Cancel Appointment → status cancelled with the reason;
  6. Ctrl+Z → the cancellation is undone.

Exit status 77 (skipped) only when there is no X display, no AT-SPI bus or
no xdotool.
"""

import datetime
import os
import re
import sqlite3
import subprocess
import sys
import time
import zoneinfo

import axui
from axui import Failure, check, find, screenshot, wait_for

axui.start('calendar', need_xdotool=True)
from dogtail import rawinput  # noqa: E402

# Tuesday 10 March 2026, 10:30 in Bangkok: a working day of the demo clinic.
NOW_MS = 1773113400000
SLOT_MIN = 30


def xdotool(*args):
    subprocess.run(['xdotool', *[str(a) for a in args]], check=True)


def drag(x0, y0, x1, y1, steps=8):
    """A real press, motion in steps, and release, as a hand would."""
    xdotool('mousemove', x0, y0)
    time.sleep(0.2)
    xdotool('mousedown', 1)
    time.sleep(0.15)
    for i in range(1, steps + 1):
        xdotool('mousemove', round(x0 + (x1 - x0) * i / steps), round(y0 + (y1 - y0) * i / steps))
        time.sleep(0.05)
    time.sleep(0.2)
    xdotool('mouseup', 1)
    time.sleep(0.3)


# The store, read with SQL.

class Store:
    def __init__(self, path):
        self.path = path
        con = self.connect()
        try:
            clinic_id, tz_name = con.execute(
                'SELECT id, timezone FROM clinics WHERE deleted_at IS NULL '
                'ORDER BY created_at LIMIT 1').fetchone()
            self.clinic_id = clinic_id
            self.tz = zoneinfo.ZoneInfo(tz_name)
            self.providers = dict(con.execute(
                'SELECT name, id FROM providers WHERE active = 1 AND deleted_at IS NULL'))
            self.rooms = [r for (r,) in con.execute(
                'SELECT id FROM rooms WHERE active = 1 AND deleted_at IS NULL '
                'ORDER BY sort_order, name')]
        finally:
            con.close()
        now = datetime.datetime.fromtimestamp(NOW_MS / 1000, self.tz)
        self.midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)

    def connect(self):
        return sqlite3.connect(f'file:{self.path}?mode=ro', uri=True)

    def ms(self, minute):
        """The instant of a local minute of the day."""
        return int((self.midnight + datetime.timedelta(minutes=minute)).timestamp() * 1000)

    def busy(self, start, end, provider=None, room=None):
        con = self.connect()
        try:
            return con.execute(
                "SELECT COUNT(*) FROM appointments WHERE deleted_at IS NULL "
                "AND status NOT IN ('cancelled', 'no_show') AND start_at < ? AND end_at > ? "
                "AND (provider_id = ? OR room_id = ?)",
                (end, start, provider, room)).fetchone()[0] > 0
        finally:
            con.close()

    def working(self, provider, start_min, end_min):
        weekday = self.midnight.isoweekday()
        con = self.connect()
        try:
            rows = con.execute(
                'SELECT start_min, end_min, kind FROM working_hours WHERE provider_id = ? '
                'AND weekday = ? AND deleted_at IS NULL', (provider, weekday)).fetchall()
        finally:
            con.close()
        inside = any(k == 'work' and s <= start_min and end_min <= e for s, e, k in rows)
        lunch = any(k == 'break' and s < end_min and start_min < e for s, e, k in rows)
        return inside and not lunch

    def first_free_room(self, start, end):
        return next((r for r in self.rooms if not self.busy(start, end, room=r)), None)

    def appointment(self, appt_id):
        con = self.connect()
        try:
            con.row_factory = sqlite3.Row
            row = con.execute('SELECT * FROM appointments WHERE id = ?', (appt_id,)).fetchone()
            return dict(row) if row else None
        finally:
            con.close()

    def newest_for(self, patient_id):
        con = self.connect()
        try:
            row = con.execute('SELECT id FROM appointments WHERE patient_id = ? '
                              'ORDER BY created_at DESC LIMIT 1', (patient_id,)).fetchone()
            return row[0] if row else None
        finally:
            con.close()

    def a_patient(self):
        con = self.connect()
        try:
            return con.execute(
                'SELECT id, patient_number, first_name, last_name FROM patients '
                'WHERE deleted_at IS NULL ORDER BY patient_number LIMIT 1 OFFSET 7').fetchone()
        finally:
            con.close()

    def last_event(self, appt_id):
        con = self.connect()
        try:
            return con.execute('SELECT status, reason FROM appointment_events '
                               'WHERE appointment_id = ? ORDER BY at DESC, id DESC LIMIT 1',
                               (appt_id,)).fetchone()
        finally:
            con.close()


# The day view's geometry, from its accessible description.

COLUMN = re.compile(r'(?:^|; |\. )([^;.]+?) at x (-?\d+) to (-?\d+)')
HOURS = re.compile(r'(\d\d):(\d\d) at y (-?\d+), (\d+) pixels an hour\.')
ORIGIN = re.compile(r'In the window at (-?\d+), (-?\d+)\.')


def main_window_geometry(pid):
    """The X window id and screen position of the app's main window (its largest)."""
    # xdotool search gives up on a window that goes away under it (a dialog
    # closing): ask again.
    ids = wait_for('the windows of the app', lambda: subprocess.run(
        ['xdotool', 'search', '--pid', str(pid)], capture_output=True, text=True).stdout.split(),
        timeout=10)
    best = None
    for wid in ids:
        out = subprocess.run(['xdotool', 'getwindowgeometry', '--shell', wid], capture_output=True,
                             text=True).stdout
        values = dict(line.split('=', 1) for line in out.split() if '=' in line)
        if 'WIDTH' in values:
            area = int(values['WIDTH']) * int(values['HEIGHT'])
            if best is None or area > best[0]:
                best = (area, wid, int(values['X']), int(values['Y']))
    if best is None:
        raise Failure(f'no window of the app found with xdotool ({ids})')
    return best[1:]


def main_window(pid):
    return main_window_geometry(pid)[0]


def window_origin(pid):
    return main_window_geometry(pid)[1:]


class DayView:
    """GTK 4.8 gives no screen coordinates over AT-SPI: the view says where it is
    in its window, and xdotool where the window is."""
    def __init__(self, node, pid):
        self.node = node
        self.pid = pid

    def geometry(self):
        desc = self.node.description
        hours = HOURS.search(desc)
        origin = ORIGIN.search(desc)
        if hours is None or origin is None:
            return None
        columns = [(name.strip(), int(x0), int(x1)) for name, x0, x1 in COLUMN.findall(desc)]
        wx, wy = window_origin(self.pid)
        x, y = wx + int(origin.group(1)), wy + int(origin.group(2))
        w, h = self.node.size
        return {
            'columns': columns,
            'first_min': int(hours.group(1)) * 60 + int(hours.group(2)),
            'first_y': int(hours.group(3)),
            'per_hour': int(hours.group(4)),
            'x': x, 'y': y, 'width': w, 'height': h,
        }

    def point(self, column_name, minute):
        """The screen point of a local minute in the middle of a column."""
        g = self.geometry()
        for name, x0, x1 in g['columns']:
            if name == column_name:
                y = g['first_y'] + (minute - g['first_min']) * g['per_hour'] / 60
                return round(g['x'] + (x0 + x1) / 2), round(g['y'] + y)
        raise Failure(f'no column {column_name} in {g["columns"]}')

    def visible(self, column_name, minute):
        g = self.geometry()
        x, y = self.point(column_name, minute)
        return g['x'] + 60 <= x < g['x'] + g['width'] - 10 and g['y'] + 44 <= y < g['y'] + g['height'] - 4


def choose_slot(store, view):
    """A half hour after now where provider A is free and working, the room the
    booking popover will pick is free for an hour from then, and provider B
    (another column) is free and working for the hour: room enough to move the
    appointment there and make it longer."""
    columns = [name for name, _, _ in view.geometry()['columns']]
    for minute in range(11 * 60, 17 * 60, 15):
        start, mid, end = store.ms(minute), store.ms(minute + SLOT_MIN), store.ms(minute + 2 * SLOT_MIN)
        room = store.first_free_room(start, mid)
        if room is None or store.busy(mid, end, room=room):
            continue
        for a in columns:
            pa = store.providers.get(a)
            if pa is None or store.busy(start, mid, provider=pa) or not store.working(pa, minute, minute + SLOT_MIN):
                continue
            if not view.visible(a, minute) or not view.visible(a, minute + 2 * SLOT_MIN):
                continue
            for b in columns:
                pb = store.providers.get(b)
                if pb is None or pb == pa or store.busy(start, end, provider=pb):
                    continue
                if not store.working(pb, minute, minute + 2 * SLOT_MIN) or not view.visible(b, minute):
                    continue
                return minute, a, b, room
    raise Failure('the demo day has no free slot for the test')


def run_test(db_path, app, app_process):
    store = Store(db_path)
    # Log in as the front desk and open the calendar (Alt+2: the sidebar's second page).
    axui.log_in(app, 'frontdesk')
    pages = wait_for('the sidebar', lambda: find(app, 'Pages', 'list'))
    wait_for('the front desk shell', lambda: [r.name for r in pages.children]
             == ['Dashboard', 'Calendar', 'Patients', 'Settings'])
    time.sleep(0.5)
    rawinput.keyCombo('<Alt>2')

    view = DayView(wait_for('the day view', lambda: find(app, 'Day view')), app_process.pid)
    geometry = wait_for('the day view laid out', view.geometry)
    names = [c[0] for c in geometry['columns']]
    check(len(names) >= 8, f'the day view has a column per provider: {names}')
    check(set(names) <= set(store.providers), 'the columns are the store\'s providers')

    minute, a, b, room = choose_slot(store, view)
    hhmm = f'{minute // 60:02d}:{minute % 60:02d}'
    print(f'# booking {hhmm} with {a}, moving to {b}, room {room}')
    start, end = store.ms(minute), store.ms(minute + SLOT_MIN)

    # 1. Drag out the half hour: the booking popover opens on it.
    x, y0 = view.point(a, minute)
    _, y1 = view.point(a, minute + SLOT_MIN)
    print(f'# geometry {view.geometry()}, drag {x},{y0 + 3} → {x},{y1 - 3}')
    drag(x, y0 + 3, x, y1 - 3)
    search = wait_for('the booking popover', lambda: find(app, 'Search patients'))
    check(search is not None, f'dragging {hhmm}–{minute // 60 + (minute % 60 + SLOT_MIN) // 60:02d}:'
                              f'{(minute + SLOT_MIN) % 60:02d} opens the booking popover')
    patient_id, number, first, last = store.a_patient()
    time.sleep(0.5)
    rawinput.typeText(number)
    found = wait_for('the patient found', lambda: find(app, 'Patients found', 'list'))
    wait_for('a search result', lambda: found.childCount > 0)
    time.sleep(0.3)
    rawinput.pressKey('Return')
    full_name = f'{first} {last}'.strip()
    wait_for(f'{full_name} to be chosen', lambda: find(app, full_name))
    check(True, f'Enter picks the patient found: {full_name} ({number})')
    time.sleep(0.3)
    rawinput.keyCombo('<Control>Return')  # Book

    appt_id = wait_for('the booking in the store', lambda: store.newest_for(patient_id))
    row = store.appointment(appt_id)
    check(row['provider_id'] == store.providers[a] and row['start_at'] == start
          and row['end_at'] == end and row['status'] == 'booked',
          f'the store holds the booking: {a}, {hhmm}, 30 minutes (room {row["room_id"]})')

    # 2. The busy day, with the new booking selected (the pointer out of the
    # way of tooltips).
    xdotool('mousemove', 5, 995)
    time.sleep(1.5)
    screenshot(os.path.join(axui.BUILDDIR, 'calendar-day.png'))

    # 3. Drag it to provider B's column at the same time.
    x_a, y_mid = view.point(a, minute + SLOT_MIN // 3)
    x_b, _ = view.point(b, minute + SLOT_MIN // 3)
    drag(x_a, y_mid, x_b, y_mid)
    row = wait_for('the move in the store', lambda: (lambda r: r if r['provider_id'] == store.providers[b] else None)(store.appointment(appt_id)))
    check(row['start_at'] == start and row['end_at'] == end,
          f'dragged to {b}: provider_id changed, the time kept')

    # 4. Drag its lower edge down half an hour.
    time.sleep(0.8)
    x_b, y_end = view.point(b, minute + SLOT_MIN)
    _, y_later = view.point(b, minute + 2 * SLOT_MIN)
    drag(x_b, y_end - 3, x_b, y_later - 3)
    later = store.ms(minute + 2 * SLOT_MIN)
    row = wait_for('the resize in the store', lambda: (lambda r: r if r['end_at'] == later else None)(store.appointment(appt_id)))
    check(row['start_at'] == start, 'the lower edge dragged down: end_at is half an hour later')

    # 5. Delete cancels it, with a reason.
    time.sleep(0.8)
    rawinput.pressKey('Delete')
    reason = wait_for('the cancel dialog', lambda: find(app, 'Reason', 'text'))
    time.sleep(0.5)
    reason.click()
    time.sleep(0.3)
    rawinput.typeText('Patient called to cancel')
    time.sleep(0.3)
    rawinput.pressKey('Return')  # Enter in the reason answers Cancel Appointment
    row = wait_for('the cancellation in the store', lambda: (lambda r: r if r['status'] == 'cancelled' else None)(store.appointment(appt_id)))
    event = store.last_event(appt_id)
    check(event is not None and event[0] == 'cancelled' and event[1] == 'Patient called to cancel',
          f'Delete cancelled it with the reason: {event!r}')

    # 6. Ctrl+Z undoes the cancellation. Without a window manager nobody gives
    # the main window the keyboard back when the dialog closes: do it here.
    time.sleep(1.0)
    xdotool('windowfocus', main_window(app_process.pid))
    time.sleep(0.3)
    rawinput.keyCombo('<Control>z')
    row = wait_for('the undo in the store', lambda: (lambda r: r if r['status'] == 'booked' else None)(store.appointment(appt_id)))
    check(row['end_at'] == later, 'Ctrl+Z brought the appointment back')


if __name__ == '__main__':
    sys.exit(axui.run(run_test, NOW_MS))
