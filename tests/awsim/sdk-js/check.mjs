// check.mjs - the official AWS SDK for JavaScript v3 against awsim: each case provokes one error
// and prints what the SDK made of it, one JSON line per case. test_sdk_js.py judges the lines.
//   AWSIM_URL, AWSIM_AKID, AWSIM_SECRET (the principal), AWSIM_SPOKE (an account with role "reader")
import { Route53Client, ChangeResourceRecordSetsCommand, GetHostedZoneCommand, GetChangeCommand,
  ListResourceRecordSetsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-route-53';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { VPCLatticeClient, ListServicesCommand, GetServiceCommand } from '@aws-sdk/client-vpc-lattice';
import { ResourceGroupsTaggingAPIClient, GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
// How the SDK's own retry strategy tells a throttle (the clients' dependency, not a pin of ours).
import { isThrottlingError } from '@smithy/core/retry';

const url = process.env.AWSIM_URL;
const principal = { accessKeyId: process.env.AWSIM_AKID, secretAccessKey: process.env.AWSIM_SECRET };
const spoke = process.env.AWSIM_SPOKE;
const zone = process.env.AWSIM_ZONE;
// One attempt: the answer the SDK parsed, not what its retries made of it.
const base = (credentials, region = 'us-east-1') => ({ endpoint: url, region, credentials, maxAttempts: 1 });

async function fault(rule) {
  const r = await fetch(url + '/_awsim/faults', { method: 'POST', body: JSON.stringify(rule) });
  if (!r.ok) throw new Error('awsim admin: ' + r.status);
}

async function clearFaults() {
  await fetch(url + '/_awsim/faults', { method: 'DELETE' });
}

async function run(name, fn) {
  try {
    await fn();
    console.log(JSON.stringify({ case: name, ok: true }));
  } catch (e) {
    console.log(JSON.stringify({
      case: name, name: e.name, status: e.$metadata?.httpStatusCode, fault: e.$fault, message: e.message,
      throttling: isThrottlingError(e), retryAfterSeconds: e.retryAfterSeconds,
      fieldList: e.fieldList, requestId: e.$metadata?.requestId, messages: e.messages,
    }));
  }
}

const r53 = new Route53Client(base(principal));
const batch = (action, name) => new ChangeResourceRecordSetsCommand({
  HostedZoneId: zone,
  ChangeBatch: { Changes: [{ Action: action, ResourceRecordSet: {
    Name: name, Type: 'A', TTL: 300, ResourceRecords: [{ Value: '10.9.9.9' }] } }] },
});

await run('route53 InvalidChangeBatch', () => r53.send(batch('CREATE', 'taken.corp.internal')));
await run('route53 InvalidChangeBatch (two messages)', () => r53.send(new ChangeResourceRecordSetsCommand({
  HostedZoneId: zone, ChangeBatch: { Changes: [
    { Action: 'CREATE', ResourceRecordSet: { Name: 'taken.corp.internal', Type: 'A', TTL: 300,
      ResourceRecords: [{ Value: '10.9.9.9' }] } },
    { Action: 'DELETE', ResourceRecordSet: { Name: 'gone.corp.internal', Type: 'A', TTL: 300,
      ResourceRecords: [{ Value: '10.9.9.8' }] } }] } })));
await run('route53 NoSuchHostedZone', () => r53.send(new GetHostedZoneCommand({ Id: 'ZNOSUCHZONE0000000000' })));
await run('route53 InvalidInput', () => r53.send(new ListResourceRecordSetsCommand({
  HostedZoneId: zone, StartRecordType: 'A' })));
await run('route53 NoSuchChange', () => r53.send(new GetChangeCommand({ Id: 'CNOSUCHCHANGE' })));
// The scenario gives ListTagsForResource a bucket of one token, refilled once an hour.
const tags = new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone });
await r53.send(tags);
await run('route53 Throttling', () => r53.send(tags));

const sts = new STSClient(base(principal));
await run('sts AccessDenied', () => sts.send(new AssumeRoleCommand({
  RoleArn: `arn:aws:iam::${spoke}:role/nobody`, RoleSessionName: 'sdk' })));
const got = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${spoke}:role/reader`,
  RoleSessionName: 'sdk' }));
const role = { accessKeyId: got.Credentials.AccessKeyId, secretAccessKey: got.Credentials.SecretAccessKey,
  sessionToken: got.Credentials.SessionToken };

const lattice = new VPCLatticeClient(base(role));
await run('vpc-lattice ValidationException', () => lattice.send(new ListServicesCommand({ maxResults: 101 })));
await run('vpc-lattice AccessDeniedException', () => lattice.send(new GetServiceCommand({
  serviceIdentifier: 'arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123456789abcdef0' })));
await run('vpc-lattice ResourceNotFoundException', () => lattice.send(new GetServiceCommand({
  serviceIdentifier: 'svc-0123456789abcdef0' })));
// Some client versions retry a throttle whatever maxAttempts says: the rule outlasts their retries.
await fault({ service: 'vpc-lattice', operation: 'ListServices', count: 10, error: 'ThrottlingException', status: 429 });
await run('vpc-lattice ThrottlingException', () => lattice.send(new ListServicesCommand({})));
await clearFaults();

const tagging = new ResourceGroupsTaggingAPIClient(base(role));
await run('tagging InvalidParameterException', () => tagging.send(new GetResourcesCommand({ ResourcesPerPage: 0 })));
await fault({ service: 'tagging', operation: 'GetResources', count: 10, error: 'ThrottledException', status: 400 });
await run('tagging ThrottledException', () => tagging.send(new GetResourcesCommand({})));
await clearFaults();

// Expire the role's credentials (the call that matches the rule still succeeds), then use them.
await fault({ service: 'vpc-lattice', operation: 'ListServices', count: 1, expire_credentials: true, account: spoke });
await lattice.send(new ListServicesCommand({}));
await run('route53 ExpiredToken', () => new Route53Client(base(role)).send(new GetHostedZoneCommand({ Id: zone })));
await run('vpc-lattice ExpiredTokenException', () => lattice.send(new ListServicesCommand({})));
