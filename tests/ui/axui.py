# SPDX-License-Identifier: GPL-3.0-or-later
"""What every AT-SPI test of the app shares: the checks that decide whether
it can run at all (exit 77 when not), dogtail's setup, a seeded demo store,
the app started on it and found on the accessibility bus, and small helpers.

A test calls start() first (before importing dogtail or pyatspi), then
run(its_test, …), which seeds the store, starts the app and calls
its_test(db_path, app, process), and stops the app whatever happens.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
PASSWORD = 'demo'

BUILDDIR = None
BINARY = None
WORKDIR = None


class Failure(Exception):
    pass


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


def start(name, need_xdotool=False):
    """Skips (77) without a display or an AT-SPI bus (or xdotool when asked
    for), finds the built app, and sets dogtail up in a temporary directory."""
    global BUILDDIR, BINARY, WORKDIR

    if not os.environ.get('DISPLAY'):
        skip('no X display (run under xvfb-run)')
    if not have_atspi_bus():
        skip('no AT-SPI bus (run inside dbus-run-session with at-spi-bus-launcher)')
    if need_xdotool and shutil.which('xdotool') is None:
        skip('no xdotool')
    BUILDDIR = os.environ.get('AX_BUILDDIR')
    if not BUILDDIR:
        sys.exit('AX_BUILDDIR is not set (run through meson test)')
    BINARY = os.path.join(BUILDDIR, 'src', 'app', 'aesthetix')

    # dogtail: no GNOME accessibility setting to check, logs in the temp dir.
    WORKDIR = tempfile.mkdtemp(prefix=f'ax-ui-{name}-')
    from dogtail.config import config
    config.checkForA11y = False
    config.logDebugToFile = False
    config.scratchDir = os.path.join(WORKDIR, 'scratch')
    config.logDir = os.path.join(WORKDIR, 'logs')
    config.searchCutoffCount = 40


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


def find_all(root, predicate):
    return root.findChildren(predicate, recursive=True)


def screenshot(path):
    result = subprocess.run(['import', '-window', 'root', path], capture_output=True, text=True)
    check(result.returncode == 0 and os.path.getsize(path) > 0,
          f'screenshot saved to {path} {result.stderr.strip()}')


def app_env(now_ms):
    """The app's environment: one fixed "today", cairo, in-memory settings with
    the app's schema first, the accessibility bridge on, private XDG dirs."""
    env = dict(os.environ)
    env.update({
        'AX_FAKE_NOW_MS': str(now_ms),
        'GSK_RENDERER': 'cairo',
        'GSETTINGS_BACKEND': 'memory',
        'GSETTINGS_SCHEMA_DIR': os.pathsep.join(
            d for d in (os.path.join(BUILDDIR, 'data'), os.environ.get('GSETTINGS_SCHEMA_DIR'))
            if d),
        'GTK_A11Y': 'atspi',
        'XDG_DATA_HOME': os.path.join(WORKDIR, 'data'),
        'XDG_CONFIG_HOME': os.path.join(WORKDIR, 'config'),
        'XDG_CACHE_HOME': os.path.join(WORKDIR, 'cache'),
        'LANGUAGE': 'en',
        # Prints are written there as PDFs instead of opening the dialog.
        'AX_PRINT_EXPORT_DIR': os.path.join(WORKDIR, 'prints'),
    })
    env.pop('NO_AT_BRIDGE', None)
    return env


def find_app(process):
    """The app's node on the AT-SPI bus, by its process id."""
    from dogtail import tree

    def ours():
        for candidate in tree.root.applications():
            try:
                if candidate.get_process_id() == process.pid:
                    return candidate
            except Exception:
                pass
        if process.poll() is not None:
            raise Failure(f'aesthetix exited with status {process.returncode}')
        return None
    return wait_for('the aesthetix application on the AT-SPI bus', ours, timeout=30)


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_in(app, username, password=PASSWORD):
    """Types into the Username and Password fields and clicks Log In."""
    import pyatspi
    from dogtail import rawinput

    for name, text in (('Username', username), ('Password', password)):
        field = wait_for(f'the {name} field', lambda n=name: find(app, n, 'text'))
        field.click()
        time.sleep(0.3)
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(text)
        time.sleep(0.2)
    button = find(app, 'Log In', 'push button')
    wait_for('Log In to become clickable',
             lambda: button.getState().contains(pyatspi.STATE_SENSITIVE))
    button.doActionNamed('click')


def run(test, now_ms, patients=200):
    """Seeds a demo store, starts the app on it, runs test(db_path, app,
    process) and stops the app; returns the exit status (PASS 0, FAIL 1)."""
    db_path = os.path.join(WORKDIR, 'clinic.db')
    env = app_env(now_ms)
    try:
        seed = subprocess.run([BINARY, '--db', db_path, '--seed-demo', '--patients', str(patients)],
                              env=env, capture_output=True, text=True, timeout=120)
        print(seed.stdout.strip(), seed.stderr.strip())
        check(seed.returncode == 0, 'the demo store is seeded')
        process = subprocess.Popen([BINARY, '--db', db_path], env=env)
        try:
            test(db_path, find_app(process), process)
            check(process.poll() is None, 'the app is still running')
        finally:
            stop(process)
    except Failure as e:
        print(f'FAIL: {e}')
        return 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
    print('PASS')
    return 0
