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

    python3 tests/bench/bench.py --bin ./latticedns --profile org [--accounts 1000] [--services 20000]
        [--latency-ms 50] [--rps 5] [--concurrency 16] [--apply-services 10000] [--insync-ms 10000]

The organisation profile (make bench BENCH=org): A accounts x 2 regions, S services, every AWS
call 50 ms late (an awsim latency rule), Route 53 at 5 requests/s, 16 listings at once,
ownership: state. It runs the first apply, a converged cycle (from the zone view), one with --full-scan, and a 1%
drift cycle, and prints for
each: the API calls by operation and their lower bound, the wall time of the run and of its
stages (listing, zone read, apply, from awsim's call log) against their ideal schedule (listing:
account calls / concurrency x latency; Route 53: its calls / rate), controller CPU and peak RSS,
Route 53 writes, and awsim's own CPU (to see when the emulator dominates). Then an apply
profile: N services from empty with INSYNC after --insync-ms, its apply stage against
(batches / rate + one INSYNC wait), and the GetChange count.
"""
import argparse
import calendar
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
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


class Usage:
    """A run's CPU time (from wait4) and its peak RSS in KiB, ru_maxrss's unit. The peak is the
    child's own VmHWM, polled: wait4's ru_maxrss is at least the RSS of the process that forked
    it (Linux keeps the high-water mark across exec), here this benchmark's, ~160 MiB at 20,000
    services, whatever the controller used."""

    def __init__(self, ru, hwm_kib):
        self.ru_utime, self.ru_stime, self.ru_maxrss = ru.ru_utime, ru.ru_stime, hwm_kib


def poll_hwm(pid, out, stop):
    while not stop.is_set():
        try:
            with open('/proc/%d/status' % pid) as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        out[0] = max(out[0], int(line.split()[1]))
        except (OSError, ValueError):
            pass
        stop.wait(0.02)


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
        # A cycle comes an interval after the last, with the account's Route 53 bucket full again;
        # runs back to back would each start with an unpaced call and drain awsim's bucket.
        time.sleep(1.0)
        self.sim.reset_calls()
        out_path, err_path = os.path.join(self.tmp, 'out'), os.path.join(self.tmp, 'err')
        t = time.monotonic()
        with open(out_path, 'w') as out, open(err_path, 'w') as err:
            p = subprocess.Popen([self.bin, '-c', self.config, '--log-level', 'warn'] + list(args),
                                 env=self.env(), stdout=out, stderr=err)
            hwm, stop = [0], threading.Event()
            poller = threading.Thread(target=poll_hwm, args=(p.pid, hwm, stop), daemon=True)
            poller.start()
            # wait4: this run's own CPU time, not that of every child so far.
            _, status, ru = os.wait4(p.pid, 0)
            stop.set()
            poller.join()
            ru = Usage(ru, hwm[0])
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


# --- the organisation profile -------------------------------------------------------------

TICK = os.sysconf('SC_CLK_TCK')
LISTING_SERVICES = ('sts', 'vpc-lattice', 'tagging')


def proc_cpu(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def log_time(entry):
    """awsim's call log time (UTC, ms) as epoch seconds: when the answer was made."""
    base, frac = entry['time'].rstrip('Z').split('.')
    return calendar.timegm(time.strptime(base, '%Y-%m-%dT%H:%M:%S')) + int(frac) / 1000.0


class Org(Bench):
    """A bench whose phases also read awsim's call log and CPU, for stages and their ideal schedule."""

    def __init__(self, binary, name, scen, accounts, extra, a, latency_ms):
        super().__init__(binary, name, scen, accounts, extra)
        with open(self.config) as f:
            text = f.read()
        with open(self.config, 'w') as f:
            f.write(text.replace('aws: {route53_rps: 5, concurrency: 16}',
                                 'aws: {route53_rps: %g, concurrency: %d}' % (a.rps, a.concurrency)))
        self.a, self.latency = a, latency_ms / 1000.0
        self.ntargets = len(accounts) * len(REGIONS)
        if latency_ms > 0:
            self.sim.admin.admin_faults({'latency_ms': latency_ms})

    def org_phase(self, label, *args):
        pid = self.sim.process.proc.pid
        cpu0, t0 = proc_cpu(pid), time.time()
        code = self.phase(label, *args)
        sim_cpu = proc_cpu(pid) - cpu0
        log = self.sim.admin.admin_calls()['log']
        self.rows[-1] = self.rows[-1] + (sim_cpu, t0, log)
        return code

    def stages(self, t0, log):
        """(listing end, zone read end, apply start, apply end) in seconds from the run's start: the
        zone reads run beside the listing (issue 11), so both stages start with the run."""
        listing = [log_time(c) - t0 for c in log if c['service'] in LISTING_SERVICES]
        reads = [log_time(c) - t0 for c in log if c['service'] == 'route53' and
                 c['operation'] in ('GetHostedZone', 'ListResourceRecordSets', 'ListTagsForResource')]
        writes = [log_time(c) - t0 for c in log if c['service'] == 'route53' and
                  c['operation'] in ('ChangeResourceRecordSets', 'ChangeTagsForResource', 'GetChange')]
        return (max(listing) if listing else 0.0, max(reads) if reads else 0.0,
                min(writes) if writes else 0.0, max(writes) if writes else 0.0)

    def lower_bound(self, services_per_target, records, writes, full, counts):
        """The fewest calls a cycle can make: per account AssumeRole and GetCallerIdentity; per target
        the pages of ListServices and GetResources; the zone's GetHostedZone and, when it read them,
        its tags; in a full read the zone's pages of 300, between full reads (the zone view) only the
        targeted reads at the names it changes; the writes it needs."""
        accounts = self.ntargets // len(REGIONS)
        pages = max(1, math.ceil(services_per_target / 100.0))
        reads = 1 + min(1, counts.get('route53:ListTagsForResource', 0))
        reads += max(1, math.ceil(records / 300.0)) if full else counts.get('route53:ListResourceRecordSets', 0)
        return 2 * accounts + 2 * pages * self.ntargets + reads + writes

    def org_report(self, services, records_by_phase, full_by_phase):
        a = self.a
        print('\n== %s ==' % self.name)
        print('(ideal: listing = account calls / concurrency x latency, beside the Route 53 reads at their rate; '
              'then the writes at the rate and one INSYNC wait)')
        for row, records, full in zip(self.rows, records_by_phase, full_by_phase):
            label, code, wall, ru, counts, throttled, summary, sim_cpu, t0, log = row
            cpu = ru.ru_utime + ru.ru_stime
            account_calls = sum(v for k, v in counts.items() if k.split(':')[0] in LISTING_SERVICES)
            r53_reads = sum(counts.get('route53:' + op, 0) for op in
                            ('GetHostedZone', 'ListResourceRecordSets', 'ListTagsForResource'))
            writes = counts.get('route53:ChangeResourceRecordSets', 0) + counts.get('route53:ChangeTagsForResource', 0)
            total = sum(counts.values())
            listing_end, read_end, apply_start, apply_end = self.stages(t0, log)
            ideal_listing = account_calls / float(a.concurrency) * self.latency
            ideal_reads = r53_reads / a.rps
            # The writes at the rate, and one INSYNC wait when there were any.
            ideal_writes = writes / a.rps + (a.insync_ms / 1000.0 if writes else 0.0)
            ideal_seq = ideal_listing + ideal_reads + ideal_writes
            ideal_overlap = max(ideal_listing, ideal_reads) + ideal_writes
            per_target = services / float(self.ntargets)
            bound = self.lower_bound(per_target, records, writes, full, counts)
            print('%s: exit %d, %s' % (label, code, summary or '-'))
            print('  wall %.2f s; ideal %.2f s sequential (x%.2f), %.2f s with the zone read overlapped (x%.2f)'
                  % (wall, ideal_seq, wall / ideal_seq if ideal_seq else 0, ideal_overlap,
                     wall / ideal_overlap if ideal_overlap else 0))
            print('  listing   %6.2f s  ideal %6.2f s (x%.2f)  %d account calls / %d at once x %.0f ms'
                  % (listing_end, ideal_listing, listing_end / ideal_listing if ideal_listing else 0,
                     account_calls, a.concurrency, self.latency * 1000))
            print('  zone read %6.2f s  ideal %6.2f s (x%.2f)  %d Route 53 reads at %g/s (%s)'
                  % (read_end, ideal_reads, read_end / ideal_reads if ideal_reads else 0,
                     r53_reads, a.rps, 'full read' if full else 'zone view and targeted reads'))
            if writes:
                print('  apply     %6.2f s  (%d writes, %d GetChange)' % (apply_end - apply_start, writes,
                                                                        counts.get('route53:GetChange', 0)))
            print('  calls %d (lower bound %d, x%.3f); Route 53 writes %d; throttled %d'
                  % (total, bound, total / float(bound), writes, throttled))
            print('  controller cpu %.2f s (user %.2f, sys %.2f), peak rss %.1f MiB; awsim cpu %.2f s'
                  % (cpu, ru.ru_utime, ru.ru_stime, ru.ru_maxrss / 1024.0, sim_cpu))
            print('  ' + ', '.join('%s %d' % (k, v) for k, v in sorted(counts.items())))
        return not any(r[5] for r in self.rows)


def org(binary, a):
    scen, accounts = world(a.services, a.accounts, 0, a.rps)
    scen['limits']['change_insync_after_ms'] = a.insync_ms
    name = 'org: ownership state, %d services, %d accounts x 2 regions, %d ms a call, Route 53 %g/s, ' \
        'concurrency %d' % (a.services, a.accounts, a.latency_ms, a.rps, a.concurrency)
    b = Org(binary, name, scen, accounts, 'ownership: state\n', a, a.latency_ms)
    nrec = 2 * a.services + 2      # the aliases and the apex SOA and NS
    try:
        b.org_phase('first apply', '--once')
        b.org_phase('converged cycle', '--once')
        b.org_phase('converged, full read', '--once', '--full-scan')
        n = max(2, a.services // 100)
        b.drift(accounts, n)
        b.org_phase('1% drift cycle', '--once', '--force')
        ok = b.org_report(a.services, [2, nrec, nrec, nrec], [True, False, True, False])
    finally:
        b.stop()
    return ok


def apply_profile(binary, a):
    naccounts = max(1, min(a.accounts, a.apply_services // 20))
    scen, accounts = world(a.apply_services, naccounts, 0, a.rps)
    scen['limits']['change_insync_after_ms'] = a.insync_ms
    name = 'apply: %d services from empty, %d accounts x 2 regions, INSYNC after %d ms, Route 53 %g/s' % (
        a.apply_services, naccounts, a.insync_ms, a.rps)
    b = Org(binary, name, scen, accounts, 'ownership: state\n', a, 0)
    try:
        b.org_phase('apply', '--once')
        label, code, wall, ru, counts, throttled, summary, sim_cpu, t0, log = b.rows[-1]
        _, _, start, end = b.stages(t0, log)
        batches = counts.get('route53:ChangeResourceRecordSets', 0)
        getchange = counts.get('route53:GetChange', 0)
        ideal = batches / a.rps + a.insync_ms / 1000.0
        print('\n== %s ==' % name)
        print('apply: exit %d, %s' % (code, summary or '-'))
        print('  run wall %.2f s; apply stage %.2f s, ideal %.2f s = %d batches / %g/s + one INSYNC wait of %.1f s '
              '(x%.2f)' % (wall, end - start, ideal, batches, a.rps, a.insync_ms / 1000.0,
                           (end - start) / ideal if ideal else 0))
        print('  GetChange %d (bar: zones + 10 = 11); batches one after the other with a wait each would be %.0f s'
              % (getchange, batches * (1.0 / a.rps + a.insync_ms / 1000.0)))
        print('  controller cpu %.2f s, peak rss %.1f MiB; awsim cpu %.2f s; throttled %d'
              % (ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, sim_cpu, throttled))
        return code == 0 and not throttled
    finally:
        b.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', default=os.path.join(ROOT, 'latticedns'))
    ap.add_argument('--services', type=int, default=5000)
    ap.add_argument('--accounts', type=int, default=50)
    ap.add_argument('--noise', type=int, default=2000, help='unrelated records already in the zone')
    ap.add_argument('--profile', choices=('default', 'org'), default='default')
    ap.add_argument('--latency-ms', type=int, default=50, help='org: added to every AWS call')
    ap.add_argument('--rps', type=float, default=5, help='org: Route 53 requests per second')
    ap.add_argument('--concurrency', type=int, default=16, help='org: listings at once')
    ap.add_argument('--apply-services', type=int, default=10000, help='org: services of the apply profile')
    ap.add_argument('--insync-ms', type=int, default=10000, help='org: how long a change stays PENDING')
    ap.add_argument('--skip-org-cycles', action='store_true', help='org: only the apply profile')
    ap.add_argument('--skip-apply', action='store_true', help='org: only the cycles')
    a = ap.parse_args()
    print('latticedns benchmark: %s' % os.path.abspath(a.bin))
    if a.profile == 'org':
        if a.services == 5000 and a.accounts == 50:      # the defaults of the other profile
            a.services, a.accounts = 20000, 1000
        ok = True
        if not a.skip_org_cycles:
            ok &= org(a.bin, a)
        if not a.skip_apply:
            ok &= apply_profile(a.bin, a)
        sys.exit(0 if ok else 1)
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
