"""Starting awsim for its own tests: a scenario dict in, a running server and a signing client out."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import client  # noqa: E402
import launch  # noqa: E402

PRINCIPAL = {'access_key_id': 'AKIATESTPRINCIPAL001', 'secret_access_key': 'test-principal-secret',
             'account': '999999999999', 'arn': 'arn:aws:iam::999999999999:user/tester'}
SPOKE = '111122223333'
ZONE = 'Z0123456789ABCDEFGHIJ'
NS = 'https://route53.amazonaws.com/doc/2013-04-01/'


def node_major():
    """The major version of the machine's Node.js, 0 when there is none (the tests that need
    a newer one skip with a line that says so)."""
    try:
        out = subprocess.run(['node', '--version'], capture_output=True, text=True, timeout=30).stdout
        return int(out.strip().lstrip('v').split('.')[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0


def base_scenario(**over):
    s = {'principal': PRINCIPAL,
         'accounts': {SPOKE: {'roles': [{'name': 'reader', 'trust': ['999999999999']},
                                        {'name': 'strict', 'trust': ['999999999999'], 'external_id': 'xid-1'},
                                        {'name': 'nobody', 'trust': ['000000000000']},
                                        {'name': 'irsa', 'trust': [], 'web_identity': True}],
                              'users': [{'access_key_id': 'AKIASPOKEUSER0000001', 'secret_access_key': 'spoke-secret'}]}},
         'services': [], 'zones': [{'id': ZONE, 'name': 'corp.internal.', 'account': '999999999999',
                                    'records': [], 'tags': {}}],
         'limits': {'route53_rps': 1000, 'lattice_rps': 1000, 'tagging_rps': 1000, 'sts_rps': 1000}}
    s.update(over)
    return s


class Server(unittest.TestCase):
    scenario = None
    tls = False

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='awsim-test-')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.awsim = launch.Process(self.tmp, self.scenario or base_scenario(), tls=self.tls)
        self.addCleanup(self.awsim.stop)
        self.url = self.awsim.url
        self.c = client.Client(self.url, PRINCIPAL['access_key_id'], PRINCIPAL['secret_access_key'],
                               ca=self.awsim.ca)

    def sts(self, params, c=None):
        import urllib.parse
        body = urllib.parse.urlencode(dict(params, Version='2011-06-15'))
        return (c or self.c).call('sts', 'POST', '/', body=body,
                                  headers={'Content-Type': 'application/x-www-form-urlencoded'})


T = '{%s}' % NS


def rrset(name, typ, values=None, ttl=300, alias=None, eth='false'):
    """A ResourceRecordSet element as a client writes it."""
    s = '<ResourceRecordSet><Name>%s</Name><Type>%s</Type>' % (name, typ)
    if alias is not None:
        s += '<AliasTarget>'
        if alias[0] is not None:
            s += '<HostedZoneId>%s</HostedZoneId>' % alias[0]
        if alias[1] is not None:
            s += '<DNSName>%s</DNSName>' % alias[1]
        if eth is not None:
            s += '<EvaluateTargetHealth>%s</EvaluateTargetHealth>' % eth
        s += '</AliasTarget>'
    else:
        if ttl is not None:
            s += '<TTL>%d</TTL>' % ttl
        if values:
            s += '<ResourceRecords>%s</ResourceRecords>' % ''.join(
                '<ResourceRecord><Value>%s</Value></ResourceRecord>' % v for v in values)
    return s + '</ResourceRecordSet>'


def change_batch(*changes):
    """changes: (action, rrset xml) pairs."""
    return ('<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="%s"><ChangeBatch>'
            '<Changes>%s</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>'
            % (NS, ''.join('<Change><Action>%s</Action>%s</Change>' % c for c in changes)))


class Route53Server(Server):
    def r53(self, method, path, query=None, body=b''):
        return self.c.call('route53', method, '/2013-04-01/' + path, query=query, body=body)

    def change(self, *changes):
        return self.r53('POST', 'hostedzone/%s/rrset' % ZONE, body=change_batch(*changes))

    def icb_message(self, body):
        """The message of an InvalidChangeBatch answer in either form, as the standard form carries
        it: "[m1, m2]". The standard form is checked element by element; the legacy one is joined."""
        import xml.etree.ElementTree as ET
        root = ET.fromstring(body)
        if root.tag == T + 'InvalidChangeBatch':
            self.assertEqual([c.tag for c in root], [T + 'Messages', T + 'RequestId'], body)
            return '[%s]' % ', '.join(m.text for m in root.iter(T + 'Message'))
        self.assertEqual(root.tag, T + 'ErrorResponse', body)
        self.assertEqual([c.tag for c in root], [T + 'Error', T + 'RequestId'], body)
        err = root.find(T + 'Error')
        self.assertEqual([c.tag for c in err], [T + 'Type', T + 'Code', T + 'Message'], body)
        self.assertEqual(err.find(T + 'Type').text, 'Sender')
        self.assertEqual(err.find(T + 'Code').text, 'InvalidChangeBatch')
        return err.find(T + 'Message').text

    def names(self, query=None):
        """Every (name, type) of the zone, following the pages."""
        import xml.etree.ElementTree as ET
        out, q, pages = [], dict(query or {}), 0
        while True:
            s, _, b = self.r53('GET', 'hostedzone/%s/rrset' % ZONE, query=q)
            self.assertEqual(s, 200, b)
            root = ET.fromstring(b)
            pages += 1
            page = [(r.find(T + 'Name').text, r.find(T + 'Type').text)
                    for r in root.iter(T + 'ResourceRecordSet')]
            self.assertLessEqual(len(page), 300)
            out += page
            if root.find(T + 'IsTruncated').text != 'true':
                return out, pages
            q = dict(q, name=root.find(T + 'NextRecordName').text, type=root.find(T + 'NextRecordType').text)
