"""awsim's world: the scenario's state, credentials, rate limits, faults and the call log.

One World per server, guarded by one lock (requests are served one at a time
inside it, which is also how the emulator keeps Route 53 batches atomic).
"""
import base64
import hashlib
import json
import random
import secrets
import threading
import time
import uuid


class AwsError(Exception):
    """An error answer; rendered per protocol by awsim.py."""

    def __init__(self, code, message, status=400, sender=True, extra=None):
        super().__init__(message)
        self.code, self.message, self.status, self.sender = code, message, status, sender
        self.extra = extra or {}


class Response:
    def __init__(self, status=200, headers=None, body=b''):
        self.status, self.headers, self.body = status, dict(headers or {}), body


class Request:
    """What a handler sees. Attributes are filled by the dispatcher."""

    def __init__(self, **kw):
        self.method = self.path = self.raw_path = None
        self.query = []
        self.headers = {}
        self.body = b''
        self.service = self.region = self.account = self.principal_arn = None
        self.access_key_id = None
        self.world = None
        self.request_id = str(uuid.uuid4())
        self.__dict__.update(kw)

    def q(self, name, default=None):
        for k, v in self.query:
            if k == name:
                return v
        return default

    def qall(self, name):
        return [v for k, v in self.query if k == name]


def iso(ts=None, ms=False):
    ts = time.time() if ts is None else ts
    base = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(ts))
    return base + ('.%03dZ' % int((ts % 1) * 1000) if ms else 'Z')


class Bucket:
    """A token bucket: rate per second, burst = max(rate, 1)."""

    def __init__(self, rate):
        self.rate = float(rate)
        self.burst = max(self.rate, 1.0)
        self.tokens = self.burst
        self.last = time.monotonic()

    def take(self):
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class World:
    def __init__(self, scenario):
        self.lock = threading.RLock()
        self.scenario = scenario
        self.limits = dict(scenario.get('limits', {}))
        p = scenario['principal']
        self.principal = p
        # access key id -> {secret, account, arn, token, expires}
        self.keys = {p['access_key_id']: {'secret': p['secret_access_key'], 'account': p['account'],
                                          'arn': p.get('arn', 'arn:aws:iam::%s:user/awsim' % p['account']),
                                          'token': None, 'expires': None}}
        self.accounts = scenario.get('accounts', {})
        for acct, a in self.accounts.items():
            for u in a.get('users', []):
                self.keys[u['access_key_id']] = {
                    'secret': u['secret_access_key'], 'account': acct,
                    'arn': 'arn:aws:iam::%s:user/%s' % (acct, u.get('name', 'user')),
                    'token': None, 'expires': None}
        self.buckets = {}
        self.faults = []
        self.calls = {}
        self.by_account = {}
        self.log = []
        self.modules = {}

    # -- credentials -------------------------------------------------------
    def issue(self, account, arn, seconds):
        akid = 'ASIA' + ''.join(random.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567') for _ in range(16))
        secret = base64.b64encode(secrets.token_bytes(30)).decode()
        token = base64.b64encode(secrets.token_bytes(96)).decode()
        expires = time.time() + seconds
        self.keys[akid] = {'secret': secret, 'account': account, 'arn': arn, 'token': token,
                           'expires': expires}
        return {'AccessKeyId': akid, 'SecretAccessKey': secret, 'SessionToken': token,
                'Expiration': iso(expires)}

    def expire_account_credentials(self, account):
        for k in self.keys.values():
            if k['token'] is not None and (account is None or k['account'] == account):
                k['expires'] = time.time() - 1

    # -- limits and faults ---------------------------------------------------
    def rate_ok(self, service, account):
        rate = self.limits.get({'route53': 'route53_rps', 'vpc-lattice': 'lattice_rps',
                                'tagging': 'tagging_rps', 'sts': 'sts_rps'}.get(service, ''),
                               {'route53': 5, 'vpc-lattice': 20, 'tagging': 20, 'sts': 50}.get(service, 100))
        key = (service, account)
        if key not in self.buckets or self.buckets[key].rate != float(rate):
            self.buckets[key] = Bucket(rate)
        return self.buckets[key].take()

    def match_fault(self, service, operation, account, body=b''):
        """The first fault rule that applies to this call, consuming one of its count."""
        for f in self.faults:
            if f.get('service') not in (None, service):
                continue
            if f.get('operation') not in (None, operation):
                continue
            if f.get('account') not in (None, account):
                continue
            if 'body_contains' in f and f['body_contains'].encode() not in (body or b''):
                continue
            if 'rate' in f and random.random() >= float(f['rate']):
                continue
            if 'count' in f:
                if f['count'] <= 0:
                    continue
                f['count'] -= 1
            return f
        return None

    def record(self, service, operation, account, status, code=None):
        name = '%s:%s' % (service, operation)
        self.calls[name] = self.calls.get(name, 0) + 1
        acc = self.by_account.setdefault(account or '-', {})
        acc[name] = acc.get(name, 0) + 1
        self.log.append({'service': service, 'operation': operation, 'account': account,
                         'status': status, 'code': code, 'time': iso(ms=True)})
        if len(self.log) > 20000:
            del self.log[:10000]

    def reset_calls(self):
        self.calls, self.by_account, self.log = {}, {}, []


def opaque_token(offset):
    return base64.urlsafe_b64encode(json.dumps({'o': offset, 'r': secrets.token_hex(4)}).encode()).decode()


def token_offset(token):
    try:
        return int(json.loads(base64.urlsafe_b64decode(token.encode()))['o'])
    except Exception:
        return None


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()
