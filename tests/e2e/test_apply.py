"""Applying: a refused change isolated by splitting, waiting for INSYNC, and a stop in the middle."""
import signal
import sqlite3
import subprocess
import time
import unittest

from harness import BIN, E2E, arn, scenario, service

A1 = '111122223333'
EU = 'eu-west-1'


def services(n):
    return [service(A1, EU, 'svc-%017d' % i, 'n%04d.corp.internal' % i) for i in range(n)]


class Apply(E2E):
    def test_invalid_change_batch_is_split_until_the_bad_change_is_alone(self):
        self.split_until_alone('standard')

    def test_the_legacy_invalid_change_batch_form_is_split_alike(self):
        self.split_until_alone('legacy')

    def split_until_alone(self, form):
        self.start(scenario(services(8)))
        bad = 'n0005.corp.internal.'
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets',
                                     'body_contains': '<Name>%s</Name>' % bad, 'error': 'InvalidChangeBatch',
                                     'invalid_change_batch_form': form,
                                     'message': "Tried to create resource record set [name='%s', type='A'] "
                                                "but it already exists" % bad})
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)                 # something left undone
        recs = self.sim.records()
        for i in range(8):
            name = 'n%04d.corp.internal.' % i
            if name == bad:
                self.assertNotIn((name, 'A'), recs)
                self.assertNotIn((name, 'AAAA'), recs)  # its pair is never split from it
            else:
                self.assert_alias_pair(name, 'svc-%017d' % i, EU)
        # Either form reads as one InvalidChangeBatch with Route 53's whole message.
        self.assertIn("InvalidChangeBatch: [Tried to create resource record set [name='%s', type='A'] but it "
                      "already exists]" % bad, r.err)
        # 8 pairs in one batch, refused; halves of 4 pairs; the bad half split to 2, then 1.
        calls = [c for c in self.sim.admin.admin_calls()['log'] if c['operation'] == 'ChangeResourceRecordSets']
        self.assertEqual([c['status'] for c in calls], [400, 200, 400, 400, 200, 400, 200])
        # The next cycle, with Route 53 accepting it, finishes the job.
        self.sim.admin.admin_clear_faults()
        self.apply()
        self.assert_alias_pair(bad, 'svc-%017d' % 5, EU)

    def test_zone_tag_limit_blocks_services_before_writing(self):
        self.start(scenario(services(5)), config_extra='zone_tag_limit: 3\n')
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertEqual(len(self.sim.tags()), 3)
        self.assertEqual(len(self.sim.records()), 6)       # three services, A and AAAA each
        self.assertIn("the zone's tag registry is full (zone_tag_limit; Route 53 allows at most 50 tags per zone, "
                      "other tags included); use ownership: txt (no cap, nothing kept in a database)", r.out)

    def test_route53_tag_limit_error_blocks_the_services_not_the_cycle(self):
        scen = scenario(services(5))
        scen['zones'][0]['tag_limit'] = 3                  # Route 53 says 10; the config believes 50
        self.start(scen)
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        # The tags could not be written, so no record was written that nothing would own.
        self.assertEqual(self.sim.tags(), {})
        self.assertEqual(self.sim.records(), {})
        self.assertIn('ownership tags not written, their services get no records this cycle', r.err)
        self.assertIn('limit is 3', r.err)

    def test_get_change_is_polled_until_insync(self):
        self.start(scenario(services(1), limits={'change_insync_after_ms': 700}))
        t = time.monotonic()
        self.apply()
        self.assertGreaterEqual(time.monotonic() - t, 0.7)
        calls = self.sim.calls()
        self.assertGreaterEqual(calls.get('route53:GetChange', 0), 2, calls)
        self.assertEqual(calls.get('route53:ChangeResourceRecordSets'), 1, calls)

    def test_sigterm_inside_a_cycle_leaves_nothing_half_recorded(self):
        self.start(scenario(services(3)))
        # The record change takes 1.5 s to answer: the stop arrives while it is in flight.
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets',
                                     'latency_ms': 1500, 'count': 1})
        p = subprocess.Popen([BIN, '-c', self.config, '--once'], env=self.env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while time.time() < deadline and not any(
                c['operation'] == 'ChangeTagsForResource' for c in self.sim.admin.admin_calls()['log']):
            time.sleep(0.05)
        time.sleep(0.3)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=60)
        self.assertNotIn('AddressSanitizer', err)
        self.assertNotIn('runtime error', err)
        # The batch was answered and recorded before the stop took effect (only the wait for
        # INSYNC was cut short), so nothing was left undone.
        self.assertEqual(p.returncode, 0, err)
        self.assertIn('GetChange: stopped', err)
        db = sqlite3.connect(self.state_path)
        journal = db.execute('SELECT count(*) FROM change_journal').fetchone()[0]
        ledger = db.execute('SELECT count(*) FROM owned_records').fetchone()[0]
        db.close()
        self.assertEqual((journal, ledger), (1, 6))
        # The change in flight was answered and recorded; the next cycle has nothing left to do.
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 0, r)
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)
        for i in range(3):
            self.assert_alias_pair('n%04d.corp.internal.' % i, 'svc-%017d' % i, EU)
        self.assertEqual(self.sim.tags().get(arn(A1, EU, 'svc-%017d' % 0)), 'n0000.corp.internal')


class Pipelined(E2E):
    """Change batches go back to back; INSYNC is waited for once, after the zone's last batch."""

    def journal(self):
        db = sqlite3.connect(self.state_path)
        rows = db.execute('SELECT batch, status FROM change_journal ORDER BY batch').fetchall()
        db.close()
        return rows

    def crrs_log(self):
        return [c for c in self.sim.admin.admin_calls()['log'] if c['operation'] == 'ChangeResourceRecordSets']

    def test_batches_are_sent_back_to_back_and_insync_is_awaited_once(self):
        # 1,100 services: 2,200 alias UPSERTs at 250 services a batch, 5 batches; INSYNC after 3 s each.
        self.start(scenario(services(1100), limits={'change_insync_after_ms': 3000}),
                   config_extra='ownership: state\n')
        t = time.monotonic()
        self.apply()
        wall = time.monotonic() - t
        log = self.sim.admin.admin_calls()['log']
        ops = [c['operation'] for c in log if c['operation'] in ('ChangeResourceRecordSets', 'GetChange')]
        self.assertEqual(ops.count('ChangeResourceRecordSets'), 5, ops)
        # Every batch went before the first GetChange: nothing waited for INSYNC in between.
        self.assertEqual(ops[:5], ['ChangeResourceRecordSets'] * 5, ops)
        self.assertLessEqual(ops.count('GetChange'), 1 + 10, ops)      # one zone + 10
        # One INSYNC wait, not five: far below 5 x 3 s (the controller is an ASan build here).
        self.assertGreaterEqual(wall, 3.0)
        self.assertLess(wall, 5 * 3.0 * 0.7, wall)
        self.assertEqual(self.journal(), [(i, 'INSYNC') for i in range(1, 6)])
        self.assertEqual(len(self.sim.records()), 2200)
        self.assert_alias_pair('n1099.corp.internal.', 'svc-%017d' % 1099, EU)

    def test_a_zone_busy_with_our_last_change_is_waited_for_then_sent_again(self):
        # Route 53 answers PriorRequestNotComplete while a change of the zone is PENDING (1 s).
        self.start(scenario(services(600), limits={'change_insync_after_ms': 1000,
                                                   'prior_request_not_complete': True}),
                   config_extra='ownership: state\n')
        self.apply()
        log = self.crrs_log()
        self.assertEqual(sum(1 for c in log if c['status'] == 200), 3, log)
        self.assertGreater(sum(1 for c in log if c['code'] == 'PriorRequestNotComplete'), 0, log)
        self.assertEqual(self.journal(), [(1, 'INSYNC'), (2, 'INSYNC'), (3, 'INSYNC')])
        self.assertEqual(len(self.sim.records()), 1200)
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 0, r)
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)

    def test_prior_request_not_complete_beyond_the_client_retries_is_retried_with_backoff(self):
        self.start(scenario(services(3)))
        # Four refusals: more than the client's three attempts, so the apply backs off and sends again.
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets',
                                     'error': 'PriorRequestNotComplete', 'status': 400, 'count': 4,
                                     'message': 'The request was rejected because Route 53 was still '
                                                'processing a prior request.'})
        r = self.apply()
        log = self.crrs_log()
        self.assertEqual([c['code'] for c in log], ['PriorRequestNotComplete'] * 4 + [None], log)
        self.assertIn('PriorRequestNotComplete', r.err)
        self.assertEqual(self.journal(), [(1, 'INSYNC')])
        for i in range(3):
            self.assert_alias_pair('n%04d.corp.internal.' % i, 'svc-%017d' % i, EU)


if __name__ == '__main__':
    unittest.main()
