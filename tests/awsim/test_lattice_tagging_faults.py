"""awsim's VPC Lattice and Tagging API (pages, validation, accounts) and each fault rule."""
import http.client
import json
import time
import unittest
import xml.etree.ElementTree as ET

import client
from testutil import PRINCIPAL, SPOKE, ZONE, Server, base_scenario

OTHER = '444455556666'
TARGET = 'ResourceGroupsTaggingAPI_20170126.GetResources'


def svc(i, account=SPOKE, region='us-east-1', tags=None, domain=True):
    s = {'account': account, 'region': region, 'id': 'svc-%017x' % i, 'name': 'svc%d' % i,
         'createdAt': '2024-01-01T00:00:%02d.000Z' % (i % 60)}
    if domain:
        s['customDomainName'] = 'svc%d.corp.internal' % i
    if tags is not None:
        s['tags'] = tags
    return s


SERVICES = ([svc(i, tags={'NewService': 'true'} if i % 3 == 0 else {'Team': 'x'}) for i in range(250)] +
            [svc(1000, region='eu-west-1', tags={'NewService': 'true'}),
             svc(2000, account=OTHER, tags={'NewService': 'true'})])


class Spoke(Server):
    """Calls made as the spoke account's role, as latticedns makes them."""
    scenario = base_scenario(services=SERVICES)
    scenario['accounts'][OTHER] = {'roles': [{'name': 'reader', 'trust': [PRINCIPAL['account']]}]}

    def setUp(self):
        super().setUp()
        s, _, b = self.sts({'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::%s:role/reader' % SPOKE,
                            'RoleSessionName': 'test'})
        ns = '{https://sts.amazonaws.com/doc/2011-06-15/}'
        cr = ET.fromstring(b).find('.//%sCredentials' % ns)
        k = [cr.find(ns + x).text for x in ('AccessKeyId', 'SecretAccessKey', 'SessionToken')]
        self.spoke = client.Client(self.url, k[0], k[1], k[2], region='us-east-1')

    def lattice(self, method, path, query=None, body=b'', c=None):
        s, h, b = (c or self.spoke).call('vpc-lattice', method, path, query=query, body=body,
                                         headers={'Content-Type': 'application/json'} if body else None)
        return s, h, json.loads(b or b'{}')

    def tagging(self, req, c=None):
        s, h, b = (c or self.spoke).call('tagging', 'POST', '/', body=json.dumps(req),
                                         headers={'Content-Type': 'application/x-amz-json-1.1',
                                                  'X-Amz-Target': TARGET})
        return s, h, json.loads(b or b'{}')


class Lattice(Spoke):
    def test_list_services_pages_of_100_in_the_callers_account_and_region(self):
        seen, token, pages = [], None, 0
        while True:
            s, _, j = self.lattice('GET', '/services', dict({'maxResults': '100'}, **({'nextToken': token}
                                                                                        if token else {})))
            self.assertEqual(s, 200, j)
            pages += 1
            self.assertLessEqual(len(j['items']), 100)
            seen += j['items']
            token = j.get('nextToken')
            if not token:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(len(seen), 250)
        self.assertTrue(all(':%s:' % SPOKE in x['arn'] and ':us-east-1:' in x['arn'] for x in seen))
        first = seen[0]
        self.assertEqual(set(first), {'arn', 'id', 'name', 'status', 'customDomainName', 'dnsEntry', 'createdAt',
                                      'lastUpdatedAt'})
        self.assertEqual(set(first['dnsEntry']), {'domainName', 'hostedZoneId'})

    def test_a_region_lists_only_its_own_services_with_its_own_lattice_zone(self):
        eu = client.Client(self.url, self.spoke.akid, self.spoke.secret, self.spoke.token, region='eu-west-1')
        ap = client.Client(self.url, self.spoke.akid, self.spoke.secret, self.spoke.token, region='ap-south-1')
        s, _, j = self.lattice('GET', '/services', c=eu)
        self.assertEqual([x['id'] for x in j['items']], [svc(1000)['id']])
        eu_zone = j['items'][0]['dnsEntry']['hostedZoneId']
        s, _, j = self.lattice('GET', '/services', c=ap)
        self.assertEqual((s, j), (200, {'items': []}))                # a region with nothing: nothing
        s, _, j = self.lattice('GET', '/services', {'maxResults': '1'})
        us_zone = j['items'][0]['dnsEntry']['hostedZoneId']
        self.assertRegex(eu_zone, r'^Z[0-9A-Z]{20}$')
        self.assertNotEqual(eu_zone, us_zone)                         # regional, as Lattice's are

    def test_max_results_above_100_is_a_validation_error(self):
        s, h, j = self.lattice('GET', '/services', {'maxResults': '101'})
        self.assertEqual((s, h.get('x-amzn-errortype')), (400, 'ValidationException'))

    def test_bad_next_token(self):
        s, h, j = self.lattice('GET', '/services', {'nextToken': 'garbage'})
        self.assertEqual(s, 400)

    def test_get_service_tags_and_delete(self):
        sid = 'svc-%017x' % 3
        s, _, j = self.lattice('GET', '/services/' + sid)
        self.assertEqual((s, j['customDomainName']), (200, 'svc3.corp.internal'))
        arn = j['arn']
        s, _, j = self.lattice('GET', '/tags/' + client.urllib.parse.quote(arn, safe=''))
        self.assertEqual((s, j), (200, {'tags': {'NewService': 'true'}}))
        self.spoke.lattice_tag(arn, {'NewService': 'false'})
        self.assertEqual(self.lattice('GET', '/tags/' + client.urllib.parse.quote(arn, safe=''))[2]['tags'],
                         {'NewService': 'false'})
        self.spoke.lattice_untag(arn, ['NewService'])
        self.assertEqual(self.lattice('GET', '/tags/' + client.urllib.parse.quote(arn, safe=''))[2]['tags'], {})
        self.spoke.lattice_delete_service(sid)
        s, h, _ = self.lattice('GET', '/services/' + sid)
        self.assertEqual((s, h.get('x-amzn-errortype')), (404, 'ResourceNotFoundException'))

    def test_another_accounts_service_is_not_found(self):
        s, h, _ = self.lattice('GET', '/services/svc-%017x' % 2000)
        self.assertEqual(s, 404)

    def test_create_service_gets_a_generated_dns_name(self):
        j = self.spoke.lattice_create_service('brand-new', 'new.corp.internal', {'NewService': 'true'})
        self.assertTrue(j['id'].startswith('svc-'))
        self.assertRegex(j['dnsEntry']['domainName'],
                         r'^brand-new-[0-9a-f]{17}\.7d67968\.vpc-lattice-svcs\.us-east-1\.on\.aws$')


class Tagging(Spoke):
    def test_get_resources_filters_by_type_and_tag_and_pages(self):
        arns, token, pages = [], '', 0
        while True:
            s, _, j = self.tagging({'ResourceTypeFilters': ['vpc-lattice:service'],
                                    'TagFilters': [{'Key': 'NewService'}], 'ResourcesPerPage': 50,
                                    'PaginationToken': token})
            self.assertEqual(s, 200, j)
            pages += 1
            arns += [m['ResourceARN'] for m in j['ResourceTagMappingList']]
            token = j['PaginationToken']
            if not token:
                break
        self.assertEqual(len(arns), 84)          # i % 3 == 0 for i < 250, this account and region only
        self.assertEqual(pages, 2)
        s, _, j = self.tagging({'TagFilters': [{'Key': 'NewService', 'Values': ['false']}]})
        self.assertEqual(j['ResourceTagMappingList'], [])
        s, _, j = self.tagging({'ResourceTypeFilters': ['ec2:instance'], 'TagFilters': [{'Key': 'NewService'}]})
        self.assertEqual(j['ResourceTagMappingList'], [])

    def test_resources_per_page_above_100(self):
        s, _, j = self.tagging({'ResourcesPerPage': 101})
        self.assertEqual((s, j['__type']), (400, 'InvalidParameterException'))

    def test_unknown_target(self):
        s, _, b = self.spoke.call('tagging', 'POST', '/', body='{}', headers={
            'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'ResourceGroupsTaggingAPI_20170126.Nope'})
        self.assertEqual(s, 400)


class Faults(Spoke):
    def r53(self):
        return self.c.call('route53', 'GET', '/2013-04-01/hostedzone/' + ZONE)

    def test_error_with_count(self):
        self.c.admin_faults({'service': 'route53', 'operation': 'GetHostedZone', 'error': 'Throttling',
                             'status': 400, 'count': 2})
        got = [self.r53()[0] for _ in range(3)]
        self.assertEqual(got, [400, 400, 200])
        calls = self.c.admin_calls()['log']
        self.assertEqual([c['code'] for c in calls if c['operation'] == 'GetHostedZone'],
                         ['Throttling', 'Throttling', None])

    def test_rate(self):
        self.c.admin_faults({'service': 'route53', 'error': 'ServiceUnavailable', 'status': 503, 'rate': 0.5})
        got = [self.r53()[0] for _ in range(60)]
        self.assertTrue(10 <= got.count(503) <= 50, got)
        self.c.admin_clear_faults()
        self.assertEqual(self.r53()[0], 200)

    def test_fault_for_one_account_only(self):
        self.c.admin_faults({'service': 'sts', 'operation': 'AssumeRole', 'account': OTHER,
                             'error': 'AccessDenied', 'status': 403})
        ok = self.sts({'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::%s:role/reader' % SPOKE,
                       'RoleSessionName': 'probe'})
        self.assertEqual(ok[0], 200)
        bad = self.sts({'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::%s:role/reader' % OTHER,
                        'RoleSessionName': 'probe'})
        self.assertEqual(bad[0], 403)
        self.assertIn(b'<Code>AccessDenied</Code>', bad[2])

    def test_latency(self):
        self.c.admin_faults({'service': 'vpc-lattice', 'latency_ms': 300, 'jitter_ms': 100, 'count': 1})
        t = time.monotonic()
        self.assertEqual(self.lattice('GET', '/services')[0], 200)
        self.assertGreaterEqual(time.monotonic() - t, 0.3)

    def test_dropped_connection(self):
        self.c.admin_faults({'service': 'route53', 'drop_connection': True, 'count': 1})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.r53()
        self.assertEqual(self.r53()[0], 200)

    def test_truncated_body(self):
        self.c.admin_faults({'service': 'route53', 'truncate_body': True, 'count': 1})
        with self.assertRaises(http.client.IncompleteRead):
            self.r53()

    def test_body_replaces_a_served_answer(self):
        # The call is served (a write would be applied), its answer replaced: a 200 without its list.
        self.c.admin_faults({'service': 'vpc-lattice', 'operation': 'ListServices', 'body': '{}', 'count': 1})
        s, h, j = self.lattice('GET', '/services')
        self.assertEqual((s, j), (200, {}))
        self.assertEqual(h.get('content-type'), 'application/json')
        self.assertIn('items', self.lattice('GET', '/services')[2])
        self.c.admin_faults({'service': 'route53', 'body': '<html/>', 'status': 502, 'count': 1})
        s, _, b = self.r53()
        self.assertEqual((s, b), (502, b'<html/>'))

    def test_lattice_throttle_is_429_json(self):
        self.c.admin_faults({'service': 'vpc-lattice', 'error': 'ThrottlingException', 'status': 429, 'count': 1})
        s, h, j = self.lattice('GET', '/services')
        self.assertEqual((s, h.get('x-amzn-errortype'), j.get('message')), (429, 'ThrottlingException',
                                                                             'Injected by awsim'))
        # When to come back: retryAfterSeconds (the model binds it to Retry-After; the body has it too).
        self.assertEqual((h.get('retry-after'), j.get('retryAfterSeconds')), ('1', 1))

    def test_admin_state_and_bad_rules(self):
        st = self.c.admin_state()
        self.assertEqual(st['zones'][0]['id'], ZONE)
        self.assertEqual(len(st['services']), 252)
        s, _, b = self.c.raw('POST', '/_awsim/faults', b'not json', {'Content-Type': 'application/json'})
        self.assertEqual(s, 400)
        self.assertEqual(self.c.raw('GET', '/_awsim/nothing')[0], 404)
        self.assertNotIn(PRINCIPAL['secret_access_key'], json.dumps(st))


if __name__ == '__main__':
    unittest.main()
