#!/usr/bin/env python3
"""awsim - a local AWS for latticedns's tests and demo: STS, VPC Lattice, Tagging and Route 53 on one port.

    python3 tests/awsim/awsim.py --listen 127.0.0.1:PORT --scenario FILE [--tls-dir DIR]

The first line on stdout is "awsim listening on URL". Every AWS request must be
SigV4-signed and is routed by the service of its credential scope; /_awsim/ is
the unsigned admin API, /latest/ the EC2 metadata service (IMDSv2) and
/v2/credentials/ a container-credentials endpoint. See README.md.
"""
import argparse
import json
import os
import random
import secrets
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import iam  # noqa: E402
import lattice  # noqa: E402
import rescfg  # noqa: E402
import route53  # noqa: E402
import sigv4  # noqa: E402
import sts  # noqa: E402
import tagging  # noqa: E402
from world import AwsError, Request, Response, World  # noqa: E402

MODULES = {'sts': sts, 'vpc-lattice': lattice, 'tagging': tagging, 'route53': route53}
PROTOCOL = {'sts': 'query', 'route53': 'rest-xml', 'vpc-lattice': 'rest-json', 'tagging': 'json'}
XMLNS = {'sts': 'https://sts.amazonaws.com/doc/2011-06-15/', 'route53': route53.NS}


def render_error(service, e, request_id):
    proto = PROTOCOL.get(service, 'rest-json')
    headers = {'x-amzn-RequestId': request_id}
    if proto in ('query', 'rest-xml'):
        body = ('<?xml version="1.0"?>\n<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code>'
                '<Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>'
                % (XMLNS.get(service, XMLNS['sts']), 'Sender' if e.sender else 'Receiver', e.code,
                   escape(e.message), request_id))
        headers['Content-Type'] = 'text/xml'
        return Response(e.status, headers, body.encode())
    if proto == 'json':
        headers['Content-Type'] = 'application/x-amz-json-1.1'
        return Response(e.status, headers, json.dumps({'__type': e.code, 'Message': e.message}).encode())
    headers['Content-Type'] = 'application/json'
    headers['x-amzn-ErrorType'] = e.code
    body = {'message': e.message}
    body.update(e.extra)
    if service == 'vpc-lattice' and e.code == 'ThrottlingException':
        # The model binds retryAfterSeconds to the Retry-After header; AWS-FACTS.md has it in the
        # body too. Both are sent, so a client reading either one waits as asked.
        body.setdefault('retryAfterSeconds', 1)
        headers['Retry-After'] = str(body['retryAfterSeconds'])
    return Response(e.status, headers, json.dumps(body).encode())


THROTTLE = {'route53': ('Throttling', 'Rate exceeded', 400), 'sts': ('Throttling', 'Rate exceeded', 400),
            'vpc-lattice': ('ThrottlingException', 'Rate exceeded', 429),
            'tagging': ('ThrottlingException', 'Rate exceeded', 400)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'awsim'
    sys_version = ''
    # The headers and the body go out in two writes: with Nagle's algorithm the body waits for
    # the client's delayed ACK of the headers, 40 ms on Linux, on every call of a kept-alive
    # connection. AWS answers at once.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        if os.environ.get('AWSIM_VERBOSE'):
            sys.stderr.write('awsim: ' + fmt % args + '\n')

    def do_GET(self):
        self.serve()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

    def send(self, resp, truncate=False):
        body = resp.body
        self.send_response(resp.status)
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Date', time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime()))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body[:len(body) // 2] if truncate else body)
        if truncate:
            self.close_connection = True

    def read_body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(n) if n > 0 else b''

    def serve(self):
        w = self.server.world
        body = self.read_body()
        raw = self.path
        path = urllib.parse.urlsplit(raw).path
        if path.startswith('/_awsim/'):
            return self.send(admin(w, self.command, path, body))
        if path.startswith('/latest/') or path.startswith('/v2/credentials'):
            return self.send(metadata(w, self.command, path, self.headers))
        self.aws(w, raw, body)

    def aws(self, w, raw, body):
        split = urllib.parse.urlsplit(raw)
        req = Request(method=self.command, raw_path=split.path, path=urllib.parse.unquote(split.path),
                      query=urllib.parse.parse_qsl(split.query, keep_blank_values=True),
                      headers={k.lower(): v for k, v in self.headers.items()}, body=body, world=w)
        auth_header = self.headers.get('Authorization')
        service = 'sts'
        try:
            if auth_header is None:
                # Only AssumeRoleWithWebIdentity is called unsigned.
                req.service = 'sts'
                if sts.form(req).get('Action') != 'AssumeRoleWithWebIdentity':
                    raise AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
                req.region = 'us-east-1'
            else:
                auth = sigv4.parse_auth(auth_header)
                service = req.service = auth['service']
                req.region = auth['region']
                if service not in MODULES:
                    raise AwsError('UnknownService', 'No service %s here' % service, 400)
                with w.lock:
                    key = sigv4.verify(self.command, raw, self.headers, body, auth, w.keys)
                req.account, req.principal_arn, req.access_key_id = key['account'], key['arn'], auth['akid']
            self.dispatch(w, req)
        except AwsError as e:
            with w.lock:
                w.record(service, 'Unknown', req.account, e.status, e.code)
            self.send(render_error(service, e, req.request_id))

    def dispatch(self, w, req):
        mod = MODULES[req.service]
        op = mod.operation(req)
        fault_account = req.account
        if req.service == 'sts' and op == 'AssumeRole':
            # A rule for "AssumeRole in account X" means the role of account X, whoever asks.
            m = sts.ROLE_RE.match(sts.form(req).get('RoleArn', ''))
            fault_account = m.group(2) if m else req.account
        with w.lock:
            fault = req.fault = w.match_fault(req.service, op, fault_account, req.body)
            throttled = not w.rate_ok(req.service, req.account, op)
        if fault and (fault.get('latency_ms') or fault.get('jitter_ms')):
            time.sleep((fault.get('latency_ms', 0) + random.random() * fault.get('jitter_ms', 0)) / 1000.0)
        if fault and fault.get('drop_connection'):
            with w.lock:
                w.record(req.service, op, req.account, 0, 'dropped')
            self.close_connection = True
            self.connection.shutdown(2)
            return
        with w.lock:
            try:
                if fault and fault.get('expire_credentials'):
                    w.expire_account_credentials(fault.get('account'))
                if throttled:
                    code, msg, status = THROTTLE[req.service]
                    raise AwsError(code, msg, status)
                if fault and fault.get('error') == 'InvalidChangeBatch' and req.service == 'route53':
                    resp = route53.invalid_batch(req, [fault.get('message', 'Injected by awsim')],
                                                 route53.icb_form(req, fault))
                elif fault and fault.get('error'):
                    raise AwsError(fault['error'], fault.get('message', 'Injected by awsim'),
                                   int(fault.get('status', 400)))
                else:
                    resource, context = iam.resource_and_context(req, op, sts.form)
                    iam.authorize(req, op, resource, context)
                    resp = mod.handle(req)
                    if fault and 'body' in fault:
                        # The call is served (a write is applied), then its answer is replaced:
                        # a well-formed 200 that lacks what the model requires.
                        resp = Response(int(fault.get('status', 200)), dict(resp.headers),
                                        fault['body'].encode())
                resp.headers.setdefault('x-amzn-RequestId', req.request_id)
                w.record(req.service, op, req.account, resp.status,
                         'InvalidChangeBatch' if resp.status == 400 else None, req.detail)
            except AwsError as e:
                w.record(req.service, op, req.account, e.status, e.code)
                resp = render_error(req.service, e, req.request_id)
        self.send(resp, truncate=bool(fault and fault.get('truncate_body')))


class Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: the kernel drops the rest of 16 parallel connects
    # and each client retries after 1 s (SYN retransmit), so awsim, not the client, set the pace.
    request_queue_size = 128


def admin(w, method, path, body):
    def ok(obj, status=200):
        return Response(status, {'Content-Type': 'application/json'}, json.dumps(obj, indent=1).encode())
    with w.lock:
        if method == 'GET' and path == '/_awsim/state':
            return ok({'zones': route53.dump(w), 'services': lattice.dump(w),
                       'resource_configurations': rescfg.dump(w)})
        if method == 'GET' and path == '/_awsim/issued':
            # Every secret awsim handed out, so a test can prove none of them leaked into output.
            return ok({'issued': [{'access_key_id': k, 'secret_access_key': v['secret'], 'session_token': v['token']}
                                  for k, v in w.keys.items()]})
        if method == 'GET' and path == '/_awsim/iam':
            # Which granted actions each principal with a policy used (a role: all its sessions together).
            return ok({'used': {p: sorted(a) for p, a in w.used_actions.items()}})
        if method == 'GET' and path == '/_awsim/calls':
            return ok({'counts': w.calls, 'by_account': w.by_account, 'log': w.log})
        if method == 'POST' and path == '/_awsim/calls/reset':
            w.reset_calls()
            return ok({})
        if method == 'POST' and path == '/_awsim/faults':
            try:
                rule = json.loads(body or b'{}')
            except ValueError:
                return ok({'error': 'the body must be a JSON fault rule'}, 400)
            rules = rule if isinstance(rule, list) else [rule]
            w.faults.extend(rules)
            return ok({'faults': w.faults})
        if method == 'DELETE' and path == '/_awsim/faults':
            w.faults = []
            return ok({})
        if method == 'GET' and path == '/_awsim/faults':
            return ok({'faults': w.faults})
    return ok({'error': 'no admin route %s %s' % (method, path)}, 404)


IMDS_ROLE = 'awsim-instance-role'


def metadata(w, method, path, headers):
    def text(s, status=200):
        return Response(status, {'Content-Type': 'text/plain'}, s.encode())
    with w.lock:
        if path.startswith('/v2/credentials'):
            want = w.scenario.get('container_token')
            if want is not None and headers.get('Authorization') != want:
                return text('unauthorized', 401)
            return issue_json(w, 'container')
        if method == 'PUT' and path == '/latest/api/token':
            tok = secrets.token_urlsafe(32)
            w.imds_tokens = getattr(w, 'imds_tokens', set()) | {tok}
            return text(tok)
        if headers.get('X-aws-ec2-metadata-token') not in getattr(w, 'imds_tokens', set()):
            return text('', 401)
        if path == '/latest/meta-data/iam/security-credentials/':
            return text(IMDS_ROLE)
        if path == '/latest/meta-data/iam/security-credentials/' + IMDS_ROLE:
            return issue_json(w, 'imds')
    return text('Not Found', 404)


def issue_json(w, how):
    p = w.principal
    c = w.issue(p['account'], 'arn:aws:sts::%s:assumed-role/%s/%s' % (p['account'], IMDS_ROLE, how), 3600)
    body = {'Code': 'Success', 'Type': 'AWS-HMAC', 'AccessKeyId': c['AccessKeyId'],
            'SecretAccessKey': c['SecretAccessKey'], 'Token': c['SessionToken'], 'Expiration': c['Expiration'],
            'LastUpdated': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}
    return Response(200, {'Content-Type': 'application/json'}, json.dumps(body).encode())


def make_tls(d):
    """A CA and a server certificate for 127.0.0.1/localhost, made with the openssl command."""
    os.makedirs(d, exist_ok=True)
    ca_key, ca, key, csr, crt = (os.path.join(d, n) for n in ('ca.key', 'ca.pem', 'server.key', 'server.csr',
                                                             'server.pem'))
    ext = os.path.join(d, 'ext.cnf')
    with open(ext, 'w') as f:
        f.write('subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n'
                'keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n')
    run = lambda *a: subprocess.run(a, check=True, capture_output=True)  # noqa: E731
    run('openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', ca_key, '-out', ca, '-days', '2',
        '-subj', '/CN=awsim test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    run('openssl', 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1')
    run('openssl', 'x509', '-req', '-in', csr, '-CA', ca, '-CAkey', ca_key, '-CAcreateserial', '-out', crt,
        '-days', '2', '-extfile', ext)
    return crt, key


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--listen', default='127.0.0.1:0')
    ap.add_argument('--scenario', required=True)
    ap.add_argument('--tls-dir')
    a = ap.parse_args()
    with open(a.scenario) as f:
        scen = json.load(f)
    w = World(scen)
    lattice.load(w, scen)
    rescfg.load(w, scen)
    route53.load(w, scen)
    host, _, port = a.listen.rpartition(':')
    srv = Server((host or '127.0.0.1', int(port)), Handler)
    srv.daemon_threads = True
    srv.world = w
    scheme = 'http'
    if a.tls_dir:
        crt, key = make_tls(a.tls_dir)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(crt, key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        scheme = 'https'
    print('awsim listening on %s://%s:%d' % (scheme, srv.server_address[0], srv.server_address[1]), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown, daemon=True).start())
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    srv.server_close()


if __name__ == '__main__':
    main()
