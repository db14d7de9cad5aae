#!/usr/bin/env python3
"""The reconcile benchmark: latticedns against awsim at organisation scale, with figures.

    python3 tests/bench/bench.py --bin ./latticedns [--services 5000] [--accounts 50] [--noise 2000]

Three worlds:
  parity  - ownership: tags (as the event pipeline), 40 services: the zone tag limit (50) bounds this mode.
  batches - ownership: state, 1,000 services: the first apply takes exactly 4 change batches.
  large   - ownership: state, N services over A accounts x 2 regions, a zone that already holds
            unrelated records; Route 53 paced at its real 5 requests/s on both sides.
Each runs: plan (--dry-run), apply (--once), converged plan, converged apply, drift (1% of the
services untagged or deleted through the Lattice API), repair. For each phase it prints the wall
time, CPU time and peak memory of the controller, its exit code, and the AWS calls by operation
(from awsim's counters), and checks that no call was throttled.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import (Awsim, PRINCIPAL, ZONE_ID, config_yaml, scenario, service, spoke_user)  # noqa: E402

import client as awsim_client  # noqa: E402

REGIONS = ('us-east-1', 'eu-west-1')


def account_id(i):
    return '%012d' % (100000000000 + i * 1111)


def world(nservices, naccounts, noise, rps):
    accounts = [account_id(i) for i in range(naccounts)]
    svcs = []
    for i in range(nservices):
        a, r = accounts[i % naccounts], REGIONS[(i // naccounts) % 2]
        svcs.append(service(a, r, 'svc-%017x' % i, 's%05d.corp.internal' % i,
                            created='2024-%02d-01T00:00:00Z' % (1 + i % 12)))
    recs = [{'Name': 'host%05d.corp.internal' % i, 'Type': 'A', 'TTL': 300,
             'ResourceRecords': [{'Value': '10.%d.%d.%d' % (i // 65536, i // 256 % 256, i % 256)}]}
            for i in range(noise)]
    s = scenario(svcs, accounts=accounts, records=recs,
                 limits={'route53_rps': rps, 'lattice_rps': 1000, 'tagging_rps': 1000, 'sts_rps': 1000})
    return s, accounts


class Bench:
    def __init__(self, binary, name, scen, accounts, extra):
        self.bin, self.name = binary, name
        self.tmp = tempfile.mkdtemp(prefix='latticedns-bench-')
        self.sim = Awsim(scen, self.tmp)
        self.state = os.path.join(self.tmp, 'state.db')
        self.config = os.path.join(self.tmp, 'latticedns.yaml')
        with open(self.config, 'w') as f:
            f.write(config_yaml(self.state, accounts, REGIONS, extra=extra).replace(
                'aws: {route53_rps: 50, concurrency: 4}', 'aws: {route53_rps: 5, concurrency: 16}'))
        self.rows = []

    def env(self):
        return {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'HOME': self.tmp,
                'AWS_ENDPOINT_URL': self.sim.url, 'AWS_ACCESS_KEY_ID': PRINCIPAL['access_key_id'],
                'AWS_SECRET_ACCESS_KEY': PRINCIPAL['secret_access_key'], 'AWS_REGION': 'us-east-1',
                'AWS_EC2_METADATA_DISABLED': 'true'}

    def phase(self, label, *args):
        self.sim.reset_calls()
        out_path, err_path = os.path.join(self.tmp, 'out'), os.path.join(self.tmp, 'err')
        t = time.monotonic()
        with open(out_path, 'w') as out, open(err_path, 'w') as err:
            p = subprocess.Popen([self.bin, '-c', self.config, '--log-level', 'warn'] + list(args),
                                 env=self.env(), stdout=out, stderr=err)
            # wait4: this run's own CPU time and peak memory, not those of every child so far.
            _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t
        code = os.waitstatus_to_exitcode(status)
        p.returncode = code
        with open(out_path) as f:
            out = f.read()
        calls = self.sim.admin.admin_calls()
        throttled = sum(1 for c in calls['log'] if c.get('code') in ('Throttling', 'ThrottlingException'))
        summary = next((line for line in out.splitlines() if line.startswith('Plan:')), '')
        self.rows.append((label, code, wall, ru, calls['counts'], throttled, summary))
        if code not in (0, 2):
            with open(err_path) as f:
                sys.stderr.write('%s: exit %d\n%s\n' % (label, code, f.read()[-2000:]))
        return code

    def report(self):
        print('\n== %s ==' % self.name)
        print('%-22s %4s %8s %9s  %-s' % ('phase', 'exit', 'wall s', 'r53 calls', 'plan / AWS calls by operation'))
        for label, code, wall, ru, counts, throttled, summary in self.rows:
            cpu = ru.ru_utime + ru.ru_stime
            r53 = sum(v for k, v in counts.items() if k.startswith('route53:'))
            print('%-22s %4d %8.2f %9d  %s' % (label, code, wall, r53, summary or '-'))
            print('%-22s %4s %8s %9s  cpu %.2f s, peak rss %.1f MiB, throttled %d' % (
                '', '', '', '', cpu, ru.ru_maxrss / 1024.0, throttled))
            print('%-22s %4s %8s %9s  %s' % ('', '', '', '', ', '.join(
                '%s %d' % (k, v) for k, v in sorted(counts.items()))))
        bad = [r[0] for r in self.rows if r[5]]
        if bad:
            print('THROTTLED in: %s' % ', '.join(bad))
        return not bad

    def drift(self, accounts, n):
        """Untag every other one of n services and delete the rest, through the Lattice API as a user."""
        st = self.sim.state()
        for k, s in enumerate(st['services'][:n]):
            u = spoke_user(s['account'])
            c = awsim_client.Client(self.sim.url, u['access_key_id'], u['secret_access_key'], region=s['region'])
            if k % 2:
                c.lattice_untag(s['arn'], ['NewService'])
            else:
                c.lattice_delete_service(s['id'])

    def stop(self):
        self.sim.stop()
        subprocess.run(['rm', '-rf', self.tmp])


def run(binary, name, nservices, naccounts, noise, extra):
    scen, accounts = world(nservices, naccounts, noise, 5)
    b = Bench(binary, name, scen, accounts, extra)
    try:
        b.phase('plan (dry-run)', '--dry-run')
        b.phase('apply', '--once')
        b.phase('converged plan', '--dry-run')
        b.phase('converged apply', '--once')
        b.drift(accounts, max(2, nservices // 100))
        b.phase('drift plan', '--dry-run')
        b.phase('repair', '--once', '--force')
        return b.report()
    finally:
        b.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', default=os.path.join(ROOT, 'latticedns'))
    ap.add_argument('--services', type=int, default=5000)
    ap.add_argument('--accounts', type=int, default=50)
    ap.add_argument('--noise', type=int, default=2000, help='unrelated records already in the zone')
    a = ap.parse_args()
    print('latticedns benchmark: %s' % os.path.abspath(a.bin))
    ok = run(a.bin, 'parity: ownership tags, 40 services, 4 accounts x 2 regions', 40, 4, 200,
             'zone_tag_limit: 50\n')
    # Route 53 counts an alias as one element, UPSERT twice: 1,000 new services are 4 batches.
    ok &= run(a.bin, 'batches: ownership state, 1000 services, 10 accounts x 2 regions', 1000, 10, 0,
              'ownership: state\n')
    ok &= run(a.bin, 'large: ownership state, %d services, %d accounts x 2 regions, %d other records'
              % (a.services, a.accounts, a.noise), a.services, a.accounts, a.noise, 'ownership: state\n')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
