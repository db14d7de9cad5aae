"""Hostile text from a spoke account: a newline or an ANSI escape in a service name, a custom
domain or a tag value never forges a line of the plan or the log, nor reaches the terminal."""
import json

from harness import E2E, scenario, service

A1 = '111122223333'
EU = 'eu-west-1'
FORGED = '\n2099-01-01T00:00:00.000Z error fatal: FORGED LINE\x1b[2K\x1b[31m'


class HostileText(E2E):
    accounts = (A1,)

    def assert_no_forged_line(self, r):
        for stream in (r.out, r.err):
            self.assertNotIn('\x1b', stream, r)
            for line in stream.splitlines():
                self.assertFalse(line.startswith('2099-'), 'forged line %r in\n%r' % (line, r))
            self.assertNotIn('\r', stream)

    def test_newline_and_escape_in_names_and_tags_forge_nothing(self):
        evil = service(A1, EU, 'svc-00000000000000001', 'evil.corp.internal', name='evil' + FORGED)
        dom = service(A1, EU, 'svc-00000000000000002', 'dom.corp.internal' + FORGED)
        tag = service(A1, EU, 'svc-00000000000000003', 'tag.corp.internal',
                      tags={'NewService': 'true' + FORGED})
        self.start(scenario([evil, dom, tag]), config_extra='log: {level: debug}\n')
        # The JSON plan keeps the exact text (JSON escapes it).
        r = self.run_ld('--dry-run', '-o', 'json')
        self.assert_no_forged_line(r)
        reasons = [c['reason'] for z in json.loads(r.out)['zones'] for c in z['changes']]
        self.assertIn('service evil%s is tagged NewService=true' % FORGED, reasons)
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assert_no_forged_line(r)
        # What the spoke wrote is still there to read, escaped.
        self.assertIn('service evil\\n2099-01-01T00:00:00.000Z error fatal: FORGED LINE\\x1b[2K\\x1b[31m '
                      'is tagged NewService=true', r.out)
        for args in (('--once',), ('--once', '--log-format', 'json')):
            r = self.run_ld(*args)
            self.assertIn(r.code, (0, 3), r)
            self.assert_no_forged_line(r)
        self.assert_alias_pair('evil.corp.internal.', 'svc-00000000000000001', EU)
