"""examples/iam/ enforced by awsim on the demo world with the chart's default config: it converges,
and every action the policies grant is used (least privilege, both ways)."""
import json
import os
import unittest

import yaml

from harness import DNS_ACCOUNT, E2E, PRINCIPAL, ROOT, ZONE_ID

IAM = os.path.join(ROOT, 'examples', 'iam')
CHART_VALUES = os.path.join(ROOT, 'packaging', 'helm', 'latticedns', 'values.yaml')
DEMO = os.path.join(ROOT, 'examples', 'demo')


def policy(name):
    with open(os.path.join(IAM, name)) as f:
        return json.load(f)


def granted(p):
    out = set()
    for s in p['Statement']:
        if s['Effect'] == 'Allow':
            out |= set(s['Action'] if isinstance(s['Action'], list) else [s['Action']])
    return out


class LeastPrivilege(E2E):
    def setUp(self):
        with open(os.path.join(DEMO, 'scenario.json')) as f:
            scen = json.load(f)
        # The harness's keys for the controller, with the controller's policy.
        scen['principal'] = dict(PRINCIPAL, policy=policy('controller-permissions.json'))
        for acct in scen['accounts'].values():
            for role in acct['roles']:
                role['policy'] = policy('reader-permissions.json')
        scen['accounts'].setdefault(DNS_ACCOUNT, {'roles': [], 'users': []})['roles'].append(
            {'name': 'latticedns-writer', 'trust': [DNS_ACCOUNT], 'policy': policy('writer-permissions.json')})
        self.start(scen)
        with open(CHART_VALUES) as f:
            self.chart = yaml.safe_load(f)['config']
        with open(os.path.join(DEMO, 'latticedns.yaml')) as f:
            cfg = yaml.safe_load(f)
        # The demo's accounts, the chart's way of reaching the zone.
        cfg.update(state=self.state_path, dns_account=self.chart['dns_account'],
                   metrics={'address': '127.0.0.1:0'})
        self.cfg = cfg
        self.write_config()

    def write_config(self):
        with open(self.config, 'w') as f:
            yaml.safe_dump(self.cfg, f)

    def test_the_policies_fit_the_chart_default_and_none_is_unused(self):
        self.assertEqual(self.chart['dns_account']['role_arn'], 'arn:aws:iam::%s:role/latticedns-writer'
                         % DNS_ACCOUNT)
        self.assertEqual(self.chart['zones'], [{'id': ZONE_ID}])
        r = self.run_ld('--once')
        self.assertIn(r.code, (0, 3), r)
        # The demo world has conflicts and skipped services (exit 3); it must never be refused.
        for tag_source in ('tagging-api', 'lattice'):
            self.cfg.setdefault('aws', {})['tag_source'] = tag_source
            self.write_config()
            r = self.run_ld('--once')
            self.assertIn(r.code, (0, 3), r)
            self.assertNotIn('AccessDenied', r.err)
            self.assertNotIn('changes failed', r.err.replace('0 changes failed', ''))
        denied = [e for e in self.sim.admin.admin_calls()['log'] if 'AccessDenied' in str(e.get('code'))]
        self.assertEqual(denied, [])
        self.assertGreater(len(self.sim.records()), 0)
        used = self.sim.admin._admin('GET', 'iam')['used']
        readers = set()
        for p, actions in used.items():
            if p.endswith(':assumed-role/latticedns-reader'):
                readers |= set(actions)
        self.assertEqual(granted(policy('controller-permissions.json')) - set(used[PRINCIPAL['arn']]), set())
        self.assertEqual(granted(policy('reader-permissions.json')) - readers, set())
        writer = 'arn:aws:sts::%s:assumed-role/latticedns-writer' % DNS_ACCOUNT
        self.assertEqual(granted(policy('writer-permissions.json')) - set(used[writer]), set())

    def test_without_the_writer_role_the_zone_is_refused_with_the_fix(self):
        del self.cfg['dns_account']
        self.write_config()
        r = self.run_ld('--once')
        self.assertEqual(r.code, 1, r)
        self.assertIn('AccessDenied', r.err)
        self.assertIn("check the role's permissions (examples/iam/)", r.err)


if __name__ == '__main__':
    unittest.main()
