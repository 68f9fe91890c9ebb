// `kubette podsecurity check`, the Pod Security migration report, run as users run it: the real CLI
// on manifest files (offline) and against a real `kubette up` (cluster mode, per namespace).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, freePort, kubetteBin, useCluster } from './helpers/cluster.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI with a private HOME and no KUBECONFIG (unless given), so nothing on this machine leaks in. */
function kubette(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOME: home, ...opts.env };
  if (!opts.env?.['KUBECONFIG']) delete env['KUBECONFIG'];
  const proc = spawn(process.execPath, [kubetteBin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  proc.stdin.end(opts.stdin ?? '');
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}
const check = (args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) => kubette(['podsecurity', 'check', ...args], opts);

const restrictedContainer = (name: string, extra: object = {}) => ({
  name,
  image: 'registry.example/app:1',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...extra },
});
const restrictedPodSecurity = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

let root: string; // holds manifests/ (read with -f), broken/ and scratch files
let dir: string;
let home: string;
const file = (name: string) => join(dir, name);

before(() => {
  root = mkdtempSync(join(tmpdir(), 'kubette-psr-'));
  dir = join(root, 'manifests');
  mkdirSync(dir);
  home = mkdtempSync(join(tmpdir(), 'kubette-psr-home-'));
  writeFileSync(
    file('good-pod.yaml'),
    `apiVersion: v1
kind: Pod
metadata:
  name: good
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: app
    image: registry.example/app:1
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: ["ALL"]
`,
  );
  writeFileSync(
    file('web-deploy.yaml'),
    `# a privileged Deployment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: sidecar
        image: envoy
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      - name: app
        image: nginx
        securityContext:
          privileged: true
`,
  );
  // Restricted in every way but runAsUser=0, which the restricted level forbids from v1.23 on.
  writeFileSync(
    file('cronjob.yml'),
    `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          securityContext:
            runAsNonRoot: true
            seccompProfile: {type: RuntimeDefault}
          containers:
          - name: backup
            image: backup:1
            securityContext:
              runAsUser: 0
              allowPrivilegeEscalation: false
              capabilities: {drop: ["ALL"]}
`,
  );
  writeFileSync(
    file('multi.yaml'),
    `apiVersion: v1
kind: Service
metadata: {name: svc}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: hostnet}
spec:
  hostNetwork: true
  containers:
  - name: c
    image: busybox
---
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: m
        image: migrate:1
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`,
  );
  writeFileSync(
    file('list.json'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } },
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'agent' },
          spec: {
            selector: { matchLabels: { app: 'agent' } },
            template: {
              metadata: { labels: { app: 'agent' } },
              spec: {
                securityContext: restrictedPodSecurity,
                containers: [restrictedContainer('agent')],
                volumes: [{ name: 'host', hostPath: { path: '/var/log' } }],
              },
            },
          },
        },
      ],
    }),
  );
  writeFileSync(file('cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: only\ndata:\n  script: |\n    echo hi\n');
  // Not a manifest extension: never read, so its garbage must not matter.
  writeFileSync(file('notes.txt'), 'key: [unclosed\n');
  mkdirSync(file('nested'));
  writeFileSync(file('nested/deep.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\nspec:\n  containers:\n  - name: c\n    image: x\n');
  mkdirSync(join(root, 'broken'));
  writeFileSync(join(root, 'broken', 'bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\nspec: {}\n');
});
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('offline: manifest files', () => {
  it('lists every rejected object per file with its checks and full fix paths, and exits 1', async () => {
    const r = await check(['-f', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const out = r.stdout;
    // Files in name order, *.yaml/*.yml/*.json only, not recursing without -R.
    const headers = out.split('\n').filter((l) => l.startsWith('file '));
    assert.deepEqual(headers, [
      `file ${file('cm.yaml')}: no pod specs; 1 object ignored (not a pod or pod template)`,
      `file ${file('cronjob.yml')}: 1 of 1 pod spec would be rejected by restricted:latest`,
      `file ${file('good-pod.yaml')}: 0 of 1 pod spec would be rejected by restricted:latest`,
      `file ${file('list.json')}: 1 of 1 pod spec would be rejected by restricted:latest; 1 object ignored (not a pod or pod template)`,
      `file ${file('multi.yaml')}: 1 of 2 pod specs would be rejected by restricted:latest; 1 object ignored (not a pod or pod template)`,
      `file ${file('web-deploy.yaml')}: 1 of 1 pod spec would be rejected by restricted:latest`,
    ]);
    assert.doesNotMatch(out, /deep|notes|Pod\/good|Job\/migrate|ConfigMap|Service/);

    // The Deployment: each failing check on its own line, upstream's wording, fixes beneath with full paths.
    const web = section(out, '  Deployment/web');
    assert.equal(
      web,
      [
        '  Deployment/web (pod template; namespace shop; document 1)',
        '    - privileged (container "app" must not set securityContext.privileged=true)',
        '        fix spec.template.spec.containers[1].securityContext.privileged: set to false',
        '    - allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
        '        fix spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation: set to false',
        '    - unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
        '        fix spec.template.spec.containers[1].securityContext.capabilities.drop: set to ["ALL"]',
        '    - runAsNonRoot != true (pod or containers "sidecar", "app" must set securityContext.runAsNonRoot=true)',
        '        fix spec.template.spec.securityContext.runAsNonRoot: set to true',
        '    - seccompProfile (pod or containers "sidecar", "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        '        fix spec.template.spec.securityContext.seccompProfile.type: set to "RuntimeDefault"',
      ].join('\n'),
    );
    assert.match(out, /  CronJob\/nightly \(pod template; document 1\)\n    - runAsUser=0 \(container "backup" must not set runAsUser=0\)\n        fix spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\.securityContext\.runAsUser: set to a non-zero UID\n/);
    assert.match(out, /  DaemonSet\/agent \(pod template; document 1, items\[1\]\)\n    - restricted volume types \(volume "host" uses restricted volume type "hostPath"\)\n/);
    assert.match(out, /        fix spec\.template\.spec\.volumes\[0\]\.hostPath: /);
    assert.match(out, /  Pod\/hostnet \(document 2\)\n    - host namespaces \(hostNetwork=true\)\n        fix spec\.hostNetwork: set to false\n/);
    assert.match(out, /\ntotal: 4 of 6 pod specs would be rejected by restricted:latest \(in 4 of 6 files\); 3 objects ignored \(not a pod or pod template\)\n$/);
  });

  it('-R reads directories recursively', async () => {
    const r = await check(['-f', dir, '-R']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`file ${escape(file('nested/deep.yaml'))}: 1 of 1 pod spec would be rejected`));
    assert.match(r.stdout, /  Pod\/deep \(document 1\)\n/);
    assert.match(r.stdout, /\ntotal: 5 of 7 pod specs/);
  });

  it('exits 0 when nothing would be rejected', async () => {
    const r = await check(['-f', file('good-pod.yaml'), '-f', file('cm.yaml')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(
      r.stdout,
      `file ${file('good-pod.yaml')}: 0 of 1 pod spec would be rejected by restricted:latest\n\n` +
        `file ${file('cm.yaml')}: no pod specs; 1 object ignored (not a pod or pod template)\n\n` +
        'total: 0 of 1 pod spec would be rejected by restricted:latest (in 0 of 2 files); 1 object ignored (not a pod or pod template)\n',
    );
  });

  it('-o json is a stable document of the rejected objects, with totals and a summary per file', async () => {
    const r = await check(['-f', file('web-deploy.yaml'), '-f', file('multi.yaml'), '-f', file('list.json'), '-o', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.kind, 'PodSecurityReport');
    assert.equal(doc.level, 'restricted:latest');
    assert.deepEqual(doc.totals, { podSpecs: 4, rejected: 3, ownedNotShown: 0, otherObjects: 2 });
    assert.deepEqual(doc.groups, [
      { file: file('web-deploy.yaml'), podSpecs: 1, rejected: 1, ownedNotShown: 0, otherObjects: 0 },
      { file: file('multi.yaml'), podSpecs: 2, rejected: 1, ownedNotShown: 0, otherObjects: 1 },
      { file: file('list.json'), podSpecs: 1, rejected: 1, ownedNotShown: 0, otherObjects: 1 },
    ]);
    assert.deepEqual(
      doc.items.map((i: any) => [i.file, i.kind, i.name, i.level, i.document, i.item]),
      [
        [file('web-deploy.yaml'), 'Deployment', 'web', 'restricted:latest', 1, undefined],
        [file('multi.yaml'), 'Pod', 'hostnet', 'restricted:latest', 2, undefined],
        [file('list.json'), 'DaemonSet', 'agent', 'restricted:latest', 1, 1],
      ],
    );
    const web = doc.items[0];
    assert.deepEqual(Object.keys(web), ['file', 'namespace', 'document', 'apiVersion', 'kind', 'name', 'level', 'templatePath', 'violations']);
    assert.equal(web.namespace, 'shop');
    assert.equal(web.templatePath, 'spec.template');
    assert.deepEqual(
      web.violations.map((v: any) => v.check),
      ['privileged', 'allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted'],
    );
    assert.deepEqual(web.violations[0], {
      check: 'privileged',
      reason: 'privileged',
      detail: 'container "app" must not set securityContext.privileged=true',
      fixes: [{ field: 'spec.template.spec.containers[1].securityContext.privileged', action: 'set to false' }],
    });
    assert.deepEqual(doc.items[1].violations[0].fixes, [{ field: 'spec.hostNetwork', action: 'set to false' }]);
  });

  it('--level baseline reports only baseline violations', async () => {
    const r = await check(['-f', dir, '--level', 'baseline']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\ntotal: 3 of 6 pod specs would be rejected by baseline:latest \(in 3 of 6 files\)/);
    assert.equal(section(r.stdout, '  Deployment/web'), [
      '  Deployment/web (pod template; namespace shop; document 1)',
      '    - privileged (container "app" must not set securityContext.privileged=true)',
      '        fix spec.template.spec.containers[1].securityContext.privileged: set to false',
    ].join('\n'));
    assert.doesNotMatch(r.stdout, /CronJob\/nightly|allowPrivilegeEscalation|runAsNonRoot/);
    assert.match(r.stdout, /DaemonSet\/agent[^\n]*\n    - hostPath volumes \(volume "host"\)\n/);

    const cron = await check(['-f', file('cronjob.yml'), '--level', 'baseline']);
    assert.equal(cron.code, 0);
    assert.match(cron.stdout, /: 0 of 1 pod spec would be rejected by baseline:latest\n/);
  });

  it('--version picks the policy version: runAsUser=0 is restricted only from v1.23', async () => {
    const v22 = await check(['-f', file('cronjob.yml'), '--version', 'v1.22']);
    assert.equal(v22.code, 0, v22.stdout);
    assert.match(v22.stdout, /0 of 1 pod spec would be rejected by restricted:v1\.22\n/);
    const v23 = await check(['-f', file('cronjob.yml'), '--version', 'v1.23']);
    assert.equal(v23.code, 1, v23.stdout);
    assert.match(v23.stdout, /1 of 1 pod spec would be rejected by restricted:v1\.23\n  CronJob\/nightly[^\n]*\n    - runAsUser=0 /);
  });

  it('reads stdin with -f -', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'piped' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'x' }] } };
    const r = await check(['-f', '-', '--level', 'baseline'], { stdin: `---\n${JSON.stringify(pod)}\n` });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^file <stdin>: 1 of 1 pod spec would be rejected by baseline:latest\n  Pod\/piped \(document 1\)\n    - host namespaces \(hostPID=true\)\n        fix spec\.hostPID: set to false\n/);
  });

  it('counts documents that are no objects, or objects without a kind, as ignored', async () => {
    const r = await check(['-f', '-'], { stdin: 'just a string\n---\n- a\n- b\n---\nmetadata: {name: x}\n---\n# nothing\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'file <stdin>: no pod specs; 3 objects ignored (not a pod or pod template)\n\ntotal: no pod specs (in 1 file); 3 objects ignored (not a pod or pod template)\n');
  });

  it('reads the extensions/v1beta1 kinds of old manifests as apps/v1', async () => {
    const ds = 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: old\nspec:\n  template:\n    spec:\n      hostIPC: true\n      containers:\n      - name: c\n        image: x\n';
    const r = await check(['-f', '-', '--level', 'baseline'], { stdin: ds });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /  DaemonSet\/old \(pod template; document 1\)\n    - host namespaces \(hostIPC=true\)\n        fix spec\.template\.spec\.hostIPC: set to false\n/);
  });

  it('reads a PodList as `kubectl get pods -o json` prints it (items without kind)', async () => {
    const list = { apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'from-api' }, spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] } }] };
    const r = await check(['-f', '-', '--level', 'baseline', '-o', 'json'], { stdin: JSON.stringify(list) });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.items.map((i: any) => [i.apiVersion, i.kind, i.name, i.item]), [['v1', 'Pod', 'from-api', 0]]);
  });

  it('errors name the problem on stderr and exit 1, with nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['--level', 'x', '-f', dir], /^error: invalid --level "x": must be one of privileged, baseline, restricted\n$/],
      [['--version', '1.22', '-f', dir], /^error: invalid --version "1\.22": must be "latest" or "v1\.x"\n$/],
      [['-o', 'yaml', '-f', dir], /^error: invalid --output "yaml": must be text or json\n$/],
      [['--bogus'], /^error: Unknown option '--bogus'/],
      [['-n', 'x', '-f', dir], /^error: --namespace and --all-namespaces check a cluster; they cannot be used with -f\n$/],
      [['-n', 'x', '-A'], /^error: --namespace and --all-namespaces cannot be used together\n$/],
      [['-n', ''], /^error: --namespace must not be empty \(use -A for every namespace\)\n$/],
      [['-R'], /^error: --recursive applies to -f only\n$/],
      [['--chunk-size=-1'], /^error: invalid --chunk-size "-1": must be 0 or a positive integer\n$/],
      [['web.yaml'], /^error: Unexpected argument 'web\.yaml'/],
      [['-f', file('missing.yaml')], new RegExp(`^error: ${escape(file('missing.yaml'))}: no such file or directory\\n$`)],
      [['-f', join(root, 'broken')], new RegExp(`^error: ${escape(join(root, 'broken', 'bad.yaml'))}: invalid YAML: .* at line 5, column 1\\n$`)],
      [['--kubeconfig', file('no-kubeconfig')], /^error: kubeconfig .*no-kubeconfig not found/],
      [[], /^error: kubeconfig .*\.kube\/config not found/],
    ];
    for (const [args, stderr] of cases) {
      const r = await check(args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, stderr, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  it('--help documents the flags and the exit codes; kubette lists the command', async () => {
    const r = await check(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--level string/);
    assert.match(r.stdout, /0 {3}nothing would be rejected\n {2}1 {3}something would be rejected, or an error/);
    const top = await kubette(['--help']);
    assert.match(top.stdout, /\n {2}kubette podsecurity check .*report what a Pod Security level would reject\n/);
    const group = await kubette(['podsecurity']);
    assert.equal(group.code, 0);
    assert.match(group.stdout, /kubette podsecurity check \[flags\]/);
    const unknown = await kubette(['podsecurity', 'audit']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'error: unknown command "audit" for "kubette podsecurity" (known: check)\n');
  });
});

describe('cluster mode', () => {
  const cluster = useCluster({ args: apiOnly });
  const uids: Record<string, string> = {};

  async function create(path: string, body: any): Promise<void> {
    const r = await api(cluster().url, 'POST', path, body);
    assert.equal(r.status, 201, `POST ${path}: ${r.text}`);
    uids[`${body.kind}/${body.metadata.name}`] = r.body.metadata.uid;
  }
  const owner = (kind: string, name: string, apiVersion = 'apps/v1') => [{ apiVersion, kind, name, uid: uids[`${kind}/${name}`], controller: true }];
  const podSpec = (securityContext: object, extra: object = {}) => ({ containers: [{ name: 'app', image: 'nginx', securityContext }], ...extra });
  const template = (app: string, spec: object) => ({ metadata: { labels: { app } }, spec });
  const compliant = { securityContext: restrictedPodSecurity, containers: [restrictedContainer('app')] };

  before(async () => {
    for (const ns of ['team-a', 'team-b', 'team-c']) await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    // team-a: a privileged Deployment with its ReplicaSet and pod (built by hand: no Deployment controller yet),
    // a compliant Deployment whose old ReplicaSet is not, and a standalone debug pod.
    const a = '/apis/apps/v1/namespaces/team-a';
    const privileged = podSpec({ privileged: true });
    await create(`${a}/deployments`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template('web', privileged) } });
    await create(`${a}/replicasets`, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5d9f', ownerReferences: owner('Deployment', 'web') },
      spec: { selector: { matchLabels: { app: 'web' } }, template: template('web', privileged) },
    });
    await create('/api/v1/namespaces/team-a/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-5d9f-x1', labels: { app: 'web' }, ownerReferences: owner('ReplicaSet', 'web-5d9f') }, spec: privileged });
    await create(`${a}/deployments`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { selector: { matchLabels: { app: 'api' } }, template: template('api', compliant) } });
    await create(`${a}/replicasets`, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'api-old', ownerReferences: owner('Deployment', 'api') },
      spec: { replicas: 0, selector: { matchLabels: { app: 'api' } }, template: template('api', podSpec({ runAsUser: 0 })) },
    });
    await create('/api/v1/namespaces/team-a/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: podSpec({}, { hostNetwork: true }) });
    // Owned by the Deployment, but not as its controller: listed in its own right.
    const notController = [{ ...owner('Deployment', 'web')[0]!, controller: false }];
    await create('/api/v1/namespaces/team-a/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'helper', ownerReferences: notController }, spec: privileged });
    // team-b: a CronJob running as root, and a compliant pod.
    await create('/apis/batch/v1/namespaces/team-b/cronjobs', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { ...compliant, restartPolicy: 'OnFailure', containers: [restrictedContainer('backup', { runAsUser: 0 })] } } } } },
    });
    await create('/api/v1/namespaces/team-b/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fine' }, spec: compliant });
    // team-c: only compliant pods.
    await create('/api/v1/namespaces/team-c/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fine' }, spec: compliant });
  });

  it('-n lists a namespace, leaving out what a listed controller owns but counting it', async () => {
    const r = await check(['--kubeconfig', cluster().kubeconfig, '-n', 'team-a', '--level', 'baseline']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        'namespace team-a: 5 of 7 pod specs would be rejected by baseline:latest; 2 of them owned by a listed controller, not shown',
        '  Deployment/web (pod template)',
        '    - privileged (container "app" must not set securityContext.privileged=true)',
        '        fix spec.template.spec.containers[0].securityContext.privileged: set to false',
        '  Pod/debug',
        '    - host namespaces (hostNetwork=true)',
        '        fix spec.hostNetwork: set to false',
        '  Pod/helper',
        '    - privileged (container "app" must not set securityContext.privileged=true)',
        '        fix spec.containers[0].securityContext.privileged: set to false',
        '',
        'total: 5 of 7 pod specs would be rejected by baseline:latest (in 1 of 1 namespace); 2 of them owned by a listed controller, not shown',
        '',
      ].join('\n'),
    );
  });

  it('an owned object is listed when its controller passes (an old ReplicaSet of a fixed Deployment)', async () => {
    const r = await check(['--kubeconfig', cluster().kubeconfig, '-n', 'team-a', '-o', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.items.map((i: any) => `${i.namespace} ${i.kind}/${i.name}`),
      ['team-a Deployment/web', 'team-a ReplicaSet/api-old', 'team-a Pod/debug', 'team-a Pod/helper'],
    );
    assert.deepEqual(doc.groups, [{ namespace: 'team-a', podSpecs: 7, rejected: 6, ownedNotShown: 2, otherObjects: 0 }]);
    const old = doc.items[1];
    assert.equal(old.apiVersion, 'apps/v1');
    assert.ok(old.violations.some((v: any) => v.check === 'runAsUser' && v.fixes[0].field === 'spec.template.spec.containers[0].securityContext.runAsUser'));
  });

  it('-A reports every namespace, each under its own header, the same in pages of 2 as in one list', async () => {
    const r = await check(['--kubeconfig', cluster().kubeconfig, '-A']);
    assert.equal(r.code, 1, r.stderr);
    const paged = await check(['--kubeconfig', cluster().kubeconfig, '-A', '--chunk-size', '2']);
    assert.equal(paged.stdout, r.stdout);
    const unpaged = await check(['--kubeconfig', cluster().kubeconfig, '-A', '--chunk-size', '0']);
    assert.equal(unpaged.stdout, r.stdout);
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('namespace '));
    assert.deepEqual(headers, [
      'namespace team-a: 6 of 7 pod specs would be rejected by restricted:latest; 2 of them owned by a listed controller, not shown',
      'namespace team-b: 1 of 2 pod specs would be rejected by restricted:latest',
      'namespace team-c: 0 of 1 pod spec would be rejected by restricted:latest',
    ]);
    assert.match(
      r.stdout,
      /namespace team-b: [^\n]*\n  CronJob\/nightly \(pod template\)\n    - runAsUser=0 \(container "backup" must not set runAsUser=0\)\n        fix spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\.securityContext\.runAsUser: set to a non-zero UID\n\n/,
    );
    assert.match(r.stdout, /\ntotal: 7 of 10 pod specs would be rejected by restricted:latest \(in 2 of 3 namespaces\); 2 of them owned by a listed controller, not shown\n$/);
  });

  it('without -n uses the context namespace of $KUBECONFIG; a clean namespace exits 0', async () => {
    const r = await check([], { env: { KUBECONFIG: cluster().kubeconfig } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'namespace default: no pod specs\n\ntotal: no pod specs (in 1 namespace)\n');
    const c = await check(['--kubeconfig', cluster().kubeconfig, '-n', 'team-c']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /^namespace team-c: 0 of 1 pod spec would be rejected by restricted:latest\n/);
  });

  it('an unreachable server is an error', async () => {
    const port = await freePort();
    const kubeconfig = join(root, 'dead-kubeconfig');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster: {server: "http://127.0.0.1:${port}"}\ncontexts:\n- name: k\n  context: {cluster: k, user: k}\ncurrent-context: k\nusers:\n- name: k\n  user: {}\n`);
    const r = await check(['--kubeconfig', kubeconfig, '-n', 'x']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^error: listing \\w+ in namespace x at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    const ctx = await check(['--kubeconfig', kubeconfig, '--context', 'nope']);
    assert.equal(ctx.code, 1);
    assert.match(ctx.stderr, /^error: kubeconfig .*: context "nope" not found\n$/);
  });
});

/** The lines of the object starting with `head` (up to the next object, blank line or header). */
function section(out: string, head: string): string {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => l.startsWith(head));
  assert.ok(i >= 0, `${head} not in:\n${out}`);
  let j = i + 1;
  while (j < lines.length && lines[j]!.startsWith('    ')) j++;
  return lines.slice(i, j).join('\n');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
