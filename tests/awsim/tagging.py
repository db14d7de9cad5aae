"""awsim's Resource Groups Tagging API (JSON 1.1): GetResources over Lattice services and resource configurations."""
import json

from world import AwsError, Response, opaque_token, token_offset

TARGET = 'ResourceGroupsTaggingAPI_20170126.'


def operation(req):
    t = req.headers.get('x-amz-target', '')
    if not t.startswith(TARGET) or t[len(TARGET):] not in ('GetResources',):
        raise AwsError('UnknownOperationException', 'Unknown operation %s' % t, 400)
    return t[len(TARGET):]


def matches(tags, filters):
    for f in filters:
        k = f.get('Key')
        if k not in tags:
            return False
        vals = f.get('Values')
        if vals and tags[k] not in vals:
            return False
    return True


def handle(req):
    operation(req)
    try:
        b = json.loads(req.body or b'{}')
    except ValueError:
        raise AwsError('InvalidParameterException', 'The request body is not valid JSON', 400)
    types = b.get('ResourceTypeFilters') or []
    filters = b.get('TagFilters') or []
    per = b.get('ResourcesPerPage', 100)
    if not isinstance(per, int) or per < 1 or per > 100:
        raise AwsError('InvalidParameterException', 'ResourcesPerPage must be between 1 and 100', 400)
    for f in filters:
        if not f.get('Key'):
            raise AwsError('InvalidParameterException', 'TagFilters: each filter needs a Key', 400)
    for t in types:
        if t not in ('vpc-lattice', 'vpc-lattice:service'):
            pass   # other resource types exist but hold nothing here
    start = 0
    if b.get('PaginationToken'):
        start = token_offset(b['PaginationToken'])
        if start is None:
            raise AwsError('PaginationTokenExpiredException', 'The pagination token is invalid or expired', 400)
    want_lattice = not types or any(t in ('vpc-lattice', 'vpc-lattice:service') for t in types)
    want_rescfg = not types or any(t in ('vpc-lattice', 'vpc-lattice:resourceconfiguration') for t in types)
    # Only the owner's services (shared ones are not its resources), from the (account, region) index.
    found = [s for s in req.world.service_index.of(req.account, req.region)
             if s['tags'] and matches(s['tags'], filters)] if want_lattice else []
    found += [r for r in getattr(req.world, 'rescfgs', [])
              if want_rescfg and r['account'] == req.account and r['region'] == req.region and
              r['tags'] and matches(r['tags'], filters)]
    page = found[start:start + per]
    out = {'PaginationToken': opaque_token(start + per) if start + per < len(found) else '',
           'ResourceTagMappingList': [{'ResourceARN': s['arn'],
                                       'Tags': [{'Key': k, 'Value': v} for k, v in s['tags'].items()]}
                                      for s in page]}
    return Response(200, {'Content-Type': 'application/x-amz-json-1.1'}, json.dumps(out).encode())
