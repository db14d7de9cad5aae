"""awsim's identity policies: IAM's evaluation (Deny wins, wildcards, conditions) and AccessDenied per protocol."""
import json
import unittest
import xml.etree.ElementTree as ET

import iam
from testutil import NS, PRINCIPAL, ZONE, Server, base_scenario

WRITER = {'Statement': [
    {'Effect': 'Allow', 'Action': ['route53:GetHostedZone', 'route53:ChangeResourceRecordSets'],
     'Resource': 'arn:aws:route53:::hostedzone/%s' % ZONE},
    {'Effect': 'Allow', 'Action': 'route53:GetChange', 'Resource': 'arn:aws:route53:::change/*'},
    {'Effect': 'Deny', 'Action': 'route53:ChangeResourceRecordSets', 'Resource': '*',
     'Condition': {'ForAnyValue:StringNotEquals': {'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA']}}},
]}


class Evaluation(unittest.TestCase):
    def test_table(self):
        z = 'arn:aws:route53:::hostedzone/%s' % ZONE
        types = 'route53:ChangeResourceRecordSetsRecordTypes'
        cases = [
            ('route53:GetHostedZone', z, {}, True),
            ('ROUTE53:gethostedzone', z, {}, True),                          # actions ignore case
            ('route53:GetHostedZone', 'arn:aws:route53:::hostedzone/ZOTHER', {}, False),
            ('route53:ListResourceRecordSets', z, {}, False),                # implicit deny
            ('route53:GetChange', 'arn:aws:route53:::change/C123', {}, True),
            ('route53:ChangeResourceRecordSets', z, {types: ['A', 'AAAA']}, True),
            ('route53:ChangeResourceRecordSets', z, {types: ['A', 'TXT']}, False),   # the Deny wins
            ('route53:ChangeResourceRecordSets', z, {}, True),              # unknown key: the Deny does not apply
        ]
        for action, resource, ctx, want in cases:
            self.assertEqual(iam.allowed(WRITER, action, resource, ctx), want, (action, resource, ctx))

    def test_wildcards_in_actions_and_resources(self):
        p = {'Statement': [{'Effect': 'Allow', 'Action': 'vpc-lattice:List*',
                            'Resource': 'arn:aws:vpc-lattice:*:111122223333:service/svc-?????????????????'}]}
        arn = 'arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0'
        self.assertTrue(iam.allowed(p, 'vpc-lattice:ListTagsForResource', arn, {}))
        self.assertFalse(iam.allowed(p, 'vpc-lattice:GetService', arn, {}))
        self.assertFalse(iam.allowed(p, 'vpc-lattice:ListTagsForResource', arn.replace('1111', '4444'), {}))

    def test_not_action_is_refused_rather_than_misread(self):
        with self.assertRaises(ValueError):
            iam.allowed({'Statement': [{'Effect': 'Allow', 'NotAction': 'iam:*', 'Resource': '*'}]}, 'sts:X', '*', {})


class Enforced(Server):
    scenario = base_scenario(principal=dict(PRINCIPAL, policy=WRITER))

    def test_allowed_call_answers_and_is_counted_as_used(self):
        s, _, b = self.c.call('route53', 'GET', '/2013-04-01/hostedzone/%s' % ZONE)
        self.assertEqual(s, 200, b)
        used = self.c._admin('GET', 'iam')['used']
        self.assertEqual(used, {PRINCIPAL['arn']: ['route53:GetHostedZone']})

    def test_denied_call_answers_access_denied_in_each_protocol(self):
        s, _, b = self.c.call('route53', 'GET', '/2013-04-01/hostedzone/%s/rrset' % ZONE)
        self.assertEqual(s, 403, b)
        self.assertEqual(ET.fromstring(b).find('{%s}Error/{%s}Code' % (NS, NS)).text, 'AccessDenied')
        self.assertIn(b'route53:ListResourceRecordSets on resource: arn:aws:route53:::hostedzone/' + ZONE.encode(), b)
        s, h, b = self.c.call('vpc-lattice', 'GET', '/services')
        self.assertEqual((s, json.loads(b).get('message', '')[:5]), (403, 'User:'), b)
        self.assertIn('AccessDeniedException', h.get('x-amzn-errortype', ''))
        s, _, b = self.sts({'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::111122223333:role/reader',
                            'RoleSessionName': 'x'})
        self.assertEqual(s, 403, b)
        self.assertIn(b'<Code>AccessDenied</Code>', b)
        self.assertIn(b'sts:AssumeRole', b)
        # A change with a TXT record meets the Deny, even though an Allow names the zone.
        body = ('<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="%s"><ChangeBatch>'
                '<Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>t.corp.internal.</Name>'
                '<Type>TXT</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"x"</Value></ResourceRecord>'
                '</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>'
                '</ChangeResourceRecordSetsRequest>' % NS).encode()
        s, _, b = self.c.call('route53', 'POST', '/2013-04-01/hostedzone/%s/rrset' % ZONE, body=body)
        self.assertEqual(s, 403, b)


if __name__ == '__main__':
    unittest.main()
