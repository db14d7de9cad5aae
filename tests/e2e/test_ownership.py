"""Never delete, steal or strand a record: only what we wrote is deleted, an empty listing is doubted."""
import hashlib
import json
import os
import sqlite3
import shutil
import signal
import subprocess
import time
import unittest

from harness import BIN, DNS_ACCOUNT, E2E, ZONE_ID, alias, arn, scenario, service

A1 = '111122223333'
US = 'us-east-1'
DEAD = 'svc-0000000000000dead'
HOST01 = {'Name': 'host01.corp.internal.', 'Type': 'A', 'TTL': 300, 'ResourceRecords': [{'Value': '10.9.0.2'}]}


class DeleteOnlyWhatWeWrote(E2E):
    def test_a_zone_tag_cannot_delete_another_owners_record(self):
        # The example: a tag naming host01 for a deleted service; host01 is a plain A record.
        self.start(scenario([], records=[HOST01], tags={arn(A1, US, DEAD): 'host01.corp.internal'}))
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.sim.records().get(('host01.corp.internal.', 'A')), HOST01)
        self.assertIn('the A record at the name (TTL 300, 10.9.0.2) is not an alias latticedns wrote; '
                      'left as it is', r.out)
        calls = self.sim.calls()
        self.assertEqual(calls.get('route53:ChangeResourceRecordSets', 0), 0, calls)
        # The stale tag owned nothing latticedns wrote: it goes, and the next cycle is quiet.
        self.assertEqual(self.sim.tags(), {})
        self.assertEqual(self.run_ld('--dry-run').code, 0)

    def test_an_alias_to_something_else_is_left_too(self):
        other = {'Name': 'web.corp.internal.', 'Type': 'AAAA',
                 'AliasTarget': {'HostedZoneId': 'Z35SXDOTRQ7X7K', 'DNSName': 'dualstack.web-1.elb.amazonaws.com.',
                                 'EvaluateTargetHealth': False}}
        self.start(scenario([], records=[other], tags={arn(A1, US, DEAD): 'web.corp.internal'}))
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertIn(('web.corp.internal.', 'AAAA'), self.sim.records())
        self.assertIn('is an alias to dualstack.web-1.elb.amazonaws.com., not one latticedns wrote', r.out)

    def test_state_mode_deletes_the_ledgers_alias_but_not_a_replacement(self):
        sid = 'svc-00000000000000001'
        self.start(scenario([service(A1, US, sid, 'pay.corp.internal')]), config_extra='ownership: state\n')
        self.apply()
        # Someone replaces the AAAA with their own record; then the service is deleted.
        self.sim.route53('POST', '/2013-04-01/hostedzone/%s/rrset' % ZONE_ID, (
            '<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest '
            'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change>'
            '<Action>UPSERT</Action><ResourceRecordSet><Name>pay.corp.internal.</Name><Type>AAAA</Type>'
            '<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>fd00::1</Value></ResourceRecord>'
            '</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>'
            '</ChangeResourceRecordSetsRequest>').encode())
        self.sim.spoke(A1, US).lattice_delete_service(sid)
        r = self.run_ld('--once', '--force')     # past the sanity gate: the account's only service went
        self.assertEqual(r.code, 0, r)
        recs = self.sim.records()
        self.assertNotIn(('pay.corp.internal.', 'A'), recs)          # ours: deleted
        self.assertEqual(recs[('pay.corp.internal.', 'AAAA')]['ResourceRecords'], [{'Value': 'fd00::1'}])
        self.assertIn('the AAAA record at the name (TTL 60, fd00::1) is not an alias latticedns wrote', r.out)


class SanityGate(E2E):
    def two_services_then_none(self, *args):
        sids = ['svc-00000000000000001', 'svc-00000000000000002']
        self.start(scenario([service(A1, US, sid, 'n%d.corp.internal' % i) for i, sid in enumerate(sids)]),
                   config_extra=''.join(args))
        self.apply()
        for sid in sids:
            self.sim.spoke(A1, US).lattice_delete_service(sid)

    def test_an_account_that_suddenly_lists_nothing_is_held_one_cycle(self):
        self.two_services_then_none()
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertEqual(len(self.sim.records()), 4)
        self.assertEqual(len(self.sim.tags()), 2)
        self.assertIn('account %s region %s not listed, its DNS is held: listed 0 services where the last '
                      'successful listing had 2; its deletions are held for this cycle (run again to accept '
                      'it, or pass --force)' % (A1, US), r.err)
        calls = self.sim.calls()
        self.assertEqual(calls.get('route53:ChangeResourceRecordSets', 0), 1, calls)   # the setup run's only
        # A second cycle that still lists nothing is believed.
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.sim.records(), {})
        self.assertEqual(self.sim.tags(), {})

    def test_force_overrides_the_gate(self):
        self.two_services_then_none()
        r = self.run_ld('--once', '--force')
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.sim.records(), {})

    def test_the_gate_holds_in_state_mode_too(self):
        self.two_services_then_none('ownership: state\n')
        self.assertEqual(self.run_ld('--once').code, 3)
        self.assertEqual(len(self.sim.records()), 4)


class ReadOnlyDryRun(E2E):
    def test_dry_run_reads_a_database_it_cannot_write(self):
        # Root writes any file, so the run that must not write runs as nobody when we are root.
        as_user = [] if os.geteuid() != 0 else ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']
        if as_user and shutil.which('setpriv') is None:
            self.skipTest('running as root without setpriv: cannot make a file unwritable')
        self.start(scenario([service(A1, US, 'svc-00000000000000001', 'one.corp.internal')]),
                   config_extra='ownership: state\n')
        self.apply()
        self.sim.spoke(A1, US).lattice_tag(arn(A1, US, 'svc-00000000000000001'), {'NewService': 'false'})
        ro = os.path.join(self.tmp, 'ro')
        os.mkdir(ro)
        shutil.copy(self.state_path, os.path.join(ro, 'state.db'))
        os.chmod(os.path.join(ro, 'state.db'), 0o444)
        os.chmod(ro, 0o555)
        os.chmod(self.tmp, 0o755)
        self.edit_config('state: %s' % self.state_path, 'state: %s' % os.path.join(ro, 'state.db'))
        os.chmod(self.config, 0o644)
        with open(os.path.join(ro, 'state.db'), 'rb') as f:
            before = hashlib.sha256(f.read()).hexdigest()
        p = subprocess.run(as_user + [BIN, '-c', self.config, '--dry-run'], env=self.env(), capture_output=True,
                           text=True, timeout=60)
        # The ledger was read: the service set to "false" is held as the pipeline holds it, not re-created.
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('is "false", not "true": kept as they are', p.stdout)
        self.assertIn('is not writable: the dry run reads it only', p.stderr)
        self.assertNotIn('cannot create it', p.stderr)
        with open(os.path.join(ro, 'state.db'), 'rb') as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), before)
        self.assertEqual(len(self.sim.records()), 2)


class Identity(E2E):
    def test_an_account_listed_with_another_accounts_credentials_is_held(self):
        # Account A1 has no role_arn: it would be listed with the controller's own credentials
        # (account 999999999999), which see none of A1's services.
        sid = 'svc-00000000000000001'
        recs = [{'Name': 'one.corp.internal.', 'Type': t,
                 'AliasTarget': {'HostedZoneId': 'Z03867022NOYBCTG0GJR1', 'DNSName': alias(sid, US),
                                 'EvaluateTargetHealth': False}} for t in ('A', 'AAAA')]
        self.start(scenario([service(A1, US, sid, 'one.corp.internal')], records=recs,
                            tags={arn(A1, US, sid): 'one.corp.internal'}))
        self.edit_config('    role_arn: arn:aws:iam::%s:role/latticedns-reader\n' % A1, '')
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertIn('account %s region us-east-1: the credentials (the controller\'s own) belong to account '
                      '%s, not %s; nothing is listed for %s this cycle' % (A1, DNS_ACCOUNT, A1, A1), r.err)
        self.assertEqual(len(self.sim.records()), 2)
        self.assertEqual(self.sim.tags(), {arn(A1, US, sid): 'one.corp.internal'})
        calls = self.sim.calls()
        self.assertEqual(calls.get('route53:ChangeResourceRecordSets', 0), 0, calls)
        self.assertEqual(calls.get('vpc-lattice:ListServices', 0), 0, calls)

    def test_a_role_in_another_account_is_a_config_error(self):
        self.start(scenario([]))
        self.edit_config('role_arn: arn:aws:iam::%s:role' % A1, 'role_arn: arn:aws:iam::%s:role' % DNS_ACCOUNT)
        r = self.run_ld('--check-config')
        self.assertEqual(r.code, 1, r)
        self.assertIn('latticedns.yaml:7:15: accounts[0].role_arn: "arn:aws:iam::%s:role/latticedns-reader" is a '
                      'role in account %s, not in this account (%s)' % (DNS_ACCOUNT, DNS_ACCOUNT, A1), r.err + r.out)

    def test_caller_identity_is_asked_once_per_credential_lifetime_not_per_cycle(self):
        self.start(scenario([service(A1, US, 'svc-00000000000000001', 'one.corp.internal')]))
        daemon = subprocess.Popen([BIN, '-c', self.config, '--interval', '1s'], env=self.env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 60
            # Two regions a cycle: wait for four cycles.
            while self.sim.calls().get('vpc-lattice:ListServices', 0) < 8 and time.time() < deadline:
                time.sleep(0.1)
        finally:
            daemon.send_signal(signal.SIGTERM)
            out, err = daemon.communicate(timeout=30)
        self.assertEqual(daemon.returncode, 0, err)
        self.assertNotIn('AddressSanitizer', err)
        calls = self.sim.calls()
        self.assertGreaterEqual(calls.get('vpc-lattice:ListServices', 0), 8, calls)
        # One role, assumed once; its credentials' account asked once, for both regions and every cycle.
        self.assertEqual(calls.get('sts:AssumeRole'), 1, calls)
        self.assertEqual(calls.get('sts:GetCallerIdentity'), 1, calls)


class Moves(E2E):
    """Tags mode: a service whose tag names another name (edited by hand, or the old pipeline's)."""
    SID = 'svc-0000000000000000f'

    def moved_world(self):
        old = [{'Name': 'old.corp.internal.', 'Type': t,
                'AliasTarget': {'HostedZoneId': 'Z03867022NOYBCTG0GJR1', 'DNSName': alias(self.SID, US),
                                'EvaluateTargetHealth': False}} for t in ('A', 'AAAA')]
        self.start(scenario([service(A1, US, self.SID, 'new.corp.internal')], records=old,
                            tags={arn(A1, US, self.SID): 'old.corp.internal'}))

    def assert_every_record_owned(self):
        tags = {v.rstrip('.') + '.' for v in self.sim.tags().values()}
        db = sqlite3.connect(self.state_path)
        try:
            ledger = {n for (n,) in db.execute('SELECT name FROM owned_records')}
        finally:
            db.close()
        for (name, t) in self.sim.records():
            self.assertTrue(name in tags or name in ledger, '%s %s is owned by nothing: tags %s, ledger %s'
                            % (name, t, sorted(tags), sorted(ledger)))

    def converges(self):
        self.sim.admin.admin_clear_faults()
        self.apply()
        self.assertEqual(sorted(self.sim.records()), [('new.corp.internal.', 'A'), ('new.corp.internal.', 'AAAA')])
        self.assertEqual(self.sim.tags(), {arn(A1, US, self.SID): 'new.corp.internal'})
        self.assertEqual(self.run_ld('--dry-run').code, 0)

    def test_new_records_then_old_deleted_then_the_tag(self):
        self.moved_world()
        self.apply()
        log = [c['operation'] for c in self.sim.admin.admin_calls()['log']
               if c['operation'] in ('ChangeResourceRecordSets', 'ChangeTagsForResource')]
        self.assertEqual(log, ['ChangeResourceRecordSets', 'ChangeTagsForResource'])
        self.assert_alias_pair('new.corp.internal.', self.SID, US)
        self.converges()

    def test_records_refused_the_tag_keeps_owning_the_old_name(self):
        self.moved_world()
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets',
                                     'error': 'ServiceUnavailable', 'status': 503})
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertIn(('old.corp.internal.', 'A'), self.sim.records())
        self.assertEqual(self.sim.tags(), {arn(A1, US, self.SID): 'old.corp.internal'})
        self.assert_every_record_owned()
        self.converges()

    def test_tag_rewrite_refused_the_new_records_are_in_the_ledger(self):
        self.moved_world()
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeTagsForResource',
                                     'error': 'ServiceUnavailable', 'status': 503})
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertIn("moved services' ownership tags not rewritten", r.err)
        self.assertEqual(sorted(self.sim.records()), [('new.corp.internal.', 'A'), ('new.corp.internal.', 'AAAA')])
        self.assert_every_record_owned()
        self.converges()

    def test_change_answer_lost_nothing_is_stranded(self):
        # Route 53 applies the batch but the answer never arrives: the rewrite waits a cycle.
        self.moved_world()
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets',
                                     'body': '<html>gateway timeout</html>'})
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertEqual(self.sim.tags(), {arn(A1, US, self.SID): 'old.corp.internal'})
        self.assert_every_record_owned()
        self.converges()


class Policies(E2E):
    def test_overwrite_owned_only_leaves_a_record_we_do_not_own(self):
        sid = 'svc-00000000000000001'
        self.start(scenario([service(A1, US, sid, 'host01.corp.internal')], records=[HOST01]),
                   config_extra='overwrite: owned-only\n')
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertIn('host01.corp.internal.: %s gets nothing: a A record latticedns does not own holds the name '
                      '(overwrite: owned-only)' % arn(A1, US, sid), r.out)
        self.assertEqual(self.sim.records(), {('host01.corp.internal.', 'A'): HOST01})
        self.assertEqual(self.sim.tags(), {})
        # The default, as the pipeline: overwritten.
        self.edit_config('overwrite: owned-only\n', '')
        self.apply()
        self.assert_alias_pair('host01.corp.internal.', sid, US)

    def test_conflicts_first_owner_keeps_the_name_with_its_holder(self):
        first = 'svc-00000000000000001'
        self.start(scenario([service(A1, US, first, 'pay.corp.internal', created='2024-01-01T00:00:00Z')]),
                   config_extra='conflicts: first-owner\n')
        self.apply()
        newcomer = self.sim.spoke(A1, US).lattice_create_service('pay2', 'pay.corp.internal', {'NewService': 'true'})
        r = self.run_ld('--once', '-o', 'json')
        self.assertEqual(r.code, 3, r)
        plan = json.loads(r.out)
        self.assertEqual(len(plan['conflicts']), 1, plan['conflicts'])
        c = plan['conflicts'][0]
        self.assertEqual(c['winner_arn'], arn(A1, US, first))
        self.assertEqual(c['reason'], 'it holds the name (conflicts: first-owner)')
        self.assertEqual(c['loser_arn'], newcomer['arn'])
        self.assert_alias_pair('pay.corp.internal.', first, US)
        # The newcomer gets its tag, as every conflict's loser does; the holder stays the holder.
        self.assertEqual(self.sim.tags(), {arn(A1, US, first): 'pay.corp.internal',
                                           newcomer['arn']: 'pay.corp.internal'})
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assert_alias_pair('pay.corp.internal.', first, US)


class UnconfirmedChange(E2E):
    def test_a_failed_get_change_exits_3_and_says_so_in_the_journal(self):
        self.start(scenario([service(A1, US, 'svc-00000000000000001', 'one.corp.internal')]))
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'GetChange', 'error': 'AccessDenied',
                                     'status': 403})
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertIn('accepted but not confirmed INSYNC', r.err)
        db = sqlite3.connect(self.state_path)
        try:
            self.assertEqual(db.execute('SELECT status FROM change_journal').fetchall(), [('UNCONFIRMED',)])
        finally:
            db.close()
        self.assert_alias_pair('one.corp.internal.', 'svc-00000000000000001', US)
        self.sim.admin.admin_clear_faults()
        self.assertEqual(self.run_ld('--dry-run').code, 0)


if __name__ == '__main__':
    unittest.main()
