"""Plans show what they overwrite, and the log, the run row and the plan agree on what was held back."""
import json
import os
import sqlite3
import subprocess
import unittest

import schemalite
from harness import BIN, E2E, LATTICE_ZONE, ROOT, ZONE_ID, alias, scenario, service
from test_history import R53, hand_edit

A1 = '111122223333'
US, EU = 'us-east-1', 'eu-west-1'
SVC = 'svc-0123456789abcdef0'


def plan_schema():
    with open(os.path.join(ROOT, 'schemas', 'plan.schema.json')) as f:
        return json.load(f)


class BeforeAfter(E2E):
    def test_an_update_shows_the_record_it_replaces(self):
        # About the plan's before, not about when drift is seen: every cycle reads the zone whole,
        # so the hand edit (which leaves the record count as it was) is seen at once.
        self.start(scenario([service(A1, US, SVC, 'api.corp.internal')]), config_extra='full_scan_every: 1\n')
        self.apply()
        st, _, body = self.sim.route53('POST', R53, hand_edit('api.corp.internal.', 'A', '10.20.1.7', 60))
        self.assertEqual(st, 200, body)
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assertIn('  ~ api.corp.internal. A  10.20.1.7 TTL 60 -> alias %s (zone %s)\n'
                      % (alias(SVC, US).rstrip('.'), LATTICE_ZONE), r.out)
        r = self.run_ld('--dry-run', '-o', 'json')
        plan = json.loads(r.out)
        self.assertEqual(schemalite.errors(plan, plan_schema()), [])
        [ch] = plan['zones'][0]['changes']
        self.assertEqual((ch['action'], ch['type'], ch['before']), ('update', 'A', {'values': '10.20.1.7', 'ttl': 60}))
        self.assertEqual(ch['alias_target']['dns_name'], alias(SVC, US).rstrip('.'))

    def test_a_delete_shows_the_live_record(self):
        self.start(scenario([service(A1, US, SVC, 'api.corp.internal')]))
        self.apply()
        self.sim.spoke(A1).lattice_delete_service(SVC)
        # --force: the account's only service went, which the sanity gate holds for a cycle otherwise.
        plan = json.loads(self.run_ld('--dry-run', '--force', '-o', 'json').out)
        self.assertEqual(schemalite.errors(plan, plan_schema()), [])
        self.assertEqual(sorted((c['action'], c['type'], c['before']['alias_target']['dns_name'])
                                for c in plan['zones'][0]['changes']),
                         [('delete', 'A', alias(SVC, US)), ('delete', 'AAAA', alias(SVC, US))])


class SafetyCounts(E2E):
    def test_log_run_row_and_plan_agree_when_the_threshold_holds(self):
        svcs = [service(A1, EU, 'svc-%017d' % i, 'n%04d.corp.internal' % i) for i in range(12)]
        self.start(scenario(svcs))
        self.apply()
        for i in range(6):
            self.sim.spoke(A1, EU).lattice_delete_service('svc-%017d' % i)
        p = subprocess.run([BIN, '-c', self.config, '--once', '--log-format', 'json', '-o', 'text'],
                           env=self.env(), capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn('Plan: 0 to create, 0 to update, 12 to delete; tags: +0 -6. Held back by the safety '
                      'threshold: 12 record changes; --force applies them.\n', p.stdout)
        cycle = [json.loads(l) for l in p.stderr.splitlines() if '"event":"cycle"' in l]
        self.assertEqual(len(cycle), 1, p.stderr)
        self.assertEqual({k: cycle[0][k] for k in ('deleted', 'planned_delete', 'safety_held', 'exit')},
                         {'deleted': 0, 'planned_delete': 12, 'safety_held': 12, 'exit': 3})
        safety = [json.loads(l) for l in p.stderr.splitlines() if '"event":"safety"' in l]
        self.assertEqual([(s['zone'], s['held']) for s in safety], [(ZONE_ID, 12)])
        db = sqlite3.connect(self.state_path)
        row = db.execute('SELECT created, updated, deleted, safety_held, exit_code FROM runs '
                         'ORDER BY id DESC LIMIT 1').fetchone()
        db.close()
        self.assertEqual(row, (0, 0, 0, 12, 3))
        self.assertEqual(len(self.sim.records()), 24)       # nothing was deleted
        self.apply('--force')
        db = sqlite3.connect(self.state_path)
        row = db.execute('SELECT deleted, safety_held FROM runs ORDER BY id DESC LIMIT 1').fetchone()
        db.close()
        self.assertEqual(row, (12, 0))


if __name__ == '__main__':
    unittest.main()
