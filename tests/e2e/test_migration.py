"""docs/MIGRATION.md, run: every console block's commands against awsim, compared with what the
guide says they print. LATTICEDNS_UPDATE_GUIDE=1 rewrites the outputs in the guide instead.

Markers in the guide: `<!-- guide-env -->` before the block of `export` lines (applied here, with
awsim's real address), `<!-- guide-run: SCENARIO -->` (a fresh awsim with that scenario and a
fresh directory holding examples/migration/latticedns.yaml) or `<!-- guide-continue -->` (the
same ones) before each ```console block."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, ROOT, launch

GUIDE = os.path.join(ROOT, 'docs', 'MIGRATION.md')
CONFIG = os.path.join(ROOT, 'examples', 'migration', 'latticedns.yaml')
MARK = re.compile(r'^<!-- guide-(env|run|continue)(?:: (\S+))? -->\n```(\w+)\n(.*?)^```\n', re.M | re.S)


def parse_console(body):
    """[(command, expected output)] of a console block."""
    steps = []
    for line in body.splitlines(keepends=True):
        if line.startswith('$ '):
            steps.append([line[2:].rstrip('\n'), ''])
        else:
            steps[-1][1] += line
    return steps


def without_comments(text):
    return [l.split('#')[0].rstrip().replace('  ', ' ') for l in text.splitlines()
            if l.split('#')[0].strip()]


class Guide(unittest.TestCase):
    def setUp(self):
        with open(GUIDE) as f:
            self.text = f.read()
        self.blocks = list(MARK.finditer(self.text))
        self.tmp = tempfile.mkdtemp(prefix='latticedns-guide-')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.bin = os.path.join(self.tmp, 'bin')
        os.mkdir(self.bin)
        os.symlink(os.path.abspath(BIN), os.path.join(self.bin, 'latticedns'))
        self.sim = None

    def tearDown(self):
        if self.sim:
            self.sim.stop()

    def guide_env(self):
        env_blocks = [b for b in self.blocks if b.group(1) == 'env']
        self.assertEqual(len(env_blocks), 1, 'one <!-- guide-env --> block')
        exports = dict(re.findall(r'^export (\w+)=(\S+)$', env_blocks[0].group(4), re.M))
        for name in ('AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'):
            self.assertIn(name, exports)
        self.assertIn('--scenario examples/migration/pipeline.json', env_blocks[0].group(4))
        return exports

    def start(self, scenario):
        if self.sim:
            self.sim.stop()
        work = tempfile.mkdtemp(dir=self.tmp)
        self.sim = launch.Process(work, os.path.join(ROOT, scenario))
        self.cwd = os.path.join(work, 'migration')
        os.mkdir(self.cwd)
        shutil.copy(CONFIG, self.cwd)

    def run_step(self, exports, command):
        env = {'PATH': self.bin + ':' + os.environ.get('PATH', '/usr/bin:/bin'), 'HOME': self.tmp,
               'ASAN_OPTIONS': 'detect_leaks=1:abort_on_error=0', 'UBSAN_OPTIONS': 'halt_on_error=1'}
        env.update({k: v for k, v in exports.items() if k != 'PATH'})
        env['AWS_ENDPOINT_URL'] = self.sim.url            # the guide says 127.0.0.1:4566
        p = subprocess.run(['sh', '-c', command], cwd=self.cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=120)
        self.assertNotIn(exports['AWS_SECRET_ACCESS_KEY'], p.stdout)
        self.assertNotIn('AddressSanitizer', p.stdout)
        return p.stdout

    def test_the_guide_prints_what_it_says(self):
        exports = self.guide_env()
        consoles = [b for b in self.blocks if b.group(1) != 'env']
        self.assertEqual(len(consoles), self.text.count('```console'), 'a console block without a guide marker')
        self.assertEqual(consoles[0].group(1), 'run')
        update = os.environ.get('LATTICEDNS_UPDATE_GUIDE') == '1'
        new_text, last, ran = '', 0, 0
        for b in consoles:
            self.assertEqual(b.group(3), 'console')
            if b.group(1) == 'run':
                self.start(b.group(2))
            body = ''
            for command, expected in parse_console(b.group(4)):
                # The seconds since the zone's full read vary from run to run; the guide shows 0.
                got = re.sub(r'(stored view of age \d+ cycles?), \d+ s ', r'\1, 0 s ', self.run_step(exports, command))
                ran += 1
                if not update:
                    self.assertEqual(got, expected, 'docs/MIGRATION.md: `%s` (after <!-- guide-%s %s -->)'
                                     % (command, b.group(1), b.group(2) or ''))
                body += '$ ' + command + '\n' + got
            new_text += self.text[last:b.start(4)] + body
            last = b.end(4)
        self.assertGreaterEqual(ran, 10)
        if update:
            with open(GUIDE, 'w') as f:
                f.write(new_text + self.text[last:])

    def test_the_config_shown_is_the_one_run(self):
        shown = re.search(r'`examples/migration/latticedns.yaml`:\n\n```yaml\n(.*?)```', self.text, re.S)
        self.assertIsNotNone(shown)
        with open(CONFIG) as f:
            self.assertEqual(without_comments(shown.group(1)), without_comments(f.read()))


if __name__ == '__main__':
    unittest.main()
