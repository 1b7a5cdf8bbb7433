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
import sqlite3
import sys
import time
import zoneinfo

import axui
from axui import PASSWORD, check, find, screenshot, wait_for

axui.start('login')


# One "today" for the seed, the app and the check.
NOW_MS = int(time.time() * 1000)

# The sidebar each role must show, top to bottom (src/app/ax-pages.c).
# Extend it when a page is added.
EXPECTED_PAGES = {
    'billing': ['Dashboard', 'Calendar', 'Patients', 'Till', 'Sales', 'Inventory', 'Settings'],
    'frontdesk': ['Dashboard', 'Calendar', 'Patients', 'Settings'],
}


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

    def log_in(self, username, password):
        axui.log_in(self.app, username, password)

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


def run_test(db_path, app, app_process):
    desk = Desk(app)
    figures = store_figures(db_path, NOW_MS)

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
    screenshot(os.path.join(axui.BUILDDIR, 'ui-dashboard-billing.png'))

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


if __name__ == '__main__':
    sys.exit(axui.run(run_test, NOW_MS))
