"""Issue 12: DNS for VPC Lattice resource configurations, through the same core as services."""
import json
import sqlite3
import unittest

from harness import E2E, LATTICE_ZONE, ZONE_ID, scenario, service

A1 = '111122223333'
US = 'us-east-1'
RID = 'rcfg-0000000000000db01'
RARN = 'arn:aws:vpc-lattice:%s:%s:resourceconfiguration/%s' % (US, A1, RID)
ON = 'resource_configurations: {enabled: true}\n'


def rescfg(rid=RID, domain='db.corp.internal', tags=None, assocs=None, verified=None, created=None):
    r = {'account': A1, 'region': US, 'id': rid, 'name': 'db-' + rid[-4:],
         'tags': {'NewService': 'true'} if tags is None else tags,
         'associations': [{'serviceNetworkName': 'corp'}] if assocs is None else assocs}
    if domain:
        r['customDomainName'] = domain
    if verified:
        r['domainVerificationStatus'] = verified
    if created:
        r['createdAt'] = created
    return r


def rsc_name(world, rid=RID, network='corp'):
    """The association's generated dnsEntry, as awsim made it (the test reads it back, as a user would)."""
    r = [x for x in world['resource_configurations'] if x['id'] == rid][0]
    a = [x for x in r['associations'] if x['serviceNetworkName'] == network][0]
    return a['dnsEntry']


class ResourceConfigurations(E2E):
    def start_with(self, rescfgs, services=(), extra=ON):
        scen = scenario(list(services))
        scen['resource_configurations'] = rescfgs
        self.start(scen, config_extra=extra)

    def test_a_custom_domain_gets_an_alias_pair_to_its_association_and_goes_when_untagged(self):
        self.start_with([rescfg(assocs=[{'serviceNetworkName': 'corp'}, {'serviceNetworkName': 'edge'}])],
                        extra=ON)
        self.edit_config('  - id: %s\n' % ZONE_ID, '  - id: %s\n    service_network: corp\n' % ZONE_ID)
        plan = self.run_ld('--dry-run')
        self.assertEqual(plan.code, 2, plan)
        self.assertIn('resource configuration %s: resource configuration db-db01 is tagged NewService=true'
                      % RARN, plan.out)
        j = json.loads(self.run_ld('--dry-run', '-o', 'json').out)
        kinds = {c['resource_kind'] for z in j['zones'] for c in z['changes']}
        self.assertEqual(kinds, {'resource_configuration'})
        self.apply()
        dns = rsc_name(self.sim.state())
        recs = self.sim.records()
        for t in ('A', 'AAAA'):
            self.assertEqual(recs[('db.corp.internal.', t)]['AliasTarget'],
                             {'HostedZoneId': dns['hostedZoneId'], 'DNSName': dns['domainName'] + '.',
                              'EvaluateTargetHealth': False})
        self.assertTrue(dns['domainName'].endswith('.vpc-lattice-rsc.us-east-1.on.aws'))
        self.assertEqual(self.sim.tags(), {RARN: 'db.corp.internal'})
        self.assertEqual(self.run_ld('--dry-run').code, 0)
        # Untagged: its records and its tag go.
        self.sim.spoke(A1, US).lattice_untag(RARN, ['NewService'])
        r = self.run_ld('--once', '--force')
        self.assertEqual(r.code, 0, r)
        self.assertIn('the resource configuration no longer carries the opt-in tag', r.out)
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.tags(), {})

    def test_two_associations_and_none_configured_is_skipped_as_ambiguous(self):
        self.start_with([rescfg(assocs=[{'serviceNetworkName': 'corp'}, {'serviceNetworkName': 'edge'}])])
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertIn('ambiguous: the resource configuration is associated with 2 service networks and none '
                      'is configured; set service_network on the zone or the account', r.out)
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.calls().get('route53:ChangeResourceRecordSets', 0), 0)
        # The account's service_network settles it.
        self.edit_config('    regions: [', '    service_network: edge\n    regions: [')
        self.apply()
        dns = rsc_name(self.sim.state(), network='edge')
        self.assertEqual(self.sim.records()[('db.corp.internal.', 'A')]['AliasTarget']['DNSName'],
                         dns['domainName'] + '.')

    def test_verified_with_private_dns_is_skipped_as_managed_by_lattice_unless_asked(self):
        self.start_with([rescfg(verified='VERIFIED', assocs=[{'serviceNetworkName': 'corp',
                                                               'privateDnsEnabled': True}])])
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertIn('managed by Lattice: the custom domain is verified and private DNS is enabled on the '
                      'association with corp', r.out)
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.calls().get('vpc-lattice:GetResourceConfiguration'), 1)
        self.edit_config(ON, 'resource_configurations: {enabled: true, publish_managed: true}\n')
        self.apply()
        self.assertIn(('db.corp.internal.', 'A'), self.sim.records())

    def test_pending_verification_with_private_dns_is_published(self):
        self.start_with([rescfg(verified='PENDING', assocs=[{'serviceNetworkName': 'corp',
                                                              'privateDnsEnabled': True}])])
        self.apply()
        self.assertIn(('db.corp.internal.', 'AAAA'), self.sim.records())

    def test_a_name_from_the_name_tag_when_there_is_no_custom_domain(self):
        self.start_with([rescfg(domain=None, tags={'NewService': 'true', 'latticedns/name': 'vpce.corp.internal'})])
        self.apply()
        self.assertIn(('vpce.corp.internal.', 'A'), self.sim.records())
        self.assertEqual(self.sim.tags(), {RARN: 'vpce.corp.internal'})

    def test_a_service_and_a_resource_configuration_claiming_one_name_conflict(self):
        svc = service(A1, US, 'svc-00000000000000001', 'db.corp.internal', created='2024-05-01T10:00:00Z')
        self.start_with([rescfg(created='2025-01-01T00:00:00Z')], services=[svc])
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertIn('db.corp.internal.', r.out)
        self.assertIn(RARN, r.out)
        # The newest (the resource configuration) wins the records.
        self.assertIn('vpc-lattice-rsc', self.sim.records()[('db.corp.internal.', 'A')]['AliasTarget']['DNSName'])

    def test_a_failed_listing_of_resource_configurations_holds_the_account(self):
        svc = service(A1, US, 'svc-00000000000000001', 'api.corp.internal')
        self.start_with([rescfg()], services=[svc])
        self.apply()
        self.assertEqual(len(self.sim.records()), 4)
        self.sim.admin.admin_faults({'service': 'vpc-lattice', 'operation': 'ListResourceConfigurations',
                                     'error': 'AccessDeniedException', 'status': 403})
        self.sim.spoke(A1, US).lattice_untag(RARN, ['NewService'])
        r = self.run_ld('--once', '--force')
        self.assertEqual(r.code, 3, r)
        self.assertIn('resource configurations', r.err + r.out)
        self.assertEqual(len(self.sim.records()), 4)          # nothing deleted: the listing failed
        self.assertEqual(self.sim.calls().get('route53:ChangeResourceRecordSets', 0), 1)

    def test_a_listing_without_its_items_is_a_failed_listing(self):
        self.start_with([rescfg()])
        self.apply()
        self.sim.admin.admin_faults({'service': 'vpc-lattice', 'operation': 'ListServiceNetworkResourceAssociations',
                                     'body': '{}'})
        self.sim.spoke(A1, US).lattice_untag(RARN, ['Other'])
        r = self.run_ld('--once', '--force')
        self.assertEqual(r.code, 3, r)
        self.assertIn('not a JSON object with an items list', r.out + r.err)
        self.assertEqual(len(self.sim.records()), 2)

    def test_pages_of_resource_configurations_and_associations_are_all_read(self):
        many = [rescfg(rid='rcfg-%017x' % i, domain='db%03d.corp.internal' % i,
                       assocs=[{'serviceNetworkName': 'corp'}]) for i in range(105)]
        self.start_with(many, extra=ON + 'ownership: state\n')    # past the 50 zone tags
        self.apply()
        self.assertEqual(len(self.sim.records()), 210)
        # us-east-1 in two pages of 100, eu-west-1 in one (empty).
        self.assertEqual(self.sim.calls().get('vpc-lattice:ListResourceConfigurations'), 3)

    def test_state_mode_ledger_rows_name_the_resource_configuration(self):
        self.start_with([rescfg()], extra=ON + 'ownership: state\n')
        self.apply()
        rows = sqlite3.connect(self.state_path).execute(
            'SELECT name, type, service_arn FROM owned_records ORDER BY type').fetchall()
        self.assertEqual(rows, [('db.corp.internal.', 'A', RARN), ('db.corp.internal.', 'AAAA', RARN)])
        self.assertEqual(self.sim.tags(), {})

    def test_txt_mode_registry_records_name_the_resource_configuration(self):
        self.start_with([rescfg()], extra=ON + 'ownership: txt\nowner_id: e2e\n')
        self.apply()
        txt = self.sim.records(('TXT',))
        self.assertEqual(txt[('_latticedns.db.corp.internal.', 'TXT')]['ResourceRecords'],
                         [{'Value': '"heritage=latticedns,owner=e2e,arn=%s"' % RARN}])
        self.assertEqual(self.run_ld('--dry-run').code, 0)
        self.sim.spoke(A1, US).lattice_untag(RARN, ['NewService'])
        self.apply('--force')
        self.assertEqual(self.sim.records(('A', 'AAAA', 'TXT')), {})

    def test_off_by_default_makes_no_resource_configuration_calls(self):
        self.start_with([rescfg()], extra='')
        self.apply()
        self.assertEqual(self.sim.records(), {})
        self.assertNotIn('vpc-lattice:ListResourceConfigurations', self.sim.calls())


if __name__ == '__main__':
    unittest.main()
