"""awsim's VPC Lattice resource configurations and their service-network associations (REST-JSON).

Shapes follow the botocore model `vpc-lattice` (ListResourceConfigurations,
GetResourceConfiguration, ListServiceNetworkResourceAssociations); lattice.py routes the paths
here and keeps the tag calls (/tags/{arn}) for both kinds of resource.
"""
import hashlib
import re

from world import AwsError, iso, opaque_token, token_offset

ARN_RE = re.compile(r'^arn:aws:vpc-lattice:([a-z0-9-]+):(\d{12}):resourceconfiguration/(rcfg-[0-9a-z]{17})$')


def _hex17(*parts):
    return hashlib.sha256('/'.join(parts).encode()).hexdigest()[:17]


def load(world, scenario):
    """Scenario key resource_configurations[]: account, region, id (rcfg- + 17 hex), name, optional
    arn, type (SINGLE), status (ACTIVE), createdAt, customDomainName, domainVerificationStatus,
    tags {}, associations[] (serviceNetworkId or serviceNetworkName, optional serviceNetworkArn,
    privateDnsEnabled, account: whose listing shows it, default the resource's; dnsEntry is
    generated as Lattice does)."""
    import lattice
    world.rescfgs = []
    for r in scenario.get('resource_configurations', []):
        r = dict(r)
        r.setdefault('arn', 'arn:aws:vpc-lattice:%s:%s:resourceconfiguration/%s' % (r['region'], r['account'],
                                                                                  r['id']))
        r.setdefault('name', r['id'])
        r.setdefault('type', 'SINGLE')
        r.setdefault('status', 'ACTIVE')
        r.setdefault('createdAt', iso(ms=True))
        r.setdefault('lastUpdatedAt', r['createdAt'])
        r['tags'] = dict(r.get('tags', {}))
        if r.get('customDomainName'):
            r.setdefault('domainVerificationId', 'dv-' + _hex17('dv', r['id']))
            r.setdefault('domainVerificationStatus', 'PENDING')
        assocs = []
        for a in r.get('associations', []):
            a = dict(a)
            sn_id = a.get('serviceNetworkId') or 'sn-' + _hex17('sn', a.get('serviceNetworkName', ''))
            a['serviceNetworkId'] = sn_id
            a.setdefault('serviceNetworkName', sn_id)
            a.setdefault('account', r['account'])
            a.setdefault('serviceNetworkArn', 'arn:aws:vpc-lattice:%s:%s:servicenetwork/%s' %
                         (r['region'], a['account'], sn_id))
            a.setdefault('id', 'snra-' + _hex17('snra', r['id'], sn_id))
            a.setdefault('arn', 'arn:aws:vpc-lattice:%s:%s:servicenetworkresourceassociation/%s' %
                         (r['region'], a['account'], a['id']))
            a.setdefault('status', 'ACTIVE')
            a.setdefault('createdAt', r['createdAt'])
            a.setdefault('privateDnsEnabled', False)
            a.setdefault('isManagedAssociation', False)
            # The generated name of the association: <snra>.<rcfg>.<hash>.vpc-lattice-rsc.<region>.on.aws.
            a.setdefault('dnsEntry', {'domainName': '%s.%s.%s.vpc-lattice-rsc.%s.on.aws' % (
                a['id'], r['id'], _hex17('h', r['region'])[:7], r['region']),
                'hostedZoneId': lattice.region_zone_id(world, r['region'])})
            assocs.append(a)
        r['associations'] = assocs
        world.rescfgs.append(r)


def dump(world):
    return [dict(r) for r in world.rescfgs]


SUMMARY = ('id', 'name', 'arn', 'type', 'status', 'createdAt', 'lastUpdatedAt', 'customDomainName',
           'domainVerificationId', 'resourceGatewayId', 'resourceConfigurationGroupId', 'groupDomain')
FULL = SUMMARY + ('domainVerificationStatus', 'domainVerificationArn', 'protocol', 'portRanges',
                  'allowAssociationToShareableServiceNetwork', 'resourceConfigurationDefinition')
ASSOC = ('id', 'arn', 'status', 'createdAt', 'serviceNetworkId', 'serviceNetworkArn', 'serviceNetworkName',
         'dnsEntry', 'privateDnsEnabled', 'isManagedAssociation')


def summary(r, keys=SUMMARY):
    out = {k: r[k] for k in keys if r.get(k) not in (None, '')}
    out['amazonManaged'] = False
    return out


def operation(req):
    p, m = req.path, req.method
    if p == '/resourceconfigurations' and m == 'GET':
        return 'ListResourceConfigurations'
    if p.startswith('/resourceconfigurations/') and m == 'GET':
        return 'GetResourceConfiguration'
    if p == '/servicenetworkresourceassociations' and m == 'GET':
        return 'ListServiceNetworkResourceAssociations'
    return None


def _validation(msg, field):
    return AwsError('ValidationException', msg, 400,
                    extra={'reason': 'fieldValidationFailed', 'fieldList': [{'name': field, 'message': msg}]})


def _page(req, items):
    """One page of items by maxResults (1-100) and an opaque nextToken, as ListServices pages."""
    try:
        n = int(req.q('maxResults', '100'))
    except ValueError:
        raise _validation('maxResults must be a number', 'maxResults')
    if n < 1 or n > 100:
        raise _validation('Member must have value %s' % ('greater than or equal to 1' if n < 1 else
                          'less than or equal to 100'), 'maxResults')
    start = 0
    if req.q('nextToken') is not None:
        start = token_offset(req.q('nextToken'))
        if start is None:
            raise _validation('Invalid pagination token', 'nextToken')
    return items[start:start + n], (opaque_token(start + n) if start + n < len(items) else None)


def visible(req):
    return [r for r in req.world.rescfgs if r['account'] == req.account and r['region'] == req.region]


def find(req, ident, kind='RESOURCE_CONFIGURATION'):
    for r in visible(req):
        if ident in (r['id'], r['arn']):
            return r
    m = ARN_RE.match(ident)
    if m and m.group(2) != req.account:
        raise AwsError('AccessDeniedException', 'User: %s is not authorized to access this resource'
                       % req.principal_arn, 403)
    raise AwsError('ResourceNotFoundException', "Failed to find resource configuration '%s'" % ident, 404,
                   extra={'resourceId': ident, 'resourceType': kind})


def handle(req, op, ok):
    if op == 'ListResourceConfigurations':
        page, nxt = _page(req, visible(req))
        out = {'items': [summary(r) for r in page]}
        if nxt:
            out['nextToken'] = nxt
        return ok(out)
    if op == 'GetResourceConfiguration':
        return ok(summary(find(req, req.path[len('/resourceconfigurations/'):]), FULL))
    # ListServiceNetworkResourceAssociations: the associations this account sees, by either filter.
    rid, sn = req.q('resourceConfigurationIdentifier'), req.q('serviceNetworkIdentifier')
    rows = []
    for r in req.world.rescfgs:
        if r['region'] != req.region or (rid is not None and rid not in (r['id'], r['arn'])):
            continue
        for a in r['associations']:
            if a['account'] != req.account and r['account'] != req.account:
                continue
            if sn is not None and sn not in (a['serviceNetworkId'], a['serviceNetworkArn'], a['serviceNetworkName']):
                continue
            row = {k: a[k] for k in ASSOC if a.get(k) is not None}
            row.update({'resourceConfigurationId': r['id'], 'resourceConfigurationArn': r['arn'],
                        'resourceConfigurationName': r['name'], 'createdBy': a['account']})
            rows.append(row)
    page, nxt = _page(req, rows)
    out = {'items': page}
    if nxt:
        out['nextToken'] = nxt
    return ok(out)
