"""The parity suite of ../shared/parity/PARITY.md, case by case, against the real binary."""
import unittest

from harness import (E2E, ZONE_ID, alias, arn, scenario, service)

A1 = '111122223333'
A2 = '444455556666'
EU = 'eu-west-1'
US = 'us-east-1'


class Parity(E2E):
    def test_01_new_service_gets_a_aaaa_alias_and_tag(self):
        self.start(scenario([service(A1, EU, 'svc-0a1b2c3d4e5f60718', 'payments.corp.internal')]))
        self.apply()
        self.assert_alias_pair('payments.corp.internal.', 'svc-0a1b2c3d4e5f60718', EU)
        self.assertEqual(self.sim.tags().get(arn(A1, EU, 'svc-0a1b2c3d4e5f60718')),
                         'payments.corp.internal')

    def test_02_no_custom_domain_gets_nothing(self):
        self.start(scenario([service(A1, EU, 'svc-00000000000000002', None)]))
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 0, r)
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)
        self.apply()
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.tags(), {})

    def test_03_newservice_false_from_the_start_gets_nothing(self):
        self.start(scenario([service(A1, EU, 'svc-00000000000000003', 'off.corp.internal',
                                     tags={'NewService': 'false'})]))
        self.apply()
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.tags(), {})

    def test_04_true_then_false_holds_records_and_tag(self):
        sid = 'svc-00000000000000004'
        self.start(scenario([service(A1, EU, sid, 'hold.corp.internal')]))
        self.apply()
        self.sim.spoke(A1, EU).lattice_tag(arn(A1, EU, sid), {'NewService': 'false'})
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assert_alias_pair('hold.corp.internal.', sid, EU)
        self.assertEqual(self.sim.tags().get(arn(A1, EU, sid)), 'hold.corp.internal')

    def test_05_key_removed_removes_records_and_tag(self):
        sid = 'svc-00000000000000005'
        self.start(scenario([service(A1, EU, sid, 'gone.corp.internal')]))
        self.apply()
        self.sim.spoke(A1, EU).lattice_untag(arn(A1, EU, sid), ['NewService'])
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assertIn('Plan: 0 to create, 0 to update, 2 to delete; tags: +0 -1.', r.out)
        self.apply()
        self.assertEqual(self.sim.records(), {})
        self.assertNotIn(arn(A1, EU, sid), self.sim.tags())

    def test_06_deleted_service_removes_records_and_tag(self):
        sid, stays = 'svc-00000000000000006', 'svc-00000000000000016'
        # A second service stays, so the account does not list 0 services: that case is held
        # one cycle by the sanity gate (test_ownership.SanityGate), beyond the pipeline.
        self.start(scenario([service(A1, US, sid, 'deleted.corp.internal'),
                             service(A1, US, stays, 'stays.corp.internal')]))
        self.apply()
        self.sim.spoke(A1, US).lattice_delete_service(sid)
        self.apply()
        self.assertEqual(sorted(self.sim.records()), [('stays.corp.internal.', 'A'), ('stays.corp.internal.', 'AAAA')])
        self.assertEqual(self.sim.tags(), {arn(A1, US, stays): 'stays.corp.internal'})

    def test_07_existing_a_record_is_overwritten(self):
        sid = 'svc-00000000000000007'
        pre = [{'Name': 'over.corp.internal.', 'Type': 'A', 'TTL': 300,
                'ResourceRecords': [{'Value': '10.1.2.3'}]}]
        self.start(scenario([service(A1, EU, sid, 'over.corp.internal')], records=pre))
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assertIn('Plan: 1 to create, 1 to update, 0 to delete; tags: +1 -0.', r.out)
        self.apply()
        self.assert_alias_pair('over.corp.internal.', sid, EU)

    def test_08_failed_status_still_gets_records(self):
        s1 = service(A1, EU, 'svc-00000000000000081', 'cf.corp.internal', status='CREATE_FAILED')
        s2 = service(A1, EU, 'svc-00000000000000082', 'df.corp.internal', status='DELETE_FAILED')
        self.start(scenario([s1, s2]))
        self.apply()
        self.assert_alias_pair('cf.corp.internal.', 'svc-00000000000000081', EU)
        self.assert_alias_pair('df.corp.internal.', 'svc-00000000000000082', EU)

    def test_09_many_services_many_accounts_and_regions(self):
        svcs = []
        for a in (A1, A2):
            for reg in (US, EU):
                for i in range(5):
                    sid = 'svc-%s%s%07d' % (a[:6], '1' if reg == US else '2', i)
                    svcs.append(service(a, reg, sid, 's%d-%s-%s.corp.internal' % (i, a[:4], reg)))
        self.start(scenario(svcs, accounts=(A1, A2)), accounts=(A1, A2))
        self.apply()
        recs = self.sim.records()
        self.assertEqual(len(recs), 2 * len(svcs))
        tags = self.sim.tags()
        for s in svcs:
            self.assertEqual(tags[arn(s['account'], s['region'], s['id'])], s['customDomainName'])
            self.assert_alias_pair(s['customDomainName'] + '.', s['id'], s['region'])

    def test_10_zone_populated_by_the_pipeline_gives_an_empty_plan(self):
        sid = 'svc-00000000000000010'
        recs = [{'Name': 'pre.corp.internal.', 'Type': t,
                 'AliasTarget': {'HostedZoneId': 'Z03867022NOYBCTG0GJR1',
                                 'DNSName': alias(sid, EU), 'EvaluateTargetHealth': False}}
                for t in ('A', 'AAAA')]
        self.start(scenario([service(A1, EU, sid, 'pre.corp.internal')], records=recs,
                            tags={arn(A1, EU, sid): 'pre.corp.internal'}))
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 0, r)
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)


    # -- PARITY.md's rows where the pipeline's outcome depends on luck, as latticedns decides them --

    def test_conflict_both_claimants_carry_their_tag_whatever_the_history(self):
        old = service(A1, EU, 'svc-000000000000000c1', 'same.corp.internal', created='2024-01-01T00:00:00Z')
        new = service(A2, US, 'svc-000000000000000c2', 'Same.corp.internal', created='2024-06-01T00:00:00Z')
        want_tags = {arn(A1, EU, old['id']): 'same.corp.internal', arn(A2, US, new['id']): 'Same.corp.internal'}
        # History 1: both appear at once.
        self.start(scenario([old, new], accounts=(A1, A2)), accounts=(A1, A2))
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 3, r)                                   # a conflict is reported
        self.assertIn('Plan: 2 to create, 0 to update, 0 to delete; tags: +2 -0.', r.out)
        self.assertEqual(self.run_ld('--once').code, 3)
        self.assert_alias_pair('same.corp.internal.', new['id'], US)     # the newest wins the records
        self.assertEqual(self.sim.tags(), want_tags)
        # History 2: the older one was there first, with its records and tag (the pipeline's zone).
        recs = [{'Name': 'same.corp.internal.', 'Type': t,
                 'AliasTarget': {'HostedZoneId': old['dnsEntry']['hostedZoneId'], 'DNSName': alias(old['id'], EU),
                                 'EvaluateTargetHealth': False}} for t in ('A', 'AAAA')]
        self.start(scenario([old, new], accounts=(A1, A2), records=recs,
                            tags={arn(A1, EU, old['id']): 'same.corp.internal'}), accounts=(A1, A2))
        self.assertEqual(self.run_ld('--once').code, 3)
        self.assert_alias_pair('same.corp.internal.', new['id'], US)
        self.assertEqual(self.sim.tags(), want_tags)
        r = self.run_ld('--dry-run')
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)

    def test_a_name_owned_twice_is_deleted_once(self):
        s1, s2 = 'svc-000000000000000d1', 'svc-000000000000000d2'
        recs = [{'Name': 'twice.corp.internal.', 'Type': t,
                 'AliasTarget': {'HostedZoneId': 'Z03867022NOYBCTG0GJR1', 'DNSName': alias(s1, EU),
                                 'EvaluateTargetHealth': False}} for t in ('A', 'AAAA')]
        self.start(scenario([service(A1, EU, s1, 'twice.corp.internal', tags={}),
                             service(A1, EU, s2, 'Twice.corp.internal', tags={})], records=recs,
                            tags={arn(A1, EU, s1): 'twice.corp.internal', arn(A1, EU, s2): 'Twice.corp.internal'}))
        r = self.run_ld('--dry-run')
        self.assertIn('Plan: 0 to create, 0 to update, 2 to delete; tags: +0 -2.', r.out)
        self.apply()                                                     # exit 0: nothing refused
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.tags(), {})

    def test_a_custom_domain_at_the_zone_apex_is_skipped_and_reported(self):
        sid = 'svc-000000000000000e1'
        self.start(scenario([service(A1, EU, sid, 'corp.internal')]))
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertIn("the custom domain is the zone's apex; latticedns never writes a zone's apex records", r.out)
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.tags(), {})
        # An apex tag the pipeline left behind: the tag goes, the apex records (SOA, NS) stay.
        before = self.sim.records(types=('SOA', 'NS'))
        self.sim.spoke(A1, EU).lattice_delete_service(sid)
        self.start(scenario([], tags={arn(A1, EU, sid): 'corp.internal'}))
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.sim.tags(), {})
        self.assertEqual(set(self.sim.records(types=('SOA', 'NS'))), set(before))


if __name__ == '__main__':
    unittest.main()
