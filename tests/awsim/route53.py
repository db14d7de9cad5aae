"""awsim's Route 53 (REST-XML): zones, record sets in Route 53's order, atomic change batches, tags.

Names are stored as Route 53 stores them: lower case, trailing dot, characters
outside [a-z0-9-_.] as three-digit octal escapes. Validation messages are
Route 53's own wording.
"""
import bisect
import random
import re
import time
import urllib.parse
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from world import AwsError, Response, iso

NS = 'https://route53.amazonaws.com/doc/2013-04-01/'
T = '{%s}' % NS
TYPES = ('A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP',
         'SVCB', 'TLSA', 'TXT')
MAX_ELEMENTS, MAX_CHARS = 1000, 32000
# ListResourceRecordSets: 100 record sets when maxitems is not sent, 300 at most (AWS-FACTS.md).
DEFAULT_MAXITEMS, MAX_MAXITEMS = 100, 300


def normalize(name):
    out, i = [], 0
    while i < len(name):
        c = name[i]
        if c == '\\' and re.match(r'\d{3}', name[i + 1:i + 4]):
            out.append(name[i:i + 4])
            i += 4
            continue
        if 'A' <= c <= 'Z':
            out.append(c.lower())
        elif c.isascii() and (c.islower() or c.isdigit() or c in '-_.'):
            out.append(c)
        else:
            out.extend('\\%03o' % b for b in c.encode())
        i += 1
    s = ''.join(out)
    return s if s.endswith('.') else s + '.'


def sort_key(r):
    labels = r['Name'].rstrip('.').split('.')
    return (list(reversed(labels)), r['Type'], r.get('SetIdentifier') or '')


def bare(i):
    return i.rsplit('/', 1)[-1]


class Zone:
    def __init__(self, z):
        self.id = bare(z['id'])
        self.name = normalize(z['name'])
        self.private = bool(z.get('private', True))
        self.account = z.get('account')
        self.tags = dict(z.get('tags', {}))
        self.tag_limit = int(z.get('tag_limit', 50))
        # Route 53 answers InvalidChangeBatch in the standard ErrorResponse form since 2024; "legacy"
        # keeps the old <InvalidChangeBatch><Messages> body for clients that must read both.
        self.icb_form = z.get('invalid_change_batch_form', 'standard')
        if self.icb_form not in ('standard', 'legacy'):
            raise ValueError('zone %s: invalid_change_batch_form must be "standard" or "legacy"' % self.id)
        self.records = []
        for r in z.get('records', []):
            r = dict(r)
            r['Name'] = normalize(r['Name'])
            if 'AliasTarget' in r:
                a = dict(r['AliasTarget'])
                a['DNSName'] = normalize(a['DNSName'])
                r['AliasTarget'] = a
            self.records.append(r)
        if not self.find(self.name, 'NS'):
            self.records.append({'Name': self.name, 'Type': 'NS', 'TTL': 172800, 'ResourceRecords': [
                {'Value': 'ns-%d.awsdns-%02d.%s' % (n, n % 64, tld)} for n, tld in
                ((1536, 'co.uk.'), (0, 'com.'), (512, 'net.'), (1024, 'org.'))]})
        if not self.find(self.name, 'SOA'):
            self.records.append({'Name': self.name, 'Type': 'SOA', 'TTL': 900, 'ResourceRecords': [
                {'Value': 'ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'}]})
        self.set_records(sorted(self.records, key=sort_key))

    def set_records(self, records):
        """records in Route 53's order; their sort keys are kept for paging by bisection, and an
        index by (name, type, set identifier) and of the types at each name for change batches."""
        self.records = records
        self.keys = [sort_key(r) for r in records]
        self.index = {(r['Name'], r['Type'], r.get('SetIdentifier')): r for r in records}
        self.types = {}
        for r in records:
            t = self.types.setdefault(r['Name'], {})
            t[r['Type']] = t.get(r['Type'], 0) + 1

    def commit(self, changed):
        """Applies a validated batch: changed maps (name, type, set identifier) to the new record,
        or None for a deleted one. Each record moves in or out of the sorted list by bisection, so
        a batch costs its changes, not the zone's size."""
        for key, rec in changed.items():
            old = self.index.pop(key, None)
            if old is not None:
                i = bisect.bisect_left(self.keys, sort_key(old))
                while self.records[i] is not old:
                    i += 1
                del self.records[i]
                del self.keys[i]
                t = self.types[old['Name']]
                t[old['Type']] -= 1
                if not t[old['Type']]:
                    del t[old['Type']]
                if not t:
                    del self.types[old['Name']]
            if rec is not None:
                k = sort_key(rec)
                i = bisect.bisect_right(self.keys, k)
                self.records.insert(i, rec)
                self.keys.insert(i, k)
                self.index[key] = rec
                t = self.types.setdefault(rec['Name'], {})
                t[rec['Type']] = t.get(rec['Type'], 0) + 1

    def find(self, name, typ, setid=None):
        for r in self.records:
            if r['Name'] == name and r['Type'] == typ and r.get('SetIdentifier') == setid:
                return r
        return None


def load(world, scenario):
    world.r53 = {'zones': {}, 'changes': {}}
    for z in scenario.get('zones', []):
        zone = Zone(z)
        world.r53['zones'][zone.id] = zone


def dump(world):
    return [{'id': z.id, 'name': z.name, 'private': z.private, 'account': z.account,
             'records': [dict(r) for r in z.records], 'tags': dict(z.tags)}
            for z in world.r53['zones'].values()]


ROUTES = [
    ('GET', r'^/2013-04-01/hostedzone$', 'ListHostedZones'),
    ('GET', r'^/2013-04-01/hostedzone/([^/]+)$', 'GetHostedZone'),
    ('GET', r'^/2013-04-01/hostedzone/([^/]+)/rrset/?$', 'ListResourceRecordSets'),
    ('POST', r'^/2013-04-01/hostedzone/([^/]+)/rrset/?$', 'ChangeResourceRecordSets'),
    ('GET', r'^/2013-04-01/change/([^/]+)$', 'GetChange'),
    ('GET', r'^/2013-04-01/tags/([^/]+)/([^/]+)$', 'ListTagsForResource'),
    ('POST', r'^/2013-04-01/tags/([^/]+)/([^/]+)$', 'ChangeTagsForResource'),
]


def route(req):
    for m, pat, op in ROUTES:
        g = re.match(pat, req.path)
        if g and m == req.method:
            return op, g.groups()
    raise AwsError('UnknownOperationException', 'Unknown operation %s %s' % (req.method, req.path), 404)


def operation(req):
    return route(req)[0]


def xml_response(root, inner, status=200):
    body = '<?xml version="1.0"?>\n<%s xmlns="%s">%s</%s>' % (root, NS, inner, root)
    return Response(status, {'Content-Type': 'text/xml'}, body.encode())


def zone_of(req, zid):
    z = req.world.r53['zones'].get(bare(zid))
    if z is None or (z.account is not None and z.account != req.account):
        raise AwsError('NoSuchHostedZone', 'No hosted zone found with ID: %s' % bare(zid), 404)
    return z


def hosted_zone_xml(z):
    return ('<HostedZone><Id>/hostedzone/%s</Id><Name>%s</Name><CallerReference>awsim-%s</CallerReference>'
            '<Config><PrivateZone>%s</PrivateZone></Config><ResourceRecordSetCount>%d</ResourceRecordSetCount>'
            '</HostedZone>' % (z.id, escape(z.name), z.id, 'true' if z.private else 'false', len(z.records)))


def rrset_xml(r):
    s = '<ResourceRecordSet><Name>%s</Name><Type>%s</Type>' % (escape(r['Name']), r['Type'])
    if r.get('SetIdentifier') is not None:
        s += '<SetIdentifier>%s</SetIdentifier>' % escape(r['SetIdentifier'])
        if 'Weight' in r:
            s += '<Weight>%d</Weight>' % r['Weight']
    if 'TTL' in r:
        s += '<TTL>%d</TTL>' % r['TTL']
    if r.get('ResourceRecords'):
        s += '<ResourceRecords>%s</ResourceRecords>' % ''.join(
            '<ResourceRecord><Value>%s</Value></ResourceRecord>' % escape(v['Value']) for v in r['ResourceRecords'])
    if 'AliasTarget' in r:
        a = r['AliasTarget']
        s += ('<AliasTarget><HostedZoneId>%s</HostedZoneId><DNSName>%s</DNSName><EvaluateTargetHealth>%s'
              '</EvaluateTargetHealth></AliasTarget>' % (escape(a['HostedZoneId']), escape(a['DNSName']),
                                                          'true' if a['EvaluateTargetHealth'] else 'false'))
    return s + '</ResourceRecordSet>'


def list_rrsets(req, z):
    try:
        maxitems = int(req.q('maxitems', str(DEFAULT_MAXITEMS)))
    except ValueError:
        raise AwsError('InvalidInput', 'maxitems must be a number', 400)
    maxitems = max(1, min(maxitems, MAX_MAXITEMS))
    name, typ, ident = req.q('name'), req.q('type'), req.q('identifier')
    if typ is not None and name is None:
        raise AwsError('InvalidInput', 'The input is not valid: you must specify a name when you specify a type', 400)
    if typ is not None and typ not in TYPES:
        raise AwsError('InvalidInput', "1 validation error detected: Value '%s' at 'type' failed to satisfy "
                       "constraint: Member must satisfy enum value set: [%s]" % (typ, ', '.join(TYPES)), 400)
    first = 0
    if name is not None:
        start = (list(reversed(normalize(name).rstrip('.').split('.'))), typ or '', ident or '')
        first = bisect.bisect_left(z.keys, start)
    page, rest = z.records[first:first + maxitems], z.records[first + maxitems:first + maxitems + 1]
    inner = '<ResourceRecordSets>%s</ResourceRecordSets><IsTruncated>%s</IsTruncated>' % (
        ''.join(rrset_xml(r) for r in page), 'true' if rest else 'false')
    if rest:
        inner += '<NextRecordName>%s</NextRecordName><NextRecordType>%s</NextRecordType>' % (
            escape(rest[0]['Name']), rest[0]['Type'])
        if rest[0].get('SetIdentifier') is not None:
            inner += '<NextRecordIdentifier>%s</NextRecordIdentifier>' % escape(rest[0]['SetIdentifier'])
    inner += '<MaxItems>%d</MaxItems>' % maxitems
    return xml_response('ListResourceRecordSetsResponse', inner)


def text(el, path):
    e = el.find(path)
    return e.text if e is not None and e.text is not None else (None if e is None else '')


def parse_xml(req, root_name):
    try:
        root = ET.fromstring(req.body)
    except ET.ParseError as e:
        raise AwsError('InvalidInput', 'Invalid XML ; %s' % e, 400)
    if root.tag != T + root_name:
        raise AwsError('InvalidInput', 'Invalid XML ; the root element must be %s in namespace %s'
                       % (root_name, NS), 400)
    return root


def parse_rrset(el):
    r = {'Name': normalize(text(el, T + 'Name') or ''), 'Type': text(el, T + 'Type')}
    if r['Type'] not in TYPES:
        raise AwsError('InvalidInput', "Invalid XML ; Value '%s' is not a valid record type" % r['Type'], 400)
    sid = text(el, T + 'SetIdentifier')
    if sid is not None:
        r['SetIdentifier'] = sid
        w = text(el, T + 'Weight')
        if w is not None:
            r['Weight'] = int(w)
    ttl = text(el, T + 'TTL')
    if ttl is not None:
        try:
            r['TTL'] = int(ttl)
        except ValueError:
            raise AwsError('InvalidInput', "Invalid XML ; TTL '%s' is not a number" % ttl, 400)
    rrs = el.find(T + 'ResourceRecords')
    if rrs is not None:
        r['ResourceRecords'] = [{'Value': text(v, T + 'Value') or ''} for v in rrs.findall(T + 'ResourceRecord')]
    at = el.find(T + 'AliasTarget')
    if at is not None:
        r['AliasTarget'] = {'HostedZoneId': text(at, T + 'HostedZoneId'), 'DNSName': text(at, T + 'DNSName'),
                            'EvaluateTargetHealth': text(at, T + 'EvaluateTargetHealth')}
    return r


def shape_errors(r, zone):
    """What Route 53 says about a record set on its own (before looking at the zone's content)."""
    desc = "[name='%s', type='%s'%s]" % (r['Name'], r['Type'],
                                        ", set-identifier='%s'" % r['SetIdentifier'] if 'SetIdentifier' in r else '')
    if not (r['Name'] == zone.name or r['Name'].endswith('.' + zone.name)):
        return ['RRSet with DNS name %s is not permitted in zone %s' % (r['Name'], zone.name)]
    if 'AliasTarget' in r:
        a = r['AliasTarget']
        missing = [k for k in ('HostedZoneId', 'DNSName', 'EvaluateTargetHealth') if not a.get(k)]
        if missing:
            return ['Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], '
                    'or TrafficPolicyInstanceId], but found none in Change with %s (AliasTarget lacks %s)'
                    % (desc, ', '.join(missing))]
        if a['EvaluateTargetHealth'] not in ('true', 'false'):
            return ['Invalid request: EvaluateTargetHealth must be true or false in %s' % desc]
        a['EvaluateTargetHealth'] = a['EvaluateTargetHealth'] == 'true'
        a['DNSName'] = normalize(a['DNSName'])
        if 'TTL' in r or r.get('ResourceRecords'):
            return ['Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], '
                    'or TrafficPolicyInstanceId], but found more than one in Change with %s' % desc]
        r.pop('ResourceRecords', None)
    elif 'TTL' not in r or not r.get('ResourceRecords'):
        return ['Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], '
                'or TrafficPolicyInstanceId], but found none in Change with %s' % desc]
    if r['Type'] in ('TXT', 'SPF'):
        return [m for m in (txt_error(v['Value']) for v in r['ResourceRecords']) if m]
    return []


TXT_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def txt_error(value):
    """A TXT value is one or more quoted strings, separated by spaces, each at most 255 characters
    between its quotes (Route 53's own messages: localstack issue 11711, boto3 issue 1462)."""
    pos, strings = 0, []
    while pos < len(value):
        if value[pos] == ' ':
            pos += 1
            continue
        m = TXT_STRING.match(value, pos)
        if not m:
            return ("Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed "
                    "in quotation marks) encountered with '%s''" % value)
        strings.append(m.group(1))
        pos = m.end()
    if not strings:
        return ("Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed "
                "in quotation marks) encountered with '%s''" % value)
    if any(len(x) > 255 for x in strings):
        return "Invalid Resource Record: 'FATAL problem: CharacterStringTooLong (Value is too long) encountered " \
               "with '%s''" % value
    return None


def same(a, b):
    keys = ('Name', 'Type', 'SetIdentifier', 'TTL', 'ResourceRecords', 'AliasTarget', 'Weight')
    return all(a.get(k) == b.get(k) for k in keys)


class Work:
    """One batch's changes over the zone, without copying it: what the batch has set or deleted
    so far (changed), over the zone's own index, so a 1,000-change batch on a 40,000-record zone
    costs its changes. Nothing reaches the zone until the whole batch is valid (commit)."""

    def __init__(self, zone):
        self.zone = zone
        self.changed = {}
        self.tdelta = {}

    def get(self, name, typ, sid):
        key = (name, typ, sid)
        return self.changed[key] if key in self.changed else self.zone.index.get(key)

    def _count(self, name, typ, n):
        t = self.tdelta.setdefault(name, {})
        t[typ] = t.get(typ, 0) + n

    def remove(self, r):
        self.changed[(r['Name'], r['Type'], r.get('SetIdentifier'))] = None
        self._count(r['Name'], r['Type'], -1)

    def add(self, r):
        self.changed[(r['Name'], r['Type'], r.get('SetIdentifier'))] = r
        self._count(r['Name'], r['Type'], 1)

    def other_types(self, name, typ):
        base, delta = self.zone.types.get(name, {}), self.tdelta.get(name, {})
        return [t for t in set(base) | set(delta) if t != typ and base.get(t, 0) + delta.get(t, 0) > 0]


def apply_change(work, action, r, zone):
    """Applies one change to the working copy; returns an error message or None."""
    desc = "[name='%s', type='%s']" % (r['Name'], r['Type'])
    cur = work.get(r['Name'], r['Type'], r.get('SetIdentifier'))
    if action == 'DELETE':
        if cur is None:
            return 'Tried to delete resource record set %s but it was not found' % desc
        if not same(cur, r):
            return 'Tried to delete resource record set %s but the values provided do not match the current ' \
                   'values' % desc
        work.remove(cur)
        return None
    if action == 'CREATE' and cur is not None:
        return 'Tried to create resource record set %s but it already exists' % desc
    others = work.other_types(r['Name'], r['Type'])
    if r['Type'] == 'CNAME' and others:
        return 'RRSet of type CNAME with DNS name %s is not permitted as it conflicts with other records ' \
               'with the same DNS name in zone %s' % (r['Name'], zone.name)
    if 'CNAME' in others:
        return 'RRSet of type %s with DNS name %s is not permitted because a conflicting RRSet of type CNAME ' \
               'with the same DNS name already exists in zone %s' % (r['Type'], r['Name'], zone.name)
    if cur is not None:
        work.remove(cur)
    work.add(r)
    return None


def invalid_batch(req, messages, form='standard'):
    """HTTP 400 InvalidChangeBatch. The standard form carries every message in one bracketed,
    comma-joined string (the messages hold commas and brackets themselves); the legacy form has
    its own root with one <Message> each."""
    if form == 'standard':
        body = ('<?xml version="1.0"?>\n<ErrorResponse xmlns="%s"><Error><Type>Sender</Type>'
                '<Code>InvalidChangeBatch</Code><Message>%s</Message></Error><RequestId>%s</RequestId>'
                '</ErrorResponse>' % (NS, escape('[%s]' % ', '.join(messages)), req.request_id))
    else:
        inner = '<Messages>%s</Messages><RequestId>%s</RequestId>' % (
            ''.join('<Message>%s</Message>' % escape(m) for m in messages), req.request_id)
        body = '<?xml version="1.0"?>\n<InvalidChangeBatch xmlns="%s">%s</InvalidChangeBatch>' % (NS, inner)
    return Response(400, {'Content-Type': 'text/xml'}, body.encode())


def icb_form(req, rule=None):
    """The form of an InvalidChangeBatch answer: the fault rule's, else the zone's, else standard."""
    if rule and rule.get('invalid_change_batch_form'):
        return rule['invalid_change_batch_form']
    try:
        op, groups = route(req)
    except AwsError:
        return 'standard'
    z = req.world.r53['zones'].get(bare(urllib.parse.unquote(groups[0]))) if groups else None
    return z.icb_form if z is not None else 'standard'


def limits(changes):
    """Route 53's request limits: 1,000 ResourceRecord elements, an alias record counting as one,
    and 32,000 Value characters; UPSERT counts both twice (AWS-FACTS.md)."""
    elements = chars = 0
    for action, r in changes:
        mult = 2 if action == 'UPSERT' else 1
        vals = [v['Value'] for v in r.get('ResourceRecords', [])]
        elements += mult * (1 if 'AliasTarget' in r else len(vals))
        chars += mult * sum(len(v) for v in vals)
    if elements > MAX_ELEMENTS:
        return 'Number of records limit of %d exceeded.' % MAX_ELEMENTS
    if chars > MAX_CHARS:
        return 'Number of characters limit of %d exceeded in ResourceRecord values.' % MAX_CHARS
    return None


def change_rrsets(req, z):
    w = req.world
    if w.limits.get('prior_request_not_complete') and any(
            c['zone'] == z.id and not insync(w, c) for c in w.r53['changes'].values()):
        raise AwsError('PriorRequestNotComplete', 'The request was rejected because Route 53 was still '
                       'processing a prior request.', 400)
    root = parse_xml(req, 'ChangeResourceRecordSetsRequest')
    batch = root.find(T + 'ChangeBatch')
    chs = batch.find(T + 'Changes') if batch is not None else None
    if chs is None or not chs.findall(T + 'Change'):
        raise AwsError('InvalidInput', "1 validation error detected: Value null at 'changeBatch.changes' failed "
                       "to satisfy constraint: Member must not be null", 400)
    changes, messages, seen = [], [], set()
    # The call log names what each batch touched (tests assert who wrote which name).
    detail = req.detail = []
    for c in chs.findall(T + 'Change'):
        action = text(c, T + 'Action')
        if action not in ('CREATE', 'DELETE', 'UPSERT'):
            raise AwsError('InvalidInput', "Invalid XML ; Value '%s' is not a valid action" % action, 400)
        el = c.find(T + 'ResourceRecordSet')
        if el is None:
            raise AwsError('InvalidInput', 'Invalid XML ; a Change needs a ResourceRecordSet', 400)
        r = parse_rrset(el)
        detail.append([action, r['Name'], r['Type']])
        messages += shape_errors(r, z)
        key = (r['Name'], r['Type'], r.get('SetIdentifier'))
        if key in seen:
            messages.append("The request contains an invalid set of changes for a resource record set '%s %s'"
                            % (r['Type'], r['Name']))
        seen.add(key)
        changes.append((action, r))
    lim = limits(changes)
    if lim:
        messages.append(lim)
    if not messages:
        work = Work(z)
        for action, r in changes:
            m = apply_change(work, action, r, z)
            if m:
                messages.append(m)
    if messages:
        return invalid_batch(req, messages, icb_form(req, req.fault))
    z.commit(work.changed)
    cid = 'C' + ''.join(random.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') for _ in range(20))
    w.r53['changes'][cid] = {'zone': z.id, 'at': time.monotonic(), 'submitted': iso(ms=True),
                             'comment': text(batch, T + 'Comment')}
    return change_info_response('ChangeResourceRecordSetsResponse', w, cid)


def insync(w, c):
    return (time.monotonic() - c['at']) * 1000 >= float(w.limits.get('change_insync_after_ms', 0))


def change_info_response(root, w, cid):
    c = w.r53['changes'][cid]
    inner = '<ChangeInfo><Id>/change/%s</Id><Status>%s</Status><SubmittedAt>%s</SubmittedAt>%s</ChangeInfo>' % (
        cid, 'INSYNC' if insync(w, c) and root == 'GetChangeResponse' else 'PENDING', c['submitted'],
        '<Comment>%s</Comment>' % escape(c['comment']) if c.get('comment') else '')
    return xml_response(root, inner)


def list_tags(req, z):
    inner = ('<ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>%s</ResourceId><Tags>%s</Tags>'
             '</ResourceTagSet>' % (z.id, ''.join('<Tag><Key>%s</Key><Value>%s</Value></Tag>' % (escape(k), escape(v))
                                                  for k, v in z.tags.items())))
    return xml_response('ListTagsForResourceResponse', inner)


def change_tags(req, z):
    root = parse_xml(req, 'ChangeTagsForResourceRequest')
    add = [(text(t, T + 'Key'), text(t, T + 'Value') or '') for t in root.findall(T + 'AddTags/' + T + 'Tag')]
    rm = [k.text or '' for k in root.findall(T + 'RemoveTagKeys/' + T + 'Key')]
    for what, n in (('addTags', len(add)), ('removeTagKeys', len(rm))):
        if n > 10:
            raise AwsError('InvalidInput', "1 validation error detected: Value at '%s' failed to satisfy "
                           "constraint: Member must have length less than or equal to 10" % what, 400)
    for k, v in add:
        if not k or len(k) > 128 or len(v) > 256:
            raise AwsError('InvalidInput', 'Tag keys must be 1 to 128 characters and values at most 256 '
                           '(key %r)' % (k or '')[:40], 400)
    tags = dict(z.tags)
    for k in rm:
        tags.pop(k, None)
    for k, v in add:
        tags[k] = v
    if len(tags) > z.tag_limit:
        raise AwsError('InvalidInput', 'The hosted zone %s would have %d tags; the limit is %d'
                       % (z.id, len(tags), z.tag_limit), 400)
    z.tags = tags
    return xml_response('ChangeTagsForResourceResponse', '')


def handle(req):
    op, groups = route(req)
    w = req.world
    if op == 'ListHostedZones':
        mine = [z for z in w.r53['zones'].values() if z.account in (None, req.account)]
        # The model marks Marker required: it echoes the request's marker, empty on the first call.
        return xml_response('ListHostedZonesResponse', '<HostedZones>%s</HostedZones><Marker>%s</Marker>'
                            '<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>'
                            % (''.join(hosted_zone_xml(z) for z in mine), escape(req.q('marker', ''))))
    if op == 'GetChange':
        cid = bare(groups[0])
        if cid not in w.r53['changes']:
            raise AwsError('NoSuchChange', 'A change with the specified change ID does not exist.', 404)
        return change_info_response('GetChangeResponse', w, cid)
    if op in ('ListTagsForResource', 'ChangeTagsForResource'):
        if groups[0] != 'hostedzone':
            raise AwsError('InvalidInput', 'ResourceType must be hostedzone or healthcheck', 400)
        z = zone_of(req, urllib.parse.unquote(groups[1]))
        return list_tags(req, z) if op == 'ListTagsForResource' else change_tags(req, z)
    z = zone_of(req, urllib.parse.unquote(groups[0]))
    if op == 'GetHostedZone':
        vpcs = '<VPCs><VPC><VPCRegion>us-east-1</VPCRegion><VPCId>vpc-0a1b2c3d4e5f60718</VPCId></VPC></VPCs>' \
            if z.private else ''
        return xml_response('GetHostedZoneResponse', hosted_zone_xml(z) + vpcs)
    if op == 'ListResourceRecordSets':
        return list_rrsets(req, z)
    return change_rrsets(req, z)
