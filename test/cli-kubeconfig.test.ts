// kubeconfig loading, overrides and `kubectl config` subcommands, checked differentially: the real
// kubectl 1.25.0 runs on copy A of a set of kubeconfig files, our functions on an identical copy B;
// stdout, stderr, exit code and the resulting file bytes must match.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runConfig, loadForConfig, type ConfigFlags } from '../src/cli/config.js';
import { KubeconfigError, loadKubeconfig, resolve, type Overrides } from '../src/cli/kubeconfig.js';
import { api, apiOnly, useCluster } from './helpers/cluster.js';
import { kubectl125 } from './helpers/tools.js';

const A = `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: http://127.0.0.1:1234
    certificate-authority-data: AAAA
- name: c2
  cluster:
    server: https://x:6443
    certificate-authority: ca.crt
    insecure-skip-tls-verify: true
contexts:
- name: ctx1
  context: {cluster: c1, user: u1, namespace: ns1}
- name: ctx2
  context: {cluster: c2, user: u2}
- name: "123"
  context: {cluster: c1, user: "yes", unknownField: 1}
current-context: ctx1
users:
- name: u1
  user: {token: secret}
- name: u2
  user: {client-certificate-data: QkJCQg==, client-key-data: Q0NDQw==, username: bob, password: pw}
- name: "yes"
  user:
    exec: {command: foo, apiVersion: client.authentication.k8s.io/v1beta1}
    auth-provider: {name: gcp}
`;
const B = `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster: {server: http://other:1}
- name: c3
  cluster: {server: http://c3:3, extensions: [{name: ext, extension: {z: 1, a: x}}]}
contexts:
- name: ctx3
  context: {cluster: c3, user: u3}
- name: ctx1
  context: {cluster: c3}
current-context: ctx3
users:
- name: u3
  user: {}
preferences: {}
`;

const roots: string[] = [];
after(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

/** Two identical directories with a.yaml, b.yaml and sub/ca.crt. */
function fixture(files: Record<string, string> = { 'a.yaml': A, 'b.yaml': B, 'ca.crt': 'CA-PEM\n' }) {
  const root = mkdtempSync(join(tmpdir(), 'kubette-kc-'));
  roots.push(root);
  const a = join(root, 'A'), b = join(root, 'B');
  mkdirSync(a);
  for (const [f, t] of Object.entries(files)) writeFileSync(join(a, f), t, { mode: 0o600 });
  cpSync(a, b, { recursive: true });
  mkdirSync(join(root, 'home'));
  return { root, a, b, home: join(root, 'home') };
}

const fileBytes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

interface Case { args: string[]; kubeconfig?: (dir: string) => string; explicit?: (dir: string) => string }

/** Run kubectl 1.25.0 in dir A and our code in dir B; return both results with the dir names neutralized. */
function both(fx: ReturnType<typeof fixture>, c: Case, sub: string, subArgs: string[], flags: ConfigFlags) {
  const envFor = (dir: string) => (c.kubeconfig ? { KUBECONFIG: c.kubeconfig(dir) } : {});
  const explicitArgs = (dir: string) => (c.explicit ? ['--kubeconfig', c.explicit(dir)] : []);
  const r = spawnSync(kubectl125(), [...explicitArgs(fx.a), 'config', ...c.args], {
    env: { PATH: '/usr/bin:/bin', HOME: fx.home, ...envFor(fx.a) }, encoding: 'utf8', cwd: fx.a,
  });
  const loaded = loadForConfig({ kubeconfigFlag: c.explicit?.(fx.b), env: envFor(fx.b), home: fx.home });
  const ours = runConfig(sub, loaded, subArgs, flags)!;
  const norm = (s: string, dir: string) => s.split(dir).join('DIR');
  return {
    kubectl: { stdout: norm(r.stdout, fx.a), stderr: norm(r.stderr, fx.a), code: r.status },
    ours: { stdout: norm(ours.stdout, fx.b), stderr: norm(ours.stderr, fx.b), code: ours.code },
    help: ours.help,
  };
}

const list = (...names: string[]) => (dir: string) => names.map((n) => join(dir, n)).join(':');

describe('kubectl config, differential against kubectl 1.25.0', () => {
  const readOnly: [string, string[], string, string[], ConfigFlags][] = [
    ['view', ['view'], 'view', [], {}],
    ['view --raw', ['view', '--raw'], 'view', [], { raw: true }],
    ['view -o json', ['view', '-o', 'json'], 'view', [], { output: 'json' }],
    ['view --minify', ['view', '--minify'], 'view', [], { minify: true }],
    ['view --minify --raw --context ctx2', ['view', '--minify', '--raw', '--context', 'ctx2'], 'view', [], { minify: true, raw: true, context: 'ctx2' }],
    ['view --minify --context nope', ['view', '--minify', '--context', 'nope'], 'view', [], { minify: true, context: 'nope' }],
    ['view --minify --flatten --context ctx2 (reads ca.crt)', ['view', '--minify', '--flatten', '--context', 'ctx2'], 'view', [], { minify: true, flatten: true, context: 'ctx2' }],
    ['view -o jsonpath', ['view', '-o', 'jsonpath={.contexts[*].name} {.users[0].user}'], 'view', [], { output: 'jsonpath={.contexts[*].name} {.users[0].user}' }],
    ['view -o name', ['view', '-o', 'name'], 'view', [], { output: 'name' }],
    ['get-contexts', ['get-contexts'], 'get-contexts', [], {}],
    ['get-contexts --no-headers', ['get-contexts', '--no-headers'], 'get-contexts', [], { noHeaders: true }],
    ['get-contexts -o name', ['get-contexts', '-o', 'name'], 'get-contexts', [], { output: 'name' }],
    ['get-contexts ctx2 nope', ['get-contexts', 'ctx2', 'nope'], 'get-contexts', ['ctx2', 'nope'], {}],
    ['get-contexts a b (two missing)', ['get-contexts', 'a', 'b'], 'get-contexts', ['a', 'b'], {}],
    ['get-contexts -o wide', ['get-contexts', '-o', 'wide'], 'get-contexts', [], { output: 'wide' }],
    ['get-clusters', ['get-clusters'], 'get-clusters', [], {}],
    ['current-context', ['current-context'], 'current-context', [], {}],
  ];
  for (const [title, args, sub, subArgs, flags] of readOnly) {
    it(`${title} over KUBECONFIG=a:missing:b`, () => {
      const fx = fixture();
      const r = both(fx, { args, kubeconfig: list('a.yaml', 'missing.yaml', 'b.yaml') }, sub, subArgs, flags);
      if (sub === 'get-clusters') {
        // kubectl 1.25 ranges over a Go map here: random order. We print sorted; compare as sets.
        const [head, ...rest] = r.kubectl.stdout.trimEnd().split('\n');
        r.kubectl.stdout = [head, ...rest.sort()].join('\n') + '\n';
      }
      assert.deepEqual(r.ours, r.kubectl);
      assert.deepEqual(fileBytes(fx.b), fileBytes(fx.a));
    });
  }

  it('view of a missing --kubeconfig is the empty config; current-context then fails', () => {
    const fx = fixture({});
    for (const [args, sub, flags] of [[['view'], 'view', {}], [['view', '-o', 'json'], 'view', { output: 'json' }], [['current-context'], 'current-context', {}], [['view', '--minify'], 'view', { minify: true }]] as const) {
      const r = both(fx, { args: [...args], explicit: (d) => join(d, 'nope.yaml') }, sub, [], flags);
      assert.deepEqual(r.ours, r.kubectl, args.join(' '));
    }
  });

  const writes: [string, string[], string, string[], ConfigFlags][] = [
    ['use-context ctx3 (written to the file that set current-context)', ['use-context', 'ctx3'], 'use-context', ['ctx3'], {}],
    ['use-context ctx1 (unchanged: no rewrite)', ['use-context', 'ctx1'], 'use-context', ['ctx1'], {}],
    ['use-context nope', ['use-context', 'nope'], 'use-context', ['nope'], {}],
    ['set-context ctx3 --namespace zz (file of origin)', ['set-context', 'ctx3', '--namespace=zz'], 'set-context', ['ctx3'], { namespace: 'zz' }],
    ['set-context new1 --cluster c9 (first existing file)', ['set-context', 'new1', '--cluster=c9'], 'set-context', ['new1'], { cluster: 'c9' }],
    ['set-context --current --user u9', ['set-context', '--current', '--user=u9'], 'set-context', [], { current: true, user: 'u9' }],
    ['set-context ctx1 --namespace= (clears)', ['set-context', 'ctx1', '--namespace='], 'set-context', ['ctx1'], { namespace: '' }],
    ['set-context ctx1 (no change: no rewrite)', ['set-context', 'ctx1'], 'set-context', ['ctx1'], {}],
    ['set-context (no name)', ['set-context'], 'set-context', [], {}],
    ['set-context x --current', ['set-context', 'x', '--current'], 'set-context', ['x'], { current: true }],
    ['delete-context ctx1 (the current one)', ['delete-context', 'ctx1'], 'delete-context', ['ctx1'], {}],
    ['delete-context ctx3 (from b.yaml; message names the default file)', ['delete-context', 'ctx3'], 'delete-context', ['ctx3'], {}],
    ['delete-context nope', ['delete-context', 'nope'], 'delete-context', ['nope'], {}],
  ];
  for (const [title, args, sub, subArgs, flags] of writes) {
    it(`${title}: same output and same file bytes`, () => {
      const fx = fixture();
      const r = both(fx, { args, kubeconfig: list('missing.yaml', 'a.yaml', 'b.yaml') }, sub, subArgs, flags);
      assert.deepEqual(r.ours, r.kubectl);
      assert.deepEqual(fileBytes(fx.b), fileBytes(fx.a));
    });
  }

  it('usage errors: kubectl prints help, then the error (we return help: true)', () => {
    const fx = fixture();
    const r = both(fx, { args: ['set-context', 'a', 'b'], kubeconfig: list('a.yaml') }, 'set-context', ['a', 'b'], {});
    assert.equal(r.help, true);
    assert.equal(r.ours.stderr, r.kubectl.stderr);
    assert.equal(r.ours.code, r.kubectl.code);
    assert.match(r.kubectl.stdout, /^Set a context entry in kubeconfig/);
  });

  it('set-context with a missing --kubeconfig creates it (0600, kubectl layout)', () => {
    const fx = fixture({});
    const r = both(fx, { args: ['set-context', 'foo', '--namespace=a'], explicit: (d) => join(d, 'new', 'x') }, 'set-context', ['foo'], { namespace: 'a' });
    assert.deepEqual(r.ours, r.kubectl);
    assert.equal(readFileSync(join(fx.b, 'new', 'x'), 'utf8'), readFileSync(join(fx.a, 'new', 'x'), 'utf8'));
    const r2 = both(fx, { args: ['use-context', 'foo'], explicit: (d) => join(d, 'new', 'x') }, 'use-context', ['foo'], {});
    assert.deepEqual(r2.ours, r2.kubectl);
    assert.equal(readFileSync(join(fx.b, 'new', 'x'), 'utf8'), readFileSync(join(fx.a, 'new', 'x'), 'utf8'));
    assert.equal(spawnSync('stat', ['-c', '%a', join(fx.b, 'new', 'x')], { encoding: 'utf8' }).stdout.trim(), '600');
  });

  it('~/.kube/config is the default; absent means an empty config', () => {
    const fx = fixture({});
    const empty = both(fx, { args: ['get-contexts'] }, 'get-contexts', [], {});
    assert.deepEqual(empty.ours, empty.kubectl);
    mkdirSync(join(fx.home, '.kube'));
    writeFileSync(join(fx.home, '.kube', 'config'), A);
    const r = both(fx, { args: ['get-contexts'] }, 'get-contexts', [], {});
    assert.deepEqual(r.ours, r.kubectl);
    assert.match(r.ours.stdout, /\*\s+ctx1/);
  });
});

describe('loading rules and overrides', () => {
  it('merge: first file wins per name, current-context from the first file setting it, origins kept', () => {
    const fx = fixture();
    const l = loadKubeconfig({ env: { KUBECONFIG: `${join(fx.b, 'b.yaml')}:${join(fx.b, 'a.yaml')}` }, home: fx.home });
    assert.equal(l.config.currentContext, 'ctx3');
    assert.equal(l.config.clusters.get('c1')!.value.server, 'http://other:1');
    assert.equal(l.config.clusters.get('c1')!.origin, join(fx.b, 'b.yaml'));
    assert.equal(l.config.contexts.get('ctx1')!.value.cluster, 'c3');
    assert.equal(l.config.contexts.get('ctx2')!.origin, join(fx.b, 'a.yaml'));
  });

  it('--kubeconfig beats KUBECONFIG and must exist', () => {
    const fx = fixture();
    const l = loadKubeconfig({ kubeconfigFlag: join(fx.b, 'a.yaml'), env: { KUBECONFIG: join(fx.b, 'b.yaml') }, home: fx.home });
    assert.equal(l.config.currentContext, 'ctx1');
    assert.throws(() => loadKubeconfig({ kubeconfigFlag: '/nope', env: {}, home: fx.home }), (e: KubeconfigError) => e.printed === 'error: stat /nope: no such file or directory\n');
  });

  it('resolve: context namespace, default namespace, token, CA path relative to its file, overrides', () => {
    const fx = fixture();
    const l = loadKubeconfig({ env: { KUBECONFIG: list('a.yaml', 'b.yaml')(fx.b) }, home: fx.home });
    const r = resolve(l);
    assert.deepEqual([r.server, r.namespace, r.token, r.caData, r.contextName, r.clusterName, r.userName], ['http://127.0.0.1:1234', 'ns1', 'secret', '\0\0\0', 'ctx1', 'c1', 'u1']);
    const r2 = resolve(l, { context: 'ctx2' });
    assert.equal(r2.caFile, join(fx.b, 'ca.crt'));
    assert.equal(r2.namespace, 'default');
    assert.equal(r2.certData, 'BBBB');
    const r3 = resolve(l, { server: 'http://s:1', token: 't', namespace: 'n', user: 'u3' });
    assert.deepEqual([r3.server, r3.token, r3.namespace, r3.namespaceExplicit], ['http://s:1', 't', 'n', true]);
    const empty = resolve(loadKubeconfig({ env: {}, home: fx.home }));
    assert.deepEqual([empty.server, empty.namespace], ['http://localhost:8080', 'default']);
    assert.equal(resolve(loadKubeconfig({ env: { KUBERNETES_MASTER: 'http://m:9' }, home: fx.home })).server, 'http://m:9');
  });

  // Each case: kubectl 1.25.0 `get pods` with the same config and flags must print the same error.
  const errorCases: [string, string[], Overrides, string?][] = [
    ['--context x', ['--context', 'x'], { context: 'x' }],
    ['--cluster x', ['--cluster', 'x'], { cluster: 'x' }],
    ['--user x', ['--user', 'x'], { user: 'x' }],
    ['--context x --cluster y', ['--context', 'x', '--cluster', 'y'], { context: 'x', cluster: 'y' }],
    ['--context x -n foo', ['--context', 'x', '-n', 'foo'], { context: 'x', namespace: 'foo' }],
    ['--cluster y -n foo', ['--cluster', 'y', '-n', 'foo'], { cluster: 'y', namespace: 'foo' }],
    ['ctx2: CA file missing', ['--context', 'ctx2'], { context: 'ctx2' }, 'a.yaml'],
    ['current-context names a missing context', [], {}, 'gone.yaml'],
    ['files missing beside the kubeconfig', [], {}, 'files.yaml'],
  ];
  for (const [title, args, ov, file] of errorCases) {
    it(`resolve error like kubectl 1.25.0: ${title}`, () => {
      const fx = fixture({
        'a.yaml': A,
        'gone.yaml': 'apiVersion: v1\nkind: Config\ncurrent-context: gone\n',
        'files.yaml': 'current-context: c\ncontexts:\n- name: c\n  context: {cluster: cl, user: u}\nclusters:\n- name: cl\n  cluster: {server: "https://127.0.0.1:9", certificate-authority: ca.crt}\nusers:\n- name: u\n  user: {client-certificate: c.crt, client-key: c.key}\n',
      });
      const kc = file ? ['--kubeconfig', join(fx.a, file)] : [];
      const k = spawnSync(kubectl125(), ['get', 'pods', ...kc, ...args, '--request-timeout=1s'], { env: { PATH: '/usr/bin:/bin', HOME: fx.home }, encoding: 'utf8' });
      const l = loadKubeconfig({ kubeconfigFlag: file ? join(fx.b, file) : undefined, env: {}, home: fx.home });
      let printed = '';
      try { resolve(l, ov); } catch (e) { printed = (e as KubeconfigError).printed; }
      assert.equal(printed.split(fx.b).join('D'), k.stderr.split(fx.a).join('D'));
      assert.equal(k.status, 1);
    });
  }

  const cluster = useCluster({ args: apiOnly });
  it("resolves Kubette's own kubeconfig to a server that answers", async () => {
    const l = loadKubeconfig({ env: { KUBECONFIG: cluster().kubeconfig }, home: tmpdir() });
    const r = resolve(l);
    assert.equal(r.server, cluster().url);
    assert.equal(r.insecureSkipTlsVerify, false);
    // The server is verified with the kubeconfig's CA and the admin's client certificate is accepted.
    const res = await api(r.server, 'GET', `/api/v1/namespaces/${r.namespace}`, undefined, {}, { tls: { ca: r.caData, cert: r.certData, key: r.keyData } });
    assert.equal(res.status, 200, res.text);
    assert.equal((await api(r.server, 'GET', `/api/v1/namespaces/${r.namespace}`, undefined, {}, { tls: { ca: r.caData } })).status, 401);
    assert.ok(existsSync(cluster().kubeconfig));
  });
});
