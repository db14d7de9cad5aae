"""The run lock: a crashed controller never blocks the next run, a live one is never pushed out.

kill -9 at random moments of a cycle, then `--once` must converge at once (a few trials here,
LATTICEDNS_LOCK_TRIALS or >= 100 with LATTICEDNS_SLOW=1); a `--once` beside a live
`--interval 1h` daemon is refused until three of the daemon's intervals have passed; every
take-over is logged at warn with the old holder; `latticedns unlock [--force]`.
"""
import os
import random
import signal
import sqlite3
import subprocess
import time

from harness import BIN, E2E, ZONE_ID, scenario, service

A1 = '111122223333'
REGIONS = ('us-east-1', 'eu-west-1')
SLOW = os.environ.get('LATTICEDNS_SLOW') == '1'
TRIALS = int(os.environ.get('LATTICEDNS_LOCK_TRIALS', '100' if SLOW else '4'))


def lock_row(path):
    db = sqlite3.connect(path)
    try:
        return db.execute('SELECT owner, pid, since_ms, host, boot_id, interval_ms FROM run_lock').fetchone()
    finally:
        db.close()


def set_lock_age(path, seconds):
    """Makes the holder's last heartbeat `seconds` old, as if that much time had passed."""
    db = sqlite3.connect(path)
    try:
        db.execute('UPDATE run_lock SET since_ms = ?', (int((time.time() - seconds) * 1000),))
        db.commit()
    finally:
        db.close()


class Lock(E2E):
    accounts = (A1,)

    def daemon(self, *args):
        return subprocess.Popen([BIN, '-c', self.config] + list(args), env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_for_lock(self, proc):
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                row = lock_row(self.state_path) if os.path.exists(self.state_path) else None
            except sqlite3.OperationalError:    # created, not yet migrated
                row = None
            if row and row[1] == proc.pid:
                return row
            time.sleep(0.05)
        self.fail('the controller never took the run lock')

    def stop(self, proc, sig=signal.SIGTERM):
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        if sig == signal.SIGTERM:
            self.assertEqual(proc.returncode, 0, err)
        self.assertNotIn('AddressSanitizer', err)
        return err

    def test_killed_controller_does_not_block_the_next_run(self):
        self.start(scenario([service(A1, 'us-east-1', 'svc-00000000000000001', 'one.corp.internal')]))
        d = self.daemon('--interval', '1h')
        try:
            row = self.wait_for_lock(d)
        finally:
            self.stop(d, signal.SIGKILL)
        self.assertEqual(row[3], os.uname().nodename)
        self.assertEqual(row[5], 3600 * 1000)           # the holder's own interval, recorded
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertRegex(r.err, r'warn.*took over the run lock of %s from latticedns@\S+ pid %d #[0-9a-f]{12}: '
                         r'pid %d is gone on this host' % (self.state_path, d.pid, d.pid))
        self.assertIsNone(lock_row(self.state_path))    # released at the end of the run

    def test_once_beside_a_live_hourly_daemon_waits_three_of_its_intervals(self):
        self.start(scenario([service(A1, 'us-east-1', 'svc-00000000000000001', 'one.corp.internal')]))
        d = self.daemon('--interval', '1h')
        try:
            self.wait_for_lock(d)
            # 16 minutes after the daemon's last heartbeat: more than the --once's 3 x 60 s and
            # 15 minutes, but the daemon said it beats hourly: it is alive, refused.
            set_lock_age(self.state_path, 16 * 60)
            r = self.run_ld('--once')
            self.assertEqual(r.code, 1, r)
            self.assertIn('is in use by latticedns@', r.err)
            self.assertIn('pid %d' % d.pid, r.err)
            self.assertIn('last seen 960 s ago; it is stale after 10800 s without a refresh', r.err)
            self.assertNotIn('took over', r.err)
            # `unlock` refuses a live holder too.
            r = self.run_ld('unlock')
            self.assertEqual(r.code, 1, r)
            self.assertIn('is not stale', r.err)
            self.assertIn('--force', r.err)
            self.assertEqual(lock_row(self.state_path)[1], d.pid)
            # Silent for three hours: stale by its own interval, taken over, and said so.
            set_lock_age(self.state_path, 3 * 3600 + 60)
            r = self.run_ld('--once')
            self.assertEqual(r.code, 0, r)
            self.assertRegex(r.err, r'took over the run lock of \S+ from latticedns@\S+ pid %d #[0-9a-f]+: '
                             r'last seen 10860 s ago, more than 3 of its intervals \(3600 s\)' % d.pid)
            self.assertIsNone(d.poll())
        finally:
            self.stop(d)

    def test_unlock(self):
        self.start(scenario([]))
        r = self.run_ld('unlock')
        self.assertEqual(r.code, 1, r)                  # no database at all: a typo, not "nothing to do"
        self.assertIn('state database %s: No such file or directory' % self.state_path, r.err)
        self.apply()
        r = self.run_ld('unlock')
        self.assertEqual(r.code, 0, r)
        self.assertIn('no controller holds the run lock', r.out)
        d = self.daemon('--interval', '1h')
        try:
            self.wait_for_lock(d)
            r = self.run_ld('unlock', '--force')
            self.assertEqual(r.code, 0, r)
            self.assertIn('removed the run lock of %s held by latticedns@' % self.state_path, r.out)
            self.assertIn('not stale, removed by --force', r.out)
            self.assertIsNone(lock_row(self.state_path))
        finally:
            self.stop(d, signal.SIGKILL)
        d = self.daemon('--interval', '1h')
        try:
            self.wait_for_lock(d)
        finally:
            self.stop(d, signal.SIGKILL)
        # --state alone is enough, even when the config is broken.
        self.edit_config('zones:', 'zonez:')
        r = self.run_ld('unlock', '--state', self.state_path)
        self.assertEqual(r.code, 0, r)
        self.assertIn('pid %d is gone on this host' % d.pid, r.out)
        self.assertIsNone(lock_row(self.state_path))


class CrashRepair(E2E):
    """kill -9 at a random moment of a cycle; the next --once converges at once."""
    accounts = (A1,)

    def test_ledger_row_of_a_record_deleted_before_the_crash_is_dropped(self):
        # State mode, killed after Route 53 accepted a DELETE but before the ledger
        # transaction: the records are gone, the service is gone, the rows stay.
        # They own nothing, and would claim whatever someone later puts there.
        sid = 'svc-00000000000000002'
        self.start(scenario([service(A1, 'eu-west-1', 'svc-00000000000000001', 'keep.corp.internal'),
                             service(A1, 'eu-west-1', sid, 'gone.corp.internal')]),
                   config_extra='ownership: state\n')
        self.apply()
        self.sim.spoke(A1, 'eu-west-1').lattice_delete_service(sid)
        for t in ('A', 'AAAA'):
            st, _, body = self.sim.route53('POST', '/2013-04-01/hostedzone/%s/rrset' % ZONE_ID, (
                '<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest '
                'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change>'
                '<Action>DELETE</Action><ResourceRecordSet><Name>gone.corp.internal.</Name><Type>%s</Type>'
                '<AliasTarget><HostedZoneId>Z03867022NOYBCTG0GJR1</HostedZoneId><DNSName>%s.7d67968.'
                'vpc-lattice-svcs.eu-west-1.on.aws.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth>'
                '</AliasTarget></ResourceRecordSet></Change></Changes></ChangeBatch>'
                '</ChangeResourceRecordSetsRequest>' % (t, sid)).encode())
            self.assertEqual(st, 200, body)
        r = self.apply()
        self.assertIn('ledger row gone.corp.internal. A dropped: the record is not in the zone', r.err)
        db = sqlite3.connect(self.state_path)
        rows = sorted(db.execute('SELECT name, type FROM owned_records').fetchall())
        db.close()
        self.assertEqual(rows, [('keep.corp.internal.', 'A'), ('keep.corp.internal.', 'AAAA')])
        self.assertEqual(self.run_ld('--dry-run').code, 0)

    def world(self):
        """The services the controller must serve now: {domain.: (dns name., arn)}."""
        want = {}
        for s in self.sim.state()['services']:
            if (s.get('status') == 'ACTIVE' and s.get('customDomainName') and
                    s.get('tags', {}).get('NewService') == 'true'):
                want[s['customDomainName'].lower().rstrip('.') + '.'] = (
                    s['dnsEntry']['domainName'].rstrip('.') + '.', s['arn'])
        return want

    def mutate(self, rng, n):
        """Deletes one service and creates one or two: a cycle with creates and deletes to interrupt."""
        live = [s for s in self.sim.state()['services'] if s.get('customDomainName')]
        if len(live) > 6:
            s = rng.choice(live)
            self.sim.spoke(A1, s['region']).lattice_delete_service(s['id'])
        for _ in range(rng.randint(1, 2)):
            region = rng.choice(REGIONS)
            self.serial += 1
            self.sim.spoke(A1, region).lattice_create_service(
                'crash-%d' % self.serial, 'c%d.corp.internal' % self.serial, {'NewService': 'true'})

    def check_converged(self, mode, trial, r):
        want = self.world()
        recs = self.sim.records()
        names = {n for (n, _) in recs}
        self.assertEqual(names, set(want), 'trial %d (%s): orphans %s, missing %s\n%r' % (
            trial, mode, sorted(names - set(want)), sorted(set(want) - names), r))
        for name, (target, _) in want.items():
            for t in ('A', 'AAAA'):
                self.assertEqual(recs[(name, t)].get('AliasTarget', {}).get('DNSName'), target,
                                 'trial %d: %s %s' % (trial, name, t))
        db = sqlite3.connect(self.state_path)
        try:
            self.assertEqual(db.execute('PRAGMA integrity_check').fetchone()[0], 'ok')
            ledger = db.execute('SELECT name, type, service_arn FROM owned_records').fetchall()
            lock = db.execute('SELECT count(*) FROM run_lock').fetchone()[0]
        finally:
            db.close()
        self.assertEqual(lock, 0, 'trial %d: the repair run left its lock' % trial)
        tags = self.sim.tags()
        if mode == 'tags':
            expect = {a: n.rstrip('.') for n, (_, a) in want.items()}
            self.assertEqual(tags, expect, 'trial %d: tags' % trial)
            self.assertEqual(len(set(tags.values())), len(tags), 'trial %d: a name owned twice' % trial)
        else:
            self.assertEqual(tags, {})
            self.assertEqual(sorted(ledger), sorted((n, t, a) for n, (_, a) in want.items()
                                                    for t in ('A', 'AAAA')),
                             'trial %d: ledger rows' % trial)

    def test_kill_9_at_random_moments_then_once_converges(self):
        rng = random.Random(int(os.environ.get('LATTICEDNS_SEED', '0')) or None)
        seed = rng.randrange(1 << 30)
        rng.seed(seed)
        stats = {'killed_holding_lock': 0, 'finished_before_kill': 0}
        for mode in ('tags', 'state'):
            self.serial = 0
            self.start(scenario([service(A1, REGIONS[i % 2], 'svc-%017d' % i, 'n%d.corp.internal' % i)
                                 for i in range(6)],
                                limits={'change_insync_after_ms': 300}),
                       config_extra='ownership: %s\n' % mode)
            # Slow enough that a random kill lands in listing, planning, applying or waiting.
            self.sim.admin.admin_faults([{'service': s, 'latency_ms': 15, 'jitter_ms': 30}
                                         for s in ('vpc-lattice', 'tagging', 'route53')])
            self.apply()
            # The kill window is one whole cycle with changes, as measured here.
            self.mutate(rng, 0)
            t = time.time()
            self.apply()
            window = time.time() - t
            for trial in range(TRIALS // 2 if mode == 'tags' else TRIALS - TRIALS // 2):
                self.mutate(rng, trial)
                p = subprocess.Popen([BIN, '-c', self.config, '--once'], env=self.env(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                time.sleep(rng.uniform(0.0, window))
                p.send_signal(signal.SIGKILL)
                _, err = p.communicate(timeout=60)
                self.assertNotIn('AddressSanitizer', err)
                if p.returncode == -signal.SIGKILL and lock_row(self.state_path):
                    stats['killed_holding_lock'] += 1
                elif p.returncode >= 0:
                    stats['finished_before_kill'] += 1
                r = self.run_ld('--once', timeout=120)
                self.assertEqual(r.code, 0, 'seed %d trial %d (%s): %r' % (seed, trial, mode, r))
                self.assertNotIn('is in use by', r.err)
                self.check_converged(mode, trial, r)
                r = self.run_ld('--dry-run')
                self.assertEqual(r.code, 0, 'seed %d trial %d (%s): not converged: %r' % (seed, trial, mode, r))
        # The trials must have hit a held lock, or they proved nothing about it.
        self.assertGreater(stats['killed_holding_lock'], 0, stats)
        print('\nkill -9 trials: %d (seed %d, window %.2f s): %s' % (TRIALS, seed, window, stats))
