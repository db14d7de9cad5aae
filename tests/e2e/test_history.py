"""`latticedns history`: the audit trail in the state database, each change with before and after."""
import json
import os
import sqlite3
import unittest

from harness import E2E, LATTICE_ZONE, ZONE_ID, alias, arn, scenario, service

A1 = '111122223333'
US = 'us-east-1'
SVC = 'svc-0123456789abcdef0'
R53 = '/2013-04-01/hostedzone/%s/rrset' % ZONE_ID
NS = 'https://route53.amazonaws.com/doc/2013-04-01/'


def hand_edit(name, typ, value, ttl):
    return ('<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="%s">'
            '<ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>%s</Name>'
            '<Type>%s</Type><TTL>%d</TTL><ResourceRecords><ResourceRecord><Value>%s</Value></ResourceRecord>'
            '</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>'
            '</ChangeResourceRecordSetsRequest>' % (NS, name, typ, ttl, value)).encode()


class History(E2E):
    def lived_a_life(self):
        """api.corp.internal: created, hand-edited and put back, then its service deleted."""
        # About the trail, not about when drift is seen: every cycle reads the zone whole, so the
        # hand edit (which leaves the record count as it was) is put back by the next cycle.
        self.start(scenario([service(A1, US, SVC, 'api.corp.internal'),
                             service(A1, US, 'svc-00000000000000002', 'other.corp.internal')]),
                   config_extra='full_scan_every: 1\n')
        self.apply()
        st, _, body = self.sim.route53('POST', R53, hand_edit('api.corp.internal.', 'A', '10.20.1.7', 60))
        self.assertEqual(st, 200, body)
        self.apply()
        self.sim.spoke(A1).lattice_delete_service(SVC)
        self.apply()

    def test_each_change_to_a_name_with_before_and_after(self):
        self.lived_a_life()
        r = self.run_ld('history', '--name', 'API.corp.internal', '-o', 'json')
        self.assertEqual(r.code, 0, r)
        rows = json.loads(r.out)
        target = 'alias %s (zone %s)' % (alias(SVC, US).rstrip('.'), LATTICE_ZONE)
        live = 'alias %s (zone %s)' % (alias(SVC, US), LATTICE_ZONE)    # as Route 53 returns it
        got = [(x['action'], x['type'], x['before'], x['after']) for x in rows]
        self.assertEqual(got, [('create', 'A', None, target), ('create', 'AAAA', None, target),
                               ('update', 'A', '10.20.1.7 TTL 60', target),
                               ('delete', 'A', live, None), ('delete', 'AAAA', live, None)])
        for x in rows:
            self.assertEqual((x['zone'], x['name'], x['service_arn'], x['account'], x['status']),
                             (ZONE_ID, 'api.corp.internal.', arn(A1, US, SVC), A1, 'INSYNC'))
            self.assertRegex(x['change_id'], r'^C[A-Z0-9]+$')
            self.assertRegex(x['time'], r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        self.assertEqual(len({x['change_id'] for x in rows}), 3)      # three runs, one batch each
        text = self.run_ld('history', '--name', 'api.corp.internal')
        self.assertEqual(text.code, 0, text)
        self.assertIn('  update A api.corp.internal.  (zone %s, change %s, INSYNC, run '
                      % (ZONE_ID, rows[2]['change_id']), text.out)
        self.assertIn('      10.20.1.7 TTL 60 -> %s\n      service %s, account %s\n'
                      % (target, arn(A1, US, SVC), A1), text.out)
        self.assertIn('      (none) -> %s\n' % target, text.out)
        self.assertIn('      %s -> (none)\n' % live, text.out)

    def test_filters_by_zone_and_time(self):
        self.lived_a_life()
        rows = json.loads(self.run_ld('history', '--zone', ZONE_ID, '--since', '1h', '-o', 'json').out)
        self.assertEqual(len(rows), 7)                 # other.corp.internal's two creates too
        self.assertEqual(json.loads(self.run_ld('history', '--zone', 'Z9999999999999999999', '-o', 'json').out), [])
        r = self.run_ld('history', '--since', '2999-01-01T00:00:00Z')
        self.assertEqual((r.code, r.out), (0, 'no recorded change matches\n'), r)
        r = self.run_ld('history', '--since', 'last tuesday')
        self.assertEqual(r.code, 1, r)
        self.assertIn('--since "last tuesday": neither a duration (24h, 90m) nor an ISO 8601 time', r.err)

    def test_the_trail_goes_with_its_run(self):
        self.lived_a_life()
        db = sqlite3.connect(self.state_path)
        db.execute('PRAGMA foreign_keys = ON')
        self.assertEqual(db.execute('SELECT count(*) FROM change_records').fetchone()[0], 7)
        first = db.execute('SELECT min(run_id) FROM change_journal').fetchone()[0]
        db.execute('DELETE FROM runs WHERE id = ?', (first,))
        db.commit()
        self.assertEqual(db.execute('SELECT count(*) FROM change_records').fetchone()[0], 3)
        db.close()

    def test_no_database_is_an_error_that_says_where(self):
        self.start(scenario([]))
        r = self.run_ld('history', '--state', os.path.join(self.tmp, 'none.db'))
        self.assertEqual(r.code, 1, r)
        self.assertIn('state database %s does not exist' % os.path.join(self.tmp, 'none.db'), r.err)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, 'none.db')))
        r = self.run_ld('--once', '--zone', ZONE_ID)
        self.assertEqual(r.code, 1, r)
        self.assertIn('--zone is an option of `latticedns history`', r.err)


if __name__ == '__main__':
    unittest.main()
