"""SigV4 verification, written from AWS's documentation, independent of the C signer.

verify(method, raw_target, headers, body, secret_lookup, now) returns the
parsed credential scope or raises AwsError as the service would answer.
"""
import calendar
import hashlib
import hmac
import re
import time
import urllib.parse

from world import AwsError

AUTH_RE = re.compile(r'^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request,\s*'
                     r'SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$')

UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'


def uri_encode(s, keep_slash):
    return urllib.parse.quote(s, safe=('/' if keep_slash else '') + '-_.~')


def normalize_path(path):
    out = []
    for seg in path.split('/'):
        if seg in ('', '.'):
            continue
        if seg == '..':
            if out:
                out.pop()
            continue
        out.append(seg)
    p = '/' + '/'.join(out)
    if path.endswith('/') and p != '/':
        p += '/'
    return p


def canonical_query(raw):
    pairs = []
    if raw:
        for part in raw.split('&'):
            if not part:
                continue
            k, _, v = part.partition('=')
            k = uri_encode(urllib.parse.unquote(k), False)
            v = uri_encode(urllib.parse.unquote(v), False)
            pairs.append((k, v))
    pairs.sort()
    return '&'.join('%s=%s' % kv for kv in pairs)


def canonical_request(method, raw_target, headers, signed, payload_hash):
    path, _, query = raw_target.partition('?')
    lines = [method, uri_encode(normalize_path(path), True), canonical_query(query)]
    for name in signed:
        vals = headers.get_all(name) if hasattr(headers, 'get_all') else [headers.get(name)]
        vals = [v for v in (vals or []) if v is not None]
        if not vals:
            raise AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match '
                           'the signature you provided: signed header %s is missing' % name, 403)
        lines.append('%s:%s' % (name, ','.join(' '.join(v.split()) for v in vals)))
    lines.append('')
    lines.append(';'.join(signed))
    lines.append(payload_hash)
    return '\n'.join(lines)


def signing_key(secret, date, region, service):
    k = hmac.new(('AWS4' + secret).encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, service, 'aws4_request'):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def parse_auth(value):
    m = AUTH_RE.match(value or '')
    if not m:
        raise AwsError('IncompleteSignature', 'Authorization header requires \'Credential\', '
                       '\'Signature\' and \'SignedHeaders\' parameters', 403)
    akid, date, region, service, signed, sig = m.groups()
    return {'akid': akid, 'date': date, 'region': region, 'service': service,
            'signed': signed.split(';'), 'signature': sig}


def verify(method, raw_target, headers, body, auth, keys, now=None):
    """Checks the signature; returns the key record. auth is parse_auth()'s result."""
    now = time.time() if now is None else now
    key = keys.get(auth['akid'])
    invalid = {'sts': ('InvalidClientTokenId', 'The security token included in the request is invalid.'),
               'route53': ('InvalidClientTokenId', 'The security token included in the request is invalid.'),
               }.get(auth['service'], ('UnrecognizedClientException',
                                       'The security token included in the request is invalid.'))
    if key is None:
        raise AwsError(invalid[0], invalid[1], 403)
    amz_date = headers.get('x-amz-date')
    if not amz_date or 'x-amz-date' not in auth['signed'] or 'host' not in auth['signed']:
        raise AwsError('IncompleteSignature', 'The request must sign the Host and X-Amz-Date headers', 403)
    try:
        ts = calendar.timegm(time.strptime(amz_date, "%Y%m%dT%H%M%SZ"))
    except ValueError:
        raise AwsError('IncompleteSignature', 'Date must be in ISO-8601 \'basic format\'. Got \'%s\'.'
                       % amz_date, 403)
    if abs(ts - now) > 15 * 60:
        raise AwsError('SignatureDoesNotMatch', 'Signature expired: %s is now earlier than %s'
                       % (amz_date, time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now - 900))), 403)
    if amz_date[:8] != auth['date']:
        raise AwsError('SignatureDoesNotMatch', 'Credential should be scoped to a valid date', 403)
    if key['token'] is not None:
        tok = headers.get('x-amz-security-token')
        if tok != key['token']:
            raise AwsError(invalid[0], invalid[1], 403)
        if key['expires'] is not None and key['expires'] < now:
            code = 'ExpiredToken' if auth['service'] in ('sts', 'route53') else 'ExpiredTokenException'
            raise AwsError(code, 'The security token included in the request is expired', 403)
    payload = headers.get('x-amz-content-sha256') or hashlib.sha256(body).hexdigest()
    creq = canonical_request(method, raw_target, headers, auth['signed'], payload)
    sts = '\n'.join(['AWS4-HMAC-SHA256', amz_date,
                     '%s/%s/%s/aws4_request' % (auth['date'], auth['region'], auth['service']),
                     hashlib.sha256(creq.encode()).hexdigest()])
    want = hmac.new(signing_key(key['secret'], auth['date'], auth['region'], auth['service']),
                    sts.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, auth['signature']):
        raise AwsError('SignatureDoesNotMatch' if auth['service'] in ('sts', 'route53')
                       else 'InvalidSignatureException',
                       'The request signature we calculated does not match the signature you provided. '
                       'Check your AWS Secret Access Key and signing method. Consult the service '
                       'documentation for details.', 403)
    return key


def sign(method, url_path_query, host, body, akid, secret, token, region, service, now=None,
         extra_headers=None):
    """Signs a request (for client.py and the tests). Returns the headers to send."""
    now = time.time() if now is None else now
    amz_date = time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now))
    headers = {'host': host, 'x-amz-date': amz_date}
    for k, v in (extra_headers or {}).items():
        headers[k.lower()] = v
    if token:
        headers['x-amz-security-token'] = token
    signed = sorted(headers)

    class H(dict):
        def get_all(self, n):
            return [self[n]] if n in self else []
    creq = canonical_request(method, url_path_query, H(headers), signed, hashlib.sha256(body).hexdigest())
    date = amz_date[:8]
    sts = '\n'.join(['AWS4-HMAC-SHA256', amz_date, '%s/%s/%s/aws4_request' % (date, region, service),
                     hashlib.sha256(creq.encode()).hexdigest()])
    sig = hmac.new(signing_key(secret, date, region, service), sts.encode(), hashlib.sha256).hexdigest()
    headers['authorization'] = ('AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, '
                                'Signature=%s' % (akid, date, region, service, ';'.join(signed), sig))
    return headers
