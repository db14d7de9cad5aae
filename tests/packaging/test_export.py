"""packaging/build.sh (the container's build stage) in a clean `git archive` export of this tree:
it builds, runs the unit tests and prints the version with the exported commit; nothing it
builds can reach a container build context (.dockerignore); the Dockerfile uses it.

LATTICEDNS_SLOW=1 also runs the whole `make check` in the export without the reference data,
as a fresh clone without ../shared would (about 1.5 minutes more)."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def git(*args):
    return subprocess.run(['git', '-C', ROOT] + list(args), capture_output=True, text=True)


def is_checkout():
    top = git('rev-parse', '--show-toplevel')
    return top.returncode == 0 and os.path.realpath(top.stdout.strip()) == os.path.realpath(ROOT)


def clean_env():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith('MAKE') and k not in ('MFLAGS', 'B', 'LATTICEDNS_BIN', 'LATTICEDNS_COMMIT')}
    env['JOBS'] = '2'    # the machine is shared: never more
    return env


def files_under(root):
    out = set()
    for d, dirs, fs in os.walk(root):
        for name in fs + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            out.add(os.path.relpath(os.path.join(d, name), root))
    return out


def docker_pattern(pat):
    """A .dockerignore line as Docker reads it: anchored at the context root, `*` within one
    path element, `**` across any number of them."""
    pat = pat.strip().strip('/')
    rx, i = '', 0
    while i < len(pat):
        if pat.startswith('**/', i):
            rx, i = rx + '(?:.*/)?', i + 3
        elif pat.startswith('**', i):
            rx, i = rx + '.*', i + 2
        elif pat[i] == '*':
            rx, i = rx + '[^/]*', i + 1
        elif pat[i] == '?':
            rx, i = rx + '[^/]', i + 1
        else:
            rx, i = rx + re.escape(pat[i]), i + 1
    return re.compile(rx + r'\Z')


def ignored(path, patterns):
    """Whether a pattern excludes path or one of its parent directories."""
    parts = path.split('/')
    prefixes = ['/'.join(parts[:i]) for i in range(1, len(parts) + 1)]
    return any(docker_pattern(p).match(x) for p in patterns for x in prefixes)


def export():
    """A clean export of the tracked files as they are now (committed or not): (commit, dir).
    Untracked files are left out, as a clone would leave them out."""
    commit = git('stash', 'create').stdout.strip() or git('rev-parse', 'HEAD').stdout.strip()
    d = tempfile.mkdtemp(prefix='lat-export-')
    arch = subprocess.run('git -C "%s" archive %s | tar -x -C "%s"' % (ROOT, commit, d),
                          shell=True, capture_output=True, text=True)
    assert arch.returncode == 0, arch.stderr
    return commit, d


def dockerignore(d):
    with open(os.path.join(d, '.dockerignore')) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]


@unittest.skipUnless(is_checkout(), 'not a git checkout: nothing to export')
class Export(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.commit, cls.dir = export()
        cls.before = files_under(cls.dir)
        cls.build = subprocess.run(['sh', 'packaging/build.sh'], cwd=cls.dir, env=clean_env(),
                                   capture_output=True, text=True, timeout=900)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, True)

    def test_build_sh_builds_tests_and_names_the_exported_commit(self):
        b = self.build
        self.assertEqual(b.returncode, 0, b.stdout[-3000:] + b.stderr[-3000:])
        self.assertRegex(b.stdout, r'\n[1-9]\d* passed, 0 failed\n')
        with open(os.path.join(ROOT, 'VERSION')) as f:
            version = f.read().strip()
        self.assertEqual(b.stdout.splitlines()[-1], 'latticedns %s (commit %s)' % (version, self.commit[:12]))
        self.assertFalse(os.path.exists(os.path.join(self.dir, '.git')))

    def test_nothing_the_build_wrote_reaches_a_docker_context(self):
        patterns = dockerignore(self.dir)
        made = files_under(self.dir) - self.before
        self.assertIn('latticedns', made)
        leaked = sorted(p for p in made if not ignored(p, patterns))
        self.assertEqual(leaked, [], 'packaging/build.sh wrote files .dockerignore lets into the image context')
        kept = sorted(p for p in self.before if ignored(p, patterns))
        self.assertEqual(kept, [], '.dockerignore drops source files')

    def test_the_dockerfile_builds_with_build_sh_and_runs_unprivileged(self):
        with open(os.path.join(self.dir, 'packaging', 'Dockerfile')) as f:
            stages = re.split(r'^FROM ', f.read(), flags=re.M)[1:]
        self.assertEqual(len(stages), 2)
        self.assertTrue(all(s.startswith('debian:12') for s in stages), stages)
        self.assertRegex(stages[0], r'\nRUN sh packaging/build.sh\b')
        self.assertRegex(stages[0], r'\nCOPY \. \.\n')
        user = re.findall(r'^USER (\S+)', stages[1], re.M)
        self.assertEqual(len(user), 1)
        self.assertNotIn(user[0].split(':')[0], ('0', 'root'))
        self.assertIn('COPY --from=build /src/latticedns /usr/bin/latticedns', stages[1])

    @unittest.skipUnless(shutil.which('readelf') and shutil.which('dpkg'), 'needs readelf and dpkg')
    def test_the_image_installs_every_library_the_binary_links(self):
        # The runtime stage lists its packages by hand: a new library must be added there too.
        with open(os.path.join(self.dir, 'packaging', 'Dockerfile')) as f:
            runtime = re.split(r'^FROM ', f.read(), flags=re.M)[2]
        listed = set(re.search(r'apt-get install -y --no-install-recommends(.*?)&&', runtime, re.S).group(1)
                     .replace('\\', ' ').split())
        elf = subprocess.run(['readelf', '-d', os.path.join(self.dir, 'latticedns')], capture_output=True,
                             text=True).stdout
        missing = []
        for soname in re.findall(r'Shared library: \[(.+?)\]', elf):
            owners = subprocess.run(['dpkg', '-S', '*/' + soname], capture_output=True, text=True).stdout
            pkgs = {l.split(':')[0] for l in owners.splitlines() if ':' in l}
            # libc6: dpkg itself needs it, so every Debian image has it.
            if not pkgs & (listed | {'libc6'}):
                missing.append('%s (%s)' % (soname, ', '.join(sorted(pkgs)) or 'no package'))
        self.assertEqual(missing, [], 'packaging/Dockerfile\'s runtime stage does not install the package of')

    @unittest.skipUnless(os.environ.get('LATTICEDNS_SLOW') == '1', 'slow: LATTICEDNS_SLOW=1 runs make check in an export')
    def test_make_check_passes_without_the_reference_data(self):
        # Its own export: what make check writes is checked against .dockerignore too.
        _, d = export()
        self.addCleanup(shutil.rmtree, d, True)
        before = files_under(d)
        env = clean_env()
        env.pop('LATTICEDNS_REFERENCE', None)
        env.pop('LATTICEDNS_REQUIRE_REFERENCE', None)
        p = subprocess.run(['make', '--no-print-directory', 'check', 'SHARED=/nonexistent/shared'], cwd=d,
                           env=env, capture_output=True, text=True, timeout=1800)
        self.assertEqual(p.returncode, 0, p.stdout[-4000:] + p.stderr[-2000:])
        self.assertRegex(p.stdout, r'reference\s+skipped: missing in /nonexistent/shared/reference')
        self.assertRegex(p.stdout, r'sigv4-suite\s+skipped')
        self.assertRegex(p.stdout, r'\n\d+ passed, 0 failed\n$')
        leaked = sorted(x for x in files_under(d) - before if not ignored(x, dockerignore(d)))
        self.assertEqual(leaked, [], 'make check wrote files .dockerignore lets into the image context')


if __name__ == '__main__':
    unittest.main()
