"""The official AWS SDK for JavaScript v3 (pinned in sdk-js/package-lock.json) pointed at awsim: every error
awsim sends parses into the exception the SDK documents, so a stock client can tell them apart."""
import json
import os
import shutil
import subprocess
import unittest

from testutil import PRINCIPAL, SPOKE, ZONE, Server, base_scenario, node_major

HERE = os.path.dirname(os.path.abspath(__file__))
SDK = os.path.join(HERE, 'sdk-js')


NODE_MAJOR = 20     # the pinned clients' "engines": node >= 20 (Debian 12 ships 18)


def install():
    """npm ci into sdk-js/node_modules when it is missing or older than the lock file (pinned versions,
    integrity checked). node and npm come from the machine (packaging/install-deps.sh installs Debian's
    when there is none)."""
    stamp = os.path.join(SDK, 'node_modules', '.package-lock.json')
    lock = os.path.join(SDK, 'package-lock.json')
    if os.path.exists(stamp) and os.path.getmtime(stamp) >= os.path.getmtime(lock):
        return
    for tool in ('node', 'npm'):
        if shutil.which(tool) is None:
            raise RuntimeError('%s is missing: run `make deps` (Debian packages nodejs and npm)' % tool)
    subprocess.run(['npm', 'ci', '--no-audit', '--no-fund', '--loglevel=error'], cwd=SDK, check=True,
                   stdout=subprocess.DEVNULL, timeout=600)


# What the SDK must make of each answer: its error name (the modelled exception, or the wire code
# for those the model leaves out), the HTTP status, and what it tells about retrying.
WANT = {
    'route53 InvalidChangeBatch': ('InvalidChangeBatch', 400),
    'route53 InvalidChangeBatch (two messages)': ('InvalidChangeBatch', 400),
    'route53 NoSuchHostedZone': ('NoSuchHostedZone', 404),
    'route53 InvalidInput': ('InvalidInput', 400),
    'route53 NoSuchChange': ('NoSuchChange', 404),
    'route53 Throttling': ('Throttling', 400),
    'sts AccessDenied': ('AccessDenied', 403),
    'vpc-lattice ValidationException': ('ValidationException', 400),
    'vpc-lattice AccessDeniedException': ('AccessDeniedException', 403),
    'vpc-lattice ResourceNotFoundException': ('ResourceNotFoundException', 404),
    'vpc-lattice ThrottlingException': ('ThrottlingException', 429),
    'tagging InvalidParameterException': ('InvalidParameterException', 400),
    'tagging ThrottledException': ('ThrottledException', 400),
    'route53 ExpiredToken': ('ExpiredToken', 403),
    'vpc-lattice ExpiredTokenException': ('ExpiredTokenException', 403),
}


class SdkJs(Server):
    scenario = base_scenario(
        zones=[{'id': ZONE, 'name': 'corp.internal.', 'account': '999999999999', 'tags': {},
                'records': [{'Name': 'taken.corp.internal.', 'Type': 'A', 'TTL': 300,
                             'ResourceRecords': [{'Value': '10.0.0.1'}]}]}],
        limits={'route53_rps': 1000, 'lattice_rps': 1000, 'tagging_rps': 1000, 'sts_rps': 1000,
                'route53_operations': {'ListTagsForResource': {'rps': 0.0003, 'burst': 1}}})

    @classmethod
    def setUpClass(cls):
        have = node_major()
        if have < NODE_MAJOR:
            raise unittest.SkipTest('the AWS SDK for JavaScript v3 check needs Node.js >= %d, found %s; install '
                                    'Node.js %d or newer to run it' % (NODE_MAJOR, 'v%d' % have if have else
                                                                      'none', NODE_MAJOR))
        install()

    def test_every_error_parses_into_the_documented_exception(self):
        env = dict(os.environ, AWSIM_URL=self.url, AWSIM_AKID=PRINCIPAL['access_key_id'],
                   AWSIM_SECRET=PRINCIPAL['secret_access_key'], AWSIM_SPOKE=SPOKE, AWSIM_ZONE=ZONE,
                   AWS_EC2_METADATA_DISABLED='true', AWS_CONFIG_FILE=os.devnull,
                   AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        p = subprocess.run(['node', os.path.join(SDK, 'check.mjs')], env=env, capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        got = {j['case']: j for j in map(json.loads, p.stdout.splitlines())}
        self.assertEqual(sorted(got), sorted(WANT))
        for case, (name, status) in WANT.items():
            self.assertEqual((got[case].get('name'), got[case].get('status')), (name, status),
                             '%s: %s' % (case, got[case]))
            self.assertTrue(got[case].get('requestId'), case)
        # The standard form's message is kept whole: Route 53's own messages, comma-joined in brackets.
        self.assertEqual(got['route53 InvalidChangeBatch (two messages)']['message'],
                         "[Tried to create resource record set [name='taken.corp.internal.', type='A'] but it "
                         "already exists, Tried to delete resource record set [name='gone.corp.internal.', "
                         "type='A'] but it was not found]")
        self.assertEqual(got['route53 InvalidChangeBatch']['fault'], 'client')
        # Throttles are recognised as such, and Lattice's says when to come back.
        for case in ('route53 Throttling', 'vpc-lattice ThrottlingException', 'tagging ThrottledException'):
            self.assertTrue(got[case]['throttling'], got[case])
        self.assertEqual(got['vpc-lattice ThrottlingException']['retryAfterSeconds'], 1)
        self.assertEqual(got['vpc-lattice ValidationException']['fieldList'][0]['name'], 'maxResults')


if __name__ == '__main__':
    unittest.main()
