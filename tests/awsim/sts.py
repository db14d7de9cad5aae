"""awsim's STS (query protocol, XML): AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity."""
import re
import urllib.parse
from xml.sax.saxutils import escape

from world import AwsError, Response

NS = 'https://sts.amazonaws.com/doc/2011-06-15/'
ROLE_RE = re.compile(r'^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role/([\w+=,.@/-]+)$')


def form(req):
    return dict(urllib.parse.parse_qsl(req.body.decode('utf-8', 'replace'), keep_blank_values=True))


def operation(req):
    action = form(req).get('Action') or req.q('Action')
    if action not in ('AssumeRole', 'AssumeRoleWithWebIdentity', 'GetCallerIdentity'):
        raise AwsError('InvalidAction', 'Could not find operation %s for version 2011-06-15' % action, 400)
    return action


def xml(op, result, req):
    body = ('<%sResponse xmlns="%s">\n  <%sResult>\n%s  </%sResult>\n  <ResponseMetadata>\n'
            '    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n</%sResponse>\n'
            % (op, NS, op, result, op, req.request_id, op))
    return Response(200, {'Content-Type': 'text/xml'}, body.encode())


def duration(f):
    try:
        d = int(f.get('DurationSeconds', '3600'))
    except ValueError:
        raise AwsError('ValidationError', 'DurationSeconds must be a number', 400)
    if d < 900 or d > 43200:
        raise AwsError('ValidationError', "1 validation error detected: Value '%d' at 'durationSeconds' "
                       "failed to satisfy constraint: Member must have value %s" %
                       (d, 'greater than or equal to 900' if d < 900 else 'less than or equal to 43200'), 400)
    return d


def find_role(world, arn):
    m = ROLE_RE.match(arn or '')
    if not m:
        raise AwsError('ValidationError', "1 validation error detected: Value '%s' at 'roleArn' failed "
                       "to satisfy constraint: Member must have length greater than or equal to 20" % arn, 400)
    account, name = m.group(2), m.group(3)
    for r in world.accounts.get(account, {}).get('roles', []):
        if r['name'] == name:
            return account, r
    return account, None


def creds_xml(c, account, role_name, session):
    return ('    <Credentials>\n      <AccessKeyId>%s</AccessKeyId>\n      <SecretAccessKey>%s</SecretAccessKey>\n'
            '      <SessionToken>%s</SessionToken>\n      <Expiration>%s</Expiration>\n    </Credentials>\n'
            '    <AssumedRoleUser>\n      <AssumedRoleId>AROA%s:%s</AssumedRoleId>\n'
            '      <Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn>\n    </AssumedRoleUser>\n'
            % (c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken'], c['Expiration'],
               account[:8].upper() + 'EXAMPLE', escape(session), account, escape(role_name), escape(session)))


def assume_role(req):
    w, f = req.world, form(req)
    arn, session = f.get('RoleArn'), f.get('RoleSessionName')
    if not session or not re.match(r'^[\w+=,.@-]{2,64}$', session):
        raise AwsError('ValidationError', "1 validation error detected: Value at 'roleSessionName' failed to "
                       "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", 400)
    d = duration(f)
    account, role = find_role(w, arn)
    denied = AwsError('AccessDenied', 'User: %s is not authorized to perform: sts:AssumeRole on resource: %s'
                      % (req.principal_arn, arn), 403)
    if role is None:
        raise denied
    trust = role.get('trust', [])
    if req.account not in trust and req.principal_arn not in trust:
        raise denied
    if role.get('external_id') is not None and f.get('ExternalId') != role['external_id']:
        raise denied
    c = w.issue(account, 'arn:aws:sts::%s:assumed-role/%s/%s' % (account, role['name'], session), d)
    return xml('AssumeRole', creds_xml(c, account, role['name'], session), req)


def assume_role_with_web_identity(req):
    w, f = req.world, form(req)
    arn, session, token = f.get('RoleArn'), f.get('RoleSessionName', 'session'), f.get('WebIdentityToken')
    d = duration(f)
    account, role = find_role(w, arn)
    if not token:
        raise AwsError('ValidationError', "1 validation error detected: Value at 'webIdentityToken' failed "
                       "to satisfy constraint: Member must have length greater than or equal to 4", 400)
    valid = w.scenario.get('web_identity_tokens')
    if role is None or not role.get('web_identity') or (valid is not None and token not in valid):
        raise AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403)
    c = w.issue(account, 'arn:aws:sts::%s:assumed-role/%s/%s' % (account, role['name'], session), d)
    return xml('AssumeRoleWithWebIdentity', creds_xml(c, account, role['name'], session), req)


def get_caller_identity(req):
    return xml('GetCallerIdentity', '    <Arn>%s</Arn>\n    <UserId>%s</UserId>\n    <Account>%s</Account>\n'
               % (escape(req.principal_arn), req.access_key_id, req.account), req)


def handle(req):
    op = operation(req)
    return {'AssumeRole': assume_role, 'AssumeRoleWithWebIdentity': assume_role_with_web_identity,
            'GetCallerIdentity': get_caller_identity}[op](req)
