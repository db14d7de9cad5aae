#!/usr/bin/env python3
"""awsim's own CPU per call as its world grows: is the emulator still flat at organisation scale?

    python3 tests/bench/awsim_cpu.py [--sizes 20,200,2000,20000] [--calls 300]

For each world size N (N services, 10 per account, one region) it starts awsim, makes --calls
Lattice ListServices, Tagging GetResources and Lattice ListTagsForResource calls as one
account's user, and prints awsim's CPU time (user+sys, from /proc) per call, and the ratio to
the smallest world. The calls are signed here, so the figures are awsim's cost alone. Flat
(within 2x) means a benchmark at 20,000 services measures latticedns, not the emulator.
"""
import argparse
import json
import os
import sys
import tempfile
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import Awsim, scenario, service  # noqa: E402

PER_ACCOUNT = 10
TICK = os.sysconf('SC_CLK_TCK')


def account_id(i):
    return '%012d' % (100000000000 + i * 1111)


def cpu_seconds(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK    # utime, stime (fields 14, 15)


def world(n):
    accounts = [account_id(i) for i in range(max(1, n // PER_ACCOUNT))]
    svcs = [service(accounts[i // PER_ACCOUNT], 'us-east-1', 'svc-%017x' % i, 's%05d.corp.internal' % i)
            for i in range(n)]
    return scenario(svcs, accounts=accounts, limits={'lattice_rps': 100000, 'tagging_rps': 100000}), accounts


def measure(n, calls):
    scen, accounts = world(n)
    tmp = tempfile.mkdtemp(prefix='awsim-cpu-')
    sim = Awsim(scen, tmp)
    try:
        c = sim.spoke(accounts[0])
        arn = 'arn:aws:vpc-lattice:us-east-1:%s:service/svc-%017x' % (accounts[0], 0)
        ops = {
            'ListServices': lambda: c.call('vpc-lattice', 'GET', '/services', query={'maxResults': '100'}),
            'GetResources': lambda: c.call(
                'tagging', 'POST', '/', headers={'X-Amz-Target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
                                                 'Content-Type': 'application/x-amz-json-1.1'},
                body=json.dumps({'TagFilters': [{'Key': 'NewService'}], 'ResourcesPerPage': 100})),
            'ListTagsForResource': lambda: c.call('vpc-lattice', 'GET', '/tags/' + urllib.parse.quote(arn, safe='')),
        }
        out = {}
        pid = sim.process.proc.pid
        for name, fn in ops.items():
            status, _, body = fn()
            if status != 200:
                raise RuntimeError('%s answered %d: %s' % (name, status, body[:200]))
            before = cpu_seconds(pid)
            for _ in range(calls):
                fn()
            out[name] = (cpu_seconds(pid) - before) / calls * 1000.0
        return out
    finally:
        sim.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sizes', default='20,200,2000,20000')
    ap.add_argument('--calls', type=int, default=300)
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(',')]
    rows = [(n, measure(n, a.calls)) for n in sizes]
    ops = list(rows[0][1])
    print('awsim CPU per call (ms, user+sys), %d calls each; ratio to %d services' % (a.calls, sizes[0]))
    print('%9s  %s' % ('services', '  '.join('%-26s' % o for o in ops)))
    worst = 0.0
    for n, r in rows:
        cells = []
        for o in ops:
            ratio = r[o] / rows[0][1][o] if rows[0][1][o] else 0.0
            worst = max(worst, ratio)
            cells.append('%-26s' % ('%.3f (x%.2f)' % (r[o], ratio)))
        print('%9d  %s' % (n, '  '.join(cells)))
    print('worst ratio x%.2f: %s' % (worst, 'flat within 2x' if worst <= 2 else 'NOT flat'))
    sys.exit(0 if worst <= 2 else 1)


if __name__ == '__main__':
    main()
