"""The C transport (libcurl, the SigV4 signer, STS, Lattice, Route 53 parsers) against awsim, over HTTP and HTTPS."""
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'awsim'))
from testutil import PRINCIPAL, SPOKE, ZONE, Server, base_scenario  # noqa: E402

PROBE = os.environ.get('LATTICEDNS_AWSPROBE')

SCENARIO = base_scenario(services=[
    {'account': SPOKE, 'region': 'us-east-1', 'id': 'svc-0123456789abcdef0', 'name': 'payments',
     'customDomainName': 'payments.corp.internal', 'status': 'ACTIVE', 'tags': {'NewService': 'true'}},
    {'account': SPOKE, 'region': 'us-east-1', 'id': 'svc-0fedcba987654321f', 'name': 'plain', 'status': 'ACTIVE'},
    {'account': '444455556666', 'region': 'us-east-1', 'id': 'svc-0aaaaaaaaaaaaaaaa', 'name': 'elsewhere',
     'customDomainName': 'other.corp.internal', 'status': 'ACTIVE'},
])


@unittest.skipUnless(PROBE, 'LATTICEDNS_AWSPROBE is not set (make check sets it)')
class Probe(Server):
    scenario = SCENARIO

    def probe(self, trust_ca=True):
        env = {'PATH': os.environ.get('PATH', ''), 'AWS_ACCESS_KEY_ID': PRINCIPAL['access_key_id'],
               'AWS_SECRET_ACCESS_KEY': PRINCIPAL['secret_access_key']}
        if self.tls and trust_ca:
            env['AWS_CA_BUNDLE'] = os.path.join(self.tmp, 'tls', 'ca.pem')
        return subprocess.run([PROBE, self.url, 'arn:aws:iam::%s:role/reader' % SPOKE, ZONE],
                              env=env, capture_output=True, text=True, timeout=60)

    def check(self, p):
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], 'caller 999999999999 arn:aws:iam::999999999999:user/tester')
        svc = sorted(l for l in lines if l.startswith('service '))
        # Only the spoke's services, as the role's account sees them.
        self.assertEqual(len(svc), 2, svc)
        self.assertRegex(svc[0], r'^service 111122223333 payments payments\.corp\.internal '
                                 r'payments-0123456789abcdef0\.\w+\.vpc-lattice-svcs\.us-east-1\.on\.aws$')
        self.assertEqual(svc[1], 'service 111122223333 plain - ' + svc[1].split()[-1])
        self.assertIn('zone %s corp.internal. private=1 records=2' % ZONE, lines)
        self.assertIn('rrset corp.internal. NS', lines)
        self.assertIn('rrset corp.internal. SOA', lines)
        for secret in (PRINCIPAL['secret_access_key'],):
            self.assertNotIn(secret, p.stdout + p.stderr)
        calls = self.c.admin_calls()['counts']
        self.assertEqual(calls.get('sts:AssumeRole'), 1, calls)
        self.assertEqual(calls.get('vpc-lattice:ListServices'), 1, calls)
        self.assertEqual(calls.get('route53:GetHostedZone'), 1, calls)
        self.assertEqual(calls.get('route53:ListResourceRecordSets'), 1, calls)
        by = self.c.admin_calls()['by_account']
        self.assertIn('vpc-lattice:ListServices', by.get(SPOKE, {}), by)

    def test_assume_role_then_signed_lattice_and_route53_calls(self):
        self.check(self.probe())

    def test_denied_role_fails_with_the_role_named(self):
        self.c.admin_faults({'service': 'sts', 'operation': 'AssumeRole', 'account': SPOKE,
                             'error': 'AccessDenied', 'status': 403})
        p = self.probe()
        self.assertEqual(p.returncode, 1)
        self.assertIn('AccessDenied', p.stderr)
        self.assertIn('arn:aws:iam::111122223333:role/reader', p.stderr)
        self.assertNotIn(PRINCIPAL['secret_access_key'], p.stderr)


@unittest.skipUnless(PROBE, 'LATTICEDNS_AWSPROBE is not set (make check sets it)')
class ProbeTls(Probe):
    """The same tests over HTTPS, trusting awsim's CA through AWS_CA_BUNDLE, and one without it."""
    tls = True

    def test_untrusted_certificate_is_refused(self):
        p = self.probe(trust_ca=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn('certificate', p.stderr.lower())


if __name__ == '__main__':
    unittest.main()
