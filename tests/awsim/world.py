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
        self.fault = None       # the fault rule this call matched, if any
        self.detail = None      # what the call log says the call touched (ChangeResourceRecordSets: its changes)
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
    """A token bucket: refill `rate` tokens a second up to `burst`; it starts full."""

    def __init__(self, rate, burst):
        self.rate = float(rate)
        self.burst = max(float(burst), 1.0)
        self.tokens = self.burst
        self.last = time.monotonic()

    def refill(self):
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def tokens_available(self):
        self.refill()
        return self.tokens >= 1

    def take(self):
        self.refill()
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


# Per service: the scenario keys of its account-level bucket and their defaults (refill/s, capacity).
# Route 53's are today's guide ("Throttling for Amazon Route 53 API requests": 50 tokens, 10 a
# second per account, and a bucket of the same size per operation); a scenario that gives only
# the old *_rps key keeps its old meaning, a flat rate (capacity = the rate).
RATE_KEYS = {'route53': ('route53_rps', 'route53_burst', 10, 50),
             'vpc-lattice': ('lattice_rps', 'lattice_burst', 20, None),
             'tagging': ('tagging_rps', 'tagging_burst', 20, None),
             'sts': ('sts_rps', 'sts_burst', 50, None)}


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
        self.used_actions = {}    # principal (a role for its sessions) -> actions its policy allowed and it used

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
    def bucket_spec(self, service):
        """(refill per second, capacity) of a service's account-level bucket."""
        rps_key, burst_key, rps_default, burst_default = RATE_KEYS.get(service, ('', '', 100, None))
        if rps_key in self.limits:
            rate = float(self.limits[rps_key])
            return rate, float(self.limits.get(burst_key, max(rate, 1.0)))
        return float(rps_default), float(self.limits.get(burst_key, burst_default or max(rps_default, 1)))

    def bucket(self, key, rate, burst):
        b = self.buckets.get(key)
        if b is None or b.rate != rate or b.burst != max(burst, 1.0):
            b = self.buckets[key] = Bucket(rate, burst)
        return b

    def rate_ok(self, service, account, operation=None):
        """Takes a token from the (service, account) bucket and, for Route 53, from the operation's
        own bucket too (limits.route53_operations: {"Op": {"rps": r, "burst": b}}); a call passes
        only when both have one, as Route 53 describes."""
        rate, burst = self.bucket_spec(service)
        buckets = [self.bucket((service, account), rate, burst)]
        if service == 'route53' and operation is not None:
            # An operation's own bucket: as the scenario gives it, else today's default (50, 10/s);
            # a scenario that sets the old flat route53_rps has none, as before.
            spec = self.limits.get('route53_operations', {}).get(operation)
            if spec is None and 'route53_rps' not in self.limits:
                spec = {}
            if spec is not None:
                buckets.append(self.bucket((service, account, operation), float(spec.get('rps', 10)),
                                           float(spec.get('burst', 50))))
        if all(b.tokens_available() for b in buckets):
            for b in buckets:
                b.take()
            return True
        return False

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

    def record(self, service, operation, account, status, code=None, detail=None):
        name = '%s:%s' % (service, operation)
        self.calls[name] = self.calls.get(name, 0) + 1
        acc = self.by_account.setdefault(account or '-', {})
        acc[name] = acc.get(name, 0) + 1
        self.log.append({'service': service, 'operation': operation, 'account': account,
                         'status': status, 'code': code, 'time': iso(ms=True),
                         **({'changes': detail} if detail is not None else {})})
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
