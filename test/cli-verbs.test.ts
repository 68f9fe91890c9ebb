// Differential tests of `kubette kubectl` create (generators), scale, rollout, auth can-i, version,
// api-resources and api-versions: each command runs through our CLI and through the real kubectl
// 1.25.0 against the same server, and stdout and exit code must be identical. Commands that write
// use one object per client (…-k for kubectl, …-o for ours), the name substituted before comparing.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { useCluster } from './helpers/cluster.js';
import { pair, type Pair } from './helpers/differential.js';
import type { RunResult } from './helpers/tools.js';

describe('kubectl verbs: create generators, scale, rollout, auth, version, api-resources', () => {
  const cluster = useCluster({ args: ['--nodes', '2'] });
  let dir: string;
  let p: Pair;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-verbs-'));
    p = pair(cluster().kubeconfig);
    writeFileSync(join(dir, 'f1.txt'), 'hello\n');
    writeFileSync(join(dir, 'env1'), '\ufeffa=1\n  # comment\n   b=two words \n\nc=\n');
    mkdirSync(join(dir, 'dd'));
    writeFileSync(join(dir, 'dd', 'k1'), 'x');
    writeFileSync(join(dir, 'dd', 'bin'), Buffer.from([0xff, 0xfe]));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    p.cleanup();
  });

  const kubectl = (args: string[]) => p.kubectl.run(args);
  const kubette = (args: string[]) => p.ours.run(args);

  /** The same command through both clients: stdout and exit code must match. */
  async function same(args: string[]): Promise<RunResult> {
    const [k, o] = await Promise.all([kubectl(args), kubette(args)]);
    assert.equal(o.stdout, k.stdout, `stdout of ${args.join(' ')}\nkubectl stderr: ${k.stderr}\nour stderr: ${o.stderr}`);
    assert.equal(o.code, k.code, `exit code of ${args.join(' ')}: ${o.stderr}`);
    return o;
  }

  /** A writing command: `X` in the words becomes `k` for kubectl and `o` for ours. */
  async function sameEach(words: string[]): Promise<{ k: RunResult; o: RunResult }> {
    const k = await kubectl(words.map((w) => w.replaceAll('X', 'k')));
    const o = await kubette(words.map((w) => w.replaceAll('X', 'o')));
    const norm = (s: string, c: string) => s.replaceAll(`-${c}`, '-X').replace(/pod-template-hash=\w+/g, 'pod-template-hash=H');
    assert.equal(norm(o.stdout, 'o'), norm(k.stdout, 'k'), `stdout of ${words.join(' ')}\nkubectl stderr: ${k.stderr}\nour stderr: ${o.stderr}`);
    assert.equal(o.code, k.code, `exit code of ${words.join(' ')}: ${o.stderr}`);
    return { k, o };
  }

  const batch = (cases: string[][]) => Promise.all(cases.map((c) => same(c)));

  it('version and discovery listings', async () => {
    await batch([['version'], ['version', '--client'], ['version', '--short'], ['version', '-o', 'json'], ['version', '--client', '-o', 'json'], ['version', '-o', 'xml']]);
    await batch([
      ['api-versions'],
      ['api-resources'],
      ['api-resources', '-o', 'wide'],
      ['api-resources', '-o', 'name'],
      ['api-resources', '--namespaced=false', '--api-group=apps'],
      ['api-resources', '--api-group=', '--namespaced=false'],
      ['api-resources', '--verbs=list,watch', '--sort-by=kind'],
      ['api-resources', '--sort-by=name', '--no-headers'],
      ['api-resources', '-o', 'json'],
      ['api-resources', '--sort-by=foo'],
    ]);
    const v = await kubette(['version']);
    assert.match(v.stdout, /^Client Version: version.Info\{Major:"1", Minor:"25", GitVersion:"v1.25.0"/);
    assert.match(v.stderr, /^WARNING: This version information is deprecated/);
  });

  it('auth can-i', async () => {
    const cases = ['get pods', 'get pods --quiet', 'create deployments.apps -n kube-system', 'get deploy/web', 'get /logs', 'get pods -A', 'get pods --subresource=log', 'get foos', 'get', 'get pods x', '--list', '--list --no-headers', 'get --list', '--list -A', 'get nodes', 'frob /x', 'get /x --subresource=y', 'get pods --no-headers', 'list foo.bar'];
    const results = await batch(cases.map((c) => ['auth', 'can-i', ...c.split(' ')]));
    assert.equal(results[0]!.stdout, 'yes\n');
    assert.equal(results[1]!.stdout, '');
    assert.match(results[7]!.stderr, /Warning: the server doesn't have a resource type 'foos'/);
  });

  it('create generators with --dry-run=client', async () => {
    const f1 = join(dir, 'f1.txt');
    const dr = ['--dry-run=client'];
    await batch([
      ['create', 'deployment', 'x', '--image=nginx', '--image=busybox:1.36', '--replicas=3', '--port=80', ...dr, '-o', 'json'],
      ['create', 'deployment', 'x', '--image=busybox', '--port=80', ...dr, '-o', 'json', '--', 'sleep', '10'],
      ['create', 'deployment', 'x', '--image=nginx', '-n', 'foo', ...dr, '-o', 'yaml'],
      ['create', 'deployment', 'x', '--image=nginx', ...dr],
      ['create', 'deploy', 'x', '--image=nginx', ...dr, '-o', 'name'],
      ['create', 'deployment', 'x', '--image=nginx', '--dry-run'],
      ['create', 'deployment', 'sc', '--image=nginx', '--save-config', ...dr, '-o', 'yaml'],
      ['create', 'ns', 'foo', ...dr, '-o', 'json'],
      ['create', 'sa', 's1', ...dr, '-o', 'json'],
      ['create', 'job', 'j1', '--image=busybox', ...dr, '-o', 'json', '--', 'echo', 'hi'],
      ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *', ...dr, '-o', 'json', '--', 'date'],
      ['create', 'cj', 'cj', '--image=busybox', '--schedule=*/1 * * * *', '--restart=Never', ...dr, '-o', 'json'],
      ['create', 'configmap', 'cm', '--from-literal=z=1', '--from-literal=a=x=y', `--from-file=${f1}`, `--from-file=key2=${f1}`, ...dr, '-o', 'json'],
      ['create', 'configmap', 'cm', `--from-env-file=${join(dir, 'env1')}`, ...dr, '-o', 'json'],
      ['create', 'cm', 'cm', `--from-file=${join(dir, 'dd')}`, ...dr, '-o', 'json'],
      ['create', 'cm', 'cm1', '--from-literal=a=b', '--save-config', ...dr, '-o', 'json'],
      ['create', 'secret', 'generic', 's', '--from-literal=a=b', '--type=Opaque', ...dr, '-o', 'json'],
      ['create', 'secret', 'generic', 's', `--from-file=${join(dir, 'dd')}`, ...dr, '-o', 'yaml'],
    ]);
  });

  it('create generators: argument and flag errors', async () => {
    const results = await batch([
      ['create', 'deployment', 'x'],
      ['create', 'deployment', '--image=a'],
      ['create', 'deployment', 'x', '--image=a', '--image=b', '--dry-run=client', '--', 'sleep', '1'],
      ['create', 'deployment', 'd', '--image=a', '-o', 'foo', '--dry-run=client'],
      ['create', 'cronjob', 'x'],
      ['create', 'job', 'x'],
      ['create', 'job', 'x', '--image=a', '--from=cronjob/y'],
      ['create', 'job', 'x', '--from=cj/nope'],
      ['create', 'secret', 'generic', 's', '--from-literal=a=b', '--from-literal=a=c'],
      ['create', 'configmap', 'cm', '--from-literal=a=1', '--from-literal=a=2'],
      ['create', 'configmap', 'c', '--from-literal=a.b/c=1'],
      ['create', 'configmap', 'c', '--from-file==x'],
      ['create', 'configmap', 'c', '--from-file=a=b=c'],
      ['create', 'configmap', 'c', `--from-file=k=${join(dir, 'dd')}`],
      ['create', 'configmap', 'cm', '--from-literal=novalue'],
      ['create', 'namespace', 'a', 'b'],
    ]);
    assert.ok(results.every((r) => r.code === 1));
    assert.equal(results[0]!.stderr, 'error: required flag(s) "image" not set\n');
  });

  it('create generators against the server: created, server dry run, already exists', async () => {
    for (const words of [
      ['create', 'deployment', 'web-X', '--image=nginx', '--replicas=2'],
      ['create', 'deployment', 'web-X', '--image=nginx'],
      ['create', 'configmap', 'cm-X', '--from-literal=a=b'],
      ['create', 'cm', 'cm-X', '--from-literal=a=b'],
      ['create', 'secret', 'generic', 'sec-X', '--from-literal=a=b'],
      ['create', 'sa', 'sa-X'],
      ['create', 'ns', 'ns-X'],
      ['create', 'ns', 'ns-X'],
      ['create', 'cronjob', 'cj-X', '--image=busybox', '--schedule=*/5 * * * *'],
      ['create', 'job', 'job-X', '--from=cronjob/cj-X', '--dry-run=server'],
      ['create', 'job', 'job-X', '--from=cronjob/cj-X', '-o', 'name'],
      ['create', 'deployment', 'dr-X', '--image=nginx', '--dry-run=server'],
    ]) {
      await sameEach(words);
    }
    const dep = JSON.parse((await kubectl(['get', 'deploy', 'web-o', '-o', 'json', '--show-managed-fields'])).stdout);
    assert.equal(dep.spec.replicas, 2);
    assert.deepEqual(dep.metadata.labels, { app: 'web-o' });
    assert.equal(dep.spec.template.spec.containers[0].name, 'nginx');
    const fm = dep.metadata.managedFields.map((m: { manager: string }) => m.manager);
    assert.ok(fm.includes('kubectl-create'), JSON.stringify(fm));
    const job = JSON.parse((await kubectl(['get', 'job', 'job-o', '-o', 'json'])).stdout);
    assert.equal(job.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(job.metadata.ownerReferences[0].name, 'cj-o');
    assert.equal((await kubectl(['get', 'deploy', 'dr-o'])).code, 1, 'a server dry run creates nothing');
  });

  it('scale', async () => {
    for (const c of ['k', 'o']) assert.equal((await kubectl(['create', 'deployment', `sc-${c}`, '--image=nginx'])).code, 0);
    for (const words of [
      ['scale', 'deploy', 'sc-X', '--replicas=3'],
      ['scale', 'deploy/sc-X', '--replicas=2', '--current-replicas=5'],
      ['scale', 'deploy/sc-X', '--replicas=2', '--resource-version=1'],
      ['scale', 'deploy/sc-X'],
      ['scale', 'deploy/sc-X', '--replicas=-1'],
      ['scale', 'deploy/sc-X', 'deploy/nope', '--replicas=4'],
      ['scale', 'deploy/sc-X', '--replicas=9', '--dry-run=client'],
      ['scale', 'deploy/sc-X', '--replicas=9', '--dry-run=server'],
      ['scale', 'deploy/sc-X', '--replicas=1', '--current-replicas=4', '-o', 'name'],
      ['scale', '--replicas=1'],
      ['scale', 'deploy', '--replicas=1'],
    ]) {
      await sameEach(words);
    }
    const err = await kubette(['scale', 'deploy/sc-o', '--replicas=2', '--current-replicas=5']);
    assert.equal(err.stderr, 'error: Expected replicas to be 5, was 1\n');
    const scale = JSON.parse((await kubectl(['get', 'deploy', 'sc-o', '--subresource=scale', '-o', 'json'])).stdout);
    assert.equal(scale.spec.replicas, 1);
  });

  it('rollout status, history, undo, restart, pause and resume', async () => {
    for (const c of ['k', 'o']) {
      assert.equal((await kubectl(['create', 'deployment', `ro-${c}`, '--image=nginx:1.1', '--replicas=2'])).code, 0);
      assert.equal((await kubectl(['rollout', 'status', `deploy/ro-${c}`, '--timeout=60s'])).code, 0);
      assert.equal((await kubectl(['set', 'image', `deploy/ro-${c}`, 'nginx=nginx:1.2'])).code, 0);
      assert.equal((await kubectl(['annotate', `deploy/ro-${c}`, 'kubernetes.io/change-cause=to 1.2'])).code, 0);
    }
    // Our status waits through the rollout itself; kubectl's prints the settled state.
    const st = await kubette(['rollout', 'status', 'deploy/ro-o', '--timeout=60s']);
    assert.equal(st.code, 0, st.stderr);
    assert.match(st.stdout, /deployment "ro-o" successfully rolled out\n$/);
    assert.equal((await kubectl(['rollout', 'status', 'deploy/ro-k', '--timeout=60s'])).code, 0);
    for (const words of [
      ['rollout', 'status', 'deploy/ro-X'],
      ['rollout', 'status', 'deploy', 'ro-X', '--watch=false'],
      ['rollout', 'status', 'deploy/ro-X', '--revision=7'],
      ['rollout', 'status', 'deploy/nope'],
      ['rollout', 'history', 'deploy/ro-X'],
      ['rollout', 'history', 'deploy/ro-X', '--revision=1'],
      ['rollout', 'history', 'deploy/ro-X', '--revision=9'],
      ['rollout', 'undo', 'deploy/ro-X', '--dry-run=client'],
      ['rollout', 'undo', 'deploy/ro-X', '--to-revision=9'],
      ['rollout', 'undo', 'deploy/ro-X'],
      ['rollout', 'undo', 'deploy/ro-X', '--to-revision=3'],
      ['rollout', 'pause', 'deploy/ro-X'],
      ['rollout', 'pause', 'deploy/ro-X'],
      ['rollout', 'restart', 'deploy/ro-X'],
      ['rollout', 'resume', 'deploy/ro-X'],
      ['rollout', 'resume', 'deploy/ro-X'],
      ['rollout', 'restart', 'deploy/ro-X'],
      ['rollout', 'history', 'deploy/ro-X'],
    ]) {
      await sameEach(words);
    }
    const dep = JSON.parse((await kubectl(['get', 'deploy', 'ro-o', '-o', 'json', '--show-managed-fields'])).stdout);
    assert.equal(dep.spec.template.spec.containers[0].image, 'nginx:1.1', 'undo restored the first image');
    assert.match(dep.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    assert.equal(dep.spec.paused, undefined);
    const fm = dep.metadata.managedFields.map((m: { manager: string }) => m.manager);
    assert.ok(fm.includes('kubectl-rollout'), JSON.stringify(fm));
  });
});
