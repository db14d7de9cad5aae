"""The man pages: mdoc that `mandoc -Tlint` passes, and every flag of --help and every key of
schemas/config.schema.json documented (and nothing documented that does not exist).

When a flag, a subcommand or a key is added, these tests fail naming it and the page to edit."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('LATTICEDNS_BIN', os.path.join(ROOT, 'latticedns'))
MAN8 = os.path.join(ROOT, 'docs', 'man', 'latticedns.8')
MAN5 = os.path.join(ROOT, 'docs', 'man', 'latticedns.yaml.5')
SCHEMA = os.path.join(ROOT, 'schemas', 'config.schema.json')


def read(path):
    with open(path) as f:
        return f.read()


def help_text():
    p = subprocess.run([BIN, '--help'], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    return p.stdout


def help_flags(text):
    """Every -x and --long-name --help mentions."""
    return set(re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])', text))


def help_commands(text):
    """Subcommands: a usage line "latticedns WORD ..." whose WORD is not a flag."""
    return {m.group(1) for m in re.finditer(r'^(?:usage:)?\s*latticedns ([a-z][a-z-]*)\b', text, re.M)}


def man_items(page, macro):
    """The arguments of `.It` lines: flags (Fl) or names (Ic, Cm) they introduce."""
    found = set()
    for line in read(page).splitlines():
        if not line.startswith('.It '):
            continue
        for m in re.finditer(r'\b%s (\\-)?([\w.\[\]-]+)' % macro, line):
            name = m.group(2)
            if macro == 'Fl':
                name = ('--' if m.group(1) else '-') + name
            found.add(name)
    return found


def schema_keys():
    """Every key path: "aws.region" in a mapping, "accounts[].regions" in a list's items. Path → its schema."""
    keys = {}

    def walk(props, prefix):
        for name, sub in props.items():
            path = prefix + name
            keys[path] = sub
            if 'properties' in sub:
                walk(sub['properties'], path + '.')
            items = sub.get('items', {})
            if 'properties' in items:
                walk(items['properties'], path + '[].')

    walk(json.loads(read(SCHEMA))['properties'], '')
    return keys


def man5_entries():
    """Key path → the text of its entry in latticedns.yaml(5)."""
    entries, cur = {}, None
    for line in read(MAN5).splitlines():
        m = re.match(r'\.It Ic ([\w.\[\]]+)', line)
        if m:
            cur = m.group(1)
            entries[cur] = line
        elif line.startswith('.El') or line.startswith('.Sh'):
            cur = None
        elif cur:
            entries[cur] += '\n' + line
    return entries


class Documented(unittest.TestCase):
    def test_every_flag_of_help_is_in_latticedns_8(self):
        text = help_text()
        documented = man_items(MAN8, 'Fl')
        missing = sorted(help_flags(text) - documented)
        self.assertEqual(missing, [], 'latticedns --help shows %s but docs/man/latticedns.8 has no '
                         '".It Fl" entry for it: describe it in the options list' % ', '.join(missing))

    def test_every_flag_of_latticedns_8_exists(self):
        stale = sorted(man_items(MAN8, 'Fl') - help_flags(help_text()))
        self.assertEqual(stale, [], 'docs/man/latticedns.8 documents %s, which latticedns --help does not '
                         'show: remove the entry or add the flag to the help' % ', '.join(stale))

    def test_every_subcommand_of_help_is_in_latticedns_8(self):
        missing = sorted(help_commands(help_text()) - man_items(MAN8, 'Cm'))
        self.assertEqual(missing, [], 'latticedns --help shows the command(s) %s but docs/man/latticedns.8 '
                         'has no ".It Cm NAME" entry for it' % ', '.join(missing))

    def test_every_config_key_is_in_latticedns_yaml_5(self):
        missing = sorted(set(schema_keys()) - set(man5_entries()))
        self.assertEqual(missing, [], 'schemas/config.schema.json has the key(s) %s but '
                         'docs/man/latticedns.yaml.5 has no ".It Ic KEY" entry: document each' % ', '.join(missing))

    def test_every_documented_key_exists(self):
        stale = sorted(set(man5_entries()) - set(schema_keys()))
        self.assertEqual(stale, [], 'docs/man/latticedns.yaml.5 documents %s, which the schema does not '
                         'have' % ', '.join(stale))

    def test_each_default_is_stated(self):
        entries = man5_entries()
        wrong = []
        for path, sub in schema_keys().items():
            if 'default' in sub and path in entries:
                d = sub['default']
                d = ('true' if d else 'false') if isinstance(d, bool) else str(d)
                if not re.search(r'(^|\s|/)%s(\s|$| [.,;)])' % re.escape(d), entries[path]):
                    wrong.append('%s (default %s)' % (path, d))
        self.assertEqual(wrong, [], 'docs/man/latticedns.yaml.5 does not state the default of: %s'
                         % ', '.join(wrong))

    def test_the_examples_of_latticedns_yaml_5_pass_check_config(self):
        examples = re.findall(r'^\.Bd -literal -offset indent\n(.*?)^\.Ed$', read(MAN5), re.S | re.M)
        self.assertGreaterEqual(len(examples), 2)
        for i, text in enumerate(examples):
            path = os.path.join(tempfile.mkdtemp(prefix='lat-man-'), 'example%d.yaml' % i)
            with open(path, 'w') as f:
                f.write(text)
            p = subprocess.run([BIN, '--check-config', '-c', path], capture_output=True, text=True, timeout=30)
            self.assertEqual(p.returncode, 0, 'latticedns.yaml(5) example %d: %s' % (i + 1, p.stderr))
            shutil.rmtree(os.path.dirname(path), True)

    def test_the_checker_sees_a_missing_flag(self):
        # The test above must be able to fail: a flag the page lacks is reported by name.
        self.assertIn('--frobnicate-address', help_flags('      --frobnicate-address ADDR  not a flag\n')
                      - man_items(MAN8, 'Fl'))
        self.assertEqual(help_commands('usage: latticedns frobnicate [-n N]\n       latticedns --version\n'),
                         {'frobnicate'})


@unittest.skipUnless(shutil.which('mandoc'), 'mandoc is not installed (Debian package mandoc; make deps)')
class Lint(unittest.TestCase):
    # "referenced manual not found" and "outdated mandoc.db" depend on the manuals this
    # machine has installed (the two pages name each other before they are installed).
    MACHINE = re.compile(r'referenced manual not found|outdated mandoc\.db')

    def test_mandoc_lint_is_clean(self):
        for page in (MAN8, MAN5):
            p = subprocess.run(['mandoc', '-Tlint', page], capture_output=True, text=True)
            msgs = [l for l in (p.stdout + p.stderr).splitlines() if l and not self.MACHINE.search(l)]
            self.assertEqual(msgs, [], page)

    def test_pages_render(self):
        out = subprocess.run(['mandoc', '-Tutf8', MAN8], capture_output=True, text=True).stdout
        out = re.sub('.\b', '', out)   # bold and underline are overstrikes
        for text in ('EXIT STATUS', 'ENVIRONMENT', 'FILES', 'EXAMPLES', 'SIGHUP', 'AWS_REGION'):
            self.assertIn(text, out)


if __name__ == '__main__':
    unittest.main()
