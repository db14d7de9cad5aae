"""Starting awsim for its own tests: a scenario dict in, a running server and a signing client out."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import client  # noqa: E402

PRINCIPAL = {'access_key_id': 'AKIATESTPRINCIPAL001', 'secret_access_key': 'test-principal-secret',
             'account': '999999999999', 'arn': 'arn:aws:iam::999999999999:user/tester'}
SPOKE = '111122223333'
ZONE = 'Z0123456789ABCDEFGHIJ'
NS = 'https://route53.amazonaws.com/doc/2013-04-01/'


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
        path = os.path.join(self.tmp, 'scenario.json')
        with open(path, 'w') as f:
            json.dump(self.scenario or base_scenario(), f)
        args = [sys.executable, os.path.join(HERE, 'awsim.py'), '--listen', '127.0.0.1:0', '--scenario', path]
        if self.tls:
            args += ['--tls-dir', os.path.join(self.tmp, 'tls')]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith('awsim listening on '):
            self.proc.kill()
            self.fail('awsim did not start: %r %s' % (line, self.proc.stderr.read()))
        self.url = line.split()[-1]
        ca = os.path.join(self.tmp, 'tls', 'ca.pem') if self.tls else None
        self.c = client.Client(self.url, PRINCIPAL['access_key_id'], PRINCIPAL['secret_access_key'], ca=ca)

    def tearDown(self):
        self.proc.terminate()
        self.proc.wait(5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        subprocess.run(['rm', '-rf', self.tmp])

    def sts(self, params, c=None):
        import urllib.parse
        body = urllib.parse.urlencode(dict(params, Version='2011-06-15'))
        return (c or self.c).call('sts', 'POST', '/', body=body,
                                  headers={'Content-Type': 'application/x-www-form-urlencoded'})
