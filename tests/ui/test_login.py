#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Log in and read the dashboard, the way a person at the desk would.

Seeds a small demo store with the built binary, starts the app on it under
the X display of the test run, and drives it through AT-SPI (dogtail): types
into the Username and Password fields, clicks Log In, checks the sidebar holds
exactly the pages of the role and that the dashboard shows the store's own
figures (counted here with sqlite3, independently of the app), saves a
screenshot, logs out through the main menu, logs in as another role, and
checks that a wrong password is refused with a message.

Exit status 77 (skipped) only when there is no X display or no AT-SPI bus.
"""

import datetime
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zoneinfo

SKIP = 77
PASSWORD = 'demo'

# The sidebar each role must show, top to bottom (src/app/ax-pages.c).
# Extend it when a page is added.
EXPECTED_PAGES = {
    'billing': ['Dashboard', 'Calendar', 'Patients'],
    'frontdesk': ['Dashboard', 'Calendar', 'Patients'],
}


def skip(why):
    print(f'SKIP: {why}')
    sys.exit(SKIP)


def have_atspi_bus():
    """True when the session bus answers org.a11y.Bus.GetAddress."""
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        return False
    try:
        from gi.repository import Gio, GLib
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = bus.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                              None, GLib.VariantType('(s)'), Gio.DBusCallFlags.NONE, 5000, None)
        return bool(reply.unpack()[0])
    except Exception as e:  # no bus, or no a11y bus launcher on it
        print(f'AT-SPI bus: {e}')
        return False


if not os.environ.get('DISPLAY'):
    skip('no X display (run under xvfb-run)')
if not have_atspi_bus():
    skip('no AT-SPI bus (run inside dbus-run-session with at-spi-bus-launcher)')

BUILDDIR = os.environ.get('AX_BUILDDIR')
if not BUILDDIR:
    sys.exit('AX_BUILDDIR is not set (run through meson test)')
BINARY = os.path.join(BUILDDIR, 'src', 'app', 'aesthetix')

# dogtail: no GNOME accessibility setting to check, logs in the temp dir.
WORKDIR = tempfile.mkdtemp(prefix='ax-ui-login-')
from dogtail.config import config  # noqa: E402
config.checkForA11y = False
config.logDebugToFile = False
config.scratchDir = os.path.join(WORKDIR, 'scratch')
config.logDir = os.path.join(WORKDIR, 'logs')
config.searchCutoffCount = 40
import pyatspi  # noqa: E402
from dogtail import rawinput, tree  # noqa: E402


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f'ok - {message}')


def wait_for(what, probe, timeout=20.0, interval=0.25):
    """Polls probe() until it returns something true; fails after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
            if last:
                return last
        except Exception as e:  # the tree changes under us while loading
            last = e
        time.sleep(interval)
    raise Failure(f'timed out waiting for {what} (last: {last!r})')


def find(root, name, role=None):
    """The first node below root with that accessible name (and role)."""
    def match(node):
        return node.name == name and (role is None or node.roleName == role)
    return root.findChild(match, retry=False, requireResult=False)


# What the store says, counted here with SQL.

def store_figures(db_path, now_ms):
    con = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        clinic_id, tz_name = con.execute(
            'SELECT id, timezone FROM clinics WHERE deleted_at IS NULL '
            'ORDER BY created_at LIMIT 1').fetchone()
        tz = zoneinfo.ZoneInfo(tz_name)
        now = datetime.datetime.fromtimestamp(now_ms / 1000, tz)
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        day_end = day + datetime.timedelta(days=1)   # wall-clock arithmetic: DST-safe
        month = day.replace(day=1)
        next_month = (month + datetime.timedelta(days=32)).replace(day=1)

        def ms(dt):
            return int(dt.timestamp() * 1000)

        appointments = con.execute(
            "SELECT COUNT(*) FROM appointments WHERE clinic_id = ? AND start_at >= ? "
            "AND start_at < ? AND deleted_at IS NULL AND status NOT IN ('cancelled', 'no_show')",
            (clinic_id, ms(day), ms(day_end))).fetchone()[0]
        revenue = con.execute(
            "SELECT COALESCE(SUM(CASE kind WHEN 'credit_note' THEN -total ELSE total END), 0) "
            "FROM sales WHERE clinic_id = ? AND sold_at >= ? AND sold_at < ? "
            "AND status <> 'voided' AND deleted_at IS NULL",
            (clinic_id, ms(day), ms(day_end))).fetchone()[0]
        new_patients = con.execute(
            'SELECT COUNT(*) FROM patients WHERE clinic_id = ? AND created_at >= ? '
            'AND created_at < ? AND deleted_at IS NULL',
            (clinic_id, ms(month), ms(next_month))).fetchone()[0]
        sales = con.execute(
            'SELECT number FROM sales WHERE clinic_id = ? AND deleted_at IS NULL '
            'ORDER BY sold_at DESC LIMIT 8', (clinic_id,)).fetchall()
        users = dict(con.execute(
            'SELECT username, display_name FROM users WHERE deleted_at IS NULL').fetchall())
        return {
            'appointments': appointments,
            'revenue': revenue,
            'new_patients': new_patients,
            'latest_sales': [n for (n,) in sales],
            'users': users,
        }
    finally:
        con.close()


# Driving the app.

class Desk:
    def __init__(self, app):
        self.app = app

    def type_into(self, name, text):
        """Clicks into the named field, selects what it holds and types."""
        field = wait_for(f'the {name} field', lambda: find(self.app, name, 'text'))
        field.click()
        time.sleep(0.3)
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(text)
        time.sleep(0.2)

    def log_in(self, username, password):
        self.type_into('Username', username)
        self.type_into('Password', password)
        button = find(self.app, 'Log In', 'push button')
        wait_for('Log In to become clickable',
                 lambda: button.getState().contains(pyatspi.STATE_SENSITIVE))
        button.doActionNamed('click')

    def sidebar(self):
        return wait_for('the sidebar', lambda: find(self.app, 'Pages', 'list'))

    def sidebar_pages(self):
        """The rows of the sidebar, once there are any."""
        pages = self.sidebar()
        wait_for('sidebar rows', lambda: pages.childCount > 0)
        return [row.name for row in pages.children]

    def logged_out(self):
        return self.sidebar().childCount == 0

    def value(self, name, timeout=20.0):
        """The text of a named dashboard label once loaded (its description)."""
        node = wait_for(name, lambda: find(self.app, name))
        return wait_for(f'{name} to be filled', lambda: node.description, timeout)

    def shell_menu_item(self, item):
        """Opens the main menu of the shell (not the login page's) and clicks item."""
        node = self.sidebar()
        while node is not None and find(node, 'Main Menu') is None:
            node = node.parent
        check(node is not None, 'the shell has a main menu')
        menu_button = find(node, 'Main Menu')
        toggle = next(c for c in [menu_button] + list(menu_button.children)
                      if 'click' in c.actions)
        toggle.doActionNamed('click')
        entry = wait_for(f'the menu item {item}', lambda: find(self.app, item, 'menu item'))
        entry.doActionNamed('click')

    def login_error(self):
        node = wait_for('the login error', lambda: find(self.app, 'Login error'))
        return wait_for('a login error message', lambda: node.description)


def screenshot(path):
    result = subprocess.run(['import', '-window', 'root', path], capture_output=True, text=True)
    check(result.returncode == 0 and os.path.getsize(path) > 0,
          f'screenshot saved to {path} {result.stderr.strip()}')


def run_test(db_path, app_env, now_ms):
    app_process = subprocess.Popen([BINARY, '--db', db_path], env=app_env)
    try:
        def our_app():
            for candidate in tree.root.applications():
                try:
                    if candidate.get_process_id() == app_process.pid:
                        return candidate
                except Exception:
                    pass
            if app_process.poll() is not None:
                raise Failure(f'aesthetix exited with status {app_process.returncode}')
            return None

        app = wait_for('the aesthetix application on the AT-SPI bus', our_app, timeout=30)
        desk = Desk(app)
        figures = store_figures(db_path, now_ms)

        # Billing.
        desk.log_in('billing', PASSWORD)
        check(desk.sidebar_pages() == EXPECTED_PAGES['billing'],
              f"billing sees exactly {EXPECTED_PAGES['billing']} (got {desk.sidebar_pages()})")

        greeting = desk.value('Greeting')
        check(figures['users']['billing'] in greeting,
              f'the greeting names the user: {greeting!r}')

        shown = desk.value('Appointments today value')
        check(shown == str(figures['appointments']),
              f"appointments today: shown {shown}, store {figures['appointments']}")
        summary = desk.value('Appointments today summary')
        check(str(figures['appointments']) in summary or figures['appointments'] == 0,
              f'the greeting line counts them: {summary!r}')

        shown = desk.value('Revenue today value')
        digits = re.sub(r'\D', '', shown)
        check(digits != '' and int(digits) == figures['revenue'],
              f"revenue today: shown {shown}, store {figures['revenue']} minor units")

        shown = desk.value('New patients this month value')
        check(shown == str(figures['new_patients']),
              f"new patients this month: shown {shown}, store {figures['new_patients']}")

        sales = wait_for('the latest transactions', lambda: find(app, 'Latest transactions list'))
        check(len(figures['latest_sales']) > 0, 'the demo store has sales')
        rows = wait_for('transaction rows',
                        lambda: [c for c in sales.children if c.roleName == 'list item'])
        check(len(rows) == len(figures['latest_sales']),
              f"{len(figures['latest_sales'])} latest transactions listed (got {len(rows)})")
        check(figures['latest_sales'][0] in rows[0].description,
              f"the newest sale {figures['latest_sales'][0]} comes first: {rows[0].description!r}")

        time.sleep(0.5)  # let the last frame land
        screenshot(os.path.join(BUILDDIR, 'ui-dashboard-billing.png'))

        # Log out, then front desk.
        desk.shell_menu_item('Log Out')
        wait_for('the login page again', desk.logged_out)
        desk.log_in('frontdesk', PASSWORD)
        wait_for('the front desk shell', lambda: desk.sidebar_pages() == EXPECTED_PAGES['frontdesk'])
        check(True, f"frontdesk sees exactly {EXPECTED_PAGES['frontdesk']}")
        greeting = desk.value('Greeting')
        check(figures['users']['frontdesk'] in greeting,
              f'the greeting names the front desk user: {greeting!r}')

        # A wrong password is refused, with the model's message.
        desk.shell_menu_item('Switch User')
        wait_for('the login page again', desk.logged_out)
        desk.log_in('frontdesk', 'not-the-password')
        message = desk.login_error()
        check(re.search('wrong password', message, re.IGNORECASE) is not None,
              f'a wrong password is refused: {message!r}')
        check(desk.logged_out(), 'and nobody is logged in')
        check(app_process.poll() is None, 'the app is still running')
    finally:
        if app_process.poll() is None:
            app_process.send_signal(signal.SIGTERM)
            try:
                app_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app_process.kill()
                app_process.wait()


def main():
    db_path = os.path.join(WORKDIR, 'clinic.db')
    now_ms = int(time.time() * 1000)
    env = dict(os.environ)
    env.update({
        'AX_FAKE_NOW_MS': str(now_ms),   # one "today" for the seed, the app and the check
        'GSK_RENDERER': 'cairo',
        'GSETTINGS_BACKEND': 'memory',
        # The app's schema first, then whatever the caller has (system schemas, overrides).
        'GSETTINGS_SCHEMA_DIR': os.pathsep.join(
            d for d in (os.path.join(BUILDDIR, 'data'), os.environ.get('GSETTINGS_SCHEMA_DIR'))
            if d),
        'GTK_A11Y': 'atspi',
        'XDG_DATA_HOME': os.path.join(WORKDIR, 'data'),
        'XDG_CONFIG_HOME': os.path.join(WORKDIR, 'config'),
        'XDG_CACHE_HOME': os.path.join(WORKDIR, 'cache'),
        'LANGUAGE': 'en',
    })
    env.pop('NO_AT_BRIDGE', None)

    try:
        seed = subprocess.run([BINARY, '--db', db_path, '--seed-demo', '--patients', '200'],
                              env=env, capture_output=True, text=True, timeout=120)
        print(seed.stdout.strip(), seed.stderr.strip())
        check(seed.returncode == 0, 'the demo store is seeded')
        run_test(db_path, env, now_ms)
    except Failure as e:
        print(f'FAIL: {e}')
        return 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
    print('PASS')
    return 0


if __name__ == '__main__':
    sys.exit(main())
