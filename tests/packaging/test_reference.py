"""Without the reference data (tests/REFERENCE.md) its tests are skipped with one line naming what
is missing, and make check still passes; LATTICEDNS_REQUIRE_REFERENCE=1 (CI) makes it a failure."""
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
REFERENCE = os.environ.get('LATTICEDNS_REFERENCE') or os.path.join(ROOT, '..', 'shared', 'reference')


def run_sh(*args, require=False):
    """tests/run.sh in a scratch build directory: (exit code, output)."""
    b = tempfile.mkdtemp(prefix='lat-ref-')
    env = dict(os.environ, B=b)
    env.pop('LATTICEDNS_REQUIRE_REFERENCE', None)
    if require:
        env['LATTICEDNS_REQUIRE_REFERENCE'] = '1'
    out = ''
    for a in args:
        p = subprocess.run(['sh', 'tests/run.sh'] + list(a), cwd=ROOT, env=env, capture_output=True, text=True)
        out += p.stdout + p.stderr
    # The summary of what was recorded, as make check ends.
    with open(os.path.join(b, 'test-results'), 'a') as f:
        f.write('placeholder 1 0\n')
    p = subprocess.run(['sh', 'tests/run.sh', 'summary'], cwd=ROOT, env=env, capture_output=True, text=True)
    subprocess.run(['rm', '-rf', b])
    return p.returncode, out + p.stdout


class MissingReference(unittest.TestCase):
    def test_one_line_names_what_is_missing_and_the_run_passes(self):
        code, out = run_sh(['reference', '/nonexistent/reference'],
                           ['sigv4', '/nonexistent/reference/sigv4-testsuite/v4'])
        self.assertEqual(code, 0, out)
        lines = [l for l in out.splitlines() if l.startswith('reference ')]
        self.assertEqual(len(lines), 1, out)
        for text in ('skipped: missing in /nonexistent/reference:', 'sigv4-testsuite/v4',
                     'SigV4 test suite of aws-c-auth at 495329c2', 'aws-models',
                     'botocore models at 0e6e2404', 'tests/REFERENCE.md', 'LATTICEDNS_REFERENCE=DIR'):
            self.assertIn(text, lines[0])
        self.assertRegex(out, r'sigv4-suite\s+skipped')
        self.assertIn('1 passed, 0 failed', out)

    def test_ci_requires_it(self):
        code, out = run_sh(['reference', '/nonexistent/reference'],
                           ['sigv4', '/nonexistent/reference/sigv4-testsuite/v4'], require=True)
        self.assertEqual(code, 1, out)
        self.assertIn('FAILED: missing in /nonexistent/reference', out)
        self.assertRegex(out, r'sigv4-suite\s+0 passed, 1 failed')
        self.assertIn('1 passed, 2 failed', out)

    def model_tests(self, require):
        env = dict(os.environ, LATTICEDNS_REFERENCE='/nonexistent/reference')
        env.pop('LATTICEDNS_MODELS', None)
        env.pop('LATTICEDNS_REQUIRE_REFERENCE', None)
        if require:
            env['LATTICEDNS_REQUIRE_REFERENCE'] = '1'
        return subprocess.run([sys.executable, '-m', 'unittest', '-v', 'test_models'],
                              cwd=os.path.join(ROOT, 'tests', 'awsim'), env=env, capture_output=True, text=True)

    def test_model_tests_are_skipped_naming_the_models(self):
        p = self.model_tests(False)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("skipped 'no botocore models at /nonexistent/reference/aws-models "
                      "(boto/botocore botocore/data at 0e6e2404b85d", p.stderr)
        self.assertRegex(p.stderr, r'OK \(skipped=\d+\)')

    def test_model_tests_fail_when_required(self):
        p = self.model_tests(True)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn('LATTICEDNS_REQUIRE_REFERENCE=1 makes that a failure', p.stderr)


@unittest.skipUnless(os.path.isdir(REFERENCE), 'no reference data at %s' % REFERENCE)
class PresentReference(unittest.TestCase):
    def test_nothing_is_skipped(self):
        code, out = run_sh(['reference', REFERENCE])
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r'reference\s+%s\n' % REFERENCE.replace('.', r'\.'))
        self.assertNotIn('skipped', out)


if __name__ == '__main__':
    unittest.main()
