"""The latticedns demo: awsim plays AWS; latticedns plans, applies and converges.

Run by `make demo`. Every step prints what it does and what came out; the
script stops with a non-zero exit at the first step that does not behave as
described, so the demo doubles as a smoke test.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'awsim'))
import client as awsim_client  # noqa: E402
import launch  # noqa: E402

SCENARIO = os.path.join(ROOT, 'examples', 'demo', 'scenario.json')
CONFIG = os.path.join(ROOT, 'examples', 'demo', 'latticedns.yaml')


def say(text):
    print('\n==> ' + text, flush=True)


def run(binary, config, env, *args):
    cmd = [binary, '-c', config] + list(args)
    print('$ latticedns %s' % ' '.join(['-c', 'latticedns.yaml'] + list(args)), flush=True)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    sys.stdout.write(p.stdout)
    for line in p.stderr.splitlines():
        print('  [log] ' + line)
    print('(exit %d)' % p.returncode, flush=True)
    return p


def expect(p, code, text=None):
    if p.returncode != code or (text is not None and text not in p.stdout):
        sys.exit('demo: expected exit %d%s, got exit %d' %
                 (code, ' and "%s"' % text if text else '', p.returncode))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default=os.path.join(ROOT, 'latticedns'))
    ap.add_argument('--keep', action='store_true', help='keep the temp directory')
    a = ap.parse_args()
    with open(SCENARIO) as f:
        scen = json.load(f)
    tmp = tempfile.mkdtemp(prefix='latticedns-demo-')
    try:
        sim = launch.Process(tmp, SCENARIO)
    except RuntimeError as e:
        sys.exit('demo: %s' % e)
    try:
        demo(a, scen, tmp, sim.url)
    finally:
        sim.stop()
        if not a.keep:
            shutil.rmtree(tmp, True)


def active(scen):
    return [s for s in scen['services']
            if s.get('tags', {}).get('NewService') == 'true' and s.get('customDomainName')]


def demo(a, scen, tmp, url):
    p = scen['principal']
    config = os.path.join(tmp, 'latticedns.yaml')
    with open(CONFIG) as f:
        text = f.read().replace('/var/lib/latticedns/state.db', os.path.join(tmp, 'state.db'))
    with open(config, 'w') as f:
        f.write(text)
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'HOME': tmp,
           'AWS_ENDPOINT_URL': url, 'AWS_ACCESS_KEY_ID': p['access_key_id'],
           'AWS_SECRET_ACCESS_KEY': p['secret_access_key'], 'AWS_REGION': 'us-east-1',
           'AWS_EC2_METADATA_DISABLED': 'true',
           'AWS_CONFIG_FILE': os.path.join(tmp, 'none'),
           'AWS_SHARED_CREDENTIALS_FILE': os.path.join(tmp, 'none')}
    admin = awsim_client.Client(url, p['access_key_id'], p['secret_access_key'])
    zone = scen['zones'][0]
    svcs = scen['services']
    accounts = sorted({s['account'] for s in svcs})
    say('awsim (the bundled AWS emulator) is serving at %s: %d Lattice services in %d accounts, '
        'zone %s (%s). %d of the services opt in with NewService=true and a custom domain.'
        % (url, len(svcs), len(accounts), zone['name'], zone['id'], len(active(scen))))

    say('1. A dry run lists every account and region, compares, and prints the plan. '
        'Nothing is written: exit 2 means "there are changes".')
    expect(run(a.bin, config, env, '--dry-run'), 2)

    say('2. Apply: tags first (they record ownership), then the A/AAAA alias records in as few '
        'Route 53 change batches as the limits allow.')
    admin.admin_reset_calls()
    expect(run(a.bin, config, env, '--once'), 0)
    print('Route 53 writes made: %s' % writes(admin))
    show_resource_configurations(admin, scen)

    say('3. Converged: a second dry run finds nothing to do (exit 0).')
    admin.admin_reset_calls()
    expect(run(a.bin, config, env, '--dry-run'), 0, 'Plan: 0 to create, 0 to update, 0 to delete')
    print('API calls of a converged cycle, by operation:')
    for op, n in sorted(admin.admin_calls()['counts'].items()):
        print('  %-40s %d' % (op, n))

    act = active(scen)
    gone, untag = act[0], act[1]
    say('4. The world changes: the team owning %s deletes its service, and %s is untagged '
        '(NewService removed) - through the Lattice API, with the spoke accounts\' own keys.'
        % (gone['customDomainName'], untag['customDomainName']))
    spoke_client(url, scen, gone).lattice_delete_service(gone['id'])
    spoke_client(url, scen, untag).lattice_untag(service_arn(untag), ['NewService'])
    expect(run(a.bin, config, env, '--dry-run'), 2)

    say('5. Converge again: the records go first, the ownership tags last.')
    expect(run(a.bin, config, env, '--once'), 0)
    expect(run(a.bin, config, env, '--dry-run'), 0, 'Plan: 0 to create, 0 to update, 0 to delete')

    say('6. The audit trail: who changed %s, when, from what to what (the state database).'
        % gone['customDomainName'])
    expect(run(a.bin, config, env, 'history', '--name', gone['customDomainName']), 0, ' -> (none)')

    st = admin.admin_state()
    z = [x for x in st['zones'] if x['id'] == zone['id']][0]
    say('Done. The zone now holds %d A/AAAA records and %d ownership tags; the demo state '
        'database was %s.' % (len([r for r in z['records'] if r['Type'] in ('A', 'AAAA')]),
                              len([k for k in z['tags'] if ':vpc-lattice:' in k]),
                              os.path.join(tmp, 'state.db')))


def show_resource_configurations(admin, scen):
    """Issue 12: a resource configuration's custom domain points at its service-network association."""
    st = admin.admin_state()
    recs = {(r['Name'], r['Type']): r for z in st['zones'] for r in z['records']}
    for r in st.get('resource_configurations', []):
        name = r['customDomainName'].rstrip('.') + '.'
        a = recs.get((name, 'A'))
        if r['tags'].get('NewService') != 'true':
            continue
        managed = r.get('domainVerificationStatus') == 'VERIFIED' and any(
            x.get('privateDnsEnabled') for x in r['associations'])
        if managed:
            say('Resource configuration %s (%s): no record - its domain is verified and private DNS is on, '
                'so Lattice answers for it in consumer VPCs itself.' % (r['name'], name))
            if a is not None:
                sys.exit('demo: %s got a record though Lattice manages its DNS' % name)
            continue
        if a is None or a['AliasTarget']['DNSName'] != r['associations'][0]['dnsEntry']['domainName'] + '.':
            sys.exit('demo: resource configuration %s has no alias to its association at %s' % (r['name'], name))
        say('Resource configuration %s (a resource reached through the service network) got its record: '
            '%s A/AAAA -> alias %s' % (r['name'], name, a['AliasTarget']['DNSName']))


def writes(admin):
    c = admin.admin_calls()['counts']
    return 'ChangeResourceRecordSets %d, ChangeTagsForResource %d' % (
        c.get('route53:ChangeResourceRecordSets', 0), c.get('route53:ChangeTagsForResource', 0))


def service_arn(s):
    return s.get('arn') or 'arn:aws:vpc-lattice:%s:%s:service/%s' % (s['region'], s['account'], s['id'])


def spoke_client(url, scen, s):
    u = scen['accounts'][s['account']]['users'][0]
    return awsim_client.Client(url, u['access_key_id'], u['secret_access_key'], region=s['region'])


if __name__ == '__main__':
    main()
