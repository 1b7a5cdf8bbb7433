#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Find a patient and work on the record, the way the front desk would.

Seeds a demo store, starts the app under the test run's X display, logs in as
the front desk through AT-SPI (dogtail) and opens the Patients page:

  1. searches by a part of a patient's last name, then by digits of the phone,
     and finds the patient (chosen here with sqlite3, independently of the app);
  2. opens the record: the phone is masked (081-XXX-0101);
  3. reveals it with a reason: the full number shows and the audit log holds
     the reveal with the reason;
  4. records vitals: an implausible pulse is refused under its field, then the
     reading is saved and shown;
  5. saves a screenshot of the record as patients-record.png in the build dir;
  6. starts a new patient with the same phone: "This looks like an existing
     patient" lists the patient; Create Anyway registers the new one.

Exit status 77 (skipped) only when there is no X display or no AT-SPI bus.
"""

import os
import re
import sqlite3
import sys
import time

import axui
from axui import PASSWORD, Failure, check, find, find_all, screenshot, wait_for

axui.start('patients')
import pyatspi  # noqa: E402
from dogtail import rawinput  # noqa: E402

# Tuesday 10 March 2026, 10:30 in Bangkok.
NOW_MS = 1773113400000
REASON = 'Calling to confirm tomorrow'


def mask_phone(phone):
    """ax_mask_phone(): the first three and the last four digits."""
    digits = re.sub(r'\D', '', phone)
    if len(digits) < 8:
        return 'X' * (len(digits) - 2) + digits[-2:]
    return ('+' if phone.startswith('+') else '') + digits[:3] + '-' + 'X' * (len(digits) - 7) \
        + '-' + digits[-4:]


# The store, read with SQL.

class Store:
    def __init__(self, path):
        self.path = path

    def connect(self):
        return sqlite3.connect(f'file:{self.path}?mode=ro', uri=True)

    def query(self, sql, *args):
        con = self.connect()
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def a_patient(self):
        """A patient with a Latin last name, a Thai mobile and a date of birth,
        whose last name's middle and phone digits find nobody else."""
        rows = self.query(
            "SELECT id, patient_number, first_name, last_name, phone FROM patients "
            "WHERE deleted_at IS NULL AND phone LIKE '0%' AND birth_date IS NOT NULL "
            "AND length (last_name) >= 7 AND last_name GLOB '[A-Z]*' ORDER BY patient_number")
        for pid, number, first, last, phone in rows:
            part = last[2:6].lower()
            same = [r for r in rows if part in r[3].lower()]
            digits = re.sub(r'\D', '', phone)[3:]
            if len(same) == 1 and all(re.sub(r'\D', '', r[4])[3:] != digits for r in rows
                                      if r[0] != pid):
                return {'id': pid, 'number': number, 'first': first, 'last': last,
                        'phone': phone, 'part': part, 'digits': digits}
        raise Failure('the demo store has no patient for the test')


# Driving the app.

class Desk:
    def __init__(self, app):
        self.app = app

    def type_into(self, field, text):
        field.click()
        time.sleep(0.3)
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(text)
        time.sleep(0.2)

    def field(self, name, root=None):
        return wait_for(f'the {name} field', lambda: find(root or self.app, name, 'text'))

    def buttons(self, label):
        """The showing push buttons labelled label. GTK 4.8 names a button with a
        mnemonic by both forms of its label ("_Reveal Reveal")."""
        def match(node):
            return (node.roleName == 'push button'
                    and (node.name == label or node.name.endswith(' ' + label))
                    and node.getState().contains(pyatspi.STATE_VISIBLE))
        return find_all(self.app, match)

    def button(self, label):
        node = wait_for(f'the {label} button', lambda: (self.buttons(label) or [None])[0])
        wait_for(f'{label} to be clickable',
                 lambda: node.getState().contains(pyatspi.STATE_SENSITIVE))
        return node

    def log_in(self, username, password):
        axui.log_in(self.app, username, password)

    def results(self):
        return wait_for('the results list', lambda: find(self.app, 'Patients found', 'list'))

    def search(self, text, number):
        """Types text into the search and waits for a row of patient number."""
        # A GtkSearchEntry is a "search box", not a text field, to AT-SPI.
        entry = wait_for('the search entry', lambda: find(self.app, 'Search patients'))
        self.type_into(entry, text)
        results = self.results()

        def row():
            for child in results.children:
                if number in (child.description or ''):
                    return child
            return None
        return wait_for(f'{number} among the results of “{text}”', row)

    def detail(self, name, timeout=20.0):
        """The value a detail row of the record shows (its description)."""
        def value():
            for node in find_all(self.app, lambda n: n.name == name and n.description):
                return node.description
            return None
        return wait_for(f'the {name} row', value, timeout)


def run_test(db_path, app, app_process):
    store = Store(db_path)
    desk = Desk(app)
    patient = store.a_patient()
    print(f"# {patient['first']} {patient['last']} {patient['number']} {patient['phone']}")

    desk.log_in('frontdesk', PASSWORD)
    pages = wait_for('the sidebar', lambda: find(app, 'Pages', 'list'))
    wait_for('the front desk shell', lambda: [r.name for r in pages.children]
             == ['Dashboard', 'Calendar', 'Patients', 'Settings'])
    time.sleep(0.5)
    rawinput.keyCombo('<Alt>3')
    wait_for('the empty search', lambda: find(app, 'Find a Patient'))
    check(True, 'the Patients page opens on “Find a Patient”')

    # 1. By a part of the name, then by digits of the phone.
    row = desk.search(patient['part'], patient['number'])
    check(True, f"“{patient['part']}” finds {patient['first']} {patient['last']}")
    masked = mask_phone(patient['phone'])
    check(masked in row.description, f'the list shows the phone masked: {row.description!r}')
    row = desk.search(patient['digits'], patient['number'])
    check(True, f"the phone digits “{patient['digits']}” find {patient['number']}")

    # 2. The record, masked.
    row.click()
    name = wait_for('the record', lambda: (find(app, 'Patient name') or None)
                    and find(app, 'Patient name').description)
    check(name.startswith(f"{patient['first']} {patient['last']}"), f'the record of {name!r}')
    phone = desk.detail('Phone')
    check(phone == masked, f'the phone is masked for the front desk: {phone!r}')
    banner = wait_for('the allergy banner', lambda: find(app, 'Allergy banner').description)
    check(banner == 'No known allergies' or banner.startswith('Allergies: '),
          f'the allergy banner says {banner!r}')

    # 3. Reveal, with a reason: shown, and audited.
    desk.button('Reveal Phone').doActionNamed('click')
    reveal = wait_for('the dialog\'s Reveal', lambda: (desk.buttons('Reveal') or [None])[0])
    check(not reveal.getState().contains(pyatspi.STATE_SENSITIVE),
          'Reveal asks for a reason first')
    desk.type_into(desk.field('Reason'), REASON)
    desk.button('Reveal').doActionNamed('click')
    wait_for('the full number', lambda: desk.detail('Phone') == patient['phone'])
    check(True, f"the phone is shown in full after the reveal: {patient['phone']}")
    audited = store.query("SELECT u.username, json_extract (a.detail_json, '$.reason') "
                          "FROM audit_log a JOIN users u ON u.id = a.user_id "
                          "WHERE a.action = 'reveal' AND a.subject_id = ?", patient['id'])
    check(audited == [('frontdesk', REASON)], f'the reveal is in the audit log: {audited}')

    # 4. Vitals: refused under the field, then saved.
    vitals_before = store.query('SELECT COUNT (*) FROM vitals')
    ids_before = {row[0] for row in store.query('SELECT id FROM vitals')}
    desk.button('Record Vitals…').doActionNamed('click')
    form = wait_for('the vitals form', lambda: find(app, 'Pulse (beats a minute)', 'text'))
    desk.type_into(form, '300')
    rawinput.pressKey('Return')
    error = wait_for('the pulse error', lambda: [n.name for n in find_all(
        app, lambda n: 'pulse of 300' in (n.name or ''))])
    check(True, f'an implausible pulse is refused under its field: {error[0]!r}')
    check(store.query('SELECT COUNT (*) FROM vitals') == vitals_before, 'and nothing is written')
    desk.type_into(form, '72')
    desk.type_into(desk.field('Blood pressure, systolic (mmHg)'), '118')
    desk.type_into(desk.field('Blood pressure, diastolic (mmHg)'), '76')
    desk.type_into(desk.field('Temperature (°C)'), '36.8')
    rawinput.pressKey('Return')
    wait_for('the vitals stored', lambda: [row[1:] for row in store.query(
        'SELECT id, pulse_bpm, bp_systolic, bp_diastolic, temp_dc FROM vitals '
        'WHERE patient_id = ?', patient['id']) if row[0] not in ids_before]
        == [(72, 118, 76, 368)])
    check(store.query('SELECT COUNT (*) FROM vitals')[0][0] == vitals_before[0][0] + 1,
          'exactly one vitals row is written')
    check(True, 'the vitals are stored: 72 bpm, 118/76 mmHg, 36.8 °C')
    shown = desk.detail('Pulse')
    check(shown.startswith('72 bpm'), f'the record shows the pulse: {shown!r}')
    shown = desk.detail('Blood pressure')
    check(shown.startswith('118/76 mmHg'), f'and the blood pressure: {shown!r}')

    # 5. The record, looked at.
    time.sleep(1.0)  # let the toast and the last frame land
    screenshot(os.path.join(axui.BUILDDIR, 'patients-record.png'))

    # 6. A new patient with the same phone: the look-alike warning.
    before = store.query('SELECT COUNT (*) FROM patients')[0][0]
    rawinput.keyCombo('<Control>n')
    first = desk.field('First name')
    desk.type_into(first, 'Test')
    desk.type_into(desk.field('Last name'), 'Lookalike')
    phone_field = wait_for('the form\'s phone field', lambda: [
        n for n in find_all(app, lambda n: n.name == 'Phone' and n.roleName == 'text')])[0]
    desk.type_into(phone_field, patient['phone'])
    rawinput.pressKey('Return')
    wait_for('the look-alike warning',
             lambda: find(app, 'This looks like an existing patient'))
    listed = wait_for('the existing patient listed', lambda: find(app, 'Existing patients'))
    names = [c.name for c in listed.children] + [c.description for c in listed.children]
    check(any(patient['number'] in (n or '') for n in names),
          f"the warning lists {patient['number']}: {names}")
    desk.button('Create Anyway').doActionNamed('click')
    wait_for('the new patient', lambda: store.query(
        'SELECT COUNT (*) FROM patients')[0][0] == before + 1)
    same = store.query('SELECT first_name FROM patients WHERE phone = ? ORDER BY created_at',
                       patient['phone'])
    check(same[-1] == ('Test',), f'Create Anyway registers the new patient: {same}')
    wait_for('the new record', lambda: (find(app, 'Patient name').description or '')
             .startswith('Test Lookalike'))
    check(True, 'and opens the new record')


if __name__ == '__main__':
    sys.exit(axui.run(run_test, NOW_MS))
