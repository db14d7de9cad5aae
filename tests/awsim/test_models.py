"""Every response awsim gives, checked element by element against the botocore models in the reference data.

The models come from $LATTICEDNS_MODELS, else $LATTICEDNS_REFERENCE/aws-models, else
../shared/reference/aws-models beside the checkout (tests/REFERENCE.md says where they come
from). Without them these tests are skipped, or fail when LATTICEDNS_REQUIRE_REFERENCE=1 (CI).

For each operation latticedns calls, a representative answer is fetched from a
running awsim and walked against the operation's output shape: every element or
field must be a member of its shape (by its wire name), in the right namespace,
of the right type (integers, booleans, ISO 8601 timestamps, enum values), with
the required members present. Error answers are checked against their error
shapes too.
"""
import json
import os
import re
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

import client
from testutil import PRINCIPAL, SPOKE, ZONE, Server, base_scenario

REFERENCE = os.environ.get('LATTICEDNS_REFERENCE') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'reference')
MODELS = os.environ.get('LATTICEDNS_MODELS') or os.path.join(REFERENCE, 'aws-models')
MISSING = None if os.path.isdir(MODELS) else (
    'no botocore models at %s (boto/botocore botocore/data at 0e6e2404b85d; see tests/REFERENCE.md, '
    'or set LATTICEDNS_REFERENCE=DIR)' % os.path.normpath(MODELS))
REQUIRED = os.environ.get('LATTICEDNS_REQUIRE_REFERENCE') == '1'
ISO = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')
BODY_LOCATIONS = (None,)


def load(name):
    with open(os.path.join(MODELS, name, 'service-2.json')) as f:
        return json.load(f)


class Checker:
    def __init__(self, test, model):
        self.t, self.m = test, model
        # STS names its namespace in the metadata; Route 53 on each operation's input.
        self.ns = model['metadata'].get('xmlNamespace') or next(
            (o['input']['xmlNamespace']['uri'] for o in model['operations'].values()
             if 'xmlNamespace' in o.get('input', {})), None)
        self.seen = 0

    def shape(self, name):
        return self.m['shapes'][name]

    def scalar(self, shape, value, path, json_value=False):
        t = shape['type']
        self.seen += 1
        if t == 'string':
            self.t.assertIsInstance(value, str, path)
            if 'enum' in shape:
                self.t.assertIn(value, shape['enum'], path)
            # min/max are input constraints: real answers exceed them (a 21-character zone id
            # makes a 33-character /hostedzone/ Id where ResourceId says 32).
        elif t in ('integer', 'long'):
            if json_value:
                self.t.assertTrue(isinstance(value, int) and not isinstance(value, bool), path)
            else:
                self.t.assertRegex(value, r'^-?\d+$', path)
        elif t == 'boolean':
            if json_value:
                self.t.assertIsInstance(value, bool, path)
            else:
                self.t.assertIn(value, ('true', 'false'), path)
        elif t == 'timestamp':
            fmt = shape.get('timestampFormat', 'unixTimestamp' if json_value else 'iso8601')
            if fmt == 'iso8601':
                self.t.assertIsInstance(value, str, path)
                self.t.assertRegex(value, ISO, path)
            else:
                self.t.assertIsInstance(value, (int, float), path)
        else:
            self.t.fail('%s: unexpected scalar type %s' % (path, t))

    # -- XML (query and rest-xml) ----------------------------------------------------
    def xml(self, el, shape_name, path):
        shape = self.shape(shape_name)
        tag_ns, _, _ = el.tag[1:].partition('}') if el.tag.startswith('{') else ('', '', '')
        self.t.assertEqual(tag_ns, self.ns, '%s: namespace' % path)
        t = shape['type']
        if t == 'structure':
            members = {m.get('locationName', n): m for n, m in shape['members'].items()
                       if m.get('location') in BODY_LOCATIONS}
            present = set()
            for child in el:
                name = child.tag.split('}')[-1]
                self.t.assertIn(name, members, '%s/%s is not a member of %s' % (path, name, shape_name))
                present.add(name)
                self.xml(child, members[name]['shape'], path + '/' + name)
            for r in shape.get('required', []):
                m = shape['members'][r]
                if m.get('location') in BODY_LOCATIONS:
                    self.t.assertIn(m.get('locationName', r), present, '%s: required %s missing' % (path, r))
        elif t == 'list':
            want = shape['member'].get('locationName', 'member')
            for child in el:
                self.t.assertEqual(child.tag.split('}')[-1], want, path)
                self.xml(child, shape['member']['shape'], path + '/' + want)
        else:
            self.t.assertEqual(len(el), 0, path)
            self.scalar(shape, el.text or '', path)

    def xml_output(self, op, body):
        o = self.m['operations'][op]['output']
        root = ET.fromstring(body)
        if 'resultWrapper' in o:          # query protocol: <OpResponse><OpResult>...</OpResult><ResponseMetadata/>
            self.t.assertEqual(root.tag, '{%s}%sResponse' % (self.ns, op))
            result = root.find('{%s}%s' % (self.ns, o['resultWrapper']))
            self.t.assertIsNotNone(result, op)
            self.t.assertIsNotNone(root.find('{%s}ResponseMetadata/{%s}RequestId' % (self.ns, self.ns)), op)
            self.xml(result, o['shape'], op)
        else:                             # rest-xml: the output shape is the root
            self.t.assertEqual(root.tag.split('}')[-1], o['shape'])
            self.xml(root, o['shape'], op)

    # -- JSON (rest-json, json 1.1) ---------------------------------------------------
    def json(self, v, shape_name, path):
        shape = self.shape(shape_name)
        t = shape['type']
        if t == 'structure':
            self.t.assertIsInstance(v, dict, path)
            members = {m.get('locationName', n) if m.get('location') is None else None: m
                       for n, m in shape['members'].items() if m.get('location') in BODY_LOCATIONS}
            for k, x in v.items():
                self.t.assertIn(k, members, '%s.%s is not a member of %s' % (path, k, shape_name))
                self.json(x, members[k]['shape'], path + '.' + k)
            for r in shape.get('required', []):
                if shape['members'][r].get('location') in BODY_LOCATIONS:
                    self.t.assertIn(r, v, '%s: required %s missing' % (path, r))
        elif t == 'list':
            self.t.assertIsInstance(v, list, path)
            for i, x in enumerate(v):
                self.json(x, shape['member']['shape'], '%s[%d]' % (path, i))
        elif t == 'map':
            self.t.assertIsInstance(v, dict, path)
            for k, x in v.items():
                self.scalar(self.shape(shape['key']['shape']), k, path + ' key', True)
                self.json(x, shape['value']['shape'], '%s[%s]' % (path, k))
        else:
            self.scalar(shape, v, path, True)

    def json_output(self, op, body):
        self.json(json.loads(body), self.m['operations'][op]['output']['shape'], op)

    def json_error(self, code, body):
        self.t.assertIn(code, self.m['shapes'], code)
        j = json.loads(body)
        j.pop('__type', None)
        # JSON 1.1 errors name the message "Message" whatever the shape's member case.
        members = {n.lower(): n for n in self.shape(code)['members']}
        fixed = {members.get(k.lower(), k): x for k, x in j.items()}
        self.json(fixed, code, code)


SCENARIO = base_scenario(
    services=[{'account': SPOKE, 'region': 'us-east-1', 'id': 'svc-%017x' % i, 'name': 'svc%d' % i,
               'customDomainName': 'svc%d.corp.internal' % i, 'tags': {'NewService': 'true'}}
              for i in range(3)],
    limits={'route53_rps': 1000, 'lattice_rps': 1000, 'tagging_rps': 1000, 'sts_rps': 1000})
SCENARIO['resource_configurations'] = [
    {'account': SPOKE, 'region': 'us-east-1', 'id': 'rcfg-%017x' % i, 'name': 'db%d' % i,
     'customDomainName': 'db%d.corp.internal' % i, 'domainVerificationStatus': 'VERIFIED',
     'tags': {'NewService': 'true'},
     'associations': [{'serviceNetworkName': 'corp', 'privateDnsEnabled': True},
                      {'serviceNetworkName': 'edge'}]} for i in range(2)]
SCENARIO['zones'][0]['records'] = [{'Name': 'h%03d.corp.internal' % i, 'Type': 'A', 'TTL': 300,
                                    'ResourceRecords': [{'Value': '10.0.0.%d' % i}]} for i in range(5)]
SCENARIO['zones'][0]['tags'] = {'arn:aws:vpc-lattice:us-east-1:%s:service/svc-0' % SPOKE: 'svc0.corp.internal'}

NS = 'https://route53.amazonaws.com/doc/2013-04-01/'
ALIAS = ('<Change><Action>UPSERT</Action><ResourceRecordSet><Name>svc0.corp.internal</Name><Type>A</Type>'
         '<AliasTarget><HostedZoneId>Z03867022NOYBCTG0GJR1</HostedZoneId><DNSName>x.on.aws</DNSName>'
         '<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet></Change>')


@unittest.skipIf(MISSING and not REQUIRED, MISSING)
class Models(Server):
    scenario = SCENARIO

    def setUp(self):
        if MISSING:
            self.fail(MISSING + '; LATTICEDNS_REQUIRE_REFERENCE=1 makes that a failure')
        super().setUp()

    def spoke(self):
        s, _, b = self.sts({'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::%s:role/reader' % SPOKE,
                            'RoleSessionName': 'models'})
        ns = '{https://sts.amazonaws.com/doc/2011-06-15/}'
        cr = ET.fromstring(b).find('.//%sCredentials' % ns)
        return client.Client(self.url, *(cr.find(ns + k).text for k in ('AccessKeyId', 'SecretAccessKey',
                                                                         'SessionToken')))

    def test_sts(self):
        ck = Checker(self, load('sts'))
        for params in ({'Action': 'GetCallerIdentity'},
                       {'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::%s:role/strict' % SPOKE,
                        'RoleSessionName': 'models', 'ExternalId': 'xid-1', 'DurationSeconds': '900'}):
            params.setdefault('RoleSessionName', 'mm')
            if params['Action'] == 'GetCallerIdentity':
                params.pop('RoleSessionName')
            s, _, b = self.sts(params)
            self.assertEqual(s, 200, b)
            ck.xml_output(params['Action'], b)
        body = urllib.parse.urlencode({'Action': 'AssumeRoleWithWebIdentity', 'Version': '2011-06-15',
                                       'RoleArn': 'arn:aws:iam::%s:role/irsa' % SPOKE,
                                       'RoleSessionName': 'pod', 'WebIdentityToken': 'eyJhbGciOi'})
        s, _, b = self.c.raw('POST', '/', body.encode(), {'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertEqual(s, 200, b)
        ck.xml_output('AssumeRoleWithWebIdentity', b)
        # An error: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>
        s, _, b = self.sts({'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::%s:role/nobody' % SPOKE,
                            'RoleSessionName': 'mm'})
        root = ET.fromstring(b)
        ns = '{https://sts.amazonaws.com/doc/2011-06-15/}'
        self.assertEqual(root.tag, ns + 'ErrorResponse')
        self.assertEqual([c.tag for c in root.find(ns + 'Error')], [ns + 'Type', ns + 'Code', ns + 'Message'])
        self.assertIsNotNone(root.find(ns + 'RequestId'))
        self.assertGreater(ck.seen, 12)

    def test_route53(self):
        ck = Checker(self, load('route53'))

        def get(path, query=None):
            s, _, b = self.c.call('route53', 'GET', '/2013-04-01/' + path, query=query)
            self.assertEqual(s, 200, b)
            return b
        ck.xml_output('ListHostedZones', get('hostedzone'))
        ck.xml_output('GetHostedZone', get('hostedzone/' + ZONE))
        ck.xml_output('ListResourceRecordSets', get('hostedzone/%s/rrset' % ZONE))
        ck.xml_output('ListResourceRecordSets', get('hostedzone/%s/rrset' % ZONE, {'maxitems': '2'}))
        s, _, b = self.c.call('route53', 'POST', '/2013-04-01/hostedzone/%s/rrset' % ZONE, body=(
            '<ChangeResourceRecordSetsRequest xmlns="%s"><ChangeBatch><Comment>models</Comment><Changes>%s'
            '</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>' % (NS, ALIAS)))
        self.assertEqual(s, 200, b)
        ck.xml_output('ChangeResourceRecordSets', b)
        cid = ET.fromstring(b).find('{%s}ChangeInfo/{%s}Id' % (NS, NS)).text
        ck.xml_output('GetChange', get(cid.lstrip('/')))
        ck.xml_output('ListResourceRecordSets', get('hostedzone/%s/rrset' % ZONE))   # now with an alias
        ck.xml_output('ListTagsForResource', get('tags/hostedzone/' + ZONE))
        s, _, b = self.c.call('route53', 'POST', '/2013-04-01/tags/hostedzone/' + ZONE, body=(
            '<ChangeTagsForResourceRequest xmlns="%s"><AddTags><Tag><Key>k</Key><Value>v</Value></Tag></AddTags>'
            '</ChangeTagsForResourceRequest>' % NS))
        self.assertEqual(s, 200, b)
        ck.xml_output('ChangeTagsForResource', b)
        # InvalidChangeBatch, standard form (today's Route 53): an ErrorResponse like every other error.
        bad = ('<ChangeResourceRecordSetsRequest xmlns="%s"><ChangeBatch><Changes>%s</Changes></ChangeBatch>'
               '</ChangeResourceRecordSetsRequest>' % (NS, ALIAS.replace('UPSERT', 'CREATE')))
        s, _, b = self.c.call('route53', 'POST', '/2013-04-01/hostedzone/%s/rrset' % ZONE, body=bad)
        self.assertEqual(s, 400)
        root = ET.fromstring(b)
        self.assertEqual(root.tag, '{%s}ErrorResponse' % NS)
        self.assertEqual([c.tag.split('}')[-1] for c in root], ['Error', 'RequestId'])
        self.assertEqual(root.find('{%s}Error/{%s}Code' % (NS, NS)).text, 'InvalidChangeBatch')
        self.assertTrue(ck.shape('InvalidChangeBatch')['exception'])
        # The legacy form (a zone set to it) is its own root, with the shape's members. Route 53 sent
        # <Messages><Message>…</Message></Messages><RequestId/> without the ErrorResponse wrapper; the
        # model's member is "messages" (botocore matches it through a route53 customization), so names
        # are compared without case here.
        self.c.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets', 'count': 1,
                             'invalid_change_batch_form': 'legacy'})
        s, _, b = self.c.call('route53', 'POST', '/2013-04-01/hostedzone/%s/rrset' % ZONE, body=bad)
        self.assertEqual(s, 400)
        root = ET.fromstring(b)
        self.assertEqual(root.tag, '{%s}InvalidChangeBatch' % NS)
        shape = ck.shape('InvalidChangeBatch')
        names = {n.lower() for n in shape['members']} | {'requestid'}
        self.assertEqual([c.tag.split('}')[-1] for c in root], ['Messages', 'RequestId'])
        for child in root:
            self.assertIn(child.tag.split('}')[-1].lower(), names)
        item = ck.shape(shape['members']['messages']['shape'])['member']['locationName']
        self.assertEqual([c.tag.split('}')[-1] for c in root.find('{%s}Messages' % NS)], [item])
        self.assertGreater(ck.seen, 60)

    def test_vpc_lattice(self):
        ck = Checker(self, load('vpc-lattice'))
        sp = self.spoke()

        def call(method, path, query=None, body=b''):
            s, h, b = sp.call('vpc-lattice', method, path, query=query, body=body,
                              headers={'Content-Type': 'application/json'} if body else None)
            return s, h, b
        s, _, b = call('GET', '/services', {'maxResults': '2'})
        ck.json_output('ListServices', b)
        self.assertIn('nextToken', json.loads(b))
        items = json.loads(b)['items']
        ck.json_output('GetService', call('GET', '/services/' + items[0]['id'])[2])
        arn = urllib.parse.quote(items[0]['arn'], safe='')
        ck.json_output('ListTagsForResource', call('GET', '/tags/' + arn)[2])
        ck.json_output('TagResource', call('POST', '/tags/' + arn, body=json.dumps({'tags': {'a': 'b'}}))[2])
        ck.json_output('UntagResource', call('DELETE', '/tags/' + arn, [('tagKeys', 'a')])[2])
        s, _, b = call('POST', '/services', body=json.dumps({'name': 'made-here', 'customDomainName': 'm.corp.internal'}))
        self.assertEqual(s, 201, b)
        ck.json_output('CreateService', b)
        ck.json_output('DeleteService', call('DELETE', '/services/' + json.loads(b)['id'])[2])
        s, h, b = call('GET', '/services', {'maxResults': '500'})
        self.assertEqual(h['x-amzn-errortype'], 'ValidationException')
        ck.json_error('ValidationException', b)
        s, h, b = call('GET', '/services/svc-00000000000000999')
        self.assertEqual((s, h['x-amzn-errortype']), (404, 'ResourceNotFoundException'))
        ck.json_error('ResourceNotFoundException', b)
        self.assertGreater(ck.seen, 30)

    def test_vpc_lattice_resource_configurations(self):
        ck = Checker(self, load('vpc-lattice'))
        sp = self.spoke()

        def call(path, query=None):
            return sp.call('vpc-lattice', 'GET', path, query=query)
        s, _, b = call('/resourceconfigurations', {'maxResults': '1'})
        self.assertEqual(s, 200, b)
        ck.json_output('ListResourceConfigurations', b)
        self.assertIn('nextToken', json.loads(b))
        first = json.loads(b)['items'][0]
        self.assertEqual(first['customDomainName'], 'db0.corp.internal')
        s, _, b = call('/resourceconfigurations', {'maxResults': '1', 'nextToken': json.loads(b)['nextToken']})
        ck.json_output('ListResourceConfigurations', b)
        s, _, b = call('/resourceconfigurations/' + first['id'])
        self.assertEqual(s, 200, b)
        ck.json_output('GetResourceConfiguration', b)
        self.assertEqual(json.loads(b)['domainVerificationStatus'], 'VERIFIED')
        s, _, b = call('/servicenetworkresourceassociations', {'resourceConfigurationIdentifier': first['arn'],
                                                                 'maxResults': '1'})
        self.assertEqual(s, 200, b)
        ck.json_output('ListServiceNetworkResourceAssociations', b)
        page = json.loads(b)
        self.assertIn('nextToken', page)
        self.assertTrue(page['items'][0]['dnsEntry']['domainName'].endswith('.vpc-lattice-rsc.us-east-1.on.aws'))
        s, _, b = call('/servicenetworkresourceassociations', {'resourceConfigurationIdentifier': first['arn'],
                                                                 'nextToken': page['nextToken']})
        ck.json_output('ListServiceNetworkResourceAssociations', b)
        self.assertEqual(len(json.loads(b)['items']), 1)
        ck.json_output('ListTagsForResource', call('/tags/' + urllib.parse.quote(first['arn'], safe=''))[2])
        s, h, b = call('/resourceconfigurations/rcfg-00000000000000999')
        self.assertEqual((s, h['x-amzn-errortype']), (404, 'ResourceNotFoundException'))
        ck.json_error('ResourceNotFoundException', b)
        self.assertGreater(ck.seen, 40)

    def test_tagging(self):
        ck = Checker(self, load('resourcegroupstaggingapi'))
        sp = self.spoke()
        hdr = {'Content-Type': 'application/x-amz-json-1.1',
               'X-Amz-Target': 'ResourceGroupsTaggingAPI_20170126.GetResources'}
        s, _, b = sp.call('tagging', 'POST', '/', body=json.dumps({
            'ResourceTypeFilters': ['vpc-lattice:service'], 'TagFilters': [{'Key': 'NewService'}],
            'ResourcesPerPage': 2}), headers=hdr)
        self.assertEqual(s, 200, b)
        ck.json_output('GetResources', b)
        s, _, b = sp.call('tagging', 'POST', '/', body=json.dumps({'ResourcesPerPage': 500}), headers=hdr)
        self.assertEqual(json.loads(b)['__type'], 'InvalidParameterException')
        ck.json_error('InvalidParameterException', b)
        self.assertGreater(ck.seen, 5)


if __name__ == '__main__':
    unittest.main()
