"""A small signing client for awsim: what the tests, the demo and the benchmark use to act as a user."""
import http.client
import json
import os
import ssl
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sigv4  # noqa: E402


class Client:
    def __init__(self, endpoint, akid, secret, token=None, region='us-east-1', ca=None):
        u = urllib.parse.urlsplit(endpoint)
        self.scheme, self.host = u.scheme, u.netloc
        self.akid, self.secret, self.token, self.region = akid, secret, token, region
        self.ca = ca

    def _conn(self):
        if self.scheme == 'https':
            ctx = ssl.create_default_context(cafile=self.ca)
            return http.client.HTTPSConnection(self.host, timeout=30, context=ctx)
        return http.client.HTTPConnection(self.host, timeout=30)

    def raw(self, method, target, body=b'', headers=None):
        c = self._conn()
        try:
            c.request(method, target, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            c.close()

    def call(self, service, method, path, query=None, headers=None, body=b''):
        """A signed call; path is percent-encoded as it goes on the wire. Returns (status, headers, body)."""
        if isinstance(body, str):
            body = body.encode()
        target = path + ('?' + urllib.parse.urlencode(query, quote_via=urllib.parse.quote) if query else '')
        region = 'us-east-1' if service == 'route53' else self.region
        h = sigv4.sign(method, target, self.host, body, self.akid, self.secret, self.token, region, service,
                       extra_headers=headers)
        return self.raw(method, target, body, h)

    # -- the user's view of VPC Lattice ------------------------------------------------
    def _json(self, status, body):
        if status >= 300:
            raise RuntimeError('awsim answered %d: %s' % (status, body[:300]))
        return json.loads(body or b'{}')

    def lattice_tag(self, arn, tags):
        s, _, b = self.call('vpc-lattice', 'POST', '/tags/' + urllib.parse.quote(arn, safe=''),
                            headers={'Content-Type': 'application/json'}, body=json.dumps({'tags': tags}))
        return self._json(s, b)

    def lattice_untag(self, arn, keys):
        s, _, b = self.call('vpc-lattice', 'DELETE', '/tags/' + urllib.parse.quote(arn, safe=''),
                            query=[('tagKeys', k) for k in keys])
        return self._json(s, b)

    def lattice_delete_service(self, sid):
        s, _, b = self.call('vpc-lattice', 'DELETE', '/services/' + sid)
        return self._json(s, b)

    def lattice_create_service(self, name, custom_domain=None, tags=None):
        body = {'name': name}
        if custom_domain:
            body['customDomainName'] = custom_domain
        if tags:
            body['tags'] = tags
        s, _, b = self.call('vpc-lattice', 'POST', '/services', headers={'Content-Type': 'application/json'},
                            body=json.dumps(body))
        return self._json(s, b)

    def lattice_list_services(self):
        s, _, b = self.call('vpc-lattice', 'GET', '/services', query={'maxResults': '100'})
        return self._json(s, b)

    # -- the admin API (unsigned) ------------------------------------------------------
    def _admin(self, method, path, obj=None):
        s, _, b = self.raw(method, '/_awsim/' + path, json.dumps(obj).encode() if obj is not None else b'',
                           {'Content-Type': 'application/json'})
        if s >= 300:
            raise RuntimeError('awsim admin %s %s: %d %s' % (method, path, s, b[:200]))
        return json.loads(b or b'{}')

    def admin_state(self):
        return self._admin('GET', 'state')

    def admin_calls(self):
        return self._admin('GET', 'calls')

    def admin_reset_calls(self):
        return self._admin('POST', 'calls/reset')

    def admin_faults(self, rule):
        return self._admin('POST', 'faults', rule)

    def admin_clear_faults(self):
        return self._admin('DELETE', 'faults')
