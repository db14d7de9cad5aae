"""awsim's VPC Lattice (REST-JSON): services and their tags, per account and region."""
import base64
import hashlib
import json
import random
import re
import time
import urllib.parse

import rescfg
from world import AwsError, Response, iso, opaque_token, token_offset

ARN_RE = re.compile(r'^arn:aws:vpc-lattice:([a-z0-9-]+):(\d{12}):service/(svc-[0-9a-z]{17})$')


class Index:
    """The world's services by (account, region), for the owner's calls, and by (account, region) of
    each account a service is shared with, so a call costs the same in a world of 20,000 services
    as in one of 20. Each list keeps creation order (world.services' order), which ListServices
    and GetResources answer in; seq orders a merge of owned and shared services the same way."""

    def __init__(self):
        self.owned, self.shared, self.seq, self.next = {}, {}, {}, 0

    def add(self, s):
        self.seq[id(s)] = self.next
        self.next += 1
        self.owned.setdefault((s['account'], s['region']), []).append(s)
        for a in s.get('shared_with', ()):
            self.shared.setdefault((a, s['region']), []).append(s)

    def remove(self, s):
        self.owned[(s['account'], s['region'])].remove(s)
        for a in s.get('shared_with', ()):
            self.shared[(a, s['region'])].remove(s)
        del self.seq[id(s)]

    def of(self, account, region):
        return self.owned.get((account, region), [])

    def listed(self, account, region):
        own, shared = self.of(account, region), self.shared.get((account, region))
        if not shared:
            return own
        return sorted(_union(own, shared), key=lambda s: self.seq[id(s)])


def _union(own, shared):
    seen = {id(s) for s in own}
    return own + [s for s in shared if id(s) not in seen]


def add_service(world, s):
    world.services.append(s)
    world.service_index.add(s)


def remove_service(world, s):
    world.services.remove(s)
    world.service_index.remove(s)


def load(world, scenario):
    world.services = []
    world.service_index = Index()
    world.lattice_zone_ids = dict(scenario.get('lattice_hosted_zone_ids', {}))
    for s in scenario.get('services', []):
        s = dict(s)
        s.setdefault('arn', 'arn:aws:vpc-lattice:%s:%s:service/%s' % (s['region'], s['account'], s['id']))
        s.setdefault('name', s['id'])
        s.setdefault('status', 'ACTIVE')
        s.setdefault('createdAt', iso(ms=True))
        s.setdefault('lastUpdatedAt', s['createdAt'])
        # Every Lattice service gets a generated name, whether or not it has a custom domain.
        s.setdefault('dnsEntry', dns_entry(world, s['name'], s['id'], s['region']))
        s['tags'] = dict(s.get('tags', {}))
        add_service(world, s)


def region_zone_id(world, region):
    """The hosted zone of a region's Lattice names: regional, in no AWS table (AWS-FACTS.md), so the
    scenario may give one per region (lattice_hosted_zone_ids); else one is made up from the region,
    stable and different for each."""
    zid = world.lattice_zone_ids.get(region)
    if zid is None:
        digest = base64.b32encode(hashlib.sha256(region.encode()).digest()).decode()
        zid = 'Z0' + digest[:19]
    return zid


def dns_entry(world, name, sid, region):
    return {'domainName': '%s-%s.7d67968.vpc-lattice-svcs.%s.on.aws' % (name, sid[4:], region),
            'hostedZoneId': region_zone_id(world, region)}


def dump(world):
    return [dict(s) for s in world.services]


def summary(s):
    out = {'arn': s['arn'], 'id': s['id'], 'name': s['name'], 'status': s['status'],
           'createdAt': s['createdAt'], 'lastUpdatedAt': s['lastUpdatedAt']}
    if s.get('customDomainName'):
        out['customDomainName'] = s['customDomainName']
    if s.get('dnsEntry'):
        out['dnsEntry'] = dict(s['dnsEntry'])
    return out


def operation(req):
    p, m = req.path, req.method
    op = rescfg.operation(req)
    if op is not None:
        return op
    if p == '/services':
        return {'GET': 'ListServices', 'POST': 'CreateService'}.get(m) or _unknown(req)
    if p.startswith('/services/'):
        return {'GET': 'GetService', 'DELETE': 'DeleteService'}.get(m) or _unknown(req)
    if p.startswith('/tags/'):
        return {'GET': 'ListTagsForResource', 'POST': 'TagResource', 'DELETE': 'UntagResource'}.get(m) or \
            _unknown(req)
    return _unknown(req)


def _unknown(req):
    raise AwsError('UnknownOperationException', 'Unknown operation %s %s' % (req.method, req.path), 404)


def validation(msg, field):
    return AwsError('ValidationException', msg, 400,
                    extra={'reason': 'fieldValidationFailed', 'fieldList': [{'name': field, 'message': msg}]})


def visible(req):
    """The caller's own services in its region (not a copy: do not change it)."""
    return req.world.service_index.of(req.account, req.region)


def listed(req):
    """What ListServices shows: the caller's services and those shared with it (AWS RAM), in its region."""
    return req.world.service_index.listed(req.account, req.region)


def find(req, ident):
    if rescfg.ARN_RE.match(ident):
        return rescfg.find(req, ident)
    for s in visible(req):
        if ident in (s['id'], s['arn']):
            return s
    m = ARN_RE.match(ident)
    if m and m.group(2) != req.account:
        raise AwsError('AccessDeniedException', 'User: %s is not authorized to access this resource'
                       % req.principal_arn, 403)
    raise AwsError('ResourceNotFoundException', "Failed to find service '%s'" % ident, 404,
                   extra={'resourceId': ident, 'resourceType': 'SERVICE'})


def ok(obj, status=200):
    return Response(status, {'Content-Type': 'application/json'}, json.dumps(obj).encode())


def list_services(req):
    try:
        n = int(req.q('maxResults', '100'))
    except ValueError:
        raise validation('maxResults must be a number', 'maxResults')
    if n < 1 or n > 100:
        raise validation('Member must have value %s' % ('greater than or equal to 1' if n < 1 else
                         'less than or equal to 100'), 'maxResults')
    start = 0
    if req.q('nextToken') is not None:
        start = token_offset(req.q('nextToken'))
        if start is None:
            raise validation('Invalid pagination token', 'nextToken')
    items = listed(req)
    page = items[start:start + n]
    out = {'items': [summary(s) for s in page]}
    if start + n < len(items):
        out['nextToken'] = opaque_token(start + n)
    return ok(out)


def body_json(req):
    try:
        return json.loads(req.body or b'{}')
    except ValueError:
        raise AwsError('ValidationException', 'The request body is not valid JSON', 400)


def create_service(req):
    b = body_json(req)
    name = b.get('name')
    if not name or not re.match(r'^(?!svc-)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]{3,40}$', name):
        raise validation('name must be 3-40 lower-case letters, digits and hyphens', 'name')
    sid = 'svc-' + ''.join(random.choice('0123456789abcdef') for _ in range(17))
    now = iso(ms=True)
    s = {'account': req.account, 'region': req.region, 'id': sid, 'name': name, 'status': 'ACTIVE',
         'arn': 'arn:aws:vpc-lattice:%s:%s:service/%s' % (req.region, req.account, sid),
         'createdAt': now, 'lastUpdatedAt': now, 'tags': dict(b.get('tags') or {}),
         'dnsEntry': dns_entry(req.world, name, sid, req.region)}
    if b.get('customDomainName'):
        s['customDomainName'] = b['customDomainName']
    add_service(req.world, s)
    out = {k: s[k] for k in ('arn', 'id', 'name', 'status', 'dnsEntry')}
    if s.get('customDomainName'):
        out['customDomainName'] = s['customDomainName']
    out['authType'] = b.get('authType', 'NONE')
    return ok(out, 201)


def handle(req):
    op = operation(req)
    if op in ('ListResourceConfigurations', 'GetResourceConfiguration', 'ListServiceNetworkResourceAssociations'):
        return rescfg.handle(req, op, ok)
    if op == 'ListServices':
        return list_services(req)
    if op == 'CreateService':
        return create_service(req)
    if op in ('GetService', 'DeleteService'):
        s = find(req, urllib.parse.unquote(req.path[len('/services/'):]))
        if op == 'GetService':
            return ok(summary(s))
        remove_service(req.world, s)
        return ok({'arn': s['arn'], 'id': s['id'], 'name': s['name'], 'status': 'DELETE_IN_PROGRESS'})
    s = find(req, urllib.parse.unquote(req.path[len('/tags/'):]))
    if op == 'ListTagsForResource':
        return ok({'tags': dict(s['tags'])})
    if op == 'TagResource':
        tags = body_json(req).get('tags')
        if not isinstance(tags, dict) or not tags:
            raise validation('tags must be a non-empty map', 'tags')
        s['tags'].update(tags)
        s['lastUpdatedAt'] = iso(ms=True)
        return ok({})
    keys = req.qall('tagKeys')
    if not keys:
        raise validation('tagKeys is required', 'tagKeys')
    for k in keys:
        s['tags'].pop(k, None)
    return ok({})
