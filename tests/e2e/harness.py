"""End-to-end harness: the real latticedns binary against awsim, in a temp directory.

Each test builds a scenario (a dict), starts awsim on a free port, writes a
config, runs the binary with a clean environment (only awsim's endpoint and
the principal's keys), and asserts what a user would see: records, tags, exit
codes, plan lines, API call counts.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'awsim'))

import client as awsim_client  # noqa: E402  (tests/awsim/client.py)
import launch  # noqa: E402  (tests/awsim/launch.py)

BIN = os.environ.get('LATTICEDNS_BIN', os.path.join(ROOT, 'latticedns'))
DNS_ACCOUNT = '999999999999'
ZONE_ID = 'Z0123456789ABCDEFGHIJ'
ZONE = 'corp.internal.'
PRINCIPAL = {'access_key_id': 'AKIAE2EPRINCIPAL0001',
             'secret_access_key': 'e2eSecretKeyNeverPrintedAnywhere0000000001',
             'account': DNS_ACCOUNT,
             'arn': 'arn:aws:iam::%s:user/latticedns' % DNS_ACCOUNT}
LATTICE_ZONE = 'Z03867022NOYBCTG0GJR1'


def spoke_user(account):
    return {'access_key_id': 'AKIAUSER%s' % account,
            'secret_access_key': 'userSecret%s' % account, 'name': 'spoke-admin'}


def service(account, region, sid, domain, tags=None, status='ACTIVE',
            created='2024-05-01T10:00:00Z', name=None):
    """A Lattice service as the scenario lists it."""
    s = {'account': account, 'region': region, 'id': sid, 'name': name or sid,
         'status': status, 'createdAt': created,
         'dnsEntry': {'domainName': '%s.7d67968.vpc-lattice-svcs.%s.on.aws' % (sid, region),
                      'hostedZoneId': LATTICE_ZONE},
         'tags': {'NewService': 'true'} if tags is None else tags}
    if domain is not None:
        s['customDomainName'] = domain
    return s


def arn(account, region, sid):
    return 'arn:aws:vpc-lattice:%s:%s:service/%s' % (region, account, sid)


def alias(sid, region):
    return '%s.7d67968.vpc-lattice-svcs.%s.on.aws.' % (sid, region)


def scenario(services, accounts=('111122223333',), records=None, tags=None, limits=None):
    acc = {}
    for a in accounts:
        acc[a] = {'roles': [{'name': 'latticedns-reader', 'trust': [DNS_ACCOUNT]}],
                  'users': [spoke_user(a)]}
    lim = {'route53_rps': 50, 'change_insync_after_ms': 0}
    lim.update(limits or {})
    return {'principal': PRINCIPAL, 'accounts': acc, 'services': services,
            'zones': [{'id': ZONE_ID, 'name': ZONE, 'private': True, 'account': DNS_ACCOUNT,
                       'records': records or [], 'tags': tags or {}}],
            'limits': lim}


def config_yaml(state, accounts=('111122223333',), regions=('us-east-1', 'eu-west-1'),
                extra=''):
    lines = ['state: %s' % state, 'interval: 60s', 'zones:', '  - id: %s' % ZONE_ID,
             'accounts:']
    for a in accounts:
        lines += ['  - id: "%s"' % a,
                  '    role_arn: arn:aws:iam::%s:role/latticedns-reader' % a,
                  '    regions: [%s]' % ', '.join(regions)]
    lines.append('aws: {route53_rps: 50, concurrency: 4}')
    # Any free port: the tests of several checkouts run at once on one machine, and :7979 is one port.
    lines.append('metrics: {address: "127.0.0.1:0"}')
    return '\n'.join(lines) + '\n' + extra


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return 'exit %d\n--- stdout\n%s\n--- stderr\n%s' % (self.code, self.out, self.err)


class Awsim:
    """awsim as a child process on a free port."""

    def __init__(self, scen, tmp, tls=False):
        self.process = launch.Process(tmp, scen, tls=tls)
        self.url, self.ca = self.process.url, self.process.ca
        self.admin = awsim_client.Client(self.url, PRINCIPAL['access_key_id'],
                                         PRINCIPAL['secret_access_key'], ca=self.ca)

    def stop(self):
        self.process.stop()

    def restart(self):
        """AWS back after an outage: the same address, the scenario's world as it started."""
        self.process.stop()
        host_port = self.url.split('://', 1)[1]
        self.process = launch.Process(os.path.dirname(self.process.log_path), self.process.scenario_path,
                                      tls=self.ca is not None, listen=host_port)

    def state(self):
        return self.admin.admin_state()

    def zone(self):
        return [z for z in self.state()['zones'] if z['id'] == ZONE_ID][0]

    def records(self, types=('A', 'AAAA')):
        return {(r['Name'], r['Type']): r for r in self.zone()['records'] if r['Type'] in types}

    def tags(self):
        return self.zone()['tags']

    def calls(self):
        return self.admin.admin_calls()['counts']

    def reset_calls(self):
        self.admin.admin_reset_calls()

    def spoke(self, account, region='us-east-1'):
        u = spoke_user(account)
        return awsim_client.Client(self.url, u['access_key_id'], u['secret_access_key'],
                                   region=region)

    def route53(self, method, path, body=b''):
        return self.admin.call('route53', method, path, body=body)


class Daemon:
    """A running controller: its metrics address (from the start line), its log, stop()."""

    def __init__(self, test, args):
        import json
        self.log_path = os.path.join(test.tmp, 'daemon-%d.log' % len(os.listdir(test.tmp)))
        self.errf = open(self.log_path, 'w')
        self.proc = subprocess.Popen([BIN, '-c', test.config, '--log-format', 'json'] + list(args),
                                     env=test.env(), stdout=subprocess.DEVNULL, stderr=self.errf)
        self.addr, deadline = None, time.time() + 30
        while self.addr is None and time.time() < deadline and self.proc.poll() is None:
            for line in self.log().splitlines():
                if '"event":"start"' in line:
                    self.addr = json.loads(line).get('metrics_address')
            time.sleep(0.05)
        if self.addr is None:
            self.stop()
            raise AssertionError('the controller did not start serving:\n' + self.log())

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def get(self, path):
        """(status, body) of GET path on the endpoint."""
        import urllib.error
        import urllib.request
        try:
            with urllib.request.urlopen('http://%s%s' % (self.addr, path), timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def stop(self):
        """SIGTERM, then the exit code; a sanitizer report or a secret in the log fails the test."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.errf.closed:
            self.errf.close()
            log = self.log()
            for bad in ('AddressSanitizer', 'LeakSanitizer', 'runtime error', PRINCIPAL['secret_access_key']):
                if bad in log:
                    raise AssertionError('%r in the controller\'s log:\n%s' % (bad, log[-5000:]))
        return self.proc.returncode


class E2E(unittest.TestCase):
    """Base class: self.sim, self.tmp, self.run_ld()."""
    accounts = ('111122223333',)

    def start(self, scen, config_extra='', accounts=None, tls=False):
        self.tmp = tempfile.mkdtemp(prefix='latticedns-e2e-')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.sim = Awsim(scen, self.tmp, tls=tls)
        self.addCleanup(self.sim.stop)
        self.state_path = os.path.join(self.tmp, 'state.db')
        self.config = os.path.join(self.tmp, 'latticedns.yaml')
        with open(self.config, 'w') as f:
            f.write(config_yaml(self.state_path, accounts or self.accounts, extra=config_extra))

    def edit_config(self, old, new):
        """Replaces text in the test's latticedns.yaml; the text must be there."""
        with open(self.config) as f:
            text = f.read()
        self.assertIn(old, text)
        with open(self.config, 'w') as f:
            f.write(text.replace(old, new))

    def env(self):
        return {'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
                'HOME': self.tmp,
                'AWS_ENDPOINT_URL': self.sim.url,
                'AWS_ACCESS_KEY_ID': PRINCIPAL['access_key_id'],
                'AWS_SECRET_ACCESS_KEY': PRINCIPAL['secret_access_key'],
                'AWS_REGION': 'us-east-1',
                'AWS_EC2_METADATA_DISABLED': 'true',
                'AWS_CONFIG_FILE': os.path.join(self.tmp, 'no-config'),
                'AWS_SHARED_CREDENTIALS_FILE': os.path.join(self.tmp, 'no-credentials'),
                **({'AWS_CA_BUNDLE': self.sim.ca} if self.sim.ca else {}),
                'ASAN_OPTIONS': 'detect_leaks=1:abort_on_error=0',
                'UBSAN_OPTIONS': 'halt_on_error=1:print_stacktrace=1'}

    def run_ld(self, *args, timeout=120):
        p = subprocess.run([BIN, '-c', self.config] + list(args), env=self.env(),
                           capture_output=True, text=True, timeout=timeout)
        r = Run(p.returncode, p.stdout, p.stderr)
        # No secret ever reaches the output, whatever happened.
        for secret in (PRINCIPAL['secret_access_key'],):
            self.assertNotIn(secret, p.stdout + p.stderr)
        self.assertNotIn('AddressSanitizer', p.stderr, r)
        self.assertNotIn('runtime error', p.stderr, r)
        return r

    def daemon(self, *args):
        """The long-running controller with JSON logs to a file; returns a Daemon once it serves."""
        d = Daemon(self, args)
        self.addCleanup(d.stop)
        return d

    def apply(self, *args):
        r = self.run_ld('--once', *args)
        self.assertEqual(r.code, 0, r)
        return r

    def assert_alias_pair(self, name, sid, region):
        recs = self.sim.records()
        for t in ('A', 'AAAA'):
            self.assertIn((name, t), recs, 'no %s record at %s: %s' % (t, name, sorted(recs)))
            r = recs[(name, t)]
            self.assertEqual(r.get('AliasTarget'),
                             {'HostedZoneId': LATTICE_ZONE, 'DNSName': alias(sid, region),
                              'EvaluateTargetHealth': False}, r)
            self.assertNotIn('TTL', r)
            self.assertNotIn('SetIdentifier', r)

    def write_calls(self):
        c = self.sim.calls()
        return (c.get('route53:ChangeResourceRecordSets', 0) +
                c.get('route53:ChangeTagsForResource', 0))
