// kuberc through the whole CLI (the 1.33 shape against the real kubectl 1.33 with KUBECTL_KUBERC=true,
// the KEP-3104 and v1beta1 shapes, --kuberc /dev/null and /nonexistent), and KUBECACHEDIR / --cache-dir:
// where the caches go, that a warm cache sends no discovery request (seen in the server's audit log),
// and that a cache kubectl 1.25 wrote serves us too.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiOnly, useCluster } from './helpers/cluster.js';
import { oursBin } from './helpers/differential.js';
import { normalizeTableAges } from './helpers/normalize.js';
import { kubectl125, kubectlVersion, run } from './helpers/tools.js';

const auditDir = mkdtempSync(join(tmpdir(), 'kubette-audit-'));
const auditLog = join(auditDir, 'audit.log');
const cluster = useCluster({ args: [...apiOnly, `--audit-log-path=${auditLog}`] });

const home = () => mkdtempSync(join(tmpdir(), 'kubette-home-'));
const ours = (h: string, args: string[], env: Record<string, string> = {}) => run(process.execPath, [oursBin, ...args], { KUBECONFIG: cluster().kubeconfig, HOME: h, ...env });
const k133 = (h: string, args: string[], env: Record<string, string> = {}) => run(kubectlVersion(33), args, { KUBECONFIG: cluster().kubeconfig, HOME: h, KUBECTL_KUBERC: 'true', ...env });
const k125 = (h: string, args: string[], env: Record<string, string> = {}) => run(kubectl125(), args, { KUBECONFIG: cluster().kubeconfig, HOME: h, ...env });

function writeKuberc(h: string, text: string): string {
  mkdirSync(join(h, '.kube'), { recursive: true });
  const p = join(h, '.kube', 'kuberc');
  writeFileSync(p, text);
  return p;
}

const V133 = `apiVersion: kubectl.config.k8s.io/v1alpha1
kind: Preference
aliases:
- name: gcm
  command: get
  prependArgs: [configmaps]
  flags:
  - name: output
    default: name
- name: gcmy
  command: get
  prependArgs: [configmaps]
  appendArgs: [kuberc-a]
overrides:
- command: get
  flags:
  - name: output
    default: wide
`;

describe('kuberc', () => {
  const homes: string[] = [];
  const h = () => {
    const x = home();
    homes.push(x);
    return x;
  };
  before(async () => {
    for (const n of ['kuberc-a', 'kuberc-b']) assert.equal((await ours(h(), ['create', 'configmap', n, '--from-literal=k=v'])).code, 0);
  });
  after(() => homes.forEach((x) => rmSync(x, { recursive: true, force: true })));

  it('the 1.33 shape gives what kubectl 1.33 with KUBECTL_KUBERC=true gives: aliases, overrides, explicit flags winning', async () => {
    const [a, b] = [h(), h()];
    writeKuberc(a, V133);
    writeKuberc(b, V133);
    for (const args of [['gcm'], ['gcm', '-o', 'json'], ['gcmy', '-o', 'yaml'], ['get', 'configmaps'], ['get', 'configmaps', '-o', 'name'], ['get', 'cm', 'kuberc-b', '-o', 'jsonpath={.data.k}']]) {
      const [x, y] = await Promise.all([ours(a, args), k133(b, args)]);
      assert.equal(x.code, y.code, `${args.join(' ')}: ${x.stderr} / ${y.stderr}`);
      assert.equal(normalizeTableAges(x.stdout), normalizeTableAges(y.stdout), args.join(' '));
    }
    // The override really applied (wide has more columns than the default), and the alias really ran.
    assert.match((await ours(a, ['get', 'configmaps'])).stdout, /^NAME\s+DATA\s+AGE/);
    assert.equal((await ours(a, ['gcm'])).stdout.split('\n').filter((l) => l.startsWith('configmap/kuberc-')).length, 2);
  });

  it('--kuberc /dev/null ignores the default file; --kuberc /nonexistent fails as kubectl 1.33 does', async () => {
    const [a, b] = [h(), h()];
    writeKuberc(a, V133);
    writeKuberc(b, V133);
    const plain = await ours(a, ['--kuberc', '/dev/null', 'get', 'configmaps', 'kuberc-a']);
    assert.equal(normalizeTableAges(plain.stdout), normalizeTableAges((await k133(b, ['--kuberc', '/dev/null', 'get', 'configmaps', 'kuberc-a'])).stdout));
    assert.match(plain.stdout, /^NAME\s+DATA\s+AGE\n/);
    assert.equal((await ours(a, ['--kuberc', '/dev/null', 'gcm'])).code, 1, 'the alias is gone with the file');
    const [x, y] = await Promise.all([ours(a, ['get', 'cm', '--kuberc', '/nonexistent']), k133(b, ['get', 'cm', '--kuberc', '/nonexistent'])]);
    assert.equal(x.code, 1);
    assert.equal(x.code, y.code);
    assert.equal(x.stderr, y.stderr);
    const empty = join(a, 'empty');
    writeFileSync(empty, '');
    assert.match((await ours(a, ['--kuberc', empty, 'get', 'configmaps', 'kuberc-a'])).stdout, /^NAME\s+DATA\s+AGE\n/);
  });

  it('the KEP-3104 (v1.25-era) shape: command.aliases and command.overrides, "*" for every command', async () => {
    const a = h();
    const file = writeKuberc(
      a,
      `apiVersion: v1alpha1
kind: Preferences
command:
  aliases:
  - alias: gcmn
    command: get configmaps -o name
  overrides:
  - command: "*"
    flags:
    - name: request-timeout
      default: 30s
  - command: get
    flags:
    - name: output
      default: name
`,
    );
    assert.equal((await ours(a, ['gcmn'])).stdout, (await k125(h(), ['get', 'configmaps', '-o', 'name'])).stdout);
    assert.equal((await ours(a, ['get', 'cm', 'kuberc-a'])).stdout, 'configmap/kuberc-a\n');
    assert.equal((await ours(a, ['get', 'cm', 'kuberc-a', '-o', 'jsonpath={.data.k}'])).stdout, 'v');
    assert.equal((await ours(a, ['--kuberc', file, 'get', 'cm', 'kuberc-b'])).stdout, 'configmap/kuberc-b\n');
  });

  it('the v1beta1 naming (defaults/options); aliases never shadow built-ins; a broken file names the file and field', async () => {
    const a = h();
    writeKuberc(
      a,
      `apiVersion: kubectl.config.k8s.io/v1beta1
kind: Preference
aliases:
- name: get
  command: delete
- name: gn
  command: get
  options:
  - name: output
    default: name
defaults:
- command: get
  options:
  - name: show-labels
    default: "true"
`,
    );
    assert.equal((await ours(a, ['gn', 'cm', 'kuberc-a'])).stdout, 'configmap/kuberc-a\n');
    const got = await ours(a, ['get', 'cm', 'kuberc-a']);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /LABELS/, 'the default for get applied');
    assert.equal((await ours(a, ['get', 'cm', 'kuberc-a'])).code, 0, 'the alias "get" did not turn get into delete');
    assert.equal((await ours(a, ['get', 'cm', 'kuberc-a', '-o', 'name'])).code, 0);
    const broken = join(a, 'broken');
    writeFileSync(broken, 'apiVersion: kubectl.config.k8s.io/v1alpha1\nkind: Preference\naliases:\n- name: x\n  command: 7\n');
    const r = await ours(a, ['--kuberc', broken, 'get', 'cm']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(broken.replace(/[/.]/g, '\\$&')));
  });
});

describe('KUBECACHEDIR and --cache-dir', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'kubette-cache-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((x) => rmSync(x, { recursive: true, force: true })));
  const port = () => new URL(cluster().url).port;
  /** Discovery requests the server saw (from the audit log), made by a given user agent. */
  const discoveryRequests = (agent: RegExp) =>
    readFileSync(auditLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { requestURI: string; userAgent?: string })
      .filter((e) => agent.test(e.userAgent ?? '') && /^\/(api|apis)(\/[^/?]+){0,2}(\?|$)/.test(e.requestURI) && !e.requestURI.includes('/namespaces/')).length;

  it('KUBECACHEDIR holds discovery/<host>_<port>/… and http/, nothing under ~/.kube; --cache-dir beats it', async () => {
    const [h, cache, flagDir] = [tmp(), tmp(), tmp()];
    assert.equal((await ours(h, ['get', 'pods'], { KUBECACHEDIR: cache })).code, 0);

    const base = join(cache, 'discovery', `127.0.0.1_${port()}`);
    assert.ok(existsSync(join(base, 'servergroups.json')));
    assert.ok(existsSync(join(base, 'v1', 'serverresources.json')));
    assert.ok(existsSync(join(base, 'apps', 'v1', 'serverresources.json')));
    assert.equal(existsSync(join(h, '.kube')), false, 'nothing written under ~/.kube');
    assert.equal((await ours(h, ['get', 'pods', '--cache-dir', flagDir], { KUBECACHEDIR: cache })).code, 0);
    assert.ok(existsSync(join(flagDir, 'discovery', `127.0.0.1_${port()}`, 'servergroups.json')));
    // The HTTP cache: apply fetches the OpenAPI document once and keeps it under http/.
    await ours(h, ['create', 'configmap', 'cache-cm', '--from-literal=a=b'], { KUBECACHEDIR: cache });
    const empty = await run(process.execPath, [oursBin, 'apply', '-f', '-'], { KUBECONFIG: cluster().kubeconfig, HOME: h, KUBECACHEDIR: cache }, '');
    assert.equal(empty.code, 1);
    assert.equal(empty.stderr, 'error: no objects passed to apply\n');
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cache-cm}\ndata: {a: c}\n';
    const r = await run(process.execPath, [oursBin, 'apply', '-f', '-'], { KUBECONFIG: cluster().kubeconfig, HOME: h, KUBECACHEDIR: cache }, cm);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readdirSync(join(cache, 'http')).length > 0, 'http cache written');
  });

  it('a warm cache sends no discovery request; an unknown type refetches; a cache kubectl 1.25 wrote serves us', async () => {
    const [h, cache, shared] = [tmp(), tmp(), tmp()];
    const agent = /^kubectl\/v1\.25\.0 /;
    const before0 = discoveryRequests(agent);
    assert.equal((await ours(h, ['get', 'pods'], { KUBECACHEDIR: cache })).code, 0);
    const cold = discoveryRequests(agent) - before0;
    assert.ok(cold >= 3, `a cold run discovers (${cold} requests)`);
    const before1 = discoveryRequests(agent);
    assert.equal((await ours(h, ['get', 'pods'], { KUBECACHEDIR: cache })).code, 0);
    assert.equal(discoveryRequests(agent) - before1, 0, 'a warm run sends no discovery request');
    const before2 = discoveryRequests(agent);
    assert.equal((await ours(h, ['get', 'foos'], { KUBECACHEDIR: cache })).code, 1);
    assert.ok(discoveryRequests(agent) - before2 >= 3, 'an unknown type refetches discovery');
    // kubectl 1.25 fills a cache; our CLI then finds everything there.
    assert.equal((await k125(tmp(), ['get', 'deployments'], { KUBECACHEDIR: shared })).code, 0);
    const before3 = discoveryRequests(agent);
    const r = await ours(h, ['get', 'deployments'], { KUBECACHEDIR: shared });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(discoveryRequests(agent) - before3, 0, "kubectl's cache served our discovery");
  });
});
