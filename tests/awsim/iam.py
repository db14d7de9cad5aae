"""awsim's identity policies: a role or user given a `policy` is allowed only what it grants, as IAM does.

Evaluation is IAM's for what latticedns needs: an explicit Deny wins, then an Allow, else the
implicit deny. Action and Resource match with `*` and `?` wildcards (NotAction/NotResource are
refused when loading, rather than misread). Conditions: the String{Equals,NotEquals,Like} family
with ForAnyValue:/ForAllValues: over the keys awsim knows (sts:ExternalId,
route53:ChangeResourceRecordSetsRecordTypes); a statement whose condition names an unknown key
does not apply, so an Allow is never granted by a guess. A principal without a policy keeps the
open behaviour the other tests rely on.
"""
import fnmatch
import re

from world import AwsError

# The IAM service prefix of each signing name.
PREFIX = {'sts': 'sts', 'vpc-lattice': 'vpc-lattice', 'tagging': 'tag', 'route53': 'route53'}
ROLE_RE = re.compile(r'^arn:aws:sts::(\d{12}):assumed-role/([^/]+)/')


def policy_of(world, principal_arn):
    """The identity policy of the caller (a user, the scenario's principal, or an assumed role), or None."""
    if principal_arn == world.principal.get('arn'):
        return world.principal.get('policy')
    m = ROLE_RE.match(principal_arn or '')
    if m:
        for r in world.accounts.get(m.group(1), {}).get('roles', []):
            if r['name'] == m.group(2):
                return r.get('policy')
        return None
    m = re.match(r'^arn:aws:iam::(\d{12}):user/(.+)$', principal_arn or '')
    if m:
        for u in world.accounts.get(m.group(1), {}).get('users', []):
            if u.get('name', 'user') == m.group(2):
                return u.get('policy')
    return None


def listify(v):
    return v if isinstance(v, list) else [v]


def action_matches(pattern, action):
    # Action names are case-insensitive in IAM.
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def condition_holds(cond, context):
    for op, keys in cond.items():
        qualifier, _, base = op.rpartition(':')
        for key, wanted in keys.items():
            if key not in context:
                return False          # unknown to awsim: the statement does not apply
            have = listify(context[key])
            wanted = listify(wanted)
            if base == 'StringEquals':
                test = lambda v: v in wanted                              # noqa: E731
            elif base == 'StringNotEquals':
                test = lambda v: v not in wanted                          # noqa: E731
            elif base == 'StringLike':
                test = lambda v: any(fnmatch.fnmatchcase(v, p) for p in wanted)   # noqa: E731
            else:
                return False
            if qualifier == 'ForAnyValue':
                ok = any(test(v) for v in have)
            elif qualifier == 'ForAllValues':
                ok = all(test(v) for v in have)
            else:
                ok = len(have) == 1 and test(have[0])
            if not ok:
                return False
    return True


def applies(stmt, action, resource, context):
    for k in ('NotAction', 'NotResource', 'NotPrincipal'):
        if k in stmt:
            raise ValueError('awsim does not evaluate %s' % k)
    if not any(action_matches(a, action) for a in listify(stmt.get('Action', []))):
        return False
    if not any(fnmatch.fnmatchcase(resource, r) for r in listify(stmt.get('Resource', []))):
        return False
    return condition_holds(stmt.get('Condition', {}), context)


def allowed(policy, action, resource, context):
    statements = listify(policy.get('Statement', []))
    if any(s.get('Effect') == 'Deny' and applies(s, action, resource, context) for s in statements):
        return False
    return any(s.get('Effect') == 'Allow' and applies(s, action, resource, context) for s in statements)


def authorize(req, op, resource, context):
    """Raises AccessDenied (AccessDeniedException for the JSON APIs) when the caller's policy forbids op."""
    policy = policy_of(req.world, req.principal_arn)
    # sts:GetCallerIdentity needs no permission: AWS answers it even under an explicit Deny.
    if policy is None or (req.service == 'sts' and op == 'GetCallerIdentity'):
        return
    action = '%s:%s' % (PREFIX[req.service], op)
    if allowed(policy, action, resource, context):
        # What each policy's grants were used for: a test proves no granted action goes unused.
        req.world.used_actions.setdefault(req.principal_arn.rsplit('/', 1)[0] if ':assumed-role/' in
                                          req.principal_arn else req.principal_arn, set()).add(action)
        return
    code = 'AccessDenied' if req.service in ('sts', 'route53') else 'AccessDeniedException'
    raise AwsError(code, 'User: %s is not authorized to perform: %s on resource: %s because no identity-based '
                   'policy allows the %s action' % (req.principal_arn, action, resource, action), 403)


def resource_and_context(req, op, form):
    """The resource ARN IAM checks op against, and the condition keys awsim knows for it."""
    if req.service == 'sts':
        f = form(req)
        return f.get('RoleArn', '*'), {'sts:ExternalId': f.get('ExternalId', '')}
    if req.service == 'route53':
        m = re.match(r'^/2013-04-01/(hostedzone|change|tags/hostedzone)/([^/]+)', req.path)
        if not m:
            return '*', {}
        kind = 'change' if m.group(1) == 'change' else 'hostedzone'
        ctx = {}
        if op == 'ChangeResourceRecordSets':
            ctx['route53:ChangeResourceRecordSetsRecordTypes'] = sorted(
                {t.decode() for t in re.findall(rb'<Type>([A-Z0-9]+)</Type>', req.body or b'')})
        return 'arn:aws:route53:::%s/%s' % (kind, m.group(2).rsplit('/', 1)[-1]), ctx
    if req.service == 'vpc-lattice':
        if req.path.startswith('/tags/'):
            return req.path[len('/tags/'):], {}
        m = re.match(r'^/services/([^/]+)$', req.path)
        if m:
            return 'arn:aws:vpc-lattice:%s:%s:service/%s' % (req.region, req.account, m.group(1)), {}
        m = re.match(r'^/resourceconfigurations/([^/]+)$', req.path)
        if m:
            rid = m.group(1)
            return rid if rid.startswith('arn:') else 'arn:aws:vpc-lattice:%s:%s:resourceconfiguration/%s' % (
                req.region, req.account, rid), {}
    return '*', {}
