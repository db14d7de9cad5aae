"""Route 53 and Lattice as they are today (AWS-FACTS.md): pages, batch sizes, rates, Lattice throttling."""
import time
import unittest

from harness import E2E, scenario, service

A1 = '111122223333'
EU = 'eu-west-1'


def plain(i):
    return {'Name': 'h%04d.corp.internal.' % i, 'Type': 'A', 'TTL': 300,
            'ResourceRecords': [{'Value': '10.0.%d.%d' % (i // 250, i % 250)}]}


def services(n):
    return [service(A1, EU, 'svc-%017d' % i, 'n%04d.corp.internal' % i) for i in range(n)]


def route53_log(sim):
    return [c for c in sim.admin.admin_calls()['log'] if c['service'] == 'route53']


class Fidelity(E2E):
    def test_a_2000_record_zone_is_read_in_pages_of_300(self):
        # awsim answers 100 record sets when maxitems is absent, as Route 53 does: 7 reads, not 21,
        # prove the controller asks for 300.
        self.start(scenario(services(1), records=[plain(i) for i in range(2000)]))
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assertEqual(self.sim.calls().get('route53:ListResourceRecordSets'), 7)   # ceil(2,002 / 300)

    def test_1000_new_services_take_4_change_batches(self):
        # One service's A+AAAA alias UPSERT costs 4 of the 1,000 elements: 250 services a batch.
        self.start(scenario(services(1000)), config_extra='ownership: state\n')
        self.apply()
        calls = self.sim.calls()
        self.assertEqual(calls.get('route53:ChangeResourceRecordSets'), 4, calls)
        log = [c for c in route53_log(self.sim) if c['operation'] == 'ChangeResourceRecordSets']
        self.assertEqual([c['status'] for c in log], [200] * 4)                        # none refused
        self.assertEqual(len(self.sim.records()), 2000)
        r = self.run_ld('--dry-run')
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)

    def flat_5_per_second(self, burst=None):
        """A busy cycle (7 zone pages, 2 change batches back to back, one GetChange) against an account
        under the older Route 53 limit: 5 requests a second, no more at once."""
        self.start(scenario(services(300), records=[plain(i) for i in range(2000)],
                            limits={'route53_rps': 5}), config_extra='ownership: state\n')
        self.edit_config('aws: {route53_rps: 50, concurrency: 4}',
                         'aws: {route53_rps: 5, concurrency: 4%s}' % (
                             ', route53_burst: %d' % burst if burst else ''))
        t = time.monotonic()
        if burst is None:
            self.apply()
        else:
            # Throttled calls past max_attempts hold that zone for the cycle (exit 3); the next converges.
            self.assertIn(self.run_ld('--once').code, (0, 3))
        return route53_log(self.sim), time.monotonic() - t

    def test_the_default_pacing_is_never_throttled_at_a_flat_5_per_second(self):
        log, took = self.flat_5_per_second()
        self.assertGreaterEqual(len(log), 12, log)
        self.assertEqual([c for c in log if c['code'] == 'Throttling'], [])
        self.assertGreaterEqual(took, (len(log) - 1) / 5.0 - 0.2)

    def test_a_burst_above_the_accounts_bucket_is_throttled_and_still_converges(self):
        # Why route53_burst defaults to 1: 10 at once overruns a bucket of 5; retries absorb it.
        log, _ = self.flat_5_per_second(burst=10)
        self.assertNotEqual([c for c in log if c['code'] == 'Throttling'], [])
        self.edit_config('route53_burst: 10', 'route53_burst: 1')
        self.apply()
        self.assertEqual(len(self.sim.records()), 2600)                # 600 aliases beside 2,000 A

    def test_lattice_throttling_waits_as_retry_after_seconds_asks(self):
        self.start(scenario(services(1)))
        self.sim.admin.admin_faults({'service': 'vpc-lattice', 'operation': 'ListServices', 'count': 1,
                                     'error': 'ThrottlingException', 'status': 429})
        t = time.monotonic()
        self.apply()
        self.assertGreaterEqual(time.monotonic() - t, 1.0)      # awsim said retryAfterSeconds 1
        self.assertEqual(len(self.sim.records()), 2)


if __name__ == '__main__':
    unittest.main()
