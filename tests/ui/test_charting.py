#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Chart a visit on the face chart, then sign it, the way the clinic would.

Seeds a demo store, then through AT-SPI (dogtail), the keyboard and real
pointer events (xdotool):

  1. the provider logs in, finds the patient, opens the record's Charts tab
     (Ctrl+3) and makes a chart with New Chart; adds an entry;
  2. with the Point tool, clicks three points on the front diagram, giving
     each 4 units; with the Line tool, drags a line; saves the face chart: the
     store holds three numbered points and one line in the diagram's own
     coordinates;
  3. goes back to the list, opens the chart again: the canvas and the panel's
     list of injection points show the three points and the line;
  4. submits the chart for sign-off and logs out;
  5. the medical director logs in, opens the chart from the Sign-off page: the
     face chart is read-only and shows the points and the line; signs it: the
     store holds the signature with the SHA-256 of the chart's content, and
     the overlay is unchanged;
  6. saves face-chart.png (the canvas as the director sees it) in the build dir.

GTK 4.8 gives no screen coordinates over AT-SPI: the canvas says where it is
in its window (its accessible description), xdotool where the window is.
Exit status 77 (skipped) without an X display, an AT-SPI bus or xdotool.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time

import axui
from axui import Failure, check, find, find_all, screenshot, wait_for

axui.start('charting', need_xdotool=True)
import pyatspi  # noqa: E402
from dogtail import rawinput  # noqa: E402

# Tuesday 10 March 2026, 10:30 in Bangkok.
NOW_MS = 1773113400000
PLACE = re.compile(r'In the window at (-?\d+), (-?\d+), (\d+) × (\d+)\.')


def xdotool(*args):
    subprocess.run(['xdotool', *[str(a) for a in args]], check=True)


def query(db_path, sql, *args):
    con = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def window_origin(pid):
    """The screen position of the app's largest window."""
    ids = wait_for('the windows of the app', lambda: subprocess.run(
        ['xdotool', 'search', '--pid', str(pid)], capture_output=True, text=True).stdout.split(),
        timeout=10)
    best = None
    for wid in ids:
        out = subprocess.run(['xdotool', 'getwindowgeometry', '--shell', wid],
                             capture_output=True, text=True).stdout
        values = dict(line.split('=', 1) for line in out.split() if '=' in line)
        if 'WIDTH' in values:
            area = int(values['WIDTH']) * int(values['HEIGHT'])
            if best is None or area > best[0]:
                best = (area, int(values['X']), int(values['Y']))
    if best is None:
        raise Failure('no window of the app found with xdotool')
    return best[1:]


def alike(label, rest):
    """rest is the visible label after an accessible one: one word ("Point"
    after "Point tool"), or the label again in other case ("Save Face Chart")."""
    return ' ' not in rest or rest.replace('_', '').casefold() == label.casefold()


class Desk:
    def __init__(self, app, process):
        self.app = app
        self.process = process

    def window(self, title):
        """The app's window (a dialog) with that title."""
        return wait_for(f'the {title} window', lambda: next(
            (w for w in self.app.children if w.name == title), None))

    def buttons(self, label, root=None):
        """Showing push or toggle buttons labelled label (GTK 4.8 names a button
        with a mnemonic by both forms of its label, "_Save Save", and one with an
        accessible label by both: "Point tool Point")."""
        def match(node):
            return (node.roleName in ('push button', 'toggle button')
                    and (node.name == label or node.name.endswith(' ' + label)
                         or (node.name.startswith(label + ' ')
                             and alike(label, node.name[len(label) + 1:])))
                    and node.getState().contains(pyatspi.STATE_VISIBLE))
        return find_all(root or self.app, match)

    def button(self, label, root=None):
        node = wait_for(f'the {label} button', lambda: (self.buttons(label, root) or [None])[0])
        wait_for(f'{label} to be clickable',
                 lambda: node.getState().contains(pyatspi.STATE_SENSITIVE))
        return node

    def click(self, label, root=None):
        self.button(label, root).doActionNamed('click')
        time.sleep(0.4)

    def type_into(self, field, text):
        field.click()
        time.sleep(0.3)
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(text)
        time.sleep(0.2)

    def field(self, name, root=None):
        return wait_for(f'the {name} field', lambda: find(root or self.app, name, 'text'))

    def canvas(self):
        return wait_for('the face chart canvas', lambda: find(self.app, 'Face chart canvas'))

    def canvas_place(self):
        """The canvas's screen rectangle, once it is shown."""
        canvas = self.canvas()
        match = wait_for('the canvas to say where it is',
                         lambda: PLACE.search(canvas.description or ''))
        wx, wy = window_origin(self.process.pid)
        x, y, w, h = (int(v) for v in match.groups())
        return wx + x, wy + y, w, h

    def record_tab(self, name):
        """The record's tab switcher: a page tab per tab (the Timeline's
        filters are push buttons with the same names)."""
        return wait_for(f'the {name} tab', lambda: find(self.app, name, 'page tab'))

    def open_row(self, list_name, pick):
        """Clicks the row of the named list that pick(description) chooses and
        opens it with Return."""
        rows = wait_for(f'the {list_name}', lambda: find(self.app, list_name, 'list'))
        row = wait_for(f'the row in the {list_name}', lambda: next(
            (c for c in rows.children if pick(c.description or '')), None))
        row.click()
        time.sleep(0.3)
        rawinput.pressKey('Return')
        return row

    def points_listed(self):
        """The rows of the face chart panel's list of injection points."""
        points = find(self.app, 'Injection points', 'list')
        return [c.name for c in points.children] if points is not None else []


def steady_place(desk):
    """The canvas's screen rectangle once it stops moving (a click focuses the
    canvas, and the page scrolls it into view)."""
    last = None
    for _ in range(20):
        place = desk.canvas_place()
        if place == last:
            return place
        last = place
        time.sleep(0.3)
    return last


def draw(desk, db_path, chart_id):
    """Three points and a line on the front diagram, saved."""
    # A click with the Select tool on nothing: the canvas takes the focus.
    x, y, w, h = steady_place(desk)
    xdotool('mousemove', x + w // 2, y + h // 2)
    xdotool('click', 1)
    x, y, w, h = steady_place(desk)
    print(f'# the canvas is at {x},{y} {w}×{h} on the screen')

    desk.click('Point tool')
    for n, (fx, fy) in enumerate([(-0.1, -0.2), (0, -0.17), (0.1, -0.2)], 1):
        x, y, w, h = steady_place(desk)
        xdotool('mousemove', round(x + w * (0.5 + fx)), round(y + h * (0.5 + fy)))
        time.sleep(0.2)
        xdotool('click', 1)
        # The dose popover opens with the focus on its units.
        wait_for(f'the dose of point {n}', lambda: find(desk.app, 'Units'))
        time.sleep(0.3)
        rawinput.keyCombo('<Control>a')
        rawinput.typeText('4')
        rawinput.pressKey('Tab')
        time.sleep(0.2)
        desk.click('Done')
        wait_for(f'point {n} on the canvas',
                 lambda n=n: f'{n} injection point' in (desk.canvas().description or ''))
    check(True, 'three numbered injection points are drawn with pointer clicks')

    desk.click('Line tool')
    x, y, w, h = steady_place(desk)
    x0, y0 = x + w // 2 - w // 8, y + h // 2 + h // 8
    xdotool('mousemove', x0, y0)
    time.sleep(0.2)
    xdotool('mousedown', 1)
    for i in range(1, 9):
        xdotool('mousemove', x0 + i * w // 32, y0)
        time.sleep(0.05)
    xdotool('mouseup', 1)
    wait_for('the line on the canvas', lambda: '1 line' in (desk.canvas().description or ''))
    check(True, f'and a line is drawn with a drag: {desk.canvas().description!r}')

    # The face chart saves itself a moment after a change; Save Face Chart
    # saves at once when it has not yet.
    save = desk.buttons('Save face chart')
    if save and save[0].getState().contains(pyatspi.STATE_SENSITIVE):
        save[0].doActionNamed('click')

    def saved():
        rows = query(db_path, "SELECT overlay_json FROM photo_overlays WHERE chart_id = ? "
                     "AND diagram = 'front' AND deleted_at IS NULL", chart_id)
        return rows and len(json.loads(rows[0][0])['items']) == 4 and json.loads(rows[0][0])

    overlay = wait_for('the overlay in the store', saved)
    kinds = [item['kind'] for item in overlay['items']]
    numbers = [item['n'] for item in overlay['items'] if item['kind'] == 'point']
    check(sorted(kinds) == ['line', 'point', 'point', 'point'] and numbers == [1, 2, 3],
          f'the store holds three numbered points and a line: {kinds} {numbers}')
    check(overlay['space'] == {'width': 1000, 'height': 1300}
          and all(0 < item['x'] < 1000 and 0 < item['y'] < 1300
                  for item in overlay['items'] if item['kind'] == 'point'),
          'in the diagram’s own 1000 × 1300 coordinates')
    check(all(item.get('units_milli') == 4000 for item in overlay['items']
              if item['kind'] == 'point'), 'each point has its 4 units')
    return overlay


def chart_ids(db_path, patient_id):
    return {r[0] for r in query(db_path, 'SELECT id FROM charts WHERE patient_id = ?', patient_id)}


def run_test(db_path, app, process):
    try:
        charting(db_path, app, process)
    except Failure:
        # What the screen showed when it failed, for the log's reader.
        subprocess.run(['import', '-window', 'root',
                        os.path.join(axui.BUILDDIR, 'charting-failure.png')])
        raise


def charting(db_path, app, process):
    patient = query(db_path, "SELECT id, patient_number, first_name, last_name FROM patients "
                    "WHERE deleted_at IS NULL AND last_name GLOB '[A-Z]*' "
                    "ORDER BY patient_number LIMIT 1")[0]
    before = chart_ids(db_path, patient[0])
    desk = Desk(app, process)

    # 1. The provider opens the patient's Charts tab and makes a chart.
    axui.log_in(app, 'provider')
    wait_for('the sidebar', lambda: find(app, 'Pages', 'list'))
    time.sleep(0.5)
    rawinput.keyCombo('<Alt>3')
    entry = wait_for('the search entry', lambda: find(app, 'Search patients'))
    entry.click()
    rawinput.typeText(patient[1])
    results = wait_for('the results list', lambda: find(app, 'Patients found', 'list'))
    row = wait_for('the patient among the results', lambda: next(
        (c for c in results.children if patient[1] in (c.description or '')), None))
    row.click()
    wait_for('the record', lambda: find(app, 'Patient name'))
    tab = desk.record_tab('Charts')
    rawinput.keyCombo('<Control>3')
    wait_for('the Charts tab', lambda: tab.getState().contains(pyatspi.STATE_SELECTED)
             or tab.getState().contains(pyatspi.STATE_PRESSED))
    listed = wait_for('the patient’s charts', lambda: find(app, 'Charts of the patient', 'list'))
    wait_for('the charts listed', lambda: len(listed.children) == len(before))
    check(True, f'Ctrl+3 opens the Charts tab of {patient[2]} {patient[3]}: '
          f'{len(before)} charts listed')

    desk.click('New Chart')
    desk.click('Create', desk.window('New Chart'))
    chart_id = wait_for('the new chart in the store',
                        lambda: (chart_ids(db_path, patient[0]) - before or {None}).pop())
    wait_for('the chart editor', lambda: find(app, 'Face chart canvas'))
    check(True, f'New Chart makes a draft chart {chart_id} and opens it')
    desk.click('Add Entry')
    form = desk.window('Add Entry')
    desk.type_into(desk.field('Area', form), 'Glabella')
    desk.type_into(desk.field('Note', form), 'Three points, see the face chart')
    desk.click('Add', form)
    wait_for('the entry in the store', lambda: query(
        db_path, 'SELECT area FROM chart_entries WHERE chart_id = ? AND deleted_at IS NULL',
        chart_id) == [('Glabella',)])
    check(True, 'an entry is added')

    # 2. Drawn with the pointer, saved.
    overlay = draw(desk, db_path, chart_id)

    # 3. Closed and opened again.
    desk.click('All Charts')
    desk.open_row('Charts of the patient', lambda d: '1 entry' in d and 'Draft' in d)
    canvas = desk.canvas()
    shown = wait_for('the face chart drawn again', lambda: (
        '3 injection points' in (canvas.description or '')
        and '1 line' in canvas.description) and canvas.description)
    listed = wait_for('the panel’s list of points', lambda: len(desk.points_listed()) == 3
                      and desk.points_listed())
    check([n.split()[0] for n in listed] == ['1', '2', '3']
          and all(n.endswith(', 4 U') for n in listed),
          f'the panel lists the three points with their units: {listed}')
    check(True, f'reopened, the canvas shows {shown!r}')

    # 4. Submitted; the provider logs out.
    desk.click('Submit for Sign-off')
    wait_for('the chart to wait for sign-off', lambda: query(
        db_path, 'SELECT status FROM charts WHERE id = ?', chart_id) == [('needs_signoff',)])
    check(True, 'the chart is submitted for sign-off')
    rawinput.keyCombo('<Control><Shift>l')
    wait_for('the login page', lambda: find(app, 'Username', 'text'))
    check(True, 'the provider logs out')

    # 5. The medical director signs it from the Sign-off page.
    axui.log_in(app, 'director')
    pages = wait_for('the sidebar', lambda: find(app, 'Pages', 'list'))
    signoff = wait_for('the Sign-off page', lambda: next(
        (r for r in pages.children if r.name == 'Sign-off'), None))
    signoff.click()
    desk.open_row('Charts waiting for sign-off', lambda d: True)
    canvas = desk.canvas()
    shown = wait_for('the face chart drawn', lambda: (
        '3 injection points' in (canvas.description or '')
        and '1 line' in canvas.description) and canvas.description)
    check(True, f'the director sees the face chart: {shown!r}')
    check(not desk.buttons('Point tool')
          or not desk.buttons('Point tool')[0].getState().contains(pyatspi.STATE_SENSITIVE),
          'and cannot draw on it')
    desk.canvas_place()
    screenshot(os.path.join(axui.BUILDDIR, 'face-chart.png'))

    desk.click('Sign…')
    desk.click('Sign', desk.window('Sign Chart'))
    signed = wait_for('the signature', lambda: query(
        db_path, "SELECT c.status, c.content_sha256, s.signer_name, s.content_sha256, "
        "s.subject_id, u.role FROM charts c JOIN signatures s ON s.id = c.signature_id "
        "JOIN users u ON u.id = s.signer_user_id WHERE c.id = ?", chart_id))
    status, chart_sha, signer, signature_sha, subject, role = signed[0]
    check(status == 'md_signed' and chart_sha == signature_sha and len(chart_sha) == 64
          and subject == chart_id and role == 'medical_director',
          f'the chart is signed by {signer} ({role}) with SHA-256 {chart_sha}')
    second = python_hash(db_path, chart_id)
    if os.environ.get('AX_KEEP_DB'):
        # A copy of the store to look into after the run.
        with sqlite3.connect(db_path) as src, sqlite3.connect(os.environ['AX_KEEP_DB']) as dst:
            src.backup(dst)
    check(second in (None, chart_sha),
          f'and the hash is that of the chart’s canonical content (tests/model/check_chart_hash.py: '
          f'{second})')
    after = json.loads(query(db_path, "SELECT overlay_json FROM photo_overlays "
                             "WHERE chart_id = ?", chart_id)[0][0])
    check(after == overlay, 'the overlay is unchanged by reopening and signing')


def python_hash(db_path, chart_id):
    """The chart's hash by the second implementation, None without it."""
    script = os.path.join(os.environ.get('AX_SRCDIR', '.'), 'tests', 'model', 'check_chart_hash.py')
    if not os.path.exists(script):
        return None
    out = subprocess.run([sys.executable, script, db_path, chart_id], capture_output=True,
                         text=True, timeout=60)
    return out.stdout.strip() if out.returncode == 0 else f'failed: {out.stderr}'


if __name__ == '__main__':
    sys.exit(axui.run(run_test, NOW_MS))
