"""`latticedns migrate --to tags|txt|state`: the new registry first, the old one after, every record owned.

On a zone the pipeline wrote (records + tags, a foreign tag, a name two services claim):
tags -> txt -> tags, with a failure between the two steps; every zone state in between owns
every record; each final plan is empty; the first cycle in the new mode writes nothing.
"""
import os
import sqlite3

from harness import E2E, ZONE_ID, alias, arn, scenario, service

A1 = '111122223333'
US = 'us-east-1'


def sid(i):
    return 'svc-%017d' % i


class Migrate(E2E):
    def pipeline_zone(self, n=3):
        """What the event pipeline leaves: A+AAAA aliases and ARN -> domain tags; a loser's tag too."""
        services = [service(A1, US, sid(i), 'm%d.corp.internal' % i) for i in range(n)]
        services.append(service(A1, US, sid(50), 'Shared.corp.internal', created='2024-01-01T00:00:00Z'))
        services.append(service(A1, US, sid(51), 'Shared.corp.internal', created='2024-02-01T00:00:00Z'))
        records, tags = [], {'team': 'network'}
        for i in list(range(n)) + [51]:
            name = ('m%d' % i if i < n else 'shared') + '.corp.internal.'
            for t in ('A', 'AAAA'):
                records.append({'Name': name, 'Type': t, 'AliasTarget': {
                    'HostedZoneId': 'Z03867022NOYBCTG0GJR1', 'DNSName': alias(sid(i), US),
                    'EvaluateTargetHealth': False}})
        for i in range(n):
            tags[arn(A1, US, sid(i))] = 'm%d.corp.internal' % i
        tags[arn(A1, US, sid(50))] = 'Shared.corp.internal'
        tags[arn(A1, US, sid(51))] = 'Shared.corp.internal'
        return services, records, tags

    def zone_records(self):
        return {(r['Name'], r['Type']): r for r in self.sim.zone()['records']}

    def assert_all_owned(self, what):
        """Every alias of ours is owned by a tag (its value names it) or by a registry TXT of ours."""
        recs, tags = self.zone_records(), self.sim.tags()
        by_tag = {v.lower().rstrip('.') + '.' for k, v in tags.items() if k.startswith('arn:')}
        for (name, typ), r in recs.items():
            if typ in ('A', 'AAAA') and 'AliasTarget' in r:
                txt = recs.get(('_latticedns.' + name, 'TXT'))
                owned_txt = txt is not None and 'owner=net-prod' in txt['ResourceRecords'][0]['Value']
                self.assertTrue(name in by_tag or owned_txt, '%s: %s %s owned by nothing' % (what, name, typ))

    def test_tags_to_txt_and_back_on_a_pipeline_zone(self):
        services, records, tags = self.pipeline_zone()
        self.start(scenario(services, records=records, tags=tags), config_extra='owner_id: net-prod\n')
        self.assertEqual(self.run_ld('--dry-run').code, 3)        # converged: the conflict only
        before = self.zone_records()

        r = self.run_ld('migrate', '--to', 'txt', '--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assertIn('migrate: ownership tags -> txt', r.out)
        self.assertIn('+ _latticedns.m0.corp.internal. TXT "heritage=latticedns,owner=net-prod,arn=%s"'
                      % arn(A1, US, sid(0)), r.out)
        # The name two services claim gets the registry of the one whose records are there.
        self.assertIn('+ _latticedns.shared.corp.internal. TXT "heritage=latticedns,owner=net-prod,arn=%s"'
                      % arn(A1, US, sid(51)), r.out)
        self.assertIn('- tag %s' % arn(A1, US, sid(0)), r.out)
        self.assertIn('the first cycle with ownership: txt plans 0 to create, 0 to update, 0 to delete; '
                      'tags: +0 -0', r.out)
        self.assertIn('Next: set ownership: txt in %s (with owner_id: net-prod)' % self.config, r.out)
        self.assertEqual(self.write_calls(), 0)

        # Step 2 fails (the tags cannot be removed): both registries own the records, nothing else moved.
        self.sim.reset_calls()
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeTagsForResource',
                                     'error': 'ServiceUnavailable', 'status': 503})
        r = self.run_ld('migrate', '--to', 'txt')
        self.assertEqual(r.code, 3, r)
        self.assertIn('the old registry is only partly removed', r.err)
        self.assert_all_owned('after a failed step 2')
        self.assertEqual(self.sim.tags(), tags)
        self.sim.admin.admin_clear_faults()
        # Both registries own every record: a cycle in either mode plans no record change.
        for extra in ('', 'ownership: txt\n'):
            self.edit_config('owner_id: net-prod\n', 'owner_id: net-prod\n' + extra)
            r = self.run_ld('--dry-run')
            self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)
            self.edit_config('owner_id: net-prod\n' + extra, 'owner_id: net-prod\n')
        # The log: the new registry's batch before any tag call.
        ops = [e['operation'] for e in self.sim.admin.admin_calls()['log']
               if e['operation'] in ('ChangeResourceRecordSets', 'ChangeTagsForResource')]
        self.assertEqual(ops[0], 'ChangeResourceRecordSets')

        r = self.run_ld('migrate', '--to', 'txt')
        self.assertEqual(r.code, 0, r)
        self.assertIn('Migration done.', r.out)
        self.assertEqual(self.sim.tags(), {'team': 'network'})
        self.assert_all_owned('after migrate --to txt')
        recs = self.zone_records()
        self.assertEqual({k: v for k, v in recs.items() if k[1] != 'TXT'}, before)

        self.edit_config('owner_id: net-prod\n', 'owner_id: net-prod\nownership: txt\n')
        self.sim.reset_calls()
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)                               # the conflict, reported as before
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)
        self.assertEqual(self.write_calls(), 0)

        r = self.run_ld('migrate', '--to', 'tags')
        self.assertEqual(r.code, 0, r)
        self.assertIn('Next: set ownership: tags in', r.out)
        # The pipeline's tags come back whole, the loser's included; the registry records go.
        self.assertEqual(self.sim.tags(), tags)
        self.assertEqual({k: v for k, v in self.zone_records().items()}, before)
        self.edit_config('ownership: txt\n', '')
        self.sim.reset_calls()
        r = self.run_ld('--once')
        self.assertEqual(r.code, 3, r)
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)
        self.assertEqual(self.write_calls(), 0)

    def test_to_tags_is_refused_when_the_tag_room_is_short(self):
        n = 49
        services = [service(A1, US, sid(i), 'm%d.corp.internal' % i) for i in range(n)]
        self.start(scenario(services, tags={'team': 'network', 'cost-center': '42'}),
                   config_extra='ownership: txt\nowner_id: net-prod\n')
        self.apply()
        r = self.run_ld('migrate', '--to', 'tags')
        self.assertEqual(r.code, 3, r)
        self.assertIn('refused: zone %s would need 51 tags: it holds 2 (2 of them not latticedns\'s) and the '
                      'migration adds 49; Route 53 allows 50 per zone (zone_tag_limit), other tags included; stay '
                      'on ownership: txt (no cap) or state' % ZONE_ID, r.out)
        self.assertIn('nothing was changed', r.out)
        self.assertEqual(self.sim.tags(), {'team': 'network', 'cost-center': '42'})

    def test_tags_to_state_writes_the_ledger_before_removing_the_tags(self):
        services, records, tags = self.pipeline_zone(2)
        self.start(scenario(services, records=records, tags=tags))
        r = self.run_ld('migrate', '--to', 'state')
        self.assertEqual(r.code, 0, r)
        self.assertIn('+ ledger m0.corp.internal. A %s' % arn(A1, US, sid(0)), r.out)
        db = sqlite3.connect(self.state_path)
        try:
            rows = db.execute('SELECT name, type FROM owned_records ORDER BY name, type').fetchall()
        finally:
            db.close()
        self.assertIn(('m0.corp.internal.', 'A'), rows)
        self.assertIn(('shared.corp.internal.', 'AAAA'), rows)
        self.assertEqual(self.sim.tags(), {'team': 'network'})
        with open(self.config, 'a') as f:
            f.write('ownership: state\n')
        r = self.run_ld('--dry-run')
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)

    def test_state_to_txt_then_the_database_can_go(self):
        """The way out of state mode's single volume: the ledger's names get their registry records,
        and once in txt mode, deleting the database loses nothing."""
        services = [service(A1, US, sid(i), 'm%d.corp.internal' % i) for i in range(3)]
        self.start(scenario(services), config_extra='ownership: state\nowner_id: net-prod\n')
        self.apply()
        before = self.zone_records()
        self.assertEqual(self.sim.tags(), {})
        r = self.run_ld('migrate', '--to', 'txt')
        self.assertEqual(r.code, 0, r)
        self.assertIn('+ _latticedns.m2.corp.internal. TXT "heritage=latticedns,owner=net-prod,arn=%s"'
                      % arn(A1, US, sid(2)), r.out)
        self.assertIn('nothing: the ledger stays; outside state mode it decides nothing', r.out)
        self.assertIn('the first cycle with ownership: txt plans 0 to create, 0 to update, 0 to delete', r.out)
        self.assert_all_owned('after migrate state -> txt')
        recs = self.zone_records()
        self.assertEqual({k: v for k, v in recs.items() if k[1] != 'TXT'}, before)
        self.edit_config('ownership: state\n', 'ownership: txt\n')
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(self.state_path + suffix):
                os.remove(self.state_path + suffix)
        self.sim.reset_calls()
        r = self.run_ld('--once')
        self.assertEqual(r.code, 0, r)
        self.assertIn('Plan: 0 to create, 0 to update, 0 to delete; tags: +0 -0.', r.out)
        self.assertEqual(self.write_calls(), 0)
        # And a removal after it: the registry record, not the lost ledger, is the evidence.
        self.sim.spoke(A1, US).lattice_untag(arn(A1, US, sid(0)), ['NewService'])
        r = self.run_ld('--once', '--force')
        self.assertEqual(r.code, 0, r)
        names = {k[0] for k in self.zone_records()}
        self.assertNotIn('m0.corp.internal.', names)
        self.assertNotIn('_latticedns.m0.corp.internal.', names)
        self.assertIn('m1.corp.internal.', names)

    def test_usage(self):
        self.start(scenario([]))
        r = self.run_ld('migrate')
        self.assertEqual(r.code, 1, r)
        self.assertIn('`latticedns migrate` needs --to tags, --to txt or --to state', r.err)
        r = self.run_ld('migrate', '--to', 'dns')
        self.assertEqual(r.code, 1, r)
        self.assertIn('--to "dns": use tags, txt or state', r.err)
        r = self.run_ld('migrate', '--to', 'txt')
        self.assertEqual(r.code, 3, r)
        self.assertIn('add owner_id (like owner_id: net-prod) to the configuration first', r.out)
        r = self.run_ld('migrate', '--to', 'tags')
        self.assertEqual(r.code, 0, r)
        self.assertIn('already says ownership: tags; nothing to migrate', r.out)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, 'nothing')))
