"""schemas/config.schema.json and `latticedns --check-config` give the same verdict.

Every constraint the schema states (enum, length, pattern, bounds, minItems, required,
additionalProperties) is turned into values on both sides of it; each is written into an
otherwise valid latticedns.yaml and judged by the schema (schemalite) and by the binary. The
few checks the schema cannot express (a duration of at least 1s, a CA bundle that exists) are
listed in STRICTER and must be refused by the binary with a message naming the key.
"""
import copy
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

import yaml

import schemalite
from harness import BIN, E2E, ROOT, scenario, service

SCHEMA = json.load(open(os.path.join(ROOT, 'schemas', 'config.schema.json')))

BASE = {'zones': [{'id': 'Z0123456789ABCDEFGHIJ'}],
        'accounts': [{'id': '111122223333'}]}
# A file that exists, for aws.ca_bundle: the schema cannot tell it from one that does not.
EXISTING_FILE = os.path.join(ROOT, 'schemas', 'config.schema.json')

# Values on both sides of each pattern of the schema (the hostile ones of issue 9 among them).
PATTERN_SAMPLES = {
    'zone': ['Z1', 'Z0123456789ABCDEFGHIJ', '/hostedzone/Z2', 'Z' + '1' * 31, 'Z' + '1' * 32, 'z1', 'Z',
             'Zabc', '/hostedzone/', 'Z1 ', 'hostedzone/Z1'],
    'account': ['111122223333', '012345678901', '11112222333', '1111222233334', '11112222333a', ''],
    'role_arn': ['arn:aws:iam::111122223333:role/r', 'arn:aws-cn:iam::111122223333:role/r',
                 'arn:aws-us-gov:iam::111122223333:role/a/b', 'arn:aws:iam::11112222333:role/r',
                 'arn:aws:iam::111122223333:role/', 'arn:aws:iam::111122223333:user/r',
                 'arn:aws-xx:iam::111122223333:role/r', ''],
    'region': ['us-east-1', 'eu-west-1', 'us-gov-west-1', 'us-isob-east-1', 'cn-north-1', 'ap-southeast-12',
               'us-e-1', 'useast-1', 'us-east', 'US-EAST-1', 'us-east-1a', 'u-east-1', 'moon-1', ''],
    'duration': ['60s', '1m30s', '1h', '2h15m', '1500ms', '10q', '', '5 m', '1.5h', 's', '-5s'],
    'external_id': ['ab', 'a', 'a' * 1224, 'a' * 1225, 'has space', 'x+=,.@:/-_y', 'a;b', ''],
    'address': [':7979', '127.0.0.1:9100', '0.0.0.0:80', '[::1]:7979', '[::]:7979', 'localhost:7979', '7979',
                ':', '[::1]', '', ':79 ', 'host:80'],
    'owner': ['net-prod', 'a', 'A.b_c-9', 'a' * 63, 'a' * 64, '', 'net prod', 'net,prod', 'n=1', 'caf\u00e9'],
    'prefix': ['_latticedns.', 'reg-', 'a.b.', 'a.b', '_x', 'a' * 63, 'a' * 62 + '.', 'a' * 64, '', '.', '.x',
               'a..b', 'A.', 'a b', '*.', '-'],
    'view': ['public', 'ingress-1', 'a', '1', 'a' * 63, 'a' * 64, '-x', 'Public', 'a b', 'a_b', 'x.y', ''],
    'domain': ['corp.internal', 'corp.internal.', 'a', 'payments.corp.internal', 'a_b.corp', 'x-1.corp',
               '', '.', '*', ' ', 'corp..internal', '.corp', '*.corp.internal', '-a.corp', 'a-.corp',
               'a' * 63 + '.x', 'a' * 64 + '.x', ('a' * 62 + '.') * 4 + 'abcd', ('a' * 62 + '.') * 4 + 'abcde',
               'caf\u00e9.corp', 'a b.corp'],
}
PATTERN_OF = {  # the schema's pattern → which samples
    SCHEMA['properties']['zones']['items']['properties']['id']['pattern']: 'zone',
    SCHEMA['properties']['accounts']['items']['properties']['id']['pattern']: 'account',
    SCHEMA['$defs']['role_arn']['pattern']: 'role_arn',
    SCHEMA['$defs']['region']['pattern']: 'region',
    SCHEMA['$defs']['duration']['pattern']: 'duration',
    SCHEMA['$defs']['external_id']['pattern']: 'external_id',
    SCHEMA['$defs']['domain']['pattern']: 'domain',
    SCHEMA['properties']['metrics']['properties']['address']['pattern']: 'address',
    SCHEMA['properties']['owner_id']['pattern']: 'owner',
    SCHEMA['properties']['txt_prefix']['pattern']: 'prefix',
    SCHEMA['properties']['zones']['items']['properties']['view']['pattern']: 'view',
}

# Where --check-config is stricter than a JSON Schema can say: (path, value) → the message part.
STRICTER = {
    ('interval', '0s'): 'is not a duration of at least 1s',
    ('interval', '500ms'): 'is not a duration of at least 1s',
    ('aws.ca_bundle', '/nonexistent/ca.pem'): 'No such file or directory',
    ('aws.timeout', '1h'): 'is not a duration from 1s to 5m',
    ('aws.timeout', '2h15m'): 'is not a duration from 1s to 5m',
    # A JSON Schema if/then could say it; schemalite keeps to the keywords the schemas use.
    ('ownership', 'txt'): 'needs owner_id',
    # Issue 12: what one key of a zone cannot say alone.
    ('zones[0].style', 'target'): 'needs a target',
    ('zones[0].ttl', 0): 'is only for CNAME records',
    ('zones[0].ttl', 2147483647): 'is only for CNAME records',
}


def dotted_path(path):
    """'zones[0].style' → ['zones', 0, 'style']."""
    out = []
    for part in path.split('.'):
        name, _, index = part.partition('[')
        out.append(name)
        if index:
            out.append(int(index.rstrip(']')))
    return out


class Quoted(yaml.SafeDumper):
    """Every string double-quoted: the schema sees strings, so the file must say so (012345678901)."""


Quoted.add_representer(str, lambda d, v: d.represent_scalar('tag:yaml.org,2002:str', v, style='"'))


def resolve(s):
    while '$ref' in s:
        s = SCHEMA['$defs'][s['$ref'][len('#/$defs/'):]]
    return s


def set_at(cfg, path, value):
    """path: keys and list indexes; missing mappings are created."""
    cur = cfg
    for k in path[:-1]:
        if isinstance(k, int):
            cur = cur[k]
        else:
            cur = cur.setdefault(k, {})
    cur[path[-1]] = value


def samples(schema):
    """Values on both sides of every constraint of one (resolved) leaf schema."""
    out = []
    s = resolve(schema)
    if 'enum' in s:
        out += list(s['enum']) + ['bogus']
    t = s.get('type')
    if t == 'string':
        if 'pattern' in s:
            out += PATTERN_SAMPLES[PATTERN_OF[s['pattern']]]
        else:
            lo, hi = s.get('minLength', 0), s.get('maxLength')
            out += ['a' * n for n in {max(lo - 1, 0), lo, lo + 1} | ({hi, hi + 1} if hi else set())]
    if t in ('integer', 'number'):
        lo, hi = s.get('minimum'), s.get('maximum')
        if lo is not None:
            out += [lo - 1, lo]
        if hi is not None:
            out += [hi, hi + 1]
        if 'exclusiveMinimum' in s:
            out += [s['exclusiveMinimum'], s['exclusiveMinimum'] + 0.5]
        if t == 'integer' and lo is not None:
            out.append(lo + 0.5)
    return out


def cases():
    """(description, config) pairs, each changing one thing of BASE."""
    out = [('base', copy.deepcopy(BASE))]
    for key in SCHEMA['required']:
        c = copy.deepcopy(BASE)
        del c[key]
        out.append(('without %s' % key, c))
    out.append(('unknown key', dict(copy.deepcopy(BASE), bogus_key=1)))

    def walk(schema, path, dotted):
        s = resolve(schema)
        if s.get('type') == 'object':
            for r in s.get('required', []):
                if path:
                    c = copy.deepcopy(BASE)
                    parent = c
                    for k in path:
                        parent = parent[k] if isinstance(k, int) else parent.setdefault(k, {})
                    parent.pop(r, None)
                    out.append(('%s without %s' % (dotted, r), c))
            if path and s.get('additionalProperties') is False:
                c = copy.deepcopy(BASE)
                set_at(c, path + ['bogus_key'], 1)
                out.append(('%s.bogus_key' % dotted, c))
            for k, sub in s.get('properties', {}).items():
                walk(sub, path + [k], (dotted + '.' if dotted else '') + k)
        elif s.get('type') == 'array':
            items = resolve(s['items'])
            c = copy.deepcopy(BASE)
            set_at(c, path, [])
            out.append(('%s = []' % dotted, c))
            if items.get('type') == 'object':
                walk(items, path + [0], dotted + '[0]')     # BASE has one of each list of objects
            else:
                for v in samples(items):
                    c = copy.deepcopy(BASE)
                    set_at(c, path, [v])
                    out.append(('%s = [%r]' % (dotted, v), c))
        else:
            for v in (['', EXISTING_FILE] if dotted == 'aws.ca_bundle' else samples(s)):
                c = copy.deepcopy(BASE)
                set_at(c, path, v)
                out.append(('%s = %r' % (dotted, v), c))
    walk(SCHEMA, [], '')
    return out


class SchemaAndCheckConfigAgree(unittest.TestCase):
    def check(self, cfg):
        with tempfile.NamedTemporaryFile('w', suffix='.yaml', delete=False) as f:
            yaml.dump(cfg, f, Dumper=Quoted, width=1 << 20, allow_unicode=True)
        self.addCleanup(os.unlink, f.name)
        p = subprocess.run([BIN, '--check-config', '-c', f.name], capture_output=True, text=True, timeout=60,
                           env={'PATH': os.environ.get('PATH', '/usr/bin:/bin')})
        self.assertNotIn('AddressSanitizer', p.stderr)
        self.assertNotIn('runtime error', p.stderr)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        return p.returncode == 0, p.stderr

    def test_every_constraint_of_the_schema(self):
        all_cases = cases()
        self.assertGreater(len(all_cases), 150)
        disagree = []
        for what, cfg in all_cases:
            schema_ok = not schemalite.errors(cfg, SCHEMA)
            ok, err = self.check(cfg)
            if schema_ok and not ok and any(what == '%s = %r' % k for k in STRICTER):
                continue                                # stricter than a schema can say: tested below
            if ok != schema_ok:
                disagree.append('%s: schema %s, --check-config %s %s' % (
                    what, 'accepts' if schema_ok else 'rejects', 'accepts' if ok else 'rejects', err.strip()))
            elif not ok and what != 'base':
                # A refusal names the file, a line and a column.
                self.assertRegex(err, r'\.yaml:\d+:\d+: ', what)
        self.assertEqual(disagree, [], '\n'.join(disagree))

    def test_what_the_schema_cannot_say_is_refused_by_name(self):
        for (path, value), msg in STRICTER.items():
            c = copy.deepcopy(BASE)
            set_at(c, dotted_path(path), value)
            self.assertEqual(schemalite.errors(c, SCHEMA), [], (path, value))
            ok, err = self.check(c)
            self.assertFalse(ok, (path, value))
            self.assertIn('%s: "%s"' % (path, value), err)
            self.assertIn(msg, err)


class ReloadOfAHostileConfig(E2E):
    def test_sighup_with_a_list_as_a_key_keeps_the_daemon(self):
        # `[a]: 1` crashed the parser (SIGSEGV in the did-you-mean path): a reload killed the daemon.
        self.start(scenario([service('111122223333', 'us-east-1', 'svc-00000000000000001', 'one.corp.internal')]))
        with open(self.config) as f:
            good = f.read()
        d = subprocess.Popen([BIN, '-c', self.config, '--interval', '1h'], env=self.env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 60
            while ('one.corp.internal.', 'A') not in self.sim.records() and time.time() < deadline:
                time.sleep(0.1)
            with open(self.config, 'w') as f:
                f.write(good + '[a]: 1\naccounts: [{id: "444455556666"}]\n---\nstate: /elsewhere\n')
            d.send_signal(signal.SIGHUP)
            time.sleep(1.5)
            self.assertIsNone(d.poll())
        finally:
            d.send_signal(signal.SIGTERM)
            _, err = d.communicate(timeout=30)
        self.assertEqual(d.returncode, 0, err)
        self.assertNotIn('AddressSanitizer', err)
        self.assertIn('(top level): a key must be a plain word, not a list or a mapping; write key: value', err)
        self.assertIn('"accounts" is given twice', err)
        self.assertIn('a second YAML document (after "---") starts here', err)
        # One event, one line: the reload's several errors are joined, not a line each.
        self.assertEqual(len([l for l in err.splitlines() if 'keeping the running configuration' in l]), 1)
        self.assertIn('keep one\\n', err)
        self.assertIn('keeping the running configuration', err)


if __name__ == '__main__':
    unittest.main()
