"""awsim's Route 53: Route 53's order and pages, every change-batch rule, atomicity, limits, changes, tags."""
import time
import unittest
import xml.etree.ElementTree as ET

from testutil import NS, T, ZONE, Route53Server, base_scenario, rrset

LZ = 'Z03867022NOYBCTG0GJR1'
TARGET = 'svc-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws'


def zone_with(records, **zone_extra):
    z = dict(base_scenario()['zones'][0], records=records)
    z.update(zone_extra)
    return base_scenario(zones=[z])


def a(name, ip='10.0.0.1'):
    return {'Name': name, 'Type': 'A', 'TTL': 300, 'ResourceRecords': [{'Value': ip}]}


class Order(Route53Server):
    scenario = zone_with([a('z.corp.internal'), a('b.a.corp.internal'), a('a-b.corp.internal'),
                          a('a.corp.internal'), {'Name': 'a.corp.internal', 'Type': 'AAAA', 'TTL': 60,
                                                 'ResourceRecords': [{'Value': '::1'}]},
                          {'Name': 'a.corp.internal', 'Type': 'TXT', 'TTL': 60,
                           'ResourceRecords': [{'Value': '"x"'}]}])

    def test_labels_reversed_then_type_with_apex_soa_and_ns(self):
        names, pages = self.names()
        self.assertEqual(pages, 1)
        self.assertEqual(names, [
            ('corp.internal.', 'NS'), ('corp.internal.', 'SOA'),
            ('a.corp.internal.', 'A'), ('a.corp.internal.', 'AAAA'), ('a.corp.internal.', 'TXT'),
            ('b.a.corp.internal.', 'A'), ('a-b.corp.internal.', 'A'), ('z.corp.internal.', 'A')])

    def test_start_name_and_type(self):
        names, _ = self.names({'name': 'a.corp.internal', 'type': 'AAAA'})
        self.assertEqual(names[0], ('a.corp.internal.', 'AAAA'))
        self.assertEqual(len(names), 5)

    def test_type_without_name_is_invalid_input(self):
        s, _, b = self.r53('GET', 'hostedzone/%s/rrset' % ZONE, query={'type': 'A'})
        self.assertEqual(s, 400)
        self.assertIn(b'<Code>InvalidInput</Code>', b)

    def test_unknown_zone(self):
        s, _, b = self.r53('GET', 'hostedzone/ZNOSUCHZONE000/rrset')
        self.assertEqual(s, 404)
        self.assertIn(b'<Code>NoSuchHostedZone</Code>', b)
        self.assertIn(b'No hosted zone found with ID: ZNOSUCHZONE000', b)

    def test_get_hosted_zone(self):
        s, _, b = self.r53('GET', 'hostedzone/' + ZONE)
        self.assertEqual(s, 200, b)
        r = ET.fromstring(b)
        self.assertEqual(r.tag, T + 'GetHostedZoneResponse')
        self.assertEqual(r.find('%sHostedZone/%sId' % (T, T)).text, '/hostedzone/' + ZONE)
        self.assertEqual(r.find('%sHostedZone/%sName' % (T, T)).text, 'corp.internal.')
        self.assertEqual(r.find('%sHostedZone/%sConfig/%sPrivateZone' % (T, T, T)).text, 'true')
        self.assertEqual(r.find('%sHostedZone/%sResourceRecordSetCount' % (T, T)).text, '8')


class Pages(Route53Server):
    scenario = zone_with([a('h%04d.corp.internal' % i, '10.0.%d.%d' % (i // 250, i % 250)) for i in range(2000)])

    def test_2000_records_in_pages_of_100_by_default(self):
        # Route 53 answers 100 record sets when maxitems is not sent (AWS-FACTS.md).
        names, pages = self.names()
        self.assertEqual(pages, 21)
        self.assertEqual(len(names), 2002)

    def test_2000_records_in_pages_of_300(self):
        names, pages = self.names({'maxitems': '300'})
        self.assertEqual(pages, 7)
        self.assertEqual(len(names), 2002)
        self.assertEqual(len(set(names)), 2002)
        self.assertEqual(names[2:4], [('h0000.corp.internal.', 'A'), ('h0001.corp.internal.', 'A')])

    def test_maxitems_is_capped_at_300(self):
        s, _, b = self.r53('GET', 'hostedzone/%s/rrset' % ZONE, query={'maxitems': '1000'})
        r = ET.fromstring(b)
        self.assertEqual(len(r.findall('%sResourceRecordSets/%sResourceRecordSet' % (T, T))), 300)
        self.assertEqual(r.find(T + 'IsTruncated').text, 'true')
        self.assertEqual(r.find(T + 'NextRecordName').text, 'h0298.corp.internal.')
        self.assertEqual(r.find(T + 'NextRecordType').text, 'A')


class Changes(Route53Server):
    scenario = zone_with([a('taken.corp.internal'),
                          {'Name': 'cname.corp.internal', 'Type': 'CNAME', 'TTL': 300,
                           'ResourceRecords': [{'Value': 'elsewhere.example.com'}]}],
                         tag_limit=3)

    def assert_rejected(self, changes, *want):
        before = self.c.admin_state()['zones'][0]['records']
        s, _, b = self.change(*changes)
        self.assertEqual(s, 400, b)
        self.assertEqual(self.icb_message(b), '[%s]' % ', '.join(want))
        self.assertEqual(self.c.admin_state()['zones'][0]['records'], before)   # nothing applied

    def test_create_then_pending_then_insync(self):
        s, _, b = self.change(('CREATE', rrset('New.Corp.Internal', 'A', alias=(LZ, TARGET))))
        self.assertEqual(s, 200, b)
        r = ET.fromstring(b)
        self.assertEqual(r.tag, T + 'ChangeResourceRecordSetsResponse')
        self.assertEqual(r.find('%sChangeInfo/%sStatus' % (T, T)).text, 'PENDING')
        cid = r.find('%sChangeInfo/%sId' % (T, T)).text
        self.assertRegex(cid, r'^/change/C[A-Z0-9]+$')
        s, _, b = self.r53('GET', cid.lstrip('/'))
        self.assertIn(b'<Status>INSYNC</Status>', b)
        recs = {(r['Name'], r['Type']): r for r in self.c.admin_state()['zones'][0]['records']}
        # Stored lower-cased with a trailing dot, the alias target too.
        self.assertEqual(recs[('new.corp.internal.', 'A')]['AliasTarget'],
                         {'HostedZoneId': LZ, 'DNSName': TARGET + '.', 'EvaluateTargetHealth': False})

    def test_names_are_escaped_as_route53_stores_them(self):
        s, _, b = self.change(('CREATE', rrset('Star*Name.corp.internal', 'A', ['10.1.1.1'])))
        self.assertEqual(s, 200, b)
        names, _ = self.names()
        self.assertIn(('star\\052name.corp.internal.', 'A'), names)

    def test_create_of_an_existing_record(self):
        self.assert_rejected([('CREATE', rrset('taken.corp.internal', 'A', ['10.9.9.9']))],
                             "Tried to create resource record set [name='taken.corp.internal.', type='A'] "
                             "but it already exists")

    def test_delete_of_a_missing_record(self):
        self.assert_rejected([('DELETE', rrset('nothere.corp.internal', 'A', ['10.9.9.9']))],
                             "Tried to delete resource record set [name='nothere.corp.internal.', type='A'] "
                             "but it was not found")

    def test_delete_with_different_values(self):
        self.assert_rejected([('DELETE', rrset('taken.corp.internal', 'A', ['10.9.9.9']))],
                             "Tried to delete resource record set [name='taken.corp.internal.', type='A'] "
                             "but the values provided do not match the current values")

    def test_cname_beside_other_types(self):
        self.assert_rejected([('CREATE', rrset('taken.corp.internal', 'CNAME', ['x.example.com']))],
                             'RRSet of type CNAME with DNS name taken.corp.internal. is not permitted as it '
                             'conflicts with other records with the same DNS name in zone corp.internal.')
        self.assert_rejected([('UPSERT', rrset('cname.corp.internal', 'A', alias=(LZ, TARGET)))],
                             'RRSet of type A with DNS name cname.corp.internal. is not permitted because a '
                             'conflicting RRSet of type CNAME with the same DNS name already exists in zone '
                             'corp.internal.')

    def test_name_outside_the_zone(self):
        self.assert_rejected([('UPSERT', rrset('api.other.internal', 'A', alias=(LZ, TARGET)))],
                             'RRSet with DNS name api.other.internal. is not permitted in zone corp.internal.')

    def test_alias_needs_zone_name_and_evaluate_target_health(self):
        for alias, eth, lacks in (((None, TARGET), 'false', 'HostedZoneId'), ((LZ, None), 'false', 'DNSName'),
                                  ((LZ, TARGET), None, 'EvaluateTargetHealth')):
            self.assert_rejected([('UPSERT', rrset('x.corp.internal', 'A', alias=alias, eth=eth))],
                                 "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
                                 "ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with "
                                 "[name='x.corp.internal.', type='A'] (AliasTarget lacks %s)" % lacks)

    def test_one_bad_change_rejects_the_whole_batch(self):
        self.assert_rejected([('CREATE', rrset('good.corp.internal', 'A', ['10.1.1.1'])),
                              ('CREATE', rrset('taken.corp.internal', 'A', ['10.1.1.2']))],
                             "Tried to create resource record set [name='taken.corp.internal.', type='A'] "
                             "but it already exists")
        self.assertNotIn(('good.corp.internal.', 'A'), self.names()[0])

    def test_the_same_record_twice_in_one_batch(self):
        self.assert_rejected([('UPSERT', rrset('d.corp.internal', 'A', ['10.1.1.1'])),
                              ('UPSERT', rrset('d.corp.internal', 'A', ['10.1.1.2']))],
                             "The request contains an invalid set of changes for a resource record set "
                             "'A d.corp.internal.'")

    def test_1000_resource_records_with_upsert_counting_twice(self):
        ips = ['10.2.%d.%d' % (i // 250, i % 250) for i in range(500)]
        s, _, b = self.change(('CREATE', rrset('big.corp.internal', 'A', ips + ips[:0])),
                              ('CREATE', rrset('big2.corp.internal', 'A', ips)))
        self.assertEqual(s, 200, b)                           # 1,000 elements: at the limit
        self.assert_rejected([('UPSERT', rrset('big3.corp.internal', 'A', ips + ['10.3.0.1']))],
                             'Number of records limit of 1000 exceeded.')   # 501 x 2

    def alias_pairs(self, n, action='UPSERT', prefix='s'):
        out = []
        for i in range(n):
            for typ in ('A', 'AAAA'):
                out.append((action, rrset('%s%04d.corp.internal' % (prefix, i), typ, alias=(LZ, TARGET))))
        return out

    def test_aliases_count_one_element_upsert_twice(self):
        # 250 services' A+AAAA alias UPSERTs: 500 records x 2 = exactly 1,000 elements.
        s, _, b = self.change(*self.alias_pairs(250))
        self.assertEqual(s, 200, b)
        # 500 alias DELETEs count once each: 500 elements, accepted.
        s, _, b = self.change(*self.alias_pairs(250, 'DELETE'))
        self.assertEqual(s, 200, b)
        # One alias more than 250 services' UPSERTs: 1,002 elements.
        self.assert_rejected(self.alias_pairs(250) + [('UPSERT', rrset('x.corp.internal', 'A',
                                                                       alias=(LZ, TARGET)))],
                             'Number of records limit of 1000 exceeded.')
        # 1,000 DELETEs of absent records are within the limit; 1,001 are not (the limit comes first).
        self.assert_rejected(self.alias_pairs(500, 'DELETE', 'd') + self.alias_pairs(1, 'DELETE', 'e')[:1],
                             'Number of records limit of 1000 exceeded.')

    def test_1000_elements_with_a_mix_of_aliases_and_records(self):
        ips = ['10.2.%d.%d' % (i // 250, i % 250) for i in range(300)]
        # 200 alias UPSERTs (400) + 300 values UPSERT (600) = 1,000: accepted; one alias more is not.
        batch = self.alias_pairs(100, prefix='m') + [('UPSERT', rrset('mix.corp.internal', 'A', ips))]
        self.assertEqual(self.change(*batch)[0], 200)
        self.assert_rejected(batch + [('UPSERT', rrset('mix2.corp.internal', 'AAAA', alias=(LZ, TARGET)))],
                             'Number of records limit of 1000 exceeded.')

    def test_32000_value_characters(self):
        vals = ['"%s"' % ('v%03d' % i).ljust(253, 'x') for i in range(127)]    # 127 x 255 = 32,385
        self.assert_rejected([('CREATE', rrset('txt.corp.internal', 'TXT', vals))],
                             'Number of characters limit of 32000 exceeded in ResourceRecord values.')

    def test_tags_at_most_10_per_call_and_the_zone_limit(self):
        def tags(add=(), remove=()):
            body = ('<ChangeTagsForResourceRequest xmlns="%s">%s%s</ChangeTagsForResourceRequest>' % (
                NS, '<AddTags>%s</AddTags>' % ''.join('<Tag><Key>%s</Key><Value>%s</Value></Tag>' % kv
                                                      for kv in add) if add else '',
                '<RemoveTagKeys>%s</RemoveTagKeys>' % ''.join('<Key>%s</Key>' % k for k in remove)
                if remove else ''))
            return self.r53('POST', 'tags/hostedzone/' + ZONE, body=body)
        s, _, b = tags([('k%d' % i, 'v') for i in range(11)])
        self.assertEqual(s, 400)
        self.assertIn(b"Value at 'addTags' failed to satisfy constraint: Member must have length less than or "
                      b"equal to 10", b)
        s, _, b = tags(remove=['k%d' % i for i in range(11)])
        self.assertEqual(s, 400)
        self.assertIn(b"'removeTagKeys'", b)
        s, _, b = tags([('k' * 129, 'v')])
        self.assertEqual(s, 400)
        s, _, b = tags([('k', 'v' * 257)])
        self.assertEqual(s, 400)
        self.assertEqual(tags([('a', '1'), ('b', '2'), ('c', '3')])[0], 200)
        s, _, b = tags([('d', '4')])                           # the scenario's tag_limit is 3
        self.assertEqual(s, 400)
        self.assertIn(b'would have 4 tags; the limit is 3', b)
        self.assertEqual(tags([('d', '4')], ['a'])[0], 200)    # removals count first
        s, _, b = self.r53('GET', 'tags/hostedzone/' + ZONE)
        got = {t.find(T + 'Key').text: t.find(T + 'Value').text for t in ET.fromstring(b).iter(T + 'Tag')}
        self.assertEqual(got, {'b': '2', 'c': '3', 'd': '4'})


class LegacyInvalidChangeBatch(Route53Server):
    scenario = zone_with([a('taken.corp.internal')], invalid_change_batch_form='legacy')

    def test_the_legacy_form_per_zone(self):
        s, _, b = self.change(('CREATE', rrset('taken.corp.internal', 'A', ['10.9.9.9'])),
                              ('DELETE', rrset('gone.corp.internal', 'A', ['10.9.9.8'])))
        self.assertEqual(s, 400)
        root = ET.fromstring(b)
        self.assertEqual(root.tag, T + 'InvalidChangeBatch')
        self.assertEqual([m.text for m in root.iter(T + 'Message')], [
            "Tried to create resource record set [name='taken.corp.internal.', type='A'] but it already exists",
            "Tried to delete resource record set [name='gone.corp.internal.', type='A'] but it was not found"])

    def test_a_fault_rule_chooses_its_form(self):
        self.c.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets', 'count': 1,
                      'error': 'InvalidChangeBatch', 'message': 'a, [b]', 'invalid_change_batch_form': 'standard'})
        s, _, b = self.change(('UPSERT', rrset('new.corp.internal', 'A', ['10.9.9.9'])))
        self.assertEqual(s, 400)
        self.assertEqual(ET.fromstring(b).tag, T + 'ErrorResponse')
        self.assertEqual(self.icb_message(b), '[a, [b]]')


class SlowChanges(Route53Server):
    scenario = base_scenario(limits={'route53_rps': 1000, 'change_insync_after_ms': 400,
                                     'prior_request_not_complete': True})

    def test_pending_until_the_delay_and_prior_request_not_complete(self):
        s, _, b = self.change(('CREATE', rrset('one.corp.internal', 'A', ['10.1.1.1'])))
        cid = ET.fromstring(b).find('%sChangeInfo/%sId' % (T, T)).text
        self.assertIn(b'<Status>PENDING</Status>', self.r53('GET', cid.lstrip('/'))[2])
        s, _, b = self.change(('CREATE', rrset('two.corp.internal', 'A', ['10.1.1.2'])))
        self.assertEqual(s, 400)
        self.assertIn(b'<Code>PriorRequestNotComplete</Code>', b)
        time.sleep(0.5)
        self.assertIn(b'<Status>INSYNC</Status>', self.r53('GET', cid.lstrip('/'))[2])
        self.assertEqual(self.change(('CREATE', rrset('two.corp.internal', 'A', ['10.1.1.2'])))[0], 200)


class TokenBuckets(Route53Server):
    # Today's guide: 50 tokens, 10 a second, per account and per operation.
    scenario = base_scenario(limits={'lattice_rps': 1000, 'tagging_rps': 1000, 'sts_rps': 1000})

    def test_a_burst_of_50_then_10_a_second(self):
        codes = [self.r53('GET', 'hostedzone/' + ZONE)[0] for _ in range(55)]
        self.assertEqual(codes[:50], [200] * 50)
        self.assertIn(400, codes[50:])
        time.sleep(0.55)                                    # ~5 tokens back
        codes = [self.r53('GET', 'hostedzone/' + ZONE)[0] for _ in range(8)]
        self.assertGreaterEqual(codes.count(200), 4)
        self.assertLessEqual(codes.count(200), 7)


class OperationBucket(Route53Server):
    scenario = base_scenario(limits={'route53_rps': 1000, 'route53_burst': 1000,
                                     'route53_operations': {'GetHostedZone': {'rps': 1, 'burst': 2}}})

    def test_an_operation_bucket_binds_beside_the_account_bucket(self):
        codes = [self.r53('GET', 'hostedzone/' + ZONE)[0] for _ in range(4)]
        self.assertEqual(codes[:2], [200, 200])
        self.assertEqual(codes[2:], [400, 400])
        # Another operation still has the account's tokens.
        self.assertEqual(self.r53('GET', 'tags/hostedzone/' + ZONE)[0], 200)


class Throttle(Route53Server):
    scenario = base_scenario(limits={'route53_rps': 2})

    def test_beyond_the_rate_is_throttling_400_xml(self):
        codes = [self.r53('GET', 'hostedzone/' + ZONE) for _ in range(6)]
        throttled = [c for c in codes if c[0] != 200]
        self.assertGreaterEqual(len(throttled), 3)
        s, h, b = throttled[0]
        self.assertEqual(s, 400)
        self.assertEqual(h['content-type'], 'text/xml')
        r = ET.fromstring(b)
        self.assertEqual(r.find('%sError/%sCode' % (T, T)).text, 'Throttling')
        self.assertEqual(r.find('%sError/%sMessage' % (T, T)).text, 'Rate exceeded')
        time.sleep(1.1)
        self.assertEqual(self.r53('GET', 'hostedzone/' + ZONE)[0], 200)


if __name__ == '__main__':
    unittest.main()
