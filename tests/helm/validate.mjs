// validate.mjs - validates Kubernetes objects (a JSON array on stdin) against the Kubernetes
// OpenAPI schemas compiled into kubernetes-models; prints one line per problem, exits 1 on any.
// A kind it has no model for is a problem too: an object nobody checked must not pass.
const models = {
  "v1": "kubernetes-models/v1/",
  "apps/v1": "kubernetes-models/apps/v1/",
  "batch/v1": "kubernetes-models/batch/v1/",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/",
};
let input = "";
for await (const chunk of process.stdin) input += chunk;
let bad = 0;
for (const obj of JSON.parse(input)) {
  const where = `${obj.kind} ${obj.metadata?.name}`;
  const base = models[obj.apiVersion];
  let Model;
  try {
    Model = base && (await import(base + obj.kind))[obj.kind];
  } catch (e) {
    Model = undefined;
  }
  if (!Model) {
    console.log(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
    bad++;
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    console.log(`${where}: ${e.message}`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
