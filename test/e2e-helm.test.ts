// The real helm 3.11.1 against the real `kubette up`: install, upgrade, rollback and uninstall of
// a chart with a Deployment, a Service, a ConfigMap, a Secret, a CRD in crds/ and a custom resource
// of it, plus a failing install. helm upgrades built-ins with a three-way strategic merge patch
// (removing an env entry needs the `$patch: delete` directive) and custom resources with a
// three-way JSON merge patch (an SMP on a custom resource would be refused with 415), so each
// upgrade and rollback below goes through both patch paths of the server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { helm311, run, type RunResult } from './helpers/tools.js';

const GROUP = 'helm.kubette.io';

const files: Record<string, string> = {
  'Chart.yaml': `apiVersion: v2
name: demo
description: e2e chart for Kubette
type: application
version: 0.1.0
appVersion: "1.0"
`,
  'values.yaml': `image: nginx:1.23
replicas: 2
env:
  A: "1"
  B: "2"
extraLabels:
  tier: frontend
config:
  mode: fast
  level: "1"
password: hunter2
widget:
  size: 3
  color: red
  tags: [a, b]
`,
  'crds/widgets.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${GROUP}
spec:
  group: ${GROUP}
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              color: {type: string}
              tags: {type: array, items: {type: string}}
`,
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/instance: {{ .Release.Name }}
    {{- with .Values.extraLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: web, release: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: web, release: {{ .Release.Name }}}
    spec:
      containers:
      - name: web
        image: {{ .Values.image }}
        ports: [{containerPort: 80}]
        env:
        {{- range $k, $v := .Values.env }}
        - name: {{ $k }}
          value: {{ $v | quote }}
        {{- end }}
`,
  'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc
spec:
  selector: {app: web, release: {{ .Release.Name }}}
  ports: [{name: http, port: 80, targetPort: 80}]
`,
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
{{- range $k, $v := .Values.config }}
  {{ $k }}: {{ $v | quote }}
{{- end }}
`,
  'templates/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-secret
type: Opaque
stringData:
  password: {{ .Values.password | quote }}
`,
  'templates/widget.yaml': `apiVersion: ${GROUP}/v1
kind: Widget
metadata:
  name: {{ .Release.Name }}-widget
spec:
  {{- toYaml .Values.widget | nindent 2 }}
`,
};

// A second chart whose Deployment kube rejects; its ConfigMap is created first (helm's install order).
const badFiles: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: bad\nversion: 0.1.0\n',
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-ok
data: {a: b}
`,
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-broken
spec:
  replicas: 1
  selector:
    matchLabels: {app: broken}
  template:
    metadata:
      labels: {app: broken}
    spec:
      containers:
      - name: web
        image: ""
`,
};

function writeChart(dir: string, contents: Record<string, string>): string {
  for (const [path, text] of Object.entries(contents)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('helm 3.11.1 against kubette up', { timeout: 60_000 }, () => {
  let cluster: Cluster;
  let tmp: string;
  let chart: string;
  let badChart: string;
  let env: Record<string, string>;

  const helm = async (...args: string[]): Promise<RunResult> => run(helm311(), args, env);
  const helmOk = async (...args: string[]): Promise<string> => {
    const r = await helm(...args);
    assert.equal(r.code, 0, `helm ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const get = async (path: string) => {
    const r = await api(cluster.url, 'GET', path);
    assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
    return r.body;
  };
  const status = async (path: string) => (await api(cluster.url, 'GET', path)).status;
  const ns = '/api/v1/namespaces/default';
  const apps = '/apis/apps/v1/namespaces/default';
  const widgets = `/apis/${GROUP}/v1/namespaces/default/widgets`;

  /** The live state of r1's objects, in the shape the chart's values set. */
  const live = async () => {
    const deploy = await get(`${apps}/deployments/r1-web`);
    const c = deploy.spec.template.spec.containers[0];
    return {
      image: c.image,
      env: [...c.env].sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)),
      replicas: deploy.spec.replicas,
      tier: deploy.metadata.labels.tier,
      config: (await get(`${ns}/configmaps/r1-config`)).data,
      password: (await get(`${ns}/secrets/r1-secret`)).data.password,
      widget: (await get(`${widgets}/r1-widget`)).spec,
    };
  };
  const revision1 = {
    image: 'nginx:1.23',
    env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
    replicas: 2,
    tier: 'frontend',
    config: { level: '1', mode: 'fast' },
    password: b64('hunter2'),
    widget: { size: 3, color: 'red', tags: ['a', 'b'] },
  };
  const releaseSecret = (release: string, v: number) => `${ns}/secrets/sh.helm.release.v1.${release}.v${v}`;

  before(async () => {
    cluster = await startCluster();
    tmp = mkdtempSync(join(tmpdir(), 'kubette-helm-'));
    chart = writeChart(join(tmp, 'chart'), files);
    badChart = writeChart(join(tmp, 'bad'), badFiles);
    const home = join(tmp, 'home');
    mkdirSync(home);
    env = {
      KUBECONFIG: cluster.kubeconfig,
      HOME: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
    };
  });

  after(async () => {
    await cluster?.stop();
    cluster?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('installs the chart: CRD from crds/, objects with helm ownership metadata, release secret v1', async () => {
    const out = await helmOk('install', 'r1', chart, '--wait=false');
    assert.match(out, /^NAME: r1$/m);
    assert.match(out, /^STATUS: deployed$/m);
    assert.match(out, /^REVISION: 1$/m);

    const crd = await get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`);
    assert.equal(crd.spec.names.kind, 'Widget');
    // helm does not label or annotate what it installs from crds/.
    assert.equal(crd.metadata.labels?.['app.kubernetes.io/managed-by'], undefined);

    for (const path of [`${apps}/deployments/r1-web`, `${ns}/services/r1-svc`, `${ns}/configmaps/r1-config`, `${ns}/secrets/r1-secret`, `${widgets}/r1-widget`]) {
      const obj = await get(path);
      assert.equal(obj.metadata.labels['app.kubernetes.io/managed-by'], 'Helm', path);
      assert.equal(obj.metadata.annotations['meta.helm.sh/release-name'], 'r1', path);
      assert.equal(obj.metadata.annotations['meta.helm.sh/release-namespace'], 'default', path);
    }
    assert.deepEqual(await live(), revision1);
    const svc = await get(`${ns}/services/r1-svc`);
    assert.match(svc.spec.clusterIP, /^10\.\d+\.\d+\.\d+$/);

    const rel = await get(releaseSecret('r1', 1));
    assert.equal(rel.type, 'helm.sh/release.v1');
    assert.equal(rel.metadata.labels.owner, 'helm');
    assert.equal(rel.metadata.labels.name, 'r1');
    assert.equal(rel.metadata.labels.status, 'deployed');
    assert.equal(rel.metadata.labels.version, '1');
    assert.ok(rel.data.release.length > 100, 'the release payload is stored');

    const list = await helmOk('list');
    assert.match(list, /^NAME\s+NAMESPACE\s+REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION/m);
    assert.match(list, /^r1\s+default\s+1\s+.+\s+deployed\s+demo-0\.1\.0\s+1\.0/m);
    const listed = JSON.parse(await helmOk('list', '-o', 'json'));
    assert.deepEqual(
      listed.map((r: Record<string, string>) => [r.name, r.namespace, r.revision, r.status, r.chart]),
      [['r1', 'default', '1', 'deployed', 'demo-0.1.0']],
    );

    const st = await helmOk('status', 'r1');
    assert.match(st, /^STATUS: deployed$/m);
    assert.match(st, /^REVISION: 1$/m);
    assert.match(await helmOk('get', 'manifest', 'r1'), /# Source: demo\/templates\/widget\.yaml/);
  });

  it('upgrades with --set: three-way SMP on built-ins, JSON merge patch on the custom resource; revision 2', async () => {
    // Out-of-band edits between releases: fields helm never set survive the three-way merge (a
    // label, and an env entry D, which only a strategic merge keeps: a merge patch replaces the
    // whole list); a field the chart sets (replicas) is brought back to the chart's value.
    const envD = await api(cluster.url, 'PATCH', `${apps}/deployments/r1-web`, { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'D', value: '4' }] }] } } } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    assert.equal(envD.status, 200, envD.text);
    assert.deepEqual(envD.body.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name).sort(), ['A', 'B', 'D']);
    const label = await api(cluster.url, 'PATCH', `${ns}/configmaps/r1-config`, { metadata: { labels: { touched: 'by-hand' } } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(label.status, 200, label.text);
    const scale = await api(cluster.url, 'PATCH', `${apps}/deployments/r1-web`, { spec: { replicas: 5 } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(scale.status, 200, scale.text);

    const out = await helmOk(
      'upgrade', 'r1', chart,
      '--set', 'image=nginx:1.25',
      '--set', 'env.A=null', '--set', 'env.C=3', // removes the env entry A, adds C
      '--set', 'extraLabels.tier=null',
      '--set', 'config.mode=slow', '--set', 'config.level=null', // changes one key, removes another
      '--set', 'password=s3cret',
      '--set', 'widget.size=5', '--set', 'widget.color=null', '--set', 'widget.tags={c}',
    );
    assert.match(out, /Release "r1" has been upgraded\. Happy Helming!/);
    assert.match(out, /^REVISION: 2$/m);

    assert.deepEqual(await live(), {
      image: 'nginx:1.25',
      env: [{ name: 'B', value: '2' }, { name: 'C', value: '3' }, { name: 'D', value: '4' }],
      replicas: 2,
      tier: undefined,
      config: { mode: 'slow' },
      password: b64('s3cret'),
      widget: { size: 5, tags: ['c'] },
    });
    assert.equal((await get(`${ns}/configmaps/r1-config`)).metadata.labels.touched, 'by-hand');
    assert.equal((await get(`${ns}/configmaps/r1-config`)).metadata.labels['app.kubernetes.io/managed-by'], 'Helm');

    assert.equal((await get(releaseSecret('r1', 1))).metadata.labels.status, 'superseded');
    assert.equal((await get(releaseSecret('r1', 2))).metadata.labels.status, 'deployed');
    const history = JSON.parse(await helmOk('history', 'r1', '-o', 'json'));
    assert.deepEqual(
      history.map((h: { revision: number; status: string; description: string }) => [h.revision, h.status, h.description]),
      [[1, 'superseded', 'Install complete'], [2, 'deployed', 'Upgrade complete']],
    );
    assert.match(await helmOk('history', 'r1'), /^2\s+.+\s+deployed\s+demo-0\.1\.0\s+1\.0\s+Upgrade complete/m);
  });

  it('rolls back to revision 1: the objects get revision 1 values again; revision 3', async () => {
    assert.match(await helmOk('rollback', 'r1', '1'), /Rollback was a success! Happy Helming!/);
    // The rollback is another three-way merge (revision 2 → 1), so the out-of-band D stays.
    assert.deepEqual(await live(), { ...revision1, env: [...revision1.env, { name: 'D', value: '4' }] });
    const history = JSON.parse(await helmOk('history', 'r1', '-o', 'json'));
    assert.deepEqual(
      history.map((h: { revision: number; status: string; description: string }) => [h.revision, h.status, h.description]),
      [[1, 'superseded', 'Install complete'], [2, 'superseded', 'Upgrade complete'], [3, 'deployed', 'Rollback to 1']],
    );
    assert.equal((await get(releaseSecret('r1', 3))).metadata.labels.status, 'deployed');
    assert.match(await helmOk('status', 'r1'), /^REVISION: 3$/m);
  });

  it('uninstalls: objects and release secrets are gone, the CRD from crds/ stays', async () => {
    assert.match(await helmOk('uninstall', 'r1', '--wait'), /release "r1" uninstalled/);
    for (const path of [`${apps}/deployments/r1-web`, `${ns}/services/r1-svc`, `${ns}/configmaps/r1-config`, `${ns}/secrets/r1-secret`, `${widgets}/r1-widget`]) {
      assert.equal(await status(path), 404, path);
    }
    const secrets = await get(`${ns}/secrets?labelSelector=owner%3Dhelm`);
    assert.deepEqual(secrets.items, []);
    assert.equal(await status(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`), 200);
    assert.equal((await helm('status', 'r1')).stderr.trim(), 'Error: release: not found');
    assert.deepEqual(JSON.parse(await helmOk('list', '-a', '-o', 'json')), []);
  });

  it("a failing install reports kube's Invalid error and leaves a failed release", async () => {
    const r = await helm('install', 'r2', badChart);
    assert.notEqual(r.code, 0);
    assert.equal(
      r.stderr.trim(),
      'Error: INSTALLATION FAILED: Deployment.apps "r2-broken" is invalid: spec.template.spec.containers[0].image: Required value',
    );
    assert.equal(await status(`${apps}/deployments/r2-broken`), 404);
    // What helm created before the failure stays (no --atomic).
    const cm = await get(`${ns}/configmaps/r2-ok`);
    assert.equal(cm.metadata.annotations['meta.helm.sh/release-name'], 'r2');
    const rel = await get(releaseSecret('r2', 1));
    assert.equal(rel.metadata.labels.status, 'failed');
    assert.match(await helmOk('list', '--failed'), /^r2\s+default\s+1\s+.+\s+failed\s+bad-0\.1\.0/m);
    assert.match(await helmOk('status', 'r2'), /^STATUS: failed$/m);

    // The name stays taken until the failed release is uninstalled, which removes what it left.
    const again = await helm('install', 'r2', badChart);
    assert.equal(again.stderr.trim(), 'Error: INSTALLATION FAILED: cannot re-use a name that is still in use');
    await helmOk('uninstall', 'r2');
    assert.equal(await status(`${ns}/configmaps/r2-ok`), 404);
    assert.equal(await status(releaseSecret('r2', 1)), 404);
  });
});
