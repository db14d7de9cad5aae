#!/usr/bin/env python3
"""The zone view's benchmark (issue 11): what a converged cycle costs Route 53, full read vs view.

    python3 tests/bench/zoneview.py --bin ./latticedns [--records 2000 20000] [--latency-ms 50]

For each zone size: a world of 40 services over 4 accounts x 2 regions and a zone already holding
that many unrelated records, Route 53 paced at its real 5 requests/s on both sides, and every
STS, Lattice and Tagging answer delayed by --latency-ms (so the listing takes time the zone
reads can overlap). Phases: the first apply (no view: a full read), a converged cycle with
--full-scan (a full read), then three converged --once cycles (the stored view). For each it
prints the wall time, the controller's CPU and peak memory, and the Route 53 calls by operation
(from awsim's counters).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import ROOT, Bench, world  # noqa: E402


def run(binary, records, latency_ms):
    scen, accounts = world(40, 4, records, 5)
    b = Bench(binary, 'zone of %d records (+ SOA, NS, 40 alias pairs)' % records, scen, accounts, '')
    try:
        for svc in ('sts', 'vpc-lattice', 'tagging'):
            b.sim.admin.admin_faults({'service': svc, 'latency_ms': latency_ms})
        b.phase('first apply (no view)', '--once')
        b.phase('converged, --full-scan', '--once', '--full-scan')
        for k in range(1, 4):
            b.phase('converged, view %d' % k, '--once')
        return b.report()
    finally:
        b.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', default=os.path.join(ROOT, 'latticedns'))
    ap.add_argument('--records', type=int, nargs='+', default=[2000, 20000])
    ap.add_argument('--latency-ms', type=int, default=50)
    a = ap.parse_args()
    ok = all([run(a.bin, n, a.latency_ms) for n in a.records])
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
