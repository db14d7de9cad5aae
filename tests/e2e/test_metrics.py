"""The metrics endpoint as an operator meets it: promtool, a real Prometheus, the Kubernetes probes."""
import os
import re
import shutil
import socket
import subprocess
import time
import unittest
import urllib.parse
import urllib.request
import json

from harness import DNS_ACCOUNT, E2E, ZONE_ID, scenario, service

A1 = '111122223333'
US = 'us-east-1'
SVC = 'svc-0123456789abcdef0'


def sample(page, series):
    """The value of one series line of a metrics page ('name{labels}'), or None."""
    for line in page.splitlines():
        if line.startswith(series + ' '):
            return float(line.split()[-1])
    return None


def wait(fn, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError('not within %ss: %s' % (timeout, what))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Metrics(E2E):
    def converged_daemon(self, *extra):
        self.start(scenario([service(A1, US, SVC, 'api.corp.internal')]))
        d = self.daemon('--interval', '1s', *extra)
        wait(lambda: sample(d.get('/metrics')[1], 'latticedns_cycles_total{outcome="converged"}'), 30,
             'a converged cycle')
        return d

    def test_services_and_resource_configurations_are_counted_apart(self):
        scen = scenario([service(A1, US, SVC, 'api.corp.internal')])
        scen['resource_configurations'] = [
            {'account': A1, 'region': US, 'id': 'rcfg-0000000000000db01', 'name': 'db', 'customDomainName':
             'db.corp.internal', 'tags': {'NewService': 'true'}, 'associations': [{'serviceNetworkName': 'corp'}]},
            {'account': A1, 'region': US, 'id': 'rcfg-0000000000000db02', 'name': 'cache', 'customDomainName':
             'cache.corp.internal', 'tags': {'NewService': 'true'},
             'associations': [{'serviceNetworkName': 'corp'}, {'serviceNetworkName': 'edge'}]},
        ]
        self.start(scen, config_extra='resource_configurations: {enabled: true}\n')
        d = self.daemon('--interval', '1s')
        page = wait(lambda: (lambda p: p if sample(p, 'latticedns_cycles_total{outcome="converged"}') else None)(
            d.get('/metrics')[1]), 30, 'a converged cycle')
        p = subprocess.run(['promtool', 'check', 'metrics'], input=page, capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stdout + p.stderr), (0, ''), page)
        self.assertEqual(sample(page, 'latticedns_services{state="active"}'), 1)
        self.assertEqual(sample(page, 'latticedns_services{state="skipped"}'), 0)
        self.assertEqual(sample(page, 'latticedns_resource_configurations{state="active"}'), 1)
        # Two associations and no service_network configured: skipped as ambiguous.
        self.assertEqual(sample(page, 'latticedns_resource_configurations{state="skipped"}'), 1)

    def test_the_page_passes_promtool_and_counts_what_happened(self):
        d = self.converged_daemon()
        status, page = d.get('/metrics')
        self.assertEqual(status, 200)
        p = subprocess.run(['promtool', 'check', 'metrics'], input=page, capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stdout + p.stderr), (0, ''), page)
        z = 'zone="%s"' % ZONE_ID
        self.assertEqual(sample(page, 'latticedns_changes_applied_total{%s,action="create"}' % z), 2)
        self.assertEqual(sample(page, 'latticedns_records_owned{%s}' % z), 2)
        self.assertEqual(sample(page, 'latticedns_zone_tags{%s}' % z), 1)
        self.assertEqual(sample(page, 'latticedns_zone_tag_limit{%s}' % z), 50)
        self.assertEqual(sample(page, 'latticedns_services{state="active"}'), 1)
        self.assertEqual(sample(page, 'latticedns_accounts{status="listed"}'), 2)
        self.assertEqual(sample(page, 'latticedns_accounts{status="failed"}'), 0)
        self.assertEqual(sample(page, 'latticedns_consecutive_failed_cycles'), 0)
        self.assertEqual(sample(page, 'latticedns_cycles_total{outcome="changed"}'), 1)
        # Every call awsim counted, the controller counted too, by operation.
        calls = self.sim.calls()
        self.assertEqual(sample(page, 'latticedns_aws_requests_total{service="route53",'
                                'operation="ChangeResourceRecordSets",code="OK"}'),
                         calls['route53:ChangeResourceRecordSets'])
        self.assertIn('latticedns_build_info{version="', page)
        self.assertEqual(d.get('/healthz'), (200, 'ok\n'))
        self.assertEqual(d.get('/readyz'), (200, 'ok\n'))
        self.assertEqual(d.get('/nothing')[0], 404)
        self.assertEqual(d.stop(), 0)

    def test_throttles_and_retries_are_visible(self):
        self.start(scenario([service(A1, US, SVC, 'api.corp.internal')]))
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ChangeResourceRecordSets',
                                     'error': 'Throttling', 'status': 400, 'count': 1})
        d = self.daemon('--interval', '1s')
        page = wait(lambda: (lambda p: p if sample(p, 'latticedns_cycles_total{outcome="changed"}') else None)(
            d.get('/metrics')[1]), 30, 'a changed cycle')
        op = 'service="route53",operation="ChangeResourceRecordSets"'
        self.assertEqual(sample(page, 'latticedns_aws_requests_total{%s,code="Throttling"}' % op), 1)
        self.assertEqual(sample(page, 'latticedns_aws_requests_total{%s,code="OK"}' % op), 1)
        self.assertEqual(sample(page, 'latticedns_aws_retries_total{%s}' % op), 1)

    def test_a_real_prometheus_scrapes_it(self):
        prom = shutil.which('prometheus')
        self.assertIsNotNone(prom, 'prometheus is missing: make deps installs it (Debian package prometheus)')
        d = self.converged_daemon()
        port = free_port()
        cfg = os.path.join(self.tmp, 'prometheus.yml')
        with open(cfg, 'w') as f:
            f.write('global: {scrape_interval: 1s, evaluation_interval: 1s}\n'
                    'scrape_configs:\n  - job_name: latticedns\n'
                    '    static_configs: [{targets: ["%s"]}]\n' % d.addr)
        log = open(os.path.join(self.tmp, 'prometheus.log'), 'w')
        self.addCleanup(log.close)
        p = subprocess.Popen([prom, '--config.file=' + cfg, '--storage.tsdb.path=' + os.path.join(self.tmp, 'tsdb'),
                              '--web.listen-address=127.0.0.1:%d' % port], stdout=log, stderr=log)

        def stop_prom():
            p.terminate()
            p.wait(30)
        self.addCleanup(stop_prom)
        q = urllib.parse.urlencode({'query': 'latticedns_records_owned{zone="%s"}' % ZONE_ID})

        def query():
            try:
                with urllib.request.urlopen('http://127.0.0.1:%d/api/v1/query?%s' % (port, q), timeout=5) as r:
                    res = json.load(r)['data']['result']
                    return res or None
            except OSError:
                return None
        res = wait(query, 60, 'Prometheus to hold a latticedns series')
        self.assertEqual(len(res), 1, res)
        self.assertEqual(res[0]['metric']['job'], 'latticedns')
        self.assertEqual(res[0]['metric']['instance'], d.addr)
        self.assertEqual(res[0]['value'][1], '2')

    def test_readyz_follows_aws_and_healthz_does_not(self):
        # The controller's own credentials list its own account, so nothing cached outlives awsim's restart.
        self.start(scenario([service(DNS_ACCOUNT, US, SVC, 'api.corp.internal')]), accounts=(DNS_ACCOUNT,))
        self.edit_config('    role_arn: arn:aws:iam::%s:role/latticedns-reader\n' % DNS_ACCOUNT, '')
        d = self.daemon('--interval', '1s')
        wait(lambda: d.get('/readyz')[0] == 200, 30, 'ready')
        self.sim.stop()
        t0 = time.time()
        status, why = wait(lambda: (lambda r: r if r[0] == 503 else None)(d.get('/readyz')), 30, 'not ready')
        self.assertLess(time.time() - t0, 3 * 1 + 3, 'readiness must fail within 3 intervals (plus a cycle)')
        self.assertIn('the latest cycle could not read every zone: zone %s' % ZONE_ID, why)
        self.assertIn('route53 GetHostedZone', why)
        self.assertEqual(d.get('/healthz'), (200, 'ok\n'))   # AWS down is no reason to restart the pod
        page = d.get('/metrics')[1]
        self.assertGreaterEqual(sample(page, 'latticedns_consecutive_failed_cycles'), 1)
        self.assertGreaterEqual(sample(page, 'latticedns_cycles_total{outcome="failed"}'), 1)
        self.assertRegex(page, r'latticedns_aws_requests_total\{service="route53",operation="GetHostedZone",'
                               r'code="ConnectionError"\} [1-9]')
        self.sim.restart()
        wait(lambda: d.get('/readyz')[0] == 200, 30, 'ready again once AWS is back')
        self.assertEqual(d.get('/healthz'), (200, 'ok\n'))
        self.assertEqual(sample(d.get('/metrics')[1], 'latticedns_consecutive_failed_cycles'), 0)
        self.assertEqual(d.stop(), 0)

    def test_healthz_fails_while_the_loop_is_stalled(self):
        self.start(scenario([service(A1, US, SVC, 'api.corp.internal')]))
        self.edit_config('metrics: {address: "127.0.0.1:0"}', 'metrics: {address: "127.0.0.1:0", cycle_timeout: 1s}')
        d = self.daemon('--interval', '1s')
        wait(lambda: d.get('/readyz')[0] == 200, 30, 'ready')
        # One listing hangs for 8 s: longer than 2 intervals + the cycle timeout (3 s).
        self.sim.admin.admin_faults({'service': 'route53', 'operation': 'ListResourceRecordSets',
                                     'latency_ms': 8000, 'count': 1})
        status, why = wait(lambda: (lambda r: r if r[0] == 503 else None)(d.get('/healthz')), 15, 'stalled')
        self.assertRegex(why, r'^the cycle in progress started \d+\.\d+s ago, longer than 2 intervals \+ the '
                              r'cycle timeout \(3\.0s\): the loop is stalled\n$')
        # Readiness is about the latest finished cycle: it stays through the one in progress.
        self.assertEqual(d.get('/readyz'), (200, 'ok\n'))
        wait(lambda: d.get('/healthz')[0] == 200, 20, 'alive again once the cycle ends')
        self.assertEqual(d.stop(), 0)

    def test_once_serves_nothing_unless_asked(self):
        self.start(scenario([]))
        self.edit_config('metrics: {address: "127.0.0.1:0"}\n', '')
        r = self.run_ld('--once', '--log-format', 'json')
        self.assertEqual(r.code, 0, r)
        start = [json.loads(l) for l in r.err.splitlines() if '"event":"start"' in l]
        self.assertEqual(len(start), 1, r.err)
        self.assertNotIn('metrics_address', start[0])
        self.assertEqual(start[0]['mode'], 'once')

    def test_colon_port_serves_every_interface(self):
        self.start(scenario([]))
        d = self.daemon('--interval', '1s', '--metrics-address', ':0')
        host, _, port = d.addr.rpartition(':')
        self.assertIn(host, ('[::]', '0.0.0.0'))
        d.addr = '127.0.0.1:' + port        # IPv4 reaches the dual-stack socket too
        self.assertEqual(d.get('/healthz'), (200, 'ok\n'))
        self.assertEqual(d.stop(), 0)

    def test_a_port_in_use_is_a_clear_fatal_error(self):
        self.start(scenario([]))
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            s.listen(1)
            port = s.getsockname()[1]
            r = self.run_ld('--once', '--metrics-address', '127.0.0.1:%d' % port)
        self.assertEqual(r.code, 1, r)
        self.assertIn('metrics address "127.0.0.1:%d": Address already in use; another process listens there: '
                      'pick another port (--metrics-address)' % port, r.err)

    def test_a_bad_address_fails_the_config_check_with_its_line(self):
        self.start(scenario([]))
        self.edit_config('metrics: {address: "127.0.0.1:0"}', 'metrics: {address: "localhost:7979"}')
        r = self.run_ld('--check-config')
        self.assertEqual(r.code, 1, r)
        self.assertRegex(r.err, r'latticedns\.yaml:\d+:\d+: metrics\.address: metrics address "localhost:7979": '
                                r'"localhost" is not a numeric IPv4 address')
        r = self.run_ld('--once', '--metrics-address', 'nope')
        self.assertEqual(r.code, 1, r)
        self.assertIn('--metrics-address: metrics address "nope": no port', r.err)


if __name__ == '__main__':
    unittest.main()
