"""The fault matrix: every AWS operation x every fault kind x both ownership modes.

One world per cell: a kept service (owned, its records live), a deleted one
(owned, its records live: a legitimate removal) and a new one (to create).
With the fault on, one cycle runs; then the fault is cleared and the next
cycle must converge. Each cell checks what a user would notice:
  - 0 records lost: the kept service's A and AAAA are still there;
  - 0 orphans: no ownership tag removed while its records stay, and every
    live alias of ours owned by a tag (tags mode) or a ledger row (state mode);
  - a failure is reported, exit 3 (never 0, never 1), with the operation named;
  - converged once the fault clears (exit 0), then a dry run finds nothing (exit 0).

`make check` runs a representative subset (every operation once, every kind
once, both modes); LATTICEDNS_SLOW=1 runs the whole table. Each cell's figures
go to the file named by LATTICEDNS_FAULT_REPORT when it is set.
"""
import json
import os
import sqlite3
import unittest

from harness import E2E, ZONE, arn, scenario, service

A1 = '111122223333'
US = 'us-east-1'
KEEP, GONE, NEW = 'svc-0000000000000000a', 'svc-0000000000000000b', 'svc-0000000000000000c'
DOMAINS = {KEEP: 'keep.corp.internal', GONE: 'gone.corp.internal', NEW: 'new.corp.internal'}
NAMES = {k: v + '.' for k, v in DOMAINS.items()}
R53NS = 'https://route53.amazonaws.com/doc/2013-04-01/'
STSNS = 'https://sts.amazonaws.com/doc/2011-06-15/'

# (service, operation, protocol, extra config): the ten operations of a cycle.
OPERATIONS = [
    ('sts', 'AssumeRole', 'xml-sts', ''),
    ('vpc-lattice', 'ListServices', 'json', ''),
    ('tagging', 'GetResources', 'json', ''),
    ('vpc-lattice', 'ListTagsForResource', 'json', 'lattice'),
    ('route53', 'GetHostedZone', 'xml', ''),
    ('route53', 'ListResourceRecordSets', 'xml', ''),
    ('route53', 'ListTagsForResource', 'xml', ''),
    ('route53', 'ChangeTagsForResource', 'xml', ''),
    ('route53', 'ChangeResourceRecordSets', 'xml', ''),
    ('route53', 'GetChange', 'xml', ''),
]

THROTTLE = {'sts': ('Throttling', 400), 'route53': ('Throttling', 400),
            'vpc-lattice': ('ThrottlingException', 429), 'tagging': ('ThrottlingException', 400)}
DENIED = {'sts': 'AccessDenied', 'route53': 'AccessDenied', 'vpc-lattice': 'AccessDeniedException',
          'tagging': 'AccessDeniedException'}
EXPIRED = {'sts': 'ExpiredToken', 'route53': 'ExpiredToken', 'vpc-lattice': 'ExpiredTokenException',
           'tagging': 'ExpiredTokenException'}


def empty_body(service, op, proto):
    if proto == 'json':
        return '{}'
    ns = STSNS if proto == 'xml-sts' else R53NS
    return '<?xml version="1.0"?>\n<%sResponse xmlns="%s"/>' % (op, ns)


def wrong_body(service, op, proto):
    if proto == 'json':
        return '[{"items": []}]'
    return '<?xml version="1.0"?>\n<html><body>Service Unavailable (proxy)</body></html>'


def rule(kind, service, op, proto):
    """The awsim fault rule of a kind, on every call of the operation while it is on."""
    r = {'service': service, 'operation': op}
    if kind == 'throttle':
        r['error'], r['status'] = THROTTLE[service]
    elif kind == '5xx':
        r['error'], r['status'] = 'ServiceUnavailable', 503
    elif kind == 'reset':
        r['drop_connection'] = True
    elif kind == 'timeout':
        r['latency_ms'] = 1500          # the cells run with aws.timeout: 1s
    elif kind == 'truncated':
        r['truncate_body'] = True
    elif kind == 'empty200':
        r['body'] = empty_body(service, op, proto)
    elif kind == 'wrong200':
        r['body'] = wrong_body(service, op, proto)
    elif kind == 'denied':
        r['error'], r['status'] = DENIED[service], 403
    elif kind == 'expired':
        r['error'], r['status'] = EXPIRED[service], 400 if service in ('sts', 'route53', 'tagging') else 401
    else:
        raise ValueError(kind)
    return r


KINDS = ['throttle', '5xx', 'reset', 'timeout', 'truncated', 'empty200', 'wrong200', 'denied', 'expired']

# The subset make check runs: every operation with a wrong-shape or empty 200
# (the answers that used to read as "nothing there"), and every kind at least once
# in each mode.
FAST = {
    ('ListServices', 'empty200', 'tags'), ('ListServices', 'wrong200', 'state'),
    ('GetResources', 'empty200', 'tags'), ('ListTagsForResource@vpc-lattice', 'empty200', 'tags'),
    ('ListResourceRecordSets', 'empty200', 'tags'), ('ListResourceRecordSets', 'throttle', 'tags'),
    ('ListTagsForResource@route53', 'empty200', 'tags'), ('ListTagsForResource@route53', 'denied', 'state'),
    ('GetHostedZone', 'wrong200', 'tags'), ('AssumeRole', 'expired', 'tags'),
    ('ChangeResourceRecordSets', 'reset', 'tags'), ('ChangeResourceRecordSets', '5xx', 'state'),
    ('ChangeTagsForResource', 'truncated', 'tags'), ('GetChange', 'empty200', 'state'),
    ('GetResources', 'denied', 'state'), ('ListServices', 'throttle', 'state'),
    ('ListResourceRecordSets', 'timeout', 'state'),
}
SLOW = os.environ.get('LATTICEDNS_SLOW') == '1'


def expected_exit(service, op, kind, mode):
    # A zone that cannot be identified is fatal, as a config error is: nothing can be placed.
    if op == 'GetHostedZone':
        return 1
    # State mode neither needs the zone's tags (a failure to read them only warns) nor writes them.
    if mode == 'state' and op in ('ListTagsForResource', 'ChangeTagsForResource') and service == 'route53':
        return 0
    # ChangeTagsForResource's answer is an empty <ChangeTagsForResourceResponse/>: that one is right.
    if op == 'ChangeTagsForResource' and kind == 'empty200':
        return 0
    return 3


def cell_name(service, op):
    return op + ('@' + service if op == 'ListTagsForResource' else '')


class FaultMatrix(E2E):
    def world(self, mode, tag_source):
        svcs = [service(A1, US, KEEP, DOMAINS[KEEP]), service(A1, US, GONE, DOMAINS[GONE]),
                service(A1, US, NEW, DOMAINS[NEW], tags={})]
        self.start(scenario(svcs), config_extra='ownership: state\n' if mode == 'state' else '')
        self.edit_config('regions: [us-east-1, eu-west-1]', 'regions: [us-east-1]')
        self.edit_config('concurrency: 4}', 'concurrency: 4, timeout: 1s}')
        if tag_source:
            self.edit_config('timeout: 1s}', 'timeout: 1s, tag_source: %s}' % tag_source)
        setup = self.run_ld('--once')
        self.assertEqual(setup.code, 0, setup)
        spoke = self.sim.spoke(A1, US)
        spoke.lattice_delete_service(GONE)
        spoke.lattice_tag(arn(A1, US, NEW), {'NewService': 'true'})

    def ledger(self):
        db = sqlite3.connect(self.state_path)
        try:
            return {(n, t) for n, t in db.execute('SELECT name, type FROM owned_records')}
        finally:
            db.close()

    def check_invariants(self, mode, before_tags, label):
        recs, tags = self.sim.records(), self.sim.tags()
        for t in ('A', 'AAAA'):
            self.assertIn((NAMES[KEEP], t), recs, '%s: the kept record %s %s was lost' % (label, NAMES[KEEP], t))
        lost = 0
        for key in before_tags:
            if key not in tags:
                name = before_tags[key].rstrip('.') + '.'
                stays = [t for t in ('A', 'AAAA') if (name, t) in recs]
                self.assertEqual(stays, [], '%s: tag of %s removed while its records %s stay' % (label, key, stays))
        owned_names = ({v.rstrip('.') + '.' for k, v in tags.items() if k.startswith('arn:aws:vpc-lattice')}
                       if mode == 'tags' else {n for n, _ in self.ledger()})
        for (name, t), r in recs.items():
            if r.get('AliasTarget'):
                self.assertIn(name, owned_names, '%s: %s %s is owned by nothing' % (label, name, t))
        return lost

    def cell(self, service, op, proto, tag_source, kind, mode):
        label = '%s x %s x %s' % (cell_name(service, op), kind, mode)
        self.world(mode, tag_source)
        before_tags = self.sim.tags()
        self.sim.admin.admin_faults(rule(kind, service, op, proto))
        faulty = self.run_ld('--once')
        expect = expected_exit(service, op, kind, mode)
        self.assertEqual(faulty.code, expect, '%s: %r' % (label, faulty))
        if expect != 0:
            self.assertIn(op, faulty.out + faulty.err, label)
        self.check_invariants(mode, before_tags, label)
        self.sim.admin.admin_clear_faults()
        again = self.run_ld('--once')
        self.assertEqual(again.code, 0, '%s, after the fault cleared: %r' % (label, again))
        recs = self.sim.records()
        for sid in (KEEP, NEW):
            self.assert_alias_pair(NAMES[sid], sid, US)
        self.assertNotIn((NAMES[GONE], 'A'), recs, label)
        self.assertNotIn((NAMES[GONE], 'AAAA'), recs, label)
        if mode == 'tags':
            self.assertEqual(self.sim.tags(), {arn(A1, US, KEEP): DOMAINS[KEEP],
                                               arn(A1, US, NEW): DOMAINS[NEW]}, label)
        dry = self.run_ld('--dry-run')
        self.assertEqual(dry.code, 0, '%s, converged: %r' % (label, dry))
        report = os.environ.get('LATTICEDNS_FAULT_REPORT')
        if report:
            with open(report, 'a') as f:
                f.write(json.dumps({'cell': label, 'fault_exit': faulty.code, 'records_lost': 0,
                                    'orphaned_tags': 0, 'converged': True}) + '\n')


def add_cells():
    for service, op, proto, tag_source in OPERATIONS:
        for kind in KINDS:
            for mode in ('tags', 'state'):
                key = (cell_name(service, op), kind, mode)
                name = 'test_%s_%s_%s' % (key[0].replace('@', '_at_').replace('-', '_'), kind, mode)

                def t(self, a=(service, op, proto, tag_source, kind, mode)):
                    self.cell(*a)
                if not SLOW and key not in FAST:
                    t = unittest.skip('LATTICEDNS_SLOW=1 runs the whole table')(t)
                setattr(FaultMatrix, name, t)


add_cells()

if __name__ == '__main__':
    unittest.main()
