"""Signatures, STS trust and ExternalId, temporary credentials, IMDS and the container endpoint."""
import json
import time
import unittest
import xml.etree.ElementTree as ET

import client
import sigv4
from testutil import PRINCIPAL, SPOKE, Server

STS = '{https://sts.amazonaws.com/doc/2011-06-15/}'


def code(body):
    return ET.fromstring(body).find(STS + 'Error/' + STS + 'Code').text


class Signatures(Server):
    def test_good_signature_is_served_in_the_callers_account(self):
        s, _, b = self.sts({'Action': 'GetCallerIdentity'})
        self.assertEqual(s, 200, b)
        r = ET.fromstring(b)
        self.assertEqual(r.find('.//' + STS + 'Account').text, '999999999999')

    def test_wrong_secret_is_signature_does_not_match(self):
        bad = client.Client(self.url, PRINCIPAL['access_key_id'], 'not-the-secret')
        s, _, b = self.sts({'Action': 'GetCallerIdentity'}, bad)
        self.assertEqual((s, code(b)), (403, 'SignatureDoesNotMatch'))

    def test_unknown_key_is_invalid_client_token_id(self):
        bad = client.Client(self.url, 'AKIANOBODY0000000000', 'x')
        s, _, b = self.sts({'Action': 'GetCallerIdentity'}, bad)
        self.assertEqual((s, code(b)), (403, 'InvalidClientTokenId'))

    def test_old_signature_expires(self):
        h = sigv4.sign('POST', '/', self.c.host, b'Action=GetCallerIdentity&Version=2011-06-15',
                       PRINCIPAL['access_key_id'], PRINCIPAL['secret_access_key'], None, 'us-east-1', 'sts',
                       now=time.time() - 3600, extra_headers={'Content-Type': 'application/x-www-form-urlencoded'})
        s, _, b = self.c.raw('POST', '/', b'Action=GetCallerIdentity&Version=2011-06-15', h)
        self.assertEqual((s, code(b)), (403, 'SignatureDoesNotMatch'))
        self.assertIn(b'Signature expired', b)

    def test_tampered_body_is_rejected(self):
        h = sigv4.sign('POST', '/', self.c.host, b'Action=GetCallerIdentity&Version=2011-06-15',
                       PRINCIPAL['access_key_id'], PRINCIPAL['secret_access_key'], None, 'us-east-1', 'sts')
        s, _, b = self.c.raw('POST', '/', b'Action=GetCallerIdentity&Version=2011-06-16', h)
        self.assertEqual(s, 403)

    def test_unsigned_is_rejected(self):
        s, _, b = self.c.raw('GET', '/services')
        self.assertEqual(s, 403)

    def test_lattice_signature_error_is_json(self):
        bad = client.Client(self.url, PRINCIPAL['access_key_id'], 'nope')
        s, h, b = bad.call('vpc-lattice', 'GET', '/services')
        self.assertEqual((s, h.get('x-amzn-errortype')), (403, 'InvalidSignatureException'))


class AssumeRole(Server):
    def assume(self, role, **extra):
        p = {'Action': 'AssumeRole', 'RoleArn': 'arn:aws:iam::%s:role/%s' % (SPOKE, role),
             'RoleSessionName': 'test'}
        p.update(extra)
        return self.sts(p)

    def test_trusted_role_gives_working_temporary_credentials(self):
        s, _, b = self.assume('reader')
        self.assertEqual(s, 200, b)
        cr = ET.fromstring(b).find('.//' + STS + 'Credentials')
        akid, secret, token = (cr.find(STS + k).text for k in ('AccessKeyId', 'SecretAccessKey', 'SessionToken'))
        self.assertTrue(akid.startswith('ASIA'))
        self.assertRegex(cr.find(STS + 'Expiration').text, r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        spoke = client.Client(self.url, akid, secret, token, region='eu-west-1')
        s, _, b = spoke.call('sts', 'POST', '/', body='Action=GetCallerIdentity&Version=2011-06-15',
                             headers={'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertIn(('<Account>%s</Account>' % SPOKE).encode(), b)
        # Without its token the temporary key is not accepted.
        notoken = client.Client(self.url, akid, secret, None)
        s, _, b = notoken.call('vpc-lattice', 'GET', '/services')
        self.assertEqual(s, 403)

    def test_untrusted_role_is_access_denied(self):
        s, _, b = self.assume('nobody')
        self.assertEqual((s, code(b)), (403, 'AccessDenied'))
        self.assertIn(b'is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/nobody', b)

    def test_external_id_is_enforced(self):
        self.assertEqual(self.assume('strict')[0], 403)
        self.assertEqual(self.assume('strict', ExternalId='wrong')[0], 403)
        self.assertEqual(self.assume('strict', ExternalId='xid-1')[0], 200)

    def test_duration_bounds(self):
        s, _, b = self.assume('reader', DurationSeconds='60')
        self.assertEqual((s, code(b)), (400, 'ValidationError'))

    def test_expired_credentials_answer_expired_token(self):
        s, _, b = self.assume('reader')
        cr = ET.fromstring(b).find('.//' + STS + 'Credentials')
        akid, secret, token = (cr.find(STS + k).text for k in ('AccessKeyId', 'SecretAccessKey', 'SessionToken'))
        self.c.admin_faults({'service': 'vpc-lattice', 'expire_credentials': True, 'account': SPOKE, 'count': 1})
        spoke = client.Client(self.url, akid, secret, token)
        s, h, _ = spoke.call('vpc-lattice', 'GET', '/services')   # this call carries the fault
        s, h, _ = spoke.call('vpc-lattice', 'GET', '/services')
        self.assertEqual((s, h.get('x-amzn-errortype')), (403, 'ExpiredTokenException'))

    def test_web_identity_is_unsigned(self):
        body = 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::%s:role/irsa' \
               '&RoleSessionName=pod&WebIdentityToken=eyJhbGciOi' % SPOKE
        s, _, b = self.c.raw('POST', '/', body.encode(), {'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertEqual(s, 200, b)
        self.assertIn(b'<AccessKeyId>ASIA', b)


class Metadata(Server):
    def test_imdsv2_needs_a_token(self):
        s, _, _ = self.c.raw('GET', '/latest/meta-data/iam/security-credentials/')
        self.assertEqual(s, 401)
        s, _, tok = self.c.raw('PUT', '/latest/api/token', b'', {'X-aws-ec2-metadata-token-ttl-seconds': '60'})
        self.assertEqual(s, 200)
        h = {'X-aws-ec2-metadata-token': tok.decode()}
        s, _, role = self.c.raw('GET', '/latest/meta-data/iam/security-credentials/', b'', h)
        s, _, b = self.c.raw('GET', '/latest/meta-data/iam/security-credentials/' + role.decode(), b'', h)
        j = json.loads(b)
        self.assertTrue(j['AccessKeyId'].startswith('ASIA'))
        self.assertIn('Token', j)

    def test_container_endpoint(self):
        s, _, b = self.c.raw('GET', '/v2/credentials/abc')
        self.assertEqual(s, 200)
        self.assertIn('SecretAccessKey', json.loads(b))


class Tls(Server):
    tls = True

    def test_https_with_the_generated_ca(self):
        self.assertTrue(self.url.startswith('https://'))
        s, _, b = self.sts({'Action': 'GetCallerIdentity'})
        self.assertEqual(s, 200, b)


if __name__ == '__main__':
    unittest.main()
