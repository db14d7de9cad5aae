"""Issue 12: per-zone record styles and views, for the external-connectivity proxy (split horizon)."""
import json
import sqlite3
import unittest

from harness import DNS_ACCOUNT, E2E, LATTICE_ZONE, ZONE, ZONE_ID, alias, arn, scenario, service

A1 = '111122223333'
US = 'us-east-1'
SID = 'svc-00000000000000001'
INGRESS = 'Z0INGRESS000000000001'
PUBLIC = 'Z0PUBLIC0000000000001'
NLB = 'proxy-0123456789abcdef.elb.us-east-1.amazonaws.com'
NLB_ZONE = 'Z26RNL4JYFTOTI'

ZONES = """  - id: %s
    view: ingress
    style: cname
    ttl: 60
  - id: %s
    view: public
    target: {cname: %s}
    ttl: 120
    selector: {tag: External, value: "true"}
""" % (INGRESS, PUBLIC, NLB)


def world(services, records=None, extra_zones=True):
    scen = scenario(services, records=records)
    if extra_zones:
        for zid, private in ((INGRESS, True), (PUBLIC, False)):
            scen['zones'].append({'id': zid, 'name': ZONE, 'private': private, 'account': DNS_ACCOUNT,
                                  'records': [], 'tags': {}})
    return scen


def external(sid=SID, domain='api.corp.internal', **kw):
    return service(A1, US, sid, domain, tags={'NewService': 'true', 'External': 'true'}, **kw)


class SplitHorizon(E2E):
    def zone_records(self, zid, types=('A', 'AAAA', 'CNAME')):
        z = [z for z in self.sim.state()['zones'] if z['id'] == zid][0]
        return {(r['Name'], r['Type']): r for r in z['records'] if r['Type'] in types}

    def zone_tags(self, zid):
        return [z for z in self.sim.state()['zones'] if z['id'] == zid][0]['tags']

    def with_zones(self, services, extra='', records=None):
        self.start(world(services, records=records), config_extra=extra)
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n%s' % (ZONE_ID, ZONES))

    def assert_split(self, name='api.corp.internal.', sid=SID):
        self.assert_alias_pair(name, sid, US)
        ing, pub = self.zone_records(INGRESS), self.zone_records(PUBLIC)
        self.assertEqual([k for k in ing if k[0] == name], [(name, 'CNAME')])
        self.assertEqual(ing[(name, 'CNAME')], {'Name': name, 'Type': 'CNAME', 'TTL': 60,
                                                'ResourceRecords': [{'Value': alias(sid, US)[:-1]}]})
        self.assertEqual([k for k in pub if k[0] == name], [(name, 'CNAME')])
        self.assertEqual(pub[(name, 'CNAME')], {'Name': name, 'Type': 'CNAME', 'TTL': 120,
                                                'ResourceRecords': [{'Value': NLB}]})

    def test_one_service_two_zones_gets_the_right_record_in_each_and_its_removal_removes_both(self):
        self.with_zones([external()])
        plan = self.run_ld('--dry-run', '-o', 'json')
        self.assertEqual(plan.code, 2, plan)
        j = json.loads(plan.out)
        by_zone = {z['id']: [(c['action'], c['type'], c.get('ttl'), c.get('values')) for c in z['changes']]
                   for z in j['zones']}
        self.assertEqual(by_zone[INGRESS], [('create', 'CNAME', 60, alias(SID, US)[:-1])])
        self.assertEqual(by_zone[PUBLIC], [('create', 'CNAME', 120, NLB)])
        self.apply()
        self.assert_split()
        for zid in (ZONE_ID, INGRESS, PUBLIC):
            self.assertEqual(self.zone_tags(zid), {arn(A1, US, SID): 'api.corp.internal'})
        self.assertEqual(self.run_ld('--dry-run').code, 0)
        # Removal: the opt-in tag goes, and with it the records of every zone.
        self.sim.spoke(A1, US).lattice_untag(arn(A1, US, SID), ['NewService'])
        r = self.run_ld('--once', '--force')
        self.assertEqual(r.code, 0, r)
        for zid in (ZONE_ID, INGRESS, PUBLIC):
            self.assertEqual(self.zone_records(zid), {}, zid)
            self.assertEqual(self.zone_tags(zid), {}, zid)

    def test_a_failed_listing_holds_both_zones(self):
        self.with_zones([external()])
        self.apply()
        self.sim.admin.admin_faults({'service': 'vpc-lattice', 'operation': 'ListServices', 'account': A1,
                                     'error': 'InternalServerException', 'status': 500})
        self.sim.spoke(A1, US).lattice_untag(arn(A1, US, SID), ['NewService'])
        r = self.run_ld('--once', '--force')
        self.assertEqual(r.code, 3, r)
        self.assert_split()
        self.assertIn('was not listed this cycle', r.out)

    def test_the_zone_selector_takes_and_drops_only_its_own_zone(self):
        self.with_zones([service(A1, US, SID, 'api.corp.internal')])     # not External
        self.apply()
        self.assertEqual(self.zone_records(PUBLIC), {})
        self.assertIn(('api.corp.internal.', 'CNAME'), self.zone_records(INGRESS))
        self.sim.spoke(A1, US).lattice_tag(arn(A1, US, SID), {'External': 'true'})
        self.apply()
        self.assert_split()
        self.sim.spoke(A1, US).lattice_untag(arn(A1, US, SID), ['External'])
        r = self.apply()
        self.assertIn("the zone's selector no longer selects it", r.out)
        self.assertEqual(self.zone_records(PUBLIC), {})
        self.assertEqual(self.zone_tags(PUBLIC), {})
        self.assertIn(('api.corp.internal.', 'CNAME'), self.zone_records(INGRESS))
        self.assert_alias_pair('api.corp.internal.', SID, US)

    def test_a_more_specific_zone_added_takes_its_names_from_the_wider_one(self):
        dev = 'Z0DEV000000000000001'
        scen = scenario([service(A1, US, SID, 'api.dev.corp.internal'),
                         service(A1, US, 'svc-00000000000000002', 'pay.corp.internal')])
        scen['zones'].append({'id': dev, 'name': 'dev.' + ZONE, 'private': True, 'account': DNS_ACCOUNT,
                              'records': [], 'tags': {}})
        self.start(scen)
        self.apply()
        self.assertIn(('api.dev.corp.internal.', 'A'), self.zone_records(ZONE_ID))
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n  - id: %s\n' % (ZONE_ID, dev))
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assertIn('its name now belongs to zone %s dev.corp.internal. (the longest suffix)' % dev, r.out)
        self.apply('--force')
        # The wider zone keeps only what still belongs there; the new one has the moved name.
        self.assertEqual(set(self.zone_records(ZONE_ID)), {('pay.corp.internal.', 'A'), ('pay.corp.internal.', 'AAAA')})
        self.assertEqual(self.zone_tags(ZONE_ID), {arn(A1, US, 'svc-00000000000000002'): 'pay.corp.internal'})
        self.assertEqual(set(self.zone_records(dev)), {('api.dev.corp.internal.', 'A'),
                                                       ('api.dev.corp.internal.', 'AAAA')})
        self.assertEqual(self.zone_tags(dev), {arn(A1, US, SID): 'api.dev.corp.internal'})
        self.assertEqual(self.run_ld('--dry-run').code, 0)

    def first_plan_touches_only_new_zones(self, extra):
        self.start(world([external(), external('svc-00000000000000002', 'pay.corp.internal')]),
                   config_extra=extra)
        self.apply()
        before = self.zone_records(ZONE_ID)
        tags = self.zone_tags(ZONE_ID)
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n%s' % (ZONE_ID, ZONES))
        j = json.loads(self.run_ld('--dry-run', '-o', 'json').out)
        touched = {z['id'] for z in j['zones'] if z['changes'] or z['tag_changes']}
        self.assertEqual(touched, {INGRESS, PUBLIC})
        self.sim.reset_calls()
        self.apply()
        self.assertEqual(self.zone_records(ZONE_ID), before)
        self.assertEqual(self.zone_tags(ZONE_ID), tags)
        self.assert_split()
        self.assertEqual(self.run_ld('--dry-run').code, 0)

    def test_the_first_plan_after_adding_the_zones_touches_only_them(self):
        self.first_plan_touches_only_new_zones('')

    def test_the_first_plan_after_adding_the_zones_touches_only_them_in_state_mode(self):
        self.first_plan_touches_only_new_zones('ownership: state\n')

    def style_change(self, extra):
        self.start(world([external()], extra_zones=False), config_extra=extra)
        self.apply()
        self.assert_alias_pair('api.corp.internal.', SID, US)
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n    style: cname\n' % ZONE_ID)
        plan = self.run_ld('--dry-run')
        self.assertEqual(plan.code, 2, plan)
        self.assertIn("the zone's style is cname now: the A record gives way to a CNAME", plan.out)
        self.sim.reset_calls()
        self.apply('--force')
        # One batch: a CNAME cannot be written while the A and AAAA are there, nor they be left.
        self.assertEqual(self.sim.calls().get('route53:ChangeResourceRecordSets'), 1)
        self.assertEqual(self.zone_records(ZONE_ID), {('api.corp.internal.', 'CNAME'): {
            'Name': 'api.corp.internal.', 'Type': 'CNAME', 'TTL': 300,
            'ResourceRecords': [{'Value': alias(SID, US)[:-1]}]}})
        self.assertEqual(self.run_ld('--dry-run').code, 0)
        # And back.
        self.edit_config('    style: cname\n', '')
        self.sim.reset_calls()
        self.apply('--force')
        self.assertEqual(self.sim.calls().get('route53:ChangeResourceRecordSets'), 1)
        self.assertEqual(set(self.zone_records(ZONE_ID)), {('api.corp.internal.', 'A'), ('api.corp.internal.', 'AAAA')})
        self.assertEqual(self.run_ld('--dry-run').code, 0)
        # Removal works on the CNAME's successor as on any alias.
        self.sim.spoke(A1, US).lattice_untag(arn(A1, US, SID), ['NewService'])
        self.apply('--force')
        self.assertEqual(self.zone_records(ZONE_ID), {})

    def test_a_style_change_replaces_the_records_in_one_batch(self):
        self.style_change('')

    def test_a_style_change_replaces_the_records_in_one_batch_in_state_mode(self):
        self.style_change('ownership: state\n')
        rows = sqlite3.connect(self.state_path).execute('SELECT count(*) FROM owned_records').fetchone()
        self.assertEqual(rows, (0,))

    def test_a_style_change_replaces_the_records_in_one_batch_in_txt_mode(self):
        self.style_change('ownership: txt\nowner_id: e2e\n')
        self.assertEqual(self.zone_records(ZONE_ID, ('TXT',)), {})

    def test_cname_zones_in_txt_mode_write_the_registry_beside_the_cname(self):
        self.with_zones([external()], extra='ownership: txt\nowner_id: e2e\n')
        self.apply()
        self.assert_split()
        for zid in (INGRESS, PUBLIC):
            txt = self.zone_records(zid, ('TXT',))
            self.assertEqual(list(txt), [('_latticedns.api.corp.internal.', 'TXT')], zid)
            self.assertEqual(txt[('_latticedns.api.corp.internal.', 'TXT')]['ResourceRecords'],
                             [{'Value': '"heritage=latticedns,owner=e2e,arn=%s"' % arn(A1, US, SID)}])
            self.assertEqual(self.zone_tags(zid), {})
        self.assertEqual(self.run_ld('--dry-run').code, 0)
        self.sim.spoke(A1, US).lattice_untag(arn(A1, US, SID), ['NewService'])
        self.apply('--force')
        for zid in (ZONE_ID, INGRESS, PUBLIC):
            self.assertEqual(self.zone_records(zid, ('A', 'AAAA', 'CNAME', 'TXT')), {}, zid)

    def test_a_cname_zone_in_state_mode_keeps_its_ledger_and_removes_the_cname(self):
        self.with_zones([external()], extra='ownership: state\n')
        self.apply()
        rows = sqlite3.connect(self.state_path).execute(
            "SELECT zone_id, type, alias_zone_id, alias_dns_name FROM owned_records WHERE type = 'CNAME' "
            "ORDER BY zone_id").fetchall()
        self.assertEqual(rows, [(INGRESS, 'CNAME', None, alias(SID, US)[:-1]), (PUBLIC, 'CNAME', None, NLB)])
        self.sim.spoke(A1, US).lattice_delete_service(SID)
        self.apply('--force')
        for zid in (ZONE_ID, INGRESS, PUBLIC):
            self.assertEqual(self.zone_records(zid), {}, zid)

    def test_a_cname_zone_leaves_a_name_holding_another_record(self):
        txt = {'Name': 'api.corp.internal.', 'Type': 'TXT', 'TTL': 300, 'ResourceRecords': [{'Value': '"v=1"'}]}
        self.start(world([external()], records=[txt], extra_zones=False))
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n    style: cname\n' % ZONE_ID)
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertIn('a TXT record latticedns did not write holds the name, and a CNAME (zones[].style: cname) '
                      'cannot share a name with any other record', r.out)
        self.assertEqual(set(self.zone_records(ZONE_ID, ('TXT', 'CNAME'))), {('api.corp.internal.', 'TXT')})

    def test_a_public_zone_refuses_lattice_names_unless_allowed(self):
        self.start(world([external()]))
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n  - id: %s\n    view: public\n    style: cname\n'
                         % (ZONE_ID, PUBLIC))
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertIn('zone %s is public and %s is a VPC Lattice name (link-local, reachable only inside a VPC)'
                      % (PUBLIC, alias(SID, US)[:-1]), r.out)
        self.assertEqual(self.zone_records(PUBLIC), {})
        self.edit_config('    style: cname\n', '    style: cname\n    allow_link_local: true\n')
        self.apply()
        self.assertIn(('api.corp.internal.', 'CNAME'), self.zone_records(PUBLIC))

    def test_a_target_alias_to_the_proxy_load_balancer(self):
        self.start(world([external()]))
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n  - id: %s\n    view: public\n    target:\n'
                         '      alias: {dns_name: %s, hosted_zone_id: %s}\n' % (ZONE_ID, PUBLIC, NLB, NLB_ZONE))
        self.apply()
        pub = self.zone_records(PUBLIC)
        for t in ('A', 'AAAA'):
            self.assertEqual(pub[('api.corp.internal.', t)]['AliasTarget'],
                             {'HostedZoneId': NLB_ZONE, 'DNSName': NLB + '.', 'EvaluateTargetHealth': False})
        self.assertEqual(self.run_ld('--dry-run').code, 0)
        self.sim.spoke(A1, US).lattice_delete_service(SID)
        self.apply('--force')
        self.assertEqual(self.zone_records(PUBLIC), {})

    def test_zones_of_one_view_keep_the_longest_suffix_rule(self):
        sub = 'Z0SUB00000000000000001'
        scen = world([external(domain='api.pay.corp.internal')], extra_zones=False)
        scen['zones'].append({'id': sub, 'name': 'pay.corp.internal.', 'private': True, 'account': DNS_ACCOUNT,
                              'records': [], 'tags': {}})
        self.start(scen)
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n  - id: %s\n' % (ZONE_ID, sub))
        self.apply()
        self.assertEqual(self.zone_records(ZONE_ID), {})
        self.assertEqual(set(self.zone_records(sub)), {('api.pay.corp.internal.', 'A'),
                                                       ('api.pay.corp.internal.', 'AAAA')})


if __name__ == '__main__':
    unittest.main()
