// PodSecurity with the real kubectl 1.25.0 and 1.33 against `kubette up` (started with an
// AdmissionConfiguration file): what users see when enforce rejects, when warn warns, when they
// label a namespace over existing pods, when the configuration exempts them, and `get psp`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { useCluster } from './helpers/cluster.js';
import { poll } from './helpers/wait.js';
import { client, kubectlClients } from './helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'kubette-psa-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const configFile = join(dir, 'admission.yaml');
writeFileSync(
  configFile,
  `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  configuration:
    apiVersion: pod-security.admission.config.k8s.io/v1
    kind: PodSecurityConfiguration
    defaults: {enforce: privileged, warn: baseline}
    exemptions:
      usernames: [system:serviceaccount:ci:deployer]
      namespaces: [kube-system]
`,
);
const cluster = useCluster({ args: ['--admission-control-config-file', configFile] });

const nginx = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
`;
const hostPod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  hostNetwork: true
  containers:
  - name: app
    image: busybox
    securityContext: {privileged: true}
`;

const RESTRICTED_NGINX =
  'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), ' +
  'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), ' +
  'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), ' +
  'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

for (const [label, bin] of kubectlClients) {
  describe(`PodSecurity with ${label}`, () => {
    const ns = (suffix: string) => `psa-${label.replace(/\D/g, '')}-${suffix}`;
    let k: ReturnType<typeof client>;
    const kubectl = (args: string[], input?: string) => {
      k ??= client(bin(), cluster().kubeconfig);
      return k.run(args, input);
    };
    after(() => k?.cleanup());

    it('enforce rejects with the upstream message shape and a non-zero exit', async () => {
      const n = ns('enforce');
      assert.equal((await kubectl(['create', 'namespace', n])).code, 0);
      assert.equal((await kubectl(['label', 'namespace', n, 'pod-security.kubernetes.io/enforce=restricted'])).code, 0);
      const r = await kubectl(['apply', '-n', n, '-f', '-'], nginx('nginx'));
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr.trim(), `Error from server (Forbidden): error when creating "STDIN": pods "nginx" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_NGINX}`);
      const get = await kubectl(['get', 'pod', 'nginx', '-n', n]);
      assert.equal(get.code, 1);
      assert.match(get.stderr, /pods "nginx" not found/);
    });

    it('warn prints "Warning: would violate PodSecurity" and creates the pod', async () => {
      const n = ns('warn');
      assert.equal((await kubectl(['create', 'namespace', n])).code, 0);
      assert.equal((await kubectl(['label', 'namespace', n, 'pod-security.kubernetes.io/warn=restricted', 'pod-security.kubernetes.io/warn-version=v1.25'])).code, 0);
      const r = await kubectl(['run', 'web', '-n', n, '--image=nginx:1.25']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'pod/web created');
      assert.equal(r.stderr.trim(), `Warning: would violate PodSecurity "restricted:v1.25": ${RESTRICTED_NGINX.replaceAll('"nginx"', '"web"')}`);
      // Pod templates are warned on, never enforced.
      const d = await kubectl(['create', 'deployment', 'api', '-n', n, '--image=nginx:1.25']);
      assert.equal(d.code, 0, d.stderr);
      assert.equal(d.stdout.trim(), 'deployment.apps/api created');
      assert.match(d.stderr, /^Warning: would violate PodSecurity "restricted:v1\.25": allowPrivilegeEscalation != false \(container "nginx" must set/);
    });

    it('the cluster-wide default warn level from the configuration file applies to unlabelled namespaces', async () => {
      const n = ns('defaults');
      assert.equal((await kubectl(['create', 'namespace', n])).code, 0);
      const r = await kubectl(['apply', '-n', n, '-f', '-'], hostPod('host'));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stderr.trim(),
        'Warning: would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "app" must not set securityContext.privileged=true)',
      );
    });

    it('labelling a namespace over existing pods lists the violating pods; --dry-run=server changes nothing', async () => {
      const n = ns('label');
      assert.equal((await kubectl(['create', 'namespace', n])).code, 0);
      for (const p of ['web-1', 'web-2']) assert.equal((await kubectl(['apply', '-n', n, '-f', '-'], nginx(p))).code, 0);
      assert.equal((await kubectl(['apply', '-n', n, '-f', '-'], hostPod('host'))).code, 0);
      const expected = [
        `Warning: existing pods in namespace "${n}" violate the new PodSecurity enforce level "restricted:latest"`,
        'Warning: host: host namespaces, privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
        'Warning: web-1 (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      ];
      const dry = await kubectl(['label', '--dry-run=server', '--overwrite', 'ns', n, 'pod-security.kubernetes.io/enforce=restricted']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(dry.stderr.trim().split('\n'), expected);
      // kubectl 1.25's label command does not print the dry-run suffix; later ones do.
      assert.equal(dry.stdout.trim(), label.includes('1.25') ? `namespace/${n} labeled` : `namespace/${n} labeled (server dry run)`);
      const unchanged = await kubectl(['get', 'ns', n, '-o', 'jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}']);
      assert.equal(unchanged.stdout, '');
      const real = await kubectl(['label', '--overwrite', 'ns', n, 'pod-security.kubernetes.io/enforce=restricted']);
      assert.equal(real.code, 0, real.stderr);
      assert.deepEqual(real.stderr.trim().split('\n'), expected);
      const set = await kubectl(['get', 'ns', n, '-o', 'jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}']);
      assert.equal(set.stdout, 'restricted');
    });

    it('an invalid level is rejected with an error naming the label', async () => {
      const n = ns('invalid');
      assert.equal((await kubectl(['create', 'namespace', n])).code, 0);
      const r = await kubectl(['label', 'ns', n, 'pod-security.kubernetes.io/enforce=strict']);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr.trim(),
        `The Namespace "${n}" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted`,
      );
    });

    it('honours the exempt usernames and namespaces of the configuration file', async () => {
      const n = ns('exempt');
      assert.equal((await kubectl(['create', 'namespace', n])).code, 0);
      assert.equal((await kubectl(['label', 'ns', n, 'pod-security.kubernetes.io/enforce=baseline'])).code, 0);
      const denied = await kubectl(['apply', '-n', n, '-f', '-'], hostPod('host'));
      assert.equal(denied.code, 1);
      assert.match(denied.stderr, /pods "host" is forbidden: violates PodSecurity "baseline:latest": host namespaces \(hostNetwork=true\)/);
      // The deployer needs RBAC's leave to write pods there at all; exemption only spares it PodSecurity.
      assert.equal((await kubectl(['create', 'rolebinding', 'deployer', '-n', n, '--clusterrole=edit', '--serviceaccount=ci:deployer'])).code, 0);
      await poll('the deployer may create pods', async () => (await kubectl(['auth', 'can-i', 'create', 'pods', '-n', n, '--as=system:serviceaccount:ci:deployer'])).stdout.trim() === 'yes');
      const exempt = await kubectl(['apply', '--as=system:serviceaccount:ci:deployer', '-n', n, '-f', '-'], hostPod('host'));
      assert.equal(exempt.code, 0, exempt.stderr);
      assert.equal(exempt.stdout.trim(), 'pod/host created');
      const system = await kubectl(['label', '--overwrite', 'ns', 'kube-system', 'pod-security.kubernetes.io/enforce=restricted']);
      assert.equal(system.code, 0, system.stderr);
      assert.equal(system.stderr.trim(), 'Warning: namespace "kube-system" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored');
      const sysPod = await kubectl(['apply', '-n', 'kube-system', '-f', '-'], hostPod(`host-${label.replace(/\D/g, '')}`));
      assert.equal(sysPod.code, 0, sysPod.stderr);
      assert.equal(sysPod.stderr, '');
      assert.equal((await kubectl(['label', 'ns', 'kube-system', 'pod-security.kubernetes.io/enforce-'])).code, 0);
    });

    it('PodSecurityPolicy is not served: get psp says the resource type is unknown', async () => {
      const r = await kubectl(['get', 'psp']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'error: the server doesn\'t have a resource type "psp"');
      const long = await kubectl(['get', 'podsecuritypolicies.policy']);
      assert.equal(long.code, 1);
      assert.equal(long.stderr.trim(), 'error: the server doesn\'t have a resource type "podsecuritypolicies"');
    });
  });
}
