"""Configuration features end to end: tag source, allowed domains, a DNS account behind a role,
ExternalId, ownership in the ledger, --state, and HTTPS with a private CA."""
import os
import unittest

from harness import DNS_ACCOUNT, E2E, PRINCIPAL, arn, scenario, service

A1 = '111122223333'
EU = 'eu-west-1'
DNS_OWNER = '888888888888'


def svc(i, domain=None, **kw):
    return service(A1, EU, 'svc-%017d' % i, domain or 's%d.corp.internal' % i, **kw)


class Features(E2E):
    def test_tag_source_lattice_reads_tags_per_service(self):
        self.start(scenario([svc(1), svc(2, tags={'NewService': 'false'})]))
        self.edit_config('aws: {route53_rps: 50, concurrency: 4}',
                         'aws: {route53_rps: 50, concurrency: 4, tag_source: lattice}')
        self.apply()
        self.assert_alias_pair('s1.corp.internal.', 'svc-%017d' % 1, EU)
        self.assertNotIn(('s2.corp.internal.', 'A'), self.sim.records())
        calls = self.sim.calls()
        self.assertEqual(calls.get('vpc-lattice:ListTagsForResource'), 2, calls)
        self.assertNotIn('tagging:GetResources', calls)

    def test_allowed_domains_limit_what_an_account_may_claim(self):
        self.start(scenario([svc(1, 'api.payments.corp.internal'), svc(2, 'billing.corp.internal')]))
        self.edit_config('    regions: [us-east-1, eu-west-1]\n',
                         '    regions: [us-east-1, eu-west-1]\n    allowed_domains: [payments.corp.internal]\n')
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assert_alias_pair('api.payments.corp.internal.', 'svc-%017d' % 1, EU)
        self.assertNotIn(('billing.corp.internal.', 'A'), self.sim.records())
        self.assertIn("outside the account's allowed_domains", r.out)

    def test_zone_in_another_account_behind_a_role(self):
        scen = scenario([svc(1)])
        scen['zones'][0]['account'] = DNS_OWNER
        scen['accounts'][DNS_OWNER] = {'roles': [{'name': 'latticedns-writer', 'trust': [DNS_ACCOUNT],
                                                  'external_id': 'dns-xid'}]}
        self.start(scen)
        # Without the role the zone is not visible from the controller's own account: fatal.
        r = self.run_ld('--once')
        self.assertEqual(r.code, 1, r)
        self.assertIn('NoSuchHostedZone', r.err)
        with open(self.config, 'a') as f:
            f.write('dns_account:\n  role_arn: arn:aws:iam::%s:role/latticedns-writer\n'
                    '  external_id: dns-xid\n' % DNS_OWNER)
        self.apply()
        self.assert_alias_pair('s1.corp.internal.', 'svc-%017d' % 1, EU)
        by = self.sim.admin.admin_calls()['by_account']
        self.assertIn('route53:ChangeResourceRecordSets', by.get(DNS_OWNER, {}), by)

    def test_external_id_of_a_reader_role(self):
        scen = scenario([svc(1)])
        scen['accounts'][A1]['roles'][0]['external_id'] = 'reader-xid'
        self.start(scen)
        r = self.run_ld('--once')                     # no ExternalId configured: the account fails
        self.assertEqual(r.code, 3, r)
        self.assertIn('AccessDenied', r.err)
        self.assertNotIn(('s1.corp.internal.', 'A'), self.sim.records())
        self.edit_config('    regions: [us-east-1, eu-west-1]\n',
                         '    external_id: reader-xid\n    regions: [us-east-1, eu-west-1]\n')
        self.apply()
        self.assert_alias_pair('s1.corp.internal.', 'svc-%017d' % 1, EU)

    def test_ownership_state_writes_no_tags_and_still_cleans_up(self):
        self.start(scenario([svc(1), svc(2)]), config_extra='ownership: state\n')
        self.apply()
        self.assertEqual(self.sim.tags(), {})
        self.assert_alias_pair('s2.corp.internal.', 'svc-%017d' % 2, EU)
        self.sim.spoke(A1, EU).lattice_untag(arn(A1, EU, 'svc-%017d' % 2), ['NewService'])
        self.apply()
        self.assertNotIn(('s2.corp.internal.', 'A'), self.sim.records())
        self.assertNotIn(('s2.corp.internal.', 'AAAA'), self.sim.records())
        self.assert_alias_pair('s1.corp.internal.', 'svc-%017d' % 1, EU)
        # A record it never wrote is not its to delete, even at a name it once wanted.
        self.assertIn(('corp.internal.', 'SOA'), self.sim.records(types=('SOA',)))

    def test_state_flag_overrides_the_config(self):
        self.start(scenario([svc(1)]))
        other = os.path.join(self.tmp, 'elsewhere.db')
        self.apply('--state', other)
        self.assertTrue(os.path.exists(other))
        self.assertFalse(os.path.exists(self.state_path))
        self.assertEqual(os.stat(other).st_mode & 0o777, 0o600)


class Https(E2E):
    def test_private_ca_through_aws_ca_bundle(self):
        self.start(scenario([svc(1)]), tls=True)
        self.assertTrue(self.sim.url.startswith('https://'))
        self.apply()
        self.assert_alias_pair('s1.corp.internal.', 'svc-%017d' % 1, EU)

    def test_untrusted_certificate_is_fatal_and_says_so(self):
        self.start(scenario([svc(1)]), tls=True)
        self.sim.ca = None                             # the controller is not told about the CA
        r = self.run_ld('--once')
        self.assertEqual(r.code, 1, r)
        self.assertIn('certificate', r.err.lower())
        self.assertNotIn(PRINCIPAL['secret_access_key'], r.err)


if __name__ == '__main__':
    unittest.main()
