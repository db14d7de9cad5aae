"""packaging/helm/latticedns rendered as `helm template` would (tests/helm/render.go, from Debian's Go
packages) in both modes and with every knob set; every object validates against the Kubernetes
OpenAPI schemas (kubernetes-models, from npm) and the rendered config passes --check-config."""
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

from harness import BIN, ROOT
from testutil import node_major  # noqa: E402  (tests/awsim, on the path through harness)

CHART = os.path.join(ROOT, 'packaging', 'helm', 'latticedns')
HELM = os.path.join(ROOT, 'tests', 'helm')
WORK = os.path.join(ROOT, os.environ.get('B', 'build'), 'helm')
NODE_MAJOR = 20     # kubernetes-models runs on Node.js 20 (it asks for 22; Debian 12 ships 18)


def setup_tools():
    """The renderer built and the schemas installed once per build directory."""
    os.makedirs(WORK, exist_ok=True)
    env = dict(os.environ, GO111MODULE='off', GOPATH='/usr/share/gocode', GOCACHE=os.path.join(WORK, 'gocache'))
    subprocess.run(['go', 'build', '-o', os.path.join(WORK, 'render'), os.path.join(HELM, 'render.go')],
                   env=env, check=True, capture_output=True, timeout=300)
    if node_major() < NODE_MAJOR:
        return False
    npm = os.path.join(WORK, 'npm')
    os.makedirs(npm, exist_ok=True)
    fresh = not os.path.isdir(os.path.join(npm, 'node_modules'))
    for f in ('package.json', 'package-lock.json'):
        dst = os.path.join(npm, f)
        if not os.path.exists(dst) or not filecmp.cmp(os.path.join(HELM, f), dst, shallow=False):
            shutil.copy(os.path.join(HELM, f), dst)
            fresh = True
    if fresh:
        subprocess.run(['npm', 'ci', '--no-audit', '--no-fund', '--silent'], cwd=npm, check=True,
                       capture_output=True, timeout=600)
    # ESM resolves packages from the script's own folder: the validator lives beside node_modules.
    shutil.copy(os.path.join(HELM, 'validate.mjs'), os.path.join(npm, 'validate.mjs'))
    return True


class Chart(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.schemas = setup_tools()
        if not cls.schemas:
            # The renders and their assertions still run; only the schema check needs a newer Node.js.
            sys.stderr.write('test_chart: Kubernetes schema validation skipped: it needs Node.js >= %d\n'
                             % NODE_MAJOR)

    def render(self, *values, expect_ok=True, **sets):
        args = [os.path.join(WORK, 'render'), CHART, 'rel']
        tmp = tempfile.mkdtemp(prefix='latticedns-chart-')
        self.addCleanup(shutil.rmtree, tmp, True)
        if sets:
            path = os.path.join(tmp, 'set.yaml')
            with open(path, 'w') as f:
                yaml.safe_dump(sets, f)
            values = values + (path,)
        # No image is published, so the chart requires image.repository: set it as a user does.
        image = os.path.join(tmp, 'image.yaml')
        with open(image, 'w') as f:
            yaml.safe_dump({'image': {'repository': 'registry.example.com/latticedns', 'tag': '0.1.0'}}, f)
        args += ['-f', image]
        for v in values:
            args += ['-f', v]
        p = subprocess.run(args, capture_output=True, text=True, timeout=60)
        if not expect_ok:
            return p
        self.assertEqual(p.returncode, 0, p.stderr)
        return [d for d in yaml.safe_load_all(p.stdout) if d]

    def assert_valid(self, objs):
        if not self.schemas:
            return
        p = subprocess.run(['node', os.path.join(WORK, 'npm', 'validate.mjs')], input=json.dumps(objs),
                           capture_output=True, text=True, timeout=120)
        self.assertEqual((p.returncode, p.stdout + p.stderr), (0, ''))

    def kinds(self, objs):
        return {o['kind']: o for o in objs}

    def pod(self, objs):
        k = self.kinds(objs)
        if 'Deployment' in k:
            return k['Deployment']['spec']['template']
        return k['CronJob']['spec']['jobTemplate']['spec']['template']

    def assert_config_checks(self, objs):
        cfg = self.kinds(objs)['ConfigMap']['data']['latticedns.yaml']
        with tempfile.NamedTemporaryFile('w', suffix='.yaml', delete=False) as f:
            f.write(cfg)
        self.addCleanup(os.unlink, f.name)
        p = subprocess.run([BIN, '--check-config', '-c', f.name], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_default_is_a_cronjob_that_validates(self):
        objs = self.render()
        self.assert_valid(objs)
        self.assertEqual(sorted(self.kinds(objs)), ['ConfigMap', 'CronJob', 'ServiceAccount'])
        c = self.pod(objs)['spec']['containers'][0]
        self.assertEqual(c['args'][:1], ['--once'])
        self.assertNotIn('livenessProbe', c)                     # a CronJob's run serves nothing
        self.assertEqual(c['securityContext'], {'allowPrivilegeEscalation': False, 'readOnlyRootFilesystem': True,
                                                'capabilities': {'drop': ['ALL']}})
        self.assertEqual(self.pod(objs)['spec']['securityContext']['runAsNonRoot'], True)
        self.assert_config_checks(objs)

    def test_controller_mode_probes_the_endpoints(self):
        objs = self.render(mode='controller')
        self.assert_valid(objs)
        k = self.kinds(objs)
        self.assertEqual(sorted(k), ['ConfigMap', 'Deployment', 'Service', 'ServiceAccount'])
        c = self.pod(objs)['spec']['containers'][0]
        self.assertEqual(c['livenessProbe']['httpGet'], {'path': '/healthz', 'port': 'metrics'})
        self.assertEqual(c['readinessProbe']['httpGet'], {'path': '/readyz', 'port': 'metrics'})
        self.assertEqual(c['ports'], [{'name': 'metrics', 'containerPort': 7979}])
        self.assertEqual(c['args'][:2], ['--metrics-address', ':7979'])
        self.assertEqual(k['Service']['spec']['ports'][0]['port'], 7979)
        self.assertEqual(k['Deployment']['spec']['replicas'], 1)

    def test_every_knob_reaches_the_objects_and_validates(self):
        objs = self.render(os.path.join(HELM, 'every-knob.yaml'))
        self.assert_valid(objs)
        k = self.kinds(objs)
        self.assertEqual(sorted(k), ['ConfigMap', 'Deployment', 'PersistentVolumeClaim', 'Service',
                                     'ServiceAccount', 'ServiceMonitor'])
        pod = self.pod(objs)['spec']
        c = pod['containers'][0]
        self.assertEqual(c['image'], 'registry.example.com/latticedns:9.9.9')
        self.assertEqual(c['imagePullPolicy'], 'Always')
        self.assertEqual(pod['imagePullSecrets'], [{'name': 'regcred'}])
        self.assertEqual(pod['serviceAccountName'], 'dns-controller')
        self.assertEqual(pod['securityContext']['runAsUser'], 10001)
        self.assertEqual(c['securityContext']['runAsGroup'], 10001)
        self.assertEqual(pod['nodeSelector'], {'kubernetes.io/os': 'linux'})
        self.assertEqual(pod['tolerations'][0]['key'], 'dedicated')
        self.assertIn('nodeAffinity', pod['affinity'])
        self.assertEqual(c['env'], [{'name': 'AWS_REGION', 'value': 'eu-west-1'}])
        self.assertEqual(c['args'][-2:], ['--log-level', 'debug'])
        self.assertEqual(c['args'][:2], ['--metrics-address', ':9797'])
        self.assertEqual(c['resources']['limits'], {'cpu': '1', 'memory': '512Mi'})
        self.assertEqual(c['ports'][0]['containerPort'], 9797)
        self.assertEqual(k['ServiceAccount']['metadata']['annotations'],
                         {'team': 'platform', 'eks.amazonaws.com/role-arn':
                          'arn:aws:iam::999999999999:role/latticedns-controller'})
        sm = k['ServiceMonitor']
        self.assertEqual(sm['metadata']['labels'], {'release': 'kube-prometheus'})
        self.assertEqual(sm['spec']['endpoints'], [{'port': 'metrics', 'path': '/metrics', 'interval': '15s'}])
        self.assertEqual(k['PersistentVolumeClaim']['spec']['resources']['requests']['storage'], '2Gi')
        self.assertEqual(pod['volumes'][1]['persistentVolumeClaim']['claimName'], 'rel-state')
        self.assert_config_checks(objs)

    def test_a_config_change_rolls_the_pod(self):
        a = self.pod(self.render(mode='controller'))['metadata']['annotations']['checksum/config']
        b = self.pod(self.render(os.path.join(HELM, 'every-knob.yaml')))['metadata']['annotations']['checksum/config']
        self.assertRegex(a, r'^[0-9a-f]{64}$')
        self.assertNotEqual(a, b)

    def test_an_external_service_account_is_not_created(self):
        objs = self.render(serviceAccount={'create': False, 'name': 'existing'})
        self.assertNotIn('ServiceAccount', self.kinds(objs))
        self.assertEqual(self.pod(objs)['spec']['serviceAccountName'], 'existing')

    def test_an_unknown_mode_fails_the_render_with_the_choices(self):
        p = self.render(mode='daemonset', expect_ok=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('mode "daemonset": use cronjob (one cycle per schedule) or controller (long-running)', p.stderr)

    def test_the_example_manifests_validate_and_probe_the_endpoints(self):
        objs = []
        for name in sorted(os.listdir(os.path.join(ROOT, 'examples', 'kubernetes'))):
            with open(os.path.join(ROOT, 'examples', 'kubernetes', name)) as f:
                objs += [d for d in yaml.safe_load_all(f) if d]
        self.assert_valid(objs)
        self.assertEqual(sorted(o['kind'] for o in objs), ['ConfigMap', 'CronJob', 'Deployment', 'Namespace',
                                                            'PersistentVolumeClaim', 'ServiceAccount'])
        dep = self.kinds(objs)['Deployment']['spec']['template']['spec']['containers'][0]
        self.assertEqual(dep['livenessProbe']['httpGet'], {'path': '/healthz', 'port': 'metrics'})
        self.assertEqual(dep['readinessProbe']['httpGet'], {'path': '/readyz', 'port': 'metrics'})

    def test_the_validator_rejects_a_bad_object(self):
        if not self.schemas:
            self.skipTest('Kubernetes schema validation needs Node.js >= %d' % NODE_MAJOR)
        objs = self.render(mode='controller')
        self.pod(objs)['spec']['containers'][0]['ports'][0]['containerPort'] = 'seventy-nine'
        objs.append({'apiVersion': 'example.com/v1', 'kind': 'Gadget', 'metadata': {'name': 'g'}})
        p = subprocess.run(['node', os.path.join(WORK, 'npm', 'validate.mjs')], input=json.dumps(objs),
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 1)
        self.assertIn('containerPort must be integer', p.stdout)
        self.assertIn('Gadget g: no schema for example.com/v1 Gadget', p.stdout)


if __name__ == '__main__':
    unittest.main()
