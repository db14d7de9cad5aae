"""schemas/: every JSON plan the binary prints validates against plan.schema.json, and config.schema.json
names exactly the keys the C config parser accepts."""
import json
import os
import re
import unittest

import schemalite
from harness import ROOT, E2E, arn, scenario, service

A1, A2 = '111122223333', '444455556666'
EU = 'eu-west-1'


def load(name):
    with open(os.path.join(ROOT, 'schemas', name)) as f:
        return json.load(f)


class PlanSchema(E2E):
    accounts = (A1, A2)

    def assert_valid(self, text):
        plan = json.loads(text)
        errs = schemalite.errors(plan, load('plan.schema.json'))
        self.assertEqual(errs, [], text)
        return plan

    def test_every_section_of_a_busy_plan_validates(self):
        old = service(A1, EU, 'svc-00000000000000001', 'same.corp.internal', created='2024-01-01T00:00:00Z')
        new = service(A1, EU, 'svc-00000000000000002', 'same.corp.internal', created='2024-06-01T00:00:00Z')
        outside = service(A1, EU, 'svc-00000000000000003', 'api.example.com')
        plain = service(A1, EU, 'svc-00000000000000004', 'plain.corp.internal')
        # A2's listing fails: its owned record is held, not deleted.
        gone = arn(A2, EU, 'svc-a2000000000000001')
        records = [{'Name': 'held.corp.internal', 'Type': t, 'AliasTarget': {
            'HostedZoneId': 'Z03867022NOYBCTG0GJR1', 'DNSName': 'x.on.aws', 'EvaluateTargetHealth': False}}
            for t in ('A', 'AAAA')]
        self.start(scenario([old, new, outside, plain], accounts=(A1, A2), records=records,
                            tags={gone: 'held.corp.internal'}))
        self.sim.admin.admin_faults({'service': 'sts', 'operation': 'AssumeRole', 'account': A2,
                                     'error': 'AccessDenied', 'status': 403})
        r = self.run_ld('--dry-run', '-o', 'json')
        self.assertEqual(r.code, 3, r)          # an account failed: "needs attention" wins over "has changes"
        plan = self.assert_valid(r.out)
        self.assertEqual(len(plan['conflicts']), 1)
        self.assertEqual(len(plan['skipped']), 1)
        self.assertGreaterEqual(len(plan['held']), 1)
        self.assertIn('failed', [a['status'] for a in plan['accounts']])
        # After applying, the converged plan validates too (and is empty).
        self.run_ld('--once')
        self.sim.admin.admin_clear_faults()
        r = self.run_ld('--dry-run', '-o', 'json')
        self.assert_valid(r.out)

    def test_the_checker_rejects_what_the_schema_forbids(self):
        self.start(scenario([service(A1, EU, 'svc-00000000000000001', 'one.corp.internal')], accounts=(A1, A2)))
        plan = self.assert_valid(self.run_ld('--dry-run', '-o', 'json').out)
        schema = load('plan.schema.json')
        bad = json.loads(json.dumps(plan))
        bad['zones'][0]['changes'][0]['action'] = 'replace'
        bad['surprise'] = 1
        del bad['summary']['create']
        errs = schemalite.errors(bad, schema)
        self.assertEqual(len(errs), 3, errs)


class ConfigSchema(unittest.TestCase):
    """The schema and the config modules' tables of known keys (controller/config*.c) must name the same keys."""

    def known_keys(self):
        src = ''
        # The config modules: config.c walks the document and reads the settings, config_account.c and
        # config_zone.c their sections (exported as lat_cfg_parse_*, which count here as parse_*).
        for name in ('config.c', 'config_account.c', 'config_zone.c'):
            with open(os.path.join(ROOT, 'controller', name)) as f:
                src += f.read()
        out = {}
        for fn, body in re.findall(r'\n(?:lat_cfg_)?(parse_\w+)\([^)]*\)\n\{(.*?)\n\}', src, re.S):
            m = re.search(r'known\[\] = \{(.*?)NULL \};', body, re.S)
            if m:
                out[fn] = set(re.findall(r'"([a-z0-9_]+)"', m.group(1)))
        return out

    def test_schema_and_parser_agree(self):
        s = load('config.schema.json')
        p = s['properties']
        want = {
            'parse_root': set(p),
            'parse_account': set(p['accounts']['items']['properties']),
            'parse_zones': set(p['zones']['items']['properties']),
            'parse_selector': set(p['selector']['properties']),
            'parse_dns_account': set(p['dns_account']['properties']),
            'parse_safety': set(p['safety']['properties']),
            'parse_aws': set(p['aws']['properties']),
            'parse_log': set(p['log']['properties']),
            'parse_metrics': set(p['metrics']['properties']),
            'parse_rescfg': set(p['resource_configurations']['properties']),
        }
        got = self.known_keys()
        for fn, keys in want.items():
            self.assertIn(fn, got, 'no table of known keys in %s' % fn)
            self.assertEqual(got[fn], keys, fn)
        self.assertEqual(schemalite.errors({}, s), ["$: required 'zones' missing", "$: required 'accounts' missing"])


if __name__ == '__main__':
    unittest.main()
