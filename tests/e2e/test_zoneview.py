"""The zone view (issue 11): a converged cycle between full reads costs Route 53 GetHostedZone and the
zone tags only; the record count, the tags, failed writes, full_scan_every and --full-scan bring
the full read back; each name a view cycle changes is read again before it is written."""
import json
import time
import unittest

from harness import E2E, LATTICE_ZONE, ZONE_ID, alias, arn, scenario, service

A1 = '111122223333'
EU = 'eu-west-1'
R53 = '/2013-04-01/hostedzone/%s/rrset' % ZONE_ID
NS = 'https://route53.amazonaws.com/doc/2013-04-01/'


def change(action, name, typ, dns_name=None, value=None):
    if dns_name:
        body = ('<AliasTarget><HostedZoneId>%s</HostedZoneId><DNSName>%s</DNSName>'
                '<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget>' % (LATTICE_ZONE, dns_name))
    else:
        body = ('<TTL>300</TTL><ResourceRecords><ResourceRecord><Value>%s</Value>'
                '</ResourceRecord></ResourceRecords>' % value)
    return ('<Change><Action>%s</Action><ResourceRecordSet><Name>%s</Name><Type>%s</Type>%s'
            '</ResourceRecordSet></Change>' % (action, name, typ, body))


def batch(*changes):
    return ('<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="%s">'
            '<ChangeBatch><Changes>%s</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>'
            % (NS, ''.join(changes))).encode()


def svc(i):
    return service(A1, EU, 'svc-%017d' % i, 'n%04d.corp.internal' % i)


def route53_calls(calls):
    return {k: v for k, v in calls.items() if k.startswith('route53:')}


# A zone with some bulk, so that a full read is more than one page.
HOSTS = [{'Name': 'h%04d.corp.internal.' % i, 'Type': 'A', 'TTL': 60,
          'ResourceRecords': [{'Value': '10.0.%d.%d' % (i // 250, i % 250)}]} for i in range(700)]


class ZoneView(E2E):
    accounts = (A1,)

    def start_zone(self, n=3, extra=''):
        self.start(scenario([svc(i) for i in range(n)], records=list(HOSTS)), config_extra=extra)

    def plan(self, *args):
        """One applying cycle with a JSON plan: (exit code, plan, Route 53 calls it made)."""
        self.sim.reset_calls()
        r = self.run_ld('--once', '-o', 'json', *args)
        self.assertIn(r.code, (0, 3), r)
        return r.code, json.loads(r.out), route53_calls(self.sim.calls())

    def hand(self, *changes):
        st, _, body = self.sim.route53('POST', R53, batch(*changes))
        self.assertEqual(st, 200, body)

    def test_converged_once_runs_between_full_reads_make_at_most_3_route53_calls(self):
        self.start_zone()
        code, plan, calls = self.plan()
        self.assertEqual(plan['zones'][0]['read']['kind'], 'full')
        self.assertEqual(plan['zones'][0]['read']['reason'], 'no_view')
        self.assertGreaterEqual(calls.get('route53:ListResourceRecordSets', 0), 3, calls)   # 708 records
        for age in range(1, 5):
            code, plan, calls = self.plan()
            self.assertEqual(code, 0)
            read = plan['zones'][0]['read']
            self.assertEqual((read['kind'], read['reason'], read['age_cycles'], read['targeted_reads']),
                             ('view', 'view', age, 0), read)
            self.assertEqual(read['record_count'], 708)     # 700 hosts, SOA, NS, 3 alias pairs
            self.assertEqual(calls, {'route53:GetHostedZone': 1, 'route53:ListTagsForResource': 1}, calls)
            self.assertEqual(plan['summary'], {'create': 0, 'update': 0, 'delete': 0, 'tags_add': 0,
                                               'tags_remove': 0, 'adopt': 0})

    def test_state_mode_converged_cycle_is_one_get_hosted_zone(self):
        self.start_zone(extra='ownership: state\n')
        self.plan()
        code, plan, calls = self.plan()
        self.assertEqual(code, 0)
        self.assertEqual(calls, {'route53:GetHostedZone': 1}, calls)

    def test_the_daemon_reads_whole_at_start_then_uses_the_view(self):
        self.start_zone()
        self.apply()              # the records exist: the daemon's cycles are converged ones
        d = self.daemon('--interval', '1s')
        cycles = lambda: [json.loads(l) for l in d.log().splitlines() if '"event":"cycle"' in l]
        reads = lambda: [json.loads(l) for l in d.log().splitlines() if '"event":"read"' in l]
        deadline = time.time() + 30
        while len(cycles()) < 1 and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual(reads()[0]['read'], 'full', d.log())     # startup: a full read, even with a view
        self.sim.reset_calls()
        while len(cycles()) < 4 and time.time() < deadline:
            time.sleep(0.02)
        calls = route53_calls(self.sim.calls())
        d.stop()
        self.assertGreaterEqual(len(cycles()), 4, d.log())
        # Three converged cycles (a fourth may have begun its GetHostedZone): at most 3 calls each.
        self.assertEqual(calls.get('route53:ListResourceRecordSets', 0), 0, calls)
        self.assertLessEqual(sum(calls.values()), 3 * 3 + 2, calls)
        self.assertGreaterEqual(calls.get('route53:GetHostedZone', 0), 3, calls)
        self.assertEqual([r['read'] for r in reads()[1:4]], ['view'] * 3, d.log())

    def test_a_record_added_or_deleted_by_hand_is_noticed_by_the_next_cycle(self):
        self.start_zone()
        self.plan()
        self.hand(change('CREATE', 'extra.corp.internal.', 'A', value='10.9.9.9'))
        code, plan, calls = self.plan()
        read = plan['zones'][0]['read']
        self.assertEqual((read['kind'], read['reason'], read['record_count'], read['view_record_count']),
                         ('full', 'count_differs', 709, 708), read)
        self.assertGreaterEqual(calls.get('route53:ListResourceRecordSets', 0), 3, calls)
        # A record of ours deleted by hand: the count says so, the full read finds it, it is restored.
        self.hand(change('DELETE', 'n0001.corp.internal.', 'AAAA', dns_name=alias('svc-%017d' % 1, EU)))
        code, plan, calls = self.plan()
        self.assertEqual(code, 0)
        self.assertEqual(plan['zones'][0]['read']['reason'], 'count_differs')
        self.assertEqual(plan['summary']['create'], 1)
        self.assert_alias_pair('n0001.corp.internal.', 'svc-%017d' % 1, EU)
        code, plan, calls = self.plan()
        self.assertEqual(plan['zones'][0]['read']['kind'], 'view')   # what it wrote is in the view

    def test_an_alias_edited_by_hand_is_repaired_by_the_next_full_read(self):
        self.start_zone(extra='full_scan_every: 3\n')
        self.plan()
        # The count stays as it was: only a full read can see this.
        self.hand(change('UPSERT', 'n0002.corp.internal.', 'A', dns_name='elsewhere.example.com'))
        for age in (1, 2):
            code, plan, calls = self.plan()
            self.assertEqual((plan['zones'][0]['read']['kind'], plan['zones'][0]['read']['age_cycles']),
                             ('view', age))
            self.assertEqual(self.sim.records()[('n0002.corp.internal.', 'A')]['AliasTarget']['DNSName'],
                             'elsewhere.example.com.')
        code, plan, calls = self.plan()
        read = plan['zones'][0]['read']
        self.assertEqual((read['kind'], read['reason'], read['full_scan_every']), ('full', 'full_scan_every', 3))
        self.assertEqual(plan['summary']['update'], 1)
        self.assert_alias_pair('n0002.corp.internal.', 'svc-%017d' % 2, EU)

    def test_full_scan_flag_forces_a_full_read(self):
        self.start_zone()
        self.plan()
        self.sim.reset_calls()
        r = self.run_ld('--dry-run', '--full-scan', '-o', 'json')
        self.assertEqual(r.code, 0, r)
        self.assertEqual(json.loads(r.out)['zones'][0]['read']['reason'], 'full_scan_flag')
        self.assertGreaterEqual(self.sim.calls().get('route53:ListResourceRecordSets', 0), 3)
        r = self.run_ld('--dry-run')
        self.assertIn('  read: stored view of age 1 cycle, ', r.out)
        self.assertIn(' (record count 708 unchanged); 0 names re-read\n', r.out)

    def test_full_scan_every_1_reads_whole_every_cycle(self):
        self.start_zone(extra='full_scan_every: 1\n')
        for _ in range(3):
            code, plan, calls = self.plan()
            self.assertEqual(code, 0)
            self.assertEqual(plan['zones'][0]['read']['kind'], 'full')
            self.assertEqual(calls.get('route53:ListResourceRecordSets'), 3, calls)   # 708 at 300 a page
        r = self.run_ld('--dry-run')
        self.assertIn('  read: whole zone (full_scan_every is 1)\n', r.out)

    def test_a_view_cycle_reads_the_names_it_changes_and_keeps_its_view(self):
        self.start_zone()
        self.plan()
        # A new service: one name to create, read on its own before it is written.
        self.sim.spoke(A1, EU).lattice_create_service('fresh', custom_domain='fresh.corp.internal',
                                                     tags={'NewService': 'true'})
        code, plan, calls = self.plan()
        self.assertEqual(code, 0)
        read = plan['zones'][0]['read']
        self.assertEqual((read['kind'], read['targeted_reads']), ('view', 1), read)
        self.assertEqual(calls.get('route53:ListResourceRecordSets'), 1, calls)
        self.assertEqual(plan['summary']['create'], 2)
        self.assertIn(('fresh.corp.internal.', 'A'), self.sim.records())
        # The view learned what was written: the next cycle is a converged view cycle.
        code, plan, calls = self.plan()
        self.assertEqual((plan['zones'][0]['read']['kind'], plan['summary']['create']), ('view', 0))
        self.assertNotIn('route53:ListResourceRecordSets', calls)

    def test_what_holds_a_name_now_decides_not_the_view(self):
        self.start_zone()
        self.plan()
        # Behind the view's back and with the count unchanged: one host record goes, a CNAME takes
        # the name a new service is about to claim.
        self.hand(change('DELETE', 'h0000.corp.internal.', 'A', value='10.0.0.0').replace('<TTL>300', '<TTL>60'),
                  change('CREATE', 'fresh.corp.internal.', 'CNAME', value='elsewhere.example.com'))
        self.sim.spoke(A1, EU).lattice_create_service('fresh', custom_domain='fresh.corp.internal',
                                                     tags={'NewService': 'true'})
        code, plan, calls = self.plan()
        self.assertEqual(plan['zones'][0]['read']['kind'], 'view')
        self.assertEqual(plan['summary']['create'], 0, plan)
        self.assertIn('CNAME', json.dumps(plan['skipped']))
        self.assertNotIn(('fresh.corp.internal.', 'A'), self.sim.records())

    def test_a_deletion_is_sent_only_for_what_the_name_holds_now(self):
        self.start_zone()
        self.plan()
        sid = 'svc-%017d' % 1
        # The A record of n0001 deleted by hand, a host record added: the count is unchanged.
        self.hand(change('DELETE', 'n0001.corp.internal.', 'A', dns_name=alias(sid, EU)),
                  change('CREATE', 'extra.corp.internal.', 'A', value='10.9.9.9'))
        self.sim.spoke(A1, EU).lattice_delete_service(sid)
        code, plan, calls = self.plan()
        self.assertEqual(code, 0, plan)
        self.assertEqual(plan['zones'][0]['read']['kind'], 'view')
        deletes = [(c['name'], c['type']) for c in plan['zones'][0]['changes'] if c['action'] == 'delete']
        self.assertEqual(deletes, [('n0001.corp.internal.', 'AAAA')])
        self.assertEqual(calls.get('route53:ChangeResourceRecordSets'), 1, calls)   # never refused
        self.assertNotIn(('n0001.corp.internal.', 'AAAA'), self.sim.records())
        self.assertNotIn(arn(A1, EU, sid), self.sim.tags())

    def test_a_failed_write_brings_the_full_read_back(self):
        self.start_zone()
        self.plan()
        self.sim.spoke(A1, EU).lattice_create_service('fresh', custom_domain='fresh.corp.internal',
                                                     tags={'NewService': 'true'})
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets',
                                     'error': 'AccessDenied', 'status': 403, 'count': 1})
        code, plan, calls = self.plan()
        self.assertEqual(code, 3)
        code, plan, calls = self.plan()
        self.assertEqual(code, 0)
        self.assertEqual(plan['zones'][0]['read']['reason'], 'stale')
        self.assertGreaterEqual(calls.get('route53:ListResourceRecordSets', 0), 3, calls)
        self.assertIn(('fresh.corp.internal.', 'A'), self.sim.records())

    def test_a_failed_targeted_read_holds_the_zone(self):
        self.start_zone()
        self.plan()
        self.sim.spoke(A1, EU).lattice_create_service('fresh', custom_domain='fresh.corp.internal',
                                                     tags={'NewService': 'true'})
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ListResourceRecordSets',
                                     'error': 'AccessDenied', 'status': 403, 'count': 1})
        code, plan, calls = self.plan()
        self.assertEqual(code, 3)
        self.assertEqual(plan['summary']['create'], 0)
        self.assertIn('ListResourceRecordSets at a name to change failed', json.dumps(plan['held']))
        self.assertEqual(self.write_calls(), 0, calls)
        # The read failed: the view is not trusted again before a full read.
        code, plan, calls = self.plan()
        self.assertEqual(code, 0)
        self.assertEqual(plan['zones'][0]['read']['reason'], 'stale')
        self.assertIn(('fresh.corp.internal.', 'A'), self.sim.records())

    def test_txt_mode_view_cycles_hold_the_registry_records_too(self):
        self.start_zone(extra='ownership: txt\nowner_id: net-prod\n')
        self.plan()
        code, plan, calls = self.plan()
        self.assertEqual((code, plan['zones'][0]['read']['kind']), (0, 'view'))
        self.assertEqual(calls, {'route53:GetHostedZone': 1}, calls)
        # A new service: its records and its registry TXT, each name read before it is written.
        self.sim.spoke(A1, EU).lattice_create_service('fresh', custom_domain='fresh.corp.internal',
                                                     tags={'NewService': 'true'})
        code, plan, calls = self.plan()
        self.assertEqual(code, 0, plan)
        self.assertEqual(plan['zones'][0]['read']['kind'], 'view')
        self.assertEqual(plan['zones'][0]['read']['targeted_reads'], calls.get('route53:ListResourceRecordSets'))
        recs = {(r['Name'], r['Type']) for r in self.sim.zone()['records']}
        self.assertIn(('fresh.corp.internal.', 'A'), recs)
        self.assertIn(('_latticedns.fresh.corp.internal.', 'TXT'), recs)
        # The view holds what was written, registry included: converged, and the count agrees.
        code, plan, calls = self.plan()
        self.assertEqual((code, plan['zones'][0]['read']['kind']), (0, 'view'))
        self.assertEqual(calls, {'route53:GetHostedZone': 1}, calls)
        self.assertEqual(plan['zones'][0]['changes'], [])


if __name__ == '__main__':
    unittest.main()
