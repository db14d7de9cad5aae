"""The command line a user types: help, version, bad flags, bad configs, exit codes."""
import os
import re
import signal
import subprocess
import tempfile
import time
import unittest

from harness import BIN, E2E, scenario, service

A1 = '111122223333'


def run(*args, env=None):
    e = {'PATH': os.environ.get('PATH', '/usr/bin:/bin')}
    e.update(env or {})
    p = subprocess.run([BIN] + list(args), capture_output=True, text=True, env=e, timeout=60)
    return p.returncode, p.stdout, p.stderr


class Cli(unittest.TestCase):
    def test_help_documents_every_exit_code(self):
        code, out, _ = run('--help')
        self.assertEqual(code, 0)
        for line in ('0  converged', '1  fatal', '2  --dry-run found changes', '3  the cycle finished'):
            self.assertIn(line, out)
        for flag in ('--once', '--dry-run', '--state', '--force', '--interval', '--check-config'):
            self.assertIn(flag, out)

    def test_version_names_the_release_and_the_commit(self):
        code, out, _ = run('--version')
        self.assertEqual(code, 0)
        root = os.path.join(os.path.dirname(__file__), '..', '..')
        with open(os.path.join(root, 'VERSION')) as f:
            version = f.read().strip()
        m = re.fullmatch(r'latticedns (\S+) \(commit ([0-9a-f]{12})(-dirty)?\)\n', out)
        self.assertIsNotNone(m, out)
        self.assertEqual(m.group(1), version)
        head = subprocess.run(['git', '-C', root, 'rev-parse', 'HEAD'], capture_output=True, text=True)
        if head.returncode == 0:
            # The binary under test is built from this checkout: the commit is its HEAD.
            self.assertTrue(head.stdout.startswith(m.group(2)), (head.stdout, out))

    def test_unknown_flag_exits_1_and_names_it(self):
        code, _, err = run('--frobnicate')
        self.assertEqual(code, 1)
        self.assertIn('--frobnicate', err)
        self.assertIn('--help', err)

    def test_bad_output_format(self):
        code, _, err = run('-o', 'yaml')
        self.assertEqual(code, 1)
        self.assertIn('-o "yaml"', err)

    def test_bad_interval(self):
        code, _, err = run('--interval', '10 parsecs')
        self.assertEqual(code, 1)
        self.assertIn('--interval', err)

    def test_missing_config_names_the_file(self):
        code, _, err = run('--check-config', '-c', '/nonexistent/latticedns.yaml')
        self.assertEqual(code, 1)
        self.assertIn('/nonexistent/latticedns.yaml', err)

    def test_config_from_environment(self):
        code, _, err = run('--check-config', env={'LATTICEDNS_CONFIG': '/nonexistent/env.yaml'})
        self.assertEqual(code, 1)
        self.assertIn('/nonexistent/env.yaml', err)

    def test_check_config_reports_every_error_with_line_and_column(self):
        with tempfile.NamedTemporaryFile('w', suffix='.yaml', delete=False) as f:
            f.write('zones:\n  - id: not-a-zone\naccounts:\n  - id: 1234\n    role_arn: x\n'
                    'intervall: 5s\n')
        self.addCleanup(os.unlink, f.name)
        code, out, err = run('--check-config', '-c', f.name)
        self.assertEqual(code, 1)
        text = out + err
        base = os.path.basename(f.name)
        self.assertIn(base + ':2:', text)    # zones[0].id
        self.assertIn(base + ':4:', text)    # accounts[0].id
        self.assertIn(base + ':5:', text)    # accounts[0].role_arn
        self.assertIn(base + ':6:', text)    # unknown key
        self.assertIn('intervall', text)

    def test_examples_pass_check_config(self):
        root = os.path.join(os.path.dirname(__file__), '..', '..', 'examples')
        for name in ('latticedns.single-account.yaml', 'latticedns.multi-account.yaml',
                     'latticedns.split-horizon.yaml'):
            code, out, err = run('--check-config', '-c', os.path.join(root, name))
            self.assertEqual(code, 0, out + err)

    def test_configs_embedded_in_kubernetes_and_helm_pass_check_config(self):
        top = os.path.join(os.path.dirname(__file__), '..', '..')
        for path, start in (('examples/kubernetes/configmap.yaml', '  latticedns.yaml: |'),
                            ('packaging/helm/latticedns/values.yaml', 'config:')):
            with open(os.path.join(top, path)) as f:
                lines = f.read().splitlines()
            i = lines.index(start) + 1
            block = []
            while i < len(lines) and (lines[i].startswith(' ' * (len(start) - len(start.lstrip()) + 2))
                                      or not lines[i].strip()):
                block.append(lines[i])
                i += 1
            self.assertTrue(any(l.strip().startswith('zones:') for l in block), path)
            indent = min(len(l) - len(l.lstrip()) for l in block if l.strip())
            with tempfile.NamedTemporaryFile('w', suffix='.yaml', delete=False) as f:
                f.write('\n'.join(l[indent:] for l in block) + '\n')
            try:
                code, out, err = run('--check-config', '-c', f.name)
                self.assertEqual(code, 0, '%s: %s%s' % (path, out, err))
                self.assertIn('OK', out + err)
            finally:
                os.unlink(f.name)


class Runs(E2E):
    def test_dry_run_writes_nothing_and_exits_2(self):
        self.start(scenario([service(A1, 'eu-west-1', 'svc-00000000000000001', 'a.corp.internal')]))
        r = self.run_ld('--dry-run')
        self.assertEqual(r.code, 2, r)
        self.assertIn('+ a.corp.internal. A', r.out)
        self.assertIn('Plan: 2 to create, 0 to update, 0 to delete; tags: +1 -0.', r.out)
        self.assertEqual(self.write_calls(), 0)
        self.assertEqual(self.sim.records(), {})

    def test_state_database_is_private(self):
        self.start(scenario([]))
        self.apply()
        self.assertEqual(os.stat(self.state_path).st_mode & 0o777, 0o600)

    def test_running_controller_holds_the_database_and_stops_on_sigterm(self):
        self.start(scenario([service('111122223333', 'us-east-1', 'svc-00000000000000001', 'one.corp.internal')]))
        daemon = subprocess.Popen([BIN, '-c', self.config, '--interval', '1h'], env=self.env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 60
            while ('one.corp.internal.', 'A') not in self.sim.records() and time.time() < deadline:
                time.sleep(0.1)
            self.assertIn(('one.corp.internal.', 'A'), self.sim.records())
            # A second controller on the same database refuses to run ...
            r = self.run_ld('--once')
            self.assertEqual(r.code, 1, r)
            self.assertIn('is in use by latticedns@', r.err)
            self.assertIn('two controllers must not share one database', r.err)
            # ... but a dry run may look: it applies nothing.
            r = self.run_ld('--dry-run')
            self.assertEqual(r.code, 0, r)
        finally:
            daemon.send_signal(signal.SIGTERM)
            out, err = daemon.communicate(timeout=30)
        self.assertEqual(daemon.returncode, 0, err)
        self.assertNotIn('AddressSanitizer', err)
        # Stopped cleanly: the lock is released and the next run goes ahead.
        self.assertEqual(self.run_ld('--once').code, 0)

    def test_sighup_reloads_and_keeps_the_old_config_when_the_new_one_is_bad(self):
        self.start(scenario([service(A1, 'us-east-1', 'svc-00000000000000001', 'one.corp.internal')]))
        with open(self.config) as f:
            good = f.read()
        daemon = subprocess.Popen([BIN, '-c', self.config, '--interval', '1h'], env=self.env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

        def wait_for(key):
            deadline = time.time() + 60
            while key not in self.sim.records() and time.time() < deadline:
                time.sleep(0.1)
            return key in self.sim.records()
        try:
            self.assertTrue(wait_for(('one.corp.internal.', 'A')))
            # A new service appears; the next cycle is an hour away, a reload runs one now.
            self.sim.spoke(A1).lattice_create_service('two', 'two.corp.internal', {'NewService': 'true'})
            with open(self.config, 'w') as f:
                f.write(good + 'bogus_key: 1\n')
            daemon.send_signal(signal.SIGHUP)
            self.assertTrue(wait_for(('two.corp.internal.', 'A')))
            self.assertIsNone(daemon.poll())          # still running, on the old configuration
            # A good config is taken, and its cycle runs at once.
            self.sim.spoke(A1).lattice_create_service('three', 'three.corp.internal', {'NewService': 'true'})
            with open(self.config, 'w') as f:
                f.write(good)
            daemon.send_signal(signal.SIGHUP)
            self.assertTrue(wait_for(('three.corp.internal.', 'A')))
            self.assertIsNone(daemon.poll())
        finally:
            daemon.send_signal(signal.SIGTERM)
            out, err = daemon.communicate(timeout=30)
        self.assertEqual(daemon.returncode, 0, err)
        self.assertIn('unknown key "bogus_key"', err)
        self.assertIn('keeping the running configuration', err)
        self.assertIn('reloaded', err)

    def test_no_secret_reaches_logs_output_or_the_database(self):
        self.start(scenario([service('111122223333', 'us-east-1', 'svc-00000000000000001', 'one.corp.internal')]))
        env = self.env()
        # Container credentials (temporary, with a token) instead of keys in the environment.
        del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
        env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] = self.sim.url + '/v2/credentials/pod'
        outs = []
        for args in (['--once'], ['--dry-run', '-o', 'json']):
            p = subprocess.run([BIN, '-c', self.config, '--log-level', 'debug', '--log-format', 'json'] + args,
                               env=env, capture_output=True, text=True, timeout=120)
            self.assertIn(p.returncode, (0, 2), p.stderr)
            outs.append(p.stdout + p.stderr)
        self.assertIn('"level":"debug"', outs[0])
        with open(self.state_path, 'rb') as f:
            db = f.read()
        if os.path.exists(self.state_path + '-wal'):
            with open(self.state_path + '-wal', 'rb') as f:
                db += f.read()
        issued = self.sim.admin._admin('GET', 'issued')['issued']
        secrets = [x for i in issued for x in (i['secret_access_key'], i['session_token']) if x]
        self.assertGreaterEqual(len(secrets), 4)       # the pod's, and the spoke role's key and token
        for s in secrets:
            for o in outs:
                self.assertNotIn(s, o)
            self.assertNotIn(s.encode(), db)

    def test_unreadable_zone_is_fatal(self):
        self.start(scenario([]))
        self.edit_config('Z0123456789ABCDEFGHIJ', 'Z9999999999999999999')
        r = self.run_ld('--once')
        self.assertEqual(r.code, 1, r)
        self.assertIn('Z9999999999999999999', r.err)
        self.assertIn('NoSuchHostedZone', r.err)

    def test_no_credentials_is_fatal_with_a_fix(self):
        self.start(scenario([]))
        env = self.env()
        del env['AWS_ACCESS_KEY_ID']
        del env['AWS_SECRET_ACCESS_KEY']
        p = subprocess.run([BIN, '-c', self.config, '--once'], env=env, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn('AWS_ACCESS_KEY_ID', p.stderr)


if __name__ == '__main__':
    unittest.main()
