"""The log as a CronJob's container log: JSON lines with fields, a start and a stop line, one line per change."""
import json
import subprocess
import unittest

from harness import BIN, E2E, ZONE_ID, alias, arn, scenario, service

A1, A2 = '111122223333', '444455556666'
US = 'us-east-1'
SVC = 'svc-0123456789abcdef0'


class JsonLogs(E2E):
    accounts = (A1, A2)

    def setUp(self):
        self.start(scenario([service(A1, US, SVC, 'api.corp.internal')], accounts=self.accounts))
        # A2 cannot be listed: a warn line with its own fields, and exit 3.
        self.sim.admin.admin_faults({'service': 'sts', 'operation': 'AssumeRole', 'account': A2,
                                     'error': 'AccessDenied', 'status': 403})

    def combined(self, *args):
        """stdout and stderr in one stream, as a container runtime keeps them."""
        p = subprocess.run([BIN, '-c', self.config, '--log-format', 'json'] + list(args), env=self.env(),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
        self.assertNotIn('AddressSanitizer', p.stdout)
        return p.returncode, p.stdout

    def test_every_line_of_a_once_run_is_json_with_fields(self):
        code, out = self.combined('--once')
        self.assertEqual(code, 3, out)
        lines = []
        for n, line in enumerate(out.splitlines(), 1):
            try:
                lines.append(json.loads(line))
            except ValueError:
                self.fail('line %d is not JSON: %r\n%s' % (n, line, out))
        for obj in lines:
            self.assertEqual(set(obj) >= {'ts', 'level', 'event', 'msg'}, True, obj)
        events = [o['event'] for o in lines]
        self.assertEqual(events[0], 'start')
        self.assertEqual(events[-1], 'stop')
        start = lines[0]
        self.assertEqual((start['mode'], start['zones'], start['accounts'], start['config']),
                         ('once', 1, 2, self.config))
        self.assertEqual((lines[-1]['exit'], lines[-1]['cycles'], lines[-1]['reason']), (3, 1, 'done'))
        changes = sorted((o for o in lines if o['event'] == 'change'), key=lambda o: o['type'])
        self.assertEqual(len(changes), 2, out)
        for o, t in zip(changes, ('A', 'AAAA')):
            self.assertEqual({k: o[k] for k in ('zone', 'action', 'name', 'type', 'target', 'service_arn',
                                                 'account')},
                             {'zone': ZONE_ID, 'action': 'create', 'name': 'api.corp.internal.', 'type': t,
                              'target': alias(SVC, US).rstrip('.'), 'service_arn': arn(A1, US, SVC),
                              'account': A1})
            self.assertRegex(o['change_id'], r'^C[A-Z0-9]+$')
        self.assertEqual(changes[0]['change_id'], changes[1]['change_id'])   # one batch
        failed = [o for o in lines if o['event'] == 'account']
        self.assertEqual(sorted((o['account'], o['region'], o['level']) for o in failed),
                         [(A2, 'eu-west-1', 'warn'), (A2, US, 'warn')])
        self.assertIn('AccessDenied', failed[0]['error'])
        cycle = [o for o in lines if o['event'] == 'cycle']
        self.assertEqual(len(cycle), 1)
        self.assertEqual({k: cycle[0][k] for k in ('created', 'updated', 'deleted', 'tags_added',
                                                    'accounts_failed', 'exit')},
                         {'created': 2, 'updated': 0, 'deleted': 0, 'tags_added': 1, 'accounts_failed': 2,
                          'exit': 3})

    def test_the_plan_is_printed_only_when_asked(self):
        r = self.run_ld('--once', '--log-format', 'json', '-o', 'json')
        self.assertEqual(r.code, 3, r)
        plan = json.loads(r.out)
        self.assertEqual(plan['summary']['create'], 2, plan)
        for line in r.err.splitlines():
            json.loads(line)

    def test_a_dry_run_with_json_logs_prints_a_json_plan(self):
        r = self.run_ld('--dry-run', '--log-format', 'json')
        self.assertEqual(r.code, 3, r)
        plan = json.loads(r.out)
        self.assertEqual(plan['summary']['create'], 2, plan)
        for line in r.err.splitlines():
            json.loads(line)


if __name__ == '__main__':
    unittest.main()
