"""make install / uninstall with PREFIX and DESTDIR, and the installed systemd unit verified by
systemd-analyze (its man pages found where they were installed)."""
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FILES = ('bin/latticedns', 'share/man/man8/latticedns.8', 'share/man/man5/latticedns.yaml.5',
         'lib/systemd/system/latticedns.service', 'share/latticedns/latticedns.yaml.example',
         'share/latticedns/latticedns.single-account.yaml.example', 'share/doc/latticedns/README.md',
         'share/doc/latticedns/MIGRATION.md', 'share/doc/latticedns/LICENSE', 'share/doc/latticedns/NOTICE',
         'share/doc/latticedns/CHANGELOG.md', 'share/doc/latticedns/ARCHITECTURE.md')


def make(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith('MAKE') and k != 'MFLAGS'}
    p = subprocess.run(['make', '-s', '--no-print-directory'] + list(args), cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, 'make %s: %s%s' % (' '.join(args), p.stdout, p.stderr)
    return p


def installed(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)


@unittest.skipUnless(os.path.exists(os.path.join(ROOT, 'latticedns')), 'no ./latticedns: run make first')
class Install(unittest.TestCase):
    def setUp(self):
        self.d = tempfile.mkdtemp(prefix='lat-install-')
        self.addCleanup(shutil.rmtree, self.d, True)

    def unit(self, root, prefix):
        with open(os.path.join(root + prefix, 'lib/systemd/system/latticedns.service')) as f:
            return f.read()

    def test_destdir_stages_files_that_name_the_prefix(self):
        make('_install', 'DESTDIR=' + self.d, 'PREFIX=/usr')
        self.assertEqual(installed(self.d), sorted('usr/' + f for f in FILES))
        self.assertEqual(os.stat(os.path.join(self.d, 'usr/bin/latticedns')).st_mode & 0o777, 0o755)
        p = subprocess.run([os.path.join(self.d, 'usr/bin/latticedns'), '--version'], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout, r'^latticedns \S+ \(commit \S+\)$')
        unit = self.unit(self.d, '/usr')
        self.assertIn('\nExecStart=/usr/bin/latticedns -c /etc/latticedns/latticedns.yaml\n', unit)
        self.assertIn('\nExecStartPre=/usr/bin/latticedns --check-config -c /etc/latticedns/latticedns.yaml\n', unit)
        self.assertIn('Documentation=man:latticedns(8) man:latticedns.yaml(5) '
                      'file:///usr/share/doc/latticedns/README.md\n', unit)
        for rel in installed(self.d):
            with open(os.path.join(self.d, rel), 'rb') as f:
                self.assertNotIn(self.d.encode(), f.read(), rel + ' names the staging directory')

    def test_prefix_moves_every_path(self):
        make('_install', 'DESTDIR=' + self.d, 'PREFIX=/opt/ld', 'SYSCONFDIR=/etc/opt/ld')
        self.assertEqual(installed(self.d), sorted('opt/ld/' + f for f in FILES))
        unit = self.unit(self.d, '/opt/ld')
        self.assertIn('\nExecStart=/opt/ld/bin/latticedns -c /etc/opt/ld/latticedns/latticedns.yaml\n', unit)
        self.assertIn('file:///opt/ld/share/doc/latticedns/README.md', unit)
        self.assertNotIn('/usr/bin/latticedns', unit)

    def test_uninstall_removes_what_install_wrote(self):
        make('_install', 'DESTDIR=' + self.d)
        keep = os.path.join(self.d, 'usr/local/share/latticedns/mine.yaml')   # not ours: stays
        with open(keep, 'w') as f:
            f.write('zones: []\n')
        make('uninstall', 'DESTDIR=' + self.d)
        self.assertEqual(installed(self.d), ['usr/local/share/latticedns/mine.yaml'])


def verify(unit, manpath):
    p = subprocess.run(['systemd-analyze', 'verify', unit], capture_output=True, text=True,
                       env=dict(os.environ, MANPATH=manpath), timeout=60)
    return p.returncode, (p.stdout + p.stderr).strip()


@unittest.skipUnless(shutil.which('systemd-analyze'), 'systemd-analyze is not installed (Debian package systemd)')
@unittest.skipUnless(os.path.exists(os.path.join(ROOT, 'latticedns')), 'no ./latticedns: run make first')
class SystemdVerify(unittest.TestCase):
    def setUp(self):
        self.d = tempfile.mkdtemp(prefix='lat-unit-')
        self.addCleanup(shutil.rmtree, self.d, True)

    def test_installed_unit_verifies(self):
        # Installed where it runs from (PREFIX inside the temp dir): the unit as written, unchanged.
        prefix = os.path.join(self.d, 'usr')
        make('_install', 'PREFIX=' + prefix)
        unit = os.path.join(prefix, 'lib/systemd/system/latticedns.service')
        code, out = verify(unit, os.path.join(prefix, 'share/man'))
        self.assertEqual((code, out), (0, ''))

    def test_unit_staged_in_destdir_verifies(self):
        # systemd-analyze --root wants a whole OS (sysinit.target, /bin/kill) that a DESTDIR is
        # not: the staged unit is verified with its PREFIX paths pointed into the DESTDIR.
        make('_install', 'DESTDIR=' + self.d, 'PREFIX=/usr/local')
        with open(os.path.join(self.d, 'usr/local/lib/systemd/system/latticedns.service')) as f:
            text = f.read().replace('/usr/local/', self.d + '/usr/local/')
        unit = os.path.join(self.d, 'latticedns.service')
        with open(unit, 'w') as f:
            f.write(text)
        code, out = verify(unit, os.path.join(self.d, 'usr/local/share/man'))
        self.assertEqual((code, out), (0, ''))

    def test_verify_fails_without_the_man_pages(self):
        # What the two tests above would report if install left the pages out.
        make('_install', 'PREFIX=' + os.path.join(self.d, 'usr'))
        code, out = verify(os.path.join(self.d, 'usr/lib/systemd/system/latticedns.service'), '/nonexistent')
        self.assertNotEqual(code, 0)
        self.assertIn("man latticedns(8)", out)


if __name__ == '__main__':
    unittest.main()
